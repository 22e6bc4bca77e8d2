//! The course's state and its transitions: contents, lessons (a page each, or one idea per screen with
//! `--present`), the quiz, and "try it" in the advisor. No I/O.

use crate::advisor::Session;
use crate::knowledge::{Date, Knowledge};
use crate::learn::{Course, Focus, Quiz, QuizError, QuizOptions};

use super::super::app::{App, Pane, Status};
use super::super::keys::{Action, Mode};

/// Which screen the course shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The list of lessons, with the quiz last; `cursor` is the highlighted row.
    Contents { cursor: usize },
    /// A lesson on one page.
    Lesson { lesson: usize },
    /// One slide of `LearnApp::deck` (`--present`).
    Slide { index: usize },
    /// The current question, with the highlighted choice.
    Question { cursor: usize },
    /// The answer just given.
    Feedback,
    /// The score and the review of mistakes.
    Score,
}

/// A screen of the presentation: a lesson's title card, or one of its slides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    pub lesson: usize,
    /// `None` for the lesson's title card.
    pub slide: Option<usize>,
}

#[derive(Debug)]
pub struct LearnApp<'k> {
    pub knowledge: &'k Knowledge,
    pub course: Course<'k>,
    /// One idea per screen, large headings.
    pub present: bool,
    pub screen: Screen,
    /// Every card of the presentation, in order.
    pub deck: Vec<Card>,
    /// Lines scrolled on the current page.
    pub scroll: u16,
    pub options: QuizOptions,
    pub quiz: Result<Quiz<'k>, QuizError>,
    /// The question being asked.
    pub at: usize,
    /// The answer given to each question so far.
    pub given: Vec<Option<usize>>,
    /// The advisor, while the learner tries a lesson's answers; the course resumes when it quits.
    pub advisor: Option<App<'k>>,
    /// The day support is judged on, handed to the advisor.
    pub today: Date,
    pub quit: bool,
}

impl<'k> LearnApp<'k> {
    pub fn new(knowledge: &'k Knowledge, present: bool, options: QuizOptions) -> Self {
        let course = Course::build(knowledge);
        let deck = course
            .lessons
            .iter()
            .enumerate()
            .flat_map(|(lesson, plan)| {
                std::iter::once(Card {
                    lesson,
                    slide: None,
                })
                .chain((0..plan.slides.len()).map(move |s| Card {
                    lesson,
                    slide: Some(s),
                }))
            })
            .collect();
        LearnApp {
            knowledge,
            course,
            present,
            screen: if present {
                Screen::Slide { index: 0 }
            } else {
                Screen::Contents { cursor: 0 }
            },
            deck,
            scroll: 0,
            options,
            quiz: Quiz::build(knowledge, options),
            at: 0,
            given: Vec::new(),
            advisor: None,
            today: Date::today(),
            quit: false,
        }
    }

    /// Which key set applies now (the advisor's own while it is open).
    pub fn mode(&self) -> Mode {
        if let Some(advisor) = &self.advisor {
            return advisor.mode();
        }
        match self.screen {
            Screen::Contents { .. } => Mode::Contents,
            Screen::Lesson { .. } => Mode::Lesson,
            Screen::Slide { .. } => Mode::Slide,
            Screen::Question { .. } => Mode::QuizQuestion,
            Screen::Feedback => Mode::QuizFeedback,
            Screen::Score => Mode::QuizScore,
        }
    }

    /// Rows of the contents: every lesson, then the quiz.
    pub fn contents_len(&self) -> usize {
        self.course.lessons.len() + 1
    }

    /// The lesson on screen, if any.
    pub fn current_lesson(&self) -> Option<usize> {
        match self.screen {
            Screen::Lesson { lesson } => Some(lesson),
            Screen::Slide { index } => self.deck.get(index).map(|c| c.lesson),
            _ => None,
        }
    }

