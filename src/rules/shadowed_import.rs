//! ## What it does
//! Finds imports in the project's own code that mean a standard-library module but get a local
//! module that shadows it (`import logging` in `lambda_handler.py` while `src/logging.py` is
//! top-level `logging`), and says when the local module lacks the names taken from it.
//!
//! ## Why is this bad
//! The importing code was written against the standard library. It gets the local file, so
//! `logging.getLogger` or `from json import loads` fails, or silently does something else.
//! These imports are the blast radius of the shadow: they break too, even when the shadowing
//! module itself is fine.
//!
//! Relative imports (`from .logging import setup`) name the local module on purpose and are
//! not reported.
//!
//! ## Example
//! With `src` on `PYTHONPATH` and a `src/json.py`:
//! ```python
//! # src/app.py
//! from json import loads   # gets src/json.py, which has no `loads`: ImportError
//! ```
//!
//! ## How to fix
//! Rename the shadowing module (see SS001); if the import really means the local module,
//! make it relative (`from . import json`) or rename it.

use std::path::Path;

use crate::diagnostic::{Crash, Diagnostic, Range, Violation};
use crate::imports::ImportTarget;
use crate::message::{Message, shown};
use crate::project::Project;
use crate::python::PythonVersion;
use crate::python::errors;
use crate::rules::Rule;

/// An absolute import that means the standard-library module but gets a local file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadowedImport<'a> {
    /// The statement, as written (`import logging`).
    pub statement: String,
    pub stdlib_module: &'a str,
    /// The local file it gets.
    pub local: &'a Path,
    /// A name it takes that the local file does not bind, and the exception that raises.
    pub missing: Option<(&'a str, Message)>,
}

impl Violation for ShadowedImport<'_> {
    const RULE: Rule = Rule::ShadowedImport;

    fn message(&self) -> Message {
        let mut m = format!(
            "`{}` means the standard-library module `{}` but gets the local `{}`",
            self.statement,
            self.stdlib_module,
            shown(self.local)
        );
        if let Some((name, error)) = &self.missing {
            m.push_str(&format!(
                ", which does not define `{name}`: `{}`",
                error.inline()
            ));
        }
        m.into()
    }

    fn help(&self) -> Option<Message> {
        Some(
            format!(
                "rename {} (SS001); if this import means it, make the import relative",
                shown(self.local)
            )
            .into(),
        )
    }
}

pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for graph in project.graphs {
        for shadow in &graph.shadows {
            if project.is_allowed(shadow.name) {
                continue;
            }
            for (fi, edge) in graph.absolute_importers(project.files, &shadow.file) {
                let file = &project.files[fi];
                let import = &file.imports[edge.import];
                // The name taken from a module that lacks it, and the exception of each version
                // (the wording changed in 3.13).
                let missing = match &import.target {
                    ImportTarget::From { names, .. } => {
                        project.facts(&shadow.file).and_then(|facts| {
                            names
                                .iter()
                                .map(|(n, _)| n.as_str())
                                .find(|n| *n != "*" && !facts.binds(n))
                        })
                    }
                    ImportTarget::Module { .. } => None,
                };
                let local = errors::Module {
                    name: shadow.name,
                    file: Some(&shadow.file),
                    initializing: false,
                    in_first_entry: graph.in_first_entry(&shadow.file),
                };
                let fails = import.context.runs_at_import_time() && !import.context.guarded;
                // One copy a wording, with its versions (`finalize` merges the wordings): a shadow
                // that 2,000 imports get would otherwise make a copy per import per version.
                let statement = import.target.describe();
                let mut explained: Vec<(ShadowedImport, Vec<PythonVersion>)> = Vec::new();
                for version in shadow.outcome.versions() {
                    let violation = ShadowedImport {
                        statement: statement.clone(),
                        stdlib_module: shadow.name,
                        local: &shadow.file,
                        missing: missing
                            .map(|name| (name, errors::cannot_import_name(version, &local, name))),
                    };
                    match explained.iter_mut().find(|(v, _)| *v == violation) {
                        Some((_, versions)) => versions.push(version),
                        None => explained.push((violation, vec![version])),
                    }
                }
                let at = Range::point(import.line, import.column);
                for (violation, versions) in explained {
                    let mut d = Diagnostic::new(&violation, file.path.clone(), at);
                    d.module = Some(edge.module.to_string());
                    d.stdlib_module = Some(shadow.name.to_string());
                    d.holds_in(graph.context);
                    d.versions = versions;
                    d.crash =
                        violation
                            .missing
                            .filter(|_| fails)
                            .map(|(_, error)| Crash::AtImport {
                                error,
                                line: import.line,
                            });
                    diagnostics.push(d);
                }
            }
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{check_rule, pythonpath};

    #[test]
    fn an_import_meaning_the_stdlib_gets_the_local_module() {
        insta::assert_snapshot!(check_rule(
            Rule::ShadowedImport,
            &[
                ("src/json.py", "X = 1\n"),
                ("src/app.py", "from json import loads\n")
            ],
            pythonpath(&["src"])
        ));
    }

    #[test]
    fn a_relative_import_means_the_local_module() {
        insta::assert_snapshot!(check_rule(
            Rule::ShadowedImport,
            &[
                ("src/pkg/__init__.py", ""),
                ("src/pkg/json.py", "X = 1\n"),
                ("src/pkg/app.py", "from .json import X\n")
            ],
            pythonpath(&["src"])
        ));
    }
}
