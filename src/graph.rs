//! The project's import graph under one context: every Python file's module names (a file can
//! have several: `src` and `src/utils` both on the path make `utils/logging.py` both
//! `utils.logging` and `logging`), and every import resolved to a local file, the standard
//! library, or something else — with CPython's rules (relative imports from the package name,
//! `import a.b` also imports `a`, submodules searched in the package's `__path__`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::contexts::Context;
use crate::finder::{DirIndex, Listings, ModuleKind, find_in_dirs};
use crate::imports::{FileImports, ImportTarget};
use crate::python::PythonVersion;
use crate::resolve::{SearchPath, StdlibResolution};
use crate::shadows::{Shadow, shadows};

/// What a dotted module name resolves to. Its paths are shared (`Arc`): every import of a
/// module in a context holds the one resolution of its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A local module or package: the file that runs (`None` for a namespace package) and,
    /// for packages, the directories searched for submodules.
    Local {
        file: Option<Arc<Path>>,
        locations: Arc<[PathBuf]>,
    },
    /// `a.b` where `a` is a local plain module: `ModuleNotFoundError: ... 'a' is not a package`.
    NotAPackage {
        file: Arc<Path>,
    },
    Stdlib,
    /// Third-party, missing, or not decidable statically.
    Other,
}

impl Target {
    pub fn local_file(&self) -> Option<&Path> {
        match self {
            Target::Local { file, .. } => file.as_deref(),
            _ => None,
        }
    }
}

/// One import of one file, resolved: the dotted module it names, absolute.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Index into the file's `imports`.
    pub import: usize,
    /// Interned: the imports of one module name share its text.
    pub module: Arc<str>,
    pub target: Target,
}

pub struct ContextGraph<'a> {
    pub context: &'a Context,
    pub search_path: SearchPath<'a>,
    /// The version used for resolution (the newest target version); rules that depend on the
    /// version re-check stdlib names per version.
    pub version: PythonVersion,
    /// The files this graph holds (sorted file indices): under [`Coverage::Entries`] only the
    /// files under the context's own entries that have a module name there — the program's
    /// files; the rest of the project is not part of it.
    files: Vec<usize>,
    /// Parallel to `files`: the names each file is importable under.
    names: Vec<Vec<String>>,
    /// Parallel to `files`: each file's resolved imports.
    edges: Vec<Vec<Edge>>,
    /// Absolute, not `TYPE_CHECKING`-only imports that load a local file, by that file:
    /// `(file index, edge index)` — who gets a module, in one lookup.
    importers: FxHashMap<Arc<Path>, Vec<(usize, usize)>>,
    /// Every local module that takes a stdlib name in some target version (allowed names
    /// included: the rules filter).
    pub shadows: Vec<Shadow>,
}

/// Which files a graph resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// The files under the context's entries: what `check` needs, cheap per context.
    Entries,
    /// Every file of the project, also those outside the context (whose absolute imports still
    /// resolve through its search path): what a rename must rewrite.
    AllFiles,
}

struct Resolver<'s, 'a> {
    search_path: &'s SearchPath<'a>,
    listings: &'s Listings,
    version: PythonVersion,
    /// Keyed by the directory's bytes (no component walk per lookup).
    dirs: FxHashMap<OsString, Arc<DirIndex>>,
    memo: FxHashMap<Arc<str>, Target>,
}

