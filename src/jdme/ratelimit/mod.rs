//! The stateful rules (quotas, 拦截规则 duplicate and frequency rules): which keys a request
//! must pass ([`plan`]) and the all-or-nothing decision over them ([`decide`]); the algorithms
//! are in [`algorithms`], the in-memory store of their states in [`book`], the compact text of a
//! key list in [`lines`]. No clock, no storage here: the caller keeps one small state per key
//! (in memory, or in Redis where a Lua script runs the same arithmetic) and passes `now` in
//! milliseconds.
//!
//! # Keys
//! [`plan`] turns a request body into the list of keys it must pass, in the order the platform
//! checks them: API quotas first (the open-platform gateway, 99990105), then the interception
//! rules (20100009): duplicate content before frequency, as 拦截优先级 orders them. A key is
//! `rule-id|part|part…` where parts are the app id, the API name, the robot id, the target
//! (`u:<tenantId>:<erp lower-cased>` or `g:<groupId>`) and, for duplicates, the first 32 hex
//! digits of SHA-256(target "\n" content); `%` and `|` inside parts are percent-encoded.
//!
//! # Decisions
//! [`decide`] evaluates every key of a plan against its state. The request is allowed only if
//! every key allows it; then every key's new state is returned for the caller to store (with
//! its expiry). If any key denies, nothing is to be stored (a refused request does not count)
//! and `retry_after_ms` is the largest of the denials: each algorithm's permission only grows
//! with time while no request is allowed, so after that delay every key allows it.
//!
//! # Readings of the seed
//! - Quotas are per app *and API* (99990105: "API调用次数是否超过申请API填写的最大申请次数",
//!   i.e. the number filed when applying for each API).
//! - Interception frequency is per robot; "1s内，只能给同1个PIN/群，推送5条消息" per robot and
//!   target; duplicates per robot, target and content.
//! - Every count is a sliding window ("1s内" read as any second, not calendar seconds: the
//!   reading that is safe whichever the platform uses), except the per-day createGroup cap.
//! - Card change/unpin notices count as pushes for the frequency rules (not for duplicates).
//! - Without a profile, every profile's rules apply at once (the strictest combination).

pub mod algorithms;
pub mod book;
pub mod lines;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub use algorithms::{decide_one, settle, Algorithm, DuplicateState, LogState, Outcome, Params, State, WindowState};
pub use book::RateBook;

use super::rules::get;
use crate::error::{Error, ErrorKind, Result};
use crate::jdme::endpoints::{DestinationPolicy, Endpoint, MessageKind};
use crate::jdme::rules::{self, Profile, Shape};

// ---------------------------------------------------------------------------------------------
// The limiter table
// ---------------------------------------------------------------------------------------------

/// What a key is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyScope {
    /// app id + API name.
    AppApi,
    /// robot id.
    Robot,
    /// robot id + target.
    RobotTarget,
    /// robot id + target + content hash.
    RobotTargetContent,
}

/// A stateful rule's limiter. `limit`/`window_ms`/`platform_code` equal the rule's in
/// `rules::RULES` (tested).
#[derive(Debug, Clone, Copy)]
pub struct LimitSpec {
    pub rule: &'static str,
    pub algorithm: Algorithm,
    pub limit: u64,
    pub window_ms: u64,
    pub offset_ms: u64,
    pub scope: KeyScope,
    pub platform_code: i64,
}

impl LimitSpec {
    pub const fn params(&self) -> Params {
        Params { algorithm: self.algorithm, limit: self.limit, window_ms: self.window_ms, offset_ms: self.offset_ms }
    }
}

const fn log_spec(rule: &'static str, limit: u64, window_ms: u64, scope: KeyScope, code: i64) -> LimitSpec {
    LimitSpec { rule, algorithm: Algorithm::Log, limit, window_ms, offset_ms: 0, scope, platform_code: code }
}

/// China Standard Time is UTC+8: days of the createGroup quota start at 16:00 UTC.
pub const CST_OFFSET_MS: u64 = 8 * 3_600_000;

const SEC: u64 = 1000;
const MIN: u64 = 60 * SEC;

