// The node:http(s) carrier of ./http.ts, provided by the Node entries. Same contract as
// `fetchPost`: a deadline over the whole exchange, the caller's signal, the answer read with a
// cap, failures classified by whether the request can have left. One keep-alive agent per
// scheme for the process.
import http from 'node:http';
import https from 'node:https';
import { NOT_SENT, failed, networkCode, networkMessage, provideRuntimePost } from './http.js';
import type { PostRequest, PostResult } from './http.js';

// Idle sockets are closed after 4 s, before the 5 s keep-alive of common servers (Node's
// default), so a request is rarely written to a socket the server is closing.
const AGENT = { keepAlive: true, timeout: 4_000 };
const agents = { http: new http.Agent(AGENT), https: new https.Agent(AGENT) };

interface Target {
  tls: boolean;
  options: http.RequestOptions;
}

// Parsed URLs: a client sends to a handful of paths. Bounded; cleared when full.
const targets = new Map<string, Target>();

function target(url: string): Target {
  let t = targets.get(url);
  if (t) return t;
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw Object.assign(new TypeError(`unsupported protocol ${u.protocol}`), { code: 'ERR_INVALID_URL' });
  const tls = u.protocol === 'https:';
  t = {
    tls,
    options: {
      hostname: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port || (tls ? 443 : 80),
      path: u.pathname + u.search,
      method: 'POST',
      agent: tls ? agents.https : agents.http,
      ...(u.username || u.password ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` } : {}),
    },
  };
  if (targets.size >= 256) targets.clear();
  targets.set(url, t);
  return t;
}

// TextDecoder, as fetch's text(): a BOM is dropped and invalid bytes become U+FFFD.
const decoder = new TextDecoder();

export function nodePost(request: PostRequest): Promise<PostResult> {
  const { signal, timeoutMs, maxBytes } = request;
  if (signal?.aborted) return Promise.resolve(failed('cancelled', 'cancelled before sending', '', signal.reason));
  let t: Target;
  try {
    t = target(request.url);
  } catch (e) {
    return Promise.resolve(failed('unreachable', `invalid URL: ${String((e as Error)?.message ?? e)}`, 'ERR_INVALID_URL', e));
  }
  return new Promise<PostResult>((resolve) => {
    // Whether the request can have left: a reused socket is connected; a new one once its
    // (TLS) connection is up. An error before that is a request that never left.
    let connected = false;
    let settled = false;
    const done = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const req = (t.tls ? https : http).request({ ...t.options, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) } }, (res) => {
      const status = res.statusCode ?? 0;
      res.on('error', (e) => done(failed('connection_lost', networkMessage(e, networkCode(e)), networkCode(e), e)));
      res.on('close', () => {
        if (!res.complete) done(failed('connection_lost', 'the connection closed before the whole answer arrived', 'ECONNRESET', undefined));
      });
      const tooLarge = () => {
        done({ ok: true, status, text: null });
        req.destroy();
      };
      const declared = res.headers['content-length'];
      if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) return tooLarge();
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes) return tooLarge();
        chunks.push(c);
      });
      res.on('end', () => done({ ok: true, status, text: decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)) }));
    });
    req.on('socket', (s) => {
      if (req.reusedSocket || !s.connecting) connected = true;
      else s.once(t.tls ? 'secureConnect' : 'connect', () => void (connected = true));
    });
    req.on('error', (e) => {
      if (settled) return;
      const code = networkCode(e);
      if (signal?.aborted) return done(failed('cancelled', 'cancelled while the request was in flight', code, signal.reason));
      const sent = connected && !NOT_SENT.test(code);
      done(failed(sent ? 'connection_lost' : 'unreachable', networkMessage(e, code), code, e));
    });
    const timer = setTimeout(() => {
      // Still not connected at the deadline: the request never left.
      done(connected ? failed('timeout', `no answer within ${timeoutMs} ms`, 'ETIMEDOUT', undefined) : failed('unreachable', `no connection within ${timeoutMs} ms`, 'ETIMEDOUT', undefined));
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      done(failed('cancelled', connected ? 'cancelled while the request was in flight' : 'cancelled before sending', '', signal?.reason));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(request.body);
  });
}

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const builtinFetch = globalThis.fetch;
// Node's own fetch is a JS wrapper that loads undici; Deno's and Bun's are native and stay in use.
const isNodeFetch = typeof builtinFetch === 'function' && builtinFetch.name === 'fetch' && /undici/.test(Function.prototype.toString.call(builtinFetch));
const dispatcherAtLoad = (globalThis as Record<symbol, unknown>)[DISPATCHER];
// With Node's env-proxy support on, fetch honours HTTP(S)_PROXY; node:http with our agent would not.
const envProxy = process.env.NODE_USE_ENV_PROXY === '1' || process.execArgv.includes('--use-env-proxy');

/**
 * node:http carries the request only when fetch would do exactly the same: `globalThis.fetch` is
 * still Node's own (not a test double: msw, vi.spyOn, a wrapper installed after loading), no
 * other undici global dispatcher (ProxyAgent, MockAgent…) is installed, and env proxies are off.
 * Otherwise the request goes through `globalThis.fetch`, as before.
 */
export function nodeApplies(): boolean {
  const f = globalThis.fetch;
  if (f === undefined) return true;
  if (!isNodeFetch || f !== builtinFetch || envProxy) return false;
  const d = (globalThis as Record<symbol, unknown>)[DISPATCHER] as { constructor?: { name?: string } } | undefined;
  return d === undefined || d === dispatcherAtLoad || (dispatcherAtLoad === undefined && d.constructor?.name === 'Agent');
}

provideRuntimePost({ post: nodePost, applies: nodeApplies });
