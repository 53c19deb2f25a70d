//! KWIC lines and snippets. The stored text of a hit is analysed again to
//! find the character offsets (into the original text, so umlauts, ß and
//! decomposed characters land right) of the matched positions: of their
//! whole words, and of the compound parts a one-term clause matched (so a
//! hyphenated run that "Klimaerwärmung" found shows whole, see
//! [`DocMatch`]). Where a
//! context or window is cut to its width, the cut falls on an extended
//! grapheme cluster boundary (UAX #29), and a cluster the width would cut
//! through is left out whole: a cut inside a flag showed another flag, one
//! inside a ZWJ family another person, one after the "o" of a decomposed
//! "Ko\u{308}ln" showed "Ko". See [`Located::cut_start`] and
//! [`Located::cut_end`].

use unicode_segmentation::GraphemeCursor;

use super::ast::Query;
use super::iter::{BoxIter, PartMatch, Span, TERMINATED};
use super::search::{Concordance, Engine, Prepared, body_spans, sized_stack};
use crate::index::{Searcher, SegmentReader};
use crate::{Error, Result};

/// A [`GraphemeCursor`] given the whole text as its one chunk asks for no
/// other chunk or context.
const WHOLE_TEXT: &str = "a grapheme cursor over the whole text needs no more context";

/// The match of one document: its body spans, and the terms of its part
/// matches ([`PartMatch`]) by position.
#[derive(Default)]
struct DocMatch {
    spans: Vec<Span>,
    parts: Vec<(u32, String)>,
}

impl DocMatch {
    /// The match of the document `it` stands on in `seg`.
    fn of(seg: &SegmentReader, it: &mut BoxIter<'_>) -> DocMatch {
        let spans = body_spans(it);
        let mut found: Vec<PartMatch> = Vec::new();
        it.part_matches(&mut found);
        let mut parts: Vec<(u32, String)> = (found.iter())
            .map(|m| (m.position, seg.term(m.ord)))
            .collect();
        parts.sort_unstable();
        parts.dedup();
        DocMatch { spans, parts }
    }
}

/// Characters between two byte offsets kept by [`Located`]: an offset per
/// character took 8 bytes a character (320 MB for a 40 MB text).
const CHARS_PER_MARK: usize = 64;

/// A stored text with its characters' byte offsets and its tokens' character
/// offsets by position.
struct Located {
    text: String,
    /// Characters in `text`.
    chars: usize,
    /// Byte offset of every [`CHARS_PER_MARK`]-th character (0, 64, ...),
    /// up to one at or past the text's end.
    marks: Vec<usize>,
    /// Per position up to the last one a span names: (start, end) in
    /// characters of its whole word, or None for an empty position.
    tokens: Vec<Option<(usize, usize)>>,
    /// (position, start, end) of the compound parts the match names.
    parts: Vec<(u32, usize, usize)>,
}

impl Located {
    /// Document `global` with the extents of the parts `matched` names.
    fn new(searcher: &Searcher, global: u32, matched: &DocMatch) -> Result<Located> {
        let text = searcher.document(global)?.text.ok_or_else(|| {
            Error::InvalidArgument(
                "the index does not store documents, so it has no text to show".into(),
            )
        })?;
        let (mut chars, mut marks) = (0, Vec::new());
        for (b, _) in text.char_indices() {
            if chars % CHARS_PER_MARK == 0 {
                marks.push(b);
            }
            chars += 1;
        }
        if chars % CHARS_PER_MARK == 0 {
            marks.push(text.len());
        }
        // Positions past the last one named are never looked up.
        let last = (matched.spans.iter())
            .filter_map(|s| s.positions.last())
            .max()
            .map_or(0, |&p| p as usize);
        let mut tokens: Vec<Option<(usize, usize)>> = Vec::new();
        let mut parts = Vec::new();
        searcher.analyzer().analyze(&text, &mut |t| {
            if t.is_part {
                let named = (matched.parts)
                    .binary_search_by(|(p, term)| (*p, term.as_str()).cmp(&(t.position, t.term)));
                if named.is_ok() {
                    parts.push((t.position, t.start, t.end));
                }
                return;
            }
            let p = t.position as usize;
            if p > last {
                return;
            }
            if tokens.len() <= p {
                tokens.resize(p + 1, None);
            }
            tokens[p] = Some((t.start, t.end));
        });
        Ok(Located {
            text,
            chars,
            marks,
            tokens,
            parts,
        })
    }

