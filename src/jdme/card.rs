//! Answers to card interaction callbacks (seed `000_…`, 事件订阅 / 简介, 交互协议).
//!
//! Unlike every other JD ME envelope, success here is `code: 1` ("1: 表示成功， 非1 表示失败").

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// Card callbacks answer `code: 1` on success, not 0.
pub const CARD_SUCCESS_CODE: i64 = 1;

/// reqType 1: update the card the user acted on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCard {
    pub card_msg_id: String,
    /// Data merged into the card template.
    pub card_data: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward: Option<Forward>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_data: Option<Value>,
    #[serde(default, skip_serializing)]
    pub msg: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Forward {
    pub reload: bool,
    #[serde(default)]
    pub card_data: Map<String, Value>,
}

/// reqType 2: tell the client what to show (toast) and where to go next (link).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Interaction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_info: Option<PromptInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    #[serde(default, skip_serializing)]
    pub msg: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PromptInfo {
    /// Only "toast" is documented.
    #[serde(rename = "type", default = "toast")]
    pub kind: String,
    pub style: ToastStyle,
    pub content: String,
}

fn toast() -> String {
    "toast".into()
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ToastStyle {
    Success,
    Info,
    Error,
    Warn,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Action {
    /// Only "link" is documented.
    #[serde(rename = "type", default = "link")]
    pub kind: String,
    pub link_info: LinkInfo,
}

fn link() -> String {
    "link".into()
}

/// Per-client URLs; `default` is used by clients without their own entry.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ios: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub android: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipad: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apad: Option<String>,
}

impl LinkInfo {
    fn is_empty(&self) -> bool {
        [&self.default, &self.pc, &self.ios, &self.android, &self.mac, &self.ipad, &self.apad]
            .iter()
            .all(|u| u.as_deref().map_or(true, str::is_empty))
    }
}

#[derive(Serialize)]
struct Answer<'a, T: Serialize> {
    code: i64,
    msg: &'a str,
    data: &'a T,
}

fn render<T: Serialize>(msg: Option<&str>, data: &T) -> Result<String> {
    serde_json::to_string(&Answer { code: CARD_SUCCESS_CODE, msg: msg.unwrap_or("操作成功！"), data })
        .map_err(|e| Error::new(ErrorKind::InvalidArgument, e.to_string()))
}

/// The JSON body answering a reqType 1 callback.
pub fn update_card_answer(a: &UpdateCard) -> Result<String> {
    if a.card_msg_id.is_empty() {
        return Err(Error::new(ErrorKind::InvalidArgument, "cardMsgId must not be empty"));
    }
    render(a.msg.as_deref(), a)
}

/// The JSON body answering a reqType 2 callback.
pub fn interaction_answer(a: &Interaction) -> Result<String> {
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
    render(a.msg.as_deref(), a)
}

/// A failure answer (`code` ≠ 1) so the client shows `msg`.
pub fn failure_answer(msg: &str) -> String {
    serde_json::json!({ "code": 0, "msg": msg, "data": null }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_card_shape() {
        let a: UpdateCard = serde_json::from_value(serde_json::json!({
            "cardMsgId": "c1", "cardData": {"k": 1}, "forward": {"reload": true, "cardData": {}}
        }))
        .unwrap();
        let v: Value = serde_json::from_str(&update_card_answer(&a).unwrap()).unwrap();
        assert_eq!(v["code"], 1);
        assert_eq!(v["data"]["cardMsgId"], "c1");
        assert_eq!(v["data"]["forward"]["reload"], true);
        assert!(v["data"].get("callbackData").is_none());
    }

    #[test]
    fn interaction_shape_and_checks() {
        let a: Interaction = serde_json::from_value(serde_json::json!({
            "promptInfo": {"style": "warn", "content": "done"},
            "action": {"linkInfo": {"default": "jdme://", "pc": "http://example.invalid"}}
        }))
        .unwrap();
        let v: Value = serde_json::from_str(&interaction_answer(&a).unwrap()).unwrap();
        assert_eq!(v["code"], 1);
        assert_eq!(v["data"]["promptInfo"]["type"], "toast");
        assert_eq!(v["data"]["action"]["type"], "link");
        assert!(serde_json::from_value::<Interaction>(serde_json::json!({"promptInfo": {"style": "loud", "content": ""}})).is_err());
        let empty: Interaction = serde_json::from_value(serde_json::json!({"action": {"linkInfo": {}}})).unwrap();
        assert!(interaction_answer(&empty).is_err());
    }
}
