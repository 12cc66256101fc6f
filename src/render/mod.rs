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
use crate::contexts::PathEntry;
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
            source: e.origin.describe(cwd),
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
