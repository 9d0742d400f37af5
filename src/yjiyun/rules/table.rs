//! The rule table ([`RULES`]: one static per rule, with its id, severity, the kinds it applies
//! to, the doc's wording and the reading chosen) and the documented constants the checks use.
//! Data only: the checks are in `rest_checks` and `frame_checks`, the engine in `mod.rs`.

use super::*;

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
        "Every request needs a new request_id. newYjiyunRequestId makes one (32 hex characters from 16 CSPRNG bytes); the caller must not reuse it.",
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
