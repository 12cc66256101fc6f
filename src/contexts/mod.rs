//! Execution contexts: each way the project's code runs, with the ordered search path it runs
//! under and where every entry came from. This is the core data structure of the model: rules
//! never look at settings, only at contexts.

pub mod commands;
pub mod docker;
pub mod env;
pub mod ide;
pub mod lambda;
pub mod notebooks;
pub mod packaging;
pub mod pytest;
pub mod scripts;
pub mod workflow;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::finder::Listings;
use crate::imports::FileImports;
use crate::message::{Message, shown};
use crate::python::VersionRange;
use crate::python::hosts::Host;

/// How sure the model is that the code runs this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// The project says so: configuration, a Dockerfile, a Lambda template, CI, an IDE run
    /// configuration, a notebook, a run command.
    Declared,
    /// Nothing says so, but it can happen: a file that could be run directly from its
    /// directory (by hand, a debugger, an IDE's "Run current file").
    Possible,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Declared => "declared",
            Confidence::Possible => "possible",
        }
    }
}

/// Which contexts inference creates (`--contexts`, `contexts` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Selection {
    /// Only what the project declares.
    Declared,
    /// Declared contexts, and the directories of files that look run directly: a main guard,
    /// a shebang or top-level calls outside packages, a main guard inside one.
    #[default]
    Default,
    /// Also every other directory with Python files, as a possible script directory.
    All,
}

impl Selection {
    pub const NAMES: [&'static str; 3] = ["declared", "default", "all"];

    pub fn parse(name: &str) -> Option<Selection> {
        match name {
            "declared" => Some(Selection::Declared),
            "default" => Some(Selection::Default),
            "all" => Some(Selection::All),
            _ => None,
        }
    }
}

/// A problem in a file that describes how the code runs; never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub line: usize,
    pub message: Message,
}

/// Why a directory is on the search path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `--pythonpath` on the command line.
    Cli,
    /// `pythonpath` in a config file, with the line of the entry.
    Config { file: PathBuf, line: usize },
    /// `sys.path[0]` of `python SCRIPT`: the directory of the script's real path.
    ScriptDirectory { script: PathBuf },
    /// No `pythonpath` configured: the project root (and `src/`), like `python -m` from the root.
    Default { root: PathBuf },
    /// A file that may be run directly (`if __name__ == "__main__":`, a shebang, top-level
    /// code): `python FILE` puts its directory first.
    DetectedScript { script: PathBuf, mark: String },
    /// pytest's `pythonpath` setting or its rootdir insertion for a test module.
    Pytest { file: PathBuf, text: String },
    /// `PYTHONPATH` in `.env` or `tox.ini`'s `setenv`.
    EnvFile { file: PathBuf, text: String },
    /// An AWS Lambda function's code root or environment (SAM template, serverless.yml).
    Lambda {
        file: PathBuf,
        line: usize,
        text: String,
    },
    /// A CI workflow's `env: PYTHONPATH`.
    Workflow {
        file: PathBuf,
        line: usize,
        text: String,
    },
    /// A package root in `pyproject.toml` / `setup.cfg`: the installed project's site-packages.
    Packaging {
        file: PathBuf,
        line: usize,
        text: String,
    },
    /// Read off a Dockerfile: the instruction and how it maps into the repository.
    Dockerfile {
        file: PathBuf,
        line: usize,
        text: String,
    },
    /// A run command written in a Makefile, justfile, Procfile, tox.ini, CI step, task runner,
    /// shell script, README or `subprocess` literal: the command as written.
    RunCommand {
        file: PathBuf,
        line: usize,
        text: String,
    },
    /// The directory of a notebook: the Jupyter kernel's working directory (`sys.path[0]` while
    /// the kernel starts; IPython appends it after the stdlib for the cells).
    Notebook { notebook: PathBuf },
    /// An IDE's project file: a VS Code launch configuration or setting, a PyCharm root or run
    /// configuration.
    Ide {
        file: PathBuf,
        line: usize,
        text: String,
    },
}

