//! End-to-end tests of the `stdshadow` binary: fixture trees under `testdata/`, exit codes,
//! configuration errors and bad input.

mod common;

use std::process::Command;

use common::{Run, concise, json, reported, run, testdata};

/// Every fixture tree, checked from its own directory, in the concise format.
#[test]
fn fixture_snapshots() {
    let mut names: Vec<String> = std::fs::read_dir(testdata(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 8, "fixtures went missing: {names:?}");
    for name in names {
        let r = concise(&testdata(&name), &[]);
        let shown = format!("exit code: {}\n{}{}", r.code, r.stdout, r.stderr);
        insta::assert_snapshot!(format!("concise_{name}"), shown);
        let r = run(&testdata(&name), &["path"]);
        let shown = format!("exit code: {}\n{}{}", r.code, r.stdout, r.stderr);
        insta::assert_snapshot!(format!("path_{name}"), shown);
    }
}

#[test]
fn lambda_service_reports_only_the_top_level_logging() {
    let dir = testdata("lambda-service");
    let v = json(&dir, &["--select", "SS001"]);
    insta::assert_json_snapshot!("json_lambda_service", v, {
        ".tool.version" => "[version]",
    });
    assert_eq!(
        reported(&v),
        [(
            "SS001".into(),
            "services/ai-processor/src/logging.py".into()
        )]
    );
    let full = run(&dir, &["check", "--select", "SS001"]);
    assert_eq!(full.code, 1);
    assert!(
        full.stdout.contains("SS001 stdlib-shadow"),
        "{}",
        full.stdout
    );
    assert!(full.stdout.contains("src/logging.py"), "{}", full.stdout);
    assert_eq!(full.stdout.matches("SS001 stdlib-shadow").count(), 1);
}

#[test]
fn lambda_service_with_utils_on_the_path() {
    let dir = testdata("lambda-service");
    let utils = "services/ai-processor/src/utils";
    let v = json(
        &dir,
        &["--no-infer", "--pythonpath", utils, "--select", "SS001"],
    );
    assert_eq!(
        reported(&v),
        [("SS001".into(), format!("{utils}/logging.py"))]
    );
    assert_eq!(v["search_path"][0]["kind"], "cli");

    // Both entries: the first one wins the name.
    let v = json(
        &dir,
        &[
            "--no-infer",
            "--pythonpath",
            "services/ai-processor/src",
            "--pythonpath",
            utils,
            "--select",
            "SS001",
        ],
    );
    assert_eq!(
        reported(&v),
        [(
            "SS001".into(),
            "services/ai-processor/src/logging.py".into()
        )]
    );
}

#[test]
fn lambda_service_script_context_puts_its_directory_first() {
    let dir = testdata("lambda-service");
    let script = "services/ai-processor/src/utils/__init__.py";
    let v = json(
        &dir,
        &[
            "--no-infer",
            "--pythonpath",
            "services/ai-processor",
            "--pythonpath",
            "services/ai-processor/src",
            "--script",
            script,
            "--select",
            "SS001",
        ],
    );
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2, "{v:#}");
    let by_path = |p: &str| diagnostics.iter().find(|d| d["path"] == p).unwrap();
    let utils = by_path("services/ai-processor/src/utils/logging.py");
    assert_eq!(
        utils["contexts"],
        serde_json::json!([format!("script {script}")])
    );
    assert_eq!(
        utils["search_path_entry"]["path"],
        "services/ai-processor/src/utils"
    );
    assert_eq!(utils["search_path_entry"]["kind"], "script");
    let src = by_path("services/ai-processor/src/logging.py");
    assert_eq!(src["contexts"], serde_json::json!(["pythonpath"]));
    let script_context = &v["contexts"][1];
    assert_eq!(script_context["name"], format!("script {script}"));
    assert_eq!(
        script_context["search_path"][0]["path"],
        "services/ai-processor/src/utils"
    );
}

#[test]
fn script_directory_json_snapshot() {
    let v = json(&testdata("script-directory"), &[]);
    insta::assert_json_snapshot!("json_script_directory", v, {
        ".tool.version" => "[version]",
    });
}

