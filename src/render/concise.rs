//! `path:line:col: CODE message [contexts · versions]`, one line a finding, sorted by path.

use std::io::{self, Write};

use crate::check::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let holds = super::where_it_holds(d, report)
            .map(|w| format!(" [{w}]"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}: {} {}{holds}",
            super::location(report, &d.path, d.range.start),
            d.rule.code(),
            super::message_with_count(d, report),
        )?;
    }
    Ok(())
}
