//! Where users get stdshadow from, for real: the wheel `pip install` takes (built by maturin
//! from pyproject.toml, installed into a fresh virtualenv) and the pre-commit hook of
//! `.pre-commit-hooks.yaml` (pre-commit from PyPI, `pre-commit try-repo` on a throwaway git
//! repository). Needs the network (PyPI) and a Rust toolchain, as CI has.
//!
//! Both build with the dev profile in `target/packaging` (a `cargo test` holds the lock of
//! `target/debug`) and without the `jemalloc` feature (its C build, twice, doubled this test's
//! time): the packaging is what is tested here, not the optimiser or the allocator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MATURIN: &str = "maturin==1.16.0";
const PRE_COMMIT: &str = "pre-commit==4.7.0";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    cmd.output().unwrap_or_else(|e| panic!("{shown}: {e}"))
}

fn ok(cmd: &mut Command) -> String {
    let shown = format!("{cmd:?}");
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{shown} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh virtualenv with `packages` installed from PyPI; returns its `bin/`.
fn venv(dir: &Path, packages: &[&str]) -> PathBuf {
    ok(Command::new("python3").args(["-m", "venv"]).arg(dir));
    let bin = dir.join("bin");
    if !packages.is_empty() {
        ok(Command::new(bin.join("python"))
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(packages));
    }
    bin
}

fn cargo_env(cmd: &mut Command) -> &mut Command {
    cmd.env("CARGO_TARGET_DIR", repo().join("target/packaging"))
        .env("MATURIN_PEP517_ARGS", "--profile dev --no-default-features")
}

fn wheel_installs_and_runs(tmp: &Path) {
    let tools = venv(&tmp.join("tools"), &[MATURIN]);
    let wheels = tmp.join("wheels");
    ok(cargo_env(&mut Command::new(tools.join("maturin")))
        .args([
            "build",
            "--profile",
            "dev",
            "--no-default-features",
            "--out",
        ])
        .arg(&wheels)
        .current_dir(repo()));
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    let user = venv(&tmp.join("user"), &[]);
    ok(Command::new(user.join("python"))
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
        .arg(&wheel));
    let version = ok(Command::new(user.join("stdshadow")).arg("--version"));
    assert_eq!(
        version.trim(),
        format!("stdshadow {}", env!("CARGO_PKG_VERSION"))
    );
    let check = run(Command::new(user.join("stdshadow"))
        .args(["check", "--output-format", "concise"])
        .current_dir(repo().join("testdata/lambda-service")));
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("services/ai-processor/src/logging.py:1:1: SS001"),
        "{stdout}"
    );
}

fn git(dir: &Path, args: &[&str]) -> String {
    ok(Command::new("git")
        .args([
            "-c",
            "user.name=stdshadow",
            "-c",
            "user.email=ci@stdshadow.invalid",
        ])
        .args(args)
        .current_dir(dir))
}

/// A copy of the source tree (without `target/` and `.git/`) committed to a fresh git repository:
/// `pre-commit try-repo` needs a git repository, and the source tree need not be one (an
/// unpacked release archive, a CI checkout exported without history).
fn hook_repository(tmp: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let (source, target) = (entry.path(), to.join(entry.file_name()));
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                if entry.file_name() != "target" && entry.file_name() != ".git" {
                    copy(&source, &target);
                }
            } else if kind.is_file() {
                std::fs::copy(&source, &target).unwrap();
            }
        }
    }
    let hooks = tmp.join("hook-repository");
    copy(&repo(), &hooks);
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "."]);
    git(&hooks, &["commit", "-q", "-m", "stdshadow"]);
    hooks
}

fn pre_commit_hook_fails_then_passes(tmp: &Path) {
    let bin = venv(&tmp.join("pre-commit"), &[PRE_COMMIT]);
    let hooks = hook_repository(tmp);
    let project = tmp.join("project");
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join("stdshadow.toml"), "pythonpath = [\"src\"]\n").unwrap();
    std::fs::write(
        project.join("src/logging.py"),
        "import logging\n\nFORMAT = logging.Formatter(\"%(message)s\")\n",
    )
    .unwrap();
    std::fs::write(
        project.join("src/app.py"),
        "from structured import FORMAT\n",
    )
    .unwrap();
    git(&project, &["init", "-q"]);
    git(&project, &["add", "."]);
    git(&project, &["commit", "-q", "-m", "a service"]);
    let try_repo = |project: &Path| {
        run(cargo_env(&mut Command::new(bin.join("pre-commit")))
            .args(["try-repo"])
            .arg(&hooks)
            .args(["stdshadow", "--all-files", "--verbose"])
            .env("PRE_COMMIT_HOME", tmp.join("pre-commit-home"))
            .env_remove("PYTHONPATH")
            .current_dir(project))
    };
    let failed = try_repo(&project);
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert_eq!(
        failed.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    assert!(stdout.contains("SS001"), "{stdout}");
    assert!(stdout.contains("SS002"), "{stdout}");

    git(&project, &["mv", "src/logging.py", "src/structured.py"]);
    git(&project, &["commit", "-q", "-m", "rename the shadow"]);
    let passed = try_repo(&project);
    let stdout = String::from_utf8_lossy(&passed.stdout);
    assert!(
        passed.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&passed.stderr)
    );
    assert!(
        stdout.contains("stdshadow") && stdout.contains("Passed"),
        "{stdout}"
    );
}

/// One test, so that the two builds run one after the other and the second reuses the first's
/// dependencies.
#[test]
fn wheel_and_pre_commit_hook() {
    let tmp = tempfile::tempdir().unwrap();
    wheel_installs_and_runs(tmp.path());
    pre_commit_hook_fails_then_passes(tmp.path());
}
