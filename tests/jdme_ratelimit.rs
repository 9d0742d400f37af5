//! The limiters against `tests/fixtures/jdme/ratelimit_vectors.json` (shared with any later
//! Lua/JS implementation), and whole-request decisions.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use robotwire::jdme::endpoints::Endpoint;
use robotwire::jdme::ratelimit::{self, content_hash, decide, decide_one, plan, settle, Params, State};
use robotwire::jdme::rules::Profile;
use serde_json::{json, Value};

fn vectors() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jdme/ratelimit_vectors.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("vectors")).expect("json")
}

#[test]
fn limiter_vectors() {
    let v = vectors();
    let cases = v["cases"].as_array().expect("cases");
    assert!(cases.len() >= 6);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let params: Params = serde_json::from_value(c["params"].clone()).expect("params");
        let mut store: HashMap<String, State> = HashMap::new();
        for (i, s) in c["steps"].as_array().unwrap().iter().enumerate() {
            let key = s["key"].as_str().unwrap().to_owned();
            let now = s["now"].as_u64().unwrap();
            if let Some(sent) = s["settle"].as_u64() {
                match settle(&params, store.get(&key), sent, now).unwrap_or_else(|e| panic!("{name} #{i}: {e}")) {
                    Some((st, ttl)) => {
                        assert_eq!(ttl, s["ttlMs"].as_u64().unwrap(), "{name} #{i}: ttlMs");
                        store.insert(key.clone(), st);
                    }
                    None => assert!(s["ttlMs"].is_null(), "{name} #{i}: settle changed nothing"),
                }
                let stored = store.get(&key).map(|st| serde_json::to_value(st).unwrap()).unwrap_or(Value::Null);
                assert_eq!(stored, s["state"], "{name} #{i}: state");
                continue;
            }
            let o = decide_one(&params, store.get(&key), now).unwrap_or_else(|e| panic!("{name} #{i}: {e}"));
            assert_eq!(o.allowed, s["allowed"].as_bool().unwrap(), "{name} #{i}: allowed");
            assert_eq!(o.retry_after_ms, s["retryAfterMs"].as_u64().unwrap(), "{name} #{i}: retryAfterMs");
            if o.allowed {
                store.insert(key.clone(), o.state.expect("state"));
                assert_eq!(o.ttl_ms, s["ttlMs"].as_u64().unwrap(), "{name} #{i}: ttlMs");
            }
            let stored = store.get(&key).map(|st| serde_json::to_value(st).unwrap()).unwrap_or(Value::Null);
            assert_eq!(stored, s["state"], "{name} #{i}: state");
        }
    }
}

fn expand(key: &str) -> String {
    // "@hash(target, content)" stands for content_hash(target, content).
    match key.split_once("@hash(") {
        Some((head, rest)) => {
            let inner = rest.strip_suffix(')').expect("closing paren");
            let (t, c) = inner.split_once(", ").expect("two args");
            format!("{head}{}", content_hash(t, c))
        }
        None => key.to_owned(),
    }
}

