//! The check functions the rule table names: the generic field checks (type, required,
//! enumeration, maximum length) and one function per custom rule.

use super::*;
use Endpoint as E;

pub(super) fn viol(rule: &Rule, field: impl Into<String>, limit: Option<Value>, actual: Option<Value>, message: String) -> Violation {
    Violation { rule: rule.id, field: field.into(), limit, actual, platform_code: rule.platform_code, message }
}

pub(super) fn field_check(rule: &Rule, which: FieldCheck, input: &Input) -> Vec<Violation> {
    let mut out = Vec::new();
    for (fd, p, v) in &input.fields {
        match *v {
            None => {
                if which == FieldCheck::Required && fd.req != Req::No {
                    out.push(viol(rule, p.clone(), None, None, format!("{p} is required")));
                }
            }
            Some(v) => {
                if !type_ok(fd.ty, v) {
                    if which == FieldCheck::Type {
                        out.push(viol(
                            rule,
                            p.clone(),
                            Some(Value::from(type_name(fd.ty))),
                            Some(Value::from(json_kind(v))),
                            format!("{p} must be a {}, not {}", type_name(fd.ty), json_kind(v)),
                        ));
                    }
                    continue;
                }
                match which {
                    FieldCheck::Required => {
                        if fd.req == Req::Yes && v.as_str() == Some("") {
                            out.push(viol(rule, p.clone(), None, Some(Value::from("")), format!("{p} must not be empty")));
                        }
                        if fd.req == Req::NonEmpty && v.as_array().is_some_and(Vec::is_empty) {
                            out.push(viol(rule, p.clone(), None, Some(Value::from(0)), format!("{p} must not be an empty list")));
                        }
                    }
                    FieldCheck::Enum => match fd.ty {
                        Ty::StrIn(allowed) => {
                            if let Some(s) = v.as_str() {
                                if !allowed.contains(&s) {
                                    out.push(viol(
                                        rule,
                                        p.clone(),
                                        Some(Value::from(allowed.to_vec())),
                                        Some(v.clone()),
                                        format!("{p} must be one of {allowed:?}"),
                                    ));
                                }
                            }
                        }
                        Ty::IntIn(allowed) if !v.as_i64().is_some_and(|n| allowed.contains(&n)) => {
                            out.push(viol(
                                rule,
                                p.clone(),
                                Some(Value::from(allowed.to_vec())),
                                Some(v.clone()),
                                format!("{p} must be one of {allowed:?}"),
                            ));
                        }
                        _ => {}
                    },
                    FieldCheck::Type => {}
                }
            }
        }
    }
    out
}

pub(super) fn utf16_len(s: &str) -> u64 {
    s.encode_utf16().count() as u64
}

