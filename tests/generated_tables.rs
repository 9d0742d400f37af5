//! js/src/generated/*.ts are what `cargo run --bin gen-tables` prints from the Rust tables
//! today: a Rust table changed without regenerating (or a hand edit) fails here.

use std::process::Command;

#[test]
fn generated_typescript_tables_are_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_gen-tables")).arg("--check").output().expect("gen-tables runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
