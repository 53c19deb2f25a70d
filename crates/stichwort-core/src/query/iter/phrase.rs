//! Phrases by position intersection: the documents having every key
//! (leapfrog), then the pattern checked on their positions.
//!
//! The rule (the reference's): a match is a choice of pairwise distinct
//! positions p_i of the slots' terms with max(p_i - o_i) - min(p_i - o_i) <=
//! slop; a document's phrase count is the number of distinct p_1 with a
//! match, and the occurrence anchored at p_1 covers every position used by
//! any of its matches. Slop 0 is the exact phrase (offsets ascend, so the
//! positions are distinct by themselves); otherwise distinctness is a
//! bipartite matching of slots to positions at each start of the window,
//! solved key by key in one pass (the slots' windows are intervals of
//! equal width), with augmenting paths where keys share positions.
//!
//! With `whole_words` (an index with compound parts) only whole-word occurrences
//! count: position p of key k is kept when the document's forward index has
//! k's term at p (a compound part shares its whole word's position but not
//! its forward entry). The positions are filtered only for a document the
//! unfiltered pattern matches, so most candidates never decode their forward
//! stream. Titles have no forward index: their stored text is analysed again.
//! A pattern none of whose keys the segment holds as a part
//! ([`SegmentReader::occurs_as_part`]) is matched as without `whole_words`.
//!
//! An exact phrase (slop 0) in the body with a dense key (in more than one
//! in [`DENSE_SHARE`] of the segment's documents and in [`DENSE_FACTOR`]
//! times as many as the rarest key) leaves that key to the forward index:
//! its documents and positions are never read (intersecting with it filters
//! little, and reading its positions costs more than looking one value up
//! per anchor); its slots are one packed value each of the document's
//! forward record, at the anchor plus the slot's offset. That is a
//! whole-word check by construction, and without decompounding a key's
//! positions are exactly where the forward index holds its ordinal, so the
//! rule is the same. With whole words every slot is checked there, which
//! is the filter above. The candidates are checked in batches whose record
//! loads overlap (see [`FORWARD_BATCH`]).

use rustc_hash::{FxHashMap, FxHashSet};

use super::{DocIter, Positions, Span, TERMINATED, field_len, intersect};
use crate::analysis::Analyzer;
use crate::index::forward::Record;
use crate::index::{PostingsCursor, SegmentReader, TITLE_PREFIX, TermInfo};
use crate::query::bm25::{Field, bm25};
use crate::query::plan::Words;

/// See the module comment: a key in more documents than this many times the
/// rarest key's, and in more than one in [`DENSE_SHARE`] of the segment's,
/// is only checked in the forward index (on synth:100000 both rules halve
/// the frequent band against the earlier 4 and 2; `benches/RESULTS-query.md`).
const DENSE_FACTOR: u64 = 2;
const DENSE_SHARE: u64 = 4;

/// A key whose documents are candidates by an estimated share above one
/// in this many (the product of the other keys' shares of the segment)
/// decodes its positions a postings block at a time: decoding the others'
/// too costs less than locating each candidate's (since the one-pass block
/// decode, down to one in 8: synth:100000 `gewinn ankündigt`, a share of
/// 0.18 and 0.13, 510 → 285 µs).
const BLOCK_SHARE: u64 = 8;

/// How many candidates a forward check gathers before it reads their
/// records: each of its steps (offsets, record heads, the values checked)
/// asks for the loads of every candidate before it reads the first, so
/// their misses overlap instead of following each other.
const FORWARD_BATCH: usize = 32;

pub struct PhraseIter<'a> {
    /// Per key (an exhausted one for a key left to the forward check).
    cursors: Vec<PostingsCursor<'a>>,
    /// The keys intersected by doc id, rarest first.
    order: Vec<usize>,
    seg: &'a SegmentReader,
    field: Field,
    slots: Vec<usize>,
    offsets: Vec<u32>,
    slop: u32,
    idf: f64,
    avgdl: f64,
    doc: u32,
    /// Phrase count of `doc`.
    count: u32,
    /// Positions of each key in `doc`.
    positions: Vec<Vec<u32>>,
    /// Per key: its current postings block's positions, for a key read
    /// a block at a time (see [`BLOCK_SHARE`]).
    blocks: Vec<Option<BlockPositions>>,
    /// The common documents of an exact pair's two blocks.
    merged: PairMerge,
    /// For an exact phrase of two slots taking keys 0 and 1 (distinct,
    /// no whole-word filter): the key of slot 0.
    pair: Option<usize>,
    /// Set when only whole words count (see the module comment).
    whole: Option<WholeWords<'a>>,
    /// Set for an exact body phrase (see the module comment).
    forward: Option<ForwardCheck>,
    /// The forward check's candidates gathered ahead of `doc`.
    batch: ForwardBatch<'a>,
}

/// The forward-index check of an exact body phrase with a dense key. Each
/// position of the lead key (the rarest read from postings) anchors the
/// phrase at itself minus the lead slot's offset; every other slot is
/// checked at the anchor plus its offset, in the forward record for a key
/// left to the forward index (or every key, with whole words), else in its
/// positions.
struct ForwardCheck {
    /// The keys' ordinals (for the spans).
    ords: Vec<u32>,
    /// The lead slot's offset.
    lead_offset: u32,
    /// Slots checked in the forward record: (offset, ordinal).
    in_forward: Vec<(u32, u32)>,
    /// Slots checked in positions: (offset, the key's index in `order`).
    in_positions: Vec<(u32, usize)>,
}

impl ForwardCheck {
    /// The check of `w` with its keys' ordinals `ords`; `forward_keys[k]`:
    /// key k is looked up in the forward record; `order`: the keys read
    /// from postings, the lead first (never empty).
    fn new(w: &Words, ords: Vec<u32>, forward_keys: &[bool], order: &[usize]) -> Self {
        let lead = order[0];
        let lead_slot = w.slots.iter().position(|&k| k == lead).unwrap_or(0);
        let (mut in_forward, mut in_positions) = (Vec::new(), Vec::new());
        for (s, (&k, &o)) in w.slots.iter().zip(&w.offsets).enumerate() {
            if forward_keys[k] {
                in_forward.push((o, ords[k]));
            } else if s != lead_slot {
                let j = order.iter().position(|&j| j == k).unwrap_or(0);
                in_positions.push((o, j));
            }
        }
        ForwardCheck {
            ords,
            lead_offset: w.offsets[lead_slot],
            in_forward,
            in_positions,
        }
    }

