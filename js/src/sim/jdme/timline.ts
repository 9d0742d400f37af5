// The timline (IM) endpoints with state. Bodies have already passed the gateway, the token
// check and the shared Rust rules (./gateway.ts); what is left here is what only a stateful
// platform can know: does the group exist, is the robot in it, is the user in scope.
import type { Account, Card, Conversation, Group, SimRobot, SimState } from './state.js';
import { accountOf as who, conversationKey } from './state.js';
import type { IdSource } from './ids.js';

export interface Reply {
  code: number;
  msg?: string;
  data?: unknown;
}

export interface TimlineContext {
  state: SimState;
  ids: IdSource;
  now: () => number;
  /** appKey of the calling app. */
  appKey: string;
  /** For user-token endpoints: the user's erp. */
  userErp?: string;
  /** Fetches new card data from the robot (reqType 1), used by sendJUEChangeMsg. */
  refreshCard(card: Card, robot: SimRobot): void;
  /** Pushes an event to a robot (im_robot_authorize after userTokenAuthorize). */
  authorizeFlow(eventId: string): void;
  /**
   * Pushes `eventType` with `event` to every robot in group `g` that has an event URL: what the
   * platform sends by itself when a call changes a group (issue 14).
   */
  groupEvent(g: Group, eventType: string, event: Record<string, unknown>): void;
}

type Body = Record<string, unknown>;
type Handler = (body: Body, params: Body, ctx: TimlineContext) => Reply;

const ok = (data?: unknown): Reply => ({ code: 0, ...(data === undefined ? {} : { data }) });
const err = (code: number, msg?: string): Reply => ({ code, ...(msg ? { msg } : {}) });

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const acct = (v: unknown): Account | undefined => {
  const o = v as Body | undefined;
  return o && typeof o === 'object' && str(o.app) && str(o.pin) ? { app: o.app as string, pin: o.pin as string } : undefined;
};
const accounts = (v: unknown): Account[] => (Array.isArray(v) ? v.map(acct).filter((a): a is Account => a !== undefined) : []);

function robotOf(body: Body, params: Body, ctx: TimlineContext): SimRobot | Reply {
  const id = str(params.robotId) ?? str(body.robotId);
  const r = id ? ctx.state.robots.get(id) : undefined;
  // 10100020 无效的机器人信息: "服务没有找到入参的robotId相关机器人".
  if (!r || r.appKey !== ctx.appKey) return err(10100020);
  return r;
}

/** Who acted: the robot for app calls, the user for 以用户身份 calls. */
const robotActor = (robot: SimRobot, ctx: TimlineContext): Account => who(ctx.state.robotAccount(robot));
const userActor = (ctx: TimlineContext): Account => ({ app: ctx.state.user(ctx.userErp ?? '')?.app ?? 'ee', pin: ctx.userErp ?? '' });

const isReply = (v: unknown): v is Reply => typeof v === 'object' && v !== null && 'code' in v;

/** Resolves erp+tenantId XOR groupId into a conversation the robot may post to. */
function destination(body: Body, robot: SimRobot, ctx: TimlineContext): Conversation | Reply {
  const gid = str(body.groupId);
  const erp = str(body.erp);
  if (gid) {
    const g = ctx.state.groups.get(gid);
    if (!g) return err(20100008); // 群信息不存在
    if (!ctx.state.isMember(g, robot.pin)) return err(236008); // 机器人未加入该群
    return { kind: 'group', groupId: gid };
  }
  if (erp) {
    // 可用范围 (20100012) is the shared rule engine's `jdme.scope.send`, checked before this.
    const u = ctx.state.user(erp);
    return { kind: 'user', app: u?.app ?? 'ee', pin: erp };
  }
  return err(20100007); // 消息接收者为空
}

function managedGroup(params: Body, ctx: TimlineContext): Group | Reply {
  const g = ctx.state.groups.get(str(params.groupId) ?? '');
  if (!g) return err(20100008);
  // "只能是app对应的机器人创建的群" for member management and updates.
  if (g.createdBy !== ctx.appKey) return err(10600001, '只能操作应用自己创建的群');
  return g;
}

function splitMembers(robot: SimRobot, list: Account[], ctx: TimlineContext): { valid: Account[]; invalid: Account[] } {
  const valid: Account[] = [];
  const invalid: Account[] = [];
  for (const m of list) {
    const isRobot = m.app === 'robot.dd';
    const known = isRobot ? ctx.state.robotByPin(m.pin) !== undefined : ctx.state.users.has(m.pin);
    (known && (isRobot || ctx.state.inScope(robot, m.pin)) ? valid : invalid).push(m);
  }
  return { valid, invalid };
}

