//! Every stateless rule of `jdme::rules::RULES` at its boundary, on both sides, plus the
//! reporting order the platform uses. Stateful rules are covered by `jdme_ratelimit.rs`.

use std::collections::BTreeSet;
use std::path::Path;

use robotwire::jdme::endpoints::Endpoint;
use robotwire::jdme::rules::{self, Facts, MemberRef, Profile, SendScope, Stage, Violation, RULES};
use serde_json::{json, Value};

/// The seed example of an endpoint (from the builder fixtures).
fn base(fixture: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jdme/requests").join(format!("{fixture}.json"));
    let f: Value = serde_json::from_str(&std::fs::read_to_string(p).expect("fixture")).expect("json");
    f["expected"].clone()
}

/// Sets (or with `Value::Null`... removes) the value at a JSON pointer, creating objects.
fn set(mut v: Value, pointer: &str, new: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let target = if parent.is_empty() { &mut v } else { v.pointer_mut(parent).expect("parent exists") };
    match target {
        Value::Object(m) => {
            if new.is_null() {
                m.remove(key);
            } else {
                m.insert(key.to_owned(), new);
            }
        }
        Value::Array(a) => {
            let i: usize = key.parse().expect("index");
            a[i] = new;
        }
        _ => panic!("not a container at {parent}"),
    }
    v
}

fn check(endpoint: &str, body: &Value, facts: &Facts) -> Vec<Violation> {
    rules::check(Endpoint::from_name(endpoint).expect("endpoint"), body, None, facts)
}

fn ids(v: &[Violation]) -> Vec<&'static str> {
    v.iter().map(|x| x.rule).collect()
}

struct Case {
    rule: &'static str,
    endpoint: &'static str,
    ok: Value,
    bad: Value,
    ok_facts: Facts,
    bad_facts: Facts,
}

fn case(rule: &'static str, endpoint: &'static str, ok: Value, bad: Value) -> Case {
    Case { rule, endpoint, ok, bad, ok_facts: Facts::default(), bad_facts: Facts::default() }
}

fn with_facts(mut c: Case, facts: Facts) -> Case {
    c.ok_facts = facts.clone();
    c.bad_facts = facts;
    c
}

/// Same body, the boundary is in the facts.
fn with_facts2(mut c: Case, ok: Facts, bad: Facts) -> Case {
    c.ok_facts = ok;
    c.bad_facts = bad;
    c
}

fn text_body(content: &str) -> Value {
    set(base("sendRobotMsg.group"), "/params/body/content", json!(content))
}

fn members(n: usize, robots: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| if i < robots { json!({"app": "robot.dd", "pin": format!("app.robot{i}")}) } else { json!({"app": "ee", "pin": format!("fake.erp{i}")}) })
            .collect(),
    )
}

fn card_body_of_size(bytes: u64) -> Value {
    // An old-protocol card whose params.data serializes to exactly `bytes` bytes, with 3-byte
    // characters in it so that bytes and characters differ.
    let mut b = base("sendJUEMsg.old");
    b = set(b, "/params/data/cardData", json!({"k": ""}));
    let empty = rules::card_package_bytes(&b["params"]["data"]);
    let need = bytes - empty;
    let s = "中".repeat((need / 3) as usize) + &"a".repeat((need % 3) as usize);
    b = set(b, "/params/data/cardData", json!({ "k": s }));
    assert_eq!(rules::card_package_bytes(&b["params"]["data"]), bytes);
    b
}

