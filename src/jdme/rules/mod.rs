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
//! Layout (the same in `yjiyun/rules/`): this file holds the types and the engine ([`check`],
//! [`rule_table`]); `table.rs` the rule table and the field schema (data); `checks.rs` the check
//! functions the table names; `read.rs` how they read body fields.
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

mod checks;
mod read;
mod table;

pub use checks::*;
pub(crate) use read::*;
pub use table::*;

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
    /// The field schema for this shape and body, each field resolved to the places it names:
    /// computed once for the three field rules (they read the same places; resolving them
    /// three times was the check's largest cost, bench/send.mjs).
    fields: Vec<(Field, Cow<'static, str>, Option<&'a Value>)>,
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
    let fields = fields(&shape, body).into_iter().flat_map(|fd| resolve(body, fd.path).map(move |(p, v)| (fd, p, v))).collect();
    let input = Input { shape, body, profile, facts, fields };
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
