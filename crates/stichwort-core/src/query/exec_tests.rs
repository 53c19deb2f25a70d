//! Execution tests: the fast ranked paths (`wand`) against exhaustive
//! scoring by the generic iterators, on random corpora with several
//! segments and deletes; and deep trees.

use proptest::prelude::*;

use super::collector::TopK;
use super::iter::TERMINATED;
use super::search::{Engine, body_spans, finish};
use super::*;
use crate::analysis::{Analyzer, AnalyzerConfig};
use crate::index::{DocInput, Index, IndexOptions, Searcher};

const VOCAB: [&str; 6] = ["a", "b", "c", "nato", "haus", "x"];

fn index(
    docs: &[(Vec<usize>, Option<Vec<usize>>)],
    deletes: &[usize],
    commit_every: usize,
) -> Searcher {
    build(docs, deletes, commit_every).searcher().unwrap()
}

fn build(
    docs: &[(Vec<usize>, Option<Vec<usize>>)],
    deletes: &[usize],
    commit_every: usize,
) -> Index {
    build_from(&VOCAB, docs, deletes, commit_every)
}

/// An in-memory "simple" index of `docs` (body and optional title, as
/// indices into `vocab`), committed every `commit_every` documents, with
/// `deletes` (those below the next id) deleted.
pub(super) fn build_from(
    vocab: &[&str],
    docs: &[(Vec<usize>, Option<Vec<usize>>)],
    deletes: &[usize],
    commit_every: usize,
) -> Index {
    let analyzer = Analyzer::new(AnalyzerConfig::simple()).unwrap();
    let mut ix = Index::in_memory(analyzer, IndexOptions::default()).unwrap();
    let words = |ws: &[usize]| ws.iter().map(|&w| vocab[w]).collect::<Vec<_>>().join(" ");
    for (i, (body, title)) in docs.iter().enumerate() {
        ix.add(DocInput {
            text: words(body),
            title: title.as_ref().map(|t| words(t)),
            ..Default::default()
        })
        .unwrap();
        if (i + 1) % commit_every == 0 {
            ix.commit().unwrap();
        }
    }
    for &d in deletes {
        if (d as u32) < ix.next_doc_id() {
            ix.delete(d as u32).unwrap();
        }
    }
    ix.commit().unwrap();
    ix
}

/// A searcher over one committed segment of `texts` (bodies only).
fn searcher_of(config: AnalyzerConfig, texts: &[&str]) -> Searcher {
    let mut ix = Index::in_memory(Analyzer::new(config).unwrap(), IndexOptions::default()).unwrap();
    for &t in texts {
        ix.add(DocInput {
            text: t.into(),
            ..Default::default()
        })
        .unwrap();
    }
    ix.commit().unwrap();
    ix.searcher().unwrap()
}

/// The positions of each match span of document `id`.
fn span_positions(e: &Engine<'_>, prep: &Prepared, id: u32) -> Vec<Vec<u32>> {
    e.on_doc(prep, id, |_, it| body_spans(it))
        .unwrap()
        .into_iter()
        .map(|s| s.positions.to_vec())
        .collect()
}

/// Exhaustive scoring through the generic iterators.
fn exhaustive(e: &Engine<'_>, q: &Query, k: usize) -> TopDocs {
    let prep = e.prepare(q, None).unwrap();
    let mut top = TopK::new(k);
    let mut total = 0;
    for seg in e.searcher.segments() {
        let mut it = e.iter(&prep, seg);
        while it.doc() != TERMINATED {
            if !seg.is_deleted(it.doc()) {
                total += 1;
                top.push(it.score(), seg.global_id(it.doc()));
            }
            it.next();
        }
    }
    finish(top, total)
}

fn term(w: usize, title: bool) -> Query {
    Query::Term {
        text: VOCAB[w].into(),
        field: title.then(|| "title".to_string()),
    }
}

