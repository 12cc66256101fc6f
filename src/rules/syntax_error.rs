//! ## What it does
//! Reports Python files that CPython would refuse to compile: bytes that are not valid in the
//! declared encoding (PEP 263), null bytes, unterminated strings, unbalanced or too deeply nested
//! brackets, and — for files a finding involves, which get a full parse — every syntax error.
//!
//! ## Why is this bad
//! The module cannot be imported at all. stdshadow still extracts the imports before and after
//! the error, so the rest of the analysis goes on.
//!
//! ## Example
//! ```python
//! x = 'unterminated
//! ```
//!
//! ## How to fix
//! Fix the syntax, or declare the file's encoding with a `# -*- coding: ... -*-` line.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Location, Range};
use crate::project::Project;
use crate::rules::Rule;

pub fn check(project: &Project, parsed: &[std::path::PathBuf]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for file in project.files {
        let mut errors: BTreeSet<(usize, String)> = file
            .errors
            .iter()
            .map(|e| (e.line, e.message.clone()))
            .collect();
        if parsed.contains(&file.path)
            && let Some(facts) = project.facts(&file.path)
        {
            // One error per line: the scan and the parser may both see it.
            for (line, message) in &facts.syntax_errors {
                if !errors.iter().any(|(l, _)| l == line) {
                    errors.insert((*line, message.clone()));
                }
            }
        }
        for (line, message) in errors {
            let at = Location { line, column: 1 };
            diagnostics.push(Diagnostic {
                rule: Rule::SyntaxError,
                message: format!("SyntaxError: {message}"),
                path: file.path.clone(),
                range: Range { start: at, end: at },
                module: None,
                stdlib_module: None,
                contexts: Vec::new(),
                search_path_entry: None,
                versions: Vec::new(),
                related: Vec::new(),
                help: None,
                crash: None,
            });
        }
    }
    diagnostics
}
