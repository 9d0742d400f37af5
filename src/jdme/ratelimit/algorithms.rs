//! The three limiter algorithms as pure functions `(params, state, now) -> outcome`, plus
//! `settle`, which moves a recorded request from the time it was sent to the time its answer
//! came back. No clock, no storage. All times are integer milliseconds; a missing state means
//! "fresh".
//!
//! **Sliding log** (`log`, state `{log: [t…]}` ascending), for every per-second, per-minute and
//! per-30/60-minute cap: exactly "never more than `L` in any window of length `W`", whatever
//! window the platform counts in. An entry `t` is inside the window at `now` iff
//! `now − W < t`. A request at `now` is allowed iff fewer than `L` entries are inside; then
//! `now` is inserted and the key may expire `max(t) + W − now` ms later. Denied:
//! `retry_after = log[n − L] + W − now` (the moment the window again holds `L − 1`), state
//! unchanged. *Guarantee*: with `L` entries inside every `(now − W, now]` at decision time, no
//! half-open interval of length `W` ever holds more than `L` recorded times. State is at most
//! `L` entries (entries leave once they are a whole window old); `L` is capped at
//! [`MAX_LOG_LIMIT`] so a caller cannot make the state unbounded.
//! A GCRA (the previous engine) is O(1) but must choose between bursts that exceed the limit
//! in some sliding window and a pace of one per `W/L`, which wasted up to a fifth of the
//! documented rate when two caps combine (20/s with 1000/min); the log is exact.
//!
//! **Sliding-window counter** (`window`, state `{window, prev, curr}`), for the per-day
//! createGroup cap only (a log of a day would hold 100 entries, but "per day" means calendar
//! days of the platform, which a counter models). Windows are aligned:
//! `idx = (now + offset) / W`, `elapsed = (now + offset) mod W`; the createGroup day uses
//! `offset = 8 h`, i.e. days start at midnight China Standard Time. Roll: same `idx` keeps
//! `(prev, curr)`; `idx = window + 1` gives `(curr, 0)`; later gives `(0, 0)`; an earlier `idx`
//! (clock went back) is evaluated as at the start of the stored window. Allowed iff
//! `prev·(W − elapsed) + (curr + 1)·W ≤ L·W` (128-bit arithmetic); then `curr += 1`, expiry
//! `(W − elapsed) + W`. When denied, `retry_after` is the first ms at which the same inequality
//! holds: if `curr + 1 > L`, `(W − elapsed) + W − ⌊(L−1)·W / curr⌋`; otherwise
//! `W − ⌊(L − curr − 1)·W / prev⌋ − elapsed`.
//! *Guarantee*: at most `L` per aligned day (`curr ≤` the estimate). The weighted previous day
//! makes it stricter than a plain calendar-day counter right after midnight.
//!
//! **Duplicate** (`duplicate`, state `{last}`), for "相同内容…需要间隔1小时以上": allowed iff
//! there is no state or `now − last > W` (strictly more than an hour; exactly 1 h apart is
//! denied, the safe reading of "以上"); then `last = now`, expiry `W + 1`. Denied:
//! `retry_after = last + W + 1 − now`.
//!
//! **Settling.** The platform counts a request when it *arrives*, somewhere between the moment
//! it was sent and the moment its answer came back. A client records it at the send; when the
//! answer is in, `settle(sent, done)` moves the record to `done`. Then for two requests `a`
//! before `b` in the same window, `arrival(b) − arrival(a) ≥ sent(b) − done(a)`, which the log
//! kept at least `W`: the limit holds on the platform's clock too, with no jitter margin.
//! (A log that recorded only send times is beaten by one slow request followed by a fast one.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Log,
    Window,
    Duplicate,
}

/// The largest limit a sliding log accepts (its state holds up to `L` times). The documented
/// caps go up to 100 000 per 30 minutes.
pub const MAX_LOG_LIMIT: u64 = 1_000_000;