#[test]
fn frozen_modules_break_startup_before_3_11() {
    let dir = testdata("builtin-and-frozen");
    let v = json(&dir, &["--python-version", "3.10", "--select", "SS001"]);
    let mut paths: Vec<String> = reported(&v).into_iter().map(|(_, p)| p).collect();
    paths.sort();
    assert_eq!(
        paths,
        ["lib/abc.py", "lib/codecs.py", "lib/json.py", "lib/os.py"]
    );
    let os = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "lib/os.py")
        .unwrap();
    assert!(
        os["message"].as_str().unwrap().contains("start-up"),
        "{os:#}"
    );

    let v = json(&dir, &["--python-version", "3.11", "--select", "SS001"]);
    assert_eq!(reported(&v), [("SS001".into(), "lib/json.py".into())]);
}

#[test]
fn dockerfile_inference() {
    // The incident with no stdshadow configuration: the Dockerfile's ENV PYTHONPATH is enough.
    let dir = testdata("lambda-service");
    let v = json(&dir, &["--select", "SS001"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "services/ai-processor/src/logging.py");
    assert_eq!(d["search_path_entry"]["kind"], "dockerfile");
    assert!(
        d["search_path_entry"]["source"]
            .as_str()
            .unwrap()
            .contains("Dockerfile:7")
    );
    assert_eq!(d["contexts"][0], "docker services/ai-processor/Dockerfile");
    // `--no-infer` leaves only the default context, where nothing shadows.
    assert_eq!(concise(&dir, &["--no-infer"]).code, 0);

    let path = run(&dir, &["path", "--output-format", "json"]);
    let p: serde_json::Value = serde_json::from_str(&path.stdout).unwrap();
    let docker = p["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "docker services/ai-processor/Dockerfile")
        .unwrap();
    assert_eq!(docker["python_versions"], serde_json::json!(["3.12"]));
    assert_eq!(
        docker["search_path"][1]["path"],
        "services/ai-processor/src"
    );
    assert_eq!(docker["search_path"][1]["searched_at_startup"], true);

    // Problems in a Dockerfile are warnings with file and line; the rest still works.
    let r = concise(&testdata("docker-negative"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Dockerfile:5: unknown instruction `FROBNICATE`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Dockerfile:4: unterminated variable"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("Dockerfile:3: COPY source `missing-dir/` does not exist"),
        "{}",
        r.stderr
    );
}

/// The installed project sits after the standard library: `src/profile.py` shadows the profiler
/// only where `src` comes first (the default context), never once installed.
#[test]
fn installed_context_never_shadows() {
    let dir = testdata("packaging-src-layout");
    let v = json(&dir, &[]);
    let installed = v["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "installed")
        .expect("an installed context");
    assert_eq!(installed["search_path"].as_array().unwrap().len(), 0);
    assert_eq!(installed["site_packages"][0]["path"], "src");
    assert_eq!(installed["site_packages"][0]["kind"], "packaging");
    for d in v["diagnostics"].as_array().unwrap() {
        let contexts: Vec<&str> = d["contexts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(contexts, ["default"], "{d}");
    }
    assert!(reported(&v).contains(&("SS001".into(), "src/profile.py".into())));
}

#[test]
fn clean_tree_exits_zero() {
    let r = concise(&testdata("clean-project"), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("All checks passed"));
}

#[test]
fn select_ignore_and_exit_zero() {
    let dir = testdata("lambda-service");
    assert_eq!(concise(&dir, &["--ignore", "SS001,SS002,SS003"]).code, 0);
    assert_eq!(concise(&dir, &["--select", "SS9"]).code, 0);
    assert_eq!(concise(&dir, &["--select", "SS"]).code, 1);
    assert_eq!(concise(&dir, &["--exit-zero"]).code, 0);
    let quiet = concise(&dir, &["--quiet", "--select", "SS001"]);
    assert_eq!(quiet.stdout.lines().count(), 1, "{}", quiet.stdout);
    let bad = concise(&dir, &["--select", "XYZ"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown rule selector `XYZ`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn allow_accepts_a_deliberate_shadow() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("lib")).unwrap();
    std::fs::write(tmp.path().join("lib/json.py"), "").unwrap();
    std::fs::write(
        tmp.path().join("stdshadow.toml"),
        "pythonpath = [\"lib\"]\n",
    )
    .unwrap();
    assert_eq!(concise(tmp.path(), &[]).code, 1);
    std::fs::write(
        tmp.path().join("stdshadow.toml"),
        "pythonpath = [\"lib\"]\nallow = [\"json\"]\n",
    )
    .unwrap();
    assert_eq!(concise(tmp.path(), &[]).code, 0);
}

fn config_error(toml: &str, file: &str) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(file), toml).unwrap();
    let r = concise(tmp.path(), &[]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    r
}

#[test]
fn config_errors_point_at_the_key() {
    let r = config_error(
        "pythonpath = [\"src\"]\npython-versoin = \"3.11\"\n",
        "stdshadow.toml",
    );
    assert!(
        r.stderr.contains("unknown field `python-versoin`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("stdshadow.toml:2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown key"), "{}", r.stderr);

    let r = config_error("pythonpath = \"src\"\n", "stdshadow.toml");
    assert!(r.stderr.contains("invalid type"), "{}", r.stderr);
    assert!(r.stderr.contains("stdshadow.toml:1:14"), "{}", r.stderr);

    let r = config_error("python-version = \"2.7\"\n", "stdshadow.toml");
    assert!(
        r.stderr.contains("`2.7` is not a Python version"),
        "{}",
        r.stderr
    );

    let r = config_error(
        "[project]\nname = \"x\"\n\n[tool.stdshadow]\nselect = [\"SS001\", \"E501\"]\n",
        "pyproject.toml",
    );
    assert!(
        r.stderr.contains("unknown rule selector `E501`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("pyproject.toml:5:"), "{}", r.stderr);

    let r = config_error("pythonpath = [\n", "stdshadow.toml");
    assert!(r.stderr.contains("stdshadow.toml"), "{}", r.stderr);
}

#[test]
fn requires_python_sets_the_versions() {
    let v = json(&testdata("per-version"), &[]);
    assert_eq!(v["python_versions"][0], "3.9");
    let v = json(&testdata("per-version"), &["--python-version", "3.12"]);
    let mut paths: Vec<String> = reported(&v).into_iter().map(|(_, p)| p).collect();
    paths.sort();
    assert_eq!(
        paths,
        ["src/tomllib.py"],
        "imp and asynchat are gone in 3.12"
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = testdata("clean-project");
    let r = run(&dir, &["check", "no/such/dir"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot check no/such/dir"),
        "{}",
        r.stderr
    );
    assert_eq!(run(&dir, &["check", "--python-version", "3.7"]).code, 2);
    assert_eq!(run(&dir, &["check", "--script", "missing.py"]).code, 2);
    assert_eq!(run(&dir, &["check", "--output-format", "xml"]).code, 2);
    assert_eq!(run(&dir, &["check", "--config", "missing.toml"]).code, 2);
    assert_eq!(run(&dir, &["frobnicate"]).code, 2);
}

#[test]
fn rule_documentation() {
    let dir = testdata("clean-project");
    let r = run(&dir, &["rule", "SS001"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("# stdlib-shadow (SS001)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("## How to fix"));
    assert_eq!(run(&dir, &["rule", "stdlib-shadow"]).stdout, r.stdout);
    let all = run(&dir, &["rule", "--all"]);
    assert!(all.stdout.contains("SS001") && all.stdout.contains("SS900"));
    assert_eq!(run(&dir, &["rule", "SS123"]).code, 2);
    let version = run(&dir, &["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("stdshadow "));
}

#[cfg(unix)]
#[test]
fn bad_entries_are_diagnostics_and_the_rest_is_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("lib/pkg")).unwrap();
    std::fs::write(root.join("lib/json.py"), "").unwrap();
    std::fs::write(root.join("stdshadow.toml"), "pythonpath = [\"lib\"]\n").unwrap();
    std::os::unix::fs::symlink("..", root.join("lib/pkg/loop")).unwrap();
    std::os::unix::fs::symlink("gone.py", root.join("lib/dangling.py")).unwrap();
    // A FIFO must be skipped, not opened (opening it would block forever), and said so.
    let fifo = root.join("lib/pipe.py");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let v = json(root, &[]);
    let mut found = reported(&v);
    found.sort();
    assert_eq!(
        found,
        [
            ("SS001".into(), "lib/json.py".into()),
            ("SS900".into(), "lib/dangling.py".into()),
            ("SS900".into(), "lib/pipe.py".into()),
            ("SS900".into(), "lib/pkg/loop".into()),
        ]
    );
    let pipe = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "lib/pipe.py")
        .unwrap();
    assert!(
        pipe["message"]
            .as_str()
            .unwrap()
            .contains("named pipe (FIFO), not a regular file"),
        "{pipe}"
    );
}

#[test]
fn non_utf8_and_binary_files_do_not_break_full_output() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("lib")).unwrap();
    std::fs::write(
        tmp.path().join("lib/json.py"),
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("lib/csv.so"),
        [0x7f, b'E', b'L', b'F', 0, 0xff],
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("stdshadow.toml"),
        "pythonpath = [\"lib\"]\n",
    )
    .unwrap();
    let r = run(tmp.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("lib/json.py") && r.stdout.contains("lib/csv.so"),
        "{}",
        r.stdout
    );
}

/// The suppressions fixture: each comment accepts a real finding, and removing the comments
/// brings the findings back; stale or malformed comments are SS100.
#[test]
fn suppressions_accept_findings_and_stale_ones_are_reported() {
    let r = concise(&testdata("suppressions"), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let codes: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(": SS"))
        .map(|l| l.split(": ").nth(1).unwrap().split(' ').next().unwrap())
        .collect();
    assert_eq!(codes, ["SS100", "SS100", "SS100"], "{}", r.stdout);
    assert!(
        r.stdout
            .contains("src/app.py:2:14: SS100 unused suppression of SS002")
    );

    // Without the comments, the findings they accepted are there.
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(
        testdata("suppressions").join("stdshadow.toml"),
        tmp.path().join("stdshadow.toml"),
    )
    .unwrap();
    for name in ["queue.py", "app.py", "tools.py"] {
        let text = std::fs::read_to_string(testdata("suppressions/src").join(name)).unwrap();
        let stripped: String = text
            .lines()
            .map(|l| l.split("# stdshadow:").next().unwrap().trim_end())
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(src.join(name), stripped).unwrap();
    }
    let r = concise(tmp.path(), &[]);
    assert!(r.stdout.contains("src/queue.py:1:1: SS001"), "{}", r.stdout);
    assert!(r.stdout.contains("src/app.py:1:1: SS003"), "{}", r.stdout);
    assert!(!r.stdout.contains("SS100"), "{}", r.stdout);

    // `--ignore-suppressions` audits them: the accepted findings are back, no SS100.
    let r = concise(&testdata("suppressions"), &["--ignore-suppressions"]);
    assert!(r.stdout.contains("src/queue.py:1:1: SS001"), "{}", r.stdout);
    assert!(!r.stdout.contains("SS100"), "{}", r.stdout);

    // A rule left out by `select` keeps its suppressions quiet.
    let r = concise(
        &testdata("suppressions"),
        &["--select", "SS001,SS003,SS100"],
    );
    assert!(
        !r.stdout.contains("unused suppression of SS002"),
        "{}",
        r.stdout
    );
}

/// `docs/rules.md` (where SARIF's `helpUri` points) is the rule documentation, current.
/// `STDSHADOW_BLESS=1 cargo test --test cli rules_page` rewrites it.
#[test]
fn rules_page_is_current() {
    let dir = testdata("clean-project");
    let mut page = String::from(
        "# stdshadow rules\n\nGenerated from the rules' source files by `tests/cli.rs` \
         (`STDSHADOW_BLESS=1 cargo test --test cli rules_page`); `stdshadow rule CODE` prints the same text.\n",
    );
    let list = run(&dir, &["rule", "--all"]);
    for line in list.stdout.lines() {
        let code = line.split_whitespace().next().unwrap();
        let doc = run(&dir, &["rule", code]).stdout;
        let mut lines = doc.lines();
        let title = lines.next().unwrap().trim_start_matches("# ");
        let (name, _) = title.split_once(' ').unwrap();
        page.push_str(&format!("\n## {code} {name}\n"));
        for l in lines {
            match l.strip_prefix("## ") {
                Some(heading) => page.push_str(&format!("### {heading}\n")),
                None => page.push_str(&format!("{l}\n")),
            }
        }
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("STDSHADOW_BLESS").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        page,
        "docs/rules.md is stale: STDSHADOW_BLESS=1 cargo test --test cli rules_page"
    );
}

/// `from . import submodule` in a cycle does not fail (CPython 3.7+ takes the half-initialized
/// submodule from `sys.modules`): no finding; `from pkg.mod import name` does. Both as
/// python3 says.
#[test]
fn submodule_from_imports_in_a_cycle_do_not_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg0");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(pkg.join("__init__.py"), "").unwrap();
    std::fs::write(pkg.join("mod1.py"), "from . import mod0\nY = 1\n").unwrap();
    let python = |dir: &std::path::Path| {
        Command::new("python3")
            .args(["-c", "import pkg0.mod1"])
            .current_dir(dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap()
            .status
            .success()
    };
    for (mod0, crashes) in [
        ("from . import mod1\nX = 1\n", false),
        ("from pkg0.mod1 import Y\nX = 1\n", true),
    ] {
        std::fs::write(pkg.join("mod0.py"), mod0).unwrap();
        assert_eq!(python(tmp.path()), !crashes, "{mod0}");
        let r = concise(tmp.path(), &["--pythonpath", "."]);
        // A cycle that works in every order is no finding.
        assert_eq!(r.stdout.contains("SS004"), crashes, "{}", r.stdout);
        assert_eq!(
            r.stdout.contains("ImportError"),
            crashes,
            "{mod0}: {}",
            r.stdout
        );
    }
}

/// One problem, one finding: the same shadow in two contexts (the command line and a
/// Dockerfile that say the same thing) and several versions is reported once, naming both
/// contexts and the version range; each context's own provenance stays in `explanations`.
#[test]
fn a_finding_in_two_contexts_and_many_versions_is_reported_once() {
    let project = common::tree(&[
        (
            "Dockerfile",
            b"FROM python:3.12-slim\nCOPY src/ /app/src/\nENV PYTHONPATH=/app/src\nCMD [\"python\", \"-c\", \"import app\"]\n",
        ),
        ("src/logging.py", b"import logging\n\nFormatter = logging.Formatter\n"),
        ("src/app.py", b"import logging\n"),
    ]);
    let dir = project.path();
    let args = ["--pythonpath", "src", "--python-version", "3.12"];
    let v = json(dir, &args);
    let diagnostics = v["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SS003", "SS001", "SS002"], "{v:#}");
    assert_eq!(v["summary"]["diagnostics"], 3);
    for d in diagnostics {
        assert_eq!(
            d["contexts"],
            serde_json::json!(["pythonpath", "docker Dockerfile"]),
            "{d:#}"
        );
        assert_eq!(d["python_versions"], serde_json::json!(["3.12"]));
    }
    // SS001's provenance differs between the two contexts: both are kept.
    let shadow = &diagnostics[1];
    let sources: Vec<&str> = shadow["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["search_path_entry"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["cli", "dockerfile"], "{shadow:#}");
    // The same self-import in every target version: one line, the range in its bracket.
    let r = concise(
        dir,
        &[
            "--pythonpath",
            "src",
            "--python-version",
            "3.8",
            "--no-infer",
        ],
    );
    assert_eq!(r.stdout.matches("SS002").count(), 1, "{}", r.stdout);
    let r = concise(dir, &["--pythonpath", "src"]);
    let ss002: Vec<&str> = r.stdout.lines().filter(|l| l.contains("SS002")).collect();
    assert_eq!(ss002.len(), 1, "{}", r.stdout);
    assert!(
        ss002[0].ends_with("[in 2 contexts: pythonpath, docker Dockerfile · Python 3.8+]"),
        "{}",
        ss002[0]
    );
}

/// `src/` is a path entry of the default context only in the src layout: with
/// `src/__init__.py`, `src` is a package and `src/typing.py` is `src.typing` (as python3 runs it).
#[test]
fn src_that_is_a_package_is_not_a_path_entry() {
    let files: &[(&str, &[u8])] = &[
        ("src/typing.py", b"X = 1\n"),
        ("app.py", b"from src.typing import X\nimport typing\n"),
    ];
    let layout = common::tree(files);
    let r = concise(layout.path(), &["--no-infer"]);
    assert!(r.stdout.contains("SS001"), "{}", r.stdout);
    let package = common::tree(&[files, &[("src/__init__.py", b"")]].concat());
    let r = concise(package.path(), &["--no-infer"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let python = Command::new("python3")
        .args(["-c", "import app"])
        .current_dir(package.path())
        .output()
        .unwrap();
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
}

/// Files named after a Dockerfile that are not one are not read, and `ADD <url>` is no local
/// source; a real `Dockerfile.prod` beside them is.
#[test]
fn dockerfile_lookalikes_and_remote_add_sources() {
    let project = common::tree(&[
        ("Dockerfile.dockerignore", b"*.pyc\n__pycache__\n"),
        ("Dockerfile.j2", b"FROM {{ base }}\nCOPY {{ src }} /app\n"),
        (
            "Dockerfile.prod",
            b"FROM python:3.12\nADD https://example.com/tool.tar.gz /opt/\nCOPY lib/ /app/lib/\nENV PYTHONPATH=/app/lib\n",
        ),
        ("lib/json.py", b"X = 1\n"),
    ]);
    let r = concise(project.path(), &[]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert!(r.stdout.contains("docker Dockerfile.prod"), "{}", r.stdout);
    let r = run(project.path(), &["path"]);
    assert!(
        !r.stdout.contains("dockerignore") && !r.stdout.contains(".j2"),
        "{}",
        r.stdout
    );
}

/// A `__main__.py` (run with `python -m`, also in a namespace package) and test data with a
/// shebang are no scripts; a real script beside a stdlib-named module is.
#[test]
fn main_modules_and_test_data_are_not_scripts() {
    let project = common::tree(&[
        (
            "src/app/__main__.py",
            b"import json\nif __name__ == \"__main__\":\n    pass\n",
        ),
        ("src/app/json.py", b"X = 1\n"),
        (
            "tests/data/cases/comments.py",
            b"#!/usr/bin/env python\nimport json\n",
        ),
        ("tests/data/cases/json.py", b"X = 1\n"),
        ("tools/run.py", b"#!/usr/bin/env python3\nimport json\n"),
        ("tools/json.py", b"X = 1\n"),
    ]);
    let r = run(project.path(), &["path"]);
    assert!(r.stdout.contains("script tools/run.py"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("__main__") && !r.stdout.contains("comments.py"),
        "{}",
        r.stdout
    );
}

/// SS004 runs a module under the name the code uses: with the root and `src/` both on the
/// default path, `src/pkg/_cap.py` is `pkg._cap` (not `src.pkg._cap`), and relative imports
/// resolve from that name — a cycle that works (as python3 shows) is no finding. Twisted's
/// `twisted.logger` has this shape.
#[test]
fn cycles_run_under_the_name_the_code_uses() {
    let project = common::tree(&[
        (
            "src/pkg/__init__.py",
            b"from ._levels import L\nfrom ._cap import c\n",
        ),
        ("src/pkg/_levels.py", b"L = 1\n"),
        ("src/pkg/_cap.py", b"from pkg import L\nc = 1\n"),
    ]);
    let python = Command::new("python3")
        .args(["-c", "import pkg._cap; import pkg"])
        .current_dir(project.path().join("src"))
        .output()
        .unwrap();
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    let r = concise(project.path(), &["--select", "SS004"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn syntax_error_does_not_depend_on_the_selection() {
    let project = common::tree(&[("lib/json.py", b"import json\nx = = 1\n")]);
    for select in ["SS", "SS901"] {
        let r = concise(project.path(), &["--pythonpath", "lib", "--select", select]);
        assert!(
            r.stdout.contains("lib/json.py:2:1: SS901 SyntaxError"),
            "--select {select}: {}",
            r.stdout
        );
    }
}
