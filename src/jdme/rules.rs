//! Every documented limit of the seed (`000_…`) as a rule with a stable id, in one table
//! ([`RULES`]): data, evaluated by a small engine, not `if`s scattered through the builders.
//!
//! Order matters: the table is sorted by the order in which the platform reports problems, and
//! [`check`] returns violations in table order, so `violations[0]` is what the platform would
//! answer first:
//! 1. structure (the gateway cannot deserialize or route the body: JSON, types, required fields,
//!    enumerations, destination), then
//! 2. the interception rules of 拦截规则 in their documented priority
//!    ("“空”内容 > 内容超长 > 无发送权限 > 重复内容 > 推送频率"); duplicates and frequency are
//!    stateful and live in [`crate::jdme::ratelimit`], which evaluates them in the same order, then
//! 3. the other documented limits (lengths, member counts, page sizes, …), then
//! 4. stateful quotas (listed here for completeness, evaluated by `ratelimit`).
//!
//! Readings chosen where the seed is ambiguous (each has a test):
//! - **Lengths are UTF-16 code units** (Java's `String.length()`, the platform is Java): an emoji
//!   outside the BMP counts 2. This is never more lenient than counting characters.
//! - **Card package size** ("卡片消息包大小最多20KB") is the byte length of the compact JSON
//!   serialization (no whitespace, UTF-8) of `params.data`, the card packet that is delivered;
//!   20 KB = 20480 bytes and 20480 is allowed.
//! - **Content rules apply to every profile.** In the 拦截规则 table the 工作待办 row has an
//!   empty 内容合规 cell, read as a cell merged with the 系统报警 row above (so 工作待办 inherits
//!   its content rules, including the 1-hour duplicate rule); 咨询问答 has its own cell without
//!   the duplicate rule. Empty/too long/20 KB are hard gateway limits with their own error codes
//!   anyway.
//! - **Blank text is empty**: whitespace-only content (U+2005 included) counts as "空".
//! - **Avatars must be on 360buyimg.com for updateGroup too** (its page does not repeat the
//!   restriction createGroup states).
//! - **createGroup's 100 members include the owner** ("群人数上限100" is the group's size).
//! - **kickOutGroup uses addGroupMember's limits** (its page copies "上限100，机器人上限5个").
//! - **updateGroup must change something** (an update with no field is refused).
//! - **Only `text` is a documented `body.type`** for sendRobotMsg; other types are refused
//!   because no rule here could vouch for them.

use std::borrow::Cow;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::jdme::endpoints::{DestinationPolicy, Endpoint, MessageKind, RobotIdPlacement};
use crate::jdme::envelope::{App, TenantId};

/// The business type (业务类型) a robot is registered with; selects the interception profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// 系统报警 / 账户安全
    Alarm,
    /// 工作待办 / 调研收集 / 流程进度变更 / 其他
    Todo,
    /// 咨询问答
    Consult,
}

impl Profile {
    pub const ALL: &'static [Profile] = &[Profile::Alarm, Profile::Todo, Profile::Consult];
    pub const fn as_str(self) -> &'static str {
        match self {
            Profile::Alarm => "alarm",
            Profile::Todo => "todo",
            Profile::Consult => "consult",
        }
    }
    pub fn from_name(s: &str) -> Option<Profile> {
        Profile::ALL.iter().copied().find(|p| p.as_str() == s.trim())
    }
}

/// Where in the processing a rule bites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    Structure,
    Interception,
    Limit,
    Stateful,
}

/// What `limit` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    Utf16CodeUnits,
    Utf8Bytes,
    Items,
    Requests,
}

/// Which requests a rule looks at.
#[derive(Debug, Clone, Copy)]
pub enum Applies {
    /// Every documented endpoint and the suite APIs.
    All,
    /// Text and card messages (the interception content rules).
    Content,
    /// Every push to a user or group: text, card and change messages.
    Messages,
    Only(&'static [Endpoint]),
}

#[derive(Debug, Clone, Copy)]
enum Eval {
    /// Evaluated by `ratelimit`, not by `check`.
    Stateful,
    Field(FieldCheck),
    /// UTF-16 length of every string found at these paths.
    MaxLen(&'static [&'static str]),
    Custom(fn(&Rule, &Input) -> Vec<Violation>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldCheck {
    Type,
    Required,
    Enum,
}

/// One documented rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub summary: &'static str,
    /// The seed's words.
    pub source: &'static str,
    pub stage: Stage,
    pub limit: Option<u64>,
    pub unit: Option<Unit>,
    pub window_ms: Option<u64>,
    pub platform_code: Option<i64>,
    pub applies: Applies,
    /// Profiles the rule belongs to; empty = every request regardless of profile.
    pub profiles: &'static [Profile],
    eval: Eval,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub rule: &'static str,
    /// Dotted path into the body (`params.members[3].pin`); empty for the whole body.
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
    /// The platform error code this problem produces, where the seed ties one to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<i64>,
    pub message: String,
}

/// Facts about the world that some rules need and a body does not carry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Facts {
    /// The robot's 发送范围 / 可用范围. When given, destinations and invited members outside it
    /// are reported (20100012 for messages, 10300000 for createGroup/addGroupMember).
    #[serde(default)]
    pub send_scope: Option<SendScope>,
    /// The group's owner, to refuse making the owner an admin.
    #[serde(default)]
    pub group_owner: Option<MemberRef>,
    /// How many admins the group has now (the limit is 10).
    #[serde(default)]
    pub admin_count: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendScope {
    /// ERPs (compared case-insensitively: "如需进行erp比较，需要转成全小写").
    #[serde(default)]
    pub erps: Vec<String>,
    #[serde(default)]
    pub group_ids: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberRef {
    pub app: String,
    pub pin: String,
}

/// The facts about an endpoint the engine needs; suite APIs get a generic shape.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub endpoint: Option<Endpoint>,
    pub robot_id: RobotIdPlacement,
    /// `None`: not documented (suite APIs), not checked.
    pub destination: Option<DestinationPolicy>,
    pub message: MessageKind,
    pub envelope: bool,
    pub date_time_required: bool,
}

impl Shape {
    pub fn of(endpoint: Endpoint) -> Shape {
        let s = endpoint.spec();
        Shape {
            endpoint: Some(endpoint),
            robot_id: s.robot_id,
            destination: Some(s.destination),
            message: s.message,
            envelope: s.envelope,
            date_time_required: s.date_time_required,
        }
    }
    pub fn suite() -> Shape {
        Shape {
            endpoint: None,
            robot_id: RobotIdPlacement::None,
            destination: None,
            message: MessageKind::None,
            envelope: true,
            date_time_required: false,
        }
    }
}

/// What a rule sees.
pub struct Input<'a> {
    pub shape: Shape,
    pub body: &'a Value,
    pub profile: Option<Profile>,
    pub facts: &'a Facts,
    /// The field schema for this shape and body, computed once for the three field rules.
    fields: Vec<Field>,
}

