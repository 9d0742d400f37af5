// Typed request builders for every documented JD ME endpoint (Rust twin: src/jdme/builders/,
// src/jdme/envelope.rs, src/jdme/endpoints.rs). A builder returns the body exactly as the
// endpoint's doc shows it, checked against every static rule; breaking one throws a
// `RobotwireError` with code `rule_violation` before anything leaves the process.
// The endpoint names, auth endpoints and token kinds are generated from Rust
// (js/src/generated/jdme-tables.ts); `jdmeEndpoints()` reads the full table from wasm.
import { buildJdme, endpointTable } from '../wasm/jdme-outbound.js';
import { RobotwireError } from '../core/errors.js';
import { uuid } from '../core/ids.js';
import type { Assert, Same } from '../core/type-assert.js';
import { JDME_AUTH_ENDPOINTS } from '../generated/jdme-tables.js';
import type { AuthEndpointName, JdmeEndpointName, RobotIdPlacement, TokenKind } from '../generated/jdme-tables.js';

export { JDME_ENDPOINTS } from '../generated/jdme-tables.js';
export type { AuthEndpointName, JdmeEndpointName, RobotIdPlacement, TokenKind } from '../generated/jdme-tables.js';

/**
 * Tenant of an `erp` destination (`tenantId`): CN.JD.GROUP 国内, TH.JD.GROUP 泰国, ID.JD.GROUP 印尼,
 * SF.JD.GROUP 赛夫. The builders never guess it; `JdmeClient` fills in its `tenantId` option.
 */
export type TenantId = 'CN.JD.GROUP' | 'TH.JD.GROUP' | 'ID.JD.GROUP' | 'SF.JD.GROUP';
/** Tenant app: 国内 ee, 泰国 th.ee, 印尼 id.ee, 机器人 robot.dd. */
export type JdmeApp = 'ee' | 'th.ee' | 'id.ee' | 'robot.dd';
/** Card width of the old JUE protocol (`width_mode`): compact 230–360 px, standard 230–600 px, wide 230–780 px. */
export type WidthMode = 'compact' | 'standard' | 'wide';
/** 1 单聊, 2 群聊. */
export type SessionType = 1 | 2;
/** getGroupInfo mode: 0 默认, 1 包含群成员人数, 2 基本信息. */
export type GroupInfoMode = 0 | 1 | 2;

/** A user or robot as the platform addresses one: `{ app, pin }` (the pin of a person is the erp). */
export interface Member {
  app: JdmeApp;
  pin: string;
}

/** A user to @-mention in a text message: an `atUsers` entry; `nickname` is the text after the "@". */
export interface Mention extends Member {
  nickname: string;
}

/** Exactly one destination: a user (erp + tenantId) or a group. */
export type Destination = { erp: string; tenantId: TenantId; groupId?: never } | { groupId: string; erp?: never; tenantId?: never };

/**
 * Where a `JdmeClient` convenience method (and `sendToMany`) sends: a user (`erp`, with
 * `tenantId`, or the client's `tenantId` option when one was set) or a group (`groupId`).
 */
export type Destinationish = { erp: string; tenantId?: TenantId } | { groupId: string };

/** The optional `robotId` every robot call accepts, to use another robot than the default one. */
export interface RobotOverride {
  /** Defaults to the client's/context's robotId. */
  robotId?: string;
}

/** Input of sendRobotMsg: a text message to one user (`erp` + `tenantId`) or one group (`groupId`). */
export type SendTextInput = RobotOverride &
  Destination & {
    text: string;
    /** Each becomes "@nickname" + U+2005 in front of the text, and an atUsers entry. */
    mentions?: Mention[];
    /** @全体成员 (pin "all"); groups only. */
    atAll?: boolean;
  };

/**
 * A card's forwarding settings (`forward`): whether a forwarded card fetches its data again
 * from the business service (`reload`), else it renders `cardData`.
 */
export interface CardForward {
  reload: boolean;
  cardData?: Record<string, unknown>;
}

/** Mentions in a card (`at`): everyone (`atAll: true`) or the listed `users`. */
export interface CardAt {
  atAll: boolean;
  users?: Member[];
}

