//! Queries: the tree ([`Query`]), the Lucene-like query language that
//! builds it ([`parse`]) and prints it back (`Display`), and the calendar
//! day numbers its date ranges use ([`date`]). Execution over the index
//! builds on the tree; nothing here looks at an index.

mod ast;
pub mod date;
mod parser;

pub use ast::{MAX_TREE_DEPTH, Query};
pub use parser::{Operator, ParseOptions, parse};

#[cfg(test)]
mod tests;
