// Typed JD ME events, one interface per event type in the seed (000_…, 事件订阅 / 事件类型,
// 事件订阅流程, and im_robot_authorize from userTokenAuthorize). Fields the seed shows are
// typed; everything stays open (`[key: string]: unknown`) because the platform adds fields.
// The list of types is generated from the Rust twin, `src/jdme/events.rs`
// (js/src/generated/jdme-tables.ts); the bodies below are checked against it.
import type { Assert, Same } from '../core/type-assert.js';
import type { JdmeEventType } from '../generated/jdme-tables.js';

export { JDME_EVENT_TYPES } from '../generated/jdme-tables.js';
export type { JdmeEventType } from '../generated/jdme-tables.js';

/** A user or robot as the platform names one: tenant app + pin (erp for people). */
export interface JdmeAccount {
  /** Tenant app, e.g. `ee` for people, `robot.dd` for robots. */
  app: string;
  pin: string;
  clientType?: string;
  nickname?: string;
  [key: string]: unknown;
}

/** Fields every pushed event carries. */
export interface JdmeEventEnvelope<T extends string, E> {
  /** Unique per event; redeliveries keep it (the handler dedupes on it). */
  eventId: string;
  eventType: T;
  /** Milliseconds since the epoch, set when the event happened (kept across retries). */
  timeStamp: number;
  event: E;
  // `token` is checked and then removed: listeners never see it (under the plain scheme it
  // is the verification token itself).
  robotApp?: string;
  robotPin?: string;
  /** Robots concerned (content_do_top / content_do_cancel / message_summary). */
  robots?: JdmeAccount[];
  [key: string]: unknown;
}

