//! Typed parsers for every inbound socket.io frame: `message` (3.2 and the callbacks of
//! 3.4–3.7), `chat` (3.3) and `action` (results of 3.7–3.23 and the events 3.8
//! `robot.on.new.friend.request` and 3.22 `robot.group.members.changed`).
//!
//! Tolerant of the doc's own variations (string vs number, `sendStatus`/`sentStatus`,
//! `companyId`/`corpanyId`, `members`/`friends`), strict about garbage: a payload that is not
//! an object, or misses what identifies it (`chatId`, `content.contentType`, `type`), is a
//! typed error. Every id is returned as a string, exactly as sent (no 2^53 rounding): pass the
//! raw JSON text, not a re-serialised JavaScript object, to keep big ids intact.
//!
//! Layout: this file parses `message` and `chat` frames; `action.rs` the `action` frames.

use serde::Serialize;
use serde_json::{Map, Value};

use super::value::{parse_json, Reader};
use super::endpoints::{unknown_kind, ActionType};
use crate::error::{Error, ErrorKind, Result};

mod action;

pub use action::*;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", content = "data", rename_all = "lowercase")]
pub enum Frame {
    Message(Message),
    Chat(Chat),
    Action(Action),
}

/// Parses one frame. `event` is the socket.io event name (`message`, `chat`, `action`) and
/// `json` its payload; with an empty `event`, `json` is the whole frame `[event, payload]`.
pub fn parse_frame(event: &str, json: &str) -> Result<Frame> {
    let v = parse_json(json, "frame")?;
    let event = event.trim();
    if event.is_empty() {
        match v.as_array().map(Vec::as_slice) {
            Some([Value::String(e), payload]) => frame_value(e, payload),
            _ => Err(Error::new(ErrorKind::InvalidJson, "frame: expected [event, payload] when no event is given")),
        }
    } else {
        frame_value(event, &v)
    }
}

pub fn frame_value(event: &str, payload: &Value) -> Result<Frame> {
    match event {
        "message" => message(&Reader::new(payload, "message")?).map(Frame::Message),
        "chat" => chat(&Reader::new(payload, "chat")?).map(Frame::Chat),
        "action" => action(&Reader::new(payload, "action")?).map(Frame::Action),
        other => Err(unknown_kind("socket.io event", other)),
    }
}

// ---- message ----------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub message_id: Option<String>,
    /// Needed to forward the message (3.7). A string here; the forward builder takes either.
    #[serde(rename = "msgSvrID")]
    pub msg_svr_id: Option<String>,
    pub timestamp: Option<i64>,
    pub robot_key: Option<String>,
    pub chat_id: String,
    pub chat_name: Option<String>,
    pub chat_user: Option<String>,
    pub from: Option<Sender>,
    pub is_group_chat: Option<bool>,
    pub content: Content,
    pub assign_to: Option<String>,
    /// 2.11 only (robot-sent messages): 0 unsent (retryable), 1 sent, 2 failed. The table
    /// spells it `sentStatus`, the example `sendStatus`; both are read.
    pub send_status: Option<i64>,
    /// `unsent` | `sent` | `failed` | `unknown`.
    pub send_state: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sender {
    pub contact_id: String,
    pub nick_name: Option<String>,
    pub head_img: Option<String>,
    pub is_group_contact: Option<bool>,
    /// True for the robot's own messages (the callbacks of 3.4).
    pub is_self: bool,
}

/// Message content. `kind` by `contentType`: 1 `text`, 2 `sentFromPhone` (sent from the
/// enterprise-WeChat phone app), 3 and 7 `image` (the 2.11 example uses 3 with `pic`, the 3.2
/// table 7), 5 `video`, 8 `file`, 9 `voice`, 13 `link`, 29 `emoji`, 78 `miniProgram`, other
/// `unknown`. Fields not listed here are kept in `extra`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    pub kind: &'static str,
    pub content_type: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Text only: the @-mentioned ids (the wire's comma-separated string, split and trimmed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_user_list: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover_img_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_head_img: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

pub fn content_kind(ct: i64) -> &'static str {
    match ct {
        1 => "text",
        2 => "sentFromPhone",
        3 | 7 => "image",
        5 => "video",
        8 => "file",
        9 => "voice",
        13 => "link",
        29 => "emoji",
        78 => "miniProgram",
        _ => "unknown",
    }
}

