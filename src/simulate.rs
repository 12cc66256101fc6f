//! A simulation of CPython's import machinery over the project's own modules, for one
//! context: `import NAME` in a fresh process runs each module's import-time statements in line
//! order, with `sys.modules` holding the modules still running (half-initialized), parents
//! initialised before their submodules (`_find_and_load`), `from package import sub` importing
//! the submodule (`_handle_fromlist`) and taking it from `sys.modules` when the package does not
//! have the attribute yet (3.7+), `try`/`except ImportError` catching, and module-level
//! attribute uses of modules still running. It answers: does this import raise, where, and
//! with which exception (the text of each version)?
//!
//! Modules that are not the project's (the standard library, third-party packages) are taken
//! to import fine and bind nothing the simulation checks; the stdlib's own part of a crash is
//! SS002's replay. A statement under an `if`/`for`/`with`/`except` block may not run: a failure
//! that needs one is not claimed. Bounded: each module runs once per simulated process, and a
//! process runs at most [`STEP_BUDGET`] statements.

use crate::graph::{ContextGraph, absolute_module};
use crate::imports::uses::ModuleFacts;
use crate::imports::{Import, ImportTarget, Name};
use crate::message::Message;
use crate::project::Project;
use crate::python::{PythonVersion, dotted_prefixes, errors};
use std::collections::{HashMap, HashSet};

/// Statements one simulated process may run before it gives up (no claim).
pub const STEP_BUDGET: usize = 200_000;

/// The exception an import raises, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The file (index) and position of the statement that raises.
    pub file: usize,
    pub line: usize,
    pub column: usize,
    /// The statement as written (`from app.views import render`, `views.render`).
    pub statement: String,
    /// The module that is half-initialized at that moment, and up to which line it has run.
    pub partial_module: String,
    pub partial_line: usize,
    /// The exception text, per version (the wording changed in 3.13).
    pub error: Vec<(PythonVersion, Message)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Running; its statements before this line have run.
    Running {
        line: usize,
    },
    Done,
}

enum Outcome {
    Ok,
    /// An `ImportError` (catchable by `except ImportError`) or another exception.
    Raised {
        failure: Failure,
        import_error: bool,
    },
    /// Out of budget or not decidable: no claim.
    GaveUp,
    /// An `ImportError` that may be raised (a name a finished module may set dynamically):
    /// a `try` catching `ImportError` goes on either way; elsewhere, no claim.
    MaybeImportError,
}

/// One context's project modules by dotted name.
pub struct Simulator<'p> {
    project: &'p Project<'p>,
    graph: &'p ContextGraph<'p>,
    by_name: HashMap<&'p str, usize>,
    /// Every package (regular or namespace) some project module is inside.
    parents: HashSet<&'p str>,
    versions: Vec<PythonVersion>,
}

/// A `from base import …` statement of the module `importer` (file `file`), being run.
#[derive(Clone, Copy)]
struct From<'a> {
    importer: &'a str,
    file: usize,
    import: &'a Import,
    base: &'a str,
}

/// A star import that ran: its line, and the names it copied (`None`: not known).
type StarImport = (usize, Option<HashSet<String>>);

/// One simulated process.
#[derive(Clone, Default)]
struct Process {
    modules: HashMap<String, (Option<usize>, State)>,
    /// `(package, submodule)` pairs whose import finished: the package has the attribute.
    attributes: HashSet<(String, String)>,
    /// What each module's star imports copied, by the line of the star import: the public
    /// names its source had bound at that moment, or `None` when that is not known (not the
    /// project's module, or an `__all__`).
    stars: HashMap<String, Vec<StarImport>>,
    steps: usize,
}

