//! Boundary for the outbound side of JD ME: `jdme::{endpoints, builders, rules, ratelimit,
//! catalogue}`.
//!
//! One convention, as `yjiyun.rs`: JSON text in, JSON text out (numbers stay numbers, bytes
//! stay bytes). The only caller, `js/src/wasm/jdme-outbound.ts`, does the `JSON.stringify`
//! (so `undefined` members count as absent) and the `JSON.parse`; `serde_json` reads the text,
//! so `deny_unknown_fields` sees every key (a typo is an error, not a dropped field).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::{arg_error, millis, to_js};
use crate::jdme::{builders, catalogue, endpoints, envelope, listing, ratelimit, rules};

/// JSON text as a value (`null` for JS `null`/`undefined`: the boundary file passes `"null"`).
fn json_in(text: &str, what: &str) -> Result<Value, JsValue> {
    serde_json::from_str(text).map_err(|e| arg_error(format!("{what}: {e}")))
}

fn typed_in<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, JsValue> {
    T::deserialize(&json_in(text, what)?).map_err(|e| arg_error(format!("{what}: {e}")))
}

fn json_out<T: Serialize + ?Sized>(v: &T) -> Result<String, JsValue> {
    serde_json::to_string(v).map_err(|e| arg_error(format!("output: {e}")))
}

fn profile_in(p: Option<String>) -> Result<Option<rules::Profile>, JsValue> {
    match p.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(name) => rules::Profile::from_name(name)
            .map(Some)
            .ok_or_else(|| arg_error(format!("profile must be alarm, todo or consult, not {name:?}"))),
    }
}

fn facts_in(text: Option<String>) -> Result<rules::Facts, JsValue> {
    match text.map_or(Ok(Value::Null), |t| json_in(&t, "facts"))? {
        Value::Null => Ok(rules::Facts::default()),
        other => rules::Facts::deserialize(&other).map_err(|e| arg_error(format!("facts: {e}"))),
    }
}

/// `jdmeEndpoints()`: the JSON text of `EndpointInfo[]`, the documented endpoints, then the
/// suite APIs.
#[wasm_bindgen(js_name = jdmeEndpoints)]
pub fn jdme_endpoints() -> Result<String, JsValue> {
    json_out(&listing::listing())
}

/// `jdmeBuild(endpoint, inputJson, ctxJson?): string`: the request body as JSON text.
/// `ctx` is `{appId, nowMs, requestId, robotId?}` (optional for the three auth endpoints);
/// the JS side makes the `requestId` (the core makes no random ids).
/// Throws `invalid_field`/`missing_field`/`invalid_argument` for unusable input and
/// `rule_violation` when the body would break a documented rule.
#[wasm_bindgen(js_name = jdmeBuild)]
pub fn jdme_build(endpoint: &str, input: &str, ctx: Option<String>) -> Result<String, JsValue> {
    let input = json_in(input, "input")?;
    let ctx: Option<envelope::Context> = match ctx.map_or(Ok(Value::Null), |t| json_in(&t, "ctx"))? {
        Value::Null => None,
        v => Some(envelope::Context::deserialize(&v).map_err(|e| arg_error(format!("ctx: {e}")))?),
    };
    if let Some(c) = &ctx {
        millis(c.now_ms as f64, "ctx.nowMs")?;
    }
    let body = builders::build(endpoint, &input, ctx.as_ref()).map_err(to_js)?;
    serde_json::to_string(&body).map_err(|e| arg_error(format!("output: {e}")))
}

/// `jdmeCheck(endpoint, bodyText, profile?, factsJson?)`: the JSON text of `Violation[]` in
/// reporting order (`[0]` is what the platform would answer first). `bodyText` is the body as
/// posted; text that is not JSON gives one `jdme.body.json` violation. Throws only for an
/// unknown endpoint, profile or facts.
#[wasm_bindgen(js_name = jdmeCheck)]
pub fn jdme_check(endpoint: &str, body: &str, profile: Option<String>, facts: Option<String>) -> Result<String, JsValue> {
    let profile = profile_in(profile)?;
    let facts = facts_in(facts)?;
    let v = rules::check_text(endpoint, body, profile, &facts).map_err(to_js)?;
    json_out(&v)
}

/// `jdmeExplain(codeJson)`: the JSON text of `CatalogueEntry[]`, every seed entry for the code
/// (two for 99990011 and 99990156), empty for an unknown code. `codeJson` is a JSON number or
/// a JSON string of digits.
#[wasm_bindgen(js_name = jdmeExplain)]
pub fn jdme_explain(code: &str) -> Result<String, JsValue> {
    let n = match json_in(code, "code")? {
        Value::String(s) => catalogue::parse_code(&s).ok_or_else(|| arg_error("code must be a non-negative integer"))?,
        Value::Number(f) => {
            let f = f.as_f64().unwrap_or(f64::NAN);
            if !(f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= 9_007_199_254_740_991.0) {
                return Err(arg_error("code must be a non-negative integer"));
            }
            f as i64
        }
        _ => return Err(arg_error("code must be a number or a string of digits")),
    };
    json_out(&catalogue::explain(n))
}

