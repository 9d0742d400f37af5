//! Boundary for `yjiyun`: JSON text in, JSON text out (so `deny_unknown_fields` sees every
//! key and ids above 2^53 survive as strings). Errors are JS `Error`s with a `code`; builder
//! rule failures additionally carry `violations` (the same objects `yjiyunCheck` returns).

use serde::Serialize;
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::{arg_error, millis, to_js};
use crate::yjiyun::{frames, ids, parse, response, rest, rules, ActionType, BodyFormat, BuildError, Endpoint, FormArrays, Kind, SendType, Wire};

fn out<T: Serialize + ?Sized>(v: &T) -> Result<String, JsValue> {
    serde_json::to_string(v).map_err(|e| arg_error(format!("serialising result: {e}")))
}

fn build_error(e: BuildError) -> JsValue {
    let js = to_js(e.to_error());
    if !e.violations().is_empty() {
        if let Ok(text) = serde_json::to_string(e.violations()) {
            if let Ok(v) = js_sys::JSON::parse(&text) {
                let _ = js_sys::Reflect::set(&js, &JsValue::from_str("violations"), &v);
            }
        }
    }
    js
}

/// `yjiyunBuildRest(endpoint, inputJson, requestId?, format?, arrays?)` → JSON of
/// `rest::RestRequest`: `{endpoint, method, path, url, requestId, contentType, auth, body, form,
/// bodyText, warnings}`. `format` is `form` | `json` (default: the endpoint's), `arrays` is
/// `repeat` | `comma` | `brackets` | `indices` (default `repeat`).
#[wasm_bindgen(js_name = yjiyunBuildRest)]
pub fn yjiyun_build_rest(endpoint: &str, input_json: &str, request_id: Option<String>, format: Option<String>, arrays: Option<String>) -> Result<String, JsValue> {
    let bad = |what: &str, v: &str| arg_error(format!("unknown yjiyun {what} {:?}", v.chars().take(32).collect::<String>()));
    let format = match format.as_deref() {
        None => None,
        Some(f) => Some(BodyFormat::parse(f).ok_or_else(|| bad("body format", f))?),
    };
    let arrays = match arrays.as_deref() {
        None => FormArrays::default(),
        Some(a) => FormArrays::parse(a).ok_or_else(|| bad("form array encoding", a))?,
    };
    let r = rest::build_with(endpoint, input_json, request_id.as_deref(), Wire { format, arrays }).map_err(build_error)?;
    out(&r)
}

/// `yjiyunBuildFrame(kind, inputJson)` → JSON of `frames::BuiltFrame`:
/// `{kind, event, frame: [event, payload], messageId, serialKey, warnings}`.
#[wasm_bindgen(js_name = yjiyunBuildFrame)]
pub fn yjiyun_build_frame(kind: &str, input_json: &str) -> Result<String, JsValue> {
    let f = frames::build(kind, input_json).map_err(build_error)?;
    out(&f)
}

/// `yjiyunParseFrame(event, json)` → `{event, data}`. `event` is `message` | `chat` | `action`,
/// or `""` with `json` = the whole `[event, payload]` frame.
#[wasm_bindgen(js_name = yjiyunParseFrame)]
pub fn yjiyun_parse_frame(event: &str, json: &str) -> Result<String, JsValue> {
    let f = parse::parse_frame(event, json).map_err(to_js)?;
    out(&f)
}

/// `yjiyunParseResponse(endpoint, json)` → `{endpoint, ok, status, code, msg, total, data}`.
#[wasm_bindgen(js_name = yjiyunParseResponse)]
pub fn yjiyun_parse_response(endpoint: &str, json: &str) -> Result<String, JsValue> {
    let r = response::parse_response(endpoint, json).map_err(to_js)?;
    out(&r)
}

/// `yjiyunCheck(kind, bodyJson)` → JSON array of `{rule, field, limit, actual, severity, message}`.
#[wasm_bindgen(js_name = yjiyunCheck)]
pub fn yjiyun_check(kind: &str, body_json: &str) -> Result<String, JsValue> {
    let v = rules::check_json(kind, body_json).map_err(to_js)?;
    out(&v)
}