impl<'p> Simulator<'p> {
    pub fn new(project: &'p Project<'p>, graph: &'p ContextGraph<'p>) -> Simulator<'p> {
        let mut by_name = HashMap::new();
        let mut parents = HashSet::new();
        for &fi in graph.files() {
            for name in graph.names(fi) {
                by_name.entry(name.as_str()).or_insert(fi);
                let mut rest = name.as_str();
                while let Some((parent, _)) = rest.rsplit_once('.') {
                    parents.insert(parent);
                    rest = parent;
                }
            }
        }
        Simulator {
            project,
            graph,
            by_name,
            parents,
            versions: graph.context.versions.iter().collect(),
        }
    }

    /// What `import name` does in a fresh process: `None` when it works (or cannot be decided).
    #[cfg(test)]
    pub fn import(&self, name: &str) -> Option<Failure> {
        self.import_all(&[name]).pop().flatten()
    }

    /// [`Simulator::import`] for each of `names`, each in its own fresh process, sharing work:
    /// `import a.b.c` first runs `import a` and then `import a.b` exactly as a fresh process
    /// importing those would, so the process after each parent package is simulated once and
    /// cloned for every entry below it (all of a big package's modules start by running its
    /// `__init__`).
    pub fn import_all(&self, names: &[&str]) -> Vec<Option<Failure>> {
        let verdict = |outcome: Outcome| match outcome {
            Outcome::Raised { failure, .. } => Some(failure),
            Outcome::Ok | Outcome::GaveUp | Outcome::MaybeImportError => None,
        };
        // The process after `import PARENT` in a fresh one, or how that import ended.
        let mut after: HashMap<&str, Result<Process, Option<Failure>>> = HashMap::new();
        let mut results = Vec::with_capacity(names.len());
        'entries: for &name in names {
            let mut parents: Vec<&str> = dotted_prefixes(name).collect();
            parents.pop(); // the entry itself
            let mut process = Process::default();
            let mut from = 0;
            for (k, parent) in parents.iter().enumerate().rev() {
                match after.get(parent) {
                    Some(Ok(state)) => {
                        process = state.clone();
                        from = k + 1;
                        break;
                    }
                    Some(Err(ended)) => {
                        results.push(ended.clone());
                        continue 'entries;
                    }
                    None => {}
                }
            }
            for &parent in &parents[from..] {
                match self.import_module(&mut process, parent) {
                    Outcome::Ok => {
                        after.insert(parent, Ok(process.clone()));
                    }
                    other => {
                        let ended = verdict(other);
                        after.insert(parent, Err(ended.clone()));
                        results.push(ended);
                        continue 'entries;
                    }
                }
            }
            results.push(verdict(self.import_module(&mut process, name)));
        }
        results
    }

    fn import_module(&self, p: &mut Process, name: &str) -> Outcome {
        let parts: Vec<&str> = name.split('.').collect();
        for end in 1..=parts.len() {
            let prefix = parts[..end].join(".");
            if p.modules.contains_key(&prefix) {
                continue;
            }
            let file = self.by_name.get(prefix.as_str()).copied();
            if file.is_none() && end > 1 && !self.is_local_package(&parts[..end - 1].join(".")) {
                // A submodule of something not the project's: not simulated.
                return Outcome::Ok;
            }
            p.modules
                .insert(prefix.clone(), (file, State::Running { line: 0 }));
            let outcome = match file {
                Some(fi) => self.run(p, fi, &prefix),
                None => Outcome::Ok,
            };
            match outcome {
                Outcome::Ok => {
                    p.modules.insert(prefix.clone(), (file, State::Done));
                    if end > 1 {
                        p.attributes
                            .insert((parts[..end - 1].join("."), parts[end - 1].to_string()));
                    }
                }
                other => {
                    // A module whose import failed leaves `sys.modules`.
                    p.modules.remove(&prefix);
                    return other;
                }
            }
        }
        Outcome::Ok
    }

    fn is_local_package(&self, name: &str) -> bool {
        match self.by_name.get(name) {
            Some(&fi) => is_init(&self.project.files[fi].path),
            // A namespace package of the project's has no file but holds its modules.
            None => self.parents.contains(name),
        }
    }

    /// Runs the import-time statements of file `fi`, imported as `module`.
    fn run(&self, p: &mut Process, fi: usize, module: &str) -> Outcome {
        let file = &self.project.files[fi];
        let facts = self.project.facts(&file.path);
        // The statements that resolve to something (a relative import above the top does not).
        let resolvable: HashSet<usize> = self.graph.edges(fi).iter().map(|e| e.import).collect();
        // Names bound to modules by this file's imports so far: name → dotted module.
        let mut bound: HashMap<String, String> = HashMap::new();
        let mut uses = facts
            .as_ref()
            .map(|f| f.attribute_uses.as_slice())
            .unwrap_or_default()
            .iter()
            .peekable();
        for (index, import) in file.imports.iter().enumerate() {
            if !import.context.runs_at_import_time() || import.context.dynamic {
                continue;
            }
            // Attribute uses before this statement run first.
            while let Some(u) = uses.next_if(|u| u.line < import.line) {
                if let Some(outcome) = self.attribute_use(p, fi, &bound, u) {
                    return outcome;
                }
            }
            p.steps += 1;
            if p.steps > STEP_BUDGET {
                return Outcome::GaveUp;
            }
            if let Some(entry) = p.modules.get_mut(module) {
                entry.1 = State::Running { line: import.line };
            }
            if !resolvable.contains(&index) {
                continue; // nothing resolvable (a relative import above the top level)
            }
            let outcome = match &import.target {
                ImportTarget::Module {
                    module: written,
                    alias,
                } => {
                    let outcome = self.import_module(p, written);
                    if matches!(outcome, Outcome::Ok) {
                        let top = written.split('.').next().unwrap_or_default().to_string();
                        match alias {
                            Some(alias) => bound.insert(alias.to_string(), written.to_string()),
                            None => bound.insert(top.clone(), top),
                        };
                    }
                    outcome
                }
                ImportTarget::From {
                    level,
                    module: written,
                    names,
                } => {
                    // A relative import is resolved from the name this module runs under.
                    let base = if *level == 0 {
                        written.as_ref().map(|w| w.to_string())
                    } else {
                        absolute_module(module, is_init(&file.path), *level, written.as_deref())
                    };
                    match base {
                        Some(base) => {
                            let from = From {
                                importer: module,
                                file: fi,
                                import,
                                base: &base,
                            };
                            self.import_from(p, &from, names, &mut bound)
                        }
                        None => Outcome::GaveUp,
                    }
                }
            };
            match outcome {
                Outcome::Ok => {}
                Outcome::Raised {
                    import_error: true, ..
                }
                | Outcome::MaybeImportError
                    if import.context.guarded => {}
                Outcome::Raised { .. } | Outcome::MaybeImportError
                    if import.context.conditional =>
                {
                    return Outcome::GaveUp;
                }
                other => return other,
            }
        }
        for u in uses {
            if let Some(outcome) = self.attribute_use(p, fi, &bound, u) {
                return outcome;
            }
        }
        Outcome::Ok
    }

    /// `from base import names`: the base runs, then each name is taken from it.
    fn import_from(
        &self,
        p: &mut Process,
        from: &From,
        names: &[(Name, Option<Name>)],
        bound: &mut HashMap<String, String>,
    ) -> Outcome {
        let From {
            importer,
            file: fi,
            import,
            base,
        } = *from;
        let outcome = self.import_module(p, base);
        if !matches!(outcome, Outcome::Ok) {
            return outcome;
        }
        let Some(&(Some(base_file), state)) = p.modules.get(base) else {
            // Not the project's, or a namespace package: a star import binds what it binds.
            if names.iter().any(|(n, _)| n == "*") {
                p.stars
                    .entry(importer.to_string())
                    .or_default()
                    .push((import.line, None));
            }
            return Outcome::Ok;
        };
        for (name, alias) in names {
            if name == "*" {
                let copied = self.star_copy(p, base_file, base, state);
                p.stars
                    .entry(importer.to_string())
                    .or_default()
                    .push((import.line, copied));
                continue;
            }
            let dotted = format!("{base}.{name}");
            let is_submodule = self.by_name.contains_key(dotted.as_str());
            if is_submodule && is_init(&self.project.files[base_file].path) {
                // `_handle_fromlist` imports it unless the package already has the attribute.
                let outcome = self.import_module(p, &dotted);
                if !matches!(outcome, Outcome::Ok) {
                    return outcome;
                }
            }
            // IMPORT_FROM: the attribute, else `sys.modules[base.name]` (3.7+).
            if p.modules.contains_key(&dotted)
                || p.attributes.contains(&(base.to_string(), name.to_string()))
            {
                bound.insert(alias.as_ref().unwrap_or(name).to_string(), dotted);
                continue;
            }
            let facts = self.project.facts(&self.project.files[base_file].path);
            let Some(facts) = facts else {
                return Outcome::GaveUp;
            };
            let line = match (binding(p, &facts, name, base, state), state) {
                (Binding::Bound, _) => continue,
                (Binding::Missing, State::Running { line }) => line,
                // Unknown (a star import), or missing from a finished module (a bug of another
                // kind, not claimed): an ImportError or not.
                _ => return Outcome::MaybeImportError,
            };
            let partial = errors::Module {
                name: base,
                file: Some(&self.project.files[base_file].path),
                initializing: true,
                in_first_entry: self
                    .graph
                    .in_first_entry(&self.project.files[base_file].path),
            };
            return Outcome::Raised {
                failure: Failure {
                    file: fi,
                    line: import.line,
                    column: import.column,
                    statement: import.target.describe(),
                    partial_module: base.to_string(),
                    partial_line: line,
                    error: self
                        .versions
                        .iter()
                        .map(|&v| (v, errors::cannot_import_name(v, &partial, name)))
                        .collect(),
                },
                import_error: true,
            };
        }
        Outcome::Ok
    }

    /// What `from base import *` copies now (`None`: not known).
    fn star_copy(
        &self,
        p: &Process,
        base_file: usize,
        base: &str,
        state: State,
    ) -> Option<HashSet<String>> {
        let facts = self.project.facts(&self.project.files[base_file].path)?;
        public_names(p, &facts, base, state)
    }

    /// `name.attr` at module level, where `name` is bound to a project module: it fails when
    /// the module is still running and has not bound `attr` yet, or when `attr` is a submodule
    /// still being imported (its package gets the attribute only when it finishes).
    fn attribute_use(
        &self,
        p: &Process,
        fi: usize,
        bound: &HashMap<String, String>,
        u: &crate::imports::uses::AttributeUse,
    ) -> Option<Outcome> {
        let mut module = bound.get(&u.base)?.clone();
        // Along the chain, each attribute is a submodule (then the next is looked up in it)
        // or the end of what the simulation follows.
        for attr in std::iter::once(&u.attr).chain(&u.then) {
            let &(Some(target), state) = p.modules.get(&module)? else {
                return None;
            };
            let dotted = format!("{module}.{attr}");
            if p.attributes.contains(&(module.clone(), attr.clone())) {
                module = dotted;
                continue;
            }
            let submodule_running =
                matches!(p.modules.get(&dotted), Some((_, State::Running { .. })));
            let facts = self.project.facts(&self.project.files[target].path)?;
            let (initializing, line) = match binding(p, &facts, attr, &module, state) {
                Binding::Bound => return None,
                Binding::Unknown => return Some(Outcome::GaveUp),
                Binding::Missing => match state {
                    State::Running { line } => (true, line),
                    State::Done if submodule_running => (false, 0),
                    // A finished module that never binds the name fails here: a bug of
                    // another kind than a cycle, not claimed; nothing after it is certain.
                    State::Done => return Some(Outcome::GaveUp),
                },
            };
            let module_seen = errors::Module {
                name: &module,
                file: Some(&self.project.files[target].path),
                initializing,
                in_first_entry: self.graph.in_first_entry(&self.project.files[target].path),
            };
            let statement = std::iter::once(u.base.as_str())
                .chain(std::iter::once(u.attr.as_str()))
                .chain(u.then.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(".");
            return Some(Outcome::Raised {
                failure: Failure {
                    file: fi,
                    line: u.line,
                    column: u.column,
                    statement,
                    partial_module: if initializing { module.clone() } else { dotted },
                    partial_line: line,
                    error: self
                        .versions
                        .iter()
                        .map(|&v| {
                            (
                                v,
                                errors::no_attribute(v, &module_seen, attr, submodule_running),
                            )
                        })
                        .collect(),
                },
                import_error: false,
            });
        }
        None
    }
}

