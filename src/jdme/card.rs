//! Answers to card interaction callbacks (seed `000_…`, 事件订阅 / 简介, 交互协议).
//!
//! Unlike every other JD ME envelope, success here is `code: 1` ("1: 表示成功， 非1 表示失败").

//! Built on `crate::json` rather than serde: this module ships in the webhook wasm, where
//! serde's derives and error formatting cost more than everything else (see `json`). The
//! checks are the ones the derives made: required members, types, no unknown members.
//! `cardData` and `callbackData` pass through as their (validated) text: input order, numbers
//! as written, strings as escaped (a lone surrogate `JSON.stringify` wrote stays as it was).

use std::borrow::Cow;

use crate::error::{Error, ErrorKind, Result};
use crate::json::{self, Value};

/// Card callbacks answer `code: 1` on success, not 0.
pub const CARD_SUCCESS_CODE: i64 = 1;

/// An object's JSON text, braces included, validated.
type Members<'a> = &'a str;

/// reqType 1: update the card the user acted on.
#[derive(Debug, Clone)]
pub struct UpdateCard<'a> {
    pub card_msg_id: Cow<'a, str>,
    /// Data merged into the card template.
    pub card_data: Members<'a>,
    pub forward: Option<Forward<'a>>,
    pub callback_data: Option<Value<'a>>,
    pub msg: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone)]
pub struct Forward<'a> {
    pub reload: bool,
    pub card_data: Members<'a>,
}

/// reqType 2: tell the client what to show (toast) and where to go next (link).
#[derive(Debug, Clone, Default)]
pub struct Interaction<'a> {
    pub prompt_info: Option<PromptInfo<'a>>,
    pub action: Option<Action<'a>>,
    pub msg: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone)]
pub struct PromptInfo<'a> {
    /// Only "toast" is documented.
    pub kind: Cow<'a, str>,
    pub style: ToastStyle,
    pub content: Cow<'a, str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastStyle {
    Success,
    Info,
    Error,
    Warn,
}

impl ToastStyle {
    const ALL: [(ToastStyle, &'static str); 4] =
        [(ToastStyle::Success, "success"), (ToastStyle::Info, "info"), (ToastStyle::Error, "error"), (ToastStyle::Warn, "warn")];

    fn id(self) -> &'static str {
        Self::ALL.iter().find(|(s, _)| *s == self).map_or("info", |(_, id)| id)
    }
}

#[derive(Debug, Clone)]
pub struct Action<'a> {
    /// Only "link" is documented.
    pub kind: Cow<'a, str>,
    pub link_info: LinkInfo<'a>,
}

/// Per-client URLs (`default` is used by clients without their own entry), in this order.
pub const LINK_CLIENTS: [&str; 7] = ["default", "pc", "ios", "android", "mac", "ipad", "apad"];

#[derive(Debug, Clone, Default)]
pub struct LinkInfo<'a> {
    /// The URL per client of [`LINK_CLIENTS`].
    pub urls: [Option<Cow<'a, str>>; 7],
}

impl LinkInfo<'_> {
    fn is_empty(&self) -> bool {
        self.urls.iter().all(|u| u.as_deref().map_or(true, str::is_empty))
    }
}

// ---------------------------------------------------------------- reading (the JS object as JSON)

fn bad(detail: String) -> Error {
    Error::new(ErrorKind::InvalidArgument, detail)
}

/// The object `text`'s members `names`, refusing unknown ones and duplicates.
fn object<'a, const N: usize>(text: &'a str, path: &str, names: [&'static str; N]) -> Result<[Option<Value<'a>>; N]> {
    let mut out: [Option<Value<'a>>; N] = core::array::from_fn(|_| None);
    read_object(text, path, &names, &mut out)?;
    Ok(out)
}

// The part that is not generic over N (one copy in the module).
fn read_object<'a>(text: &'a str, path: &str, names: &[&'static str], out: &mut [Option<Value<'a>>]) -> Result<()> {
    json::pick_into(text.as_bytes(), names, out, json::Others::Deny).map_err(|e| match e {
        json::PickError::NotObject(kind) => bad(format!("{path} must be an object, not {kind}")),
        json::PickError::Syntax(e) => bad(format!("{path}: not JSON: {e}")),
        other => bad(format!("{path}: {other}")),
    })
}

/// `null` counts as absent, as it did with serde's `Option`.
fn present(v: Option<Value<'_>>) -> Option<Value<'_>> {
    v.filter(|v| *v != Value::Null)
}

fn string<'a>(v: Option<Value<'a>>, path: &str) -> Result<Option<Cow<'a, str>>> {
    match present(v) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(bad(format!("{path} must be a string, not {}", other.kind()))),
    }
}

fn required<T>(v: Option<T>, path: &str) -> Result<T> {
    v.ok_or_else(|| bad(format!("{path} is missing")))
}

/// An object member's text (for pass-through and for reading its own members).
fn members<'a>(v: Value<'a>, path: &str) -> Result<Members<'a>> {
    match v {
        Value::Object(text) => Ok(text),
        other => Err(bad(format!("{path} must be an object, not {}", other.kind()))),
    }
}

