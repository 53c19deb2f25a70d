//! The manifest: the one file that says which segments (and which deletion
//! generations) make up a commit. A commit writes `MANIFEST.tmp`, fsyncs
//! it, renames it over `MANIFEST` and fsyncs the folder, so a reader sees
//! either the old or the new commit, never a mix. The single writer holds
//! an OS lock on `LOCK` for its lifetime.
//!
//! Payload (UTF-8 lines): `stichwort-manifest`, `generation G`,
//! `next_doc_id N`, `next_segment_id S`, `store_documents 0|1`,
//! `analyzer SPEC`, `metadata_fields K` and K lines `field NAME` (every
//! metadata field name a document of the index was ever added with; a
//! name has no control characters, so it is the rest of its line), then
//! `segment ID NUM_DOCS DEL_GEN NUM_DELETED` and the
//! CRC-32s (8 hex digits each) of the segment's files in the order of
//! `SEGMENT_FILES` and of its deletion file (0 without one) per segment in
//! ascending order of global ids. The CRCs tie each file to this commit:
//! a valid file of another segment or index put in its place is refused.
//! Lines without them (written by older builds) are read unchecked.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::file_format::{self, FileKind, corrupt, io_err};
use crate::{Error, Result};

pub const MANIFEST: &str = "MANIFEST";
pub const MANIFEST_TMP: &str = "MANIFEST.tmp";
pub const LOCK: &str = "LOCK";

/// CRCs a segment line carries: one per segment file, then the deletion file's.
pub const NUM_CRCS: usize = super::segment::SEGMENT_FILES.len() + 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentEntry {
    pub id: u64,
    pub num_docs: u32,
    pub del_gen: u64,
    pub num_deleted: u32,
    /// CRC-32 of each file (see the module doc); None in a manifest of an
    /// older build.
    pub crcs: Option<[u32; NUM_CRCS]>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub generation: u64,
    pub next_doc_id: u32,
    pub next_segment_id: u64,
    pub store_documents: bool,
    pub analyzer_spec: String,
    /// Metadata field names ever added, sorted; None in a manifest of an
    /// older build (then read from the segments' dictionaries).
    pub metadata_fields: Option<Vec<String>>,
    pub segments: Vec<SegmentEntry>,
}

impl Manifest {
    fn encode(&self) -> Vec<u8> {
        let mut s = format!(
            "stichwort-manifest\ngeneration {}\nnext_doc_id {}\nnext_segment_id {}\nstore_documents {}\nanalyzer {}\n",
            self.generation,
            self.next_doc_id,
            self.next_segment_id,
            self.store_documents as u8,
            self.analyzer_spec
        );
        if let Some(names) = &self.metadata_fields {
            s.push_str(&format!("metadata_fields {}\n", names.len()));
            for name in names {
                s.push_str(&format!("field {name}\n"));
            }
        }
        for e in &self.segments {
            s.push_str(&format!(
                "segment {} {} {} {}",
                e.id, e.num_docs, e.del_gen, e.num_deleted
            ));
            for c in e.crcs.iter().flatten() {
                s.push_str(&format!(" {c:08x}"));
            }
            s.push('\n');
        }
        s.into_bytes()
    }

