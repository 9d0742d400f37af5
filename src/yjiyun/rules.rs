//! The yjiyun rules as a table with stable ids, and `check(kind, body)`.
//!
//! `check` looks at a body in its **wire shape** — exactly what goes to the platform, the shape
//! of the doc's examples (`s_timestamp`, `taskData.contents[]`, `chatroom` joined by `;`) — so
//! it validates hand-written payloads (`robotwire yjiyun check KIND`) and the output of the
//! builders alike. The builders in `rest` and `frames` run it on what they produce and refuse
//! to return a body with an error-severity violation; warnings travel with the result.
//!
//! Where the document contradicts itself, the safest reading is chosen; the rule's `choice`
//! says which, and the tests pin it.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::ids::{MESSAGE_ID_MAX_LEN, REQUEST_ID_LEN};
use super::value::{self, is_digits, type_name, JS_MAX_SAFE_INTEGER};
use super::endpoints::{unknown_kind, ActionType, BodyFormat, Endpoint, Kind, SendType};
use crate::error::{Error, ErrorKind, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The platform rejects it, or it does something the caller cannot have meant.
    Error,
    /// Allowed, but against the doc's advice or likely ignored.
    Warning,
}

/// Who enforces a rule: `check` (looking at one body) or the caller (needs state across
/// requests: uniqueness, per-robot queues).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnforcedBy {
    Check,
    Caller,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub enforced_by: EnforcedBy,
    /// Kinds (`multiple/task/save`, `message.text`, `robot.conv.modify.admins`, `*`).
    pub applies_to: &'static [&'static str],
    pub limit: &'static str,
    /// English statement of the rule.
    pub summary: &'static str,
    /// The doc's own wording and section.
    pub doc: &'static str,
    /// Where the doc is ambiguous or contradicts itself: the reading chosen and why.
    pub choice: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub rule: &'static str,
    /// Dotted path into the wire body (`taskData.contents[2].coverImgFile`).
    pub field: String,
    pub limit: Value,
    pub actual: Value,
    pub severity: Severity,
    /// English, with the doc's Chinese wording attached where it helps.
    pub message: String,
}