/// Every limiter, in evaluation (and reporting) order.
pub static LIMITS: &[LimitSpec] = &[
    log_spec("jdme.quota.send.per_second", 20, SEC, KeyScope::AppApi, 99990105),
    log_spec("jdme.quota.send.per_minute", 1000, MIN, KeyScope::AppApi, 99990105),
    log_spec("jdme.quota.group.per_second", 10, SEC, KeyScope::AppApi, 99990105),
    LimitSpec {
        rule: "jdme.quota.create_group.per_day",
        algorithm: Algorithm::Window,
        limit: 100,
        window_ms: 24 * 60 * MIN,
        offset_ms: CST_OFFSET_MS,
        scope: KeyScope::AppApi,
        platform_code: 99990105,
    },
    LimitSpec {
        rule: "jdme.intercept.duplicate",
        algorithm: Algorithm::Duplicate,
        limit: 1,
        window_ms: 60 * MIN,
        offset_ms: 0,
        scope: KeyScope::RobotTargetContent,
        platform_code: 20100009,
    },
    log_spec("jdme.intercept.per_target", 5, SEC, KeyScope::RobotTarget, 20100009),
    log_spec("jdme.intercept.alarm.per_second", 50, SEC, KeyScope::Robot, 20100009),
    log_spec("jdme.intercept.alarm.per_30min", 100_000, 30 * MIN, KeyScope::Robot, 20100009),
    log_spec("jdme.intercept.todo.per_second", 20, SEC, KeyScope::Robot, 20100009),
    log_spec("jdme.intercept.todo.per_60min", 100_000, 60 * MIN, KeyScope::Robot, 20100009),
    log_spec("jdme.intercept.consult.per_second", 50, SEC, KeyScope::Robot, 20100009),
    log_spec("jdme.intercept.consult.per_30min", 100_000, 30 * MIN, KeyScope::Robot, 20100009),
];

/// The limiter of a stateful rule.
pub fn limit(rule: &str) -> Option<&'static LimitSpec> {
    LIMITS.iter().find(|l| l.rule == rule)
}

/// One key a request must pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Planned {
    pub key: String,
    pub rule: &'static str,
    #[serde(flatten)]
    pub params: Params,
    pub platform_code: i64,
}

fn enc(part: &str) -> std::borrow::Cow<'_, str> {
    if part.contains(['%', '|']) {
        part.replace('%', "%25").replace('|', "%7C").into()
    } else {
        part.into()
    }
}

fn get_str<'a>(body: &'a Value, path: &str) -> Option<&'a str> {
    get(body, path).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// `u:<tenantId>:<erp lower-cased>` or `g:<groupId>`.
fn target_of(body: &Value) -> Option<String> {
    if let Some(g) = get_str(body, "groupId") {
        return Some(format!("g:{g}"));
    }
    let erp = get_str(body, "erp")?;
    let tenant = get_str(body, "tenantId").unwrap_or("");
    Some(format!("u:{tenant}:{}", erp.to_lowercase()))
}

/// The content the duplicate rule compares: the text, or the compact JSON of `params.data`.
fn content_of(message: MessageKind, body: &Value) -> Option<String> {
    match message {
        MessageKind::Text => get(body, "params.body.content").and_then(Value::as_str).map(str::to_owned),
        MessageKind::Card => get(body, "params.data").and_then(|d| serde_json::to_string(d).ok()),
        _ => None,
    }
}

fn hex32(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().take(16).flat_map(|b| [HEX[(b >> 4) as usize] as char, HEX[(b & 15) as usize] as char]).collect()
}

/// First 32 hex digits of SHA-256(target "\n" content).
pub fn content_hash(target: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(target.as_bytes());
    h.update(b"\n");
    h.update(content.as_bytes());
    hex32(&h.finalize())
}

fn missing(what: &str) -> Error {
    Error::new(ErrorKind::MissingField, format!("rate plan: the body has no {what}"))
}

