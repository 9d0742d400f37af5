// The rate operations of RobotwireStoreObject: rate states live in the Rust engine in memory (a
// `MemoryStore`, the same engine as everywhere) and would be lost when the object is evicted or
// redeployed; so every committed decision and settle is appended to a journal (SQLite) in the
// same synchronous block, and an object that wakes up replays it, in order, before its first
// rate operation. The engine is deterministic, so the replay rebuilds exactly the states that
// decided before. A row leaves the journal once nothing it recorded can count any more (its
// time plus the longest window it touched, plus a clock-skew margin); a settle of a pruned
// decision re-records at its own time, as the engine does for a record that already expired.
//
// Installed by the entries that carry the rate engine (`robotwire`), the way MemoryStore's
// RateBook is: the webhook-only entry's object serves key/values only.
import { MemoryStore } from './memory.js';
import type { PlannedKey } from './types.js';
import { installStoreObjectRates, str } from './durable-object-host.js';
import type { SqlLike } from './durable-object-host.js';

/** Journal pruning runs at most once per this many ms of the engine's clock. */
const PRUNE_EVERY_MS = 1_000;

/** Callers' clocks may lag the latest time the engine saw by this much (a row stays that much longer). */
const SKEW_MS = 60_000;

/** How long a journal row can still matter after its time: the longest window it touched. */
function reach(keys: readonly PlannedKey[]): number {
  let ms = 0;
  for (const k of keys) ms = Math.max(ms, 2 * k.windowMs + k.offsetMs + 1);
  return ms + SKEW_MS;
}

class JournaledRates {
  readonly #sql: SqlLike;
  #book: MemoryStore | undefined;
  /** The latest time callers gave (the engine's clock): journal rows expire on it. Kept in `clock`. */
  #latest = -Infinity;
  #prunedAt = -Infinity;

  constructor(sql: SqlLike) {
    this.#sql = sql;
    sql.exec('CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL, keys TEXT NOT NULL, a REAL NOT NULL, b REAL NOT NULL, exp REAL NOT NULL)');
    sql.exec('CREATE INDEX IF NOT EXISTS journal_exp ON journal (exp)');
    // The engine's clock (the latest time any caller gave, asks and refusals included): restored
    // after a replay, so the rebuilt engine also agrees on which states have expired.
    sql.exec('CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 1), latest REAL NOT NULL)');
  }

  run(op: string, a: unknown[]): unknown {
    switch (op) {
      case 'rateDecide': {
        const keys = a[0] as PlannedKey[];
        const at = a[1] as number;
        const commit = a[2] !== false;
        const decision = this.#rates().rateDecideNow(keys, at, commit);
        if (decision.allowed && commit && keys.length) this.#journal('d', keys, at, 0);
        this.#advance(at);
        return decision;
      }
      case 'rateSettle': {
        const keys = a[0] as PlannedKey[];
        const [sent, done] = [a[1] as number, a[2] as number];
        this.#rates().rateSettleNow(keys, sent, done);
        if (keys.length) this.#journal('s', keys, sent, done);
        this.#advance(done);
        return null;
      }
      default:
        return this.#rates().rateState(str(a[0], 'key')) ?? null;
    }
  }

  /**
   * Journals what the engine just recorded. If that fails, the engine is dropped (rebuilt from
   * the journal next time, without this record) and the caller gets the error: a send is never
   * recorded in memory only.
   */
  #journal(op: 'd' | 's', keys: readonly PlannedKey[], a: number, b: number): void {
    try {
      this.#sql.exec('INSERT INTO journal (op, keys, a, b, exp) VALUES (?, ?, ?, ?, ?)', op, JSON.stringify(keys), a, b, Math.max(a, b) + reach(keys));
    } catch (e) {
      this.#book = undefined;
      throw e;
    }
  }

  /** The engine, rebuilt from the journal the first time this object instance needs it. */
  #rates(): MemoryStore {
    if (this.#book) return this.#book;
    const book = new MemoryStore();
    for (const row of this.#sql.exec('SELECT op, keys, a, b FROM journal ORDER BY seq').toArray()) {
      const keys = JSON.parse(row.keys as string) as PlannedKey[];
      if (row.op === 'd') book.rateDecideNow(keys, row.a as number, true);
      else book.rateSettleNow(keys, row.a as number, row.b as number);
    }
    const [clock] = this.#sql.exec('SELECT latest FROM clock WHERE id = 1').toArray();
    if (clock) {
      this.#latest = clock.latest as number;
      book.rateDecideNow([], this.#latest, false); // moves the engine's clock, records nothing
    }
    return (this.#book = book);
  }

  /**
   * Moves the engine's clock (callers' times, which may be a test's) and drops the journal rows
   * that can no longer count on it (at most once a second of that clock).
   */
  #advance(at: number): void {
    if (!(at > this.#latest)) return;
    this.#latest = at;
    this.#sql.exec('INSERT OR REPLACE INTO clock VALUES (1, ?)', at);
    if (at - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = at;
    this.#sql.exec('DELETE FROM journal WHERE exp <= ?', at);
  }
}

installStoreObjectRates((sql) => new JournaledRates(sql));
