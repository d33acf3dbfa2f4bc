//! Syntax checks for error handlers: `Err(..)` patterns, combinator closures and the
//! ways a handler body passes the error on.

use proc_macro2::Ident;
use syn::{Block, Expr, ExprClosure, Pat, Stmt};

use crate::lang::MAX_NESTING_DEPTH;

/// Methods whose closure argument receives the error of a `Result`.
pub(crate) const HANDLER_METHODS: [&str; 4] =
    ["map_err", "unwrap_or_else", "or_else", "inspect_err"];

/// Iterator adapters whose closure runs before the call returns, so a log inside it
/// counts for an enclosing handler.
pub(crate) const ITERATOR_ADAPTERS: [&str; 7] = [
    "for_each",
    "try_for_each",
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "inspect",
];

/// Returns the `Err` identifier of the first `Err(..)` pattern inside `pat`: directly,
/// nested (`Ok(Err(e))`, `Poll::Ready(Err(e))`), in an or-pattern, behind a binding
/// (`e @ Err(_)`) or under a guard.
pub(crate) fn find_err_pattern(pat: &Pat) -> Option<&Ident> {
    match pat {
        Pat::TupleStruct(tuple) => {
            let last = tuple.path.segments.last()?;
            if last.ident == "Err" {
                return Some(&last.ident);
            }
            tuple.elems.iter().find_map(find_err_pattern)
        }
        Pat::Ident(ident) => ident
            .subpat
            .as_ref()
            .and_then(|(_, sub)| find_err_pattern(sub)),
        Pat::Or(or) => or.cases.iter().find_map(find_err_pattern),
        Pat::Guard(guard) => find_err_pattern(&guard.pat),
        Pat::Paren(paren) => find_err_pattern(&paren.pat),
        Pat::Reference(reference) => find_err_pattern(&reference.pat),
        Pat::Type(typed) => find_err_pattern(&typed.pat),
        Pat::Tuple(tuple) => tuple.elems.iter().find_map(find_err_pattern),
        Pat::Slice(slice) => slice.elems.iter().find_map(find_err_pattern),
        Pat::Struct(structure) => structure
            .fields
            .iter()
            .find_map(|f| find_err_pattern(&f.pat)),
        _ => None,
    }
}

/// Returns the closure argument of a handler combinator call, if the closure takes the
/// error. `Option::unwrap_or_else(|| ..)` and `Option::or_else(|| ..)` take no argument
/// and are not error handlers.
pub(crate) fn handler_closure(
    args: &syn::punctuated::Punctuated<Expr, syn::Token![,]>,
) -> Option<&ExprClosure> {
    if args.len() != 1 {
        return None;
    }
    match strip_parens(&args[0]) {
        Expr::Closure(closure) if !closure.inputs.is_empty() => Some(closure),
        _ => None,
    }
}

pub(crate) fn strip_parens(expr: &Expr) -> &Expr {
    let mut expr = expr;
    loop {
        match expr {
            Expr::Paren(paren) => expr = &paren.expr,
            Expr::Group(group) => expr = &group.expr,
            _ => return expr,
        }
    }
}

/// Returns whether `expr` is a call of the `Err` constructor (`Err(e)`, `Result::Err(e)`).
pub(crate) fn is_err_call(expr: &Expr) -> bool {
    let Expr::Call(call) = strip_parens(expr) else {
        return false;
    };
    let Expr::Path(path) = strip_parens(&call.func) else {
        return false;
    };
    path.path.segments.last().is_some_and(|s| s.ident == "Err")
}

/// Returns whether every path through `expr` passes an error on. A re-throw is an
/// `Err(..)` value, a method chain on one (`Err(e).context("x")`), `Err(..)?`,
/// `return Err(..)` or `bail!(..)`. It counts at the top level of a block or in every
/// branch of an `if` with an `else` or of a `match`, but not inside a loop or an `if`
/// without `else`, because the loop body or the branch may be skipped.
pub(crate) fn always_err(expr: &Expr) -> bool {
    ends_with_err(expr, true, 0)
}

pub(crate) fn block_always_err(block: &Block) -> bool {
    block_ends_with_err(block, true, 0)
}

/// `tail` is true when the value of `expr` is the value of the handler, so that a plain
/// `Err(..)` passes the error on. A statement passes it on only by leaving the body.
fn ends_with_err(expr: &Expr, tail: bool, depth: usize) -> bool {
    if depth >= MAX_NESTING_DEPTH {
        return false;
    }
    let depth = depth + 1;
    match strip_parens(expr) {
        Expr::Call(_) => tail && is_err_call(expr),
        Expr::MethodCall(call) => tail && ends_with_err(&call.receiver, true, depth),
        Expr::Try(try_expr) => is_err_call(&try_expr.expr),
        Expr::Return(ret) => ret
            .expr
            .as_deref()
            .is_some_and(|value| ends_with_err(value, true, depth)),
        Expr::Macro(mac) => is_bail(&mac.mac.path),
        Expr::Block(block) => block_ends_with_err(&block.block, tail, depth),
        Expr::Unsafe(block) => block_ends_with_err(&block.block, tail, depth),
        Expr::If(if_expr) => {
            block_ends_with_err(&if_expr.then_branch, tail, depth)
                && if_expr
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| ends_with_err(e, tail, depth))
        }
        Expr::Match(match_expr) => {
            !match_expr.arms.is_empty()
                && match_expr
                    .arms
                    .iter()
                    .all(|arm| ends_with_err(&arm.body, tail, depth))
        }
        _ => false,
    }
}

