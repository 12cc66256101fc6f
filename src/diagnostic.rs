//! Diagnostics are data: rules produce them, renderers show them, nothing else decides.

use std::path::PathBuf;

use crate::python::PythonVersion;
use crate::rules::Rule;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Range {
    pub start: Location,
    pub end: Location,
}

impl Range {
    /// The start of a file: where a finding about the whole module points.
    pub const FILE_START: Range = Range {
        start: Location { line: 1, column: 1 },
        end: Location { line: 1, column: 1 },
    };
}

/// A secondary location that explains a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    pub path: PathBuf,
    pub range: Option<Range>,
    pub message: String,
}

/// The search-path entry behind a finding and why it is there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntryRef {
    pub path: PathBuf,
    pub kind: &'static str,
    pub source: String,
}

/// What a finding will make the program do, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crash {
    /// Importing the module raises `error`, at `line` of the module.
    AtImport { error: String, line: usize },
    /// The function holding the statement raises `error` when it runs.
    AtCall { error: String },
    /// Nothing visible fails, but the code gets a different module than it means.
    NoFailureFound,
}

impl Crash {
    pub fn at_import_time(&self) -> bool {
        matches!(self, Crash::AtImport { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub message: String,
    pub path: PathBuf,
    pub range: Range,
    /// The importable name of the local module the finding is about.
    pub module: Option<String>,
    pub stdlib_module: Option<String>,
    /// Names of the contexts (ways the code runs) where the finding holds.
    pub contexts: Vec<String>,
    pub search_path_entry: Option<EntryRef>,
    /// The target versions where the finding holds.
    pub versions: Vec<PythonVersion>,
    pub related: Vec<Related>,
    /// What to do about it.
    pub help: Option<String>,
    /// The failure the finding predicts.
    pub crash: Option<Crash>,
}

impl Diagnostic {
    /// A diagnostic about a file at `range`, with nothing else known yet.
    pub fn new(rule: Rule, path: PathBuf, range: Range, message: String) -> Diagnostic {
        Diagnostic {
            rule,
            message,
            path,
            range,
            module: None,
            stdlib_module: None,
            contexts: Vec::new(),
            search_path_entry: None,
            versions: Vec::new(),
            related: Vec::new(),
            help: None,
            crash: None,
        }
    }

    /// Stable order: path, position, code, message.
    pub fn sort_key(&self) -> (&PathBuf, Range, &'static str, &str) {
        (&self.path, self.range, self.rule.code(), &self.message)
    }
}

/// Sorts and merges diagnostics that differ only by context into one naming every context.
pub fn finalize(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        match merged.last_mut() {
            Some(last)
                if last.sort_key() == d.sort_key()
                    && last.search_path_entry == d.search_path_entry
                    && last.versions == d.versions =>
            {
                for c in d.contexts {
                    if !last.contexts.contains(&c) {
                        last.contexts.push(c);
                    }
                }
            }
            _ => merged.push(d),
        }
    }
    merged
}
