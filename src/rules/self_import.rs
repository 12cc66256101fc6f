//! ## What it does
//! Finds modules whose import-time code imports the module itself — directly (`import logging`
//! inside a top-level `logging.py`), or through the standard library (a local `types.py` that
//! imports `typing`, which imports `functools`, which does `from types import GenericAlias` and
//! gets the local, half-initialized `types`) — and modules the standard library re-enters
//! through one of the project's shadows (`helper.py` imports `copy`, whose `import types` gets
//! the project's `types.py`, which imports `helper` back and uses it). It says what will fail,
//! where, and with which error.
//!
//! ## Why is this bad
//! While a module runs, `sys.modules` already holds it, half-initialized. An import of its own
//! name returns that half-built object instead of the module the author meant (usually the
//! standard library's), so the next use fails:
//!
//! - `import logging` then `logging.Formatter` at module level:
//!   `AttributeError: partially initialized module 'logging' has no attribute 'Formatter'`;
//! - `from logging import getLogger`:
//!   `ImportError: cannot import name 'getLogger' from partially initialized module 'logging'`;
//! - `import logging.handlers`:
//!   `ModuleNotFoundError: No module named 'logging.handlers'; 'logging' is not a package`;
//! - inside a function, the same failures happen when the function runs.
//!
//! ## Example
//! With `src` on `PYTHONPATH`:
//! ```python
//! # src/logging.py
//! import logging                               # line 12: returns this module
//!
//! class JsonFormatter(logging.Formatter): ...  # line 26: AttributeError at start-up
//! ```
//!
//! ## How to fix
//! Rename the module so that its name no longer matches the module it imports
//! (`structured_logging.py`), and update the imports of it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::contexts::ContextKind;
use crate::diagnostic::{Crash, Diagnostic, Range, Related, Violation};
use crate::graph::{ContextGraph, Target};
use crate::imports::{FileImports, Import, ImportTarget, Name};
use crate::message::{Message, shown};
use crate::project::Project;
use crate::python::errors;
use crate::python::graph::{loaded_before_startup_import, stdlib_graph};
use crate::python::{PythonVersion, dotted_prefixes};
use crate::resolve::StdlibResolution;
use crate::rules::Rule;
use crate::shadows::Shadow;

/// A module that gets itself, half-initialized, from one of its own import statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfImport {
    /// The statement, as written, and its line.
    pub statement: String,
    pub line: usize,
    /// The module that imports itself, and its file.
    pub module: String,
    pub file: PathBuf,
    pub way: Way,
    /// What it makes the program do.
    pub outcome: Crash,
}

/// The way a statement leads back to its own module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Way {
    /// It imports the module itself.
    Direct,
    /// It runs `hops` (local files, then standard-library modules) whose `back` statement imports
    /// the module. `script`: the module is the script (`__main__`), and the import runs its file
    /// again as the module.
    ThroughStdlib {
        hops: Message,
        back: String,
        script: Option<PathBuf>,
    },
    /// It runs `hops` whose `import {shadow}` gets the project's `shadow_file`, whose `back`
    /// statement gets this module.
    ThroughShadow {
        hops: Message,
        shadow: String,
        shadow_file: PathBuf,
        back: String,
    },
}

impl Violation for SelfImport {
    const RULE: Rule = Rule::SelfImport;

    fn message(&self) -> Message {
        let SelfImport {
            statement,
            module,
            way,
            outcome,
            ..
        } = self;
        let error = match outcome {
            Crash::AtImport { error, .. } | Crash::AtCall { error } => Some(error.inline()),
            Crash::NoFailureFound => None,
        };
        match (way, outcome) {
            (Way::Direct, Crash::AtImport { error, line }) => {
                let place = match *line == self.line {
                    true => "here".to_string(),
                    false => format!("at line {line}"),
                };
                format!(
                    "`{statement}` in module `{module}` imports the module itself, half-initialized: importing `{module}` fails {place} with `{}`",
                    error.inline()
                )
            }
            (Way::Direct, Crash::AtCall { error }) => format!(
                "`{statement}` in module `{module}` imports the module itself: the function fails when it runs ({})",
                error.inline()
            ),
            (Way::Direct, Crash::NoFailureFound) => format!(
                "`{statement}` in module `{module}` imports the module itself and gets the half-initialized module, not the module it means"
            ),
            (Way::ThroughStdlib { hops, back, script }, _) => {
                // Run as the script, the file is `__main__`: the stdlib's import runs it again.
                let (gets, failing) = match script {
                    None => (
                        "this half-initialized module".to_string(),
                        format!("importing `{module}` fails here"),
                    ),
                    Some(file) => (
                        format!(
                            "this file again, as module `{module}` (the script itself is `__main__`)"
                        ),
                        format!("running {} fails here", shown(file)),
                    ),
                };
                let hops = hops.inline();
                match error.filter(|_| outcome.at_import_time()) {
                    Some(error) => format!(
                        "`{statement}` in module `{module}` runs {hops} whose {back} gets {gets}: {failing} with `{error}`"
                    ),
                    None => format!(
                        "`{statement}` in module `{module}` runs {hops} whose {back} gets {gets} instead of the standard library's `{module}`"
                    ),
                }
            }
            (
                Way::ThroughShadow {
                    hops,
                    shadow,
                    shadow_file,
                    back,
                },
                _,
            ) => format!(
                "`{statement}` in module `{module}` runs {} whose `import {shadow}` gets the project's {}, whose {back} gets this half-initialized module: importing `{module}` fails here with `{}`",
                hops.inline(),
                shown(shadow_file),
                error.unwrap_or_default()
            ),
        }
        .into()
    }

