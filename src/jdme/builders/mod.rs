//! One typed builder per documented endpoint (seed `000_…`, 即时通讯/* and 鉴权管理/*), plus a
//! generic envelope builder for the path-only suite APIs.
//!
//! Inputs are camelCase objects as a TypeScript user writes them; unknown fields are refused
//! (`deny_unknown_fields`) so a typo such as `notcie` is an error, not a silently dropped field.
//! Outputs are `serde_json::Value` bodies shaped exactly like the seed's request examples; the
//! fixtures under `tests/fixtures/jdme/requests/` pin that field for field.
//!
//! Layout: this file holds the types several builders share (members, mentions, card parts), the
//! helpers, the suite builder and the dispatch by endpoint name ([`build`]); one file per endpoint
//! family holds its inputs and builders (`messages`, `groups`, `auth`).
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

/// The robot and destination of an enveloped input, borrowed: the one type every builder reads
/// them through (`input.target()`), whichever of the fields the endpoint takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target<'a> {
    /// `robotId`; `None` falls back to `ctx.robotId`.
    pub robot_id: Option<&'a str>,
    pub erp: Option<&'a str>,
    pub tenant_id: Option<TenantId>,
    pub group_id: Option<&'a str>,
}

impl Target<'_> {
    /// The envelope's destination: a user (`erp` + `tenantId`) or a group, never both
    /// ([`Destination::from_parts`]).
    pub fn destination(&self) -> Result<Destination> {
        Destination::from_parts(self.erp, self.tenant_id, self.group_id)
    }
}

