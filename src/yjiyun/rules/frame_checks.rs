//! The checks of the socket frames of section 3: `message` sends and `action`s, written against
//! the readers of `read`, in doc order. The REST bodies of section 2 are in `rest_checks`.

use super::*;

impl Ck {
    // ---- socket message sends -----------------------------------------------------------------

    pub(super) fn chat_id(&mut self, field: &str, s: &str) {
        let ok = s.strip_prefix("S:").and_then(|r| r.split_once('_')).is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
        if !ok {
            self.push(&CHAT_ID_FORMAT, field, json!("S:<robot>_<peer>"), json!(s), format!("{field} must be a session id like \"S:<robot wxid>_<peer>\" (from a chat or message frame), got {s:?}"));
        }
    }

    pub(super) fn message(&mut self, expected: Option<SendType>, o: &Map<String, Value>) {
        self.unknown(o, "", &["message", "chatId", "messageId"]);
        let chat = self.str(o, "", "chatId", true);
        if let Some(c) = &chat {
            self.chat_id("chatId", c);
        }
        self.message_id(o, "");
        let Some(m) = self.obj(o, "", "message") else { return };
        let p = "message";
        let Some(ct) = self.int(m, p, "contentType", true) else { return };
        let Some(t) = SendType::from_content_type(ct) else {
            self.push(&MESSAGE_CONTENT_TYPE, "message.contentType", json!([1, 5, 7, 8, 13]), json!(ct), format!("contentType {ct} cannot be sent (1 text, 7 image, 13 link, 8 file, 5 video)"));
            return;
        };
        if let Some(e) = expected {
            if e != t {
                self.push(&MESSAGE_CONTENT_TYPE, "message.contentType", json!(e.content_type()), json!(ct), format!("{} needs contentType {}, got {ct}", e.kind(), e.content_type()));
                return;
            }
        }
        match t {
            SendType::Text => {
                self.unknown(m, p, &["contentType", "content", "atUserList"]);
                self.str(m, p, "content", true);
                if let Some(at) = self.str(m, p, "atUserList", false) {
                    let parts: Vec<&str> = at.split(',').map(str::trim).collect();
                    if parts.iter().any(|s| s.is_empty()) {
                        self.push(&AT_USER_LIST_FORMAT, "message.atUserList", json!("id,id,…"), json!(at), "atUserList has an empty entry (stray comma?)");
                    }
                    if let Some(c) = &chat {
                        if !c.contains("_R:") {
                            self.push(&AT_USER_LIST_GROUP, "message.atUserList", json!("group chat"), json!(c), "atUserList only has an effect in group chats; this chatId is a private chat");
                        }
                    }
                }
            }
            SendType::Image => {
                self.unknown(m, p, &["contentType", "pic"]);
                if let Some(u) = self.str(m, p, "pic", true) {
                    self.url("message.pic", &u);
                }
            }
            SendType::Link => {
                self.unknown(m, p, &["contentType", "title", "link", "description", "coverImgFile"]);
                self.str(m, p, "title", true);
                if let Some(u) = self.str(m, p, "link", true) {
                    self.url("message.link", &u);
                }
                self.str(m, p, "description", false);
                if let Some(u) = self.str(m, p, "coverImgFile", false) {
                    if !u.trim().is_empty() {
                        self.cover("message.coverImgFile", &u);
                    }
                }
            }
            SendType::File | SendType::Video => {
                self.unknown(m, p, &["contentType", "fileName"]);
                if let Some(u) = self.str(m, p, "fileName", true) {
                    self.url("message.fileName", &u);
                }
            }
        }
    }

    // ---- actions ------------------------------------------------------------------------------

