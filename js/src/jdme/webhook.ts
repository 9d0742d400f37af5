// The JD ME webhook: one Web-standard handler (Request → Response) for edge functions and a
// thin Node adapter over the same core (`#process`). Verification itself is the Rust
// `jdme::webhook::Verifier`; this file does I/O, idempotency and dispatch.
import { newVerifier, tokenEquals } from '../wasm/jdme-webhook.js';
import type { Verified, Verifier } from '../wasm/jdme-webhook.js';
import { RobotwireError, WebhookError, fromCore, redact } from '../core/errors.js';
import type { KeyValueStore } from '../store/types.js';
import { MemoryStore } from '../store/memory.js';
import type { JdmeCardCallback, JdmeEvent, JdmeEventMap, JdmeEventType, JdmeUnknownEvent } from './events.js';
import { cardFailureAnswer, cardInteractionAnswer, cardUpdateAnswer } from './card.js';
import type { CardInteractionAnswer, CardUpdateAnswer } from './card.js';
import { readCapped, readNodeBody } from '../core/body.js';
import type { NodeLikeRequest, NodeLikeResponse } from '../core/body.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { addListener, emitInTurn } from '../core/emitter.js';
import type { ListenerLists } from '../core/emitter.js';
import { resolveTokenSchemes } from './token.js';
import { JDME_WEBHOOK_MAX_BODY_BYTES } from '../generated/jdme-tables.js';
import type { JdmeTokenSchemeOption, JdmeTokenSigner } from './token.js';