impl Applies {
    fn matches(self, shape: &Shape) -> bool {
        match self {
            Applies::All => true,
            Applies::Content => matches!(shape.message, MessageKind::Text | MessageKind::Card),
            Applies::Messages => !matches!(shape.message, MessageKind::None),
            Applies::Only(list) => shape.endpoint.is_some_and(|e| list.contains(&e)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Limits (named so tests and the rate limiter use the same numbers)
// ---------------------------------------------------------------------------------------------

/// 文本消息内容最多2000字符 (UTF-16 code units).
pub const TEXT_MAX_UTF16: u64 = 2000;
/// 卡片消息包大小最多20KB (bytes of compact JSON of `params.data`).
pub const CARD_MAX_BYTES: u64 = 20 * 1024;
pub const GROUP_NAME_MAX: u64 = 40;
pub const GROUP_NOTICE_MAX: u64 = 3000;
pub const GROUP_INTRO_MAX: u64 = 200;
pub const GROUP_AVATAR_MAX: u64 = 300;
pub const UNIQUE_KEY_MAX: u64 = 64;
pub const GROUP_ID_MAX: u64 = 40;
pub const ROBOT_ID_MAX: u64 = 32;
pub const APP_MAX: u64 = 32;
pub const PIN_MAX: u64 = 64;
pub const MEMBERS_MAX: u64 = 100;
pub const MEMBER_ROBOTS_MAX: u64 = 5;
pub const ADMINS_MAX: u64 = 10;
pub const PAGE_SIZE_MAX: u64 = 200;
/// The only host group avatars may use ("群头像icon url只支持360buyimg.com"), subdomains included.
pub const AVATAR_HOST: &str = "360buyimg.com";

const SEC: u64 = 1000;
const MIN: u64 = 60 * SEC;
const HOUR: u64 = 60 * MIN;
const DAY: u64 = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

const PIN_PATHS: &[&str] = &[
    "erp",
    "params.pin",
    "params.to.pin",
    "params.owner.pin",
    "params.members[].pin",
    "params.adminMember.pin",
    "params.operator.pin",
    "params.newOwner.pin",
    "params.groupUsers[].pin",
    "params.body.atUsers[].pin",
    "params.data.at.users[].pin",
];
const APP_PATHS: &[&str] = &[
    "params.app",
    "params.to.app",
    "params.owner.app",
    "params.members[].app",
    "params.adminMember.app",
    "params.operator.app",
    "params.newOwner.app",
    "params.groupUsers[].app",
    "params.body.atUsers[].app",
    "params.data.at.users[].app",
];
const GROUP_ID_PATHS: &[&str] = &["groupId", "params.groupId", "params.gid", "params.groupIds[]"];
const ROBOT_ID_PATHS: &[&str] = &["robotId", "params.robotId"];

use Endpoint as E;

const GROUP_WRITE: &[Endpoint] = &[E::CreateGroup, E::UpdateGroup];
const MEMBER_LISTS: &[Endpoint] = &[E::CreateGroup, E::AddGroupMember, E::KickOutGroup, E::UserAddGroupMember];
const ADMIN_SETTERS: &[Endpoint] = &[E::AddGroupAdmin, E::UserAddGroupAdmin];
const PAGED: &[Endpoint] = &[E::GetRobotGroup, E::GetGroupMembers];
const SEND_QUOTA: &[Endpoint] = &[
    E::SendRobotMsg,
    E::SendJueMsg,
    E::SendJueChangeMsg,
    E::SendStickyCardMsg,
    E::SendStickyCardChangesMsg,
    E::SendUnpinCardMsg,
];
const GROUP_QUOTA: &[Endpoint] = &[E::GetRobotGroup, E::AddGroupAdmin, E::WithdrawMsg, E::DoTopNotice, E::CancelTopNotice];
const ALARM: &[Profile] = &[Profile::Alarm];
const TODO: &[Profile] = &[Profile::Todo];
const CONSULT: &[Profile] = &[Profile::Consult];
const ALARM_TODO: &[Profile] = &[Profile::Alarm, Profile::Todo];
const ANY: &[Profile] = &[];

const fn rule(id: &'static str, summary: &'static str, source: &'static str, stage: Stage, applies: Applies, eval: Eval) -> Rule {
    Rule {
        id,
        summary,
        source,
        stage,
        limit: None,
        unit: None,
        window_ms: None,
        platform_code: None,
        applies,
        profiles: ANY,
        eval,
    }
}

const fn max_len(id: &'static str, summary: &'static str, source: &'static str, limit: u64, applies: Applies, paths: &'static [&'static str]) -> Rule {
    Rule {
        id,
        summary,
        source,
        stage: Stage::Limit,
        limit: Some(limit),
        unit: Some(Unit::Utf16CodeUnits),
        window_ms: None,
        platform_code: None,
        applies,
        profiles: ANY,
        eval: Eval::MaxLen(paths),
    }
}

#[allow(clippy::too_many_arguments)]
const fn rate(
    id: &'static str,
    summary: &'static str,
    source: &'static str,
    limit: u64,
    window_ms: u64,
    code: i64,
    applies: Applies,
    profiles: &'static [Profile],
) -> Rule {
    Rule {
        id,
        summary,
        source,
        stage: Stage::Stateful,
        limit: Some(limit),
        unit: Some(Unit::Requests),
        window_ms: Some(window_ms),
        platform_code: Some(code),
        applies,
        profiles,
        eval: Eval::Stateful,
    }
}

const fn with_code(mut r: Rule, code: i64) -> Rule {
    r.platform_code = Some(code);
    r
}

const fn with_limit(mut r: Rule, limit: u64, unit: Unit) -> Rule {
    r.limit = Some(limit);
    r.unit = Some(unit);
    r
}

use Applies as A;
use Stage as S;

/// Every rule, in reporting order.
pub static RULES: &[Rule] = &[
    // --- 1. structure -------------------------------------------------------------------------
    with_code(
        // A body the gateway cannot parse is 99990014 (解析请求参数内容异常); 99990041 is what the
        // backend answers when a parsed body does not fit its types (jdme.field.type). Both the
        // simulator and `jdme check` answer 99990014 here.
        rule("jdme.body.json", "The body must be a JSON object.", "99990014 解析请求参数内容异常 (99990041 排查: 检查请求体是否json格式)", S::Structure, A::All, Eval::Custom(no_op)),
        99990014,
    ),
    with_code(
        rule("jdme.field.type", "Every field has its documented JSON type (numbers are not strings, objects are not strings).", "99990041 参数序列化为对象时失败 … 比如入参要数字，传输字符串", S::Structure, A::All, Eval::Field(FieldCheck::Type)),
        99990041,
    ),
    rule("jdme.field.required", "Required fields are present, required strings are not empty, required lists are not empty.", "各接口请求体表格 必填/是否必须", S::Structure, A::All, Eval::Field(FieldCheck::Required)),
    rule("jdme.field.enum", "Enumerated fields hold a documented value (tenantId, app, width_mode, sessionType, templateType, cardType, mode, body.type, pushType).", "枚举类型（CN.JD.GROUP，TH.JD.GROUP，ID.JD.GROUP，SF.JD.GROUP）; 用户app 国内:ee 泰国:th.ee 印尼:id.ee 机器人: robot.dd", S::Structure, A::All, Eval::Field(FieldCheck::Enum)),
    with_code(
        rule("jdme.destination.required", "A message names its destination: erp+tenantId or groupId (groupId for pinned cards, erp+tenantId for userTokenAuthorize).", "目的地要么是erp要么是咚咚群号，必须二选一; 20100007 消息接收者为空", S::Structure, A::All, Eval::Custom(dest_required)),
        20100007,
    ),
    rule("jdme.destination.exactly_one", "A message goes to a user or to a group, never both.", "目的地要么是erp要么是咚咚群号，必须二选一", S::Structure, A::All, Eval::Custom(dest_exactly_one)),
    rule("jdme.destination.erp_tenant_pair", "erp and tenantId come together (tenantId never without erp).", "erp和tenantId是一组信息", S::Structure, A::All, Eval::Custom(dest_pair)),
    rule("jdme.destination.not_accepted", "No destination field the endpoint does not take (e.g. a top-level groupId on updateGroup, erp on a pinned card).", "各接口请求示例", S::Structure, A::All, Eval::Custom(dest_not_accepted)),
    rule("jdme.jue.protocol", "sendJUEMsg uses exactly one protocol: new (cardData.templateCardId/templateCardVersion/templateCardVariable) or old (templateId/templateType/width_mode/summary).", "新版接口协议 / 老版接口协议", S::Structure, A::Only(&[E::SendJueMsg]), Eval::Custom(jue_protocol)),
    rule("jdme.jue_change.session_target", "sendJUEChangeMsg: sessionType 1 (单聊) goes with `to`/erp, sessionType 2 (群聊) with `gid`/`groupUsers`/groupId.", "to obj 单聊; gid 群聊id; groupUsers 群聊", S::Structure, A::Only(&[E::SendJueChangeMsg]), Eval::Custom(jue_change_session)),
    // --- 2. interception (拦截规则), in the documented priority ---------------------------------
    with_code(
        rule("jdme.content.not_empty", "Message content is not empty: text not blank, card data not an empty object.", "内容不允许为空; 20100010 机器人消息是空", S::Interception, A::Content, Eval::Custom(content_not_empty)),
        20100010,
    ),
    with_code(
        with_limit(
            rule("jdme.text.max_length", "Text content is at most 2000 UTF-16 code units, mention prefixes included.", "文本消息内容最多2000字符; 20100011 机器人消息超过2000", S::Interception, A::Only(&[E::SendRobotMsg]), Eval::Custom(text_max_length)),
            TEXT_MAX_UTF16,
            Unit::Utf16CodeUnits,
        ),
        20100011,
    ),
    with_limit(
        rule("jdme.card.max_bytes", "Card package (compact JSON of params.data) is at most 20 KB = 20480 bytes.", "卡片消息包大小最多20KB", S::Interception, A::Only(&[E::SendJueMsg, E::SendStickyCardMsg]), Eval::Custom(card_max_bytes)),
        CARD_MAX_BYTES,
        Unit::Utf8Bytes,
    ),
    with_code(
        rule("jdme.scope.send", "The destination is inside the robot's send scope (checked when facts.sendScope is given).", "只能推送给机器人已申请的发送范围的人群; 20100012 不在发送范围", S::Interception, A::Messages, Eval::Custom(scope_send)),
        20100012,
    ),
    // --- 3. other documented limits ----------------------------------------------------------
    rule("jdme.text.mentions_group_only", "@mentions (atUsers) only in group messages.", "群@用户消息", S::Limit, A::Only(&[E::SendRobotMsg]), Eval::Custom(mentions_group_only)),
    rule("jdme.text.mentions_match", "Every atUsers entry appears in the content as @nickname followed by U+2005.", "消息内容（需增加@用户前缀）… @人员之间间隔并非空格，而是（\\u2005）编码", S::Limit, A::Only(&[E::SendRobotMsg]), Eval::Custom(mentions_match)),
    rule("jdme.text.at_all_nickname", "The @all mention is pin \"all\" with nickname \"全体成员\".", "@群内全员 {\"pin\": \"all\", \"nickname\": \"全体成员\"}", S::Limit, A::Only(&[E::SendRobotMsg]), Eval::Custom(at_all_nickname)),
    max_len("jdme.group.name.max_length", "Group name at most 40.", "name string 必须 40 群名称", GROUP_NAME_MAX, A::Only(GROUP_WRITE), &["params.name"]),
    max_len("jdme.group.notice.max_length", "Group notice at most 3000 (also the content doTopNotice pins).", "notice string 非必须 3000 群公告", GROUP_NOTICE_MAX, A::Only(&[E::CreateGroup, E::UpdateGroup, E::DoTopNotice]), &["params.notice", "params.content"]),
    max_len("jdme.group.intro.max_length", "Group intro at most 200.", "intro string 非必须 200 群简介", GROUP_INTRO_MAX, A::Only(GROUP_WRITE), &["params.intro"]),
    max_len("jdme.group.avatar.max_length", "Group avatar URL at most 300.", "avatar string 非必须 300 群头像", GROUP_AVATAR_MAX, A::Only(GROUP_WRITE), &["params.avatar"]),
    rule("jdme.group.avatar.host", "Group avatar URL is http(s) on 360buyimg.com (or a subdomain).", "群头像icon url只支持360buyimg.com", S::Limit, A::Only(GROUP_WRITE), Eval::Custom(avatar_host)),
    max_len("jdme.group.unique_key.max_length", "createGroup uniqueKey at most 64.", "uniqueKey string 必须 64 建群唯一key", UNIQUE_KEY_MAX, A::Only(&[E::CreateGroup]), &["params.uniqueKey"]),
    rule("jdme.group.update.not_empty", "updateGroup changes at least one of name, notice, avatar, intro.", "更新群信息", S::Limit, A::Only(&[E::UpdateGroup]), Eval::Custom(update_not_empty)),
    max_len("jdme.group_id.max_length", "groupId at most 40.", "groupId string 必须 40 群ID", GROUP_ID_MAX, A::All, GROUP_ID_PATHS),
    max_len("jdme.robot_id.max_length", "robotId at most 32.", "robotId string 必须 32 机器人ID", ROBOT_ID_MAX, A::All, ROBOT_ID_PATHS),
    max_len("jdme.app.max_length", "app at most 32.", "app string 必须 32 用户app", APP_MAX, A::All, APP_PATHS),
    max_len("jdme.pin.max_length", "pin / erp at most 64.", "pin string 必须 64 用户erp", PIN_MAX, A::All, PIN_PATHS),
    with_limit(
        rule("jdme.group.members.max_count", "At most 100 members per call (createGroup: the whole group, owner included).", "群人数上限100 / 添加群成员上限100", S::Limit, A::Only(MEMBER_LISTS), Eval::Custom(members_max_count)),
        MEMBERS_MAX,
        Unit::Items,
    ),
    with_limit(
        rule("jdme.group.members.max_robots", "At most 5 robots (app robot.dd) among them.", "机器人上限5个", S::Limit, A::Only(MEMBER_LISTS), Eval::Custom(members_max_robots)),
        MEMBER_ROBOTS_MAX,
        Unit::Items,
    ),
    with_code(
        rule("jdme.scope.members", "Owner and invited members are inside the robot's 可用范围 (checked when facts.sendScope is given; robots are not checked).", "10300000 无此群主创群权限; 被邀请的人需在app对应的消息发送范围内", S::Limit, A::Only(&[E::CreateGroup, E::AddGroupMember]), Eval::Custom(scope_members)),
        10300000,
    ),
    with_limit(
        rule("jdme.group.admins.max_count", "A group has at most 10 admins (checked when facts.adminCount is given).", "只支持10个管理员", S::Limit, A::Only(ADMIN_SETTERS), Eval::Custom(admins_max)),
        ADMINS_MAX,
        Unit::Items,
    ),
    rule("jdme.group.admin.not_owner", "The owner cannot be made an admin (checked when facts.groupOwner is given).", "不能设置群主为管理员", S::Limit, A::Only(ADMIN_SETTERS), Eval::Custom(admin_not_owner)),
    with_limit(
        rule("jdme.page.size.max", "getRobotGroup pageSize at most 200.", "pageSize 分页大小，最大支持200", S::Limit, A::Only(&[E::GetRobotGroup]), Eval::Custom(page_size_max)),
        PAGE_SIZE_MAX,
        Unit::Items,
    ),
    rule("jdme.page.min", "pageNo and pageSize are at least 1.", "pageNo 页号 / pageSize 分页大小", S::Limit, A::Only(PAGED), Eval::Custom(page_min)),
    // --- 4. stateful (evaluated by ratelimit) ------------------------------------------------
    rate("jdme.quota.send.per_second", "Send APIs: 20 requests per second per app and API.", "限制：20 QPS/秒，1000 次/分", 20, SEC, 99990105, A::Only(SEND_QUOTA), ANY),
    rate("jdme.quota.send.per_minute", "Send APIs: 1000 requests per minute per app and API.", "限制：20 QPS/秒，1000 次/分", 1000, MIN, 99990105, A::Only(SEND_QUOTA), ANY),
    rate("jdme.quota.group.per_second", "getRobotGroup, addGroupAdmin, withdrawMsg, doTopNotice, cancelTopNotice: 10 per second per app and API.", "每个app查询频率不得大于10次/秒; 设置频率不得大于10次/秒", 10, SEC, 99990105, A::Only(GROUP_QUOTA), ANY),
    rate("jdme.quota.create_group.per_day", "createGroup: 100 groups per app per day (China Standard Time day).", "单个应用每天创建上限 不超过100个", 100, DAY, 99990105, A::Only(&[E::CreateGroup]), ANY),
    rate("jdme.intercept.duplicate", "The same content to the same user or group at most once per hour (more than 1 h apart).", "向同1个 用户/群，投递相同内容的消息，需要间隔1小时以上", 1, HOUR, 20100009, A::Content, ALARM_TODO),
    rate("jdme.intercept.per_target", "At most 5 messages per second to the same PIN or group.", "1s内，只能给同1个PIN/群，推送5条消息", 5, SEC, 20100009, A::Messages, ANY),
    rate("jdme.intercept.alarm.per_second", "Alarm robots: at most 50 messages per second.", "系统报警: 最高推送频率不超过50次/S", 50, SEC, 20100009, A::Messages, ALARM),
    rate("jdme.intercept.alarm.per_30min", "Alarm robots: at most 100000 messages per 30 minutes.", "系统报警: 最高推送频率不超过10W次/30min", 100_000, 30 * MIN, 20100009, A::Messages, ALARM),
    rate("jdme.intercept.todo.per_second", "Todo robots: at most 20 messages per second.", "工作待办: 最高推送频率不超过20次/S", 20, SEC, 20100009, A::Messages, TODO),
    rate("jdme.intercept.todo.per_60min", "Todo robots: at most 100000 messages per 60 minutes.", "工作待办: 最高推送频率不超过10W次/60min", 100_000, 60 * MIN, 20100009, A::Messages, TODO),
    rate("jdme.intercept.consult.per_second", "Consult robots: at most 50 messages per second.", "咨询问答: 最高推送频率不超过50次/S", 50, SEC, 20100009, A::Messages, CONSULT),
    rate("jdme.intercept.consult.per_30min", "Consult robots: at most 100000 messages per 30 minutes.", "咨询问答: 最高推送频率不超过10W次/30min", 100_000, 30 * MIN, 20100009, A::Messages, CONSULT),
];

impl Rule {
    /// Whether the rule looks at requests of this shape.
    pub fn applies_to(&self, shape: &Shape) -> bool {
        self.applies.matches(shape)
    }
}

/// Looks a rule up by id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

// ---------------------------------------------------------------------------------------------
// Field schema
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Ty {
    Str,
    StrIn(&'static [&'static str]),
    Int,
    IntIn(&'static [i64]),
    Bool,
    Obj,
    Arr,
    /// 置顶资源ID: documented as string, sent as a number in every example.
    StrOrUint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Req {
    /// Present, not null, not "" and (for arrays) not empty... only strings are checked for "".
    Yes,
    /// Present and not null; may be empty (content emptiness is an interception rule).
    Present,
    /// Present and a non-empty array.
    NonEmpty,
    No,
}

#[derive(Debug, Clone, Copy)]
struct Field {
    path: &'static str,
    ty: Ty,
    req: Req,
}

const fn f(path: &'static str, ty: Ty, req: Req) -> Field {
    Field { path, ty, req }
}

const APPS: &[&str] = &App::ALL;
const TENANTS: &[&str] = &TenantId::ALL;
const WIDTH_MODES: &[&str] = &["compact", "standard", "wide"];
const SESSION_TYPES: &[i64] = &[1, 2];
const CHANGE_CARD_TYPES: &[i64] = &[1, 3];
const JUE_TEMPLATE_TYPES: &[i64] = &[1];
const GROUP_INFO_MODES: &[i64] = &[0, 1, 2];
const TEXT_TYPES: &[&str] = &["text"];
const PUSH_TYPES: &[&str] = &["authorization"];

macro_rules! member_fields {
    ($base:literal) => {
        [
            f($base, Ty::Obj, Req::Yes),
            f(concat!($base, ".app"), Ty::StrIn(APPS), Req::Yes),
            f(concat!($base, ".pin"), Ty::Str, Req::Yes),
        ]
    };
}

const CARD_OPTIONALS: &[Field] = &[
    f("params.data.reload", Ty::Bool, Req::No),
    f("params.data.forward", Ty::Obj, Req::No),
    f("params.data.forward.reload", Ty::Bool, Req::Yes),
    f("params.data.forward.cardData", Ty::Obj, Req::No),
    f("params.data.callbackData", Ty::Obj, Req::No),
];

const SEND_ROBOT_MSG: &[Field] = &[
    f("params.body", Ty::Obj, Req::Yes),
    f("params.body.type", Ty::StrIn(TEXT_TYPES), Req::Yes),
    f("params.body.content", Ty::Str, Req::Present),
    f("params.body.atUsers", Ty::Arr, Req::No),
    f("params.body.atUsers[]", Ty::Obj, Req::Yes),
    f("params.body.atUsers[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.body.atUsers[].pin", Ty::Str, Req::Yes),
    f("params.body.atUsers[].nickname", Ty::Str, Req::Yes),
];

const JUE_COMMON: &[Field] = &[
    f("params.data", Ty::Obj, Req::Yes),
    f("params.data.at", Ty::Obj, Req::No),
    f("params.data.at.atAll", Ty::Bool, Req::Yes),
    f("params.data.at.users", Ty::Arr, Req::No),
    f("params.data.at.users[]", Ty::Obj, Req::Yes),
    f("params.data.at.users[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.data.at.users[].pin", Ty::Str, Req::Yes),
];

const JUE_NEW: &[Field] = &[
    f("params.data.cardData", Ty::Obj, Req::Yes),
    f("params.data.cardData.templateCardId", Ty::Str, Req::Yes),
    f("params.data.cardData.templateCardVersion", Ty::Str, Req::Yes),
    f("params.data.cardData.templateCardVariable", Ty::Obj, Req::Present),
];

const JUE_OLD: &[Field] = &[
    f("params.data.templateId", Ty::Str, Req::Yes),
    f("params.data.templateType", Ty::IntIn(JUE_TEMPLATE_TYPES), Req::Yes),
    f("params.data.width_mode", Ty::StrIn(WIDTH_MODES), Req::No),
    f("params.data.summary", Ty::Str, Req::No),
    f("params.data.cardData", Ty::Obj, Req::No),
];

const JUE_CHANGE: &[Field] = &[
    f("params.sessionType", Ty::IntIn(SESSION_TYPES), Req::Yes),
    f("params.templateType", Ty::IntIn(CHANGE_CARD_TYPES), Req::Yes),
    f("params.cardMsgId", Ty::Str, Req::Yes),
    f("params.timestamp", Ty::Int, Req::Yes),
    f("params.to", Ty::Obj, Req::No),
    f("params.to.app", Ty::StrIn(APPS), Req::Yes),
    f("params.to.pin", Ty::Str, Req::Yes),
    f("params.gid", Ty::Str, Req::No),
    f("params.groupUsers", Ty::Arr, Req::No),
    f("params.groupUsers[]", Ty::Obj, Req::Yes),
    f("params.groupUsers[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.groupUsers[].pin", Ty::Str, Req::Yes),
    f("params.cardType", Ty::IntIn(CHANGE_CARD_TYPES), Req::No),
    f("params.cardId", Ty::Int, Req::No),
];

const STICKY: &[Field] = &[
    f("params.data", Ty::Obj, Req::Yes),
    f("params.data.templateId", Ty::Str, Req::Yes),
    f("params.data.cardData", Ty::Obj, Req::Present),
];

const STICKY_REF: &[Field] = &[
    f("params.cardMsgId", Ty::Str, Req::Yes),
    f("params.resId", Ty::StrOrUint, Req::Yes),
    f("params.top", Ty::Bool, Req::No),
];

const MEMBERS: &[Field] = &[
    f("params.members[]", Ty::Obj, Req::Yes),
    f("params.members[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.members[].pin", Ty::Str, Req::Yes),
];

const GROUP_ID: Field = f("params.groupId", Ty::Str, Req::Yes);

const CREATE_GROUP: &[Field] = &[
    f("params.name", Ty::Str, Req::Yes),
    f("params.notice", Ty::Str, Req::No),
    f("params.avatar", Ty::Str, Req::No),
    f("params.intro", Ty::Str, Req::No),
    f("params.uniqueKey", Ty::Str, Req::Yes),
    f("params.members", Ty::Arr, Req::Present),
];
const OWNER: [Field; 3] = member_fields!("params.owner");

const UPDATE_GROUP: &[Field] = &[
    GROUP_ID,
    f("params.name", Ty::Str, Req::No),
    f("params.notice", Ty::Str, Req::No),
    f("params.avatar", Ty::Str, Req::No),
    f("params.intro", Ty::Str, Req::No),
];

const MEMBER_CHANGE: &[Field] = &[GROUP_ID, f("params.members", Ty::Arr, Req::NonEmpty)];
const PAGE: &[Field] = &[f("params.pageNo", Ty::Int, Req::Yes), f("params.pageSize", Ty::Int, Req::Yes)];
const PAGE_OPT: &[Field] = &[GROUP_ID, f("params.pageNo", Ty::Int, Req::No), f("params.pageSize", Ty::Int, Req::No)];
const ADMIN: [Field; 3] = member_fields!("params.adminMember");
const OPERATOR: [Field; 3] = member_fields!("params.operator");
const NEW_OWNER: [Field; 3] = member_fields!("params.newOwner");

const AUTHORIZE: &[Field] = &[
    f("params.to", Ty::Obj, Req::Yes),
    f("params.to.app", Ty::StrIn(APPS), Req::Yes),
    f("params.to.pin", Ty::Str, Req::Yes),
    f("params.to.clientType", Ty::Str, Req::No),
    f("params.body", Ty::Obj, Req::Yes),
    f("params.body.pushType", Ty::StrIn(PUSH_TYPES), Req::Yes),
    f("params.body.data", Ty::Obj, Req::Yes),
    f("params.body.data.appKey", Ty::Str, Req::Yes),
    f("params.body.data.eventId", Ty::Str, Req::Yes),
    f("params.body.data.scopeList", Ty::Arr, Req::NonEmpty),
    f("params.body.data.scopeList[]", Ty::Str, Req::Yes),
    f("params.body.data.callbackParam", Ty::Str, Req::No),
];

/// The full field list for a body of this shape (the sendJUEMsg protocol is read from the body).
fn fields(shape: &Shape, body: &Value) -> Vec<Field> {
    let mut v: Vec<Field> = Vec::new();
    if shape.envelope {
        v.push(f("appId", Ty::Str, Req::Yes));
        v.push(f("requestId", Ty::Str, Req::Yes));
        v.push(f("dateTime", Ty::Int, if shape.date_time_required { Req::Yes } else { Req::No }));
        v.push(f("erp", Ty::Str, Req::No));
        v.push(f("tenantId", Ty::StrIn(TENANTS), Req::No));
        v.push(f("groupId", Ty::Str, Req::No));
        v.push(f("params", Ty::Obj, Req::Yes));
        v.push(f("robotId", Ty::Str, if shape.robot_id.top() { Req::Yes } else { Req::No }));
        v.push(f("params.robotId", Ty::Str, if shape.robot_id.params() { Req::Yes } else { Req::No }));
    }
    let Some(e) = shape.endpoint else { return v };
    match e {
        E::AppAccessToken => v.extend([f("appKey", Ty::Str, Req::Yes), f("appSecret", Ty::Str, Req::Yes)]),
        E::TeamAccessToken => v.extend([f("appAccessToken", Ty::Str, Req::Yes), f("openTeamId", Ty::Str, Req::Yes)]),
        E::UserAccessToken => v.extend([f("appAccessToken", Ty::Str, Req::Yes), f("code", Ty::Str, Req::Yes)]),
        E::SendRobotMsg => v.extend_from_slice(SEND_ROBOT_MSG),
        E::SendJueMsg => {
            v.extend_from_slice(JUE_COMMON);
            v.extend_from_slice(CARD_OPTIONALS);
            match jue_protocols(body) {
                (true, false) => v.extend_from_slice(JUE_NEW),
                (false, true) => v.extend_from_slice(JUE_OLD),
                _ => {}
            }
        }
        E::SendJueChangeMsg => v.extend_from_slice(JUE_CHANGE),
        E::SendStickyCardMsg => {
            v.extend_from_slice(STICKY);
            v.extend_from_slice(CARD_OPTIONALS);
        }
        E::SendStickyCardChangesMsg | E::SendUnpinCardMsg => v.extend_from_slice(STICKY_REF),
        E::CreateGroup => {
            v.extend_from_slice(CREATE_GROUP);
            v.extend_from_slice(&OWNER);
            v.extend_from_slice(MEMBERS);
        }
        E::UpdateGroup => v.extend_from_slice(UPDATE_GROUP),
        E::AddGroupMember | E::KickOutGroup | E::UserAddGroupMember => {
            v.extend_from_slice(MEMBER_CHANGE);
            v.extend_from_slice(MEMBERS);
        }
        E::GetRobotGroup => v.extend_from_slice(PAGE),
        E::AddGroupAdmin | E::UserAddGroupAdmin => {
            v.push(GROUP_ID);
            v.extend_from_slice(&ADMIN);
        }
        E::WithdrawMsg => v.push(f("params.packetId", Ty::Str, Req::Yes)),
        E::DoTopNotice => v.extend([GROUP_ID, f("params.content", Ty::Str, Req::No)]),
        E::CancelTopNotice => v.extend([f("params.resId", Ty::StrOrUint, Req::Yes), GROUP_ID]),
        E::GetGroupInfo => {
            v.push(GROUP_ID);
            v.extend_from_slice(&OPERATOR);
            v.push(f("params.mode", Ty::IntIn(GROUP_INFO_MODES), Req::No));
        }
        E::GetGroupMembers => v.extend_from_slice(PAGE_OPT),
        E::IsGroupExist => v.push(GROUP_ID),
        E::GetEffectiveGroupId => v.extend([
            f("params.app", Ty::StrIn(APPS), Req::Yes),
            f("params.pin", Ty::Str, Req::Yes),
            f("params.groupIds", Ty::Arr, Req::NonEmpty),
            f("params.groupIds[]", Ty::Str, Req::Yes),
        ]),
        E::TransferGroupOwner => {
            v.push(GROUP_ID);
            v.extend_from_slice(&NEW_OWNER);
        }
        E::UserTokenAuthorize => v.extend_from_slice(AUTHORIZE),
    }
    v
}

/// Every location a dotted path names. `x[]` steps into each element of array `x`. Missing or
/// wrongly typed parents yield nothing (the parent's own field reports them); a missing or null
/// last segment yields `(path, None)`.
/// What [`resolve`] finds: one place (no allocation) or the elements of lists.
enum Resolved<'p, 'a> {
    One(Option<(Cow<'p, str>, Option<&'a Value>)>),
    Many(std::vec::IntoIter<(Cow<'p, str>, Option<&'a Value>)>),
}

impl<'p, 'a> Iterator for Resolved<'p, 'a> {
    type Item = (Cow<'p, str>, Option<&'a Value>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Resolved::One(x) => x.take(),
            Resolved::Many(it) => it.next(),
        }
    }
}

fn resolve<'a, 'p>(body: &'a Value, path: &'p str) -> Resolved<'p, 'a> {
    // Most paths name one place (no `[]`): the resolved path is the path itself, and nothing is
    // allocated unless a rule reports it (this check runs on every send).
    let marker = list_marker(path);
    if marker.is_none() {
        let mut v = body;
        let mut segs = segments(path).peekable();
        while let Some(seg) = segs.next() {
            let Some(o) = v.as_object() else { return Resolved::One(None) };
            match o.get(seg) {
                None | Some(Value::Null) => return Resolved::One(segs.peek().is_none().then_some((Cow::Borrowed(path), None))),
                Some(x) => v = x,
            }
        }
        return Resolved::One(Some((Cow::Borrowed(path), Some(v))));
    }
    // A list that is not there has no elements to check: skip the walk (and its allocations).
    if let Some(i) = marker {
        if !get(body, &path[..i]).is_some_and(Value::is_array) {
            return Resolved::One(None);
        }
    }
    let segs: Vec<&str> = path.split('.').collect();
    let mut cur: Vec<(String, &'a Value)> = vec![(String::new(), body)];
    let mut missing = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (*seg, false),
        };
        let mut next = Vec::new();
        for (p, v) in cur {
            let Some(o) = v.as_object() else { continue };
            let fp = if p.is_empty() { name.to_owned() } else { format!("{p}.{name}") };
            match o.get(name) {
                None | Some(Value::Null) => {
                    if last && !each {
                        missing.push((fp, None));
                    }
                }
                Some(x) if each => {
                    if let Some(a) = x.as_array() {
                        for (k, el) in a.iter().enumerate() {
                            next.push((format!("{fp}[{k}]"), el));
                        }
                    }
                }
                Some(x) => next.push((fp, x)),
            }
        }
        cur = next;
    }
    let mut out: Vec<(Cow<'p, str>, Option<&'a Value>)> = cur.into_iter().map(|(p, v)| (Cow::Owned(p), Some(v))).collect();
    out.extend(missing.into_iter().map(|(p, v)| (Cow::Owned(p), v)));
    Resolved::Many(out.into_iter())
}

/// The value at a dotted `path` in a JSON body (`params.robotId`), absent when null.
/// The dot-separated segments of a path. A plain byte loop: `str::split` sets up a pattern
/// searcher per call, which cost more than the lookups on these short paths (profiled).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    let bytes = path.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'.' {
            end += 1;
        }
        let seg = &path[start..end];
        if end == bytes.len() {
            done = true;
        }
        start = end + 1;
        Some(seg)
    })
}

