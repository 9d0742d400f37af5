//! What the REST and frame builders (`rest`, `frames`) share: builder input decoding ([`input`],
//! [`Id`]), the rule gate every built body passes ([`gate`]) and [`BuildError`].

use super::endpoints::Kind;
use super::rules;
use super::value;
use crate::error::{Error, ErrorKind};

/// Why a builder refused: bad input (shape, types) or a rule violation of error severity.
#[derive(Debug, Clone, PartialEq)]
pub enum BuildError {
    Input(Error),
    /// Every violation found (errors and warnings), so the caller can show them all.
    Rules(Vec<rules::Violation>),
}

impl BuildError {
    /// The plain error (kind `invalid_argument`), its detail listing the error violations.
    pub fn to_error(&self) -> Error {
        match self {
            BuildError::Input(e) => e.clone(),
            BuildError::Rules(v) => Error::new(ErrorKind::InvalidArgument, format!("yjiyun rules violated: {}", rules::summarize(v))),
        }
    }

    pub fn violations(&self) -> &[rules::Violation] {
        match self {
            BuildError::Input(_) => &[],
            BuildError::Rules(v) => v,
        }
    }
}

impl From<Error> for BuildError {
    fn from(e: Error) -> Self {
        BuildError::Input(e)
    }
}

impl core::fmt::Display for BuildError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.to_error().fmt(f)
    }
}

/// Runs `check` on a built wire body: errors refuse the build, warnings are returned.
pub(crate) fn gate(kind: Kind, body: &serde_json::Value, extra: Vec<rules::Violation>) -> core::result::Result<Vec<rules::Violation>, BuildError> {
    let mut v = rules::check(kind, body)?;
    v.extend(extra);
    if rules::has_errors(&v) {
        Err(BuildError::Rules(v))
    } else {
        Ok(v)
    }
}

/// Deserializes builder input (JSON text, camelCase, unknown fields refused). The error names
/// fields and expected types but never echoes a value (inputs carry secrets and phone numbers).
pub(crate) fn input<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> crate::error::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let core = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(m, _)| m);
        let safe = if core.starts_with("unknown field") || core.starts_with("missing field") || core.starts_with("duplicate field") {
            core.to_string()
        } else if let Some((_, want)) = core.split_once(", expected ") {
            format!("wrong type or value, expected {want}")
        } else if e.is_syntax() || e.is_eof() {
            "not valid JSON".to_string()
        } else {
            "wrong type or value".to_string()
        };
        Error::new(ErrorKind::InvalidArgument, format!("{what} input: {safe} (line {}, column {})", e.line(), e.column()))
    })
}

/// An id as a TypeScript caller writes it: a string, or a number where it is safe.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum Id {
    Num(u64),
    Str(String),
}

impl Id {
    /// Where the wire wants a string (`"userId": "7881302985963919"`).
    pub fn to_text(&self) -> String {
        match self {
            Id::Num(n) => n.to_string(),
            Id::Str(s) => s.trim().to_string(),
        }
    }

    /// Where the wire wants a number (`"members": [1688853470819974]`): digits become a JSON
    /// number, anything else stays a string for `check` to report (or, for `R:` ids, to pass).
    pub fn to_wire_number(&self) -> serde_json::Value {
        match self {
            Id::Num(n) => serde_json::Value::from(*n),
            Id::Str(s) => {
                let t = s.trim();
                match t.parse::<u64>() {
                    Ok(n) if value::is_digits(t) => serde_json::Value::from(n),
                    _ => serde_json::Value::from(t),
                }
            }
        }
    }
}
