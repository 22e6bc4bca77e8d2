//! The quiz screens: a question, the feedback on an answer, and the score with the review of mistakes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::blocks::wrap;
use super::scrolled;
use crate::learn::{QuizItem, title};
use crate::present;
use crate::tui::learn::app::LearnApp;
use crate::tui::view::Theme;

/// "Question 3 of 10" and the prompt, then the situation of a scenario.
fn ask(app: &LearnApp<'_>, item: &QuizItem<'_>, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let total = app.quiz.as_ref().map_or(0, |q| q.items.len());
    let mut lines = vec![Line::styled(
        format!(
            "Question {} of {total} · {}",
            app.at + 1,
            title(item.lesson())
        ),
        theme.dim(),
    )];
    lines.extend(
        wrap(item.prompt(), width)
            .into_iter()
            .map(|l| Line::styled(l, theme.title())),
    );
    if let QuizItem::Scenario(s) = item {
        lines.push(Line::default());
        for step in s.situation() {
            let text = format!("{} {}", step.prompt, step.label);
            for (n, l) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
                lines.push(Line::from(format!(
                    "{} {l}",
                    if n == 0 { '•' } else { ' ' }
                )));
            }
        }
    }
    lines.push(Line::default());
    lines
}

pub fn question(
    app: &LearnApp<'_>,
    cursor: usize,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let width = usize::from(area.width);
    let Some(item) = app.question() else {
        let reasons = match &app.quiz {
            Err(e) => e.to_string(),
            Ok(_) => "The quiz has no questions.".to_owned(),
        };
        let lines: Vec<Line<'static>> = wrap(&reasons, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.warn()))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let mut lines = ask(app, item, width, theme);
    for (i, choice) in item.choices().iter().enumerate() {
        let (style, pointer) = if i == cursor {
            (theme.selected(), '›')
        } else {
            (Style::new(), ' ')
        };
        for (n, l) in wrap(choice, width.saturating_sub(6))
            .into_iter()
            .enumerate()
        {
            let lead = if n == 0 {
                format!("{pointer} {}) ", i + 1)
            } else {
                "     ".to_owned()
            };
            lines.push(Line::styled(format!("{lead}{l} "), style));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn feedback(app: &LearnApp<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let (Some(item), Some(given)) = (app.question(), app.last_answer()) else {
        return;
    };
    let width = usize::from(area.width);
    let mut lines = ask(app, item, width, theme);
    let choices = item.choices();
    let right = item.correct();
    for (i, choice) in choices.iter().enumerate() {
        let (mark, style) = match (i == right, i == given) {
            (true, _) => ("✓", theme.accent()),
            (false, true) => ("✗", theme.error()),
            _ => (" ", theme.dim()),
        };
        for (n, l) in wrap(choice, width.saturating_sub(6))
            .into_iter()
            .enumerate()
        {
            let lead = if n == 0 {
                format!(" {mark} {}) ", i + 1)
            } else {
                "      ".to_owned()
            };
            lines.push(Line::styled(format!("{lead}{l}"), style));
        }
    }
    lines.push(Line::default());
    lines.extend(verdict(item, given, width, theme));
    scrolled(lines, 0, frame, area);
}

/// Right or wrong, why, and for a wrong image what it would change.
fn verdict(item: &QuizItem<'_>, given: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let right = item.correct();
    let mut lines = vec![if given == right {
        Line::styled("Right.", theme.accent())
    } else {
        Line::styled(
            format!("Not quite: the answer is {}).", right + 1),
            theme.error(),
        )
    }];
    lines.extend(wrap(item.explanation(), width).into_iter().map(Line::from));
    if let QuizItem::Scenario(s) = item
        && given != right
        && let Some(image) = s.options.get(given)
    {
        let differences = present::describe(&s.deltas(image)).join(", ");
        let text = format!("{} instead: {differences}", image.reference);
        lines.extend(
            wrap(&text, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim())),
        );
    }
    lines
}

pub fn score(app: &LearnApp<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let Ok(quiz) = &app.quiz else {
        return;
    };
    let width = usize::from(area.width);
    let total = quiz.items.len();
    let right = quiz.score(&app.given);
    let mut lines = vec![
        Line::styled(format!("Score: {right} of {total}"), theme.title()),
        Line::from(vec![
            Span::styled("━".repeat(right * 30 / total.max(1)), theme.accent()),
            Span::styled("─".repeat(30 - right * 30 / total.max(1)), theme.dim()),
        ]),
        Line::styled(
            format!(
                "Seed {}: `basepick quiz --seed {} --count {}` prints this quiz.",
                quiz.seed, quiz.seed, quiz.asked
            ),
            theme.dim(),
        ),
        Line::default(),
    ];
    let mistakes = quiz.mistakes(&app.given);
    if mistakes.is_empty() {
        lines.push(Line::from("No mistakes to review."));
    } else {
        lines.push(Line::styled("Review of mistakes", theme.title()));
    }
    for i in mistakes {
        let item = &quiz.items[i];
        let choices = item.choices();
        lines.push(Line::default());
        lines.extend(
            wrap(&format!("{}. {}", i + 1, item.prompt()), width)
                .into_iter()
                .map(|l| Line::styled(l, theme.accent())),
        );
        if let QuizItem::Scenario(s) = item {
            let answers: Vec<String> = s
                .answers()
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            lines.extend(wrap(&answers.join(" "), width).into_iter().map(Line::from));
        }
        let given = app.given.get(i).copied().flatten();
        let yours = given
            .and_then(|g| choices.get(g))
            .map_or("no answer", String::as_str);
        lines.extend(
            wrap(&format!("Yours: {yours}"), width)
                .into_iter()
                .map(|l| Line::styled(l, theme.error())),
        );
        let right = choices.get(item.correct()).map_or("", String::as_str);
        lines.extend(
            wrap(&format!("Right: {right}"), width)
                .into_iter()
                .map(|l| Line::styled(l, theme.accent())),
        );
        lines.extend(wrap(item.explanation(), width).into_iter().map(Line::from));
        lines.push(Line::styled(
            format!("Lesson: {}", title(item.lesson())),
            theme.dim(),
        ));
    }
    scrolled(lines, app.scroll, frame, area);
}
