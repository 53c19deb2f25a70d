//! Association measures over the 2×2 contingency table of a target x and a
//! collocate y: f_xy (co-occurrences), f_x, f_y and the corpus size N.
//! Formulas as CWB and Sketch Engine define them (docs/cooccurrence.md).
//!
//! Every ratio of integers is rounded once, correctly ([`ratio`]), as
//! Python's `int / int` is, so scores equal the pure-Python reference's
//! bit for bit.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// An association measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Count,
    LogDice,
    Mi,
    Mi3,
    TScore,
    Llr,
    Dice,
}

impl Measure {
    /// Every measure, in the order error messages list them.
    pub const ALL: [Measure; 7] = [
        Measure::Count,
        Measure::LogDice,
        Measure::Mi,
        Measure::Mi3,
        Measure::TScore,
        Measure::Llr,
        Measure::Dice,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::LogDice => "logdice",
            Measure::Mi => "mi",
            Measure::Mi3 => "mi3",
            Measure::TScore => "tscore",
            Measure::Llr => "llr",
            Measure::Dice => "dice",
        }
    }

    /// The score of a collocate; `f_xy >= 1` (so f_x, f_y and n are too).
    pub fn score(self, f_xy: u64, f_x: u64, f_y: u64, n: u64) -> f64 {
        if let Some(r) = self.log_ratio(f_xy, f_x, f_y, n) {
            return self.of_log_ratio(r);
        }
        let (xy, x, y, n) = (f_xy as u128, f_x as u128, f_y as u128, n as u128);
        match self {
            Measure::Count => f_xy as f64,
            Measure::Dice => ratio(2 * xy, x + y),
            Measure::TScore => (f_xy as f64 - ratio(x * y, n)) / (f_xy as f64).sqrt(),
            Measure::Llr => llr(xy, x, y, n),
            Measure::LogDice | Measure::Mi | Measure::Mi3 => unreachable!("log measures above"),
        }
    }

    /// For the measures that are `c + log2(r)` of a ratio r (logdice, mi,
    /// mi3): r, from which [`Self::of_log_ratio`] makes the score. Ranking
    /// by r first spares the logarithm of rows that cannot reach the top.
    #[inline(always)]
    pub fn log_ratio(self, f_xy: u64, f_x: u64, f_y: u64, n: u64) -> Option<f64> {
        let (xy, x, y, n) = (f_xy as u128, f_x as u128, f_y as u128, n as u128);
        match self {
            Measure::LogDice => Some(ratio(2 * xy, x + y)),
            Measure::Mi => Some(ratio(xy * n, x * y)),
            Measure::Mi3 => Some(match xy.checked_pow(3).and_then(|c| c.checked_mul(n)) {
                Some(a) => ratio(a, x * y),
                // f_xy³·N beyond 2^128 (tens of billions of tokens): in
                // floating point, not wrapped.
                None => (f_xy as f64).powi(3) * (n as f64 / (x * y) as f64),
            }),
            _ => None,
        }
    }

    /// The score of a [`Self::log_ratio`].
    pub fn of_log_ratio(self, r: f64) -> f64 {
        let c = if self == Measure::LogDice { 14.0 } else { 0.0 };
        c + r.log2()
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Measure {
    type Err = Error;
    fn from_str(s: &str) -> Result<Measure> {
        Measure::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
                Error::InvalidArgument(format!(
                    "unknown measure {s:?}; valid: {}",
                    names.join(", ")
                ))
            })
    }
}

/// Dunning's log-likelihood G² = 2 Σ O·ln(O/E) over O11 = f_xy, O12 = f_x -
/// f_xy, O21 = f_y - f_xy, O22 = N - the others (each clamped at 0, since
/// window counts may exceed f_x or f_y), E = row·column/total, 0·ln 0 = 0.
fn llr(xy: u128, x: u128, y: u128, n: u128) -> f64 {
    let o11 = xy;
    let o12 = x.saturating_sub(xy);
    let o21 = y.saturating_sub(xy);
    let o22 = n.saturating_sub(o11 + o12 + o21);
    let total = o11 + o12 + o21 + o22;
    let rows = [o11 + o12, o21 + o22];
    let cols = [o11 + o21, o12 + o22];
    let mut g2 = 0.0;
    for (i, j, o) in [(0, 0, o11), (0, 1, o12), (1, 0, o21), (1, 1, o22)] {
        if o > 0 {
            let e = ratio(rows[i] * cols[j], total);
            g2 += o as f64 * (o as f64 / e).ln();
        }
    }
    2.0 * g2
}

