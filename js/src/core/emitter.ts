// The one event emitter of the package (no `node:events`, so it bundles anywhere): listener
// lists by event, and two ways to call them. `emitEach` calls them synchronously (the 有机云
// realtime client: `TypedEmitter`); `emitInTurn` awaits each before the next (the JD ME
// webhook, whose 'after-listeners' ack waits for them). Either way a listener's error goes to
// the caller's `onError` and the next listener still runs. Plain functions besides the class,
// so the webhook bundle takes only what it calls.

/**
 * The argument list of an event; shown as `unknown[]` in the API reference.
 *
 * @inline
 */
type Args = unknown[];
/** A listener of a typed event, called with that event's arguments (for `YjiyunRealtime`, see `YjiyunRealtimeEvents`). */
export type Listener<A extends Args> = (...args: A) => void;

/**
 * Listener lists by event, in registration order. A list is never changed in place (adding or
 * removing a listener stores a new one), so an emit that is running keeps calling the listeners
 * registered when it started.
 */
export type ListenerLists<K> = Map<K, ((...args: never[]) => unknown)[]>;

/** Appends `listener` to `event`'s list (the same listener may be added twice). */
export function addListener<K>(lists: ListenerLists<K>, event: K, listener: (...args: never[]) => unknown): void {
  lists.set(event, [...(lists.get(event) ?? []), listener]);
}

/**
 * Calls the listeners of `event` (those registered when it starts) with `args`. What one
 * throws goes to `onError`. True when at least one listener ran.
 */
export function emitEach<K, A extends Args>(lists: ListenerLists<K>, event: K, args: A, onError: (error: unknown) => void): boolean {
  const list = lists.get(event);
  if (!list || list.length === 0) return false;
  for (const l of list as ((...a: A) => unknown)[]) {
    try {
      l(...args);
    } catch (e) {
      onError(e);
    }
  }
  return true;
}

/**
 * Calls the listeners of each of `events` in order (those registered when it starts) with
 * `args`, awaiting each one's result before the next. What one throws or rejects with goes
 * to `onError`. Resolves true if any failed.
 */
export async function emitInTurn<K, A extends Args>(lists: ListenerLists<K>, events: K[], args: A, onError: (error: unknown) => void): Promise<boolean> {
  let failed = false;
  for (const l of events.flatMap((e) => lists.get(e) ?? []) as ((...a: A) => unknown)[]) {
    try {
      await l(...args);
    } catch (e) {
      failed = true;
      onError(e);
    }
  }
  return failed;
}

export class TypedEmitter<Events extends { [K in keyof Events]: Args }> {
  #listeners: ListenerLists<keyof Events> = new Map();

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
    // Adding a listener already registered does nothing (removed with one `off`).
    if (!this.#listeners.get(event)?.includes(listener)) addListener(this.#listeners, event, listener);
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
    const list = this.#listeners.get(event);
    if (list?.includes(listener)) this.#listeners.set(event, list.filter((l) => l !== listener));
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
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** True when at least one listener ran. */
  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    return emitEach(this.#listeners, event, args, (e) => this.onListenerError(e, event));
  }
}
