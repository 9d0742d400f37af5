//! The endpoint table: every JD ME API the seed documents (seed `000_…`, 即时通讯/* and
//! 鉴权管理/*), with its path, the access token its `authorization` header carries, where the
//! request body puts `robotId`, which destination fields the envelope takes and which quotas
//! apply; plus the path-only suite APIs of the API列表 (calendar, joyspace, joywork, autobots).
//!
//! Choices where the seed contradicts itself (each one is pinned by a test):
//! - 以用户身份添加群成员 shows the URL `…/timline/transferGroupOwner` (a copy of the next
//!   page) while the API列表 gives `…/timline/userAddGroupMember`. Sending a member list to
//!   transferGroupOwner could hand the group away, so the endpoint is `userAddGroupMember`.
//! - 以用户身份设置管理员 is listed in the API列表 as `userAddGroupMember` (copy of the next row)
//!   while its own page says `…/timline/userAddGroupAdmin`; the page wins for the same reason.
//! - The API列表 writes some paths without the leading `/` (updateGroup, addGroupMember,
//!   getRobotGroup); every path here starts with `/open-api/`.
//! - `access_token` (code → user token) needs `Bearer ${team_access_token}` per its page even
//!   though the body also carries the appAccessToken; the table follows the page.
//! - The suite APIs' token type is not in the seed; the table says `team` (what every
//!   documented robot/app API uses) and marks them `documented: false`.

use serde::Serialize;

/// Production host (内网域名). The seed recommends it over the public one and over 预发.
pub const BASE_URL: &str = "http://openme.jd.local";

/// Which access token goes into `authorization: Bearer …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenKind {
    /// No `authorization` header (app_access_token, team_access_token).
    None,
    /// `Bearer ${team_access_token}`.
    Team,
    /// `Bearer ${user_access_token}` (以用户身份 APIs).
    User,
}

impl TokenKind {
    /// Every variant, for the generated TypeScript union (`cargo run --bin gen-tables`).
    pub const ALL: [TokenKind; 3] = [TokenKind::None, TokenKind::Team, TokenKind::User];
}

/// Where the body carries `robotId`, copied from each page's request example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RobotIdPlacement {
    None,
    /// Top level of the envelope only.
    Top,
    /// Inside `params` only.
    Params,
    /// Both at the top level and inside `params`.
    Both,
}

impl RobotIdPlacement {
    /// Every variant, for the generated TypeScript union (`cargo run --bin gen-tables`).
    pub const ALL: [RobotIdPlacement; 4] = [RobotIdPlacement::None, RobotIdPlacement::Top, RobotIdPlacement::Params, RobotIdPlacement::Both];
    pub const fn top(self) -> bool {
        matches!(self, RobotIdPlacement::Top | RobotIdPlacement::Both)
    }
    pub const fn params(self) -> bool {
        matches!(self, RobotIdPlacement::Params | RobotIdPlacement::Both)
    }
}

/// Which destination fields the envelope takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DestinationPolicy {
    /// Exactly one of `erp`+`tenantId` (a user) or `groupId` (a group): the send APIs, the
    /// 置顶卡片 ones too. Those are filed under "群置顶卡片" and every example uses `groupId`,
    /// but their own tables say "目的地要么是erp要么是咚咚群号，必须二选一"; an earlier
    /// `groupId`-only policy refused what the seed allows (issue 14).
    Target,
    /// Optional `erp` (+ optional `tenantId`) naming the acting user, never `groupId`
    /// (createGroup, userAddGroupMember, as in their examples).
    Operator,
    /// `erp` and `tenantId` both required (userTokenAuthorize).
    User,
    /// No destination fields at all.
    None,
}

/// What the interception rules (拦截规则) see in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MessageKind {
    /// Not a message: interception rules do not apply.
    None,
    /// A text message (`params.body.content`).
    Text,
    /// A card message (`params.data`).
    Card,
    /// A change/unpin notice for an earlier card: no content of its own, but it is a push to
    /// a user or group, so the delivery-frequency rules count it (the stricter reading).
    Change,
}