/** Options of `createJdmeWebhook`: the robot's event-subscription secrets and how events are acknowledged. */
export interface JdmeWebhookOptions {
  /**
   * The robot's Verification Token. Required: pass `null` only if the robot truly has none
   * configured, which leaves the endpoint unauthenticated (anyone can post events).
   */
  verificationToken: string | null;
  /** The robot's Encrypt Key, when one is set on the platform (then plaintext events are refused). */
  encryptKey?: string;
  /**
   * How the platform derives `token` from the Verification Token. The seed is ambiguous, so
   * this is configurable; `robotwire jdme token-probe` names the scheme from a captured body.
   * Default `{ event: 'sha256', card: 'either' }`: events carry Base64(SHA-256(
   * verificationToken + "\n" + timeStamp)); card callbacks the plain token or that signature
   * over `datetime`. `'either'` accepts SHA-256 or plain; a function computes it yourself.
   * One value applies to events and card callbacks alike.
   */
  tokenScheme?: JdmeTokenSchemeOption;
  /**
   * Replay window on `timeStamp`, in seconds, or `false` to disable. Default 300: the platform
   * resends an unanswered event 3 times at 10 s intervals with its original timeStamp.
   */
  toleranceSeconds?: number | false;
  /** Replay window on card callbacks' `datetime`; default `false` (see src/jdme/webhook.rs). */
  cardToleranceSeconds?: number | false;
  /** Bodies above this many bytes get 413 before any work. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where seen eventIds are remembered. Default: a bounded `MemoryStore` (per process). */
  store?: KeyValueStore;
  /** How long an eventId is remembered. Default 3600 s; kept ≥ the replay window. */
  dedupeTtlSeconds?: number;
  /** Prefix for store keys. Default `robotwire:jdme:event:`. */
  keyPrefix?: string;
  /**
   * `'immediate'` (default): answer 200 as soon as the event is verified and recorded, then run
   * listeners: the platform needs HTTP 200 within 5 s and retries otherwise. A listener that
   * fails is reported to `onError`; the event is not redelivered.
   * `'after-listeners'`: run listeners first; if one throws, answer 500 and forget the eventId
   * so the platform's retry is dispatched again. Listeners slower than `listenerTimeoutMs` are
   * answered 200 and left running (a retry would only duplicate them).
   */
  ack?: 'immediate' | 'after-listeners';
  /** Budget for `'after-listeners'` mode. Default 4000 ms (the platform waits 5 s). */
  listenerTimeoutMs?: number;
  /** Budget for a card handler, whose answer the user's client waits for. Default 4000 ms. */
  cardTimeoutMs?: number;
  logger?: Logger;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

/** Passed to every listener with the event. */
export interface ListenerContext {
  /** Every event has one: events without a string eventId are refused (400). */
  eventId: string;
  eventType: string;
  /**
   * True when the store could not be asked whether this event was seen (it failed or took
   * longer than its budget): the event is dispatched anyway (at-least-once), so it may be a
   * delivery listeners already had. Make such a listener's effect idempotent, or check
   * yourself. The store failure went to `onError`.
   */
  possibleDuplicate: boolean;
}

/**
 * An event listener. May be async; what it throws goes to `onError` (and, with
 * `ack: 'after-listeners'`, makes the platform redeliver the event).
 */
export type JdmeListener<E> = (event: E, ctx: ListenerContext) => unknown | Promise<unknown>;

/** A card handler answers reqType 1 with new card data and reqType 2 with a toast/link. */
export type JdmeCardHandler = (
  callback: JdmeCardCallback,
) => CardUpdateAnswer | CardInteractionAnswer | undefined | Promise<CardUpdateAnswer | CardInteractionAnswer | undefined>;

/** Where an error passed to an `onError` hook happened, and for which event. */
export interface ErrorInfo {
  stage: 'verify' | 'store' | 'listener' | 'card';
  eventId?: string;
  eventType?: string;
  /** `token_mismatch`: an event or a card callback was refused. */
  target?: 'event' | 'card';
  /** `token_mismatch`: the schemes tried (never the token or the secret). */
  triedSchemes?: readonly string[];
}

/** Token checks since the webhook was created, for metrics. */
export interface JdmeTokenStats {
  /** Accepted requests by the scheme that matched (`custom` for a function). */
  matched: Record<string, number>;
  /** `token_mismatch` refusals by the rule tried: `sha256`, `sha256,plain`, `custom`, … . */
  mismatched: Record<string, number>;
}

/**
 * Gets a typed error: a `WebhookError` for refused requests, a `RobotwireError` otherwise.
 * What a listener, the card handler or the store threw is the `cause` of a `RobotwireError`
 * with code `listener_failed`, `card_failed` or `store_failed` (a `RobotwireError` they throw
 * is passed on as it is).
 */
export type ErrorHook = (error: RobotwireError, info: ErrorInfo) => void;

/** What `#process` decided: the answer, plus work to run after answering. */
interface Outcome {
  status: number;
  body: string;
  background?: Promise<void>;
}

/** Something that keeps a promise alive after the response (Workers' `ctx`, Vercel's `waitUntil`). */
export interface WaitUntil {
  /** Keeps the runtime alive until `promise` settles (listeners still running after the answer). */
  waitUntil(promise: Promise<unknown>): void;
}

const OK_BODY = '{"code":0,"msg":"success"}';
// The one answer to an encrypted event that failed after decryption (WebhookError.publicCode).
const SEALED_CODE = 'event_not_verified';
const SEALED_BODY = JSON.stringify({ code: SEALED_CODE, msg: 'the encrypted event did not decrypt and verify; the reason is in the receiver logs' });
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

function statusFor(code: string): number {
  switch (code) {
    case 'body_too_large':
      return 413;
    case 'token_mismatch':
    case 'timestamp_out_of_window':
    case 'encryption_required':
      return 401;
    case 'internal':
      return 500;
    default:
      return 400;
  }
}

function seconds(v: number | false | undefined, dflt: number | false, what: string): number | false {
  const s = v === undefined ? dflt : v;
  if (s === false) return false;
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) throw new RangeError(`${what} must be a non-negative number of seconds or false`);
  return s;
}

/**
 * The JD ME event and card-callback receiver (create it with `createJdmeWebhook`): decrypts and
 * verifies each request, answers the platform, drops redelivered eventIds and dispatches to
 * listeners (`on`, `onAny`) and the card handler (`onCard`). Mount `fetch` (Web-standard
 * runtimes) or `node` (`node:http`, Express, NestJS). The constructor throws on invalid options.
 */
