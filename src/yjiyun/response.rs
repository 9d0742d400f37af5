//! Typed parsers for every REST response (2.1–2.13).
//!
//! Envelope (1.2): `code` (a string, `"0"` = success; numbers tolerated), `msg`, optional
//! `total`, and the payload under `data` (2.1, 2.3, 2.4, 2.6), `model` (2.2, 2.11), `chats`
//! (2.10), top-level `downloadUrl` (2.5) or the action fields themselves (2.8). A list is looked
//! up under its documented key first, then under the other two, since the doc is inconsistent.
//! Error codes: 1000 authentication failed (get a new token), 5000 server busy (retry later).
//!
//! Pass the raw response text: ids are returned as exact strings.

use serde::Serialize;
use serde_json::Value;

use super::parse::{self, robot_state, Action, Chat, Message};
use super::value::{parse_json, Reader};
use super::endpoints::{unknown_kind, Endpoint};
use crate::error::{Error, ErrorKind, Result};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub endpoint: &'static str,
    /// `code == "0"`.
    pub ok: bool,
    /// `ok` | `auth_failed` (1000: fetch a new token) | `busy` (5000: retry later) | `error`.
    pub status: &'static str,
    pub code: String,
    pub msg: Option<String>,
    /// 2.3, 2.4, 2.6: total matches (for paging).
    pub total: Option<i64>,
    /// The typed payload; `null` for acknowledgement-only endpoints and (usually) on failure.
    pub data: ResponseData,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ResponseData {
    None,
    Auth(AuthData),
    Robots(Vec<Robot>),
    Customers(Vec<Customer>),
    Groups(Vec<Group>),
    Download(Download),
    Members(Vec<Member>),
    Chats(Vec<Chat>),
    Messages(Vec<Message>),
    Action(Box<Action>),
}

/// `code` → `status` (1.2): success, 1000 用户认证失败 (fetch a new token), 5000 服务器繁忙
/// (retry later). A table, because `yjiyunKinds().transport.codes` and the generated
/// TypeScript (`cargo run --bin gen-tables`) list the same pairs.
pub const STATUS_CODES: [(&str, &str); 3] = [("0", "ok"), ("1000", "auth_failed"), ("5000", "busy")];
/// The status of every code not in [`STATUS_CODES`].
pub const STATUS_OTHER: &str = "error";

pub fn status_of(code: &str) -> &'static str {
    let code = code.trim();
    STATUS_CODES.iter().find(|(c, _)| *c == code).map_or(STATUS_OTHER, |(_, s)| s)
}

/// 2.1. `expiresAt` = `createTime + expireMinutes·60 000` (server clock); calling 2.1 again
/// within the lifetime extends it (备注：在 token 有效期内再次调用该接口，将延长 token 的有效期).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthData {
    pub access_token: String,
    pub create_time: Option<i64>,
    pub expire_minutes: Option<i64>,
    pub expires_at: Option<i64>,
    pub username: Option<String>,
}

/// 2.2
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Robot {
    pub robot_key: String,
    pub wxid: Option<String>,
    pub nick_name: Option<String>,
    pub alias_name: Option<String>,
    pub head_img: Option<String>,
    pub last_login_time: Option<String>,
    /// 0 initialising, 1 online, 2 offline, 3 banned, 4 kicked out.
    pub robot_status: Option<i64>,
    pub robot_state: Option<&'static str>,
    pub client_code: Option<String>,
    pub master_client_code: Option<String>,
    /// Read from `officialUserId` (example) or `officailUserId` (table typo).
    pub official_user_id: Option<String>,
    pub corpid: Option<String>,
    pub color: Option<String>,
    pub service_code: Option<String>,
}

