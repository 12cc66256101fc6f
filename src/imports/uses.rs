//! The full parse, for the few files a finding involves: which names the module binds at module
//! level and when, which `name.attr` uses run at import time, and the syntax errors.
//!
//! Parsed with `ruff_python_parser` (error-recovering, PEP 701-complete). The parser recurses,
//! so files the scan found too deeply nested, or too large, are not parsed at all.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, ExprContext, PySourceType, Stmt};
use ruff_text_size::Ranged;

use super::scan::FunctionBody;

/// Files above this size get no full parse (the import scan still covers them).
pub const MAX_PARSE_BYTES: usize = 8 * 1024 * 1024;

/// `base.attr` evaluated while the module is being imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeUse {
    pub base: String,
    pub attr: String,
    /// The attributes loaded after `attr` in the same chain (`pkg.mod.name`: `[name]`).
    pub then: Vec<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ModuleFacts {
    /// Module-level bindings: (name, line of the first binding).
    pub bindings: Vec<(String, usize)>,
    /// Import-time attribute uses, in source order.
    pub attribute_uses: Vec<AttributeUse>,
    /// (line, message) of each syntax error.
    pub syntax_errors: Vec<(usize, String)>,
    /// Module-level `from m import *`: (line, `m` as written, dots included). They may bind
    /// any name.
    pub star_imports: Vec<(usize, String)>,
}

impl ModuleFacts {
    /// Whether the module has bound `name` at module level on a line before `line` (a star
    /// import before it may have: assumed so, never a claimed failure).
    pub fn bound_before(&self, name: &str, line: usize) -> bool {
        self.bound_before_except_star_of(name, line, "")
    }

    /// [`Self::bound_before`], where a star import of `module` itself binds nothing (a module's
    /// `from itself import *` copies only what it has bound so far).
    pub fn bound_before_except_star_of(&self, name: &str, line: usize, module: &str) -> bool {
        self.bindings.iter().any(|(n, l)| n == name && *l < line)
            || self
                .star_imports
                .iter()
                .any(|(l, from)| *l < line && from != module)
    }

    /// Whether the module binds `name` at module level anywhere (or may, by a star import).
    pub fn binds(&self, name: &str) -> bool {
        self.bound_before(name, usize::MAX)
    }

    /// Whether the module itself defines `name` at module level (a star import aside), as a
    /// module `__getattr__` (PEP 562) is.
    pub fn defines(&self, name: &str) -> bool {
        self.defines_before(name, usize::MAX)
    }

    /// Whether the module itself binds `name` before `line` (a star import aside).
    pub fn defines_before(&self, name: &str, line: usize) -> bool {
        self.bindings.iter().any(|(n, l)| n == name && *l < line)
    }

    /// Whether a star import (of another module than `module`) runs before `line`: it may
    /// bind any name, or not.
    pub fn star_before(&self, line: usize, module: &str) -> bool {
        self.star_imports
            .iter()
            .any(|(l, from)| *l < line && from != module)
    }
}

/// Line starts of a text (`\n`, `\r\n` and a lone `\r` end lines, as for CPython).
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex(starts)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset)
    }

    /// 1-based line and character column of a byte offset.
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset);
        let start = self.0[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

struct Collector<'t> {
    text: &'t str,
    lines: LineIndex,
    facts: ModuleFacts,
    /// > 0 inside a class body: bindings there are not module-level.
    class_depth: usize,
}

impl Collector<'_> {
    fn line(&self, offset: usize) -> usize {
        self.lines.locate(self.text, offset).0
    }

    fn bind(&mut self, name: &str, offset: usize) {
        if self.class_depth == 0 {
            let line = self.line(offset);
            self.facts.bindings.push((name.to_string(), line));
        }
    }
}

