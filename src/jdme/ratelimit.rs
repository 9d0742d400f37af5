//! The stateful rules (quotas, 拦截规则 duplicate and frequency rules) as pure functions
//! `(state, now, request) -> (decision, new state, retry-after)`. No clock, no storage: the
//! caller keeps one small state per key (in memory, or in Redis where a Lua script can run the
//! same arithmetic) and passes `now` in milliseconds.
//!
//! # Keys
//! [`plan`] turns a request body into the list of keys it must pass, in the order the platform
//! checks them: API quotas first (the open-platform gateway, 99990105), then the interception
//! rules (20100009): duplicate content before frequency, as 拦截优先级 orders them. A key is
//! `rule-id|part|part…` where parts are the app id, the API name, the robot id, the target
//! (`u:<tenantId>:<erp lower-cased>` or `g:<groupId>`) and, for duplicates, the first 32 hex
//! digits of SHA-256(target "\n" content); `%` and `|` inside parts are percent-encoded.
//!
//! # Algorithms (all integer milliseconds; a missing state means "fresh")
//!
//! **GCRA** (`gcra`, state `{tat}`), for every per-second and per-minute/30-min/60-min cap.
//! Parameters: limit `L` per window `W`, burst `b` (1 ≤ b ≤ L, default 1).
//! Emission interval `T = ceil(W / (L − b + 1))`, tolerance `τ = (b − 1)·T`.
//! A request at `now` is allowed iff `tat − τ ≤ now` (saturating); then
//! `tat' = max(tat, now) + T` and the key may expire after `tat' − now` ms. Otherwise it is
//! denied with `retry_after = tat − τ − now` and the state is not changed.
//! *Guarantee*: any half-open interval of length `W` holds at most `L` allowed requests, so the
//! platform's limit holds whether it counts in fixed or in sliding windows. (Allowed requests
//! `t₁ ≤ … ≤ t_k` satisfy `t_k − t₁ ≥ (k−1)·T − τ`; with `t_k − t₁ < W` this gives
//! `k < W/T + b ≤ L + 1`.) A plain token bucket of size `L` would allow up to `2L − 1` in some
//! window of length `W`; that is why bursts cost sustained rate here.
//!
//! **Sliding-window counter** (`window`, state `{window, prev, curr}`), for the per-day
//! createGroup cap only (a GCRA that allows 100 groups at once would then allow one a day).
//! Windows are aligned: `idx = (now + offset) / W`, `elapsed = (now + offset) mod W`; the
//! createGroup day uses `offset = 8 h`, i.e. days start at midnight China Standard Time.
//! Roll: same `idx` keeps `(prev, curr)`; `idx = window + 1` gives `(curr, 0)`; later gives
//! `(0, 0)`; an earlier `idx` (clock went back) is evaluated as at the start of the stored
//! window. Allowed iff `prev·(W − elapsed) + (curr + 1)·W ≤ L·W` (128-bit arithmetic); then
//! `curr += 1`, expiry `(W − elapsed) + W`. When denied, `retry_after` is the first ms at which
//! the same inequality holds: if `curr + 1 > L`, `(W − elapsed) + W − ⌊(L−1)·W / curr⌋`;
//! otherwise `W − ⌊(L − curr − 1)·W / prev⌋ − elapsed`.
//! *Guarantee*: at most `L` per aligned day (`curr ≤` the estimate). The weighted previous day
//! makes it stricter than a plain calendar-day counter right after midnight.
//!
//! **Duplicate** (`duplicate`, state `{last}`), for "相同内容…需要间隔1小时以上": allowed iff
//! there is no state or `now − last > W` (strictly more than an hour; exactly 1 h apart is
//! denied, the safe reading of "以上"); then `last = now`, expiry `W + 1`. Denied:
//! `retry_after = last + W + 1 − now`.
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
//! - Card change/unpin notices count as pushes for the frequency rules (not for duplicates).
//! - Without a profile, every profile's rules apply at once (the strictest combination).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::rules::get;
use crate::error::{Error, ErrorKind, Result};
use crate::jdme::endpoints::{DestinationPolicy, Endpoint, MessageKind};
use crate::jdme::rules::{self, Profile, Shape};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Gcra,
    Window,
    Duplicate,
}

