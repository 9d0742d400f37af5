// `robotwire sim`: a local 京ME. One node:http server on 127.0.0.1 serving the open API
// (auth/v1, suite/v1/timline, the path-only suite APIs), admin JSON under /__sim/, and the
// inspection page at /. Rules and crypto are the same Rust code the SDK uses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthServer, DEFAULT_LIFETIMES } from './auth.js';
import type { SimApp, TokenLifetimes, IssuedToken } from './auth.js';
import { Deliverer, DEFAULT_TIMING, eventBody, simToken, checkSimTokenScheme } from './delivery.js';
import type { Delivery, DeliveryTiming, SimTokenScheme } from './delivery.js';
import { IdSource } from './ids.js';
import { SimState, conversationKey } from './state.js';
import type { Account, Card, Profile, SimRobot } from './state.js';
import { timlineHandler, WITH_SUCCESS } from './timline.js';
import type { Reply, TimlineContext } from './timline.js';
import { SimRules } from './rules.js';
import { REPEATED_REQUEST_ID, SeenRequestIds } from './request-ids.js';
import { JDME_PAGE_HTML } from '../pages/index.js';
import { platformMessage } from './messages.js';
import { simRequestListener } from '../http.js';
import { JDME_ENDPOINT_ROWS } from '../../generated/jdme-tables.js';

/** A robot to configure on the simulator (`SimulatorOptions.robots`); the n-th robot (from 0) gets the defaults below. */
export interface SimRobotOptions {
  /** Default `00_sim` + n padded to 11 digits. */
  robotId?: string;
  /** The robot's own account (app robot.dd). Default `app.sim<n>`. */
  pin?: string;
  /** Default `模拟机器人` (+ n after the first). */
  nickname?: string;
  /** The app the robot belongs to. Default the first app's appKey. */
  appKey?: string;
  /** Interception profile. Default `todo`. */
  profile?: Profile;
  /** 可用范围: erps the robot may message, or 'all' (default). */
  sendScope?: string[] | 'all';
  /** Where events are pushed; without it `push` throws and `say` pushes nothing. */
  eventUrl?: string;
  /** Card callback URL; defaults to `eventUrl`. */
  cardUrl?: string;
  /** Signs events and card callbacks (`token`) when set. */
  verificationToken?: string;
  /** Encrypts pushed events when set. */
  encryptKey?: string;
  /** How the simulated platform derives event tokens (see `SimTokenScheme`). Default `'sha256'`. */
  tokenScheme?: SimTokenScheme;
  /** How it derives card-callback tokens, over `datetime`. Default `'plain'` ("机器人设置的效验token"). */
  cardTokenScheme?: SimTokenScheme;
}

/** Options for {@link startSimulator}. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Registered apps. Default `[DEFAULT_APP]`. */
  apps?: SimApp[];
  /** Robots. Default one robot with every default. */
  robots?: SimRobotOptions[];
  /** The directory of people (erp), used for scope checks, names and group members. Default `sim.alice`, `sim.bob`, `sim.carol`. */
  users?: Account[];
  /** Overrides of the default token lifetimes. */
  lifetimes?: Partial<TokenLifetimes>;
  /** Overrides of the default event delivery timing. */
  delivery?: Partial<DeliveryTiming>;
  /** Push im_robot_authorize as soon as userTokenAuthorize is called (default true). */
  autoAuthorize?: boolean;
  /** Clock (epoch ms) for timestamps, token expiry and rate limits. Default `Date.now`; delivery timeouts and retries use real time. */
  now?: () => number;
}

