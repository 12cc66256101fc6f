//! ## What it does
//! Reports Python files that CPython would refuse to compile: bytes that are not valid in the
//! declared encoding (PEP 263), null bytes, unterminated strings, unbalanced or too deeply nested
//! brackets, too many indentation levels, and — for the modules that take a standard-library
//! name in some context, which always get a full parse — any syntax error. Like CPython, it
//! reports the first error of a file. What it reports does not depend on which other rules run.
//! A full parse that another rule caused for another file (a cycle's member) is not used: the
//! parsed set would depend on the selection.
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

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Range, Violation};
use crate::message::Message;
use crate::project::Project;
use crate::rules::Rule;

/// The first syntax error CPython would meet in a file.
pub struct SyntaxError<'a> {
    /// The parser's description of it.
    pub error: &'a str,
}

impl Violation for SyntaxError<'_> {
    const RULE: Rule = Rule::SyntaxError;

    fn message(&self) -> Message {
        format!("SyntaxError: {}", self.error).into()
    }
}

pub fn check(project: &Project) -> Vec<Diagnostic> {
    // The full parses are the cost: spread the files over the cores.
    project
        .files
        .par_iter()
        .filter_map(|file| {
            // CPython stops at the first error it meets; so does the report. The scan's errors
            // come in the order the tokenizer meets them, before any the full parse adds.
            let full_parse = || {
                // The model's shadows, whatever rules are selected.
                project.is_shadow(&file.path).then_some(())?;
                project
                    .facts(&file.path)
                    .and_then(|facts| facts.syntax_errors.first().cloned())
            };
            let first = file
                .errors
                .first()
                .map(|e| (e.line, e.message.clone()))
                .or_else(full_parse);
            let (line, error) = first?;
            Some(Diagnostic::new(
                &SyntaxError { error: &error },
                file.path.clone(),
                Range::point(line, 1),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{check_rule, pythonpath};

    #[test]
    fn a_syntax_error_is_located() {
        insta::assert_snapshot!(check_rule(
            Rule::SyntaxError,
            &[("lib/json.py", "import json\nx = = 1\n")],
            pythonpath(&["lib"])
        ));
    }
}
