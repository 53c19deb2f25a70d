//! Queries: the tree ([`Query`]), the Lucene-like query language that
//! builds it ([`parse`]) and prints it back (`Display`), the calendar day
//! numbers its date ranges use ([`date`]), and execution over an index:
//! [`plan`] (analysis and statistics; repeated clauses planned once),
//! [`prefix`] (prefix and wildcard expansion, once per query and segment;
//! a wildcard's pattern matched by `glob`), [`iter`]
//! (doc-id iterators over the postings), [`bm25`], [`collector`], [`wand`]
//! (fast ranked paths), [`highlight`] (KWIC, snippets) behind the
//! [`Engine`] facade.

mod ast;
pub mod bm25;
pub mod collector;
pub mod date;
mod glob;
mod highlight;
pub mod iter;
mod lookups;
mod parser;
pub mod plan;
pub mod prefix;
pub(crate) mod search;
pub mod wand;

pub use ast::{MAX_TREE_DEPTH, Query};
pub use bm25::{Field, Statistics};
pub use parser::{Operator, ParseOptions, parse};
pub use search::{Concordance, Engine, Prepared, TopDocs};

#[cfg(test)]
mod exec_tests;
#[cfg(test)]
mod repeat_tests;
#[cfg(test)]
mod tests;
