//! The search path under pytest: the `pythonpath` setting (`pytest.ini`, `[tool.pytest.ini_options]`
//! in `pyproject.toml`, `[pytest]` in `tox.ini`, `[tool:pytest]` in `setup.cfg`, the first that
//! exists, as pytest picks it) and the import mode of its `addopts`: the default `prepend` puts
//! the "basedir" of every test module and `conftest.py` — the first directory upwards without an
//! `__init__.py` — at the front of `sys.path`, `append` after the standard library, `importlib`
//! nowhere. pytest itself (its host table) has imported much of the standard library before it
//! collects a test: a test directory's shadow of those is inert.

use std::path::{Path, PathBuf};

use super::{Context, ContextKind, Origin, PathEntry, Warning};
use crate::imports::FileImports;
use crate::python::VersionRange;

fn is_test_module(name: &str) -> bool {
    name == "conftest.py"
        || (name.starts_with("test_") && name.ends_with(".py"))
        || name.ends_with("_test.py")
}

/// The first directory upwards from `file` that is not a package.
fn basedir(file: &Path) -> Option<PathBuf> {
    let mut dir = file.parent()?.to_path_buf();
    while dir.join("__init__.py").exists() {
        dir = dir.parent()?.to_path_buf();
    }
    Some(dir)
}

/// How pytest imports test modules (`--import-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportMode {
    /// The default: each basedir is inserted at `sys.path[0]`.
    Prepend,
    /// Each basedir is appended to `sys.path`, after the standard library.
    Append,
    /// `sys.path` is left alone.
    Importlib,
}

/// The parts of pytest's configuration that shape `sys.path`.
struct Config {
    file: PathBuf,
    pythonpath: Vec<String>,
    import_mode: ImportMode,
}

/// `--import-mode=X` or `--import-mode X` among `addopts`' words; the last one wins.
fn import_mode<'w>(addopts: impl IntoIterator<Item = &'w str>) -> ImportMode {
    let mut mode = ImportMode::Prepend;
    let mut words = addopts.into_iter();
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--import-mode") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        mode = match value {
            Some("append") => ImportMode::Append,
            Some("importlib") => ImportMode::Importlib,
            Some("prepend") => ImportMode::Prepend,
            _ => mode,
        };
    }
    mode
}

/// A TOML value of words: a string split on whitespace, or an array of strings.
fn toml_words(value: Option<&toml::Value>) -> Vec<String> {
    match value {
        Some(toml::Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The pytest configuration in `root` (the first file that has one, as pytest picks it).
fn config(root: &Path, warnings: &mut Vec<Warning>) -> Option<Config> {
    let ini = |file: &str, section: &str, warnings: &mut Vec<Warning>| {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).ok()?;
        let mut parser = configparser::ini::Ini::new();
        parser.set_multiline(true);
        if let Err(e) = parser.read(text) {
            warnings.push(Warning {
                file: path,
                line: 1,
                message: format!("cannot read it as INI: {e}").into(),
            });
            return None;
        }
        parser.sections().iter().any(|s| s == section).then(|| {
            let value = |key| parser.get(section, key).unwrap_or_default();
            Config {
                file: path.clone(),
                pythonpath: value("pythonpath")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                import_mode: import_mode(value("addopts").split_whitespace()),
            }
        })
    };
    if let Some(found) = ini("pytest.ini", "pytest", warnings) {
        return Some(found);
    }
    let pyproject = root.join("pyproject.toml");
    if let Ok(text) = std::fs::read_to_string(&pyproject)
        && let Ok(doc) = text.parse::<toml::Table>()
        && let Some(options) = doc
            .get("tool")
            .and_then(|t| t.get("pytest"))
            .and_then(|t| t.get("ini_options"))
    {
        let addopts = toml_words(options.get("addopts"));
        return Some(Config {
            file: pyproject,
            pythonpath: toml_words(options.get("pythonpath")),
            import_mode: import_mode(addopts.iter().map(String::as_str)),
        });
    }
    ini("tox.ini", "pytest", warnings).or_else(|| ini("setup.cfg", "tool:pytest", warnings))
}

/// The pytest context, if the project has test modules.
pub fn infer(
    files: &[FileImports],
    root: &Path,
    versions: VersionRange,
) -> (Option<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut basedirs: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Files come sorted by path: the tests of one directory share its basedir, found once.
    let mut last: Option<(&Path, Option<PathBuf>)> = None;
    for file in files {
        let is_test = file
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_test_module);
        let Some(parent) = file.path.parent().filter(|_| is_test) else {
            continue;
        };
        if last.as_ref().is_none_or(|(p, _)| *p != parent) {
            last = Some((parent, basedir(&file.path)));
        }
        if let Some((_, Some(dir))) = &last
            && seen.insert(dir.clone())
        {
            basedirs.push((dir.clone(), file.path.clone()));
        }
    }
    if basedirs.is_empty() {
        return (None, warnings);
    }
    let config = config(root, &mut warnings);
    let mode = config
        .as_ref()
        .map_or(ImportMode::Prepend, |c| c.import_mode);
    let mode_text = match mode {
        ImportMode::Prepend => "rootdir insertion of pytest's default `prepend` import mode",
        ImportMode::Append => "rootdir insertion of pytest's `--import-mode=append`",
        ImportMode::Importlib => "",
    };
    // Each basedir is inserted at sys.path[0] as its tests are collected: the last collected
    // comes first, then the `pythonpath` setting, applied before collection. `append` puts
    // them after the standard library; `importlib` leaves sys.path alone.
    let basedirs: Vec<PathEntry> = basedirs
        .into_iter()
        .rev()
        .filter(|_| mode != ImportMode::Importlib)
        .map(|(dir, test)| PathEntry {
            dir,
            origin: Origin::Pytest {
                file: test,
                text: mode_text.to_string(),
            },
            searched_at_startup: false,
        })
        .collect();
    let (mut search_path, site_packages) = match mode {
        ImportMode::Append => (Vec::new(), basedirs),
        _ => (basedirs, Vec::new()),
    };
    if let Some(config) = &config {
        let base = config.file.parent().unwrap_or(root).to_path_buf();
        for entry in &config.pythonpath {
            search_path.push(PathEntry {
                dir: crate::paths::canonical_or_lexical(Path::new(entry), &base),
                origin: Origin::Pytest {
                    file: config.file.clone(),
                    text: format!("`pythonpath` setting `{entry}`"),
                },
                searched_at_startup: false,
            });
        }
    }
    if search_path.is_empty() {
        return (None, warnings);
    }
    let context = Context {
        name: "pytest".into(),
        kind: ContextKind::Pytest,
        search_path,
        site_packages,
        versions,
    };
    (Some(context), warnings)
}
