//! Text for the user that names files. Rules and context readers write paths into a message as
//! they are (absolute); only a renderer turns a message into text, against the base directory
//! it shows paths from (the working directory for the CLI, the workspace root in an editor).
//! So no rule decides how a path is shown, and one model can be shown from anywhere.

use std::fmt;
use std::path::Path;

use crate::paths::display_path;

// Unicode noncharacters are reserved for a program's internal use, never interchanged: they
// mark where a path starts and ends inside the text.
const PATH_START: char = '\u{FDD0}';
const PATH_END: char = '\u{FDD1}';

/// A message whose paths are shown only when it is rendered. It has no `Display`: the only way
/// to text is [`Message::render`].
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message(String);

impl Message {
    /// The text, with every path relative to `base` when inside it (else absolute), with `/`.
    pub fn render(&self, base: &Path) -> String {
        if !self.0.contains(PATH_START) {
            return self.0.clone();
        }
        let mut out = String::with_capacity(self.0.len());
        let mut rest = self.0.as_str();
        while let Some(start) = rest.find(PATH_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + PATH_START.len_utf8()..];
            let end = after.find(PATH_END).unwrap_or(after.len());
            out.push_str(&display_path(Path::new(&after[..end]), base));
            rest = after.get(end + PATH_END.len_utf8()..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }

    /// This message inside another one: `format!("{}; more", m.inline())`.
    pub fn inline(&self) -> &str {
        &self.0
    }

    pub fn push_str(&mut self, text: &str) {
        self.0.push_str(text);
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message(text.to_string())
    }
}

/// A path written into a message: `format!("{} is on the path", shown(dir))`.
pub fn shown(path: &Path) -> Shown<'_> {
    Shown(path)
}

pub struct Shown<'a>(&'a Path);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.0.to_string_lossy();
        // A file name may hold the markers themselves: shown as U+FFFD, like undecodable bytes.
        let path = match path.contains([PATH_START, PATH_END]) {
            true => path.replace([PATH_START, PATH_END], "\u{FFFD}").into(),
            false => path,
        };
        write!(f, "{PATH_START}{path}{PATH_END}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_from_the_base_only_when_rendered() {
        let m = Message::from(format!(
            "`{}` is on the path through {}:3",
            shown(Path::new("/work/p/src")),
            shown(Path::new("/work/p/Dockerfile"))
        ));
        assert_eq!(
            m.render(Path::new("/work/p")),
            "`src` is on the path through Dockerfile:3"
        );
        assert_eq!(
            m.render(Path::new("/elsewhere")),
            "`/work/p/src` is on the path through /work/p/Dockerfile:3"
        );
        assert_eq!(
            m.render(Path::new("/work/p/src")),
            "`.` is on the path through /work/p/Dockerfile:3"
        );
    }

    #[test]
    fn a_path_holding_the_markers_stays_one_path() {
        let odd = format!("/p/a{PATH_END}b{PATH_START}.py");
        let m = Message::from(format!("in {} here", shown(Path::new(&odd))));
        assert_eq!(m.render(Path::new("/p")), "in a\u{FFFD}b\u{FFFD}.py here");
    }

    #[test]
    fn a_message_inside_another_keeps_its_paths() {
        let inner = Message::from(format!("in {}", shown(Path::new("/p/a.py"))));
        let outer = Message::from(format!("fails ({})", inner.inline()));
        assert_eq!(outer.render(Path::new("/p")), "fails (in a.py)");
        assert_eq!(Message::from("plain").render(Path::new("/p")), "plain");
    }
}
