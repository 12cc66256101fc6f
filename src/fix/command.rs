//! The `fix` command: plan, show, check the work tree, apply, re-check.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::{self, Prepared};
use crate::cli::FixArgs;
use crate::paths::display_path;
use crate::rules::Rule;
use crate::settings::Settings;

use super::{Input, Note, Plan, plan, write};

/// Files besides Python sources that may name a module: how the code runs, configuration.
fn text_files(settings: &Settings, prepared: &Prepared) -> Vec<PathBuf> {
    let mut files = prepared.discovered.run_files.clone();
    for name in [
        "pyproject.toml",
        "setup.cfg",
        "setup.py",
        "tox.ini",
        "pytest.ini",
        ".env",
        "stdshadow.toml",
        "README.md",
        "README.rst",
    ] {
        let path = settings.project_root.join(name);
        if path.is_file() {
            files.push(path);
        }
    }
    files
}

fn notes(out: &mut dyn Write, title: &str, notes: &[Note], cwd: &Path) -> std::io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "{title}")?;
    for n in notes {
        writeln!(
            out,
            "  {}:{}: {}",
            display_path(&n.path, cwd),
            n.line,
            n.message
        )?;
    }
    Ok(())
}

fn summary(out: &mut dyn Write, plan: &Plan, cwd: &Path) -> std::io::Result<()> {
    writeln!(out, "Renames:")?;
    for (from, to) in &plan.renames {
        writeln!(
            out,
            "  {} → {}",
            display_path(from, cwd),
            display_path(to, cwd)
        )?;
    }
    notes(out, "Rewritten imports:", &plan.rewritten, cwd)?;
    notes(
        out,
        "Kept (they mean the standard library):",
        &plan.kept,
        cwd,
    )?;
    notes(out, "Not rewritten, check by hand:", &plan.warnings, cwd)
}

/// Runs `fix`; returns the exit code (0 done, 1 a renamed module still has a finding).
pub fn run(args: &FixArgs, settings: &Settings, prepared: Prepared) -> miette::Result<u8> {
    let cwd = &settings.cwd;
    let graphs = check::graphs(
        &prepared.contexts,
        &prepared.files,
        crate::graph::Coverage::AllFiles,
        &prepared.listings,
    );
    let text_files = text_files(settings, &prepared);
    let versions = settings.versions;
    let is_stdlib = move |name: &str| versions.iter().any(|v| v.table().is_stdlib(name));
    let is_stdlib_module = move |name: &str| {
        versions
            .iter()
            .any(|v| crate::python::graph::stdlib_graph(v).contains_key(name))
    };
    let input = Input {
        cwd,
        files: &prepared.files,
        graphs: &graphs,
        text_files: &text_files,
        sources: &prepared.sources,
        is_stdlib: &is_stdlib,
        is_stdlib_module: &is_stdlib_module,
    };
    let plan = plan(&args.renames, &input)
        .map_err(|e| miette::miette!(code = "stdshadow::fix", "cannot rename: {e}"))?;
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| miette::miette!("cannot write the output: {e}");
    if args.diff {
        write!(out, "{}", super::diff(&plan, cwd)).map_err(io)?;
        notes(
            &mut out,
            "Kept (they mean the standard library):",
            &plan.kept,
            cwd,
        )
        .map_err(io)?;
        notes(
            &mut out,
            "Not rewritten, check by hand:",
            &plan.warnings,
            cwd,
        )
        .map_err(io)?;
        return Ok(0);
    }
    if !args.allow_dirty
        && let Some(changes) = write::git_changes(&settings.project_root)
        && !changes.is_empty()
    {
        return Err(miette::miette!(
            code = "stdshadow::fix",
            help = "commit or stash them first, so the fix is one reviewable change, or pass --allow-dirty",
            "the git work tree has uncommitted changes:\n  {}",
            changes.join("\n  ")
        ));
    }
    let writes: Vec<(PathBuf, Vec<u8>)> = plan
        .writes
        .iter()
        .map(|(p, _, new)| (p.clone(), new.clone()))
        .collect();
    if let Err((applied, message)) = write::apply(&writes, &plan.renames) {
        let written: Vec<String> = applied
            .written
            .iter()
            .map(|p| display_path(p, cwd))
            .collect();
        let renamed: Vec<String> = applied
            .renamed
            .iter()
            .map(|(a, b)| format!("{} → {}", display_path(a, cwd), display_path(b, cwd)))
            .collect();
        return Err(miette::miette!(
            code = "stdshadow::fix",
            help =
                "every file is either as it was or fully rewritten; `git diff` shows what changed",
            "{message}\nalready written: {}\nalready renamed: {}",
            if written.is_empty() {
                "nothing".to_string()
            } else {
                written.join(", ")
            },
            if renamed.is_empty() {
                "nothing".to_string()
            } else {
                renamed.join(", ")
            },
        ));
    }
    summary(&mut out, &plan, cwd).map_err(io)?;
    // Re-check the tree as it is now.
    let prepared = check::prepare(settings, None)?;
    let report = check::run(settings, prepared);
    let mut remaining = 0;
    for (from, to) in &plan.renames {
        let left: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule, Rule::StdlibShadow | Rule::SelfImport))
            .filter(|d| d.path.starts_with(to) || d.path.starts_with(from))
            .collect();
        remaining += left.len();
        match left.len() {
            0 => writeln!(
                out,
                "Checked again: no stdlib shadow or self-import left for {}.",
                display_path(to, cwd)
            ),
            n => writeln!(
                out,
                "Checked again: {n} finding(s) left for {}.",
                display_path(to, cwd)
            ),
        }
        .map_err(io)?;
    }
    Ok(u8::from(remaining > 0))
}
