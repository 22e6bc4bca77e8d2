//! The files of the project a start command needs in the image.

use super::Plan;

/// Endings of files a start command runs from the project's sources.
const SCRIPT_ENDINGS: &[&str] = &[".py", ".js", ".mjs", ".cjs", ".rb", ".ru", ".php"];

impl Plan {
    /// Files of the project the start command names, which the build context must hold for the
    /// image to start: `app.py`, `server.js`, `config.ru`, `bin/rails`. Files a build produces (a
    /// front-end build's output, compiled programs) are not among them.
    pub fn entry_files(&self) -> Vec<String> {
        if !matches!(self.leaf.runtime.as_str(), "python" | "node" | "ruby") {
            return Vec::new();
        }
        let Some(start) = &self.app.start else {
            return Vec::new();
        };
        let built = self.assets.as_ref().map(|a| a.output.as_deref());
        start
            .iter()
            .filter(|w| !w.starts_with('-') && !w.starts_with('/') && !w.contains(['$', ':', '=']))
            .filter(|w| {
                SCRIPT_ENDINGS.iter().any(|e| w.ends_with(e))
                    || (self.leaf.runtime == "ruby" && w.starts_with("bin/"))
            })
            .filter(|w| match built {
                // A build without a known output could have produced any file.
                Some(None) => false,
                Some(Some(out)) => !w
                    .trim_start_matches("./")
                    .starts_with(out.trim_start_matches("./")),
                None => true,
            })
            .take(1)
            .map(|w| w.trim_start_matches("./").to_owned())
            .collect()
    }
}
