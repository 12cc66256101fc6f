//! GitHub Actions workflows (`.github/workflows/*.yml`): a `PYTHONPATH` in the `env` of the
//! workflow, a job or a step is the search path the CI runs the code with. Entries are relative
//! to the checkout (`${{ github.workspace }}`, `$GITHUB_WORKSPACE`).

use std::path::Path;

use yaml_rust2::Yaml;

use super::{Context, ContextKind, Origin, PathEntry, Warning};
use crate::message::shown;
use crate::paths::canonical_or_lexical;
use crate::python::VersionRange;

pub fn is_workflow(path: &Path) -> bool {
    let in_workflows = path
        .parent()
        .is_some_and(|d| d.ends_with(".github/workflows"));
    in_workflows && path.extension().is_some_and(|e| e == "yml" || e == "yaml")
}

fn workspace_relative(entry: &str) -> Option<String> {
    let mut e = entry.trim().to_string();
    for workspace in [
        "${{ github.workspace }}",
        "${{github.workspace}}",
        "${GITHUB_WORKSPACE}",
        "$GITHUB_WORKSPACE",
    ] {
        e = e.replace(workspace, ".");
    }
    // An inherited `$PYTHONPATH` or another expression is not this repository's.
    (!e.is_empty() && !e.contains('$')).then_some(e)
}

/// One context per distinct `PYTHONPATH` a workflow sets (workflow, job or step level).
pub fn read(
    path: &Path,
    root: &Path,
    versions: VersionRange,
    yaml: &super::YamlFiles,
) -> (Vec<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let Some(parsed) = yaml.read(path, &mut warnings) else {
        return (Vec::new(), warnings);
    };
    let (text, doc) = &*parsed;
    // (where, value as written, value with `$PYTHONPATH` replaced by the enclosing level's)
    let mut found: Vec<(String, String, String)> = Vec::new();
    let mut take = |place: String, env: &Yaml, inherited: &str| -> Option<String> {
        let value = env["PYTHONPATH"].as_str()?;
        let mut expanded = value.to_string();
        for own in ["${{ env.PYTHONPATH }}", "${PYTHONPATH}", "$PYTHONPATH"] {
            expanded = expanded.replace(own, inherited);
        }
        if !found.iter().any(|(_, _, v)| *v == expanded) {
            found.push((place, value.to_string(), expanded.clone()));
        }
        Some(expanded)
    };
    let top = take("workflow".to_string(), &doc["env"], "").unwrap_or_default();
    if let Some(jobs) = doc["jobs"].as_hash() {
        for (name, job) in jobs {
            let job_name = name.as_str().unwrap_or("job");
            let job_value =
                take(format!("job {job_name}"), &job["env"], &top).unwrap_or(top.clone());
            for (i, step) in job["steps"].as_vec().into_iter().flatten().enumerate() {
                let step_name = step["name"]
                    .as_str()
                    .map_or_else(|| format!("step {}", i + 1), str::to_string);
                take(
                    format!("job {job_name}, {step_name}"),
                    &step["env"],
                    &job_value,
                );
            }
        }
    }
    let file_shown = shown(path);
    let contexts = found
        .into_iter()
        .filter_map(|(place, written, value)| {
            let line = text
                .lines()
                .position(|l| l.contains("PYTHONPATH") && l.contains(written.trim()))
                .map_or(1, |i| i + 1);
            let search_path: Vec<PathEntry> = value
                .split(':')
                .filter_map(workspace_relative)
                .map(|entry| PathEntry {
                    dir: canonical_or_lexical(Path::new(&entry), root),
                    origin: Origin::Workflow {
                        file: path.to_path_buf(),
                        line,
                        text: format!("PYTHONPATH: {written} ({place})"),
                    },
                    searched_at_startup: true,
                })
                .collect();
            (!search_path.is_empty()).then(|| Context {
                name: format!("workflow {file_shown}: {place}").into(),
                kind: ContextKind::Workflow {
                    file: path.to_path_buf(),
                },
                search_path,
                site_packages: Vec::new(),
                versions,
            })
        })
        .collect();
    (contexts, warnings)
}
