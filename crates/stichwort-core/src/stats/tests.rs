//! Counting on small hand-checked corpora (the differential tests in
//! tests/test_cooccurrence_differential.py compare random ones with the
//! Python reference).

use super::*;
use crate::analysis::{Analyzer, AnalyzerConfig};
use crate::index::{DocInput, Index, IndexOptions, Searcher};
use crate::query::Query;
use crate::query::date::ordinal_from_ymd;

fn doc(text: &str, date: Option<i32>) -> DocInput {
    DocInput {
        text: text.into(),
        date,
        ..Default::default()
    }
}

/// One segment per batch (a searcher seals the buffered documents).
fn index(batches: &[&[&str]]) -> (Index, Searcher) {
    index_with(AnalyzerConfig::simple(), batches)
}

fn index_with(config: AnalyzerConfig, batches: &[&[&str]]) -> (Index, Searcher) {
    let an = Analyzer::new(config).unwrap();
    let mut ix = Index::in_memory(an, IndexOptions::default()).unwrap();
    for b in batches {
        ix.add_many(b.iter().map(|t| doc(t, None)).collect())
            .unwrap();
        ix.searcher().unwrap();
    }
    let s = ix.searcher().unwrap();
    (ix, s)
}

fn term(t: &str) -> Query {
    Query::Term {
        text: t.into(),
        field: None,
    }
}

fn counts(s: &Searcher, target: &Query, scope: Scope) -> Vec<(String, u64, u64)> {
    let opts = CoocOptions {
        scope,
        measure: Measure::Count,
        top: None,
        min_count: 1,
    };
    let c = cooccurrence(s, target, None, &opts).unwrap();
    let mut v: Vec<_> = (c.terms().map(str::to_string))
        .zip(c.f_xy.iter().copied())
        .zip(c.f_y.iter().copied())
        .map(|((t, f_xy), f_y)| (t, f_xy, f_y))
        .collect();
    v.sort();
    v
}

fn terms(c: &Collocates) -> Vec<&str> {
    c.terms().collect()
}

fn row(t: &str, f_xy: u64, f_y: u64) -> (String, u64, u64) {
    (t.to_string(), f_xy, f_y)
}

#[test]
fn windows_stop_at_document_edges_across_segments() {
    let (_ix, s) = index(&[&["a b nato", "c d"], &["nato a", "a"]]);
    assert_eq!(s.segments().len(), 2);
    // f_y of "a" adds up over both segments, also where it has no count.
    assert_eq!(
        counts(&s, &term("nato"), Scope::Window(2)),
        vec![row("a", 2, 3), row("b", 1, 1)]
    );
}

#[test]
fn repeated_targets_and_phrases() {
    let (_ix, s) = index(&[&["x nato nato nato y"]]);
    assert_eq!(
        counts(&s, &term("nato"), Scope::Window(1)),
        vec![row("nato", 4, 3), row("x", 1, 1), row("y", 1, 1)]
    );
    let phrase = Query::Phrase {
        words: vec!["nato".into(), "nato".into()],
        slop: 0,
        field: None,
    };
    // Two overlapping occurrences: {1, 2} and {2, 3}.
    assert_eq!(
        counts(&s, &phrase, Scope::Window(1)),
        vec![row("nato", 2, 3), row("x", 1, 1), row("y", 1, 1)]
    );
}

#[test]
fn sentence_and_document_scopes() {
    let (_ix, s) = index(&[&["Die NATO tagt. Dann kam die EU und die NATO.", "eu"]]);
    let got = counts(&s, &term("nato"), Scope::Sentence);
    assert_eq!(
        got,
        vec![
            row("dann", 1, 1),
            row("die", 3, 3),
            row("eu", 1, 2),
            row("kam", 1, 1),
            row("tagt", 1, 1),
            row("und", 1, 1)
        ]
    );
    let got = counts(&s, &term("nato"), Scope::Document);
    assert_eq!(
        got,
        vec![
            row("dann", 1, 1),
            row("die", 1, 1),
            row("eu", 1, 2),
            row("kam", 1, 1),
            row("tagt", 1, 1),
            row("und", 1, 1)
        ]
    );
}

