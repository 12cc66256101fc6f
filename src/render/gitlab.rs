//! GitLab Code Quality: a JSON array of issues (`description`, `check_name`, `fingerprint`,
//! `severity`, `location`), shown in merge requests. The fingerprint identifies a finding across
//! runs: it hashes the rule, the file and the message — not the line, so moving code around
//! does not make it a new finding.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::Report;
use crate::paths::display_path;
use crate::rules::Severity;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// FNV-1a, 64 bits: stable across runs, platforms and Rust releases (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Identical findings in one file get distinct fingerprints by their order.
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .map(|d| {
            let path = display_path(&d.path, &report.cwd);
            let message = report.text(&d.message);
            let base = fnv1a(&[d.rule.code(), &path, &message]);
            let occurrence = seen.entry(base).or_default();
            *occurrence += 1;
            let fingerprint = format!(
                "{:016x}",
                fnv1a(&[&base.to_string(), &occurrence.to_string()])
            );
            Issue {
                description: format!("{} {message}", d.rule.code()),
                check_name: d.rule.code(),
                fingerprint,
                severity: match d.severity() {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path,
                    lines: Lines {
                        begin: d.range.start.line,
                        end: d.range.end.line,
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::from)?;
    writeln!(out)
}