/// 2.3. `status` and `isDelete` are both passed through as sent: the table says
/// "status 1 正常 0 删除" while the example shows `status: 0` with `isDelete: 0` on live
/// customers, so neither is reinterpreted.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub robot_key: Option<String>,
    pub user_id: String,
    pub name: Option<String>,
    pub real_remarks: Option<String>,
    pub remarks: Option<String>,
    pub avator_url: Option<String>,
    pub status: Option<i64>,
    pub is_delete: Option<bool>,
    pub is_outer_user: Option<bool>,
    pub is_external_user: Option<bool>,
    pub mobile: Option<String>,
    /// 0 unknown, 1 male, 2 female.
    pub gender: Option<i64>,
    pub gmt_create: Option<String>,
    pub gmt_modify: Option<String>,
    pub corpid: Option<String>,
    /// `corp_wxid` (ExternalUserid).
    pub corp_wxid: Option<String>,
    /// `name_pinyin`.
    pub name_pinyin: Option<String>,
    pub account: Option<String>,
    pub position: Option<String>,
    pub remark_image_url: Option<String>,
    pub remark_corp_name: Option<String>,
    pub mark_as_customer_time: Option<String>,
    pub source_type: Option<i64>,
    /// 2049 deleted by the customer only, 2057 normal.
    pub flag: Option<i64>,
    /// 0 both deleted, 1 normal, 2 customer deleted, 3 member deleted.
    pub state: Option<i64>,
}

/// 2.4
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub robot_key: Option<String>,
    pub conversation_id: String,
    pub name: Option<String>,
    pub creator_id: Option<String>,
    pub creator_name: Option<String>,
    pub member_count: Option<i64>,
    pub outer_user_count: Option<i64>,
    /// 1 normal, 0 deleted.
    pub status: Option<i64>,
    pub is_outer_group_conversation: Option<bool>,
    pub create_time: Option<String>,
    pub gmt_create: Option<String>,
    pub gmt_modify: Option<String>,
}

/// 2.5
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Download {
    pub download_url: String,
}

/// 2.6. `isCreator` arrives as `"1"` in the example although typed Integer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub robot_key: Option<String>,
    pub conversation_id: Option<String>,
    pub conversation_name: Option<String>,
    pub user_id: String,
    pub name: Option<String>,
    pub avator_url: Option<String>,
    pub status: Option<i64>,
    pub is_creator: bool,
    pub is_outer_user: Option<bool>,
    pub is_external_user: Option<bool>,
    pub gmt_create: Option<String>,
    pub gmt_modify: Option<String>,
}

/// Parses a response body of `endpoint` (tail or full path).
pub fn parse_response(endpoint: &str, json: &str) -> Result<Response> {
    let ep = Endpoint::parse(endpoint).ok_or_else(|| unknown_kind("endpoint", endpoint))?;
    let v = parse_json(json, ep.tail())?;
    response_value(ep, &v)
}

pub fn response_value(ep: Endpoint, v: &Value) -> Result<Response> {
    let r = Reader::new(v, "")?;
    let code = r.str_req("code")?.trim().to_string();
    let ok = code == "0";
    let data = if ok {
        data(ep, &r)?
    } else {
        // A failure may still say something useful (2.8 echoes the action); never fail on it.
        data(ep, &r).unwrap_or(ResponseData::None)
    };
    Ok(Response {
        endpoint: ep.tail(),
        ok,
        status: status_of(&code),
        msg: r.str_opt("msg")?,
        total: r.int_opt("total")?,
        code,
        data,
    })
}

/// The list under `preferred`, else under whichever of data/model/chats holds an array.
fn list<'a>(r: &Reader<'a>, preferred: &str) -> Result<Vec<Reader<'a>>> {
    if let Some(Value::Array(_)) = r.get(preferred) {
        return r.objects(preferred);
    }
    for k in ["data", "model", "chats"] {
        if let Some(Value::Array(_)) = r.get(k) {
            return r.objects(k);
        }
    }
    match r.get(preferred) {
        None => Ok(Vec::new()),
        Some(other) => Err(Error::new(
            ErrorKind::InvalidField,
            format!("{preferred}: expected an array, got {}", super::value::type_name(other)),
        )),
    }
}

