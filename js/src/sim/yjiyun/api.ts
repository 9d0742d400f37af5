// The 有机云 simulator's public surface: its options, faults, inbound-message input and the handle it returns.
import type { SeedOptions, SimYjRobot, SimYjState } from './state.js';

/** Options for {@link startYjiyunSimulator}. */
export interface YjiyunSimulatorOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** The account's accessKey (default `sim-access-key`). */
  accessKey?: string;
  /** The account's accessSecret (default `sim-access-secret-not-real`). */
  accessSecret?: string;
  /** Token lifetime reported and enforced (default 1451, the doc's example). */
  expireMinutes?: number;
  /** Clock (epoch ms), injectable for token-expiry tests. */
  now?: () => number;
  /** How long a robot.cust.tags takes; an overlapping one for the same robot fails. Default 30 ms. */
  tagLatencyMs?: number;
  /** Delay before send callbacks. Default 5 ms. */
  callbackDelayMs?: number;
  /**
   * The socket.io generation to serve: 4 (socket.io v4, peer `socket.io`) or 2 (socket.io v2,
   * peer `socket.io-v2`, an npm alias of socket.io@2), since the doc names no version. Default 4.
   */
  socketio?: 2 | 4;
  /**
   * Multiplies every wait of a mass-send task (2.7: start time, 30 s or perSuitSecond between
   * batches); 0.001 runs a 45 s interval in 45 ms. Default 1.
   */
  taskTimeScale?: number;
  /** How often connections with an expired token are dropped. Default 200 ms. */
  sweepMs?: number;
  /**
   * Plays a server that reads an endpoint in the other format, e.g. `{ 'client/auth': 'json' }`
   * for a 2.1 that takes the doc's JSON example. By default only 2.7 and 2.8 read JSON (1.2).
   * A JSON endpoint answers a form with HTTP 415, as a Spring `@RequestBody` does; a form
   * endpoint given JSON finds no parameters.
   */
  bodyFormats?: Partial<Record<string, 'form' | 'json'>>;
  /** How much fake data to seed. */
  seed?: SeedOptions;
}

/** An inbound message for {@link YjiyunSimulator.say}: who writes to the robot, where, and what. */
export interface YjiyunSayInput {
  /** The robot written to. Default the first robot. */
  robotKey?: string;
  /** A group (`R:…`) of the robot; omit for a private chat. */
  groupId?: string;
  /** Private chat: the customer (default: the robot's first customer). */
  userId?: string;
  /** Group: the member who speaks (default: the first external member). */
  fromUserId?: string;
  /** Text message content (contentType 1). */
  text?: string;
  /** Full content instead of `text` (e.g. `{ contentType: 7, pic }`). */
  content?: Record<string, unknown>;
  /** Ids to @ (comma-joined on the wire). */
  atUserList?: string[];
  /** Also @ the robot (groups). */
  atRobot?: boolean;
}

/** A fault for {@link YjiyunSimulator.fault}: what the next `count` matching REST requests or socket frames get instead of a normal answer. */
export interface YjiyunFault {
  /** Platform code to answer with, e.g. "5000", "1000", "1". Ignored when `silent`. */
  code?: string;
  /** Socket frames: swallow the frame and answer nothing (for timeout tests). A REST request gets code 5000 instead. */
  silent?: boolean;
  /** Message to answer with. Default per code (5000 服务器繁忙, 1000 用户认证失败). */
  msg?: string;
  /** How many requests / frames get it. Default 1. */
  count?: number;
  /**
   * Socket frames: handle the frame, but answer with the messageId the doc's 3.4, 3.7 and 3.24
   * callback examples show, one more "0" after the 14-digit time (`2020030216285000000001` →
   * `20200302162850000000001`), to test that callbacks are correlated exactly.
   */
  typoMessageId?: boolean;
}

/** The doc's 3.4/3.7/3.24 examples: the callback's messageId has one more "0" after the time. */
export const typoYjiyunMessageId = (id: string): string => `${id.slice(0, 14)}0${id.slice(14)}`;

/** A running local 有机云, as {@link startYjiyunSimulator} returns it. */
export interface YjiyunSimulator {
  /** The socket.io generation served (`socketio` option). */
  socketio: 2 | 4;
  /** `http://127.0.0.1:<port>`: REST API, socket.io (`/imchat`), admin JSON under `/__sim/`, the page at `/`. */
  url: string;
  port: number;
  /** The account's accessKey for client/auth. */
  accessKey: string;
  /** The account's accessSecret for client/auth. */
  accessSecret: string;
  /** The live platform state. */
  state: SimYjState;
  /** The seeded robots (same array as `state.robots`). */
  robots: SimYjRobot[];
  /** A customer or group member writes to the robot: chat (3.3) + message (3.2) frames. */
  say(input: YjiyunSayInput): { messageId: string; msgSvrID: string; chatId: string };
  /** 3.8 robot.on.new.friend.request. */
  friendRequest(input?: { robotKey?: string; userId?: string; name?: string; reason?: string }): { userId: string };
  /** 3.22 robot.group.members.changed (the members are added to the group). */
  membersChanged(input: { robotKey?: string; conversationId: string; newMembers: { userId: string; nickName?: string }[] }): void;
  /** Drops every socket: `transport` closes the connection, `server` sends a socket.io disconnect. Returns how many. */
  drop(options?: { mode?: 'transport' | 'server' }): number;
  /** Expires every token now (connected sockets are dropped by the sweep). */
  expireTokens(): void;
  /** Answers the next `count` requests of a REST endpoint (tail), an action type, or `message` with `code`. */
  fault(name: string, fault: YjiyunFault): void;
  /** Connected sockets. */
  connections(): number;
  /** Stops the token sweep, disconnects every socket and closes the server. */
  close(): Promise<void>;
}

