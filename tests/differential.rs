//! Differential test of the search-path model against the real interpreter.
//!
//! A seeded generator builds small random trees (modules, packages, namespace portions,
//! bytecode, extension stand-ins, stubs, `__pycache__` files, stdlib and non-stdlib names, in
//! several path entries in random order). For each tree, the real `python3` answers
//! `importlib.util.find_spec(name)` for every name (no project code runs), and stdshadow's
//! model must give the same answer. Two modes: entries inserted into `sys.path` after start-up
//! (a script's directory) and entries in `PYTHONPATH` (searched during start-up).
//!
//! `STDSHADOW_DIFF_TREES` sets the number of trees a mode (default 150); `STDSHADOW_DIFF_SEED`
//! the seed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use stdshadow::contexts::{Context, ContextKind, Origin, PathEntry};
use stdshadow::python::{PythonVersion, VersionRange};
use stdshadow::resolve::{Finding, SearchPath, StdlibResolution};

const STDLIB_NAMES: &[&str] = &[
    "json",
    "csv",
    "email",
    "string",
    "queue",
    "random",
    "logging",
    "types",
    "typing",
    "tomllib",
    "os",
    "sys",
    "time",
    "abc",
    "codecs",
    "site",
    "io",
    "stat",
    "http",
    "heapq",
    "imp",
    "asynchat",
    "encodings",
    "importlib",
    "__future__",
];
const OTHER_NAMES: &[&str] = &["mylib", "helpers", "app", "Json"];

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Interpreter {
    version: PythonVersion,
    extension_suffix: String,
    python: PathBuf,
    _venv: tempfile::TempDir,
}

