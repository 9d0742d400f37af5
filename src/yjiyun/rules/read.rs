//! How the checks read a body: the checker state (`Ck`) and its typed field readers (string,
//! integer, list, id, URL, …), each reporting a type or required-field violation itself.

use super::*;

pub(super) fn fp(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_string()
    } else {
        format!("{path}.{k}")
    }
}

/// A URL shown in a violation without its query (which may carry a signature).
pub(super) fn redact_url(s: &str) -> String {
    match s.find(['?', '#']) {
        Some(i) => format!("{}?…", s.get(..i).unwrap_or("")),
        None => s.to_string(),
    }
}

pub(super) fn is_http_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && !s.chars().any(char::is_whitespace))
}

pub(super) fn is_group_id(s: &str) -> bool {
    s.strip_prefix("R:").is_some_and(|r| !r.trim().is_empty())
}

pub(super) fn valid_hhmm(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 5 || b.get(2) != Some(&b':') {
        return false;
    }
    let (Some(h), Some(m)) = (s.get(0..2), s.get(3..5)) else { return false };
    if !is_digits(h) || !is_digits(m) {
        return false;
    }
    matches!((h.parse::<u8>(), m.parse::<u8>()), (Ok(h), Ok(m)) if h < 24 && m < 60)
}

#[derive(Default)]
pub(super) struct Ck {
    pub(super) out: Vec<Violation>,
    /// Form endpoints: ids travel as decimal text in the urlencoded body, never as a JSON
    /// number, so `ID_JS_SAFE` does not apply (a customer id above 2^53 must stay queryable).
    pub(super) ids_are_text: bool,
}

impl Ck {
    pub(super) fn push(&mut self, rule: &'static Rule, field: impl Into<String>, limit: Value, actual: Value, message: impl Into<String>) {
        let mut message = message.into();
        if !rule.doc.is_empty() {
            message.push_str(" (文档: ");
            message.push_str(rule.doc);
            message.push(')');
        }
        self.out.push(Violation { rule: rule.id, field: field.into(), limit, actual, severity: rule.severity, message });
    }

    pub(super) fn type_error(&mut self, field: &str, want: &str, got: &Value) {
        self.push(&FIELD_TYPE, field, json!(want), json!(type_name(got)), format!("{field} must be {want}, got {}", type_name(got)));
    }

    pub(super) fn missing(&mut self, field: &str) {
        self.push(&FIELD_REQUIRED, field, json!("required"), Value::Null, format!("{field} is required"));
    }

    pub(super) fn unknown(&mut self, o: &Map<String, Value>, path: &str, known: &[&str]) {
        for k in o.keys() {
            if !known.contains(&k.as_str()) {
                let f = fp(path, k);
                self.push(&FIELD_UNKNOWN, f.clone(), json!(known), json!(k), format!("{f} is not a documented field here"));
            }
        }
    }

