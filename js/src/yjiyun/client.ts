// The 有机云 REST client (2.1–2.13). Web-standard only (fetch, AbortController, Web Crypto): no
// `node:` import, so it runs on Node 18+ and on edge runtimes alike.
//
// Every call: a fresh 32-character `request_id` in the query string, the `token` header (2.1
// excepted), the body form-urlencoded unless the doc says JSON (2.7, 2.8), the raw response
// text handed to the Rust parser (ids above 2^53 stay exact), `code` compared as the string
// "0". Code 1000: the token is dropped, 2.1 is called again, and the call is retried once.
// Code 5000: bounded exponential back-off. Failures are typed errors; neither the accessSecret
// nor a token ever reaches a log line, an error message or a thrown object.
import type { KeyValueStore } from '../store/types.js';
import { MemoryStore } from '../store/memory.js';
import type { Logger } from '../core/logger.js';
import { backoffDelay, sleep } from '../core/retry.js';
import { silentLogger } from '../core/logger.js';
import { RobotwireError } from '../core/errors.js';
import {
  YjiyunAuthError,
  YjiyunBusyError,
  YjiyunError,
  YjiyunHttpError,
  YjiyunProtocolError,
  YjiyunTimeoutError,
  redact,
} from './errors.js';
import type { YjiyunErrorInit } from './errors.js';
import { defaultYjiyunMessageIds, newYjiyunRequestId } from './ids.js';
import type { YjiyunMessageIds } from './ids.js';
import { buildYjiyunRest } from './rest.js';
import { postFor } from '../core/http.js';
import type { FetchLike, Post } from '../core/http.js';
import type { YjiyunBodyFormat, YjiyunFormArrays } from './rest.js';
import { yjiyunKinds } from './rules.js';
import { runYjiyunSerial, type YjiyunSerialLock } from './queue.js';
import type {
  YjiyunBridgeInput,
  YjiyunChatListInput,
  YjiyunChatMessageInput,
  YjiyunContactSyncInput,
  YjiyunCustomerListInput,
  YjiyunEndpoint,
  YjiyunGroupDownloadInput,
  YjiyunGroupListInput,
  YjiyunMemberListInput,
  YjiyunRestInputs,
  YjiyunSettingDuplicateInput,
  YjiyunTaskSaveInput,
  YjiyunUnreadCleanInput,
} from './rest.js';
import { parseYjiyunResponse } from './response.js';
import type {
  YjiyunAuthData,
  YjiyunCustomer,
  YjiyunDownload,
  YjiyunGroup,
  YjiyunMember,
  YjiyunResponse,
  YjiyunResponseData,
  YjiyunRobot,
} from './response.js';
import type { YjiyunAction, YjiyunChat, YjiyunMessage } from './parse.js';
import type { YjiyunOutboundActionType } from './frames.js';
import { TokenCache } from '../core/token-cache.js';
import type { CachedToken as YjiyunCachedToken } from '../core/token-cache.js';

export type { FetchLike };

/** Back-off after code 5000 (服务器繁忙, 1.2). */
export interface YjiyunBusyRetryOptions {
  /** Retries after a 5000 (服务器繁忙). Default 3 (so at most 4 attempts). 0 disables. */
  retries?: number;
  /** First back-off; doubled each retry, ±20 % jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one back-off. Default 8 000 ms. */
  maxDelayMs?: number;
  /**
   * Also retry requests that are not safe to repeat (2.7 task save, 2.8 bridge actions, 2.9,
   * 2.13; `yjiyunKinds().endpoints[].retrySafe`). Default false: those fail at once with
   * `YjiyunBusyError` `outcomeUnknown`, because a 5000 does not say whether the work was done
   * and each retry carries a new request_id.
   */
  retryUnsafe?: boolean;
}

