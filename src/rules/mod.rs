//! The rules: one file each, documented in its `//!` comment (printed by `stdshadow rule`).
//! Rules turn the resolved model into [`Diagnostic`]s; they never print.

pub mod import_cycle;
pub mod io_error;
pub mod self_import;
pub mod shadowed_import;
pub mod stdlib_shadow;
pub mod syntax_error;
pub mod unused_suppression;

use std::collections::BTreeSet;
use std::fmt;

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Every rule. Codes are stable: never renumber, only add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    StdlibShadow,
    SelfImport,
    ShadowedImport,
    ImportCycle,
    IoError,
    SyntaxError,
    UnusedSuppression,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::StdlibShadow,
        Rule::SelfImport,
        Rule::ShadowedImport,
        Rule::ImportCycle,
        Rule::UnusedSuppression,
        Rule::IoError,
        Rule::SyntaxError,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::StdlibShadow => "SS001",
            Rule::SelfImport => "SS002",
            Rule::ShadowedImport => "SS003",
            Rule::ImportCycle => "SS004",
            Rule::IoError => "SS900",
            Rule::SyntaxError => "SS901",
            Rule::UnusedSuppression => "SS100",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rule::StdlibShadow => "stdlib-shadow",
            Rule::SelfImport => "self-import",
            Rule::ShadowedImport => "shadowed-import",
            Rule::ImportCycle => "import-cycle",
            Rule::IoError => "io-error",
            Rule::SyntaxError => "syntax-error",
            Rule::UnusedSuppression => "unused-suppression",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::StdlibShadow | Rule::SelfImport | Rule::IoError | Rule::SyntaxError => {
                Severity::Error
            }
            Rule::ShadowedImport | Rule::ImportCycle | Rule::UnusedSuppression => Severity::Warning,
        }
    }

    fn source_file(self) -> &'static str {
        match self {
            Rule::StdlibShadow => "stdlib_shadow",
            Rule::SelfImport => "self_import",
            Rule::ShadowedImport => "shadowed_import",
            Rule::ImportCycle => "import_cycle",
            Rule::IoError => "io_error",
            Rule::SyntaxError => "syntax_error",
            Rule::UnusedSuppression => "unused_suppression",
        }
    }

    /// The rule's documentation, from the `//!` comment of its file.
    pub fn doc(self) -> &'static str {
        RULE_DOCS
            .iter()
            .find(|(file, _)| *file == self.source_file())
            .map(|(_, doc)| *doc)
            .unwrap_or_default()
    }

    /// The first line of the documentation's "What it does" section.
    pub fn summary(self) -> &'static str {
        self.doc()
            .lines()
            .skip_while(|l| !l.starts_with("## What it does"))
            .nth(1)
            .unwrap_or_default()
    }

    /// The first paragraph of "What it does", on one line.
    pub fn description(self) -> String {
        self.section("## What it does")
    }

    /// The first paragraph of "Why is this bad", on one line.
    pub fn rationale(self) -> String {
        self.section("## Why is this bad")
    }

    fn section(self, heading: &str) -> String {
        let lines: Vec<&str> = self
            .doc()
            .lines()
            .skip_while(|l| !l.starts_with(heading))
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .collect();
        lines.join(" ")
    }

    /// Looks a rule up by code (`SS001`) or name (`stdlib-shadow`), case-insensitively.
    pub fn find(key: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(key) || r.name().eq_ignore_ascii_case(key))
    }
}

/// The enabled rules, from `select` and `ignore` (codes or code prefixes, as in ruff).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSelection {
    enabled: BTreeSet<Rule>,
}

impl RuleSelection {
    /// `select` defaults to every rule. Returns the first selector that matches no rule.
    pub fn new(select: Option<&[String]>, ignore: &[String]) -> Result<RuleSelection, String> {
        let matching = |selector: &str| -> Result<Vec<Rule>, String> {
            let upper = selector.trim().to_ascii_uppercase();
            let rules: Vec<Rule> = Rule::ALL
                .iter()
                .copied()
                .filter(|r| upper == "ALL" || r.code().starts_with(&upper) || r.name() == selector)
                .collect();
            if rules.is_empty() {
                Err(selector.to_string())
            } else {
                Ok(rules)
            }
        };
        let mut enabled = BTreeSet::new();
        match select {
            Some(selectors) => {
                for s in selectors {
                    enabled.extend(matching(s)?);
                }
            }
            None => enabled.extend(Rule::ALL.iter().copied()),
        }
        for s in ignore {
            for rule in matching(s)? {
                enabled.remove(&rule);
            }
        }
        Ok(RuleSelection { enabled })
    }

    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.enabled.contains(&rule)
    }
}

impl Default for RuleSelection {
    fn default() -> Self {
        RuleSelection::new(None, &[]).expect("the default selection is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_in_ruff_style() {
        for rule in Rule::ALL {
            let doc = rule.doc();
            for section in [
                "## What it does",
                "## Why is this bad",
                "## Example",
                "## How to fix",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", rule.code());
            }
            assert!(!rule.summary().is_empty());
        }
    }

    #[test]
    fn selection_by_prefix_and_name() {
        let s = RuleSelection::new(Some(&["SS0".into()]), &[]).unwrap();
        assert!(s.is_enabled(Rule::StdlibShadow) && s.is_enabled(Rule::ImportCycle));
        assert!(!s.is_enabled(Rule::IoError));
        let s = RuleSelection::new(None, &["stdlib-shadow".into()]).unwrap();
        assert!(!s.is_enabled(Rule::StdlibShadow) && s.is_enabled(Rule::IoError));
        assert_eq!(
            RuleSelection::new(Some(&["XX1".into()]), &[]),
            Err("XX1".into())
        );
    }
}
