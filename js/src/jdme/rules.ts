// The platform's documented limits and interception rules as data (Rust twin:
// src/jdme/rules/, src/jdme/ratelimit/). `checkJdmeRequest` is what `robotwire jdme check`
// and the simulator's gateway run; `decideJdmeRate` is the pure rate engine the client paces
// with and the simulator intercepts with.
import { checkJdme, decideRate, newRateBook, planRate, ruleTable } from '../wasm/jdme-outbound.js';
import { installRateBook } from '../store/memory.js';
import type { PlannedKey, RateState } from '../store/types.js';
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
  const { profile, facts } = options ?? {};
  return checkJdme(endpoint, body, profile, facts);
}

let ruleCache: RuleInfo[] | undefined;

/** The rule table, in reporting order. */
export function jdmeRules(): readonly RuleInfo[] {
  ruleCache ??= ruleTable();
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
  return planRate(request);
}

/** Pure decision: (stored states, now, request) → allowed or retry-after, plus new states. */
export function decideJdmeRate(states: Record<string, RateState | undefined>, nowMs: number, request: RateRequest): RateDecision {
  return decideRate(states, nowMs, request);
}

// MemoryStore (and through it the simulator) keeps its limiter states in the engine's own
// RateBook (see store/memory.ts for why it is installed from here): one wasm call per decision.
installRateBook(newRateBook);
