//! File contents: from the disk, except the one buffer an editor sends on standard input
//! (`--stdin-filename`), which stands in for that file everywhere it is read.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Default, Clone)]
pub struct Sources {
    stdin: Option<(PathBuf, Arc<[u8]>)>,
}

impl Sources {
    /// `bytes` are the contents of `path` (absolute, as the walk finds it).
    pub fn with_stdin(path: PathBuf, bytes: Vec<u8>) -> Sources {
        Sources {
            stdin: Some((path, bytes.into())),
        }
    }

    pub fn read(&self, path: &Path) -> io::Result<Cow<'_, [u8]>> {
        match &self.stdin {
            Some((stdin_path, bytes)) if stdin_path == path => Ok(Cow::Borrowed(bytes)),
            _ => std::fs::read(path).map(Cow::Owned),
        }
    }

    /// The file standard input stands for, if any.
    pub fn stdin_path(&self) -> Option<&Path> {
        self.stdin.as_ref().map(|(p, _)| p.as_path())
    }
}
