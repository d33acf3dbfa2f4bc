//! One iterative pass over the syntax tree that records scopes, bindings, functions,
//! error handlers and every call expression with the context it sits in.
//!
//! The pass does not decide which calls are log calls, because a receiver may be bound
//! further down the file; [`super::calls`] does that once the pass is over.

use std::collections::{HashMap, HashSet};

use tree_sitter::{Node, Tree};

use super::scope::{ScopeId, ScopeKind, ScopeTable};
use crate::lang::LineIndex;
use crate::lang::{FileDiagnostic, HandlerKind, MAX_NESTING_DEPTH, Severity};

/// Maximum number of enclosing callees kept in [`CallRecord::inside`]. Wrappers that
/// credit a call sit close to it, so the outermost entries of deeper chains are dropped.
const MAX_INSIDE: usize = 32;

/// Maximum number of `parse-error` diagnostics per file. Beyond it one more diagnostic
/// gives the count of the rest.
const MAX_PARSE_ERRORS: usize = 20;

/// A call or `new` expression and the context it was found in.
pub(super) struct CallRecord<'t> {
    pub node: Node<'t>,
    pub scope: ScopeId,
    pub function: Option<String>,
    /// Indices into [`Collected::handlers`] of the handlers whose body contains the call.
    pub handlers: Vec<usize>,
    /// Callees of the enclosing calls whose arguments contain this one, innermost first.
    pub inside: Vec<String>,
}

pub(super) struct HandlerRecord<'t> {
    pub kind: HandlerKind,
    /// Offset of the `catch` keyword or of the `catch` property name.
    pub byte: usize,
    pub end_byte: usize,
    pub function: Option<String>,
    /// The name the caught error is bound to (`e` in `catch (e)`, `err` in
    /// `.catch(err => ...)`).
    pub binding: Option<String>,
    /// The block of a `catch` clause or the body of a handler callback.
    pub body: Option<Node<'t>>,
}

pub(super) struct FunctionRecord {
    pub name: String,
    /// Offset of the name that gives the function its name (a declarator, a field).
    pub name_byte: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    /// The module-level name through which the function is visible: its own name, its
    /// class's or its object's. It is exported when that name is.
    pub export_key: Option<String>,
}

/// Everything the pass collected from one file.
pub(super) struct Collected<'t> {
    pub table: ScopeTable<'t>,
    pub calls: Vec<CallRecord<'t>>,
    pub handlers: Vec<HandlerRecord<'t>>,
    pub functions: Vec<FunctionRecord>,
    /// Module-level names made visible outside the module.
    pub exported: HashSet<String>,
    pub diagnostics: Vec<FileDiagnostic>,
}

/// A decision the parent of a node makes about it before the node is entered.
pub(super) enum Role {
    /// A function or class value named by where it is written.
    Named {
        name: String,
        key: Option<String>,
        name_byte: usize,
    },
    /// An object literal whose methods are named `prefix.method`.
    Object {
        prefix: Option<String>,
        key: Option<String>,
    },
    /// An inline function passed as a call argument. `name` is set for a callback outside
    /// every named function, which is named after the call (`router.post('/users')`).
    Callback { name: Option<String> },
    /// An inline function passed to a synchronous array method (`items.forEach(...)`):
    /// it runs as part of the enclosing body.
    ArrayCallback,
    /// An inline callback that is itself an error handler (`.catch(err => ...)`, Express
    /// error middleware), with its handler index.
    HandlerCallback(usize),
    /// The argument list of a call, with the callee as rendered.
    Arguments(String),
}

/// The named class or object literal whose body is being walked.
pub(super) enum Container {
    Class {
        prefix: Option<String>,
        key: Option<String>,
        scope: ScopeId,
    },
    Object {
        prefix: Option<String>,
        key: Option<String>,
    },
}

pub(super) struct NamedFunction {
    pub name: String,
    /// The class scope when the function is that class's constructor.
    pub constructor_of: Option<ScopeId>,
}

/// Context entries, each popped when the node that pushed it is left.
pub(super) enum Pop {
    Scope,
    Function,
    HandlerFrame,
    Handler,
    InsideFrame,
    Inside,
    Container,
    Error,
}