    fn help(&self) -> Option<Message> {
        Some(
            format!(
                "rename {} so that it no longer has the name `{}` it imports",
                shown(&self.file),
                self.module
            )
            .into(),
        )
    }
}

/// How an import statement of a module gets the module itself.
enum HowItGetsItself<'a> {
    /// `import M` / `import M as x` inside `M`: binds the half-initialized module.
    Module,
    /// `from M import names` inside `M`.
    FromItself { names: &'a [(Name, Option<Name>)] },
    /// `from P import leaf [as x]` inside `P.leaf`: `from` takes the half-initialized module
    /// itself from `sys.modules` and binds it.
    Submodule { bound: String },
    /// `import M.sub` where `M` is this plain module.
    NotAPackage { dotted: &'a str },
    /// `import M.sub` / `from M.sub import n` inside the local package `M`, which has no `sub`
    /// (the standard library's `M` has): `ModuleNotFoundError`.
    MissingSubmodule { dotted: &'a str },
}

/// The name an `import a.b as x` statement binds.
fn bound_name(import: &Import) -> Option<String> {
    match &import.target {
        ImportTarget::Module { module, alias } if !import.context.dynamic => Some(
            alias
                .as_deref()
                .unwrap_or_else(|| module.split('.').next().unwrap_or_default())
                .to_string(),
        ),
        _ => None,
    }
}

/// A direct self-import: the crash it causes on `version`, judged from the module's own code.
fn direct_outcome(
    project: &Project,
    graph: &ContextGraph,
    fi: usize,
    import: &Import,
    module: &str,
    how: &HowItGetsItself,
    version: PythonVersion,
) -> Crash {
    let file = &project.files[fi];
    let facts = project.facts(&file.path);
    let partial = errors::Module {
        name: module,
        file: Some(&file.path),
        initializing: true,
        in_first_entry: graph.in_first_entry(&file.path),
    };
    let at_call = !import.context.runs_at_import_time();
    let fail = |error: Message, line: usize| {
        if at_call {
            Crash::AtCall { error }
        } else {
            Crash::AtImport { error, line }
        }
    };
    // Attribute uses of a name bound to the half-initialized module itself.
    let attribute_failure = |bound: &str| -> Crash {
        let Some(facts) = &facts else {
            return Crash::NoFailureFound;
        };
        if at_call {
            return Crash::AtCall {
                error: format!(
                    "`{bound}.…` gets this module, not the one meant, when the function runs"
                )
                .into(),
            };
        }
        let failing = facts.attribute_uses.iter().find(|u| {
            u.base == bound
                && u.line > import.line
                && !facts.bound_before_except_star_of(&u.attr, u.line, module)
        });
        match failing {
            Some(u) => Crash::AtImport {
                error: errors::no_attribute(version, &partial, &u.attr, false),
                line: u.line,
            },
            None => Crash::NoFailureFound,
        }
    };
    match how {
        HowItGetsItself::NotAPackage { .. } | HowItGetsItself::MissingSubmodule { .. }
            if import.context.guarded =>
        {
            Crash::NoFailureFound
        }
        HowItGetsItself::NotAPackage { dotted } => {
            fail(errors::not_a_package(dotted, module), import.line)
        }
        HowItGetsItself::MissingSubmodule { dotted } => {
            fail(errors::no_module_named(dotted), import.line)
        }
        HowItGetsItself::FromItself { names } => {
            let missing = names.iter().map(|(n, _)| n.as_str()).find(|n| {
                *n != "*"
                    && !imports_local_submodule(graph, fi, module, n)
                    && !facts
                        .as_ref()
                        .is_some_and(|f| f.bound_before_except_star_of(n, import.line, module))
            });
            match missing {
                Some(name) if !import.context.guarded => fail(
                    errors::cannot_import_name(version, &partial, name),
                    import.line,
                ),
                _ => Crash::NoFailureFound,
            }
        }
        HowItGetsItself::Submodule { bound } => attribute_failure(bound),
        HowItGetsItself::Module => match bound_name(import) {
            Some(bound) => attribute_failure(&bound),
            None => Crash::NoFailureFound,
        },
    }
}

/// Whether file `fi` imports `module.name` as one of the project's modules (`from . import
/// sub` in a package takes the submodule, not a name of the half-initialized package).
fn imports_local_submodule(graph: &ContextGraph, fi: usize, module: &str, name: &str) -> bool {
    let dotted = format!("{module}.{name}");
    graph
        .edges(fi)
        .iter()
        .any(|e| *e.module == *dotted && e.target.local_file().is_some())
}

/// A self-import reached through the standard library's own imports.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chain {
    /// `(stdlib module, line)` hops, from the module the local file imports to the one that
    /// imports the local name back.
    hops: Vec<(String, u32)>,
    names: Option<Vec<String>>,
    guarded: bool,
    /// For `import name` back: the attributes the stdlib module loads from it at import time.
    attrs: Vec<(String, u32)>,
    /// The version replayed and the half-initialized module's file (for the error).
    version: PythonVersion,
    file: PathBuf,
    /// The module sits in `sys.path[0]` (3.13+ wording).
    in_first_entry: bool,
    /// `import name.sub` / `from name.sub import …` back, where the local module has no `sub`:
    /// the dotted name, and whether the local module is a package at all.
    missing_submodule: Option<(String, bool)>,
    /// The local module is still running when the stdlib takes it; not so when it is the
    /// script: `python select.py` runs it as `__main__`, and the stdlib's `import select`
    /// runs the file again, to the end, before using it.
    initializing: bool,
}

/// What a replay looks for: the shadowing module `name` (and its file) under one
/// context and version, and which names it has bound when its import started the replay.
struct ChainSearch<'s> {
    graph: &'s ContextGraph<'s>,
    version: PythonVersion,
    name: &'s str,
    own_file: &'s Path,
    bound: &'s dyn Fn(&str) -> bool,
    /// See [`Chain::initializing`].
    initializing: bool,
    /// When interpreter start-up itself imports the local module (it replaces a start-up module,
    /// 3.8–3.10): the stdlib modules loaded by then. Otherwise all of start-up's are.
    during_startup: Option<&'s HashSet<&'static str>>,
}

