//! robotwire core: everything that must behave identically on Node and on the edge.
//!
//! Pure Rust modules (`error`, `jdme`) take outside input only through fallible
//! functions: a panic would abort the wasm instance, so every path returns `Result`.
//! `wasm` holds the thin wasm-bindgen boundary and nothing else.

pub mod error;
pub mod json;
pub mod simd;
pub mod utf8;
pub mod utf16;
pub mod b64;
pub mod jdme;
pub mod wasm;

pub use error::{Error, ErrorKind};
pub mod yjiyun;

// talc instead of the default dlmalloc: 4.9 KB raw / 2 KB gzipped less in every module, which
// the webhook module's edge budget (issue 9: ≤ 60 KB gzipped with its JS) needs. Single
// threaded wasm, so the lock is a no-op.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