/// Parameters of one limiter, as the Lua port and the test vectors see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Params {
    pub algorithm: Algorithm,
    pub limit: u64,
    pub window_ms: u64,
    #[serde(default)]
    pub offset_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogState {
    /// Times of the recorded requests inside the window, ascending, ms.
    pub log: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WindowState {
    /// Index of the current window: `(now + offset) / W`.
    pub window: u64,
    pub prev: u64,
    pub curr: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateState {
    /// When the content was last allowed, ms.
    pub last: u64,
}

/// The per-key state: `{log}`, `{window, prev, curr}` or `{last}` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum State {
    Log(LogState),
    Window(WindowState),
    Duplicate(DuplicateState),
}

impl State {
    /// Reads a state written for `algorithm`; a state of another shape is an error.
    pub fn from_value(algorithm: Algorithm, v: &Value) -> Result<State> {
        let bad = |e: serde_json::Error| Error::new(ErrorKind::InvalidArgument, format!("rate state for {algorithm:?}: {e}"));
        Ok(match algorithm {
            Algorithm::Log => {
                let s = LogState::deserialize(v).map_err(bad)?;
                if !s.log.windows(2).all(|w| w[0] <= w[1]) {
                    return Err(invalid("rate state for Log: times must be ascending"));
                }
                State::Log(s)
            }
            Algorithm::Window => State::Window(WindowState::deserialize(v).map_err(bad)?),
            Algorithm::Duplicate => State::Duplicate(DuplicateState::deserialize(v).map_err(bad)?),
        })
    }
}

/// What one limiter says about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub allowed: bool,
    /// 0 when allowed.
    pub retry_after_ms: u64,
    /// The state to store if the whole request goes ahead (`None` when denied: keep what is stored).
    pub state: Option<State>,
    /// How long the new state matters; after that it equals a fresh one.
    pub ttl_ms: u64,
}

pub(crate) fn invalid(msg: &str) -> Error {
    Error::new(ErrorKind::InvalidArgument, msg.to_owned())
}

impl Params {
    pub fn validate(&self) -> Result<()> {
        if self.limit == 0 || self.window_ms == 0 {
            return Err(invalid("rate limit: limit and windowMs must be at least 1"));
        }
        if self.algorithm == Algorithm::Duplicate && self.limit != 1 {
            return Err(invalid("rate limit: the duplicate algorithm allows exactly 1 per window"));
        }
        if self.algorithm == Algorithm::Log && self.limit > MAX_LOG_LIMIT {
            return Err(invalid("rate limit: a sliding log holds at most 1000000 requests"));
        }
        Ok(())
    }
}

/// Decides one request for one key.
pub fn decide_one(p: &Params, state: Option<&State>, now: u64) -> Result<Outcome> {
    p.validate()?;
    match (p.algorithm, state) {
        (Algorithm::Log, None) => Ok(log(p, &[], now)),
        (Algorithm::Log, Some(State::Log(s))) => Ok(log(p, &s.log, now)),
        (Algorithm::Window, None) => Ok(window(p, None, now)),
        (Algorithm::Window, Some(State::Window(s))) => Ok(window(p, Some(*s), now)),
        (Algorithm::Duplicate, None) => Ok(duplicate(p, None, now)),
        (Algorithm::Duplicate, Some(State::Duplicate(s))) => Ok(duplicate(p, Some(s.last), now)),
        _ => Err(invalid("rate limit: stored state does not match the algorithm")),
    }
}

/// The sliding log's window, written once for the pure functions and the in-place `RateBook`:
/// an entry `t` is inside at `now` iff `now − W < t`, so the entries `t ≤ cutoff` have left.
/// `None` while `now < W`: nothing has left yet (a cutoff of 0 would wrongly drop `t = 0`).
pub(super) fn cutoff(window_ms: u64, now: u64) -> Option<u64> {
    now.checked_sub(window_ms)
}

/// How long until the entry `t` leaves the window (at least 1 ms): the retry after its pivot,
/// the TTL after its newest entry.
pub(super) fn until_out(t: u64, window_ms: u64, now: u64) -> u64 {
    t.saturating_add(window_ms).saturating_sub(now).max(1)
}

/// Entries still inside the window at `now` start at this index (a sorted suffix).
fn live(p: &Params, log: &[u64], now: u64) -> usize {
    cutoff(p.window_ms, now).map_or(0, |cut| log.partition_point(|&t| t <= cut))
}

