//! The catalogue holds every code of every error table of the seed, with the seed's message.
//! Reads `../shared/seeds/000_7436186e173be778.txt`; skipped (with a note) when it is absent.

use robotwire::jdme::catalogue::{self, Category, Retry, Table};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/000_7436186e173be778.txt");

/// `(table, code, rest of line)` for every row of the error tables (API错误码 up to API权限列表).
fn seed_rows(text: &str) -> Vec<(Table, i64, String)> {
    let mut rows = Vec::new();
    let mut table = None;
    let mut inside = false;
    for line in text.lines() {
        let l = line.trim();
        match l {
            "API错误码" => inside = true,
            "API权限列表" => inside = false,
            "网关平台错误" => table = Some(Table::Gateway),
            "开放平台错误" => table = Some(Table::OpenPlatform),
            "机器人接口错误" => table = Some(Table::Robot),
            "JoyDay错误码" => table = Some(Table::JoyDay),
            _ => {}
        }
        if !inside {
            continue;
        }
        let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
        // A row is "<code of 3+ digits> <msg>…"; continuation lines start with "2、" etc.
        if digits.len() >= 3 && l[digits.len()..].starts_with(' ') {
            let t = table.expect("a row before any table heading");
            rows.push((t, digits.parse().unwrap(), l[digits.len() + 1..].to_owned()));
        }
    }
    rows
}

#[test]
fn every_seed_code_is_catalogued_with_its_message() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("seed not found at {SEED}; skipping");
        return;
    };
    let rows = seed_rows(&text);
    assert!(rows.len() > 200, "parsed only {} rows", rows.len());
    // Eight-digit codes in particular (the brief's grep), and every other length too.
    assert!(rows.iter().filter(|r| r.1 >= 10_000_000).count() > 100);
    for (table, code, rest) in &rows {
        let entries = catalogue::lookup(*code);
        assert!(!entries.is_empty(), "{code} ({rest}) missing from the catalogue");
        assert!(
            entries.iter().any(|e| e.table == *table && rest.starts_with(e.msg)),
            "{code}: no {table:?} entry whose msg starts the seed row {rest:?}"
        );
    }
    // One entry per seed row, no inventions.
    assert_eq!(catalogue::entries().len(), rows.len());
}

#[test]
fn duplicate_codes_keep_both_meanings() {
    let e = catalogue::lookup(99990011);
    assert_eq!(e.len(), 2);
    assert_ne!(e[0].explanation, e[1].explanation);
    assert_eq!(catalogue::lookup(99990156).len(), 2);
    assert_eq!(catalogue::explain(99990156).len(), 2);
}

#[test]
fn retry_policies() {
    let never = |c: i64| assert_eq!(catalogue::classify(c).map(Category::retry), Some(Retry::Never), "{c}");
    // 99990041: the seed says never retry (circuit breaker, access revoked).
    never(99990041);
    let e = catalogue::explain(99990041);
    assert_eq!(e[0].retry, Retry::Never);
    assert!(e[0].entry.explanation.unwrap().contains("请不要重试"));
    assert!(e[0].entry.hint.unwrap().contains("Content-Type"));
    // Token expiry: refresh and retry once (app, team, user access token).
    for c in [99990000, 99990001, 99990002] {
        assert_eq!(catalogue::classify(c), Some(Category::TokenExpired), "{c}");
    }
    // No refresh left for an invalid refresh token or code.
    never(99990003);
    never(99990118);
    // Throttles back off.
    for c in [99990105, 20100009, 10100005] {
        assert_eq!(catalogue::classify(c).map(Category::retry), Some(Retry::BackOff), "{c}");
    }
    // Gateway trouble is transient.
    for c in [99990042, 99990098, 99990099, 50000006, 70000001] {
        assert_eq!(catalogue::classify(c).map(Category::retry), Some(Retry::RetryWithBackoff), "{c}");
    }
    // Interception content codes and the robot-not-in-group family never retry.
    for c in [20100010, 20100011, 20100012, 20100002, 236008, 10300000, 10600001, 500] {
        never(c);
    }
    assert!(catalogue::explain(12345).is_empty());
}
