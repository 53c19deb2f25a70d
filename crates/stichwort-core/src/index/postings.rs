//! Postings and positions of one term, and the cursor over them.
//!
//! Postings of a term with `df` documents are `ceil(df / 128)` blocks. When
//! there is more than one, the term's region in the postings file starts
//! with one skip entry per block
//! (`SKIP_LEN` bytes: last doc, max tf, min doc length, max BM25
//! saturation, byte offset of the block, byte offset of its first position
//! block, index of its first position value), then the blocks: doc-id deltas and `tf - 1`, each
//! bit-packed ([`codec::write_block`]); the last block may be shorter.
//!
//! Positions of a term are one stream of `coll_freq` values (per document:
//! the first position, then deltas), cut into blocks of 128 bit-packed
//! values; the skip entry of a postings block says where the positions of its
//! first document start, so `seek` never decodes skipped positions.
//!
//! The max saturation is the block's largest `tf / (tf + K1 (1 - B + B dl /
//! a))` (f32, rounded up) at the segment's own average length `a` of the
//! field: one number that bounds the BM25 of every document of the block at
//! any index-wide average (see [`crate::query::bm25::weight_bound`]). Max tf
//! and min length each come from their own document, and the BM25 of that
//! pair was above the block's best by so much that it rarely pruned.

use super::codec::{self, BLOCK};
use super::file_format::{put_u32, put_u64};
use crate::query::bm25::max_saturation;

pub const SKIP_LEN: usize = 40;
/// `PostingsCursor::doc()` once the cursor is exhausted.
pub const TERMINATED: u32 = u32::MAX;

/// One skip entry, as stored.
#[derive(Clone, Copy, Debug, Default)]
pub struct Skip {
    pub last_doc: u32,
    pub max_tf: u32,
    pub min_len: u32,
    pub max_sat: f32,
    pub doc_off: u64,
    pub pos_off: u64,
    pub pos_index: u64,
}

impl Skip {
    fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.last_doc);
        put_u32(out, self.max_tf);
        put_u32(out, self.min_len);
        put_u32(out, self.max_sat.to_bits());
        put_u64(out, self.doc_off);
        put_u64(out, self.pos_off);
        put_u64(out, self.pos_index);
    }

    fn read(b: &[u8]) -> Option<Skip> {
        let b = b.get(..SKIP_LEN)?;
        let u32_ = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4"));
        let u64_ = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8"));
        Some(Skip {
            last_doc: u32_(0),
            max_tf: u32_(4),
            min_len: u32_(8),
            max_sat: f32::from_bits(u32_(12)),
            doc_off: u64_(16),
            pos_off: u64_(24),
            pos_index: u64_(32),
        })
    }
}

/// Where a written term lives, for the term dictionary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermInfo {
    /// Documents containing the term (deleted ones included).
    pub doc_freq: u32,
    /// Whether positions are stored (false for metadata keywords).
    pub has_positions: bool,
    /// Occurrences of the term (sum of tf; deleted documents included).
    pub coll_freq: u64,
    pub post_off: u64,
    pub pos_off: u64,
}

/// Encodes the postings and positions of one term after another into the
/// postings and positions payloads of a segment.
#[derive(Default)]
pub struct PostingsWriter {
    pub post: Vec<u8>,
    pub pos: Vec<u8>,
    docs: Vec<u32>,
    tfs: Vec<u32>,
    pending_pos: Vec<u32>,
    pos_values: u64,
    pos_block_offs: Vec<u64>,
    term_pos_start: u64,
    scratch: Vec<u32>,
    /// The blocks and skip entries of the term being finished (reused:
    /// most terms are small, and an allocation each would show).
    blocks: Vec<u8>,
    skips: Vec<Skip>,
    /// Bytes of `post` and `pos` already handed out by [`Self::drain`].
    drained: (u64, u64),
}

impl PostingsWriter {
    /// Adds a document (ascending local ids) with its term frequency and,
    /// when the term has positions, its `tf` ascending positions.
    pub fn add_doc(&mut self, doc: u32, tf: u32, positions: &[u32]) {
        debug_assert!(self.docs.last().is_none_or(|&d| d < doc));
        self.docs.push(doc);
        self.tfs.push(tf);
        let mut prev = 0;
        for (i, &p) in positions.iter().enumerate() {
            self.pending_pos.push(if i == 0 { p } else { p - prev });
            prev = p;
            if self.pending_pos.len() == BLOCK {
                self.flush_pos_block();
            }
        }
    }

    fn flush_pos_block(&mut self) {
        self.pos_block_offs
            .push(self.pos.len() as u64 - self.term_pos_start);
        codec::write_block(&self.pending_pos, &mut self.pos);
        self.pos_values += self.pending_pos.len() as u64;
        self.pending_pos.clear();
    }

    pub fn num_docs(&self) -> usize {
        self.docs.len()
    }

