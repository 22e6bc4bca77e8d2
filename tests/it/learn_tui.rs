//! The course on ratatui's TestBackend: a lesson, a slide, a quiz question, feedback and the score, at
//! 80×24 and 120×40; "try it" and the way back; every key the footers name.

use basepick::learn::QuizOptions;
use basepick::tui::Theme;
use basepick::tui::keys::{Action, Mode};
use basepick::tui::learn::{LearnApp, Screen, run, view};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::knowledge;

const PLAIN: Theme = Theme { color: false };
const SEED: QuizOptions = QuizOptions { seed: 1, count: 4 };
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn screen(app: &LearnApp<'_>, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(app, PLAIN, f)).unwrap();
    t.backend().to_string()
}

fn snapshot(name: &str, app: &LearnApp<'_>) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}-{w}x{h}"), screen(app, w, h));
    }
}

/// The index of a lesson in the course by its id.
fn lesson(app: &LearnApp<'_>, id: &str) -> usize {
    app.course
        .lessons
        .iter()
        .position(|l| l.topic.as_str() == id)
        .unwrap()
}

#[test]
fn a_lesson_page_and_a_slide() {
    let k = knowledge();
    let mut app = LearnApp::new(&k, false, SEED);
    assert_eq!(app.mode(), Mode::Contents);
    for _ in 0..lesson(&app, "hardening") {
        app.update(Action::Down);
    }
    app.update(Action::Select);
    assert_eq!(
        app.screen,
        Screen::Lesson {
            lesson: lesson(&app, "hardening")
        }
    );
    snapshot("learn-lesson-hardening", &app);
    let mut present = LearnApp::new(&k, true, SEED);
    let card = present
        .deck
        .iter()
        .position(|c| c.lesson == lesson(&present, "hardening") && c.slide == Some(2))
        .unwrap();
    for _ in 0..card {
        present.update(Action::Next);
    }
    snapshot("learn-slide-numeric-user", &present);
}

/// Answers the current question with choice `i` (0-based), as pressing its number would.
fn answer(app: &mut LearnApp<'_>, i: usize) {
    assert_eq!(app.mode(), Mode::QuizQuestion, "{:?}", app.screen);
    app.update(Action::Number(u8::try_from(i + 1).unwrap()));
}

#[test]
fn a_question_feedback_and_the_score() {
    let k = knowledge();
    let mut app = LearnApp::new(&k, false, SEED);
    app.update(Action::Up); // the quiz is the last row of the contents
    app.update(Action::Select);
    let quiz = app.quiz.as_ref().unwrap().clone();
    assert_eq!(quiz.items.len(), 4);
    // Question 2 is a scenario: the situation, then images to choose from.
    answer(&mut app, quiz.items[0].correct());
    assert_eq!(app.mode(), Mode::QuizFeedback);
    assert!(screen(&app, 80, 24).contains("Right."));
    app.update(Action::Next);
    assert_eq!(quiz.items[1].kind(), "scenario");
    snapshot("learn-quiz-question", &app);
    let wrong = (quiz.items[1].correct() + 1) % quiz.items[1].choices().len();
    answer(&mut app, wrong);
    snapshot("learn-quiz-feedback", &app);
    app.update(Action::Next);
    answer(&mut app, quiz.items[2].correct());
    app.update(Action::Next);
    answer(
        &mut app,
        (quiz.items[3].correct() + 1) % quiz.items[3].choices().len(),
    );
    app.update(Action::Next);
    assert_eq!(app.screen, Screen::Score);
    assert_eq!(quiz.score(&app.given), 2);
    snapshot("learn-quiz-score", &app);
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn try_it_opens_the_advisor_at_the_lessons_leaf_and_q_comes_back() {
    let k = knowledge();
    let mut app = LearnApp::new(&k, false, SEED);
    let hardening = lesson(&app, "hardening");
    for _ in 0..hardening {
        app.update(Action::Down);
    }
    app.update(Action::Select);
    app.update(Action::TryIt);
    let advisor = app.advisor.as_ref().expect("the advisor is open");
    assert_eq!(
        advisor.mode(),
        Mode::Result,
        "the lesson's answers lead to a result"
    );
    assert_eq!(advisor.outcome().unwrap().leaf.id, "python-slim");
    assert_eq!(advisor.pane, basepick::tui::app::Pane::Dockerfile);
    let text = screen(&app, 100, 30);
    assert!(text.contains("q returns to the course"), "{text}");
    // Through the event loop: ← changes an answer in the advisor, q leaves it, q again quits.
    let mut events = vec![
        key(KeyCode::Left),
        key(KeyCode::Char('q')),
        key(KeyCode::Char('q')),
    ]
    .into_iter();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    run(&mut terminal, &mut app, PLAIN, || {
        Ok(events.next().unwrap())
    })
    .unwrap();
    assert!(app.quit);
    assert!(app.advisor.is_none());
    assert_eq!(
        app.screen,
        Screen::Lesson { lesson: hardening },
        "back where the learner left"
    );
}

#[test]
fn the_tree_lesson_starts_the_advisor_at_the_first_question() {
    let k = knowledge();
    let mut app = LearnApp::new(&k, true, SEED);
    let tree = lesson(&app, "decision-tree");
    let card = app.deck.iter().position(|c| c.lesson == tree).unwrap();
    for _ in 0..card {
        app.update(Action::Next);
    }
    app.update(Action::TryIt);
    assert_eq!(app.advisor.as_ref().unwrap().mode(), Mode::Question);
    assert!(app.advisor.as_ref().unwrap().session.trail().is_empty());
}

#[test]
fn presenting_walks_every_slide_into_the_quiz_and_back_to_contents() {
    let k = knowledge();
    let mut app = LearnApp::new(&k, true, SEED);
    let cards = app.deck.len();
    assert!(cards > app.course.lessons.len() * 2, "{cards} cards");
    for i in 0..cards {
        assert_eq!(app.screen, Screen::Slide { index: i });
        for (w, h) in SIZES {
            let text = screen(&app, w, h);
            assert!(
                text.contains(&format!(" {}/{cards} ", i + 1)),
                "progress on card {i}:\n{text}"
            );
        }
        app.update(Action::Next);
    }
    assert_eq!(
        app.mode(),
        Mode::QuizQuestion,
        "the last slide leads into the quiz"
    );
    app.update(Action::Close);
    assert_eq!(
        app.screen,
        Screen::Contents {
            cursor: app.course.lessons.len()
        },
        "on the quiz row"
    );
    app.update(Action::Down); // wraps to the first lesson
    app.update(Action::Select);
    assert_eq!(app.screen, Screen::Slide { index: 0 });
}

#[test]
fn small_terminals_get_a_notice_not_a_panic() {
    let k = knowledge();
    let app = LearnApp::new(&k, true, SEED);
    for (w, h) in [(1, 1), (20, 5), (59, 30)] {
        assert!(screen(&app, w, h).contains("Terminal") || w * h < 40);
    }
}
