// What `YjiyunRealtime` is configured with and what it emits: the public option, event and
// per-call types and the reconnect floor, apart from the client so they read as one contract.
import type { Logger } from '../core/logger.js';
import type { KeyValueStore } from '../store/types.js';
import type { YjiyunMessageIds } from './ids.js';
import type { YjiyunTokenSource } from './client.js';
import type { YjiyunSocketIoGeneration } from './socket-io.js';
import type { YjiyunConnectionError, YjiyunConnectReason } from './errors.js';
import type { YjiyunAction, YjiyunChat, YjiyunMessage, YjiyunUnknownAction } from './parse.js';

/** 3.0: "有机云推荐的重连时间不小于 10 秒". The floor of every reconnect delay. */
export const YJIYUN_MIN_RECONNECT_DELAY_MS = 10_000;

/**
 * Extra socket.io-client options, passed through (`transports`, `path`, `extraHeaders`, …).
 * Declared here rather than taken from socket.io-client so robotwire's types do not require it.
 */
export interface YjiyunSocketOptions {
  transports?: string[];
  path?: string;
  extraHeaders?: Record<string, string>;
  [option: string]: unknown;
}

/** Options of `YjiyunRealtime`. Only `client` is required. */
export interface YjiyunRealtimeOptions {
  /** Hands out the 2.1 token; normally a `YjiyunClient`. */
  client: YjiyunTokenSource;
  /**
   * The socket.io host. Default: the client's `baseUrl`. Production advises the dedicated
   * node `https://chat.yjiyun.com` (1.1).
   */
  url?: string;
  /** socket.io namespace. Default `/imchat` (3.1). */
  namespace?: string;
  /** Server-side filtering (3.1 `&msgFilter=1`): private texts and group texts that @ the robot; no `chat` frames. */
  msgFilter?: boolean;
  /** First reconnect delay. Default and minimum 10 000 ms (see `YJIYUN_MIN_RECONNECT_DELAY_MS`). */
  reconnectDelayMs?: number;
  /** Cap of the doubling back-off. Default 60 000 ms. */
  reconnectMaxDelayMs?: number;
  /** How long a send waits for its callback (including time spent waiting for a connection). Default 30 000 ms. */
  callbackTimeoutMs?: number;
  /**
   * How long one connection attempt may take (token, handshake), and how long `connect()` waits
   * by default. Default 20 000 ms.
   */
  connectTimeoutMs?: number;
  /**
   * After a tag operation (3.11) times out, how long it keeps its robot's place in the queue
   * waiting for a late callback, so the next tag operation cannot overlap it on the platform.
   * Default 30 000 ms; the place is freed at once when the callback arrives.
   */
  serialGraceMs?: number;
  /**
   * Where tag operations (3.11) wait for other processes' (a lock key per robot, the same one
   * `YjiyunClient.bridge` takes). Default: the client's `sharedStore`, i.e. the store the
   * `YjiyunClient` was given; none (this process only) when it was given none.
   */
  store?: KeyValueStore;
  /** Renew the token before it expires while connected. Default true. */
  keepTokenAlive?: boolean;
  logger?: Logger;
  messageIds?: YjiyunMessageIds;
  /** Extra socket.io-client options (`transports`, `path`, `extraHeaders`…). `query`, `parser`, `reconnection` are ours. */
  socketOptions?: YjiyunSocketOptions;
  /**
   * The socket.io generation of the server: 4 (socket.io v3/v4, client `socket.io-client`), 2
   * (socket.io v2, client `socket.io-client-v2`, an npm alias of socket.io-client@2), or `auto`
   * (default): try 4, and when the server refuses that handshake as another protocol, try 2 at
   * once; the generation that connects is kept (`socketIoGeneration`) for every later
   * connection. The doc names no version; its 2020 examples predate socket.io v3.
   */
  socketIo?: 'auto' | YjiyunSocketIoGeneration;
  /**
   * TESTS ONLY: lowers the 10 s reconnect floor (e.g. to 100 ms against the local simulator).
   * Never set this against the real platform.
   */
  testingOnlyReconnectFloorMs?: number;
  /** Clock (epoch ms) in the token source's time domain. */
  now?: () => number;
}

/** The events `YjiyunRealtime` emits, each with its listener arguments. */
export interface YjiyunRealtimeEvents {
  /** Connected (first time or again; `reconnect` tells which). */
  connect: [info: { reconnect: boolean }];
  /** The connection dropped (`reason` from socket.io: `transport close`, `io server disconnect`, …). */
  disconnect: [info: { reason: string }];
  /** A connection attempt is scheduled in `delayMs`. */
  reconnecting: [info: { attempt: number; delayMs: number; reason: string }];
  /**
   * A connection attempt failed (every one, first or reconnect): why, which attempt (0 for the
   * first connection), and the error the attempt failed with (never carrying the token).
   */
  connectError: [info: { reason: YjiyunConnectReason; attempt: number; error: YjiyunConnectionError }];
  /** Connected again after a drop, after `attempts` attempts and `downtimeMs` without a connection. */
  reconnected: [info: { attempts: number; downtimeMs: number }];
  /** 3.2 messages and the callbacks of our own sends (`from.isSelf`). `raw` is the frame's JSON text. */
  message: [message: YjiyunMessage, raw: string];
  /** 3.3 chat updates. */
  chat: [chat: YjiyunChat, raw: string];
  /** Every `action` frame: results (also delivered to the sender's Promise) and events. */
  action: [action: YjiyunAction | YjiyunUnknownAction, raw: string];
  /** 3.8 `robot.on.new.friend.request`. */
  friendRequest: [request: YjiyunAction<'robot.on.new.friend.request'>];
  /** 3.22 `robot.group.members.changed`. */
  membersChanged: [change: YjiyunAction<'robot.group.members.changed'>];
  /**
   * The result of an action (any type robotwire sends) whose messageId matches no waiting call:
   * `late` when its call already timed out, `unknown` when this client never sent that id (or
   * no longer remembers it). Correlation is exact, so such a result never settles another call
   * (the doc's 3.4/3.7/3.24 callback examples show an id with one more "0" than the request's:
   * read as a typo; a platform that really did that would make the calls time out and land
   * here, not resolve the wrong one). The frame is also on `action`.
   */
  unmatched: [info: { action: YjiyunAction; reason: 'late' | 'unknown' }];
  /** Something went wrong that no Promise reports: an unparseable frame, a failed token renewal, a listener that threw. */
  error: [error: Error];
}

/** Per-call options of the send and action methods of `YjiyunRealtime`. */
export interface YjiyunSendOptions {
  /** Overrides `callbackTimeoutMs` for this call. */
  timeoutMs?: number;
}

/** `T` with `messageId` optional: when it is omitted, `YjiyunRealtime` takes one from its `messageIds` source. */
export type WithOptionalId<T> = Omit<T, 'messageId'> & { messageId?: string };
