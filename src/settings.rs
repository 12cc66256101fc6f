//! Settings: command-line flags over the configuration file over defaults.
//!
//! The configuration is `stdshadow.toml` or `[tool.stdshadow]` in `pyproject.toml`, found from
//! the first checked path upwards (a `--config` file wins). Every error points at the offending
//! key in the file.

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::contexts::{Origin, PathEntry, Selection};
use crate::discovery::DEFAULT_EXCLUDES;
use crate::paths::{absolutize, canonical_or_lexical};
use crate::python::{PythonVersion, VersionRange, range_from_requires_python};
use crate::rules::RuleSelection;

/// The keys of `stdshadow.toml` and `[tool.stdshadow]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    python_version: Option<Spanned<String>>,
    pythonpath: Option<Vec<Spanned<String>>>,
    scripts: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    extend_exclude: Option<Vec<Spanned<String>>>,
    allow: Option<Vec<String>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    infer: Option<bool>,
    /// Which inferred contexts: `declared`, `default` or `all`.
    contexts: Option<Spanned<String>>,
    /// Files above this many bytes are not read (SS900).
    max_file_size: Option<u64>,
    /// `check --fix`: the new name of a shadowing module, by module name or path.
    fix_names: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
struct PyProject {
    tool: Option<Tools>,
    project: Option<Project>,
}

#[derive(Debug, Default, Deserialize)]
struct Tools {
    stdshadow: Option<Options>,
}

#[derive(Debug, Default, Deserialize)]
struct Project {
    #[serde(rename = "requires-python")]
    requires_python: Option<Spanned<String>>,
}

/// A configuration error, shown with the file and the offending key underlined.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(stdshadow::config))]
pub struct ConfigError {
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

/// A file the configuration came from, kept for error reports.
#[derive(Debug, Clone)]
struct SourceText {
    path: PathBuf,
    text: String,
}

impl SourceText {
    fn error(&self, span: Option<Range<usize>>, message: String, label: &str) -> ConfigError {
        ConfigError {
            message: format!("{}: {message}", self.path.display()),
            source_code: NamedSource::new(self.path.display().to_string(), self.text.clone()),
            span: span.map(Into::into),
            label: label.to_string(),
            help: Some(
                "see the Configuration section of the README for the keys and their types"
                    .to_string(),
            ),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }
}

/// A script to check as its own context: a file, or a glob over the checked files.
#[derive(Debug, Clone)]
pub enum ScriptSpec {
    File(PathBuf),
    Glob(GlobMatcher),
}

/// What the command line overrides, as plain data (the argument parser builds it; a test or an
/// editor integration can too). Paths are relative to the working directory.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub paths: Vec<PathBuf>,
    pub pythonpath: Vec<PathBuf>,
    pub scripts: Vec<PathBuf>,
    pub python: Option<PathBuf>,
    pub python_version: Option<String>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub config: Option<PathBuf>,
    pub no_respect_gitignore: bool,
    pub ignore_suppressions: bool,
    pub stdin_filename: Option<PathBuf>,
    pub no_infer: bool,
    pub contexts: Option<String>,
}

/// Everything a check needs, resolved and validated.
#[derive(Debug)]
pub struct Settings {
    pub cwd: PathBuf,
    /// The configuration file's directory, else the first checked directory.
    pub project_root: PathBuf,
    pub config_file: Option<PathBuf>,
    /// Existing, canonical roots to walk.
    pub paths: Vec<PathBuf>,
    /// Editor mode: the files named on the command line (or `--stdin-filename`). The whole
    /// project is walked and modelled, and only these files' diagnostics are reported.
    pub focus: Vec<PathBuf>,
    /// Files above this many bytes are not read (SS900).
    pub max_file_size: u64,
    pub versions: VersionRange,
    /// `python-version` was given (CLI or configuration): it wins over inferred versions.
    pub versions_pinned: bool,
    /// Infer contexts from the project's files (Dockerfiles).
    pub infer: bool,
    /// Which inferred contexts (`--contexts`).
    pub selection: Selection,
    pub pythonpath: Vec<PathEntry>,
    pub scripts: Vec<ScriptSpec>,
    pub excludes: Vec<String>,
    pub allow: Vec<String>,
    pub rules: RuleSelection,
    pub respect_gitignore: bool,
    /// `--ignore-suppressions`: suppression comments are not applied.
    pub ignore_suppressions: bool,
    /// `fix-names`: the name `check --fix` gives a shadowing module (by module name or path).
    pub fix_names: std::collections::BTreeMap<String, String>,
}

struct Loaded {
    source: SourceText,
    options: Options,
    requires_python: Option<(SourceText, Spanned<String>)>,
}

fn parse_toml<T: for<'de> Deserialize<'de>>(source: &SourceText) -> Result<T, miette::Report> {
    toml::from_str(&source.text).map_err(|e| {
        let message = e.message().trim().to_string();
        let label = if message.starts_with("unknown field") {
            "unknown key"
        } else {
            "here"
        };
        source.error(e.span(), message, label).into()
    })
}

fn read_source(path: &Path) -> Result<SourceText, miette::Report> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        miette::miette!(
            code = "stdshadow::config",
            "cannot read configuration file {}: {e}",
            path.display()
        )
    })?;
    Ok(SourceText {
        path: path.to_path_buf(),
        text,
    })
}

