//! From advice to files: the plan and render of the Dockerfile and `.dockerignore` live in the engine
//! crate (`basepick_core::generate`, re-exported here); [`run`] decides how the container runs and
//! writes `compose.yaml` and a Kubernetes manifest to match; [`readiness`] and [`build_check`] judge a
//! project and its Dockerfile before a build.

pub mod build_check;
mod dockerignore;
pub mod readiness;
mod rehearse;
pub mod run;

pub use basepick_core::generate::{
    AppPlan, Artifacts, AssetBuild, AssetsPlan, CREATED_UID, Candidate, Decision, FUEL, Fact,
    GenerateError, LeafPlan, MAX_OUTPUT_BYTES, Plan, PlanError, PlanInput, ProjectFacts,
    RenderError, Source, StagePlan, VersionPlan, ahead, environment, facts, generate,
    offered_version, plan, render, render_now, render_one, stage, versioned,
};
pub use build_check::{BuildCheck, CheckError, check_project, check_text};
pub use dockerignore::DockerIgnore;
pub use readiness::{Context, Readiness, check};
pub use rehearse::rehearse;
pub use run::{Extra, Extras, RunConfig, extras};

#[cfg(test)]
mod tests;
