//! The result screen's transitions: switching panes, and each pane's own keys applied to its state.

use crate::generate::Extra;

use super::app::{App, Overlay};
use super::field::TextField;
use super::keys::Action;
use super::panes::{Pane, SORTS, step};
use super::view::compare::OPTIONAL_COLUMNS;

/// Lines a page key moves.
const PAGE: i32 = 10;

impl App<'_> {
    pub(super) fn update_result(&mut self, action: Action) {
        let before = self.pane;
        self.update_pane(action);
        // Arriving at a Dockerfile that needs a choice of program asks for it.
        if before != Pane::Dockerfile && self.pane == Pane::Dockerfile && self.overlay.is_none() {
            self.ask_for_program();
        }
    }

    fn update_pane(&mut self, action: Action) {
        match action {
            Action::NextPane => self.pane = self.pane.step(1),
            Action::PrevPane => self.pane = self.pane.step(-1),
            Action::Number(k) if (1..=Pane::ALL.len()).contains(&usize::from(k)) => {
                self.pane = Pane::ALL[usize::from(k) - 1];
            }
            Action::Up => self.move_in_pane(-1),
            Action::Down => self.move_in_pane(1),
            Action::PageUp => self.move_in_pane(-PAGE),
            Action::PageDown => self.move_in_pane(PAGE),
            Action::Row(row) => self.select_row(usize::from(row)),
            Action::Select if self.pane == Pane::Tree => self.panes.tree.toggle(),
            Action::Select if self.pane == Pane::Dockerfile => {
                self.ask_for_program();
            }
            Action::TogglePin => self.toggle_pin(),
            Action::ToggleCompose => self.toggle_extra(Extra::Compose),
            Action::ToggleKubernetes => self.toggle_extra(Extra::Kubernetes),
            Action::NextFile => {
                self.pane = Pane::Dockerfile;
                self.panes.dockerfile.next_file();
            }
            Action::ColumnsLeft | Action::ColumnsRight => {
                self.pane = Pane::Compare;
                let delta = if action == Action::ColumnsLeft { -1 } else { 1 };
                let compare = &mut self.panes.compare;
                compare.column_offset =
                    step(compare.column_offset, delta).min(OPTIONAL_COLUMNS.saturating_sub(1));
            }
            Action::ToggleAll => {
                self.pane = Pane::Compare;
                self.panes.compare.all = !self.panes.compare.all;
                self.select_recommended_row();
            }
            Action::CycleSort => {
                self.pane = Pane::Compare;
                self.panes.compare.sort = (self.panes.compare.sort + 1) % SORTS.len();
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
                if self.ask_for_program() {
                    return;
                }
                match self.panes.dockerfile.files() {
                    Ok(_) => {
                        self.overlay = Some(Overlay::ExportPath {
                            input: TextField::prefilled("."),
                            note: None,
                        });
                    }
                    Err(e) => self.error(e),
                }
            }
            Action::Back => self.back(),
            Action::Restart => self.restart(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Close => self.quit = true,
            _ => {}
        }
    }

    /// Up, down and the page keys: text panes scroll, lists move their selection.
    fn move_in_pane(&mut self, delta: i32) {
        match self.pane {
            Pane::Recommendation => self.panes.recommendation.scroll_by(delta),
            Pane::Compare => {
                let len = self.compare_rows().len();
                self.panes.compare.select_by(delta, len);
            }
            Pane::Dockerfile => self.panes.dockerfile.preview.scroll_by(delta),
            Pane::Tips => self.panes.tips.scroll_by(delta),
            Pane::Tree => self.panes.tree.move_by(self.knowledge, delta),
        }
    }

    /// Selects a row of the current pane's list (what a click on it does).
    fn select_row(&mut self, row: usize) {
        match self.pane {
            Pane::Compare => {
                let len = self.compare_rows().len();
                if row < len {
                    self.panes.compare.selected = row;
                }
            }
            Pane::Tree => self.panes.tree.select_visible(self.knowledge, row),
            _ => {}
        }
    }
}
