//! A small strict JSON (RFC 8259) reader and writer for the JD ME webhook module.
//! Over 600 lines only with its tests (~110): one grammar, reader and writer kept together.
//!
//! Why not serde_json here: the webhook module is what edge users upload, and serde's derive
//! and error machinery (with float formatting) was 66 KB of its 218 KB (measured with twiggy,
//! issue 9); the same module without any JSON code is 105 KB. The webhook reads six top-level
//! fields and writes two small card answers, so it needs no tree: [`pick`] validates the whole
//! text and hands back only the members asked for; everything else is skipped without
//! allocating (a hostile 1 MiB body costs no more memory than its own bytes), like serde's
//! `IgnoredAny`. The outbound and 有机云 modules keep serde_json.
//!
//! Strictness, chosen to match what the previous serde_json code accepted:
//! - the grammar is checked everywhere (nst/JSONTestSuite, vendored under
//!   tests/vectors/json-test-suite: every `y_` accepted, every `n_` refused, no `i_` panics);
//! - strings that are *read* (member names compared, picked string values) must decode to
//!   Unicode scalar values: a lone surrogate there is an error;
//! - skipped content accepts any `\uXXXX` (a chat message cut inside an emoji arrives as a lone
//!   surrogate and `JSON.parse` takes it) and any nesting depth (skipping is iterative).
//!
//! Numbers stay as their source text, so integers above 2^53 survive exactly; objects and
//! arrays that are picked come back as their validated text, written back verbatim.

use std::borrow::Cow;

