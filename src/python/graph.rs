//! The standard library's own import graph per version: which modules a stdlib module imports
//! while it is being imported on Linux, from each module's import-time events read off real
//! CPython 3.8–3.15 sources (`../shared/python-facts`, generated into `graph/` by
//! scripts/gen_tables.py with scripts/stdlib_replay.py): platform tests evaluated for Linux,
//! `except` handlers only where their `try` fails there, no main guard, `TYPE_CHECKING` or
//! `lazy` imports, the imports of the module's own functions called at import time, and the
//! submodules a `from package import sub` loads. Parsed on first use: only runs with a stdlib
//! shadow need it.

use std::collections::{HashMap, HashSet};
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
    /// For a plain `import target`: the attributes of it the importer loads at import time
    /// afterwards, with their lines (`re` uses `enum.IntFlag` at line 141).
    #[serde(default)]
    pub attrs: Vec<(String, u32)>,
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
graph_sources!(8, 9, 10, 11, 12, 13, 14, 15);

const VERSIONS: usize = (PythonVersion::NEWEST.0 - PythonVersion::OLDEST.0 + 1) as usize;
static GRAPHS: [OnceLock<StdlibGraph>; VERSIONS] = [const { OnceLock::new() }; VERSIONS];

/// The import graph of `version`'s pure-Python standard library.
pub fn stdlib_graph(version: PythonVersion) -> &'static StdlibGraph {
    let slot = &GRAPHS[usize::from(version.0 - PythonVersion::OLDEST.0)];
    slot.get_or_init(|| {
        serde_json::from_str(source(version.0)).expect("generated graph is valid JSON")
    })
}

/// What is already loaded when interpreter start-up begins importing its stdlib `module` (a
/// local file on `PYTHONPATH` replaces it then, in 3.8–3.10): the start-up modules whose imports
/// finished before it, less those `module`'s own imports load (the stdlib module would run
/// them; the local file that replaces it does not).
pub fn loaded_before_startup_import(version: PythonVersion, module: &str) -> HashSet<&'static str> {
    let order = version.table().startup_order;
    let Some(at) = order.iter().position(|m| *m == module) else {
        return order.iter().copied().collect();
    };
    let graph = stdlib_graph(version);
    let mut own: HashSet<&str> = HashSet::new();
    let mut work = vec![module];
    while let Some(m) = work.pop() {
        for edge in graph.get(m).into_iter().flatten() {
            for name in super::dotted_prefixes(&edge.target) {
                if own.insert(name) {
                    work.push(name);
                }
            }
        }
    }
    order[..at]
        .iter()
        .copied()
        .filter(|m| !own.contains(m))
        .collect()
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

    /// Start-up imports `abc` from `io`, after the codecs and before `site` (3.8–3.10).
    #[test]
    fn loaded_before_abc_at_start_up() {
        let loaded = loaded_before_startup_import(PythonVersion(10), "abc");
        assert!(loaded.contains("encodings") && loaded.contains("codecs"));
        assert!(!loaded.contains("_abc"), "abc's own import");
        assert!(!loaded.contains("_collections_abc") && !loaded.contains("os"));
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