fn cases() -> Vec<Case> {
    let emoji = "😀"; // outside the BMP: 2 UTF-16 code units
    let g = base("sendRobotMsg.group");
    let user = base("sendRobotMsg.user");
    let cg = base("createGroup");
    let ug = base("updateGroup");
    let add = base("addGroupMember");
    let admin = base("addGroupAdmin");
    let rg = base("getRobotGroup");
    let ch = base("sendJUEChangeMsg");
    let sticky = base("sendStickyCardMsg");
    let uta = base("userTokenAuthorize");
    let gi = base("getGroupInfo");
    let jue_new = base("sendJUEMsg.new");
    let scope = |erps: &[&str], groups: &[&str]| Facts {
        send_scope: Some(SendScope { erps: erps.iter().map(|s| s.to_string()).collect(), group_ids: groups.iter().map(|s| s.to_string()).collect() }),
        ..Facts::default()
    };
    vec![
        // --- structure
        case("jdme.field.type", "sendRobotMsg", g.clone(), set(g.clone(), "/dateTime", json!("1701742782616"))),
        case("jdme.field.type", "sendJUEChangeMsg", ch.clone(), set(ch.clone(), "/params/sessionType", json!("1"))),
        case("jdme.field.type", "sendUnpinCardMsg", base("sendUnpinCardMsg"), set(base("sendUnpinCardMsg"), "/params/resId", json!(-1))),
        case("jdme.field.required", "sendRobotMsg", g.clone(), set(g.clone(), "/appId", Value::Null)),
        case("jdme.field.required", "sendRobotMsg", g.clone(), set(g.clone(), "/requestId", json!(""))),
        case("jdme.field.required", "sendRobotMsg", g.clone(), set(g.clone(), "/params/robotId", Value::Null)),
        case("jdme.field.required", "createGroup", cg.clone(), set(cg.clone(), "/robotId", Value::Null)),
        case("jdme.field.required", "addGroupMember", add.clone(), set(add.clone(), "/params/members", json!([]))),
        case("jdme.field.required", "userTokenAuthorize", uta.clone(), set(uta.clone(), "/dateTime", Value::Null)),
        case("jdme.field.required", "userTokenAuthorize", uta.clone(), set(uta.clone(), "/params/body/data/scopeList", json!([]))),
        case("jdme.field.required", "sendJUEMsg", jue_new.clone(), set(jue_new.clone(), "/params/data/cardData/templateCardVersion", Value::Null)),
        case("jdme.field.enum", "sendRobotMsg", user.clone(), set(user.clone(), "/tenantId", json!("CN.JD.GROUp"))),
        case("jdme.field.enum", "sendRobotMsg", g.clone(), set(g.clone(), "/params/body/type", json!("image"))),
        case("jdme.field.enum", "sendJUEChangeMsg", ch.clone(), set(ch.clone(), "/params/sessionType", json!(3))),
        case("jdme.field.enum", "getGroupInfo", gi.clone(), set(gi.clone(), "/params/mode", json!(3))),
        case("jdme.field.enum", "sendJUEMsg", base("sendJUEMsg.old_full"), set(base("sendJUEMsg.old_full"), "/params/data/width_mode", json!("huge"))),
        case("jdme.field.enum", "userTokenAuthorize", uta.clone(), set(uta.clone(), "/params/body/pushType", json!("auth"))),
        case("jdme.field.enum", "addGroupMember", add.clone(), set(add.clone(), "/params/members/0/app", json!("sf.ee"))),
        case("jdme.destination.required", "sendRobotMsg", g.clone(), set(g.clone(), "/groupId", Value::Null)),
        case("jdme.destination.required", "sendStickyCardMsg", sticky.clone(), set(sticky.clone(), "/groupId", Value::Null)),
        case("jdme.destination.exactly_one", "sendRobotMsg", user.clone(), set(user.clone(), "/groupId", json!("10000000001"))),
        case("jdme.destination.erp_tenant_pair", "sendRobotMsg", user.clone(), set(user.clone(), "/tenantId", Value::Null)),
        case("jdme.destination.erp_tenant_pair", "userTokenAuthorize", uta.clone(), set(uta.clone(), "/tenantId", Value::Null)),
        case("jdme.destination.not_accepted", "updateGroup", ug.clone(), set(ug.clone(), "/groupId", json!("10000000001"))),
        case("jdme.destination.exactly_one", "sendStickyCardMsg", sticky.clone(), set(set(sticky.clone(), "/erp", json!("fake.erp")), "/tenantId", json!("CN.JD.GROUP"))),
        case("jdme.destination.not_accepted", "createGroup", cg.clone(), set(cg.clone(), "/groupId", json!("1"))),
        case("jdme.jue.protocol", "sendJUEMsg", jue_new.clone(), set(jue_new.clone(), "/params/data/templateId", json!("t"))),
        case("jdme.jue.protocol", "sendJUEMsg", jue_new.clone(), set(jue_new.clone(), "/params/data/cardData", json!({"k": "v"}))),
        case("jdme.jue_change.session_target", "sendJUEChangeMsg", ch.clone(), set(ch.clone(), "/params/gid", json!("1"))),
        case(
            "jdme.jue_change.session_target",
            "sendJUEChangeMsg",
            base("sendJUEChangeMsg.group"),
            set(base("sendJUEChangeMsg.group"), "/params/to", json!({"app": "ee", "pin": "fake.erp"})),
        ),
        // --- interception
        case("jdme.content.not_empty", "sendRobotMsg", text_body("a"), text_body("")),
        case("jdme.content.not_empty", "sendRobotMsg", text_body("\u{2005}a"), text_body(" \u{2005}\n")),
        case("jdme.content.not_empty", "sendStickyCardMsg", sticky.clone(), set(sticky.clone(), "/params/data", json!({}))),
        case("jdme.text.max_length", "sendRobotMsg", text_body(&"a".repeat(2000)), text_body(&"a".repeat(2001))),
        // 2000 characters but 2001 UTF-16 code units: refused.
        case("jdme.text.max_length", "sendRobotMsg", text_body(&("a".repeat(1998) + emoji)), text_body(&("a".repeat(1999) + emoji))),
        case("jdme.card.max_bytes", "sendJUEMsg", card_body_of_size(20480), card_body_of_size(20481)),
        with_facts(case("jdme.scope.send", "sendRobotMsg", user.clone(), set(user.clone(), "/erp", json!("other.erp"))), scope(&["FAKE.ERP"], &[])),
        with_facts(case("jdme.scope.send", "sendRobotMsg", g.clone(), set(g.clone(), "/groupId", json!("10000000002"))), scope(&[], &["10000000001"])),
        // --- limits
        case("jdme.text.mentions_group_only", "sendRobotMsg", base("sendRobotMsg.at_all"), {
            let b = set(base("sendRobotMsg.at_all"), "/groupId", Value::Null);
            set(set(b, "/erp", json!("fake.erp")), "/tenantId", json!("CN.JD.GROUP"))
        }),
        case("jdme.text.mentions_match", "sendRobotMsg", base("sendRobotMsg.at_users"), set(base("sendRobotMsg.at_users"), "/params/body/content", json!("@用户1 @用户2 hi"))),
        case("jdme.text.at_all_nickname", "sendRobotMsg", base("sendRobotMsg.at_all"), set(base("sendRobotMsg.at_all"), "/params/body/atUsers/0/nickname", json!("所有人"))),
        case("jdme.group.name.max_length", "createGroup", set(cg.clone(), "/params/name", json!("名".repeat(40))), set(cg.clone(), "/params/name", json!("名".repeat(41)))),
        case("jdme.group.name.max_length", "updateGroup", set(ug.clone(), "/params/name", json!(emoji.repeat(20))), set(ug.clone(), "/params/name", json!(emoji.repeat(20) + "a"))),
        case("jdme.group.notice.max_length", "createGroup", set(cg.clone(), "/params/notice", json!("n".repeat(3000))), set(cg.clone(), "/params/notice", json!("n".repeat(3001)))),
        case("jdme.group.intro.max_length", "updateGroup", set(ug.clone(), "/params/intro", json!("i".repeat(200))), set(ug.clone(), "/params/intro", json!("i".repeat(201)))),
        {
            let prefix = "https://img.360buyimg.com/";
            let ok = prefix.to_owned() + &"p".repeat(300 - prefix.len());
            let bad = ok.clone() + "p";
            case("jdme.group.avatar.max_length", "createGroup", set(cg.clone(), "/params/avatar", json!(ok)), set(cg.clone(), "/params/avatar", json!(bad)))
        },
        case("jdme.group.avatar.host", "updateGroup", ug.clone(), set(ug.clone(), "/params/avatar", json!("https://eefs.jd.com/res/download/x.png"))),
        case("jdme.group.avatar.host", "createGroup", set(cg.clone(), "/params/avatar", json!("http://img30.360buyimg.com/a.png")), set(cg.clone(), "/params/avatar", json!("https://360buyimg.com.evil.example/a.png"))),
        case("jdme.group.unique_key.max_length", "createGroup", set(cg.clone(), "/params/uniqueKey", json!("k".repeat(64))), set(cg.clone(), "/params/uniqueKey", json!("k".repeat(65)))),
        case("jdme.group.update.not_empty", "updateGroup", set(ug.clone(), "/params", json!({"groupId": "1", "intro": ""})), set(ug.clone(), "/params", json!({"groupId": "1"}))),
        case("jdme.group_id.max_length", "isGroupExist", set(base("isGroupExist"), "/params/groupId", json!("1".repeat(40))), set(base("isGroupExist"), "/params/groupId", json!("1".repeat(41)))),
        case("jdme.group_id.max_length", "sendRobotMsg", set(g.clone(), "/groupId", json!("1".repeat(40))), set(g.clone(), "/groupId", json!("1".repeat(41)))),
        case("jdme.group_id.max_length", "getEffectiveGroupId", base("getEffectiveGroupId"), set(base("getEffectiveGroupId"), "/params/groupIds", json!(["1", "2".repeat(41)]))),
        case("jdme.robot_id.max_length", "sendRobotMsg", set(g.clone(), "/params/robotId", json!("r".repeat(32))), set(g.clone(), "/params/robotId", json!("r".repeat(33)))),
        case("jdme.robot_id.max_length", "createGroup", set(cg.clone(), "/robotId", json!("r".repeat(32))), set(cg.clone(), "/robotId", json!("r".repeat(33)))),
        case("jdme.app.max_length", "getGroupInfo", gi.clone(), set(gi.clone(), "/params/operator/app", json!("e".repeat(33)))),
        case("jdme.pin.max_length", "addGroupMember", set(add.clone(), "/params/members/0/pin", json!("p".repeat(64))), set(add.clone(), "/params/members/0/pin", json!("p".repeat(65)))),
        case("jdme.pin.max_length", "sendRobotMsg", set(user.clone(), "/erp", json!("p".repeat(64))), set(user.clone(), "/erp", json!("p".repeat(65)))),
        // createGroup: owner + 99 = 100 ok, owner + 100 = 101 refused.
        case("jdme.group.members.max_count", "createGroup", set(cg.clone(), "/params/members", members(99, 0)), set(cg.clone(), "/params/members", members(100, 0))),
        case("jdme.group.members.max_count", "addGroupMember", set(add.clone(), "/params/members", members(100, 0)), set(add.clone(), "/params/members", members(101, 0))),
        case("jdme.group.members.max_count", "kickOutGroup", set(base("kickOutGroup"), "/params/members", members(100, 0)), set(base("kickOutGroup"), "/params/members", members(101, 0))),
        case("jdme.group.members.max_robots", "addGroupMember", set(add.clone(), "/params/members", members(10, 5)), set(add.clone(), "/params/members", members(10, 6))),
        // A robot owner counts too.
        case(
            "jdme.group.members.max_robots",
            "createGroup",
            set(cg.clone(), "/params/members", members(10, 5)),
            set(set(cg.clone(), "/params/members", members(10, 5)), "/params/owner", json!({"app": "robot.dd", "pin": "app.owner"})),
        ),
        with_facts(
            case("jdme.scope.members", "createGroup", set(cg.clone(), "/params/members", members(3, 1)), set(cg.clone(), "/params/members", json!([{"app": "ee", "pin": "stranger"}]))),
            scope(&["xxxxxx", "fake.erp1", "FAKE.ERP2"], &[]),
        ),
        // 9 admins now: the 10th is allowed; 10 now: the 11th is refused.
        with_facts2(
            case("jdme.group.admins.max_count", "addGroupAdmin", admin.clone(), admin.clone()),
            Facts { admin_count: Some(9), ..Facts::default() },
            Facts { admin_count: Some(10), ..Facts::default() },
        ),
        with_facts2(
            case("jdme.group.admin.not_owner", "userAddGroupAdmin", base("userAddGroupAdmin"), base("userAddGroupAdmin")),
            Facts { group_owner: Some(MemberRef { app: "ee".into(), pin: "someone.else".into() }), ..Facts::default() },
            Facts { group_owner: Some(MemberRef { app: "ee".into(), pin: "FAKE.ERP".into() }), ..Facts::default() },
        ),
        case("jdme.page.size.max", "getRobotGroup", set(rg.clone(), "/params/pageSize", json!(200)), set(rg.clone(), "/params/pageSize", json!(201))),
        case("jdme.page.min", "getRobotGroup", set(rg.clone(), "/params/pageNo", json!(1)), set(rg.clone(), "/params/pageNo", json!(0))),
        case("jdme.page.min", "getGroupMembers", set(base("getGroupMembers"), "/params/pageSize", json!(1)), set(base("getGroupMembers"), "/params/pageSize", json!(-5))),
    ]
}

