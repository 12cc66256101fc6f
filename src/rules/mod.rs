//! The rules: one file each, documented in its `//!` comment (printed by `stdshadow rule`), and
//! one row each in [`RULES`], which says everything else about it. Rules turn the resolved model
//! into [`Diagnostic`]s; they read the model, never each other, and never print.

pub mod import_cycle;
pub mod io_error;
pub mod self_import;
pub mod shadowed_import;
pub mod stdlib_shadow;
pub mod syntax_error;
#[cfg(test)]
mod testing;
pub mod unused_suppression;

use std::collections::BTreeSet;
use std::fmt;

use crate::diagnostic::Diagnostic;
use crate::project::Project;

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

/// How a rule runs.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads the model; runs beside the other model rules.
    Model(fn(&Project) -> Vec<Diagnostic>),
    /// Reads the model after the model rules ran (it reports the parser errors of the files
    /// they parsed fully).
    AfterModel(fn(&Project) -> Vec<Diagnostic>),
    /// Judges the other rules' findings against the files' suppression comments
    /// ([`unused_suppression::apply`]).
    Suppressions,
}

/// Everything about one rule but its documentation (the `//!` comment of its file).
pub struct RuleDef {
    pub rule: Rule,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Its file under `src/rules/`, without `.rs`.
    pub source_file: &'static str,
    pub check: Check,
}

/// The rules, in the order `stdshadow rule --all` and the docs list them.
pub static RULES: &[RuleDef] = &[
    RuleDef {
        rule: Rule::StdlibShadow,
        code: "SS001",
        name: "stdlib-shadow",
        severity: Severity::Error,
        source_file: "stdlib_shadow",
        check: Check::Model(stdlib_shadow::check),
    },
    RuleDef {
        rule: Rule::SelfImport,
        code: "SS002",
        name: "self-import",
        severity: Severity::Error,
        source_file: "self_import",
        check: Check::Model(self_import::check),
    },
    RuleDef {
        rule: Rule::ShadowedImport,
        code: "SS003",
        name: "shadowed-import",
        severity: Severity::Warning,
        source_file: "shadowed_import",
        check: Check::Model(shadowed_import::check),
    },
    RuleDef {
        rule: Rule::ImportCycle,
        code: "SS004",
        name: "import-cycle",
        severity: Severity::Warning,
        source_file: "import_cycle",
        check: Check::Model(import_cycle::check),
    },
    RuleDef {
        rule: Rule::UnusedSuppression,
        code: "SS100",
        name: "unused-suppression",
        severity: Severity::Warning,
        source_file: "unused_suppression",
        check: Check::Suppressions,
    },
    RuleDef {
        rule: Rule::IoError,
        code: "SS900",
        name: "io-error",
        severity: Severity::Error,
        source_file: "io_error",
        check: Check::Model(io_error::check),
    },
    RuleDef {
        rule: Rule::SyntaxError,
        code: "SS901",
        name: "syntax-error",
        severity: Severity::Error,
        source_file: "syntax_error",
        check: Check::AfterModel(syntax_error::check),
    },
];

impl Rule {
    /// Every rule, in [`RULES`]' order.
    pub fn all() -> impl Iterator<Item = Rule> {
        RULES.iter().map(|d| d.rule)
    }

    pub fn def(self) -> &'static RuleDef {
        RULES
            .iter()
            .find(|d| d.rule == self)
            .expect("every rule has a row in RULES")
    }

    pub fn code(self) -> &'static str {
        self.def().code
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn severity(self) -> Severity {
        self.def().severity
    }

    /// The rule's documentation, from the `//!` comment of its file.
    pub fn doc(self) -> &'static str {
        RULE_DOCS
            .iter()
            .find(|(file, _)| *file == self.def().source_file)
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
        Rule::all()
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
            let rules: Vec<Rule> = Rule::all()
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
            None => enabled.extend(Rule::all()),
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
    fn every_rule_has_one_row_and_a_unique_code() {
        let mut codes: Vec<&str> = RULES.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
        for rule in [
            Rule::StdlibShadow,
            Rule::SelfImport,
            Rule::ShadowedImport,
            Rule::ImportCycle,
            Rule::IoError,
            Rule::SyntaxError,
            Rule::UnusedSuppression,
        ] {
            assert_eq!(RULES.iter().filter(|d| d.rule == rule).count(), 1);
        }
    }

    #[test]
    fn every_rule_is_documented_in_ruff_style() {
        for rule in Rule::all() {
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
