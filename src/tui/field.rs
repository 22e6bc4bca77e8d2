//! A one-line text field that edits like a shell prompt: the cursor moves (←/→, Home/End, Ctrl-A/E),
//! Ctrl-U/K cut to the start/end, Ctrl-W cuts the word or path part before the cursor, pastes insert
//! their first line. A pre-filled value starts selected, so typing replaces it.

use super::keys::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    value: String,
    /// Cursor position, in characters from the start.
    cursor: usize,
    /// The whole value is selected: typing replaces it, deleting clears it.
    selected: bool,
}

impl TextField {
    /// A field holding `value`, cursor at the end.
    pub fn new(value: &str) -> Self {
        TextField {
            value: value.to_owned(),
            cursor: value.chars().count(),
            selected: false,
        }
    }

    /// A field holding a suggested `value`, selected so that typing replaces it.
    pub fn prefilled(value: &str) -> Self {
        TextField {
            selected: !value.is_empty(),
            ..TextField::new(value)
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// The cursor position, in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Replaces the value (a completion, say); the cursor goes to the end.
    pub fn set(&mut self, value: &str) {
        *self = TextField::new(value);
    }

    /// Applies an editing action; `false` when the action is not about editing text.
    pub fn edit(&mut self, action: Action) -> bool {
        let len = self.value.chars().count();
        let selected = std::mem::take(&mut self.selected);
        match action {
            Action::Input(c) => {
                if selected {
                    self.set("");
                }
                self.insert(c);
            }
            Action::CursorLeft if selected => self.cursor = 0,
            Action::CursorRight if selected => self.cursor = len,
            Action::DeleteChar
            | Action::DeleteForward
            | Action::KillToStart
            | Action::KillToEnd
            | Action::KillWord
                if selected =>
            {
                self.set("");
            }
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = len,
            Action::DeleteChar if self.cursor > 0 => {
                self.cut(self.cursor - 1, self.cursor);
            }
            Action::DeleteForward if self.cursor < len => self.cut(self.cursor, self.cursor + 1),
            Action::KillToStart => self.cut(0, self.cursor),
            Action::KillToEnd => self.cut(self.cursor, len),
            Action::KillWord => self.cut(self.word_start(), self.cursor),
            Action::DeleteChar | Action::DeleteForward => {}
            _ => {
                self.selected = selected;
                return false;
            }
        }
        true
    }

    /// Inserts pasted text at the cursor: its first line, without control characters.
    pub fn paste(&mut self, text: &str) {
        if std::mem::take(&mut self.selected) {
            self.set("");
        }
        let line = text.lines().next().unwrap_or_default();
        for c in line.chars().filter(|c| !c.is_control()) {
            self.insert(c);
        }
    }

    fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    /// Removes the characters in `from..to`; the cursor lands at `from`.
    fn cut(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte(from), self.byte(to));
        self.value.replace_range(a..b, "");
        self.cursor = from;
    }

    /// Where Ctrl-W cuts from: back over separators (spaces, `/`), then back to the previous one, so
    /// `/srv/out/` becomes `/srv/` and `a b` becomes `a `.
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.value.chars().take(self.cursor).collect();
        let separator = |c: &char| c.is_whitespace() || *c == '/';
        let mut at = chars.len();
        while at > 0 && separator(&chars[at - 1]) {
            at -= 1;
        }
        while at > 0 && !separator(&chars[at - 1]) {
            at -= 1;
        }
        at
    }

    fn byte(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }
}
