//! `PYTHONPATH` set by the project's environment files in its root: `.env` (read with `dotenvy`,
//! as python-dotenv and most runners do) and `tox.ini`'s `setenv` (with `{toxinidir}`). Each is
//! a context whose entries are searched during start-up, like any `PYTHONPATH`.

use std::path::{Path, PathBuf};

use super::{Context, ContextKind, Origin, PathEntry, Warning};
use crate::message::shown;
use crate::paths::canonical_or_lexical;
use crate::python::VersionRange;

fn context(file: &Path, text: &str, value: &str, versions: VersionRange) -> Context {
    let base = file.parent().unwrap_or(Path::new("/"));
    let search_path = value
        .split(':')
        .filter(|e| !e.is_empty())
        .map(|entry| PathEntry {
            dir: canonical_or_lexical(Path::new(entry), base),
            origin: Origin::EnvFile {
                file: file.to_path_buf(),
                text: text.to_string(),
            },
            searched_at_startup: true,
        })
        .collect();
    Context {
        name: format!("env {}", shown(file)).into(),
        kind: ContextKind::EnvFile {
            file: file.to_path_buf(),
        },
        search_path,
        site_packages: Vec::new(),
        versions,
    }
}

fn dotenv(root: &Path, versions: VersionRange, warnings: &mut Vec<Warning>) -> Option<Context> {
    let file: PathBuf = root.join(".env");
    let value = dotenv_pythonpath(&file, warnings)?;
    Some(context(
        &file,
        &format!("PYTHONPATH={value}"),
        &value,
        versions,
    ))
}

/// `PYTHONPATH` in a dotenv file, if it sets one; a line that does not parse is a warning.
pub fn dotenv_pythonpath(file: &Path, warnings: &mut Vec<Warning>) -> Option<String> {
    let iter = dotenvy::from_path_iter(file).ok()?;
    let mut found = None;
    for item in iter {
        match item {
            Ok((key, value)) if key == "PYTHONPATH" => found = Some(value),
            Ok(_) => {}
            Err(e) => {
                // dotenvy names the offending text, not its line: find it.
                let line = match &e {
                    dotenvy::Error::LineParse(bad, _) => std::fs::read_to_string(file)
                        .ok()
                        .and_then(|t| t.lines().position(|l| l.contains(bad.trim())))
                        .map_or(1, |i| i + 1),
                    _ => 1,
                };
                warnings.push(Warning {
                    file: file.to_path_buf(),
                    line,
                    message: format!("cannot read it: {e}").into(),
                });
                break;
            }
        }
    }
    found
}

fn tox(root: &Path, versions: VersionRange, warnings: &mut Vec<Warning>) -> Option<Context> {
    let file = root.join("tox.ini");
    let text = std::fs::read_to_string(&file).ok()?;
    let mut parser = configparser::ini::Ini::new();
    parser.set_multiline(true);
    if let Err(e) = parser.read(text) {
        warnings.push(Warning {
            file,
            line: 1,
            message: format!("cannot read it as INI: {e}").into(),
        });
        return None;
    }
    let setenv = parser.get("testenv", "setenv")?;
    let toxinidir = root.to_string_lossy();
    setenv.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "PYTHONPATH").then(|| {
            let value = value.trim().replace("{toxinidir}", &toxinidir);
            let value = value
                .replace("{env:PYTHONPATH}", "")
                .replace("{env:PYTHONPATH:}", "");
            context(
                &file,
                &format!(
                    "setenv PYTHONPATH = {}",
                    line.split_once('=').map_or("", |p| p.1).trim()
                ),
                &value,
                versions,
            )
        })
    })
}

/// Contexts from `.env` and `tox.ini` in the project root.
pub fn infer(root: &Path, versions: VersionRange) -> (Vec<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let contexts = [
        dotenv(root, versions, &mut warnings),
        tox(root, versions, &mut warnings),
    ]
    .into_iter()
    .flatten()
    .filter(|c| !c.search_path.is_empty())
    .collect();
    (contexts, warnings)
}
