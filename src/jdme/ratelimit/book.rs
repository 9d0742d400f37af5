//! `RateBook`: the limiter states of one process, kept next to the engine so a decision over
//! all of a request's keys is one call with no state crossing the wasm boundary (a sliding log
//! of the 1000/min quota is 1000 times; it never leaves this map). `MemoryStore` and the
//! simulator decide through it; `RedisStore` runs the Lua port of the same algorithms.
//!
//! Bounded honestly, like `MemoryStore`: a state leaves only once it equals a fresh one (its
//! TTL has passed on the decision clock); when `capacity` keys are live, one sweep runs, and
//! if nothing has expired a new key is refused with `store_full` instead of forgetting a limit.

use std::collections::{HashMap, VecDeque};

use super::algorithms::{cutoff, decide_one, settle, until_out, Algorithm, LogState, State};
pub use super::lines::BookKey;
use crate::error::{Error, ErrorKind, Result};

/// A sliding log is updated in place (it may hold 100 000 times for a 30-minute cap: copying
/// it per send would cost more than the send); the small states go through the pure functions.
enum Kept {
    Log(VecDeque<u64>),
    Other(State),
}

struct Slot {
    state: Kept,
    /// On the decision clock: after this the state equals a fresh one.
    expires_at: u64,
}

/// Entries of an ascending log still inside the window at `now` start at this index.
fn inside(log: &VecDeque<u64>, window_ms: u64, now: u64) -> usize {
    cutoff(window_ms, now).map_or(0, |cut| log.partition_point(|&t| t <= cut))
}

fn insert_sorted(log: &mut VecDeque<u64>, t: u64) {
    // Nearly always the newest: a plain push.
    if log.back().is_none_or(|&b| b <= t) {
        log.push_back(t);
    } else {
        let at = log.partition_point(|&x| x <= t);
        log.insert(at, t);
    }
}

fn log_ttl(log: &VecDeque<u64>, window_ms: u64, now: u64) -> u64 {
    log.back().map_or(1, |&b| until_out(b, window_ms, now))
}

/// The verdict of [`RateBook::decide`]: `denied` lists `(index into the keys, retry after ms)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookDecision {
    pub allowed: bool,
    pub denied: Vec<(usize, u64)>,
}

pub struct RateBook {
    slots: HashMap<String, Slot>,
    /// The last few key lists, as text and parsed: a send decides and then settles the same
    /// list, and concurrent sends interleave, so a handful saves most parses.
    parsed: VecDeque<(String, std::rc::Rc<[BookKey]>)>,
    capacity: usize,
    /// The earliest expiry the last sweep left behind: no sweep frees anything before it.
    next_expiry: u64,
    /// The latest decision time seen (the sweep's clock; decisions may come slightly out of order).
    latest: u64,
}

