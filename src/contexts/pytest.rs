//! The search path under pytest: the `pythonpath` setting (`pytest.ini`, `[tool.pytest.ini_options]`
//! in `pyproject.toml`, `[pytest]` in `tox.ini`, `[tool:pytest]` in `setup.cfg`, the first that
//! exists, as pytest picks it) and the default `prepend` import mode, which puts the "basedir" of
//! every test module and `conftest.py` — the first directory upwards without an `__init__.py` —
//! at the front of `sys.path`.

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

/// `pythonpath` from the pytest configuration in `root`, with the file it came from.
fn ini_pythonpath(root: &Path, warnings: &mut Vec<Warning>) -> Option<(PathBuf, Vec<String>)> {
    let ini = |file: &str, section: &str, warnings: &mut Vec<Warning>| {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).ok()?;
        let mut parser = configparser::ini::Ini::new();
        parser.set_multiline(true);
        if let Err(e) = parser.read(text) {
            warnings.push(Warning {
                file: path,
                line: 1,
                message: format!("cannot read it as INI: {e}"),
            });
            return None;
        }
        parser.sections().iter().any(|s| s == section).then(|| {
            let value = parser.get(section, "pythonpath").unwrap_or_default();
            (
                path.clone(),
                value.split_whitespace().map(str::to_string).collect(),
            )
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
        let entries = match options.get("pythonpath") {
            Some(toml::Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
            Some(toml::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        return Some((pyproject, entries));
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
    for file in files {
        let is_test = file
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_test_module);
        if let (true, Some(dir)) = (is_test, basedir(&file.path))
            && seen.insert(dir.clone())
        {
            basedirs.push((dir, file.path.clone()));
        }
    }
    if basedirs.is_empty() {
        return (None, warnings);
    }
    // Each basedir is inserted at sys.path[0] as its tests are collected: the last collected
    // comes first, then the `pythonpath` setting, applied before collection.
    let mut search_path: Vec<PathEntry> = basedirs
        .into_iter()
        .rev()
        .map(|(dir, test)| PathEntry {
            dir,
            origin: Origin::Pytest {
                file: test,
                text: "rootdir insertion of pytest's default `prepend` import mode".to_string(),
            },
            searched_at_startup: false,
        })
        .collect();
    if let Some((config, entries)) = ini_pythonpath(root, &mut warnings) {
        let base = config.parent().unwrap_or(root).to_path_buf();
        for entry in entries {
            search_path.push(PathEntry {
                dir: crate::paths::canonical_or_lexical(Path::new(&entry), &base),
                origin: Origin::Pytest {
                    file: config.clone(),
                    text: format!("`pythonpath` setting `{entry}`"),
                },
                searched_at_startup: false,
            });
        }
    }
    let context = Context {
        name: "pytest".to_string(),
        kind: ContextKind::Pytest,
        search_path,
        site_packages: Vec::new(),
        versions,
    };
    (Some(context), warnings)
}
