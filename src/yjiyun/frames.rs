//! Builders for every outbound socket.io frame: message sends (3.4 text, 3.5 image, 3.6 link,
//! 3.10 file, 3.24 video; event `message`) and actions (3.7–3.23; event `action`).
//!
//! Output frames are exactly the doc's examples: `["message", {message, chatId, messageId}]`
//! and `["action", {type, robotKey, messageId, …}]`. The doc prints 3.11 onwards without the
//! `["action", …]` wrapper; they are actions like 3.7–3.9 and travel on the same event.
//!
//! Id spelling follows the doc per field: strings where it shows strings (`userId`,
//! `friendWxid`, `tags`, `admins`, forward `friends`), numbers where it shows numbers
//! (`members`, invite `friends`, `memberWxids`, user ids in `contacts`, `msgSvrID`).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::rules::Violation;
use super::endpoints::{unknown_kind, ActionType, Kind, SendType};
use super::input::{gate, input, BuildError, Id};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuiltFrame {
    /// `message.text`, `robot.cust.tags`, …
    pub kind: &'static str,
    /// socket.io event name: `message` or `action`.
    pub event: &'static str,
    /// `[event, payload]`, ready for `socket.emit(frame[0], frame[1])`.
    pub frame: Value,
    /// The frame's messageId, for matching the result callback.
    pub message_id: String,
    /// Set for operations that must be queued (3.11 "打标签需要排队"): at most one frame with
    /// the same key may be in flight. `robot.cust.tags:<robotKey>`.
    pub serial_key: Option<String>,
    pub warnings: Vec<Violation>,
}

/// Builds a frame of `kind` (`message.text` … or an action type) from JSON input.
pub fn build(kind: &str, input_json: &str) -> Result<BuiltFrame, BuildError> {
    match Kind::parse(kind) {
        Some(Kind::Message(Some(t))) => build_message(t, input_json),
        Some(Kind::Action(a)) if a.is_outbound() => build_action(a, input_json),
        Some(Kind::Action(a)) => Err(unknown_kind("outbound frame kind (this is an inbound event)", a.as_str()).into()),
        _ => Err(unknown_kind("frame kind", kind).into()),
    }
}

fn finish(kind: Kind, name: &'static str, event: &'static str, payload: Value, serial_key: Option<String>) -> Result<BuiltFrame, BuildError> {
    let warnings = gate(kind, &payload, Vec::new())?;
    let message_id = payload.get("messageId").and_then(Value::as_str).unwrap_or_default().to_string();
    Ok(BuiltFrame { kind: name, event, frame: json!([event, payload]), message_id, serial_key, warnings })
}

// ---- message sends --------------------------------------------------------------------------