pub(super) struct Walker<'t> {
    pub source: &'t str,
    pub lines: &'t LineIndex<'t>,
    pub out: Collected<'t>,
    pub pops: Vec<(usize, Pop)>,
    pub scopes: Vec<ScopeId>,
    pub functions: Vec<NamedFunction>,
    /// Handlers whose body is being walked, one frame per function boundary.
    pub handler_frames: Vec<Vec<usize>>,
    /// Enclosing callees, one frame per named function that is not a call argument.
    pub inside_frames: Vec<Vec<String>>,
    pub containers: Vec<Container>,
    pub roles: HashMap<usize, Role>,
    error_depth: usize,
    parse_errors: usize,
    too_deep: bool,
}

pub(super) fn collect<'t>(
    tree: &'t Tree,
    source: &'t str,
    lines: &'t LineIndex<'t>,
) -> Collected<'t> {
    let mut walker = Walker {
        source,
        lines,
        out: Collected {
            table: ScopeTable::default(),
            calls: Vec::new(),
            handlers: Vec::new(),
            functions: Vec::new(),
            exported: HashSet::new(),
            diagnostics: Vec::new(),
        },
        pops: Vec::new(),
        scopes: Vec::new(),
        functions: Vec::new(),
        handler_frames: vec![Vec::new()],
        inside_frames: vec![Vec::new()],
        containers: Vec::new(),
        roles: HashMap::new(),
        error_depth: 0,
        parse_errors: 0,
        too_deep: false,
    };
    // The module scope is opened here, not at the `program` node, because a badly broken
    // file can have an `ERROR` node as its root.
    let module = walker.out.table.push_scope(None, ScopeKind::Program);
    walker.scopes.push(module);
    walker.walk(tree);
    walker.finish()
}

