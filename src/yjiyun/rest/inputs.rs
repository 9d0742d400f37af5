//! The input of every REST endpoint (2.1–2.13) as a TypeScript caller writes it, and how each
//! maps to its wire fields; `mod.rs` turns the fields into a [`RestRequest`](super::RestRequest).

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Empty {}

/// 2.1
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthInput {
    pub access_key: String,
    pub access_secret: String,
}

pub(super) fn auth(i: AuthInput) -> Fields {
    Fields::default().put("accessKey", i.access_key).put("accessSecret", i.access_secret)
}

/// 2.3
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerListInput {
    pub robot_key: String,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub user_id: Option<Id>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub page_num: Option<i64>,
    #[serde(default)]
    pub page_size: Option<i64>,
    #[serde(default)]
    pub tag_list: Option<Vec<String>>,
}

pub(super) fn customer_list(i: CustomerListInput) -> Fields {
    Fields::default()
        .put("robotKey", i.robot_key)
        .opt("status", i.status)
        .opt("userId", i.user_id.map(|u| u.to_wire_number()))
        .opt("name", i.name)
        .opt("pageNum", i.page_num)
        .opt("pageSize", i.page_size)
        .opt("tagList", i.tag_list)
}

/// 2.4
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupListInput {
    pub robot_key: String,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub creator_id: Option<Id>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub page_num: Option<i64>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

pub(super) fn group_list(i: GroupListInput) -> Fields {
    Fields::default()
        .put("robotKey", i.robot_key)
        .opt("status", i.status)
        .opt("conversationId", i.conversation_id)
        .opt("creatorId", i.creator_id.map(|u| u.to_wire_number()))
        .opt("name", i.name)
        .opt("pageNum", i.page_num)
        .opt("pageSize", i.page_size)
}

/// 2.5: either `robotKey` + `conversationIds` (selection) or `robotKeys` + filters (query).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupDownloadInput {
    #[serde(default)]
    pub robot_key: Option<String>,
    #[serde(default)]
    pub conversation_ids: Option<Vec<String>>,
    #[serde(default)]
    pub robot_keys: Option<Vec<String>>,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub creator_name: Option<String>,
    #[serde(default)]
    pub creator_id: Option<Id>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub member_count: Option<i64>,
    /// Doc spelling (`upmemberCount`, "至多群内人数").
    #[serde(default)]
    pub upmember_count: Option<i64>,
    #[serde(default)]
    pub outer_group_chat: Option<i64>,
    #[serde(default)]
    pub order_by: Option<i64>,
}

pub(super) fn group_download(i: GroupDownloadInput) -> Fields {
    Fields::default()
        .opt("robotKey", i.robot_key)
        .opt("conversationIds", i.conversation_ids)
        .opt("robotKeys", i.robot_keys)
        .opt("status", i.status)
        .opt("creatorName", i.creator_name)
        .opt("creatorId", i.creator_id.map(|u| u.to_wire_number()))
        .opt("name", i.name)
        .opt("memberCount", i.member_count)
        .opt("upmemberCount", i.upmember_count)
        .opt("outerGroupChat", i.outer_group_chat)
        .opt("orderBy", i.order_by)
}