/// Parameters of one limiter, as the Lua port and the test vectors see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Params {
    pub algorithm: Algorithm,
    pub limit: u64,
    pub window_ms: u64,
    #[serde(default = "one")]
    pub burst: u64,
    #[serde(default)]
    pub offset_ms: u64,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GcraState {
    /// Theoretical arrival time, ms.
    pub tat: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WindowState {
    /// Index of the current window: `(now + offset) / W`.
    pub window: u64,
    pub prev: u64,
    pub curr: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateState {
    /// When the content was last allowed, ms.
    pub last: u64,
}

/// The per-key state: `{tat}`, `{window, prev, curr}` or `{last}` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum State {
    Gcra(GcraState),
    Window(WindowState),
    Duplicate(DuplicateState),
}

impl State {
    /// Reads a state written for `algorithm`; a state of another shape is an error.
    pub fn from_value(algorithm: Algorithm, v: &Value) -> Result<State> {
        let bad = |e: serde_json::Error| Error::new(ErrorKind::InvalidArgument, format!("rate state for {algorithm:?}: {e}"));
        Ok(match algorithm {
            Algorithm::Gcra => State::Gcra(GcraState::deserialize(v).map_err(bad)?),
            Algorithm::Window => State::Window(WindowState::deserialize(v).map_err(bad)?),
            Algorithm::Duplicate => State::Duplicate(DuplicateState::deserialize(v).map_err(bad)?),
        })
    }
}

/// What one limiter says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub allowed: bool,
    /// 0 when allowed.
    pub retry_after_ms: u64,
    /// The state to store if the whole request goes ahead (unchanged when denied).
    pub state: Option<State>,
    /// How long the stored state matters; after that it equals a fresh one.
    pub ttl_ms: u64,
}

fn invalid(msg: &str) -> Error {
    Error::new(ErrorKind::InvalidArgument, msg.to_owned())
}

impl Params {
    pub fn validate(&self) -> Result<()> {
        if self.limit == 0 || self.window_ms == 0 {
            return Err(invalid("rate limit: limit and windowMs must be at least 1"));
        }
        if self.burst == 0 || self.burst > self.limit {
            return Err(invalid("rate limit: burst must be between 1 and limit"));
        }
        if self.algorithm == Algorithm::Duplicate && self.limit != 1 {
            return Err(invalid("rate limit: the duplicate algorithm allows exactly 1 per window"));
        }
        Ok(())
    }

    /// GCRA emission interval `T = ceil(W / (L − b + 1))`.
    pub fn interval_ms(&self) -> u64 {
        let d = self.limit.saturating_sub(self.burst).saturating_add(1).max(1);
        self.window_ms.div_ceil(d)
    }

    /// GCRA tolerance `τ = (b − 1)·T`.
    pub fn tolerance_ms(&self) -> u64 {
        self.burst.saturating_sub(1).saturating_mul(self.interval_ms())
    }
}

/// Decides one request for one key.
pub fn decide_one(p: &Params, state: Option<&State>, now: u64) -> Result<Outcome> {
    p.validate()?;
    match (p.algorithm, state) {
        (Algorithm::Gcra, None) => Ok(gcra(p, 0, now)),
        (Algorithm::Gcra, Some(State::Gcra(s))) => Ok(gcra(p, s.tat, now)),
        (Algorithm::Window, None) => Ok(window(p, None, now)),
        (Algorithm::Window, Some(State::Window(s))) => Ok(window(p, Some(*s), now)),
        (Algorithm::Duplicate, None) => Ok(duplicate(p, None, now)),
        (Algorithm::Duplicate, Some(State::Duplicate(s))) => Ok(duplicate(p, Some(s.last), now)),
        _ => Err(invalid("rate limit: stored state does not match the algorithm")),
    }
}

