//! From advice to files: [`plan`] decides every value a Dockerfile needs from the outcome, the
//! project's facts and the user's `--set` values; [`render`] turns a plan into the Dockerfile and
//! `.dockerignore`, or takes what [`ahead`] rendered when basepick was built.

pub mod ahead;
pub mod facts;
mod plan;
mod render;
pub mod stage;
mod start;

pub use facts::{AssetBuild, Candidate, Fact, ProjectFacts};
pub use plan::{
    AppPlan, AssetsPlan, Decision, LeafPlan, Plan, PlanError, PlanInput, Source, VersionPlan,
    offered_version, plan, versioned,
};
pub use render::{
    Artifacts, FUEL, MAX_OUTPUT_BYTES, RenderError, environment, render, render_now, render_one,
};
pub use stage::{CREATED_UID, StagePlan};

/// Why no files could be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// Plans and renders in one step.
pub fn generate(input: PlanInput<'_, '_>) -> Result<(Plan, Artifacts), GenerateError> {
    let plan = plan(input)?;
    let artifacts = render(input.knowledge, &input.outcome.leaf.template, &plan)?;
    Ok((plan, artifacts))
}
