//! Parsers of `action` frames (3.7–3.23): the result of every outbound action and the events
//! 3.8 `robot.on.new.friend.request` and 3.22 `robot.group.members.changed`, one typed
//! [`ActionData`] variant per `type`.

use super::*;

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
