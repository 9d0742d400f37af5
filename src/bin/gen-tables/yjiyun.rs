//! js/src/generated/yjiyun-tables.ts: the 有机云 REST endpoints (path, section, body format,
//! token, retry safety), message kinds, action types, response statuses and rule ids.

use robotwire::yjiyun::response::{STATUS_CODES, STATUS_OTHER};
use robotwire::yjiyun::rules::RULES;
use robotwire::yjiyun::{ActionType, BodyFormat, Endpoint, SendType};
use serde::Serialize;

use crate::ts::{self, Module};

const SOURCES: &[&str] = &["src/yjiyun/endpoints.rs", "src/yjiyun/response.rs", "src/yjiyun/rules/table.rs"];

/// The name `BodyFormat::parse` reads, so the generated spelling is the one Rust accepts.
fn format_name(f: BodyFormat) -> &'static str {
    ["form", "json"].into_iter().find(|n| BodyFormat::parse(n) == Some(f)).expect("every BodyFormat has a name")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EndpointRow {
    endpoint: &'static str,
    path: &'static str,
    section: &'static str,
    format: &'static str,
    auth: &'static str,
    retry_safe: bool,
}

fn quoted(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

pub fn module() -> Module {
    let tails: Vec<&str> = Endpoint::ALL.iter().map(|e| e.tail()).collect();
    let endpoint_rows: Vec<EndpointRow> = Endpoint::ALL
        .iter()
        .map(|e| EndpointRow {
            endpoint: e.tail(),
            path: e.path(),
            section: e.section(),
            format: format_name(e.format()),
            auth: if e.needs_token() { "token" } else { "none" },
            retry_safe: e.retry_safe(),
        })
        .collect();
    let kinds: Vec<&str> = SendType::ALL.iter().map(|s| s.kind()).collect();
    let kinds_doc = quoted(SendType::ALL.iter().map(|s| format!("`{}` ({})", s.kind(), s.section())));
    let actions: Vec<&str> = ActionType::ALL.iter().map(|a| a.as_str()).collect();
    let outbound: Vec<&str> = ActionType::ALL.iter().filter(|a| a.is_outbound()).map(|a| a.as_str()).collect();
    let inbound_doc = quoted(ActionType::ALL.iter().filter(|a| !a.is_outbound()).map(|a| format!("`{}` {}", a.as_str(), a.section())));
    let statuses = ts::distinct(STATUS_CODES.iter().map(|(_, s)| s.to_string()).chain([STATUS_OTHER.to_string()]));
    let status_doc = quoted(STATUS_CODES.iter().map(|(c, s)| if *c == "0" { format!("`{s}`") } else { format!("`{s}` ({c})") }));
    let by_code: Vec<(String, &str)> = STATUS_CODES.iter().map(|(c, s)| (c.to_string(), *s)).collect();
    let rule_ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();

    let blocks = vec![
        ts::union(
            "A REST endpoint, named by its path tail (`chat/list` is `/wxworkapi/chat/list`; `client/auth` is `/robotapi/client/auth`).",
            "YjiyunEndpoint",
            &tails,
        ),
        ts::rows(
            "Every REST endpoint in section order: path, the doc's section, body `format` (`Endpoint::format`), whether it sends the `token` header, and whether a 5000 may be retried (`Endpoint::retry_safe`).",
            "YJIYUN_ENDPOINT_ROWS",
            &endpoint_rows,
        ),
        ts::union(&format!("A message kind: {kinds_doc}."), "YjiyunMessageKind", &kinds),
        ts::union(&format!("Every action `type`, including the ones the platform pushes ({inbound_doc})."), "YjiyunActionType", &actions),
        ts::union("An action `type` the caller can send (the platform-pushed events excluded).", "YjiyunOutboundActionType", &outbound),
        ts::union(&format!("{status_doc}, or `{STATUS_OTHER}` (any other code): how a platform `code` is read (1.2)."), "YjiyunStatus", &statuses),
        ts::record("The platform `code` of each status but the fallback (1.2; src/yjiyun/response.rs `STATUS_CODES`).", "YJIYUN_STATUS_BY_CODE", &by_code),
        format!("{}export const YJIYUN_STATUS_OTHER = {};\n", ts::doc("The status of every other code."), ts::string(STATUS_OTHER)),
        ts::union("A stable 有机云 rule id (src/yjiyun/rules/table.rs `RULES`), as `YjiyunViolation.rule` carries it.", "YjiyunRuleId", &rule_ids),
        ts::list("Every rule id, in table order (the full rows: `yjiyunRuleTable()`).", "YJIYUN_RULE_IDS", "YjiyunRuleId", &rule_ids),
    ];
    Module { path: "js/src/generated/yjiyun-tables.ts", text: ts::module(SOURCES, &blocks) }
}
