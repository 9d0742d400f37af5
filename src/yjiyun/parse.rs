//! Typed parsers for every inbound socket.io frame: `message` (3.2 and the callbacks of
//! 3.4–3.7), `chat` (3.3) and `action` (results of 3.7–3.23 and the events 3.8
//! `robot.on.new.friend.request` and 3.22 `robot.group.members.changed`).
//!
//! Tolerant of the doc's own variations (string vs number, `sendStatus`/`sentStatus`,
//! `companyId`/`corpanyId`, `members`/`friends`), strict about garbage: a payload that is not
//! an object, or misses what identifies it (`chatId`, `content.contentType`, `type`), is a
//! typed error. Every id is returned as a string, exactly as sent (no 2^53 rounding): pass the
//! raw JSON text, not a re-serialised JavaScript object, to keep big ids intact.

use serde::Serialize;
use serde_json::{Map, Value};

use super::value::{parse_json, Reader};
use super::endpoints::{unknown_kind, ActionType};
use crate::error::{Error, ErrorKind, Result};

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

// ---- action -----------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    #[serde(rename = "type")]
    pub action_type: String,
    /// False for a type this version does not know (its fields are then in `data` as-is).
    pub known: bool,
    pub message_id: Option<String>,
    pub robot_key: Option<String>,
    /// `"0"` on success (numbers are normalised to their text).
    pub code: Option<String>,
    /// `code == "0"`; false when `code` is absent.
    pub ok: bool,
    pub msg: Option<String>,
    /// Server time in ms (a string in some examples, a number in others).
    pub dts: Option<i64>,
    pub robot_type: Option<i64>,
    pub robot_biz_type: Option<i64>,
    pub assign_to: Option<String>,
    pub data: ActionData,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ActionData {
    Forward(ForwardResult),
    FriendRequest(FriendRequest),
    AcceptFriend(AcceptFriendResult),
    PhoneContactAdd(PhoneContactAddResult),
    CustTags(CustTagsResult),
    TagsSync(TagsSyncResult),
    CustRemark(CustRemarkResult),
    InfoModify(InfoModifyResult),
    /// 3.15 delete members and 3.18 invite friends.
    GroupMembers(GroupMembersResult),
    Admins(AdminsResult),
    ModifyGroupName(ModifyGroupNameResult),
    CreateGroup(CreateGroupResult),
    ContactsInquiry(ContactsInquiryResult),
    MembersChanged(MembersChanged),
    Announcement(AnnouncementResult),
    /// Unknown type: every field except the common ones.
    Other(Map<String, Value>),
}

const COMMON: [&str; 10] = ["type", "messageId", "robotKey", "code", "msg", "dts", "robotType", "robotBizType", "assignTo", "siteCode"];

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardResult {
    #[serde(rename = "msgSvrID")]
    pub msg_svr_id: Option<String>,
    pub friends: Vec<String>,
}