impl<'t> Walker<'t> {
    fn walk(&mut self, tree: &'t Tree) {
        let mut cursor = tree.walk();
        let mut depth = 0usize;
        loop {
            let node = cursor.node();
            let descend = self.enter(node);
            if descend && depth >= MAX_NESTING_DEPTH && node.child_count() > 0 {
                self.report_too_deep(node);
            } else if descend && cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            self.exit(node);
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                depth -= 1;
                self.exit(cursor.node());
            }
        }
    }

    fn finish(mut self) -> Collected<'t> {
        if self.parse_errors > MAX_PARSE_ERRORS {
            let rest = self.parse_errors - MAX_PARSE_ERRORS;
            let (line, column) = self
                .out
                .diagnostics
                .last()
                .map_or((1, 1), |d| (d.line, d.column));
            self.push_diagnostic(
                "parse-error",
                line,
                column,
                format!("{rest} more syntax errors; facts in this file may be incomplete"),
            );
        }
        self.out
    }

    /// Records what `node` opens and returns false when its children hold nothing to
    /// collect.
    fn enter(&mut self, node: Node<'t>) -> bool {
        let role = if self.roles.is_empty() {
            None
        } else {
            self.roles.remove(&node.id())
        };
        if node.is_error() || node.is_missing() {
            self.report_parse_error(node);
        }
        // Anonymous nodes are keywords and punctuation, which open nothing.
        if !node.is_named() {
            return false;
        }
        let kind = node.kind();
        match (kind, role) {
            (_, Some(Role::Arguments(callee))) => self.push_inside(node, callee),
            // A type holds no runtime calls (`typeof import('./x')` is no call), but a
            // type with a syntax error is entered so that the error is reported.
            (kind, _) if super::syntax::is_type_only(kind) && !node.has_error() => return false,
            ("statement_block" | "switch_body" | "for_statement", _) => {
                self.open_scope(node, ScopeKind::Block);
            }
            ("for_in_statement", _) => self.for_in(node),
            ("import_statement", _) => self.declare_import(node),
            ("comment" | "regex" | "jsx_text" | "html_comment", _) => return false,
            ("variable_declarator", _) => self.declare_variable(node),
            ("export_statement", _) => self.export(node),
            ("assignment_expression", _) => self.assignment(node),
            ("public_field_definition", _) => self.field(node),
            ("pair", _) => self.pair(node),
            ("object", role) => self.object(node, role),
            ("catch_clause", _) => self.catch_clause(node),
            ("call_expression", _) => self.call(node),
            ("new_expression", _) => self.construct(node),
            (kind, role) if super::syntax::is_class(kind) => self.class(node, role),
            (kind, role) if super::syntax::is_function(kind) => self.function(node, role),
            _ => {}
        }
        true
    }

    fn exit(&mut self, node: Node<'t>) {
        let id = node.id();
        while let Some((owner, _)) = self.pops.last() {
            if *owner != id {
                break;
            }
            let Some((_, pop)) = self.pops.pop() else {
                break;
            };
            match pop {
                Pop::Scope => {
                    self.scopes.pop();
                }
                Pop::Function => {
                    self.functions.pop();
                }
                Pop::HandlerFrame => {
                    self.handler_frames.pop();
                }
                Pop::Handler => {
                    if let Some(frame) = self.handler_frames.last_mut() {
                        frame.pop();
                    }
                }
                Pop::InsideFrame => {
                    self.inside_frames.pop();
                }
                Pop::Inside => {
                    if let Some(frame) = self.inside_frames.last_mut() {
                        frame.pop();
                    }
                }
                Pop::Container => {
                    self.containers.pop();
                }
                Pop::Error => self.error_depth -= 1,
            }
        }
    }

    pub fn scope(&self) -> ScopeId {
        self.scopes.last().copied().unwrap_or(0)
    }

    pub fn at_module_level(&self) -> bool {
        self.out.table.kind(self.scope()) == ScopeKind::Program
    }

    pub fn open_scope(&mut self, node: Node<'t>, kind: ScopeKind) -> ScopeId {
        let parent = self.scopes.last().copied();
        let scope = self.out.table.push_scope(parent, kind);
        self.scopes.push(scope);
        self.pops.push((node.id(), Pop::Scope));
        scope
    }

    pub fn current_function(&self) -> Option<String> {
        self.functions.last().map(|f| f.name.clone())
    }

    fn push_inside(&mut self, node: Node<'t>, callee: String) {
        if let Some(frame) = self.inside_frames.last_mut() {
            frame.push(callee);
            self.pops.push((node.id(), Pop::Inside));
        }
    }

    pub fn inside(&self) -> Vec<String> {
        let frame = self.inside_frames.last().map_or(&[][..], Vec::as_slice);
        frame.iter().rev().take(MAX_INSIDE).cloned().collect()
    }

    pub fn active_handlers(&self) -> Vec<usize> {
        self.handler_frames.last().cloned().unwrap_or_default()
    }

    pub fn push_diagnostic(&mut self, code: &str, line: u32, column: u32, message: String) {
        self.out.diagnostics.push(FileDiagnostic {
            code: code.to_string(),
            severity: Severity::Warning,
            line,
            column,
            message,
        });
    }

    /// Reports an `ERROR` or missing node, except inside an `ERROR` node already
    /// reported.
    fn report_parse_error(&mut self, node: Node<'t>) {
        let nested = self.error_depth > 0;
        if node.is_error() {
            self.error_depth += 1;
            self.pops.push((node.id(), Pop::Error));
        }
        if nested {
            return;
        }
        self.parse_errors += 1;
        if self.parse_errors > MAX_PARSE_ERRORS {
            return;
        }
        let (line, column) = self.lines.position(node.start_byte());
        let end_line = self.lines.line(node.end_byte());
        let message = if node.is_missing() {
            format!(
                "syntax error: missing `{}`; facts on line {line} may be incomplete",
                node.kind()
            )
        } else if end_line > line {
            format!("syntax error; facts on lines {line}-{end_line} may be incomplete")
        } else {
            format!("syntax error; facts on line {line} may be incomplete")
        };
        self.push_diagnostic("parse-error", line, column, message);
    }

    fn report_too_deep(&mut self, node: Node<'t>) {
        if self.too_deep {
            return;
        }
        self.too_deep = true;
        let (line, column) = self.lines.position(node.start_byte());
        let message = format!(
            "syntax nested deeper than {MAX_NESTING_DEPTH} levels; facts inside it are skipped"
        );
        self.push_diagnostic("nesting-too-deep", line, column, message);
    }
}