/// Where the first `[]` is, if any (byte scan, see [`segments`]).
fn list_marker(path: &str) -> Option<usize> {
    path.as_bytes().windows(2).position(|w| w == b"[]")
}

pub(crate) fn get<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = body;
    for seg in segments(path) {
        v = v.as_object()?.get(seg)?;
    }
    if v.is_null() {
        None
    } else {
        Some(v)
    }
}

fn get_str<'a>(body: &'a Value, path: &str) -> Option<&'a str> {
    get(body, path).and_then(Value::as_str)
}

fn is_int(v: &Value) -> bool {
    v.is_i64() || v.is_u64()
}

fn type_name(t: Ty) -> &'static str {
    match t {
        Ty::Str | Ty::StrIn(_) => "string",
        Ty::Int | Ty::IntIn(_) => "integer",
        Ty::Bool => "boolean",
        Ty::Obj => "object",
        Ty::Arr => "array",
        Ty::StrOrUint => "string or non-negative integer",
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(t: Ty, v: &Value) -> bool {
    match t {
        Ty::Str | Ty::StrIn(_) => v.is_string(),
        Ty::Int | Ty::IntIn(_) => is_int(v),
        Ty::Bool => v.is_boolean(),
        Ty::Obj => v.is_object(),
        Ty::Arr => v.is_array(),
        Ty::StrOrUint => v.is_string() || v.is_u64(),
    }
}

fn viol(rule: &Rule, field: impl Into<String>, limit: Option<Value>, actual: Option<Value>, message: String) -> Violation {
    Violation { rule: rule.id, field: field.into(), limit, actual, platform_code: rule.platform_code, message }
}

fn field_check(rule: &Rule, which: FieldCheck, input: &Input) -> Vec<Violation> {
    let mut out = Vec::new();
    for fd in &input.fields {
        for (p, v) in resolve(input.body, fd.path) {
            match v {
                None => {
                    if which == FieldCheck::Required && fd.req != Req::No {
                        out.push(viol(rule, p.clone(), None, None, format!("{p} is required")));
                    }
                }
                Some(v) => {
                    if !type_ok(fd.ty, v) {
                        if which == FieldCheck::Type {
                            out.push(viol(
                                rule,
                                p.clone(),
                                Some(Value::from(type_name(fd.ty))),
                                Some(Value::from(json_kind(v))),
                                format!("{p} must be a {}, not {}", type_name(fd.ty), json_kind(v)),
                            ));
                        }
                        continue;
                    }
                    match which {
                        FieldCheck::Required => {
                            if fd.req == Req::Yes && v.as_str() == Some("") {
                                out.push(viol(rule, p.clone(), None, Some(Value::from("")), format!("{p} must not be empty")));
                            }
                            if fd.req == Req::NonEmpty && v.as_array().is_some_and(Vec::is_empty) {
                                out.push(viol(rule, p.clone(), None, Some(Value::from(0)), format!("{p} must not be an empty list")));
                            }
                        }
                        FieldCheck::Enum => match fd.ty {
                            Ty::StrIn(allowed) => {
                                if let Some(s) = v.as_str() {
                                    if !allowed.contains(&s) {
                                        out.push(viol(
                                            rule,
                                            p.clone(),
                                            Some(Value::from(allowed.to_vec())),
                                            Some(v.clone()),
                                            format!("{p} must be one of {allowed:?}"),
                                        ));
                                    }
                                }
                            }
                            Ty::IntIn(allowed) if !v.as_i64().is_some_and(|n| allowed.contains(&n)) => {
                                out.push(viol(
                                    rule,
                                    p.clone(),
                                    Some(Value::from(allowed.to_vec())),
                                    Some(v.clone()),
                                    format!("{p} must be one of {allowed:?}"),
                                ));
                            }
                            _ => {}
                        },
                        FieldCheck::Type => {}
                    }
                }
            }
        }
    }
    out
}

fn utf16_len(s: &str) -> u64 {
    s.encode_utf16().count() as u64
}

fn max_len_check(rule: &Rule, paths: &[&str], input: &Input) -> Vec<Violation> {
    let Some(max) = rule.limit else { return Vec::new() };
    let mut out = Vec::new();
    for path in paths {
        for (p, v) in resolve(input.body, path) {
            if let Some(s) = v.and_then(Value::as_str) {
                let n = utf16_len(s);
                if n > max {
                    out.push(viol(
                        rule,
                        p.clone(),
                        Some(Value::from(max)),
                        Some(Value::from(n)),
                        format!("{p} is {n} UTF-16 code units; the limit is {max}"),
                    ));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Custom rules
// ---------------------------------------------------------------------------------------------

/// `jdme.body.json` is decided before the table runs (see [`check_shape`] and [`check_text`]).
fn no_op(_: &Rule, _: &Input) -> Vec<Violation> {
    Vec::new()
}

struct Dest<'a> {
    erp: Option<&'a Value>,
    tenant: Option<&'a Value>,
    group: Option<&'a Value>,
}

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|x| !x.is_null() && x.as_str() != Some(""))
}

fn dest(body: &Value) -> Dest<'_> {
    Dest { erp: present(get(body, "erp")), tenant: present(get(body, "tenantId")), group: present(get(body, "groupId")) }
}

fn dest_required(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    let missing = match input.shape.destination {
        Some(DestinationPolicy::Target) => d.erp.is_none() && d.tenant.is_none() && d.group.is_none(),
        Some(DestinationPolicy::Group) => d.group.is_none(),
        Some(DestinationPolicy::User) => d.erp.is_none(),
        _ => false,
    };
    if !missing {
        return Vec::new();
    }
    let (field, what) = match input.shape.destination {
        Some(DestinationPolicy::Group) => ("groupId", "groupId"),
        Some(DestinationPolicy::User) => ("erp", "erp and tenantId"),
        _ => ("", "erp+tenantId or groupId"),
    };
    vec![viol(rule, field, None, None, format!("destination missing: give {what}"))]
}

fn dest_exactly_one(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    if input.shape.destination == Some(DestinationPolicy::Target) && (d.erp.is_some() || d.tenant.is_some()) && d.group.is_some() {
        return vec![viol(rule, "groupId", None, None, "give either erp+tenantId or groupId, not both".into())];
    }
    Vec::new()
}

fn dest_pair(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    match input.shape.destination {
        Some(DestinationPolicy::Target) | Some(DestinationPolicy::User) => match (d.erp, d.tenant) {
            (Some(_), None) => vec![viol(rule, "tenantId", None, None, "erp needs tenantId (erp和tenantId是一组信息)".into())],
            (None, Some(_)) => vec![viol(rule, "erp", None, None, "tenantId needs erp (erp和tenantId是一组信息)".into())],
            _ => Vec::new(),
        },
        Some(DestinationPolicy::Operator) if d.erp.is_none() && d.tenant.is_some() => {
            vec![viol(rule, "erp", None, None, "tenantId needs erp".into())]
        }
        _ => Vec::new(),
    }
}

fn dest_not_accepted(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    let (erp_ok, group_ok) = match input.shape.destination {
        None => return Vec::new(),
        Some(DestinationPolicy::Target) => (true, true),
        Some(DestinationPolicy::Group) => (false, true),
        Some(DestinationPolicy::Operator) | Some(DestinationPolicy::User) => (true, false),
        Some(DestinationPolicy::None) => (false, false),
    };
    let mut out = Vec::new();
    let name = input.shape.endpoint.map(Endpoint::name).unwrap_or("this endpoint");
    if !erp_ok {
        for (k, v) in [("erp", d.erp), ("tenantId", d.tenant)] {
            if v.is_some() {
                out.push(viol(rule, k, None, None, format!("{name} takes no top-level {k}")));
            }
        }
    }
    if !group_ok && d.group.is_some() {
        out.push(viol(rule, "groupId", None, None, format!("{name} takes no top-level groupId (put it in params where documented)")));
    }
    out
}

/// (new protocol seen, old protocol seen) in a sendJUEMsg body.
fn jue_protocols(body: &Value) -> (bool, bool) {
    let new = ["templateCardId", "templateCardVersion", "templateCardVariable"]
        .iter()
        .any(|k| get(body, &format!("params.data.cardData.{k}")).is_some());
    let old = ["templateId", "templateType", "width_mode", "summary"].iter().any(|k| get(body, &format!("params.data.{k}")).is_some());
    (new, old)
}

fn jue_protocol(rule: &Rule, input: &Input) -> Vec<Violation> {
    if get(input.body, "params.data").map(Value::is_object) != Some(true) {
        return Vec::new();
    }
    match jue_protocols(input.body) {
        (true, true) => vec![viol(rule, "params.data", None, None, "new-protocol cardData.templateCard* cannot be mixed with old-protocol templateId/templateType/width_mode/summary".into())],
        (false, false) => vec![viol(rule, "params.data", None, None, "give cardData.templateCardId (new protocol) or templateId (old protocol)".into())],
        _ => Vec::new(),
    }
}

fn jue_change_session(rule: &Rule, input: &Input) -> Vec<Violation> {
    let b = input.body;
    let mut out = Vec::new();
    let d = dest(b);
    match get(b, "params.sessionType").and_then(Value::as_i64) {
        Some(1) => {
            for k in ["params.gid", "params.groupUsers"] {
                if get(b, k).is_some() {
                    out.push(viol(rule, k, None, None, format!("{k} is for sessionType 2 (群聊), not 1 (单聊)")));
                }
            }
            if d.group.is_some() {
                out.push(viol(rule, "groupId", None, None, "sessionType 1 (单聊) goes to a user: erp+tenantId, not groupId".into()));
            }
        }
        Some(2) => {
            if get(b, "params.to").is_some() {
                out.push(viol(rule, "params.to", None, None, "params.to is for sessionType 1 (单聊), not 2 (群聊)".into()));
            }
            if d.erp.is_some() {
                out.push(viol(rule, "erp", None, None, "sessionType 2 (群聊) goes to a group: groupId, not erp".into()));
            }
        }
        _ => {}
    }
    out
}

fn content_not_empty(rule: &Rule, input: &Input) -> Vec<Violation> {
    match input.shape.message {
        MessageKind::Text => match get_str(input.body, "params.body.content") {
            Some(c) if c.chars().all(char::is_whitespace) => {
                vec![viol(rule, "params.body.content", None, Some(Value::from(utf16_len(c))), "text content is empty or blank".into())]
            }
            _ => Vec::new(),
        },
        MessageKind::Card => match get(input.body, "params.data").and_then(Value::as_object) {
            Some(m) if m.is_empty() => vec![viol(rule, "params.data", None, None, "card data is empty".into())],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn text_max_length(rule: &Rule, input: &Input) -> Vec<Violation> {
    if input.shape.message != MessageKind::Text {
        return Vec::new();
    }
    max_len_check(rule, &["params.body.content"], input)
}

/// The size the card rule measures: bytes of the compact JSON of `params.data`.
pub fn card_package_bytes(data: &Value) -> u64 {
    serde_json::to_string(data).map(|s| s.len() as u64).unwrap_or(u64::MAX)
}

fn card_max_bytes(rule: &Rule, input: &Input) -> Vec<Violation> {
    if input.shape.message != MessageKind::Card {
        return Vec::new();
    }
    let Some(data) = get(input.body, "params.data") else { return Vec::new() };
    let n = card_package_bytes(data);
    if n > CARD_MAX_BYTES {
        return vec![viol(
            rule,
            "params.data",
            Some(Value::from(CARD_MAX_BYTES)),
            Some(Value::from(n)),
            format!("card package is {n} bytes of JSON; the limit is {CARD_MAX_BYTES} (20 KB)"),
        )];
    }
    Vec::new()
}

fn scope_send(rule: &Rule, input: &Input) -> Vec<Violation> {
    let Some(scope) = &input.facts.send_scope else { return Vec::new() };
    let d = dest(input.body);
    let mut out = Vec::new();
    if let Some(erp) = d.erp.and_then(Value::as_str) {
        if !scope.erps.iter().any(|e| e.eq_ignore_ascii_case(erp)) {
            out.push(viol(rule, "erp", None, Some(Value::from(erp)), format!("{erp} is outside the robot's send scope")));
        }
    }
    if let Some(g) = d.group.and_then(Value::as_str) {
        if !scope.group_ids.iter().any(|x| x == g) {
            out.push(viol(rule, "groupId", None, Some(Value::from(g)), format!("group {g} is outside the robot's send scope")));
        }
    }
    out
}

fn at_users(body: &Value) -> Vec<(usize, &Map<String, Value>)> {
    get(body, "params.body.atUsers")
        .and_then(Value::as_array)
        .map(|a| a.iter().enumerate().filter_map(|(i, u)| u.as_object().map(|o| (i, o))).collect())
        .unwrap_or_default()
}

fn mentions_group_only(rule: &Rule, input: &Input) -> Vec<Violation> {
    let has = get(input.body, "params.body.atUsers").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    if has && dest(input.body).group.is_none() {
        return vec![viol(rule, "params.body.atUsers", None, None, "@mentions need a group destination (groupId)".into())];
    }
    Vec::new()
}

fn mentions_match(rule: &Rule, input: &Input) -> Vec<Violation> {
    let Some(content) = get_str(input.body, "params.body.content") else { return Vec::new() };
    let mut out = Vec::new();
    for (i, u) in at_users(input.body) {
        let Some(nick) = u.get("nickname").and_then(Value::as_str) else { continue };
        let tag = format!("@{nick}");
        let with_sep = format!("{tag}\u{2005}");
        if !(content.contains(&with_sep) || content.ends_with(&tag)) {
            out.push(viol(
                rule,
                format!("params.body.atUsers[{i}].nickname"),
                None,
                Some(Value::from(nick)),
                format!("content does not contain \"@{nick}\" followed by U+2005"),
            ));
        }
    }
    out
}

fn at_all_nickname(rule: &Rule, input: &Input) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, u) in at_users(input.body) {
        if u.get("pin").and_then(Value::as_str) == Some("all") && u.get("nickname").and_then(Value::as_str) != Some("全体成员") {
            out.push(viol(
                rule,
                format!("params.body.atUsers[{i}].nickname"),
                Some(Value::from("全体成员")),
                u.get("nickname").cloned(),
                "the @all mention's nickname must be 全体成员".into(),
            ));
        }
    }
    out
}

/// True for an http(s) URL whose host is 360buyimg.com or a subdomain of it.
pub fn avatar_host_ok(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') || authority.contains('\\') {
        return false;
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return false,
        None => authority,
    };
    host == AVATAR_HOST || host.strip_suffix(AVATAR_HOST).is_some_and(|p| p.ends_with('.') && p.len() > 1)
}

fn avatar_host(rule: &Rule, input: &Input) -> Vec<Violation> {
    match get_str(input.body, "params.avatar") {
        Some(u) if !avatar_host_ok(u) => vec![viol(
            rule,
            "params.avatar",
            Some(Value::from(AVATAR_HOST)),
            Some(Value::from(u)),
            "the avatar must be an http(s) URL on 360buyimg.com".into(),
        )],
        _ => Vec::new(),
    }
}

fn update_not_empty(rule: &Rule, input: &Input) -> Vec<Violation> {
    if ["params.name", "params.notice", "params.avatar", "params.intro"].iter().any(|p| get(input.body, p).is_some()) {
        return Vec::new();
    }
    vec![viol(rule, "params", None, None, "updateGroup must change at least one of name, notice, avatar, intro".into())]
}

fn member_key(m: &Map<String, Value>) -> (String, String) {
    let app = m.get("app").and_then(Value::as_str).unwrap_or("").to_owned();
    let pin = m.get("pin").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
    (app, pin)
}

/// Members of the call, plus the owner for createGroup when not listed already.
fn member_set(input: &Input) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = get(input.body, "params.members")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).map(member_key).collect())
        .unwrap_or_default();
    if input.shape.endpoint == Some(E::CreateGroup) {
        if let Some(o) = get(input.body, "params.owner").and_then(Value::as_object) {
            let k = member_key(o);
            if !v.contains(&k) {
                v.push(k);
            }
        }
    }
    v
}