/** Options of `YjiyunClient`. `accessKey`, `accessSecret` and `baseUrl` are required (1.1). */
export interface YjiyunClientOptions {
  /** 有机云后台账号. */
  accessKey: string;
  /** The account's password. Never logged or put in an error. */
  accessSecret: string;
  /** `https://www.yjiyun.com` (production) or `https://test.yjiyun.com` (test). Required: no silent default. */
  baseUrl: string;
  /**
   * Every request goes through this fetch when given (a test double, a fetch bound to an undici
   * dispatcher). Default: on Node, node:http with a keep-alive agent whenever that is what
   * `globalThis.fetch` would do (it is Node's own, no undici global dispatcher, no env proxy),
   * else `globalThis.fetch` as it is at each request; on other runtimes `globalThis.fetch`.
   */
  fetch?: FetchLike;
  /**
   * Where the token is kept and shared. Default: a `MemoryStore` of this client. Give several
   * instances the same store (Redis…) and they share one token and refresh it once, and their
   * tag operations (3.11, bridge and socket) wait for each other through a lock key per robot.
   */
  store?: KeyValueStore;
  /**
   * After a bridge tag operation (3.11) times out, how long it keeps its robot's place in the
   * queue, since the platform may still be working on it. Default 30 000 ms.
   */
  serialGraceMs?: number;
  /** Store key of the token. Default `robotwire:yjiyun:token:<baseUrl>:<accessKey>`. */
  tokenKey?: string;
  /** Renew the token when less than this remains. Default: a fifth of its lifetime, at most 10 min. */
  renewBeforeMs?: number;
  logger?: Logger;
  /** Per HTTP request. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * Largest answer read, in bytes (reading stops there): a larger one is `YjiyunProtocolError`
   * `response_too_large`, never retried. Default 8 MiB (a 2.5 group export or a long chat
   * history page is well below).
   */
  maxResponseBytes?: number;
  busyRetry?: YjiyunBusyRetryOptions;
  /** Source of `messageId`s for 2.8 bridge calls. */
  messageIds?: YjiyunMessageIds;
  /**
   * Body format per endpoint, overriding 1.2's default (form, except 2.7 and 2.8 as JSON), e.g.
   * `{ 'client/auth': 'json' }`. Unpinned form endpoints switch to JSON by themselves when the
   * server answers HTTP 415 (2.1 and 2.9 print JSON examples but do not say JSON).
   */
  bodyFormats?: Partial<Record<YjiyunEndpoint, YjiyunBodyFormat>>;
  /** How arrays go into form bodies; the doc never says. Default `repeat` (`tagList=a&tagList=b`). */
  formArrays?: YjiyunFormArrays;
  /** Clock (epoch ms), injectable for tests. */
  now?: () => number;
  /** Sleep used for back-off, injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** One page of a paginated list. */
export interface YjiyunPage<T> {
  items: T[];
  /** The platform's `total`, when it sends one. */
  total: number | null;
  pageNum: number;
  pageSize: number;
}

/** Options of the `iterate…` methods of `YjiyunClient`. */
export interface YjiyunIterateOptions {
  /** Stop after this many pages (a guard against a server that never ends). Default 10 000. */
  maxPages?: number;
}

/** Anything that hands out the 2.1 token (`YjiyunClient` does); what `YjiyunRealtime` needs. */
export interface YjiyunTokenSource {
  /** A token with time left (re-authenticates when needed). */
  token(): Promise<string>;
  /** Drops `token` after the platform refused it (code 1000), so the next `token()` re-authenticates. */
  invalidateToken(token: string): Promise<void>;
  /** When the current token should be renewed (epoch ms); undefined if unknown. */
  tokenRenewAt?(): number | undefined;
  /** The socket.io host, when it is the REST host. */
  readonly baseUrl?: string;
  /** A store shared with other processes, when one was given: tag operations lock through it. */
  readonly sharedStore?: KeyValueStore;
}

const DEFAULT_PAGE_SIZE = 20;
const DEFAULT_HISTORY_COUNT = 20;

/**
 * The REST client (2.1–2.13). Obtains and caches the 2.1 token, re-authenticates and retries once
 * on code 1000, backs off on 5000, and throws typed errors (`YjiyunError` and subclasses). The
 * constructor throws `TypeError` on a missing `accessKey` / `accessSecret`, a `baseUrl` that is
 * not http(s), or no `fetch`; `RangeError` when `busyRetry.retries` is not a non-negative integer.
 */
export class YjiyunClient implements YjiyunTokenSource {
  readonly baseUrl: string;
  /** The store given in the options (not the default `MemoryStore`); `YjiyunRealtime` locks tag operations through it too. */
  readonly sharedStore: KeyValueStore | undefined;
  readonly #serialGraceMs: number;
  readonly #bodyFormats: Partial<Record<YjiyunEndpoint, YjiyunBodyFormat>>;
  /** Endpoints that answered a form with HTTP 415 and took JSON instead. */
  readonly #learnedJson = new Set<YjiyunEndpoint>();
  readonly #formArrays: YjiyunFormArrays | undefined;
  readonly #accessKey: string;
  readonly #accessSecret: string;
  readonly #post: Post;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #busy: Required<YjiyunBusyRetryOptions>;
  readonly #tokens: TokenCache;
  readonly #messageIds: YjiyunMessageIds;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Tokens this client has seen: scrubbed from anything that could reach an error. */
  readonly #seenTokens = new Set<string>();

