//! When a host may be asked again: Heritrix's adaptive delay (a multiple of the host's last
//! response time, between a floor and a ceiling), never less than robots.txt's Crawl-delay,
//! and backoff after failures.

use std::time::Duration;

use crate::config::Politeness;

/// The wait before the next request to a host that answered in `elapsed`.
pub(crate) fn delay_after(
    politeness: &Politeness,
    elapsed: Duration,
    crawl_delay: Option<Duration>,
) -> Duration {
    let adaptive = elapsed.mul_f64(politeness.delay_factor.max(0.0));
    let floor = Duration::from_millis(politeness.min_delay_ms);
    let ceiling = Duration::from_millis(politeness.max_delay_ms.max(politeness.min_delay_ms));
    let delay = adaptive.clamp(floor, ceiling);
    match crawl_delay {
        Some(requested) => {
            let cap = Duration::from_millis(politeness.max_crawl_delay_ms);
            delay.max(requested.min(cap))
        }
        None => delay,
    }
}

/// The wait before retry number `attempt` (1-based): exponential backoff, or the server's
/// Retry-After when that is longer.
pub(crate) fn backoff(
    politeness: &Politeness,
    attempt: u32,
    retry_after: Option<Duration>,
) -> Duration {
    let base = Duration::from_millis(politeness.retry_backoff_ms);
    let exponential = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    retry_after.map_or(exponential, |r| r.max(exponential))
}

/// Parses Retry-After: delta seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adaptive_delay_is_clamped_between_floor_and_ceiling() {
        let p = Politeness::default();
        assert_eq!(
            delay_after(&p, Duration::from_millis(100), None),
            Duration::from_millis(2_000)
        );
        assert_eq!(
            delay_after(&p, Duration::from_millis(1_000), None),
            Duration::from_millis(5_000)
        );
        assert_eq!(
            delay_after(&p, Duration::from_secs(60), None),
            Duration::from_millis(30_000)
        );
    }

    #[test]
    fn crawl_delay_raises_the_wait_but_is_capped() {
        let p = Politeness::default();
        assert_eq!(
            delay_after(&p, Duration::ZERO, Some(Duration::from_secs(10))),
            Duration::from_secs(10)
        );
        assert_eq!(
            delay_after(&p, Duration::ZERO, Some(Duration::from_secs(9_999))),
            Duration::from_secs(120)
        );
    }

    #[test]
    fn backoff_doubles_and_yields_to_a_longer_retry_after() {
        let p = Politeness::default();
        assert_eq!(backoff(&p, 1, None), Duration::from_secs(5));
        assert_eq!(backoff(&p, 3, None), Duration::from_secs(20));
        assert_eq!(
            backoff(&p, 1, Some(Duration::from_secs(60))),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates_and_refuses_garbage() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