pub(super) fn max_len_check(rule: &Rule, paths: &[&str], input: &Input) -> Vec<Violation> {
    let Some(max) = rule.limit else { return Vec::new() };
    let mut out = Vec::new();
    for path in paths {
        for (p, v) in resolve(input.body, path) {
            if let Some(s) = v.and_then(Value::as_str) {
                let n = utf16_len(s);
                if n > max {
                    out.push(viol(
                        rule,
                        p.clone(),
                        Some(Value::from(max)),
                        Some(Value::from(n)),
                        format!("{p} is {n} UTF-16 code units; the limit is {max}"),
                    ));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Custom rules
// ---------------------------------------------------------------------------------------------

/// `jdme.body.json` is decided before the table runs (see [`check_shape`] and [`check_text`]).
pub(super) fn no_op(_: &Rule, _: &Input) -> Vec<Violation> {
    Vec::new()
}

pub(super) struct Dest<'a> {
    erp: Option<&'a Value>,
    tenant: Option<&'a Value>,
    group: Option<&'a Value>,
}

pub(super) fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|x| !x.is_null() && x.as_str() != Some(""))
}

pub(super) fn dest(body: &Value) -> Dest<'_> {
    Dest { erp: present(get(body, "erp")), tenant: present(get(body, "tenantId")), group: present(get(body, "groupId")) }
}

pub(super) fn dest_required(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    let missing = match input.shape.destination {
        Some(DestinationPolicy::Target) => d.erp.is_none() && d.tenant.is_none() && d.group.is_none(),
        Some(DestinationPolicy::User) => d.erp.is_none(),
        _ => false,
    };
    if !missing {
        return Vec::new();
    }
    let (field, what) = match input.shape.destination {
        Some(DestinationPolicy::User) => ("erp", "erp and tenantId"),
        _ => ("", "erp+tenantId or groupId"),
    };
    vec![viol(rule, field, None, None, format!("destination missing: give {what}"))]
}

pub(super) fn dest_exactly_one(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    if input.shape.destination == Some(DestinationPolicy::Target) && (d.erp.is_some() || d.tenant.is_some()) && d.group.is_some() {
        return vec![viol(rule, "groupId", None, None, "give either erp+tenantId or groupId, not both".into())];
    }
    Vec::new()
}

pub(super) fn dest_pair(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    match input.shape.destination {
        Some(DestinationPolicy::Target) | Some(DestinationPolicy::User) => match (d.erp, d.tenant) {
            (Some(_), None) => vec![viol(rule, "tenantId", None, None, "erp needs tenantId (erp和tenantId是一组信息)".into())],
            (None, Some(_)) => vec![viol(rule, "erp", None, None, "tenantId needs erp (erp和tenantId是一组信息)".into())],
            _ => Vec::new(),
        },
        Some(DestinationPolicy::Operator) if d.erp.is_none() && d.tenant.is_some() => {
            vec![viol(rule, "erp", None, None, "tenantId needs erp".into())]
        }
        _ => Vec::new(),
    }
}

pub(super) fn dest_not_accepted(rule: &Rule, input: &Input) -> Vec<Violation> {
    let d = dest(input.body);
    let (erp_ok, group_ok) = match input.shape.destination {
        None => return Vec::new(),
        Some(DestinationPolicy::Target) => (true, true),
        Some(DestinationPolicy::Operator) | Some(DestinationPolicy::User) => (true, false),
        Some(DestinationPolicy::None) => (false, false),
    };
    let mut out = Vec::new();
    let name = input.shape.endpoint.map(Endpoint::name).unwrap_or("this endpoint");
    if !erp_ok {
        for (k, v) in [("erp", d.erp), ("tenantId", d.tenant)] {
            if v.is_some() {
                out.push(viol(rule, k, None, None, format!("{name} takes no top-level {k}")));
            }
        }
    }
    if !group_ok && d.group.is_some() {
        out.push(viol(rule, "groupId", None, None, format!("{name} takes no top-level groupId (put it in params where documented)")));
    }
    out
}

/// (new protocol seen, old protocol seen) in a sendJUEMsg body.
pub(super) fn jue_protocols(body: &Value) -> (bool, bool) {
    let new = ["templateCardId", "templateCardVersion", "templateCardVariable"]
        .iter()
        .any(|k| get(body, &format!("params.data.cardData.{k}")).is_some());
    let old = ["templateId", "templateType", "width_mode", "summary"].iter().any(|k| get(body, &format!("params.data.{k}")).is_some());
    (new, old)
}

pub(super) fn jue_protocol(rule: &Rule, input: &Input) -> Vec<Violation> {
    if get(input.body, "params.data").map(Value::is_object) != Some(true) {
        return Vec::new();
    }
    match jue_protocols(input.body) {
        (true, true) => vec![viol(rule, "params.data", None, None, "new-protocol cardData.templateCard* cannot be mixed with old-protocol templateId/templateType/width_mode/summary".into())],
        (false, false) => vec![viol(rule, "params.data", None, None, "give cardData.templateCardId (new protocol) or templateId (old protocol)".into())],
        _ => Vec::new(),
    }
}

pub(super) fn jue_change_session(rule: &Rule, input: &Input) -> Vec<Violation> {
    let b = input.body;
    let mut out = Vec::new();
    let d = dest(b);
    match get(b, "params.sessionType").and_then(Value::as_i64) {
        Some(1) => {
            for k in ["params.gid", "params.groupUsers"] {
                if get(b, k).is_some() {
                    out.push(viol(rule, k, None, None, format!("{k} is for sessionType 2 (群聊), not 1 (单聊)")));
                }
            }
            if d.group.is_some() {
                out.push(viol(rule, "groupId", None, None, "sessionType 1 (单聊) goes to a user: erp+tenantId, not groupId".into()));
            }
        }
        Some(2) => {
            if get(b, "params.to").is_some() {
                out.push(viol(rule, "params.to", None, None, "params.to is for sessionType 1 (单聊), not 2 (群聊)".into()));
            }
            if d.erp.is_some() {
                out.push(viol(rule, "erp", None, None, "sessionType 2 (群聊) goes to a group: groupId, not erp".into()));
            }
        }
        _ => {}
    }
    out
}

pub(super) fn content_not_empty(rule: &Rule, input: &Input) -> Vec<Violation> {
    match input.shape.message {
        MessageKind::Text => match get_str(input.body, "params.body.content") {
            Some(c) if c.chars().all(char::is_whitespace) => {
                vec![viol(rule, "params.body.content", None, Some(Value::from(utf16_len(c))), "text content is empty or blank".into())]
            }
            _ => Vec::new(),
        },
        MessageKind::Card => match get(input.body, "params.data").and_then(Value::as_object) {
            Some(m) if m.is_empty() => vec![viol(rule, "params.data", None, None, "card data is empty".into())],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

pub(super) fn text_max_length(rule: &Rule, input: &Input) -> Vec<Violation> {
    if input.shape.message != MessageKind::Text {
        return Vec::new();
    }
    max_len_check(rule, &["params.body.content"], input)
}

/// The size the card rule measures: bytes of the compact JSON of `params.data`.
pub fn card_package_bytes(data: &Value) -> u64 {
    serde_json::to_string(data).map(|s| s.len() as u64).unwrap_or(u64::MAX)
}

pub(super) fn card_max_bytes(rule: &Rule, input: &Input) -> Vec<Violation> {
    if input.shape.message != MessageKind::Card {
        return Vec::new();
    }
    let Some(data) = get(input.body, "params.data") else { return Vec::new() };
    let n = card_package_bytes(data);
    if n > CARD_MAX_BYTES {
        return vec![viol(
            rule,
            "params.data",
            Some(Value::from(CARD_MAX_BYTES)),
            Some(Value::from(n)),
            format!("card package is {n} bytes of JSON; the limit is {CARD_MAX_BYTES} (20 KB)"),
        )];
    }
    Vec::new()
}

pub(super) fn scope_send(rule: &Rule, input: &Input) -> Vec<Violation> {
    let Some(scope) = &input.facts.send_scope else { return Vec::new() };
    let d = dest(input.body);
    let mut out = Vec::new();
    if let Some(erp) = d.erp.and_then(Value::as_str) {
        if !scope.erps.iter().any(|e| e.eq_ignore_ascii_case(erp)) {
            out.push(viol(rule, "erp", None, Some(Value::from(erp)), format!("{erp} is outside the robot's send scope")));
        }
    }
    if let Some(g) = d.group.and_then(Value::as_str) {
        if !scope.group_ids.iter().any(|x| x == g) {
            out.push(viol(rule, "groupId", None, Some(Value::from(g)), format!("group {g} is outside the robot's send scope")));
        }
    }
    out
}

pub(super) fn at_users(body: &Value) -> Vec<(usize, &Map<String, Value>)> {
    get(body, "params.body.atUsers")
        .and_then(Value::as_array)
        .map(|a| a.iter().enumerate().filter_map(|(i, u)| u.as_object().map(|o| (i, o))).collect())
        .unwrap_or_default()
}

pub(super) fn mentions_group_only(rule: &Rule, input: &Input) -> Vec<Violation> {
    let has = get(input.body, "params.body.atUsers").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    if has && dest(input.body).group.is_none() {
        return vec![viol(rule, "params.body.atUsers", None, None, "@mentions need a group destination (groupId)".into())];
    }
    Vec::new()
}

pub(super) fn mentions_match(rule: &Rule, input: &Input) -> Vec<Violation> {
    let Some(content) = get_str(input.body, "params.body.content") else { return Vec::new() };
    let mut out = Vec::new();
    for (i, u) in at_users(input.body) {
        let Some(nick) = u.get("nickname").and_then(Value::as_str) else { continue };
        let tag = format!("@{nick}");
        let with_sep = format!("{tag}\u{2005}");
        if !(content.contains(&with_sep) || content.ends_with(&tag)) {
            out.push(viol(
                rule,
                format!("params.body.atUsers[{i}].nickname"),
                None,
                Some(Value::from(nick)),
                format!("content does not contain \"@{nick}\" followed by U+2005"),
            ));
        }
    }
    out
}

pub(super) fn at_all_nickname(rule: &Rule, input: &Input) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, u) in at_users(input.body) {
        if u.get("pin").and_then(Value::as_str) == Some("all") && u.get("nickname").and_then(Value::as_str) != Some("全体成员") {
            out.push(viol(
                rule,
                format!("params.body.atUsers[{i}].nickname"),
                Some(Value::from("全体成员")),
                u.get("nickname").cloned(),
                "the @all mention's nickname must be 全体成员".into(),
            ));
        }
    }
    out
}

/// True for an http(s) URL whose host is 360buyimg.com or a subdomain of it.
pub fn avatar_host_ok(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') || authority.contains('\\') {
        return false;
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return false,
        None => authority,
    };
    host == AVATAR_HOST || host.strip_suffix(AVATAR_HOST).is_some_and(|p| p.ends_with('.') && p.len() > 1)
}

pub(super) fn avatar_host(rule: &Rule, input: &Input) -> Vec<Violation> {
    match get_str(input.body, "params.avatar") {
        Some(u) if !avatar_host_ok(u) => vec![viol(
            rule,
            "params.avatar",
            Some(Value::from(AVATAR_HOST)),
            Some(Value::from(u)),
            "the avatar must be an http(s) URL on 360buyimg.com".into(),
        )],
        _ => Vec::new(),
    }
}

pub(super) fn update_not_empty(rule: &Rule, input: &Input) -> Vec<Violation> {
    if ["params.name", "params.notice", "params.avatar", "params.intro"].iter().any(|p| get(input.body, p).is_some()) {
        return Vec::new();
    }
    vec![viol(rule, "params", None, None, "updateGroup must change at least one of name, notice, avatar, intro".into())]
}

pub(super) fn member_key(m: &Map<String, Value>) -> (String, String) {
    let app = m.get("app").and_then(Value::as_str).unwrap_or("").to_owned();
    let pin = m.get("pin").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
    (app, pin)
}

/// Members of the call, plus the owner for createGroup when not listed already.
pub(super) fn member_set(input: &Input) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = get(input.body, "params.members")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).map(member_key).collect())
        .unwrap_or_default();
    if input.shape.endpoint == Some(E::CreateGroup) {
        if let Some(o) = get(input.body, "params.owner").and_then(Value::as_object) {
            let k = member_key(o);
            if !v.contains(&k) {
                v.push(k);
            }
        }
    }
    v
}

