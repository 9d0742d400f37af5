// The typed `data` each documented endpoint answers with (seed response examples). Fields the
// seed shows are typed; objects stay open because the platform adds fields.
import type { Member } from './builders.js';

/** A user or robot in an answer: `{ app, pin }` plus the display `name` when the platform gives it. */
export interface AccountInfo extends Member {
  name?: string;
}

/** `data` of app_access_token. `JdmeClient` caches the token itself; you rarely need this. */
export interface AppAccessTokenData {
  appAccessToken: string;
  /** Seconds. */
  expireIn: number;
}

/** `data` of team_access_token: the token most endpoints are called with; `expireIn` in seconds. */
export interface TeamAccessTokenData {
  teamAccessToken: string;
  expireIn: number;
}

/**
 * `data` of access_token (code → user access token): the token for the 以用户身份 endpoints
 * (pass it as `userToken`). The `…ExpireIn` values are lifetimes, numbers or numeric strings (the
 * seed states no unit; its examples, 7200 and 172800, read as seconds).
 */
export interface UserAccessTokenData {
  /** erp; compare lower-cased ("如需进行erp比较，需要转成全小写"). */
  emplAccount: string;
  accessToken: string;
  accessTokenExpireIn: number | string;
  refreshToken?: string;
  refreshTokenExpireIn?: number | string;
  /** 用户在应用内的唯一标识: the user's id within this app (stable; another app sees another id). */
  openUserId?: string;
  /** 用户姓名. */
  name?: string;
  /** 租户id. */
  teamId?: string;
  openTeamId?: string;
  /** 用户头像 (URL). */
  avatarUrl?: string;
  userId?: string;
  /** 用户Code. */
  userCode?: string;
  /** 用户thirdUserId; `null` in the seed's example. */
  thirdUserId?: string | null;
  [key: string]: unknown;
}

/** `data` of sendRobotMsg and userTokenAuthorize: `packetId` identifies the message (withdrawMsg takes it). */
export interface PacketData {
  packetId: string;
  [key: string]: unknown;
}

/** `data` of sendJUEMsg: `cardMsgId` identifies the card for later changes (sendJUEChangeMsg); `datetime` is epoch ms. */
export interface CardSentData {
  cardMsgId: string;
  datetime: number | string;
  packetId?: string;
  [key: string]: unknown;
}

/** `data` of the member-list calls (createGroup, addGroupMember, kickOutGroup, userAddGroupMember): the members the platform reported as invalid. */
export interface InvalidMembersData {
  invalidMembers: Member[];
  [key: string]: unknown;
}

/** One group in getRobotGroup's `groups`. */
export interface GroupSummary {
  owner: AccountInfo;
  onlyOwnerAdd: boolean;
  groupId: string;
  intro?: string;
  name?: string;
  avatar?: string;
  canSearch?: boolean;
  notice?: string;
  [key: string]: unknown;
}

/** `data` of getGroupInfo; which fields are present depends on the request's `mode`. */
export interface GroupInfoData {
  groupId: string;
  name?: string;
  intro?: string;
  notice?: string;
  avatar?: string;
  onlyOwnerAdd?: boolean;
  canSearch?: boolean;
  groupMember?: boolean;
  /** 0 非群成员, 1 群主, 2 管理员, 3 成员. */
  identity?: 0 | 1 | 2 | 3;
  /** 群人数: only with `mode: 1` ("1：包含群成员人数"). */
  total?: number;
  busType?: number;
  owner?: AccountInfo;
  [key: string]: unknown;
}

/** One member in getGroupMembers' `members`, with their role in the group. */
export interface GroupMember extends AccountInfo {
  /** 1 群主, 2 管理员, 3 成员. */
  identity: 1 | 2 | 3;
}

/** endpoint → its `data`. */
export interface JdmeOutputs {
  app_access_token: AppAccessTokenData;
  team_access_token: TeamAccessTokenData;
  access_token: UserAccessTokenData;
  sendRobotMsg: PacketData;
  sendJUEMsg: CardSentData;
  sendJUEChangeMsg: Record<string, unknown>;
  sendStickyCardMsg: { gid: string; cardMsgId: string; resId: number; [key: string]: unknown };
  sendStickyCardChangesMsg: Record<string, unknown>;
  sendUnpinCardMsg: Record<string, unknown>;
  createGroup: InvalidMembersData & { groupId: string };
  updateGroup: { groupId: string; [key: string]: unknown };
  addGroupMember: InvalidMembersData;
  kickOutGroup: InvalidMembersData;
  /** The seed's field table says has_more, its example hasMore: both are read. */
  getRobotGroup: { pageNo: number; hasMore?: boolean; has_more?: boolean; groups: GroupSummary[]; [key: string]: unknown };
  addGroupAdmin: { groupId: string; [key: string]: unknown };
  withdrawMsg: Record<string, unknown>;
  doTopNotice: { resId: number; ver: number | string; [key: string]: unknown };
  cancelTopNotice: Record<string, unknown>;
  getGroupInfo: GroupInfoData;
  getGroupMembers: { pageNo: number; groupId: string; members: GroupMember[]; hasMore: boolean; [key: string]: unknown };
  isGroupExist: { exist: boolean; groupId: string; [key: string]: unknown };
  getEffectiveGroupId: { app: string; pin: string; groupIds: string[]; [key: string]: unknown };
  userAddGroupMember: InvalidMembersData;
  transferGroupOwner: { groupId: string; [key: string]: unknown };
  userAddGroupAdmin: { groupId: string; [key: string]: unknown };
  userTokenAuthorize: PacketData;
}
