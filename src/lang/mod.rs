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
///
/// Frontends ask for positions mostly in source order, so a query on the same line as
/// the previous one counts only the characters since it. A minified file with thousands
/// of calls on one line then costs linear time instead of quadratic.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// The previous query: byte offset, its 0-based line and its 1-based column.
    previous: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            line_starts,
            previous: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// Returns the 1-based line and character column of `byte`.
    pub fn position(&self, byte: usize) -> (u32, u32) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= byte) - 1;
        let (previous_byte, previous_line, previous_column) = self.previous.get();
        let column = if previous_line == line && previous_byte <= byte {
            previous_column + self.count_chars(previous_byte, byte)
        } else {
            1 + self.count_chars(self.line_starts[line], byte)
        };
        self.previous.set((byte, line, column));
        (to_u32(line + 1), to_u32(column))
    }

    /// Returns the 1-based line of `byte` without counting columns.
    pub fn line(&self, byte: usize) -> u32 {
        let byte = byte.min(self.text.len());
        to_u32(self.line_starts.partition_point(|&start| start <= byte))
    }

    fn count_chars(&self, from: usize, to: usize) -> usize {
        self.text.get(from..to).map_or(0, |s| s.chars().count())
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
    fn line_index_in_any_order() {
        let text = "ab\né x = 1; y\n\nlast line é é z";
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        let index = LineIndex::new(text);
        for byte in order {
            let fresh = LineIndex::new(text);
            assert_eq!(index.position(byte), fresh.position(byte), "byte {byte}");
            assert_eq!(index.line(byte), fresh.line(byte), "byte {byte}");
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
