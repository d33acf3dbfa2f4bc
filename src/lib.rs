//! logcov: a log-coverage linter.
//!
//! Three layers: `lang` turns source files into language-neutral facts, `engine` matches
//! facts against validated rules and scores them without I/O, and `cli` with `report`
//! discovers configuration, walks files, renders findings and chooses the exit code.

pub mod lang;
