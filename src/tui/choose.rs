//! Lists to pick one entry from: which app of a directory holding several to advise on (before the
//! first question), and which of the project's programs the Dockerfile builds (it becomes the
//! `app_name` setting). Pure state transitions, like the rest of `App`.

use crate::advisor::Session;
use crate::detect::{Detection, ProjectAnswers};
use crate::present::app_summary;

use super::app::{App, Overlay, Status};
use super::dockerfile_pane::Choice;
use super::keys::Action;
use super::panes::Pane;

/// One app of a directory holding several, with what detection found for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppChoice {
    /// Its directory, relative to the scanned one.
    pub dir: String,
    /// Runtime, version, package manager, start command, in words.
    pub summary: String,
    /// The answers and facts it gives, as if its own directory had been scanned.
    pub answers: ProjectAnswers,
}

impl AppChoice {
    /// The apps of a detection, when it holds several and none at its top level; otherwise none.
    pub fn list(detection: &Detection) -> Vec<AppChoice> {
        if !detection.needs_choice() {
            return Vec::new();
        }
        detection
            .apps
            .iter()
            .map(|app| AppChoice {
                dir: app.shown_dir().to_owned(),
                summary: app_summary(app),
                answers: ProjectAnswers::of_app(app),
            })
            .collect()
    }
}

/// What a chooser offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chooser {
    /// The apps of the directory given with `--detect`.
    App(Vec<AppChoice>),
    /// The programs the project builds.
    Program(Choice),
}

impl Chooser {
    pub fn len(&self) -> usize {
        match self {
            Chooser::App(apps) => apps.len(),
            Chooser::Program(choice) => choice.candidates.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl App<'_> {
    /// Takes what detection found: one project's answers and facts, or the apps to choose from first
    /// (then nothing is preset until the user picks one). Without a detection, nothing is preset.
    pub fn start_with(&mut self, detection: Option<&Detection>) {
        let Some(detection) = detection else {
            self.set_project(None);
            return;
        };
        let apps = AppChoice::list(detection);
        if apps.is_empty() {
            self.use_project(ProjectAnswers::of(detection));
        } else {
            self.overlay = Some(Overlay::Choose {
                chooser: Chooser::App(apps),
                cursor: 0,
            });
        }
    }

    /// Starts over with a project's answers preset and its facts feeding the Dockerfile.
    pub fn use_project(&mut self, detected: ProjectAnswers) {
        self.session = Session::new(&self.knowledge.tree).with_detected(&detected.answers);
        self.evidence = detected.evidence;
        self.pane = Pane::Recommendation;
        self.on_step_changed();
        self.set_project(detected.facts);
    }

    /// Opens the list of programs when the Dockerfile needs a choice; returns whether it did.
    pub(super) fn ask_for_program(&mut self) -> bool {
        let Some(choice) = self.panes.dockerfile.choice() else {
            return false;
        };
        self.overlay = Some(Overlay::Choose {
            chooser: Chooser::Program(choice.clone()),
            cursor: 0,
        });
        true
    }

    pub(super) fn update_choose(&mut self, chooser: Chooser, cursor: usize, action: Action) {
        let n = chooser.len().max(1);
        let cursor = match action {
            Action::Up => (cursor + n - 1) % n,
            Action::Down => (cursor + 1) % n,
            Action::Number(k) if (1..=chooser.len()).contains(&usize::from(k)) => {
                return self.pick(chooser, usize::from(k) - 1);
            }
            Action::Select => return self.pick(chooser, cursor),
            Action::Close => return self.decline(&chooser),
            _ => cursor,
        };
        self.overlay = Some(Overlay::Choose { chooser, cursor });
    }

    fn pick(&mut self, chooser: Chooser, index: usize) {
        match chooser {
            Chooser::App(mut apps) if index < apps.len() => {
                let app = apps.swap_remove(index);
                self.use_project(app.answers);
                self.status = Some(Status {
                    text: format!("Advising on {}.", app.dir),
                    error: false,
                });
            }
            Chooser::Program(choice) => {
                let Some(name) = choice.candidates.get(index).map(|c| c.artifact.clone()) else {
                    return;
                };
                let (pane, inputs) = self.dockerfile();
                match pane.choose(inputs, &name) {
                    Ok(()) => {
                        self.status = Some(Status {
                            text: format!("The Dockerfile builds {name} (app_name={name})."),
                            error: false,
                        });
                    }
                    Err(e) => self.error(format!("Cannot build {name}: {e}")),
                }
            }
            Chooser::App(_) => {}
        }
    }

    fn decline(&mut self, chooser: &Chooser) {
        let text = match chooser {
            Chooser::App(_) => {
                "No app chosen: every question is asked, and the Dockerfile uses the defaults."
            }
            Chooser::Program(_) => "No program chosen: Enter in the Dockerfile pane asks again.",
        };
        self.status = Some(Status {
            text: text.to_owned(),
            error: false,
        });
    }
}
