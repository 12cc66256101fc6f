//! ## What it does
//! Finds import cycles among the project's own modules that really fail: for every module of
//! a cycle it simulates `import MODULE` as the first import of a fresh process (what a test,
//! a script or `python -m` can trigger) with CPython's rules — parents initialised before
//! submodules, `from package import sub` taking the half-initialized submodule from
//! `sys.modules`, names bound so far, `try`/`except ImportError` — and reports the statement
//! that raises, the entry that triggers it and the exact exception. A cycle that works in
//! every order is not reported.
//!
//! ## Why is this bad
//! In a cycle, one module runs while another is only partially initialized. A
//! `from a import name` (or a module-level `a.name`) that runs before `a` has bound `name`
//! fails with `ImportError: cannot import name ... from partially initialized module` (or the
//! `AttributeError`) as soon as some entry point imports the cycle from that side — often
//! only in production, or only in one test run order.
//!
//! ## Example
//! ```python
//! # app/models.py
//! from app.views import render   # views imports models back
//! # app/views.py
//! from app.models import User    # runs while app.models is at line 1: ImportError
//! def render(): ...
//! ```
//!
//! ## How to fix
//! Move the shared code into a third module both import, import inside the function that needs
//! it, or import the module instead of names from it (`import app.models`) and use attributes
//! at call time.

use std::collections::{HashMap, VecDeque};

use rayon::prelude::*;

use std::path::Path;

use crate::diagnostic::{Crash, Diagnostic, Range, Related, Violation};
use crate::message::{Message, shown};
use crate::project::Project;
use crate::rules::Rule;
use crate::simulate::{Failure, Simulator};

/// An import cycle that fails when one of its modules is imported first.
#[derive(Debug)]
pub struct ImportCycle<'a> {
    /// The modules around the cycle, the first again at the end.
    pub chain: &'a [String],
    /// The modules whose import, coming first, makes it fail.
    pub triggers: &'a [String],
    /// The failing statement as written, and the file that holds it.
    pub statement: &'a str,
    pub file: &'a Path,
    /// The half-initialized module, and up to which line it has run (0: still importing).
    pub partial_module: &'a str,
    pub partial_line: usize,
    pub error: &'a Message,
}

impl Violation for ImportCycle<'_> {
    const RULE: Rule = Rule::ImportCycle;

    fn message(&self) -> Message {
        let entry = match self.triggers {
            [one] => format!("`import {one}`"),
            many => format!(
                "`import {}` (or {})",
                many[0],
                many[1..]
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let partial = match self.partial_line {
            0 => format!("`{}` is still being imported", self.partial_module),
            line => format!("`{}` has only run up to line {line}", self.partial_module),
        };
        format!(
            "Import cycle {} fails when {entry} comes first: `{}` runs while {partial}: `{}`",
            self.chain.join(" → "),
            self.statement,
            self.error.inline()
        )
        .into()
    }

    fn help(&self) -> Option<Message> {
        Some(
            format!(
                "break the cycle: move what {} needs from `{}` into a module both import, or import inside the function that needs it",
                shown(self.file),
                self.partial_module
            )
            .into(),
        )
    }
}

/// Tarjan's algorithm without recursion: strongly connected components of size > 1.
fn components(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adjacency.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut next, mut stack, mut out) = (0, Vec::new(), Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adjacency[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort_unstable();
                    out.push(component);
                }
            }
        }
    }
    out
}