    /// The phrase count of a document with forward record `rec` and the
    /// positions `positions(j)` of key `order[j]` (`j = 0`: the lead).
    fn count<'p>(&self, rec: &Record<'_>, positions: impl Fn(usize) -> &'p [u32]) -> u32 {
        let in_forward = |p1: u32| {
            self.in_forward
                .iter()
                .all(|&(o, ord)| rec.at(p1 as usize + o as usize) == Some(ord))
        };
        let anchors = positions(0)
            .iter()
            .filter_map(|&p| p.checked_sub(self.lead_offset));
        let mut count = 0;
        if self.in_positions.is_empty() {
            for p1 in anchors {
                count += u32::from(in_forward(p1));
            }
        } else {
            for p1 in anchors {
                let matches = in_forward(p1)
                    && self.in_positions.iter().all(|&(o, j)| {
                        p1.checked_add(o)
                            .is_some_and(|p| positions(j).binary_search(&p).is_ok())
                    });
                count += u32::from(matches);
            }
        }
        count
    }

    /// Asks for the values of `rec` that [`Self::count`] reads for lead
    /// positions `lead_positions`.
    fn prefetch(&self, rec: &Record<'_>, lead_positions: &[u32]) {
        for p1 in lead_positions
            .iter()
            .filter_map(|&p| p.checked_sub(self.lead_offset))
        {
            for &(o, _) in &self.in_forward {
                rec.prefetch_at(p1 as usize + o as usize);
            }
        }
    }

    /// Positions of every key in the document of `rec`, from the forward
    /// index (for the spans).
    fn positions(&self, rec: &Record<'_>, positions: &mut [Vec<u32>]) {
        let mut fwd = Vec::new();
        rec.get(&mut fwd);
        for (list, &ord) in positions.iter_mut().zip(&self.ords) {
            list.clear();
            list.extend((0..fwd.len() as u32).filter(|&p| fwd[p as usize] == ord));
        }
    }
}

/// Candidates of a forward check gathered ahead (see [`FORWARD_BATCH`]):
/// their documents, the positions read from postings (per candidate and
/// key of `order` a run of `values`, bounded by `starts`), their records
/// and phrase counts.
#[derive(Default)]
struct ForwardBatch<'a> {
    docs: Vec<u32>,
    starts: Vec<u32>,
    values: Vec<u32>,
    records: Vec<Record<'a>>,
    counts: Vec<u32>,
    /// The next candidate to hand out.
    next: usize,
}

impl ForwardBatch<'_> {
    /// Positions of key `order[j]` (of `m` keys read from postings) of
    /// candidate `i`.
    fn run(&self, i: usize, m: usize, j: usize) -> &[u32] {
        let at = i * m + j;
        &self.values[self.starts[at] as usize..self.starts[at + 1] as usize]
    }
}

/// The positions of a postings block's documents (see
/// [`PostingsCursor::block_positions`]), and the block's last doc, which
/// tells the block.
#[derive(Default)]
struct BlockPositions {
    last_doc: Option<u32>,
    values: Vec<u32>,
    starts: Vec<u32>,
}

impl BlockPositions {
    /// Decodes the block `c` stands in unless it is the one held.
    fn load(&mut self, c: &mut PostingsCursor<'_>) {
        let last = c.block_last_doc();
        if self.last_doc != Some(last) {
            self.last_doc = Some(last);
            c.block_positions(&mut self.values, &mut self.starts);
            // Readable values past every run (see `padded_common`).
            self.values.extend([0; LANES]);
        }
    }

    /// The positions of the document `c` stands on (its block loaded).
    fn run(&self, c: &PostingsCursor<'_>) -> &[u32] {
        self.run_at(c.index_in_block())
    }

    /// The positions of the block's document `j`.
    #[inline]
    fn run_at(&self, j: usize) -> &[u32] {
        let (v, n) = self.padded_run_at(j);
        &v[..n]
    }

    /// The block's document `j`: its positions and the values after them
    /// (at least [`LANES`] in all), and how many are its own.
    #[inline]
    fn padded_run_at(&self, j: usize) -> (&[u32], usize) {
        match (self.starts.get(j), self.starts.get(j.wrapping_add(1))) {
            (Some(&a), Some(&b)) if a <= b => match self.values.get(a as usize..) {
                Some(v) if v.len() >= (b - a) as usize + LANES => (v, (b - a) as usize),
                _ => (&[], 0),
            },
            _ => (&[], 0),
        }
    }
}

/// The common documents of an exact pair's current two blocks, from their
/// merge: id and index in either block; those from `next` on are left to
/// count. Kept between matches (a frequent pair matches most of them).
#[derive(Default)]
struct PairMerge {
    common: Vec<[u32; 3]>,
    next: usize,
    /// The first doc past the merged part of the blocks (the next merge's
    /// start).
    resume: u32,
    /// [`Self::probe`]'s table: per doc id from the denser block's first,
    /// the stamp of the merge that wrote it and the doc's index.
    slots: Vec<u32>,
    stamp: u32,
}

/// Doc ids that [`PairMerge::probe`]'s table spans (a postings block of a
/// key in more than a quarter of the documents mostly fits in).
const MAP_SPAN: usize = 512;

impl PairMerge {
    /// Finds the common documents of the two cursors' blocks from where they
    /// stand up to the first block end: the docs of the denser block in a
    /// table by doc id (their index in the block) that those of the other
    /// look up, or a merge when neither fits the table; no branch per
    /// document either way.
    fn merge(&mut self, c0: &PostingsCursor<'_>, c1: &PostingsCursor<'_>) {
        let (x, y) = (c0.block_docs(), c1.block_docs());
        let (o0, o1) = (c0.index_in_block(), c1.index_in_block());
        self.common.clear();
        self.next = 0;
        // Both blocks stand on a doc, so their last docs are real ids.
        let last = c0.block_last_doc().min(c1.block_last_doc());
        self.resume = last.saturating_add(1);
        let x = &x[..x.partition_point(|&d| d <= last)];
        let y = &y[..y.partition_point(|&d| d <= last)];
        self.common.resize(x.len().min(y.len()) + 1, [0; 3]);
        let fits = |s: &[u32]| s.first().is_some_and(|&f| ((last - f) as usize) < MAP_SPAN);
        let k = if y.len() >= x.len() && fits(y) {
            self.probe(x, o0, y, o1, true)
        } else if fits(x) {
            self.probe(y, o1, x, o0, false)
        } else {
            self.walk(x, o0, y, o1)
        };
        self.common.truncate(k);
    }

