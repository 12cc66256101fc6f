//! Source bytes to text the way CPython reads them: a UTF-8 BOM, a PEP 263 coding cookie on
//! line 1 or 2, else UTF-8. Bytes CPython would reject are an error and are replaced, so the
//! imports around them are still found.

use std::borrow::Cow;

use super::LexicalError;

#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub errors: Vec<LexicalError>,
}

/// The encoding named by a `# -*- coding: NAME -*-` comment in `line`, if any.
fn cookie(line: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(line).ok()?;
    let comment = text
        .trim_start_matches([' ', '\t', '\x0c'])
        .strip_prefix('#')?;
    let at = comment.find("coding")?;
    let rest = comment[at + "coding".len()..].strip_prefix([':', '='])?;
    let name: String = rest
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

fn first_lines(bytes: &[u8]) -> (&[u8], Option<&[u8]>) {
    let mut lines = bytes.splitn(3, |&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    (first, lines.next())
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    let trimmed = line.trim_ascii_start();
    trimmed.is_empty() || trimmed[0] == b'#'
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Decodes a source as CPython does (BOM, coding cookie, UTF-8 by default). Owned UTF-8 bytes
/// become the text in place: a file is copied once, when it is read, not again here.
pub fn decode(bytes: Cow<'_, [u8]>) -> Decoded {
    let mut errors = Vec::new();
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, &bytes[..]),
    };
    let (first, second) = first_lines(body);
    let declared = cookie(first).or_else(|| {
        // The cookie may be on line 2 only when line 1 is blank or a comment (a shebang).
        is_blank_or_comment(first)
            .then(|| second.and_then(cookie))
            .flatten()
    });
    if let Some(nul) = memchr::memchr(0, body) {
        errors.push(LexicalError {
            line: line_of(body, nul),
            message: "source code cannot contain null bytes".to_string(),
        });
    }
    let normalized = declared
        .as_deref()
        .map(|n| n.to_ascii_lowercase().replace('_', "-"));
    let text = match normalized.as_deref() {
        None | Some("utf-8" | "utf8") => utf8(bytes, bom, &mut errors, declared.is_some()),
        Some(n) if n.starts_with("utf-8-") => utf8(bytes, bom, &mut errors, true),
        Some(_) if bom => {
            errors.push(LexicalError {
                line: 1,
                message: format!(
                    "encoding problem: {} with a UTF-8 byte order mark",
                    declared.as_deref().unwrap_or_default()
                ),
            });
            String::from_utf8_lossy(body).into_owned()
        }
        Some("latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "iso-latin-1") => {
            // Python's latin-1 maps every byte to the code point of the same value.
            body.iter().map(|&b| b as char).collect()
        }
        Some(name) => match encoding_rs::Encoding::for_label(name.as_bytes()) {
            Some(encoding) => {
                let (text, had_errors) = encoding.decode_without_bom_handling(body);
                if had_errors {
                    errors.push(LexicalError {
                        line: 1,
                        message: format!("bytes that are not valid {name}"),
                    });
                }
                text.into_owned()
            }
            None => {
                errors.push(LexicalError {
                    line: 1,
                    message: format!("unknown encoding: {}", declared.as_deref().unwrap_or(name)),
                });
                String::from_utf8_lossy(body).into_owned()
            }
        },
    };
    Decoded { text, errors }
}

/// The text of UTF-8 `bytes` after the byte order mark, if `bom`.
fn utf8(bytes: Cow<'_, [u8]>, bom: bool, errors: &mut Vec<LexicalError>, declared: bool) -> String {
    let skip = if bom { 3 } else { 0 };
    let owned = match bytes {
        Cow::Owned(mut owned) => {
            owned.drain(..skip);
            owned
        }
        Cow::Borrowed(borrowed) => match std::str::from_utf8(&borrowed[skip..]) {
            Ok(text) => return text.to_string(),
            Err(_) => borrowed[skip..].to_vec(),
        },
    };
    let invalid = match String::from_utf8(owned) {
        Ok(text) => return text,
        Err(invalid) => invalid,
    };
    // Invalid from here on: the error says where, and the text gets replacement characters.
    let valid = invalid.utf8_error().valid_up_to();
    let body = invalid.into_bytes();
    let message = if declared {
        "invalid UTF-8 (the file declares utf-8)".to_string()
    } else {
        format!(
            "Non-UTF-8 code starting with '\\x{:02x}', but no encoding declared; see https://peps.python.org/pep-0263/",
            body[valid]
        )
    };
    errors.push(LexicalError {
        line: line_of(&body, valid),
        message,
    });
    String::from_utf8_lossy(&body).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        assert_eq!(
            cookie(b"# -*- coding: latin-1 -*-").as_deref(),
            Some("latin-1")
        );
        assert_eq!(
            cookie(b"# vim: set fileencoding=cp1252 :").as_deref(),
            Some("cp1252")
        );
        assert_eq!(cookie(b"x = 1  # coding: latin-1"), None);
    }

    fn decode_slice(bytes: &[u8]) -> Decoded {
        decode(Cow::Borrowed(bytes))
    }

    #[test]
    fn latin1_with_cookie_decodes() {
        let d = decode_slice(b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nx = '\xe9'\n");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert!(d.text.contains('\u{e9}'));
    }

    #[test]
    fn shift_jis_backslash_bytes_do_not_break_strings() {
        // 0x95 0x5c is one Shift_JIS character whose second byte is an ASCII backslash.
        let d = decode_slice(b"# coding: shift_jis\nx = '\x95\x5c'\nimport after\n");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(crate::imports::scan::scan(&d.text).imports.len(), 1);
    }

    #[test]
    fn bom_and_invalid_utf8_and_nul() {
        let d = decode_slice(b"\xef\xbb\xbfimport a\n");
        assert_eq!(d.text, "import a\n");
        let d = decode_slice(b"import a\nx = '\xff'\n");
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].line, 2);
        let d = decode_slice(b"import a\n\0\n");
        assert!(d.errors[0].message.contains("null bytes"));
        let d = decode_slice(b"# coding: klingon\n");
        assert!(d.errors[0].message.contains("unknown encoding"));
    }

    #[test]
    fn owned_bytes_decode_like_borrowed_ones() {
        for bytes in [
            &b"\xef\xbb\xbfimport a\n"[..],
            b"import a\nx = '\xff'\n",
            b"# coding: utf-8\nx = '\xc3\xa9'\n",
            b"# coding: latin-1\nx = '\xe9'\n",
        ] {
            let (owned, borrowed) = (decode(Cow::Owned(bytes.to_vec())), decode_slice(bytes));
            assert_eq!(owned.text, borrowed.text);
            assert_eq!(owned.errors, borrowed.errors);
        }
    }
}
