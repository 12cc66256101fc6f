//! The `check` pipeline: discovery → contexts → import extraction → import graph → rules →
//! diagnostics.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::contexts::{self, Context, Inference, Warning};
use crate::diagnostic::{Diagnostic, finalize};
use crate::discovery::{self, Discovered, Excludes};
use crate::finder::Listings;
use crate::graph::{ContextGraph, Coverage};
use crate::imports;
use crate::imports::FileImports;
use crate::message::Message;
use crate::project::Project;
use crate::python::VersionRange;
use crate::rules::{self, Check, RULES, RuleDef};
use crate::settings::{ScriptSpec, Settings};
use crate::sources::Sources;

/// Everything a renderer needs: the findings and the model they were computed under.
#[derive(Debug)]
pub struct Report {
    pub cwd: PathBuf,
    pub versions: VersionRange,
    pub contexts: Vec<Context>,
    pub diagnostics: Vec<Diagnostic>,
    pub files_checked: usize,
    /// Where the code frames of the human formats read the files from.
    pub sources: Sources,
}

impl Report {
    /// A message as shown: its paths relative to the working directory.
    pub fn text(&self, message: &Message) -> String {
        message.render(&self.cwd)
    }

    /// Each of `messages` as shown (context names).
    pub fn texts(&self, messages: &[Message]) -> Vec<String> {
        messages.iter().map(|m| self.text(m)).collect()
    }
}

/// Prints how long each stage took when `STDSHADOW_TIMINGS` is set (for profiling).
struct Timings(Option<std::time::Instant>);

impl Timings {
    fn new() -> Timings {
        Timings(std::env::var_os("STDSHADOW_TIMINGS").map(|_| std::time::Instant::now()))
    }
    fn stage(&mut self, name: &str) {
        if let Some(start) = self.0 {
            eprintln!(
                "{name:>10}: {:>7.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// The walk and the contexts: what `check` and `path` share.
pub struct Prepared {
    pub discovered: Discovered,
    /// Every Python source's imports, sorted by path.
    pub files: Vec<FileImports>,
    pub contexts: Vec<Context>,
    /// Problems in the files contexts were inferred from: shown, never fatal.
    pub warnings: Vec<Warning>,
    /// Every file's contents, read through one store (standard input standing in for the
    /// editor's file).
    pub sources: Sources,
    /// Directory listings, read once: by the context readers, then by every graph.
    pub listings: Listings,
    timings: Timings,
}

/// Walks the project and builds its contexts. `stdin` is the editor's unsaved buffer of the
/// focused file (`--stdin-filename`).
pub fn prepare(settings: &Settings, stdin: Option<Vec<u8>>) -> Result<Prepared, miette::Report> {
    let mut timings = Timings::new();
    let mut sources = Sources::new(settings.max_file_size);
    if let (Some(bytes), Some(file)) = (stdin, settings.focus.first()) {
        sources.set_stdin(file.clone(), bytes);
    }
    let excludes = Excludes::new(&settings.project_root, &settings.excludes)
        .map_err(|(pattern, e)| miette::miette!("invalid exclude pattern `{pattern}`: {e}"))?;
    let mut discovered = discovery::walk(
        &settings.paths,
        &excludes,
        settings.respect_gitignore,
        &contexts::is_run_file,
    );
    // A file named for the editor is checked even where the walk would not go (excluded, or an
    // unsaved buffer with no file yet).
    for file in &settings.focus {
        discovered.include(file);
    }
    let scripts = expand_scripts(&settings.scripts, &discovered);
    let mut contexts = Context::build(
        &settings.pythonpath,
        &settings.project_root,
        &scripts,
        settings.versions,
    );
    timings.stage("walk");
    let files = imports::extract_all(&discovered, &sources);
    timings.stage("imports");
    let listings = Listings::default();
    let mut warnings = Vec::new();
    if settings.infer {
        warnings = contexts::infer(
            &mut contexts,
            &Inference {
                run_files: &discovered.run_files,
                files: &files,
                pythonpath: &settings.pythonpath,
                root: &settings.project_root,
                versions: settings.versions,
                selection: settings.selection,
                pinned: settings.versions_pinned,
                listings: &listings,
            },
        );
    }
    timings.stage("contexts");
    Ok(Prepared {
        discovered,
        files,
        contexts,
        warnings,
        sources,
        listings,
        timings,
    })
}

/// The import graph of every context, built side by side.
pub fn graphs<'a>(
    contexts: &'a [Context],
    files: &[FileImports],
    coverage: Coverage,
    listings: &Listings,
) -> Vec<ContextGraph<'a>> {
    contexts
        .par_iter()
        .map(|c| ContextGraph::build(c, files, coverage, listings))
        .collect()
}

pub fn run(settings: &Settings, prepared: Prepared) -> Report {
    let Prepared {
        discovered,
        files,
        contexts,
        sources,
        listings,
        mut timings,
        ..
    } = prepared;
    let diagnostics = {
        let graphs = graphs(&contexts, &files, Coverage::Entries, &listings);
        timings.stage("graph");
        let project = Project::new(
            &settings.project_root,
            &discovered,
            &files,
            &graphs,
            &settings.allow,
            &sources,
        );
        let mut diagnostics = run_rules(&project, settings);
        if !settings.focus.is_empty() {
            diagnostics.retain(|d| settings.focus.contains(&d.path));
        }
        timings.stage("rules");
        // Freeing the model costs tens of milliseconds on one core on a big project: the
        // graphs are freed side by side.
        drop(project);
        graphs.into_par_iter().for_each(drop);
        diagnostics
    };
    // What borrows nothing is freed on a worker while the report is rendered (a process that
    // exits first leaves it to the operating system).
    rayon::spawn(move || drop((files, listings)));
    Report {
        cwd: settings.cwd.clone(),
        versions: settings.versions,
        contexts,
        diagnostics,
        files_checked: discovered.python_sources(),
        sources,
    }
}

fn run_rules(project: &Project, settings: &Settings) -> Vec<Diagnostic> {
    let enabled: Vec<&RuleDef> = RULES
        .iter()
        .filter(|d| settings.rules.is_enabled(d.rule))
        .collect();
    // Each rule's own time, beside the stages' (the model rules overlap: side by side).
    let timed = |d: &RuleDef, check: fn(&Project) -> Vec<Diagnostic>| {
        let mut timings = Timings::new();
        let found = check(project);
        timings.stage(d.code);
        found
    };
    // The model rules are independent of each other: run them side by side.
    let mut diagnostics: Vec<Diagnostic> = enabled
        .par_iter()
        .flat_map(|d| match d.check {
            Check::Model(check) => timed(d, check),
            Check::AfterModel(_) | Check::Suppressions => Vec::new(),
        })
        .collect();
    for d in &enabled {
        if let Check::AfterModel(check) = d.check {
            diagnostics.extend(timed(d, check));
        }
    }
    if settings.ignore_suppressions {
        return finalize(diagnostics);
    }
    let accepted =
        rules::unused_suppression::apply(finalize(diagnostics), project.files, &settings.rules);
    finalize(accepted)
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
