//! The model's stdlib shadows: for one context, every local module that `import X` would load
//! instead of the standard-library module `X` in some target version — or that start-up itself
//! loads — and why it is inert in the other versions. Computed once per context; the rules
//! (SS001, SS002, SS003) read it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::finder::FoundModule;
use crate::python::PythonVersion;
use crate::resolve::{LocalHit, SearchPath, StdlibResolution};

/// How one local module fares against one stdlib name across the target versions.
#[derive(Default)]
pub struct Outcome {
    pub module: Option<FoundModule>,
    pub shadowed: Vec<PythonVersion>,
    pub breaks_startup: Vec<PythonVersion>,
    /// Versions where the context's host (a Jupyter kernel) loads the module itself while it
    /// starts, before the user's code.
    pub breaks_host: Vec<PythonVersion>,
    /// Versions where the module is inert, with the reason.
    pub inert: Vec<(PythonVersion, String)>,
}

impl Outcome {
    /// The versions where the module takes the name (shadow or start-up replacement).
    pub fn versions(&self) -> Vec<PythonVersion> {
        let mut v: Vec<PythonVersion> = self
            .shadowed
            .iter()
            .chain(&self.breaks_startup)
            .chain(&self.breaks_host)
            .copied()
            .collect();
        v.sort();
        v
    }
}

/// A local module that takes a stdlib name in at least one target version.
pub struct Shadow {
    pub name: &'static str,
    pub entry: usize,
    pub file: PathBuf,
    pub outcome: Outcome,
}

/// Every stdlib shadow under one context (allowed names included; the caller filters).
pub fn shadows(search_path: &SearchPath) -> Vec<Shadow> {
    let context = search_path.context;
    // Only a name some entry holds can be shadowed: look at what the entries list, not at
    // every stdlib name (the work follows the context's own files).
    let mut names: Vec<&'static str> = search_path
        .local_dirs()
        .iter()
        .flat_map(|d| d.names())
        .filter_map(|n| {
            context
                .versions
                .iter()
                .find_map(|v| v.table().stdlib_name(n))
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut found = Vec::new();
    for name in names {
        // Keyed by (entry, file): a tagged extension may win in one version only.
        let mut outcomes: BTreeMap<(usize, PathBuf), Outcome> = BTreeMap::new();
        fn record<'o>(
            outcomes: &'o mut BTreeMap<(usize, PathBuf), Outcome>,
            hit: &LocalHit,
        ) -> &'o mut Outcome {
            let outcome = outcomes
                .entry((hit.entry, hit.module.file.clone()))
                .or_default();
            outcome.module = Some(hit.module.clone());
            outcome
        }
        for version in context
            .versions
            .iter()
            .filter(|v| v.table().is_stdlib(name))
        {
            match search_path.resolve_stdlib(name, version) {
                StdlibResolution::Shadowed(hit) => {
                    record(&mut outcomes, &hit).shadowed.push(version)
                }
                // The interpreter's own start-up, else the host's.
                StdlibResolution::ReplacedAtStartup(hit) if version.table().is_startup(name) => {
                    record(&mut outcomes, &hit).breaks_startup.push(version)
                }
                StdlibResolution::ReplacedAtStartup(hit) => {
                    record(&mut outcomes, &hit).breaks_host.push(version)
                }
                StdlibResolution::AlreadyImported(hit) => {
                    let reason = if version.table().is_startup(name) {
                        "start-up imports it before the script's directory joins sys.path"
                            .to_string()
                    } else {
                        let host = context.host();
                        format!(
                            "{} imports it before {}",
                            host.describe(version),
                            host.entries_join()
                        )
                    };
                    record(&mut outcomes, &hit).inert.push((version, reason))
                }
                StdlibResolution::EntryAfterStdlib(hit) => {
                    let reason = format!(
                        "{} puts the directory on sys.path after the standard library when cells run",
                        context.host().describe(version)
                    );
                    record(&mut outcomes, &hit).inert.push((version, reason))
                }
                StdlibResolution::Builtin | StdlibResolution::Frozen => {
                    // Inert for whichever local module would otherwise win.
                    if let Some(hit) = search_path.first_regular(name, version, |_| true) {
                        let reason = if version.table().is_builtin(name) {
                            "it is built into the interpreter"
                        } else {
                            "it is frozen into the interpreter"
                        };
                        record(&mut outcomes, &hit)
                            .inert
                            .push((version, reason.to_string()));
                    }
                }
                StdlibResolution::Stdlib => {}
            }
        }
        for ((entry, file), outcome) in outcomes {
            if !outcome.versions().is_empty() {
                found.push(Shadow {
                    name,
                    entry,
                    file,
                    outcome,
                });
            }
        }
    }
    found
}
