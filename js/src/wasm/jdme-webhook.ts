// The JD ME webhook: token schemes, AES-CBC, verifier, card answers (src/wasm/jdme_webhook.rs).
// The only file that calls this module's glue: bytes in for the verifier, strings elsewhere;
// the string guards (the glue copies a `&str` argument without checking its type, and a
// non-string traps inside the module) and the `fromCore` conversion are done here, once.
import * as glue from '../../../pkg/jdme_webhook.js';
import { WasmSlot } from './slot.js';
import { fromCore, requireString } from '../core/errors.js';
import { hostDecryptor, hostText, type HostBlockDecrypt } from '../core/host.js';

const slot = new WasmSlot('jdme-webhook', glue);

/** What `Verifier.verify` returns: the verified JSON text and how its token was checked. */
export interface Verified {
  kind: 'event' | 'card';
  json: string;
  /** The named scheme that matched. */
  scheme?: string;
  /** With the `custom` rule: the received token and the stamp it signs (the caller compares). */
  token?: string;
  stamp?: string;
  /** Encrypted events: the ciphertext without its IV (a dedupe key). */
  ciphertext?: string;
}

/** What `probeToken` returns (`probeJdmeToken` before it adds the candidates). */
export interface ProbedToken {
  kind: 'event' | 'card';
  stampField: 'timeStamp' | 'datetime';
  stamp?: string;
  token?: { length: number; encoding: 'hex' | 'base64' | 'other'; bytes?: number };
  matches: string[];
}

type RawProbe = Omit<ProbedToken, 'matches'> & { matches: string };

/**
 * A configured verifier (the core's `JdmeVerifier`); its secrets stay in wasm memory.
 * `verify` and `customMismatch` give the core's own error (with `code`, and `target` and
 * `triedSchemes` on a token mismatch), which the webhook reads before `fromCore`.
 */
export interface Verifier {
  verify(body: Uint8Array, nowMs: number): Verified;
  /** `matches` comes as the ids joined with commas. */
  probe(body: Uint8Array): RawProbe;
  customMismatch(card: boolean): unknown;
  free(): void;
}

/** Calls the core; whatever it throws becomes a `RobotwireError`. */
function core<T>(f: (c: typeof glue) => T): T {
  try {
    return f(slot.get());
  } catch (e) {
    throw fromCore(e);
  }
}

/**
 * A verifier for one webhook configuration. A negative tolerance disables its window,
 * `undefined` takes the core's default; schemes are token rules as the core spells them.
 */
export function newVerifier(
  verificationToken: string | null,
  encryptKey: string | null,
  toleranceMs: number,
  cardToleranceMs: number,
  maxBodyBytes: number,
  eventScheme?: string,
  cardScheme?: string,
): Verifier {
  const v = core((c) => new c.JdmeVerifier(verificationToken, encryptKey, toleranceMs, cardToleranceMs, maxBodyBytes, eventScheme, cardScheme));
  const host = encryptKey === null ? undefined : hostDecryptor(encryptKey);
  return {
    verify: (body, nowMs) => read(v, host !== undefined && body.byteLength >= HOST_AES_MIN_BODY ? verifyWithHost(v, host, body, nowMs) : v.verify(body, nowMs)),
    probe: (body) => v.probe(body) as RawProbe,
    customMismatch: (card) => v.customMismatch(card),
    free: () => v.free(),
  };
}

/**
 * Bodies from this size decrypt with the host's AES when the runtime provides one (Node:
 * OpenSSL), smaller ones in the core, where one wasm call beats two plus a `decipher.update`.
 * Measured (Node 20, verify only, paired rounds, host ÷ wasm): 0.7 KB body 1.12, 0.85 KB 1.14,
 * 1.1 KB 0.95, 1.4 KB 0.98, 2.0 KB 0.86, 21 KB 0.63; bench/webhook.mjs has both rows.
 */
