// The simulator's side of every `action` (3.7–3.23), shared by the socket channel and the 2.8
// bridge. Answers follow the document's examples (field names, string codes, numeric ids where
// the doc prints numbers, `dts`, `robotType` …) including its documented failures:
// "invalid conversion id" (code 1), "admins invalid" (code 1), "members are not staff member"
// (code 30). Where the doc names no failure, code "1" with a descriptive msg is used.
import { sleep } from '../../core/retry.js';
import { RawJson } from '../../yjiyun/socket-parser.js';
import { checkYjiyun } from '../../yjiyun/rules.js';
import { ASSIGN_TO, COMPANY_ID, formatTime } from './state.js';
import type { SimYjGroup, SimYjLabel, SimYjRobot, SimYjState } from './state.js';

/** A number exactly as written (ids above 2^53 included). */
export const num = (id: string | number): RawJson => new RawJson(String(id));

export type Frame = [event: 'message' | 'chat' | 'action', payload: unknown];

export interface ActionContext {
  state: SimYjState;
  now: () => number;
  accessKey: string;
  /** How long a robot.cust.tags takes; a second one for the same robot inside it collides. */
  tagLatencyMs: number;
  /** robot.cust.tags operations in progress, per robot. */
  busyTags: Map<string, { collided: boolean }>;
}

export interface ActionOutcome {
  /** The result object (the action frame payload, or the 2.8 response body). */
  reply?: Record<string, unknown>;
  /** Frames the action causes for the whole account (forward callbacks, 3.22 events). */
  frames?: Frame[];
}

/** The `msg` (code `1`) both overlapping robot.cust.tags operations for one robot fail with (3.11: tag requests must queue). */
export const TAG_COLLISION_MSG = '打标签冲突：该机器人上一个打标签请求尚未完成（打标签需要排队，单个机器人并发容易出错）';


function labelWire(l: SimYjLabel, group: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    isCorpLabel: l.isCorpLabel,
    isGroupLabel: group ? 1 : 0,
  };
  if (group) out.subLabelList = l.sub.map((s) => labelWire(s, false));
  Object.assign(out, {
    createTime: l.createTime,
    fullName: l.groupName ? `${l.groupName}：${l.name}` : l.name,
    isCustomLabelGroup: l.isCustomLabelGroup,
    labelId: num(l.labelId),
    labelGroupId: num(l.labelGroupId),
    groupName: l.groupName,
    isFakeAddLabel: 0,
    name: l.name,
  });
  return out;
}

export function chatFrame(state: SimYjState, robot: SimYjRobot, chatId: string): Frame {
  const c = state.chats.get(chatId)!;
  return [
    'chat',
    {
      chatId: c.chatId,
      chatName: c.chatName,
      chatUser: c.chatUser,
      isGroupChat: c.isGroupChat,
      lastMsgActive: c.lastMsgActive,
      unreadCount: c.unreadCount,
      botInfo: { wxid: robot.wxid, nickName: robot.nickName, headImg: robot.headImg, robotKey: robot.robotKey, robotStatus: robot.robotStatus },
      pushContent: c.pushContent,
      assignTo: ASSIGN_TO,
    },
  ];
}

/** The 'robot.group.members.changed' callback: `members` joined group `g` of `robot`. */
export function membersChangedFrame(state: SimYjState, robot: SimYjRobot, g: SimYjGroup, members: { userId: string; nickName: string }[], at: number): Frame {
  return [
    'action',
    {
      messageId: state.platformMessageId(at, 'event'),
      assignTo: ASSIGN_TO,
      code: '0',
      chatroom: g.conversationId,
      conversationId: g.conversationId,
      groupNickName: g.name,
      name: g.name,
      dts: String(at),
      type: 'robot.group.members.changed',
      msg: 'OK',
      robotBizType: '5',
      robotKey: robot.robotKey,
      robotType: 2,
      newMembers: members.map((m) => ({ gender: '0', groupNickName: '', headImg: 'https://media.example.invalid/wx.png', nickName: m.nickName, userId: m.userId, userName: m.userId })),
    },
  ];
}

