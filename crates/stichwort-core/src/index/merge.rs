//! Merging adjacent segments into one (dropping deleted documents), and the
//! policy that picks which to merge.
//!
//! Policy: a segment's level is `floor(log_F(live docs))` with `F =
//! MERGE_FACTOR`. Merges join only neighbours, which keeps every segment's
//! global ids ascending and disjoint from the others. Two rules, the
//! leftmost (oldest) candidate first:
//!
//! 1. *Catch-up*: a segment on a higher level than its left neighbour is
//!    merged with the whole run of lower-level segments directly before it
//!    (a small commit between two larger ones is not left behind).
//! 2. *Carry*: `F` adjacent segments on one level are merged.
//!
//! Invariant: when neither applies, levels never rise from the oldest
//! segment to the newest and no level holds `F` segments, so there are at
//! most `(F - 1) * (top level + 1)` segments, the top level being at most
//! `log_F(live docs)`: logarithmic whatever the sizes of the commits.
//! (Rule 2 alone, on one level only, let alternating commit sizes of 8 and
//! 1 document keep one segment per commit.)
//!
//! Work: without deletions a merge never lowers a level. A carry lifts
//! every document it rewrites by a level; a catch-up lifts all but the
//! documents of its highest segment, and leaves that segment with a left
//! neighbour on its level or above, which (short of deletions) stays so
//! until the segment is merged again by a merge that lifts its documents.
//! So between two lifts a document is rewritten at most once more, at most
//! `2 * log_F(n) + 1` times in all: total merge work O(n log n).
//!
//! A segment with more than half its documents deleted is rewritten alone
//! to drop them.
//!
//! A merge of an on-disk index streams its files to disk with bounded
//! memory ([`merge_to`]), so the writer sets no bound on its size; an
//! in-memory index builds merges in RAM, and there the policy merges no run
//! larger than `max_bytes` (a bound the writer derives from its memory
//! budget; `Index::merge` still joins larger ones when asked), and may
//! then keep more segments.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::columns::ColumnsData;
use super::docstore::{StoreWriter, encode_record};
use super::file_format::{FileKind, FileWriter, ScratchFile, io_err};
use super::forward::{ForwardWriter, NO_TERM};
use super::postings::TERMINATED;
use super::segment::{SegmentFiles, SegmentReader, segment_file_name};
use super::segment_writer::SegmentSerializer;
use super::termdict::TermDictWriter;
use crate::Result;

pub const MERGE_FACTOR: usize = 8;

fn level(live_docs: u32) -> u32 {
    let mut l = 0;
    let mut n = live_docs as u64;
    while n >= MERGE_FACTOR as u64 {
        n /= MERGE_FACTOR as u64;
        l += 1;
    }
    l
}

/// One segment as the merge policy sees it.
#[derive(Clone, Copy, Debug)]
pub struct SegmentSize {
    pub live_docs: u32,
    pub total_docs: u32,
    pub bytes: u64,
}

/// Levels a `u32` count of live documents can reach, plus one.
const NUM_LEVELS: usize = 11;
const _: () = assert!(MERGE_FACTOR.pow(NUM_LEVELS as u32) > u32::MAX as usize);

