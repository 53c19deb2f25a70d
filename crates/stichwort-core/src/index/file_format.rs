//! The envelope of every index file: a header (magic, kind, format
//! version), the payload, and a footer (payload length, CRC-32 of all that
//! precedes it, end magic). A file is checked whole when it is opened, so a
//! truncated, altered or foreign file is an `Error::Corrupt` naming it before
//! any decoder sees its bytes.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::{Error, Result};

pub const MAGIC: &[u8; 8] = b"STICHWRT";
pub const END_MAGIC: &[u8; 4] = b"TWND";
pub const FORMAT_VERSION: u32 = 2;
pub const HEADER_LEN: usize = 16;
pub const FOOTER_LEN: usize = 16;

/// The kinds of file in an index folder; the tag is in each file's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Manifest,
    Terms,
    Postings,
    Positions,
    Forward,
    Store,
    Columns,
    Deletes,
    Sentences,
}

impl FileKind {
    pub fn tag(self) -> &'static [u8; 4] {
        match self {
            FileKind::Manifest => b"MANI",
            FileKind::Terms => b"TERM",
            FileKind::Postings => b"POST",
            FileKind::Positions => b"POSI",
            FileKind::Forward => b"FRWD",
            FileKind::Store => b"STOR",
            FileKind::Columns => b"COLS",
            FileKind::Deletes => b"DELS",
            FileKind::Sentences => b"SENT",
        }
    }

    /// File name extension of a segment file of this kind.
    pub fn ext(self) -> &'static str {
        match self {
            FileKind::Manifest => "manifest",
            FileKind::Terms => "terms",
            FileKind::Postings => "post",
            FileKind::Positions => "pos",
            FileKind::Forward => "fwd",
            FileKind::Store => "store",
            FileKind::Columns => "cols",
            FileKind::Deletes => "del",
            FileKind::Sentences => "sent",
        }
    }
}

/// Bytes that back a file: a memory map or a RAM buffer.
pub enum Backing {
    Mmap(memmap2::Mmap),
    Ram(Vec<u8>),
}

impl Deref for Backing {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Backing::Mmap(m) => m,
            Backing::Ram(v) => v,
        }
    }
}

/// A cheap-to-clone view of part of a file's bytes.
#[derive(Clone)]
pub struct Blob {
    backing: Arc<Backing>,
    start: usize,
    end: usize,
}

