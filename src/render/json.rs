//! The editor contract: a versioned JSON document (docs/json-output.md). Field order is fixed
//! by the structs below; any change of shape bumps `SCHEMA_VERSION`.

use std::io::{self, Write};

use serde::Serialize;

use super::EntryOut;
use crate::check::Report;
use crate::diagnostic::{Crash, Diagnostic, EntryRef, Range};
use crate::paths::display_path;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    python_versions: Vec<String>,
    search_path: Vec<EntryOut>,
    contexts: Vec<ContextOut>,
    diagnostics: Vec<DiagnosticOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Entry {
    path: String,
    kind: &'static str,
    source: String,
}

#[derive(Serialize)]
struct ContextOut {
    name: String,
    confidence: &'static str,
    search_path: Vec<EntryOut>,
    site_packages: Vec<EntryOut>,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    code: &'static str,
    name: &'static str,
    severity: String,
    /// `declared`, or `possible` where it holds only if a file is run directly.
    confidence: &'static str,
    message: String,
    path: String,
    module: Option<&'a str>,
    stdlib_module: Option<&'a str>,
    /// In a notebook: the 1-based code cell, and `range` counts lines within it.
    cell: Option<usize>,
    range: Range,
    contexts: Vec<String>,
    search_path_entry: Option<Entry>,
    python_versions: Vec<String>,
    related: Vec<RelatedOut>,
    help: Option<String>,
    crash: Option<CrashOut>,
    explanations: Vec<ExplanationOut>,
}

/// One of the different explanations of a finding that holds in several contexts or versions.
#[derive(Serialize)]
struct ExplanationOut {
    message: String,
    contexts: Vec<String>,
    python_versions: Vec<String>,
    search_path_entry: Option<Entry>,
}

#[derive(Serialize)]
struct CrashOut {
    /// `import`: importing the module fails; `call`: the function fails when it runs;
    /// `none`: nothing visible fails, but the code gets another module than it means.
    when: &'static str,
    error: Option<String>,
    line: Option<usize>,
}

#[derive(Serialize)]
struct RelatedOut {
    path: String,
    cell: Option<usize>,
    range: Option<Range>,
    message: String,
}

#[derive(Serialize)]
struct Summary {
    files_checked: usize,
    diagnostics: usize,
}

/// A range in a notebook as its cell and the range within the cell.
fn in_cell(path: &std::path::Path, range: Range, report: &Report) -> (Option<usize>, Range) {
    match super::in_cell(report, path, range.start.line) {
        Some((cell, line)) => {
            let shift = range.start.line - line;
            let mut r = range;
            r.start.line -= shift;
            r.end.line = r.end.line.saturating_sub(shift).max(1);
            (Some(cell), r)
        }
        None => (None, range),
    }
}

fn diagnostic<'a>(d: &'a Diagnostic, report: &Report) -> DiagnosticOut<'a> {
    let cell_range = in_cell(&d.path, d.range, report);
    DiagnosticOut {
        code: d.rule.code(),
        name: d.rule.name(),
        severity: d.severity().to_string(),
        confidence: d.confidence.as_str(),
        message: report.text(&d.message),
        path: display_path(&d.path, &report.cwd),
        module: d.module.as_deref(),
        stdlib_module: d.stdlib_module.as_deref(),
        cell: cell_range.0,
        range: cell_range.1,
        contexts: report.texts(&d.contexts),
        search_path_entry: d.search_path_entry.as_ref().map(|e| entry(e, report)),
        python_versions: d.versions.iter().map(ToString::to_string).collect(),
        related: d
            .related
            .iter()
            .map(|r| {
                let (cell, range) = match r.range {
                    Some(range) => {
                        let (cell, range) = in_cell(&r.path, range, report);
                        (cell, Some(range))
                    }
                    None => (None, None),
                };
                RelatedOut {
                    path: display_path(&r.path, &report.cwd),
                    cell,
                    range,
                    message: report.text(&r.message),
                }
            })
            .collect(),
        help: d.help.as_ref().map(|h| report.text(h)),
        crash: d.crash.as_ref().map(|c| match c {
            Crash::AtImport { error, line } => CrashOut {
                when: "import",
                error: Some(report.text(error)),
                line: Some(*line),
            },
            Crash::AtCall { error } => CrashOut {
                when: "call",
                error: Some(report.text(error)),
                line: None,
            },
            Crash::NoFailureFound => CrashOut {
                when: "none",
                error: None,
                line: None,
            },
        }),
        explanations: d
            .explanations
            .iter()
            .map(|e| ExplanationOut {
                message: report.text(&e.message),
                contexts: report.texts(&e.contexts),
                python_versions: e.versions.iter().map(ToString::to_string).collect(),
                search_path_entry: e.search_path_entry.as_ref().map(|e| entry(e, report)),
            })
            .collect(),
    }
}

fn entry(e: &EntryRef, report: &Report) -> Entry {
    Entry {
        path: display_path(&e.path, &report.cwd),
        kind: e.kind,
        source: report.text(&e.source),
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "stdshadow",
            version: env!("CARGO_PKG_VERSION"),
        },
        python_versions: report.versions.iter().map(|v| v.to_string()).collect(),
        search_path: report
            .contexts
            .first()
            .map(|c| EntryOut::all(&c.search_path, &report.cwd))
            .unwrap_or_default(),
        contexts: report
            .contexts
            .iter()
            .map(|c| ContextOut {
                name: report.text(&c.name),
                confidence: c.confidence().as_str(),
                search_path: EntryOut::all(&c.search_path, &report.cwd),
                site_packages: EntryOut::all(&c.site_packages, &report.cwd),
            })
            .collect(),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(d, report))
            .collect(),
        summary: Summary {
            files_checked: report.files_checked,
            diagnostics: report.diagnostics.len(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
    writeln!(out)
}
