//! File contents: from the disk, except the one buffer an editor sends on standard input
//! (`--stdin-filename`), which stands in for that file everywhere it is read. Files above
//! `max-file-size` are not read at all: an I/O error that says so (SS900).

/// The default `max-file-size`: far above any hand-written module, below generated blobs.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Sources {
    stdin: Option<(PathBuf, Arc<[u8]>)>,
    max_file_size: u64,
}

impl Default for Sources {
    fn default() -> Sources {
        Sources::new(DEFAULT_MAX_FILE_SIZE)
    }
}

impl Sources {
    pub fn new(max_file_size: u64) -> Sources {
        Sources {
            stdin: None,
            max_file_size,
        }
    }

    /// `bytes` are the contents of `path` (absolute, as the walk finds it).
    pub fn set_stdin(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.stdin = Some((path, bytes.into()));
    }

    pub fn read(&self, path: &Path) -> io::Result<Cow<'_, [u8]>> {
        if let Some((stdin_path, bytes)) = &self.stdin
            && stdin_path == path
        {
            if crate::notebook::is_notebook(path) {
                return Ok(Cow::Owned(crate::notebook::code(bytes)?.0.into_bytes()));
            }
            return Ok(Cow::Borrowed(bytes));
        }
        // One open and one fstat, as `fs::read` does itself: the limit costs no extra call.
        let mut file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        if size > self.max_file_size {
            let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
            return Err(io::Error::other(format!(
                "the file is {:.1} MiB, above `max-file-size` ({:.1} MiB): not checked; raise the limit to check it",
                mib(size),
                mib(self.max_file_size)
            )));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        std::io::Read::read_to_end(&mut file, &mut bytes)?;
        if crate::notebook::is_notebook(path) {
            // A notebook's source is its code cells.
            return Ok(Cow::Owned(crate::notebook::code(&bytes)?.0.into_bytes()));
        }
        Ok(Cow::Owned(bytes))
    }

    /// Where the code cells of a notebook start (`None` for other files, or one that cannot be
    /// read).
    pub fn cells(&self, path: &Path) -> Option<crate::notebook::CellIndex> {
        if !crate::notebook::is_notebook(path) {
            return None;
        }
        let bytes: Cow<[u8]> = match &self.stdin {
            Some((stdin_path, bytes)) if stdin_path == path => Cow::Borrowed(bytes),
            _ => Cow::Owned(std::fs::read(path).ok()?),
        };
        crate::notebook::code(&bytes).ok().map(|(_, index)| index)
    }

    /// The file standard input stands for, if any.
    pub fn stdin_path(&self) -> Option<&Path> {
        self.stdin.as_ref().map(|(p, _)| p.as_path())
    }
}
