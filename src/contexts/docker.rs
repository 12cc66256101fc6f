//! Search paths from Dockerfiles: the final stage's `ENV PYTHONPATH` (with `ARG`/`ENV` expansion
//! and `:`-joined lists), mapped from container paths back to the repository through `COPY`/`ADD`
//! and `WORKDIR`; the Python version of the `FROM` tag; AWS Lambda base images' code root; and a
//! `CMD`/`ENTRYPOINT` that runs `python script.py` or `python -m pkg`.
//!
//! Problems (an unknown instruction, an unterminated variable, a `COPY` source that does not
//! exist, a `PYTHONPATH` entry no `COPY` explains) are warnings with the file and line; whatever
//! can be read is still used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::commands::Invocation;
use super::{Origin, PathEntry, Warning};
use crate::message::shown;
use crate::python::PythonVersion;

/// What one Dockerfile says about how the code runs.
#[derive(Debug, Default)]
pub struct DockerRun {
    /// Entries before the stdlib: `PYTHONPATH` (searched at start-up), then the directory the
    /// runtime adds (the Lambda code root, the working directory of `python -m`).
    pub search_path: Vec<PathEntry>,
    /// `python script.py` in `CMD`/`ENTRYPOINT`, mapped into the repository.
    pub script: Option<(PathBuf, Origin)>,
    pub version: Option<PythonVersion>,
    /// An AWS Lambda base image: the Lambda runtime starts the function.
    pub lambda: bool,
}

struct Instruction {
    line: usize,
    keyword: String,
    args: String,
}

impl Instruction {
    fn new(line: usize, text: &str) -> Instruction {
        let text = text.trim();
        let (keyword, args) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        Instruction {
            line,
            keyword: keyword.to_ascii_uppercase(),
            args: args.trim().to_string(),
        }
    }
}

/// Joins continuation lines and drops comments: one instruction per item, with its first line.
fn instructions(text: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_none()) {
            continue;
        }
        let (start, mut acc) = current.take().unwrap_or((i + 1, String::new()));
        match line.strip_suffix('\\') {
            Some(body) => {
                acc.push_str(body);
                acc.push(' ');
                current = Some((start, acc));
            }
            None => {
                acc.push_str(line);
                out.push(Instruction::new(start, &acc));
            }
        }
    }
    if let Some((start, acc)) = current {
        out.push(Instruction::new(start, &acc)); // a continuation at the end of the file
    }
    out
}

/// Expands `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alternative}`.
fn expand(value: &str, vars: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'$') => out.push(chars.next().expect("peeked")),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                if !closed {
                    return Err(format!("unterminated variable `${{{inner}`"));
                }
                let (name, modifier) = match inner.find(':') {
                    Some(i) => (&inner[..i], Some(&inner[i + 1..])),
                    None => (inner.as_str(), None),
                };
                let set = vars.get(name).filter(|v| !v.is_empty());
                match modifier {
                    Some(m) if m.starts_with('-') => match set {
                        Some(v) => out.push_str(v),
                        None => out.push_str(&expand(&m[1..], vars)?),
                    },
                    Some(m) if m.starts_with('+') => {
                        if set.is_some() {
                            out.push_str(&expand(&m[1..], vars)?);
                        }
                    }
                    _ => out.push_str(set.map_or("", String::as_str)),
                }
            }
            '$' if chars
                .peek()
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') =>
            {
                let mut name = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push_str(vars.get(&name).map_or("", String::as_str));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Splits `a=1 b="x y"` into pairs; `KEY value with spaces` (the legacy form) is one pair.
fn env_pairs(args: &str) -> Vec<(String, String)> {
    let first = args.split_whitespace().next().unwrap_or_default();
    if !first.contains('=') {
        let (key, value) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        return vec![(key.to_string(), value.trim().to_string())];
    }
    let mut pairs = Vec::new();
    let mut chars = args.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|&c| c != '=').collect();
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        let mut quote = None;
        while let Some(&c) = chars.peek() {
            match (quote, c) {
                (None, c) if c.is_whitespace() => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (_, '\\') => {
                    chars.next();
                    if let Some(&n) = chars.peek() {
                        value.push(n);
                    }
                }
                (_, c) => value.push(c),
            }
            chars.next();
        }
        pairs.push((key, value));
    }
    pairs
}

/// `["python", "app.py"]` (exec form) or `python app.py` (shell form).
fn command_words(args: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(args)
        .unwrap_or_else(|_| args.split_whitespace().map(str::to_string).collect())
}

