// Typed errors. Messages are written so that no secret (app secret, token, verification
// token, Encrypt Key) ever reaches them; the wasm core follows the same rule.

const BRAND = Symbol.for('robotwire.RobotwireError');

/**
 * Base class of robotwire's errors; `code` says what went wrong (`invalid_argument`,
 * `rule_violation`, `token_mismatch`, …). Messages never contain a secret or a token.
 */
export class RobotwireError extends Error {
  /** Stable machine-readable id, e.g. `token_mismatch`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RobotwireError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Each entry point (`robotwire`, `robotwire/yjiyun`, `robotwire/sim`) is its own bundle with
   * its own copy of this class; the brand makes `e instanceof RobotwireError` true for errors
   * from any of them. Subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === RobotwireError && typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Why a webhook request was refused (bad signature, stale, malformed, too large, …). */
export class WebhookError extends RobotwireError {
  /** HTTP status the handler answered with. */
  readonly status: number;
  /** `token_mismatch` only: what was refused, an event or a card callback. */
  readonly target?: 'event' | 'card';
  /** `token_mismatch` only: the token schemes tried (`['sha256']`, `['sha256', 'plain']`, `['custom']`). */
  readonly triedSchemes?: readonly string[];
  /**
   * The `code` the HTTP answer carried. It equals `code`, except for an encrypted event that
   * failed after decryption (padding, UTF-8, JSON, fields, token, replay window): those are all
   * answered `401 event_not_verified`, because answers that differ would let anyone holding a
   * captured body decrypt it by trial (a CBC padding oracle). `code` keeps the exact reason.
   */
  readonly publicCode: string;
  constructor(
    code: string,
    message: string,
    status: number,
    details: { target?: 'event' | 'card'; triedSchemes?: readonly string[]; publicCode?: string } = {},
  ) {
    super(code, message);
    this.name = 'WebhookError';
    this.status = status;
    this.publicCode = details.publicCode ?? code;
    if (details.target !== undefined) this.target = details.target;
    if (details.triedSchemes !== undefined) this.triedSchemes = Object.freeze([...details.triedSchemes]);
  }
}

/** Turns an error thrown by the wasm core (`Error` with `code`) into a `RobotwireError`. */
export function fromCore(e: unknown): RobotwireError {
  if (e instanceof RobotwireError) return e;
  if (e instanceof Error) {
    const code = typeof (e as { code?: unknown }).code === 'string' ? (e as unknown as { code: string }).code : 'internal';
    return new RobotwireError(code, e.message);
  }
  return new RobotwireError('internal', String(e));
}

/** Runs a core call; whatever the core throws becomes a `RobotwireError` (`fromCore`). */
export function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fromCore(e);
  }
}

/**
 * wasm-bindgen reads `&str` arguments without checking their type (a non-string traps inside
 * the module): every wrapper passes outside strings through this first.
 */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new RobotwireError('invalid_argument', `${name} must be a string, not ${value === null ? 'null' : typeof value}`);
  return value;
}

/** Replaces every occurrence of each secret (≥ 4 characters) with `[redacted]`. */
export function redact(text: string, secrets: Iterable<string | undefined | null>): string {
  let out = text;
  for (const s of secrets) {
    if (typeof s === 'string' && s.length >= 4 && out.includes(s)) out = out.split(s).join('[redacted]');
  }
  return out;
}
