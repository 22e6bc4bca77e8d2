//! The Dockerfile pane's state: the parameters the user set, what detection found in the project, the
//! plan and files generated from them, kept in step with the answers, and the pane's toggles (pin by
//! digest, compose.yaml, k8s.yaml). The only part of the TUI that calls `generate`, so a change in
//! how Dockerfiles are produced is a change to this file.

use crate::advisor::Outcome;
use crate::export::Artifact;
use crate::generate::{
    self, Artifacts, Candidate, Extra, Extras, GenerateError, Plan, PlanError, PlanInput,
    ProjectFacts,
};
use crate::knowledge::{Date, Knowledge, ParamKey};

use super::panes::TextPane;
use super::pinning::{PinState, Pinning};

/// What a plan is made from besides the pane's own state.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a, 'k> {
    pub knowledge: &'k Knowledge,
    /// The advice for the current leaf; none before the walk reaches one.
    pub outcome: Option<&'a Outcome<'k>>,
    /// The day support is judged on.
    pub today: Date,
}

/// The project builds several programs and none was named: the user must pick one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What they are ("programs", "applications").
    pub what: &'static str,
    /// Each with its evidence, as detection found them.
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Default)]
pub struct DockerfilePane {
    /// The preview's scroll position.
    pub preview: TextPane,
    /// Which of [`DockerfilePane::previews`] is on show.
    pub shown: usize,
    /// Parameter values the user set in the form; they win over detected facts and defaults.
    overrides: Vec<(String, String)>,
    /// What detection found in the project; it feeds the plan.
    project: Option<ProjectFacts>,
    /// The plan behind `artifacts`, when it could be made.
    plan: Option<Plan>,
    /// The generated files for the current outcome, or why they cannot be generated.
    artifacts: Option<Result<Artifacts, String>>,
    /// Set when generating failed for want of a choice among the project's programs.
    choice: Option<Choice>,
    /// Pinning the Dockerfile's images by digest.
    pinning: Pinning,
    /// The run files asked for, in the order of `Extra::ALL`.
    with: Vec<Extra>,
    /// The run files rendered for the plan (none when none are asked for), or why they cannot be.
    extras: Option<Result<Extras, String>>,
}

impl DockerfilePane {
    /// The generated files as rendered (before any pinning), when the walk has reached a leaf.
    pub fn artifacts(&self) -> Option<&Result<Artifacts, String>> {
        self.artifacts.as_ref()
    }

    /// The decisions and notes behind the files on show.
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    pub fn overrides(&self) -> &[(String, String)] {
        &self.overrides
    }

    /// The programs to choose from, when the plan needs a choice.
    pub fn choice(&self) -> Option<&Choice> {
        self.choice.as_ref()
    }

    pub fn pin_state(&self) -> &PinState {
        self.pinning.state()
    }

    /// Whether the user asked for a pinned Dockerfile.
    pub fn is_pin_wanted(&self) -> bool {
        self.pinning.is_wanted()
    }

    /// The run files asked for.
    pub fn with(&self) -> &[Extra] {
        &self.with
    }

    /// The run files as rendered, or why they cannot be.
    pub fn extras(&self) -> Result<Option<&Extras>, &str> {
        self.extras
            .as_ref()
            .map(|e| e.as_ref().map_err(String::as_str))
            .transpose()
    }

    /// The Dockerfile as the export writes it: pinned once pinning is on and done.
    pub fn dockerfile(&self) -> Option<&str> {
        let rendered = self.rendered()?;
        Some(self.pinning.pinned(rendered).unwrap_or(rendered))
    }

    fn rendered(&self) -> Option<&str> {
        match &self.artifacts {
            Some(Ok(a)) => Some(a.dockerfile.as_str()),
            _ => None,
        }
    }

    /// The files the preview can show, by name: the Dockerfile, then each run file asked for.
    pub fn previews(&self) -> Vec<(&'static str, &str)> {
        let mut out: Vec<(&'static str, &str)> = self
            .dockerfile()
            .map(|d| ("Dockerfile", d))
            .into_iter()
            .collect();
        if let Some(Ok(extras)) = &self.extras {
            out.extend(
                extras
                    .rendered
                    .iter()
                    .map(|(e, text)| (e.file_name(), text.as_str())),
            );
        }
        out
    }

    /// The names of the files an export writes.
    pub fn file_names(&self) -> Vec<&'static str> {
        let mut names = vec!["Dockerfile", ".dockerignore"];
        names.extend(self.with.iter().map(|e| e.file_name()));
        names
    }

    /// The files to write, all of them, or why they cannot be written now.
    pub fn files(&self) -> Result<Vec<Artifact>, String> {
        let artifacts = match &self.artifacts {
            Some(Ok(a)) => a,
            Some(Err(e)) => return Err(format!("Cannot export: {e}")),
            None => return Err("Nothing to export yet.".to_owned()),
        };
        if self.pinning.is_running() {
            let key = super::keys::label(super::keys::Action::TogglePin, super::keys::Mode::Result);
            return Err(format!(
                "Still pinning the images: export once that is done, or press {key} to export unpinned."
            ));
        }
        let extras = self
            .extras()
            .map_err(|e| format!("Cannot export the run files: {e}"))?;
        let mut files = crate::export::Artifact::files_of(Artifacts {
            dockerfile: self.dockerfile().unwrap_or_default().to_owned(),
            dockerignore: artifacts.dockerignore.clone(),
        });
        files.extend(extras.map(Extras::files).unwrap_or_default());
        Ok(files)
    }

