#[cfg(all(
    feature = "jemalloc",
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use stdshadow::cli::{CheckArgs, Cli, Command, FixArgs, OutputFormat};
use stdshadow::rules::Rule;
use stdshadow::settings::Settings;
use stdshadow::{check, render};

const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    stdshadow::project::init_workers();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let result = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Path(args) => run_path(&args),
        Command::Fix(args) => prepare(&args.check).and_then(|(settings, prepared)| {
            stdshadow::fix::command::run(&args, &settings, prepared)
        }),
        Command::Rule { code, all } => print_rule(code.as_deref(), all),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Settings, the walk and the contexts, with every warning printed to standard error.
fn prepare(args: &CheckArgs) -> miette::Result<(Settings, check::Prepared)> {
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current directory: {e}"))?;
    let (settings, warnings) = Settings::resolve(&args.into(), &cwd)?;
    let stdin = match args.stdin_filename {
        Some(_) => {
            let mut buffer = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buffer)
                .map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
            Some(buffer)
        }
        None => None,
    };
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    let prepared = check::prepare(&settings, stdin)?;
    for w in &prepared.warnings {
        eprintln!(
            "warning: {}:{}: {}",
            stdshadow::paths::display_path(&w.file, &settings.cwd),
            w.line,
            w.message.render(&settings.cwd)
        );
    }
    Ok((settings, prepared))
}

fn run_path(args: &CheckArgs) -> miette::Result<u8> {
    if !matches!(
        args.output_format,
        OutputFormat::Full | OutputFormat::Concise | OutputFormat::Json
    ) {
        return Err(miette::miette!(
            code = "stdshadow::usage",
            "`stdshadow path` prints text (`full`, `concise`) or `json`, not `{:?}`",
            args.output_format
        ));
    }
    let (settings, prepared) = prepare(args)?;
    let mut out = std::io::stdout().lock();
    let written = render::contexts(
        args.output_format,
        &prepared.contexts,
        &settings.cwd,
        &mut out,
    )
    .and_then(|()| out.flush());
    output_written(written)?;
    Ok(EXIT_CLEAN)
}

/// A closed pipe (`stdshadow check | head`) is the reader's choice, not an error.
fn output_written(written: std::io::Result<()>) -> miette::Result<()> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(miette::miette!("cannot write the output: {e}"))
        }
        _ => Ok(()),
    }
}

/// `check --fix`: `fix` with a rename for each SS001 finding.
fn run_check_fix(args: &CheckArgs) -> miette::Result<u8> {
    let (settings, prepared) = prepare(args)?;
    let report = check::run(&settings, prepared);
    let renames = stdshadow::fix::suggested_renames(
        &report.diagnostics,
        &settings.fix_names,
        &settings.project_root,
    );
    if renames.is_empty() {
        println!("No module shadows the standard library: nothing to rename.");
        return Ok(EXIT_CLEAN);
    }
    let fix = FixArgs {
        renames,
        diff: false,
        allow_dirty: false,
        check: CheckArgs {
            fix: false,
            ..args.clone()
        },
    };
    stdshadow::fix::command::run(&fix, &settings, check::prepare(&settings, None)?)
}

fn run_check(args: &CheckArgs) -> miette::Result<u8> {
    if args.fix {
        return run_check_fix(args);
    }
    let (settings, prepared) = prepare(args)?;
    let report = check::run(&settings, prepared);
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = stdout.lock();
    let written = render::render(args.output_format, &report, color, &mut out).and_then(|()| {
        if !args.quiet && !args.output_format.is_machine_readable() {
            writeln!(out, "{}", render::summary(&report))?;
        }
        out.flush()
    });
    output_written(written)?;
    Ok(if report.diagnostics.is_empty() || args.exit_zero {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}

fn print_rule(code: Option<&str>, all: bool) -> miette::Result<u8> {
    if all {
        for rule in Rule::all() {
            println!("{} {:<16} {}", rule.code(), rule.name(), rule.summary());
        }
        return Ok(EXIT_CLEAN);
    }
    let code = code.unwrap_or_default();
    let rule = Rule::find(code).ok_or_else(|| {
        miette::miette!(
            code = "stdshadow::usage",
            help = "`stdshadow rule --all` lists the rules",
            "unknown rule `{code}`"
        )
    })?;
    println!(
        "# {} ({})\n\nSeverity: {}\n\n{}",
        rule.name(),
        rule.code(),
        rule.severity(),
        rule.doc()
    );
    Ok(EXIT_CLEAN)
}