/// Runs the stdlib modules `start` pulls in, in CPython's order (depth first, line order),
/// until one imports `name` back. Modules already loaded at start-up, already run, or shadowed
/// by another local module are not followed.
fn stdlib_chain(
    search: &ChainSearch,
    start: &str,
    executed: &mut HashSet<String>,
) -> Option<Chain> {
    let ChainSearch {
        graph,
        version,
        name,
        own_file,
        bound,
        ..
    } = *search;
    // The first hit that fails wins; a harmless hit (`from types import X` where the local
    // module already defines X) lets the imports go on, and is kept in case nothing fails.
    let mut harmless: Option<Chain> = None;
    let stdlib = stdlib_graph(version);
    let table = version.table();
    let runs = |module: &str, executed: &HashSet<String>| -> bool {
        let top = module.split('.').next().unwrap_or_default();
        let loaded = match search.during_startup {
            Some(loaded) => loaded.contains(module),
            None => table.is_startup(top),
        };
        if executed.contains(module) || loaded || !stdlib.contains_key(module) {
            return false;
        }
        match graph.search_path.resolve_stdlib(top, version) {
            StdlibResolution::Shadowed(hit) | StdlibResolution::ReplacedAtStartup(hit) => {
                hit.module.file == own_file
            }
            _ => true,
        }
    };
    // Explicit stack of (module, next edge index): it is the import chain itself.
    let mut stack: Vec<(String, usize)> = Vec::new();
    // Failing attribute uses waiting for their line: (stack depth, line, chain). A deeper
    // module reaches its line first.
    let mut deferred: Vec<(usize, u32, Chain)> = Vec::new();
    for prefix in dotted_prefixes(start) {
        if runs(prefix, executed) {
            executed.insert(prefix.to_string());
            stack.push((prefix.to_string(), 0));
            while let Some((module, next)) = stack.last().cloned() {
                let edges = &stdlib[&module];
                let edge = edges.get(next);
                // An attribute use of the half-initialized module fails when its module reaches
                // that line: after the imports before it, which may fail first.
                let depth = stack.len() - 1;
                if let Some(due) = deferred
                    .iter()
                    .position(|(d, line, _)| *d == depth && edge.is_none_or(|e| e.line > *line))
                {
                    return Some(deferred.swap_remove(due).2);
                }
                let Some(edge) = edge else {
                    stack.pop();
                    continue;
                };
                stack.last_mut().expect("not empty").1 += 1;
                if edge.target.split('.').next() == Some(name) {
                    // Frames not started yet (index 0) are parents still waiting to run.
                    let mut hops: Vec<(String, u32)> = stack
                        .iter()
                        .filter(|(_, i)| *i > 0)
                        .map(|(m, i)| (m.clone(), stdlib[m][i - 1].line))
                        .collect();
                    hops.last_mut().expect("not empty").1 = edge.line;
                    let chain = Chain {
                        hops,
                        names: edge.names.clone(),
                        guarded: edge.guarded,
                        attrs: edge.attrs.clone(),
                        version,
                        file: own_file.to_path_buf(),
                        in_first_entry: graph.in_first_entry(own_file),
                        missing_submodule: missing_submodule(own_file, name, &edge.target),
                        initializing: search.initializing,
                    };
                    if chain_fails(&chain, bound) {
                        if chain.names.is_none() {
                            let line = chain
                                .attrs
                                .iter()
                                .find(|(a, _)| !bound(a))
                                .map_or(edge.line, |(_, l)| *l);
                            let depth = stack.len() - 1;
                            if !deferred.iter().any(|(d, _, _)| *d == depth) {
                                deferred.push((depth, line, chain));
                            }
                            continue;
                        }
                        if chain.names.is_some() {
                            return Some(chain);
                        }
                        continue;
                    }
                    harmless.get_or_insert(chain);
                    continue;
                }
                // `import a.b.c` runs `a`, then `a.b`, then `a.b.c`: push them so `a` runs first.
                let pending: Vec<&str> = dotted_prefixes(&edge.target)
                    .filter(|t| runs(t, executed))
                    .collect();
                for target in pending.into_iter().rev() {
                    executed.insert(target.to_string());
                    stack.push((target.to_string(), 0));
                }
            }
        }
    }
    // Left over: frames still pending when the replay stopped; the outermost fails last.
    deferred
        .into_iter()
        .max_by_key(|(d, _, _)| *d)
        .map(|(_, _, chain)| chain)
        .or(harmless)
}

