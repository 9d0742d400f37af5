//! The catalogue of kinds every other 有机云 module dispatches on (the twin of
//! `jdme/endpoints.rs`): the REST endpoints of section 2 with their paths, body formats and retry
//! safety, the outbound message types, the `action` types of 3.x and the `kind` names `check`,
//! `yjiyunBuildFrame` and the CLI accept.

use crate::error::{Error, ErrorKind};

/// Prefix of the management API (`/wxworkapi/...`).
pub const WXWORK_PREFIX: &str = "/wxworkapi/";
/// Prefix of the authorisation API (`/robotapi/client/auth`).
pub const ROBOTAPI_PREFIX: &str = "/robotapi/";

/// `Content-Type` of form bodies (1.2: "如果接口没有特殊说明 … application/x-www-form-urlencoded";
/// "编码统一使用 UTF-8", so the charset is stated explicitly).
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded;charset=UTF-8";
/// `Content-Type` of JSON bodies, exactly as 1.2 writes it.
pub const CONTENT_TYPE_JSON: &str = "application/json;charset=UTF-8";

/// Body encoding of a REST endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Form,
    Json,
}

impl BodyFormat {
    pub const fn content_type(self) -> &'static str {
        match self {
            BodyFormat::Form => CONTENT_TYPE_FORM,
            BodyFormat::Json => CONTENT_TYPE_JSON,
        }
    }

    pub fn parse(s: &str) -> Option<BodyFormat> {
        match s {
            "form" => Some(BodyFormat::Form),
            "json" => Some(BodyFormat::Json),
            _ => None,
        }
    }
}

/// How an array field goes into a form body. The doc never says (see `rest`), so this is the one
/// place that decides; `Repeat` is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormArrays {
    /// `tagList=a&tagList=b`: what servlet `getParameterValues` and Spring's `List` binding read.
    #[default]
    Repeat,
    /// `tagList=a,b`: Spring's `@RequestParam List` also splits this, but a comma inside a
    /// value would split it too.
    Comma,
    /// `tagList[]=a&tagList[]=b` (PHP, `qs` arrayFormat brackets).
    Brackets,
    /// `tagList[0]=a&tagList[1]=b` (Spring `@ModelAttribute` bean binding, `qs` indices).
    Indices,
}

impl FormArrays {
    pub fn parse(s: &str) -> Option<FormArrays> {
        match s {
            "repeat" => Some(FormArrays::Repeat),
            "comma" => Some(FormArrays::Comma),
            "brackets" => Some(FormArrays::Brackets),
            "indices" => Some(FormArrays::Indices),
            _ => None,
        }
    }
}

/// Wire choices of one REST request: the body format (default: the endpoint's, see
/// [`Endpoint::format`]) and the array encoding of form bodies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wire {
    pub format: Option<BodyFormat>,
    pub arrays: FormArrays,
}

/// Every REST endpoint of section 2. All are `POST`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// 2.1 登录授权
    Auth,
    /// 2.2 企微机器人列表
    RobotList,
    /// 2.3 企微客户列表
    CustomerList,
    /// 2.4 企微群列表
    GroupList,
    /// 2.5 企微群列表下载
    GroupDownload,
    /// 2.6 企微群成员列表
    MemberList,
    /// 2.7 消息群发
    TaskSave,
    /// 2.8 即时消息同步请求
    Bridge,
    /// 2.9 同步群聊配置
    GroupSettingDuplicate,
    /// 2.10 最近会话列表
    ChatList,
    /// 2.11 会话聊天记录
    ChatMessage,
    /// 2.12 清除未读会话消息
    UnreadClean,
    /// 2.13 通讯录同步
    ContactSync,
}

impl Endpoint {
    pub const ALL: [Endpoint; 13] = [
        Endpoint::Auth,
        Endpoint::RobotList,
        Endpoint::CustomerList,
        Endpoint::GroupList,
        Endpoint::GroupDownload,
        Endpoint::MemberList,
        Endpoint::TaskSave,
        Endpoint::Bridge,
        Endpoint::GroupSettingDuplicate,
        Endpoint::ChatList,
        Endpoint::ChatMessage,
        Endpoint::UnreadClean,
        Endpoint::ContactSync,
    ];