#[test]
fn filters_and_deletes_restrict_every_count() {
    let an = Analyzer::new(AnalyzerConfig::simple()).unwrap();
    let mut ix = Index::in_memory(an, IndexOptions::default()).unwrap();
    let d1 = ordinal_from_ymd(2022, 3, 1);
    let d2 = ordinal_from_ymd(2023, 3, 1);
    ix.add_many(vec![
        doc("nato a", d1),
        doc("nato b b", d2),
        doc("a c", d1),
        doc("nato a", d1),
    ])
    .unwrap();
    ix.delete(3).unwrap();
    ix.commit().unwrap();
    let s = ix.searcher().unwrap();
    let in_2022 = Query::DateRange {
        start: ordinal_from_ymd(2022, 1, 1),
        end: ordinal_from_ymd(2022, 12, 31),
    };
    let opts = CoocOptions {
        scope: Scope::Window(5),
        measure: Measure::Count,
        top: None,
        min_count: 1,
    };
    let c = cooccurrence(&s, &term("nato"), Some(&in_2022), &opts).unwrap();
    assert_eq!(
        (terms(&c), c.f_xy.clone(), c.f_y.clone(), c.f_x, c.n),
        (vec!["a"], vec![1], vec![2], 1, 4)
    );
    let c = cooccurrence(
        &s,
        &term("nato"),
        None,
        &CoocOptions {
            min_count: 2,
            ..opts
        },
    )
    .unwrap();
    assert_eq!((terms(&c), c.f_x, c.n), (vec!["b"], 2, 7));
}

#[test]
fn top_k_ranks_by_score_then_term() {
    let (_ix, s) = index(&[&["z y x nato x y", "nato y"]]);
    let opts = CoocOptions {
        scope: Scope::Window(3),
        measure: Measure::Count,
        top: Some(2),
        min_count: 1,
    };
    let c = cooccurrence(&s, &term("nato"), None, &opts).unwrap();
    assert_eq!(terms(&c), ["y", "x"]);
    assert_eq!(c.scores, vec![3.0, 2.0]);
}

#[test]
fn matrix_counts_pairs_both_ways() {
    let (_ix, s) = index(&[&["a b a", "b"], &["a c b"]]);
    let terms: Vec<String> = ["a", "b", "a"].iter().map(|t| t.to_string()).collect();
    let (r, c, v) = cooccurrence_matrix(&s, &terms, 1).unwrap();
    let cells: Vec<(u32, u32, u64)> = (0..r.len()).map(|i| (r[i], c[i], v[i])).collect();
    assert_eq!(cells, vec![(0, 1, 2), (1, 0, 2), (1, 2, 2), (2, 1, 2)]);
    let (r, _, _) = cooccurrence_matrix(&s, &terms, 2).unwrap();
    assert_eq!(r.len(), 8, "(b, b) stays empty");
}

#[test]
fn timeline_fills_empty_buckets() {
    let an = Analyzer::new(AnalyzerConfig::simple()).unwrap();
    let mut ix = Index::in_memory(an, IndexOptions::default()).unwrap();
    let d = |y, m, day| ordinal_from_ymd(y, m, day);
    ix.add_many(vec![
        doc("nato", d(2024, 1, 31)),
        doc("nato", d(2024, 3, 2)),
        doc("nato", None),
        doc("eu", d(2024, 2, 1)),
    ])
    .unwrap();
    let s = ix.searcher().unwrap();
    let (starts, counts) = timeline(&s, &term("nato"), Bucket::Month, None).unwrap();
    assert_eq!(
        starts,
        vec![
            d(2024, 1, 1).unwrap(),
            d(2024, 2, 1).unwrap(),
            d(2024, 3, 1).unwrap()
        ]
    );
    assert_eq!(counts, vec![1, 0, 1]);
    // 2024-01-31 is a Wednesday: its week starts Monday 2024-01-29.
    let (starts, _) = timeline(&s, &term("nato"), Bucket::Week, None).unwrap();
    assert_eq!(starts[0], d(2024, 1, 29).unwrap());
    assert_eq!(starts.len(), 5);
}

