//! The `check` pipeline: discovery → contexts → import extraction → import graph → rules →
//! diagnostics.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::contexts::Context;
use crate::diagnostic::{Diagnostic, finalize};
use crate::discovery::{self, Discovered, Excludes, WalkProblem};
use crate::graph::ContextGraph;
use crate::imports;
use crate::project::Project;
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
    let files = imports::extract_all(&discovered);
    let diagnostics = {
        let graphs: Vec<ContextGraph> = contexts
            .par_iter()
            .map(|c| ContextGraph::build(c, &files))
            .collect();
        let project = Project::new(&settings.cwd, &discovered, &files, &graphs, &settings.allow);
        run_rules(&project, settings)
    };
    Ok(Report {
        cwd: settings.cwd.clone(),
        versions: settings.versions,
        contexts,
        diagnostics,
        files_checked: discovered.python_sources(),
    })
}

fn run_rules(project: &Project, settings: &Settings) -> Vec<Diagnostic> {
    let enabled = |rule| settings.rules.is_enabled(rule);
    let mut diagnostics = Vec::new();
    if enabled(Rule::StdlibShadow) {
        diagnostics.extend(rules::stdlib_shadow::check(project));
    }
    if enabled(Rule::SelfImport) {
        diagnostics.extend(rules::self_import::check(project));
    }
    if enabled(Rule::ShadowedImport) {
        diagnostics.extend(rules::shadowed_import::check(project));
    }
    if enabled(Rule::ImportCycle) {
        diagnostics.extend(rules::import_cycle::check(project));
    }
    if enabled(Rule::IoError) {
        let mut problems = project.discovered.problems.clone();
        problems.extend(project.files.iter().filter_map(|f| {
            f.unreadable.as_ref().map(|message| WalkProblem {
                path: f.path.clone(),
                message: message.clone(),
            })
        }));
        diagnostics.extend(rules::io_error::check(&problems, &settings.project_root));
    }
    if enabled(Rule::SyntaxError) {
        // Files the other findings involve got a full parse: report its errors too.
        let parsed: Vec<PathBuf> = diagnostics.iter().map(|d| d.path.clone()).collect();
        diagnostics.extend(rules::syntax_error::check(project, &parsed));
    }
    finalize(diagnostics)
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
