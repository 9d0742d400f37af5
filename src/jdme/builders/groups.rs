//! Group builders: create/update a group, members, admins, top notices, withdraw, group queries
//! and transferGroupOwner (inputs and builders; the shared helpers are in `mod.rs`).

use super::*;

input! {
    /// createGroup.
    CreateGroupInput: robot {
        /// The acting user, as in the seed's example (optional).
        #[serde(default)]
        pub erp: Option<String>,
        #[serde(default)]
        pub tenant_id: Option<TenantId>,
        pub name: String,
        #[serde(default)]
        pub notice: Option<String>,
        #[serde(default)]
        pub avatar: Option<String>,
        #[serde(default)]
        pub intro: Option<String>,
        pub owner: Member,
        pub members: Vec<Member>,
        pub unique_key: String,
    }
}

input! {
    /// updateGroup.
    UpdateGroupInput: group {
        #[serde(default)]
        pub name: Option<String>,
        #[serde(default)]
        pub notice: Option<String>,
        #[serde(default)]
        pub avatar: Option<String>,
        #[serde(default)]
        pub intro: Option<String>,
    }
}

input! {
    /// addGroupMember and kickOutGroup.
    GroupMembersInput: group {
        pub members: Vec<Member>,
    }
}

input! {
    /// userAddGroupMember (user token; the example names the acting user in a top-level `erp`).
    UserAddGroupMemberInput: group {
        #[serde(default)]
        pub erp: Option<String>,
        #[serde(default)]
        pub tenant_id: Option<TenantId>,
        pub members: Vec<Member>,
    }
}

input! {
    /// getRobotGroup and getGroupMembers paging.
    GetRobotGroupInput: robot {
        /// Default 1.
        #[serde(default)]
        pub page_no: Option<u32>,
        /// Default 10 (the examples' value); at most 200.
        #[serde(default)]
        pub page_size: Option<u32>,
    }
}

input! {
    /// getGroupMembers.
    GetGroupMembersInput: group {
        /// Default 1.
        #[serde(default)]
        pub page_no: Option<u32>,
        /// Default 10 (the example's value).
        #[serde(default)]
        pub page_size: Option<u32>,
    }
}

input! {
    /// addGroupAdmin and userAddGroupAdmin.
    GroupAdminInput: group {
        pub admin_member: Member,
    }
}

input! {
    /// withdrawMsg.
    WithdrawMsgInput: robot {
        /// The packetId sendRobotMsg returned.
        pub packet_id: String,
    }
}

input! {
    /// doTopNotice. Without `content` the group's current notice is pinned
    /// ("content为空…则置顶当前群的公告信息").
    DoTopNoticeInput: group {
        #[serde(default)]
        pub content: Option<String>,
    }
}

input! {
    /// cancelTopNotice.
    CancelTopNoticeInput: group {
        pub res_id: ResId,
    }
}

input! {
    /// getGroupInfo.
    GetGroupInfoInput: group {
        pub operator: Member,
        #[serde(default)]
        pub mode: Option<GroupInfoMode>,
    }
}

/// isGroupExist.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IsGroupExistInput {
    pub group_id: String,
}

/// getEffectiveGroupId: which of `groupIds` the user is in.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetEffectiveGroupIdInput {
    pub app: App,
    pub pin: String,
    pub group_ids: Vec<String>,
}

input! {
    /// transferGroupOwner.
    TransferGroupOwnerInput: group {
        pub new_owner: Member,
    }
}

pub fn create_group(i: CreateGroupInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::CreateGroup, ctx, i.target())?;
    env.operator_erp = operator(&i.erp, i.tenant_id)?;
    let mut p = params_with_robot(
        r,
        vec![
            ("name", s(&i.name)),
            ("owner", member_value(&i.owner)),
            ("members", members_value(&i.members)),
            ("uniqueKey", s(&i.unique_key)),
        ],
    );
    put(&mut p, "notice", &i.notice);
    put(&mut p, "avatar", &i.avatar);
    put(&mut p, "intro", &i.intro);
    Ok(env.into_body(Value::Object(p)))
}

pub fn update_group(i: UpdateGroupInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::UpdateGroup, ctx, i.target())?;
    let mut p = params_with_robot(r, vec![("groupId", s(&i.group_id))]);
    put(&mut p, "name", &i.name);
    put(&mut p, "notice", &i.notice);
    put(&mut p, "avatar", &i.avatar);
    put(&mut p, "intro", &i.intro);
    Ok(env.into_body(Value::Object(p)))
}

