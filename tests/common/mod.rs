//! Shared by the tests: running the binary on fixtures, and for the tests that ask the real
//! interpreter, a clean venv, a seeded RNG and the import-system oracle.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use stdshadow::python::PythonVersion;

/// xorshift64*: deterministic, dependency-free.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub struct Interpreter {
    pub version: PythonVersion,
    pub extension_suffix: String,
    /// `sys.builtin_module_names`: builds differ (Debian compiles `select`, `math`… in).
    pub builtins: Vec<String>,
    pub python: PathBuf,
    _venv: tempfile::TempDir,
}

/// A clean virtual environment: the machine's own site-packages may hold `.pth` files that
/// pre-import modules (fact 7 of python-facts), which would change what can be shadowed.
/// `STDSHADOW_TEST_PYTHON` names another interpreter to test against (any CPython 3.8+);
/// `STDSHADOW_TEST_PYTHON_AS_IS=1` uses it without a virtual environment (an unpacked build
/// started through a wrapper script, whose venv could not start it).
pub fn interpreter() -> Interpreter {
    let venv = tempfile::tempdir().unwrap();
    let base = std::env::var("STDSHADOW_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let python = if std::env::var_os("STDSHADOW_TEST_PYTHON_AS_IS").is_some() {
        PathBuf::from(&base)
    } else {
        let status = Command::new(&base)
            .args(["-m", "venv", "--without-pip"])
            .arg(venv.path())
            .status()
            .expect(
                "python3 is installed (.ci/run installs it), or STDSHADOW_TEST_PYTHON names one",
            );
        assert!(status.success(), "cannot create a virtual environment");
        venv.path().join("bin/python")
    };
    let out = Command::new(&python)
        .args([
            "-c",
            "import sys, importlib.machinery as m; print(sys.version_info[1]); print(m.EXTENSION_SUFFIXES[0]); print(','.join(sys.builtin_module_names))",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    Interpreter {
        version: PythonVersion(lines.next().unwrap().parse().unwrap()),
        extension_suffix: lines.next().unwrap().to_string(),
        builtins: lines.next().unwrap().split(',').map(String::from).collect(),
        python,
        _venv: venv,
    }
}

/// Asks the import system itself, without importing anything: `json` or `importlib.util` would
/// pull in stdlib modules (`re`, `enum`, `types`...) that a planted module may shadow.
const ORACLE: &str = r#"
import sys
import _frozen_importlib as bootstrap
inserted, names, appended = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
if inserted:
    sys.path[0:0] = inserted.split(":")
if appended:
    # What site.addsitedir does with a .pth line: after the stdlib and site-packages.
    sys.path.extend(appended.split(":"))
for name in names:
    if name in sys.modules:
        spec = getattr(sys.modules[name], "__spec__", None)
        origin = spec.origin if spec else "built-in"
        print(name, "found", origin, sep="\t")
        continue
    try:
        spec = bootstrap._find_spec(name, None)
    except Exception as e:
        print(name, "error", repr(e), sep="\t")
        continue
    if spec is None:
        print(name, "none", "", sep="\t")
    elif spec.origin is None and spec.submodule_search_locations is not None:
        print(name, "namespace", list(spec.submodule_search_locations)[0], sep="\t")
    else:
        print(name, "found", spec.origin, sep="\t")
"#;

pub enum Oracle {
    /// name → (kind, value), one line each.
    Answers(HashMap<String, (String, String)>),
    FailedToStart(String),
}

pub fn ask_python(
    python: &Path,
    pythonpath: &[PathBuf],
    inserted: &[PathBuf],
    appended: &[PathBuf],
    names: &[&str],
    scratch: &Path,
) -> Oracle {
    let join = |entries: &[PathBuf]| {
        entries
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(":")
    };
    let mut cmd = Command::new(python);
    cmd.arg("-c")
        .args([ORACLE, &join(inserted), &names.join(","), &join(appended)])
        .current_dir(scratch)
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
        .env_remove("PYTHONSAFEPATH");
    if !pythonpath.is_empty() {
        cmd.env("PYTHONPATH", join(pythonpath));
    }
    let out = cmd.output().unwrap();
    if !out.status.success() {
        return Oracle::FailedToStart(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8(out.stdout).unwrap();
    Oracle::Answers(
        text.lines()
            .map(|line| {
                let mut parts = line.splitn(3, '\t');
                let name = parts.next().unwrap().to_string();
                let kind = parts.next().unwrap().to_string();
                (name, (kind, parts.next().unwrap_or_default().to_string()))
            })
            .collect(),
    )
}

/// A count of generated cases: the number in the environment variable `var`, else `default`.
pub fn count_from_env(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The innermost traceback frame under `root` — of `only_file` when given — as `(file relative
/// to root, line)`, and the exception text with `root/` removed and the traceback printer's
/// `Did you mean` suggestion (3.10+) dropped, which is not part of the message.
pub fn traceback_failure(
    stderr: &str,
    root: &Path,
    only_file: Option<&str>,
) -> Option<(String, u64, String)> {
    let root = root.display().to_string();
    let prefix = format!("  File \"{root}/");
    let (file, line) = stderr.lines().rev().find_map(|l| {
        let (file, rest) = l.strip_prefix(&prefix)?.split_once("\", line ")?;
        let line: u64 = rest
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        only_file
            .is_none_or(|f| f == file)
            .then(|| (file.to_string(), line))
    })?;
    let error = stderr.lines().last()?.replace(&format!("{root}/"), "");
    let error = match error.rsplit_once(". Did you mean") {
        Some((message, _)) => message.to_string(),
        None => error,
    };
    Some((file, line, error))
}

/// A throw-away project: each `(path, contents)` written under a new temporary directory.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    tmp
}

/// A fixture tree under `testdata/`.
pub fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, None)
}

/// Runs the binary in `dir`, feeding `stdin` to it when given.
pub fn run_with_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_stdshadow"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        // A run that fails before reading its input (a usage error) closes the pipe: not a
        // failure of the test.
        if let Err(e) = child.stdin.take().unwrap().write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("exited normally, no signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

pub fn concise(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--output-format", "concise"];
    args.extend_from_slice(extra);
    run(dir, &args)
}

pub fn json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--output-format", "json"];
    args.extend_from_slice(extra);
    let r = run(dir, &args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("valid JSON")
}

/// The diagnostics of a JSON report.
pub fn diagnostics(v: &serde_json::Value) -> &[serde_json::Value] {
    v["diagnostics"].as_array().expect("a diagnostics list")
}

/// `(code, path)` of each diagnostic of a JSON report.
pub fn reported(v: &serde_json::Value) -> Vec<(String, String)> {
    diagnostics(v)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
