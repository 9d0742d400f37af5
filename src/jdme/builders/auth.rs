//! Authorisation builders (鉴权管理): userTokenAuthorize and the app, team and user access
//! tokens (inputs and builders; the shared helpers are in `mod.rs`).

use super::*;

/// The user asked to authorize (`params.to`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizeTo {
    pub app: App,
    pub pin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<String>,
}

input! {
    /// userTokenAuthorize: push the authorization card that yields a code.
    UserTokenAuthorizeInput: user {
        pub to: AuthorizeTo,
        pub event_id: String,
        pub scope_list: Vec<String>,
        #[serde(default)]
        pub callback_param: Option<String>,
        /// Defaults to `ctx.appId`.
        #[serde(default)]
        pub app_key: Option<String>,
    }
}

/// app_access_token.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppAccessTokenInput {
    /// Defaults to `ctx.appId`.
    #[serde(default)]
    pub app_key: Option<String>,
    pub app_secret: String,
}

/// team_access_token.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamAccessTokenInput {
    pub app_access_token: String,
    pub open_team_id: String,
}

/// access_token (code → user access token).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserAccessTokenInput {
    pub app_access_token: String,
    pub code: String,
}

/// `params.body.pushType` of userTokenAuthorize: 固定值 "authorization".
pub const PUSH_TYPE_AUTHORIZATION: &str = "authorization";

pub fn user_token_authorize(i: UserTokenAuthorizeInput, ctx: &Context) -> Result<Value> {
    let (mut env, r) = start(Endpoint::UserTokenAuthorize, ctx, i.target())?;
    env.destination = Some(i.target().destination()?);
    let mut data = Map::new();
    data.insert("appKey".into(), Value::String(i.app_key.unwrap_or_else(|| ctx.app_id.clone())));
    data.insert("eventId".into(), s(&i.event_id));
    data.insert("scopeList".into(), Value::Array(i.scope_list.iter().map(|x| s(x)).collect()));
    put(&mut data, "callbackParam", &i.callback_param);
    let body = obj(vec![("data", Value::Object(data)), ("pushType", s(PUSH_TYPE_AUTHORIZATION))]);
    let to = serde_json::to_value(&i.to).unwrap_or(Value::Null);
    Ok(env.into_body(Value::Object(params_with_robot(r, vec![("to", to), ("body", body)]))))
}

pub fn app_access_token(i: AppAccessTokenInput, ctx: Option<&Context>) -> Result<Value> {
    let key = match (i.app_key, ctx) {
        (Some(k), _) => k,
        (None, Some(c)) => c.app_id.clone(),
        (None, None) => return Err(Error::new(ErrorKind::MissingField, "appKey: give it in the input or in ctx.appId")),
    };
    Ok(obj(vec![("appKey", Value::String(key)), ("appSecret", Value::String(i.app_secret))]))
}

pub fn team_access_token(i: TeamAccessTokenInput) -> Result<Value> {
    Ok(obj(vec![("appAccessToken", Value::String(i.app_access_token)), ("openTeamId", Value::String(i.open_team_id))]))
}

pub fn user_access_token(i: UserAccessTokenInput) -> Result<Value> {
    Ok(obj(vec![("appAccessToken", Value::String(i.app_access_token)), ("code", Value::String(i.code))]))
}