fn is_type_checking(test: &Expr) -> bool {
    match test {
        Expr::Name(n) => n.id.as_str() == "TYPE_CHECKING",
        Expr::Attribute(a) => a.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                // Decorators and defaults run now; the body runs when called.
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(default) = &p.default {
                        self.visit_expr(default);
                    }
                }
                self.bind(f.name.as_str(), f.start().to_usize());
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression);
                }
                if let Some(arguments) = &c.arguments {
                    for arg in arguments.args.iter() {
                        self.visit_expr(arg);
                    }
                    for kw in arguments.keywords.iter() {
                        self.visit_expr(&kw.value);
                    }
                }
                self.class_depth += 1;
                for s in &c.body {
                    self.visit_stmt(s);
                }
                self.class_depth -= 1;
                self.bind(c.name.as_str(), c.end().to_usize());
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = match &alias.asname {
                        Some(a) => a.as_str(),
                        None => alias.name.as_str().split('.').next().unwrap_or_default(),
                    };
                    self.bind(bound, i.start().to_usize());
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                    if bound != "*" {
                        self.bind(bound, i.start().to_usize());
                    } else if self.class_depth == 0 {
                        let line = self.line(i.start().to_usize());
                        let dots = ".".repeat(i.level as usize);
                        let module = i.module.as_ref().map_or("", |m| m.as_str());
                        self.facts
                            .star_imports
                            .push((line, format!("{dots}{module}")));
                    }
                }
            }
            Stmt::If(i) if is_type_checking(&i.test) => {
                // The body never runs; `else` branches do.
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test);
                    }
                    for s in &clause.body {
                        self.visit_stmt(s);
                    }
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(_) => {} // its body runs when called
            Expr::Attribute(outer) => {
                // `a.b.c` is one use of `a`, recorded once with the whole chain.
                let mut chain = vec![outer.attr.as_str().to_string()];
                let mut value = outer.value.as_ref();
                while let Expr::Attribute(inner) = value {
                    chain.push(inner.attr.as_str().to_string());
                    value = inner.value.as_ref();
                }
                match value {
                    Expr::Name(base) => {
                        chain.reverse();
                        let (line, column) = self.lines.locate(self.text, outer.start().to_usize());
                        let attr = chain.remove(0);
                        self.facts.attribute_uses.push(AttributeUse {
                            base: base.id.as_str().to_string(),
                            attr,
                            then: chain,
                            line,
                            column,
                        });
                    }
                    other => self.visit_expr(other),
                }
            }
            Expr::Name(n) if n.ctx == ExprContext::Store => {
                self.bind(n.id.as_str(), n.start().to_usize());
            }
            _ => walk_expr(self, expr),
        }
    }
}

/// The text a parse for import-time facts needs: `text` with the bodies of its functions
/// (found by the scan) left out but for their line breaks and one `0` on the body's last line
/// of code, right of the `def`. Every line keeps its number, and every line outside the bodies
/// its text, so the `def` (and a class it ends) ends on the same line as before; most of a
/// module's bytes are gone. [`analyze`] gives it the full parse's facts — the collector never
/// enters a function body — except for syntax errors inside bodies. `None` when there is no
/// body to leave out.
pub fn import_time_skeleton(text: &str, function_bodies: &[FunctionBody]) -> Option<String> {
    if function_bodies.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len() / 2);
    let mut copied = 0;
    let line_breaks = |part: &[u8], out: &mut Vec<u8>| {
        out.extend(part.iter().filter(|&&b| b == b'\n' || b == b'\r'));
    };
    for &FunctionBody {
        start,
        end,
        def_indent,
    } in function_bodies
    {
        let Some(body) = bytes.get(start..end) else {
            return None; // not this text's bodies
        };
        let Some(last) = body.iter().rposition(|b| !b.is_ascii_whitespace()) else {
            continue;
        };
        out.extend_from_slice(&bytes[copied..start]);
        line_breaks(&body[..last], &mut out);
        out.resize(out.len() + def_indent + 1, b' ');
        out.push(b'0');
        line_breaks(&body[last..], &mut out);
        copied = end;
    }
    out.extend_from_slice(&bytes[copied..]);
    // Spans start at a token and end at a line end: what is kept is whole characters.
    String::from_utf8(out).ok()
}

