//! The harness of the rules' own tests: a small tree in a temporary directory, checked in
//! process with one rule selected, and its findings in the concise format (paths relative to the
//! tree) for a snapshot. A rule's cases sit in its own file, named after what they pin.

use crate::check;
use crate::cli::OutputFormat;
use crate::render;
use crate::rules::Rule;
use crate::settings::{Overrides, Settings};

/// `stdshadow check --select RULE` of a tree of `(path, contents)` files, run from its root with
/// `overrides` (paths in them relative to the root), as the concise format prints it.
pub(crate) fn check_rule(rule: Rule, files: &[(&str, &str)], overrides: Overrides) -> String {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let root = tmp.path().canonicalize().expect("it exists");
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("writable");
        std::fs::write(path, text).expect("writable");
    }
    let overrides = Overrides {
        select: Some(vec![rule.code().to_string()]),
        pythonpath: overrides.pythonpath.iter().map(|p| root.join(p)).collect(),
        scripts: overrides.scripts.iter().map(|p| root.join(p)).collect(),
        ..overrides
    };
    let (settings, _) = Settings::resolve(&overrides, &root).expect("valid settings");
    let prepared = check::prepare(&settings, None).expect("the tree can be walked");
    let report = check::run(&settings, prepared);
    let mut out = Vec::new();
    render::render(OutputFormat::Concise, &report, false, &mut out).expect("rendering to memory");
    String::from_utf8(out).expect("UTF-8")
}

/// Overrides that put `entries` on `PYTHONPATH` and infer nothing else.
pub(crate) fn pythonpath(entries: &[&str]) -> Overrides {
    Overrides {
        pythonpath: entries.iter().map(Into::into).collect(),
        no_infer: true,
        ..Overrides::default()
    }
}
