//! The TUI's state and its transitions. No I/O: writing files, listing directories and asking
//! registries for digests are returned as `Effect`s for the event loop to perform, and their results
//! come back through `App::export_done`, `App::completion_done` and `App::pin_done`.

use std::path::PathBuf;

use crate::advisor::{Outcome, Session, Step};
use crate::export::{Artifact, Overwrite};
use crate::generate::{Artifacts, Plan, ProjectFacts};
use crate::knowledge::{Date, Image, Knowledge, ParamKey};
use crate::listing::{Filter, select};

use super::choose::Chooser;
use super::dockerfile_pane::{DockerfilePane, Inputs};
use super::field::TextField;
use super::keys::{Action, Mode};
pub use super::panes::{Pane, Panes, SORTS};
use super::tree::TreePane;

/// One field of the parameter form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: ParamKey,
    pub input: TextField,
    /// Why the value is refused, shown under the field.
    pub error: Option<String>,
}

/// An open overlay; at most one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Params {
        fields: Vec<Field>,
        focus: usize,
    },
    ExportPath {
        input: TextField,
        /// What the last Tab found: the matching directories, or that none matched.
        note: Option<String>,
    },
    ConfirmOverwrite {
        dir: PathBuf,
        existing: PathBuf,
    },
    /// A list to pick one entry from.
    Choose {
        chooser: Chooser,
        cursor: usize,
    },
    /// A message to read, closed with Enter or Esc.
    Notice {
        title: String,
        lines: Vec<String>,
    },
}

