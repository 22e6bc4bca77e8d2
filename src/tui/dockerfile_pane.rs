//! The Dockerfile pane's state: the parameters the user set, what detection found in the project, and
//! the plan and files generated from them, kept in step with the answers. The only part of the TUI
//! that calls `generate`, so a change in how Dockerfiles are produced is a change to this file.
//!
//! Later options of the generated files (extra compose or Kubernetes files, say) belong here too,
//! beside `overrides`, and take effect in [`DockerfilePane::refresh`].

use crate::advisor::Outcome;
use crate::generate::{self, Artifacts, Plan, PlanInput, ProjectFacts};
use crate::knowledge::{Date, Knowledge, ParamKey};

use super::panes::TextPane;

/// What a plan is made from besides the pane's own state.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a, 'k> {
    pub knowledge: &'k Knowledge,
    /// The advice for the current leaf; none before the walk reaches one.
    pub outcome: Option<&'a Outcome<'k>>,
    /// The day support is judged on.
    pub today: Date,
}

#[derive(Debug, Default)]
pub struct DockerfilePane {
    /// The preview's scroll position.
    pub preview: TextPane,
    /// Parameter values the user set in the form; they win over detected facts and defaults.
    overrides: Vec<(String, String)>,
    /// What detection found in the project; it feeds the plan.
    project: Option<ProjectFacts>,
    /// The plan behind `artifacts`, when it could be made.
    plan: Option<Plan>,
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

    /// The decisions and notes behind the files on show.
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    pub fn overrides(&self) -> &[(String, String)] {
        &self.overrides
    }

    /// Takes what detection found in the project, and generates the files with it.
    pub fn set_project(&mut self, facts: Option<ProjectFacts>, inputs: Inputs<'_, '_>) {
        self.project = facts;
        self.refresh(inputs);
    }

    /// Generates the files for the current outcome with the current parameters.
    pub fn refresh(&mut self, inputs: Inputs<'_, '_>) {
        let generated = self.generate(inputs, &self.overrides);
        if matches!(generated, Some(Err(_))) && !self.overrides.is_empty() {
            // Parameters from another runtime can be invalid here (a version, say): drop them.
            self.overrides.clear();
            self.refresh(inputs);
            return;
        }
        self.store(generated);
    }

    /// The value the plan decided for each parameter, in the order of `ParamKey::ALL`; empty where
    /// no plan could be made.
    pub fn values(&self) -> Vec<(ParamKey, String)> {
        ParamKey::ALL
            .iter()
            .map(|&key| (key, self.value(key).to_owned()))
            .collect()
    }

    /// Whether `value` is what the plan already decided for `key`.
    pub fn is_current(&self, key: ParamKey, value: &str) -> bool {
        self.value(key) == value
    }

    /// Takes the values the user changed if the files generate with them; otherwise keeps the old
    /// state and says why. Unchanged values are left out, so what detection found keeps its source.
    pub fn apply(
        &mut self,
        inputs: Inputs<'_, '_>,
        changed: Vec<(ParamKey, String)>,
    ) -> Result<(), String> {
        let mut overrides: Vec<(String, String)> = self
            .overrides
            .iter()
            .filter(|(k, _)| !changed.iter().any(|(c, _)| c.as_str() == k))
            .cloned()
            .collect();
        overrides.extend(changed.into_iter().map(|(k, v)| (k.as_str().to_owned(), v)));
        match self.generate(inputs, &overrides) {
            Some(Ok(generated)) => {
                self.overrides = overrides;
                self.store(Some(Ok(generated)));
                Ok(())
            }
            Some(Err(e)) => Err(e),
            None => Err("no recommendation yet".to_owned()),
        }
    }

    fn value(&self, key: ParamKey) -> &str {
        self.plan
            .as_ref()
            .and_then(|p| p.params.get(key.as_str()))
            .map_or("", String::as_str)
    }

    /// Plans and renders for the current outcome with `overrides`.
    fn generate(
        &self,
        inputs: Inputs<'_, '_>,
        overrides: &[(String, String)],
    ) -> Option<Result<(Plan, Artifacts), String>> {
        let outcome = inputs.outcome?;
        Some(
            generate::generate(PlanInput {
                knowledge: inputs.knowledge,
                outcome,
                facts: self.project.as_ref(),
                overrides,
                today: inputs.today,
            })
            .map_err(|e| e.to_string()),
        )
    }

    fn store(&mut self, generated: Option<Result<(Plan, Artifacts), String>>) {
        match generated {
            Some(Ok((plan, artifacts))) => {
                self.plan = Some(plan);
                self.artifacts = Some(Ok(artifacts));
            }
            Some(Err(e)) => {
                self.plan = None;
                self.artifacts = Some(Err(e));
            }
            None => {
                self.plan = None;
                self.artifacts = None;
            }
        }
    }
}