fn corpus() -> impl Strategy<Value = Vec<(Vec<usize>, Option<Vec<usize>>)>> {
    let words = proptest::collection::vec(0usize..VOCAB.len(), 0..40);
    proptest::collection::vec((words.clone(), proptest::option::of(words)), 1..400)
}

/// Mostly "x": the other words are rare, so an Or's postings are sparse in
/// a segment (and phrases of them have few candidates).
fn rare_corpus() -> impl Strategy<Value = Vec<(Vec<usize>, Option<Vec<usize>>)>> {
    let word = prop_oneof![400 => Just(5usize), 1 => 0usize..VOCAB.len()];
    let words = proptest::collection::vec(word, 0..40);
    proptest::collection::vec((words.clone(), proptest::option::of(words)), 1..400)
}

fn check_fast_paths(
    docs: &[(Vec<usize>, Option<Vec<usize>>)],
    deletes: &[usize],
    commit_every: usize,
    clauses: &[(usize, bool)],
    k: usize,
) -> Result<(), TestCaseError> {
    let s = index(docs, deletes, commit_every);
    let e = Engine::new(&s);
    let phrase = |slop: u32| Query::Phrase {
        words: clauses.iter().map(|&(w, _)| VOCAB[w].to_string()).collect(),
        slop,
        field: clauses[0].1.then(|| "title".to_string()),
    };
    let qs = [
        term(clauses[0].0, clauses[0].1),
        Query::Or(clauses.iter().map(|&(w, t)| term(w, t)).collect()),
        Query::And(clauses.iter().map(|&(w, t)| term(w, t)).collect()),
        phrase(0),
        phrase(k as u32 % 3),
    ];
    for q in qs {
        let fast = e.search(&q, Some(k), None).unwrap();
        let slow = exhaustive(&e, &q, k);
        prop_assert_eq!(&fast, &slow, "{}", q);
        prop_assert_eq!(e.count(&q, None).unwrap(), slow.total);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn fast_paths_equal_exhaustive(
        docs in corpus(),
        deletes in proptest::collection::vec(0usize..400, 0..30),
        commit_every in 50usize..300,
        clauses in proptest::collection::vec((0usize..VOCAB.len(), any::<bool>()), 1..4),
        k in 1usize..20,
    ) {
        check_fast_paths(&docs, &deletes, commit_every, &clauses, k)?;
    }

    #[test]
    fn fast_paths_on_rare_terms_equal_exhaustive(
        docs in rare_corpus(),
        deletes in proptest::collection::vec(0usize..400, 0..30),
        commit_every in 50usize..300,
        clauses in proptest::collection::vec((0usize..VOCAB.len(), any::<bool>()), 1..4),
        k in 1usize..20,
    ) {
        check_fast_paths(&docs, &deletes, commit_every, &clauses, k)?;
    }
}

/// An And's cursors and buffers stay with the thread between queries: Ands
/// of more terms than it keeps, then of fewer and of other segments, equal
/// exhaustive scoring.
#[test]
fn and_buffers_kept_between_queries() {
    let docs: Vec<_> = (0..600usize)
        .map(|i| {
            let body = (0..VOCAB.len()).filter(|w| (i + w) % 4 != 0).collect();
            let title = (i % 3 == 0).then(|| vec![i % VOCAB.len(), 3]);
            (body, title)
        })
        .collect();
    let small = index(&docs[..40], &[], 15);
    let large = index(&docs, &[3, 50, 400], 170);
    // "a b c" repeated (docs with i % 4 == 1 hold all three), then title "nato".
    let many: Vec<(usize, bool)> = (0..9).map(|i| (i % 3, false)).chain([(3, true)]).collect();
    for (s, clauses) in [
        (&large, &many[..]),
        (&large, &many[..2]),
        (&small, &many[..10]),
        (&small, &many[1..4]),
        (&large, &many[..1]),
        (&large, &many[2..5]),
    ] {
        let e = Engine::new(s);
        let q = Query::And(clauses.iter().map(|&(w, t)| term(w, t)).collect());
        let slow = exhaustive(&e, &q, 7);
        assert!(slow.total > 0, "{q}");
        assert_eq!(e.search(&q, Some(7), None).unwrap(), slow, "{q}");
        assert_eq!(e.count(&q, None).unwrap(), slow.total, "{q}");
    }
}

/// Segments of thousands of documents of varied lengths, so that terms
/// have many blocks and their bounds prune: the pruned top k equal
/// exhaustive scoring, with deletions, before and after a merge (which
/// writes the bounds again at the merged segment's average lengths).
#[test]
fn block_bounds_prune_exactly() {
    let mut state = 7u64;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % n) as usize
    };
    // Per cent of the words: "x" common, "a" and "b" frequent, the rest rarer.
    const SHARE: [usize; 6] = [20, 15, 8, 3, 6, 48];
    let mut word = || {
        let r = next(100);
        (0..SHARE.len())
            .find(|&i| r < SHARE[..=i].iter().sum())
            .unwrap_or(5)
    };
    let docs: Vec<_> = (0..6000)
        .map(|_| {
            let long = word() == 3;
            let len = 1 + if long { 200 } else { word() * 6 };
            let body = (0..len).map(|_| word()).collect();
            let title = (word() > 0).then(|| (0..1 + word()).map(|_| word()).collect());
            (body, title)
        })
        .collect();
    let deletes: Vec<usize> = (0..6000).filter(|i| i % 37 == 5).collect();
    let mut ix = build(&docs, &deletes, 1700);
    let queries = [
        term(0, false),
        term(5, false),
        term(1, true),
        Query::And(vec![term(0, false), term(1, false)]),
        Query::And(vec![term(5, false), term(0, false)]),
        Query::And(vec![term(0, false), term(1, false), term(2, false)]),
        Query::And(vec![term(0, true), term(5, false)]),
        Query::And(vec![term(3, false), term(5, false)]),
    ];
    for merged in [false, true] {
        if merged {
            ix.merge(1).unwrap();
        }
        let s = ix.searcher().unwrap();
        assert_eq!(s.segments().len(), if merged { 1 } else { 4 });
        let e = Engine::new(&s);
        for q in &queries {
            for k in [1, 10, 100] {
                let fast = e.search(q, Some(k), None).unwrap();
                assert_eq!(fast, exhaustive(&e, q, k), "{q} k={k} merged={merged}");
            }
        }
    }
}