impl<'a> UpdateCard<'a> {
    /// Reads the answer a card handler returned (`JSON.stringify` of `CardUpdateAnswer`).
    pub fn from_json(text: &'a str) -> Result<Self> {
        let [id, data, forward, callback, msg] = object(text, "update-card answer", ["cardMsgId", "cardData", "forward", "callbackData", "msg"])?;
        let forward = match present(forward) {
            None => None,
            Some(f) => {
                let [reload, data] = object(members(f, "forward")?, "forward", ["reload", "cardData"])?;
                let reload = match required(present(reload), "forward.reload")? {
                    Value::Bool(b) => b,
                    other => return Err(bad(format!("forward.reload must be a boolean, not {}", other.kind()))),
                };
                let card_data = present(data).map(|d| members(d, "forward.cardData")).transpose()?.unwrap_or("{}");
                Some(Forward { reload, card_data })
            }
        };
        Ok(UpdateCard {
            card_msg_id: required(string(id, "cardMsgId")?, "cardMsgId")?,
            card_data: members(required(present(data), "cardData")?, "cardData")?,
            forward,
            callback_data: present(callback),
            msg: string(msg, "msg")?,
        })
    }
}

impl<'a> Interaction<'a> {
    /// Reads the answer a card handler returned (`JSON.stringify` of `CardInteractionAnswer`).
    pub fn from_json(text: &'a str) -> Result<Self> {
        let [prompt, action, msg] = object(text, "interaction answer", ["promptInfo", "action", "msg"])?;
        let prompt_info = match present(prompt) {
            None => None,
            Some(p) => {
                let [kind, style, content] = object(members(p, "promptInfo")?, "promptInfo", ["type", "style", "content"])?;
                let style_id = required(string(style, "promptInfo.style")?, "promptInfo.style")?;
                let style = ToastStyle::ALL.iter().find(|(_, id)| *id == style_id).map(|(s, _)| *s).ok_or_else(|| {
                    bad("promptInfo.style must be one of \"success\", \"info\", \"error\", \"warn\"".to_owned())
                })?;
                Some(PromptInfo {
                    kind: string(kind, "promptInfo.type")?.unwrap_or(Cow::Borrowed("toast")),
                    style,
                    content: required(string(content, "promptInfo.content")?, "promptInfo.content")?,
                })
            }
        };
        let action = match present(action) {
            None => None,
            Some(a) => {
                let [kind, link] = object(members(a, "action")?, "action", ["type", "linkInfo"])?;
                let link = members(required(present(link), "action.linkInfo")?, "action.linkInfo")?;
                let found = object(link, "action.linkInfo", LINK_CLIENTS)?;
                let mut urls: [Option<Cow<'a, str>>; 7] = Default::default();
                for ((slot, v), client) in urls.iter_mut().zip(found).zip(LINK_CLIENTS) {
                    *slot = string(v, client)?;
                }
                Some(Action { kind: string(kind, "action.type")?.unwrap_or(Cow::Borrowed("link")), link_info: LinkInfo { urls } })
            }
        };
        Ok(Interaction { prompt_info, action, msg: string(msg, "msg")? })
    }
}

// ---------------------------------------------------------------- writing

/// `{"code":1,"msg":…,"data":{…}}` around the data members written by `data`.
fn render(msg: Option<&str>, data: impl FnOnce(&mut Writer)) -> String {
    let mut w = Writer { out: String::from("{\"code\":1,\"msg\":"), first: true };
    json::write_str(&mut w.out, msg.unwrap_or("操作成功！"));
    w.out.push_str(",\"data\":{");
    data(&mut w);
    w.out.push_str("}}");
    w.out
}

/// Writes the members of one object, commas included.
struct Writer {
    out: String,
    first: bool,
}

impl Writer {
    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        json::write_str(&mut self.out, k);
        self.out.push(':');
        &mut self.out
    }

    fn str(&mut self, k: &str, v: &str) {
        json::write_str(self.key(k), v);
    }

    fn value(&mut self, k: &str, v: &Value<'_>) {
        v.write(self.key(k));
    }

    fn object(&mut self, k: &str, inner: impl FnOnce(&mut Writer)) {
        self.key(k).push('{');
        let mut w = Writer { out: core::mem::take(&mut self.out), first: true };
        inner(&mut w);
        self.out = w.out;
        self.out.push('}');
    }

    fn members(&mut self, k: &str, m: Members<'_>) {
        self.key(k).push_str(m);
    }
}

/// The JSON body answering a reqType 1 callback.
pub fn update_card_answer(a: &UpdateCard<'_>) -> Result<String> {
    if a.card_msg_id.is_empty() {
        return Err(Error::new(ErrorKind::InvalidArgument, "cardMsgId must not be empty"));
    }
    Ok(render(a.msg.as_deref(), |w| {
        w.str("cardMsgId", &a.card_msg_id);
        w.members("cardData", a.card_data);
        if let Some(f) = &a.forward {
            w.object("forward", |w| {
                w.key("reload").push_str(if f.reload { "true" } else { "false" });
                w.members("cardData", f.card_data);
            });
        }
        if let Some(c) = &a.callback_data {
            w.value("callbackData", c);
        }
    }))
}