impl Blob {
    pub fn from_vec(v: Vec<u8>) -> Blob {
        let end = v.len();
        Blob {
            backing: Arc::new(Backing::Ram(v)),
            start: 0,
            end,
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The sub-view `[from, to)`, or `None` when it is out of bounds.
    pub fn slice(&self, from: usize, to: usize) -> Option<Blob> {
        if from > to || to > self.len() {
            return None;
        }
        Some(Blob {
            backing: self.backing.clone(),
            start: self.start + from,
            end: self.start + to,
        })
    }

    /// Drops the mapped pages of the whole file from this process's
    /// resident set (a merge reading its inputs through, so that they do
    /// not add up to the inputs' size); they stay in the page cache and
    /// fault back in when read again. No-op for RAM.
    pub fn release_pages(&self) {
        #[cfg(unix)]
        if let Backing::Mmap(m) = &*self.backing {
            // SAFETY: the map is a read-only view of an immutable file
            // (see `open_file`), so dropping its pages changes no byte
            // anyone reads: they are read again from the file. A failure
            // only leaves the pages resident.
            let _ = unsafe { m.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }

    /// True when backed by a memory map (on disk), false for RAM.
    pub fn is_mapped(&self) -> bool {
        matches!(*self.backing, Backing::Mmap(_))
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.backing[self.start..self.end]
    }
}

impl Deref for Blob {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.backing[self.start..self.end]
    }
}

pub fn corrupt(file: &Path, reason: impl Into<String>) -> Error {
    Error::Corrupt {
        file: file.to_path_buf(),
        reason: reason.into(),
    }
}

pub fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Wraps a payload in the envelope.
pub fn seal(kind: FileKind, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + HEADER_LEN + FOOTER_LEN);
    out.extend_from_slice(&header(kind));
    out.extend_from_slice(payload);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(END_MAGIC);
    out
}

fn header(kind: FileKind) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(kind.tag());
    h[12..].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    h
}

/// Checks a file's header (first 16 bytes) and footer (last 16) given its
/// length and the CRC of everything but the last 8 bytes.
fn check_envelope(
    file: &Path,
    kind: FileKind,
    head: &[u8],
    foot: &[u8],
    n: usize,
    crc: u32,
) -> Result<()> {
    if &head[..8] != MAGIC {
        return Err(corrupt(file, "not a stichwort file (bad magic number)"));
    }
    if &head[8..12] != kind.tag() {
        return Err(corrupt(
            file,
            format!(
                "wrong file kind {:?}, expected {:?}",
                String::from_utf8_lossy(&head[8..12]),
                kind.ext()
            ),
        ));
    }
    let version = u32::from_le_bytes(head[12..16].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(corrupt(
            file,
            format!("unsupported format version {version} (this build reads {FORMAT_VERSION})"),
        ));
    }
    if &foot[12..] != END_MAGIC {
        return Err(corrupt(file, "truncated (no end marker)"));
    }
    let len = u64::from_le_bytes(foot[..8].try_into().expect("8 bytes"));
    if len != (n - HEADER_LEN - FOOTER_LEN) as u64 {
        return Err(corrupt(
            file,
            format!("length mismatch: footer says {len} payload bytes"),
        ));
    }
    if u32::from_le_bytes(foot[8..12].try_into().expect("4 bytes")) != crc {
        return Err(corrupt(file, "checksum mismatch"));
    }
    Ok(())
}

/// The CRC-32 a sealed file carries in its footer (0 when too short).
pub fn footer_crc(whole: &[u8]) -> u32 {
    let n = whole.len();
    if n < FOOTER_LEN {
        return 0;
    }
    u32::from_le_bytes(whole[n - 8..n - 4].try_into().expect("4 bytes"))
}

/// Checks the envelope of a whole file held in `whole` (named `file` in
/// errors) and returns the payload.
pub fn open_blob(file: &Path, kind: FileKind, whole: Blob) -> Result<Blob> {
    let b: &[u8] = &whole;
    let n = b.len();
    if n < HEADER_LEN + FOOTER_LEN {
        return Err(corrupt(file, format!("file too short ({n} bytes)")));
    }
    check_envelope(
        file,
        kind,
        &b[..HEADER_LEN],
        &b[n - FOOTER_LEN..],
        n,
        crc32fast::hash(&b[..n - 8]),
    )?;
    Ok(whole
        .slice(HEADER_LEN, n - FOOTER_LEN)
        .expect("checked above"))
}

/// Reason of the `Error::Corrupt` for a file the manifest names but that is absent.
pub const MISSING: &str = "file is missing";

/// Checks `path` by reading it (so the check does not make the whole file
/// resident in this process's memory map), then maps it.
pub fn open_file(path: &Path, kind: FileKind) -> Result<Blob> {
    open_file_crc(path, kind).map(|(b, _)| b)
}

/// [`open_file`], also returning the file's CRC-32 (which the manifest
/// records, so that a valid file of another segment or index is caught).
pub fn open_file_crc(path: &Path, kind: FileKind) -> Result<(Blob, u32)> {
    let mut f = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => corrupt(path, MISSING),
        _ => io_err(path, e),
    })?;
    let n = f.metadata().map_err(|e| io_err(path, e))?.len() as usize;
    if n < HEADER_LEN + FOOTER_LEN {
        return Err(corrupt(path, format!("file too short ({n} bytes)")));
    }
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut head = [0u8; HEADER_LEN];
    let mut foot = [0u8; FOOTER_LEN];
    let mut done = 0usize;
    while done < n {
        let want = buf.len().min(n - done);
        f.read_exact(&mut buf[..want])
            .map_err(|e| corrupt(path, format!("cannot read: {e}")))?;
        let chunk = &buf[..want];
        // Copy the parts of this chunk that fall into the header or footer.
        for (dst, from) in [(&mut head[..], 0usize), (&mut foot[..], n - FOOTER_LEN)] {
            let lo = from.max(done);
            let hi = (from + dst.len()).min(done + want);
            if lo < hi {
                dst[lo - from..hi - from].copy_from_slice(&chunk[lo - done..hi - done]);
            }
        }
        let crc_end = (n - 8).saturating_sub(done).min(want);
        hasher.update(&chunk[..crc_end]);
        done += want;
    }
    let crc = hasher.finalize();
    check_envelope(path, kind, &head, &foot, n, crc)?;
    // SAFETY: index files are immutable once written (new data always
    // goes to new file names), so the mapped bytes do not change under us;
    // a file replaced by another process is a misuse we cannot guard
    // against, as with any memory-mapped database.
    let map = unsafe { memmap2::Mmap::map(&f) }.map_err(|e| io_err(path, e))?;
    if map.len() != n {
        return Err(corrupt(path, "file changed while it was opened"));
    }
    let whole = Blob {
        backing: Arc::new(Backing::Mmap(map)),
        start: 0,
        end: n,
    };
    Ok((
        whole.slice(HEADER_LEN, n - FOOTER_LEN).expect("n >= 32"),
        crc,
    ))
}

