//! Human reports in the style of miette: the file, a code frame where the file has text, the
//! context and the fix.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::check::Report;
use crate::diagnostic::Diagnostic;
use crate::paths::display_path;
use crate::rules::Severity;

/// How much of a module to show in a frame: enough for its first lines.
const FRAME_BYTES: usize = 4096;

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

/// The start of a text file, cut at a line end, if it is text at all.
fn frame_source(d: &Diagnostic) -> Option<String> {
    let bytes = std::fs::read(&d.path).ok()?;
    let head = &bytes[..bytes.len().min(FRAME_BYTES)];
    let text = std::str::from_utf8(head).ok()?;
    let cut = text.rfind('\n').map_or(text.len(), |i| i + 1);
    Some(text[..cut].to_string())
}

fn shown(d: &Diagnostic, report: &Report) -> Shown {
    let path = display_path(&d.path, &report.cwd);
    let mut label_text = match &d.module {
        Some(module) => format!("this is top-level `{module}`"),
        None => "here".to_string(),
    };
    if !d.contexts.is_empty() {
        label_text.push_str(&format!(" (context: {})", d.contexts.join(", ")));
    }
    let (source, label) = match frame_source(d) {
        Some(text) => {
            let first_line = text.find('\n').unwrap_or(text.len());
            let span = SourceSpan::from(0..first_line.max(1).min(text.len().max(1)));
            (
                Some(NamedSource::new(path.clone(), text)),
                Some(LabeledSpan::new_with_span(Some(label_text.clone()), span)),
            )
        }
        None => (None, None),
    };
    let message = if source.is_some() {
        d.message.clone()
    } else {
        format!("{path}: {} [{label_text}]", d.message)
    };
    Shown {
        message,
        code: format!("{} {}", d.rule.code(), d.rule.name()),
        severity: match d.rule.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        help: d.help.clone(),
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
    for d in &report.diagnostics {
        let mut text = String::new();
        handler
            .render_report(&mut text, &shown(d, report))
            .map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    Ok(())
}
