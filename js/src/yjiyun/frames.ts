// Typed inputs of every outbound socket.io frame and the builder from the Rust core
// (src/yjiyun/frames.rs): message sends (event `message`: 3.4 text, 3.5 image, 3.6 link,
// 3.10 file, 3.24 video) and actions (event `action`: 3.7–3.23). The output frame is exactly
// the doc's shape, ready for `socket.emit(frame[0], frame[1])`; `serialKey` is set for the
// operations that must be queued one at a time per robot (3.11 "打标签需要排队").
import { buildFrame } from '../wasm/yjiyun.js';
import type { YjiyunId } from './ids.js';
import { builderError } from './errors.js';
import type { YjiyunViolation } from './rules.js';
import type { Assert, Same } from '../core/type-assert.js';
import type { YjiyunMessageKind, YjiyunOutboundActionType } from '../generated/yjiyun-tables.js';

// The kinds and action types are generated from src/yjiyun/endpoints.rs; the input maps below are
// checked against them.
export type { YjiyunActionType, YjiyunMessageKind, YjiyunOutboundActionType } from '../generated/yjiyun-tables.js';

interface Chat {
  /** The session id `S:<robot wxid>_<peer>` from a `chat` / `message` frame (not a user or group id). */
  chatId: string;
  /** At most 32 characters; see `YjiyunMessageIds`. */
  messageId: string;
}

/** 3.4 text. `atUserList` (groups only): member ids, joined with "," on the wire. */
export interface YjiyunTextInput extends Chat {
  content: string;
  atUserList?: YjiyunId[] | string;
}
/** 3.5 image: `pic` is an http(s) URL. */
export interface YjiyunImageInput extends Chat {
  pic: string;
}
/** 3.6 link card. `coverImgFile` must be downloadable and carry no query string. */
export interface YjiyunLinkInput extends Chat {
  title: string;
  link: string;
  description?: string;
  coverImgFile?: string;
}
/** 3.10 file / 3.24 video: `fileName` is the file's http(s) URL. */
export interface YjiyunFileInput extends Chat {
  fileName: string;
}

/** Input type of each message kind (socket.io event `message`), keyed by kind. */
export interface YjiyunMessageInputs {
  'message.text': YjiyunTextInput;
  'message.image': YjiyunImageInput;
  'message.link': YjiyunLinkInput;
  'message.file': YjiyunFileInput;
  'message.video': YjiyunFileInput;
}
type _MessageInputsCoverKinds = Assert<Same<keyof YjiyunMessageInputs, YjiyunMessageKind>>;

/**
 * Fields every outbound action carries (3.0): the `robotKey` of the robot that performs it and
 * the frame's `messageId` (at most 32 characters; the result comes back with the same id).
 */
export interface ActionBase {
  robotKey: string;
  messageId: string;
}

/** 3.7 forward a message (mini program, image, file, link) to customers and/or groups (`R:…`). */
export interface YjiyunForwardInput extends ActionBase {
  msgSvrID: YjiyunId;
  friends: YjiyunId[];
}
/** 3.8 accept a friend request: `friendWxid` is the request's `userId`. */
export interface YjiyunAcceptFriendInput extends ActionBase {
  friendWxid: YjiyunId;
}
/** 3.9 add a friend by phone number. */
export interface YjiyunPhoneContactAddInput extends ActionBase {
  phone: string;
  reason?: string;
}
/** 3.11 tag a customer (queue per robot). Tag ids are strings: they exceed 2^53. */
export interface YjiyunCustTagsInput extends ActionBase {
  userId: YjiyunId;
  tags?: YjiyunId[];
  erasingTags?: YjiyunId[];
}
/** 3.12 query the tag tree. */
export type YjiyunTagsSyncInput = ActionBase;
/** 3.13 remark name (`realRemark`) and/or description (`userRemark`). */
export interface YjiyunCustRemarkInput extends ActionBase {
  userId: YjiyunId;
  realRemark?: string;
  userRemark?: string;
}
/** 3.14 the robot's own profile. gender 1 male, 2 female; phone 座机, mobile 手机. */
export interface YjiyunInfoModifyInput extends ActionBase {
  name?: string;
  alias?: string;
  gender?: 1 | 2;
  phone?: string;
  mobile?: string;
  position?: string;
}
/** 3.15 remove members from a group. */
export interface YjiyunDeleteGroupMembersInput extends ActionBase {
  groupId: string;
  members: YjiyunId[];
}
/** 3.16 the group's admins (owner excluded). */
export interface YjiyunConvAdminsInput extends ActionBase {
  conversationId: string;
}
/** 3.17 opcode 1 adds, 2 removes (required: never defaulted). */
export interface YjiyunConvModifyAdminsInput extends ActionBase {
  opcode: 1 | 2;
  conversationId: string;
  admins: YjiyunId[];
}
/** 3.18 invite friends into a group. */
export interface YjiyunInviteFriendsInput extends ActionBase {
  groupId: string;
  friends: YjiyunId[];
}
/** 3.19 rename a group. */
export interface YjiyunModifyGroupNameInput extends ActionBase {
  groupId: string;
  newName: string;
}
/** 3.20 create a group with members; `topic` is its name. */
export interface YjiyunCreateGroupInput extends ActionBase {
  topic?: string;
  memberWxids: YjiyunId[];
}
/** 3.21 look up users and/or groups (`R:…`). */
export interface YjiyunContactsInquiryInput extends ActionBase {
  contacts: YjiyunId[];
}
/** 3.23 set the group announcement. */
export interface YjiyunSetGroupAnnouncementInput extends ActionBase {
  groupId: string;
  notice: string;
  isAll?: 0 | 1;
}

