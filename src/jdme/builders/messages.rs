//! Message builders: sendRobotMsg, sendJUEMsg, sendJUEChangeMsg and the sticky card messages
//! (inputs and builders; the shared helpers are in `mod.rs`).

use super::*;

input! {
    /// sendRobotMsg: a text message, optionally mentioning group members.
    SendRobotMsgInput: user_or_group {
        /// The message text, without mention prefixes.
        pub text: String,
        #[serde(default)]
        pub mentions: Vec<AtUser>,
        /// Mention everyone (@全体成员).
        #[serde(default)]
        pub at_all: bool,
    }
}

input! {
    /// sendJUEMsg, in either protocol. New (京ME卡片平台): `templateCardId` + `templateCardVersion`
    /// (+ `templateCardVariable`). Old: `templateId` (+ `templateType`, `widthMode`, `summary`,
    /// `cardData`). Mixing the two is refused.
    SendJueMsgInput: user_or_group {
        // new protocol
        #[serde(default)]
        pub template_card_id: Option<String>,
        #[serde(default)]
        pub template_card_version: Option<String>,
        /// Defaults to `{}` ("如果没有绑定变量传{}").
        #[serde(default)]
        pub template_card_variable: Option<Map<String, Value>>,
        // old protocol
        #[serde(default)]
        pub template_id: Option<String>,
        #[serde(default)]
        pub template_type: Option<TemplateType>,
        #[serde(default)]
        pub width_mode: Option<WidthMode>,
        #[serde(default)]
        pub summary: Option<String>,
        #[serde(default)]
        pub card_data: Option<Map<String, Value>>,
        // both
        #[serde(default)]
        pub reload: Option<bool>,
        #[serde(default)]
        pub forward: Option<Forward>,
        #[serde(default)]
        pub callback_data: Option<Map<String, Value>>,
        #[serde(default)]
        pub at: Option<CardAt>,
    }
}

input! {
    /// sendJUEChangeMsg.
    SendJueChangeMsgInput: user_or_group {
        pub session_type: SessionType,
        pub template_type: ChangeCardType,
        pub card_msg_id: String,
        /// Defaults to `ctx.nowMs`.
        #[serde(default)]
        pub timestamp: Option<u64>,
        /// 单聊: the user to notify.
        #[serde(default)]
        pub to: Option<Member>,
        /// 群聊id.
        #[serde(default)]
        pub gid: Option<String>,
        /// 群聊, only these members are notified (default: everyone).
        #[serde(default)]
        pub group_users: Option<Vec<Member>>,
        #[serde(default)]
        pub card_type: Option<ChangeCardType>,
        /// 挂件卡片ID.
        #[serde(default)]
        pub card_id: Option<i64>,
    }
}

input! {
    /// sendStickyCardMsg (groups only).
    SendStickyCardMsgInput: group {
        pub template_id: String,
        pub card_data: Map<String, Value>,
        #[serde(default)]
        pub reload: Option<bool>,
        #[serde(default)]
        pub forward: Option<Forward>,
        #[serde(default)]
        pub callback_data: Option<Map<String, Value>>,
    }
}

input! {
    /// sendStickyCardChangesMsg and sendUnpinCardMsg (groups only).
    StickyCardRefInput: group {
        pub card_msg_id: String,
        pub res_id: ResId,
        #[serde(default)]
        pub top: Option<bool>,
    }
}

pub fn send_robot_msg(i: SendRobotMsgInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendRobotMsg, ctx, i.target())?;
    env.destination = Some(i.target().destination()?);
    let (content, users) = text_with_mentions(&i.text, &i.mentions, i.at_all);
    let mut body = Map::new();
    body.insert("type".into(), s("text"));
    body.insert("content".into(), Value::String(content));
    if !users.is_empty() {
        body.insert("atUsers".into(), serde_json::to_value(&users).unwrap_or(Value::Null));
    }
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("body", Value::Object(body))]))))
}

