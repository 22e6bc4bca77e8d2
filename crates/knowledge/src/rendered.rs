//! Renders worked out ahead of time. For the built-in data the build renders each leaf's Dockerfile
//! and `.dockerignore` for every context it can foresee; a run whose context is one of them takes the
//! text from here instead of compiling and running the templates (about 0.3 ms of a 0.8 ms run). A
//! render is keyed by the template's file name and the whole context it is given, written as JSON,
//! so a hit is exactly what rendering would produce; anything else (a project, a `--set` value, a
//! day the build did not foresee) is rendered as usual.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// Renders of one set of templates, by template file name and context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Rendered {
    /// Sorted by template, then context, for a binary search that reads only the keys it passes.
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Entry {
    template: Text,
    context: Text,
    output: Text,
}

impl Entry {
    fn key(&self) -> (&str, &str) {
        (self.template.as_str(), self.context.as_str())
    }
}

impl Rendered {
    /// Records what `template` produced for `context`; a later render of the same pair replaces it.
    pub fn insert(&mut self, template: &str, context: String, output: String) {
        match self
            .entries
            .binary_search_by(|e| e.key().cmp(&(template, context.as_str())))
        {
            Ok(at) => self.entries[at].output = output.into(),
            Err(at) => self.entries.insert(
                at,
                Entry {
                    template: template.to_owned().into(),
                    context: context.into(),
                    output: output.into(),
                },
            ),
        }
    }

    /// What `template` produced for `context`, when it was rendered ahead of time.
    pub fn get(&self, template: &str, context: &str) -> Option<&str> {
        self.entries
            .binary_search_by(|e| e.key().cmp(&(template, context)))
            .ok()
            .map(|at| self.entries[at].output.as_str())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_is_found_only_under_its_template_and_exact_context() {
        let mut r = Rendered::default();
        r.insert("b.j2", "{\"x\":1}".into(), "B1".into());
        r.insert("a.j2", "{\"x\":2}".into(), "A2".into());
        r.insert("a.j2", "{\"x\":1}".into(), "A1".into());
        assert_eq!(r.len(), 3);
        assert_eq!(r.get("a.j2", "{\"x\":1}"), Some("A1"));
        assert_eq!(r.get("a.j2", "{\"x\":2}"), Some("A2"));
        assert_eq!(r.get("b.j2", "{\"x\":1}"), Some("B1"));
        assert_eq!(r.get("b.j2", "{\"x\":2}"), None);
        assert_eq!(r.get("a.j2", "{\"x\": 1}"), None);
        r.insert("a.j2", "{\"x\":1}".into(), "again".into());
        assert_eq!((r.len(), r.get("a.j2", "{\"x\":1}")), (3, Some("again")));
        let keys: Vec<_> = r.entries.iter().map(Entry::key).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
    }
}