/// The Python version in an image reference: `python:3.12-slim`, `…/lambda/python:3.12`.
fn image_version(image: &str) -> Option<PythonVersion> {
    let (name, tag) = image.rsplit_once(':')?;
    if !name.contains("python") {
        return None;
    }
    let digits: String = tag
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut parts = digits.split('.');
    let (Some("3"), Some(minor)) = (parts.next(), parts.next()) else {
        return None;
    };
    minor
        .parse()
        .ok()
        .map(PythonVersion)
        .filter(|v| v.is_supported())
}

fn is_lambda_image(image: &str) -> bool {
    image.contains("lambda/python") || image.contains("aws-lambda-python")
}

/// A `COPY`: container path → repository path.
#[derive(Clone)]
struct Copy {
    container: String,
    repo: PathBuf,
    line: usize,
    text: String,
}

fn join_container(base: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{path}", base.trim_end_matches('/'))
    };
    // Normalise `.`/`..` and duplicate slashes.
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// One build stage, evaluated in order: what its filesystem holds of the repository (each
/// `COPY`/`ADD`, and each `COPY --from` of an earlier stage mapped through that stage's copies)
/// and the environment and command it leaves.
#[derive(Clone, Default)]
struct Stage {
    /// `FROM … AS name`.
    name: Option<String>,
    image: String,
    vars: HashMap<String, String>,
    workdir: String,
    copies: Vec<Copy>,
    /// `ENV PYTHONPATH`: its line, value and instruction text.
    pythonpath: Option<(usize, String, String)>,
    entrypoint: Vec<String>,
    cmd: Option<(usize, Vec<String>, String)>,
}

/// Where a Dockerfile is read from and how its problems are reported.
struct Reader<'a> {
    path: &'a Path,
    /// The candidate build contexts: the Dockerfile's directory, then the project root.
    contexts: [PathBuf; 2],
    warnings: Vec<Warning>,
}

