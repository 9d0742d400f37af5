// The 有机云 rule table and `check`, from the Rust core (src/yjiyun/rules/): the same engine
// the builders run on every request and frame, the simulator runs on what it receives, and
// `robotwire yjiyun check KIND` runs on stdin.
import { check, kinds as kindsTable, ruleTable as rules } from '../wasm/yjiyun.js';

/** `error`: the builders refuse the request or frame (`YjiyunValidationError`); `warning`: reported in `warnings` only. */
export type YjiyunSeverity = 'error' | 'warning';

/** One broken rule, pointing into the wire body. */
export interface YjiyunViolation {
  /** Stable id, e.g. `yjiyun.conv_admins.max`. */
  rule: string;
  /** Dotted path into the wire body (`taskData.contents[2].coverImgFile`); "" for the whole body. */
  field: string;
  limit: unknown;
  actual: unknown;
  severity: YjiyunSeverity;
  /** English, with the document's Chinese wording attached. */
  message: string;
}

/** One row of the rule table (`yjiyunRuleTable()`): a documented platform limit and how robotwire enforces it. */
export interface YjiyunRule {
  id: string;
  severity: YjiyunSeverity;
  /** `check`: visible in one body. `caller`: needs state across requests (uniqueness, queues). */
  enforcedBy: 'check' | 'caller';
  appliesTo: string[];
  limit: string;
  summary: string;
  /** The document's wording and section. */
  doc: string;
  /** Where the document is ambiguous: the reading chosen and why. */
  choice: string;
}

/** One REST endpoint: path tail, full path, the doc's section, Content-Type, and whether it needs the `token` header. */
export interface YjiyunEndpointInfo {
  endpoint: string;
  path: string;
  method: 'POST';
  section: string;
  contentType: string;
  auth: 'token' | 'none';
  /**
   * Whether the client may resend it after code 5000 (服务器繁忙): reads, queries, 2.1 and 2.12.
   * Not 2.7, 2.8, 2.9, 2.13, whose retry could do the work twice (src/yjiyun/endpoints.rs `retry_safe`).
   */
  retrySafe: boolean;
}

/** What `yjiyunKinds()` returns: every endpoint, message kind, action type and check kind, and the transport facts. */
export interface YjiyunKinds {
  endpoints: YjiyunEndpointInfo[];
  messages: { kind: string; contentType: number; section: string }[];
  actions: { type: string; section: string; outbound: boolean; serialPerRobot: boolean }[];
  /** Every KIND `check` and `robotwire yjiyun check` accept. */
  checkKinds: string[];
  transport: {
    restHosts: Record<string, string>;
    socketHosts: Record<string, string>;
    socketPath: string;
    socketTokenQuery: string;
    socketFilterQuery: Record<string, string>;
    events: string[];
    minReconnectMs: number;
    requestIdQuery: string;
    tokenHeader: string;
    codes: Record<string, string>;
  };
}

/**
 * Checks a wire body (the shape the platform receives: `s_timestamp`, `taskData.contents`,
 * `["message", {…}]` or the bare payload). Pass JSON text to keep ids above 2^53 exact; an
 * object is serialised first. Returns every violation (errors and warnings), `[]` when clean.
 * Throws `RobotwireError` for an unknown kind or a body that is not JSON / not an object.
 */
export function checkYjiyun(kind: string, body: unknown): YjiyunViolation[] {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return check(kind, text ?? 'null');
}

/** True when any violation has error severity. */
export function hasYjiyunErrors(violations: readonly YjiyunViolation[]): boolean {
  return violations.some((v) => v.severity === 'error');
}

let ruleTable: YjiyunRule[] | undefined;
let kinds: YjiyunKinds | undefined;

/** Every rule with its id, severity, limit, the doc's wording and the reading chosen. */
export function yjiyunRuleTable(): YjiyunRule[] {
  ruleTable ??= rules();
  return ruleTable.map((r) => ({ ...r, appliesTo: [...r.appliesTo] }));
}

/** Endpoints, message kinds, action types, check kinds and transport facts (hosts, paths, codes). */
export function yjiyunKinds(): YjiyunKinds {
  kinds ??= kindsTable();
  return structuredClone(kinds);
}
