//! Run commands written in the project's files: `python tools/crawl.py` in a Makefile recipe, a
//! justfile, a Procfile, tox's `commands`, a CI step's `run:`, a task runner's table in
//! `pyproject.toml`, a shell script, a README's code block, or a `subprocess`/`os.system`
//! literal. Each command that runs a script of the repository puts the script's directory first
//! on `sys.path` (`python -m` puts its working directory); a `PYTHONPATH=…` before it adds its
//! entries. Every entry points at the file and line of the command.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Context, ContextKind, Origin, PathEntry, Warning, line_containing};
use crate::imports::FileImports;
use crate::imports::run_literals::Command;
use crate::message::shown;
use crate::paths::canonical_or_lexical;
use crate::python::VersionRange;

/// How a command line runs Python.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// `python [options] path/to/script.py`.
    Script(String),
    /// `python [options] -m package.module`.
    Module(String),
}

/// The Python run of one simple command: what it runs and the `PYTHONPATH` it sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonRun {
    pub invocation: Invocation,
    pub pythonpath: Option<String>,
}

/// Whether a word names a Python interpreter: `python`, `python3.12`, `.venv/bin/python`,
/// `$(PYTHON)`, `{envpython}`.
pub fn is_interpreter(word: &str) -> bool {
    let base = word.rsplit('/').next().unwrap_or(word);
    let base = base.trim_start_matches("$(").trim_start_matches("${");
    let base = base.trim_start_matches('{').trim_end_matches([')', '}']);
    let base = base.to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    base == "envpython"
        || base == "pypy3"
        || base.strip_prefix("python").is_some_and(|v| {
            v.is_empty()
                || (v.starts_with('3') && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
}

/// `python …` in `words` (after `env`, `exec`, `VAR=value`, or a runner: `uv run`,
/// `poetry run`, `pipenv run`, `pdm run`, `hatch run`, `rye run`).
pub fn interpret(words: &[String]) -> Option<PythonRun> {
    let mut pythonpath = None;
    let mut i = 0;
    // Prefixes that leave the command to run.
    while i < words.len() {
        let w = words[i].as_str();
        if let Some((name, value)) = w.split_once('=')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            if name == "PYTHONPATH" {
                pythonpath = Some(value.to_string());
            }
            i += 1;
        } else if matches!(w, "env" | "exec" | "time" | "nohup" | "command") {
            i += 1;
        } else if matches!(w, "uv" | "poetry" | "pipenv" | "pdm" | "hatch" | "rye")
            && words.get(i + 1).is_some_and(|n| n == "run")
        {
            i += 2;
            // The runner's own options (`uv run --with x --frozen`) come before the command.
            while let Some(opt) = words.get(i).filter(|w| w.starts_with('-')) {
                i += if matches!(
                    opt.as_str(),
                    "--with"
                        | "--python"
                        | "-p"
                        | "--env-file"
                        | "--directory"
                        | "--project"
                        | "-e"
                        | "--env"
                ) {
                    2
                } else {
                    1
                };
            }
            // `uv run tools/x.py` runs the script with the project's interpreter.
            if words.get(i).is_some_and(|w| w.ends_with(".py")) {
                return Some(PythonRun {
                    invocation: Invocation::Script(words[i].clone()),
                    pythonpath,
                });
            }
        } else {
            break;
        }
    }
    if !is_interpreter(words.get(i)?) {
        return None;
    }
    let mut rest = words[i + 1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-m" => {
                return Some(PythonRun {
                    invocation: Invocation::Module(rest.next()?.clone()),
                    pythonpath,
                });
            }
            // `-I` and `-P` keep the script's directory off `sys.path`; `-c` and `-` run code
            // that is not a file of the repository.
            "-I" | "-P" | "-c" | "-" => return None,
            "-X" | "-W" | "--check-hash-based-pycs" => {
                rest.next();
            }
            a if a.starts_with('-') => {
                if a.contains('I') && !a.starts_with("--") {
                    return None;
                }
            }
            script => {
                return Some(PythonRun {
                    invocation: Invocation::Script(script.to_string()),
                    pythonpath,
                });
            }
        }
    }
    None
}