/// Writes `payload` in its envelope to `path` and fsyncs it (not yet the
/// folder), without copying the payload; returns the file's CRC-32.
pub fn write_file(path: &Path, kind: FileKind, payload: &[u8]) -> Result<u32> {
    let mut f = FileWriter::create(path, kind)?;
    f.write_all(payload).map_err(|e| io_err(path, e))?;
    f.finish()
}

/// Writes one file as a stream: the header at once, the payload in pieces
/// (its length and CRC counted as they pass), the footer and an fsync in
/// [`FileWriter::finish`]. The bytes equal those of [`write_file`].
pub struct FileWriter {
    path: PathBuf,
    out: BufWriter<File>,
    hasher: crc32fast::Hasher,
    len: u64,
}

impl FileWriter {
    pub fn create(path: &Path, kind: FileKind) -> Result<FileWriter> {
        let f = File::create(path).map_err(|e| io_err(path, e))?;
        let mut out = BufWriter::with_capacity(1 << 16, f);
        let head = header(kind);
        out.write_all(&head).map_err(|e| io_err(path, e))?;
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(&head);
        Ok(FileWriter {
            path: path.to_path_buf(),
            out,
            hasher,
            len: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the bytes of a scratch file, then removes it.
    pub fn append(&mut self, scratch: ScratchFile) -> Result<()> {
        let ScratchFile { path, out } = scratch;
        let mut f = out
            .into_inner()
            .map_err(|e| io_err(&path, e.into_error()))?;
        f.seek(SeekFrom::Start(0)).map_err(|e| io_err(&path, e))?;
        std::io::copy(&mut f, self).map_err(|e| io_err(&path, e))?;
        drop(f);
        std::fs::remove_file(&path).map_err(|e| io_err(&path, e))
    }

    /// Writes the footer and fsyncs the file; returns its CRC-32.
    pub fn finish(self) -> Result<u32> {
        let FileWriter {
            path,
            mut out,
            mut hasher,
            len,
        } = self;
        let len = len.to_le_bytes();
        hasher.update(&len);
        let crc = hasher.finalize();
        for part in [&len[..], &crc.to_le_bytes(), END_MAGIC] {
            out.write_all(part).map_err(|e| io_err(&path, e))?;
        }
        let f = out
            .into_inner()
            .map_err(|e| io_err(&path, e.into_error()))?;
        f.sync_all().map_err(|e| io_err(&path, e))?;
        Ok(crc)
    }
}

impl Write for FileWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Part of a payload parked on disk until the parts before it are known
/// (a streamed merge writes the forward index's records before its offset
/// table is complete). Named like a segment file, so a writer killed
/// mid-merge leaves only names that the next writer's clean-up removes.
pub struct ScratchFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl ScratchFile {
    pub fn create(path: &Path) -> Result<ScratchFile> {
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|e| io_err(path, e))?;
        Ok(ScratchFile {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, f),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Write for ScratchFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Fsyncs a folder so that renames and new names in it are durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_err(dir, e))
}

/// A decoding error inside a payload, turned into `Error::Corrupt` by the
/// caller that knows the file name.
#[derive(Debug)]
pub struct Bad(pub &'static str);

pub type Decoded<T> = std::result::Result<T, Bad>;

/// Bounds-checked little-endian reader over a payload.
pub struct ByteReader<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        ByteReader { buf, pos: 0 }
    }
    pub fn bytes(&mut self, n: usize) -> Decoded<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Bad("length overflow"))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or(Bad("unexpected end of data"))?;
        self.pos = end;
        Ok(s)
    }
    pub fn u32(&mut self) -> Decoded<u32> {
        Ok(u32::from_le_bytes(
            self.bytes(4)?.try_into().expect("4 bytes"),
        ))
    }
    pub fn u64(&mut self) -> Decoded<u64> {
        Ok(u64::from_le_bytes(
            self.bytes(8)?.try_into().expect("8 bytes"),
        ))
    }
    pub fn i32(&mut self) -> Decoded<i32> {
        Ok(self.u32()? as i32)
    }
    pub fn vint(&mut self) -> Decoded<u64> {
        let (v, n) = crate::index::codec::read_vint(&self.buf[self.pos.min(self.buf.len())..])
            .ok_or(Bad("bad varint"))?;
        self.pos += n;
        Ok(v)
    }
    pub fn str(&mut self) -> Decoded<&'a str> {
        let n = self.vint()? as usize;
        std::str::from_utf8(self.bytes(n)?).map_err(|_| Bad("invalid UTF-8"))
    }
    pub fn is_done(&self) -> bool {
        self.pos >= self.buf.len()
    }
}

