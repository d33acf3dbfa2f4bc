//! The language-neutral facts that every frontend produces for one file.
//!
//! The rule engine and the scorer see only these types, never a syntax tree, so a new
//! language plugs in by producing them. Lines are 1-based; columns are 1-based and count
//! characters (not bytes). Byte offsets are kept for containment tests and are not part
//! of the serialized form.

use serde::{Deserialize, Serialize};

use super::Language;

/// Canonical log level. The order is the severity order, so `Level::Warn >= Level::Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Trace,
        Level::Debug,
        Level::Info,
        Level::Warn,
        Level::Error,
        Level::Fatal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Fatal => "fatal",
        }
    }

    /// Parses a canonical level name (`warning` is accepted for `warn`).
    pub fn parse(name: &str) -> Option<Level> {
        match name.to_ascii_lowercase().as_str() {
            "trace" => Some(Level::Trace),
            "debug" => Some(Level::Debug),
            "info" => Some(Level::Info),
            "warn" | "warning" => Some(Level::Warn),
            "error" => Some(Level::Error),
            "fatal" | "critical" => Some(Level::Fatal),
            _ => None,
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The logging library a call goes through, when the frontend can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Library {
    Winston,
    Pino,
    Bunyan,
    Console,
    Logging,
    Structlog,
    Loguru,
    Tracing,
    Log,
    /// A receiver that looks like a logger (`logger`, `this.log`) of unknown origin.
    Unknown,
}

/// One logging call as written in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogCall {
    pub line: u32,
    pub column: u32,
    pub level: Level,
    /// The receiver or macro path as written: `this.logger`, `log`, `tracing::info`.
    pub logger: String,
    pub library: Library,
    /// The message literal; `None` for an interpolated or computed message.
    pub message: Option<String>,
    /// Structured field names written by the call itself, in source order, as written.
    pub fields: Vec<String>,
    /// Fields bound earlier on the logger the call goes through (child logger, `bind`,
    /// a `LoggerAdapter`, an enclosing tracing span), kept apart from `fields`.
    pub bound_fields: Vec<String>,
    /// The innermost named function, `None` at module level.
    pub function: Option<String>,
    /// `false` when the call raises at run time instead of logging (a reserved key in
    /// Python's `extra`, structlog's `event=`). Such a call covers nothing.
    pub emits: bool,
    /// Indices into [`FileFacts::error_handlers`] of every handler this call logs for:
    /// the handlers whose body contains it, not counting bodies of nested functions.
    #[serde(skip)]
    pub handlers: Vec<usize>,
    #[serde(skip)]
    pub byte: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlerKind {
    /// TypeScript `catch` clause.
    Catch,
    /// TypeScript `.catch(callback)` with an inline callback.
    PromiseCatch,
    /// Python `except` or `except*` clause.
    Except,
    /// Rust `match` arm with an `Err(..)` pattern, or `if let Err(..)`.
    ErrArm,
    /// Rust closure passed to `.map_err`, `.unwrap_or_else`, `.or_else`, `.inspect_err`.
    MapErr,
    /// A function registered as a framework's error handler, such as a Python function
    /// decorated with `@app.exception_handler(...)` or `@app.errorhandler(...)`.
    Callback,
}

impl HandlerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HandlerKind::Catch => "catch",
            HandlerKind::PromiseCatch => "promise_catch",
            HandlerKind::Except => "except",
            HandlerKind::ErrArm => "err_arm",
            HandlerKind::MapErr => "map_err",
            HandlerKind::Callback => "callback",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlerStatus {
    /// The body logs (outside any nested function defined in it).
    Logged,
    /// The body does not log but passes the error on along every path (throw, raise,
    /// `return Err`).
    Rethrown,
    /// Neither.
    Unlogged,
}

impl HandlerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HandlerStatus::Logged => "logged",
            HandlerStatus::Rethrown => "rethrown",
            HandlerStatus::Unlogged => "unlogged",
        }
    }
}