/// A shortest cycle through `start` inside `members` (breadth first).
fn shortest_cycle(adjacency: &[Vec<usize>], start: usize, members: &[usize]) -> Vec<usize> {
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &adjacency[v] {
            if members.binary_search(&w).is_err() {
                continue;
            }
            if w == start {
                let mut cycle = vec![v];
                let mut at = v;
                while at != start {
                    at = previous[&at];
                    cycle.push(at);
                }
                cycle.reverse();
                return cycle;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = previous.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// The name a module is imported under: of several (`src/pkg/m.py` is `src.pkg.m` from the
/// root and `pkg.m` from `src/`), the one of the deepest entry — the shortest — is how the code
/// runs; the other is an artifact of the root being on the path.
fn run_as(names: &[String]) -> Option<&str> {
    names
        .iter()
        .min_by_key(|n| (n.matches('.').count(), n.len()))
        .map(String::as_str)
}

/// Entries simulated per cycle group (each a fresh process); a group is rarely larger.
const MAX_ENTRIES: usize = 64;

pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for graph in project.graphs {
        // Nodes are the graph's own files (its positions in `graph.files()`): the work follows
        // the context's files, not the project's.
        let nodes = graph.files();
        let node_of = |path: &std::path::Path| {
            let fi = project.index_of(path)?;
            nodes.binary_search(&fi).ok()
        };
        // Module-level edges between local files, with the import that makes each.
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        let mut via: HashMap<(usize, usize), usize> = HashMap::new();
        for (from, &fi) in nodes.iter().enumerate() {
            for edge in graph.edges(fi) {
                let import = &project.files[fi].imports[edge.import];
                if !import.context.runs_at_import_time() || import.context.dynamic {
                    continue;
                }
                if let Some(to) = edge.target.local_file().and_then(node_of)
                    && to != from
                    && !adjacency[from].contains(&to)
                {
                    adjacency[from].push(to);
                    via.insert((from, to), edge.import);
                }
            }
        }
        let groups = components(&adjacency);
        if groups.is_empty() {
            continue;
        }
        let simulator = Simulator::new(project, graph);
        prefetch_facts(project, &adjacency, &groups, nodes);
        // Each group's entries, bucketed by top-level package: entries under one package share
        // the simulation of its `__init__` (`Simulator::import_all`); buckets spread over the
        // cores (simulating needs full parses).
        let mut buckets: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
        for (g, members) in groups.iter().enumerate() {
            let mut entries: Vec<&str> = members
                .iter()
                .filter_map(|&m| run_as(graph.names(nodes[m])))
                .collect();
            entries.sort_unstable();
            for entry in entries.into_iter().take(MAX_ENTRIES) {
                let top = entry.split('.').next().unwrap_or(entry);
                buckets.entry(top).or_default().push((g, entry));
            }
        }
        let mut simulated: Vec<(usize, &str, Failure)> = buckets
            .into_par_iter()
            .flat_map_iter(|(_, mut bucket)| {
                bucket.sort_unstable_by_key(|&(_, entry)| entry);
                let names: Vec<&str> = bucket.iter().map(|&(_, entry)| entry).collect();
                let verdicts = simulator.import_all(&names);
                bucket
                    .into_iter()
                    .zip(verdicts)
                    .filter_map(|((g, entry), failure)| Some((g, entry, failure?)))
            })
            .collect();
        simulated.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        // One finding per failing statement of a group, with every entry that triggers it.
        let mut failures: Vec<(usize, Failure, Vec<String>)> = Vec::new();
        for (g, entry, failure) in simulated {
            match failures
                .iter_mut()
                .find(|(fg, f, _)| *fg == g && f.file == failure.file && f.line == failure.line)
            {
                Some((_, _, triggers)) => triggers.push(entry.to_string()),
                None => failures.push((g, failure, vec![entry.to_string()])),
            }
        }
        for (g, failure, triggers) in failures {
            let members = &groups[g];
            let start = nodes.binary_search(&failure.file).unwrap_or(members[0]);
            let cycle = shortest_cycle(&adjacency, start, members);
            diagnostics.extend(diagnostics_of(
                project, graph, &cycle, &via, nodes, &failure, &triggers,
            ));
        }
    }
    diagnostics
}

/// Parses, side by side, what the simulations will read: the modules reachable at import time
/// from the groups. A simulation runs its modules one after the other, and one entry into a
/// big package (each of its modules starts with the whole `__init__`) would otherwise parse the
/// package on one core.
fn prefetch_facts(
    project: &Project,
    adjacency: &[Vec<usize>],
    groups: &[Vec<usize>],
    nodes: &[usize],
) {
    let mut reached = vec![false; adjacency.len()];
    let mut stack: Vec<usize> = groups.iter().flatten().copied().collect();
    while let Some(n) = stack.pop() {
        if !std::mem::replace(&mut reached[n], true) {
            stack.extend(adjacency[n].iter().filter(|&&m| !reached[m]));
        }
    }
    let reached: Vec<usize> = (0..reached.len()).filter(|&n| reached[n]).collect();
    reached.par_iter().for_each(|&n| {
        project.facts(&project.files[nodes[n]].path);
    });
}

/// The findings of one failing statement, one a version (the wording differs between them).
fn diagnostics_of(
    project: &Project,
    graph: &crate::graph::ContextGraph,
    cycle: &[usize],
    via: &HashMap<(usize, usize), usize>,
    nodes: &[usize],
    failure: &Failure,
    triggers: &[String],
) -> Vec<Diagnostic> {
    let name = |node: usize| {
        run_as(graph.names(nodes[node]))
            .unwrap_or_default()
            .to_string()
    };
    let mut chain: Vec<String> = cycle.iter().map(|&n| name(n)).collect();
    chain.push(name(cycle[0]));
    let mut related = Vec::new();
    for (k, &from) in cycle.iter().enumerate() {
        let to = cycle[(k + 1) % cycle.len()];
        let Some(&import) = via.get(&(from, to)) else {
            continue;
        };
        let file = &project.files[nodes[from]];
        let import = &file.imports[import];
        related.push(Related {
            path: file.path.clone(),
            range: Some(Range::point(import.line, import.column)),
            message: format!("`{}` imports `{}`", import.target.describe(), name(to)).into(),
        });
    }
    let path = project.files[failure.file].path.clone();
    let at = Range::point(failure.line, failure.column);
    // One copy a version: `finalize` merges the copies with the same text into one finding.
    failure
        .error
        .iter()
        .map(|(version, error)| {
            let violation = ImportCycle {
                chain: &chain,
                triggers,
                statement: &failure.statement,
                file: &path,
                partial_module: &failure.partial_module,
                partial_line: failure.partial_line,
                error,
            };
            let mut d = Diagnostic::new(&violation, path.clone(), at);
            d.module = Some(failure.partial_module.clone());
            d.holds_in(graph.context);
            d.versions = vec![*version];
            d.related = related.clone();
            d.crash = Some(Crash::AtImport {
                error: error.clone(),
                line: failure.line,
            });
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check_rule, pythonpath};

    #[test]
    fn a_cycle_that_fails_from_one_side() {
        insta::assert_snapshot!(check_rule(
            Rule::ImportCycle,
            &[
                ("app/__init__.py", ""),
                (
                    "app/models.py",
                    "from app.views import render\nclass User:\n    pass\n"
                ),
                (
                    "app/views.py",
                    "from app.models import User\ndef render():\n    pass\n"
                )
            ],
            pythonpath(&["."])
        ));
    }

    #[test]
    fn a_package_importing_a_name_it_binds_later_fails() {
        insta::assert_snapshot!(check_rule(
            Rule::ImportCycle,
            &[
                ("pkg/__init__.py", "from pkg.sub import f\nhelper = 1\n"),
                ("pkg/sub.py", "from pkg import helper\ndef f():\n    pass\n")
            ],
            pythonpath(&["."])
        ));
    }

    /// The blueprint shape: `from pkg import helper` takes the submodule, which it imports.
    #[test]
    fn a_package_and_its_submodules_importing_each_other_works() {
        insta::assert_snapshot!(check_rule(
            Rule::ImportCycle,
            &[
                ("pkg/__init__.py", "from pkg.sub import f\n"),
                ("pkg/sub.py", "from pkg import helper\ndef f():\n    pass\n"),
                ("pkg/helper.py", "X = 1\n")
            ],
            pythonpath(&["."])
        ));
    }

    #[test]
    fn finds_components_and_shortest_cycles() {
        // 0 → 1 → 2 → 0, 2 → 3 (no cycle), 4 → 4 is not a group.
        let adjacency = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4]];
        let groups = components(&adjacency);
        assert_eq!(groups, vec![vec![0, 1, 2]]);
        assert_eq!(shortest_cycle(&adjacency, 0, &groups[0]), vec![0, 1, 2]);
        let deep: Vec<Vec<usize>> = (0..100_000).map(|i| vec![(i + 1) % 100_000]).collect();
        assert_eq!(components(&deep)[0].len(), 100_000);
    }
}
