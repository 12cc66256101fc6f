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

/// `path` below `dir`, as `Path::strip_prefix` gives it (`None` when `dir` is not an ancestor,
/// or is `path` itself). The walk's paths and the search path's entries are normalised, so on
/// Unix a byte prefix ending at a `/` decides it without walking components (it runs once per
/// file per entry); anything else takes the component comparison.
pub fn strip_dir<'p>(path: &'p Path, dir: &Path) -> Option<&'p Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (p, d) = (path.as_os_str().as_bytes(), dir.as_os_str().as_bytes());
        if let Some(rest) = p.strip_prefix(d)
            && let [b'/', rest @ ..] = rest
            && !rest.is_empty()
            && !d.is_empty()
            && rest[0] != b'/'
        {
            return Some(Path::new(std::ffi::OsStr::from_bytes(rest)));
        }
    }
    path.strip_prefix(dir)
        .ok()
        .filter(|rest| !rest.as_os_str().is_empty())
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
    fn strip_dir_agrees_with_strip_prefix() {
        let cases = [
            ("/p/src/a.py", "/p/src"),
            ("/p/src/a.py", "/p/sr"),
            ("/p/src/a.py", "/p/src/a.py"),
            ("/p/src/a.py", "/p/src/"),
            ("/p/src//a.py", "/p/src"),
            ("/p/src/a.py", "/"),
            ("/p/src/a.py", "/q"),
            ("/p/srcx/a.py", "/p/src"),
            ("/p/src/pkg/__init__.py", "/p"),
        ];
        for (path, dir) in cases {
            let expected = Path::new(path)
                .strip_prefix(dir)
                .ok()
                .filter(|r| !r.as_os_str().is_empty());
            assert_eq!(
                strip_dir(Path::new(path), Path::new(dir)),
                expected,
                "{path} under {dir}"
            );
        }
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
