//! The one key table: it turns key presses into `Action`s and provides the hints shown in the footer
//! and the help overlay, so what the screen says and what the keys do cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the user asked for, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Select,
    /// A number key: a choice on the question screen, a pane on the result screen (1-based).
    Number(u8),
    Back,
    Restart,
    NextPane,
    PrevPane,
    ToggleAll,
    CycleSort,
    EditParams,
    Export,
    Help,
    /// Esc: close the open overlay, or quit when none is open.
    Close,
    Quit,
    /// A typed character, in text fields.
    Input(char),
    /// Delete the character before the cursor, in text fields.
    DeleteChar,
    Confirm,
    Deny,
}

/// Which keys apply: each screen or overlay has its own set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Question,
    Result,
    /// A text form or prompt (parameters, export path).
    Form,
    /// A yes/no question (overwrite?).
    Confirm,
    Help,
}

/// A key as the table matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// Any digit; 0 stands for 10.
    Digit,
}

/// One row of the key table.
pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in hints, e.g. "↑/k".
    pub label: &'static str,
    pub action: Action,
    /// What the action does, in a few words.
    pub hint: &'static str,
    pub modes: &'static [Mode],
    /// Shown in the footer (everything is shown in the help overlay).
    pub footer: bool,
}

use Key::{Code, Ctrl, Digit};
use KeyCode::{BackTab, Backspace, Char, Down, Enter, Esc, Left, PageDown, PageUp, Tab, Up};
use Mode::{Confirm, Form, Help, Question, Result};

const BROWSE: &[Mode] = &[Question, Result];

/// The table. Order matters twice: the first matching row wins, and hints appear in this order.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Code(Up), Code(Char('k'))],
        label: "↑/k",
        action: Action::Up,
        hint: "up",
        modes: BROWSE,
        footer: true,
    },
    Binding {
        keys: &[Code(Down), Code(Char('j'))],
        label: "↓/j",
        action: Action::Down,
        hint: "down",
        modes: BROWSE,
        footer: true,
    },
    Binding {
        keys: &[Code(PageUp)],
        label: "PgUp",
        action: Action::PageUp,
        hint: "scroll a page up",
        modes: &[Result],
        footer: false,
    },
    Binding {
        keys: &[Code(PageDown)],
        label: "PgDn",
        action: Action::PageDown,
        hint: "scroll a page down",
        modes: &[Result],
        footer: false,
    },
    Binding {
        keys: &[Code(Enter)],
        label: "Enter",
        action: Action::Select,
        hint: "choose",
        modes: &[Question],
        footer: true,
    },
    Binding {
        keys: &[Digit],
        label: "1-9",
        action: Action::Number(0),
        hint: "choose by number",
        modes: &[Question],
        footer: false,
    },
    Binding {
        keys: &[Code(Tab)],
        label: "Tab",
        action: Action::NextPane,
        hint: "next pane",
        modes: &[Result],
        footer: true,
    },
    Binding {
        keys: &[Code(BackTab)],
        label: "S-Tab",
        action: Action::PrevPane,
        hint: "previous pane",
        modes: &[Result],
        footer: false,
    },
    Binding {
        keys: &[Digit],
        label: "1-4",
        action: Action::Number(0),
        hint: "go to pane",
        modes: &[Result],
        footer: false,
    },
    Binding {
        keys: &[Code(Backspace), Code(Left)],
        label: "←/⌫",
        action: Action::Back,
        hint: "back",
        modes: BROWSE,
        footer: true,
    },
    Binding {
        keys: &[Code(Char('r'))],
        label: "r",
        action: Action::Restart,
        hint: "restart",
        modes: BROWSE,
        footer: true,
    },
    Binding {
        keys: &[Code(Char('a'))],
        label: "a",
        action: Action::ToggleAll,
        hint: "compare: this runtime / all images",
        modes: &[Result],
        footer: false,
    },
    Binding {
        keys: &[Code(Char('s'))],
        label: "s",
        action: Action::CycleSort,
        hint: "compare: change sort column",
        modes: &[Result],
        footer: false,
    },
    Binding {
        keys: &[Code(Char('p'))],
        label: "p",
        action: Action::EditParams,
        hint: "parameters",
        modes: &[Result],
        footer: true,
    },
    Binding {
        keys: &[Code(Char('e'))],
        label: "e",
        action: Action::Export,
        hint: "export",
        modes: &[Result],
        footer: true,
    },
    Binding {
        keys: &[Code(Char('?'))],
        label: "?",
        action: Action::Help,
        hint: "help",
        modes: BROWSE,
        footer: true,
    },
    Binding {
        keys: &[Code(Char('q'))],
        label: "q",
        action: Action::Quit,
        hint: "quit",
        modes: BROWSE,
        footer: true,
    },
    Binding {
        keys: &[Ctrl('c')],
        label: "Ctrl-C",
        action: Action::Quit,
        hint: "quit",
        modes: &[Question, Result, Form, Confirm, Help],
        footer: false,
    },
    Binding {
        keys: &[Code(Esc)],
        label: "Esc",
        action: Action::Close,
        hint: "close / quit",
        modes: BROWSE,
        footer: false,
    },
    // Overlays.
    Binding {
        keys: &[Code(Enter)],
        label: "Enter",
        action: Action::Select,
        hint: "apply",
        modes: &[Form],
        footer: true,
    },
    Binding {
        keys: &[Code(Tab), Code(Down)],
        label: "Tab/↓",
        action: Action::Down,
        hint: "next field",
        modes: &[Form],
        footer: true,
    },
    Binding {
        keys: &[Code(BackTab), Code(Up)],
        label: "S-Tab/↑",
        action: Action::Up,
        hint: "previous field",
        modes: &[Form],
        footer: false,
    },
    Binding {
        keys: &[Code(Backspace)],
        label: "⌫",
        action: Action::DeleteChar,
        hint: "delete",
        modes: &[Form],
        footer: false,
    },
    Binding {
        keys: &[Code(Esc)],
        label: "Esc",
        action: Action::Close,
        hint: "cancel",
        modes: &[Form],
        footer: true,
    },
    Binding {
        keys: &[Code(Char('y'))],
        label: "y",
        action: Action::Confirm,
        hint: "yes, overwrite",
        modes: &[Confirm],
        footer: true,
    },
    Binding {
        keys: &[Code(Char('n')), Code(Esc)],
        label: "n/Esc",
        action: Action::Deny,
        hint: "no, keep the files",
        modes: &[Confirm],
        footer: true,
    },
    Binding {
        keys: &[Code(Esc), Code(Char('?')), Code(Char('q'))],
        label: "Esc/?",
        action: Action::Close,
        hint: "close help",
        modes: &[Help],
        footer: true,
    },
];

