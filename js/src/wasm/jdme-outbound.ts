// The JD ME outbound: endpoints, builders, rules, rate engine, error catalogue (src/wasm/jdme_outbound.rs).
// The only file that calls this module's glue. One convention: JSON text in, JSON text out
// (numbers stay numbers, bytes stay bytes); the JSON.stringify/parse, the string guards (the
// glue copies a `&str` argument without checking its type: a number or an object would reach
// the core's allocator with a bogus length and trap) and the `fromCore` conversion are done
// here, once. Everything else imports the typed functions below.
import * as glue from '../../../pkg/jdme_outbound.js';
import { WasmSlot } from './slot.js';
import { guarded, requireString, RobotwireError } from '../core/errors.js';
import type { PlannedKey, RateDenial, StoreRateDecision } from '../store/types.js';
import type { RateBookLike } from '../store/memory.js';
import type { JdmeProfile } from '../generated/jdme-tables.js';
import type { EndpointInfo } from '../jdme/builders.js';
import type { CatalogueEntry } from '../jdme/catalogue.js';
import type { CheckFacts, RateDecision, RuleInfo, Violation } from '../jdme/rules.js';

const slot = new WasmSlot('jdme-outbound', glue);

/** Calls the core and parses its JSON answer. */
function call<T>(f: (core: typeof glue) => string): T {
  return JSON.parse(guarded(() => f(slot.get()))) as T;
}

/** `JSON.stringify(v)`; what JSON cannot carry (a BigInt, a throwing toJSON) is the caller's error. */
function stringify(v: unknown, what: string): string | undefined {
  try {
    return JSON.stringify(v);
  } catch (e) {
    throw new RobotwireError('invalid_argument', `${what}: not serializable as JSON (${(e as Error)?.message ?? e})`);
  }
}

/** JSON text of `v` for the core: a string is JSON text already, `undefined` is `null`. */
function json(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  const text = stringify(v, what);
  if (text !== undefined) return text;
  if (v === undefined) return 'null';
  throw new RobotwireError('invalid_argument', `${what}: not serializable as JSON`);
}

// The glue would coerce null or '' to 0 and throw a bare TypeError for a BigInt or a Symbol.
function ms(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new RobotwireError('invalid_argument', `${what} must be a number of milliseconds, not ${typeof v}`);
  return v;
}

/** What `jdmeBuild` needs beside the input (`BuildContext` with `nowMs` filled in). */
export interface BuildCtx {
  appId: string;
  nowMs: number;
  requestId: string;
  robotId?: string;
}

/**
 * The request body for `endpoint` as JSON text (`jdmeBuild`). `ctx` is optional only for the
 * auth endpoints.
 */
export function buildJdme(endpoint: string, input: unknown, ctx?: BuildCtx): string {
  requireString(endpoint, 'endpoint');
  const inputText = json(input, 'input');
  const ctxText = ctx === undefined ? undefined : json(ctx, 'ctx');
  return guarded(() => slot.get().jdmeBuild(endpoint, inputText, ctxText));
}

/** Every violation of `body` (JSON text as posted, or a value to serialise) against `endpoint`'s rules (`jdmeCheck`). */
export function checkJdme(endpoint: string, body: unknown, profile?: JdmeProfile | null, facts?: CheckFacts | null): Violation[] {
  requireString(endpoint, 'endpoint');
  if (profile !== undefined && profile !== null && typeof profile !== 'string') {
    throw new RobotwireError('invalid_argument', `profile must be alarm, todo or consult, not a ${typeof profile}`);
  }
  const bodyText = json(body, 'body');
  const factsText = facts === undefined || facts === null ? undefined : json(facts, 'facts');
  return call((c) => c.jdmeCheck(endpoint, bodyText, profile ?? undefined, factsText));
}

/** The documented endpoints, then the suite APIs (`jdmeEndpoints`). */
export function endpointTable(): EndpointInfo[] {
  return call((c) => c.jdmeEndpoints());
}

/** The rule table, in reporting order (`jdmeRuleTable`). */
export function ruleTable(): RuleInfo[] {
  return call((c) => c.jdmeRuleTable());
}

/** Every catalogue entry for `code` (a number, or a string of digits) (`jdmeExplain`). */
export function explainCode(code: number | string): CatalogueEntry[] {
  // Anything but a number or a string reaches the core as `null`: "a number or a string of digits".
  const text = typeof code === 'number' || typeof code === 'string' ? JSON.stringify(code) : 'null';
  return call((c) => c.jdmeExplain(text));
}

/** The whole catalogue, in seed order (`jdmeCatalogue`). */
export function catalogueTable(): CatalogueEntry[] {
  return call((c) => c.jdmeCatalogue());
}

/** The limiter keys a `{ endpoint, body, profile? }` request must pass (`jdmeRatePlan`). */
export function planRate(request: unknown): PlannedKey[] {
  const text = json(request, 'request');
  return call((c) => c.jdmeRatePlan(text));
}

/** The pure rate decision over stored `states` (`jdmeRateDecide`). */
export function decideRate(states: unknown, nowMs: number, request: unknown): RateDecision {
  ms(nowMs, 'nowMs');
  const statesText = json(states, 'states');
  const requestText = json(request, 'request');
  return call((c) => c.jdmeRateDecide(statesText, nowMs, requestText));
}

/** Encrypts UTF-8 `plain` with `encryptKey` and a 16-byte `iv` into the platform's `encrypt` value (`jdmeEncrypt`). */
export function encryptEvent(encryptKey: string, plain: string, iv: Uint8Array): string {
  if (!(iv instanceof Uint8Array)) throw new RobotwireError('invalid_argument', 'iv must be a Uint8Array');
  requireString(encryptKey, 'encryptKey');
  const bytes = new TextEncoder().encode(requireString(plain, 'event'));
  return guarded(() => slot.get().jdmeEncrypt(encryptKey, bytes, iv));
}