macro_rules! rules {
    ($( $name:ident { $id:literal, $sev:ident, $by:ident, [$($k:literal),*], $limit:literal, $summary:literal, $doc:literal, $choice:literal } )*) => {
        $( pub static $name: Rule = Rule {
            id: $id, severity: Severity::$sev, enforced_by: EnforcedBy::$by, applies_to: &[$($k),*],
            limit: $limit, summary: $summary, doc: $doc, choice: $choice,
        }; )*
        /// Every rule, in table order.
        pub static RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    FIELD_REQUIRED { "yjiyun.field.required", Error, Check, ["*"], "present, not null, not empty",
        "A field the doc marks required (必须: 是) is missing, null or an empty string.",
        "必须: 是", "" }
    FIELD_TYPE { "yjiyun.field.type", Error, Check, ["*"], "documented JSON type",
        "A field has a JSON type the doc does not allow. Strings and numbers are interchangeable where the doc itself mixes them (\"1\" and 1).",
        "", "" }
    FIELD_UNKNOWN { "yjiyun.field.unknown", Warning, Check, ["*"], "documented fields only",
        "A field the doc does not list for this kind; the platform may ignore it silently.",
        "", "" }
    REQUEST_ID_LENGTH { "yjiyun.request_id.length", Error, Check, ["request_id"], "32",
        "request_id must be exactly 32 characters.",
        "1.3 request_id: 32 位请求号, 全局唯一, 采用 querystring 方式携带在 url 后面", "" }
    REQUEST_ID_CHARSET { "yjiyun.request_id.charset", Error, Check, ["request_id"], "[0-9A-Za-z]",
        "request_id must be ASCII letters and digits: it travels in the query string unescaped.",
        "1.3 (示例 09cb05da9c91453fa1ae08efa083ecd1)",
        "The doc only gives the length; letters and digits (its example is lowercase hex) are the safe set for a query string." }
    REQUEST_ID_UNIQUE { "yjiyun.request_id.unique", Error, Caller, ["request_id"], "globally unique",
        "Every request needs a new request_id. The core builds one from 16 caller-supplied random bytes (yjiyunRequestId); the caller must not reuse it.",
        "1.3 全局唯一", "" }
    MESSAGE_ID_LENGTH { "yjiyun.message_id.length", Error, Check, ["message", "robot.*"], "1..=32",
        "messageId must be 1 to 32 characters (timestamp + 4-digit sequence, see yjiyunMessageId).",
        "3.0 messageId: 通讯消息的序列号 最长不超过 32 位 时间戳+0001", "" }
    MESSAGE_ID_UNIQUE { "yjiyun.message_id.unique", Error, Caller, ["message", "robot.*"], "unique per connection",
        "messageId is how action results are matched to requests; the caller must not reuse one while it is pending.",
        "3.0 通讯消息的序列号", "" }
    GROUP_ID_PREFIX { "yjiyun.conversation_id.group_prefix", Error, Check,
        ["group/list", "grouptag/list/download", "group/member/list", "group/setting/duplicate", "robot.delete.group.members", "robot.conv.admins", "robot.conv.modify.admins", "robot.invite.friends.join.group", "robot.modify.group.name", "robot.set.group.announcement"],
        "starts with \"R:\"",
        "Conversation ids of group operations start with \"R:\".",
        "3.16 conversionId: 注意以“R:”开头 (错误时返回 \"invalid conversion id\")", "" }
    CHAT_ID_FORMAT { "yjiyun.chat_id.format", Error, Check, ["message", "unreadmsg/clean"], "S:<robot>_<peer>",
        "chatId is the session id \"S:<robot wxid>_<peer>\" from a chat/message frame, not a user or group id.",
        "3.4 \"chatId\": \"S:1688853470427542_1688853470829406\"",
        "Every chatId in the doc has this shape; passing a chatUser (\"R:…\" or a user id) instead is the common mistake, so it is refused." }
    ID_NUMERIC { "yjiyun.id.numeric", Error, Check, ["*"], "ASCII digits (or \"R:…\" where a group is allowed)",
        "User ids, tag ids and msgSvrID are Longs in the doc: digits only.",
        "userId Long; msgSvrID Long", "" }
    ID_JS_SAFE { "yjiyun.id.js_safe_integer", Error, Check, ["*"], "<= 9007199254740991",
        "An id the wire carries as a JSON number (socket frames, JSON bodies) must fit a JavaScript number exactly, or a JavaScript client rounds it to a different user. Form bodies carry ids as text and are exempt.",
        "3.15 \"members\": [1688853470819974, …]",
        "Ids larger than 2^53-1 exist in the doc (labelId 14073752703607622); where the wire wants a number they cannot pass through JavaScript safely, so they are refused." }
    URL_HTTP { "yjiyun.url.http", Error, Check, ["message.image", "message.link", "message.file", "message.video", "multiple/task/save"], "http:// or https://",
        "Media and link URLs must be absolute http(s) URLs the platform can download.",
        "3.6 coverImgFile 无法下载时，会导致链接消息发送不成功; 2.7 content: 图片路径/文件外链路径", "" }
    LINK_COVER_NO_QUERY { "yjiyun.link.cover_no_query", Error, Check, ["message.link", "multiple/task/save"], "no '?' query, no '#'",
        "coverImgFile must not carry query parameters; the platform fails to send such links.",
        "3.6 注：coverImgFile 不支持带参数的 url",
        "Stated for socket link messages (3.6); applied to mass-send link cards (msgType 16, same field) too, since it is the same media pipeline." }
    GENDER { "yjiyun.gender.enum", Error, Check, ["robot.info.modify"], "1 | 2",
        "gender is 1 (male) or 2 (female) when modifying the robot's profile.",
        "3.14 gender 类型 int, 1 男 2 女 (列表里另有 0 未知)", "" }
    STATUS { "yjiyun.status.enum", Error, Check, ["external/user/list", "group/list", "grouptag/list/download", "group/member/list"], "0 | 1",
        "status filters are 0 or 1.",
        "2.3/2.6 status: 1 正常 0 删除; 2.4 机器人是否在群内", "" }
    PAGE { "yjiyun.page.range", Error, Check, ["external/user/list", "group/list", "group/member/list", "chat/list", "chat/message"], "pageNum, pageSize, count >= 1; offset >= 0",
        "Paging values must be positive (offset non-negative).",
        "pageNum 默认:1; pageSize 默认:20; offset 默认为 0", "" }
    TIMESTAMP_MILLIS { "yjiyun.timestamp.millis", Error, Check, ["multiple/task/save", "chat/list", "chat/message"], ">= 1000000000000 (milliseconds)",
        "Timestamps are Unix milliseconds; a value below 10^12 is almost certainly seconds.",
        "2.7 startTime: unixtime, 单位毫秒; 2.11 单位：毫秒", "" }
    LIST_NON_EMPTY { "yjiyun.list.non_empty", Error, Check, ["robot.message.forward", "robot.delete.group.members", "robot.invite.friends.join.group", "robot.create.group", "robot.contacts.inquiry", "grouptag/list/download", "group/setting/duplicate"], ">= 1 element",
        "A list of targets must not be empty: the request would do nothing.",
        "", "" }
    ACTION_TYPE { "yjiyun.action.type", Error, Check, ["robot.*", "bridge"], "an outbound action type",
        "The body's type must be the action being sent (and one the client may send; robot.on.new.friend.request and robot.group.members.changed are events).",
        "2.8 socket.io 的协议 http 同步化", "" }
    MESSAGE_CONTENT_TYPE { "yjiyun.message.content_type", Error, Check, ["message"], "1 | 5 | 7 | 8 | 13",
        "Outbound message.contentType is 1 text, 7 image, 13 link, 8 file or 5 video (not the receive codes of 3.2, not mass-send msgType).",
        "3.4 contentType 1; 3.5 7; 3.6 13; 3.10 8; 3.24 5", "" }
    AT_USER_LIST_FORMAT { "yjiyun.text.at_user_list.format", Error, Check, ["message.text"], "comma-separated ids",
        "atUserList is group member ids separated by commas, none empty.",
        "3.4 atUserList: 多个群成员 id 之间用, 分割",
        "The example shows \"780000919, 780000966\"; a list input is joined with \",\" and no space, and spaces around ids are tolerated in a string input." }
    AT_USER_LIST_GROUP { "yjiyun.text.at_user_list.group_only", Warning, Check, ["message.text"], "group chats (chatId …_R:…)",
        "@-mentions only work in group chats; in a private chat atUserList is ignored.",
        "3.4 群里的文本消息实现@效果", "" }
    CUST_TAGS_NON_EMPTY { "yjiyun.cust_tags.non_empty", Error, Check, ["robot.cust.tags"], "tags or erasingTags non-empty",
        "Tagging with no tag to add and none to erase does nothing.",
        "3.11 打标签", "" }
    CUST_TAGS_DISJOINT { "yjiyun.cust_tags.disjoint", Error, Check, ["robot.cust.tags"], "no id in both lists",
        "A tag id in both tags and erasingTags is contradictory; the outcome is undocumented.",
        "3.11 打标签", "" }
    CUST_TAGS_SERIAL { "yjiyun.cust_tags.serial", Error, Caller, ["robot.cust.tags"], "1 in flight per robot",
        "Tag operations of one robot must be queued: send the next robot.cust.tags only after the previous result arrived (yjiyunBuildFrame returns serialKey for this).",
        "3.11 打标签需要排队，单个机器人并发容易出错", "" }
    CUST_REMARK_ONE_OF { "yjiyun.cust_remark.one_of", Error, Check, ["robot.cust.remark"], "realRemark or userRemark",
        "Give realRemark (备注名), userRemark (描述) or both.",
        "3.13 可以只修改一个，或者两个同时修改", "" }
    INFO_MODIFY_ONE_OF { "yjiyun.info_modify.one_of", Error, Check, ["robot.info.modify"], "at least one of name, alias, gender, phone, mobile, position",
        "Modifying the robot's profile needs at least one field.",
        "3.14 修改自己信息", "" }
    ADMINS_OPCODE { "yjiyun.conv_admins.opcode", Error, Check, ["robot.conv.modify.admins"], "1 | 2 (required)",
        "opcode is 1 (add admins) or 2 (remove admins), and must be given explicitly.",
        "3.17 opcode: 1 新增， 2 删除",
        "The doc's \"删除群管理员\" example sends opcode 1. The table is taken as authoritative (2 removes); the builder has no default, so a removal can never silently become an addition." }
    ADMINS_NON_EMPTY { "yjiyun.conv_admins.non_empty", Error, Check, ["robot.conv.modify.admins"], ">= 1",
        "admins must not be empty (the platform answers \"admins invalid\").",
        "3.17 新管理员列表为空 → \"admins invalid\"", "" }
    ADMINS_MAX { "yjiyun.conv_admins.max", Error, Check, ["robot.conv.modify.admins"], "<= 3",
        "At most 3 group admins besides the owner; one request cannot name more. Query robot.conv.admins first: the total after adding must stay <= 3.",
        "3.17 除群主外，最多只有 3 个群管理员。在设置前，建议先用查询群管理员指令获取当前群管理员列表。替换群管理员操作，先删除再新增。", "" }
    ADMINS_STAFF { "yjiyun.conv_admins.staff_only", Warning, Check, ["robot.conv.modify.admins"], "enterprise members",
        "New admins must be enterprise members, not external contacts; this id looks external (the doc's external ids start with 788).",
        "3.17 新群管理员必须同为企业成员，非外部联系人 (错误: \"members are not staff member\", code 30)",
        "The 788 prefix is a heuristic from the doc's examples, hence a warning only." }
    ANNOUNCEMENT_IS_ALL { "yjiyun.announcement.is_all", Error, Check, ["robot.set.group.announcement"], "0 | 1",
        "isAll is a 0/1 flag.",
        "3.23 \"isAll\": 1",
        "The doc shows only isAll: 1 without a description; 0/1 are accepted and it is sent only when given." }
    BRIDGE_TYPE { "yjiyun.bridge.type", Error, Check, ["bridge"], "an outbound robot.* action",
        "The bridge carries socket.io actions over HTTP; its body is an action with a type.",
        "2.8 socket.io 的协议 http 同步化", "" }
    TASK_TYPE { "yjiyun.task.task_type", Error, Check, ["multiple/task/save"], "1 | 2",
        "taskType is 1 (scheduled once) or 2 (periodic).",
        "2.7 taskType: 任务类型 默认 1 定时发送, 2 周期发送", "" }
    TASK_SCHEDULE { "yjiyun.task.schedule.consistent", Error, Check, ["multiple/task/save"], "startTime only with taskType 1; execStartTime/weekday only with taskType 2",
        "Scheduling fields must match taskType. A one-off task with execStartTime but no startTime would start immediately.",
        "2.7 startTime: taskType 为 1 时 … 不提供该参数时, 任务立即开始; execStartTime: taskType 为 2 时, 需提供该参数",
        "The doc does not say the platform rejects a mismatch; it would silently ignore the field and possibly mass-send right now, so a mismatch is an error." }
    TASK_EXEC_REQUIRED { "yjiyun.task.exec_start_time.required", Error, Check, ["multiple/task/save"], "required when taskType = 2",
        "A periodic task needs execStartTime.",
        "2.7 execStartTime: taskType 为 2 时, 需提供该参数。格式 “hh:mm”", "" }
    TASK_EXEC_FORMAT { "yjiyun.task.exec_start_time.format", Error, Check, ["multiple/task/save"], "hh:mm, 00:00-23:59",
        "execStartTime is two-digit hours and minutes, \"hh:mm\".",
        "2.7 格式 “hh:mm”", "" }
    TASK_WEEKDAY { "yjiyun.task.weekday", Error, Check, ["multiple/task/save"], "1-7 or SUN…SAT, non-empty",
        "weekday entries are 1-7 (1 = Sunday) or SUN, MON, TUE, WED, THU, FRI, SAT.",
        "2.7 weekday: Day-of-Week (1~7, 1=SUN 或者 “SUN, MON, TUE, WED, THU, FRI, SAT”)", "" }
    TASK_COMMAND_TYPE { "yjiyun.task.command_type", Error, Check, ["multiple/task/save"], "no whitespace",
        "commandType must not contain whitespace.",
        "2.7 commandType: 消息群发默认 wxwork. robot. batch. send",
        "The doc prints \"wxwork. robot. batch. send\"; the spaces after the dots are a typesetting artefact (the same example prints \"gp=0. jpg\" and section \"3. 10.\"), so the value sent is \"wxwork.robot.batch.send\" and a value with spaces is refused." }
    TASK_COMMAND_TYPE_KNOWN { "yjiyun.task.command_type.known", Warning, Check, ["multiple/task/save"], "wxwork.robot.batch.send",
        "The only documented commandType for mass sends is wxwork.robot.batch.send.",
        "2.7 消息群发默认 wxwork.robot.batch.send", "" }
    TASK_IS_GROUP_CHAT { "yjiyun.task.is_group_chat", Error, Check, ["multiple/task/save"], "1 | 2",
        "Mass-send isGroupChat is 1 (friends) or 2 (groups) — not the 0/1 of chat lists.",
        "2.7 isGroupChat: 1 好友 2 群聊", "" }
    TASK_CHAT_USER_KIND { "yjiyun.task.chat_user.kind", Error, Check, ["multiple/task/save"], "R:… iff isGroupChat = 2",
        "Targets must match isGroupChat: group conversation ids (R:…) for 2, customer user ids for 1. To reach both, save two tasks.",
        "2.7 isGroupChat 1 好友 2 群聊; chatUser 发送对象数组, 可指定客户和群",
        "\"可指定客户和群\" is read as \"the targets may be customers or groups\": isGroupChat (是, one value) says which for the whole task, so a mixed list would put customers in a group task (or the reverse), and is refused rather than guessed." }
    TASK_SHAPE { "yjiyun.task.shape", Error, Check, ["multiple/task/save"], "taskData { contents, acceptTarget, isGroupChat }",
        "Messages and targets go in taskData: contents (the messages), acceptTarget ({ robotKey, chatUser } per robot) and isGroupChat, the shape of the doc's request example.",
        "2.7 request 参数示例: \"taskData\": { \"contents\": […], \"acceptTarget\": [{ \"robotKey\", \"chatUser\" }], \"isGroupChat\" }",
        "The table lists robotKey, chatUser, isGroupChat, msgType, content… flat and does not mention taskData; the example nests them. A flat body could carry one message for one robot, the example several (建议不超过 8 条) for several robots; it is the one complete example, so it is the shape robotwire sends and the only one it accepts. taskData, contents and acceptTarget are required by this rule (not by a 必须 column: the table has no row for them)." }
    TASK_MINI_BY_SVR_ID { "yjiyun.task.mini_program.msg_svr_id", Warning, Check, ["multiple/task/save"], "title, content, senderName",
        "A mini program item (msgType 78) with msgSvrID but without title, content and senderName: the doc says the platform finds the collected mini program by those three.",
        "2.7 msgSvrID: 转发的消息 msgSvrID; 备注：小程序 78 是根据标题、内容和发送者来确定收录到的小程序进行发送",
        "msgSvrID (Long, 否) names the message to forward, so an item that gives only it is sent (no rule says it is insufficient), with this warning because the remark names the other three as how 78 is matched." }
    TASK_TARGETS { "yjiyun.task.accept_target.non_empty", Error, Check, ["multiple/task/save"], ">= 1 target with >= 1 chatUser",
        "A mass send needs at least one robot with at least one target.",
        "2.7 robotKey 是; chatUser 是", "" }
    TASK_RULE { "yjiyun.task.task_rule", Error, Check, ["multiple/task/save"], "1 | 2",
        "taskRule is 1 (default: one target every 30 s) or 2 (custom interval).",
        "2.7 taskRule: 1 默认策略 (30 秒一个发送对象) 2 自定义发送间隔", "" }
    TASK_INTERVAL_REQUIRED { "yjiyun.task.per_suit_second.required", Error, Check, ["multiple/task/save"], "both required when taskRule = 2",
        "A custom interval (taskRule 2) needs perSuitSecond and perSuitSecondUpper.",
        "2.7 perSuitSecond: taskRule 为 2 时必填",
        "The table also marks both 必须 是 for every task; the description limits that to taskRule 2, which is what is enforced (for taskRule 1 they are sent only when given)." }
    TASK_INTERVAL_ORDER { "yjiyun.task.per_suit_second.order", Error, Check, ["multiple/task/save"], "1 <= perSuitSecond <= perSuitSecondUpper",
        "The interval bounds are positive seconds and the lower bound is not above the upper.",
        "2.7 perSuitSecond 发送间隔时间最小值 默认 45 秒; perSuitSecondUpper 发送间隔时间最大值", "" }
    TASK_SUIT_COUNT { "yjiyun.task.suit_count", Error, Check, ["multiple/task/save"], "1..=12 (default 1)",
        "suitCount (targets per batch) must be 1 to 12.",
        "2.7 suitCount: 固定值 12, 一次发送多少个对象 (示例: \"suitCount\": 1)",
        "The table says \"fixed 12\", the example sends 1. 12 is read as the ceiling and the builder defaults to 1, the example's value and the slowest, least ban-prone pace." }
    TASK_CONTENTS_NON_EMPTY { "yjiyun.task.contents.non_empty", Error, Check, ["multiple/task/save"], ">= 1",
        "A mass send needs at least one message.",
        "2.7 taskData.contents", "" }
    TASK_CONTENTS_MAX { "yjiyun.task.contents.recommended_max", Warning, Check, ["multiple/task/save"], "<= 8",
        "The doc recommends at most 8 messages per mass-send task.",
        "2.7 发送的消息数量建议不超过 8 条", "" }
    TASK_MSG_TYPE { "yjiyun.task.msg_type", Error, Check, ["multiple/task/save"], "1 | 3 | 16 | 49 | 78",
        "Mass-send msgType is 1 text, 3 image, 16 link card, 49 file or 78 mini program (not the socket contentType codes).",
        "2.7 msgType: 1 文字 3 图片 16 h5 链接卡片 49 文件 78 小程序", "" }
    TASK_CONTENT_FIELDS { "yjiyun.task.content.required_fields", Error, Check, ["multiple/task/save"], "1/3/49: content; 16: link, title; 78: title, content, senderName",
        "Each msgType needs its fields: text, image URL or file URL in content; a link card needs link and title; a mini program is matched by title, content and senderName.",
        "2.7 content: 文本内容/图片路径/文件外链路径/收录小程序内容; 备注：小程序 78 是根据标题、内容和发送者来确定收录到的小程序进行发送",
        "The table marks these fields optional (否) because they are shared by all msgTypes; per msgType they are required here." }
    TASK_CONTENT_UNUSED { "yjiyun.task.content.unused_field", Warning, Check, ["multiple/task/save"], "fields of the item's msgType",
        "A field that belongs to another msgType is ignored for this item.",
        "2.7", "" }
    TASK_APP_TYPE { "yjiyun.task.app_type", Error, Check, ["multiple/task/save"], "1 | 2",
        "appType is 1 (link card) or 2 (music card).",
        "2.7 appType: 卡片链接类型 1 链接卡片 2 音乐卡片", "" }
    DOWNLOAD_MODE { "yjiyun.download.mode", Error, Check, ["grouptag/list/download"], "robotKey + conversationIds XOR robotKeys + filters",
        "Group export is either a selection (robotKey + conversationIds) or a query (robotKeys + optional filters), not both.",
        "2.5 1. 选定机器人群方式 / 2. 查询方式", "" }
    DOWNLOAD_ORDER_BY { "yjiyun.download.order_by", Error, Check, ["grouptag/list/download"], "1 | 2 | 3 | 4",
        "orderBy is 1 name asc, 2 name desc, 3 created asc, 4 created desc (default 4).",
        "2.5 orderBy: 1 群名升序, 2 群名倒序, 3 创建时间升序, 4 创建时间倒序", "" }
    DOWNLOAD_OUTER { "yjiyun.download.outer_group_chat", Error, Check, ["grouptag/list/download"], "0 | 1",
        "outerGroupChat is 0 (internal groups) or 1 (external groups); omit it for all.",
        "2.5 outerGroupChat: 不传参 返回所有群； 0， 返回内部群， 1 返回外部群", "" }
    DOWNLOAD_MEMBER_RANGE { "yjiyun.download.member_count.order", Error, Check, ["grouptag/list/download"], "0 <= memberCount <= upmemberCount",
        "The member-count range must not be inverted.",
        "2.5 memberCount 至少群内人数; upmemberCount 至多群内人数", "" }
    SETTING_PARALLEL { "yjiyun.group_setting.parallel", Error, Check, ["group/setting/duplicate"], "len(chatroom) = len(robotKey)",
        "chatroom[i] lists the groups (\";\"-separated) of robotKey[i]; the arrays must be the same length.",
        "2.9 chatroom: 每一项表示一个机器人 群 ID (每个机器人选择多个群); robotKey: 每一项表示一个 robotKey", "" }
    SETTING_MODULE { "yjiyun.group_setting.module", Error, Check, ["group/setting/duplicate"], "WELCOME_NEW_MEMBER | GROUP_KEYWORD_REPLY | PERIOD_AUTO_REPLY",
        "module lists at least one of the three documented modules.",
        "2.9 module: WELCOME_NEW_MEMBER 入群欢迎语, GROUP_KEYWORD_REPLY 群关键词回复, PERIOD_AUTO_REPLY 默认回复", "" }
    CHAT_MESSAGE_TIME_ORDER { "yjiyun.chat_message.time_order", Error, Check, ["chat/message"], "s_timestamp <= timestamp",
        "The history window must not be inverted.",
        "2.11 s_timestamp 开始时间点; timestamp 结束时间点", "" }
    CONTACT_SYNC_TYPE { "yjiyun.contact_sync.sync_type", Error, Check, ["contact/sync"], "0..=4",
        "syncType is 0 all, 1 customers, 2 groups, 3 customers and groups, 4 departments.",
        "2.13 syncType: 0 同步所有信息, 1 同步客户信息, 2 同步群信息, 3 同步客户和群 4 同步部门信息", "" }
}

/// The documented mass-send command.
pub const TASK_COMMAND: &str = "wxwork.robot.batch.send";
/// 2.7 "发送的消息数量建议不超过 8 条".
pub const TASK_RECOMMENDED_MAX_CONTENTS: usize = 8;
/// 2.7 suitCount ceiling (the "固定值 12").
pub const TASK_MAX_SUIT_COUNT: i64 = 12;
/// 3.17 admins besides the owner.
pub const MAX_GROUP_ADMINS: usize = 3;
/// 2.9 modules.
pub const SETTING_MODULES: [&str; 3] = ["WELCOME_NEW_MEMBER", "GROUP_KEYWORD_REPLY", "PERIOD_AUTO_REPLY"];
/// 2.7 weekday names, index + 1 = number (1 = SUN).
pub const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
/// Smallest value read as milliseconds (2001-09-09); smaller is taken for seconds.
pub const MIN_MILLIS: i64 = 1_000_000_000_000;

pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// True when any violation is an error.
pub fn has_errors(v: &[Violation]) -> bool {
    v.iter().any(|x| x.severity == Severity::Error)
}

/// One line per error violation, for exception messages.
pub fn summarize(v: &[Violation]) -> String {
    let errs: Vec<String> = v
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| format!("[{}] {}: {}", x.rule, if x.field.is_empty() { "body" } else { &x.field }, x.message))
        .collect();
    errs.join("; ")
}

