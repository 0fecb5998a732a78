//! The server's clock. Every "now" goes through here so that tests (and the
//! demo's test controls) can move time forward and watch invitations expire.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::Utc;
use roster_api::Timestamp;

/// Wall-clock time plus an offset that only ever grows.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Now, in unix milliseconds (the unit the database stores).
    pub fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis() + self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn now(&self) -> Timestamp {
        ms_to_time(self.now_ms())
    }

    /// Moves the clock forward by `seconds` (never backward: expiry must not undo itself).
    pub fn advance(&self, seconds: i64) {
        let ms = seconds.max(0).saturating_mul(1000);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Database milliseconds to the API's time (the same unit: nothing is lost).
pub fn ms_to_time(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_forward_only() {
        let clock = Clock::new();
        let before = clock.now_ms();
        clock.advance(3600);
        assert!(clock.now_ms() >= before + 3_600_000);
        let moved = clock.now_ms();
        clock.advance(-10_000);
        assert!(clock.now_ms() >= moved);
    }
}
