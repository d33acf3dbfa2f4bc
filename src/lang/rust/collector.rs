//! The state of one file's analysis and the methods that turn syntax into facts.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::{Attribute, Signature, Visibility};

use super::imports::Imports;
use super::instrument::{Instrument, find_instrument};
use super::macros::LogMacro;
use super::positions::Positions;
use crate::lang::{
    CallSite, ErrorHandler, FileFacts, FrontendOptions, Function, HandlerKind, HandlerStatus,
    Library, LogCall, Severity,
};

/// A named function being visited, or the module level (`function == None`).
#[derive(Default)]
pub(crate) struct Frame {
    pub(crate) function: Option<usize>,
    pub(crate) name: Option<String>,
    /// Handlers whose body is being visited, outermost first.
    open: Vec<OpenHandler>,
    /// Callees of the calls whose arguments are being visited, outermost first.
    pub(crate) inside: Vec<String>,
    /// Closures entered that are not passed to an iterator adapter; a log inside one does
    /// not count for a handler outside it.
    pub(crate) opaque_depth: usize,
    log_calls: Vec<usize>,
    handlers: Vec<usize>,
    /// Field names passed to `.record("name", ..)` in the body.
    pub(crate) recorded: Vec<String>,
    instrument: Option<Instrument>,
}

struct OpenHandler {
    index: usize,
    opaque_depth: usize,
    logged: bool,
    rethrown: bool,
}

/// Naming and visibility context for the methods of an impl block or trait.
pub(crate) struct ImplContext {
    pub(crate) name: String,
    /// `Some` for trait impls and trait definitions, whose methods are as visible as the
    /// trait; `None` for inherent impls, where each method's own `pub` decides.
    pub(crate) exported: Option<bool>,
}

pub(crate) struct Collector<'a> {
    pub(crate) facts: FileFacts,
    pub(crate) positions: &'a Positions<'a>,
    pub(crate) imports: Imports,
    pub(crate) options: &'a FrontendOptions,
    pub(crate) frames: Vec<Frame>,
    pub(crate) impls: Vec<ImplContext>,
    /// Addresses of combinator calls whose result is passed on with `?` or `return`.
    pub(crate) propagated: HashSet<usize>,
    /// Addresses of closures passed directly to an iterator adapter.
    pub(crate) transparent_closures: HashSet<usize>,
    reported_lines: HashSet<u32>,
}

pub(crate) fn address<T>(node: &T) -> usize {
    std::ptr::from_ref(node) as usize
}

impl<'a> Collector<'a> {
    pub(crate) fn new(
        facts: FileFacts,
        positions: &'a Positions<'a>,
        imports: Imports,
        options: &'a FrontendOptions,
    ) -> Self {
        Collector {
            facts,
            positions,
            imports,
            options,
            frames: vec![Frame::default()],
            impls: Vec::new(),
            propagated: HashSet::new(),
            transparent_closures: HashSet::new(),
            reported_lines: HashSet::new(),
        }
    }

    pub(crate) fn frame(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the module frame is never popped")
    }

    fn current_function(&self) -> Option<String> {
        self.frames.last().and_then(|f| f.name.clone())
    }

    /// Adds a `parse-error` warning, at most one per line.
    pub(crate) fn report_parse_error(&mut self, byte: usize, message: String) {
        let (line, column) = self.positions.line_column(byte);
        if self.reported_lines.insert(line) {
            self.facts
                .push_diagnostic("parse-error", Severity::Warning, line, column, message);
        }
    }

    /// Starts a named function whose text runs from `start` to `end` (file bytes).
    pub(crate) fn enter_function(
        &mut self,
        name: String,
        exported: bool,
        start: usize,
        end: usize,
        attrs: &[Attribute],
    ) {
        self.facts.functions.push(Function {
            name: name.clone(),
            line: self.positions.line(start),
            end_line: self.positions.line(end),
            exported,
            span_fields: Vec::new(),
            start_byte: start,
            end_byte: end,
        });
        self.frames.push(Frame {
            function: Some(self.facts.functions.len() - 1),
            name: Some(name),
            instrument: find_instrument(attrs),
            ..Frame::default()
        });
    }

