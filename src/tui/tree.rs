//! The decision tree as a tree widget (`tui-tree-widget`): the path taken open and marked, the other
//! branches closed until opened. A node is named by its path: the start question's id, then the id of
//! each choice on the way. Only open nodes get their children built, so the cost follows what is on
//! screen, not the size of the tree.

use std::collections::BTreeSet;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use tui_tree_widget::{TreeItem, TreeState};

use crate::advisor::TrailStep;
use crate::knowledge::{Choice, Knowledge, Question, Target};

use super::panes::step;
use super::view::Theme;

/// What a node of the tree stands for.
#[derive(Debug, Clone, Copy)]
pub enum Node<'k> {
    /// The start question.
    Start(&'k Question),
    /// A choice, and the question or leaf it leads to.
    Choice(&'k Choice),
}

/// The tree pane: which nodes are open and which is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreePane {
    pub opened: BTreeSet<Vec<String>>,
    pub selected: Vec<String>,
}

impl TreePane {
    /// Open along the path the answers take (plus `next`, a choice not yet made), with its end selected.
    pub fn along(knowledge: &Knowledge, trail: &[TrailStep], next: Option<&str>) -> Self {
        let path = taken(knowledge, trail);
        let mut pane = TreePane::default();
        for end in 1..=path.len() {
            pane.opened.insert(path[..end].to_vec());
        }
        pane.selected = path;
        pane.selected.extend(next.map(str::to_owned));
        pane
    }

    /// Moves the selection by `rows` among the visible nodes.
    pub fn move_by(&mut self, knowledge: &Knowledge, rows: i32) {
        let visible = self.visible(knowledge);
        let at = visible.iter().position(|id| *id == self.selected);
        let target = at.map_or(0, |i| step(i, rows).min(visible.len().saturating_sub(1)));
        if let Some(id) = visible.get(target) {
            self.selected.clone_from(id);
        }
    }

    /// Selects the `index`th visible node (a click on a row); a click on the selected node opens or
    /// closes it.
    pub fn select_visible(&mut self, knowledge: &Knowledge, index: usize) {
        if let Some(id) = self.visible(knowledge).get(index) {
            if *id == self.selected {
                self.toggle();
            } else {
                self.selected.clone_from(id);
            }
        }
    }

    /// Opens the selected node, or closes it when it is open.
    pub fn toggle(&mut self) {
        if !self.opened.remove(&self.selected) && !self.selected.is_empty() {
            self.opened.insert(self.selected.clone());
        }
    }

    /// The ids of the rows on screen, top to bottom, when nothing is scrolled.
    pub fn visible(&self, knowledge: &Knowledge) -> Vec<Vec<String>> {
        let items = items(knowledge, self, &[], Theme { color: false });
        self.state()
            .flatten(&items)
            .into_iter()
            .map(|f| f.identifier)
            .collect()
    }

    /// The widget's state for this pane: what is open and selected.
    pub fn state(&self) -> TreeState<String> {
        let mut state = TreeState::default();
        for id in &self.opened {
            state.open(id.clone());
        }
        state.select(self.selected.clone());
        state
    }

    /// The node the selection names, if it exists.
    pub fn selected_node<'k>(&self, knowledge: &'k Knowledge) -> Option<Node<'k>> {
        node_at(knowledge, &self.selected)
    }
}

/// The path the answers take: the start question's id, then each answer.
pub fn taken(knowledge: &Knowledge, trail: &[TrailStep]) -> Vec<String> {
    let mut path = vec![knowledge.tree.start_question().id.to_string()];
    path.extend(trail.iter().map(|s| s.answer.clone()));
    path
}

