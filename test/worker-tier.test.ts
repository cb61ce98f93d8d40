/**
 * WorkerTier: a Deployment with no Service, a caller that nobody calls.
 */
import { App } from 'cdk8s';
import { Application, describeTopology, Tier, TierProbe, WorkerTier } from '../lib';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { allowedFlows, DNS_POD, flowKey, podsOf } from './network-policy-evaluator';

function queueApp() {
  const app = new App();
  const orders = new Application(app, 'orders');
  const queue = new Tier(orders, 'queue', { image: 'redis:7.2.5-alpine', port: 6379, urlScheme: 'redis' });
  const worker = new WorkerTier(orders, 'worker', { image: 'ghcr.io/acme/worker:2.3.0', replicas: 2, probe: TierProbe.fromCommand(['/app/worker', 'healthcheck']) });
  const connection = worker.connectTo(queue);
  return { app, orders, queue, worker, connection };
}

describe('WorkerTier', () => {
  test('writes a Deployment from the label source and no Service', () => {
    const { orders, worker } = queueApp();
    const manifests = synthManifests(orders);
    const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'worker');
    expect(deployment.spec.selector.matchLabels).toEqual(worker.selectorLabels);
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(worker.selectorLabels));
    expect(deployment.spec.replicas).toBe(2);
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name)).toEqual(['queue']);
    expect(worker.service).toBeUndefined();
    // two replicas: a budget and spreading, as for any replicated tier
    expect(manifests.find((m) => m.kind === 'PodDisruptionBudget' && m.metadata.name === 'worker').spec.selector.matchLabels).toEqual(worker.selectorLabels);
    expect(deployment.spec.template.spec.containers[0].readinessProbe.exec.command).toEqual(['/app/worker', 'healthcheck']);
  });

  test('calls others: env variables, and exactly its edge is allowed (plus DNS)', () => {
    const { orders, worker } = queueApp();
    expect(worker.env.QUEUE_URL.value).toBe('redis://queue:6379');
    const manifests = synthManifests(orders);
    const flows = allowedFlows([...podsOf(manifests), DNS_POD], manifests)
      .filter((f) => ['queue', 'worker'].includes(f.from) || ['queue', 'worker'].includes(f.to)).map(flowKey).sort();
    expect(flows).toEqual([
      'queue -> kube-dns:53/TCP', 'queue -> kube-dns:53/UDP',
      'worker -> kube-dns:53/TCP', 'worker -> kube-dns:53/UDP',
      'worker -> queue:6379/TCP',
    ]);
  });

  test('connectTo(worker) is a clear error', () => {
    const { orders, worker } = queueApp();
    const api = new Tier(orders, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 8080 });
    expect(() => api.connectTo(worker)).toThrow(/Unable to connect orders\/api to orders\/worker: it is a tier without a Service \(a WorkerTier\), so nothing can call it\. Fix:/);
  });

  test('has its place in the topology picture and the routing summary', () => {
    const { orders } = queueApp();
    const model = describeTopology(orders);
    expect(model.workloads.map((w) => w.name)).toEqual(['queue', 'worker']);
    expect(model.connections).toEqual([expect.objectContaining({ from: 'worker', fromOutside: false, to: 'queue', port: 6379 })]);
    expect(formatRoutingSummary(routingSummary(orders))).toContain('connection worker -> queue:6379/TCP');
  });

  test('without props, from JavaScript, says what is missing', () => {
    const orders = new Application(new App(), 'orders');
    expect(() => new (WorkerTier as any)(orders, 'w')).toThrow(/Unable to create worker tier orders\/w: it has no props\. Fix: new WorkerTier\(scope, 'w', \{ image/);
  });
});