#[test]
fn every_rule_at_its_boundary() {
    let mut covered = BTreeSet::new();
    for c in cases() {
        let ok = check(c.endpoint, &c.ok, &c.ok_facts);
        assert!(!ids(&ok).contains(&c.rule), "{} on {}: the ok side was refused: {ok:?}", c.rule, c.endpoint);
        let bad = check(c.endpoint, &c.bad, &c.bad_facts);
        let hit: Vec<&Violation> = bad.iter().filter(|v| v.rule == c.rule).collect();
        assert!(!hit.is_empty(), "{} on {}: not reported; got {:?}", c.rule, c.endpoint, ids(&bad));
        let rule = rules::rule_by_id(c.rule).expect("rule in table");
        for v in hit {
            assert_eq!(v.platform_code, rule.platform_code, "{}", c.rule);
            assert!(!v.message.is_empty());
        }
        covered.insert(c.rule);
    }
    // Every stateless rule except jdme.body.json (tested below) has a boundary case.
    for r in RULES.iter().filter(|r| r.stage != Stage::Stateful && r.id != "jdme.body.json") {
        assert!(covered.contains(r.id), "no boundary case for {}", r.id);
    }
}

#[test]
fn limits_and_actuals_are_reported() {
    let v = check("sendRobotMsg", &text_body(&("a".repeat(1999) + "😀")), &Facts::default());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, "jdme.text.max_length");
    assert_eq!(v[0].field, "params.body.content");
    assert_eq!(v[0].limit, Some(json!(2000)));
    assert_eq!(v[0].actual, Some(json!(2001)));
    assert_eq!(v[0].platform_code, Some(20100011));
    let v = check("sendJUEMsg", &card_body_of_size(20481), &Facts::default());
    assert_eq!(v[0].limit, Some(json!(20480)));
    assert_eq!(v[0].actual, Some(json!(20481)));
    let v = check("addGroupMember", &set(base("addGroupMember"), "/params/members", members(101, 0)), &Facts::default());
    assert_eq!((v[0].limit.clone(), v[0].actual.clone()), (Some(json!(100)), Some(json!(101))));
    let bad = set(base("addGroupMember"), "/params/members/0/pin", json!("p".repeat(65)));
    let v = check("addGroupMember", &bad, &Facts::default());
    assert_eq!(v[0].field, "params.members[0].pin");
}