fn members_max_count(rule: &Rule, input: &Input) -> Vec<Violation> {
    let n = member_set(input).len() as u64;
    match rule.limit {
        Some(max) if n > max => vec![viol(
            rule,
            "params.members",
            Some(Value::from(max)),
            Some(Value::from(n)),
            format!("{n} members (owner included for createGroup); the limit is {max}"),
        )],
        _ => Vec::new(),
    }
}

fn members_max_robots(rule: &Rule, input: &Input) -> Vec<Violation> {
    let n = member_set(input).iter().filter(|(app, _)| app == App::RobotDd.as_str()).count() as u64;
    match rule.limit {
        Some(max) if n > max => vec![viol(
            rule,
            "params.members",
            Some(Value::from(max)),
            Some(Value::from(n)),
            format!("{n} robots among the members; the limit is {max}"),
        )],
        _ => Vec::new(),
    }
}

fn scope_members(rule: &Rule, input: &Input) -> Vec<Violation> {
    let Some(scope) = &input.facts.send_scope else { return Vec::new() };
    let mut out = Vec::new();
    let mut check = |path: String, m: &Map<String, Value>| {
        let (app, pin) = member_key(m);
        if app != App::RobotDd.as_str() && !scope.erps.iter().any(|e| e.eq_ignore_ascii_case(&pin)) {
            out.push(viol(rule, path, None, Some(Value::from(pin.clone())), format!("{pin} is outside the robot's 可用范围")));
        }
    };
    if input.shape.endpoint == Some(E::CreateGroup) {
        if let Some(o) = get(input.body, "params.owner").and_then(Value::as_object) {
            check("params.owner.pin".into(), o);
        }
    }
    if let Some(a) = get(input.body, "params.members").and_then(Value::as_array) {
        for (i, m) in a.iter().enumerate() {
            if let Some(o) = m.as_object() {
                check(format!("params.members[{i}].pin"), o);
            }
        }
    }
    out
}

