//! Text edits applied to a file's original bytes, so that everything else — encoding, BOM,
//! line endings, comments, formatting — stays byte for byte.

use ruff_text_size::TextRange;

/// Replace `range` (byte offsets in the decoded text) with `replacement` (ASCII).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub replacement: String,
}

/// Offsets of line starts: `\n`, `\r\n` and a lone `\r` end lines, as for CPython.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

fn nth_occurrence(haystack: &[u8], needle: &[u8], n: usize) -> Option<usize> {
    let mut from = 0;
    for _ in 0..n {
        from += memchr::memmem::find(&haystack[from..], needle)? + needle.len();
    }
    memchr::memmem::find(&haystack[from..], needle).map(|i| from + i)
}

/// Where the decoded text's `offset` (the start of the ASCII `old`) is in `original`. Lines
/// correspond one to one in every encoding CPython accepts for source (all ASCII-compatible);
/// within the line, the n-th occurrence of `old` in the text is the n-th in the bytes.
fn original_offset(original: &[u8], text: &str, offset: usize, old: &str) -> Option<usize> {
    let text_starts = line_starts(text.as_bytes());
    let line = text_starts.partition_point(|&s| s <= offset) - 1;
    let text_line = &text[text_starts[line]..];
    let n = text_line[..offset - text_starts[line]].matches(old).count();
    let body_start = if original.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let byte_starts = line_starts(&original[body_start..]);
    let start = body_start + *byte_starts.get(line)?;
    let end = byte_starts
        .get(line + 1)
        .map_or(original.len(), |e| body_start + e);
    nth_occurrence(&original[start..end], old.as_bytes(), n).map(|i| start + i)
}

/// `original` with `edits` applied. Every edited span must be ASCII in the text and found in
/// the bytes; edits must not overlap.
pub fn apply(original: &[u8], text: &str, edits: &[Edit]) -> Result<Vec<u8>, String> {
    let mut placed: Vec<(usize, usize, &str)> = Vec::new();
    for edit in edits {
        let range = edit.range.start().to_usize()..edit.range.end().to_usize();
        let old = text.get(range.clone()).ok_or("an edit outside the text")?;
        if !old.is_ascii() || !edit.replacement.is_ascii() {
            return Err(format!("`{old}` is not ASCII: not rewritten"));
        }
        let at = original_offset(original, text, range.start, old)
            .ok_or_else(|| format!("`{old}` not found in the file's bytes"))?;
        placed.push((at, at + old.len(), &edit.replacement));
    }
    placed.sort();
    if placed.windows(2).any(|w| w[0].1 > w[1].0) {
        return Err("two rewrites overlap".to_string());
    }
    let mut out = Vec::with_capacity(original.len() + 64);
    let mut last = 0;
    for (start, end, replacement) in placed {
        out.extend_from_slice(&original[last..start]);
        out.extend_from_slice(replacement.as_bytes());
        last = end;
    }
    out.extend_from_slice(&original[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::TextSize;

    fn edit(text: &str, old: &str, nth: usize, new: &str) -> Edit {
        let start = text.match_indices(old).nth(nth).unwrap().0;
        Edit {
            range: TextRange::at(TextSize::new(start as u32), TextSize::new(old.len() as u32)),
            replacement: new.to_string(),
        }
    }

    #[test]
    fn keeps_bom_crlf_and_legacy_encodings() {
        let original = b"\xef\xbb\xbffrom .logging import x\r\nimport logging\r\n";
        let text = "from .logging import x\r\nimport logging\r\n";
        let out = apply(
            original,
            text,
            &[edit(text, "logging", 0, "structured_logging")],
        );
        assert_eq!(
            out.unwrap(),
            b"\xef\xbb\xbffrom .structured_logging import x\r\nimport logging\r\n"
        );
        // Latin-1: one byte a character, not the text's two.
        let original =
            b"# -*- coding: latin-1 -*-\n# caf\xe9\nname = '\xe9'; from .logging import x\n";
        let text =
            "# -*- coding: latin-1 -*-\n# caf\u{e9}\nname = '\u{e9}'; from .logging import x\n";
        let out = apply(original, text, &[edit(text, "logging", 0, "log2")]).unwrap();
        assert_eq!(
            out,
            b"# -*- coding: latin-1 -*-\n# caf\xe9\nname = '\xe9'; from .log2 import x\n"
        );
    }

    #[test]
    fn the_nth_occurrence_on_a_line() {
        let text = "from logging import logging\n";
        let out = apply(text.as_bytes(), text, &[edit(text, "logging", 1, "other")]).unwrap();
        assert_eq!(out, b"from logging import other\n");
        let both = [edit(text, "logging", 0, "a"), edit(text, "logg", 0, "b")];
        assert!(apply(text.as_bytes(), text, &both).is_err());
    }
}
