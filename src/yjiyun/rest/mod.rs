//! Request builders for every REST endpoint (2.1–2.13).
//!
//! Input: JSON text, camelCase as a TypeScript caller writes it, unknown fields refused.
//! Output: [`RestRequest`] — method, path, content type, whether the `token` header is needed,
//! the body in its wire shape (`body`, the shape of the doc's examples, also what `check`
//! reads) and, for form endpoints, the ordered key/value pairs plus their urlencoded text.
//!
//! Arrays in form bodies (`tagList`, `conversationIds`, `robotKeys`, `msgIds`, `chatroom`,
//! `module`, `robotKey` of 2.9) are sent as repeated keys (`tagList=a&tagList=b`) by default:
//! the doc does not say how, and repeated keys are what Java servlet/Spring binding reads as an
//! array without splitting values that contain commas. [`FormArrays`] picks another encoding;
//! an empty array is left out in every encoding (the same as not sending the filter).
//!
//! Layout: this file builds the request from an endpoint's wire fields; `inputs.rs` holds every
//! endpoint's input and its field mapping.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::rules::{self, Violation};
use super::endpoints::{unknown_kind, ActionType, BodyFormat, Endpoint, FormArrays, Kind, Wire};
use super::frames;
use super::input::{gate, input, BuildError, Id};
use crate::error::{Error, ErrorKind};

mod inputs;

pub use inputs::*;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestRequest {
    /// The path tail (`chat/list`).
    pub endpoint: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    /// `path?request_id=…` when a request id was given, else `path` (the caller must add it).
    pub url: String,
    pub request_id: Option<String>,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// `"token"`: send the `token` header; `"none"`: 2.1 auth, which is how a token is obtained.
    pub auth: &'static str,
    /// The body in wire shape (JSON object).
    pub body: Value,
    /// Form bodies: ordered `[key, value]` pairs, arrays as `Wire::arrays` says. `null` for JSON.
    pub form: Option<Vec<(String, String)>>,
    /// Form endpoints: `form` urlencoded (WHATWG `application/x-www-form-urlencoded`), ready to
    /// send. JSON endpoints: `JSON.stringify(body)` equivalent.
    pub body_text: String,
    pub warnings: Vec<Violation>,
    /// 2.8 bridge actions that must not overlap another for the same robot (3.11 tags): the
    /// queue key, the same as the socket frame's `serialKey`.
    pub serial_key: Option<String>,
}

/// Builds a request with the default wire choices. `request_id` (32 characters, made
/// by the JS side) is validated and appended to the URL when given.
pub fn build(endpoint: &str, input_json: &str, request_id: Option<&str>) -> Result<RestRequest, BuildError> {
    build_with(endpoint, input_json, request_id, Wire::default())
}

/// [`build`] with explicit wire choices. A form body for 2.7 or 2.8 is refused: their bodies
/// nest objects, which a form cannot carry.
pub fn build_with(endpoint: &str, input_json: &str, request_id: Option<&str>, wire: Wire) -> Result<RestRequest, BuildError> {
    let ep = Endpoint::parse(endpoint).ok_or_else(|| unknown_kind("endpoint", endpoint))?;
    let what = ep.tail();
    let fields = match ep {
        Endpoint::Auth => auth(input(input_json, what)?),
        Endpoint::RobotList => {
            let _: Empty = input(input_json, what)?;
            Fields::default()
        }
        Endpoint::CustomerList => customer_list(input(input_json, what)?),
        Endpoint::GroupList => group_list(input(input_json, what)?),
        Endpoint::GroupDownload => group_download(input(input_json, what)?),
        Endpoint::MemberList => member_list(input(input_json, what)?),
        Endpoint::TaskSave => task_save(input(input_json, what).map_err(task_shape_hint)?),
        Endpoint::Bridge => bridge(input_json)?,
        Endpoint::GroupSettingDuplicate => setting_duplicate(input(input_json, what)?),
        Endpoint::ChatList => chat_list(input(input_json, what)?),
        Endpoint::ChatMessage => chat_message(input(input_json, what)?),
        Endpoint::UnreadClean => unread_clean(input(input_json, what)?),
        Endpoint::ContactSync => contact_sync(input(input_json, what)?),
    };
    finish(ep, fields, request_id, wire)
}

