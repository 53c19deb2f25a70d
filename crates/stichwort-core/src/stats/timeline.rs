//! Matching documents per period: every bucket from the first to the last
//! non-empty one (empty ones as 0); documents without a date are not
//! counted. Weeks are ISO weeks from Monday.

use std::str::FromStr;

use rayon::prelude::*;

use super::matches::allowed_docs;
use crate::index::Searcher;
use crate::query::Query;
use crate::query::date::{ordinal_from_ymd, ymd_from_ordinal};
use crate::query::plan::check_fields;
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
    Year,
}

impl FromStr for Bucket {
    type Err = Error;
    fn from_str(s: &str) -> Result<Bucket> {
        Ok(match s {
            "day" => Bucket::Day,
            "week" => Bucket::Week,
            "month" => Bucket::Month,
            "year" => Bucket::Year,
            _ => {
                return Err(Error::InvalidArgument(format!(
                    "unknown bucket {s:?}; valid: day, week, month, year"
                )));
            }
        })
    }
}

impl Bucket {
    /// First day (an ordinal as Python's `date.toordinal()`) of the bucket of `day`.
    pub fn start(self, day: i32) -> i32 {
        let (y, m, _) = ymd_from_ordinal(day);
        match self {
            Bucket::Day => day,
            // Python's weekday(): Monday = 0 = (ordinal + 6) % 7.
            Bucket::Week => day - (day + 6).rem_euclid(7),
            Bucket::Month => ordinal_from_ymd(y as i32, m, 1).unwrap_or(day),
            Bucket::Year => ordinal_from_ymd(y as i32, 1, 1).unwrap_or(day),
        }
    }

    /// First day of the bucket after the one starting at `start`.
    pub fn next(self, start: i32) -> i32 {
        match self {
            Bucket::Day => start + 1,
            Bucket::Week => start + 7,
            Bucket::Month | Bucket::Year => {
                let (y, m, _) = ymd_from_ordinal(start);
                let (y, m) = match self {
                    Bucket::Month if m == 12 => (y + 1, 1),
                    Bucket::Month => (y, m + 1),
                    _ => (y + 1, 1),
                };
                // Past 9999-12-31 (never a start of a real bucket): one day on.
                ordinal_from_ymd(y as i32, m, 1).unwrap_or(start + 1)
            }
        }
    }
}

/// (bucket starts as ordinals, documents per bucket) of the live documents
/// matching `query` and `filter`.
pub fn timeline(
    s: &Searcher,
    query: &Query,
    bucket: Bucket,
    filter: Option<&Query>,
) -> Result<(Vec<i32>, Vec<u32>)> {
    check_fields(s, Some(query))?;
    check_fields(s, filter)?;
    let days: Vec<Vec<i32>> = s
        .segments()
        .par_iter()
        .map(|seg| {
            let hit = allowed_docs(s, seg, Some(query))?;
            let ok = allowed_docs(s, seg, filter)?;
            Ok((0..hit.len() as u32)
                .filter(|&l| hit[l as usize] && ok[l as usize])
                .filter_map(|l| seg.date(l).map(|d| bucket.start(d)))
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut all: Vec<i32> = days.into_iter().flatten().collect();
    all.sort_unstable();
    let (Some(&first), Some(&last)) = (all.first(), all.last()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let (mut starts, mut counts) = (Vec::new(), Vec::new());
    let mut b = first;
    let mut i = 0;
    while b <= last {
        let j = i + all[i..].partition_point(|&d| d == b);
        starts.push(b);
        counts.push((j - i) as u32);
        i = j;
        b = bucket.next(b);
    }
    Ok((starts, counts))
}
