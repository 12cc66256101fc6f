//! ## What it does
//! Finds local modules and packages that `import X` would load instead of the standard-library
//! module `X`, under the project's real search path and target Python versions.
//!
//! ## Why is this bad
//! A file becomes the top-level module `X` only when its directory is on `sys.path`: listed in
//! `PYTHONPATH`, the directory of a script run as `python script.py`, or the project root under
//! `python -m`. Those entries come before the standard library, so every `import X` in the
//! program, and in the standard library itself, gets the local file. Inside it, its own
//! `import X` returns the half-initialized module itself, and the program dies with
//! `AttributeError: partially initialized module 'X' has no attribute ...`.
//!
//! A stdlib name alone is not a finding: `src/utils/logging.py` with only `src/` on the path is
//! `utils.logging` and shadows nothing. Built-in modules (`sys`, `time`) and, from Python 3.11,
//! frozen modules (`os`, `abc`, `codecs`, `io`, `site`, `stat`, ...) cannot be shadowed. A local
//! module named after a module that start-up imports is inert in the script's directory (start-up
//! already loaded the real one) but breaks start-up when it sits on `PYTHONPATH`, which is already
//! searched while the interpreter starts (`os.py` up to 3.10; `encodings/` always). A directory
//! without `__init__.py` is a namespace portion and loses to the standard-library module.
//!
//! ## Example
//! With `PYTHONPATH=src`:
//! ```python
//! # src/logging.py
//! import logging          # returns this half-initialized module, not the standard library
//!
//! formatter = logging.Formatter("%(message)s")   # AttributeError at start-up
//! ```
//!
//! ## How to fix
//! Rename the module (`src/structured_logging.py`) and update its imports
//! (`from .logging import x` becomes `from .structured_logging import x`), or take its directory
//! off the search path. If the shadow is deliberate, add the name to `allow` in the configuration.

use std::collections::BTreeMap;
use std::path::Path;

use crate::contexts::{Context, PathEntry};
use crate::diagnostic::{Diagnostic, EntryRef, Range, Related, Violation};
use crate::finder::ModuleKind;
use crate::message::{Message, shown};
use crate::project::Project;
use crate::python::hosts::Host;
use crate::python::{PythonVersion, VersionRange};
use crate::rules::Rule;
use crate::shadows::Outcome;

/// A local module or package that takes a standard-library module's name.
pub struct StdlibShadow<'a> {
    pub name: &'a str,
    /// `module`, `package`, `extension module`, … as the import system would load it.
    pub what: &'a str,
    /// The search-path entry it is found through.
    pub entry: &'a PathEntry,
    /// The context's target versions: version lists are worded against them.
    pub range: VersionRange,
    /// Where it takes the name on each version (shadows, breaks start-up, breaks the host).
    pub outcome: &'a Outcome,
    /// The process that starts the code, when the module breaks it.
    pub host: Host,
    /// A name to suggest instead (`parent_logging`).
    pub rename_to: String,
}

impl StdlibShadow<'_> {
    /// " on Python 3.8–3.10", or nothing when it holds on every target version.
    fn on(&self, versions: &[PythonVersion]) -> String {
        let all: Vec<PythonVersion> = self.range.iter().collect();
        if versions == all.as_slice() {
            String::new()
        } else {
            format!(" on Python {}", self.range.describe(versions))
        }
    }
}