/// `a / b` rounded once to the nearest f64 (ties to even), as Python's
/// `int / int`. `b > 0`.
#[inline(always)]
pub fn ratio(a: u128, b: u128) -> f64 {
    const EXACT: u128 = 1 << 53;
    if a < EXACT && b < EXACT {
        // Both convert exactly and IEEE division rounds once (through
        // i64: u128 → f64 is a library call, u64 → f64 several steps).
        return a as i64 as f64 / b as i64 as f64;
    }
    if a == 0 {
        return 0.0;
    }
    let bits = |v: u128| 128 - v.leading_zeros() as i32;
    // Scale so the integer quotient has 56 or 57 bits; a sticky bit for a
    // non-zero remainder then makes the one rounding of `q as f64` exact.
    let k = 56 - (bits(a) - bits(b));
    let (num, den) = if k >= 0 {
        match a.checked_shl(k as u32).filter(|v| v >> k == a) {
            Some(num) => (num, b),
            None => return a as f64 / b as f64,
        }
    } else {
        (a, b << (-k) as u32)
    };
    let q = (num / den) | u128::from(num % den != 0);
    q as f64 * f64::from_bits(((1023 - k) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mi3_beyond_u128_does_not_wrap() {
        // f_xy³·N = 2^170: log2(2^170 / 2^82) = 88.
        let (xy, x, n) = (1u64 << 40, 1u64 << 41, 1u64 << 50);
        assert!((Measure::Mi3.score(xy, x, x, n) - 88.0).abs() < 1e-9);
        // Just below the bound the exact path gives the same formula.
        let (xy, x, n) = (1u64 << 25, 1u64 << 26, 1u64 << 50);
        assert_eq!(Measure::Mi3.score(xy, x, x, n), 73.0);
    }

    #[test]
    fn ratio_rounds_once() {
        assert_eq!(ratio(1, 3), 1.0 / 3.0);
        assert_eq!(ratio(0, 7), 0.0);
        // 10^20 / 3 does not fit f64's integers: compare with the exact value.
        let big = 100_000_000_000_000_000_000u128;
        assert_eq!(ratio(big, 3), 33_333_333_333_333_333_333.333_f64);
        assert_eq!(ratio(big * 7, big), 7.0);
        assert_eq!(ratio((1 << 60) + 1, 1 << 7), ((1u64 << 53) as f64) + 0.0);
        assert_eq!(ratio(3, (1 << 60) * 3), (2.0f64).powi(-60));
    }

    #[test]
    fn formulas() {
        // f_xy = 10, f_x = 20, f_y = 30, N = 1000.
        let s = |m: Measure| m.score(10, 20, 30, 1000);
        assert_eq!(s(Measure::Count), 10.0);
        assert_eq!(s(Measure::Dice), 0.4);
        assert!((s(Measure::LogDice) - (14.0 + 0.4f64.log2())).abs() < 1e-12);
        assert!((s(Measure::Mi) - (10.0f64 * 1000.0 / 600.0).log2()).abs() < 1e-12);
        assert!((s(Measure::Mi3) - (1000.0f64 * 1000.0 / 600.0).log2()).abs() < 1e-12);
        assert!((s(Measure::TScore) - (10.0 - 0.6) / 10f64.sqrt()).abs() < 1e-12);
        // G² by hand: O = [10, 10, 20, 960], rows [20, 980], cols [30, 970].
        let o: [f64; 4] = [10.0, 10.0, 20.0, 960.0];
        let e = [
            20.0 * 30.0 / 1000.0,
            20.0 * 970.0 / 1000.0,
            980.0 * 30.0 / 1000.0,
            980.0 * 970.0 / 1000.0,
        ];
        let g2: f64 = 2.0 * o.iter().zip(e).map(|(o, e)| o * (o / e).ln()).sum::<f64>();
        assert!((s(Measure::Llr) - g2).abs() < 1e-9);
        // Clamped cells: f_xy above f_x and f_y.
        assert!(Measure::Llr.score(50, 20, 30, 1000).is_finite());
        assert_eq!("mi3".parse::<Measure>().unwrap(), Measure::Mi3);
        let err = "pmi".parse::<Measure>().unwrap_err().to_string();
        assert!(err.contains("logdice") && err.contains("pmi"), "{err}");
    }
}
