//! `stdshadow fix`: the incident's repair end to end, every import form, the refusals, and
//! files in other encodings and line endings.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, run, testdata, tree};

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `root`, relative, with its bytes.
fn contents(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == ".git" || name == "__pycache__" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push((
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn git_repo(dir: &Path) {
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t.invalid"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "before"]);
}

/// The service's own interpreter run: `PYTHONPATH=/var/task:/var/task/src`, import the handler.
fn import_handler(service: &Path) -> std::process::Output {
    Command::new("python3")
        .args([
            "-c",
            "import src.lambda_handler as h; print(h.handler({}, None))",
        ])
        .env("PYTHONPATH", format!("{0}:{0}/src", service.display()))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(service)
        .output()
        .unwrap()
}

#[test]
fn the_incident_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_tree(&testdata("lambda-service"), root);
    let service = root.join("services/ai-processor");
    // Before: the real interpreter dies on start, as in the outage.
    let before = import_handler(&service);
    assert!(!before.status.success());
    let stderr = String::from_utf8_lossy(&before.stderr);
    assert!(
        stderr.contains("partially initialized module 'logging'"),
        "{stderr}"
    );

    git_repo(root);
    let r = run(
        root,
        &[
            "fix",
            "--rename",
            "services/ai-processor/src/logging.py=structured_logging",
            "--rename",
            "services/ai-processor/src/utils/logging.py=bedrock_logging",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no stdlib shadow or self-import left for services/ai-processor/src/structured_logging.py"), "{}", r.stdout);
    let expected =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fix/lambda-service-fixed");
    assert_eq!(contents(root), contents(&expected));
    let check = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let after = import_handler(&service);
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    assert!(String::from_utf8_lossy(&after.stdout).contains("'statusCode': 200"));
}

fn fix(dir: &Path, rename: &str) -> Run {
    run(dir, &["fix", "--allow-dirty", "--rename", rename])
}

fn read(dir: &Path, path: &str) -> String {
    String::from_utf8(std::fs::read(dir.join(path)).unwrap()).unwrap()
}

#[test]
fn every_import_form_of_a_package_module() {
    let p = tree(&[
        ("stdshadow.toml", b"pythonpath = [\".\"]\n"),
        ("pkg/__init__.py", b""),
        ("pkg/logging.py", b"import logging\n\ndef setup():\n    return logging.getLogger('pkg')\n"),
        (
            "pkg/user.py",
            b"from .logging import setup\nfrom . import logging\nfrom . import logging as lg\n",
        ),
        (
            "app.py",
            b"import pkg.logging\nimport pkg.logging as plog\nfrom pkg import logging\nfrom pkg.logging import setup  # keep this comment\nimport importlib\nm = importlib.import_module(\"pkg.logging\")\nfrom unittest import mock\np = mock.patch(\"pkg.logging.setup\")\n",
        ),
    ]);
    let r = fix(p.path(), "pkg/logging.py=pkg_logging");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        read(p.path(), "pkg/user.py"),
        "from .pkg_logging import setup\nfrom . import pkg_logging as logging\nfrom . import pkg_logging as lg\n"
    );
    assert_eq!(
        read(p.path(), "app.py"),
        "import pkg.pkg_logging\nimport pkg.pkg_logging as plog\nfrom pkg import pkg_logging as logging\nfrom pkg.pkg_logging import setup  # keep this comment\nimport importlib\nm = importlib.import_module(\"pkg.pkg_logging\")\nfrom unittest import mock\np = mock.patch(\"pkg.logging.setup\")\n"
    );
    // The module's own `import logging` means the stdlib: untouched.
    assert_eq!(
        read(p.path(), "pkg/pkg_logging.py"),
        "import logging\n\ndef setup():\n    return logging.getLogger('pkg')\n"
    );
    assert!(!p.path().join("pkg/logging.py").exists());
    // What could not be rewritten is listed: the bound `pkg` of `import pkg.logging`, the string.
    assert!(
        r.stdout
            .contains("app.py:1: `import pkg.logging` binds `pkg`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("app.py:8: a string names `pkg.logging`"),
        "{}",
        r.stdout
    );
}

/// A top-level shadow: absolute imports that take local names are the module's; those that
/// take the stdlib's are kept, and get the stdlib once the shadow is renamed.
#[test]
fn aliases_keep_their_binding_and_stdlib_imports_are_kept() {
    let p = tree(&[
        ("stdshadow.toml", b"pythonpath = [\".\"]\n"),
        (
            "logging.py",
            b"def get_structured(name):\n    return name\n",
        ),
        (
            "a.py",
            b"import logging\nlog = logging.get_structured('a')\n",
        ),
        (
            "b.py",
            b"import logging as lg\nlog = lg.get_structured('b')\n",
        ),
        ("c.py", b"from logging import get_structured\n"),
        ("d.py", b"import logging\nlog = logging.getLogger('d')\n"),
        ("e.py", b"from logging import getLogger\n"),
    ]);
    let r = fix(p.path(), "logging=structured_logging");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        read(p.path(), "a.py"),
        "import structured_logging as logging\nlog = logging.get_structured('a')\n"
    );
    assert_eq!(
        read(p.path(), "b.py"),
        "import structured_logging as lg\nlog = lg.get_structured('b')\n"
    );
    assert_eq!(
        read(p.path(), "c.py"),
        "from structured_logging import get_structured\n"
    );
    assert_eq!(
        read(p.path(), "d.py"),
        "import logging\nlog = logging.getLogger('d')\n"
    );
    assert_eq!(read(p.path(), "e.py"), "from logging import getLogger\n");
    assert!(r.stdout.contains("d.py:1: `logging` kept"), "{}", r.stdout);
    assert!(p.path().join("structured_logging.py").exists());
}

#[test]
fn a_stdlib_package_shadow() {
    let p = tree(&[
        ("stdshadow.toml", b"pythonpath = [\".\"]\n"),
        ("email/__init__.py", b"def render_local(x):\n    return x\n"),
        ("email/templates.py", b"WELCOME = 'hi'\n"),
        (
            "app.py",
            b"import email\nfrom email.templates import WELCOME\nemail.render_local(WELCOME)\n",
        ),
    ]);
    assert_eq!(run(p.path(), &["check", "-q"]).code, 1);
    let r = fix(p.path(), "email=mail_templates");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        read(p.path(), "app.py"),
        "import mail_templates as email\nfrom mail_templates.templates import WELCOME\nemail.render_local(WELCOME)\n"
    );
    assert!(p.path().join("mail_templates/templates.py").exists());
    assert_eq!(run(p.path(), &["check", "-q"]).code, 0);
}

#[test]
fn refusals_change_nothing() {
    let p = tree(&[
        ("stdshadow.toml", b"pythonpath = [\".\"]\n"),
        ("json.py", b"X = 1\n"),
        ("taken.py", b""),
        ("app.py", b"from json import X\n"),
    ]);
    let before = contents(p.path());
    for (rename, expected) in [
        ("json=taken", "taken.py already exists"),
        ("json=csv", "is itself a standard-library module"),
        ("json=not-a-name", "is not a module name"),
        ("json=class", "is not a module name"),
        ("nothing=x", "no file or module `nothing`"),
    ] {
        let r = fix(p.path(), rename);
        assert_eq!(r.code, 2, "{rename}: {}", r.stdout);
        assert!(r.stderr.contains(expected), "{rename}: {}", r.stderr);
    }
    // A dirty git tree is refused unless --allow-dirty.
    git_repo(p.path());
    std::fs::write(p.path().join("app.py"), "from json import X  # edited\n").unwrap();
    let r = run(p.path(), &["fix", "--rename", "json=local_json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("uncommitted changes"), "{}", r.stderr);
    std::fs::write(p.path().join("app.py"), "from json import X\n").unwrap();
    assert_eq!(contents(p.path()), before);
    // --diff shows without writing.
    let r = run(p.path(), &["fix", "--diff", "--rename", "json=local_json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("-from json import X\n+from local_json import X"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("rename from json.py\nrename to local_json.py"),
        "{}",
        r.stdout
    );
    assert_eq!(contents(p.path()), before);
}

#[test]
fn legacy_encoding_bom_and_crlf_survive() {
    let p = tree(&[
        ("stdshadow.toml", b"pythonpath = [\".\"]\n"),
        ("pkg/__init__.py", b""),
        ("pkg/queue.py", b"JOBS = []\n"),
        (
            "pkg/latin.py",
            b"# -*- coding: latin-1 -*-\n# caf\xe9\nfrom .queue import JOBS  # \xe9\n",
        ),
        (
            "pkg/crlf.py",
            b"\xef\xbb\xbf\"\"\"doc\"\"\"\r\nfrom . import queue\r\nx = 1\r\n",
        ),
    ]);
    let r = fix(p.path(), "pkg/queue.py=job_queue");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        std::fs::read(p.path().join("pkg/latin.py")).unwrap(),
        b"# -*- coding: latin-1 -*-\n# caf\xe9\nfrom .job_queue import JOBS  # \xe9\n"
    );
    assert_eq!(
        std::fs::read(p.path().join("pkg/crlf.py")).unwrap(),
        b"\xef\xbb\xbf\"\"\"doc\"\"\"\r\nfrom . import job_queue as queue\r\nx = 1\r\n"
    );
}

/// `check --fix` renames each SS001 module: to its `fix-names` entry, else
/// `<directory>_<module>`.
#[test]
fn check_fix_uses_fix_names_then_the_directory() {
    let p = tree(&[
        (
            "stdshadow.toml",
            b"pythonpath = [\"src\"]\n[fix-names]\nlogging = \"structured_logging\"\n",
        ),
        ("src/logging.py", b"def get(name):\n    return name\n"),
        ("src/random.py", b"SEED = 4\n"),
        (
            "src/app.py",
            b"from logging import get\nfrom random import SEED\n",
        ),
    ]);
    git_repo(p.path());
    let r = run(p.path(), &["check", "--fix"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        read(p.path(), "src/app.py"),
        "from structured_logging import get\nfrom src_random import SEED\n"
    );
    assert_eq!(run(p.path(), &["check", "-q"]).code, 0);
}