    /// Finishes the term; `lens[doc]` is the length used for the block's
    /// minimum and max saturation (body or title length), `avgdl` the
    /// segment's average of it ([`super::columns::ColumnsData::avg_len`]).
    pub fn finish_term(&mut self, has_positions: bool, lens: &[u32], avgdl: f64) -> TermInfo {
        if !self.pending_pos.is_empty() {
            self.flush_pos_block();
        }
        let df = self.docs.len();
        let info = TermInfo {
            doc_freq: df as u32,
            has_positions,
            coll_freq: self.tfs.iter().map(|&t| t as u64).sum(),
            post_off: self.drained.0 + self.post.len() as u64,
            pos_off: self.drained.1 + self.term_pos_start,
        };
        let nblocks = df.div_ceil(BLOCK);
        let mut blocks = std::mem::take(&mut self.blocks);
        let mut skips = std::mem::take(&mut self.skips);
        blocks.clear();
        skips.clear();
        let mut prev_doc = 0u32;
        let mut value_index = 0u64;
        for b in 0..nblocks {
            let range = b * BLOCK..((b + 1) * BLOCK).min(df);
            let docs = &self.docs[range.clone()];
            let tfs = &self.tfs[range];
            let (pos_off, pos_index) = if has_positions {
                let blk = (value_index / BLOCK as u64) as usize;
                (
                    self.pos_block_offs.get(blk).copied().unwrap_or(0),
                    value_index,
                )
            } else {
                (0, 0)
            };
            let len = |d: u32| lens.get(d as usize).copied().unwrap_or(0);
            skips.push(Skip {
                last_doc: *docs.last().expect("non-empty block"),
                max_tf: tfs.iter().copied().max().unwrap_or(0),
                min_len: docs.iter().map(|&d| len(d)).min().unwrap_or(0),
                max_sat: max_saturation(tfs.iter().zip(docs).map(|(&t, &d)| (t, len(d))), avgdl),
                doc_off: blocks.len() as u64,
                pos_off,
                pos_index,
            });
            self.scratch.clear();
            for &d in docs {
                self.scratch.push(d - prev_doc);
                prev_doc = d;
            }
            codec::write_block(&self.scratch, &mut blocks);
            self.scratch.clear();
            self.scratch.extend(tfs.iter().map(|&t| t - 1));
            codec::write_block(&self.scratch, &mut blocks);
            if has_positions {
                value_index += tfs.iter().map(|&t| t as u64).sum::<u64>();
            }
        }
        // A single block needs no skip entry: the cursor derives it.
        if nblocks > 1 {
            for s in &skips {
                s.write(&mut self.post);
            }
        }
        self.post.extend_from_slice(&blocks);
        self.blocks = blocks;
        self.skips = skips;
        self.docs.clear();
        self.tfs.clear();
        self.pos_values = 0;
        self.pos_block_offs.clear();
        self.term_pos_start = self.pos.len() as u64;
        info
    }

    /// Moves the bytes of the finished terms to `post` and `pos` (a merge
    /// streaming to disk); later offsets continue where these end.
    pub fn drain(
        &mut self,
        post: &mut impl std::io::Write,
        pos: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        debug_assert!(self.docs.is_empty() && self.pending_pos.is_empty());
        post.write_all(&self.post)?;
        pos.write_all(&self.pos)?;
        self.drained.0 += self.post.len() as u64;
        self.drained.1 += self.pos.len() as u64;
        self.post.clear();
        self.pos.clear();
        self.term_pos_start = 0;
        Ok(())
    }
}

/// A cursor on no term with the decode buffers `[docs, tfs, pos_buf,
/// keep]` (their contents never outlive a block: each use overwrites
/// them); [`PostingsCursor::reopen`] gives it a term.
fn blank([docs, tfs, pos_buf, keep]: [Vec<u32>; 4]) -> PostingsCursor<'static> {
    PostingsCursor {
        post: &[],
        pos: &[],
        info: TermInfo::default(),
        nblocks: 0,
        block: 0,
        skip: Skip::default(),
        docs,
        tfs,
        tf_off: 0,
        tfs_valid: false,
        i: 0,
        tf_prefix: 0,
        tf_upto: 0,
        pos_buf,
        pos_buf_first: 0,
        pos_valid: false,
        pos_loc: None,
        pos_touched: u64::MAX,
        keep,
    }
}