    /// Ends the innermost function: applies its `#[instrument]` span fields to the log
    /// calls in its body, and emits the event of `instrument(err)`.
    /// `signature` is `None` when only the name of the function could be read.
    pub(crate) fn exit_function(&mut self, signature: Option<&Signature>) {
        let frame = self
            .frames
            .pop()
            .expect("exit_function without enter_function");
        let (Some(index), Some(instrument), Some(signature)) =
            (frame.function, frame.instrument, signature)
        else {
            return;
        };
        let fields = instrument.span_fields(signature, &frame.recorded);
        for &call in &frame.log_calls {
            self.facts.log_calls[call].bound_fields = fields.clone();
        }
        self.facts.functions[index].span_fields = fields.clone();
        let (Some(level), Some(span)) = (instrument.err_level, instrument.span) else {
            return;
        };
        let mut handlers = Vec::new();
        for &handler in &frame.handlers {
            let handler_facts = &mut self.facts.error_handlers[handler];
            if handler_facts.status == HandlerStatus::Rethrown {
                handler_facts.status = HandlerStatus::Logged;
                handlers.push(handler);
            }
        }
        let (line, column) = self.positions.line_column(self.positions.start(span));
        self.facts.log_calls.push(LogCall {
            line,
            column,
            level,
            logger: "instrument(err)".to_string(),
            library: Library::Tracing,
            message: None,
            fields: vec!["error".to_string()],
            bound_fields: fields,
            function: frame.name,
            emits: true,
            handlers,
            // The attribute precedes the function's text; its first byte keeps the event
            // inside the function for span containment.
            byte: self.facts.functions[index].start_byte,
        });
    }

    /// Starts an error handler whose syntax runs from `start` to `end`. `in_closure` is
    /// true when the body is a closure that the visitor enters next.
    pub(crate) fn open_handler(
        &mut self,
        kind: HandlerKind,
        start: Span,
        end: Span,
        in_closure: bool,
        rethrown: bool,
    ) {
        let byte = self.positions.start(start);
        let (line, column) = self.positions.line_column(byte);
        let end_line = self.positions.line(self.positions.end(end));
        let function = self.current_function();
        self.facts.error_handlers.push(ErrorHandler {
            line,
            column,
            end_line,
            kind,
            status: HandlerStatus::Unlogged,
            function,
        });
        let index = self.facts.error_handlers.len() - 1;
        let step = usize::from(in_closure);
        let frame = self.frame();
        let open = OpenHandler {
            index,
            opaque_depth: frame.opaque_depth + step,
            logged: false,
            rethrown,
        };
        frame.open.push(open);
        frame.handlers.push(index);
    }

    pub(crate) fn close_handler(&mut self) {
        let Some(open) = self.frame().open.pop() else {
            return;
        };
        self.facts.error_handlers[open.index].status = if open.logged {
            HandlerStatus::Logged
        } else if open.rethrown {
            HandlerStatus::Rethrown
        } else {
            HandlerStatus::Unlogged
        };
    }

    /// Returns the handlers a log call or call site here belongs to, and marks them
    /// logged when `logs` is true.
    fn enclosing_handlers(&mut self, logs: bool) -> Vec<usize> {
        let frame = self.frame();
        let depth = frame.opaque_depth;
        let mut indices = Vec::new();
        for open in frame.open.iter_mut().filter(|h| h.opaque_depth == depth) {
            open.logged |= logs;
            indices.push(open.index);
        }
        indices
    }

    pub(crate) fn record_log_call(&mut self, start: Span, logger: String, call: LogMacro) {
        let byte = self.positions.start(start);
        let (line, column) = self.positions.line_column(byte);
        let handlers = self.enclosing_handlers(true);
        let function = self.current_function();
        self.facts.log_calls.push(LogCall {
            line,
            column,
            level: call.level,
            logger,
            library: call.library,
            message: call.message,
            fields: call.fields,
            bound_fields: Vec::new(),
            function,
            emits: true,
            handlers,
            byte,
        });
        let index = self.facts.log_calls.len() - 1;
        self.frame().log_calls.push(index);
    }

    pub(crate) fn record_call_site(&mut self, start: Span, callee: String) {
        let byte = self.positions.start(start);
        let (line, column) = self.positions.line_column(byte);
        let handlers = self.enclosing_handlers(false);
        let function = self.current_function();
        let inside = self.frame().inside.iter().rev().cloned().collect();
        self.facts.call_sites.push(CallSite {
            line,
            column,
            callee,
            function,
            inside,
            handlers,
            byte,
        });
    }

    /// Returns the name and visibility of a method in the innermost impl or trait.
    pub(crate) fn method_name(&self, method: &str, visibility: &Visibility) -> (String, bool) {
        let declared = !matches!(visibility, Visibility::Inherited);
        match self.impls.last() {
            Some(context) => (
                format!("{}::{method}", context.name),
                context.exported.unwrap_or(declared),
            ),
            None => (method.to_string(), declared),
        }
    }
}