/** sendJUEMsg, new protocol (京ME卡片平台 templates). */
export type SendCardInput = RobotOverride &
  Destination & {
    templateCardId: string;
    templateCardVersion: string;
    templateCardVariable?: Record<string, unknown>;
    reload?: boolean;
    forward?: CardForward;
    callbackData?: Record<string, unknown>;
    at?: CardAt;
  };

/** sendJUEMsg, old protocol (JUE templateId). */
export type SendLegacyCardInput = RobotOverride &
  Destination & {
    templateId: string;
    templateType?: 1;
    widthMode?: WidthMode;
    summary?: string;
    cardData?: Record<string, unknown>;
    reload?: boolean;
    forward?: CardForward;
    callbackData?: Record<string, unknown>;
    at?: CardAt;
  };

/**
 * Input of sendJUEChangeMsg: tells clients that an interactive card (`cardMsgId`) changed.
 * `timestamp` defaults to the context's `nowMs`; `groupUsers` limits a group notice to those members.
 */
export type SendCardChangeInput = RobotOverride &
  Partial<Destination> & {
    sessionType: SessionType;
    /** 1 消息卡片, 3 消息挂件. */
    templateType: 1 | 3;
    cardMsgId: string;
    timestamp?: number;
    to?: Member;
    gid?: string;
    groupUsers?: Member[];
    cardType?: 1 | 3;
    cardId?: number;
  };

/** Input of sendStickyCardMsg: a pinned (置顶) card in a group, from a JUE `templateId`. */
export interface SendStickyCardInput extends RobotOverride {
  groupId: string;
  templateId: string;
  cardData: Record<string, unknown>;
  reload?: boolean;
  forward?: CardForward;
  callbackData?: Record<string, unknown>;
}

/**
 * Input of sendStickyCardChangesMsg and sendUnpinCardMsg: a group's pinned card, by `cardMsgId`
 * and its 置顶资源ID `resId` (a number or a string, sent as given).
 */
export interface StickyCardRefInput extends RobotOverride {
  groupId: string;
  cardMsgId: string;
  resId: number | string;
  top?: boolean;
}

/**
 * Input of createGroup. `erp` (+ `tenantId`) optionally names the acting user. At most 100
 * members, the owner included. Quota: 100 groups per app per day, days starting at midnight
 * China Standard Time.
 */
export interface CreateGroupInput extends RobotOverride {
  erp?: string;
  tenantId?: TenantId;
  name: string;
  notice?: string;
  /** Only on 360buyimg.com, ≤ 300 characters. */
  avatar?: string;
  intro?: string;
  owner: Member;
  members: Member[];
  /** Same key → the platform refuses a duplicate group. */
  uniqueKey: string;
}

/** Input of updateGroup: the fields to change (at least one); the robot can only edit groups its app created. */
export interface UpdateGroupInput extends RobotOverride {
  groupId: string;
  name?: string;
  notice?: string;
  avatar?: string;
  intro?: string;
}

/** Input of addGroupMember and kickOutGroup: at most 100 members per call, at most 5 of them robots. */
export interface GroupMembersInput extends RobotOverride {
  groupId: string;
  members: Member[];
}

/**
 * Input of userAddGroupMember, which acts as a user (needs `userToken` in the call options);
 * `erp` (+ `tenantId`) names the acting user.
 */
export interface UserAddGroupMemberInput extends GroupMembersInput {
  erp?: string;
  tenantId?: TenantId;
}

/** Input of getRobotGroup: one page of the groups the robot is in. `pageNo` defaults to 1, `pageSize` to 10. */
export interface GetRobotGroupInput extends RobotOverride {
  pageNo?: number;
  /** ≤ 200. */
  pageSize?: number;
}

/** Input of getGroupMembers: one page of a group's members. `pageNo` defaults to 1, `pageSize` to 10. */
export interface GetGroupMembersInput extends GetRobotGroupInput {
  groupId: string;
}

/**
 * Input of addGroupAdmin and userAddGroupAdmin (the latter acts as a user: pass `userToken`).
 * A group has at most 10 admins; the owner cannot be made one.
 */
export interface GroupAdminInput extends RobotOverride {
  groupId: string;
  adminMember: Member;
}

