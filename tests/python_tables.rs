//! The embedded tables agree with the interpreter installed here, for its version.
//! (The other versions come from dumps of real builds: see scripts/gen_tables.py.)

use std::process::Command;

use stdshadow::python::PythonVersion;

const PROBE: &str = r#"
import sys, _imp
print(sys.version_info[1])
print(",".join(sorted(sys.stdlib_module_names)))
print(",".join(sorted(sys.builtin_module_names)))
print(",".join(sorted(n for n in _imp._frozen_module_names() if "." not in n)))
"#;

#[test]
fn tables_match_the_installed_python() {
    let out = Command::new("python3")
        .args(["-I", "-c", PROBE])
        .output()
        .expect("python3 runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let version = PythonVersion(lines[0].parse().unwrap());
    let table = version.table();
    let list = |i: usize| -> Vec<&str> { lines[i].split(',').collect() };
    assert_eq!(
        table.stdlib,
        list(1).as_slice(),
        "stdlib names of {version}"
    );
    // Builds differ in what they compile in (python-facts/README): every name the table calls
    // built-in must be built in here, so a "never shadowable" answer is never wrong.
    for name in table.builtin {
        assert!(
            list(2).contains(name),
            "`{name}` is not built into this {version}"
        );
    }
    assert_eq!(
        table.frozen,
        list(3).as_slice(),
        "frozen modules of {version}"
    );
}
