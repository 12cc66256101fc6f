//! Writing a fix: each file replaced atomically (a temporary file in the same directory, with
//! the original's permissions, renamed over it), file and package renames last. A failure
//! stops the run and says what was already done; no file is ever half-written.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What a fix did before it stopped, in order.
#[derive(Debug, Default)]
pub struct Applied {
    pub written: Vec<PathBuf>,
    pub renamed: Vec<(PathBuf, PathBuf)>,
}

/// Replaces `path`'s contents with `bytes` in one rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".stdshadow-fix-")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes every file, then renames; stops at the first failure with what was done.
pub fn apply(
    writes: &[(PathBuf, Vec<u8>)],
    renames: &[(PathBuf, PathBuf)],
) -> Result<Applied, (Applied, String)> {
    let mut applied = Applied::default();
    for (path, bytes) in writes {
        if let Err(e) = write_atomically(path, bytes) {
            let message = format!("cannot write {}: {e}", path.display());
            return Err((applied, message));
        }
        applied.written.push(path.clone());
    }
    for (from, to) in renames {
        // `rename` would replace a file that appeared since the plan: refuse instead.
        if to.exists() {
            let message = format!("{} appeared meanwhile: not renamed", to.display());
            return Err((applied, message));
        }
        if let Err(e) = std::fs::rename(from, to) {
            let message = format!("cannot rename {}: {e}", from.display());
            return Err((applied, message));
        }
        applied.renamed.push((from.clone(), to.clone()));
    }
    Ok(applied)
}

/// The changed files of the git work tree around `dir`; `None` when it is not in one (or git
/// is missing).
pub fn git_changes(dir: &Path) -> Option<Vec<String>> {
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .current_dir(dir)
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("run.py");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o750)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o750);
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    /// A write that fails half-way (the second file's directory is read-only) leaves the first
    /// file new, the second old and whole, nothing renamed, and says so.
    #[test]
    fn a_failure_midway_loses_nothing() {
        use std::os::unix::fs::PermissionsExt;
        if nix_is_root() {
            // Root ignores directory permissions: inject the failure with a missing file.
            let tmp = tempfile::tempdir().unwrap();
            let a = tmp.path().join("a.py");
            std::fs::write(&a, "a-old").unwrap();
            let gone = tmp.path().join("gone.py");
            let renames = [(a.clone(), tmp.path().join("b.py"))];
            let (applied, message) = apply(
                &[(a.clone(), b"a-new".to_vec()), (gone, b"x".to_vec())],
                &renames,
            )
            .unwrap_err();
            assert_eq!(applied.written, std::slice::from_ref(&a));
            assert!(applied.renamed.is_empty());
            assert!(message.contains("gone.py"), "{message}");
            assert_eq!(std::fs::read(&a).unwrap(), b"a-new");
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let locked = tmp.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        let a = tmp.path().join("a.py");
        let b = locked.join("b.py");
        std::fs::write(&a, "a-old").unwrap();
        std::fs::write(&b, "b-old").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let result = apply(
            &[
                (a.clone(), b"a-new".to_vec()),
                (b.clone(), b"b-new".to_vec()),
            ],
            &[],
        );
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        let (applied, _) = result.unwrap_err();
        assert_eq!(applied.written, std::slice::from_ref(&a));
        assert_eq!(std::fs::read(&a).unwrap(), b"a-new");
        assert_eq!(std::fs::read(&b).unwrap(), b"b-old");
    }

    fn nix_is_root() -> bool {
        std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
    }
}
