//! Turns each rule file's `//!` doc comment into the text `stdshadow rule CODE` prints, so a
//! rule's documentation has one source: the comment above its code.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    let rules_dir = Path::new("src/rules");
    println!("cargo::rerun-if-changed=src/rules");
    let mut entries: Vec<_> = fs::read_dir(rules_dir)
        .expect("src/rules exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        // The module and the tests' harness are not rules.
        .filter(|p| !p.ends_with("mod.rs") && !p.ends_with("testing.rs"))
        .collect();
    entries.sort();
    let mut out = String::from("pub(crate) static RULE_DOCS: &[(&str, &str)] = &[\n");
    for path in entries {
        let source = fs::read_to_string(&path).expect("rule file is readable");
        let doc: Vec<&str> = source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .or_else(|| l.strip_prefix("//!"))
                    .unwrap_or(l)
            })
            .collect();
        let stem = path.file_stem().unwrap().to_string_lossy();
        writeln!(out, "    ({stem:?}, {:?}),", doc.join("\n")).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("rule_docs.rs");
    fs::write(dest, out).unwrap();
}
