//! The main pass: one iterative walk over the syntax tree that records functions, error
//! handlers, log calls and call sites.
//!
//! Scoping state lives in stacks that the walk pushes when it enters a node and pops when
//! it leaves it. There is one stack each for function, class and lambda frames, for the
//! except clauses around the current node, for the callees of calls whose arguments the
//! walk is in, and for fields bound by enclosing `with` blocks.

use tree_sitter::{Node, Tree};

mod handlers;
mod sites;

use super::bindings::{Env, Frame, FrameKind, Scopes};
use super::scan::{Targets, bind_assignment, bind_class, parameter_env};
use super::syntax::text;
use crate::lang::LineIndex;
use crate::lang::python::syntax::FieldChild;
use crate::lang::{FileFacts, Function, HandlerKind, Library, MAX_NESTING_DEPTH, Severity};
use handlers::{HandlerState, registered_handler};

/// Cleanup that runs when the walk leaves a node.
enum Exit<'tree> {
    Nothing,
    PopFrame,
    PopHandler,
    PopCallee,
    PopInside,
    PopContexts(usize),
    BindAssignment(Node<'tree>),
    LeaveErrorRegion,
}

/// Walk state that belongs to one function, class or lambda frame, kept in step with
/// [`Scopes::frames`].
struct WalkFrame {
    /// Qualified name of the function or class; a lambda repeats its parent's.
    qualified_name: Option<String>,
    /// The innermost named function, as reported on facts.
    function: Option<String>,
    exported: bool,
    /// Handlers on [`Walker::handler_stack`] below this index belong to enclosing code
    /// that this frame's body does not run in.
    handler_base: usize,
    /// Entries of [`Walker::inside`] below this index belong to calls outside the
    /// enclosing named function.
    inside_base: usize,
    /// Entries of [`Walker::contexts`] below this index were bound by `with` blocks whose
    /// extent this frame's body does not run in.
    context_base: usize,
    /// The error handler this function is registered as, if any.
    callback: Option<usize>,
}

struct Walker<'a, 'tree> {
    scopes: Scopes<'a>,
    index: &'a LineIndex<'a>,
    facts: &'a mut FileFacts,
    frames: Vec<WalkFrame>,
    handler_states: Vec<HandlerState<'tree>>,
    handler_stack: Vec<usize>,
    callees: Vec<String>,
    inside: Vec<String>,
    /// Fields bound by enclosing `with` blocks, per library.
    contexts: Vec<(Library, Vec<String>)>,
    /// The `function_definition` whose decorators register it as an error handler.
    pending_callback: Option<Node<'tree>>,
    error_depth: usize,
    reported_depth_limit: bool,
}