    /// The path tail used as `kind`/`endpoint` across the boundary (`multiple/task/save`).
    pub const fn tail(self) -> &'static str {
        match self {
            Endpoint::Auth => "client/auth",
            Endpoint::RobotList => "robot/list",
            Endpoint::CustomerList => "external/user/list",
            Endpoint::GroupList => "group/list",
            Endpoint::GroupDownload => "grouptag/list/download",
            Endpoint::MemberList => "group/member/list",
            Endpoint::TaskSave => "multiple/task/save",
            Endpoint::Bridge => "bridge",
            Endpoint::GroupSettingDuplicate => "group/setting/duplicate",
            Endpoint::ChatList => "chat/list",
            Endpoint::ChatMessage => "chat/message",
            Endpoint::UnreadClean => "unreadmsg/clean",
            Endpoint::ContactSync => "contact/sync",
        }
    }

    pub const fn path(self) -> &'static str {
        match self {
            Endpoint::Auth => "/robotapi/client/auth",
            Endpoint::RobotList => "/wxworkapi/robot/list",
            Endpoint::CustomerList => "/wxworkapi/external/user/list",
            Endpoint::GroupList => "/wxworkapi/group/list",
            Endpoint::GroupDownload => "/wxworkapi/grouptag/list/download",
            Endpoint::MemberList => "/wxworkapi/group/member/list",
            Endpoint::TaskSave => "/wxworkapi/multiple/task/save",
            Endpoint::Bridge => "/wxworkapi/bridge",
            Endpoint::GroupSettingDuplicate => "/wxworkapi/group/setting/duplicate",
            Endpoint::ChatList => "/wxworkapi/chat/list",
            Endpoint::ChatMessage => "/wxworkapi/chat/message",
            Endpoint::UnreadClean => "/wxworkapi/unreadmsg/clean",
            Endpoint::ContactSync => "/wxworkapi/contact/sync",
        }
    }

    /// Section of the seed document.
    pub const fn section(self) -> &'static str {
        match self {
            Endpoint::Auth => "2.1",
            Endpoint::RobotList => "2.2",
            Endpoint::CustomerList => "2.3",
            Endpoint::GroupList => "2.4",
            Endpoint::GroupDownload => "2.5",
            Endpoint::MemberList => "2.6",
            Endpoint::TaskSave => "2.7",
            Endpoint::Bridge => "2.8",
            Endpoint::GroupSettingDuplicate => "2.9",
            Endpoint::ChatList => "2.10",
            Endpoint::ChatMessage => "2.11",
            Endpoint::UnreadClean => "2.12",
            Endpoint::ContactSync => "2.13",
        }
    }

    /// Only 2.7 and 2.8 say "POST application/json"; everything else is a form (1.2: "如果接口
    /// 没有特殊说明 … application/x-www-form-urlencoded"). 2.1 and 2.9 print their parameters as
    /// a JSON example but their method line is a bare "POST", while the two JSON endpoints mark
    /// theirs "POST application/json"; the examples are not wire-exact either (2.7's puts the
    /// `token` in the body, which 1.3 sends as a header). So 2.1 and 2.9 stay forms, JSON is
    /// one option away (`Wire::format`), and the client switches to JSON by itself when a server
    /// answers a form with HTTP 415.
    pub const fn format(self) -> BodyFormat {
        match self {
            Endpoint::TaskSave | Endpoint::Bridge => BodyFormat::Json,
            _ => BodyFormat::Form,
        }
    }

    /// Whether a request may be sent again after code 5000 (服务器繁忙) without risking a side
    /// effect twice. 5000 does not say whether the server did the work, and every attempt has a
    /// new `request_id` (1.3: it must not repeat), so nothing deduplicates a retry. Reads and
    /// queries are safe; so are 2.1 (another token is harmless) and 2.12 (clearing unread
    /// twice leaves the same state). Not safe, the safest reading where the doc is silent:
    /// 2.7 creates a mass-send task, 2.8 runs actions (create a group, add a friend by phone,
    /// tag), 2.9 copies a group's settings to others, 2.13 starts an address-book sync.
    pub const fn retry_safe(self) -> bool {
        !matches!(self, Endpoint::TaskSave | Endpoint::Bridge | Endpoint::GroupSettingDuplicate | Endpoint::ContactSync)
    }

    /// 2.1 is how the token is obtained, so it cannot carry one; everything else sends the
    /// `token` header (1.3).
    pub const fn needs_token(self) -> bool {
        !matches!(self, Endpoint::Auth)
    }

    /// Accepts the tail (`chat/list`) or the full path (`/wxworkapi/chat/list`).
    pub fn parse(s: &str) -> Option<Endpoint> {
        let s = s.trim();
        let tail = s
            .strip_prefix(WXWORK_PREFIX)
            .or_else(|| s.strip_prefix(ROBOTAPI_PREFIX))
            .unwrap_or(s)
            .trim_matches('/');
        Endpoint::ALL.into_iter().find(|e| e.tail() == tail)
    }
}

/// Outbound message sends (3.4–3.6, 3.10, 3.24): event `message`, payload `{message, chatId, messageId}`.
/// The send `contentType`s differ from the receive table of 3.2 (video 5 exists only here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendType {
    /// 3.4, contentType 1
    Text,
    /// 3.5, contentType 7
    Image,
    /// 3.6, contentType 13
    Link,
    /// 3.10, contentType 8
    File,
    /// 3.24, contentType 5
    Video,
}

