//! ## What it does
//! Applies suppression comments and reports the ones that suppress nothing: a
//! `# stdshadow: ignore[CODE]` on a line where no `CODE` finding starts, a
//! `# stdshadow: ignore-file[CODE]` in a module without `CODE` findings, a code that is not a
//! rule, or a comment that is not a valid directive.
//!
//! ## Why is this bad
//! A suppression outlives its reason: once the module is renamed or the import fixed, the
//! comment stays and would silently hide the next real finding on that line or in that file.
//! Reporting it keeps suppressions as few as the findings they accept.
//!
//! Suppressions only take effect for rules that are enabled; a comment for a rule left out by
//! `select`/`ignore` is not reported, since nothing can tell whether it is still needed.
//!
//! ## Example
//! ```python
//! # src/logging.py, after the module was renamed away from a stdlib name
//! # stdshadow: ignore-file[SS001]
//! import json  # stdshadow: ignore[SS002]
//! ```
//!
//! ## How to fix
//! Delete the comment, or the codes in it that no longer apply. Write
//! `# stdshadow: ignore[SS002]` on the line a finding starts (the line the concise output
//! names), `# stdshadow: ignore-file[SS001]` anywhere in a module for the whole file, and list
//! codes: a blanket `# stdshadow: ignore` suppresses every rule on its line.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location, Range, Violation};
use crate::imports::FileImports;
use crate::imports::scan::Directive;
use crate::message::Message;
use crate::rules::{Rule, RuleSelection};

/// A suppression comment that does nothing.
pub enum UnusedSuppression<'a> {
    /// A `# stdshadow:` comment that cannot be read, and why.
    Unreadable { problem: &'a str },
    /// A blanket `ignore` (as written) with no finding to suppress.
    SuppressesNothing { written: &'a str },
    /// Codes that suppress no finding where the comment applies.
    Unused {
        codes: Vec<&'static str>,
        file_wide: bool,
    },
}

impl Violation for UnusedSuppression<'_> {
    const RULE: Rule = Rule::UnusedSuppression;

    fn message(&self) -> Message {
        match self {
            UnusedSuppression::Unreadable { problem } => problem.to_string(),
            UnusedSuppression::SuppressesNothing { written } => {
                format!("`# {written}` suppresses nothing")
            }
            UnusedSuppression::Unused { codes, file_wide } => {
                let place = match file_wide {
                    false => "no finding on this line",
                    true => "no finding in this file",
                };
                format!("unused suppression of {}: {place}", codes.join(", "))
            }
        }
        .into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Line,
    File,
}

/// One parsed `# stdshadow:` comment.
#[derive(Debug)]
struct Suppression<'a> {
    directive: &'a Directive,
    scope: Scope,
    /// `None`: every rule (a blanket `ignore`).
    codes: Option<Vec<Rule>>,
    /// Which of `codes` (or, blanket, whether anything) suppressed a finding.
    used: BTreeSet<Rule>,
}

/// `stdshadow: ignore[SS001, SS002]`, `stdshadow: ignore-file[SS001]`, `stdshadow: ignore`.
fn parse(directive: &Directive) -> Result<(Scope, Option<Vec<Rule>>), String> {
    let rest = directive.text["stdshadow:".len()..].trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
        (Scope::File, r)
    } else if let Some(r) = rest.strip_prefix("ignore") {
        (Scope::Line, r)
    } else {
        return Err(format!(
            "`# {}` is not a stdshadow directive: write `# stdshadow: ignore[CODE]` or \
             `# stdshadow: ignore-file[CODE]`",
            directive.text
        ));
    };
    let rest = rest.trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        return Ok((scope, None));
    }
    let Some(list) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
        return Err(format!(
            "`# {}`: the codes go in brackets, `ignore[SS001, SS002]`",
            directive.text
        ));
    };
    let mut codes = Vec::new();
    for code in list.0.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        match Rule::find(code) {
            Some(rule) => codes.push(rule),
            None => return Err(format!("`{code}` is not a stdshadow rule code")),
        }
    }
    Ok((scope, Some(codes)))
}