    /// What the user must fill in before running the run files (nothing without them).
    pub fn fill_in(&self) -> Vec<String> {
        match &self.extras {
            Some(Ok(extras)) => extras.to_fill_in(),
            _ => Vec::new(),
        }
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
        self.store(inputs, generated);
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
                self.store(inputs, Some(Ok(generated)));
                Ok(())
            }
            Some(Err(e)) => Err(e.to_string()),
            None => Err("no recommendation yet".to_owned()),
        }
    }

    /// Builds the program the user chose among several: it becomes the `app_name` setting.
    pub fn choose(&mut self, inputs: Inputs<'_, '_>, name: &str) -> Result<(), String> {
        self.apply(inputs, vec![(ParamKey::AppName, name.to_owned())])
    }

    /// Turns pinning by digest on or off; on takes effect through [`DockerfilePane::pin_request`].
    pub fn toggle_pin(&mut self, inputs: Inputs<'_, '_>) {
        self.pinning.toggle();
        self.extras = self.render_extras(inputs.knowledge);
    }

    /// The Dockerfile text to pin, when pinning is on and the file on show is not pinned yet.
    pub fn pin_request(&mut self) -> Option<String> {
        let rendered = match &self.artifacts {
            Some(Ok(a)) => Some(a.dockerfile.as_str()),
            _ => None,
        };
        self.pinning.request(rendered)
    }

    /// Takes the result of pinning `source`; see [`Pinning::done`]. The run files follow the pin.
    pub fn pin_done(
        &mut self,
        inputs: Inputs<'_, '_>,
        source: &str,
        result: Result<(String, usize), String>,
    ) -> bool {
        let applied = self.pinning.done(source, result);
        if applied {
            self.extras = self.render_extras(inputs.knowledge);
        }
        applied
    }

    /// Adds or removes a run file; returns whether it is now on. Refused (and left off) when it
    /// cannot be rendered.
    pub fn toggle_extra(&mut self, inputs: Inputs<'_, '_>, extra: Extra) -> Result<bool, String> {
        let on = !self.with.contains(&extra);
        let before = self.with.clone();
        if on {
            self.with.push(extra);
            self.with.sort();
        } else {
            self.with.retain(|e| *e != extra);
        }
        let extras = self.render_extras(inputs.knowledge);
        if let Some(Err(e)) = extras {
            self.with = before;
            return Err(e);
        }
        self.extras = extras;
        self.show(if on {
            self.previews()
                .iter()
                .position(|(name, _)| *name == extra.file_name())
                .unwrap_or(0)
        } else {
            0
        });
        Ok(on)
    }

    /// Shows the next file in the preview, from the top.
    pub fn next_file(&mut self) {
        let n = self.previews().len().max(1);
        self.show((self.shown + 1) % n);
    }

    fn show(&mut self, index: usize) {
        if index != self.shown {
            self.preview.scroll = 0;
        }
        self.shown = index;
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
    ) -> Option<Result<(Plan, Artifacts), GenerateError>> {
        let outcome = inputs.outcome?;
        Some(generate::generate(PlanInput {
            knowledge: inputs.knowledge,
            outcome,
            facts: self.project.as_ref(),
            overrides,
            today: inputs.today,
        }))
    }

    fn store(
        &mut self,
        inputs: Inputs<'_, '_>,
        generated: Option<Result<(Plan, Artifacts), GenerateError>>,
    ) {
        self.choice = None;
        match generated {
            Some(Ok((plan, artifacts))) => {
                self.plan = Some(plan);
                self.artifacts = Some(Ok(artifacts));
            }
            Some(Err(e)) => {
                if let GenerateError::Plan(PlanError::SeveralCandidates { what, candidates }) = &e {
                    self.choice = Some(self.candidates(what, candidates));
                }
                self.plan = None;
                self.artifacts = Some(Err(e.to_string()));
            }
            None => {
                self.plan = None;
                self.artifacts = None;
            }
        }
        self.extras = self.render_extras(inputs.knowledge);
        let last = self.previews().len().saturating_sub(1);
        self.show(self.shown.min(last));
    }

    /// The named candidates with the evidence detection gave for each.
    fn candidates(&self, what: &'static str, names: &[String]) -> Choice {
        let found = self.project.as_ref().map_or(&[][..], |p| &p.candidates[..]);
        let candidates = names
            .iter()
            .map(|name| {
                found
                    .iter()
                    .find(|c| &c.artifact == name)
                    .cloned()
                    .unwrap_or_else(|| Candidate {
                        artifact: name.clone(),
                        target: None,
                        evidence: String::new(),
                    })
            })
            .collect();
        Choice { what, candidates }
    }

    /// The run files asked for, for the plan and the Dockerfile on show (pinned or not: they say
    /// whether the image they run is pinned).
    fn render_extras(&self, knowledge: &Knowledge) -> Option<Result<Extras, String>> {
        let (Some(plan), Some(dockerfile)) = (&self.plan, self.dockerfile()) else {
            return None;
        };
        (!self.with.is_empty()).then(|| {
            generate::extras(knowledge, plan, dockerfile, &self.with).map_err(|e| e.to_string())
        })
    }
}
