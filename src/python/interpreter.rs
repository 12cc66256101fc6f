//! `--python PATH`: the precise mode. A real interpreter is asked — isolated (`-I`: no
//! `PYTHONPATH`, no user site, no script directory) and without importing any project code —
//! for its version and its own module facts: stdlib names, what is built in, frozen, and already
//! imported after start-up (a `.pth` file in its site-packages may pre-import `typing`…). Those
//! replace the embedded table of that version for the rest of the run.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use super::{PythonVersion, VersionTable};

/// Everything the probe prints, on one line each, before importing anything itself.
const PROBE: &str = r#"
import sys
startup = {m.split(".")[0] for m in sys.modules}
# 3.13+ imports linecache for `-c` only (for the command's tracebacks), not for a script.
startup = sorted(startup - {"linecache"} if sys.version_info >= (3, 13) else startup)
import _imp
frozen = sorted(n for n in getattr(_imp, "_frozen_module_names", lambda: [])() if "." not in n)
stdlib = sorted(getattr(sys, "stdlib_module_names", ()))
print(sys.version_info[0], sys.version_info[1])
print(",".join(stdlib))
print(",".join(sorted(sys.builtin_module_names)))
print(",".join(frozen))
print(",".join(startup))
"#;

static PROBED: OnceLock<VersionTable> = OnceLock::new();

/// The probed table for `version`, if `--python` was given and is that version.
pub(super) fn probed(version: PythonVersion) -> Option<&'static VersionTable> {
    PROBED.get().filter(|t| t.minor == version.0)
}

fn leak(line: &str) -> &'static [&'static str] {
    let mut names: Vec<&'static str> = line
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| &*Box::leak(s.to_string().into_boxed_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    Box::leak(names.into_boxed_slice())
}

/// Asks the interpreter at `python` and makes its facts the table of its version.
pub fn probe(python: &Path) -> Result<PythonVersion, String> {
    let out = Command::new(python)
        .args(["-I", "-c", PROBE])
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed: {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let [version, stdlib, builtin, frozen, startup] = lines[..] else {
        return Err(format!("unexpected answer from {}", python.display()));
    };
    let version = version.replace(' ', ".");
    let version: PythonVersion = version.parse()?;
    // Before 3.10 there is no `sys.stdlib_module_names`: keep the embedded names.
    let stdlib = if stdlib.is_empty() {
        version.embedded().stdlib
    } else {
        leak(stdlib)
    };
    let table = VersionTable {
        minor: version.0,
        source: "probed from the interpreter given with --python",
        stdlib,
        builtin: leak(builtin),
        frozen: leak(frozen),
        startup: leak(startup),
        // The probe sees the set, not the order: the embedded order of the version.
        startup_order: version.embedded().startup_order,
    };
    PROBED
        .set(table)
        .map_err(|_| "--python can be probed once per run".to_string())?;
    Ok(version)
}