#[test]
fn deep_trees_run() {
    let s = index(&[(vec![0, 1], None), (vec![1], None)], &[], 10);
    let e = Engine::new(&s);
    let mut q = term(0, false);
    for i in 0..MAX_TREE_DEPTH {
        q = if i % 2 == 0 {
            Query::And(vec![q])
        } else {
            Query::Or(vec![q, term(1, false)])
        };
    }
    assert_eq!(e.match_ids(&q, None).unwrap(), vec![0, 1]);
    let too_deep = Query::And(vec![q]);
    assert!(matches!(
        e.count(&too_deep, None),
        Err(crate::Error::Query { .. })
    ));
}

/// `deeper_than` counts levels as the planner does (a leaf is one), down
/// any branch, without going further than asked.
#[test]
fn deeper_than_counts_levels() {
    use super::search::deeper_than;
    let leaf = term(0, false);
    assert!(deeper_than(&leaf, 0) && !deeper_than(&leaf, 1));
    let mut q = leaf.clone();
    for _ in 0..9 {
        q = Query::Not {
            positive: Box::new(leaf.clone()),
            negative: Box::new(q),
        };
    }
    assert!(deeper_than(&q, 9) && !deeper_than(&q, 10));
    let wide = Query::Or(vec![
        leaf.clone(),
        Query::Near {
            a: Box::new(leaf.clone()),
            b: Box::new(Query::And(vec![leaf.clone(), q])),
            distance: 1,
        },
    ]);
    assert!(deeper_than(&wide, 12) && !deeper_than(&wide, 13));
}

