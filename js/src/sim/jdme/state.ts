import type { SimTokenScheme } from './delivery.js';
import type { JdmeProfile } from '../../generated/jdme-tables.js';

// What the simulated platform remembers: robots, users, groups, messages, cards,
// interceptions. Plain data so admin endpoints can serialise it as-is.

/** A person or robot on the simulated 京ME: client app (`ee` for people, `robot.dd` for robots), pin (erp) and display name. */
export interface Account {
  app: string;
  pin: string;
  name?: string;
}

/** An account as events carry it: `{ app, pin }` (no name). */
export const accountOf = (a: Account): Account => ({ app: a.app, pin: a.pin });

/**
 * Interception profile (拦截规则 业务类型), which selects the limits a robot is held to: `alarm`
 * 系统报警/账户安全, `todo` 工作待办/调研收集/流程进度变更/其他, `consult` 咨询问答.
 */
export type Profile = JdmeProfile;

/** A robot configured on the simulator: {@link SimRobotOptions} with the defaults filled in. */
export interface SimRobot {
  robotId: string;
  /** The robot's own account (app robot.dd). */
  pin: string;
  nickname: string;
  appKey: string;
  /** Interception profile (拦截规则 业务类型). Default `todo`. */
  profile: Profile;
  /** 可用范围: erps the robot may message, or 'all'. Groups need the robot as a member. */
  sendScope: string[] | 'all';
  /** 事件订阅 callback URL. */
  eventUrl?: string;
  /** 卡片消息地址 (card interaction callback URL); defaults to eventUrl. */
  cardUrl?: string;
  verificationToken?: string;
  encryptKey?: string;
  /** How event tokens are derived. Default `'sha256'`. */
  tokenScheme?: SimTokenScheme;
  /** How card-callback tokens are derived (over `datetime`). Default `'plain'`. */
  cardTokenScheme?: SimTokenScheme;
}

/** A group member: the account and its role in the group. */
export interface Member extends Account {
  /** 1 owner, 2 admin, 3 member (getGroupMembers' identity). */
  identity: 1 | 2 | 3;
}

/** A group chat on the simulator (created through the timline API), with its members, settings and pinned notices. */
export interface Group {
  groupId: string;
  name: string;
  notice: string;
  intro: string;
  avatar: string;
  owner: Account;
  members: Member[];
  uniqueKey?: string;
  /** appKey of the app whose robot created it (only those may be managed by the robot APIs). */
  createdBy?: string;
  onlyOwnerAdd: boolean;
  canSearch: boolean;
  topNotices: { resId: number; content: string; ver: number }[];
}

export type Conversation = { kind: 'user'; app: string; pin: string } | { kind: 'group'; groupId: string };

export function conversationKey(c: Conversation): string {
  return c.kind === 'group' ? `group:${c.groupId}` : `user:${c.app}/${c.pin}`;
}

/** One message in the simulated chat history: a user's, or a robot's text, card or other message. */
export interface ChatItem {
  /** When it was said (epoch ms, simulator clock). */
  at: number;
  /** Conversation key: `user:<app>/<pin>` or `group:<groupId>`. */
  conversation: string;
  /** Who said it: a robot id or a user's app/pin. */
  from: { robotId: string } | Account;
  kind: 'text' | 'card' | 'other';
  packetId?: string;
  cardMsgId?: string;
  body: unknown;
  withdrawn?: boolean;
}

/**
 * A card message a robot sent (sendJUEMsg, sendStickyCardMsg), with its current data and the
 * toasts its clicks produced.
 */
export interface Card {
  cardMsgId: string;
  robotId: string;
  conversation: string;
  /** `new`: template card (templateCardId); `old`: templateId card; `sticky`: pinned group card. */
  protocol: 'new' | 'old' | 'sticky';
  templateId?: string;
  templateCardId?: string;
  templateCardVersion?: string;
  cardData: unknown;
  callbackData?: unknown;
  forward?: unknown;
  /** Sticky (置顶) resource id while pinned. */
  resId?: number;
  pinned?: boolean;
  /** Toasts the robot answered clicks with. */
  toasts: { at: number; style?: string; content?: string; pin: string }[];
  /** How many times a reqType 1 callback answer replaced `cardData`. */
  updates: number;
}

/** A request the simulator refused under the interception rules (拦截规则), as the platform records it. */
export interface Interception {
  at: number;
  robotId: string;
  endpoint: string;
  conversation: string;
  rule: string;
  code: number;
  message: string;
  /** Whether the platform's interception notice went out (at most 5 per 10 minutes). */
  notified: boolean;
}

/**
 * An interception notice as the developer receives it (拦截规则 三、通知机制: "触发拦截后立即发送拦截
 * 消息", at most 5 per 10 minutes). The seed names the channels (邮件通知、任务通知) but no wire
 * format, so the simulator hands the notice to `SimulatorOptions.onInterceptionNotice` and keeps
 * the last 500 in `SimState.sentNotices`.
 */
