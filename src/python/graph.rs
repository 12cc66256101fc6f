//! The standard library's own import graph per version: which modules a stdlib module imports
//! while it is being imported (module level, class bodies, `if`/`try`/`with` blocks, but not
//! `if __name__ == "__main__":`, which never runs on import), from real
//! CPython sources (`../shared/python-facts`, generated into `graph/` by scripts/gen_tables.py).
//! Parsed on first use: only runs with a stdlib shadow need it.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::PythonVersion;

/// `import target` or `from target import names`, at `line` of the importing stdlib module.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct StdlibEdge {
    pub target: String,
    pub names: Option<Vec<String>>,
    pub line: u32,
    /// Inside a `try` whose handler catches `ImportError` (or a superclass).
    pub guarded: bool,
}

pub type StdlibGraph = HashMap<String, Vec<StdlibEdge>>;

macro_rules! graph_sources {
    ($($minor:literal),*) => {
        fn source(minor: u8) -> &'static str {
            match minor {
                $($minor => include_str!(concat!("graph/cpython-3.", stringify!($minor), ".json")),)*
                _ => "{}",
            }
        }
    };
}
graph_sources!(8, 9, 10, 11, 12, 13, 14);

static GRAPHS: [OnceLock<StdlibGraph>; 7] = [const { OnceLock::new() }; 7];

/// The import graph of `version`'s pure-Python standard library.
pub fn stdlib_graph(version: PythonVersion) -> &'static StdlibGraph {
    let slot = &GRAPHS[usize::from(version.0 - PythonVersion::OLDEST.0)];
    slot.get_or_init(|| {
        serde_json::from_str(source(version.0)).expect("generated graph is valid JSON")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_a_graph() {
        for v in PythonVersion::all() {
            let g = stdlib_graph(v);
            assert!(g.len() > 400, "{v}: {}", g.len());
        }
        let functools = &stdlib_graph(PythonVersion(11))["functools"];
        let types = functools.iter().find(|e| e.target == "types").unwrap();
        assert_eq!(
            types.names.as_deref(),
            Some(&["GenericAlias".to_string()][..])
        );
        assert_eq!(types.line, 22);
    }

    /// `heapq` ends with `if __name__ == "__main__": import doctest`: not an import-time edge
    /// (it made `json` reach `logging` through `doctest` → `unittest` → `asyncio` on 3.8).
    #[test]
    fn main_guard_imports_are_not_edges() {
        for v in PythonVersion::all() {
            let heapq = &stdlib_graph(v)["heapq"];
            assert!(heapq.iter().all(|e| e.target != "doctest"), "{v}");
            assert!(heapq.iter().any(|e| e.target == "_heapq"), "{v}");
        }
    }
}
