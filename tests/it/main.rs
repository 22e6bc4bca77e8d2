//! The integration tests, as one binary: one build, one link, shared helpers in `common`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::float_cmp
)]

mod common;

mod architecture;
mod catalog_truth;
mod check_build;
mod cli;
mod cli_detect_apps;
mod cli_detect_audit;
mod cli_export;
mod cli_snapshots;
mod data_validation;
mod dockerfiles;
mod project_dockerfiles;
mod run_files;
mod terminal_e2e;
mod tui;
mod tui_forms;