pub(super) fn members_max_count(rule: &Rule, input: &Input) -> Vec<Violation> {
    let n = member_set(input).len() as u64;
    match rule.limit {
        Some(max) if n > max => vec![viol(
            rule,
            "params.members",
            Some(Value::from(max)),
            Some(Value::from(n)),
            format!("{n} members (owner included for createGroup); the limit is {max}"),
        )],
        _ => Vec::new(),
    }
}

pub(super) fn members_max_robots(rule: &Rule, input: &Input) -> Vec<Violation> {
    let n = member_set(input).iter().filter(|(app, _)| app == App::RobotDd.as_str()).count() as u64;
    match rule.limit {
        Some(max) if n > max => vec![viol(
            rule,
            "params.members",
            Some(Value::from(max)),
            Some(Value::from(n)),
            format!("{n} robots among the members; the limit is {max}"),
        )],
        _ => Vec::new(),
    }
}

pub(super) fn scope_members(rule: &Rule, input: &Input) -> Vec<Violation> {
    let Some(scope) = &input.facts.send_scope else { return Vec::new() };
    let mut out = Vec::new();
    let mut check = |path: String, m: &Map<String, Value>| {
        let (app, pin) = member_key(m);
        if app != App::RobotDd.as_str() && !scope.erps.iter().any(|e| e.eq_ignore_ascii_case(&pin)) {
            out.push(viol(rule, path, None, Some(Value::from(pin.clone())), format!("{pin} is outside the robot's 可用范围")));
        }
    };
    if input.shape.endpoint == Some(E::CreateGroup) {
        if let Some(o) = get(input.body, "params.owner").and_then(Value::as_object) {
            check("params.owner.pin".into(), o);
        }
    }
    if let Some(a) = get(input.body, "params.members").and_then(Value::as_array) {
        for (i, m) in a.iter().enumerate() {
            if let Some(o) = m.as_object() {
                check(format!("params.members[{i}].pin"), o);
            }
        }
    }
    out
}

