// One HTTP POST for both clients (JdmeClient, YjiyunClient): a deadline, the caller's cancel
// signal, the answer read with a cap, and a failure classified by whether the request can have
// arrived. Two carriers of the same contract:
// - `fetchPost(fetch)`: any fetch (edge runtimes, a test double, an undici dispatcher);
// - on Node, the node:http(s) carrier the Node entries provide (./http-node.ts). Node's
//   built-in fetch costs about 2.5× the CPU of node:http per request, and passing it the abort
//   signal a timeout needs adds 5–25 % more (bench/send.mjs prints both), so the Node default
//   is node:http whenever that cannot change what the request does (see `nodeApplies`).
import { readCappedText } from './body.js';

/** The part of `fetch` the clients use; `globalThis.fetch` fits. */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  status: number;
  /** The response body as text (kept raw so ids above 2^53 stay exact). */
  text(): Promise<string>;
  /** When present (a real `Response`), the answer is streamed with a cap instead of `text()`. */
  body?: ReadableStream<Uint8Array> | null;
  headers?: {
    /** A header's value (`content-length` lets an oversized answer be refused unread). */
    get(name: string): string | null;
  };
}>;

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Largest answer read; reading stops at the first byte past it. */
  maxBytes: number;
  /** The caller's cancel. */
  signal?: AbortSignal | undefined;
}

/**
 * - `unreachable`: the request never left (refused, DNS, no connection within the deadline);
 * - `timeout`: no full answer within the deadline after it may have been sent;
 * - `connection_lost`: the connection failed after the request may have been sent;
 * - `cancelled`: the caller's signal aborted (the request may have arrived).
 */
export type PostFailure = 'unreachable' | 'timeout' | 'connection_lost' | 'cancelled';

export type PostResult =
  /** `text` is null when the answer is larger than `maxBytes`. */
  | { ok: true; status: number; text: string | null }
  /** `message` may quote the network layer: callers scrub it before it reaches an error. */
  | { ok: false; failure: PostFailure; message: string; code: string; cause: unknown };

export type Post = (request: PostRequest) => Promise<PostResult>;

/**
 * Error codes of a connection that was never made, so the request did not leave: refused, DNS,
 * no route, and TLS certificate failures (the handshake ends before any byte of the request).
 */
export const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ERR_INVALID_URL|UND_ERR_CONNECT_TIMEOUT|CERT_|_CERT\b|SELF_SIGNED|ERR_TLS_CERT_ALTNAME_INVALID/;

/** The error codes of a network failure (undici puts them on `cause`, Node on the error). */
export function networkCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null;
  const codes = [err?.code, err?.cause?.code, ...(err?.cause?.errors ?? []).map((x) => x?.code)];
  return codes.filter((c) => typeof c === 'string').join(' ');
}

/** How either carrier describes a network error (callers scrub it). */
export function networkMessage(e: unknown, code: string): string {
  return `network error: ${String((e as Error)?.message ?? e)}${code ? ` (${code})` : ''}`;
}

export function failed(failure: PostFailure, message: string, code: string, cause: unknown): PostResult {
  return { ok: false, failure, message, code, cause };
}

/** The contract over any fetch. */
export function fetchPost(f: FetchLike): Post {
  return async (request) => {
    const { signal, timeoutMs } = request;
    if (signal?.aborted) return failed('cancelled', 'cancelled before sending', '', signal.reason);
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => ctrl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await f(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: ctrl.signal });
      return { ok: true, status: res.status, text: await readCappedText(res, request.maxBytes) };
    } catch (e) {
      if (signal?.aborted) return failed('cancelled', 'cancelled while the request was in flight', '', signal.reason);
      const code = networkCode(e);
      if (ctrl.signal.aborted) return failed('timeout', `no answer within ${timeoutMs} ms`, code, e);
      return failed(NOT_SENT.test(code) ? 'unreachable' : 'connection_lost', networkMessage(e, code), code, e);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };
}

/** A faster carrier for this runtime (Node: node:http), used while `applies()` holds. */
export interface RuntimePost {
  post: Post;
  applies(): boolean;
}

let runtime: RuntimePost | undefined;

/** Called by the Node entries (./http-node.ts). */
export function provideRuntimePost(p: RuntimePost): void {
  runtime = p;
}

/**
 * The carrier of a client: `fetch` when one is given; otherwise, per request, the runtime's own
 * (when it applies) or `globalThis.fetch` as it is at that moment, so a test double installed
 * later is still used. Throws `TypeError` when there is neither.
 */
export function postFor(fetchOption: FetchLike | undefined, client: string): Post {
  if (fetchOption !== undefined) {
    if (typeof fetchOption !== 'function') throw new TypeError(`${client}: options.fetch must be a function`);
    return fetchPost(fetchOption.bind(globalThis) as FetchLike);
  }
  if (runtime === undefined && typeof globalThis.fetch !== 'function') throw new TypeError(`${client}: no fetch available; pass options.fetch`);
  let last: typeof globalThis.fetch | undefined;
  let viaFetch: Post | undefined;
  return (request) => {
    if (runtime?.applies()) return runtime.post(request);
    const f = globalThis.fetch;
    if (typeof f !== 'function') return Promise.resolve(failed('unreachable', 'no fetch available; pass options.fetch', '', undefined));
    if (f !== last || viaFetch === undefined) {
      last = f;
      viaFetch = fetchPost(f.bind(globalThis) as unknown as FetchLike);
    }
    return viaFetch(request);
  };
}
