//! basepick: choose a container base image with a data-driven decision tree, compare the candidates,
//! and export a hardened Dockerfile.

pub mod knowledge;
pub mod params;

pub use knowledge::{DataSource, Knowledge, LoadError};
