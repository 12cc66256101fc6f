//! How the project's IDE runs its code, read off the project files in the root (even when
//! `.gitignore` keeps them out of the repository: they describe this checkout):
//!
//! - VS Code `.vscode/launch.json`: each Python launch configuration runs `program` (its
//!   directory first on `sys.path`) or `module` (from `cwd`), with `env.PYTHONPATH` and the
//!   `envFile`'s; `.vscode/settings.json`: `python.envFile` and
//!   `terminal.integrated.env.*.PYTHONPATH` for everything run from the IDE.
//! - PyCharm `.idea/*.iml`: content and source roots, which PyCharm adds to `PYTHONPATH` of every
//!   run by default; `.idea/runConfigurations/*.xml` and `.idea/workspace.xml`: Python run
//!   configurations (script or module, working directory, `PYTHONPATH`, whether the roots are
//!   added).

use std::path::{Path, PathBuf};

use super::{Context, ContextKind, Origin, PathEntry, Warning, line_containing};
use crate::message::shown;
use crate::paths::canonical_or_lexical;
use crate::python::VersionRange;

/// JSON with comments and trailing commas (VS Code's format) made plain JSON; strings are kept
/// as written.
fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                // Keep the newline: line numbers of the rest stay right.
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            _ => out.push(c),
        }
    }
    // Trailing commas: `,` followed only by whitespace before `]` or `}`.
    let mut cleaned = String::with_capacity(out.len());
    let bytes: Vec<char> = out.chars().collect();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == '\\' && i + 1 < bytes.len() {
                cleaned.push(c);
                cleaned.push(bytes[i + 1]);
                i += 2;
                continue;
            }
            in_string = c != '"';
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = bytes[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some(']' | '}') | None) {
                i += 1;
                continue;
            }
        }
        cleaned.push(c);
        i += 1;
    }
    cleaned
}

/// VS Code's variables in a path: `${workspaceFolder}` and friends; `None` for one that is not
/// a place in this checkout (`${file}`, `${env:X}`, an input).
fn vscode_path(value: &str, root: &Path) -> Option<PathBuf> {
    let mut v = value.to_string();
    for var in ["${workspaceFolder}", "${workspaceRoot}"] {
        v = v.replace(var, ".");
    }
    if let Some(rest) = v.strip_prefix("${workspaceFolder:") {
        v = rest
            .split_once('}')
            .map_or(String::new(), |(_, r)| format!(".{r}"));
    }
    (!v.contains("${") && !v.is_empty()).then(|| canonical_or_lexical(Path::new(&v), root))
}

/// The entries of a `PYTHONPATH` value (`:` or `;`-separated), with VS Code's variables.
fn vscode_pythonpath(value: &str, root: &Path) -> Vec<PathBuf> {
    // Variables hold `:` themselves: replace them before splitting. An inherited
    // `${env:PYTHONPATH}` is not this checkout's.
    let mut v = value.to_string();
    for var in ["${workspaceFolder}", "${workspaceRoot}"] {
        v = v.replace(var, ".");
    }
    while let Some(start) = v.find("${") {
        let end = v[start..].find('}').map_or(v.len(), |e| start + e + 1);
        v.replace_range(start..end, "\u{0}");
    }
    v.split([':', ';'])
        .filter(|e| !e.is_empty() && !e.contains('\u{0}') && !e.starts_with('$'))
        .filter_map(|e| vscode_path(e, root))
        .collect()
}

fn entries(dirs: &[PathBuf], origin: &Origin, at_startup: bool) -> Vec<PathEntry> {
    dirs.iter()
        .map(|dir| PathEntry {
            dir: dir.clone(),
            origin: origin.clone(),
            searched_at_startup: at_startup,
        })
        .collect()
}

fn context(
    name: String,
    file: &Path,
    search_path: Vec<PathEntry>,
    versions: VersionRange,
) -> Context {
    Context {
        name: name.into(),
        kind: ContextKind::Ide {
            file: file.to_path_buf(),
        },
        search_path,
        site_packages: Vec::new(),
        versions,
    }
}

