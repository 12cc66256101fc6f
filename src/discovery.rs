//! The walk: every module-like file under the checked paths, in parallel, honouring
//! `.gitignore` and the exclude globs. Problems on one entry (a symlink loop, a dangling link, an
//! unreadable directory, a file that vanished) become [`WalkProblem`]s; the rest is still walked.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};
use rayon::slice::ParallelSliceMut;

/// Directories nobody wants linted, as ruff excludes them.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
];

/// Exclusion patterns. A pattern without `/` matches any path component (`build`, `*.egg-info`);
/// one with `/` matches the path relative to the project root (`tests/fixtures/**`).
#[derive(Debug, Clone)]
pub struct Excludes {
    root: PathBuf,
    names: GlobSet,
    paths: GlobSet,
}

impl Excludes {
    pub fn new(root: &Path, patterns: &[String]) -> Result<Excludes, (String, globset::Error)> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        for pattern in patterns {
            let trimmed = pattern.trim_end_matches('/');
            let glob = Glob::new(trimmed).map_err(|e| (pattern.clone(), e))?;
            if trimmed.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| (String::new(), e));
        Ok(Excludes {
            root: root.to_path_buf(),
            names: build(names)?,
            paths: build(paths)?,
        })
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        if let Some(name) = path.file_name()
            && self.names.is_match(name)
        {
            return true;
        }
        crate::paths::strip_dir(path, &self.root).is_some_and(|rel| self.paths.is_match(rel))
    }
}

/// A module-like file: what the import system could load.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    pub path: PathBuf,
    /// `.py` (as opposed to `.pyc`/`.so`, which are only resolved, never parsed).
    pub is_python_source: bool,
}

/// An entry the walk could not take, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    /// Sorted by path.
    pub files: Vec<SourceFile>,
    /// Files that say how the code runs (Dockerfiles, SAM templates, serverless.yml), sorted.
    pub run_files: Vec<PathBuf>,
    pub problems: Vec<WalkProblem>,
}

impl Discovered {
    pub fn python_sources(&self) -> usize {
        self.files.iter().filter(|f| f.is_python_source).count()
    }

    /// Adds a Python source the walk did not find, keeping the order.
    pub fn include(&mut self, path: &Path) {
        if let Err(i) = self.files.binary_search_by(|f| f.path.as_path().cmp(path)) {
            self.files.insert(
                i,
                SourceFile {
                    path: path.to_path_buf(),
                    is_python_source: true,
                },
            );
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files
            .binary_search_by(|f| f.path.as_path().cmp(path))
            .is_ok()
    }
}

fn is_module_like(path: &Path) -> Option<bool> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".py") || name.ends_with(".ipynb") {
        Some(true)
    } else if name.ends_with(".pyc") || name.ends_with(".so") {
        // Bytecode only counts beside the sources; `__pycache__` is excluded by default.
        Some(false)
    } else {
        None
    }
}

/// What a special file is (a FIFO, a socket, a device), if it is one.
fn special_file(kind: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_block_device() || kind.is_char_device() {
        Some("a device")
    } else {
        None
    }
}

/// Walks `roots` in parallel. Symlinks are followed (the import system follows them), so loops
/// are detected and reported instead of recursed into.
///
/// `is_run_file` says which other files describe how the code runs (Dockerfiles, Lambda
/// templates, workflows): the caller's knowledge, handed in so the walk depends on no model.
pub fn walk(
    roots: &[PathBuf],
    excludes: &Excludes,
    respect_gitignore: bool,
    is_run_file: &(dyn Fn(&Path) -> bool + Sync),
) -> Discovered {
    let Some((first, rest)) = roots.split_first() else {
        return Discovered::default();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .follow_links(true)
        .hidden(false)
        .parents(respect_gitignore)
        .git_ignore(respect_gitignore)
        .git_exclude(respect_gitignore)
        .git_global(false)
        .ignore(respect_gitignore)
        .require_git(false);
    // Roots the user named explicitly are walked even if a pattern matches them.
    let named_roots = roots.to_vec();
    let excludes = excludes.clone();
    builder.filter_entry(move |entry| {
        named_roots.iter().any(|r| r == entry.path()) || !excludes.is_excluded(entry.path())
    });

    let files = Mutex::new(Vec::new());
    let run_files = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    builder
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            let mut batch = Batch {
                files: Vec::new(),
                run_files: Vec::new(),
                problems: Vec::new(),
                sink_files: &files,
                sink_run_files: &run_files,
                sink_problems: &problems,
            };
            Box::new(move |result| {
                match result {
                    Ok(entry) => {
                        let kind = entry.file_type();
                        let is_file = kind.is_some_and(|t| t.is_file());
                        let module_like = is_module_like(entry.path());
                        if is_file && let Some(is_python_source) = module_like {
                            batch.files.push(SourceFile {
                                path: entry.into_path(),
                                is_python_source,
                            });
                        } else if is_file && is_run_file(entry.path()) {
                            batch.run_files.push(entry.into_path());
                        } else if let (Some(kind), Some(_)) = (kind, module_like)
                            && let Some(what) = special_file(kind)
                        {
                            // Named like a module but never opened (a FIFO would block): said.
                            batch.problems.push(WalkProblem {
                                path: entry.into_path(),
                                message: format!("{what}, not a regular file: skipped"),
                            });
                        }
                    }
                    Err(err) => batch.problems.push(problem_from(err)),
                }
                WalkState::Continue
            })
        });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut run_files = run_files.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    // Paths compare component by component: on a 27k-file tree tens of milliseconds of one core.
    files.par_sort_unstable();
    files.dedup();
    run_files.sort();
    run_files.dedup();
    problems.sort();
    problems.dedup();
    Discovered {
        files,
        run_files,
        problems,
    }
}

