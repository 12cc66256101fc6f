//! What one `sys.path` directory offers for a name: CPython's `FileFinder`. Within one
//! directory it takes a regular package (`X/__init__` + suffix) first, then `X` + an extension
//! suffix (`.cpython-3XY-<platform>.so`, `.abi3.so`, `.so`), then `X.py`, then a sourceless
//! `X.pyc`. A directory without `__init__` is only a namespace portion: the search goes on, and
//! any regular module later on the path (the standard library's included) wins over it.
//!
//! Low in the pipeline: the context readers ask it about a script's siblings, the search path
//! (`resolve`) about every entry. It knows directories, never contexts.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock, Weak};

use rustc_hash::FxHashMap;

use crate::python::PythonVersion;

/// What a directory holds for one name, in `FileFinder` order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Suffix {
    /// `.cpython-3XY-<platform>.so`: only loadable by that minor version.
    TaggedExtension(u8),
    Abi3Extension,
    Extension,
    Source,
    Bytecode,
}

impl Suffix {
    /// Classifies the part of a file name after the module name's first dot.
    fn parse(rest: &str) -> Option<Suffix> {
        match rest {
            "py" => Some(Suffix::Source),
            "pyc" => Some(Suffix::Bytecode),
            "so" => Some(Suffix::Extension),
            "abi3.so" => Some(Suffix::Abi3Extension),
            _ => {
                let tag = rest.strip_prefix("cpython-3")?.strip_suffix(".so")?;
                let (minor, platform) = tag.split_once('-')?;
                (!platform.is_empty() && !platform.contains('.'))
                    .then(|| minor.parse().ok().map(Suffix::TaggedExtension))
                    .flatten()
            }
        }
    }

    fn loadable_by(self, version: PythonVersion) -> bool {
        match self {
            Suffix::TaggedExtension(minor) => minor == version.0,
            _ => true,
        }
    }
}

/// The kind of module a finder found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleKind {
    Package,
    Extension,
    Source,
    Bytecode,
}

impl ModuleKind {
    pub fn describe(self) -> &'static str {
        match self {
            ModuleKind::Package => "package",
            ModuleKind::Extension => "extension module",
            ModuleKind::Source => "module",
            ModuleKind::Bytecode => "sourceless bytecode module",
        }
    }
}

/// A regular module found on a search-path entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundModule {
    pub kind: ModuleKind,
    /// The file that runs: a package's `__init__`, or the module file itself.
    pub file: PathBuf,
}

/// The files that could be one module, in `FileFinder` order: `(suffix, file name)`.
type Candidates = Vec<(Suffix, String)>;

/// One search-path directory, listed once.
#[derive(Debug, Default)]
pub struct DirIndex {
    pub dir: PathBuf,
    /// Module-like files by module name, with their suffix.
    files: FxHashMap<String, Vec<(Suffix, String)>>,
    /// Sub-directory names (possible packages or namespace portions), sorted, each with its
    /// `__init__` files once something asked (a package test lists the directory once).
    dirs: Vec<(String, OnceLock<Candidates>)>,
    /// The [`Listings`] this came from, if any: where a sub-directory's listing is looked up.
    listings: Weak<Shared>,
}

impl DirIndex {
    /// Lists `dir`. A missing or unreadable directory is an empty entry, as for CPython.
    pub fn read(dir: &Path) -> DirIndex {
        let mut index = DirIndex {
            dir: dir.to_path_buf(),
            ..DirIndex::default()
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return index;
        };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            // Follow symlinks like `os.stat` does (a dangling link is nothing); the directory
            // listing's own type saves a `stat` for everything else.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let (is_dir, is_file) = if kind.is_symlink() {
                match fs::metadata(entry.path()) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(_) => continue,
                }
            } else {
                (kind.is_dir(), kind.is_file())
            };
            if is_dir {
                index.dirs.push((name, OnceLock::new()));
            } else if is_file
                && let Some((stem, rest)) = name.split_once('.')
                && let Some(suffix) = Suffix::parse(rest)
            {
                index
                    .files
                    .entry(stem.to_string())
                    .or_default()
                    .push((suffix, name.clone()));
            }
        }
        for candidates in index.files.values_mut() {
            candidates.sort();
        }
        index.dirs.sort_by(|a, b| a.0.cmp(&b.0));
        index
    }

    /// What `FileFinder.find_spec(name)` returns for this directory under `version`.
    pub fn find(&self, name: &str, version: PythonVersion) -> Finding {
        let subdir = self.dirs.binary_search_by(|d| d.0.as_str().cmp(name)).ok();
        if let Some(i) = subdir {
            let (_, inits) = &self.dirs[i];
            let package = self.dir.join(name);
            let init = inits.get_or_init(|| self.init_files(&package));
            if let Some((_, file)) = init.iter().find(|(s, _)| s.loadable_by(version)) {
                return Finding::Module(FoundModule {
                    kind: ModuleKind::Package,
                    file: package.join(file),
                });
            }
        }
        if let Some((suffix, file)) = self
            .files
            .get(name)
            .and_then(|c| c.iter().find(|(s, _)| s.loadable_by(version)))
        {
            let kind = match suffix {
                Suffix::Source => ModuleKind::Source,
                Suffix::Bytecode => ModuleKind::Bytecode,
                _ => ModuleKind::Extension,
            };
            return Finding::Module(FoundModule {
                kind,
                file: self.dir.join(file),
            });
        }
        if subdir.is_some() {
            return Finding::NamespacePortion(self.dir.join(name));
        }
        Finding::Nothing
    }

    /// Whether the directory holds the module-like file `file_name` (`__init__.py`): a file, or
    /// a link to one.
    pub fn has_file(&self, file_name: &str) -> bool {
        let stem = file_name
            .split_once('.')
            .map_or(file_name, |(stem, _)| stem);
        self.files
            .get(stem)
            .is_some_and(|candidates| candidates.iter().any(|(_, name)| name == file_name))
    }

    /// Every name this directory could give a module: module-like files and sub-directories.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .map(String::as_str)
            .chain(self.dirs.iter().map(|(d, _)| d.as_str()))
    }

    /// The `__init__` files of the sub-directory `package` (sorted, as every candidate list).
    fn init_files(&self, package: &Path) -> Candidates {
        match self.listings.upgrade() {
            Some(shared) => listing(&shared, package)
                .files
                .get("__init__")
                .cloned()
                .unwrap_or_default(),
            None => DirIndex::read(package)
                .files
                .remove("__init__")
                .unwrap_or_default(),
        }
    }
}