/** Stores a message the robot sent and returns its chat + message callbacks (3.4). */
export function robotSends(state: SimYjState, robot: SimYjRobot, peer: string, content: Record<string, unknown>, messageId: string): Frame[] {
  const chat = state.chat(robot, peer);
  const at = state.now();
  const m = state.message(robot, chat, { contactId: robot.wxid, nickName: robot.nickName, headImg: robot.headImg, isGroupContact: chat.isGroupChat, isSelf: 1 }, content, at, messageId);
  m.sendStatus = 1;
  chat.messages.push(m);
  chat.lastMsgActive = at;
  chat.pushContent = `${robot.nickName}：${String(content.content ?? content.title ?? '[消息]')}`;
  state.touch();
  const { sendStatus: _s, ...wire } = m;
  return [chatFrame(state, robot, chat.chatId), ['message', wire]];
}

export async function handleAction(ctx: ActionContext, text: string): Promise<ActionOutcome> {
  const { state, now } = ctx;
  let req: Record<string, unknown>;
  try {
    req = JSON.parse(text) as Record<string, unknown>;
    if (!req || typeof req !== 'object' || Array.isArray(req)) throw new Error('not an object');
  } catch {
    return { reply: { code: '1', msg: 'action payload is not a JSON object', dts: now() } };
  }
  const type = String(req.type ?? '');
  const base = () => ({ messageId: req.messageId ?? null, robotKey: req.robotKey ?? null, type, robotType: 2, dts: now(), assignTo: ASSIGN_TO });
  const ok = (extra: Record<string, unknown>) => ({ reply: { ...base(), code: '0', msg: 'OK', ...extra } });
  const fail = (code: string, msg: string, extra: Record<string, unknown> = {}) => ({ reply: { ...base(), code, msg, ...extra } });

  const robot = state.robotByKey(req.robotKey);
  // Inbound-only types and unknown ones.
  if (type === 'robot.on.new.friend.request' || type === 'robot.group.members.changed') return fail('1', `${type} is an event the platform sends`);

  // The doc's own error answers, before the generic rule check.
  if (type === 'robot.conv.admins' || type === 'robot.conv.modify.admins') {
    const cid = String(req.conversationId ?? '');
    if (!cid.startsWith('R:')) {
      return fail('1', 'invalid conversion id', { siteCode: 'sim_chat', conversationId: req.conversationId ?? null, robotBizType: 5 });
    }
    if (type === 'robot.conv.modify.admins' && Array.isArray(req.admins) && req.admins.length === 0) {
      return fail('1', 'admins invalid', { siteCode: 'sim_chat', opcode: req.opcode ?? null, conversationId: cid, robotBizType: 5, admins: [] });
    }
  }
  let violations;
  try {
    violations = checkYjiyun(type, text);
  } catch {
    return fail('1', `unknown type ${JSON.stringify(type).slice(0, 80)}`);
  }
  const firstError = violations.find((v) => v.severity === 'error');
  if (firstError) return fail('1', `${firstError.field || 'body'}: ${firstError.message}`);
  if (!robot) return fail('1', 'robot not found');
  if (robot.robotStatus !== 1) return fail('1', 'robot is not online');

  const group = () => state.group(req.conversationId ?? req.groupId);
  const mine = (g: ReturnType<typeof group>) => g !== undefined && g.robotKey === robot.robotKey;

  switch (type) {
    case 'robot.message.forward': {
      const msgSvrID = String(req.msgSvrID);
      const original = [...state.chats.values()].filter((c) => c.robotKey === robot.robotKey).flatMap((c) => c.messages).find((m) => m.msgSvrID === msgSvrID);
      if (!original) return fail('1', 'message not found (msgSvrID)');
      const targets = (req.friends as unknown[]).map(String);
      for (const t of targets) {
        if (t.startsWith('R:') ? !mine(state.group(t)) : !state.customer(robot.robotKey, t)) return fail('1', `unknown forward target ${t}`);
      }
      const frames: Frame[] = [];
      for (const t of [...new Set(targets)]) frames.push(...robotSends(state, robot, t, { ...original.content }, String(req.messageId)));
      // 3.7: the results are the chat/message callbacks of each target; no action answer.
      return { frames };
    }
    case 'robot.accept.friend.request': {
      const friend = String(req.friendWxid);
      const i = state.friendRequests.findIndex((f) => f.robotKey === robot.robotKey && f.userId === friend);
      if (i < 0) return fail('1', 'no pending friend request from this user', { friendWxid: friend });
      const [fr] = state.friendRequests.splice(i, 1);
      if (!state.customer(robot.robotKey, friend)) {
        state.customers.push({ robotKey: robot.robotKey, userId: friend, name: fr!.name, realRemarks: '', remarks: '', status: 1, isOuterUser: 1, mobile: '', gender: 0, tags: [], gmtCreate: formatTime(now()) });
      }
      state.touch();
      return ok({ friendWxid: friend });
    }
    case 'robot.phone.contact.add': {
      const phone = String(req.phone);
      if (!/^\+?[0-9][0-9 -]{4,19}$/.test(phone)) return fail('1', 'invalid phone number', { phone });
      const seq = state.nextSeq();
      const userId = `78813500000${String(seq % 100_000).padStart(5, '0')}`;
      const name = `手机联系人${phone.slice(-4)}`;
      state.customers.push({ robotKey: robot.robotKey, userId, name, realRemarks: '', remarks: '', status: 1, isOuterUser: 1, mobile: phone, gender: 1, tags: [], gmtCreate: formatTime(now()) });
      state.touch();
      return ok({ phone, userData: { wechatImgUrl: 'https://media.example.invalid/wx.png', userId: num(userId), name, gender: 1, isOuterUser: 1 } });
    }
    case 'robot.cust.tags': {
      const cust = state.customer(robot.robotKey, req.userId);
      if (!cust) return fail('1', 'customer not found', { userId: String(req.userId) });
      const tags = ((req.tags as unknown[]) ?? []).map(String);
      const erasing = ((req.erasingTags as unknown[]) ?? []).map(String);
      const known = state.labelIds();
      const unknown = [...tags, ...erasing].find((t) => !known.has(t));
      if (unknown) return fail('1', `unknown tag ${unknown}`);
      const busy = ctx.busyTags.get(robot.robotKey);
      const log = (okFlag: boolean, msg: string) => state.tagOps.push({ at: now(), robotKey: robot.robotKey, userId: cust.userId, ok: okFlag, msg });
      if (busy) {
        // 3.11 "打标签需要排队，单个机器人并发容易出错": both operations fail.
        busy.collided = true;
        state.tagOverlaps += 1;
        log(false, TAG_COLLISION_MSG);
        state.touch();
        return fail('1', TAG_COLLISION_MSG, { userId: cust.userId, tags, erasingTags: erasing });
      }
      const op = { collided: false };
      ctx.busyTags.set(robot.robotKey, op);
      await sleep(ctx.tagLatencyMs);
      ctx.busyTags.delete(robot.robotKey);
      if (op.collided) {
        log(false, TAG_COLLISION_MSG);
        state.touch();
        return fail('1', TAG_COLLISION_MSG, { userId: cust.userId, tags, erasingTags: erasing });
      }
      cust.tags = [...new Set([...cust.tags.filter((t) => !erasing.includes(t)), ...tags])];
      log(true, 'OK');
      state.touch();
      return ok({ erasingTags: erasing, userId: cust.userId, tags });
    }
    case 'robot.tags.sync':
      return ok({
        wxid: num(robot.wxid),
        groupLabels: [...state.labels, ...(state.personLabel ? [state.personLabel] : [])].map((l) => labelWire(l, true)),
        companyName: '模拟企业（假）',
        personLabel: state.personLabel ? labelWire(state.personLabel, true) : null,
        companyId: COMPANY_ID,
      });
    case 'robot.cust.remark': {
      const cust = state.customer(robot.robotKey, req.userId);
      if (!cust) return fail('1', 'customer not found', { userId: String(req.userId) });
      if (typeof req.realRemark === 'string') cust.realRemarks = req.realRemark;
      if (typeof req.userRemark === 'string') cust.remarks = req.userRemark;
      state.touch();
      return ok({ userId: cust.userId, ...(req.realRemark !== undefined ? { realRemark: req.realRemark } : {}), ...(req.userRemark !== undefined ? { userRemark: req.userRemark } : {}) });
    }
    case 'robot.info.modify': {
      for (const k of ['phone', 'position', 'mobile', 'gender'] as const) if (req[k] !== undefined) (robot as unknown as Record<string, unknown>)[k] = req[k];
      if (typeof req.name === 'string') robot.nickName = req.name;
      if (typeof req.alias === 'string') robot.alias = req.alias;
      state.touch();
      return ok({ phone: robot.phone, position: robot.position, mobile: robot.mobile, address: '模拟地址', alias: robot.alias, gender: robot.gender, name: robot.nickName });
    }
    case 'robot.delete.group.members': {
      const g = group();
      if (!mine(g)) return fail('1', 'group not found', { groupId: req.groupId });
      const ids = (req.members as unknown[]).map(String);
      const missing = ids.find((id) => !g!.members.some((m) => m.userId === id));
      if (missing) return fail('1', `not a member: ${missing}`, { groupId: req.groupId });
      if (ids.includes(g!.ownerId)) return fail('1', 'the owner cannot be removed', { groupId: req.groupId });
      g!.members = g!.members.filter((m) => !ids.includes(m.userId));
      g!.admins = g!.admins.filter((a) => !ids.includes(a));
      state.touch();
      return ok({ dts: String(now()), friends: ids.map(num), groupId: g!.conversationId, robotBizType: '5' });
    }
    case 'robot.conv.admins': {
      const g = group();
      if (!mine(g)) return fail('1', 'invalid conversion id', { siteCode: 'sim_chat', conversationId: req.conversationId, robotBizType: 5 });
      return ok({ siteCode: 'sim_chat', conversationId: g!.conversationId, robotBizType: 5, admins: [...g!.admins] });
    }
    case 'robot.conv.modify.admins': {
      const g = group();
      const extra = { siteCode: 'sim_chat', opcode: req.opcode, conversationId: req.conversationId, robotBizType: 5, admins: (req.admins as unknown[]).map(String) };
      if (!mine(g)) return fail('1', 'invalid conversion id', extra);
      const ids = (req.admins as unknown[]).map(String);
      if (req.opcode === 1) {
        const notStaff = ids.find((id) => !g!.members.some((m) => m.userId === id && m.staff));
        if (notStaff) return fail('30', 'members are not staff member', extra);
        const after = [...new Set([...g!.admins, ...ids.filter((id) => id !== g!.ownerId)])];
        if (after.length > 3) return fail('1', 'too many admins: at most 3 besides the owner', extra);
        g!.admins = after;
      } else {
        g!.admins = g!.admins.filter((a) => !ids.includes(a));
      }
      state.touch();
      return ok(extra);
    }
    case 'robot.invite.friends.join.group': {
      const g = group();
      if (!mine(g)) return fail('1', 'group not found', { groupId: req.groupId });
      const ids = (req.friends as unknown[]).map(String);
      const people = ids.map((id) => state.customer(robot.robotKey, id));
      const unknownIdx = people.findIndex((p) => !p);
      if (unknownIdx >= 0) return fail('1', `not a friend of the robot: ${ids[unknownIdx]}`, { groupId: req.groupId });
      const added = people.filter((p) => !g!.members.some((m) => m.userId === p!.userId));
      for (const p of added) g!.members.push({ userId: p!.userId, name: p!.name, staff: false });
      state.touch();
      const frames: Frame[] = added.length ? [membersChangedFrame(state, robot, g!, added.map((p) => ({ userId: p!.userId, nickName: p!.name })), now())] : [];
      return { ...ok({ dts: String(now()), friends: ids.map(num), groupId: g!.conversationId, robotBizType: '5' }), frames };
    }
    case 'robot.modify.group.name': {
      const g = group();
      if (!mine(g)) return fail('1', 'group not found', { groupId: req.groupId });
      g!.name = String(req.newName);
      const chat = state.chats.get(`S:${robot.wxid}_${g!.conversationId}`);
      if (chat) chat.chatName = g!.name;
      state.touch();
      return ok({ dts: String(now()), newName: g!.name, groupId: g!.conversationId, robotBizType: '5' });
    }
    case 'robot.create.group': {
      const ids = (req.memberWxids as unknown[]).map(String);
      const members = ids.map((id) => {
        const c = state.customer(robot.robotKey, id);
        if (c) return { userId: c.userId, name: c.name, staff: false };
        const staff = state.groups.flatMap((g) => g.members).find((m) => m.userId === id && m.staff);
        return staff ? { ...staff } : undefined;
      });
      const bad = members.findIndex((m) => !m);
      if (bad >= 0) return fail('1', `unknown member ${ids[bad]}`);
      const seq = state.nextSeq();
      const cid = `R:106961000000${String(seq % 100_000).padStart(5, '0')}`;
      const topic = typeof req.topic === 'string' && req.topic ? req.topic : members.map((m) => m!.name).slice(0, 3).join('、');
      state.groups.push({
        robotKey: robot.robotKey,
        conversationId: cid,
        name: topic,
        ownerId: robot.wxid,
        members: [{ userId: robot.wxid, name: robot.nickName, staff: true }, ...(members as { userId: string; name: string; staff: boolean }[])],
        admins: [],
        notice: '',
        status: 1,
        createTime: formatTime(now()),
      });
      state.touch();
      // The doc's example shows conversationId and groupWxid with different values without saying
      // which is the group; the simulator answers the same id in both.
      return ok({ dts: String(now()), newName: topic, conversationId: cid, groupWxid: cid, memberWxids: ids.map(num), topic, robotBizType: '5' });
    }
    case 'robot.contacts.inquiry': {
      const contacts: unknown[] = [];
      for (const id of (req.contacts as unknown[]).map(String)) {
        if (id.startsWith('R:')) {
          const g = state.group(id);
          if (!mine(g)) continue;
          contacts.push({
            name: g!.name,
            creatorId: num(g!.ownerId),
            memberCount: g!.members.length,
            normalMemberCount: g!.members.length,
            outerUserCount: g!.members.filter((m) => !m.staff).length,
            isOuterGroupConversation: g!.members.some((m) => !m.staff) ? 1 : 0,
            createTime: g!.createTime,
            conversationId: g!.conversationId,
            memberList: g!.members.map((m) => ({
              userId: num(m.userId),
              name: m.name,
              realName: m.staff ? m.name : '',
              nickName: '',
              namePinyin: '',
              avatorUrl: 'https://media.example.invalid/avatar.png',
              gender: 1,
              position: m.staff ? '员工' : '',
              companyId: num(m.staff ? COMPANY_ID : '1970325000000999'),
              isOuterUser: m.staff ? 0 : 1,
              isExternalUser: m.staff ? 0 : 1,
              isRobot: state.robotByWxid(m.userId) ? 1 : 0,
            })),
          });
        } else {
          const c = state.customer(robot.robotKey, id);
          if (!c) continue;
          contacts.push({
            avatorUrl: 'https://media.example.invalid/avatar.png',
            companyId: '1970325000000999',
            name: c.name,
            namePinyin: '',
            phone: c.mobile,
            officePhone: '',
            realRemarks: c.realRemarks,
            remarks: c.remarks,
            userId: c.userId,
            wechatImgUrl: 'https://media.example.invalid/wx.png',
          });
        }
      }
      return ok({ dts: String(now()), reqContacts: (req.contacts as unknown[]).map((x) => (typeof x === 'number' ? num(x) : x)), robotBizType: '5', contacts });
    }
    case 'robot.set.group.announcement': {
      const g = group();
      if (!mine(g)) return fail('1', 'group not found', { groupId: req.groupId });
      g!.notice = String(req.notice);
      state.touch();
      return ok({ dts: String(now()), groupId: g!.conversationId, ...(req.isAll !== undefined ? { isAll: req.isAll } : {}), notice: g!.notice, robotBizType: '5' });
    }
    default:
      return fail('1', `unknown type ${JSON.stringify(type).slice(0, 80)}`);
  }
}