/// One configuration file, read once: its text (for error reports), its stdshadow options
/// (`None` for a `pyproject.toml` without `[tool.stdshadow]`) and its `requires-python`.
struct ConfigFile {
    source: SourceText,
    options: Option<Options>,
    requires_python: Option<Spanned<String>>,
}

fn load_file(path: &Path) -> Result<ConfigFile, miette::Report> {
    let source = read_source(path)?;
    let (options, requires_python) = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let pyproject: PyProject = parse_toml(&source)?;
        let requires = pyproject.project.and_then(|p| p.requires_python);
        (pyproject.tool.and_then(|t| t.stdshadow), requires)
    } else {
        (Some(parse_toml::<Options>(&source)?), None)
    };
    Ok(ConfigFile {
        source,
        options,
        requires_python,
    })
}

impl ConfigFile {
    fn into_loaded(self, requires_python: Option<(SourceText, Spanned<String>)>) -> Loaded {
        Loaded {
            source: self.source,
            options: self.options.unwrap_or_default(),
            requires_python,
        }
    }

    /// Its own `requires-python`, with the text it sits in.
    fn requires(&self) -> Option<(SourceText, Spanned<String>)> {
        self.requires_python
            .clone()
            .map(|r| (self.source.clone(), r))
    }
}

/// The `requires-python` of `dir/pyproject.toml`, if there is one.
fn requires_in(dir: &Path) -> Result<Option<(SourceText, Spanned<String>)>, miette::Report> {
    let pyproject = dir.join("pyproject.toml");
    if !pyproject.is_file() {
        return Ok(None);
    }
    Ok(load_file(&pyproject)?.requires())
}

/// Finds and reads the configuration for `start` (a directory).
fn discover(start: &Path, explicit: Option<&Path>) -> Result<Option<Loaded>, miette::Report> {
    if let Some(path) = explicit {
        let file = load_file(path)?;
        let requires = match file.requires() {
            Some(r) => Some(r),
            None => requires_in(path.parent().unwrap_or(Path::new(".")))?,
        };
        return Ok(Some(file.into_loaded(requires)));
    }
    for dir in start.ancestors() {
        let own = dir.join("stdshadow.toml");
        if own.is_file() {
            let file = load_file(&own)?;
            return Ok(Some(file.into_loaded(requires_in(dir)?)));
        }
        let pyproject = dir.join("pyproject.toml");
        // Cheap pre-check, so an unrelated, broken pyproject.toml higher up is not an error.
        if std::fs::read_to_string(&pyproject).is_ok_and(|t| t.contains("stdshadow")) {
            let file = load_file(&pyproject)?;
            if file.options.is_some() {
                let requires = file.requires();
                return Ok(Some(file.into_loaded(requires)));
            }
        }
    }
    Ok(None)
}