impl SendType {
    pub const ALL: [SendType; 5] = [SendType::Text, SendType::Image, SendType::Link, SendType::File, SendType::Video];

    pub const fn content_type(self) -> i64 {
        match self {
            SendType::Text => 1,
            SendType::Image => 7,
            SendType::Link => 13,
            SendType::File => 8,
            SendType::Video => 5,
        }
    }

    pub const fn kind(self) -> &'static str {
        match self {
            SendType::Text => "message.text",
            SendType::Image => "message.image",
            SendType::Link => "message.link",
            SendType::File => "message.file",
            SendType::Video => "message.video",
        }
    }

    pub const fn section(self) -> &'static str {
        match self {
            SendType::Text => "3.4",
            SendType::Image => "3.5",
            SendType::Link => "3.6",
            SendType::File => "3.10",
            SendType::Video => "3.24",
        }
    }

    pub fn from_content_type(ct: i64) -> Option<SendType> {
        SendType::ALL.into_iter().find(|s| s.content_type() == ct)
    }

    /// `message.text` or just `text`.
    pub fn parse(s: &str) -> Option<SendType> {
        let s = s.trim();
        let short = s.strip_prefix("message.").unwrap_or(s);
        SendType::ALL.into_iter().find(|t| t.kind().strip_prefix("message.") == Some(short))
    }
}

/// Every `type` of an `action` frame, outbound (requests the client sends) and inbound-only
/// (events the platform pushes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionType {
    /// 3.7
    MessageForward,
    /// 3.8 (inbound event)
    NewFriendRequest,
    /// 3.8
    AcceptFriendRequest,
    /// 3.9 (also the 2.8 bridge example)
    PhoneContactAdd,
    /// 3.11 — serial only per robot ("打标签需要排队")
    CustTags,
    /// 3.12
    TagsSync,
    /// 3.13
    CustRemark,
    /// 3.14
    InfoModify,
    /// 3.15
    DeleteGroupMembers,
    /// 3.16
    ConvAdmins,
    /// 3.17
    ConvModifyAdmins,
    /// 3.18
    InviteFriendsJoinGroup,
    /// 3.19
    ModifyGroupName,
    /// 3.20
    CreateGroup,
    /// 3.21
    ContactsInquiry,
    /// 3.22 (inbound event)
    GroupMembersChanged,
    /// 3.23
    SetGroupAnnouncement,
}

