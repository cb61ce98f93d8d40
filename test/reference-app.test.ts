import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { defineReferenceApp, synthAll } from '../apps/main';
import { synthManifests } from '../lib/testing';

const DIST = path.join(__dirname, '..', 'dist');

const synthDirs: string[] = [];
afterAll(() => synthDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Exactly what `npm run synth` writes to dist/: the reference app, its environments, pictures, kustomizations. */
async function synthToDir(): Promise<string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-ref-'));
  synthDirs.push(outdir);
  await synthAll(outdir, { printSummary: false });
  return outdir;
}

/** The whole synth is the slow part of this file: its first run serves both the determinism and the dist/ test. */
let firstSynth: Promise<string> | undefined;
const synthOnce = () => (firstSynth ??= synthToDir());

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('reference app', () => {
  const manifests = synthManifests(defineReferenceApp(new App()));
  const services = manifests.filter((m) => m.kind === 'Service');
  const deployments = manifests.filter((m) => m.kind === 'Deployment');

  test('has the four tiers of the lesson, each a Deployment behind a Service', () => {
    expect(services.map((s) => s.metadata.name).sort()).toEqual(['back-end', 'cache', 'database', 'front-end']);
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['back-end', 'cache', 'database', 'front-end']);
  });

  test('the back-end Service is what the lesson\'s clients see', () => {
    const backEnd = services.find((s) => s.metadata.name === 'back-end');
    const dep = deployments.find((d) => d.metadata.name === 'back-end');
    expect(backEnd.spec.type).toBe('ClusterIP');
    expect(backEnd.spec.selector).toEqual({ app: 'myapp', tier: 'back-end' });
    expect(backEnd.spec.ports).toHaveLength(1);
    expect(backEnd.spec.ports[0]).toMatchObject({ port: 80, protocol: 'TCP' });
    expect(dep.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort)).toContain(backEnd.spec.ports[0].targetPort);
  });

  test.each(['front-end', 'back-end', 'cache', 'database'])('%s: Service selects exactly its own Pods', (name) => {
    const svc = services.find((s) => s.metadata.name === name);
    for (const dep of deployments) {
      const labels = dep.spec.template.metadata.labels;
      const selected = Object.entries<string>(svc.spec.selector).every(([k, v]) => labels[k] === v);
      expect(selected).toBe(dep.metadata.name === name);
    }
    const own = deployments.find((d) => d.metadata.name === name);
    expect(own.spec.selector.matchLabels).toEqual(svc.spec.selector);
  });

  test('images have pinned tags and every Pod runs as non-root', () => {
    for (const dep of deployments) {
      const pod = dep.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
      for (const c of pod.containers) {
        expect(c.image).toMatch(/:[^:/]+$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      }
    }
  });

  test('manifests match the snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('synth is deterministic: two runs give byte-identical files', async () => {
    const a = await synthOnce();
    const b = await synthToDir();
    const files = listFiles(a);
    expect(files).toEqual(listFiles(b));
    for (const f of files) expect(fs.readFileSync(path.join(a, f))).toEqual(fs.readFileSync(path.join(b, f)));
  });

  test('the committed dist/ is what synth produces now (run `npm run synth` when this fails)', async () => {
    const fresh = await synthOnce();
    expect(listFiles(DIST)).toEqual(listFiles(fresh));
    for (const f of listFiles(fresh)) {
      expect(`${f}:\n${fs.readFileSync(path.join(DIST, f), 'utf8')}`).toEqual(`${f}:\n${fs.readFileSync(path.join(fresh, f), 'utf8')}`);
    }
  });
});