/// Shell words, with quotes removed (no expansion): enough for the commands projects write.
pub fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

/// The simple commands of a shell line, each with the directory it runs in after any
/// `cd DIR &&` before it (relative to the line's own directory).
fn simple_commands(text: &str) -> Vec<(Option<String>, Vec<String>)> {
    let mut out = Vec::new();
    let mut cd: Option<String> = None;
    for part in text.split(['&', '|', ';', '\n']) {
        let words = shell_words(part.trim().trim_start_matches(['(', '@', '-', '+']));
        match words.first().map(String::as_str) {
            None => {}
            Some("cd" | "pushd") => cd = words.get(1).cloned(),
            Some(_) => out.push((cd.clone(), words)),
        }
    }
    out
}

/// One command line met in a file, and the directories it may run from (in order: the first
/// where its script exists wins).
struct CommandLine<'a> {
    file: &'a Path,
    line: usize,
    text: String,
    cwds: Vec<PathBuf>,
}

/// Which files hold run commands, and how to read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Makefile,
    Justfile,
    Procfile,
    Tox,
    Workflow,
    GitlabCi,
    Pyproject,
    Shell,
    Readme,
}

fn kind(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    Some(match name {
        "Makefile" | "makefile" | "GNUmakefile" => Kind::Makefile,
        _ if name.ends_with(".mk") => Kind::Makefile,
        "justfile" | "Justfile" | ".justfile" => Kind::Justfile,
        "Procfile" => Kind::Procfile,
        "tox.ini" => Kind::Tox,
        ".gitlab-ci.yml" => Kind::GitlabCi,
        "pyproject.toml" => Kind::Pyproject,
        _ if name.ends_with(".sh") => Kind::Shell,
        _ if super::workflow::is_workflow(path) => Kind::Workflow,
        _ if name
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("readme")) =>
        {
            Kind::Readme
        }
        _ => return None,
    })
}

/// Whether the walk should collect `path` for its run commands.
pub fn is_command_file(path: &Path) -> bool {
    kind(path).is_some()
}

/// The lines of a text that are commands, with their 1-based line numbers; continuation lines
/// (`\` at the end) are joined onto the first.
fn joined_lines(text: &str, keep: impl Fn(&str) -> Option<&str>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut continuing = false;
    for (i, raw) in text.lines().enumerate() {
        if continuing {
            if let Some((_, last)) = out.last_mut() {
                last.push(' ');
                last.push_str(raw.trim().trim_end_matches('\\'));
            }
        } else if let Some(command) = keep(raw) {
            out.push((i + 1, command.trim().trim_end_matches('\\').to_string()));
        } else {
            continue;
        }
        continuing = raw.ends_with('\\');
    }
    out
}

/// A README's commands: the lines of fenced code blocks and `$ ` prompts.
fn readme_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        let command = line
            .strip_prefix("$ ")
            .or_else(|| line.strip_prefix("> "))
            .or_else(|| line.strip_prefix(">>> ").map(|_| ""))
            .or(fenced.then_some(line));
        if let Some(command) = command.filter(|c| !c.is_empty()) {
            out.push((i + 1, command.to_string()));
        }
    }
    out
}

/// The strings of a TOML task table (`poe`, `pdm`, `taskipy`, `hatch` scripts): each value, or
/// its `cmd`/`shell` key, or each string of a list.
fn toml_tasks<'t>(table: &'t toml::Value, out: &mut Vec<&'t str>) {
    match table {
        toml::Value::String(s) => out.push(s),
        toml::Value::Array(items) => items.iter().for_each(|v| toml_tasks(v, out)),
        toml::Value::Table(t) => {
            for key in ["cmd", "shell", "script", "call"] {
                if let Some(v) = t.get(key) {
                    toml_tasks(v, out);
                }
            }
        }
        _ => {}
    }
}

