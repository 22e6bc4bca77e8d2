//! Drawing the course: a read-only function of `LearnApp`. The advisor draws itself while it is open.

mod blocks;
mod quiz;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{Card, LearnApp, Screen};
use super::bigtext;
use crate::tui::keys;
use crate::tui::view::{self, MIN_HEIGHT, MIN_WIDTH, Theme};

/// Widest text column, so lines stay readable on wide terminals.
const MEASURE: u16 = 100;

pub fn render(app: &LearnApp<'_>, theme: Theme, frame: &mut Frame<'_>) {
    if let Some(advisor) = &app.advisor {
        view::render(advisor, theme, frame);
        return;
    }
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "Terminal too small: the course needs {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}. Enlarge it, or press q to quit.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(header_line(app, theme, header.width)),
        header,
    );
    let body = column(body);
    match app.screen {
        Screen::Contents { cursor } => contents(app, cursor, theme, frame, body),
        Screen::Lesson { lesson } => lesson_page(app, lesson, theme, frame, body),
        Screen::Slide { index } => slide(app, index, theme, frame, body),
        Screen::Question { cursor } => quiz::question(app, cursor, theme, frame, body),
        Screen::Feedback => quiz::feedback(app, theme, frame, body),
        Screen::Score => quiz::score(app, theme, frame, body),
    }
    frame.render_widget(
        Paragraph::new(view::hints(keys::footer_hints(app.mode()), theme)),
        footer,
    );
}

/// The body, one column wide at most and centred, with a margin.
fn column(area: Rect) -> Rect {
    let width = area.width.saturating_sub(2).min(MEASURE);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height: area.height.saturating_sub(1),
    }
}

/// "basepick learn › 3/7 What distroless means", or the presentation's progress bar.
fn header_line(app: &LearnApp<'_>, theme: Theme, width: u16) -> Line<'static> {
    let mut spans = vec![Span::styled("basepick learn", theme.title())];
    let total = app.course.lessons.len();
    if let Screen::Slide { index } = app.screen {
        let done = index + 1;
        let of = app.deck.len();
        let label = format!(" {done}/{of} ");
        let bar_width = usize::from(width).saturating_sub(16 + label.len()).min(40);
        let filled = bar_width * done / of.max(1);
        spans.push(Span::raw("  "));
        spans.push(Span::styled("━".repeat(filled), theme.accent()));
        spans.push(Span::styled("─".repeat(bar_width - filled), theme.dim()));
        spans.push(Span::raw(label));
    } else if let Some(lesson) = app.current_lesson()
        && let Some(plan) = app.course.lessons.get(lesson)
    {
        spans.push(Span::styled(" › ", theme.dim()));
        spans.push(Span::raw(format!(
            "lesson {}/{total}: {}",
            lesson + 1,
            plan.title
        )));
    } else if matches!(
        app.screen,
        Screen::Question { .. } | Screen::Feedback | Screen::Score
    ) {
        spans.push(Span::styled(" › ", theme.dim()));
        spans.push(Span::raw("quiz"));
    }
    Line::from(spans)
}

fn contents(app: &LearnApp<'_>, cursor: usize, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = vec![
        Line::styled("Choosing a base image: a short course", theme.title()),
        Line::default(),
    ];
    let quiz = match &app.quiz {
        Ok(q) => format!("Quiz: {} questions", q.items.len()),
        Err(_) => "Quiz: nothing to ask with this data".to_owned(),
    };
    let rows = app
        .course
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{}. {}", i + 1, l.title))
        .chain(std::iter::once(quiz));
    for (i, row) in rows.enumerate() {
        let style = if i == cursor {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(format!(" {row} "), style));
    }
    let notices = app
        .course
        .notices
        .iter()
        .chain(app.quiz.as_ref().map_or(&[][..], |q| &q.notices[..]));
    for notice in notices {
        lines.push(Line::default());
        lines.extend(
            blocks::wrap(notice, usize::from(area.width))
                .into_iter()
                .map(|l| Line::styled(l, theme.warn())),
        );
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn lesson_page(app: &LearnApp<'_>, lesson: usize, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let Some(plan) = app.course.lessons.get(lesson) else {
        return;
    };
    let width = usize::from(area.width);
    let mut lines = vec![Line::styled(plan.title.clone(), theme.title())];
    for slide in &plan.slides {
        lines.push(Line::default());
        lines.push(Line::styled(slide.heading, theme.accent()));
        lines.extend(blocks::lines(app.knowledge, &slide.body, width, 1, theme));
    }
    lines.push(Line::default());
    lines.push(try_line(app, lesson, theme));
    scrolled(lines, app.scroll, frame, area);
}

/// "t opens the advisor with runtime=python …", so the learner knows where "try it" goes.
fn try_line(app: &LearnApp<'_>, lesson: usize, theme: Theme) -> Line<'static> {
    let Some(plan) = app.course.lessons.get(lesson) else {
        return Line::default();
    };
    let what = match &plan.try_it.leaf {
        Some(leaf) => {
            let answers: Vec<String> = plan
                .try_it
                .answers
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!(" opens the advisor at `{leaf}` ({})", answers.join(" "))
        }
        None => " opens the advisor at its first question".to_owned(),
    };
    Line::from(vec![
        Span::styled("t", theme.key()),
        Span::styled(what, theme.dim()),
    ])
}

/// Lines scrolled by `scroll`, held so the last line stays on screen.
fn scrolled(lines: Vec<Line<'static>>, scroll: u16, frame: &mut Frame<'_>, area: Rect) {
    let most = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(most), 0)), area);
}