/// Whether the stdlib's import of the name back fails.
fn chain_fails(chain: &Chain, bound: &dyn Fn(&str) -> bool) -> bool {
    chain_error(chain, "", bound).is_some()
}

/// The exception the stdlib's import of `name` back raises: a `from` import of a name the
/// half-initialized module does not define yet, outside a `try` that catches `ImportError`;
/// or, after a plain `import name`, a module-level use of an attribute it does not define yet
/// (`AttributeError`, which an `except ImportError` does not catch).
fn chain_error(chain: &Chain, name: &str, bound: &dyn Fn(&str) -> bool) -> Option<Message> {
    let partial = errors::Module {
        name,
        file: Some(chain.file.as_path()),
        initializing: chain.initializing,
        in_first_entry: chain.in_first_entry,
    };
    if let Some((dotted, is_package)) = &chain.missing_submodule {
        return (!chain.guarded).then(|| {
            if *is_package {
                errors::no_module_named(dotted)
            } else {
                errors::not_a_package(dotted, name)
            }
        });
    }
    match &chain.names {
        Some(names) if !chain.guarded => names
            .iter()
            .find(|n| *n != "*" && !bound(n))
            .map(|missing| errors::cannot_import_name(chain.version, &partial, missing)),
        Some(_) => None,
        None => chain
            .attrs
            .iter()
            .find(|(a, _)| !bound(a))
            .map(|(attr, _)| errors::no_attribute(chain.version, &partial, attr, false)),
    }
}

/// For a stdlib import of `target` (`email.utils`) that reaches the local module `name`
/// (`email`, in `own_file`): the submodule the local module lacks, and whether it is a package.
fn missing_submodule(own_file: &Path, name: &str, target: &str) -> Option<(String, bool)> {
    let sub = target
        .strip_prefix(name)?
        .strip_prefix('.')?
        .split('.')
        .next()?;
    let is_package = own_file.file_stem().is_some_and(|s| s == "__init__");
    let dir = own_file.parent()?;
    let present = is_package
        && (dir.join(sub).join("__init__.py").exists() || dir.join(format!("{sub}.py")).exists());
    (!present).then(|| (format!("{name}.{sub}"), is_package))
}

/// Whether an exception text is an `ImportError` (`ModuleNotFoundError` is one).
fn is_import_error(error: &Message) -> bool {
    let error = error.inline();
    error.starts_with("ImportError") || error.starts_with("ModuleNotFoundError")
}

/// A way from an import to a stdlib module: the local files it passes through (`(file, line of
/// its import)`), the stdlib module, and whether one of those imports catches `ImportError`.
type Start = (Vec<(PathBuf, usize)>, String, bool);