    /// The common docs of `probe` and `map` (ascending; `map` at most a
    /// block, within [`MAP_SPAN`] ids from its first): each entry's indexes
    /// offset by `op` and `om`, the probe's first when `probe_first`.
    /// Returns how many.
    fn probe(
        &mut self,
        probe: &[u32],
        op: usize,
        map: &[u32],
        om: usize,
        probe_first: bool,
    ) -> usize {
        if self.slots.len() != MAP_SPAN {
            self.slots = vec![0; MAP_SPAN];
        }
        // A slot is live when it has this merge's stamp (24 bits; 0 never
        // live, the slots cleared when the stamps wrap).
        self.stamp = (self.stamp + 1) & 0xff_ffff;
        if self.stamp == 0 {
            self.slots.fill(0);
            self.stamp = 1;
        }
        let base = map[0];
        debug_assert!(map.len() <= 256);
        for (j, &v) in map.iter().enumerate() {
            self.slots[(v - base) as usize % MAP_SPAN] = self.stamp << 8 | j as u32;
        }
        let mut k = 0;
        for (i, &u) in probe.iter().enumerate() {
            let o = u.wrapping_sub(base) as usize;
            let e = self.slots[o % MAP_SPAN];
            let hit = o < MAP_SPAN && e >> 8 == self.stamp;
            let j = (e & 0xff) as usize;
            let (a, c) = if probe_first {
                (op + i, om + j)
            } else {
                (om + j, op + i)
            };
            // Written always, kept on a hit (k <= i).
            self.common[k] = [u, a as u32, c as u32];
            k += hit as usize;
        }
        k
    }

    /// The common docs of `x` and `y` by a merge that steps either side by
    /// comparisons; returns how many.
    fn walk(&mut self, x: &[u32], o0: usize, y: &[u32], o1: usize) -> usize {
        let (mut i, mut j, mut k) = (0, 0, 0);
        while i < x.len() && j < y.len() {
            let (u, v) = (x[i], y[j]);
            // Written always, kept when equal (k <= min(i, j)).
            self.common[k] = [u, (o0 + i) as u32, (o1 + j) as u32];
            k += (u == v) as usize;
            i += (u <= v) as usize;
            j += (v <= u) as usize;
        }
        k
    }
}

/// The whole-word filter of a pattern's keys (see the module comment): the
/// keys' body ordinals or title terms, and reused buffers for the
/// document's whole words.
pub struct WholeWords<'a> {
    analyzer: &'a Analyzer,
    ords: Vec<u32>,
    title_terms: Vec<String>,
    /// Per position of the current document: its whole word's body ordinal.
    fwd: Vec<u32>,
    /// Per position of the current title: its whole word's term.
    title: Vec<Option<String>>,
}

impl<'a> PhraseIter<'a> {
    /// The phrase iterator of `w` over `seg`; None when a key is absent.
    pub fn open(seg: &'a SegmentReader, w: &Words, analyzer: &'a Analyzer) -> Option<Self> {
        let entries = w
            .keys
            .iter()
            .map(|k| seg.term_ord(k).map(|o| (o, seg.term_info(o))))
            .collect::<Option<Vec<_>>>()?;
        Some(Self::with_entries(seg, w, analyzer, &entries))
    }

