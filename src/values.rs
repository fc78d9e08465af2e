//! Parsing of typed condition values: dates, numbers, booleans, IP addresses,
//! CIDR blocks and ARNs.
//!
//! Condition operators compare policy values and request values as dates,
//! numbers, addresses and so on, but both arrive as JSON strings. These parsers
//! are shared by the policy lowering step (which rejects unparsable policy
//! values) and the evaluator (where an unparsable request value simply does not
//! match). Each accepts exactly the documented syntax and nothing more, so
//! "close enough" input (surrounding whitespace, `NaN`, hexadecimal, an
//! impossible calendar date) is rejected rather than guessed at.

use std::net::IpAddr;

use chrono::NaiveDate;
use ipnet::IpNet;

/// Nanoseconds in one second.
const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Parses a date condition value into nanoseconds since the Unix epoch (UTC).
///
/// Milliseconds are not enough for `…:ss.sTZD` with long fractions, hence
/// nanoseconds. Accepted forms:
///
/// * epoch seconds: an optional `-`, digits, optionally `.` and at least one
///   digit (`1546257599`, `1546257599.0`, `-1.5`);
/// * the W3C profile of ISO 8601: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
///   `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD` and
///   `YYYY-MM-DDThh:mm:ss.sTZD`, where TZD is `Z` or `+hh:mm` / `-hh:mm`. The
///   fraction may have any number of digits; digits beyond the ninth are
///   ignored (truncated). `T` and `Z` may be lowercase;
/// * `YYYY-MM-DDThh:mm:ss` and `YYYY-MM-DDThh:mm:ss.s` without a TZD, read as
///   UTC.
///
/// Exactly four digits are read as a year (`2019` is 2019-01-01T00:00:00Z), not
/// as epoch seconds. Hours run 00–23, minutes and seconds 00–59 (no leap
/// seconds), and the date must exist in the proleptic Gregorian calendar.
pub(crate) fn parse_date(text: &str) -> Option<i128> {
    let is_year = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
    if !is_year {
        if let Some(nanos) = parse_epoch(text) {
            return Some(nanos);
        }
    }
    parse_iso(text)
}

/// Parses epoch seconds (`-?digits(.digits)?`) into nanoseconds.
fn parse_epoch(text: &str) -> Option<i128> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let seconds = parse_decimal_digits(whole)?;
    let nanos = match fraction {
        Some(fraction) => parse_fraction(fraction)?,
        None => 0,
    };
    let total = seconds
        .checked_mul(NANOS_PER_SECOND)?
        .checked_add(i128::from(nanos))?;
    Some(if negative { -total } else { total })
}

/// Parses a non-empty run of ASCII digits, failing on overflow.
fn parse_decimal_digits(digits: &str) -> Option<i128> {
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0_i128, |acc, b| {
        let digit = ascii_digit(b)?;
        acc.checked_mul(10)?.checked_add(i128::from(digit))
    })
}

/// Parses a non-empty run of fraction digits into nanoseconds, keeping the
/// first nine digits.
fn parse_fraction(digits: &str) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    let mut nanos = 0_u32;
    let mut scale = 100_000_000_u32;
    for b in digits.bytes() {
        let digit = ascii_digit(b)?;
        nanos = nanos.checked_add(digit.checked_mul(scale)?)?;
        scale /= 10;
    }
    Some(nanos)
}

/// The value of an ASCII decimal digit.
fn ascii_digit(b: u8) -> Option<u32> {
    b.is_ascii_digit().then(|| u32::from(b - b'0'))
}

/// A cursor over the bytes of an ISO 8601 date.
struct Cursor<'a> {
    /// The whole input.
    bytes: &'a [u8],
    /// The next byte to read.
    pos: usize,
}

impl Cursor<'_> {
    /// True when every byte has been read.
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// The next byte, without consuming it.
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes the next byte when it is one of `options`; returns it.
    fn eat(&mut self, options: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| options.contains(b))?;
        self.pos = self.pos.saturating_add(1);
        Some(b)
    }

    /// Reads exactly `count` ASCII digits as a number.
    fn digits(&mut self, count: usize) -> Option<u32> {
        let mut value = 0_u32;
        for _ in 0..count {
            let digit = ascii_digit(self.peek()?)?;
            value = value.checked_mul(10)?.checked_add(digit)?;
            self.pos = self.pos.saturating_add(1);
        }
        Some(value)
    }

    /// Reads one or more ASCII digits as a fraction of a second, in nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos = self.pos.saturating_add(1);
        }
        let digits = self.bytes.get(start..self.pos)?;
        parse_fraction(std::str::from_utf8(digits).ok()?)
    }
}