/// The next run of adjacent segments to merge (start, end exclusive), if
/// any, by the policy of the module's documentation: the leftmost
/// catch-up or carry whose segments together take at most `max_bytes`,
/// else a segment with more than half its documents deleted (rewritten
/// alone to drop them).
pub fn pick_merge(segs: &[SegmentSize], max_bytes: u64) -> Option<(usize, usize)> {
    let levels: Vec<usize> = segs.iter().map(|s| level(s.live_docs) as usize).collect();
    let mut sum = vec![0u64; segs.len() + 1];
    for (i, s) in segs.iter().enumerate() {
        sum[i + 1] = sum[i].saturating_add(s.bytes);
    }
    let fits = |a: usize, b: usize| sum[b] - sum[a] <= max_bytes;
    // after[l]: one past the last segment seen on level l or above.
    let mut after = [0usize; NUM_LEVELS];
    // Segments on the level of the current one, ending with it.
    let mut same = 0;
    for (j, &l) in levels.iter().enumerate() {
        // Catch-up: the lower segments directly before j start at after[l].
        if j > 0 && levels[j - 1] < l && fits(after[l], j + 1) {
            return Some((after[l], j + 1));
        }
        same = if j > 0 && levels[j - 1] == l {
            same + 1
        } else {
            1
        };
        // Carry.
        if same >= MERGE_FACTOR && fits(j + 1 - MERGE_FACTOR, j + 1) {
            return Some((j + 1 - MERGE_FACTOR, j + 1));
        }
        after[..=l].fill(j + 1);
    }
    segs.iter()
        .position(|s| s.live_docs * 2 < s.total_docs)
        .map(|i| (i, i + 1))
}

/// Bytes a streamed merge gathers in RAM before it hands them to its
/// files' buffered writers.
/// (Tiny in unit tests, so that every piece is drained many times.)
const DRAIN_BYTES: usize = if cfg!(test) { 100 } else { 1 << 20 };

/// Where a merge writes its segment.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// Files built in RAM (an in-memory index).
    Ram,
    /// Files `seg-<id>.*` streamed into `dir` with bounded memory.
    Disk { dir: &'a Path, id: u64 },
}