pub fn send_state(s: i64) -> &'static str {
    match s {
        0 => "unsent",
        1 => "sent",
        2 => "failed",
        _ => "unknown",
    }
}

pub fn robot_state(s: i64) -> &'static str {
    match s {
        0 => "initializing",
        1 => "online",
        2 => "offline",
        3 => "banned",
        4 => "kicked",
        _ => "unknown",
    }
}

fn content(r: &Reader<'_>) -> Result<Content> {
    const KNOWN: [&str; 12] = [
        "contentType", "content", "atUserList", "pic", "fileName", "title", "link", "description", "coverImgFile",
        "senderName", "senderHeadImg", "logo",
    ];
    let ct = r.int_req("contentType")?;
    let kind = content_kind(ct);
    let at_user_list = match r.get("atUserList") {
        None => None,
        Some(Value::Array(_)) => Some(r.ids("atUserList")?),
        Some(_) => {
            let s = r.str_req("atUserList")?;
            Some(s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect())
        }
    };
    let text = r.str_opt("content")?;
    if kind == "text" && text.is_none() {
        return Err(Error::new(ErrorKind::MissingField, format!("{} is missing (text message)", r.field("content"))));
    }
    Ok(Content {
        kind,
        content_type: ct,
        content: text,
        at_user_list,
        pic: r.str_opt("pic")?,
        file_name: r.str_opt("fileName")?,
        title: r.str_opt("title")?,
        link: r.str_opt("link")?,
        description: r.str_opt("description")?,
        cover_img_file: r.str_opt("coverImgFile")?,
        sender_name: r.str_opt("senderName")?,
        sender_head_img: r.str_opt("senderHeadImg")?,
        logo: r.str_opt("logo")?,
        extra: r.extra(&KNOWN),
    })
}

fn sender(r: &Reader<'_>) -> Result<Sender> {
    Ok(Sender {
        contact_id: r.id_req("contactId")?,
        nick_name: r.str_opt("nickName")?,
        head_img: r.str_opt("headImg")?,
        is_group_contact: r.flag_opt("isGroupContact")?,
        is_self: r.flag_opt("isSelf")?.unwrap_or(false),
    })
}

/// A `message` frame payload, or one item of the 2.11 chat history.
pub fn message(r: &Reader<'_>) -> Result<Message> {
    let status_key = r.first(&["sendStatus", "sentStatus"]);
    let send_status = r.int_opt(status_key)?;
    Ok(Message {
        message_id: r.id_opt("messageId")?,
        msg_svr_id: r.id_opt("msgSvrID")?,
        timestamp: r.int_opt("timestamp")?,
        robot_key: r.str_opt("robotKey")?,
        chat_id: r.str_req("chatId")?,
        chat_name: r.str_opt("chatName")?,
        chat_user: r.id_opt("chatUser")?,
        from: r.obj_opt("from")?.map(|f| sender(&f)).transpose()?,
        is_group_chat: r.flag_opt("isGroupChat")?,
        content: content(&r.obj_req("content")?)?,
        assign_to: r.str_opt("assignTo")?,
        send_status,
        send_state: send_status.map(send_state),
    })
}

// ---- chat -------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chat {
    pub chat_id: String,
    pub chat_name: Option<String>,
    pub chat_user: Option<String>,
    pub chat_head_img: Option<String>,
    /// 1 group / 0 private in chat frames and lists (unlike mass-send's 1 friends / 2 groups).
    pub is_group_chat: Option<bool>,
    pub last_msg_active: Option<i64>,
    /// Typed String in the 2.10 table, a number in every example; both are read.
    pub unread_count: Option<i64>,
    pub bot_info: Option<BotInfo>,
    pub push_content: Option<String>,
    pub assign_to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BotInfo {
    pub robot_key: Option<String>,
    pub wxid: Option<String>,
    pub nick_name: Option<String>,
    pub head_img: Option<String>,
    pub robot_status: Option<i64>,
    /// `initializing` | `online` | `offline` | `banned` | `kicked` | `unknown`.
    pub robot_state: Option<&'static str>,
}