impl ActionType {
    pub const ALL: [ActionType; 17] = [
        ActionType::MessageForward,
        ActionType::NewFriendRequest,
        ActionType::AcceptFriendRequest,
        ActionType::PhoneContactAdd,
        ActionType::CustTags,
        ActionType::TagsSync,
        ActionType::CustRemark,
        ActionType::InfoModify,
        ActionType::DeleteGroupMembers,
        ActionType::ConvAdmins,
        ActionType::ConvModifyAdmins,
        ActionType::InviteFriendsJoinGroup,
        ActionType::ModifyGroupName,
        ActionType::CreateGroup,
        ActionType::ContactsInquiry,
        ActionType::GroupMembersChanged,
        ActionType::SetGroupAnnouncement,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ActionType::MessageForward => "robot.message.forward",
            ActionType::NewFriendRequest => "robot.on.new.friend.request",
            ActionType::AcceptFriendRequest => "robot.accept.friend.request",
            ActionType::PhoneContactAdd => "robot.phone.contact.add",
            ActionType::CustTags => "robot.cust.tags",
            ActionType::TagsSync => "robot.tags.sync",
            ActionType::CustRemark => "robot.cust.remark",
            ActionType::InfoModify => "robot.info.modify",
            ActionType::DeleteGroupMembers => "robot.delete.group.members",
            ActionType::ConvAdmins => "robot.conv.admins",
            ActionType::ConvModifyAdmins => "robot.conv.modify.admins",
            ActionType::InviteFriendsJoinGroup => "robot.invite.friends.join.group",
            ActionType::ModifyGroupName => "robot.modify.group.name",
            ActionType::CreateGroup => "robot.create.group",
            ActionType::ContactsInquiry => "robot.contacts.inquiry",
            ActionType::GroupMembersChanged => "robot.group.members.changed",
            ActionType::SetGroupAnnouncement => "robot.set.group.announcement",
        }
    }

    pub const fn section(self) -> &'static str {
        match self {
            ActionType::MessageForward => "3.7",
            ActionType::NewFriendRequest | ActionType::AcceptFriendRequest => "3.8",
            ActionType::PhoneContactAdd => "3.9",
            ActionType::CustTags => "3.11",
            ActionType::TagsSync => "3.12",
            ActionType::CustRemark => "3.13",
            ActionType::InfoModify => "3.14",
            ActionType::DeleteGroupMembers => "3.15",
            ActionType::ConvAdmins => "3.16",
            ActionType::ConvModifyAdmins => "3.17",
            ActionType::InviteFriendsJoinGroup => "3.18",
            ActionType::ModifyGroupName => "3.19",
            ActionType::CreateGroup => "3.20",
            ActionType::ContactsInquiry => "3.21",
            ActionType::GroupMembersChanged => "3.22",
            ActionType::SetGroupAnnouncement => "3.23",
        }
    }

    /// Inbound-only types are pushed by the platform; there is no builder for them.
    pub const fn is_outbound(self) -> bool {
        !matches!(self, ActionType::NewFriendRequest | ActionType::GroupMembersChanged)
    }

    /// 3.11 "打标签需要排队，单个机器人并发容易出错": the caller must not have two of these in
    /// flight for one robot.
    pub const fn serial_per_robot(self) -> bool {
        matches!(self, ActionType::CustTags)
    }

    /// The queue key such an action is serialised under (`robot.cust.tags:<robotKey>`): the same
    /// for the socket frame (3.11) and the REST bridge (2.8), so both paths share one queue.
    pub fn serial_key(self, robot_key: &str) -> Option<String> {
        self.serial_per_robot().then(|| format!("{}:{robot_key}", self.as_str()))
    }

    pub fn parse(s: &str) -> Option<ActionType> {
        let s = s.trim();
        ActionType::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What `check`, `yjiyunBuildFrame` and the CLI accept as `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Rest(Endpoint),
    /// `message` (dispatch on `message.contentType`) or `message.text` etc.
    Message(Option<SendType>),
    Action(ActionType),
    /// The `request_id` query parameter on its own (body: a JSON string).
    RequestId,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        let t = s.trim();
        if t == "request_id" {
            return Some(Kind::RequestId);
        }
        if t == "message" {
            return Some(Kind::Message(None));
        }
        if let Some(a) = ActionType::parse(t) {
            return Some(Kind::Action(a));
        }
        if let Some(e) = Endpoint::parse(t) {
            return Some(Kind::Rest(e));
        }
        // `message.text` or the short `text`.
        SendType::parse(t).map(|s| Kind::Message(Some(s)))
    }

    /// Every kind name, for help texts and the CLI.
    pub fn names() -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Endpoint::ALL.iter().map(|e| e.tail()).collect();
        v.push("message");
        v.extend(SendType::ALL.iter().map(|s| s.kind()));
        v.extend(ActionType::ALL.iter().filter(|a| a.is_outbound()).map(|a| a.as_str()));
        v.push("request_id");
        v
    }
}

pub(crate) fn unknown_kind(what: &str, kind: &str) -> Error {
    let shown: String = kind.chars().take(64).collect();
    Error::new(ErrorKind::InvalidArgument, format!("unknown yjiyun {what} {shown:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reads_and_idempotent_writes_are_retry_safe() {
        let unsafe_: Vec<_> = Endpoint::ALL.into_iter().filter(|e| !e.retry_safe()).map(Endpoint::section).collect();
        assert_eq!(unsafe_, ["2.7", "2.8", "2.9", "2.13"]);
    }

    #[test]
    fn endpoints_round_trip_tail_and_path() {
        for e in Endpoint::ALL {
            assert_eq!(Endpoint::parse(e.tail()), Some(e));
            assert_eq!(Endpoint::parse(e.path()), Some(e));
            assert!(e.path().ends_with(e.tail()));
        }
        assert_eq!(Endpoint::parse("nope"), None);
        assert_eq!(Endpoint::parse(""), None);
    }

    #[test]
    fn only_task_save_and_bridge_are_json() {
        for e in Endpoint::ALL {
            let json = matches!(e, Endpoint::TaskSave | Endpoint::Bridge);
            assert_eq!(e.format() == BodyFormat::Json, json, "{e:?}");
        }
        assert!(!Endpoint::Auth.needs_token());
        assert!(Endpoint::RobotList.needs_token());
    }

    #[test]
    fn kinds_parse() {
        for n in Kind::names() {
            assert!(Kind::parse(n).is_some(), "{n}");
        }
        assert_eq!(Kind::parse("message.text"), Some(Kind::Message(Some(SendType::Text))));
        assert_eq!(Kind::parse("message.voice"), None);
        assert_eq!(Kind::parse("video"), Some(Kind::Message(Some(SendType::Video))));
        assert_eq!(Kind::parse("message.bridge"), None);
        assert_eq!(Kind::parse("robot.conv.modify.admins"), Some(Kind::Action(ActionType::ConvModifyAdmins)));
        assert_eq!(SendType::from_content_type(13), Some(SendType::Link));
        assert_eq!(SendType::from_content_type(3), None);
    }
}
