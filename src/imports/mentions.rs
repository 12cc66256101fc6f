//! One pass over a file for the words that make it need a closer look: a dynamic import
//! (`__import__`, `import_module`: the scan then reads every statement's inside), and a command
//! that starts an interpreter (`subprocess.run(["python", …])`: the run literals). Most files
//! have none of them; one search for all the words costs less than one search per word.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// What a file mentions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mentions {
    /// `__import__` or `import_module`.
    pub dynamic_import: bool,
    /// `python` or `sys.executable`.
    pub interpreter: bool,
    /// A call that starts a process (`subprocess.`, `os.system(`, `Popen(`, …).
    pub process: bool,
}

/// The calls of a dynamic import.
const DYNAMIC_IMPORTS: [&str; 2] = ["__import__", "import_module"];

/// How a command names the interpreter.
pub const INTERPRETERS: [&str; 2] = ["python", "sys.executable"];

/// The calls that start a process.
pub const STARTS_A_PROCESS: [&str; 7] = [
    "subprocess.",
    "os.system(",
    "os.popen(",
    "Popen(",
    "check_call(",
    "check_output(",
    "os.exec",
];

/// All the words, in that order: a match's pattern index says which group it is of.
static SEARCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = DYNAMIC_IMPORTS
        .iter()
        .chain(&INTERPRETERS)
        .chain(&STARTS_A_PROCESS);
    // Leftmost-first: the semantics the SIMD (Teddy) searcher runs.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .expect("a handful of literal words")
});

/// The process-starting calls alone: where in a file they are.
static PROCESS_CALLS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(STARTS_A_PROCESS)
        .expect("a handful of literal words")
});

/// The byte offsets of the process-starting calls in `text`, in order.
pub fn process_calls(text: &str) -> impl Iterator<Item = usize> + '_ {
    PROCESS_CALLS.find_iter(text).map(|m| m.start())
}

pub fn find(text: &str) -> Mentions {
    let mut found = Mentions::default();
    let all = Mentions {
        dynamic_import: true,
        interpreter: true,
        process: true,
    };
    // Words of different groups cannot overlap (see the test), so the matches that do not
    // overlap find every group there is.
    for m in SEARCHER.find_iter(text) {
        match m.pattern().as_usize() {
            i if i < DYNAMIC_IMPORTS.len() => found.dynamic_import = true,
            i if i < DYNAMIC_IMPORTS.len() + INTERPRETERS.len() => found.interpreter = true,
            _ => found.process = true,
        }
        if found == all {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_sets_its_flag() {
        assert_eq!(find("import os\nx = 1\n"), Mentions::default());
        let m = find("mod = importlib.import_module(name)\n");
        assert!(m.dynamic_import && !m.interpreter && !m.process);
        let m = find("subprocess.run([sys.executable, 'x.py'])\n");
        assert!(!m.dynamic_import && m.interpreter && m.process);
        assert!(find("__import__('a')").dynamic_import);
        assert!(find("os.execv('/usr/bin/python3', [])").process);
    }

    /// A match hides a word only where the two overlap: then they must set the same flag.
    #[test]
    fn words_that_can_overlap_are_of_one_group() {
        let groups: [&[&str]; 3] = [&DYNAMIC_IMPORTS, &INTERPRETERS, &STARTS_A_PROCESS];
        for (g, group) in groups.iter().enumerate() {
            for (h, other) in groups.iter().enumerate().filter(|&(h, _)| h != g) {
                for a in group.iter() {
                    for b in other.iter() {
                        let overlaps = a.contains(b) || (1..b.len()).any(|k| a.ends_with(&b[..k]));
                        assert!(!overlaps, "{a} (group {g}) overlaps {b} (group {h})");
                    }
                }
            }
        }
    }

    #[test]
    fn every_word_is_searched_for() {
        for call in STARTS_A_PROCESS {
            assert!(find(call).process, "{call}");
        }
        for name in INTERPRETERS {
            assert!(find(name).interpreter, "{name}");
        }
        for call in DYNAMIC_IMPORTS {
            assert!(find(call).dynamic_import, "{call}");
        }
    }
}