    fn chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of character `i` (`i <= chars()`).
    fn byte_of(&self, i: usize) -> usize {
        let from = self.marks[i / CHARS_PER_MARK];
        (self.text[from..].char_indices())
            .nth(i % CHARS_PER_MARK)
            .map_or(self.text.len(), |(b, _)| from + b)
    }

    /// Character index of byte offset `byte`, which starts a character.
    fn char_at(&self, byte: usize) -> usize {
        let k = self.marks.partition_point(|&b| b <= byte) - 1;
        k * CHARS_PER_MARK + self.text[self.marks[k]..byte].chars().count()
    }

    /// A cursor at character `i` over the whole text, which it then never
    /// asks more context of (so its methods cannot fail).
    fn cursor(&self, i: usize) -> GraphemeCursor {
        GraphemeCursor::new(self.byte_of(i), self.text.len(), true)
    }

    /// A piece of text starting at `i`, at most up to `limit`: at the first
    /// grapheme cluster boundary from `i` on, so it does not begin inside
    /// a cluster whose start lies before the piece.
    fn cut_start(&self, i: usize, limit: usize) -> usize {
        if i >= limit {
            return i;
        }
        let mut cursor = self.cursor(i);
        if cursor.is_boundary(&self.text, 0).expect(WHOLE_TEXT) {
            return i;
        }
        let next = cursor.next_boundary(&self.text, 0).expect(WHOLE_TEXT);
        limit.min(next.map_or(self.chars(), |b| self.char_at(b)))
    }

    /// A piece of text ending before `i`, at least at `limit`: at the last
    /// grapheme cluster boundary up to `i`, so it does not end inside a
    /// cluster whose end lies after the piece.
    fn cut_end(&self, i: usize, limit: usize) -> usize {
        let i = i.min(self.chars());
        if i <= limit {
            return i;
        }
        let mut cursor = self.cursor(i);
        if cursor.is_boundary(&self.text, 0).expect(WHOLE_TEXT) {
            return i;
        }
        let prev = cursor.prev_boundary(&self.text, 0).expect(WHOLE_TEXT);
        limit.max(prev.map_or(0, |b| self.char_at(b)))
    }

    /// `text[a:b]` in characters (clamped).
    fn slice(&self, a: usize, b: usize) -> &str {
        let n = self.chars();
        let (a, b) = (a.min(n), b.min(n));
        if a >= b {
            ""
        } else {
            &self.text[self.byte_of(a)..self.byte_of(b)]
        }
    }

    /// Character span of a match span: first token's start to last token's
    /// end, where a span of one position takes in the parts matched there.
    fn char_span(&self, span: &Span) -> Option<(usize, usize)> {
        let mut out: Option<(usize, usize)> = None;
        let mut widen = |(s, e): (usize, usize)| {
            out = Some(match out {
                None => (s, e),
                Some((a, b)) => (a.min(s), b.max(e)),
            });
        };
        for &p in &span.positions {
            widen((*self.tokens.get(p as usize)?)?);
        }
        if let [p] = span.positions[..] {
            (self.parts.iter())
                .filter(|&&(q, ..)| q == p)
                .for_each(|&(_, s, e)| widen((s, e)));
        }
        out
    }
}

