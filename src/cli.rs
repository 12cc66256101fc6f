//! Command-line definitions. Parsing only: the commands live in `check.rs` and `main.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "stdshadow",
    version,
    about = "Find local Python modules that shadow the standard library, under the search path your code really runs with.",
    long_about = "Find local Python modules that shadow the standard library, under the search path \
your code really runs with.\n\n\
A file shadows the stdlib only when its directory is on sys.path before the standard library: \
stdshadow models CPython's import system (built-in and frozen modules, start-up imports, \
package/module precedence, namespace packages, per-version stdlib names) for each context the \
code runs in.\n\n\
Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a Python tree for modules that shadow the standard library.
    Check(CheckArgs),
    /// Print each context (way the code runs) with its ordered search path and where every
    /// entry comes from, like `python -m site` but explaining itself.
    Path(CheckArgs),
    /// Rename a module or package and rewrite every import of it, under every context.
    Fix(FixArgs),
    /// Print the documentation of a rule (by code, like `SS001`, or by name).
    Rule {
        /// The rule code or name; `--all` lists every rule.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// List every rule with its summary.
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Reports with the file, a code frame and a help line.
    Full,
    /// One line a finding: `path:line:col: CODE message [context]`.
    Concise,
    /// A versioned JSON document for editors and tools (docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards.
    Sarif,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
}

impl OutputFormat {
    /// Formats read by programs: no summary line after them.
    pub fn is_machine_readable(self) -> bool {
        !matches!(self, OutputFormat::Full | OutputFormat::Concise)
    }
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// OLD=NEW: the module (a file or package path, or a dotted module name) and its new name.
    /// Repeat it to rename several modules in one change.
    #[arg(long = "rename", value_name = "OLD=NEW", required = true)]
    pub renames: Vec<crate::fix::RenameSpec>,

    /// Print the change as a unified diff and the renames; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Apply even when the git work tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}

impl From<&CheckArgs> for crate::settings::Overrides {
    fn from(args: &CheckArgs) -> Self {
        crate::settings::Overrides {
            paths: args.paths.clone(),
            pythonpath: args.pythonpath.clone(),
            scripts: args.scripts.clone(),
            python: args.python.clone(),
            python_version: args.python_version.clone(),
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            config: args.config.clone(),
            no_respect_gitignore: args.no_respect_gitignore,
            ignore_suppressions: args.ignore_suppressions,
            stdin_filename: args.stdin_filename.clone(),
            no_infer: args.no_infer,
            contexts: args.contexts.clone(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]
    pub paths: Vec<PathBuf>,

    /// A directory on PYTHONPATH, relative to the current directory. Repeat it in sys.path
    /// order; replaces `pythonpath` from the configuration.
    #[arg(long = "pythonpath", value_name = "DIR")]
    pub pythonpath: Vec<PathBuf>,

    /// A file run as `python FILE`: its directory becomes sys.path[0], before the pythonpath
    /// entries. Each script is checked as its own context. Repeatable; adds to `scripts`.
    #[arg(long = "script", value_name = "FILE")]
    pub scripts: Vec<PathBuf>,

    /// Precise mode: ask this interpreter (isolated, importing no project code) for its
    /// version, built-in, frozen and start-up modules, instead of the embedded tables.
    #[arg(long, value_name = "PATH")]
    pub python: Option<std::path::PathBuf>,

    /// The target Python version (3.8–3.15). Default: `python-version` from the
    /// configuration, else the range allowed by `[project] requires-python`, else 3.8–3.15.
    #[arg(long, value_name = "X.Y")]
    pub python_version: Option<String>,

    /// How to show the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Full)]
    pub output_format: OutputFormat,

    /// Rule codes or prefixes to enable (comma-separated); replaces `select`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,

    /// Rule codes or prefixes to disable (comma-separated); adds to `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Use this configuration file (`stdshadow.toml` or `pyproject.toml`) instead of searching
    /// upwards from the first checked path.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Exit with status 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,

    /// Print only the findings, no summary.
    #[arg(long, short)]
    pub quiet: bool,

    /// Do not honour `.gitignore`, `.ignore` and `.git/info/exclude` files.
    #[arg(long)]
    pub no_respect_gitignore: bool,

    /// Rename each module that shadows the standard library (SS001) and rewrite its imports,
    /// as `stdshadow fix` does: to its `fix-names` entry, else `<directory>_<module>`.
    #[arg(long)]
    pub fix: bool,

    /// Report findings even where a `# stdshadow: ignore` comment accepts them (an audit of
    /// what is suppressed); `allow` still applies.
    #[arg(long)]
    pub ignore_suppressions: bool,

    /// Check the contents of standard input as this file (an editor's unsaved buffer), within
    /// the whole project around it; only its diagnostics are reported.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Do not infer contexts (Dockerfiles, scripts found by their `__main__` guard or shebang,
    /// pytest); only the configured search path and scripts are checked.
    #[arg(long)]
    pub no_infer: bool,

    /// Which inferred contexts to check: `declared` (only what the project's files say),
    /// `default` (also files that look run directly), `all` (also every directory with Python
    /// files, as if any file could be run directly).
    #[arg(long, value_name = "WHICH", value_parser = ["declared", "default", "all"])]
    pub contexts: Option<String>,
}