/// A picked member's value. Containers are not built: they are their (validated) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written (already checked against the JSON grammar).
    Number(&'a str),
    String(Cow<'a, str>),
    /// An array's text, brackets included.
    Array(&'a str),
    /// An object's text, braces included (read its members with [`pick`]).
    Object(&'a str),
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

/// Why [`pick`] refused a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickError {
    /// Not JSON at all.
    Syntax(SyntaxError),
    /// Valid JSON, but not an object: what it is instead ("an array", …).
    NotObject(&'static str),
    /// A member name outside the list (only with `deny_unknown`).
    Unknown(String),
    /// A listed name given twice: two parsers could disagree on which one counts.
    Duplicate(&'static str),
    /// An unlisted name given twice (only with [`Others::Unique`]); at most 64 characters of it.
    DuplicateOther(String),
    /// More than [`MAX_UNIQUE_NAMES`] unlisted names (only with [`Others::Unique`]).
    TooManyNames,
}

/// With [`Others::Unique`], at most this many unlisted names: the check compares each name with
/// the ones before it, which stays cheap (and small in wasm) only for short lists. JD ME events
/// have fewer than 10 top-level members.
pub const MAX_UNIQUE_NAMES: usize = 64;

/// What [`pick`] does with members whose names are not in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    /// Validate and skip them.
    Skip,
    /// Validate and skip them, but refuse a name given twice (the object is handed on to a
    /// parser whose "last one wins" must not differ from what was checked).
    Unique,
    /// Refuse them.
    Deny,
}

impl core::fmt::Display for PickError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PickError::Syntax(e) => write!(f, "{e}"),
            PickError::NotObject(kind) => write!(f, "expected an object, found {kind}"),
            PickError::Unknown(name) => write!(f, "unknown field `{name}`"),
            PickError::Duplicate(name) => write!(f, "duplicate field `{name}`"),
            PickError::DuplicateOther(name) => write!(f, "duplicate field `{name}`"),
            PickError::TooManyNames => write!(f, "more than {MAX_UNIQUE_NAMES} members"),
        }
    }
}

impl From<SyntaxError> for PickError {
    fn from(e: SyntaxError) -> Self {
        PickError::Syntax(e)
    }
}

/// Checks that `bytes` is one JSON text (surrounding whitespace allowed, nothing after it).
pub fn validate(bytes: &[u8]) -> Result<(), SyntaxError> {
    let mut p = Parser::of(utf8(bytes)?);
    p.ws();
    p.skip_value()?;
    p.end()
}

/// `bytes` as text, or where it stops being UTF-8 (the reader's own first check).
pub fn utf8(bytes: &[u8]) -> Result<&str, SyntaxError> {
    crate::utf8::from_utf8(bytes).map_err(|e| SyntaxError { offset: e.valid_up_to(), reason: "invalid UTF-8" })
}

/// The members of the JSON object `bytes` named in `names`, in that order; the rest of the
/// text is validated and skipped. Other names are an error when `deny_unknown`.
pub fn pick<'a, const N: usize>(
    bytes: &'a [u8],
    names: [&'static str; N],
    others: Others,
) -> Result<[Option<Value<'a>>; N], PickError> {
    pick_str(utf8(bytes)?, names, others)
}

/// [`pick`] of a text already known to be UTF-8 (not checked again: a 16 KB CJK event costs
/// tens of microseconds per pass in wasm).
pub fn pick_str<'a, const N: usize>(
    text: &'a str,
    names: [&'static str; N],
    others: Others,
) -> Result<[Option<Value<'a>>; N], PickError> {
    let mut out: [Option<Value<'a>>; N] = core::array::from_fn(|_| None);
    pick_into_str(text, &names, &mut out, others)?;
    Ok(out)
}

/// [`pick`] into a slice the caller owns (`out.len() == names.len()`).
pub fn pick_into<'a>(bytes: &'a [u8], names: &[&'static str], out: &mut [Option<Value<'a>>], others: Others) -> Result<(), PickError> {
    pick_into_str(utf8(bytes)?, names, out, others)
}

/// [`pick_into`] of a text. Not generic, so the reader exists once in the module whatever the
/// number of names.
pub fn pick_into_str<'a>(text: &'a str, names: &[&'static str], out: &mut [Option<Value<'a>>], others: Others) -> Result<(), PickError> {
    let bytes = text.as_bytes();
    let mut p = Parser::of(text);
    // Unique: the unlisted names seen so far, at most MAX_UNIQUE_NAMES (so the linear search
    // below is bounded whatever a hostile body holds).
    let mut seen: Vec<Cow<'a, str>> = Vec::new();
    p.ws();
    if p.peek() != Some(b'{') {
        let start = p.i;
        p.skip_value()?;
        p.end()?;
        return Err(PickError::NotObject(kind_of(bytes[start])));
    }
    p.i += 1;
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
        return Ok(p.end()?);
    }
    loop {
        p.ws();
        if p.peek() != Some(b'"') {
            return Err(p.err("expected a member name").into());
        }
        // A name with a lone surrogate can equal none of ours: it is just another name.
        let name = p.string(false)?;
        p.ws();
        p.expect(b':', "expected `:`")?;
        p.ws();
        match names.iter().position(|n| Some(*n) == name.as_deref()) {
            Some(i) if out[i].is_some() => return Err(PickError::Duplicate(names[i])),
            Some(i) => out[i] = Some(p.shallow_value()?),
            None if others == Others::Deny => {
                return Err(PickError::Unknown(name.map_or_else(|| "\u{fffd}".to_owned(), Cow::into_owned)))
            }
            None => {
                if others == Others::Unique {
                    // A name with a lone surrogate cannot be compared; it is kept as U+FFFD.
                    let n = name.unwrap_or(Cow::Borrowed("\u{fffd}"));
                    if seen.contains(&n) {
                        return Err(PickError::DuplicateOther(n.chars().take(64).collect()));
                    }
                    if seen.len() == MAX_UNIQUE_NAMES {
                        return Err(PickError::TooManyNames);
                    }
                    seen.push(n);
                }
                p.skip_value()?
            }
        }
        p.ws();
        match p.peek() {
            Some(b',') => p.i += 1,
            Some(b'}') => {
                p.i += 1;
                return Ok(p.end()?);
            }
            _ => return Err(p.err("expected `,` or `}`").into()),
        }
    }
}