fn block_ends_with_err(block: &Block, tail: bool, depth: usize) -> bool {
    let last = block.stmts.len().saturating_sub(1);
    block
        .stmts
        .iter()
        .enumerate()
        .any(|(index, stmt)| match stmt {
            Stmt::Expr(expr, None) => ends_with_err(expr, tail && index == last, depth),
            Stmt::Expr(expr, Some(_)) => ends_with_err(expr, false, depth),
            Stmt::Local(local) => local
                .init
                .as_ref()
                .is_some_and(|init| ends_with_err(&init.expr, false, depth)),
            Stmt::Macro(mac) => is_bail(&mac.mac.path),
            Stmt::Item(_) => false,
        })
}

/// Returns whether some path through `expr` ends in an `Ok(..)` value, so that a `?`
/// after the combinator that owns it does not pass the error on from that path.
pub(crate) fn may_end_with_ok(expr: &Expr) -> bool {
    may_end_with_ok_at(expr, 0)
}

fn may_end_with_ok_at(expr: &Expr, depth: usize) -> bool {
    if depth >= MAX_NESTING_DEPTH {
        return false;
    }
    let depth = depth + 1;
    match strip_parens(expr) {
        Expr::Call(call) => matches!(
            strip_parens(&call.func),
            Expr::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "Ok")
        ),
        Expr::Return(ret) => ret
            .expr
            .as_deref()
            .is_some_and(|value| may_end_with_ok_at(value, depth)),
        Expr::Block(block) => block_may_end_with_ok(&block.block, depth),
        Expr::Unsafe(block) => block_may_end_with_ok(&block.block, depth),
        Expr::If(if_expr) => {
            block_may_end_with_ok(&if_expr.then_branch, depth)
                || if_expr
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| may_end_with_ok_at(e, depth))
        }
        Expr::Match(match_expr) => match_expr
            .arms
            .iter()
            .any(|arm| may_end_with_ok_at(&arm.body, depth)),
        _ => false,
    }
}

fn block_may_end_with_ok(block: &Block, depth: usize) -> bool {
    match block.stmts.last() {
        Some(Stmt::Expr(expr, None)) => may_end_with_ok_at(expr, depth),
        _ => false,
    }
}

pub(crate) fn is_bail(path: &syn::Path) -> bool {
    path.segments.last().is_some_and(|s| s.ident == "bail")
}

/// Returns the method call that `expr` is, through parentheses and `.await`, when it is
/// a call of a handler combinator.
pub(crate) fn handler_call(expr: &Expr) -> Option<&syn::ExprMethodCall> {
    match strip_parens(expr) {
        Expr::MethodCall(call) if HANDLER_METHODS.iter().any(|m| call.method == m) => Some(call),
        Expr::Await(awaited) => handler_call(&awaited.base),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm_pattern(pattern: &str) -> Option<String> {
        let arm: syn::Arm = syn::parse_str(&format!("{pattern} => {{}}")).unwrap();
        find_err_pattern(&arm.pat).map(|ident| ident.to_string())
    }

    #[test]
    fn err_patterns_found() {
        for pattern in [
            "Err(e)",
            "Err(_) if retry",
            "Ok(Err(e))",
            "e @ Err(_)",
            "Err(A) | Err(B)",
            "Poll::Ready(Err(e))",
        ] {
            assert_eq!(arm_pattern(pattern).as_deref(), Some("Err"), "{pattern}");
        }
        for pattern in ["Ok(v)", "None", "_", "Some(x)"] {
            assert_eq!(arm_pattern(pattern), None, "{pattern}");
        }
    }

    #[test]
    fn bodies_that_always_pass_errors_on() {
        let always = |text: &str| always_err(&syn::parse_str::<Expr>(text).unwrap());
        assert!(always("Err(e)"));
        assert!(always("{ cleanup(); Err(e.into()) }"));
        assert!(always("{ return Err(e); }"));
        assert!(always("{ Err(e)?; }"));
        assert!(always("{ let _ = Err(e)?; }"));
        assert!(always("Err(e).context(\"x\")"));
        assert!(always("if retry { Err(a) } else { Err(b) }"));
        assert!(always("match e.kind() { A => Err(e), _ => bail!(\"x\") }"));
        assert!(always("bail!(\"failed\")"));
        assert!(!always("if retry { Ok(1) } else { Err(e) }"));
        assert!(!always("{ if e.fatal() { return Err(e) } 0 }"));
        assert!(!always("{ for x in xs { return Err(e); } Ok(()) }"));
        assert!(!always("{ Err(e); Ok(()) }"));
        assert!(!always("{ panic!(\"bad\") }"));
        assert!(!always("{ Ok(()) }"));
    }

    #[test]
    fn bodies_that_may_return_ok() {
        let ok = |text: &str| may_end_with_ok(&syn::parse_str::<Expr>(text).unwrap());
        assert!(ok("{ warn(); Ok(0) }"));
        assert!(ok("if e.is_missing() { Ok(10) } else { Err(e) }"));
        assert!(!ok("fallback(e)"));
        assert!(!ok("{ Err(e) }"));
    }
}