/// A `chat` frame payload, or one item of the 2.10 chat list.
pub fn chat(r: &Reader<'_>) -> Result<Chat> {
    let bot_info = match r.obj_opt("botInfo")? {
        None => None,
        Some(b) => {
            let status = b.int_opt("robotStatus")?;
            Some(BotInfo {
                robot_key: b.str_opt("robotKey")?,
                wxid: b.id_opt("wxid")?,
                nick_name: b.str_opt("nickName")?,
                head_img: b.str_opt("headImg")?,
                robot_status: status,
                robot_state: status.map(robot_state),
            })
        }
    };
    Ok(Chat {
        chat_id: r.str_req("chatId")?,
        chat_name: r.str_opt("chatName")?,
        chat_user: r.id_opt("chatUser")?,
        chat_head_img: r.str_opt("chatHeadImg")?,
        is_group_chat: r.flag_opt("isGroupChat")?,
        last_msg_active: r.int_opt("lastMsgActive")?,
        unread_count: r.int_opt("unreadCount")?,
        bot_info,
        push_content: r.str_opt("pushContent")?,
        assign_to: r.str_opt("assignTo")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_text_with_mentions() {
        let f = parse_frame(
            "message",
            r#"{"messageId":"1","timestamp":1585024550000,"robotKey":"rk","chatId":"S:1_R:2","chatName":"g",
                "from":{"contactId":"1688853470825570","nickName":"n","headImg":"h","isGroupContact":1},
                "isGroupChat":1,"content":{"contentType":1,"content":"get","atUserList":"7881299823, 1688853470"},"assignTo":"x"}"#,
        )
        .unwrap();
        let Frame::Message(m) = f else { panic!() };
        assert_eq!(m.content.kind, "text");
        assert_eq!(m.content.at_user_list, Some(vec!["7881299823".to_string(), "1688853470".to_string()]));
        assert_eq!(m.is_group_chat, Some(true));
        assert!(!m.from.unwrap().is_self);
    }

    #[test]
    fn whole_frame_array() {
        let f = parse_frame("", r#"["chat",{"chatId":"S:1_2","unreadCount":"3","isGroupChat":0}]"#).unwrap();
        let Frame::Chat(c) = f else { panic!() };
        assert_eq!(c.unread_count, Some(3));
        assert_eq!(c.is_group_chat, Some(false));
        assert!(parse_frame("", r#"{"chatId":"x"}"#).is_err());
        assert!(parse_frame("", r#"["nope",{}]"#).is_err());
    }

    #[test]
    fn garbage_is_typed_error() {
        let cases: [(&str, &str, ErrorKind); 9] = [
            ("message", "", ErrorKind::InvalidJson),
            ("message", "[]", ErrorKind::InvalidJson),
            ("message", "{}", ErrorKind::MissingField),
            ("message", r#"{"chatId":"x"}"#, ErrorKind::MissingField),
            ("message", r#"{"chatId":"x","content":{"contentType":"abc"}}"#, ErrorKind::InvalidField),
            ("message", r#"{"chatId":"x","content":{"contentType":1}}"#, ErrorKind::MissingField),
            ("chat", r#"{"chatId":{}}"#, ErrorKind::InvalidField),
            ("action", r#"{"code":"0"}"#, ErrorKind::MissingField),
            ("action", r#"{"type":"robot.tags.sync","groupLabels":[{"name":"x"}]}"#, ErrorKind::MissingField),
        ];
        for (ev, json, kind) in cases {
            assert_eq!(parse_frame(ev, json).unwrap_err().kind, kind, "{json}");
        }
        assert_eq!(parse_frame("heart", "{}").unwrap_err().kind, ErrorKind::InvalidArgument);
    }

    #[test]
    fn unknown_action_and_content_are_kept() {
        let f = parse_frame("action", r#"{"type":"robot.future.thing","code":0,"x":1}"#).unwrap();
        let Frame::Action(a) = f else { panic!() };
        assert!(!a.known);
        assert!(a.ok);
        assert_eq!(a.code.as_deref(), Some("0"));
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["data"]["x"], 1);
        let f = parse_frame("message", r#"{"chatId":"x","content":{"contentType":99,"weird":true}}"#).unwrap();
        let Frame::Message(m) = f else { panic!() };
        assert_eq!(m.content.kind, "unknown");
        assert_eq!(m.content.extra.get("weird"), Some(&Value::Bool(true)));
    }

    #[test]
    fn deep_nesting_does_not_panic() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_frame("message", &deep).is_err());
        let labels = format!(
            r#"{{"type":"robot.tags.sync","groupLabels":[{}{}]}}"#,
            r#"{"labelId":1,"subLabelList":["#.repeat(60),
            "]}".repeat(60)
        );
        // 60 levels of labels is within serde_json's recursion limit and parses.
        assert!(parse_frame("action", &labels).is_ok());
    }
}