impl Reader<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning {
            file: self.path.to_path_buf(),
            line,
            message: message.into(),
        });
    }

    fn expand(&mut self, line: usize, s: &str, vars: &HashMap<String, String>) -> String {
        expand(s, vars).unwrap_or_else(|e| {
            self.warn(line, e);
            s.to_string()
        })
    }

    /// The build stages, in order.
    fn stages(&mut self, instructions: &[Instruction]) -> Vec<Stage> {
        let mut global_args: HashMap<String, String> = HashMap::new();
        let mut stages: Vec<Stage> = Vec::new();
        for ins in instructions {
            if ins.keyword == "FROM" {
                stages.push(self.from(ins, &global_args, &stages));
                continue;
            }
            let Some(stage) = stages.last_mut() else {
                // Before the first FROM only ARG is allowed: the global build arguments.
                if ins.keyword == "ARG" {
                    for (key, value) in env_pairs(&ins.args) {
                        let value = self.expand(ins.line, &value, &global_args);
                        global_args.insert(key, value);
                    }
                } else {
                    self.warn(ins.line, format!("`{}` before the first FROM", ins.keyword));
                }
                continue;
            };
            let mut stage = std::mem::take(stage);
            self.apply(ins, &mut stage, &global_args, &stages);
            *stages.last_mut().expect("a stage") = stage;
        }
        stages
    }

    /// A new stage: from an image, or from an earlier stage (which it continues).
    fn from(
        &mut self,
        ins: &Instruction,
        global_args: &HashMap<String, String>,
        stages: &[Stage],
    ) -> Stage {
        let words: Vec<&str> = ins
            .args
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        let image = self.expand(
            ins.line,
            words.first().copied().unwrap_or_default(),
            global_args,
        );
        let name = match words.as_slice() {
            [_, as_, name, ..] if as_.eq_ignore_ascii_case("as") => Some(name.to_string()),
            _ => None,
        };
        if let Some(base) = find_stage(stages, &image) {
            return Stage {
                name,
                ..base.clone()
            };
        }
        let mut vars = global_args.clone();
        if is_lambda_image(&image) {
            vars.insert("LAMBDA_TASK_ROOT".into(), "/var/task".into());
            vars.insert("LAMBDA_RUNTIME_DIR".into(), "/var/runtime".into());
        }
        Stage {
            name,
            image,
            vars,
            workdir: "/".to_string(),
            ..Stage::default()
        }
    }

    fn apply(
        &mut self,
        ins: &Instruction,
        stage: &mut Stage,
        global_args: &HashMap<String, String>,
        stages: &[Stage],
    ) {
        match ins.keyword.as_str() {
            "ARG" => {
                for (key, value) in env_pairs(&ins.args) {
                    let value = if ins.args.contains('=') {
                        self.expand(ins.line, &value, &stage.vars)
                    } else {
                        global_args.get(&key).cloned().unwrap_or_default()
                    };
                    stage.vars.entry(key).or_insert(value);
                }
            }
            "ENV" => {
                for (key, value) in env_pairs(&ins.args) {
                    let value = self.expand(ins.line, &value, &stage.vars);
                    if key == "PYTHONPATH" {
                        let shown = ins.args.split_whitespace().collect::<Vec<_>>().join(" ");
                        stage.pythonpath = Some((ins.line, value.clone(), format!("ENV {shown}")));
                    }
                    stage.vars.insert(key, value);
                }
            }
            "WORKDIR" => {
                let w = self.expand(ins.line, &ins.args, &stage.vars);
                stage.workdir = join_container(&stage.workdir, &w);
            }
            "COPY" | "ADD" => self.copy(ins, stage, stages),
            "ENTRYPOINT" => {
                stage.entrypoint = command_words(&self.expand(ins.line, &ins.args, &stage.vars))
            }
            "CMD" => {
                stage.cmd = Some((
                    ins.line,
                    command_words(&self.expand(ins.line, &ins.args, &stage.vars)),
                    format!("CMD {}", ins.args),
                ))
            }
            "RUN" | "LABEL" | "EXPOSE" | "USER" | "VOLUME" | "SHELL" | "HEALTHCHECK"
            | "STOPSIGNAL" | "ONBUILD" | "MAINTAINER" => {}
            other => self.warn(ins.line, format!("unknown instruction `{other}`")),
        }
    }

    /// `COPY`/`ADD` of the build context, or `COPY --from=<stage>` of what an earlier stage
    /// holds of the repository (another image's files are not the repository's).
    fn copy(&mut self, ins: &Instruction, stage: &mut Stage, stages: &[Stage]) {
        let mut words: Vec<String> = if ins.args.trim_start().starts_with('[') {
            command_words(&ins.args)
        } else {
            ins.args.split_whitespace().map(str::to_string).collect()
        };
        let from = words
            .iter()
            .find_map(|w| w.strip_prefix("--from="))
            .map(str::to_string);
        let source_stage = match &from {
            Some(name) => match find_stage(stages, name) {
                Some(s) => Some(s),
                None => return, // another image: nothing of the repository
            },
            None => None,
        };
        words.retain(|w| !w.starts_with("--"));
        let Some(dest) = words.pop() else { return };
        let dest = self.expand(ins.line, &dest, &stage.vars);
        let dest_is_dir = dest.ends_with('/');
        let dest = join_container(&stage.workdir, &dest);
        let many = words.len() > 1;
        let text = format!("{} {}", ins.keyword, ins.args);
        for source in words {
            let source = self.expand(ins.line, &source, &stage.vars);
            // `ADD https://…` / a git URL: fetched at build time, not the repository's.
            if ins.keyword == "ADD" && (source.contains("://") || source.starts_with("git@")) {
                continue;
            }
            let clean = source.trim_end_matches('/');
            let found = match source_stage {
                Some(earlier) => {
                    let container = join_container(&earlier.workdir, clean);
                    // What the earlier stage holds there, if it came from the repository.
                    let Some((repo, _)) = to_repo(&earlier.copies, &container) else {
                        continue;
                    };
                    repo.exists().then_some(repo)
                }
                None => self.in_build_context(clean),
            };
            let Some(repo) = found else {
                if source_stage.is_none() {
                    let dir = self.contexts[0].clone();
                    self.warn(
                        ins.line,
                        format!(
                            "{} source `{source}` does not exist in {} (the assumed build context) or the project root",
                            ins.keyword,
                            shown(&dir)
                        ),
                    );
                }
                continue;
            };
            // A file copied into a directory keeps its name there.
            let is_glob = clean.contains(['*', '?', '[']);
            let container = if repo.is_file() && (many || dest_is_dir || is_glob) {
                join_container(
                    &dest,
                    repo.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                )
            } else {
                dest.clone()
            };
            stage.copies.push(Copy {
                container,
                repo,
                line: ins.line,
                text: text.clone(),
            });
        }
    }

    /// A `COPY` source in the first build context that has it (a glob: its directory).
    fn in_build_context(&self, source: &str) -> Option<PathBuf> {
        let is_glob = source.contains(['*', '?', '[']);
        self.contexts.iter().find_map(|ctx| {
            let candidate = crate::paths::absolutize(Path::new(source), ctx);
            let probe = if is_glob {
                candidate.parent().map(Path::to_path_buf)
            } else {
                Some(candidate)
            };
            probe.filter(|p| p.exists())
        })
    }

    /// How the final stage runs the code: its `PYTHONPATH`, the Lambda code root, and the
    /// command (`python script.py`, `python -m pkg`).
    fn interpret(&mut self, stage: &Stage) -> DockerRun {
        let path = self.path;
        let mut run = DockerRun {
            version: image_version(&stage.image),
            lambda: is_lambda_image(&stage.image),
            ..DockerRun::default()
        };
        if let Some((line, value, text)) = &stage.pythonpath {
            // An entry whose expansion failed was already reported.
            for entry in value
                .split(':')
                .filter(|e| !e.is_empty() && !e.contains("${"))
            {
                let container = join_container(&stage.workdir, entry);
                match to_repo(&stage.copies, &container) {
                    Some((dir, copy)) => run.search_path.push(PathEntry {
                        dir,
                        origin: Origin::Dockerfile {
                            file: path.to_path_buf(),
                            line: *line,
                            text: format!(
                                "{text} → {container}, from `{}` (line {})",
                                copy.text, copy.line
                            ),
                        },
                        searched_at_startup: true,
                    }),
                    None => self.warn(
                        *line,
                        format!(
                            "PYTHONPATH entry `{container}` comes from no COPY of this repository; skipped"
                        ),
                    ),
                }
            }
        }
        if is_lambda_image(&stage.image)
            && let Some((dir, copy)) = to_repo(&stage.copies, "/var/task")
        {
            run.search_path.push(PathEntry {
                dir,
                origin: Origin::Dockerfile {
                    file: path.to_path_buf(),
                    line: copy.line,
                    text: format!(
                        "AWS Lambda code root /var/task (LAMBDA_TASK_ROOT), from `{}`",
                        copy.text
                    ),
                },
                searched_at_startup: false,
            });
        }
        let mut argv: Vec<String> = stage.entrypoint.clone();
        let (cmd_line, cmd_text) = match &stage.cmd {
            Some((line, words, text)) => {
                argv.extend(words.iter().cloned());
                (*line, text.clone())
            }
            None => (0, String::new()),
        };
        let python = argv
            .iter()
            .position(|w| super::commands::is_interpreter(w))
            .and_then(|py| super::commands::interpret(&argv[py..]));
        let workdir = &stage.workdir;
        match python.map(|p| p.invocation) {
            Some(Invocation::Module(_)) => {
                if let Some((dir, _)) = to_repo(&stage.copies, workdir) {
                    run.search_path.push(PathEntry {
                        dir,
                        origin: Origin::Dockerfile {
                            file: path.to_path_buf(),
                            line: cmd_line,
                            text: format!("`{cmd_text}` runs `python -m` in WORKDIR {workdir}"),
                        },
                        searched_at_startup: false,
                    });
                }
            }
            Some(Invocation::Script(script)) => {
                let container = join_container(workdir, &script);
                match to_repo(&stage.copies, &container) {
                    Some((file, _)) if file.is_file() => {
                        run.script = Some((
                            file,
                            Origin::Dockerfile {
                                file: path.to_path_buf(),
                                line: cmd_line,
                                text: cmd_text.clone(),
                            },
                        ))
                    }
                    _ => self.warn(
                        cmd_line,
                        format!("script `{container}` comes from no COPY of this repository"),
                    ),
                }
            }
            None => {}
        }
        run
    }
}

