//! Declarations: imports, variables, parameters, class members and the export forms
//! (`export ...`, `module.exports = ...`).

use tree_sitter::Node;

use super::scope::{Binding, BindingSource, ScopeId, ScopeKind};
use super::syntax::{
    Field, call_arguments, child, is_class, is_function_value, plain_string, property_key, text,
    unwrap_expression,
};
use super::walk::{Container, Role, Walker};

/// Maximum number of pattern nodes followed in one destructuring pattern.
const MAX_PATTERN_NODES: usize = 256;

/// Maximum number of nested wrapper calls followed to find a callback that a variable
/// is named after (`const handler = a(b(c(async () => ..)))`).
const MAX_WRAPPERS: usize = 16;

impl<'t> Walker<'t> {
    pub(super) fn declare(&mut self, scope: ScopeId, name: &str, source: BindingSource<'t>) {
        let binding = Binding {
            scope: self.scope(),
            source,
        };
        self.out.table.declare(scope, name, binding);
    }

    pub(super) fn declare_import(&mut self, node: Node<'t>) {
        let Some(module) = node
            .child_by_field_name("source")
            .and_then(|s| plain_string(s, self.source))
        else {
            return;
        };
        let scope = self.scope();
        let mut cursor = node.walk();
        let clauses: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for clause in clauses {
            let mut inner = clause.walk();
            for child in clause.named_children(&mut inner) {
                match child.kind() {
                    "identifier" => self.declare_imported(scope, child, &module, None),
                    "namespace_import" => {
                        if let Some(name) = child.named_child(0) {
                            self.declare_imported(scope, name, &module, None);
                        }
                    }
                    "named_imports" => self.declare_named_imports(scope, child, &module),
                    _ => {}
                }
            }
        }
    }

    fn declare_named_imports(&mut self, scope: ScopeId, node: Node<'t>, module: &str) {
        let mut cursor = node.walk();
        for specifier in node.named_children(&mut cursor) {
            let Some(name) = specifier.child_by_field_name("name") else {
                continue;
            };
            let local = specifier.child_by_field_name("alias").unwrap_or(name);
            let imported = property_key(name, self.source);
            self.declare_imported(scope, local, module, imported);
        }
    }

    fn declare_imported(
        &mut self,
        scope: ScopeId,
        local: Node<'t>,
        module: &str,
        name: Option<String>,
    ) {
        let local = text(local, self.source);
        let source = BindingSource::Import {
            module: module.to_string(),
            name,
        };
        self.declare(scope, local, source);
    }

    pub(super) fn declare_variable(&mut self, node: Node<'t>) {
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        let value = node.child_by_field_name("value");
        let annotation = node.child_by_field_name("type");
        let scope = self.scope();
        if name.kind() != "identifier" {
            match value {
                Some(value) => self.declare_destructured(scope, name, value),
                None => self.declare_pattern(scope, name),
            }
            return;
        }
        let name_text = text(name, self.source);
        let source = match (annotation, value) {
            (None, Some(value)) => BindingSource::Expression(value),
            (annotation, default) => BindingSource::Typed {
                annotation,
                default,
            },
        };
        self.declare(scope, name_text, source);

        let Some(value) = value else {
            return;
        };
        let key = self.at_module_level().then(|| name_text.to_string());
        self.name_value(value, name_text.to_string(), key, node.start_byte());
    }

    /// Gives a function, class or object literal value the name it is assigned to. A
    /// callback passed to the call that produces the value (`catchAsync(async () => ..)`,
    /// `memo(() => ..)`) gets that name too, because the variable holds the wrapped callback.
    pub(super) fn name_value(
        &mut self,
        value: Node<'t>,
        name: String,
        key: Option<String>,
        name_byte: usize,
    ) {
        let kind = value.kind();
        if is_function_value(kind) || is_class(kind) {
            let role = Role::Named {
                name,
                key,
                name_byte,
            };
            self.roles.insert(value.id(), role);
        } else if kind == "object" {
            let role = Role::Object {
                prefix: Some(name),
                key,
            };
            self.roles.insert(value.id(), role);
        } else if let Some(callback) = wrapped_callback(value) {
            let role = Role::Named {
                name,
                key,
                name_byte,
            };
            self.roles.insert(callback.id(), role);
        }
    }

    /// `const { logger, child: log } = value`: each name is bound to the matching member.
    fn declare_destructured(&mut self, scope: ScopeId, pattern: Node<'t>, value: Node<'t>) {
        if pattern.kind() != "object_pattern" {
            self.declare_pattern(scope, pattern);
            return;
        }
        let mut cursor = pattern.walk();
        let entries: Vec<Node<'t>> = pattern.named_children(&mut cursor).collect();
        for entry in entries {
            let (key, local) = match entry.kind() {
                "shorthand_property_identifier_pattern" => {
                    (text(entry, self.source).to_string(), entry)
                }
                "pair_pattern" => {
                    let key = entry
                        .child_by_field_name("key")
                        .and_then(|k| property_key(k, self.source));
                    match (key, entry.child_by_field_name("value")) {
                        (Some(key), Some(local)) if local.kind() == "identifier" => (key, local),
                        (_, Some(local)) => {
                            self.declare_pattern(scope, local);
                            continue;
                        }
                        _ => continue,
                    }
                }
                _ => {
                    self.declare_pattern(scope, entry);
                    continue;
                }
            };
            let local = text(local, self.source);
            self.declare(scope, local, BindingSource::Destructured { key, value });
        }
    }

