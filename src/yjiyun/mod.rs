//! 有机云 (yjiyun) enterprise-WeChat robot API (seed `001_…`): REST 2.1–2.13 and the socket.io
//! channel 3.x. One module per job:
//!
//! - [`ids`]: `request_id` and `messageId` from caller-supplied randomness / time (no RNG or
//!   clock in the core).
//! - [`rest`]: request builders for every REST endpoint (path, method, content type, body,
//!   urlencoded pairs).
//! - [`frames`]: builders for every outbound socket frame (`message` sends and `action`s).
//! - [`parse`]: typed parsers for every inbound frame (`message`, `chat`, `action`).
//! - [`response`]: typed parsers for every REST response.
//! - [`rules`]: the rule table and `check(kind, body)`.
//! - [`value`]: the tolerant readers the parsers and rules share (string/number variations).
//! - [`endpoints`]: the catalogue of kinds every other module dispatches on (REST endpoints,
//!   message and action types); re-exported here.
//! - [`input`]: what `rest` and `frames` share (input decoding, the rule gate, [`BuildError`]).
//!
//! Traps of the document that shape the design (each is handled where it matters):
//! - `code` is a string (`"0"`), sometimes a number; both are read, `"0"` means success.
//! - Bodies are `application/x-www-form-urlencoded` unless the doc says JSON (2.7, 2.8 only).
//! - Lists arrive under `data` (2.3–2.6), `model` (2.2, 2.11) or `chats` (2.10).
//! - Three different type-code sets: inbound `contentType` (1 text, 7 image, …), outbound
//!   `contentType` (1, 5, 7, 8, 13) and mass-send `msgType` (1, 3, 16, 49, 78); and two
//!   `isGroupChat` meanings (chat lists: 1 group / 0 private; mass-send: 1 friends / 2 groups).
//! - Ids such as `labelId` (14073752703607622) exceed 2^53: parsers read the raw JSON text and
//!   return every id as a string so JavaScript never rounds them.

pub mod endpoints;
pub mod frames;
pub mod ids;
pub mod input;
pub mod parse;
pub mod response;
pub mod rest;
pub mod rules;
pub mod value;

pub use endpoints::{ActionType, BodyFormat, Endpoint, FormArrays, Kind, SendType, Wire, CONTENT_TYPE_FORM, CONTENT_TYPE_JSON, ROBOTAPI_PREFIX, WXWORK_PREFIX};
pub use input::{BuildError, Id};