/// The earlier stage a `FROM` or `COPY --from` names: by `AS` name or by index.
fn find_stage<'s>(stages: &'s [Stage], reference: &str) -> Option<&'s Stage> {
    stages
        .iter()
        .find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(reference))
        })
        .or_else(|| reference.parse::<usize>().ok().and_then(|i| stages.get(i)))
}

/// Container directory → repository directory, through the most specific COPY; failing that,
/// through a COPY into a subdirectory that keeps its name (`COPY src/ /var/task/src/` puts
/// /var/task at the build context).
fn to_repo<'c>(copies: &'c [Copy], container: &str) -> Option<(PathBuf, &'c Copy)> {
    let prefix = format!("{}/", container.trim_end_matches('/'));
    let within = copies
        .iter()
        .filter(|c| {
            container == c.container
                || container.starts_with(&format!("{}/", c.container.trim_end_matches('/')))
        })
        .max_by_key(|c| c.container.len())
        .map(|c| {
            let rest = container[c.container.len()..].trim_start_matches('/');
            let dir = if rest.is_empty() {
                c.repo.clone()
            } else {
                c.repo.join(rest)
            };
            (dir, c)
        });
    within.or_else(|| {
        copies.iter().find_map(|c| {
            let tail = c.container.strip_prefix(&prefix)?;
            let mut repo = c.repo.clone();
            for part in tail.split('/').rev() {
                if repo.file_name()?.to_str()? != part {
                    return None;
                }
                repo.pop();
            }
            Some((repo, c))
        })
    })
}

