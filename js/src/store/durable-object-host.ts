// RobotwireStoreObject: the Durable Object behind DurableObjectStore. A plain class (no import
// of `cloudflare:workers`, so bundles stay portable and tests load it anywhere): workerd only
// needs `constructor(ctx, env)` and `fetch`.
//
// Atomicity: every operation is one synchronous block (SQLite calls and the wasm rate engine,
// no `await` inside), and an object runs one block at a time, so an operation is atomic
// against every other caller of the object, from any isolate or Worker.
//
// Key/values live in the object's SQLite (table `kv`, with expiry on the object's clock). Rate
// operations are ./durable-object-rates.ts, installed by the entries that carry the rate engine
// (`robotwire`): the webhook-only entry exports the same class, for eventId dedupe, without them.
import { RobotwireError } from '../core/errors.js';
import { PROTOCOL_VERSION, VERSION_HEADER } from './durable-object-protocol.js';
import type { StoreReply, StoreRequest } from './durable-object-protocol.js';

/** A Durable Object's SQLite API (`ctx.storage.sql`), the part used here. */
export interface SqlLike {
  /** Runs one statement with `?` bindings. */
  exec(
    query: string,
    ...bindings: unknown[]
  ): {
    /** The result rows. */
    toArray(): Record<string, unknown>[];
  };
}

/** The part of `DurableObjectState` this class uses (typed here: no workers-types dependency). */
export interface DurableObjectStateLike {
  storage: { sql?: SqlLike };
}

/** Rate operations on an object's SQLite (installed by ./durable-object-rates.ts). @internal */
export interface StoreObjectRates {
  run(op: string, args: unknown[]): unknown;
}

// On globalThis under a registered symbol, like MemoryStore's rate book: an object from
// `robotwire/webhook` still gets them when the Worker also imports `robotwire`.
const RATES = Symbol.for('robotwire.storeObjectRates');
const registry = globalThis as { [RATES]?: (sql: SqlLike) => StoreObjectRates };

/** @internal */
export function installStoreObjectRates(create: (sql: SqlLike) => StoreObjectRates): void {
  registry[RATES] ??= create;
}

/** Key/value expiry sweeps run at most this often (ms of the object's clock). */
const PRUNE_EVERY_MS = 1_000;

export const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new RobotwireError('invalid_argument', `${what} must be a string`);
  return v;
};

/**
 * The Durable Object class of `DurableObjectStore`. Export it from your Worker's entry and bind
 * it (SQLite-backed):
 *
 * ```ts
 * export { RobotwireStoreObject } from 'robotwire';
 * ```
 * ```toml
 * [[durable_objects.bindings]]
 * name = "ROBOTWIRE_STORE"
 * class_name = "RobotwireStoreObject"
 *
 * [[migrations]]
 * tag = "robotwire-store-v1"
 * new_sqlite_classes = ["RobotwireStoreObject"]
 * ```
 */
export class RobotwireStoreObject {
  readonly #sql: SqlLike;
  #rates: StoreObjectRates | undefined;
  #prunedAt = -Infinity;

  constructor(ctx: DurableObjectStateLike, _env?: unknown) {
    const sql = ctx?.storage?.sql;
    if (!sql) throw new TypeError('RobotwireStoreObject needs SQLite: list it under new_sqlite_classes in the migrations of wrangler.toml');
    this.#sql = sql;
    sql.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL, exp REAL)');
    sql.exec('CREATE INDEX IF NOT EXISTS kv_exp ON kv (exp)');
  }

  /** One store operation (DurableObjectStore's protocol: ./durable-object-protocol.ts). */
  async fetch(request: Request): Promise<Response> {
    let reply: StoreReply;
    try {
      const version = request.headers.get(VERSION_HEADER);
      if (version !== String(PROTOCOL_VERSION)) {
        throw new RobotwireError('store_protocol', `the store object speaks protocol ${PROTOCOL_VERSION}, the caller ${version ?? 'none'}: deploy one robotwire version on both sides`);
      }
      const { op, args } = (await request.json()) as StoreRequest;
      if (!Array.isArray(args)) throw new RobotwireError('invalid_argument', 'args must be an array');
      reply = { r: this.#run(op, args) };
    } catch (e) {
      reply = { e: { code: e instanceof RobotwireError ? e.code : 'store_unavailable', message: e instanceof Error ? e.message : String(e) } };
    }
    return new Response(JSON.stringify(reply), { headers: { 'content-type': 'application/json' } });
  }

  /** One operation, synchronous from start to end (see the top of the file). */
  #run(op: string, a: unknown[]): unknown {
    const now = Date.now();
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      this.#sql.exec('DELETE FROM kv WHERE exp <= ?', now);
    }
    switch (op) {
      case 'get':
        return this.#live(str(a[0], 'key'), now) ?? null;
      case 'set':
        this.#put(str(a[0], 'key'), str(a[1], 'value'), a[2], now);
        return null;
      case 'setIfAbsent': {
        const key = str(a[0], 'key');
        if (this.#live(key, now) !== undefined) return false;
        this.#put(key, str(a[1], 'value'), a[2], now);
        return true;
      }
      case 'delete':
        this.#sql.exec('DELETE FROM kv WHERE k = ?', str(a[0], 'key'));
        return null;
      case 'deleteIfEquals': {
        const key = str(a[0], 'key');
        if (this.#live(key, now) !== str(a[1], 'value')) return false;
        this.#sql.exec('DELETE FROM kv WHERE k = ?', key);
        return true;
      }
      case 'rateDecide':
      case 'rateSettle':
      case 'rateState': {
        const create = registry[RATES];
        if (!create) throw new RobotwireError('wasm_not_loaded', 'rate operations of RobotwireStoreObject need the JD ME outbound core: export it from robotwire, not robotwire/webhook');
        return (this.#rates ??= create(this.#sql)).run(op, a);
      }
      default:
        throw new RobotwireError('invalid_argument', `unknown store operation ${JSON.stringify(op)}`);
    }
  }

  /** The live value of `key` (an expired row is deleted on the way). */
  #live(key: string, now: number): string | undefined {
    const [row] = this.#sql.exec('SELECT v, exp FROM kv WHERE k = ?', key).toArray();
    if (!row) return undefined;
    if (row.exp !== null && (row.exp as number) <= now) {
      this.#sql.exec('DELETE FROM kv WHERE k = ?', key);
      return undefined;
    }
    return row.v as string;
  }

  #put(key: string, value: string, ttlMs: unknown, now: number): void {
    if (ttlMs != null && (typeof ttlMs !== 'number' || Number.isNaN(ttlMs))) throw new RobotwireError('invalid_argument', 'ttlMs must be a number of milliseconds');
    // No TTL (or Infinity, which JSON carries as null) keeps the key until deleted.
    const exp = typeof ttlMs === 'number' && Number.isFinite(ttlMs) ? now + ttlMs : null;
    this.#sql.exec('INSERT OR REPLACE INTO kv VALUES (?, ?, ?)', key, value, exp);
  }
}
