//! The integration tests, as one binary: one build, one link, shared helpers in `common`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::float_cmp
)]

mod common;
mod local_registry;

mod architecture;
mod audit_ci;
mod audit_fix;
mod audit_lifecycle;
mod catalog_truth;
mod check_build;
mod cli;
mod cli_detect_apps;
mod cli_detect_audit;
mod cli_edges;
mod cli_export;
mod cli_snapshots;
mod data_late_failures;
mod data_lifecycles;
mod data_limits;
mod data_validation;
mod dockerfiles;
mod exports;
mod fake_registry;
mod inputs;
mod learn_data;
mod learn_quiz;
mod learn_tui;
mod project_dockerfiles;
mod registry_export;
mod registry_faults;
mod registry_pin;
mod registry_refresh;
mod registry_roundtrip;
mod rendered_ahead;
mod run_files;
mod terminal_choose;
mod terminal_e2e;
mod terminal_text;
mod tui;
mod tui_choose;
mod tui_forms;
mod tui_input;
mod tui_mouse;
mod tui_panes;
mod tui_pin_registry;
mod tui_toggles;
