// Typed inputs of every REST endpoint (2.1–2.13) and the builder from the Rust core
// (src/yjiyun/rest/): method, path, `?request_id=`, Content-Type (form unless the doc says
// JSON: only 2.7 and 2.8 are JSON), the `token` header requirement, the body in wire shape and,
// for form endpoints, the urlencoded text (arrays as repeated keys unless `arrays` says otherwise).
import { buildRest } from '../wasm/yjiyun.js';
import { builderError } from './errors.js';
import type { YjiyunViolation } from './rules.js';
import type { YjiyunActionInputs, YjiyunOutboundActionType } from './frames.js';
import type { Assert, Same } from '../core/type-assert.js';
import type { YjiyunEndpoint } from '../generated/yjiyun-tables.js';
import type { YjiyunId } from './ids.js';

export type { YjiyunEndpoint } from '../generated/yjiyun-tables.js';

export type { YjiyunId };

/** 2.1 登录授权 */
export interface YjiyunAuthInput {
  accessKey: string;
  accessSecret: string;
}

/** 2.2 企微机器人列表 (no parameters). */
export type YjiyunRobotListInput = Record<string, never>;

/** 2.3 企微客户列表 */
export interface YjiyunCustomerListInput {
  robotKey: string;
  /** Passed through as given (the doc: "是否已删除客户"). */
  status?: 0 | 1;
  userId?: YjiyunId;
  /** Fuzzy match on nickname / remark name. */
  name?: string;
  /** Default 1. */
  pageNum?: number;
  /** Default 20. */
  pageSize?: number;
  /** Customers having these tag names. */
  tagList?: string[];
}

/** 2.4 企微群列表 */
export interface YjiyunGroupListInput {
  robotKey: string;
  /** Whether the robot is in the group. */
  status?: 0 | 1;
  conversationId?: string;
  creatorId?: YjiyunId;
  /** Fuzzy match on the group name. */
  name?: string;
  pageNum?: number;
  pageSize?: number;
}

/** 2.5 企微群列表下载, way 1: chosen groups of one robot. */
export interface YjiyunGroupDownloadSelection {
  robotKey: string;
  conversationIds: string[];
}

/** 2.5 企微群列表下载, way 2: a query over robots. */
export interface YjiyunGroupDownloadQuery {
  robotKeys: string[];
  status?: 0 | 1;
  creatorName?: string;
  creatorId?: YjiyunId;
  name?: string;
  /** At least this many members. */
  memberCount?: number;
  /** At most this many members (the doc's spelling). */
  upmemberCount?: number;
  /** Omit for all, 0 internal groups, 1 external groups. */
  outerGroupChat?: 0 | 1;
  /** 1 name asc, 2 name desc, 3 created asc, 4 created desc (default). */
  orderBy?: 1 | 2 | 3 | 4;
}

/** 2.5 企微群列表下载 input: chosen groups of one robot, or a query over robots. */
export type YjiyunGroupDownloadInput = YjiyunGroupDownloadSelection | YjiyunGroupDownloadQuery;

/** 2.6 企微群成员列表 */
export interface YjiyunMemberListInput {
  robotKey: string;
  conversationId: string;
  status?: 0 | 1;
  memberUserId?: YjiyunId;
  memberName?: string;
  pageNum?: number;
  pageSize?: number;
}

/** 2.7 one message of a mass send. msgType: 1 text, 3 image, 16 link card, 49 file, 78 mini program. */
export interface YjiyunTaskContent {
  msgType: 1 | 3 | 16 | 49 | 78;
  /** Text, image URL, file URL, or the mini program's content. */
  content?: string;
  /** Link cards: 1 link card, 2 music card. */
  appType?: 1 | 2;
  link?: string;
  title?: string;
  description?: string;
  coverImgFile?: string;
  senderName?: string;
  senderHeadImg?: string;
  logo?: string;
  msgSvrID?: YjiyunId;
}

/** 2.7 消息群发 (JSON). The builder nests contents/acceptTarget/isGroupChat under `taskData` as the doc's example does. */
export interface YjiyunTaskSaveInput {
  name: string;
  /** 1 scheduled once (default), 2 periodic. */
  taskType?: 1 | 2;
  /** taskType 1: Unix ms; omitted = start now. */
  startTime?: number;
  /** taskType 2: "hh:mm". */
  execStartTime?: string;
  /** taskType 2: 1–7 (1 = Sunday) or "SUN"…"SAT". */
  weekday?: (number | string)[];
  /** Default `wxwork.robot.batch.send`. */
  commandType?: string;
  /** 1 friends, 2 groups (NOT the 0/1 of chat lists). */
  isGroupChat: 1 | 2;
  /** 1 default pace (one target every 30 s), 2 custom interval. */
  taskRule?: 1 | 2;
  /** Targets per batch, 1..12 (default 1). */
  suitCount?: number;
  /** taskRule 2: lower bound of the interval in seconds. */
  perSuitSecond?: number;
  /** taskRule 2: upper bound of the interval in seconds. */
  perSuitSecondUpper?: number;
  contents: YjiyunTaskContent[];
  acceptTarget: { robotKey: string; chatUser: YjiyunId[] }[];
}

/** 2.8 即时消息同步请求: an action sent over HTTP (JSON). `messageId` is generated when omitted. */
export type YjiyunBridgeInput = {
  [T in YjiyunOutboundActionType]: { type: T } & Omit<YjiyunActionInputs[T], 'messageId'> & { messageId?: string };
}[YjiyunOutboundActionType];

/** 2.9 modules. */
export type YjiyunSettingModule = 'WELCOME_NEW_MEMBER' | 'GROUP_KEYWORD_REPLY' | 'PERIOD_AUTO_REPLY';