/// Whether a module has bound a name at the point it has reached.
enum Binding {
    Bound,
    Missing,
    /// A star import ran before: it may have bound the name or not.
    Unknown,
}

fn binding(p: &Process, facts: &ModuleFacts, name: &str, module: &str, state: State) -> Binding {
    let line = match state {
        State::Running { line } => line,
        State::Done => usize::MAX,
    };
    if facts.defines_before(name, line) || facts.defines("__getattr__") {
        return Binding::Bound;
    }
    let mut unknown = false;
    for (star_line, copied) in p.stars.get(module).into_iter().flatten() {
        if *star_line < line {
            match copied {
                Some(names) if names.contains(name) => return Binding::Bound,
                Some(_) => {}
                None => unknown = true,
            }
        }
    }
    if unknown {
        Binding::Unknown
    } else {
        Binding::Missing
    }
}

/// The public names a module had bound when its star import ran: its own bindings so far and
/// what its own star imports copied.
fn public_names(
    p: &Process,
    facts: &ModuleFacts,
    module: &str,
    state: State,
) -> Option<HashSet<String>> {
    if facts.defines("__all__") {
        return None; // the list's contents are not read
    }
    let line = match state {
        State::Running { line } => line,
        State::Done => usize::MAX,
    };
    let mut names: HashSet<String> = facts
        .bindings
        .iter()
        .filter(|(n, l)| *l < line && !n.starts_with('_'))
        .map(|(n, _)| n.clone())
        .collect();
    for (star_line, copied) in p.stars.get(module).into_iter().flatten() {
        if *star_line < line {
            names.extend(copied.clone()?);
        }
    }
    Some(names)
}

fn is_init(path: &std::path::Path) -> bool {
    path.file_stem().is_some_and(|s| s == "__init__")
}
