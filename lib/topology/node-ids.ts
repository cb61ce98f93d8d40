/**
 * Short positional node ids for a rendered graph (`n0`, `n1`, ...), so names need no escaping
 * and two names can never collide. A key has an id once its node is declared.
 */
export class NodeIds {
  private readonly map = new Map<string, string>();

  /** The id of `key`, given on first use. */
  public of(key: string): string {
    let id = this.map.get(key);
    if (!id) {
      id = `n${this.map.size}`;
      this.map.set(key, id);
    }
    return id;
  }

  /** True when `key` has an id already. */
  public has(key: string): boolean {
    return this.map.has(key);
  }

  /** The id of `key`, or undefined when it has none yet. */
  public peek(key: string): string | undefined {
    return this.map.get(key);
  }
}
