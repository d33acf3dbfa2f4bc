//! Unit tests of the Rust frontend over whole files: recovery, nesting and positions.

use super::INLINE_NESTING_LIMIT;
use crate::lang::{
    self, FileFacts, FrontendOptions, HandlerStatus, Language, Library, MAX_NESTING_DEPTH,
};

fn analyze(text: &str) -> FileFacts {
    lang::analyze(Language::Rust, "test.rs", text, &FrontendOptions::default())
}

fn messages(facts: &FileFacts) -> Vec<&str> {
    facts
        .log_calls
        .iter()
        .filter_map(|call| call.message.as_deref())
        .collect()
}

fn parse_errors(facts: &FileFacts) -> Vec<u32> {
    facts
        .diagnostics
        .iter()
        .filter(|d| d.code == "parse-error")
        .map(|d| d.line)
        .collect()
}

#[test]
fn broken_statement_keeps_other_facts() {
    let text = r#"use tracing::{error, info, warn};

fn good() {
    info!("before");
}

pub fn broken(id: u64) {
    let total = ;
    warn!(id, "inside broken");
}

fn after() {
    match load() {
        Err(e) => error!(?e, "load failed"),
        Ok(_) => {}
    }
}
"#;
    let facts = analyze(text);
    assert_eq!(messages(&facts), ["before", "inside broken", "load failed"]);
    assert_eq!(parse_errors(&facts), [8]);
    let names: Vec<&str> = facts.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["good", "broken", "after"]);
    assert!(facts.functions[1].exported);
    assert_eq!(facts.log_calls[1].function.as_deref(), Some("broken"));
    assert_eq!(facts.error_handlers.len(), 1);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Logged);
}

#[test]
fn unbalanced_braces_are_repaired() {
    let text = r#"impl Worker {
    pub fn a(&self) {
        if self.ready {
            tracing::info!("in a");
    }
}

fn b() -> Result<(), Error> {
    match fetch() {
        Err(e) => {
            tracing::error!(error = %e, "b failed");
            Err(e)
        }
        Ok(v) => Ok(v),
    }
}
"#;
    let facts = analyze(text);
    assert_eq!(messages(&facts), ["in a", "b failed"]);
    assert_eq!(facts.log_calls[0].function.as_deref(), Some("Worker::a"));
    assert_eq!(facts.log_calls[1].function.as_deref(), Some("b"));
    assert_eq!(facts.log_calls[1].line, 11);
    assert_eq!(facts.error_handlers.len(), 1);
    assert_eq!(facts.error_handlers[0].line, 10);
    assert!(!parse_errors(&facts).is_empty());
}

#[test]
fn stray_closer_and_unterminated_string() {
    let text =
        "fn a() { tracing::info!(\"a\"); }\n}\nfn b() { tracing::warn!(\"b\"); let s = \"open;\n";
    let facts = analyze(text);
    assert_eq!(messages(&facts), ["a", "b"]);
    assert_eq!(facts.log_calls[1].line, 3);
    assert!(!parse_errors(&facts).is_empty());
}

#[test]
fn unknown_character_is_blanked() {
    let text = "fn a() { let x = 1 € 2; tracing::info!(\"after\"); }\n";
    let facts = analyze(text);
    assert_eq!(messages(&facts), ["after"]);
    assert_eq!(facts.log_calls[0].column, 25);
}

#[test]
fn deep_parentheses_are_skipped_with_diagnostic() {
    let depth = 50_000;
    let text = format!(
        "fn deep() {{ let x = {}1{}; }}\nfn after() {{ tracing::info!(\"after\"); }}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let facts = analyze(&text);
    assert_eq!(messages(&facts), ["after"]);
    assert_eq!(parse_errors(&facts), [1]);
    let message = &facts.diagnostics[0].message;
    assert!(message.contains("nesting deeper than"), "{message}");
}

#[test]
fn deep_closure_chain_returns() {
    let text = format!("fn f() {{ let c = {}1; }}", "|a, b| ".repeat(50_000));
    let facts = analyze(&text);
    assert_eq!(parse_errors(&facts), [1]);
}

#[test]
fn deep_unclosed_brackets_return() {
    let facts = analyze(&"[".repeat(50_000));
    assert!(!parse_errors(&facts).is_empty());
}

/// Wraps each expression in a function and checks that the file is analyzed in full.
fn assert_analyzed(expressions: &[String]) {
    for expression in expressions {
        let text = format!(
            "fn f(x: u8) {{ let v = {expression}; tracing::info!(\"ok\"); }}\nfn g() {{ tracing::info!(\"tail\"); }}\n"
        );
        let facts = analyze(&text);
        assert_eq!(
            messages(&facts),
            ["ok", "tail"],
            "{}",
            &expression[..40.min(expression.len())]
        );
        assert!(parse_errors(&facts).is_empty(), "{:?}", facts.diagnostics);
    }
}

fn nested_forms(depth: usize) -> Vec<String> {
    vec![
        format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("{}1{}", "{".repeat(depth), "}".repeat(depth)),
        format!("{}x", "!".repeat(depth)),
        format!("1{}", " + 1".repeat(depth / 2)),
        format!("x{}", ".f()".repeat(depth / 3)),
        format!("{}1", "|| ".repeat(depth / 2)),
        format!("{}1", "|a, b| ".repeat(depth / 6)),
        format!(
            "Vec::<{}u8{}>::new()",
            "Vec<u8, ".repeat(depth / 6),
            ">".repeat(depth / 6)
        ),
        format!("{}1{}", "vec![".repeat(depth / 3), "]".repeat(depth / 3)),
        format!(
            "{}1{}",
            "match x { _ => ".repeat(depth / 5),
            " }".repeat(depth / 5)
        ),
        format!(
            "if a {{ 1 }} {} else {{ 2 }}",
            "else if a { 1 }".repeat(depth / 4)
        ),
        format!(
            "{}{{}}{}",
            "{ fn n() ".repeat(depth / 4),
            " }".repeat(depth / 4)
        ),
    ]
}

#[test]
fn nesting_within_inline_limit_on_small_stack() {
    // 2 MiB is the default stack of threads that Rust spawns, rayon's included.
    let thread = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| assert_analyzed(&nested_forms(INLINE_NESTING_LIMIT - 8)))
        .unwrap();
    thread.join().unwrap();
}