fn local(found: &crate::finder::FoundModule) -> Target {
    let locations = if found.kind == ModuleKind::Package {
        found
            .file
            .parent()
            .map(Path::to_path_buf)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    Target::Local {
        file: Some(Arc::from(found.file.as_path())),
        locations: locations.into(),
    }
}

impl Resolver<'_, '_> {
    fn resolve(&mut self, name: &str) -> Target {
        if let Some(t) = self.memo.get(name) {
            return t.clone();
        }
        let target = match name.rsplit_once('.') {
            None => self.top_level(name),
            Some((parent, child)) => match self.resolve(parent) {
                Target::Local { file, locations } if locations.is_empty() => match file {
                    Some(file) => Target::NotAPackage { file },
                    None => Target::Other,
                },
                Target::Local { locations, .. } => self.submodule(&locations, child),
                Target::NotAPackage { file } => Target::NotAPackage { file },
                other => other,
            },
        };
        self.memo.insert(Arc::from(name), target.clone());
        target
    }

    /// `name` as the memo holds it (resolved first): one allocation a name, not one an import.
    fn interned(&mut self, name: &str) -> (Arc<str>, Target) {
        let target = self.resolve(name);
        let (name, _) = self.memo.get_key_value(name).expect("resolve memoizes");
        (name.clone(), target)
    }

    fn top_level(&mut self, name: &str) -> Target {
        let table = self.version.table();
        if table.is_stdlib(name) {
            return match self.search_path.resolve_stdlib(name, self.version) {
                StdlibResolution::Shadowed(hit) | StdlibResolution::ReplacedAtStartup(hit) => {
                    local(&hit.module)
                }
                _ => Target::Stdlib,
            };
        }
        find_in(
            self.search_path.dirs().iter().map(|d| &**d),
            name,
            self.version,
        )
    }

    fn submodule(&mut self, locations: &[PathBuf], name: &str) -> Target {
        for dir in locations {
            if !self.dirs.contains_key(dir.as_os_str()) {
                let listing = self.listings.get(dir);
                self.dirs.insert(dir.as_os_str().to_os_string(), listing);
            }
        }
        find_in(
            locations.iter().map(|d| &*self.dirs[d.as_os_str()]),
            name,
            self.version,
        )
    }

    /// The dotted names `file` would have under each entry, kept when they resolve back to it.
    fn names_of(&mut self, file: &Path, entries: &[usize]) -> Vec<String> {
        let mut names = Vec::new();
        let search_path = self.search_path;
        for &entry in entries {
            // A component that is not UTF-8 is not an identifier: no name under this entry.
            let Some(rel) = crate::paths::strip_dir(file, &search_path.dirs()[entry].dir)
                .and_then(Path::to_str)
            else {
                continue;
            };
            let mut parts: Vec<&str> = rel.split(std::path::MAIN_SEPARATOR).collect();
            let Some(last) = parts.pop() else { continue };
            let stem = last.split('.').next().unwrap_or_default();
            if stem != "__init__" {
                parts.push(stem);
            }
            if parts.is_empty() || !parts.iter().all(|p| is_identifier(p)) {
                continue;
            }
            let name = parts.join(".");
            if self.resolve(&name).local_file() == Some(file) && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// The path finder over `dirs` as a target: a module, a namespace package of every portion,
/// or nothing local.
fn find_in<'d>(
    dirs: impl IntoIterator<Item = &'d DirIndex>,
    name: &str,
    version: PythonVersion,
) -> Target {
    match find_in_dirs(dirs, name, version) {
        Ok(module) => local(&module),
        Err(portions) if portions.is_empty() => Target::Other,
        Err(portions) => Target::Local {
            file: None,
            locations: portions.into(),
        },
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The absolute module a relative import names, from the importer's module name.
pub fn absolute_module(
    importer: &str,
    importer_is_package: bool,
    level: usize,
    module: Option<&str>,
) -> Option<String> {
    let mut parts: Vec<&str> = importer.split('.').collect();
    if !importer_is_package {
        parts.pop();
    }
    for _ in 1..level {
        parts.pop()?;
    }
    if parts.is_empty() {
        return None; // "attempted relative import with no known parent package"
    }
    let mut base = parts.join(".");
    if let Some(m) = module {
        base.push('.');
        base.push_str(m);
    }
    Some(base)
}

impl<'a> ContextGraph<'a> {
    pub fn build(
        context: &'a Context,
        files: &[FileImports],
        coverage: Coverage,
        listings: &Listings,
    ) -> ContextGraph<'a> {
        let search_path = SearchPath::with_listings(context, listings);
        let version = context.versions.max;
        let candidates = match coverage {
            Coverage::Entries => files_under(files, &search_path),
            Coverage::AllFiles => (0..files.len())
                .map(|fi| (fi, search_path.entries_containing(&files[fi].path)))
                .collect(),
        };
        // A file directly in `sys.path[0]` with no module name (a notebook, `run-server.py`) is
        // what the context runs: its imports count.
        let first_dir = context
            .search_path
            .first()
            .filter(|e| !e.searched_at_startup)
            .map(|e| e.dir.as_path());
        let run_here = |fi: usize| first_dir.is_some() && files[fi].path.parent() == first_dir;
        // Files are resolved in parallel, in chunks that each share one memo of resolved names.
        let per_file: Vec<(usize, Vec<String>, Vec<Edge>)> = candidates
            .par_chunks(RESOLVE_CHUNK)
            .flat_map_iter(|chunk| {
                let mut resolver = Resolver {
                    search_path: &search_path,
                    listings,
                    version,
                    dirs: FxHashMap::default(),
                    memo: FxHashMap::default(),
                };
                chunk
                    .iter()
                    .map(|(fi, entries)| {
                        let (names, edges) = file_graph(&mut resolver, &files[*fi], entries);
                        (*fi, names, edges)
                    })
                    .filter(|(fi, names, _)| {
                        coverage == Coverage::AllFiles || !names.is_empty() || run_here(*fi)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut graph = ContextGraph {
            context,
            shadows: shadows(&search_path),
            search_path,
            version,
            files: Vec::with_capacity(per_file.len()),
            names: Vec::with_capacity(per_file.len()),
            edges: Vec::with_capacity(per_file.len()),
            importers: FxHashMap::default(),
        };
        for (fi, names, edges) in per_file {
            if !names.is_empty() || run_here(fi) {
                for (ei, edge) in edges.iter().enumerate() {
                    let import = &files[fi].imports[edge.import];
                    let relative =
                        matches!(import.target, ImportTarget::From { level, .. } if level > 0);
                    let loaded = match &edge.target {
                        Target::Local {
                            file: Some(file), ..
                        }
                        | Target::NotAPackage { file } => file,
                        _ => continue,
                    };
                    if !relative && !import.context.type_checking {
                        graph
                            .importers
                            .entry(loaded.clone())
                            .or_default()
                            .push((fi, ei));
                    }
                }
            }
            graph.files.push(fi);
            graph.names.push(names);
            graph.edges.push(edges);
        }
        graph
    }

    fn slot(&self, file: usize) -> Option<usize> {
        self.files.binary_search(&file).ok()
    }

    /// The names file `file` is importable under here (none: not part of this program).
    pub fn names(&self, file: usize) -> &[String] {
        self.slot(file).map_or(&[], |i| &self.names[i])
    }

    /// The resolved imports of file `file` (none when the graph does not hold it).
    pub fn edges(&self, file: usize) -> &[Edge] {
        self.slot(file).map_or(&[], |i| &self.edges[i])
    }

    /// Whether the module of `file` sits in `sys.path[0]`: the context's first entry when it is
    /// inserted after start-up (a script's directory, the current directory of `python -m`,
    /// pytest's rootdir insertion). From 3.13 CPython's messages suggest renaming such a module.
    pub fn in_first_entry(&self, file: &Path) -> bool {
        let Some(first) = self
            .context
            .search_path
            .first()
            .filter(|e| !e.searched_at_startup)
        else {
            return false;
        };
        let module = if file.file_stem().is_some_and(|s| s == "__init__") {
            file.parent()
        } else {
            Some(file)
        };
        module.and_then(Path::parent) == Some(first.dir.as_path())
    }

    /// The files the graph holds, in path order.
    pub fn files(&self) -> &[usize] {
        &self.files
    }
}

/// Files resolved by one worker with one memo.
const RESOLVE_CHUNK: usize = 256;

/// The files (indices into the path-sorted list) under any entry of `search_path`, each with
/// the entries holding it in `sys.path` order: each directory's files are one contiguous run of
/// the sorted list, found by binary search.
fn files_under(files: &[FileImports], search_path: &SearchPath) -> Vec<(usize, Vec<usize>)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (entry, dir) in search_path.dirs().iter().enumerate() {
        let dir = dir.dir.as_path();
        let start = files.partition_point(|f| f.path.as_path() < dir);
        found.extend(
            (start..files.len())
                .take_while(|&i| crate::paths::strip_dir(&files[i].path, dir).is_some())
                .map(|i| (i, entry)),
        );
    }
    found.sort_unstable();
    let mut grouped: Vec<(usize, Vec<usize>)> = Vec::new();
    for (file, entry) in found {
        match grouped.last_mut() {
            Some((last, entries)) if *last == file => entries.push(entry),
            _ => grouped.push((file, vec![entry])),
        }
    }
    grouped
}
/// One file's module names and resolved imports.
fn file_graph(
    resolver: &mut Resolver,
    file: &FileImports,
    entries: &[usize],
) -> (Vec<String>, Vec<Edge>) {
    let file_names = resolver.names_of(&file.path, entries);
    let is_package = file
        .path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("__init__."));
    let mut file_edges = Vec::new();
    for (i, import) in file.imports.iter().enumerate() {
        let mut add = |module: &str, resolver: &mut Resolver| {
            if !file_edges
                .iter()
                .any(|e: &Edge| e.import == i && *e.module == *module)
            {
                let (module, target) = resolver.interned(module);
                file_edges.push(Edge {
                    import: i,
                    module,
                    target,
                });
            }
        };
        match &import.target {
            ImportTarget::Module { module, .. } => add(module, resolver),
            ImportTarget::From {
                level,
                module,
                names: imported,
            } => {
                let mut from_base = |base: &str, resolver: &mut Resolver| {
                    let is_local_package = matches!(
                        resolver.resolve(base),
                        Target::Local { ref locations, .. } if !locations.is_empty()
                    );
                    add(base, resolver);
                    if is_local_package {
                        let mut sub = String::new();
                        for (name, _) in imported.iter().filter(|(n, _)| n != "*") {
                            sub.clear();
                            sub.push_str(base);
                            sub.push('.');
                            sub.push_str(name);
                            if resolver.resolve(&sub).local_file().is_some() {
                                add(&sub, resolver);
                            }
                        }
                    }
                };
                match (*level, module) {
                    (0, Some(module)) => from_base(module, resolver),
                    (0, None) => {}
                    _ => {
                        for name in &file_names {
                            if let Some(base) =
                                absolute_module(name, is_package, *level, module.as_deref())
                            {
                                from_base(&base, resolver);
                            }
                        }
                    }
                }
            }
        }
    }
    // Kept for the whole run, one list a file a context: no growth slack.
    file_edges.shrink_to_fit();
    (file_names, file_edges)
}

impl ContextGraph<'_> {
    /// Absolute imports (not relative ones, which are deliberate) in other files of this
    /// program that load `target`: `(file index, edge)`.
    pub fn absolute_importers<'g>(
        &'g self,
        files: &'g [FileImports],
        target: &'g Path,
    ) -> impl Iterator<Item = (usize, &'g Edge)> + 'g {
        let package_dir = target
            .file_name()
            .filter(|n| n.to_string_lossy().starts_with("__init__."))
            .and(target.parent());
        self.importers
            .get(target)
            .into_iter()
            .flatten()
            .filter(move |&&(fi, _)| {
                let importer = &files[fi].path;
                importer != target && package_dir.is_none_or(|d| !importer.starts_with(d))
            })
            .map(move |&(fi, ei)| (fi, &self.edges(fi)[ei]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports() {
        assert_eq!(
            absolute_module("pkg.mod", false, 1, Some("x")).as_deref(),
            Some("pkg.x")
        );
        assert_eq!(
            absolute_module("pkg", true, 1, Some("x")).as_deref(),
            Some("pkg.x")
        );
        assert_eq!(
            absolute_module("a.b.c", false, 2, None).as_deref(),
            Some("a")
        );
        assert_eq!(absolute_module("mod", false, 1, Some("x")), None);
        assert_eq!(absolute_module("a.b", false, 3, None), None);
    }
}
