//! The data files as written: serde structures that keep the spans diagnostics point at. Nothing
//! outside this crate sees them; `resolve` turns them into the typed, resolved model.

pub mod catalog;
pub mod chunks;
mod events;
pub mod learn;
pub mod lifecycle;
pub mod tree;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Problem, Problems, Rule};

/// Parses one TOML file, recording a located problem when it fails.
pub fn parse<T: DeserializeOwned>(
    name: &str,
    text: Option<&str>,
    required: bool,
    problems: &mut Problems,
) -> Option<T> {
    let Some(text) = text else {
        if required {
            problems.push(Problem::error(
                Rule::MissingFile,
                name,
                format!("{name} is missing from the data directory"),
            ));
        }
        return None;
    };
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(err) => {
            let message = err.message().trim().to_owned();
            let rule = if message.starts_with("unknown field") {
                Rule::UnknownKey
            } else {
                Rule::Syntax
            };
            let problem = Problem::error(rule, name, message);
            problems.push(match err.span() {
                Some(span) => problem.at(text, span),
                None => problem,
            });
            None
        }
    }
}
