/**
 * Options in cdk8s-plus's idiom (issue 22 item 4): a cdk8s `Size` and a cdk8s-plus `Cpu` where
 * cdk8s-plus takes them, its enums where it has one, and the same manifest fields as the
 * quantity strings and Kubernetes words they replace. (The Job and CronJob Durations are in
 * test/job-tier.test.ts, the grace period in test/options-refused.test.ts.)
 */
import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, MySqlDatabase, StatefulTier, Tier, TierProps } from '../lib';
import { synthManifests } from '../lib/testing';
import { sizeQuantity } from '../lib/tier/pod/quantities';
import { containerOf, findManifest } from './manifests';

const GOOD: TierProps = { image: 'postgres:16.3', port: 5432 };
const shop = () => new Application(new App(), 'shop');

/** The manifests of one tier `db` with these options. */
function render(props: Partial<TierProps>): any[] {
  const application = shop();
  new Tier(application, 'db', { ...GOOD, ...props });
  return synthManifests(application);
}

describe('a Size is written in the largest binary unit that holds it whole', () => {
  test.each([
    ['Size.gibibytes(10)', '10Gi', Size.gibibytes(10)],
    ['Size.mebibytes(64)', '64Mi', Size.mebibytes(64)],
    ['Size.mebibytes(1536)', '1536Mi', Size.mebibytes(1536)],
    ['Size.mebibytes(1024)', '1Gi', Size.mebibytes(1024)],
    ['Size.gibibytes(1.5)', '1536Mi', Size.gibibytes(1.5)],
    ['Size.kibibytes(3)', '3Ki', Size.kibibytes(3)],
    ['Size.tebibytes(2)', '2Ti', Size.tebibytes(2)],
    ['Size.pebibyte(1)', '1Pi', Size.pebibyte(1)],
    ['Size.kibibytes(0.5)', '512', Size.kibibytes(0.5)],
    ['Size.gibibytes(0)', '0', Size.gibibytes(0)],
  ])('%s gives %j', (_, quantity, size) => {
    expect(sizeQuantity(size)).toBe(quantity);
  });

  test('a fraction of a byte has no quantity', () => {
    expect(sizeQuantity(Size.kibibytes(0.0001))).toBeUndefined();
  });
});

describe('storage', () => {
  test('size: a Size writes the claim\'s storage request as the quantity string did', () => {
    const claim = (size: Size | string) => findManifest(render({ storage: { mountPath: '/var/lib/postgresql/data', size } }), 'PersistentVolumeClaim', 'db-data').spec;
    expect(claim(Size.gibibytes(10))).toEqual(claim('10Gi'));
    expect(claim(Size.gibibytes(10)).resources.requests.storage).toBe('10Gi');
    // cdk8s-plus's own PersistentVolumeClaim would write 100Mi as 0.09765625Gi (and cdk8s refuses to)
    expect(claim(Size.mebibytes(100)).resources.requests.storage).toBe('100Mi');
    // a quantity string is written as given: Size has no decimal units
    expect(claim('500G').resources.requests.storage).toBe('500G');
  });

  test('accessMode: cdk8s-plus\'s enum writes the same access mode; from JavaScript its string value is the same value', () => {
    const modes = (accessMode: kplus.PersistentVolumeAccessMode) =>
      findManifest(render({ storage: { mountPath: '/data', accessMode } }), 'PersistentVolumeClaim', 'db-data').spec.accessModes;
    expect(modes(kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD)).toEqual(['ReadWriteOncePod']);
    expect(modes('ReadWriteOncePod' as kplus.PersistentVolumeAccessMode)).toEqual(['ReadWriteOncePod']);
    expect(findManifest(render({ storage: { mountPath: '/data' } }), 'PersistentVolumeClaim', 'db-data').spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  test.each([
    ['several writers', { accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_MANY },
      /storage\.accessMode = "ReadWriteMany": a single-writer tier's access mode is PersistentVolumeAccessMode\.READ_WRITE_ONCE or READ_WRITE_ONCE_POD\. Fix: use accessMode: kplus\.PersistentVolumeAccessMode\.READ_WRITE_ONCE/],
    ['read only', { accessMode: kplus.PersistentVolumeAccessMode.READ_ONLY_MANY }, /storage\.accessMode = "ReadOnlyMany"/],
    ['an empty Size', { size: Size.gibibytes(0) }, /storage\.size = "0": a PersistentVolumeClaim requests a whole number of bytes, more than 0\. Fix: use a size such as Size\.gibibytes\(10\)/],
    ['a fraction of a byte', { size: Size.kibibytes(0.0001) }, /storage\.size = "0\.0001Ki": a PersistentVolumeClaim requests a whole number of bytes/],
    ['a quantity that is not one', { size: '10 GB' }, /storage\.size = "10 GB": a quantity is .*Fix: use a size such as Size\.gibibytes\(10\), or a quantity such as "10Gi"/],
  ])('refuses %s at once, naming the option, value and fix', (_, bad, message) => {
    expect(() => render({ storage: { mountPath: '/data', ...bad } })).toThrow(/^Unable to create tier shop\/db: /);
    expect(() => render({ storage: { mountPath: '/data', ...bad } })).toThrow(message);
  });

  test('a stateful tier\'s claims take the Size and the enum too, with the claim\'s own field name', () => {
    const application = shop();
    new StatefulTier(application, 'redis', {
      image: 'redis:7.2.5', port: 6379,
      volumeClaims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(5), accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD }],
    });
    expect(findManifest(synthManifests(application), 'StatefulSet', 'redis').spec.volumeClaimTemplates[0].spec)
      .toEqual({ accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '5Gi' } } });
    expect(() => new StatefulTier(shop(), 'redis', { image: 'redis:7.2.5', port: 6379, volumeClaims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(0) }] }))
      .toThrow(/volumeClaims\[0\]\.size = "0"/);
  });

  test('the MySQL preset takes a Size for its data volume', () => {
    const application = shop();
    new MySqlDatabase(application, 'db', { storageSize: Size.gibibytes(20) });
    expect(findManifest(synthManifests(application), 'PersistentVolumeClaim', 'db-data').spec.resources.requests.storage).toBe('20Gi');
  });
});

