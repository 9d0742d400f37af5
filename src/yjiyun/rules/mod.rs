//! The yjiyun rules as a table with stable ids, and `check(kind, body)`.
//!
//! `check` looks at a body in its **wire shape** — exactly what goes to the platform, the shape
//! of the doc's examples (`s_timestamp`, `taskData.contents[]`, `chatroom` joined by `;`) — so
//! it validates hand-written payloads (`robotwire yjiyun check KIND`) and the output of the
//! builders alike. The builders in `rest` and `frames` run it on what they produce and refuse
//! to return a body with an error-severity violation; warnings travel with the result.
//!
//! Layout (as in `jdme/rules/`, whose checks fit one file): this file holds the types and the
//! engine ([`check`]); `table.rs` the rule table and constants (data); the checks per kind are
//! `rest_checks.rs` (the REST bodies of section 2) and `frame_checks.rs` (the socket frames of
//! section 3); `read.rs` the checker state and how it reads body fields.
//!
//! Where the document contradicts itself, the safest reading is chosen; the rule's `choice`
//! says which, and the tests pin it.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::ids::{MESSAGE_ID_MAX_LEN, REQUEST_ID_LEN};
use super::value::{self, is_digits, type_name, JS_MAX_SAFE_INTEGER};
use super::endpoints::{unknown_kind, ActionType, BodyFormat, Endpoint, Kind, SendType};
use crate::error::{Error, ErrorKind, Result};

mod frame_checks;
mod read;
mod rest_checks;
mod table;

use read::*;
pub use table::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The platform rejects it, or it does something the caller cannot have meant.
    Error,
    /// Allowed, but against the doc's advice or likely ignored.
    Warning,
}

/// Who enforces a rule: `check` (looking at one body) or the caller (needs state across
/// requests: uniqueness, per-robot queues).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnforcedBy {
    Check,
    Caller,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub enforced_by: EnforcedBy,
    /// Kinds (`multiple/task/save`, `message.text`, `robot.conv.modify.admins`, `*`).
    pub applies_to: &'static [&'static str],
    pub limit: &'static str,
    /// English statement of the rule.
    pub summary: &'static str,
    /// The doc's own wording and section.
    pub doc: &'static str,
    /// Where the doc is ambiguous or contradicts itself: the reading chosen and why.
    pub choice: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub rule: &'static str,
    /// Dotted path into the wire body (`taskData.contents[2].coverImgFile`).
    pub field: String,
    pub limit: Value,
    pub actual: Value,
    pub severity: Severity,
    /// English, with the doc's Chinese wording attached where it helps.
    pub message: String,
}

pub fn has_errors(v: &[Violation]) -> bool {
    v.iter().any(|x| x.severity == Severity::Error)
}

/// One line per error violation, for exception messages.
pub fn summarize(v: &[Violation]) -> String {
    let errs: Vec<String> = v
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| format!("[{}] {}: {}", x.rule, if x.field.is_empty() { "body" } else { &x.field }, x.message))
        .collect();
    errs.join("; ")
}

// ---------------------------------------------------------------------------------------------
// check

/// Checks a wire body given as JSON text.
pub fn check_json(kind: &str, body: &str) -> Result<Vec<Violation>> {
    let k = Kind::parse(kind).ok_or_else(|| unknown_kind("kind", kind))?;
    let v = value::parse_json(body, "body")?;
    check(k, &v)
}

/// Checks a wire body. `Err` only for a body that is not even the right JSON type (or an
/// action body checked as the wrong kind is reported as a violation, not an error).
pub fn check(kind: Kind, body: &Value) -> Result<Vec<Violation>> {
    let mut ck = Ck::default();
    match kind {
        Kind::RequestId => match body {
            Value::String(s) => ck.request_id(s),
            other => ck.type_error("request_id", "a string", other),
        },
        Kind::Rest(ep) => {
            let o = as_object(body, ep.tail())?;
            ck.ids_are_text = ep.format() == BodyFormat::Form;
            ck.rest(ep, o);
        }
        Kind::Message(t) => {
            let o = as_object(unwrap_frame(body, "message")?, "message frame")?;
            ck.message(t, o);
        }
        Kind::Action(a) => {
            let o = as_object(unwrap_frame(body, "action")?, "action frame")?;
            ck.action(Some(a), o);
        }
    }
    Ok(ck.out)
}

/// Checks a `request_id` on its own.
pub fn check_request_id(id: &str) -> Vec<Violation> {
    let mut ck = Ck::default();
    ck.request_id(id);
    ck.out
}

/// Accepts a bare payload or a whole socket.io frame `[event, payload]`.
fn unwrap_frame<'v>(body: &'v Value, event: &str) -> Result<&'v Value> {
    match body {
        Value::Array(a) => match a.as_slice() {
            [Value::String(e), payload] if e == event => Ok(payload),
            _ => Err(Error::new(
                ErrorKind::InvalidJson,
                format!("a frame array must be [\"{event}\", payload]"),
            )),
        },
        other => Ok(other),
    }
}