    pub(super) fn action(&mut self, expected: Option<ActionType>, o: &Map<String, Value>) {
        let declared = self.str(o, "", "type", true);
        let a = match (expected, declared.as_deref().map(|s| (s, ActionType::parse(s)))) {
            (Some(e), Some((_, Some(d)))) if d == e => e,
            (Some(e), None) => e,
            (Some(e), Some((s, _))) => {
                self.push(&ACTION_TYPE, "type", json!(e.as_str()), json!(s), format!("type must be {:?} for this kind, got {s:?}", e.as_str()));
                e
            }
            (None, Some((_, Some(d)))) => d,
            (None, Some((s, None))) => {
                self.push(&ACTION_TYPE, "type", json!("robot.*"), json!(s), format!("unknown action type {s:?}"));
                return;
            }
            (None, None) => return,
        };
        if !a.is_outbound() {
            self.push(&ACTION_TYPE, "type", json!("outbound action"), json!(a.as_str()), format!("{} is an event the platform sends; it cannot be sent", a.as_str()));
            return;
        }
        self.str(o, "", "robotKey", true);
        self.message_id(o, "");
        let common = ["type", "robotKey", "messageId"];
        let extra: &[&str] = match a {
            ActionType::MessageForward => &["msgSvrID", "friends"],
            ActionType::AcceptFriendRequest => &["friendWxid"],
            ActionType::PhoneContactAdd => &["phone", "reason"],
            ActionType::CustTags => &["userId", "tags", "erasingTags"],
            ActionType::TagsSync => &[],
            ActionType::CustRemark => &["userId", "realRemark", "userRemark"],
            ActionType::InfoModify => &["name", "alias", "gender", "phone", "mobile", "position"],
            ActionType::DeleteGroupMembers => &["groupId", "members"],
            ActionType::ConvAdmins => &["conversationId"],
            ActionType::ConvModifyAdmins => &["opcode", "conversationId", "admins"],
            ActionType::InviteFriendsJoinGroup => &["groupId", "friends"],
            ActionType::ModifyGroupName => &["groupId", "newName"],
            ActionType::CreateGroup => &["topic", "memberWxids"],
            ActionType::ContactsInquiry => &["contacts"],
            ActionType::SetGroupAnnouncement => &["groupId", "isAll", "notice"],
            ActionType::NewFriendRequest | ActionType::GroupMembersChanged => &[],
        };
        let mut known: Vec<&str> = common.to_vec();
        known.extend_from_slice(extra);
        self.unknown(o, "", &known);
        match a {
            ActionType::MessageForward => {
                self.id(o, "", "msgSvrID", true, false);
                if let Some(f) = self.ids(o, "", "friends", true, true) {
                    if Self::present(o, "friends").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                        self.non_empty_list(&LIST_NON_EMPTY, "friends", f.len());
                    }
                }
            }
            ActionType::AcceptFriendRequest => {
                self.id(o, "", "friendWxid", true, false);
            }
            ActionType::PhoneContactAdd => {
                self.str(o, "", "phone", true);
                self.str(o, "", "reason", false);
            }
            ActionType::CustTags => {
                self.id(o, "", "userId", true, false);
                let tags = self.ids(o, "", "tags", false, false).unwrap_or_default();
                let erase = self.ids(o, "", "erasingTags", false, false).unwrap_or_default();
                let given = |k: &str| Self::present(o, k).and_then(Value::as_array).map_or(0, Vec::len);
                if given("tags") == 0 && given("erasingTags") == 0 {
                    self.push(&CUST_TAGS_NON_EMPTY, "tags", json!(">= 1 in tags or erasingTags"), json!(0), "nothing to tag: tags and erasingTags are both empty");
                }
                for (i, t) in tags.iter().enumerate() {
                    if erase.contains(t) {
                        self.push(&CUST_TAGS_DISJOINT, format!("tags[{i}]"), json!("not in erasingTags"), json!(t), format!("tag {t} is both added and erased"));
                    }
                }
            }
            ActionType::TagsSync => {}
            ActionType::CustRemark => {
                self.id(o, "", "userId", true, false);
                let a = self.str(o, "", "realRemark", false);
                let b = self.str(o, "", "userRemark", false);
                if a.is_none() && b.is_none() && Self::present(o, "realRemark").is_none() && Self::present(o, "userRemark").is_none() {
                    self.push(&CUST_REMARK_ONE_OF, "realRemark", json!("realRemark | userRemark"), Value::Null, "give realRemark (备注名), userRemark (描述) or both");
                }
            }
            ActionType::InfoModify => {
                let mut any = false;
                for f in ["name", "alias", "phone", "mobile", "position"] {
                    any |= Self::present(o, f).is_some();
                    self.str(o, "", f, false);
                }
                any |= Self::present(o, "gender").is_some();
                self.enum_int(&GENDER, o, "", "gender", &[1, 2], false);
                if !any {
                    self.push(&INFO_MODIFY_ONE_OF, "", json!(["name", "alias", "gender", "phone", "mobile", "position"]), Value::Null, "nothing to modify");
                }
            }
            ActionType::DeleteGroupMembers => {
                self.group_field(o, "", "groupId", true);
                self.id_list(o, "members");
            }
            ActionType::ConvAdmins => self.group_field(o, "", "conversationId", true),
            ActionType::ConvModifyAdmins => {
                self.enum_int(&ADMINS_OPCODE, o, "", "opcode", &[1, 2], true);
                self.group_field(o, "", "conversationId", true);
                match Self::present(o, "admins") {
                    None => self.push(&ADMINS_NON_EMPTY, "admins", json!(">= 1"), Value::Null, "admins is required (the platform answers \"admins invalid\")"),
                    Some(Value::Array(a)) if a.is_empty() => {
                        self.push(&ADMINS_NON_EMPTY, "admins", json!(">= 1"), json!(0), "admins must not be empty (the platform answers \"admins invalid\")")
                    }
                    Some(_) => {
                        if let Some(ids) = self.ids(o, "", "admins", true, false) {
                            let n = Self::present(o, "admins").and_then(Value::as_array).map_or(0, Vec::len);
                            if n > MAX_GROUP_ADMINS {
                                self.push(&ADMINS_MAX, "admins", json!(MAX_GROUP_ADMINS), json!(n), format!("{n} admins named; a group has at most {MAX_GROUP_ADMINS} besides the owner"));
                            }
                            for (i, id) in ids.iter().enumerate() {
                                if id.starts_with("788") {
                                    self.push(&ADMINS_STAFF, format!("admins[{i}]"), json!("enterprise member"), json!(id), format!("admin {id} looks like an external contact; admins must be enterprise members"));
                                }
                            }
                        }
                    }
                }
            }
            ActionType::InviteFriendsJoinGroup => {
                self.group_field(o, "", "groupId", true);
                self.id_list(o, "friends");
            }
            ActionType::ModifyGroupName => {
                self.group_field(o, "", "groupId", true);
                self.str(o, "", "newName", true);
            }
            ActionType::CreateGroup => {
                self.str(o, "", "topic", false);
                self.id_list(o, "memberWxids");
            }
            ActionType::ContactsInquiry => {
                if let Some(ids) = self.ids(o, "", "contacts", true, true) {
                    if Self::present(o, "contacts").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                        self.non_empty_list(&LIST_NON_EMPTY, "contacts", ids.len());
                    }
                }
            }
            ActionType::SetGroupAnnouncement => {
                self.group_field(o, "", "groupId", true);
                self.str(o, "", "notice", true);
                self.enum_int(&ANNOUNCEMENT_IS_ALL, o, "", "isAll", &[0, 1], false);
            }
            ActionType::NewFriendRequest | ActionType::GroupMembersChanged => {}
        }
    }

    /// A required, non-empty list of user ids (digits; JSON numbers must be JS-safe).
    pub(super) fn id_list(&mut self, o: &Map<String, Value>, k: &str) {
        if self.ids(o, "", k, true, false).is_some() && Self::present(o, k).and_then(Value::as_array).is_some_and(Vec::is_empty) {
            self.non_empty_list(&LIST_NON_EMPTY, k, 0);
        }
    }
}