function addMembers(g: Group, list: Account[], ctx: TimlineContext): void {
  for (const m of list) {
    if (!ctx.state.isMember(g, m.pin)) g.members.push({ ...m, name: ctx.state.user(m.pin)?.name ?? m.name ?? m.pin, identity: 3 });
  }
}

function page<T>(items: T[], params: Body): { pageNo: number; slice: T[]; hasMore: boolean } {
  const pageNo = Math.max(1, Number(params.pageNo) || 1);
  const size = Math.max(1, Number(params.pageSize) || 10);
  const start = (pageNo - 1) * size;
  return { pageNo, slice: items.slice(start, start + size), hasMore: start + size < items.length };
}

function sendMessage(body: Body, params: Body, ctx: TimlineContext): Reply {
  const robot = robotOf(body, params, ctx);
  if (isReply(robot)) return robot;
  const dest = destination(body, robot, ctx);
  if (isReply(dest)) return dest;
  const packetId = ctx.ids.packetId(robot.robotId);
  const msg = params.body as Body;
  ctx.state.chat.push({
    at: ctx.now(),
    conversation: conversationKey(dest),
    from: { robotId: robot.robotId },
    kind: msg?.type === 'text' ? 'text' : 'other',
    packetId,
    body: msg,
  });
  return ok({ packetId });
}

function sendCard(body: Body, params: Body, ctx: TimlineContext): Reply {
  const robot = robotOf(body, params, ctx);
  if (isReply(robot)) return robot;
  const dest = destination(body, robot, ctx);
  if (isReply(dest)) return dest;
  const data = (params.data ?? {}) as Body;
  const cardData = data.cardData as Body | undefined;
  const isNew = cardData !== undefined && 'templateCardId' in (cardData ?? {});
  const cardMsgId = ctx.ids.packetId(robot.robotId);
  const card: Card = {
    cardMsgId,
    robotId: robot.robotId,
    conversation: conversationKey(dest),
    protocol: isNew ? 'new' : 'old',
    ...(isNew
      ? { templateCardId: String(cardData!.templateCardId), templateCardVersion: String(cardData!.templateCardVersion ?? '') }
      : { templateId: String(data.templateId ?? '') }),
    cardData: isNew ? cardData!.templateCardVariable : (cardData ?? {}),
    callbackData: data.callbackData,
    forward: data.forward,
    toasts: [],
    updates: 0,
  };
  ctx.state.cards.set(cardMsgId, card);
  ctx.state.chat.push({ at: ctx.now(), conversation: card.conversation, from: { robotId: robot.robotId }, kind: 'card', cardMsgId, body: data });
  const now = ctx.now();
  return ok(isNew ? { packetId: cardMsgId, datetime: now, cardMsgId } : { cardMsgId, datetime: now });
}

/**
 * content_do_top / content_do_cancel for a pinned group notice, in the seed's shape: resType 2
 * (公告). The seed's subType list names message kinds only (2–5), so a notice carries none;
 * `robots` (the group's robots) is added by `groupEvent`.
 */
function topEvent(g: Group, resId: number, ctx: TimlineContext): Record<string, unknown> {
  return { sessionType: 2, sessionId: g.groupId, detail: { resId, resType: 2 }, operator: userActor(ctx) };
}

