//! The overlays of the result screen: the parameter form, the export prompt and the overwrite
//! confirmation. Pure state transitions, like the rest of `App`.

use std::path::PathBuf;

use super::app::{App, Effect, Field, Overlay, Status};
use super::keys::Action;
use crate::export::{ExportError, Overwrite};
use crate::knowledge::{ParamKey, params};

impl App<'_> {
    /// The parameter values in effect for the current outcome, as form fields.
    pub(super) fn current_fields(&self) -> Vec<Field> {
        ParamKey::ALL
            .iter()
            .map(|&key| Field {
                key,
                value: self
                    .plan
                    .as_ref()
                    .and_then(|p| p.params.get(key.as_str()))
                    .cloned()
                    .unwrap_or_default(),
                error: None,
            })
            .collect()
    }

    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Effect> {
        match overlay {
            Overlay::Help => {
                if !matches!(action, Action::Close | Action::Help) {
                    self.overlay = Some(Overlay::Help);
                }
                None
            }
            Overlay::Params { fields, focus } => {
                self.update_params(fields, focus, action);
                None
            }
            Overlay::ExportPath { mut input } => match action {
                Action::Input(c) => {
                    input.push(c);
                    self.overlay = Some(Overlay::ExportPath { input });
                    None
                }
                Action::DeleteChar => {
                    input.pop();
                    self.overlay = Some(Overlay::ExportPath { input });
                    None
                }
                Action::Select => {
                    let dir = if input.trim().is_empty() {
                        ".".to_owned()
                    } else {
                        input
                    };
                    self.export_effect(PathBuf::from(dir), Overwrite::Refuse)
                }
                Action::Close => None,
                _ => {
                    self.overlay = Some(Overlay::ExportPath { input });
                    None
                }
            },
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

    fn update_params(&mut self, mut fields: Vec<Field>, mut focus: usize, action: Action) {
        let n = fields.len();
        match action {
            Action::Up => focus = (focus + n - 1) % n,
            Action::Down => focus = (focus + 1) % n,
            Action::Input(c) => {
                if let Some(f) = fields.get_mut(focus) {
                    f.value.push(c);
                    f.error = params::validate(f.key, &f.value)
                        .err()
                        .map(|e| e.to_string());
                }
            }
            Action::DeleteChar => {
                if let Some(f) = fields.get_mut(focus) {
                    f.value.pop();
                    f.error = params::validate(f.key, &f.value)
                        .err()
                        .map(|e| e.to_string());
                }
            }
            Action::Select if self.apply_params(&mut fields) => return,
            Action::Close => return,
            _ => {}
        }
        self.overlay = Some(Overlay::Params { fields, focus });
    }

    /// Applies the form if every field is valid and the Dockerfile renders; marks the fields otherwise.
    fn apply_params(&mut self, fields: &mut [Field]) -> bool {
        // Only the values the user changed become overrides, so what detection found stays
        // "detected" rather than turning into an explicit setting.
        let current = |key: ParamKey| {
            self.plan
                .as_ref()
                .and_then(|p| p.params.get(key.as_str()))
                .cloned()
                .unwrap_or_default()
        };
        let mut ok = true;
        let mut changed = Vec::new();
        for f in fields.iter_mut() {
            if f.value == current(f.key) {
                f.error = None;
                continue;
            }
            f.error = params::validate(f.key, &f.value)
                .err()
                .map(|e| e.to_string());
            ok &= f.error.is_none();
            changed.push((f.key.as_str().to_owned(), f.value.clone()));
        }
        if !ok {
            return false;
        }
        let mut overrides: Vec<(String, String)> = self
            .overrides
            .iter()
            .filter(|(k, _)| !changed.iter().any(|(c, _)| c == k))
            .cloned()
            .collect();
        overrides.extend(changed);
        let Some(rendered) = self.generate(&overrides) else {
            return false;
        };
        match rendered {
            Ok((plan, artifacts)) => {
                self.overrides = overrides;
                self.plan = Some(plan);
                self.artifacts = Some(Ok(artifacts));
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
        if let Some(Ok(artifacts)) = &self.artifacts {
            Some(Effect::Export {
                dir,
                overwrite,
                artifacts: artifacts.clone(),
            })
        } else {
            self.error("Nothing to export yet.".to_owned());
            None
        }
    }

    /// Takes the result of an export performed by the event loop.
    pub fn export_done(&mut self, dir: PathBuf, result: Result<Vec<PathBuf>, ExportError>) {
        match result {
            Ok(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                self.status = Some(Status {
                    text: format!("Wrote {}.", names.join(" and ")),
                    error: false,
                });
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