  constructor(options: YjiyunClientOptions) {
    if (!options || typeof options.accessKey !== 'string' || options.accessKey.length === 0) throw new TypeError('YjiyunClient: accessKey is required');
    if (typeof options.accessSecret !== 'string' || options.accessSecret.length === 0) throw new TypeError('YjiyunClient: accessSecret is required');
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\/[^/\s]+/i.test(options.baseUrl)) {
      throw new TypeError('YjiyunClient: baseUrl must be an http(s) URL, e.g. https://www.yjiyun.com');
    }
    this.#post = postFor(options.fetch, 'YjiyunClient');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#accessKey = options.accessKey;
    this.#accessSecret = options.accessSecret;
    this.#logger = options.logger ?? silentLogger;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? 8 << 20;
    this.#busy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000, retryUnsafe: false, ...options.busyRetry };
    if (!Number.isInteger(this.#busy.retries) || this.#busy.retries < 0) throw new RangeError('busyRetry.retries must be a non-negative integer');
    this.#messageIds = options.messageIds ?? defaultYjiyunMessageIds;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => sleep(ms));
    this.sharedStore = options.store;
    this.#serialGraceMs = options.serialGraceMs ?? 30_000;
    this.#bodyFormats = { ...options.bodyFormats };
    this.#formArrays = options.formArrays;
    this.#tokens = new TokenCache(
      async () => {
        const got = await this.#authenticate();
        return { token: got.token, lifetimeMs: got.expireMinutes * 60_000 };
      },
      {
        store: options.store ?? new MemoryStore({ maxEntries: 16 }),
        key: options.tokenKey ?? `robotwire:yjiyun:token:${this.baseUrl}:${options.accessKey}`,
        now: this.#now,
        logger: this.#logger,
        // Renewing inside the lifetime extends the token: a fifth of its life, at most 10 minutes.
        renewBeforeMs: options.renewBeforeMs ?? ((lifetimeMs) => Math.min(600_000, lifetimeMs / 5)),
      },
    );
  }

  // ---- token ----------------------------------------------------------------------------------

  /** A token with time left; calls 2.1 when there is none or it is inside the renewal margin. */
  async token(): Promise<string> {
    const t = await this.#tokens.get();
    this.#remember(t);
    return t;
  }

  /** Calls 2.1 now (which extends the token's lifetime) and caches the result. */
  async refreshToken(): Promise<YjiyunCachedToken> {
    const t = await this.#tokens.refresh();
    this.#remember(t.token);
    return t;
  }

  async invalidateToken(token: string): Promise<void> {
    await this.#tokens.invalidate(token);
  }

  tokenRenewAt(): number | undefined {
    return this.#tokens.renewAt();
  }

  /** Number of 2.1 calls made by this client. */
  get authCalls(): number {
    return this.#tokens.fetches;
  }

  #remember(token: string): void {
    if (this.#seenTokens.size >= 32) this.#seenTokens.delete(this.#seenTokens.values().next().value as string);
    this.#seenTokens.add(token);
  }

