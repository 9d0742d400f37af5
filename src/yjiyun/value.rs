//! Tolerant readers over `serde_json::Value`, shared by the parsers and the rules.
//!
//! The document writes the same field as a string in one place and a number in another
//! (`code: "0"`, `dts: "1608974161609"` vs `1616046886922`, `isCreator: "1"`, `gender: "2"`,
//! `unreadCount` typed String but sent as a number). These readers accept both spellings and
//! nothing else: anything that is neither is garbage and yields a typed error. JSON `null` is
//! treated as absent (the doc sends `"aliasName": null`).
//!
//! Error details name the field and the JSON type found, never the value: a value can be an
//! access token or a customer's phone number.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// Largest integer JavaScript represents exactly (`Number.MAX_SAFE_INTEGER`).
pub const JS_MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An integer written as a JSON integer, an integral float, or a decimal string (`"12"`, `" 12 "`).
pub fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i)
            } else if let Some(f) = n.as_f64() {
                // Only integral floats inside the exactly-representable range.
                if f.is_finite() && f.fract() == 0.0 && f.abs() <= JS_MAX_SAFE_INTEGER as f64 {
                    Some(f as i64)
                } else {
                    None
                }
            } else {
                None
            }
        }
        Value::String(s) => parse_decimal(s.trim()),
        _ => None,
    }
}

fn parse_decimal(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// An identifier: a non-empty string (kept verbatim) or a non-negative JSON integer, returned as
/// its exact decimal text (so `14073752703607622` survives; JavaScript would round it).
pub fn id(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => n.as_u64().map(|u| u.to_string()),
        _ => None,
    }
}

/// `1`/`0`, `"1"`/`"0"` or `true`/`false`.
pub fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => match int(v) {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
    }
}

/// A string, or a number rendered as its JSON text (phone numbers and ids arrive both ways).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// True for an id made of ASCII digits only (the wire form of a Long user id).
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An object reader that knows where it is (`message.from`) for error messages.
#[derive(Clone)]
pub struct Reader<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Reader<'a> {
    pub fn new(v: &'a Value, path: &str) -> Result<Reader<'a>> {
        match v {
            Value::Object(map) => Ok(Reader { map, path: path.to_string() }),
            other => Err(Error::new(
                ErrorKind::InvalidJson,
                format!("{}: expected an object, got {}", show(path), type_name(other)),
            )),
        }
    }

    pub fn map(&self) -> &'a Map<String, Value> {
        self.map
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn field(&self, k: &str) -> String {
        if self.path.is_empty() {
            k.to_string()
        } else {
            format!("{}.{}", self.path, k)
        }
    }

    /// The value, `None` when absent or `null`.
    pub fn get(&self, k: &str) -> Option<&'a Value> {
        match self.map.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// The first of `keys` that is present (documented spelling first, then the doc's typos).
    pub fn first<'k>(&self, keys: &[&'k str]) -> &'k str {
        keys.iter().copied().find(|k| self.get(k).is_some()).unwrap_or_else(|| keys.first().copied().unwrap_or(""))
    }

    fn bad(&self, k: &str, want: &str, got: &Value) -> Error {
        Error::new(ErrorKind::InvalidField, format!("{}: expected {want}, got {}", self.field(k), type_name(got)))
    }

    fn missing(&self, k: &str) -> Error {
        Error::new(ErrorKind::MissingField, format!("{} is missing", self.field(k)))
    }

    pub fn str_opt(&self, k: &str) -> Result<Option<String>> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => text(v).map(Some).ok_or_else(|| self.bad(k, "a string", v)),
        }
    }

    pub fn str_req(&self, k: &str) -> Result<String> {
        self.str_opt(k)?.ok_or_else(|| self.missing(k))
    }

    pub fn id_opt(&self, k: &str) -> Result<Option<String>> {
        match self.get(k) {
            None => Ok(None),
            // An empty string id is "not set" in the doc's lists (`"mobile": ""` style).
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(v) => id(v).map(Some).ok_or_else(|| self.bad(k, "an id (string or non-negative integer)", v)),
        }
    }

    pub fn id_req(&self, k: &str) -> Result<String> {
        self.id_opt(k)?.ok_or_else(|| self.missing(k))
    }

    pub fn int_opt(&self, k: &str) -> Result<Option<i64>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(v) => int(v).map(Some).ok_or_else(|| self.bad(k, "an integer", v)),
        }
    }

    pub fn int_req(&self, k: &str) -> Result<i64> {
        self.int_opt(k)?.ok_or_else(|| self.missing(k))
    }

    pub fn flag_opt(&self, k: &str) -> Result<Option<bool>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(v) => flag(v).map(Some).ok_or_else(|| self.bad(k, "0 or 1", v)),
        }
    }

    pub fn obj_opt(&self, k: &str) -> Result<Option<Reader<'a>>> {
        match self.get(k) {
            None => Ok(None),
            Some(v @ Value::Object(_)) => Reader::new(v, &self.field(k)).map(Some),
            Some(v) => Err(self.bad(k, "an object", v)),
        }
    }

    pub fn obj_req(&self, k: &str) -> Result<Reader<'a>> {
        self.obj_opt(k)?.ok_or_else(|| self.missing(k))
    }

    pub fn arr_opt(&self, k: &str) -> Result<Option<&'a Vec<Value>>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(v) => Err(self.bad(k, "an array", v)),
        }
    }

    /// An array of ids; absent means empty.
    pub fn ids(&self, k: &str) -> Result<Vec<String>> {
        let Some(arr) = self.arr_opt(k)? else { return Ok(Vec::new()) };
        arr.iter()
            .enumerate()
            .map(|(i, v)| {
                id(v).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidField,
                        format!("{}[{i}]: expected an id, got {}", self.field(k), type_name(v)),
                    )
                })
            })
            .collect()
    }

    /// Each element of an array of objects, with its path.
    pub fn objects(&self, k: &str) -> Result<Vec<Reader<'a>>> {
        let Some(arr) = self.arr_opt(k)? else { return Ok(Vec::new()) };
        let base = self.field(k);
        arr.iter().enumerate().map(|(i, v)| Reader::new(v, &format!("{base}[{i}]"))).collect()
    }

    /// Every key not in `known`, for forward compatibility (`extra`).
    pub fn extra(&self, known: &[&str]) -> Map<String, Value> {
        self.map.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}

