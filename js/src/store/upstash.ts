// UpstashStore: RedisStore's twin for runtimes without TCP (Vercel Edge, Cloudflare Workers
// without Durable Objects, Deno Deploy, and Node too). Commands travel over the Upstash REST
// protocol through the user's `@upstash/redis` client (an optional peer dependency); keys, TTLs
// and the Lua scripts are ./redis-core.ts, so an edge function with this store and a Node
// service with RedisStore, pointed at one Redis, share one set of eventIds, tokens and quotas.
import { RedisCommandStore } from './redis-core.js';
import type { RedisClientLike, RedisKeyOptions } from './redis-core.js';

/**
 * What UpstashStore needs from an `@upstash/redis` `Redis` client: `exec` (one raw command, one
 * `POST /`: never auto-pipelined) and its options, which must include
 * `automaticDeserialization: false`.
 */
export interface UpstashClientLike {
  /** Sends one raw command (`['GET', key]`) and resolves to its reply. */
  exec(args: [command: string, ...args: (string | number | boolean)[]]): Promise<unknown>;
}

/** Options of `UpstashStore`. */
export interface UpstashStoreOptions extends RedisKeyOptions {
  /**
   * An `@upstash/redis` client created with `automaticDeserialization: false` (the constructor
   * checks), and best with `retry: false`:
   *
   * ```ts
   * import { Redis } from '@upstash/redis/cloudflare'; // Workers; '@upstash/redis' elsewhere
   * const client = new Redis({ url, token, automaticDeserialization: false, retry: false });
   * ```
   *
   * With deserialization on, the client JSON-parses every reply: a stored `"null"` would read as
   * absent and a cached token as an object. Its own retries resend a rate script whose first
   * request may already have run, recording one send twice (safe, never unsafe: the quota is
   * only used up sooner).
   */
  client: UpstashClientLike;
}

/**
 * `KeyValueStore` and `RateLimitStore` on Redis through the Upstash REST API, with the semantics
 * of `MemoryStore` and `RedisStore` (the same keys and scripts: the stores interoperate).
 *
 * ```ts
 * import { Redis } from '@upstash/redis';
 * const store = new UpstashStore({ client: new Redis({ url, token, automaticDeserialization: false, retry: false }) });
 * ```
 */
export class UpstashStore extends RedisCommandStore {
  readonly #connection: RedisClientLike;

  constructor(options: UpstashStoreOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('UpstashStore needs { client }: an @upstash/redis Redis instance');
    super(options, 'Upstash');
    const client = options.client;
    if (client === null || typeof client !== 'object' || typeof (client as UpstashClientLike).exec !== 'function') {
      throw new TypeError('UpstashStore: client must be an @upstash/redis Redis instance (it needs .exec)');
    }
    // The option lives on the client's (TypeScript-protected) `opts`; undefined means the default, on.
    const opts = (client as { opts?: { automaticDeserialization?: unknown } }).opts;
    if (opts?.automaticDeserialization !== false) {
      throw new TypeError('UpstashStore: create the client with { automaticDeserialization: false }: with it on, stored values come back JSON-parsed ("null" reads as absent, a token as an object)');
    }
    this.#connection = { call: (command, ...args) => client.exec([command, ...args]) };
  }

  protected async connection(): Promise<RedisClientLike> {
    return this.#connection;
  }

  /**
   * @upstash/redis ends its error messages with `, command was: <the whole command>`: every
   * argument, values (tokens, lock owners) and the script included. Cut it.
   */
  protected override scrub(message: string): string {
    const i = message.indexOf(', command was:');
    return i < 0 ? message : message.slice(0, i);
  }
}
