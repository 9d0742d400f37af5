// A small typed event emitter (no `node:events`, so it bundles anywhere). Listener errors are
// caught and routed to `onListenerError` instead of breaking the emitting code.

type Args = unknown[];
type Listener<A extends Args> = (...args: A) => void;

export class TypedEmitter<Events extends { [K in keyof Events]: Args }> {
  #listeners = new Map<keyof Events, Set<Listener<Args>>>();

  /** Called with errors thrown by listeners; default rethrows on the next tick. */
  protected onListenerError(error: unknown, event: keyof Events): void {
    void event;
    queueMicrotask(() => {
      throw error;
    });
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<Args>);
    return this;
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    const wrapped = ((...args: Events[K]) => {
      this.off(event, wrapped);
      listener(...args);
    }) as Listener<Events[K]>;
    return this.on(event, wrapped);
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    this.#listeners.get(event)?.delete(listener as Listener<Args>);
    return this;
  }

  removeAllListeners(event?: keyof Events): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** True when at least one listener ran. */
  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) return false;
    for (const l of [...set]) {
      try {
        l(...args);
      } catch (e) {
        this.onListenerError(e, event);
      }
    }
    return true;
  }
}
