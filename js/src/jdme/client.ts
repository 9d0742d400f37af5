// JdmeClient: the fetch calls around the Rust builders, rules and rate engine. One request's
// life: build (validated; never reaches the network if invalid) → pace (the platform's quotas
// and the profile's interception rules, via the store so every instance shares them) → send with
// the right token → classify the answer with the catalogue (refresh the token once, back off on
// rate limits, retry only what cannot be done twice: see the table at `#call`).
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { MemoryStore } from '../store/memory.js';
import type { RobotwireStore } from '../store/types.js';
import { jdmeEndpoint } from './builders.js';
import type { EndpointInfo, JdmeEndpointName, JdmeInputs, TenantId, Destination, Destinationish, Mention, SendCardInput, SendLegacyCardInput } from './builders.js';
import { explainJdmeCode } from './catalogue.js';
import { prepareJdme } from '../wasm/jdme-outbound.js';
import type { PreparedJdme } from '../wasm/jdme-outbound.js';
import type { PlannedKey } from '../store/types.js';
import type { JdmeProfile } from './rules.js';
import { JdmeError, TRANSPORT_ERROR } from './errors.js';
import type { JdmeErrorDetails } from './errors.js';
import { RobotwireError, redact } from '../core/errors.js';
import { postFor } from '../core/http.js';
import type { FetchLike, Post } from '../core/http.js';
import { backoffDelay, sleep } from '../core/retry.js';
import { TokenCache } from '../core/token-cache.js';
import { Lanes } from '../core/lanes.js';
import { uuid } from '../core/ids.js';
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
  /**
   * Every request goes through this fetch when given (a test double, a fetch bound to an undici
   * dispatcher). Default: on Node, node:http with a keep-alive agent whenever that is what
   * `globalThis.fetch` would do (it is Node's own, no undici global dispatcher, no env proxy),
   * else `globalThis.fetch` as it is at each request; on other runtimes `globalThis.fetch`.
   */
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
  /**
   * Largest answer read, in bytes; a larger one is `JdmeError` `transport: 'too_large'`, never
   * retried (reading stops at the cap). Default 4 MiB: the largest documented answers (a page
   * of 1000 group members, group info) are a few hundred KB.
   */
  maxResponseBytes?: number;
  /**
   * tenantId for `erp` destinations that omit it. No default: a user outside China
   * (`TH.JD.GROUP`, `ID.JD.GROUP`…) defaulted to `CN.JD.GROUP` would get the message in the
   * wrong tenant, so an erp without a tenantId, given nowhere, is refused before sending.
   */
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

export type { Destinationish } from './builders.js';

/** What one attempt came to: the answer's data, or the error and whether the platform may have acted. */
type Attempt = { ok: true; data: unknown } | { ok: false; error: JdmeError; delivered: 'no' | 'refused' | 'unknown' };

/**
 * Calls the JD ME open platform: builds and checks each request, gets and shares the app and
 * team tokens, paces requests under the platform's quotas and interception rules, retries what
 * may pass and throws a `JdmeError` for the rest. `new JdmeClient({ appKey, appSecret, openTeamId })`
 * throws a `TypeError` when one of those is missing.
 */
