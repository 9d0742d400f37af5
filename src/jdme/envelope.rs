//! The request envelope every timline/suite API shares (seed `000_…`, 通过机器人发送消息 请求体):
//! `appId`, `requestId` (请求UUID，不能重复), `dateTime` (请求时间戳, ms), the destination
//! (`erp`+`tenantId` or `groupId`, "必须二选一"), an optional top-level `robotId`, and `params`.
//!
//! The core stays pure: no clock and no random number generator in here. The caller passes
//! `nowMs` and the `requestId` (the JS side makes a UUID v4 in js/src/core/ids.ts, where every
//! random id of the package is made).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// What the caller supplies for every envelope.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Context {
    /// The app's appKey (sent as `appId`).
    pub app_id: String,
    /// Now, in milliseconds since the epoch: sent as `dateTime`.
    pub now_ms: u64,
    /// The `requestId` to send (required for every enveloped endpoint: the core makes no
    /// random ids). Optional here only so that a missing one is a clear `invalid_argument`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The robot used when an input does not name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub robot_id: Option<String>,
}

/// 租户 (tenantId), spelled as the seed's enumeration: CN.JD.GROUP，TH.JD.GROUP，ID.JD.GROUP，
/// SF.JD.GROUP (国内、泰国、印尼、赛夫).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum TenantId {
    #[serde(rename = "CN.JD.GROUP")]
    Cn,
    #[serde(rename = "TH.JD.GROUP")]
    Th,
    #[serde(rename = "ID.JD.GROUP")]
    Id,
    #[serde(rename = "SF.JD.GROUP")]
    Sf,
}

impl TenantId {
    pub const ALL: [&'static str; 4] = ["CN.JD.GROUP", "TH.JD.GROUP", "ID.JD.GROUP", "SF.JD.GROUP"];
    pub const fn as_str(self) -> &'static str {
        match self {
            TenantId::Cn => "CN.JD.GROUP",
            TenantId::Th => "TH.JD.GROUP",
            TenantId::Id => "ID.JD.GROUP",
            TenantId::Sf => "SF.JD.GROUP",
        }
    }
}

/// 用户app: 国内 `ee`, 泰国 `th.ee`, 印尼 `id.ee`, 机器人 `robot.dd`. These are the only values
/// the seed documents; other values are refused (the seed names no app for the SF tenant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum App {
    #[serde(rename = "ee")]
    Ee,
    #[serde(rename = "th.ee")]
    ThEe,
    #[serde(rename = "id.ee")]
    IdEe,
    #[serde(rename = "robot.dd")]
    RobotDd,
}

impl App {
    pub const ALL: [&'static str; 4] = ["ee", "th.ee", "id.ee", "robot.dd"];
    pub const fn as_str(self) -> &'static str {
        match self {
            App::Ee => "ee",
            App::ThEe => "th.ee",
            App::IdEe => "id.ee",
            App::RobotDd => "robot.dd",
        }
    }
}

/// Where a message goes: a user (`erp` + `tenantId`) or a group (`groupId`), never both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    User { erp: String, tenant_id: TenantId },
    Group { group_id: String },
}

impl Destination {
    /// Builds a destination from the three optional fields, enforcing "必须二选一" and that
    /// `erp` and `tenantId` come as a pair ("erp和tenantId是一组信息"). `tenantId` is never
    /// defaulted: guessing CN.JD.GROUP for a Thai or Indonesian user would misroute the message.
    pub fn from_parts(erp: Option<&str>, tenant_id: Option<TenantId>, group_id: Option<&str>) -> Result<Destination> {
        let erp = erp.filter(|e| !e.is_empty());
        let group_id = group_id.filter(|g| !g.is_empty());
        match (erp, tenant_id, group_id) {
            (Some(_), _, Some(_)) | (None, Some(_), Some(_)) => Err(Error::new(
                ErrorKind::InvalidField,
                "destination: give either erp+tenantId or groupId, not both",
            )),
            (Some(erp), Some(tenant_id), None) => Ok(Destination::User { erp: erp.to_owned(), tenant_id }),
            (Some(_), None, None) => Err(Error::new(ErrorKind::MissingField, "destination: erp needs tenantId")),
            (None, Some(_), None) => Err(Error::new(ErrorKind::MissingField, "destination: tenantId needs erp")),
            (None, None, Some(g)) => Ok(Destination::Group { group_id: g.to_owned() }),
            (None, None, None) => Err(Error::new(
                ErrorKind::MissingField,
                "destination: one of erp+tenantId or groupId is required",
            )),
        }
    }

    fn write(&self, out: &mut Map<String, Value>) {
        match self {
            Destination::User { erp, tenant_id } => {
                out.insert("erp".into(), Value::String(erp.clone()));
                out.insert("tenantId".into(), Value::String(tenant_id.as_str().into()));
            }
            Destination::Group { group_id } => {
                out.insert("groupId".into(), Value::String(group_id.clone()));
            }
        }
    }
}