/// Parses `text` fully and collects its import-time facts.
pub fn analyze(text: &str) -> ModuleFacts {
    let parsed = ruff_python_parser::parse_unchecked_source(text, PySourceType::Python);
    let mut collector = Collector {
        text,
        lines: LineIndex::new(text),
        facts: ModuleFacts::default(),
        class_depth: 0,
    };
    for stmt in &parsed.syntax().body {
        collector.visit_stmt(stmt);
    }
    for error in parsed.errors() {
        let line = collector.line(error.location.start().to_usize());
        collector
            .facts
            .syntax_errors
            .push((line, error.error.to_string()));
    }
    collector.facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let text = "a\nb\r\nc\rd";
        let lines = LineIndex::new(text);
        let line_of = |c: char| lines.line(text.find(c).unwrap());
        assert_eq!(
            [line_of('a'), line_of('b'), line_of('c'), line_of('d')],
            [1, 2, 3, 4]
        );
        assert_eq!(lines.line(text.find('\r').unwrap() + 1), 2); // the `\n` of `\r\n`
    }

    #[test]
    fn import_time_uses_and_bindings() {
        let src = "\
import logging
LEVEL = 1
def f(x=logging.DEBUG):
    return logging.inside
class C(logging.Formatter):
    fmt = logging.BASIC_FORMAT
g = lambda: logging.lazy
if TYPE_CHECKING:
    y = logging.never
";
        let facts = analyze(src);
        let uses: Vec<(&str, usize)> = facts
            .attribute_uses
            .iter()
            .map(|u| (u.attr.as_str(), u.line))
            .collect();
        assert_eq!(uses, [("DEBUG", 3), ("Formatter", 5), ("BASIC_FORMAT", 6)]);
        assert!(facts.bound_before("LEVEL", 3));
        assert!(!facts.bound_before("f", 3));
        assert!(facts.bound_before("C", 7) && !facts.bound_before("fmt", 9));
        assert!(facts.syntax_errors.is_empty());
    }

    const FUNCTIONS: &str = "\
import logging, os
@logging.decorate(os.sep)
def f(x=logging.DEBUG) -> 'T':
    \"\"\"A docstring
    over lines.\"\"\"
    def inner():
        return logging.deep
    return logging.inside  # é, a comment

class C(logging.Formatter):
    fmt = logging.BASIC_FORMAT
    async def m(self, y=os.linesep):
        await logging.never
        if y:\r\n            pass
def one(): return logging.same_line
X = f(logging.after)
def last():
    s = 'ü'
    return s";

    /// The skeleton from the bodies as the run keeps them (encoded with the scan's result).
    fn skeleton(text: &str) -> Option<String> {
        let scanned = crate::imports::scan::scan(text).function_bodies;
        let kept = crate::imports::scan::FunctionBodies::new(text.len(), &scanned);
        let bodies = kept.of(text).expect("the same text");
        assert_eq!(bodies, scanned);
        import_time_skeleton(text, &bodies)
    }

    #[test]
    fn the_skeleton_leaves_out_function_bodies_only() {
        let skeleton = skeleton(FUNCTIONS).expect("there are bodies");
        assert!(skeleton.len() < FUNCTIONS.len());
        assert_eq!(skeleton.lines().count(), FUNCTIONS.lines().count());
        for kept in [
            "@logging.decorate(os.sep)",
            "def one(): return logging.same_line",
            "X = f(logging.after)",
            "    fmt = logging.BASIC_FORMAT",
        ] {
            assert!(skeleton.contains(kept), "{kept} is import-time code");
        }
        for gone in [
            "docstring",
            "inner",
            "logging.inside",
            "logging.never",
            "pass",
            "return s",
        ] {
            assert!(!skeleton.contains(gone), "{gone} is inside a body");
        }
        assert_eq!(analyze(&skeleton), analyze(FUNCTIONS));
    }

    /// The import-time parse gives the full parse's facts on real code: every module of the
    /// installed Python's standard library (when there is one).
    #[test]
    fn the_skeleton_has_the_full_facts_of_the_stdlib() {
        let Ok(out) = std::process::Command::new("python3")
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
            ])
            .output()
        else {
            return;
        };
        let stdlib = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let mut files: Vec<_> = std::fs::read_dir(&stdlib)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .collect();
        files.sort();
        let mut compared = 0;
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let full = analyze(&text);
            if let Some(skeleton) = skeleton(&text)
                && full.syntax_errors.is_empty()
            {
                let mut facts = analyze(&skeleton);
                assert!(
                    facts.syntax_errors.is_empty(),
                    "{}: {:?}",
                    path.display(),
                    facts.syntax_errors
                );
                facts.syntax_errors.clear();
                assert_eq!(facts, full, "{}", path.display());
                compared += 1;
            }
        }
        assert!(
            compared > 100 || stdlib.as_os_str().is_empty(),
            "{compared} modules compared"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let facts = analyze("import a\nx = (\nimport b\n");
        assert!(!facts.syntax_errors.is_empty());
    }
}