impl Violation for StdlibShadow<'_> {
    const RULE: Rule = Rule::StdlibShadow;

    fn message(&self) -> Message {
        let StdlibShadow {
            name,
            what,
            entry,
            outcome,
            ..
        } = self;
        let entry_text = format!(
            "`{}` is on the search path through {}",
            shown(&entry.dir),
            entry.origin.describe().inline()
        );
        let also_shadows = || match outcome.shadowed.is_empty() {
            true => String::new(),
            false => format!("; it also shadows `{name}`{}", self.on(&outcome.shadowed)),
        };
        let mut message = if let (true, Some(&first)) = (
            outcome.breaks_startup.is_empty(),
            outcome.breaks_host.first(),
        ) {
            format!(
                "Local {what} `{name}` replaces the standard-library module `{name}` while {} starts{}: it imports `{name}` with `{}` on sys.path, so it gets this module before any of the user's code runs, and a broken replacement stops it; {entry_text}{}",
                self.host.describe(first),
                self.on(&outcome.breaks_host),
                shown(&entry.dir),
                also_shadows(),
            )
        } else if outcome.breaks_startup.is_empty() {
            // The versions it holds in are the finding's own (shown beside it).
            format!(
                "Local {what} `{name}` shadows the standard-library module `{name}`: {entry_text}"
            )
        } else {
            format!(
                "Local {what} `{name}` replaces the standard-library module `{name}` during interpreter start-up{} (PYTHONPATH is already searched while Python starts), so every program run with this path gets it before any of its code runs, and a broken replacement stops the interpreter; {entry_text}{}",
                self.on(&outcome.breaks_startup),
                also_shadows(),
            )
        };
        let mut reasons: BTreeMap<&str, Vec<PythonVersion>> = BTreeMap::new();
        for (v, reason) in &outcome.inert {
            reasons.entry(reason).or_default().push(*v);
        }
        for (reason, versions) in reasons {
            message.push_str(&format!(
                " (inert on Python {}: {reason})",
                self.range.describe(&versions)
            ));
        }
        message.into()
    }

    fn help(&self) -> Option<Message> {
        let StdlibShadow {
            name,
            what,
            rename_to,
            ..
        } = self;
        Some(
            format!(
                "rename the {what} (for example to `{rename_to}`) and update its imports, or take `{}` off the search path; if the shadow is deliberate, add \"{name}\" to `allow`",
                shown(&self.entry.dir)
            )
            .into(),
        )
    }
}

pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for graph in project.graphs {
        for shadow in &graph.shadows {
            if project.is_allowed(shadow.name) || !project.discovered.contains(&shadow.file) {
                continue;
            }
            let mut d = diagnostic(
                graph.context,
                &graph.context.search_path[shadow.entry],
                shadow.name,
                &shadow.outcome,
            );
            // The blast radius: every absolute import of the name that gets this file.
            for (fi, edge) in graph.absolute_importers(project.files, &shadow.file) {
                let file = &project.files[fi];
                let import = &file.imports[edge.import];
                d.related.push(Related {
                    path: file.path.clone(),
                    range: Some(Range::point(import.line, import.column)),
                    message: format!("`{}` gets this module", import.target.describe()).into(),
                });
            }
            diagnostics.push(d);
        }
    }
    diagnostics
}

fn diagnostic(context: &Context, entry: &PathEntry, name: &str, outcome: &Outcome) -> Diagnostic {
    let module = outcome.module.as_ref().expect("an outcome has a module");
    let parent = module
        .file
        .parent()
        .filter(|_| module.kind != ModuleKind::Package)
        .or_else(|| module.file.parent().and_then(Path::parent))
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "local".to_string());
    let violation = StdlibShadow {
        name,
        what: match module.kind {
            ModuleKind::Package => "package",
            kind => kind.describe(),
        },
        entry,
        range: context.versions,
        outcome,
        host: context.host(),
        rename_to: format!("{parent}_{name}"),
    };
    let mut d = Diagnostic::new(&violation, module.file.clone(), Range::FILE_START);
    d.module = Some(name.to_string());
    d.stdlib_module = Some(name.to_string());
    d.holds_in(context);
    d.search_path_entry = Some(EntryRef {
        path: entry.dir.clone(),
        kind: entry.origin.kind(),
        source: entry.origin.describe(),
    });
    d.versions = outcome.versions();
    d
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{check_rule, pythonpath};

    #[test]
    fn a_module_on_pythonpath_shadows() {
        insta::assert_snapshot!(check_rule(
            Rule::StdlibShadow,
            &[
                ("src/logging.py", "import os\n"),
                ("src/app.py", "import logging\n")
            ],
            pythonpath(&["src"])
        ));
    }

    #[test]
    fn a_builtin_module_is_never_shadowed() {
        insta::assert_snapshot!(check_rule(
            Rule::StdlibShadow,
            &[("src/sys.py", "X = 1\n")],
            pythonpath(&["src"])
        ));
    }

    #[test]
    fn a_namespace_directory_loses_to_the_stdlib() {
        insta::assert_snapshot!(check_rule(
            Rule::StdlibShadow,
            &[("src/json/tool.py", "X = 1\n")],
            pythonpath(&["src"])
        ));
    }
}
