//! logcov: a log-coverage linter.
//!
//! Three layers: `lang` turns source files into language-neutral facts, `engine` matches
//! facts against validated rules and scores them without I/O, and `cli` with `report`
//! and `walk` discovers configuration, reads files, renders findings and chooses the
//! exit code.

pub mod cli;
pub mod config;
pub mod engine;
pub mod lang;
pub mod report;
pub mod walk;