// ---------------------------------------------------------------------------------------------
// check

/// Checks a wire body given as JSON text.
pub fn check_json(kind: &str, body: &str) -> Result<Vec<Violation>> {
    let k = Kind::parse(kind).ok_or_else(|| unknown_kind("kind", kind))?;
    let v = value::parse_json(body, "body")?;
    check(k, &v)
}

/// Checks a wire body. `Err` only for a body that is not even the right JSON type (or an
/// action body checked as the wrong kind is reported as a violation, not an error).
pub fn check(kind: Kind, body: &Value) -> Result<Vec<Violation>> {
    let mut ck = Ck::default();
    match kind {
        Kind::RequestId => match body {
            Value::String(s) => ck.request_id(s),
            other => ck.type_error("request_id", "a string", other),
        },
        Kind::Rest(ep) => {
            let o = as_object(body, ep.tail())?;
            ck.ids_are_text = ep.format() == BodyFormat::Form;
            ck.rest(ep, o);
        }
        Kind::Message(t) => {
            let o = as_object(unwrap_frame(body, "message")?, "message frame")?;
            ck.message(t, o);
        }
        Kind::Action(a) => {
            let o = as_object(unwrap_frame(body, "action")?, "action frame")?;
            ck.action(Some(a), o);
        }
    }
    Ok(ck.out)
}

