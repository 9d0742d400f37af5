// The typed `data` each documented endpoint answers with (seed response examples). Fields the
// seed shows are typed; objects stay open because the platform adds fields.
import type { Member } from './builders.js';

export interface AccountInfo extends Member {
  name?: string;
}

export interface AppAccessTokenData {
  appAccessToken: string;
  /** Seconds. */
  expireIn: number;
}

export interface TeamAccessTokenData {
  teamAccessToken: string;
  expireIn: number;
}

export interface UserAccessTokenData {
  /** erp; compare lower-cased ("如需进行erp比较，需要转成全小写"). */
  emplAccount: string;
  accessToken: string;
  accessTokenExpireIn: number | string;
  refreshToken?: string;
  refreshTokenExpireIn?: number | string;
  [key: string]: unknown;
}

export interface PacketData {
  packetId: string;
  [key: string]: unknown;
}

export interface CardSentData {
  cardMsgId: string;
  datetime: number | string;
  packetId?: string;
  [key: string]: unknown;
}

export interface InvalidMembersData {
  invalidMembers: Member[];
  [key: string]: unknown;
}

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
  total?: number;
  busType?: number;
  owner?: AccountInfo;
  [key: string]: unknown;
}

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
