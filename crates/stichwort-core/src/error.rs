//! One error type for the engine; the binding layer maps each variant to
//! one Python exception class.

use std::path::PathBuf;

/// Everything that can go wrong inside the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file of an index folder is damaged, truncated or foreign.
    #[error("corrupt index file {file}: {reason}")]
    Corrupt { file: PathBuf, reason: String },
    /// Another writer holds the index folder.
    #[error("index {path} is locked by another writer")]
    Locked { path: PathBuf },
    /// A query that cannot be run; `position` is a character offset.
    #[error("query error at position {position}: {message}")]
    Query { position: usize, message: String },
    /// A field or option the index does not have.
    #[error("schema error: {0}")]
    Schema(String),
    /// A value outside what the operation accepts.
    #[error("{0}")]
    InvalidArgument(String),
    /// An operating-system error, with the path it concerned.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, Error>;