/// Checks a `request_id` on its own.
pub fn check_request_id(id: &str) -> Vec<Violation> {
    let mut ck = Ck::default();
    ck.request_id(id);
    ck.out
}

/// Accepts a bare payload or a whole socket.io frame `[event, payload]`.
fn unwrap_frame<'v>(body: &'v Value, event: &str) -> Result<&'v Value> {
    match body {
        Value::Array(a) => match a.as_slice() {
            [Value::String(e), payload] if e == event => Ok(payload),
            _ => Err(Error::new(
                ErrorKind::InvalidJson,
                format!("a frame array must be [\"{event}\", payload]"),
            )),
        },
        other => Ok(other),
    }
}

fn as_object<'v>(v: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(Error::new(ErrorKind::InvalidJson, format!("{what}: expected a JSON object, got {}", type_name(other)))),
    }
}

fn fp(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_string()
    } else {
        format!("{path}.{k}")
    }
}

/// A URL shown in a violation without its query (which may carry a signature).
fn redact_url(s: &str) -> String {
    match s.find(['?', '#']) {
        Some(i) => format!("{}?…", s.get(..i).unwrap_or("")),
        None => s.to_string(),
    }
}

fn is_http_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && !s.chars().any(char::is_whitespace))
}

fn is_group_id(s: &str) -> bool {
    s.strip_prefix("R:").is_some_and(|r| !r.trim().is_empty())
}

fn valid_hhmm(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 5 || b.get(2) != Some(&b':') {
        return false;
    }
    let (Some(h), Some(m)) = (s.get(0..2), s.get(3..5)) else { return false };
    if !is_digits(h) || !is_digits(m) {
        return false;
    }
    matches!((h.parse::<u8>(), m.parse::<u8>()), (Ok(h), Ok(m)) if h < 24 && m < 60)
}

#[derive(Default)]
struct Ck {
    out: Vec<Violation>,
    /// Form endpoints: ids travel as decimal text in the urlencoded body, never as a JSON
    /// number, so `ID_JS_SAFE` does not apply (a customer id above 2^53 must stay queryable).
    ids_are_text: bool,
}

impl Ck {
    fn push(&mut self, rule: &'static Rule, field: impl Into<String>, limit: Value, actual: Value, message: impl Into<String>) {
        let mut message = message.into();
        if !rule.doc.is_empty() {
            message.push_str(" (文档: ");
            message.push_str(rule.doc);
            message.push(')');
        }
        self.out.push(Violation { rule: rule.id, field: field.into(), limit, actual, severity: rule.severity, message });
    }

    fn type_error(&mut self, field: &str, want: &str, got: &Value) {
        self.push(&FIELD_TYPE, field, json!(want), json!(type_name(got)), format!("{field} must be {want}, got {}", type_name(got)));
    }

    fn missing(&mut self, field: &str) {
        self.push(&FIELD_REQUIRED, field, json!("required"), Value::Null, format!("{field} is required"));
    }

    fn unknown(&mut self, o: &Map<String, Value>, path: &str, known: &[&str]) {
        for k in o.keys() {
            if !known.contains(&k.as_str()) {
                let f = fp(path, k);
                self.push(&FIELD_UNKNOWN, f.clone(), json!(known), json!(k), format!("{f} is not a documented field here"));
            }
        }
    }

