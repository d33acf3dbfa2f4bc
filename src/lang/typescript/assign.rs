//! Assignments and the export forms: `this.x = ...` in a constructor, functions named by
//! the left side, `export ...`, `module.exports = ...` and `exports.x = ...`.

use tree_sitter::Node;

use super::scope::{Binding, BindingSource};
use super::syntax::{member_parts, render_path, text};
use super::walk::{Container, Role, Walker};

impl<'t> Walker<'t> {
    /// `this.x = value` in a constructor binds the member; a function, class or object
    /// value takes its name from the left side; `module.exports` and `exports.x` export.
    pub(super) fn assignment(&mut self, node: Node<'t>) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        if let Some((object, member)) = member_parts(left, self.source)
            && object.kind() == "this"
        {
            self.assign_member(member, right, node.start_byte());
            return;
        }
        let target = render_path(left, self.source);
        let exported_name = match target.as_str() {
            "module.exports" => Some(target.clone()),
            other => other
                .strip_prefix("module.exports.")
                .or_else(|| other.strip_prefix("exports."))
                .map(str::to_string),
        };
        let Some(exported_name) = exported_name else {
            if left.kind() == "identifier" {
                let binding = Binding {
                    scope: self.scope(),
                    source: BindingSource::Expression(right),
                };
                self.out.table.assign(self.scope(), &target, binding);
                let key = self.at_module_level().then(|| target.clone());
                self.name_value(right, target, key, node.start_byte());
            }
            return;
        };
        self.out.exported.insert(exported_name.clone());
        if right.kind() == "identifier" {
            self.out
                .exported
                .insert(text(right, self.source).to_string());
        } else if right.kind() == "object" && exported_name == "module.exports" {
            self.export_object_members(right);
            let role = Role::Object {
                prefix: None,
                key: Some(exported_name),
            };
            self.roles.insert(right.id(), role);
            return;
        }
        self.name_value(
            right,
            exported_name.clone(),
            Some(exported_name),
            node.start_byte(),
        );
    }

    fn assign_member(&mut self, member: &'t str, value: Node<'t>, name_byte: usize) {
        let constructor_class = self.functions.last().and_then(|f| f.constructor_of);
        if let Some(class) = constructor_class {
            self.declare(class, member, BindingSource::Expression(value));
        }
        if let Some((prefix, key)) = self.nearest_class() {
            let name = match prefix {
                Some(prefix) => format!("{prefix}.{member}"),
                None => member.to_string(),
            };
            self.name_value(value, name, key, name_byte);
        }
    }

    fn nearest_class(&self) -> Option<(Option<String>, Option<String>)> {
        self.containers.iter().rev().find_map(|c| match c {
            Container::Class { prefix, key, .. } => Some((prefix.clone(), key.clone())),
            Container::Object { .. } => None,
        })
    }

    /// `module.exports = { a, b: run }` exports the module-level `a` and `run`.
    fn export_object_members(&mut self, object: Node<'t>) {
        let mut cursor = object.walk();
        for entry in object.named_children(&mut cursor) {
            let local = match entry.kind() {
                "shorthand_property_identifier" => Some(entry),
                "pair" => entry
                    .child_by_field_name("value")
                    .filter(|v| v.kind() == "identifier"),
                _ => None,
            };
            if let Some(local) = local {
                self.out
                    .exported
                    .insert(text(local, self.source).to_string());
            }
        }
    }

    pub(super) fn export(&mut self, node: Node<'t>) {
        if node.child_by_field_name("source").is_some() {
            return;
        }
        if let Some(declaration) = node.child_by_field_name("declaration") {
            self.export_declaration(declaration);
        }
        if let Some(value) = node.child_by_field_name("value") {
            self.out.exported.insert("default".to_string());
            if value.kind() == "identifier" {
                self.out
                    .exported
                    .insert(text(value, self.source).to_string());
            } else {
                let name = "default".to_string();
                self.name_value(value, name.clone(), Some(name), node.start_byte());
            }
        }
        let mut cursor = node.walk();
        let clause = node
            .named_children(&mut cursor)
            .find(|c| c.kind() == "export_clause");
        if let Some(clause) = clause {
            let mut inner = clause.walk();
            for specifier in clause.named_children(&mut inner) {
                if let Some(name) = specifier.child_by_field_name("name") {
                    self.out
                        .exported
                        .insert(text(name, self.source).to_string());
                }
            }
        }
    }

    fn export_declaration(&mut self, declaration: Node<'t>) {
        match declaration.kind() {
            "lexical_declaration" | "variable_declaration" => {
                let mut cursor = declaration.walk();
                for declarator in declaration.named_children(&mut cursor) {
                    let name = declarator
                        .child_by_field_name("name")
                        .filter(|n| n.kind() == "identifier");
                    if let Some(name) = name {
                        self.out
                            .exported
                            .insert(text(name, self.source).to_string());
                    }
                }
            }
            _ => {
                if let Some(name) = declaration.child_by_field_name("name") {
                    self.out
                        .exported
                        .insert(text(name, self.source).to_string());
                }
            }
        }
    }
}