/// Iterates the postings of one term in one segment (local doc ids).
///
/// Starts on the first document; `doc()` is [`TERMINATED`] when exhausted.
/// A block's tfs are decoded only when a tf or positions are asked for, so
/// counting and intersecting read the doc-id blocks alone.
/// Damaged data (which the file checksum makes all but impossible) ends the
/// iteration early instead of panicking.
pub struct PostingsCursor<'a> {
    post: &'a [u8],
    pos: &'a [u8],
    info: TermInfo,
    nblocks: usize,
    block: usize,
    skip: Skip,
    docs: Vec<u32>,
    tfs: Vec<u32>,
    /// Byte offset (in `post`) of the current block's tf block, and whether
    /// `tfs` holds it decoded.
    tf_off: usize,
    tfs_valid: bool,
    i: usize,
    /// Sum of the tfs of the documents before `tf_upto` in this block
    /// (advanced lazily up to `i` when positions are read).
    tf_prefix: u64,
    tf_upto: usize,
    /// A decoded position block (the stream is immutable, so it stays
    /// valid while the cursor moves), and the stream index of its first value.
    pos_buf: Vec<u32>,
    pos_buf_first: u64,
    pos_valid: bool,
    /// Byte offset and first stream index of the last position block
    /// located (a start for stepping to later ones).
    pos_loc: Option<(u64, u64)>,
    /// First stream index of the block last read by a partial decode: a
    /// second read of the same block decodes it whole.
    pos_touched: u64,
    /// Per value of [`Self::block_positions`]: 0 where a document's run
    /// starts, else all ones (the mask of its one-pass prefix sums).
    keep: Vec<u32>,
}

impl<'a> PostingsCursor<'a> {
    /// `post`/`pos`: the segment's whole postings and positions payloads.
    pub fn new(post: &'a [u8], pos: &'a [u8], info: TermInfo) -> Self {
        let mut c = blank([
            Vec::with_capacity(BLOCK),
            Vec::with_capacity(BLOCK),
            Vec::new(),
            Vec::new(),
        ]);
        c.reopen(post, pos, info);
        c
    }

    /// Moves this cursor to another term (of any segment whose payloads
    /// live as long), keeping its buffers: [`Self::new`] without the
    /// allocations, which are much of a rare And's cost per segment. (Sets
    /// every field but the buffers, one by one: building a new cursor and
    /// moving it here copied it twice.)
    pub fn reopen(&mut self, post: &'a [u8], pos: &'a [u8], info: TermInfo) {
        self.post = post.get(info.post_off as usize..).unwrap_or(&[]);
        self.pos = if info.has_positions {
            pos.get(info.pos_off as usize..).unwrap_or(&[])
        } else {
            &[]
        };
        self.info = info;
        self.nblocks = (info.doc_freq as usize).div_ceil(BLOCK);
        self.block = 0;
        self.skip = Skip::default();
        self.tf_off = 0;
        self.tfs_valid = false;
        self.i = 0;
        self.tf_prefix = 0;
        self.tf_upto = 0;
        self.pos_buf_first = 0;
        self.pos_valid = false;
        self.pos_loc = None;
        self.pos_touched = u64::MAX;
        self.load_block(0);
    }