/// Walks `tree` and appends its facts to `facts`. `scopes` must already hold the module
/// bindings.
pub fn walk(tree: &Tree, scopes: Scopes<'_>, index: &LineIndex<'_>, facts: &mut FileFacts) {
    let mut walker = Walker {
        scopes,
        index,
        facts,
        frames: Vec::new(),
        handler_states: Vec::new(),
        handler_stack: Vec::new(),
        callees: Vec::new(),
        inside: Vec::new(),
        contexts: Vec::new(),
        pending_callback: None,
        error_depth: 0,
        reported_depth_limit: false,
    };
    let mut cursor = tree.walk();
    let mut exits: Vec<Exit<'_>> = Vec::new();
    loop {
        let node = cursor.node();
        let is_arguments = cursor.field_name() == Some("arguments");
        let depth = exits.len();
        let mut descend = true;
        if depth >= MAX_NESTING_DEPTH {
            walker.report_depth_limit(node);
            descend = false;
        }
        let exit = if descend {
            walker.enter(node, is_arguments)
        } else {
            Exit::Nothing
        };
        exits.push(exit);
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if let Some(exit) = exits.pop() {
                walker.leave(exit);
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

impl<'a, 'tree> Walker<'a, 'tree> {
    fn enter(&mut self, node: Node<'tree>, is_arguments: bool) -> Exit<'tree> {
        if node.is_error() {
            return self.enter_error(node);
        }
        if node.is_missing() {
            self.report_missing(node);
            return Exit::Nothing;
        }
        if is_arguments && let Some(callee) = self.callees.last() {
            self.inside.push(callee.clone());
            return Exit::PopInside;
        }
        match node.kind() {
            "function_definition" => self.enter_function(node),
            "class_definition" => self.enter_class(node),
            "lambda" => self.enter_lambda(),
            "decorated_definition" => {
                self.pending_callback = registered_handler(node, self.scopes.source);
                Exit::Nothing
            }
            "except_clause" => self.enter_except(node),
            "call" => self.enter_call(node),
            "with_statement" => self.enter_with(node),
            "expression_statement" => {
                self.check_discarded_bind(node);
                Exit::Nothing
            }
            "assignment" if !self.frames.is_empty() => Exit::BindAssignment(node),
            "import_statement" | "import_from_statement" if !self.frames.is_empty() => {
                self.scopes.bind_import(node);
                Exit::Nothing
            }
            _ => Exit::Nothing,
        }
    }

    fn leave(&mut self, exit: Exit<'tree>) {
        match exit {
            Exit::Nothing => {}
            Exit::PopFrame => self.pop_frame(),
            Exit::PopHandler => {
                if let Some(handler) = self.handler_stack.pop() {
                    self.finish_handler(handler);
                }
            }
            Exit::PopCallee => {
                self.callees.pop();
            }
            Exit::PopInside => {
                self.inside.pop();
            }
            Exit::PopContexts(count) => {
                let remaining = self.contexts.len().saturating_sub(count);
                self.contexts.truncate(remaining);
            }
            Exit::BindAssignment(node) => {
                let in_class_body = matches!(
                    self.scopes.frames.last().map(|frame| frame.kind),
                    Some(FrameKind::Class { .. })
                );
                let targets = if in_class_body {
                    Targets::ClassBody
                } else {
                    Targets::Names
                };
                bind_assignment(&mut self.scopes, node, targets);
            }
            Exit::LeaveErrorRegion => self.error_depth -= 1,
        }
    }

    fn position(&self, byte: usize) -> (u32, u32) {
        self.index.position(byte)
    }

    fn current_function(&self) -> Option<String> {
        self.frames.last().and_then(|frame| frame.function.clone())
    }

    /// The handlers whose body the current node runs in: those entered since the
    /// innermost function, lambda or class began.
    fn visible_handlers(&self) -> &[usize] {
        let base = self.frames.last().map_or(0, |frame| frame.handler_base);
        &self.handler_stack[base.min(self.handler_stack.len())..]
    }

    fn push_frame(&mut self, kind: FrameKind, frame: WalkFrame, env: Env) {
        self.scopes.frames.push(Frame { kind, env });
        self.frames.push(frame);
    }

    fn pop_frame(&mut self) {
        self.scopes.frames.pop();
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if let Some(handler) = frame.callback {
            self.finish_handler(handler);
        }
        self.handler_stack.truncate(frame.handler_base);
    }

    /// Returns the frame of the class whose body directly contains the current node.
    fn class_body_frame(&self) -> Option<&WalkFrame> {
        let in_class = matches!(
            self.scopes.frames.last().map(|frame| frame.kind),
            Some(FrameKind::Class { .. })
        );
        self.frames.last().filter(|_| in_class)
    }

    fn enter_function(&mut self, node: Node<'tree>) -> Exit<'tree> {
        let name = node
            .field("name")
            .map_or("", |name| text(name, self.scopes.source));
        let (qualified_name, exported) = match self.class_body_frame() {
            Some(class) => (
                format!("{}.{name}", class.qualified_name.as_deref().unwrap_or("")),
                class.exported && is_public_method(name),
            ),
            None => (
                name.to_string(),
                self.frames.is_empty() && !name.starts_with('_'),
            ),
        };
        let (line, _) = self.position(node.start_byte());
        let (end_line, _) = self.position(node.end_byte());
        self.facts.functions.push(Function {
            name: qualified_name.clone(),
            line,
            end_line,
            exported,
            span_fields: Vec::new(),
            start_byte: node.start_byte(),
            end_byte: node.end_byte(),
        });

        let env = parameter_env(&self.scopes, node);
        let frame = WalkFrame {
            qualified_name: Some(qualified_name.clone()),
            function: Some(qualified_name.clone()),
            exported,
            handler_base: self.handler_stack.len(),
            inside_base: self.inside.len(),
            context_base: self.contexts.len(),
            callback: None,
        };
        self.push_frame(FrameKind::Function, frame, env);

        if self
            .pending_callback
            .is_some_and(|pending| pending.id() == node.id())
        {
            self.pending_callback = None;
            let handler = self.push_handler(node, HandlerKind::Callback, Some(qualified_name));
            self.handler_stack.push(handler);
            if let Some(frame) = self.frames.last_mut() {
                frame.callback = Some(handler);
            }
        }
        Exit::PopFrame
    }

    fn enter_class(&mut self, node: Node<'tree>) -> Exit<'tree> {
        let name = node
            .field("name")
            .map_or("", |name| text(name, self.scopes.source));
        let (qualified_name, exported) = match self.class_body_frame() {
            Some(outer) => (
                format!("{}.{name}", outer.qualified_name.as_deref().unwrap_or("")),
                outer.exported && !name.starts_with('_'),
            ),
            None => (
                name.to_string(),
                self.frames.is_empty() && !name.starts_with('_'),
            ),
        };
        let frame = WalkFrame {
            qualified_name: Some(qualified_name),
            function: self.current_function(),
            exported,
            handler_base: self.handler_stack.len(),
            inside_base: self.inside.len(),
            context_base: self.contexts.len(),
            callback: None,
        };
        let class = self.scopes.classes.len();
        self.scopes.classes.push(Default::default());
        self.push_frame(FrameKind::Class { class }, frame, Default::default());
        if let Some(body) = node.field("body") {
            bind_class(&mut self.scopes, body);
        }
        Exit::PopFrame
    }

    /// Pushes a lambda frame. A lambda keeps the enclosing function's name and call
    /// context, but its body runs later, outside the except clauses around it.
    fn enter_lambda(&mut self) -> Exit<'tree> {
        let parent = self.frames.last();
        let frame = WalkFrame {
            qualified_name: parent.and_then(|p| p.qualified_name.clone()),
            function: self.current_function(),
            exported: false,
            handler_base: self.handler_stack.len(),
            inside_base: parent.map_or(0, |p| p.inside_base),
            context_base: self.contexts.len(),
            callback: None,
        };
        self.push_frame(FrameKind::Lambda, frame, Default::default());
        Exit::PopFrame
    }

    fn enter_error(&mut self, node: Node<'_>) -> Exit<'tree> {
        self.error_depth += 1;
        if self.error_depth == 1 {
            let (start, column) = self.position(node.start_byte());
            let (end, _) = self.position(node.end_byte());
            let message = if start == end {
                format!("syntax error at line {start}; facts on that line may be incomplete")
            } else {
                format!(
                    "syntax error in lines {start}-{end}; facts in those lines may be incomplete"
                )
            };
            self.facts
                .push_diagnostic("parse-error", Severity::Warning, start, column, message);
        }
        Exit::LeaveErrorRegion
    }

    fn report_missing(&mut self, node: Node<'_>) {
        if self.error_depth > 0 {
            return;
        }
        let (line, column) = self.position(node.start_byte());
        let message = format!(
            "syntax error at line {line}: missing `{}`; facts near it may be incomplete",
            node.kind()
        );
        self.facts
            .push_diagnostic("parse-error", Severity::Warning, line, column, message);
    }

    fn report_depth_limit(&mut self, node: Node<'_>) {
        if self.reported_depth_limit {
            return;
        }
        self.reported_depth_limit = true;
        let (line, column) = self.position(node.start_byte());
        self.facts.push_diagnostic(
            "nesting-too-deep",
            Severity::Warning,
            line,
            column,
            format!(
                "syntax nested deeper than {MAX_NESTING_DEPTH} levels at line {line}; the \
                 nested part was skipped and its facts are missing"
            ),
        );
    }
}

/// `true` for a method name visible outside its class: public names and dunders.
fn is_public_method(name: &str) -> bool {
    !name.starts_with('_') || (name.starts_with("__") && name.ends_with("__") && name.len() > 4)
}
