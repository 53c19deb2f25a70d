//! Corpus statistics over a [`Searcher`](crate::index::Searcher):
//! collocates of a target ([`cooccurrence`]), window counts among given
//! terms ([`matrix`]), matching documents per period ([`timeline`]) and
//! frequent n-grams ([`ngrams`]); how the text writes a term
//! ([`surface_forms`]). All but the last read the forward index (each
//! document's terms in position order) and count in dense arrays over a
//! segment's term ordinals, merged over the snapshot's global term ids
//! ([`GlobalTerms`](crate::index::GlobalTerms)).
//!
//! The definitions are those of the pure-Python reference backend
//! (`python/stichwort/backends/python.py`); docs/cooccurrence.md has the
//! formulas.

pub mod cooccurrence;
mod dense;
pub mod matches;
pub mod matrix;
pub mod measures;
pub mod ngrams;
pub mod surface;
pub mod timeline;

pub use cooccurrence::{Collocates, CoocOptions, Scope, cooccurrence, cooccurrence_batch};
pub use matrix::cooccurrence_matrix;
pub use measures::Measure;
pub use ngrams::ngrams;
pub use surface::surface_forms;
pub use timeline::{Bucket, timeline};

#[cfg(test)]
mod tests;
