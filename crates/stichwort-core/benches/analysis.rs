//! Analyzer throughput on the 10kGNAD articles (MB/s of UTF-8 text), one core,
//! no Python objects: `cargo bench -p stichwort-core --bench analysis`.
//! The per-thread stem and split caches are warm after the first round.
//! Skips when ../shared/data is not beside the clone.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stichwort_core::analysis::{Analyzer, AnalyzerConfig, TokenRef};

/// The article texts of 10kGNAD-test.csv (`section;'text'`, `'` doubled inside).
fn articles() -> Option<Vec<String>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("../../../shared/data/10kGNAD-test.csv"),
        "/work/shared/data/10kGNAD-test.csv".into(),
    ];
    let raw = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())?;
    Some(
        raw.lines()
            .filter_map(|line| line.split_once(';'))
            .map(|(_, text)| text.trim_matches('\'').replace("''", "'"))
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let Some(texts) = articles() else {
        eprintln!("10kGNAD-test.csv not found: skipping the analysis benchmarks");
        return;
    };
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut group = c.benchmark_group("analysis");
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(20);
    let configs = [
        ("simple", AnalyzerConfig::simple()),
        ("german", AnalyzerConfig::german()),
        (
            "german_all",
            AnalyzerConfig {
                stopwords: true,
                fold_umlauts: true,
                ..AnalyzerConfig::german()
            },
        ),
        (
            "german_decompound",
            AnalyzerConfig {
                decompound: true,
                ..AnalyzerConfig::german()
            },
        ),
    ];
    for (name, config) in configs {
        let analyzer = Analyzer::new(config).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    analyzer.analyze(t, &mut |tok: TokenRef<'_>| n += tok.term.len());
                }
                black_box(n)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