/// Broad family, for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Family {
    Auth,
    Timline,
    Suite,
}

/// The documented endpoints that have typed builders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Endpoint {
    AppAccessToken,
    TeamAccessToken,
    UserAccessToken,
    SendRobotMsg,
    SendJueMsg,
    SendJueChangeMsg,
    SendStickyCardMsg,
    SendStickyCardChangesMsg,
    SendUnpinCardMsg,
    CreateGroup,
    UpdateGroup,
    AddGroupMember,
    KickOutGroup,
    GetRobotGroup,
    AddGroupAdmin,
    WithdrawMsg,
    DoTopNotice,
    CancelTopNotice,
    GetGroupInfo,
    GetGroupMembers,
    IsGroupExist,
    GetEffectiveGroupId,
    UserAddGroupMember,
    TransferGroupOwner,
    UserAddGroupAdmin,
    UserTokenAuthorize,
}

/// One row of the endpoint table.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSpec {
    #[serde(skip)]
    pub endpoint: Endpoint,
    /// Stable name used across the JS boundary: the last path segment.
    pub name: &'static str,
    pub path: &'static str,
    pub method: &'static str,
    /// The seed's page title.
    pub title: &'static str,
    pub family: Family,
    pub token: TokenKind,
    pub robot_id: RobotIdPlacement,
    pub destination: DestinationPolicy,
    pub message: MessageKind,
    /// Ids of the stateful quota rules (`rules::RULES`, `ratelimit::LIMITS`) for this API.
    pub quotas: &'static [&'static str],
    /// Whether the request body follows the `{appId, requestId, dateTime, …, params}` envelope.
    pub envelope: bool,
    /// `dateTime` is required (only userTokenAuthorize says 是; elsewhere it is 否 but robotwire
    /// always sends it).
    pub date_time_required: bool,
    /// Whether the seed documents the request body (false for the path-only suite APIs).
    pub documented: bool,
    /// Whether the request may be sent again when its outcome is unknown (timeout, connection
    /// lost, an answer that cannot be read): see [`Endpoint::retry_safe`].
    pub retry_safe: bool,
}

impl Endpoint {
    /// Reads, and the app/team token fetches (another token is harmless), may be repeated.
    /// Everything else acts (a message, a group, a member, a card, a code exchange: the
    /// pre-authorisation code is single-use) and the seed never says the platform deduplicates
    /// on `requestId` ("requestId 不能重复" only forbids repeating it), so a repeat after an
    /// unknown outcome could do the work twice: those fail with the outcome unknown instead.
    pub const fn retry_safe(self) -> bool {
        matches!(
            self,
            Endpoint::AppAccessToken
                | Endpoint::TeamAccessToken
                | Endpoint::GetRobotGroup
                | Endpoint::GetGroupInfo
                | Endpoint::GetGroupMembers
                | Endpoint::IsGroupExist
                | Endpoint::GetEffectiveGroupId
        )
    }
}

pub const Q_SEND: &[&str] = &["jdme.quota.send.per_second", "jdme.quota.send.per_minute"];
pub const Q_GROUP_10: &[&str] = &["jdme.quota.group.per_second"];
pub const Q_CREATE_GROUP: &[&str] = &["jdme.quota.create_group.per_day"];
const Q_NONE: &[&str] = &[];

#[allow(clippy::too_many_arguments)]
const fn spec(
    endpoint: Endpoint,
    name: &'static str,
    path: &'static str,
    title: &'static str,
    family: Family,
    token: TokenKind,
    robot_id: RobotIdPlacement,
    destination: DestinationPolicy,
    message: MessageKind,
    quotas: &'static [&'static str],
) -> EndpointSpec {
    EndpointSpec {
        endpoint,
        name,
        path,
        method: "POST",
        title,
        family,
        token,
        robot_id,
        destination,
        message,
        quotas,
        envelope: !matches!(family, Family::Auth),
        date_time_required: matches!(endpoint, Endpoint::UserTokenAuthorize),
        documented: true,
        retry_safe: endpoint.retry_safe(),
    }
}