/// `PYTHONPATH` of an `env` object and of an env file, in that order.
fn vscode_env(
    config: &serde_json::Value,
    env_file_key: &str,
    root: &Path,
    warnings: &mut Vec<Warning>,
) -> Vec<PathBuf> {
    let mut dirs = config["env"]["PYTHONPATH"]
        .as_str()
        .map(|v| vscode_pythonpath(v, root))
        .unwrap_or_default();
    if let Some(file) = config[env_file_key]
        .as_str()
        .and_then(|f| vscode_path(f, root))
        && let Some(value) = super::env::dotenv_pythonpath(&file, warnings)
    {
        dirs.extend(vscode_pythonpath(&value, root));
    }
    dirs
}

fn read_vscode_json(
    file: &Path,
    warnings: &mut Vec<Warning>,
) -> Option<(String, serde_json::Value)> {
    let text = std::fs::read_to_string(file).ok()?;
    match serde_json::from_str(&strip_jsonc(&text)) {
        Ok(doc) => Some((text, doc)),
        Err(e) => {
            warnings.push(Warning {
                file: file.to_path_buf(),
                line: e.line(),
                message: format!("cannot read it as JSON: {e}").into(),
            });
            None
        }
    }
}

fn launch_json(root: &Path, versions: VersionRange, warnings: &mut Vec<Warning>) -> Vec<Context> {
    let file = root.join(".vscode/launch.json");
    let Some((text, doc)) = read_vscode_json(&file, warnings) else {
        return Vec::new();
    };
    let file_shown = shown(&file);
    let mut contexts = Vec::new();
    for config in doc["configurations"].as_array().into_iter().flatten() {
        if !matches!(config["type"].as_str(), Some("python" | "debugpy")) {
            continue;
        }
        let name = config["name"].as_str().unwrap_or("launch");
        let line = line_containing(&text, &format!("\"{name}\""));
        let origin = Origin::Ide {
            file: file.clone(),
            line,
            text: format!("launch configuration \"{name}\""),
        };
        let pythonpath = vscode_env(config, "envFile", root, warnings);
        let first = if let Some(program) = config["program"].as_str() {
            // `${file}` runs whatever file is open: no one directory.
            vscode_path(program, root).and_then(|p| {
                let real = std::fs::canonicalize(&p).unwrap_or(p);
                real.parent().map(Path::to_path_buf)
            })
        } else if config["module"].is_string() {
            Some(
                config["cwd"]
                    .as_str()
                    .and_then(|c| vscode_path(c, root))
                    .unwrap_or_else(|| root.to_path_buf()),
            )
        } else {
            None
        };
        let mut search_path = Vec::new();
        if let Some(dir) = first {
            search_path.push(PathEntry {
                dir,
                origin: origin.clone(),
                searched_at_startup: false,
            });
        }
        search_path.extend(entries(&pythonpath, &origin, true));
        if !search_path.is_empty() {
            contexts.push(context(
                format!("vscode {file_shown}: {name}"),
                &file,
                search_path,
                versions,
            ));
        }
    }
    contexts
}

fn settings_json(root: &Path, versions: VersionRange, warnings: &mut Vec<Warning>) -> Vec<Context> {
    let file = root.join(".vscode/settings.json");
    let Some((text, doc)) = read_vscode_json(&file, warnings) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Vec<PathBuf>)> = Vec::new();
    if let Some(env_file) = doc["python.envFile"]
        .as_str()
        .and_then(|f| vscode_path(f, root))
        && let Some(value) = super::env::dotenv_pythonpath(&env_file, warnings)
    {
        found.push((
            "python.envFile".to_string(),
            vscode_pythonpath(&value, root),
        ));
    }
    for os in ["linux", "osx"] {
        let key = format!("terminal.integrated.env.{os}");
        if let Some(value) = doc[&key]["PYTHONPATH"].as_str() {
            found.push((key, vscode_pythonpath(value, root)));
        }
    }
    let file_shown = shown(&file);
    let mut seen: Vec<Vec<PathBuf>> = Vec::new();
    found
        .into_iter()
        .filter(|(_, dirs)| !dirs.is_empty())
        .filter(|(_, dirs)| {
            let new = !seen.contains(dirs);
            seen.push(dirs.clone());
            new
        })
        .map(|(key, dirs)| {
            let origin = Origin::Ide {
                file: file.clone(),
                line: line_containing(&text, &key),
                text: format!("`{key}` sets PYTHONPATH"),
            };
            context(
                format!("vscode {file_shown}: {key}"),
                &file,
                entries(&dirs, &origin, true),
                versions,
            )
        })
        .collect()
}

