//! TypeScript, TSX and JavaScript frontend (tree-sitter-typescript).
//!
//! `.ts` files use the TypeScript grammar; `.tsx` and every JavaScript extension use the
//! TSX grammar, which accepts JSX. The frontend walks the tree once ([`walk`]) to record
//! scopes, bindings, functions, error handlers and calls, then decides which calls are
//! log calls ([`calls`]) by resolving their receivers through the bindings
//! ([`resolve`]).
//!
//! Conventions of the facts this frontend produces:
//! - A receiver is a logger when it resolves to `pino(...)`, `winston.createLogger(...)`,
//!   `bunyan.createLogger(...)`, a `.child(...)` of a logger, `console` or a name
//!   imported as a logger, which includes every name imported from a module whose last
//!   path segment is `log`, `logger`, `logging` or `loggers`. A receiver named `logger`, `log` or `LOGGER`, or ending in
//!   `.logger` or `.log`, is a logger unless it is bound to something else. Extra names
//!   come from [`FrontendOptions::loggers`] and are matched against the receiver as
//!   rendered.
//! - Callees and receivers are written with whitespace removed, `?.` as `.`, `x!` as `x`,
//!   and the arguments of a call inside the path as `(...)`: `fetch(...).then`.
//! - `new X(...)` is a call site with callee `new X`.
//! - Error handlers are `catch` clauses, `.catch(...)` with an inline callback or a log
//!   method (`.catch(console.error)`, which is also a log call with no fields), and
//!   callbacks of kind `callback`, at the start of the callback: an inline
//!   four-parameter callback passed to `.use(...)` (Express error middleware) and an
//!   inline listener passed to `process.on('uncaughtException' | 'unhandledRejection')`
//!   or `window.addEventListener('error' | 'unhandledrejection')`.
//! - Methods and function-valued properties of an object literal that is not bound to a
//!   name, such as an options object passed to a call, are anonymous callbacks.
//! - A function or class declared in `namespace Billing { .. }` is `Billing.charge`, and
//!   it is exported when it and every enclosing namespace are. `#name` and `private`
//!   methods and fields are not exported.
//! - A callback passed to the call that initialises a variable (`const createUser =
//!   catchAsync(async () => ..)`) is a function named after the variable. Outside every
//!   named function, any other callback passed to a call is a function named after the
//!   call: `router.post('/users')` when the first argument is a string literal, else
//!   `app.use(callback)`. Inside a named function callbacks stay anonymous.
//! - Diagnostics: `parse-error`, `nesting-too-deep`, `pino-argument-order`,
//!   `bunyan-argument-order` and `interpolated-message`, all warnings.

mod assign;
mod bodies;
mod calls;
mod declare;
mod message;
mod resolve;
mod rethrow;
mod scope;
mod syntax;
mod values;
mod walk;

#[cfg(test)]
mod tests;

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use super::{
    ErrorHandler, FileFacts, FrontendOptions, Function, HandlerStatus, Language, Severity,
};

thread_local! {
    static PARSERS: RefCell<Parsers> = RefCell::new(Parsers::default());
}

/// One parser per grammar, created on first use and reused for every file the thread
/// analyses.
#[derive(Default)]
struct Parsers {
    typescript: Option<Parser>,
    tsx: Option<Parser>,
}

fn parse(language: Language, text: &str) -> Result<Tree, String> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let (slot, grammar) = match language {
            Language::TypeScript => (
                &mut parsers.typescript,
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT,
            ),
            _ => (&mut parsers.tsx, tree_sitter_typescript::LANGUAGE_TSX),
        };
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&grammar.into())
                .map_err(|error| format!("the TypeScript grammar failed to load: {error}"))?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut().ok_or("no parser")?;
        parser
            .parse(text, None)
            .ok_or_else(|| "the TypeScript parser returned no tree".to_string())
    })
}

pub fn analyze(language: Language, path: &str, text: &str, options: &FrontendOptions) -> FileFacts {
    let mut facts = FileFacts::new(path, language);
    let tree = match parse(language, text) {
        Ok(tree) => tree,
        Err(message) => {
            let message = format!("{message}; no facts were read from this file");
            facts.push_diagnostic("parse-error", Severity::Warning, 1, 1, message);
            return facts;
        }
    };
    let lines = crate::lang::LineIndex::new(text);
    let collected = walk::collect(&tree, text, &lines);
    let resolver = resolve::Resolver::new(&collected.table, text);
    let context = calls::Context {
        resolver: &resolver,
        source: text,
        lines: &lines,
        options,
    };
    let logged = calls::classify(
        &context,
        &collected.calls,
        collected.handlers.len(),
        &mut facts,
    );

    for (index, handler) in collected.handlers.iter().enumerate() {
        let status = if logged[index] {
            HandlerStatus::Logged
        } else if handler.body.is_some_and(|body| {
            let checker = rethrow::Handler {
                binding: handler.binding.as_deref(),
                source: text,
            };
            checker.always_rethrows(body)
        }) {
            HandlerStatus::Rethrown
        } else {
            HandlerStatus::Unlogged
        };
        let (line, column) = lines.position(handler.byte);
        facts.error_handlers.push(ErrorHandler {
            line,
            column,
            end_line: lines.line(handler.end_byte),
            kind: handler.kind,
            status,
            function: handler.function.clone(),
        });
    }
    for function in &collected.functions {
        let exported = function
            .export_key
            .as_ref()
            .is_some_and(|key| collected.exported.contains(key));
        facts.functions.push(Function {
            name: function.name.clone(),
            line: lines.line(function.name_byte),
            end_line: lines.line(function.end_byte),
            exported,
            span_fields: Vec::new(),
            start_byte: function.start_byte,
            end_byte: function.end_byte,
        });
    }
    facts.diagnostics.extend(collected.diagnostics);
    facts
}
