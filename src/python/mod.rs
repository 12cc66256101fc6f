//! What CPython does, as data: supported versions and the per-version module tables generated
//! by `scripts/gen_tables.py` from real interpreter dumps (never read from an interpreter at run
//! time).

#[rustfmt::skip]
mod host_tables;
mod tables;

pub mod errors;
pub mod graph;
pub mod hosts;
pub mod interpreter;

use std::fmt;
use std::str::FromStr;

/// A CPython 3.x feature release; only the minor number varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonVersion(pub u8);

impl PythonVersion {
    pub const OLDEST: PythonVersion = PythonVersion(8);
    pub const NEWEST: PythonVersion = PythonVersion(15);

    pub fn all() -> impl DoubleEndedIterator<Item = PythonVersion> {
        (Self::OLDEST.0..=Self::NEWEST.0).map(PythonVersion)
    }

    pub fn is_supported(self) -> bool {
        (Self::OLDEST..=Self::NEWEST).contains(&self)
    }

    /// The facts of this version: probed from `--python` when given, else embedded.
    pub fn table(self) -> &'static VersionTable {
        interpreter::probed(self).unwrap_or_else(|| self.embedded())
    }

    /// The embedded (generated) facts of this version.
    pub fn embedded(self) -> &'static VersionTable {
        tables::TABLES
            .iter()
            .find(|t| t.minor == self.0)
            .expect("a table is generated for every supported version")
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "3.{}", self.0)
    }
}

impl FromStr for PythonVersion {
    type Err = String;

    /// Parses `3.11` (a patch or `.*` suffix is accepted and ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.trim().split('.');
        let major = parts.next().unwrap_or_default();
        let minor = parts.next().unwrap_or_default();
        let (Ok(3), Ok(minor)) = (major.parse::<u8>(), minor.parse::<u8>()) else {
            return Err(format!("`{s}` is not a Python version like `3.11`"));
        };
        let version = PythonVersion(minor);
        if !version.is_supported() {
            return Err(format!(
                "Python {version} is not supported (supported: {}–{})",
                Self::OLDEST,
                Self::NEWEST
            ));
        }
        Ok(version)
    }
}

/// The import facts of one version, on Linux.
#[derive(Debug)]
pub struct VersionTable {
    pub minor: u8,
    /// Where the stdlib name list came from (documented in the README).
    pub source: &'static str,
    /// `sys.stdlib_module_names` semantics: every platform, no `test` package. Sorted.
    pub stdlib: &'static [&'static str],
    /// Compiled into the interpreter: found before any path entry. Sorted.
    pub builtin: &'static [&'static str],
    /// Top-level names the frozen importer serves (3.11+). Sorted.
    pub frozen: &'static [&'static str],
    /// Top-level names in `sys.modules` after start-up in script mode. Sorted.
    pub startup: &'static [&'static str],
    /// The stdlib modules start-up imports, in the order their imports finish
    /// (`-X importtime`'s order): what is already loaded when start-up reaches one of them.
    pub startup_order: &'static [&'static str],
}

impl VersionTable {
    pub fn is_stdlib(&self, name: &str) -> bool {
        self.stdlib.binary_search(&name).is_ok()
    }

    /// The table's own `'static` copy of a stdlib name.
    pub fn stdlib_name(&self, name: &str) -> Option<&'static str> {
        self.stdlib
            .binary_search(&name)
            .ok()
            .map(|i| self.stdlib[i])
    }
    pub fn is_builtin(&self, name: &str) -> bool {
        self.builtin.binary_search(&name).is_ok()
    }
    pub fn is_frozen(&self, name: &str) -> bool {
        self.frozen.binary_search(&name).is_ok()
    }
    pub fn is_startup(&self, name: &str) -> bool {
        self.startup.binary_search(&name).is_ok()
    }
}

/// The versions a project targets: a contiguous range, so it renders as `3.11+` or `3.8–3.10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    pub min: PythonVersion,
    pub max: PythonVersion,
}

impl VersionRange {
    pub const ALL: VersionRange = VersionRange {
        min: PythonVersion::OLDEST,
        max: PythonVersion::NEWEST,
    };

    pub fn single(v: PythonVersion) -> Self {
        VersionRange { min: v, max: v }
    }

    pub fn iter(self) -> impl Iterator<Item = PythonVersion> {
        (self.min.0..=self.max.0).map(PythonVersion)
    }

