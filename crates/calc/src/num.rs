//! Exact numbers: [`Money`] in whole 分 and [`Dec`], a decimal with ten places for rates.
//!
//! No floating point is used anywhere. Interest is summed exactly as a fraction and
//! rounded once, half up, to the 分 ([`div_round_half_up`]).

use std::fmt;

/// The largest amount accepted: 一万亿元. Larger figures are typing mistakes, and keeping
/// below this keeps every product of amount × rate × days far inside `i128`.
pub const MAX_YUAN: i128 = 1_000_000_000_000;

/// An amount of money in 分 (0.01 yuan), never negative when it comes from input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Money(i128);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_fen(fen: i128) -> Money {
        Money(fen)
    }

    pub fn from_yuan(yuan: i128) -> Money {
        Money(yuan * 100)
    }

    pub fn fen(self) -> i128 {
        self.0
    }

    /// Parses a non-negative amount in yuan with at most two decimal places, as readers
    /// write it: thousands separators (`,`) and spaces, full-width digits (`２００００`),
    /// a trailing `元`, and `万` (`2万`, `1.5万元` = 15000). Exact: `万` moves the decimal
    /// point four places, so `1.23456万` is 12345.60 and `1.2345678万` (a tenth of a 分)
    /// is refused. The reason for a refusal is in Chinese and says what to type.
    pub fn parse(text: &str) -> Result<Money, String> {
        let plain = reader_digits(text);
        let body = plain.trim().trim_end_matches('元').trim_end();
        let (body, wan) = match body.strip_suffix('万') {
            Some(b) => (b, true),
            None => (body, false),
        };
        // At six places, a number of 万 has its mantissa in 分.
        let d = parse_decimal(body, if wan { 6 } else { 2 }, "金额最多两位小数（到分）").map_err(
            |e| {
                e.unwrap_or_else(|| {
                    format!("“{}”不是金额：请填金额，例如 20000 或 2万", text.trim())
                })
            },
        )?;
        if d.negative {
            return Err("不能为负数".into());
        }
        if d.mantissa > MAX_YUAN * 100 {
            return Err("数额过大（不超过一万亿元）".into());
        }
        Ok(Money(d.mantissa))
    }

    pub fn min(self, other: Money) -> Money {
        Money(self.0.min(other.0))
    }

    pub fn max(self, other: Money) -> Money {
        Money(self.0.max(other.0))
    }

    pub fn saturating_sub(self, other: Money) -> Money {
        Money((self.0 - other.0).max(0))
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

/// `12868.49`: yuan with two places, no separators (the interface's form).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", Whole(a / 100), (a % 100) as u8)
    }
}

/// A whole number written as `{}` writes it, through 64-bit formatting: the browser module
/// then carries no 128-bit number formatting (it is smaller).
struct Whole(u128);

impl fmt::Display for Whole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const E19: u128 = 10_000_000_000_000_000_000;
        match u64::try_from(self.0) {
            Ok(n) => write!(f, "{n}"),
            Err(_) => write!(f, "{}{:019}", Whole(self.0 / E19), (self.0 % E19) as u64),
        }
    }
}

impl Money {
    /// `12,868.49`: grouped by thousands, for reading.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
        let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{sign}{out}.{frac}")
    }
}

/// Places of [`Dec`].
pub const DEC_PLACES: u32 = 10;
/// 10^[`DEC_PLACES`]: the [`Dec`] one.
pub const DEC_ONE: i128 = 10_000_000_000;
/// Input rates may have at most this many decimal places, so that ×12, ×basis and /100
/// stay exact in [`Dec`].
pub const INPUT_PLACES: u32 = 8;

/// An exact decimal with ten places (mantissa × 10⁻¹⁰), for rates and other ratios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Dec(i128);

impl Dec {
    pub const ZERO: Dec = Dec(0);

    pub fn from_int(n: i128) -> Dec {
        Dec(n * DEC_ONE)
    }

    /// The decimal `mantissa × 10⁻places`, exact when `places ≤ 10`.
    pub fn from_parts(mantissa: i128, places: u32) -> Dec {
        Dec(mantissa * 10i128.pow(DEC_PLACES - places))
    }

    /// The raw mantissa (value × 10¹⁰).
    pub fn mantissa(self) -> i128 {
        self.0
    }

    /// Parses a non-negative decimal with at most eight places, no larger than 100,000.
    pub fn parse(text: &str) -> Result<Dec, String> {
        let d = parse_decimal(&reader_digits(text), INPUT_PLACES, "最多八位小数").map_err(|e| {
            e.unwrap_or_else(|| format!("“{}”不是数字：请填数字，例如 24 或 0.05", text.trim()))
        })?;
        if d.negative {
            return Err("不能为负数".into());
        }
        if d.mantissa > 100_000 * 10i128.pow(d.places) {
            return Err("数值过大（不超过 100000）".into());
        }
        Ok(Dec::from_parts(d.mantissa, d.places))
    }

