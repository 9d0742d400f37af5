// `startYjiyunSimulator`: a local 有机云 on 127.0.0.1. One node:http server carries
//   - the REST API (/robotapi/client/auth, /wxworkapi/...): token issue / extension / expiry,
//     request_id checks (32 characters, never reused), form vs JSON per endpoint, the doc's
//     answers (`code` strings, lists under data / model / chats), 1000 and 5000 on demand;
//   - socket.io on the `/imchat` namespace (`?token=`, `msgFilter=1`): message sends echoed as
//     chat + message callbacks (3.4), every action answered like the doc's examples, tag
//     operations that fail when they overlap for one robot (3.11), inbound messages, friend
//     requests and member changes injected by the JS API or the admin endpoints;
//   - admin JSON under /__sim/ and an inspection page at /.
// Rules are the same Rust engine the SDK uses (`checkYjiyun`).
import { sleep } from '../../core/retry.js';
import http from 'node:http';
import { hexId } from '../../core/ids.js';
import type { AddressInfo } from 'node:net';
import * as rawParser from '../../yjiyun/socket-parser.js';
import * as rawParserV2 from '../../yjiyun/socket-parser-v2.js';
import { RawJson, stringifyWithRaw } from '../../yjiyun/socket-parser.js';
import { checkYjiyun } from '../../yjiyun/rules.js';
import { YJIYUN_ENDPOINT_ROWS } from '../../generated/yjiyun-tables.js';
import { SimYjState, ASSIGN_TO, formatTime } from './state.js';
import type { SeedOptions, SimYjMessage, SimYjRobot, SimYjRequestLog, SimYjTask } from './state.js';
import { SimYjTaskRunner } from './tasks.js';
import { chatFrame, handleAction, num, robotSends } from './actions.js';
import type { ActionContext, Frame } from './actions.js';
import { simRequestListener } from '../http.js';
import { YJIYUN_PAGE_HTML } from '../pages/index.js';
import { importOptional } from '../../core/optional.js';

/** Options for {@link startYjiyunSimulator}. */
export interface YjiyunSimulatorOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** The account's accessKey (default `sim-access-key`). */
  accessKey?: string;
  /** The account's accessSecret (default `sim-access-secret-not-real`). */
  accessSecret?: string;
  /** Token lifetime reported and enforced (default 1451, the doc's example). */
  expireMinutes?: number;
  /** Clock (epoch ms), injectable for token-expiry tests. */
  now?: () => number;
  /** How long a robot.cust.tags takes; an overlapping one for the same robot fails. Default 30 ms. */
  tagLatencyMs?: number;
  /** Delay before send callbacks. Default 5 ms. */
  callbackDelayMs?: number;
  /**
   * The socket.io generation to serve: 4 (socket.io v4, peer `socket.io`) or 2 (socket.io v2,
   * peer `socket.io-v2`, an npm alias of socket.io@2), since the doc names no version. Default 4.
   */
  socketio?: 2 | 4;
  /**
   * Multiplies every wait of a mass-send task (2.7: start time, 30 s or perSuitSecond between
   * batches); 0.001 runs a 45 s interval in 45 ms. Default 1.
   */
  taskTimeScale?: number;
  /** How often connections with an expired token are dropped. Default 200 ms. */
  sweepMs?: number;
  /**
   * Plays a server that reads an endpoint in the other format, e.g. `{ 'client/auth': 'json' }`
   * for a 2.1 that takes the doc's JSON example. By default only 2.7 and 2.8 read JSON (1.2).
   * A JSON endpoint answers a form with HTTP 415, as a Spring `@RequestBody` does; a form
   * endpoint given JSON finds no parameters.
   */
  bodyFormats?: Partial<Record<string, 'form' | 'json'>>;
  /** How much fake data to seed. */
  seed?: SeedOptions;
}

/** An inbound message for {@link YjiyunSimulator.say}: who writes to the robot, where, and what. */
export interface YjiyunSayInput {
  /** The robot written to. Default the first robot. */
  robotKey?: string;
  /** A group (`R:…`) of the robot; omit for a private chat. */
  groupId?: string;
  /** Private chat: the customer (default: the robot's first customer). */
  userId?: string;
  /** Group: the member who speaks (default: the first external member). */
  fromUserId?: string;
  /** Text message content (contentType 1). */
  text?: string;
  /** Full content instead of `text` (e.g. `{ contentType: 7, pic }`). */
  content?: Record<string, unknown>;
  /** Ids to @ (comma-joined on the wire). */
  atUserList?: string[];
  /** Also @ the robot (groups). */
  atRobot?: boolean;
}

