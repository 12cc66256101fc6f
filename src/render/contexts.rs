//! `stdshadow path`: every context with its ordered search path and where each entry comes
//! from, as text or JSON.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::EntryOut;
use crate::cli::OutputFormat;
use crate::contexts::{Confidence, Context, PathEntry};
use crate::paths::display_path;

#[derive(Serialize)]
struct Document {
    schema_version: u32,
    contexts: Vec<ContextOut>,
}

#[derive(Serialize)]
struct ContextOut {
    name: String,
    confidence: &'static str,
    python_versions: Vec<String>,
    search_path: Vec<EntryOut>,
    site_packages: Vec<EntryOut>,
}

pub fn render(
    format: OutputFormat,
    contexts: &[Context],
    cwd: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == OutputFormat::Json {
        let document = Document {
            schema_version: 1,
            contexts: contexts
                .iter()
                .map(|c| ContextOut {
                    name: c.name.render(cwd),
                    confidence: c.confidence().as_str(),
                    python_versions: c.versions.iter().map(|v| v.to_string()).collect(),
                    search_path: EntryOut::all(&c.search_path, cwd),
                    site_packages: EntryOut::all(&c.site_packages, cwd),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
        return writeln!(out);
    }
    for (i, c) in contexts.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let possible = match c.confidence() {
            Confidence::Possible => ", possible",
            Confidence::Declared => "",
        };
        writeln!(
            out,
            "{} (Python {}{possible})",
            c.name.render(cwd),
            c.versions
        )?;
        let mut number = 0;
        let mut show = |e: &PathEntry, out: &mut dyn Write| {
            number += 1;
            let startup = if e.searched_at_startup {
                "  [also during start-up]"
            } else {
                ""
            };
            writeln!(
                out,
                "  {number}. {}{startup}\n     {}",
                display_path(&e.dir, cwd),
                e.origin.describe().render(cwd)
            )
        };
        for e in &c.search_path {
            show(e, out)?;
        }
        if c.site_packages.is_empty() {
            writeln!(out, "  then the standard library, then site-packages")?;
        } else {
            writeln!(out, "  then the standard library, then site-packages:")?;
            for e in &c.site_packages {
                show(e, out)?;
            }
        }
    }
    Ok(())
}
