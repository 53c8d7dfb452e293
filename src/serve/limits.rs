//! The server's limits: places in the class (`--max-sessions`), and per address a token bucket
//! for new connections (as deep as the class: a school's students may share one address) and one
//! for failed logins, kept in a table of bounded size.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// New connections from one address: as many at once as there are places (a whole class may
/// sit behind one school router), at least this many...
pub const CONNECTION_BURST: f64 = 16.0;
/// ...then one every this long.
pub const CONNECTION_EVERY: Duration = Duration::from_secs(1);
/// Wrong class codes from one address: this many...
pub const FAILURE_BURST: f64 = 10.0;
/// ...then one every this long; while none is left, the address cannot connect.
pub const FAILURE_EVERY: Duration = Duration::from_secs(30);
/// Addresses remembered at most (idle ones are forgotten first).
const MAX_ADDRESSES: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn refill(&mut self, now: Instant, burst: f64, every: Duration) {
        let gained = now.saturating_duration_since(self.at).as_secs_f64() / every.as_secs_f64();
        self.tokens = (self.tokens + gained).min(burst);
        self.at = now;
    }
}

#[derive(Debug, Clone, Copy)]
struct Address {
    connections: Bucket,
    failures: Bucket,
}

/// Why a new connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooManyConnections,
    TooManyFailures,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refusal::TooManyConnections => "too many new connections from this address",
            Refusal::TooManyFailures => "too many wrong class codes from this address",
        })
    }
}

/// The per-address limits.
#[derive(Debug)]
pub struct RateLimits {
    addresses: Mutex<HashMap<IpAddr, Address>>,
    /// New connections one address may open at once.
    burst: f64,
}

impl RateLimits {
    /// Limits for a class of this many places.
    pub fn new(places: usize) -> RateLimits {
        RateLimits {
            addresses: Mutex::new(HashMap::new()),
            burst: (places as f64).max(CONNECTION_BURST),
        }
    }

    fn with<T>(&self, ip: IpAddr, now: Instant, f: impl FnOnce(&mut Address) -> T) -> T {
        let burst = self.burst;
        let mut table = self.addresses.lock().unwrap_or_else(|e| e.into_inner());
        if table.len() >= MAX_ADDRESSES && !table.contains_key(&ip) {
            // Forget the addresses whose buckets have refilled: they would start full anyway.
            table.retain(|_, a| {
                a.connections.refill(now, burst, CONNECTION_EVERY);
                a.failures.refill(now, FAILURE_BURST, FAILURE_EVERY);
                a.connections.tokens < burst || a.failures.tokens < FAILURE_BURST
            });
            if table.len() >= MAX_ADDRESSES {
                table.clear();
            }
        }
        let full = |burst| Bucket { tokens: burst, at: now };
        let address = table.entry(ip).or_insert_with(|| Address {
            connections: full(burst),
            failures: full(FAILURE_BURST),
        });
        address.connections.refill(now, burst, CONNECTION_EVERY);
        address.failures.refill(now, FAILURE_BURST, FAILURE_EVERY);
        f(address)
    }

    /// May this address open a connection now? Takes a token when it may.
    pub fn connect(&self, ip: IpAddr, now: Instant) -> Result<(), Refusal> {
        self.with(ip, now, |a| {
            if a.failures.tokens < 1.0 {
                Err(Refusal::TooManyFailures)
            } else if a.connections.tokens < 1.0 {
                Err(Refusal::TooManyConnections)
            } else {
                a.connections.tokens -= 1.0;
                Ok(())
            }
        })
    }

    /// A failed login from this address; true while it may still try.
    pub fn failed(&self, ip: IpAddr, now: Instant) -> bool {
        self.with(ip, now, |a| {
            a.failures.tokens = (a.failures.tokens - 1.0).max(0.0);
            a.failures.tokens >= 1.0
        })
    }
}

/// The places in the class, counted.
#[derive(Debug)]
pub struct Places {
    taken: AtomicUsize,
    max: usize,
}

/// A place held; given back when dropped.
#[derive(Debug)]
pub struct Place(Arc<Places>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.taken.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Places {
    pub fn new(max: usize) -> Arc<Places> {
        Arc::new(Places {
            taken: AtomicUsize::new(0),
            max,
        })
    }

    /// A place, or `None` when all are taken.
    pub fn take(self: &Arc<Places>) -> Option<Place> {
        self.taken
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < self.max).then_some(n + 1))
            .ok()
            .map(|_| Place(self.clone()))
    }

    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::SeqCst)
    }

    pub fn max(&self) -> usize {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn connections_are_limited_per_address_and_refill() {
        let limits = RateLimits::new(4);
        let now = Instant::now();
        for _ in 0..CONNECTION_BURST as usize {
            assert_eq!(limits.connect(A, now), Ok(()));
        }
        assert_eq!(limits.connect(A, now), Err(Refusal::TooManyConnections));
        assert_eq!(limits.connect(B, now), Ok(()), "another address is not affected");
        assert_eq!(limits.connect(A, now + CONNECTION_EVERY), Ok(()));
        assert_eq!(
            limits.connect(A, now + CONNECTION_EVERY),
            Err(Refusal::TooManyConnections)
        );
    }

    #[test]
    fn failed_logins_lock_an_address_out_for_a_while() {
        let limits = RateLimits::new(64);
        let now = Instant::now();
        for k in 1..=FAILURE_BURST as usize {
            assert_eq!(limits.failed(A, now), k < FAILURE_BURST as usize);
        }
        assert_eq!(limits.connect(A, now), Err(Refusal::TooManyFailures));
        assert_eq!(limits.connect(B, now), Ok(()));
        assert_eq!(limits.connect(A, now + FAILURE_EVERY), Ok(()));
    }

    #[test]
    fn the_table_stays_bounded() {
        let limits = RateLimits::new(64);
        let now = Instant::now();
        for k in 0..(MAX_ADDRESSES as u32 * 2) {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(k));
            let _ = limits.connect(ip, now);
        }
        assert!(limits.addresses.lock().unwrap().len() <= MAX_ADDRESSES);
    }

    #[test]
    fn places_are_counted_and_given_back() {
        let places = Places::new(2);
        let a = places.take().unwrap();
        let _b = places.take().unwrap();
        assert!(places.take().is_none());
        assert_eq!(places.taken(), 2);
        drop(a);
        assert!(places.take().is_some());
    }
}