    pub fn mul_int(self, n: i128) -> Dec {
        Dec(self.0 * n)
    }

    /// Exact division by `n` where it is exact at ten places; otherwise rounded half up.
    pub fn div_int(self, n: i128) -> Dec {
        Dec(div_round_half_up(self.0, n))
    }

    /// Text with at least `min_places` decimals and no trailing zeros beyond them:
    /// `15.40` for `min_places = 2`, `0.05` for a daily rate.
    pub fn format(self, min_places: u32) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let int = Whole(a / DEC_ONE as u128);
        let mut frac = format!("{:010}", (a % DEC_ONE as u128) as u64);
        while frac.len() > min_places as usize && frac.ends_with('0') {
            frac.pop();
        }
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }
}

impl std::ops::Add for Dec {
    type Output = Dec;
    fn add(self, rhs: Dec) -> Dec {
        Dec(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Dec {
    type Output = Dec;
    fn sub(self, rhs: Dec) -> Dec {
        Dec(self.0 - rhs.0)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(0))
    }
}

/// `num / den` rounded half up (away from zero on a tie); `den` must be positive.
pub fn div_round_half_up(num: i128, den: i128) -> i128 {
    assert!(den > 0, "division by a non-positive number");
    let q = num / den;
    let r = num % den;
    if r.abs() * 2 >= den {
        q + num.signum()
    } else {
        q
    }
}

/// Interest on `balance` at `annual_pct` % a year for `days` days, as an exact fraction of
/// one 分 over the denominator [`interest_denominator`]`(basis)`. Sum these numerators over
/// segments, then round once with [`round_interest`].
pub fn interest_numerator(balance: Money, annual_pct: Dec, days: i64) -> i128 {
    balance.fen() * annual_pct.mantissa() * days as i128
}

/// The denominator of [`interest_numerator`]: basis days × 100 (percent) × 10¹⁰ (Dec).
pub fn interest_denominator(basis: i64) -> i128 {
    basis as i128 * 100 * DEC_ONE
}

/// Rounds a sum of [`interest_numerator`]s once, half up, to the 分.
pub fn round_interest(numerator: i128, basis: i64) -> Money {
    Money::from_fen(div_round_half_up(numerator, interest_denominator(basis)))
}

struct Parsed {
    negative: bool,
    mantissa: i128,
    places: u32,
}

/// Text as a reader may type it on a Chinese keyboard, with ASCII digits: full-width
/// digits, point, comma and minus (`２０，０００．５`) become `20,000.5`. Everything else is
/// kept, so the parser still refuses what it cannot read.
pub fn reader_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '－' => '-',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A whole number as readers write it: full-width digits, and a unit after it (`12期`,
/// `3天`, `2次`) are read; anything else is `None`.
pub fn parse_count(text: &str) -> Option<i64> {
    let plain = reader_digits(text);
    let t = plain
        .trim()
        .trim_end_matches(['期', '天', '日', '次', '个'])
        .trim_end();
    t.parse().ok()
}

/// Parses `[-]digits[.digits]` into a mantissa with exactly `max_places` places.
/// `Err(None)`: not a number at all (the caller says what to type); `Err(Some(why))`:
/// a number that cannot be taken (too many places, too large).
fn parse_decimal(
    text: &str,
    max_places: u32,
    too_many_places: &str,
) -> Result<Parsed, Option<String>> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if body.is_empty() || (int.is_empty() && frac.is_empty()) || !digits_ok(int) || !digits_ok(frac)
    {
        return Err(None);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > max_places as usize {
        return Err(Some(too_many_places.to_string()));
    }
    let int = int.trim_start_matches('0');
    if int.len() > 15 {
        return Err(Some("数值过大".into()));
    }
    let mut mantissa: i128 = 0;
    for c in int.chars().chain(frac.chars()) {
        mantissa = mantissa * 10 + (c as u8 - b'0') as i128;
    }
    mantissa *= 10i128.pow(max_places - frac.len() as u32);
    Ok(Parsed {
        negative: negative && mantissa != 0,
        mantissa,
        places: max_places,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_and_prints() {
        assert_eq!(Money::parse("100000").unwrap().to_string(), "100000.00");
        assert_eq!(Money::parse("1,000.5").unwrap().fen(), 100050);
        assert_eq!(Money::parse("0.01").unwrap().fen(), 1);
        assert_eq!(Money::parse("10000.10").unwrap().fen(), 1000010);
        assert!(Money::parse("1.001").is_err());
        assert!(Money::parse("-1").unwrap_err().contains("负数"));
        assert!(Money::parse("abc").is_err());
        assert!(Money::parse(".").is_err());
        assert!(Money::parse("").is_err());
        assert!(Money::parse("1e5").is_err());
        assert!(Money::parse("99999999999999999999999").is_err());
        assert_eq!(Money::parse("-0").unwrap(), Money::ZERO);
        assert_eq!(Money::from_fen(1286849).grouped(), "12,868.49");
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
    }

    /// Issue 22: amounts as readers write them, read exactly.
    #[test]
    fn money_reads_what_readers_type() {
        let fen = |t: &str| Money::parse(t).map(Money::fen);
        assert_eq!(fen("2万"), Ok(2_000_000));
        assert_eq!(fen("8.6万"), Ok(8_600_000));
        assert_eq!(fen("1.5万元"), Ok(1_500_000));
        assert_eq!(fen("1.23456万"), Ok(1_234_560));
        assert_eq!(fen(" 20,000 元"), Ok(2_000_000));
        assert_eq!(fen("２００００"), Ok(2_000_000));
        assert_eq!(fen("１．５万"), Ok(1_500_000));
        assert_eq!(fen("1200.50元"), Ok(120_050));
        assert_eq!(fen("0.0001万"), Ok(100));
        // A tenth of a 分 is not money; nor is 万 twice or a word.
        assert!(Money::parse("1.2345678万")
            .unwrap_err()
            .contains("两位小数"));
        for bad in ["万", "2万万", "两万", "2千", "元", "2 万 5"] {
            let why = Money::parse(bad).unwrap_err();
            assert!(why.contains("例如 20000 或 2万"), "{bad}: {why}");
        }
        assert!(Money::parse("-2万").unwrap_err().contains("负数"));
        assert!(Money::parse("1000000000万").is_err());
    }

    #[test]
    fn counts_read_units_and_full_width_digits() {
        assert_eq!(parse_count("12期"), Some(12));
        assert_eq!(parse_count("１２"), Some(12));
        assert_eq!(parse_count(" 3 天"), Some(3));
        assert_eq!(parse_count("12"), Some(12));
        assert_eq!(parse_count("十二期"), None);
        assert_eq!(parse_count("1.5期"), None);
        assert_eq!(parse_count("期"), None);
        assert!(Dec::parse("２４").is_ok());
        assert!(Dec::parse("abc").unwrap_err().contains("请填数字"));
    }

    #[test]
    fn whole_numbers_print_as_128_bit_formatting_would() {
        let e19 = 10_000_000_000_000_000_000u128;
        for n in [
            0,
            7,
            u64::MAX as u128,
            u64::MAX as u128 + 1,
            e19 - 1,
            e19,
            e19 + 5,
            e19 * e19 + 1,
            i128::MAX as u128,
            u128::MAX,
        ] {
            assert_eq!(Whole(n).to_string(), n.to_string());
        }
        for fen in [
            i128::MIN + 1,
            -1,
            0,
            1,
            99,
            100,
            12_345_678_901_234_567_890_123,
        ] {
            let a = fen.unsigned_abs();
            let sign = if fen < 0 { "-" } else { "" };
            let want = format!("{sign}{}.{:02}", a / 100, a % 100);
            assert_eq!(Money::from_fen(fen).to_string(), want);
        }
        let big = Dec(i128::MAX);
        assert_eq!(
            big.format(0),
            format!(
                "{}.{:010}",
                i128::MAX as u128 / DEC_ONE as u128,
                i128::MAX as u128 % DEC_ONE as u128
            )
        );
    }

    #[test]
    fn dec_parses_and_prints() {
        assert_eq!(Dec::parse("15.4").unwrap().format(2), "15.40");
        assert_eq!(Dec::parse("0.05").unwrap().format(2), "0.05");
        assert_eq!(Dec::parse("3.85").unwrap().mul_int(4).format(2), "15.40");
        assert_eq!(
            Dec::parse("5").unwrap().mul_int(365).div_int(100).format(2),
            "18.25"
        );
        assert_eq!(Dec::parse("24").unwrap().to_string(), "24");
        assert!(Dec::parse("0.123456789").is_err());
        assert!(Dec::parse("100001").is_err());
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(div_round_half_up(5, 10), 1);
        assert_eq!(div_round_half_up(4, 10), 0);
        assert_eq!(div_round_half_up(15, 10), 2);
        assert_eq!(div_round_half_up(-15, 10), -2);
    }

    #[test]
    fn worked_interest() {
        // 100000 × 24% × 305 / 365 = 20054.79 (CALCULATOR.md's example).
        let n = interest_numerator(Money::from_yuan(100000), Dec::from_int(24), 305);
        assert_eq!(round_interest(n, 365).to_string(), "20054.79");
    }
}
