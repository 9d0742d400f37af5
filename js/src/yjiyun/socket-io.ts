// The one place that knows the two socket.io client generations: socket.io-client 4 (Engine.IO
// 4, parser protocol 5) and socket.io-client 2 (Engine.IO 3, protocol 4, as the platform's 2020
// examples suggest). Both are the real clients from npm (optional peers: `socket.io-client`, and
// `socket.io-client-v2` as an npm alias of socket.io-client@2), each with robotwire's raw-text
// parser. `YjiyunRealtime` sees one small interface with the v4 event names, and one
// classification of their connection failures (`connectReason`).
import { importOptional } from '../core/optional.js';
import type { YjiyunConnectReason } from './errors.js';
import * as parserV4 from './socket-parser.js';
import * as parserV2 from './socket-parser-v2.js';

/** A socket.io generation: 4 (v3/v4 servers) or 2 (v2 servers). */
export type YjiyunSocketIoGeneration = 2 | 4;

/** What a connection attempt failed with: an Error, maybe with the server's `data` ({code, msg}). */
export type ConnectFailure = Error & { data?: unknown; description?: unknown };

/** The part of a socket.io client socket `YjiyunRealtime` uses. */
export interface RealtimeSocket {
  readonly connected: boolean;
  onConnect(fn: () => void): void;
  onConnectError(fn: (err: ConnectFailure) => void): void;
  onDisconnect(fn: (reason: string) => void): void;
  onEvent(event: string, fn: (arg: unknown) => void): void;
  emit(event: string, payload: unknown): void;
  connect(): void;
  /** Removes every listener and closes the connection. */
  close(): void;
}

export interface OpenOptions {
  query: Record<string, string>;
  timeoutMs: number;
  /** Extra client options (`transports`, `path`, `extraHeaders`…). */
  extra: Record<string, unknown>;
}

type V4Socket = import('socket.io-client').Socket;

/** Opens (without connecting) a socket of `generation` to `url` (namespace included). */
export async function openSocket(generation: YjiyunSocketIoGeneration, url: string, o: OpenOptions, feature: string): Promise<RealtimeSocket> {
  return generation === 4 ? openV4(url, o, feature) : openV2(url, o, feature);
}

async function openV4(url: string, o: OpenOptions, feature: string): Promise<RealtimeSocket> {
  const { io } = await importOptional<typeof import('socket.io-client')>('socket.io-client', feature);
  const s: V4Socket = io(url, {
    timeout: o.timeoutMs,
    ...o.extra,
    query: o.query,
    parser: parserV4,
    reconnection: false,
    autoConnect: false,
    forceNew: true,
    multiplex: false,
  } as Parameters<typeof io>[1]);
  return {
    get connected() {
      return s.connected;
    },
    onConnect: (fn) => void s.on('connect', fn),
    onConnectError: (fn) => void s.on('connect_error', fn as (e: Error) => void),
    onDisconnect: (fn) => void s.on('disconnect', (reason: string) => fn(reason)),
    onEvent: (event, fn) => void s.on(event, fn),
    emit: (event, payload) => void s.emit(event, payload),
    connect: () => void s.connect(),
    close: () => {
      s.removeAllListeners();
      s.disconnect();
    },
  };
}

/** socket.io-client 2's socket (component-emitter). */
interface V2Socket {
  connected: boolean;
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  off(): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  open(): unknown;
  close(): unknown;
  io: { off?(): unknown };
}

async function openV2(url: string, o: OpenOptions, feature: string): Promise<RealtimeSocket> {
  const mod = await importOptional<{ default?: unknown }>('socket.io-client-v2', `${feature} (socket.io v2)`);
  const io = (typeof mod.default === 'function' ? mod.default : mod) as (url: string, opts: Record<string, unknown>) => V2Socket;
  const s = io(url, {
    timeout: o.timeoutMs,
    ...o.extra,
    query: o.query,
    parser: parserV2,
    reconnection: false,
    autoConnect: false,
    forceNew: true,
    multiplex: false,
  });
  let connected = false;
  let failedOnce = false;
  const failure = (fn: (err: ConnectFailure) => void) => (arg: unknown) => {
    if (connected || failedOnce) return;
    failedOnce = true;
    if (arg instanceof Error) return fn(arg as ConnectFailure);
    // 'timeout' (the manager's connect timer) or a refusal by the server's middleware, which v2
    // delivers as an ERROR packet: the error's `data`, e.g. {code: "1000", msg: "用户认证失败"}.
    if (arg === 'timeout') return fn(new Error('timeout'));
    const err = new Error(typeof arg === 'string' ? arg : String((arg as { msg?: unknown; message?: unknown })?.msg ?? (arg as { message?: unknown })?.message ?? 'refused')) as ConnectFailure;
    if (arg && typeof arg === 'object') err.data = arg;
    fn(err);
  };
  return {
    get connected() {
      return s.connected;
    },
    onConnect: (fn) =>
      void s.on('connect', () => {
        connected = true;
        fn();
      }),
    onConnectError: (fn) => {
      const f = failure(fn);
      s.on('connect_error', f);
      // Before the namespace is joined an ERROR packet is the middleware refusing the handshake.
      s.on('error', (arg: unknown) => {
        if (!connected) f(arg);
      });
    },
    onDisconnect: (fn) =>
      void s.on('disconnect', (reason: unknown) => {
        connected = false;
        fn(String(reason));
      }),
    onEvent: (event, fn) => void s.on(event, fn as (...a: unknown[]) => void),
    emit: (event, payload) => void s.emit(event, payload),
    connect: () => void s.open(),
    close: () => {
      s.off();
      s.close();
    },
  };
}

/** How each reason reads in a connection error's message ("connection …"). */
export const CONNECT_REASON_TEXT: Record<YjiyunConnectReason, string> = {
  unreachable: 'failed, host unreachable',
  refused: 'refused by the server',
  protocol: 'failed, the server does not speak this socket.io protocol',
  timeout: 'timed out',
};

/** Classifies a `connect_error` of either generation; `code`: the server's refusal code, if any. */
export function connectReason(err: Error & { description?: unknown }, code: string | undefined): YjiyunConnectReason {
  // A middleware refusal (the server's `next(err)` with data, e.g. 1000 for a bad token).
  if (code !== undefined) return 'refused';
  const message = String(err.message ?? '');
  if (message === 'timeout') return 'timeout';
  // A CONNECT_ERROR packet in a shape socket.io-client 4 cannot read (a v2 server's refusal is
  // `{code, msg}` where v4 expects `{message, data}`): the server answered, in another protocol.
  if (message === '' && err.description === undefined && (err as { type?: unknown }).type !== 'TransportError') return 'protocol';
  // socket.io-client 4 against a v2 server, or an answer that is not Engine.IO at all.
  if (/v2\.x|server error|parser error|unsupported protocol version|Unexpected server response/i.test(message)) return 'protocol';
  const description = err.description as { message?: unknown; code?: unknown; error?: { code?: unknown } } | number | undefined;
  if (typeof description === 'number') return description >= 400 && description < 500 ? 'protocol' : 'unreachable';
  const detail = `${String((description as { message?: unknown })?.message ?? '')} ${String((description as { code?: unknown })?.code ?? '')} ${String((description as { error?: { code?: unknown } })?.error?.code ?? '')}`;
  // Reachable, but the answer is no Engine.IO handshake (a web page, a 400 from another server).
  // …or an upgrade that then speaks frames this client refuses (a v4 server to a v2 client).
  if (/Unexpected server response|status code|Invalid WebSocket frame|WS_ERR_/.test(detail)) return 'protocol';
  return 'unreachable';
}
