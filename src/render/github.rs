//! GitHub Actions workflow commands: one `::error`/`::warning` line a finding, which GitHub
//! shows as an annotation on the pull request's diff.

use std::io::{self, Write};

use crate::check::Report;
use crate::paths::display_path;

/// Escapes a command's message (`%`, CR, LF), as the runner's `escapeData` does.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message's escapes plus `:` and `,`, which separate properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        // Workflow commands are named like the severities: `::error`, `::warning`.
        let command = d.severity();
        let mut message = super::message_with_count(d, report);
        if let Some(holds) = super::where_it_holds(d, report) {
            message.push_str(&format!(" [{holds}]"));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&display_path(&d.path, &report.cwd)),
            d.range.start.line,
            d.range.start.column,
            d.range.end.line,
            d.range.end.column,
            escape_property(&format!("{} {}", d.rule.code(), d.rule.name())),
            escape_data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_runner() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a%b:c,d\ne"), "a%25b%3Ac%2Cd%0Ae");
    }
}
