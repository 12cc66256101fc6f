//! Commands a Python file runs through `subprocess` or `os.system` with literal arguments:
//! `subprocess.run(["python", "tools/x.py"])`, `subprocess.call([sys.executable, "x.py"])`,
//! `os.system("python crawler.py")`. Read off the line's string literals, without a parse; only
//! lines that name a process-starting call and an interpreter are looked at.

use super::mentions::{INTERPRETERS, process_calls};

/// A literal command line: its words when the call gives a list, else one shell command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunLiteral {
    pub line: usize,
    pub command: Command,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `["python", "x.py"]`: argv as given (`sys.executable` becomes `python`).
    Argv(Vec<String>),
    /// `"python x.py --flag"`: run by a shell.
    Shell(String),
}

/// The literal Python commands of `text` (which [`super::mentions`] says names an interpreter
/// and a process-starting call: most files do not, and are not read line by line).
pub fn find(text: &str) -> Vec<RunLiteral> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Only the lines with a process-starting call are read (numbered as `str::lines` does).
    let (mut line_number, mut counted_to, mut line_end) = (1, 0, 0);
    for call in process_calls(text) {
        if call < line_end {
            continue; // another call on a line already read
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..call]).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', &bytes[call..]).map_or(bytes.len(), |i| call + i);
        line_number += memchr::memchr_iter(b'\n', &bytes[counted_to..line_start]).count();
        counted_to = line_start;
        let line = &text[line_start..line_end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !INTERPRETERS.iter().any(|name| line.contains(name)) {
            continue;
        }
        let literals = string_literals(line);
        let executable = line.contains("sys.executable");
        let command = match literals.as_slice() {
            [one] if !executable && one.contains(' ') => Command::Shell(one.clone()),
            [] => continue,
            words => {
                let mut argv = Vec::new();
                if executable {
                    argv.push("python".to_string());
                }
                argv.extend(words.iter().cloned());
                Command::Argv(argv)
            }
        };
        found.push(RunLiteral {
            line: line_number,
            command,
        });
    }
    found
}

/// The contents of the plain string literals on one line (prefixed, f- and escaped strings are
/// left out: their value is not the text).
fn string_literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if q == b'#' {
            break;
        }
        if q != b'"' && q != b'\'' {
            i += 1;
            continue;
        }
        let prefixed = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let Some(len) = bytes[i + 1..].iter().position(|&b| b == q) else {
            break;
        };
        let value = &line[i + 1..i + 1 + len];
        if !prefixed && !value.contains('\\') {
            out.push(value.to_string());
        }
        i += len + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_past_the_lines_not_read() {
        let src = "import subprocess\r\n\r\nsubprocess.run(['ls'])  # no interpreter\r\nx = 1\rstill line 4\nsubprocess.run(['python', 'a.py']); subprocess.run(['python', 'b.py'])\n";
        assert_eq!(
            find(src),
            [RunLiteral {
                line: 5,
                command: Command::Argv(vec![
                    "python".into(),
                    "a.py".into(),
                    "python".into(),
                    "b.py".into()
                ])
            }]
        );
    }

    #[test]
    fn argv_and_shell_forms() {
        let src = "import os, subprocess, sys\nsubprocess.run([\"python\", \"tools/x.py\", \"-v\"])\nos.system('python crawler.py --all')\nsubprocess.check_call([sys.executable, 'gen.py'])  # 'not this'\nprint('python x.py')\n";
        let found = find(src);
        assert_eq!(
            found,
            [
                RunLiteral {
                    line: 2,
                    command: Command::Argv(vec!["python".into(), "tools/x.py".into(), "-v".into()])
                },
                RunLiteral {
                    line: 3,
                    command: Command::Shell("python crawler.py --all".into())
                },
                RunLiteral {
                    line: 4,
                    command: Command::Argv(vec!["python".into(), "gen.py".into()])
                },
            ]
        );
        assert!(find("x = 1\n").is_empty());
        assert!(find("subprocess.run(f\"python {x}.py\")\n").is_empty());
    }
}
