// JdmeClient: the fetch calls around the Rust builders, rules and rate engine. One request's
// life: build (validated; never reaches the network if invalid) → pace (the platform's quotas
// and the profile's interception rules, via the store so every instance shares them) → send with
// the right token → classify the answer with the catalogue (refresh the token once, back off on
// rate limits, retry transient failures with the same requestId, never retry parameter errors).
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { MemoryStore } from '../store/memory.js';
import type { RobotwireStore } from '../store/types.js';
import { buildJdmeRequest, jdmeEndpoint } from './builders.js';
import type { BuildContext, JdmeEndpointName, JdmeInputs, TenantId, Destination, Mention, SendCardInput, SendLegacyCardInput } from './builders.js';
import { explainJdmeCode } from './catalogue.js';
import { planJdmeRate } from './rules.js';
import type { JdmeProfile } from './rules.js';
import { JdmeError, TRANSPORT_ERROR } from './errors.js';
import { TokenCache } from '../core/token-cache.js';
import type { JdmeOutputs, UserAccessTokenData } from './outputs.js';
import { sendToMany } from './bulk.js';
import type { BulkMessage, BulkOptions, BulkRecipient, BulkResult } from './bulk.js';
import type { JdmeWebhook } from './webhook.js';
import type { ImRobotAuthorizeEvent, JdmeEventEnvelope } from './events.js';

/** Options of `JdmeClient`: the app's credentials (required) and how calls are paced, retried and stored. */
export interface JdmeClientOptions {
  appKey: string;
  appSecret: string;
  openTeamId: string;
  /** The robot used when a call names none. */
  robotId?: string;
  /** Default `http://openme.jd.local` (the intranet host the seed recommends). */
  baseUrl?: string;
  /** Injectable fetch; default the global one. */
  fetch?: typeof fetch;
  /** Tokens, rate state and dedupe. Default a per-process `MemoryStore`; use `RedisStore` with several instances. */
  store?: RobotwireStore;
  logger?: Logger;
  /** Extra headers on every call, e.g. `{ 'x-stage': '…' }` for the pre-release environment. */
  headers?: Record<string, string>;
  /** The robot's interception profile (拦截规则 业务类型). Unset: the strictest combination of all three. */
  profile?: JdmeProfile;
  /** `'wait'` (default): delay a request until the quotas allow it. `'reject'`: throw at once with the rule id. */
  pacing?: 'wait' | 'reject';
  /** Longest a request may wait for pacing before it fails. Default 60 s. */
  maxWaitMs?: number;
  /** Retries after the first attempt for transient failures and rate limits. Default 3. */
  retries?: number;
  /** Backoff base and cap in ms (exponential with full jitter). Default 200 / 5000. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** tenantId used for `erp` destinations that omit it. Default `CN.JD.GROUP`. */
  tenantId?: TenantId;
  /** Prefix for store keys. Default `robotwire:jdme:`. */
  keyPrefix?: string;
  /** Clock in epoch ms, for `dateTime`, pacing and token expiry; injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/** Per-call options of `JdmeClient` methods. */
export interface CallOptions {
  /** Reuse a requestId (e.g. resuming a bulk send); default fresh per logical request. */
  requestId?: string;
  /** A user access token, for the 以用户身份 endpoints. */
  userToken?: string;
  signal?: AbortSignal;
}

/**
 * Where a `JdmeClient` convenience method sends: a user (`erp`, with `tenantId` defaulting to the
 * client's `tenantId` option) or a group (`groupId`). The same shape as `BulkRecipient`.
 */
export type Destinationish = { erp: string; tenantId?: TenantId } | { groupId: string };

const TOKEN_EXPIRED = new Set([99990000, 99990001]);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The error for a non-success answer. A platform envelope with a numeric `code` is the
 * platform's verdict; anything else (HTTP 5xx from a proxy, HTML, an empty body) is transport:
 * transient, retried.
 */
function answerError(status: number, json: Record<string, unknown> | undefined, endpoint: string, requestId: string | undefined, attempts: number): JdmeError {
  const base = { endpoint, httpStatus: status, attempts, ...(requestId ? { requestId } : {}) };
  const code = typeof json?.code === 'number' ? json.code : Number.NaN;
  if (status >= 500 || !json || !Number.isInteger(code) || code === status) {
    return new JdmeError({ ...base, code: TRANSPORT_ERROR, msg: `HTTP ${status}${json ? '' : ' without a JSON answer'}` });
  }
  return new JdmeError({ ...base, code, msg: String(json.msg ?? '') });
}

/**
 * Calls the JD ME open platform: builds and checks each request, gets and shares the app and
 * team tokens, paces requests under the platform's quotas and interception rules, retries what
 * may pass and throws a `JdmeError` for the rest. `new JdmeClient({ appKey, appSecret, openTeamId })`
 * throws a `TypeError` when one of those is missing.
 */
export class JdmeClient {
  readonly #o: Required<Omit<JdmeClientOptions, 'robotId' | 'profile' | 'headers' | 'backoff' | 'store' | 'logger' | 'fetch'>> & {
    robotId: string | undefined;
    profile: JdmeProfile | undefined;
    headers: Record<string, string>;
    backoffBase: number;
    backoffMax: number;
  };
  readonly #fetch: typeof fetch;
  readonly #store: RobotwireStore;
  readonly #log: Logger;
  readonly #appToken: TokenCache;
  readonly #teamToken: TokenCache;