/// A clean virtual environment: the machine's own site-packages may hold `.pth` files that
/// pre-import modules (fact 7 of python-facts), which would change what can be shadowed.
fn interpreter() -> Interpreter {
    let venv = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .args(["-m", "venv", "--without-pip"])
        .arg(venv.path())
        .status()
        .expect("python3 is installed (.ci/run installs it)");
    assert!(status.success(), "cannot create a virtual environment");
    let python = venv.path().join("bin/python");
    let out = Command::new(&python)
        .args([
            "-c",
            "import sys, importlib.machinery as m; print(sys.version_info[1]); print(m.EXTENSION_SUFFIXES[0])",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    Interpreter {
        version: PythonVersion(lines.next().unwrap().parse().unwrap()),
        extension_suffix: lines.next().unwrap().to_string(),
        python,
        _venv: venv,
    }
}

/// Creates one module-like thing for `name` in `dir`, in a random form.
/// Returns what was planted, or `None` when it collides with an earlier plant.
fn plant(rng: &mut Rng, dir: &Path, name: &str, ext: &str) -> Option<String> {
    let write = |rel: String| {
        let path = dir.join(&rel);
        fs::create_dir_all(path.parent().unwrap()).ok()?;
        fs::write(path, "raise SystemExit('project code must not run')\n").ok()?;
        Some(rel)
    };
    match rng.below(12) {
        0..=2 => write(format!("{name}.py")),
        3 | 4 => write(format!("{name}/__init__.py")),
        5 => write(format!("{name}/__init__.pyc")),
        6 | 7 => write(format!("{name}/part.py")), // namespace portion
        8 => write(format!("{name}.pyc")),
        9 => write(format!(
            "{name}{}",
            rng.pick(&[ext, ".abi3.so", ".so", ".cpython-399-x86_64-linux-gnu.so"])
        )),
        10 => write(format!("{name}.pyi")),
        _ => {
            // Not importable from here, or not a file: cached bytecode, a directory named `x.py`.
            if rng.below(2) == 0 {
                write(format!("__pycache__/{name}.cpython-311.pyc"))
            } else {
                fs::create_dir_all(dir.join(format!("{name}.py"))).ok()?;
                Some(format!("{name}.py/"))
            }
        }
    }
}

/// Asks the import system itself, without importing anything: `json` or `importlib.util` would
/// pull in stdlib modules (`re`, `enum`, `types`...) that a planted module may shadow.
const ORACLE: &str = r#"
import sys
import _frozen_importlib as bootstrap
mode, entries, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
if mode == "insert":
    sys.path[0:0] = entries.split(":")
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

enum Oracle {
    /// name → (kind, value), one line each.
    Answers(std::collections::HashMap<String, (String, String)>),
    FailedToStart(String),
}

fn ask_python(
    python: &Path,
    entries: &[PathBuf],
    names: &[&str],
    at_startup: bool,
    scratch: &Path,
) -> Oracle {
    let entries_text: Vec<String> = entries.iter().map(|p| p.display().to_string()).collect();
    let mode = if at_startup { "env" } else { "insert" };
    let mut cmd = Command::new(python);
    cmd.arg("-c")
        .args([ORACLE, mode, &entries_text.join(":"), &names.join(",")])
        .current_dir(scratch)
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
        .env_remove("PYTHONSAFEPATH");
    if at_startup {
        cmd.env("PYTHONPATH", entries_text.join(":"));
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

fn context(entries: &[PathBuf], at_startup: bool, version: PythonVersion) -> Context {
    Context {
        name: "differential".into(),
        kind: ContextKind::Pythonpath,
        search_path: entries
            .iter()
            .map(|dir| PathEntry {
                dir: dir.clone(),
                origin: Origin::Cli,
                searched_at_startup: at_startup,
            })
            .collect(),
        versions: VersionRange::single(version),
    }
}

/// What the model says `find_spec(name)` reports: a local file, a local namespace, or "not local".
#[derive(Debug, PartialEq)]
enum Expect {
    Local(PathBuf),
    Namespace(PathBuf),
    NotLocal,
    Missing,
}

fn model(sp: &SearchPath, name: &str, version: PythonVersion) -> Expect {
    if version.table().is_stdlib(name) {
        return match sp.resolve_stdlib(name, version) {
            StdlibResolution::Shadowed(hit) | StdlibResolution::ReplacedAtStartup(hit) => {
                Expect::Local(hit.module.file)
            }
            _ => Expect::NotLocal,
        };
    }
    match sp.find_local(name, version) {
        Finding::Module(m) => Expect::Local(m.file),
        Finding::NamespacePortion(p) => Expect::Namespace(p),
        Finding::Nothing => Expect::Missing,
    }
}

fn observed((kind, value): &(String, String), root: &Path) -> Expect {
    let local = Path::new(value).starts_with(root);
    match kind.as_str() {
        "namespace" if local => Expect::Namespace(PathBuf::from(value)),
        "found" if local => Expect::Local(PathBuf::from(value)),
        "namespace" | "found" => Expect::NotLocal,
        "none" => Expect::Missing,
        _ => panic!("find_spec raised: {value}"),
    }
}

fn run_mode(at_startup: bool) {
    let trees: usize = std::env::var("STDSHADOW_DIFF_TREES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let seed: u64 = std::env::var("STDSHADOW_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let python = interpreter();
    let version = python.version;
    let names: Vec<&str> = STDLIB_NAMES.iter().chain(OTHER_NAMES).copied().collect();
    let mut rng = Rng(seed ^ if at_startup { 0xabcdef } else { 0 });
    let (mut compared, mut crashes) = (0usize, 0usize);
    for tree in 0..trees {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let scratch = root.join("cwd");
        fs::create_dir(&scratch).unwrap();
        let dirs: Vec<PathBuf> = (0..1 + rng.below(4))
            .map(|i| root.join(format!("entry{i}")))
            .collect();
        let mut planted = Vec::new();
        for dir in &dirs {
            fs::create_dir_all(dir).unwrap();
            for _ in 0..rng.below(6) {
                let name = *rng.pick(&names);
                if let Some(rel) = plant(&mut rng, dir, name, &python.extension_suffix) {
                    planted.push(format!(
                        "{}/{rel}",
                        dir.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
        let mut entries = dirs.clone();
        // Shuffle, sometimes repeat an entry or add one that does not exist.
        for i in (1..entries.len()).rev() {
            entries.swap(i, rng.below(i + 1));
        }
        if rng.below(5) == 0 {
            entries.push(entries[0].clone());
        }
        if rng.below(5) == 0 {
            entries.insert(rng.below(entries.len()), root.join("missing"));
        }
        let ctx = context(&entries, at_startup, version);
        let sp = SearchPath::new(&ctx);
        let describe = || {
            format!(
                "tree {tree} (seed {seed:#x}, at_startup={at_startup}): entries {entries:?}, planted {planted:?}"
            )
        };
        match ask_python(&python.python, &entries, &names, at_startup, &scratch) {
            Oracle::FailedToStart(stderr) => {
                let replaced = names.iter().any(|n| {
                    version.table().is_stdlib(n)
                        && matches!(
                            sp.resolve_stdlib(n, version),
                            StdlibResolution::ReplacedAtStartup(_)
                        )
                });
                assert!(
                    replaced,
                    "python failed to start but the model predicts no start-up replacement: {}\n{stderr}",
                    describe()
                );
                crashes += 1;
            }
            Oracle::Answers(answers) => {
                for name in &names {
                    let expected = model(&sp, name, version);
                    let actual = observed(&answers[*name], &root);
                    assert_eq!(expected, actual, "`{name}` differs in {}", describe());
                    compared += 1;
                }
            }
        }
    }
    println!(
        "differential (at_startup={at_startup}): {trees} trees, {compared} names agreed, {crashes} start-up failures predicted"
    );
}

#[test]
fn script_directory_entries_agree_with_python() {
    run_mode(false);
}

#[test]
fn pythonpath_entries_agree_with_python() {
    run_mode(true);
}