    /// The phrase iterator of `w` over `seg`, given the keys' ordinals and
    /// infos in `seg` (looked up before).
    pub fn with_entries(
        seg: &'a SegmentReader,
        w: &Words,
        analyzer: &'a Analyzer,
        entries: &[(u32, TermInfo)],
    ) -> Self {
        let ords: Vec<u32> = entries.iter().map(|&(o, _)| o).collect();
        // Keys that never occur as parts here need no whole-word check (and
        // keep the exact pair's fast path): with `catenate_compounds` every
        // german index has parts, but few keys are ever one.
        let whole_words = w.whole_words && ords.iter().any(|&o| seg.occurs_as_part(o));
        let min_df = entries.iter().map(|e| e.1.doc_freq).min().unwrap_or(0) as u64;
        let share = seg.num_docs_in_segment() as u64 / DENSE_SHARE;
        let dense: Vec<bool> = entries
            .iter()
            .map(|(_, i)| {
                let df = i.doc_freq as u64;
                w.field == Field::Body && w.slop == 0 && df > DENSE_FACTOR * min_df && df > share
            })
            .collect();
        let cursors: Vec<PostingsCursor<'a>> = entries
            .iter()
            .zip(&dense)
            .map(|(&(_, i), &d)| {
                if d {
                    PostingsCursor::empty()
                } else {
                    seg.postings_of(i)
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..cursors.len()).filter(|&k| !dense[k]).collect();
        order.sort_by_key(|&i| cursors[i].term_info().doc_freq);
        // The rarest key is never dense, so a forward check has a lead.
        let forward = (dense.contains(&true) && !order.is_empty()).then(|| {
            let keys: Vec<bool> = dense.iter().map(|&d| d || whole_words).collect();
            ForwardCheck::new(w, ords.clone(), &keys, &order)
        });
        let n = cursors.len();
        // A key's share of candidates: the others' shares of the segment.
        let seg_docs = seg.num_docs_in_segment().max(1) as f64;
        let blocks = (0..n)
            .map(|k| {
                let share: f64 = order
                    .iter()
                    .filter(|&&j| j != k)
                    .map(|&j| entries[j].1.doc_freq as f64 / seg_docs)
                    .product();
                (!dense[k] && share * BLOCK_SHARE as f64 > 1.0).then(BlockPositions::default)
            })
            .collect();
        let whole =
            (whole_words && forward.is_none()).then(|| WholeWords::new(analyzer, &w.keys, ords));
        let mut it = PhraseIter {
            cursors,
            order,
            seg,
            field: w.field,
            slots: w.slots.clone(),
            offsets: w.offsets.clone(),
            slop: w.slop,
            idf: w.idf,
            avgdl: w.avgdl,
            doc: 0,
            count: 0,
            positions: vec![Vec::new(); n],
            blocks,
            merged: PairMerge::default(),
            pair: match (&w.slots[..], w.slop, whole_words) {
                (&[a, b], 0, false) if a + b == 1 => Some(a),
                _ => None,
            },
            whole,
            forward,
            batch: ForwardBatch::default(),
        };
        it.find(0);
        it
    }

    /// The phrase count of the current document.
    pub fn count(&self) -> u32 {
        self.count
    }

    fn find(&mut self, mut target: u32) {
        if self.forward.is_some() {
            return self.find_forward(target);
        }
        if self.pair.is_some() && self.blocks.iter().any(Option::is_some) {
            return self.find_pair(target);
        }
        loop {
            let doc = intersect(&mut self.cursors, &self.order, target);
            self.doc = doc;
            if doc == TERMINATED {
                return;
            }
            for ((c, p), b) in self
                .cursors
                .iter_mut()
                .zip(self.positions.iter_mut())
                .zip(self.blocks.iter_mut())
            {
                match b {
                    Some(b) => b.load(c),
                    None => c.positions(p),
                }
            }
            self.copy_runs();
            self.count = self.occurrences();
            if self.count > 0
                && let Some(whole) = self.whole.as_mut()
            {
                whole.filter(self.seg, self.field, doc, &mut self.positions);
                self.count = self.occurrences();
            }
            if self.count > 0 {
                return;
            }
            target = doc + 1;
        }
    }

    /// [`Self::find`] with a forward check: hands out the gathered
    /// candidates from `target` on, gathering the next ones when they run
    /// out.
    fn find_forward(&mut self, target: u32) {
        loop {
            let b = &mut self.batch;
            while let Some(&doc) = b.docs.get(b.next) {
                let count = b.counts[b.next];
                b.next += 1;
                if doc >= target && count > 0 {
                    self.doc = doc;
                    self.count = count;
                    return;
                }
            }
            let from = b
                .docs
                .last()
                .map_or(target, |&d| target.max(d.saturating_add(1)));
            if !self.gather(from) {
                self.doc = TERMINATED;
                return;
            }
        }
    }

    /// Gathers the next candidates from `from` on (up to
    /// [`FORWARD_BATCH`]) and counts them in steps (see there); false
    /// when there are none.
    fn gather(&mut self, from: u32) -> bool {
        let Some(f) = &self.forward else {
            return false;
        };
        let m = self.order.len();
        let b = &mut self.batch;
        b.docs.clear();
        b.values.clear();
        b.starts.clear();
        b.starts.push(0);
        b.next = 0;
        if let [only] = self.order[..] {
            // The lead alone is read from postings: its documents are the
            // candidates, taken one after another with no seeking.
            let c = &mut self.cursors[only];
            c.seek(from);
            while b.docs.len() < FORWARD_BATCH && c.doc() != TERMINATED {
                b.docs.push(c.doc());
                key_positions(
                    c,
                    &mut self.blocks[only],
                    &mut self.positions[only],
                    &mut b.values,
                );
                b.starts.push(b.values.len() as u32);
                c.advance();
            }
        } else {
            let mut target = from;
            while b.docs.len() < FORWARD_BATCH {
                let doc = intersect(&mut self.cursors, &self.order, target);
                if doc == TERMINATED {
                    break;
                }
                b.docs.push(doc);
                for &k in &self.order {
                    let c = &mut self.cursors[k];
                    key_positions(
                        c,
                        &mut self.blocks[k],
                        &mut self.positions[k],
                        &mut b.values,
                    );
                    b.starts.push(b.values.len() as u32);
                }
                target = doc + 1;
            }
        }
        // The records are far apart: each step asks for every candidate's
        // loads before the next step reads them.
        self.seg.forward_view().records(&b.docs, &mut b.records);
        for (i, rec) in b.records.iter().enumerate() {
            f.prefetch(rec, b.run(i, m, 0));
        }
        b.counts.clear();
        for (i, rec) in b.records.iter().enumerate() {
            b.counts.push(f.count(rec, |j| b.run(i, m, j)));
        }
        !b.docs.is_empty()
    }

    /// [`Self::find`] for an exact pair with a block-read key: the two
    /// cursors' blocks of doc ids merged (a seek per block, not per
    /// document), each common document counted on the blocks' runs (a key
    /// not read by blocks decodes the document's positions), nothing copied.
    fn find_pair(&mut self, mut target: u32) {
        let first = self.pair.unwrap_or(0);
        let d = self.offsets[1];
        let m = &mut self.merged;
        let ([c0, c1], [b0, b1], [p0, p1]) = (
            &mut self.cursors[..],
            &mut self.blocks[..],
            &mut self.positions[..],
        ) else {
            self.doc = TERMINATED;
            return;
        };
        loop {
            while let Some(&[doc, i, j]) = m.common.get(m.next) {
                m.next += 1;
                if doc < target {
                    continue;
                }
                let runs = [
                    pair_run(c0, b0, p0, i as usize),
                    pair_run(c1, b1, p1, j as usize),
                ];
                let n = padded_common(runs[first], runs[1 - first], d);
                if n > 0 {
                    // On the match, with the positions read, for its spans.
                    for (c, (b, p), k) in [(&mut *c0, (&*b0, &mut *p0), i), (c1, (b1, p1), j)] {
                        c.advance_in_block(k as usize - c.index_in_block());
                        if b.is_none() {
                            p.truncate(p.len().saturating_sub(LANES));
                        }
                    }
                    (self.doc, self.count) = (doc, n);
                    return;
                }
            }
            target = target.max(m.resume);
            let doc = c0.seek(target);
            if doc == TERMINATED || c1.seek(doc) == TERMINATED {
                self.doc = TERMINATED;
                return;
            }
            for (c, b) in [(&mut *c0, &mut *b0), (c1, b1)] {
                if let Some(b) = b {
                    b.load(c);
                }
            }
            m.merge(c0, c1);
        }
    }

    /// The positions of the block-read keys into `positions`.
    fn copy_runs(&mut self) {
        for ((c, p), b) in self
            .cursors
            .iter()
            .zip(&mut self.positions)
            .zip(&self.blocks)
        {
            if let Some(b) = b {
                p.clear();
                p.extend_from_slice(b.run(c));
            }
        }
    }

    fn occurrences(&self) -> u32 {
        phrase_occurrences(&self.positions, &self.slots, &self.offsets, self.slop, None)
    }
}

impl<'a> WholeWords<'a> {
    /// The filter of dictionary `keys` with their ordinals `ords` in a segment.
    pub fn new(analyzer: &'a Analyzer, keys: &[String], ords: Vec<u32>) -> Self {
        WholeWords {
            analyzer,
            ords,
            title_terms: keys
                .iter()
                .map(|k| k.strip_prefix(TITLE_PREFIX).unwrap_or(k).to_string())
                .collect(),
            fwd: Vec::new(),
            title: Vec::new(),
        }
    }

    /// Keeps in `positions[k]` the whole-word occurrences of key k in `doc`.
    pub fn filter(
        &mut self,
        seg: &SegmentReader,
        field: Field,
        doc: u32,
        positions: &mut [Vec<u32>],
    ) {
        match field {
            Field::Body => {
                seg.forward(doc, &mut self.fwd);
                for (list, &ord) in positions.iter_mut().zip(&self.ords) {
                    list.retain(|&p| self.fwd.get(p as usize) == Some(&ord));
                }
            }
            Field::Title => {
                // Without a stored title the positions stay unfiltered.
                let Some(title) = seg.stored(doc).ok().and_then(|d| d.title) else {
                    return;
                };
                self.title.clear();
                let words = &mut self.title;
                self.analyzer.analyze(&title, &mut |t| {
                    if !t.is_part {
                        let p = t.position as usize;
                        if words.len() <= p {
                            words.resize(p + 1, None);
                        }
                        words[p] = Some(t.term.to_string());
                    }
                });
                for (list, term) in positions.iter_mut().zip(&self.title_terms) {
                    list.retain(|&p| {
                        self.title.get(p as usize).and_then(|t| t.as_ref()) == Some(term)
                    });
                }
            }
        }
    }
}

impl DocIter for PhraseIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc != TERMINATED && self.doc < target {
            self.find(target);
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        bm25(
            self.idf,
            self.count,
            field_len(self.seg, self.field, self.doc),
            self.avgdl,
        )
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        if let Some(f) = &self.forward {
            f.positions(&self.seg.forward_doc(self.doc), &mut self.positions);
        } else if self.pair.is_some() {
            // The pair's count left them on the blocks.
            self.copy_runs();
        }
        let mut cover = Vec::new();
        phrase_occurrences(
            &self.positions,
            &self.slots,
            &self.offsets,
            self.slop,
            Some(&mut cover),
        );
        out.extend(cover.into_iter().map(|positions| Span {
            field: self.field,
            positions,
        }));
    }
    fn cost(&self) -> u64 {
        self.order
            .first()
            .map_or(0, |&i| self.cursors[i].term_info().doc_freq as u64)
    }
}

/// Appends the positions of the document `c` stands on to `out`, from its
/// block's decoded positions when the key is read a block at a time, else
/// through `tmp`.
fn key_positions(
    c: &mut PostingsCursor<'_>,
    block: &mut Option<BlockPositions>,
    tmp: &mut Vec<u32>,
    out: &mut Vec<u32>,
) {
    match block {
        Some(block) => {
            block.load(c);
            out.extend_from_slice(block.run(c));
        }
        None => {
            c.positions(tmp);
            out.extend_from_slice(tmp);
        }
    }
}

/// Positions of `list` (ascending) in `lo..=hi`.
fn within(list: &[u32], lo: i64, hi: i64) -> &[u32] {
    let a = list.partition_point(|&p| (p as i64) < lo);
    let b = list.partition_point(|&p| (p as i64) <= hi);
    &list[a..b.max(a)]
}

/// The phrase count of one document: `lists[k]` are the positions of key
/// `k`, slot `i` takes key `slots[i]` at offset `offsets[i]`. With `cover`,
/// the covered positions of each occurrence (ascending) are appended.
pub fn phrase_occurrences(
    lists: &[Vec<u32>],
    slots: &[usize],
    offsets: &[u32],
    slop: u32,
    mut cover: Option<&mut Vec<Positions>>,
) -> u32 {
    if let ([a, b], 0, None) = (slots, slop, &cover) {
        return shifted_common(&lists[*a], &lists[*b], offsets[1]);
    }
    let first = &lists[slots[0]];
    let mut count = 0;
    if slop == 0 {
        // Slot i must hold p1 + its offset (slot 0: p1 itself). Anchored on
        // the slot with the fewest positions, the others looked up in theirs.
        let off = |i: usize| if i == 0 { 0 } else { offsets[i] };
        let m = (0..slots.len())
            .min_by_key(|&i| lists[slots[i]].len())
            .unwrap_or(0);
        for &q in &lists[slots[m]] {
            let Some(p1) = q.checked_sub(off(m)) else {
                continue;
            };
            let ok = (0..slots.len()).all(|i| {
                i == m
                    || p1
                        .checked_add(off(i))
                        .is_some_and(|p| lists[slots[i]].binary_search(&p).is_ok())
            });
            if ok {
                count += 1;
                if let Some(c) = cover.as_deref_mut() {
                    c.push(offsets.iter().map(|&o| p1 + o).collect());
                }
            }
        }
        return count;
    }
    let slop = slop as i64;
    // Positions are distinct: a key needs as many as the slots taking it.
    // Per key, the slots after the first: how many, their least and
    // greatest offset (the hull of their windows at a start).
    let mut groups: Vec<(usize, usize, i64, i64)> = Vec::new();
    for (&k, &o) in slots.iter().zip(offsets).skip(1) {
        let o = o as i64;
        match groups.iter_mut().find(|g| g.0 == k) {
            Some(g) => *g = (k, g.1 + 1, g.2.min(o), g.3.max(o)),
            None => groups.push((k, 1, o, o)),
        }
    }
    if (groups.iter()).any(|&(k, n, ..)| lists[k].len() < n + usize::from(k == slots[0])) {
        return 0;
    }
    let mut cands: Vec<Vec<u32>> = vec![Vec::new(); slots.len()];
    let mut windows = SlotWindows::new(lists, slots, offsets, slop);
    let mut starts: Vec<i64> = Vec::new();
    // From this start on, every slot's window reaches past its last
    // position, so a later start's windows lie inside this one's: it can
    // find no choice (nor cover a position) that this one did not. A slop
    // beyond the document's length then costs one start, not all of them.
    let nested_from = (slots.iter().zip(offsets).skip(1))
        .map(|(&k, &o)| lists[k].last().map_or(i64::MIN, |&l| l as i64 - o as i64))
        .max()
        .map_or(i64::MIN, |last| last.saturating_sub(slop));
    for &p1 in first {
        let p1i = p1 as i64;
        // A valid choice's window can start at its smallest p_i - o_i, which
        // lies in p1 - slop ..= p1: try those starts below `nested_from`,
        // and the first one past it.
        starts.clear();
        for (&k, &o) in slots.iter().zip(offsets) {
            let o = o as i64;
            let w = within(&lists[k], p1i - slop + o, p1i + o);
            let past = w.partition_point(|&p| (p as i64) - o < nested_from);
            starts.extend(w[..w.len().min(past + 1)].iter().map(|&p| p as i64 - o));
        }
        starts.sort_unstable();
        starts.dedup();
        let mut covered = Positions::new();
        let mut found = false;
        for &m in &starts {
            // Fewer positions of a key in its slots' windows than slots: no
            // choice at this start (repeated frequent words, a wide slop).
            let short = groups.iter().any(|&(k, n, lo, hi)| {
                let w = within(&lists[k], m + lo, m + hi + slop);
                w.len() - usize::from(k == slots[0] && w.binary_search(&p1).is_ok()) < n
            });
            let chosen = !short
                && windows.choose(m, p1).unwrap_or_else(|| {
                    // (Keys sharing positions: the greedy choice is no proof.)
                    for (i, (&k, &o)) in slots.iter().zip(offsets).enumerate().skip(1) {
                        let w = within(&lists[k], m + o as i64, m + slop + o as i64);
                        cands[i].clear();
                        cands[i].extend(w.iter().filter(|&&p| p != p1));
                    }
                    cands[1..].iter().all(|c| !c.is_empty()) && matching(&cands[1..])
                });
            if chosen {
                found = true;
                if cover.is_none() {
                    break;
                }
                covered.push(p1);
                windows.cover(m, p1, &mut covered);
                covered.sort_unstable();
                covered.dedup();
            }
            if m >= nested_from {
                break;
            }
        }
        if found {
            count += 1;
            if let Some(c) = cover.as_deref_mut() {
                c.push(covered);
            }
        }
    }
    count
}

/// The windows of slots 1.. of a sloppy phrase at a start m (slot i's:
/// m + o_i ..= m + o_i + slop), key by key in offset order.
struct SlotWindows<'a> {
    lists: &'a [Vec<u32>],
    /// Slots 1..: (key, offset), by key, then offset.
    order: Vec<(usize, i64)>,
    slop: i64,
    /// Per key, the index of its first position not taken.
    next: Vec<usize>,
    taken: Vec<u32>,
}

