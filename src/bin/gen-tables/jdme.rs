//! js/src/generated/jdme-tables.ts: the JD ME endpoint table, event types, interception
//! profiles, the error catalogue's categories and retry policies, the rule ids, and the webhook's
//! default body cap.

use robotwire::jdme::catalogue::Category;
use robotwire::jdme::endpoints::{Family, RobotIdPlacement, TokenKind, ENDPOINTS};
use robotwire::jdme::events::EVENT_TYPES;
use robotwire::jdme::rules::{Profile, Stage, RULES};
use robotwire::jdme::webhook::DEFAULT_MAX_BODY_BYTES;
use serde::Serialize;

use crate::ts::{self, Module};

const SOURCES: &[&str] = &[
    "src/jdme/endpoints.rs",
    "src/jdme/events.rs",
    "src/jdme/rules/table.rs",
    "src/jdme/catalogue.rs",
    "src/jdme/webhook.rs",
];

/// What the TypeScript side needs of a rule without calling wasm (`jdmeRules()` has the rest).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleRow {
    id: &'static str,
    stage: Stage,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_code: Option<i64>,
}

pub fn module() -> Module {
    let names: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
    let auth: Vec<&str> = ENDPOINTS.iter().filter(|e| e.family == Family::Auth).map(|e| e.name).collect();
    let tokens: Vec<String> = TokenKind::ALL.iter().map(ts::name).collect();
    let placements: Vec<String> = RobotIdPlacement::ALL.iter().map(ts::name).collect();
    let listing = robotwire::jdme::listing::listing();
    let events: Vec<&str> = EVENT_TYPES.iter().map(|(t, _)| *t).collect();
    let profiles: Vec<&str> = Profile::ALL.iter().map(|p| p.as_str()).collect();
    let categories: Vec<String> = Category::ALL.iter().map(ts::name).collect();
    // Every policy is reached from some category, so the categories' image is the whole enum.
    let retries = ts::distinct(Category::ALL.iter().map(|c| ts::name(&c.retry())));
    let category_retry: Vec<(String, String)> = Category::ALL.iter().map(|c| (ts::name(c), ts::name(&c.retry()))).collect();
    let rule_ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    let rule_rows: Vec<RuleRow> = RULES.iter().map(|r| RuleRow { id: r.id, stage: r.stage, platform_code: r.platform_code }).collect();

    let blocks = vec![
        ts::union("The name of a documented endpoint that has a typed builder (the last segment of its path).", "JdmeEndpointName", &names),
        ts::list("The documented endpoint names, for iteration.", "JDME_ENDPOINTS", "JdmeEndpointName", &names),
        ts::union("The three auth endpoints: plain bodies, no envelope, so no context.", "AuthEndpointName", &auth),
        ts::list("The auth endpoints, which take no build context.", "JDME_AUTH_ENDPOINTS", "AuthEndpointName", &auth),
        ts::union(
            "Which access token an endpoint's `authorization: Bearer …` header carries: none, the team token, or a user token.",
            "TokenKind",
            &tokens,
        ),
        ts::union(
            "Where an endpoint's request body carries `robotId`: nowhere, at the top level, inside `params`, or both.",
            "RobotIdPlacement",
            &placements,
        ),
        ts::rows(
            "Every endpoint as `jdmeEndpoints()` lists it (src/jdme/endpoints.rs `listing()`): the documented ones in seed order, then the path-only suite APIs.",
            "JDME_ENDPOINT_ROWS",
            &listing,
        ),
        ts::union("A documented `eventType` (see `JDME_EVENT_TYPES`).", "JdmeEventType", &events),
        ts::list("The documented event types, in the seed's order, for iteration.", "JDME_EVENT_TYPES", "JdmeEventType", &events),
        ts::union("拦截规则 业务类型: 系统报警/账户安全, 工作待办/调研收集/流程进度变更/其他, 咨询问答.", "JdmeProfile", &profiles),
        ts::list("Every interception profile, for validating a `--profile` or option.", "JDME_PROFILES", "JdmeProfile", &profiles),
        ts::union(
            "What an error code means for a caller: `token_expired` (refresh, retry once), `rate_limited` (back off), `transient` (retry with backoff); every other category is never retried.",
            "JdmeErrorCategory",
            &categories,
        ),
        ts::union("The retry policy that follows from a `JdmeErrorCategory`.", "JdmeRetry", &retries),
        ts::record("The retry policy of each error category (src/jdme/catalogue.rs `Category::retry`).", "JDME_CATEGORY_RETRY", &category_retry),
        ts::union("A stable JD ME rule id (src/jdme/rules/table.rs `RULES`), as `Violation.rule` carries it.", "JdmeRuleId", &rule_ids),
        ts::rows(
            "Every rule's id, stage and platform code, in reporting order (the full rows: `jdmeRules()`).",
            "JDME_RULE_ROWS",
            &rule_rows,
        ),
        ts::constant(
            "The largest webhook body read by default, in bytes (`maxBodyBytes`); a larger one is answered 413 unread (src/jdme/webhook.rs).",
            "JDME_WEBHOOK_MAX_BODY_BYTES",
            &DEFAULT_MAX_BODY_BYTES,
        ),
    ];
    Module { path: "js/src/generated/jdme-tables.ts", text: ts::module(SOURCES, &blocks) }
}
