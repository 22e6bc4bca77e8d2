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

/// Top-level variables the renderer gives every template (the fields of the plan); a template using
/// anything else is invalid. The plan's own test keeps this list in step with what it provides.
pub const CONTEXT_VARIABLES: &[&str] = &[
    "leaf",
    "trail",
    "answers",
    "image",
    "builder",
    "app",
    "manager",
    "files",
    "version",
    "toolchain",
    "extensions",
    "assets",
    "notes",
    "project",
    "params",
];

/// The settings every template environment shares: strict about undefined values, keeps the trailing
/// newline, and trims block tags so templates can be indented readably.
pub fn configure(env: &mut minijinja::Environment<'static>) -> Result<(), minijinja::Error> {
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    Ok(())
}

/// Builds a template environment with every source compiled (validation compiles them all to report
/// syntax errors; rendering loads only what it needs).
pub fn environment(
    templates: &Templates,
) -> Result<minijinja::Environment<'static>, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    configure(&mut env)?;
    for (name, source) in templates.iter() {
        env.add_template_owned(name.to_owned(), source.to_owned())?;
    }
    Ok(env)
}
