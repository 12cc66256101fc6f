//! Where a Python file names modules, to the character: every import statement with the span
//! of each dotted name and alias, the string literals of `__import__("…")` /
//! `import_module("…")`, other string literals (for mentions that cannot be rewritten) and
//! every `name.attr` (to tell which module an import means).

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, PySourceType, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// A name written in the source, with its byte range in the decoded text.
#[derive(Debug, Clone)]
pub struct Spanned {
    pub text: String,
    pub range: TextRange,
}

#[derive(Debug, Clone)]
pub struct Alias {
    pub name: Spanned,
    pub asname: Option<Spanned>,
}

#[derive(Debug, Clone)]
pub enum Statement {
    /// `import a.b [as c], d`
    Import { aliases: Vec<Alias> },
    /// `from [dots][module] import names`
    From {
        level: u32,
        module: Option<Spanned>,
        aliases: Vec<Alias>,
    },
}

/// `__import__("a.b")` / `importlib.import_module("a.b")`: the literal's content and range.
#[derive(Debug, Clone)]
pub struct DynamicImport {
    pub module: String,
    /// The range of the whole literal, quotes included.
    pub literal: TextRange,
}

#[derive(Debug, Default)]
pub struct FileReferences {
    pub imports: Vec<Statement>,
    pub dynamic: Vec<DynamicImport>,
    /// Other string literals: (value, range).
    pub strings: Vec<(String, TextRange)>,
    /// Every `base.attr` (base a plain name), anywhere in the file.
    pub attributes: Vec<(String, String)>,
}

#[derive(Default)]
struct Collector {
    refs: FileReferences,
}

fn spanned(id: &ruff_python_ast::Identifier) -> Spanned {
    Spanned {
        text: id.as_str().to_string(),
        range: id.range(),
    }
}

fn aliases(names: &[ruff_python_ast::Alias]) -> Vec<Alias> {
    names
        .iter()
        .map(|a| Alias {
            name: spanned(&a.name),
            asname: a.asname.as_ref().map(spanned),
        })
        .collect()
}

fn is_dynamic_import(func: &Expr) -> bool {
    match func {
        Expr::Name(n) => matches!(n.id.as_str(), "__import__" | "import_module"),
        Expr::Attribute(a) => a.attr.as_str() == "import_module",
        _ => false,
    }
}

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(i) => self.refs.imports.push(Statement::Import {
                aliases: aliases(&i.names),
            }),
            Stmt::ImportFrom(i) => self.refs.imports.push(Statement::From {
                level: i.level,
                module: i.module.as_ref().map(spanned),
                aliases: aliases(&i.names),
            }),
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) if is_dynamic_import(&call.func) => {
                if let Some(Expr::StringLiteral(s)) = call.arguments.args.first() {
                    self.refs.dynamic.push(DynamicImport {
                        module: s.value.to_str().to_string(),
                        literal: s.range(),
                    });
                    for arg in call.arguments.args.iter().skip(1) {
                        self.visit_expr(arg);
                    }
                    return;
                }
                walk_expr(self, expr);
            }
            Expr::StringLiteral(s) => {
                self.refs
                    .strings
                    .push((s.value.to_str().to_string(), s.range()));
            }
            Expr::Attribute(a) => {
                if let Expr::Name(base) = a.value.as_ref() {
                    self.refs
                        .attributes
                        .push((base.id.as_str().to_string(), a.attr.as_str().to_string()));
                }
                walk_expr(self, expr);
            }
            _ => walk_expr(self, expr),
        }
    }
}

/// Parses `text` (error-recovering) and collects its references. Run it through
/// `project::parse_guarded`, as every full parse.
pub fn collect(text: &str) -> FileReferences {
    let parsed = ruff_python_parser::parse_unchecked_source(text, PySourceType::Python);
    let mut collector = Collector::default();
    for stmt in &parsed.syntax().body {
        collector.visit_stmt(stmt);
    }
    collector.refs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_every_form() {
        let src = "import a.b as c, d\nfrom .x.y import (z as w,\n  v)\nm = importlib.import_module('p.q')\nf = 'p.q.r'\nd.attr\n";
        let refs = collect(src);
        assert_eq!(refs.imports.len(), 2);
        let Statement::Import { aliases } = &refs.imports[0] else {
            panic!()
        };
        assert_eq!(&src[aliases[0].name.range], "a.b");
        assert_eq!(&src[aliases[0].asname.as_ref().unwrap().range], "c");
        let Statement::From {
            level,
            module,
            aliases,
        } = &refs.imports[1]
        else {
            panic!()
        };
        assert_eq!(*level, 1);
        assert_eq!(&src[module.as_ref().unwrap().range], "x.y");
        assert_eq!(&src[aliases[1].name.range], "v");
        assert_eq!(refs.dynamic[0].module, "p.q");
        assert_eq!(&src[refs.dynamic[0].literal], "'p.q'");
        assert_eq!(refs.strings[0].0, "p.q.r");
        assert!(refs.attributes.contains(&("d".into(), "attr".into())));
    }
}