impl<'a> SlotWindows<'a> {
    fn new(lists: &'a [Vec<u32>], slots: &[usize], offsets: &[u32], slop: i64) -> Self {
        let mut order: Vec<(usize, i64)> = (slots.iter().zip(offsets).skip(1))
            .map(|(&k, &o)| (k, o as i64))
            .collect();
        order.sort_unstable();
        SlotWindows {
            lists,
            order,
            slop,
            next: vec![0; lists.len()],
            taken: Vec::new(),
        }
    }

    /// Whether the slots have distinct positions in their windows at `m`,
    /// none at `p1` (slot 0's); None when undecided. Chosen key by key:
    /// a key's slots, in offset order, each take the first position of the
    /// key in its window not taken before. Their windows are equally wide,
    /// so they end in the order they start, and taking the first free
    /// position is then exact (Glover's rule for intervals). Keys whose
    /// positions are apart (one term a position, as in a forward record)
    /// choose apart; a position given to two keys leaves it undecided.
    /// Linear in the slots, where augmenting paths searched the windows:
    /// a phrase of 1,000 slots over a document as long took seconds.
    fn choose(&mut self, m: i64, p1: u32) -> Option<bool> {
        self.next.fill(0);
        self.taken.clear();
        for &(k, o) in &self.order {
            let list = &self.lists[k];
            let lo = m + o;
            let mut j = self.next[k];
            if list.get(j).is_some_and(|&p| (p as i64) < lo) {
                j += list[j..].partition_point(|&p| (p as i64) < lo);
            }
            if list.get(j) == Some(&p1) {
                j += 1;
            }
            match list.get(j) {
                Some(&p) if p as i64 <= lo + self.slop => {
                    self.taken.push(p);
                    self.next[k] = j + 1;
                }
                _ => return Some(false),
            }
        }
        self.taken.sort_unstable();
        let distinct = self.taken.windows(2).all(|w| w[0] != w[1]);
        distinct.then_some(true)
    }

