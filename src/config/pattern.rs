//! Glob patterns over function names and callee paths, where `*` matches any run of
//! characters (dots and `::` included) and `?` matches one character.

/// A compiled name glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePattern {
    text: String,
    /// `true` when the pattern has no `.` or `::`, so a function name is matched by its
    /// last segment (`transitionTo*` matches `FailoverManager.transitionToOpen`).
    last_segment_only: bool,
}

impl NamePattern {
    pub fn new(text: &str) -> Self {
        NamePattern {
            text: text.to_string(),
            last_segment_only: !text.contains('.') && !text.contains("::"),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Matches a qualified function name (`Class.method`, `Type::method`).
    pub fn matches_function(&self, name: &str) -> bool {
        if self.last_segment_only {
            glob_match(&self.text, last_segment(name))
        } else {
            glob_match(&self.text, name)
        }
    }

    /// Matches a callee path as a whole (`axios.post`, `this.client.placeOrders`). A
    /// callee that calls on a call's result (`gateway.notify(...).catch`) matches only a
    /// pattern that spells out the `(...)`, so `gateway.*` does not take the `.catch`.
    pub fn matches_callee(&self, callee: &str) -> bool {
        if callee.contains('(') && !self.text.contains('(') {
            return false;
        }
        glob_match(&self.text, callee)
    }
}

/// The globs of a `functions` or `calls` list: a name matches when one glob matches it
/// and no `!`-prefixed glob does (`["axios.*", "!axios.create"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternSet {
    written: Vec<String>,
    include: Vec<NamePattern>,
    exclude: Vec<NamePattern>,
}

impl PatternSet {
    pub fn new(globs: &[String]) -> Self {
        let mut include = Vec::new();
        let mut exclude = Vec::new();
        for glob in globs {
            match glob.strip_prefix('!') {
                Some(negated) => exclude.push(NamePattern::new(negated)),
                None => include.push(NamePattern::new(glob)),
            }
        }
        PatternSet {
            written: globs.to_vec(),
            include,
            exclude,
        }
    }

    /// Returns whether the set has at least one positive glob.
    pub fn has_includes(&self) -> bool {
        !self.include.is_empty()
    }

    pub fn written(&self) -> Vec<&str> {
        self.written.iter().map(String::as_str).collect()
    }

    pub fn matches_function(&self, name: &str) -> bool {
        self.include.iter().any(|p| p.matches_function(name))
            && !self.exclude.iter().any(|p| p.matches_function(name))
    }

    pub fn matches_callee(&self, callee: &str) -> bool {
        self.include.iter().any(|p| p.matches_callee(callee))
            && !self.exclude.iter().any(|p| p.matches_callee(callee))
    }
}

/// Returns the part of a qualified name after its last `.` or `::`.
pub fn last_segment(name: &str) -> &str {
    let after_dot = name.rsplit('.').next().unwrap_or(name);
    after_dot.rsplit("::").next().unwrap_or(after_dot)
}

/// Matches `text` against a glob of `*` and `?` wildcards. Iterative with one
/// backtracking point, so it is linear in practice and never recurses.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    // ASCII text is matched byte by byte without collecting characters into vectors,
    // because this runs for every call site against every `calls` glob.
    if pattern.is_ascii() && text.is_ascii() {
        return match_units(pattern.as_bytes(), text.as_bytes(), b'*', b'?');
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    match_units(&pattern, &text, '*', '?')
}

fn match_units<T: Copy + PartialEq>(pattern: &[T], text: &[T], star: T, any: T) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == any || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == star {
            backtrack = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = backtrack {
            p = star_p + 1;
            t = star_t + 1;
            backtrack = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == star {
        p += 1;
    }
    p == pattern.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_wildcards() {
        assert!(glob_match("axios.*", "axios.post"));
        assert!(glob_match("*.client.*", "this.client.placeOrders"));
        assert!(glob_match("prisma.*.create", "prisma.ledgerEntry.create"));
        assert!(!glob_match("prisma.*.create", "prisma.ledgerEntry.update"));
        assert!(glob_match("get?", "getX"));
        assert!(!glob_match("axios.*", "myaxios.post"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn glob_non_ascii_matches_characters() {
        // `?` is one character, not one byte, outside ASCII too.
        assert!(glob_match("caf?", "café"));
        assert!(glob_match("*é.log", "journalé.log"));
        assert!(!glob_match("caf??", "café"));
        assert!(glob_match("żółw.*", "żółw.info"));
        assert!(!glob_match("żółw.*", "zolw.info"));
    }

    #[test]
    fn function_pattern_without_dot_matches_last_segment() {
        let pattern = NamePattern::new("transitionTo*");
        assert!(pattern.matches_function("FailoverManager.transitionToOpen"));
        assert!(pattern.matches_function("transitionToClosed"));
        assert!(pattern.matches_function("Breaker::transitionToOpen"));
        assert!(!pattern.matches_function("FailoverManager.reset"));
    }

    #[test]
    fn function_pattern_with_dot_matches_whole_name() {
        let pattern = NamePattern::new("OrderService.placeOrder");
        assert!(pattern.matches_function("OrderService.placeOrder"));
        assert!(!pattern.matches_function("Other.placeOrder"));
        assert!(NamePattern::new("*.placeOrder").matches_function("OrderService.placeOrder"));
    }

    #[test]
    fn negated_globs_exclude() {
        let set = PatternSet::new(&["axios.*".to_string(), "!axios.create".to_string()]);
        assert!(set.matches_callee("axios.post"));
        assert!(!set.matches_callee("axios.create"));
        assert!(set.has_includes());
        assert!(!PatternSet::new(&["!x".to_string()]).has_includes());
    }

    #[test]
    fn callee_pattern_stops_at_call_results() {
        let pattern = NamePattern::new("gateway.*");
        assert!(pattern.matches_callee("gateway.notify"));
        assert!(!pattern.matches_callee("gateway.notify(...).catch"));
        assert!(
            NamePattern::new("gateway.notify(...).*").matches_callee("gateway.notify(...).catch")
        );
    }
}
