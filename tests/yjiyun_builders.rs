//! yjiyun builders, rules and parsers against the document's own examples
//! (`tests/fixtures/yjiyun/`, see its README for how they differ from the PDF).

use std::path::PathBuf;

use robotwire::yjiyun::{frames, ids, parse, response, rest, rules, BuildError, Kind};
use serde_json::{json, Value};

const RID: &str = "0123456789abcdef0123456789abcdef";
const RK: &str = "fakerobotkey0000000000000000000a";
const RK2: &str = "fakerobotkey0000000000000000000b";
const RK3: &str = "fakerobotkey0000000000000000000c";
const G1: &str = "R:10000000000000001";
const CHAT_P: &str = "S:1688850000000001_1688850000000002";
const CHAT_G: &str = "S:1688850000000001_R:10000000000000001";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yjiyun")
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn fixture(rel: &str) -> Value {
    serde_json::from_str(&text(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn all_fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["requests", "responses", "frames"] {
        let mut names: Vec<String> = std::fs::read_dir(dir().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".json"))
            .map(|n| format!("{sub}/{n}"))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

fn rule_ids(v: &[rules::Violation]) -> Vec<&'static str> {
    v.iter().map(|x| x.rule).collect()
}

fn refused(e: BuildError) -> Vec<&'static str> {
    assert!(!e.violations().is_empty(), "expected a rule refusal, got {e}");
    e.violations().iter().filter(|v| v.severity == rules::Severity::Error).map(|v| v.rule).collect()
}

// =============================================================================================
// Builders reproduce the doc's examples field for field.

struct Case {
    fixture: &'static str,
    kind: &'static str,
    input: Value,
    /// JSON pointers into the fixture whose expected value deliberately differs from the doc.
    patches: Vec<(&'static str, Value)>,
    /// Warnings the build is expected to carry.
    warnings: Vec<&'static str>,
}

fn case(fixture: &'static str, kind: &'static str, input: Value) -> Case {
    Case { fixture, kind, input, patches: vec![], warnings: vec![] }
}

fn cases() -> Vec<Case> {
    vec![
        case("requests/2.1_auth.json", "client/auth", json!({"accessKey": "fake-access-key", "accessSecret": "fake-secret"})),
        Case {
            // The doc's commandType "wxwork. robot. batch. send" is a typesetting artefact
            // (rule yjiyun.task.command_type): the builder sends the dotted name without spaces.
            patches: vec![("/commandType", json!("wxwork.robot.batch.send"))],
            ..case(
                "requests/2.7_task_save.json",
                "multiple/task/save",
                json!({
                    "token": "faketoken000000000000000000000ff",
                    "name": "消息群发 test", "taskType": 1, "taskRule": 2, "isGroupChat": 2,
                    "suitCount": 1, "perSuitSecond": 45, "perSuitSecondUpper": 60,
                    "contents": [
                        {"msgType": 1, "content": "消息群发 test"},
                        {"msgType": 3, "content": "http://mfile.yjiyun.com/merchant/robot/anonymousUser/fake/u=1,2&fm=27&gp=0.jpg"},
                        {"msgType": 78, "title": "微信读书", "content": "向上生长", "senderName": "凯撒",
                         "senderHeadImg": "https://wework.qpic.cn/wwhead/fake-head/0", "logo": "http://wx.qlogo.cn/mmhead/fake-logo/96"}
                    ],
                    "acceptTarget": [{"robotKey": RK2, "chatUser": [G1]}]
                }),
            )
        },
        case("requests/2.8_bridge.json", "bridge", json!({"type": "robot.phone.contact.add", "messageId": "202002051616xxxx503", "phone": "10000000000", "robotKey": RK})),
        case(
            "requests/2.9_group_setting_duplicate.json",
            "group/setting/duplicate",
            json!({
                "templateRobotKey": RK3, "templateConversationId": "R:10000000000000009",
                "modules": ["WELCOME_NEW_MEMBER", "PERIOD_AUTO_REPLY"],
                "targets": [
                    {"robotKey": RK, "conversationIds": [G1, "R:10000000000000002"]},
                    {"robotKey": RK2, "conversationIds": ["R:10000000000000003"]}
                ]
            }),
        ),
        Case {
            // The doc's example @-mentions in a private chat; allowed, with a warning.
            warnings: vec!["yjiyun.text.at_user_list.group_only"],
            ..case("requests/3.4_text.json", "message.text", json!({"chatId": CHAT_P, "messageId": "2020030216285000000001", "content": "123", "atUserList": "780000919, 780000966"}))
        },
        case("requests/3.5_image.json", "message.image", json!({"chatId": CHAT_P, "messageId": "2020030216285000000002", "pic": "http://media.yjiyun.com/xxx.png"})),
        case(
            "requests/3.6_link.json",
            "message.link",
            json!({"chatId": CHAT_P, "messageId": "2020030216285000000002", "title": "链接标题", "link": "https://www.yjiyun.com/community/group.html", "description": "链接描述内容", "coverImgFile": "https://media.yjiyun.com/xxx.png"}),
        ),
        case("requests/3.7_forward.json", "robot.message.forward", json!({"robotKey": RK, "messageId": "2020030216285000000002", "msgSvrID": "1058842", "friends": ["1688850000000002", "R:19700000000000001"]})),
        case("requests/3.8_accept_friend.json", "robot.accept.friend.request", json!({"robotKey": RK, "messageId": "20200427180413632805451075", "friendWxid": 780000919})),
        case("requests/3.9_phone_contact_add.json", "robot.phone.contact.add", json!({"robotKey": RK, "messageId": "20200205161619572724162503", "phone": "10000000000", "reason": "加好友话术"})),
        case("requests/3.10_file.json", "message.file", json!({"chatId": CHAT_P, "messageId": "2020030216285000000002", "fileName": "http://media.yjiyun.com/xxx.xls"})),
        case(
            "requests/3.11_cust_tags.json",
            "robot.cust.tags",
            json!({"robotKey": RK, "messageId": "2020110901993435", "userId": "7881300000000001", "tags": ["14073750000000003", "14073750000000004"], "erasingTags": ["14073750000000001", "14073750000000002"]}),
        ),
        case("requests/3.12_tags_sync.json", "robot.tags.sync", json!({"robotKey": RK, "messageId": "2020110901993434"})),
        case("requests/3.13_cust_remark.json", "robot.cust.remark", json!({"robotKey": RK, "messageId": "2020110901993434", "userId": 7881300000000002u64, "realRemark": "小甜甜-W", "userRemark": "转移客户"})),
        case(
            "requests/3.14_info_modify.json",
            "robot.info.modify",
            json!({"robotKey": RK, "messageId": "2020110901993434", "name": "HONG", "alias": "HONG", "gender": 1, "phone": "00000000", "mobile": "10000000000", "position": "CPP"}),
        ),
        case("requests/3.15_delete_group_members.json", "robot.delete.group.members", json!({"robotKey": RK, "messageId": "20200217102316325781544414", "groupId": G1, "members": ["1688850000000002", 1688850000000003u64]})),
        case("requests/3.16_conv_admins.json", "robot.conv.admins", json!({"robotKey": RK, "messageId": "20210318201314666666", "conversationId": G1})),
        case("requests/3.17_conv_modify_admins_add.json", "robot.conv.modify.admins", json!({"robotKey": RK, "messageId": "20210318201314888888", "opcode": 1, "conversationId": G1, "admins": ["1688850000000002"]})),
        Case {
            // The doc's "删除群管理员" example sends opcode 1; the table says 2 removes. The
            // caller asks for a removal and gets opcode 2 (rule yjiyun.conv_admins.opcode).
            patches: vec![("/opcode", json!(2))],
            ..case("requests/3.17_conv_modify_admins_delete.json", "robot.conv.modify.admins", json!({"robotKey": RK, "messageId": "20210318201314888888", "opcode": 2, "conversationId": G1, "admins": ["1688850000000002"]}))
        },
        Case {
            // The doc shows the platform refusing an external contact (code 30); the builder warns.
            warnings: vec!["yjiyun.conv_admins.staff_only"],
            ..case("requests/3.17_conv_modify_admins_external.json", "robot.conv.modify.admins", json!({"robotKey": RK, "messageId": "20210318201314888888", "opcode": 1, "conversationId": G1, "admins": ["7881300000000001"]}))
        },
        case("requests/3.18_invite_friends.json", "robot.invite.friends.join.group", json!({"robotKey": RK, "messageId": "20200217102316325781544414", "groupId": G1, "friends": [1688850000000002u64, "1688850000000003"]})),
        case("requests/3.19_modify_group_name.json", "robot.modify.group.name", json!({"robotKey": RK, "messageId": "20200217102316325781544414", "groupId": G1, "newName": "测试 25"})),
        case("requests/3.20_create_group.json", "robot.create.group", json!({"robotKey": RK, "messageId": "20200217102316325781544414", "topic": "测试 25", "memberWxids": ["1688850000000002", "1688850000000003"]})),
        case("requests/3.21_contacts_inquiry_friends.json", "robot.contacts.inquiry", json!({"robotKey": RK, "messageId": "20200217102316325781544414", "contacts": ["1688850000000002", "1688850000000003"]})),
        case("requests/3.21_contacts_inquiry_group.json", "robot.contacts.inquiry", json!({"robotKey": RK, "messageId": "20201029140953087689504360", "contacts": [G1]})),
        case("requests/3.23_set_group_announcement.json", "robot.set.group.announcement", json!({"robotKey": RK, "messageId": "20200217102316325781544414", "groupId": G1, "isAll": 1, "notice": "大家好"})),
        case("requests/3.24_video.json", "message.video", json!({"chatId": CHAT_P, "messageId": "20200302162850000000002", "fileName": "http://media.yjyun.com/xxx.MP4"})),
    ]
}

#[test]
fn builders_match_doc_examples_field_for_field() {
    let cases = cases();
    for c in &cases {
        let mut expected = fixture(c.fixture);
        for (ptr, v) in &c.patches {
            let full = if expected.is_array() { format!("/1{ptr}") } else { ptr.to_string() };
            let slot = expected.pointer_mut(&full).unwrap_or_else(|| panic!("{}: no {ptr}", c.fixture));
            *slot = v.clone();
        }
        let input = c.input.to_string();
        let (built, warnings): (Value, Vec<&str>) = match Kind::parse(c.kind) {
            Some(Kind::Rest(_)) => {
                let r = rest::build(c.kind, &input, Some(RID)).unwrap_or_else(|e| panic!("{}: {e}", c.fixture));
                (r.body, rule_ids(&r.warnings))
            }
            _ => {
                let f = frames::build(c.kind, &input).unwrap_or_else(|e| panic!("{}: {e}", c.fixture));
                assert_eq!(f.frame[0].as_str(), Some(f.event));
                assert_eq!(Some(f.message_id.as_str()), f.frame[1]["messageId"].as_str());
                let w = rule_ids(&f.warnings);
                if expected.is_array() {
                    (f.frame, w)
                } else {
                    // 3.11 onwards are printed without the ["action", …] wrapper.
                    assert_eq!(f.event, "action", "{}", c.fixture);
                    (f.frame[1].clone(), w)
                }
            }
        };
        assert_eq!(built, expected, "{} differs from the doc's example", c.fixture);
        assert_eq!(warnings, c.warnings, "{} warnings", c.fixture);
    }
    // Every request example is covered (the empty-admins one is the refusal below).
    let covered: Vec<&str> = cases.iter().map(|c| c.fixture).collect();
    for f in all_fixtures().iter().filter(|f| f.starts_with("requests/")) {
        assert!(covered.contains(&f.as_str()) || f.ends_with("_empty.json"), "{f} has no builder case");
    }
}

#[test]
fn doc_example_the_platform_rejects_is_refused() {
    // 3.17: "新管理员列表为空" → the platform answers "admins invalid".
    let e = frames::build("robot.conv.modify.admins", &json!({"robotKey": RK, "messageId": "1", "opcode": 1, "conversationId": G1, "admins": []}).to_string()).unwrap_err();
    assert_eq!(refused(e), vec!["yjiyun.conv_admins.non_empty"]);
    let v = rules::check_json("robot.conv.modify.admins", &text("requests/3.17_conv_modify_admins_empty.json")).unwrap();
    assert_eq!(rule_ids(&v), vec!["yjiyun.conv_admins.non_empty"]);
}

#[test]
fn check_on_raw_doc_examples() {
    // What `robotwire yjiyun check KIND` says about each example as printed.
    for f in all_fixtures().into_iter().filter(|f| f.starts_with("requests/")) {
        let body = fixture(&f);
        let kind = if f.contains("/2.1_") {
            "client/auth".to_string()
        } else if f.contains("/2.7_") {
            "multiple/task/save".to_string()
        } else if f.contains("/2.8_") {
            "bridge".to_string()
        } else if f.contains("/2.9_") {
            "group/setting/duplicate".to_string()
        } else if body[0] == "message" {
            "message".to_string()
        } else if body[0] == "action" {
            body[1]["type"].as_str().unwrap().to_string()
        } else {
            body["type"].as_str().unwrap().to_string()
        };
        let v = rules::check(Kind::parse(&kind).unwrap(), &body).unwrap();
        let got = rule_ids(&v);
        let want: Vec<&str> = match f.rsplit('/').next().unwrap() {
            "2.7_task_save.json" => vec!["yjiyun.task.command_type"],
            "3.4_text.json" => vec!["yjiyun.text.at_user_list.group_only"],
            "3.17_conv_modify_admins_empty.json" => vec!["yjiyun.conv_admins.non_empty"],
            "3.17_conv_modify_admins_external.json" => vec!["yjiyun.conv_admins.staff_only"],
            _ => vec![],
        };
        assert_eq!(got, want, "{f}");
    }
}

// =============================================================================================
// REST builders: shape of every endpoint, and rule boundaries on both sides.

fn build_rest(endpoint: &str, input: Value) -> Result<rest::RestRequest, BuildError> {
    rest::build(endpoint, &input.to_string(), Some(RID))
}

fn rest_ok(endpoint: &str, input: Value) -> rest::RestRequest {
    build_rest(endpoint, input).unwrap_or_else(|e| panic!("{endpoint}: {e}"))
}

fn rest_refused(endpoint: &str, input: Value) -> Vec<&'static str> {
    match build_rest(endpoint, input) {
        Ok(r) => panic!("{endpoint} built although it should be refused: {}", r.body),
        Err(e) => refused(e),
    }
}

#[test]
fn every_endpoint_builds_with_its_documented_transport() {
    let minimal: Vec<(&str, Value)> = vec![
        ("client/auth", json!({"accessKey": "k", "accessSecret": "s"})),
        ("robot/list", json!({})),
        ("external/user/list", json!({"robotKey": RK})),
        ("group/list", json!({"robotKey": RK})),
        ("grouptag/list/download", json!({"robotKeys": [RK]})),
        ("group/member/list", json!({"robotKey": RK, "conversationId": G1})),
        ("multiple/task/save", json!({"name": "n", "isGroupChat": 1, "contents": [{"msgType": 1, "content": "hi"}], "acceptTarget": [{"robotKey": RK, "chatUser": ["7881300000000001"]}]})),
        ("bridge", json!({"type": "robot.tags.sync", "robotKey": RK, "messageId": "1"})),
        ("group/setting/duplicate", json!({"templateRobotKey": RK, "templateConversationId": G1, "modules": ["GROUP_KEYWORD_REPLY"], "targets": [{"robotKey": RK2, "conversationIds": ["R:2"]}]})),
        ("chat/list", json!({"count": 20})),
        ("chat/message", json!({"robotKey": RK, "chatUser": G1})),
        ("unreadmsg/clean", json!({"chatId": CHAT_G})),
        ("contact/sync", json!({"robotKey": RK})),
    ];
    assert_eq!(minimal.len(), 13);
    for (ep, input) in minimal {
        let r = rest_ok(ep, input);
        assert_eq!(r.method, "POST");
        assert_eq!(r.url, format!("{}?request_id={RID}", r.path));
        assert!(r.path.ends_with(ep));
        let json_body = matches!(ep, "multiple/task/save" | "bridge");
        assert_eq!(r.form.is_none(), json_body, "{ep}");
        assert_eq!(r.content_type.starts_with("application/json"), json_body, "{ep}");
        assert_eq!(r.auth, if ep == "client/auth" { "none" } else { "token" });
        if json_body {
            assert_eq!(serde_json::from_str::<Value>(&r.body_text).unwrap(), r.body);
        }
    }
    // The request id is optional for the builder (then the caller appends it) but checked when given.
    let r = rest::build("robot/list", "{}", None).unwrap();
    assert_eq!(r.url, "/wxworkapi/robot/list");
    assert_eq!(r.body_text, "");
}

#[test]
fn form_endpoints_encode_lists_as_repeated_keys() {
    let r = rest_ok("external/user/list", json!({"robotKey": RK, "status": 1, "userId": "7881300000000001", "name": "江 夏", "pageNum": 2, "pageSize": 50, "tagList": ["VIP", "a,b"]}));
    assert_eq!(
        r.body_text,
        format!("robotKey={RK}&status=1&userId=7881300000000001&name=%E6%B1%9F+%E5%A4%8F&pageNum=2&pageSize=50&tagList=VIP&tagList=a%2Cb")
    );
    assert_eq!(r.body["userId"], json!(7881300000000001u64));
    let r = rest_ok("grouptag/list/download", json!({"robotKey": RK, "conversationIds": [G1, "R:2"]}));
    assert_eq!(r.body_text, format!("robotKey={RK}&conversationIds=R%3A10000000000000001&conversationIds=R%3A2"));
}

#[test]
fn list_filter_boundaries() {
    for (status, ok) in [(-1, false), (0, true), (1, true), (2, false)] {
        for ep in ["external/user/list", "group/list"] {
            let r = build_rest(ep, json!({"robotKey": RK, "status": status}));
            assert_eq!(r.is_ok(), ok, "{ep} status {status}");
        }
    }
    for (n, ok) in [(0, false), (1, true)] {
        assert_eq!(build_rest("external/user/list", json!({"robotKey": RK, "pageNum": n})).is_ok(), ok);
        assert_eq!(build_rest("group/member/list", json!({"robotKey": RK, "conversationId": G1, "pageSize": n})).is_ok(), ok);
    }
    assert_eq!(rest_refused("external/user/list", json!({"robotKey": RK, "userId": "abc"})), vec!["yjiyun.id.numeric"]);
    assert_eq!(rest_refused("external/user/list", json!({"robotKey": ""})), vec!["yjiyun.field.required"]);
    assert_eq!(rest_refused("group/list", json!({"robotKey": RK, "conversationId": "10696051754030138"})), vec!["yjiyun.conversation_id.group_prefix"]);
    assert_eq!(rest_refused("group/member/list", json!({"robotKey": RK, "conversationId": "R:"})), vec!["yjiyun.conversation_id.group_prefix"]);
    assert!(build_rest("group/member/list", json!({"robotKey": RK})).is_err());
}

#[test]
fn group_download_modes_and_ranges() {
    assert!(build_rest("grouptag/list/download", json!({"robotKey": RK, "conversationIds": [G1]})).is_ok());
    assert!(build_rest("grouptag/list/download", json!({"robotKeys": [RK, RK2], "status": 1, "name": "x", "orderBy": 4, "outerGroupChat": 0})).is_ok());
    assert_eq!(rest_refused("grouptag/list/download", json!({})), vec!["yjiyun.download.mode"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKey": RK, "conversationIds": [G1], "robotKeys": [RK]})), vec!["yjiyun.download.mode"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKey": RK, "conversationIds": [G1], "orderBy": 1})), vec!["yjiyun.download.mode"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKeys": [RK], "robotKey": RK})), vec!["yjiyun.download.mode"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"conversationIds": [G1]})), vec!["yjiyun.field.required"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKey": RK, "conversationIds": []})), vec!["yjiyun.list.non_empty"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKeys": []})), vec!["yjiyun.list.non_empty"]);
    for (o, ok) in [(0, false), (1, true), (4, true), (5, false)] {
        assert_eq!(build_rest("grouptag/list/download", json!({"robotKeys": [RK], "orderBy": o})).is_ok(), ok, "orderBy {o}");
    }
    for (o, ok) in [(-1, false), (0, true), (1, true), (2, false)] {
        assert_eq!(build_rest("grouptag/list/download", json!({"robotKeys": [RK], "outerGroupChat": o})).is_ok(), ok, "outerGroupChat {o}");
    }
    assert!(build_rest("grouptag/list/download", json!({"robotKeys": [RK], "memberCount": 4, "upmemberCount": 4})).is_ok());
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKeys": [RK], "memberCount": 5, "upmemberCount": 4})), vec!["yjiyun.download.member_count.order"]);
    assert_eq!(rest_refused("grouptag/list/download", json!({"robotKeys": [RK], "memberCount": -1})), vec!["yjiyun.download.member_count.order"]);
}