/// Parses the W3C profile of ISO 8601 into nanoseconds since the epoch.
fn parse_iso(text: &str) -> Option<i128> {
    let mut cur = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let year = i32::try_from(cur.digits(4)?).ok()?;
    let (mut month, mut day) = (1, 1);
    let (mut hour, mut minute, mut second, mut nanos) = (0, 0, 0, 0);
    // Offset of local time from UTC, in seconds.
    let mut offset: i64 = 0;
    if cur.eat(b"-").is_some() {
        month = cur.digits(2)?;
        if cur.eat(b"-").is_some() {
            day = cur.digits(2)?;
            if cur.eat(b"Tt").is_some() {
                hour = cur.digits(2)?;
                cur.eat(b":")?;
                minute = cur.digits(2)?;
                let has_seconds = cur.eat(b":").is_some();
                if has_seconds {
                    second = cur.digits(2)?;
                    if cur.eat(b".").is_some() {
                        nanos = cur.fraction()?;
                    }
                }
                if cur.eat(b"Zz").is_none() {
                    match cur.eat(b"+-") {
                        Some(sign) => {
                            let hours = cur.digits(2)?;
                            cur.eat(b":")?;
                            let minutes = cur.digits(2)?;
                            if hours > 23 || minutes > 59 {
                                return None;
                            }
                            let magnitude = i64::from(hours * 3600 + minutes * 60);
                            offset = if sign == b'-' { -magnitude } else { magnitude };
                        }
                        // No TZD: UTC, but only when seconds are given.
                        None if has_seconds => {}
                        None => return None,
                    }
                }
            }
        }
    }
    if !cur.at_end() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let local = NaiveDate::from_ymd_opt(year, month, day)?
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    let utc_seconds = i128::from(local) - i128::from(offset);
    Some(utc_seconds * NANOS_PER_SECOND + i128::from(nanos))
}

/// Parses a numeric condition value.
///
/// Accepts an optional `+` or `-`, one or more digits, optionally `.` followed
/// by one or more digits, and optionally an exponent (`e` or `E`, optional
/// sign, digits): `30`, `-1.5`, `+2`, `1546257599.0`, `1e3`. Rejects `.5` and
/// `5.` (a digit is required on both sides of the point), whitespace,
/// hexadecimal, `NaN`, `inf` and anything whose value is not finite (`1e400`).
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut pos = 0_usize;
    let skip_digits = |pos: &mut usize| -> bool {
        let start = *pos;
        while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
            *pos = pos.saturating_add(1);
        }
        *pos > start
    };
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        pos = 1;
    }
    if !skip_digits(&mut pos) {
        return None;
    }
    if bytes.get(pos) == Some(&b'.') {
        pos = pos.saturating_add(1);
        if !skip_digits(&mut pos) {
            return None;
        }
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        pos = pos.saturating_add(1);
        if matches!(bytes.get(pos), Some(b'+' | b'-')) {
            pos = pos.saturating_add(1);
        }
        if !skip_digits(&mut pos) {
            return None;
        }
    }
    if pos != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// Parses a `Bool` condition value: `true` or `false`, ASCII case-insensitive.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Parses an `IpAddress` policy value: a CIDR block (`10.0.0.0/8`,
/// `2001:db8::/32`) or a bare address, which means `/32` for IPv4 and `/128`
/// for IPv6.
///
/// Host bits may be set (`10.1.2.3/8`); the result is the containing network
/// (`10.0.0.0/8`).
pub(crate) fn parse_cidr(text: &str) -> Option<IpNet> {
    // The address goes through the standard library parser (as in `parse_ip`),
    // which unlike `ipnet`'s rejects ambiguous leading zeros such as `010.0.0.1`.
    let Some((address, prefix)) = text.split_once('/') else {
        return parse_ip(text).map(IpNet::from);
    };
    let address = parse_ip(address)?;
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix = prefix.parse::<u8>().ok()?;
    IpNet::new(address, prefix).ok().map(|net| net.trunc())
}

