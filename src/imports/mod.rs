//! Import extraction: decode every Python file (PEP 263 cookies, BOM), scan its imports at the
//! token level (`scan`), in parallel. Files a finding involves get a full parse later
//! (`uses`), never all of them.

pub mod decode;
pub mod mentions;
pub mod run_literals;
pub mod scan;
pub mod uses;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::discovery::{Discovered, describe_io};
use crate::sources::Sources;

/// A dotted module name or an imported name, as written: inline up to 24 bytes, which almost
/// every name is (a large tree has millions).
pub type Name = compact_str::CompactString;

/// What an import statement names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportTarget {
    /// `import a.b.c [as x]`, or a dynamic `__import__("a.b")` / `import_module("a.b")`.
    Module { module: Name, alias: Option<Name> },
    /// `from [dots][module] import names` (`*` is a name).
    From {
        level: usize,
        module: Option<Name>,
        names: Vec<(Name, Option<Name>)>,
    },
}

impl ImportTarget {
    /// The statement as written, normalised: `import a.b`, `from .x import y`.
    pub fn describe(&self) -> String {
        match self {
            ImportTarget::Module {
                module,
                alias: None,
            } => format!("import {module}"),
            ImportTarget::Module {
                module,
                alias: Some(a),
            } => format!("import {module} as {a}"),
            ImportTarget::From {
                level,
                module,
                names,
            } => {
                let names: Vec<String> = names
                    .iter()
                    .map(|(n, a)| match a {
                        Some(a) => format!("{n} as {a}"),
                        None => n.to_string(),
                    })
                    .collect();
                format!(
                    "from {}{} import {}",
                    ".".repeat(*level),
                    module.as_deref().unwrap_or(""),
                    names.join(", ")
                )
            }
        }
    }
}

/// Where an import statement sits, which decides whether and when it runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportContext {
    /// Inside a function body: runs when the function is called.
    pub in_function: bool,
    /// Inside a class body (runs at import time unless also in a function).
    pub in_class: bool,
    /// Under `if TYPE_CHECKING:`: never runs.
    pub type_checking: bool,
    /// Under `if __name__ == "__main__":`: runs only when the file is run as a script.
    pub main_guard: bool,
    /// In a `try` body whose handlers catch `ImportError` (or a superclass).
    pub guarded: bool,
    /// Under some other `if`/`else`/`for`/`with`/`except`… body.
    pub conditional: bool,
    /// `__import__("x")` or `importlib.import_module("x")` with a literal string.
    pub dynamic: bool,
}

impl ImportContext {
    /// Whether importing the module runs this statement.
    pub fn runs_at_import_time(&self) -> bool {
        !self.in_function && !self.type_checking && !self.main_guard
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub target: ImportTarget,
    /// 1-based line and column (in characters) of the statement's keyword.
    pub line: usize,
    pub column: usize,
    /// Byte offset just past the statement (or the imported name, for `import a, b`).
    pub end_offset: usize,
    pub context: ImportContext,
}

/// A problem that makes CPython reject the file, found without a full parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexicalError {
    pub line: usize,
    pub message: String,
}

/// One Python file's imports.
#[derive(Debug)]
pub struct FileImports {
    pub path: PathBuf,
    pub imports: Vec<Import>,
    /// Decoding and lexical errors (the imports around them are still extracted).
    pub errors: Vec<LexicalError>,
    /// The file could not be read at all.
    pub unreadable: Option<String>,
    /// What says the file is run as `python FILE`.
    pub run_marks: RunMarks,
    /// Python commands the file starts with `subprocess`/`os.system` literals.
    pub runs: Vec<run_literals::RunLiteral>,
    /// `# stdshadow: …` comments (suppressions).
    pub directives: Vec<scan::Directive>,
    /// Where its functions' bodies are (what an import-time parse leaves out).
    pub function_bodies: scan::FunctionBodies,
}

/// What in a file says it is run as `python FILE`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunMarks {
    /// The line of a module-level `if __name__ == "__main__":`.
    pub main_guard: Option<usize>,
    /// A `#!…python` first line.
    pub shebang: bool,
    /// The line of the first module-level call (`main()`): top-level code that does things.
    pub top_level_call: Option<usize>,
}

impl RunMarks {
    /// No mark of a script at all.
    pub fn is_empty(&self) -> bool {
        self.main_guard.is_none() && !self.shebang && self.top_level_call.is_none()
    }

    /// The strongest mark, in words: a main guard, a shebang, then a top-level call.
    pub fn describe(&self) -> Option<String> {
        if let Some(line) = self.main_guard {
            Some(format!("`if __name__ == \"__main__\":` at line {line}"))
        } else if self.shebang {
            Some("a `#!…python` line".to_string())
        } else {
            self.top_level_call
                .map(|line| format!("top-level code at line {line}"))
        }
    }
}

/// Reads, decodes and scans one file.
pub fn extract(path: &Path, sources: &Sources) -> FileImports {
    match sources.read(path) {
        Ok(bytes) => {
            let decoded = decode::decode(bytes);
            let mentions = mentions::find(&decoded.text);
            let scanned = scan::scan_with(&decoded.text, mentions.dynamic_import);
            let mut errors = decoded.errors;
            errors.extend(scanned.errors);
            let shebang = decoded
                .text
                .lines()
                .next()
                .is_some_and(|l| l.starts_with("#!") && l.contains("python"));
            let run_marks = RunMarks {
                main_guard: scanned.main_guard,
                shebang,
                top_level_call: scanned.top_level_call,
            };
            FileImports {
                path: path.to_path_buf(),
                imports: scanned.imports,
                errors,
                unreadable: None,
                run_marks,
                runs: match mentions.interpreter && mentions.process {
                    true => run_literals::find(&decoded.text),
                    false => Vec::new(),
                },
                directives: scanned.directives,
                function_bodies: scan::FunctionBodies::new(
                    decoded.text.len(),
                    &scanned.function_bodies,
                ),
            }
        }
        Err(e) => FileImports {
            path: path.to_path_buf(),
            imports: Vec::new(),
            errors: Vec::new(),
            unreadable: Some(describe_io(&e)),
            run_marks: RunMarks::default(),
            runs: Vec::new(),
            directives: Vec::new(),
            function_bodies: scan::FunctionBodies::default(),
        },
    }
}

/// Scans every Python source the walk found, in parallel; the result follows the walk's order.
pub fn extract_all(discovered: &Discovered, sources: &Sources) -> Vec<FileImports> {
    discovered
        .files
        .par_iter()
        .filter(|f| f.is_python_source)
        .map(|f| extract(&f.path, sources))
        .collect()
}