    fn present<'v>(o: &'v Map<String, Value>, k: &str) -> Option<&'v Value> {
        match o.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// A string (numbers tolerated, as the doc mixes them). Required means non-empty.
    fn str(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) -> Option<String> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(v) => match value::text(v) {
                Some(s) if required && s.trim().is_empty() => {
                    self.missing(&f);
                    None
                }
                Some(s) => Some(s),
                None => {
                    self.type_error(&f, "a string", v);
                    None
                }
            },
        }
    }

    fn int(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) -> Option<i64> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(v) => match value::int(v) {
                Some(i) => Some(i),
                None => {
                    self.type_error(&f, "an integer", v);
                    None
                }
            },
        }
    }

    fn enum_int(&mut self, rule: &'static Rule, o: &Map<String, Value>, path: &str, k: &str, allowed: &[i64], required: bool) -> Option<i64> {
        let i = self.int(o, path, k, required)?;
        if allowed.contains(&i) {
            Some(i)
        } else {
            let f = fp(path, k);
            self.push(rule, f.clone(), json!(allowed), json!(i), format!("{f} must be one of {allowed:?}, got {i}"));
            None
        }
    }

    fn min_int(&mut self, rule: &'static Rule, o: &Map<String, Value>, path: &str, k: &str, min: i64, required: bool) -> Option<i64> {
        let i = self.int(o, path, k, required)?;
        if i < min {
            let f = fp(path, k);
            self.push(rule, f.clone(), json!(format!(">= {min}")), json!(i), format!("{f} must be at least {min}, got {i}"));
            return None;
        }
        Some(i)
    }

    fn millis(&mut self, o: &Map<String, Value>, path: &str, k: &str) -> Option<i64> {
        let i = self.int(o, path, k, false)?;
        if i < MIN_MILLIS {
            let f = fp(path, k);
            self.push(&TIMESTAMP_MILLIS, f.clone(), json!(MIN_MILLIS), json!(i), format!("{f} must be Unix milliseconds; {i} looks like seconds or is before 2001"));
            return None;
        }
        Some(i)
    }

    fn arr<'v>(&mut self, o: &'v Map<String, Value>, path: &str, k: &str, required: bool) -> Option<&'v Vec<Value>> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(Value::Array(a)) => Some(a),
            Some(v) => {
                self.type_error(&f, "an array", v);
                None
            }
        }
    }

    fn obj<'v>(&mut self, o: &'v Map<String, Value>, path: &str, k: &str) -> Option<&'v Map<String, Value>> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                self.missing(&f);
                None
            }
            Some(Value::Object(m)) => Some(m),
            Some(v) => {
                self.type_error(&f, "an object", v);
                None
            }
        }
    }

    fn non_empty_list(&mut self, rule: &'static Rule, field: &str, len: usize) -> bool {
        if len == 0 {
            self.push(rule, field, json!(">= 1"), json!(0), format!("{field} must not be empty"));
            false
        } else {
            true
        }
    }

    /// An array of strings, each non-empty.
    fn strings(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) -> Option<Vec<String>> {
        let a = self.arr(o, path, k, required)?;
        let f = fp(path, k);
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            match value::text(v) {
                Some(s) if !s.trim().is_empty() => out.push(s),
                Some(_) => self.missing(&format!("{f}[{i}]")),
                None => self.type_error(&format!("{f}[{i}]"), "a string", v),
            }
        }
        Some(out)
    }

    /// One id element: digits, or (if `groups`) an `R:` conversation id. Numbers must be JS-safe.
    fn id_value(&mut self, field: &str, v: &Value, groups: bool) -> Option<String> {
        match v {
            Value::Number(n) => match n.as_u64() {
                Some(u) if u <= JS_MAX_SAFE_INTEGER || self.ids_are_text => Some(u.to_string()),
                Some(u) => {
                    self.push(&ID_JS_SAFE, field, json!(JS_MAX_SAFE_INTEGER), json!(u.to_string()), format!("{field} = {u} does not fit a JavaScript number; it would be rounded to another id"));
                    None
                }
                None => {
                    self.push(&ID_NUMERIC, field, json!("non-negative integer"), json!(n.to_string()), format!("{field} must be a non-negative integer id"));
                    None
                }
            },
            Value::String(s) => {
                let t = s.trim();
                if is_digits(t) || (groups && is_group_id(t)) {
                    Some(t.to_string())
                } else if t.is_empty() {
                    self.missing(field);
                    None
                } else {
                    let want = if groups { "digits or \"R:…\"" } else { "digits" };
                    self.push(&ID_NUMERIC, field, json!(want), json!(s), format!("{field} must be {want}, got {s:?}"));
                    None
                }
            }
            other => {
                self.type_error(field, "an id (string or integer)", other);
                None
            }
        }
    }

    fn id(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool, groups: bool) -> Option<String> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(v) => self.id_value(&f, v, groups),
        }
    }

    fn ids(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool, groups: bool) -> Option<Vec<String>> {
        let a = self.arr(o, path, k, required)?;
        let f = fp(path, k);
        Some(a.iter().enumerate().filter_map(|(i, v)| self.id_value(&format!("{f}[{i}]"), v, groups)).collect())
    }

    fn group_id(&mut self, field: &str, s: &str) {
        if !is_group_id(s.trim()) {
            self.push(&GROUP_ID_PREFIX, field, json!("R:…"), json!(s), format!("{field} must be a group conversation id starting with \"R:\", got {s:?}"));
        }
    }

    fn group_field(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) {
        if let Some(s) = self.str(o, path, k, required) {
            self.group_id(&fp(path, k), &s);
        }
    }

    fn url(&mut self, field: &str, s: &str) {
        if !is_http_url(s.trim()) {
            self.push(&URL_HTTP, field, json!("http(s)://…"), json!(redact_url(s)), format!("{field} must be an absolute http(s) URL"));
        }
    }

    fn cover(&mut self, field: &str, s: &str) {
        self.url(field, s);
        if s.contains(['?', '#']) {
            self.push(&LINK_COVER_NO_QUERY, field, json!("no query string"), json!(redact_url(s)), format!("{field} must not contain query parameters; host the image at a plain URL"));
        }
    }

    fn request_id(&mut self, s: &str) {
        let n = s.chars().count();
        if n != REQUEST_ID_LEN {
            self.push(&REQUEST_ID_LENGTH, "request_id", json!(REQUEST_ID_LEN), json!(n), format!("request_id must be exactly {REQUEST_ID_LEN} characters, got {n}"));
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.push(&REQUEST_ID_CHARSET, "request_id", json!("[0-9A-Za-z]"), Value::Null, "request_id must contain only ASCII letters and digits");
        }
    }

    fn message_id(&mut self, o: &Map<String, Value>, path: &str) {
        if let Some(s) = self.str(o, path, "messageId", true) {
            let n = s.chars().count();
            if n > MESSAGE_ID_MAX_LEN {
                let f = fp(path, "messageId");
                self.push(&MESSAGE_ID_LENGTH, f.clone(), json!(MESSAGE_ID_MAX_LEN), json!(n), format!("{f} must be at most {MESSAGE_ID_MAX_LEN} characters, got {n}"));
            }
        }
    }

    fn page(&mut self, o: &Map<String, Value>) {
        self.min_int(&PAGE, o, "", "pageNum", 1, false);
        self.min_int(&PAGE, o, "", "pageSize", 1, false);
    }

    // ---- REST ---------------------------------------------------------------------------------

    fn rest(&mut self, ep: Endpoint, o: &Map<String, Value>) {
        match ep {
            Endpoint::Auth => {
                self.unknown(o, "", &["accessKey", "accessSecret"]);
                self.str(o, "", "accessKey", true);
                self.str(o, "", "accessSecret", true);
            }
            Endpoint::RobotList => self.unknown(o, "", &[]),
            Endpoint::CustomerList => {
                self.unknown(o, "", &["robotKey", "status", "userId", "name", "pageNum", "pageSize", "tagList"]);
                self.str(o, "", "robotKey", true);
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.id(o, "", "userId", false, false);
                self.str(o, "", "name", false);
                self.page(o);
                self.strings(o, "", "tagList", false);
            }
            Endpoint::GroupList => {
                self.unknown(o, "", &["robotKey", "status", "conversationId", "creatorId", "name", "pageNum", "pageSize"]);
                self.str(o, "", "robotKey", true);
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.group_field(o, "", "conversationId", false);
                self.id(o, "", "creatorId", false, false);
                self.str(o, "", "name", false);
                self.page(o);
            }
            Endpoint::GroupDownload => self.download(o),
            Endpoint::MemberList => {
                self.unknown(o, "", &["robotKey", "conversationId", "status", "memberUserId", "memberName", "pageNum", "pageSize"]);
                self.str(o, "", "robotKey", true);
                self.group_field(o, "", "conversationId", true);
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.id(o, "", "memberUserId", false, false);
                self.str(o, "", "memberName", false);
                self.page(o);
            }
            Endpoint::TaskSave => self.task(o),
            Endpoint::Bridge => match Self::present(o, "type") {
                None => self.missing("type"),
                Some(v) => match value::text(v).as_deref().and_then(ActionType::parse) {
                    Some(a) if a.is_outbound() => self.action(Some(a), o),
                    _ => {
                        let shown = value::text(v).unwrap_or_default();
                        self.push(&BRIDGE_TYPE, "type", json!("robot.* (outbound)"), json!(shown), "the bridge body must be an outbound action (type robot.…)")
                    }
                },
            },
            Endpoint::GroupSettingDuplicate => self.setting_duplicate(o),
            Endpoint::ChatList => {
                self.unknown(o, "", &["count", "timestamp", "robotKey"]);
                self.min_int(&PAGE, o, "", "count", 1, true);
                self.millis(o, "", "timestamp");
                self.str(o, "", "robotKey", false);
            }
            Endpoint::ChatMessage => {
                self.unknown(o, "", &["robotKey", "chatUser", "contentType", "s_timestamp", "timestamp", "msgIds", "offset", "count"]);
                self.str(o, "", "robotKey", true);
                self.str(o, "", "chatUser", true);
                self.int(o, "", "contentType", false);
                let from = self.millis(o, "", "s_timestamp");
                let to = self.millis(o, "", "timestamp");
                if let (Some(a), Some(b)) = (from, to) {
                    if a > b {
                        self.push(&CHAT_MESSAGE_TIME_ORDER, "s_timestamp", json!(b), json!(a), "s_timestamp (start) must not be after timestamp (end)");
                    }
                }
                self.strings(o, "", "msgIds", false);
                self.min_int(&PAGE, o, "", "offset", 0, false);
                self.min_int(&PAGE, o, "", "count", 1, false);
            }
            Endpoint::UnreadClean => {
                self.unknown(o, "", &["chatId"]);
                if let Some(c) = self.str(o, "", "chatId", true) {
                    self.chat_id("chatId", &c);
                }
            }
            Endpoint::ContactSync => {
                self.unknown(o, "", &["robotKey", "syncType"]);
                self.str(o, "", "robotKey", true);
                self.enum_int(&CONTACT_SYNC_TYPE, o, "", "syncType", &[0, 1, 2, 3, 4], false);
            }
        }
    }

    fn download(&mut self, o: &Map<String, Value>) {
        const FILTERS: [&str; 8] = ["status", "creatorName", "creatorId", "name", "memberCount", "upmemberCount", "outerGroupChat", "orderBy"];
        let mut known = vec!["robotKey", "conversationIds", "robotKeys"];
        known.extend(FILTERS);
        self.unknown(o, "", &known);
        let selection = Self::present(o, "conversationIds").is_some();
        let query = Self::present(o, "robotKeys").is_some();
        match (selection, query) {
            (true, true) | (false, false) => {
                self.push(&DOWNLOAD_MODE, "", json!("conversationIds XOR robotKeys"), json!(if selection { "both" } else { "neither" }),
                    "give either robotKey + conversationIds (选定机器人群方式) or robotKeys (+ filters, 查询方式)");
            }
            (true, false) => {
                self.str(o, "", "robotKey", true);
                if let Some(ids) = self.strings(o, "", "conversationIds", true) {
                    if self.non_empty_list(&LIST_NON_EMPTY, "conversationIds", ids.len()) {
                        for (i, s) in ids.iter().enumerate() {
                            self.group_id(&format!("conversationIds[{i}]"), s);
                        }
                    }
                }
                for f in FILTERS {
                    if Self::present(o, f).is_some() {
                        self.push(&DOWNLOAD_MODE, f, json!("query mode only"), json!(f), format!("{f} is a query-mode filter and is ignored with conversationIds"));
                    }
                }
            }
            (false, true) => {
                if Self::present(o, "robotKey").is_some() {
                    self.push(&DOWNLOAD_MODE, "robotKey", json!("robotKeys"), json!("robotKey"), "query mode takes robotKeys (an array), not robotKey");
                }
                if let Some(keys) = self.strings(o, "", "robotKeys", true) {
                    self.non_empty_list(&LIST_NON_EMPTY, "robotKeys", keys.len());
                }
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.str(o, "", "creatorName", false);
                self.id(o, "", "creatorId", false, false);
                self.str(o, "", "name", false);
                let lo = self.min_int(&DOWNLOAD_MEMBER_RANGE, o, "", "memberCount", 0, false);
                let hi = self.min_int(&DOWNLOAD_MEMBER_RANGE, o, "", "upmemberCount", 0, false);
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    if lo > hi {
                        self.push(&DOWNLOAD_MEMBER_RANGE, "memberCount", json!(hi), json!(lo), "memberCount (at least) must not exceed upmemberCount (at most)");
                    }
                }
                self.enum_int(&DOWNLOAD_OUTER, o, "", "outerGroupChat", &[0, 1], false);
                self.enum_int(&DOWNLOAD_ORDER_BY, o, "", "orderBy", &[1, 2, 3, 4], false);
            }
        }
    }

    fn setting_duplicate(&mut self, o: &Map<String, Value>) {
        self.unknown(o, "", &["chatroom", "g", "module", "r", "robotKey"]);
        let rooms = self.strings(o, "", "chatroom", true);
        if let Some(rooms) = &rooms {
            if self.non_empty_list(&LIST_NON_EMPTY, "chatroom", rooms.len()) {
                for (i, item) in rooms.iter().enumerate() {
                    for (j, part) in item.split(';').enumerate() {
                        let field = format!("chatroom[{i}]#{j}");
                        if part.trim().is_empty() {
                            self.missing(&field);
                        } else {
                            self.group_id(&field, part);
                        }
                    }
                }
            }
        }
        self.group_field(o, "", "g", true);
        if let Some(mods) = self.strings(o, "", "module", true) {
            if mods.is_empty() {
                self.push(&SETTING_MODULE, "module", json!(SETTING_MODULES), json!([]), "module must list at least one module");
            }
            for (i, m) in mods.iter().enumerate() {
                if !SETTING_MODULES.contains(&m.as_str()) {
                    self.push(&SETTING_MODULE, format!("module[{i}]"), json!(SETTING_MODULES), json!(m), format!("unknown module {m:?}"));
                }
            }
        }
        self.str(o, "", "r", true);
        let keys = self.strings(o, "", "robotKey", true);
        if let Some(keys) = &keys {
            self.non_empty_list(&LIST_NON_EMPTY, "robotKey", keys.len());
        }
        if let (Some(rooms), Some(keys)) = (rooms, keys) {
            if rooms.len() != keys.len() {
                self.push(&SETTING_PARALLEL, "chatroom", json!(keys.len()), json!(rooms.len()),
                    format!("chatroom has {} entries but robotKey has {}; entry i lists the groups of robotKey[i]", rooms.len(), keys.len()));
            }
        }
    }

    // ---- 2.7 mass send ------------------------------------------------------------------------

    fn task(&mut self, o: &Map<String, Value>) {
        const FLAT: [&str; 17] = [
            "robotKey", "chatUser", "isGroupChat", "msgType", "content", "appType", "link", "title", "description", "coverImgFile",
            "senderName", "senderHeadImg", "logo", "msgSvrID", "contents", "acceptTarget", "chatUsers",
        ];
        for k in FLAT.iter().filter(|k| o.contains_key(**k)) {
            self.push(&TASK_SHAPE, *k, json!("taskData"), json!(k), format!("{k} belongs inside taskData (the shape of the doc's example: taskData.contents, taskData.acceptTarget, taskData.isGroupChat)"));
        }
        let known = [
            "token", "name", "taskType", "startTime", "execStartTime", "weekday", "commandType", "taskRule", "taskData",
            "suitCount", "perSuitSecond", "perSuitSecondUpper",
        ];
        let rest: Map<String, Value> = o.iter().filter(|(k, _)| !FLAT.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        self.unknown(&rest, "", &known);
        self.str(o, "", "token", false);
        self.str(o, "", "name", true);
        let task_type = self.enum_int(&TASK_TYPE, o, "", "taskType", &[1, 2], true);
        if let Some(c) = self.str(o, "", "commandType", true) {
            if c.chars().any(char::is_whitespace) {
                self.push(&TASK_COMMAND_TYPE, "commandType", json!(TASK_COMMAND), json!(c), format!("commandType contains whitespace; use {TASK_COMMAND:?}"));
            } else if c != TASK_COMMAND {
                self.push(&TASK_COMMAND_TYPE_KNOWN, "commandType", json!(TASK_COMMAND), json!(c), format!("commandType {c:?} is not the documented mass-send command"));
            }
        }
        // Scheduling.
        let start = self.millis(o, "", "startTime");
        let exec = self.str(o, "", "execStartTime", false);
        if let Some(e) = &exec {
            if !valid_hhmm(e) {
                self.push(&TASK_EXEC_FORMAT, "execStartTime", json!("hh:mm"), json!(e), format!("execStartTime must be \"hh:mm\" (00:00-23:59), got {e:?}"));
            }
        }
        let weekday = self.weekday(o);
        match task_type {
            Some(1) => {
                for (f, set) in [("execStartTime", exec.is_some()), ("weekday", weekday)] {
                    if set {
                        self.push(&TASK_SCHEDULE, f, json!("taskType 2 only"), json!(1), format!("{f} only applies to periodic tasks (taskType 2); a taskType 1 task without startTime starts immediately"));
                    }
                }
            }
            Some(2) => {
                if start.is_some() || Self::present(o, "startTime").is_some() {
                    self.push(&TASK_SCHEDULE, "startTime", json!("taskType 1 only"), json!(2), "startTime only applies to one-off tasks (taskType 1); periodic tasks use execStartTime");
                }
                if exec.is_none() {
                    self.push(&TASK_EXEC_REQUIRED, "execStartTime", json!("hh:mm"), Value::Null, "a periodic task (taskType 2) needs execStartTime \"hh:mm\"");
                }
            }
            _ => {}
        }
        // Pace.
        let rule = self.enum_int(&TASK_RULE, o, "", "taskRule", &[1, 2], false);
        if let Some(n) = self.int(o, "", "suitCount", true) {
            if !(1..=TASK_MAX_SUIT_COUNT).contains(&n) {
                self.push(&TASK_SUIT_COUNT, "suitCount", json!(format!("1..={TASK_MAX_SUIT_COUNT}")), json!(n), format!("suitCount must be 1 to {TASK_MAX_SUIT_COUNT}, got {n}"));
            }
        }
        let lo = self.int(o, "", "perSuitSecond", false);
        let hi = self.int(o, "", "perSuitSecondUpper", false);
        if rule == Some(2) {
            for (f, v) in [("perSuitSecond", lo), ("perSuitSecondUpper", hi)] {
                if v.is_none() && Self::present(o, f).is_none() {
                    self.push(&TASK_INTERVAL_REQUIRED, f, json!("required when taskRule = 2"), Value::Null, format!("{f} is required for a custom interval (taskRule 2)"));
                }
            }
        }
        for (f, v) in [("perSuitSecond", lo), ("perSuitSecondUpper", hi)] {
            if let Some(v) = v {
                if v < 1 {
                    self.push(&TASK_INTERVAL_ORDER, f, json!(">= 1"), json!(v), format!("{f} must be a positive number of seconds"));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo > hi {
                self.push(&TASK_INTERVAL_ORDER, "perSuitSecond", json!(hi), json!(lo), format!("perSuitSecond ({lo}) must not exceed perSuitSecondUpper ({hi})"));
            }
        }
        // Payload.
        match Self::present(o, "taskData") {
            Some(Value::Object(td)) => self.task_data(td),
            Some(v) => self.type_error("taskData", "an object", v),
            None => self.push(&TASK_SHAPE, "taskData", json!("taskData"), Value::Null, "taskData { contents, acceptTarget, isGroupChat } is required (the doc's example; the table has no row for it)"),
        }
    }

    /// Returns whether a weekday list was given.
    fn weekday(&mut self, o: &Map<String, Value>) -> bool {
        let Some(a) = self.arr(o, "", "weekday", false) else { return false };
        if a.is_empty() {
            self.push(&TASK_WEEKDAY, "weekday", json!("1-7 or SUN…SAT"), json!([]), "weekday must not be an empty list (omit it instead)");
        }
        for (i, v) in a.iter().enumerate() {
            let f = format!("weekday[{i}]");
            let ok = match v {
                Value::Number(_) => matches!(value::int(v), Some(1..=7)),
                Value::String(s) => {
                    let t = s.trim();
                    matches!(value::int(v), Some(1..=7)) || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(t))
                }
                _ => false,
            };
            if !ok {
                self.push(&TASK_WEEKDAY, f.clone(), json!("1-7 or SUN…SAT"), v.clone(), format!("{f} must be 1-7 (1 = SUN) or SUN, MON, TUE, WED, THU, FRI, SAT"));
            }
        }
        true
    }

    fn task_data(&mut self, td: &Map<String, Value>) {
        let p = "taskData";
        self.unknown(td, p, &["contents", "acceptTarget", "isGroupChat"]);
        let group = self.enum_int(&TASK_IS_GROUP_CHAT, td, p, "isGroupChat", &[1, 2], true);
        for k in ["contents", "acceptTarget"] {
            if Self::present(td, k).is_none() {
                let f = fp(p, k);
                self.push(&TASK_SHAPE, f.clone(), json!("taskData"), Value::Null, format!("{f} is required (the doc's example; the table has no row for it)"));
            }
        }
        if let Some(contents) = self.arr(td, p, "contents", false) {
            if contents.is_empty() {
                self.push(&TASK_CONTENTS_NON_EMPTY, "taskData.contents", json!(">= 1"), json!(0), "a mass send needs at least one message");
            }
            if contents.len() > TASK_RECOMMENDED_MAX_CONTENTS {
                self.push(&TASK_CONTENTS_MAX, "taskData.contents", json!(TASK_RECOMMENDED_MAX_CONTENTS), json!(contents.len()),
                    format!("{} messages in one task; the doc recommends at most {TASK_RECOMMENDED_MAX_CONTENTS}", contents.len()));
            }
            for (i, c) in contents.iter().enumerate() {
                let path = format!("taskData.contents[{i}]");
                match c {
                    Value::Object(m) => self.task_content(m, &path),
                    other => self.type_error(&path, "an object", other),
                }
            }
        }
        if let Some(targets) = self.arr(td, p, "acceptTarget", false) {
            for (i, t) in targets.iter().enumerate() {
                let path = format!("taskData.acceptTarget[{i}]");
                let Value::Object(m) = t else {
                    self.type_error(&path, "an object", t);
                    continue;
                };
                self.unknown(m, &path, &["robotKey", "chatUser"]);
                self.str(m, &path, "robotKey", true);
                if let Some(users) = self.strings(m, &path, "chatUser", true) {
                    if users.is_empty() {
                        let f = fp(&path, "chatUser");
                        self.push(&TASK_TARGETS, f.clone(), json!(">= 1"), json!(0), format!("{f} must list at least one target"));
                    }
                    if let Some(g) = group {
                        for (j, u) in users.iter().enumerate() {
                            let is_group = u.trim().starts_with("R:");
                            if (g == 2) != is_group {
                                let f = format!("{path}.chatUser[{j}]");
                                let want = if g == 2 { "a group conversation id (R:…) because isGroupChat = 2" } else { "a customer user id (not R:…) because isGroupChat = 1" };
                                self.push(&TASK_CHAT_USER_KIND, f.clone(), json!(if g == 2 { "R:…" } else { "user id" }), json!(u), format!("{f} must be {want}"));
                            }
                        }
                    }
                }
            }
            if targets.is_empty() {
                self.push(&TASK_TARGETS, "taskData.acceptTarget", json!(">= 1"), json!(0), "a mass send needs at least one target");
            }
        }
    }

    fn task_content(&mut self, m: &Map<String, Value>, path: &str) {
        const ALL: [&str; 11] = ["msgType", "content", "appType", "link", "title", "description", "coverImgFile", "senderName", "senderHeadImg", "logo", "msgSvrID"];
        self.unknown(m, path, &ALL);
        let Some(t) = self.enum_int(&TASK_MSG_TYPE, m, path, "msgType", &[1, 3, 16, 49, 78], true) else {
            return;
        };
        let (required, used): (&[&str], &[&str]) = match t {
            1 => (&["content"], &["content"]),
            3 => (&["content"], &["content"]),
            49 => (&["content"], &["content"]),
            16 => (&["link", "title"], &["appType", "link", "title", "description", "coverImgFile"]),
            _ => (&["title", "content", "senderName"], &["title", "content", "senderName", "senderHeadImg", "logo"]),
        };
        let svr_id = self.id(m, path, "msgSvrID", false, false);
        let missing: Vec<&str> = required.iter().copied().filter(|f| !Self::present(m, f).and_then(value::text).is_some_and(|s| !s.trim().is_empty())).collect();
        if t == 78 && svr_id.is_some() && !missing.is_empty() {
            // Forwarding by msgSvrID (see TASK_MINI_BY_SVR_ID): sent, with a warning.
            let field = fp(path, "msgSvrID");
            self.push(&TASK_MINI_BY_SVR_ID, field, json!(required), json!(missing), format!("{path}: msgType 78 without {} relies on msgSvrID alone; the doc matches mini programs by title, content and senderName", missing.join(", ")));
        } else {
            for f in missing {
                let field = fp(path, f);
                self.push(&TASK_CONTENT_FIELDS, field.clone(), json!(required), Value::Null, format!("{field} is required for msgType {t}"));
            }
        }
        for f in ALL.iter().skip(1) {
            if *f != "msgSvrID" && !used.contains(f) && Self::present(m, f).is_some() {
                let field = fp(path, f);
                self.push(&TASK_CONTENT_UNUSED, field.clone(), json!(used), json!(f), format!("{field} is not used by msgType {t}"));
            }
        }
        // Types and URLs of what is there.
        for f in ["content", "link", "title", "description", "coverImgFile", "senderName", "senderHeadImg", "logo"] {
            self.str(m, path, f, false);
        }
        let s = |k: &str| Self::present(m, k).and_then(value::text).filter(|s| !s.trim().is_empty());
        match t {
            3 | 49 => {
                if let Some(u) = s("content") {
                    self.url(&fp(path, "content"), &u);
                }
            }
            16 => {
                if let Some(u) = s("link") {
                    self.url(&fp(path, "link"), &u);
                }
                if let Some(u) = s("coverImgFile") {
                    self.cover(&fp(path, "coverImgFile"), &u);
                }
                self.enum_int(&TASK_APP_TYPE, m, path, "appType", &[1, 2], false);
            }
            78 => {
                for k in ["senderHeadImg", "logo"] {
                    if let Some(u) = s(k) {
                        self.url(&fp(path, k), &u);
                    }
                }
            }
            _ => {}
        }
    }

    // ---- socket message sends -----------------------------------------------------------------

    fn chat_id(&mut self, field: &str, s: &str) {
        let ok = s.strip_prefix("S:").and_then(|r| r.split_once('_')).is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
        if !ok {
            self.push(&CHAT_ID_FORMAT, field, json!("S:<robot>_<peer>"), json!(s), format!("{field} must be a session id like \"S:<robot wxid>_<peer>\" (from a chat or message frame), got {s:?}"));
        }
    }

    fn message(&mut self, expected: Option<SendType>, o: &Map<String, Value>) {
        self.unknown(o, "", &["message", "chatId", "messageId"]);
        let chat = self.str(o, "", "chatId", true);
        if let Some(c) = &chat {
            self.chat_id("chatId", c);
        }
        self.message_id(o, "");
        let Some(m) = self.obj(o, "", "message") else { return };
        let p = "message";
        let Some(ct) = self.int(m, p, "contentType", true) else { return };
        let Some(t) = SendType::from_content_type(ct) else {
            self.push(&MESSAGE_CONTENT_TYPE, "message.contentType", json!([1, 5, 7, 8, 13]), json!(ct), format!("contentType {ct} cannot be sent (1 text, 7 image, 13 link, 8 file, 5 video)"));
            return;
        };
        if let Some(e) = expected {
            if e != t {
                self.push(&MESSAGE_CONTENT_TYPE, "message.contentType", json!(e.content_type()), json!(ct), format!("{} needs contentType {}, got {ct}", e.kind(), e.content_type()));
                return;
            }
        }
        match t {
            SendType::Text => {
                self.unknown(m, p, &["contentType", "content", "atUserList"]);
                self.str(m, p, "content", true);
                if let Some(at) = self.str(m, p, "atUserList", false) {
                    let parts: Vec<&str> = at.split(',').map(str::trim).collect();
                    if parts.iter().any(|s| s.is_empty()) {
                        self.push(&AT_USER_LIST_FORMAT, "message.atUserList", json!("id,id,…"), json!(at), "atUserList has an empty entry (stray comma?)");
                    }
                    if let Some(c) = &chat {
                        if !c.contains("_R:") {
                            self.push(&AT_USER_LIST_GROUP, "message.atUserList", json!("group chat"), json!(c), "atUserList only has an effect in group chats; this chatId is a private chat");
                        }
                    }
                }
            }
            SendType::Image => {
                self.unknown(m, p, &["contentType", "pic"]);
                if let Some(u) = self.str(m, p, "pic", true) {
                    self.url("message.pic", &u);
                }
            }
            SendType::Link => {
                self.unknown(m, p, &["contentType", "title", "link", "description", "coverImgFile"]);
                self.str(m, p, "title", true);
                if let Some(u) = self.str(m, p, "link", true) {
                    self.url("message.link", &u);
                }
                self.str(m, p, "description", false);
                if let Some(u) = self.str(m, p, "coverImgFile", false) {
                    if !u.trim().is_empty() {
                        self.cover("message.coverImgFile", &u);
                    }
                }
            }
            SendType::File | SendType::Video => {
                self.unknown(m, p, &["contentType", "fileName"]);
                if let Some(u) = self.str(m, p, "fileName", true) {
                    self.url("message.fileName", &u);
                }
            }
        }
    }

    // ---- actions ------------------------------------------------------------------------------

    fn action(&mut self, expected: Option<ActionType>, o: &Map<String, Value>) {
        let declared = self.str(o, "", "type", true);
        let a = match (expected, declared.as_deref().map(|s| (s, ActionType::parse(s)))) {
            (Some(e), Some((_, Some(d)))) if d == e => e,
            (Some(e), None) => e,
            (Some(e), Some((s, _))) => {
                self.push(&ACTION_TYPE, "type", json!(e.as_str()), json!(s), format!("type must be {:?} for this kind, got {s:?}", e.as_str()));
                e
            }
            (None, Some((_, Some(d)))) => d,
            (None, Some((s, None))) => {
                self.push(&ACTION_TYPE, "type", json!("robot.*"), json!(s), format!("unknown action type {s:?}"));
                return;
            }
            (None, None) => return,
        };
        if !a.is_outbound() {
            self.push(&ACTION_TYPE, "type", json!("outbound action"), json!(a.as_str()), format!("{} is an event the platform sends; it cannot be sent", a.as_str()));
            return;
        }
        self.str(o, "", "robotKey", true);
        self.message_id(o, "");
        let common = ["type", "robotKey", "messageId"];
        let extra: &[&str] = match a {
            ActionType::MessageForward => &["msgSvrID", "friends"],
            ActionType::AcceptFriendRequest => &["friendWxid"],
            ActionType::PhoneContactAdd => &["phone", "reason"],
            ActionType::CustTags => &["userId", "tags", "erasingTags"],
            ActionType::TagsSync => &[],
            ActionType::CustRemark => &["userId", "realRemark", "userRemark"],
            ActionType::InfoModify => &["name", "alias", "gender", "phone", "mobile", "position"],
            ActionType::DeleteGroupMembers => &["groupId", "members"],
            ActionType::ConvAdmins => &["conversationId"],
            ActionType::ConvModifyAdmins => &["opcode", "conversationId", "admins"],
            ActionType::InviteFriendsJoinGroup => &["groupId", "friends"],
            ActionType::ModifyGroupName => &["groupId", "newName"],
            ActionType::CreateGroup => &["topic", "memberWxids"],
            ActionType::ContactsInquiry => &["contacts"],
            ActionType::SetGroupAnnouncement => &["groupId", "isAll", "notice"],
            ActionType::NewFriendRequest | ActionType::GroupMembersChanged => &[],
        };
        let mut known: Vec<&str> = common.to_vec();
        known.extend_from_slice(extra);
        self.unknown(o, "", &known);
        match a {
            ActionType::MessageForward => {
                self.id(o, "", "msgSvrID", true, false);
                if let Some(f) = self.ids(o, "", "friends", true, true) {
                    if Self::present(o, "friends").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                        self.non_empty_list(&LIST_NON_EMPTY, "friends", f.len());
                    }
                }
            }
            ActionType::AcceptFriendRequest => {
                self.id(o, "", "friendWxid", true, false);
            }
            ActionType::PhoneContactAdd => {
                self.str(o, "", "phone", true);
                self.str(o, "", "reason", false);
            }
            ActionType::CustTags => {
                self.id(o, "", "userId", true, false);
                let tags = self.ids(o, "", "tags", false, false).unwrap_or_default();
                let erase = self.ids(o, "", "erasingTags", false, false).unwrap_or_default();
                let given = |k: &str| Self::present(o, k).and_then(Value::as_array).map_or(0, Vec::len);
                if given("tags") == 0 && given("erasingTags") == 0 {
                    self.push(&CUST_TAGS_NON_EMPTY, "tags", json!(">= 1 in tags or erasingTags"), json!(0), "nothing to tag: tags and erasingTags are both empty");
                }
                for (i, t) in tags.iter().enumerate() {
                    if erase.contains(t) {
                        self.push(&CUST_TAGS_DISJOINT, format!("tags[{i}]"), json!("not in erasingTags"), json!(t), format!("tag {t} is both added and erased"));
                    }
                }
            }
            ActionType::TagsSync => {}
            ActionType::CustRemark => {
                self.id(o, "", "userId", true, false);
                let a = self.str(o, "", "realRemark", false);
                let b = self.str(o, "", "userRemark", false);
                if a.is_none() && b.is_none() && Self::present(o, "realRemark").is_none() && Self::present(o, "userRemark").is_none() {
                    self.push(&CUST_REMARK_ONE_OF, "realRemark", json!("realRemark | userRemark"), Value::Null, "give realRemark (备注名), userRemark (描述) or both");
                }
            }
            ActionType::InfoModify => {
                let mut any = false;
                for f in ["name", "alias", "phone", "mobile", "position"] {
                    any |= Self::present(o, f).is_some();
                    self.str(o, "", f, false);
                }
                any |= Self::present(o, "gender").is_some();
                self.enum_int(&GENDER, o, "", "gender", &[1, 2], false);
                if !any {
                    self.push(&INFO_MODIFY_ONE_OF, "", json!(["name", "alias", "gender", "phone", "mobile", "position"]), Value::Null, "nothing to modify");
                }
            }
            ActionType::DeleteGroupMembers => {
                self.group_field(o, "", "groupId", true);
                self.id_list(o, "members");
            }
            ActionType::ConvAdmins => self.group_field(o, "", "conversationId", true),
            ActionType::ConvModifyAdmins => {
                self.enum_int(&ADMINS_OPCODE, o, "", "opcode", &[1, 2], true);
                self.group_field(o, "", "conversationId", true);
                match Self::present(o, "admins") {
                    None => self.push(&ADMINS_NON_EMPTY, "admins", json!(">= 1"), Value::Null, "admins is required (the platform answers \"admins invalid\")"),
                    Some(Value::Array(a)) if a.is_empty() => {
                        self.push(&ADMINS_NON_EMPTY, "admins", json!(">= 1"), json!(0), "admins must not be empty (the platform answers \"admins invalid\")")
                    }
                    Some(_) => {
                        if let Some(ids) = self.ids(o, "", "admins", true, false) {
                            let n = Self::present(o, "admins").and_then(Value::as_array).map_or(0, Vec::len);
                            if n > MAX_GROUP_ADMINS {
                                self.push(&ADMINS_MAX, "admins", json!(MAX_GROUP_ADMINS), json!(n), format!("{n} admins named; a group has at most {MAX_GROUP_ADMINS} besides the owner"));
                            }
                            for (i, id) in ids.iter().enumerate() {
                                if id.starts_with("788") {
                                    self.push(&ADMINS_STAFF, format!("admins[{i}]"), json!("enterprise member"), json!(id), format!("admin {id} looks like an external contact; admins must be enterprise members"));
                                }
                            }
                        }
                    }
                }
            }
            ActionType::InviteFriendsJoinGroup => {
                self.group_field(o, "", "groupId", true);
                self.id_list(o, "friends");
            }
            ActionType::ModifyGroupName => {
                self.group_field(o, "", "groupId", true);
                self.str(o, "", "newName", true);
            }
            ActionType::CreateGroup => {
                self.str(o, "", "topic", false);
                self.id_list(o, "memberWxids");
            }
            ActionType::ContactsInquiry => {
                if let Some(ids) = self.ids(o, "", "contacts", true, true) {
                    if Self::present(o, "contacts").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                        self.non_empty_list(&LIST_NON_EMPTY, "contacts", ids.len());
                    }
                }
            }
            ActionType::SetGroupAnnouncement => {
                self.group_field(o, "", "groupId", true);
                self.str(o, "", "notice", true);
                self.enum_int(&ANNOUNCEMENT_IS_ALL, o, "", "isAll", &[0, 1], false);
            }
            ActionType::NewFriendRequest | ActionType::GroupMembersChanged => {}
        }
    }

    /// A required, non-empty list of user ids (digits; JSON numbers must be JS-safe).
    fn id_list(&mut self, o: &Map<String, Value>, k: &str) {
        if self.ids(o, "", k, true, false).is_some() && Self::present(o, k).and_then(Value::as_array).is_some_and(Vec::is_empty) {
            self.non_empty_list(&LIST_NON_EMPTY, k, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[Violation]) -> Vec<&'static str> {
        v.iter().map(|x| x.rule).collect()
    }

    fn run(kind: &str, body: Value) -> Vec<Violation> {
        check(Kind::parse(kind).unwrap(), &body).unwrap()
    }

    #[test]
    fn table_ids_are_unique_and_namespaced() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(r.id.starts_with("yjiyun."), "{}", r.id);
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(!r.summary.is_empty() && !r.limit.is_empty());
            assert_eq!(rule_by_id(r.id).map(|x| x.id), Some(r.id));
        }
        assert!(rule_by_id("yjiyun.nope").is_none());
        let text = serde_json::to_string(RULES).unwrap();
        assert!(text.contains("\"enforcedBy\":\"caller\""));
    }

    #[test]
    fn request_id_rules() {
        assert!(check_request_id(&"a".repeat(32)).is_empty());
        assert_eq!(ids(&check_request_id(&"a".repeat(31))), vec![REQUEST_ID_LENGTH.id]);
        assert_eq!(ids(&check_request_id(&"a".repeat(33))), vec![REQUEST_ID_LENGTH.id]);
        assert_eq!(ids(&check_request_id(&format!("{}-", "a".repeat(31)))), vec![REQUEST_ID_CHARSET.id]);
        let v = check(Kind::RequestId, &json!(5)).unwrap();
        assert_eq!(ids(&v), vec![FIELD_TYPE.id]);
    }

    #[test]
    fn unknown_kind_and_garbage_are_errors() {
        assert!(check_json("nope", "{}").is_err());
        assert!(check_json("chat/list", "{").is_err());
        assert!(check_json("chat/list", "[]").is_err());
        assert!(check_json("message", "[\"chat\", {}]").is_err());
        assert!(check_json("message", "[\"message\", {}]").is_ok());
    }

    #[test]
    fn hhmm() {
        for ok in ["00:00", "09:05", "23:59"] {
            assert!(valid_hhmm(ok), "{ok}");
        }
        for bad in ["24:00", "23:60", "9:05", "0905", "09:5", "ab:cd", "09:05 ", "+9:05", "０9:05"] {
            assert!(!valid_hhmm(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_http_url("https://a.example/x.png"));
        assert!(is_http_url("http://a"));
        assert!(!is_http_url("ftp://a"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https:///x"));
        assert!(!is_http_url("https://a b"));
        assert_eq!(redact_url("https://a/x.png?sig=secret"), "https://a/x.png?…");
    }

    #[test]
    fn admins_boundaries() {
        let body = |op: Value, admins: Value| {
            json!({"type": "robot.conv.modify.admins", "robotKey": "rk", "messageId": "1", "opcode": op, "conversationId": "R:1", "admins": admins})
        };
        let k = "robot.conv.modify.admins";
        assert!(run(k, body(json!(1), json!(["1", "2", "3"]))).is_empty());
        assert_eq!(ids(&run(k, body(json!(1), json!(["1", "2", "3", "4"])))), vec![ADMINS_MAX.id]);
        assert_eq!(ids(&run(k, body(json!(2), json!(["1"])))), Vec::<&str>::new());
        assert_eq!(ids(&run(k, body(json!(1), json!([])))), vec![ADMINS_NON_EMPTY.id]);
        assert_eq!(ids(&run(k, body(json!(3), json!(["1"])))), vec![ADMINS_OPCODE.id]);
        assert_eq!(ids(&run(k, body(json!(0), json!(["1"])))), vec![ADMINS_OPCODE.id]);
        assert_eq!(ids(&run(k, body(json!("2"), json!(["1"])))), Vec::<&str>::new());
        let w = run(k, body(json!(1), json!(["7881314926912021"])));
        assert_eq!(ids(&w), vec![ADMINS_STAFF.id]);
        assert_eq!(w[0].severity, Severity::Warning);
        // No opcode at all: required (no default that could turn a removal into an addition).
        let mut b = body(json!(1), json!(["1"]));
        b.as_object_mut().unwrap().remove("opcode");
        assert_eq!(ids(&run(k, b)), vec![FIELD_REQUIRED.id]);
        let mut b = body(json!(1), json!(["1"]));
        b["conversationId"] = json!("10696661588019912");
        assert_eq!(ids(&run(k, b)), vec![GROUP_ID_PREFIX.id]);
    }

    #[test]
    fn violation_message_carries_doc_wording() {
        let v = check_request_id("x");
        assert!(v[0].message.contains("32 位请求号"));
        assert_eq!(v[0].limit, json!(32));
        assert_eq!(v[0].actual, json!(1));
        assert!(summarize(&v).starts_with("[yjiyun.request_id.length] request_id:"));
        assert!(has_errors(&v));
    }
}