    /// Appends the positions in a slot's window at `m` but `p1`, where a
    /// choice exists: every one is used by some choice (a free one can
    /// replace the position of a slot it fits). A key's windows that
    /// overlap are read as one.
    fn cover(&self, m: i64, p1: u32, out: &mut Positions) {
        let mut run: Option<(usize, i64, i64)> = None;
        let flush = |run: Option<(usize, i64, i64)>, out: &mut Positions| {
            if let Some((k, a, b)) = run {
                out.extend(
                    within(&self.lists[k], a, b)
                        .iter()
                        .copied()
                        .filter(|&p| p != p1),
                );
            }
        };
        for &(k, o) in &self.order {
            let (a, b) = (m + o, m + o + self.slop);
            match &mut run {
                Some((rk, _, rb)) if *rk == k && a <= *rb + 1 => *rb = b,
                _ => flush(run.replace((k, a, b)), out),
            }
        }
        flush(run, out);
    }
}

/// The positions of document `j` of `c`'s block for [`padded_common`]:
/// from the block's runs when read by blocks, else decoded into `buf`
/// (the cursor moved to the document, `LANES` zeros appended).
fn pair_run<'b>(
    c: &mut PostingsCursor<'_>,
    block: &'b Option<BlockPositions>,
    buf: &'b mut Vec<u32>,
    j: usize,
) -> (&'b [u32], usize) {
    match block {
        Some(b) => b.padded_run_at(j),
        None => {
            c.advance_in_block(j - c.index_in_block());
            c.positions(buf);
            let n = buf.len();
            buf.extend([0; LANES]);
            (buf, n)
        }
    }
}