fn as_object<'v>(v: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(Error::new(ErrorKind::InvalidJson, format!("{what}: expected a JSON object, got {}", type_name(other)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[Violation]) -> Vec<&'static str> {
        v.iter().map(|x| x.rule).collect()
    }

    fn run(kind: &str, body: Value) -> Vec<Violation> {
        check(Kind::parse(kind).unwrap(), &body).unwrap()
    }

    #[test]
    fn table_ids_are_unique_and_namespaced() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(r.id.starts_with("yjiyun."), "{}", r.id);
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(!r.summary.is_empty() && !r.limit.is_empty());
            assert_eq!(rule_by_id(r.id).map(|x| x.id), Some(r.id));
        }
        assert!(rule_by_id("yjiyun.nope").is_none());
        let text = serde_json::to_string(RULES).unwrap();
        assert!(text.contains("\"enforcedBy\":\"caller\""));
    }

    #[test]
    fn request_id_rules() {
        assert!(check_request_id(&"a".repeat(32)).is_empty());
        assert_eq!(ids(&check_request_id(&"a".repeat(31))), vec![REQUEST_ID_LENGTH.id]);
        assert_eq!(ids(&check_request_id(&"a".repeat(33))), vec![REQUEST_ID_LENGTH.id]);
        assert_eq!(ids(&check_request_id(&format!("{}-", "a".repeat(31)))), vec![REQUEST_ID_CHARSET.id]);
        let v = check(Kind::RequestId, &json!(5)).unwrap();
        assert_eq!(ids(&v), vec![FIELD_TYPE.id]);
    }

    #[test]
    fn unknown_kind_and_garbage_are_errors() {
        assert!(check_json("nope", "{}").is_err());
        assert!(check_json("chat/list", "{").is_err());
        assert!(check_json("chat/list", "[]").is_err());
        assert!(check_json("message", "[\"chat\", {}]").is_err());
        assert!(check_json("message", "[\"message\", {}]").is_ok());
    }

    #[test]
    fn hhmm() {
        for ok in ["00:00", "09:05", "23:59"] {
            assert!(valid_hhmm(ok), "{ok}");
        }
        for bad in ["24:00", "23:60", "9:05", "0905", "09:5", "ab:cd", "09:05 ", "+9:05", "０9:05"] {
            assert!(!valid_hhmm(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_http_url("https://a.example/x.png"));
        assert!(is_http_url("http://a"));
        assert!(!is_http_url("ftp://a"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https:///x"));
        assert!(!is_http_url("https://a b"));
        assert_eq!(redact_url("https://a/x.png?sig=secret"), "https://a/x.png?…");
    }

    #[test]
    fn admins_boundaries() {
        let body = |op: Value, admins: Value| {
            json!({"type": "robot.conv.modify.admins", "robotKey": "rk", "messageId": "1", "opcode": op, "conversationId": "R:1", "admins": admins})
        };
        let k = "robot.conv.modify.admins";
        assert!(run(k, body(json!(1), json!(["1", "2", "3"]))).is_empty());
        assert_eq!(ids(&run(k, body(json!(1), json!(["1", "2", "3", "4"])))), vec![ADMINS_MAX.id]);
        assert_eq!(ids(&run(k, body(json!(2), json!(["1"])))), Vec::<&str>::new());
        assert_eq!(ids(&run(k, body(json!(1), json!([])))), vec![ADMINS_NON_EMPTY.id]);
        assert_eq!(ids(&run(k, body(json!(3), json!(["1"])))), vec![ADMINS_OPCODE.id]);
        assert_eq!(ids(&run(k, body(json!(0), json!(["1"])))), vec![ADMINS_OPCODE.id]);
        assert_eq!(ids(&run(k, body(json!("2"), json!(["1"])))), Vec::<&str>::new());
        let w = run(k, body(json!(1), json!(["7881314926912021"])));
        assert_eq!(ids(&w), vec![ADMINS_STAFF.id]);
        assert_eq!(w[0].severity, Severity::Warning);
        // No opcode at all: required (no default that could turn a removal into an addition).
        let mut b = body(json!(1), json!(["1"]));
        b.as_object_mut().unwrap().remove("opcode");
        assert_eq!(ids(&run(k, b)), vec![FIELD_REQUIRED.id]);
        let mut b = body(json!(1), json!(["1"]));
        b["conversationId"] = json!("10696661588019912");
        assert_eq!(ids(&run(k, b)), vec![GROUP_ID_PREFIX.id]);
    }

    #[test]
    fn violation_message_carries_doc_wording() {
        let v = check_request_id("x");
        assert!(v[0].message.contains("32 位请求号"));
        assert_eq!(v[0].limit, json!(32));
        assert_eq!(v[0].actual, json!(1));
        assert!(summarize(&v).starts_with("[yjiyun.request_id.length] request_id:"));
        assert!(has_errors(&v));
    }
}
