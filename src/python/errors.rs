//! The exact text of the import-time exceptions CPython raises, per version (read off
//! `Python/ceval.c` `import_from` and `Objects/moduleobject.c` `module_getattro` of each
//! release, and checked against the real interpreters in the tests). One place, so that every
//! rule says what the interpreter would print.

use std::path::Path;

use super::PythonVersion;

/// `from module import name` where `module` lacks `name`. `file` is the module's `__file__`
/// (CPython appends it); `initializing` when the module is still running its own code.
pub fn cannot_import_name(
    _version: PythonVersion,
    name: &str,
    module: &str,
    file: Option<&Path>,
    initializing: bool,
) -> String {
    let location = match file {
        Some(f) => format!("({})", f.display()),
        None => "(unknown location)".to_string(),
    };
    if initializing {
        format!(
            "ImportError: cannot import name '{name}' from partially initialized module '{module}' (most likely due to a circular import) {location}"
        )
    } else {
        format!("ImportError: cannot import name '{name}' from '{module}' {location}")
    }
}

/// `module.attr` where `module` lacks `attr`. From 3.13 the partially initialized form names
/// the module's file.
pub fn no_attribute(
    version: PythonVersion,
    module: &str,
    attr: &str,
    file: Option<&Path>,
    initializing: bool,
) -> String {
    match (initializing, file) {
        (true, Some(f)) if version >= PythonVersion(13) => format!(
            "AttributeError: partially initialized module '{module}' from '{}' has no attribute '{attr}' (most likely due to a circular import)",
            f.display()
        ),
        (true, _) => format!(
            "AttributeError: partially initialized module '{module}' has no attribute '{attr}' (most likely due to a circular import)"
        ),
        (false, _) => format!("AttributeError: module '{module}' has no attribute '{attr}'"),
    }
}

/// `import a.b` where `a` is a plain module.
pub fn not_a_package(dotted: &str, module: &str) -> String {
    format!("ModuleNotFoundError: No module named '{dotted}'; '{module}' is not a package")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_follows_the_version() {
        let f = Path::new("/app/logging.py");
        assert_eq!(
            no_attribute(PythonVersion(12), "logging", "Formatter", Some(f), true),
            "AttributeError: partially initialized module 'logging' has no attribute 'Formatter' (most likely due to a circular import)"
        );
        assert_eq!(
            no_attribute(PythonVersion(13), "logging", "Formatter", Some(f), true),
            "AttributeError: partially initialized module 'logging' from '/app/logging.py' has no attribute 'Formatter' (most likely due to a circular import)"
        );
        assert_eq!(
            no_attribute(PythonVersion(8), "select", "select", Some(f), false),
            "AttributeError: module 'select' has no attribute 'select'"
        );
        assert_eq!(
            cannot_import_name(
                PythonVersion(11),
                "Enum",
                "enum",
                Some(Path::new("/a/enum.py")),
                true
            ),
            "ImportError: cannot import name 'Enum' from partially initialized module 'enum' (most likely due to a circular import) (/a/enum.py)"
        );
    }
}