fn log(p: &Params, log: &[u64], now: u64) -> Outcome {
    let inside = &log[live(p, log, now)..];
    let n = inside.len() as u64;
    if n < p.limit {
        let mut next = Vec::with_capacity(inside.len() + 1);
        let at = inside.partition_point(|&t| t <= now);
        next.extend_from_slice(&inside[..at]);
        next.push(now);
        next.extend_from_slice(&inside[at..]);
        let ttl = until_out(*next.last().unwrap_or(&now), p.window_ms, now);
        return Outcome { allowed: true, retry_after_ms: 0, state: Some(State::Log(LogState { log: next })), ttl_ms: ttl };
    }
    // n ≥ L ≥ 1: the window holds L − 1 once inside[n − L] has left, at inside[n − L] + W.
    let pivot = inside[(n - p.limit) as usize];
    Outcome { allowed: false, retry_after_ms: until_out(pivot, p.window_ms, now), state: None, ttl_ms: 0 }
}

fn window(p: &Params, s: Option<WindowState>, now: u64) -> Outcome {
    let w = p.window_ms;
    let lim = p.limit as u128;
    let idx_of = |t: u64| (t.saturating_add(p.offset_ms)) / w;
    // Clock went back into an earlier window: evaluate as at the start of the stored window.
    let eff_now = match s {
        Some(st) if idx_of(now) < st.window => now.max(st.window.saturating_mul(w).saturating_sub(p.offset_ms)),
        _ => now,
    };
    let shift = eff_now - now;
    let idx = idx_of(eff_now);
    let elapsed = eff_now.saturating_add(p.offset_ms) % w;
    let (prev, curr) = match s {
        None => (0, 0),
        Some(st) if idx <= st.window => (st.prev, st.curr),
        Some(st) if Some(idx) == st.window.checked_add(1) => (st.curr, 0),
        Some(_) => (0, 0),
    };
    let wu = w as u128;
    let rem = (w - elapsed) as u128;
    // Each product is below 2^128; their sum saturates (a saturated sum is a denial).
    let lhs = (prev as u128).saturating_mul(rem).saturating_add(((curr as u128) + 1).saturating_mul(wu));
    // Valid only once in the future: `shift + (W − elapsed) + W`.
    let ttl = shift.saturating_add(w - elapsed).saturating_add(w);
    if lhs <= lim * wu {
        // Allowed implies curr + 1 <= limit, so curr + 1 does not overflow.
        let st = WindowState { window: idx, prev, curr: curr.saturating_add(1) };
        return Outcome { allowed: true, retry_after_ms: 0, state: Some(State::Window(st)), ttl_ms: ttl };
    }
    let retry = if (curr as u128) + 1 > lim {
        // Wait for the next window, where prev' = curr and curr' = 0; keep < W as curr >= L.
        let keep = ((lim - 1) * wu / (curr.max(1) as u128)).min(wu) as u64;
        (w - elapsed).saturating_add(w - keep)
    } else {
        // Denied with curr + 1 <= L implies prev > L − curr − 1 >= 0, hence keep < W.
        let keep = ((lim - (curr as u128) - 1) * wu / (prev.max(1) as u128)).min(wu) as u64;
        (w - keep).saturating_sub(elapsed).max(1)
    };
    Outcome { allowed: false, retry_after_ms: shift.saturating_add(retry), state: None, ttl_ms: 0 }
}

fn duplicate(p: &Params, last: Option<u64>, now: u64) -> Outcome {
    let w = p.window_ms;
    match last {
        Some(l) if now.saturating_sub(l) <= w || now < l => Outcome {
            allowed: false,
            retry_after_ms: l.saturating_add(w).saturating_add(1).saturating_sub(now),
            state: None,
            ttl_ms: 0,
        },
        _ => Outcome {
            allowed: true,
            retry_after_ms: 0,
            state: Some(State::Duplicate(DuplicateState { last: now })),
            ttl_ms: w.saturating_add(1),
        },
    }
}

