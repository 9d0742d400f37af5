//! One typed builder per documented endpoint (seed `000_…`, 即时通讯/* and 鉴权管理/*), plus a
//! generic envelope builder for the path-only suite APIs.
//!
//! Inputs are camelCase objects as a TypeScript user writes them; unknown fields are refused
//! (`deny_unknown_fields`) so a typo such as `notcie` is an error, not a silently dropped field.
//! Outputs are `serde_json::Value` bodies shaped exactly like the seed's request examples; the
//! fixtures under `tests/fixtures/jdme/requests/` pin that field for field.
//!
//! Every built body is then run through [`rules::check`](crate::jdme::rules::check) with no
//! profile and no facts: a body that breaks a documented limit is never returned
//! (`ErrorKind::RuleViolation`, whose detail lists every violated rule id).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::jdme::endpoints::{self, Endpoint};
use crate::jdme::envelope::{App, Context, Destination, Envelope, TenantId};
use crate::jdme::rules;

/// The separator after each `@nickname` in a text message's content: U+2005 FOUR-PER-EM SPACE
/// ("以上@人员之间间隔并非空格，而是（\u2005）编码"), not an ASCII space.
pub const MENTION_SEPARATOR: char = '\u{2005}';
/// `pin` of the @全体成员 mention.
pub const AT_ALL_PIN: &str = "all";
/// `nickname` of the @全体成员 mention.
pub const AT_ALL_NICKNAME: &str = "全体成员";

/// A user or robot: `{app, pin}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Member {
    pub app: App,
    pub pin: String,
}

/// A mention in a text message: `{app, pin, nickname}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AtUser {
    pub app: App,
    pub pin: String,
    pub nickname: String,
}

/// The @全体成员 mention exactly as the seed's example writes it.
pub fn at_all() -> AtUser {
    AtUser { app: App::Ee, pin: AT_ALL_PIN.into(), nickname: AT_ALL_NICKNAME.into() }
}

/// Builds `content` and `atUsers` for a text message: every mention becomes `@nickname`
/// followed by U+2005, in the order given (@全体成员 first when `at_all`), then the text.
pub fn text_with_mentions(text: &str, mentions: &[AtUser], at_all_members: bool) -> (String, Vec<AtUser>) {
    let mut users = Vec::with_capacity(mentions.len() + 1);
    if at_all_members {
        users.push(at_all());
    }
    users.extend(mentions.iter().cloned());
    let mut content = String::new();
    for u in &users {
        content.push('@');
        content.push_str(&u.nickname);
        content.push(MENTION_SEPARATOR);
    }
    content.push_str(text);
    (content, users)
}

/// 卡片宽度类型 (old JUE protocol `width_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WidthMode {
    /// 最窄230px最宽360px
    Compact,
    /// 最窄230px最宽600px
    Standard,
    /// 最窄230px最宽780px
    Wide,
}

macro_rules! int_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $n:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub enum $name { $($(#[$vm])* $v),+ }
        impl $name {
            pub const VALUES: &'static [i64] = &[$($n),+];
        }
        impl TryFrom<i64> for $name {
            type Error = String;
            fn try_from(n: i64) -> core::result::Result<Self, String> {
                match n {
                    $($n => Ok($name::$v),)+
                    _ => Err(format!("{} must be one of {:?}, got {}", stringify!($name), Self::VALUES, n)),
                }
            }
        }
        impl From<$name> for i64 {
            fn from(v: $name) -> i64 {
                match v { $($name::$v => $n),+ }
            }
        }
    };
}

int_enum!(
    /// 会话类型: 1 单聊, 2 群聊.
    SessionType { Single = 1, Group = 2 }
);
int_enum!(
    /// Card kind of a change message (`templateType` / `cardType`): 1 消息卡片, 3 消息挂件.
    ChangeCardType { Card = 1, Widget = 3 }
);
int_enum!(
    /// Old-protocol JUE `templateType`: only 1 (普通) is documented.
    TemplateType { Normal = 1 }
);
int_enum!(
    /// getGroupInfo `mode`: 0 默认, 1 包含群成员人数, 2 基本信息.
    GroupInfoMode { Default = 0, WithMemberCount = 1, Basic = 2 }
);

/// A 置顶资源ID. The seed's tables say string, its examples send a number (12345, 13333);
/// both are accepted and sent back as given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ResId {
    Number(u64),
    Text(String),
}

