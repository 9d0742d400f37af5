//! `RateBook`: the limiter states of one process, kept next to the engine so a decision over
//! all of a request's keys is one call with no state crossing the wasm boundary (a sliding log
//! of the 1000/min quota is 1000 times; it never leaves this map). `MemoryStore` and the
//! simulator decide through it; `RedisStore` runs the Lua port of the same algorithms.
//!
//! Bounded honestly, like `MemoryStore`: a state leaves only once it equals a fresh one (its
//! TTL has passed on the decision clock); when `capacity` keys are live, one sweep runs, and
//! if nothing has expired a new key is refused with `store_full` instead of forgetting a limit.

use std::collections::HashMap;

use serde::Deserialize;

use super::algorithms::{decide_one, settle, Algorithm, Params, State};
use crate::error::{Error, ErrorKind, Result};

/// One key a request must pass, as a store receives it (the fields of a planned key; others,
/// such as `rule` and `platformCode`, are the caller's and ignored here).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookKey {
    pub key: String,
    pub algorithm: Algorithm,
    pub limit: u64,
    pub window_ms: u64,
    #[serde(default)]
    pub offset_ms: u64,
}

impl BookKey {
    fn params(&self) -> Params {
        Params { algorithm: self.algorithm, limit: self.limit, window_ms: self.window_ms, offset_ms: self.offset_ms }
    }
}

struct Slot {
    state: State,
    /// On the decision clock: after this the state equals a fresh one.
    expires_at: u64,
}

/// The verdict of [`RateBook::decide`]: `denied` lists `(index into the keys, retry after ms)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookDecision {
    pub allowed: bool,
    pub denied: Vec<(usize, u64)>,
}

pub struct RateBook {
    slots: HashMap<String, Slot>,
    capacity: usize,
    /// The earliest expiry the last sweep left behind: no sweep frees anything before it.
    next_expiry: u64,
    /// The latest decision time seen (the sweep's clock; decisions may come slightly out of order).
    latest: u64,
}

impl RateBook {
    pub fn new(capacity: usize) -> RateBook {
        RateBook { slots: HashMap::new(), capacity: capacity.max(1), next_expiry: 0, latest: 0 }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The live state of `key` at the latest decision time.
    pub fn peek(&self, key: &str) -> Option<&State> {
        self.slots.get(key).filter(|s| s.expires_at > self.latest).map(|s| &s.state)
    }

    fn live(&self, key: &str, now: u64) -> Option<&State> {
        self.slots.get(key).filter(|s| s.expires_at > now).map(|s| &s.state)
    }

    /// Room for `n` new keys, or `store_full`.
    fn room(&mut self, n: usize) -> Result<()> {
        if self.slots.len() + n <= self.capacity {
            return Ok(());
        }
        let now = self.latest;
        if now >= self.next_expiry {
            let mut next = u64::MAX;
            self.slots.retain(|_, s| {
                let keep = s.expires_at > now;
                if keep {
                    next = next.min(s.expires_at);
                }
                keep
            });
            self.next_expiry = next;
        }
        if self.slots.len() + n > self.capacity {
            return Err(Error::new(
                ErrorKind::StoreFull,
                format!("rate book is full: {} live limiter states (capacity {}) and none has expired", self.slots.len(), self.capacity),
            ));
        }
        Ok(())
    }

    fn put(&mut self, key: &str, state: State, now: u64, ttl: u64) {
        let expires_at = now.saturating_add(ttl.max(1));
        self.next_expiry = self.next_expiry.min(expires_at);
        match self.slots.get_mut(key) {
            Some(s) => {
                s.state = state;
                s.expires_at = expires_at;
            }
            None => {
                self.slots.insert(key.to_owned(), Slot { state, expires_at });
            }
        }
    }

    /// All or nothing: every key allows the request at `now`, or nothing is recorded. With
    /// `commit` false nothing is recorded either way (the simulator asks first, then records
    /// only what the platform would accept, by deciding again with `commit` in the same synchronous turn).
    pub fn decide(&mut self, keys: &[BookKey], now: u64, commit: bool) -> Result<BookDecision> {
        self.latest = self.latest.max(now);
        let mut denied = Vec::new();
        let mut updates = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            let o = decide_one(&k.params(), self.live(&k.key, now), now)?;
            if !o.allowed {
                denied.push((i, o.retry_after_ms));
            } else if let Some(state) = o.state {
                updates.push((i, state, o.ttl_ms));
            }
        }
        if !denied.is_empty() {
            return Ok(BookDecision { allowed: false, denied });
        }
        if commit {
            self.apply(keys, updates, now)?;
        }
        Ok(BookDecision { allowed: true, denied })
    }

    fn apply(&mut self, keys: &[BookKey], updates: Vec<(usize, State, u64)>, now: u64) -> Result<()> {
        // Room for every new key first, so a full book records none of them.
        let fresh = updates.iter().filter(|(i, _, _)| !self.slots.contains_key(&keys[*i].key)).count();
        self.room(fresh)?;
        for (i, state, ttl) in updates {
            self.put(&keys[i].key, state, now, ttl);
        }
        Ok(())
    }

    /// Moves the request recorded at `sent` to `done` on every key (see `algorithms::settle`).
    pub fn settle(&mut self, keys: &[BookKey], sent: u64, done: u64) -> Result<()> {
        self.latest = self.latest.max(done);
        let mut updates = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some((state, ttl)) = settle(&k.params(), self.live(&k.key, done), sent, done)? {
                updates.push((i, state, ttl));
            }
        }
        self.apply(keys, updates, done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str, limit: u64, window_ms: u64) -> BookKey {
        BookKey { key: k.to_owned(), algorithm: Algorithm::Log, limit, window_ms, offset_ms: 0 }
    }

    #[test]
    fn all_or_nothing_and_bounded() {
        let mut b = RateBook::new(3);
        let ks = [key("a", 2, 100), key("b", 1, 100)];
        assert!(b.decide(&ks, 0, true).unwrap().allowed);
        // b is spent: nothing is recorded on a either.
        let d = b.decide(&ks, 10, true).unwrap();
        assert_eq!(d, BookDecision { allowed: false, denied: vec![(1, 90)] });
        assert!(b.decide(&ks[..1], 10, true).unwrap().allowed, "a still had room");
        // Full: a third and fourth key cannot both be added; nothing has expired.
        let more = [key("c", 1, 100), key("d", 1, 100)];
        assert_eq!(b.decide(&more, 20, true).unwrap_err().kind, ErrorKind::StoreFull);
        assert!(b.peek("c").is_none(), "a full book records none of the keys");
        // Later everything has expired and is swept.
        assert!(b.decide(&more, 500, true).unwrap().allowed);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn ask_then_commit_then_settle() {
        let mut b = RateBook::new(10);
        let ks = [key("a", 1, 100)];
        assert!(b.decide(&ks, 0, false).unwrap().allowed);
        assert!(b.decide(&ks, 0, false).unwrap().allowed, "asking records nothing");
        assert!(b.decide(&ks, 0, true).unwrap().allowed);
        assert!(!b.decide(&ks, 50, false).unwrap().allowed);
        b.settle(&ks, 0, 30).unwrap();
        assert_eq!(b.decide(&ks, 100, false).unwrap().denied, vec![(0, 30)]);
    }
}