export class JdmeClient {
  readonly #o: Required<Omit<JdmeClientOptions, 'robotId' | 'profile' | 'headers' | 'backoff' | 'store' | 'logger' | 'fetch' | 'tenantId'>> & {
    tenantId: TenantId | undefined;
    robotId: string | undefined;
    profile: JdmeProfile | undefined;
    headers: Record<string, string>;
    backoffBase: number;
    backoffMax: number;
  };
  readonly #post: Post;
  readonly #lanes = new Lanes();
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
      // Every request's headers but the token, made once.
      headers: { ...options.headers, 'content-type': 'application/json; charset=utf-8' },
      pacing: options.pacing ?? 'wait',
      maxWaitMs: options.maxWaitMs ?? 60_000,
      retries: options.retries ?? 3,
      backoffBase: options.backoff?.baseMs ?? 200,
      backoffMax: options.backoff?.maxMs ?? 5000,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxResponseBytes: options.maxResponseBytes ?? 4 << 20,
      tenantId: options.tenantId,
      keyPrefix: options.keyPrefix ?? 'robotwire:jdme:',
      now: options.now ?? Date.now,
    };
    this.#post = postFor(options.fetch as FetchLike | undefined, 'JdmeClient');
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

  /**
   * One HTTP exchange, classified. `delivered` says what a failure means for a request that
   * acts: `no` (it never left, or the platform refused it with an error code: nothing was
   * done), `unknown` (a timeout after sending, a lost connection, a proxy's HTTP error, an
   * answer that is not the documented envelope or is too large).
   */
  async #attempt(info: EndpointInfo, body: string, token: string | undefined, requestId: string | undefined, attempt: number, signal?: AbortSignal): Promise<Attempt> {
    const endpoint = info.name;
    // Whatever the other side says goes into errors and logs: never with a secret in it, even
    // if a server echoes the request.
    const scrub = (text: string) => redact(text, [this.#o.appSecret, token, this.#appToken.peek()?.token, this.#teamToken.peek()?.token]);
    const base = { endpoint, attempts: attempt, ...(requestId ? { requestId } : {}) };
    // A failure after the request may have arrived: for an endpoint that acts, its outcome is unknown.
    const unknown = (d: Omit<JdmeErrorDetails, 'endpoint'>) => ({ ok: false, error: new JdmeError({ ...base, ...d, outcomeUnknown: !info.retrySafe }), delivered: 'unknown' }) as const;
    const r = await this.#post({
      url: this.#o.baseUrl + info.path,
      headers: token ? { ...this.#o.headers, authorization: `Bearer ${token}` } : this.#o.headers,
      body,
      timeoutMs: this.#o.timeoutMs,
      maxBytes: this.#o.maxResponseBytes,
      signal,
    });
    if (!r.ok) {
      const msg = scrub(r.message);
      // Cancelled by the caller: it may have arrived.
      if (r.failure === 'cancelled') throw unknown({ code: TRANSPORT_ERROR, msg, transport: 'connection_lost', cause: r.cause }).error;
      if (r.failure === 'unreachable') return { ok: false, error: new JdmeError({ ...base, code: TRANSPORT_ERROR, msg, transport: 'unreachable', cause: r.cause }), delivered: 'no' };
      return unknown({ code: TRANSPORT_ERROR, msg, transport: r.failure, cause: r.cause });
    }
    const { status, text } = r;
    if (text === null) {
      const msg = `HTTP ${status}: the answer is larger than maxResponseBytes (${this.#o.maxResponseBytes})`;
      return unknown({ httpStatus: status, code: TRANSPORT_ERROR, msg, transport: 'too_large' });
    }
    let json: Record<string, unknown> | undefined;
    try {
      const v = JSON.parse(text) as unknown;
      json = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    const code = json?.code;
    // The platform's envelope: an integer code (a proxy's page or a 5xx without one is not).
    if (json && typeof code === 'number' && Number.isInteger(code) && code !== status) {
      if (code !== 0) return { ok: false, error: new JdmeError({ ...base, httpStatus: status, code, msg: scrub(String(json.msg ?? '')) }), delivered: 'refused' };
      const data = json.data ?? {};
      // code 0: done. A data that is not an object is not the documented shape: say so,
      // but never retry (the work is done).
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        const msg = `HTTP ${status}: code 0 but data is ${Array.isArray(data) ? 'an array' : typeof data}, not the documented object; the request probably succeeded`;
        return unknown({ httpStatus: status, code: TRANSPORT_ERROR, msg, transport: 'invalid_answer' });
      }
      return { ok: true, data };
    }
    const transport = status >= 200 && status < 300 ? 'invalid_answer' : 'http_status';
    const what = !json ? 'without a JSON answer' : typeof code === 'number' ? `with code ${code}` : `with a code of type ${code === null ? 'null' : typeof code}`;
    return unknown({ httpStatus: status, code: TRANSPORT_ERROR, msg: `HTTP ${status} ${what}`, transport });
  }

  async #fetchAppToken(): Promise<{ token: string; lifetimeMs: number }> {
    const data = (await this.#call('app_access_token', { appKey: this.#o.appKey, appSecret: this.#o.appSecret }, {})) as Record<string, unknown>;
    return { token: String(data.appAccessToken), lifetimeMs: Number(data.expireIn) * 1000 };
  }

  async #fetchTeamToken(): Promise<{ token: string; lifetimeMs: number }> {
    for (let attempt = 0; ; attempt++) {
      const app = await this.#appToken.get();
      try {
        const data = (await this.#call('team_access_token', { appAccessToken: app, openTeamId: this.#o.openTeamId }, {})) as Record<string, unknown>;
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

  // ---------------------------------------------------------------- core request path

  /** Builds, checks and plans the request in one wasm call; `requestId` is ours to choose. */
  #prepare(endpoint: string, input: unknown, requestId: string): PreparedJdme {
    return prepareJdme(endpoint, input, {
      appId: this.#o.appKey,
      nowMs: this.#o.now(),
      requestId,
      ...(this.#o.robotId ? { robotId: this.#o.robotId } : {}),
      ...(this.#o.profile ? { profile: this.#o.profile } : {}),
      // Namespaced in the shared store, next to the tokens.
      // `rate2:`: sliding-log state (a sorted set in Redis), never read as the GCRA strings an
      // older robotwire kept under `rate:` in a shared store.
      keyPrefix: `${this.#o.keyPrefix}rate2:`,
    });
  }

  /**
   * Waits (or refuses) until every quota and interception rule allows this request, and
   * records it: one store decision over all of its keys. Returns the time it was recorded at.
   * A refused request lines up behind the others this client holds back on the same key
   * (`Lanes`): only the head of the line asks the store again, at the time it was given, and
   * the next one asks as soon as the head has its answer.
   */
  async #pace(endpoint: string, keys: readonly PlannedKey[], requestId: string | null, signal?: AbortSignal): Promise<number> {
    const deadline = this.#o.now() + this.#o.maxWaitMs;
    let held: { key: string; release(): void } | undefined;
    try {
      for (;;) {
        const now = this.#o.now();
        if (keys.length === 0) return now;
        const d = await this.#store.rateDecide(keys, now);
        if (d.allowed) return now;
        const first = d.denied[0]!;
        const refuse = (why: string) =>
          new JdmeError({ code: first.platformCode, msg: why, endpoint, ...(requestId ? { requestId } : {}), rule: first.rule, retryAfterMs: d.retryAfterMs });
        if (this.#o.pacing === 'reject') throw refuse(`refused before sending: ${first.rule} would be exceeded`);
        if (this.#o.now() + d.retryAfterMs > deadline) throw refuse(`pacing would wait longer than maxWaitMs (${this.#o.maxWaitMs} ms)`);
        if (held?.key !== first.key) {
          held?.release();
          held = undefined;
          const ahead = this.#lanes.size(first.key) > 0;
          const release = await this.#lanes.acquire(first.key, { signal, timeoutMs: deadline - this.#o.now(), timeout: () => refuse(`pacing would wait longer than maxWaitMs (${this.#o.maxWaitMs} ms)`) });
          held = { key: first.key, release };
          if (ahead) continue; // the one ahead may have left a slot: ask again at once
        }
        this.#log.debug?.('jdme pacing', { endpoint, rule: first.rule, waitMs: d.retryAfterMs });
        await sleep(Math.max(1, d.retryAfterMs), signal);
      }
    } finally {
      held?.release();
    }
  }

  /**
   * Moves the attempt's record from its send to now (its answer is in). A store that cannot
   * do it leaves the record at the send: the request still counts, only without the arrival
   * margin, so the call's result stands and the failure is logged.
   */
  async #settle(endpoint: string, keys: readonly PlannedKey[], sentAt: number): Promise<void> {
    if (!this.#store.rateSettle) return;
    try {
      await this.#store.rateSettle(keys, sentAt, this.#o.now());
    } catch (e) {
      this.#log.warn?.('jdme rate settle failed', { endpoint, error: String((e as Error)?.message ?? e) });
    }
  }

  /**
   * The longest window among the planned rules behind a refusal code (20100009 may be the
   * 1-second per-target rule or the 1-hour duplicate rule; the platform does not say which,
   * so the longest is the wait that cannot be too short).
   */
  #impliedWait(keys: readonly PlannedKey[], code: number): { ms: number; rule: string } | undefined {
    let best: { ms: number; rule: string } | undefined;
    for (const k of keys) {
      if (k.platformCode === code && (best === undefined || k.windowMs > best.ms)) best = { ms: k.windowMs, rule: k.rule };
    }
    return best;
  }

  /**
   * The one request path: pacing, the token, the attempt, and the retry policy below. The
   * request is built, checked and planned by one wasm call (`prepareJdme`); a retry reuses
   * the text only when the request never left, and otherwise builds a new requestId, because
   * "requestId 不能重复". Each attempt is recorded in the store when it is sent and moved to
   * when its answer came back (`rateSettle`), the latest moment the platform can have counted it.
   *
   * | attempt ended with                                  | reads, token fetches | requests that act |
   * |-----------------------------------------------------|----------------------|-------------------|
   * | never sent (refused connection, DNS)                | retry, same body     | retry, same body  |
   * | platform code, catalogue `refresh_then_retry_once`  | new token, once      | new token, once   |
   * | platform code, `back_off` (rate limited)            | wait the rule's window, or fail at once when that is past maxWaitMs |
   * | platform code, `retry_with_backoff`                 | retry, new requestId | retry, new requestId |
   * | platform code, `never`                              | fail                 | fail              |
   * | timeout, lost connection, a proxy's HTTP error      | retry                | fail, outcomeUnknown |
   * | unreadable or oversized answer                      | fail                 | fail, outcomeUnknown |
   */
  async #call(endpoint: string, input: unknown, options: CallOptions & { token?: 'team' | 'user'; requestId?: string }): Promise<unknown> {
    const info = jdmeEndpoint(endpoint);
    if (!info) throw new TypeError(`unknown JD ME endpoint ${endpoint}`);
    const tokenKind = info.token === 'none' ? 'none' : (options.token ?? info.token);
    if (tokenKind === 'user' && !options.userToken) {
      throw new TypeError(`${endpoint} acts as a user: pass { userToken } (see exchangeCode / attachAuthorization)`);
    }
    const started = this.#o.now();
    // The requestId is chosen here (the token fetches carry none: the core leaves it out).
    let prepared = this.#prepare(info.name, input, options.requestId ?? uuid());
    const { keys } = prepared;
    // A retry repeats a request the platform may not have seen: it still costs API quota, but it
    // is not a second message for the duplicate/frequency rules.
    // Frozen like the plan, so a store serialises it once for each decision and settlement.
    const quotaKeys = Object.freeze(keys.filter((k) => k.platformCode === 99990105));
    let refreshed = false;
    // Token first, then pacing: the rate decision should be as close to the send as possible.
    if (tokenKind === 'team') await this.#teamToken.get();
    let sentAt = await this.#pace(endpoint, keys, prepared.requestId, options.signal);
    let paced = keys;
    for (let attempt = 1; ; attempt++) {
      const token = tokenKind === 'user' ? options.userToken! : tokenKind === 'team' ? await this.#teamToken.get() : undefined;
      const requestId = prepared.requestId ?? undefined;
      let a: Attempt;
      try {
        a = await this.#attempt(info, prepared.body, token, requestId, attempt, options.signal);
      } finally {
        // Also when the caller cancelled in flight: the request may still arrive.
        if (paced.length > 0) await this.#settle(endpoint, paced, sentAt);
      }
      if (a.ok) {
        this.#log.debug?.('jdme call ok', { endpoint, requestId, attempt });
        return a.data;
      }
      const err = a.error;
      this.#log.warn?.('jdme call failed', { endpoint, requestId, attempt, code: err.code, category: err.category, ...(err.transport ? { transport: err.transport } : {}) });
      const policy = err.code === TRANSPORT_ERROR ? undefined : explainJdmeCode(err.code)[0]?.retry;
      const renew = () => (prepared = this.#prepare(info.name, input, uuid()));
      if (policy === 'refresh_then_retry_once' && tokenKind === 'team' && token && !refreshed) {
        refreshed = true;
        await this.#teamToken.invalidate(token);
        renew();
        attempt -= 1; // a refresh is not a retry
        paced = quotaKeys;
        sentAt = await this.#pace(endpoint, paced, prepared.requestId, options.signal);
        continue;
      }
      if (err.outcomeUnknown) throw err;
      if (err.category !== 'transient' && err.category !== 'rate_limited') throw err;
      if (attempt > this.#o.retries) throw err;
      let waitMs = backoffDelay(attempt, { baseMs: this.#o.backoffBase, maxMs: this.#o.backoffMax, jitter: 'full' });
      if (err.category === 'rate_limited') {
        const implied = this.#impliedWait(keys, err.code);
        waitMs = Math.max(waitMs, implied?.ms ?? 1000);
        const left = started + this.#o.maxWaitMs - this.#o.now();
        if (waitMs > left) {
          const at = new Date(this.#o.now() + waitMs).toISOString();
          throw new JdmeError({
            code: err.code,
            msg: `${err.platformMsg} — the rule's window is ${Math.round(waitMs / 1000)} s, past maxWaitMs (${this.#o.maxWaitMs} ms): not retried; earliest retry ${at}`,
            endpoint,
            ...(requestId ? { requestId } : {}),
            attempts: attempt,
            retryAfterMs: waitMs,
            ...(implied ? { rule: implied.rule } : {}),
          });
        }
      }
      await sleep(waitMs, options.signal);
      // The platform saw this requestId: the next attempt is a new request.
      if (a.delivered !== 'no') renew();
      paced = quotaKeys;
      sentAt = await this.#pace(endpoint, paced, prepared.requestId, options.signal);
    }
  }

  /** Any documented endpoint by name, with its typed input; returns the typed `data`. */
  async request<E extends JdmeEndpointName>(endpoint: E, input: JdmeInputs[E], options: CallOptions = {}): Promise<JdmeOutputs[E]> {
    return (await this.#call(endpoint, input, options)) as JdmeOutputs[E];
  }

  /**
   * The path-only suite APIs (calendar, joyspace, joywork, autobots): `params` go into the
   * standard envelope. `token: 'user'` with `userToken` for user-scoped calls.
   */
  async call<T = unknown>(path: string, params: Record<string, unknown>, options: CallOptions & { token?: 'team' | 'user' } = {}): Promise<T> {
    const info = jdmeEndpoint(path);
    if (!info) throw new TypeError(`unknown JD ME path ${path}`);
    if (info.documented) throw new TypeError(`${info.name} has a typed method: use client.request('${info.name}', …)`);
    if (options.token === 'user' && !options.userToken) throw new TypeError('token: "user" needs userToken');
    return (await this.#call(info.name, { params }, options)) as T;
  }

  // ---------------------------------------------------------------- typed conveniences

  #dest(to: Destinationish): Destination {
    if ('groupId' in to) return { groupId: to.groupId };
    const tenantId = to.tenantId ?? this.#o.tenantId;
    if (tenantId === undefined) {
      throw new RobotwireError('invalid_argument', `erp ${JSON.stringify(to.erp)} has no tenantId: pass { erp, tenantId } or set JdmeClientOptions.tenantId (it is never guessed)`);
    }
    return { erp: to.erp, tenantId };
  }

  /** A text message; mentions become "@nickname" + U+2005 and atUsers (groups only). */
  async sendText(to: Destinationish, text: string, extra: { mentions?: Mention[]; atAll?: boolean; robotId?: string } = {}, options?: CallOptions) {
    return this.request('sendRobotMsg', { ...this.#dest(to), text, ...extra } as JdmeInputs['sendRobotMsg'], options);
  }

  /** An interactive card (new protocol: templateCardId/Version/Variable; old: templateId/cardData). */
  async sendCard(
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
