//! Renderers: one file a format. They only present what the rules decided.

mod concise;
mod contexts;
mod full;
mod github;
mod gitlab;
mod json;
mod sarif;

pub use contexts::render as contexts;
pub use sarif::help_uri;

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::check::Report;
use crate::cli::OutputFormat;
use crate::contexts::{Confidence, PathEntry};
use crate::diagnostic::{Diagnostic, Location};
use crate::paths::display_path;

/// A search-path entry as both JSON documents (`check` and `path`) show it.
#[derive(Serialize)]
struct EntryOut {
    path: String,
    kind: &'static str,
    source: String,
    searched_at_startup: bool,
}

impl EntryOut {
    fn new(e: &PathEntry, cwd: &Path) -> EntryOut {
        EntryOut {
            path: display_path(&e.dir, cwd),
            kind: e.origin.kind(),
            source: e.origin.describe().render(cwd),
            searched_at_startup: e.searched_at_startup,
        }
    }

    fn all(entries: &[PathEntry], cwd: &Path) -> Vec<EntryOut> {
        entries.iter().map(|e| EntryOut::new(e, cwd)).collect()
    }
}

pub fn render(
    format: OutputFormat,
    report: &Report,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => full::render(report, color, out),
        OutputFormat::Concise => concise::render(report, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::Sarif => sarif::render(report, out),
        OutputFormat::Github => github::render(report, out),
        OutputFormat::Gitlab => gitlab::render(report, out),
    }
}

/// A notebook finding's cell and its line within the cell (`None` for other files).
fn in_cell(report: &Report, path: &Path, line: usize) -> Option<(usize, usize)> {
    report.sources.cells(path).map(|cells| cells.locate(line))
}

/// `path:line`, and `notebook.ipynb:cell 2:1` in a notebook.
fn place(report: &Report, path: &Path, line: usize) -> String {
    let shown = display_path(path, &report.cwd);
    match in_cell(report, path, line) {
        Some((cell, line)) => format!("{shown}:cell {cell}:{line}"),
        None => format!("{shown}:{line}"),
    }
}

/// `path:line:column`, and `notebook.ipynb:cell 2:1:1` in a notebook, as ruff shows it.
fn location(report: &Report, path: &Path, at: Location) -> String {
    let shown = display_path(path, &report.cwd);
    match in_cell(report, path, at.line) {
        Some((cell, line)) => format!("{shown}:cell {cell}:{line}:{}", at.column),
        None => format!("{shown}:{}:{}", at.line, at.column),
    }
}

/// Where a finding holds, for the one-line formats: `pythonpath · Python 3.11`, or
/// `in 3 contexts: docker Dockerfile, pythonpath, script a.py · Python 3.8–3.13`.
fn where_it_holds(d: &Diagnostic, report: &Report) -> Option<String> {
    let contexts = match d.contexts.as_slice() {
        [] => None,
        [one] => Some(report.text(one)),
        many => Some(format!(
            "in {} contexts: {}",
            many.len(),
            report.texts(many).join(", ")
        )),
    };
    let versions = (!d.versions.is_empty())
        .then(|| format!("Python {}", report.versions.describe(&d.versions)));
    let possible = (d.confidence == Confidence::Possible).then(|| "possible".to_string());
    let parts: Vec<String> = possible
        .into_iter()
        .chain(contexts)
        .chain(versions)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The message with, when the copies of the finding explain it differently, how many other
/// explanations there are (the full and JSON formats show them).
fn message_with_count(d: &Diagnostic, report: &Report) -> String {
    let message = report.text(&d.message);
    match d.explanations.len() {
        0 | 1 => message,
        2 => format!("{message} (1 other explanation)"),
        n => format!("{message} ({} other explanations)", n - 1),
    }
}

/// The closing line of the human formats.
pub fn summary(report: &Report) -> String {
    let n = report.diagnostics.len();
    let files = report.files_checked;
    let file_word = if files == 1 { "file" } else { "files" };
    if n == 0 {
        format!(
            "All checks passed ({files} Python {file_word} checked, Python {}).",
            report.versions
        )
    } else {
        let finding_word = if n == 1 { "finding" } else { "findings" };
        format!(
            "Found {n} {finding_word} ({files} Python {file_word} checked, Python {}).",
            report.versions
        )
    }
}
