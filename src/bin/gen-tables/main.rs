//! Writes the TypeScript twins of the Rust tables under js/src/generated/, so no table is ever
//! copied by hand across the wasm boundary (issue 12). A native program, never part of a wasm
//! module (scripts/build-wasm.sh builds `--lib` only).
//!
//!   cargo run --bin gen-tables            write the files (scripts/build.sh does, before bundling)
//!   cargo run --bin gen-tables -- --check exit 1 when a committed file differs (tests/generated_tables.rs)

mod jdme;
mod ts;
mod yjiyun;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("gen-tables: unknown argument {other:?} (only --check)");
            return ExitCode::from(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for m in [jdme::module(), yjiyun::module()] {
        let path = root.join(m.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(m.text.as_str()) {
            continue;
        }
        if check {
            stale.push(m.path);
        } else {
            if let Err(e) = std::fs::create_dir_all(path.parent().expect("a file under js/src")).and_then(|()| std::fs::write(&path, &m.text)) {
                eprintln!("gen-tables: cannot write {}: {e}", m.path);
                return ExitCode::FAILURE;
            }
            println!("gen-tables: wrote {}", m.path);
        }
    }
    if stale.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("gen-tables: {} differ from the Rust tables; run `{}` and commit them", stale.join(", "), ts::COMMAND);
    ExitCode::FAILURE
}