/// Phrases, `Near`, KWIC and phrase counts of a decompounding index see
/// whole words only; a one-word query also finds the compounds.
#[test]
fn decompounding_keeps_phrases_whole() {
    let texts = [
        "das Außenministerium teilte mit",
        "das Ministerium teilte mit",
        "im Finanzministerium und das neue Ministerium",
        "die Arbeitsmarktreform kommt",
    ];
    let searcher = |decompound: bool| {
        let config = AnalyzerConfig {
            decompound,
            ..AnalyzerConfig::german()
        };
        let mut ix =
            Index::in_memory(Analyzer::new(config).unwrap(), IndexOptions::default()).unwrap();
        for t in texts {
            ix.add(DocInput {
                text: t.into(),
                title: Some(t.into()),
                ..Default::default()
            })
            .unwrap();
        }
        ix.commit().unwrap();
        ix.searcher().unwrap()
    };
    let (plain, split) = (searcher(false), searcher(true));
    let (ep, es) = (Engine::new(&plain), Engine::new(&split));
    let q = |s: &str| parse(s, &ParseOptions::default()).unwrap();
    assert_eq!(
        es.match_ids(&q("Ministerium"), None).unwrap(),
        vec![0, 1, 2]
    );
    assert_eq!(ep.match_ids(&q("Ministerium"), None).unwrap(), vec![1, 2]);
    assert_eq!(es.match_ids(&q("Reform"), None).unwrap(), vec![3]);
    let title = |s: &str| Query::Phrase {
        words: s.split(' ').map(String::from).collect(),
        slop: 1,
        field: Some("title".into()),
    };
    let near = |a: Query, b: Query| Query::Near {
        a: Box::new(a),
        b: Box::new(b),
        distance: 1,
    };
    // A Prefix under Near too: "minis*" is no whole word of doc 0.
    let prefix = |field: Option<&str>| Query::Prefix {
        prefix: "minis".into(),
        field: field.map(String::from),
    };
    let teilte = |field: Option<&str>| Query::Term {
        text: "teilte".into(),
        field: field.map(String::from),
    };
    for query in [
        q("\"das Ministerium\""),
        q("\"das Ministerium\"~3"),
        q("\"Ministerium teilte\""),
        title("das Ministerium"),
        near(q("das"), q("Ministerium")),
        near(prefix(None), teilte(None)),
        near(prefix(Some("title")), teilte(Some("title"))),
    ] {
        let ids = ep.match_ids(&query, None).unwrap();
        assert_eq!(es.match_ids(&query, None).unwrap(), ids, "{query}");
        // Scores differ (a part raises its term's document frequency).
        assert_eq!(es.count(&query, None).unwrap(), ids.len() as u64);
        assert_eq!(
            es.kwic(&query, 20, None).unwrap(),
            ep.kwic(&query, 20, None).unwrap()
        );
    }
    let words = ["das".to_string(), "Ministerium".to_string()];
    assert_eq!(
        es.phrase_counts(&words, 2).unwrap(),
        ep.phrase_counts(&words, 2).unwrap()
    );
    // A one-word KWIC shows the compounds it matched.
    let hits: Vec<String> = es
        .kwic(&q("Ministerium"), 0, None)
        .unwrap()
        .into_iter()
        .map(|c| c.matched)
        .collect();
    assert_eq!(
        hits,
        [
            "Außenministerium",
            "Ministerium",
            "Finanzministerium",
            "Ministerium"
        ]
    );
}

