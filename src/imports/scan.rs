//! The token-level import scan: every `import`/`from` statement of a file with its statement
//! context, without building a syntax tree.
//!
//! It lexes just enough Python to never mistake text for code — comments, every string form
//! (prefixes, triple quotes, escapes, PEP 701 f-strings with nested quotes and format specs),
//! brackets, line continuations — and tracks the block structure from indentation and compound
//! statement headers, so each import knows whether it runs at import time. Nothing recurses:
//! nesting lives in explicit stacks, so a 100k-deep file cannot overflow the stack. Lexical
//! problems are collected and the scan goes on, so the imports after an error are still found.

use super::{Import, ImportContext, ImportTarget, LexicalError, Name};

/// CPython's tokenizer limit on nested brackets (`MAXLEVEL`).
pub const MAX_BRACKET_DEPTH: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Name,
    Number,
    /// A string literal; `plain` when it has no f/t prefix (its value is its text).
    Str {
        plain: bool,
    },
    Op(u8),
    Newline,
    Eof,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
    line: usize,
    line_start: usize,
}

impl Token {
    fn newline(at: usize, line: usize, line_start: usize) -> Token {
        Token {
            tok: Tok::Newline,
            start: at,
            end: at,
            line,
            line_start,
        }
    }
}

/// The lexer: bytes in, tokens out, bracket depth and errors tracked.
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    line_start: usize,
    depth: usize,
    /// The indentation column of the current logical line, once its first token is read.
    indent: usize,
    at_line_start: bool,
    /// A physical line began inside brackets: a statement keyword there means a bracket was
    /// never closed.
    line_in_brackets: bool,
    /// The open brackets (character and line), innermost last, for error messages.
    open_lines: Vec<(u8, usize)>,
    /// The source holds a `\r`: line breaks need the careful path.
    has_cr: bool,
    errors: Vec<LexicalError>,
    /// `# stdshadow: …` comments, for suppressions.
    directives: Vec<Directive>,
}

/// A `# stdshadow: …` comment: its text after `#` and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub line: usize,
    /// 1-based, in characters, of the `#`.
    pub column: usize,
    /// The comment after `#` and leading blanks, up to the line end (`stdshadow: ignore[SS001]`).
    pub text: String,
}

/// Keywords that only start statements: inside brackets they mean a bracket was left open.
const STATEMENT_KEYWORDS: &[&str] = &[
    "import", "def", "class", "return", "pass", "raise", "try", "except", "finally", "while",
    "with", "del", "global", "nonlocal", "assert", "break", "continue",
];

/// Bytes that continue an identifier (any non-ASCII byte may belong to a Unicode one).
static NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
        b += 1;
    }
    table
};

#[inline]
fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[b as usize]
}

/// Bytes where skipping the inside of a statement must stop.
static BOUNDARY_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"'\"#()[]{}:;\\\n\r";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// The string prefix (`raw`, `formatted`) of a quote at `quote`: the identifier right before
/// it, if that is a valid prefix (`f"…"`), else none (`if"…"` is the keyword then a string).
fn prefix_before(src: &[u8], quote: usize) -> (bool, bool) {
    let mut start = quote;
    while start > 0 && is_name_byte(src[start - 1]) && quote - start < 3 {
        start -= 1;
    }
    if start > 0 && is_name_byte(src[start - 1]) {
        return (false, false);
    }
    string_prefix(&src[start..quote]).unwrap_or((false, false))
}

