//! Files that may be run directly, found by themselves: `python path/to/file.py` (by hand, a
//! debugger, an IDE's "Run current file") puts the file's directory first on `sys.path`. Outside
//! packages a module-level `if __name__ == "__main__":`, a `#!…python` line or top-level calls
//! mark such a file; inside a package, a main guard. One *possible* context per such directory
//! — and only where the directory holds a module named like the standard library, the only case
//! where it changes an answer.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::{Context, ContextKind, Inference, Origin, PathEntry, Selection};
use crate::finder::{DirIndex, Finding};
use crate::imports::{FileImports, ImportTarget};
use crate::message::shown;

/// Under a test-data directory of the project (`testdata/`, `fixtures/`, `tests/data/`…):
/// inputs of tests.
fn is_test_data(path: &Path, root: &Path) -> bool {
    let parts: Vec<&str> = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    parts.iter().enumerate().any(|(i, p)| {
        matches!(*p, "testdata" | "test_data" | "test-data" | "fixtures")
            || (matches!(*p, "data" | "cases")
                && parts[..i].iter().any(|a| matches!(*a, "tests" | "test")))
    })
}

fn is_test_file(name: &str) -> bool {
    name == "conftest.py" || name.starts_with("test_") || name.ends_with("_test.py")
}

/// Why `file` may be run directly as `python FILE`, under `selection`: outside packages a main
/// guard, a shebang or top-level calls; inside a package a main guard with an import of a
/// sibling module by its bare name (`import helpers` beside `helpers.py`, which works only with
/// the directory first on `sys.path`) — most package modules with a main guard, even with a
/// shebang, are run with `python -m` or by a tool; with `Selection::All` any file.
fn run_directly_because(
    file: &FileImports,
    package: Option<&DirIndex>,
    input: &Inference,
) -> Option<String> {
    let marks = &file.run_marks;
    match (input.selection, package) {
        (Selection::Declared, _) => None,
        (Selection::Default, Some(siblings)) => {
            let line = marks.main_guard?;
            // At module level, and not the file's own name (`import apt` in `apt.py` means an
            // installed `apt`).
            let own = file.path.file_stem().and_then(|s| s.to_str());
            let import = file.imports.iter().find(|i| {
                i.context.runs_at_import_time()
                    && !i.context.guarded
                    && imports_a_sibling(&i.target, siblings, own, input)
            })?;
            Some(format!(
                "`if __name__ == \"__main__\":` at line {line}, and `{}` at line {} names a module of its directory",
                import.target.describe(),
                import.line
            ))
        }
        (Selection::Default, None) => marks.describe(),
        (Selection::All, _) => marks
            .describe()
            .or_else(|| Some("a Python file of the directory".to_string())),
    }
}

/// Whether an absolute import names a module of `siblings` that the standard library does not
/// have (a bare stdlib name means the stdlib module).
fn imports_a_sibling(
    target: &ImportTarget,
    siblings: &DirIndex,
    own: Option<&str>,
    input: &Inference,
) -> bool {
    let module = match target {
        ImportTarget::Module { module, .. } => module,
        ImportTarget::From {
            level: 0,
            module: Some(module),
            ..
        } => module,
        ImportTarget::From { .. } => return false,
    };
    let top = module.split('.').next().unwrap_or(module);
    Some(top) != own
        && input.versions.iter().all(|v| {
            !v.table().is_stdlib(top) && matches!(siblings.find(top, v), Finding::Module(_))
        })
}

/// Contexts for the directories of files that may be run directly, where no `existing`
/// context already puts the directory first (a configured script, a Dockerfile's
/// `CMD python app.py`).
pub fn infer(input: &Inference, existing: &[Context]) -> Vec<Context> {
    if input.selection == Selection::Declared {
        return Vec::new(); // no file is taken to be run for looking like a script
    }
    let covered: Vec<&Path> = existing
        .iter()
        .filter_map(|c| c.search_path.first())
        .filter(|e| !e.searched_at_startup)
        .map(|e| e.dir.as_path())
        .collect();
    // The files that may be run, by the tests that read nothing from the disk.
    let candidates: Vec<(&Path, &FileImports)> = input
        .files
        .iter()
        .filter_map(|file| {
            let dir = file.path.parent()?;
            let name = file.path.file_name()?.to_str()?;
            // A `__main__.py` is run with `python -m` (also in a namespace package), an
            // `__init__.py` is imported; tests are run by pytest, and test data is not run at
            // all. A file with no mark of a script is one only when every file may be.
            let unmarked = file.run_marks.is_empty() && input.selection != Selection::All;
            let excluded = unmarked
                || name == "__main__.py"
                || name == "__init__.py"
                || crate::notebook::is_notebook(&file.path)
                || is_test_file(name)
                || covered.contains(&dir)
                || is_test_data(&file.path, input.root);
            (!excluded).then_some((dir, file))
        })
        .collect();
    // Their directories, each listed once and side by side (a monorepo has hundreds): the
    // listing says whether the directory is a package and which siblings a file has.
    let mut dirs: Vec<&Path> = candidates.iter().map(|&(dir, _)| dir).collect();
    dirs.sort_unstable();
    dirs.dedup();
    dirs.par_iter().for_each(|dir| {
        input.listings.get(dir);
    });
    let mut by_dir: BTreeMap<&Path, Vec<(&FileImports, String)>> = BTreeMap::new();
    for (dir, file) in candidates {
        let listing = input.listings.get(dir);
        let package = listing.has_file("__init__.py").then_some(&*listing);
        if let Some(mark) = run_directly_because(file, package, input) {
            by_dir.entry(dir).or_default().push((file, mark));
        }
    }
    let mut contexts = Vec::new();
    for (dir, scripts) in by_dir {
        let index = input.listings.get(dir);
        // What the directory lists, looked up in the stdlib tables (not every stdlib name
        // looked up in the directory).
        let shadows_something = index.names().any(|name| {
            input.versions.iter().any(|v| {
                v.table().is_stdlib(name) && matches!(index.find(name, v), Finding::Module(_))
            })
        });
        if !shadows_something {
            continue;
        }
        // The strongest mark names the context: a main guard over a shebang over top-level code.
        let (first, mark) = scripts
            .iter()
            .min_by_key(|(f, _)| {
                let m = &f.run_marks;
                (
                    m.main_guard.is_none(),
                    !m.shebang,
                    m.top_level_call.is_none(),
                )
            })
            .expect("a directory is listed for at least one file");
        let more = super::and_more(scripts.len());
        let mut search_path = vec![PathEntry {
            dir: dir.to_path_buf(),
            origin: Origin::DetectedScript {
                script: first.path.clone(),
                mark: mark.clone(),
            },
            searched_at_startup: false,
        }];
        search_path.extend(input.pythonpath.iter().cloned());
        contexts.push(Context {
            name: format!("script {}{more}", shown(&first.path)).into(),
            kind: ContextKind::Script {
                script: first.path.clone(),
            },
            search_path,
            site_packages: Vec::new(),
            versions: input.versions,
        });
    }
    contexts
}
