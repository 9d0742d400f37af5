// The open API's gateway: injected faults, content type, JSON, tokens, request ids, quota and
// interception rules, in the platform's order, then the timline handler or the suite answer.
import type http from 'node:http';
import type { AuthServer, IssuedToken } from './auth.js';
import type { IdSource } from './ids.js';
import { conversationKey } from './state.js';
import type { ApiCall, InterceptionNotice, SimState } from './state.js';
import { timlineHandler, WITH_SUCCESS } from './timline.js';
import type { Reply, TimlineContext } from './timline.js';
import type { SimRules } from './rules.js';
import type { SeenRequestIds } from '../request-ids.js';

// "requestId string 是 请求UUID，不能重复" (every timline request table): the seed forbids repeating
// a requestId but gives no code for it. The simulator's reading: a repeat of a requestId the
// platform has already accepted, from the same app within 24 hours, is answered 1101506
// 请勿重复提交 (the catalogue's only "do not submit again" code) and does nothing. Refused
// requests do not use their id up (JdmeClient retries a refusal under a new id anyway).
const REPEATED_REQUEST_ID = 1101506;
import { platformMessage } from './messages.js';
import { JDME_ENDPOINT_ROWS } from '../../generated/jdme-tables.js';

/** The simulated 京ME tenant's id (`teamId` in 获取当前登录人信息; the seed's example is "00046419"). */
const SIM_TEAM_ID = '00000001';

/** Every open API by path, from the endpoint table generated from Rust (src/jdme/endpoints.rs). */
const ENDPOINTS_BY_PATH = new Map<string, (typeof JDME_ENDPOINT_ROWS)[number]>(JDME_ENDPOINT_ROWS.map((e) => [e.path, e]));

/** A fault set by `Simulator.inject`, keyed by path tail. */
export interface Fault {
  status?: number;
  code?: number;
  hangMs?: number;
  count: number;
}

/** The platform's answer: `code`, `msg` (from the catalogue when not given), `data`, and `success` where documented. */
export function envelope(endpoint: string, reply: Reply): Record<string, unknown> {
  const msg = reply.msg ?? (reply.code === 0 ? '成功' : platformMessage(reply.code));
  const out: Record<string, unknown> = { code: reply.code, msg };
  if (reply.data !== undefined) out.data = reply.data;
  else if (reply.code !== 0) out.data = null;
  if (WITH_SUCCESS.has(endpoint)) out.success = reply.code === 0;
  return out;
}

export interface GatewayDeps {
  state: SimState;
  auth: AuthServer;
  ids: IdSource;
  rules: SimRules;
  requestIds: SeenRequestIds;
  faults: Map<string, Fault>;
  now: () => number;
  /** The context a timline handler runs in, for the token's app (and user). */
  timlineCtx: (appKey: string, userErp?: string) => TimlineContext;
  /** Where interception notices go (`SimulatorOptions.onInterceptionNotice`). */
  onNotice?: (notice: InterceptionNotice) => void;
}

