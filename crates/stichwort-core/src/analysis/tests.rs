use proptest::prelude::*;

use super::*;

fn german(stem: bool, stopwords: bool, fold: bool) -> Analyzer {
    let config = AnalyzerConfig {
        stem,
        stopwords,
        fold_umlauts: fold,
        ..AnalyzerConfig::german()
    };
    Analyzer::new(config).unwrap()
}

fn simple() -> Analyzer {
    Analyzer::new(AnalyzerConfig::simple()).unwrap()
}

/// (term, start, end, position) of every token.
fn toks(a: &Analyzer, text: &str) -> Vec<(String, usize, usize, u32)> {
    a.tokenize(text)
        .into_iter()
        .map(|t| (t.term, t.start, t.end, t.position))
        .collect()
}

fn surface(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn readme_examples_simple() {
    let a = simple();
    assert_eq!(
        a.terms("des Außenministeriums"),
        ["des", "außenministeriums"]
    );
    assert_eq!(a.terms("STRAẞE"), ["straße"]);
    assert_eq!(a.terms("Nord-Süd-Gefälle"), ["nord", "süd", "gefälle"]);
    assert_eq!(a.terms("GPA-djp"), ["gpa", "djp"]);
    assert_eq!(a.terms("3,5 Prozent"), ["3", "5", "prozent"]);
    assert_eq!(a.terms("18. Januar"), ["18", "januar"]);
    assert_eq!(
        a.terms("İstanbul ΟΔΟΣ"),
        ["i\u{307}stanbul", "\u{3bf}\u{3b4}\u{3bf}\u{3c2}"]
    );
}

#[test]
fn readme_examples_german() {
    let a = german(true, false, false);
    assert_eq!(
        a.terms("des Außenministeriums"),
        ["des", "aussenministerium"]
    );
    assert_eq!(a.terms("STRAẞE"), ["strass"]);
    // The closed form follows the first part, at its position.
    assert_eq!(
        a.terms("Nord-Süd-Gefälle"),
        ["nord", "nordsudgefall", "sud", "gefall"]
    );
    assert_eq!(a.terms("3,5 Prozent"), ["3", "5", "prozent"]);
    // Folding makes the Swiss/ASCII spelling meet the German one.
    let f = german(false, false, true);
    assert_eq!(
        f.terms("Außenminister Aussenminister"),
        ["aussenminister", "aussenminister"]
    );
    let fs = german(true, false, true);
    assert_eq!(fs.terms("Außenminister"), fs.terms("Aussenminister"));
}

#[test]
fn german_without_rules_is_simple() {
    let text = "Die Wiener Polizei hat am 18. Januar 3,5 Prozent ΣΑΣ İz Mu\u{308}nchen.";
    assert_eq!(
        toks(&german(false, false, false), text),
        toks(&simple(), text)
    );
}

#[test]
fn stop_words_are_dropped_but_keep_their_positions() {
    let a = german(false, true, false);
    let t = a.tokenize("Die Regierung und der Kanzler");
    let got: Vec<_> = t.iter().map(|t| (t.term.as_str(), t.position)).collect();
    assert_eq!(got, [("regierung", 1), ("kanzler", 4)]);
    assert_eq!(
        a.analyze_from("und", 7, &mut |_| panic!("a stop word came through")),
        8
    );
    assert!(a.analyze_query_word("Die").is_empty());
    assert_eq!(a.analyze_query_word("Nord-Süd"), ["nord", "süd"]);
}

#[test]
fn offsets_survive_nfc_and_folding() {
    let text = "in Mu\u{308}nchen und Straße";
    let a = german(false, false, true);
    let t = toks(&a, text);
    assert_eq!(
        t,
        [
            ("in".to_string(), 0, 2, 0),
            ("munchen".to_string(), 3, 11, 1),
            ("und".to_string(), 12, 15, 2),
            ("strasse".to_string(), 16, 22, 3)
        ]
    );
    assert_eq!(surface(text, 3, 11), "Mu\u{308}nchen");
    assert_eq!(surface(text, 16, 22), "Straße");
}

#[test]
fn analyze_from_continues_positions() {
    let a = simple();
    let mut seen = Vec::new();
    let next = a.analyze_from("Titel hier", 0, &mut |t| seen.push(t.position));
    let next = a.analyze_from("und der Text", next, &mut |t| seen.push(t.position));
    assert_eq!((seen, next), (vec![0, 1, 2, 3, 4], 5));
}

#[test]
fn spec_round_trip_and_errors() {
    for c in [
        AnalyzerConfig::simple(),
        AnalyzerConfig::german(),
        AnalyzerConfig {
            stopwords: true,
            fold_umlauts: true,
            decompound: true,
            ..AnalyzerConfig::german()
        },
    ] {
        assert_eq!(AnalyzerConfig::from_spec(&c.to_spec()).unwrap(), c);
    }
    assert_eq!(
        AnalyzerConfig::german().to_spec(),
        "german stem=1 stopwords=0 fold_umlauts=0 decompound=0 gender_forms=1 umlaut_digraphs=1 \
         catenate_compounds=1 gender_endings=1"
    );
    assert_eq!(
        AnalyzerConfig::from_spec("german").unwrap(),
        AnalyzerConfig::german()
    );
    // A manifest of an older build has no key for the options added since:
    // they were off then. A user's spec leaves them at the preset's default.
    let old = "german stem=1 stopwords=0 fold_umlauts=0 decompound=0";
    assert_eq!(
        AnalyzerConfig::from_stored_spec(old).unwrap(),
        AnalyzerConfig {
            gender_forms: false,
            umlaut_digraphs: false,
            catenate_compounds: false,
            gender_endings: false,
            ..AnalyzerConfig::german()
        }
    );
    // One written after gender_forms, before umlaut_digraphs.
    let gender_era = "german stem=1 stopwords=0 fold_umlauts=0 decompound=0 gender_forms=1";
    assert_eq!(
        AnalyzerConfig::from_stored_spec(gender_era).unwrap(),
        AnalyzerConfig {
            umlaut_digraphs: false,
            catenate_compounds: false,
            gender_endings: false,
            ..AnalyzerConfig::german()
        }
    );
    // One written after umlaut_digraphs, before catenate_compounds.
    let digraph_era = format!("{gender_era} umlaut_digraphs=1");
    assert_eq!(
        AnalyzerConfig::from_stored_spec(&digraph_era).unwrap(),
        AnalyzerConfig {
            catenate_compounds: false,
            gender_endings: false,
            ..AnalyzerConfig::german()
        }
    );
    // One written after catenate_compounds, before gender_endings: its
    // gender forms are read by the first rule ("BÜRGER*INNEN" two words).
    let catenate_era = format!("{digraph_era} catenate_compounds=1");
    assert_eq!(
        AnalyzerConfig::from_stored_spec(&catenate_era).unwrap(),
        AnalyzerConfig {
            gender_endings: false,
            ..AnalyzerConfig::german()
        }
    );
    assert_eq!(
        AnalyzerConfig::from_spec(old).unwrap(),
        AnalyzerConfig::german()
    );
    for c in [AnalyzerConfig::simple(), AnalyzerConfig::german()] {
        assert_eq!(AnalyzerConfig::from_stored_spec(&c.to_spec()).unwrap(), c);
    }
    for bad in [
        "",
        "english",
        "german stem=2",
        "german stem",
        "german color=1",
    ] {
        assert!(
            matches!(
                AnalyzerConfig::from_spec(bad),
                Err(Error::InvalidArgument(_))
            ),
            "{bad}"
        );
    }
    let err = "klingon".parse::<Preset>().unwrap_err().to_string();
    assert!(err.contains("\"simple\", \"german\""), "{err}");
    assert!(
        Analyzer::new(AnalyzerConfig {
            decompound: true,
            ..AnalyzerConfig::german()
        })
        .is_ok()
    );
    assert!(
        Analyzer::new(AnalyzerConfig {
            stem: true,
            ..AnalyzerConfig::simple()
        })
        .is_err()
    );
}

#[test]
fn odd_characters_never_panic() {
    let a = german(true, true, true);
    let text = "\0\u{1}\u{200B}\u{200D}\u{202E}\u{FEFF}שלום\u{200F}عربي\u{10FFFF}\u{301}x\u{301}";
    let terms = a.terms(text);
    assert_eq!(terms, ["שלום", "عربي", "x"]);
    assert!(a.terms("").is_empty() && a.terms(" \t\n\r\u{3000}").is_empty());
}

#[test]
fn compound_lemmas_of_decomposed_umlauts() {
    // NFC first, as tokenize does: "Bu\u{308}rgermeister" is Bürgermeister.
    assert_eq!(
        compound_lemmas("Bu\u{308}rgermeister"),
        ["bürger", "meister"]
    );
    assert_eq!(compound_lemmas("Bürgermeister"), ["bürger", "meister"]);
    assert!(compound_lemmas("bürgermeister").is_empty());
}

#[test]
fn batch_equals_one_by_one() {
    let texts = [
        "Die Wiener",
        "",
        "Mu\u{308}nchen",
        "ΣΑΣ und ΟΔΟΣ",
        "18. Januar",
    ];
    let a = german(true, true, true);
    let one: Vec<_> = texts.iter().map(|t| a.terms(t)).collect();
    assert_eq!(a.terms_batch(&texts), one);
}

proptest! {
    #[test]
    fn offsets_cover_the_surface(text in "\\PC{0,40}|[a-zäöüßA-ZÄÖÜẞ \\u{300}-\\u{30F}.,-]{0,40}") {
        let n = text.chars().count();
        // Tokens from one piece that NFC rewrote share its range, so they
        // may overlap; otherwise offsets only grow.
        let (mut last_start, mut last_end) = (0, 0);
        for (i, t) in simple().tokenize(&text).into_iter().enumerate() {
            prop_assert!(t.start < t.end && t.end <= n);
            prop_assert!(t.start >= last_start && t.end >= last_end);
            last_start = t.start;
            prop_assert_eq!(t.position as usize, i);
            prop_assert!(!t.term.is_empty());
            last_end = t.end;
        }
    }

    #[test]
    fn batch_is_deterministic(texts in prop::collection::vec("\\PC{0,30}", 0..8)) {
        let a = german(true, false, true);
        let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
        let one: Vec<_> = refs.iter().map(|t| a.terms(t)).collect();
        prop_assert_eq!(a.terms_batch(&refs), one);
    }
}

#[test]
fn german_reads_a_word_with_soft_hyphens_as_one() {
    // As web pages hyphenate: "Zu­sam­men­ar­beit" with U+00AD between
    // syllables; "simple" (Python's definition) splits there.
    let text = "Die Zu\u{ad}sam\u{ad}men\u{ad}arbeit, \u{ad}Ma\u{308}\u{ad}rz";
    let g = german(false, false, false);
    assert_eq!(
        toks(&g, text),
        [
            ("die".into(), 0, 3, 0),
            ("zusammenarbeit".into(), 4, 21, 1),
            ("märz".into(), 24, 30, 2),
        ]
    );
    assert_eq!(surface(text, 4, 21), "Zu\u{ad}sam\u{ad}men\u{ad}arbeit");
    assert_eq!(german(true, false, false).terms(text)[1], "zusammenarbeit");
    assert_eq!(simple().terms(text).len(), 7);
    // Sentence starts count the same tokens.
    let two = "Zu\u{ad}sam\u{ad}men\u{ad}arbeit endet. Neu";
    assert_eq!(g.sentence_starts(two), [2]);
    assert_eq!(simple().sentence_starts(two), [5]);
    assert_eq!(
        compound_lemmas("Außen\u{ad}minister"),
        ["außen", "minister"]
    );
}

#[test]
fn german_reads_a_gender_form_as_its_base_word() {
    let text = "Die Bürger*innen, Lehrer:in und BürgerInnen. Neu";
    let g = german(true, false, false);
    assert_eq!(
        toks(&g, text),
        [
            ("die".into(), 0, 3, 0),
            ("burg".into(), 4, 16, 1),
            ("lehr".into(), 18, 27, 2),
            ("und".into(), 28, 31, 3),
            ("burg".into(), 32, 43, 4),
            ("neu".into(), 45, 48, 5),
        ]
    );
    assert_eq!(surface(text, 4, 16), "Bürger*innen");
    assert_eq!(g.terms("Bürger"), ["burg"]);
    assert_eq!(g.sentence_starts(text), [5]);
    // Without the option (and in an index built before it): two tokens.
    let before = Analyzer::new(AnalyzerConfig {
        gender_forms: false,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(before.terms("Bürger*innen"), ["burg", "inn"]);
    assert_eq!(before.sentence_starts(text), [7]);
    assert_eq!(simple().terms("Bürger*innen"), ["bürger", "innen"]);
}

#[test]
fn german_reads_all_caps_forms_and_short_endings_with_gender_endings() {
    let text = "BÜRGER*INNEN fragen: Wer ist jede*r? LEHRER:IN ein·e Neue*r";
    let g = german(true, false, false);
    assert_eq!(
        toks(&g, text),
        [
            ("burg".into(), 0, 12, 0),
            ("frag".into(), 13, 19, 1),
            ("wer".into(), 21, 24, 2),
            ("ist".into(), 25, 28, 3),
            ("jed".into(), 29, 35, 4),
            ("lehr".into(), 37, 46, 5),
            ("ein".into(), 47, 52, 6),
            ("neu".into(), 53, 59, 7),
        ]
    );
    assert_eq!(surface(text, 29, 35), "jede*r");
    assert_eq!(surface(text, 37, 46), "LEHRER:IN");
    assert_eq!(g.terms("BÜRGER"), ["burg"]);
    assert_eq!(g.terms("jeder"), ["jed"]);
    assert_eq!(g.sentence_starts(text), [5]);
    // With stop words, "jede*r" and "ein·e" are dropped whole: no stray "r", "e".
    let stop = german(true, true, false);
    assert_eq!(stop.terms(text), ["burg", "frag", "wer", "lehr", "neu"]);
    // The first rule alone (an index built before gender_endings): two words.
    let before = Analyzer::new(AnalyzerConfig {
        gender_endings: false,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(
        before.terms(text),
        [
            "burg", "inn", "frag", "wer", "ist", "jed", "r", "lehr", "in", "ein", "e", "neu", "r"
        ]
    );
    assert_eq!(before.sentence_starts(text), [7]);
    // gender_endings acts only with gender_forms.
    let off = Analyzer::new(AnalyzerConfig {
        gender_forms: false,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(off.terms(text), before.terms(text));
    // Look-alikes stay as they were: no marker, a colon or underscore
    // before a short ending, a one-letter word, a mixed-case word.
    for (text, terms) in [
        ("LINKEDIN", &["linkedin"][..]),
        ("sagte:er", &["sagt", "er"]),
        ("title_en", &["titl", "en"]),
        ("x*n", &["x", "n"]),
        ("Berlin:IN", &["berlin", "in"]),
        ("CDU:in", &["cdu", "in"]),
    ] {
        assert_eq!(g.terms(text), terms, "{text:?}");
    }
}

fn without_digraphs(config: AnalyzerConfig) -> Analyzer {
    Analyzer::new(AnalyzerConfig {
        umlaut_digraphs: false,
        ..config
    })
    .unwrap()
}

#[test]
fn german_reads_umlaut_digraphs_as_umlauts() {
    let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
    for (digraphs, umlauts, term) in [
        ("Muenchen", "München", "munch"),
        ("Oelpreis", "Ölpreis", "olpreis"),
        ("Haeuser", "Häuser", "haus"),
        ("Aerztin", "Ärztin", "arztin"),
        ("Buerger", "Bürger", "burg"),
        ("Koeln", "Köln", "koln"),
        ("OESTERREICH", "Österreich", "osterreich"),
    ] {
        assert_eq!(g.terms(digraphs), [term], "{digraphs}");
        assert_eq!(g.terms(umlauts), [term], "{umlauts}");
    }
    // The lexicon step sees the umlaut spelling too (Ärztinnen → Ärztin).
    assert_eq!(g.terms("Aerztinnen"), g.terms("Ärztinnen"));
    // Vowel pairs that are no transliteration keep their analysis.
    let before = without_digraphs(AnalyzerConfig::german());
    for word in [
        "Mauer",
        "Steuer",
        "neue",
        "Quelle",
        "Feuer",
        "Bauer",
        "Konsequenz",
        "Joe",
        "Klimaerwärmung",
    ] {
        assert_eq!(g.terms(word), before.terms(word), "{word}");
    }
    assert_eq!(before.terms("Muenchen München"), ["muench", "munch"]);
}

#[test]
fn umlaut_digraphs_apply_only_where_umlauts_are_folded() {
    let fold_only = Analyzer::new(AnalyzerConfig {
        stem: false,
        fold_umlauts: true,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(fold_only.terms("Muenchen München"), ["munchen", "munchen"]);
    let as_written = Analyzer::new(AnalyzerConfig {
        stem: false,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(
        as_written.terms("Muenchen München"),
        ["muenchen", "münchen"]
    );
    assert_eq!(as_written.normalise_prefix("Muench"), "muench");
    assert!(matches!(
        Analyzer::new(AnalyzerConfig {
            umlaut_digraphs: true,
            ..AnalyzerConfig::simple()
        }),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn stop_words_and_parts_see_the_umlaut_spelling() {
    let stop = Analyzer::new(AnalyzerConfig {
        stopwords: true,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(stop.terms("fuer ueber Buerger"), ["burg"]);
    let parts = |a: &Analyzer, text: &str| -> Vec<String> {
        a.tokenize(text).into_iter().map(|t| t.term).collect()
    };
    let dc = Analyzer::new(AnalyzerConfig {
        decompound: true,
        ..AnalyzerConfig::german()
    })
    .unwrap();
    assert_eq!(parts(&dc, "Buergermeister"), parts(&dc, "Bürgermeister"));
    assert_eq!(parts(&dc, "Buergermeister").len(), 3);
    // A compound seam is no digraph: the parts stay findable.
    assert_eq!(
        parts(&dc, "Klimaerwärmung"),
        parts(&without_digraphs(dc.config().clone()), "Klimaerwärmung")
    );
    assert_eq!(parts(&dc, "Klimaerwärmung").len(), 3);
    assert_eq!(compound_lemmas("Buergermeister"), ["bürger", "meister"]);
    assert_eq!(compound_lemmas("Klimaerwärmung"), ["klima", "erwärmung"]);
}

#[test]
fn a_prefix_reads_digraphs_as_words_do() {
    let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
    assert_eq!(g.normalise_prefix("Muench"), "munch");
    assert_eq!(g.normalise_prefix("Münch"), "munch");
    // The e after a prefix's last a/o/u may be typed or not: both find München.
    assert_eq!(g.normalise_prefix("Mue"), "mu");
    assert_eq!(g.normalise_prefix("Mu"), "mu");
    assert_eq!(g.normalise_prefix("Steue"), "steue");
    let before = without_digraphs(AnalyzerConfig::german());
    assert_eq!(before.normalise_prefix("Muench"), "muench");
    assert_eq!(before.normalise_prefix("STRAẞ"), "strass");
}

/// (term, start, end, position, is_part) of every token.
fn parts(a: &Analyzer, text: &str) -> Vec<(String, usize, usize, u32, bool)> {
    a.tokenize(text)
        .into_iter()
        .map(|t| (t.term, t.start, t.end, t.position, t.is_part))
        .collect()
}

fn german_with(config: AnalyzerConfig) -> Analyzer {
    Analyzer::new(config).unwrap()
}

#[test]
fn a_hyphenated_run_also_gets_its_closed_term() {
    let g = german_with(AnalyzerConfig::german());
    let text = "Die Corona-Pandemie und die Coronapandemie";
    assert_eq!(
        parts(&g, text),
        [
            ("die".into(), 0, 3, 0, false),
            ("corona".into(), 4, 10, 1, false),
            ("coronapandemi".into(), 4, 19, 1, true),
            ("pandemi".into(), 11, 19, 2, false),
            ("und".into(), 20, 23, 3, false),
            ("die".into(), 24, 27, 4, false),
            ("coronapandemi".into(), 28, 42, 5, false),
        ]
    );
    assert_eq!(surface(text, 4, 19), "Corona-Pandemie");
    // The whole words, their positions and the next free position are
    // those without the option.
    let off = german_with(AnalyzerConfig {
        catenate_compounds: false,
        ..AnalyzerConfig::german()
    });
    let whole = |a: &Analyzer, text: &str| -> Vec<_> {
        parts(a, text).into_iter().filter(|t| !t.4).collect()
    };
    for text in [text, "Nord-Süd-Gefälle, E-Mail; Ukraine-Krieg."] {
        assert_eq!(whole(&g, text), parts(&off, text), "{text:?}");
        assert_eq!(
            g.analyze_from(text, 3, &mut |_| {}),
            off.analyze_from(text, 3, &mut |_| {})
        );
    }
    // Each spelling's closed term is the closed word's term.
    for (hyphenated, closed) in [
        ("Ukraine-Krieg", "Ukrainekrieg"),
        ("Klima-Krise", "Klimakrise"),
        ("E-Mail", "Email"),
        ("CDU-Chef", "CDU-chef"),
        ("Bürger-Meister", "Bürgermeister"),
        ("Muenchen-Reise", "Münchenreise"),
    ] {
        let closed_terms = g.terms(&closed.replace('-', ""));
        let got: Vec<_> = parts(&g, hyphenated).into_iter().filter(|t| t.4).collect();
        assert_eq!(got.len(), 1, "{hyphenated:?}");
        assert_eq!(
            [got[0].0.clone()],
            closed_terms.as_slice(),
            "{hyphenated:?}"
        );
    }
}

#[test]
fn closed_terms_of_runs_of_three_dashes_and_digits() {
    let g = german_with(AnalyzerConfig::german());
    let closed = |text: &str| -> Vec<_> {
        parts(&g, text)
            .into_iter()
            .filter(|t| t.4)
            .map(|t| (t.0, t.1, t.2, t.3))
            .collect()
    };
    assert_eq!(
        closed("Das Nord-Süd-Gefälle"),
        [("nordsudgefall".to_string(), 4, 20, 1)]
    );
    // Other hyphens of Unicode; dashes, spaces and numbers are no join.
    assert_eq!(closed("E\u{2010}Mail")[0].0, "email");
    assert_eq!(closed("E\u{2011}Mail")[0].0, "email");
    for text in [
        "Berlin–Hamburg",
        "Krieg—Frieden",
        "Corona- und Klimakrise",
        "Corona -Pandemie",
        "Corona--Pandemie",
        "Covid-19",
        "G7-Gipfel",
        "2015-2016",
        "Covid-19-Pandemie",
    ] {
        assert_eq!(closed(text), [], "{text:?}");
    }
    // Two runs in one text; a closed term equal to a part's is left out.
    assert_eq!(closed("Ost-West und Hin-Her").len(), 2);
    assert_eq!(closed("Haus-e"), []);
}

#[test]
fn closed_terms_with_stop_words_decompounding_and_gender_forms() {
    let stop = german_with(AnalyzerConfig {
        stopwords: true,
        ..AnalyzerConfig::german()
    });
    // A run starting with a stop word: the closed form is still at its position.
    assert_eq!(
        parts(&stop, "Hin-und-Her"),
        [
            ("hinundh".into(), 0, 11, 0, true),
            ("her".into(), 8, 11, 2, false)
        ]
    );
    // A closed form that is a stop word is dropped as one.
    assert_eq!(parts(&stop, "da-mit"), []);
    let dc = german_with(AnalyzerConfig {
        decompound: true,
        ..AnalyzerConfig::german()
    });
    assert_eq!(
        parts(&dc, "Corona-Bürgermeister"),
        [
            ("corona".into(), 0, 6, 0, false),
            ("coronaburgermeist".into(), 0, 20, 0, true),
            ("burgermeist".into(), 7, 20, 1, false),
            ("burg".into(), 7, 20, 1, true),
            ("meist".into(), 7, 20, 1, true),
        ]
    );
    // The closed form of a closed word is that word: no extra token.
    assert!(
        parts(&dc, "Coronapandemie")
            .iter()
            .all(|t| t.0 != "coronapandemi" || !t.4)
    );
    let g = german_with(AnalyzerConfig::german());
    let text = "Bürger*innen-Rat";
    assert_eq!(
        parts(&g, text),
        [
            ("burg".into(), 0, 12, 0, false),
            ("burgerrat".into(), 0, 16, 0, true),
            ("rat".into(), 13, 16, 1, false)
        ]
    );
    assert_eq!(g.terms("Bürgerrat"), ["burgerrat"]);
}

#[test]
fn a_query_word_knows_its_closed_form() {
    let g = german_with(AnalyzerConfig::german());
    assert_eq!(
        g.closed_form("Corona-Pandemie").as_deref(),
        Some("coronapandemi")
    );
    assert_eq!(
        g.closed_form("Nord-Süd-Gefälle").as_deref(),
        Some("nordsudgefall")
    );
    for word in [
        "Coronapandemie",
        "Corona Pandemie",
        "Nord Süd-Ost",
        "Covid-19",
        "",
    ] {
        assert_eq!(g.closed_form(word), None, "{word:?}");
    }
    let dc = german_with(AnalyzerConfig {
        decompound: true,
        ..AnalyzerConfig::german()
    });
    // A compound's parts span one word only.
    assert_eq!(dc.closed_form("Bürgermeister"), None);
    assert_eq!(
        dc.closed_form("Corona-Bürgermeister").as_deref(),
        Some("coronaburgermeist")
    );
    let off = german_with(AnalyzerConfig {
        catenate_compounds: false,
        ..AnalyzerConfig::german()
    });
    assert_eq!(off.closed_form("Corona-Pandemie"), None);
    assert!(matches!(
        Analyzer::new(AnalyzerConfig {
            catenate_compounds: true,
            ..AnalyzerConfig::simple()
        }),
        Err(Error::InvalidArgument(_))
    ));
}