  constructor(options: JdmeClientOptions) {
    for (const k of ['appKey', 'appSecret', 'openTeamId'] as const) {
      if (typeof options?.[k] !== 'string' || options[k].length === 0) throw new TypeError(`JdmeClient: ${k} is required`);
    }
    this.#o = {
      appKey: options.appKey,
      appSecret: options.appSecret,
      openTeamId: options.openTeamId,
      robotId: options.robotId,
      baseUrl: (options.baseUrl ?? 'http://openme.jd.local').replace(/\/+$/, ''),
      profile: options.profile,
      headers: { ...options.headers },
      pacing: options.pacing ?? 'wait',
      maxWaitMs: options.maxWaitMs ?? 60_000,
      retries: options.retries ?? 3,
      backoffBase: options.backoff?.baseMs ?? 200,
      backoffMax: options.backoff?.maxMs ?? 5000,
      timeoutMs: options.timeoutMs ?? 10_000,
      tenantId: options.tenantId ?? 'CN.JD.GROUP',
      keyPrefix: options.keyPrefix ?? 'robotwire:jdme:',
      now: options.now ?? Date.now,
    };
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError('JdmeClient: no fetch available; pass options.fetch');
    this.#fetch = f.bind(globalThis) as typeof fetch;
    this.#store = options.store ?? new MemoryStore();
    this.#log = options.logger ?? silentLogger;
    const prefix = `${this.#o.keyPrefix}token:${this.#o.appKey}:`;
    const common = { store: this.#store, now: this.#o.now, logger: this.#log };
    // "< 10 minutes left → a new token, both valid": renewing inside that window is free.
    this.#appToken = new TokenCache(() => this.#fetchAppToken(), { ...common, key: `${prefix}app` });
    this.#teamToken = new TokenCache(() => this.#fetchTeamToken(), { ...common, key: `${prefix}team:${this.#o.openTeamId}` });
  }