    /// The cursor without its term (exhausted), its buffers kept: one that
    /// can outlive the segment, to be reopened by a later query.
    pub fn detach(self) -> PostingsCursor<'static> {
        let mut c = blank([self.docs, self.tfs, self.pos_buf, self.keep]);
        c.terminate();
        c
    }

    /// An exhausted cursor (for a term that is absent).
    pub fn empty() -> PostingsCursor<'static> {
        PostingsCursor::new(&[], &[], TermInfo::default())
    }

    pub fn term_info(&self) -> TermInfo {
        self.info
    }

    fn skip_at(&self, b: usize) -> Option<Skip> {
        if self.nblocks == 1 {
            return (b == 0).then(Skip::default);
        }
        Skip::read(self.post.get(b * SKIP_LEN..)?)
    }

    /// The last doc of block `b` (several blocks only), read alone.
    #[inline]
    fn last_doc_at(&self, b: usize) -> Option<u32> {
        let o = b * SKIP_LEN;
        let bytes = self.post.get(o..o + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().expect("4 bytes")))
    }

    /// Bytes of skip entries before the blocks.
    fn skips_len(&self) -> usize {
        if self.nblocks > 1 {
            self.nblocks * SKIP_LEN
        } else {
            0
        }
    }

    fn terminate(&mut self) {
        self.block = self.nblocks;
        self.docs.clear();
        self.tfs.clear();
        self.tfs_valid = true;
        self.i = 0;
    }

    fn block_len(&self, b: usize) -> usize {
        if b + 1 == self.nblocks {
            self.info.doc_freq as usize - b * BLOCK
        } else {
            BLOCK
        }
    }

    fn load_block(&mut self, b: usize) {
        if b >= self.nblocks {
            return self.terminate();
        }
        let Some(skip) = self.skip_at(b) else {
            return self.terminate();
        };
        let n = self.block_len(b);
        let base = self.skips_len();
        let ok = (|| {
            let start = base.checked_add(skip.doc_off as usize)?;
            let used = codec::read_block(self.post.get(start..)?, n, &mut self.docs)?;
            let first = if b == 0 {
                0u64
            } else {
                self.skip_at(b - 1)?.last_doc as u64
            };
            // Deltas are >= 1 but for the very first doc of the term (a
            // fold rather than an early exit, so that it vectorizes); the
            // ids ascend, so only the last can overflow.
            let deltas = self.docs.iter().skip((b == 0) as usize);
            if deltas.fold(false, |z, &x| z | (x == 0)) {
                return None;
            }
            let mut d = first;
            for x in self.docs.iter_mut() {
                d += *x as u64;
                *x = d as u32;
            }
            if d >= TERMINATED as u64 {
                return None;
            }
            self.tf_off = start + used;
            Some(())
        })();
        if ok.is_none() {
            return self.terminate();
        }
        self.block = b;
        self.skip = skip;
        self.tfs_valid = false;
        if self.nblocks == 1 {
            // min_len 0 is the safe (largest) bound for block-max WAND, and
            // the saturation at length 0 is the same at any average.
            self.skip.last_doc = *self.docs.last().expect("n >= 1");
            if !self.decode_tfs() {
                return;
            }
            self.skip.max_tf = self.tfs.iter().copied().max().unwrap_or(0);
            self.skip.max_sat = max_saturation(std::iter::once((self.skip.max_tf, 0)), 1.0);
        }
        self.i = 0;
        self.tf_prefix = 0;
        self.tf_upto = 0;
    }

    /// Decodes the current block's tfs (false, and terminated, when damaged).
    #[cold]
    fn decode_tfs(&mut self) -> bool {
        let n = self.docs.len();
        let ok = (|| {
            codec::read_block(self.post.get(self.tf_off..)?, n, &mut self.tfs)?;
            // Stored as tf - 1; a fold and a wrapping add rather than an
            // early exit per value, so that both loops vectorize.
            if self.tfs.iter().fold(false, |z, &t| z | (t == u32::MAX)) {
                return None;
            }
            for t in self.tfs.iter_mut() {
                *t = t.wrapping_add(1);
            }
            Some(())
        })();
        if ok.is_none() {
            self.terminate();
            return false;
        }
        self.tfs_valid = true;
        true
    }

    /// Current local doc id, or [`TERMINATED`].
    #[inline]
    pub fn doc(&self) -> u32 {
        self.docs.get(self.i).copied().unwrap_or(TERMINATED)
    }

    /// The decoded doc ids of the current block from the current one on
    /// (empty when exhausted).
    #[inline]
    pub fn block_docs(&self) -> &[u32] {
        self.docs.get(self.i..).unwrap_or(&[])
    }

    /// Decodes the current block's tfs if they are not yet (false when
    /// exhausted or damaged), so that [`Self::block_tfs`] can be read.
    pub fn decode_block_tfs(&mut self) -> bool {
        self.i < self.docs.len() && (self.tfs_valid || self.decode_tfs())
    }

    /// The tfs of [`Self::block_docs`] (empty unless
    /// [`Self::decode_block_tfs`] was called on this block).
    #[inline]
    pub fn block_tfs(&self) -> &[u32] {
        if self.tfs_valid {
            self.tfs.get(self.i..).unwrap_or(&[])
        } else {
            &[]
        }
    }

    /// Term frequency in the current document (0 when exhausted).
    #[inline]
    pub fn tf(&mut self) -> u32 {
        if !self.tfs_valid && !self.decode_tfs() {
            return 0;
        }
        self.tfs.get(self.i).copied().unwrap_or(0)
    }

    /// Moves to the next document; returns it.
    #[inline]
    pub fn advance(&mut self) -> u32 {
        self.i += 1;
        if self.i >= self.docs.len() {
            self.load_block(self.block + 1);
        }
        self.doc()
    }

    /// The index of the current document in its block.
    #[inline]
    pub fn index_in_block(&self) -> usize {
        self.i
    }

    /// Moves `n` documents on within the current block: to
    /// `block_docs()[n]`, known from a merge of the block's doc ids
    /// (`n < block_docs().len()`; clamped to the block's last document).
    #[inline]
    pub fn advance_in_block(&mut self, n: usize) -> u32 {
        debug_assert!(n < self.block_docs().len());
        self.i = (self.i + n).min(self.docs.len().saturating_sub(1));
        self.doc()
    }

    /// Moves to the first document `>= target` (never backwards), skipping
    /// whole blocks by their skip entries (galloping, then bisecting); returns it.
    pub fn seek(&mut self, target: u32) -> u32 {
        while self.doc() < target {
            if self.skip.last_doc < target {
                let Some(b) = self.block_for(target) else {
                    self.terminate();
                    return TERMINATED;
                };
                self.load_block(b);
            }
            // The block should hold a doc >= target (its last one, at least).
            // Targets are often near in dense intersections: look at a few
            // docs before bisecting the rest.
            let from = self.i.min(self.docs.len());
            let rest = &self.docs[from..];
            let near = rest.len().min(8);
            self.i = from
                + match rest[..near].iter().position(|&d| d >= target) {
                    Some(k) => k,
                    None => near + rest[near..].partition_point(|&d| d < target),
                };
            if self.i >= self.docs.len() {
                self.load_block(self.block + 1);
            }
        }
        self.doc()
    }

    /// The first block after the current one whose last doc is `>= target`.
    fn block_for(&self, target: u32) -> Option<usize> {
        let below = |b: usize| self.last_doc_at(b).is_some_and(|d| d < target);
        // Gallop: find lo < hi with block lo below target and hi not (or past the end).
        let mut lo = self.block;
        let mut step = 1;
        let mut hi = loop {
            let b = lo + step;
            if b >= self.nblocks {
                break self.nblocks;
            }
            if !below(b) {
                break b;
            }
            lo = b;
            step *= 2;
        };
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if below(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (hi < self.nblocks).then_some(hi)
    }

    /// Number of postings blocks of the term.
    pub fn num_blocks(&self) -> usize {
        self.nblocks
    }

    /// The skip entry of block `b` (read without decoding the block), for
    /// block-max pruning. A single block has none stored: its entry is the
    /// one derived when the cursor loaded it (min_len 0, a safe bound, and
    /// the max saturation of that length).
    pub fn skip_entry(&self, b: usize) -> Option<Skip> {
        if b >= self.nblocks {
            None
        } else if self.nblocks == 1 {
            Some(self.skip)
        } else {
            self.skip_at(b)
        }
    }

    /// Largest tf in the current block (for block-max WAND).
    pub fn block_max_tf(&self) -> u32 {
        self.skip.max_tf
    }

    /// Largest BM25 saturation in the current block (see the module comment).
    pub fn block_max_sat(&self) -> f32 {
        self.skip.max_sat
    }

    /// Last doc id of the current block ([`TERMINATED`] when exhausted).
    pub fn block_last_doc(&self) -> u32 {
        if self.block >= self.nblocks {
            TERMINATED
        } else {
            self.skip.last_doc
        }
    }

    /// Positions of the current document, ascending, into `out` (cleared).
    /// Empty for terms without positions.
    pub fn positions(&mut self, out: &mut Vec<u32>) {
        out.clear();
        if !self.info.has_positions || self.i >= self.docs.len() {
            return;
        }
        if !self.tfs_valid && !self.decode_tfs() {
            return;
        }
        while self.tf_upto < self.i {
            self.tf_prefix += self.tfs[self.tf_upto] as u64;
            self.tf_upto += 1;
        }
        let index = self.skip.pos_index + self.tf_prefix;
        let tf = self.tfs[self.i] as u64;
        // (A damaged tf past the stream's end is not allocated for.)
        if index + tf > self.info.coll_freq {
            return;
        }
        // Dense candidates mostly read on in the block decoded last: copied
        // from it, without zeroing the output first.
        let held = index.checked_sub(self.pos_buf_first).map(|a| (a, a + tf));
        if let Some((a, b)) =
            held.filter(|&(_, b)| self.pos_valid && b <= self.pos_buf.len() as u64)
        {
            out.extend_from_slice(&self.pos_buf[a as usize..b as usize]);
        } else {
            out.resize(tf as usize, 0);
            if self.fill_positions(index, out).is_none() {
                out.clear();
            }
        }
        undo_deltas(out);
    }

    /// Positions of every document of the current block into `out`
    /// (cleared), one run after another, and where the runs start into
    /// `starts` (cleared; one more entry, the end): the block's document
    /// `j` has `out[starts[j]..starts[j + 1]]`. One decode for the block
    /// instead of one per document, for a phrase key most of whose
    /// documents are candidates. False (both empty) for a term without
    /// positions, when exhausted or damaged.
    pub fn block_positions(&mut self, out: &mut Vec<u32>, starts: &mut Vec<u32>) -> bool {
        starts.clear();
        if !self.info.has_positions || !self.decode_block_tfs() {
            out.clear();
            return false;
        }
        let total: u64 = self.tfs.iter().map(|&t| t as u64).sum();
        if total > self.info.coll_freq.min(u32::MAX as u64) {
            out.clear();
            return false;
        }
        // (No sum overflows: the total is checked.)
        starts.reserve(self.tfs.len() + 1);
        starts.push(0);
        let mut end = 0u32;
        starts.extend(self.tfs.iter().map(|&tf| {
            end += tf;
            end
        }));
        // Every value is overwritten: only a longer block's new ones zeroed.
        out.resize(total as usize, 0);
        if self.fill_positions(self.skip.pos_index, out).is_none() {
            out.clear();
            starts.clear();
            return false;
        }
        self.keep.clear();
        self.keep.resize(out.len(), u32::MAX);
        for &s in &starts[..starts.len() - 1] {
            // Every tf is >= 1, so every run starts before the end.
            if let Some(k) = self.keep.get_mut(s as usize) {
                *k = 0;
            }
        }
        undo_runs(out, &self.keep, starts);
        true
    }

    /// Fills `out` with values `index..` of the position stream. A block
    /// wanted whole is decoded straight into `out`; one read a second time
    /// or for a large part is decoded (and kept) whole, else only the values
    /// wanted are read (a candidate of a phrase often needs a few values of
    /// a block no other candidate touches). None: damaged.
    fn fill_positions(&mut self, mut index: u64, out: &mut [u32]) -> Option<()> {
        let end = index + out.len() as u64;
        let mut at = 0;
        while index < end {
            // Dense candidates mostly read on in the block decoded last:
            // no need to locate it.
            let held = self.pos_buf_first..self.pos_buf_first + self.pos_buf.len() as u64;
            let (off, first) = if self.pos_valid && held.contains(&index) {
                (0, held.start)
            } else {
                self.locate(index)?
            };
            let n = (self.info.coll_freq.checked_sub(first)?).min(BLOCK as u64) as usize;
            let (a, b) = (
                (index - first) as usize,
                (end - first).min(n as u64) as usize,
            );
            if b <= a {
                return None;
            }
            let dst = &mut out[at..at + (b - a)];
            if self.pos_valid && self.pos_buf_first == first {
                dst.copy_from_slice(&self.pos_buf[a..b]);
            } else if b - a == n {
                codec::read_block_into(self.pos.get(off as usize..)?, dst)?;
            } else if self.pos_touched == first || 4 * (b - a) > n {
                self.decode_pos_block(off, first)?;
                dst.copy_from_slice(&self.pos_buf[a..b]);
            } else {
                self.pos_touched = first;
                let bits = *self.pos.get(off as usize).filter(|&&w| w <= 32)?;
                let data = self.pos.get(off as usize + 1..)?;
                let data = data.get(..codec::packed_len(n, bits))?;
                for (o, k) in dst.iter_mut().zip(a..) {
                    *o = codec::unpack_one(data, bits, k);
                }
            }
            at += b - a;
            index = first + b as u64;
        }
        Some(())
    }

    /// Byte offset and first stream index of the position block holding
    /// `index`: stepped to by the blocks' width bytes from the block holding
    /// the postings block's first value, or from the last one located when
    /// that is nearer.
    fn locate(&mut self, index: u64) -> Option<(u64, u64)> {
        let skip_first = self.skip.pos_index - self.skip.pos_index % BLOCK as u64;
        let (mut off, mut first) = match self.pos_loc {
            Some((o, f)) if f <= index && f >= skip_first => (o, f),
            _ => (self.skip.pos_off, skip_first),
        };
        while index >= first + BLOCK as u64 {
            let bits = *self.pos.get(off as usize).filter(|&&w| w <= 32)?;
            off += 1 + codec::packed_len(BLOCK, bits) as u64;
            first += BLOCK as u64;
        }
        self.pos_loc = Some((off, first));
        Some((off, first))
    }

    fn decode_pos_block(&mut self, off: u64, first: u64) -> Option<()> {
        self.pos_valid = false;
        let n = (self.info.coll_freq.checked_sub(first)?).min(BLOCK as u64) as usize;
        if n == 0 {
            return None;
        }
        let data = self.pos.get(off as usize..)?;
        codec::read_block(data, n, &mut self.pos_buf)?;
        self.pos_buf_first = first;
        self.pos_valid = true;
        Some(())
    }
}

