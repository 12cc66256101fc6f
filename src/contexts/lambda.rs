//! AWS Lambda functions declared in SAM templates (`template.yaml`: `AWS::Serverless::Function`
//! with `CodeUri`, `Handler`, `Runtime`, `Environment.Variables.PYTHONPATH`, and `Globals`) and
//! in `serverless.yml` (`provider.runtime`, `functions.*.handler`). The function's code root —
//! `/var/task` in the runtime — is on `sys.path`, so a vendored `typing.py` or `enum.py` from a
//! backport package in the deployment directory shadows the runtime's standard library.

use std::path::{Path, PathBuf};

use yaml_rust2::Yaml;

use super::{Context, ContextKind, Origin, PathEntry, Warning, line_containing};
use crate::message::shown;
use crate::paths::canonical_or_lexical;
use crate::python::{PythonVersion, VersionRange};

pub fn is_lambda_file(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("template.yaml" | "template.yml" | "serverless.yml" | "serverless.yaml")
    )
}

/// `python3.12` → 3.12.
fn runtime_version(runtime: &str) -> Option<PythonVersion> {
    runtime.strip_prefix("python")?.parse().ok()
}

struct Function {
    name: String,
    code_root: PathBuf,
    handler: String,
    version: Option<PythonVersion>,
    /// `PYTHONPATH` in the function's environment, as container paths.
    pythonpath: Option<String>,
}

fn sam_functions(doc: &Yaml, dir: &Path) -> Vec<Function> {
    let globals = &doc["Globals"]["Function"];
    let mut out = Vec::new();
    let Some(resources) = doc["Resources"].as_hash() else {
        return out;
    };
    for (name, resource) in resources {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let props = &resource["Properties"];
        let pick = |key: &str| props[key].as_str().or_else(|| globals[key].as_str());
        let runtime = pick("Runtime").unwrap_or_default();
        // Container-image functions (PackageType: Image) are covered by their Dockerfile.
        if !runtime.starts_with("python") && props["PackageType"].as_str() == Some("Image") {
            continue;
        }
        let env = |v: &Yaml| {
            v["Environment"]["Variables"]["PYTHONPATH"]
                .as_str()
                .map(str::to_string)
        };
        out.push(Function {
            name: name.as_str().unwrap_or("function").to_string(),
            code_root: canonical_or_lexical(Path::new(pick("CodeUri").unwrap_or(".")), dir),
            handler: pick("Handler").unwrap_or_default().to_string(),
            version: runtime_version(runtime),
            pythonpath: env(props).or_else(|| env(globals)),
        });
    }
    out
}

fn serverless_functions(doc: &Yaml, dir: &Path) -> Vec<Function> {
    let runtime = doc["provider"]["runtime"].as_str().unwrap_or_default();
    let Some(functions) = doc["functions"].as_hash() else {
        return Vec::new();
    };
    functions
        .iter()
        .map(|(name, f)| Function {
            name: name.as_str().unwrap_or("function").to_string(),
            code_root: dir.to_path_buf(),
            handler: f["handler"].as_str().unwrap_or_default().to_string(),
            version: runtime_version(f["runtime"].as_str().unwrap_or(runtime)),
            pythonpath: f["environment"]["PYTHONPATH"]
                .as_str()
                .or_else(|| doc["provider"]["environment"]["PYTHONPATH"].as_str())
                .map(str::to_string),
        })
        .collect()
}

/// One context per Python function of a SAM template or serverless.yml.
pub fn read(
    path: &Path,
    versions: VersionRange,
    pinned: bool,
    yaml: &super::YamlFiles,
) -> (Vec<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let Some(parsed) = yaml.read(path, &mut warnings) else {
        return (Vec::new(), warnings);
    };
    let (text, doc) = &*parsed;
    let dir = path.parent().unwrap_or(Path::new("."));
    let is_sam = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("template"));
    let functions = if is_sam {
        sam_functions(doc, dir)
    } else {
        serverless_functions(doc, dir)
    };
    let file_shown = shown(path);
    let mut contexts = Vec::new();
    for f in functions {
        let line = line_containing(text, &f.handler);
        if !f.code_root.is_dir() {
            warnings.push(Warning {
                file: path.to_path_buf(),
                line: line_containing(text, &f.name),
                message: format!(
                    "the code of function `{}` ({}) is not in this repository",
                    f.name,
                    shown(&f.code_root)
                )
                .into(),
            });
            continue;
        }
        let mut search_path = Vec::new();
        for entry in f.pythonpath.iter().flat_map(|p| p.split(':')) {
            // Container paths under the code root map into the deployment directory.
            let rest = entry
                .strip_prefix("/var/task")
                .map(|r| r.trim_start_matches('/'));
            match rest {
                Some(rest) => search_path.push(PathEntry {
                    dir: if rest.is_empty() {
                        f.code_root.clone()
                    } else {
                        f.code_root.join(rest)
                    },
                    origin: Origin::Lambda {
                        file: path.to_path_buf(),
                        line: line_containing(text, "PYTHONPATH"),
                        text: format!("PYTHONPATH entry {entry} of function `{}`", f.name),
                    },
                    searched_at_startup: true,
                }),
                None => warnings.push(Warning {
                    file: path.to_path_buf(),
                    line: line_containing(text, "PYTHONPATH"),
                    message: format!(
                        "PYTHONPATH entry `{entry}` is outside the code root /var/task; skipped"
                    )
                    .into(),
                }),
            }
        }
        search_path.push(PathEntry {
            dir: f.code_root.clone(),
            origin: Origin::Lambda {
                file: path.to_path_buf(),
                line,
                text: format!(
                    "code root /var/task of function `{}` (handler `{}`)",
                    f.name, f.handler
                ),
            },
            searched_at_startup: false,
        });
        contexts.push(Context {
            name: format!("lambda {file_shown}: {}", f.name).into(),
            kind: ContextKind::Lambda {
                file: path.to_path_buf(),
            },
            search_path,
            site_packages: Vec::new(),
            versions: match f.version {
                Some(v) if !pinned => VersionRange::single(v),
                _ => versions,
            },
        });
    }
    (contexts, warnings)
}