/// `jdmeCatalogue()`: the JSON text of `CatalogueEntry[]`, the whole catalogue in seed order.
#[wasm_bindgen(js_name = jdmeCatalogue)]
pub fn jdme_catalogue() -> Result<String, JsValue> {
    let all: Vec<catalogue::Explained> =
        catalogue::entries().iter().map(|e| catalogue::Explained { entry: *e, retry: e.retry() }).collect();
    json_out(&all)
}

/// `jdmeRuleTable()`: the JSON text of `RuleInfo[]`, in reporting order.
#[wasm_bindgen(js_name = jdmeRuleTable)]
pub fn jdme_rule_table() -> Result<String, JsValue> {
    json_out(&rules::rule_table())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RateRequest {
    endpoint: String,
    /// The body as built (object or JSON text).
    body: Value,
    #[serde(default)]
    profile: Option<rules::Profile>,
}

fn rate_plan(req: &RateRequest) -> Result<Vec<ratelimit::Planned>, JsValue> {
    let endpoint = endpoints::Endpoint::from_name(&req.endpoint)
        .ok_or_else(|| arg_error(format!("unknown endpoint {:?}", req.endpoint)))?;
    let parsed;
    let body = match &req.body {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|e| arg_error(format!("body: {e}")))?;
            &parsed
        }
        v => v,
    };
    ratelimit::plan(endpoint, body, req.profile).map_err(to_js)
}

/// `jdmeRatePlan(requestJson)`: the JSON text of `PlannedKey[]`, the keys
/// `{endpoint, body, profile?}` must pass, in evaluation order, with each limiter's parameters
/// (for a custom store's implementation).
#[wasm_bindgen(js_name = jdmeRatePlan)]
pub fn jdme_rate_plan(request: &str) -> Result<String, JsValue> {
    let req: RateRequest = typed_in(request, "request")?;
    json_out(&rate_plan(&req)?)
}

/// `jdmeRateDecide(statesJson, nowMs, requestJson)`: the JSON text of a `RateDecision`.
/// `states` (JSON `null` for none) maps key → stored state
/// (`{log}`, `{window, prev, curr}` or `{last}`); missing keys are fresh. When `allowed`, store
/// every `updates[i].state` under `updates[i].key` for `updates[i].ttlMs`; when not, store
/// nothing and wait `retryAfterMs`.
#[wasm_bindgen(js_name = jdmeRateDecide)]
pub fn jdme_rate_decide(states: &str, now_ms: f64, request: &str) -> Result<String, JsValue> {
    let now = millis(now_ms, "nowMs")?;
    let req: RateRequest = typed_in(request, "request")?;
    let states: BTreeMap<String, Value> = match json_in(states, "states")? {
        Value::Null => BTreeMap::new(),
        v => BTreeMap::deserialize(&v).map_err(|e| arg_error(format!("states: {e}")))?,
    };
    let plan = rate_plan(&req)?;
    json_out(&ratelimit::decide(&plan, &states, now).map_err(to_js)?)
}

/// What `jdmePrepare` needs beside the input: the build context, plus what keys the plan.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PrepareCtx {
    app_id: String,
    now_ms: u64,
    request_id: String,
    #[serde(default)]
    robot_id: Option<String>,
    #[serde(default)]
    profile: Option<rules::Profile>,
    /// Prepended to every planned key (the store's namespace).
    #[serde(default)]
    key_prefix: String,
}

