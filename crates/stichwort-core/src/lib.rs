//! stichwort-core: the engine behind the `stichwort` Python package.
//!
//! Data flow: text → [`analysis`] (normalise, tokenise, fold, stem) → `index`
//! (segments of postings, positions and a forward index) → `query`
//! (boolean, phrase, ranked top-k) and `stats` (co-occurrence).
//! Nothing here depends on Python.

pub mod analysis;
pub mod error;
mod hint;
pub mod index;
pub mod query;
pub mod stats;
pub mod threads;

pub use error::{Error, Result};