/// The stdlib modules an import of the shadowing module runs, in order: the import's own
/// stdlib target, or, for another local module, the stdlib modules *its* import-time imports
/// run, depth first.
fn stdlib_starts(
    project: &Project,
    graph: &ContextGraph,
    edge: &crate::graph::Edge,
    visited: &mut HashSet<usize>,
) -> Vec<Start> {
    let mut out = Vec::new();
    // Explicit stack of (local hops so far, caught, edge): no recursion on deep local chains.
    let mut work = vec![(Vec::new(), false, edge)];
    while let Some((through, caught, edge)) = work.pop() {
        match &edge.target {
            Target::Stdlib => out.push((through, edge.module.to_string(), caught)),
            Target::Local {
                file: Some(path), ..
            } => {
                let Some(next) = project.index_of(path) else {
                    continue;
                };
                if !visited.insert(next) {
                    continue;
                }
                let file = &project.files[next];
                let path = &file.path;
                let mut pending = Vec::new();
                for e in graph.edges(next) {
                    let import = &file.imports[e.import];
                    if import.context.runs_at_import_time() && !import.context.type_checking {
                        let mut hops = through.clone();
                        hops.push((path.clone(), import.line));
                        pending.push((hops, caught || import.context.guarded, e));
                    }
                }
                // Depth first, in line order: the first import is taken next.
                work.extend(pending.into_iter().rev());
            }
            _ => {}
        }
    }
    out
}

/// What the stdlib's import back does to the import in the local module that started it.
fn chain_outcome(
    chain: &Chain,
    name: &str,
    bound: &dyn Fn(&str) -> bool,
    catches_import_error: bool,
    import: &Import,
) -> Crash {
    // The error propagates up to the local import statement, which may catch an ImportError.
    match chain_error(chain, name, bound) {
        Some(error) if !(catches_import_error && is_import_error(&error)) => Crash::AtImport {
            error,
            line: import.line,
        },
        _ => Crash::NoFailureFound,
    }
}

struct Finding {
    import_index: usize,
    violation: SelfImport,
    versions: Vec<PythonVersion>,
}

/// A file's findings, one per statement and wording, with the versions each holds in.
#[derive(Default)]
struct Findings(BTreeMap<(usize, Message), Finding>);

impl Findings {
    fn add(&mut self, import_index: usize, violation: SelfImport, version: PythonVersion) {
        self.0
            .entry((import_index, violation.message()))
            .or_insert(Finding {
                import_index,
                violation,
                versions: Vec::new(),
            })
            .versions
            .push(version);
    }

    fn into_vec(self) -> Vec<Finding> {
        self.0.into_values().collect()
    }
}

/// The way from a local import to the stdlib module that imports a local one back: the local
/// files passed through (`path:line`), then the stdlib hops.
fn describe_hops(through: &[(PathBuf, usize)], chain: &Chain) -> Message {
    let stdlib_hops: Vec<String> = chain
        .hops
        .iter()
        .map(|(m, line)| format!("`{m}` (line {line})"))
        .collect();
    let mut hops: Vec<String> = through
        .iter()
        .map(|(path, line)| format!("{}:{line}", shown(path)))
        .collect();
    hops.push(format!(
        "the standard library's {}",
        stdlib_hops.join(" → ")
    ));
    hops.join(" → ").into()
}

pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for graph in project.graphs {
        let backs = imports_back(project, graph);
        for &fi in graph.files() {
            let file = &project.files[fi];
            let mut findings = direct(project, graph, fi, file);
            findings.extend(through_stdlib(project, graph, fi, file));
            if let Some(backs) = backs.get(file.path.as_path()) {
                findings.extend(through_a_shadow(project, graph, fi, file, backs));
            }
            for f in findings {
                if project.is_allowed(&f.violation.module) {
                    continue;
                }
                diagnostics.push(diagnostic(graph, file, f));
            }
        }
    }
    diagnostics
}

