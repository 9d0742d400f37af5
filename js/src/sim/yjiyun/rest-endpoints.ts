// The 有机云 REST endpoints (2.2–2.11) by name: each reads its parameters and answers like the doc's examples.
import { checkYjiyun } from '../../yjiyun/rules.js';
import { ASSIGN_TO } from './state.js';
import type { SimYjMessage, SimYjRobot, SimYjState, SimYjTask } from './state.js';
import type { SimYjTaskRunner } from './tasks.js';
import { handleAction, num } from './actions.js';
import type { ActionContext, Frame } from './actions.js';
import { failReply, okReply } from './context.js';
import type { Reply } from './context.js';

const MAX_PAGE_SIZE = 100;

/** A bad parameter: the gateway answers code 1 with its message. */
export class BadParam extends Error {}

/** An endpoint's handler: the parameters (form, or a JSON body's fields) and the raw body text. */
export type EndpointHandler = (f: URLSearchParams, jsonText: string) => Promise<Reply>;

export interface EndpointDeps {
  state: SimYjState;
  now: () => number;
  tasks: SimYjTaskRunner;
  actionCtx: ActionContext;
  broadcast: (frames: Frame[]) => void;
  /** The simulator's base URL (download links). */
  url: () => string;
}

export function restEndpoints({ state, now, tasks, actionCtx, broadcast, url }: EndpointDeps): Record<string, EndpointHandler> {
  const int = (f: URLSearchParams, k: string): number | undefined => {
    const v = f.get(k);
    if (v === null || v === '') return undefined;
    if (!/^-?\d+$/.test(v)) throw new BadParam(`${k} must be an integer`);
    return Number(v);
  };
  const str = (f: URLSearchParams, k: string): string | undefined => f.get(k) ?? undefined;
  const need = (f: URLSearchParams, k: string): string => {
    const v = f.get(k);
    if (v === null || v === '') throw new BadParam(`${k} is required`);
    return v;
  };
  const robotOf = (f: URLSearchParams): SimYjRobot => {
    const r = state.robotByKey(need(f, 'robotKey'));
    if (!r) throw new BadParam('robotKey: robot not found');
    return r;
  };
  function page<T>(f: URLSearchParams, items: T[]): { total: number; data: T[] } {
    const pageNum = int(f, 'pageNum') ?? 1;
    const pageSize = Math.min(MAX_PAGE_SIZE, int(f, 'pageSize') ?? 20);
    if (pageNum < 1 || pageSize < 1) throw new BadParam('pageNum and pageSize must be >= 1');
    return { total: items.length, data: items.slice((pageNum - 1) * pageSize, pageNum * pageSize) };
  }

  const messageWire = (m: SimYjMessage) => ({
    messageId: m.messageId,
    msgSvrID: m.msgSvrID,
    timestamp: m.timestamp,
    robotKey: m.robotKey,
    chatId: m.chatId,
    chatUser: m.chatUser,
    chatName: m.chatName,
    sendStatus: m.from.isSelf ? (m.sendStatus ?? 1) : undefined,
    from: m.from,
    isGroupChat: m.isGroupChat,
    content: m.content,
  });

  return {
    'robot/list': async () =>
      okReply({
        model: state.robots.map((r) => ({
          lastLoginTime: r.lastLoginTime,
          aliasName: r.alias || null,
          robotKey: r.robotKey,
          headImg: r.headImg,
          color: null,
          serviceCode: null,
          robotStatus: r.robotStatus,
          nickName: r.nickName,
          clientCode: r.clientCode,
          wxid: r.wxid,
          officialUserId: r.officialUserId,
          corpid: r.corpid,
          masterClientCode: r.clientCode,
        })),
      }),
    'external/user/list': async (f) => {
      const robot = robotOf(f);
      const status = int(f, 'status');
      const userId = str(f, 'userId');
      const name = str(f, 'name');
      const tagNames = f.getAll('tagList');
      const tagIds = new Set<string>();
      const walk = (l: (typeof state.labels)[number]) => {
        if (tagNames.includes(l.name)) tagIds.add(l.labelId);
        l.sub.forEach(walk);
      };
      state.labels.forEach(walk);
      if (state.personLabel) walk(state.personLabel);
      const items = state.customers.filter(
        (c) =>
          c.robotKey === robot.robotKey &&
          (status === undefined || c.status === status) &&
          (userId === undefined || c.userId === userId) &&
          (name === undefined || c.name.includes(name) || c.realRemarks.includes(name)) &&
          (tagNames.length === 0 || c.tags.some((t) => tagIds.has(t))),
      );
      const p = page(f, items);
      return {
        msg: 'OK',
        total: p.total,
        code: '0',
        data: p.data.map((c) => ({
          robotKey: c.robotKey,
          userId: num(c.userId),
          name: c.name,
          realRemarks: c.realRemarks,
          remarks: c.remarks,
          avatorUrl: 'https://media.example.invalid/avatar.png',
          status: c.status,
          isOuterUser: c.isOuterUser,
          isExternalUser: 1,
          isDelete: c.status === 0 ? 1 : 0,
          mobile: c.mobile,
          gender: c.gender,
          gmtCreate: c.gmtCreate,
          gmtModify: c.gmtCreate,
        })),
      };
    },
    'group/list': async (f) => {
      const robot = robotOf(f);
      const status = int(f, 'status');
      const cid = str(f, 'conversationId');
      const creatorId = str(f, 'creatorId');
      const name = str(f, 'name');
      const items = state.groups.filter(
        (g) =>
          g.robotKey === robot.robotKey &&
          (status === undefined || g.status === status) &&
          (cid === undefined || g.conversationId === cid) &&
          (creatorId === undefined || g.ownerId === creatorId) &&
          (name === undefined || g.name.includes(name)),
      );
      const p = page(f, items);
      return {
        msg: 'OK',
        total: p.total,
        code: '0',
        data: p.data.map((g) => ({
          robotKey: g.robotKey,
          conversationId: g.conversationId,
          name: g.name,
          creatorId: num(g.ownerId),
          creatorName: g.members.find((m) => m.userId === g.ownerId)?.name ?? '',
          memberCount: g.members.length,
          outerUserCount: g.members.filter((m) => !m.staff).length,
          status: g.status,
          isOuterGroupConversation: g.members.some((m) => !m.staff) ? 1 : 0,
          createTime: g.createTime,
          gmtCreate: g.createTime,
          gmtModify: g.createTime,
        })),
      };
    },
    'grouptag/list/download': async (f) => {
      const selection = f.has('robotKey') || f.has('conversationIds');
      const query = f.has('robotKeys');
      if (selection === query) throw new BadParam('give either robotKey + conversationIds or robotKeys (2.5)');
      const groups = selection
        ? state.groups.filter((g) => g.robotKey === f.get('robotKey') && f.getAll('conversationIds').includes(g.conversationId))
        : state.groups.filter((g) => f.getAll('robotKeys').includes(g.robotKey) && (f.get('name') === null || g.name.includes(f.get('name')!)));
      const id = String(state.nextSeq());
      const csv = ['序号,群名称,群主,状态,群类型,群人数,创建时间', ...groups.map((g, i) => [i, g.name, g.members.find((m) => m.userId === g.ownerId)?.name ?? '', g.status ? '正常' : '解散', g.members.some((m) => !m.staff) ? '外部群' : '内部群', g.members.length, g.createTime].join(','))].join('\n');
      state.downloads.set(id, csv);
      return { msg: 'OK', code: '0', downloadUrl: `${url()}/__sim/download/${id}.csv` };
    },
    'group/member/list': async (f) => {
      const robot = robotOf(f);
      const g = state.group(need(f, 'conversationId'));
      const status = int(f, 'status');
      const memberUserId = str(f, 'memberUserId');
      const memberName = str(f, 'memberName');
      const members = g && g.robotKey === robot.robotKey ? g.members : [];
      const items = members.filter((m) => (status === undefined || status === 1) && (memberUserId === undefined || m.userId === memberUserId) && (memberName === undefined || m.name.includes(memberName)));
      const p = page(f, items);
      return {
        msg: 'OK',
        total: p.total,
        code: '0',
        data: p.data.map((m) => ({
          robotKey: robot.robotKey,
          conversationId: g!.conversationId,
          conversationName: g!.name,
          userId: num(m.userId),
          name: m.name,
          avatorUrl: 'https://media.example.invalid/avatar.png',
          status: 1,
          ...(m.userId === g!.ownerId ? { isCreator: '1' } : {}),
          isOuterUser: m.staff ? 0 : 1,
          isExternalUser: m.staff ? 0 : 1,
          gmtCreate: g!.createTime,
          gmtModify: g!.createTime,
        })),
      };
    },
    'multiple/task/save': async (_, jsonText) => {
      const v = checkYjiyun('multiple/task/save', jsonText).filter((x) => x.severity === 'error');
      if (v.length) return failReply('1', `${v[0]!.field}: ${v[0]!.message}`);
      const task: SimYjTask = { at: now(), body: JSON.parse(jsonText) };
      state.tasks.push(task);
      tasks.schedule(task);
      state.touch();
      return { code: '0', msg: 'ok' };
    },
    'bridge': async (_, jsonText) => {
      const outcome = await handleAction(actionCtx, jsonText);
      if (outcome.frames?.length) broadcast(outcome.frames);
      if (outcome.reply) return outcome.reply;
      const req = JSON.parse(jsonText) as Reply;
      return { messageId: req.messageId, type: req.type, robotKey: req.robotKey, code: '0', msg: 'ok' };
    },
    'group/setting/duplicate': async (f) => {
      const body = { chatroom: f.getAll('chatroom'), g: f.get('g'), module: f.getAll('module'), r: f.get('r'), robotKey: f.getAll('robotKey') };
      const v = checkYjiyun('group/setting/duplicate', JSON.stringify(body)).filter((x) => x.severity === 'error');
      if (v.length) return failReply('1', `${v[0]!.field}: ${v[0]!.message}`);
      state.settings.push({ at: now(), body });
      state.touch();
      return { code: '0', msg: 'OK' };
    },
    'chat/list': async (f) => {
      const count = int(f, 'count');
      if (count === undefined || count < 1) throw new BadParam('count is required (>= 1)');
      const ts = int(f, 'timestamp') ?? now();
      const rk = str(f, 'robotKey');
      const chats = [...state.chats.values()]
        .filter((c) => (rk === undefined || c.robotKey === rk) && c.lastMsgActive <= ts && c.messages.length > 0)
        .sort((a, b) => b.lastMsgActive - a.lastMsgActive)
        .slice(0, count);
      return okReply({
        chats: chats.map((c) => {
          const r = state.robotByKey(c.robotKey)!;
          return {
            chatId: c.chatId,
            chatUser: c.chatUser,
            chatName: c.chatName,
            chatHeadImg: 'https://media.example.invalid/chat.png',
            isGroupChat: c.isGroupChat,
            lastMsgActive: c.lastMsgActive,
            unreadCount: c.unreadCount,
            botInfo: { robotKey: r.robotKey, wxid: r.wxid, nickName: r.nickName, headImg: r.headImg },
            pushContent: c.pushContent,
            assignTo: ASSIGN_TO,
          };
        }),
      });
    },
    'chat/message': async (f) => {
      const robot = robotOf(f);
      const chatUser = need(f, 'chatUser');
      const chat = state.chats.get(`S:${robot.wxid}_${chatUser}`);
      const ct = int(f, 'contentType');
      const from = int(f, 's_timestamp');
      const to = int(f, 'timestamp') ?? now();
      const ids = f.getAll('msgIds');
      const offset = int(f, 'offset') ?? 0;
      const count = int(f, 'count') ?? 20;
      if (offset < 0 || count < 1) throw new BadParam('offset must be >= 0 and count >= 1');
      const items = (chat?.messages ?? [])
        .filter((m) => (ct === undefined || m.content.contentType === ct) && (from === undefined || m.timestamp >= from) && m.timestamp <= to && (ids.length === 0 || ids.includes(m.messageId)))
        .sort((a, b) => b.timestamp - a.timestamp || b.msgSvrID.localeCompare(a.msgSvrID))
        .slice(offset, offset + count);
      return okReply({ model: items.map(messageWire) });
    },
    'unreadmsg/clean': async (f) => {
      const c = state.chats.get(need(f, 'chatId'));
      if (!c) return failReply('1', 'chat not found');
      c.unreadCount = 0;
      state.touch();
      return { code: '0', msg: 'ok' };
    },
    'contact/sync': async (f) => {
      robotOf(f);
      const t = int(f, 'syncType');
      if (t !== undefined && (t < 0 || t > 4)) throw new BadParam('syncType must be 0..4');
      return { code: '0', msg: 'ok' };
    },
  };
}
