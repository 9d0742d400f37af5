// JdmeError: every failure of a JD ME API call, typed, with the catalogue's explanation.
// Never carries a token, the app secret or a request body.
import { explainJdmeCode } from './catalogue.js';
import type { JdmeErrorCategory } from './catalogue.js';

/** `code` for failures that never got a platform answer (network error, timeout, bad HTTP). */
export const TRANSPORT_ERROR = -1;

/**
 * Why no usable platform answer arrived (`code` is then `TRANSPORT_ERROR`):
 * - `unreachable`: the request never left (connection refused, DNS): safe to send again;
 * - `timeout`, `connection_lost`: it may have reached the platform;
 * - `http_status`: an HTTP error without the platform's envelope (a proxy's 502…);
 * - `invalid_answer`: an answer that is not the documented envelope/shape;
 * - `too_large`: an answer over `maxResponseBytes` (never retried).
 */
export type JdmeTransportReason = 'unreachable' | 'timeout' | 'connection_lost' | 'http_status' | 'invalid_answer' | 'too_large';

/** What a `JdmeError` is built from. */
export interface JdmeErrorDetails {
  /** Platform code, or TRANSPORT_ERROR (-1) when no platform answer arrived. */
  code: number;
  /** The platform's own msg (usually Chinese), or a transport description. */
  msg: string;
  endpoint: string;
  requestId?: string;
  httpStatus?: number;
  /** The rule id when robotwire refused before sending (pacing in reject mode). */
  rule?: string;
  /** When a refusal says how long to wait. */
  retryAfterMs?: number;
  /** How many attempts were made. */
  attempts?: number;
  /** Transport failures: why. */
  transport?: JdmeTransportReason;
  /**
   * True when the request may have been carried out although no success was read (a timeout
   * after sending, a lost connection, an unreadable answer), for an endpoint that acts: it was
   * not sent again. Check before resending (with the same `requestId` or a new one: see README).
   */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

/**
 * A failed JD ME call: the platform's `code` and msg, the catalogue's `category` and 排查 `hint`,
 * and what robotwire tried (`attempts`, or the pacing `rule` that refused it). `code` is
 * `TRANSPORT_ERROR` (-1) when no platform answer arrived. Carries no token, secret or body.
 */
export class JdmeError extends Error {
  readonly code: number;
  /** The platform's msg. */
  readonly platformMsg: string;
  /** The seed's 排查 hint, when the catalogue has one. */
  readonly hint: string | undefined;
  readonly category: JdmeErrorCategory;
  readonly endpoint: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly rule: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;
  readonly transport: JdmeTransportReason | undefined;
  readonly outcomeUnknown: boolean;

  constructor(d: JdmeErrorDetails) {
    const entry = d.code === TRANSPORT_ERROR ? undefined : explainJdmeCode(d.code)[0];
    // Transport failures may pass on a retry, except answers that were there but unusable.
    const unusable = d.transport === 'invalid_answer' || d.transport === 'too_large';
    const category: JdmeErrorCategory = d.code === TRANSPORT_ERROR ? (unusable ? 'other' : 'transient') : (entry?.category ?? 'other');
    const hint = entry?.hint;
    const parts = [`${d.endpoint}: ${d.code === TRANSPORT_ERROR ? 'transport error' : d.code} ${d.msg}`];
    if (entry && entry.msg !== d.msg) parts.push(`(${entry.msg})`);
    if (hint) parts.push(`— 排查: ${hint.replace(/\s+/g, ' ')}`);
    if (d.rule) parts.push(`[rule ${d.rule}]`);
    if (d.outcomeUnknown) parts.push('— outcome unknown: the platform may have done it; not sent again');
    super(parts.join(' '), d.cause === undefined ? undefined : { cause: d.cause });
    this.name = 'JdmeError';
    this.code = d.code;
    this.platformMsg = d.msg;
    this.hint = hint;
    this.category = category;
    this.endpoint = d.endpoint;
    this.requestId = d.requestId;
    this.httpStatus = d.httpStatus;
    this.rule = d.rule;
    this.retryAfterMs = d.retryAfterMs;
    this.attempts = d.attempts;
    this.transport = d.transport;
    this.outcomeUnknown = d.outcomeUnknown === true;
  }
}
