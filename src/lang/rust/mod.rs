//! Rust frontend (syn 3 and proc-macro2).
//!
//! A file is lexed with proc-macro2, parsed with syn and visited once. What the facts
//! mean for Rust:
//!
//! - Log calls are the macros of tracing (`trace!` to `error!`, `event!`) and of the log
//!   crate (the same five and `log!`). They are found wherever they sit, also in the
//!   tokens of other macros (`tokio::select!`, `vec!`, custom ones), but never in a
//!   `macro_rules!` definition. See `macros` for how arguments become fields.
//! - `#[instrument]` gives [`Function::span_fields`](crate::lang::Function) and the
//!   `bound_fields` of the log calls in the function; `instrument(err)` adds a log call
//!   at the attribute (see `instrument`).
//! - Error handlers are `match` arms and `if let`/`while let` with an `Err(..)` pattern
//!   (`err_arm`), and closures passed to `.map_err`, `.unwrap_or_else`, `.or_else` and
//!   `.inspect_err` (`map_err`).
//! - Functions are named `Type::method` in impl blocks (the last segment of the type,
//!   without generic arguments), `Trait::method` for trait default methods, and by their
//!   bare name elsewhere. Methods of trait impls are exported; other functions are
//!   exported when they are `pub` in any form.
//! - A call site starts at the callee path of a function call, and at the method name of
//!   a method call (so each call of a chain has its own line).
//!
//! A file that syn rejects is recovered item by item and statement by statement (see
//! `recovery`), and one that proc-macro2 cannot lex is first repaired (see `repair`).

mod collector;
mod handlers;
mod imports;
mod instrument;
mod macros;
mod positions;
mod recovery;
mod render;
mod repair;
mod scan;
mod tokens;
mod visit;

#[cfg(test)]
mod tests;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use super::{FileFacts, FrontendOptions, Language, MAX_NESTING_DEPTH, Severity};
use collector::Collector;
use imports::{Imports, collect_imports};
use positions::Positions;
use tokens::nesting_estimate;

/// Nesting estimate up to which a file is analyzed on the calling thread. syn and the
/// visitor recurse once or more per level, and a thread may have as little as 2 MiB of
/// stack (Rust's default for spawned threads). In a debug build on x86-64, nested blocks
/// overflow 2 MiB between 300 and 600 levels, so this limit keeps a margin of about 2.
const INLINE_NESTING_LIMIT: usize = 192;

/// Stack size of the helper thread that analyzes deeper files, enough for
/// [`MAX_NESTING_DEPTH`] levels in a debug build.
const DEEP_STACK_BYTES: usize = 256 << 20;

/// How many unknown characters the lexer may report before the file is given up.
const MAX_LEX_RETRIES: usize = 32;

pub fn analyze(path: &str, text: &str, options: &FrontendOptions) -> FileFacts {
    let result = analyze_on_this_thread(path, text, options, false);
    // Spans of every file lexed on this thread stay in a thread-local table until this.
    proc_macro2::extra::invalidate_current_thread_spans();
    match result {
        Some(facts) => facts,
        None => analyze_on_deep_stack(path, text, options),
    }
}

fn analyze_on_deep_stack(path: &str, text: &str, options: &FrontendOptions) -> FileFacts {
    let spawned = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("logcov-rust-deep".to_string())
            .stack_size(DEEP_STACK_BYTES)
            .spawn_scoped(scope, || {
                let facts = analyze_on_this_thread(path, text, options, true);
                proc_macro2::extra::invalidate_current_thread_spans();
                facts
            });
        thread.ok().map(|handle| handle.join())
    });
    match spawned {
        Some(Ok(Some(facts))) => facts,
        _ => {
            let mut facts = FileFacts::new(path, Language::Rust);
            facts.push_diagnostic(
                "parse-error",
                Severity::Warning,
                1,
                1,
                "nesting too deep to analyze, and no helper thread could be started; the file is skipped",
            );
            facts
        }
    }
}

/// Analyzes `text`, or returns `None` when it nests deeper than the calling thread's
/// stack allows and `deep_stack` is false.
fn analyze_on_this_thread(
    path: &str,
    text: &str,
    options: &FrontendOptions,
    deep_stack: bool,
) -> Option<FileFacts> {
    let mut facts = FileFacts::new(path, Language::Rust);
    let (base, source) = strip_preamble(text);
    let Some(lexed) = lex(source) else {
        facts.push_diagnostic(
            "parse-error",
            Severity::Warning,
            1,
            1,
            "the file could not be split into Rust tokens; no facts were read",
        );
        return Some(facts);
    };
    let estimate = nesting_estimate(&lexed.stream);
    if estimate > INLINE_NESTING_LIMIT && !deep_stack {
        return None;
    }
    let positions = Positions::new(text, base, lexed.insertions);
    let trees: Vec<TokenTree> = lexed.stream.clone().into_iter().collect();
    let mut imports = Imports::default();
    collect_imports(&trees, &mut imports);

    let mut collector = Collector::new(facts, &positions, imports, options);
    if let Some((offset, problem)) = lexed.problems.first() {
        let count = lexed.problems.len();
        let byte = positions.file_offset(*offset);
        let message = if count == 1 {
            format!(
                "{problem}; logcov repaired it to read the file, so facts near it may be incomplete"
            )
        } else {
            let more = count - 1;
            format!(
                "{problem}, and {more} more problems; logcov repaired them to read the file, so facts near them may be incomplete"
            )
        };
        collector.report_parse_error(byte, message);
    }
    if estimate <= MAX_NESTING_DEPTH {
        match syn::parse2::<syn::File>(lexed.stream) {
            Ok(file) => collector.visit_file(&file),
            Err(_) => collector.recover_file(&trees),
        }
    } else {
        collector.recover_file(&trees);
    }
    Some(collector.facts)
}

/// Splits off a byte order mark and a shebang line, as rustc does; returns the byte
/// offset where the rest starts.
fn strip_preamble(text: &str) -> (usize, &str) {
    let mut base = 0;
    if text.starts_with('\u{feff}') {
        base = '\u{feff}'.len_utf8();
    }
    let rest = &text[base..];
    if let Some(after) = rest.strip_prefix("#!")
        && !after.trim_start().starts_with('[')
    {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        base += line_end;
    }
    (base, &text[base..])
}

struct Lexed {
    stream: TokenStream,
    insertions: Vec<(usize, usize)>,
    problems: Vec<(usize, String)>,
}

/// Lexes `source`, repairing it first when it does not lex as it is.
fn lex(source: &str) -> Option<Lexed> {
    if let Ok(stream) = source.parse::<TokenStream>() {
        return Some(Lexed {
            stream,
            insertions: Vec::new(),
            problems: Vec::new(),
        });
    }
    let mut repaired = repair::repair(source);
    for _ in 0..MAX_LEX_RETRIES {
        match repaired.text.parse::<TokenStream>() {
            Ok(stream) => {
                return Some(Lexed {
                    stream,
                    insertions: repaired.insertions,
                    problems: repaired.problems,
                });
            }
            Err(error) => {
                let offset = error.span().byte_range().start;
                if !repair::blank_character(&mut repaired.text, offset) {
                    return None;
                }
                repaired
                    .problems
                    .push((offset, "invalid token".to_string()));
                repaired.problems.sort_by_key(|(at, _)| *at);
            }
        }
    }
    None
}