/// How many positions p of `a` have p + `d` in `b` (both ascending): the
/// count of an exact two-slot phrase, by a merge that steps either side by
/// comparisons, not branches (a document's lists are short, their order
/// random).
fn shifted_common(a: &[u32], b: &[u32], d: u32) -> u32 {
    let d = d as u64;
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i] as u64 + d, b[j] as u64);
        n += (x == y) as u32;
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    n
}

/// Values readable past a run of the block path's padded buffers.
const LANES: usize = 8;

/// [`shifted_common`] of runs given with the values after them (at least
/// [`LANES`] readable) and their lengths. A run of up to 4 values (the
/// usual one of a pair's rarer key) is compared with every value of the
/// other, [`LANES`] at a time on fixed lanes, the values past the run
/// masked off: no branch or loop on the data or the short length (whose
/// order is random per document).
fn padded_common((p, pn): (&[u32], usize), (q, qn): (&[u32], usize), d: u32) -> u32 {
    if pn <= 4 {
        lanes_chunks::<true>(p, pn, q, qn, d)
    } else if qn <= 4 {
        lanes_chunks::<false>(q, qn, p, pn, d)
    } else {
        shifted_common(&p[..pn], &q[..qn], d)
    }
}

/// [`lanes_common`] over the first `ln` of `long`, [`LANES`] at a time.
#[inline(always)]
fn lanes_chunks<const ADD: bool>(short: &[u32], sn: usize, long: &[u32], ln: usize, d: u32) -> u32 {
    (0..ln)
        .step_by(LANES)
        .map(|c| lanes_common::<ADD>(short, sn, &long[c..], (ln - c).min(LANES), d))
        .sum()
}

/// How many x of the first `sn` (<= 4) of `short` have x + `d` (`ADD`)
/// or x - `d` among the first `ln` (<= [`LANES`]) of `long` (both with
/// [`LANES`] readable).
#[inline(always)]
fn lanes_common<const ADD: bool>(short: &[u32], sn: usize, long: &[u32], ln: usize, d: u32) -> u32 {
    let (Some(short), Some(long)) = (short.get(..4), long.get(..LANES)) else {
        return 0;
    };
    let mut n = 0;
    for (k, &x) in short.iter().enumerate() {
        let (t, ok) = if ADD {
            (x.wrapping_add(d), x <= u32::MAX - d)
        } else {
            (x.wrapping_sub(d), x >= d)
        };
        let hits: u32 = long
            .iter()
            .enumerate()
            .map(|(l, &y)| (y == t && l < ln) as u32)
            .sum();
        n += hits * (k < sn && ok) as u32;
    }
    n
}

/// Can every slot take a distinct position of its candidates? (Keys that
/// share positions, see [`SlotWindows::choose`].)
fn matching(cands: &[Vec<u32>]) -> bool {
    let mut owner: FxHashMap<u32, usize> = FxHashMap::default();
    let mut seen = FxHashSet::default();
    (0..cands.len()).all(|s| {
        seen.clear();
        augment(s, cands, &mut owner, &mut seen)
    })
}