fn kind_of(first: u8) -> &'static str {
    match first {
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        _ => "a number",
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn of(s: &'a str) -> Self {
        Parser { s, b: s.as_bytes(), i: 0 }
    }

    /// `s[a..b]` without str indexing's panic path (its message formatting was ~4 KB of the
    /// webhook module). Callers cut only at ASCII bytes (quotes, backslashes, delimiters), which
    /// are always char boundaries, so `get` never misses; were it to, the text is empty.
    fn text(&self, a: usize, b: usize) -> &'a str {
        self.s.get(a..b).unwrap_or("")
    }

    fn err(&self, reason: &'static str) -> SyntaxError {
        SyntaxError { offset: self.i, reason }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn expect(&mut self, c: u8, reason: &'static str) -> Result<(), SyntaxError> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(reason))
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn end(&mut self) -> Result<(), SyntaxError> {
        self.ws();
        if self.i == self.b.len() {
            Ok(())
        } else {
            Err(self.err("trailing characters"))
        }
    }

    fn literal(&mut self, word: &'static str) -> Result<(), SyntaxError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("expected a value"))
        }
    }

    /// A picked value: scalars decoded, containers validated and returned as text.
    fn shallow_value(&mut self) -> Result<Value<'a>, SyntaxError> {
        let start = self.i;
        match self.peek() {
            Some(b'"') => Ok(Value::String(self.string(true)?.ok_or_else(|| self.err("lone surrogate in \\u escape"))?)),
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                Ok(Value::Number(self.text(start, self.i)))
            }
            Some(b'{' | b'[') => {
                self.skip_value()?;
                let text = self.text(start, self.i);
                Ok(if self.b[start] == b'{' { Value::Object(text) } else { Value::Array(text) })
            }
            Some(b't') => self.literal("true").map(|_| Value::Bool(true)),
            Some(b'f') => self.literal("false").map(|_| Value::Bool(false)),
            Some(b'n') => self.literal("null").map(|_| Value::Null),
            _ => Err(self.err("expected a value")),
        }
    }

    /// Validates one value without building it. Iterative: the only allocation is one byte
    /// per open container, so depth costs no stack.
    fn skip_value(&mut self) -> Result<(), SyntaxError> {
        let mut open: Vec<u8> = Vec::new(); // the closing bracket each open container expects
        'value: loop {
            self.ws();
            match self.peek() {
                Some(b'{') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        open.push(b'}');
                        self.member_name()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        open.push(b']');
                        continue 'value;
                    }
                }
                Some(b'"') => self.skip_string()?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                None => return Err(self.err("unexpected end of input")),
                Some(_) => return Err(self.err("expected a value")),
            }
            // After a complete value: close containers until one continues.
            while let Some(&close) = open.last() {
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if close == b'}' {
                            self.ws();
                            self.member_name()?;
                        }
                        continue 'value;
                    }
                    Some(c) if c == close => {
                        self.i += 1;
                        open.pop();
                    }
                    _ => return Err(self.err(if close == b'}' { "expected `,` or `}`" } else { "expected `,` or `]`" })),
                }
            }
            return Ok(());
        }
    }

    /// `"name" :` inside a skipped object.
    fn member_name(&mut self) -> Result<(), SyntaxError> {
        if self.peek() != Some(b'"') {
            return Err(self.err("expected a member name"));
        }
        self.skip_string()?;
        self.ws();
        self.expect(b':', "expected `:`")
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
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
        Ok(())
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

    /// Past the bytes a string holds as they are (no quote, backslash or control byte): the
    /// bulk of every string, in one tight scan instead of a match per byte (a 16 KB event was
    /// 11 ns per byte; the text is valid UTF-8 already, checked once in `new`).
    #[inline(always)]
    fn plain_run(&mut self) {
        let rest = &self.b[self.i..];
        let simd = simd_plain_prefix(rest);
        self.i += simd + rest[simd..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(rest.len() - simd);
    }

    /// A skipped string: grammar only (any `\uXXXX`).
    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(0..=0x1f) => return Err(self.err("control character in string")),
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            self.hex4()?;
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                Some(_) => self.plain_run(),
            }
        }
    }

    /// At the opening quote: the decoded string, borrowed when there is no escape. `Ok(None)`
    /// when it holds a lone surrogate (an error when `strict`).
    fn string(&mut self, strict: bool) -> Result<Option<Cow<'a, str>>, SyntaxError> {
        self.i += 1;
        let start = self.i;
        let mut owned: Option<String> = None;
        let mut lone = false;
        let mut run = start; // start of the unescaped run not yet copied into `owned`
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    let end = self.i;
                    self.i += 1;
                    if lone {
                        return if strict { Err(SyntaxError { offset: start, reason: "lone surrogate in \\u escape" }) } else { Ok(None) };
                    }
                    return Ok(Some(match owned {
                        None => Cow::Borrowed(self.text(start, end)),
                        Some(mut o) => {
                            o.push_str(self.text(run, end));
                            Cow::Owned(o)
                        }
                    }));
                }
                Some(0..=0x1f) => return Err(self.err("control character in string")),
                Some(b'\\') => {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(self.text(run, self.i));
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
                            let mut code = Some(hi);
                            if (0xD800..0xDC00).contains(&hi) && self.b[self.i..].starts_with(b"\\u") {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    code = Some(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                                } else {
                                    self.i = save; // the next escape stands on its own
                                }
                            }
                            match code.and_then(char::from_u32) {
                                Some(c) => owned.get_or_insert_with(String::new).push(c),
                                None => lone = true,
                            }
                            run = self.i;
                            continue;
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    o.push(c);
                    self.i += 1;
                    run = self.i;
                }
                Some(_) => self.plain_run(),
            }
        }
    }
}

