//! The Dockerfile pane: the toggles (pin by digest, compose.yaml, k8s.yaml), the files the export
//! writes when there are several, what the plan took from the project or the form and the notes the
//! user must act on, above a scrollable preview of the file on show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::wrap::wrap;
use crate::generate::{Plan, Source};
use crate::tui::app::App;
use crate::tui::dockerfile_pane::DockerfilePane;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::pinning::PinState;

/// The plan's part never takes more than this share of the pane, so the preview stays usable.
const PLAN_SHARE: u16 = 2;

pub fn render(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title("Dockerfile preview · p: parameters  e: export  ↑↓ PgUp PgDn: scroll");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let pane = &app.panes.dockerfile;
    let previews = pane.previews();
    let mut head = vec![toggles(pane, theme)];
    if previews.len() > 1 {
        head.push(file_tabs(&previews, pane.shown, theme));
    }
    let shown = previews.get(pane.shown);
    let lines: Vec<Line> = match (shown, app.artifacts()) {
        (Some((name, text)), _) if *name == "Dockerfile" => {
            text.lines().map(|l| highlight(l, theme)).collect()
        }
        (Some((_, text)), _) => text.lines().map(|l| yaml(l, theme)).collect(),
        (None, Some(Err(e))) => cannot_render(pane, e, inner.width, theme),
        (None, _) => Vec::new(),
    };
    let room = (inner.height / PLAN_SHARE).saturating_sub(u16::try_from(head.len()).unwrap_or(0));
    let summary = match shown {
        Some(("Dockerfile", _)) | None => {
            // Why pinning failed comes first and whole (up to the room there is); the plan's
            // values and notes, which the file's header repeats, take what is left.
            let mut lines = pin_lines(pane, inner.width, theme);
            lines.truncate(usize::from(room.saturating_sub(1)));
            let left = room.saturating_sub(u16::try_from(lines.len()).unwrap_or(room));
            if let Some(plan) = app.plan() {
                lines.extend(cut(
                    summary(plan, inner.width, theme),
                    left.saturating_add(1),
                    theme,
                ));
            }
            lines
        }
        Some(_) => cut(fill_in(pane, inner.width, theme), room, theme),
    };
    let rows = |lines: &[Line]| u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [top, middle, rule, rest] = Layout::vertical([
        Constraint::Length(rows(&head)),
        Constraint::Length(rows(&summary)),
        Constraint::Length(u16::from(!summary.is_empty())),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head), top);
    frame.render_widget(Paragraph::new(summary), middle);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "─".repeat(usize::from(rule.width)),
            theme.dim(),
        )),
        rule,
    );
    let max = rows(&lines).saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines).scroll((pane.preview.scroll.min(max), 0)),
        rest,
    );
}

/// "d [x] pin by digest   c [ ] compose.yaml   m [ ] k8s.yaml": the toggles and their keys.
fn toggles(pane: &DockerfilePane, theme: Theme) -> Line<'static> {
    let (mark, what, style) = match pane.pin_state() {
        PinState::Running { .. } => ("[…]", "pinning: asking the registries", theme.warn()),
        PinState::Pinned { .. } => ("[x]", "pinned by digest", Style::new()),
        PinState::Failed { .. } => ("[!]", "pin by digest failed", theme.error()),
        PinState::Off if pane.is_pin_wanted() => ("[x]", "pin by digest", Style::new()),
        PinState::Off => ("[ ]", "pin by digest", Style::new()),
    };
    let mut spans = vec![
        Span::styled(keys::label(Action::TogglePin, Mode::Result), theme.key()),
        Span::styled(format!(" {mark} {what}"), style),
    ];
    for (action, extra) in [
        (Action::ToggleCompose, crate::generate::Extra::Compose),
        (Action::ToggleKubernetes, crate::generate::Extra::Kubernetes),
    ] {
        let on = if pane.with().contains(&extra) {
            "[x]"
        } else {
            "[ ]"
        };
        spans.push(Span::raw("   "));
        spans.push(Span::styled(keys::label(action, Mode::Result), theme.key()));
        spans.push(Span::raw(format!(" {on} {}", extra.file_name())));
    }
    Line::from(spans)
}

/// "Files  Dockerfile │ compose.yaml │ k8s.yaml   f: next file", the file on show highlighted.
fn file_tabs(previews: &[(&'static str, &str)], shown: usize, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Files  ", theme.key())];
    for (i, (name, _)) in previews.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", theme.dim()));
        }
        let style = if i == shown {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(*name, style));
    }
    spans.push(Span::raw("   "));
    spans.push(Span::styled(
        keys::label(Action::NextFile, Mode::Result),
        theme.key(),
    ));
    spans.push(Span::raw(": next file"));
    Line::from(spans)
}