impl Engine<'_> {
    /// One line per body span of every match, by doc id, then by the span's
    /// first and last position; at most `limit` lines (None: all).
    pub fn kwic(&self, q: &Query, width: usize, limit: Option<usize>) -> Result<Vec<Concordance>> {
        sized_stack(q, None, || self.kwic_inner(q, width, limit))
    }

    fn kwic_inner(
        &self,
        q: &Query,
        width: usize,
        limit: Option<usize>,
    ) -> Result<Vec<Concordance>> {
        let prep = self.prepare(q, None)?;
        let limit = limit.unwrap_or(usize::MAX);
        let mut lines = Vec::new();
        for seg in self.searcher.segments() {
            let mut it = self.iter(&prep, seg);
            while it.doc() != TERMINATED && lines.len() < limit {
                if !seg.is_deleted(it.doc()) {
                    let matched = DocMatch::of(seg, &mut it);
                    if !matched.spans.is_empty() {
                        let global = seg.global_id(it.doc());
                        let doc = Located::new(self.searcher, global, &matched)?;
                        for span in &matched.spans {
                            if lines.len() >= limit {
                                break;
                            }
                            let Some((start, end)) = doc.char_span(span) else {
                                continue;
                            };
                            let left = doc.cut_start(start.saturating_sub(width), start);
                            let right = doc.cut_end(end.saturating_add(width), end);
                            lines.push(Concordance {
                                doc_id: global,
                                left: doc.slice(left, start).to_string(),
                                matched: doc.slice(start, end).to_string(),
                                right: doc.slice(end, right).to_string(),
                                start,
                                end,
                            });
                        }
                    }
                }
                it.next();
            }
        }
        Ok(lines)
    }

    /// About `width` characters of document `doc_id` around its first match,
    /// matches in « », "…" where the text is cut; without a match the
    /// text's start.
    pub fn snippet(&self, q: &Query, doc_id: u32, width: usize) -> Result<String> {
        sized_stack(q, None, || self.snippet_inner(q, doc_id, width))
    }

    fn snippet_inner(&self, q: &Query, doc_id: u32, width: usize) -> Result<String> {
        if width == 0 {
            return Err(Error::InvalidArgument("width must be at least 1".into()));
        }
        if !self.searcher.is_live(doc_id) {
            return Err(Error::InvalidArgument(format!(
                "document {doc_id} is deleted or unknown"
            )));
        }
        let prep: Prepared = self.prepare(q, None)?;
        let matched = (self.on_doc(&prep, doc_id, DocMatch::of)).unwrap_or_default();
        let doc = Located::new(self.searcher, doc_id, &matched)?;
        let n = doc.chars();
        let mut chars: Vec<(usize, usize)> = (matched.spans.iter())
            .filter_map(|s| doc.char_span(s))
            .collect();
        chars.sort_unstable();
        let Some(&(s, e)) = chars.first() else {
            let hi = doc.cut_end(n.min(width), 0);
            let cut = if hi < n { "…" } else { "" };
            return Ok(format!("{}{cut}", doc.slice(0, hi)));
        };
        let (lo, hi) = if e - s >= width {
            (s, e)
        } else {
            let lo = s.saturating_sub((width - (e - s)) / 2);
            let hi = n.min(lo + width);
            let lo = hi.saturating_sub(width);
            (doc.cut_start(lo, s), doc.cut_end(hi, e))
        };
        // Runs of overlapping spans; those wholly inside the window are marked.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (cs, ce) in chars {
            match runs.last_mut() {
                Some(last) if cs < last.1 => last.1 = last.1.max(ce),
                _ => runs.push((cs, ce)),
            }
        }
        let mut out = String::new();
        if lo > 0 {
            out.push('…');
        }
        let mut cursor = lo;
        for (rs, re) in runs {
            if rs >= lo && re <= hi {
                out.push_str(doc.slice(cursor, rs));
                out.push('«');
                out.push_str(doc.slice(rs, re));
                out.push('»');
                cursor = re;
            }
        }
        out.push_str(doc.slice(cursor, hi));
        if hi < n {
            out.push('…');
        }
        Ok(out)
    }
}