/**
 * 2.9 同步群聊配置, readable form: the builder maps it to `r`, `g`, `module`, `robotKey[i]` and
 * `chatroom[i]` (the i-th robot's groups joined with ";", as in the doc's example).
 */
export interface YjiyunSettingDuplicateInput {
  templateRobotKey: string;
  templateConversationId: string;
  modules: YjiyunSettingModule[];
  targets: { robotKey: string; conversationIds: string[] }[];
}

/** 2.10 最近会话列表 */
export interface YjiyunChatListInput {
  count: number;
  /** Unix ms; chats up to this time (default now). */
  timestamp?: number;
  /** Omit for all robots of the account. */
  robotKey?: string;
}

/** 2.11 会话聊天记录 (newest first). */
export interface YjiyunChatMessageInput {
  robotKey: string;
  /** The chat's peer: a user id or a group `R:…` id. */
  chatUser: string;
  contentType?: number;
  /** Start of the window, Unix ms (sent as `s_timestamp`). */
  sTimestamp?: number;
  /** End of the window, Unix ms (default now). */
  timestamp?: number;
  msgIds?: string[];
  /** Default 0. */
  offset?: number;
  /** Default 20. */
  count?: number;
}

/** 2.12 清除未读会话消息 */
export interface YjiyunUnreadCleanInput {
  chatId: string;
}

/** 2.13 通讯录同步. syncType: 0 all (default), 1 customers, 2 groups, 3 customers and groups, 4 departments. */
export interface YjiyunContactSyncInput {
  robotKey: string;
  syncType?: 0 | 1 | 2 | 3 | 4;
}

/** Input type of each endpoint, keyed by path tail. */
export interface YjiyunRestInputs {
  'client/auth': YjiyunAuthInput;
  'robot/list': YjiyunRobotListInput;
  'external/user/list': YjiyunCustomerListInput;
  'group/list': YjiyunGroupListInput;
  'grouptag/list/download': YjiyunGroupDownloadInput;
  'group/member/list': YjiyunMemberListInput;
  'multiple/task/save': YjiyunTaskSaveInput;
  bridge: YjiyunBridgeInput & { messageId: string };
  'group/setting/duplicate': YjiyunSettingDuplicateInput;
  'chat/list': YjiyunChatListInput;
  'chat/message': YjiyunChatMessageInput;
  'unreadmsg/clean': YjiyunUnreadCleanInput;
  'contact/sync': YjiyunContactSyncInput;
}

// One input type per generated endpoint (src/yjiyun/endpoints.rs `Endpoint`): an endpoint added in
// Rust without one here (or the reverse) fails tsc.
type _InputsCoverEndpoints = Assert<Same<keyof YjiyunRestInputs, YjiyunEndpoint>>;

/** What the builder returns: everything needed to send the request. */
export interface YjiyunRestRequest {
  endpoint: YjiyunEndpoint;
  method: 'POST';
  path: string;
  /** `path?request_id=…` (or `path` when no request id was given). */
  url: string;
  requestId: string | null;
  /** The Content-Type header value. */
  contentType: string;
  /** `token`: send the `token` header; `none`: 2.1, which is how a token is obtained. */
  auth: 'token' | 'none';
  /** The body in wire shape. */
  body: Record<string, unknown>;
  /** Form endpoints: ordered [key, value] pairs; null for JSON endpoints. */
  form: [string, string][] | null;
  /** Ready to send: urlencoded form, or JSON text. */
  bodyText: string;
  /** Rule warnings that did not stop the build. */
  warnings: YjiyunViolation[];
  /**
   * 2.8 bridge actions that must not overlap another for the same robot (3.11 tags): the queue
   * key, the same as the socket frame's `serialKey`; null otherwise.
   */
  serialKey: string | null;
}

/** A REST body's encoding. */
export type YjiyunBodyFormat = 'form' | 'json';

/**
 * How array fields (`tagList`, `conversationIds`, `robotKeys`, `msgIds`, 2.9's `chatroom`,
 * `module`, `robotKey`) go into a form body; the doc never says. `repeat` (default):
 * `tagList=a&tagList=b`, what Java servlet and Spring binding read as an array. `comma`:
 * `tagList=a,b`. `brackets`: `tagList[]=a`. `indices`: `tagList[0]=a`. Empty arrays are left out.
 */
export type YjiyunFormArrays = 'repeat' | 'comma' | 'brackets' | 'indices';

/** Wire choices of `buildYjiyunRest`. */
export interface YjiyunWireOptions {
  /**
   * Default: the endpoint's (JSON for 2.7 and 2.8, form for the rest, 1.2). `json` is allowed
   * for every endpoint (2.1 and 2.9 print JSON examples); `form` is refused for 2.7 and 2.8,
   * whose bodies nest objects.
   */
  format?: YjiyunBodyFormat;
  /** Array encoding in form bodies. Default `repeat`. */
  arrays?: YjiyunFormArrays;
}

/**
 * Builds a request for `endpoint` (path tail, e.g. `chat/list`). `requestId` (see
 * `newYjiyunRequestId`) is validated and appended as `?request_id=`. Throws
 * `YjiyunValidationError` when the input has the wrong shape or breaks a documented rule;
 * warnings come back in `warnings`.
 */
export function buildYjiyunRest<E extends YjiyunEndpoint>(endpoint: E, input: YjiyunRestInputs[E], requestId?: string, wire: YjiyunWireOptions = {}): YjiyunRestRequest {
  try {
    return buildRest(endpoint, input, requestId, wire.format, wire.arrays);
  } catch (e) {
    throw builderError(endpoint, e);
  }
}