describe('resources', () => {
  test('a Cpu and a Size write the same requests and limits as the quantity strings', () => {
    const typed = containerOf(render({
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(2) },
        memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
        ephemeralStorage: { request: Size.mebibytes(64), limit: Size.mebibytes(512) },
      },
    }), 'db').resources;
    const strings = containerOf(render({
      resources: { cpu: { request: '100m', limit: '2' }, memory: { request: '256Mi', limit: '1Gi' }, ephemeralStorage: { request: '64Mi', limit: '512Mi' } },
    }), 'db').resources;
    expect(typed).toEqual(strings);
    expect(typed).toEqual({
      requests: { 'cpu': '100m', 'ephemeral-storage': '64Mi', 'memory': '256Mi' },
      limits: { 'cpu': '2', 'ephemeral-storage': '512Mi', 'memory': '1Gi' },
    });
  });

  test('they mix with quantity strings and the defaults, and limit: undefined still leaves the limit unset', () => {
    const resources = containerOf(render({ resources: { cpu: { request: kplus.Cpu.units(0.25), limit: undefined }, memory: { limit: '1G' } } }), 'db').resources;
    expect(resources.requests).toEqual({ 'cpu': '0.25', 'ephemeral-storage': '64Mi', 'memory': '64Mi' });
    expect(resources.limits).toEqual({ 'ephemeral-storage': '256Mi', 'memory': '1G' });
  });

  test('a request above its limit is reported at synth with the values as written, Sizes included', () => {
    const application = shop();
    new Tier(application, 'db', { ...GOOD, resources: { memory: { request: Size.gibibytes(2) } } });
    const errors = collectValidationErrors(application).join('\n');
    expect(errors).toMatch(/requests\["memory"\] = "2Gi": the memory request is above its limit \("128Mi"\).*Fix: raise the limit, which is the default "128Mi": resources: \{ memory: \{ request: "2Gi", limit: "2Gi" or more \} \}/);
  });
});

describe('StatefulTier podManagementPolicy', () => {
  test('cdk8s-plus\'s enum writes the same policy; from JavaScript the string value is the same value', () => {
    const policy = (podManagementPolicy?: kplus.PodManagementPolicy) => {
      const application = shop();
      new StatefulTier(application, 'redis', { image: 'redis:7.2.5', port: 6379, podManagementPolicy });
      return findManifest(synthManifests(application), 'StatefulSet', 'redis').spec.podManagementPolicy;
    };
    expect(policy(kplus.PodManagementPolicy.PARALLEL)).toBe('Parallel');
    expect(policy('Parallel' as kplus.PodManagementPolicy)).toBe('Parallel');
    expect(policy()).toBe('OrderedReady');
    expect(() => policy('Random' as kplus.PodManagementPolicy))
      .toThrow(/podManagementPolicy = "Random": podManagementPolicy is one of kplus\.PodManagementPolicy: ORDERED_READY or PARALLEL\. Fix: use kplus\.PodManagementPolicy\.ORDERED_READY/);
  });
});

describe('terminationGracePeriod', () => {
  test('a Duration writes terminationGracePeriodSeconds', () => {
    expect(findManifest(render({ terminationGracePeriod: Duration.minutes(2) }), 'Deployment', 'db').spec.template.spec.terminationGracePeriodSeconds).toBe(120);
    expect(findManifest(render({ terminationGracePeriod: Duration.seconds(0) }), 'Deployment', 'db').spec.template.spec.terminationGracePeriodSeconds).toBe(0);
  });
});