/** Input type of each action the caller can send (socket.io event `action`, 3.7–3.23), keyed by its `type`. */
export interface YjiyunActionInputs {
  'robot.message.forward': YjiyunForwardInput;
  'robot.accept.friend.request': YjiyunAcceptFriendInput;
  'robot.phone.contact.add': YjiyunPhoneContactAddInput;
  'robot.cust.tags': YjiyunCustTagsInput;
  'robot.tags.sync': YjiyunTagsSyncInput;
  'robot.cust.remark': YjiyunCustRemarkInput;
  'robot.info.modify': YjiyunInfoModifyInput;
  'robot.delete.group.members': YjiyunDeleteGroupMembersInput;
  'robot.conv.admins': YjiyunConvAdminsInput;
  'robot.conv.modify.admins': YjiyunConvModifyAdminsInput;
  'robot.invite.friends.join.group': YjiyunInviteFriendsInput;
  'robot.modify.group.name': YjiyunModifyGroupNameInput;
  'robot.create.group': YjiyunCreateGroupInput;
  'robot.contacts.inquiry': YjiyunContactsInquiryInput;
  'robot.set.group.announcement': YjiyunSetGroupAnnouncementInput;
}
type _ActionInputsCoverTypes = Assert<Same<keyof YjiyunActionInputs, YjiyunOutboundActionType>>;

/** Input type of every kind `buildYjiyunFrame` accepts: message kinds and outbound action types. */
export type YjiyunFrameInputs = YjiyunMessageInputs & YjiyunActionInputs;
/** Every kind `buildYjiyunFrame` accepts: a message kind (`message.text`…) or an outbound action type (`robot.cust.tags`…). */
export type YjiyunFrameKind = keyof YjiyunFrameInputs;

/** An outbound frame from `buildYjiyunFrame`: checked against the rule table and ready to emit. */
export interface YjiyunBuiltFrame<K extends YjiyunFrameKind = YjiyunFrameKind> {
  kind: K;
  /** socket.io event: `message` or `action`. */
  event: 'message' | 'action';
  /** `[event, payload]`. */
  frame: [string, Record<string, unknown>];
  /** The frame's `messageId`; the platform's callback carries the same id. */
  messageId: string;
  /** `robot.cust.tags:<robotKey>` for operations that must run one at a time per robot; else null. */
  serialKey: string | null;
  /** Broken rules of `warning` severity (an `error` throws instead). */
  warnings: YjiyunViolation[];
}

/**
 * Builds an outbound frame. Throws `YjiyunValidationError` on bad input or a broken rule
 * (`violations` lists them); warnings are returned in `warnings`.
 */
export function buildYjiyunFrame<K extends YjiyunFrameKind>(kind: K, input: YjiyunFrameInputs[K]): YjiyunBuiltFrame<K> {
  try {
    return buildFrame<YjiyunBuiltFrame<K>>(kind, input);
  } catch (e) {
    throw builderError(kind, e);
  }
}