    /// Applies an action to the course (the event loop hands keys to the advisor while it is open).
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        match self.screen {
            Screen::Contents { cursor } => self.update_contents(cursor, action),
            Screen::Lesson { lesson } => self.update_lesson(lesson, action),
            Screen::Slide { index } => self.update_slide(index, action),
            Screen::Question { cursor } => self.update_question(cursor, action),
            Screen::Feedback => match action {
                Action::Next => self.next_question(),
                Action::Close => self.go(Screen::Contents {
                    cursor: self.course.lessons.len(),
                }),
                _ => {}
            },
            Screen::Score => match action {
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    self.scroll_by(action);
                }
                Action::Restart => {
                    self.options.seed = self.options.seed.wrapping_add(1);
                    self.quiz = Quiz::build(self.knowledge, self.options);
                    self.start_quiz();
                }
                Action::Close => self.go(Screen::Contents {
                    cursor: self.course.lessons.len(),
                }),
                _ => {}
            },
        }
    }

    fn go(&mut self, screen: Screen) {
        self.screen = screen;
        self.scroll = 0;
    }

    fn scroll_by(&mut self, action: Action) {
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll.saturating_add(10),
            _ => self.scroll,
        };
    }

    fn update_contents(&mut self, cursor: usize, action: Action) {
        let n = self.contents_len();
        match action {
            Action::Up => {
                self.screen = Screen::Contents {
                    cursor: (cursor + n - 1) % n,
                }
            }
            Action::Down => {
                self.screen = Screen::Contents {
                    cursor: (cursor + 1) % n,
                }
            }
            Action::Select if cursor < self.course.lessons.len() => self.open_lesson(cursor),
            Action::Select => self.start_quiz(),
            _ => {}
        }
    }

    fn open_lesson(&mut self, lesson: usize) {
        if self.present {
            let index = self
                .deck
                .iter()
                .position(|c| c.lesson == lesson)
                .unwrap_or(0);
            self.go(Screen::Slide { index });
        } else {
            self.go(Screen::Lesson { lesson });
        }
    }

    fn update_lesson(&mut self, lesson: usize, action: Action) {
        let last = self.course.lessons.len().saturating_sub(1);
        match action {
            Action::Next if lesson < last => self.go(Screen::Lesson { lesson: lesson + 1 }),
            Action::Next => self.start_quiz(),
            Action::Prev => self.go(Screen::Lesson {
                lesson: lesson.saturating_sub(1),
            }),
            Action::TryIt => self.try_it(lesson),
            Action::Close => self.go(Screen::Contents { cursor: lesson }),
            other => self.scroll_by(other),
        }
    }

    fn update_slide(&mut self, index: usize, action: Action) {
        match action {
            Action::Next if index + 1 < self.deck.len() => {
                self.go(Screen::Slide { index: index + 1 });
            }
            Action::Next => self.start_quiz(),
            Action::Prev => self.go(Screen::Slide {
                index: index.saturating_sub(1),
            }),
            Action::TryIt => {
                if let Some(card) = self.deck.get(index) {
                    self.try_it(card.lesson);
                }
            }
            Action::Close => {
                let cursor = self.deck.get(index).map_or(0, |c| c.lesson);
                self.go(Screen::Contents { cursor });
            }
            other => self.scroll_by(other),
        }
    }

    /// Opens the advisor with the lesson's answers given, on the pane the lesson is about.
    fn try_it(&mut self, lesson: usize) {
        let Some(plan) = self.course.lessons.get(lesson) else {
            return;
        };
        let tree = &self.knowledge.tree;
        let mut session = match Session::new(tree).with_preset(&plan.try_it.answers) {
            Ok(session) => session,
            Err(_) => Session::new(tree),
        };
        let reached = !plan.try_it.answers.is_empty() && session.advance().is_ok();
        let mut app = App::with_session(self.knowledge, session);
        app.today = self.today;
        app.pane = match plan.try_it.focus {
            Focus::Recommendation => Pane::Recommendation,
            Focus::Compare => Pane::Compare,
            Focus::Dockerfile => Pane::Dockerfile,
            Focus::Tips => Pane::Tips,
        };
        app.status = Some(Status {
            text: if reached {
                "The lesson's answers are given: ← changes them, q returns to the course."
                    .to_owned()
            } else {
                "Answer the questions; q returns to the course.".to_owned()
            },
            error: false,
        });
        self.advisor = Some(app);
    }

    /// Starts the quiz from its first question (or shows why there is none).
    pub fn start_quiz(&mut self) {
        self.at = 0;
        self.given.clear();
        self.go(Screen::Question { cursor: 0 });
    }

    /// The question being asked, if the quiz has one.
    pub fn question(&self) -> Option<&crate::learn::QuizItem<'k>> {
        self.quiz.as_ref().ok().and_then(|q| q.items.get(self.at))
    }

    fn update_question(&mut self, cursor: usize, action: Action) {
        let Some(n) = self.question().map(|q| q.choices().len()) else {
            if action == Action::Close || action == Action::Select {
                self.go(Screen::Contents {
                    cursor: self.course.lessons.len(),
                });
            }
            return;
        };
        let n = n.max(1);
        match action {
            Action::Up => {
                self.screen = Screen::Question {
                    cursor: (cursor + n - 1) % n,
                }
            }
            Action::Down => {
                self.screen = Screen::Question {
                    cursor: (cursor + 1) % n,
                }
            }
            Action::Number(k) if (1..=n).contains(&usize::from(k)) => {
                self.answer(usize::from(k) - 1);
            }
            Action::Select => self.answer(cursor),
            Action::Close => self.go(Screen::Contents {
                cursor: self.course.lessons.len(),
            }),
            _ => {}
        }
    }

    fn answer(&mut self, choice: usize) {
        self.given.truncate(self.at);
        self.given.push(Some(choice));
        self.go(Screen::Feedback);
    }

    fn next_question(&mut self) {
        let total = self.quiz.as_ref().map_or(0, |q| q.items.len());
        if self.at + 1 < total {
            self.at += 1;
            self.go(Screen::Question { cursor: 0 });
        } else {
            self.go(Screen::Score);
        }
    }

    /// The answer given to the current question.
    pub fn last_answer(&self) -> Option<usize> {
        self.given.get(self.at).copied().flatten()
    }
}