impl Origin {
    /// A short machine-readable kind, used in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Cli => "cli",
            Origin::Config { .. } => "config",
            Origin::ScriptDirectory { .. } => "script",
            Origin::Default { .. } => "default",
            Origin::Dockerfile { .. } => "dockerfile",
            Origin::DetectedScript { .. } => "script",
            Origin::Pytest { .. } => "pytest",
            Origin::EnvFile { .. } => "env",
            Origin::Lambda { .. } => "lambda",
            Origin::Workflow { .. } => "workflow",
            Origin::Packaging { .. } => "packaging",
            Origin::RunCommand { .. } => "command",
            Origin::Ide { .. } => "ide",
            Origin::Notebook { .. } => "notebook",
        }
    }

    /// Where, in a few characters: `stdshadow.toml:3`, `Dockerfile:7`, `--pythonpath`.
    pub fn short(&self) -> Message {
        let text = match self {
            Origin::Cli => "--pythonpath".to_string(),
            Origin::Config { file, line }
            | Origin::Dockerfile { file, line, .. }
            | Origin::Lambda { file, line, .. }
            | Origin::Workflow { file, line, .. }
            | Origin::Packaging { file, line, .. }
            | Origin::RunCommand { file, line, .. }
            | Origin::Ide { file, line, .. } => {
                format!("{}:{line}", shown(file))
            }
            Origin::ScriptDirectory { script } | Origin::DetectedScript { script, .. } => {
                format!("script {}", shown(script))
            }
            Origin::Default { .. } => "default".to_string(),
            Origin::Notebook { notebook } => format!("notebook {}", shown(notebook)),
            Origin::Pytest { file, .. } | Origin::EnvFile { file, .. } => shown(file).to_string(),
        };
        text.into()
    }

    /// A human sentence fragment: "`pythonpath` in stdshadow.toml:3".
    pub fn describe(&self) -> Message {
        let text = match self {
            Origin::Cli => "`--pythonpath` on the command line".to_string(),
            Origin::Config { file, line } => {
                format!("`pythonpath` in {}:{line}", shown(file))
            }
            Origin::ScriptDirectory { script } => {
                format!("the directory of script {} (sys.path[0])", shown(script))
            }
            Origin::Default { root } => format!(
                "the project root {} (default: no `pythonpath` configured)",
                shown(root)
            ),
            Origin::Dockerfile { file, line, text }
            | Origin::Lambda { file, line, text }
            | Origin::Workflow { file, line, text }
            | Origin::Packaging { file, line, text }
            | Origin::Ide { file, line, text } => {
                format!("{}:{line}: {text}", shown(file))
            }
            Origin::DetectedScript { script, mark } => format!(
                "the directory of {}, if it is run directly ({mark}; sys.path[0])",
                shown(script)
            ),
            Origin::Pytest { file, text } => format!("{text} ({})", shown(file)),
            Origin::Notebook { notebook } => format!(
                "the directory of notebook {}, the Jupyter kernel's working directory (sys.path[0] while `python -m ipykernel_launcher` starts)",
                shown(notebook)
            ),
            Origin::EnvFile { file, text } => format!("`{text}` in {}", shown(file)),
            Origin::RunCommand { file, line, text } => {
                format!("`{text}` at {}:{line}", shown(file))
            }
        };
        text.into()
    }
}

