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

use crate::diagnostic::{Crash, Diagnostic, Location, Range};
use crate::imports::ImportTarget;
use crate::paths::display_path;
use crate::project::Project;
use crate::rules::Rule;

pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for graph in project.graphs {
        for shadow in &graph.shadows {
            if project.is_allowed(shadow.name) {
                continue;
            }
            let shown = display_path(&shadow.file, project.cwd);
            for (fi, edge) in graph.absolute_importers(project.files, &shadow.file) {
                let file = &project.files[fi];
                let import = &file.imports[edge.import];
                let statement = format!(
                    "`{}` means the standard-library module `{}` but gets the local `{shown}`",
                    import.target.describe(),
                    shadow.name
                );
                // The names taken from a module that lacks them, and the exception of each
                // version (the wording changed in 3.13).
                let missing = match &import.target {
                    ImportTarget::From { names, .. } => {
                        project.facts(&shadow.file).and_then(|facts| {
                            names
                                .iter()
                                .map(|(n, _)| n.as_str())
                                .find(|n| *n != "*" && !facts.binds(n))
                                .map(str::to_string)
                        })
                    }
                    ImportTarget::Module { .. } => None,
                };
                let local = crate::python::errors::Module {
                    name: shadow.name,
                    file: Some(std::path::Path::new(&shown)),
                    initializing: false,
                    in_first_entry: graph.in_first_entry(&shadow.file),
                };
                // One copy a wording, with its versions (`finalize` merges the wordings): a shadow
                // that 2,000 imports get would otherwise make a copy per import per version.
                let mut explained: Vec<(String, Option<Crash>, Vec<crate::python::PythonVersion>)> =
                    Vec::new();
                for version in shadow.outcome.versions() {
                    let (message, crash) = match &missing {
                        Some(name) => {
                            let error =
                                crate::python::errors::cannot_import_name(version, &local, name);
                            let crash = (import.context.runs_at_import_time()
                                && !import.context.guarded)
                                .then(|| Crash::AtImport {
                                    error: error.clone(),
                                    line: import.line,
                                });
                            (
                                format!("{statement}, which does not define `{name}`: `{error}`"),
                                crash,
                            )
                        }
                        None => (statement.clone(), None),
                    };
                    match explained.iter_mut().find(|(m, _, _)| *m == message) {
                        Some((_, _, versions)) => versions.push(version),
                        None => explained.push((message, crash, vec![version])),
                    }
                }
                let at = Location {
                    line: import.line,
                    column: import.column,
                };
                for (message, crash, versions) in explained {
                    diagnostics.push(Diagnostic {
                        rule: Rule::ShadowedImport,
                        message,
                        path: file.path.clone(),
                        range: Range { start: at, end: at },
                        module: Some(edge.module.to_string()),
                        stdlib_module: Some(shadow.name.to_string()),
                        contexts: vec![graph.context.name.clone()],
            confidence: graph.context.confidence(),
                        search_path_entry: None,
                        versions,
                        related: Vec::new(),
                        help: Some(format!(
                            "rename {shown} (SS001); if this import means it, make the import relative"
                        )),
                        crash,
                        explanations: Vec::new(),
                    });
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
