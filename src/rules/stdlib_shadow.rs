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
use crate::diagnostic::{Diagnostic, EntryRef, Location, Range, Related};
use crate::finder::ModuleKind;
use crate::paths::display_path;
use crate::project::Project;
use crate::python::PythonVersion;
use crate::rules::Rule;
use crate::shadows::Outcome;

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
                project.cwd,
            );
            // The blast radius: every absolute import of the name that gets this file.
            for (fi, edge) in graph.absolute_importers(project.files, &shadow.file) {
                let file = &project.files[fi];
                let import = &file.imports[edge.import];
                let at = Location {
                    line: import.line,
                    column: import.column,
                };
                d.related.push(Related {
                    path: file.path.clone(),
                    range: Some(Range { start: at, end: at }),
                    message: format!("`{}` gets this module", import.target.describe()),
                });
            }
            diagnostics.push(d);
        }
    }
    diagnostics
}

fn diagnostic(
    context: &Context,
    entry: &PathEntry,
    name: &str,
    outcome: &Outcome,
    cwd: &Path,
) -> Diagnostic {
    let module = outcome.module.as_ref().expect("an outcome has a module");
    let range = context.versions;
    let what = match module.kind {
        ModuleKind::Package => "package",
        kind => kind.describe(),
    };
    let entry_text = format!(
        "`{}` is on the search path through {}",
        display_path(&entry.dir, cwd),
        entry.origin.describe(cwd)
    );
    let all_targets: Vec<PythonVersion> = range.iter().collect();
    let on = |versions: &[PythonVersion]| {
        if versions == all_targets.as_slice() {
            String::new()
        } else {
            format!(" on Python {}", range.describe(versions))
        }
    };
    let mut message = if let (true, Some(&first)) = (
        outcome.breaks_startup.is_empty(),
        outcome.breaks_host.first(),
    ) {
        let mut m = format!(
            "Local {what} `{name}` replaces the standard-library module `{name}` while {} starts{}: it imports `{name}` with `{}` on sys.path, so it gets this module before any of the user's code runs, and a broken replacement stops it; {entry_text}",
            context.host().describe(first),
            on(&outcome.breaks_host),
            display_path(&entry.dir, cwd),
        );
        if !outcome.shadowed.is_empty() {
            m.push_str(&format!(
                "; it also shadows `{name}`{}",
                on(&outcome.shadowed)
            ));
        }
        m
    } else if outcome.breaks_startup.is_empty() {
        // The versions it holds in are the finding's own (shown beside it).
        format!("Local {what} `{name}` shadows the standard-library module `{name}`: {entry_text}")
    } else {
        let mut m = format!(
            "Local {what} `{name}` replaces the standard-library module `{name}` during interpreter start-up{} (PYTHONPATH is already searched while Python starts), so every program run with this path gets it before any of its code runs, and a broken replacement stops the interpreter; {entry_text}",
            on(&outcome.breaks_startup)
        );
        if !outcome.shadowed.is_empty() {
            m.push_str(&format!(
                "; it also shadows `{name}`{}",
                on(&outcome.shadowed)
            ));
        }
        m
    };
    let mut reasons: BTreeMap<&str, Vec<PythonVersion>> = BTreeMap::new();
    for (v, reason) in &outcome.inert {
        reasons.entry(reason).or_default().push(*v);
    }
    for (reason, versions) in reasons {
        message.push_str(&format!(
            " (inert on Python {}: {reason})",
            range.describe(&versions)
        ));
    }
    let versions = outcome.versions();
    let parent = module
        .file
        .parent()
        .filter(|_| module.kind != ModuleKind::Package)
        .or_else(|| module.file.parent().and_then(Path::parent))
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "local".to_string());
    Diagnostic {
        rule: Rule::StdlibShadow,
        message,
        path: module.file.clone(),
        range: Range::FILE_START,
        module: Some(name.to_string()),
        stdlib_module: Some(name.to_string()),
        contexts: vec![context.name.clone()],
        confidence: context.confidence(),
        search_path_entry: Some(EntryRef {
            path: entry.dir.clone(),
            kind: entry.origin.kind(),
            source: entry.origin.describe(cwd),
        }),
        versions,
        related: Vec::new(),
        crash: None,
        explanations: Vec::new(),
        help: Some(format!(
            "rename the {what} (for example to `{parent}_{name}`) and update its imports, or take `{}` off the search path; if the shadow is deliberate, add \"{name}\" to `allow`",
            display_path(&entry.dir, cwd)
        )),
    }
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