/** A running local 京ME, as {@link startSimulator} returns it. */
export interface Simulator {
  /** `http://127.0.0.1:<port>`: open API under `/open-api/`, admin JSON under `/__sim/`, the page at `/`. */
  url: string;
  port: number;
  /** The live platform state. */
  state: SimState;
  /** The token issuer. */
  auth: AuthServer;
  /** Every event push and card callback so far (the last 5000). */
  deliveries: Delivery[];
  /** Pushes an event (any type) to a robot's event URL, signed/encrypted, with retries. */
  push(eventType: string, event: unknown, options?: { robotId?: string; extra?: Record<string, unknown> }): { delivery: Delivery; done: Promise<Delivery> };
  /** A user says something to the robot (single chat) or in a group: becomes chat_message. */
  say(input: { pin: string; text: string; groupId?: string; robotId?: string; atRobot?: boolean }): { delivery: Delivery; done: Promise<Delivery> } | undefined;
  /** A user clicks a card button: posts reqType 1/2 to the card URL and applies the answer. */
  click(input: { cardMsgId: string; pin: string; reqType?: 1 | 2; actionData?: Record<string, unknown> }): Promise<{ status: number | null; answer: unknown }>;
  /** Answers a pending userTokenAuthorize (pushes im_robot_authorize). */
  authorize(eventId: string, action?: 'authorize' | 'reject'): { delivery: Delivery; done: Promise<Delivery> } | undefined;
  /** Makes the next `count` requests to `path` (tail, e.g. sendRobotMsg) fail: 5xx or a hang. */
  inject(path: string, fault: { status?: number; code?: number; hangMs?: number; count?: number }): void;
  /** Stops pending retries, drops open connections and closes the server. */
  close(): Promise<void>;
}

/** The app registered when `apps` is not given: fake credentials `sim-app-key` / `sim-app-secret`, team `sim-open-team`. */
export const DEFAULT_APP: SimApp = { appKey: 'sim-app-key', appSecret: 'sim-app-secret', openTeamId: 'sim-open-team' };

const DEFAULT_USERS: Account[] = [
  { app: 'ee', pin: 'sim.alice', name: '爱丽丝' },
  { app: 'ee', pin: 'sim.bob', name: '鲍勃' },
  { app: 'ee', pin: 'sim.carol', name: '卡罗尔' },
];

/** Every open API by path, from the endpoint table generated from Rust (src/jdme/endpoints.rs). */
const ENDPOINTS_BY_PATH = new Map<string, (typeof JDME_ENDPOINT_ROWS)[number]>(JDME_ENDPOINT_ROWS.map((e) => [e.path, e]));

const MAX_BODY = 1 << 20;

interface Fault {
  status?: number;
  code?: number;
  hangMs?: number;
  count: number;
}