fn covers(s: &Suppression, d: &Diagnostic) -> bool {
    let place = match s.scope {
        Scope::File => true,
        Scope::Line => d.range.start.line == s.directive.line,
    };
    place && s.codes.as_ref().is_none_or(|c| c.contains(&d.rule))
}

fn at(path: &Path, directive: &Directive, violation: &UnusedSuppression) -> Diagnostic {
    let start = Location {
        line: directive.line,
        column: directive.column,
    };
    let end = Location {
        line: directive.line,
        column: directive.column + 2 + directive.text.chars().count(),
    };
    Diagnostic::new(violation, path.to_path_buf(), Range { start, end })
}

/// Removes the findings a suppression comment accepts, and reports the comments that accept
/// nothing (when this rule is enabled). `files` is sorted by path.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    files: &[FileImports],
    rules: &RuleSelection,
) -> Vec<Diagnostic> {
    let mut invalid = Vec::new();
    let mut suppressions: Vec<(&Path, Vec<Suppression>)> = Vec::new();
    for f in files.iter().filter(|f| !f.directives.is_empty()) {
        let mut parsed = Vec::new();
        for directive in &f.directives {
            match parse(directive) {
                Ok((scope, codes)) => parsed.push(Suppression {
                    directive,
                    scope,
                    codes,
                    used: BTreeSet::new(),
                }),
                Err(problem) => invalid.push(at(
                    &f.path,
                    directive,
                    &UnusedSuppression::Unreadable { problem: &problem },
                )),
            }
        }
        suppressions.push((&f.path, parsed));
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let here = suppressions
            .binary_search_by(|(p, _)| (*p).cmp(d.path.as_path()))
            .ok();
        let mut suppressed = false;
        if let Some(i) = here {
            for s in suppressions[i].1.iter_mut().filter(|s| covers(s, &d)) {
                s.used.insert(d.rule);
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }
    if !rules.is_enabled(Rule::UnusedSuppression) {
        return kept;
    }
    kept.extend(invalid);
    for (path, parsed) in &suppressions {
        for s in parsed {
            match &s.codes {
                None if s.used.is_empty() => kept.push(at(
                    path,
                    s.directive,
                    &UnusedSuppression::SuppressesNothing {
                        written: &s.directive.text,
                    },
                )),
                None => {}
                Some(codes) => {
                    let unused: Vec<&str> = codes
                        .iter()
                        .filter(|r| rules.is_enabled(**r) && !s.used.contains(r))
                        .map(|r| r.code())
                        .collect();
                    if !unused.is_empty() {
                        let violation = UnusedSuppression::Unused {
                            codes: unused,
                            file_wide: s.scope == Scope::File,
                        };
                        kept.push(at(path, s.directive, &violation));
                    }
                }
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check_rule, pythonpath};

    #[test]
    fn a_suppression_of_a_code_that_is_not_a_rule() {
        insta::assert_snapshot!(check_rule(
            Rule::UnusedSuppression,
            &[("src/app.py", "import os  # stdshadow: ignore[SS999]\n")],
            pythonpath(&["src"])
        ));
    }

    fn directive(text: &str) -> Directive {
        Directive {
            line: 3,
            column: 10,
            text: text.to_string(),
        }
    }

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(
            parse(&directive("stdshadow: ignore[SS001, ss002]")),
            Ok((
                Scope::Line,
                Some(vec![Rule::StdlibShadow, Rule::SelfImport])
            ))
        );
        assert_eq!(
            parse(&directive("stdshadow: ignore-file[stdlib-shadow]")),
            Ok((Scope::File, Some(vec![Rule::StdlibShadow])))
        );
        assert_eq!(
            parse(&directive("stdshadow: ignore  # the vendored backport")),
            Ok((Scope::Line, None))
        );
        assert!(parse(&directive("stdshadow: ignore[SS999]")).is_err());
        assert!(parse(&directive("stdshadow: noqa")).is_err());
        assert!(parse(&directive("stdshadow: ignore SS001")).is_err());
    }
}