/** A fault for {@link YjiyunSimulator.fault}: what the next `count` matching REST requests or socket frames get instead of a normal answer. */
export interface YjiyunFault {
  /** Platform code to answer with, e.g. "5000", "1000", "1". Ignored when `silent`. */
  code?: string;
  /** Socket frames: swallow the frame and answer nothing (for timeout tests). A REST request gets code 5000 instead. */
  silent?: boolean;
  /** Message to answer with. Default per code (5000 服务器繁忙, 1000 用户认证失败). */
  msg?: string;
  /** How many requests / frames get it. Default 1. */
  count?: number;
  /**
   * Socket frames: handle the frame, but answer with the messageId the doc's 3.4, 3.7 and 3.24
   * callback examples show, one more "0" after the 14-digit time (`2020030216285000000001` →
   * `20200302162850000000001`), to test that callbacks are correlated exactly.
   */
  typoMessageId?: boolean;
}

/** The doc's 3.4/3.7/3.24 examples: the callback's messageId has one more "0" after the time. */
export const typoYjiyunMessageId = (id: string): string => `${id.slice(0, 14)}0${id.slice(14)}`;

/** A running local 有机云, as {@link startYjiyunSimulator} returns it. */
export interface YjiyunSimulator {
  /** The socket.io generation served (`socketio` option). */
  socketio: 2 | 4;
  /** `http://127.0.0.1:<port>`: REST API, socket.io (`/imchat`), admin JSON under `/__sim/`, the page at `/`. */
  url: string;
  port: number;
  /** The account's accessKey for client/auth. */
  accessKey: string;
  /** The account's accessSecret for client/auth. */
  accessSecret: string;
  /** The live platform state. */
  state: SimYjState;
  /** The seeded robots (same array as `state.robots`). */
  robots: SimYjRobot[];
  /** A customer or group member writes to the robot: chat (3.3) + message (3.2) frames. */
  say(input: YjiyunSayInput): { messageId: string; msgSvrID: string; chatId: string };
  /** 3.8 robot.on.new.friend.request. */
  friendRequest(input?: { robotKey?: string; userId?: string; name?: string; reason?: string }): { userId: string };
  /** 3.22 robot.group.members.changed (the members are added to the group). */
  membersChanged(input: { robotKey?: string; conversationId: string; newMembers: { userId: string; nickName?: string }[] }): void;
  /** Drops every socket: `transport` closes the connection, `server` sends a socket.io disconnect. Returns how many. */
  drop(options?: { mode?: 'transport' | 'server' }): number;
  /** Expires every token now (connected sockets are dropped by the sweep). */
  expireTokens(): void;
  /** Answers the next `count` requests of a REST endpoint (tail), an action type, or `message` with `code`. */
  fault(name: string, fault: YjiyunFault): void;
  /** Connected sockets. */
  connections(): number;
  /** Stops the token sweep, disconnects every socket and closes the server. */
  close(): Promise<void>;
}

/** Every REST endpoint by path tail, with its full path and body format (generated from src/yjiyun/mod.rs). */
const ENDPOINTS = new Map<string, (typeof YJIYUN_ENDPOINT_ROWS)[number]>(YJIYUN_ENDPOINT_ROWS.map((e) => [e.endpoint, e]));

/** A JSON body's fields as form parameters (arrays as repeated keys); nested objects are not parameters. */
function jsonParams(fields: Record<string, unknown>): URLSearchParams {
  const p = new URLSearchParams();
  const put = (k: string, v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') p.append(k, String(v));
  };
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) v.forEach((x) => put(k, x));
    else put(k, v);
  }
  return p;
}

const MAX_BODY = 1 << 20;
const MAX_PAGE_SIZE = 100;

type Reply = Record<string, unknown>;
const okReply = (extra: Reply = {}): Reply => ({ msg: 'OK', code: '0', ...extra });
const failReply = (code: string, msg: string): Reply => ({ code, msg });

class BadParam extends Error {}


/** The parts of a socket.io server (v2 or v4) the simulator uses. */
interface IoServerLike {
  of(nsp: string): {
    sockets: Map<string, unknown> | Record<string, unknown>;
    use(fn: (socket: SocketLike, next: (err?: Error) => void) => void): unknown;
    on(event: 'connection', fn: (socket: unknown) => void): unknown;
  };
  close(fn?: () => void): unknown;
}

