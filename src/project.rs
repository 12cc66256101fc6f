//! Everything the rules read: the walk, every file's imports, the import graph of every
//! context, and — on demand, cached — the parse facts of the few files a finding involves.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::discovery::Discovered;
use crate::graph::ContextGraph;
use crate::imports::scan::{MAX_BRACKET_DEPTH, too_deep_to_parse};
use crate::imports::uses::{self, MAX_PARSE_BYTES, ModuleFacts};
use crate::imports::{FileImports, decode};
use crate::sources::Sources;

pub struct Project<'a> {
    /// The project root (where a walk problem without a path is reported).
    pub root: &'a Path,
    pub discovered: &'a Discovered,
    /// Every Python source, sorted by path.
    pub files: &'a [FileImports],
    pub graphs: &'a [ContextGraph<'a>],
    /// Module names that may shadow on purpose.
    pub allow: &'a [String],
    sources: &'a Sources,
    // Paths are keyed by their bytes (hashing a `Path` walks its components); every path here
    // is a walked file, spelled one way.
    facts: Mutex<FxHashMap<OsString, Option<Arc<ModuleFacts>>>>,
    /// Each file's position in `files`.
    index: FxHashMap<&'a OsStr, usize>,
    /// The files that take a standard-library name in some context: parsed whole, so SS901
    /// sees every syntax error in them; the others only as far as import time reaches.
    shadows: FxHashSet<&'a OsStr>,
}

impl<'a> Project<'a> {
    pub fn new(
        root: &'a Path,
        discovered: &'a Discovered,
        files: &'a [FileImports],
        graphs: &'a [ContextGraph<'a>],
        allow: &'a [String],
        sources: &'a Sources,
    ) -> Project<'a> {
        Project {
            root,
            discovered,
            files,
            graphs,
            allow,
            sources,
            facts: Mutex::new(FxHashMap::default()),
            index: files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.path.as_os_str(), i))
                .collect(),
            shadows: graphs
                .iter()
                .flat_map(|g| g.shadows.iter().map(|s| s.file.as_os_str()))
                .collect(),
        }
    }

    pub fn file(&self, path: &Path) -> Option<&'a FileImports> {
        self.index_of(path).map(|i| &self.files[i])
    }

    /// The position of `path` in `files`.
    pub fn index_of(&self, path: &Path) -> Option<usize> {
        self.index.get(path.as_os_str()).copied()
    }

    /// Whether the file takes a standard-library name in some context.
    pub fn is_shadow(&self, path: &Path) -> bool {
        self.shadows.contains(path.as_os_str())
    }

    pub fn is_allowed(&self, module: &str) -> bool {
        self.allow.iter().any(|a| a == module)
    }

    /// The full-parse facts of a Python source, or `None` when it cannot or must not be parsed
    /// (unreadable, too large, nested deeper than CPython accepts).
    pub fn facts(&self, path: &Path) -> Option<Arc<ModuleFacts>> {
        if let Some(cached) = self.facts.lock().ok()?.get(path.as_os_str()) {
            return cached.clone();
        }
        let computed = self.compute_facts(path).map(Arc::new);
        self.facts
            .lock()
            .ok()?
            .insert(path.as_os_str().to_os_string(), computed.clone());
        computed
    }

    fn compute_facts(&self, path: &Path) -> Option<ModuleFacts> {
        let bytes = self.sources.read(path).ok()?;
        let scanned = self.file(path)?;
        let text = parseable_text(scanned, bytes)?;
        // Only import time matters, but a file whose skeleton does not parse cleanly gets the
        // full parse's facts, and a shadow's syntax errors are all reported (SS901).
        if !self.is_shadow(path)
            && let Some(bodies) = scanned.function_bodies.of(&text)
            && let Some(skeleton) = uses::import_time_skeleton(&text, &bodies)
            && let Some((_, facts)) = parse_text(skeleton, uses::analyze)
            && facts.syntax_errors.is_empty()
        {
            return Some(facts);
        }
        parse_text(text, uses::analyze).map(|(_, facts)| facts)
    }
}

/// A stack the parser's recursion fits in, for any file `parse_guarded` lets through.
const PARSE_STACK: usize = 256 * 1024 * 1024 + MAX_BRACKET_DEPTH * 64 * 1024;

/// Whether the global worker threads have [`PARSE_STACK`]-sized stacks.
static WORKERS_FIT_A_PARSE: AtomicBool = AtomicBool::new(false);

/// Gives the global worker threads stacks a full parse fits in, so parses run on them: a
/// fresh thread per parse, with such a stack, costs more than most parses (its mapping is
/// made and torn down each time). Call before any parallel work; if the pool already exists,
/// parses keep spawning their own thread.
pub fn init_workers() {
    let built = rayon::ThreadPoolBuilder::new()
        .stack_size(PARSE_STACK)
        .build_global();
    WORKERS_FIT_A_PARSE.store(built.is_ok(), Ordering::Relaxed);
}

/// Runs a full parse (`parse` over the decoded text) unless the file must not be parsed —
/// unreadable, above `MAX_PARSE_BYTES`, nested deeper than CPython accepts — on a thread with a
/// stack big enough for the parser's recursion. Returns the decoded text with the result.
pub fn parse_guarded<T: Send + 'static>(
    scanned: &FileImports,
    bytes: &[u8],
    parse: fn(&str) -> T,
) -> Option<(String, T)> {
    parse_text(parseable_text(scanned, Cow::Borrowed(bytes))?, parse)
}

/// The decoded text of a file a full parse may read: `None` when it is unreadable, above
/// `MAX_PARSE_BYTES`, or nested deeper than CPython accepts (the scan's errors say).
fn parseable_text(scanned: &FileImports, bytes: Cow<'_, [u8]>) -> Option<String> {
    let too_deep = scanned
        .errors
        .iter()
        .any(|e| e.message.contains("too many nested") || e.message.contains("indentation"));
    if too_deep || scanned.unreadable.is_some() || bytes.len() > MAX_PARSE_BYTES {
        return None;
    }
    Some(decode::decode(bytes).text)
}

/// `parse(text)` on a stack its recursion fits in, unless its expressions nest too deeply to
/// parse safely. Returns the text with the result.
fn parse_text<T: Send + 'static>(text: String, parse: fn(&str) -> T) -> Option<(String, T)> {
    if too_deep_to_parse(&text) {
        return None;
    }
    // The global pool is the only one stdshadow builds: a worker thread is one of its.
    if WORKERS_FIT_A_PARSE.load(Ordering::Relaxed) && rayon::current_thread_index().is_some() {
        let parsed = parse(&text);
        return Some((text, parsed));
    }
    std::thread::Builder::new()
        .stack_size(PARSE_STACK)
        .spawn(move || {
            let parsed = parse(&text);
            (text, parsed)
        })
        .ok()?
        .join()
        .ok()
}
