//! Lexical scopes and the bindings declared in them.
//!
//! The walker records every declaration it meets (variables, parameters, imports,
//! `this.x` assignments in a constructor) with the syntax that gives it a value. Values
//! are worked out later, on demand, by [`super::resolve`], so a function that uses a
//! logger declared further down the file still resolves it.

use std::collections::HashMap;

use tree_sitter::Node;

pub(super) type ScopeId = usize;
pub(super) type BindingId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScopeKind {
    Program,
    Function,
    Block,
    /// A class body. Its names are the instance members (`this.x`), not plain names.
    Class,
}

#[derive(Debug)]
pub(super) struct Scope {
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
    names: HashMap<String, BindingId>,
}

/// The origin of a binding's value.
#[derive(Debug, Clone)]
pub(super) enum BindingSource<'t> {
    /// `const x = <expression>`, a class field initialiser, `this.x = <expression>`.
    Expression(Node<'t>),
    /// `const { key: x } = <expression>`.
    Destructured { key: String, value: Node<'t> },
    /// `import x from 'module'` (`name` is `None`), `import * as x`, or
    /// `import { name as x } from 'module'`.
    Import {
        module: String,
        name: Option<String>,
    },
    /// A parameter or a field, with its type annotation and default value.
    Typed {
        annotation: Option<Node<'t>>,
        default: Option<Node<'t>>,
    },
    /// A name whose value the frontend does not follow (catch binding, loop variable,
    /// function or class name).
    Opaque,
}

#[derive(Debug)]
pub(super) struct Binding<'t> {
    /// The scope the source expression is evaluated in.
    pub scope: ScopeId,
    pub source: BindingSource<'t>,
}

/// Every scope and binding of one file.
#[derive(Debug, Default)]
pub(super) struct ScopeTable<'t> {
    scopes: Vec<Scope>,
    bindings: Vec<Binding<'t>>,
}

impl<'t> ScopeTable<'t> {
    pub fn push_scope(&mut self, parent: Option<ScopeId>, kind: ScopeKind) -> ScopeId {
        self.scopes.push(Scope {
            parent,
            kind,
            names: HashMap::new(),
        });
        self.scopes.len() - 1
    }

    pub fn kind(&self, scope: ScopeId) -> ScopeKind {
        self.scopes
            .get(scope)
            .map_or(ScopeKind::Program, |s| s.kind)
    }

    /// Declares `name` in `scope`. A later declaration of the same name in the same
    /// scope replaces an earlier one only when the earlier one had no value to follow,
    /// so `private log: Logger;` followed by `this.log = pino()` keeps the assignment.
    pub fn declare(&mut self, scope: ScopeId, name: &str, binding: Binding<'t>) {
        let Some(entry) = self.scopes.get(scope) else {
            return;
        };
        let replaceable = match entry.names.get(name) {
            None => true,
            Some(&existing) => matches!(
                self.bindings[existing].source,
                BindingSource::Opaque | BindingSource::Typed { .. }
            ),
        };
        if replaceable {
            self.bindings.push(binding);
            let id = self.bindings.len() - 1;
            self.scopes[scope].names.insert(name.to_string(), id);
        }
    }

    /// Gives a variable declared without a value (`let log;`) the value of its first
    /// assignment (`log = pino()`), found from `scope` like a lookup.
    pub fn assign(&mut self, scope: ScopeId, name: &str, binding: Binding<'t>) {
        let Some(id) = self.lookup(scope, name) else {
            return;
        };
        let unset = matches!(
            self.bindings[id].source,
            BindingSource::Typed {
                annotation: None,
                default: None
            }
        );
        if unset {
            self.bindings[id] = binding;
        }
    }

    pub fn binding(&self, id: BindingId) -> &Binding<'t> {
        &self.bindings[id]
    }

    pub fn binding_count(&self) -> usize {
        self.bindings.len()
    }

    /// Finds the binding `name` refers to from `scope`, skipping class scopes.
    pub fn lookup(&self, scope: ScopeId, name: &str) -> Option<BindingId> {
        let mut current = Some(scope);
        while let Some(scope) = current.and_then(|id| self.scopes.get(id)) {
            if scope.kind != ScopeKind::Class
                && let Some(&binding) = scope.names.get(name)
            {
                return Some(binding);
            }
            current = scope.parent;
        }
        None
    }

    /// Finds the instance member `this.<name>` of the nearest enclosing class.
    pub fn lookup_member(&self, scope: ScopeId, name: &str) -> Option<BindingId> {
        let class = self.enclosing_class(scope)?;
        self.scopes.get(class)?.names.get(name).copied()
    }

    pub fn enclosing_class(&self, scope: ScopeId) -> Option<ScopeId> {
        let mut current = Some(scope);
        while let Some(id) = current {
            let entry = self.scopes.get(id)?;
            if entry.kind == ScopeKind::Class {
                return Some(id);
            }
            current = entry.parent;
        }
        None
    }
}
