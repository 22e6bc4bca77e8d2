//! Template sources by name, as read from `templates/`.

use crate::bytes::BytesError;
use crate::deferred::Deferred;
use crate::rendered::Rendered;
use crate::text::Text;
use std::collections::BTreeMap;

/// File-name suffix of a leaf's Dockerfile template.
pub const DOCKERFILE_SUFFIX: &str = ".Dockerfile.j2";
/// File-name suffix of a runtime's `.dockerignore` template.
pub const DOCKERIGNORE_SUFFIX: &str = ".dockerignore.j2";
/// The `.dockerignore` used when a runtime has none of its own.
pub const DEFAULT_DOCKERIGNORE: &str = "default";

/// Every template file, keyed by its file name (partials start with `_`), and what they rendered
/// ahead of time (see [`Rendered`]; the built-in data only). The renders travel with the sources they
/// came from: templates made from other sources start with none.
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Templates {
    sources: BTreeMap<Text, Text>,
    /// Embedded as a part of its own, read back only by a command that renders.
    #[serde(skip)]
    rendered: Deferred<Rendered>,
}

/// Two sets of templates are the same when their sources are: the renders are worked out from them.
impl PartialEq for Templates {
    fn eq(&self, other: &Self) -> bool {
        self.sources == other.sources
    }
}

impl Eq for Templates {}

/// The file names, not the sources or the renders (hundreds of kilobytes for the built-in data).
impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("files", &self.sources.keys().collect::<Vec<_>>())
            .field("rendered", &self.rendered.get().map(Rendered::len).ok())
            .finish()
    }
}

impl Templates {
    pub fn new(sources: BTreeMap<String, String>) -> Self {
        Templates {
            sources: sources
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            rendered: Deferred::default(),
        }
    }

    /// The same templates with renders worked out from them ahead of time: `rendered` must come from
    /// these very sources, rendered in the environment [`configure`] sets up (see
    /// `basepick_core::generate::ahead`, the one place that makes them).
    #[must_use]
    pub fn with_rendered(self, rendered: Rendered) -> Self {
        self.with_deferred(Deferred::ready(rendered))
    }

    pub(crate) fn with_deferred(self, rendered: Deferred<Rendered>) -> Self {
        Templates { rendered, ..self }
    }

    /// The renders worked out ahead of time (none unless the data was built with them). Fails only
    /// when embedded bytes are damaged.
    pub fn rendered(&self) -> Result<&Rendered, BytesError> {
        self.rendered.get()
    }

    /// The same sources without the renders, for a template loader that needs only the sources.
    #[must_use]
    pub fn sources_only(&self) -> Self {
        Templates {
            sources: self.sources.clone(),
            rendered: Deferred::default(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn get(&self, file_name: &str) -> Option<&str> {
        self.sources.get(file_name).map(Text::as_str)
    }

    pub fn dockerfile_name(template_id: &str) -> String {
        format!("{template_id}{DOCKERFILE_SUFFIX}")
    }

    pub fn has_dockerfile(&self, template_id: &str) -> bool {
        self.sources
            .contains_key(Self::dockerfile_name(template_id).as_str())
    }

    /// The `.dockerignore` template for a runtime, falling back to the default one.
    pub fn dockerignore_name(&self, runtime: &str) -> String {
        let own = format!("{runtime}{DOCKERIGNORE_SUFFIX}");
        if self.sources.contains_key(own.as_str()) {
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

/// The fields of a stage's image, as `image`, `builder` and `assets.image` give them.
const STAGE_FIELDS: &[&str] = &[
    "id",
    "name",
    "reference",
    "from",
    "family",
    "os",
    "package_manager",
    "libc",
    "uid",
    "run_uid",
    "has_shell",
    "shell",
    "init",
    "listen_port",
    "floating",
    "digest",
    "runtime_version",
];

/// The objects among the Dockerfile templates' variables, by path, with their fields: a template
/// naming any other field of one of them is invalid. Maps (`answers`, `params`) and lists are open.
/// The plan's own test keeps this in step with what it provides.
pub const CONTEXT_OBJECTS: &[(&str, &[&str])] = &[
    ("leaf", &["id", "title", "runtime", "why"]),
    ("image", STAGE_FIELDS),
    ("builder", STAGE_FIELDS),
    ("app", &["name", "artifact", "target", "port", "start"]),
    ("version", &["value", "ends", "successor", "ended"]),
    ("assets", &["manager", "command", "output", "image"]),
    ("assets.image", STAGE_FIELDS),
];

/// Templates for how the container runs (`--with compose`, `--with k8s`): they are rendered from the
/// run settings alone, so they get [`RUN_CONTEXT_VARIABLES`] rather than the plan.
pub const COMPOSE_TEMPLATE: &str = "compose.yaml.j2";
pub const KUBERNETES_TEMPLATE: &str = "k8s.yaml.j2";

/// Top-level variables of the run templates: `run`, the typed run settings (see
/// `generate::run::RunConfig`, kept in step by a test).
pub const RUN_CONTEXT_VARIABLES: &[&str] = &["run"];

/// The objects among the run templates' variables, with their fields (see [`CONTEXT_OBJECTS`]).
pub const RUN_CONTEXT_OBJECTS: &[(&str, &[&str])] = &[
    (
        "run",
        &[
            "name",
            "k8s_name",
            "title",
            "base",
            "base_digest",
            "user",
            "port",
            "container_port",
            "fastcgi",
            "writable",
            "probe",
            "image_health_check",
            "resources",
            "image",
            "notes",
        ],
    ),
    ("run.user", &["uid", "gid", "why"]),
    ("run.probe", &["http_path", "startup_seconds"]),
    (
        "run.resources",
        &[
            "cpu_request_millis",
            "cpu_limit_millis",
            "memory_request_mib",
            "memory_limit_mib",
            "compose_cpus_request",
            "compose_cpus_limit",
        ],
    ),
];

fn is_run_template(file_name: &str) -> bool {
    file_name == COMPOSE_TEMPLATE || file_name == KUBERNETES_TEMPLATE
}

/// The variables a template gets, by its file name.
pub fn context_variables(file_name: &str) -> &'static [&'static str] {
    if is_run_template(file_name) {
        RUN_CONTEXT_VARIABLES
    } else {
        CONTEXT_VARIABLES
    }
}

/// The objects among a template's variables and their fields, by its file name.
pub fn context_objects(file_name: &str) -> &'static [(&'static str, &'static [&'static str])] {
    if is_run_template(file_name) {
        RUN_CONTEXT_OBJECTS
    } else {
        CONTEXT_OBJECTS
    }
}

/// The settings every template environment shares: strict about undefined values, keeps the trailing
/// newline, trims block tags so templates can be indented readably, and escapes nothing by itself
/// (minijinja would JSON-quote every value of a `.yaml` template; templates quote with `tojson`
/// where a value needs it).
///
/// Renders worked out ahead of time ([`Rendered`]) are keyed by a template's sources and its context
/// alone: nothing set up here may make a render depend on anything else (the clock, the
/// environment, a file), or a run would take a render the build made under other conditions.
pub fn configure(env: &mut minijinja::Environment<'static>) -> Result<(), minijinja::Error> {
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
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