fn gcra(p: &Params, tat: u64, now: u64) -> Outcome {
    let t = p.interval_ms();
    let tau = p.tolerance_ms();
    let earliest = tat.saturating_sub(tau);
    if earliest <= now {
        let new_tat = tat.max(now).saturating_add(t);
        Outcome { allowed: true, retry_after_ms: 0, state: Some(State::Gcra(GcraState { tat: new_tat })), ttl_ms: new_tat - now }
    } else {
        let stored = if tat == 0 { None } else { Some(State::Gcra(GcraState { tat })) };
        Outcome { allowed: false, retry_after_ms: earliest - now, state: stored, ttl_ms: tat.saturating_sub(now) }
    }
}

fn window(p: &Params, s: Option<WindowState>, now: u64) -> Outcome {
    let w = p.window_ms;
    let lim = p.limit as u128;
    let idx_of = |t: u64| (t.saturating_add(p.offset_ms)) / w;
    // Clock went back into an earlier window: evaluate as at the start of the stored window.
    let eff_now = match s {
        Some(st) if idx_of(now) < st.window => now.max(st.window.saturating_mul(w).saturating_sub(p.offset_ms)),
        _ => now,
    };
    let shift = eff_now - now;
    let idx = idx_of(eff_now);
    let elapsed = eff_now.saturating_add(p.offset_ms) % w;
    let (prev, curr) = match s {
        None => (0, 0),
        Some(st) if idx <= st.window => (st.prev, st.curr),
        Some(st) if Some(idx) == st.window.checked_add(1) => (st.curr, 0),
        Some(_) => (0, 0),
    };
    let wu = w as u128;
    let rem = (w - elapsed) as u128;
    // Each product is below 2^128; their sum saturates (a saturated sum is a denial).
    let lhs = (prev as u128).saturating_mul(rem).saturating_add(((curr as u128) + 1).saturating_mul(wu));
    // Valid only once in the future: `shift + (W − elapsed) + W`.
    let ttl = shift.saturating_add(w - elapsed).saturating_add(w);
    if lhs <= lim * wu {
        // Allowed implies curr + 1 <= limit, so curr + 1 does not overflow.
        let st = WindowState { window: idx, prev, curr: curr.saturating_add(1) };
        return Outcome { allowed: true, retry_after_ms: 0, state: Some(State::Window(st)), ttl_ms: ttl };
    }
    let retry = if (curr as u128) + 1 > lim {
        // Wait for the next window, where prev' = curr and curr' = 0; keep < W as curr >= L.
        let keep = ((lim - 1) * wu / (curr.max(1) as u128)).min(wu) as u64;
        (w - elapsed).saturating_add(w - keep)
    } else {
        // Denied with curr + 1 <= L implies prev > L − curr − 1 >= 0, hence keep < W.
        let keep = ((lim - (curr as u128) - 1) * wu / (prev.max(1) as u128)).min(wu) as u64;
        (w - keep).saturating_sub(elapsed).max(1)
    };
    Outcome { allowed: false, retry_after_ms: shift.saturating_add(retry), state: s.map(State::Window), ttl_ms: ttl }
}

fn duplicate(p: &Params, last: Option<u64>, now: u64) -> Outcome {
    let w = p.window_ms;
    match last {
        Some(l) if now.saturating_sub(l) <= w || now < l => Outcome {
            allowed: false,
            retry_after_ms: l.saturating_add(w).saturating_add(1).saturating_sub(now),
            state: Some(State::Duplicate(DuplicateState { last: l })),
            ttl_ms: l.saturating_add(w).saturating_add(1).saturating_sub(now),
        },
        _ => Outcome {
            allowed: true,
            retry_after_ms: 0,
            state: Some(State::Duplicate(DuplicateState { last: now })),
            ttl_ms: w.saturating_add(1),
        },
    }
}

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
    pub burst: u64,
    pub offset_ms: u64,
    pub scope: KeyScope,
    pub platform_code: i64,
}