/// Gives slot `s` a position: a free candidate, else one whose owner can
/// move on (an augmenting path; `seen` holds the positions tried).
fn augment(
    s: usize,
    cands: &[Vec<u32>],
    owner: &mut FxHashMap<u32, usize>,
    seen: &mut FxHashSet<u32>,
) -> bool {
    // A free candidate first: most slots of a long phrase find one there,
    // where a path through its neighbours' slots is long.
    if let Some(&p) = (cands[s].iter()).find(|&&p| !owner.contains_key(&p)) {
        owner.insert(p, s);
        return true;
    }
    for &p in &cands[s] {
        if !seen.insert(p) {
            continue;
        }
        // (Every candidate is owned now, and owned ones stay owned.)
        if let Some(o) = owner.get(&p).copied()
            && augment(o, cands, owner, seen)
        {
            owner.insert(p, s);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn positions() -> impl Strategy<Value = Vec<u32>> {
        // Short lists (the lanes of the block path) and longer ones.
        prop_oneof![
            proptest::collection::btree_set(0u32..60, 0..10),
            proptest::collection::btree_set(0u32..60, 0..25),
        ]
        .prop_map(|s| s.into_iter().collect())
    }

    /// Ascending doc ids, from sparse (a merge) to dense (a bitmap probe).
    fn docs() -> impl Strategy<Value = std::collections::BTreeSet<u32>> {
        (150u32..6000).prop_flat_map(|u| proptest::collection::btree_set(0..u, 1..700))
    }

    proptest! {
        /// The blocks' common documents, block pair after block pair as
        /// `find_pair` takes them, are the intersection, and their indexes
        /// name them in either block.
        #[test]
        fn pair_merge_finds_common_docs(a in docs(), b in docs()) {
            use crate::index::postings::PostingsWriter;
            let write = |docs: &std::collections::BTreeSet<u32>| {
                let mut w = PostingsWriter::default();
                for &d in docs {
                    w.add_doc(d, 1, &[]);
                }
                let t = w.finish_term(false, &[], 1.0);
                (w, t)
            };
            let ((wa, ta), (wb, tb)) = (write(&a), write(&b));
            let mut c0 = PostingsCursor::new(&wa.post, &wa.pos, ta);
            let mut c1 = PostingsCursor::new(&wb.post, &wb.pos, tb);
            let mut m = PairMerge::default();
            let (mut got, mut target) = (Vec::new(), 0);
            loop {
                let d = c0.seek(target);
                if d == TERMINATED || c1.seek(d) == TERMINATED {
                    break;
                }
                m.merge(&c0, &c1);
                for &[doc, i, j] in &m.common {
                    c0.advance_in_block(i as usize - c0.index_in_block());
                    c1.advance_in_block(j as usize - c1.index_in_block());
                    prop_assert_eq!((c0.doc(), c1.doc()), (doc, doc));
                    got.push(doc);
                }
                target = m.resume;
            }
            prop_assert_eq!(got, a.intersection(&b).copied().collect::<Vec<_>>());
        }

        /// The merged two-slot count against the definition, and against
        /// the general exact path (taken when the cover is asked for).
        #[test]
        fn exact_pair_count(a in positions(), b in positions(), d in 0u32..4, same in any::<bool>()) {
            let lists = if same { vec![a.clone()] } else { vec![a.clone(), b.clone()] };
            let b = &lists[lists.len() - 1];
            let want = a.iter().filter(|&&p| b.contains(&(p + d))).count() as u32;
            prop_assert_eq!(shifted_common(&a, b, d), want);
            // Padded with values that would match were they not masked off.
            let pad = |v: &[u32]| {
                let mut w = v.to_vec();
                w.extend((0..LANES as u32).map(|k| k + d));
                w
            };
            let (pa, pb) = (pad(&a), pad(b));
            prop_assert_eq!(padded_common((&pa, a.len()), (&pb, b.len()), d), want);
            prop_assert_eq!(padded_common((&pb, b.len()), (&pa, a.len()), d), b.iter().filter(|&&p| a.contains(&(p + d))).count() as u32);
            let keys = [0, lists.len() - 1];
            let mut cover = Vec::new();
            prop_assert_eq!(phrase_occurrences(&lists, &keys, &[0, d], 0, None), want);
            prop_assert_eq!(phrase_occurrences(&lists, &keys, &[0, d], 0, Some(&mut cover)), want);
        }
    }

    /// The sloppy rule by brute force: p1 (of slot 0) counts when distinct
    /// positions, one a slot, p1 at slot 0, have max(p_i - o_i) -
    /// min(p_i - o_i) <= slop; its cover is every position of such choices.
    fn brute(lists: &[Vec<u32>], slots: &[usize], offsets: &[u32], slop: u32) -> Vec<Vec<u32>> {
        fn choose(
            lists: &[Vec<u32>],
            slots: &[usize],
            offsets: &[u32],
            slop: u32,
            chosen: &mut Vec<u32>,
            cover: &mut Vec<u32>,
        ) {
            let i = chosen.len();
            if i == slots.len() {
                let d = chosen
                    .iter()
                    .zip(offsets)
                    .map(|(&p, &o)| p as i64 - o as i64);
                if d.clone().max().unwrap() - d.min().unwrap() <= slop as i64 {
                    cover.extend_from_slice(chosen);
                }
                return;
            }
            for &p in &lists[slots[i]] {
                if !chosen.contains(&p) {
                    chosen.push(p);
                    choose(lists, slots, offsets, slop, chosen, cover);
                    chosen.pop();
                }
            }
        }
        let mut out = Vec::new();
        for &p1 in &lists[slots[0]] {
            let mut cover = Vec::new();
            choose(lists, slots, offsets, slop, &mut vec![p1], &mut cover);
            if !cover.is_empty() {
                cover.sort_unstable();
                cover.dedup();
                out.push(cover);
            }
        }
        out
    }

    /// Keys' positions drawn apart: they may share positions (a compound's
    /// parts share their word's).
    fn shared_positions() -> impl Strategy<Value = Vec<Vec<u32>>> {
        proptest::collection::vec(proptest::collection::btree_set(0u32..20, 0..6), 1..4)
            .prop_map(|l| l.into_iter().map(|s| s.into_iter().collect()).collect())
    }

    /// Keys' positions as in a forward record: a key (of 3) or none a
    /// position.
    fn one_key_a_position() -> impl Strategy<Value = Vec<Vec<u32>>> {
        proptest::collection::vec(proptest::option::of(0usize..3), 0..16).prop_map(|at| {
            let mut lists = vec![Vec::new(); 3];
            for (p, k) in at.iter().enumerate() {
                if let Some(k) = k {
                    lists[*k].push(p as u32);
                }
            }
            lists
        })
    }

    proptest! {
        // (Cases where the order of a key's slots decides are rare.)
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Counts and covers against the definition, for slops up to far
        /// beyond the document (where a start's windows hold every later
        /// start's and the search stops after it).
        #[test]
        fn sloppy_matches_the_definition(
            lists in prop_oneof![shared_positions(), one_key_a_position()],
            picks in proptest::collection::vec((0usize..3, 1u32..4), 1..6),
            slop in prop_oneof![0u32..6, 15u32..40, Just(u32::MAX)],
        ) {
            let slots: Vec<usize> = picks.iter().map(|&(k, _)| k % lists.len()).collect();
            let offsets: Vec<u32> = std::iter::once(0)
                .chain(picks.iter().skip(1).scan(0, |o, &(_, step)| { *o += step; Some(*o) }))
                .collect();
            let want = brute(&lists, &slots, &offsets, slop);
            let mut cover = Vec::new();
            prop_assert_eq!(phrase_occurrences(&lists, &slots, &offsets, slop, None), want.len() as u32);
            prop_assert_eq!(phrase_occurrences(&lists, &slots, &offsets, slop, Some(&mut cover)), want.len() as u32);
            prop_assert_eq!(cover.iter().map(|c| c.to_vec()).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn exact_and_sloppy() {
        // "a b" in "a b a x b": exact at 0; slop 2 also at 2 (b at 4: d = 3, window 2..=3... ok)
        let lists = vec![vec![0, 2], vec![1, 4]];
        assert_eq!(phrase_occurrences(&lists, &[0, 1], &[0, 1], 0, None), 1);
        assert_eq!(phrase_occurrences(&lists, &[0, 1], &[0, 1], 2, None), 2);
        // transposition "b a" costs 2: "a b" pattern on "b a"
        let lists = vec![vec![1], vec![0]];
        assert_eq!(phrase_occurrences(&lists, &[0, 1], &[0, 1], 1, None), 0);
        assert_eq!(phrase_occurrences(&lists, &[0, 1], &[0, 1], 2, None), 1);
        // repeated term "a a" needs two distinct positions
        let lists = vec![vec![3]];
        assert_eq!(phrase_occurrences(&lists, &[0, 0], &[0, 1], 5, None), 0);
        let lists = vec![vec![3, 5]];
        let mut cover = Vec::new();
        assert_eq!(phrase_occurrences(&lists, &[0, 0], &[0, 1], 2, None), 1);
        assert_eq!(
            phrase_occurrences(&lists, &[0, 0], &[0, 1], 3, Some(&mut cover)),
            2
        );
        assert_eq!(cover, [[3, 5], [3, 5]].map(Positions::from));
        // "a a . . . a" with slop 1 on a at 1, 4, 6: anchored at 1 the
        // second slot's window (2..=3 or 1..=2 less 1) holds no other a,
        // though the group's hull holds two (not the first's position).
        let lists = vec![vec![1, 4, 6]];
        assert_eq!(
            phrase_occurrences(&lists, &[0, 0, 0], &[0, 1, 5], 1, None),
            0
        );
    }
}
