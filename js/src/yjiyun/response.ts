// Typed REST responses (2.1–2.13), parsed by the Rust core (src/yjiyun/response.rs) from the
// raw response TEXT: `code` compared as the string "0", lists found under `data`, `model` or
// `chats` (whichever the endpoint uses, with fallback), ids returned as exact strings.
import { parseResponse } from '../wasm/yjiyun.js';
import type { YjiyunStatus } from './errors.js';
import type { YjiyunEndpoint } from './rest.js';
import type { Assert, Same } from '../core/type-assert.js';
import type { YjiyunAction, YjiyunChat, YjiyunMessage, YjiyunRobotState, YjiyunUnknownAction } from './parse.js';

/** 2.1. `expiresAt` = createTime + expireMinutes (server clock). */
export interface YjiyunAuthData {
  accessToken: string;
  createTime: number | null;
  expireMinutes: number | null;
  expiresAt: number | null;
  username: string | null;
}

/** 2.2 */
export interface YjiyunRobot {
  robotKey: string;
  wxid: string | null;
  nickName: string | null;
  aliasName: string | null;
  headImg: string | null;
  lastLoginTime: string | null;
  /** 0 initialising, 1 online, 2 offline, 3 banned, 4 kicked out. */
  robotStatus: number | null;
  robotState: YjiyunRobotState | null;
  clientCode: string | null;
  masterClientCode: string | null;
  officialUserId: string | null;
  corpid: string | null;
  color: string | null;
  serviceCode: string | null;
}

/** 2.3. `status` and `isDelete` are passed through as sent (the doc contradicts itself on `status`). */
export interface YjiyunCustomer {
  robotKey: string | null;
  userId: string;
  name: string | null;
  realRemarks: string | null;
  remarks: string | null;
  avatorUrl: string | null;
  status: number | null;
  isDelete: boolean | null;
  isOuterUser: boolean | null;
  isExternalUser: boolean | null;
  mobile: string | null;
  gender: number | null;
  gmtCreate: string | null;
  gmtModify: string | null;
  corpid: string | null;
  corpWxid: string | null;
  namePinyin: string | null;
  account: string | null;
  position: string | null;
  remarkImageUrl: string | null;
  remarkCorpName: string | null;
  markAsCustomerTime: string | null;
  sourceType: number | null;
  /** 2049 deleted by the customer only, 2057 normal. */
  flag: number | null;
  /** 0 both deleted, 1 normal, 2 customer deleted, 3 member deleted. */
  state: number | null;
}

/** 2.4 */
export interface YjiyunGroup {
  robotKey: string | null;
  conversationId: string;
  name: string | null;
  creatorId: string | null;
  creatorName: string | null;
  memberCount: number | null;
  outerUserCount: number | null;
  status: number | null;
  isOuterGroupConversation: boolean | null;
  createTime: string | null;
  gmtCreate: string | null;
  gmtModify: string | null;
}

/** 2.5 */
export interface YjiyunDownload {
  downloadUrl: string;
}

/** 2.6 */
export interface YjiyunMember {
  robotKey: string | null;
  conversationId: string | null;
  conversationName: string | null;
  userId: string;
  name: string | null;
  avatorUrl: string | null;
  status: number | null;
  isCreator: boolean;
  isOuterUser: boolean | null;
  isExternalUser: boolean | null;
  gmtCreate: string | null;
  gmtModify: string | null;
}

/** The typed `data` of each endpoint's response. */
export interface YjiyunResponseData {
  'client/auth': YjiyunAuthData;
  'robot/list': YjiyunRobot[];
  'external/user/list': YjiyunCustomer[];
  'group/list': YjiyunGroup[];
  'grouptag/list/download': YjiyunDownload;
  'group/member/list': YjiyunMember[];
  'multiple/task/save': null;
  bridge: YjiyunAction | YjiyunUnknownAction;
  'group/setting/duplicate': null;
  'chat/list': YjiyunChat[];
  'chat/message': YjiyunMessage[];
  'unreadmsg/clean': null;
  'contact/sync': null;
}
type _DataCoversEndpoints = Assert<Same<keyof YjiyunResponseData, YjiyunEndpoint>>;

/** A parsed REST response (1.2: `code`, `msg`, `data`, `total`), `data` typed by `endpoint`. */
export interface YjiyunResponse<E extends YjiyunEndpoint = YjiyunEndpoint> {
  endpoint: E;
  /** `code === "0"`. */
  ok: boolean;
  status: YjiyunStatus;
  code: string;
  msg: string | null;
  /** 2.3, 2.4, 2.6: total matches. */
  total: number | null;
  /** The payload; null on failure (2.8 may still echo the action). */
  data: YjiyunResponseData[E] | null;
}

/**
 * Parses a response body of `endpoint` from its raw text. Throws `RobotwireError`
 * (`invalid_json`, `missing_field`, `invalid_field`) when it is not the documented shape; a
 * failure `code` is not an exception here (see `ok` / `status`).
 */
export function parseYjiyunResponse<E extends YjiyunEndpoint>(endpoint: E, json: string): YjiyunResponse<E> {
  return parseResponse<YjiyunResponse<E>>(endpoint, json);
}
