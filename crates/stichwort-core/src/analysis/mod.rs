//! PLACEHOLDER for the index branch: the real analyzer comes from the
//! `analysis` branch with this same interface; the merge takes that one.

use std::sync::Arc;

use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Simple,
    German,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzerConfig {
    pub preset: Preset,
    pub stem: bool,
    pub stopwords: bool,
    pub fold_umlauts: bool,
    pub decompound: bool,
}

impl AnalyzerConfig {
    pub fn simple() -> Self {
        AnalyzerConfig { preset: Preset::Simple, stem: false, stopwords: false, fold_umlauts: false, decompound: false }
    }
    pub fn german() -> Self {
        AnalyzerConfig { preset: Preset::German, stem: true, ..Self::simple() }
    }
    pub fn to_spec(&self) -> String {
        let name = match self.preset {
            Preset::Simple => "simple",
            Preset::German => "german",
        };
        format!(
            "{name} stem={} stopwords={} fold_umlauts={} decompound={}",
            self.stem as u8, self.stopwords as u8, self.fold_umlauts as u8, self.decompound as u8
        )
    }
    pub fn from_spec(spec: &str) -> Result<Self> {
        let mut it = spec.split_whitespace();
        let mut c = match it.next() {
            Some("simple") => Self::simple(),
            Some("german") => Self::german(),
            _ => return Err(Error::InvalidArgument(format!("bad analyzer spec {spec:?}"))),
        };
        for kv in it {
            let (k, v) = kv.split_once('=').ok_or_else(|| Error::InvalidArgument(format!("bad analyzer spec {spec:?}")))?;
            let v = v == "1";
            match k {
                "stem" => c.stem = v,
                "stopwords" => c.stopwords = v,
                "fold_umlauts" => c.fold_umlauts = v,
                "decompound" => c.decompound = v,
                _ => return Err(Error::InvalidArgument(format!("bad analyzer spec {spec:?}"))),
            }
        }
        Ok(c)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
    pub position: u32,
    pub is_part: bool,
}

pub struct TokenRef<'a> {
    pub term: &'a str,
    pub start: usize,
    pub end: usize,
    pub position: u32,
    pub is_part: bool,
}

#[derive(Clone)]
pub struct Analyzer {
    config: Arc<AnalyzerConfig>,
}

impl Analyzer {
    pub fn new(config: AnalyzerConfig) -> Result<Self> {
        Ok(Analyzer { config: Arc::new(config) })
    }
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }
    pub fn analyze(&self, text: &str, sink: &mut dyn FnMut(TokenRef<'_>)) {
        self.analyze_from(text, 0, sink);
    }
    pub fn analyze_from(&self, text: &str, first_position: u32, sink: &mut dyn FnMut(TokenRef<'_>)) -> u32 {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::German);
        let mut pos = first_position;
        let mut cur = String::new();
        let mut start = 0;
        let chars: Vec<char> = text.chars().chain(std::iter::once(' ')).collect();
        for (i, c) in chars.iter().enumerate() {
            if c.is_alphanumeric() {
                if cur.is_empty() {
                    start = i;
                }
                cur.extend(c.to_lowercase());
            } else if !cur.is_empty() {
                let term = if self.config.stem { stemmer.stem(&cur).into_owned() } else { cur.clone() };
                sink(TokenRef { term: &term, start, end: i, position: pos, is_part: false });
                pos += 1;
                cur.clear();
            }
        }
        pos
    }
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.analyze(text, &mut |t| {
            out.push(Token { term: t.term.to_string(), start: t.start, end: t.end, position: t.position, is_part: t.is_part })
        });
        out
    }
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.tokenize(text).into_iter().map(|t| t.term).collect()
    }
    pub fn terms_batch(&self, texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|t| self.terms(t)).collect()
    }
    pub fn analyze_query_word(&self, word: &str) -> Vec<String> {
        self.terms(word)
    }
}