export class JdmeWebhook {
  readonly #verifier: Verifier;
  /** Kept only when a `tokenScheme` function needs it; otherwise the secret lives in wasm alone. */
  readonly #verificationToken: string | null;
  /** Scrubbed from anything a listener's error puts in a log line. */
  readonly #secrets: (string | null | undefined)[];
  readonly #signers: { event?: JdmeTokenSigner; card?: JdmeTokenSigner };
  readonly #tokenStats: { event: JdmeTokenStats; card: JdmeTokenStats } = {
    event: { matched: {}, mismatched: {} },
    card: { matched: {}, mismatched: {} },
  };
  readonly #store: KeyValueStore;
  readonly #dedupeTtlMs: number;
  readonly #prefix: string;
  readonly #ack: 'immediate' | 'after-listeners';
  readonly #listenerTimeoutMs: number;
  readonly #cardTimeoutMs: number;
  readonly #maxBody: number;
  readonly #log: Logger;
  readonly #now: () => number;
  /** By event type (always a string); the `onAny` listeners under `null`. */
  readonly #listeners: ListenerLists<string | null> = new Map();
  #card: JdmeCardHandler | undefined;
  readonly #errorHooks: ErrorHook[] = [];

  constructor(options: JdmeWebhookOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('createJdmeWebhook needs an options object');
    const vt = options.verificationToken;
    if (vt !== null && (typeof vt !== 'string' || vt.length === 0)) {
      throw new TypeError('verificationToken must be a non-empty string (or null if the robot has none)');
    }
    if (options.encryptKey !== undefined && (typeof options.encryptKey !== 'string' || options.encryptKey.length === 0)) {
      throw new TypeError('encryptKey must be a non-empty string when given');
    }
    const tol = seconds(options.toleranceSeconds, 300, 'toleranceSeconds');
    const cardTol = seconds(options.cardToleranceSeconds, false, 'cardToleranceSeconds');
    this.#maxBody = options.maxBodyBytes ?? JDME_WEBHOOK_MAX_BODY_BYTES;
    if (!Number.isSafeInteger(this.#maxBody) || this.#maxBody < 1) throw new RangeError('maxBodyBytes must be a positive integer');
    const schemes = resolveTokenSchemes(options.tokenScheme);
    if (vt === null && options.tokenScheme !== undefined) {
      throw new RobotwireError('invalid_argument', 'tokenScheme has no effect without a verificationToken (null leaves the endpoint unauthenticated)');
    }
    this.#verificationToken = schemes.event.signer || schemes.card.signer ? vt : null;
    this.#secrets = [vt, options.encryptKey];
    this.#signers = { ...(schemes.event.signer ? { event: schemes.event.signer } : {}), ...(schemes.card.signer ? { card: schemes.card.signer } : {}) };
    this.#verifier = newVerifier(
      vt,
      options.encryptKey ?? null,
      tol === false ? -1 : Math.round(tol * 1000),
      cardTol === false ? -1 : Math.round(cardTol * 1000),
      this.#maxBody,
      schemes.event.spec,
      schemes.card.spec,
    );
    this.#store = options.store ?? new MemoryStore();
    const ttl = options.dedupeTtlSeconds ?? 3600;
    // An eventId must be remembered at least as long as a replay of it would be accepted.
    this.#dedupeTtlMs = Math.max(ttl, tol === false ? 0 : tol) * 1000;
    this.#prefix = options.keyPrefix ?? 'robotwire:jdme:event:';
    this.#ack = options.ack ?? 'immediate';
    if (this.#ack !== 'immediate' && this.#ack !== 'after-listeners') throw new TypeError("ack must be 'immediate' or 'after-listeners'");
    this.#listenerTimeoutMs = options.listenerTimeoutMs ?? 4000;
    this.#cardTimeoutMs = options.cardTimeoutMs ?? 4000;
    this.#log = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
  }

  /** Listen to one event type; the listener gets the typed event. */
  on<T extends JdmeEventType>(type: T, listener: JdmeListener<JdmeEventMap[T]>): this;
  /** Listen to an event type the seed does not document (delivered untyped). */
  on(type: string, listener: JdmeListener<JdmeUnknownEvent>): this;
  on(type: string, listener: JdmeListener<never>): this {
    addListener(this.#listeners, type, listener);
    return this;
  }

  /** Listen to every event, known or not, after the type's own listeners. */
  onAny(listener: JdmeListener<JdmeEvent | JdmeUnknownEvent>): this {
    addListener(this.#listeners, null, listener);
    return this;
  }

  /** Answer card interaction callbacks. Without a handler, reqType 2 gets an empty success. */
  onCard(handler: JdmeCardHandler): this {
    this.#card = handler;
    return this;
  }

  /** The body cap in bytes (`maxBodyBytes`): a larger body is answered 413 before any work. */
  get maxBodyBytes(): number {
    return this.#maxBody;
  }

  /**
   * Token checks so far: which scheme matched, and refusals by the schemes tried. A first
   * deployment that shows only mismatches is signing differently: run `token-probe`.
   */
  tokenStats(): { event: JdmeTokenStats; card: JdmeTokenStats } {
    const copy = (s: JdmeTokenStats): JdmeTokenStats => ({ matched: { ...s.matched }, mismatched: { ...s.mismatched } });
    return { event: copy(this.#tokenStats.event), card: copy(this.#tokenStats.card) };
  }

  /** Refused requests, store failures, listener and card handler errors. */
  onError(hook: ErrorHook): this {
    this.#errorHooks.push(hook);
    return this;
  }

  /** Web-standard handler: `export default { fetch: (req, env, ctx) => hook.fetch(req, ctx) }`. */
  fetch = async (request: Request, ctx?: WaitUntil): Promise<Response> => {
    if (request.method !== 'POST') {
      return new Response('{"code":"method_not_allowed","msg":"POST only"}', { status: 405, headers: { ...JSON_HEADERS, allow: 'POST' } });
    }
    const body = await readCapped(request, this.#maxBody);
    const out = await this.#process(body);
    if (out.background) {
      if (ctx && typeof ctx.waitUntil === 'function') ctx.waitUntil(out.background);
    }
    return new Response(out.body, { status: out.status, headers: JSON_HEADERS });
  };

  /**
   * Node adapter for `node:http`, Express and NestJS: `(req, res)`. Uses `req.rawBody` or
   * `req.body` when a framework has read the body already, else reads the stream (capped).
   */
  node = async (req: NodeLikeRequest, res: NodeLikeResponse): Promise<void> => {
    let out: Outcome;
    if (req.method !== undefined && req.method !== 'POST') {
      out = { status: 405, body: '{"code":"method_not_allowed","msg":"POST only"}' };
    } else {
      const body = await readNodeBody(req, this.#maxBody);
      out = await this.#process(body);
    }
    res.statusCode = out.status;
    res.setHeader('content-type', JSON_HEADERS['content-type']);
    res.end(out.body);
    // Node keeps the promise alive by itself; errors were routed to onError already.
    if (out.background) await out.background;
  };

  /** Verify and dispatch one body; exposed for frameworks with their own body handling. */
  async handleBody(body: Uint8Array | string): Promise<{ status: number; body: string; done: Promise<void> }> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    // Refuse before the bytes are copied into wasm memory.
    const out = await this.#process(bytes.byteLength > this.#maxBody ? null : bytes);
    return { status: out.status, body: out.body, done: out.background ?? Promise.resolve() };
  }

  #report(error: unknown, info: ErrorInfo): void {
    if (this.#errorHooks.length === 0) return;
    const typed =
      error instanceof RobotwireError
        ? error
        : // Only the class name in the message: the original (user code's) error is the cause.
          new RobotwireError(`${info.stage}_failed`, `${info.stage === 'store' ? 'the store' : `a ${info.stage} handler`} threw ${error instanceof Error ? error.name : typeof error}`, { cause: error });
    for (const hook of this.#errorHooks) {
      try {
        hook(typed, info);
      } catch {
        // An error hook must not break the handler.
      }
    }
  }

  #refuse(code: string, message: string, status: number, details: { target?: 'event' | 'card'; triedSchemes?: readonly string[]; sealed?: boolean } = {}): Outcome {
    const { sealed, ...rest } = details;
    // After decryption every failure gets one answer (WebhookError.publicCode says why).
    const answered = sealed ? { status: 401, code: SEALED_CODE } : { status, code };
    const err = new WebhookError(code, message, answered.status, { ...rest, publicCode: answered.code });
    if (code === 'token_mismatch' && rest.target && rest.triedSchemes) {
      const rule = rest.triedSchemes.join(',');
      const counts = this.#tokenStats[rest.target].mismatched;
      counts[rule] = (counts[rule] ?? 0) + 1;
    }
    this.#log.warn?.(`jdme webhook refused a request: ${code}${sealed ? ` (answered ${SEALED_CODE})` : ''}`, { code, status: answered.status, ...rest });
    this.#report(err, { stage: 'verify', ...rest });
    if (sealed) return { status: 401, body: SEALED_BODY };
    // The caller may be anyone: a mismatch is not told which schemes this robot accepts (the
    // detail is on the WebhookError for onError and the logs).
    const msg = code === 'token_mismatch' ? 'token does not match' : message;
    return { status, body: JSON.stringify({ code, msg }) };
  }

  /** Refuses what the core threw, keeping a mismatch's target and tried schemes and whether it came after decryption. */
  #refuseCore(e: unknown, sealed = false): Outcome {
    const err = fromCore(e);
    const raw = e as { target?: unknown; triedSchemes?: unknown; sealed?: unknown };
    const details: { target?: 'event' | 'card'; triedSchemes?: string[]; sealed?: boolean } =
      err.code === 'token_mismatch' && (raw.target === 'event' || raw.target === 'card') && typeof raw.triedSchemes === 'string'
        ? { target: raw.target, triedSchemes: raw.triedSchemes.split(',') }
        : {};
    if (sealed || raw.sealed === true) details.sealed = true;
    return this.#refuse(err.code, err.message, statusFor(err.code), details);
  }

  async #process(body: Uint8Array | null): Promise<Outcome> {
    if (body === null) return this.#refuse('body_too_large', `body exceeds ${this.#maxBody} bytes`, 413);
    let verified: Verified;
    try {
      verified = this.#verifier.verify(body, this.#now());
    } catch (e) {
      return this.#refuseCore(e);
    }
    if (verified.token !== undefined && verified.stamp !== undefined) {
      const refused = await this.#checkCustom(verified.kind, verified.token, verified.stamp, verified.ciphertext !== undefined);
      if (refused) return refused;
      verified.scheme = 'custom';
    }
    if (verified.scheme !== undefined) {
      const counts = this.#tokenStats[verified.kind].matched;
      counts[verified.scheme] = (counts[verified.scheme] ?? 0) + 1;
    }
    const parsed = JSON.parse(verified.json) as Record<string, unknown>;
    // Checked and no longer needed; under the plain scheme it is the verification token itself,
    // and listeners log events.
    delete parsed.token;
    // The core accepts a numeric-string timeStamp (signed over its text); listeners get a number.
    if (typeof parsed.timeStamp === 'string' && Number.isSafeInteger(Number(parsed.timeStamp))) parsed.timeStamp = Number(parsed.timeStamp);
    if (verified.kind === 'card') return this.#answerCard(parsed as unknown as JdmeCardCallback);
    return this.#acceptEvent(parsed as unknown as JdmeEvent | JdmeUnknownEvent, verified.ciphertext);
  }

  /** The `custom` rule: the user's function gives the expected token; compared in wasm, constant-time. */
  async #checkCustom(kind: 'event' | 'card', received: string, stamp: string, encrypted: boolean): Promise<Outcome | undefined> {
    const signer = this.#signers[kind]!;
    let expected: unknown;
    try {
      expected = await signer(this.#verificationToken!, stamp);
    } catch (e) {
      // The function's own error may hold anything; only its class name is repeated.
      const name = e instanceof Error ? e.name : typeof e;
      this.#log.error?.('jdme webhook: the tokenScheme function threw', { target: kind, error: name });
      return this.#refuse('token_scheme_failed', `the tokenScheme function threw (${name}); answered 500 so the platform retries`, 500, { target: kind });
    }
    if (typeof expected !== 'string' || expected.length === 0) {
      const got = typeof expected === 'string' ? 'an empty string' : expected === null ? 'null' : typeof expected;
      return this.#refuse('token_scheme_failed', `the tokenScheme function must return a non-empty string, not ${got}`, 500, { target: kind });
    }
    if (tokenEquals(expected, received)) return undefined;
    return this.#refuseCore(this.#verifier.customMismatch(kind === 'card'), encrypted);
  }

  /**
   * Dedupe on the eventId (the platform's retries) and, for encrypted events, on the
   * ciphertext without its IV (`ciphertext`, from the core): CBC lets whoever holds a body
   * rewrite the IV, and with it the eventId, while the token stays valid, so a copy whose
   * ciphertext was seen under another eventId is refused (400 `replayed_ciphertext`).
   */
  async #acceptEvent(event: JdmeEvent | JdmeUnknownEvent, ciphertext: string | undefined): Promise<Outcome> {
    // The core refused events without a non-empty string eventId.
    const eventId = String(event.eventId);
    const eventType = String(event.eventType);
    const info = { eventId, eventType };
    let possibleDuplicate = false;
    const keys: string[] = [];
    try {
      const idKey = this.#prefix + eventId;
      if (!(await this.#store.setIfAbsent(idKey, '1', this.#dedupeTtlMs))) {
        this.#log.debug?.('jdme webhook: duplicate delivery ignored', info);
        return { status: 200, body: OK_BODY };
      }
      keys.push(idKey);
      if (ciphertext !== undefined) {
        const bodyKey = `${this.#prefix}c:${ciphertext}`;
        if (!(await this.#store.setIfAbsent(bodyKey, eventId, this.#dedupeTtlMs))) {
          // A seen ciphertext under a new eventId: the IV was rewritten. The forged id is
          // released so it cannot shadow a real event that might carry it later.
          await this.#store.delete(idKey).catch((e: unknown) => this.#report(e, { stage: 'store', ...info }));
          return this.#refuse('replayed_ciphertext', 'an event body already received came again with another eventId (the IV was rewritten)', 400, { target: 'event' });
        }
        keys.push(bodyKey);
      }
    } catch (e) {
      // At-least-once beats losing the event: without the store we cannot dedupe, so we
      // dispatch anyway and say so.
      keys.length = 0;
      possibleDuplicate = true;
      this.#report(e, { stage: 'store', ...info });
    }
    // The type's listeners then the catch-alls, in order; resolves true if any threw.
    const ctx: ListenerContext = { ...info, possibleDuplicate };
    const run = emitInTurn(this.#listeners, [info.eventType, null], [event, ctx], (e) => {
      // What failed and why, for the log line; the error itself goes to onError as the cause.
      const err = e as { name?: unknown; code?: unknown; message?: unknown } | null;
      const why = {
        error: e instanceof Error ? e.name : typeof e,
        ...(typeof err?.code === 'string' || typeof err?.code === 'number' ? { code: err.code } : {}),
        message: redact(safeText(e instanceof Error ? e.message : e), this.#secrets).slice(0, 500),
      };
      this.#log.error?.('jdme webhook: listener failed', { ...ctx, ...why });
      this.#report(e, { stage: 'listener', ...ctx });
    });
    if (this.#ack === 'immediate') return { status: 200, body: OK_BODY, background: run.then(() => undefined) };
    const failed = await withTimeout(run, this.#listenerTimeoutMs);
    if (failed === true) {
      for (const key of keys) await this.#store.delete(key).catch((e: unknown) => this.#report(e, { stage: 'store', ...info }));
      return { status: 500, body: '{"code":"listener_failed","msg":"a listener failed; retry"}' };
    }
    return { status: 200, body: OK_BODY, ...(failed === undefined ? { background: run.then(() => undefined) } : {}) };
  }

  async #answerCard(callback: JdmeCardCallback): Promise<Outcome> {
    const handler = this.#card;
    if (!handler) {
      return callback.reqType === 2
        ? { status: 200, body: cardInteractionAnswer({}) }
        : { status: 200, body: cardFailureAnswer('no card handler') };
    }
    try {
      const answer = await withDeadline(Promise.resolve(handler(callback)), this.#cardTimeoutMs);
      if (answer === undefined) {
        return { status: 200, body: callback.reqType === 2 ? cardInteractionAnswer({}) : cardFailureAnswer('no card update') };
      }
      const text = callback.reqType === 1 ? cardUpdateAnswer(answer as CardUpdateAnswer) : cardInteractionAnswer(answer as CardInteractionAnswer);
      return { status: 200, body: text };
    } catch (e) {
      this.#report(e, { stage: 'card', eventType: `card:${callback.reqType}` });
      return { status: 200, body: cardFailureAnswer('操作失败') };
    }
  }
}

/** `String(v)`, or a placeholder when that throws (a null-prototype object, a hostile toString). */
function safeText(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

/** Resolves to the promise's value, or `undefined` when `ms` passes first (promise left running). */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WebhookError('card_timeout', `card handler took longer than ${ms} ms`, 200)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the JD ME webhook handler. See `JdmeWebhookOptions`. */
export function createJdmeWebhook(options: JdmeWebhookOptions): JdmeWebhook {
  return new JdmeWebhook(options);
}
