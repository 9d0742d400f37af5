// A small typed event emitter (no `node:events`, so it bundles anywhere). Listener errors are
// caught and routed to `onListenerError` instead of breaking the emitting code.

/**
 * The argument list of an event; shown as `unknown[]` in the API reference.
 *
 * @inline
 */
type Args = unknown[];
/** A listener of a typed event, called with that event's arguments (for `YjiyunRealtime`, see `YjiyunRealtimeEvents`). */
export type Listener<A extends Args> = (...args: A) => void;

export class TypedEmitter<Events extends { [K in keyof Events]: Args }> {
  #listeners = new Map<keyof Events, Set<Listener<Args>>>();

  /** Called with errors thrown by listeners; default rethrows on the next tick. */
  protected onListenerError(error: unknown, event: keyof Events): void {
    void event;
    queueMicrotask(() => {
      throw error;
    });
  }

  /**
   * Adds `listener` for `event`. An error thrown by a listener is caught and does not reach the
   * emitting code (`YjiyunRealtime` logs it and, unless it came from an `error` listener, emits it
   * as `error`).
   */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<Args>);
    return this;
  }

  /**
   * Like `on`, but removed before its first call. `off(event, listener)` cannot remove it (a
   * wrapper is registered); use `removeAllListeners(event)`.
   */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    const wrapped = ((...args: Events[K]) => {
      this.off(event, wrapped);
      listener(...args);
    }) as Listener<Events[K]>;
    return this.on(event, wrapped);
  }

  /** Removes `listener` (added with `on`) from `event`; does nothing if it is not registered. */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    this.#listeners.get(event)?.delete(listener as Listener<Args>);
    return this;
  }

  /** Removes every listener of `event`, or of every event when `event` is omitted. */
  removeAllListeners(event?: keyof Events): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  /** Number of listeners registered for `event`. */
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