/// The project a lone file belongs to, when no configuration file says: the nearest directory
/// upwards with a project marker, not above the current directory (where editors run their
/// linters: the workspace); else the current directory if it holds the file, else the file's
/// own directory.
fn project_root_around(start: &Path, cwd: &Path) -> PathBuf {
    const MARKERS: &[&str] = &["pyproject.toml", "setup.cfg", "setup.py", ".git"];
    for dir in start.ancestors() {
        if dir == cwd || MARKERS.iter().any(|m| dir.join(m).exists()) {
            return dir.to_path_buf();
        }
    }
    start.to_path_buf()
}

/// `--stdin-filename`'s absolute path, through its directory's real path.
fn stdin_path(path: &Path) -> Result<PathBuf, miette::Report> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(miette::miette!(
            code = "stdshadow::usage",
            "--stdin-filename {} names no file",
            path.display()
        ));
    };
    let dir = std::fs::canonicalize(dir).map_err(|e| {
        miette::miette!(
            code = "stdshadow::usage",
            "--stdin-filename {}: {}",
            path.display(),
            crate::discovery::describe_io(&e)
        )
    })?;
    Ok(dir.join(name))
}

/// The nearest `requires-python` when no configuration file was found.
fn nearest_requires_python(start: &Path) -> Option<(SourceText, Spanned<String>)> {
    start.ancestors().find_map(|dir| {
        let path = dir.join("pyproject.toml");
        let source = read_source(&path).ok()?;
        let pyproject: PyProject = toml::from_str(&source.text).ok()?;
        let requires = pyproject.project?.requires_python?;
        Some((source, requires))
    })
}

