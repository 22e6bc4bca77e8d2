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
//! let params = generate::params_for(&knowledge, &outcome, &[])?;
//! let files = generate::render(&knowledge, &outcome, &params)?;
//! assert!(files.dockerfile.starts_with("# syntax=docker/dockerfile:1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod advisor;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod detect;
pub mod export;
pub mod generate;
pub mod knowledge;
pub mod listing;
pub mod output;
pub mod present;
pub mod registry;
pub mod runtime;
pub mod tui;

pub use knowledge::{DataSource, Knowledge, LoadError};
