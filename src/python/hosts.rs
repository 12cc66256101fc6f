//! Hosts: the process that starts the user's code, beyond the interpreter's own start-up. A host
//! imports standard-library modules before the code runs — some before the code's directory is
//! on `sys.path` (a shadow of those is inert there: `sys.modules` already has the real one) and
//! some with it there (a shadow of those is loaded by the host itself and breaks its start).
//! Measured from the real packages by `scripts/host_imports.py`; embedded by
//! `scripts/gen_tables.py` into `host_tables.rs`.

use super::PythonVersion;
use super::host_tables::HOST_TABLES;

/// What one host imported on one interpreter, measured.
pub struct HostTable {
    pub host: &'static str,
    pub package_version: &'static str,
    pub minor: u8,
    /// The interpreter's full version the measurement ran on.
    pub python: &'static str,
    /// Whether the user's directory is before the standard library on `sys.path` when the code
    /// runs (IPython appends a kernel's working directory after it).
    pub entries_first: bool,
    /// Top-level stdlib names loaded before the user's directory joined `sys.path`. Sorted.
    pub before: &'static [&'static str],
    /// Top-level stdlib names loaded while the user's directory was on `sys.path`. Sorted.
    pub with_entries: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `python` itself: only the interpreter's start-up (the version tables).
    Interpreter,
    /// A Jupyter kernel (ipykernel) started in the notebook's directory.
    Jupyter,
    /// pytest collecting test modules in its default `prepend` import mode.
    Pytest,
    /// The AWS Lambda Python runtime (`python -m awslambdaric` from the task root, as AWS's
    /// base images start a function).
    Lambda,
}

/// When a host imports a module, relative to the context's own entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostImport {
    /// Before the entries are on `sys.path` (only `PYTHONPATH` is searched then).
    Before,
    /// With the entries on `sys.path`.
    WithEntries,
}

impl Host {
    fn package(self) -> Option<&'static str> {
        match self {
            Host::Interpreter => None,
            Host::Jupyter => Some("ipykernel"),
            Host::Pytest => Some("pytest"),
            Host::Lambda => Some("awslambdaric"),
        }
    }

    /// The measurement for `version`, else the one of the nearest measured version.
    pub fn table(self, version: PythonVersion) -> Option<&'static HostTable> {
        let package = self.package()?;
        HOST_TABLES
            .iter()
            .filter(|t| t.host == package)
            .min_by_key(|t| (t.minor.abs_diff(version.0), std::cmp::Reverse(t.minor)))
    }

    /// Whether and when the host imports the top-level module `name` before the code runs.
    pub fn imports(self, name: &str, version: PythonVersion) -> Option<HostImport> {
        let table = self.table(version)?;
        if table.with_entries.binary_search(&name).is_ok() {
            Some(HostImport::WithEntries)
        } else if table.before.binary_search(&name).is_ok() {
            Some(HostImport::Before)
        } else {
            None
        }
    }

    /// Whether the context's own entries come before the standard library when the user's code
    /// runs (else only the host's start-up imports see them first).
    pub fn entries_before_stdlib(self, version: PythonVersion) -> bool {
        self.table(version).is_none_or(|t| t.entries_first)
    }

    /// When the context's own directories reach `sys.path`, as the end of "imports it before
    /// …".
    pub fn entries_join(self) -> &'static str {
        match self {
            Host::Interpreter => "the script's directory joins sys.path",
            Host::Jupyter => "the notebook's directory joins sys.path",
            Host::Pytest => "it inserts the test directories",
            Host::Lambda => "the task root joins sys.path",
        }
    }

    /// What the host is, in words: "the Jupyter kernel (ipykernel 7.4.0)".
    pub fn describe(self, version: PythonVersion) -> String {
        let what = match self {
            Host::Interpreter => return "interpreter start-up".to_string(),
            Host::Jupyter => "the Jupyter kernel",
            Host::Pytest => "pytest",
            Host::Lambda => "the AWS Lambda runtime",
        };
        match self.table(version) {
            Some(t) => format!("{what} ({} {})", t.host, t.package_version),
            None => what.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_measured() {
        for t in HOST_TABLES {
            assert!(
                t.before.is_sorted() && t.with_entries.is_sorted(),
                "{}",
                t.host
            );
        }
        let v311 = PythonVersion(11);
        // ipykernel takes the working directory off sys.path while it loads, so `logging` is
        // already imported when cells run; `runpy` (of `python -m ipykernel_launcher`) is not.
        assert_eq!(
            Host::Jupyter.imports("logging", v311),
            Some(HostImport::Before)
        );
        assert_eq!(
            Host::Jupyter.imports("runpy", v311),
            Some(HostImport::WithEntries)
        );
        assert_eq!(
            Host::Pytest.imports("argparse", v311),
            Some(HostImport::Before)
        );
        assert_eq!(Host::Interpreter.imports("argparse", v311), None);
        assert!(Host::Jupyter.table(PythonVersion(15)).is_some());
        // The runtime's bootstrap imports `logging` with the task root and PYTHONPATH on the
        // path: the incident's `src/logging.py` replaces it before the handler is imported.
        assert_eq!(
            Host::Lambda.imports("logging", v311),
            Some(HostImport::WithEntries)
        );
    }
}
