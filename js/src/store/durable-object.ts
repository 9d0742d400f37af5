// DurableObjectStore: the store for Cloudflare Workers. Every isolate of every Worker bound to
// the same namespace reaches the same objects, so eventIds are deduplicated once, one token
// refresh serves all, and the platform's quotas are paced once, not once per isolate.
//
// Sharding: a rate decision over several keys must be atomic, and a request's keys overlap with
// every other request of the same app (its per-API quota), so all rate keys live in ONE object
// (`<name>:rate`): a Durable Object serves on the order of a thousand operations a second,
// far above the platform's quotas (20/s per send API). Key/values (eventIds, tokens, locks)
// need no cross-key atomicity, so they are spread over `kvShards` objects by a hash of the key.
import type { KeyValueStore, RateLimitStore, StoreRateDecision, PlannedKey, RateDecideOptions } from './types.js';
import { RobotwireError } from '../core/errors.js';
import { PROTOCOL_VERSION, STORE_URL, VERSION_HEADER } from './durable-object-protocol.js';
import type { StoreOp, StoreReply } from './durable-object-protocol.js';

/** The part of a Durable Object namespace binding this store uses (`env.ROBOTWIRE_STORE`). */
export interface DurableObjectNamespaceLike {
  /** The id of the object named `name` (the same name gives the same object, everywhere). */
  idFromName(name: string): unknown;
  /** A stub of the object `id`. */
  get(id: never): {
    /** A request to the object. */
    fetch(input: string, init?: RequestInit): Promise<Response>;
  };
}

/** Options of `DurableObjectStore`. */
export interface DurableObjectStoreOptions {
  /** The binding of `RobotwireStoreObject` (`env.ROBOTWIRE_STORE`). */
  namespace: DurableObjectNamespaceLike;
  /**
   * Names this store's objects (`<name>:rate`, `<name>:kv:<i>/<n>`). Default `robotwire`. Stores
   * that share state use the same name and `kvShards`.
   */
  name?: string;
  /**
   * How many objects hold key/values, by a hash of the key. Default 8. Changing it moves every
   * key to fresh objects: eventIds seen and tokens cached before are forgotten (a redelivered
   * event may be dispatched again once, tokens are fetched again).
   */
  kvShards?: number;
  /**
   * Budget of one store call, in ms. Default 1000. A call past it rejects with `RobotwireError`
   * `store_timeout`; a failed one with `store_unavailable`. Calls are never retried: a rate
   * decision that reached the object may have been recorded.
   */
  commandTimeoutMs?: number;
}

/** FNV-1a over UTF-16 code units: a stable shard for a key. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * `KeyValueStore` and `RateLimitStore` on Durable Objects (`RobotwireStoreObject`), with the
 * semantics of `MemoryStore`, shared by every isolate of every Worker bound to the namespace.
 *
 * ```ts
 * import { createJdmeWebhook, DurableObjectStore } from 'robotwire';
 * export { RobotwireStoreObject } from 'robotwire';
 * export default {
 *   fetch(req, env, ctx) {
 *     const store = new DurableObjectStore({ namespace: env.ROBOTWIRE_STORE });
 *     return createJdmeWebhook({ verificationToken: env.VT, store }).fetch(req, env, ctx);
 *   },
 * };
 * ```
 */
export class DurableObjectStore implements KeyValueStore, RateLimitStore {
  readonly #ns: DurableObjectNamespaceLike;
  readonly #name: string;
  readonly #shards: number;
  readonly #timeoutMs: number;
  readonly #ids = new Map<string, unknown>();

  constructor(options: DurableObjectStoreOptions) {
    const ns = options?.namespace;
    if (!ns || typeof ns.idFromName !== 'function' || typeof ns.get !== 'function') {
      throw new TypeError('DurableObjectStore needs { namespace }: the Durable Object binding of RobotwireStoreObject (env.ROBOTWIRE_STORE)');
    }
    this.#ns = ns;
    this.#name = options.name ?? 'robotwire';
    if (typeof this.#name !== 'string' || !this.#name) throw new TypeError('name must be a non-empty string');
    this.#shards = options.kvShards ?? 8;
    if (!Number.isInteger(this.#shards) || this.#shards < 1 || this.#shards > 1024) throw new RangeError('kvShards must be an integer from 1 to 1024');
    this.#timeoutMs = options.commandTimeoutMs ?? 1_000;
    if (!(this.#timeoutMs > 0) || !Number.isFinite(this.#timeoutMs)) throw new RangeError('commandTimeoutMs must be a positive number');
  }

  /** A fresh stub per call (I/O objects must not outlive a request); ids are cached. */
  #stub(object: string) {
    let id = this.#ids.get(object);
    if (id === undefined) this.#ids.set(object, (id = this.#ns.idFromName(object)));
    return this.#ns.get(id as never);
  }

  #kvObject(key: string): string {
    return `${this.#name}:kv:${fnv1a(key) % this.#shards}/${this.#shards}`;
  }

  /** One operation on one object, within the budget, errors typed. */
  async #call(object: string, op: StoreOp, args: unknown[]): Promise<unknown> {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctrl.abort();
        reject(new RobotwireError('store_timeout', `the store object did not answer ${op} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
    });
    const work = (async () => {
      const res = await this.#stub(object).fetch(STORE_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [VERSION_HEADER]: String(PROTOCOL_VERSION) },
        body: JSON.stringify({ op, args }),
        signal: ctrl.signal,
      });
      const reply = (await res.json()) as StoreReply;
      if ('e' in reply) throw new RobotwireError(reply.e.code, reply.e.message);
      return reply.r;
    })();
    work.catch(() => undefined);
    try {
      return await Promise.race([work, late]);
    } catch (e) {
      if (e instanceof RobotwireError) throw e;
      throw new RobotwireError('store_unavailable', `the store object failed ${op}: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  async get(key: string): Promise<string | null> {
    return (await this.#call(this.#kvObject(key), 'get', [key])) as string | null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.#call(this.#kvObject(key), 'set', [key, value, ttlMs]);
  }

  /** Atomic in the key's object: one caller of all isolates gets true. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.#call(this.#kvObject(key), 'setIfAbsent', [key, value, ttlMs])) as boolean;
  }

  async delete(key: string): Promise<void> {
    await this.#call(this.#kvObject(key), 'delete', [key]);
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.#call(this.#kvObject(key), 'deleteIfEquals', [key, value])) as boolean;
  }

  /** All-or-nothing decision over `keys` by the Rust engine inside the rate object. */
  async rateDecide(keys: readonly PlannedKey[], nowMs: number, options?: RateDecideOptions): Promise<StoreRateDecision> {
    if (keys.length === 0) return { allowed: true, retryAfterMs: 0, denied: [] };
    return (await this.#call(`${this.#name}:rate`, 'rateDecide', [keys, nowMs, options?.commit ?? true])) as StoreRateDecision;
  }

  async rateSettle(keys: readonly PlannedKey[], sentAtMs: number, doneAtMs: number): Promise<void> {
    if (keys.length === 0) return;
    await this.#call(`${this.#name}:rate`, 'rateSettle', [keys, sentAtMs, doneAtMs]);
  }

  /**
   * The JSON text of a limiter key's state, as MemoryStore shows it, or null.
   * @internal For tests.
   */
  async rateState(key: string): Promise<string | null> {
    return (await this.#call(`${this.#name}:rate`, 'rateState', [key])) as string | null;
  }
}