use DestinationPolicy as D;
use Endpoint as E;
use Family as F;
use MessageKind as M;
use RobotIdPlacement as R;
use TokenKind as T;

/// Every documented endpoint, in seed order.
pub static ENDPOINTS: &[EndpointSpec] = &[
    spec(E::AppAccessToken, "app_access_token", "/open-api/auth/v1/app_access_token", "获取AppAccessToken", F::Auth, T::None, R::None, D::None, M::None, Q_NONE),
    spec(E::TeamAccessToken, "team_access_token", "/open-api/auth/v1/team_access_token", "获取TeamAccessToken", F::Auth, T::None, R::None, D::None, M::None, Q_NONE),
    spec(E::UserAccessToken, "access_token", "/open-api/auth/v1/access_token", "获取UserAccessToken（code换取）", F::Auth, T::Team, R::None, D::None, M::None, Q_NONE),
    spec(E::SendRobotMsg, "sendRobotMsg", "/open-api/suite/v1/timline/sendRobotMsg", "通过机器人发送消息", F::Timline, T::Team, R::Params, D::Target, M::Text, Q_SEND),
    spec(E::SendJueMsg, "sendJUEMsg", "/open-api/suite/v1/timline/sendJUEMsg", "发送互动卡片消息", F::Timline, T::Team, R::Params, D::Target, M::Card, Q_SEND),
    spec(E::SendJueChangeMsg, "sendJUEChangeMsg", "/open-api/suite/v1/timline/sendJUEChangeMsg", "发送互动卡片变更消息", F::Timline, T::Team, R::Params, D::Target, M::Change, Q_SEND),
    spec(E::SendStickyCardMsg, "sendStickyCardMsg", "/open-api/suite/v1/timline/sendStickyCardMsg", "发送置顶卡片消息", F::Timline, T::Team, R::Params, D::Target, M::Card, Q_SEND),
    spec(E::SendStickyCardChangesMsg, "sendStickyCardChangesMsg", "/open-api/suite/v1/timline/sendStickyCardChangesMsg", "发送置顶卡片变更消息", F::Timline, T::Team, R::Params, D::Target, M::Change, Q_SEND),
    spec(E::SendUnpinCardMsg, "sendUnpinCardMsg", "/open-api/suite/v1/timline/sendUnpinCardMsg", "发送取消置顶卡片消息", F::Timline, T::Team, R::Params, D::Target, M::Change, Q_SEND),
    spec(E::CreateGroup, "createGroup", "/open-api/suite/v1/timline/createGroup", "创建群", F::Timline, T::Team, R::Top, D::Operator, M::None, Q_CREATE_GROUP),
    spec(E::UpdateGroup, "updateGroup", "/open-api/suite/v1/timline/updateGroup", "更新群信息", F::Timline, T::Team, R::Top, D::None, M::None, Q_NONE),
    spec(E::AddGroupMember, "addGroupMember", "/open-api/suite/v1/timline/addGroupMember", "将用户或机器人拉入群聊", F::Timline, T::Team, R::Both, D::None, M::None, Q_NONE),
    spec(E::KickOutGroup, "kickOutGroup", "/open-api/suite/v1/timline/kickOutGroup", "将用户或机器人移出群聊", F::Timline, T::Team, R::Params, D::None, M::None, Q_NONE),
    spec(E::GetRobotGroup, "getRobotGroup", "/open-api/suite/v1/timline/getRobotGroup", "获取机器人所在的群", F::Timline, T::Team, R::Params, D::None, M::None, Q_GROUP_10),
    spec(E::AddGroupAdmin, "addGroupAdmin", "/open-api/suite/v1/timline/addGroupAdmin", "添加群管理员", F::Timline, T::Team, R::Top, D::None, M::None, Q_GROUP_10),
    spec(E::WithdrawMsg, "withdrawMsg", "/open-api/suite/v1/timline/withdrawMsg", "撤回消息", F::Timline, T::Team, R::Both, D::None, M::None, Q_GROUP_10),
    spec(E::DoTopNotice, "doTopNotice", "/open-api/suite/v1/timline/doTopNotice", "以用户身份置顶群公告", F::Timline, T::User, R::Top, D::None, M::None, Q_GROUP_10),
    spec(E::CancelTopNotice, "cancelTopNotice", "/open-api/suite/v1/timline/cancelTopNotice", "取消群公告置顶", F::Timline, T::User, R::Top, D::None, M::None, Q_GROUP_10),
    spec(E::GetGroupInfo, "getGroupInfo", "/open-api/suite/v1/timline/getGroupInfo", "查询群信息", F::Timline, T::Team, R::Top, D::None, M::None, Q_NONE),
    spec(E::GetGroupMembers, "getGroupMembers", "/open-api/suite/v1/timline/getGroupMembers", "查询成员", F::Timline, T::Team, R::Both, D::None, M::None, Q_NONE),
    spec(E::IsGroupExist, "isGroupExist", "/open-api/suite/v1/timline/isGroupExist", "群是否存在", F::Timline, T::Team, R::None, D::None, M::None, Q_NONE),
    spec(E::GetEffectiveGroupId, "getEffectiveGroupId", "/open-api/suite/v1/timline/getEffectiveGroupId", "判断用户是否在群里", F::Timline, T::Team, R::None, D::None, M::None, Q_NONE),
    spec(E::UserAddGroupMember, "userAddGroupMember", "/open-api/suite/v1/timline/userAddGroupMember", "以用户身份添加群成员", F::Timline, T::User, R::Both, D::Operator, M::None, Q_NONE),
    spec(E::TransferGroupOwner, "transferGroupOwner", "/open-api/suite/v1/timline/transferGroupOwner", "以用户身份转让群主", F::Timline, T::User, R::Top, D::None, M::None, Q_NONE),
    spec(E::UserAddGroupAdmin, "userAddGroupAdmin", "/open-api/suite/v1/timline/userAddGroupAdmin", "以用户身份设置管理员", F::Timline, T::User, R::Top, D::None, M::None, Q_NONE),
    spec(E::UserTokenAuthorize, "userTokenAuthorize", "/open-api/suite/v1/timline/userTokenAuthorize", "调用开放api获取code（用户授权）", F::Timline, T::Team, R::Top, D::User, M::None, Q_NONE),
];