#[test]
fn ngrams_skip_gaps_and_stop_words() {
    let (_ix, s) = index(&[
        &["die gemeinsame sitzung", "eine gemeinsame sitzung der nato"],
        &["gemeinsame sitzung"],
    ]);
    let got = ngrams(&s, 2, 2, None, None, true).unwrap();
    assert_eq!(
        got,
        vec![(vec!["gemeinsame".to_string(), "sitzung".to_string()], 3)]
    );
    let got = ngrams(&s, 3, 1, Some(2), None, false).unwrap();
    assert!(got.is_empty(), "every trigram has a stop word: {got:?}");
    assert!(ngrams(&s, 6, 1, None, None, true).is_err());
}

/// With stemming a stop word is known by its stem ("für" -> "fur",
/// "anderem" -> "and"), and a stem merely spelled like one ("Änderung" ->
/// "ander") is a content word.
#[test]
fn ngrams_know_stop_words_by_their_stems() {
    let (_ix, s) = index_with(
        AnalyzerConfig::german(),
        &[&[
            "Unter anderem für alle Länder",
            "Die Änderung kommt immer wieder",
        ]],
    );
    let got: Vec<String> = ngrams(&s, 1, 1, None, None, false)
        .unwrap()
        .into_iter()
        .map(|(g, _)| g.concat())
        .collect();
    assert_eq!(got, ["ander", "imm", "kommt", "land"]);
}

/// On a decompounding index a target's occurrences are whole words only
/// (never a compound part), so the counts equal those without splitting.
#[test]
fn targets_are_whole_words_when_decompounding() {
    let texts = [
        "das Außenministerium teilte mit",
        "das Ministerium teilte mit",
        "im Finanzministerium sagte das neue Ministerium nein",
    ];
    let build = |decompound: bool| {
        let config = AnalyzerConfig {
            decompound,
            ..AnalyzerConfig::german()
        };
        let mut ix =
            Index::in_memory(Analyzer::new(config).unwrap(), IndexOptions::default()).unwrap();
        ix.add_many(texts.iter().map(|t| doc(t, None)).collect())
            .unwrap();
        let s = ix.searcher().unwrap();
        (ix, s)
    };
    let ((_a, plain), (_b, split)) = (build(false), build(true));
    let phrase = Query::Phrase {
        words: vec!["das".into(), "Ministerium".into()],
        slop: 0,
        field: None,
    };
    for target in [term("Ministerium"), phrase] {
        for scope in [Scope::Window(2), Scope::Sentence, Scope::Document] {
            assert_eq!(
                counts(&split, &target, scope),
                counts(&plain, &target, scope),
                "{target} {scope:?}"
            );
        }
    }
    // "ministerium" is a part in two documents, a whole word in two.
    let got = counts(&split, &term("Ministerium"), Scope::Window(1));
    assert!(got.contains(&row("das", 1, 3)), "{got:?}");
    // A filter Term matches the compounds too.
    let opts = CoocOptions {
        scope: Scope::Document,
        measure: Measure::Count,
        top: None,
        min_count: 1,
    };
    let filtered = |s: &Searcher| {
        cooccurrence(s, &term("mit"), Some(&term("Ministerium")), &opts)
            .unwrap()
            .f_x
    };
    assert_eq!((filtered(&plain), filtered(&split)), (1, 2));
}

/// Window counts of `target` by brute force over the documents' words.
fn brute_window(docs: &[String], target: &str, w: usize) -> Vec<(String, u64)> {
    let mut m = std::collections::BTreeMap::<String, u64>::new();
    for d in docs {
        let toks: Vec<&str> = d.split(' ').collect();
        for (p, _) in toks.iter().enumerate().filter(|t| *t.1 == target) {
            let hi = (p + w).min(toks.len() - 1);
            for (q, t) in toks
                .iter()
                .enumerate()
                .take(hi + 1)
                .skip(p.saturating_sub(w))
            {
                if q != p {
                    *m.entry(t.to_string()).or_default() += 1;
                }
            }
        }
    }
    m.into_iter().collect()
}

