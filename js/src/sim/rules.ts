// The simulator's gateway and interception decisions, made by the same Rust engine the SDK
// paces with and `robotwire jdme check` reports from: one implementation of every rule.
//
// Order, as the platform documents it: the gateway's per-API quota (99990105) first; then the
// static rules in the core's reporting order (structure, then 拦截规则 content: empty >
// too long > out of scope); then the stateful interception rules (duplicate > frequency,
// 20100009). State is kept only for requests that pass everything, so a refused request does
// not use up a quota or a frequency slot (the platform does not say; this is the reading that
// never makes a well-behaved client look worse than it is).
import { checkJdmeRequest, decideJdmeRate, planJdmeRate } from '../jdme/rules.js';
import type { RateState, Violation } from '../jdme/rules.js';
import { JDME_RULE_ROWS } from '../generated/jdme-tables.js';
import { conversationKey } from './state.js';
import type { Profile, SimRobot } from './state.js';

export interface Verdict {
  code: number;
  rule: string;
  message: string;
  /** True for 拦截规则 refusals (recorded as interceptions, with a notice). */
  intercepted: boolean;
  conversation: string;
}

/**
 * The codes of the 拦截规则 (content rules, and the `jdme.intercept.*` frequency rules): refusals
 * with them are "intercepted", not merely invalid. From the generated rule table.
 */
const INTERCEPTION_CODES = new Set<number>(
  JDME_RULE_ROWS.flatMap((r) => ((r.stage === 'interception' || r.id.startsWith('jdme.intercept.')) && 'platformCode' in r ? [r.platformCode] : [])),
);

/** Robot-service parameter error for static violations the seed ties to no code. */
const PARAMETER_ERROR = 20100003;

export class SimRules {
  readonly #states = new Map<string, { state: RateState; expiresAt: number }>();

  #conversation(body: Record<string, unknown>): string {
    if (typeof body.groupId === 'string') return conversationKey({ kind: 'group', groupId: body.groupId });
    return conversationKey({ kind: 'user', app: 'ee', pin: String(body.erp ?? '') });
  }

  #statesFor(keys: string[], now: number): Record<string, RateState> {
    const out: Record<string, RateState> = {};
    for (const k of keys) {
      const e = this.#states.get(k);
      if (e && e.expiresAt > now) out[k] = e.state;
      else if (e) this.#states.delete(k);
    }
    return out;
  }

  /** The first refusal for this request, or null (and the rate state is then committed). */
  check(endpoint: string, body: Record<string, unknown>, profile: Profile, robot: SimRobot | undefined, now: number): Verdict | null {
    const conversation = this.#conversation(body);
    // Enforce with full bursts (a counting gateway); clients pace strictly, so they never trip it.
    const request = { endpoint, body, profile, burst: 'full' as const };
    const facts =
      robot && robot.sendScope !== 'all'
        ? // Groups are scoped by membership (236008, checked with state), not by this list.
          { sendScope: { erps: robot.sendScope, groupIds: typeof body.groupId === 'string' ? [body.groupId] : [] } }
        : undefined;
    const violations: Violation[] = checkJdmeRequest(endpoint, body, { profile, ...(facts ? { facts } : {}) });
    const first = violations[0];
    const refuse = (v: Violation): Verdict => {
      const code = v.platformCode ?? PARAMETER_ERROR;
      return { code, rule: v.rule, message: v.message, intercepted: INTERCEPTION_CODES.has(code), conversation };
    };
    let keys: string[];
    try {
      keys = planJdmeRate(request).map((k) => k.key);
    } catch (e) {
      // A body the engine cannot key (no destination, no robot) always has a static violation.
      if (first) return refuse(first);
      throw e;
    }
    const decision = decideJdmeRate(this.#statesFor(keys, now), now, request);
    const quota = decision.denied.find((d) => d.platformCode === 99990105);
    if (quota) return { code: 99990105, rule: quota.rule, message: `API 访问频次限制 (${quota.rule}), retry after ${quota.retryAfterMs} ms`, intercepted: false, conversation };

    if (first) return refuse(first);

    if (!decision.allowed) {
      const d = decision.denied[0]!;
      return { code: d.platformCode, rule: d.rule, message: `消息被拦截 (${d.rule}), retry after ${d.retryAfterMs} ms`, intercepted: INTERCEPTION_CODES.has(d.platformCode), conversation };
    }
    for (const u of decision.updates) this.#states.set(u.key, { state: u.state, expiresAt: now + u.ttlMs });
    return null;
  }
}