/// How `edge` (of `import`, in the file `fi`) gets the module itself, if it does.
fn self_import_kind<'e>(
    graph: &ContextGraph,
    fi: usize,
    file: &FileImports,
    edge: &'e crate::graph::Edge,
    import: &'e Import,
) -> Option<(String, HowItGetsItself<'e>)> {
    match &edge.target {
        Target::Local { file: Some(f), .. } if **f == *file.path => match &import.target {
            ImportTarget::Module { .. } => Some((edge.module.to_string(), HowItGetsItself::Module)),
            ImportTarget::From { names, .. } => {
                // The edge of a submodule named by the from-import (`from pkg import mod` in
                // pkg/mod.py), or of the statement's own base (`from mod import x` in mod.py).
                let leaf = edge.module.rsplit('.').next().unwrap_or_default();
                let as_submodule = edge
                    .module
                    .contains('.')
                    .then(|| names.iter().find(|(n, _)| n == leaf))
                    .flatten();
                Some(match as_submodule {
                    Some((n, alias)) => (
                        edge.module.to_string(),
                        HowItGetsItself::Submodule {
                            bound: alias.as_ref().unwrap_or(n).to_string(),
                        },
                    ),
                    None => (
                        edge.module.to_string(),
                        HowItGetsItself::FromItself { names },
                    ),
                })
            }
        },
        Target::NotAPackage { file: f } if **f == *file.path => {
            let top = edge
                .module
                .split('.')
                .next()
                .unwrap_or_default()
                .to_string();
            Some((
                top,
                HowItGetsItself::NotAPackage {
                    dotted: &edge.module,
                },
            ))
        }
        Target::Other => {
            // A submodule of this very package that its directory lacks, while the package
            // takes a stdlib name: the author meant the stdlib's submodule.
            let is_package = file.path.file_stem().is_some_and(|s| s == "__init__");
            let (parent, _) = edge.module.rsplit_once('.')?;
            let own = graph.names(fi).iter().find(|n| *n == parent)?;
            let is_stdlib = graph
                .context
                .versions
                .iter()
                .any(|v| v.table().is_stdlib(own));
            (is_package && !own.contains('.') && is_stdlib).then(|| {
                (
                    own.clone(),
                    HowItGetsItself::MissingSubmodule {
                        dotted: &edge.module,
                    },
                )
            })
        }
        _ => None,
    }
}

fn direct(project: &Project, graph: &ContextGraph, fi: usize, file: &FileImports) -> Vec<Finding> {
    let mut findings = Findings::default();
    let mut seen = HashSet::new();
    for edge in graph.edges(fi) {
        let import = &file.imports[edge.import];
        if import.context.type_checking || import.context.main_guard {
            continue;
        }
        // One finding a statement: its first edge that gets the module itself.
        let Some((module, how)) = self_import_kind(graph, fi, file, edge, import) else {
            continue;
        };
        if !seen.insert(edge.import) {
            continue;
        }
        if let HowItGetsItself::FromItself { names } = &how
            && names
                .iter()
                .all(|(n, _)| imports_local_submodule(graph, fi, &module, n))
        {
            // `from . import sub` in a package's `__init__` imports submodules: not a cycle.
            continue;
        }
        let top = module.split('.').next().unwrap_or_default();
        for version in graph.context.versions.iter() {
            let outcome = direct_outcome(project, graph, fi, import, &module, &how, version);
            // A module that is not named like the standard library and imports itself without
            // failing meant itself (`from mod import A` after `class A`; a function's
            // `import pkg.mod` runs when the module is complete): nothing to report.
            if !outcome.at_import_time() && !version.table().is_stdlib(top) {
                continue;
            }
            let violation = SelfImport {
                statement: import.target.describe(),
                line: import.line,
                module: module.clone(),
                file: file.path.clone(),
                way: Way::Direct,
                outcome,
            };
            findings.add(edge.import, violation, version);
        }
    }
    findings.into_vec()
}

