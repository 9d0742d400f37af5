// Group admins (3.16 / 3.17) the doc's way: every change first queries the current admins, keeps
// "at most 3 besides the owner" and sends only what differs; one group's changes never interleave.
// Functions over a small channel rather than methods, so `YjiyunRealtime` stays about the connection.
import { YjiyunValidationError } from './errors.js';
import type { YjiyunActionInputs } from './frames.js';
import type { KeyedSerialQueue } from './queue.js';
import type { YjiyunId } from './rest.js';
import type { YjiyunViolation } from './rules.js';
import type { WithOptionalId, YjiyunSendOptions } from './realtime-options.js';

/** 3.17: at most 3 group admins besides the owner. */
export const YJIYUN_MAX_GROUP_ADMINS = 3;

/** What an admin helper did: the queried admins, the changes sent, and the expected result. */
export interface YjiyunAdminsChange {
  before: string[];
  removed: string[];
  added: string[];
  after: string[];
}

/** What the admin helpers need of `YjiyunRealtime`. */
export interface AdminsChannel {
  /** Serialises the changes of one group (key: `adminsKey`). */
  queue: KeyedSerialQueue;
  /** 3.16 the group's admins (owner excluded). */
  query(input: { robotKey: string; conversationId: string; messageId?: string }, options: YjiyunSendOptions): Promise<string[]>;
  /** 3.17 with opcode 1 (add) or 2 (delete), resolved by its action result. */
  modify(robotKey: string, conversationId: string, opcode: 1 | 2, admins: string[], options: YjiyunSendOptions): Promise<unknown>;
}

/** The input of the add / remove / set helpers. */
export type AdminsInput = { robotKey: string; conversationId: string; admins: YjiyunId[] };

/** Trimmed ids as strings, each once, in order. */
function ids(list: readonly YjiyunId[]): string[] {
  const out: string[] = [];
  for (const x of list) {
    const s = String(x).trim();
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

function tooMany(after: string[], field: string): YjiyunValidationError {
  const v: YjiyunViolation = {
    rule: 'yjiyun.conv_admins.max',
    field,
    limit: YJIYUN_MAX_GROUP_ADMINS,
    actual: after.length,
    severity: 'error',
    message: `${after.length} admins after the change; a group has at most ${YJIYUN_MAX_GROUP_ADMINS} besides the owner (文档: 3.17 除群主外，最多只有 3 个群管理员)`,
  };
  return new YjiyunValidationError('rule_violation', 'robot.conv.modify.admins', `yjiyun rules violated: [${v.rule}] ${v.message}`, [v]);
}

/** Admin changes of one group never interleave (each is query → delete → add). */
function adminsKey(robotKey: string, conversationId: string): string {
  return `robot.conv.modify.admins:${robotKey}:${conversationId}`;
}

/**
 * A raw 3.17 frame (`action('robot.conv.modify.admins', …)`), still the doc's way: serialised per
 * group, and an addition first queries the current admins so the "3 besides the owner" limit is
 * checked against the real state. `send` sends the already built frame.
 */
export function modifyAdmins<T>(
  ch: AdminsChannel,
  input: WithOptionalId<YjiyunActionInputs['robot.conv.modify.admins']>,
  options: YjiyunSendOptions,
  send: () => Promise<T>,
): Promise<T> {
  return ch.queue.run(adminsKey(input.robotKey, input.conversationId), async () => {
    if (input.opcode === 1) {
      const before = await ch.query({ robotKey: input.robotKey, conversationId: input.conversationId }, options);
      const after = [...before, ...ids(input.admins).filter((a) => !before.includes(a))];
      if (after.length > YJIYUN_MAX_GROUP_ADMINS) throw tooMany(after, 'admins');
    }
    return send();
  });
}

/** Queries, refuses if the result would exceed 3 besides the owner, then adds only the missing ones (opcode 1). */
export function addAdmins(ch: AdminsChannel, input: AdminsInput, options: YjiyunSendOptions): Promise<YjiyunAdminsChange> {
  const want = ids(input.admins);
  return ch.queue.run(adminsKey(input.robotKey, input.conversationId), async () => {
    const before = await ch.query(input, options);
    const added = want.filter((a) => !before.includes(a));
    const after = [...before, ...added];
    if (after.length > YJIYUN_MAX_GROUP_ADMINS) throw tooMany(after, 'admins');
    if (added.length > 0) await ch.modify(input.robotKey, input.conversationId, 1, added, options);
    return { before, removed: [], added, after };
  });
}

/** Queries, then removes (opcode 2) only those that are admins. */
export function removeAdmins(ch: AdminsChannel, input: AdminsInput, options: YjiyunSendOptions): Promise<YjiyunAdminsChange> {
  const drop = ids(input.admins);
  return ch.queue.run(adminsKey(input.robotKey, input.conversationId), async () => {
    const before = await ch.query(input, options);
    const removed = before.filter((a) => drop.includes(a));
    if (removed.length > 0) await ch.modify(input.robotKey, input.conversationId, 2, removed, options);
    return { before, removed, added: [], after: before.filter((a) => !removed.includes(a)) };
  });
}

/** Makes the admins exactly `admins` (at most 3): query, delete those not wanted (opcode 2), add the missing (opcode 1). */
export function setAdmins(ch: AdminsChannel, input: AdminsInput, options: YjiyunSendOptions): Promise<YjiyunAdminsChange> {
  const want = ids(input.admins);
  if (want.length > YJIYUN_MAX_GROUP_ADMINS) return Promise.reject(tooMany(want, 'admins'));
  return ch.queue.run(adminsKey(input.robotKey, input.conversationId), async () => {
    const before = await ch.query(input, options);
    const removed = before.filter((a) => !want.includes(a));
    const added = want.filter((a) => !before.includes(a));
    if (removed.length > 0) await ch.modify(input.robotKey, input.conversationId, 2, removed, options);
    if (added.length > 0) await ch.modify(input.robotKey, input.conversationId, 1, added, options);
    return { before, removed, added, after: want };
  });
}
