//! The panes of the result screen and the state each keeps for itself (as ratatui's demo2 keeps one
//! struct per tab). `Pane::ALL` is the one list: Tab order, number keys, tab titles and mouse clicks
//! all come from it.

use crate::listing::SortKey;

use super::dockerfile_pane::DockerfilePane;
use super::tree::TreePane;

/// The panes of the result screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Recommendation,
    Compare,
    Dockerfile,
    Tips,
    Tree,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Recommendation,
        Pane::Compare,
        Pane::Dockerfile,
        Pane::Tips,
        Pane::Tree,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Recommendation => "Recommendation",
            Pane::Compare => "Compare",
            Pane::Dockerfile => "Dockerfile",
            Pane::Tips => "Tips",
            Pane::Tree => "Tree",
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane `steps` places after this one in Tab order, wrapping around.
    #[must_use]
    pub fn step(self, steps: isize) -> Pane {
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

/// A pane of text that scrolls by lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextPane {
    pub scroll: u16,
}

impl TextPane {
    pub fn scroll_by(&mut self, lines: i32) {
        self.scroll = step(self.scroll.into(), lines)
            .try_into()
            .unwrap_or(u16::MAX);
    }
}

/// The compare table: which rows, in which order, which row is selected and how far the columns
/// beyond the image name are scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComparePane {
    /// Every image, unsupported ones too, instead of the runtime's supported images.
    pub all: bool,
    /// Index into [`SORTS`].
    pub sort: usize,
    pub selected: usize,
    /// How many of the optional columns are scrolled out of view to the left.
    pub column_offset: usize,
}

impl ComparePane {
    pub fn sort_key(&self) -> Option<SortKey> {
        SORTS[self.sort % SORTS.len()]
    }

    /// Moves the selection by `rows`, staying within `len` rows.
    pub fn select_by(&mut self, rows: i32, len: usize) {
        let moved = step(self.selected, rows);
        self.selected = moved.min(len.saturating_sub(1));
    }
}

/// `at` moved by `delta`, never below zero.
pub fn step(at: usize, delta: i32) -> usize {
    let magnitude = delta.unsigned_abs() as usize;
    if delta < 0 {
        at.saturating_sub(magnitude)
    } else {
        at.saturating_add(magnitude)
    }
}

/// Every pane's own state.
#[derive(Debug, Default)]
pub struct Panes {
    pub recommendation: TextPane,
    pub compare: ComparePane,
    pub dockerfile: DockerfilePane,
    pub tips: TextPane,
    pub tree: TreePane,
}