/// The JSON body answering a reqType 2 callback.
pub fn interaction_answer(a: &Interaction<'_>) -> Result<String> {
    if let Some(p) = &a.prompt_info {
        if p.kind != "toast" {
            return Err(Error::new(ErrorKind::InvalidArgument, "promptInfo.type must be \"toast\""));
        }
    }
    if let Some(act) = &a.action {
        if act.kind != "link" {
            return Err(Error::new(ErrorKind::InvalidArgument, "action.type must be \"link\""));
        }
        if act.link_info.is_empty() {
            return Err(Error::new(ErrorKind::InvalidArgument, "action.linkInfo needs at least one URL"));
        }
    }
    Ok(render(a.msg.as_deref(), |w| {
        if let Some(p) = &a.prompt_info {
            w.object("promptInfo", |w| {
                w.str("type", &p.kind);
                w.str("style", p.style.id());
                w.str("content", &p.content);
            });
        }
        if let Some(act) = &a.action {
            w.object("action", |w| {
                w.str("type", &act.kind);
                w.object("linkInfo", |w| {
                    for (client, url) in LINK_CLIENTS.iter().zip(&act.link_info.urls) {
                        if let Some(u) = url {
                            w.str(client, u);
                        }
                    }
                });
            });
        }
    }))
}

/// A failure answer (`code` ≠ 1) so the client shows `msg`.
pub fn failure_answer(msg: &str) -> String {
    let mut out = String::from("{\"code\":0,\"msg\":");
    json::write_str(&mut out, msg);
    out.push_str(",\"data\":null}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value as J;

    #[test]
    fn update_card_shape() {
        let text = r#"{"cardMsgId":"c1","cardData":{"k":1,"b":[true]},"forward":{"reload":true,"cardData":{}},"callbackData":null}"#;
        let out = update_card_answer(&UpdateCard::from_json(text).unwrap()).unwrap();
        assert_eq!(out, r#"{"code":1,"msg":"操作成功！","data":{"cardMsgId":"c1","cardData":{"k":1,"b":[true]},"forward":{"reload":true,"cardData":{}}}}"#);
        let v: J = serde_json::from_str(&out).unwrap();
        assert_eq!(v["data"]["forward"]["reload"], true);
        for (bad_text, needle) in [
            (r#"{"cardData":{}}"#, "cardMsgId is missing"),
            (r#"{"cardMsgId":"c","cardData":[]}"#, "cardData must be an object, not an array"),
            (r#"{"cardMsgId":"c","cardData":{},"extra":1}"#, "unknown field `extra`"),
            (r#"{"cardMsgId":"c","cardData":{},"forward":{"cardData":{}}}"#, "forward.reload is missing"),
            (r#"{"cardMsgId":7,"cardData":{}}"#, "cardMsgId must be a string, not a number"),
            ("[", "not JSON"),
        ] {
            let e = UpdateCard::from_json(bad_text).unwrap_err();
            assert!(e.detail.contains(needle), "{bad_text}: {}", e.detail);
        }
        let empty = UpdateCard::from_json(r#"{"cardMsgId":"","cardData":{}}"#).unwrap();
        assert!(update_card_answer(&empty).is_err());
    }

    #[test]
    fn interaction_shape_and_checks() {
        let a = Interaction::from_json(r#"{"promptInfo":{"style":"warn","content":"do\"ne"},"action":{"linkInfo":{"pc":"http://example.invalid","default":"jdme://"}},"msg":"ok"}"#).unwrap();
        let out = interaction_answer(&a).unwrap();
        assert_eq!(
            out,
            r#"{"code":1,"msg":"ok","data":{"promptInfo":{"type":"toast","style":"warn","content":"do\"ne"},"action":{"type":"link","linkInfo":{"default":"jdme://","pc":"http://example.invalid"}}}}"#
        );
        assert!(Interaction::from_json(r#"{"promptInfo":{"style":"loud","content":""}}"#).is_err());
        assert!(Interaction::from_json(r#"{"action":{"linkInfo":{"web":"x"}}}"#).is_err());
        let empty = Interaction::from_json(r#"{"action":{"linkInfo":{}}}"#).unwrap();
        assert!(interaction_answer(&empty).is_err());
        let other = Interaction::from_json(r#"{"promptInfo":{"type":"modal","style":"info","content":"x"}}"#).unwrap();
        assert!(interaction_answer(&other).is_err());
        assert_eq!(interaction_answer(&Interaction::from_json("{}").unwrap()).unwrap(), r#"{"code":1,"msg":"操作成功！","data":{}}"#);
    }

    #[test]
    fn failure_answer_escapes() {
        let v: J = serde_json::from_str(&failure_answer("bad \"x\"\n")).unwrap();
        assert_eq!((v["code"].as_i64(), v["msg"].as_str(), v["data"].is_null()), (Some(0), Some("bad \"x\"\n"), true));
    }
}
