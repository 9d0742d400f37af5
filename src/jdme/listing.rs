//! The endpoint listing `jdmeEndpoints()` and the generated TS tables show: [`ENDPOINTS`] and the
//! suite APIs joined with the quotas of [`ratelimit::LIMITS`]. Its own module so that
//! `endpoints` stays the bottom of the graph (`endpoints ← rules ← ratelimit ← listing`).

use serde::Serialize;

use crate::jdme::endpoints::{DestinationPolicy, Family, MessageKind, RobotIdPlacement, TokenKind, ENDPOINTS, SUITE_APIS, SUITE_TOKEN};
use crate::jdme::ratelimit;

/// One entry of the combined listing handed to the JS layer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    pub name: &'static str,
    pub path: &'static str,
    pub method: &'static str,
    pub title: &'static str,
    pub family: Family,
    pub token: TokenKind,
    pub robot_id: RobotIdPlacement,
    pub destination: DestinationPolicy,
    pub message: MessageKind,
    pub quotas: Vec<QuotaInfo>,
    pub envelope: bool,
    pub documented: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<&'static str>,
    pub retry_safe: bool,
}

/// A quota as listed with its endpoint.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaInfo {
    pub rule: &'static str,
    pub limit: u64,
    pub window_ms: u64,
}

/// Documented endpoints first, then the suite APIs. Suite names are their full paths.
pub fn listing() -> Vec<Listing> {
    let mut out: Vec<Listing> = ENDPOINTS
        .iter()
        .map(|s| Listing {
            name: s.name,
            path: s.path,
            method: s.method,
            title: s.title,
            family: s.family,
            token: s.token,
            robot_id: s.robot_id,
            destination: s.destination,
            message: s.message,
            quotas: s
                .quotas
                .iter()
                .filter_map(|id| ratelimit::limit(id))
                .map(|l| QuotaInfo { rule: l.rule, limit: l.limit, window_ms: l.window_ms })
                .collect(),
            envelope: s.envelope,
            documented: s.documented,
            service: None,
            retry_safe: s.retry_safe,
        })
        .collect();
    out.extend(SUITE_APIS.iter().map(|a| Listing {
        name: a.path,
        path: a.path,
        method: "POST",
        title: a.title,
        family: Family::Suite,
        token: SUITE_TOKEN,
        robot_id: RobotIdPlacement::None,
        destination: DestinationPolicy::None,
        message: MessageKind::None,
        quotas: Vec::new(),
        envelope: true,
        documented: false,
        service: Some(a.service),
        // Undocumented: whether a suite API acts is not known, so never repeated blindly.
        retry_safe: false,
    }));
    out
}