fn finish(ep: Endpoint, fields: Fields, request_id: Option<&str>, wire: Wire) -> Result<RestRequest, BuildError> {
    let format = wire.format.unwrap_or(ep.format());
    if format == BodyFormat::Form && ep.format() == BodyFormat::Json {
        let msg = format!("yjiyun {} ({}) is sent as JSON only: its body nests objects, which a form cannot carry", ep.tail(), ep.section());
        return Err(BuildError::Input(Error::new(ErrorKind::InvalidArgument, msg)));
    }
    let body = fields.to_object();
    let extra = request_id.map(rules::check_request_id).unwrap_or_default();
    let warnings = gate(Kind::Rest(ep), &body, extra)?;
    let (form, body_text) = match format {
        BodyFormat::Form => {
            let pairs = fields.to_pairs(wire.arrays);
            let text = urlencode(&pairs);
            (Some(pairs), text)
        }
        BodyFormat::Json => (None, body.to_string()),
    };
    let url = match request_id {
        Some(id) => format!("{}?request_id={}", ep.path(), id),
        None => ep.path().to_string(),
    };
    let serial_key = match ep {
        Endpoint::Bridge => body
            .get("type")
            .and_then(Value::as_str)
            .and_then(ActionType::parse)
            .zip(body.get("robotKey").and_then(Value::as_str))
            .and_then(|(a, rk)| a.serial_key(rk)),
        _ => None,
    };
    Ok(RestRequest {
        endpoint: ep.tail(),
        method: "POST",
        path: ep.path(),
        url,
        request_id: request_id.map(str::to_string),
        content_type: format.content_type(),
        auth: if ep.needs_token() { "token" } else { "none" },
        body,
        form,
        body_text,
        warnings,
        serial_key,
    })
}

/// Ordered wire fields (table order of the doc); `None` values are left out.
#[derive(Debug, Default)]
struct Fields(Vec<(String, Value)>);

impl Fields {
    fn put(mut self, k: &str, v: impl Into<Value>) -> Self {
        self.0.push((k.to_string(), v.into()));
        self
    }

    fn opt<T: Into<Value>>(self, k: &str, v: Option<T>) -> Self {
        match v {
            Some(v) => self.put(k, v),
            None => self,
        }
    }

    fn to_object(&self) -> Value {
        Value::Object(self.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Map<String, Value>>())
    }

    fn to_pairs(&self, arrays: FormArrays) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, v) in &self.0 {
            match v {
                Value::Null => {}
                Value::Array(items) => {
                    let texts = items.iter().filter_map(scalar_text);
                    match arrays {
                        FormArrays::Repeat => out.extend(texts.map(|s| (k.clone(), s))),
                        FormArrays::Brackets => out.extend(texts.map(|s| (format!("{k}[]"), s))),
                        FormArrays::Indices => out.extend(texts.enumerate().map(|(i, s)| (format!("{k}[{i}]"), s))),
                        FormArrays::Comma => {
                            let joined: Vec<String> = texts.collect();
                            if !joined.is_empty() {
                                out.push((k.clone(), joined.join(",")));
                            }
                        }
                    }
                }
                other => {
                    if let Some(s) = scalar_text(other) {
                        out.push((k.clone(), s));
                    }
                }
            }
        }
        out
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        // Objects never occur in form endpoints' fields; skipping keeps this total.
        _ => None,
    }
}