    /// Describes a subset of this range compactly: `3.11+`, `3.8–3.10`, `3.9, 3.11`.
    pub fn describe(self, subset: &[PythonVersion]) -> String {
        let mut runs: Vec<(PythonVersion, PythonVersion)> = Vec::new();
        for &v in subset {
            match runs.last_mut() {
                Some((_, end)) if end.0 + 1 == v.0 => *end = v,
                _ => runs.push((v, v)),
            }
        }
        runs.iter()
            .map(|&(a, b)| {
                if a == b && (b != self.max || a == self.min) {
                    a.to_string()
                } else if b == self.max && self.max == PythonVersion::NEWEST {
                    format!("{a}+")
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all: Vec<_> = self.iter().collect();
        f.write_str(&self.describe(&all))
    }
}

/// Lower and upper bounds of a PEP 440 `requires-python` specifier, clamped to what stdshadow
/// supports. Only the minor version matters here: `>=3.9.2` targets 3.9.
/// `a`, `a.b`, `a.b.c`: the modules `import a.b.c` runs, parents first.
pub fn dotted_prefixes(name: &str) -> impl Iterator<Item = &str> {
    name.match_indices('.')
        .map(|(i, _)| &name[..i])
        .chain(std::iter::once(name))
}

pub fn range_from_requires_python(spec: &str) -> Result<VersionRange, String> {
    let mut min = PythonVersion::OLDEST;
    let mut max = PythonVersion::NEWEST;
    for clause in spec.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let op_len = clause
            .find(|c: char| c.is_ascii_digit())
            .ok_or_else(|| format!("cannot read `{clause}` in requires-python `{spec}`"))?;
        let (op, version) = clause.split_at(op_len);
        let mut parts = version.trim().split('.');
        let major: u8 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
        let minor_part = parts.next().unwrap_or("0");
        let minor: u8 = if minor_part == "*" {
            0
        } else {
            minor_part
                .parse()
                .map_err(|_| format!("cannot read `{clause}` in requires-python `{spec}`"))?
        };
        let has_patch = parts.next().is_some_and(|p| p != "*");
        let v = PythonVersion(if major < 3 {
            0
        } else if major > 3 {
            99
        } else {
            minor
        });
        match op.trim() {
            ">=" | ">" | "~=" => min = min.max(v),
            "==" | "===" => {
                min = min.max(v);
                max = max.min(v);
            }
            "<=" => max = max.min(v),
            // `<3.12` excludes 3.12 but `<3.12.1` does not.
            "<" if has_patch => max = max.min(v),
            "<" => max = max.min(PythonVersion(v.0.saturating_sub(1))),
            "!=" => {}
            other => {
                return Err(format!(
                    "unknown operator `{other}` in requires-python `{spec}`"
                ));
            }
        }
    }
    if min > max {
        return Err(format!(
            "requires-python `{spec}` allows no version stdshadow supports ({})",
            VersionRange::ALL
        ));
    }
    Ok(VersionRange { min, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_prefixes_are_parents_first() {
        let all: Vec<&str> = dotted_prefixes("a.b.c").collect();
        assert_eq!(all, ["a", "a.b", "a.b.c"]);
        assert_eq!(dotted_prefixes("json").collect::<Vec<_>>(), ["json"]);
    }

    #[test]
    fn tables_are_sorted_and_complete() {
        for v in PythonVersion::all() {
            let t = v.table();
            for list in [t.stdlib, t.builtin, t.frozen, t.startup] {
                assert!(list.windows(2).all(|w| w[0] < w[1]), "{v} table not sorted");
            }
            assert!(t.is_stdlib("logging") && t.is_stdlib("encodings"));
            assert!(!t.is_stdlib("test"), "the test package is not stdlib");
            assert!(t.is_builtin("sys"));
        }
    }

    #[test]
    fn per_version_names() {
        let v = |m| PythonVersion(m).table();
        assert!(!v(10).is_stdlib("tomllib") && v(11).is_stdlib("tomllib"));
        assert!(v(11).is_stdlib("imp") && !v(12).is_stdlib("imp"));
        assert!(v(11).is_stdlib("asynchat") && !v(12).is_stdlib("asynchat"));
        assert!(!v(10).is_frozen("os") && v(11).is_frozen("os"));
        assert!(v(14).is_stdlib("annotationlib") && !v(13).is_stdlib("annotationlib"));
        assert!(v(8).is_stdlib("winreg"), "non-Linux modules count");
    }

    #[test]
    fn requires_python_bounds() {
        let r = |s| range_from_requires_python(s).unwrap();
        assert_eq!(r(">=3.9").min, PythonVersion(9));
        assert_eq!(r(">=3.9").max, PythonVersion::NEWEST);
        assert_eq!(r(">=3.10, <3.12").max, PythonVersion(11));
        assert_eq!(r("~=3.11.2").min, PythonVersion(11));
        assert_eq!(r("==3.12.*"), VersionRange::single(PythonVersion(12)));
        assert_eq!(r(">=3"), VersionRange::ALL);
        assert!(range_from_requires_python(">=4").is_err());
        assert!(range_from_requires_python("banana").is_err());
    }

    #[test]
    fn describes_version_subsets() {
        let all = VersionRange::ALL;
        let vs = |xs: &[u8]| xs.iter().map(|&m| PythonVersion(m)).collect::<Vec<_>>();
        assert_eq!(all.describe(&vs(&[11, 12, 13, 14, 15])), "3.11+");
        assert_eq!(all.describe(&vs(&[11, 12, 13, 14])), "3.11–3.14");
        assert_eq!(all.describe(&vs(&[8, 9, 10])), "3.8–3.10");
        assert_eq!(all.describe(&vs(&[8])), "3.8");
        assert_eq!(all.describe(&vs(&[15])), "3.15+");
        assert_eq!(all.describe(&vs(&[9, 11])), "3.9, 3.11");
        assert_eq!(all.to_string(), "3.8+");
        let pinned = VersionRange::single(PythonVersion(11));
        assert_eq!(pinned.to_string(), "3.11");
    }
}
