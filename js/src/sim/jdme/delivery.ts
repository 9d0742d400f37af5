// Event delivery exactly as the seed describes it (事件订阅流程 / 2. 响应说明): POST the JSON
// (signed; encrypted when the robot has an Encrypt Key), expect HTTP 200 within 5 s, else
// retry up to 3 more times at 10 s intervals. Every attempt is recorded.
import { encryptJdmeEvent } from '../../jdme/encrypt.js';
import { signJdmeToken } from '../../jdme/token.js';
import type { JdmeTokenSchemeName } from '../../jdme/token.js';

/**
 * How the simulated platform derives `token` (the seed is ambiguous; see src/jdme/token.rs):
 * a named scheme, or a function for a derivation robotwire does not know. Signing needs one
 * scheme, so `'either'` is the webhook's, not the simulator's.
 */
export type SimTokenScheme = JdmeTokenSchemeName | ((verificationToken: string, stamp: string) => string);

/** The token for `stamp` under `scheme`; a function must return a string synchronously. */
export function simToken(scheme: SimTokenScheme, verificationToken: string, stamp: number | string): string {
  if (typeof scheme === 'function') {
    const t = scheme(verificationToken, String(stamp));
    if (typeof t !== 'string') throw new TypeError('a simulator tokenScheme function must return a string');
    return t;
  }
  return signJdmeToken(verificationToken, stamp, scheme);
}

/** Refuses what cannot sign (unknown names, 'either') when the simulator starts, not on the first event. */
export function checkSimTokenScheme(scheme: unknown, what: string): void {
  if (typeof scheme === 'function') return;
  if (scheme === 'either') throw new TypeError(`${what}: the simulator signs with one scheme ('sha256', 'plain', …); 'either' is a webhook option`);
  signJdmeToken('probe', 1, scheme as JdmeTokenSchemeName);
}

/** Event delivery timing (事件订阅: answer within 5 s, 3 retries at 10 s); override parts with `SimulatorOptions.delivery`. */
export interface DeliveryTiming {
  /** The receiver must answer within this many ms. Default 5000. */
  timeoutMs: number;
  /** Wait between a failed attempt and the next. Default 10 000. */
  retryIntervalMs: number;
  /** Retries after the first attempt. Default 3. */
  retries: number;
}

export const DEFAULT_TIMING: DeliveryTiming = { timeoutMs: 5000, retryIntervalMs: 10_000, retries: 3 };

/** One POST of a delivery. */
export interface Attempt {
  /** 1 for the first try, then 2, 3, … for retries. */
  attempt: number;
  /** When it started (epoch ms, wall clock). */
  at: number;
  /** The HTTP status, or null when no answer came (timeout, network error). */
  status: number | null;
  /** Milliseconds until the answer or the failure. */
  latencyMs: number;
  /** Why it got no answer. */
  error?: string;
}

/** One event push or card callback the simulator posted to a robot's URL, with every attempt. */
export interface Delivery {
  id: number;
  /** `event`: to the event URL (with retries); `card`: a click's callback to the card URL (no retries). */
  kind: 'event' | 'card';
  /** The event type, or `card:reqType1` / `card:reqType2` for card callbacks. */
  eventType: string;
  eventId?: string;
  url: string;
  robotId: string;
  encrypted: boolean;
  attempts: Attempt[];
  /** `delivered` once an attempt got HTTP 200; `failed` when every attempt failed. */
  state: 'pending' | 'delivered' | 'failed';
  /** The receiver's last answer body (card callbacks need it). */
  response?: string;
}

export interface Receiver {
  robotId: string;
  url: string;
  verificationToken?: string;
  encryptKey?: string;
  /** Default `'sha256'`. */
  tokenScheme?: SimTokenScheme;
}

/** Builds the body the platform posts for an event. */
export function eventBody(receiver: Receiver, envelope: Record<string, unknown>): { body: string; encrypted: boolean } {
  const signed = { ...envelope };
  if (receiver.verificationToken) signed.token = simToken(receiver.tokenScheme ?? 'sha256', receiver.verificationToken, signed.timeStamp as number);
  if (receiver.encryptKey) return { body: JSON.stringify({ encrypt: encryptJdmeEvent(receiver.encryptKey, signed) }), encrypted: true };
  return { body: JSON.stringify(signed), encrypted: false };
}

export class Deliverer {
  readonly log: Delivery[] = [];
  #next = 1;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(
    public timing: DeliveryTiming,
    private readonly onChange: () => void,
  ) {}

  /** One POST with the receiver's time budget. */
  async #attempt(d: Delivery, body: string, n: number): Promise<boolean> {
    const started = Date.now();
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.timing.timeoutMs);
    const rec: Attempt = { attempt: n, at: started, status: null, latencyMs: 0 };
    d.attempts.push(rec);
    try {
      const res = await fetch(d.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: ctrl.signal });
      rec.status = res.status;
      d.response = await res.text();
      return res.status === 200;
    } catch (e) {
      rec.error = ctrl.signal.aborted ? `no answer within ${this.timing.timeoutMs} ms` : String((e as Error).message ?? e);
      return false;
    } finally {
      clearTimeout(timer);
      rec.latencyMs = Date.now() - started;
      this.onChange();
    }
  }

  /**
   * Delivers with the retry schedule. Resolves when delivered or when every attempt failed
   * (the returned promise is what tests await; the simulator itself does not block on it).
   */
  deliver(meta: Omit<Delivery, 'id' | 'attempts' | 'state'>, body: string, retry = true): { delivery: Delivery; done: Promise<Delivery> } {
    const d: Delivery = { ...meta, id: this.#next++, attempts: [], state: 'pending' };
    this.log.push(d);
    if (this.log.length > 5000) this.log.splice(0, this.log.length - 5000);
    const done = (async () => {
      const total = retry ? 1 + this.timing.retries : 1;
      for (let n = 1; n <= total && !this.#closed; n++) {
        if (await this.#attempt(d, body, n)) {
          d.state = 'delivered';
          this.onChange();
          return d;
        }
        if (n < total) await this.#sleep(this.timing.retryIntervalMs);
      }
      d.state = 'failed';
      this.onChange();
      return d;
    })();
    return { delivery: d, done };
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        resolve();
      }, ms);
      this.#timers.add(t);
    });
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
