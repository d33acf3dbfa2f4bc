//! Unit tests of the Rust frontend over whole files.
