//! Syntax checks for error handlers: `Err(..)` patterns, combinator closures and the
//! ways a handler body passes the error on.

use proc_macro2::Ident;
use syn::{Block, Expr, ExprClosure, Pat, Stmt};

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

/// Returns whether the value of `expr` is an `Err(..)` on some path through its tail.
/// That is an `Err(..)` call, a method chain on one (`Err(e).context("x")`), `Err(..)?`,
/// `return Err(..)` or `bail!(..)`. Each may also be the last expression of a block or
/// of a branch of an `if` or `match`.
pub(crate) fn tail_is_err(expr: &Expr) -> bool {
    match strip_parens(expr) {
        Expr::Call(_) => is_err_call(expr),
        Expr::MethodCall(call) => tail_is_err(&call.receiver),
        Expr::Try(try_expr) => is_err_call(&try_expr.expr),
        Expr::Return(ret) => ret.expr.as_deref().is_some_and(tail_is_err),
        Expr::Macro(mac) => is_bail(&mac.mac.path),
        Expr::Block(block) => block_tail_is_err(&block.block),
        Expr::Unsafe(block) => block_tail_is_err(&block.block),
        Expr::If(if_expr) => {
            block_tail_is_err(&if_expr.then_branch)
                || if_expr
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| tail_is_err(e))
        }
        Expr::Match(match_expr) => match_expr.arms.iter().any(|arm| tail_is_err(&arm.body)),
        _ => false,
    }
}

pub(crate) fn block_tail_is_err(block: &Block) -> bool {
    match block.stmts.last() {
        Some(Stmt::Expr(expr, None)) => tail_is_err(expr),
        Some(Stmt::Expr(expr, Some(_))) => matches!(expr, Expr::Return(_)) && tail_is_err(expr),
        Some(Stmt::Macro(mac)) => is_bail(&mac.mac.path),
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
    fn tails_that_pass_errors_on() {
        let tail = |text: &str| tail_is_err(&syn::parse_str::<Expr>(text).unwrap());
        assert!(tail("Err(e)"));
        assert!(tail("{ cleanup(); Err(e.into()) }"));
        assert!(tail("{ return Err(e); }"));
        assert!(tail("Err(e).context(\"x\")"));
        assert!(tail("if retry { Ok(1) } else { Err(e) }"));
        assert!(tail("bail!(\"failed\")"));
        assert!(!tail("{ panic!(\"bad\") }"));
        assert!(!tail("{ Ok(()) }"));
    }
}
