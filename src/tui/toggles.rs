//! The Dockerfile pane's toggles as `App` transitions: pin by digest (its result comes back through
//! [`App::pin_done`]), and the run files written with the Dockerfile.

use crate::generate::Extra;

use super::app::{App, Status};
use super::panes::Pane;

impl App<'_> {
    pub(super) fn toggle_pin(&mut self) {
        self.pane = Pane::Dockerfile;
        let (pane, inputs) = self.dockerfile();
        pane.toggle_pin(inputs);
        let text = if !pane.is_pin_wanted() {
            "Pinning off: the Dockerfile names its images by tag."
        } else if pane.dockerfile().is_some() {
            "Pinning: asking the registries for each image's digest…"
        } else {
            "Pinning on: the Dockerfile is pinned once it can be generated."
        };
        self.status = Some(Status {
            text: text.to_owned(),
            error: false,
        });
    }

    pub(super) fn toggle_extra(&mut self, extra: Extra) {
        self.pane = Pane::Dockerfile;
        let (pane, inputs) = self.dockerfile();
        let name = extra.file_name();
        match pane.toggle_extra(inputs, extra) {
            Ok(true) => {
                self.status = Some(Status {
                    text: format!("{name} added: the export writes it next to the Dockerfile."),
                    error: false,
                });
            }
            Ok(false) => {
                self.status = Some(Status {
                    text: format!("{name} left out of the export."),
                    error: false,
                });
            }
            Err(e) => self.error(format!("Cannot add {name}: {e}")),
        }
    }

    /// Takes the result of pinning `source` (performed by the event loop): the pinned text and how
    /// many images were pinned, or why it failed. A result for a file no longer on show is dropped.
    pub fn pin_done(&mut self, source: &str, result: Result<(String, usize), String>) {
        let failed = result.as_ref().err().map(|e| one_line(e));
        let pinned = result.as_ref().map_or(0, |(_, n)| *n);
        let (pane, inputs) = self.dockerfile();
        if !pane.pin_done(inputs, source, result) {
            return;
        }
        match failed {
            Some(reason) => self.error(format!("Cannot pin: {reason}")),
            None => {
                self.status = Some(Status {
                    text: format!(
                        "Pinned {pinned} image{} by digest.",
                        if pinned == 1 { "" } else { "s" }
                    ),
                    error: false,
                });
            }
        }
    }
}

/// A message of several lines on one line.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