/// Why the last pin failed; the file on show is the unpinned one.
fn pin_lines(pane: &DockerfilePane, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let PinState::Failed { reason } = pane.pin_state() else {
        return Vec::new();
    };
    let key = keys::label(Action::TogglePin, Mode::Result);
    let mut lines = wrap(
        &[
            Span::styled("Pin    ", theme.error()),
            Span::raw(format!("Not pinned ({key} tries again). ")),
        ],
        width,
        7,
    );
    for text in reason.lines().filter(|l| !l.trim().is_empty()) {
        lines.extend(wrap(
            &[Span::raw("       "), Span::raw(text.trim().to_owned())],
            width,
            7,
        ));
    }
    lines
}

/// What the user must fill in before running the run files.
fn fill_in(pane: &DockerfilePane, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for item in pane.fill_in() {
        lines.extend(wrap(
            &[Span::styled("Fill in ", theme.warn()), Span::raw(item)],
            width,
            8,
        ));
    }
    lines
}

/// The reason no file can be shown; a choice of program says how to make it.
fn cannot_render(
    pane: &DockerfilePane,
    error: &str,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let Some(choice) = pane.choice() else {
        return wrap(
            &[Span::styled(
                format!("Cannot render: {error}"),
                theme.error(),
            )],
            width,
            0,
        );
    };
    let names: Vec<&str> = choice
        .candidates
        .iter()
        .map(|c| c.artifact.as_str())
        .collect();
    let mut lines = wrap(
        &[Span::raw(format!(
            "The project builds several {}: {}.",
            choice.what,
            names.join(", ")
        ))],
        width,
        0,
    );
    lines.push(Line::from(vec![
        Span::styled("Enter", theme.key()),
        Span::raw(": choose the one the Dockerfile builds."),
    ]));
    lines
}

/// At most `room` lines, the last saying where the rest is when some are left out. One line of the
/// room is kept for the rule under the summary.
fn cut(mut lines: Vec<Line<'static>>, room: u16, theme: Theme) -> Vec<Line<'static>> {
    let room = usize::from(room.saturating_sub(1));
    if lines.len() > room {
        lines.truncate(room.saturating_sub(1));
        if room > 0 {
            lines.push(Line::from(Span::styled(
                "… the rest is in the file's header below",
                theme.dim(),
            )));
        }
    }
    lines
}

/// The values taken from the project or the form, with their sources, then the plan's notes; wrapped
/// to `width` (the notes are in the file's header too).
fn summary(plan: &Plan, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans = vec![Span::styled("Values ", theme.key())];
    for d in plan
        .decisions
        .iter()
        .filter(|d| d.source != Source::Default)
    {
        if spans.len() > 1 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let from = match &d.source {
            Source::Set => "you set it",
            Source::Detected(evidence) => evidence.as_str(),
            Source::Default => "default",
        };
        spans.push(Span::raw(format!("{} {} ", d.key, d.value)));
        spans.push(Span::styled(format!("({from})"), theme.dim()));
    }
    if spans.len() > 1 {
        lines.extend(wrap(&spans, width, 7));
    }
    for note in &plan.notes {
        let spans = [
            Span::styled("Note   ", theme.warn()),
            Span::raw(note.clone()),
        ];
        lines.extend(wrap(&spans, width, 7));
    }
    lines
}

/// Comments dimmed, instruction keywords emphasised.
fn highlight(line: &str, theme: Theme) -> Line<'static> {
    if line.trim_start().starts_with('#') {
        return Line::from(Span::styled(line.to_owned(), theme.dim()));
    }
    match line.split_once(' ') {
        Some((kw, rest)) if kw.chars().all(|c| c.is_ascii_uppercase()) && !kw.is_empty() => {
            Line::from(vec![
                Span::styled(kw.to_owned(), theme.key()),
                Span::raw(format!(" {rest}")),
            ])
        }
        _ => Line::raw(line.to_owned()),
    }
}

/// YAML: comments dimmed, the rest as written.
fn yaml(line: &str, theme: Theme) -> Line<'static> {
    if line.trim_start().starts_with('#') {
        Line::from(Span::styled(line.to_owned(), theme.dim()))
    } else {
        Line::raw(line.to_owned())
    }
}