fn matches(key: Key, event: &KeyEvent) -> bool {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    match key {
        Ctrl(c) => ctrl && event.code == Char(c),
        Digit => !ctrl && matches!(event.code, Char('0'..='9')),
        Code(code) => !ctrl && event.code == code,
    }
}

/// The action for a key event in a mode; `None` for releases, repeats of other kinds and unbound keys.
pub fn action_for(event: &KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let bound = BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find(|b| b.keys.iter().any(|k| matches(*k, event)))
        .map(|b| match (b.action, event.code) {
            (Action::Number(_), Char('0')) => Action::Number(10),
            (Action::Number(_), Char(c)) => Action::Number(c as u8 - b'0'),
            (action, _) => action,
        });
    match (bound, mode, event.code) {
        (Some(action), _, _) => Some(action),
        (None, Form, Char(c)) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// `(keys, hint)` pairs for the footer of a mode.
pub fn footer_hints(mode: Mode) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.footer && b.modes.contains(&mode))
        .map(|b| (b.label, b.hint))
        .collect()
}

/// `(keys, hint)` pairs for the help overlay: every binding of the browsing screens, once.
pub fn help_rows(modes: &[Mode]) -> Vec<(&'static str, &'static str)> {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for b in BINDINGS
        .iter()
        .filter(|b| b.modes.iter().any(|m| modes.contains(m)))
    {
        if !rows.contains(&(b.label, b.hint)) {
            rows.push((b.label, b.hint));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn digits_carry_their_number() {
        assert_eq!(
            action_for(&press(Char('3')), Question),
            Some(Action::Number(3))
        );
        assert_eq!(
            action_for(&press(Char('2')), Result),
            Some(Action::Number(2))
        );
    }

    #[test]
    fn only_presses_count() {
        let release = KeyEvent {
            code: Enter,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        };
        assert_eq!(action_for(&release, Question), None);
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_q_types_in_forms() {
        let ctrl_c = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        for mode in [Question, Result, Form, Confirm, Help] {
            assert_eq!(action_for(&ctrl_c, mode), Some(Action::Quit), "{mode:?}");
        }
        assert_eq!(
            action_for(&press(Char('q')), Form),
            Some(Action::Input('q'))
        );
        assert_eq!(action_for(&press(Char('q')), Question), Some(Action::Quit));
    }

    #[test]
    fn every_footer_hint_is_bound_in_its_mode() {
        for mode in [Question, Result, Form, Confirm, Help] {
            for (label, _) in footer_hints(mode) {
                let b = BINDINGS
                    .iter()
                    .find(|b| b.label == label && b.modes.contains(&mode))
                    .unwrap();
                assert!(!b.keys.is_empty());
            }
        }
        assert!(footer_hints(Question).iter().any(|(l, _)| *l == "Enter"));
    }
}