/// Moves a request recorded at `sent` to `done` (when its answer came back), so the record is
/// never earlier than the platform's arrival time. Log: one entry equal to `sent` is replaced
/// by `done` (equal times are interchangeable; if the entry has already left the window, `done`
/// is recorded anyway, since the arrival may be that late). Duplicate: `last` becomes `done`
/// when it still is `sent`. Window: unchanged (a day counter does not depend on the instant).
/// Returns the new state and its TTL at `done`, or `None` when nothing changes. `done < sent`
/// (a clock that went back) changes nothing.
pub fn settle(p: &Params, state: Option<&State>, sent: u64, done: u64) -> Result<Option<(State, u64)>> {
    p.validate()?;
    if done <= sent {
        return Ok(None);
    }
    match (p.algorithm, state) {
        (Algorithm::Log, s) => {
            let mut log = match s {
                None => Vec::new(),
                Some(State::Log(l)) => l.log.clone(),
                Some(_) => return Err(invalid("rate limit: stored state does not match the algorithm")),
            };
            if let Some(i) = log.iter().rposition(|&t| t == sent) {
                log.remove(i);
            }
            log.drain(..live(p, &log, done));
            let at = log.partition_point(|&t| t <= done);
            log.insert(at, done);
            let ttl = until_out(*log.last().unwrap_or(&done), p.window_ms, done);
            Ok(Some((State::Log(LogState { log }), ttl)))
        }
        (Algorithm::Duplicate, Some(State::Duplicate(d))) if d.last == sent => {
            Ok(Some((State::Duplicate(DuplicateState { last: done }), p.window_ms.saturating_add(1))))
        }
        (Algorithm::Duplicate, None | Some(State::Duplicate(_))) | (Algorithm::Window, None | Some(State::Window(_))) => Ok(None),
        _ => Err(invalid("rate limit: stored state does not match the algorithm")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(algorithm: Algorithm, limit: u64, window_ms: u64) -> Params {
        Params { algorithm, limit, window_ms, offset_ms: 0 }
    }

    /// Brute force: a request every ms for 5 windows; no window of length W ever holds more
    /// than L allowed requests, the whole limit passes at once, and retry_after is exact.
    #[test]
    fn log_is_exact() {
        for (limit, window) in [(5u64, 1000u64), (1, 10), (20, 1000), (3, 7), (1000, 60_000)] {
            let p = p(Algorithm::Log, limit, window);
            let mut state = None;
            let mut allowed = Vec::new();
            let step = (window / 200).max(1);
            let mut now = 0;
            while now < window * 5 {
                let o = decide_one(&p, state.as_ref(), now).unwrap();
                if o.allowed {
                    state = o.state;
                    allowed.push(now);
                } else {
                    let r = o.retry_after_ms;
                    assert!(decide_one(&p, state.as_ref(), now + r).unwrap().allowed, "retry_after must be enough");
                    if r > 1 {
                        assert!(!decide_one(&p, state.as_ref(), now + r - 1).unwrap().allowed, "retry_after must be exact");
                    }
                }
                now += step;
            }
            for (i, &t) in allowed.iter().enumerate() {
                let n = allowed[i..].iter().take_while(|&&u| u < t + window).count() as u64;
                assert!(n <= limit, "L={limit} W={window}: {n} in [{t}, {})", t + window);
            }
            // Exactly L per window at full pressure: L at once, then L again one window later.
            let first: Vec<_> = allowed.iter().take_while(|&&t| t < window).collect();
            assert_eq!(first.len() as u64, limit.min(window / step), "L={limit} W={window}");
            if let Some(State::Log(s)) = &state {
                assert!(s.log.len() as u64 <= limit);
            }
        }
    }

    #[test]
    fn settle_moves_the_record_to_the_answer() {
        let p = p(Algorithm::Log, 2, 1000);
        let a = decide_one(&p, None, 0).unwrap().state.unwrap();
        let b = decide_one(&p, Some(&a), 10).unwrap().state.unwrap();
        // The first request's answer came back at 300: the third may go at 1300, not 1000.
        let (s, ttl) = settle(&p, Some(&b), 0, 300).unwrap().unwrap();
        assert_eq!(s, State::Log(LogState { log: vec![10, 300] }));
        assert_eq!(ttl, 1000);
        let o = decide_one(&p, Some(&s), 1000).unwrap();
        assert_eq!((o.allowed, o.retry_after_ms), (false, 10));
        assert!(decide_one(&p, Some(&s), 1010).unwrap().allowed);
        // An entry already gone is recorded at `done` anyway.
        let (s, _) = settle(&p, Some(&s), 5, 2000).unwrap().unwrap();
        assert_eq!(s, State::Log(LogState { log: vec![2000] }));
        // Duplicate: moved only while it still is the same send.
        let d = Params { algorithm: Algorithm::Duplicate, limit: 1, window_ms: 3_600_000, offset_ms: 0 };
        let st = State::Duplicate(DuplicateState { last: 7 });
        assert_eq!(settle(&d, Some(&st), 7, 9).unwrap(), Some((State::Duplicate(DuplicateState { last: 9 }), 3_600_001)));
        assert_eq!(settle(&d, Some(&st), 6, 9).unwrap(), None);
        // A clock that went back changes nothing; a mismatched state is an error.
        assert_eq!(settle(&p, Some(&s), 10, 9).unwrap(), None);
        assert!(settle(&p, Some(&st), 1, 2).is_err());
    }

    #[test]
    fn window_retry_after_is_exact() {
        let p = Params { algorithm: Algorithm::Window, limit: 4, window_ms: 100, offset_ms: 30 };
        let mut state: Option<State> = None;
        for now in (0..1000u64).step_by(3) {
            let o = decide_one(&p, state.as_ref(), now).unwrap();
            if o.allowed {
                state = o.state;
            } else {
                let r = o.retry_after_ms;
                assert!(decide_one(&p, state.as_ref(), now + r).unwrap().allowed, "now={now} r={r}");
                if r > 1 {
                    assert!(!decide_one(&p, state.as_ref(), now + r - 1).unwrap().allowed, "now={now} r={r}");
                }
            }
        }
    }

    /// Caller-supplied parameters and states come from JS: extreme values must not panic
    /// (tests run with overflow checks on).
    #[test]
    fn extreme_values_do_not_panic() {
        let big = u64::MAX;
        for alg in [Algorithm::Log, Algorithm::Window, Algorithm::Duplicate] {
            for (limit, window, offset) in [(1, 1, 0), (1, big, big), (MAX_LOG_LIMIT, big, big), (big, 1, 0), (2, big, 1)] {
                let limit = if alg == Algorithm::Duplicate { 1 } else { limit };
                let p = Params { algorithm: alg, limit, window_ms: window, offset_ms: offset };
                let states = [
                    None,
                    Some(State::Log(LogState { log: vec![0, big] })),
                    Some(State::Log(LogState { log: vec![big, big, big] })),
                    Some(State::Window(WindowState { window: big, prev: big, curr: big })),
                    Some(State::Window(WindowState { window: 0, prev: big, curr: 0 })),
                    Some(State::Window(WindowState { window: big - 1, prev: 0, curr: big })),
                    Some(State::Duplicate(DuplicateState { last: big })),
                ];
                for st in &states {
                    for now in [0, 1, big / 2, big - 1, big] {
                        let _ = decide_one(&p, st.as_ref(), now);
                        let _ = settle(&p, st.as_ref(), now, big);
                        let _ = settle(&p, st.as_ref(), 0, now);
                    }
                }
            }
        }
    }

    #[test]
    fn mismatched_or_bad_state_is_an_error() {
        let p = p(Algorithm::Log, 1, 1);
        assert!(decide_one(&p, Some(&State::Duplicate(DuplicateState { last: 0 })), 0).is_err());
        assert!(State::from_value(Algorithm::Log, &serde_json::json!({"last": 1})).is_err());
        assert!(State::from_value(Algorithm::Log, &serde_json::json!({"log": [1], "x": 2})).is_err());
        assert!(State::from_value(Algorithm::Log, &serde_json::json!({"log": [2, 1]})).is_err());
        assert!(Params { algorithm: Algorithm::Log, limit: MAX_LOG_LIMIT + 1, window_ms: 1, offset_ms: 0 }.validate().is_err());
    }
}