/// `atUserList` as a list of ids (joined with ",") or the doc's comma-separated string.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum AtUsers {
    List(Vec<Id>),
    Text(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TextInput {
    pub chat_id: String,
    pub message_id: String,
    pub content: String,
    #[serde(default)]
    pub at_user_list: Option<AtUsers>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageInput {
    pub chat_id: String,
    pub message_id: String,
    pub pic: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkInput {
    pub chat_id: String,
    pub message_id: String,
    pub title: String,
    pub link: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub cover_img_file: Option<String>,
}

/// File (3.10) and video (3.24): `fileName` is the file's URL.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileInput {
    pub chat_id: String,
    pub message_id: String,
    pub file_name: String,
}

fn build_message(t: SendType, input_json: &str) -> Result<BuiltFrame, BuildError> {
    let what = t.kind();
    let mut m = Map::new();
    m.insert("contentType".into(), json!(t.content_type()));
    let (chat_id, message_id) = match t {
        SendType::Text => {
            let i: TextInput = input(input_json, what)?;
            m.insert("content".into(), json!(i.content));
            match i.at_user_list {
                None => {}
                Some(AtUsers::Text(s)) => {
                    m.insert("atUserList".into(), json!(s));
                }
                // An empty list means "nobody": the field is left out.
                Some(AtUsers::List(ids)) if ids.is_empty() => {}
                Some(AtUsers::List(ids)) => {
                    let joined = ids.iter().map(Id::to_text).collect::<Vec<_>>().join(",");
                    m.insert("atUserList".into(), json!(joined));
                }
            }
            (i.chat_id, i.message_id)
        }
        SendType::Image => {
            let i: ImageInput = input(input_json, what)?;
            m.insert("pic".into(), json!(i.pic));
            (i.chat_id, i.message_id)
        }
        SendType::Link => {
            let i: LinkInput = input(input_json, what)?;
            m.insert("title".into(), json!(i.title));
            m.insert("link".into(), json!(i.link));
            if let Some(d) = i.description {
                m.insert("description".into(), json!(d));
            }
            if let Some(c) = i.cover_img_file {
                m.insert("coverImgFile".into(), json!(c));
            }
            (i.chat_id, i.message_id)
        }
        SendType::File | SendType::Video => {
            let i: FileInput = input(input_json, what)?;
            m.insert("fileName".into(), json!(i.file_name));
            (i.chat_id, i.message_id)
        }
    };
    let payload = json!({ "message": Value::Object(m), "chatId": chat_id, "messageId": message_id });
    finish(Kind::Message(Some(t)), t.kind(), "message", payload, None)
}

// ---- actions --------------------------------------------------------------------------------

macro_rules! action_input {
    ($(#[$doc:meta])* $name:ident { $($(#[$fa:meta])* $f:ident : $t:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            pub robot_key: String,
            pub message_id: String,
            $($(#[$fa])* pub $f: $t,)*
        }
    };
}

action_input!(
    /// 3.7
    ForwardInput {
        #[serde(rename = "msgSvrID", alias = "msgSvrId")]
        msg_svr_id: Id,
        /// Customer user ids and/or group conversation ids (`R:…`).
        friends: Vec<Id>,
    }
);
action_input!(
    /// 3.8: `friendWxid` is the `userId` of the friend request.
    AcceptFriendInput { friend_wxid: Id }
);
action_input!(
    /// 3.9
    PhoneContactAddInput {
        phone: String,
        #[serde(default)]
        reason: Option<String>,
    }
);
action_input!(
    /// 3.11
    CustTagsInput {
        user_id: Id,
        #[serde(default)]
        tags: Vec<Id>,
        #[serde(default)]
        erasing_tags: Vec<Id>,
    }
);
action_input!(
    /// 3.12
    TagsSyncInput {}
);
action_input!(
    /// 3.13: realRemark 备注名, userRemark 描述; one or both.
    CustRemarkInput {
        user_id: Id,
        #[serde(default)]
        real_remark: Option<String>,
        #[serde(default)]
        user_remark: Option<String>,
    }
);
action_input!(
    /// 3.14: gender 1 male 2 female; phone 座机, mobile 手机.
    InfoModifyInput {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        alias: Option<String>,
        #[serde(default)]
        gender: Option<i64>,
        #[serde(default)]
        phone: Option<String>,
        #[serde(default)]
        mobile: Option<String>,
        #[serde(default)]
        position: Option<String>,
    }
);
action_input!(
    /// 3.15
    DeleteGroupMembersInput { group_id: String, members: Vec<Id> }
);
action_input!(
    /// 3.16
    ConvAdminsInput { conversation_id: String }
);
action_input!(
    /// 3.17: opcode 1 add, 2 remove — required, no default.
    ConvModifyAdminsInput { opcode: i64, conversation_id: String, admins: Vec<Id> }
);
action_input!(
    /// 3.18
    InviteFriendsInput { group_id: String, friends: Vec<Id> }
);
action_input!(
    /// 3.19
    ModifyGroupNameInput { group_id: String, new_name: String }
);
action_input!(
    /// 3.20: topic is the group name.
    CreateGroupInput {
        #[serde(default)]
        topic: Option<String>,
        member_wxids: Vec<Id>,
    }
);
action_input!(
    /// 3.21: user ids and/or group conversation ids (`R:…`).
    ContactsInquiryInput { contacts: Vec<Id> }
);
action_input!(
    /// 3.23
    SetGroupAnnouncementInput {
        group_id: String,
        notice: String,
        #[serde(default)]
        is_all: Option<i64>,
    }
);

fn texts(ids: &[Id]) -> Vec<String> {
    ids.iter().map(Id::to_text).collect()
}

fn numbers(ids: &[Id]) -> Vec<Value> {
    ids.iter().map(Id::to_wire_number).collect()
}

fn put_opt<T: Serialize>(m: &mut Map<String, Value>, k: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(k.into(), json!(v));
    }
}

/// The action's payload object (no `["action", …]` wrapper, no rule check): shared with the
/// 2.8 bridge, which sends the same object over HTTP.
pub fn action_payload(a: ActionType, input_json: &str) -> Result<Value, BuildError> {
    let what = a.as_str();
    let mut m = Map::new();
    m.insert("type".into(), json!(a.as_str()));
    let (robot_key, message_id) = match a {
        ActionType::MessageForward => {
            let i: ForwardInput = input(input_json, what)?;
            m.insert("msgSvrID".into(), i.msg_svr_id.to_wire_number());
            m.insert("friends".into(), json!(texts(&i.friends)));
            (i.robot_key, i.message_id)
        }
        ActionType::AcceptFriendRequest => {
            let i: AcceptFriendInput = input(input_json, what)?;
            m.insert("friendWxid".into(), json!(i.friend_wxid.to_text()));
            (i.robot_key, i.message_id)
        }
        ActionType::PhoneContactAdd => {
            let i: PhoneContactAddInput = input(input_json, what)?;
            m.insert("phone".into(), json!(i.phone));
            put_opt(&mut m, "reason", i.reason);
            (i.robot_key, i.message_id)
        }
        ActionType::CustTags => {
            let i: CustTagsInput = input(input_json, what)?;
            m.insert("userId".into(), json!(i.user_id.to_text()));
            m.insert("tags".into(), json!(texts(&i.tags)));
            m.insert("erasingTags".into(), json!(texts(&i.erasing_tags)));
            (i.robot_key, i.message_id)
        }
        ActionType::TagsSync => {
            let i: TagsSyncInput = input(input_json, what)?;
            (i.robot_key, i.message_id)
        }
        ActionType::CustRemark => {
            let i: CustRemarkInput = input(input_json, what)?;
            m.insert("userId".into(), json!(i.user_id.to_text()));
            put_opt(&mut m, "realRemark", i.real_remark);
            put_opt(&mut m, "userRemark", i.user_remark);
            (i.robot_key, i.message_id)
        }
        ActionType::InfoModify => {
            let i: InfoModifyInput = input(input_json, what)?;
            put_opt(&mut m, "name", i.name);
            put_opt(&mut m, "alias", i.alias);
            put_opt(&mut m, "gender", i.gender);
            put_opt(&mut m, "phone", i.phone);
            put_opt(&mut m, "mobile", i.mobile);
            put_opt(&mut m, "position", i.position);
            (i.robot_key, i.message_id)
        }
        ActionType::DeleteGroupMembers => {
            let i: DeleteGroupMembersInput = input(input_json, what)?;
            m.insert("groupId".into(), json!(i.group_id));
            m.insert("members".into(), json!(numbers(&i.members)));
            (i.robot_key, i.message_id)
        }
        ActionType::ConvAdmins => {
            let i: ConvAdminsInput = input(input_json, what)?;
            m.insert("conversationId".into(), json!(i.conversation_id));
            (i.robot_key, i.message_id)
        }
        ActionType::ConvModifyAdmins => {
            let i: ConvModifyAdminsInput = input(input_json, what)?;
            m.insert("opcode".into(), json!(i.opcode));
            m.insert("conversationId".into(), json!(i.conversation_id));
            m.insert("admins".into(), json!(texts(&i.admins)));
            (i.robot_key, i.message_id)
        }
        ActionType::InviteFriendsJoinGroup => {
            let i: InviteFriendsInput = input(input_json, what)?;
            m.insert("groupId".into(), json!(i.group_id));
            m.insert("friends".into(), json!(numbers(&i.friends)));
            (i.robot_key, i.message_id)
        }
        ActionType::ModifyGroupName => {
            let i: ModifyGroupNameInput = input(input_json, what)?;
            m.insert("groupId".into(), json!(i.group_id));
            m.insert("newName".into(), json!(i.new_name));
            (i.robot_key, i.message_id)
        }
        ActionType::CreateGroup => {
            let i: CreateGroupInput = input(input_json, what)?;
            put_opt(&mut m, "topic", i.topic);
            m.insert("memberWxids".into(), json!(numbers(&i.member_wxids)));
            (i.robot_key, i.message_id)
        }
        ActionType::ContactsInquiry => {
            let i: ContactsInquiryInput = input(input_json, what)?;
            m.insert("contacts".into(), json!(numbers(&i.contacts)));
            (i.robot_key, i.message_id)
        }
        ActionType::SetGroupAnnouncement => {
            let i: SetGroupAnnouncementInput = input(input_json, what)?;
            m.insert("groupId".into(), json!(i.group_id));
            put_opt(&mut m, "isAll", i.is_all);
            m.insert("notice".into(), json!(i.notice));
            (i.robot_key, i.message_id)
        }
        ActionType::NewFriendRequest | ActionType::GroupMembersChanged => {
            return Err(unknown_kind("outbound action (this is an inbound event)", a.as_str()).into());
        }
    };
    m.insert("robotKey".into(), json!(robot_key));
    m.insert("messageId".into(), json!(message_id));
    Ok(Value::Object(m))
}

fn build_action(a: ActionType, input_json: &str) -> Result<BuiltFrame, BuildError> {
    let payload = action_payload(a, input_json)?;
    let serial_key = payload.get("robotKey").and_then(Value::as_str).and_then(|rk| a.serial_key(rk));
    finish(Kind::Action(a), a.as_str(), "action", payload, serial_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(e: BuildError) -> Vec<&'static str> {
        e.violations().iter().map(|v| v.rule).collect()
    }

    const CHAT: &str = "S:1000000000000001_1000000000000002";
    const GROUP_CHAT: &str = "S:1000000000000001_R:1000000000000009";

    #[test]
    fn text_at_user_list_list_and_string() {
        let f = build("message.text", &json!({"chatId": GROUP_CHAT, "messageId": "1", "content": "hi", "atUserList": ["7800", 7801]}).to_string()).unwrap();
        assert_eq!(f.frame[1]["message"]["atUserList"], "7800,7801");
        assert_eq!(f.frame[0], "message");
        assert!(f.warnings.is_empty());
        let f = build("text", &json!({"chatId": GROUP_CHAT, "messageId": "1", "content": "hi", "atUserList": "7800, 7801"}).to_string()).unwrap();
        assert_eq!(f.frame[1]["message"]["atUserList"], "7800, 7801");
        let f = build("message.text", &json!({"chatId": CHAT, "messageId": "1", "content": "hi", "atUserList": "7800"}).to_string()).unwrap();
        assert_eq!(f.warnings.iter().map(|v| v.rule).collect::<Vec<_>>(), vec!["yjiyun.text.at_user_list.group_only"]);
        let e = build("message.text", &json!({"chatId": GROUP_CHAT, "messageId": "1", "content": "hi", "atUserList": "7800,,7801"}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.text.at_user_list.format"]);
        let f = build("message.text", &json!({"chatId": GROUP_CHAT, "messageId": "1", "content": "hi", "atUserList": []}).to_string()).unwrap();
        assert!(f.frame[1]["message"].get("atUserList").is_none());
    }

    #[test]
    fn message_boundaries() {
        let e = build("message.text", &json!({"chatId": CHAT, "messageId": "1", "content": ""}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.field.required"]);
        let e = build("message.text", &json!({"chatId": "R:1", "messageId": "1", "content": "x"}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.chat_id.format"]);
        let ok32 = "1".repeat(32);
        assert!(build("message.text", &json!({"chatId": CHAT, "messageId": ok32, "content": "x"}).to_string()).is_ok());
        let e = build("message.text", &json!({"chatId": CHAT, "messageId": "1".repeat(33), "content": "x"}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.message_id.length"]);
        let e = build("message.link", &json!({"chatId": CHAT, "messageId": "1", "title": "t", "link": "https://a.example/", "coverImgFile": "https://a.example/c.png?x=1"}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.link.cover_no_query"]);
        assert!(build("message.link", &json!({"chatId": CHAT, "messageId": "1", "title": "t", "link": "https://a.example/", "coverImgFile": "https://a.example/c.png"}).to_string()).is_ok());
        let e = build("message.image", &json!({"chatId": CHAT, "messageId": "1", "pic": "/tmp/x.png"}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.url.http"]);
        let f = build("message.video", &json!({"chatId": CHAT, "messageId": "1", "fileName": "http://media.example/x.mp4"}).to_string()).unwrap();
        assert_eq!(f.frame[1]["message"]["contentType"], 5);
        assert!(build("message.voice", "{}").is_err());
        assert!(build("message.file", r#"{"chatId":"S:a_b","messageId":"1","fileName":"http://x","pic":"y"}"#).is_err());
    }

    #[test]
    fn cust_tags_serial_key_and_rules() {
        let f = build("robot.cust.tags", &json!({"robotKey": "rk", "messageId": "1", "userId": 7881302985963919u64, "tags": ["1"], "erasingTags": []}).to_string()).unwrap();
        assert_eq!(f.serial_key.as_deref(), Some("robot.cust.tags:rk"));
        assert_eq!(f.frame[1]["userId"], "7881302985963919");
        assert_eq!(f.frame[0], "action");
        let e = build("robot.cust.tags", &json!({"robotKey": "rk", "messageId": "1", "userId": "1"}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.cust_tags.non_empty"]);
        let e = build("robot.cust.tags", &json!({"robotKey": "rk", "messageId": "1", "userId": "1", "tags": ["5"], "erasingTags": ["5"]}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.cust_tags.disjoint"]);
        let f = build("robot.tags.sync", r#"{"robotKey":"rk","messageId":"1"}"#).unwrap();
        assert!(f.serial_key.is_none());
    }

    #[test]
    fn numeric_ids_and_js_safety() {
        let f = build("robot.delete.group.members", &json!({"robotKey": "rk", "messageId": "1", "groupId": "R:1", "members": ["1688853470819974", 1688853470819976u64]}).to_string()).unwrap();
        assert_eq!(f.frame[1]["members"], json!([1688853470819974u64, 1688853470819976u64]));
        let e = build("robot.delete.group.members", &json!({"robotKey": "rk", "messageId": "1", "groupId": "R:1", "members": ["9007199254740992"]}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.id.js_safe_integer"]);
        assert!(build("robot.delete.group.members", &json!({"robotKey": "rk", "messageId": "1", "groupId": "R:1", "members": ["9007199254740991"]}).to_string()).is_ok());
        let e = build("robot.delete.group.members", &json!({"robotKey": "rk", "messageId": "1", "groupId": "R:1", "members": ["abc"]}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.id.numeric"]);
        let e = build("robot.delete.group.members", &json!({"robotKey": "rk", "messageId": "1", "groupId": "R:1", "members": []}).to_string()).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.list.non_empty"]);
        let f = build("robot.contacts.inquiry", &json!({"robotKey": "rk", "messageId": "1", "contacts": ["R:10696052725013336", "1688853470819974"]}).to_string()).unwrap();
        assert_eq!(f.frame[1]["contacts"], json!(["R:10696052725013336", 1688853470819974u64]));
        let f = build("robot.message.forward", &json!({"robotKey": "rk", "messageId": "1", "msgSvrID": "1058842", "friends": ["1688853470829406", "R:1970325038158435"]}).to_string()).unwrap();
        assert_eq!(f.frame[1]["msgSvrID"], json!(1058842));
    }

    #[test]
    fn inbound_types_cannot_be_built() {
        assert!(build("robot.on.new.friend.request", r#"{"robotKey":"rk","messageId":"1"}"#).is_err());
        assert!(build("robot.group.members.changed", r#"{"robotKey":"rk","messageId":"1"}"#).is_err());
        assert!(build("chat/list", "{}").is_err());
    }

    #[test]
    fn remark_info_announcement() {
        let e = build("robot.cust.remark", r#"{"robotKey":"rk","messageId":"1","userId":"1"}"#).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.cust_remark.one_of"]);
        assert!(build("robot.cust.remark", r#"{"robotKey":"rk","messageId":"1","userId":"1","userRemark":""}"#).is_ok());
        let e = build("robot.info.modify", r#"{"robotKey":"rk","messageId":"1"}"#).unwrap_err();
        assert_eq!(rules_of(e), vec!["yjiyun.info_modify.one_of"]);
        for (g, ok) in [(0, false), (1, true), (2, true), (3, false)] {
            let r = build("robot.info.modify", &json!({"robotKey": "rk", "messageId": "1", "gender": g}).to_string());
            assert_eq!(r.is_ok(), ok, "gender {g}");
        }
        for (v, ok) in [(0, true), (1, true), (2, false)] {
            let r = build("robot.set.group.announcement", &json!({"robotKey": "rk", "messageId": "1", "groupId": "R:1", "notice": "n", "isAll": v}).to_string());
            assert_eq!(r.is_ok(), ok, "isAll {v}");
        }
        let f = build("robot.set.group.announcement", r#"{"robotKey":"rk","messageId":"1","groupId":"R:1","notice":"n"}"#).unwrap();
        assert!(f.frame[1].get("isAll").is_none());
    }
}