#[test]
fn chat_endpoints_boundaries() {
    assert_eq!(rest_refused("chat/list", json!({"count": 0})), vec!["yjiyun.page.range"]);
    assert!(build_rest("chat/list", json!({"count": 1, "timestamp": 1_000_000_000_000i64})).is_ok());
    assert_eq!(rest_refused("chat/list", json!({"count": 1, "timestamp": 999_999_999_999i64})), vec!["yjiyun.timestamp.millis"]);
    assert_eq!(rest_refused("chat/list", json!({"count": 1, "timestamp": 1_592_463_832})), vec!["yjiyun.timestamp.millis"]);
    let base = |extra: Value| {
        let mut v = json!({"robotKey": RK, "chatUser": G1});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    assert!(build_rest("chat/message", base(json!({"sTimestamp": 1592472979000i64, "timestamp": 1592472979000i64}))).is_ok());
    assert_eq!(rest_refused("chat/message", base(json!({"sTimestamp": 1592472979001i64, "timestamp": 1592472979000i64}))), vec!["yjiyun.chat_message.time_order"]);
    assert!(build_rest("chat/message", base(json!({"offset": 0, "count": 1}))).is_ok());
    assert_eq!(rest_refused("chat/message", base(json!({"offset": -1}))), vec!["yjiyun.page.range"]);
    assert_eq!(rest_refused("chat/message", base(json!({"count": 0}))), vec!["yjiyun.page.range"]);
    assert!(build_rest("unreadmsg/clean", json!({"chatId": CHAT_P})).is_ok());
    assert_eq!(rest_refused("unreadmsg/clean", json!({"chatId": G1})), vec!["yjiyun.chat_id.format"]);
    assert_eq!(rest_refused("unreadmsg/clean", json!({"chatId": "S:_x"})), vec!["yjiyun.chat_id.format"]);
    for (t, ok) in [(-1, false), (0, true), (4, true), (5, false)] {
        assert_eq!(build_rest("contact/sync", json!({"robotKey": RK, "syncType": t})).is_ok(), ok, "syncType {t}");
    }
}

#[test]
fn group_setting_rules_on_wire_bodies() {
    let mut body = fixture("requests/2.9_group_setting_duplicate.json");
    assert!(rules::check(Kind::parse("group/setting/duplicate").unwrap(), &body).unwrap().is_empty());
    body["robotKey"] = json!([RK]);
    let v = rules::check(Kind::parse("group/setting/duplicate").unwrap(), &body).unwrap();
    assert_eq!(rule_ids(&v), vec!["yjiyun.group_setting.parallel"]);
    body["robotKey"] = json!([RK, RK2]);
    body["chatroom"] = json!(["R:1;;R:2", "R:3"]);
    let v = rules::check(Kind::parse("group/setting/duplicate").unwrap(), &body).unwrap();
    assert_eq!(rule_ids(&v), vec!["yjiyun.field.required"]);
    body["chatroom"] = json!(["R:1", "R:3"]);
    body["module"] = json!([]);
    let v = rules::check(Kind::parse("group/setting/duplicate").unwrap(), &body).unwrap();
    assert_eq!(rule_ids(&v), vec!["yjiyun.group_setting.module"]);
    assert_eq!(
        rest_refused("group/setting/duplicate", json!({"templateRobotKey": RK, "templateConversationId": G1, "modules": ["WELCOME_NEW_MEMBER"], "targets": []})),
        vec!["yjiyun.list.non_empty", "yjiyun.list.non_empty"]
    );
}

// ---- 2.7 mass send ------------------------------------------------------------------------------

fn task(extra: Value) -> Value {
    let mut v = json!({
        "name": "n", "isGroupChat": 2,
        "contents": [{"msgType": 1, "content": "hi"}],
        "acceptTarget": [{"robotKey": RK, "chatUser": [G1]}]
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

fn task_refused(extra: Value) -> Vec<&'static str> {
    rest_refused("multiple/task/save", task(extra))
}

fn task_ok(extra: Value) -> rest::RestRequest {
    rest_ok("multiple/task/save", task(extra))
}

#[test]
fn task_defaults_are_the_safe_ones() {
    let r = task_ok(json!({}));
    assert_eq!(r.body["taskType"], "1");
    assert_eq!(r.body["taskRule"], "1");
    assert_eq!(r.body["suitCount"], 1);
    assert_eq!(r.body["commandType"], "wxwork.robot.batch.send");
    assert_eq!(r.body["taskData"]["isGroupChat"], "2");
    assert!(r.body.get("token").is_none());
    assert!(r.body.get("perSuitSecond").is_none());
    assert!(r.warnings.is_empty());
}

#[test]
fn task_contents_count_boundaries() {
    let n = |k: usize| json!({"contents": vec![json!({"msgType": 1, "content": "x"}); k]});
    assert!(task_ok(n(8)).warnings.is_empty());
    let w = task_ok(n(9)).warnings;
    assert_eq!(rule_ids(&w), vec!["yjiyun.task.contents.recommended_max"]);
    assert_eq!(w[0].severity, rules::Severity::Warning);
    assert_eq!(w[0].limit, json!(8));
    assert_eq!(w[0].actual, json!(9));
    assert!(w[0].message.contains("建议不超过 8 条"));
    assert_eq!(task_refused(n(0)), vec!["yjiyun.task.contents.non_empty"]);
}

#[test]
fn task_suit_count_reads_fixed_12_as_ceiling() {
    for (n, ok) in [(0, false), (1, true), (12, true), (13, false)] {
        let r = build_rest("multiple/task/save", task(json!({"suitCount": n})));
        assert_eq!(r.is_ok(), ok, "suitCount {n}");
    }
    assert_eq!(task_refused(json!({"suitCount": 13})), vec!["yjiyun.task.suit_count"]);
}

#[test]
fn task_interval_rule() {
    assert_eq!(task_refused(json!({"taskRule": 2})), vec!["yjiyun.task.per_suit_second.required", "yjiyun.task.per_suit_second.required"]);
    assert_eq!(task_refused(json!({"taskRule": 2, "perSuitSecond": 45})), vec!["yjiyun.task.per_suit_second.required"]);
    assert!(build_rest("multiple/task/save", task(json!({"taskRule": 2, "perSuitSecond": 45, "perSuitSecondUpper": 45}))).is_ok());
    assert_eq!(task_refused(json!({"taskRule": 2, "perSuitSecond": 61, "perSuitSecondUpper": 60})), vec!["yjiyun.task.per_suit_second.order"]);
    assert_eq!(task_refused(json!({"taskRule": 2, "perSuitSecond": 0, "perSuitSecondUpper": 60})), vec!["yjiyun.task.per_suit_second.order"]);
    assert!(build_rest("multiple/task/save", task(json!({"taskRule": 2, "perSuitSecond": 1, "perSuitSecondUpper": 60}))).is_ok());
    for (r, ok) in [(0, false), (1, true), (3, false)] {
        assert_eq!(build_rest("multiple/task/save", task(json!({"taskRule": r}))).is_ok(), ok, "taskRule {r}");
    }
    // taskRule 1 (default) does not need the interval.
    assert!(build_rest("multiple/task/save", task(json!({"taskRule": 1}))).is_ok());
}

#[test]
fn task_schedule_rules() {
    for (t, ok) in [(0, false), (1, true), (3, false)] {
        assert_eq!(build_rest("multiple/task/save", task(json!({"taskType": t}))).is_ok(), ok, "taskType {t}");
    }
    assert_eq!(task_refused(json!({"taskType": 2})), vec!["yjiyun.task.exec_start_time.required"]);
    let r = task_ok(json!({"taskType": 2, "execStartTime": "09:00", "weekday": [1, 7, "SUN", "sat", "3"]}));
    assert_eq!(r.body["taskType"], "2");
    assert_eq!(r.body["weekday"], json!(["1", "7", "SUN", "SAT", "3"]));
    for t in ["00:00", "23:59"] {
        assert!(build_rest("multiple/task/save", task(json!({"taskType": 2, "execStartTime": t}))).is_ok(), "{t}");
    }
    for t in ["24:00", "9:00", "09:60", "0900"] {
        assert_eq!(task_refused(json!({"taskType": 2, "execStartTime": t})), vec!["yjiyun.task.exec_start_time.format"], "{t}");
    }
    for w in [json!(0), json!(8), json!("FUN"), json!("")] {
        assert_eq!(task_refused(json!({"taskType": 2, "execStartTime": "09:00", "weekday": [w.clone()]})), vec!["yjiyun.task.weekday"], "{w}");
    }
    assert_eq!(task_refused(json!({"taskType": 2, "execStartTime": "09:00", "weekday": []})), vec!["yjiyun.task.weekday"]);
    // A one-off task with periodic fields would start immediately: refused.
    assert_eq!(task_refused(json!({"execStartTime": "09:00"})), vec!["yjiyun.task.schedule.consistent"]);
    assert_eq!(task_refused(json!({"weekday": ["MON"]})), vec!["yjiyun.task.schedule.consistent"]);
    assert_eq!(task_refused(json!({"taskType": 2, "execStartTime": "09:00", "startTime": 1_700_000_000_000i64})), vec!["yjiyun.task.schedule.consistent"]);
    assert!(build_rest("multiple/task/save", task(json!({"startTime": 1_000_000_000_000i64}))).is_ok());
    assert_eq!(task_refused(json!({"startTime": 999_999_999_999i64})), vec!["yjiyun.timestamp.millis"]);
}

#[test]
fn task_msg_types_and_their_fields() {
    let one = |c: Value| json!({"contents": [c]});
    for (t, ok) in [(2, false), (7, false), (13, false), (1, true), (3, true), (16, true), (49, true), (78, true)] {
        let c = match t {
            1 => json!({"msgType": 1, "content": "x"}),
            3 | 7 => json!({"msgType": t, "content": "https://a.example/x.png"}),
            16 | 13 => json!({"msgType": t, "link": "https://a.example/", "title": "t"}),
            49 => json!({"msgType": 49, "content": "https://a.example/x.pdf"}),
            78 => json!({"msgType": 78, "title": "t", "content": "c", "senderName": "s"}),
            _ => json!({"msgType": t, "content": "x"}),
        };
        let r = build_rest("multiple/task/save", task(one(c)));
        assert_eq!(r.is_ok(), ok, "msgType {t}");
        if !ok {
            assert_eq!(refused(r.unwrap_err()), vec!["yjiyun.task.msg_type"], "msgType {t}");
        }
    }
    assert_eq!(task_refused(one(json!({"msgType": 1}))), vec!["yjiyun.task.content.required_fields"]);
    assert_eq!(task_refused(one(json!({"msgType": 1, "content": " "}))), vec!["yjiyun.task.content.required_fields"]);
    assert_eq!(task_refused(one(json!({"msgType": 16, "title": "t"}))), vec!["yjiyun.task.content.required_fields"]);
    assert_eq!(task_refused(one(json!({"msgType": 78, "title": "t", "content": "c"}))), vec!["yjiyun.task.content.required_fields"]);
    assert_eq!(task_refused(one(json!({"msgType": 3, "content": "not a url"}))), vec!["yjiyun.url.http"]);
    assert_eq!(task_refused(one(json!({"msgType": 16, "link": "https://a.example/", "title": "t", "coverImgFile": "https://a.example/c.png?w=1"}))), vec!["yjiyun.link.cover_no_query"]);
    assert!(build_rest("multiple/task/save", task(one(json!({"msgType": 16, "link": "https://a.example/?a=1", "title": "t", "coverImgFile": "https://a.example/c.png", "appType": 2})))).is_ok());
    assert_eq!(task_refused(one(json!({"msgType": 16, "link": "https://a.example/", "title": "t", "appType": 3}))), vec!["yjiyun.task.app_type"]);
    let w = task_ok(one(json!({"msgType": 1, "content": "x", "link": "https://a.example/"}))).warnings;
    assert_eq!(rule_ids(&w), vec!["yjiyun.task.content.unused_field"]);
    let r = task_ok(one(json!({"msgType": 1, "content": "x", "msgSvrID": "1125510"})));
    assert_eq!(r.body["taskData"]["contents"][0]["msgSvrID"], json!(1125510));
}

#[test]
fn task_targets_match_is_group_chat() {
    assert_eq!(task_refused(json!({"isGroupChat": 2, "acceptTarget": [{"robotKey": RK, "chatUser": ["7881300000000001"]}]})), vec!["yjiyun.task.chat_user.kind"]);
    assert_eq!(task_refused(json!({"isGroupChat": 1, "acceptTarget": [{"robotKey": RK, "chatUser": [G1]}]})), vec!["yjiyun.task.chat_user.kind"]);
    assert!(build_rest("multiple/task/save", task(json!({"isGroupChat": 1, "acceptTarget": [{"robotKey": RK, "chatUser": [7881300000000001u64]}]}))).is_ok());
    // Chat lists use 0/1 for isGroupChat; the mass send does not.
    assert_eq!(task_refused(json!({"isGroupChat": 0})), vec!["yjiyun.task.is_group_chat"]);
    assert_eq!(task_refused(json!({"acceptTarget": []})), vec!["yjiyun.task.accept_target.non_empty"]);
    assert_eq!(task_refused(json!({"acceptTarget": [{"robotKey": RK, "chatUser": []}]})), vec!["yjiyun.task.accept_target.non_empty"]);
    assert_eq!(task_refused(json!({"acceptTarget": [{"robotKey": "", "chatUser": [G1]}]})), vec!["yjiyun.field.required"]);
}

#[test]
fn task_command_type() {
    assert_eq!(task_refused(json!({"commandType": "wxwork. robot. batch. send"})), vec!["yjiyun.task.command_type"]);
    let w = task_ok(json!({"commandType": "wxwork.robot.other"})).warnings;
    assert_eq!(rule_ids(&w), vec!["yjiyun.task.command_type.known"]);
}

#[test]
fn task_flat_table_shape_is_refused_with_its_own_rule() {
    // Following the flat 2.7 table instead of the nested example (rule yjiyun.task.shape).
    let flat = json!({"name": "n", "taskType": 1, "commandType": "wxwork.robot.batch.send", "isGroupChat": 2, "suitCount": 1,
        "robotKey": RK, "chatUser": [G1], "msgType": 1, "content": "x"});
    let v = rules::check(Kind::parse("multiple/task/save").unwrap(), &flat).unwrap();
    let ids = rule_ids(&v);
    // One per flat field, plus the missing taskData; no generic "required" (the table has no taskData row).
    assert_eq!(ids.iter().filter(|r| **r == "yjiyun.task.shape").count(), 6, "{ids:?}");
    assert!(!ids.contains(&"yjiyun.field.required") && !ids.contains(&"yjiyun.field.unknown"), "{ids:?}");
    let missing = v.iter().find(|x| x.field == "taskData").unwrap();
    assert!(!missing.message.contains("必须"), "{}", missing.message);
    // The builder's input says where the fields go.
    let e = build_rest("multiple/task/save", json!({"name": "n", "isGroupChat": 2, "robotKey": RK, "chatUser": [G1], "msgType": 1, "content": "x"})).unwrap_err();
    let msg = e.to_error().to_string();
    assert!(msg.contains("acceptTarget") && msg.contains("yjiyun.task.shape"), "{msg}");
    // taskData without contents / acceptTarget: the same rule.
    let no_contents = json!({"name": "n", "taskType": "1", "commandType": "wxwork.robot.batch.send", "suitCount": 1, "taskData": {"isGroupChat": "2", "acceptTarget": [{"robotKey": RK, "chatUser": [G1]}]}});
    let v = rules::check(Kind::parse("multiple/task/save").unwrap(), &no_contents).unwrap();
    assert_eq!(rule_ids(&v), vec!["yjiyun.task.shape"]);
}

#[test]
fn task_mixed_targets_are_refused_as_one_isgroupchat_cannot_cover_both() {
    // "可指定客户和群": customers or groups, as isGroupChat (one value per task) says.
    let mixed = json!({"isGroupChat": 2, "acceptTarget": [{"robotKey": RK, "chatUser": [G1, "7881300000000001"]}]});
    assert_eq!(task_refused(mixed), vec!["yjiyun.task.chat_user.kind"]);
}

#[test]
fn task_mini_program_by_msg_svr_id_alone_is_sent_with_a_warning() {
    let one = |c: Value| json!({"contents": [c]});
    let r = task_ok(one(json!({"msgType": 78, "msgSvrID": "1125510"})));
    assert_eq!(rule_ids(&r.warnings), vec!["yjiyun.task.mini_program.msg_svr_id"]);
    assert_eq!(r.body["taskData"]["contents"][0], json!({"msgType": 78, "msgSvrID": 1125510}));
    // Neither the three fields nor msgSvrID: refused.
    assert_eq!(task_refused(one(json!({"msgType": 78}))), vec!["yjiyun.task.content.required_fields"; 3]);
    // msgSvrID is a Long.
    assert!(task_refused(one(json!({"msgType": 78, "msgSvrID": "abc"}))).contains(&"yjiyun.id.numeric"));
    // With the three fields no warning, msgSvrID or not.
    assert!(task_ok(one(json!({"msgType": 78, "title": "t", "content": "c", "senderName": "s", "msgSvrID": 7}))).warnings.is_empty());
}

// =============================================================================================
// Frame builders: boundaries not covered by the doc examples.

fn frame(kind: &str, input: Value) -> Result<frames::BuiltFrame, BuildError> {
    frames::build(kind, &input.to_string())
}

#[test]
fn conv_modify_admins_boundaries() {
    let body = |op: i64, admins: Value| json!({"robotKey": RK, "messageId": "1", "opcode": op, "conversationId": G1, "admins": admins});
    for n in 1..=3 {
        let admins: Vec<String> = (0..n).map(|i| format!("168885000000001{i}")).collect();
        assert!(frame("robot.conv.modify.admins", body(1, json!(admins))).is_ok(), "{n} admins");
    }
    let four = json!(["1688850000000010", "1688850000000011", "1688850000000012", "1688850000000013"]);
    assert_eq!(refused(frame("robot.conv.modify.admins", body(1, four.clone())).unwrap_err()), vec!["yjiyun.conv_admins.max"]);
    assert_eq!(refused(frame("robot.conv.modify.admins", body(2, four)).unwrap_err()), vec!["yjiyun.conv_admins.max"]);
    for op in [0, 3] {
        assert_eq!(refused(frame("robot.conv.modify.admins", body(op, json!(["1688850000000010"]))).unwrap_err()), vec!["yjiyun.conv_admins.opcode"]);
    }
    // No default opcode: a missing one is an input error, not a silent "add".
    let e = frame("robot.conv.modify.admins", json!({"robotKey": RK, "messageId": "1", "conversationId": G1, "admins": ["1"]})).unwrap_err();
    assert!(e.to_string().contains("missing field `opcode`"), "{e}");
    assert_eq!(refused(frame("robot.conv.admins", json!({"robotKey": RK, "messageId": "1", "conversationId": "10696661588019912"})).unwrap_err()), vec!["yjiyun.conversation_id.group_prefix"]);
}

#[test]
fn group_operations_need_r_prefix() {
    let kinds: [(&str, Value); 4] = [
        ("robot.delete.group.members", json!({"members": [1]})),
        ("robot.invite.friends.join.group", json!({"friends": [1]})),
        ("robot.modify.group.name", json!({"newName": "x"})),
        ("robot.set.group.announcement", json!({"notice": "x"})),
    ];
    for (kind, extra) in kinds {
        for (gid, ok) in [("R:10000000000000001", true), ("10000000000000001", false), ("S:1_R:2", false), ("R:", false)] {
            let mut input = json!({"robotKey": RK, "messageId": "1", "groupId": gid});
            for (k, v) in extra.as_object().unwrap() {
                input[k] = v.clone();
            }
            let r = frame(kind, input);
            assert_eq!(r.is_ok(), ok, "{kind} {gid}");
            if let Err(e) = r {
                assert_eq!(refused(e), vec!["yjiyun.conversation_id.group_prefix"]);
            }
        }
    }
}

#[test]
fn message_id_and_robot_key_on_every_action() {
    let inputs: Vec<(&str, Value)> = vec![
        ("robot.message.forward", json!({"msgSvrID": 1, "friends": ["1"]})),
        ("robot.accept.friend.request", json!({"friendWxid": "1"})),
        ("robot.phone.contact.add", json!({"phone": "10000000000"})),
        ("robot.cust.tags", json!({"userId": "1", "tags": ["1"]})),
        ("robot.tags.sync", json!({})),
        ("robot.cust.remark", json!({"userId": "1", "realRemark": "r"})),
        ("robot.info.modify", json!({"name": "n"})),
        ("robot.delete.group.members", json!({"groupId": G1, "members": [1]})),
        ("robot.conv.admins", json!({"conversationId": G1})),
        ("robot.conv.modify.admins", json!({"opcode": 2, "conversationId": G1, "admins": ["1"]})),
        ("robot.invite.friends.join.group", json!({"groupId": G1, "friends": [1]})),
        ("robot.modify.group.name", json!({"groupId": G1, "newName": "n"})),
        ("robot.create.group", json!({"memberWxids": [1, 2]})),
        ("robot.contacts.inquiry", json!({"contacts": [1]})),
        ("robot.set.group.announcement", json!({"groupId": G1, "notice": "n"})),
    ];
    assert_eq!(inputs.len(), 15);
    for (kind, extra) in inputs {
        let with = |rk: &str, mid: String| {
            let mut v = json!({"robotKey": rk, "messageId": mid});
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        let f = frame(kind, with(RK, "9".repeat(32))).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(f.frame[1]["type"], kind);
        assert_eq!(f.serial_key.is_some(), kind == "robot.cust.tags");
        assert_eq!(refused(frame(kind, with(RK, "9".repeat(33))).unwrap_err()), vec!["yjiyun.message_id.length"], "{kind}");
        assert_eq!(refused(frame(kind, with(RK, String::new())).unwrap_err()), vec!["yjiyun.field.required"], "{kind}");
        assert_eq!(refused(frame(kind, with("", "1".into())).unwrap_err()), vec!["yjiyun.field.required"], "{kind}");
        // The 2.8 bridge carries the same body over HTTP.
        let mut b = with(RK, "1".into());
        b["type"] = json!(kind);
        let r = build_rest("bridge", b).unwrap_or_else(|e| panic!("bridge {kind}: {e}"));
        let same = frame(kind, with(RK, "1".into())).unwrap();
        assert_eq!(r.body, same.frame[1], "bridge {kind}");
    }
}

#[test]
fn messages_ids_helpers() {
    // The shape newYjiyunRequestId makes (js/src/core/ids.ts) passes the request_id rules.
    let id = "ab".repeat(16);
    assert!(rules::check_request_id(&id).is_empty());
    let mid = ids::message_id(1_585_024_550_000, 1).unwrap();
    let f = frame("message.text", json!({"chatId": CHAT_G, "messageId": mid, "content": "x"})).unwrap();
    assert_eq!(f.message_id, "15850245500000001");
}

// =============================================================================================
// Parsers on the doc's examples.

fn frame_data(rel: &str) -> Value {
    let body = text(rel);
    let v: Value = serde_json::from_str(&body).unwrap();
    let parsed = if v.is_array() { parse::parse_frame("", &body) } else { parse::parse_frame("action", &body) };
    serde_json::to_value(parsed.unwrap_or_else(|e| panic!("{rel}: {e}"))).unwrap()
}

fn response_data(rel: &str, endpoint: &str) -> Value {
    let r = response::parse_response(endpoint, &text(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::to_value(r).unwrap()
}

#[test]
fn every_inbound_example_parses() {
    for f in all_fixtures().into_iter().filter(|f| f.starts_with("frames/")) {
        let v = frame_data(&f);
        assert!(v["event"].is_string(), "{f}");
    }
}

#[test]
fn message_frames() {
    let v = frame_data("frames/3.2_message.json");
    assert_eq!(v["event"], "message");
    let d = &v["data"];
    assert_eq!(d["content"]["kind"], "text");
    assert_eq!(d["content"]["atUserList"], json!(["7881299800000001", "1688850000000001"]));
    assert_eq!(d["isGroupChat"], true);
    assert_eq!(d["from"]["isSelf"], false);
    assert_eq!(d["timestamp"], 1585024550000i64);
    let v = frame_data("frames/3.4_callback_message.json");
    assert_eq!(v["data"]["from"]["isSelf"], true);
    assert_eq!(v["data"]["msgSvrID"], "1002484");
    assert_eq!(v["data"]["isGroupChat"], false);
}

#[test]
fn chat_frames() {
    let v = frame_data("frames/3.3_chat.json");
    assert_eq!(v["event"], "chat");
    assert_eq!(v["data"]["botInfo"]["robotState"], "online");
    assert_eq!(v["data"]["unreadCount"], 3);
    let v = frame_data("frames/3.4_callback_chat.json");
    assert_eq!(v["data"]["chatUser"], "1688850000000002");
    assert_eq!(v["data"]["botInfo"]["robotKey"], RK);
}

#[test]
fn action_results() {
    let v = frame_data("frames/3.8_new_friend_request.json");
    assert_eq!(v["data"]["type"], "robot.on.new.friend.request");
    assert_eq!(v["data"]["data"]["userId"], "780000919");
    assert_eq!(v["data"]["data"]["isOuterUser"], true);
    let v = frame_data("frames/3.9_phone_contact_add_result.json");
    assert_eq!(v["data"]["ok"], true);
    assert_eq!(v["data"]["data"]["userData"]["userId"], "7881300000000005");
    let v = frame_data("frames/3.11_cust_tags_result.json");
    assert_eq!(v["data"]["data"]["tags"], json!(["14073750000000001", "14073750000000005"]));
    assert_eq!(v["data"]["dts"], 1605011687782i64);
    let v = frame_data("frames/3.15_delete_group_members_result.json");
    assert_eq!(v["data"]["dts"], 1608974161609i64, "dts as a string is read");
    assert_eq!(v["data"]["robotBizType"], 5);
    assert_eq!(v["data"]["data"]["friends"], json!(["1688850000000002", "1688850000000003"]));
    let v = frame_data("frames/3.16_conv_admins_error.json");
    assert_eq!((v["data"]["ok"].clone(), v["data"]["code"].clone()), (json!(false), json!("1")));
    assert_eq!(v["data"]["msg"], "invalid conversion id");
    let v = frame_data("frames/3.17_conv_modify_admins_not_staff.json");
    assert_eq!(v["data"]["code"], "30");
    assert_eq!(v["data"]["data"]["opcode"], 1);
    let v = frame_data("frames/3.20_create_group_result.json");
    assert_eq!(v["data"]["data"]["conversationId"], G1);
    assert_eq!(v["data"]["data"]["groupWxid"], "R:10000000000000007");
    let v = frame_data("frames/3.22_group_members_changed.json");
    assert_eq!(v["data"]["data"]["newMembers"][0]["gender"], 2);
    assert_eq!(v["data"]["data"]["newMembers"][0]["userId"], "7881300000000006");
    let v = frame_data("frames/3.23_set_group_announcement_result.json");
    assert_eq!(v["data"]["data"]["isAll"], 1);
    let v = frame_data("frames/3.14_info_modify_result.json");
    assert_eq!(v["data"]["data"]["address"], "大学城");
}

#[test]
fn tags_sync_keeps_ids_above_2_pow_53_exact() {
    let v = frame_data("frames/3.12_tags_sync_result.json");
    let d = &v["data"]["data"];
    assert_eq!(d["wxid"], "1688850000000001");
    assert_eq!(d["groupLabels"][0]["labelId"], "14073750000000020");
    assert_eq!(d["groupLabels"][0]["labelGroupId"], Value::Null, "top-level groups have no parent");
    assert_eq!(d["groupLabels"][0]["subLabelList"][0]["labelId"], "14073750000000021");
    assert_eq!(d["groupLabels"][0]["subLabelList"][0]["labelGroupId"], "14073750000000020");
    assert_eq!(d["groupLabels"][1]["subLabelList"][0]["name"], "\\");
    assert_eq!(d["personLabel"]["isCustomLabelGroup"], true);
    assert_eq!(d["personLabel"]["isCorpLabel"], false);
}

#[test]
fn contacts_inquiry_contacts_and_groups() {
    let v = frame_data("frames/3.21_contacts_inquiry_friends_result.json");
    let c = &v["data"]["data"]["contacts"];
    assert_eq!(c[0]["kind"], "contact");
    assert_eq!(c[0]["realRemarks"], "红儿");
    assert_eq!(v["data"]["data"]["reqContacts"], json!(["1688850000000002", "1688850000000003"]));
    let v = frame_data("frames/3.21_contacts_inquiry_group_result.json");
    let g = &v["data"]["data"]["contacts"][0];
    assert_eq!(g["kind"], "group");
    assert_eq!(g["conversationId"], G1);
    assert_eq!(g["memberList"].as_array().unwrap().len(), 3);
    assert_eq!(g["memberList"][2]["companyId"], "1970325000000002", "the doc's corpanyId typo is read");
    assert_eq!(g["memberList"][1]["isExternalUser"], true);
}

#[test]
fn rest_responses() {
    let v = response_data("responses/2.1_auth.json", "client/auth");
    assert_eq!(v["ok"], true);
    assert_eq!(v["data"]["accessToken"], "faketoken000000000000000000000ff");
    assert_eq!(v["data"]["expiresAt"], 1530537138000i64 + 1451 * 60_000);
    let v = response_data("responses/2.2_robot_list.json", "robot/list");
    assert_eq!(v["data"][0]["robotState"], "online");
    assert_eq!(v["data"][1]["robotState"], "offline");
    assert_eq!(v["data"][1]["officialUserId"], "FakeUser-0021", "the table's officailUserId spelling is read");
    assert_eq!(v["data"][0]["aliasName"], Value::Null);
    let v = response_data("responses/2.3_customer_list.json", "external/user/list");
    assert_eq!(v["total"], 695);
    assert_eq!(v["data"][0]["userId"], "1688850000000002");
    assert_eq!(v["data"][2]["corpWxid"], "wmFAKEexternal");
    assert_eq!(v["data"][2]["flag"], 2057);
    let v = response_data("responses/2.4_group_list.json", "group/list");
    assert_eq!(v["data"][0]["isOuterGroupConversation"], true);
    assert_eq!(v["data"][0]["creatorId"], "7881300000000001");
    let v = response_data("responses/2.5_group_download.json", "grouptag/list/download");
    assert!(v["data"]["downloadUrl"].as_str().unwrap().ends_with(".xlsx"));
    let v = response_data("responses/2.6_member_list.json", "group/member/list");
    assert_eq!(v["data"][4]["isCreator"], true, "\"1\" is read as a flag");
    assert_eq!(v["data"][0]["isCreator"], false);
    let v = response_data("responses/2.8_bridge.json", "bridge");
    assert_eq!(v["data"]["type"], "robot.phone.contact.add");
    assert_eq!(v["data"]["data"]["userData"]["name"], "陈 xx");
    let v = response_data("responses/2.10_chat_list.json", "chat/list");
    assert_eq!(v["data"][1]["unreadCount"], 54);
    assert_eq!(v["data"][0]["isGroupChat"], true);
    let v = response_data("responses/2.11_chat_message.json", "chat/message");
    assert_eq!(v["data"][0]["sendState"], "sent");
    assert_eq!(v["data"][2]["content"]["kind"], "image", "history uses contentType 3 for images");
    assert_eq!(v["data"][2]["content"]["pic"], "https://media.yjiyun.com/xxx.png");
    for (f, ep) in [
        ("responses/2.7_task_save.json", "multiple/task/save"),
        ("responses/2.9_group_setting_duplicate.json", "group/setting/duplicate"),
        ("responses/2.12_unread_clean.json", "unreadmsg/clean"),
        ("responses/2.13_contact_sync.json", "contact/sync"),
    ] {
        let v = response_data(f, ep);
        assert_eq!((v["ok"].clone(), v["data"].clone()), (json!(true), Value::Null), "{f}");
    }
}

#[test]
fn sent_status_spellings() {
    for key in ["sendStatus", "sentStatus"] {
        for (s, state) in [(0, "unsent"), (1, "sent"), (2, "failed"), (9, "unknown")] {
            let body = format!(r#"{{"code":"0","model":[{{"chatId":"S:1_2","{key}":{s},"content":{{"contentType":1,"content":"x"}}}}]}}"#);
            let v = serde_json::to_value(response::parse_response("chat/message", &body).unwrap()).unwrap();
            assert_eq!(v["data"][0]["sendState"], state, "{key} {s}");
        }
    }
}

// =============================================================================================
// Garbage never panics: every parser and `check` on truncated and type-mutated fixtures.

fn every_consumer(body: &str) {
    for ev in ["", "message", "chat", "action", "nope"] {
        let _ = parse::parse_frame(ev, body);
    }
    for ep in robotwire::yjiyun::Endpoint::ALL {
        let _ = response::parse_response(ep.tail(), body);
    }
    for k in Kind::names() {
        let _ = rules::check_json(k, body);
        let _ = frames::build(k, body);
        let _ = rest::build(k, body, Some(RID));
    }
}

fn mutations(v: &Value, out: &mut Vec<Value>, root: &Value, path: &mut Vec<PathSeg>) {
    const GARBAGE: [fn() -> Value; 8] = [
        || Value::Null,
        || json!(true),
        || json!("x"),
        || json!(""),
        || json!(1.5),
        || json!(-1),
        || json!({}),
        || json!([]),
    ];
    if out.len() > 1500 {
        return;
    }
    for g in GARBAGE {
        let mut copy = root.clone();
        if let Some(slot) = locate(&mut copy, path) {
            *slot = g();
            out.push(copy);
        }
    }
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                path.push(PathSeg::Key(k.clone()));
                mutations(child, out, root, path);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate().take(3) {
                path.push(PathSeg::Index(i));
                mutations(child, out, root, path);
                path.pop();
            }
        }
        _ => {}
    }
}

enum PathSeg {
    Key(String),
    Index(usize),
}

fn locate<'v>(v: &'v mut Value, path: &[PathSeg]) -> Option<&'v mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            PathSeg::Key(k) => cur.get_mut(k.as_str())?,
            PathSeg::Index(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

#[test]
fn garbage_never_panics() {
    for f in all_fixtures() {
        let body = text(&f);
        // Truncations (on char boundaries) of every fixture.
        let step = (body.len() / 16).max(1);
        for cut in (0..body.len()).step_by(step) {
            if body.is_char_boundary(cut) {
                every_consumer(&body[..cut]);
            }
        }
        // Every value replaced, one at a time, by each wrong JSON type.
        let root: Value = serde_json::from_str(&body).unwrap();
        let mut out = Vec::new();
        mutations(&root, &mut out, &root, &mut Vec::new());
        for m in out {
            let s = m.to_string();
            for ev in ["", "message", "chat", "action"] {
                let _ = parse::parse_frame(ev, &s);
            }
            for ep in robotwire::yjiyun::Endpoint::ALL {
                let _ = response::parse_response(ep.tail(), &s);
            }
            for k in ["multiple/task/save", "message", "robot.conv.modify.admins", "robot.cust.tags", "group/setting/duplicate", "bridge"] {
                let _ = rules::check_json(k, &s);
            }
        }
    }
    for odd in ["", "null", "0", "\"\"", "[]", "[[]]", "{\"code\":null}", "\u{feff}{}", "{\"a\":1e999}", &"[".repeat(5000)] {
        every_consumer(odd);
    }
}

#[test]
fn rule_table_is_complete_and_stable() {
    let table: Vec<&str> = rules::RULES.iter().map(|r| r.id).collect();
    for must in [
        "yjiyun.request_id.length",
        "yjiyun.message_id.length",
        "yjiyun.conversation_id.group_prefix",
        "yjiyun.conv_admins.max",
        "yjiyun.conv_admins.non_empty",
        "yjiyun.conv_admins.opcode",
        "yjiyun.task.task_type",
        "yjiyun.task.exec_start_time.required",
        "yjiyun.task.weekday",
        "yjiyun.task.msg_type",
        "yjiyun.task.is_group_chat",
        "yjiyun.task.per_suit_second.order",
        "yjiyun.task.contents.recommended_max",
        "yjiyun.task.suit_count",
        "yjiyun.link.cover_no_query",
        "yjiyun.gender.enum",
        "yjiyun.status.enum",
        "yjiyun.cust_tags.serial",
    ] {
        assert!(table.contains(&must), "{must}");
    }
    let ambiguous: Vec<&str> = rules::RULES.iter().filter(|r| !r.choice.is_empty()).map(|r| r.id).collect();
    for must in ["yjiyun.task.suit_count", "yjiyun.conv_admins.opcode", "yjiyun.task.command_type", "yjiyun.task.per_suit_second.required"] {
        assert!(ambiguous.contains(&must), "{must} must document its choice");
    }
}
