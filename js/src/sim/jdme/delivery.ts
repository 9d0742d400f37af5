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
  /** Why it got no answer, in words (`ECONNREFUSED 127.0.0.1:3000`, `no answer within 5000 ms`). */
  error?: string;
  /** The receiver's answer body (the first 2 KB). */
  answer?: string;
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
  /** The conversation it concerns (`user:<app>/<pin>` or `group:<id>`), when the event names one. */
  conversation?: string;
  encrypted: boolean;
  attempts: Attempt[];
  /** `delivered` once an attempt got HTTP 200; `failed` when every attempt failed. */
  state: 'pending' | 'delivered' | 'failed';
  /** The receiver's last answer body (card callbacks need it). */
  response?: string;
  /**
   * What was posted, for people: `event` is the signed payload before encryption and `body` the
   * bytes sent (the first 16 KB), both with the `token` field replaced by `[redacted]` (under the
   * plain scheme it is the verification token itself).
   */
  request: { event: unknown; body: string };
  /** Set on a delivery made by `redeliver`: the id it repeats. */
  redeliveryOf?: number;
}

const ANSWER_KEEP = 2048;
const BODY_KEEP = 16 * 1024;

/** `value` with every `token` member replaced, for display. */
function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, k === 'token' ? '[redacted]' : redacted(v)]));
  }
  return value;
}

/** A failed fetch in words: undici says "fetch failed" and puts the reason in `cause`. */
export function failureReason(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; address?: string; port?: number; message?: string; errors?: { code?: string; address?: string; port?: number }[] } };
  const c = err.cause?.errors?.[0] ?? err.cause;
  if (c?.code) return [c.code, c.address !== undefined ? `${c.address}${c.port !== undefined ? `:${c.port}` : ''}` : ''].filter(Boolean).join(' ');
  return String(err.cause?.message ?? err.message ?? e);
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

/** `body` parsed, or `undefined` when it is not JSON. */
function parsed(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export class Deliverer {
  readonly log: Delivery[] = [];
  #next = 1;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #sent = new Map<number, { meta: Omit<Delivery, 'id' | 'attempts' | 'state' | 'request'>; body: string; retry: boolean; event: unknown }>();
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
      rec.answer = d.response.slice(0, ANSWER_KEEP);
      return res.status === 200;
    } catch (e) {
      rec.error = ctrl.signal.aborted ? `no answer within ${this.timing.timeoutMs} ms` : failureReason(e);
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
  deliver(meta: Omit<Delivery, 'id' | 'attempts' | 'state' | 'request'>, body: string, retry = true, event?: unknown): { delivery: Delivery; done: Promise<Delivery> } {
    // Parsed once: the redacted body, and the event when the caller has none (it is the body).
    const json = parsed(body);
    const shown = json === undefined ? body : JSON.stringify(redacted(json));
    const d: Delivery = { ...meta, id: this.#next++, attempts: [], state: 'pending', request: { event: redacted(event ?? json ?? null), body: shown.slice(0, BODY_KEEP) } };
    this.log.push(d);
    // The bytes as sent (the token intact) stay here, for `redeliver`, never in the log.
    this.#sent.set(d.id, { meta, body, retry, event });
    if (this.log.length > 5000) for (const old of this.log.splice(0, this.log.length - 5000)) this.#sent.delete(old.id);
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

  /** Posts delivery `id`'s bytes again as a new delivery (with retries if it had them); undefined when it is no longer kept. */
  redeliver(id: number): { delivery: Delivery; done: Promise<Delivery> } | undefined {
    const sent = this.#sent.get(id);
    if (!sent) return undefined;
    return this.deliver({ ...sent.meta, redeliveryOf: id }, sent.body, sent.retry, sent.event);
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
