//! The exact text of the import-time exceptions CPython raises, per version (read off
//! `Python/ceval.c` `import_from` and `Objects/moduleobject.c` `module_getattro`, and checked
//! against real 3.8–3.15 interpreters). One place, so that every rule says what the
//! interpreter would print.
//!
//! From 3.13 the text also depends on where the module is: one whose directory is `sys.path[0]`
//! (a script's directory, the current directory of `python -m`) is "possibly shadowing", and
//! CPython suggests renaming it. 3.13.0 worded some of these differently; the texts here are
//! those of the current 3.13 patch releases (3.13.18), which 3.14 and 3.15 share.

use std::path::Path;

use super::PythonVersion;
use crate::message::{Message, shown};

/// The module an exception is about, as the interpreter sees it.
#[derive(Debug, Clone, Copy)]
pub struct Module<'a> {
    pub name: &'a str,
    /// Its `__file__`.
    pub file: Option<&'a Path>,
    /// Still running its own code (`__spec__._initializing`).
    pub initializing: bool,
    /// Its directory (a package's parent directory) is `sys.path[0]`.
    pub in_first_entry: bool,
}

impl Module<'_> {
    /// 3.13+: in `sys.path[0]` and named like a stdlib module of `version`.
    fn shadows_stdlib(&self, version: PythonVersion) -> bool {
        self.in_first_entry && version.table().is_stdlib(self.name)
    }

    fn renaming(&self, version: PythonVersion) -> Option<String> {
        let file = shown(self.file?);
        if version < PythonVersion(13) || !self.in_first_entry {
            return None;
        }
        Some(if self.shadows_stdlib(version) {
            format!(
                "consider renaming '{file}' since it has the same name as the standard library module named '{}' and prevents importing that standard library module",
                self.name
            )
        } else {
            format!(
                "consider renaming '{file}' if it has the same name as a library you intended to import"
            )
        })
    }
}

/// `from module import name` where `module` lacks `name`.
pub fn cannot_import_name(version: PythonVersion, module: &Module, name: &str) -> Message {
    let m = module.name;
    let location = match module.file {
        Some(f) => format!("({})", shown(f)),
        None => "(unknown location)".to_string(),
    };
    let text = match module.renaming(version) {
        Some(hint) if module.shadows_stdlib(version) || module.initializing => {
            format!("ImportError: cannot import name '{name}' from '{m}' ({hint})")
        }
        _ if module.initializing => format!(
            "ImportError: cannot import name '{name}' from partially initialized module '{m}' (most likely due to a circular import) {location}"
        ),
        _ => format!("ImportError: cannot import name '{name}' from '{m}' {location}"),
    };
    text.into()
}

/// `module.attr` where `module` lacks `attr`; `uninitialized_submodule` when `attr` is a
/// submodule still being imported (the package gets the attribute when it finishes).
pub fn no_attribute(
    version: PythonVersion,
    module: &Module,
    attr: &str,
    uninitialized_submodule: bool,
) -> Message {
    let m = module.name;
    let hint = module.renaming(version);
    let text = match (&hint, module.initializing) {
        (Some(hint), _) if module.shadows_stdlib(version) => {
            format!("AttributeError: module '{m}' has no attribute '{attr}' ({hint})")
        }
        (Some(hint), true) => {
            format!("AttributeError: module '{m}' has no attribute '{attr}' ({hint})")
        }
        (_, true) => match module.file {
            Some(f) if version >= PythonVersion(13) => format!(
                "AttributeError: partially initialized module '{m}' from '{}' has no attribute '{attr}' (most likely due to a circular import)",
                shown(f)
            ),
            _ => format!(
                "AttributeError: partially initialized module '{m}' has no attribute '{attr}' (most likely due to a circular import)"
            ),
        },
        (_, false) if uninitialized_submodule && version >= PythonVersion(11) => format!(
            "AttributeError: cannot access submodule '{attr}' of module '{m}' (most likely due to a circular import)"
        ),
        (_, false) => format!("AttributeError: module '{m}' has no attribute '{attr}'"),
    };
    text.into()
}

/// `import a.b` where the package `a` has no `b`.
pub fn no_module_named(dotted: &str) -> Message {
    format!("ModuleNotFoundError: No module named '{dotted}'").into()
}

/// `import a.b` where `a` is a plain module.
pub fn not_a_package(dotted: &str, module: &str) -> Message {
    format!("ModuleNotFoundError: No module named '{dotted}'; '{module}' is not a package").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As shown from a directory the files are not in: with their absolute paths.
    fn text(m: Message) -> String {
        m.render(Path::new("/elsewhere"))
    }

    fn module(name: &str, initializing: bool, in_first_entry: bool) -> Module<'_> {
        Module {
            name,
            file: Some(Path::new("/app/x.py")),
            initializing,
            in_first_entry,
        }
    }

    /// Each text as the real interpreters printed it (3.8.18, 3.11.7, 3.12.1, 3.13.18, 3.14.10).
    #[test]
    fn wording_follows_the_version_and_the_place() {
        let logging = module("logging", true, false);
        assert_eq!(
            text(no_attribute(
                PythonVersion(12),
                &logging,
                "Formatter",
                false
            )),
            "AttributeError: partially initialized module 'logging' has no attribute 'Formatter' (most likely due to a circular import)"
        );
        assert_eq!(
            text(no_attribute(
                PythonVersion(13),
                &logging,
                "Formatter",
                false
            )),
            "AttributeError: partially initialized module 'logging' from '/app/x.py' has no attribute 'Formatter' (most likely due to a circular import)"
        );
        let beside_script = module("logging", true, true);
        assert_eq!(
            text(no_attribute(
                PythonVersion(12),
                &beside_script,
                "Formatter",
                false
            )),
            "AttributeError: partially initialized module 'logging' has no attribute 'Formatter' (most likely due to a circular import)"
        );
        assert_eq!(
            text(no_attribute(
                PythonVersion(14),
                &beside_script,
                "Formatter",
                false
            )),
            "AttributeError: module 'logging' has no attribute 'Formatter' (consider renaming '/app/x.py' since it has the same name as the standard library module named 'logging' and prevents importing that standard library module)"
        );
        let types = module("types", true, true);
        assert_eq!(
            text(cannot_import_name(
                PythonVersion(13),
                &types,
                "GenericAlias"
            )),
            "ImportError: cannot import name 'GenericAlias' from 'types' (consider renaming '/app/x.py' since it has the same name as the standard library module named 'types' and prevents importing that standard library module)"
        );
        let a = module("a", true, true);
        assert_eq!(
            text(cannot_import_name(PythonVersion(14), &a, "X")),
            "ImportError: cannot import name 'X' from 'a' (consider renaming '/app/x.py' if it has the same name as a library you intended to import)"
        );
        assert_eq!(
            text(cannot_import_name(PythonVersion(12), &a, "X")),
            "ImportError: cannot import name 'X' from partially initialized module 'a' (most likely due to a circular import) (/app/x.py)"
        );
        let pkg = module("pkg", false, true);
        assert_eq!(
            text(no_attribute(PythonVersion(10), &pkg, "m1", true)),
            "AttributeError: module 'pkg' has no attribute 'm1'"
        );
        assert_eq!(
            text(no_attribute(PythonVersion(11), &pkg, "m1", true)),
            "AttributeError: cannot access submodule 'm1' of module 'pkg' (most likely due to a circular import)"
        );
    }
}
