/**
 * The realistic example apps (apps/grpc-shop.ts, apps/queue-app.ts): written with typed options
 * and cdk8s-plus only, they synthesize, pass `cdk8s-tiers check` and the "restricted" profile,
 * and route as declared.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { checkManifests, restrictedProfileProblems } from '../lib';
import { collectValidationErrors } from '../lib';
import { selectsLabels } from '../lib/kubernetes/selector-match';
import { defineGrpcShop } from '../apps/grpc-shop';
import { defineQueueApp } from '../apps/queue-app';

const EXAMPLES = [
  { file: 'grpc-shop.ts', define: defineGrpcShop },
  { file: 'queue-app.ts', define: defineQueueApp },
];

describe.each(EXAMPLES)('example app $file', ({ file, define }) => {
  const app = Testing.app();
  const chart = define(app);
  const manifests = chart.toJson();

  test('is written without a JSON patch or a hand-made ApiObject', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'apps', file), 'utf8');
    expect(source).not.toMatch(/addJsonPatch|JsonPatch|new ApiObject|ApiObject\.of/);
  });

  test('synthesizes with no validation error, and check accepts it', () => {
    expect(collectValidationErrors(app)).toEqual([]);
    expect(checkManifests(manifests.map((doc) => ({ file: `${chart.node.id}.k8s.yaml`, doc })))).toEqual([]);
  });

  test('every container of every Pod passes "restricted"', () => {
    const pods = manifests.filter((m) => m.kind === 'Deployment');
    expect(pods.length).toBeGreaterThan(2);
    for (const d of pods) expect(restrictedProfileProblems('spec.template.spec', d.spec.template.spec)).toEqual([]);
  });

  test('every Service selects exactly the Pods of its own Deployment, and every targetPort lands on a container port', () => {
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    for (const svc of manifests.filter((m) => m.kind === 'Service')) {
      const selected = deployments.filter((d) => selectsLabels(svc.spec.selector, d.spec.template.metadata.labels));
      expect(selected.map((d) => d.metadata.name)).toEqual([svc.metadata.name]);
      const ports = selected[0].spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
      for (const p of svc.spec.ports ?? []) {
        expect(ports.some((c: any) => c.containerPort === p.targetPort || c.name === p.targetPort)).toBe(true);
      }
    }
  });
});