#[test]
fn nesting_up_to_maximum_depth() {
    assert_analyzed(&nested_forms(MAX_NESTING_DEPTH - 16));
}

#[test]
fn byte_order_mark_and_shebang_keep_positions() {
    let text = "\u{feff}#!/usr/bin/env run-cargo-script\nfn main() {\n    tracing::info!(\"started\");\n}\n";
    let facts = analyze(text);
    assert_eq!(facts.log_calls[0].line, 3);
    assert_eq!(facts.log_calls[0].column, 5);
    assert_eq!(&text[facts.log_calls[0].byte..][..7], "tracing");
    assert_eq!(facts.functions[0].line, 2);
}

#[test]
fn spans_give_byte_offsets_for_containment() {
    let text = "fn outer() {\n    let é = 1;\n    tracing::warn!(\"x\");\n    helper();\n}\n";
    let facts = analyze(text);
    let function = &facts.functions[0];
    let call = &facts.log_calls[0];
    assert_eq!(&text[function.start_byte..function.start_byte + 2], "fn");
    assert_eq!(function.end_byte, text.len() - 1);
    assert!(function.start_byte <= call.byte);
    assert!(call.byte < function.end_byte);
    assert_eq!(&text[facts.call_sites[0].byte..][..6], "helper");
}

#[test]
fn repeated_analysis_does_not_keep_spans() {
    // Without invalidating spans, proc-macro2 keeps every lexed text in a thread-local
    // table; a second analysis of the same text must give the same facts.
    let text = "fn a() { tracing::info!(\"x\"); }";
    let first = analyze(text);
    let second = analyze(text);
    assert_eq!(first, second);
}

#[test]
fn nested_handlers_both_get_log() {
    let text = r#"fn run() {
    if let Err(outer) = connect() {
        match retry() {
            Err(inner) => tracing::error!(?outer, ?inner, "retry failed"),
            Ok(_) => {}
        }
    }
}
"#;
    let facts = analyze(text);
    assert_eq!(facts.error_handlers.len(), 2);
    assert_eq!(facts.log_calls[0].handlers, [0, 1]);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Logged);
    assert_eq!(facts.error_handlers[1].status, HandlerStatus::Logged);
}

#[test]
fn instrument_err_lists_rethrown_handlers() {
    let text = r#"#[tracing::instrument(err)]
fn load(path: &str) -> Result<String, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::Io)?;
    match parse(&text) {
        Err(e) => Err(Error::Parse(e)),
        Ok(v) => Ok(v),
    }
}
"#;
    let facts = analyze(text);
    let event = &facts.log_calls[0];
    assert_eq!(event.logger, "instrument(err)");
    assert_eq!(event.line, 1);
    assert_eq!(event.bound_fields, ["path"]);
    assert_eq!(event.handlers, [0]);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Logged);
    let function = &facts.functions[0];
    assert!(function.start_byte <= event.byte);
    assert!(event.byte < function.end_byte);
}

#[test]
fn call_site_inside_handler_gets_index() {
    let text = "fn f() { if let Err(e) = g() { report(e); } }";
    let facts = analyze(text);
    let report = facts
        .call_sites
        .iter()
        .find(|c| c.callee == "report")
        .unwrap();
    assert_eq!(report.handlers, [0]);
    assert_eq!(facts.error_handlers[0].status, HandlerStatus::Unlogged);
}

#[test]
fn extra_logger_prefix_is_log_call() {
    let options = FrontendOptions {
        loggers: vec!["audit".to_string()],
    };
    let text = "fn f() { audit::warn!(user = %id, \"login failed\"); other::warn!(\"x\"); }";
    let facts = lang::analyze(Language::Rust, "t.rs", text, &options);
    assert_eq!(facts.log_calls.len(), 1);
    assert_eq!(facts.log_calls[0].library, Library::Unknown);
    assert_eq!(facts.log_calls[0].fields, ["user"]);
}

#[test]
fn macro_use_extern_crate_means_log() {
    let text = "#[macro_use]\nextern crate log;\nfn f() { warn!(\"x\"); tracing::info!(\"y\"); }";
    let facts = analyze(text);
    assert_eq!(facts.log_calls[0].library, Library::Log);
    assert_eq!(facts.log_calls[1].library, Library::Tracing);
}

#[test]
fn other_crate_level_macro_is_not_log_call() {
    let text = "use defmt::info;\nfn f() { info!(\"x\"); }";
    assert!(analyze(text).log_calls.is_empty());
}