impl LimitSpec {
    pub const fn params(&self) -> Params {
        Params { algorithm: self.algorithm, limit: self.limit, window_ms: self.window_ms, burst: self.burst, offset_ms: self.offset_ms }
    }
}

const fn gcra_spec(rule: &'static str, limit: u64, window_ms: u64, scope: KeyScope, code: i64) -> LimitSpec {
    LimitSpec { rule, algorithm: Algorithm::Gcra, limit, window_ms, burst: 1, offset_ms: 0, scope, platform_code: code }
}

/// China Standard Time is UTC+8: days of the createGroup quota start at 16:00 UTC.
pub const CST_OFFSET_MS: u64 = 8 * 3_600_000;

const SEC: u64 = 1000;
const MIN: u64 = 60 * SEC;

/// Every limiter, in evaluation (and reporting) order.
pub static LIMITS: &[LimitSpec] = &[
    gcra_spec("jdme.quota.send.per_second", 20, SEC, KeyScope::AppApi, 99990105),
    gcra_spec("jdme.quota.send.per_minute", 1000, MIN, KeyScope::AppApi, 99990105),
    gcra_spec("jdme.quota.group.per_second", 10, SEC, KeyScope::AppApi, 99990105),
    LimitSpec {
        rule: "jdme.quota.create_group.per_day",
        algorithm: Algorithm::Window,
        limit: 100,
        window_ms: 24 * 60 * MIN,
        burst: 1,
        offset_ms: CST_OFFSET_MS,
        scope: KeyScope::AppApi,
        platform_code: 99990105,
    },
    LimitSpec {
        rule: "jdme.intercept.duplicate",
        algorithm: Algorithm::Duplicate,
        limit: 1,
        window_ms: 60 * MIN,
        burst: 1,
        offset_ms: 0,
        scope: KeyScope::RobotTargetContent,
        platform_code: 20100009,
    },
    gcra_spec("jdme.intercept.per_target", 5, SEC, KeyScope::RobotTarget, 20100009),
    gcra_spec("jdme.intercept.alarm.per_second", 50, SEC, KeyScope::Robot, 20100009),
    gcra_spec("jdme.intercept.alarm.per_30min", 100_000, 30 * MIN, KeyScope::Robot, 20100009),
    gcra_spec("jdme.intercept.todo.per_second", 20, SEC, KeyScope::Robot, 20100009),
    gcra_spec("jdme.intercept.todo.per_60min", 100_000, 60 * MIN, KeyScope::Robot, 20100009),
    gcra_spec("jdme.intercept.consult.per_second", 50, SEC, KeyScope::Robot, 20100009),
    gcra_spec("jdme.intercept.consult.per_30min", 100_000, 30 * MIN, KeyScope::Robot, 20100009),
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
    /// GCRA `T`, for convenience of other implementations (GCRA only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_ms: Option<u64>,
    /// GCRA `τ` (GCRA only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance_ms: Option<u64>,
    pub platform_code: i64,
}

fn enc(part: &str) -> String {
    part.replace('%', "%25").replace('|', "%7C")
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
        let app = || get_str(body, "appId").ok_or_else(|| missing("appId"));
        let robot = || {
            let r = if spec.robot_id.params() { get_str(body, "params.robotId") } else { None };
            r.or_else(|| get_str(body, "robotId")).ok_or_else(|| missing("robotId"))
        };
        let target = || {
            if matches!(spec.destination, DestinationPolicy::Target | DestinationPolicy::Group | DestinationPolicy::User) {
                target_of(body).ok_or_else(|| missing("destination (erp+tenantId or groupId)"))
            } else {
                Err(missing("destination"))
            }
        };
        let key = match l.scope {
            KeyScope::AppApi => format!("{}|{}|{}", l.rule, enc(app()?), spec.name),
            KeyScope::Robot => format!("{}|{}", l.rule, enc(robot()?)),
            KeyScope::RobotTarget => format!("{}|{}|{}", l.rule, enc(robot()?), enc(&target()?)),
            KeyScope::RobotTargetContent => {
                let t = target()?;
                let Some(c) = content_of(spec.message, body) else { continue };
                format!("{}|{}|{}", l.rule, enc(robot()?), content_hash(&t, &c))
            }
        };
        let params = l.params();
        let gcra = params.algorithm == Algorithm::Gcra;
        out.push(Planned {
            key,
            rule: l.rule,
            params,
            interval_ms: gcra.then(|| params.interval_ms()),
            tolerance_ms: gcra.then(|| params.tolerance_ms()),
            platform_code: l.platform_code,
        });
    }
    Ok(out)
}