/// Longest caller-supplied requestId accepted. The seed gives no limit; 128 is generous
/// (its examples are 13–37 characters) and stops accidental payloads.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The `requestId` to send: the caller's own, checked.
pub fn request_id(ctx: &Context) -> Result<String> {
    let Some(id) = &ctx.request_id else {
        return Err(Error::new(ErrorKind::InvalidArgument, "requestId: pass ctx.requestId (the core makes no random ids)"));
    };
    if id.trim().is_empty() {
        return Err(Error::new(ErrorKind::InvalidArgument, "requestId must not be empty"));
    }
    if id.len() > MAX_REQUEST_ID_LEN || id.chars().any(char::is_control) {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            "requestId must be at most 128 bytes without control characters",
        ));
    }
    Ok(id.clone())
}

/// A resolved envelope, ready to wrap `params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub app_id: String,
    pub request_id: String,
    pub date_time: u64,
    /// Top-level `robotId`, for the endpoints whose example puts it there.
    pub robot_id: Option<String>,
    pub destination: Option<Destination>,
    /// A top-level `erp` naming the acting user without a tenant (userAddGroupMember example).
    pub operator_erp: Option<(String, Option<TenantId>)>,
}

impl Envelope {
    pub fn new(ctx: &Context) -> Result<Envelope> {
        if ctx.app_id.trim().is_empty() {
            return Err(Error::new(ErrorKind::InvalidArgument, "appId must not be empty"));
        }
        Ok(Envelope {
            app_id: ctx.app_id.clone(),
            request_id: request_id(ctx)?,
            date_time: ctx.now_ms,
            robot_id: None,
            destination: None,
            operator_erp: None,
        })
    }

    /// The body: `{appId, requestId, dateTime, [robotId], [erp, tenantId | groupId], params}`.
    pub fn into_body(self, params: Value) -> Value {
        let mut m = Map::new();
        m.insert("appId".into(), Value::String(self.app_id));
        m.insert("requestId".into(), Value::String(self.request_id));
        m.insert("dateTime".into(), Value::from(self.date_time));
        if let Some(r) = self.robot_id {
            m.insert("robotId".into(), Value::String(r));
        }
        if let Some(d) = &self.destination {
            d.write(&mut m);
        }
        if let Some((erp, tenant)) = self.operator_erp {
            m.insert("erp".into(), Value::String(erp));
            if let Some(t) = tenant {
                m.insert("tenantId".into(), Value::String(t.as_str().into()));
            }
        }
        m.insert("params".into(), params);
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_sources() {
        let mut ctx = Context { app_id: "fake-app-key".into(), now_ms: 1, request_id: None, robot_id: None };
        assert_eq!(request_id(&ctx).unwrap_err().code(), "invalid_argument");
        ctx.request_id = Some("abc".into());
        assert_eq!(request_id(&ctx).unwrap(), "abc");
        ctx.request_id = Some(" ".into());
        assert!(request_id(&ctx).is_err());
        ctx.request_id = Some("a\nb".into());
        assert!(request_id(&ctx).is_err());
        ctx.request_id = Some("x".repeat(MAX_REQUEST_ID_LEN));
        assert!(request_id(&ctx).is_ok());
        ctx.request_id = Some("x".repeat(MAX_REQUEST_ID_LEN + 1));
        assert!(request_id(&ctx).is_err());
    }

    #[test]
    fn destination_is_exactly_one() {
        use Destination as D;
        assert_eq!(
            D::from_parts(Some("fake.erp"), Some(TenantId::Th), None).unwrap(),
            D::User { erp: "fake.erp".into(), tenant_id: TenantId::Th }
        );
        assert_eq!(D::from_parts(None, None, Some("1")).unwrap(), D::Group { group_id: "1".into() });
        assert!(D::from_parts(Some("e"), Some(TenantId::Cn), Some("1")).is_err());
        assert!(D::from_parts(None, Some(TenantId::Cn), Some("1")).is_err());
        assert!(D::from_parts(Some("e"), None, None).is_err());
        assert!(D::from_parts(None, Some(TenantId::Cn), None).is_err());
        assert!(D::from_parts(None, None, None).is_err());
        assert!(D::from_parts(Some(""), None, Some("")).is_err());
    }

    #[test]
    fn enums_use_documented_spellings() {
        for (t, s) in [(TenantId::Cn, "CN.JD.GROUP"), (TenantId::Th, "TH.JD.GROUP"), (TenantId::Id, "ID.JD.GROUP"), (TenantId::Sf, "SF.JD.GROUP")] {
            assert_eq!(serde_json::to_value(t).unwrap(), Value::String(s.into()));
            assert_eq!(t.as_str(), s);
        }
        for (a, s) in [(App::Ee, "ee"), (App::ThEe, "th.ee"), (App::IdEe, "id.ee"), (App::RobotDd, "robot.dd")] {
            assert_eq!(serde_json::to_value(a).unwrap(), Value::String(s.into()));
            assert_eq!(a.as_str(), s);
        }
        assert!(serde_json::from_str::<TenantId>("\"cn.jd.group\"").is_err());
    }
}
