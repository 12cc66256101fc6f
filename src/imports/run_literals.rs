//! Commands a Python file runs through `subprocess` or `os.system` with literal arguments:
//! `subprocess.run(["python", "tools/x.py"])`, `subprocess.call([sys.executable, "x.py"])`,
//! `os.system("python crawler.py")`. Read off the line's string literals, without a parse; only
//! lines that name a process-starting call and an interpreter are looked at.

use super::mentions::{INTERPRETERS, STARTS_A_PROCESS};

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
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !INTERPRETERS.iter().any(|name| line.contains(name))
            || !STARTS_A_PROCESS.iter().any(|call| line.contains(call))
        {
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
            line: i + 1,
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
