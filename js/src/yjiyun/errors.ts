// Typed errors of the 有机云 layer. None of them ever carries the accessSecret or a token: the
// messages are built from endpoint names, codes and the platform's `msg`, and every string that
// reaches an error or a log line passes through `redact` first.
import { RobotwireError, fromCore } from '../core/errors.js';
import type { YjiyunViolation } from './rules.js';
import { YJIYUN_STATUS_BY_CODE, YJIYUN_STATUS_OTHER } from '../generated/yjiyun-tables.js';
import type { YjiyunStatus } from '../generated/yjiyun-tables.js';

export type { YjiyunStatus } from '../generated/yjiyun-tables.js';

/** Classifies a platform `code` (1.2): "0" `ok`, "1000" `auth_failed`, "5000" `busy`, anything else `error` (whitespace around it ignored). */
export function yjiyunStatusOf(code: string): YjiyunStatus {
  // The same table as Rust's `status_of` (generated); own keys only, so "constructor" is `error`.
  const c = code.trim();
  return Object.hasOwn(YJIYUN_STATUS_BY_CODE, c) ? YJIYUN_STATUS_BY_CODE[c as keyof typeof YJIYUN_STATUS_BY_CODE] : YJIYUN_STATUS_OTHER;
}

/** What a `YjiyunError` (and `YjiyunAuthError` / `YjiyunBusyError`) is constructed from. */
export interface YjiyunErrorInit {
  /** The platform's code, as the string it sends ("1000", "5000", "30", "1", …). */
  code: string;
  msg: string | null;
  /** REST path tail (`chat/list`) or socket kind (`robot.cust.tags`, `message.text`). */
  endpoint: string;
  /** REST: the `request_id` of the failing request. Socket: the frame's `messageId`. */
  requestId: string | null;
  /** Socket frames: the `messageId` (same as `requestId`). */
  messageId?: string | null;
  /** Number of attempts made (retries on 1000 / 5000 included). */
  attempts?: number;
}

/** The platform answered with a failure `code` (anything but "0"). */
export class YjiyunError extends RobotwireError {
  /** The platform's `msg`. */
  readonly msg: string | null;
  readonly endpoint: string;
  readonly requestId: string | null;
  readonly messageId: string | null;
  readonly status: YjiyunStatus;
  readonly attempts: number;
  constructor(init: YjiyunErrorInit, message?: string) {
    const id = init.messageId ? `messageId ${init.messageId}` : init.requestId ? `request_id ${init.requestId}` : 'no id';
    super(init.code, message ?? `yjiyun ${init.endpoint} failed: code ${init.code}${init.msg ? ` (${init.msg})` : ''}, ${id}`);
    this.name = 'YjiyunError';
    this.msg = init.msg;
    this.endpoint = init.endpoint;
    this.requestId = init.requestId;
    this.messageId = init.messageId ?? null;
    this.status = yjiyunStatusOf(init.code);
    this.attempts = init.attempts ?? 1;
  }
}

/** Code 1000 (用户认证失败): wrong accessKey/accessSecret, or a token refused again after re-authenticating. */
export class YjiyunAuthError extends YjiyunError {
  constructor(init: YjiyunErrorInit) {
    super(init);
    this.name = 'YjiyunAuthError';
  }
}

/**
 * Code 5000 (服务器繁忙): after the bounded retries ran out, or at once for a request that is not
 * safe to repeat (`outcomeUnknown`: the server may or may not have done it).
 */
export class YjiyunBusyError extends YjiyunError {
  /**
   * True when the request was not retried because repeating it could do its work twice (2.7,
   * 2.8, 2.9, 2.13): check the outcome (e.g. list the tasks or groups) before sending it again.
   */
  readonly outcomeUnknown: boolean;
  constructor(init: YjiyunErrorInit, outcomeUnknown = false) {
    super(init);
    if (outcomeUnknown) {
      this.message += '; not retried: the server may have done it and a retry could do it twice (check, then resend; or set busyRetry.retryUnsafe)';
    }
    this.name = 'YjiyunBusyError';
    this.outcomeUnknown = outcomeUnknown;
  }
}