impl Endpoint {
    pub fn spec(self) -> &'static EndpointSpec {
        // Every variant has exactly one row (tested); the fallback is unreachable in practice
        // and keeps this function total without a panic path.
        ENDPOINTS.iter().find(|s| s.endpoint == self).unwrap_or(&ENDPOINTS[0])
    }
    pub fn name(self) -> &'static str {
        self.spec().name
    }
    /// Accepts the stable name (`sendRobotMsg`, `access_token`, …) or the full path.
    pub fn from_name(name: &str) -> Option<Endpoint> {
        let n = name.trim();
        ENDPOINTS.iter().find(|s| s.name == n || s.path == n).map(|s| s.endpoint)
    }
}

/// A path-only suite API from the API列表: the seed gives its path and purpose, not its body.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SuiteApi {
    pub path: &'static str,
    /// calendar | joyspace | joywork | autobots
    pub service: &'static str,
    /// The API名称 column.
    pub title: &'static str,
    /// The 汇总 (permission) column; `None` where the flattened table lost it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<&'static str>,
}

const fn s(path: &'static str, service: &'static str, title: &'static str, permission: &'static str) -> SuiteApi {
    let permission = if permission.is_empty() { None } else { Some(permission) };
    SuiteApi { path, service, title, permission }
}

pub mod suite {
    //! Path constants of the suite APIs, spelled exactly as the API列表 has them
    //! (including `getAppontmentInfoList`, which is the platform's spelling).
    pub const JOYSPACE_GET_TASK_FINISH_PERCENT: &str = "/open-api/suite/v1/joyspace/getTaskFinishPercent";
    pub const JOYSPACE_GET_FOLDER_LIST: &str = "/open-api/suite/v1/joyspace/getFolderList";
    pub const JOYSPACE_GET_USER_RECENT_VIEW: &str = "/open-api/suite/v1/joyspace/getUserRecentView";
    pub const JOYSPACE_GET_FILE_LIST_OF_FOLDER: &str = "/open-api/suite/v1/joyspace/getFileListOfFolder";
    pub const JOYSPACE_SEARCH: &str = "/open-api/suite/v1/joyspace/search";
    pub const JOYSPACE_REMOVE_TEAM_MEMBERS: &str = "/open-api/suite/v1/joyspace/removeTeamMembers";
    pub const JOYSPACE_MODIFY_BIZ_SETTINGS: &str = "/open-api/suite/v1/joyspace/modifyBizSettings";
    pub const JOYSPACE_CHANGE_COOPERATOR_PERMISSION: &str = "/open-api/suite/v1/joyspace/changeCooperatorPermission";
    pub const JOYSPACE_CREATE_FOLDER: &str = "/open-api/suite/v1/joyspace/createFolder";
    pub const JOYSPACE_ADD_TEAM_MEMBERS: &str = "/open-api/suite/v1/joyspace/addTeamMembers";
    pub const JOYSPACE_MODIFY_MEMBERS_PERMISSION: &str = "/open-api/suite/v1/joyspace/modifyMembersPermission";
    pub const JOYSPACE_SHARE: &str = "/open-api/suite/v1/joyspace/share";
    pub const JOYSPACE_CREATE_PAGE: &str = "/open-api/suite/v1/joyspace/createPage";
    pub const JOYSPACE_GET_LOCATION: &str = "/open-api/suite/v1/joyspace/getLocation";
    pub const JOYSPACE_GET_PAGE_INFOS: &str = "/open-api/suite/v1/joyspace/getPageInfos";
    pub const JOYSPACE_EXPORT: &str = "/open-api/suite/v1/joyspace/export";
    pub const JOYSPACE_GET_PAGE_CONTENT: &str = "/open-api/suite/v1/joyspace/getPageContent";
    pub const CALENDAR_GET_SCHEDULE_DETAIL: &str = "/open-api/suite/v1/calendar/getScheduleDetail";
    pub const CALENDAR_GET_CALENDAR_LIST: &str = "/open-api/suite/v1/calendar/getCalendarList";
    pub const CALENDAR_GET_APPOINTMENT_INFO: &str = "/open-api/suite/v1/calendar/getAppointmentInfo";
    pub const CALENDAR_FIND_APPOINTMENT_LIST_FOR_THIRD_PARTY: &str = "/open-api/suite/v1/calendar/findAppointmentListForThirdParty";
    pub const CALENDAR_GET_APPONTMENT_INFO_LIST: &str = "/open-api/suite/v1/calendar/getAppontmentInfoList";
    pub const CALENDAR_CREATE_SCHEDULE: &str = "/open-api/suite/v1/calendar/createSchedule";
    pub const CALENDAR_ALTERATION_SCHEDULE: &str = "/open-api/suite/v1/calendar/alterationSchedule";
    pub const CALENDAR_CANCEL_APPOINTMENT: &str = "/open-api/suite/v1/calendar/cancelAppointment";
    pub const CALENDAR_REMOVE_SCHEDULE: &str = "/open-api/suite/v1/calendar/removeSchedule";
    pub const CALENDAR_ALTERATION_APPOINTMENT: &str = "/open-api/suite/v1/calendar/alterationAppointment";
    pub const JOYWORK_V2_UPDATE_TASK_STATUS: &str = "/open-api/suite/v2/joywork/updateTaskStatus";
    pub const JOYWORK_UPDATE_TASK: &str = "/open-api/suite/v1/joywork/updateTask";
    pub const JOYWORK_SYNC_TASK: &str = "/open-api/suite/v1/joywork/syncTask";
    pub const AUTOBOTS_RUN_WORKFLOW: &str = "/open-api/suite/v1/autobots/runWorkflow";
    pub const AUTOBOTS_GET_WORKFLOW_RESULT: &str = "/open-api/suite/v1/autobots/getWorkflowResult";
    pub const AUTOBOTS_SEARCH_AI_REQUEST: &str = "/open-api/suite/v1/autobots/searchAiRequest";
    pub const AUTOBOTS_SUGGESTION_QUERY: &str = "/open-api/suite/v1/autobots/suggestionQuery";
    pub const AUTOBOTS_GET_AGENT_BASE_INFO: &str = "/open-api/suite/v1/autobots/getAgentBaseInfo";
}

