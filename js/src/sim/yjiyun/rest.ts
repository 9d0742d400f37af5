// The 有机云 REST gateway (1.2, 1.3, 2.1): path and method, body format, request_id, faults, token; then the endpoint.
import type http from 'node:http';
import { YJIYUN_ENDPOINT_ROWS } from '../../generated/yjiyun-tables.js';
import type { SimYjRequestLog, SimYjState } from './state.js';
import { failReply } from './context.js';
import type { Faults, Reply, Tokens } from './context.js';
import { BadParam } from './rest-endpoints.js';
import { SeenRequestIds } from '../request-ids.js';
import type { EndpointHandler } from './rest-endpoints.js';

/** Every REST endpoint by path tail, with its full path and body format (generated from src/yjiyun/endpoints.rs). */
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

export interface RestDeps {
  state: SimYjState;
  now: () => number;
  tokens: Tokens;
  faults: Faults;
  accessKey: string;
  accessSecret: string;
  expireMinutes: number;
  bodyFormats: Partial<Record<string, 'form' | 'json'>> | undefined;
  endpoints: Record<string, EndpointHandler>;
}

/** Answers one request under /robotapi/ or /wxworkapi/ (any method) and logs it. */
export function restGateway({ state, now, tokens, faults, accessKey, accessSecret, expireMinutes, bodyFormats, endpoints }: RestDeps) {
  // 1.3 "全局唯一" with no time bound: every request_id that reached the gateway is used up,
  // refused or not (the stricter reading: a client must never reuse one; YjiyunClient makes a
  // new one per attempt). Bounded by count only.
  const seenRequestIds = new SeenRequestIds();

  function auth(f: URLSearchParams): Reply {
    if (f.get('accessKey') !== accessKey || f.get('accessSecret') !== accessSecret) return failReply('1000', '用户认证失败');
    const { accessToken, createTime } = tokens.issue();
    return { code: '0', msg: 'OK', data: { createTime, expireMinutes, accessToken, username: accessKey } };
  }

  const handlers = new Map(Object.entries(endpoints));
  /** An endpoint in the table without a handler is answered like an unknown one. */
  const answer = async (name: string, f: URLSearchParams, text: string): Promise<Reply> => (handlers.get(name) ?? (async () => failReply('1', 'no such API')))(f, text);

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
    const started = performance.now();
    const entry: SimYjRequestLog = { at: now(), endpoint, path, contentType: ctype, format, requestId, tokenHeader: req.headers.token !== undefined, fields: logged, code: '' };
    const done = (status: number, r: Reply): [number, Reply] => {
      entry.code = String(r.code ?? '');
      if (r.msg !== undefined) entry.msg = String(r.msg);
      entry.latencyMs = Math.round((performance.now() - started) * 100) / 100;
      state.logRequest(entry);
      return [status, r];
    };
    const api = ENDPOINTS.get(endpoint);
    const expected = api && (bodyFormats?.[endpoint] ?? api.format);
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
    if (seenRequestIds.has('', requestId, now())) return done(200, failReply('1', 'duplicate request_id (1.3: 全局唯一)'));
    seenRequestIds.add('', requestId, now());
    const fault = faults.take(endpoint);
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
    if (!tokens.valid(req.headers.token)) return done(200, failReply('1000', '用户认证失败'));
    try {
      return done(200, await answer(endpoint, params, text));
    } catch (e) {
      if (e instanceof BadParam) return done(200, failReply('1', e.message));
      throw e;
    }
  }

  return rest;
}