/// `jdmePrepare(endpoint, inputJson, ctxJson): string`: everything a send needs, in one call,
/// as three parts split at their first two newlines: the body as JSON text (compact JSON never
/// holds a raw newline), the requestId (empty for the token fetches; escaped like a key), then
/// the rate plan in the lines of `ratelimit::lines` (keys prefixed, without the logs another
/// key makes redundant: `ratelimit::without_dominated`).
/// `ctx` is `{appId, nowMs, requestId, robotId?, profile?, keyPrefix?}`; the suite APIs plan no
/// keys (they document no quota). Errors as `jdmeBuild`.
#[wasm_bindgen(js_name = jdmePrepare)]
pub fn jdme_prepare(endpoint: &str, input: &str, ctx: &str) -> Result<String, JsValue> {
    let input: Value = serde_json::from_str(input).map_err(|e| arg_error(format!("input: {e}")))?;
    let ctx: PrepareCtx = serde_json::from_str(ctx).map_err(|e| arg_error(format!("ctx: {e}")))?;
    millis(ctx.now_ms as f64, "ctx.nowMs")?;
    let build = envelope::Context { app_id: ctx.app_id, now_ms: ctx.now_ms, request_id: Some(ctx.request_id), robot_id: ctx.robot_id };
    let body = builders::build(endpoint, &input, Some(&build)).map_err(to_js)?;
    let keys = match endpoints::Endpoint::from_name(endpoint) {
        Some(e) => ratelimit::without_dominated(ratelimit::plan(e, &body, ctx.profile).map_err(to_js)?),
        None => Vec::new(),
    };
    let mut out = serde_json::to_string(&body).map_err(|e| arg_error(format!("output: {e}")))?;
    out.push('\n');
    if let Some(id) = body.get("requestId").and_then(Value::as_str) {
        ratelimit::lines::push_escaped(&mut out, id);
    }
    out.push('\n');
    ratelimit::lines::write(&mut out, &keys, &ctx.key_prefix);
    Ok(out)
}

/// The limiter states of one process (`ratelimit::RateBook`), for `MemoryStore` and the
/// simulator. Keys come in as the lines of `ratelimit::lines`.
#[wasm_bindgen(js_name = RateBook)]
pub struct JsRateBook(ratelimit::RateBook);

#[wasm_bindgen(js_class = RateBook)]
impl JsRateBook {
    #[wasm_bindgen(constructor)]
    pub fn new(capacity: u32) -> JsRateBook {
        JsRateBook(ratelimit::RateBook::new(capacity as usize))
    }

    /// `""` when allowed, else the JSON text `[[index, retryAfterMs], …]` of the refusing keys.
    pub fn decide(&mut self, keys: &str, now_ms: f64, commit: bool) -> Result<String, JsValue> {
        let now = millis(now_ms, "nowMs")?;
        let keys = self.0.keys(keys).map_err(to_js)?;
        let d = self.0.decide(&keys, now, commit).map_err(to_js)?;
        if d.allowed {
            return Ok(String::new());
        }
        serde_json::to_string(&d.denied).map_err(|e| arg_error(format!("output: {e}")))
    }

    pub fn settle(&mut self, keys: &str, sent_ms: f64, done_ms: f64) -> Result<(), JsValue> {
        let sent = millis(sent_ms, "sentMs")?;
        let done = millis(done_ms, "doneMs")?;
        let keys = self.0.keys(keys).map_err(to_js)?;
        self.0.settle(&keys, sent, done).map_err(to_js)
    }

    /// The JSON text of `key`'s live state, or undefined.
    pub fn peek(&self, key: &str) -> Option<String> {
        self.0.peek(key).and_then(|s| serde_json::to_string(&s).ok())
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.0.len() as u32
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OneOutcome {
    allowed: bool,
    retry_after_ms: u64,
    state: Option<ratelimit::State>,
    ttl_ms: u64,
}

/// `jdmeRateDecideOne(paramsJson, stateJson, nowMs)`: the JSON text of
/// `{allowed, retryAfterMs, state, ttlMs}` for one limiter and one key (the unit the test
/// vectors in `tests/fixtures/jdme/ratelimit_vectors.json` describe). `params` is
/// `{algorithm: "log"|"window"|"duplicate", limit, windowMs, offsetMs?}`; `state` is JSON `null`
/// for a fresh key.
#[wasm_bindgen(js_name = jdmeRateDecideOne)]
pub fn jdme_rate_decide_one(params: &str, state: &str, now_ms: f64) -> Result<String, JsValue> {
    let now = millis(now_ms, "nowMs")?;
    let p: ratelimit::Params = typed_in(params, "params")?;
    let s = match json_in(state, "state")? {
        Value::Null => None,
        v => Some(ratelimit::State::from_value(p.algorithm, &v).map_err(to_js)?),
    };
    let o = ratelimit::decide_one(&p, s.as_ref(), now).map_err(to_js)?;
    json_out(&OneOutcome { allowed: o.allowed, retry_after_ms: o.retry_after_ms, state: o.state, ttl_ms: o.ttl_ms })
}

/// The platform's side of `jdme::crypto` (the simulator, tests, `robotwire jdme encrypt`):
/// kept out of the webhook module, which only ever decrypts.
/// Encrypts UTF-8 `plaintext` with a caller-supplied 16-byte IV; returns the `encrypt` value.
#[wasm_bindgen(js_name = jdmeEncrypt)]
pub fn jdme_encrypt(encrypt_key: &str, plaintext: &[u8], iv: &[u8]) -> Result<String, JsValue> {
    crate::jdme::crypto::EventCipher::new(encrypt_key).and_then(|c| c.encrypt(plaintext, iv)).map_err(to_js)
}