/// The end of the identifier starting at `pos`.
#[inline]
fn name_end(src: &[u8], mut pos: usize) -> usize {
    while pos < src.len() && NAME_BYTES[src[pos] as usize] {
        pos += 1;
    }
    pos
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src: src.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            depth: 0,
            indent: 0,
            at_line_start: true,
            line_in_brackets: false,
            open_lines: Vec::new(),
            has_cr: memchr::memchr(b'\r', src.as_bytes()).is_some(),
            errors: Vec::new(),
            directives: Vec::new(),
        }
    }

    fn error(&mut self, line: usize, message: &str) {
        // One error per line is enough to point at the problem.
        if self.errors.last().is_none_or(|e| e.line != line) {
            self.errors.push(LexicalError {
                line,
                message: message.to_string(),
            });
        }
    }

    /// Consumes a line break at `pos` (`\n`, `\r\n` or `\r`), if any.
    /// Skips a comment from its `#`, keeping it when it is a `# stdshadow:` directive.
    fn skip_comment(&mut self) {
        let start = self.pos;
        let end =
            memchr::memchr2(b'\n', b'\r', &self.src[start..]).map_or(self.src.len(), |i| start + i);
        self.pos = end;
        let body = &self.src[start + 1..end];
        let blanks = body
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if body[blanks..].starts_with(b"stdshadow:") {
            let before = String::from_utf8_lossy(&self.src[self.line_start..start]);
            self.directives.push(Directive {
                line: self.line,
                column: before.chars().count() + 1,
                text: String::from_utf8_lossy(&body[blanks..])
                    .trim_end()
                    .to_string(),
            });
        }
    }

    fn eat_newline(&mut self) -> bool {
        match self.src.get(self.pos) {
            Some(b'\n') => self.pos += 1,
            Some(b'\r') => {
                self.pos += 1;
                if self.src.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
            }
            _ => return false,
        }
        self.line += 1;
        self.line_start = self.pos;
        true
    }

    fn next(&mut self) -> Token {
        loop {
            if self.at_line_start && self.depth == 0 {
                // Measure the indentation of a new physical line (tabs to multiples of 8).
                let (mut col, mut pos) = (0, self.pos);
                // Eight spaces at a time first: the common indentation of a body.
                while let Some(chunk) = self.src.get(pos..pos + 8) {
                    if chunk != b"        " {
                        break;
                    }
                    col += 8;
                    pos += 8;
                }
                while let Some(&b) = self.src.get(pos) {
                    match b {
                        b' ' => col += 1,
                        b'\t' => col = (col / 8 + 1) * 8,
                        b'\x0c' => col = 0,
                        _ => break,
                    }
                    pos += 1;
                }
                self.pos = pos;
                self.indent = col;
                self.at_line_start = false;
            }
            let Some(&b) = self.src.get(self.pos) else {
                // CPython's tokenizer: end of file inside brackets names the innermost.
                if let Some((bracket, open)) = self.open_lines.last().copied() {
                    self.error(open, &format!("'{}' was never closed", bracket as char));
                    self.open_lines.clear();
                    self.depth = 0;
                }
                return self.token(Tok::Eof, self.pos);
            };
            match b {
                b' ' | b'\t' | b'\x0c' | b'\0' => {
                    let mut pos = self.pos + 1;
                    while matches!(self.src.get(pos), Some(b' ' | b'\t' | b'\x0c' | b'\0')) {
                        pos += 1;
                    }
                    self.pos = pos;
                }
                b'#' => self.skip_comment(),
                b'\\' if matches!(self.src.get(self.pos + 1), Some(b'\n' | b'\r')) => {
                    self.pos += 1;
                    self.eat_newline();
                }
                b'\n' | b'\r' => {
                    let start = self.pos;
                    let line = self.line;
                    let line_start = self.line_start;
                    self.eat_newline();
                    if self.depth == 0 {
                        self.at_line_start = true;
                        return Token::newline(start, line, line_start);
                    }
                    self.line_in_brackets = true;
                }
                _ => return self.token_at(b),
            }
        }
    }

    fn token(&self, tok: Tok, start: usize) -> Token {
        Token {
            tok,
            start,
            end: self.pos,
            line: self.line,
            line_start: self.line_start,
        }
    }

    fn token_at(&mut self, b: u8) -> Token {
        let start = self.pos;
        let (line, line_start) = (self.line, self.line_start);
        let first_in_brackets = std::mem::take(&mut self.line_in_brackets);
        let tok = if is_name_byte(b) && !b.is_ascii_digit() {
            self.pos = name_end(self.src, self.pos);
            if first_in_brackets
                && std::str::from_utf8(&self.src[start..self.pos])
                    .is_ok_and(|w| STATEMENT_KEYWORDS.contains(&w))
            {
                // Recover: end the statement here and lex this line again from its start.
                let (bracket, open) = self.open_lines.last().copied().unwrap_or((b'(', line));
                self.error(open, &format!("'{}' was never closed", bracket as char));
                self.depth = 0;
                self.open_lines.clear();
                self.pos = self.line_start;
                self.at_line_start = true;
                return Token::newline(start, line, line_start);
            }
            match self.src.get(self.pos) {
                Some(&(q @ b'\'' | q @ b'"')) => match string_prefix(&self.src[start..self.pos]) {
                    Some((raw, formatted)) => {
                        self.string(q, raw, formatted);
                        Tok::Str { plain: !formatted }
                    }
                    None => Tok::Name,
                },
                _ => Tok::Name,
            }
        } else if b.is_ascii_digit()
            || (b == b'.' && self.src.get(self.pos + 1).is_some_and(u8::is_ascii_digit))
        {
            self.number();
            Tok::Number
        } else if b == b'\'' || b == b'"' {
            self.string(b, false, false);
            Tok::Str { plain: true }
        } else {
            self.pos += 1;
            self.bracket(b, line);
            Tok::Op(b)
        };
        Token {
            tok,
            start,
            end: self.pos,
            line,
            line_start,
        }
    }

    /// Tracks an opening or closing bracket just consumed.
    fn bracket(&mut self, b: u8, line: usize) {
        match b {
            b'(' | b'[' | b'{' => {
                self.depth += 1;
                if self.open_lines.len() < MAX_BRACKET_DEPTH {
                    self.open_lines.push((b, line));
                }
                if self.depth == MAX_BRACKET_DEPTH + 1 {
                    self.error(line, "too many nested parentheses");
                }
            }
            b')' | b']' | b'}' => {
                if self.depth == 0 {
                    self.error(line, "unmatched closing bracket");
                } else {
                    if self.depth <= self.open_lines.len()
                        && let Some((open, open_line)) = self.open_lines.pop()
                        && open != matching_open(b)
                    {
                        self.error(
                            line,
                            &format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {open_line}",
                                b as char, open as char
                            ),
                        );
                    }
                    self.depth -= 1;
                }
            }
            _ => {}
        }
    }

    /// Skips the inside of a statement up to what the scanner needs to see: a `:` or `;` at
    /// bracket depth 0, or a line break. Brackets, strings and comments on the way are tracked.
    fn skip_to_boundary(&mut self) {
        let src = self.src;
        loop {
            let mut pos = self.pos;
            while pos < src.len() && !BOUNDARY_BYTES[src[pos] as usize] {
                pos += 1;
            }
            self.pos = pos;
            let Some(&b) = src.get(pos) else { return };
            match b {
                b'\'' | b'"' => {
                    let (raw, formatted) = prefix_before(src, pos);
                    self.string(b, raw, formatted);
                }
                b'#' => self.skip_comment(),
                b'(' | b'[' | b'{' | b')' | b']' | b'}' => {
                    self.pos += 1;
                    self.bracket(b, self.line);
                }
                b':' | b';' if self.depth == 0 => return,
                b'\\' => {
                    self.pos += 1;
                    self.eat_newline();
                }
                b'\n' | b'\r' => {
                    if self.depth > 0 {
                        self.eat_newline();
                        self.line_in_brackets = true;
                    }
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn number(&mut self) {
        while let Some(&c) = self.src.get(self.pos) {
            let exponent_sign = (c == b'+' || c == b'-')
                && matches!(self.src.get(self.pos.wrapping_sub(1)), Some(b'e' | b'E'))
                && !self.src[..self.pos].starts_with(b"0x");
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// The common case, fast: a string without replacement fields in a file without `\r`,
    /// skipped by searching for the next quote, backslash or line break.
    fn plain_string(&mut self, quote: u8) {
        let start_line = self.line;
        let triple = self.src[self.pos..].starts_with(&[quote; 3]);
        self.pos += if triple { 3 } else { 1 };
        loop {
            let Some(i) = memchr::memchr3(quote, b'\\', b'\n', &self.src[self.pos..]) else {
                self.pos = self.src.len();
                self.error(start_line, "unterminated string literal");
                return;
            };
            self.pos += i;
            match self.src[self.pos] {
                b'\\' => {
                    self.pos += 1;
                    if !self.eat_newline() && self.pos < self.src.len() {
                        self.pos += 1;
                    }
                }
                b'\n' if !triple => {
                    // Leave the line break: the statement ends here.
                    self.error(start_line, "unterminated string literal");
                    return;
                }
                b'\n' => {
                    self.eat_newline();
                }
                _ if !triple => {
                    self.pos += 1;
                    return;
                }
                _ if self.src[self.pos..].starts_with(&[quote; 3]) => {
                    self.pos += 3;
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips a string literal whose opening quote is at `pos`. F-strings are walked with an
    /// explicit stack of modes, so nested replacement fields and nested strings cost no recursion.
    fn string(&mut self, quote: u8, raw: bool, formatted: bool) {
        if !formatted && !self.has_cr {
            return self.plain_string(quote);
        }
        #[derive(Clone, Copy)]
        enum Mode {
            /// Inside the literal text of a string.
            Text {
                quote: u8,
                triple: bool,
                raw: bool,
                formatted: bool,
            },
            /// Inside an f-string replacement field: code, with its own bracket depth.
            Field { depth: usize },
            /// Inside a format spec after `:` in a replacement field.
            Spec,
        }
        let start_line = self.line;
        let open = |lexer: &mut Lexer, quote: u8, raw: bool, formatted: bool| -> Mode {
            let triple = lexer.src[lexer.pos..].starts_with(&[quote; 3]);
            lexer.pos += if triple { 3 } else { 1 };
            Mode::Text {
                quote,
                triple,
                raw,
                formatted,
            }
        };
        let mut stack = vec![open(self, quote, raw, formatted)];
        while let Some(mode) = stack.last().copied() {
            let Some(&c) = self.src.get(self.pos) else {
                self.error(start_line, "unterminated string literal");
                return;
            };
            match mode {
                Mode::Text {
                    quote,
                    triple,
                    raw,
                    formatted,
                } => match c {
                    b'\\' => {
                        self.pos += 1;
                        if !self.eat_newline() && self.pos < self.src.len() {
                            self.pos += 1;
                        }
                        let _ = raw; // raw strings still skip the escaped quote
                    }
                    b'\n' | b'\r' => {
                        if !triple {
                            self.error(start_line, "unterminated string literal");
                            stack.pop();
                            // Leave the line break for the caller: the statement ends here.
                            if stack.is_empty() {
                                return;
                            }
                            continue;
                        }
                        self.eat_newline();
                    }
                    c if c == quote => {
                        if !triple {
                            self.pos += 1;
                            stack.pop();
                        } else if self.src[self.pos..].starts_with(&[quote; 3]) {
                            self.pos += 3;
                            stack.pop();
                        } else {
                            self.pos += 1;
                        }
                    }
                    b'{' if formatted => {
                        if self.src.get(self.pos + 1) == Some(&b'{') {
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                            stack.push(Mode::Field { depth: 0 });
                        }
                    }
                    _ => self.pos += 1,
                },
                Mode::Spec => match c {
                    b'{' => {
                        self.pos += 1;
                        stack.push(Mode::Field { depth: 0 });
                    }
                    b'}' => {
                        self.pos += 1;
                        stack.pop(); // the spec
                        stack.pop(); // its field
                    }
                    b'\n' | b'\r' => {
                        self.eat_newline();
                    }
                    _ => {
                        // A quote closing the enclosing string ends everything up to it.
                        if let Some(Mode::Text { quote, .. }) =
                            stack.iter().rev().find(|m| matches!(m, Mode::Text { .. }))
                            && c == *quote
                        {
                            stack.pop();
                            stack.pop();
                            continue;
                        }
                        self.pos += 1;
                    }
                },
                Mode::Field { depth } => match c {
                    b'\'' | b'"' => {
                        let new = open(self, c, false, false);
                        stack.push(new);
                    }
                    b'(' | b'[' | b'{' => {
                        self.pos += 1;
                        set_depth(&mut stack, depth + 1);
                    }
                    b')' | b']' => {
                        self.pos += 1;
                        set_depth(&mut stack, depth.saturating_sub(1));
                    }
                    b'}' if depth > 0 => {
                        self.pos += 1;
                        set_depth(&mut stack, depth - 1);
                    }
                    b'}' => {
                        self.pos += 1;
                        stack.pop();
                    }
                    b':' if depth == 0 => {
                        self.pos += 1;
                        stack.push(Mode::Spec);
                    }
                    b'#' => self.skip_comment(),
                    b'\n' | b'\r' => {
                        self.eat_newline();
                    }
                    c if is_name_byte(c) && !c.is_ascii_digit() => {
                        let name_start = self.pos;
                        while self.src.get(self.pos).is_some_and(|&c| is_name_byte(c)) {
                            self.pos += 1;
                        }
                        if let Some(&(q @ b'\'' | q @ b'"')) = self.src.get(self.pos)
                            && let Some((raw, formatted)) =
                                string_prefix(&self.src[name_start..self.pos])
                        {
                            let new = open(self, q, raw, formatted);
                            stack.push(new);
                        }
                    }
                    _ => self.pos += 1,
                },
            }
        }

        fn set_depth(stack: &mut [Mode], depth: usize) {
            if let Some(Mode::Field { depth: d }) = stack.last_mut() {
                *d = depth;
            }
        }
    }
}

fn matching_open(close: u8) -> u8 {
    match close {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}

/// `(raw, formatted)` when `prefix` is a valid string prefix (`r`, `b`, `u`, `f`, `t`, `rb`, `fr`…).
fn string_prefix(prefix: &[u8]) -> Option<(bool, bool)> {
    if prefix.len() > 2 {
        return None;
    }
    let mut raw = false;
    let mut formatted = false;
    for &c in prefix {
        match c.to_ascii_lowercase() {
            b'r' => raw = true,
            b'f' | b't' => formatted = true,
            b'b' | b'u' => {}
            _ => return None,
        }
    }
    Some((raw, formatted))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Function,
    Class,
    /// `if TYPE_CHECKING:` (its body never runs).
    TypeChecking,
    /// `if __name__ == "__main__":` (its body runs only when the file is run as a script).
    MainGuard,
    /// `try:` body, with the index of the try in `tries`.
    TryBody(usize),
    /// Any other conditional or compound body (`if`, `else`, `for`, `with`, `except`…).
    Conditional,
}

#[derive(Debug, Clone, Copy)]
struct Block {
    indent: usize,
    kind: BlockKind,
}

/// The result of scanning one file.
#[derive(Debug, Default)]
pub struct Scan {
    pub imports: Vec<Import>,
    pub errors: Vec<LexicalError>,
    /// The line of a module-level `if __name__ == "__main__":`, the mark of a script.
    pub main_guard: Option<usize>,
    /// The line of the first module-level call statement (`main()`, `app.run()`): top-level
    /// code that does something when the file runs.
    pub top_level_call: Option<usize>,
    pub directives: Vec<Directive>,
    /// Byte spans of the bodies of the outermost functions (nested ones are inside), from the
    /// first token of the body to the end of its last line of code (where its `def` ends):
    /// what does not run at import time, which the import-time parse leaves out.
    pub function_bodies: Vec<FunctionBody>,
}

/// The body of a function, from its first token to the end of its last line of code (where the
/// `def` ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionBody {
    pub start: usize,
    pub end: usize,
    /// The column of the `def` (tabs to multiples of 8).
    pub def_indent: usize,
}

/// A file's function bodies, kept for the run in a few bytes each (LEB128: the gap since the
/// last body, the length, the `def`'s column), so that an import-time parse of the file does
/// not scan it again; every file keeps them, few are parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionBodies {
    /// The length of the scanned text: the spans are its offsets.
    text_len: usize,
    encoded: Box<[u8]>,
}

impl FunctionBodies {
    pub fn new(text_len: usize, bodies: &[FunctionBody]) -> FunctionBodies {
        let mut encoded = Vec::with_capacity(bodies.len() * 5);
        let mut last_end = 0;
        for body in bodies {
            for value in [
                body.start - last_end,
                body.end - body.start,
                body.def_indent,
            ] {
                leb128_push(&mut encoded, value);
            }
            last_end = body.end;
        }
        FunctionBodies {
            text_len,
            encoded: encoded.into_boxed_slice(),
        }
    }

    /// The bodies, when `text` is the text they were found in (by its length: a file that
    /// changed since has other offsets).
    pub fn of(&self, text: &str) -> Option<Vec<FunctionBody>> {
        if text.len() != self.text_len {
            return None;
        }
        let (mut bodies, mut at, mut last_end) = (Vec::new(), 0, 0);
        while at < self.encoded.len() {
            let start = last_end + leb128_read(&self.encoded, &mut at);
            let end = start + leb128_read(&self.encoded, &mut at);
            let def_indent = leb128_read(&self.encoded, &mut at);
            bodies.push(FunctionBody {
                start,
                end,
                def_indent,
            });
            last_end = end;
        }
        Some(bodies)
    }
}

fn leb128_push(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn leb128_read(bytes: &[u8], at: &mut usize) -> usize {
    let (mut value, mut shift) = (0, 0);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        value |= ((b & 0x7f) as usize) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    value
}

/// CPython's limit on indentation levels.
pub const MAX_INDENT_LEVELS: usize = 100;
/// Nesting a full parse may meet within one logical line (CPython itself gives up between
/// 1,000 and 10,000 nested unary operators with a `MemoryError`).
pub const MAX_EXPRESSION_NESTING: usize = 2_000;

/// Whether expressions nest deeper than a recursive parser can safely follow: thousands of
/// prefix operators (`- - - x`, `not not x`) or right-associative operators (`**`, `a if b else`)
/// in one statement. Checked only before a full parse, over the whole token stream.
pub fn too_deep_to_parse(src: &str) -> bool {
    // A run needs that many operators in the file: counting them is a few SIMD passes, where
    // the check below lexes everything.
    let bytes = src.as_bytes();
    let count = |word: &str| memchr::memmem::find_iter(bytes, word).count();
    let prefix_operators = memchr::memchr3_iter(b'-', b'+', b'~', bytes).count()
        + count("not")
        + count("await")
        + count("lambda");
    let right_associative = memchr::memchr_iter(b'*', bytes).count() + count("if");
    if prefix_operators <= MAX_EXPRESSION_NESTING && right_associative <= 2 * MAX_EXPRESSION_NESTING
    {
        return false;
    }
    let mut lx = Lexer::new(src);
    let (mut prefix_run, mut right_assoc, mut prev_operand) = (0usize, 0usize, false);
    let mut stmt_start = true;
    loop {
        let t = lx.next();
        match t.tok {
            Tok::Eof => return false,
            Tok::Newline => {
                (prefix_run, right_assoc, prev_operand, stmt_start) = (0, 0, false, true);
                continue;
            }
            _ => {}
        }
        // Keywords are short and lowercase: most names skip the comparisons below.
        let keyword = if t.tok == Tok::Name
            && t.end - t.start <= 6
            && src.as_bytes()[t.start].is_ascii_lowercase()
        {
            &src[t.start..t.end]
        } else {
            ""
        };
        let is_prefix = match t.tok {
            Tok::Op(b'-' | b'+' | b'~') => !prev_operand,
            _ => matches!(keyword, "not" | "await" | "lambda"),
        };
        if is_prefix {
            prefix_run += 1;
        } else if matches!(t.tok, Tok::Name | Tok::Number | Tok::Str { .. }) {
            prefix_run = 0;
        }
        if matches!(t.tok, Tok::Op(b'*')) || (keyword == "if" && !stmt_start) {
            right_assoc += 1;
        }
        if prefix_run > MAX_EXPRESSION_NESTING || right_assoc > 2 * MAX_EXPRESSION_NESTING {
            return true;
        }
        stmt_start = matches!(t.tok, Tok::Op(b';' | b':'));
        prev_operand = match t.tok {
            Tok::Name => {
                keyword.is_empty()
                    || !matches!(
                        keyword,
                        "not"
                            | "and"
                            | "or"
                            | "in"
                            | "is"
                            | "if"
                            | "else"
                            | "lambda"
                            | "await"
                            | "return"
                            | "yield"
                            | "assert"
                            | "del"
                            | "import"
                            | "from"
                    )
            }
            Tok::Number | Tok::Str { .. } | Tok::Op(b')' | b']' | b'}') => true,
            _ => false,
        };
    }
}

/// Scans `src` for imports.
pub fn scan(src: &str) -> Scan {
    scan_with(src, super::mentions::find(src).dynamic_import)
}

/// [`scan`] of a file whose mentions are known: `dynamic_imports` when it mentions
/// `__import__` or `import_module` (every statement's inside is then read for them).
pub fn scan_with(src: &str, dynamic_imports: bool) -> Scan {
    Scanner::new(src, dynamic_imports).run()
}

struct Scanner<'a> {
    lx: Lexer<'a>,
    text: &'a str,
    blocks: Vec<Block>,
    /// Per `try`: its header indent and whether a handler catches `ImportError`.
    tries: Vec<(usize, bool)>,
    /// Import index → enclosing try indices, resolved into `guarded` at the end.
    enclosing_tries: Vec<Vec<usize>>,
    imports: Vec<Import>,
    peeked: Option<Token>,
    /// No `__import__`/`import_module` in the file: statement bodies can be skipped unread.
    fast: bool,
    main_guard: Option<usize>,
    top_level_call: Option<usize>,
    function_bodies: Vec<FunctionBody>,
    /// The outermost function whose body is being read.
    open_body: Option<OpenBody>,
    /// Where the last physical line with code on it ends, and whether the current one has code.
    code_line_end: usize,
    line_has_code: bool,
}

/// A function body being read: its block's position in `blocks`, the `def`'s column, and where
/// the body starts (`None` until the first token after the header's line).
#[derive(Clone, Copy)]
struct OpenBody {
    block: usize,
    def_indent: usize,
    start: Option<usize>,
}

/// Whether `rest` (a statement's text from its first name on) is a call of a dotted name:
/// `main()`, `app.run(debug=True)`, `print ("x")`.
fn is_call_statement(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (NAME_BYTES[bytes[i] as usize] || bytes[i] == b'.') {
        i += 1;
    }
    let word_end = bytes[..i].iter().position(|&b| b == b'.').unwrap_or(i);
    // `if (`, `while (`, `assert (`, `return (`: keywords, not calls.
    if matches!(
        &rest[..word_end],
        "if" | "elif"
            | "while"
            | "for"
            | "with"
            | "assert"
            | "return"
            | "del"
            | "not"
            | "await"
            | "yield"
            | "raise"
            | "lambda"
            | "async"
            | "except"
            | "global"
            | "nonlocal"
            | "match"
            | "case"
            | "type"
            | "print_function"
    ) {
        return false;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    bytes.get(i) == Some(&b'(')
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, dynamic_imports: bool) -> Scanner<'a> {
        Scanner {
            lx: Lexer::new(text),
            text,
            blocks: Vec::new(),
            tries: Vec::new(),
            enclosing_tries: Vec::new(),
            imports: Vec::new(),
            peeked: None,
            fast: !dynamic_imports,
            main_guard: None,
            top_level_call: None,
            function_bodies: Vec::new(),
            open_body: None,
            code_line_end: 0,
            line_has_code: false,
        }
    }

    fn next(&mut self) -> Token {
        self.peeked.take().unwrap_or_else(|| self.lx.next())
    }

    fn peek(&mut self) -> Token {
        match self.peeked {
            Some(t) => t,
            None => {
                let t = self.lx.next();
                self.peeked = Some(t);
                t
            }
        }
    }

    fn text(&self, t: Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    fn is_name(&self, t: Token, name: &str) -> bool {
        t.tok == Tok::Name && self.text(t) == name
    }

    fn peek_is(&mut self, name: &str) -> bool {
        let t = self.peek();
        self.is_name(t, name)
    }

    fn run(mut self) -> Scan {
        let mut stmt_start = true;
        let mut logical_start = true;
        // The kind of block the current header line opens, once its `:` is reached.
        let mut pending: Option<BlockKind> = None;
        loop {
            let t = self.next();
            match t.tok {
                Tok::Eof => break,
                Tok::Newline => {
                    stmt_start = true;
                    logical_start = true;
                    pending = None;
                    if std::mem::take(&mut self.line_has_code) {
                        self.code_line_end = t.start;
                    }
                    continue;
                }
                _ => self.line_has_code = true,
            }
            if logical_start {
                let indent = self.lx.indent;
                while self.blocks.last().is_some_and(|b| b.indent >= indent) {
                    self.blocks.pop();
                }
                match &mut self.open_body {
                    Some(body) if self.blocks.len() <= body.block => {
                        if let Some(start) = body.start {
                            self.function_bodies.push(FunctionBody {
                                start,
                                end: self.code_line_end,
                                def_indent: body.def_indent,
                            });
                        }
                        self.open_body = None;
                    }
                    Some(body) if body.start.is_none() => body.start = Some(t.start),
                    _ => {}
                }
                logical_start = false;
            } else if self.open_body.is_some_and(|b| b.start.is_none()) {
                self.open_body = None; // `def f(): return 1`: the body is on the header's line
            }
            if stmt_start {
                stmt_start = false;
                if t.tok == Tok::Name {
                    match self.text(t) {
                        "import" => {
                            self.import_statement(t);
                            stmt_start = true; // after `;` or the line's end
                            continue;
                        }
                        "from" => {
                            self.import_from_statement(t);
                            stmt_start = true;
                            continue;
                        }
                        "def" => pending = Some(BlockKind::Function),
                        "async" if self.peek_is("def") => pending = Some(BlockKind::Function),
                        "class" => pending = Some(BlockKind::Class),
                        "if" => pending = Some(self.if_condition()),
                        "try" => {
                            self.tries.push((self.lx.indent, false));
                            pending = Some(BlockKind::TryBody(self.tries.len() - 1));
                        }
                        "except" => {
                            self.except_clause();
                            pending = Some(BlockKind::Conditional);
                        }
                        "elif" | "else" | "for" | "while" | "with" | "finally" | "async"
                        | "match" | "case" => pending = Some(BlockKind::Conditional),
                        _ if self.blocks.is_empty()
                            && self.top_level_call.is_none()
                            && is_call_statement(&self.text[t.start..]) =>
                        {
                            self.top_level_call = Some(t.line);
                        }
                        _ => {}
                    }
                }
            }
            match t.tok {
                Tok::Op(b':') if self.lx.depth == 0 => {
                    if let Some(kind) = pending.take() {
                        if kind == BlockKind::MainGuard && self.blocks.is_empty() {
                            self.main_guard.get_or_insert(t.line);
                        }
                        if kind == BlockKind::Function && self.open_body.is_none() {
                            self.open_body = Some(OpenBody {
                                block: self.blocks.len(),
                                def_indent: self.lx.indent,
                                start: None,
                            });
                        }
                        self.blocks.push(Block {
                            indent: self.lx.indent,
                            kind,
                        });
                        if self.blocks.len() == MAX_INDENT_LEVELS + 1 {
                            self.lx.error(t.line, "too many levels of indentation");
                        }
                        stmt_start = true;
                    }
                }
                Tok::Op(b';') if self.lx.depth == 0 => stmt_start = true,
                Tok::Name if !self.fast => self.dynamic_import(t),
                _ => {}
            }
            // Inside a statement only brackets, strings, `:` and `;` matter: skip to them.
            if self.fast && !stmt_start && self.peeked.is_none() {
                self.lx.skip_to_boundary();
            }
        }
        if let Some(OpenBody {
            start: Some(start),
            def_indent,
            ..
        }) = self.open_body
        {
            let end = if self.line_has_code {
                self.text.len()
            } else {
                self.code_line_end
            };
            self.function_bodies.push(FunctionBody {
                start,
                end,
                def_indent,
            });
        }
        let tries = &self.tries;
        for (import, enclosing) in self.imports.iter_mut().zip(&self.enclosing_tries) {
            import.context.guarded = enclosing.iter().any(|&i| tries[i].1);
        }
        Scan {
            imports: {
                // Kept for the whole run, one list a file: no growth slack.
                let mut imports = self.imports;
                imports.shrink_to_fit();
                imports
            },
            errors: self.lx.errors,
            directives: self.lx.directives,
            main_guard: self.main_guard,
            top_level_call: self.top_level_call,
            function_bodies: self.function_bodies,
        }
    }

    /// Reads an `if` condition up to its `:` without consuming the `:`, and classifies it.
    fn if_condition(&mut self) -> BlockKind {
        let (mut type_checking, mut negated, mut name, mut main) = (false, false, false, false);
        loop {
            let t = self.peek();
            match t.tok {
                Tok::Op(b':') if self.lx.depth == 0 => break,
                Tok::Newline | Tok::Eof => break,
                Tok::Name => match self.text(t) {
                    "TYPE_CHECKING" => type_checking = true,
                    "not" => negated = true,
                    "__name__" => name = true,
                    _ => {}
                },
                Tok::Str { plain: true } => {
                    let s = self.text(t);
                    main |= s.len() >= 2 && &s[1..s.len() - 1] == "__main__";
                }
                _ => {}
            }
            self.next();
            if t.tok == Tok::Name {
                self.dynamic_import(t); // `if import_module("x"):`
            }
        }
        if type_checking && !negated {
            BlockKind::TypeChecking
        } else if name && main && !negated {
            BlockKind::MainGuard
        } else {
            BlockKind::Conditional
        }
    }

    /// Marks the `try` this `except` belongs to when it catches import failures.
    fn except_clause(&mut self) {
        let indent = self.lx.indent;
        let mut catches = self.peek().tok == Tok::Op(b':'); // bare `except:`
        loop {
            let t = self.peek();
            match t.tok {
                Tok::Op(b':') if self.lx.depth == 0 => break,
                Tok::Newline | Tok::Eof => break,
                Tok::Name => {
                    catches |= matches!(
                        self.text(t),
                        "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"
                    )
                }
                _ => {}
            }
            self.next();
        }
        if catches && let Some(t) = self.tries.iter_mut().rev().find(|t| t.0 == indent) {
            t.1 = true;
        }
    }

    fn context(&self, dynamic: bool) -> (ImportContext, Vec<usize>) {
        let mut c = ImportContext {
            dynamic,
            ..ImportContext::default()
        };
        let mut tries = Vec::new();
        for b in &self.blocks {
            match b.kind {
                BlockKind::Function => c.in_function = true,
                BlockKind::Class => c.in_class = true,
                BlockKind::TypeChecking => c.type_checking = true,
                BlockKind::MainGuard => c.main_guard = true,
                BlockKind::TryBody(i) => tries.push(i),
                BlockKind::Conditional => c.conditional = true,
            }
        }
        (c, tries)
    }

    fn push(&mut self, start: Token, end: usize, target: ImportTarget, dynamic: bool) {
        let (context, tries) = self.context(dynamic);
        let column = self.text[start.line_start..start.start].chars().count() + 1;
        self.imports.push(Import {
            target,
            line: start.line,
            column,
            end_offset: end,
            context,
        });
        self.enclosing_tries.push(tries);
    }

    /// A dotted name (`a.b.c`); `None` if the next token is not a name.
    fn dotted_name(&mut self) -> Option<Name> {
        let first = self.peek();
        if first.tok != Tok::Name {
            return None;
        }
        self.next();
        let mut name = Name::from(self.text(first));
        while self.peek().tok == Tok::Op(b'.') {
            self.next();
            let part = self.peek();
            if part.tok != Tok::Name {
                break;
            }
            self.next();
            name.push('.');
            name.push_str(self.text(part));
        }
        Some(name)
    }

    /// Skips `as NAME` if present, returning the alias.
    fn alias(&mut self) -> Option<Name> {
        if self.peek_is("as") {
            self.next();
            let t = self.peek();
            if t.tok == Tok::Name {
                self.next();
                return Some(Name::from(self.text(t)));
            }
        }
        None
    }

    fn import_statement(&mut self, keyword: Token) {
        while let Some(module) = self.dotted_name() {
            let alias = self.alias();
            let end = self.peek().start;
            self.push(keyword, end, ImportTarget::Module { module, alias }, false);
            if self.peek().tok != Tok::Op(b',') {
                break;
            }
            self.next();
        }
    }

    fn import_from_statement(&mut self, keyword: Token) {
        let mut level = 0;
        while self.peek().tok == Tok::Op(b'.') {
            self.next();
            level += 1;
        }
        let module = if self.peek_is("import") {
            None
        } else {
            self.dotted_name()
        };
        if !self.peek_is("import") {
            return; // not an import after all (or broken): leave the tokens to the main loop
        }
        self.next();
        let mut names = Vec::new();
        let parenthesized = self.peek().tok == Tok::Op(b'(');
        if parenthesized {
            self.next();
        }
        loop {
            let t = self.peek();
            match t.tok {
                Tok::Op(b'*') => {
                    self.next();
                    names.push((Name::const_new("*"), None));
                }
                Tok::Name => {
                    self.next();
                    let name = Name::from(self.text(t));
                    let alias = self.alias();
                    names.push((name, alias));
                }
                _ => break,
            }
            if self.peek().tok == Tok::Op(b',') {
                self.next();
            } else {
                break;
            }
        }
        if parenthesized && self.peek().tok == Tok::Op(b')') {
            self.next();
        }
        let end = self.peek().start;
        self.push(
            keyword,
            end,
            ImportTarget::From {
                level,
                module,
                names: {
                    names.shrink_to_fit();
                    names
                },
            },
            false,
        );
    }

    /// `__import__("x")` and `importlib.import_module("x")` / `import_module("x")` with a
    /// literal string: recorded as dynamic imports.
    fn dynamic_import(&mut self, t: Token) {
        let len = t.end - t.start;
        if len != 10 && len != 13 {
            return;
        }
        let name = self.text(t);
        if name != "__import__" && name != "import_module" {
            return;
        }
        if self.peek().tok != Tok::Op(b'(') {
            return;
        }
        self.next();
        let arg = self.peek();
        if arg.tok != (Tok::Str { plain: true }) {
            return;
        }
        let text = self.text(arg);
        let quote_at = text.find(['\'', '"']).unwrap_or(0);
        let prefix = &text[..quote_at];
        let body = &text[quote_at..];
        let q = if body.len() >= 6 && (body.starts_with("'''") || body.starts_with("\"\"\"")) {
            3
        } else {
            1
        };
        if body.len() < 2 * q || prefix.to_ascii_lowercase().contains('b') {
            return;
        }
        let module = &body[q..body.len() - q];
        let valid = !module.is_empty()
            && module.split('.').all(|p| {
                !p.is_empty() && p.bytes().all(is_name_byte) && !p.as_bytes()[0].is_ascii_digit()
            });
        if !valid {
            return;
        }
        self.next();
        let next = self.peek();
        if next.tok != Tok::Op(b')') && next.tok != Tok::Op(b',') {
            return;
        }
        self.push(
            t,
            arg.end,
            ImportTarget::Module {
                module: Name::from(module),
                alias: None,
            },
            true,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(src: &str) -> Vec<String> {
        scan(src)
            .imports
            .iter()
            .map(|i| match &i.target {
                ImportTarget::Module { module, .. } => module.to_string(),
                ImportTarget::From {
                    level,
                    module,
                    names,
                } => format!(
                    "{}{} import {}",
                    ".".repeat(*level),
                    module.as_deref().unwrap_or(""),
                    names
                        .iter()
                        .map(|n| n.0.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            })
            .collect()
    }

    #[test]
    fn every_statement_form() {
        let src = "import a.b.c\nimport a as b, c\nfrom a.b import c\nfrom a import (b,\n  c as d,)\nfrom a import *\nfrom . import x\nfrom .x import y\nfrom .. import z\nfrom ... import w\n";
        assert_eq!(
            modules(src),
            [
                "a.b.c",
                "a",
                "c",
                "a.b import c",
                "a import b,c",
                "a import *",
                ". import x",
                ".x import y",
                ".. import z",
                "... import w"
            ]
        );
    }

    #[test]
    fn function_bodies_are_kept_exactly_and_only_for_their_text() {
        let bodies = [
            FunctionBody {
                start: 0,
                end: 127,
                def_indent: 0,
            },
            FunctionBody {
                start: 128,
                end: 128 + (1 << 20),
                def_indent: 300,
            },
        ];
        let text = " ".repeat(200 + (1 << 20));
        let kept = FunctionBodies::new(text.len(), &bodies);
        assert_eq!(kept.of(&text), Some(bodies.to_vec()));
        assert_eq!(kept.of(&text[1..]), None, "another text");
        let none = FunctionBodies::new(3, &[]);
        assert_eq!(none.of("abc"), Some(Vec::new()));
    }

    #[test]
    fn strings_and_comments_are_not_code() {
        let src = r#"
s = "import x"
t = '''
import y
'''
# import z
u = f"{x["import q"]} {y:{'>'}10} {{import r}}"
v = rf'\' import s'
import real
"#;
        assert_eq!(modules(src), ["real"]);
    }

    #[test]
    fn statement_starts_after_colon_and_semicolon() {
        let src = "if x: import a\nx = 1; import b\ntry: import c\nexcept ImportError: c = None\nd = {1: 2}\ny = lambda: 0\n";
        assert_eq!(modules(src), ["a", "b", "c"]);
        let imports = scan(src).imports;
        assert!(imports[2].context.guarded);
        assert!(imports[0].context.conditional);
    }

    #[test]
    fn contexts() {
        let src = "\
import top
if TYPE_CHECKING:
    import tc
else:
    import runtime
def f():
    import inner
class C:
    import in_class
    def m(self):
        import in_method
try:
    import guarded
except (ValueError, ModuleNotFoundError):
    import fallback
try:
    import unguarded
except KeyError:
    pass
if __name__ == '__main__':
    import main_only
import after
";
        let imports = scan(src).imports;
        let ctx = |m: &str| {
            imports
                .iter()
                .find(|i| matches!(&i.target, ImportTarget::Module { module, .. } if module == m))
                .unwrap()
                .context
        };
        assert!(ctx("top").runs_at_import_time());
        assert!(ctx("tc").type_checking && !ctx("tc").runs_at_import_time());
        assert!(!ctx("runtime").type_checking && ctx("runtime").runs_at_import_time());
        assert!(ctx("inner").in_function);
        assert!(ctx("in_class").in_class && ctx("in_class").runs_at_import_time());
        assert!(ctx("in_method").in_function);
        assert!(ctx("guarded").guarded);
        assert!(!ctx("fallback").guarded);
        assert!(!ctx("unguarded").guarded);
        assert!(ctx("main_only").main_guard && !ctx("main_only").runs_at_import_time());
        assert_eq!(scan(src).main_guard, Some(20));
        assert!(ctx("after").runs_at_import_time() && !ctx("after").conditional);
    }

    #[test]
    fn top_level_calls() {
        let line = |src: &str| scan(src).top_level_call;
        assert_eq!(line("import app\n\napp.run(debug=True)\n"), Some(3));
        assert_eq!(line("def main():\n    go()\n\nmain ()\n"), Some(4));
        assert_eq!(line("x = f()\nif (x):\n    f()\nassert (x)\n"), None);
        assert_eq!(line("class A:\n    f()\n@deco(1)\ndef g(): pass\n"), None);
        assert_eq!(line("x = 1; print(x)\n"), Some(1));
    }

    #[test]
    fn dynamic_imports_with_literal_strings() {
        let src = "m = __import__('os.path')\nimport importlib\nx = importlib.import_module(\"pkg.mod\")\ny = __import__(name)\nif import_module('z'):\n    pass\n";
        let imports = scan(src).imports;
        let dynamic: Vec<_> = imports.iter().filter(|i| i.context.dynamic).collect();
        assert_eq!(dynamic.len(), 3);
        assert_eq!(modules(src), ["os.path", "importlib", "pkg.mod", "z"]);
    }

    #[test]
    fn end_of_file_inside_brackets_names_the_innermost() {
        let s = scan("x = (\n[\n");
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].line, 2);
        assert_eq!(s.errors[0].message, "'[' was never closed");
        assert!(
            scan("import (\n").errors[0]
                .message
                .contains("'(' was never closed")
        );
    }

    #[test]
    fn suppression_comments_are_found_outside_strings_only() {
        let s = scan(
            "import a  # stdshadow: ignore[SS003]\ns = '# stdshadow: ignore'\ndef f():\n    #  stdshadow: ignore-file[SS001]\n    pass\n",
        );
        let found: Vec<(usize, usize, &str)> = s
            .directives
            .iter()
            .map(|d| (d.line, d.column, d.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (1, 11, "stdshadow: ignore[SS003]"),
                (4, 5, "stdshadow: ignore-file[SS001]")
            ]
        );
    }

    #[test]
    fn unclosed_brackets_recover_at_the_next_statement() {
        let src = "import a\nx = (1,\n\ndef f(:\n    pass\nimport b\n";
        let s = scan(src);
        assert_eq!(modules(src), ["a", "b"]);
        assert_eq!(s.errors[0].line, 2);
        assert!(s.errors[0].message.contains("'(' was never closed"));
        let s = scan("x = {\n  'a': (1,\n}\n");
        assert!(
            s.errors[0]
                .message
                .contains("'}' does not match opening parenthesis '(' on line 2")
        );
    }

    #[test]
    fn errors_do_not_stop_the_scan() {
        let src = "import a\nx = 'unterminated\nimport b\ny = )\nimport c\n";
        let s = scan(src);
        assert_eq!(modules(src), ["a", "b", "c"]);
        assert_eq!(s.errors.len(), 2);
        assert_eq!(s.errors[0].line, 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("x = {}\nimport after\n", "(".repeat(100_000));
        let s = scan(&src);
        assert!(
            s.errors
                .iter()
                .any(|e| e.message.contains("too many nested"))
        );
        let deep_fstring = format!("x = {}\n", "f'{".repeat(50_000));
        let _ = scan(&deep_fstring);
        let unary = format!("x = {}1\nimport after\n", "-".repeat(100_000));
        assert!(too_deep_to_parse(&unary) && scan(&unary).imports.len() == 1);
        assert!(!too_deep_to_parse("x = -1 - -2 * 3 ** 4\n"));
        let indented: String = (0..120)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect();
        assert!(
            scan(&indented)
                .errors
                .iter()
                .any(|e| e.message.contains("indentation"))
        );
    }

    #[test]
    fn line_endings_and_continuations() {
        let src = "import a\r\nfrom b \\\r\n  import c\rimport d\n";
        let s = scan(src);
        assert_eq!(modules(src), ["a", "b import c", "d"]);
        assert_eq!(
            s.imports.iter().map(|i| i.line).collect::<Vec<_>>(),
            [1, 2, 4]
        );
    }
}
