//! Binding passes that run ahead of the main walk, so that a logger bound later in the
//! file is known where it is used. One pass binds module-level imports and assignments,
//! because functions run after the module body. The other binds the `self.x = ...`
//! attributes of a class, because methods use attributes that `__init__` or `setup()`
//! bind.

use tree_sitter::Node;

use super::bindings::{Binding, Env, Factory, Frame, FrameKind, Scopes};
use super::syntax::{compact_text, named_children, text};
use crate::lang::python::syntax::FieldChild;

/// The place an assignment's targets are recorded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Plain names go to the current scope; `self.x` targets are skipped.
    Names,
    /// Plain names go to the current scope and `self.x`/`cls.x` to the class attributes.
    NamesAndSelfAttributes,
    /// A class body: plain names are both class-body names and class attributes.
    ClassBody,
}

/// Statement kinds whose children hold more statements (blocks and clauses).
fn holds_statements(kind: &str) -> bool {
    matches!(
        kind,
        "block"
            | "if_statement"
            | "elif_clause"
            | "else_clause"
            | "try_statement"
            | "except_clause"
            | "finally_clause"
            | "with_statement"
            | "for_statement"
            | "while_statement"
            | "match_statement"
            | "case_clause"
            | "module"
            // Statements that tree-sitter could not fit into the tree still bind names.
            | "ERROR"
    )
}

/// Visits the simple statements under `root` in source order, descending into compound
/// statements but not into function or class bodies. `visit` receives every statement,
/// `function_definition`/`class_definition`/`decorated_definition` included.
fn for_each_statement<'tree>(root: Node<'tree>, mut visit: impl FnMut(Node<'tree>)) {
    let mut stack: Vec<Node<'tree>> = named_children(root);
    stack.reverse();
    while let Some(node) = stack.pop() {
        if holds_statements(node.kind()) {
            let mut inner = named_children(node);
            inner.reverse();
            stack.extend(inner);
        } else {
            visit(node);
        }
    }
}

/// Binds the module's imports and top-level assignments, and the logger classes it
/// defines, into [`Scopes::module`].
pub fn bind_module(scopes: &mut Scopes<'_>, module: Node<'_>) {
    for_each_statement(module, |statement| match statement.kind() {
        "import_statement" | "import_from_statement" => scopes.bind_import(statement),
        "expression_statement" => bind_expression_statement(scopes, statement, Targets::Names),
        "class_definition" => bind_logger_class(scopes, statement),
        "decorated_definition" => {
            if let Some(definition) = statement.field("definition")
                && definition.kind() == "class_definition"
            {
                bind_logger_class(scopes, definition);
            }
        }
        _ => {}
    });
}

/// Records a class that subclasses a logger or an adapter, or is named like one, as a
/// factory so that `audit = AuditLogger()` binds a logger.
fn bind_logger_class(scopes: &mut Scopes<'_>, class: Node<'_>) {
    let Some(name) = class.field("name") else {
        return;
    };
    let name = text(name, scopes.source).to_string();
    let bases = class
        .field("superclasses")
        .map(|bases| compact_text(bases, scopes.source))
        .unwrap_or_default();
    let base_names: Vec<&str> = bases
        .trim_matches(['(', ')'])
        .split(',')
        .map(|base| base.rsplit('.').next().unwrap_or(base))
        .collect();
    let factory = if base_names
        .iter()
        .any(|base| base.ends_with("LoggerAdapter"))
        || name.ends_with("LoggerAdapter")
    {
        Factory::CustomAdapter
    } else if base_names.iter().any(|base| base.ends_with("Logger")) || name.ends_with("Logger") {
        Factory::CustomLogger
    } else {
        return;
    };
    scopes.module.insert(name, Binding::Factory(factory));
}

/// Binds the attributes of the class whose body is `body` (the frame for the class must
/// be the innermost one): names assigned in the class body, and `self.x = ...` in its
/// methods, resolved with each method's parameters and earlier locals.
pub fn bind_class(scopes: &mut Scopes<'_>, body: Node<'_>) {
    for_each_statement(body, |statement| match statement.kind() {
        "expression_statement" => bind_expression_statement(scopes, statement, Targets::ClassBody),
        "function_definition" => bind_method(scopes, statement),
        "decorated_definition" => {
            if let Some(definition) = statement.field("definition")
                && definition.kind() == "function_definition"
            {
                bind_method(scopes, definition);
            }
        }
        _ => {}
    });
}