/// 3.8 `robot.on.new.friend.request`. Accept it with `robot.accept.friend.request`,
/// `friendWxid` = `userId`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FriendRequest {
    pub user_id: String,
    pub name: Option<String>,
    pub reason: Option<String>,
    pub wechat_img_url: Option<String>,
    /// 0 unknown, 1 male, 2 female.
    pub gender: Option<i64>,
    pub remarks: Option<String>,
    pub is_outer_user: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptFriendResult {
    pub friend_wxid: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneContactAddResult {
    pub phone: Option<String>,
    pub user_data: Option<UserData>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserData {
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub wechat_img_url: Option<String>,
    pub gender: Option<i64>,
    pub is_outer_user: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustTagsResult {
    pub user_id: Option<String>,
    pub tags: Vec<String>,
    pub erasing_tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagsSyncResult {
    pub wxid: Option<String>,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub group_labels: Vec<Label>,
    pub person_label: Option<Label>,
}

/// A tag (label) or tag group; `labelId`s exceed 2^53, hence strings.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub label_id: String,
    /// `None` for a top-level group (the wire sends 0).
    pub label_group_id: Option<String>,
    pub name: Option<String>,
    pub full_name: Option<String>,
    pub group_name: Option<String>,
    pub create_time: Option<String>,
    pub is_corp_label: Option<bool>,
    pub is_group_label: Option<bool>,
    pub is_custom_label_group: Option<bool>,
    pub is_fake_add_label: Option<bool>,
    pub sub_label_list: Vec<Label>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustRemarkResult {
    pub user_id: Option<String>,
    pub real_remark: Option<String>,
    pub user_remark: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InfoModifyResult {
    pub name: Option<String>,
    pub alias: Option<String>,
    pub gender: Option<i64>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub position: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMembersResult {
    pub group_id: Option<String>,
    /// The response echoes the ids as `friends` (3.15's request called them `members`).
    pub friends: Vec<String>,
}

/// 3.16 (no opcode) and 3.17. `admins` excludes the owner (3.16 注意：列表不包含群主).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminsResult {
    pub opcode: Option<i64>,
    pub conversation_id: Option<String>,
    pub admins: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyGroupNameResult {
    pub group_id: Option<String>,
    pub new_name: Option<String>,
}

/// 3.20. The example's `conversationId` and `groupWxid` differ and the doc does not say which
/// is the new group; both are returned.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateGroupResult {
    pub conversation_id: Option<String>,
    pub group_wxid: Option<String>,
    pub topic: Option<String>,
    pub new_name: Option<String>,
    pub member_wxids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactsInquiryResult {
    pub req_contacts: Vec<String>,
    pub contacts: Vec<InquiryItem>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum InquiryItem {
    Contact(ContactInfo),
    Group(GroupInfo),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactInfo {
    pub user_id: String,
    pub name: Option<String>,
    pub name_pinyin: Option<String>,
    /// 备注名
    pub real_remarks: Option<String>,
    /// 描述
    pub remarks: Option<String>,
    pub avator_url: Option<String>,
    pub wechat_img_url: Option<String>,
    pub phone: Option<String>,
    pub office_phone: Option<String>,
    pub company_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupInfo {
    pub conversation_id: String,
    pub name: Option<String>,
    pub creator_id: Option<String>,
    pub member_count: Option<i64>,
    pub normal_member_count: Option<i64>,
    pub outer_user_count: Option<i64>,
    pub is_outer_group_conversation: Option<bool>,
    pub create_time: Option<String>,
    pub member_list: Vec<GroupMemberInfo>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMemberInfo {
    pub user_id: String,
    pub name: Option<String>,
    pub real_name: Option<String>,
    pub nick_name: Option<String>,
    pub name_pinyin: Option<String>,
    pub avator_url: Option<String>,
    pub gender: Option<i64>,
    pub position: Option<String>,
    /// Also read from the doc's misspelt `corpanyId`.
    pub company_id: Option<String>,
    pub is_outer_user: Option<bool>,
    pub is_external_user: Option<bool>,
    pub is_robot: Option<bool>,
}

/// 3.22 `robot.group.members.changed`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MembersChanged {
    pub chatroom: Option<String>,
    pub conversation_id: Option<String>,
    pub group_nick_name: Option<String>,
    pub name: Option<String>,
    pub new_members: Vec<NewMember>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMember {
    pub user_id: String,
    pub user_name: Option<String>,
    pub nick_name: Option<String>,
    pub group_nick_name: Option<String>,
    pub head_img: Option<String>,
    /// Sent as a string ("2") in the doc.
    pub gender: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnouncementResult {
    pub group_id: Option<String>,
    pub is_all: Option<i64>,
    pub notice: Option<String>,
}

fn label(r: &Reader<'_>) -> Result<Label> {
    let group = r.id_opt("labelGroupId")?.filter(|g| g != "0");
    Ok(Label {
        label_id: r.id_req("labelId")?,
        label_group_id: group,
        name: r.str_opt("name")?,
        full_name: r.str_opt("fullName")?,
        group_name: r.str_opt("groupName")?,
        create_time: r.str_opt("createTime")?,
        is_corp_label: r.flag_opt("isCorpLabel")?,
        is_group_label: r.flag_opt("isGroupLabel")?,
        is_custom_label_group: r.flag_opt("isCustomLabelGroup")?,
        is_fake_add_label: r.flag_opt("isFakeAddLabel")?,
        sub_label_list: r.objects("subLabelList")?.iter().map(label).collect::<Result<_>>()?,
    })
}

fn inquiry_item(r: &Reader<'_>) -> Result<InquiryItem> {
    if let Some(cid) = r.id_opt("conversationId")? {
        let members = r
            .objects("memberList")?
            .iter()
            .map(|m| {
                let company = m.first(&["companyId", "corpanyId"]);
                Ok(GroupMemberInfo {
                    user_id: m.id_req("userId")?,
                    name: m.str_opt("name")?,
                    real_name: m.str_opt("realName")?,
                    nick_name: m.str_opt("nickName")?,
                    name_pinyin: m.str_opt("namePinyin")?,
                    avator_url: m.str_opt("avatorUrl")?,
                    gender: m.int_opt("gender")?,
                    position: m.str_opt("position")?,
                    company_id: m.id_opt(company)?,
                    is_outer_user: m.flag_opt("isOuterUser")?,
                    is_external_user: m.flag_opt("isExternalUser")?,
                    is_robot: m.flag_opt("isRobot")?,
                })
            })
            .collect::<Result<_>>()?;
        return Ok(InquiryItem::Group(GroupInfo {
            conversation_id: cid,
            name: r.str_opt("name")?,
            creator_id: r.id_opt("creatorId")?,
            member_count: r.int_opt("memberCount")?,
            normal_member_count: r.int_opt("normalMemberCount")?,
            outer_user_count: r.int_opt("outerUserCount")?,
            is_outer_group_conversation: r.flag_opt("isOuterGroupConversation")?,
            create_time: r.str_opt("createTime")?,
            member_list: members,
        }));
    }
    let company = r.first(&["companyId", "corpanyId"]);
    Ok(InquiryItem::Contact(ContactInfo {
        user_id: r.id_req("userId")?,
        name: r.str_opt("name")?,
        name_pinyin: r.str_opt("namePinyin")?,
        real_remarks: r.str_opt("realRemarks")?,
        remarks: r.str_opt("remarks")?,
        avator_url: r.str_opt("avatorUrl")?,
        wechat_img_url: r.str_opt("wechatImgUrl")?,
        phone: r.str_opt("phone")?,
        office_phone: r.str_opt("officePhone")?,
        company_id: r.id_opt(company)?,
    }))
}

fn action_data(a: Option<ActionType>, r: &Reader<'_>) -> Result<ActionData> {
    let Some(a) = a else { return Ok(ActionData::Other(r.extra(&COMMON))) };
    Ok(match a {
        ActionType::MessageForward => ActionData::Forward(ForwardResult { msg_svr_id: r.id_opt("msgSvrID")?, friends: r.ids("friends")? }),
        ActionType::NewFriendRequest => ActionData::FriendRequest(FriendRequest {
            user_id: r.id_req("userId")?,
            name: r.str_opt("name")?,
            reason: r.str_opt("reason")?,
            wechat_img_url: r.str_opt("wechatImgUrl")?,
            gender: r.int_opt("gender")?,
            remarks: r.str_opt("remarks")?,
            is_outer_user: r.flag_opt("isOuterUser")?,
        }),
        ActionType::AcceptFriendRequest => ActionData::AcceptFriend(AcceptFriendResult { friend_wxid: r.id_opt("friendWxid")? }),
        ActionType::PhoneContactAdd => {
            let user_data = match r.obj_opt("userData")? {
                None => None,
                Some(u) => Some(UserData {
                    user_id: u.id_opt("userId")?,
                    name: u.str_opt("name")?,
                    wechat_img_url: u.str_opt("wechatImgUrl")?,
                    gender: u.int_opt("gender")?,
                    is_outer_user: u.flag_opt("isOuterUser")?,
                }),
            };
            ActionData::PhoneContactAdd(PhoneContactAddResult { phone: r.str_opt("phone")?, user_data })
        }
        ActionType::CustTags => ActionData::CustTags(CustTagsResult {
            user_id: r.id_opt("userId")?,
            tags: r.ids("tags")?,
            erasing_tags: r.ids("erasingTags")?,
        }),
        ActionType::TagsSync => ActionData::TagsSync(TagsSyncResult {
            wxid: r.id_opt("wxid")?,
            company_id: r.id_opt("companyId")?,
            company_name: r.str_opt("companyName")?,
            group_labels: r.objects("groupLabels")?.iter().map(label).collect::<Result<_>>()?,
            person_label: r.obj_opt("personLabel")?.map(|p| label(&p)).transpose()?,
        }),
        ActionType::CustRemark => ActionData::CustRemark(CustRemarkResult {
            user_id: r.id_opt("userId")?,
            real_remark: r.str_opt("realRemark")?,
            user_remark: r.str_opt("userRemark")?,
        }),
        ActionType::InfoModify => ActionData::InfoModify(InfoModifyResult {
            name: r.str_opt("name")?,
            alias: r.str_opt("alias")?,
            gender: r.int_opt("gender")?,
            phone: r.str_opt("phone")?,
            mobile: r.str_opt("mobile")?,
            position: r.str_opt("position")?,
            address: r.str_opt("address")?,
        }),
        ActionType::DeleteGroupMembers | ActionType::InviteFriendsJoinGroup => {
            let k = r.first(&["friends", "members"]);
            ActionData::GroupMembers(GroupMembersResult { group_id: r.str_opt("groupId")?, friends: r.ids(k)? })
        }
        ActionType::ConvAdmins | ActionType::ConvModifyAdmins => ActionData::Admins(AdminsResult {
            opcode: r.int_opt("opcode")?,
            conversation_id: r.id_opt("conversationId")?,
            admins: r.ids("admins")?,
        }),
        ActionType::ModifyGroupName => ActionData::ModifyGroupName(ModifyGroupNameResult { group_id: r.str_opt("groupId")?, new_name: r.str_opt("newName")? }),
        ActionType::CreateGroup => ActionData::CreateGroup(CreateGroupResult {
            conversation_id: r.id_opt("conversationId")?,
            group_wxid: r.id_opt("groupWxid")?,
            topic: r.str_opt("topic")?,
            new_name: r.str_opt("newName")?,
            member_wxids: r.ids("memberWxids")?,
        }),
        ActionType::ContactsInquiry => ActionData::ContactsInquiry(ContactsInquiryResult {
            req_contacts: r.ids("reqContacts")?,
            contacts: r.objects("contacts")?.iter().map(inquiry_item).collect::<Result<_>>()?,
        }),
        ActionType::GroupMembersChanged => ActionData::MembersChanged(MembersChanged {
            chatroom: r.id_opt("chatroom")?,
            conversation_id: r.id_opt("conversationId")?,
            group_nick_name: r.str_opt("groupNickName")?,
            name: r.str_opt("name")?,
            new_members: r
                .objects("newMembers")?
                .iter()
                .map(|m| {
                    Ok(NewMember {
                        user_id: m.id_req("userId")?,
                        user_name: m.str_opt("userName")?,
                        nick_name: m.str_opt("nickName")?,
                        group_nick_name: m.str_opt("groupNickName")?,
                        head_img: m.str_opt("headImg")?,
                        gender: m.int_opt("gender")?,
                    })
                })
                .collect::<Result<_>>()?,
        }),
        ActionType::SetGroupAnnouncement => ActionData::Announcement(AnnouncementResult {
            group_id: r.str_opt("groupId")?,
            is_all: r.int_opt("isAll")?,
            notice: r.str_opt("notice")?,
        }),
    })
}

/// An `action` frame payload (also the 2.8 bridge response).
pub fn action(r: &Reader<'_>) -> Result<Action> {
    let ty = r.str_req("type")?;
    let known = ActionType::parse(&ty);
    let code = r.str_opt("code")?;
    Ok(Action {
        known: known.is_some(),
        message_id: r.id_opt("messageId")?,
        robot_key: r.str_opt("robotKey")?,
        ok: code.as_deref().map(str::trim) == Some("0"),
        code,
        msg: r.str_opt("msg")?,
        dts: r.int_opt("dts")?,
        robot_type: r.int_opt("robotType")?,
        robot_biz_type: r.int_opt("robotBizType")?,
        assign_to: r.str_opt("assignTo")?,
        data: action_data(known, r)?,
        action_type: ty,
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