/// The positions of a block's documents from their stored values, `keep`
/// 0 at each run's first value (absolute) and all ones elsewhere (deltas),
/// `starts` where the runs start. The prefix sums restart by the mask, no
/// branch or loop per run; the values are cut at run starts into four
/// parts of about equal length summed side by side (four independent
/// chains of additions, not one).
fn undo_runs(values: &mut [u32], keep: &[u32], starts: &[u32]) {
    let total = values.len();
    let cut = |f: usize| {
        let i = starts.partition_point(|&s| (s as usize) < total * f / 4);
        starts.get(i).map_or(total, |&s| (s as usize).min(total))
    };
    let (c1, c2, c3) = (cut(1), cut(2), cut(3));
    let (v, v3) = values.split_at_mut(c3);
    let (v, v2) = v.split_at_mut(c2);
    let (v0, v1) = v.split_at_mut(c1);
    let mut parts = [
        (v0, &keep[..c1]),
        (v1, &keep[c1..c2]),
        (v2, &keep[c2..c3]),
        (v3, &keep[c3..]),
    ];
    let m = parts.iter().map(|p| p.0.len()).min().unwrap_or(0);
    let mut sums = [0u32; 4];
    {
        // Zipped, so that no index is checked in the loop.
        let [(v0, k0), (v1, k1), (v2, k2), (v3, k3)] = &mut parts;
        let side_by_side = v0[..m]
            .iter_mut()
            .zip(&k0[..m])
            .zip(v1[..m].iter_mut().zip(&k1[..m]))
            .zip(v2[..m].iter_mut().zip(&k2[..m]))
            .zip(v3[..m].iter_mut().zip(&k3[..m]));
        let [s0, s1, s2, s3] = &mut sums;
        for ((((x0, k0), (x1, k1)), (x2, k2)), (x3, k3)) in side_by_side {
            *s0 = (*s0 & k0).wrapping_add(*x0);
            *x0 = *s0;
            *s1 = (*s1 & k1).wrapping_add(*x1);
            *x1 = *s1;
            *s2 = (*s2 & k2).wrapping_add(*x2);
            *x2 = *s2;
            *s3 = (*s3 & k3).wrapping_add(*x3);
            *x3 = *s3;
        }
    }
    for ((v, keep), mut p) in parts.into_iter().zip(sums) {
        for (x, &k) in v[m..].iter_mut().zip(&keep[m..]) {
            p = (p & k).wrapping_add(*x);
            *x = p;
        }
    }
}

