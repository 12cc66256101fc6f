//! `path:line:col: CODE message [context, ...]`, one line a finding, sorted by path.

use std::io::{self, Write};

use crate::check::Report;
use crate::paths::display_path;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let contexts = if d.contexts.is_empty() {
            String::new()
        } else {
            format!(" [{}]", d.contexts.join(", "))
        };
        writeln!(
            out,
            "{}:{}:{}: {} {}{contexts}",
            display_path(&d.path, &report.cwd),
            d.range.start.line,
            d.range.start.column,
            d.rule.code(),
            d.message,
        )?;
    }
    Ok(())
}