/// One `sys.path` entry.
#[derive(Debug, Clone)]
pub struct PathEntry {
    pub dir: PathBuf,
    pub origin: Origin,
    /// `PYTHONPATH` entries are on `sys.path` while the interpreter starts, so the modules
    /// imported during start-up are looked up through them; the script directory and the
    /// current directory of `-m` are inserted only after start-up.
    pub searched_at_startup: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextKind {
    /// The configured (or CLI) `pythonpath`, with `PYTHONPATH` semantics.
    Pythonpath,
    /// No search path configured: the project root, as `python -m` or pytest would see it.
    Default,
    /// `python SCRIPT`: the script's directory, then the `pythonpath` entries.
    Script { script: PathBuf },
    /// How a Dockerfile runs the code; `lambda`: an AWS Lambda base image runs the function.
    Dockerfile { file: PathBuf, lambda: bool },
    /// The tests, run by pytest.
    Pytest,
    /// `PYTHONPATH` from an environment file.
    EnvFile { file: PathBuf },
    /// An AWS Lambda function.
    Lambda { file: PathBuf },
    /// A CI workflow's `PYTHONPATH`.
    Workflow { file: PathBuf },
    /// The project installed (or editable) into site-packages, as its packaging describes it.
    Installed,
    /// A run command written in one of the project's files.
    Command { file: PathBuf },
    /// A VS Code or PyCharm run configuration or setting.
    Ide { file: PathBuf },
    /// The Jupyter kernel of the notebooks in one directory.
    Notebook { file: PathBuf },
}

/// One way the code runs: a name, an ordered search path (before the stdlib) and the target
/// Python versions.
#[derive(Debug, Clone)]
pub struct Context {
    pub name: Message,
    pub kind: ContextKind,
    pub search_path: Vec<PathEntry>,
    /// Entries after the standard library (site-packages, `.pth` files of editable installs):
    /// they never shadow a stdlib module, but other names resolve through them.
    pub site_packages: Vec<PathEntry>,
    pub versions: VersionRange,
}

impl Context {
    /// The process that starts the code: pytest for the tests, a Jupyter kernel for notebooks,
    /// the AWS Lambda runtime for Lambda functions, else the interpreter alone.
    pub fn host(&self) -> Host {
        match self.kind {
            ContextKind::Pytest => Host::Pytest,
            ContextKind::Notebook { .. } => Host::Jupyter,
            ContextKind::Lambda { .. } | ContextKind::Dockerfile { lambda: true, .. } => {
                Host::Lambda
            }
            _ => Host::Interpreter,
        }
    }

    /// Declared, unless the context only exists because a file could be run directly.
    pub fn confidence(&self) -> Confidence {
        match self.search_path.first().map(|e| &e.origin) {
            Some(Origin::DetectedScript { .. }) => Confidence::Possible,
            _ => Confidence::Declared,
        }
    }

    /// The contexts a check runs under: the configured `pythonpath` (or the default project
    /// root when none is configured), then one per script.
    pub fn build(
        pythonpath: &[PathEntry],
        default_root: &Path,
        scripts: &[PathBuf],
        versions: VersionRange,
    ) -> Vec<Context> {
        let mut contexts = Vec::new();
        if pythonpath.is_empty() {
            let origin = Origin::Default {
                root: default_root.to_path_buf(),
            };
            let mut search_path = vec![PathEntry {
                dir: default_root.to_path_buf(),
                origin: origin.clone(),
                searched_at_startup: false,
            }];
            let src = default_root.join("src");
            // The src layout: `src/` holds the packages. A `src/__init__.py` makes `src`
            // itself a package (imported as `src.x`), not a path entry.
            if src.is_dir() && !src.join("__init__.py").exists() {
                search_path.push(PathEntry {
                    dir: src,
                    origin,
                    searched_at_startup: false,
                });
            }
            contexts.push(Context {
                name: "default".into(),
                kind: ContextKind::Default,
                search_path,
                site_packages: Vec::new(),
                versions,
            });
        } else {
            contexts.push(Context {
                name: "pythonpath".into(),
                kind: ContextKind::Pythonpath,
                search_path: pythonpath.to_vec(),
                site_packages: Vec::new(),
                versions,
            });
        }
        for script in scripts {
            // CPython uses dirname(realpath(script)): a symlinked script runs from its target.
            let real = std::fs::canonicalize(script).unwrap_or_else(|_| script.clone());
            let dir = real.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut search_path = vec![PathEntry {
                dir,
                origin: Origin::ScriptDirectory {
                    script: script.clone(),
                },
                searched_at_startup: false,
            }];
            search_path.extend(pythonpath.iter().cloned());
            contexts.push(Context {
                name: format!("script {}", shown(script)).into(),
                kind: ContextKind::Script {
                    script: script.clone(),
                },
                search_path,
                site_packages: Vec::new(),
                versions,
            });
        }
        contexts
    }