/// A document's positions from its stored values: the first is absolute,
/// the others deltas.
fn undo_deltas(run: &mut [u32]) {
    let mut p = 0u32;
    for x in run {
        p = p.saturating_add(*x);
        *x = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn model() -> impl Strategy<Value = Vec<(u32, Vec<u32>)>> {
        proptest::collection::btree_map(
            0u32..5000,
            proptest::collection::btree_set(0u32..2000, 1..6),
            1..700,
        )
        .prop_map(|m| {
            m.into_iter()
                .map(|(d, p)| (d, p.into_iter().collect()))
                .collect()
        })
    }

    fn write(m: &[(u32, Vec<u32>)]) -> (PostingsWriter, TermInfo, TermInfo) {
        let mut w = PostingsWriter::default();
        // A keyword term first, so offsets are not zero.
        w.add_doc(3, 1, &[]);
        let k = w.finish_term(false, &[], 1.0);
        for (d, p) in m {
            w.add_doc(*d, p.len() as u32, p);
        }
        let lens: Vec<u32> = (0..5000).map(|i| i % 97 + 1).collect();
        let t = w.finish_term(true, &lens, 49.0);
        (w, k, t)
    }

    /// Few documents with many positions each (runs over several position blocks).
    fn long_model() -> impl Strategy<Value = Vec<(u32, Vec<u32>)>> {
        proptest::collection::btree_map(
            0u32..5000,
            proptest::collection::btree_set(0u32..100_000, 1..300),
            1..40,
        )
        .prop_map(|m| {
            m.into_iter()
                .map(|(d, p)| (d, p.into_iter().collect()))
                .collect()
        })
    }

    /// Docs with a tf each, and lens of every doc id below 3000.
    fn bound_model() -> impl Strategy<Value = (Vec<(u32, u32)>, Vec<u32>)> {
        let postings = proptest::collection::btree_map(0u32..3000, 1u32..40, 1..700)
            .prop_map(|m| m.into_iter().collect::<Vec<_>>());
        // Lengths from 0 (a doc of a field it has no token in) to long.
        let lens = proptest::collection::vec(prop_oneof![0u32..5, 1u32..2000], 3000);
        (postings, lens)
    }

    proptest! {
        /// The stored max saturation bounds the BM25 of every doc of its
        /// block at any index-wide average length (the average of other
        /// segments and deletions moves it either way).
        #[test]
        fn block_bound_is_above_every_score(
            (m, lens) in bound_model(),
            factor in prop_oneof![0.01f64..1.0, 1.0f64..100.0, Just(1.0)],
            idf in 0.001f64..20.0,
        ) {
            use crate::query::bm25::{bm25, weight_bound};
            let mut w = PostingsWriter::default();
            for &(d, tf) in &m {
                w.add_doc(d, tf, &[]);
            }
            let seg_avg = lens.iter().map(|&l| l as u64).sum::<u64>() as f64 / lens.len() as f64;
            let t = w.finish_term(false, &lens, seg_avg);
            let avgdl = seg_avg * factor;
            let mut c = PostingsCursor::new(&w.post, &w.pos, t);
            let mut best = vec![0.0f64; c.num_blocks()];
            for (i, &(d, tf)) in m.iter().enumerate() {
                prop_assert_eq!(c.doc(), d);
                let block = i / BLOCK;
                let bound = weight_bound(idf, c.block_max_sat(), seg_avg, avgdl);
                prop_assert_eq!(c.skip_entry(block).unwrap().max_sat, c.block_max_sat());
                let score = bm25(idf, tf, lens[d as usize], avgdl);
                // Within rounding of the f64 operations (callers add 1e-9).
                prop_assert!(bound * (1.0 + 1e-12) >= score, "{} < {} (doc {}, tf {})", bound, score, d, tf);
                best[block] = best[block].max(score);
                c.advance();
            }
            // At the segment's own average, the bound is the block's best
            // score but for the f32 rounding.
            if factor == 1.0 {
                for (b, &s) in best.iter().enumerate() {
                    let sat = c.skip_entry(b).map_or(0.0, |k| k.max_sat);
                    let bound = weight_bound(idf, sat, seg_avg, avgdl);
                    prop_assert!(c.num_blocks() == 1 || bound <= s * (1.0 + 1e-6), "{} {}", bound, s);
                }
            }
        }

        #[test]
        fn long_positions_match_model(m in long_model(), every in 1usize..4) {
            let (w, _, t) = write(&m);
            let mut c = PostingsCursor::new(&w.post, &w.pos, t);
            let mut out = Vec::new();
            // Every `every`-th document read (partial and whole block
            // decodes), some twice.
            for (i, (d, p)) in m.iter().enumerate() {
                prop_assert_eq!(c.doc(), *d);
                if i % every == 0 {
                    c.positions(&mut out);
                    prop_assert_eq!(&out, p);
                    if i % 3 == 0 {
                        c.positions(&mut out);
                        prop_assert_eq!(&out, p);
                    }
                }
                c.advance();
            }
        }

        /// A cursor reopened on another term, and back, reads like a new
        /// one: its buffers keep nothing of the term before.
        #[test]
        fn reopened_cursor_matches_model(a in long_model(), b in model(), stop in 0usize..40) {
            let (wa, _, ta) = write(&a);
            let (wb, kb, tb) = write(&b);
            let mut c = PostingsCursor::new(&wa.post, &wa.pos, ta);
            let mut out = Vec::new();
            for _ in 0..stop.min(a.len()) {
                c.positions(&mut out);
                c.tf();
                c.advance();
            }
            c.reopen(&wb.post, &wb.pos, kb);
            prop_assert_eq!(c.doc(), 3);
            c.reopen(&wb.post, &wb.pos, tb);
            for (d, p) in &b {
                prop_assert_eq!(c.doc(), *d);
                prop_assert_eq!(c.tf() as usize, p.len());
                c.positions(&mut out);
                prop_assert_eq!(&out, p);
                c.advance();
            }
            prop_assert_eq!(c.doc(), TERMINATED);
        }

        /// Block-wise positions against the model, the cursor stopped on
        /// some documents of each block (reading any of them from the block).
        #[test]
        fn block_positions_match_model(m in model(), every in 1usize..9) {
            let (w, _, t) = write(&m);
            let mut c = PostingsCursor::new(&w.post, &w.pos, t);
            let (mut out, mut starts) = (Vec::new(), Vec::new());
            for (i, (d, p)) in m.iter().enumerate() {
                prop_assert_eq!(c.doc(), *d);
                if i % every == 0 {
                    prop_assert!(c.block_positions(&mut out, &mut starts));
                    let first = i / BLOCK * BLOCK;
                    let block = &m[first..(first + BLOCK).min(m.len())];
                    prop_assert_eq!(starts.len(), block.len() + 1);
                    prop_assert_eq!(first + starts.len() - 1 - c.block_docs().len(), i);
                    for (j, (_, p)) in block.iter().enumerate() {
                        let run = &out[starts[j] as usize..starts[j + 1] as usize];
                        prop_assert_eq!(run, &p[..]);
                    }
                    // The cursor's own reads still agree after it.
                    c.positions(&mut out);
                    prop_assert_eq!(&out, p);
                }
                // Within a block, stepping by the index is advancing.
                if i % 5 == 4 && c.block_docs().len() > 1 {
                    prop_assert_eq!(c.advance_in_block(1), m[i + 1].0);
                } else {
                    c.advance();
                }
            }
            prop_assert!(!c.block_positions(&mut out, &mut starts));
            prop_assert!(out.is_empty() && starts.is_empty());
        }

        #[test]
        fn cursor_matches_model(m in model(), targets in proptest::collection::vec(0u32..5200, 1..20)) {
            let (w, k, t) = write(&m);
            let mut c = PostingsCursor::new(&w.post, &w.pos, k);
            prop_assert_eq!(c.doc(), 3);
            prop_assert_eq!(c.advance(), TERMINATED);
            let mut c = PostingsCursor::new(&w.post, &w.pos, t);
            let mut out = Vec::new();
            for (d, p) in &m {
                prop_assert_eq!(c.doc(), *d);
                prop_assert_eq!(c.tf() as usize, p.len());
                prop_assert!(c.block_last_doc() >= *d);
                prop_assert!(c.block_max_tf() as usize >= p.len());
                c.positions(&mut out);
                prop_assert_eq!(&out, p);
                c.advance();
            }
            prop_assert_eq!(c.doc(), TERMINATED);
            // seek against the model
            let mut targets = targets;
            targets.sort();
            let mut c = PostingsCursor::new(&w.post, &w.pos, t);
            for tg in targets {
                // Targets ascend, so the answer is always the first doc >= tg.
                let want = m.iter().find(|(d, _)| *d >= tg).map(|x| x.0).unwrap_or(TERMINATED);
                let got = c.seek(tg);
                prop_assert_eq!(got, want);
                if got != TERMINATED {
                    c.positions(&mut out);
                    let p = &m.iter().find(|(d, _)| *d == got).unwrap().1;
                    prop_assert_eq!(&out, p);
                }
            }
        }
    }
}
