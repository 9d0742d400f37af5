// The simulator's gateway and interception decisions, made by the same Rust engine the SDK
// paces with and `robotwire jdme check` reports from: one implementation of every rule.
//
// Order, as the platform documents it: the gateway's per-API quota (99990105) first; then the
// static rules in the core's reporting order (structure, then 拦截规则 content: empty >
// too long > out of scope); then the stateful interception rules (duplicate > frequency,
// 20100009). The limits are exact sliding windows ("1s内…5条": never more than 5 in any
// second), kept in a `MemoryStore`'s rate book. A request is recorded only once the platform
// accepts it: `check` asks without recording, the endpoint's handler may still refuse (robot
// not in the group, …), and only an accepted request is committed, in the same synchronous
// turn. The platform does not say; this is the reading that never makes a well-behaved client
// look worse than it is.
import { checkJdmeRequest, planJdmeRate } from '../../jdme/rules.js';
import type { PlannedKey, Violation } from '../../jdme/rules.js';
import { MemoryStore } from '../../store/memory.js';
import { JDME_RULE_ROWS } from '../../generated/jdme-tables.js';
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

/** A request the rules let through: `commit` records it once the endpoint has accepted it. */
export interface Admission {
  commit(): void;
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
  readonly #store: MemoryStore;

  constructor(store: MemoryStore = new MemoryStore()) {
    this.#store = store;
  }

  #conversation(body: Record<string, unknown>): string {
    if (typeof body.groupId === 'string') return conversationKey({ kind: 'group', groupId: body.groupId });
    return conversationKey({ kind: 'user', app: 'ee', pin: String(body.erp ?? '') });
  }

  /** The first refusal for this request, or its admission (nothing is recorded until `commit`). */
  check(endpoint: string, body: Record<string, unknown>, profile: Profile, robot: SimRobot | undefined, now: number): Verdict | Admission {
    const conversation = this.#conversation(body);
    const request = { endpoint, body, profile };
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
    let keys: PlannedKey[];
    try {
      keys = planJdmeRate(request);
    } catch (e) {
      // A body the engine cannot key (no destination, no robot) always has a static violation.
      if (first) return refuse(first);
      throw e;
    }
    const decision = this.#store.rateDecideNow(keys, now, false);
    const quota = decision.denied.find((d) => d.platformCode === 99990105);
    if (quota) return { code: 99990105, rule: quota.rule, message: `API 访问频次限制 (${quota.rule}), retry after ${quota.retryAfterMs} ms`, intercepted: false, conversation };

    if (first) return refuse(first);

    if (!decision.allowed) {
      const d = decision.denied[0]!;
      return { code: d.platformCode, rule: d.rule, message: `消息被拦截 (${d.rule}), retry after ${d.retryAfterMs} ms`, intercepted: INTERCEPTION_CODES.has(d.platformCode), conversation };
    }
    // Same keys, same instant, same synchronous turn as the question: the answer is the same.
    return { commit: () => void this.#store.rateDecideNow(keys, now, true) };
  }
}
