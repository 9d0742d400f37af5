//! A small strict JSON (RFC 8259) reader and writer for the JD ME webhook module.
//!
//! Why not serde_json here: the webhook module is what edge users upload, and serde's derive
//! and error machinery (with float formatting) was 66 KB of its 218 KB (measured with twiggy,
//! issue 9); the same module without any JSON code is 105 KB. The webhook reads six top-level
//! fields and writes two small card answers, so a borrowed tree is all it needs. The outbound
//! and 有机云 modules keep serde_json. Checked against nst/JSONTestSuite (vendored under
//! tests/vectors/json-test-suite): every `y_` accepted, every `n_` refused, no `i_` panics.
//!
//! Numbers stay as their source text (validated against the grammar), so integers above 2^53
//! and signed timestamps survive exactly. Nesting deeper than [`MAX_DEPTH`] is refused, so
//! hostile input cannot exhaust the stack.

use std::borrow::Cow;

/// The deepest nesting accepted (serde_json's default recursion limit).
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value borrowing from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written (already checked against the JSON grammar).
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Members in input order; duplicate names are kept (see [`pick`]).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Why a text is not JSON: a fixed reason and the byte offset where it was noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub reason: &'static str,
}

impl core::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

/// Parses one JSON text (surrounding whitespace allowed, nothing else after it).
pub fn parse(bytes: &[u8]) -> Result<Value<'_>, SyntaxError> {
    let text = core::str::from_utf8(bytes)
        .map_err(|e| SyntaxError { offset: e.valid_up_to(), reason: "invalid UTF-8" })?;
    let mut p = Parser { s: text, b: bytes, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != bytes.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> SyntaxError {
        SyntaxError { offset: self.i, reason }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn literal(&mut self, word: &'static str, v: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a value")),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            Err(self.err("nested too deeply"))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        self.enter(depth)?;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        self.enter(depth)?;
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a member name"));
            }
            let name = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected `:`"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth)?;
            members.push((name, v));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.err("expected `,` or `}`")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value<'a>, SyntaxError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(Value::Number(&self.s[start..self.i]))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(n)
    }

    /// At the opening quote. Borrows when there is no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.i += 1;
        let start = self.i;
        let mut owned: Option<String> = None;
        let mut run = start; // start of the unescaped run not yet copied into `owned`
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    let end = self.i;
                    self.i += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(&self.s[start..end]),
                        Some(mut o) => {
                            o.push_str(&self.s[run..end]);
                            Cow::Owned(o)
                        }
                    });
                }
                Some(0..=0x1f) => return Err(self.err("control character in string")),
                Some(b'\\') => {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(&self.s[run..self.i]);
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A high surrogate must be followed by an escaped low one.
                                if !self.b[self.i..].starts_with(b"\\u") {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            let c = char::from_u32(code).ok_or_else(|| self.err("lone surrogate in \\u escape"))?;
                            let o = owned.get_or_insert_with(String::new);
                            o.push(c);
                            run = self.i;
                            continue;
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    o.push(c);
                    self.i += 1;
                    run = self.i;
                }
                Some(_) => self.i += 1,
            }
        }
    }
}

impl<'a> Value<'a> {
    /// The member list, when this is an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A non-negative integer written without fraction or exponent, when it fits a u64.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(t) if t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
            _ => None,
        }
    }

    /// What the value is, for error messages ("expected a string, found a number").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Appends this value as compact JSON text.
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(t) => out.push_str(t),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Appends `s` as a JSON string literal (quotes, backslash and control characters escaped;
/// everything else, non-ASCII included, written as is, like serde_json).
pub fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Why an object does not have the expected members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    Unknown(String),
    Duplicate(&'static str),
}

impl core::fmt::Display for FieldError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FieldError::Unknown(name) => write!(f, "unknown field `{name}`"),
            FieldError::Duplicate(name) => write!(f, "duplicate field `{name}`"),
        }
    }
}

/// The members named `names`, in that order. A name given twice is an error (two parsers
/// could disagree on which one counts); other members are an error when `deny_unknown`.
pub fn pick<'v, 'a, const N: usize>(
    members: &'v [(Cow<'a, str>, Value<'a>)],
    names: [&'static str; N],
    deny_unknown: bool,
) -> Result<[Option<&'v Value<'a>>; N], FieldError> {
    let mut out = [None; N];
    for (k, v) in members {
        match names.iter().position(|n| *n == k.as_ref()) {
            Some(i) if out[i].is_some() => return Err(FieldError::Duplicate(names[i])),
            Some(i) => out[i] = Some(v),
            None if deny_unknown => return Err(FieldError::Unknown(k.to_string())),
            None => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_test_suite() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/json-test-suite/test_parsing");
        let mut counts = [0usize; 3];
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let result = parse(&bytes);
            match &name[..2] {
                "y_" => {
                    assert!(result.is_ok(), "{name} must parse: {:?}", result.err());
                    counts[0] += 1;
                }
                "n_" => {
                    assert!(result.is_err(), "{name} must be refused");
                    counts[1] += 1;
                }
                _ => counts[2] += 1, // implementation-defined: only "no panic"
            }
        }
        assert_eq!(counts, [95, 188, 35], "the vendored suite changed");
    }

    #[test]
    fn round_trips_and_borrows() {
        let text = r#" {"a":[1,-0.5e+3,true,null],"b":"x\"y\u00e9\ud83d\ude00\n","c":{}} "#;
        let v = parse(text.as_bytes()).unwrap();
        let m = v.as_object().unwrap();
        assert!(matches!(&m[0].0, Cow::Borrowed("a")));
        assert_eq!(m[1].1, Value::String(Cow::Owned("x\"yé😀\n".into())));
        let mut out = String::new();
        v.write(&mut out);
        assert_eq!(out, r#"{"a":[1,-0.5e+3,true,null],"b":"x\"yé😀\n","c":{}}"#);
        assert_eq!(parse(out.as_bytes()).unwrap(), v);
    }

    #[test]
    fn writes_control_characters_escaped() {
        let mut out = String::new();
        write_str(&mut out, "a\u{1}\u{1f}\t\\/");
        assert_eq!(out, r#""a\u0001\u001f\t\\/""#);
    }

    #[test]
    fn numbers_keep_their_text() {
        assert_eq!(parse(b"18446744073709551616").unwrap(), Value::Number("18446744073709551616"));
        assert_eq!(parse(b"18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
        assert_eq!(parse(b"18446744073709551616").unwrap().as_u64(), None);
        assert_eq!(parse(b"1e3").unwrap().as_u64(), None);
        assert_eq!(parse(b"-1").unwrap().as_u64(), None);
    }

    #[test]
    fn depth_is_bounded() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(deep.as_bytes()).unwrap_err().reason, "nested too deeply");
        let hostile = "[{\"a\":".repeat(100_000);
        assert!(parse(hostile.as_bytes()).is_err());
    }

    #[test]
    fn pick_refuses_duplicates_and_unknown_members() {
        let v = parse(br#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(pick(v.as_object().unwrap(), ["a"], false).unwrap_err(), FieldError::Duplicate("a"));
        let v = parse(br#"{"a":1,"z":2}"#).unwrap();
        assert_eq!(pick(v.as_object().unwrap(), ["a", "b"], true).unwrap_err(), FieldError::Unknown("z".into()));
        let [a, b] = pick(v.as_object().unwrap(), ["a", "b"], false).unwrap();
        assert_eq!((a, b), (Some(&Value::Number("1")), None));
    }
}
