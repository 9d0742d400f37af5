//! Every endpoint builder against the seed's request examples, field for field.
//!
//! Each `tests/fixtures/jdme/requests/*.json` holds `{endpoint, source, ctx?, input, expected}`:
//! `expected` is the seed's request example (comments removed, real-looking ids, erps and keys
//! replaced by obviously fake ones), `ctx` pins requestId and nowMs to the example's values.

use std::path::{Path, PathBuf};

use robotwire::jdme::builders;
use robotwire::jdme::endpoints::{Endpoint, ENDPOINTS};
use robotwire::jdme::envelope::Context;
use robotwire::jdme::rules::{self, Facts};
use serde_json::{json, Value};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jdme/requests")
}

fn fixtures() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read fixture");
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn ctx_of(f: &Value) -> Option<Context> {
    f.get("ctx").map(|c| serde_json::from_value(c.clone()).expect("ctx"))
}

#[test]
fn every_builder_matches_the_seed_example() {
    let all = fixtures();
    assert!(all.len() >= ENDPOINTS.len());
    for (name, f) in &all {
        let endpoint = f["endpoint"].as_str().expect("endpoint");
        let ctx = ctx_of(f);
        let body = builders::build(endpoint, &f["input"], ctx.as_ref())
            .unwrap_or_else(|e| panic!("{name}: build failed: {e}"));
        assert_eq!(body, f["expected"], "{name}: built body differs from the seed example");
        // The seed's example itself passes every stateless rule.
        let e = Endpoint::from_name(endpoint).expect("known endpoint");
        let v = rules::check(e, &f["expected"], None, &Facts::default());
        assert!(v.is_empty(), "{name}: {v:?}");
    }
}

#[test]
fn every_endpoint_has_a_fixture() {
    let all = fixtures();
    for spec in ENDPOINTS {
        assert!(
            all.iter().any(|(_, f)| f["endpoint"] == spec.name),
            "no fixture for {}",
            spec.name
        );
    }
}

#[test]
fn fixtures_hold_no_seed_credentials() {
    // App keys, erps and robot ids of the seed's examples and NestJS samples must not leak into
    // the fixtures.
    let banned = [
        "I70487c4SOnQDiptwdmC",
        "Tb5Qx36pI1jugt0MxzbgJ",
        "DSya5glhEBKFUS1N7sdH",
        "ngATnOTV3L0TOGA4y6ZGc",
        "w1jUTFZvmRfzp0v2dXTJ",
        "5f84e5947fc69caf6b7f1dcaca1d4b07",
        "00_6432a87fc90e4619",
        "00_8382034ad81f4761",
        "00_0b825d0f14c44e02",
        "huangzhen122",
        "zhangjiawei78",
        "qiuqi12",
    ];
    for (name, f) in fixtures() {
        let text = f.to_string();
        for b in banned {
            assert!(!text.contains(b), "{name} contains {b}");
        }
    }
}

#[test]
fn request_id_comes_from_the_caller() {
    let mut ctx = Context { app_id: "fake-app-key".into(), now_ms: 1_700_000_000_000, request_id: None, robot_id: Some("00_fakerobot000001".into()) };
    // The core makes no random ids: without a requestId there is no envelope, and the error says so.
    let e = builders::build("sendRobotMsg", &json!({"groupId": "1", "text": "hi"}), Some(&ctx)).unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    assert!(e.to_string().contains("requestId"), "{e}");
    ctx.request_id = Some("5a5a5a5a-5a5a-4a5a-9a5a-5a5a5a5a5a5a".into());
    let body = builders::build("sendRobotMsg", &json!({"groupId": "10000000001", "text": "hi"}), Some(&ctx)).unwrap();
    assert_eq!(body["requestId"], "5a5a5a5a-5a5a-4a5a-9a5a-5a5a5a5a5a5a");
    assert_eq!(body["dateTime"], 1_700_000_000_000u64);
}

fn ctx() -> Context {
    Context { app_id: "fake-app-key".into(), now_ms: 1, request_id: Some("r".into()), robot_id: Some("00_fakerobot000001".into()) }
}

fn err_code(name: &str, input: Value) -> &'static str {
    match builders::build(name, &input, Some(&ctx())) {
        Ok(b) => panic!("{name} built {b}"),
        Err(e) => e.code(),
    }
}