    /// Declares every name a pattern introduces without following any value.
    pub(super) fn declare_pattern(&mut self, scope: ScopeId, pattern: Node<'t>) {
        let mut stack = vec![pattern];
        let mut visited = 0;
        while let Some(node) = stack.pop() {
            visited += 1;
            if visited > MAX_PATTERN_NODES {
                break;
            }
            match node.kind() {
                "identifier" | "shorthand_property_identifier_pattern" => {
                    let name = text(node, self.source);
                    self.declare(scope, name, BindingSource::Opaque);
                }
                "object_assignment_pattern" | "assignment_pattern" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        stack.push(left);
                    }
                }
                "pair_pattern" => {
                    if let Some(value) = node.child_by_field_name("value") {
                        stack.push(value);
                    }
                }
                "object_pattern" | "array_pattern" | "rest_pattern" => {
                    let mut cursor = node.walk();
                    stack.extend(node.named_children(&mut cursor));
                }
                _ => {}
            }
        }
    }

    /// Declares the parameters of `function` in `scope`. TypeScript parameter properties
    /// (`constructor(private readonly log: Logger)`) also become members of the class.
    pub(super) fn declare_parameters(
        &mut self,
        scope: ScopeId,
        function: Node<'t>,
        class: Option<ScopeId>,
    ) {
        if let Some(single) = child(function, Field::Parameter) {
            self.declare_pattern(scope, single);
            return;
        }
        let Some(parameters) = child(function, Field::Parameters) else {
            return;
        };
        let mut cursor = parameters.walk();
        let list: Vec<Node<'t>> = parameters.named_children(&mut cursor).collect();
        for parameter in list {
            if !matches!(
                parameter.kind(),
                "required_parameter" | "optional_parameter"
            ) {
                self.declare_pattern(scope, parameter);
                continue;
            }
            let Some(pattern) = child(parameter, Field::Pattern) else {
                continue;
            };
            if pattern.kind() != "identifier" {
                self.declare_pattern(scope, pattern);
                continue;
            }
            let name = text(pattern, self.source);
            let source = BindingSource::Typed {
                annotation: child(parameter, Field::Type),
                default: child(parameter, Field::Value),
            };
            if let Some(class) = class
                && is_parameter_property(parameter)
            {
                self.declare(class, name, source.clone());
            }
            self.declare(scope, name, source);
        }
    }

    pub(super) fn for_in(&mut self, node: Node<'t>) {
        let scope = self.open_scope(node, ScopeKind::Block);
        if let Some(left) = node.child_by_field_name("left") {
            self.declare_pattern(scope, left);
        }
    }

    /// A class field: an arrow or function value is the method `Class.field`, any
    /// other value or type binds the member `this.field`.
    pub(super) fn field(&mut self, node: Node<'t>) {
        let Some(Container::Class { prefix, key, scope }) = self.containers.last() else {
            return;
        };
        let (prefix, key, class) = (prefix.clone(), key.clone(), *scope);
        let Some(name) = node
            .child_by_field_name("name")
            .and_then(|n| property_key(n, self.source))
        else {
            return;
        };
        let key = key.filter(|_| !super::bodies::is_private_member(node, &name));
        let value = node.child_by_field_name("value");
        let source = match value {
            Some(value) => BindingSource::Expression(value),
            None => BindingSource::Typed {
                annotation: node.child_by_field_name("type"),
                default: None,
            },
        };
        self.declare(class, &name, source);
        if let Some(value) = value {
            let qualified = match prefix {
                Some(prefix) => format!("{prefix}.{name}"),
                None => name,
            };
            self.name_value(value, qualified, key, node.start_byte());
        }
    }

    /// Names the value of an object-literal property: a function is named `object.key`
    /// and a nested object extends the prefix. The properties of an object that is not
    /// bound to a name, such as an options object passed to a call, stay anonymous.
    pub(super) fn pair(&mut self, node: Node<'t>) {
        let Some(Container::Object { prefix, key }) = self.containers.last() else {
            return;
        };
        if prefix.is_none() && key.is_none() {
            return;
        }
        let (prefix, key) = (prefix.clone(), key.clone());
        let (Some(name), Some(value)) = (
            node.child_by_field_name("key")
                .and_then(|k| property_key(k, self.source)),
            node.child_by_field_name("value"),
        ) else {
            return;
        };
        let qualified = match prefix {
            Some(prefix) => format!("{prefix}.{name}"),
            None => name,
        };
        self.name_value(value, qualified, key, node.start_byte());
    }

    pub(super) fn object(&mut self, node: Node<'t>, role: Option<Role>) {
        let (prefix, key) = match role {
            Some(Role::Object { prefix, key }) => (prefix, key),
            _ => (None, None),
        };
        self.containers.push(Container::Object { prefix, key });
        self.pops.push((node.id(), super::walk::Pop::Container));
    }
}

/// Returns the function argument of the call that `value` is, looking through nested
/// wrapper calls (`a(b(async () => ..))`) to the innermost one that takes a function.
fn wrapped_callback(value: Node<'_>) -> Option<Node<'_>> {
    let mut node = unwrap_expression(value);
    for _ in 0..MAX_WRAPPERS {
        if node.kind() != "call_expression" {
            return None;
        }
        let arguments = call_arguments(node);
        if let Some(callback) = arguments.iter().find(|a| is_function_value(a.kind())) {
            return Some(*callback);
        }
        node = arguments
            .iter()
            .map(|a| unwrap_expression(*a))
            .find(|a| a.kind() == "call_expression")?;
    }
    None
}

/// Returns true for a constructor parameter with an accessibility modifier or
/// `readonly`, which TypeScript turns into a class member.
fn is_parameter_property(parameter: Node<'_>) -> bool {
    let mut cursor = parameter.walk();
    parameter
        .children(&mut cursor)
        .any(|c| matches!(c.kind(), "accessibility_modifier" | "readonly"))
}
