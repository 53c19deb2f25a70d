//! Parser tests: every construct, precedence, errors with positions, the
//! limits, and property tests (Display round trip, no panic on any input).

use proptest::prelude::*;

use super::*;
use crate::Error;

fn p(input: &str) -> Query {
    parse(input, &ParseOptions::default()).unwrap_or_else(|e| panic!("{input:?}: {e}"))
}

fn p_or(input: &str) -> Query {
    let options = ParseOptions {
        default_operator: Operator::Or,
        ..ParseOptions::default()
    };
    parse(input, &options).unwrap_or_else(|e| panic!("{input:?}: {e}"))
}

/// (position, message) of a failing parse.
fn fail(input: &str) -> (usize, String) {
    fail_with(input, &ParseOptions::default())
}

fn fail_with(input: &str, options: &ParseOptions) -> (usize, String) {
    match parse(input, options) {
        Err(Error::Query { position, message }) => (position, message),
        other => panic!("{input:?} should fail, got {other:?}"),
    }
}

fn t(text: &str) -> Query {
    Query::Term {
        text: text.into(),
        field: None,
    }
}

fn and(qs: Vec<Query>) -> Query {
    Query::And(qs)
}

fn or(qs: Vec<Query>) -> Query {
    Query::Or(qs)
}

fn not(positive: Query, negative: Query) -> Query {
    Query::Not {
        positive: Box::new(positive),
        negative: Box::new(negative),
    }
}

fn phrase(words: &[&str], slop: u32) -> Query {
    Query::Phrase {
        words: words.iter().map(|w| w.to_string()).collect(),
        slop,
        field: None,
    }
}

fn near(a: Query, b: Query, distance: u32) -> Query {
    Query::Near {
        a: Box::new(a),
        b: Box::new(b),
        distance,
    }
}

fn day(text: &str) -> Option<i32> {
    date::parse_iso_date(text)
}

#[test]
fn terms_and_unicode_words() {
    assert_eq!(p("nato"), t("nato"));
    assert_eq!(p("  Außenminister  "), t("Außenminister"));
    assert_eq!(p("GPA-djp"), t("GPA-djp"));
    assert_eq!(p("Müller-Lüdenscheidt"), t("Müller-Lüdenscheidt"));
    assert_eq!(p("COVID-19"), t("COVID-19"));
    assert_eq!(p("a!b+c"), t("a!b+c"));
    assert_eq!(p("wer?"), t("wer?"));
    assert_eq!(p("and or not"), and(vec![t("and"), t("or"), t("not")]));
}

#[test]
fn default_operator() {
    assert_eq!(p("a b c"), and(vec![t("a"), t("b"), t("c")]));
    assert_eq!(p_or("a b c"), or(vec![t("a"), t("b"), t("c")]));
    // The implicit operator has the precedence of the operator it stands for.
    assert_eq!(p("a b OR c"), or(vec![and(vec![t("a"), t("b")]), t("c")]));
    assert_eq!(
        p_or("a b AND c"),
        or(vec![t("a"), and(vec![t("b"), t("c")])])
    );
}

#[test]
fn boolean_precedence() {
    assert_eq!(
        p("a OR b AND c"),
        or(vec![t("a"), and(vec![t("b"), t("c")])])
    );
    assert_eq!(
        p("a AND b OR c AND d"),
        or(vec![and(vec![t("a"), t("b")]), and(vec![t("c"), t("d")])])
    );
    assert_eq!(
        p("(a OR b) AND c"),
        and(vec![or(vec![t("a"), t("b")]), t("c")])
    );
    assert_eq!(p("a && b || c"), p("a AND b OR c"));
    assert_eq!(p("a AND !b"), not(t("a"), t("b")));
    // NOT binds tighter than AND, AND tighter than OR.
    assert_eq!(p("a OR b NOT c"), or(vec![t("a"), not(t("b"), t("c"))]));
}

