//! Analyzer passes over the 10kGNAD articles for profilers and loaded
//! machines (criterion's mean is at the mercy of other jobs there): prints
//! the fastest and the median pass.
//!
//!     cargo run --release -p stichwort-core --example analysis_passes -- simple 21
//!     valgrind --tool=callgrind target/release/examples/analysis_passes german 1

use std::time::Instant;

use stichwort_core::analysis::{Analyzer, AnalyzerConfig, TokenRef};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("simple");
    let passes: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(21)
        .max(1);
    let raw = std::fs::read_to_string("/work/shared/data/10kGNAD-test.csv")
        .expect("10kGNAD-test.csv in /work/shared/data");
    // `section;'text'`, with `'` doubled inside, as in benches/analysis.rs.
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| l.split_once(';'))
        .map(|(_, t)| t.trim_matches('\'').replace("''", "'"))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let config = match which {
        "simple" => AnalyzerConfig::simple(),
        _ => AnalyzerConfig::german(),
    };
    let analyzer = Analyzer::new(config).expect("valid config");
    let mut times = Vec::new();
    let mut check = 0usize;
    // One warm-up pass fills the stem cache.
    for _ in 0..=passes {
        let t0 = Instant::now();
        for t in &texts {
            analyzer.analyze(t, &mut |tok: TokenRef<'_>| {
                check += tok.term.len() + tok.start
            });
        }
        times.push(t0.elapsed().as_secs_f64());
    }
    times.remove(0);
    times.sort_by(f64::total_cmp);
    let mb = bytes as f64 / 1e6;
    let (min, median) = (times[0], times[passes / 2]);
    println!(
        "{which}: min {:.2} ms ({:.0} MB/s), median {:.2} ms ({:.0} MB/s) [{check}]",
        min * 1e3,
        mb / min,
        median * 1e3,
        mb / median
    );
}
