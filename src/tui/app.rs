//! The TUI's state and its transitions. No I/O: writing files is returned as an `Effect` for the
//! event loop to perform, and its result comes back through `App::export_done`.

use std::path::PathBuf;

use crate::advisor::{Outcome, Session, Step};
use crate::export::Overwrite;
use crate::generate::{self, Artifacts, Plan, PlanInput, ProjectFacts};
use crate::knowledge::{Date, Image, Knowledge, ParamKey};
use crate::listing::{Filter, SortKey, select};

use super::keys::{Action, Mode};

/// The panes of the result screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Recommendation,
    Compare,
    Dockerfile,
    Tips,
}

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Recommendation,
        Pane::Compare,
        Pane::Dockerfile,
        Pane::Tips,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Recommendation => "Recommendation",
            Pane::Compare => "Compare",
            Pane::Dockerfile => "Dockerfile",
            Pane::Tips => "Tips",
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane `steps` places after this one in Tab order, wrapping around.
    fn step(self, steps: isize) -> Pane {
        let n = Pane::ALL.len().cast_signed();
        let i = (self.index().cast_signed() + steps).rem_euclid(n);
        Pane::ALL[i.cast_unsigned()]
    }
}

/// Sort orders the compare table cycles through with `s`.
pub const SORTS: [Option<SortKey>; 5] = [
    None,
    Some(SortKey::Size),
    Some(SortKey::Vulns),
    Some(SortKey::Packages),
    Some(SortKey::Name),
];

/// One field of the parameter form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: ParamKey,
    pub value: String,
    /// Why the value is refused, shown under the field.
    pub error: Option<String>,
}

/// An open overlay; at most one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Params { fields: Vec<Field>, focus: usize },
    ExportPath { input: String },
    ConfirmOverwrite { dir: PathBuf, existing: PathBuf },
}

/// Something the event loop must do outside the pure state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Export {
        dir: PathBuf,
        overwrite: Overwrite,
        artifacts: Artifacts,
    },
}

/// A one-line message at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Debug)]
pub struct App<'k> {
    pub knowledge: &'k Knowledge,
    pub session: Session<'k>,
    /// Highlighted choice on the question screen.
    pub cursor: usize,
    pub pane: Pane,
    /// Per-pane scroll offset (lines) or selected row, indexed like `Pane::ALL`.
    pub scroll: [u16; Pane::ALL.len()],
    pub compare_all: bool,
    pub sort: usize,
    /// Parameter values set by the user, on top of the runtime's defaults.
    pub overrides: Vec<(String, String)>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    /// Evidence for preset answers (from project detection), by answer key.
    pub evidence: Vec<(String, String)>,
    /// What detection found in the project, for the Dockerfile's plan.
    pub(super) project: Option<ProjectFacts>,
    /// The plan behind `artifacts`.
    pub plan: Option<Plan>,
    /// The day support is judged on.
    pub today: Date,
    pub quit: bool,
    /// The advice for the current leaf, computed once per change of answers.
    outcome: Option<Outcome<'k>>,
    /// The rendered Dockerfile for the current outcome, kept in step with answers and parameters.
    pub artifacts: Option<Result<Artifacts, String>>,
}

impl<'k> App<'k> {
    pub fn new(knowledge: &'k Knowledge) -> Self {
        Self::with_session(knowledge, Session::new(&knowledge.tree))
    }

    pub fn with_session(knowledge: &'k Knowledge, session: Session<'k>) -> Self {
        let mut app = App {
            knowledge,
            session,
            cursor: 0,
            pane: Pane::Recommendation,
            scroll: [0; Pane::ALL.len()],
            compare_all: false,
            sort: 0,
            overrides: Vec::new(),
            overlay: None,
            status: None,
            evidence: Vec::new(),
            project: None,
            plan: None,
            today: Date::today(),
            quit: false,
            outcome: None,
            artifacts: None,
        };
        app.on_step_changed();
        app
    }