/// Card forward settings: `{reload, cardData?}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Forward {
    pub reload: bool,
    /// The table marks it required, the new-protocol example omits it (`{"reload": false}`);
    /// optional here so the example can be reproduced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_data: Option<Map<String, Value>>,
}

/// Card mentions: `{atAll, users?}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardAt {
    pub at_all: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<Member>>,
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// sendRobotMsg: a text message, optionally mentioning group members.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendRobotMsgInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    #[serde(default)]
    pub erp: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<TenantId>,
    #[serde(default)]
    pub group_id: Option<String>,
    /// The message text, without mention prefixes.
    pub text: String,
    #[serde(default)]
    pub mentions: Vec<AtUser>,
    /// Mention everyone (@全体成员).
    #[serde(default)]
    pub at_all: bool,
}

/// sendJUEMsg, in either protocol. New (京ME卡片平台): `templateCardId` + `templateCardVersion`
/// (+ `templateCardVariable`). Old: `templateId` (+ `templateType`, `widthMode`, `summary`,
/// `cardData`). Mixing the two is refused.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendJueMsgInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    #[serde(default)]
    pub erp: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<TenantId>,
    #[serde(default)]
    pub group_id: Option<String>,
    // new protocol
    #[serde(default)]
    pub template_card_id: Option<String>,
    #[serde(default)]
    pub template_card_version: Option<String>,
    /// Defaults to `{}` ("如果没有绑定变量传{}").
    #[serde(default)]
    pub template_card_variable: Option<Map<String, Value>>,
    // old protocol
    #[serde(default)]
    pub template_id: Option<String>,
    #[serde(default)]
    pub template_type: Option<TemplateType>,
    #[serde(default)]
    pub width_mode: Option<WidthMode>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub card_data: Option<Map<String, Value>>,
    // both
    #[serde(default)]
    pub reload: Option<bool>,
    #[serde(default)]
    pub forward: Option<Forward>,
    #[serde(default)]
    pub callback_data: Option<Map<String, Value>>,
    #[serde(default)]
    pub at: Option<CardAt>,
}

/// sendJUEChangeMsg.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendJueChangeMsgInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    #[serde(default)]
    pub erp: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<TenantId>,
    #[serde(default)]
    pub group_id: Option<String>,
    pub session_type: SessionType,
    pub template_type: ChangeCardType,
    pub card_msg_id: String,
    /// Defaults to `ctx.nowMs`.
    #[serde(default)]
    pub timestamp: Option<u64>,
    /// 单聊: the user to notify.
    #[serde(default)]
    pub to: Option<Member>,
    /// 群聊id.
    #[serde(default)]
    pub gid: Option<String>,
    /// 群聊, only these members are notified (default: everyone).
    #[serde(default)]
    pub group_users: Option<Vec<Member>>,
    #[serde(default)]
    pub card_type: Option<ChangeCardType>,
    /// 挂件卡片ID.
    #[serde(default)]
    pub card_id: Option<i64>,
}

/// sendStickyCardMsg (groups only).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendStickyCardMsgInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub template_id: String,
    pub card_data: Map<String, Value>,
    #[serde(default)]
    pub reload: Option<bool>,
    #[serde(default)]
    pub forward: Option<Forward>,
    #[serde(default)]
    pub callback_data: Option<Map<String, Value>>,
}

/// sendStickyCardChangesMsg and sendUnpinCardMsg (groups only).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StickyCardRefInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub card_msg_id: String,
    pub res_id: ResId,
    #[serde(default)]
    pub top: Option<bool>,
}

/// createGroup.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateGroupInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    /// The acting user, as in the seed's example (optional).
    #[serde(default)]
    pub erp: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<TenantId>,
    pub name: String,
    #[serde(default)]
    pub notice: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
    #[serde(default)]
    pub intro: Option<String>,
    pub owner: Member,
    pub members: Vec<Member>,
    pub unique_key: String,
}