  /** Token fetches this instance made (app, team): for tests and metrics. */
  get tokenFetches(): { app: number; team: number } {
    return { app: this.#appToken.fetches, team: this.#teamToken.fetches };
  }

  // Keep secrets out of util.inspect / console.log of the client.
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `JdmeClient { appKey: '${this.#o.appKey}', baseUrl: '${this.#o.baseUrl}' }`;
  }
  /** What `JSON.stringify` shows: `appKey` and `baseUrl` only, never the secret or a token. */
  toJSON(): Record<string, unknown> {
    return { appKey: this.#o.appKey, baseUrl: this.#o.baseUrl };
  }

  // ---------------------------------------------------------------- tokens

  async #postJson(path: string, body: string, endpoint: string, token?: string, signal?: AbortSignal): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${this.#o.timeoutMs} ms`)), this.#o.timeoutMs);
    const onAbort = () => ctrl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.#fetch(this.#o.baseUrl + path, {
        method: 'POST',
        headers: {
          ...this.#o.headers,
          'content-type': 'application/json; charset=utf-8',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
        signal: ctrl.signal,
      });
      const text = await res.text();
      let json: Record<string, unknown> | undefined;
      try {
        const v = JSON.parse(text) as unknown;
        json = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, json };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      const why = ctrl.signal.aborted ? `no answer within ${this.#o.timeoutMs} ms` : `network error: ${(e as Error)?.message ?? String(e)}`;
      throw new JdmeError({ code: TRANSPORT_ERROR, msg: why, endpoint, cause: e });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async #fetchAppToken(): Promise<{ token: string; lifetimeMs: number }> {
    const body = buildJdmeRequest('app_access_token', { appKey: this.#o.appKey, appSecret: this.#o.appSecret });
    const data = await this.#authCall('app_access_token', body);
    return { token: String(data.appAccessToken), lifetimeMs: Number(data.expireIn) * 1000 };
  }

  async #fetchTeamToken(): Promise<{ token: string; lifetimeMs: number }> {
    for (let attempt = 0; ; attempt++) {
      const app = await this.#appToken.get();
      const body = buildJdmeRequest('team_access_token', { appAccessToken: app, openTeamId: this.#o.openTeamId });
      try {
        const data = await this.#authCall('team_access_token', body);
        return { token: String(data.teamAccessToken), lifetimeMs: Number(data.expireIn) * 1000 };
      } catch (e) {
        // An app token that died early: drop it and try once more.
        if (attempt === 0 && e instanceof JdmeError && e.code === 99990000) {
          await this.#appToken.invalidate(app);
          continue;
        }
        throw e;
      }
    }
  }

  async #authCall(endpoint: string, body: string): Promise<Record<string, unknown>> {
    const path = jdmeEndpoint(endpoint)!.path;
    let lastError: JdmeError | undefined;
    for (let attempt = 0; attempt <= this.#o.retries; attempt++) {
      if (attempt > 0) await sleep(this.#backoff(attempt));
      try {
        const { status, json } = await this.#postJson(path, body, endpoint);
        if (status === 200 && json && json.code === 0) return (json.data ?? {}) as Record<string, unknown>;
        const err = answerError(status, json, endpoint, undefined, attempt + 1);
        if (err.category !== 'transient' && err.category !== 'rate_limited') throw err;
        lastError = err;
      } catch (e) {
        if (!(e instanceof JdmeError) || e.category !== 'transient') throw e;
        lastError = e;
      }
    }
    throw lastError!;
  }

  // ---------------------------------------------------------------- core request path

  #backoff(attempt: number, floorMs = 0): number {
    const cap = Math.min(this.#o.backoffMax, this.#o.backoffBase * 2 ** (attempt - 1));
    return Math.max(floorMs, Math.floor(Math.random() * cap));
  }

  #context(requestId?: string): BuildContext {
    return { appId: this.#o.appKey, nowMs: this.#o.now(), ...(this.#o.robotId ? { robotId: this.#o.robotId } : {}), ...(requestId ? { requestId } : {}) };
  }

  /** Waits (or refuses) until every quota and interception rule allows this request. */
  async #pace(endpoint: string, body: string, quotasOnly: boolean, requestId: string, signal?: AbortSignal): Promise<void> {
    // The suite APIs document no quota; nothing to pace.
    if (!jdmeEndpoint(endpoint)?.documented) return;
    let keys = planJdmeRate({ endpoint, body, ...(this.#o.profile ? { profile: this.#o.profile } : {}) });
    // A retry repeats a request the platform may not have seen: it still costs API quota, but it
    // is not a second message for the duplicate/frequency rules.
    if (quotasOnly) keys = keys.filter((k) => k.platformCode === 99990105);
    if (keys.length === 0) return;
    // Namespaced in the shared store, next to the tokens.
    keys = keys.map((k) => ({ ...k, key: `${this.#o.keyPrefix}rate:${k.key}` }));
    const deadline = this.#o.now() + this.#o.maxWaitMs;
    for (;;) {
      const d = await this.#store.rateDecide(keys, this.#o.now());
      if (d.allowed) return;
      const first = d.denied[0]!;
      const refuse = (why: string) =>
        new JdmeError({ code: first.platformCode, msg: why, endpoint, requestId, rule: first.rule, retryAfterMs: d.retryAfterMs });
      if (this.#o.pacing === 'reject') throw refuse(`refused before sending: ${first.rule} would be exceeded`);
      if (this.#o.now() + d.retryAfterMs > deadline) throw refuse(`pacing would wait longer than maxWaitMs (${this.#o.maxWaitMs} ms)`);
      this.#log.debug?.('jdme pacing', { endpoint, rule: first.rule, waitMs: d.retryAfterMs });
      await sleep(Math.max(1, d.retryAfterMs), signal);
    }
  }

  /**
   * Sends one built request: pacing, token, retries. `body` is the exact JSON text; retries
   * resend the same text, so the platform sees the same requestId.
   */
  async #send(endpoint: string, body: string, requestId: string, options: CallOptions = {}): Promise<unknown> {
    const info = jdmeEndpoint(endpoint);
    if (!info) throw new TypeError(`unknown JD ME endpoint ${endpoint}`);
    if (info.token === 'user' && !options.userToken) {
      throw new TypeError(`${endpoint} acts as a user: pass { userToken } (see exchangeCode / attachAuthorization)`);
    }
    let refreshed = false;
    let attempt = 0;
    let lastError: JdmeError | undefined;
    // Token first, then pacing: the rate decision should be as close to the send as possible.
    if (info.token === 'team') await this.#teamToken.get();
    await this.#pace(endpoint, body, false, requestId, options.signal);
    for (;;) {
      attempt += 1;
      const token = info.token === 'user' ? options.userToken! : await this.#teamToken.get();
      let err: JdmeError;
      try {
        const { status, json } = await this.#postJson(info.path, body, endpoint, token, options.signal);
        if (status === 200 && json && json.code === 0) {
          this.#log.debug?.('jdme call ok', { endpoint, requestId, attempt });
          return json.data ?? {};
        }
        err = answerError(status, json, endpoint, requestId, attempt);
      } catch (e) {
        if (!(e instanceof JdmeError)) throw e;
        err = new JdmeError({ code: e.code, msg: e.platformMsg, endpoint, requestId, attempts: attempt, cause: e.cause });
      }
      lastError = err;
      this.#log.warn?.('jdme call failed', { endpoint, requestId, attempt, code: err.code, category: err.category });
      if (TOKEN_EXPIRED.has(err.code) && info.token === 'team' && !refreshed) {
        refreshed = true;
        await this.#teamToken.invalidate(token);
        attempt -= 1; // a refresh is not a retry
        continue;
      }
      const retryable = err.category === 'transient' || err.category === 'rate_limited';
      if (!retryable || attempt > this.#o.retries) throw lastError;
      await sleep(this.#backoff(attempt, err.category === 'rate_limited' ? 1000 : 0), options.signal);
      await this.#pace(endpoint, body, true, requestId, options.signal);
    }
  }

  /** Any documented endpoint by name, with its typed input; returns the typed `data`. */
  async request<E extends JdmeEndpointName>(endpoint: E, input: JdmeInputs[E], options: CallOptions = {}): Promise<JdmeOutputs[E]> {
    const body = buildJdmeRequest(endpoint, input, this.#context(options.requestId));
    const requestId = (JSON.parse(body) as { requestId?: string }).requestId ?? '';
    return (await this.#send(endpoint, body, requestId, options)) as JdmeOutputs[E];
  }

  /**
   * The path-only suite APIs (calendar, joyspace, joywork, autobots): `params` go into the
   * standard envelope. `token: 'user'` with `userToken` for user-scoped calls.
   */
  async call<T = unknown>(path: string, params: Record<string, unknown>, options: CallOptions & { token?: 'team' | 'user' } = {}): Promise<T> {
    const info = jdmeEndpoint(path);
    if (!info) throw new TypeError(`unknown JD ME path ${path}`);
    if (info.documented) throw new TypeError(`${info.name} has a typed method: use client.request('${info.name}', …)`);
    const body = buildJdmeRequest(info.name, { params }, this.#context(options.requestId));
    const requestId = (JSON.parse(body) as { requestId?: string }).requestId ?? '';
    if (options.token === 'user') {
      if (!options.userToken) throw new TypeError('token: "user" needs userToken');
      return (await this.#sendWithToken(info.path, info.name, body, requestId, options.userToken, options.signal)) as T;
    }
    return (await this.#send(info.name, body, requestId, options)) as T;
  }

  async #sendWithToken(path: string, endpoint: string, body: string, requestId: string, token: string, signal?: AbortSignal): Promise<unknown> {
    const { status, json } = await this.#postJson(path, body, endpoint, token, signal);
    if (status === 200 && json && json.code === 0) return json.data ?? {};
    throw answerError(status, json, endpoint, requestId, 1);
  }

  // ---------------------------------------------------------------- typed conveniences

  #dest(to: Destinationish): Destination {
    return 'groupId' in to ? { groupId: to.groupId } : { erp: to.erp, tenantId: to.tenantId ?? this.#o.tenantId };
  }

  /** A text message; mentions become "@nickname" + U+2005 and atUsers (groups only). */
  sendText(to: Destinationish, text: string, extra: { mentions?: Mention[]; atAll?: boolean; robotId?: string } = {}, options?: CallOptions) {
    return this.request('sendRobotMsg', { ...this.#dest(to), text, ...extra } as JdmeInputs['sendRobotMsg'], options);
  }

  /** An interactive card (new protocol: templateCardId/Version/Variable; old: templateId/cardData). */
  sendCard(
    to: Destinationish,
    card: Omit<SendCardInput, 'erp' | 'tenantId' | 'groupId'> | Omit<SendLegacyCardInput, 'erp' | 'tenantId' | 'groupId'>,
    options?: CallOptions,
  ) {
    return this.request('sendJUEMsg', { ...this.#dest(to), ...card } as JdmeInputs['sendJUEMsg'], options);
  }

  /** Creates a group (createGroup): same as `request('createGroup', input)`; `data.groupId` is the new group. */
  createGroup(input: JdmeInputs['createGroup'], options?: CallOptions) {
    return this.request('createGroup', input, options);
  }

  /** Every group the robot is in, page by page (getRobotGroup, hasMore). */
  async *robotGroups(pageSize = 100, robotId?: string): AsyncGenerator<JdmeOutputs['getRobotGroup']['groups'][number]> {
    for (let pageNo = 1; ; pageNo++) {
      const page = await this.request('getRobotGroup', { pageNo, pageSize, ...(robotId ? { robotId } : {}) });
      yield* page.groups ?? [];
      if (!(page.hasMore ?? page.has_more)) return;
    }
  }

  /** Every member of a group, page by page (getGroupMembers, hasMore). */
  async *groupMembers(groupId: string, pageSize = 100): AsyncGenerator<JdmeOutputs['getGroupMembers']['members'][number]> {
    for (let pageNo = 1; ; pageNo++) {
      const page = await this.request('getGroupMembers', { groupId, pageNo, pageSize });
      yield* page.members ?? [];
      if (!page.hasMore) return;
    }
  }

  // ---------------------------------------------------------------- user tokens

  /** Exchanges a pre-authorisation code (5 minutes, single use) for a user access token. */
  async exchangeCode(code: string): Promise<UserAccessTokenData> {
    const app = await this.#appToken.get();
    return this.request('access_token', { appAccessToken: app, code });
  }

  /**
   * Glues userTokenAuthorize to the webhook: on im_robot_authorize with action "authorize", the
   * code is exchanged and `onToken` gets the user's token (the code is never logged).
   */
  attachAuthorization(
    webhook: JdmeWebhook,
    onToken: (grant: { erp: string; token: UserAccessTokenData; eventId: string; callbackParam?: string }) => unknown,
    onReject?: (info: { erp: string; eventId: string; callbackParam?: string }) => unknown,
  ): void {
    webhook.on('im_robot_authorize', async (ev: JdmeEventEnvelope<'im_robot_authorize', ImRobotAuthorizeEvent>) => {
      const a = ev.event.body.actionData;
      const erp = ev.event.operator?.pin ?? ev.event.sender;
      const base = { erp, eventId: a.eventId, ...(a.callbackParam !== undefined ? { callbackParam: a.callbackParam } : {}) };
      if (a.action !== 'authorize') return onReject?.(base);
      const token = await this.exchangeCode(a.code);
      return onToken({ ...base, token });
    });
  }

  // ---------------------------------------------------------------- bulk

  /**
   * Sends one message to many users or groups as fast as the quotas allow and no faster;
   * survives individual failures, reports progress, can be cancelled (`signal`) and resumed
   * (`resume: previousResult`).
   */
  sendToMany(recipients: readonly BulkRecipient[], message: BulkMessage, options: BulkOptions = {}): Promise<BulkResult> {
    return sendToMany(
      (to, requestId, signal) =>
        'card' in message
          ? this.sendCard(to, message.card, { requestId, ...(signal ? { signal } : {}) })
          : this.sendText(to, message.text, { ...(message.mentions ? { mentions: message.mentions } : {}), ...(message.atAll ? { atAll: true } : {}) }, { requestId, ...(signal ? { signal } : {}) }),
      recipients,
      options,
      this.#o.now,
    );
  }

  /** The catalogue entries for a code (same as `explainJdmeCode`). */
  explain(code: number) {
    return explainJdmeCode(code);
  }
}
