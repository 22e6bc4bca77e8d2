//! basepick's engine, free of any front end: the walk through the decision tree and the advice at
//! its end ([`advisor`]), and the plan and render of a Dockerfile and `.dockerignore` from that advice
//! ([`generate`]). It is a crate of its own so that the build script can run it on the built-in data
//! (see `generate::ahead`), and the binary's front ends use it as they always have.

pub mod advisor;
pub mod generate;

/// The data model, under the name the engine's modules know it by.
mod knowledge {
    pub use basepick_knowledge::params::{ParamError, ParamKey, Params};
    pub use basepick_knowledge::*;

    /// The built-in data, read from `data/` for this crate's tests (the binary embeds it).
    #[cfg(test)]
    pub fn embedded() -> Result<Knowledge, LoadError> {
        Knowledge::load_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
    }
}
