// Typed inbound socket.io frames, parsed by the Rust core (src/yjiyun/parse/) from JSON
// TEXT: `message` (3.2 and the send callbacks of 3.4–3.7), `chat` (3.3) and `action` (results of
// 3.7–3.23, events 3.8 and 3.22). Every id is a string, exactly as sent (no 2^53 rounding), so
// pass the raw text — `YjiyunRealtime` does, through its socket.io parser.
import { parseFrame } from '../wasm/yjiyun.js';
import type { YjiyunActionType } from './frames.js';
import type { Assert, Same } from '../core/type-assert.js';

/** The `from` of a `message` frame (3.2): who sent the message. */
export interface YjiyunSender {
  contactId: string;
  nickName: string | null;
  headImg: string | null;
  isGroupContact: boolean | null;
  /** True for the robot's own messages (send callbacks). */
  isSelf: boolean;
}

/** By `contentType`: 1 text, 2 sent from the phone app, 3/7 image, 5 video, 8 file, 9 voice, 13 link, 29 emoji, 78 mini program. */
export type YjiyunContentKind = 'text' | 'sentFromPhone' | 'image' | 'video' | 'file' | 'voice' | 'link' | 'emoji' | 'miniProgram' | 'unknown';

/** The `content` of a message (3.2): `contentType`, its name `kind`, and the fields of that type. */
export interface YjiyunContent {
  kind: YjiyunContentKind;
  contentType: number;
  content?: string;
  /** Text: the @-mentioned ids (the wire's comma-separated string, split). */
  atUserList?: string[];
  pic?: string;
  fileName?: string;
  title?: string;
  link?: string;
  description?: string;
  coverImgFile?: string;
  senderName?: string;
  senderHeadImg?: string;
  logo?: string;
  /** Fields this version does not know, as sent. */
  extra?: Record<string, unknown>;
}

/** A `message` frame (3.2), a send callback (3.4), or an item of the 2.11 history. */
export interface YjiyunMessage {
  messageId: string | null;
  /** Needed to forward the message (3.7). */
  msgSvrID: string | null;
  timestamp: number | null;
  robotKey: string | null;
  chatId: string;
  chatName: string | null;
  chatUser: string | null;
  from: YjiyunSender | null;
  isGroupChat: boolean | null;
  content: YjiyunContent;
  assignTo: string | null;
  /** 2.11 robot-sent messages: 0 unsent (retryable), 1 sent, 2 failed. */
  sendStatus: number | null;
  sendState: 'unsent' | 'sent' | 'failed' | 'unknown' | null;
}

/** The `botInfo` of a `chat` frame (3.3): the robot the chat belongs to. */
export interface YjiyunBotInfo {
  robotKey: string | null;
  wxid: string | null;
  nickName: string | null;
  headImg: string | null;
  robotStatus: number | null;
  robotState: YjiyunRobotState | null;
}

/** `robotStatus` by name: 0 `initializing`, 1 `online`, 2 `offline`, 3 `banned`, 4 `kicked`; any other value `unknown`. */
export type YjiyunRobotState = 'initializing' | 'online' | 'offline' | 'banned' | 'kicked' | 'unknown';

/** A `chat` frame (3.3) or an item of the 2.10 chat list. */
export interface YjiyunChat {
  chatId: string;
  chatName: string | null;
  chatUser: string | null;
  chatHeadImg: string | null;
  /** Chat lists and frames: true group, false private (mass send uses 1 friends / 2 groups instead). */
  isGroupChat: boolean | null;
  lastMsgActive: number | null;
  unreadCount: number | null;
  botInfo: YjiyunBotInfo | null;
  pushContent: string | null;
  assignTo: string | null;
}

