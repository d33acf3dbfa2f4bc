//! First and last tokens of expressions, and callee names of calls.
//!
//! `syn::spanned::Spanned` prints a node back to tokens to find its span, which costs
//! time in the size of the node. These helpers walk only the left or right edge of the
//! tree, so finding where a call starts or a handler body ends stays cheap.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Member, Path, RangeLimits, UnOp};

use super::positions::Positions;

/// Returns the span of the first token of `expr`, ignoring outer attributes.
pub(crate) fn expr_start(expr: &Expr) -> Span {
    match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Assign(e) => expr_start(&e.left),
        Expr::Async(e) => e.async_token.span,
        Expr::Await(e) => expr_start(&e.base),
        Expr::Binary(e) => expr_start(&e.left),
        Expr::Block(e) => e.block.brace_token.span.open(),
        Expr::Break(e) => e.break_token.span,
        Expr::Call(e) => expr_start(&e.func),
        Expr::Cast(e) => expr_start(&e.expr),
        Expr::Closure(e) => e
            .asyncness
            .map(|t| t.span)
            .or(e.capture.map(|t| t.span))
            .unwrap_or(e.inputs_begin.spans[0]),
        Expr::Const(e) => e.const_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::Field(e) => expr_start(&e.base),
        Expr::ForLoop(e) => e.for_token.span,
        Expr::Group(e) => expr_start(&e.expr),
        Expr::If(e) => e.if_token.span,
        Expr::Index(e) => expr_start(&e.expr),
        Expr::Infer(e) => e.underscore_token.spans[0],
        Expr::Let(e) => e.let_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.loop_token.span,
        Expr::Macro(e) => path_start(&e.mac.path),
        Expr::Match(e) => e.match_token.span,
        Expr::MethodCall(e) => expr_start(&e.receiver),
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Path(e) => match &e.qself {
            Some(qself) => qself.lt_token.spans[0],
            None => path_start(&e.path),
        },
        Expr::Range(e) => match &e.start {
            Some(start) => expr_start(start),
            None => range_limits_span(&e.limits),
        },
        Expr::RawAddr(e) => e.and_token.spans[0],
        Expr::Reference(e) => e.and_token.spans[0],
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Return(e) => e.return_token.span,
        Expr::Struct(e) => path_start(&e.path),
        Expr::Try(e) => expr_start(&e.expr),
        Expr::TryBlock(e) => e.try_token.span,
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Unary(e) => match e.op {
            UnOp::Deref(t) => t.spans[0],
            UnOp::Not(t) => t.spans[0],
            UnOp::Neg(t) => t.spans[0],
            _ => e.span(),
        },
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::While(e) => e.while_token.span,
        Expr::Yield(e) => e.yield_token.span,
        other => other.span(),
    }
}

/// Returns the span of the last token of `expr`.
pub(crate) fn expr_end(expr: &Expr) -> Span {
    match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Assign(e) => expr_end(&e.right),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Await(e) => e.await_token.span,
        Expr::Binary(e) => expr_end(&e.right),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Break(e) => match &e.expr {
            Some(value) => expr_end(value),
            None => e
                .label
                .as_ref()
                .map_or(e.break_token.span, |l| l.ident.span()),
        },
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::Closure(e) => expr_end(&e.body),
        Expr::Const(e) => e.block.brace_token.span.close(),
        Expr::Field(e) => match &e.member {
            Member::Named(ident) => ident.span(),
            Member::Unnamed(index) => index.span,
        },
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        Expr::Group(e) => expr_end(&e.expr),
        Expr::If(e) => match &e.else_branch {
            Some((_, branch)) => expr_end(branch),
            None => e.then_branch.brace_token.span.close(),
        },
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Let(e) => expr_end(&e.expr),
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::Macro(e) => e.mac.delimiter.span().close(),
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Range(e) => match &e.end {
            Some(end) => expr_end(end),
            None => range_limits_span(&e.limits),
        },
        Expr::RawAddr(e) => expr_end(&e.expr),
        Expr::Reference(e) => expr_end(&e.expr),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Return(e) => e.expr.as_deref().map_or(e.return_token.span, expr_end),
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Try(e) => e.question_token.spans[0],
        Expr::TryBlock(e) => e.block.brace_token.span.close(),
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Unary(e) => expr_end(&e.expr),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        Expr::Yield(e) => e.expr.as_deref().map_or(e.yield_token.span, expr_end),
        other => other.span(),
    }
}

pub(crate) fn path_start(path: &Path) -> Span {
    match (&path.leading_colon, path.segments.first()) {
        (Some(colon), _) => colon.spans[0],
        (None, Some(segment)) => segment.ident.span(),
        (None, None) => Span::call_site(),
    }
}

fn range_limits_span(limits: &RangeLimits) -> Span {
    match limits {
        RangeLimits::HalfOpen(t) => t.spans[0],
        RangeLimits::Closed(t) => t.spans[0],
    }
}

/// Renders a path as written without generic arguments: `Vec::<u8>::new` gives `Vec::new`.
pub(crate) fn path_name(path: &Path) -> String {
    let mut name = String::new();
    if path.leading_colon.is_some() {
        name.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            name.push_str("::");
        }
        name.push_str(&segment.ident.to_string());
    }
    name
}

/// Renders the callee of a call for [`crate::lang::CallSite::callee`].
///
/// Paths and field chains appear as written without whitespace or generic arguments.
/// Inner calls of a method chain keep their names and drop their arguments, so
/// `client.get(url).send()` has the callee `client.get().send`.
pub(crate) fn callee_name(expr: &Expr, positions: &Positions) -> String {
    let mut out = String::new();
    render(expr, positions, &mut out);
    out
}

fn render(expr: &Expr, positions: &Positions, out: &mut String) {
    match expr {
        Expr::Path(e) if e.qself.is_none() => out.push_str(&path_name(&e.path)),
        Expr::Field(e) => {
            render(&e.base, positions, out);
            out.push('.');
            match &e.member {
                Member::Named(ident) => out.push_str(&ident.to_string()),
                Member::Unnamed(index) => out.push_str(&index.index.to_string()),
            }
        }
        Expr::MethodCall(e) => {
            render(&e.receiver, positions, out);
            out.push('.');
            out.push_str(&e.method.to_string());
            out.push_str("()");
        }
        Expr::Call(e) => {
            render(&e.func, positions, out);
            out.push_str("()");
        }
        Expr::Await(e) => {
            render(&e.base, positions, out);
            out.push_str(".await");
        }
        Expr::Try(e) => {
            render(&e.expr, positions, out);
            out.push('?');
        }
        Expr::Group(e) => render(&e.expr, positions, out),
        Expr::Macro(e) => {
            out.push_str(&path_name(&e.mac.path));
            out.push_str("!()");
        }
        other => {
            let start = positions.start(expr_start(other));
            let end = positions.end(expr_end(other));
            let text = positions.text().get(start..end).unwrap_or("");
            out.extend(text.chars().filter(|c| !c.is_whitespace()));
        }
    }
}
