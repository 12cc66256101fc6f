//! Jupyter notebooks: a kernel runs from the notebook's directory. `python -m
//! ipykernel_launcher` puts it at `sys.path[0]` while it starts, so the modules it loads then
//! (`types`, `enum`, `re`, … — the host table says which) come from a same-named file there
//! and break the kernel; ipykernel then takes the directory off, and IPython appends it after
//! the standard library for the cells (measured for ipykernel 6.29–7.4), so a cell's `import
//! statistics` gets the standard library. One context per directory with notebooks; its host is
//! the Jupyter kernel.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Context, ContextKind, Origin, PathEntry};
use crate::imports::FileImports;
use crate::message::shown;
use crate::notebook::is_notebook;
use crate::python::VersionRange;

pub fn infer(files: &[FileImports], versions: VersionRange) -> Vec<Context> {
    let mut by_dir: BTreeMap<&Path, Vec<&Path>> = BTreeMap::new();
    for file in files.iter().filter(|f| is_notebook(&f.path)) {
        if let Some(dir) = file.path.parent() {
            by_dir.entry(dir).or_default().push(&file.path);
        }
    }
    by_dir
        .into_iter()
        .map(|(dir, notebooks)| {
            let first = notebooks[0];
            let more = super::and_more(notebooks.len());
            Context {
                name: format!("notebook {}{more}", shown(first)).into(),
                kind: ContextKind::Notebook {
                    file: first.to_path_buf(),
                },
                search_path: vec![PathEntry {
                    dir: dir.to_path_buf(),
                    origin: Origin::Notebook {
                        notebook: first.to_path_buf(),
                    },
                    searched_at_startup: false,
                }],
                site_packages: Vec::new(),
                versions,
            }
        })
        .collect()
}
