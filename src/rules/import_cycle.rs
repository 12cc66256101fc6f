//! ## What it does
//! Finds cycles among the project's own modules through imports that run at import time
//! (module level and class bodies; not inside functions, not under `if TYPE_CHECKING:`).
//! Each strongly connected group of modules is reported once, on one of its shortest cycles.
//!
//! ## Why is this bad
//! In a cycle, one module always runs while another is only partially initialized. Whether that
//! works depends on the order the program happens to import them in: a `from a import name`
//! in the cycle fails with `ImportError: cannot import name ... from partially initialized
//! module` as soon as a new entry point imports the cycle from the other side.
//!
//! ## Example
//! ```python
//! # app/models.py
//! from app.views import render   # views imports models back
//! # app/views.py
//! from app.models import User
//! ```
//!
//! ## How to fix
//! Move the shared code into a third module both import, import inside the function that needs
//! it, or import the module instead of names from it (`import app.models`) and use attributes
//! at call time.

use std::collections::{HashMap, VecDeque};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Location, Range, Related};
use crate::imports::ImportTarget;
use crate::paths::display_path;
use crate::project::Project;
use crate::rules::Rule;

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

/// A `from Y import name` in the cycle that fails when `Y` is the module imported first: `Y`
/// has then only run up to its own import of the next module in the cycle.
fn first_failure(
    project: &Project,
    graph: &crate::graph::ContextGraph,
    cycle: &[usize],
    via: &HashMap<(usize, usize), (usize, String)>,
) -> Option<String> {
    for (k, &from) in cycle.iter().enumerate() {
        let to = cycle[(k + 1) % cycle.len()];
        let after = cycle[(k + 2) % cycle.len()];
        let (import_index, module) = &via[&(from, to)];
        let import = &project.files[from].imports[*import_index];
        let ImportTarget::From {
            names,
            level,
            module: written,
        } = &import.target
        else {
            continue;
        };
        // `from pkg import submodule` (and `from . import submodule`): the edge is to the
        // submodule, which `from` takes from `sys.modules` even half-initialized (3.7+).
        let is_package = project.files[from]
            .path
            .file_stem()
            .is_some_and(|s| s == "__init__");
        let base_is_target = if *level == 0 {
            written.as_deref() == Some(module.as_str())
        } else {
            graph.names(from).iter().any(|n| {
                crate::graph::absolute_module(n, is_package, *level, written.as_deref()).as_deref()
                    == Some(module.as_str())
            })
        };
        if !base_is_target || !graph.names(to).contains(module) {
            continue;
        }
        let to_line = project.files[to].imports[via[&(to, after)].0].line;
        let facts = project.facts(&project.files[to].path)?;
        if let Some((missing, _)) = names
            .iter()
            .find(|(n, _)| n != "*" && !facts.bound_before(n, to_line))
        {
            return Some(format!(
                "when `{module}` is imported first, `{}` ({}:{}) runs while `{module}` has only run up to line {to_line}: `ImportError: cannot import name '{missing}' from partially initialized module '{module}'`",
                import.target.describe(),
                display_path(&project.files[from].path, project.cwd),
                import.line
            ));
        }
    }
    None
}

pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for graph in project.graphs {
        // Nodes are the graph's own files (its positions in `graph.files()`): the work follows
        // the context's files, not the project's.
        let nodes = graph.files();
        let node_of = |path: &std::path::Path| {
            let fi = project
                .files
                .binary_search_by(|f| f.path.as_path().cmp(path))
                .ok()?;
            nodes.binary_search(&fi).ok()
        };
        // Module-level edges between local files, with the import that makes each.
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        let mut via: HashMap<(usize, usize), (usize, String)> = HashMap::new();
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
                    via.insert((nodes[from], nodes[to]), (edge.import, edge.module.clone()));
                }
            }
        }
        // Explaining a cycle may need full parses: spread the groups over the cores.
        let found: Vec<Diagnostic> = components(&adjacency)
            .into_par_iter()
            .map(|members| {
            let cycle: Vec<usize> = shortest_cycle(&adjacency, members[0], &members)
                .into_iter()
                .map(|node| nodes[node])
                .collect();
            let name = |i: usize| graph.names(i)[0].clone();
            let mut chain: Vec<String> = cycle.iter().map(|&i| name(i)).collect();
            chain.push(name(cycle[0]));
            let mut related = Vec::new();
            for (k, &from) in cycle.iter().enumerate() {
                let to = cycle[(k + 1) % cycle.len()];
                let file = &project.files[from];
                let import = &file.imports[via[&(from, to)].0];
                let at = Location {
                    line: import.line,
                    column: import.column,
                };
                related.push(Related {
                    path: file.path.clone(),
                    range: Some(Range { start: at, end: at }),
                    message: format!("`{}` imports `{}`", import.target.describe(), name(to)),
                });
            }
            let first = related[0].clone();
            let others = if members.len() > cycle.len() {
                format!(" ({} modules in the group)", members.len())
            } else {
                String::new()
            };
            let failure = first_failure(project, graph, &cycle, &via)
                .map(|f| format!("; {f}"))
                .unwrap_or_default();
            Diagnostic {
                rule: Rule::ImportCycle,
                message: format!(
                    "Import cycle at import time: {}{others}{failure}",
                    chain.join(" → ")
                ),
                path: first.path.clone(),
                range: first.range.expect("set above"),
                module: Some(name(cycle[0])),
                stdlib_module: None,
                contexts: vec![graph.context.name.clone()],
                search_path_entry: None,
                versions: Vec::new(),
                related,
                help: Some(format!(
                    "break the cycle: move what {} and {} share into a third module, or import inside the function that needs it",
                    display_path(&project.files[cycle[0]].path, project.cwd),
                    display_path(&project.files[cycle[cycle.len() - 1]].path, project.cwd)
                )),
                crash: None,
                explanations: Vec::new(),
            }
            })
            .collect();
        diagnostics.extend(found);
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

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