/** Input of withdrawMsg: recalls a message by the `packetId` its send returned. */
export interface WithdrawMsgInput extends RobotOverride {
  packetId: string;
}

/** Input of doTopNotice: pins (置顶) a group notice. Acts as a user: pass `userToken`. */
export interface DoTopNoticeInput extends RobotOverride {
  groupId: string;
  /** Empty → pin the group's current notice. */
  content?: string;
}

/** Input of cancelTopNotice: unpins the notice with 置顶资源ID `resId`. Acts as a user: pass `userToken`. */
export interface CancelTopNoticeInput extends RobotOverride {
  groupId: string;
  resId: number | string;
}

/** Input of getGroupInfo: a group's profile as seen by `operator`; `mode` selects how much (default 0). */
export interface GetGroupInfoInput extends RobotOverride {
  groupId: string;
  operator: Member;
  mode?: GroupInfoMode;
}

/** Input of isGroupExist. */
export interface IsGroupExistInput {
  groupId: string;
}

/** Input of getEffectiveGroupId: which of `groupIds` the user `{ app, pin }` is a member of. */
export interface GetEffectiveGroupIdInput {
  app: JdmeApp;
  pin: string;
  groupIds: string[];
}

/** Input of transferGroupOwner: makes `newOwner` the group's owner. Acts as a user: pass `userToken`. */
export interface TransferGroupOwnerInput extends RobotOverride {
  groupId: string;
  newOwner: Member;
}

/**
 * Input of userTokenAuthorize: asks the user (`to`; `erp` + `tenantId` is the destination) to
 * grant `scopeList`. The answer arrives as an `im_robot_authorize` event carrying a code to
 * exchange for a user access token (see `JdmeClient.attachAuthorization`). `appKey` defaults to
 * the context's `appId`.
 */
export interface UserTokenAuthorizeInput extends RobotOverride {
  erp: string;
  tenantId: TenantId;
  to: Member & { clientType?: string };
  /** Comes back in im_robot_authorize's actionData.eventId. */
  eventId: string;
  scopeList: string[];
  callbackParam?: string;
  appKey?: string;
}

/** Input of app_access_token. `appKey` defaults to the context's `appId` (one of the two is required). */
export interface AppAccessTokenInput {
  appKey?: string;
  appSecret: string;
}

/** Input of team_access_token: an app access token and the team (`openTeamId`) to get a token for. */
export interface TeamAccessTokenInput {
  appAccessToken: string;
  openTeamId: string;
}

/** Input of access_token: exchanges a pre-authorization `code` (valid 5 minutes, single use) for a user access token. */
export interface UserAccessTokenInput {
  appAccessToken: string;
  code: string;
}

/** endpoint name → its builder input. */
export interface JdmeInputs {
  app_access_token: AppAccessTokenInput;
  team_access_token: TeamAccessTokenInput;
  access_token: UserAccessTokenInput;
  sendRobotMsg: SendTextInput;
  sendJUEMsg: SendCardInput | SendLegacyCardInput;
  sendJUEChangeMsg: SendCardChangeInput;
  sendStickyCardMsg: SendStickyCardInput;
  sendStickyCardChangesMsg: StickyCardRefInput;
  sendUnpinCardMsg: StickyCardRefInput;
  createGroup: CreateGroupInput;
  updateGroup: UpdateGroupInput;
  addGroupMember: GroupMembersInput;
  kickOutGroup: GroupMembersInput;
  getRobotGroup: GetRobotGroupInput;
  addGroupAdmin: GroupAdminInput;
  withdrawMsg: WithdrawMsgInput;
  doTopNotice: DoTopNoticeInput;
  cancelTopNotice: CancelTopNoticeInput;
  getGroupInfo: GetGroupInfoInput;
  getGroupMembers: GetGroupMembersInput;
  isGroupExist: IsGroupExistInput;
  getEffectiveGroupId: GetEffectiveGroupIdInput;
  userAddGroupMember: UserAddGroupMemberInput;
  transferGroupOwner: TransferGroupOwnerInput;
  userAddGroupAdmin: GroupAdminInput;
  userTokenAuthorize: UserTokenAuthorizeInput;
}