// A key list crosses to the engine as the lines of src/jdme/ratelimit/lines.rs, one key per
// line: `<rule> <algorithm> <limit> <windowMs> <offsetMs> <platformCode> <key>`, the key last
// with `\`, LF and CR escaped. A third of the bytes of JSON and no parse on either side
// (bench/send.mjs). A send decides and then settles the same list: its text is made once
// when the list cannot change (`prepareJdme` hands over the core's own text; JdmeClient
// freezes the lists it makes; anyone else's array is written afresh).
const keysTexts = new WeakMap<readonly PlannedKey[], string>();

const escapeKey = (key: string) => (/[\\\n\r]/.test(key) ? key.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r')) : key);
const unescapeKey = (key: string) => (key.includes('\\') ? key.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : key);

/** Planned keys as the engine's lines. */
function keysText(keys: readonly PlannedKey[]): string {
  if (!Array.isArray(keys)) throw new RobotwireError('invalid_argument', 'keys must be an array of planned keys');
  let text = keysTexts.get(keys);
  if (text !== undefined) return text;
  text = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== 'object' || k === null || typeof k.key !== 'string') throw new RobotwireError('invalid_argument', `keys[${i}] must be a planned key with a string key`);
    // Only strings and numbers are written (the engine checks their values): converting anything
    // else could run the caller's code or recurse. The rule and the code only label the line.
    const offsetMs = k.offsetMs ?? 0;
    if (typeof k.algorithm !== 'string' || typeof k.limit !== 'number' || typeof k.windowMs !== 'number' || typeof offsetMs !== 'number') {
      throw new RobotwireError('invalid_argument', `keys[${i}]: algorithm must be a string and limit, windowMs, offsetMs numbers`);
    }
    const rule = typeof k.rule === 'string' && /^\S+$/.test(k.rule) ? k.rule : '-';
    text += `${i > 0 ? '\n' : ''}${rule} ${k.algorithm} ${k.limit} ${k.windowMs} ${offsetMs} ${Number.isInteger(k.platformCode) ? k.platformCode : 0} ${escapeKey(k.key)}`;
  }
  if (Object.isFrozen(keys)) keysTexts.set(keys, text);
  return text;
}

/** The engine's lines as frozen planned keys, the list remembering its text. */
function parseKeys(text: string): readonly PlannedKey[] {
  const keys: PlannedKey[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const f: number[] = [start - 1];
    for (let i = 0; i < 6; i++) f.push(text.indexOf(' ', f[i]! + 1));
    const part = (i: number) => text.slice(f[i]! + 1, f[i + 1]);
    keys.push(
      Object.freeze({
        key: unescapeKey(text.slice(f[6]! + 1, end)),
        rule: part(0),
        algorithm: part(1) as PlannedKey['algorithm'],
        limit: Number(part(2)),
        windowMs: Number(part(3)),
        offsetMs: Number(part(4)),
        platformCode: Number(part(5)),
      }),
    );
    start = end + 1;
  }
  Object.freeze(keys);
  keysTexts.set(keys, text);
  return keys;
}

/**
 * The engine's own limiter states (the core's `RateBook`, at most `capacity` keys): what
 * `MemoryStore`, and through it the simulator, decides with, one wasm call per decision.
 */
export function newRateBook(capacity: number): RateBookLike {
  const book = new (slot.get().RateBook)(capacity);
  return {
    decide(keys, nowMs, commit): StoreRateDecision {
      const out = guarded(() => book.decide(keysText(keys), ms(nowMs, 'nowMs'), commit));
      if (out === '') return { allowed: true, retryAfterMs: 0, denied: [] };
      let retryAfterMs = 0;
      const denied: RateDenial[] = (JSON.parse(out) as [number, number][]).map(([i, wait]) => {
        const k = keys[i]!;
        if (wait > retryAfterMs) retryAfterMs = wait;
        return { rule: k.rule, key: k.key, retryAfterMs: wait, platformCode: k.platformCode };
      });
      return { allowed: false, retryAfterMs, denied };
    },
    settle(keys, sentMs, doneMs) {
      guarded(() => book.settle(keysText(keys), ms(sentMs, 'sentAtMs'), ms(doneMs, 'doneAtMs')));
    },
    peek: (key) => book.peek(key),
  };
}

/** What `prepareJdme` needs beside the input. */
export interface PrepareContext {
  appId: string;
  nowMs: number;
  requestId: string;
  robotId?: string;
  profile?: JdmeProfile;
  /** Prepended to every planned key (the store's namespace). */
  keyPrefix?: string;
}

/** One send, ready: the body to POST, its requestId (null for the token fetches) and its rate plan. */
export interface PreparedJdme {
  body: string;
  requestId: string | null;
  keys: readonly PlannedKey[];
}

/**
 * Builds, checks and plans one request in a single wasm call (`jdmePrepare`): the input is
 * JSON text in; out come the body, the requestId and the plan's lines, split at newlines.
 */
export function prepareJdme(endpoint: string, input: unknown, ctx: PrepareContext): PreparedJdme {
  const text = stringify(input, 'input') ?? 'null';
  const out = guarded(() => slot.get().jdmePrepare(endpoint, text, JSON.stringify(ctx)));
  const a = out.indexOf('\n');
  const b = out.indexOf('\n', a + 1);
  const requestId = out.slice(a + 1, b);
  return { body: out.slice(0, a), requestId: requestId === '' ? null : unescapeKey(requestId), keys: parseKeys(out.slice(b + 1)) };
}