fn bind_method(scopes: &mut Scopes<'_>, function: Node<'_>) {
    let Some(body) = function.field("body") else {
        return;
    };
    let env = parameter_env(scopes, function);
    scopes.frames.push(Frame {
        kind: FrameKind::Function,
        env,
    });
    for_each_statement(body, |statement| match statement.kind() {
        "import_statement" | "import_from_statement" => scopes.bind_import(statement),
        "expression_statement" => {
            bind_expression_statement(scopes, statement, Targets::NamesAndSelfAttributes)
        }
        _ => {}
    });
    scopes.frames.pop();
}

/// Builds the bindings a function's parameters introduce: a logger for a parameter
/// annotated with a logger type, and [`Binding::Opaque`] for any other parameter, which
/// hides an outer binding of the same name.
pub fn parameter_env(scopes: &Scopes<'_>, function: Node<'_>) -> Env {
    let mut env = Env::new();
    let Some(parameters) = function.field("parameters") else {
        return env;
    };
    for parameter in named_children(parameters) {
        let (name, annotation) = match parameter.kind() {
            "identifier" => (Some(parameter), None),
            "default_parameter" => (parameter.field("name"), None),
            "typed_default_parameter" => (parameter.field("name"), parameter.field("type")),
            "typed_parameter" => (
                parameter
                    .named_child(0)
                    .filter(|n| n.kind() == "identifier"),
                parameter.field("type"),
            ),
            _ => (None, None),
        };
        let Some(name) = name.filter(|n| n.kind() == "identifier") else {
            continue;
        };
        let binding = annotation
            .and_then(|annotation| scopes.annotation_logger(annotation))
            .map_or(Binding::Opaque, Binding::Logger);
        env.insert(text(name, scopes.source).to_string(), binding);
    }
    env
}

fn bind_expression_statement(scopes: &mut Scopes<'_>, statement: Node<'_>, targets: Targets) {
    for child in named_children(statement) {
        if child.kind() == "assignment" {
            bind_assignment(scopes, child, targets);
        }
    }
}

/// Binds the targets of `a = b = value` (or `a: T = value`, or a bare `a: T`) to what the
/// value resolves to.
pub fn bind_assignment(scopes: &mut Scopes<'_>, assignment: Node<'_>, targets: Targets) {
    let mut target_nodes = Vec::new();
    let mut current = assignment;
    let mut annotation = None;
    // A chain `a = b = c = value` nests to the right; statement nesting keeps it short,
    // but the loop is iterative anyway.
    let value = loop {
        if let Some(left) = current.field("left") {
            target_nodes.push(left);
        }
        if annotation.is_none() {
            annotation = current.field("type");
        }
        match current.field("right") {
            Some(right) if right.kind() == "assignment" => current = right,
            other => break other,
        }
    };
    let resolved = value.and_then(|value| scopes.resolve(value));
    let binding = match (resolved, annotation) {
        (Some(binding), _) => binding,
        (None, Some(annotation)) => match scopes.annotation_logger(annotation) {
            Some(info) => Binding::Logger(info),
            None if value.is_some() => Binding::Opaque,
            None => return,
        },
        (None, None) => Binding::Opaque,
    };
    for target in target_nodes {
        bind_target(scopes, target, &binding, targets);
    }
}

fn bind_target(scopes: &mut Scopes<'_>, target: Node<'_>, binding: &Binding, targets: Targets) {
    match target.kind() {
        "identifier" => {
            let name = text(target, scopes.source).to_string();
            if targets == Targets::ClassBody
                && let Some(class) = scopes.current_class()
            {
                scopes.classes[class]
                    .class
                    .insert(name.clone(), binding.clone());
            }
            scopes.current_env().insert(name, binding.clone());
        }
        "attribute" if targets == Targets::NamesAndSelfAttributes => {
            let (Some(object), Some(attribute)) =
                (target.field("object"), target.field("attribute"))
            else {
                return;
            };
            let receiver = text(object, scopes.source);
            if object.kind() != "identifier" || !(receiver == "self" || receiver == "cls") {
                return;
            }
            if let Some(class) = scopes.current_class() {
                let attribute = text(attribute, scopes.source).to_string();
                let attributes = if receiver == "self" {
                    &mut scopes.classes[class].instance
                } else {
                    &mut scopes.classes[class].class
                };
                // `self.logger = None` in `close()` does not undo the logger that
                // `__init__` bound, because the attribute is a logger while the class logs.
                let keeps_logger = matches!(attributes.get(&attribute), Some(Binding::Logger(_)))
                    && !matches!(binding, Binding::Logger(_));
                if !keeps_logger {
                    attributes.insert(attribute, binding.clone());
                }
            }
        }
        _ => {}
    }
}
