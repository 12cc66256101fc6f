//! Path helpers shared by every stage: lexical normalisation and display relative to the
//! current directory with `/` separators (the JSON contract).

use std::path::{Component, Path, PathBuf};

/// Joins `path` onto `base` and removes `.` and `..` lexically (no file-system access).
pub fn absolutize(path: &Path, base: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The best absolute form of a path: its canonical form if it exists, else lexical.
pub fn canonical_or_lexical(path: &Path, base: &Path) -> PathBuf {
    let abs = absolutize(path, base);
    std::fs::canonicalize(&abs).unwrap_or(abs)
}

/// `path` relative to `cwd` when it is inside it, else absolute; always with `/`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = match path.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => Path::new("."),
        Ok(rel) => rel,
        Err(_) => path,
    };
    let text = shown.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolutize_is_lexical() {
        let base = Path::new("/work/project");
        assert_eq!(
            absolutize(Path::new("src/../lib/./x"), base),
            Path::new("/work/project/lib/x")
        );
        assert_eq!(absolutize(Path::new("/abs"), base), Path::new("/abs"));
    }

    #[test]
    fn display_is_relative_when_inside() {
        let cwd = Path::new("/work/project");
        assert_eq!(
            display_path(Path::new("/work/project/src/a.py"), cwd),
            "src/a.py"
        );
        assert_eq!(display_path(Path::new("/work/project"), cwd), ".");
        assert_eq!(
            display_path(Path::new("/elsewhere/a.py"), cwd),
            "/elsewhere/a.py"
        );
    }
}