/** 3.7 `robot.message.forward` result: the forwarded message's `msgSvrID` and the targets. */
export interface YjiyunForwardResult {
  msgSvrID: string | null;
  friends: string[];
}
/** 3.8 `robot.on.new.friend.request`; accept with `acceptFriendRequest({ friendWxid: userId })`. */
export interface YjiyunFriendRequest {
  userId: string;
  name: string | null;
  reason: string | null;
  wechatImgUrl: string | null;
  gender: number | null;
  remarks: string | null;
  isOuterUser: boolean | null;
}
/** 3.8 `robot.accept.friend.request` result: the id of the user whose request was accepted. */
export interface YjiyunAcceptFriendResult {
  friendWxid: string | null;
}
/** 3.9: the user found by the phone number. `isOuterUser`: a WeChat user (是否微信用户). */
export interface YjiyunUserData {
  userId: string | null;
  name: string | null;
  wechatImgUrl: string | null;
  gender: number | null;
  isOuterUser: boolean | null;
}
/** 3.9 `robot.phone.contact.add` result: the phone number and the user it belongs to (null when absent). */
export interface YjiyunPhoneContactAddResult {
  phone: string | null;
  userData: YjiyunUserData | null;
}
/** 3.11 `robot.cust.tags` result: the customer and the tag ids added / removed (strings: they exceed 2^53). */
export interface YjiyunCustTagsResult {
  userId: string | null;
  tags: string[];
  erasingTags: string[];
}
/** A tag or tag group. `labelId`s exceed 2^53: strings. */
export interface YjiyunLabel {
  labelId: string;
  /** null for a top-level group. */
  labelGroupId: string | null;
  name: string | null;
  fullName: string | null;
  groupName: string | null;
  createTime: string | null;
  isCorpLabel: boolean | null;
  isGroupLabel: boolean | null;
  isCustomLabelGroup: boolean | null;
  isFakeAddLabel: boolean | null;
  subLabelList: YjiyunLabel[];
}
/** 3.12 `robot.tags.sync` result: the corporate tag groups (`groupLabels`) and the personal tag group (`personLabel`). */
export interface YjiyunTagsSyncResult {
  wxid: string | null;
  companyId: string | null;
  companyName: string | null;
  groupLabels: YjiyunLabel[];
  personLabel: YjiyunLabel | null;
}
/** 3.13 `robot.cust.remark` result: remark name (`realRemark`) and description (`userRemark`) as echoed. */
export interface YjiyunCustRemarkResult {
  userId: string | null;
  realRemark: string | null;
  userRemark: string | null;
}
/** 3.14 `robot.info.modify` result: the robot's profile as echoed (gender 1 male, 2 female; `phone` 座机, `mobile` 手机). */
export interface YjiyunInfoModifyResult {
  name: string | null;
  alias: string | null;
  gender: number | null;
  phone: string | null;
  mobile: string | null;
  position: string | null;
  address: string | null;
}
/** 3.15 and 3.18: the response echoes the ids as `friends`. */
export interface YjiyunGroupMembersResult {
  groupId: string | null;
  friends: string[];
}
/** 3.16 / 3.17: `admins` excludes the owner. */
export interface YjiyunAdminsResult {
  opcode: number | null;
  conversationId: string | null;
  admins: string[];
}
/** 3.19 `robot.modify.group.name` result: the group and its new name. */
export interface YjiyunModifyGroupNameResult {
  groupId: string | null;
  newName: string | null;
}
/** 3.20: the doc shows both `conversationId` and `groupWxid` without saying which is the new group. */
export interface YjiyunCreateGroupResult {
  conversationId: string | null;
  groupWxid: string | null;
  topic: string | null;
  newName: string | null;
  memberWxids: string[];
}
/** 3.21: a user found by `robot.contacts.inquiry` (`kind` `contact`). */
export interface YjiyunContactInfo {
  kind: 'contact';
  userId: string;
  name: string | null;
  namePinyin: string | null;
  /** 备注名 */
  realRemarks: string | null;
  /** 描述 */
  remarks: string | null;
  avatorUrl: string | null;
  wechatImgUrl: string | null;
  phone: string | null;
  officePhone: string | null;
  companyId: string | null;
}
/**
 * 3.21: one member of a group found by `robot.contacts.inquiry`. `isOuterUser`: a WeChat user;
 * `isExternalUser`: a customer; `isRobot`: a robot account.
 */
