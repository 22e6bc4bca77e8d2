//! Template sources by name, as read from `templates/`.

use std::collections::BTreeMap;

/// File-name suffix of a leaf's Dockerfile template.
pub const DOCKERFILE_SUFFIX: &str = ".Dockerfile.j2";
/// File-name suffix of a runtime's `.dockerignore` template.
pub const DOCKERIGNORE_SUFFIX: &str = ".dockerignore.j2";
/// The `.dockerignore` used when a runtime has none of its own.
pub const DEFAULT_DOCKERIGNORE: &str = "default";

/// Every template file, keyed by its file name (partials start with `_`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Templates {
    sources: BTreeMap<String, String>,
}

impl Templates {
    pub fn new(sources: BTreeMap<String, String>) -> Self {
        Templates { sources }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn get(&self, file_name: &str) -> Option<&str> {
        self.sources.get(file_name).map(String::as_str)
    }

    pub fn dockerfile_name(template_id: &str) -> String {
        format!("{template_id}{DOCKERFILE_SUFFIX}")
    }

    pub fn has_dockerfile(&self, template_id: &str) -> bool {
        self.sources
            .contains_key(&Self::dockerfile_name(template_id))
    }

    /// The `.dockerignore` template for a runtime, falling back to the default one.
    pub fn dockerignore_name(&self, runtime: &str) -> String {
        let own = format!("{runtime}{DOCKERIGNORE_SUFFIX}");
        if self.sources.contains_key(&own) {
            own
        } else {
            format!("{DEFAULT_DOCKERIGNORE}{DOCKERIGNORE_SUFFIX}")
        }
    }
}

/// Top-level variables the renderer gives every template; a template using anything else is invalid.
pub const CONTEXT_VARIABLES: &[&str] = &["image", "builder", "leaf", "trail", "answers", "params"];

/// Builds a template environment over these sources: strict about undefined values, keeps the
/// trailing newline, and trims block tags so templates can be indented readably.
pub fn environment(
    templates: &Templates,
) -> Result<minijinja::Environment<'static>, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    for (name, source) in templates.iter() {
        env.add_template_owned(name.to_owned(), source.to_owned())?;
    }
    Ok(env)
}