impl RateBook {
    pub fn new(capacity: usize) -> RateBook {
        RateBook { slots: HashMap::new(), parsed: VecDeque::new(), capacity: capacity.max(1), next_expiry: 0, latest: 0 }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// `keys` (the lines of [`super::lines`]) parsed, from the cache when seen lately.
    pub fn keys(&mut self, keys: &str) -> Result<std::rc::Rc<[BookKey]>> {
        if let Some((_, k)) = self.parsed.iter().find(|(t, _)| t == keys) {
            return Ok(k.clone());
        }
        let parsed: std::rc::Rc<[BookKey]> = super::lines::parse(keys)?.into();
        if self.parsed.len() == 8 {
            self.parsed.pop_front();
        }
        self.parsed.push_back((keys.to_owned(), parsed.clone()));
        Ok(parsed)
    }

    /// The live state of `key` at the latest decision time (a log as `{log}`, pruned).
    pub fn peek(&self, key: &str) -> Option<State> {
        let slot = self.slots.get(key).filter(|s| s.expires_at > self.latest)?;
        Some(match &slot.state {
            Kept::Log(l) => State::Log(LogState { log: l.iter().copied().collect() }),
            Kept::Other(s) => s.clone(),
        })
    }

    fn live(&self, key: &str, now: u64) -> Option<&Kept> {
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

    /// One key's verdict at `now`, reading its state in place: `Err(retry)` when it refuses.
    fn verdict(&self, k: &BookKey, now: u64) -> Result<core::result::Result<Option<(State, u64)>, u64>> {
        let p = k.params();
        p.validate()?;
        match (k.algorithm, self.live(&k.key, now)) {
            (Algorithm::Log, None) => Ok(Ok(None)),
            (Algorithm::Log, Some(Kept::Log(log))) => {
                let start = inside(log, p.window_ms, now);
                let n = (log.len() - start) as u64;
                if n < p.limit {
                    Ok(Ok(None))
                } else {
                    let pivot = log[start + (n - p.limit) as usize];
                    Ok(Err(until_out(pivot, p.window_ms, now)))
                }
            }
            (_, Some(Kept::Log(_))) | (Algorithm::Log, Some(Kept::Other(_))) => {
                Err(super::algorithms::invalid("rate limit: stored state does not match the algorithm"))
            }
            (_, other) => {
                let stored = match other {
                    Some(Kept::Other(s)) => Some(s),
                    _ => None,
                };
                let o = decide_one(&p, stored, now)?;
                if o.allowed {
                    Ok(Ok(o.state.map(|s| (s, o.ttl_ms))))
                } else {
                    Ok(Err(o.retry_after_ms))
                }
            }
        }
    }

    /// All or nothing: every key allows the request at `now`, or nothing is recorded. With
    /// `commit` false nothing is recorded either way (the simulator asks first, then records
    /// only what the platform would accept, by deciding again with `commit` in the same
    /// synchronous turn).
    pub fn decide(&mut self, keys: &[BookKey], now: u64, commit: bool) -> Result<BookDecision> {
        self.latest = self.latest.max(now);
        let mut denied = Vec::new();
        let mut updates = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            match self.verdict(k, now)? {
                Err(retry) => denied.push((i, retry)),
                Ok(update) => updates.push((i, update)),
            }
        }
        if !denied.is_empty() {
            return Ok(BookDecision { allowed: false, denied });
        }
        if commit {
            // Room for every new key first, so a full book records none of them.
            let fresh = keys.iter().filter(|k| !self.slots.contains_key(&k.key)).count();
            self.room(fresh)?;
            for (i, update) in updates {
                let k = &keys[i];
                match update {
                    Some((state, ttl)) => self.put(&k.key, Kept::Other(state), now.saturating_add(ttl.max(1))),
                    None => self.record_log(k, now),
                }
            }
        }
        Ok(BookDecision { allowed: true, denied })
    }

    fn put(&mut self, key: &str, state: Kept, expires_at: u64) {
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

    /// Appends `now` to a sliding log in place, dropping what has left the window.
    fn record_log(&mut self, k: &BookKey, now: u64) {
        let w = k.window_ms;
        let slot = match self.slots.get_mut(&k.key) {
            Some(s) if s.expires_at > now && matches!(s.state, Kept::Log(_)) => s,
            _ => {
                self.put(&k.key, Kept::Log(VecDeque::new()), now);
                self.slots.get_mut(&k.key).expect("just put")
            }
        };
        let Kept::Log(log) = &mut slot.state else { unreachable!("a log slot") };
        let drop = inside(log, w, now);
        log.drain(..drop);
        insert_sorted(log, now);
        slot.expires_at = now.saturating_add(log_ttl(log, w, now));
        let e = slot.expires_at;
        self.next_expiry = self.next_expiry.min(e);
    }

    /// Moves the request recorded at `sent` to `done` on every key (see `algorithms::settle`).
    pub fn settle(&mut self, keys: &[BookKey], sent: u64, done: u64) -> Result<()> {
        self.latest = self.latest.max(done);
        for k in keys {
            k.params().validate()?;
            // Every key checked before any is written: a settlement is all or nothing too.
            let fits = match (k.algorithm, self.live(&k.key, done)) {
                (_, None) | (Algorithm::Log, Some(Kept::Log(_))) => true,
                (Algorithm::Window, Some(Kept::Other(State::Window(_)))) | (Algorithm::Duplicate, Some(Kept::Other(State::Duplicate(_)))) => true,
                _ => false,
            };
            if !fits {
                return Err(super::algorithms::invalid("rate limit: stored state does not match the algorithm"));
            }
        }
        if done <= sent {
            return Ok(());
        }
        let fresh = keys.iter().filter(|k| k.algorithm == Algorithm::Log && !self.slots.contains_key(&k.key)).count();
        self.room(fresh)?;
        for k in keys {
            match k.algorithm {
                Algorithm::Log => {
                    if let Some(Slot { state: Kept::Log(log), expires_at }) = self.slots.get_mut(&k.key) {
                        // Recent records sit at the back.
                        if *expires_at > done {
                            // The log ascends: look back only as far as `sent` (a settlement for a
                            // record that is not there must not scan 100 000 times).
                            let back = log.iter().rev().take_while(|&&t| t >= sent).position(|&t| t == sent);
                            if let Some(j) = back {
                                log.remove(log.len() - 1 - j);
                            }
                        } else {
                            log.clear();
                        }
                    }
                    self.record_log(k, done);
                }
                _ => {
                    let p = k.params();
                    let stored = match self.live(&k.key, done) {
                        Some(Kept::Other(s)) => Some(s.clone()),
                        _ => None,
                    };
                    if let Some((state, ttl)) = settle(&p, stored.as_ref(), sent, done)? {
                        self.put(&k.key, Kept::Other(state), done.saturating_add(ttl.max(1)));
                    }
                }
            }
        }
        Ok(())
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

    /// The in-place book against the pure functions it must equal, on random sequences of
    /// decisions (committed or not) and settlements.
    #[test]
    fn book_equals_the_pure_functions() {
        use std::collections::BTreeMap;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let keys = [
            key("a", 3, 100),
            key("b", 1, 50),
            BookKey { key: "d".into(), algorithm: Algorithm::Duplicate, limit: 1, window_ms: 70, offset_ms: 0 },
            BookKey { key: "w".into(), algorithm: Algorithm::Window, limit: 4, window_ms: 90, offset_ms: 5 },
        ];
        let mut book = RateBook::new(100);
        let mut model: BTreeMap<String, (State, u64)> = BTreeMap::new();
        let mut sent: Vec<u64> = Vec::new();
        let mut now = 1000u64;
        for step in 0..20_000 {
            now += rnd(4) * rnd(20);
            let pick: Vec<BookKey> = keys.iter().filter(|_| rnd(2) == 0).cloned().collect();
            let live = |m: &BTreeMap<String, (State, u64)>, k: &str, t: u64| m.get(k).filter(|(_, e)| *e > t).map(|(s, _)| s.clone());
            if rnd(4) == 0 && !sent.is_empty() {
                let s = sent[rnd(sent.len() as u64) as usize];
                let done = s + rnd(150);
                book.settle(&pick, s, done).unwrap();
                for k in &pick {
                    if let Some((st, ttl)) = settle(&k.params(), live(&model, &k.key, done).as_ref(), s, done).unwrap() {
                        model.insert(k.key.clone(), (st, done + ttl));
                    }
                }
                now = now.max(done);
            } else {
                let commit = rnd(3) != 0;
                let d = book.decide(&pick, now, commit).unwrap();
                let mut want = Vec::new();
                let mut updates = Vec::new();
                for (i, k) in pick.iter().enumerate() {
                    let o = decide_one(&k.params(), live(&model, &k.key, now).as_ref(), now).unwrap();
                    if o.allowed {
                        updates.push((k.key.clone(), o.state.unwrap(), now + o.ttl_ms));
                    } else {
                        want.push((i, o.retry_after_ms));
                    }
                }
                assert_eq!(d.denied, want, "step {step}");
                if want.is_empty() && commit {
                    for (k, st, e) in updates {
                        model.insert(k, (st, e));
                    }
                    sent.push(now);
                }
            }
            for k in &keys {
                let mine = book.slots.get(&k.key).filter(|s| s.expires_at > now).map(|_| book.peek(&k.key));
                let theirs = live(&model, &k.key, now);
                if let (Some(Some(a)), Some(b)) = (mine, theirs) {
                    assert_eq!(a, b, "step {step} key {}", k.key);
                }
            }
        }
    }

    #[test]
    fn a_mismatched_key_fails_the_whole_settlement() {
        let mut b = RateBook::new(10);
        let day = BookKey { key: "s".into(), algorithm: Algorithm::Window, limit: 5, window_ms: 1000, offset_ms: 0 };
        assert!(b.decide(std::slice::from_ref(&day), 0, true).unwrap().allowed);
        let dup_on_day = BookKey { algorithm: Algorithm::Duplicate, limit: 1, ..day.clone() };
        let keys = [key("fresh", 5, 1000), dup_on_day];
        assert!(b.settle(&keys, 0, 10).is_err());
        assert!(b.peek("fresh").is_none(), "nothing written before the refusal");
    }
}
