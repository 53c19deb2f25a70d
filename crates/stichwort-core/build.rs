//! Compiles the German word data in `data/` into FSTs in `OUT_DIR`, which
//! `analysis::lexicon` maps with `include_bytes!` (no parsing at run time).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Value bit: the key is a noun lemma (Wikidata Lexemes).
const NOUN: u64 = 8;
/// Frequency band of a key absent from the frequency list (rarer than band 6).
const UNSEEN: u64 = 7;
/// Singular endings the plural table may restore; the index is the FST value.
const ENDINGS: [&str; 5] = ["um", "us", "os", "a", "o"];

fn read(path: &Path) -> String {
    println!("cargo::rerun-if-changed={}", path.display());
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Lines that are neither empty nor `#` comments.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn write_fst(out: &Path, name: &str, map: BTreeMap<String, u64>) {
    let mut builder = fst::MapBuilder::memory();
    for (k, v) in map {
        builder.insert(k, v).expect("sorted keys");
    }
    std::fs::write(out.join(name), builder.into_inner().expect("fst")).expect("write fst");
}

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));

    // Words: value = frequency band (1 most frequent .. 6, UNSEEN) | NOUN.
    let mut band: BTreeMap<String, u64> = BTreeMap::new();
    for line in lines(&read(&data.join("de-frequency.tsv.gz"))) {
        let (word, b) = line.split_once('\t').expect("word<TAB>band");
        band.insert(word.to_string(), b.parse().expect("band"));
    }
    let mut words = band.clone();
    for noun in lines(&read(&data.join("de-nouns.txt.gz"))) {
        // The frequency list folds ß to ss; nouns keep their spelling.
        let b = band
            .get(&noun.replace('ß', "ss"))
            .copied()
            .unwrap_or(UNSEEN);
        *words.entry(noun.to_string()).or_insert(b) |= NOUN;
    }
    write_fst(&out, "de-words.fst", words);

    // Plurals, reversed so that a walk from a word's end finds its suffixes.
    let mut plurals = BTreeMap::new();
    for name in ["de-plurals.tsv", "de-plurals-extra.tsv"] {
        for line in lines(&read(&data.join(name))) {
            let (plural, singular) = line.split_once('\t').expect("plural<TAB>singular");
            let stem = plural.strip_suffix("en").expect("plural in -en");
            let end = singular
                .strip_prefix(stem)
                .expect("singular shares the plural's stem");
            let i = ENDINGS
                .iter()
                .position(|e| *e == end)
                .expect("known ending");
            plurals.insert(plural.chars().rev().collect::<String>(), i as u64);
        }
    }
    write_fst(&out, "de-plurals.fst", plurals);
}