/**
 * A request or frame refused before sending: bad input shape (`code` `invalid_argument`) or a
 * documented rule broken (`code` `rule_violation`, every violation in `violations`).
 */
export class YjiyunValidationError extends RobotwireError {
  readonly kind: string;
  readonly violations: YjiyunViolation[];
  constructor(code: string, kind: string, message: string, violations: YjiyunViolation[] = []) {
    super(code, message);
    this.name = 'YjiyunValidationError';
    this.kind = kind;
    this.violations = violations;
  }
}

/** No answer in time: an HTTP request (`requestId`) or a frame's callback (`messageId`). */
export class YjiyunTimeoutError extends RobotwireError {
  readonly endpoint: string;
  readonly requestId: string | null;
  readonly messageId: string | null;
  readonly timeoutMs: number;
  constructor(init: { endpoint: string; requestId?: string | null; messageId?: string | null; timeoutMs: number; waitingFor?: string }) {
    const id = init.messageId ? `messageId ${init.messageId}` : `request_id ${init.requestId ?? '-'}`;
    super('timeout', `yjiyun ${init.endpoint}: no ${init.waitingFor ?? 'answer'} within ${init.timeoutMs} ms (${id})`);
    this.name = 'YjiyunTimeoutError';
    this.endpoint = init.endpoint;
    this.requestId = init.requestId ?? null;
    this.messageId = init.messageId ?? null;
    this.timeoutMs = init.timeoutMs;
  }
}

/** The HTTP exchange itself failed: network error (`status` 0) or a non-2xx status. */
export class YjiyunHttpError extends RobotwireError {
  readonly endpoint: string;
  readonly requestId: string | null;
  /** HTTP status, 0 when no response arrived. */
  readonly httpStatus: number;
  constructor(init: { endpoint: string; requestId: string | null; httpStatus: number; detail: string }) {
    super(init.httpStatus === 0 ? 'network_error' : 'http_error', `yjiyun ${init.endpoint}: ${init.detail} (request_id ${init.requestId ?? '-'})`);
    this.name = 'YjiyunHttpError';
    this.endpoint = init.endpoint;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
  }
}

/** An answer that is not the documented shape (not JSON, no `code`, a list that is not a list…). */
export class YjiyunProtocolError extends RobotwireError {
  readonly endpoint: string;
  readonly requestId: string | null;
  constructor(code: string, init: { endpoint: string; requestId?: string | null; detail: string }) {
    super(code, `yjiyun ${init.endpoint}: unexpected answer: ${init.detail}`);
    this.name = 'YjiyunProtocolError';
    this.endpoint = init.endpoint;
    this.requestId = init.requestId ?? null;
  }
}

/**
 * Why a connection attempt failed: the host could not be reached, the server refused the
 * handshake (a token or authentication refusal), it speaks another socket.io generation or not
 * socket.io at all (`protocol`), or no answer came within `connectTimeoutMs`.
 */
export type YjiyunConnectReason = 'unreachable' | 'refused' | 'protocol' | 'timeout';

/**
 * The realtime channel is closed (`code` `closed`) or could not connect (`code`
 * `connect_unreachable`, `connect_refused`, `connect_protocol` or `connect_timeout`, with
 * `reason`).
 */
export class YjiyunConnectionError extends RobotwireError {
  /** Why the connection attempt failed; absent for `closed`. */
  readonly reason?: YjiyunConnectReason;
  constructor(code: string, message: string, reason?: YjiyunConnectReason, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'YjiyunConnectionError';
    if (reason !== undefined) this.reason = reason;
  }
}

export { redact } from '../core/errors.js';

/** Turns a core builder error into `YjiyunValidationError` (violations attached when rules failed). */
export function builderError(kind: string, e: unknown): Error {
  const violations = (e as { violations?: YjiyunViolation[] })?.violations;
  if (Array.isArray(violations) && violations.length > 0) {
    return new YjiyunValidationError('rule_violation', kind, (e as Error).message, violations);
  }
  const err = fromCore(e);
  if (err.code === 'invalid_argument' || err.code === 'invalid_json') return new YjiyunValidationError(err.code, kind, err.message);
  return err;
}