#[test]
fn builders_refuse_bad_input() {
    // Typos are errors, not dropped fields.
    assert_eq!(err_code("updateGroup", json!({"groupId": "1", "notcie": "x"})), "invalid_field");
    // Destination: exactly one; erp needs tenantId; tenantId is never guessed.
    assert_eq!(err_code("sendRobotMsg", json!({"text": "hi"})), "missing_field");
    assert_eq!(err_code("sendRobotMsg", json!({"text": "hi", "groupId": "1", "erp": "e", "tenantId": "CN.JD.GROUP"})), "invalid_field");
    assert_eq!(err_code("sendRobotMsg", json!({"text": "hi", "erp": "e"})), "missing_field");
    assert_eq!(err_code("sendRobotMsg", json!({"text": "hi", "erp": "e", "tenantId": "cn.jd.group"})), "invalid_field");
    // Undocumented app values.
    assert_eq!(
        err_code("addGroupMember", json!({"groupId": "1", "members": [{"app": "sf.ee", "pin": "x"}]})),
        "invalid_field"
    );
    // Mixed JUE protocols, or none.
    assert_eq!(err_code("sendJUEMsg", json!({"groupId": "1", "templateCardId": "a", "templateCardVersion": "1", "templateId": "t"})), "invalid_field");
    assert_eq!(err_code("sendJUEMsg", json!({"groupId": "1"})), "missing_field");
    assert_eq!(err_code("sendJUEMsg", json!({"groupId": "1", "templateCardId": "a"})), "missing_field");
    // Rule violations carry the rule ids.
    let e = builders::build("sendRobotMsg", &json!({"groupId": "1", "text": " "}), Some(&ctx())).unwrap_err();
    assert_eq!(e.code(), "rule_violation");
    assert!(e.detail.contains("jdme.content.not_empty"), "{}", e.detail);
    // Mentions only in groups.
    let e = builders::build(
        "sendRobotMsg",
        &json!({"erp": "fake.erp", "tenantId": "CN.JD.GROUP", "text": "hi", "atAll": true}),
        Some(&ctx()),
    )
    .unwrap_err();
    assert!(e.detail.contains("jdme.text.mentions_group_only"), "{}", e.detail);
    // No robotId anywhere.
    let mut c = ctx();
    c.robot_id = None;
    assert_eq!(builders::build("withdrawMsg", &json!({"packetId": "p"}), Some(&c)).unwrap_err().code(), "missing_field");
    // Envelope endpoints need a ctx; auth endpoints do not.
    assert_eq!(builders::build("isGroupExist", &json!({"groupId": "1"}), None).unwrap_err().code(), "invalid_argument");
    assert!(builders::build("team_access_token", &json!({"appAccessToken": "a", "openTeamId": "b"}), None).is_ok());
    assert_eq!(builders::build("nope", &json!({}), Some(&ctx())).unwrap_err().code(), "invalid_argument");
}

#[test]
fn defaults() {
    // appKey defaults to ctx.appId (app_access_token and userTokenAuthorize).
    let b = builders::build("app_access_token", &json!({"appSecret": "fake-app-secret"}), Some(&ctx())).unwrap();
    assert_eq!(b, json!({"appKey": "fake-app-key", "appSecret": "fake-app-secret"}));
    // Paging defaults: pageNo 1, pageSize 10.
    let b = builders::build("getRobotGroup", &json!({}), Some(&ctx())).unwrap();
    assert_eq!(b["params"], json!({"pageNo": 1, "pageSize": 10, "robotId": "00_fakerobot000001"}));
    // New-protocol templateCardVariable defaults to {}.
    let b = builders::build("sendJUEMsg", &json!({"groupId": "1", "templateCardId": "c", "templateCardVersion": "0.0.1"}), Some(&ctx())).unwrap();
    assert_eq!(b["params"]["data"]["cardData"]["templateCardVariable"], json!({}));
    // Old-protocol templateType defaults to 1.
    let b = builders::build("sendJUEMsg", &json!({"groupId": "1", "templateId": "t"}), Some(&ctx())).unwrap();
    assert_eq!(b["params"]["data"]["templateType"], 1);
    // resId is sent as given: number or string.
    let b = builders::build("sendUnpinCardMsg", &json!({"groupId": "1", "cardMsgId": "c", "resId": "253975"}), Some(&ctx())).unwrap();
    assert_eq!(b["params"]["resId"], "253975");
    // doTopNotice without content pins the current notice.
    let b = builders::build("doTopNotice", &json!({"groupId": "1"}), Some(&ctx())).unwrap();
    assert_eq!(b["params"], json!({"groupId": "1"}));
}

#[test]
fn suite_envelope() {
    let b = builders::build(
        "/open-api/suite/v1/calendar/createSchedule",
        &json!({"params": {"title": "x"}}),
        Some(&ctx()),
    )
    .unwrap();
    assert_eq!(b, json!({"appId": "fake-app-key", "requestId": "r", "dateTime": 1, "params": {"title": "x"}}));
    assert!(builders::build("/open-api/suite/v1/calendar/nope", &json!({"params": {}}), Some(&ctx())).is_err());
    assert!(rules::check_text("/open-api/suite/v2/joywork/updateTaskStatus", r#"{"appId":"a","requestId":"r","params":{}}"#, None, &Facts::default())
        .unwrap()
        .is_empty());
}
