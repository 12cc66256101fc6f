//! Human reports in the style of miette: the file, a code frame where the file has text, the
//! context and the fix.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::check::Report;
use crate::contexts::Context;
use crate::diagnostic::Diagnostic;
use crate::paths::display_path;
use crate::rules::{Rule, Severity};
use crate::sources::Sources;

/// Files larger than this are shown without a code frame.
const FRAME_MAX_BYTES: u64 = 4 * 1024 * 1024;

struct Shown {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    label: Option<LabeledSpan>,
}

impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as _)
    }
}

/// The file's text, if it is text and not huge.
fn frame_source(d: &Diagnostic, sources: &Sources) -> Option<String> {
    if sources.stdin_path() != Some(d.path.as_path()) {
        let meta = std::fs::metadata(&d.path).ok()?;
        if !meta.is_file() || meta.len() > FRAME_MAX_BYTES {
            return None;
        }
    }
    let bytes = sources.read(&d.path).ok()?;
    let text = crate::imports::decode::decode(bytes).text;
    (!text.contains('\0')).then_some(text)
}

/// The byte span of 1-based `line` in `text` (the whole line, without its end).
fn line_span(text: &str, line: usize) -> Option<SourceSpan> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    Some(SourceSpan::from(
        start..start + len.max(1).min(rest.len().max(1)),
    ))
}

/// The help line, followed by the related locations (`path:line: message`).
fn with_related(d: &Diagnostic, report: &Report) -> Option<String> {
    let mut lines: Vec<String> = d.help.iter().map(|h| report.text(h)).collect();
    if let Some(holds) = super::where_it_holds(d, report) {
        lines.push(format!("holds {holds}"));
    }
    for other in d.explanations.iter().skip(1) {
        lines.push(format!(
            "in {} (Python {}): {}",
            report.texts(&other.contexts).join(", "),
            report.versions.describe(&other.versions),
            report.text(&other.message)
        ));
    }
    for r in &d.related {
        let place = match r.range {
            Some(range) => super::place(report, &r.path, range.start.line),
            None => display_path(&r.path, &report.cwd),
        };
        lines.push(format!("{place}: {}", report.text(&r.message)));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn shown(d: &Diagnostic, report: &Report) -> Shown {
    let path = display_path(&d.path, &report.cwd);
    let label_text = match (&d.module, d.rule) {
        (Some(module), Rule::StdlibShadow) => format!("this is top-level `{module}`"),
        _ => "here".to_string(),
    };
    // A notebook's frame is the cell, named `notebook.ipynb:cell N`.
    let cell = super::in_cell(report, &d.path, d.range.start.line);
    let frame = frame_source(d, &report.sources).and_then(|text| {
        let (text, line) = match (cell, report.sources.cells(&d.path)) {
            (Some((n, line)), Some(cells)) => (cells.cell_text(&text, n), line),
            _ => (text, d.range.start.line),
        };
        let span = line_span(&text, line)?;
        Some((text, span))
    });
    let frame_name = match cell {
        Some((n, _)) => format!("{path}:cell {n}"),
        None => path.clone(),
    };
    let (source, label) = match frame {
        Some((text, span)) if !text.is_empty() => (
            Some(NamedSource::new(frame_name, text)),
            Some(LabeledSpan::new_with_span(Some(label_text.clone()), span)),
        ),
        _ => (None, None),
    };
    let message = if source.is_some() {
        super::message_with_count(d, report)
    } else {
        format!(
            "{path}: {} [{label_text}]",
            super::message_with_count(d, report)
        )
    };
    Shown {
        message,
        code: format!("{} {}", d.rule.code(), d.rule.name()),
        severity: match d.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        help: with_related(d, report),
        source,
        label,
    }
}

pub fn render(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    // Each context's findings under a short account of its search path; findings about files
    // themselves (unreadable, syntax errors) last.
    let mut groups: Vec<(Option<&Context>, Vec<&Diagnostic>)> = report
        .contexts
        .iter()
        .map(|c| (Some(c), Vec::new()))
        .collect();
    groups.push((None, Vec::new()));
    for d in &report.diagnostics {
        let context = d.contexts.first();
        let slot = groups
            .iter()
            .position(|(c, _)| c.map(|c| &c.name) == context)
            .unwrap_or(groups.len() - 1);
        groups[slot].1.push(d);
    }
    for (context, diagnostics) in groups.iter().filter(|(_, ds)| !ds.is_empty()) {
        if let Some(c) = context {
            writeln!(out, "{}", context_header(c, &report.cwd))?;
        } else if report.contexts.len() > 1 {
            writeln!(out, "── files")?;
        }
        for d in diagnostics {
            let mut text = String::new();
            handler
                .render_report(&mut text, &shown(d, report))
                .map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
    }
    Ok(())
}

/// `── context NAME (Python 3.12): sys.path = a (Dockerfile:7), b (--pythonpath), <stdlib>`
fn context_header(c: &Context, cwd: &std::path::Path) -> String {
    let show = |e: &crate::contexts::PathEntry| {
        format!(
            "{} ({})",
            display_path(&e.dir, cwd),
            e.origin.short().render(cwd)
        )
    };
    let entries: Vec<String> = c
        .search_path
        .iter()
        .map(show)
        .chain(std::iter::once("<stdlib>".to_string()))
        .chain(c.site_packages.iter().map(show))
        .collect();
    format!(
        "── context {} (Python {}): sys.path = {}\n",
        c.name.render(cwd),
        c.versions,
        entries.join(", ")
    )
}