/// updateGroup.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateGroupInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub notice: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
    #[serde(default)]
    pub intro: Option<String>,
}

/// addGroupMember and kickOutGroup.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupMembersInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub members: Vec<Member>,
}

/// userAddGroupMember (user token; the example names the acting user in a top-level `erp`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAddGroupMemberInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    #[serde(default)]
    pub erp: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<TenantId>,
    pub group_id: String,
    pub members: Vec<Member>,
}

/// getRobotGroup and getGroupMembers paging.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetRobotGroupInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    /// Default 1.
    #[serde(default)]
    pub page_no: Option<u32>,
    /// Default 10 (the examples' value); at most 200.
    #[serde(default)]
    pub page_size: Option<u32>,
}

/// getGroupMembers.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetGroupMembersInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    /// Default 1.
    #[serde(default)]
    pub page_no: Option<u32>,
    /// Default 10 (the example's value).
    #[serde(default)]
    pub page_size: Option<u32>,
}

/// addGroupAdmin and userAddGroupAdmin.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupAdminInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub admin_member: Member,
}

/// withdrawMsg.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawMsgInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    /// The packetId sendRobotMsg returned.
    pub packet_id: String,
}

/// doTopNotice. Without `content` the group's current notice is pinned
/// ("content为空…则置顶当前群的公告信息").
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DoTopNoticeInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    #[serde(default)]
    pub content: Option<String>,
}

/// cancelTopNotice.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelTopNoticeInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub res_id: ResId,
}

/// getGroupInfo.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetGroupInfoInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub operator: Member,
    #[serde(default)]
    pub mode: Option<GroupInfoMode>,
}

/// isGroupExist.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IsGroupExistInput {
    pub group_id: String,
}

/// getEffectiveGroupId: which of `groupIds` the user is in.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetEffectiveGroupIdInput {
    pub app: App,
    pub pin: String,
    pub group_ids: Vec<String>,
}

/// transferGroupOwner.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransferGroupOwnerInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub group_id: String,
    pub new_owner: Member,
}

/// The user asked to authorize (`params.to`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizeTo {
    pub app: App,
    pub pin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<String>,
}

/// userTokenAuthorize: push the authorization card that yields a code.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserTokenAuthorizeInput {
    #[serde(default)]
    pub robot_id: Option<String>,
    pub erp: String,
    pub tenant_id: TenantId,
    pub to: AuthorizeTo,
    pub event_id: String,
    pub scope_list: Vec<String>,
    #[serde(default)]
    pub callback_param: Option<String>,
    /// Defaults to `ctx.appId`.
    #[serde(default)]
    pub app_key: Option<String>,
}

/// app_access_token.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppAccessTokenInput {
    /// Defaults to `ctx.appId`.
    #[serde(default)]
    pub app_key: Option<String>,
    pub app_secret: String,
}

/// team_access_token.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamAccessTokenInput {
    pub app_access_token: String,
    pub open_team_id: String,
}

/// access_token (code → user access token).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAccessTokenInput {
    pub app_access_token: String,
    pub code: String,
}

/// A path-only suite API: the envelope around caller-made `params`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SuiteInput {
    pub params: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

fn need_ctx(ctx: Option<&Context>) -> Result<&Context> {
    ctx.ok_or_else(|| Error::new(ErrorKind::InvalidArgument, "ctx {appId, nowMs} is required for this endpoint"))
}

fn robot(input: &Option<String>, ctx: &Context) -> Result<String> {
    match input.as_ref().or(ctx.robot_id.as_ref()) {
        Some(r) if !r.trim().is_empty() => Ok(r.clone()),
        _ => Err(Error::new(ErrorKind::MissingField, "robotId: give it in the input or in ctx.robotId")),
    }
}

fn member_value(m: &Member) -> Value {
    serde_json::to_value(m).unwrap_or(Value::Null)
}

fn members_value(ms: &[Member]) -> Value {
    Value::Array(ms.iter().map(member_value).collect())
}

fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_owned(), v);
    }
    Value::Object(m)
}

fn put<T: Serialize>(m: &mut Map<String, Value>, k: &str, v: &Option<T>) {
    if let Some(v) = v {
        if let Ok(v) = serde_json::to_value(v) {
            m.insert(k.to_owned(), v);
        }
    }
}

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

/// Starts an envelope with the robotId where `endpoint` wants it at the top level; returns it
/// with the robotId to put into `params` when the endpoint wants it there.
fn start(endpoint: Endpoint, ctx: &Context, random: Option<&[u8]>, robot_in: &Option<String>) -> Result<(Envelope, Option<String>)> {
    let spec = endpoint.spec();
    let mut env = Envelope::new(ctx, random)?;
    let mut in_params = None;
    if spec.robot_id.top() || spec.robot_id.params() {
        let r = robot(robot_in, ctx)?;
        if spec.robot_id.top() {
            env.robot_id = Some(r.clone());
        }
        if spec.robot_id.params() {
            in_params = Some(r);
        }
    }
    Ok((env, in_params))
}

fn params_with_robot(robot: Option<String>, rest: Vec<(&str, Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(r) = robot {
        m.insert("robotId".into(), Value::String(r));
    }
    for (k, v) in rest {
        m.insert(k.to_owned(), v);
    }
    m
}

fn operator(erp: &Option<String>, tenant: Option<TenantId>) -> Result<Option<(String, Option<TenantId>)>> {
    match (erp.as_deref().filter(|e| !e.is_empty()), tenant) {
        (Some(e), t) => Ok(Some((e.to_owned(), t))),
        (None, Some(_)) => Err(Error::new(ErrorKind::MissingField, "tenantId needs erp")),
        (None, None) => Ok(None),
    }
}

pub fn send_robot_msg(i: SendRobotMsgInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendRobotMsg, ctx, random, &i.robot_id)?;
    env.destination = Some(Destination::from_parts(i.erp.as_deref(), i.tenant_id, i.group_id.as_deref())?);
    let (content, users) = text_with_mentions(&i.text, &i.mentions, i.at_all);
    let mut body = Map::new();
    body.insert("type".into(), s("text"));
    body.insert("content".into(), Value::String(content));
    if !users.is_empty() {
        body.insert("atUsers".into(), serde_json::to_value(&users).unwrap_or(Value::Null));
    }
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("body", Value::Object(body))]))))
}

pub fn send_jue_msg(i: SendJueMsgInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendJueMsg, ctx, random, &i.robot_id)?;
    env.destination = Some(Destination::from_parts(i.erp.as_deref(), i.tenant_id, i.group_id.as_deref())?);
    let new = i.template_card_id.is_some() || i.template_card_version.is_some() || i.template_card_variable.is_some();
    let old = i.template_id.is_some() || i.template_type.is_some() || i.width_mode.is_some() || i.summary.is_some() || i.card_data.is_some();
    let mut data = Map::new();
    match (new, old) {
        (true, true) => {
            return Err(Error::new(
                ErrorKind::InvalidField,
                "sendJUEMsg: templateCardId/templateCardVersion/templateCardVariable (new protocol) cannot be mixed with templateId/templateType/widthMode/summary/cardData (old protocol)",
            ))
        }
        (false, false) => {
            return Err(Error::new(
                ErrorKind::MissingField,
                "sendJUEMsg: give templateCardId + templateCardVersion (new protocol) or templateId (old protocol)",
            ))
        }
        (true, false) => {
            let id = i.template_card_id.ok_or_else(|| Error::new(ErrorKind::MissingField, "templateCardId is required"))?;
            let ver = i
                .template_card_version
                .ok_or_else(|| Error::new(ErrorKind::MissingField, "templateCardVersion is required"))?;
            let vars = i.template_card_variable.unwrap_or_default();
            data.insert(
                "cardData".into(),
                obj(vec![("templateCardId", s(&id)), ("templateCardVersion", s(&ver)), ("templateCardVariable", Value::Object(vars))]),
            );
        }
        (false, true) => {
            let id = i.template_id.ok_or_else(|| Error::new(ErrorKind::MissingField, "templateId is required"))?;
            data.insert("templateId".into(), s(&id));
            data.insert("templateType".into(), Value::from(i64::from(i.template_type.unwrap_or(TemplateType::Normal))));
            put(&mut data, "width_mode", &i.width_mode);
            put(&mut data, "summary", &i.summary);
            put(&mut data, "cardData", &i.card_data);
        }
    }
    put(&mut data, "reload", &i.reload);
    put(&mut data, "forward", &i.forward);
    put(&mut data, "callbackData", &i.callback_data);
    put(&mut data, "at", &i.at);
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("data", Value::Object(data))]))))
}