/// A walker thread's findings, handed over to the shared vectors when the thread's visitor is
/// dropped (one lock per thread, not per file).
struct Batch<'s> {
    files: Vec<SourceFile>,
    run_files: Vec<PathBuf>,
    problems: Vec<WalkProblem>,
    sink_files: &'s Mutex<Vec<SourceFile>>,
    sink_run_files: &'s Mutex<Vec<PathBuf>>,
    sink_problems: &'s Mutex<Vec<WalkProblem>>,
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if let Ok(mut sink) = self.sink_files.lock() {
            sink.append(&mut self.files);
        }
        if let Ok(mut sink) = self.sink_run_files.lock() {
            sink.append(&mut self.run_files);
        }
        if let Ok(mut sink) = self.sink_problems.lock() {
            sink.append(&mut self.problems);
        }
    }
}

/// Turns a walker error into a located problem, whatever layer of context `ignore` wrapped it in.
fn problem_from(err: ignore::Error) -> WalkProblem {
    fn locate(err: &ignore::Error) -> (Option<PathBuf>, String) {
        match err {
            ignore::Error::WithPath { path, err } => {
                let (_, message) = locate(err);
                (Some(path.clone()), message)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                locate(err)
            }
            ignore::Error::Loop { child, ancestor } => (
                Some(child.clone()),
                format!(
                    "symbolic link loop: it leads back to {}; not followed",
                    ancestor.display()
                ),
            ),
            ignore::Error::Io(io) => (None, describe_io(io)),
            other => (None, other.to_string()),
        }
    }
    let (path, message) = locate(&err);
    WalkProblem {
        path: path.unwrap_or_default(),
        message,
    }
}

pub fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => {
            "not found (a dangling symbolic link, or removed during the walk)".to_string()
        }
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_components_and_relative_paths() {
        let root = Path::new("/p");
        let ex = Excludes::new(
            root,
            &[
                "build".into(),
                "*.egg-info".into(),
                "tests/fixtures/**".into(),
            ],
        )
        .unwrap();
        assert!(ex.is_excluded(Path::new("/p/a/build")));
        assert!(ex.is_excluded(Path::new("/p/x.egg-info")));
        assert!(ex.is_excluded(Path::new("/p/tests/fixtures/a/b.py")));
        assert!(!ex.is_excluded(Path::new("/p/tests/test_a.py")));
        assert!(!ex.is_excluded(Path::new("/p/src/builder.py")));
    }

    #[cfg(unix)]
    #[test]
    fn loops_and_dangling_links_are_problems_not_failures() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg/a.py"), "").unwrap();
        std::os::unix::fs::symlink(&root, root.join("pkg/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("missing.py"), root.join("dangling.py")).unwrap();
        let ex = Excludes::new(&root, &[]).unwrap();
        let found = walk(std::slice::from_ref(&root), &ex, true, &|_| false);
        assert_eq!(found.files.len(), 1, "{found:?}");
        assert_eq!(found.problems.len(), 2, "{found:?}");
        assert!(found.problems.iter().any(|p| p.message.contains("loop")));
        assert!(
            found
                .problems
                .iter()
                .any(|p| p.path.ends_with("dangling.py"))
        );
    }
}