fn data(ep: Endpoint, r: &Reader<'_>) -> Result<ResponseData> {
    Ok(match ep {
        Endpoint::Auth => {
            let d = r.obj_req("data")?;
            let create_time = d.int_opt("createTime")?;
            let expire_minutes = d.int_opt("expireMinutes")?;
            let expires_at = match (create_time, expire_minutes) {
                (Some(c), Some(m)) => m.checked_mul(60_000).and_then(|ms| c.checked_add(ms)),
                _ => None,
            };
            ResponseData::Auth(AuthData {
                access_token: d.str_req("accessToken")?,
                create_time,
                expire_minutes,
                expires_at,
                username: d.str_opt("username")?,
            })
        }
        Endpoint::RobotList => ResponseData::Robots(list(r, "model")?.iter().map(robot).collect::<Result<_>>()?),
        Endpoint::CustomerList => ResponseData::Customers(list(r, "data")?.iter().map(customer).collect::<Result<_>>()?),
        Endpoint::GroupList => ResponseData::Groups(list(r, "data")?.iter().map(group).collect::<Result<_>>()?),
        Endpoint::GroupDownload => {
            let url = match r.str_opt("downloadUrl")? {
                Some(u) => u,
                None => r.obj_req("data")?.str_req("downloadUrl")?,
            };
            ResponseData::Download(Download { download_url: url })
        }
        Endpoint::MemberList => ResponseData::Members(list(r, "data")?.iter().map(member).collect::<Result<_>>()?),
        Endpoint::Bridge => ResponseData::Action(Box::new(parse::action(r)?)),
        Endpoint::ChatList => ResponseData::Chats(list(r, "chats")?.iter().map(parse::chat).collect::<Result<_>>()?),
        Endpoint::ChatMessage => ResponseData::Messages(list(r, "model")?.iter().map(parse::message).collect::<Result<_>>()?),
        Endpoint::TaskSave | Endpoint::GroupSettingDuplicate | Endpoint::UnreadClean | Endpoint::ContactSync => ResponseData::None,
    })
}

fn robot(r: &Reader<'_>) -> Result<Robot> {
    let status = r.int_opt("robotStatus")?;
    let official = r.first(&["officialUserId", "officailUserId"]);
    Ok(Robot {
        robot_key: r.str_req("robotKey")?,
        wxid: r.id_opt("wxid")?,
        nick_name: r.str_opt("nickName")?,
        alias_name: r.str_opt("aliasName")?,
        head_img: r.str_opt("headImg")?,
        last_login_time: r.str_opt("lastLoginTime")?,
        robot_status: status,
        robot_state: status.map(robot_state),
        client_code: r.str_opt("clientCode")?,
        master_client_code: r.str_opt("masterClientCode")?,
        official_user_id: r.str_opt(official)?,
        corpid: r.str_opt("corpid")?,
        color: r.str_opt("color")?,
        service_code: r.str_opt("serviceCode")?,
    })
}

fn customer(r: &Reader<'_>) -> Result<Customer> {
    Ok(Customer {
        robot_key: r.str_opt("robotKey")?,
        user_id: r.id_req("userId")?,
        name: r.str_opt("name")?,
        real_remarks: r.str_opt("realRemarks")?,
        remarks: r.str_opt("remarks")?,
        avator_url: r.str_opt("avatorUrl")?,
        status: r.int_opt("status")?,
        is_delete: r.flag_opt("isDelete")?,
        is_outer_user: r.flag_opt("isOuterUser")?,
        is_external_user: r.flag_opt("isExternalUser")?,
        mobile: r.str_opt("mobile")?,
        gender: r.int_opt("gender")?,
        gmt_create: r.str_opt("gmtCreate")?,
        gmt_modify: r.str_opt("gmtModify")?,
        corpid: r.str_opt("corpid")?,
        corp_wxid: r.str_opt("corp_wxid")?,
        name_pinyin: r.str_opt("name_pinyin")?,
        account: r.str_opt("account")?,
        position: r.str_opt("position")?,
        remark_image_url: r.str_opt("remark_image_url")?,
        remark_corp_name: r.str_opt("remark_corp_name")?,
        mark_as_customer_time: r.str_opt("mark_as_customer_time")?,
        source_type: r.int_opt("source_type")?,
        flag: r.int_opt("flag")?,
        state: r.int_opt("state")?,
    })
}

