//! The rule table ([`RULES`], in reporting order) and the field schema the three field rules
//! read (which fields each endpoint's body has, their types and whether they are required).
//! Data only: the check functions the table names are in `checks`, the engine in `mod.rs`.

use super::*;

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

pub(super) const SEC: u64 = 1000;
pub(super) const MIN: u64 = 60 * SEC;
pub(super) const HOUR: u64 = 60 * MIN;
pub(super) const DAY: u64 = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

pub(super) const PIN_PATHS: &[&str] = &[
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
pub(super) const APP_PATHS: &[&str] = &[
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
pub(super) const GROUP_ID_PATHS: &[&str] = &["groupId", "params.groupId", "params.gid", "params.groupIds[]"];
pub(super) const ROBOT_ID_PATHS: &[&str] = &["robotId", "params.robotId"];

use Endpoint as E;

pub(super) const GROUP_WRITE: &[Endpoint] = &[E::CreateGroup, E::UpdateGroup];
pub(super) const MEMBER_LISTS: &[Endpoint] = &[E::CreateGroup, E::AddGroupMember, E::KickOutGroup, E::UserAddGroupMember];
pub(super) const ADMIN_SETTERS: &[Endpoint] = &[E::AddGroupAdmin, E::UserAddGroupAdmin];
pub(super) const PAGED: &[Endpoint] = &[E::GetRobotGroup, E::GetGroupMembers];
pub(super) const SEND_QUOTA: &[Endpoint] = &[
    E::SendRobotMsg,
    E::SendJueMsg,
    E::SendJueChangeMsg,
    E::SendStickyCardMsg,
    E::SendStickyCardChangesMsg,
    E::SendUnpinCardMsg,
];
pub(super) const GROUP_QUOTA: &[Endpoint] = &[E::GetRobotGroup, E::AddGroupAdmin, E::WithdrawMsg, E::DoTopNotice, E::CancelTopNotice];
pub(super) const ALARM: &[Profile] = &[Profile::Alarm];
pub(super) const TODO: &[Profile] = &[Profile::Todo];
pub(super) const CONSULT: &[Profile] = &[Profile::Consult];
pub(super) const ALARM_TODO: &[Profile] = &[Profile::Alarm, Profile::Todo];
pub(super) const ANY: &[Profile] = &[];

pub(super) const fn rule(id: &'static str, summary: &'static str, source: &'static str, stage: Stage, applies: Applies, eval: Eval) -> Rule {
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

pub(super) const fn max_len(id: &'static str, summary: &'static str, source: &'static str, limit: u64, applies: Applies, paths: &'static [&'static str]) -> Rule {
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
pub(super) const fn rate(
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

pub(super) const fn with_code(mut r: Rule, code: i64) -> Rule {
    r.platform_code = Some(code);
    r
}

pub(super) const fn with_limit(mut r: Rule, limit: u64, unit: Unit) -> Rule {
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
        rule("jdme.destination.required", "A message names its destination: erp+tenantId or groupId (erp+tenantId for userTokenAuthorize).", "目的地要么是erp要么是咚咚群号，必须二选一; 20100007 消息接收者为空", S::Structure, A::All, Eval::Custom(dest_required)),
        20100007,
    ),
    rule("jdme.destination.exactly_one", "A message goes to a user or to a group, never both.", "目的地要么是erp要么是咚咚群号，必须二选一", S::Structure, A::All, Eval::Custom(dest_exactly_one)),
    rule("jdme.destination.erp_tenant_pair", "erp and tenantId come together (tenantId never without erp).", "erp和tenantId是一组信息", S::Structure, A::All, Eval::Custom(dest_pair)),
    rule("jdme.destination.not_accepted", "No destination field the endpoint does not take (e.g. a top-level groupId on updateGroup or createGroup).", "各接口请求示例", S::Structure, A::All, Eval::Custom(dest_not_accepted)),
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
    // Not doTopNotice's `content`: its page gives no limit for it (the 3000 there is the length
    // column of the answer's `ver`), so the simulator does not invent one (issue 14).
    max_len("jdme.group.notice.max_length", "Group notice at most 3000 (createGroup, updateGroup).", "notice string 非必须 3000 群公告", GROUP_NOTICE_MAX, A::Only(&[E::CreateGroup, E::UpdateGroup]), &["params.notice"]),
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
pub(super) enum Ty {
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
pub(super) enum Req {
    /// Present, not null, not "" and (for arrays) not empty... only strings are checked for "".
    Yes,
    /// Present and not null; may be empty (content emptiness is an interception rule).
    Present,
    /// Present and a non-empty array.
    NonEmpty,
    No,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    pub(super) path: &'static str,
    pub(super) ty: Ty,
    pub(super) req: Req,
}

pub(super) const fn f(path: &'static str, ty: Ty, req: Req) -> Field {
    Field { path, ty, req }
}

pub(super) const APPS: &[&str] = &App::ALL;
pub(super) const TENANTS: &[&str] = &TenantId::ALL;
pub(super) const WIDTH_MODES: &[&str] = &["compact", "standard", "wide"];
pub(super) const SESSION_TYPES: &[i64] = &[1, 2];
pub(super) const CHANGE_CARD_TYPES: &[i64] = &[1, 3];
pub(super) const JUE_TEMPLATE_TYPES: &[i64] = &[1];
pub(super) const GROUP_INFO_MODES: &[i64] = &[0, 1, 2];
pub(super) const TEXT_TYPES: &[&str] = &["text"];
pub(super) const PUSH_TYPES: &[&str] = &["authorization"];

macro_rules! member_fields {
    ($base:literal) => {
        [
            f($base, Ty::Obj, Req::Yes),
            f(concat!($base, ".app"), Ty::StrIn(APPS), Req::Yes),
            f(concat!($base, ".pin"), Ty::Str, Req::Yes),
        ]
    };
}

pub(super) const CARD_OPTIONALS: &[Field] = &[
    f("params.data.reload", Ty::Bool, Req::No),
    f("params.data.forward", Ty::Obj, Req::No),
    f("params.data.forward.reload", Ty::Bool, Req::Yes),
    f("params.data.forward.cardData", Ty::Obj, Req::No),
    f("params.data.callbackData", Ty::Obj, Req::No),
];

pub(super) const SEND_ROBOT_MSG: &[Field] = &[
    f("params.body", Ty::Obj, Req::Yes),
    f("params.body.type", Ty::StrIn(TEXT_TYPES), Req::Yes),
    f("params.body.content", Ty::Str, Req::Present),
    f("params.body.atUsers", Ty::Arr, Req::No),
    f("params.body.atUsers[]", Ty::Obj, Req::Yes),
    f("params.body.atUsers[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.body.atUsers[].pin", Ty::Str, Req::Yes),
    f("params.body.atUsers[].nickname", Ty::Str, Req::Yes),
];

pub(super) const JUE_COMMON: &[Field] = &[
    f("params.data", Ty::Obj, Req::Yes),
    f("params.data.at", Ty::Obj, Req::No),
    f("params.data.at.atAll", Ty::Bool, Req::Yes),
    f("params.data.at.users", Ty::Arr, Req::No),
    f("params.data.at.users[]", Ty::Obj, Req::Yes),
    f("params.data.at.users[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.data.at.users[].pin", Ty::Str, Req::Yes),
];

pub(super) const JUE_NEW: &[Field] = &[
    f("params.data.cardData", Ty::Obj, Req::Yes),
    f("params.data.cardData.templateCardId", Ty::Str, Req::Yes),
    f("params.data.cardData.templateCardVersion", Ty::Str, Req::Yes),
    f("params.data.cardData.templateCardVariable", Ty::Obj, Req::Present),
];

pub(super) const JUE_OLD: &[Field] = &[
    f("params.data.templateId", Ty::Str, Req::Yes),
    f("params.data.templateType", Ty::IntIn(JUE_TEMPLATE_TYPES), Req::Yes),
    f("params.data.width_mode", Ty::StrIn(WIDTH_MODES), Req::No),
    f("params.data.summary", Ty::Str, Req::No),
    f("params.data.cardData", Ty::Obj, Req::No),
];

pub(super) const JUE_CHANGE: &[Field] = &[
    f("params.sessionType", Ty::IntIn(SESSION_TYPES), Req::Yes),
    f("params.templateType", Ty::IntIn(CHANGE_CARD_TYPES), Req::Yes),
    f("params.cardMsgId", Ty::Str, Req::Yes),
    f("params.timestamp", Ty::Int, Req::Yes),
    // The seed marks `to` and both its fields 否 (the 单聊 target is the envelope's erp), so
    // neither is required inside `to` either; typed when present (issue 14).
    f("params.to", Ty::Obj, Req::No),
    f("params.to.app", Ty::StrIn(APPS), Req::No),
    f("params.to.pin", Ty::Str, Req::No),
    f("params.gid", Ty::Str, Req::No),
    f("params.groupUsers", Ty::Arr, Req::No),
    f("params.groupUsers[]", Ty::Obj, Req::Yes),
    f("params.groupUsers[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.groupUsers[].pin", Ty::Str, Req::Yes),
    f("params.cardType", Ty::IntIn(CHANGE_CARD_TYPES), Req::No),
    f("params.cardId", Ty::Int, Req::No),
];

pub(super) const STICKY: &[Field] = &[
    f("params.data", Ty::Obj, Req::Yes),
    f("params.data.templateId", Ty::Str, Req::Yes),
    f("params.data.cardData", Ty::Obj, Req::Present),
];

pub(super) const STICKY_REF: &[Field] = &[
    f("params.cardMsgId", Ty::Str, Req::Yes),
    f("params.resId", Ty::StrOrUint, Req::Yes),
    f("params.top", Ty::Bool, Req::No),
];

pub(super) const MEMBERS: &[Field] = &[
    f("params.members[]", Ty::Obj, Req::Yes),
    f("params.members[].app", Ty::StrIn(APPS), Req::Yes),
    f("params.members[].pin", Ty::Str, Req::Yes),
];

pub(super) const GROUP_ID: Field = f("params.groupId", Ty::Str, Req::Yes);

pub(super) const CREATE_GROUP: &[Field] = &[
    f("params.name", Ty::Str, Req::Yes),
    f("params.notice", Ty::Str, Req::No),
    f("params.avatar", Ty::Str, Req::No),
    f("params.intro", Ty::Str, Req::No),
    f("params.uniqueKey", Ty::Str, Req::Yes),
    f("params.members", Ty::Arr, Req::Present),
];
pub(super) const OWNER: [Field; 3] = member_fields!("params.owner");

pub(super) const UPDATE_GROUP: &[Field] = &[
    GROUP_ID,
    f("params.name", Ty::Str, Req::No),
    f("params.notice", Ty::Str, Req::No),
    f("params.avatar", Ty::Str, Req::No),
    f("params.intro", Ty::Str, Req::No),
];

pub(super) const MEMBER_CHANGE: &[Field] = &[GROUP_ID, f("params.members", Ty::Arr, Req::NonEmpty)];
pub(super) const PAGE: &[Field] = &[f("params.pageNo", Ty::Int, Req::Yes), f("params.pageSize", Ty::Int, Req::Yes)];
pub(super) const PAGE_OPT: &[Field] = &[GROUP_ID, f("params.pageNo", Ty::Int, Req::No), f("params.pageSize", Ty::Int, Req::No)];
pub(super) const ADMIN: [Field; 3] = member_fields!("params.adminMember");
pub(super) const OPERATOR: [Field; 3] = member_fields!("params.operator");
pub(super) const NEW_OWNER: [Field; 3] = member_fields!("params.newOwner");

pub(super) const AUTHORIZE: &[Field] = &[
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
pub(super) fn fields(shape: &Shape, body: &Value) -> Vec<Field> {
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
        // sendJUEChangeMsg: the table says 是, but its example says "由应用发起的卡片变更可以不填"
        // (an app-initiated card change may omit it), and every change is made by an app
        // through this API: the lenient reading, since the stricter one would refuse requests
        // the seed shows as valid (issue 14). The simulator finds the card by cardMsgId.
        let robot_id_required = shape.robot_id.params() && shape.endpoint != Some(E::SendJueChangeMsg);
        v.push(f("params.robotId", Ty::Str, if robot_id_required { Req::Yes } else { Req::No }));
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
