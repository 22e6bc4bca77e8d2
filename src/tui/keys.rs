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
    Confirm,
    Deny,
    // The result screen's lists and the question screen's side panel.
    /// Scroll the compare table's optional columns.
    ColumnsLeft,
    ColumnsRight,
    /// Show the decision tree instead of "why this matters" on the question screen, or back.
    ToggleTree,
    /// Select a row of the current pane's list (a mouse click; 0 is the first row on screen).
    Row(u16),
    // The Dockerfile pane's toggles.
    /// Pin every image of the Dockerfile by digest, or stop pinning.
    TogglePin,
    /// Write compose.yaml with the Dockerfile, or not.
    ToggleCompose,
    /// Write k8s.yaml with the Dockerfile, or not.
    ToggleKubernetes,
    /// Show the next file the export writes.
    NextFile,
    // Text fields (the parameter form and the export prompt).
    /// A typed character.
    Input(char),
    /// Delete the character before the cursor.
    DeleteChar,
    /// Delete the character under the cursor.
    DeleteForward,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    /// Cut from the start of the line to the cursor (Ctrl-U).
    KillToStart,
    /// Cut from the cursor to the end of the line (Ctrl-K).
    KillToEnd,
    /// Cut the word or path part before the cursor (Ctrl-W).
    KillWord,
    /// Complete a directory name (Tab in the export prompt).
    Complete,
    // Learn mode.
    /// The next lesson, slide or question.
    Next,
    /// The previous lesson or slide.
    Prev,
    /// Open the advisor with the lesson's answers given.
    TryIt,
}

/// Which keys apply: each screen or overlay has its own set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Question,
    Result,
    /// The parameter form.
    Form,
    /// The export prompt: one path, with directory completion.
    Path,
    /// A yes/no question (overwrite?).
    Confirm,
    /// A list to pick one from: the app of a directory holding several, the program to build.
    Choose,
    /// A message to read and close (what to fill in after an export).
    Notice,
    Help,
    // Learn mode (`basepick learn`).
    /// The list of lessons.
    Contents,
    /// A lesson on one scrolling page.
    Lesson,
    /// One idea per screen (`--present`).
    Slide,
    /// A quiz question waiting for an answer.
    QuizQuestion,
    /// Right or wrong, and why.
    QuizFeedback,
    /// The score and the review of mistakes.
    QuizScore,
}

/// A key as the table matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// Any digit; 0 stands for 10.
    Digit,
    /// Never matches a key: a row for what the mouse does, so the help shows it with the keys.
    Mouse,
}

/// One row of the key table.
#[derive(Debug)]
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

use Key::{Code, Ctrl, Digit, Mouse};
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right,
    Tab, Up,
};
use Mode::{
    Choose, Confirm, Contents, Form, Help, Lesson, Notice, Path, Question, QuizFeedback,
    QuizQuestion, QuizScore, Result, Slide,
};

const BROWSE: &[Mode] = &[Question, Result];
/// Modes with a text field.
const EDIT: &[Mode] = &[Form, Path];

/// Shorthand for a row of the table below.
const fn bind(
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    hint: &'static str,
    modes: &'static [Mode],
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        hint,
        modes,
        footer,
    }
}

const ALL_MODES: &[Mode] = &[Question, Result, Form, Path, Confirm, Choose, Notice, Help];