const handlers: Record<string, Handler> = {
  sendRobotMsg: sendMessage,
  sendJUEMsg: sendCard,

  sendJUEChangeMsg(body, params, ctx) {
    // Without a robotId the gateway has named the card's robot (its withCardRobot).
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const card = ctx.state.cards.get(str(params.cardMsgId) ?? '');
    if (!card || card.robotId !== robot.robotId) return err(20100001); // 数据不存在
    // The seed: a change message makes the platform call the card URL (reqType 1) for new data.
    ctx.refreshCard(card, robot);
    return ok({});
  },

  sendStickyCardMsg(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    // erp or groupId, as the table says ("目的地要么是erp要么是咚咚群号"): a card pinned in a
    // single chat answers without `gid`.
    const gid = str(body.groupId);
    const dest = destination(body, robot, ctx);
    if (isReply(dest)) return dest;
    const data = (params.data ?? {}) as Body;
    const cardMsgId = ctx.ids.packetId(robot.robotId);
    const resId = ctx.ids.resId();
    ctx.state.cards.set(cardMsgId, {
      cardMsgId,
      robotId: robot.robotId,
      conversation: conversationKey(dest),
      protocol: 'sticky',
      templateId: String(data.templateId ?? ''),
      cardData: data.cardData ?? {},
      callbackData: data.callbackData,
      forward: data.forward,
      resId,
      pinned: true,
      toasts: [],
      updates: 0,
    });
    ctx.state.chat.push({ at: ctx.now(), conversation: conversationKey(dest), from: { robotId: robot.robotId }, kind: 'card', cardMsgId, body: data });
    return ok({ ...(gid ? { gid } : {}), cardMsgId, resId });
  },

  sendStickyCardChangesMsg(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const card = ctx.state.cards.get(str(params.cardMsgId) ?? '');
    if (!card || String(card.resId) !== String(params.resId) || !card.pinned) return err(20100001);
    ctx.refreshCard(card, robot);
    return ok({});
  },

  sendUnpinCardMsg(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const card = ctx.state.cards.get(str(params.cardMsgId) ?? '');
    if (!card || String(card.resId) !== String(params.resId) || !card.pinned) return err(20100001);
    card.pinned = false;
    return ok({});
  },

  createGroup(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const owner = acct(params.owner)!;
    const uniqueKey = str(params.uniqueKey)!;
    for (const g of ctx.state.groups.values()) {
      // "建群唯一key，如果相同则是重复群，拒绝创建".
      if (g.createdBy === ctx.appKey && g.uniqueKey === uniqueKey) return err(1101203, '群聊已存在（uniqueKey 重复）');
    }
    // An owner or invitee outside the 可用范围 (10300000) is the shared rule `jdme.scope.members`,
    // checked before this handler runs.
    const { valid, invalid } = splitMembers(robot, accounts(params.members), ctx);
    const g: Group = {
      groupId: ctx.ids.groupId(),
      name: String(params.name),
      notice: String(params.notice ?? ''),
      intro: String(params.intro ?? ''),
      avatar: String(params.avatar ?? ''),
      owner: { ...owner, name: ctx.state.user(owner.pin)?.name ?? owner.pin },
      members: [{ ...owner, name: ctx.state.user(owner.pin)?.name ?? owner.pin, identity: 1 }],
      uniqueKey,
      createdBy: ctx.appKey,
      onlyOwnerAdd: false,
      canSearch: false,
      topNotices: [],
    };
    addMembers(g, [ctx.state.robotAccount(robot)], ctx);
    addMembers(g, valid, ctx);
    ctx.state.groups.set(g.groupId, g);
    // robot_enter_group: the seed lists it without a payload; the simulator sends the
    // group-event shape (operator, groupId) with the robots that entered as `users`.
    const robots = g.members.filter((m) => m.app === 'robot.dd').map(who);
    ctx.groupEvent(g, 'robot_enter_group', { operator: robotActor(robot, ctx), groupId: g.groupId, users: robots });
    return ok({ groupId: g.groupId, invalidMembers: invalid });
  },

  updateGroup(body, params, ctx) {
    const g = managedGroup(params, ctx);
    if (isReply(g)) return g;
    const renamed = typeof params.name === 'string' && params.name !== g.name;
    for (const k of ['name', 'notice', 'intro', 'avatar'] as const) if (typeof params[k] === 'string') g[k] = params[k] as string;
    if (renamed) {
      const robot = robotOf(body, params, ctx);
      const operator = isReply(robot) ? { app: 'robot.dd', pin: '' } : robotActor(robot, ctx);
      ctx.groupEvent(g, 'chat_update_title', { operator, groupId: g.groupId, title: g.name });
    }
    return ok({ groupId: g.groupId });
  },

  addGroupMember(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const g = managedGroup(params, ctx);
    if (isReply(g)) return g;
    const { valid, invalid } = splitMembers(robot, accounts(params.members), ctx);
    const added = valid.filter((m) => !ctx.state.isMember(g, m.pin));
    addMembers(g, valid, ctx);
    if (added.length) ctx.groupEvent(g, 'chat_add_member', { operator: robotActor(robot, ctx), groupId: g.groupId, users: added.map(who) });
    return ok({ invalidMembers: invalid });
  },

  userAddGroupMember(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    if (!ctx.userErp || !ctx.state.isMember(g, ctx.userErp)) return err(99990128); // 无权限操作
    const { valid, invalid } = splitMembers(robot, accounts(params.members), ctx);
    const added = valid.filter((m) => !ctx.state.isMember(g, m.pin));
    addMembers(g, valid, ctx);
    if (added.length) ctx.groupEvent(g, 'chat_add_member', { operator: userActor(ctx), groupId: g.groupId, users: added.map(who) });
    return ok({ invalidMembers: invalid });
  },

  kickOutGroup(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const g = managedGroup(params, ctx);
    if (isReply(g)) return g;
    const invalid: Account[] = [];
    const removed: Account[] = [];
    for (const m of accounts(params.members)) {
      const x = g.members.find((y) => y.pin === m.pin);
      // Listed twice: the second is no longer a member.
      if (!x || x.identity === 1 || removed.some((r) => r.pin === m.pin)) invalid.push(m);
      else removed.push(who(x));
    }
    // Sent before the removal: groupEvent picks its audience when called, so the removed
    // robots, members when it happened, are told too.
    if (removed.length) ctx.groupEvent(g, 'chat_remove_member', { operator: robotActor(robot, ctx), groupId: g.groupId, users: removed });
    for (const r of removed) g.members.splice(g.members.findIndex((x) => x.pin === r.pin), 1);
    return ok({ invalidMembers: invalid });
  },

  getRobotGroup(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const mine = [...ctx.state.groups.values()].filter((g) => ctx.state.isMember(g, robot.pin));
    const p = page(mine, params);
    return ok({
      pageNo: p.pageNo,
      hasMore: p.hasMore,
      groups: p.slice.map((g) => ({
        owner: g.owner,
        onlyOwnerAdd: g.onlyOwnerAdd,
        groupId: g.groupId,
        intro: g.intro,
        name: g.name,
        avatar: g.avatar,
        canSearch: g.canSearch,
        notice: g.notice,
      })),
    });
  },

  addGroupAdmin(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    // "只能操作app自己创建的群，或该群的群主为app对应的机器人".
    const ownerIsOurRobot = [...ctx.state.robots.values()].some((r) => r.appKey === ctx.appKey && r.pin === g.owner.pin);
    if (g.createdBy !== ctx.appKey && !ownerIsOurRobot) return err(10600001, '只能操作应用自己创建的群');
    return setAdmin(g, params);
  },

  userAddGroupAdmin(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    const me = g.members.find((m) => m.pin === ctx.userErp);
    if (!me || me.identity === 3) return err(99990128);
    return setAdmin(g, params);
  },

  transferGroupOwner(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    const me = g.members.find((m) => m.pin === ctx.userErp);
    if (!me || me.identity !== 1) return err(99990128);
    const next = acct(params.newOwner) ?? accounts(params.members)[0];
    const target = next ? g.members.find((m) => m.pin === next.pin) : undefined;
    if (!target) return err(20100003, '新群主必须是群成员');
    me.identity = 3;
    target.identity = 1;
    g.owner = { app: target.app, pin: target.pin, ...(target.name ? { name: target.name } : {}) };
    ctx.groupEvent(g, 'chat_update_owner', { operator: userActor(ctx), groupId: g.groupId, owner: who(target) });
    return ok({ groupId: g.groupId });
  },

  withdrawMsg(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const item = ctx.state.chat.find((c) => c.packetId === params.packetId && 'robotId' in c.from && c.from.robotId === robot.robotId);
    if (!item) return err(20100001);
    item.withdrawn = true;
    return { code: 0 };
  },

  doTopNotice(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    if (!ctx.userErp || !ctx.state.isMember(g, ctx.userErp)) return err(99990128);
    // "content为空则置顶当前群的公告信息".
    const content = str(params.content) ?? g.notice;
    const entry = { resId: ctx.ids.resId(), content, ver: g.topNotices.length + 1 };
    g.topNotices.push(entry);
    ctx.groupEvent(g, 'content_do_top', topEvent(g, entry.resId, ctx));
    return ok({ resId: entry.resId, ver: entry.ver });
  },

  cancelTopNotice(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    const me = g.members.find((m) => m.pin === ctx.userErp);
    // "必须是应用自己创建的群或者操作人是群主或者管理员".
    if (g.createdBy !== ctx.appKey && (!me || me.identity === 3)) return err(99990128);
    const i = g.topNotices.findIndex((t) => String(t.resId) === String(params.resId));
    if (i < 0) return err(20100001);
    const [gone] = g.topNotices.splice(i, 1);
    ctx.groupEvent(g, 'content_do_cancel', topEvent(g, gone!.resId, ctx));
    return { code: 0 };
  },

  getGroupInfo(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    const op = acct(params.operator);
    const m = op ? g.members.find((x) => x.pin === op.pin) : undefined;
    const base = { groupId: g.groupId, name: g.name, intro: g.intro, notice: g.notice, avatar: g.avatar, owner: g.owner };
    if (params.mode === 2) return ok(base);
    return ok({
      ...base,
      onlyOwnerAdd: g.onlyOwnerAdd,
      canSearch: g.canSearch,
      groupMember: Boolean(m),
      identity: m?.identity ?? 0,
      busType: 1,
      // "1：包含群成员人数": the member count only when asked for (the doc's example answer shows
      // `total` under a mode-2 request, but the mode table is the specification; the simulator
      // takes the strict reading, so a bot that needs the count asks with mode 1).
      ...(params.mode === 1 ? { total: g.members.length } : {}),
    });
  },

  getGroupMembers(_body, params, ctx) {
    const g = ctx.state.groups.get(str(params.groupId) ?? '');
    if (!g) return err(20100008);
    const p = page(g.members, params);
    return ok({
      pageNo: p.pageNo,
      groupId: g.groupId,
      members: p.slice.map((m) => ({ app: m.app, pin: m.pin, identity: m.identity, name: m.name ?? m.pin })),
      hasMore: p.hasMore,
    });
  },

  isGroupExist(_body, params, ctx) {
    const gid = str(params.groupId) ?? '';
    return ok({ exist: ctx.state.groups.has(gid), groupId: gid });
  },

  getEffectiveGroupId(_body, params, ctx) {
    const pin = str(params.pin) ?? '';
    const ids = Array.isArray(params.groupIds) ? params.groupIds.map(String) : [];
    return ok({
      app: params.app,
      pin,
      groupIds: ids.filter((id) => {
        const g = ctx.state.groups.get(id);
        return g !== undefined && ctx.state.isMember(g, pin);
      }),
    });
  },

  userTokenAuthorize(body, params, ctx) {
    const robot = robotOf(body, params, ctx);
    if (isReply(robot)) return robot;
    const to = acct(params.to);
    const data = ((params.body as Body | undefined)?.data ?? {}) as Body;
    const eventId = str(data.eventId);
    if (!to || !eventId) return err(20100003);
    ctx.state.authorizations.set(eventId, {
      robotId: robot.robotId,
      to,
      appKey: ctx.appKey,
      scopeList: data.scopeList,
      ...(typeof data.callbackParam === 'string' ? { callbackParam: data.callbackParam } : {}),
      state: 'pending',
    });
    const packetId = ctx.ids.packetId(robot.robotId);
    ctx.state.chat.push({ at: ctx.now(), conversation: conversationKey({ kind: 'user', app: to.app, pin: to.pin }), from: { robotId: robot.robotId }, kind: 'other', packetId, body: { type: 'authorization', ...data } });
    ctx.authorizeFlow(eventId);
    return ok({ packetId });
  },
};

function setAdmin(g: Group, params: Body): Reply {
  const a = acct(params.adminMember);
  if (!a) return err(20100003);
  const m = g.members.find((x) => x.pin === a.pin);
  // "不能设置群主为管理员 … 设置的群管理员需为群成员；只支持10个管理员".
  if (!m) return err(20100003, '管理员需为群成员');
  if (m.identity === 1) return err(20100003, '不能设置群主为管理员');
  if (m.identity !== 2 && g.members.filter((x) => x.identity === 2).length >= 10) return err(20100013, '发送人数超过10限制');
  m.identity = 2;
  return ok({ groupId: g.groupId });
}

export function timlineHandler(endpoint: string): Handler | undefined {
  return Object.prototype.hasOwnProperty.call(handlers, endpoint) ? handlers[endpoint] : undefined;
}

/** Endpoints whose documented answer carries `success` (sendRobotMsg, group management, …). */
export const WITH_SUCCESS = new Set(['sendRobotMsg', 'createGroup', 'updateGroup', 'addGroupMember', 'kickOutGroup', 'addGroupAdmin', 'getGroupInfo', 'cancelTopNotice']);