fn pyproject_lines(text: &str) -> Vec<(usize, String)> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new(); // packaging reports a broken pyproject.toml
    };
    let tool = doc.get("tool");
    let mut tasks: Vec<&str> = Vec::new();
    for path in [
        &["poe", "tasks"][..],
        &["pdm", "scripts"],
        &["taskipy", "tasks"],
        &["rye", "scripts"],
    ] {
        let table = tool.and_then(|tool| path.iter().try_fold(tool, |t, k| t.get(*k)));
        if let Some(toml::Value::Table(t)) = table {
            t.values().for_each(|v| toml_tasks(v, &mut tasks));
        }
    }
    if let Some(toml::Value::Table(envs)) = tool
        .and_then(|t| t.get("hatch"))
        .and_then(|h| h.get("envs"))
    {
        for env in envs.values() {
            if let Some(toml::Value::Table(scripts)) = env.get("scripts") {
                scripts.values().for_each(|v| toml_tasks(v, &mut tasks));
            }
        }
    }
    tasks
        .into_iter()
        .flat_map(str::lines)
        .map(|t| (line_containing(text, t), t.to_string()))
        .collect()
}

/// A YAML mapping's string values under `keys` anywhere in the document, with the
/// `working-directory` of the same mapping.
fn yaml_scripts(doc: &yaml_rust2::Yaml, keys: &[&str], out: &mut Vec<(String, Option<String>)>) {
    use yaml_rust2::Yaml;
    match doc {
        Yaml::Hash(map) => {
            let dir = map
                .get(&Yaml::String("working-directory".into()))
                .and_then(Yaml::as_str)
                .map(str::to_string);
            for (k, v) in map {
                let is_script = k.as_str().is_some_and(|k| keys.contains(&k));
                match v {
                    Yaml::String(s) if is_script => out.push((s.clone(), dir.clone())),
                    Yaml::Array(items) if is_script => out.extend(
                        items
                            .iter()
                            .filter_map(Yaml::as_str)
                            .map(|s| (s.to_string(), dir.clone())),
                    ),
                    _ => yaml_scripts(v, keys, out),
                }
            }
        }
        Yaml::Array(items) => items.iter().for_each(|v| yaml_scripts(v, keys, out)),
        _ => {}
    }
}