/** Answers one POST under /open-api/ (always HTTP 200 unless a fault says otherwise) and logs it. */
export function gateway({ state, auth, ids, rules, requestIds, faults, now, timlineCtx, onNotice }: GatewayDeps) {
  /** Records an interception and, within 5 per 10 minutes, sends its notice. */
  function intercepted(appKey: string, robotId: string, endpoint: string, v: { conversation: string; rule: string; code: number; message: string }): void {
    const at = now();
    const notified = state.notify(at);
    state.interceptions.push({ at, robotId, endpoint, conversation: v.conversation, rule: v.rule, code: v.code, message: v.message, notified });
    if (!notified) return;
    const text = `【京ME消息拦截通知】机器人 ${robotId} 调用 ${endpoint} 发往 ${v.conversation} 的消息被拦截：${v.message}（错误码 ${v.code}，规则 ${v.rule}）`;
    const notice: InterceptionNotice = { at, appKey, robotId, endpoint, conversation: v.conversation, rule: v.rule, code: v.code, text };
    state.sentNotices.push(notice);
    if (state.sentNotices.length > 500) state.sentNotices.shift();
    try {
      onNotice?.(notice);
    } catch {
      // A failing notice hook must not change the platform's answer.
    }
  }

  async function openApi(req: http.IncomingMessage, path: string, raw: Buffer): Promise<Record<string, unknown>> {
    const tail = path.slice(path.lastIndexOf('/') + 1);
    const fault = faults.get(tail);
    const started = performance.now();
    const faulted = Boolean(fault && fault.count > 0);
    const record: ApiCall = { at: now(), endpoint: tail, ...describe(raw), ...(faulted ? { fault: JSON.stringify(fault) } : {}) };
    state.requests.push(record);
    if (state.requests.length > 10_000) state.requests.splice(0, 5000);
    try {
      const answer = await answerOpenApi(req, path, raw, tail, fault, record);
      record.code = answer.code;
      record.msg = answer.msg;
      return answer;
    } finally {
      record.latencyMs = Math.round((performance.now() - started) * 100) / 100;
    }
  }

  async function answerOpenApi(req: http.IncomingMessage, path: string, raw: Buffer, tail: string, fault: ReturnType<typeof faults.get>, record: ApiCall): Promise<Record<string, unknown>> {
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
      // Every field of the seed's answer (获取当前登录人信息), in its order.
      const who = auth.person(r.appKey, r.erp);
      return {
        code: 0,
        msg: 'success',
        data: {
          thirdUserId: null,
          openTeamId: auth.app(r.appKey)?.openTeamId ?? '',
          avatarUrl: `https://sim.invalid/avatar/${encodeURIComponent(r.erp)}.png`,
          accessTokenExpireIn: r.expireIn,
          openUserId: who.openUserId,
          accessToken: r.token,
          userId: who.userId,
          userCode: who.userCode,
          emplAccount: r.erp,
          teamId: SIM_TEAM_ID,
          name: state.user(r.erp)?.name ?? r.erp,
          refreshTokenExpireIn: 172800,
          refreshToken: ids.token(),
        },
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
    // sendJUEChangeMsg may omit robotId ("由应用发起的卡片变更可以不填"): the change is then
    // the card's robot's, and counts against that robot's limits.
    let checked = body;
    if (tail === 'sendJUEChangeMsg') {
      const filled = withCardRobot(body, state);
      if (filled === undefined) return envelope(tail, { code: 20100001 }); // 数据不存在
      checked = filled;
    }
    // Per-API quota (99990105) and the shared Rust rules: same engine as `robotwire jdme check`.
    const robotId = String((checked.params as Record<string, unknown> | undefined)?.robotId ?? checked.robotId ?? '');
    const robot = state.robots.get(robotId);
    if (robotId && !record.robotId) record.robotId = robotId; // a card change charged to its card's robot
    const verdict = rules.check(tail, checked, robot?.profile ?? 'todo', robot, now());
    if ('code' in verdict) {
      record.rule = verdict.rule;
      if (verdict.intercepted && robot) {
        intercepted(token.appKey, robot.robotId, tail, verdict);
        state.touch();
      }
      return envelope(tail, { code: verdict.code, msg: verdict.message });
    }
    const reply = handler!(checked, (checked.params ?? {}) as Record<string, unknown>, timlineCtx(token.appKey, token.erp));
    // Only what the platform accepts counts toward its limits.
    if (reply.code === 0) {
      verdict.commit();
      if (rid !== undefined) requestIds.add(token.appKey, rid, now());
    }
    state.touch();
    return envelope(tail, reply);
  }

  return openApi;
}

/**
 * A sendJUEChangeMsg body with the card's robot as `params.robotId` when it names none; the body
 * as it is when it names one; `undefined` when it names none and its card is unknown.
 */
function withCardRobot(body: Record<string, unknown>, state: SimState): Record<string, unknown> | undefined {
  const params = (body.params ?? {}) as Record<string, unknown>;
  if (params.robotId !== undefined || body.robotId !== undefined) return body;
  const card = state.cards.get(typeof params.cardMsgId === 'string' ? params.cardMsgId : '');
  return card ? { ...body, params: { ...params, robotId: card.robotId } } : undefined;
}

/** What the calls list shows of a request body: its requestId, robot and destination (not the token, which is a header). */
function describe(raw: Buffer): Pick<ApiCall, 'requestId' | 'robotId' | 'conversation'> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (body === null || typeof body !== 'object') return {};
  } catch {
    return {}; // not JSON: the gateway answers 99990014
  }
  const params = (body.params ?? {}) as Record<string, unknown>;
  const robotId = params.robotId ?? body.robotId;
  const groupId = body.groupId ?? params.groupId;
  const erp = body.erp ?? params.erp;
  return {
    ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
    ...(typeof robotId === 'string' ? { robotId } : {}),
    ...(typeof groupId === 'string' ? { conversation: conversationKey({ kind: 'group', groupId }) } : typeof erp === 'string' ? { conversation: conversationKey({ kind: 'user', app: 'ee', pin: erp }) } : {}),
  };
}