/// Declares a builder input with its robot and destination fields written once here, and gives
/// it `fn target(&self) -> Target<'_>`. The kinds: `robot` (only `robotId`), `group` (+ a
/// required `groupId`), `user` (+ required `erp` and `tenantId`), `user_or_group` (+ optional
/// `erp`, `tenantId`, `groupId`: "必须二选一", checked by `Target::destination`).
///
/// A macro rather than one `#[serde(flatten)]`ed struct: serde cannot combine `flatten` with
/// `deny_unknown_fields` (which refuses typos such as `notcie`), and `flatten` buffers every
/// input into an intermediate map before deserialising it. The expansion is the same plain
/// struct as before, so the derived `Deserialize` (and the per-send cost) is unchanged.
macro_rules! input {
    (@struct $(#[$m:meta])* $name:ident [$($shared:tt)*] { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// The robot (`robotId`); defaults to `ctx.robotId`.
            #[serde(default)]
            pub robot_id: Option<String>,
            $($shared)*
            $($body)*
        }
    };
    ($(#[$m:meta])* $name:ident: robot { $($body:tt)* }) => {
        input!(@struct $(#[$m])* $name [] { $($body)* });
        impl $name {
            pub fn target(&self) -> Target<'_> {
                Target { robot_id: self.robot_id.as_deref(), ..Target::default() }
            }
        }
    };
    ($(#[$m:meta])* $name:ident: group { $($body:tt)* }) => {
        input!(@struct $(#[$m])* $name [
            /// The group (`groupId`).
            pub group_id: String,
        ] { $($body)* });
        impl $name {
            pub fn target(&self) -> Target<'_> {
                Target { robot_id: self.robot_id.as_deref(), group_id: Some(&self.group_id), ..Target::default() }
            }
        }
    };
    ($(#[$m:meta])* $name:ident: user { $($body:tt)* }) => {
        input!(@struct $(#[$m])* $name [
            /// The user (`erp`, with its `tenantId`).
            pub erp: String,
            pub tenant_id: TenantId,
        ] { $($body)* });
        impl $name {
            pub fn target(&self) -> Target<'_> {
                Target { robot_id: self.robot_id.as_deref(), erp: Some(&self.erp), tenant_id: Some(self.tenant_id), group_id: None }
            }
        }
    };
    ($(#[$m:meta])* $name:ident: user_or_group { $($body:tt)* }) => {
        input!(@struct $(#[$m])* $name [
            /// The user (`erp` + `tenantId`) or the group (`groupId`): exactly one.
            #[serde(default)]
            pub erp: Option<String>,
            #[serde(default)]
            pub tenant_id: Option<TenantId>,
            #[serde(default)]
            pub group_id: Option<String>,
        ] { $($body)* });
        impl $name {
            pub fn target(&self) -> Target<'_> {
                Target {
                    robot_id: self.robot_id.as_deref(),
                    erp: self.erp.as_deref(),
                    tenant_id: self.tenant_id,
                    group_id: self.group_id.as_deref(),
                }
            }
        }
    };
}

mod auth;
mod groups;
mod messages;

pub use auth::*;
pub use groups::*;
pub use messages::*;

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

fn robot(input: Option<&str>, ctx: &Context) -> Result<String> {
    match input.or(ctx.robot_id.as_deref()) {
        Some(r) if !r.trim().is_empty() => Ok(r.to_owned()),
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
fn start(endpoint: Endpoint, ctx: &Context, target: Target<'_>) -> Result<(Envelope, Option<String>)> {
    let spec = endpoint.spec();
    let mut env = Envelope::new(ctx)?;
    let mut in_params = None;
    if spec.robot_id.top() || spec.robot_id.params() {
        let r = robot(target.robot_id, ctx)?;
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

/// The envelope `{appId, requestId, dateTime, params}` for a suite API of the API列表.
pub fn suite(path: &str, i: SuiteInput, ctx: &Context) -> Result<Value> {
    if endpoints::suite_api(path).is_none() {
        return Err(Error::new(ErrorKind::InvalidArgument, "not a suite API of the seed's API列表"));
    }
    let env = Envelope::new(ctx)?;
    Ok(env.into_body(Value::Object(i.params)))
}

fn parse<T: serde::de::DeserializeOwned>(input: &Value, name: &str) -> Result<T> {
    T::deserialize(input).map_err(|e| Error::new(ErrorKind::InvalidField, format!("{name} input: {e}")))
}

/// Builds the body for `endpoint` without running the rules.
pub fn build_unchecked(endpoint: Endpoint, input: &Value, ctx: Option<&Context>) -> Result<Value> {
    use Endpoint as E;
    let n = endpoint.name();
    match endpoint {
        E::AppAccessToken => app_access_token(parse(input, n)?, ctx),
        E::TeamAccessToken => team_access_token(parse(input, n)?),
        E::UserAccessToken => user_access_token(parse(input, n)?),
        _ => {
            let c = need_ctx(ctx)?;
            match endpoint {
                E::SendRobotMsg => send_robot_msg(parse(input, n)?, c),
                E::SendJueMsg => send_jue_msg(parse(input, n)?, c),
                E::SendJueChangeMsg => send_jue_change_msg(parse(input, n)?, c),
                E::SendStickyCardMsg => send_sticky_card_msg(parse(input, n)?, c),
                E::SendStickyCardChangesMsg => send_sticky_card_changes_msg(parse(input, n)?, c),
                E::SendUnpinCardMsg => send_unpin_card_msg(parse(input, n)?, c),
                E::CreateGroup => create_group(parse(input, n)?, c),
                E::UpdateGroup => update_group(parse(input, n)?, c),
                E::AddGroupMember => add_group_member(parse(input, n)?, c),
                E::KickOutGroup => kick_out_group(parse(input, n)?, c),
                E::GetRobotGroup => get_robot_group(parse(input, n)?, c),
                E::AddGroupAdmin => add_group_admin(parse(input, n)?, c),
                E::WithdrawMsg => withdraw_msg(parse(input, n)?, c),
                E::DoTopNotice => do_top_notice(parse(input, n)?, c),
                E::CancelTopNotice => cancel_top_notice(parse(input, n)?, c),
                E::GetGroupInfo => get_group_info(parse(input, n)?, c),
                E::GetGroupMembers => get_group_members(parse(input, n)?, c),
                E::IsGroupExist => is_group_exist(parse(input, n)?, c),
                E::GetEffectiveGroupId => get_effective_group_id(parse(input, n)?, c),
                E::UserAddGroupMember => user_add_group_member(parse(input, n)?, c),
                E::TransferGroupOwner => transfer_group_owner(parse(input, n)?, c),
                E::UserAddGroupAdmin => user_add_group_admin(parse(input, n)?, c),
                E::UserTokenAuthorize => user_token_authorize(parse(input, n)?, c),
                E::AppAccessToken | E::TeamAccessToken | E::UserAccessToken => {
                    Err(Error::new(ErrorKind::InvalidArgument, "unreachable: auth endpoints are built above"))
                }
            }
        }
    }
}

/// Builds and checks the body for `name` (an endpoint name, an endpoint path, or a suite API
/// path). Refuses (`RuleViolation`) a body that breaks any stateless rule.
pub fn build(name: &str, input: &Value, ctx: Option<&Context>) -> Result<Value> {
    if let Some(endpoint) = Endpoint::from_name(name) {
        let body = build_unchecked(endpoint, input, ctx)?;
        let violations = rules::check(endpoint, &body, None, &rules::Facts::default());
        if violations.is_empty() {
            Ok(body)
        } else {
            Err(rules::violations_error(endpoint.name(), &violations))
        }
    } else if endpoints::suite_api(name).is_some() {
        let c = need_ctx(ctx)?;
        suite(name, parse(input, "suite")?, c)
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