/// `yjiyunRuleTable()` → JSON array of `{id, severity, enforcedBy, appliesTo, limit, summary, doc, choice}`.
#[wasm_bindgen(js_name = yjiyunRuleTable)]
pub fn yjiyun_rule_table() -> Result<String, JsValue> {
    out(rules::RULES)
}

/// `yjiyunKinds()` → `{endpoints, messages, actions, checkKinds, transport}` for help texts,
/// the CLI, the realtime client and the simulator.
#[wasm_bindgen(js_name = yjiyunKinds)]
pub fn yjiyun_kinds() -> Result<String, JsValue> {
    out(&kinds())
}

/// `yjiyunMessageId(ms, seq)`: `ms` (integer Unix milliseconds) followed by `seq` (0–9999)
/// zero-padded to 4 digits.
#[wasm_bindgen(js_name = yjiyunMessageId)]
pub fn yjiyun_message_id(ms: f64, seq: f64) -> Result<String, JsValue> {
    let ms = millis(ms, "ms")?;
    if !(seq.is_finite() && seq.fract() == 0.0 && (0.0..=f64::from(ids::MESSAGE_ID_MAX_SEQ)).contains(&seq)) {
        return Err(arg_error("seq must be an integer 0..=9999"));
    }
    ids::message_id(ms, seq as u32).map_err(to_js)
}

pub(crate) fn kinds() -> serde_json::Value {
    let endpoints: Vec<_> = Endpoint::ALL
        .iter()
        .map(|e| {
            json!({
                "endpoint": e.tail(), "path": e.path(), "method": "POST", "section": e.section(),
                "contentType": e.format().content_type(), "auth": if e.needs_token() { "token" } else { "none" },
                "retrySafe": e.retry_safe(),
            })
        })
        .collect();
    let messages: Vec<_> =
        SendType::ALL.iter().map(|s| json!({"kind": s.kind(), "contentType": s.content_type(), "section": s.section()})).collect();
    let actions: Vec<_> = ActionType::ALL
        .iter()
        .map(|a| json!({"type": a.as_str(), "section": a.section(), "outbound": a.is_outbound(), "serialPerRobot": a.serial_per_robot()}))
        .collect();
    let mut codes = serde_json::Map::new();
    for (code, status) in response::STATUS_CODES {
        codes.insert(code.into(), status.into());
    }
    // 1.1 / 3.0 / 3.1: hosts, socket path and query, events, and the advised reconnect delay.
    let transport = json!({
        "restHosts": {"test": "https://test.yjiyun.com", "production": "https://www.yjiyun.com"},
        "socketHosts": {"test": "https://test.yjiyun.com", "production": "https://www.yjiyun.com", "productionDedicated": "https://chat.yjiyun.com"},
        "socketPath": "/imchat",
        "socketTokenQuery": "token",
        "socketFilterQuery": {"msgFilter": "1"},
        "events": ["message", "chat", "action"],
        "minReconnectMs": 10_000,
        "requestIdQuery": "request_id",
        "tokenHeader": "token",
        "codes": codes,
    });
    json!({ "endpoints": endpoints, "messages": messages, "actions": actions, "checkKinds": Kind::names(), "transport": transport })
}

#[cfg(test)]
mod tests {
    #[test]
    fn kinds_lists_everything() {
        let k = super::kinds();
        assert_eq!(k["endpoints"].as_array().map(Vec::len), Some(13));
        assert_eq!(k["messages"].as_array().map(Vec::len), Some(5));
        assert_eq!(k["actions"].as_array().map(Vec::len), Some(17));
        assert!(k["checkKinds"].as_array().is_some_and(|a| a.iter().any(|x| x == "multiple/task/save")));
        assert_eq!(k["transport"]["minReconnectMs"], 10_000);
    }
}
