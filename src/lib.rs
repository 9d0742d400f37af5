//! robotwire core: everything that must behave identically on Node and on the edge.
//!
//! Pure Rust modules (`error`, `jdme`) take outside input only through fallible
//! functions: a panic would abort the wasm instance, so every path returns `Result`.
//! `wasm` holds the thin wasm-bindgen boundary and nothing else.

pub mod error;
pub mod jdme;
pub mod wasm;

pub use error::{Error, ErrorKind};
pub mod yjiyun;
