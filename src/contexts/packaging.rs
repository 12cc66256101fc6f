//! The installed project: where its build backend takes packages from, read off `pyproject.toml`
//! (setuptools, Poetry, Hatch, Flit, PDM, maturin) or `setup.cfg`. An installed or editable
//! project sits in site-packages — *after* the standard library — so its package roots are
//! `site_packages` entries: there a local `logging.py` never shadows anything, but the project's
//! own packages resolve for the import graph.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Context, ContextKind, Origin, PathEntry, Warning};
use crate::paths::absolutize;
use crate::python::VersionRange;

#[derive(Deserialize, Default)]
struct Pyproject {
    project: Option<Project>,
    #[serde(rename = "build-system")]
    build_system: Option<BuildSystem>,
    #[serde(default)]
    tool: Tool,
}

#[derive(Deserialize)]
struct Project {
    name: Option<String>,
}

#[derive(Deserialize)]
struct BuildSystem {
    #[serde(rename = "build-backend")]
    build_backend: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct Tool {
    setuptools: Option<Setuptools>,
    poetry: Option<Poetry>,
    hatch: Option<Hatch>,
    flit: Option<Flit>,
    pdm: Option<Pdm>,
    maturin: Option<Maturin>,
}

#[derive(Deserialize)]
struct Setuptools {
    #[serde(rename = "package-dir")]
    package_dir: Option<BTreeMap<String, Spanned<String>>>,
    /// A list of packages (keeps the roots above), or `{find = {where = [...]}}`.
    packages: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
struct Poetry {
    name: Option<String>,
    packages: Option<Vec<PoetryPackage>>,
}

#[derive(Deserialize)]
struct PoetryPackage {
    include: Spanned<String>,
    from: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct Hatch {
    build: Option<HatchBuild>,
}

#[derive(Deserialize)]
struct HatchBuild {
    targets: Option<HatchTargets>,
}

#[derive(Deserialize)]
struct HatchTargets {
    wheel: Option<HatchWheel>,
}

#[derive(Deserialize)]
struct HatchWheel {
    packages: Option<Vec<Spanned<String>>>,
    /// Prefixes to strip: a list, or a table of prefix rewrites.
    sources: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
struct Flit {
    module: Option<FlitModule>,
}

#[derive(Deserialize)]
struct FlitModule {
    name: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct Pdm {
    build: Option<PdmBuild>,
}

#[derive(Deserialize)]
struct PdmBuild {
    #[serde(rename = "package-dir")]
    package_dir: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct Maturin {
    #[serde(rename = "python-source")]
    python_source: Option<Spanned<String>>,
}

/// One package root found in a packaging file: a directory relative to the file, the byte
/// offset of the setting and a description of it.
struct Root {
    dir: String,
    offset: usize,
    text: String,
}

impl Root {
    fn at<T>(dir: &str, value: &Spanned<T>, text: String) -> Root {
        Root {
            dir: dir.to_string(),
            offset: value.span().start,
            text,
        }
    }
}

/// The package roots `pyproject.toml` declares, or its backend's automatic discovery implies.
fn pyproject_roots(
    doc: &Pyproject,
    root: &Path,
    (file, text): (&Path, &str),
    warnings: &mut Vec<Warning>,
) -> Vec<Root> {
    let tool = &doc.tool;
    let mut roots = Vec::new();
    if let Some(setuptools) = &tool.setuptools {
        for (package, dir) in setuptools.package_dir.iter().flatten() {
            let setting = format!(
                "[tool.setuptools] package-dir \"{package}\" = \"{}\"",
                dir.get_ref()
            );
            if package.is_empty() {
                roots.push(Root::at(dir.get_ref(), dir, setting));
            } else if Path::new(dir.get_ref())
                .file_name()
                .and_then(|n| n.to_str())
                == package.rsplit('.').next()
            {
                // `pkg = "lib/pkg"`: the package keeps its name, so its parent is the root.
                let parent = Path::new(dir.get_ref()).parent().unwrap_or(Path::new(""));
                roots.push(Root::at(&parent.to_string_lossy(), dir, setting));
            } else {
                warnings.push(Warning {
                    file: file.to_path_buf(),
                    line: line_of(text, dir.span().start),
                    message: format!(
                        "{setting}: a package installed under another directory's name has no \
                         search-path entry; its modules are not modelled"
                    )
                    .into(),
                });
            }
        }
        if let Some(packages) = &setuptools.packages {
            let wheres = packages
                .get_ref()
                .get("find")
                .and_then(|f| f.get("where"))
                .and_then(toml::Value::as_array);
            for dir in wheres.into_iter().flatten().filter_map(toml::Value::as_str) {
                let setting = format!("[tool.setuptools.packages.find] where = \"{dir}\"");
                roots.push(Root::at(dir, packages, setting));
            }
        }
    }
    if let Some(poetry) = &tool.poetry {
        for package in poetry.packages.iter().flatten() {
            let (dir, span) = match &package.from {
                Some(from) => (from.get_ref().as_str(), from),
                None => ("", &package.include),
            };
            let text = format!(
                "[tool.poetry] packages include = \"{}\"{}",
                package.include.get_ref(),
                package
                    .from
                    .as_ref()
                    .map(|f| format!(", from = \"{}\"", f.get_ref()))
                    .unwrap_or_default()
            );
            roots.push(Root::at(dir, span, text));
        }
    }
    if let Some(wheel) = tool
        .hatch
        .as_ref()
        .and_then(|h| h.build.as_ref())
        .and_then(|b| b.targets.as_ref())
        .and_then(|t| t.wheel.as_ref())
    {
        for package in wheel.packages.iter().flatten() {
            let parent = Path::new(package.get_ref())
                .parent()
                .unwrap_or(Path::new(""));
            let text = format!(
                "[tool.hatch.build.targets.wheel] packages = \"{}\"",
                package.get_ref()
            );
            roots.push(Root::at(&parent.to_string_lossy(), package, text));
        }
        if let Some(sources) = &wheel.sources {
            let prefixes: Vec<(&str, &str)> = match sources.get_ref() {
                toml::Value::Array(list) => list
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(|p| (p, ""))
                    .collect(),
                toml::Value::Table(rewrites) => rewrites
                    .iter()
                    .filter_map(|(from, to)| Some((from.as_str(), to.as_str()?)))
                    .collect(),
                _ => Vec::new(),
            };
            for (from, to) in prefixes {
                let setting =
                    format!("[tool.hatch.build.targets.wheel] sources \"{from}\" = \"{to}\"");
                if to.is_empty() {
                    roots.push(Root::at(from, sources, setting));
                } else {
                    warnings.push(Warning {
                        file: file.to_path_buf(),
                        line: line_of(text, sources.span().start),
                        message: format!(
                            "{setting}: a rewritten prefix has no search-path entry; not modelled"
                        )
                        .into(),
                    });
                }
            }
        }
    }
    if let Some(source) = tool.maturin.as_ref().and_then(|m| m.python_source.as_ref()) {
        let text = format!("[tool.maturin] python-source = \"{}\"", source.get_ref());
        roots.push(Root::at(source.get_ref(), source, text));
    }
    if let Some(dir) = tool
        .pdm
        .as_ref()
        .and_then(|p| p.build.as_ref())
        .and_then(|b| b.package_dir.as_ref())
    {
        let text = format!("[tool.pdm.build] package-dir = \"{}\"", dir.get_ref());
        roots.push(Root::at(dir.get_ref(), dir, text));
    }
    if roots.is_empty() {
        roots.extend(automatic_root(doc, root));
    }
    roots
}

/// Nothing declared: every backend takes `src/` when the project has one (the src layout),
/// else the project root (the flat layout).
fn automatic_root(doc: &Pyproject, root: &Path) -> Option<Root> {
    let backend = doc.build_system.as_ref()?.build_backend.as_ref()?;
    let name = doc
        .project
        .as_ref()
        .and_then(|p| p.name.clone())
        .or_else(|| doc.tool.poetry.as_ref().and_then(|p| p.name.clone()))
        .or_else(|| {
            doc.tool
                .flit
                .as_ref()
                .and_then(|f| f.module.as_ref())
                .and_then(|m| m.name.as_ref())
                .map(|n| n.get_ref().clone())
        });
    let src_layout = root.join("src").is_dir();
    let layout = if src_layout {
        "src layout"
    } else {
        "flat layout"
    };
    let named = name.map(|n| format!(" of `{n}`")).unwrap_or_default();
    Some(Root {
        dir: if src_layout { "src" } else { "" }.to_string(),
        offset: backend.span().start,
        text: format!(
            "{layout}{named}: automatic package discovery of build-backend \"{}\"",
            backend.get_ref()
        ),
    })
}

/// `package_dir` and `packages.find where` from `setup.cfg`'s `[options]`.
fn setup_cfg_roots(text: &str) -> Result<Vec<Root>, String> {
    let mut parser = configparser::ini::Ini::new_cs();
    parser.set_multiline(true);
    parser.read(text.to_string())?;
    let mut roots = Vec::new();
    if let Some(value) = parser.get("options", "package_dir") {
        // `=src` or lines of `pkg = dir`; only the root mapping ("" = dir) is a path entry.
        for line in value.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some((package, dir)) = line.split_once('=')
                && package.trim().is_empty()
            {
                roots.push(Root {
                    dir: dir.trim().to_string(),
                    offset: text.find("package_dir").unwrap_or(0),
                    text: format!("[options] package_dir = {line}"),
                });
            }
        }
    }
    if let Some(value) = parser.get("options.packages.find", "where") {
        for dir in value.split_whitespace() {
            roots.push(Root {
                dir: dir.to_string(),
                offset: text.find("where").unwrap_or(0),
                text: format!("[options.packages.find] where = {dir}"),
            });
        }
    }
    Ok(roots)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The `installed` context, when `pyproject.toml` or `setup.cfg` in `root` describes a package.
pub fn infer(root: &Path, versions: VersionRange) -> (Option<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut found: Vec<(PathBuf, String, Root)> = Vec::new();
    let pyproject = root.join("pyproject.toml");
    if let Ok(text) = std::fs::read_to_string(&pyproject) {
        match toml::from_str::<Pyproject>(&text) {
            Ok(doc) => {
                for r in pyproject_roots(&doc, root, (&pyproject, &text), &mut warnings) {
                    found.push((pyproject.clone(), text.clone(), r));
                }
            }
            Err(e) => warnings.push(Warning {
                file: pyproject.clone(),
                line: e.span().map_or(1, |s| line_of(&text, s.start)),
                message: format!("cannot read its packaging tables: {}", e.message()).into(),
            }),
        }
    }
    let setup_cfg = root.join("setup.cfg");
    if let Ok(text) = std::fs::read_to_string(&setup_cfg) {
        match setup_cfg_roots(&text) {
            Ok(roots) => found.extend(
                roots
                    .into_iter()
                    .map(|r| (setup_cfg.clone(), text.clone(), r)),
            ),
            Err(e) => warnings.push(Warning {
                file: setup_cfg.clone(),
                line: 1,
                message: format!("cannot read it as INI: {e}").into(),
            }),
        }
    }
    let mut site_packages: Vec<PathEntry> = Vec::new();
    for (file, text, r) in found {
        let dir = absolutize(Path::new(&r.dir), root);
        if site_packages.iter().any(|e| e.dir == dir) {
            continue;
        }
        site_packages.push(PathEntry {
            dir,
            origin: Origin::Packaging {
                line: line_of(&text, r.offset),
                file,
                text: r.text,
            },
            searched_at_startup: false,
        });
    }
    if site_packages.is_empty() {
        return (None, warnings);
    }
    let context = Context {
        name: "installed".into(),
        kind: ContextKind::Installed,
        search_path: Vec::new(),
        site_packages,
        versions,
    };
    (Some(context), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(pyproject: &str, setup_cfg: Option<&str>, dirs: &[&str]) -> Vec<(String, String)> {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::write(root.join("pyproject.toml"), pyproject).unwrap();
        if let Some(cfg) = setup_cfg {
            std::fs::write(root.join("setup.cfg"), cfg).unwrap();
        }
        for d in dirs {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let (context, warnings) = infer(
            &root,
            VersionRange::single(crate::python::PythonVersion(12)),
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        context
            .map(|c| {
                c.site_packages
                    .iter()
                    .map(|e| {
                        let rel = e.dir.strip_prefix(&root).unwrap().display().to_string();
                        (rel, e.origin.short().render(&root))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn pair(dir: &str, short: &str) -> (String, String) {
        (dir.to_string(), short.to_string())
    }

    #[test]
    fn setuptools_package_dir_and_find() {
        let text = "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n\n[tool.setuptools]\npackage-dir = {\"\" = \"src\", \"tools\" = \"lib/tools\"}\n\n[tool.setuptools.packages.find]\nwhere = [\"src\", \"plugins\"]\n";
        assert_eq!(
            roots(text, None, &[]),
            vec![
                pair("src", "pyproject.toml:5"),
                pair("lib", "pyproject.toml:5"),
                pair("plugins", "pyproject.toml:7"),
            ]
        );
    }

    #[test]
    fn poetry_hatch_maturin_pdm() {
        let poetry = "[tool.poetry]\nname = \"svc\"\npackages = [\n  { include = \"svc\", from = \"src\" },\n  { include = \"tools\" },\n]\n";
        assert_eq!(
            roots(poetry, None, &[]),
            vec![
                pair("src", "pyproject.toml:4"),
                pair("", "pyproject.toml:5")
            ]
        );
        let hatch = "[tool.hatch.build.targets.wheel]\npackages = [\"src/app\"]\nsources = {\"lib\" = \"\"}\n";
        assert_eq!(
            roots(hatch, None, &[]),
            vec![
                pair("src", "pyproject.toml:2"),
                pair("lib", "pyproject.toml:3")
            ]
        );
        let maturin = "[build-system]\nbuild-backend = \"maturin\"\n[tool.maturin]\npython-source = \"python\"\n";
        assert_eq!(
            roots(maturin, None, &[]),
            vec![pair("python", "pyproject.toml:4")]
        );
        let pdm = "[tool.pdm.build]\npackage-dir = \"src\"\n";
        assert_eq!(roots(pdm, None, &[]), vec![pair("src", "pyproject.toml:2")]);
    }

    #[test]
    fn automatic_discovery_prefers_src_layout() {
        let flit = "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n[project]\nname = \"svc\"\n";
        assert_eq!(
            roots(flit, None, &["src/svc"]),
            vec![pair("src", "pyproject.toml:3")]
        );
        assert_eq!(
            roots(flit, None, &["svc"]),
            vec![pair("", "pyproject.toml:3")]
        );
        // No build system, no packaging table: not a package, no context.
        assert_eq!(
            roots("[tool.ruff]\nline-length = 100\n", None, &["src"]),
            vec![]
        );
    }

    #[test]
    fn setup_cfg_package_dir() {
        let cfg = "[metadata]\nname = svc\n\n[options]\npackage_dir =\n    =src\npackages = find:\n\n[options.packages.find]\nwhere = lib\n";
        assert_eq!(
            roots("", Some(cfg), &[]),
            vec![pair("src", "setup.cfg:5"), pair("lib", "setup.cfg:10")]
        );
    }

    #[test]
    fn a_type_error_is_a_warning_with_its_line() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("pyproject.toml"),
            "[project]\nname = \"x\"\n[tool.maturin]\npython-source = 3\n",
        )
        .unwrap();
        let (context, warnings) = infer(
            tmp.path(),
            VersionRange::single(crate::python::PythonVersion(12)),
        );
        assert!(context.is_none());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 4, "{:?}", warnings[0]);
    }
}
