//! TypeScript, TSX and JavaScript frontend (tree-sitter-typescript).

use super::{FileFacts, FrontendOptions, Language};

pub fn analyze(
    language: Language,
    path: &str,
    _text: &str,
    _options: &FrontendOptions,
) -> FileFacts {
    // TODO: not yet written.
    FileFacts::new(path, language)
}