#[test]
fn large_jobs_in_parallel_chunks_and_batches_count_as_brute_force() {
    // Enough documents for several chunks per segment and a batch above
    // the serial limit, and rare targets for the serial paths.
    let words = ["ab", "cd", "ef", "gh", "ij", "kl", "mn", "op"];
    let mut x = 7u64;
    let docs: Vec<String> = (0..6000)
        .map(|i| {
            let n = 3 + i % 9;
            let mut d: Vec<&str> = (0..n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    words[(x >> 60) as usize % words.len()]
                })
                .collect();
            if i % 1000 == 0 {
                d.push("selten");
            }
            d.join(" ")
        })
        .collect();
    let (a, b) = docs.split_at(2500);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let (_ix, s) = index(&[&a, &b]);
    let opts = CoocOptions {
        scope: Scope::Window(2),
        measure: Measure::Count,
        top: None,
        min_count: 1,
    };
    let got = |c: &Collocates| {
        let mut v: Vec<(String, u64)> = (c.terms().map(str::to_string))
            .zip(c.f_xy.clone())
            .collect();
        v.sort();
        v
    };
    let targets: Vec<&str> = ["ab", "cd", "selten"].into();
    let queries: Vec<Query> = targets.iter().map(|t| term(t)).collect();
    let batch = cooccurrence_batch(&s, &queries, None, &opts).unwrap();
    let rare = cooccurrence_batch(&s, &queries[2..], None, &opts).unwrap();
    for (i, t) in targets.iter().enumerate() {
        let one = cooccurrence(&s, &queries[i], None, &opts).unwrap();
        assert_eq!(got(&one), brute_window(&docs, t, 2), "{t}");
        assert_eq!(batch[i], one, "{t}");
    }
    assert_eq!(rare[0], batch[2]);
}

#[test]
fn many_collocates_add_up_and_rank_in_parallel_ranges() {
    // A target beside ~9,000 distinct words in two segments: enough
    // counted entries to add up and score in ranges of ids in parallel.
    let docs: Vec<String> = (0..20_000)
        .map(|i| format!("x u{} y{}", i % 9000, i % 13))
        .collect();
    let (a, b) = docs.split_at(11_000);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let (_ix, s) = index(&[&a, &b]);
    let opts = |measure, top| CoocOptions {
        scope: Scope::Window(2),
        measure,
        top,
        min_count: 1,
    };
    let all = cooccurrence(&s, &term("x"), None, &opts(Measure::Count, None)).unwrap();
    let mut got: Vec<(String, u64)> = (all.terms().map(str::to_string))
        .zip(all.f_xy.iter().copied())
        .collect();
    got.sort();
    assert_eq!(got.len(), 9013);
    assert_eq!(got, brute_window(&docs, "x", 2));
    // The best 50 are the first 50 of every row ranked.
    let every = cooccurrence(&s, &term("x"), None, &opts(Measure::LogDice, None)).unwrap();
    let best = cooccurrence(&s, &term("x"), None, &opts(Measure::LogDice, Some(50))).unwrap();
    assert_eq!(terms(&best), terms(&every)[..50]);
    assert_eq!(best.scores, every.scores[..50]);
    assert!(every.scores.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn surface_forms_are_the_most_frequent_written_forms() {
    // Two segments.
    let (_ix, s) = index_with(
        AnalyzerConfig::german(),
        &[
            &["Der Unfall war tödlich."],
            &[
                "Tödlich! Die tödliche Unfälle, tödliche Folgen",
                "Sie wurde gerettet",
            ],
        ],
    );
    let terms: Vec<String> = ["todlich", "wurd", "unfall", "nichts"]
        .map(String::from)
        .into();
    // "tödliche" twice; "tödlich" and "Tödlich" once each.
    let forms = surface_forms(&s, &terms, 8).unwrap();
    assert_eq!(
        forms,
        [
            Some("tödliche".into()),
            Some("wurde".into()),
            Some("Unfall".into()),
            None
        ]
    );
    // From the first document only: its one form.
    assert_eq!(
        surface_forms(&s, &terms[..1], 1).unwrap(),
        [Some("tödlich".into())]
    );
    // A term asked for twice, twice.
    let twice: Vec<String> = ["wurd", "todlich", "wurd"].map(String::from).into();
    assert_eq!(
        surface_forms(&s, &twice, 8).unwrap(),
        [
            Some("wurde".into()),
            Some("tödliche".into()),
            Some("wurde".into())
        ]
    );
    // A word the index does not hold: its term's forms.
    assert_eq!(
        surface_forms(&s, &["Unfällen".into()], 8).unwrap(),
        [Some("Unfall".into())]
    );
    // Ties go to the form seen first ("Unfall" before "Unfälle").
    assert_eq!(
        surface_forms(&s, &terms[2..3], 2).unwrap(),
        [Some("Unfall".into())]
    );
}