/// The keys `body` (a request to `endpoint`) must pass, in evaluation order.
pub fn plan(endpoint: Endpoint, body: &Value, profile: Option<Profile>) -> Result<Vec<Planned>> {
    let spec = endpoint.spec();
    let shape = Shape::of(endpoint);
    let mut out = Vec::new();
    let mut parts = Parts { body, endpoint: spec, app: None, robot: None, target: None };
    for l in LIMITS {
        let Some(rule) = rules::rule_by_id(l.rule) else { continue };
        if !rule.applies_to(&shape) {
            continue;
        }
        if let Some(p) = profile {
            if !rule.profiles.is_empty() && !rule.profiles.contains(&p) {
                continue;
            }
        }
        let mut key = String::with_capacity(96);
        key.push_str(l.rule);
        key.push('|');
        match l.scope {
            KeyScope::AppApi => {
                key.push_str(parts.app()?);
                key.push('|');
                key.push_str(spec.name);
            }
            KeyScope::Robot => key.push_str(parts.robot()?),
            KeyScope::RobotTarget => {
                key.push_str(parts.robot()?);
                key.push('|');
                key.push_str(&enc(parts.target()?));
            }
            KeyScope::RobotTargetContent => {
                parts.target()?;
                let Some(c) = content_of(spec.message, body) else { continue };
                let h = content_hash(parts.target()?, &c);
                key.push_str(parts.robot()?);
                key.push('|');
                key.push_str(&h);
            }
        }
        let params = l.params();
        out.push(Planned { key, rule: l.rule, params, platform_code: l.platform_code });
    }
    Ok(out)
}

/// The parts of a plan's keys, each read from the body and encoded once, when a key first
/// needs it (a send plans up to ten keys from the same three parts).
struct Parts<'a> {
    body: &'a Value,
    endpoint: &'static crate::jdme::endpoints::EndpointSpec,
    app: Option<std::borrow::Cow<'a, str>>,
    robot: Option<std::borrow::Cow<'a, str>>,
    target: Option<String>,
}

impl<'a> Parts<'a> {
    fn app(&mut self) -> Result<&str> {
        if self.app.is_none() {
            self.app = Some(enc(get_str(self.body, "appId").ok_or_else(|| missing("appId"))?));
        }
        Ok(self.app.as_deref().unwrap_or_default())
    }

    fn robot(&mut self) -> Result<&str> {
        if self.robot.is_none() {
            let r = if self.endpoint.robot_id.params() { get_str(self.body, "params.robotId") } else { None };
            self.robot = Some(enc(r.or_else(|| get_str(self.body, "robotId")).ok_or_else(|| missing("robotId"))?));
        }
        Ok(self.robot.as_deref().unwrap_or_default())
    }

    /// Not encoded: the duplicate rule hashes it as it is.
    fn target(&mut self) -> Result<&str> {
        if self.target.is_none() {
            if !matches!(self.endpoint.destination, DestinationPolicy::Target | DestinationPolicy::User) {
                return Err(missing("destination"));
            }
            self.target = Some(target_of(self.body).ok_or_else(|| missing("destination (erp+tenantId or groupId)"))?);
        }
        Ok(self.target.as_deref().unwrap_or_default())
    }
}

/// Drops the sliding logs another key of the same plan makes redundant: two logs over the same
/// parts (same app and API, or same robot) record the same requests, so a log allowing at most
/// `L` per `W` also keeps every `L' ≥ L` per `W' ≤ W` (any window of `W'` lies inside one of
/// `W`). Without a profile the three profiles' caps all apply, and 10 keys become 6 with the
/// same decisions (tested); equal caps keep the first. For a client's pacing only: `plan` still
/// lists every rule, as the platform checks them.
pub fn without_dominated(plan: Vec<Planned>) -> Vec<Planned> {
    fn parts(p: &Planned) -> &str {
        p.key.get(p.rule.len()..).unwrap_or("")
    }
    let dominated = |i: usize| {
        let k = &plan[i];
        k.params.algorithm == Algorithm::Log
            && plan.iter().enumerate().any(|(j, o)| {
                j != i
                    && o.params.algorithm == Algorithm::Log
                    && o.params.limit <= k.params.limit
                    && o.params.window_ms >= k.params.window_ms
                    && (o.params.limit < k.params.limit || o.params.window_ms > k.params.window_ms || j < i)
                    && parts(o) == parts(k)
            })
    };
    let keep: Vec<bool> = (0..plan.len()).map(|i| !dominated(i)).collect();
    plan.into_iter().zip(keep).filter_map(|(p, k)| k.then_some(p)).collect()
}

/// A refusal by one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    pub rule: &'static str,
    pub key: String,
    pub retry_after_ms: u64,
    pub platform_code: i64,
}

/// A state to store after an allowed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Update {
    pub key: String,
    pub state: State,
    pub ttl_ms: u64,
}