impl Settings {
    /// The settings for a run from `cwd`: the configuration file's options with `args` over
    /// them, and the problems that do not stop the run (a `pythonpath` entry that does not
    /// exist).
    pub fn resolve(
        args: &Overrides,
        cwd: &Path,
    ) -> Result<(Settings, Vec<String>), miette::Report> {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        // The buffer's file may not exist yet: its directory must.
        let stdin_file = match &args.stdin_filename {
            Some(p) => Some(stdin_path(&absolutize(p, &cwd))?),
            None => None,
        };
        let raw_paths = match (&stdin_file, args.paths.is_empty()) {
            (_, false) => args.paths.clone(),
            (Some(file), true) => vec![file.clone()],
            (None, true) => vec![PathBuf::from(".")],
        };
        let mut paths = Vec::new();
        for p in &raw_paths {
            if stdin_file.as_ref() == Some(p) {
                paths.push(p.clone());
                continue;
            }
            let abs = absolutize(p, &cwd);
            match std::fs::canonicalize(&abs) {
                Ok(real) => paths.push(real),
                Err(e) => {
                    return Err(miette::miette!(
                        code = "stdshadow::usage",
                        help = "check the spelling; paths are relative to the current directory",
                        "cannot check {}: {}",
                        p.display(),
                        crate::discovery::describe_io(&e)
                    ));
                }
            }
        }
        let start = paths
            .first()
            .map(|p| {
                if p.is_dir() {
                    p.clone()
                } else {
                    p.parent().unwrap_or(p).to_path_buf()
                }
            })
            .unwrap_or_else(|| cwd.clone());
        let focus: Vec<PathBuf> = match &stdin_file {
            Some(file) => vec![file.clone()],
            None if paths.iter().all(|p| !p.is_dir()) => paths.clone(),
            None => Vec::new(),
        };
        let explicit = args.config.as_ref().map(|c| absolutize(c, &cwd));
        let loaded = discover(&start, explicit.as_deref())?;
        let (source, options, requires_python) = match loaded {
            Some(l) => (Some(l.source), l.options, l.requires_python),
            None => (None, Options::default(), nearest_requires_python(&start)),
        };
        let project_root = source
            .as_ref()
            .and_then(|s| s.path.parent().map(Path::to_path_buf))
            .map(|d| canonical_or_lexical(&d, &cwd))
            .unwrap_or_else(|| {
                if focus.is_empty() {
                    start.clone()
                } else {
                    project_root_around(&start, &cwd)
                }
            });
        // Editor mode walks the whole project, to know every module the file's imports reach.
        let paths = if focus.is_empty() {
            paths
        } else {
            vec![project_root.clone()]
        };
        let config_error = |span: Range<usize>, message: String, label: &str| -> miette::Report {
            match &source {
                Some(s) => s.error(Some(span), message, label).into(),
                None => miette::miette!("{message}"),
            }
        };

        // Versions: --python > CLI > python-version > requires-python > everything supported.
        let probed = match &args.python {
            Some(python) => Some(
                crate::python::interpreter::probe(python)
                    .map_err(|e| miette::miette!(code = "stdshadow::usage", "--python: {e}"))?,
            ),
            None => None,
        };
        let versions = if let Some(version) = probed {
            VersionRange::single(version)
        } else if let Some(v) = &args.python_version {
            let version: PythonVersion = v.parse().map_err(|e: String| {
                miette::miette!(code = "stdshadow::usage", "--python-version: {e}")
            })?;
            VersionRange::single(version)
        } else if let Some(v) = &options.python_version {
            let version: PythonVersion = v
                .get_ref()
                .parse()
                .map_err(|e: String| config_error(v.span(), e, "unsupported version"))?;
            VersionRange::single(version)
        } else if let Some((src, spec)) = &requires_python {
            range_from_requires_python(spec.get_ref())
                .map_err(|e| miette::Report::from(src.error(Some(spec.span()), e, "here")))?
        } else {
            VersionRange::ALL
        };

        let mut warnings = Vec::new();
        let mut pythonpath = Vec::new();
        if !args.pythonpath.is_empty() {
            for dir in &args.pythonpath {
                pythonpath.push(PathEntry {
                    dir: canonical_or_lexical(dir, &cwd),
                    origin: Origin::Cli,
                    searched_at_startup: true,
                });
            }
        } else if let (Some(entries), Some(src)) = (&options.pythonpath, &source) {
            for entry in entries {
                pythonpath.push(PathEntry {
                    dir: canonical_or_lexical(Path::new(entry.get_ref()), &project_root),
                    origin: Origin::Config {
                        file: src.path.clone(),
                        line: src.line_of(entry.span().start),
                    },
                    searched_at_startup: true,
                });
            }
        }
        for entry in &pythonpath {
            if !entry.dir.is_dir() {
                warnings.push(format!(
                    "search-path entry {} is not a directory; Python ignores it",
                    entry.dir.display()
                ));
            }
        }

        let mut scripts: Vec<ScriptSpec> = Vec::new();
        for pattern in options.scripts.iter().flatten() {
            let full = absolutize(Path::new(pattern.get_ref()), &project_root);
            let glob = Glob::new(&full.to_string_lossy()).map_err(|e| {
                config_error(pattern.span(), format!("invalid glob: {e}"), "invalid glob")
            })?;
            scripts.push(ScriptSpec::Glob(glob.compile_matcher()));
        }
        for script in &args.scripts {
            let abs = absolutize(script, &cwd);
            if !abs.is_file() {
                return Err(miette::miette!(
                    code = "stdshadow::usage",
                    "--script {}: no such file",
                    script.display()
                ));
            }
            scripts.push(ScriptSpec::File(canonical_or_lexical(&abs, &cwd)));
        }

        let mut excludes: Vec<String> = match &options.exclude {
            Some(list) => list.iter().map(|s| s.get_ref().clone()).collect(),
            None => DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect(),
        };
        excludes.extend(
            options
                .extend_exclude
                .iter()
                .flatten()
                .map(|s| s.get_ref().clone()),
        );
        for list in [&options.exclude, &options.extend_exclude] {
            for pattern in list.iter().flatten() {
                if let Err(e) = Glob::new(pattern.get_ref().trim_end_matches('/')) {
                    return Err(config_error(
                        pattern.span(),
                        format!("invalid glob: {e}"),
                        "invalid glob",
                    ));
                }
            }
        }

        let select_cfg: Option<Vec<String>> = options
            .select
            .as_ref()
            .map(|v| v.iter().map(|s| s.get_ref().clone()).collect());
        // Validate configuration selectors with their spans before merging in the CLI.
        for spanned in options
            .select
            .iter()
            .flatten()
            .chain(options.ignore.iter().flatten())
        {
            RuleSelection::new(Some(std::slice::from_ref(spanned.get_ref())), &[]).map_err(
                |code| {
                    config_error(
                        spanned.span(),
                        format!("unknown rule selector `{code}`"),
                        "no rule has this code or prefix",
                    )
                },
            )?;
        }
        let mut ignore: Vec<String> = options
            .ignore
            .iter()
            .flatten()
            .map(|s| s.get_ref().clone())
            .collect();
        ignore.extend(args.ignore.iter().cloned());
        let select = args.select.clone().or(select_cfg);
        let rules = RuleSelection::new(select.as_deref(), &ignore).map_err(|code| {
            miette::miette!(
                code = "stdshadow::usage",
                help = "`stdshadow rule --all` lists the rules",
                "unknown rule selector `{code}`"
            )
        })?;

        let selection = match (&args.contexts, &options.contexts) {
            (Some(name), _) => Selection::parse(name).ok_or_else(|| {
                miette::miette!(
                    code = "stdshadow::usage",
                    "--contexts {name}: expected one of {}",
                    Selection::NAMES.join(", ")
                )
            })?,
            (None, Some(name)) => Selection::parse(name.get_ref()).ok_or_else(|| {
                config_error(
                    name.span(),
                    format!("expected one of {}", Selection::NAMES.join(", ")),
                    "unknown context selection",
                )
            })?,
            (None, None) => Selection::Default,
        };
        let versions_pinned = args.python.is_some()
            || args.python_version.is_some()
            || options.python_version.is_some();
        let settings = Settings {
            versions_pinned,
            infer: !args.no_infer && options.infer.unwrap_or(true),
            selection,
            project_root,
            config_file: source.map(|s| s.path),
            paths,
            focus,
            max_file_size: options
                .max_file_size
                .unwrap_or(crate::sources::DEFAULT_MAX_FILE_SIZE),
            versions,
            pythonpath,
            scripts,
            excludes,
            allow: options.allow.unwrap_or_default(),
            rules,
            respect_gitignore: !args.no_respect_gitignore,
            ignore_suppressions: args.ignore_suppressions,
            fix_names: options.fix_names.clone().unwrap_or_default(),
            cwd,
        };
        Ok((settings, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(config: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("stdshadow.toml"), config).unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        dir
    }

    #[test]
    fn command_line_overrides_the_file_without_a_parser() {
        let dir = project("contexts = \"all\"\npythonpath = [\"src\", \"missing\"]\n");
        let (settings, warnings) = Settings::resolve(&Overrides::default(), dir.path()).unwrap();
        assert_eq!(settings.selection, Selection::All);
        assert_eq!(settings.pythonpath.len(), 2);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("missing"), "{warnings:?}");
        let overrides = Overrides {
            contexts: Some("declared".into()),
            pythonpath: vec![dir.path().join("src")],
            ..Overrides::default()
        };
        let (settings, warnings) = Settings::resolve(&overrides, dir.path()).unwrap();
        assert_eq!(settings.selection, Selection::Declared);
        assert_eq!(settings.pythonpath.len(), 1);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_bad_context_selection_points_at_the_key() {
        let dir = project("contexts = \"some\"\n");
        let error = Settings::resolve(&Overrides::default(), dir.path()).unwrap_err();
        assert!(format!("{error:?}").contains("expected one of declared, default, all"));
    }
}