/**
 * Starts a local 京ME on 127.0.0.1: the open API (auth, timline, the suite paths) with the
 * platform's gateway and interception rules, admin JSON under `/__sim/` and an inspection page at `/`.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const ids = new IdSource();
  const state = new SimState();
  const apps = options.apps ?? [DEFAULT_APP];
  const auth = new AuthServer(apps, { ...DEFAULT_LIFETIMES, ...options.lifetimes }, ids, now);
  const deliverer = new Deliverer({ ...DEFAULT_TIMING, ...options.delivery }, () => state.touch());
  const rules = new SimRules();
  const requestIds = new SeenRequestIds();
  const faults = new Map<string, Fault>();
  const autoAuthorize = options.autoAuthorize ?? true;

  for (const u of options.users ?? DEFAULT_USERS) state.users.set(u.pin, u);
  const robotList = options.robots ?? [{}];
  robotList.forEach((r, i) => {
    if (r.tokenScheme !== undefined) checkSimTokenScheme(r.tokenScheme, 'tokenScheme');
    if (r.cardTokenScheme !== undefined) checkSimTokenScheme(r.cardTokenScheme, 'cardTokenScheme');
    const robot: SimRobot = {
      robotId: r.robotId ?? `00_sim${String(i).padStart(11, '0')}`,
      pin: r.pin ?? `app.sim${i}`,
      nickname: r.nickname ?? `模拟机器人${i || ''}`,
      appKey: r.appKey ?? apps[0]!.appKey,
      profile: r.profile ?? 'todo',
      sendScope: r.sendScope ?? 'all',
      ...(r.eventUrl ? { eventUrl: r.eventUrl } : {}),
      ...(r.cardUrl ? { cardUrl: r.cardUrl } : {}),
      ...(r.verificationToken ? { verificationToken: r.verificationToken } : {}),
      ...(r.encryptKey ? { encryptKey: r.encryptKey } : {}),
      ...(r.tokenScheme !== undefined ? { tokenScheme: r.tokenScheme } : {}),
      ...(r.cardTokenScheme !== undefined ? { cardTokenScheme: r.cardTokenScheme } : {}),
    };
    state.robots.set(robot.robotId, robot);
  });
  const firstRobot = (): SimRobot => state.robots.values().next().value as SimRobot;

  function robotFor(id?: string): SimRobot {
    const r = id ? state.robots.get(id) : firstRobot();
    if (!r) throw new Error(`unknown robot ${id}`);
    return r;
  }

  function push(eventType: string, event: unknown, opts: { robotId?: string; extra?: Record<string, unknown> } = {}) {
    const robot = robotFor(opts.robotId);
    if (!robot.eventUrl) throw new Error(`robot ${robot.robotId} has no eventUrl configured`);
    const envelope: Record<string, unknown> = {
      timeStamp: now(),
      eventId: ids.eventId(),
      robotApp: 'robot.dd',
      eventType,
      event,
      robotPin: robot.pin,
      ...opts.extra,
    };
    const { body, encrypted } = eventBody({ robotId: robot.robotId, url: robot.eventUrl, ...tokens(robot) }, envelope);
    const r = deliverer.deliver({ kind: 'event', eventType, eventId: envelope.eventId as string, url: robot.eventUrl, robotId: robot.robotId, encrypted }, body);
    state.touch();
    return r;
  }

  function tokens(robot: SimRobot): { verificationToken?: string; encryptKey?: string; tokenScheme?: SimTokenScheme } {
    return {
      ...(robot.verificationToken ? { verificationToken: robot.verificationToken } : {}),
      ...(robot.encryptKey ? { encryptKey: robot.encryptKey } : {}),
      ...(robot.tokenScheme !== undefined ? { tokenScheme: robot.tokenScheme } : {}),
    };
  }

  function say(input: { pin: string; text: string; groupId?: string; robotId?: string; atRobot?: boolean }) {
    const robot = robotFor(input.robotId);
    const user = state.user(input.pin) ?? { app: 'ee', pin: input.pin };
    const group = input.groupId ? state.groups.get(input.groupId) : undefined;
    if (input.groupId && !group) throw new Error(`unknown group ${input.groupId}`);
    const atRobot = input.atRobot ?? Boolean(group);
    const content = atRobot ? `@${robot.nickname} ${input.text}` : input.text;
    const msgId = String(ids.resId() * 1000 + Math.floor(Math.random() * 1000));
    const conversation = group ? conversationKey({ kind: 'group', groupId: group.groupId }) : conversationKey({ kind: 'user', app: user.app, pin: user.pin });
    const body = {
      type: 'text',
      content,
      ...(atRobot ? { atUsers: [{ app: 'robot.dd', pin: robot.pin, nickname: robot.nickname }] } : {}),
      requestData: { sessionId: group ? group.groupId : user.pin },
    };
    state.chat.push({ at: now(), conversation, from: user, kind: 'text', body });
    state.touch();
    // In groups the platform pushes only messages that @ the robot.
    if (group && !atRobot) return undefined;
    if (!robot.eventUrl) return undefined;
    return push(
      'chat_message',
      {
        sender: { app: user.app, clientType: 'pc', pin: user.pin },
        ...(group ? { groupId: group.groupId } : {}),
        msgId,
        body,
        chatType: group ? 2 : 1,
      },
      { robotId: robot.robotId },
    );
  }

  /** reqType 1/2 to the card URL; the answer updates the card or records a toast. */
  async function callCard(card: Card, robot: SimRobot, pin: string, reqType: 1 | 2, actionData?: Record<string, unknown>) {
    const url = robot.cardUrl ?? robot.eventUrl;
    if (!url) throw new Error(`robot ${robot.robotId} has no card URL configured`);
    const user = state.user(pin) ?? { app: 'ee', pin };
    const isGroup = card.conversation.startsWith('group:');
    const datetime = now();
    const payload = {
      reqType,
      from: { app: user.app, pin: user.pin, clientType: 'pc' },
      to: { app: 'robot.dd', pin: robot.pin },
      ...(isGroup ? { gid: card.conversation.slice(6) } : {}),
      datetime,
      // The card protocol's token is "机器人设置的效验token": by default sent as configured.
      ...(robot.verificationToken ? { token: simToken(robot.cardTokenScheme ?? 'plain', robot.verificationToken, datetime) } : {}),
      lang: 'zh_cn',
      body: {
        templateId: card.templateId ?? card.templateCardId ?? '',
        cardMsgId: card.cardMsgId,
        sessionType: isGroup ? 2 : 1,
        sessionId: isGroup ? card.conversation.slice(6) : user.pin,
        ...(card.callbackData !== undefined ? { callbackData: card.callbackData } : {}),
        ...(actionData ? { actionData } : {}),
      },
    };
    const { done } = deliverer.deliver(
      { kind: 'card', eventType: `card:reqType${reqType}`, url, robotId: robot.robotId, encrypted: false },
      JSON.stringify(payload),
      false, // a click is synchronous for the user: no retries
    );
    const d = await done;
    let answer: unknown = null;
    try {
      answer = d.response ? JSON.parse(d.response) : null;
    } catch {
      answer = d.response ?? null;
    }
    const a = answer as { code?: unknown; data?: Record<string, unknown> } | null;
    if (a && a.code === 1 && a.data) {
      if (reqType === 1 && a.data.cardData !== undefined) {
        card.cardData = a.data.cardData;
        if (a.data.forward !== undefined) card.forward = a.data.forward;
        if (a.data.callbackData !== undefined) card.callbackData = a.data.callbackData;
        card.updates += 1;
      }
      const p = a.data.promptInfo as { style?: string; content?: string } | undefined;
      if (p) card.toasts.push({ at: now(), pin, ...(p.style ? { style: p.style } : {}), ...(p.content ? { content: p.content } : {}) });
    }
    state.touch();
    return { status: d.attempts.at(-1)?.status ?? null, answer };
  }

  async function click(input: { cardMsgId: string; pin: string; reqType?: 1 | 2; actionData?: Record<string, unknown> }) {
    const card = state.cards.get(input.cardMsgId);
    if (!card) throw new Error(`unknown card ${input.cardMsgId}`);
    return callCard(card, robotFor(card.robotId), input.pin, input.reqType ?? 2, input.actionData);
  }

  function authorize(eventId: string, action: 'authorize' | 'reject' = 'authorize') {
    const a = state.authorizations.get(eventId);
    if (!a || a.state !== 'pending') return undefined;
    a.state = action;
    const robot = robotFor(a.robotId);
    const code = action === 'authorize' ? auth.newCode(a.appKey, a.to.pin) : { code: '', expireIn: 0 };
    return push(
      'im_robot_authorize',
      {
        sender: a.to.pin,
        lang: 'zh_CN',
        body: { actionData: { eventId, code: code.code, action, ...(a.callbackParam ? { callbackParam: a.callbackParam } : {}), expireIn: code.expireIn } },
        operator: { app: a.to.app, pin: a.to.pin },
      },
      { robotId: robot.robotId, extra: { appId: a.appKey, client: 'mac', clientVersion: '7.10.29', lang: 'zh_CN' } },
    );
  }

  const timlineCtx = (appKey: string, userErp?: string): TimlineContext => ({
    state,
    ids,
    now,
    appKey,
    ...(userErp ? { userErp } : {}),
    refreshCard: (card, robot) => {
      void callCard(card, robot, robot.pin, 1).catch(() => undefined);
    },
    authorizeFlow: (eventId) => {
      if (autoAuthorize) setTimeout(() => authorize(eventId), 10);
    },
  });

  function envelope(endpoint: string, reply: Reply): Record<string, unknown> {
    const msg = reply.msg ?? (reply.code === 0 ? '成功' : platformMessage(reply.code));
    const out: Record<string, unknown> = { code: reply.code, msg };
    if (reply.data !== undefined) out.data = reply.data;
    else if (reply.code !== 0) out.data = null;
    if (WITH_SUCCESS.has(endpoint)) out.success = reply.code === 0;
    return out;
  }

  async function openApi(req: http.IncomingMessage, path: string, raw: Buffer): Promise<Record<string, unknown>> {
    const tail = path.slice(path.lastIndexOf('/') + 1);
    const fault = faults.get(tail);
    let requestId: string | undefined;
    try {
      const id = (JSON.parse(raw.toString('utf8')) as { requestId?: unknown }).requestId;
      if (typeof id === 'string') requestId = id;
    } catch {
      // not JSON: the gateway answers 99990014 below
    }
    const faulted = Boolean(fault && fault.count > 0);
    const record: (typeof state.requests)[number] = { at: now(), endpoint: tail, ...(requestId ? { requestId } : {}), ...(faulted ? { fault: JSON.stringify(fault) } : {}) };
    state.requests.push(record);
    if (state.requests.length > 10_000) state.requests.splice(0, 5000);
    const answer = await answerOpenApi(req, path, raw, tail, fault);
    record.code = answer.code;
    return answer;
  }

  async function answerOpenApi(req: http.IncomingMessage, path: string, raw: Buffer, tail: string, fault: ReturnType<typeof faults.get>): Promise<Record<string, unknown>> {
    if (fault && fault.count > 0) {
      fault.count -= 1;
      if (fault.hangMs) await new Promise((r) => setTimeout(r, fault.hangMs));
      if (fault.status) throw Object.assign(new Error('injected'), { status: fault.status });
      if (fault.code) return envelope(tail, { code: fault.code });
    }
    // Gateway: content type, JSON, then authorization, then routing.
    const ctype = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(ctype)) return envelope(tail, { code: 99990012 });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return envelope(tail, { code: 99990014 });
    }
    if (path === '/open-api/auth/v1/app_access_token') {
      const r = auth.appAccessToken(body.appKey, body.appSecret);
      return 'code' in r ? envelope(tail, r) : { code: 0, msg: 'success', data: { appAccessToken: r.token, expireIn: r.expireIn } };
    }
    if (path === '/open-api/auth/v1/team_access_token') {
      const r = auth.teamAccessToken(body.appAccessToken, body.openTeamId);
      return 'code' in r ? envelope(tail, r) : { code: 0, msg: 'success', data: { teamAccessToken: r.token, expireIn: r.expireIn } };
    }
    const bearer = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    if (!bearer) return envelope(tail, { code: 99990013 });
    const presented = bearer[1]!;
    if (path === '/open-api/auth/v1/access_token') {
      if (!auth.valid(presented, 'team')) return envelope(tail, { code: 99990001 });
      const r = auth.userAccessToken(body.appAccessToken, body.code);
      if ('code' in r) return envelope(tail, r);
      return {
        code: 0,
        msg: 'success',
        data: { emplAccount: r.erp, accessToken: r.token, accessTokenExpireIn: r.expireIn, refreshTokenExpireIn: 172800, refreshToken: ids.token() },
      };
    }
    const isTimline = path.startsWith('/open-api/suite/v1/timline/');
    const handler = isTimline ? timlineHandler(tail) : undefined;
    // The endpoint table (generated from Rust) says which paths exist and which token each
    // takes; the suite APIs (documented without body docs) are answered with an empty success.
    const info = ENDPOINTS_BY_PATH.get(path);
    const suite = info?.family === 'suite';
    if (!handler && !suite) return envelope(tail, { code: 99990011 });
    const needsUser = info?.token === 'user';
    let token: IssuedToken | undefined;
    if (needsUser) {
      token = auth.valid(presented, 'user');
      // A team token where a user token is required: "Open User Access Token 无效".
      if (!token) return envelope(tail, { code: 99990002 });
    } else {
      token = auth.valid(presented, 'team');
      // Unknown, expired, or a token of another kind where the team token belongs.
      if (!token) return envelope(tail, { code: 99990001 });
    }
    if (body.appId !== token.appKey) return envelope(tail, { code: 99990102 });
    const rid = typeof body.requestId === 'string' ? body.requestId : undefined;
    if (rid !== undefined && requestIds.has(token.appKey, rid, now())) return envelope(tail, { code: REPEATED_REQUEST_ID });
    if (suite) {
      state.passthrough.push({ at: now(), path, params: body.params });
      if (rid !== undefined) requestIds.add(token.appKey, rid, now());
      state.touch();
      return envelope(tail, { code: 0, data: {} });
    }
    // Per-API quota (99990105) and the shared Rust rules: same engine as `robotwire jdme check`.
    const robotId = String((body.params as Record<string, unknown> | undefined)?.robotId ?? body.robotId ?? '');
    const robot = state.robots.get(robotId);
    const verdict = rules.check(tail, body, robot?.profile ?? 'todo', robot, now());
    if ('code' in verdict) {
      if (verdict.intercepted && robot) {
        state.interceptions.push({
          at: now(),
          robotId: robot.robotId,
          endpoint: tail,
          conversation: verdict.conversation,
          rule: verdict.rule,
          code: verdict.code,
          message: verdict.message,
          notified: state.notify(now()),
        });
        state.touch();
      }
      return envelope(tail, { code: verdict.code, msg: verdict.message });
    }
    const reply = handler!(body, (body.params ?? {}) as Record<string, unknown>, timlineCtx(token.appKey, token.erp));
    // Only what the platform accepts counts toward its limits.
    if (reply.code === 0) {
      verdict.commit();
      if (rid !== undefined) requestIds.add(token.appKey, rid, now());
    }
    state.touch();
    return envelope(tail, reply);
  }

  async function admin(req: http.IncomingMessage, path: string, url: URL, raw: Buffer): Promise<[number, unknown]> {
    const input = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    const get = req.method === 'GET';
    switch (`${req.method} ${path}`) {
      case 'GET /__sim/state':
        return [200, { ...state.snapshot(), deliveries: deliverer.log }];
      case 'GET /__sim/version':
        return [200, { version: state.version }];
      case 'GET /__sim/messages': {
        const gid = url.searchParams.get('groupId');
        const erp = url.searchParams.get('erp');
        return [200, state.chat.filter((c) => (gid ? c.conversation === `group:${gid}` : erp ? c.conversation.endsWith(`/${erp}`) : true))];
      }
      case 'GET /__sim/cards':
        return [200, [...state.cards.values()]];
      case 'GET /__sim/groups':
        return [200, [...state.groups.values()]];
      case 'GET /__sim/interceptions':
        return [200, state.interceptions];
      case 'GET /__sim/deliveries':
        return [200, deliverer.log];
      case 'POST /__sim/push': {
        const r = push(String(input.eventType), input.event ?? {}, { ...(input.robotId ? { robotId: String(input.robotId) } : {}) });
        return [202, { deliveryId: r.delivery.id, eventId: r.delivery.eventId }];
      }
      case 'POST /__sim/say': {
        const r = say(input as { pin: string; text: string; groupId?: string; robotId?: string });
        return [202, r ? { deliveryId: r.delivery.id, eventId: r.delivery.eventId } : { pushed: false }];
      }
      case 'POST /__sim/click':
        return [200, await click(input as { cardMsgId: string; pin: string; reqType?: 1 | 2; actionData?: Record<string, unknown> })];
      case 'POST /__sim/authorize': {
        const r = authorize(String(input.eventId), input.action === 'reject' ? 'reject' : 'authorize');
        return r ? [202, { deliveryId: r.delivery.id }] : [404, { error: 'no pending authorization' }];
      }
      default:
        return [get ? 404 : 405, { error: `no admin endpoint ${req.method} ${path}` }];
    }
  }

  const server = http.createServer(
    simRequestListener({ maxBody: MAX_BODY, contentType: 'application/json; charset=utf-8', stringify: (b) => JSON.stringify(b) }, async (req, { url, path, raw, tooLarge, send }) => {
      try {
        if (tooLarge) return send(413, envelope('', { code: 99990014 }));
        if (req.method === 'GET' && (path === '/' || path === '/index.html')) return send(200, JDME_PAGE_HTML, 'text/html; charset=utf-8');
        if (path.startsWith('/__sim/')) {
          const [status, body] = await admin(req, path, url, raw);
          return send(status, body);
        }
        if (path.startsWith('/open-api/')) {
          if (req.method !== 'POST') return send(405, envelope('', { code: 99990011 }));
          return send(200, await openApi(req, path, raw));
        }
        return send(404, envelope('', { code: 99990011 }));
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status) return send(status, { code: status, msg: 'injected fault' });
        return send(500, { code: 500, msg: String((e as Error).message ?? e) });
      }
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    auth,
    deliveries: deliverer.log,
    push,
    say,
    click,
    authorize,
    inject(path, fault) {
      faults.set(path, { ...fault, count: fault.count ?? 1 });
    },
    close: async () => {
      deliverer.close();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
