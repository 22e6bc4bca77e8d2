//! basepick: choose a container base image with a data-driven decision tree, compare the candidates,
//! and export a hardened Dockerfile.

pub mod advisor;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod detect;
pub mod dockerfile;
pub mod export;
pub mod knowledge;
pub mod output;
pub mod params;
pub mod tui;

pub use knowledge::{DataSource, Knowledge, LoadError};