/// 2.6
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberListInput {
    pub robot_key: String,
    pub conversation_id: String,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub member_user_id: Option<Id>,
    #[serde(default)]
    pub member_name: Option<String>,
    #[serde(default)]
    pub page_num: Option<i64>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

pub(super) fn member_list(i: MemberListInput) -> Fields {
    Fields::default()
        .put("robotKey", i.robot_key)
        .put("conversationId", i.conversation_id)
        .opt("status", i.status)
        .opt("memberUserId", i.member_user_id.map(|u| u.to_wire_number()))
        .opt("memberName", i.member_name)
        .opt("pageNum", i.page_num)
        .opt("pageSize", i.page_size)
}

/// 2.7 mass send. The table is flat, the example nests `contents`, `acceptTarget` and
/// `isGroupChat` under `taskData`; the example is the wire shape (it is the only concrete one).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskSaveInput {
    pub name: String,
    /// 1 scheduled once (default), 2 periodic.
    #[serde(default)]
    pub task_type: Option<i64>,
    /// taskType 1: Unix ms; absent = start immediately.
    #[serde(default)]
    pub start_time: Option<i64>,
    /// taskType 2: "hh:mm".
    #[serde(default)]
    pub exec_start_time: Option<String>,
    /// taskType 2: 1–7 (1 = SUN) or "SUN"…"SAT".
    #[serde(default)]
    pub weekday: Option<Vec<Weekday>>,
    /// Default `wxwork.robot.batch.send`.
    #[serde(default)]
    pub command_type: Option<String>,
    /// 1 friends, 2 groups.
    pub is_group_chat: i64,
    /// 1 default pace (default), 2 custom interval.
    #[serde(default)]
    pub task_rule: Option<i64>,
    /// Targets per batch, 1..=12, default 1.
    #[serde(default)]
    pub suit_count: Option<i64>,
    #[serde(default)]
    pub per_suit_second: Option<i64>,
    #[serde(default)]
    pub per_suit_second_upper: Option<i64>,
    pub contents: Vec<TaskContentInput>,
    pub accept_target: Vec<TaskTargetInput>,
    /// The doc's example repeats the token in the body; sent there only when given (the
    /// header always carries it).
    #[serde(default)]
    pub token: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum Weekday {
    Num(i64),
    Name(String),
}

impl Weekday {
    fn wire(&self) -> String {
        match self {
            Weekday::Num(n) => n.to_string(),
            Weekday::Name(s) => s.trim().to_ascii_uppercase(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskContentInput {
    /// 1 text, 3 image, 16 link card, 49 file, 78 mini program.
    pub msg_type: i64,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub app_type: Option<i64>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub cover_img_file: Option<String>,
    #[serde(default)]
    pub sender_name: Option<String>,
    #[serde(default)]
    pub sender_head_img: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default, rename = "msgSvrID", alias = "msgSvrId")]
    pub msg_svr_id: Option<Id>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskTargetInput {
    pub robot_key: String,
    pub chat_user: Vec<Id>,
}

/// The doc's table lists 2.7's fields flat (robotKey, chatUser, msgType…); the input takes the
/// example's nesting (rule `yjiyun.task.shape`), so say where they go.
pub(super) fn task_shape_hint(e: Error) -> Error {
    const FLAT: [&str; 4] = ["`robotKey`", "`chatUser`", "`msgType`", "`taskData`"];
    if FLAT.iter().any(|f| e.detail.contains(&format!("unknown field {f}"))) {
        let msg = format!("{} — messages go in `contents`, targets in `acceptTarget` ([{{ robotKey, chatUser }}]), sent as the doc's example taskData (yjiyun.task.shape)", e.detail);
        return Error::new(e.kind, msg);
    }
    e
}

pub(super) fn task_save(i: TaskSaveInput) -> Fields {
    let contents: Vec<Value> = i
        .contents
        .into_iter()
        .map(|c| {
            Fields::default()
                .put("msgType", c.msg_type)
                .opt("content", c.content)
                .opt("appType", c.app_type)
                .opt("link", c.link)
                .opt("title", c.title)
                .opt("description", c.description)
                .opt("coverImgFile", c.cover_img_file)
                .opt("senderName", c.sender_name)
                .opt("senderHeadImg", c.sender_head_img)
                .opt("logo", c.logo)
                .opt("msgSvrID", c.msg_svr_id.map(|m| m.to_wire_number()))
                .to_object()
        })
        .collect();
    let targets: Vec<Value> = i
        .accept_target
        .into_iter()
        .map(|t| {
            Fields::default()
                .put("robotKey", t.robot_key)
                .put("chatUser", t.chat_user.iter().map(Id::to_text).collect::<Vec<_>>())
                .to_object()
        })
        .collect();
    let task_data = Fields::default()
        .put("contents", contents)
        .put("acceptTarget", targets)
        // The example sends "2" (a string) although the table says Integer; the example's
        // spelling is what is known to work (Java binders accept both).
        .put("isGroupChat", i.is_group_chat.to_string())
        .to_object();
    Fields::default()
        .opt("token", i.token)
        .put("name", i.name)
        .put("taskType", i.task_type.unwrap_or(1).to_string())
        .opt("startTime", i.start_time)
        .opt("execStartTime", i.exec_start_time)
        .opt("weekday", i.weekday.map(|w| w.iter().map(Weekday::wire).collect::<Vec<_>>()))
        .put("commandType", i.command_type.unwrap_or_else(|| rules::TASK_COMMAND.to_string()))
        .put("taskRule", i.task_rule.unwrap_or(1).to_string())
        .put("taskData", task_data)
        .put("suitCount", i.suit_count.unwrap_or(1))
        .opt("perSuitSecond", i.per_suit_second)
        .opt("perSuitSecondUpper", i.per_suit_second_upper)
}

/// 2.8: `{ "type": "robot.…", …the action's input… }`, same input as `yjiyunBuildFrame`.
pub(super) fn bridge(input_json: &str) -> Result<Fields, BuildError> {
    let mut map: Map<String, Value> = input(input_json, "bridge")?;
    let ty = match map.remove("type") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(Error::new(ErrorKind::InvalidArgument, "bridge input: type must be a string").into()),
        None => return Err(Error::new(ErrorKind::InvalidArgument, "bridge input: missing field `type`").into()),
    };
    let a = ActionType::parse(&ty).filter(|a| a.is_outbound()).ok_or_else(|| unknown_kind("bridge action type", &ty))?;
    let payload = frames::action_payload(a, &Value::Object(map).to_string())?;
    let Value::Object(obj) = payload else {
        return Err(Error::new(ErrorKind::InvalidArgument, "bridge payload is not an object").into());
    };
    let mut f = Fields::default();
    for (k, v) in obj {
        f = f.put(&k, v);
    }
    Ok(f)
}

/// 2.9, in readable form: `templateRobotKey` (`r`), `templateConversationId` (`g`), `modules`
/// (`module`) and `targets[i] = { robotKey, conversationIds }` → `robotKey[i]` and
/// `chatroom[i]` (the ids joined with ";", as in the doc's example).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingDuplicateInput {
    pub template_robot_key: String,
    pub template_conversation_id: String,
    pub modules: Vec<String>,
    pub targets: Vec<SettingTargetInput>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingTargetInput {
    pub robot_key: String,
    pub conversation_ids: Vec<String>,
}

pub(super) fn setting_duplicate(i: SettingDuplicateInput) -> Fields {
    let chatroom: Vec<String> = i.targets.iter().map(|t| t.conversation_ids.iter().map(|c| c.trim()).collect::<Vec<_>>().join(";")).collect();
    let keys: Vec<String> = i.targets.into_iter().map(|t| t.robot_key).collect();
    Fields::default()
        .put("chatroom", chatroom)
        .put("g", i.template_conversation_id)
        .put("module", i.modules)
        .put("r", i.template_robot_key)
        .put("robotKey", keys)
}

/// 2.10
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatListInput {
    pub count: i64,
    #[serde(default)]
    pub timestamp: Option<i64>,
    #[serde(default)]
    pub robot_key: Option<String>,
}

pub(super) fn chat_list(i: ChatListInput) -> Fields {
    Fields::default().put("count", i.count).opt("timestamp", i.timestamp).opt("robotKey", i.robot_key)
}

/// 2.11 (`sTimestamp` → `s_timestamp`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatMessageInput {
    pub robot_key: String,
    pub chat_user: String,
    #[serde(default)]
    pub content_type: Option<i64>,
    #[serde(default)]
    pub s_timestamp: Option<i64>,
    #[serde(default)]
    pub timestamp: Option<i64>,
    #[serde(default)]
    pub msg_ids: Option<Vec<String>>,
    #[serde(default)]
    pub offset: Option<i64>,
    #[serde(default)]
    pub count: Option<i64>,
}

pub(super) fn chat_message(i: ChatMessageInput) -> Fields {
    Fields::default()
        .put("robotKey", i.robot_key)
        .put("chatUser", i.chat_user)
        .opt("contentType", i.content_type)
        .opt("s_timestamp", i.s_timestamp)
        .opt("timestamp", i.timestamp)
        .opt("msgIds", i.msg_ids)
        .opt("offset", i.offset)
        .opt("count", i.count)
}

/// 2.12
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnreadCleanInput {
    pub chat_id: String,
}

pub(super) fn unread_clean(i: UnreadCleanInput) -> Fields {
    Fields::default().put("chatId", i.chat_id)
}

/// 2.13
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactSyncInput {
    pub robot_key: String,
    #[serde(default)]
    pub sync_type: Option<i64>,
}

pub(super) fn contact_sync(i: ContactSyncInput) -> Fields {
    Fields::default().put("robotKey", i.robot_key).opt("syncType", i.sync_type)
}
