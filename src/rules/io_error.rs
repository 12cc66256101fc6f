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

use crate::diagnostic::{Diagnostic, Range};
use crate::project::Project;
use crate::rules::Rule;

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
            let message = format!("cannot read this path: {problem}");
            let mut d = Diagnostic::new(Rule::IoError, path, Range::FILE_START, message);
            d.help = Some("repair or remove it, or exclude it with `extend-exclude`".to_string());
            d
        })
        .collect()
}
