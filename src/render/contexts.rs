//! `stdshadow path`: every context with its ordered search path and where each entry comes
//! from, as text or JSON.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::OutputFormat;
use crate::contexts::Context;
use crate::paths::display_path;

#[derive(Serialize)]
struct Document {
    schema_version: u32,
    contexts: Vec<ContextOut>,
}

#[derive(Serialize)]
struct ContextOut {
    name: String,
    python_versions: Vec<String>,
    search_path: Vec<EntryOut>,
}

#[derive(Serialize)]
struct EntryOut {
    path: String,
    kind: &'static str,
    source: String,
    searched_at_startup: bool,
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
                    name: c.name.clone(),
                    python_versions: c.versions.iter().map(|v| v.to_string()).collect(),
                    search_path: c
                        .search_path
                        .iter()
                        .map(|e| EntryOut {
                            path: display_path(&e.dir, cwd),
                            kind: e.origin.kind(),
                            source: e.origin.describe(cwd),
                            searched_at_startup: e.searched_at_startup,
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
        return writeln!(out);
    }
    for (i, c) in contexts.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{} (Python {})", c.name, c.versions)?;
        for (n, e) in c.search_path.iter().enumerate() {
            let startup = if e.searched_at_startup {
                "  [also during start-up]"
            } else {
                ""
            };
            writeln!(
                out,
                "  {}. {}{startup}\n     {}",
                n + 1,
                display_path(&e.dir, cwd),
                e.origin.describe(cwd)
            )?;
        }
        writeln!(out, "  then the standard library, then site-packages")?;
    }
    Ok(())
}
