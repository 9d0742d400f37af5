// The one place retry timing lives: exponential back-off with jitter, and an abortable sleep.
// JdmeClient (its retry table), YjiyunClient (code 5000), YjiyunRealtime (reconnects), the
// token cache and the store lock all wait through here; each says only which jitter it wants.

/**
 * How a back-off is spread around `base · 2^(attempt − 1)` (capped at `maxMs`):
 * - `full`: uniform in [0, cap) (AWS "full jitter": retries of many clients spread out);
 * - `even`: ±20 % (a server that said "busy" gets retries near the intended pace);
 * - `late`: +0–20 %, never earlier than the schedule (reconnects the platform rate-limits).
 */
export type Jitter = 'full' | 'even' | 'late';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter: Jitter;
  /** Never less than this. Default 0. */
  floorMs?: number;
}

/** The delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const r = Math.random();
  const ms = policy.jitter === 'full' ? Math.floor(r * cap) : policy.jitter === 'even' ? Math.round(cap * (0.8 + r * 0.4)) : Math.round(cap * (1 + r * 0.2));
  return Math.max(policy.floorMs ?? 0, ms);
}

/** Waits `ms`; rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
