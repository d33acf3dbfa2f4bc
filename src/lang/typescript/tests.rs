//! Unit tests for the TypeScript frontend that fixtures cannot express.

use crate::lang::{self, FrontendOptions, Language};

fn analyze(language: Language, text: &str) -> lang::FileFacts {
    lang::analyze(language, "test.ts", text, &FrontendOptions::default())
}

#[test]
fn grammars_load_and_parse() {
    for language in [Language::TypeScript, Language::Tsx, Language::JavaScript] {
        let facts = analyze(language, "logger.info('ready');\n");
        assert_eq!(facts.log_calls.len(), 1, "{language:?}");
        assert!(facts.diagnostics.is_empty(), "{language:?}");
    }
}
