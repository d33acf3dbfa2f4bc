//! Language frontends: each turns the text of one file into [`FileFacts`].
//!
//! A new language goes here as a module with an `analyze(path, text, options)` function,
//! a [`Language`] variant, and an entry in [`Language::from_path`] and [`analyze`].
//! Nothing outside `lang/` looks at syntax.

pub mod facts;
pub mod python;
pub mod rust;
pub mod suppress;
pub mod typescript;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use facts::*;

/// Maximum depth of syntax nesting a frontend descends into. Deeper subtrees are skipped
/// with a warning instead of risking a stack overflow or quadratic work.
pub const MAX_NESTING_DEPTH: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    TypeScript,
    Tsx,
    JavaScript,
    Python,
    Rust,
}

impl Language {
    /// Chooses the frontend by file name. `.d.ts` declaration files hold no statements
    /// and get `None`, like unknown extensions.
    pub fn from_path(path: &Path) -> Option<Language> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts") {
            return None;
        }
        let extension = path.extension()?.to_str()?;
        match extension {
            "ts" | "mts" | "cts" => Some(Language::TypeScript),
            "tsx" => Some(Language::Tsx),
            "js" | "jsx" | "mjs" | "cjs" => Some(Language::JavaScript),
            "py" | "pyi" => Some(Language::Python),
            "rs" => Some(Language::Rust),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::JavaScript => "javascript",
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }

    /// The line-comment marker used to write suppression comments.
    pub fn comment_prefix(self) -> &'static str {
        match self {
            Language::Python => "#",
            _ => "//",
        }
    }
}

/// Settings from `logcov.toml` that change what a frontend recognises.
#[derive(Debug, Clone, Default)]
pub struct FrontendOptions {
    /// Extra receiver names treated as loggers (`audit`, `this.audit`, `appLog`).
    pub loggers: Vec<String>,
}

impl FrontendOptions {
    pub fn is_extra_logger(&self, receiver: &str) -> bool {
        self.loggers.iter().any(|name| name == receiver)
    }
}

/// Runs the frontend for `language` over `text`. Never panics on bad input: syntax
/// errors become diagnostics and the facts outside the broken region are kept.
pub fn analyze(language: Language, path: &str, text: &str, options: &FrontendOptions) -> FileFacts {
    let mut facts = match language {
        Language::TypeScript | Language::Tsx | Language::JavaScript => {
            typescript::analyze(language, path, text, options)
        }
        Language::Python => python::analyze(path, text, options),
        Language::Rust => rust::analyze(path, text, options),
    };
    facts.line_count = count_lines(text);
    facts.suppressions = suppress::scan(text);
    facts.sort();
    facts
}

fn count_lines(text: &str) -> u32 {
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    let last = usize::from(!text.is_empty() && !text.ends_with('\n'));
    u32::try_from(newlines + last).unwrap_or(u32::MAX)
}

/// Maps byte offsets to 1-based lines and 1-based character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// Returns the 1-based line and character column of `byte`.
    pub fn position(&self, byte: usize) -> (u32, u32) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= byte) - 1;
        let start = self.line_starts[line];
        let prefix = self.text.get(start..byte).unwrap_or("");
        let column = prefix.chars().count() + 1;
        (to_u32(line + 1), to_u32(column))
    }

    pub fn line(&self, byte: usize) -> u32 {
        self.position(byte).0
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_by_extension() {
        let cases = [
            ("a.ts", Some(Language::TypeScript)),
            ("a.mts", Some(Language::TypeScript)),
            ("a.cts", Some(Language::TypeScript)),
            ("a.tsx", Some(Language::Tsx)),
            ("a.js", Some(Language::JavaScript)),
            ("a.jsx", Some(Language::JavaScript)),
            ("a.mjs", Some(Language::JavaScript)),
            ("a.cjs", Some(Language::JavaScript)),
            ("a.py", Some(Language::Python)),
            ("a.pyi", Some(Language::Python)),
            ("a.rs", Some(Language::Rust)),
            ("types.d.ts", None),
            ("a.go", None),
            ("Makefile", None),
        ];
        for (name, expected) in cases {
            assert_eq!(Language::from_path(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\né x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), (2, 3));
    }
}
