//! The overlays: help, the parameter form, the export prompt, the overwrite confirmation and the
//! notice after an export (the choosers are in `choose`). Pure state transitions, like the rest of
//! `App`.

use std::path::PathBuf;

use super::app::{App, Effect, Field, Overlay, Status};
use super::complete::{Completion, expand_tilde};
use super::field::TextField;
use super::keys::Action;
use crate::export::{ExportError, Overwrite};
use crate::knowledge::{ParamKey, params};

impl App<'_> {
    /// The parameter values in effect for the current outcome, as form fields (each pre-filled value
    /// selected, so typing replaces it).
    pub(super) fn current_fields(&self) -> Vec<Field> {
        let values = if self.outcome().is_some() {
            self.panes.dockerfile.values()
        } else {
            Vec::new()
        };
        values
            .into_iter()
            .map(|(key, value)| Field {
                key,
                input: TextField::prefilled(&value),
                error: None,
            })
            .collect()
    }

    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Effect> {
        match overlay {
            Overlay::Help { scroll } => {
                let scroll = match action {
                    Action::Close | Action::Help => return None,
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll.saturating_add(1),
                    Action::PageUp => scroll.saturating_sub(10),
                    Action::PageDown => scroll.saturating_add(10),
                    _ => scroll,
                };
                self.overlay = Some(Overlay::Help { scroll });
                None
            }
            Overlay::Params { fields, focus } => {
                self.update_params(fields, focus, action);
                None
            }
            Overlay::ExportPath { mut input, note } => match action {
                Action::Select => {
                    let typed = input.value().trim();
                    let dir = if typed.is_empty() {
                        PathBuf::from(".")
                    } else {
                        expand_tilde(typed, self.home.as_deref())
                    };
                    self.export_effect(dir, Overwrite::Refuse)
                }
                Action::Close => None,
                Action::Complete => {
                    let typed = input.value().to_owned();
                    self.overlay = Some(Overlay::ExportPath { input, note: None });
                    Some(Effect::Complete { typed })
                }
                other => {
                    let note = if input.edit(other) { None } else { note };
                    self.overlay = Some(Overlay::ExportPath { input, note });
                    None
                }
            },
            Overlay::Choose { chooser, cursor } => {
                self.update_choose(chooser, cursor, action);
                None
            }
            Overlay::Notice { title, lines } => {
                if action != Action::Close {
                    self.overlay = Some(Overlay::Notice { title, lines });
                }
                None
            }
            Overlay::ConfirmOverwrite { dir, existing } => match action {
                Action::Confirm => self.export_effect(dir, Overwrite::Replace),
                Action::Deny | Action::Close => {
                    self.status = Some(Status {
                        text: format!("Kept {}; nothing was written.", existing.display()),
                        error: false,
                    });
                    None
                }
                _ => {
                    self.overlay = Some(Overlay::ConfirmOverwrite { dir, existing });
                    None
                }
            },
        }
    }

    /// Pasted text goes into the focused text field; elsewhere it is ignored.
    pub fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::ExportPath { input, note }) => {
                input.paste(text);
                *note = None;
            }
            Some(Overlay::Params { fields, focus }) => {
                if let Some(f) = fields.get_mut(*focus) {
                    f.input.paste(text);
                    f.error = check(f);
                }
            }
            _ => {}
        }
    }

    /// Takes the result of a directory completion performed by the event loop. It applies only if the
    /// prompt still holds the text that was completed.
    pub fn completion_done(&mut self, completion: &Completion) {
        let Some(Overlay::ExportPath { input, note }) = &mut self.overlay else {
            return;
        };
        if input.value() != completion.typed {
            return;
        }
        input.set(&completion.input);
        *note = match completion.candidates.len() {
            0 if completion.input == completion.typed => {
                Some("No directory name continues this path.".to_owned())
            }
            0 => None,
            n => Some(format!(
                "{n} directories: {}",
                completion.candidates.join("  ")
            )),
        };
    }

    fn update_params(&mut self, mut fields: Vec<Field>, mut focus: usize, action: Action) {
        let n = fields.len();
        match action {
            Action::Up => focus = (focus + n - 1) % n,
            Action::Down => focus = (focus + 1) % n,
            Action::Select if self.apply_params(&mut fields) => return,
            Action::Close => return,
            other => {
                if let Some(f) = fields.get_mut(focus)
                    && f.input.edit(other)
                {
                    f.error = check(f);
                }
            }
        }
        self.overlay = Some(Overlay::Params { fields, focus });
    }

    /// Applies the form if every changed field is valid and the Dockerfile renders; marks the fields
    /// otherwise. Only the values the user changed become settings, so what detection found stays
    /// "detected" rather than turning into an explicit setting.
    fn apply_params(&mut self, fields: &mut [Field]) -> bool {
        let mut ok = true;
        let mut changed = Vec::new();
        for f in fields.iter_mut() {
            if self.panes.dockerfile.is_current(f.key, f.input.value()) {
                f.error = None;
                continue;
            }
            f.error = check(f);
            ok &= f.error.is_none();
            changed.push((f.key, f.input.value().to_owned()));
        }
        if !ok {
            return false;
        }
        let (pane, inputs) = self.dockerfile();
        match pane.apply(inputs, changed) {
            Ok(()) => {
                self.status = Some(Status {
                    text: "Parameters applied.".to_owned(),
                    error: false,
                });
                true
            }
            Err(e) => {
                // A version the image does not offer is only known once rendering is tried.
                if let Some(f) = fields.iter_mut().find(|f| f.key == ParamKey::Version) {
                    f.error = Some(e);
                }
                false
            }
        }
    }

    fn export_effect(&mut self, dir: PathBuf, overwrite: Overwrite) -> Option<Effect> {
        match self.panes.dockerfile.files() {
            Ok(files) => Some(Effect::Export {
                dir,
                overwrite,
                files,
            }),
            Err(e) => {
                self.error(e);
                None
            }
        }
    }

    /// Takes the result of an export performed by the event loop. With run files, what the user
    /// must fill in before running them is shown in a notice.
    pub fn export_done(&mut self, dir: PathBuf, result: Result<Vec<PathBuf>, ExportError>) {
        match result {
            Ok(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let text = format!("Wrote {}.", and_list(&names));
                let fill_in = self.panes.dockerfile.fill_in();
                if !fill_in.is_empty() {
                    let mut lines =
                        vec![text.clone(), String::new(), "Before you run it:".to_owned()];
                    lines.extend(fill_in.into_iter().map(|l| format!("- {l}")));
                    self.overlay = Some(Overlay::Notice {
                        title: "Written".to_owned(),
                        lines,
                    });
                }
                self.status = Some(Status { text, error: false });
            }
            Err(ExportError::Exists { path }) => {
                self.overlay = Some(Overlay::ConfirmOverwrite {
                    dir,
                    existing: path,
                });
            }
            Err(e) => self.error(format!("Export failed: {e}")),
        }
    }
}

/// "a and b", "a, b and c".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// Why a field's value is refused, if it is.
fn check(field: &Field) -> Option<String> {
    params::validate(field.key, field.input.value())
        .err()
        .map(|e| e.to_string())
}
