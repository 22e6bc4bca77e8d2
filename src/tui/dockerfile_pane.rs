//! The Dockerfile pane's state: the parameters the user set, the version found in the project and the
//! generated files, kept in step with the answers. The only part of the TUI that calls `generate`, so
//! a change in how Dockerfiles are produced is a change to this file.
//!
//! Later options of the generated files (pinning by digest, extra compose or Kubernetes files) belong
//! here too, beside `overrides`, and take effect in [`DockerfilePane::refresh`].

use crate::advisor::Outcome;
use crate::generate::{self, Artifacts};
use crate::knowledge::{Knowledge, ParamKey};

use super::panes::TextPane;

#[derive(Debug, Default)]
pub struct DockerfilePane {
    /// The preview's scroll position.
    pub preview: TextPane,
    /// Parameter values set by the user, on top of the runtime's defaults.
    overrides: Vec<(String, String)>,
    /// The runtime version the project declares; used where the recommended image offers it.
    detected_version: Option<String>,
    /// The generated files for the current outcome, or why they cannot be generated.
    artifacts: Option<Result<Artifacts, String>>,
}

impl DockerfilePane {
    /// The generated files, when the walk has reached a leaf.
    pub fn artifacts(&self) -> Option<&Result<Artifacts, String>> {
        self.artifacts.as_ref()
    }

    /// The files ready to be written, if they could be generated.
    pub fn ready(&self) -> Option<&Artifacts> {
        self.artifacts.as_ref().and_then(|a| a.as_ref().ok())
    }

    pub fn overrides(&self) -> &[(String, String)] {
        &self.overrides
    }

    pub fn set_detected_version(
        &mut self,
        version: Option<String>,
        knowledge: &Knowledge,
        outcome: Option<&Outcome<'_>>,
    ) {
        self.detected_version = version;
        self.refresh(knowledge, outcome);
    }

    /// Generates the files for `outcome` with the current parameters.
    pub fn refresh(&mut self, knowledge: &Knowledge, outcome: Option<&Outcome<'_>>) {
        self.artifacts = outcome.map(|outcome| {
            let overrides =
                generate::with_detected(outcome, self.detected_version.as_deref(), &self.overrides);
            let params =
                generate::params_for(knowledge, outcome, &overrides).map_err(|e| e.to_string())?;
            generate::render(knowledge, outcome, &params).map_err(|e| e.to_string())
        });
        if matches!(self.artifacts, Some(Err(_))) && !self.overrides.is_empty() {
            // Parameters from another runtime can be invalid here (a version, say): drop them.
            self.overrides.clear();
            self.refresh(knowledge, outcome);
        }
    }

    /// The value in effect for each parameter, in the order of `ParamKey::ALL`.
    pub fn values(&self, knowledge: &Knowledge, outcome: &Outcome<'_>) -> Vec<(ParamKey, String)> {
        let overrides =
            generate::with_detected(outcome, self.detected_version.as_deref(), &self.overrides);
        let params = generate::params_for(knowledge, outcome, &overrides).ok();
        ParamKey::ALL
            .iter()
            .map(|&key| {
                let value = params.as_ref().and_then(|p| p.get(key)).unwrap_or_default();
                (key, value.to_owned())
            })
            .collect()
    }

    /// Takes `overrides` if the files generate with them; otherwise keeps the old ones and says why.
    pub fn apply(
        &mut self,
        knowledge: &Knowledge,
        outcome: &Outcome<'_>,
        overrides: Vec<(String, String)>,
    ) -> Result<(), String> {
        let artifacts = generate::params_for(knowledge, outcome, &overrides)
            .map_err(|e| e.to_string())
            .and_then(|p| generate::render(knowledge, outcome, &p).map_err(|e| e.to_string()))?;
        self.overrides = overrides;
        self.artifacts = Some(Ok(artifacts));
        Ok(())
    }
}
