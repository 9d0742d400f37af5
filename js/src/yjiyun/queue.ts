// Runs tasks one at a time per key, in call order (3.11 "打标签需要排队，单个机器人并发容易出错").
// A task's slot is held until its promise settles — resolve, reject or timeout — so the next
// operation for the same key is sent only after the previous one was answered.

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