pub fn send_jue_change_msg(i: SendJueChangeMsgInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendJueChangeMsg, ctx, random, &i.robot_id)?;
    env.destination = Some(Destination::from_parts(i.erp.as_deref(), i.tenant_id, i.group_id.as_deref())?);
    let mut p = params_with_robot(
        r,
        vec![
            ("sessionType", Value::from(i64::from(i.session_type))),
            ("templateType", Value::from(i64::from(i.template_type))),
            ("cardMsgId", s(&i.card_msg_id)),
            ("timestamp", Value::from(i.timestamp.unwrap_or(ctx.now_ms))),
        ],
    );
    put(&mut p, "to", &i.to);
    put(&mut p, "gid", &i.gid);
    put(&mut p, "groupUsers", &i.group_users);
    put(&mut p, "cardType", &i.card_type);
    put(&mut p, "cardId", &i.card_id);
    Ok(env.into_body(Value::Object(p)))
}

pub fn send_sticky_card_msg(i: SendStickyCardMsgInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendStickyCardMsg, ctx, random, &i.robot_id)?;
    env.destination = Some(Destination::from_parts(None, None, Some(&i.group_id))?);
    let mut data = Map::new();
    data.insert("templateId".into(), s(&i.template_id));
    put(&mut data, "reload", &i.reload);
    data.insert("cardData".into(), Value::Object(i.card_data));
    put(&mut data, "forward", &i.forward);
    put(&mut data, "callbackData", &i.callback_data);
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("data", Value::Object(data))]))))
}

fn sticky_ref(endpoint: Endpoint, i: StickyCardRefInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(endpoint, ctx, random, &i.robot_id)?;
    env.destination = Some(Destination::from_parts(None, None, Some(&i.group_id))?);
    let mut p = params_with_robot(
        r,
        vec![("cardMsgId", s(&i.card_msg_id)), ("resId", serde_json::to_value(&i.res_id).unwrap_or(Value::Null))],
    );
    put(&mut p, "top", &i.top);
    Ok(env.into_body(Value::Object(p)))
}

pub fn send_sticky_card_changes_msg(i: StickyCardRefInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    sticky_ref(Endpoint::SendStickyCardChangesMsg, i, ctx, random)
}

pub fn send_unpin_card_msg(i: StickyCardRefInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    sticky_ref(Endpoint::SendUnpinCardMsg, i, ctx, random)
}

pub fn create_group(i: CreateGroupInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::CreateGroup, ctx, random, &i.robot_id)?;
    env.operator_erp = operator(&i.erp, i.tenant_id)?;
    let mut p = params_with_robot(
        r,
        vec![
            ("name", s(&i.name)),
            ("owner", member_value(&i.owner)),
            ("members", members_value(&i.members)),
            ("uniqueKey", s(&i.unique_key)),
        ],
    );
    put(&mut p, "notice", &i.notice);
    put(&mut p, "avatar", &i.avatar);
    put(&mut p, "intro", &i.intro);
    Ok(env.into_body(Value::Object(p)))
}

pub fn update_group(i: UpdateGroupInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::UpdateGroup, ctx, random, &i.robot_id)?;
    let mut p = params_with_robot(r, vec![("groupId", s(&i.group_id))]);
    put(&mut p, "name", &i.name);
    put(&mut p, "notice", &i.notice);
    put(&mut p, "avatar", &i.avatar);
    put(&mut p, "intro", &i.intro);
    Ok(env.into_body(Value::Object(p)))
}

