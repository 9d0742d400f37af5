//! The event types the platform pushes (seed `000_…`, 事件订阅 / 事件类型, plus
//! `im_robot_authorize` from the userTokenAuthorize flow). A table, so the TypeScript
//! union, the simulator and the docs are all generated from one list.

/// `(eventType, 说明 as the seed words it)`.
pub const EVENT_TYPES: &[(&str, &str)] = &[
    ("chat_message", "聊天消息"),
    ("chat_add_member", "群添加人员"),
    ("chat_remove_member", "群删除人员"),
    ("chat_quit", "群用户主动退群"),
    ("chat_update_owner", "群更换群主"),
    ("chat_update_title", "群更换群名称"),
    ("chat_disband", "群解散"),
    ("income_robot_session", "机器人进线"),
    ("app_label_change", "应用标签变更"),
    ("enter_robot_session", "用户进入与机器人的会话"),
    ("robot_enter_group", "机器人进入群"),
    ("chat_message_record", "聊天消息轨迹"),
    ("content_do_top", "群消息置顶"),
    ("content_do_cancel", "取消群消息置顶"),
    ("message_summary", "消息智能总结"),
    ("im_robot_authorize", "机器人 usertoken 授权事件"),
];

/// Whether `event_type` is one the seed documents. Unknown types are still delivered
/// (untyped): the platform adds event types over time and a receiver must not 4xx them.
pub fn is_known(event_type: &str) -> bool {
    EVENT_TYPES.iter().any(|(t, _)| *t == event_type)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_and_unknown() {
        assert!(super::is_known("chat_message"));
        assert!(super::is_known("im_robot_authorize"));
        assert!(!super::is_known("chat_message "));
        assert_eq!(super::EVENT_TYPES.len(), 16);
    }
}