/// Parses an IPv4 or IPv6 address (no prefix length, no brackets, no zone).
pub(crate) fn parse_ip(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>().ok()
}

/// Whether `net` contains `ip`.
///
/// An IPv4 address is never in an IPv6 network and vice versa; IPv4-mapped
/// IPv6 addresses (`::ffff:10.0.0.1`) are not treated as IPv4.
pub(crate) fn cidr_contains(net: &IpNet, ip: &IpAddr) -> bool {
    match (net, ip) {
        (IpNet::V4(net), IpAddr::V4(ip)) => net.contains(ip),
        (IpNet::V6(net), IpAddr::V6(ip)) => net.contains(ip),
        _ => false,
    }
}

/// `a == b`, without a call to `memcmp` for the short strings that decisions compare most:
/// account ids, role and user names, condition values. Strings of 4 to 16 bytes are compared as
/// two overlapping machine words each.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    ends_equal::<8>(a, b)
        .or_else(|| ends_equal::<4>(a, b))
        .unwrap_or_else(|| a == b)
}

/// Whether the first and the last `N` bytes of `a` and `b` agree (for slices of equal length
/// up to `2 * N`, whether they are equal); `None` when they are shorter than `N`.
#[inline]
fn ends_equal<const N: usize>(a: &[u8], b: &[u8]) -> Option<bool> {
    Some(
        a.first_chunk::<N>()? == b.first_chunk::<N>()?
            && a.last_chunk::<N>()? == b.last_chunk::<N>()?,
    )
}

/// Splits an ARN into its six components on the first five colons: arn,
/// partition, service, region, account, resource. The resource part may contain
/// further colons. None unless the text starts with "arn:" and has at least
/// five colons.
pub(crate) fn split_arn(text: &str) -> Option<[&str; 6]> {
    if !text.starts_with("arn:") {
        return None;
    }
    let [c2, c3, c4, c5] = colons(text.as_bytes(), 4)?;
    Some([
        "arn",
        text.get(4..c2)?,
        text.get(c2 + 1..c3)?,
        text.get(c3 + 1..c4)?,
        text.get(c4 + 1..c5)?,
        text.get(c5 + 1..)?,
    ])
}