// One input type per generated endpoint name: an endpoint added to the Rust table without a
// builder input here (or the reverse) fails tsc.
type _InputsCoverEndpoints = Assert<Same<keyof JdmeInputs, JdmeEndpointName>>;

/** The envelope fields a builder cannot know: who calls, when, which request this is. */
export interface BuildContext {
  /** The app's appKey, sent as `appId`. */
  appId: string;
  /** Sent as `dateTime`; default `Date.now()`. */
  nowMs?: number;
  /** Reuse a requestId (retries of one logical request); default a fresh UUID v4. */
  requestId?: string;
  /** Robot used when the input names none. */
  robotId?: string;
}

/** One endpoint as the core lists it (`jdmeEndpoints`): path, token, where `robotId` goes, quotas, … . */
export interface EndpointInfo {
  name: string;
  path: string;
  method: 'POST';
  title: string;
  family: string;
  /** Which access token goes into `authorization: Bearer …`. */
  token: TokenKind;
  robotId: RobotIdPlacement;
  destination: string;
  message: string;
  quotas: { rule: string; limit: number; windowMs: number }[];
  envelope: boolean;
  /** False for the path-only suite APIs (no body docs in the seed). */
  documented: boolean;
  service?: string;
  /**
   * Whether `JdmeClient` may send it again after an unknown outcome (timeout, lost
   * connection, an unreadable answer): reads and the app/team token fetches. Everything else
   * acts, and the seed never says `requestId` deduplicates, so it fails with `outcomeUnknown`.
   */
  retrySafe: boolean;
}

const AUTH_ENDPOINTS = new Set<string>(JDME_AUTH_ENDPOINTS);

/**
 * Builds the request body for `endpoint` as JSON text (what is POSTed). Auth endpoints take no
 * context; everything else needs at least `{ appId }`.
 */
export function buildJdmeRequest<E extends AuthEndpointName>(endpoint: E, input: JdmeInputs[E], context?: BuildContext): string;
/** A documented timline endpoint: the envelope needs a context with at least `{ appId }`. */
export function buildJdmeRequest<E extends JdmeEndpointName>(endpoint: E, input: JdmeInputs[E], context: BuildContext): string;
/** The path-only suite APIs (calendar, joyspace, joywork, autobots): `{ params }` in the envelope. */
export function buildJdmeRequest(endpoint: string, input: { params: Record<string, unknown> }, context: BuildContext): string;
export function buildJdmeRequest(endpoint: string, input: unknown, context?: BuildContext): string {
  // The endpoint's type is checked by buildJdme (the wasm boundary). Spreading a string or an
  // array below would turn every character into a key (a 4 MB string took half a minute to be
  // refused).
  if (context !== undefined && (context === null || typeof context !== 'object' || Array.isArray(context))) {
    throw new RobotwireError('invalid_argument', 'context must be an object such as { appId }');
  }
  if (context === undefined) {
    // Auth endpoints take no context; buildJdme refuses a non-string endpoint by its type.
    if (AUTH_ENDPOINTS.has(endpoint) || typeof endpoint !== 'string') return buildJdme(endpoint, input);
    throw new RobotwireError('invalid_argument', `${endpoint} needs a context with appId`);
  }
  // The core makes no random ids: a missing (or empty) requestId is a fresh UUID v4 from here.
  const ctx = { ...context, nowMs: context.nowMs ?? Date.now(), requestId: context.requestId || uuid() };
  return buildJdme(endpoint, input, ctx);
}

let endpointCache: EndpointInfo[] | undefined;

/** Every endpoint the core knows: the documented ones, then the suite APIs. */
export function jdmeEndpoints(): readonly EndpointInfo[] {
  // From wasm, not from the generated JDME_ENDPOINT_ROWS (the same `listing()`): the module
  // carries the table anyway, and bundling a second copy cost 3.7 KB gzipped per edge upload.
  endpointCache ??= endpointTable();
  return endpointCache;
}

/** One endpoint by name (`sendRobotMsg`) or full path; undefined if unknown. */
export function jdmeEndpoint(nameOrPath: string): EndpointInfo | undefined {
  return jdmeEndpoints().find((e) => e.name === nameOrPath || e.path === nameOrPath);
}