  #scrub(text: string): string {
    return redact(text, [this.#accessSecret, ...this.#seenTokens]);
  }

  async #authenticate(): Promise<{ token: string; expireMinutes: number }> {
    const res = await this.#exchange('client/auth', { accessKey: this.#accessKey, accessSecret: this.#accessSecret }, undefined);
    const data = res.response.data as YjiyunAuthData;
    this.#remember(data.accessToken);
    return { token: data.accessToken, expireMinutes: data.expireMinutes ?? 0 };
  }

  // ---- the one request path ------------------------------------------------------------------

  /**
   * Sends any endpoint and returns the parsed response (typed by endpoint). Throws
   * `YjiyunError` (and its `YjiyunAuthError` / `YjiyunBusyError`) for a failure code after the
   * retries, `YjiyunValidationError` before sending, `YjiyunHttpError`, `YjiyunTimeoutError`,
   * `YjiyunProtocolError`.
   */
  async request<E extends Exclude<YjiyunEndpoint, 'client/auth'>>(endpoint: E, input: YjiyunRestInputs[E]): Promise<YjiyunResponse<E>> {
    if ((endpoint as string) === 'client/auth') throw new RobotwireError('invalid_argument', 'client/auth is called by token() / refreshToken(), not request()');
    return (await this.#exchange(endpoint, input, true)).response;
  }

  /** The build options for `endpoint` now: its pinned or learned body format, the array encoding. */
  #wire(endpoint: YjiyunEndpoint): { format?: 'form' | 'json'; arrays?: YjiyunFormArrays } {
    const format = this.#bodyFormats[endpoint] ?? (this.#learnedJson.has(endpoint) ? 'json' : undefined);
    return { ...(format ? { format } : {}), ...(this.#formArrays ? { arrays: this.#formArrays } : {}) };
  }

  /**
   * The one request loop of this client (tokens, 415 → JSON, busy back-off). `first` is a
   * request already built for the first attempt (the bridge builds it to learn its serial key
   * before queuing); every later attempt is built anew with a new request_id.
   */
  async #exchange<E extends YjiyunEndpoint>(
    endpoint: E,
    input: YjiyunRestInputs[E],
    withToken: true | undefined,
    first?: { requestId: string; req: ReturnType<typeof buildYjiyunRest>; wire: string },
  ): Promise<{ response: YjiyunResponse<E>; requestId: string }> {
    let authRetried = false;
    let busyRetries = 0;
    for (let attempt = 1; ; attempt++) {
      const token = withToken ? await this.token() : undefined;
      const pinned = this.#bodyFormats[endpoint];
      const wire = this.#wire(endpoint);
      // The prebuilt request only while the body format it was built with still holds.
      const reuse = attempt === 1 && first !== undefined && first.wire === JSON.stringify(wire) ? first : undefined;
      const requestId = reuse?.requestId ?? newYjiyunRequestId();
      const req = reuse?.req ?? buildYjiyunRest(endpoint, input, requestId, wire);
      for (const w of req.warnings) this.#logger.warn?.('yjiyun request warning', { endpoint, rule: w.rule, field: w.field });
      const started = this.#now();
      const { status, text } = await this.#send(endpoint, req.url, req.contentType, req.bodyText, token, requestId);
      // 415: the server refused the content type before doing anything, so sending the same
      // request as JSON is safe even for endpoints that are not safe to repeat. Once per client.
      if (status === 415 && req.form !== null && pinned === undefined && !this.#learnedJson.has(endpoint)) {
        this.#learnedJson.add(endpoint);
        this.#logger.warn?.('yjiyun: the server refused a form body (HTTP 415); sending this endpoint as JSON from now on', { endpoint, requestId });
        continue;
      }
      let response: YjiyunResponse<E>;
      try {
        response = parseYjiyunResponse(endpoint, text);
      } catch (e) {
        const err = e as RobotwireError;
        if (status < 200 || status >= 300) throw new YjiyunHttpError({ endpoint, requestId, httpStatus: status, detail: `HTTP ${status}` });
        throw new YjiyunProtocolError(err.code ?? 'invalid_json', { endpoint, requestId, detail: this.#scrub(err.message) });
      }
      const meta = { endpoint, requestId, code: response.code, attempt, ms: this.#now() - started, httpStatus: status };
      if (response.ok) {
        this.#logger.debug?.('yjiyun request', meta);
        return { response, requestId };
      }
      const init: YjiyunErrorInit = { code: response.code, msg: response.msg === null ? null : this.#scrub(response.msg), endpoint, requestId, attempts: attempt };
      if (response.status === 'auth_failed') {
        // 2.1 itself refused: wrong accessKey / accessSecret. Retrying cannot help.
        if (!token) throw new YjiyunAuthError(init);
        if (!authRetried) {
          authRetried = true;
          this.#logger.warn?.('yjiyun token refused (1000); re-authenticating and retrying once', meta);
          await this.#tokens.invalidate(token);
          continue;
        }
        throw new YjiyunAuthError(init);
      }
      if (response.status === 'busy') {
        const safe = retrySafe(endpoint);
        if (!safe && !this.#busy.retryUnsafe) {
          this.#logger.warn?.('yjiyun busy (5000); not retried: not safe to repeat', meta);
          throw new YjiyunBusyError(init, true);
        }
        if (busyRetries < this.#busy.retries) {
          busyRetries += 1;
          const delay = backoffDelay(busyRetries, { baseMs: this.#busy.baseDelayMs, maxMs: this.#busy.maxDelayMs, jitter: 'even' });
          this.#logger.warn?.('yjiyun busy (5000); backing off', { ...meta, delayMs: delay });
          await this.#sleep(delay);
          continue;
        }
        throw new YjiyunBusyError(init);
      }
      this.#logger.debug?.('yjiyun request failed', meta);
      throw new YjiyunError(init);
    }
  }

  async #send(endpoint: string, url: string, contentType: string, body: string, token: string | undefined, requestId: string): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'content-type': contentType, accept: 'application/json' };
    if (token) headers.token = token;
    const r = await this.#post({ url: this.baseUrl + url, headers, body, timeoutMs: this.#timeoutMs, maxBytes: this.#maxResponseBytes });
    if (r.ok && r.text === null) {
      throw new YjiyunProtocolError('response_too_large', { endpoint, requestId, detail: `HTTP ${r.status}: the answer is larger than maxResponseBytes (${this.#maxResponseBytes})` });
    }
    if (r.ok) return { status: r.status, text: r.text! };
    if (r.failure === 'timeout') throw new YjiyunTimeoutError({ endpoint, requestId, timeoutMs: this.#timeoutMs });
    throw new YjiyunHttpError({ endpoint, requestId, httpStatus: 0, detail: this.#scrub(r.message || 'network error') });
  }

  async #data<E extends Exclude<YjiyunEndpoint, 'client/auth'>>(endpoint: E, input: YjiyunRestInputs[E]): Promise<YjiyunResponseData[E]> {
    return (await this.request(endpoint, input)).data as YjiyunResponseData[E];
  }

  async #page<E extends PagedEndpoint>(
    endpoint: E,
    input: YjiyunRestInputs[E],
  ): Promise<YjiyunPage<YjiyunResponseData[E] extends (infer T)[] ? T : never>> {
    const r = await this.request(endpoint, input);
    const i = input as { pageNum?: number; pageSize?: number };
    return {
      items: (r.data ?? []) as never,
      total: r.total,
      pageNum: i.pageNum ?? 1,
      pageSize: i.pageSize ?? DEFAULT_PAGE_SIZE,
    };
  }

  /** Walks pages 1, 2, … until `total` is reached or a page comes back short; de-duplicates by `key`. */
  async *#pages<E extends PagedEndpoint, T>(
    endpoint: E,
    input: YjiyunRestInputs[E],
    key: (item: T) => string,
    options: YjiyunIterateOptions,
  ): AsyncGenerator<T, void, undefined> {
    const start = input as { pageNum?: number; pageSize?: number };
    const pageSize = start.pageSize ?? DEFAULT_PAGE_SIZE;
    const maxPages = options.maxPages ?? 10_000;
    const seen = new Set<string>();
    // Items already behind the first requested page count towards `total`.
    let fetched = ((start.pageNum ?? 1) - 1) * pageSize;
    for (let pageNum = start.pageNum ?? 1, n = 0; n < maxPages; pageNum++, n++) {
      const page = await this.#page(endpoint, { ...input, pageNum, pageSize });
      fetched += page.items.length;
      for (const item of page.items as T[]) {
        const k = key(item);
        if (seen.has(k)) continue;
        seen.add(k);
        yield item;
      }
      if (page.items.length === 0) return;
      // With a total, trust it (a server may cap pageSize below what was asked); without, a
      // short page is the last one.
      if (page.total !== null ? fetched >= page.total : page.items.length < pageSize) return;
    }
  }

  // ---- 2.2 – 2.13 ----------------------------------------------------------------------------

  /** 2.2 企微机器人列表. */
  robots(): Promise<YjiyunRobot[]> {
    return this.#data('robot/list', {}) as Promise<YjiyunRobot[]>;
  }

  /** 2.3 企微客户列表, one page. */
  customers(input: YjiyunCustomerListInput): Promise<YjiyunPage<YjiyunCustomer>> {
    return this.#page('external/user/list', input);
  }

  /** 2.3, every page: `for await (const c of client.iterateCustomers({ robotKey }))`. */
  iterateCustomers(input: YjiyunCustomerListInput, options: YjiyunIterateOptions = {}): AsyncGenerator<YjiyunCustomer, void, undefined> {
    return this.#pages<'external/user/list', YjiyunCustomer>('external/user/list', input, (c) => c.userId, options);
  }

  /** 2.4 企微群列表, one page. */
  groups(input: YjiyunGroupListInput): Promise<YjiyunPage<YjiyunGroup>> {
    return this.#page('group/list', input);
  }

  /** 2.4, every page. */
  iterateGroups(input: YjiyunGroupListInput, options: YjiyunIterateOptions = {}): AsyncGenerator<YjiyunGroup, void, undefined> {
    return this.#pages<'group/list', YjiyunGroup>('group/list', input, (g) => g.conversationId, options);
  }

  /** 2.5 企微群列表下载: the Excel file's URL. */
  downloadGroups(input: YjiyunGroupDownloadInput): Promise<YjiyunDownload> {
    return this.#data('grouptag/list/download', input) as Promise<YjiyunDownload>;
  }

  /** 2.6 企微群成员列表, one page. */
  members(input: YjiyunMemberListInput): Promise<YjiyunPage<YjiyunMember>> {
    return this.#page('group/member/list', input);
  }

  /** 2.6, every page. */
  iterateMembers(input: YjiyunMemberListInput, options: YjiyunIterateOptions = {}): AsyncGenerator<YjiyunMember, void, undefined> {
    return this.#pages<'group/member/list', YjiyunMember>('group/member/list', input, (m) => m.userId, options);
  }

  /** 2.7 消息群发 (JSON). Resolves when the platform accepted the task. */
  async saveTask(input: YjiyunTaskSaveInput): Promise<void> {
    await this.request('multiple/task/save', input);
  }

  /**
   * 2.8 即时消息同步请求: an action over HTTP instead of the socket (JSON). Resolves with the
   * typed action result; a result code other than "0" throws `YjiyunError`.
   */
  async bridge<T extends YjiyunOutboundActionType>(input: Extract<YjiyunBridgeInput, { type: T }>): Promise<YjiyunAction<T>> {
    const withId = { ...input, messageId: input.messageId ?? this.#messageIds.next() } as YjiyunRestInputs['bridge'];
    // Built once here: its serial key decides the queue, and the first attempt sends it.
    const wire = this.#wire('bridge');
    const requestId = newYjiyunRequestId();
    const first = { requestId, req: buildYjiyunRest('bridge', withId, requestId, wire), wire: JSON.stringify(wire) };
    const exchange = async () => {
      const action = (await this.#exchange('bridge', withId, true, first)).response.data as YjiyunAction;
      if (!action.ok && action.code !== null) {
        throw new YjiyunError({ code: action.code, msg: action.msg, endpoint: 'bridge', requestId: null, messageId: action.messageId });
      }
      return action as YjiyunAction<T>;
    };
    // 3.11 tags: one at a time per robot, in the same queue as YjiyunRealtime's tag frames (and,
    // with a shared store, the same lock as other processes').
    const { serialKey } = first.req;
    if (!serialKey) return exchange();
    return runYjiyunSerial(serialKey, exchange, {
      lock: this.#serialLock(),
      ids: { endpoint: 'bridge', messageId: withId.messageId },
      // Timed out: the platform may still be tagging, so the next one waits for the grace period.
      holdAfterTimeout: () => this.#sleep(this.#serialGraceMs),
    });
  }

  /** The cross-process lock of tag operations, when a store was given: held at most one whole exchange plus the grace. */
  #serialLock(): YjiyunSerialLock | undefined {
    if (!this.sharedStore) return undefined;
    const attempts = this.#busy.retryUnsafe ? this.#busy.retries + 1 : 1;
    // A token fetch, every attempt, every back-off, then the grace period.
    const ttlMs = (attempts + 1) * this.#timeoutMs + (attempts - 1) * this.#busy.maxDelayMs * 1.2 + this.#serialGraceMs;
    return { store: this.sharedStore, ttlMs: Math.ceil(ttlMs), logger: this.#logger };
  }

  /** 2.9 同步群聊配置. */
  async duplicateGroupSettings(input: YjiyunSettingDuplicateInput): Promise<void> {
    await this.request('group/setting/duplicate', input);
  }

  /** 2.10 最近会话列表 (newest first). */
  chats(input: YjiyunChatListInput): Promise<YjiyunChat[]> {
    return this.#data('chat/list', input) as Promise<YjiyunChat[]>;
  }

  /** 2.11 会话聊天记录, one page (newest first). */
  chatMessages(input: YjiyunChatMessageInput): Promise<YjiyunMessage[]> {
    return this.#data('chat/message', input) as Promise<YjiyunMessage[]>;
  }

  /**
   * 2.11, every page, newest first. The end of the window is pinned to the moment iteration
   * starts (unless `timestamp` is given), so messages arriving meanwhile do not shift the
   * offsets; items are also de-duplicated by `messageId`.
   */
  async *iterateChatMessages(input: YjiyunChatMessageInput, options: YjiyunIterateOptions = {}): AsyncGenerator<YjiyunMessage, void, undefined> {
    const count = input.count ?? DEFAULT_HISTORY_COUNT;
    const timestamp = input.timestamp ?? this.#now();
    const maxPages = options.maxPages ?? 10_000;
    const seen = new Set<string>();
    for (let offset = input.offset ?? 0, n = 0; n < maxPages; offset += count, n++) {
      const page = await this.chatMessages({ ...input, timestamp, offset, count });
      for (const m of page) {
        const k = m.messageId ?? `${m.msgSvrID}:${m.timestamp}`;
        if (seen.has(k)) continue;
        seen.add(k);
        yield m;
      }
      if (page.length < count) return;
    }
  }

  /** 2.12 清除未读会话消息. */
  async cleanUnread(input: YjiyunUnreadCleanInput): Promise<void> {
    await this.request('unreadmsg/clean', input);
  }

  /** 2.13 通讯录同步. */
  async syncContacts(input: YjiyunContactSyncInput): Promise<void> {
    await this.request('contact/sync', input);
  }
}

/** The paged list endpoints (2.3, 2.4, 2.6): those whose input takes `pageNum`. */
type PagedEndpoint = { [E in YjiyunEndpoint]: 'pageNum' extends keyof YjiyunRestInputs[E] ? E : never }[YjiyunEndpoint];

let safety: Map<string, boolean> | undefined;

/**
 * From the Rust endpoint table (`retry_safe`); unknown endpoints are not safe. Read from wasm, which
 * carries the table anyway, rather than bundling YJIYUN_ENDPOINT_ROWS (+270 B gzipped per upload).
 */
function retrySafe(endpoint: string): boolean {
  safety ??= new Map(yjiyunKinds().endpoints.map((e) => [e.endpoint, e.retrySafe]));
  return safety.get(endpoint) === true;
}