/// One part of a payload being written.
enum Sink {
    Ram(Vec<u8>),
    /// A part that follows parts not yet known.
    Scratch(ScratchFile),
    /// The file itself (a payload written front to back).
    File(FileWriter),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Ram(v) => v.write(buf),
            Sink::Scratch(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Ram(_) => Ok(()),
            Sink::Scratch(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

impl Sink {
    fn path(&self) -> PathBuf {
        match self {
            Sink::Ram(_) => PathBuf::from("(memory)"),
            Sink::Scratch(s) => s.path().to_path_buf(),
            Sink::File(f) => f.path().to_path_buf(),
        }
    }
}

/// A payload's parts in file order.
enum Piece {
    Bytes(Vec<u8>),
    Sink(Sink),
}

/// The sinks of one merge: every file written front to back goes straight
/// to its file, every part preceded by a head known only at the end (the
/// FST, dictionary records, forward records, store blocks) to a scratch
/// file next to it.
struct Sinks<'a> {
    target: Target<'a>,
}

impl Sinks<'_> {
    fn file(&self, kind: FileKind) -> Result<Sink> {
        match self.target {
            Target::Ram => Ok(Sink::Ram(Vec::new())),
            Target::Disk { dir, id } => Ok(Sink::File(FileWriter::create(
                &dir.join(segment_file_name(id, kind)),
                kind,
            )?)),
        }
    }

    fn scratch(&self, kind: FileKind, part: &str) -> Result<Sink> {
        match self.target {
            Target::Ram => Ok(Sink::Ram(Vec::new())),
            Target::Disk { dir, id } => Ok(Sink::Scratch(ScratchFile::create(
                &dir.join(format!("{}.{part}.part", segment_file_name(id, kind))),
            )?)),
        }
    }

    /// Writes a payload from its pieces: the file on disk, or the bytes.
    fn emit(&self, kind: FileKind, pieces: Vec<Piece>) -> Result<Option<(FileKind, Vec<u8>)>> {
        match self.target {
            Target::Ram => {
                let mut out = Vec::new();
                for p in pieces {
                    match p {
                        Piece::Bytes(b) | Piece::Sink(Sink::Ram(b)) => out.extend_from_slice(&b),
                        Piece::Sink(_) => unreachable!("RAM merges use RAM sinks"),
                    }
                }
                Ok(Some((kind, out)))
            }
            Target::Disk { dir, id } => {
                let mut pieces = pieces.into_iter().peekable();
                let mut f = match pieces.next_if(|p| matches!(p, Piece::Sink(Sink::File(_)))) {
                    Some(Piece::Sink(Sink::File(f))) => f,
                    _ => FileWriter::create(&dir.join(segment_file_name(id, kind)), kind)?,
                };
                for p in pieces {
                    match p {
                        Piece::Bytes(b) | Piece::Sink(Sink::Ram(b)) => {
                            f.write_all(&b).map_err(|e| io_err(f.path(), e))?
                        }
                        Piece::Sink(Sink::Scratch(s)) => f.append(s)?,
                        Piece::Sink(Sink::File(_)) => unreachable!("a file sink comes first"),
                    }
                }
                f.finish()?;
                Ok(None)
            }
        }
    }
}

/// Merges `segs` (adjacent, ascending global ids) into one segment with id
/// `id`, keeping only live documents: in `dir` (streamed, see
/// [`merge_to`]) or in RAM. `None` when no document is live.
pub fn merge_segments(
    segs: &[SegmentReader],
    dir: Option<&Path>,
    id: u64,
) -> Result<Option<SegmentReader>> {
    match dir {
        None => merge_to(segs, Target::Ram)?
            .map(|files| SegmentReader::from_ram(id, files))
            .transpose(),
        Some(dir) => merge_to(segs, Target::Disk { dir, id })?
            .map(|_| SegmentReader::open(dir, id, None))
            .transpose(),
    }
}

/// Merges `segs` into `target`; returns the files (empty for a disk
/// target, whose files are written), or `None` when no document is live.
///
/// Memory: the columns and id maps (about 25 bytes a document and 4 a
/// term of each input), one term's postings, the forward index's offsets
/// (8 bytes a document) and the store's block index; everything else is
/// drained every `DRAIN_BYTES` to buffered writers. Files are written under
/// the new segment's names (scratch parts as `seg-<id>.<ext>.<part>.part`),
/// which no manifest names until the caller commits.
pub fn merge_to(segs: &[SegmentReader], target: Target<'_>) -> Result<Option<SegmentFiles>> {
    // New local ids of the live documents, and their columns.
    let mut cols = ColumnsData::default();
    let mut doc_maps: Vec<Vec<u32>> = Vec::with_capacity(segs.len());
    for s in segs {
        let mut map = Vec::with_capacity(s.num_docs_in_segment() as usize);
        for local in 0..s.num_docs_in_segment() {
            if s.is_deleted(local) {
                map.push(TERMINATED);
            } else {
                map.push(cols.len() as u32);
                cols.push(
                    s.global_id(local),
                    s.doc_len(local),
                    s.title_len(local),
                    s.date(local),
                );
            }
        }
        doc_maps.push(map);
    }
    if cols.is_empty() {
        return Ok(None);
    }
    let sinks = Sinks { target };
    let mut post = sinks.file(FileKind::Postings)?;
    let mut pos = sinks.file(FileKind::Positions)?;
    let mut records = sinks.scratch(FileKind::Terms, "records")?;
    let dict = TermDictWriter::new(sinks.scratch(FileKind::Terms, "fst")?)
        .map_err(|e| fst_err(&records, e))?;
    let mut ser = SegmentSerializer::with_dict(cols, dict);
    // The inputs are read through once: drop their mapped pages now and
    // then, or the process's resident set would grow by their size.
    let mut drains = 0usize;
    let mut release = || {
        drains += 1;
        if drains.is_multiple_of(RELEASE_EVERY) {
            segs.iter().for_each(SegmentReader::release_pages);
        }
    };
    let mut drain = |ser: &mut SegmentSerializer<Sink>,
                     post: &mut Sink,
                     pos: &mut Sink,
                     records: &mut Sink|
     -> Result<()> {
        release();
        ser.drain(post, pos, records)
            .map_err(|e| io_err(&post.path(), e))
    };
    // k-way merge of the sorted dictionaries.
    let mut ord_maps: Vec<Vec<u32>> = segs
        .iter()
        .map(|s| vec![NO_TERM; s.num_terms() as usize])
        .collect();
    let mut heap: BinaryHeap<Reverse<(String, usize, u32)>> = BinaryHeap::new();
    for (i, s) in segs.iter().enumerate() {
        if s.num_terms() > 0 {
            heap.push(Reverse((s.term(0), i, 0)));
        }
    }
    let mut positions = Vec::new();
    let mut holders: Vec<(usize, u32)> = Vec::new();
    while let Some(Reverse((key, _, _))) = heap.peek().cloned() {
        holders.clear();
        while let Some(Reverse((k, i, ord))) = heap.peek() {
            if *k != key {
                break;
            }
            let (i, ord) = (*i, *ord);
            heap.pop();
            holders.push((i, ord));
            if ord + 1 < segs[i].num_terms() {
                heap.push(Reverse((segs[i].term(ord + 1), i, ord + 1)));
            }
        }
        holders.sort_unstable();
        for &(i, ord) in &holders {
            let mut c = segs[i].postings(ord);
            while c.doc() != TERMINATED {
                let new = doc_maps[i]
                    .get(c.doc() as usize)
                    .copied()
                    .unwrap_or(TERMINATED);
                if new != TERMINATED {
                    c.positions(&mut positions);
                    ser.postings.add_doc(new, c.tf(), &positions);
                }
                c.advance();
            }
        }
        if ser.postings.num_docs() > 0 {
            let new_ord = ser
                .try_finish_term(key.as_bytes())
                .map_err(|e| fst_err(&records, e))?;
            for &(i, ord) in &holders {
                ord_maps[i][ord as usize] = new_ord;
            }
            if ser.postings.post.len() + ser.postings.pos.len() >= DRAIN_BYTES {
                drain(&mut ser, &mut post, &mut pos, &mut records)?;
            }
        }
    }
    drain(&mut ser, &mut post, &mut pos, &mut records)?;
    drop(doc_maps);
    let (cols, dict) = ser.into_parts();
    let parts = dict.finish_parts().map_err(|e| fst_err(&records, e))?;
    let mut files = vec![
        sinks.emit(FileKind::Columns, vec![Piece::Bytes(cols.encode())])?,
        sinks.emit(
            FileKind::Terms,
            vec![
                Piece::Bytes(parts.head),
                Piece::Sink(parts.fst),
                Piece::Bytes(parts.middle),
                Piece::Sink(records),
                Piece::Bytes(parts.tail),
            ],
        )?,
        sinks.emit(FileKind::Postings, vec![Piece::Sink(post)])?,
        sinks.emit(FileKind::Positions, vec![Piece::Sink(pos)])?,
    ];
    // Forward index, sentence starts and store, document by document.
    let mut fwd = ForwardWriter::default();
    let mut sent = ForwardWriter::default();
    let mut store = StoreWriter::default();
    let mut fwd_out = sinks.scratch(FileKind::Forward, "records")?;
    let mut sent_out = sinks.scratch(FileKind::Sentences, "records")?;
    let mut store_out = sinks.scratch(FileKind::Store, "blocks")?;
    let mut ords = Vec::new();
    let mut rec = Vec::new();
    let mut n = 0usize;
    for (i, s) in segs.iter().enumerate() {
        for local in 0..s.num_docs_in_segment() {
            if s.is_deleted(local) {
                continue;
            }
            s.forward(local, &mut ords);
            for o in ords.iter_mut() {
                if *o != NO_TERM {
                    *o = ord_maps[i].get(*o as usize).copied().unwrap_or(NO_TERM);
                }
            }
            fwd.add(&ords);
            s.sentence_starts(local, &mut ords);
            sent.add(&ords);
            let d = s.stored(local)?;
            rec.clear();
            encode_record(d.text.as_deref(), d.title.as_deref(), &d.fields, &mut rec);
            store.add_record(&rec);
            n += 1;
            if n.is_multiple_of(DRAIN_DOCS) {
                release();
                fwd.drain(&mut fwd_out)
                    .map_err(|e| io_err(&fwd_out.path(), e))?;
                sent.drain(&mut sent_out)
                    .map_err(|e| io_err(&sent_out.path(), e))?;
                store
                    .drain(&mut store_out)
                    .map_err(|e| io_err(&store_out.path(), e))?;
            }
        }
    }
    for (kind, w, out) in [
        (FileKind::Forward, fwd, fwd_out),
        (FileKind::Sentences, sent, sent_out),
    ] {
        let (head, tail) = w.finish_parts();
        files.push(sinks.emit(
            kind,
            vec![Piece::Bytes(head), Piece::Sink(out), Piece::Bytes(tail)],
        )?);
    }
    let (head, tail) = store.finish_parts();
    files.push(sinks.emit(
        FileKind::Store,
        vec![
            Piece::Bytes(head),
            Piece::Sink(store_out),
            Piece::Bytes(tail),
        ],
    )?);
    let num_docs = cols.len() as u32;
    Ok(Some(SegmentFiles {
        files: files.into_iter().flatten().collect(),
        num_docs,
    }))
}

/// Drains between two releases of the inputs' mapped pages.
const RELEASE_EVERY: usize = 4;

/// Documents between two drains of the forward index and store.
const DRAIN_DOCS: usize = if cfg!(test) { 7 } else { 1024 };

fn fst_err(sink: &Sink, e: fst::Error) -> crate::Error {
    match e {
        fst::Error::Io(e) => io_err(&sink.path(), e),
        e => unreachable!("terms are merged in ascending order: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(live: &[u32], total: &[u32]) -> Vec<SegmentSize> {
        live.iter()
            .zip(total)
            .map(|(&live_docs, &total_docs)| SegmentSize {
                live_docs,
                total_docs,
                bytes: total_docs as u64 * 100,
            })
            .collect()
    }

    #[test]
    fn policy_merges_neighbours_on_one_level() {
        let f = MERGE_FACTOR as u32;
        let ones = [1; MERGE_FACTOR - 1];
        assert_eq!(pick_merge(&sizes(&ones, &ones), u64::MAX), None);
        let live = [f * f, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        assert_eq!(
            pick_merge(&sizes(&live, &live), u64::MAX),
            Some((1, 1 + MERGE_FACTOR))
        );
        assert_eq!(
            pick_merge(&sizes(&[10, 3], &[10, 7]), u64::MAX),
            Some((1, 2))
        );
    }

    #[test]
    fn policy_merges_a_higher_segment_with_the_lower_ones_before_it() {
        let f = MERGE_FACTOR as u32;
        let pick = |live: &[u32]| pick_merge(&sizes(live, live), u64::MAX);
        // The alternating commits of the audit: 8, 1, 8 docs.
        assert_eq!(pick(&[f, 1, f]), Some((1, 3)));
        // Every lower segment before it, not the higher one before them.
        assert_eq!(pick(&[f * f, 1, 2, 3, f]), Some((1, 5)));
        assert_eq!(pick(&[f, 1, 1, f * f]), Some((0, 4)));
        // Falling levels stay.
        assert_eq!(pick(&[f * f, f, f, 1, 1]), None);
        // The leftmost candidate first.
        assert_eq!(pick(&[1, f, 1, f]), Some((0, 2)));
        // A catch-up too large for the bound is skipped.
        let live = [f * f, 1, f * f * f, 1, f];
        let segs = sizes(&live, &live);
        assert_eq!(pick_merge(&segs, 1000), Some((3, 5)));
        assert_eq!(pick_merge(&segs, 100), None);
    }

    /// Segments as ranges of document ids (merges join neighbours, so a
    /// segment is always one range) and how often each document was
    /// rewritten.
    struct Sim {
        segs: Vec<std::ops::Range<u32>>,
        rewrites: Vec<u32>,
    }

    impl Sim {
        fn sizes(&self) -> Vec<SegmentSize> {
            self.segs
                .iter()
                .map(|r| SegmentSize {
                    live_docs: r.len() as u32,
                    total_docs: r.len() as u32,
                    bytes: r.len() as u64 * 100,
                })
                .collect()
        }

        /// Adds a segment of `n` documents and merges until the policy
        /// stops.
        fn commit(&mut self, n: u32, max_bytes: u64) {
            let start = self.rewrites.len() as u32;
            self.rewrites.resize((start + n) as usize, 0);
            self.segs.push(start..start + n);
            while let Some((a, b)) = pick_merge(&self.sizes(), max_bytes) {
                assert!(a + 1 < b && b <= self.segs.len(), "{a}..{b}");
                let bytes: u64 = self.sizes()[a..b].iter().map(|s| s.bytes).sum();
                assert!(bytes <= max_bytes);
                let r = self.segs[a].start..self.segs[b - 1].end;
                for d in r.clone() {
                    self.rewrites[d as usize] += 1;
                }
                self.segs.splice(a..b, [r]);
            }
        }
    }

    /// Commit sizes: random over several orders of magnitude, alternating,
    /// rising and falling.
    fn commit_sizes() -> impl Strategy<Value = Vec<u32>> {
        let random = prop::collection::vec((0u32..13, any::<u32>()), 1..400)
            .prop_map(|v| v.into_iter().map(|(e, r)| 1 + r % (1 << e)).collect());
        let alternating = (1u32..600, 1u32..600, 1usize..600)
            .prop_map(|(a, b, n)| (0..n).map(|i| if i % 2 == 0 { a } else { b }).collect());
        let rising = (1u32..40, 1usize..300)
            .prop_map(|(k, n)| (1..=n as u32).map(|i| i * k).collect::<Vec<u32>>());
        let falling = rising
            .clone()
            .prop_map(|v| v.into_iter().rev().collect::<Vec<u32>>());
        prop_oneof![random, alternating, rising, falling]
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any sequence of commits keeps at most F - 1 segments a level
        /// (so their count is logarithmic), and no document is rewritten
        /// more than 2 * level(n) + 1 times (merge work O(n log n)).
        #[test]
        fn policy_keeps_segments_logarithmic_with_logarithmic_work(sizes in commit_sizes()) {
            let mut sim = Sim { segs: Vec::new(), rewrites: Vec::new() };
            for &n in &sizes {
                sim.commit(n, u64::MAX);
                let docs = sim.rewrites.len() as u32;
                let bound = (MERGE_FACTOR - 1) * (level(docs) as usize + 1);
                prop_assert!(sim.segs.len() <= bound, "{} segments > {bound}", sim.segs.len());
                let levels: Vec<u32> = sim.segs.iter().map(|r| level(r.len() as u32)).collect();
                prop_assert!(levels.windows(2).all(|w| w[0] >= w[1]), "{levels:?}");
            }
            let docs = sim.rewrites.len() as u32;
            let most = sim.rewrites.iter().copied().max().unwrap_or(0);
            prop_assert!(most <= 2 * level(docs) + 1, "{most} rewrites, {docs} docs");
        }

        /// Under a size bound (an in-memory index) every merge stays
        /// within it, and the policy still stops.
        #[test]
        fn policy_respects_the_size_bound(sizes in commit_sizes(), max_docs in 1u64..5000) {
            let mut sim = Sim { segs: Vec::new(), rewrites: Vec::new() };
            for &n in &sizes {
                sim.commit(n, max_docs * 100);
            }
        }

        /// From any state (deletions, segments left by an older policy or
        /// by `Index::merge`) merging by the policy stops with the segments
        /// within the bound.
        #[test]
        fn policy_settles_from_any_state(
            segs in prop::collection::vec((1u32..5000, 0u32..5000), 1..300)
        ) {
            let mut segs: Vec<SegmentSize> = segs
                .into_iter()
                .map(|(live, deleted)| SegmentSize {
                    live_docs: live,
                    total_docs: live + deleted,
                    bytes: (live + deleted) as u64 * 100,
                })
                .collect();
            let live: u32 = segs.iter().map(|s| s.live_docs).sum();
            let mut steps = 0;
            while let Some((a, b)) = pick_merge(&segs, u64::MAX) {
                steps += 1;
                prop_assert!(steps <= 2 * 300, "no end");
                let n: u32 = segs[a..b].iter().map(|s| s.live_docs).sum();
                let merged = SegmentSize { live_docs: n, total_docs: n, bytes: n as u64 * 100 };
                segs.splice(a..b, [merged]);
            }
            let bound = (MERGE_FACTOR - 1) * (level(live) as usize + 1);
            prop_assert!(segs.len() <= bound, "{} segments > {bound}", segs.len());
        }
    }

    #[test]
    fn streamed_merge_writes_the_bytes_of_the_ram_merge() {
        use crate::analysis::{Analyzer, AnalyzerConfig};
        use crate::index::segment::SEGMENT_FILES;
        use crate::index::{DocInput, Index, IndexOptions};
        let dir = tempfile::tempdir().unwrap();
        let opts = IndexOptions {
            memory_budget: 1 << 20,
            threads: Some(1),
            store_documents: true,
        };
        let analyzer = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let mut ix = Index::create_or_open(&dir.path().join("ix"), analyzer, true, opts).unwrap();
        let words = ["haus", "über", "straße", "nato", "bund", "land", "zeit"];
        for batch in 0..5u32 {
            let docs = (0..300u32)
                .map(|i| {
                    let n = batch * 300 + i;
                    let text: Vec<&str> =
                        (0..n % 40).map(|k| words[((n * k) % 7) as usize]).collect();
                    DocInput {
                        text: format!("{} wort{n}. Satz zwei", text.join(" ")),
                        title: (n % 3 == 0).then(|| format!("titel {}", n % 11)),
                        date: (n % 2 == 0).then_some(738_000 + n as i32),
                        fields: vec![("section".into(), format!("S{}", n % 4))],
                    }
                })
                .collect();
            ix.add_many(docs).unwrap();
            ix.commit().unwrap();
        }
        for d in (0..1500).step_by(7) {
            ix.delete(d).unwrap();
        }
        ix.commit().unwrap();
        let s = ix.searcher().unwrap();
        let segs = s.segments();
        assert!(segs.len() >= 2 && segs.iter().any(|x| x.deletes().count() > 0));
        let (a, b) = (dir.path().join("ram"), dir.path().join("disk"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let files = merge_to(segs, Target::Ram).unwrap().unwrap();
        files.write_to(&a, 9).unwrap();
        assert!(
            merge_to(segs, Target::Disk { dir: &b, id: 9 })
                .unwrap()
                .unwrap()
                .files
                .is_empty()
        );
        for kind in SEGMENT_FILES {
            let name = segment_file_name(9, kind);
            let (x, y) = (
                std::fs::read(a.join(&name)).unwrap(),
                std::fs::read(b.join(&name)).unwrap(),
            );
            assert!(x == y, "{name} differs");
        }
        // No scratch part is left behind, and the segment reads back.
        assert_eq!(std::fs::read_dir(&b).unwrap().count(), SEGMENT_FILES.len());
        let merged = SegmentReader::open(&b, 9, None).unwrap();
        let live: u32 = segs.iter().map(|x| x.num_live_docs()).sum();
        assert_eq!(merged.num_docs_in_segment(), live);
    }

    #[test]
    fn policy_merges_no_run_larger_than_the_bound() {
        let live = [1000; MERGE_FACTOR];
        let segs = sizes(&live, &live);
        let total: u64 = segs.iter().map(|s| s.bytes).sum();
        assert_eq!(pick_merge(&segs, total), Some((0, MERGE_FACTOR)));
        assert_eq!(pick_merge(&segs, total - 1), None);
    }
}
