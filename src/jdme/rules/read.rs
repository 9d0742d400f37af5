//! How the checks read a body: dotted field paths (`params.members[]`) resolved to the values
//! they name, and the JSON type names the messages use.

use super::*;

/// Every location a dotted path names. `x[]` steps into each element of array `x`. Missing or
/// wrongly typed parents yield nothing (the parent's own field reports them); a missing or null
/// last segment yields `(path, None)`.
/// What [`resolve`] finds: one place (no allocation) or the elements of lists.
pub(super) enum Resolved<'p, 'a> {
    One(Option<(Cow<'p, str>, Option<&'a Value>)>),
    Many(std::vec::IntoIter<(Cow<'p, str>, Option<&'a Value>)>),
}

impl<'p, 'a> Iterator for Resolved<'p, 'a> {
    type Item = (Cow<'p, str>, Option<&'a Value>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Resolved::One(x) => x.take(),
            Resolved::Many(it) => it.next(),
        }
    }
}

pub(super) fn resolve<'a, 'p>(body: &'a Value, path: &'p str) -> Resolved<'p, 'a> {
    // Most paths name one place (no `[]`): the resolved path is the path itself, and nothing is
    // allocated unless a rule reports it (this check runs on every send).
    let marker = list_marker(path);
    if marker.is_none() {
        let mut v = body;
        let mut segs = segments(path).peekable();
        while let Some(seg) = segs.next() {
            let Some(o) = v.as_object() else { return Resolved::One(None) };
            match o.get(seg) {
                None | Some(Value::Null) => return Resolved::One(segs.peek().is_none().then_some((Cow::Borrowed(path), None))),
                Some(x) => v = x,
            }
        }
        return Resolved::One(Some((Cow::Borrowed(path), Some(v))));
    }
    // A list that is not there has no elements to check: skip the walk (and its allocations).
    if let Some(i) = marker {
        if !get(body, &path[..i]).is_some_and(Value::is_array) {
            return Resolved::One(None);
        }
    }
    let segs: Vec<&str> = path.split('.').collect();
    let mut cur: Vec<(String, &'a Value)> = vec![(String::new(), body)];
    let mut missing = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (*seg, false),
        };
        let mut next = Vec::new();
        for (p, v) in cur {
            let Some(o) = v.as_object() else { continue };
            let fp = if p.is_empty() { name.to_owned() } else { format!("{p}.{name}") };
            match o.get(name) {
                None | Some(Value::Null) => {
                    if last && !each {
                        missing.push((fp, None));
                    }
                }
                Some(x) if each => {
                    if let Some(a) = x.as_array() {
                        for (k, el) in a.iter().enumerate() {
                            next.push((format!("{fp}[{k}]"), el));
                        }
                    }
                }
                Some(x) => next.push((fp, x)),
            }
        }
        cur = next;
    }
    let mut out: Vec<(Cow<'p, str>, Option<&'a Value>)> = cur.into_iter().map(|(p, v)| (Cow::Owned(p), Some(v))).collect();
    out.extend(missing.into_iter().map(|(p, v)| (Cow::Owned(p), v)));
    Resolved::Many(out.into_iter())
}

/// The value at a dotted `path` in a JSON body (`params.robotId`), absent when null.
/// The dot-separated segments of a path. A plain byte loop: `str::split` sets up a pattern
/// searcher per call, which cost more than the lookups on these short paths (profiled).
pub(super) fn segments(path: &str) -> impl Iterator<Item = &str> {
    let bytes = path.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'.' {
            end += 1;
        }
        let seg = &path[start..end];
        if end == bytes.len() {
            done = true;
        }
        start = end + 1;
        Some(seg)
    })
}

/// Where the first `[]` is, if any (byte scan, see [`segments`]).
pub(super) fn list_marker(path: &str) -> Option<usize> {
    path.as_bytes().windows(2).position(|w| w == b"[]")
}

pub(crate) fn get<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = body;
    for seg in segments(path) {
        v = v.as_object()?.get(seg)?;
    }
    if v.is_null() {
        None
    } else {
        Some(v)
    }
}

pub(super) fn get_str<'a>(body: &'a Value, path: &str) -> Option<&'a str> {
    get(body, path).and_then(Value::as_str)
}

pub(super) fn is_int(v: &Value) -> bool {
    v.is_i64() || v.is_u64()
}

pub(super) fn type_name(t: Ty) -> &'static str {
    match t {
        Ty::Str | Ty::StrIn(_) => "string",
        Ty::Int | Ty::IntIn(_) => "integer",
        Ty::Bool => "boolean",
        Ty::Obj => "object",
        Ty::Arr => "array",
        Ty::StrOrUint => "string or non-negative integer",
    }
}

pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub(super) fn type_ok(t: Ty, v: &Value) -> bool {
    match t {
        Ty::Str | Ty::StrIn(_) => v.is_string(),
        Ty::Int | Ty::IntIn(_) => is_int(v),
        Ty::Bool => v.is_boolean(),
        Ty::Obj => v.is_object(),
        Ty::Arr => v.is_array(),
        Ty::StrOrUint => v.is_string() || v.is_u64(),
    }
}