    /// Which key set applies now.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, self.session.current()) {
            (Some(Overlay::Help), _) => Mode::Help,
            (Some(Overlay::ConfirmOverwrite { .. }), _) => Mode::Confirm,
            (Some(_), _) => Mode::Form,
            (None, Step::Question(_)) => Mode::Question,
            (None, Step::Leaf(_)) => Mode::Result,
        }
    }

    /// The advice for the current leaf, when the walk has reached one.
    pub fn outcome(&self) -> Option<&Outcome<'k>> {
        self.outcome.as_ref()
    }

    pub fn sort_key(&self) -> Option<SortKey> {
        SORTS[self.sort % SORTS.len()]
    }

    /// Applies an action; returns an effect for the event loop to perform, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if action == Action::Quit {
            self.quit = true;
            return None;
        }
        if let Some(overlay) = self.overlay.take() {
            self.update_overlay(overlay, action)
        } else {
            match self.mode() {
                Mode::Question => self.update_question(action),
                _ => self.update_result(action),
            }
            None
        }
    }

    fn update_question(&mut self, action: Action) {
        let Step::Question(q) = self.session.current() else {
            return;
        };
        let n = q.choices.len();
        match action {
            Action::Up => self.cursor = (self.cursor + n - 1) % n.max(1),
            Action::Down => self.cursor = (self.cursor + 1) % n.max(1),
            Action::Number(k) if (1..=n).contains(&usize::from(k)) => {
                self.cursor = usize::from(k) - 1;
                self.choose();
            }
            Action::Select => self.choose(),
            Action::Back => self.back(),
            Action::Restart => self.restart(),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Close => self.quit = true,
            _ => {}
        }
    }

    fn choose(&mut self) {
        let Step::Question(q) = self.session.current() else {
            return;
        };
        if let Some(choice) = q.choices.get(self.cursor) {
            let id = choice.id.clone();
            if self.session.answer(&id).is_ok() {
                self.status = None;
                self.on_step_changed();
            }
        }
    }

    fn back(&mut self) {
        let previous = self.session.trail().last().map(|s| s.answer.clone());
        if self.session.back() {
            // Land on the answer that was given, so going back and forth is cheap.
            if let (Step::Question(q), Some(prev)) = (self.session.current(), previous) {
                self.cursor = q.choices.iter().position(|c| c.id == prev).unwrap_or(0);
            }
            self.status = None;
            self.outcome = Outcome::of_session(self.knowledge, &self.session);
            self.refresh_artifacts();
        }
    }

    fn restart(&mut self) {
        self.session.restart();
        self.pane = Pane::Recommendation;
        self.status = Some(Status {
            text: "Started over.".to_owned(),
            error: false,
        });
        self.on_step_changed();
    }

    /// Places the cursor on the preset or default choice of a new question and refreshes derived state.
    fn on_step_changed(&mut self) {
        if let Step::Question(q) = self.session.current() {
            let wanted = self
                .session
                .suggested()
                .map(str::to_owned)
                .or_else(|| q.default_choice().map(|d| d.id.clone()));
            self.cursor = wanted
                .and_then(|w| q.choices.iter().position(|c| c.id == w))
                .unwrap_or(0);
        }
        self.outcome = Outcome::of_session(self.knowledge, &self.session);
        self.scroll = [0; Pane::ALL.len()];
        self.select_recommended_row();
        self.refresh_artifacts();
    }

    /// The rows of the compare table: the runtime's supported images, or every image with `a`.
    pub fn compare_rows(&self) -> Vec<&'k Image> {
        let Some(outcome) = self.outcome() else {
            return Vec::new();
        };
        let filter = Filter {
            runtime: (!self.compare_all).then_some(outcome.leaf.runtime.as_str()),
            family: None,
            sort: self.sort_key(),
            all: self.compare_all,
        };
        select(
            self.knowledge,
            &filter,
            self.knowledge.status_day(self.today),
        )
    }

    /// Puts the compare table's selection on the recommended image, so it is in view.
    fn select_recommended_row(&mut self) {
        let recommended = self.outcome().map(|o| o.image.id.as_str());
        let row = self
            .compare_rows()
            .iter()
            .position(|i| Some(i.id.as_str()) == recommended)
            .unwrap_or(0);
        self.scroll[Pane::Compare.index()] = u16::try_from(row).unwrap_or(0);
    }

    /// Takes what detection found in the project, and renders the Dockerfile with it.
    pub fn set_project(&mut self, facts: Option<ProjectFacts>) {
        self.project = facts;
        self.refresh_artifacts();
    }

    /// Plans and renders the Dockerfile for the current outcome with `overrides`.
    pub(super) fn generate(
        &self,
        overrides: &[(String, String)],
    ) -> Option<Result<(Plan, Artifacts), String>> {
        let outcome = self.outcome()?;
        Some(
            generate::generate(PlanInput {
                knowledge: self.knowledge,
                outcome,
                facts: self.project.as_ref(),
                overrides,
                today: self.today,
            })
            .map_err(|e| e.to_string()),
        )
    }

    /// Re-renders the Dockerfile for the current outcome and parameters.
    pub fn refresh_artifacts(&mut self) {
        let generated = self.generate(&self.overrides);
        self.plan = generated
            .as_ref()
            .and_then(|g| g.as_ref().ok())
            .map(|(p, _)| p.clone());
        self.artifacts = generated.map(|g| g.map(|(_, a)| a));
        if matches!(self.artifacts, Some(Err(_))) && !self.overrides.is_empty() {
            // Parameters from another runtime can be invalid here (a version, say): drop them.
            self.overrides.clear();
            self.refresh_artifacts();
        }
    }

    fn update_result(&mut self, action: Action) {
        let pane = self.pane.index();
        match action {
            Action::NextPane => self.pane = self.pane.step(1),
            Action::PrevPane => self.pane = self.pane.step(-1),
            Action::Number(k) if (1..=Pane::ALL.len()).contains(&usize::from(k)) => {
                self.pane = Pane::ALL[usize::from(k) - 1];
            }
            Action::Up => self.scroll[pane] = self.scroll[pane].saturating_sub(1),
            Action::Down => self.scroll[pane] = self.scroll[pane].saturating_add(1),
            Action::PageUp => self.scroll[pane] = self.scroll[pane].saturating_sub(10),
            Action::PageDown => self.scroll[pane] = self.scroll[pane].saturating_add(10),
            Action::ToggleAll => {
                self.pane = Pane::Compare;
                self.compare_all = !self.compare_all;
                self.select_recommended_row();
            }
            Action::CycleSort => {
                self.pane = Pane::Compare;
                self.sort = (self.sort + 1) % SORTS.len();
                self.select_recommended_row();
            }
            Action::EditParams => {
                self.pane = Pane::Dockerfile;
                self.overlay = Some(Overlay::Params {
                    fields: self.current_fields(),
                    focus: 0,
                });
            }
            Action::Export => {
                self.pane = Pane::Dockerfile;
                match &self.artifacts {
                    Some(Ok(_)) => {
                        self.overlay = Some(Overlay::ExportPath {
                            input: ".".to_owned(),
                        });
                    }
                    Some(Err(e)) => self.error(format!("Cannot export: {e}")),
                    None => {}
                }
            }
            Action::Back => self.back(),
            Action::Restart => self.restart(),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Close => self.quit = true,
            _ => {}
        }
    }

    pub(super) fn error(&mut self, text: String) {
        self.status = Some(Status { text, error: true });
    }
}