/// The listings read so far, by directory (looked up far more often than added to).
/// Keyed by the path's bytes: hashing a `Path` walks its components, and every directory here
/// comes from the walk or a search-path entry, spelled one way.
type Shared = RwLock<FxHashMap<OsString, Arc<DirIndex>>>;

/// Directory listings, each read once per run and shared by every context and worker. A
/// listing from here also asks here for its sub-directories' `__init__` files, so a package
/// directory is listed once, not again for the package test of its parent.
#[derive(Default)]
pub struct Listings {
    read: Arc<Shared>,
}

impl Listings {
    pub fn get(&self, dir: &Path) -> Arc<DirIndex> {
        listing(&self.read, dir)
    }
}

fn listing(shared: &Arc<Shared>, dir: &Path) -> Arc<DirIndex> {
    if let Some(found) = shared
        .read()
        .ok()
        .and_then(|m| m.get(dir.as_os_str()).cloned())
    {
        return found;
    }
    // Read outside the lock: two workers may both read a directory, one copy is kept.
    let mut index = DirIndex::read(dir);
    index.listings = Arc::downgrade(shared);
    let index = Arc::new(index);
    match shared.write() {
        Ok(mut m) => m
            .entry(dir.as_os_str().to_os_string())
            .or_insert(index)
            .clone(),
        Err(_) => index,
    }
}

/// The answer of one directory's finder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Module(FoundModule),
    NamespacePortion(PathBuf),
    Nothing,
}

/// The path finder over `dirs`, in order: the first regular module, else every namespace
/// portion met (none: not found).
pub fn find_in_dirs<'d>(
    dirs: impl IntoIterator<Item = &'d DirIndex>,
    name: &str,
    version: PythonVersion,
) -> Result<FoundModule, Vec<PathBuf>> {
    let mut portions = Vec::new();
    for dir in dirs {
        match dir.find(name, version) {
            Finding::Module(m) => return Ok(m),
            Finding::NamespacePortion(p) => portions.push(p),
            Finding::Nothing => {}
        }
    }
    Err(portions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }

    const V311: PythonVersion = PythonVersion(11);

    #[test]
    fn suffixes_parse() {
        assert_eq!(Suffix::parse("py"), Some(Suffix::Source));
        assert_eq!(
            Suffix::parse("cpython-311-x86_64-linux-gnu.so"),
            Some(Suffix::TaggedExtension(11))
        );
        assert_eq!(Suffix::parse("abi3.so"), Some(Suffix::Abi3Extension));
        assert_eq!(Suffix::parse("pyi"), None);
        assert_eq!(Suffix::parse("pyw"), None);
        assert_eq!(Suffix::parse("tar.py"), None);
    }

    #[test]
    fn package_beats_extension_beats_source_beats_bytecode() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in ["json.pyc", "json.py", "json.so", "json/__init__.py"] {
            touch(root, f);
        }
        let find = |dir: &Path| DirIndex::read(dir).find("json", V311);
        let kind = |f: Finding| match f {
            Finding::Module(m) => m.kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(find(root)), ModuleKind::Package);
        fs::remove_file(root.join("json/__init__.py")).unwrap();
        assert_eq!(kind(find(root)), ModuleKind::Extension);
        fs::remove_file(root.join("json.so")).unwrap();
        assert_eq!(kind(find(root)), ModuleKind::Source);
        fs::remove_file(root.join("json.py")).unwrap();
        assert_eq!(kind(find(root)), ModuleKind::Bytecode);
        fs::remove_file(root.join("json.pyc")).unwrap();
        assert_eq!(find(root), Finding::NamespacePortion(root.join("json")));
    }

    #[test]
    fn tagged_extension_only_for_its_version() {
        let tmp = tempfile::tempdir().unwrap();
        touch(tmp.path(), "fast.cpython-312-x86_64-linux-gnu.so");
        let index = DirIndex::read(tmp.path());
        assert_eq!(index.find("fast", V311), Finding::Nothing);
        assert!(matches!(
            index.find("fast", PythonVersion(12)),
            Finding::Module(_)
        ));
    }

    #[test]
    fn stub_only_and_pycache_are_not_importable() {
        let tmp = tempfile::tempdir().unwrap();
        touch(tmp.path(), "json.pyi");
        touch(tmp.path(), "__pycache__/json.cpython-311.pyc");
        assert_eq!(
            DirIndex::read(tmp.path()).find("json", V311),
            Finding::Nothing
        );
    }
}
