//! Everything the rules read: the walk, every file's imports, the import graph of every
//! context, and — on demand, cached — the full-parse facts of the few files a finding involves.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::discovery::Discovered;
use crate::graph::ContextGraph;
use crate::imports::scan::{MAX_BRACKET_DEPTH, too_deep_to_parse};
use crate::imports::uses::{self, MAX_PARSE_BYTES, ModuleFacts};
use crate::imports::{FileImports, decode};
use crate::sources::Sources;

pub struct Project<'a> {
    pub cwd: &'a Path,
    /// The project root (where a walk problem without a path is reported).
    pub root: &'a Path,
    pub discovered: &'a Discovered,
    /// Every Python source, sorted by path.
    pub files: &'a [FileImports],
    pub graphs: &'a [ContextGraph<'a>],
    /// Module names that may shadow on purpose.
    pub allow: &'a [String],
    sources: &'a Sources,
    facts: Mutex<HashMap<PathBuf, Option<Arc<ModuleFacts>>>>,
}

impl<'a> Project<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        cwd: &'a Path,
        root: &'a Path,
        discovered: &'a Discovered,
        files: &'a [FileImports],
        graphs: &'a [ContextGraph<'a>],
        allow: &'a [String],
        sources: &'a Sources,
    ) -> Project<'a> {
        Project {
            cwd,
            root,
            discovered,
            files,
            graphs,
            allow,
            sources,
            facts: Mutex::new(HashMap::new()),
        }
    }

    pub fn file(&self, path: &Path) -> Option<&'a FileImports> {
        self.files
            .binary_search_by(|f| f.path.as_path().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    pub fn is_allowed(&self, module: &str) -> bool {
        self.allow.iter().any(|a| a == module)
    }

    /// The full-parse facts of a Python source, or `None` when it cannot or must not be parsed
    /// (unreadable, too large, nested deeper than CPython accepts).
    pub fn facts(&self, path: &Path) -> Option<Arc<ModuleFacts>> {
        if let Some(cached) = self.facts.lock().ok()?.get(path) {
            return cached.clone();
        }
        let computed = self.compute_facts(path).map(Arc::new);
        self.facts
            .lock()
            .ok()?
            .insert(path.to_path_buf(), computed.clone());
        computed
    }

    fn compute_facts(&self, path: &Path) -> Option<ModuleFacts> {
        let bytes = self.sources.read(path).ok()?;
        parse_guarded(self.file(path)?, &bytes, uses::analyze).map(|(_, facts)| facts)
    }
}

/// Runs a full parse (`parse` over the decoded text) unless the file must not be parsed —
/// unreadable, above `MAX_PARSE_BYTES`, nested deeper than CPython accepts — on a thread with a
/// stack big enough for the parser's recursion. Returns the decoded text with the result.
pub fn parse_guarded<T: Send + 'static>(
    scanned: &FileImports,
    bytes: &[u8],
    parse: fn(&str) -> T,
) -> Option<(String, T)> {
    let too_deep = scanned
        .errors
        .iter()
        .any(|e| e.message.contains("too many nested") || e.message.contains("indentation"));
    if too_deep || scanned.unreadable.is_some() || bytes.len() > MAX_PARSE_BYTES {
        return None;
    }
    let text = decode::decode(bytes).text;
    if too_deep_to_parse(&text) {
        return None;
    }
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024 + MAX_BRACKET_DEPTH * 64 * 1024)
        .spawn(move || {
            let parsed = parse(&text);
            (text, parsed)
        })
        .ok()?
        .join()
        .ok()
}