fn group_members(endpoint: Endpoint, i: GroupMembersInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(endpoint, ctx, random, &i.robot_id)?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("members", members_value(&i.members))]);
    Ok(env.into_body(Value::Object(p)))
}

pub fn add_group_member(i: GroupMembersInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    group_members(Endpoint::AddGroupMember, i, ctx, random)
}

pub fn kick_out_group(i: GroupMembersInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    group_members(Endpoint::KickOutGroup, i, ctx, random)
}

pub fn user_add_group_member(i: UserAddGroupMemberInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::UserAddGroupMember, ctx, random, &i.robot_id)?;
    env.operator_erp = operator(&i.erp, i.tenant_id)?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("members", members_value(&i.members))]);
    Ok(env.into_body(Value::Object(p)))
}

/// Default page size: the value of the seed's examples.
pub const DEFAULT_PAGE_SIZE: u32 = 10;

pub fn get_robot_group(i: GetRobotGroupInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::GetRobotGroup, ctx, random, &i.robot_id)?;
    let p = params_with_robot(
        r,
        vec![
            ("pageNo", Value::from(i.page_no.unwrap_or(1))),
            ("pageSize", Value::from(i.page_size.unwrap_or(DEFAULT_PAGE_SIZE))),
        ],
    );
    Ok(env.into_body(Value::Object(p)))
}

fn group_admin(endpoint: Endpoint, i: GroupAdminInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(endpoint, ctx, random, &i.robot_id)?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("adminMember", member_value(&i.admin_member))]);
    Ok(env.into_body(Value::Object(p)))
}

pub fn add_group_admin(i: GroupAdminInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    group_admin(Endpoint::AddGroupAdmin, i, ctx, random)
}

pub fn user_add_group_admin(i: GroupAdminInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    group_admin(Endpoint::UserAddGroupAdmin, i, ctx, random)
}

pub fn withdraw_msg(i: WithdrawMsgInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::WithdrawMsg, ctx, random, &i.robot_id)?;
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("packetId", s(&i.packet_id))]))))
}

pub fn do_top_notice(i: DoTopNoticeInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::DoTopNotice, ctx, random, &i.robot_id)?;
    let mut p = params_with_robot(r, vec![("groupId", s(&i.group_id))]);
    put(&mut p, "content", &i.content);
    Ok(env.into_body(Value::Object(p)))
}

pub fn cancel_top_notice(i: CancelTopNoticeInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::CancelTopNotice, ctx, random, &i.robot_id)?;
    let p = params_with_robot(
        r,
        vec![("resId", serde_json::to_value(&i.res_id).unwrap_or(Value::Null)), ("groupId", s(&i.group_id))],
    );
    Ok(env.into_body(Value::Object(p)))
}

pub fn get_group_info(i: GetGroupInfoInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::GetGroupInfo, ctx, random, &i.robot_id)?;
    let mut p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("operator", member_value(&i.operator))]);
    put(&mut p, "mode", &i.mode);
    Ok(env.into_body(Value::Object(p)))
}

pub fn get_group_members(i: GetGroupMembersInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::GetGroupMembers, ctx, random, &i.robot_id)?;
    let p = params_with_robot(
        r,
        vec![
            ("groupId", s(&i.group_id)),
            ("pageNo", Value::from(i.page_no.unwrap_or(1))),
            ("pageSize", Value::from(i.page_size.unwrap_or(DEFAULT_PAGE_SIZE))),
        ],
    );
    Ok(env.into_body(Value::Object(p)))
}

pub fn is_group_exist(i: IsGroupExistInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, _) = start(Endpoint::IsGroupExist, ctx, random, &None)?;
    Ok(env.into_body(obj(vec![("groupId", s(&i.group_id))])))
}

pub fn get_effective_group_id(i: GetEffectiveGroupIdInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, _) = start(Endpoint::GetEffectiveGroupId, ctx, random, &None)?;
    let ids = Value::Array(i.group_ids.iter().map(|g| s(g)).collect());
    Ok(env.into_body(obj(vec![("app", s(i.app.as_str())), ("pin", s(&i.pin)), ("groupIds", ids)])))
}