/// Something the event loop must do outside the pure state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `files` into `dir`, all of them or none.
    Export {
        dir: PathBuf,
        overwrite: Overwrite,
        files: Vec<Artifact>,
    },
    /// Complete the directory name at the end of `typed` (see `complete::directories`).
    Complete { typed: String },
    /// Pin every image of `dockerfile` by digest (asks registries: slow, so off the UI thread).
    Pin { dockerfile: String },
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
    /// The question screen shows the decision tree instead of "why this matters".
    pub show_tree: bool,
    pub pane: Pane,
    /// Each result pane's own state.
    pub panes: Panes,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    /// Evidence for preset answers (from project detection), by answer key.
    pub evidence: Vec<(String, String)>,
    /// The day support is judged on.
    pub today: Date,
    /// Where `~` leads in typed paths; none disables the expansion.
    pub home: Option<PathBuf>,
    pub quit: bool,
    /// The advice for the current leaf, computed once per change of answers.
    outcome: Option<Outcome<'k>>,
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
            show_tree: false,
            pane: Pane::Recommendation,
            panes: Panes::default(),
            overlay: None,
            status: None,
            evidence: Vec::new(),
            today: Date::today(),
            home: None,
            quit: false,
            outcome: None,
        };
        app.on_step_changed();
        app
    }

    /// Which key set applies now.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, self.session.current()) {
            (Some(Overlay::Help { .. }), _) => Mode::Help,
            (Some(Overlay::ConfirmOverwrite { .. }), _) => Mode::Confirm,
            (Some(Overlay::ExportPath { .. }), _) => Mode::Path,
            (Some(Overlay::Params { .. }), _) => Mode::Form,
            (Some(Overlay::Choose { .. }), _) => Mode::Choose,
            (Some(Overlay::Notice { .. }), _) => Mode::Notice,
            (None, Step::Question(_)) => Mode::Question,
            (None, Step::Leaf(_)) => Mode::Result,
        }
    }

    /// The advice for the current leaf, when the walk has reached one.
    pub fn outcome(&self) -> Option<&Outcome<'k>> {
        self.outcome.as_ref()
    }

    /// The generated files, or why they could not be generated.
    pub fn artifacts(&self) -> Option<&Result<Artifacts, String>> {
        self.panes.dockerfile.artifacts()
    }

    /// The plan behind the generated files: decided values, their sources, and notes.
    pub fn plan(&self) -> Option<&Plan> {
        self.panes.dockerfile.plan()
    }

    /// Applies an action; returns an effect for the event loop to perform, if any. A Dockerfile that
    /// changed while pinning is on is pinned again.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if action == Action::Quit {
            self.quit = true;
            return None;
        }
        let effect = if let Some(overlay) = self.overlay.take() {
            self.update_overlay(overlay, action)
        } else {
            match self.mode() {
                Mode::Question => self.update_question(action),
                _ => self.update_result(action),
            }
            None
        };
        effect.or_else(|| {
            let dockerfile = self.panes.dockerfile.pin_request()?;
            Some(Effect::Pin { dockerfile })
        })
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
            Action::ToggleTree => self.show_tree = !self.show_tree,
            Action::Back => self.back(),
            Action::Restart => self.restart(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
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

    pub(super) fn back(&mut self) {
        let previous = self.session.trail().last().map(|s| s.answer.clone());
        if self.session.back() {
            self.status = None;
            self.on_step_changed();
            // Land on the answer that was given, so going back and forth is cheap.
            if let (Step::Question(q), Some(prev)) = (self.session.current(), previous) {
                self.cursor = q.choices.iter().position(|c| c.id == prev).unwrap_or(0);
            }
        }
    }

    pub(super) fn restart(&mut self) {
        self.session.restart();
        self.pane = Pane::Recommendation;
        self.status = Some(Status {
            text: "Started over.".to_owned(),
            error: false,
        });
        self.on_step_changed();
    }

    /// Places the cursor on the preset or default choice of a new question and refreshes derived state.
    pub(super) fn on_step_changed(&mut self) {
        if let Step::Question(q) = self.session.current() {
            let wanted = self
                .session
                .suggested()
                .map(str::to_owned)
                .or_else(|| q.default_choice().map(|d| d.id.to_string()));
            self.cursor = wanted
                .and_then(|w| q.choices.iter().position(|c| c.id == w))
                .unwrap_or(0);
        }
        self.outcome = Outcome::of_session(self.knowledge, &self.session);
        self.panes.recommendation.scroll = 0;
        self.panes.tips.scroll = 0;
        self.panes.dockerfile.preview.scroll = 0;
        self.panes.tree = TreePane::along(self.knowledge, self.session.trail(), None);
        self.select_recommended_row();
        let (pane, inputs) = self.dockerfile();
        pane.refresh(inputs);
    }

    /// The rows of the compare table: the runtime's supported images, or every image with `a`.
    pub fn compare_rows(&self) -> Vec<&'k Image> {
        let Some(outcome) = self.outcome() else {
            return Vec::new();
        };
        let filter = Filter {
            runtime: (!self.panes.compare.all).then_some(outcome.leaf.runtime.as_str()),
            family: None,
            sort: self.panes.compare.sort_key(),
            all: self.panes.compare.all,
        };
        select(
            &self.knowledge.catalog,
            &filter,
            self.knowledge.status_day(self.today),
        )
    }

    /// Puts the compare table's selection on the recommended image, so it is in view.
    pub(super) fn select_recommended_row(&mut self) {
        let recommended = self.outcome().map(|o| o.image.id.as_str());
        self.panes.compare.selected = self
            .compare_rows()
            .iter()
            .position(|i| Some(i.id.as_str()) == recommended)
            .unwrap_or(0);
    }

    /// Takes what detection found in the project, and generates the Dockerfile with it.
    pub fn set_project(&mut self, facts: Option<ProjectFacts>) {
        let (pane, inputs) = self.dockerfile();
        pane.set_project(facts, inputs);
    }

    /// The Dockerfile pane's state, with what its plan is made from.
    pub(super) fn dockerfile(&mut self) -> (&mut DockerfilePane, Inputs<'_, 'k>) {
        let inputs = Inputs {
            knowledge: self.knowledge,
            outcome: self.outcome.as_ref(),
            today: self.today,
        };
        (&mut self.panes.dockerfile, inputs)
    }

    pub(super) fn error(&mut self, text: String) {
        self.status = Some(Status { text, error: true });
    }
}