/// A place where an error is caught or handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorHandler {
    /// Line of the `catch`/`except` keyword, of the `Err` pattern, or of the combinator name.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub kind: HandlerKind,
    pub status: HandlerStatus,
    pub function: Option<String>,
}

/// A call expression, with the callee path as written (`axios.post`, `this.client.placeOrders`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallSite {
    pub line: u32,
    pub column: u32,
    pub callee: String,
    pub function: Option<String>,
    /// Callees of the calls whose arguments contain this call, innermost first
    /// (`withHttpLogging` for `withHttpLogging('betfair', 'login', () => axios.post(..))`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub inside: Vec<String>,
    /// Indices into [`FileFacts::error_handlers`], as for [`LogCall::handlers`].
    #[serde(skip)]
    pub handlers: Vec<usize>,
    #[serde(skip)]
    pub byte: usize,
}

/// A named function, method or arrow function bound to a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// Qualified name: `OrderService.placeOrder`, `Client::call`, `handler`.
    pub name: String,
    pub line: u32,
    pub end_line: u32,
    pub exported: bool,
    /// Fields of a span the function opens for its whole body (Rust `#[instrument]`) that
    /// are present on events inside it, in declaration order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub span_fields: Vec<String>,
    #[serde(skip)]
    pub start_byte: usize,
    #[serde(skip)]
    pub end_byte: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A problem a frontend found in the file itself: a syntax error, a call that loses its
/// fields at run time, a call that raises instead of logging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileDiagnostic {
    /// Stable check name, documented by `logcov explain`.
    pub code: String,
    pub severity: Severity,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Everything logcov knows about one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    pub language: Language,
    pub log_calls: Vec<LogCall>,
    pub error_handlers: Vec<ErrorHandler>,
    pub call_sites: Vec<CallSite>,
    pub functions: Vec<Function>,
    pub diagnostics: Vec<FileDiagnostic>,
    /// `logcov-ignore[...]` comments, found by a text scan for every language.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub suppressions: Vec<super::suppress::Suppression>,
    /// Number of lines in the file.
    #[serde(skip)]
    pub line_count: u32,
}

impl FileFacts {
    pub fn new(path: impl Into<String>, language: Language) -> Self {
        FileFacts {
            path: path.into(),
            language,
            log_calls: Vec::new(),
            error_handlers: Vec::new(),
            call_sites: Vec::new(),
            functions: Vec::new(),
            diagnostics: Vec::new(),
            suppressions: Vec::new(),
            line_count: 0,
        }
    }

    pub fn push_diagnostic(
        &mut self,
        code: &str,
        severity: Severity,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(FileDiagnostic {
            code: code.to_string(),
            severity,
            line,
            column,
            message: message.into(),
        });
    }

    /// Sorts every list by position so output is deterministic whatever order a frontend
    /// discovered things in. Handler indices held by calls are remapped.
    pub fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.error_handlers.len()).collect();
        order.sort_by_key(|&i| (self.error_handlers[i].line, self.error_handlers[i].column));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let handlers = std::mem::take(&mut self.error_handlers);
        let mut slots: Vec<Option<ErrorHandler>> = handlers.into_iter().map(Some).collect();
        self.error_handlers = order.iter().filter_map(|&i| slots[i].take()).collect();
        for call in &mut self.log_calls {
            call.handlers = call.handlers.iter().map(|&h| new_index[h]).collect();
        }
        for site in &mut self.call_sites {
            site.handlers = site.handlers.iter().map(|&h| new_index[h]).collect();
        }
        self.log_calls.sort_by_key(|c| (c.line, c.column));
        self.call_sites.sort_by_key(|c| (c.line, c.column));
        self.functions.sort_by_key(|f| (f.line, f.start_byte));
        self.diagnostics
            .sort_by(|a, b| (a.line, a.column, &a.code).cmp(&(b.line, b.column, &b.code)));
    }
}
