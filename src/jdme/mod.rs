//! 京ME (JD ME) open platform. One module per job; the TypeScript twin lives in `js/src/jdme/`.

pub mod card;
pub mod crypto;
pub mod token;
pub mod events;
pub mod webhook;
pub mod builders;
pub mod catalogue;
pub mod endpoints;
pub mod envelope;
pub mod listing;
pub mod ratelimit;
pub mod rules;
