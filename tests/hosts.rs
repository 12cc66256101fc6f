//! The model's hosts against the real ones: pytest in each import mode and a Jupyter kernel
//! (ipykernel) started headless, both installed from the package registry into a throw-away
//! virtual environment. Each case checks what the real host loads against what stdshadow says.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{diagnostics, json, tree};

/// One venv with pytest and ipykernel for the whole test binary (installing takes seconds).
fn venv() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("stdshadow-hosts-{}", std::process::id()));
        let base = std::env::var("STDSHADOW_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let ok = Command::new(&base).arg("-m").arg("venv").arg(&dir).status();
        assert!(ok.is_ok_and(|s| s.success()), "cannot create a venv");
        let pip = Command::new(dir.join("bin/python"))
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(["pytest", "ipykernel", "awslambdaric"])
            .status();
        assert!(
            pip.is_ok_and(|s| s.success()),
            "pip cannot install pytest, ipykernel and awslambdaric from the package registry"
        );
        dir
    })
}

/// `(path, messages)` of the SS001 findings that hold in a context whose name starts with
/// `context` (`pytest`, `notebook`); the messages are the shown one and every explanation.
fn shadows(dir: &Path, context: &str) -> Vec<(String, String)> {
    diagnostics(&json(dir, &[]))
        .iter()
        .filter(|d| d["code"] == "SS001")
        .filter(|d| {
            d["contexts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c.as_str().unwrap().starts_with(context))
        })
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                format!("{} {}", d["message"], d["explanations"]),
            )
        })
        .collect()
}