fn admins_max(rule: &Rule, input: &Input) -> Vec<Violation> {
    match (input.facts.admin_count, rule.limit) {
        (Some(n), Some(max)) if u64::from(n) >= max => vec![viol(
            rule,
            "params.adminMember",
            Some(Value::from(max)),
            Some(Value::from(u64::from(n) + 1)),
            format!("the group already has {n} admins; the limit is {max}"),
        )],
        _ => Vec::new(),
    }
}

fn admin_not_owner(rule: &Rule, input: &Input) -> Vec<Violation> {
    let (Some(owner), Some(admin)) = (&input.facts.group_owner, get(input.body, "params.adminMember").and_then(Value::as_object)) else {
        return Vec::new();
    };
    let (app, pin) = member_key(admin);
    if app == owner.app && pin == owner.pin.to_ascii_lowercase() {
        return vec![viol(rule, "params.adminMember", None, Some(Value::from(pin)), "the group owner cannot be made an admin".into())];
    }
    Vec::new()
}

fn page_size_max(rule: &Rule, input: &Input) -> Vec<Violation> {
    match (get(input.body, "params.pageSize").and_then(Value::as_i64), rule.limit) {
        (Some(n), Some(max)) if n > 0 && n as u64 > max => vec![viol(
            rule,
            "params.pageSize",
            Some(Value::from(max)),
            Some(Value::from(n)),
            format!("pageSize {n} is above the maximum {max}"),
        )],
        _ => Vec::new(),
    }
}