/// The value of `name="…"` in one XML tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The opening tags named `name` in `text`, with their 1-based lines.
fn tags<'t>(text: &'t str, name: &str) -> Vec<(usize, &'t str)> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(&open) {
        let start = from + at;
        let end = text[start..].find('>').map_or(text.len(), |e| start + e);
        out.push((text[..start].matches('\n').count() + 1, &text[start..end]));
        from = end;
    }
    out
}

fn unescape_xml(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// PyCharm's path macros: `$PROJECT_DIR$`, `$MODULE_DIR$` (the `.iml`'s directory, which for
/// the modules kept in `.idea/`, the only ones read, means the project's), `file://`.
fn pycharm_path(value: &str, root: &Path) -> Option<PathBuf> {
    let v = unescape_xml(value);
    let v = v.strip_prefix("file://").unwrap_or(&v);
    let v = v
        .replace("$MODULE_DIR$", &root.to_string_lossy())
        .replace("$PROJECT_DIR$", &root.to_string_lossy());
    (!v.contains('$') && !v.is_empty()).then(|| canonical_or_lexical(Path::new(&v), root))
}

/// The content and source roots of the project's PyCharm modules, with the tag that names each.
fn pycharm_roots(root: &Path) -> Vec<(PathBuf, PathBuf, usize, String)> {
    let idea = root.join(".idea");
    let Ok(listing) = std::fs::read_dir(&idea) else {
        return Vec::new();
    };
    let mut imls: Vec<PathBuf> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "iml"))
        .collect();
    imls.sort();
    let mut roots: Vec<(PathBuf, PathBuf, usize, String)> = Vec::new();
    for iml in imls {
        let Ok(text) = std::fs::read_to_string(&iml) else {
            continue;
        };
        for (kind, tag_name) in [("content root", "content"), ("source root", "sourceFolder")] {
            for (line, tag) in tags(&text, tag_name) {
                // Test sources are added too; resource folders have a `type` and are not.
                if tag.contains("type=\"java-resource\"") {
                    continue;
                }
                if let Some(dir) = attribute(tag, "url").and_then(|u| pycharm_path(u, root))
                    && !roots.iter().any(|(d, ..)| *d == dir)
                {
                    roots.push((
                        dir,
                        iml.clone(),
                        line,
                        format!("PyCharm {kind} ({tag_name})"),
                    ));
                }
            }
        }
    }
    roots
}

