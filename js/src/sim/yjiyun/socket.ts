// The 有机云 socket.io channel on /imchat (3.1–3.24): token check, `message` and `action` frames, faults, broadcasts, the expiry sweep.
import type http from 'node:http';
import { sleep } from '../../core/retry.js';
import { importOptional } from '../../core/optional.js';
import * as rawParser from '../../yjiyun/socket-parser.js';
import * as rawParserV2 from '../../yjiyun/socket-parser-v2.js';
import { RawJson, stringifyWithRaw } from '../../yjiyun/socket-parser.js';
import { checkYjiyun } from '../../yjiyun/rules.js';
import type { SimYjState } from './state.js';
import { handleAction, robotSends } from './actions.js';
import type { ActionContext, Frame } from './actions.js';
import { typoYjiyunMessageId } from './api.js';
import type { Faults, Reply, Tokens } from './context.js';

/** The parts of a socket.io server (v2 or v4) the simulator uses. */
export interface IoServerLike {
  of(nsp: string): {
    sockets: Map<string, unknown> | Record<string, unknown>;
    use(fn: (socket: SocketLike, next: (err?: Error) => void) => void): unknown;
    on(event: 'connection', fn: (socket: unknown) => void): unknown;
  };
  close(fn?: () => void): unknown;
}

/** A factory of the real socket.io server of `generation`, with the raw-text parser. */
export async function socketIoServer(generation: 2 | 4): Promise<(server: http.Server) => IoServerLike> {
  if (generation === 4) {
    const { Server } = await importOptional<typeof import('socket.io')>('socket.io', 'startYjiyunSimulator');
    return (server) => new Server(server, { parser: rawParser, serveClient: false }) as unknown as IoServerLike;
  }
  const mod = await importOptional<{ default?: unknown }>('socket.io-v2', 'startYjiyunSimulator (socket.io v2)');
  const create = (typeof mod.default === 'function' ? mod.default : mod) as (server: http.Server, opts: Record<string, unknown>) => IoServerLike;
  return (server) => create(server, { parser: rawParserV2, serveClient: false });
}

export interface SocketLike {
  id: string;
  data: { token?: string; msgFilter?: boolean };
  connected: boolean;
  emit(event: string, ...args: unknown[]): boolean;
  disconnect(close?: boolean): unknown;
  conn: { close(): unknown };
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  handshake: { query: Record<string, unknown> };
}

export interface SocketDeps {
  state: SimYjState;
  now: () => number;
  tokens: Tokens;
  faults: Faults;
  actionCtx: ActionContext;
  callbackDelayMs: number;
  sweepMs: number;
}

export type SocketHub = ReturnType<typeof socketHub>;

export function socketHub(io: IoServerLike, { state, now, tokens, faults, actionCtx, callbackDelayMs, sweepMs }: SocketDeps) {
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

  nsp.use((socket, next) => {
    const q = socket.handshake.query as Record<string, unknown>;
    if (!tokens.valid(q.token)) {
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
    const fault = faults.take('message');
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
    const fault = faults.take(String(head?.type ?? ''));
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
        if (!tokens.valid(socket.data.token)) {
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
    for (const s of sockets()) if (!tokens.valid(s.data.token)) s.disconnect(true);
  }, sweepMs);
  sweep.unref();

  return { sockets, send, broadcast, stopSweep: () => clearInterval(sweep) };
}
