//! ## What it does
//! Reports a path stdshadow could not read while walking the tree: a symbolic-link loop, a
//! dangling link, an unreadable directory or file, or a file removed while the check ran.
//!
//! ## Why is this bad
//! A file the linter cannot see is a file it cannot vouch for: a shadowing module behind an
//! unreadable directory would go unreported. The rest of the tree is still checked.
//!
//! ## Example
//! ```text
//! src/pkg/loop -> ../  (a symbolic link to its own ancestor)
//! ```
//!
//! ## How to fix
//! Remove or repair the link, fix the permissions, or exclude the path with `extend-exclude`.

use crate::diagnostic::{Diagnostic, Range, Violation};
use crate::message::Message;
use crate::project::Project;
use crate::rules::Rule;

/// A path the walk could not enter or a source that could not be read.
pub struct IoError<'a> {
    /// What went wrong, as the system said it.
    pub problem: &'a str,
}

impl Violation for IoError<'_> {
    const RULE: Rule = Rule::IoError;

    fn message(&self) -> Message {
        format!("cannot read this path: {}", self.problem).into()
    }

    fn help(&self) -> Option<Message> {
        Some("repair or remove it, or exclude it with `extend-exclude`".into())
    }
}

pub fn check(project: &Project) -> Vec<Diagnostic> {
    // What the walk could not enter or read, then the sources that could not be read.
    let walk = project
        .discovered
        .problems
        .iter()
        .map(|p| (&p.path, &p.message));
    let sources = project
        .files
        .iter()
        .filter_map(|f| Some((&f.path, f.unreadable.as_ref()?)));
    walk.chain(sources)
        .map(|(path, problem)| {
            let path = if path.as_os_str().is_empty() {
                project.root.to_path_buf()
            } else {
                path.clone()
            };
            Diagnostic::new(&IoError { problem }, path, Range::FILE_START)
        })
        .collect()
}
