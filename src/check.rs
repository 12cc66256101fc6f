//! The `check` pipeline: discovery → contexts → resolution → rules → diagnostics.

use std::path::PathBuf;

use crate::contexts::Context;
use crate::diagnostic::{Diagnostic, finalize};
use crate::discovery::{self, Discovered, Excludes};
use crate::python::VersionRange;
use crate::rules::{self, Rule};
use crate::settings::{ScriptSpec, Settings};

/// Everything a renderer needs: the findings and the model they were computed under.
#[derive(Debug)]
pub struct Report {
    pub cwd: PathBuf,
    pub versions: VersionRange,
    pub contexts: Vec<Context>,
    pub diagnostics: Vec<Diagnostic>,
    pub files_checked: usize,
}

pub fn run(settings: &Settings) -> Result<Report, miette::Report> {
    let excludes = Excludes::new(&settings.project_root, &settings.excludes)
        .map_err(|(pattern, e)| miette::miette!("invalid exclude pattern `{pattern}`: {e}"))?;
    let discovered = discovery::walk(&settings.paths, &excludes, settings.respect_gitignore);
    let scripts = expand_scripts(&settings.scripts, &discovered);
    let contexts = Context::build(
        &settings.pythonpath,
        &settings.project_root,
        &scripts,
        settings.versions,
        &settings.cwd,
    );

    let mut diagnostics = Vec::new();
    if settings.rules.is_enabled(Rule::StdlibShadow) {
        diagnostics.extend(rules::stdlib_shadow::check(
            &contexts,
            &discovered,
            &settings.allow,
            &settings.cwd,
        ));
    }
    if settings.rules.is_enabled(Rule::IoError) {
        diagnostics.extend(rules::io_error::check(
            &discovered.problems,
            &settings.project_root,
        ));
    }
    Ok(Report {
        cwd: settings.cwd.clone(),
        versions: settings.versions,
        contexts,
        diagnostics: finalize(diagnostics),
        files_checked: discovered.python_sources(),
    })
}

/// Scripts named on the command line, and the checked Python files the `scripts` globs match.
fn expand_scripts(specs: &[ScriptSpec], discovered: &Discovered) -> Vec<PathBuf> {
    let mut scripts = Vec::new();
    for spec in specs {
        match spec {
            ScriptSpec::File(path) => scripts.push(path.clone()),
            ScriptSpec::Glob(glob) => scripts.extend(
                discovered
                    .files
                    .iter()
                    .filter(|f| f.is_python_source && glob.is_match(&f.path))
                    .map(|f| f.path.clone()),
            ),
        }
    }
    scripts.sort();
    scripts.dedup();
    scripts
}