/// Reads a Dockerfile: parse it into instructions, evaluate the build stages, and interpret
/// how the final one runs the code. `root` is the project root, the other candidate build
/// context.
pub fn read(path: &Path, root: &Path) -> (DockerRun, Vec<Warning>) {
    let dir = path.parent().unwrap_or(root).to_path_buf();
    let mut reader = Reader {
        path,
        contexts: [dir, root.to_path_buf()],
        warnings: Vec::new(),
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        reader.warn(1, "cannot read this file as UTF-8 text".to_string());
        return (DockerRun::default(), reader.warnings);
    };
    let stages = reader.stages(&instructions(&text));
    let run = match stages.last() {
        Some(last) => reader.interpret(last),
        None => DockerRun::default(),
    };
    (run, reader.warnings)
}

/// `Dockerfile`, `Containerfile`, `*.dockerfile`, `api.Dockerfile`, `Dockerfile.prod`… but not
/// the files named after one that are something else: `Dockerfile.dockerignore`, templates
/// (`Dockerfile.j2`, `Dockerfile.in`, `.tmpl`), notes and backups.
pub fn is_dockerfile(path: &Path) -> bool {
    const NOT_DOCKERFILES: &[&str] = &[
        "dockerignore",
        "j2",
        "jinja",
        "jinja2",
        "tmpl",
        "tpl",
        "template",
        "in",
        "md",
        "txt",
        "rst",
        "bak",
        "orig",
        "swp",
        "sample",
        "example",
    ];
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, e)| e);
    if extension.is_some_and(|e| NOT_DOCKERFILES.contains(&e)) {
        return false;
    }
    ["dockerfile", "containerfile"].iter().any(|base| {
        lower == *base
            || lower.ends_with(&format!(".{base}"))
            || lower.starts_with(&format!("{base}."))
            || lower.starts_with(&format!("{base}-"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_expand() {
        let vars: HashMap<String, String> = [("ROOT".to_string(), "/var/task".to_string())]
            .into_iter()
            .collect();
        assert_eq!(
            expand("${ROOT}:$ROOT/src", &vars).unwrap(),
            "/var/task:/var/task/src"
        );
        assert_eq!(expand("${MISSING:-/app}/lib", &vars).unwrap(), "/app/lib");
        assert_eq!(expand("${ROOT:+set}", &vars).unwrap(), "set");
        assert_eq!(expand("\\$ROOT", &vars).unwrap(), "$ROOT");
        assert!(expand("${ROOT", &vars).is_err());
    }

    #[test]
    fn env_forms() {
        assert_eq!(
            env_pairs("A=1 B=\"x y\""),
            [("A".into(), "1".into()), ("B".into(), "x y".into())]
        );
        assert_eq!(
            env_pairs("PYTHONPATH /app/src"),
            [("PYTHONPATH".into(), "/app/src".into())]
        );
    }

    #[test]
    fn images_and_paths() {
        assert_eq!(image_version("python:3.12-slim"), Some(PythonVersion(12)));
        assert_eq!(
            image_version("public.ecr.aws/lambda/python:3.11"),
            Some(PythonVersion(11))
        );
        assert_eq!(image_version("ubuntu:22.04"), None);
        assert_eq!(join_container("/app", "src/../lib"), "/app/lib");
        assert_eq!(join_container("/app", "/abs"), "/abs");
    }

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "Dockerfile.prod",
            "x.dockerfile",
        ] {
            assert!(is_dockerfile(Path::new(name)), "{name}");
        }
        for name in [
            "Dockerfile.dockerignore",
            "Dockerfile.j2",
            "Dockerfile.in",
            "dockerfile.md",
            "notes.txt",
        ] {
            assert!(!is_dockerfile(Path::new(name)), "{name}");
        }
    }
}