#[test]
fn plan_vectors() {
    let v = vectors();
    for p in v["plans"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let e = Endpoint::from_name(p["endpoint"].as_str().unwrap()).unwrap();
        let profile = p["profile"].as_str().map(|s| Profile::from_name(s).unwrap());
        let planned = plan(e, &p["body"], profile).unwrap();
        let rules: Vec<&str> = planned.iter().map(|x| x.rule).collect();
        let want: Vec<&str> = p["rules"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        assert_eq!(rules, want, "{name}");
        let keys: Vec<String> = planned.iter().map(|x| x.key.clone()).collect();
        let want: Vec<String> = p["keys"].as_array().unwrap().iter().map(|x| expand(x.as_str().unwrap())).collect();
        assert_eq!(keys, want, "{name}");
    }
}

fn text(content: &str, group: &str) -> Value {
    json!({"appId": "fake-app-key", "requestId": "r", "dateTime": 1, "groupId": group,
           "params": {"robotId": "00_fakerobot000001", "body": {"type": "text", "content": content}}})
}

/// A tiny in-memory store: applies `updates` of allowed decisions.
struct Store(BTreeMap<String, Value>);

impl Store {
    fn send(&mut self, body: &Value, profile: Option<Profile>, now: u64) -> ratelimit::Decision {
        let p = plan(Endpoint::SendRobotMsg, body, profile).unwrap();
        let d = decide(&p, &self.0, now).unwrap();
        if d.allowed {
            for u in &d.updates {
                self.0.insert(u.key.clone(), serde_json::to_value(&u.state).unwrap());
            }
        } else {
            assert!(d.updates.is_empty(), "a refused request stores nothing");
        }
        d
    }
}

#[test]
fn duplicate_is_reported_before_frequency_and_quota_before_both() {
    let mut s = Store(BTreeMap::new());
    let t0 = 1_700_000_000_000u64;
    assert!(s.send(&text("hi", "g1"), Some(Profile::Alarm), t0).allowed);
    // Four more to g1 and fifteen to other groups in the same ms: 20 sends, all allowed.
    for i in 0..4 {
        assert!(s.send(&text(&format!("m{i}"), "g1"), Some(Profile::Alarm), t0).allowed);
    }
    for i in 0..15 {
        assert!(s.send(&text("x", &format!("g{}", 100 + i)), Some(Profile::Alarm), t0).allowed);
    }
    // The 21st: the app's send quota (20/s) is the first refusal, the per-target rule (5/s)
    // refuses too; both free up when the first sends are a second old.
    let d = s.send(&text("other", "g1"), Some(Profile::Alarm), t0);
    assert!(!d.allowed);
    assert_eq!(d.rule, Some("jdme.quota.send.per_second"));
    assert_eq!(d.platform_code, Some(99990105));
    assert_eq!(d.retry_after_ms, 1000);
    let rules: Vec<&str> = d.denied.iter().map(|x| x.rule).collect();
    assert_eq!(rules, ["jdme.quota.send.per_second", "jdme.intercept.per_target"]);
    // After the wait it goes through.
    assert!(s.send(&text("other", "g1"), Some(Profile::Alarm), t0 + 1000).allowed);
    // Same content to the same group 1 s later: only the duplicate rule refuses (20100009).
    let d = s.send(&text("hi", "g1"), Some(Profile::Alarm), t0 + 1200);
    assert_eq!(d.rule, Some("jdme.intercept.duplicate"));
    assert_eq!(d.platform_code, Some(20100009));
    assert_eq!(d.denied.len(), 1);
    assert_eq!(d.retry_after_ms, 3_600_001 - 1200);
    // Same content to another group is not a duplicate.
    assert!(s.send(&text("hi", "g2"), Some(Profile::Alarm), t0 + 1200).allowed);
    // Consult robots have no duplicate rule.
    assert!(s.send(&text("hi", "g1"), Some(Profile::Consult), t0 + 2000).allowed);
    // More than an hour later the alarm duplicate passes.
    assert!(s.send(&text("hi", "g1"), Some(Profile::Alarm), t0 + 3_600_001).allowed);
}

#[test]
fn per_target_allows_five_per_second() {
    let mut s = Store(BTreeMap::new());
    let t0 = 1_700_000_000_000u64;
    let mut allowed = Vec::new();
    // Try every 10 ms for 2 s with fresh content each time.
    for i in 0..200u64 {
        let now = t0 + i * 10;
        if s.send(&text(&format!("m{i}"), "g1"), Some(Profile::Consult), now).allowed {
            allowed.push(now);
        }
    }
    for (i, &t) in allowed.iter().enumerate() {
        let n = allowed[i..].iter().take_while(|&&u| u < t + 1000).count();
        assert!(n <= 5, "{n} messages to one group within 1 s from {t}");
    }
    // Exactly 5 per second at full pressure: five at once, five more a second later.
    assert_eq!(allowed, [0, 10, 20, 30, 40, 1000, 1010, 1020, 1030, 1040].map(|d| t0 + d), "{allowed:?}");
}

#[test]
fn bad_plans_and_states() {
    // No robotId for a robot-scoped rule.
    let mut b = text("hi", "g1");
    b["params"].as_object_mut().unwrap().remove("robotId");
    assert!(plan(Endpoint::SendRobotMsg, &b, None).is_err());
    // A stored state of the wrong shape is an error, not a silent reset.
    let p = plan(Endpoint::SendRobotMsg, &text("hi", "g1"), Some(Profile::Todo)).unwrap();
    let mut states = BTreeMap::new();
    states.insert(p[0].key.clone(), json!({"last": 1}));
    assert!(decide(&p, &states, 5).is_err());
    // Endpoints without quotas or interception plan nothing.
    let body = json!({"appId": "a", "requestId": "r", "params": {"groupId": "1"}});
    assert!(plan(Endpoint::IsGroupExist, &body, None).unwrap().is_empty());
    // Group APIs: 10/s per app and API.
    let body = json!({"appId": "a", "requestId": "r", "params": {"robotId": "r", "pageNo": 1, "pageSize": 10}});
    let p = plan(Endpoint::GetRobotGroup, &body, None).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key, "jdme.quota.group.per_second|a|getRobotGroup");
    assert_eq!((p[0].params.limit, p[0].params.window_ms), (10, 1000));
}
