// The 有机云 realtime channel (section 3) on socket.io-client (Node).
//
// - Connects to `<host>/imchat` with `?token=…` (and `msgFilter=1` when asked), using a socket.io
//   parser that keeps every frame's JSON text, so the Rust parser sees ids above 2^53 intact.
// - Reconnects itself (socket.io's own reconnection is off): never sooner than 10 s after a drop
//   (3.0 "有机云推荐的重连时间不小于 10 秒"), exponential back-off up to `reconnectMaxDelayMs`,
//   announced by `reconnecting` / `reconnected` events. Each attempt asks the token source for a
//   token, so an expired or refused (1000) token is replaced by re-authenticating before the
//   next attempt; while connected the token is renewed before it expires.
// - Send helpers return a Promise settled by the platform's callback for that `messageId`
//   (3.4: the echoed `message` frame; actions: the `action` result), rejected on a failure code
//   or when no callback arrives in time. Frames are only handed to socket.io while connected
//   (never left in socket.io's send buffer to go out minutes later); meanwhile they wait, within
//   their timeout, in our own outbox.
// - `robot.cust.tags` runs one at a time per robot (3.11 "打标签需要排队"); admin changes run
//   query → delete → add per group and respect "at most 3 admins besides the owner" (3.17).
// This file: the connection lifecycle and the send helpers. Options and events are in
// realtime-options.ts, callback correlation in realtime-calls.ts, the admin flow in
// realtime-admins.ts, connect-failure classification in socket-io.ts. Over 600 lines because
// one class must carry every public method (~30 typed helpers, one per doc section).
import { CONNECT_REASON_TEXT, connectReason, openSocket } from './socket-io.js';
import { backoffDelay } from '../core/retry.js';
import type { RealtimeSocket, ConnectFailure, YjiyunSocketIoGeneration } from './socket-io.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { RobotwireError } from '../core/errors.js';
import { RawJson } from './socket-parser.js';
import { TypedEmitter } from '../core/emitter.js';
import { KeyedSerialQueue, runYjiyunSerial } from './queue.js';
import { defaultYjiyunMessageIds } from './ids.js';
import type { YjiyunMessageIds } from './ids.js';
import type { KeyValueStore } from '../store/types.js';
import { YjiyunAuthError, YjiyunConnectionError, YjiyunProtocolError, YjiyunTimeoutError, YjiyunValidationError, redact, yjiyunStatusOf } from './errors.js';
import { buildYjiyunFrame } from './frames.js';
import type {
  YjiyunAcceptFriendInput,
  YjiyunActionInputs,
  YjiyunBuiltFrame,
  YjiyunContactsInquiryInput,
  YjiyunCreateGroupInput,
  YjiyunCustRemarkInput,
  YjiyunCustTagsInput,
  YjiyunDeleteGroupMembersInput,
  YjiyunFileInput,
  YjiyunForwardInput,
  YjiyunFrameKind,
  YjiyunImageInput,
  YjiyunInfoModifyInput,
  YjiyunInviteFriendsInput,
  YjiyunLinkInput,
  YjiyunMessageInputs,
  YjiyunMessageKind,
  YjiyunModifyGroupNameInput,
  YjiyunOutboundActionType,
  YjiyunPhoneContactAddInput,
  YjiyunSetGroupAnnouncementInput,
  YjiyunTagsSyncInput,
  YjiyunTextInput,
} from './frames.js';
import { parseYjiyunFrame } from './parse.js';
import type { YjiyunAction, YjiyunInboundEvent, YjiyunMessage } from './parse.js';
import type { YjiyunTokenSource } from './client.js';
import type { YjiyunId } from './rest.js';
import { YJIYUN_MIN_RECONNECT_DELAY_MS } from './realtime-options.js';
import type { WithOptionalId, YjiyunRealtimeEvents, YjiyunRealtimeOptions, YjiyunSendOptions, YjiyunSocketOptions } from './realtime-options.js';
import { PendingCalls } from './realtime-calls.js';
import type { CallKind } from './realtime-calls.js';
import { addAdmins, modifyAdmins, removeAdmins, setAdmins } from './realtime-admins.js';
import type { AdminsChannel, YjiyunAdminsChange } from './realtime-admins.js';

type Waiter = { resolve(): void; reject(e: Error): void };

function unref(t: ReturnType<typeof setTimeout>): void {
  (t as { unref?: () => void }).unref?.();
}

