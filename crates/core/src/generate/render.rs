//! Renders a plan's Dockerfile and `.dockerignore`. Templates are compiled on first use, only those a
//! render needs, and run under a fuel limit so a runaway template in a team's data stops with an error
//! naming it instead of hanging or eating memory.

use std::sync::Arc;

use crate::knowledge::{Knowledge, Templates};

use super::plan::Plan;

/// Steps a single render may take; far above what any real template needs.
pub const FUEL: u64 = 2_000_000;

/// Largest output a render may produce.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("template {name}: {}{detail}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Template {
        name: String,
        /// The line of `name` where rendering stopped, when known.
        line: Option<usize>,
        detail: String,
    },
    #[error("template {name} produced more than {} KiB; it is probably looping", MAX_OUTPUT_BYTES / 1024)]
    TooLarge { name: String },
}

impl From<minijinja::Error> for RenderError {
    fn from(e: minijinja::Error) -> Self {
        // An error inside an included template or macro is the cause of the outer one: name it too.
        let mut detail = if e.kind() == minijinja::ErrorKind::OutOfFuel {
            // minijinja's own words say nothing of why; fuel counts steps and bytes made.
            format!(
                "it ran out of fuel (a budget of {FUEL} steps and bytes): a loop that does not end or a value that keeps growing"
            )
        } else {
            e.to_string()
        };
        let mut cause = std::error::Error::source(&e);
        while let Some(inner) = cause {
            detail.push_str(": ");
            detail.push_str(&inner.to_string());
            cause = inner.source();
        }
        RenderError::Template {
            name: e.name().unwrap_or("?").to_owned(),
            line: e.line(),
            detail,
        }
    }
}

/// The files generated for a recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifacts {
    pub dockerfile: String,
    pub dockerignore: String,
}

/// A template environment that loads sources from the knowledge on demand. Like
/// `knowledge::templates::configure`, it may add nothing a render could depend on beyond the
/// sources and the context: renders worked out ahead of time (see [`super::ahead`]) are keyed by
/// those alone.
pub fn environment(templates: &Templates) -> Result<minijinja::Environment<'static>, RenderError> {
    let sources = Arc::new(templates.sources_only());
    let mut env = minijinja::Environment::new();
    crate::knowledge::templates::configure(&mut env)?;
    env.set_fuel(Some(FUEL));
    env.set_loader(move |name| Ok(sources.get(name).map(str::to_owned)));
    Ok(env)
}

/// Renders one template with `context` as its variables.
pub fn render_one(
    env: &minijinja::Environment<'static>,
    name: &str,
    context: &impl serde::Serialize,
) -> Result<String, RenderError> {
    let text = env
        .get_template(name)?
        .render(minijinja::value::Serde(context))?;
    if text.len() > MAX_OUTPUT_BYTES {
        return Err(RenderError::TooLarge {
            name: name.to_owned(),
        });
    }
    Ok(text)
}

/// The Dockerfile and `.dockerignore` of a plan: as rendered ahead of time when the plan is one the
/// build foresaw (see [`super::ahead`]), else rendered now.
pub fn render(
    knowledge: &Knowledge,
    template: &str,
    plan: &Plan,
) -> Result<Artifacts, RenderError> {
    match super::ahead::find(knowledge, template, plan) {
        Some(found) => Ok(found),
        None => render_now(knowledge, template, plan),
    }
}

/// The file names of a plan's Dockerfile and `.dockerignore` templates.
pub(super) fn file_names(knowledge: &Knowledge, template: &str, plan: &Plan) -> [String; 2] {
    [
        Templates::dockerfile_name(template),
        knowledge.templates.dockerignore_name(&plan.leaf.runtime),
    ]
}

/// Renders both templates now, whatever was rendered ahead of time.
pub fn render_now(
    knowledge: &Knowledge,
    template: &str,
    plan: &Plan,
) -> Result<Artifacts, RenderError> {
    let [dockerfile, dockerignore] = file_names(knowledge, template, plan);
    let env = environment(&knowledge.templates)?;
    Ok(Artifacts {
        dockerfile: render_one(&env, &dockerfile, plan)?,
        dockerignore: render_one(&env, &dockerignore, plan)?,
    })
}