    /// The contexts a project's Dockerfiles, Lambda templates and workflows describe, with the
    /// problems met reading them.
    /// `pinned` versions (from the command line or configuration) win over a `FROM` tag.
    fn from_run_files(input: &Inference, yaml: &YamlFiles) -> (Vec<Context>, Vec<Warning>) {
        // Read side by side (a monorepo has hundreds), kept in the walk's order.
        let read: Vec<(Vec<Context>, Vec<Warning>)> = input
            .run_files
            .par_iter()
            .map(|file| Context::from_run_file(file, input, yaml))
            .collect();
        let mut contexts = Vec::new();
        let mut warnings = Vec::new();
        for (found, problems) in read {
            contexts.extend(found);
            warnings.extend(problems);
        }
        (contexts, warnings)
    }

    /// The contexts one run file describes, with the problems met reading it.
    fn from_run_file(
        file: &Path,
        input: &Inference,
        yaml: &YamlFiles,
    ) -> (Vec<Context>, Vec<Warning>) {
        let Inference {
            root,
            versions,
            pinned,
            ..
        } = *input;
        if lambda::is_lambda_file(file) {
            return lambda::read(file, versions, pinned, yaml);
        }
        if workflow::is_workflow(file) {
            return workflow::read(file, root, versions, yaml);
        }
        if !docker::is_dockerfile(file) {
            return (Vec::new(), Vec::new()); // a file of run commands only
        }
        let mut contexts = Vec::new();
        let (run, warnings) = docker::read(file, root);
        let versions = match run.version {
            Some(v) if !pinned => VersionRange::single(v),
            _ => versions,
        };
        let file_shown = shown(file);
        if !run.search_path.is_empty() {
            contexts.push(Context {
                name: format!("docker {file_shown}").into(),
                kind: ContextKind::Dockerfile {
                    file: file.to_path_buf(),
                    lambda: run.lambda,
                },
                search_path: run.search_path.clone(),
                site_packages: Vec::new(),
                versions,
            });
        }
        if let Some((script, origin)) = run.script {
            let mut search_path = vec![PathEntry {
                dir: script.parent().map(Path::to_path_buf).unwrap_or_default(),
                origin,
                searched_at_startup: false,
            }];
            search_path.extend(
                run.search_path
                    .into_iter()
                    .filter(|e| e.searched_at_startup),
            );
            contexts.push(Context {
                name: format!("docker {file_shown}: python {}", shown(&script)).into(),
                kind: ContextKind::Dockerfile {
                    file: file.to_path_buf(),
                    lambda: false,
                },
                search_path,
                site_packages: Vec::new(),
                versions,
            });
        }
        (contexts, warnings)
    }
}

/// Whether a file describes how the code runs: a Dockerfile, a Lambda template, a CI workflow.
pub fn is_run_file(path: &Path) -> bool {
    docker::is_dockerfile(path)
        || lambda::is_lambda_file(path)
        || workflow::is_workflow(path)
        || commands::is_command_file(path)
}

/// What inference reads: the project's files and the configured part of the model.
pub struct Inference<'a> {
    /// Dockerfiles, Lambda templates, workflows found by the walk.
    pub run_files: &'a [PathBuf],
    /// Every Python source with its scan (script marks, test modules).
    pub files: &'a [FileImports],
    pub pythonpath: &'a [PathEntry],
    pub root: &'a Path,
    pub versions: VersionRange,
    pub selection: Selection,
    /// `python-version` is pinned: it wins over versions the files name.
    pub pinned: bool,
    /// Directory listings, read once per run (the graphs read the same directories).
    pub listings: &'a Listings,
}