/// The node a path names.
pub fn node_at<'k>(knowledge: &'k Knowledge, path: &[String]) -> Option<Node<'k>> {
    let tree = &knowledge.tree;
    let (first, rest) = path.split_first()?;
    let start = tree.start_question();
    if *first != start.id {
        return None;
    }
    let mut node = Node::Start(start);
    for id in rest {
        let question = match node {
            Node::Start(q) => q,
            Node::Choice(c) => match c.target {
                Target::Question(q) => tree.question(q),
                Target::Leaf(_) => return None,
            },
        };
        node = Node::Choice(question.choice(id)?);
    }
    Some(node)
}

/// The tree's items as far as `pane` has them open; nodes on `path` are marked as the way taken.
pub fn items<'k>(
    knowledge: &'k Knowledge,
    pane: &TreePane,
    path: &[String],
    theme: Theme,
) -> Vec<TreeItem<'k, String>> {
    let start = knowledge.tree.start_question();
    let id = vec![start.id.to_string()];
    let text = Line::from(vec![
        Span::styled("? ", theme.dim()),
        Span::styled(start.prompt.as_str(), theme.title()),
    ]);
    let shallow = !pane.opened.contains(&id);
    let children = choices(knowledge, start, &id, pane, path, shallow, theme);
    vec![item(start.id.to_string(), text, children)]
}

/// The items of `question`'s choices under `parent`. A closed node's children are never drawn, so they
/// are built `shallow`: one level, enough for the widget to show that the node opens.
fn choices<'k>(
    knowledge: &'k Knowledge,
    question: &'k Question,
    parent: &[String],
    pane: &TreePane,
    path: &[String],
    shallow: bool,
    theme: Theme,
) -> Vec<TreeItem<'k, String>> {
    question
        .choices
        .iter()
        .map(|choice| {
            let mut id = parent.to_vec();
            id.push(choice.id.to_string());
            let on_path = path.starts_with(&id);
            let text = choice_line(knowledge, choice, on_path, theme);
            let children = match choice.target {
                Target::Question(next) if !shallow => {
                    let closed = !pane.opened.contains(&id);
                    let next = knowledge.tree.question(next);
                    choices(knowledge, next, &id, pane, path, closed, theme)
                }
                _ => Vec::new(),
            };
            item(choice.id.to_string(), text, children)
        })
        .collect()
}

/// `● Python → Do your Python dependencies include C extensions…?`, or `Standard ⇒ ★ Python on …`.
fn choice_line<'k>(
    knowledge: &'k Knowledge,
    choice: &'k Choice,
    on_path: bool,
    theme: Theme,
) -> Line<'k> {
    let label_style = if on_path {
        theme.accent()
    } else {
        Style::new()
    };
    let mut spans = vec![
        Span::styled(if on_path { "● " } else { "" }, theme.accent()),
        Span::styled(choice.label.as_str(), label_style),
    ];
    match choice.target {
        Target::Question(q) => {
            spans.push(Span::styled(" → ", theme.dim()));
            spans.push(Span::styled(
                knowledge.tree.question(q).prompt.as_str(),
                theme.dim(),
            ));
        }
        Target::Leaf(l) => {
            let leaf = knowledge.tree.leaf(l);
            spans.push(Span::styled(" ⇒ ", theme.dim()));
            spans.push(Span::styled(
                if on_path { "★ " } else { "" },
                theme.accent(),
            ));
            spans.push(Span::styled(leaf.title.as_str(), theme.key()));
            spans.push(Span::styled(
                format!(" ({})", knowledge.image(leaf.image).reference),
                theme.dim(),
            ));
        }
    }
    Line::from(spans)
}

/// A tree item; a node whose children clash (which validated data rules out) is shown without them.
fn item<'k>(
    id: String,
    text: Line<'k>,
    children: Vec<TreeItem<'k, String>>,
) -> TreeItem<'k, String> {
    if children.is_empty() {
        return TreeItem::new_leaf(id, text);
    }
    match TreeItem::new(id.clone(), text.clone(), children) {
        Ok(item) => item,
        Err(_) => TreeItem::new_leaf(id, text),
    }
}
