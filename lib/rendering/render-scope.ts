import type { ApiObject } from 'cdk8s';

let active: RenderScope | undefined;

/**
 * One synth request (`app.synth()`, `chart.toJson()`, `synthManifests`): while it runs, each of
 * our objects is rendered to its manifest once. cdk8s validates the whole tree before it writes
 * (twice in `app.synth()`), and our validation reads the rendered manifests, so without the scope
 * a Deployment is rendered three times per synth.
 *
 * The scope is synchronous and lasts exactly as long as the request: nothing the user writes can
 * run between the render and its reuse except code cdk8s itself calls during synth (validation
 * hooks, `Lazy` producers), which cdk8s already treats as not changing the tree.
 */
export class RenderScope {
  /** The scope of the synth request running now, if any. */
  public static current(): RenderScope | undefined {
    return active;
  }

  /** Runs `work` inside a scope: the current one if a request is already running, else a new one. */
  public static run<T>(work: () => T): T {
    if (active) return work();
    active = new RenderScope();
    try {
      return work();
    } finally {
      active = undefined;
    }
  }

  private readonly manifests = new Map<ApiObject, unknown>();

  private constructor() {}

  /** The object's manifest: rendered by `render` the first time in this scope, then remembered. */
  public manifestOf(obj: ApiObject, render: () => unknown): any {
    if (this.manifests.has(obj)) return this.manifests.get(obj);
    const manifest = render(); // a render that throws is not remembered: it throws again next time
    this.manifests.set(obj, manifest);
    return manifest;
  }
}