export const HOST_AES_MIN_BODY = 1024;

/** `verify` with the host's AES: the core opens and checks the body, the host runs AES on its blocks, the core does the rest. */
function verifyWithHost(v: glue.JdmeVerifier, host: HostBlockDecrypt, body: Uint8Array, nowMs: number): number {
  const raw = v.ciphertext(body);
  if (raw === undefined) return v.verify(body, nowMs);
  return v.verifyDecrypted(host(raw.subarray(16)), raw, nowMs);
}

/**
 * The answer the core left in its memory: `n` is its length in code units × 2, + 1 when they
 * are UTF-16 (non-ASCII text, which V8 copies where it would decode UTF-8 slowly: src/utf16.rs).
 */
function read(v: glue.JdmeVerifier, n: number): Verified {
  const wide = n % 2 === 1;
  return unpack(hostText(slot.memory().buffer as ArrayBuffer, v.answerPtr(), (n - (wide ? 1 : 0)) / 2, wide));
}

/**
 * The core's `verify` answer: a header line `kind⇥scheme⇥ciphertext⇥"token"⇥stamp`, a newline,
 * then the JSON text (src/wasm/jdme_webhook.rs says why it is one string). `slice` of a long
 * string does not copy it in V8.
 */
function unpack(packed: string): Verified {
  const nl = packed.indexOf('\n');
  const [kind, scheme, ciphertext, token, stamp] = packed.slice(0, nl).split('\t') as [Verified['kind'], string, string, string, string];
  const v: Verified = { kind, json: packed.slice(nl + 1) };
  if (scheme) v.scheme = scheme;
  if (ciphertext) v.ciphertext = ciphertext;
  if (token) {
    v.token = JSON.parse(token) as string;
    v.stamp = stamp;
  }
  return v;
}

/** Which schemes reproduce the token of a captured `body` (no replay window; the token is never returned). */
export function probeToken(body: Uint8Array, verificationToken: string, encryptKey?: string): ProbedToken {
  const key = encryptKey === undefined ? null : requireString(encryptKey, 'encryptKey');
  const v = newVerifier(requireString(verificationToken, 'verificationToken'), key, -1, -1, body.byteLength + 1);
  try {
    const p = core(() => v.probe(body));
    return { ...p, matches: p.matches ? p.matches.split(',') : [] };
  } finally {
    v.free();
  }
}

/** Constant-time comparison of two tokens. */
export function tokenEquals(expected: string, received: string): boolean {
  return slot.get().jdmeTokenEquals(expected, received);
}

/** The token under a named scheme (`jdmeSignToken`). */
export function signToken(verificationToken: string, timeStamp: string, scheme: string): string {
  return core((c) => c.jdmeSignToken(requireString(verificationToken, 'verificationToken'), requireString(timeStamp, 'timeStamp'), requireString(scheme, 'scheme')));
}

/** Every named scheme and its formula, in the order `token-probe` tries them. */
export function tokenSchemes(): [string, string][] {
  return JSON.parse(slot.get().jdmeTokenSchemes()) as [string, string][];
}

/** Decrypts an `encrypt` value into the event's JSON text (`jdmeDecrypt`). */
export function decrypt(encryptKey: string, encrypted: string): string {
  return core((c) => c.jdmeDecrypt(requireString(encryptKey, 'encryptKey'), requireString(encrypted, 'encrypted')));
}

/** The validated answer text to a card callback: reqType 1 (`update`) or 2 (`interaction`). */
export function cardAnswer(type: 'update' | 'interaction', answer: object): string {
  return core((c) => (type === 'update' ? c.jdmeCardUpdateAnswer : c.jdmeCardInteractionAnswer)(JSON.stringify(answer)));
}

/** A failure answer (code ≠ 1) showing `msg`. */
export function cardFailure(msg: unknown): string {
  return slot.get().jdmeCardFailureAnswer(String(msg));
}