/** A factory of the real socket.io server of `generation`, with the raw-text parser. */
async function socketIoServer(generation: 2 | 4): Promise<(server: http.Server) => IoServerLike> {
  if (generation === 4) {
    const { Server } = await importOptional<typeof import('socket.io')>('socket.io', 'startYjiyunSimulator');
    return (server) => new Server(server, { parser: rawParser, serveClient: false }) as unknown as IoServerLike;
  }
  const mod = await importOptional<{ default?: unknown }>('socket.io-v2', 'startYjiyunSimulator (socket.io v2)');
  const create = (typeof mod.default === 'function' ? mod.default : mod) as (server: http.Server, opts: Record<string, unknown>) => IoServerLike;
  return (server) => create(server, { parser: rawParserV2, serveClient: false });
}

interface SocketLike {
  id: string;
  data: { token?: string; msgFilter?: boolean };
  connected: boolean;
  emit(event: string, ...args: unknown[]): boolean;
  disconnect(close?: boolean): unknown;
  conn: { close(): unknown };
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  handshake: { query: Record<string, unknown> };
}

/**
 * Starts a local 有机云 on 127.0.0.1: the REST API, socket.io on `/imchat`, admin JSON under
 * `/__sim/` and an inspection page at `/`, seeded with fake robots, customers, groups, tags and
 * history. Needs the optional peer dependency `socket.io`.
 */
