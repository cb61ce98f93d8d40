/**
 * Proposal 3 (issue 5): render each object once per synth for the validation rules.
 *
 * cdk8s runs every validation hook twice per `app.synth()` (once in `App.synth`, again in
 * `Chart.toJson` -> `App._synthChart`), and both `validateTier` and `validateApplication` call
 * `renderObject(obj)` -> `obj.toJson()`, so a tier's Deployment is resolved five times (four for
 * the rules, once for the file). Within one synchronous `app.synth()` nothing can change an
 * object between those renders, so the rules can share one. The cache lives until the current
 * job ends (cleared on the next turn of the event loop), and the manifest written to the file
 * is still rendered by cdk8s itself, never taken from the cache.
 */
import type { ApiObject } from 'cdk8s';

let cache = new WeakMap<ApiObject, unknown>();
let clearScheduled = false;

/** `obj.toJson()`, rendered at most once per turn of the event loop. */
export function cachedToJson(obj: ApiObject): unknown {
  if (cache.has(obj)) return cache.get(obj);
  const json = obj.toJson(); // a throw is not cached: the next caller sees it again
  cache.set(obj, json);
  if (!clearScheduled) {
    clearScheduled = true;
    setImmediate(() => {
      cache = new WeakMap();
      clearScheduled = false;
    });
  }
  return json;
}