fn through_stdlib(
    project: &Project,
    graph: &ContextGraph,
    fi: usize,
    file: &FileImports,
) -> Vec<Finding> {
    // Only a top-level module named like a stdlib module can be pulled in by the stdlib.
    let Some(name) = graph.names(fi).iter().find(|n| !n.contains('.')) else {
        return Vec::new();
    };
    let mut findings = Findings::default();
    for version in graph.context.versions.iter() {
        if !version.table().is_stdlib(name) {
            continue;
        }
        let during_startup = match graph.search_path.resolve_stdlib(name, version) {
            StdlibResolution::Shadowed(hit) if hit.module.file == file.path => None,
            StdlibResolution::ReplacedAtStartup(hit) if hit.module.file == file.path => version
                .table()
                .is_startup(name)
                .then(|| loaded_before_startup_import(version, name)),
            _ => continue,
        };
        let facts = project.facts(&file.path);
        let is_the_script =
            matches!(&graph.context.kind, ContextKind::Script { script } if *script == file.path);
        let mut executed = HashSet::new();
        let mut visited_local = HashSet::from([fi]);
        for edge in graph.edges(fi) {
            let import = &file.imports[edge.import];
            let top = edge.module.split('.').next().unwrap_or_default();
            if !import.context.runs_at_import_time() || top == name {
                continue;
            }
            // The stdlib modules this import runs: directly, or through the project's other
            // modules it imports first (their import-time imports, depth first, in line order).
            let starts = stdlib_starts(project, graph, edge, &mut visited_local);
            // Run as the script, the module has bound everything by the time the stdlib uses
            // it (its second run, as `name`, went to the end).
            let bound = |n: &str| {
                facts.as_ref().is_some_and(|f| match is_the_script {
                    true => f.binds(n),
                    false => f.bound_before(n, import.line),
                })
            };
            // The first way back that fails wins; else the first harmless one is shown.
            let mut found = None;
            for (through, module, guarded) in starts {
                let caught = guarded || import.context.guarded;
                let search = ChainSearch {
                    graph,
                    version,
                    name,
                    own_file: &file.path,
                    bound: &bound,
                    initializing: !is_the_script,
                    during_startup: during_startup.as_ref(),
                };
                let Some(chain) = stdlib_chain(&search, &module, &mut executed) else {
                    continue;
                };
                let error = chain_error(&chain, name, &bound);
                let fails = error
                    .as_ref()
                    .is_some_and(|e| !(caught && is_import_error(e)));
                if error.is_some() && !fails {
                    // Caught: every stdlib module still running failed too and left
                    // `sys.modules`; a later import runs it again.
                    for (module, _) in &chain.hops {
                        executed.remove(module);
                    }
                }
                if found.is_none() || fails {
                    found = Some((through, chain, caught));
                }
                if fails {
                    break;
                }
            }
            let Some((through, chain, caught)) = found else {
                continue;
            };
            let outcome = chain_outcome(&chain, name, &bound, caught, import);
            let fails = outcome.at_import_time();
            let hops = describe_hops(&through, &chain);
            let back = match (&chain.names, chain.attrs.iter().find(|(a, _)| !bound(a))) {
                _ if chain.missing_submodule.is_some() => {
                    let (dotted, _) = chain.missing_submodule.as_ref().expect("checked");
                    format!("`import {dotted}`")
                }
                (Some(names), _) => format!("`from {name} import {}`", names.join(", ")),
                (None, Some((attr, line))) => {
                    format!("`import {name}` (then `{name}.{attr}` at line {line})")
                }
                (None, None) => format!("`import {name}`"),
            };
            let violation = SelfImport {
                statement: import.target.describe(),
                line: import.line,
                module: name.to_string(),
                file: file.path.clone(),
                way: Way::ThroughStdlib {
                    hops,
                    back,
                    script: is_the_script.then(|| file.path.clone()),
                },
                outcome,
            };
            findings.add(edge.import, violation, version);
            if fails {
                break; // the first failure stops the import
            }
        }
    }
    findings.into_vec()
}

/// A shadow's import-time import of another top-level local module, by that module's file:
/// the ways back into a module the standard library may re-enter (read once per context, from
/// the shadows' own edges).
type ImportsBack<'g> = HashMap<&'g Path, Vec<(&'g Shadow, &'g Import)>>;

fn imports_back<'g>(project: &'g Project, graph: &'g ContextGraph) -> ImportsBack<'g> {
    let mut backs: ImportsBack = HashMap::new();
    for shadow in &graph.shadows {
        let Some(si) = project.index_of(&shadow.file) else {
            continue;
        };
        let shadow_file = &project.files[si];
        let mut seen = HashSet::new();
        for e in graph.edges(si) {
            let import = &shadow_file.imports[e.import];
            let Target::Local { file: Some(f), .. } = &e.target else {
                continue;
            };
            // The first plain `import m` / `from m import …` of each other top-level module.
            if import.context.runs_at_import_time()
                && !import.context.type_checking
                && !import.context.guarded
                && !e.module.contains('.')
                && **f != *shadow.file
                && seen.insert(&**f)
            {
                backs.entry(&**f).or_default().push((shadow, import));
            }
        }
    }
    backs
}

