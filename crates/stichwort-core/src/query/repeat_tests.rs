//! Repeated clauses: an And or Or plans each distinct clause once and a
//! repeated prefix expands once, with the same matches, score bits and
//! spans as the plan that keeps every clause (what the planner built
//! before), through the generic iterators and the fast ranked paths.

use std::sync::Arc;

use proptest::prelude::*;

use super::exec_tests::build_from;
use super::iter::{self, TERMINATED};
use super::plan::{Clauses, Plan};
use super::prefix::PrefixTerms;
use super::search::{Engine, Prepared, body_spans};
use super::{ParseOptions, Query, parse};
use crate::index::Searcher;

const VOCAB: [&str; 6] = ["a", "b", "nato", "nachbar", "haus", "x"];

/// Leaves of the random queries: terms, prefixes (two spellings of one),
/// a phrase and an absent word.
const LEAVES: [&str; 8] = ["a", "nato", "x", "na*", "NA*", "h*", "\"a b\"", "fehlt"];

fn searcher(docs: &[Vec<usize>], deletes: &[usize], commit_every: usize) -> Searcher {
    let bodies: Vec<_> = docs.iter().map(|d| (d.clone(), None)).collect();
    build_from(&VOCAB, &bodies, deletes, commit_every)
        .searcher()
        .unwrap()
}

fn query(s: &str) -> Query {
    parse(s, &ParseOptions::default()).unwrap()
}

/// The plan with every clause of every And and Or its own child again.
fn unreduced(plan: &Plan) -> Plan {
    let every = |c: &Clauses| Clauses {
        distinct: c.order.iter().map(|&i| unreduced(&c.distinct[i])).collect(),
        order: (0..c.order.len()).collect(),
    };
    match plan {
        Plan::And(c) => Plan::And(every(c)),
        Plan::Or(c) => Plan::Or(every(c)),
        Plan::Not(p, n) => Plan::Not(Box::new(unreduced(p)), Box::new(unreduced(n))),
        Plan::Near { a, b, distance } => Plan::Near {
            a: Box::new(unreduced(a)),
            b: Box::new(unreduced(b)),
            distance: *distance,
        },
        other => other.clone(),
    }
}

/// Per segment: each matching document, the bits of its score and its body spans.
fn walk(e: &Engine<'_>, plan: &Plan) -> Vec<(u32, u64, Vec<Vec<u32>>)> {
    let mut out = Vec::new();
    for seg in e.searcher.segments() {
        let mut it = iter::build(plan, seg, e.searcher.analyzer());
        while it.doc() != TERMINATED {
            let score = it.score().to_bits();
            let spans = body_spans(&mut it)
                .into_iter()
                .map(|s| s.positions.to_vec());
            out.push((seg.global_id(it.doc()), score, spans.collect()));
            it.next();
        }
    }
    out
}

fn prefix_terms(plan: &Plan, out: &mut Vec<PrefixTerms>) {
    match plan {
        Plan::Prefix { terms, .. } => out.push(terms.clone()),
        Plan::And(c) | Plan::Or(c) => c.distinct.iter().for_each(|p| prefix_terms(p, out)),
        Plan::Not(a, b) | Plan::Near { a, b, .. } => {
            prefix_terms(a, out);
            prefix_terms(b, out);
        }
        _ => {}
    }
}

#[test]
fn repeated_clauses_are_planned_once_in_clause_order() {
    let s = searcher(&[vec![0, 2, 3], vec![2]], &[], 10);
    let e = Engine::new(&s);
    let plan = e
        .prepare(&query("na* OR nato OR NA* OR na* OR nato"), None)
        .unwrap()
        .plan;
    let Plan::Or(c) = &plan else {
        panic!("not an Or: {plan:?}")
    };
    // `NA*` is `na*` to the analyzer: the same plan.
    assert_eq!(c.distinct.len(), 2);
    assert_eq!(c.order, vec![0, 1, 0, 0, 1]);
    let plan = e.prepare(&query("nato AND nato"), None).unwrap().plan;
    assert!(matches!(&plan, Plan::And(c) if c.distinct.len() == 1 && c.order == [0, 0]));
}

#[test]
fn a_prefix_expands_once_per_segment_wherever_it_occurs() {
    let s = searcher(&[vec![0, 2, 3], vec![2], vec![3, 5]], &[], 2);
    let e = Engine::new(&s);
    let q = query("(na* OR a) AND (NA* OR x) AND NOT (na* AND b)");
    let plan = e.prepare(&q, Some(&query("na*"))).unwrap();
    let mut terms = Vec::new();
    prefix_terms(&plan.plan, &mut terms);
    prefix_terms(plan.filter.as_ref().unwrap(), &mut terms);
    assert_eq!(terms.len(), 4);
    for seg in s.segments() {
        let first = terms[0].expansion(seg);
        assert!(terms.iter().all(|t| Arc::ptr_eq(&t.expansion(seg), &first)));
    }
}

fn check_same_as_unreduced(
    docs: &[Vec<usize>],
    deletes: &[usize],
    commit_every: usize,
    picks: &[usize],
    and: bool,
    k: usize,
) -> Result<(), TestCaseError> {
    let s = searcher(docs, deletes, commit_every);
    let e = Engine::new(&s);
    let op = if and { " AND " } else { " OR " };
    let leaves: Vec<&str> = picks.iter().map(|&i| LEAVES[i]).collect();
    // Alone, and inside a group beside another clause.
    for q in [
        leaves.join(op),
        format!("(a OR ({})) AND NOT b", leaves.join(op)),
    ] {
        let prep = e.prepare(&query(&q), None).unwrap();
        let full = Prepared {
            plan: unreduced(&prep.plan),
            filter: None,
            lookups: Default::default(),
        };
        prop_assert_eq!(walk(&e, &prep.plan), walk(&e, &full.plan), "{}", q);
        for limit in [Some(k), None] {
            let got = e.search_prepared(&prep, limit);
            let want = e.search_prepared(&full, limit);
            prop_assert_eq!(&got.ids, &want.ids, "{}", q);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&got.scores), bits(&want.scores), "{}", q);
            prop_assert_eq!(got.total, want.total, "{}", q);
        }
        prop_assert_eq!(e.count_prepared(&prep), e.count_prepared(&full), "{}", q);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Clauses drawn with repeats from a few leaves (so repeats and
    /// interleavings like `a OR x OR a` are common), over several
    /// segments with deletes: the reduced plan equals the unreduced one.
    #[test]
    fn repeated_clauses_give_the_unreduced_results(
        docs in proptest::collection::vec(proptest::collection::vec(0usize..VOCAB.len(), 0..12), 1..150),
        deletes in proptest::collection::vec(0usize..150, 0..10),
        commit_every in 20usize..100,
        picks in proptest::collection::vec(0usize..LEAVES.len(), 1..9),
        and in any::<bool>(),
        k in 1usize..10,
    ) {
        check_same_as_unreduced(&docs, &deletes, commit_every, &picks, and, k)?;
    }
}