#[test]
fn pytest_import_modes_and_preimports_match_real_pytest() {
    for mode in ["prepend", "append", "importlib"] {
        let config = format!("[tool.pytest.ini_options]\naddopts = \"--import-mode={mode}\"\n");
        let project = tree(&[
            ("pyproject.toml", config.as_bytes()),
            ("tests/secrets.py", b"TOKEN = 'local'\n"),
            ("tests/logging.py", b"LEVEL = 1\n"),
            (
                "tests/test_probe.py",
                b"import logging\nimport secrets\n\n\ndef test_probe():\n    print('GOT', secrets.__file__, logging.__file__)\n",
            ),
        ]);
        let out = Command::new(venv().join("bin/pytest"))
            .args(["-q", "-s", "-p", "no:cacheprovider"])
            .current_dir(project.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let got = stdout
            .lines()
            .find_map(|l| l.strip_prefix("GOT "))
            .unwrap_or_else(|| panic!("{mode}: pytest ran no test: {stdout}"));
        let (secrets, logging) = got.split_once(' ').unwrap();
        // pytest imports logging itself before it collects: the test directory's is inert.
        assert!(!logging.contains("tests"), "{mode}: {logging}");
        let local_secrets = secrets.contains("tests");
        assert_eq!(local_secrets, mode == "prepend", "{mode}: {secrets}");
        let found = shadows(project.path(), "pytest");
        let reported = |path: &str| found.iter().any(|(p, _)| p == path);
        assert_eq!(
            reported("tests/secrets.py"),
            local_secrets,
            "{mode}: {found:?}"
        );
        assert!(!reported("tests/logging.py"), "{mode}: {found:?}");
    }
}

/// Starts a kernel in `dir`, runs `code` in it and returns its output, or `None` when the
/// kernel dies while it starts.
fn run_in_kernel(dir: &Path, code: &str) -> Option<String> {
    const DRIVER: &str = r#"
import sys
from jupyter_client.manager import start_new_kernel
try:
    km, kc = start_new_kernel(kernel_name="python3", cwd=sys.argv[1], startup_timeout=60)
except RuntimeError as e:
    print("KERNEL DIED", e)
    sys.exit(0)
out = []
kc.execute_interactive(sys.argv[2], timeout=60,
    output_hook=lambda m: out.append(m["content"].get("text", "")))
kc.stop_channels()
km.shutdown_kernel(now=True)
print("OUT", "".join(out).strip())
"#;
    let venv = venv();
    let home = tempfile::tempdir().unwrap();
    let install = Command::new(venv.join("bin/python"))
        .args(["-m", "ipykernel", "install", "--prefix"])
        .arg(venv)
        .args(["--name", "python3"])
        .output()
        .unwrap();
    assert!(install.status.success(), "{install:?}");
    let out = Command::new(venv.join("bin/python"))
        .args(["-c", DRIVER])
        .arg(dir)
        .arg(code)
        .env("JUPYTER_PATH", venv.join("share/jupyter"))
        .env("JUPYTER_DATA_DIR", home.path().join("data"))
        .env("JUPYTER_RUNTIME_DIR", home.path().join("runtime"))
        .env("IPYTHONDIR", home.path().join("ipython"))
        .current_dir(home.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if stdout.contains("KERNEL DIED") {
        return None;
    }
    let text = stdout.lines().find_map(|l| l.strip_prefix("OUT "));
    Some(
        text.unwrap_or_else(|| {
            panic!(
                "no output: {stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .to_string(),
    )
}

const NOTEBOOK: &[u8] =
    br#"{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
 "source": ["import logging\n", "import statistics\n"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
"#;

#[test]
fn the_jupyter_kernel_loads_what_the_model_says() {
    // IPython appends the notebook's directory after the standard library for the cells: a
    // cell's `import statistics` gets the stdlib, and `logging` the kernel imported itself.
    let project = tree(&[
        ("explore.ipynb", NOTEBOOK),
        ("statistics.py", b"LOCAL = True\n"),
        ("logging.py", b"LOCAL = True\n"),
    ]);
    let out = run_in_kernel(
        project.path(),
        "import logging, statistics; print(hasattr(statistics, 'LOCAL'), hasattr(logging, 'LOCAL'))",
    )
    .expect("the kernel starts");
    assert_eq!(out, "False False");
    let found = shadows(project.path(), "notebook");
    assert!(found.is_empty(), "{found:?}");

    // `types` is loaded by `python -m ipykernel_launcher` itself, with the directory on
    // sys.path: a broken `types.py` beside the notebook kills the kernel before any cell.
    let broken = tree(&[
        ("report.ipynb", NOTEBOOK),
        ("types.py", b"from dataclasses import dataclass\n"),
    ]);
    assert_eq!(
        run_in_kernel(broken.path(), "print(1)"),
        None,
        "the kernel should die"
    );
    let found = shadows(broken.path(), "notebook");
    assert!(
        found
            .iter()
            .any(|(p, m)| p == "types.py" && m.contains("while the Jupyter kernel")),
        "{found:?}"
    );
}

#[test]
fn python_dash_m_from_a_makefile_loads_what_the_model_says() {
    // `cd services && python -m api`: the working directory is sys.path[0] once start-up is
    // over, so `queue.py` there shadows `queue`, and `os.py` (imported during start-up) is inert.
    let project = tree(&[
        ("Makefile", b"run:\n\tcd services && python3 -m api\n"),
        ("services/api/__init__.py", b""),
        (
            "services/api/__main__.py",
            b"import os\nimport queue\n\nprint(queue.__file__, os.__file__)\n",
        ),
        ("services/queue.py", b"LOCAL = True\n"),
        ("services/os.py", b"LOCAL = True\n"),
    ]);
    let python = std::env::var("STDSHADOW_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python)
        .args(["-m", "api"])
        .current_dir(project.path().join("services"))
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (queue, os) = stdout.trim().split_once(' ').expect("both printed");
    assert!(queue.ends_with("services/queue.py"), "{stdout}");
    assert!(!os.contains("services"), "{stdout}");
    let found = shadows(project.path(), "Makefile:2: python -m api");
    assert!(
        found.iter().any(|(p, _)| p == "services/queue.py"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(p, _)| p == "services/os.py"),
        "{found:?}"
    );
}

#[test]
fn the_lambda_runtime_dies_on_the_incident_as_the_model_says() {
    // The incident: PYTHONPATH has the function's `src/`, whose `logging.py` imports logging.
    // The runtime's bootstrap imports `logging` itself, before the handler: it gets this file.
    let project = tree(&[
        (
            "Dockerfile",
            b"FROM public.ecr.aws/lambda/python:3.12\nCOPY handler.py ${LAMBDA_TASK_ROOT}/\nCOPY src/ ${LAMBDA_TASK_ROOT}/src/\nENV PYTHONPATH=${LAMBDA_TASK_ROOT}/src\nCMD [\"handler.main\"]\n",
        ),
        ("handler.py", b"def main(event, context):\n    return event\n"),
        (
            "src/logging.py",
            b"import logging\n\n\nclass JsonFormatter(logging.Formatter):\n    pass\n",
        ),
    ]);
    let out = Command::new(venv().join("bin/python"))
        .args(["-m", "awslambdaric", "handler.main"])
        .current_dir(project.path())
        .env("PYTHONPATH", project.path().join("src"))
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .env("LAMBDA_TASK_ROOT", project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("partially initialized module 'logging' has no attribute 'Formatter'"),
        "{stderr}"
    );
    let found = shadows(project.path(), "docker Dockerfile");
    assert!(
        found
            .iter()
            .any(|(p, m)| p == "src/logging.py" && m.contains("while the AWS Lambda runtime")),
        "{found:?}"
    );
}