fn slide(app: &LearnApp<'_>, index: usize, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let Some(&Card { lesson, slide }) = app.deck.get(index) else {
        return;
    };
    let Some(plan) = app.course.lessons.get(lesson) else {
        return;
    };
    let width = usize::from(area.width);
    let (heading, body) = match slide.and_then(|s| plan.slides.get(s)) {
        Some(s) => (s.heading.to_owned(), Some(&s.body)),
        None => (plan.title.clone(), None),
    };
    let mut lines = big_heading(&heading, width, area.height, theme);
    lines.push(Line::default());
    match body {
        Some(body) => lines.extend(blocks::lines(app.knowledge, body, width.min(80), 0, theme)),
        None => {
            let total = app.course.lessons.len();
            lines.push(Line::styled(
                format!("Lesson {} of {total}", lesson + 1),
                theme.dim(),
            ));
            lines.push(Line::default());
            lines.push(try_line(app, lesson, theme));
        }
    }
    // A short slide sits a third of the way down, where a room looks first.
    let spare = usize::from(area.height).saturating_sub(lines.len()) / 3;
    lines.splice(0..0, std::iter::repeat_n(Line::default(), spare));
    let text_width =
        u16::try_from(lines.iter().map(Line::width).max().unwrap_or(0)).unwrap_or(area.width);
    let inner = Rect {
        x: area.x + area.width.saturating_sub(text_width) / 2,
        width: text_width.min(area.width),
        ..area
    };
    scrolled(lines, app.scroll, frame, inner);
}

/// The heading in large letters when it fits in two lines and leaves room below; bold text otherwise.
fn big_heading(text: &str, width: usize, height: u16, theme: Theme) -> Vec<Line<'static>> {
    let lines = bigtext::wrap(text, width / bigtext::ADVANCE);
    if !bigtext::can_draw(text) || lines.len() > 2 || height < 20 {
        return vec![Line::styled(text.to_owned(), theme.title()).alignment(Alignment::Left)];
    }
    let mut out = Vec::new();
    for line in lines {
        out.extend(
            bigtext::render_line(&line)
                .into_iter()
                .map(|row| Line::styled(row, theme.title())),
        );
    }
    out
}
