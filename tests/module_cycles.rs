//! The top-level modules of each platform (`src/jdme/*`, `src/yjiyun/*`, plus the platform's own
//! `mod.rs` as a node) must import each other without cycles (issue 12, Structure). Reads every
//! `crate::…`/`super::…` path in src/**/*.rs (use lines and inline paths, test modules included),
//! resolves it to a top-level module and fails with the cycle when the graph is not a DAG.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const PLATFORMS: &[&str] = &["jdme", "yjiyun"];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Code without comments and string/char literals (so paths in docs and messages do not count).
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (b.get(i + 1) == Some(&'"') || b.get(i + 1) == Some(&'#')) && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_')) {
            // raw string r"…" / r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            'raw: while j < b.len() {
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break 'raw;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // char literal ('a', '\n', '\u{..}') vs lifetime ('a)
            if b.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The module path of a file: `src/jdme/ratelimit/book.rs` → `[jdme, ratelimit, book]`.
fn file_module(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut segs: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let last = segs.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        segs.push(stem.to_string());
    }
    segs
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits the top level of a `{a, b::{c, d}, self}` group.
fn group_items(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => items.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    items.push(cur);
    items.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Every absolute module path (as segments) named by `crate::…`/`super::…`/`self::…`/`name::…` in `code`,
/// with `here` the module the code is in (inline `mod x { … }` blocks tracked by braces).
fn referenced(code: &str, file_mod: &[String]) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    // stack of (brace depth at which the inline module's body opened, its name)
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            depth += 1;
            i += 1;
            continue;
        }
        if c == '}' {
            if inline.last().is_some_and(|(d, _)| *d == depth) {
                inline.pop();
            }
            depth = depth.saturating_sub(1);
            i += 1;
            continue;
        }
        let at_word = i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':' && chars[i - 1] != '.';
        if !at_word || !is_ident(c) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_ident(chars[j]) {
            j += 1;
        }
        let word: String = chars[i..j].iter().collect();
        if word == "mod" {
            // `mod name {` opens an inline module
            let rest: String = chars[j..chars.len().min(j + 80)].iter().collect();
            let rest = rest.trim_start();
            let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            let after = rest[name.len()..].trim_start();
            if !name.is_empty() && after.starts_with('{') {
                inline.push((depth + 1, name));
            }
            i = j;
            continue;
        }
        let bare = word != "crate" && word != "super" && word != "self";
        // a bare `name::…` path is relative to the current module (in a platform's `mod.rs`
        // that names a child module; elsewhere it stays inside the current node)
        if bare && !(chars.get(j) == Some(&':') && chars.get(j + 1) == Some(&':')) {
            i = j;
            continue;
        }
        // collect the path text up to the end of the path (`;`, whitespace outside braces, `(`…)
        let mut k = i;
        let mut braces = 0;
        let mut text = String::new();
        while k < chars.len() {
            let ch = chars[k];
            if ch == '{' {
                braces += 1;
            } else if ch == '}' {
                if braces == 0 {
                    break;
                }
                braces -= 1;
            } else if braces == 0 && !(is_ident(ch) || ch == ':') {
                break;
            }
            text.push(ch);
            k += 1;
            if braces == 0 && ch == '}' {
                break;
            }
        }
        let mut here: Vec<String> = file_mod.to_vec();
        here.extend(inline.iter().map(|(_, n)| n.clone()));
        expand(&text, &here, &mut out);
        i = k.max(j);
    }
    out
}

/// Resolves one path text (possibly with a `{…}` group) relative to module `here`.
fn expand(text: &str, here: &[String], out: &mut Vec<Vec<String>>) {
    let mut base: Vec<String> = here.to_vec();
    let mut rest = text;
    let mut first = true;
    loop {
        let (seg, tail) = match rest.find("::") {
            Some(p) => (&rest[..p], Some(&rest[p + 2..])),
            None => (rest, None),
        };
        if seg.starts_with('{') {
            let inner = seg.trim_start_matches('{').trim_end_matches('}');
            let full = &rest[1..rest.len() - usize::from(rest.ends_with('}'))];
            let _ = inner;
            for item in group_items(full) {
                if item == "self" || item.starts_with("self ") {
                    out.push(base.clone());
                } else {
                    let mut b = base.clone();
                    let name: String = item.chars().take_while(|&c| is_ident(c)).collect();
                    if !name.is_empty() {
                        b.push(name);
                    }
                    out.push(b);
                }
            }
            return;
        }
        match (first, seg) {
            (true, "crate") => base.clear(),
            (_, "super") => {
                base.pop();
            }
            (_, "self") => {}
            _ => base.push(seg.to_string()),
        }
        first = false;
        match tail {
            Some(t) if !t.is_empty() => rest = t,
            _ => break,
        }
    }
    out.push(base);
}

/// The node of a module path: `platform::top` or `platform` (its `mod.rs`) or `None` (outside).
fn node(path: &[String], tops: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    let platform = path.first()?;
    let names = tops.get(platform)?;
    match path.get(1) {
        Some(top) if names.contains(top) => Some(format!("{platform}::{top}")),
        _ => Some(platform.clone()),
    }
}

fn top_modules(src: &Path, platform: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for e in fs::read_dir(src.join(platform)).unwrap() {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            names.insert(n);
        } else if let Some(stem) = n.strip_suffix(".rs") {
            if stem != "mod" {
                names.insert(stem.to_string());
            }
        }
    }
    names
}

fn graph(src: &Path) -> Graph {
    let tops: BTreeMap<String, BTreeSet<String>> = PLATFORMS.iter().map(|p| (p.to_string(), top_modules(src, p))).collect();
    let mut files = Vec::new();
    for p in PLATFORMS {
        rust_files(&src.join(p), &mut files);
    }
    let mut g = Graph::new();
    for f in files {
        let m = file_module(src, &f);
        let from = node(&m, &tops).unwrap();
        g.entry(from.clone()).or_default();
        let code = strip(&fs::read_to_string(&f).unwrap());
        for path in referenced(&code, &m) {
            if let Some(to) = node(&path, &tops) {
                // the platform root only declares the modules; `mod x;` lines are not imports
                if to != from && path.len() > 0 {
                    g.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    g
}

/// A cycle, as the list of nodes, if the graph has one.
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(n: &str, g: &Graph, state: &mut BTreeMap<String, u8>, stack: &mut Vec<String>) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|s| s == m).unwrap();
                    let mut c = stack[start..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(m, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn platform_modules_form_a_dag() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    if let Some(c) = find_cycle(&g) {
        let edges: Vec<String> = g.iter().flat_map(|(a, bs)| bs.iter().map(move |b| format!("  {a} -> {b}"))).collect();
        panic!("module cycle: {}\ngraph:\n{}", c.join(" -> "), edges.join("\n"));
    }
}

#[test]
fn the_checker_sees_cycles() {
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}

#[test]
fn paths_resolve() {
    let here: Vec<String> = vec!["jdme".into(), "ratelimit".into()];
    let code = strip("use super::rules::get; use crate::jdme::{endpoints::{self, E}, rules};\n// crate::jdme::builders\nfn f() { let s = \"crate::jdme::card\"; crate::jdme::token::x(); }\nmod tests { use super::*; use super::super::webhook; }");
    let got = referenced(&code, &here);
    let names: Vec<String> = got.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        names,
        [
            "jdme::rules::get",
            "jdme::endpoints",
            "jdme::rules",
            "jdme::token::x",
            "jdme::ratelimit",
            "jdme::webhook",
        ]
    );
}
