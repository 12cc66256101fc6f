//! Diagnostics are data: rules produce them, renderers show them, nothing else decides.

use std::path::PathBuf;

use crate::contexts::{Confidence, Context};
use crate::message::Message;
use crate::python::PythonVersion;
use crate::rules::{Rule, Severity};

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
    /// The empty range at `line`, `column` (1-based): where a statement starts.
    pub fn point(line: usize, column: usize) -> Range {
        let at = Location { line, column };
        Range { start: at, end: at }
    }

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
    pub message: Message,
}

/// The search-path entry behind a finding and why it is there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntryRef {
    pub path: PathBuf,
    pub kind: &'static str,
    pub source: Message,
}

/// What a finding will make the program do, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crash {
    /// Importing the module raises `error`, at `line` of the module.
    AtImport { error: Message, line: usize },
    /// The function holding the statement raises `error` when it runs.
    AtCall { error: Message },
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
    pub message: Message,
    pub path: PathBuf,
    pub range: Range,
    /// The importable name of the local module the finding is about.
    pub module: Option<String>,
    pub stdlib_module: Option<String>,
    /// Names of the contexts (ways the code runs) where the finding holds.
    pub contexts: Vec<Message>,
    pub search_path_entry: Option<EntryRef>,
    /// The target versions where the finding holds.
    pub versions: Vec<PythonVersion>,
    pub related: Vec<Related>,
    /// What to do about it.
    pub help: Option<Message>,
    /// The failure the finding predicts.
    pub crash: Option<Crash>,
    /// Where the finding holds in several contexts or versions and its explanation (message or
    /// search-path entry) differs between them: every distinct explanation, the shown one
    /// first. Empty when there is one.
    pub explanations: Vec<Explanation>,
    /// Declared when some context it holds in is declared; possible when it holds only where a
    /// file could be run directly.
    pub confidence: Confidence,
}

/// One way a finding is explained, and the contexts and versions it is explained so in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub message: Message,
    pub search_path_entry: Option<EntryRef>,
    pub contexts: Vec<Message>,
    pub versions: Vec<PythonVersion>,
}

/// What a rule found, as a typed value that words itself (ruff's pattern): each rule's file
/// defines its violation, the facts of one finding, and the text it gives for them. Paths stay
/// paths in the [`Message`] until a renderer shows them.
pub trait Violation {
    /// The rule that finds it.
    const RULE: Rule;

    fn message(&self) -> Message;

    /// What to do about it.
    fn help(&self) -> Option<Message> {
        None
    }
}

impl Diagnostic {
    /// A finding in the file at `path`, at `range`, with nothing else known yet.
    pub fn new<V: Violation>(violation: &V, path: PathBuf, range: Range) -> Diagnostic {
        Diagnostic {
            rule: V::RULE,
            message: violation.message(),
            path,
            range,
            module: None,
            stdlib_module: None,
            contexts: Vec::new(),
            search_path_entry: None,
            versions: Vec::new(),
            related: Vec::new(),
            help: violation.help(),
            crash: None,
            explanations: Vec::new(),
            confidence: Confidence::Declared,
        }
    }

    /// The rule's severity; a possible finding is a warning.
    pub fn severity(&self) -> Severity {
        match self.confidence {
            Confidence::Declared => self.rule.severity(),
            Confidence::Possible => Severity::Warning,
        }
    }

    /// The one context the finding is found in, and the confidence that context has (the
    /// copies of other contexts are merged into one finding later).
    pub fn holds_in(&mut self, context: &Context) {
        self.contexts = vec![context.name.clone()];
        self.confidence = context.confidence();
    }

    /// What the finding is about, beyond its rule and place: the module it names, else its
    /// message. Copies with the same rule, file, position and subject are one problem.
    fn subject(&self) -> &str {
        self.module.as_deref().unwrap_or(self.message.inline())
    }

    /// Stable order: path, position, code, subject.
    fn problem_key(&self) -> (&PathBuf, Range, &'static str, &str) {
        (&self.path, self.range, self.rule.code(), self.subject())
    }

    fn explanation(&self) -> Explanation {
        Explanation {
            message: self.message.clone(),
            search_path_entry: self.search_path_entry.clone(),
            contexts: self.contexts.clone(),
            versions: self.versions.clone(),
        }
    }
}

/// Sorts the diagnostics and makes one finding of each problem: the copies that rules produce
/// for each context and version become one diagnostic naming every context and version it
/// holds in. Its message is the first copy that predicts a crash at import time (else the
/// first copy); when the copies explain it differently, `explanations` keeps each.
pub fn finalize(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Stable: within one problem the copies stay in the rules' order, which is context order.
    diagnostics.sort_by(|a, b| a.problem_key().cmp(&b.problem_key()));
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut start = 0;
    while start < diagnostics.len() {
        let end = start
            + diagnostics[start..]
                .iter()
                .take_while(|d| d.problem_key() == diagnostics[start].problem_key())
                .count();
        merged.push(merge(&mut diagnostics[start..end]));
        start = end;
    }
    merged
}

fn merge(copies: &mut [Diagnostic]) -> Diagnostic {
    let shown = copies
        .iter()
        .position(|d| d.crash.as_ref().is_some_and(Crash::at_import_time))
        .unwrap_or(0);
    copies.swap(0, shown);
    let mut explanations: Vec<Explanation> = Vec::new();
    for d in copies.iter() {
        let same = |e: &&mut Explanation| {
            e.message == d.message && e.search_path_entry == d.search_path_entry
        };
        match explanations.iter_mut().find(same) {
            Some(e) => {
                add_all(&mut e.contexts, &d.contexts);
                add_all(&mut e.versions, &d.versions);
            }
            None => explanations.push(d.explanation()),
        }
    }
    let mut first = copies[0].clone();
    for d in &copies[1..] {
        add_all(&mut first.contexts, &d.contexts);
        add_all(&mut first.versions, &d.versions);
        add_all(&mut first.related, &d.related);
    }
    first.confidence = copies
        .iter()
        .map(|d| d.confidence)
        .min()
        .unwrap_or(first.confidence);
    first.versions.sort();
    for e in &mut explanations {
        e.versions.sort();
    }
    if explanations.len() > 1 {
        first.explanations = explanations;
    }
    first
}

fn add_all<T: PartialEq + Clone>(to: &mut Vec<T>, from: &[T]) {
    for x in from {
        if !to.contains(x) {
            to.push(x.clone());
        }
    }
}
