// Runs tasks one at a time per key, in call order (3.11 "打标签需要排队，单个机器人并发容易出错").
// A task's slot is held until its promise settles — resolve, reject or timeout — so the next
// operation for the same key is sent only after the previous one was answered. Across processes
// the same order holds through a lock key in a shared store (`runYjiyunSerial`).
import type { KeyValueStore } from '../store/types.js';
import type { Logger } from '../core/logger.js';
import { acquireStoreLock } from '../core/store-lock.js';
import { YjiyunTimeoutError } from './errors.js';

/**
 * Runs async tasks one at a time per key, in call order (`YjiyunRealtime` uses it for 3.11 tag
 * operations per robot and admin changes per group). Different keys run concurrently.
 */
export class KeyedSerialQueue {
  #tails = new Map<string, Promise<unknown>>();
  #active = new Map<string, number>();

  /** Tasks queued or running for `key`. */
  depth(key: string): number {
    return this.#active.get(key) ?? 0;
  }

  /**
   * Runs `task` after every earlier task of `key` has settled, and settles as `task` does. A
   * task that rejects does not stop the ones queued behind it.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
    const result = prev.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      const n = (this.#active.get(key) ?? 1) - 1;
      if (n === 0) {
        this.#active.delete(key);
        if (this.#tails.get(key) === tail) this.#tails.delete(key);
      } else {
        this.#active.set(key, n);
      }
    });
    return result;
  }
}

const SHARED = Symbol.for('robotwire.yjiyunSerialQueue');

/**
 * The process-wide queue for operations the platform must not see overlapping for one robot
 * (3.11 tags): keyed by the Rust-made `serialKey` (`robot.cust.tags:<robotKey>`), shared by
 * every `YjiyunRealtime` and `YjiyunClient.bridge` of the process, whichever bundle they come
 * from (kept on globalThis under a registered symbol).
 */
export function sharedYjiyunQueue(): KeyedSerialQueue {
  const g = globalThis as { [SHARED]?: KeyedSerialQueue };
  return (g[SHARED] ??= new KeyedSerialQueue());
}

/** Where tag operations are serialised across processes (a lock key per robot in a shared store). */
export interface YjiyunSerialLock {
  store: KeyValueStore;
  /** Lifetime of the lock if its holder dies: the operation's longest possible hold. */
  ttlMs: number;
  logger?: Logger;
}

/** How `runYjiyunSerial` holds its place. */
export interface YjiyunSerialOptions {
  /** Also hold a lock key in a shared store, so other processes wait too. */
  lock: YjiyunSerialLock | undefined;
  /** For the error when the shared queue's turn never comes. */
  ids: { endpoint: string; requestId?: string | null; messageId?: string | null };
  /**
   * After `run` timed out (`YjiyunTimeoutError`) the platform may still be working on it: the
   * place stays held until this settles (a late callback, a grace period).
   */
  holdAfterTimeout: () => Promise<void> | undefined;
}

/**
 * Runs `run` alone for `serialKey`: first in this process's queue, then, when a lock is given,
 * holding `robotwire:yjiyun:serial:<serialKey>` in the shared store so other processes wait too.
 * The caller learns the outcome when the operation is over: at once without a lock; with one,
 * once the lock is released (a process that closes its store right after its last tag operation
 * must not leave the lock to its TTL, stalling every other instance). A timeout is reported at
 * once either way: only the place stays held longer (`holdAfterTimeout`). A waiter gives up
 * after twice the lock's TTL with `YjiyunTimeoutError` (a live holder never holds longer than
 * the TTL, so this only happens behind a long line of other instances).
 */
export function runYjiyunSerial<T>(serialKey: string, run: () => Promise<T>, options: YjiyunSerialOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    /**
     * Runs the operation and holds the place for as long as it must. `early`: the caller learns
     * the outcome as soon as it is known; otherwise only a timeout is passed on at once, and the
     * outcome is returned for the caller to settle later.
     */
    const perform = async (early: boolean): Promise<{ outcome: Promise<T> }> => {
      const outcome = run();
      if (early) outcome.then(resolve, reject);
      else outcome.catch((e: unknown) => (e instanceof YjiyunTimeoutError ? reject(e) : undefined));
      await outcome.then(
        () => undefined,
        (e: unknown) => (e instanceof YjiyunTimeoutError ? options.holdAfterTimeout() : undefined),
      );
      return { outcome };
    };
    const lock = options.lock;
    const slot = !lock
      ? async () => void (await perform(true))
      : async () => {
          const waitMs = lock.ttlMs * 2;
          const held = await acquireStoreLock(lock.store, `robotwire:yjiyun:serial:${serialKey}`, { ttlMs: lock.ttlMs, waitMs });
          if (!held) throw new YjiyunTimeoutError({ ...options.ids, timeoutMs: waitMs, waitingFor: `turn in the shared queue ${serialKey}` });
          let done: { outcome: Promise<T> };
          try {
            done = await perform(false);
          } finally {
            // A failed release leaves the key to expire by its TTL: the next holder waits, nothing overlaps.
            await held.release().catch((e: unknown) => lock.logger?.warn?.('yjiyun serial lock not released', { serialKey, error: String(e) }));
          }
          done.outcome.then(resolve, reject);
        };
    sharedYjiyunQueue().run(serialKey, slot).catch(reject);
  });
}