/// Adds the contexts the project's files describe to `contexts` (run files, environment
/// files, pytest, the installed package, then scripts not covered by any of them) and returns
/// the warnings.
pub fn infer(contexts: &mut Vec<Context>, input: &Inference) -> Vec<Warning> {
    let yaml = YamlFiles::default();
    let (found, mut warnings) = Context::from_run_files(input, &yaml);
    contexts.extend(found);
    let (envs, problems) = env::infer(input.root, input.versions);
    contexts.extend(envs);
    warnings.extend(problems);
    let (ides, problems) = ide::infer(input.root, input.versions);
    contexts.extend(ides);
    warnings.extend(problems);
    let (tests, problems) = pytest::infer(input.files, input.root, input.versions);
    contexts.extend(tests);
    warnings.extend(problems);
    let (installed, problems) = packaging::infer(input.root, input.versions);
    contexts.extend(installed);
    warnings.extend(problems);
    contexts.extend(notebooks::infer(input.files, input.versions));
    let (commanded, problems) = commands::infer(
        input.run_files,
        input.files,
        input.root,
        contexts,
        input.versions,
        &yaml,
    );
    contexts.extend(commanded);
    warnings.extend(problems);
    let detected = scripts::infer(input, contexts);
    contexts.extend(detected);
    warnings
}

/// `" and 2 more"` after the first of `count` files a context is named after.
fn and_more(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        n => format!(" and {} more", n - 1),
    }
}

/// The 1-based line of the first line of `text` that holds `needle` (its first line, trimmed,
/// when it has several); 1 when none does.
fn line_containing(text: &str, needle: &str) -> usize {
    let first = needle.lines().next().unwrap_or(needle).trim();
    text.lines()
        .position(|l| l.contains(first))
        .map_or(1, |i| i + 1)
}

/// The YAML run files, each read and parsed once a run: a workflow is read for its CI contexts
/// and again for its `run:` steps, and a file that does not parse is one warning, not one a
/// reader. Each file is read by one worker at a time (the run files are read side by side,
/// each by one reader; the command reader comes after).
#[derive(Default)]
pub struct YamlFiles(Mutex<HashMap<PathBuf, Option<Arc<ParsedYaml>>>>);

/// A YAML file's text and first document.
type ParsedYaml = (String, yaml_rust2::Yaml);

impl YamlFiles {
    /// The text and first document of `path` (see [`read_yaml`]).
    pub(crate) fn read(&self, path: &Path, warnings: &mut Vec<Warning>) -> Option<Arc<ParsedYaml>> {
        if let Some(parsed) = self.0.lock().ok()?.get(path) {
            return parsed.clone();
        }
        let parsed = read_yaml(path, warnings).map(Arc::new);
        self.0
            .lock()
            .ok()?
            .insert(path.to_path_buf(), parsed.clone());
        parsed
    }
}

/// The text and first document of a YAML file; a parse error is a warning with its line.
fn read_yaml(path: &Path, warnings: &mut Vec<Warning>) -> Option<ParsedYaml> {
    let text = std::fs::read_to_string(path).ok()?;
    match yaml_rust2::YamlLoader::load_from_str(&text) {
        Ok(mut docs) if !docs.is_empty() => {
            let doc = docs.swap_remove(0);
            Some((text, doc))
        }
        Ok(_) => None,
        Err(e) => {
            warnings.push(Warning {
                file: path.to_path_buf(),
                line: e.marker().line(),
                message: format!("cannot read it as YAML: {e}").into(),
            });
            None
        }
    }
}
