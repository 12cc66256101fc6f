//! Property tests: every reader of untrusted input — import extraction (decode, scan, full
//! parse, the fix's reference collector), configuration, Dockerfiles, YAML (SAM, serverless,
//! workflows), `.env`/`tox.ini`, packaging metadata — takes arbitrary bytes and mutations of
//! real files without a panic. Bounded: a few hundred cases each (`PROPTEST_CASES` raises it).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use stdshadow::contexts::{YamlFiles, commands, docker, env, ide, lambda, packaging, workflow};
use stdshadow::imports::{decode, scan, uses};
use stdshadow::python::VersionRange;
use stdshadow::settings::{Overrides, Settings};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every stage a Python file goes through.
fn all_python_stages(bytes: &[u8]) {
    // The owned path (what a read file takes) decodes in place: it must agree with the copy.
    let decoded = decode::decode(Cow::Owned(bytes.to_vec()));
    let copied = decode::decode(Cow::Borrowed(bytes));
    assert_eq!(
        (&decoded.text, &decoded.errors),
        (&copied.text, &copied.errors)
    );
    let text = decoded.text;
    let _ = scan::scan(&text);
    if !scan::too_deep_to_parse(&text) {
        let _ = uses::analyze(&text);
        let _ = stdshadow::fix::references::collect(&text);
    }
}

/// Real files to mutate: the fixtures' sources and run files.
fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push((path, bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"),
        &mut out,
    );
    out.sort();
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Replace(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1usize..16).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        // Python's own troublemakers.
        (
            any::<usize>(),
            prop::sample::select(vec![
                b'(', b')', b'[', b'"', b'\'', b'\\', b'\n', b'\r', b'#', b'\t', b'{', b'}', b':'
            ])
        )
            .prop_map(|(at, b)| Mutation::Insert(at, vec![b])),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::Replace(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
        }
    }
    bytes
}

/// Writes `bytes` as `name` in a fresh directory and runs every reader that takes such a file.
fn read_as(name: &str, bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let versions = VersionRange::ALL;
    match name {
        "Dockerfile" => drop(docker::read(&path, root)),
        "template.yaml" | "serverless.yml" => {
            drop(lambda::read(&path, versions, false, &YamlFiles::default()))
        }
        ".github/workflows/ci.yml" => {
            drop(workflow::read(&path, root, versions, &YamlFiles::default()));
            drop(commands::infer(
                std::slice::from_ref(&path),
                &[],
                root,
                &[],
                versions,
                &YamlFiles::default(),
            ));
        }
        ".env" => drop(env::infer(root, versions)),
        "tox.ini" => {
            drop(env::infer(root, versions));
            drop(commands::infer(
                std::slice::from_ref(&path),
                &[],
                root,
                &[],
                versions,
                &YamlFiles::default(),
            ));
        }
        "Makefile" | "justfile" | "Procfile" | "README.md" | "run.sh" => drop(commands::infer(
            std::slice::from_ref(&path),
            &[],
            root,
            &[],
            versions,
            &YamlFiles::default(),
        )),
        ".vscode/launch.json"
        | ".vscode/settings.json"
        | ".idea/project.iml"
        | ".idea/runConfigurations/run.xml" => drop(ide::infer(root, versions)),
        "notebook.ipynb" => {
            if let Ok((code, _)) = stdshadow::notebook::code(bytes) {
                all_python_stages(code.as_bytes());
            }
        }
        "pyproject.toml" | "setup.cfg" => drop(packaging::infer(root, versions)),
        "stdshadow.toml" => {
            // An error is fine (exit 2 with a message); a panic is not.
            let _ = Settings::resolve(&Overrides::default(), root);
        }
        _ => all_python_stages(bytes),
    }
}

const NAMES: &[&str] = &[
    "module.py",
    "Dockerfile",
    "template.yaml",
    "serverless.yml",
    ".github/workflows/ci.yml",
    ".env",
    "tox.ini",
    "pyproject.toml",
    "setup.cfg",
    "stdshadow.toml",
    "Makefile",
    "justfile",
    "Procfile",
    "README.md",
    "run.sh",
    ".vscode/launch.json",
    ".vscode/settings.json",
    ".idea/project.iml",
    ".idea/runConfigurations/run.xml",
    "notebook.ipynb",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_in_every_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048), which in 0..NAMES.len()) {
        read_as(NAMES[which], &bytes);
    }

    #[test]
    fn python_like_text(text in "[a-z_ .,:;()\\[\\]{}'\"#\\\\\n\t=*@-]{0,400}") {
        all_python_stages(text.as_bytes());
        all_python_stages(format!("import {text}").as_bytes());
    }

    #[test]
    fn mutated_real_files(seed in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let (path, bytes) = seed.get(&seeds).clone();
        let mutated = mutate(bytes, &mutations);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let as_name = if name.ends_with(".py") {
            "module.py"
        } else if name.contains("Dockerfile") {
            "Dockerfile"
        } else if name.ends_with(".yaml") {
            "template.yaml"
        } else if name.ends_with(".yml") {
            if path.to_string_lossy().contains("workflows") { ".github/workflows/ci.yml" } else { "serverless.yml" }
        } else if name.ends_with(".ipynb") {
            "notebook.ipynb"
        } else if name.ends_with(".iml") {
            ".idea/project.iml"
        } else if name.ends_with(".xml") {
            ".idea/runConfigurations/run.xml"
        } else if name == "launch.json" || name == "settings.json" {
            if name == "launch.json" { ".vscode/launch.json" } else { ".vscode/settings.json" }
        } else {
            NAMES.iter().copied().find(|n| *n == name).unwrap_or("module.py")
        };
        read_as(as_name, &mutated);
    }
}