/// The command lines of one file.
fn command_lines<'a>(
    path: &'a Path,
    root: &Path,
    yaml: &super::YamlFiles,
    warnings: &mut Vec<Warning>,
) -> Vec<CommandLine<'a>> {
    let Some(kind) = kind(path) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new(); // unreadable run files are not Python sources: nothing to report
    };
    // A cheap filter: only files that mention an interpreter or a runner can hold one.
    if ![
        "python",
        "PYTHON",
        "uv run",
        "poetry run",
        "pdm run",
        "pipenv run",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        return Vec::new();
    }
    let dir = path.parent().unwrap_or(root).to_path_buf();
    let here_then_root = || {
        let mut v = vec![dir.clone()];
        if dir != root {
            v.push(root.to_path_buf());
        }
        v
    };
    let lines: Vec<(usize, String, Vec<PathBuf>)> = match kind {
        Kind::Makefile => joined_lines(&text, |l| {
            l.strip_prefix('\t')
                .map(|l| l.trim_start_matches(['@', '-', '+']))
        })
        .into_iter()
        .map(|(n, t)| (n, t, vec![dir.clone()]))
        .collect(),
        Kind::Justfile => joined_lines(&text, |l| {
            (l.starts_with(' ') || l.starts_with('\t'))
                .then(|| l.trim_start().trim_start_matches(['@', '-']))
        })
        .into_iter()
        .map(|(n, t)| (n, t, vec![dir.clone()]))
        .collect(),
        Kind::Procfile => text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                l.split_once(':')
                    .map(|(_, c)| (i + 1, c.to_string(), vec![dir.clone()]))
            })
            .collect(),
        Kind::Tox => {
            // `commands =` and its indented continuation lines, in any section.
            let mut out = Vec::new();
            let mut inside = false;
            for (i, raw) in text.lines().enumerate() {
                let continuation = raw.starts_with([' ', '\t']);
                if let Some((key, value)) = raw.split_once('=').filter(|_| !continuation) {
                    inside = matches!(key.trim(), "commands" | "commands_pre" | "commands_post");
                    if inside && !value.trim().is_empty() {
                        out.push((i + 1, value.to_string(), vec![dir.clone()]));
                    }
                } else if inside && continuation && !raw.trim().is_empty() {
                    out.push((i + 1, raw.to_string(), vec![dir.clone()]));
                } else if !continuation {
                    inside = false;
                }
            }
            for (_, line, _) in &mut out {
                *line = line.replace("{toxinidir}", ".").replace("{posargs}", "");
            }
            out
        }
        Kind::Workflow | Kind::GitlabCi => {
            let Some(parsed) = yaml.read(path, warnings) else {
                return Vec::new();
            };
            let doc = &parsed.1;
            let keys: &[&str] = if kind == Kind::Workflow {
                &["run"]
            } else {
                &["script", "before_script", "after_script"]
            };
            let mut scripts = Vec::new();
            yaml_scripts(doc, keys, &mut scripts);
            scripts
                .into_iter()
                .flat_map(|(script, wd)| {
                    let cwd = wd.map_or(root.to_path_buf(), |d| {
                        canonical_or_lexical(Path::new(&d), root)
                    });
                    let start = line_containing(&text, &script);
                    script
                        .lines()
                        .enumerate()
                        .map(|(i, l)| (start + i, l.to_string(), vec![cwd.clone()]))
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        Kind::Pyproject => pyproject_lines(&text)
            .into_iter()
            .map(|(n, t)| (n, t, vec![dir.clone()]))
            .collect(),
        Kind::Shell => joined_lines(&text, |l| (!l.trim_start().starts_with('#')).then_some(l))
            .into_iter()
            .map(|(n, t)| (n, t, here_then_root()))
            .collect(),
        Kind::Readme => readme_lines(&text)
            .into_iter()
            .map(|(n, t)| (n, t, here_then_root()))
            .collect(),
    };
    lines
        .into_iter()
        .map(|(line, text, cwds)| CommandLine {
            file: path,
            line,
            text,
            cwds,
        })
        .collect()
}

/// The contexts of every run command in `command_files` and in the Python sources'
/// `subprocess` literals, skipping those whose search path an `existing` context already has.
pub fn infer(
    command_files: &[PathBuf],
    files: &[FileImports],
    root: &Path,
    existing: &[Context],
    versions: VersionRange,
    yaml: &super::YamlFiles,
) -> (Vec<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut lines: Vec<CommandLine> = command_files
        .iter()
        .flat_map(|f| command_lines(f, root, yaml, &mut warnings))
        .collect();
    for file in files {
        let dir = file.path.parent().unwrap_or(root).to_path_buf();
        for run in &file.runs {
            lines.push(CommandLine {
                file: &file.path,
                line: run.line,
                text: match &run.command {
                    Command::Shell(s) => s.clone(),
                    Command::Argv(words) => words
                        .iter()
                        .map(|w| {
                            if w.contains(' ') {
                                format!("'{w}'")
                            } else {
                                w.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                },
                // The program's working directory is unknown: the repository root (how its
                // README runs it), else the file's own directory.
                cwds: vec![root.to_path_buf(), dir.clone()],
            });
        }
    }
    let mut seen: HashSet<Vec<PathBuf>> = existing
        .iter()
        .map(|c| c.search_path.iter().map(|e| e.dir.clone()).collect())
        .collect();
    let mut contexts = Vec::new();
    for command in &lines {
        for (cd, words) in simple_commands(&command.text) {
            let Some(run) = interpret(&words) else {
                continue;
            };
            if let Some(context) = context_of(command, cd.as_deref(), &run, root, versions)
                && seen.insert(context.search_path.iter().map(|e| e.dir.clone()).collect())
            {
                contexts.push(context);
            }
        }
    }
    (contexts, warnings)
}

/// The context one Python run describes, when its script is a file of the repository.
fn context_of(
    command: &CommandLine,
    cd: Option<&str>,
    run: &PythonRun,
    root: &Path,
    versions: VersionRange,
) -> Option<Context> {
    let text = command.text.trim().to_string();
    let origin = || Origin::RunCommand {
        file: command.file.to_path_buf(),
        line: command.line,
        text: text.clone(),
    };
    let dirs = command.cwds.iter().map(|d| match cd {
        Some(cd) => canonical_or_lexical(Path::new(cd), d),
        None => d.clone(),
    });
    let (first, invocation) = match &run.invocation {
        Invocation::Script(script) => {
            let file = dirs
                .map(|d| canonical_or_lexical(Path::new(script), &d))
                .find(|f| f.is_file() && f.starts_with(root))?;
            // CPython uses dirname(realpath(script)).
            let real = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            let invocation = format!("python {}", shown(&file));
            (real.parent()?.to_path_buf(), invocation)
        }
        Invocation::Module(module) => {
            let dir = dirs.into_iter().next()?;
            // Only a module of the repository tells where `-m` runs from.
            let top = module.split('.').next().unwrap_or(module);
            if !dir.join(top).is_dir() && !dir.join(format!("{top}.py")).is_file() {
                return None;
            }
            (dir, format!("python -m {module}"))
        }
    };
    let mut search_path = vec![PathEntry {
        dir: first,
        origin: origin(),
        searched_at_startup: false,
    }];
    if let Some(value) = &run.pythonpath {
        let base = command.cwds.first().map_or(root, PathBuf::as_path);
        search_path.extend(
            value
                .split(':')
                .filter(|e| !e.is_empty() && !e.contains('$'))
                .map(|e| PathEntry {
                    dir: canonical_or_lexical(Path::new(e), base),
                    origin: origin(),
                    searched_at_startup: true,
                }),
        );
    }
    Some(Context {
        name: format!("{}:{}: {invocation}", shown(command.file), command.line).into(),
        kind: ContextKind::Command {
            file: command.file.to_path_buf(),
        },
        search_path,
        site_packages: Vec::new(),
        versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        shell_words(s)
    }

    fn script(s: &str) -> Option<String> {
        match interpret(&words(s))?.invocation {
            Invocation::Script(p) => Some(p),
            Invocation::Module(m) => Some(format!("-m {m}")),
        }
    }

    #[test]
    fn interpreters_runners_and_options() {
        assert_eq!(
            script("python tools/x.py --all").as_deref(),
            Some("tools/x.py")
        );
        assert_eq!(
            script("python3.12 -u -X dev app.py").as_deref(),
            Some("app.py")
        );
        assert_eq!(
            script(".venv/bin/python -m app.cli").as_deref(),
            Some("-m app.cli")
        );
        assert_eq!(
            script("$(PYTHON) manage.py runserver").as_deref(),
            Some("manage.py")
        );
        assert_eq!(
            script("uv run --frozen scripts/gen.py").as_deref(),
            Some("scripts/gen.py")
        );
        assert_eq!(
            script("poetry run python bench/run.py").as_deref(),
            Some("bench/run.py")
        );
        assert_eq!(
            script("env FOO=1 python 'my app.py'").as_deref(),
            Some("my app.py")
        );
        assert_eq!(script("python -c 'import x'"), None);
        assert_eq!(script("python -I app.py"), None);
        assert_eq!(script("pythonic app.py"), None);
        assert_eq!(script("pip install -e ."), None);
        let run = interpret(&words("PYTHONPATH=src:lib python main.py")).unwrap();
        assert_eq!(run.pythonpath.as_deref(), Some("src:lib"));
    }

    #[test]
    fn shell_lines_split_into_commands_with_their_directory() {
        let cmds = simple_commands("cd services/api && PYTHONPATH=. python main.py; echo done");
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].0.as_deref(), Some("services/api"));
        assert_eq!(cmds[0].1, ["PYTHONPATH=.", "python", "main.py"]);
    }

    #[test]
    fn readme_code_blocks_and_prompts() {
        let text = "# App\n\nRun it:\n\n```bash\npip install -r req.txt\npython app/main.py\n```\n\n$ python tools/x.py\n\nprose python y.py\n";
        let lines: Vec<String> = readme_lines(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            lines,
            [
                "pip install -r req.txt",
                "python app/main.py",
                "python tools/x.py"
            ]
        );
    }
}
