//! basepick: choose a container base image with a data-driven decision tree, compare the candidates,
//! and export a hardened Dockerfile.
//!
//! The library is what the CLI and the TUI drive:
//!
//! ```
//! use basepick::advisor::recommend;
//! use basepick::generate;
//! use basepick::knowledge::{self, Libc};
//!
//! let knowledge = knowledge::embedded()?;
//! let answers: Vec<(String, String)> = [("runtime", "python"), ("c_extensions", "yes"), ("debug_shell", "no")]
//!     .iter()
//!     .map(|(k, v)| (k.to_string(), v.to_string()))
//!     .collect();
//! let outcome = recommend(&knowledge, &answers)?;
//! assert_eq!(outcome.image.libc, Libc::Glibc); // C extensions never get musl
//!
//! // No project scanned and nothing set: the plan takes the tree's defaults.
//! let (plan, files) = generate::generate(generate::PlanInput {
//!     knowledge: &knowledge,
//!     outcome: &outcome,
//!     facts: None,
//!     overrides: &[],
//!     today: knowledge::Date::today(),
//! })?;
//! assert_eq!(plan.image.reference, outcome.image.reference.to_string());
//! assert!(files.dockerfile.starts_with("# syntax=docker/dockerfile:1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use basepick_core::advisor;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod detect;
pub mod export;
pub mod generate;
pub mod knowledge;
pub mod learn;
pub mod listing;
pub mod output;
pub mod present;
pub mod registry;
pub mod runtime;
pub mod tui;

pub use knowledge::{DataSource, Knowledge, LoadError};
