//! Learn mode: a course whose tables and examples come from the data, and a quiz with concept questions
//! from `learn.toml` and scenarios generated from the decision tree. No I/O and no wording of figures:
//! front ends format what this module selects.

pub mod example;
pub mod quiz;
mod scenario;
mod text;

use crate::advisor::path_to_leaf;
use crate::knowledge::{
    Family, FamilyProfile, Image, Knowledge, LeafIdx, Lesson, Target, Tip, Topic,
};

pub use example::{Example, Excerpt, Step};
pub use quiz::{Quiz, QuizError, QuizItem, QuizOptions};
pub use scenario::Scenario;
pub use text::title;

/// What a slide shows, filled in from the data.
#[derive(Debug, Clone)]
pub enum Body<'k> {
    /// One idea in the course's own words.
    Text(&'static str),
    /// Images side by side, in the order to show them.
    Images(Vec<&'k Image>),
    /// Family profiles, aspect by aspect.
    Families(Vec<&'k FamilyProfile>),
    /// Known problems, causes and fixes.
    Tips(Vec<&'k Tip>),
    /// A hardening step explained, with the example Dockerfile that shows it.
    Step {
        step: Step,
        text: &'static str,
        example: Example,
    },
    /// The tree's first question and where each answer leads.
    Tree(Vec<TreeLine>),
    /// What the data lacks to show this slide.
    Missing(String),
}

/// A line of the tree outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    pub depth: u8,
    pub text: String,
}

/// One idea per slide.
#[derive(Debug, Clone)]
pub struct Slide<'k> {
    pub heading: &'static str,
    pub body: Body<'k>,
}

/// Which result pane "try it" opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Recommendation,
    Compare,
    Dockerfile,
    Tips,
}

/// Where "try it" takes the learner: the advisor with these answers given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryIt {
    /// `KEY=CHOICE` pairs leading to `leaf`; empty starts at the first question.
    pub answers: Vec<(String, String)>,
    pub leaf: Option<String>,
    pub focus: Focus,
}

/// A lesson, ready to show.
#[derive(Debug, Clone)]
pub struct LessonPlan<'k> {
    pub topic: Topic,
    pub title: String,
    pub slides: Vec<Slide<'k>>,
    pub try_it: TryIt,
}

/// The whole course.
#[derive(Debug, Clone)]
pub struct Course<'k> {
    pub lessons: Vec<LessonPlan<'k>>,
    /// Things the learner should know before starting (a broken `learn.toml`, say).
    pub notices: Vec<String>,
}

impl<'k> Course<'k> {
    /// The course the data sets up: `learn.toml`'s lessons, or every lesson with examples picked here.
    pub fn build(knowledge: &'k Knowledge) -> Self {
        let mut picker = Picker {
            knowledge,
            best: std::cell::OnceCell::new(),
        };
        // Without its course data there are no lessons; `notices` says why.
        let lessons = knowledge.learn.get().map_or_else(
            |_| Vec::new(),
            |learn| learn.lessons.iter().map(|l| picker.plan(l)).collect(),
        );
        Course {
            lessons,
            notices: notices(knowledge),
        }
    }

    /// Every slide with its lesson's index, in course order.
    pub fn slides(&self) -> impl Iterator<Item = (usize, &Slide<'k>)> {
        self.lessons
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.slides.iter().map(move |s| (i, s)))
    }
}

/// What to tell a learner about the course data.
pub fn notices(knowledge: &Knowledge) -> Vec<String> {
    let learn = match knowledge.learn.get() {
        Ok(learn) => learn,
        Err(e) => {
            return vec![format!(
                "The course data cannot be read back from the built-in data ({e}); there are no lessons or concept questions."
            )];
        }
    };
    let n = learn.problems.errors().count();
    if n == 0 {
        return Vec::new();
    }
    vec![format!(
        "learn.toml has {n} problem{} (basepick check-data lists them); the entries concerned are left out.",
        if n == 1 { "" } else { "s" }
    )]
}

/// Chooses the examples lessons draw on when the data does not name them.
struct Picker<'k> {
    knowledge: &'k Knowledge,
    /// The leaf whose Dockerfile shows the most hardening steps, found once when needed.
    best: std::cell::OnceCell<Option<LeafIdx>>,
}