fn show(path: &str) -> &str {
    if path.is_empty() {
        "body"
    } else {
        path
    }
}

/// Parses JSON text into a `Value` with a typed error (never echoing the text).
pub fn parse_json(text: &str, what: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::new(ErrorKind::InvalidJson, format!("{what}: not valid JSON (line {}, column {})", e.line(), e.column()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ints_accept_both_spellings_only() {
        assert_eq!(int(&json!(5)), Some(5));
        assert_eq!(int(&json!("5")), Some(5));
        assert_eq!(int(&json!(" 1608974161609 ")), Some(1_608_974_161_609));
        assert_eq!(int(&json!(-3)), Some(-3));
        assert_eq!(int(&json!(2.0)), Some(2));
        assert_eq!(int(&json!(2.5)), None);
        assert_eq!(int(&json!("2.5")), None);
        assert_eq!(int(&json!("abc")), None);
        assert_eq!(int(&json!("")), None);
        assert_eq!(int(&json!("-")), None);
        assert_eq!(int(&json!("99999999999999999999")), None);
        assert_eq!(int(&json!(u64::MAX)), None);
        assert_eq!(int(&json!(true)), None);
        assert_eq!(int(&json!(null)), None);
        assert_eq!(int(&json!(1e300)), None);
    }

    #[test]
    fn ids_keep_big_numbers_exact() {
        let v: Value = serde_json::from_str("14073752703607622").unwrap();
        assert_eq!(id(&v).as_deref(), Some("14073752703607622"));
        assert_eq!(id(&json!("R:1")).as_deref(), Some("R:1"));
        assert_eq!(id(&json!("")), None);
        assert_eq!(id(&json!(-1)), None);
        assert_eq!(id(&json!(1.5)), None);
        assert_eq!(id(&json!([])), None);
    }

    #[test]
    fn flags() {
        assert_eq!(flag(&json!(1)), Some(true));
        assert_eq!(flag(&json!("0")), Some(false));
        assert_eq!(flag(&json!(false)), Some(false));
        assert_eq!(flag(&json!(2)), None);
        assert_eq!(flag(&json!("yes")), None);
    }

    #[test]
    fn reader_errors_name_field_not_value() {
        let v = json!({"a": {"b": "secret-token-value"}, "n": null, "e": ""});
        let r = Reader::new(&v, "").unwrap();
        let a = r.obj_req("a").unwrap();
        let e = a.int_req("b").unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidField);
        assert!(e.detail.contains("a.b"));
        assert!(!e.detail.contains("secret"));
        assert_eq!(r.str_opt("n").unwrap(), None);
        assert_eq!(r.int_opt("e").unwrap(), None);
        assert_eq!(r.str_req("zz").unwrap_err().kind, ErrorKind::MissingField);
        assert!(Reader::new(&json!([1]), "x").is_err());
        assert_eq!(r.first(&["q", "a"]), "a");
        assert_eq!(r.first(&["q", "w"]), "q");
        assert!(parse_json("{", "t").unwrap_err().detail.contains("line"));
    }
}
