//! Python frontend (tree-sitter-python).

use super::{FileFacts, FrontendOptions, Language};

pub fn analyze(path: &str, _text: &str, _options: &FrontendOptions) -> FileFacts {
    // TODO: not yet written.
    FileFacts::new(path, Language::Python)
}