impl<'k> Picker<'k> {
    fn plan(&mut self, lesson: &Lesson) -> LessonPlan<'k> {
        let leaf = match lesson.leaf {
            Some(l) => Some(l),
            None => self.default_leaf(lesson.topic),
        };
        let leaf_id = leaf.map(|l| self.knowledge.leaf(l).id.clone());
        let example = leaf_id
            .as_deref()
            .map(|id| example::example_of(self.knowledge, id));
        let slides = text::slides(lesson.topic)
            .iter()
            .map(|script| Slide {
                heading: script.heading,
                body: self.body(script.shows, lesson, leaf, example.as_ref()),
            })
            .collect();
        let answers = match (&leaf_id, lesson.topic) {
            (_, Topic::DecisionTree) | (None, _) => Vec::new(),
            (Some(id), _) => path_to_leaf(&self.knowledge.tree, id)
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.question, s.answer))
                .collect(),
        };
        LessonPlan {
            topic: lesson.topic,
            title: lesson
                .title
                .clone()
                .unwrap_or_else(|| title(lesson.topic).to_owned()),
            slides,
            try_it: TryIt {
                leaf: leaf_id.filter(|_| !answers.is_empty()).map(String::from),
                answers,
                focus: focus(lesson.topic),
            },
        }
    }

    fn body(
        &self,
        shows: text::Shows,
        lesson: &Lesson,
        leaf: Option<LeafIdx>,
        example: Option<&Result<Example, String>>,
    ) -> Body<'k> {
        let k = self.knowledge;
        match shows {
            text::Shows::Text(t) => Body::Text(t),
            text::Shows::Images => {
                let images: Vec<&Image> = if lesson.images.is_empty() {
                    default_images(k, lesson.topic, leaf)
                } else {
                    lesson.images.iter().map(|i| k.image(*i)).collect()
                };
                if images.is_empty() {
                    Body::Missing("The catalog has no images to compare.".to_owned())
                } else {
                    Body::Images(images)
                }
            }
            text::Shows::Families(families) => {
                let found: Vec<&FamilyProfile> = families
                    .iter()
                    .filter_map(|f| k.families.profiles.iter().find(|p| p.family == *f))
                    .collect();
                if found.is_empty() {
                    Body::Missing(
                        "This data describes none of these families (families.toml).".to_owned(),
                    )
                } else {
                    Body::Families(found)
                }
            }
            text::Shows::Tips(family) => {
                let tips: Vec<&Tip> = k
                    .families
                    .tips
                    .iter()
                    .filter(|t| t.families.contains(&family))
                    .collect();
                if tips.is_empty() {
                    Body::Missing(format!(
                        "This data lists no known problems for {family} images."
                    ))
                } else {
                    Body::Tips(tips)
                }
            }
            text::Shows::Step(step, text) => match example {
                Some(Ok(example)) => Body::Step {
                    step,
                    text,
                    example: example.clone(),
                },
                Some(Err(e)) => Body::Missing(format!(
                    "The example Dockerfile could not be generated: {e}"
                )),
                None => Body::Missing("The tree has no leaf to take an example from.".to_owned()),
            },
            text::Shows::Tree => Body::Tree(outline(k)),
        }
    }

    fn default_leaf(&mut self, topic: Topic) -> Option<LeafIdx> {
        let with_family = |family: Family| {
            self.knowledge
                .tree
                .leaf_indices()
                .find(|(_, l)| self.knowledge.image(l.image).family == family)
                .map(|(i, _)| i)
        };
        match topic {
            Topic::DecisionTree => None,
            Topic::WhyBase | Topic::Distroless => {
                with_family(Family::Distroless).or_else(|| self.best())
            }
            Topic::Families => with_family(Family::Alpine).or_else(|| self.best()),
            _ => self.best(),
        }
    }

    /// The default example, found once when a lesson needs it.
    fn best(&mut self) -> Option<LeafIdx> {
        *self.best.get_or_init(|| best_example(self.knowledge))
    }
}

/// The first leaf whose Dockerfile shows every hardening step, else the one that shows the most.
fn best_example(knowledge: &Knowledge) -> Option<LeafIdx> {
    let mut best: Option<(LeafIdx, usize)> = None;
    for (idx, leaf) in knowledge.tree.leaf_indices() {
        let shown = example::example_of(knowledge, &leaf.id).map_or(0, |e| e.steps_shown());
        if best.is_none_or(|(_, n)| shown > n) {
            best = Some((idx, shown));
        }
        if shown == Step::ALL.len() {
            break;
        }
    }
    best.map(|(i, _)| i)
}

fn focus(topic: Topic) -> Focus {
    match topic {
        Topic::Comparison => Focus::Compare,
        Topic::Families => Focus::Tips,
        Topic::MultiStage | Topic::Hardening => Focus::Dockerfile,
        _ => Focus::Recommendation,
    }
}

/// Images for a lesson's table when the data names none: the supported images that serve the example's
/// runtime, at most two per family in family order (the fullest, the recommended and the leanest for
/// the first lesson).
fn default_images(k: &Knowledge, topic: Topic, leaf: Option<LeafIdx>) -> Vec<&Image> {
    let runtime = leaf
        .or_else(|| k.tree.leaf_indices().next().map(|(i, _)| i))
        .map(|l| k.leaf(l).runtime.as_str());
    let day = k.review_date();
    let serving: Vec<&Image> = k
        .catalog
        .images
        .iter()
        .filter(|i| {
            i.supported_on(day) && runtime.is_some_and(|r| i.runtimes.iter().any(|x| x == r))
        })
        .collect();
    if topic == Topic::WhyBase {
        let most = serving.iter().max_by_key(|i| i.packages.value);
        let least = serving.iter().min_by_key(|i| i.packages.value);
        let chosen = leaf.map(|l| k.image(k.leaf(l).image));
        let mut out: Vec<&Image> = Vec::new();
        for image in [most.copied(), chosen, least.copied()]
            .into_iter()
            .flatten()
        {
            if !out.iter().any(|o| o.id == image.id) {
                out.push(image);
            }
        }
        return out;
    }
    let mut out = Vec::new();
    for family in Family::ALL {
        out.extend(serving.iter().filter(|i| i.family == *family).take(2));
    }
    out.truncate(10);
    out
}

/// The first question, and where each of its answers leads.
fn outline(k: &Knowledge) -> Vec<TreeLine> {
    let first = k.tree.start_question();
    let mut lines = vec![TreeLine {
        depth: 0,
        text: first.prompt.to_string(),
    }];
    for choice in &first.choices {
        let leads = match choice.target {
            Target::Question(q) => k.tree.question(q).prompt.to_string(),
            Target::Leaf(l) => k.image(k.leaf(l).image).reference.to_string(),
        };
        lines.push(TreeLine {
            depth: 1,
            text: format!("{} → {leads}", choice.label),
        });
    }
    lines
}