    pub(super) fn present<'v>(o: &'v Map<String, Value>, k: &str) -> Option<&'v Value> {
        match o.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// A string (numbers tolerated, as the doc mixes them). Required means non-empty.
    pub(super) fn str(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) -> Option<String> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(v) => match value::text(v) {
                Some(s) if required && s.trim().is_empty() => {
                    self.missing(&f);
                    None
                }
                Some(s) => Some(s),
                None => {
                    self.type_error(&f, "a string", v);
                    None
                }
            },
        }
    }

    pub(super) fn int(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) -> Option<i64> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(v) => match value::int(v) {
                Some(i) => Some(i),
                None => {
                    self.type_error(&f, "an integer", v);
                    None
                }
            },
        }
    }

    pub(super) fn enum_int(&mut self, rule: &'static Rule, o: &Map<String, Value>, path: &str, k: &str, allowed: &[i64], required: bool) -> Option<i64> {
        let i = self.int(o, path, k, required)?;
        if allowed.contains(&i) {
            Some(i)
        } else {
            let f = fp(path, k);
            self.push(rule, f.clone(), json!(allowed), json!(i), format!("{f} must be one of {allowed:?}, got {i}"));
            None
        }
    }

    pub(super) fn min_int(&mut self, rule: &'static Rule, o: &Map<String, Value>, path: &str, k: &str, min: i64, required: bool) -> Option<i64> {
        let i = self.int(o, path, k, required)?;
        if i < min {
            let f = fp(path, k);
            self.push(rule, f.clone(), json!(format!(">= {min}")), json!(i), format!("{f} must be at least {min}, got {i}"));
            return None;
        }
        Some(i)
    }

    pub(super) fn millis(&mut self, o: &Map<String, Value>, path: &str, k: &str) -> Option<i64> {
        let i = self.int(o, path, k, false)?;
        if i < MIN_MILLIS {
            let f = fp(path, k);
            self.push(&TIMESTAMP_MILLIS, f.clone(), json!(MIN_MILLIS), json!(i), format!("{f} must be Unix milliseconds; {i} looks like seconds or is before 2001"));
            return None;
        }
        Some(i)
    }

    pub(super) fn arr<'v>(&mut self, o: &'v Map<String, Value>, path: &str, k: &str, required: bool) -> Option<&'v Vec<Value>> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(Value::Array(a)) => Some(a),
            Some(v) => {
                self.type_error(&f, "an array", v);
                None
            }
        }
    }

    pub(super) fn obj<'v>(&mut self, o: &'v Map<String, Value>, path: &str, k: &str) -> Option<&'v Map<String, Value>> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                self.missing(&f);
                None
            }
            Some(Value::Object(m)) => Some(m),
            Some(v) => {
                self.type_error(&f, "an object", v);
                None
            }
        }
    }

    pub(super) fn non_empty_list(&mut self, rule: &'static Rule, field: &str, len: usize) -> bool {
        if len == 0 {
            self.push(rule, field, json!(">= 1"), json!(0), format!("{field} must not be empty"));
            false
        } else {
            true
        }
    }

    /// An array of strings, each non-empty.
    pub(super) fn strings(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) -> Option<Vec<String>> {
        let a = self.arr(o, path, k, required)?;
        let f = fp(path, k);
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            match value::text(v) {
                Some(s) if !s.trim().is_empty() => out.push(s),
                Some(_) => self.missing(&format!("{f}[{i}]")),
                None => self.type_error(&format!("{f}[{i}]"), "a string", v),
            }
        }
        Some(out)
    }

    /// One id element: digits, or (if `groups`) an `R:` conversation id. Numbers must be JS-safe.
    pub(super) fn id_value(&mut self, field: &str, v: &Value, groups: bool) -> Option<String> {
        match v {
            Value::Number(n) => match n.as_u64() {
                Some(u) if u <= JS_MAX_SAFE_INTEGER || self.ids_are_text => Some(u.to_string()),
                Some(u) => {
                    self.push(&ID_JS_SAFE, field, json!(JS_MAX_SAFE_INTEGER), json!(u.to_string()), format!("{field} = {u} does not fit a JavaScript number; it would be rounded to another id"));
                    None
                }
                None => {
                    self.push(&ID_NUMERIC, field, json!("non-negative integer"), json!(n.to_string()), format!("{field} must be a non-negative integer id"));
                    None
                }
            },
            Value::String(s) => {
                let t = s.trim();
                if is_digits(t) || (groups && is_group_id(t)) {
                    Some(t.to_string())
                } else if t.is_empty() {
                    self.missing(field);
                    None
                } else {
                    let want = if groups { "digits or \"R:…\"" } else { "digits" };
                    self.push(&ID_NUMERIC, field, json!(want), json!(s), format!("{field} must be {want}, got {s:?}"));
                    None
                }
            }
            other => {
                self.type_error(field, "an id (string or integer)", other);
                None
            }
        }
    }

    pub(super) fn id(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool, groups: bool) -> Option<String> {
        let f = fp(path, k);
        match Self::present(o, k) {
            None => {
                if required {
                    self.missing(&f);
                }
                None
            }
            Some(v) => self.id_value(&f, v, groups),
        }
    }

    pub(super) fn ids(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool, groups: bool) -> Option<Vec<String>> {
        let a = self.arr(o, path, k, required)?;
        let f = fp(path, k);
        Some(a.iter().enumerate().filter_map(|(i, v)| self.id_value(&format!("{f}[{i}]"), v, groups)).collect())
    }

    pub(super) fn group_id(&mut self, field: &str, s: &str) {
        if !is_group_id(s.trim()) {
            self.push(&GROUP_ID_PREFIX, field, json!("R:…"), json!(s), format!("{field} must be a group conversation id starting with \"R:\", got {s:?}"));
        }
    }

    pub(super) fn group_field(&mut self, o: &Map<String, Value>, path: &str, k: &str, required: bool) {
        if let Some(s) = self.str(o, path, k, required) {
            self.group_id(&fp(path, k), &s);
        }
    }

    pub(super) fn url(&mut self, field: &str, s: &str) {
        if !is_http_url(s.trim()) {
            self.push(&URL_HTTP, field, json!("http(s)://…"), json!(redact_url(s)), format!("{field} must be an absolute http(s) URL"));
        }
    }

    pub(super) fn cover(&mut self, field: &str, s: &str) {
        self.url(field, s);
        if s.contains(['?', '#']) {
            self.push(&LINK_COVER_NO_QUERY, field, json!("no query string"), json!(redact_url(s)), format!("{field} must not contain query parameters; host the image at a plain URL"));
        }
    }

    pub(super) fn request_id(&mut self, s: &str) {
        let n = s.chars().count();
        if n != REQUEST_ID_LEN {
            self.push(&REQUEST_ID_LENGTH, "request_id", json!(REQUEST_ID_LEN), json!(n), format!("request_id must be exactly {REQUEST_ID_LEN} characters, got {n}"));
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.push(&REQUEST_ID_CHARSET, "request_id", json!("[0-9A-Za-z]"), Value::Null, "request_id must contain only ASCII letters and digits");
        }
    }

    pub(super) fn message_id(&mut self, o: &Map<String, Value>, path: &str) {
        if let Some(s) = self.str(o, path, "messageId", true) {
            let n = s.chars().count();
            if n > MESSAGE_ID_MAX_LEN {
                let f = fp(path, "messageId");
                self.push(&MESSAGE_ID_LENGTH, f.clone(), json!(MESSAGE_ID_MAX_LEN), json!(n), format!("{f} must be at most {MESSAGE_ID_MAX_LEN} characters, got {n}"));
            }
        }
    }

    pub(super) fn page(&mut self, o: &Map<String, Value>) {
        self.min_int(&PAGE, o, "", "pageNum", 1, false);
        self.min_int(&PAGE, o, "", "pageSize", 1, false);
    }
}