#[test]
fn reported_in_the_platform_order() {
    // A type error (gateway cannot deserialize, 99990041) comes before anything else.
    let b = set(text_body(""), "/dateTime", json!("x"));
    let v = check("sendRobotMsg", &b, &Facts::default());
    assert_eq!(ids(&v), ["jdme.field.type", "jdme.content.not_empty"]);
    assert_eq!(v[0].platform_code, Some(99990041));
    // No destination: 20100007 before the interception rules.
    let b = set(text_body(""), "/groupId", Value::Null);
    assert_eq!(ids(&check("sendRobotMsg", &b, &Facts::default())), ["jdme.destination.required", "jdme.content.not_empty"]);
    // 拦截优先级: too long before out of scope (the gateway reports 20100011 first).
    let facts = Facts { send_scope: Some(SendScope { erps: vec![], group_ids: vec!["other".into()] }), ..Facts::default() };
    let v = check("sendRobotMsg", &text_body(&"a".repeat(2001)), &facts);
    assert_eq!(ids(&v), ["jdme.text.max_length", "jdme.scope.send"]);
    assert_eq!(v.iter().map(|x| x.platform_code).collect::<Vec<_>>(), [Some(20100011), Some(20100012)]);
    // Empty before out of scope.
    let v = check("sendRobotMsg", &text_body(""), &facts);
    assert_eq!(v.iter().map(|x| x.platform_code).collect::<Vec<_>>(), [Some(20100010), Some(20100012)]);
    // Every violation is listed, not only the first.
    let b = set(set(base("createGroup"), "/params/name", json!("n".repeat(41))), "/params/intro", json!("i".repeat(201)));
    assert_eq!(ids(&check("createGroup", &b, &Facts::default())), ["jdme.group.name.max_length", "jdme.group.intro.max_length"]);
}