use suite::*;

/// Every suite API of the API列表 that is not a timline endpoint, deduplicated, in seed order.
pub static SUITE_APIS: &[SuiteApi] = &[
    s(JOYSPACE_GET_TASK_FINISH_PERCENT, "joyspace", "查询异步任务进度", "空间信息查询"),
    s(JOYSPACE_GET_FOLDER_LIST, "joyspace", "获取指定文件夹下的子文件夹列表", "空间信息查询"),
    s(JOYSPACE_GET_USER_RECENT_VIEW, "joyspace", "最近打开", "空间信息查询"),
    s(JOYSPACE_GET_FILE_LIST_OF_FOLDER, "joyspace", "获取指定文件夹下的子文件列表", "空间信息查询"),
    s(JOYSPACE_SEARCH, "joyspace", "搜索", "空间信息查询"),
    s(CALENDAR_GET_SCHEDULE_DETAIL, "calendar", "获取日程详情", "日程信息查询"),
    s(CALENDAR_GET_CALENDAR_LIST, "calendar", "获取日历列表", "日程信息查询"),
    s(CALENDAR_GET_APPOINTMENT_INFO, "calendar", "获取日程信息", "日程信息查询"),
    s(CALENDAR_FIND_APPOINTMENT_LIST_FOR_THIRD_PARTY, "calendar", "查询日程列表-三方", "日程信息查询"),
    s(CALENDAR_GET_APPONTMENT_INFO_LIST, "calendar", "获取日程列表", "日程信息查询"),
    s(CALENDAR_CREATE_SCHEDULE, "calendar", "创建日程", "日程管理"),
    s(CALENDAR_ALTERATION_SCHEDULE, "calendar", "变更日程", "日程管理"),
    s(CALENDAR_CANCEL_APPOINTMENT, "calendar", "取消日程", "日程管理"),
    s(CALENDAR_REMOVE_SCHEDULE, "calendar", "删除日程", "日程管理"),
    s(CALENDAR_ALTERATION_APPOINTMENT, "calendar", "修改日程", "日程管理"),
    s(JOYSPACE_REMOVE_TEAM_MEMBERS, "joyspace", "移除成员", "空间管理"),
    s(JOYSPACE_MODIFY_BIZ_SETTINGS, "joyspace", "修改安全设置", "空间管理"),
    s(JOYSPACE_CHANGE_COOPERATOR_PERMISSION, "joyspace", "修改协作人权限", "空间管理"),
    s(JOYSPACE_CREATE_FOLDER, "joyspace", "创建文件夹", "空间管理"),
    s(JOYSPACE_ADD_TEAM_MEMBERS, "joyspace", "添加空间成员", "空间管理"),
    s(JOYSPACE_MODIFY_MEMBERS_PERMISSION, "joyspace", "修改空间成员权限", "空间管理"),
    s(JOYSPACE_SHARE, "joyspace", "分享", "文档管理"),
    s(JOYSPACE_CREATE_PAGE, "joyspace", "创建文档", "文档管理"),
    s(JOYWORK_V2_UPDATE_TASK_STATUS, "joywork", "完成JoyWork任务", "任务管理"),
    s(JOYWORK_UPDATE_TASK, "joywork", "更新JoyWork任务", "任务管理"),
    s(JOYWORK_SYNC_TASK, "joywork", "同步JoyWork任务", "任务管理"),
    s(AUTOBOTS_RUN_WORKFLOW, "autobots", "执行工作流", "工作流"),
    s(AUTOBOTS_GET_WORKFLOW_RESULT, "autobots", "工作流异步获取结果", "工作流"),
    s(AUTOBOTS_SEARCH_AI_REQUEST, "autobots", "智能体问答请求", "工作流"),
    s(AUTOBOTS_SUGGESTION_QUERY, "autobots", "智能体会话推荐", "智能体"),
    s(AUTOBOTS_GET_AGENT_BASE_INFO, "autobots", "获取智能体基本信息", "智能体"),
    s(JOYSPACE_GET_LOCATION, "joyspace", "获取文档位置", ""),
    s(JOYSPACE_GET_PAGE_INFOS, "joyspace", "查询文档信息", ""),
    s(JOYSPACE_EXPORT, "joyspace", "导出", ""),
    s(JOYSPACE_GET_PAGE_CONTENT, "joyspace", "获取文档内容", "获取文档内容"),
];