/// Little-endian writer helpers.
pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    crate::index::codec::write_vint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Reads a little-endian u32 at `i` of a fixed-width array, if in bounds.
#[inline]
pub fn u32_at(buf: &[u8], i: usize) -> Option<u32> {
    let s = buf.get(i * 4..i * 4 + 4)?;
    Some(u32::from_le_bytes(s.try_into().ok()?))
}

#[inline]
pub fn u64_at(buf: &[u8], i: usize) -> Option<u64> {
    let s = buf.get(i * 8..i * 8 + 8)?;
    Some(u64::from_le_bytes(s.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trip_and_damage() {
        let p = Path::new("x.post");
        let sealed = seal(FileKind::Postings, b"hello");
        let b = open_blob(p, FileKind::Postings, Blob::from_vec(sealed.clone())).unwrap();
        assert_eq!(&*b, b"hello");
        assert!(open_blob(p, FileKind::Terms, Blob::from_vec(sealed.clone())).is_err());
        for i in 0..sealed.len() {
            let mut d = sealed.clone();
            d[i] ^= 0x40;
            assert!(matches!(
                open_blob(p, FileKind::Postings, Blob::from_vec(d)),
                Err(Error::Corrupt { .. })
            ));
            let t = sealed[..i].to_vec();
            assert!(matches!(
                open_blob(p, FileKind::Postings, Blob::from_vec(t)),
                Err(Error::Corrupt { .. })
            ));
        }
    }

    /// A file of another format version (version 1 had no saturation in
    /// the postings' skip entries) is refused by name, even with a valid
    /// checksum, so an old index is never read with the new layout.
    #[test]
    fn other_format_version_is_refused() {
        let p = Path::new("seg-0000000000.post");
        let mut old = seal(FileKind::Postings, b"hello");
        old[12..16].copy_from_slice(&1u32.to_le_bytes());
        let n = old.len();
        let crc = crc32fast::hash(&old[..n - 8]);
        old[n - 8..n - 4].copy_from_slice(&crc.to_le_bytes());
        let Err(Error::Corrupt { file, reason }) =
            open_blob(p, FileKind::Postings, Blob::from_vec(old))
        else {
            panic!("version 1 accepted or another error");
        };
        assert_eq!(file, p);
        let want = format!("unsupported format version 1 (this build reads {FORMAT_VERSION})");
        assert_eq!(reason, want);
    }
}
