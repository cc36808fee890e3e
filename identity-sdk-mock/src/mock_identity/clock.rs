//! The dates the mock stamps, RFC 3339 in UTC, and the ISO 8601 durations
//! support access is granted for.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The last second httpdate can format (9999-12-31T23:59:59Z).
const LAST_SECOND: u64 = 253_402_300_799;

/// Now, as RFC 3339 in UTC (`2026-11-25T20:32:08Z`).
pub(super) fn now_rfc3339() -> String {
    rfc3339(SystemTime::now()).unwrap_or_default()
}

/// `since` plus `duration`, as RFC 3339; `None` past year 9999.
pub(super) fn after(since: SystemTime, duration: Duration) -> Option<String> {
    rfc3339(since.checked_add(duration)?)
}

/// `time` as RFC 3339 in UTC; `None` before 1970 or after year 9999.
///
/// httpdate (already in the tree, for hyper's `Date` header) does the
/// calendar arithmetic; its IMF-fixdate (`Wed, 25 Nov 2026 20:32:08 GMT`)
/// only needs its fields reordered.
fn rfc3339(time: SystemTime) -> Option<String> {
    let seconds = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    if seconds > LAST_SECOND {
        return None;
    }
    let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
    let [_, day, month, year, clock, _]: [&str; 6] =
        date.split(' ').collect::<Vec<_>>().try_into().ok()?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|name| *name == month)? + 1;
    Some(format!("{year}-{month:02}-{day}T{clock}Z"))
}

/// An ISO 8601 duration (`P1D`, `PT8H`, `P1Y2M3W4DT5H6M7.5S`). A year is
/// 365 days and a month 30, as the service cannot know which ones are
/// meant either.
pub(super) fn iso8601_duration(text: &str) -> Option<Duration> {
    let rest = text.strip_prefix('P').filter(|rest| !rest.is_empty())?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    const DAY: f64 = 86_400.0;
    let mut seconds = components(
        date,
        &[
            ('Y', 365.0 * DAY),
            ('M', 30.0 * DAY),
            ('W', 7.0 * DAY),
            ('D', DAY),
        ],
    )?;
    if let Some(time) = time {
        seconds += components(time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    Duration::try_from_secs_f64(seconds).ok()
}

/// The seconds of `text`, a run of `<number><unit>` with the units in
/// `units`' order, each at most once.
fn components(text: &str, units: &[(char, f64)]) -> Option<f64> {
    let mut seconds = 0.0;
    let mut next = 0;
    let mut number = String::new();
    for character in text.chars() {
        if character.is_ascii_digit() || character == '.' {
            number.push(character);
            continue;
        }
        let position = units[next..]
            .iter()
            .position(|(unit, _)| *unit == character)?;
        let value: f64 = number.parse().ok()?;
        seconds += value * units[next + position].1;
        next += position + 1;
        number.clear();
    }
    number.is_empty().then_some(seconds)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::{after, iso8601_duration, now_rfc3339};

    #[test]
    fn dates_are_rfc3339_in_utc() {
        assert_eq!(
            after(UNIX_EPOCH, Duration::from_secs(1_000_000_000)).as_deref(),
            Some("2001-09-09T01:46:40Z")
        );
        assert_eq!(
            after(UNIX_EPOCH, Duration::from_secs(951_782_400)).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(
            after(UNIX_EPOCH, Duration::from_secs(253_402_300_800)),
            None
        );
        let now = now_rfc3339();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
    }

    #[test]
    fn durations_are_read_as_iso_8601() {
        let hours = |h: u64| Some(Duration::from_secs(h * 3_600));
        assert_eq!(iso8601_duration("PT8H"), hours(8));
        assert_eq!(iso8601_duration("P1D"), hours(24));
        assert_eq!(iso8601_duration("P1W1DT1H"), hours(7 * 24 + 24 + 1));
        assert_eq!(iso8601_duration("PT0.5M"), Some(Duration::from_secs(30)));
        for invalid in [
            "", "P", "PT", "1D", "P1H", "PT1D", "P1D1Y", "P1DD", "PD", "P1",
        ] {
            assert_eq!(iso8601_duration(invalid), None, "{invalid:?}");
        }
    }
}
