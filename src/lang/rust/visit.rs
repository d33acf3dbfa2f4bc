//! The syn visitor: functions, calls, error handlers and macros.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{
    BinOp, Block, Expr, ExprLit, Lit, Macro, Safety, Signature, Stmt, Type, TypeParamBound,
    Visibility,
};

use super::collector::{Collector, ImplContext, address};
use super::handlers::{
    HANDLER_METHODS, ITERATOR_ADAPTERS, always_err, block_always_err, find_err_pattern,
    handler_call, handler_closure, may_end_with_ok, strip_parens,
};
use super::macros::{MacroKind, classify};
use super::render::{callee_name, expr_end, expr_start, path_name, path_start};
use crate::lang::HandlerKind;

/// Returns the span where a function's text starts, after its attributes.
pub(crate) fn signature_start(visibility: &Visibility, signature: &Signature) -> Span {
    match visibility {
        Visibility::Public(token) => return token.span,
        Visibility::Restricted(restricted) => return restricted.pub_token.span,
        Visibility::Inherited => {}
    }
    if let Some(token) = signature.constness {
        return token.span;
    }
    if let Some(token) = signature.asyncness {
        return token.span;
    }
    match signature.safety {
        Safety::Unsafe(token) => return token.span,
        Safety::Safe(token) => return token.span,
        Safety::Default => {}
    }
    match &signature.abi {
        Some(abi) => abi.extern_token.span,
        None => signature.fn_token.span,
    }
}

/// Names the type of an impl block as methods are qualified: the last path segment
/// without generic arguments (`impl<T> Repo<T>` gives `Repo`).
fn type_name(ty: &Type, collector: &Collector) -> String {
    match ty {
        Type::Path(path) => match path.path.segments.last() {
            Some(segment) => segment.ident.to_string(),
            None => String::new(),
        },
        Type::Reference(reference) => type_name(&reference.elem, collector),
        Type::Ptr(pointer) => type_name(&pointer.elem, collector),
        Type::Paren(paren) => type_name(&paren.elem, collector),
        Type::Group(group) => type_name(&group.elem, collector),
        Type::TraitObject(object) => object
            .bounds
            .iter()
            .find_map(|bound| match bound {
                TypeParamBound::Trait(t) => t.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            })
            .unwrap_or_default(),
        other => {
            let span = other.span();
            let positions = collector.positions;
            let text = positions.text();
            let written = text
                .get(positions.start(span)..positions.end(span))
                .unwrap_or("");
            written.chars().filter(|c| !c.is_whitespace()).collect()
        }
    }
}

/// Returns whether the macro's tokens are a code template rather than code that runs
/// here: a `macro_rules!` definition, or the `quote!` family of proc-macro crates.
fn is_template_macro(mac: &Macro) -> bool {
    const QUOTE_MACROS: [&str; 4] = [
        "quote",
        "quote_spanned",
        "parse_quote",
        "parse_quote_spanned",
    ];
    if mac.path.is_ident("macro_rules") || mac.path.is_ident("macro") {
        return true;
    }
    mac.path
        .segments
        .last()
        .is_some_and(|s| QUOTE_MACROS.iter().any(|name| s.ident == name))
}

/// Finds an `Err(..)` pattern in the `let` of an `if let` or `while let` condition,
/// also inside a let chain (`if let Err(e) = r && retry`).
fn let_err_pattern(condition: &Expr) -> Option<Span> {
    match strip_parens(condition) {
        Expr::Let(binding) => find_err_pattern(&binding.pat).map(|ident| ident.span()),
        Expr::Binary(binary) if matches!(binary.op, BinOp::And(_)) => {
            let_err_pattern(&binary.left).or_else(|| let_err_pattern(&binary.right))
        }
        _ => None,
    }
}

