//! `logcov debug`: hidden commands for measuring logcov itself.
//!
//! `debug parse` is the floor that `check` is benchmarked against. It selects files with
//! the same walker and reads them with the same checks, in the same rayon pool. It
//! parses them with the frontends' parsers (tree-sitter for TypeScript, JavaScript and
//! Python, syn for Rust) but extracts no facts and evaluates no rules.

use std::cell::RefCell;
use std::path::PathBuf;

use rayon::prelude::*;
use tree_sitter::Parser;

use super::{ExitStatus, setup};
use crate::lang::Language;
use crate::walk::{self, SourcePath};

#[derive(Debug, clap::Args)]
pub struct DebugArgs {
    #[command(subcommand)]
    pub command: DebugCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum DebugCommand {
    /// Read and parse files without extracting facts, and print how many were parsed.
    Parse(ParseArgs),
}

#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Files or directories to parse.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(args: &DebugArgs) -> ExitStatus {
    match &args.command {
        DebugCommand::Parse(parse_args) => run_parse(parse_args),
    }
}

/// Counts of parsed, broken and skipped files, for one file or summed over a run.
#[derive(Default, Clone, Copy)]
struct ParseTally {
    files: usize,
    bytes: usize,
    with_syntax_errors: usize,
    skipped: usize,
    unreadable: usize,
}

impl ParseTally {
    fn add(self, other: ParseTally) -> ParseTally {
        ParseTally {
            files: self.files + other.files,
            bytes: self.bytes + other.bytes,
            with_syntax_errors: self.with_syntax_errors + other.with_syntax_errors,
            skipped: self.skipped + other.skipped,
            unreadable: self.unreadable + other.unreadable,
        }
    }
}

fn run_parse(args: &ParseArgs) -> ExitStatus {
    let settings = match setup::load_settings(args.config.config.as_deref(), &args.paths) {
        Ok(settings) => settings,
        Err(status) => return status,
    };
    let rules = &settings.rules;
    let walked = walk::collect(&rules.root, &args.paths, &rules.exclude);
    let tally = walked
        .files
        .par_iter()
        .map(|file| parse_one(file, rules.max_file_size))
        .reduce(ParseTally::default, ParseTally::add);
    println!(
        "parsed {} files ({} bytes), {} with syntax errors; skipped {}, unreadable {}",
        tally.files,
        tally.bytes,
        tally.with_syntax_errors,
        tally.skipped,
        tally.unreadable + walked.skipped.len()
    );
    if tally.unreadable + walked.skipped.len() > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    }
}

fn parse_one(file: &SourcePath, max_size: u64) -> ParseTally {
    let text = match walk::read_source(file, max_size) {
        Ok(text) => text,
        Err(skipped) => {
            eprintln!("warning: {}: {}", skipped.path, skipped.reason);
            return ParseTally {
                skipped: usize::from(!skipped.is_error),
                unreadable: usize::from(skipped.is_error),
                ..ParseTally::default()
            };
        }
    };
    let has_errors = match file.language {
        Language::Rust => syn::parse_file(&text).is_err(),
        language => parse_tree_sitter(language, &text),
    };
    ParseTally {
        files: 1,
        bytes: text.len(),
        with_syntax_errors: usize::from(has_errors),
        ..ParseTally::default()
    }
}

thread_local! {
    static PARSERS: RefCell<TreeSitterParsers> = RefCell::new(TreeSitterParsers::default());
}

/// One tree-sitter parser per grammar and thread, reused across files as the frontends
/// do.
#[derive(Default)]
struct TreeSitterParsers {
    typescript: Option<Parser>,
    tsx: Option<Parser>,
    python: Option<Parser>,
}

/// Parses `text` with the grammar the frontend uses for `language` and returns whether
/// the tree has syntax errors (or no tree was produced).
fn parse_tree_sitter(language: Language, text: &str) -> bool {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let (slot, grammar) = match language {
            Language::TypeScript => (
                &mut parsers.typescript,
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT,
            ),
            Language::Python => (&mut parsers.python, tree_sitter_python::LANGUAGE),
            _ => (&mut parsers.tsx, tree_sitter_typescript::LANGUAGE_TSX),
        };
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            // A grammar that fails to load leaves the parser without a language, so
            // `parse` returns `None` and the file counts as having syntax errors.
            let _ = parser.set_language(&grammar.into());
            parser
        });
        match parser.parse(text, None) {
            Some(tree) => tree.root_node().has_error(),
            None => true,
        }
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn write_source(dir: &Path, name: &str, content: &[u8]) -> SourcePath {
        let absolute = dir.join(name);
        std::fs::write(&absolute, content).unwrap();
        SourcePath {
            language: Language::from_path(&absolute).unwrap(),
            absolute,
            relative: name.to_string(),
        }
    }

    #[test]
    fn parse_one_flags_syntax_errors() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("valid.ts", "const total: number = add(1, 2);\n", false),
            ("broken.ts", "function (a, {\n", true),
            ("valid.tsx", "const view = <div>{label}</div>;\n", false),
            ("valid.js", "module.exports = () => 1;\n", false),
            ("valid.py", "def add(a, b):\n    return a + b\n", false),
            ("broken.py", "def add(a, b:\n", true),
            (
                "valid.rs",
                "fn add(a: u32, b: u32) -> u32 { a + b }\n",
                false,
            ),
            ("broken.rs", "fn add(a: u32 {\n", true),
        ];
        for (name, content, broken) in cases {
            let file = write_source(dir.path(), name, content.as_bytes());
            let tally = parse_one(&file, 1 << 20);
            assert_eq!(tally.files, 1, "{name}: files");
            assert_eq!(tally.bytes, content.len(), "{name}: bytes");
            assert_eq!(tally.with_syntax_errors, usize::from(broken), "{name}");
        }
    }

    #[test]
    fn parse_one_skips_like_check() {
        let dir = tempfile::tempdir().unwrap();
        let binary = write_source(dir.path(), "binary.ts", b"const a = 1;\0\n");
        let tally = parse_one(&binary, 1 << 20);
        assert_eq!((tally.files, tally.skipped, tally.unreadable), (0, 1, 0));

        let large = write_source(dir.path(), "large.py", b"x = 1\n");
        let tally = parse_one(&large, 3);
        assert_eq!((tally.files, tally.skipped, tally.unreadable), (0, 1, 0));

        let invalid = write_source(dir.path(), "latin1.rs", b"// caf\xe9\nfn main() {}\n");
        let tally = parse_one(&invalid, 1 << 20);
        assert_eq!((tally.files, tally.skipped, tally.unreadable), (0, 0, 1));
    }
}