    fn decode(path: &Path, payload: &[u8]) -> Result<Manifest> {
        let bad = |why: &str| corrupt(path, why.to_string());
        let text = std::str::from_utf8(payload).map_err(|_| bad("not UTF-8"))?;
        let mut lines = text.lines().peekable();
        if lines.next() != Some("stichwort-manifest") {
            return Err(bad("bad first line"));
        }
        let mut field = |name: &str| -> Result<String> {
            let line = lines.next().ok_or_else(|| bad("too short"))?;
            line.strip_prefix(name)
                .and_then(|r| r.strip_prefix(' '))
                .map(str::to_string)
                .ok_or_else(|| corrupt(path, format!("expected {name}")))
        };
        let num = |s: String| s.parse::<u64>().map_err(|_| bad("bad number"));
        let generation = num(field("generation")?)?;
        let next_doc_id =
            u32::try_from(num(field("next_doc_id")?)?).map_err(|_| bad("bad next_doc_id"))?;
        let next_segment_id = num(field("next_segment_id")?)?;
        let store_documents = num(field("store_documents")?)? == 1;
        let analyzer_spec = field("analyzer")?;
        let metadata_fields = match lines
            .peek()
            .and_then(|l| l.strip_prefix("metadata_fields "))
        {
            Some(k) => {
                let k = k.parse::<usize>().map_err(|_| bad("bad number"))?;
                lines.next();
                let names = (lines.by_ref().take(k))
                    .map(|l| {
                        (l.strip_prefix("field "))
                            .map(str::to_string)
                            .ok_or_else(|| bad("expected field"))
                    })
                    .collect::<Result<Vec<_>>>()?;
                if names.len() != k {
                    return Err(bad("too short"));
                }
                Some(names)
            }
            None => None,
        };
        let mut segments = Vec::new();
        for line in lines {
            let p: Vec<&str> = line.split(' ').collect();
            if p.len() != 5 && p.len() != 5 + NUM_CRCS || p[0] != "segment" {
                return Err(bad("bad segment line"));
            }
            let n = |s: &str| s.parse::<u64>().map_err(|_| bad("bad number"));
            let mut e = SegmentEntry {
                id: n(p[1])?,
                num_docs: u32::try_from(n(p[2])?).map_err(|_| bad("bad count"))?,
                del_gen: n(p[3])?,
                num_deleted: u32::try_from(n(p[4])?).map_err(|_| bad("bad count"))?,
                crcs: None,
            };
            if p.len() > 5 {
                let mut crcs = [0u32; NUM_CRCS];
                for (c, s) in crcs.iter_mut().zip(&p[5..]) {
                    *c = u32::from_str_radix(s, 16).map_err(|_| bad("bad checksum"))?;
                }
                e.crcs = Some(crcs);
            }
            if e.num_deleted > e.num_docs || e.id >= next_segment_id {
                return Err(bad("inconsistent segment line"));
            }
            segments.push(e);
        }
        Ok(Manifest {
            generation,
            next_doc_id,
            next_segment_id,
            store_documents,
            analyzer_spec,
            metadata_fields,
            segments,
        })
    }

    /// Reads `dir/MANIFEST`; `Ok(None)` when there is none.
    pub fn load(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        if !path.exists() {
            return Ok(None);
        }
        let blob = file_format::open_file(&path, FileKind::Manifest)?;
        Manifest::decode(&path, &blob).map(Some)
    }

    /// Atomically replaces `dir/MANIFEST` with this one.
    pub fn store(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(MANIFEST_TMP);
        file_format::write_file(&tmp, FileKind::Manifest, &self.encode())?;
        let dst = dir.join(MANIFEST);
        std::fs::rename(&tmp, &dst).map_err(|e| io_err(&dst, e))?;
        file_format::sync_dir(dir)
    }

    /// File names this manifest references (besides itself).
    pub fn referenced_files(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in &self.segments {
            for k in super::segment::SEGMENT_FILES {
                out.push(super::segment::segment_file_name(e.id, k));
            }
            if e.del_gen > 0 {
                out.push(super::segment::delete_file_name(e.id, e.del_gen));
            }
        }
        out
    }
}

/// `Error::Corrupt` naming `path` when its CRC-32 `have` is not the one
/// the MANIFEST records: a valid file of another segment or index in its
/// place would otherwise be read as this one.
pub fn check_crc(path: &Path, have: u32, want: u32) -> Result<()> {
    if have == want {
        return Ok(());
    }
    Err(corrupt(
        path,
        format!(
            "checksum {have:08x} is not the {want:08x} the MANIFEST records \
             (a file of another segment or index?)"
        ),
    ))
}

/// Takes the writer lock of `dir`, or `Error::Locked`.
pub fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK);
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_err(&path, e))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
            path: dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(io_err(&path, e)),
    }
}

/// Is `name` a file an index folder may contain (ours, referenced or not)?
pub fn is_index_file(name: &str) -> bool {
    name == MANIFEST || name == MANIFEST_TMP || name == LOCK || name.starts_with("seg-")
}

/// Removes files of ours that `m` does not reference (left by crashes or by
/// superseded commits). Best effort: a file that cannot be removed now is
/// removed by a later commit.
pub fn collect_garbage(dir: &Path, m: &Manifest) {
    let keep: std::collections::HashSet<String> = m.referenced_files().into_iter().collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("seg-") && !keep.contains(&name) || name == MANIFEST_TMP {
            let _ = std::fs::remove_file(dir.join(&name));
        }
    }
}

pub fn manifest_path(dir: &Path) -> PathBuf {
    dir.join(MANIFEST)
}