pub fn transfer_group_owner(i: TransferGroupOwnerInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (env, r) = start(Endpoint::TransferGroupOwner, ctx, random, &i.robot_id)?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("newOwner", member_value(&i.new_owner))]);
    Ok(env.into_body(Value::Object(p)))
}

/// `params.body.pushType` of userTokenAuthorize: 固定值 "authorization".
pub const PUSH_TYPE_AUTHORIZATION: &str = "authorization";

pub fn user_token_authorize(i: UserTokenAuthorizeInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    let (mut env, r) = start(Endpoint::UserTokenAuthorize, ctx, random, &i.robot_id)?;
    env.destination = Some(Destination::from_parts(Some(&i.erp), Some(i.tenant_id), None)?);
    let mut data = Map::new();
    data.insert("appKey".into(), Value::String(i.app_key.unwrap_or_else(|| ctx.app_id.clone())));
    data.insert("eventId".into(), s(&i.event_id));
    data.insert("scopeList".into(), Value::Array(i.scope_list.iter().map(|x| s(x)).collect()));
    put(&mut data, "callbackParam", &i.callback_param);
    let body = obj(vec![("data", Value::Object(data)), ("pushType", s(PUSH_TYPE_AUTHORIZATION))]);
    let to = serde_json::to_value(&i.to).unwrap_or(Value::Null);
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("to", to), ("body", body)]))))
}

pub fn app_access_token(i: AppAccessTokenInput, ctx: Option<&Context>) -> Result<Value> {
    let key = match (i.app_key, ctx) {
        (Some(k), _) => k,
        (None, Some(c)) => c.app_id.clone(),
        (None, None) => return Err(Error::new(ErrorKind::MissingField, "appKey: give it in the input or in ctx.appId")),
    };
    Ok(obj(vec![("appKey", Value::String(key)), ("appSecret", Value::String(i.app_secret))]))
}

pub fn team_access_token(i: TeamAccessTokenInput) -> Result<Value> {
    Ok(obj(vec![("appAccessToken", Value::String(i.app_access_token)), ("openTeamId", Value::String(i.open_team_id))]))
}

pub fn user_access_token(i: UserAccessTokenInput) -> Result<Value> {
    Ok(obj(vec![("appAccessToken", Value::String(i.app_access_token)), ("code", Value::String(i.code))]))
}

/// The envelope `{appId, requestId, dateTime, params}` for a suite API of the API列表.
pub fn suite(path: &str, i: SuiteInput, ctx: &Context, random: Option<&[u8]>) -> Result<Value> {
    if endpoints::suite_api(path).is_none() {
        return Err(Error::new(ErrorKind::InvalidArgument, "not a suite API of the seed's API列表"));
    }
    let env = Envelope::new(ctx, random)?;
    Ok(env.into_body(Value::Object(i.params)))
}

fn parse<T: serde::de::DeserializeOwned>(input: &Value, name: &str) -> Result<T> {
    T::deserialize(input).map_err(|e| Error::new(ErrorKind::InvalidField, format!("{name} input: {e}")))
}