/// Finds a suite API by its full path (a leading `/` may be missing, as in parts of the seed).
pub fn suite_api(path: &str) -> Option<&'static SuiteApi> {
    let p = path.trim();
    let p = p.strip_prefix('/').unwrap_or(p);
    SUITE_APIS.iter().find(|a| a.path.get(1..) == Some(p))
}

/// The token kind assumed for suite APIs (not documented in the seed; see the module docs).
pub const SUITE_TOKEN: TokenKind = TokenKind::Team;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_one_row_and_names_are_unique() {
        for (i, a) in ENDPOINTS.iter().enumerate() {
            assert_eq!(a.endpoint.spec().name, a.name);
            assert_eq!(Endpoint::from_name(a.name), Some(a.endpoint));
            assert_eq!(Endpoint::from_name(a.path), Some(a.endpoint));
            assert!(a.path.starts_with("/open-api/"));
            assert!(a.path.ends_with(a.name), "{}", a.name);
            for b in &ENDPOINTS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.endpoint, b.endpoint);
            }
        }
        assert_eq!(ENDPOINTS.len(), 26);
    }

    #[test]
    fn seed_contradictions_resolved_safely() {
        // 以用户身份添加群成员: never the transferGroupOwner URL its page shows.
        assert_eq!(E::UserAddGroupMember.spec().path, "/open-api/suite/v1/timline/userAddGroupMember");
        assert_eq!(E::UserAddGroupAdmin.spec().path, "/open-api/suite/v1/timline/userAddGroupAdmin");
        assert_eq!(E::UserAccessToken.spec().token, TokenKind::Team);
        assert_eq!(E::DoTopNotice.spec().token, TokenKind::User);
        assert_eq!(E::AppAccessToken.spec().token, TokenKind::None);
        for e in ENDPOINTS.iter().filter(|e| e.family == Family::Timline) {
            assert!(e.path.starts_with("/open-api/suite/v1/timline/"), "{}", e.name);
        }
    }

    #[test]
    fn suite_lookup() {
        assert_eq!(SUITE_APIS.len(), 35);
        assert!(suite_api("open-api/suite/v1/joyspace/search").is_some());
        assert!(suite_api(JOYWORK_V2_UPDATE_TASK_STATUS).is_some());
        assert!(suite_api("/open-api/suite/v1/joyspace/nope").is_none());
        for (i, a) in SUITE_APIS.iter().enumerate() {
            for b in &SUITE_APIS[i + 1..] {
                assert_ne!(a.path, b.path);
            }
        }
    }
}
