//! Jupyter notebooks as Python sources: the code cells, in order, as one text (IPython magics
//! and shell escapes blanked, so line numbers stay), with where each cell starts. Findings in a
//! notebook are shown at `notebook.ipynb:cell N:line:column`, as ruff shows them; cells are
//! numbered among the code cells, from 1.

use std::io;

/// Where each code cell starts in the joined text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CellIndex {
    /// The 1-based line of the joined text where each code cell begins.
    starts: Vec<usize>,
}

impl CellIndex {
    /// The 1-based cell and the line within it of a 1-based line of the joined text.
    pub fn locate(&self, line: usize) -> (usize, usize) {
        let cell = self.starts.partition_point(|&s| s <= line).max(1);
        (
            cell,
            line + 1 - self.starts.get(cell - 1).copied().unwrap_or(1),
        )
    }

    /// The lines of 1-based `cell` in the joined `text`.
    pub fn cell_text(&self, text: &str, cell: usize) -> String {
        let first = self.starts.get(cell.wrapping_sub(1)).copied().unwrap_or(1);
        let end = self.starts.get(cell).copied().unwrap_or(usize::MAX);
        text.split_inclusive('\n')
            .skip(first - 1)
            .take(end.saturating_sub(first))
            .collect()
    }
}

pub fn is_notebook(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "ipynb")
}

/// A cell's `source`: a string or a list of lines.
fn source_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(lines) => lines.iter().filter_map(|l| l.as_str()).collect(),
        _ => String::new(),
    }
}

/// The code of a notebook's code cells, and where each starts.
pub fn code(bytes: &[u8]) -> io::Result<(String, CellIndex)> {
    let doc: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a notebook: invalid JSON at line {}: {e}", e.line()),
        )
    })?;
    let cells = doc["cells"].as_array().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "not a notebook: no `cells` list",
        )
    })?;
    let mut text = String::new();
    let mut index = CellIndex::default();
    let mut line = 1;
    for cell in cells.iter().filter(|c| c["cell_type"] == "code") {
        index.starts.push(line);
        let source = source_text(&cell["source"]);
        // A cell magic (`%%bash`) makes the whole cell another language.
        let other_language = source.trim_start().starts_with("%%");
        for l in source.lines() {
            let code = l.trim_start();
            if other_language || code.starts_with('%') || code.starts_with('!') {
                // Blank, so the cell's lines keep their numbers.
            } else {
                text.push_str(l);
            }
            text.push('\n');
            line += 1;
        }
        if source.lines().next().is_none() {
            text.push('\n');
            line += 1;
        }
    }
    Ok((text, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_join_and_locate() {
        let nb = br##"{"cells": [
            {"cell_type": "markdown", "source": ["# Title"]},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "import logging\n"]},
            {"cell_type": "code", "source": "!pip install x\nimport queue\nqueue.Queue()"},
            {"cell_type": "code", "source": ["%%bash\n", "import nothing\n"]}
        ], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}"##;
        let (text, index) = code(nb).unwrap();
        assert_eq!(
            text,
            "\nimport logging\n\nimport queue\nqueue.Queue()\n\n\n"
        );
        assert_eq!(index.locate(2), (1, 2));
        assert_eq!(index.locate(4), (2, 2));
        assert_eq!(index.locate(6), (3, 1));
        assert_eq!(index.cell_text(&text, 2), "\nimport queue\nqueue.Queue()\n");
        assert!(code(b"{").is_err());
        assert!(code(b"{}").is_err());
    }
}