#[test]
fn body_json_and_profiles() {
    let f = Facts::default();
    let v = rules::check_text("sendRobotMsg", "{\"appId\": ", None, &f).unwrap();
    assert_eq!(ids(&v), ["jdme.body.json"]);
    assert_eq!(v[0].platform_code, Some(99990014));
    assert_eq!(ids(&rules::check_text("sendRobotMsg", "[1]", None, &f).unwrap()), ["jdme.body.json"]);
    assert!(rules::check_text("nope", "{}", None, &f).is_err());
    // Content rules apply to every profile (the todo row inherits the merged 内容合规 cell).
    let long = text_body(&"a".repeat(2001));
    for p in Profile::ALL {
        let v = rules::check(Endpoint::SendRobotMsg, &long, Some(*p), &f);
        assert_eq!(ids(&v), ["jdme.text.max_length"], "{p:?}");
    }
    assert!(Profile::from_name("alarm").is_some() && Profile::from_name("x").is_none());
}

#[test]
fn rule_table_lists_endpoints() {
    let t = rules::rule_table();
    assert_eq!(t.len(), RULES.len());
    let name = t.iter().find(|r| r.id == "jdme.group.name.max_length").unwrap();
    assert_eq!(name.endpoints, ["createGroup", "updateGroup"]);
    assert!(!name.suite);
    let dup = t.iter().find(|r| r.id == "jdme.intercept.duplicate").unwrap();
    assert_eq!(dup.endpoints, ["sendRobotMsg", "sendJUEMsg", "sendStickyCardMsg"]);
    assert_eq!(dup.profiles, [Profile::Alarm, Profile::Todo]);
    assert!(t.iter().find(|r| r.id == "jdme.robot_id.max_length").unwrap().suite);
}