pub fn send_jue_msg(i: SendJueMsgInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendJueMsg, ctx, i.target())?;
    env.destination = Some(i.target().destination()?);
    let new = i.template_card_id.is_some() || i.template_card_version.is_some() || i.template_card_variable.is_some();
    let old = i.template_id.is_some() || i.template_type.is_some() || i.width_mode.is_some() || i.summary.is_some() || i.card_data.is_some();
    let mut data = Map::new();
    match (new, old) {
        (true, true) => {
            return Err(Error::new(
                ErrorKind::InvalidField,
                "sendJUEMsg: templateCardId/templateCardVersion/templateCardVariable (new protocol) cannot be mixed with templateId/templateType/widthMode/summary/cardData (old protocol)",
            ))
        }
        (false, false) => {
            return Err(Error::new(
                ErrorKind::MissingField,
                "sendJUEMsg: give templateCardId + templateCardVersion (new protocol) or templateId (old protocol)",
            ))
        }
        (true, false) => {
            let id = i.template_card_id.ok_or_else(|| Error::new(ErrorKind::MissingField, "templateCardId is required"))?;
            let ver = i
                .template_card_version
                .ok_or_else(|| Error::new(ErrorKind::MissingField, "templateCardVersion is required"))?;
            let vars = i.template_card_variable.unwrap_or_default();
            data.insert(
                "cardData".into(),
                obj(vec![("templateCardId", s(&id)), ("templateCardVersion", s(&ver)), ("templateCardVariable", Value::Object(vars))]),
            );
        }
        (false, true) => {
            let id = i.template_id.ok_or_else(|| Error::new(ErrorKind::MissingField, "templateId is required"))?;
            data.insert("templateId".into(), s(&id));
            data.insert("templateType".into(), Value::from(i64::from(i.template_type.unwrap_or(TemplateType::Normal))));
            put(&mut data, "width_mode", &i.width_mode);
            put(&mut data, "summary", &i.summary);
            put(&mut data, "cardData", &i.card_data);
        }
    }
    put(&mut data, "reload", &i.reload);
    put(&mut data, "forward", &i.forward);
    put(&mut data, "callbackData", &i.callback_data);
    put(&mut data, "at", &i.at);
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("data", Value::Object(data))]))))
}

pub fn send_jue_change_msg(i: SendJueChangeMsgInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendJueChangeMsg, ctx, i.target())?;
    env.destination = Some(i.target().destination()?);
    let mut p = params_with_robot(
        r,
        vec![
            ("sessionType", Value::from(i64::from(i.session_type))),
            ("templateType", Value::from(i64::from(i.template_type))),
            ("cardMsgId", s(&i.card_msg_id)),
            ("timestamp", Value::from(i.timestamp.unwrap_or(ctx.now_ms))),
        ],
    );
    put(&mut p, "to", &i.to);
    put(&mut p, "gid", &i.gid);
    put(&mut p, "groupUsers", &i.group_users);
    put(&mut p, "cardType", &i.card_type);
    put(&mut p, "cardId", &i.card_id);
    Ok(env.into_body(Value::Object(p)))
}

pub fn send_sticky_card_msg(i: SendStickyCardMsgInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::SendStickyCardMsg, ctx, i.target())?;
    env.destination = Some(i.target().destination()?);
    let mut data = Map::new();
    data.insert("templateId".into(), s(&i.template_id));
    put(&mut data, "reload", &i.reload);
    data.insert("cardData".into(), Value::Object(i.card_data));
    put(&mut data, "forward", &i.forward);
    put(&mut data, "callbackData", &i.callback_data);
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("data", Value::Object(data))]))))
}

fn sticky_ref(endpoint: Endpoint, i: StickyCardRefInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(endpoint, ctx, i.target())?;
    env.destination = Some(i.target().destination()?);
    let mut p = params_with_robot(
        r,
        vec![("cardMsgId", s(&i.card_msg_id)), ("resId", serde_json::to_value(&i.res_id).unwrap_or(Value::Null))],
    );
    put(&mut p, "top", &i.top);
    Ok(env.into_body(Value::Object(p)))
}

pub fn send_sticky_card_changes_msg(i: StickyCardRefInput, ctx: &Context) -> Result<Value> {
    sticky_ref(Endpoint::SendStickyCardChangesMsg, i, ctx)
}

pub fn send_unpin_card_msg(i: StickyCardRefInput, ctx: &Context) -> Result<Value> {
    sticky_ref(Endpoint::SendUnpinCardMsg, i, ctx)
}