/**
 * The realtime channel (section 3): socket.io to `<host>/imchat`, reconnecting on its own (never
 * sooner than 10 s), emitting typed inbound frames as events (`YjiyunRealtimeEvents`). Send and
 * action methods return Promises settled by the platform's callback for their `messageId`.
 * Needs the optional peer dependency `socket.io-client`. The constructor throws `TypeError` without
 * a `client` or an http(s) URL, and `RangeError` when `reconnectDelayMs` is below the 10 s floor.
 */
export class YjiyunRealtime extends TypedEmitter<YjiyunRealtimeEvents> {
  readonly #client: YjiyunTokenSource;
  readonly #url: string;
  readonly #msgFilter: boolean;
  readonly #floorMs: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #callbackTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #keepTokenAlive: boolean;
  readonly #logger: Logger;
  readonly #ids: YjiyunMessageIds;
  readonly #socketOptions: YjiyunSocketOptions;
  readonly #now: () => number;

  #socket: RealtimeSocket | undefined;
  readonly #mode: 'auto' | YjiyunSocketIoGeneration;
  /** The generation in use or detected (auto); undefined until known. */
  #generation: YjiyunSocketIoGeneration | undefined;
  #socketGeneration: YjiyunSocketIoGeneration = 4;
  #token: string | undefined;
  #closed = false;
  #started = false;
  #everConnected = false;
  #attempt = 0;
  #downSince = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #keepAliveTimer: ReturnType<typeof setTimeout> | undefined;
  #waiters: Waiter[] = [];
  readonly #calls: PendingCalls;
  readonly #queue = new KeyedSerialQueue();
  readonly #serialGraceMs: number;
  readonly #store: KeyValueStore | undefined;
  /** The group-admin helpers' view of this client (realtime-admins.ts). */
  readonly #admins: AdminsChannel = {
    queue: this.#queue,
    query: (input, options) => this.queryGroupAdmins(input, options),
    modify: (robotKey, conversationId, opcode, admins, options) =>
      this.#send(this.#build('robot.conv.modify.admins', { robotKey, conversationId, opcode, admins }), 'action', options),
  };

  constructor(options: YjiyunRealtimeOptions) {
    super();
    if (!options?.client || typeof options.client.token !== 'function') throw new TypeError('YjiyunRealtime: options.client (a YjiyunClient) is required');
    const url = (options.url ?? options.client.baseUrl ?? '').replace(/\/+$/, '');
    if (!/^https?:\/\/[^/\s]+/i.test(url)) throw new TypeError('YjiyunRealtime: url (or client.baseUrl) must be an http(s) URL');
    const ns = options.namespace ?? '/imchat';
    this.#url = url + (ns.startsWith('/') ? ns : `/${ns}`);
    this.#client = options.client;
    this.#msgFilter = options.msgFilter ?? false;
    this.#logger = options.logger ?? silentLogger;
    if (options.testingOnlyReconnectFloorMs !== undefined) {
      if (!(options.testingOnlyReconnectFloorMs >= 0)) throw new RangeError('testingOnlyReconnectFloorMs must be >= 0');
      this.#floorMs = options.testingOnlyReconnectFloorMs;
      this.#logger.warn?.('yjiyun realtime: reconnect floor lowered for tests; never do this against the platform', { floorMs: this.#floorMs });
    } else {
      this.#floorMs = YJIYUN_MIN_RECONNECT_DELAY_MS;
    }
    this.#baseDelayMs = options.reconnectDelayMs ?? (options.testingOnlyReconnectFloorMs !== undefined ? this.#floorMs : YJIYUN_MIN_RECONNECT_DELAY_MS);
    if (!(this.#baseDelayMs >= this.#floorMs)) {
      throw new RangeError(`reconnectDelayMs must be at least ${this.#floorMs} ms (有机云推荐的重连时间不小于 10 秒)`);
    }
    this.#maxDelayMs = Math.max(this.#baseDelayMs, options.reconnectMaxDelayMs ?? 60_000);
    this.#callbackTimeoutMs = options.callbackTimeoutMs ?? 30_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
    this.#serialGraceMs = options.serialGraceMs ?? 30_000;
    this.#calls = new PendingCalls(this.#serialGraceMs);
    this.#store = options.store ?? options.client.sharedStore;
    this.#keepTokenAlive = options.keepTokenAlive ?? true;
    this.#ids = options.messageIds ?? defaultYjiyunMessageIds;
    this.#socketOptions = options.socketOptions ?? {};
    const mode = options.socketIo ?? 'auto';
    if (mode !== 'auto' && mode !== 2 && mode !== 4) throw new TypeError("socketIo must be 'auto', 2 or 4");
    this.#mode = mode;
    this.#generation = mode === 'auto' ? undefined : mode;
    this.#now = options.now ?? Date.now;
  }

  protected override onListenerError(error: unknown, event: keyof YjiyunRealtimeEvents): void {
    this.#logger.error?.('yjiyun realtime: a listener threw', { event: String(event), error: String((error as Error)?.message ?? error) });
    if (event !== 'error') this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  /** The socket.io generation in use (or pinned); undefined until `auto` has connected once. */
  get socketIoGeneration(): YjiyunSocketIoGeneration | undefined {
    return this.#generation;
  }

  /** True while the socket is connected. */
  get connected(): boolean {
    return this.#socket?.connected === true;
  }

  /** Frames waiting for their callback. */
  get pendingCount(): number {
    return this.#calls.size;
  }

  /**
   * Connects (once; later calls wait for the same connection). Resolves when connected.
   *
   * Until the first connection succeeds nothing is retried: a failed attempt rejects this
   * Promise, and every send waiting for the connection, with a `YjiyunConnectionError` whose
   * `reason` says why (`unreachable`, `refused`, `protocol`, `timeout`), or with
   * `YjiyunAuthError` when the accessKey/accessSecret are refused. Call `connect()` again to
   * retry. After a first connection, drops are retried on the reconnect schedule (≥ 10 s), each
   * failed attempt reported as `connectError`; a `connect()` then waits for the reconnection.
   * Either way it rejects with `connect_timeout` after `timeoutMs` (default `connectTimeoutMs`),
   * and with `closed` on `close()`.
   */
  connect(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return Promise.reject(new YjiyunConnectionError('closed', 'yjiyun realtime is closed'));
    if (this.connected) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? this.#connectTimeoutMs;
    const p = new Promise<void>((resolve, reject) => {
      const w: Waiter = { resolve, reject };
      this.#waiters.push(w);
      const t = setTimeout(() => {
        this.#waiters = this.#waiters.filter((x) => x !== w);
        const err = new YjiyunConnectionError(
          'connect_timeout',
          `yjiyun realtime: not connected within ${timeoutMs} ms${this.#everConnected ? ' (still reconnecting)' : ''}`,
          'timeout',
        );
        // Before the first connection nothing retries: the attempt itself is given up.
        if (!this.#everConnected && this.#waiters.length === 0) this.#giveUp(err);
        reject(err);
      }, timeoutMs);
      const settle = w.resolve;
      w.resolve = () => {
        clearTimeout(t);
        settle();
      };
      const fail = w.reject;
      w.reject = (e) => {
        clearTimeout(t);
        fail(e);
      };
    });
    if (!this.#started) {
      this.#started = true;
      void this.#attemptConnect();
    }
    return p;
  }

  /** Disconnects for good: timers stop, waiting sends reject with `YjiyunConnectionError` (`closed`). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    if (this.#keepAliveTimer) clearTimeout(this.#keepAliveTimer);
    this.#reconnectTimer = this.#keepAliveTimer = undefined;
    this.#dropSocket();
    this.#calls.releaseLate();
    this.#failAll(new YjiyunConnectionError('closed', 'yjiyun realtime closed'));
  }

  /** The first connection failed: drop the attempt, fail everything waiting for it, emit `connectError`. */
  #giveUp(err: YjiyunConnectionError): void {
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#dropSocket();
    this.#started = false;
    this.#failAll(err);
    this.emit('connectError', { reason: err.reason ?? 'unreachable', attempt: 0, error: err });
  }

  /** Rejects every waiting send and every `connect()` with `err`. */
  #failAll(err: Error): void {
    this.#calls.failAll(err);
    for (const w of this.#waiters.splice(0)) w.reject(err);
  }

  /**
   * The next `event` whose arguments pass `filter`, e.g.
   * `await rt.next('message', (m) => m.content.content === 'hi', { timeoutMs: 5000 })`.
   */
  next<K extends keyof YjiyunRealtimeEvents>(
    event: K,
    filter: (...args: YjiyunRealtimeEvents[K]) => boolean = () => true,
    options: { timeoutMs?: number } = {},
  ): Promise<YjiyunRealtimeEvents[K]> {
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.#callbackTimeoutMs;
      const listener = (...args: YjiyunRealtimeEvents[K]) => {
        let hit = false;
        try {
          hit = filter(...args);
        } catch (e) {
          this.off(event, listener);
          clearTimeout(timer);
          reject(e as Error);
          return;
        }
        if (!hit) return;
        this.off(event, listener);
        clearTimeout(timer);
        resolve(args);
      };
      const timer = setTimeout(() => {
        this.off(event, listener);
        reject(new YjiyunTimeoutError({ endpoint: `event ${String(event)}`, timeoutMs }));
      }, timeoutMs);
      this.on(event, listener);
    });
  }

  // ---- connection ---------------------------------------------------------------------------

  #dropSocket(): void {
    const s = this.#socket;
    this.#socket = undefined;
    s?.close();
  }

  async #attemptConnect(): Promise<void> {
    this.#reconnectTimer = undefined;
    if (this.#closed) return;
    let token: string;
    try {
      token = await this.#client.token();
    } catch (e) {
      if (this.#closed) return;
      if (e instanceof YjiyunAuthError) {
        // The accessKey / accessSecret are refused: retrying cannot help.
        this.#logger.error?.('yjiyun realtime: authentication refused; not reconnecting', { code: e.code });
        this.#started = false;
        // Sends waiting for the connection fail with it too, rather than at their own timeout.
        this.#failAll(e);
        this.emit('connectError', {
          reason: 'refused',
          attempt: this.#attempt,
          error: new YjiyunConnectionError('connect_refused', 'yjiyun realtime: the accessKey/accessSecret were refused (2.1, code 1000)', 'refused', { cause: e }),
        });
        this.emit('error', e);
        return;
      }
      this.#logger.warn?.('yjiyun realtime: could not get a token', { code: (e as RobotwireError).code ?? 'error' });
      if (!this.#everConnected) {
        this.#giveUp(new YjiyunConnectionError('connect_unreachable', `yjiyun realtime: could not get a token (2.1): ${(e as Error).message}`, 'unreachable', { cause: e }));
        return;
      }
      this.#scheduleReconnect(`token: ${(e as Error).message}`);
      return;
    }
    if (this.#closed) return;
    this.#token = token;
    this.#dropSocket();
    const query: Record<string, string> = { token };
    if (this.#msgFilter) query.msgFilter = '1';
    const generation: YjiyunSocketIoGeneration = this.#generation ?? (this.#mode === 'auto' ? 4 : this.#mode);
    let socket: RealtimeSocket;
    try {
      socket = await openSocket(generation, this.#url, { query, timeoutMs: this.#connectTimeoutMs, extra: this.#socketOptions as Record<string, unknown> }, 'YjiyunRealtime');
    } catch (e) {
      // A client generation is not installed: not a connection problem, retrying cannot help.
      // Sends waiting for the connection fail with the same typed error instead of timing out.
      this.#started = false;
      this.#failAll(e as Error);
      this.emit('error', e as Error);
      return;
    }
    if (this.#closed) return socket.close();
    this.#socket = socket;
    this.#socketGeneration = generation;
    socket.onConnect(() => this.#onConnect(socket));
    socket.onConnectError((err) => this.#onConnectError(socket, token, err));
    socket.onDisconnect((reason) => this.#onDisconnect(socket, reason));
    for (const ev of ['message', 'chat', 'action'] as const) socket.onEvent(ev, (arg: unknown) => this.#onFrame(socket, ev, arg));
    socket.connect();
  }

  #onConnect(socket: RealtimeSocket): void {
    if (socket !== this.#socket || this.#closed) return;
    const reconnect = this.#everConnected;
    const attempts = this.#attempt;
    this.#everConnected = true;
    this.#generation = this.#socketGeneration; // auto: remembered from now on
    this.#attempt = 0;
    this.#logger.info?.('yjiyun realtime connected', { reconnect, attempts });
    const downtimeMs = this.#downSince ? Math.max(0, Date.now() - this.#downSince) : 0;
    this.#downSince = 0;
    this.emit('connect', { reconnect });
    if (reconnect) this.emit('reconnected', { attempts, downtimeMs });
    for (const w of this.#waiters.splice(0)) w.resolve();
    this.#calls.flush((frame) => socket.emit(frame[0], frame[1]));
    this.#scheduleKeepAlive();
  }

  #onConnectError(socket: RealtimeSocket, token: string, err: ConnectFailure): void {
    if (socket !== this.#socket || this.#closed) return;
    const data = (err.data ?? {}) as { code?: unknown; msg?: unknown };
    const code = data.code === undefined ? undefined : String(data.code);
    if (code !== undefined && yjiyunStatusOf(code) === 'auth_failed') {
      // The token was refused at the handshake: forget it, the next attempt re-authenticates.
      this.#logger.warn?.('yjiyun realtime: token refused at connect (1000); will re-authenticate', { code });
      void this.#client.invalidateToken(token).catch(() => undefined);
    }
    // A server's message could repeat what it was given; the token never goes further.
    const why = redact(String(err.message ?? ''), [token]).slice(0, 200);
    const reason = connectReason(err, code);
    if (code === undefined || yjiyunStatusOf(code) !== 'auth_failed') this.#logger.warn?.('yjiyun realtime: connect failed', { error: why, reason, ...(code ? { code } : {}) });
    const error = new YjiyunConnectionError(`connect_${reason}`, `yjiyun realtime: connection ${CONNECT_REASON_TEXT[reason]}: ${why}${code ? ` (code ${code})` : ''}`, reason);
    if (reason === 'protocol' && this.#mode === 'auto' && this.#generation === undefined && this.#socketGeneration === 4) {
      // auto: a server that refuses the v4 handshake may be socket.io v2 (the doc's 2020
      // examples suggest it was built on v2). Try that generation at once, and keep whichever
      // connects (`socketIoGeneration`).
      this.#logger.info?.('yjiyun realtime: the server refused socket.io v4; trying v2', { error: why });
      this.emit('connectError', { reason, attempt: this.#attempt, error });
      this.#generation = 2;
      this.#dropSocket();
      void this.#attemptConnect();
      return;
    }
    if (this.#mode === 'auto' && !this.#everConnected) this.#generation = undefined; // detect again next time
    if (!this.#everConnected) {
      this.#giveUp(error);
      return;
    }
    this.emit('connectError', { reason, attempt: this.#attempt, error });
    this.#downSince ||= Date.now();
    this.#dropSocket();
    this.#scheduleReconnect(code ? `connect_error ${code}` : `connect_error: ${why}`);
  }

  #onDisconnect(socket: RealtimeSocket, reason: string): void {
    if (socket !== this.#socket || this.#closed) return;
    this.#downSince = Date.now();
    if (this.#keepAliveTimer) clearTimeout(this.#keepAliveTimer);
    this.#keepAliveTimer = undefined;
    this.#logger.warn?.('yjiyun realtime disconnected', { reason });
    this.emit('disconnect', { reason });
    this.#dropSocket();
    this.#scheduleReconnect(reason);
  }

  /** Forces a reconnect (after the floor) with a re-authenticated token: a frame said 1000. */
  #onAuthLost(): void {
    if (this.#closed) return;
    const token = this.#token;
    if (token) void this.#client.invalidateToken(token).catch(() => undefined);
    const s = this.#socket;
    if (s?.connected) {
      this.#onDisconnect(s, 'token refused (1000)');
    }
  }

  #delayFor(attempt: number): number {
    return backoffDelay(attempt, { baseMs: this.#baseDelayMs, maxMs: this.#maxDelayMs, jitter: 'late', floorMs: this.#floorMs });
  }

  #scheduleReconnect(reason: string): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#attempt += 1;
    const delayMs = this.#delayFor(this.#attempt);
    this.#logger.info?.('yjiyun realtime reconnecting', { attempt: this.#attempt, delayMs, reason });
    this.emit('reconnecting', { attempt: this.#attempt, delayMs, reason });
    this.#reconnectTimer = setTimeout(() => void this.#attemptConnect(), delayMs);
  }

  #scheduleKeepAlive(): void {
    if (!this.#keepTokenAlive || this.#closed) return;
    if (this.#keepAliveTimer) clearTimeout(this.#keepAliveTimer);
    const at = this.#client.tokenRenewAt?.();
    if (at === undefined) return;
    const wait = Math.min(2 ** 31 - 1, Math.max(1_000, at - this.#now()));
    this.#keepAliveTimer = setTimeout(() => {
      this.#keepAliveTimer = undefined;
      if (this.#closed || !this.connected) return;
      this.#client
        .token()
        .then((t) => {
          if (t !== this.#token) this.#logger.info?.('yjiyun realtime: token renewed (used from the next connection on)', {});
          this.#token = t;
          this.#scheduleKeepAlive();
        })
        .catch((e: Error) => {
          this.#logger.warn?.('yjiyun realtime: token renewal failed; retrying in 30 s', { code: (e as RobotwireError).code ?? 'error' });
          this.emit('error', e);
          if (!this.#closed) {
            this.#keepAliveTimer = setTimeout(() => this.#scheduleKeepAlive(), 30_000);
            unref(this.#keepAliveTimer);
          }
        });
    }, wait);
    unref(this.#keepAliveTimer);
  }

  // ---- inbound ------------------------------------------------------------------------------

  #onFrame(socket: RealtimeSocket, event: YjiyunInboundEvent, arg: unknown): void {
    if (socket !== this.#socket) return;
    const raw = arg instanceof RawJson ? arg.text : typeof arg === 'string' ? arg : JSON.stringify(arg ?? null);
    let frame;
    try {
      frame = parseYjiyunFrame(event, raw);
    } catch (e) {
      const err = e as RobotwireError;
      this.#logger.warn?.('yjiyun realtime: unparseable frame', { event, code: err.code });
      this.emit('error', new YjiyunProtocolError(err.code ?? 'invalid_json', { endpoint: `${event} frame`, detail: err.message }));
      return;
    }
    switch (frame.event) {
      case 'message':
        this.#calls.matchMessage(frame.data, raw);
        this.emit('message', frame.data, raw);
        break;
      case 'chat':
        this.emit('chat', frame.data, raw);
        break;
      case 'action': {
        const a = frame.data;
        const unmatched = this.#calls.matchAction(a);
        if (unmatched) {
          this.#logger.debug?.('yjiyun action result matches no waiting call', { type: a.type, messageId: a.messageId, reason: unmatched });
          this.emit('unmatched', { action: a as YjiyunAction, reason: unmatched });
        }
        this.emit('action', a, raw);
        if (a.type === 'robot.on.new.friend.request') this.emit('friendRequest', a as YjiyunAction<'robot.on.new.friend.request'>);
        if (a.type === 'robot.group.members.changed') this.emit('membersChanged', a as YjiyunAction<'robot.group.members.changed'>);
        if (a.code !== null && yjiyunStatusOf(a.code) === 'auth_failed') this.#onAuthLost();
        break;
      }
    }
  }

  // ---- outbound -----------------------------------------------------------------------------

  #send<T>(built: YjiyunBuiltFrame, kind: CallKind, options: YjiyunSendOptions, expected?: number): Promise<T> {
    const run = () =>
      new Promise<T>((resolve, reject) => {
        if (this.#closed) return reject(new YjiyunConnectionError('closed', 'yjiyun realtime is closed'));
        const id = built.messageId;
        if (this.#calls.has(id)) {
          return reject(new YjiyunValidationError('duplicate_message_id', built.kind, `messageId ${id} is already waiting for its callback`));
        }
        this.#calls.add(built, kind, options.timeoutMs ?? this.#callbackTimeoutMs, { resolve: resolve as (v: unknown) => void, reject }, expected);
        if (!this.#started) void this.connect().catch(() => undefined);
        if (this.#socket?.connected) {
          this.#socket.emit(built.frame[0], built.frame[1]);
          this.#logger.debug?.('yjiyun frame sent', { kind: built.kind, messageId: id });
        } else {
          this.#calls.hold(id, built.frame);
          this.#logger.debug?.('yjiyun frame waiting for a connection', { kind: built.kind, messageId: id });
        }
      });
    if (!built.serialKey) return run();
    // The queue place is held until the platform answered: a timed-out operation keeps it until
    // its late callback arrives or `serialGraceMs` ends (then the next one may go).
    const key = built.serialKey;
    // Held at most the callback timeout plus the grace period (a second of slack for the clocks).
    const timeoutMs = options.timeoutMs ?? this.#callbackTimeoutMs;
    const lock = this.#store ? { store: this.#store, ttlMs: timeoutMs + this.#serialGraceMs + 1_000, logger: this.#logger } : undefined;
    return runYjiyunSerial(key, run, {
      lock,
      ids: { endpoint: built.kind, messageId: built.messageId },
      holdAfterTimeout: () => (this.#closed ? undefined : this.#calls.holdLate(built.messageId)),
    });
  }

  #build<K extends YjiyunFrameKind>(kind: K, input: object): YjiyunBuiltFrame<K> {
    const withId = { ...input, messageId: (input as { messageId?: string }).messageId ?? this.#ids.next() };
    const built = buildYjiyunFrame(kind, withId as never);
    for (const w of built.warnings) this.#logger.warn?.('yjiyun frame warning', { kind, rule: w.rule, field: w.field });
    return built as YjiyunBuiltFrame<K>;
  }

  /** Sends any message kind; resolves with the platform's `message` callback for it. */
  sendMessage<K extends YjiyunMessageKind>(kind: K, input: WithOptionalId<YjiyunMessageInputs[K]>, options: YjiyunSendOptions = {}): Promise<YjiyunMessage> {
    try {
      return this.#send(this.#build(kind, input), 'message', options);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** 3.4 text; `atUserList` @-mentions group members. */
  sendText(input: WithOptionalId<YjiyunTextInput>, options?: YjiyunSendOptions): Promise<YjiyunMessage> {
    return this.sendMessage('message.text', input, options);
  }
  /** 3.5 image (`pic`: http(s) URL). */
  sendImage(input: WithOptionalId<YjiyunImageInput>, options?: YjiyunSendOptions): Promise<YjiyunMessage> {
    return this.sendMessage('message.image', input, options);
  }
  /** 3.6 link card. */
  sendLink(input: WithOptionalId<YjiyunLinkInput>, options?: YjiyunSendOptions): Promise<YjiyunMessage> {
    return this.sendMessage('message.link', input, options);
  }
  /** 3.10 file (`fileName`: the file's URL). */
  sendFile(input: WithOptionalId<YjiyunFileInput>, options?: YjiyunSendOptions): Promise<YjiyunMessage> {
    return this.sendMessage('message.file', input, options);
  }
  /** 3.24 video (`fileName`: the video's URL). */
  sendVideo(input: WithOptionalId<YjiyunFileInput>, options?: YjiyunSendOptions): Promise<YjiyunMessage> {
    return this.sendMessage('message.video', input, options);
  }

  /**
   * Sends any action and resolves with its typed result (code "0"), rejecting with
   * `YjiyunError` on another code. `robot.cust.tags` is queued per robot; `robot.conv.modify.admins`
   * goes through the query-first admin flow (see `addGroupAdmins`); `robot.message.forward`
   * resolves with the forwarded messages' callbacks (see `forwardMessage`).
   */
  action<T extends YjiyunOutboundActionType>(type: T, input: WithOptionalId<YjiyunActionInputs[T]>, options: YjiyunSendOptions = {}): Promise<YjiyunAction<T>> {
    if (type === 'robot.message.forward') {
      return Promise.reject(new TypeError('use forwardMessage() for robot.message.forward: it resolves with the message callbacks'));
    }
    let built: YjiyunBuiltFrame;
    try {
      built = this.#build(type, input);
    } catch (e) {
      return Promise.reject(e);
    }
    if (type === 'robot.conv.modify.admins') {
      const i = input as unknown as WithOptionalId<YjiyunActionInputs['robot.conv.modify.admins']>;
      return modifyAdmins(this.#admins, i, options, () => this.#send<YjiyunAction<T>>(built, 'action', options));
    }
    return this.#send(built, 'action', options);
  }

  /** 3.7 forward a message (by `msgSvrID`) to customers / groups; resolves with one callback per target. */
  forwardMessage(input: WithOptionalId<YjiyunForwardInput>, options: YjiyunSendOptions = {}): Promise<YjiyunMessage[]> {
    try {
      const built = this.#build('robot.message.forward', input);
      return this.#send(built, 'forward', options, new Set(input.friends.map(String)).size);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  /** 3.8 accept a friend request (`friendWxid` = the request's `userId`). */
  acceptFriendRequest(input: WithOptionalId<YjiyunAcceptFriendInput>, options?: YjiyunSendOptions) {
    return this.action('robot.accept.friend.request', input, options);
  }
  /** 3.9 add a friend by phone number. */
  addFriendByPhone(input: WithOptionalId<YjiyunPhoneContactAddInput>, options?: YjiyunSendOptions) {
    return this.action('robot.phone.contact.add', input, options);
  }
  /** 3.11 tag / untag a customer. Queued: one tag operation per robot at a time. */
  tagCustomer(input: WithOptionalId<YjiyunCustTagsInput>, options?: YjiyunSendOptions) {
    return this.action('robot.cust.tags', input, options);
  }
  /** 3.12 the tag tree (label ids as exact strings). */
  syncTags(input: WithOptionalId<YjiyunTagsSyncInput>, options?: YjiyunSendOptions) {
    return this.action('robot.tags.sync', input, options);
  }
  /** 3.13 remark name and/or description of a customer. */
  remarkCustomer(input: WithOptionalId<YjiyunCustRemarkInput>, options?: YjiyunSendOptions) {
    return this.action('robot.cust.remark', input, options);
  }
  /** 3.14 the robot's own profile. */
  updateRobotProfile(input: WithOptionalId<YjiyunInfoModifyInput>, options?: YjiyunSendOptions) {
    return this.action('robot.info.modify', input, options);
  }
  /** 3.15 remove members from a group. */
  removeGroupMembers(input: WithOptionalId<YjiyunDeleteGroupMembersInput>, options?: YjiyunSendOptions) {
    return this.action('robot.delete.group.members', input, options);
  }
  /** 3.18 invite friends into a group. */
  inviteToGroup(input: WithOptionalId<YjiyunInviteFriendsInput>, options?: YjiyunSendOptions) {
    return this.action('robot.invite.friends.join.group', input, options);
  }
  /** 3.19 rename a group. */
  renameGroup(input: WithOptionalId<YjiyunModifyGroupNameInput>, options?: YjiyunSendOptions) {
    return this.action('robot.modify.group.name', input, options);
  }
  /** 3.20 create a group. */
  createGroup(input: WithOptionalId<YjiyunCreateGroupInput>, options?: YjiyunSendOptions) {
    return this.action('robot.create.group', input, options);
  }
  /** 3.21 look up users and groups. */
  inquireContacts(input: WithOptionalId<YjiyunContactsInquiryInput>, options?: YjiyunSendOptions) {
    return this.action('robot.contacts.inquiry', input, options);
  }
  /** 3.23 set a group's announcement. */
  setGroupAnnouncement(input: WithOptionalId<YjiyunSetGroupAnnouncementInput>, options?: YjiyunSendOptions) {
    return this.action('robot.set.group.announcement', input, options);
  }

  // ---- group admins (3.16 / 3.17) ------------------------------------------------------------

  /** 3.16 the group's admins (owner excluded). */
  async queryGroupAdmins(input: { robotKey: string; conversationId: string; messageId?: string }, options: YjiyunSendOptions = {}): Promise<string[]> {
    const { robotKey, conversationId } = input;
    const q = { robotKey, conversationId, ...(input.messageId ? { messageId: input.messageId } : {}) };
    const a = await this.#send<YjiyunAction<'robot.conv.admins'>>(this.#build('robot.conv.admins', q), 'action', options);
    return a.data.admins;
  }

  /**
   * Adds admins the doc's way: query the current admins first, refuse if the result would
   * exceed 3 besides the owner, then add only the missing ones (opcode 1).
   */
  addGroupAdmins(input: { robotKey: string; conversationId: string; admins: YjiyunId[] }, options: YjiyunSendOptions = {}): Promise<YjiyunAdminsChange> {
    return addAdmins(this.#admins, input, options);
  }

  /** Removes admins (opcode 2): queries first and sends only those that are admins. */
  removeGroupAdmins(input: { robotKey: string; conversationId: string; admins: YjiyunId[] }, options: YjiyunSendOptions = {}): Promise<YjiyunAdminsChange> {
    return removeAdmins(this.#admins, input, options);
  }

  /**
   * Makes the admins exactly `admins` (at most 3, owner excluded), as 3.17 advises: query the
   * current admins, delete those not wanted (opcode 2), then add the missing ones (opcode 1).
   */
  setGroupAdmins(input: { robotKey: string; conversationId: string; admins: YjiyunId[] }, options: YjiyunSendOptions = {}): Promise<YjiyunAdminsChange> {
    return setAdmins(this.#admins, input, options);
  }
}