/// A clause of stop words only (dropped by the analyzer) is left out of
/// And, Or and Not, as Lucene leaves out the stop words it analyses away;
/// alone, or as a side of Near, it matches nothing.
#[test]
fn clauses_without_terms_are_left_out() {
    let config = AnalyzerConfig {
        stopwords: true,
        ..AnalyzerConfig::german()
    };
    let s = searcher_of(
        config,
        &[
            "Die Regierung und der Kanzler",
            "der Kanzler reist",
            "die Regierung tagt",
        ],
    );
    let e = Engine::new(&s);
    let q = |s: &str| parse(s, &ParseOptions::default()).unwrap();
    let ids = |s: &str| e.match_ids(&q(s), None).unwrap();
    assert_eq!(ids("der Kanzler"), [0, 1]);
    assert_eq!(ids("der OR die OR Kanzler"), [0, 1]);
    assert_eq!(ids("Kanzler NOT der"), [0, 1]);
    assert_eq!(ids("(der AND die) OR tagt"), [2]);
    assert_eq!(ids("der Regierung"), [0, 2]);
    // Scores as without the stop word.
    let (with, without) = (
        e.search(&q("der Kanzler"), Some(10), None).unwrap(),
        e.search(&q("Kanzler"), Some(10), None).unwrap(),
    );
    assert_eq!(with, without);
    // Stop words only, a phrase's gap, Near: nothing, the gap kept.
    assert!(ids("der").is_empty() && ids("der AND die").is_empty());
    assert!(ids("der NOT Kanzler").is_empty());
    assert_eq!(ids("\"Regierung und der Kanzler\""), [0]);
    assert!(ids("\"Regierung der Kanzler\"").is_empty());
    let near = |a: &str, b: &str| Query::Near {
        a: Box::new(q(a)),
        b: Box::new(q(b)),
        distance: 3,
    };
    assert!(
        e.match_ids(&near("der", "Kanzler"), None)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        e.match_ids(&near("Regierung", "Kanzler"), None).unwrap(),
        [0]
    );
}

/// Exact phrases with a word in every document (checked in the forward
/// index, its postings never read) count, score and span as by hand, in
/// several segments with a delete.
#[test]
fn phrases_with_a_dense_word_match_by_hand() {
    let (a, b, c, x) = (0, 1, 2, 5);
    let docs: Vec<(Vec<usize>, Option<Vec<usize>>)> = (0..60)
        .map(|i| {
            let mut body = vec![a, b, a];
            if i % 13 == 0 {
                body.extend([a, x, a, x, x]);
            }
            if i % 17 == 0 {
                body.extend([x, c, a]);
            }
            (body, None)
        })
        .collect();
    let s = index(&docs, &[26], 25);
    assert_eq!(s.segments().len(), 3);
    let e = Engine::new(&s);
    for pat in [&[a, x][..], &[x, a], &[x, c], &[b, a, a]] {
        let words: Vec<String> = pat.iter().map(|&w| VOCAB[w].to_string()).collect();
        let mut ids = Vec::new();
        let mut counts = Vec::new();
        let mut spans = Vec::new();
        for (d, (body, _)) in docs.iter().enumerate() {
            let at: Vec<u32> = (0..body.len())
                .filter(|&i| body[i..].starts_with(pat))
                .map(|i| i as u32)
                .collect();
            if d != 26 && !at.is_empty() {
                ids.push(d as u32);
                counts.push(at.len() as u32);
                spans.push(at);
            }
        }
        assert_eq!(
            e.phrase_counts(&words, 0).unwrap(),
            (ids.clone(), counts),
            "{words:?}"
        );
        let q = Query::Phrase {
            words: words.clone(),
            slop: 0,
            field: None,
        };
        assert_eq!(e.count(&q, None).unwrap(), ids.len() as u64);
        let top = e.search(&q, None, None).unwrap();
        assert_eq!(top, exhaustive(&e, &q, usize::MAX));
        let mut found = top.ids.clone();
        found.sort_unstable();
        assert_eq!(found, ids);
        let prep = e.prepare(&q, None).unwrap();
        for (&id, at) in ids.iter().zip(&spans) {
            let got = span_positions(&e, &prep, id);
            let want: Vec<Vec<u32>> = at
                .iter()
                .map(|&p| (p..p + pat.len() as u32).collect())
                .collect();
            assert_eq!(got, want, "{words:?} in {id}");
        }
    }
}

