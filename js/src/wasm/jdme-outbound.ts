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

// A send decides and then settles the same key list: serialised once when it cannot change
// (JdmeClient freezes the plans it makes; anyone else's array is read afresh).
const keysTexts = new WeakMap<readonly PlannedKey[], string>();

/** Planned keys as JSON text for the engine. */
function keysText(keys: readonly PlannedKey[]): string {
  if (!Array.isArray(keys)) throw new RobotwireError('invalid_argument', 'keys must be an array of planned keys');
  if (!Object.isFrozen(keys)) return stringify(keys, 'keys')!;
  let text = keysTexts.get(keys);
  if (text === undefined) keysTexts.set(keys, (text = stringify(keys, 'keys')!));
  return text;
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
 * JSON text in, the body and the plan come out as one string split at its first newline.
 */
export function prepareJdme(endpoint: string, input: unknown, ctx: PrepareContext): PreparedJdme {
  const text = stringify(input, 'input') ?? 'null';
  const out = guarded(() => slot.get().jdmePrepare(endpoint, text, JSON.stringify(ctx)));
  const nl = out.indexOf('\n');
  const meta = JSON.parse(out.slice(nl + 1)) as { requestId: string | null; keys: PlannedKey[] };
  // Frozen, keys and list: a store may serialise the plan once for the decision and the settlement.
  for (const k of meta.keys) Object.freeze(k);
  return { body: out.slice(0, nl), requestId: meta.requestId, keys: Object.freeze(meta.keys) as PlannedKey[] };
}