export async function startYjiyunSimulator(options: YjiyunSimulatorOptions = {}): Promise<YjiyunSimulator> {
  const generation = options.socketio ?? 4;
  if (generation !== 2 && generation !== 4) throw new TypeError('socketio must be 2 or 4');
  const makeServer = await socketIoServer(generation);
  const now = options.now ?? Date.now;
  const accessKey = options.accessKey ?? 'sim-access-key';
  const accessSecret = options.accessSecret ?? 'sim-access-secret-not-real';
  const expireMinutes = options.expireMinutes ?? 1451;
  const callbackDelayMs = options.callbackDelayMs ?? 5;
  const state = new SimYjState(now);
  // 2.7 tasks are run, not only stored (./tasks.ts).
  const tasks = new SimYjTaskRunner(state, (frames) => broadcast(frames), { timeScale: options.taskTimeScale ?? 1 });
  state.seed(options.seed);
  const tokens = new Map<string, { createTime: number; expiresAt: number }>();
  let accountToken: string | undefined;
  const seenRequestIds = new Set<string>();
  const faults = new Map<string, { code: string; count: number; msg?: string; silent: boolean; typo: boolean }>();
  let urlBase = '';

  const tokenValid = (t: unknown): boolean => {
    if (typeof t !== 'string') return false;
    const e = tokens.get(t);
    return e !== undefined && e.expiresAt > now();
  };

  function takeFault(name: string): Reply | 'silent' | 'typo' | undefined {
    const f = faults.get(name);
    if (!f || f.count <= 0) return undefined;
    f.count -= 1;
    if (f.silent) return 'silent';
    if (f.typo) return 'typo';
    return failReply(f.code, f.msg ?? (f.code === '5000' ? '服务器繁忙' : f.code === '1000' ? '用户认证失败' : 'injected fault'));
  }

  // ---- REST ---------------------------------------------------------------------------------

  function auth(f: URLSearchParams): Reply {
    if (f.get('accessKey') !== accessKey || f.get('accessSecret') !== accessSecret) return failReply('1000', '用户认证失败');
    const t = now();
    const live = accountToken && tokens.get(accountToken);
    if (accountToken && live && live.expiresAt > t) {
      // 2.1 备注: calling again within the lifetime extends the token.
      live.expiresAt = t + expireMinutes * 60_000;
    } else {
      accountToken = hexId(16);
      tokens.set(accountToken, { createTime: t, expiresAt: t + expireMinutes * 60_000 });
    }
    const e = tokens.get(accountToken)!;
    return { code: '0', msg: 'OK', data: { createTime: e.createTime, expireMinutes, accessToken: accountToken, username: accessKey } };
  }

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

  async function restEndpoint(endpoint: string, f: URLSearchParams, jsonText: string): Promise<Reply> {
    switch (endpoint) {
      case 'robot/list':
        return okReply({
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
        });
      case 'external/user/list': {
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
      }
      case 'group/list': {
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
      }
      case 'grouptag/list/download': {
        const selection = f.has('robotKey') || f.has('conversationIds');
        const query = f.has('robotKeys');
        if (selection === query) throw new BadParam('give either robotKey + conversationIds or robotKeys (2.5)');
        const groups = selection
          ? state.groups.filter((g) => g.robotKey === f.get('robotKey') && f.getAll('conversationIds').includes(g.conversationId))
          : state.groups.filter((g) => f.getAll('robotKeys').includes(g.robotKey) && (f.get('name') === null || g.name.includes(f.get('name')!)));
        const id = String(state.nextSeq());
        const csv = ['序号,群名称,群主,状态,群类型,群人数,创建时间', ...groups.map((g, i) => [i, g.name, g.members.find((m) => m.userId === g.ownerId)?.name ?? '', g.status ? '正常' : '解散', g.members.some((m) => !m.staff) ? '外部群' : '内部群', g.members.length, g.createTime].join(','))].join('\n');
        state.downloads.set(id, csv);
        return { msg: 'OK', code: '0', downloadUrl: `${urlBase}/__sim/download/${id}.csv` };
      }
      case 'group/member/list': {
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
      }
      case 'multiple/task/save': {
        const v = checkYjiyun('multiple/task/save', jsonText).filter((x) => x.severity === 'error');
        if (v.length) return failReply('1', `${v[0]!.field}: ${v[0]!.message}`);
        const task: SimYjTask = { at: now(), body: JSON.parse(jsonText) };
        state.tasks.push(task);
        tasks.schedule(task);
        state.touch();
        return { code: '0', msg: 'ok' };
      }
      case 'bridge': {
        const outcome = await handleAction(actionCtx, jsonText);
        if (outcome.frames?.length) broadcast(outcome.frames);
        if (outcome.reply) return outcome.reply;
        const req = JSON.parse(jsonText) as Reply;
        return { messageId: req.messageId, type: req.type, robotKey: req.robotKey, code: '0', msg: 'ok' };
      }
      case 'group/setting/duplicate': {
        const body = { chatroom: f.getAll('chatroom'), g: f.get('g'), module: f.getAll('module'), r: f.get('r'), robotKey: f.getAll('robotKey') };
        const v = checkYjiyun('group/setting/duplicate', JSON.stringify(body)).filter((x) => x.severity === 'error');
        if (v.length) return failReply('1', `${v[0]!.field}: ${v[0]!.message}`);
        state.settings.push({ at: now(), body });
        state.touch();
        return { code: '0', msg: 'OK' };
      }
      case 'chat/list': {
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
      }
      case 'chat/message': {
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
      }
      case 'unreadmsg/clean': {
        const c = state.chats.get(need(f, 'chatId'));
        if (!c) return failReply('1', 'chat not found');
        c.unreadCount = 0;
        state.touch();
        return { code: '0', msg: 'ok' };
      }
      case 'contact/sync': {
        robotOf(f);
        const t = int(f, 'syncType');
        if (t !== undefined && (t < 0 || t > 4)) throw new BadParam('syncType must be 0..4');
        return { code: '0', msg: 'ok' };
      }
      default:
        return failReply('1', 'no such API');
    }
  }

  async function rest(req: http.IncomingMessage, path: string, url: URL, raw: Buffer): Promise<[number, Reply]> {
    const prefix = path.startsWith('/robotapi/') ? '/robotapi/' : '/wxworkapi/';
    const endpoint = path.slice(prefix.length);
    const ctype = String(req.headers['content-type'] ?? '');
    const text = raw.toString('utf8');
    const format: SimYjRequestLog['format'] = raw.length === 0 ? 'empty' : /^application\/json\b/i.test(ctype) ? 'json' : /^application\/x-www-form-urlencoded\b/i.test(ctype) ? 'form' : 'other';
    const form = new URLSearchParams(format === 'form' ? text : '');
    let fields: Record<string, unknown> = {};
    if (format === 'form') {
      for (const k of new Set(form.keys())) {
        const all = form.getAll(k);
        fields[k] = all.length === 1 ? all[0] : all;
      }
    } else if (format === 'json') {
      try {
        fields = JSON.parse(text) as Record<string, unknown>;
      } catch {
        fields = { _unparseable: true };
      }
    }
    const logged = 'accessSecret' in fields ? { ...fields, accessSecret: '[redacted]' } : fields;
    const requestId = url.searchParams.get('request_id');
    const entry: SimYjRequestLog = { at: now(), endpoint, path, contentType: ctype, format, requestId, tokenHeader: req.headers.token !== undefined, fields: logged, code: '' };
    const done = (status: number, r: Reply): [number, Reply] => {
      entry.code = String(r.code ?? '');
      state.logRequest(entry);
      return [status, r];
    };
    const api = ENDPOINTS.get(endpoint);
    const expected = api && (options.bodyFormats?.[endpoint] ?? api.format);
    // The exact path too: client/auth only under /robotapi/, everything else under /wxworkapi/.
    if (!api || !expected || api.path !== path) return done(404, failReply('1', 'no such API'));
    if (req.method !== 'POST') return done(405, failReply('1', 'use POST'));
    // Refused before the handler runs (so the request_id is not used up), the way Spring's
    // @RequestBody refuses another content type; the doc gives no code for it.
    if (expected === 'json' && format !== 'json') {
      return done(415, failReply('1', 'Content-Type must be application/json;charset=UTF-8 for this API'));
    }
    // 1.3: "32 位请求号, 全局唯一, 采用 querystring 方式携带在 url 后面".
    if (!requestId) return done(200, failReply('1', 'request_id is required in the query string (1.3)'));
    if (!/^[0-9A-Za-z]{32}$/.test(requestId)) return done(200, failReply('1', 'request_id must be 32 letters or digits (1.3)'));
    if (seenRequestIds.has(requestId)) return done(200, failReply('1', 'duplicate request_id (1.3: 全局唯一)'));
    seenRequestIds.add(requestId);
    const fault = takeFault(endpoint);
    if (fault === 'silent') return done(200, failReply('5000', '服务器繁忙'));
    if (fault && fault !== 'typo') return done(200, fault); // a messageId typo is for socket callbacks
    // 1.2: form unless the endpoint says JSON (2.7, 2.8).
    if (expected === 'form' && format !== 'form' && format !== 'empty') {
      return done(200, failReply('1', 'Content-Type must be application/x-www-form-urlencoded for this API'));
    }
    // A form endpoint played as JSON (bodyFormats) reads the same parameters from the object.
    const params = expected === 'json' && api.format === 'form' ? jsonParams(fields) : form;
    if (endpoint === 'client/auth') return done(200, auth(params));
    // 1.3: the token travels in a header.
    if (!tokenValid(req.headers.token)) return done(200, failReply('1000', '用户认证失败'));
    try {
      return done(200, await restEndpoint(endpoint, params, text));
    } catch (e) {
      if (e instanceof BadParam) return done(200, failReply('1', e.message));
      throw e;
    }
  }

  // ---- socket.io ----------------------------------------------------------------------------

  const server = http.createServer();
  const io = makeServer(server);
  const nsp = io.of('/imchat');
  // v4 keeps a Map of sockets, v2 an object.
  const sockets = () => (nsp.sockets instanceof Map ? [...nsp.sockets.values()] : Object.values(nsp.sockets)) as unknown as SocketLike[];

  function send(socket: SocketLike, event: string, payload: unknown): void {
    const text = payload instanceof RawJson ? payload.text : stringifyWithRaw(payload);
    socket.emit(event, new RawJson(text));
    state.logFrame({ at: now(), direction: 'out', event, text, socketId: socket.id });
  }

  function broadcast(frames: Frame[], filter?: (socket: SocketLike, f: Frame) => boolean): void {
    for (const s of sockets()) for (const f of frames) if (!filter || filter(s, f)) send(s, f[0], f[1]);
  }

  const actionCtx: ActionContext = { state, now, accessKey, tagLatencyMs: options.tagLatencyMs ?? 30, busyTags: new Map() };

  nsp.use((socket, next) => {
    const q = socket.handshake.query as Record<string, unknown>;
    if (!tokenValid(q.token)) {
      return next(Object.assign(new Error('用户认证失败'), { data: { code: '1000', msg: '用户认证失败' } }));
    }
    // socket.data is v4's; on v2 the same object is created here.
    const data = ((socket as unknown as { data?: SocketLike['data'] }).data ??= {});
    data.token = String(q.token);
    data.msgFilter = q.msgFilter === '1';
    next();
  });

  const textOf = (arg: unknown) => (arg instanceof RawJson ? arg.text : JSON.stringify(arg ?? null));

  async function onMessage(socket: SocketLike, text: string): Promise<void> {
    let p: { message?: Record<string, unknown>; chatId?: unknown; messageId?: unknown };
    try {
      p = JSON.parse(text);
    } catch {
      return;
    }
    const fault = takeFault('message');
    if (fault === 'silent') return;
    const sent = String(p?.messageId ?? '');
    const messageId = fault === 'typo' ? typoYjiyunMessageId(sent) : sent;
    const failEcho = (code: string, msg: string) =>
      send(socket, 'message', { messageId, chatId: String(p?.chatId ?? ''), code, msg, sendStatus: 2, timestamp: now(), content: { contentType: 0 } });
    if (fault && fault !== 'typo') return failEcho(String(fault.code), String(fault.msg));
    const bad = checkYjiyun('message', text).find((v) => v.severity === 'error');
    if (bad) return failEcho('1', `${bad.field}: ${bad.message}`);
    const m = /^S:([^_]+)_(.+)$/.exec(String(p.chatId));
    const robot = m ? state.robotByWxid(m[1]!) : undefined;
    const peer = m?.[2] ?? '';
    if (!robot) return failEcho('1', 'chat not found: unknown robot in chatId');
    if (peer.startsWith('R:')) {
      const g = state.group(peer);
      if (!g || g.robotKey !== robot.robotKey || !g.members.some((x) => x.userId === robot.wxid)) return failEcho('1', 'chat not found: the robot is not in this group');
    } else if (!state.customer(robot.robotKey, peer)) {
      return failEcho('1', 'chat not found: not a friend of the robot');
    }
    const msg = p.message!;
    const ct = Number(msg.contentType);
    const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => msg[k] !== undefined).map((k) => [k, msg[k]]));
    const content: Record<string, unknown> =
      ct === 1
        ? { contentType: 1, ...pick('content', 'atUserList') }
        : ct === 7
          ? { contentType: 7, ...pick('pic') }
          : ct === 13
            ? { contentType: 13, ...pick('title', 'link', 'description', 'coverImgFile') }
            : { contentType: ct, ...pick('fileName') };
    await sleep(callbackDelayMs);
    // 3.4 注: the robot's own messages come back as 3.3 + 3.2 callbacks (to every connection).
    broadcast(robotSends(state, robot, peer, content, messageId));
  }

  async function onAction(socket: SocketLike, text: string): Promise<void> {
    let head: { type?: unknown; messageId?: unknown; robotKey?: unknown } = {};
    try {
      head = JSON.parse(text);
    } catch {
      /* handled by handleAction */
    }
    const fault = takeFault(String(head?.type ?? ''));
    if (fault === 'silent') return;
    if (fault && fault !== 'typo') return send(socket, 'action', { messageId: head.messageId ?? null, robotKey: head.robotKey ?? null, type: head.type ?? '', ...fault, dts: now() });
    const outcome = await handleAction(actionCtx, text);
    if (outcome.reply && fault === 'typo' && typeof outcome.reply.messageId === 'string') outcome.reply.messageId = typoYjiyunMessageId(outcome.reply.messageId);
    if (outcome.reply) send(socket, 'action', outcome.reply);
    if (outcome.frames?.length) broadcast(outcome.frames);
  }

  nsp.on('connection', (raw) => {
    const socket = raw as unknown as SocketLike;
    state.touch();
    const guard = (event: 'message' | 'action', fn: (s: SocketLike, text: string) => Promise<void>) =>
      socket.on(event, (arg: unknown) => {
        const text = textOf(arg);
        state.logFrame({ at: now(), direction: 'in', event, text, socketId: socket.id });
        if (!tokenValid(socket.data.token)) {
          // The token expired under a live connection: refuse and drop it.
          if (event === 'action') {
            try {
              const h = JSON.parse(text) as Reply;
              send(socket, 'action', { messageId: h.messageId ?? null, robotKey: h.robotKey ?? null, type: h.type ?? '', code: '1000', msg: '用户认证失败', dts: now() });
            } catch {
              /* nothing to answer */
            }
          }
          socket.disconnect(true);
          return;
        }
        void fn(socket, text).catch((e) => state.logFrame({ at: now(), direction: 'out', event: 'error', text: String((e as Error).message), socketId: socket.id }));
      });
    guard('message', onMessage);
    guard('action', onAction);
    socket.on('disconnect', () => state.touch());
  });

  const sweep = setInterval(() => {
    for (const s of sockets()) if (!tokenValid(s.data.token)) s.disconnect(true);
  }, options.sweepMs ?? 200);
  sweep.unref();

  // ---- injection ----------------------------------------------------------------------------

  const robotFor = (robotKey?: string): SimYjRobot => {
    const r = robotKey ? state.robotByKey(robotKey) : state.robots[0];
    if (!r) throw new Error(`unknown robot ${robotKey}`);
    return r;
  };

  function say(input: YjiyunSayInput) {
    const robot = robotFor(input.robotKey);
    let peer: string;
    let from: { contactId: string; nickName: string; isGroupContact: number; headImg: string };
    if (input.groupId) {
      const g = state.group(input.groupId);
      if (!g || g.robotKey !== robot.robotKey) throw new Error(`unknown group ${input.groupId}`);
      const who = input.fromUserId ? g.members.find((m) => m.userId === input.fromUserId) : (g.members.find((m) => !m.staff) ?? g.members[1]);
      if (!who) throw new Error(`${input.fromUserId} is not a member of ${input.groupId}`);
      peer = g.conversationId;
      from = { contactId: who.userId, nickName: who.name, isGroupContact: 1, headImg: 'https://media.example.invalid/avatar.png' };
    } else {
      const c = input.userId ? state.customer(robot.robotKey, input.userId) : state.customers.find((x) => x.robotKey === robot.robotKey);
      if (!c) throw new Error(`unknown customer ${input.userId}`);
      peer = c.userId;
      from = { contactId: c.userId, nickName: c.name, isGroupContact: 0, headImg: 'https://media.example.invalid/avatar.png' };
    }
    const at = [...(input.atUserList ?? []), ...(input.atRobot ? [robot.wxid] : [])];
    const content = input.content ?? { contentType: 1, content: input.text ?? '', ...(at.length ? { atUserList: at.join(', ') } : {}) };
    const chat = state.chat(robot, peer);
    const msg = state.message(robot, chat, from, content, now());
    chat.messages.push(msg);
    chat.unreadCount += 1;
    chat.lastMsgActive = msg.timestamp;
    chat.pushContent = `${from.nickName}：${String(content.content ?? '[消息]')}`;
    state.touch();
    const isGroup = peer.startsWith('R:');
    const atList = String((content as { atUserList?: unknown }).atUserList ?? '')
      .split(',')
      .map((s) => s.trim());
    // 3.1 msgFilter=1: only private texts and group texts that @ the robot; no chat frames.
    const passes = Number(content.contentType) === 1 && (!isGroup || atList.includes(robot.wxid));
    broadcast([chatFrame(state, robot, chat.chatId), ['message', msg]], (s, f) => !s.data.msgFilter || (f[0] === 'message' && passes));
    return { messageId: msg.messageId, msgSvrID: msg.msgSvrID, chatId: chat.chatId };
  }

  function friendRequest(input: { robotKey?: string; userId?: string; name?: string; reason?: string } = {}) {
    const robot = robotFor(input.robotKey);
    const userId = input.userId ?? `78813900000${String(state.nextSeq() % 100_000).padStart(5, '0')}`;
    const name = input.name ?? `新朋友${userId.slice(-4)}`;
    const reason = input.reason ?? `我是${name}`;
    state.friendRequests.push({ robotKey: robot.robotKey, userId, name, reason, at: now() });
    state.touch();
    broadcast([
      [
        'action',
        {
          messageId: state.platformMessageId(now(), 'event'),
          type: 'robot.on.new.friend.request',
          robotKey: robot.robotKey,
          code: '0',
          reason,
          wechatImgUrl: 'https://media.example.invalid/wx.png',
          name,
          userId: num(userId),
          gender: 1,
          remarks: '',
          isOuterUser: 1,
        },
      ],
    ]);
    return { userId };
  }

  function membersChanged(input: { robotKey?: string; conversationId: string; newMembers: { userId: string; nickName?: string }[] }) {
    const robot = robotFor(input.robotKey);
    const g = state.group(input.conversationId);
    if (!g || g.robotKey !== robot.robotKey) throw new Error(`unknown group ${input.conversationId}`);
    for (const m of input.newMembers) if (!g.members.some((x) => x.userId === m.userId)) g.members.push({ userId: m.userId, name: m.nickName ?? m.userId, staff: !m.userId.startsWith('788') });
    state.touch();
    broadcast([
      [
        'action',
        {
          messageId: state.platformMessageId(now(), 'event'),
          assignTo: ASSIGN_TO,
          code: '0',
          chatroom: g.conversationId,
          conversationId: g.conversationId,
          groupNickName: g.name,
          name: g.name,
          dts: String(now()),
          type: 'robot.group.members.changed',
          msg: 'OK',
          robotBizType: '5',
          robotKey: robot.robotKey,
          robotType: 2,
          newMembers: input.newMembers.map((m) => ({ gender: '0', groupNickName: '', headImg: 'https://media.example.invalid/wx.png', nickName: m.nickName ?? m.userId, userId: m.userId, userName: m.userId })),
        },
      ],
    ]);
  }

  function drop(o: { mode?: 'transport' | 'server' } = {}): number {
    const all = sockets();
    for (const s of all) {
      if (o.mode === 'server') s.disconnect(true);
      else s.conn.close();
    }
    state.touch();
    return all.length;
  }

  function expireTokens(): void {
    for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now() - 1);
    state.touch();
  }

  function fault(name: string, f: YjiyunFault): void {
    if (!f.silent && !f.code && !f.typoMessageId) throw new Error('a fault needs a code (or silent or typoMessageId: true)');
    faults.set(name, { code: String(f.code ?? ''), count: f.count ?? 1, silent: f.silent === true, typo: f.typoMessageId === true, ...(f.msg ? { msg: f.msg } : {}) });
  }

  // ---- admin + routing ----------------------------------------------------------------------

  async function admin(req: http.IncomingMessage, path: string, raw: Buffer): Promise<[number, unknown, string?]> {
    let input: Record<string, unknown> = {};
    if (raw.length) {
      try {
        input = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return [400, { error: 'admin bodies are JSON' }];
      }
    }
    const dl = /^\/__sim\/download\/(\d+)\.csv$/.exec(path);
    if (req.method === 'GET' && dl) {
      const csv = state.downloads.get(dl[1]!);
      return csv === undefined ? [404, { error: 'no such download' }] : [200, '\ufeff' + csv, 'text/csv; charset=utf-8'];
    }
    try {
      switch (`${req.method} ${path}`) {
        case 'GET /__sim/state':
          return [200, { ...state.snapshot(), connections: sockets().length, url: urlBase }];
        case 'GET /__sim/version':
          return [200, { version: state.version }];
        case 'GET /__sim/requests':
          return [200, state.requests];
        case 'GET /__sim/frames':
          return [200, state.frames];
        case 'POST /__sim/say':
          return [200, say(input as unknown as YjiyunSayInput)];
        case 'POST /__sim/friend-request':
          return [200, friendRequest(input as { robotKey?: string; userId?: string; name?: string; reason?: string })];
        case 'POST /__sim/members-changed':
          membersChanged(input as unknown as Parameters<typeof membersChanged>[0]);
          return [200, { ok: true }];
        case 'POST /__sim/drop':
          return [200, { dropped: drop({ mode: input.mode === 'server' ? 'server' : 'transport' }) }];
        case 'POST /__sim/expire-tokens':
          expireTokens();
          return [200, { ok: true }];
        case 'POST /__sim/fault':
          fault(String(input.name), input as unknown as YjiyunFault);
          return [200, { ok: true }];
        default:
          return [req.method === 'GET' ? 404 : 405, { error: `no admin endpoint ${req.method} ${path}` }];
      }
    } catch (e) {
      return [400, { error: String((e as Error).message) }];
    }
  }

  const listener = simRequestListener(
    { maxBody: MAX_BODY, contentType: 'application/json;charset=UTF-8', stringify: stringifyWithRaw },
    async (req, { url, path, raw, tooLarge, send: reply }) => {
      try {
        if (tooLarge) return reply(413, failReply('1', 'body too large'));
        if (req.method === 'GET' && (path === '/' || path === '/index.html')) return reply(200, YJIYUN_PAGE_HTML, 'text/html; charset=utf-8');
        if (path.startsWith('/__sim/')) {
          const [status, body, type] = await admin(req, path, raw);
          return reply(status, body, type);
        }
        if (path.startsWith('/robotapi/') || path.startsWith('/wxworkapi/')) {
          const [status, body] = await rest(req, path, url, raw);
          return reply(status, body);
        }
        return reply(404, failReply('1', 'no such API'));
      } catch (e) {
        return reply(500, failReply('5000', `simulator error: ${String((e as Error).message ?? e)}`));
      }
    },
  );
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    // socket.io answers its own path; everything else is ours.
    if ((req.url ?? '').startsWith('/socket.io/')) return;
    listener(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  urlBase = `http://127.0.0.1:${port}`;

  return {
    url: urlBase,
    port,
    accessKey,
    accessSecret,
    state,
    robots: state.robots,
    say,
    friendRequest,
    membersChanged,
    drop,
    expireTokens,
    fault,
    socketio: generation,
    connections: () => sockets().length,
    close: async () => {
      clearInterval(sweep);
      tasks.close();
      for (const s of sockets()) s.disconnect(true);
      server.closeAllConnections?.();
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}

export { formatTime };