/// WHATWG `application/x-www-form-urlencoded` serialisation (what `URLSearchParams` produces):
/// `*-._` and ASCII alphanumerics stay, space becomes `+`, everything else is `%XX` of UTF-8.
pub fn urlencode(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules_of(e: BuildError) -> Vec<&'static str> {
        e.violations().iter().map(|v| v.rule).collect()
    }

    const RID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn form_and_url() {
        let r = build("chat/message", r#"{"robotKey":"rk","chatUser":"R:1","sTimestamp":1592472979000,"timestamp":1592478515000,"msgIds":["a b","c&d"]}"#, Some(RID)).unwrap();
        assert_eq!(r.url, format!("/wxworkapi/chat/message?request_id={RID}"));
        assert_eq!(r.content_type, crate::yjiyun::endpoints::CONTENT_TYPE_FORM);
        assert_eq!(r.auth, "token");
        assert_eq!(r.body["s_timestamp"], json!(1592472979000i64));
        assert_eq!(
            r.body_text,
            "robotKey=rk&chatUser=R%3A1&s_timestamp=1592472979000&timestamp=1592478515000&msgIds=a+b&msgIds=c%26d"
        );
        let form = r.form.unwrap();
        assert_eq!(form.first().map(|p| p.0.as_str()), Some("robotKey"));
        assert_eq!(form.iter().filter(|p| p.0 == "msgIds").count(), 2);
    }

    #[test]
    fn form_arrays_one_choice_in_one_place() {
        let input = r#"{"robotKey":"rk","tagList":["a,b","c"]}"#;
        let text = |arrays| build_with("external/user/list", input, None, Wire { format: None, arrays }).unwrap().body_text;
        assert_eq!(text(FormArrays::Repeat), "robotKey=rk&tagList=a%2Cb&tagList=c");
        assert_eq!(text(FormArrays::Comma), "robotKey=rk&tagList=a%2Cb%2Cc");
        assert_eq!(text(FormArrays::Brackets), "robotKey=rk&tagList%5B%5D=a%2Cb&tagList%5B%5D=c");
        assert_eq!(text(FormArrays::Indices), "robotKey=rk&tagList%5B0%5D=a%2Cb&tagList%5B1%5D=c");
        // An empty array is the same as no filter, in every encoding.
        for arrays in [FormArrays::Repeat, FormArrays::Comma, FormArrays::Brackets, FormArrays::Indices] {
            let r = build_with("external/user/list", r#"{"robotKey":"rk","tagList":[]}"#, None, Wire { format: None, arrays }).unwrap();
            assert_eq!(r.body_text, "robotKey=rk");
        }
    }

    #[test]
    fn auth_and_setting_duplicate_as_json_give_the_docs_example_shape() {
        let json = Wire { format: Some(BodyFormat::Json), arrays: FormArrays::Repeat };
        let r = build_with("client/auth", r#"{"accessKey":"fake-key","accessSecret":"fake-secret"}"#, None, json).unwrap();
        assert_eq!(r.content_type, crate::yjiyun::endpoints::CONTENT_TYPE_JSON);
        assert!(r.form.is_none());
        assert_eq!(r.body_text, r#"{"accessKey":"fake-key","accessSecret":"fake-secret"}"#);
        let input = r#"{"templateRobotKey":"rk0","templateConversationId":"R:9","modules":["WELCOME_NEW_MEMBER"],"targets":[{"robotKey":"rk1","conversationIds":["R:1","R:2"]},{"robotKey":"rk2","conversationIds":["R:3"]}]}"#;
        let r = build_with("group/setting/duplicate", input, None, json).unwrap();
        let v: Value = serde_json::from_str(&r.body_text).unwrap();
        assert_eq!(v, json!({"chatroom":["R:1;R:2","R:3"],"g":"R:9","module":["WELCOME_NEW_MEMBER"],"r":"rk0","robotKey":["rk1","rk2"]}));
        // The default stays a form (1.2), with repeated keys.
        let r = build("group/setting/duplicate", input, None).unwrap();
        assert_eq!(r.content_type, crate::yjiyun::endpoints::CONTENT_TYPE_FORM);
        assert_eq!(r.body_text, "chatroom=R%3A1%3BR%3A2&chatroom=R%3A3&g=R%3A9&module=WELCOME_NEW_MEMBER&r=rk0&robotKey=rk1&robotKey=rk2");
    }

    #[test]
    fn json_endpoints_cannot_be_forms() {
        let form = Wire { format: Some(BodyFormat::Form), arrays: FormArrays::Repeat };
        let e = build_with("bridge", r#"{"type":"robot.phone.contact.add","robotKey":"rk","messageId":"1","phone":"10000000000"}"#, None, form).unwrap_err();
        assert!(e.to_error().to_string().contains("JSON only"), "{e:?}");
    }

    #[test]
    fn urlencode_utf8_and_reserved() {
        let p = vec![("name".to_string(), "测试 25*~".to_string())];
        assert_eq!(urlencode(&p), "name=%E6%B5%8B%E8%AF%95+25*%7E");
    }

    #[test]
    fn auth_needs_no_token_and_is_form() {
        let r = build("/robotapi/client/auth", r#"{"accessKey":"fake-key","accessSecret":"fake-secret"}"#, None).unwrap();
        assert_eq!(r.auth, "none");
        assert_eq!(r.url, "/robotapi/client/auth");
        assert!(r.form.is_some());
        assert_eq!(r.body_text, "accessKey=fake-key&accessSecret=fake-secret");
    }

    #[test]
    fn input_errors_do_not_echo_values() {
        let e = build("client/auth", r#"{"accessKey":"k","accessSecret":12345678}"#, None).unwrap_err();
        let d = e.to_error().detail;
        assert!(!d.contains("12345678"), "{d}");
        assert!(d.contains("expected"), "{d}");
        let e = build("client/auth", r#"{"accessKey":"k","accessSecret":"s","x":1}"#, None).unwrap_err();
        assert!(e.to_error().detail.contains("unknown field `x`"));
        assert!(build("nope", "{}", None).is_err());
        assert!(build("robot/list", "{\"a\":1}", None).is_err());
        assert!(build("robot/list", "{", None).is_err());
    }

    #[test]
    fn request_id_is_checked() {
        let e = build("robot/list", "{}", Some("short")).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.request_id.length"]);
        let e = build("robot/list", "{}", Some("0123456789abcdef0123456789abcde!")).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.request_id.charset"]);
    }

    #[test]
    fn setting_duplicate_joins_groups_per_robot() {
        let r = build(
            "group/setting/duplicate",
            r#"{"templateRobotKey":"rT","templateConversationId":"R:9","modules":["WELCOME_NEW_MEMBER"],
                "targets":[{"robotKey":"r1","conversationIds":["R:1","R:2"]},{"robotKey":"r2","conversationIds":["R:3"]}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(r.body["chatroom"], json!(["R:1;R:2", "R:3"]));
        assert_eq!(r.body["robotKey"], json!(["r1", "r2"]));
        assert_eq!(r.body_text, "chatroom=R%3A1%3BR%3A2&chatroom=R%3A3&g=R%3A9&module=WELCOME_NEW_MEMBER&r=rT&robotKey=r1&robotKey=r2");
        let e = build(
            "group/setting/duplicate",
            r#"{"templateRobotKey":"rT","templateConversationId":"R:9","modules":["NOPE"],"targets":[{"robotKey":"r1","conversationIds":["1"]}]}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.conversation_id.group_prefix", "yjiyun.group_setting.module"]);
    }

    #[test]
    fn form_ids_above_2_53_are_text_and_allowed_json_ones_are_not() {
        // Form endpoints: the id is decimal text on the wire, exact whatever its size.
        let r = build("external/user/list", r#"{"robotKey":"rk","userId":"9007199254740993"}"#, None).unwrap();
        assert_eq!(r.body_text, "robotKey=rk&userId=9007199254740993");
        let r = build("group/member/list", r#"{"robotKey":"rk","conversationId":"R:1","memberUserId":"9007199254740993"}"#, None).unwrap();
        assert!(r.body_text.ends_with("memberUserId=9007199254740993"));
        assert!(build("group/list", r#"{"robotKey":"rk","creatorId":"18446744073709551615"}"#, None).is_ok());
        // JSON endpoints: a JSON number above 2^53 would be rounded by a JavaScript peer.
        let e = build("bridge", r#"{"type":"robot.delete.group.members","robotKey":"rk","messageId":"1","groupId":"R:1","members":["9007199254740993"]}"#, None).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.id.js_safe_integer"]);
    }

    #[test]
    fn bridge_wraps_an_action() {
        let r = build("bridge", r#"{"type":"robot.phone.contact.add","robotKey":"rk","messageId":"15850245500000001","phone":"10000000000"}"#, Some(RID)).unwrap();
        assert_eq!(r.content_type, crate::yjiyun::endpoints::CONTENT_TYPE_JSON);
        assert!(r.form.is_none());
        assert_eq!(r.body["type"], "robot.phone.contact.add");
        assert_eq!(r.serial_key, None);
        let tags = build("bridge", r#"{"type":"robot.cust.tags","robotKey":"rk","messageId":"1","userId":"7881300000000001","tags":["1"]}"#, None).unwrap();
        assert_eq!(tags.serial_key.as_deref(), Some("robot.cust.tags:rk"));
        assert_eq!(serde_json::from_str::<Value>(&r.body_text).unwrap(), r.body);
        assert!(build("bridge", r#"{"type":"robot.on.new.friend.request","robotKey":"rk","messageId":"1"}"#, None).is_err());
        assert!(build("bridge", r#"{"robotKey":"rk"}"#, None).is_err());
        assert!(build("bridge", r#"{"type":5}"#, None).is_err());
    }
}