/// The positions of the first `N` colons in `bytes` at or after `from`, found eight bytes at a
/// time: ARNs are split on every request, and a word-wide search is several times cheaper than
/// a byte loop.
fn colons<const N: usize>(bytes: &[u8], from: usize) -> Option<[usize; N]> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut found = [0usize; N];
    let mut n = 0;
    let mut at = from;
    while n < N {
        let rest = bytes.get(at..).filter(|r| !r.is_empty())?;
        let word = match rest.first_chunk::<8>() {
            Some(w) => u64::from_le_bytes(*w),
            // The last few bytes, padded with zeros (which are not colons).
            None => rest.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)),
        };
        // A byte of `x` is zero exactly where `word` has a colon; the expression sets the top
        // bit of each zero byte and nothing else (no carry crosses a byte).
        let x = word ^ (ONES * u64::from(b':'));
        let mut hits = !(((x & LOW7) + LOW7) | x | LOW7);
        while hits != 0 {
            let Some(slot) = found.get_mut(n) else {
                return Some(found);
            };
            *slot = at + (hits.trailing_zeros() / 8) as usize;
            n += 1;
            hits &= hits - 1;
        }
        at += 8;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: i128 = 1_000_000_000;

    /// `value` seconds, as `parse_date` returns them.
    fn secs(value: i128) -> Option<i128> {
        value.checked_mul(NS)
    }

    #[test]
    fn date_epoch_seconds() {
        assert_eq!(parse_date("0"), Some(0));
        assert_eq!(parse_date("1546257599"), secs(1_546_257_599));
        assert_eq!(parse_date("1546257599.0"), secs(1_546_257_599));
        assert_eq!(
            parse_date("1546257599.5"),
            Some(1_546_257_599 * NS + 500_000_000)
        );
        assert_eq!(parse_date("-1"), secs(-1));
        assert_eq!(parse_date("-1.5"), Some(-1_500_000_000));
        assert_eq!(parse_date("1.123456789"), Some(NS + 123_456_789));
        assert_eq!(parse_date("1.1234567891"), Some(NS + 123_456_789));
        assert_eq!(parse_date("00012"), secs(12));
        assert_eq!(parse_date("12"), secs(12));
        assert_eq!(parse_date("123"), secs(123));
        assert_eq!(parse_date("12345"), secs(12_345));
    }

    #[test]
    fn date_four_digits_is_a_year() {
        assert_eq!(parse_date("1970"), Some(0));
        assert_eq!(parse_date("2019"), parse_date("2019-01-01T00:00:00Z"));
        assert_eq!(parse_date("2019.0"), secs(2019));
        assert_eq!(parse_date("-2019"), secs(-2019));
    }

    #[test]
    fn date_iso_forms() {
        let instant = secs(1_546_300_800); // 2019-01-01T00:00:00Z
        assert_eq!(parse_date("2019"), instant);
        assert_eq!(parse_date("2019-01"), instant);
        assert_eq!(parse_date("2019-01-01"), instant);
        assert_eq!(parse_date("2019-01-01T00:00Z"), instant);
        assert_eq!(parse_date("2019-01-01T00:00:00Z"), instant);
        assert_eq!(parse_date("2019-01-01T00:00:00.0Z"), instant);
        assert_eq!(parse_date("2019-01-01T00:00:00.000000000000Z"), instant);
        assert_eq!(parse_date("2019-01-01T00:00:00"), instant);
        assert_eq!(parse_date("2019-01-01t00:00:00z"), instant);
        assert_eq!(parse_date("2019-01-01T00:00:00+00:00"), instant);
        assert_eq!(parse_date("2019-01-01T00:00:00-00:00"), instant);
        assert_eq!(parse_date("2019-02"), secs(1_548_979_200));
        assert_eq!(parse_date("2019-01-02"), secs(1_546_387_200));
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("1969-12-31T23:59:59Z"), secs(-1));
        assert_eq!(parse_date("2000-02-29T12:00Z"), secs(951_825_600));
        assert_eq!(parse_date("0000-01-01"), secs(-62_167_219_200));
        assert_eq!(parse_date("9999-12-31T23:59:59Z"), secs(253_402_300_799));
    }

    #[test]
    fn date_fractions() {
        let base = 1_546_300_800 * NS;
        assert_eq!(
            parse_date("2019-01-01T00:00:00.5Z"),
            Some(base + 500_000_000)
        );
        assert_eq!(
            parse_date("2019-01-01T00:00:00.123Z"),
            Some(base + 123_000_000)
        );
        assert_eq!(
            parse_date("2019-01-01T00:00:00.123456789Z"),
            Some(base + 123_456_789)
        );
        assert_eq!(
            parse_date("2019-01-01T00:00:00.1234567899999Z"),
            Some(base + 123_456_789)
        );
        assert_eq!(
            parse_date("2019-01-01T00:00:00.25"),
            Some(base + 250_000_000)
        );
        assert_eq!(
            parse_date("2019-01-01T00:00:00.5+01:00"),
            Some(base - 3600 * NS + 500_000_000)
        );
    }

    #[test]
    fn date_time_zone_offsets() {
        let utc = parse_date("2019-01-01T00:00:00Z");
        assert_eq!(parse_date("2019-01-01T01:00:00+01:00"), utc);
        assert_eq!(parse_date("2018-12-31T23:00:00-01:00"), utc);
        assert_eq!(parse_date("2019-01-01T05:30+05:30"), utc);
        assert_eq!(parse_date("2018-12-31T14:15-09:45"), utc);
        assert_eq!(parse_date("2019-01-01T23:59:00+23:59"), utc);
        assert!(parse_date("2019-01-01T00:00:00+01:00") < parse_date("2019-01-01T00:00:00Z"));
        assert!(parse_date("2019-01-01T00:00:00-01:00") > parse_date("2019-01-01T00:00:00Z"));
    }

    #[test]
    fn date_epoch_and_iso_agree() {
        assert_eq!(parse_date("1546257599"), parse_date("2018-12-31T11:59:59Z"));
        assert_eq!(
            parse_date("1546257599.0"),
            parse_date("2018-12-31T11:59:59Z")
        );
        assert_eq!(
            parse_date("1546257599"),
            parse_date("2018-12-31T12:59:59+01:00")
        );
        assert_eq!(
            parse_date("1546257599.25"),
            parse_date("2018-12-31T11:59:59.25Z")
        );
        assert_eq!(parse_date("1546300800"), parse_date("2019-01-01"));
        assert_eq!(parse_date("-86400"), parse_date("1969-12-31"));
        assert!(parse_date("1546257598") < parse_date("2018-12-31T11:59:59Z"));
        assert!(parse_date("1546257599.000000001") > parse_date("2018-12-31T11:59:59Z"));
    }

    #[test]
    fn date_agrees_with_chrono_calendar() {
        for (year, month, day) in [
            (1, 1, 1),
            (1600, 2, 29),
            (1900, 2, 28),
            (1969, 7, 20),
            (2038, 1, 19),
            (2024, 2, 29),
            (2100, 12, 31),
        ] {
            let expected = NaiveDate::from_ymd_opt(year, month, day)
                .and_then(|d| d.and_hms_opt(13, 14, 15))
                .map(|d| i128::from(d.and_utc().timestamp()) * NS);
            let text = format!("{year:04}-{month:02}-{day:02}T13:14:15Z");
            assert_eq!(parse_date(&text), expected, "{text}");
            assert!(expected.is_some());
        }
    }

    #[test]
    fn date_invalid() {
        for text in [
            "",
            " ",
            "-",
            ".",
            "1.",
            ".1",
            "+1",
            "1e3",
            "1546257599 ",
            " 1546257599",
            "0x10",
            "999999999999999999999999999999999999999",
            "2019-",
            "2019-1",
            "2019-13",
            "2019-00",
            "2019-01-",
            "2019-01-1",
            "2019-01-00",
            "2019-01-32",
            "2019-02-29",
            "2024-02-30",
            "2100-02-29",
            "2019-04-31",
            "2019-01-01T",
            "2019-01-01T00",
            "2019-01-01T00:00",
            "2019-01-01T00:0Z",
            "2019-01-01T24:00:00Z",
            "2019-01-01T23:60:00Z",
            "2019-01-01T23:59:60Z",
            "2019-01-01T00:00:00.Z",
            "2019-01-01T00:00:00.",
            "2019-01-01T00:00:00+01",
            "2019-01-01T00:00:00+0100",
            "2019-01-01T00:00:00+24:00",
            "2019-01-01T00:00:00+01:60",
            "2019-01-01T00:00:00ZZ",
            "2019-01-01T00:00:00 Z",
            "2019-01-01 00:00:00Z",
            "2019-01-01Z",
            "2019Z",
            "2019-01-01T00:00:00Z ",
            "+2019-01-01",
            "-2019-01-01",
            "19-01-01",
            "2019/01/01",
            "2019-01-01T00:00:00,5Z",
            "２０１９",
            "2019-01-01T00:00:00.５Z",
            "now",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("30"), Some(30.0));
        assert_eq!(parse_number("-1.5"), Some(-1.5));
        assert_eq!(parse_number("+2"), Some(2.0));
        assert_eq!(parse_number("0"), Some(0.0));
        assert_eq!(parse_number("-0"), Some(-0.0));
        assert_eq!(parse_number("007"), Some(7.0));
        assert_eq!(parse_number("1546257599.0"), Some(1_546_257_599.0));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("1E3"), Some(1000.0));
        assert_eq!(parse_number("2.5e-1"), Some(0.25));
        assert_eq!(parse_number("-2.5E+2"), Some(-250.0));
        assert_eq!(parse_number("1e400"), None);
        assert_eq!(parse_number("-1e400"), None);
        assert_eq!(parse_number("1e-400"), Some(0.0));
        assert!(parse_number("1").unwrap() < parse_number("1.5").unwrap());
    }

    #[test]
    fn numbers_invalid() {
        for text in [
            "", " ", " 1", "1 ", "+", "-", ".", ".5", "5.", "-.5", "1..2", "1.2.3", "0x10", "0b1",
            "NaN", "nan", "inf", "-inf", "Infinity", "1e", "1e+", "e3", "1_000", "1,5", "++1",
            "+-1", "١", "1f", "1.5e3.2",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn bools() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("false"), Some(false));
        assert_eq!(parse_bool("fAlSe"), Some(false));
        for text in [
            "", "1", "0", "yes", " true", "true ", "tru", "truee", "ｔrue",
        ] {
            assert_eq!(parse_bool(text), None, "{text:?}");
        }
    }

    fn ip(text: &str) -> IpAddr {
        parse_ip(text).unwrap()
    }

    fn cidr(text: &str) -> IpNet {
        parse_cidr(text).unwrap()
    }

    #[test]
    fn cidr_v4() {
        let net = cidr("10.0.0.0/8");
        assert_eq!(net.to_string(), "10.0.0.0/8");
        assert!(cidr_contains(&net, &ip("10.0.0.0")));
        assert!(cidr_contains(&net, &ip("10.255.255.255")));
        assert!(!cidr_contains(&net, &ip("11.0.0.0")));
        assert!(!cidr_contains(&net, &ip("9.255.255.255")));
        let all = cidr("0.0.0.0/0");
        assert!(cidr_contains(&all, &ip("203.0.113.7")));
        assert!(!cidr_contains(&all, &ip("::1")));
    }

    #[test]
    fn cidr_host_bits_mean_containing_network() {
        let net = cidr("10.1.2.3/8");
        assert_eq!(net, cidr("10.0.0.0/8"));
        assert!(cidr_contains(&net, &ip("10.200.0.1")));
        assert_eq!(cidr("2001:db8::1/32"), cidr("2001:db8::/32"));
        assert_eq!(cidr("10.0.0.0/08"), cidr("10.0.0.0/8"));
        assert_eq!(cidr("10.255.255.255/0").to_string(), "0.0.0.0/0");
        assert_eq!(cidr("10.0.0.1/32").to_string(), "10.0.0.1/32");
    }

    #[test]
    fn cidr_v6() {
        let net = cidr("2001:db8::/32");
        assert!(cidr_contains(&net, &ip("2001:db8::1")));
        assert!(cidr_contains(&net, &ip("2001:db8:ffff::1")));
        assert!(!cidr_contains(&net, &ip("2001:db9::1")));
        let all = cidr("::/0");
        assert!(cidr_contains(&all, &ip("::1")));
        assert!(!cidr_contains(&all, &ip("10.0.0.1")));
    }

    #[test]
    fn cidr_bare_addresses() {
        let v4 = cidr("203.0.113.7");
        assert_eq!(v4.prefix_len(), 32);
        assert!(cidr_contains(&v4, &ip("203.0.113.7")));
        assert!(!cidr_contains(&v4, &ip("203.0.113.8")));
        let v6 = cidr("2001:db8::7");
        assert_eq!(v6.prefix_len(), 128);
        assert!(cidr_contains(&v6, &ip("2001:db8::7")));
        assert!(!cidr_contains(&v6, &ip("2001:db8::8")));
    }

    #[test]
    fn cidr_no_ipv4_mapped_magic() {
        assert!(!cidr_contains(&cidr("10.0.0.0/8"), &ip("::ffff:10.0.0.1")));
        assert!(!cidr_contains(
            &cidr("::ffff:10.0.0.0/104"),
            &ip("10.0.0.1")
        ));
        assert!(cidr_contains(
            &cidr("::ffff:10.0.0.0/104"),
            &ip("::ffff:10.0.0.1")
        ));
    }

    #[test]
    fn cidr_invalid() {
        for text in [
            "",
            "/8",
            "10.0.0.0/",
            "10.0.0.0/33",
            "10.0.0.0/-1",
            "10.0.0/8",
            "10.0.0.256/8",
            "2001:db8::/129",
            "10.0.0.0/8/8",
            " 10.0.0.0/8",
            "10.0.0.0/8 ",
            "10.0.0.0 /8",
            "example.com",
            "[::1]",
            "10.0.0.1:80",
            "010.0.0.0/8",
            "10.0.0.0/+8",
            "10.0.0.0/0008",
            "10.0.0.0/8.0",
            "10.0.0.0/٨",
        ] {
            assert_eq!(parse_cidr(text), None, "{text:?}");
        }
    }

    #[test]
    fn ips() {
        assert_eq!(parse_ip("10.0.0.1"), Some(IpAddr::from([10, 0, 0, 1])));
        assert!(matches!(parse_ip("::1"), Some(IpAddr::V6(_))));
        assert!(matches!(parse_ip("::ffff:10.0.0.1"), Some(IpAddr::V6(_))));
        for text in [
            "",
            "10.0.0",
            "10.0.0.1/32",
            " 10.0.0.1",
            "[::1]",
            "localhost",
        ] {
            assert_eq!(parse_ip(text), None, "{text:?}");
        }
    }

    #[test]
    fn arn_split() {
        assert_eq!(
            split_arn("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab"),
            Some([
                "arn",
                "aws",
                "kms",
                "us-east-1",
                "111122223333",
                "key/1234abcd-12ab"
            ])
        );
        assert_eq!(
            split_arn("arn:aws:iam::111122223333:root"),
            Some(["arn", "aws", "iam", "", "111122223333", "root"])
        );
        assert_eq!(
            split_arn("arn:aws:s3:::bucket/key"),
            Some(["arn", "aws", "s3", "", "", "bucket/key"])
        );
        assert_eq!(
            split_arn(
                "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/x"
            ),
            Some([
                "arn",
                "aws",
                "someservice",
                "us-east-2",
                "999999999999",
                "store/abc:111122223333:finance/x"
            ])
        );
        assert_eq!(
            split_arn("arn:aws:logs:us-east-1:111122223333:log-group:name:*"),
            Some([
                "arn",
                "aws",
                "logs",
                "us-east-1",
                "111122223333",
                "log-group:name:*"
            ])
        );
        assert_eq!(split_arn("arn:::::"), Some(["arn", "", "", "", "", ""]));
        assert_eq!(
            split_arn("arn:aws:kms:*:*:key/*"),
            Some(["arn", "aws", "kms", "*", "*", "key/*"])
        );
    }

    #[test]
    fn same_agrees_with_eq() {
        let texts: Vec<String> = (0u8..40)
            .flat_map(|len| {
                let base: String = (0..len).map(|i: u8| char::from(b'a' + i % 26)).collect();
                let mut variants = vec![base.clone()];
                for at in [0, len / 2, len.saturating_sub(1)].map(usize::from) {
                    let mut v = base.clone().into_bytes();
                    if let Some(b) = v.get_mut(at) {
                        *b = b'Z';
                    }
                    variants.push(String::from_utf8(v).unwrap());
                }
                variants
            })
            .collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// The word-wide colon search agrees with `splitn` wherever the colons fall: every length
    /// from 0 to 40 and every position of up to six colons near word boundaries, with
    /// multi-byte characters in between.
    #[test]
    fn arn_split_agrees_with_splitn() {
        fn naive(t: &str) -> Option<[&str; 6]> {
            let parts: Vec<&str> = t.splitn(6, ':').collect();
            (t.starts_with("arn:") && parts.len() == 6)
                .then(|| std::array::from_fn(|i| parts.get(i).copied().unwrap_or_default()))
        }
        for len in 0..40 {
            for mask in [
                0u64,
                0b1,
                0b1_0001_0001,
                0x8080_8080,
                0x1_0100_0101,
                u64::MAX,
            ] {
                let body: String = (0..len)
                    .map(|i| match (mask >> (i % 64)) & 1 {
                        1 => ':',
                        _ if i % 7 == 3 => 'é',
                        _ => 'x',
                    })
                    .collect();
                let text = format!("arn:{body}");
                assert_eq!(split_arn(&text), naive(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn arn_split_invalid() {
        for text in [
            "",
            "arn",
            "arn:",
            "arn::::",
            "arn:aws:kms:us-east-1:111122223333",
            "ARN:aws:kms:us-east-1:111122223333:key/x",
            " arn:aws:kms:us-east-1:111122223333:key/x",
            "urn:aws:kms:us-east-1:111122223333:key/x",
            "arnx:aws:kms:us-east-1:111122223333:key/x",
            "*",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "alias/my-key",
        ] {
            assert_eq!(split_arn(text), None, "{text:?}");
        }
    }
}