impl Collector<'_> {
    /// Visits a function body; a combinator call in tail position passes its result on.
    pub(crate) fn visit_function_body(&mut self, block: &Block) {
        if let Some(Stmt::Expr(tail, None)) = block.stmts.last()
            && let Some(call) = handler_call(tail)
        {
            self.propagated.insert(address(call));
        }
        self.visit_block(block);
    }

    pub(crate) fn handle_macro(&mut self, mac: &Macro) {
        if is_template_macro(mac) {
            return;
        }
        let segments: Vec<String> = mac
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let leading_colon = mac.path.leading_colon.is_some();
        match classify(
            &segments,
            leading_colon,
            &mac.tokens,
            &self.imports,
            self.options,
        ) {
            MacroKind::Log(call) => {
                self.record_log_call(path_start(&mac.path), path_name(&mac.path), call);
            }
            // A handler reads `bail!` from its own syntax when it is opened.
            MacroKind::Bail => {}
            MacroKind::Other => self.scan_macro_body(&mac.tokens),
        }
    }

    fn visit_with_handler(
        &mut self,
        err: Option<Span>,
        end: Span,
        rethrown: bool,
        body: impl FnOnce(&mut Self),
    ) {
        match err {
            Some(start) => {
                self.open_handler(HandlerKind::ErrArm, start, end, false, rethrown);
                body(self);
                self.close_handler();
            }
            None => body(self),
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        let start = self.positions.start(signature_start(&node.vis, &node.sig));
        let end = self.positions.end(node.block.brace_token.span.close());
        let exported = !matches!(node.vis, Visibility::Inherited);
        self.enter_function(
            node.sig.ident.to_string(),
            exported,
            start,
            end,
            &node.attrs,
        );
        self.visit_function_body(&node.block);
        self.exit_function(Some(&node.sig));
    }

    fn visit_impl_item_fn(&mut self, node: &'ast syn::ImplItemFn) {
        let (name, exported) = self.method_name(&node.sig.ident.to_string(), &node.vis);
        let start = self.positions.start(signature_start(&node.vis, &node.sig));
        let end = self.positions.end(node.block.brace_token.span.close());
        self.enter_function(name, exported, start, end, &node.attrs);
        self.visit_function_body(&node.block);
        self.exit_function(Some(&node.sig));
    }

    fn visit_trait_item_fn(&mut self, node: &'ast syn::TraitItemFn) {
        let Some(block) = &node.default else {
            return;
        };
        let (name, exported) =
            self.method_name(&node.sig.ident.to_string(), &Visibility::Inherited);
        let start = self
            .positions
            .start(signature_start(&Visibility::Inherited, &node.sig));
        let end = self.positions.end(block.brace_token.span.close());
        self.enter_function(name, exported, start, end, &node.attrs);
        self.visit_function_body(block);
        self.exit_function(Some(&node.sig));
    }

    fn visit_item_impl(&mut self, node: &'ast syn::ItemImpl) {
        let name = type_name(&node.self_ty, self);
        let exported = node.trait_.is_some().then_some(true);
        self.impls.push(ImplContext { name, exported });
        visit::visit_item_impl(self, node);
        self.impls.pop();
    }

    fn visit_item_trait(&mut self, node: &'ast syn::ItemTrait) {
        let exported = Some(!matches!(node.vis, Visibility::Inherited));
        self.impls.push(ImplContext {
            name: node.ident.to_string(),
            exported,
        });
        visit::visit_item_trait(self, node);
        self.impls.pop();
    }

    fn visit_item_use(&mut self, node: &'ast syn::ItemUse) {
        self.imports.add_use(&node.tree);
    }

    fn visit_item_macro(&mut self, node: &'ast syn::ItemMacro) {
        if node.ident.is_none() {
            self.handle_macro(&node.mac);
        }
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        self.handle_macro(node);
    }

    fn visit_expr_closure(&mut self, node: &'ast syn::ExprClosure) {
        let transparent = self.transparent_closures.remove(&address(node));
        self.frame().opaque_depth += usize::from(!transparent);
        visit::visit_expr_closure(self, node);
        self.frame().opaque_depth -= usize::from(!transparent);
    }

    fn visit_expr_call(&mut self, node: &'ast syn::ExprCall) {
        let callee = callee_name(&node.func, self.positions);
        self.record_call_site(expr_start(&node.func), callee.clone());
        self.visit_expr(&node.func);
        self.frame().inside.push(callee);
        for argument in &node.args {
            self.visit_expr(argument);
        }
        self.frame().inside.pop();
    }

    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        let propagated = self.propagated.remove(&address(node));
        let method = node.method.to_string();
        let callee = format!("{}.{method}", callee_name(&node.receiver, self.positions));
        self.record_call_site(node.method.span(), callee.clone());
        if method == "record"
            && node.args.len() == 2
            && let Expr::Lit(ExprLit {
                lit: Lit::Str(name),
                ..
            }) = &node.args[0]
        {
            self.frame().recorded.push(name.value());
        }
        self.visit_expr(&node.receiver);

        if ITERATOR_ADAPTERS.contains(&method.as_str()) {
            for argument in &node.args {
                if let Expr::Closure(closure) = strip_parens(argument) {
                    self.transparent_closures.insert(address(closure));
                }
            }
        }
        let closure = if HANDLER_METHODS.contains(&method.as_str()) {
            handler_closure(&node.args)
        } else {
            None
        };
        self.frame().inside.push(callee);
        if let Some(closure) = closure {
            // The closure of `map_err` returns the new error, and a `?` or `return` after
            // the call passes on what the closure returns unless that may be an `Ok`.
            let rethrown = method == "map_err"
                || always_err(&closure.body)
                || (propagated && !may_end_with_ok(&closure.body));
            let end = node.paren_token.span.close();
            self.open_handler(HandlerKind::MapErr, node.method.span(), end, true, rethrown);
            self.visit_expr_closure(closure);
            self.close_handler();
        } else {
            for argument in &node.args {
                self.visit_expr(argument);
            }
        }
        self.frame().inside.pop();
    }

    fn visit_expr_try(&mut self, node: &'ast syn::ExprTry) {
        if let Some(call) = handler_call(&node.expr) {
            self.propagated.insert(address(call));
        }
        self.visit_expr(&node.expr);
    }

    fn visit_expr_return(&mut self, node: &'ast syn::ExprReturn) {
        if let Some(value) = &node.expr {
            if let Some(call) = handler_call(value) {
                self.propagated.insert(address(call));
            }
            self.visit_expr(value);
        }
    }

    fn visit_expr_match(&mut self, node: &'ast syn::ExprMatch) {
        self.visit_expr(&node.expr);
        for arm in &node.arms {
            self.visit_pat(&arm.pat);
            let err = find_err_pattern(&arm.pat).map(|ident| ident.span());
            let rethrown = err.is_some() && always_err(&arm.body);
            self.visit_with_handler(err, expr_end(&arm.body), rethrown, |this| {
                this.visit_expr(&arm.body);
            });
        }
    }

    fn visit_expr_if(&mut self, node: &'ast syn::ExprIf) {
        let err = let_err_pattern(&node.cond);
        self.visit_expr(&node.cond);
        let rethrown = err.is_some() && block_always_err(&node.then_branch);
        let end = node.then_branch.brace_token.span.close();
        self.visit_with_handler(err, end, rethrown, |this| {
            this.visit_block(&node.then_branch)
        });
        if let Some((_, branch)) = &node.else_branch {
            self.visit_expr(branch);
        }
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        let err = let_err_pattern(&node.cond);
        self.visit_expr(&node.cond);
        let rethrown = err.is_some() && block_always_err(&node.body);
        let end = node.body.brace_token.span.close();
        self.visit_with_handler(err, end, rethrown, |this| this.visit_block(&node.body));
    }
}