#[test]
fn api_example() {
    assert_eq!(
        p(r#"lawrow AND "gemeinsame sitzung" NOT nato"#),
        not(
            and(vec![t("lawrow"), phrase(&["gemeinsame", "sitzung"], 0)]),
            t("nato")
        )
    );
}

#[test]
fn negation() {
    assert_eq!(p("a -b"), not(t("a"), t("b")));
    assert_eq!(p_or("a -b"), not(t("a"), t("b")));
    assert_eq!(p("-nato"), not(Query::All, t("nato")));
    assert_eq!(p("NOT nato"), not(Query::All, t("nato")));
    assert_eq!(p("! nato"), not(Query::All, t("nato")));
    assert_eq!(p("a -b -c"), not(t("a"), or(vec![t("b"), t("c")])));
    assert_eq!(p_or("a b -c"), not(or(vec![t("a"), t("b")]), t("c")));
    // A negated clause removes from its group, as in Lucene.
    assert_eq!(p("a OR NOT b"), not(t("a"), t("b")));
    assert_eq!(p("-(a b)"), not(Query::All, and(vec![t("a"), t("b")])));
    assert_eq!(
        p("x AND (NOT y)"),
        and(vec![t("x"), not(Query::All, t("y"))])
    );
}

#[test]
fn required_clauses() {
    assert_eq!(p("+a b"), and(vec![t("a"), t("b")]));
    assert_eq!(p("+a"), t("a"));
    assert_eq!(p_or("+a b"), and(vec![t("a"), t("b")]));
    assert_eq!(
        p_or("+a +b c d -e"),
        not(and(vec![t("a"), t("b"), or(vec![t("c"), t("d")])]), t("e"))
    );
}

#[test]
fn phrases() {
    assert_eq!(
        p(r#""gemeinsame Sitzung""#),
        phrase(&["gemeinsame", "Sitzung"], 0)
    );
    assert_eq!(p(r#""a  b"~2"#), phrase(&["a", "b"], 2));
    assert_eq!(p(r#""nato""#), phrase(&["nato"], 0));
    assert_eq!(p(r#""say \"hi\"""#), phrase(&["say", "\"hi\""], 0));
    assert_eq!(
        p(r#"title:"a b"~1"#),
        Query::Phrase {
            words: vec!["a".into(), "b".into()],
            slop: 1,
            field: Some("title".into())
        }
    );
    assert_eq!(p(r#"("a b"~3)"#), phrase(&["a", "b"], 3));
}

#[test]
fn prefixes_and_fields() {
    assert_eq!(
        p("außen*"),
        Query::Prefix {
            prefix: "außen".into(),
            field: None
        }
    );
    assert_eq!(
        p("title:pre*"),
        Query::Prefix {
            prefix: "pre".into(),
            field: Some("title".into())
        }
    );
    assert_eq!(
        p("title:Wien"),
        Query::Term {
            text: "Wien".into(),
            field: Some("title".into())
        }
    );
    assert_eq!(
        p("section:Inland"),
        Query::FieldValue {
            name: "section".into(),
            value: "Inland".into()
        }
    );
    assert_eq!(
        p(r#"source:"Der Standard""#),
        Query::FieldValue {
            name: "source".into(),
            value: "Der Standard".into()
        }
    );
    assert_eq!(
        p(r"\title:x"),
        Query::FieldValue {
            name: "title".into(),
            value: "x".into()
        }
    );
    assert_eq!(p("*:*"), Query::All);
    assert_eq!(p("a -section:Sport"), not(t("a"), p("section:Sport")));
}

#[test]
fn a_star_before_the_closing_quote_makes_a_phrase_prefix() {
    let prefix = |text: &str, field: Option<&str>| Query::Prefix {
        prefix: text.into(),
        field: field.map(str::to_string),
    };
    assert_eq!(p(r#""gemeinsame  Sitz*""#), prefix("gemeinsame Sitz", None));
    assert_eq!(p("„EU Kommiss*“"), prefix("EU Kommiss", None));
    assert_eq!(p(r#"title:"EU Kom*""#), prefix("EU Kom", Some("title")));
    // An escaped star is a character of the phrase, an escaped backslash not.
    assert_eq!(p(r#""a b\*""#), phrase(&["a", "b*"], 0));
    assert_eq!(p(r#""a b\\*""#), prefix(r"a b\", None));
    assert_eq!(p(r#""a b*"~0"#), prefix("a b", None));
    let (position, message) = fail(r#"x "a b*"~2"#);
    assert_eq!(position, 2);
    assert!(message.contains("takes no slop"), "{message}");
    assert!(fail(r#""*""#).1.contains("expected words"));
    // It prints as the escaped word, which reads back the same.
    let q = p(r#""gemeinsame Sitz*""#);
    assert_eq!(p(&q.to_string()), q);
}

#[test]
fn dates() {
    assert_eq!(
        p("date:[2022-01-01 TO 2022-12-31]"),
        Query::DateRange {
            start: day("2022-01-01"),
            end: day("2022-12-31")
        }
    );
    assert_eq!(
        p("date:[ * TO 2022-12-31 ]"),
        Query::DateRange {
            start: None,
            end: day("2022-12-31")
        }
    );
    assert_eq!(
        p("date:[* TO *]"),
        Query::DateRange {
            start: None,
            end: None
        }
    );
    assert_eq!(
        p("date:2022-03-01"),
        Query::DateRange {
            start: day("2022-03-01"),
            end: day("2022-03-01")
        }
    );
    assert_eq!(day("2022-01-01"), Some(738_156));
}

#[test]
fn near_operator() {
    assert_eq!(p("merkel NEAR/5 macron"), near(t("merkel"), t("macron"), 5));
    assert_eq!(p("merkel NEAR macron"), near(t("merkel"), t("macron"), 5));
    assert_eq!(
        p(r#""angela merkel" NEAR/3 (macron OR putin)"#),
        near(
            phrase(&["angela", "merkel"], 0),
            or(vec![t("macron"), t("putin")]),
            3
        )
    );
    assert_eq!(
        p("a NEAR/2 b NEAR/3 c"),
        near(near(t("a"), t("b"), 2), t("c"), 3)
    );
    // NEAR binds tightest.
    assert_eq!(
        p("x a NEAR/2 b"),
        and(vec![t("x"), near(t("a"), t("b"), 2)])
    );
    assert_eq!(
        p("NOT a NEAR/2 b"),
        not(Query::All, near(t("a"), t("b"), 2))
    );
    assert_eq!(p("near/5"), t("near/5"));
}

#[test]
fn escapes() {
    assert_eq!(p(r"\AND"), t("AND"));
    assert_eq!(p(r"\-a"), t("-a"));
    assert_eq!(p(r"a\*"), t("a*"));
    assert_eq!(p(r"a\ b"), t("a b"));
    assert_eq!(p(r"a\:b"), t("a:b"));
    assert_eq!(p(r"C\+\+"), t("C++"));
}

#[test]
fn german_gender_forms_are_words() {
    let field = |name: &str, value: &str| Query::FieldValue {
        name: name.into(),
        value: value.into(),
    };
    // The first rule: after a letter, in / innen / Innen.
    for word in [
        "Bürger*innen",
        "Lehrer:in",
        "Lehrer:Innen",
        "Bürger*innen-Rat",
    ] {
        assert_eq!(p(word), t(word), "{word:?}");
    }
    // All caps: after an all-caps word, INNEN or IN, with `*` or `:`.
    for word in [
        "BÜRGER*INNEN",
        "LEHRER:INNEN",
        "BÜRGER*IN",
        "ÄRZT:IN",
        "FUßGÄNGER*INNEN",
        "GPA-BÜRGER*INNEN",
        "BÜRGER*INNEN,",
        "BÜRGER*INNEN-RAT",
    ] {
        assert_eq!(p(word), t(word), "{word:?}");
    }
    assert_eq!(p("title:LEHRER:IN"), title_term("LEHRER:IN"));
    // Short endings: after a lower-case word of two or more characters,
    // only with `*` (`:` before a short value stays a metadata filter).
    for word in [
        "jede*r", "ein*e", "eine*n", "keine*r", "diese*s", "Neue*r", "jede*r,",
    ] {
        assert_eq!(p(word), t(word), "{word:?}");
    }
    assert_eq!(p("jede:r"), field("jede", "r"));
    assert_eq!(p("lang:en"), field("lang", "en"));
    // Not forms: the field stays, a `*` is a wildcard.
    assert_eq!(p("Bürger:IN"), field("Bürger", "IN"));
    assert_eq!(p("B:IN"), field("B", "IN"));
    assert_eq!(p("LEHRER:In"), field("LEHRER", "In"));
    assert_eq!(p("LEHRER:INNENHOF"), field("LEHRER", "INNENHOF"));
    for bad in [
        "Bürger*IN",
        "x*n",
        "JEDE*R",
        "jede*R",
        "jede*rin",
        "jede*r*",
        "B*IN",
        "2*e",
    ] {
        assert_eq!(p(bad), wildcard(bad, None), "{bad:?}");
    }
    // A metadata value that would read as an ending is printed quoted.
    for (name, value) in [("LAND", "IN"), ("x", "INNEN"), ("lage", "innen")] {
        let q = field(name, value);
        assert_eq!(q.to_string(), format!("{name}:\"{value}\""));
        assert_eq!(p(&q.to_string()), q);
    }
}

fn wildcard(pattern: &str, field: Option<&str>) -> Query {
    Query::Wildcard {
        pattern: pattern.into(),
        field: field.map(Into::into),
    }
}

#[test]
fn wildcards_anywhere_in_a_word() {
    assert_eq!(p("*krise"), wildcard("*krise", None));
    assert_eq!(p("Fin*krise"), wildcard("Fin*krise", None));
    assert_eq!(p("foo**"), wildcard("foo**", None));
    assert_eq!(p("*krise*"), wildcard("*krise*", None));
    assert_eq!(p("title:*krise"), wildcard("*krise", Some("title")));
    // `?` is a wildcard before a letter, a digit or `*`, or after a wildcard…
    assert_eq!(p("Me?er"), wildcard("Me?er", None));
    assert_eq!(p("Stra??e"), wildcard("Stra??e", None));
    assert_eq!(p("a?*"), wildcard("a?*", None));
    assert_eq!(p("*krise?"), wildcard("*krise?", None));
    // …and a question mark at a word's end, or escaped.
    assert_eq!(p("warum?"), t("warum?"));
    assert_eq!(p("wer?? x"), and(vec![t("wer??"), t("x")]));
    assert_eq!(p(r"Me\?er"), t("Me?er"));
    // A single trailing `*` stays a prefix.
    assert_eq!(
        p("krise*"),
        Query::Prefix {
            prefix: "krise".into(),
            field: None
        }
    );
    for q in [
        wildcard("*krise?", None),
        wildcard("M?er", Some("title")),
        t("a?b"),
        t("?"),
    ] {
        assert_eq!(p(&q.to_string()), q, "{q}");
    }
}

fn title_term(text: &str) -> Query {
    Query::Term {
        text: text.into(),
        field: Some("title".into()),
    }
}

#[test]
fn errors_name_position_and_expectation() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "empty query"),
        ("   ", 0, "empty query"),
        ("(a b", 4, "expected ')' to close '(' at 0"),
        ("a (b", 4, "expected ')' to close '(' at 2"),
        ("a b)", 3, "unexpected ')'"),
        (r#"über "a b"#, 5, "unterminated phrase starting at 5"),
        (
            "a AND",
            5,
            "expected a term after 'AND', found the end of the query",
        ),
        ("a OR OR b", 5, "expected a term after 'OR', found 'OR'"),
        ("NOT", 3, "expected a term after 'NOT'"),
        ("AND a", 0, "expected a term, found 'AND'"),
        ("()", 1, "expected a term after '('"),
        ("x *", 2, "needs a letter or digit"),
        ("x ?*?", 2, "needs a letter or digit"),
        ("EU-*krise", 2, "one word of letters and digits"),
        ("x *a\\*b", 2, "cannot hold an escaped '*'"),
        ("section:*x", 8, "not on 'section:'"),
        ("*x:y", 0, "a field name cannot hold '*' or '?'"),
        ("a - b", 2, "expected a term right after '-'"),
        ("foo~2", 3, "fuzzy search is not supported"),
        ("a^2", 1, "boosts"),
        ("date:[2022-13-01 TO *]", 6, "invalid date '2022-13-01'"),
        (
            "date:[2022-01-01 TO 2021-01-01]",
            20,
            "ends before it starts",
        ),
        ("date:[2022-01-01 2022-02-01]", 17, "expected 'TO'"),
        (
            "date:[2022-01-01 TO *",
            21,
            "expected ']' to close '[' at 5",
        ),
        ("date:{2022-01-01 TO *}", 5, "exclusive date ranges"),
        ("date:yesterday", 5, "invalid date 'yesterday'"),
        ("section:[a TO b]", 8, "ranges only work on date:"),
        ("section:Inl*", 8, "prefix and wildcard search"),
        ("title:", 6, "expected a value after 'title:'"),
        ("title:(a b)", 6, "field groups"),
        (":x", 0, "expected a field name"),
        (r#""""#, 0, "expected words between the quotes"),
        (r#""a b"~"#, 6, "expected a whole number after '~'"),
        (r#""a b"~x"#, 6, "expected a whole number after '~'"),
        ("a NEAR/0 b", 7, "at least 1"),
        ("a NEAR/x b", 7, "expected a distance after 'NEAR/'"),
        ("NEAR/3 b", 0, "expected a term, found 'NEAR/3'"),
        ("a NEAR/3", 8, "expected a term after 'NEAR/3'"),
        ("section:x NEAR/3 b", 0, "NEAR needs words"),
        // Operands that execution refuses are named where they stand.
        ("x (a AND b) NEAR c", 2, "Near needs positional queries"),
        ("x y (a OR section:z) NEAR/2 b", 4, "got FieldValue"),
        ("a NEAR (b -c)", 7, "got Not"),
        ("a NEAR (b OR title:c)", 7, "one field"),
        ("x title:a NEAR b", 10, "same field"),
        ("a\\", 1, "expected a character after '\\'"),
        ("NOT NOT a", 4, "expected a term after 'NOT', found 'NOT'"),
    ];
    for &(input, position, needle) in cases {
        let (at, message) = fail(input);
        assert!(
            message.contains(needle),
            "{input:?}: {message:?} lacks {needle:?}"
        );
        assert_eq!(at, position, "{input:?}: {message}");
    }
}

#[test]
fn positions_count_characters_not_bytes() {
    let (at, message) = fail("äöü ß (x");
    assert_eq!(
        (at, message.as_str()),
        (8, "expected ')' to close '(' at 6")
    );
}

#[test]
fn too_long() {
    let (at, message) = fail(&"a".repeat(12_345));
    assert_eq!(at, 10_000);
    assert_eq!(message, "query too long (12345 characters, max 10000)");
    // Characters, not bytes, are counted.
    assert_eq!(p(&"ä".repeat(10_000)), t(&"ä".repeat(10_000)));
    let (_, message) = fail(&format!("{} b", "x".repeat(1 << 20)));
    assert!(message.starts_with("query too long"));
}

#[test]
fn too_deep_never_overflows_the_stack() {
    let unlimited_length = ParseOptions {
        max_length: usize::MAX,
        ..ParseOptions::default()
    };
    let (at, message) = fail_with(&"(".repeat(100_000), &unlimited_length);
    assert_eq!(at, 64);
    assert_eq!(message, "query nested too deeply (more than 64 levels)");
    let deep = format!("{}a{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(p(&deep), t("a"));
    let deeper = format!("{}a{}", "(".repeat(65), ")".repeat(65));
    assert_eq!(fail(&deeper).0, 64);
    let chain = vec!["a"; 66].join(" NEAR/1 ");
    assert!(fail(&chain).1.contains("nested too deeply"));
    // A 1 MB query of balanced parentheses and operators, with the limits lifted.
    let big = "(a OR -b) AND ".repeat(75_000) + "c";
    let lifted = ParseOptions {
        max_clauses: usize::MAX,
        ..unlimited_length
    };
    assert!(big.len() > 1_000_000);
    assert!(matches!(parse(&big, &lifted), Ok(Query::And(qs)) if qs.len() == 75_001));
}

#[test]
fn too_many_clauses() {
    let q = vec!["a"; 1025].join(" ");
    let (at, message) = fail(&q);
    assert_eq!(at, 2048);
    assert_eq!(message, "too many clauses (more than 1024)");
}

#[test]
fn operator_names() {
    assert_eq!(Operator::from_name("or").unwrap(), Operator::Or);
    assert_eq!(Operator::from_name("AND").unwrap(), Operator::And);
    assert!(matches!(
        Operator::from_name("XOR"),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn display_examples() {
    let cases = [
        (
            r#"lawrow AND "gemeinsame sitzung" NOT nato"#,
            r#"(lawrow AND "gemeinsame sitzung") AND NOT nato"#,
        ),
        ("-nato", "NOT nato"),
        ("a b OR c", "(a AND b) OR c"),
        (
            r#"title:"a b"~2 section:Inland"#,
            r#"title:"a b"~2 AND section:Inland"#,
        ),
        ("date:[2022-01-01 TO *]", "date:[2022-01-01 TO *]"),
        (r"\AND x\*", r"\AND AND x\*"),
        ("a NEAR/3 b*", "a NEAR/3 b*"),
    ];
    for (input, shown) in cases {
        assert_eq!(p(input).to_string(), shown, "{input:?}");
    }
}

// ---------------------------------------------------------------- properties

/// Any non-empty word (every character escapable).
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zäöüßA-Z0-9]{1,8}",
        "(AND|OR|NOT|NEAR|NEAR/3|TO|title|date)",
        // German gender forms and their endings, alone and in words.
        "(B\\*innen|L:in|AB\\*INNEN|AB:IN|ab\\*r|ab:en|IN|INNEN|in|r|en|AB|ab)[*:,]?",
        "[-+!&|*:()\"\\\\~^\\[\\]{} a-zé\t]{1,6}",
        any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
    ]
}

/// A phrase word: no white space (phrases split on it).
fn phrase_word() -> impl Strategy<Value = String> {
    word().prop_filter("no white space", |w| !w.chars().any(char::is_whitespace))
}

/// A wildcard pattern as the parser reads one (a `?` at the end of a
/// word without another wildcard is a question mark; a lone trailing `*`
/// a prefix).
fn pattern() -> impl Strategy<Value = String> {
    "[a-zäöüA-Z0-9*?]{1,8}".prop_filter("a wildcard pattern", |w| {
        let as_word = Query::Wildcard {
            pattern: w.clone(),
            field: None,
        };
        parse(w, &ParseOptions::default()).is_ok_and(|q| q == as_word)
    })
}

fn title() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), Just(Some("title".to_string()))]
}

fn leaf() -> impl Strategy<Value = Query> {
    let day = 1..=date::MAX_ORDINAL;
    prop_oneof![
        (word(), title()).prop_map(|(text, field)| Query::Term { text, field }),
        (prop::collection::vec(phrase_word(), 1..4), 0..4u32, title())
            .prop_map(|(words, slop, field)| Query::Phrase { words, slop, field }),
        (word(), title()).prop_map(|(prefix, field)| Query::Prefix { prefix, field }),
        (pattern(), title()).prop_map(|(pattern, field)| Query::Wildcard { pattern, field }),
        (word(), prop_oneof![any::<String>(), word()])
            .prop_map(|(name, value)| Query::FieldValue { name, value }),
        (prop::option::of(day.clone()), prop::option::of(day)).prop_map(|(a, b)| {
            let (start, end) = match (a, b) {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                other => other,
            };
            Query::DateRange { start, end }
        }),
        Just(Query::All),
    ]
}

/// Operands NEAR can take: positional, both on one field.
fn near_operands(a: &Query, b: &Query) -> bool {
    use super::plan::near_field;
    matches!((near_field(a, 0), near_field(b, 0)), (Ok(fa), Ok(fb)) if fa == fb)
}

fn tree() -> impl Strategy<Value = Query> {
    leaf().prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Query::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Query::Or),
            (inner.clone(), inner.clone()).prop_map(|(p, n)| Query::Not {
                positive: Box::new(p),
                negative: Box::new(n)
            }),
            (inner.clone(), inner, 1..20u32)
                .prop_filter("NEAR operands have positions", |(a, b, _)| {
                    near_operands(a, b)
                })
                .prop_map(|(a, b, distance)| Query::Near {
                    a: Box::new(a),
                    b: Box::new(b),
                    distance
                }),
        ]
    })
}

/// Inputs rich in the characters the language gives a meaning.
fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+!&|*?:()\"\\\\~^\\[\\]{}/ aAäNDORTE0-9]{0,40}",
        prop::collection::vec(
            "(AND|OR|NOT|NEAR/2|NEAR|\\(|\\)|\"|title:|date:|section:|\\[|TO|\\]|\\*|-|\\+|!|&&|\\|\\||~3|2022-01-01|ab|ü| |\\\\|AB|IN|INNEN|in|r|en|:)",
            0..20
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn display_round_trips(q in tree()) {
        let shown = q.to_string();
        for operator in [Operator::And, Operator::Or] {
            let options = ParseOptions { default_operator: operator, ..ParseOptions::default() };
            let back = parse(&shown, &options);
            prop_assert_eq!(back.as_ref().ok(), Some(&q), "{} -> {:?}", shown, back);
        }
    }

    #[test]
    fn any_input_parses_or_fails_cleanly(input in query_text()) {
        let n = input.chars().count();
        for operator in [Operator::And, Operator::Or] {
            let options = ParseOptions { default_operator: operator, ..ParseOptions::default() };
            match parse(&input, &options) {
                Ok(q) => {
                    // What parses prints back to the same tree.
                    let shown = q.to_string();
                    prop_assert_eq!(parse(&shown, &options).ok(), Some(q), "{}", shown);
                }
                Err(Error::Query { position, .. }) => prop_assert!(position <= n),
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }
    }
}
