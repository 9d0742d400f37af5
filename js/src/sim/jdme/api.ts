// The JD ME simulator's public surface: its options, the handle startSimulator returns, the defaults.
import type { AuthServer, SimApp, TokenLifetimes } from './auth.js';
import type { Delivery, DeliveryTiming, SimTokenScheme } from './delivery.js';
import type { Account, InterceptionNotice, Profile, SimState } from './state.js';

/** A robot to configure on the simulator (`SimulatorOptions.robots`); the n-th robot (from 0) gets the defaults below. */
export interface SimRobotOptions {
  /** Default `00_sim` + n padded to 11 digits. */
  robotId?: string;
  /** The robot's own account (app robot.dd). Default `app.sim<n>`. */
  pin?: string;
  /** Default `模拟机器人` (+ n after the first). */
  nickname?: string;
  /** The app the robot belongs to. Default the first app's appKey. */
  appKey?: string;
  /** Interception profile. Default `todo`. */
  profile?: Profile;
  /** 可用范围: erps the robot may message, or 'all' (default). */
  sendScope?: string[] | 'all';
  /** Where events are pushed; without it `push` throws and `say` pushes nothing. */
  eventUrl?: string;
  /** Card callback URL; defaults to `eventUrl`. */
  cardUrl?: string;
  /** Signs events and card callbacks (`token`) when set. */
  verificationToken?: string;
  /** Encrypts pushed events when set. */
  encryptKey?: string;
  /** How the simulated platform derives event tokens (see `SimTokenScheme`). Default `'sha256'`. */
  tokenScheme?: SimTokenScheme;
  /** How it derives card-callback tokens, over `datetime`. Default `'plain'` ("机器人设置的效验token"). */
  cardTokenScheme?: SimTokenScheme;
}

/** Options for {@link startSimulator}. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Registered apps. Default `[DEFAULT_APP]`. */
  apps?: SimApp[];
  /** Robots. Default one robot with every default. */
  robots?: SimRobotOptions[];
  /** The directory of people (erp), used for scope checks, names and group members. Default `sim.alice`, `sim.bob`, `sim.carol`. */
  users?: Account[];
  /** Overrides of the default token lifetimes. */
  lifetimes?: Partial<TokenLifetimes>;
  /** Overrides of the default event delivery timing. */
  delivery?: Partial<DeliveryTiming>;
  /** Push im_robot_authorize as soon as userTokenAuthorize is called (default true). */
  autoAuthorize?: boolean;
  /** Clock (epoch ms) for timestamps, token expiry and rate limits. Default `Date.now`; delivery timeouts and retries use real time. */
  now?: () => number;
  /**
   * The developer's notification channel: called with each interception notice the platform
   * sends ("触发拦截后立即发送拦截消息", at most 5 per 10 minutes). Also kept in
   * `state.sentNotices` and shown on the page.
   */
  onInterceptionNotice?: (notice: InterceptionNotice) => void;
}

/** A running local 京ME, as {@link startSimulator} returns it. */
export interface Simulator {
  /** `http://127.0.0.1:<port>`: open API under `/open-api/`, admin JSON under `/__sim/`, the page at `/`. */
  url: string;
  port: number;
  /** The live platform state. */
  state: SimState;
  /** The token issuer. */
  auth: AuthServer;
  /** Every event push and card callback so far (the last 5000). */
  deliveries: Delivery[];
  /** Pushes an event (any type) to a robot's event URL, signed/encrypted, with retries. */
  push(eventType: string, event: unknown, options?: { robotId?: string; extra?: Record<string, unknown> }): { delivery: Delivery; done: Promise<Delivery> };
  /** A user says something to the robot (single chat) or in a group: becomes chat_message. */
  say(input: { pin: string; text: string; groupId?: string; robotId?: string; atRobot?: boolean }): { delivery: Delivery; done: Promise<Delivery> } | undefined;
  /** A user clicks a card button: posts reqType 1/2 to the card URL and applies the answer. */
  click(input: { cardMsgId: string; pin: string; reqType?: 1 | 2; actionData?: Record<string, unknown> }): Promise<{ status: number | null; answer: unknown }>;
  /** Answers a pending userTokenAuthorize (pushes im_robot_authorize). */
  authorize(eventId: string, action?: 'authorize' | 'reject'): { delivery: Delivery; done: Promise<Delivery> } | undefined;
  /**
   * A user leaves a group by themselves: the group's robots (the ones with an event URL) get
   * chat_quit. False when `pin` is not a member or is the owner (the owner transfers or disbands).
   */
  quit(input: { pin: string; groupId: string }): boolean;
  /** Posts a delivery's bytes again, as a new delivery (`redeliveryOf` names the old one); undefined when it is no longer kept (the last 5000). */
  redeliver(id: number): { delivery: Delivery; done: Promise<Delivery> } | undefined;
  /** The owner disbands a group (`pin`, when given, must be the owner): it is gone, and its robots get chat_disband. */
  disband(input: { groupId: string; pin?: string }): boolean;
  /**
   * A member (`by`, default the owner) adds people or robots to a group in the client: people
   * become chat_add_member, configured robots (by their pin) robot_enter_group, to the group's
   * robots. Returns why it was refused (unknown group or pin, `by` not a member, onlyOwnerAdd),
   * or undefined when done.
   */
  addMembers(input: { groupId: string; pins: string[]; by?: string }): string | undefined;
  /** The owner or an admin (`by`, default the owner) removes a member: chat_remove_member (the removed robot is told too). Returns why it was refused, or undefined. */
  removeMember(input: { groupId: string; pin: string; by?: string }): string | undefined;
  /** Makes the next `count` requests to `path` (tail, e.g. sendRobotMsg) fail: 5xx or a hang. */
  inject(path: string, fault: { status?: number; code?: number; hangMs?: number; count?: number }): void;
  /** Stops pending retries, drops open connections and closes the server. */
  close(): Promise<void>;
}

/** The app registered when `apps` is not given: fake credentials `sim-app-key` / `sim-app-secret`, team `sim-open-team`. */
export const DEFAULT_APP: SimApp = { appKey: 'sim-app-key', appSecret: 'sim-app-secret', openTeamId: 'sim-open-team' };

export const DEFAULT_USERS: Account[] = [
  { app: 'ee', pin: 'sim.alice', name: '爱丽丝' },
  { app: 'ee', pin: 'sim.bob', name: '鲍勃' },
  { app: 'ee', pin: 'sim.carol', name: '卡罗尔' },
];
