//! Scripts found by themselves: a file with a module-level `if __name__ == "__main__":` or a
//! `#!…python` line, outside any package, is run as `python path/to/file.py`, which puts its
//! directory first on `sys.path`. One context per such directory — and only where the directory
//! holds a module named like the standard library, the only case where it changes an answer.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Context, ContextKind, Origin, PathEntry};
use crate::imports::FileImports;
use crate::paths::display_path;
use crate::python::VersionRange;
use crate::resolve::{DirIndex, Finding};

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

/// Contexts for the detected scripts' directories that no `existing` context already puts
/// first (a configured script, a Dockerfile's `CMD python app.py`).
pub fn infer(
    files: &[FileImports],
    root: &Path,
    existing: &[Context],
    pythonpath: &[PathEntry],
    versions: VersionRange,
    cwd: &Path,
) -> Vec<Context> {
    let covered: Vec<&Path> = existing
        .iter()
        .filter_map(|c| c.search_path.first())
        .filter(|e| !e.searched_at_startup)
        .map(|e| e.dir.as_path())
        .collect();
    let mut by_dir: BTreeMap<&Path, Vec<&FileImports>> = BTreeMap::new();
    for file in files {
        let (Some(_), Some(dir), Some(name)) = (
            &file.script_mark,
            file.path.parent(),
            file.path.file_name().and_then(|n| n.to_str()),
        ) else {
            continue;
        };
        // Files in a package are run with `python -m`, and so is a `__main__.py` (also in a
        // namespace package); tests are run by pytest, and test data is not run at all.
        if dir.join("__init__.py").exists()
            || name == "__main__.py"
            || is_test_file(name)
            || is_test_data(&file.path, root)
            || covered.contains(&dir)
        {
            continue;
        }
        by_dir.entry(dir).or_default().push(file);
    }
    let mut contexts = Vec::new();
    for (dir, scripts) in by_dir {
        let index = DirIndex::read(dir);
        // What the directory lists, looked up in the stdlib tables (not every stdlib name
        // looked up in the directory).
        let shadows_something = index.names().any(|name| {
            versions.iter().any(|v| {
                v.table().is_stdlib(name) && matches!(index.find(name, v), Finding::Module(_))
            })
        });
        if !shadows_something {
            continue;
        }
        let first = scripts[0];
        let more = match scripts.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let mut search_path = vec![PathEntry {
            dir: dir.to_path_buf(),
            origin: Origin::DetectedScript {
                script: first.path.clone(),
                mark: first.script_mark.clone().unwrap_or_default(),
            },
            searched_at_startup: false,
        }];
        search_path.extend(pythonpath.iter().cloned());
        contexts.push(Context {
            name: format!("script {}{more}", display_path(&first.path, cwd)),
            kind: ContextKind::Script {
                script: first.path.clone(),
            },
            search_path,
            site_packages: Vec::new(),
            versions,
        });
    }
    contexts
}
