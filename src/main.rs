use stichwort_core::analysis::{Analyzer, AnalyzerConfig, TokenRef};
fn main() {
    let which = std::env::args().nth(1).unwrap_or("simple".into());
    let reps: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1);
    let raw = std::fs::read_to_string("/work/shared/data/10kGNAD-test.csv").unwrap();
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| l.split_once(';'))
        .map(|(_, t)| t.trim_matches('\'').replace("''", "'"))
        .collect();
    let config = match which.as_str() {
        "simple" => AnalyzerConfig::simple(),
        "german" => AnalyzerConfig::german(),
        _ => AnalyzerConfig {
            stopwords: true,
            fold_umlauts: true,
            ..AnalyzerConfig::german()
        },
    };
    let a = Analyzer::new(config).unwrap();
    let mut n = 0usize;
    // warm cache once
    for t in &texts {
        a.analyze(t, &mut |tok: TokenRef<'_>| n += tok.term.len());
    }
    let t0 = std::time::Instant::now();
    for _ in 0..reps {
        for t in &texts {
            a.analyze(t, &mut |tok: TokenRef<'_>| n += tok.term.len());
        }
    }
    let el = t0.elapsed().as_secs_f64();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    eprintln!(
        "{which}: {:.1} MiB/s ({n})",
        (bytes * reps) as f64 / el / 1048576.0
    );
}
