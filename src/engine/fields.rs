//! Field-name normalisation shared by every language.
//!
//! `orderId`, `order_id`, `OrderID` and `order-id` are one field: case and the
//! separators `_` and `-` are ignored. A dotted path such as Rust's `order.id` keeps its
//! dots, so it only matches `orderId` in an event that allows dotted paths.

/// Normalises a field name for comparison. With `join_dots`, dots are dropped too.
pub fn normalize(name: &str, join_dots: bool) -> String {
    name.chars()
        .filter(|&c| c != '_' && c != '-' && !(join_dots && c == '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One required field of an event: a name, or alternatives written `a|b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The alternatives as written in the rule file.
    pub names: Vec<String>,
    normalized: Vec<String>,
}

impl FieldSpec {
    /// Parses `latencyMs|durationMs`; returns `None` for an empty name or alternative.
    pub fn parse(text: &str, dotted: bool) -> Option<FieldSpec> {
        let names: Vec<String> = text.split('|').map(|s| s.trim().to_string()).collect();
        if names
            .iter()
            .any(|n| n.is_empty() || n.contains(char::is_whitespace))
        {
            return None;
        }
        let normalized = names.iter().map(|n| normalize(n, dotted)).collect();
        Some(FieldSpec { names, normalized })
    }

    /// Returns whether any of `present` (already normalised the same way) satisfies it.
    pub fn is_satisfied_by(&self, present: &[String]) -> bool {
        self.normalized
            .iter()
            .any(|want| present.iter().any(|have| have == want))
    }

    /// The spec as written: `latencyMs|durationMs`.
    pub fn display(&self) -> String {
        self.names.join("|")
    }

    /// The first alternative, used when suggesting a log statement.
    pub fn primary(&self) -> &str {
        &self.names[0]
    }
}

/// Converts a camelCase rule name to snake_case for Python and Rust suggestions.
pub fn to_snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.extend(c.to_lowercase());
            previous_lower = false;
        } else {
            out.push(if c == '-' { '_' } else { c });
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_normalise_to_one_name() {
        for name in ["orderId", "order_id", "OrderID", "order-id", "ORDER_ID"] {
            assert_eq!(normalize(name, false), "orderid", "{name}");
        }
    }

    #[test]
    fn dotted_paths_match_only_when_joined() {
        assert_eq!(normalize("order.id", false), "order.id");
        assert_eq!(normalize("order.id", true), "orderid");
        let spec = FieldSpec::parse("orderId", false).unwrap();
        assert!(!spec.is_satisfied_by(&[normalize("order.id", false)]));
        let dotted = FieldSpec::parse("orderId", true).unwrap();
        assert!(dotted.is_satisfied_by(&[normalize("order.id", true)]));
    }

    #[test]
    fn alternatives_accept_either() {
        let spec = FieldSpec::parse("latencyMs|durationMs", false).unwrap();
        assert!(spec.is_satisfied_by(&["durationms".to_string()]));
        assert!(!spec.is_satisfied_by(&["elapsed".to_string()]));
        assert_eq!(spec.display(), "latencyMs|durationMs");
        assert!(FieldSpec::parse("a||b", false).is_none());
    }

    #[test]
    fn snake_case_for_suggestions() {
        assert_eq!(to_snake_case("orderId"), "order_id");
        assert_eq!(to_snake_case("latencyMs"), "latency_ms");
        assert_eq!(to_snake_case("grossPnL"), "gross_pn_l");
        assert_eq!(to_snake_case("status"), "status");
    }
}