/// How many leading bytes of `b` are plain string content, 16 at a time, stopping at the first
/// 16-byte chunk that holds a quote, backslash or control byte (the scalar scan finishes it).
/// Only where the module is built with wasm SIMD (the webhook module); elsewhere 0.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn simd_plain_prefix(b: &[u8]) -> usize {
    use core::arch::wasm32::*;
    let (quote, backslash, space) = (u8x16_splat(b'"'), u8x16_splat(b'\\'), u8x16_splat(0x20));
    let mut i = 0;
    while i + 16 <= b.len() {
        // SAFETY: i + 16 <= b.len(): the 16 bytes read are inside the slice.
        let v = unsafe { v128_load(b.as_ptr().add(i).cast()) };
        let stop = v128_or(v128_or(u8x16_eq(v, quote), u8x16_eq(v, backslash)), u8x16_lt(v, space));
        let mask = u8x16_bitmask(stop);
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    i
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn simd_plain_prefix(_: &[u8]) -> usize {
    0
}

impl Value<'_> {
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

    /// Appends this value as JSON text (containers verbatim, as validated).
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(t) | Value::Array(t) | Value::Object(t) => out.push_str(t),
            Value::String(s) => write_str(out, s),
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
        // `get`: cut at ASCII bytes, always char boundaries (no str-indexing panic path).
        out.push_str(s.get(run..i).unwrap_or(""));
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or(""));
    out.push('"');
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
            let valid = validate(&bytes);
            // pick agrees with validate on every text: an object picks, anything else is refused.
            let picked = pick(&bytes, ["robotwire-probe"], Others::Skip);
            assert_eq!(valid.is_ok(), picked.is_ok() || matches!(picked, Err(PickError::NotObject(_))), "{name}");
            match &name[..2] {
                "y_" => {
                    assert!(valid.is_ok(), "{name} must be accepted: {:?}", valid.err());
                    counts[0] += 1;
                }
                "n_" => {
                    assert!(valid.is_err(), "{name} must be refused");
                    counts[1] += 1;
                }
                _ => counts[2] += 1, // implementation-defined: only "no panic"
            }
        }
        assert_eq!(counts, [95, 188, 35], "the vendored suite changed");
    }

    #[test]
    fn picks_members_and_keeps_containers_as_text() {
        let text = br#" {"a":[1,-0.5e+3,true,null],"b":"x\"y\u00e9\ud83d\ude00\n","skip":{"deep":[[[{}]]]},"c":{} ,"n":18446744073709551616} "#;
        let [a, b, c, n, missing] = pick(text, ["a", "b", "c", "n", "z"], Others::Skip).unwrap();
        assert_eq!(a, Some(Value::Array("[1,-0.5e+3,true,null]")));
        assert_eq!(b, Some(Value::String(Cow::Owned("x\"yé😀\n".into()))));
        assert_eq!(c, Some(Value::Object("{}")));
        assert_eq!(n, Some(Value::Number("18446744073709551616")));
        assert_eq!(missing, None);
        let mut out = String::new();
        b.unwrap().write(&mut out);
        assert_eq!(out, r#""x\"yé😀\n""#);
        assert!(matches!(pick(br#"{"a":"plain"}"#, ["a"], Others::Skip).unwrap()[0], Some(Value::String(Cow::Borrowed("plain")))));
    }

    #[test]
    fn refusals() {
        assert_eq!(pick(b"[]", ["a"], Others::Skip).unwrap_err(), PickError::NotObject("an array"));
        assert_eq!(pick(b"7", ["a"], Others::Skip).unwrap_err(), PickError::NotObject("a number"));
        assert!(matches!(pick(b"[", ["a"], Others::Skip).unwrap_err(), PickError::Syntax(_)));
        assert!(matches!(pick(b"{} x", ["a"], Others::Skip).unwrap_err(), PickError::Syntax(_)));
        assert_eq!(pick(br#"{"a":1,"b":2,"a":3}"#, ["a"], Others::Skip).unwrap_err(), PickError::Duplicate("a"));
        // An escaped name is the same name.
        assert_eq!(pick(br#"{"a":1,"\u0061":3}"#, ["a"], Others::Skip).unwrap_err(), PickError::Duplicate("a"));
        assert_eq!(pick(br#"{"a":1,"z":2}"#, ["a", "b"], Others::Deny).unwrap_err(), PickError::Unknown("z".into()));
        // Unique: unlisted names may not repeat either (also through an escape), listed ones never.
        assert_eq!(pick(br#"{"a":1,"z":2,"z":3}"#, ["a"], Others::Unique).unwrap_err(), PickError::DuplicateOther("z".into()));
        assert_eq!(pick(br#"{"z":2,"\u007a":3}"#, ["a"], Others::Unique).unwrap_err(), PickError::DuplicateOther("z".into()));
        assert!(pick(br#"{"a":1,"z":2,"y":{"z":1,"z":2}}"#, ["a"], Others::Unique).is_ok(), "only the top level");
        assert!(pick(br#"{"a":1,"z":2,"z":3}"#, ["a"], Others::Skip).is_ok());
        let many = |n: usize| format!("{{{}}}", (0..n).map(|i| format!("\"k{i}\":{i}")).collect::<Vec<_>>().join(","));
        assert!(pick(many(MAX_UNIQUE_NAMES).as_bytes(), ["a"], Others::Unique).is_ok());
        assert_eq!(pick(many(MAX_UNIQUE_NAMES + 1).as_bytes(), ["a"], Others::Unique).unwrap_err(), PickError::TooManyNames);
        assert!(matches!(pick(b"{\"a\":1,\"b\":[1,]}", ["a"], Others::Skip).unwrap_err(), PickError::Syntax(_)));
        assert!(matches!(pick(b"\xff", ["a"], Others::Skip).unwrap_err(), PickError::Syntax(SyntaxError { reason: "invalid UTF-8", .. })));
    }

    #[test]
    fn surrogates_strict_where_read_lenient_where_skipped() {
        // A chat message cut inside an emoji: JSON.parse takes it, so must the skipped part.
        assert!(pick(br#"{"a":"ok","event":{"content":"cut \ud83d"}}"#, ["a"], Others::Skip).is_ok());
        assert!(validate(br#"["\udc00\ud800"]"#).is_ok());
        // A read string must be Unicode.
        assert!(matches!(pick(br#"{"a":"\ud83d"}"#, ["a"], Others::Skip).unwrap_err(), PickError::Syntax(SyntaxError { reason: "lone surrogate in \\u escape", .. })));
        assert!(matches!(pick(br#"{"a":"\ud83dx"}"#, ["a"], Others::Skip).unwrap_err(), PickError::Syntax(_)));
        assert!(matches!(pick(br#"{"a":"\ud83d\u0041"}"#, ["a"], Others::Skip).unwrap_err(), PickError::Syntax(_)));
        // A name with a lone surrogate is just an unknown name.
        assert!(pick(br#"{"\ud800":1}"#, ["a"], Others::Skip).is_ok());
        assert_eq!(pick(br#"{"\ud800":1}"#, ["a"], Others::Deny).unwrap_err(), PickError::Unknown("\u{fffd}".into()));
    }

    #[test]
    fn depth_costs_no_stack() {
        let deep = format!("{{\"a\":1,\"x\":{}{}}}", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(pick(deep.as_bytes(), ["a"], Others::Skip).unwrap()[0], Some(Value::Number("1")));
        let objects = format!("{}{}", "{\"k\":".repeat(100_000), format!("0{}", "}".repeat(100_000)));
        assert!(validate(objects.as_bytes()).is_ok());
        let unclosed = "[{\"a\":".repeat(100_000);
        assert!(validate(unclosed.as_bytes()).is_err());
    }

    #[test]
    fn writes_control_characters_escaped() {
        let mut out = String::new();
        write_str(&mut out, "a\u{1}\u{1f}\t\\/");
        assert_eq!(out, r#""a\u0001\u001f\t\\/""#);
    }

    #[test]
    fn numbers_keep_their_text() {
        let n = |t: &str| pick(format!("{{\"n\":{t}}}").as_bytes(), ["n"], Others::Skip).unwrap()[0].as_ref().unwrap().as_u64();
        assert_eq!(n("18446744073709551615"), Some(u64::MAX));
        assert_eq!(n("18446744073709551616"), None);
        assert_eq!(n("1e3"), None);
        assert_eq!(n("-1"), None);
        assert!(validate(b"01").is_err() && validate(b"1.").is_err() && validate(b"-").is_err() && validate(b"1e").is_err());
    }
}