pub(super) fn admins_max(rule: &Rule, input: &Input) -> Vec<Violation> {
    match (input.facts.admin_count, rule.limit) {
        (Some(n), Some(max)) if u64::from(n) >= max => vec![viol(
            rule,
            "params.adminMember",
            Some(Value::from(max)),
            Some(Value::from(u64::from(n) + 1)),
            format!("the group already has {n} admins; the limit is {max}"),
        )],
        _ => Vec::new(),
    }
}

pub(super) fn admin_not_owner(rule: &Rule, input: &Input) -> Vec<Violation> {
    let (Some(owner), Some(admin)) = (&input.facts.group_owner, get(input.body, "params.adminMember").and_then(Value::as_object)) else {
        return Vec::new();
    };
    let (app, pin) = member_key(admin);
    if app == owner.app && pin == owner.pin.to_ascii_lowercase() {
        return vec![viol(rule, "params.adminMember", None, Some(Value::from(pin)), "the group owner cannot be made an admin".into())];
    }
    Vec::new()
}

pub(super) fn page_size_max(rule: &Rule, input: &Input) -> Vec<Violation> {
    match (get(input.body, "params.pageSize").and_then(Value::as_i64), rule.limit) {
        (Some(n), Some(max)) if n > 0 && n as u64 > max => vec![viol(
            rule,
            "params.pageSize",
            Some(Value::from(max)),
            Some(Value::from(n)),
            format!("pageSize {n} is above the maximum {max}"),
        )],
        _ => Vec::new(),
    }
}

pub(super) fn page_min(rule: &Rule, input: &Input) -> Vec<Violation> {
    let mut out = Vec::new();
    for p in ["params.pageNo", "params.pageSize"] {
        if let Some(v) = get(input.body, p) {
            // u64 values are >= 0; an i64 covers negatives; 0 fails either way.
            let ok = v.as_u64().is_some_and(|n| n >= 1) || (!is_int(v));
            if !ok {
                out.push(viol(rule, p, Some(Value::from(1)), Some(v.clone()), format!("{p} must be at least 1")));
            }
        }
    }
    out
}