fn group(r: &Reader<'_>) -> Result<Group> {
    Ok(Group {
        robot_key: r.str_opt("robotKey")?,
        conversation_id: r.str_req("conversationId")?,
        name: r.str_opt("name")?,
        creator_id: r.id_opt("creatorId")?,
        creator_name: r.str_opt("creatorName")?,
        member_count: r.int_opt("memberCount")?,
        outer_user_count: r.int_opt("outerUserCount")?,
        status: r.int_opt("status")?,
        is_outer_group_conversation: r.flag_opt("isOuterGroupConversation")?,
        create_time: r.str_opt("createTime")?,
        gmt_create: r.str_opt("gmtCreate")?,
        gmt_modify: r.str_opt("gmtModify")?,
    })
}

fn member(r: &Reader<'_>) -> Result<Member> {
    Ok(Member {
        robot_key: r.str_opt("robotKey")?,
        conversation_id: r.str_opt("conversationId")?,
        conversation_name: r.str_opt("conversationName")?,
        user_id: r.id_req("userId")?,
        name: r.str_opt("name")?,
        avator_url: r.str_opt("avatorUrl")?,
        status: r.int_opt("status")?,
        is_creator: r.flag_opt("isCreator")?.unwrap_or(false),
        is_outer_user: r.flag_opt("isOuterUser")?,
        is_external_user: r.flag_opt("isExternalUser")?,
        gmt_create: r.str_opt("gmtCreate")?,
        gmt_modify: r.str_opt("gmtModify")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses() {
        for (code, status, ok) in [("\"0\"", "ok", true), ("0", "ok", true), ("\"1000\"", "auth_failed", false), ("5000", "busy", false), ("\"7\"", "error", false)] {
            let r = parse_response("unreadmsg/clean", &format!("{{\"code\":{code},\"msg\":\"m\"}}")).unwrap();
            assert_eq!((r.status, r.ok), (status, ok), "{code}");
        }
        assert_eq!(parse_response("unreadmsg/clean", "{}").unwrap_err().kind, ErrorKind::MissingField);
        assert_eq!(parse_response("unreadmsg/clean", "[]").unwrap_err().kind, ErrorKind::InvalidJson);
        assert_eq!(parse_response("nope", "{}").unwrap_err().kind, ErrorKind::InvalidArgument);
        assert_eq!(parse_response("chat/list", "{\"code\":\"0\",").unwrap_err().kind, ErrorKind::InvalidJson);
    }

    #[test]
    fn lists_fall_back_across_keys() {
        let r = parse_response("robot/list", r#"{"code":"0","data":[{"robotKey":"a","robotStatus":"4"}]}"#).unwrap();
        let ResponseData::Robots(rs) = r.data else { panic!() };
        assert_eq!(rs[0].robot_state, Some("kicked"));
        let r = parse_response("robot/list", r#"{"code":"0"}"#).unwrap();
        assert!(matches!(r.data, ResponseData::Robots(ref v) if v.is_empty()));
        assert_eq!(parse_response("robot/list", r#"{"code":"0","model":{}}"#).unwrap_err().kind, ErrorKind::InvalidField);
        assert_eq!(parse_response("robot/list", r#"{"code":"0","model":[{"nickName":"x"}]}"#).unwrap_err().kind, ErrorKind::MissingField);
        assert_eq!(parse_response("robot/list", r#"{"code":"0","model":[5]}"#).unwrap_err().kind, ErrorKind::InvalidJson);
    }

    #[test]
    fn failure_does_not_parse_payload_strictly() {
        let r = parse_response("client/auth", r#"{"code":"1000","msg":"用户认证失败"}"#).unwrap();
        assert!(matches!(r.data, ResponseData::None));
        assert_eq!(r.status, "auth_failed");
        assert_eq!(parse_response("client/auth", r#"{"code":"0"}"#).unwrap_err().kind, ErrorKind::MissingField);
    }

    #[test]
    fn auth_expiry_overflow_is_none() {
        let r = parse_response("client/auth", &format!(r#"{{"code":"0","data":{{"accessToken":"t","createTime":{},"expireMinutes":{}}}}}"#, i64::MAX, 10)).unwrap();
        let ResponseData::Auth(a) = r.data else { panic!() };
        assert_eq!(a.expires_at, None);
    }
}