/// Forward-checked phrases over more candidates than a batch gathers, alone
/// and under an And that seeks past gathered candidates, with a rare lead
/// read alone and with two keys read from postings: the documents as by
/// hand.
#[test]
fn forward_checked_phrases_across_batches_and_seeks() {
    let (a, b, c, nato, x) = (0, 1, 2, 3, 5);
    let docs: Vec<(Vec<usize>, Option<Vec<usize>>)> = (0..400)
        .map(|i| {
            let mut body = vec![a, b, a];
            if i % 3 == 0 {
                body.extend([x, a]);
            }
            if i % 5 == 0 {
                body.push(c);
            }
            if i % 7 == 0 {
                body.extend([c, x, a, nato]);
            }
            if i % 11 == 0 {
                body.extend([x, b, a]);
            }
            (body, None)
        })
        .collect();
    let s = index(&docs, &[9, 210], 150);
    let e = Engine::new(&s);
    let phrase = |pat: &[usize]| Query::Phrase {
        words: pat.iter().map(|&w| VOCAB[w].to_string()).collect(),
        slop: 0,
        field: None,
    };
    let has = |body: &[usize], pat: &[usize]| body.windows(pat.len()).any(|w| w == pat);
    // A query and which document bodies it matches.
    type Case = (Query, Box<dyn Fn(&[usize]) -> bool>);
    let cases: Vec<Case> = vec![
        (phrase(&[x, a]), Box::new(move |d| has(d, &[x, a]))),
        (phrase(&[c, x, a]), Box::new(move |d| has(d, &[c, x, a]))),
        (phrase(&[x, b, a]), Box::new(move |d| has(d, &[x, b, a]))),
        (
            Query::And(vec![phrase(&[x, a]), term(c, false)]),
            Box::new(move |d| has(d, &[x, a]) && d.contains(&c)),
        ),
        (
            Query::And(vec![phrase(&[a, b]), term(nato, false)]),
            Box::new(move |d| has(d, &[a, b]) && d.contains(&nato)),
        ),
    ];
    for (q, matches) in &cases {
        let want: Vec<u32> = (0..docs.len())
            .filter(|&d| d != 9 && d != 210 && matches(&docs[d].0))
            .map(|d| d as u32)
            .collect();
        assert!(
            want.len() > 32,
            "{q:?} has too few matches to cross a batch"
        );
        assert_eq!(e.count(q, None).unwrap(), want.len() as u64, "{q:?}");
        let top = e.search(q, None, None).unwrap();
        assert_eq!(top, exhaustive(&e, q, usize::MAX), "{q:?}");
        let mut found = top.ids.clone();
        found.sort_unstable();
        assert_eq!(found, want, "{q:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Exact pairs of two frequent words (both read a postings block at a
    /// time, or one of them, their doc blocks merged) count, rank and span
    /// as by hand, over several postings and position blocks, segments and
    /// a delete.
    #[test]
    fn frequent_exact_pairs_match_by_hand(
        docs in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![12 => Just(0usize), 12 => Just(1), 4 => Just(2), 4 => Just(5), 1 => Just(4)],
                0..14,
            ),
            200..700,
        ),
        commit_every in prop_oneof![Just(10_000usize), 150..400usize],
        delete in 0usize..700,
    ) {
        let docs: Vec<(Vec<usize>, Option<Vec<usize>>)> = docs.into_iter().map(|b| (b, None)).collect();
        let s = index(&docs, &[delete], commit_every);
        let e = Engine::new(&s);
        // "haus" (4) is in few documents: its pairs with "c" read only
        // its positions by blocks.
        for pat in [[0, 1], [1, 0], [0, 0], [1, 2], [2, 4], [4, 2]] {
            let words: Vec<String> = pat.iter().map(|&w| VOCAB[w].to_string()).collect();
            let (mut ids, mut counts, mut spans) = (Vec::new(), Vec::new(), Vec::new());
            for (d, (body, _)) in docs.iter().enumerate() {
                let at: Vec<u32> = (0..body.len())
                    .filter(|&i| body[i..].starts_with(&pat))
                    .map(|i| i as u32)
                    .collect();
                if d != delete && !at.is_empty() {
                    ids.push(d as u32);
                    counts.push(at.len() as u32);
                    spans.push(at);
                }
            }
            prop_assert_eq!(e.phrase_counts(&words, 0).unwrap(), (ids.clone(), counts));
            let q = Query::Phrase { words: words.clone(), slop: 0, field: None };
            prop_assert_eq!(e.count(&q, None).unwrap(), ids.len() as u64);
            let top = e.search(&q, Some(10), None).unwrap();
            prop_assert_eq!(&top, &exhaustive(&e, &q, 10));
            let prep = e.prepare(&q, None).unwrap();
            for (&id, at) in ids.iter().zip(&spans).step_by(7) {
                let got = span_positions(&e, &prep, id);
                let want: Vec<Vec<u32>> = at.iter().map(|&p| vec![p, p + 1]).collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}

/// KWIC contexts and snippets are cut on grapheme cluster boundaries: a
/// flag, a ZWJ family or a CR LF the width would cut through is left out.
#[test]
fn cuts_keep_grapheme_clusters_whole() {
    let (de, fr) = ("\u{1F1E9}\u{1F1EA}", "\u{1F1EB}\u{1F1F7}");
    let family = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}";
    let text = format!("{de}{fr} nato {family} x\r\ny");
    let searcher = searcher_of(AnalyzerConfig::simple(), &[text.as_str()]);
    let engine = Engine::new(&searcher);
    let nato = parse("nato", &ParseOptions::default()).unwrap();
    let contexts = |width: usize| {
        let line = engine.kwic(&nato, width, None).unwrap().remove(0);
        (line.left, line.right)
    };
    let pair = |left: String, right: String| (left, right);
    assert_eq!(contexts(2), pair(" ".into(), " ".into()));
    assert_eq!(contexts(4), pair(format!("{fr} "), " ".into()));
    assert_eq!(
        contexts(6),
        pair(format!("{de}{fr} "), format!(" {family}"))
    );
    assert_eq!(
        contexts(9),
        pair(format!("{de}{fr} "), format!(" {family} x"))
    );
    assert_eq!(
        contexts(10),
        pair(format!("{de}{fr} "), format!(" {family} x\r\n"))
    );
    let snippet = engine.snippet(&nato, 0, 10).unwrap();
    assert_eq!(snippet, format!("…{fr} «nato» …"));
    // docs/query-execution.md and API.md name the engine's Unicode version.
    assert_eq!(unicode_segmentation::UNICODE_VERSION, (17, 0, 0));
}

/// A closed word that found a hyphenated run through its catenated part
/// shows the run whole; the run's own words, phrases and a closed word
/// written closed show themselves.
#[test]
fn a_closed_word_highlights_the_run_it_matched() {
    let texts = [
        "Die Klima-Erwärmung schreitet voran.",
        "Klima-Erwärmung",
        "Das Nord-Süd-Gefälle und der Süden",
        "Die Klimaerwärmung",
    ];
    let s = searcher_of(AnalyzerConfig::german(), &texts);
    let e = Engine::new(&s);
    let q = |s: &str| parse(s, &ParseOptions::default()).unwrap();
    let lines = |query: &str| -> Vec<(u32, String, String, String)> {
        let kwic = e.kwic(&q(query), 4, None).unwrap();
        (kwic.into_iter())
            .map(|c| (c.doc_id, c.left, c.matched, c.right))
            .collect()
    };
    let line = |d: u32, l: &str, m: &str, r: &str| (d, l.into(), m.into(), r.into());
    let runs = vec![
        line(0, "Die ", "Klima-Erwärmung", " sch"),
        line(1, "", "Klima-Erwärmung", ""),
        line(3, "Die ", "Klimaerwärmung", ""),
    ];
    assert_eq!(lines("Klimaerwärmung"), runs);
    // One line per span: the run is shown once.
    assert_eq!(lines("Klima OR Klimaerwärmung"), runs);
    assert_eq!(lines("Klima-Erwärmung"), runs);
    assert_eq!(
        lines("Klima"),
        [
            line(0, "Die ", "Klima", "-Erw"),
            line(1, "", "Klima", "-Erw")
        ]
    );
    // Only where the closed word's clause matches the document.
    assert_eq!(
        lines("Klima OR (Klimaerwärmung NOT voran)"),
        [
            line(0, "Die ", "Klima", "-Erw"),
            runs[1].clone(),
            runs[2].clone()
        ]
    );
    // A phrase reads whole words.
    assert_eq!(
        lines("\"Die Klimaerwärmung\""),
        [line(3, "", "Die Klimaerwärmung", "")]
    );
    // A Prefix's spans are whole words, its closed term's too.
    assert_eq!(
        lines("klima*"),
        [
            line(0, "Die ", "Klima", "-Erw"),
            line(1, "", "Klima", "-Erw"),
            runs[2].clone()
        ]
    );
    assert_eq!(
        lines("Nordsüdgefälle OR Süd"),
        [
            line(2, "Das ", "Nord-Süd-Gefälle", " und"),
            line(2, "ord-", "Süd", "-Gef"),
            line(2, "der ", "Süden", ""),
        ]
    );
    let [first] = &e.kwic(&q("Klimaerwärmung"), 0, Some(1)).unwrap()[..] else {
        panic!("one line");
    };
    assert_eq!((first.start, first.end), (4, 19));
    let snippet = |query: &str, doc: u32, width: usize| e.snippet(&q(query), doc, width).unwrap();
    assert_eq!(
        snippet("Klimaerwärmung", 0, 40),
        "Die «Klima-Erwärmung» schreitet voran."
    );
    assert_eq!(snippet("Klimaerwärmung", 0, 5), "…«Klima-Erwärmung»…");
    assert_eq!(snippet("Klima", 0, 5), "…«Klima»…");
    assert_eq!(
        snippet("Nordsüdgefälle OR Süd", 2, 30),
        "Das «Nord-Süd-Gefälle» und der S…"
    );
}

/// A key a segment never holds as a part needs no whole-word check; one
/// it does (a hyphenated run's closed form) keeps phrases whole.
#[test]
fn only_keys_held_as_parts_are_checked_for_whole_words() {
    let texts = [
        "die Corona-Pandemie trifft alle",
        "die Coronapandemie trifft alle",
    ];
    let s = searcher_of(AnalyzerConfig::german(), &texts);
    let seg = &s.segments()[0];
    let ord = |key: &str| seg.term_ord(key).unwrap();
    assert!(seg.occurs_as_part(ord("coronapandemi")));
    assert!(!seg.occurs_as_part(ord("corona")) && !seg.occurs_as_part(ord("trifft")));
    let e = Engine::new(&s);
    let q = |s: &str| parse(s, &ParseOptions::default()).unwrap();
    assert_eq!(e.match_ids(&q("Coronapandemie"), None).unwrap(), vec![0, 1]);
    assert_eq!(
        e.match_ids(&q("\"die Coronapandemie\""), None).unwrap(),
        vec![1]
    );
    assert_eq!(
        e.match_ids(&q("\"trifft alle\""), None).unwrap(),
        vec![0, 1]
    );
    assert_eq!(
        e.match_ids(&q("Corona-Pandemie"), None).unwrap(),
        vec![0, 1]
    );
}
