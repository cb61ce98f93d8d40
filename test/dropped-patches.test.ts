import { ApiObject, App, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, Tier, TierProps } from '../lib';
import { synthManifests } from '../lib/testing';

/** A JSON patch whose value cdk8s-plus's typed serialization drops is an error naming the patch. */
const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };

function errorsAfter(patch: (tier: Tier) => void): string[] {
  const app = new App();
  patch(new Tier(new Application(app, 'myapp'), 'web', GOOD));
  return collectValidationErrors(app);
}

describe('JSON patches the written manifest would not carry', () => {
  test.each([
    ['hostPID, an API name the typed serialization reads as hostPid', (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', true)), '/spec/template/spec/hostPID', /drops this value.*TypeScript name the serialization reads \(hostPid\)/],
    ['a misspelt field, /spec/replica', (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/replica', 3)), '/spec/replica', /drops this value/],
    ['a Service targetPort replaced by a plain number', (t: Tier) => t.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 9090)), '/spec/ports/0/targetPort', /drops this value/],
    ['an ephemeral volume whose storage is a plain string', (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-',
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } })), '/spec/template/spec/volumes/-', /writes .* instead.*storage/],
  ] as const)('%s', (_, patch, path, rule) => {
    const errors = errorsAfter(patch);
    const matching = errors.filter((e) => e.startsWith(`[myapp/web] JsonPatch.`) && e.includes(JSON.stringify(path)) && rule.test(e));
    if (matching.length !== 1) throw new Error(`expected one error naming the patch ${path}; got:\n${errors.join('\n')}`);
    expect(matching[0]).toMatch(/\. Fix: .+$/);
  });

  test('patches the manifest carries pass: API names equal to the TypeScript ones, typed values, later patches winning', () => {
    const errors = errorsAfter((t) => {
      ApiObject.of(t.deployment).addJsonPatch(
        JsonPatch.add('/spec/template/metadata/annotations', { 'example.com/team': 'web' }),
        JsonPatch.add('/spec/template/spec/hostPid', false),
        JsonPatch.replace('/spec/replicas', 5),
        JsonPatch.replace('/spec/replicas', 2),
      );
      t.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', kplus.k8s.IntOrString.fromNumber(8080)));
    });
    expect(errors).toEqual([]);
  });

  test('the value is what the manifest says', () => {
    const app = new App();
    const tier = new Tier(new Application(app, 'myapp'), 'web', GOOD);
    ApiObject.of(tier.deployment).addJsonPatch(JsonPatch.replace('/spec/replicas', 2));
    expect(synthManifests(app).find((m) => m.kind === 'Deployment').spec.replicas).toBe(2);
  });
});
