// A lock key in a `KeyValueStore` that several processes share: taken with `setIfAbsent` (atomic
// in every store), owned by a random token, released only by its owner, and expiring by TTL when
// its holder dies. Used for token refreshes and for 有机云 tag operations (3.11).
import { sleep } from './retry.js';
import type { KeyValueStore } from '../store/types.js';
import { uuid } from './ids.js';

/** A held lock: `release()` deletes the key only while it still holds this lock's owner token. */
export interface StoreLock {
  readonly key: string;
  readonly owner: string;
  release(): Promise<void>;
}

/** Options of `acquireStoreLock`. */
export interface StoreLockOptions {
  /** How long the lock lives if its holder never releases it (a crashed process). */
  ttlMs: number;
  /** Give up (resolve null) after waiting this long for another holder. */
  waitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}


/** A random owner token (core/ids.ts: no `node:` import, so edge bundles can use it). */
export function newLockOwner(): string {
  return uuid();
}

/**
 * Deletes `key` if it still holds `owner`. Atomic where the store has `deleteIfEquals`
 * (`MemoryStore`, `RedisStore`); otherwise get-then-delete, which can only go wrong for a
 * holder that outlived its TTL (another process may have taken the key in between).
 */
export async function releaseOwned(store: KeyValueStore, key: string, owner: string): Promise<void> {
  if (store.deleteIfEquals) {
    await store.deleteIfEquals(key, owner);
    return;
  }
  if ((await store.get(key)) === owner) await store.delete(key);
}

/**
 * Takes `key`, polling with a growing pause (25 ms doubling to 400 ms) while another owner holds
 * it; null when `waitMs` passed without getting it.
 */
export async function acquireStoreLock(store: KeyValueStore, key: string, options: StoreLockOptions): Promise<StoreLock | null> {
  const now = options.now ?? Date.now;
  const pauseFor = options.sleep ?? sleep;
  const owner = newLockOwner();
  const deadline = now() + options.waitMs;
  let pause = 25;
  for (;;) {
    if (await store.setIfAbsent(key, owner, options.ttlMs)) {
      return { key, owner, release: () => releaseOwned(store, key, owner) };
    }
    const left = deadline - now();
    if (left <= 0) return null;
    await pauseFor(Math.min(pause, left));
    pause = Math.min(pause * 2, 400);
  }
}
