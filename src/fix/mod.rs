//! `stdshadow fix --rename OLD=NEW`: rename a module or package and rewrite every import that
//! resolves to it, under every context, from the same import graph the rules use.
//!
//! Which references are rewritten is decided per reference from the resolution:
//! - relative imports (`from .logging import x`, `from . import logging`) and imports through a
//!   package (`from pkg import logging`, `import pkg.logging`) name the local module on purpose:
//!   rewritten;
//! - an absolute import of a top-level module named like the standard library (`import
//!   logging`, `from logging import getLogger`) is rewritten only when what the file takes from
//!   it is all defined by the local module (`from logging import get_logger`, or `logging.x`
//!   uses that are all local names); otherwise it means the standard library and is kept —
//!   after the rename it gets the standard library, as its author meant (the renamed module's
//!   own `import logging` is the typical case);
//! - `import logging` that is rewritten keeps its binding: `import structured_logging as
//!   logging`; so do `from pkg import logging` → `from pkg import bedrock_logging as logging`.
//!
//! Mentions that cannot be rewritten safely (strings such as `mock.patch("logging.x")`,
//! configuration files, Dockerfiles, docs) are listed with their locations.

pub mod command;
pub mod edit;
pub mod references;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ruff_text_size::{TextRange, TextSize};

use crate::graph::{ContextGraph, Target, absolute_module};
use crate::imports::FileImports;
use crate::imports::uses::{self, LineIndex};
use crate::paths::{absolutize, display_path};
use crate::project::parse_guarded;
use crate::sources::Sources;
use edit::Edit;
use references::{FileReferences, Statement};

/// `OLD=NEW` from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameSpec {
    pub old: String,
    pub new: String,
}