fn page_min(rule: &Rule, input: &Input) -> Vec<Violation> {
    let mut out = Vec::new();
    for p in ["params.pageNo", "params.pageSize"] {
        if let Some(v) = get(input.body, p) {
            // u64 values are >= 0; an i64 covers negatives; 0 fails either way.
            let ok = v.as_u64().is_some_and(|n| n >= 1) || (!is_int(v));
            if !ok {
                out.push(viol(rule, p, Some(Value::from(1)), Some(v.clone()), format!("{p} must be at least 1")));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------

fn eval(rule: &Rule, input: &Input) -> Vec<Violation> {
    match rule.eval {
        Eval::Stateful => Vec::new(),
        Eval::Field(which) => field_check(rule, which, input),
        Eval::MaxLen(paths) => max_len_check(rule, paths, input),
        Eval::Custom(f) => f(rule, input),
    }
}

fn profile_matches(rule: &Rule, profile: Option<Profile>) -> bool {
    match profile {
        None => true,
        Some(p) => rule.profiles.is_empty() || rule.profiles.contains(&p),
    }
}

/// Checks a body of the given shape against every stateless rule; violations in reporting
/// order (see the module docs), so the first one is what the platform would answer.
pub fn check_shape(shape: Shape, body: &Value, profile: Option<Profile>, facts: &Facts) -> Vec<Violation> {
    if !body.is_object() {
        let r = rule_by_id("jdme.body.json");
        return vec![Violation {
            rule: "jdme.body.json",
            field: String::new(),
            limit: None,
            actual: Some(Value::from(json_kind(body))),
            platform_code: r.and_then(|r| r.platform_code),
            message: format!("the body must be a JSON object, not {}", json_kind(body)),
        }];
    }
    let input = Input { shape, body, profile, facts, fields: fields(&shape, body) };
    RULES
        .iter()
        .filter(|r| r.applies.matches(&shape) && profile_matches(r, profile))
        .flat_map(|r| eval(r, &input))
        .collect()
}

/// Checks a documented endpoint's body.
pub fn check(endpoint: Endpoint, body: &Value, profile: Option<Profile>, facts: &Facts) -> Vec<Violation> {
    check_shape(Shape::of(endpoint), body, profile, facts)
}

/// Checks a body given as JSON text for an endpoint name/path or a suite API path. Text that
/// is not JSON is reported as `jdme.body.json` (platform code 99990014), not as an error.
pub fn check_text(name: &str, body: &str, profile: Option<Profile>, facts: &Facts) -> Result<Vec<Violation>> {
    let shape = shape_for(name)?;
    match serde_json::from_str::<Value>(body) {
        Ok(v) => Ok(check_shape(shape, &v, profile, facts)),
        Err(e) => Ok(vec![Violation {
            rule: "jdme.body.json",
            field: String::new(),
            limit: None,
            actual: None,
            platform_code: rule_by_id("jdme.body.json").and_then(|r| r.platform_code),
            message: format!("the body is not JSON: {e}"),
        }]),
    }
}

/// The shape for an endpoint name/path or a suite API path.
pub fn shape_for(name: &str) -> Result<Shape> {
    if let Some(e) = Endpoint::from_name(name) {
        Ok(Shape::of(e))
    } else if crate::jdme::endpoints::suite_api(name).is_some() {
        Ok(Shape::suite())
    } else {
        Err(Error::new(ErrorKind::InvalidArgument, format!("unknown endpoint {name:?}")))
    }
}

/// The error a builder returns for a body that breaks rules: every rule id and field, in order.
pub fn violations_error(endpoint: &str, violations: &[Violation]) -> Error {
    let list: Vec<String> = violations
        .iter()
        .map(|v| if v.field.is_empty() { format!("{}: {}", v.rule, v.message) } else { format!("{} at {}: {}", v.rule, v.field, v.message) })
        .collect();
    Error::new(ErrorKind::RuleViolation, format!("{endpoint}: {}", list.join("; ")))
}

/// A rule as listed to the JS layer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    pub id: &'static str,
    pub summary: &'static str,
    pub source: &'static str,
    pub stage: Stage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<i64>,
    /// Endpoint names the rule applies to.
    pub endpoints: Vec<&'static str>,
    /// Whether it also applies to the suite APIs.
    pub suite: bool,
    /// Empty: every profile.
    pub profiles: Vec<Profile>,
}

/// The whole table, in reporting order.
pub fn rule_table() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id,
            summary: r.summary,
            source: r.source,
            stage: r.stage,
            limit: r.limit,
            unit: r.unit,
            window_ms: r.window_ms,
            platform_code: r.platform_code,
            endpoints: crate::jdme::endpoints::ENDPOINTS
                .iter()
                .filter(|s| r.applies.matches(&Shape::of(s.endpoint)))
                .map(|s| s.name)
                .collect(),
            suite: r.applies.matches(&Shape::suite()),
            profiles: r.profiles.to_vec(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_stateful_last() {
        let mut seen_stateful = false;
        for (i, r) in RULES.iter().enumerate() {
            assert!(r.id.starts_with("jdme."), "{}", r.id);
            for s in &RULES[i + 1..] {
                assert_ne!(r.id, s.id);
            }
            if r.stage == Stage::Stateful {
                seen_stateful = true;
            } else {
                assert!(!seen_stateful, "{} after stateful rules", r.id);
            }
        }
    }

    #[test]
    fn interception_in_documented_priority() {
        let order: Vec<&str> = RULES.iter().filter(|r| r.stage == Stage::Interception).map(|r| r.id).collect();
        assert_eq!(order, ["jdme.content.not_empty", "jdme.text.max_length", "jdme.card.max_bytes", "jdme.scope.send"]);
    }

    #[test]
    fn avatar_hosts() {
        assert!(avatar_host_ok("https://ddimg10.360buyimg.com/ee/jfs/t1/x.jpg"));
        assert!(avatar_host_ok("http://img30.360buyimg.com/f3dE7f44dcda/d454c616128cfb79.png"));
        assert!(avatar_host_ok("https://360buyimg.com/a.png"));
        assert!(avatar_host_ok("https://IMG.360BUYIMG.COM:443/a.png"));
        assert!(!avatar_host_ok("https://evil360buyimg.com/a.png"));
        assert!(!avatar_host_ok("https://360buyimg.com.evil.com/a.png"));
        assert!(!avatar_host_ok("https://360buyimg.com@evil.com/a.png"));
        assert!(!avatar_host_ok("ftp://img.360buyimg.com/a.png"));
        assert!(!avatar_host_ok("https://eefs.jd.com/res/download/x.png"));
        assert!(!avatar_host_ok("https://.360buyimg.com/a.png"));
        assert!(!avatar_host_ok("//img.360buyimg.com/a.png"));
    }

    #[test]
    fn resolve_paths() {
        let v: Value = serde_json::json!({"params": {"members": [{"pin": "a"}, {"app": "ee"}], "x": null}});
        let r: Vec<_> = resolve(&v, "params.members[].pin").collect();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].0, "params.members[0].pin");
        assert!(r[0].1.is_some());
        assert_eq!(r[1].0, "params.members[1].pin");
        assert!(r[1].1.is_none());
        assert_eq!(resolve(&v, "params.x").count(), 1);
        assert_eq!(resolve(&v, "params.x.y").count(), 0);
        assert_eq!(resolve(&v, "nope.y").count(), 0);
    }
}
