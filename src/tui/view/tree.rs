//! The decision tree drawn with `tui-tree-widget`, and the Tree pane: the tree with the way the
//! answers took, and under or beside it what the selected node asks or recommends.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_tree_widget::Tree;

use super::Theme;
use super::question::paragraphs;
use crate::knowledge::{Knowledge, Target};
use crate::tui::app::App;
use crate::tui::tree::{Node, TreePane, items, taken};

/// The Tree pane's areas: the tree, and the details of the selected node.
pub fn layout(area: Rect) -> [Rect; 2] {
    if area.width >= 100 {
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area)
    } else {
        let details = (area.height / 3).clamp(4, 9);
        Layout::vertical([Constraint::Min(3), Constraint::Length(details)]).areas(area)
    }
}

/// The tree in `area` (with a border and `title`), open and selected as `pane` says, `path` marked.
pub fn render_tree(
    knowledge: &Knowledge,
    pane: &TreePane,
    path: &[String],
    title: &str,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let items = items(knowledge, pane, path, theme);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_owned());
    match Tree::new(&items) {
        Ok(tree) => {
            let tree = tree
                .block(block)
                .highlight_style(theme.selected())
                .highlight_symbol("▶")
                .node_closed_symbol("▸ ")
                .node_open_symbol("▾ ")
                .node_no_children_symbol("  ");
            frame.render_stateful_widget(tree, area, &mut pane.state());
        }
        // One root item cannot clash with itself; draw the frame alone if it ever did.
        Err(_) => frame.render_widget(block, area),
    }
}

pub fn render_pane(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let [tree_area, details] = layout(area);
    let path = taken(app.knowledge, app.session.trail());
    let pane = &app.panes.tree;
    let title = "Decision tree · ● your answers · ↑↓ move  Enter open/close";
    render_tree(app.knowledge, pane, &path, title, theme, frame, tree_area);
    let lines = pane
        .selected_node(app.knowledge)
        .map(|node| describe(app.knowledge, node, theme))
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL).title("Selected")),
        details,
    );
}

/// What a node asks or recommends, in words.
fn describe(knowledge: &Knowledge, node: Node<'_>, theme: Theme) -> Vec<Line<'static>> {
    let question = |q: &crate::knowledge::Question| {
        let mut lines = vec![Line::styled(q.prompt.clone(), theme.title())];
        lines.extend(paragraphs(&q.help));
        lines
    };
    match node {
        Node::Start(q) => question(q),
        Node::Choice(choice) => {
            let mut lines = vec![Line::from(vec![
                Span::styled(choice.label.clone(), theme.accent()),
                Span::raw(
                    choice
                        .because
                        .as_deref()
                        .map(|b| format!(": {b}"))
                        .unwrap_or_default(),
                ),
            ])];
            match choice.target {
                Target::Question(q) => lines.extend(question(knowledge.tree.question(q))),
                Target::Leaf(l) => {
                    let leaf = knowledge.tree.leaf(l);
                    lines.push(Line::from(vec![
                        Span::styled(format!("{} ", leaf.title), theme.key()),
                        Span::raw(knowledge.image(leaf.image).reference.to_string()),
                    ]));
                    lines.push(Line::raw(leaf.why.clone()));
                }
            }
            lines
        }
    }
}
