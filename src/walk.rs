//! Which files are read, and reading them: gitignore-aware walking, size and encoding
//! checks, and the parallel parse. Files are opened read-only; nothing is ever written.

use std::path::{Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;

use crate::lang::{self, FileFacts, FrontendOptions, Language};

/// A source file selected for analysis.
#[derive(Debug, Clone)]
pub struct SourcePath {
    pub absolute: PathBuf,
    /// Relative to the project root, with `/` separators.
    pub relative: String,
    pub language: Language,
}

/// A file that could not be analysed, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
    /// `true` for I/O and encoding failures (exit status 2), `false` for files skipped
    /// by policy (binary, too large).
    pub is_error: bool,
    pub line: u32,
}

pub struct WalkResult {
    pub files: Vec<SourcePath>,
    pub skipped: Vec<Skipped>,
}

/// Expresses `path` relative to `root` with `/` separators, or as given when it is
/// outside the root.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = absolute
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or(absolute);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_string()
}

/// Collects source files under `paths`. Directories are walked with gitignore semantics
/// (also outside a git repository); files named explicitly are taken even if ignored.
pub fn collect(root: &Path, paths: &[PathBuf], exclude: &GlobSet) -> WalkResult {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.is_file() {
            let relative = relative_path(root, path);
            let Some(language) = Language::from_path(path) else {
                skipped.push(Skipped {
                    path: relative,
                    reason: "skipped: not a TypeScript, JavaScript, Python or Rust source file"
                        .to_string(),
                    is_error: false,
                    line: 1,
                });
                continue;
            };
            files.push(SourcePath {
                absolute: path.clone(),
                relative,
                language,
            });
            continue;
        }
        if !path.exists() {
            skipped.push(Skipped {
                path: path.display().to_string(),
                reason: "no such file or directory".to_string(),
                is_error: true,
                line: 1,
            });
            continue;
        }
        walk_directory(root, path, exclude, &mut files, &mut skipped);
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files.dedup_by(|a, b| a.relative == b.relative);
    WalkResult { files, skipped }
}

fn walk_directory(
    root: &Path,
    dir: &Path,
    exclude: &GlobSet,
    files: &mut Vec<SourcePath>,
    skipped: &mut Vec<Skipped>,
) {
    // Relative paths are computed from the walk's own paths, with one canonicalisation
    // per directory argument instead of one per file.
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let dir_abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let relative_of = {
        let (dir, dir_abs, root_abs) = (dir.to_path_buf(), dir_abs.clone(), root_abs.clone());
        move |path: &Path| -> String {
            let inside = path.strip_prefix(&dir).unwrap_or(path);
            let absolute = dir_abs.join(inside);
            let relative = absolute.strip_prefix(&root_abs).unwrap_or(&absolute);
            relative.to_string_lossy().replace('\\', "/")
        }
    };
    let prune = {
        let exclude = exclude.clone();
        let relative_of = relative_of.clone();
        // A directory is skipped when the globs exclude everything below it.
        move |entry: &ignore::DirEntry| {
            if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let relative = relative_of(entry.path());
            !exclude.is_match(&relative) && !exclude.is_match(format!("{relative}/*"))
        }
    };
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(true)
        .hidden(true)
        .filter_entry(prune)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                skipped.push(Skipped {
                    path: walk_error_path(&error).unwrap_or_else(|| dir.display().to_string()),
                    reason: error.to_string(),
                    is_error: true,
                    line: 1,
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(language) = Language::from_path(entry.path()) else {
            continue;
        };
        let relative = relative_of(entry.path());
        if exclude.is_match(&relative) {
            continue;
        }
        files.push(SourcePath {
            absolute: entry.path().to_path_buf(),
            relative,
            language,
        });
    }
}

fn walk_error_path(error: &ignore::Error) -> Option<String> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } => walk_error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}

/// The outcome of reading and parsing one file.
pub enum Parsed {
    Facts(FileFacts, String),
    Skipped(Skipped),
}

/// Reads `file` and runs its frontend, or says why it was skipped.
pub fn read_and_parse(file: &SourcePath, max_size: u64, options: &FrontendOptions) -> Parsed {
    match read_source(file, max_size) {
        Ok(text) => {
            let facts = lang::analyze(file.language, &file.relative, &text, options);
            Parsed::Facts(facts, text)
        }
        Err(skipped) => Parsed::Skipped(skipped),
    }
}

/// Reads the text of `file`, or returns why it is skipped: unreadable, over `max_size`
/// bytes, binary (a NUL byte in the first 8 KiB) or not valid UTF-8.
pub fn read_source(file: &SourcePath, max_size: u64) -> Result<String, Skipped> {
    let skip = |reason: String, is_error: bool, line: u32| Skipped {
        path: file.relative.clone(),
        reason,
        is_error,
        line,
    };
    let size = match std::fs::metadata(&file.absolute) {
        Ok(metadata) => metadata.len(),
        Err(error) => return Err(skip(format!("failed to read: {error}"), true, 1)),
    };
    if size > max_size {
        return Err(skip(
            format!("skipped: {size} bytes is over max_file_size ({max_size} bytes)"),
            false,
            1,
        ));
    }
    let bytes = match std::fs::read(&file.absolute) {
        Ok(bytes) => bytes,
        Err(error) => return Err(skip(format!("failed to read: {error}"), true, 1)),
    };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(skip(
            "skipped: binary file (contains NUL bytes)".to_string(),
            false,
            1,
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        skip(
            format!("invalid UTF-8 at byte {valid} (line {line}); convert the file to UTF-8"),
            true,
            line,
        )
    })
}

/// Reads and parses every file in parallel, then applies `then` to each parsed file
/// (still in parallel). Results come back in path order whatever the thread count.
pub fn parse_all<T: Send>(
    files: &[SourcePath],
    max_size: u64,
    options: &FrontendOptions,
    then: impl Fn(FileFacts, String) -> T + Sync,
) -> (Vec<T>, Vec<Skipped>) {
    let results: Vec<Result<T, Skipped>> = files
        .par_iter()
        .map(|file| match read_and_parse(file, max_size, options) {
            Parsed::Facts(facts, text) => Ok(then(facts, text)),
            Parsed::Skipped(skipped) => Err(skipped),
        })
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for result in results {
        match result {
            Ok(value) => parsed.push(value),
            Err(reason) => skipped.push(reason),
        }
    }
    (parsed, skipped)
}