export interface YjiyunGroupMemberInfo {
  userId: string;
  name: string | null;
  realName: string | null;
  nickName: string | null;
  namePinyin: string | null;
  avatorUrl: string | null;
  gender: number | null;
  position: string | null;
  companyId: string | null;
  isOuterUser: boolean | null;
  isExternalUser: boolean | null;
  isRobot: boolean | null;
}
/** 3.21: a group (`R:…`) found by `robot.contacts.inquiry` (`kind` `group`), with its members. */
export interface YjiyunGroupInfo {
  kind: 'group';
  conversationId: string;
  name: string | null;
  creatorId: string | null;
  memberCount: number | null;
  normalMemberCount: number | null;
  outerUserCount: number | null;
  isOuterGroupConversation: boolean | null;
  createTime: string | null;
  memberList: YjiyunGroupMemberInfo[];
}
/** 3.21 `robot.contacts.inquiry` result: the ids asked for (`reqContacts`) and what was found, users and groups told apart by `kind`. */
export interface YjiyunContactsInquiryResult {
  reqContacts: string[];
  contacts: (YjiyunContactInfo | YjiyunGroupInfo)[];
}
/** 3.22: a member who joined the group (an item of `newMembers`). */
export interface YjiyunNewMember {
  userId: string;
  userName: string | null;
  nickName: string | null;
  groupNickName: string | null;
  headImg: string | null;
  gender: number | null;
}
/** 3.22 `robot.group.members.changed`. */
export interface YjiyunMembersChanged {
  chatroom: string | null;
  conversationId: string | null;
  groupNickName: string | null;
  name: string | null;
  newMembers: YjiyunNewMember[];
}
/** 3.23 `robot.set.group.announcement` result: the group, the announcement text and the `isAll` flag (0 / 1) as echoed. */
export interface YjiyunAnnouncementResult {
  groupId: string | null;
  isAll: number | null;
  notice: string | null;
}

/** The typed `data` of an action, by `type`. */
export interface YjiyunActionDataMap {
  'robot.message.forward': YjiyunForwardResult;
  'robot.on.new.friend.request': YjiyunFriendRequest;
  'robot.accept.friend.request': YjiyunAcceptFriendResult;
  'robot.phone.contact.add': YjiyunPhoneContactAddResult;
  'robot.cust.tags': YjiyunCustTagsResult;
  'robot.tags.sync': YjiyunTagsSyncResult;
  'robot.cust.remark': YjiyunCustRemarkResult;
  'robot.info.modify': YjiyunInfoModifyResult;
  'robot.delete.group.members': YjiyunGroupMembersResult;
  'robot.conv.admins': YjiyunAdminsResult;
  'robot.conv.modify.admins': YjiyunAdminsResult;
  'robot.invite.friends.join.group': YjiyunGroupMembersResult;
  'robot.modify.group.name': YjiyunModifyGroupNameResult;
  'robot.create.group': YjiyunCreateGroupResult;
  'robot.contacts.inquiry': YjiyunContactsInquiryResult;
  'robot.group.members.changed': YjiyunMembersChanged;
  'robot.set.group.announcement': YjiyunAnnouncementResult;
}
type _DataCoversActionTypes = Assert<Same<keyof YjiyunActionDataMap, YjiyunActionType>>;

/** An `action` frame (3.7–3.23), or the 2.8 bridge answer. */
export interface YjiyunAction<T extends YjiyunActionType = YjiyunActionType> {
  type: T;
  /** False for a type this version does not know (its fields are then in `data` as sent). */
  known: boolean;
  messageId: string | null;
  robotKey: string | null;
  /** The platform's code as a string ("0" = success); null when absent. */
  code: string | null;
  ok: boolean;
  msg: string | null;
  /** Server time, ms. */
  dts: number | null;
  robotType: number | null;
  robotBizType: number | null;
  assignTo: string | null;
  data: YjiyunActionDataMap[T];
}

/** An action of a type this version does not know. */
export interface YjiyunUnknownAction extends Omit<YjiyunAction, 'type' | 'known' | 'data'> {
  type: string;
  known: false;
  data: Record<string, unknown>;
}

/** A parsed inbound frame (`parseYjiyunFrame`): the socket.io event name and its typed payload. */
export type YjiyunFrame =
  | { event: 'message'; data: YjiyunMessage }
  | { event: 'chat'; data: YjiyunChat }
  | { event: 'action'; data: YjiyunAction | YjiyunUnknownAction };

/** The socket.io events the platform pushes: `message` (3.2), `chat` (3.3), `action` (3.7–3.23). */
export type YjiyunInboundEvent = 'message' | 'chat' | 'action';

/**
 * Parses one inbound frame from its JSON text: `event` is `message` | `chat` | `action` and
 * `json` the payload, or `event` "" and `json` the whole `[event, payload]`. Throws
 * `RobotwireError` (`invalid_json`, `missing_field`, `invalid_field`, `invalid_argument`) on a
 * payload that is not the documented shape.
 */
export function parseYjiyunFrame(event: YjiyunInboundEvent | '', json: string): YjiyunFrame {
  return parseFrame(event, json);
}