/// The verdict on one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub allowed: bool,
    /// 0 when allowed; otherwise wait at least this long.
    pub retry_after_ms: u64,
    /// The first refusing rule, as the platform would report it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<i64>,
    /// Every refusal, in evaluation order.
    pub denied: Vec<Denial>,
    /// States to store (only when allowed).
    pub updates: Vec<Update>,
}

/// Decides a planned request against stored states (`key → state JSON`, missing = fresh).
pub fn decide(plan: &[Planned], states: &BTreeMap<String, Value>, now: u64) -> Result<Decision> {
    let mut denied = Vec::new();
    let mut updates = Vec::new();
    for p in plan {
        let stored = match states.get(&p.key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(State::from_value(p.params.algorithm, v)?),
        };
        let o = decide_one(&p.params, stored.as_ref(), now)?;
        if o.allowed {
            if let Some(state) = o.state {
                updates.push(Update { key: p.key.clone(), state, ttl_ms: o.ttl_ms });
            }
        } else {
            denied.push(Denial { rule: p.rule, key: p.key.clone(), retry_after_ms: o.retry_after_ms, platform_code: p.platform_code });
        }
    }
    if denied.is_empty() {
        Ok(Decision { allowed: true, retry_after_ms: 0, rule: None, platform_code: None, denied, updates })
    } else {
        let retry = denied.iter().map(|d| d.retry_after_ms).max().unwrap_or(0);
        let first = denied.first().map(|d| (d.rule, d.platform_code));
        Ok(Decision {
            allowed: false,
            retry_after_ms: retry,
            rule: first.map(|f| f.0),
            platform_code: first.map(|f| f.1),
            denied,
            updates: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_match_rule_table() {
        for l in LIMITS {
            let r = rules::rule_by_id(l.rule).unwrap_or_else(|| panic!("{} missing from RULES", l.rule));
            assert_eq!(r.limit, Some(l.limit), "{}", l.rule);
            assert_eq!(r.window_ms, Some(l.window_ms), "{}", l.rule);
            assert_eq!(r.platform_code, Some(l.platform_code), "{}", l.rule);
            assert!(l.params().validate().is_ok());
        }
        for r in rules::RULES.iter().filter(|r| r.stage == rules::Stage::Stateful) {
            assert!(limit(r.id).is_some(), "{} has no limiter", r.id);
        }
        for e in crate::jdme::endpoints::ENDPOINTS {
            for q in e.quotas {
                assert!(limit(q).is_some(), "{q}");
            }
        }
    }

    /// Pruning dominated logs never changes a decision: the same stream of sends, decided on
    /// the full plan and on the pruned one, is allowed and refused alike.
    #[test]
    fn pruned_plans_decide_alike() {
        use serde_json::json;
        let body = json!({"appId": "a", "groupId": "g", "requestId": "r", "dateTime": 1,
            "params": {"robotId": "r1", "body": {"type": "text", "content": "x"}}});
        let full = plan(crate::jdme::endpoints::Endpoint::SendRobotMsg, &body, None).unwrap();
        let pruned = without_dominated(full.clone());
        let rules: Vec<&str> = pruned.iter().map(|p| p.rule).collect();
        assert_eq!(
            rules,
            [
                "jdme.quota.send.per_second",
                "jdme.quota.send.per_minute",
                "jdme.intercept.duplicate",
                "jdme.intercept.per_target",
                "jdme.intercept.todo.per_second",
                "jdme.intercept.todo.per_60min"
            ]
        );
        // The robot-wide caps only (the per-target and duplicate keys would refuse first).
        let robot = |p: &[Planned]| p.iter().filter(|k| k.rule.contains("alarm") || k.rule.contains("todo") || k.rule.contains("consult")).cloned().collect::<Vec<_>>();
        let (a, b) = (robot(&full), robot(&pruned));
        let mut sa = BTreeMap::new();
        let mut sb = BTreeMap::new();
        let mut now = 0u64;
        for i in 0..3000u64 {
            now += (i * 7919) % 37;
            let da = decide(&a, &sa, now).unwrap();
            let db = decide(&b, &sb, now).unwrap();
            assert_eq!(da.allowed, db.allowed, "send {i} at {now}");
            assert_eq!(da.retry_after_ms, db.retry_after_ms, "send {i} at {now}");
            for (u, s) in [(da.updates, &mut sa), (db.updates, &mut sb)] {
                for x in u {
                    s.insert(x.key, serde_json::to_value(&x.state).unwrap());
                }
            }
        }
    }
}