/** A chat message body; `type` is `text`, `image`, … as in sendRobotMsg's body. */
export interface JdmeMessageBody {
  type: string;
  content?: string;
  atUsers?: JdmeAccount[];
  param?: Record<string, unknown>;
  requestData?: { sessionId?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** `event` of chat_message: a message to the robot, in a single chat with it or in a group (e.g. one that @-mentions it). */
export interface ChatMessageEvent {
  sender: JdmeAccount;
  /** 1 = single chat, 2 = group chat. The seed shows both `"2"` and `2`. */
  chatType: 1 | 2 | '1' | '2';
  msgId: string;
  /** Present in group chats. */
  groupId?: string;
  body: JdmeMessageBody;
  [key: string]: unknown;
}

/** `event` of chat_add_member and chat_remove_member: `users` were added to or removed from the group by `operator`. */
export interface GroupMembersEvent {
  operator: JdmeAccount;
  groupId: string;
  users: JdmeAccount[];
  [key: string]: unknown;
}

/** `event` of chat_quit (`operator` left the group) and chat_disband (`operator` disbanded it). */
export interface GroupOperatorEvent {
  operator: JdmeAccount;
  groupId: string;
  [key: string]: unknown;
}

/** `event` of chat_update_owner: `owner` is the group's new owner. */
export interface ChatUpdateOwnerEvent extends GroupOperatorEvent {
  owner: JdmeAccount;
}

/** `event` of chat_update_title: `title` is the group's new name. */
export interface ChatUpdateTitleEvent extends GroupOperatorEvent {
  title: string;
}

/** `event` of income_robot_session (机器人进线): `sender` came into a session with the robot; the seed's cue for a welcome message (欢迎语). */
export interface IncomeRobotSessionEvent {
  sender: JdmeAccount;
  body: {
    /** The robot account. */
    uid: JdmeAccount;
    /** Group id in group chats, empty otherwise. */
    gid: string;
    /** 1 = single chat, 2 = group chat. */
    sessionType: 1 | 2;
    sessionGroup: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** What was pinned or unpinned, in a content_do_top / content_do_cancel event. */
export interface ContentTopDetail {
  /** Pin (置顶) id. */
  resId: number;
  /** JUE template card id (subType 5). */
  cid?: string;
  /** 1 = message, 2 = announcement. */
  resType: 1 | 2;
  /** 2 = message, 3 = link share, 4 = robot card, 5 = JUE template card. */
  subType: 2 | 3 | 4 | 5;
  /** Message id (subType 2, 3, 4). */
  tid?: number;
  [key: string]: unknown;
}

/** `event` of content_do_top and content_do_cancel: `operator` pinned (置顶) or unpinned a message or notice in session `sessionId`. */
export interface ContentTopEvent {
  sessionType: 1 | 2;
  sessionId: string;
  detail: ContentTopDetail;
  operator: JdmeAccount;
  [key: string]: unknown;
}

/** `event` of message_summary (消息智能总结): status and result of a smart summary of a session's messages. */
export interface MessageSummaryEvent {
  sessionType: 1 | 2;
  sessionId: string;
  detail: {
    bid: string;
    planId: string;
    status: string;
    result: Record<string, unknown>;
    output: string;
    [key: string]: unknown;
  };
  operator: JdmeAccount;
  [key: string]: unknown;
}

/**
 * `event` of im_robot_authorize: the user's answer to a userTokenAuthorize request. On
 * `action: 'authorize'`, `actionData.code` is exchanged for a user access token
 * (`JdmeClient.exchangeCode`, or `attachAuthorization`).
 */
export interface ImRobotAuthorizeEvent {
  /** erp of the user who answered. */
  sender: string;
  lang?: string;
  body: {
    actionData: {
      /** The eventId given to userTokenAuthorize. */
      eventId: string;
      /** Pre-authorisation code: exchange it for a user access token within `expireIn` s, once. */
      code: string;
      action: 'authorize' | 'reject';
      callbackParam?: string;
      expireIn: number;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  operator: JdmeAccount;
  [key: string]: unknown;
}

/** Events the seed lists without a payload example: typed loosely until a capture exists. */
export interface UndocumentedEventBody {
  [key: string]: unknown;
}

/** eventType → the `event` object it carries. */
export interface JdmeEventBodies {
  chat_message: ChatMessageEvent;
  chat_add_member: GroupMembersEvent;
  chat_remove_member: GroupMembersEvent;
  chat_quit: GroupOperatorEvent;
  chat_update_owner: ChatUpdateOwnerEvent;
  chat_update_title: ChatUpdateTitleEvent;
  chat_disband: GroupOperatorEvent;
  income_robot_session: IncomeRobotSessionEvent;
  app_label_change: UndocumentedEventBody;
  enter_robot_session: UndocumentedEventBody;
  robot_enter_group: UndocumentedEventBody;
  chat_message_record: UndocumentedEventBody;
  content_do_top: ContentTopEvent;
  content_do_cancel: ContentTopEvent;
  message_summary: MessageSummaryEvent;
  im_robot_authorize: ImRobotAuthorizeEvent;
}

// One body type per generated event type: a type added to the Rust table without one here
// (or the reverse) fails tsc.
type _BodiesCoverEventTypes = Assert<Same<keyof JdmeEventBodies, JdmeEventType>>;

/** eventType → the whole pushed object. */
export type JdmeEventMap = {
  [K in JdmeEventType]: JdmeEventEnvelope<K, JdmeEventBodies[K]> &
    (K extends 'im_robot_authorize' ? { appId?: string; client?: string; clientVersion?: string; lang?: string } : unknown);
};

/** Any documented event, discriminated on `eventType`. */
export type JdmeEvent = JdmeEventMap[JdmeEventType];

/** An event whose type the seed does not document: delivered as-is, never rejected. */
export type JdmeUnknownEvent = JdmeEventEnvelope<string, unknown>;

/** Card interaction callback (卡片交互回传). */
export interface JdmeCardCallback {
  /** 1 = the client wants updated card data, 2 = interaction data (answer with toast/link). */
  reqType: 1 | 2;
  from: JdmeAccount;
  to: JdmeAccount;
  /** Group id in group chats. */
  gid?: string;
  datetime: number;
  // `token`: checked and removed before the card handler runs, as for events.
  lang?: string;
  body: {
    templateId?: string;
    cardMsgId: string;
    sessionType: 1 | 2;
    sessionId: string;
    callbackData?: Record<string, unknown>;
    actionData?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