/// How much of a GCRA limit may be spent at once.
///
/// `Strict` (burst 1, the default) is what a client paces with: it can never put more than `L`
/// requests into any window of length `W`, whatever window the platform counts in. `Full` is
/// the classic GCRA of a gateway counting `L` per `W`: `L` at once, then one every `W/L`
/// (`T = W/L`, `τ = (L − 1)·T`), which can put up to `2L − 1` into a window straddling an edge,
/// as a fixed-window counter does. In this module's terms that is limit `2L − 1` with burst
/// `L`. The simulator enforces with it, so it never refuses a short burst a counting gateway
/// would pass. Windows and duplicates are unaffected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Burst {
    #[default]
    Strict,
    Full,
}

/// Applies a burst policy to a plan made by [`plan`].
pub fn with_burst(mut planned: Vec<Planned>, burst: Burst) -> Vec<Planned> {
    if burst == Burst::Full {
        for p in planned.iter_mut().filter(|p| p.params.algorithm == Algorithm::Gcra) {
            let l = p.params.limit;
            p.params.burst = l;
            p.params.limit = l.saturating_mul(2).saturating_sub(1);
            p.interval_ms = Some(p.params.interval_ms());
            p.tolerance_ms = Some(p.params.tolerance_ms());
        }
    }
    planned
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

    /// Brute force: no window of length W ever holds more than L allowed requests.
    #[test]
    fn gcra_never_exceeds_limit_in_any_window() {
        for (limit, window, burst) in [(5u64, 1000u64, 1u64), (5, 1000, 3), (5, 1000, 5), (20, 1000, 1), (3, 7, 2)] {
            let p = Params { algorithm: Algorithm::Gcra, limit, window_ms: window, burst, offset_ms: 0 };
            let mut state = None;
            let mut allowed = Vec::new();
            // A request every ms for 5 windows.
            for now in 0..window * 5 {
                let o = decide_one(&p, state.as_ref(), now).unwrap();
                if o.allowed {
                    state = o.state;
                    allowed.push(now);
                } else {
                    assert!(o.retry_after_ms > 0);
                    let later = decide_one(&p, state.as_ref(), now + o.retry_after_ms).unwrap();
                    assert!(later.allowed, "retry_after must be enough");
                    if o.retry_after_ms > 1 {
                        assert!(!decide_one(&p, state.as_ref(), now + o.retry_after_ms - 1).unwrap().allowed);
                    }
                }
            }
            for (i, &t) in allowed.iter().enumerate() {
                let n = allowed[i..].iter().take_while(|&&u| u < t + window).count() as u64;
                assert!(n <= limit, "L={limit} W={window} b={burst}: {n} in [{t}, {})", t + window);
            }
            // The burst is really available from fresh.
            let mut s = None;
            for _ in 0..burst {
                let o = decide_one(&p, s.as_ref(), 0).unwrap();
                assert!(o.allowed);
                s = o.state;
            }
        }
    }

    #[test]
    fn window_retry_after_is_exact() {
        let p = Params { algorithm: Algorithm::Window, limit: 4, window_ms: 100, burst: 1, offset_ms: 30 };
        let mut state: Option<State> = None;
        for now in (0..1000u64).step_by(3) {
            let o = decide_one(&p, state.as_ref(), now).unwrap();
            if o.allowed {
                state = o.state;
            } else {
                let r = o.retry_after_ms;
                assert!(decide_one(&p, state.as_ref(), now + r).unwrap().allowed, "now={now} r={r}");
                if r > 1 {
                    assert!(!decide_one(&p, state.as_ref(), now + r - 1).unwrap().allowed, "now={now} r={r}");
                }
            }
        }
    }

    /// Caller-supplied parameters and states come from JS: extreme values must not panic
    /// (tests run with overflow checks on).
    #[test]
    fn extreme_values_do_not_panic() {
        let big = u64::MAX;
        for alg in [Algorithm::Gcra, Algorithm::Window, Algorithm::Duplicate] {
            for (limit, window, burst, offset) in [(1, 1, 1, 0), (1, big, 1, big), (big, big, big, big), (big, 1, 1, 0), (2, big, 2, 1)] {
                let limit = if alg == Algorithm::Duplicate { 1 } else { limit };
                let burst = burst.min(limit);
                let p = Params { algorithm: alg, limit, window_ms: window, burst, offset_ms: offset };
                let states = [
                    None,
                    Some(State::Gcra(GcraState { tat: big })),
                    Some(State::Gcra(GcraState { tat: 0 })),
                    Some(State::Window(WindowState { window: big, prev: big, curr: big })),
                    Some(State::Window(WindowState { window: 0, prev: big, curr: 0 })),
                    Some(State::Window(WindowState { window: big - 1, prev: 0, curr: big })),
                    Some(State::Duplicate(DuplicateState { last: big })),
                ];
                for st in &states {
                    for now in [0, 1, big / 2, big - 1, big] {
                        let _ = decide_one(&p, st.as_ref(), now);
                    }
                }
            }
        }
    }

    #[test]
    fn mismatched_state_is_an_error() {
        let p = Params { algorithm: Algorithm::Gcra, limit: 1, window_ms: 1, burst: 1, offset_ms: 0 };
        assert!(decide_one(&p, Some(&State::Duplicate(DuplicateState { last: 0 })), 0).is_err());
        assert!(State::from_value(Algorithm::Gcra, &serde_json::json!({"last": 1})).is_err());
        assert!(State::from_value(Algorithm::Gcra, &serde_json::json!({"tat": 1, "x": 2})).is_err());
        let bad = Params { algorithm: Algorithm::Gcra, limit: 2, window_ms: 1, burst: 3, offset_ms: 0 };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn full_burst_lets_the_whole_limit_through_at_once() {
        use serde_json::json;
        let body = json!({"appId": "a", "groupId": "g", "requestId": "r", "dateTime": 1,
            "params": {"robotId": "r1", "body": {"type": "text", "content": "x"}}});
        let strict = plan(crate::jdme::endpoints::Endpoint::SendRobotMsg, &body, Some(crate::jdme::rules::Profile::Todo)).unwrap();
        let full = with_burst(strict.clone(), Burst::Full);
        for (s, f) in strict.iter().zip(&full) {
            if s.params.algorithm == Algorithm::Gcra {
                let l = s.params.limit;
                assert_eq!(s.params.burst, 1);
                assert_eq!((f.params.burst, f.params.limit), (l, 2 * l - 1));
                assert_eq!(f.interval_ms, Some(s.params.window_ms.div_ceil(l)));
                // L requests at the same instant pass, the next one waits W/L.
                let mut state = None;
                for _ in 0..l {
                    let o = decide_one(&f.params, state.as_ref(), 1000).unwrap();
                    assert!(o.allowed, "{}", f.rule);
                    state = o.state;
                }
                let denied = decide_one(&f.params, state.as_ref(), 1000).unwrap();
                assert!(!denied.allowed, "{}", f.rule);
                assert_eq!(denied.retry_after_ms, s.params.window_ms.div_ceil(l), "{}", f.rule);
            } else {
                assert_eq!(s.params, f.params);
            }
        }
    }
}