fn group_members(endpoint: Endpoint, i: GroupMembersInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(endpoint, ctx, i.target())?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("members", members_value(&i.members))]);
    Ok(env.into_body(Value::Object(p)))
}

pub fn add_group_member(i: GroupMembersInput, ctx: &Context) -> Result<Value> {
    group_members(Endpoint::AddGroupMember, i, ctx)
}

pub fn kick_out_group(i: GroupMembersInput, ctx: &Context) -> Result<Value> {
    group_members(Endpoint::KickOutGroup, i, ctx)
}

pub fn user_add_group_member(i: UserAddGroupMemberInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::UserAddGroupMember, ctx, i.target())?;
    env.operator_erp = operator(&i.erp, i.tenant_id)?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("members", members_value(&i.members))]);
    Ok(env.into_body(Value::Object(p)))
}

/// Default page size: the value of the seed's examples.
pub const DEFAULT_PAGE_SIZE: u32 = 10;

pub fn get_robot_group(i: GetRobotGroupInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::GetRobotGroup, ctx, i.target())?;
    let p = params_with_robot(
        r,
        vec![
            ("pageNo", Value::from(i.page_no.unwrap_or(1))),
            ("pageSize", Value::from(i.page_size.unwrap_or(DEFAULT_PAGE_SIZE))),
        ],
    );
    Ok(env.into_body(Value::Object(p)))
}

fn group_admin(endpoint: Endpoint, i: GroupAdminInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(endpoint, ctx, i.target())?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("adminMember", member_value(&i.admin_member))]);
    Ok(env.into_body(Value::Object(p)))
}

pub fn add_group_admin(i: GroupAdminInput, ctx: &Context) -> Result<Value> {
    group_admin(Endpoint::AddGroupAdmin, i, ctx)
}

pub fn user_add_group_admin(i: GroupAdminInput, ctx: &Context) -> Result<Value> {
    group_admin(Endpoint::UserAddGroupAdmin, i, ctx)
}

pub fn withdraw_msg(i: WithdrawMsgInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::WithdrawMsg, ctx, i.target())?;
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("packetId", s(&i.packet_id))]))))
}

pub fn do_top_notice(i: DoTopNoticeInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::DoTopNotice, ctx, i.target())?;
    let mut p = params_with_robot(r, vec![("groupId", s(&i.group_id))]);
    put(&mut p, "content", &i.content);
    Ok(env.into_body(Value::Object(p)))
}

pub fn cancel_top_notice(i: CancelTopNoticeInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::CancelTopNotice, ctx, i.target())?;
    let p = params_with_robot(
        r,
        vec![("resId", serde_json::to_value(&i.res_id).unwrap_or(Value::Null)), ("groupId", s(&i.group_id))],
    );
    Ok(env.into_body(Value::Object(p)))
}

pub fn get_group_info(i: GetGroupInfoInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::GetGroupInfo, ctx, i.target())?;
    let mut p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("operator", member_value(&i.operator))]);
    put(&mut p, "mode", &i.mode);
    Ok(env.into_body(Value::Object(p)))
}

pub fn get_group_members(i: GetGroupMembersInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::GetGroupMembers, ctx, i.target())?;
    let p = params_with_robot(
        r,
        vec![
            ("groupId", s(&i.group_id)),
            ("pageNo", Value::from(i.page_no.unwrap_or(1))),
            ("pageSize", Value::from(i.page_size.unwrap_or(DEFAULT_PAGE_SIZE))),
        ],
    );
    Ok(env.into_body(Value::Object(p)))
}

pub fn is_group_exist(i: IsGroupExistInput, ctx: &Context) -> Result<Value> {
    let (env, _) = start(Endpoint::IsGroupExist, ctx, Target::default())?;
    Ok(env.into_body(obj(vec![("groupId", s(&i.group_id))])))
}

pub fn get_effective_group_id(i: GetEffectiveGroupIdInput, ctx: &Context) -> Result<Value> {
    let (env, _) = start(Endpoint::GetEffectiveGroupId, ctx, Target::default())?;
    let ids = Value::Array(i.group_ids.iter().map(|g| s(g)).collect());
    Ok(env.into_body(obj(vec![("app", s(i.app.as_str())), ("pin", s(&i.pin)), ("groupIds", ids)])))
}

pub fn transfer_group_owner(i: TransferGroupOwnerInput, ctx: &Context) -> Result<Value> {
    let (env, r) = start(Endpoint::TransferGroupOwner, ctx, i.target())?;
    let p = params_with_robot(r, vec![("groupId", s(&i.group_id)), ("newOwner", member_value(&i.new_owner))]);
    Ok(env.into_body(Value::Object(p)))
}
