//! Differential test of the search-path model against the real interpreter.
//!
//! A seeded generator builds small random trees (modules, packages, namespace portions,
//! bytecode, extension stand-ins, stubs, `__pycache__` files, stdlib and non-stdlib names, in
//! several path entries in random order). For each tree, the real `python3` answers
//! `importlib.util.find_spec(name)` for every name (no project code runs), and stdshadow's
//! model must give the same answer. Two modes: entries inserted into `sys.path` after start-up
//! (a script's directory) and entries in `PYTHONPATH` (searched during start-up); in a third of
//! the trees the last entries are appended after the stdlib instead (site-packages, `.pth`).
//!
//! `STDSHADOW_DIFF_TREES` sets the number of trees a mode (default 200); `STDSHADOW_DIFF_SEED`
//! the seed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Oracle, Rng, ask_python, interpreter};

use stdshadow::contexts::{Context, ContextKind, Origin, PathEntry};
use stdshadow::finder::Finding;
use stdshadow::python::{PythonVersion, VersionRange};
use stdshadow::resolve::{SearchPath, StdlibResolution};

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

fn context(
    entries: &[PathBuf],
    site_packages: &[PathBuf],
    at_startup: bool,
    version: PythonVersion,
) -> Context {
    let entry = |dir: &PathBuf, searched_at_startup: bool| PathEntry {
        dir: dir.clone(),
        origin: Origin::Cli,
        searched_at_startup,
    };
    Context {
        name: "differential".into(),
        kind: ContextKind::Pythonpath,
        search_path: entries.iter().map(|d| entry(d, at_startup)).collect(),
        site_packages: site_packages.iter().map(|d| entry(d, false)).collect(),
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
        .unwrap_or(200);
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
        // Sometimes the last entries are site-packages ones (after the stdlib, like `.pth` lines).
        let split = if rng.below(3) == 0 {
            rng.below(entries.len() + 1)
        } else {
            entries.len()
        };
        let site_packages = entries.split_off(split);
        let ctx = context(&entries, &site_packages, at_startup, version);
        let sp = SearchPath::new(&ctx);
        let describe = || {
            format!(
                "tree {tree} (seed {seed:#x}, at_startup={at_startup}): entries {entries:?}, site-packages {site_packages:?}, planted {planted:?}"
            )
        };
        let (pythonpath, inserted) = if at_startup {
            (entries.clone(), Vec::new())
        } else {
            (Vec::new(), entries.clone())
        };
        match ask_python(
            &python.python,
            &pythonpath,
            &inserted,
            &site_packages,
            &names,
            &scratch,
        ) {
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