/// Builds the body for `endpoint` without running the rules.
pub fn build_unchecked(endpoint: Endpoint, input: &Value, ctx: Option<&Context>, random: Option<&[u8]>) -> Result<Value> {
    use Endpoint as E;
    let n = endpoint.name();
    match endpoint {
        E::AppAccessToken => app_access_token(parse(input, n)?, ctx),
        E::TeamAccessToken => team_access_token(parse(input, n)?),
        E::UserAccessToken => user_access_token(parse(input, n)?),
        _ => {
            let c = need_ctx(ctx)?;
            match endpoint {
                E::SendRobotMsg => send_robot_msg(parse(input, n)?, c, random),
                E::SendJueMsg => send_jue_msg(parse(input, n)?, c, random),
                E::SendJueChangeMsg => send_jue_change_msg(parse(input, n)?, c, random),
                E::SendStickyCardMsg => send_sticky_card_msg(parse(input, n)?, c, random),
                E::SendStickyCardChangesMsg => send_sticky_card_changes_msg(parse(input, n)?, c, random),
                E::SendUnpinCardMsg => send_unpin_card_msg(parse(input, n)?, c, random),
                E::CreateGroup => create_group(parse(input, n)?, c, random),
                E::UpdateGroup => update_group(parse(input, n)?, c, random),
                E::AddGroupMember => add_group_member(parse(input, n)?, c, random),
                E::KickOutGroup => kick_out_group(parse(input, n)?, c, random),
                E::GetRobotGroup => get_robot_group(parse(input, n)?, c, random),
                E::AddGroupAdmin => add_group_admin(parse(input, n)?, c, random),
                E::WithdrawMsg => withdraw_msg(parse(input, n)?, c, random),
                E::DoTopNotice => do_top_notice(parse(input, n)?, c, random),
                E::CancelTopNotice => cancel_top_notice(parse(input, n)?, c, random),
                E::GetGroupInfo => get_group_info(parse(input, n)?, c, random),
                E::GetGroupMembers => get_group_members(parse(input, n)?, c, random),
                E::IsGroupExist => is_group_exist(parse(input, n)?, c, random),
                E::GetEffectiveGroupId => get_effective_group_id(parse(input, n)?, c, random),
                E::UserAddGroupMember => user_add_group_member(parse(input, n)?, c, random),
                E::TransferGroupOwner => transfer_group_owner(parse(input, n)?, c, random),
                E::UserAddGroupAdmin => user_add_group_admin(parse(input, n)?, c, random),
                E::UserTokenAuthorize => user_token_authorize(parse(input, n)?, c, random),
                E::AppAccessToken | E::TeamAccessToken | E::UserAccessToken => {
                    Err(Error::new(ErrorKind::InvalidArgument, "unreachable: auth endpoints are built above"))
                }
            }
        }
    }
}

/// Builds and checks the body for `name` (an endpoint name, an endpoint path, or a suite API
/// path). Refuses (`RuleViolation`) a body that breaks any stateless rule.
pub fn build(name: &str, input: &Value, ctx: Option<&Context>, random: Option<&[u8]>) -> Result<Value> {
    if let Some(endpoint) = Endpoint::from_name(name) {
        let body = build_unchecked(endpoint, input, ctx, random)?;
        let violations = rules::check(endpoint, &body, None, &rules::Facts::default());
        if violations.is_empty() {
            Ok(body)
        } else {
            Err(rules::violations_error(endpoint.name(), &violations))
        }
    } else if endpoints::suite_api(name).is_some() {
        let c = need_ctx(ctx)?;
        suite(name, parse(input, "suite")?, c, random)
    } else {
        Err(Error::new(ErrorKind::InvalidArgument, format!("unknown endpoint {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_use_u2005_and_at_all_comes_first() {
        let u = AtUser { app: App::Ee, pin: "fake.erp1".into(), nickname: "用户1".into() };
        let (c, users) = text_with_mentions("早会了", std::slice::from_ref(&u), true);
        assert_eq!(c, "@全体成员\u{2005}@用户1\u{2005}早会了");
        assert_eq!(users, vec![at_all(), u]);
        let (c, users) = text_with_mentions("hi", &[], false);
        assert_eq!(c, "hi");
        assert!(users.is_empty());
    }

    #[test]
    fn int_enums_refuse_undocumented_values() {
        assert!(serde_json::from_str::<SessionType>("3").is_err());
        assert_eq!(serde_json::from_str::<SessionType>("2").unwrap(), SessionType::Group);
        assert!(serde_json::from_str::<GroupInfoMode>("3").is_err());
        assert!(serde_json::from_str::<ChangeCardType>("2").is_err());
        assert_eq!(serde_json::to_string(&GroupInfoMode::Basic).unwrap(), "2");
        assert!(serde_json::from_str::<WidthMode>("\"huge\"").is_err());
        assert_eq!(serde_json::to_string(&WidthMode::Compact).unwrap(), "\"compact\"");
    }
}