/// The table. Order matters twice: the first matching row wins, and hints appear in this order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[Code(Up), Code(Char('k'))], "↑/k", Action::Up, "up", &[Question], true),
    bind(&[Code(Down), Code(Char('j'))], "↓/j", Action::Down, "down", &[Question], true),
    // On the result screen each pane says how it scrolls, so the footer leaves these out.
    bind(&[Code(Up), Code(Char('k'))], "↑/k", Action::Up, "up", &[Result], false),
    bind(&[Code(Down), Code(Char('j'))], "↓/j", Action::Down, "down", &[Result], false),
    bind(&[Code(PageUp)], "PgUp", Action::PageUp, "scroll a page up", &[Result], false),
    bind(&[Code(PageDown)], "PgDn", Action::PageDown, "scroll a page down", &[Result], false),
    bind(&[Code(Enter)], "Enter", Action::Select, "choose", &[Question], true),
    bind(&[Digit], "1-9,0", Action::Number(0), "choose by number (0 is 10)", &[Question], false),
    bind(&[Code(Tab)], "Tab", Action::NextPane, "next pane", &[Result], true),
    bind(&[Code(BackTab)], "S-Tab", Action::PrevPane, "previous pane", &[Result], false),
    // The hint names the panes' keys; the assertion below keeps it in step with the pane list.
    bind(&[Digit], "1-5", Action::Number(0), "go to pane", &[Result], false),
    bind(&[Code(Backspace), Code(Left)], "←/⌫", Action::Back, "back", BROWSE, true),
    bind(&[Code(Char('r'))], "r", Action::Restart, "restart", BROWSE, true),
    bind(&[Code(Char('a'))], "a", Action::ToggleAll, "compare: this runtime / all images", &[Result], false),
    bind(&[Code(Char('s'))], "s", Action::CycleSort, "compare: change sort column", &[Result], false),
    bind(&[Code(Char('<'))], "<", Action::ColumnsLeft, "compare: scroll columns left", &[Result], false),
    bind(&[Code(Char('>'))], ">", Action::ColumnsRight, "compare: scroll columns right", &[Result], false),
    bind(&[Code(Enter), Code(Char(' '))], "Enter/Space", Action::Select, "tree: open / close a branch", &[Result], false),
    bind(&[Code(Char('t'))], "t", Action::ToggleTree, "side panel: why this matters / decision tree", &[Question], false),
    bind(&[Code(Char('p'))], "p", Action::EditParams, "parameters", &[Result], true),
    bind(&[Code(Char('e'))], "e", Action::Export, "export", &[Result], true),
    bind(&[Mouse], "mouse", Action::Row(0), "click a tab, choice or row; wheel scrolls", BROWSE, false),
    bind(&[Code(Char('?'))], "?", Action::Help, "help", BROWSE, true),
    bind(&[Code(Char('q'))], "q", Action::Quit, "quit", BROWSE, true),
    bind(&[Ctrl('c')], "Ctrl-C", Action::Quit, "quit", ALL_MODES, false),
    bind(&[Code(Esc)], "Esc", Action::Close, "close / quit", BROWSE, false),
    // The Dockerfile pane's keys; the pane names them on screen too.
    bind(&[Code(Enter)], "Enter", Action::Select, "Dockerfile: choose the program to build", &[Result], false),
    bind(&[Code(Char('d'))], "d", Action::TogglePin, "Dockerfile: pin images by digest", &[Result], false),
    bind(&[Code(Char('c'))], "c", Action::ToggleCompose, "Dockerfile: also write compose.yaml", &[Result], false),
    bind(&[Code(Char('m'))], "m", Action::ToggleKubernetes, "Dockerfile: also write k8s.yaml", &[Result], false),
    bind(&[Code(Char('f'))], "f", Action::NextFile, "Dockerfile: show the next file", &[Result], false),
    // Overlays: the parameter form, the export prompt, the overwrite question, help.
    bind(&[Code(Enter)], "Enter", Action::Select, "apply", &[Form], true),
    bind(&[Code(Enter)], "Enter", Action::Select, "write files", &[Path], true),
    bind(&[Code(Tab), Code(Down)], "Tab/↓", Action::Down, "next field", &[Form], true),
    bind(&[Code(BackTab), Code(Up)], "S-Tab/↑", Action::Up, "previous field", &[Form], false),
    bind(&[Code(Tab)], "Tab", Action::Complete, "complete directory", &[Path], true),
    bind(&[Code(Esc)], "Esc", Action::Close, "cancel", EDIT, true),
    // Text fields edit like a shell prompt.
    bind(&[Code(Left)], "←", Action::CursorLeft, "cursor left", EDIT, false),
    bind(&[Code(Right)], "→", Action::CursorRight, "cursor right", EDIT, false),
    bind(&[Code(Home), Ctrl('a')], "Home/C-a", Action::LineStart, "to the start", EDIT, false),
    bind(&[Code(End), Ctrl('e')], "End/C-e", Action::LineEnd, "to the end", EDIT, false),
    bind(&[Code(Backspace), Ctrl('h')], "⌫", Action::DeleteChar, "delete before the cursor", EDIT, false),
    bind(&[Code(Delete), Ctrl('d')], "Del/C-d", Action::DeleteForward, "delete under the cursor", EDIT, false),
    bind(&[Ctrl('u')], "Ctrl-U", Action::KillToStart, "cut to start", EDIT, true),
    bind(&[Ctrl('k')], "Ctrl-K", Action::KillToEnd, "cut to end", EDIT, false),
    bind(&[Ctrl('w')], "Ctrl-W", Action::KillWord, "cut word or path part", EDIT, false),
    bind(&[Code(Up), Code(Char('k'))], "↑/k", Action::Up, "up", &[Choose], true),
    bind(&[Code(Down), Code(Char('j'))], "↓/j", Action::Down, "down", &[Choose], true),
    bind(&[Code(Enter)], "Enter", Action::Select, "choose", &[Choose], true),
    bind(&[Digit], "1-9", Action::Number(0), "choose by number", &[Choose], false),
    bind(&[Code(Esc)], "Esc", Action::Close, "close", &[Choose], true),
    bind(&[Code(Enter), Code(Esc)], "Enter/Esc", Action::Close, "close", &[Notice], true),
    bind(&[Code(Char('y'))], "y", Action::Confirm, "yes, overwrite", &[Confirm], true),
    bind(&[Code(Char('n')), Code(Esc)], "n/Esc", Action::Deny, "no, keep the files", &[Confirm], true),
    bind(&[Code(Up), Code(Char('k'))], "↑/k", Action::Up, "scroll up", &[Help], true),
    bind(&[Code(Down), Code(Char('j'))], "↓/j", Action::Down, "scroll down", &[Help], true),
    bind(&[Code(PageUp)], "PgUp", Action::PageUp, "scroll a page up", &[Help], false),
    bind(&[Code(PageDown)], "PgDn", Action::PageDown, "scroll a page down", &[Help], false),
    bind(&[Code(Esc), Code(Char('?')), Code(Char('q'))], "Esc/?", Action::Close, "close help", &[Help], true),
    // Learn mode: the course and its quiz.
    bind(&[Code(Up), Code(Char('k'))], "↑/k", Action::Up, "up", &[Contents, QuizQuestion], true),
    bind(&[Code(Down), Code(Char('j'))], "↓/j", Action::Down, "down", &[Contents, QuizQuestion], true),
    bind(&[Code(Up), Code(Char('k'))], "↑/↓", Action::Up, "scroll", LEARN_PAGES, true),
    bind(&[Code(Down), Code(Char('j'))], "↑/↓", Action::Down, "scroll", LEARN_PAGES, false),
    bind(&[Code(PageUp)], "PgUp", Action::PageUp, "scroll a page up", &[Lesson, QuizScore], false),
    bind(&[Code(PageDown)], "PgDn", Action::PageDown, "scroll a page down", &[Lesson, QuizScore], false),
    bind(&[Code(Enter)], "Enter", Action::Select, "open", &[Contents], true),
    bind(&[Code(Enter)], "Enter", Action::Select, "answer", &[QuizQuestion], true),
    bind(&[Digit], "1-9", Action::Number(0), "answer by number", &[QuizQuestion], false),
    bind(&[Code(Left), Code(Char('p'))], "←/→", Action::Prev, "lesson", &[Lesson], true),
    bind(&[Code(Right), Code(Char('n'))], "←/→", Action::Next, "lesson", &[Lesson], false),
    bind(&[Code(Left), Code(PageUp), Code(Backspace), Code(Char('p'))], "←/→", Action::Prev, "slide", &[Slide], true),
    bind(&[Code(Right), Code(PageDown), Code(Char(' ')), Code(Enter), Code(Char('n'))], "←/→", Action::Next, "slide", &[Slide], false),
    bind(&[Code(Enter), Code(Right), Code(Char(' ')), Code(Char('n'))], "Enter", Action::Next, "next question", &[QuizFeedback], true),
    bind(&[Code(Char('t'))], "t", Action::TryIt, "try it", &[Lesson, Slide], true),
    bind(&[Code(Char('r'))], "r", Action::Restart, "new quiz", &[QuizScore], true),
    bind(&[Code(Esc)], "Esc", Action::Close, "contents", &[Lesson, Slide, QuizQuestion, QuizFeedback, QuizScore], true),
    bind(&[Code(Esc), Code(Char('q'))], "q", Action::Quit, "quit", &[Contents], true),
    bind(&[Code(Char('q'))], "q", Action::Quit, "quit", LEARN_PAGES, true),
    bind(&[Code(Char('q'))], "q", Action::Quit, "quit", &[QuizQuestion, QuizFeedback], true),
    bind(&[Ctrl('c')], "Ctrl-C", Action::Quit, "quit", LEARN_MODES, false),
];

/// Learn screens that scroll.
const LEARN_PAGES: &[Mode] = &[Lesson, Slide, QuizScore];
/// Every learn screen.
const LEARN_MODES: &[Mode] = &[
    Contents,
    Lesson,
    Slide,
    QuizQuestion,
    QuizFeedback,
    QuizScore,
];

// The "1-5" hint above names every pane's key: a pane added to the list must update it.
const _: () = assert!(super::panes::Pane::ALL.len() == 5);

fn matches(key: Key, event: &KeyEvent) -> bool {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    match key {
        Ctrl(c) => ctrl && event.code == Char(c),
        Digit => !ctrl && matches!(event.code, Char('0'..='9')),
        Code(code) => !ctrl && event.code == code,
        Mouse => false,
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
        (None, Form | Path, Char(c)) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
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

/// How the key for `action` in `mode` is written, for texts that name it ("d pin by digest"); empty
/// when no key is bound to it there.
pub fn label(action: Action, mode: Mode) -> &'static str {
    BINDINGS
        .iter()
        .find(|b| b.action == action && b.modes.contains(&mode))
        .map_or("", |b| b.label)
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
        for mode in ALL_MODES.iter().copied() {
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
        for mode in ALL_MODES.iter().copied() {
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