fn pycharm(root: &Path, versions: VersionRange) -> Vec<Context> {
    let roots = pycharm_roots(root);
    let root_entries = |add_content: bool, add_source: bool| -> Vec<PathEntry> {
        roots
            .iter()
            .filter(|(.., text)| {
                if text.contains("content") {
                    add_content
                } else {
                    add_source
                }
            })
            .map(|(dir, file, line, text)| PathEntry {
                dir: dir.clone(),
                origin: Origin::Ide {
                    file: file.clone(),
                    line: *line,
                    text: format!("{text}, added to PYTHONPATH by PyCharm's run configurations"),
                },
                searched_at_startup: true,
            })
            .collect()
    };
    let mut contexts = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(".idea/runConfigurations"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files.push(root.join(".idea/workspace.xml"));
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (line, tag) in tags(&text, "configuration") {
            if attribute(tag, "type") != Some("PythonConfigurationType") {
                continue;
            }
            let name = attribute(tag, "name").map(unescape_xml).unwrap_or_default();
            // The configuration's options, up to its end (`tag` is a slice of `text`).
            let start = tag.as_ptr() as usize - text.as_ptr() as usize;
            let body = &text[start..];
            let body = &body[..body.find("</configuration>").unwrap_or(body.len())];
            let option = |key: &str| {
                tags(body, "option")
                    .into_iter()
                    .find(|(_, t)| attribute(t, "name") == Some(key))
                    .and_then(|(_, t)| attribute(t, "value"))
            };
            let origin = Origin::Ide {
                file: file.clone(),
                line,
                text: format!("PyCharm run configuration \"{name}\""),
            };
            let module_mode = option("MODULE_MODE") == Some("true");
            let first = match (option("SCRIPT_NAME"), module_mode) {
                (Some(script), false) => pycharm_path(script, root).and_then(|p| {
                    let real = std::fs::canonicalize(&p).unwrap_or(p);
                    real.parent().map(Path::to_path_buf)
                }),
                (Some(_), true) => option("WORKING_DIRECTORY")
                    .and_then(|d| pycharm_path(d, root))
                    .or_else(|| Some(root.to_path_buf())),
                (None, _) => None,
            };
            let Some(first) = first else {
                continue;
            };
            let mut search_path = vec![PathEntry {
                dir: first,
                origin: origin.clone(),
                searched_at_startup: false,
            }];
            let envs = tags(body, "env");
            if let Some(value) = envs
                .iter()
                .find(|(_, t)| attribute(t, "name") == Some("PYTHONPATH"))
                .and_then(|(_, t)| attribute(t, "value"))
            {
                let dirs: Vec<PathBuf> = unescape_xml(value)
                    .split(':')
                    .filter_map(|e| pycharm_path(e, root))
                    .collect();
                search_path.extend(entries(&dirs, &origin, true));
            }
            search_path.extend(root_entries(
                option("ADD_CONTENT_ROOTS") != Some("false"),
                option("ADD_SOURCE_ROOTS") != Some("false"),
            ));
            contexts.push(context(
                format!("pycharm {}: {name}", shown(&file)),
                &file,
                search_path,
                versions,
            ));
        }
    }
    // Without run configurations, any run from PyCharm gets the roots on PYTHONPATH.
    if contexts.is_empty() {
        let search_path = root_entries(true, true);
        if let Some(first) = search_path.first()
            && let Origin::Ide { file, .. } = &first.origin
        {
            let file = file.clone();
            contexts.push(context(
                format!("pycharm {}", shown(&file)),
                &file,
                search_path,
                versions,
            ));
        }
    }
    contexts
}

/// The contexts of the root's VS Code and PyCharm project files.
pub fn infer(root: &Path, versions: VersionRange) -> (Vec<Context>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut contexts = launch_json(root, versions, &mut warnings);
    contexts.extend(settings_json(root, versions, &mut warnings));
    contexts.extend(pycharm(root, versions));
    (contexts, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc_comments_and_trailing_commas() {
        let text = "{\n  // a comment\n  \"a\": \"http://x\", /* block */\n  \"b\": [1, 2,],\n}\n";
        let v: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).unwrap();
        assert_eq!(v["a"], "http://x");
        assert_eq!(v["b"], serde_json::json!([1, 2]));
    }

    #[test]
    fn vscode_variables() {
        let root = Path::new("/repo");
        assert_eq!(
            vscode_path("${workspaceFolder}/src", root),
            Some(PathBuf::from("/repo/src"))
        );
        assert_eq!(vscode_path("${file}", root), None);
        assert_eq!(
            vscode_pythonpath("${workspaceFolder}/src:${env:PYTHONPATH}", root),
            [PathBuf::from("/repo/src")]
        );
    }

    #[test]
    fn xml_tags_and_attributes() {
        let text = "<module>\n  <content url=\"file://$MODULE_DIR$\">\n    <sourceFolder url=\"file://$MODULE_DIR$/src\" isTestSource=\"false\" />\n";
        let found = tags(text, "sourceFolder");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 3);
        assert_eq!(
            attribute(found[0].1, "url"),
            Some("file://$MODULE_DIR$/src")
        );
    }
}