impl std::str::FromStr for RenameSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<RenameSpec, String> {
        let (old, new) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}`: write OLD=NEW (a module path or name = a new name)"))?;
        Ok(RenameSpec {
            old: old.trim().to_string(),
            new: new.trim().to_string(),
        })
    }
}

/// The module being renamed.
#[derive(Debug, Clone)]
struct Module {
    /// The file or package directory that is renamed.
    path: PathBuf,
    /// A package's directory (its submodules move with it).
    package_dir: Option<PathBuf>,
    /// The module's `__init__` or file, if it has one (namespace packages do not).
    file: Option<PathBuf>,
    old_name: String,
    new_name: String,
    new_path: PathBuf,
}

impl Module {
    fn contains(&self, target: &Target) -> bool {
        let inside = |p: &Path| {
            Some(p) == self.file.as_deref()
                || self.package_dir.as_ref().is_some_and(|d| p.starts_with(d))
        };
        match target {
            Target::Local { file: Some(f), .. } => inside(f),
            Target::Local {
                file: None,
                locations,
            } => locations
                .iter()
                .any(|l| self.package_dir.as_ref() == Some(l)),
            Target::NotAPackage { file } => inside(file),
            _ => false,
        }
    }
}

/// A place in a file, for the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

/// Everything a fix will do, computed before anything is written.
#[derive(Debug, Default)]
pub struct Plan {
    /// (file, original bytes, new bytes), sorted by path.
    pub writes: Vec<(PathBuf, Vec<u8>, Vec<u8>)>,
    /// File and package renames, done last.
    pub renames: Vec<(PathBuf, PathBuf)>,
    /// Each rewritten reference: `path:line  before → after`.
    pub rewritten: Vec<Note>,
    /// References left alone, with the reason.
    pub kept: Vec<Note>,
    /// Mentions that need a person.
    pub warnings: Vec<Note>,
}

/// What the planner reads.
pub struct Input<'a> {
    pub cwd: &'a Path,
    pub files: &'a [FileImports],
    pub graphs: &'a [ContextGraph<'a>],
    /// Files that say how the code runs, and other text files to search for mentions.
    pub text_files: &'a [PathBuf],
    pub sources: &'a Sources,
    /// Standard-library top-level names of the target versions.
    pub is_stdlib: &'a dyn Fn(&str) -> bool,
    /// Whether a dotted name is a pure-Python standard-library module (`email.parser`).
    pub is_stdlib_module: &'a dyn Fn(&str) -> bool,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn is_ascii_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Finds the module `spec.old` names and checks that `spec.new` can replace it.
fn resolve(spec: &RenameSpec, input: &Input) -> Result<Module, String> {
    let new = &spec.new;
    if !is_ascii_identifier(new) || KEYWORDS.contains(&new.as_str()) {
        return Err(format!(
            "`{new}` is not a module name (an ASCII identifier, not a keyword)"
        ));
    }
    if (input.is_stdlib)(new) {
        return Err(format!(
            "`{new}` is itself a standard-library module: the rename would shadow it"
        ));
    }
    let as_path = absolutize(Path::new(&spec.old), input.cwd);
    let path = if as_path.exists() {
        std::fs::canonicalize(&as_path).map_err(|e| format!("{}: {e}", spec.old))?
    } else {
        // A dotted module name, as some context imports it.
        let mut found: BTreeSet<PathBuf> = BTreeSet::new();
        for graph in input.graphs {
            for &fi in graph.files() {
                if graph.names(fi).contains(&spec.old) {
                    found.insert(input.files[fi].path.clone());
                }
            }
        }
        match found.len() {
            0 => return Err(format!("no file or module `{}` in any context", spec.old)),
            1 => {
                let file = found.pop_first().unwrap_or_default();
                if file.file_stem().is_some_and(|s| s == "__init__") {
                    file.parent().map(Path::to_path_buf).unwrap_or_default()
                } else {
                    file
                }
            }
            _ => {
                let shown: Vec<String> = found.iter().map(|p| display_path(p, input.cwd)).collect();
                return Err(format!(
                    "`{}` names several files ({}): give the path",
                    spec.old,
                    shown.join(", ")
                ));
            }
        }
    };
    let parent = path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let (package_dir, file, old_name, new_path) = if path.is_dir() {
        let init = parent
            .join(path.file_name().unwrap_or_default())
            .join("__init__.py");
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        (
            Some(path.clone()),
            init.exists().then_some(init),
            name,
            parent.join(new),
        )
    } else {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(stem) = name.strip_suffix(".py") else {
            return Err(format!(
                "{} is not a Python module",
                display_path(&path, input.cwd)
            ));
        };
        if stem == "__init__" {
            return Err("rename the package directory, not its `__init__.py`".to_string());
        }
        (
            None,
            Some(path.clone()),
            stem.to_string(),
            parent.join(format!("{new}.py")),
        )
    };
    if old_name == *new {
        return Err(format!("`{old_name}` already has that name"));
    }
    // Anything `import NEW` would find in that directory collides.
    let collides = std::fs::read_dir(&parent)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n == new || n.split('.').next() == Some(new.as_str()) && n.contains('.'));
    if let Some(existing) = collides {
        return Err(format!(
            "{} already exists: `{new}` would collide with it",
            display_path(&parent.join(existing), input.cwd)
        ));
    }
    Ok(Module {
        path,
        package_dir,
        file,
        old_name,
        new_name: new.clone(),
        new_path,
    })
}

/// The name of `module` under `graph` that `absolute` is or is inside of.
fn module_name<'g>(
    graph: &'g ContextGraph,
    files: &[FileImports],
    module: &Module,
    absolute: &str,
) -> Option<&'g str> {
    let file = module.file.as_deref()?;
    let index = files
        .binary_search_by(|f| f.path.as_path().cmp(file))
        .ok()?;
    graph
        .names(index)
        .iter()
        .map(String::as_str)
        .find(|n| absolute == *n || absolute.starts_with(&format!("{n}.")))
}

/// The byte range of dotted component `k` of a name spanning `range` in `text`.
fn component(text: &str, range: TextRange, k: usize) -> Option<TextRange> {
    let written = &text[range];
    let mut start = 0;
    for (i, part) in written.split('.').enumerate() {
        if i == k {
            let part_trimmed = part.trim();
            let lead = part.len() - part.trim_start().len();
            let begin = range.start() + TextSize::new((start + lead) as u32);
            return Some(TextRange::at(
                begin,
                TextSize::new(part_trimmed.len() as u32),
            ));
        }
        start += part.len() + 1;
    }
    None
}

struct FilePlanner<'p> {
    input: &'p Input<'p>,
    module: &'p Module,
    path: &'p Path,
    text: &'p str,
    lines: &'p LineIndex,
    refs: &'p FileReferences,
    /// The local module's module-level names (what it defines).
    local_names: &'p BTreeSet<String>,
    edits: Vec<Edit>,
    plan: &'p mut Plan,
}

impl FilePlanner<'_> {
    fn note(&self, range: TextRange, message: String) -> Note {
        let line = self.lines.line(range.start().to_usize());
        Note {
            path: self.path.to_path_buf(),
            line,
            message,
        }
    }

    fn rewrite(&mut self, range: TextRange, replacement: String) {
        let before = self.text[range].to_string();
        if self.edits.iter().any(|e| e.range == range) {
            return;
        }
        let note = self.note(range, format!("`{before}` → `{replacement}`"));
        self.plan.rewritten.push(note);
        self.edits.push(Edit { range, replacement });
    }

    /// Whether an absolute import of the top-level shadow means the local module: everything
    /// the file takes from it is defined there.
    fn means_local(&self, taken: &[String]) -> bool {
        !taken.is_empty() && taken.iter().all(|n| self.local_names.contains(n))
    }

    fn attributes_of(&self, bound: &str) -> Vec<String> {
        self.refs
            .attributes
            .iter()
            .filter(|(b, _)| b == bound)
            .map(|(_, a)| a.clone())
            .collect()
    }

    /// Whether the reference to `m` (the module's name, `k` its last component) may be
    /// rewritten, given what the file takes from it; records the kept ones.
    fn decide(
        &mut self,
        name: (&str, usize),
        absolute: bool,
        taken: &[String],
        range: TextRange,
    ) -> bool {
        let (written, k) = name;
        // A submodule the standard library's package does not have can only be the local one.
        let stdlib_has_it = !written.contains('.') || (self.input.is_stdlib_module)(written);
        let ambiguous =
            absolute && k == 0 && (self.input.is_stdlib)(&self.module.old_name) && stdlib_has_it;
        if !ambiguous || self.means_local(taken) {
            return true;
        }
        let note = self.note(
            range,
            format!(
                "`{}` kept: it means the standard library (the file uses names the local module does not define); after the rename it gets it",
                &self.text[range]
            ),
        );
        self.plan.kept.push(note);
        false
    }

    fn plan_statements(&mut self, graph: &ContextGraph, file_names: &[String], is_package: bool) {
        let m_name = |absolute: &str| module_name(graph, self.input.files, self.module, absolute);
        let new = self.module.new_name.clone();
        let old = self.module.old_name.clone();
        for statement in &self.refs.imports {
            match statement {
                Statement::Import { aliases } => {
                    for alias in aliases {
                        let absolute = alias.name.text.as_str();
                        let Some(m) = m_name(absolute) else { continue };
                        let k = m.split('.').count() - 1;
                        let bound = alias.asname.as_ref().map_or_else(
                            || absolute.split('.').next().unwrap_or_default().to_string(),
                            |a| a.text.clone(),
                        );
                        let taken = self.attributes_of(&bound);
                        if !self.decide((absolute, k), true, &taken, alias.name.range) {
                            continue;
                        }
                        let Some(range) = component(self.text, alias.name.range, k) else {
                            continue;
                        };
                        if alias.asname.is_none() && k == 0 && absolute == m {
                            self.rewrite(range, format!("{new} as {old}"));
                        } else {
                            self.rewrite(range, new.clone());
                            if alias.asname.is_none() {
                                let note = self.note(
                                    alias.name.range,
                                    format!("`import {absolute}` binds `{bound}`: rename the uses of `{m}` in this file by hand"),
                                );
                                self.plan.warnings.push(note);
                            }
                        }
                    }
                }
                Statement::From {
                    level,
                    module,
                    aliases,
                } => {
                    let written = module.as_ref().map(|m| m.text.as_str());
                    let bases: Vec<String> = if *level == 0 {
                        written.map(str::to_string).into_iter().collect()
                    } else {
                        file_names
                            .iter()
                            .filter_map(|n| {
                                absolute_module(n, is_package, *level as usize, written)
                            })
                            .collect()
                    };
                    for base in bases {
                        if let (Some(m), Some(module)) = (m_name(&base), module) {
                            let k = m.split('.').count() - 1;
                            let taken: Vec<String> =
                                aliases.iter().map(|a| a.name.text.clone()).collect();
                            let start = base.split('.').count() - module.text.split('.').count();
                            if k >= start
                                && self.decide((&base, k), *level == 0, &taken, module.range)
                                && let Some(range) = component(self.text, module.range, k - start)
                            {
                                self.rewrite(range, new.clone());
                            }
                        }
                        for alias in aliases {
                            let sub = format!("{base}.{}", alias.name.text);
                            if m_name(&sub) == Some(sub.as_str()) {
                                let replacement = match alias.asname {
                                    Some(_) => new.clone(),
                                    None => format!("{new} as {old}"),
                                };
                                self.rewrite(alias.name.range, replacement);
                            }
                        }
                    }
                }
            }
        }
        for dynamic in &self.refs.dynamic {
            let Some(m) = m_name(&dynamic.module) else {
                continue;
            };
            let k = m.split('.').count() - 1;
            let literal = &self.text[dynamic.literal];
            let Some(at) = literal.find(dynamic.module.as_str()) else {
                continue;
            };
            let name_range = TextRange::at(
                dynamic.literal.start() + TextSize::new(at as u32),
                TextSize::new(dynamic.module.len() as u32),
            );
            if !self.decide((&dynamic.module, k), true, &[], name_range) {
                continue;
            }
            if let Some(range) = component(self.text, name_range, k) {
                self.rewrite(range, new.clone());
            }
        }
    }
}

/// Whether `haystack` mentions the dotted `name` as a whole: not inside a longer name.
fn mentions(haystack: &str, name: &str) -> bool {
    haystack.match_indices(name).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + name.len()..].chars().next();
        !before.is_some_and(|c| c == '_' || c == '.' || c.is_alphanumeric())
            && !after.is_some_and(|c| c == '_' || c.is_alphanumeric())
    })
}

/// A file's bytes, decoded text and full parse with `parse`, through the project's guarded
/// parse (`None`: unreadable, too large or nested too deeply to parse safely).
fn parse_file<T: Send + 'static>(
    file: &FileImports,
    sources: &Sources,
    parse: fn(&str) -> T,
) -> Option<(Vec<u8>, String, T)> {
    let bytes = sources.read(&file.path).ok()?.into_owned();
    let (text, parsed) = parse_guarded(file, &bytes, parse)?;
    Some((bytes, text, parsed))
}

/// Plans every rename of `specs` together: the edits of all of them on the original tree.
pub fn plan(specs: &[RenameSpec], input: &Input) -> Result<Plan, String> {
    let modules: Vec<Module> = specs
        .iter()
        .map(|s| resolve(s, input))
        .collect::<Result<_, _>>()?;
    let mut plan = Plan::default();
    let mut edits: BTreeMap<PathBuf, Vec<Edit>> = BTreeMap::new();
    let mut texts: BTreeMap<PathBuf, (Vec<u8>, String)> = BTreeMap::new();
    for module in &modules {
        let local_names: BTreeSet<String> = module
            .file
            .as_ref()
            .and_then(|f| {
                input
                    .files
                    .binary_search_by(|x| x.path.as_path().cmp(f))
                    .ok()
            })
            .and_then(|i| parse_file(&input.files[i], input.sources, uses::analyze))
            .map(|(_, _, facts)| facts.bindings.into_iter().map(|(n, _)| n).collect())
            .unwrap_or_default();
        // The files with an import that resolves into the module, under some context.
        let mut importers: BTreeSet<usize> = BTreeSet::new();
        for graph in input.graphs {
            for &fi in graph.files() {
                if graph.edges(fi).iter().any(|e| module.contains(&e.target)) {
                    importers.insert(fi);
                }
            }
        }
        for fi in importers {
            let path = input.files[fi].path.clone();
            // A notebook's source is JSON around the cells: never rewritten from its code.
            if crate::notebook::is_notebook(&path) {
                plan.warnings.push(Note {
                    path: path.clone(),
                    line: 1,
                    message: format!(
                        "a notebook: its imports of `{}` are not rewritten; update them by hand",
                        module.old_name
                    ),
                });
                continue;
            }
            let Some((bytes, text, refs)) =
                parse_file(&input.files[fi], input.sources, references::collect)
            else {
                plan.warnings.push(Note {
                    path: path.clone(),
                    line: 1,
                    message: "unreadable, too large or nested too deeply to parse safely: its imports are not rewritten".into(),
                });
                continue;
            };
            let lines = LineIndex::new(&text);
            let is_package = path.file_stem().is_some_and(|s| s == "__init__");
            let mut planner = FilePlanner {
                input,
                module,
                path: &path,
                text: &text,
                lines: &lines,
                refs: &refs,
                local_names: &local_names,
                edits: Vec::new(),
                plan: &mut plan,
            };
            for graph in input.graphs {
                let names = graph.names(fi).to_vec();
                planner.plan_statements(graph, &names, is_package);
            }
            let found = std::mem::take(&mut planner.edits);
            texts.entry(path.clone()).or_insert((bytes, text));
            let list = edits.entry(path).or_default();
            for e in found {
                if !list.contains(&e) {
                    list.push(e);
                }
            }
        }
        plan.warnings.extend(mentions_elsewhere(module, input));
        plan.renames
            .push((module.path.clone(), module.new_path.clone()));
        if module.package_dir.is_none() {
            let stub = module.path.with_extension("pyi");
            if stub.exists() {
                plan.renames
                    .push((stub, module.new_path.with_extension("pyi")));
            }
        }
    }
    for (path, file_edits) in edits {
        if file_edits.is_empty() {
            continue;
        }
        let (bytes, text) = &texts[&path];
        let new = edit::apply(bytes, text, &file_edits)
            .map_err(|e| format!("{}: {e}", display_path(&path, input.cwd)))?;
        plan.writes.push((path, bytes.clone(), new));
    }
    plan.rewritten.sort();
    plan.kept.sort();
    plan.kept.dedup();
    plan.warnings.sort();
    plan.warnings.dedup();
    Ok(plan)
}

/// Mentions of the module's names that are not imports: Python string literals, and lines of
/// the project's other text files (Dockerfiles, configuration, docs).
fn mentions_elsewhere(module: &Module, input: &Input) -> Vec<Note> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for graph in input.graphs {
        if let Some(i) = module.file.as_ref().and_then(|f| {
            input
                .files
                .binary_search_by(|x| x.path.as_path().cmp(f))
                .ok()
        }) {
            names.extend(graph.names(i).iter().cloned());
        }
    }
    let file_name = module
        .path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut notes = Vec::new();
    let needle = module.old_name.as_bytes();
    for file in input.files {
        let Ok(bytes) = input.sources.read(&file.path) else {
            continue;
        };
        if memchr::memmem::find(&bytes, needle).is_none() {
            continue;
        }
        let Some((text, refs)) = parse_guarded(file, &bytes, references::collect) else {
            continue;
        };
        let lines = LineIndex::new(&text);
        for (value, range) in refs.strings {
            // Only strings that look like a module path (`logging.getLogger`, `pkg.mod:attr`),
            // not prose that happens to use the word.
            let dotted = value
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':'));
            if let Some(name) = names.iter().find(|n| dotted && mentions(&value, n)) {
                notes.push(Note {
                    path: file.path.clone(),
                    line: lines.line(range.start().to_usize()),
                    message: format!("a string names `{name}`: {}", &text[range]),
                });
            }
        }
    }
    for path in input.text_files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let named = names.iter().find(|n| n.contains('.') && mentions(line, n));
            if named.is_some() || line.contains(&file_name) && mentions(line, &module.old_name) {
                notes.push(Note {
                    path: path.clone(),
                    line: i + 1,
                    message: format!("mentions the module: {}", line.trim()),
                });
            }
        }
    }
    notes
}

/// `check --fix`: a rename for every module SS001 reports — its `fix-names` entry (by module
/// name or by path relative to the project root), else `<directory>_<module>`
/// (`src/logging.py` → `src_logging`).
pub fn suggested_renames(
    diagnostics: &[crate::diagnostic::Diagnostic],
    fix_names: &BTreeMap<String, String>,
    root: &Path,
) -> Vec<RenameSpec> {
    let mut renames: Vec<RenameSpec> = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.rule == crate::rules::Rule::StdlibShadow)
    {
        let path = if d.path.file_stem().is_some_and(|s| s == "__init__") {
            d.path.parent().unwrap_or(&d.path).to_path_buf()
        } else {
            d.path.clone()
        };
        let old = path.to_string_lossy().into_owned();
        if renames.iter().any(|r| r.old == old) {
            continue;
        }
        let name = d.module.clone().unwrap_or_default();
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let new = fix_names
            .get(&relative)
            .or_else(|| fix_names.get(&name))
            .cloned()
            .unwrap_or_else(|| {
                let dir = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut prefix: String = dir
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if prefix.is_empty() || prefix.starts_with(|c: char| c.is_ascii_digit()) {
                    prefix.insert_str(0, "local");
                }
                format!("{prefix}_{name}")
            });
        renames.push(RenameSpec { old, new });
    }
    renames
}

/// The plan as a unified diff with the renames, for `--diff`.
pub fn diff(plan: &Plan, cwd: &Path) -> String {
    let mut out = String::new();
    for (path, before, after) in &plan.writes {
        let shown = display_path(path, cwd);
        let before = String::from_utf8_lossy(before);
        let after = String::from_utf8_lossy(after);
        let diff = similar::TextDiff::from_lines(before.as_ref(), after.as_ref());
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
                .to_string(),
        );
    }
    for (from, to) in &plan.renames {
        out.push_str(&format!(
            "rename from {}\nrename to {}\n",
            display_path(from, cwd),
            display_path(to, cwd)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_mentions() {
        let text = "import a.bb.c";
        let range = TextRange::new(TextSize::new(7), TextSize::new(13));
        assert_eq!(&text[component(text, range, 1).unwrap()], "bb");
        assert!(mentions("logging.getLogger", "logging"));
        assert!(mentions("patch('src.logging')", "src.logging"));
        assert!(!mentions("structured_logging.x", "logging"));
        assert!(!mentions("logging_setup", "logging"));
        assert_eq!(
            "a=b".parse::<RenameSpec>(),
            Ok(RenameSpec {
                old: "a".into(),
                new: "b".into()
            })
        );
    }
}