/// A module the standard library re-enters through one of the project's shadows: `helper.py`
/// imports `copy`, whose `import types` gets the project's `types.py`, whose `import helper`
/// gets the half-initialized `helper`, and its next use of `helper` fails.
fn through_a_shadow(
    project: &Project,
    graph: &ContextGraph,
    fi: usize,
    file: &FileImports,
    backs: &[(&Shadow, &Import)],
) -> Vec<Finding> {
    let Some(name) = graph.names(fi).iter().find(|n| !n.contains('.')) else {
        return Vec::new();
    };
    let Some(facts) = project.facts(&file.path) else {
        return Vec::new();
    };
    let partial = errors::Module {
        name,
        file: Some(&file.path),
        initializing: true,
        in_first_entry: graph.in_first_entry(&file.path),
    };
    let mut findings = Findings::default();
    for &(shadow, back) in backs {
        let Some(shadow_facts) = project.facts(&shadow.file) else {
            continue;
        };
        for version in graph.context.versions.iter() {
            match graph.search_path.resolve_stdlib(shadow.name, version) {
                StdlibResolution::Shadowed(hit) if hit.module.file == shadow.file => {}
                _ => continue,
            }
            let mut executed = HashSet::new();
            let mut visited_local = HashSet::from([fi]);
            for edge in graph.edges(fi) {
                let import = &file.imports[edge.import];
                if !import.context.runs_at_import_time() || import.context.type_checking {
                    continue;
                }
                // The names this module has bound when the shadow imports it back.
                let bound = |n: &str| facts.bound_before(n, import.line);
                // The first use of the half-initialized module in the shadow that fails.
                let failure = match &back.target {
                    ImportTarget::From {
                        level: 0, names, ..
                    } => names
                        .iter()
                        .map(|(n, _)| n)
                        .find(|n| {
                            *n != "*" && !bound(n) && !imports_local_submodule(graph, fi, name, n)
                        })
                        .map(|n| {
                            (
                                errors::cannot_import_name(version, &partial, n),
                                format!("`from {name} import {n}`"),
                            )
                        }),
                    ImportTarget::Module { alias, .. } => {
                        let as_name = alias.as_deref().unwrap_or(name);
                        shadow_facts
                            .attribute_uses
                            .iter()
                            .find(|u| u.base == as_name && u.line > back.line && !bound(&u.attr))
                            .map(|u| {
                                (
                                    errors::no_attribute(version, &partial, &u.attr, false),
                                    format!(
                                        "`{}` (then `{as_name}.{}` at line {})",
                                        back.target.describe(),
                                        u.attr,
                                        u.line
                                    ),
                                )
                            })
                    }
                    ImportTarget::From { .. } => None,
                };
                let Some((error, back_text)) = failure else {
                    break; // the shadow takes this module without failing
                };
                let starts = stdlib_starts(project, graph, edge, &mut visited_local);
                // The first way into the standard library that imports the shadow.
                let reached = starts.into_iter().find_map(|(through, module, guarded)| {
                    let search = ChainSearch {
                        graph,
                        version,
                        name: shadow.name,
                        own_file: &shadow.file,
                        bound: &|_| true,
                        initializing: true,
                        during_startup: None,
                    };
                    let chain = stdlib_chain(&search, &module, &mut executed)?;
                    Some((through, chain, guarded))
                });
                let Some((through, chain, guarded)) = reached else {
                    continue;
                };
                // An `except ImportError` on the way catches an ImportError.
                if (guarded || chain.guarded || import.context.guarded) && is_import_error(&error) {
                    break;
                }
                let violation = SelfImport {
                    statement: import.target.describe(),
                    line: import.line,
                    module: name.to_string(),
                    file: file.path.clone(),
                    way: Way::ThroughShadow {
                        hops: describe_hops(&through, &chain),
                        shadow: shadow.name.to_string(),
                        shadow_file: shadow.file.clone(),
                        back: back_text,
                    },
                    outcome: Crash::AtImport {
                        error,
                        line: import.line,
                    },
                };
                findings.add(edge.import, violation, version);
                break; // the first failure stops the import
            }
        }
    }
    findings.into_vec()
}

fn diagnostic(graph: &ContextGraph, file: &FileImports, f: Finding) -> Diagnostic {
    let import = &file.imports[f.import_index];
    let at = Range::point(import.line, import.column);
    let mut d = Diagnostic::new(&f.violation, file.path.clone(), at);
    if let Crash::AtImport { error, line } = &f.violation.outcome
        && *line != import.line
    {
        d.related.push(Related {
            path: file.path.clone(),
            range: Some(Range::point(*line, 1)),
            message: format!("fails here: {}", error.inline()).into(),
        });
    }
    d.module = Some(f.violation.module);
    d.holds_in(graph.context);
    d.versions = f.versions;
    d.crash = Some(f.violation.outcome);
    d
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{check_rule, pythonpath};
    use crate::settings::Overrides;

    #[test]
    fn a_module_importing_itself_fails_at_its_first_use() {
        insta::assert_snapshot!(check_rule(
            Rule::SelfImport,
            &[(
                "src/logging.py",
                "import logging\n\nclass F(logging.Formatter):\n    pass\n"
            )],
            pythonpath(&["src"])
        ));
    }

    #[test]
    fn a_chain_through_the_stdlib() {
        insta::assert_snapshot!(check_rule(
            Rule::SelfImport,
            &[("src/types.py", "import functools\n")],
            pythonpath(&["src"])
        ));
    }

    #[test]
    fn an_import_in_a_stdlib_handler_not_taken_does_not_run() {
        insta::assert_snapshot!(check_rule(
            Rule::SelfImport,
            &[("src/logging.py", "import hashlib\n")],
            pythonpath(&["src"])
        ));
    }

    #[test]
    fn a_start_up_module_replaced_from_pythonpath_on_3_10() {
        insta::assert_snapshot!(check_rule(
            Rule::SelfImport,
            &[("lib/abc.py", "import collections\n")],
            Overrides {
                python_version: Some("3.10".into()),
                ..pythonpath(&["lib"])
            }
        ));
    }
}
