// Waiting lines by key, in-process: one holder per key at a time, the rest in arrival order,
// each able to leave (cancel, time limit). JdmeClient's pacing queues requests that a rate key
// refused, so only the head of each line polls the store: without it every waiter woke when a
// slot opened and asked the store at once (50 decisions per slot with two processes of 25
// senders on Redis), and the herd delayed the one send that could go.

interface Waiter {
  grant(release: () => void): void;
}

export class Lanes {
  // A key is present while held; its array holds the waiters behind the holder.
  readonly #lines = new Map<string, Waiter[]>();

  /** Waiters (holder included) on `key`. */
  size(key: string): number {
    const line = this.#lines.get(key);
    return line === undefined ? 0 : line.length + 1;
  }

  #release(key: string): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#lines.get(key)?.shift();
      if (next) next.grant(this.#release(key));
      else this.#lines.delete(key);
    };
  }

  /**
   * Resolves with a `release` once `key` is this caller's. Rejects with the signal's reason on
   * abort, and with `timeout` after `timeoutMs` of waiting (the caller leaves the line either way).
   */
  acquire(key: string, options: { signal?: AbortSignal | undefined; timeoutMs: number; timeout: () => Error }): Promise<() => void> {
    const line = this.#lines.get(key);
    if (line === undefined) {
      this.#lines.set(key, []);
      return Promise.resolve(this.#release(key));
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const leave = (why: unknown) => {
        const i = line.indexOf(waiter);
        if (i >= 0) line.splice(i, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(why);
      };
      const onAbort = () => leave(signal?.reason);
      const waiter: Waiter = {
        grant: (release) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const timer = setTimeout(() => leave(options.timeout()), Math.max(0, options.timeoutMs));
      signal?.addEventListener('abort', onAbort, { once: true });
      line.push(waiter);
    });
  }
}
