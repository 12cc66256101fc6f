//! Module resolution over a context's search path, for top-level names.
//!
//! `import X` returns `sys.modules["X"]` if start-up already loaded it; otherwise `sys.meta_path`
//! asks the built-in importer, the frozen importer (3.11+), then the path finder, which tries each
//! `sys.path` entry in order (each directory's own finder is [`crate::finder`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::contexts::{Context, PathEntry};
use crate::finder::{DirIndex, Finding, FoundModule, Listings, find_in_dirs};
use crate::python::PythonVersion;
use crate::python::hosts::HostImport;

/// A context's search path, each directory listed once: the entries before the standard
/// library, then its site-packages entries.
pub struct SearchPath<'a> {
    pub context: &'a Context,
    dirs: Vec<Arc<DirIndex>>,
    /// Entry indices by directory: which entries hold a file, in one lookup per ancestor
    /// (pytest contexts have hundreds of entries).
    by_dir: HashMap<PathBuf, Vec<usize>>,
}

/// A local regular module that wins a name, and the entry that made it win.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalHit {
    pub module: FoundModule,
    pub entry: usize,
}

/// What `import NAME` loads under one context and one version, for a standard-library name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StdlibResolution {
    /// Compiled into the interpreter: no path entry is consulted.
    Builtin,
    /// Served by the frozen importer (3.11+) before the path finder.
    Frozen,
    /// Start-up (the interpreter's, or the host's: a Jupyter kernel, pytest) loaded it from the
    /// stdlib before this local module's entry joined `sys.path`.
    AlreadyImported(LocalHit),
    /// Start-up itself (searching `PYTHONPATH`, or a host with the entries on the path) loads
    /// the local module instead.
    ReplacedAtStartup(LocalHit),
    /// `import NAME` loads the local module.
    Shadowed(LocalHit),
    /// The local module's entry comes after the standard library when the code runs (IPython
    /// appends a kernel's working directory): the stdlib module wins.
    EntryAfterStdlib(LocalHit),
    /// The standard-library module is loaded (no local regular module comes first; a namespace
    /// portion never beats it).
    Stdlib,
}

impl<'a> SearchPath<'a> {
    pub fn new(context: &'a Context) -> SearchPath<'a> {
        SearchPath::with_listings(context, &Listings::default())
    }

    /// The search path with its directories taken from (and added to) the run's `listings`.
    pub fn with_listings(context: &'a Context, listings: &Listings) -> SearchPath<'a> {
        let dirs = context
            .search_path
            .iter()
            .chain(&context.site_packages)
            .map(|entry: &PathEntry| listings.get(&entry.dir))
            .collect::<Vec<_>>();
        let mut by_dir: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, d) in dirs.iter().enumerate() {
            by_dir.entry(d.dir.clone()).or_default().push(i);
        }
        SearchPath {
            context,
            dirs,
            by_dir,
        }
    }

    /// The entries whose directory contains `file`, in `sys.path` order.
    pub fn entries_containing(&self, file: &Path) -> Vec<usize> {
        let mut found: Vec<usize> = file
            .ancestors()
            .skip(1)
            .filter_map(|a| self.by_dir.get(a))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found
    }

    /// The listed directories of every entry in `sys.path` order, site-packages included:
    /// what a name the standard library does not have resolves through.
    pub fn dirs(&self) -> &[Arc<DirIndex>] {
        &self.dirs
    }

    /// The listings of the entries before the standard library (the ones that can shadow it).
    pub fn local_dirs(&self) -> &[Arc<DirIndex>] {
        &self.dirs[..self.context.search_path.len()]
    }

    /// The first regular module for `name` among the entries accepted by `filter`.
    pub fn first_regular(
        &self,
        name: &str,
        version: PythonVersion,
        filter: impl Fn(&PathEntry) -> bool,
    ) -> Option<LocalHit> {
        self.context
            .search_path
            .iter()
            .zip(&self.dirs) // stops at the standard library: site-packages never win a stdlib name
            .enumerate()
            .filter(|(_, (entry, _))| filter(entry))
            .find_map(|(i, (_, dir))| match dir.find(name, version) {
                Finding::Module(module) => Some(LocalHit { module, entry: i }),
                _ => None,
            })
    }

    /// Resolves a standard-library top-level `name` as CPython `version` would.
    pub fn resolve_stdlib(&self, name: &str, version: PythonVersion) -> StdlibResolution {
        let table = version.table();
        if table.is_builtin(name) {
            return StdlibResolution::Builtin;
        }
        if table.is_frozen(name) {
            return StdlibResolution::Frozen;
        }
        let host = self.context.host().imports(name, version);
        if host == Some(HostImport::WithEntries)
            && let Some(hit) = self.first_regular(name, version, |_| true)
        {
            return StdlibResolution::ReplacedAtStartup(hit);
        }
        if table.is_startup(name) || host == Some(HostImport::Before) {
            if let Some(hit) = self.first_regular(name, version, |e| e.searched_at_startup) {
                return StdlibResolution::ReplacedAtStartup(hit);
            }
            return match self.first_regular(name, version, |_| true) {
                Some(hit) => StdlibResolution::AlreadyImported(hit),
                None => StdlibResolution::Stdlib,
            };
        }
        match self.first_regular(name, version, |_| true) {
            Some(hit) if !self.context.host().entries_before_stdlib(version) => {
                StdlibResolution::EntryAfterStdlib(hit)
            }
            Some(hit) => StdlibResolution::Shadowed(hit),
            None => StdlibResolution::Stdlib,
        }
    }

    /// What the local part of the path yields for any top-level name (used to compare with
    /// the interpreter): the first regular module, or else the first namespace portion.
    pub fn find_local(&self, name: &str, version: PythonVersion) -> Finding {
        match find_in_dirs(self.dirs.iter().map(|d| &**d), name, version) {
            Ok(module) => Finding::Module(module),
            Err(portions) => portions
                .into_iter()
                .next()
                .map_or(Finding::Nothing, Finding::NamespacePortion),
        }
    }
}