export interface InterceptionNotice {
  at: number;
  appKey: string;
  robotId: string;
  endpoint: string;
  conversation: string;
  rule: string;
  code: number;
  /** The notice's text, in Chinese as the platform writes to developers. */
  text: string;
}

/** One open-API call as the simulated platform saw it (`SimState.requests`, the page's API calls list). */
export interface ApiCall {
  /** When it arrived (simulator clock). */
  at: number;
  /** The path's last segment, e.g. `sendRobotMsg`. */
  endpoint: string;
  requestId?: string;
  /** The robot named in the body (`params.robotId`), when any. */
  robotId?: string;
  /** The destination, as a conversation key (`user:ee/<erp>` or `group:<id>`), when the body names one. */
  conversation?: string;
  /** The injected fault that answered it, when one did. */
  fault?: string;
  /** The answer's `code` and `msg`, once answered. */
  code?: unknown;
  msg?: unknown;
  /** The rule id that refused it (gateway quota or 拦截规则), when one did. */
  rule?: string;
  /** Time to answer, in real milliseconds. */
  latencyMs?: number;
}

export interface Toast {
  at: number;
  cardMsgId: string;
  pin: string;
  style?: string;
  content?: string;
}

/**
 * Everything the simulated 京ME remembers: robots, users, groups, chat history, cards,
 * interceptions, pending authorisations and request logs. Plain data, served by the admin endpoints.
 */
export class SimState {
  readonly robots = new Map<string, SimRobot>();
  readonly users = new Map<string, Account>();
  readonly groups = new Map<string, Group>();
  readonly chat: ChatItem[] = [];
  readonly cards = new Map<string, Card>();
  readonly interceptions: Interception[] = [];
  /** When the notices of the last 10 minutes went out (the 5-per-10-minutes window). */
  readonly notices: number[] = [];
  /** The interception notices sent (the last 500). */
  readonly sentNotices: InterceptionNotice[] = [];
  readonly authorizations = new Map<string, { robotId: string; to: Account; appKey: string; scopeList: unknown; callbackParam?: string; state: 'pending' | 'authorize' | 'reject' }>();
  /** Calls to documented endpoints the simulator has no state for (calendar, joyspace, …). */
  readonly passthrough: { at: number; path: string; params: unknown }[] = [];
  /** The bot's open-API calls, with the platform's answer once given (the last 5000–10 000): retries are visible here. */
  readonly requests: ApiCall[] = [];
  /** Bumped on every change; the page polls it. */
  version = 0;

  /** Records a change: bumps `version`. */
  touch(): void {
    this.version += 1;
  }

  /** The directory entry for `pin`, if the simulator knows that user. */
  user(pin: string): Account | undefined {
    return this.users.get(pin);
  }

  /** The configured robot whose own account is `pin`, if any. */
  robotByPin(pin: string): SimRobot | undefined {
    for (const r of this.robots.values()) if (r.pin === pin) return r;
    return undefined;
  }

  /** The robot's account in a group (robots are members with app robot.dd). */
  robotAccount(r: SimRobot): Account {
    return { app: 'robot.dd', pin: r.pin, name: r.nickname };
  }

  /** Whether `pin` is in the robot's send scope (可用范围). */
  inScope(r: SimRobot, pin: string): boolean {
    return r.sendScope === 'all' || r.sendScope.includes(pin);
  }

  /** Whether `pin` is a member of the group. */
  isMember(g: Group, pin: string): boolean {
    return g.members.some((m) => m.pin === pin);
  }

  /** Records a notice unless 5 went out in the last 10 minutes (拦截通知 throttling). */
  notify(now: number): boolean {
    while (this.notices.length && now - this.notices[0]! >= 600_000) this.notices.shift();
    if (this.notices.length >= 5) return false;
    this.notices.push(now);
    return true;
  }

  /**
   * JSON-friendly view for `GET /__sim/state`: robot secrets reduced to `hasVerificationToken` /
   * `hasEncryptKey` and the token scheme names, and only the last 200 requests.
   */
  snapshot(): Record<string, unknown> {
    return {
      version: this.version,
      robots: [...this.robots.values()].map(({ verificationToken, encryptKey, tokenScheme, cardTokenScheme, ...r }) => ({
        ...r,
        hasVerificationToken: Boolean(verificationToken),
        hasEncryptKey: Boolean(encryptKey),
        tokenScheme: typeof tokenScheme === 'function' ? 'custom' : (tokenScheme ?? 'sha256'),
        cardTokenScheme: typeof cardTokenScheme === 'function' ? 'custom' : (cardTokenScheme ?? 'plain'),
      })),
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      chat: this.chat,
      cards: [...this.cards.values()],
      interceptions: this.interceptions,
      sentNotices: this.sentNotices,
      passthrough: this.passthrough,
      requests: this.requests.slice(-200),
    };
  }
}
