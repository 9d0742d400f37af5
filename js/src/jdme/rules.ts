// The platform's documented limits and interception rules as data (Rust twin:
// src/jdme/rules.rs, src/jdme/ratelimit.rs). `checkJdmeRequest` is what `robotwire jdme check`
// and the simulator's gateway run; `decideJdmeRate` is the pure rate engine the client paces
// with and the simulator intercepts with.
import { outboundCore } from '../wasm/jdme-outbound.js';
import { installRateBook } from '../store/memory.js';
import type { PlannedKey, RateDenial, RateState, StoreRateDecision } from '../store/types.js';
import { fromCore, RobotwireError } from '../core/errors.js';
import type { Member } from './builders.js';
import type { JdmeProfile } from '../generated/jdme-tables.js';

export type { JdmeProfile } from '../generated/jdme-tables.js';

/** One broken rule in a request body, as `checkJdmeRequest` reports it. */
export interface Violation {
  /** Stable rule id, e.g. `jdme.text.max_length`. */
  rule: string;
  /** Dotted path into the body (`params.members[3].pin`); empty for the whole body. */
  field: string;
  limit?: unknown;
  actual?: unknown;
  /** The code the platform answers with, where the seed ties one to the rule. */
  platformCode?: number;
  message: string;
}

/** What some rules need that a body does not carry. */
export interface CheckFacts {
  /** The robot's 可用范围: destinations and invitees outside it are reported. */
  sendScope?: { erps?: string[]; groupIds?: string[] };
  /** To refuse making the owner an admin. */
  groupOwner?: Member;
  /** Admins the group has now (limit 10). */
  adminCount?: number;
}

/**
 * One documented limit or interception rule (`jdmeRules`): `source` quotes the seed, `stage` says
 * where it bites (structure, interception, limit, stateful); empty `profiles` means every profile.
 */
export interface RuleInfo {
  id: string;
  summary: string;
  source: string;
  stage: string;
  limit?: number;
  unit?: string;
  windowMs?: number;
  platformCode?: number;
  endpoints: string[];
  suite: boolean;
  profiles: JdmeProfile[];
}

/**
 * Every violation of `body` (object or JSON text) against `endpoint`'s rules, in the order the
 * platform reports them: `[0]` is what the gateway would answer. Empty when it passes.
 */
export function checkJdmeRequest(endpoint: string, body: unknown, options: { profile?: JdmeProfile; facts?: CheckFacts } = {}): Violation[] {
  // Strings are copied into wasm memory unchecked by the generated glue (see builders.ts).
  if (typeof endpoint !== 'string') throw new RobotwireError('invalid_argument', `endpoint must be a string, not ${typeof endpoint}`);
  const { profile, facts } = options ?? {};
  if (profile !== undefined && profile !== null && typeof profile !== 'string') {
    throw new RobotwireError('invalid_argument', `profile must be alarm, todo or consult, not a ${typeof profile}`);
  }
  try {
    return outboundCore().jdmeCheck(endpoint, body, profile ?? undefined, facts) as Violation[];
  } catch (e) {
    throw fromCore(e);
  }
}

let ruleCache: RuleInfo[] | undefined;

/** The rule table, in reporting order. */
export function jdmeRules(): readonly RuleInfo[] {
  ruleCache ??= outboundCore().jdmeRuleTable() as RuleInfo[];
  return ruleCache;
}

export type { PlannedKey, RateState };

/** The request `planJdmeRate` and `decideJdmeRate` look at: an endpoint and its built body. */
export interface RateRequest {
  endpoint: string;
  /** The body as built (object or JSON text). */
  body: unknown;
  profile?: JdmeProfile;
}

/**
 * The verdict of `decideJdmeRate`: allowed, or the time to wait (`retryAfterMs`, the longest
 * denial) with the first refusing `rule` and every denial.
 */
export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
  rule?: string;
  platformCode?: number;
  denied: { rule: string; key: string; retryAfterMs: number; platformCode: number }[];
  /** When allowed: store each state under its key for ttlMs. When denied: store nothing. */
  updates: { key: string; state: RateState; ttlMs: number }[];
}

/** The limiter keys a request must pass (quotas, per-target, global, duplicate). */
export function planJdmeRate(request: RateRequest): PlannedKey[] {
  try {
    return outboundCore().jdmeRatePlan(request) as PlannedKey[];
  } catch (e) {
    throw fromCore(e);
  }
}

/** Pure decision: (stored states, now, request) → allowed or retry-after, plus new states. */
export function decideJdmeRate(states: Record<string, RateState | undefined>, nowMs: number, request: RateRequest): RateDecision {
  // The glue would coerce null, true, '' or [] to a number (0 or 1) and throw a bare TypeError
  // for a BigInt or a Symbol.
  if (typeof nowMs !== 'number') throw new RobotwireError('invalid_argument', `nowMs must be a number of milliseconds, not ${typeof nowMs}`);
  try {
    return outboundCore().jdmeRateDecide(states, nowMs, request) as RateDecision;
  } catch (e) {
    throw fromCore(e);
  }
}

/** Planned keys as the engine reads them; what JSON cannot carry is the caller's error. */
// A send decides and then settles the same key list: serialised once when it cannot change
// (JdmeClient freezes the plans it makes; anyone else's array is read afresh).
const keysTexts = new WeakMap<readonly PlannedKey[], string>();
function keysText(keys: readonly PlannedKey[]): string {
  if (!Array.isArray(keys)) throw new RobotwireError('invalid_argument', 'keys must be an array of planned keys');
  try {
    if (!Object.isFrozen(keys)) return JSON.stringify(keys);
    let text = keysTexts.get(keys);
    if (text === undefined) keysTexts.set(keys, (text = JSON.stringify(keys)));
    return text;
  } catch (e) {
    throw new RobotwireError('invalid_argument', `keys: not serializable as JSON (${(e as Error)?.message ?? e})`);
  }
}

// The glue would coerce null or '' to 0 and throw a bare TypeError for a BigInt or a Symbol.
function ms(v: number, what: string): number {
  if (typeof v !== 'number') throw new RobotwireError('invalid_argument', `${what} must be a number of milliseconds, not ${typeof v}`);
  return v;
}

// MemoryStore (and through it the simulator) keeps its limiter states in the engine's own
// RateBook (see store/memory.ts for why it is installed from here): one wasm call per decision.
installRateBook((capacity) => {
  const book = new (outboundCore().RateBook)(capacity);
  return {
    decide(keys, nowMs, commit): StoreRateDecision {
      let out: string;
      try {
        out = book.decide(keysText(keys), ms(nowMs, 'nowMs'), commit);
      } catch (e) {
        throw fromCore(e);
      }
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
      try {
        book.settle(keysText(keys), ms(sentMs, 'sentAtMs'), ms(doneMs, 'doneAtMs'));
      } catch (e) {
        throw fromCore(e);
      }
    },
    peek: (key) => book.peek(key),
  };
});
