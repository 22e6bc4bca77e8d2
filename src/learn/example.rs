//! A real Dockerfile as the course's example, and the lines in it that carry out each hardening step.
//!
//! [`dockerfile_of`] is the one place the course asks the generator for a Dockerfile, so a change to the
//! generation API touches this function only.

use crate::advisor;
use crate::generate::{self, PlanInput};
use crate::knowledge::Knowledge;

/// A hardening step the course points out in a Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    MultiStage,
    NumericUser,
    Tini,
    ExecForm,
    CacheCleanup,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::MultiStage,
        Step::NumericUser,
        Step::Tini,
        Step::ExecForm,
        Step::CacheCleanup,
    ];

    /// A short name, for legends and markers.
    pub fn name(self) -> &'static str {
        match self {
            Step::MultiStage => "multi-stage build",
            Step::NumericUser => "numeric non-root user",
            Step::Tini => "tini as process 1",
            Step::ExecForm => "exec-form entry point",
            Step::CacheCleanup => "caches removed",
        }
    }

    /// Whether a line of a Dockerfile (comments excluded) carries out this step; `stages` is the
    /// number of FROM lines in the file.
    fn shown_by(self, line: &str, stages: usize) -> bool {
        let line = line.trim();
        let instruction = |word: &str| {
            line.split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        };
        match self {
            Step::MultiStage => stages > 1 && (instruction("FROM") || line.contains("--from=")),
            Step::NumericUser => {
                instruction("USER")
                    && line.split_whitespace().nth(1).is_some_and(|user| {
                        user.split(':').all(|part| {
                            !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
                        }) && !user.starts_with('0')
                    })
            }
            Step::Tini => line.contains("tini"),
            Step::ExecForm => {
                instruction("ENTRYPOINT")
                    && line["ENTRYPOINT".len()..].trim_start().starts_with('[')
            }
            Step::CacheCleanup => [
                "rm -rf /var/lib/apt/lists",
                "rm -rf /var/cache/apk",
                "--no-cache",
                "cache clean",
                "clean all",
                "--mount=type=cache",
            ]
            .iter()
            .any(|pattern| line.contains(pattern)),
        }
    }
}

/// A leaf's Dockerfile with the hardening steps located in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The leaf it was generated for.
    pub leaf: String,
    pub lines: Vec<String>,
    /// Line index (0-based) and the step that line carries out; a line may carry several.
    pub marks: Vec<(usize, Step)>,
}

/// One line of an excerpt, or the gap between two distant lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Excerpt<'a> {
    Line {
        /// 1-based line number in the Dockerfile.
        number: usize,
        text: &'a str,
        marked: bool,
    },
    Gap,
}

impl Example {
    pub fn new(leaf: &str, dockerfile: &str) -> Self {
        let lines: Vec<String> = dockerfile.lines().map(str::to_owned).collect();
        let marks = steps_in(&lines);
        Example {
            leaf: leaf.to_owned(),
            lines,
            marks,
        }
    }

    /// Whether the Dockerfile shows this step at all.
    pub fn shows(&self, step: Step) -> bool {
        self.marks.iter().any(|(_, s)| *s == step)
    }

    /// How many of the steps the Dockerfile shows.
    pub fn steps_shown(&self) -> usize {
        Step::ALL.iter().filter(|s| self.shows(**s)).count()
    }

    /// The steps a line carries out.
    pub fn steps_of(&self, line: usize) -> Vec<Step> {
        self.marks
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, s)| *s)
            .collect()
    }

    /// The lines of a step with `context` lines around each (comments left out of the context), gaps
    /// marked; empty when the Dockerfile does not show the step.
    pub fn excerpt(&self, step: Step, context: usize) -> Vec<Excerpt<'_>> {
        let marked: Vec<usize> = self
            .marks
            .iter()
            .filter(|(_, s)| *s == step)
            .map(|(l, _)| *l)
            .collect();
        let mut keep = vec![false; self.lines.len()];
        for &line in &marked {
            let from = line.saturating_sub(context);
            let to = (line + context).min(self.lines.len().saturating_sub(1));
            for (i, k) in keep.iter_mut().enumerate().take(to + 1).skip(from) {
                *k = i == line || !is_comment(&self.lines[i]) && !self.lines[i].trim().is_empty();
            }
        }
        let mut out = Vec::new();
        let mut last: Option<usize> = None;
        for (i, text) in self.lines.iter().enumerate().filter(|(i, _)| keep[*i]) {
            if last.is_some_and(|l| i > l + 1) {
                out.push(Excerpt::Gap);
            }
            out.push(Excerpt::Line {
                number: i + 1,
                text,
                marked: marked.contains(&i),
            });
            last = Some(i);
        }
        out
    }
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Every line that carries out a step, comments excluded.
pub fn steps_in(lines: &[String]) -> Vec<(usize, Step)> {
    let stages = lines
        .iter()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("FROM"))
        })
        .count();
    let mut marks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if is_comment(line) {
            continue;
        }
        for step in Step::ALL {
            if step.shown_by(line, stages) {
                marks.push((i, step));
            }
        }
    }
    marks
}

/// The Dockerfile basepick generates for a leaf with no project and no `--set` values. Support is
/// judged on the data's review date, as for the course's tables, so a lesson shows the same example
/// whatever the day.
pub fn dockerfile_of(knowledge: &Knowledge, leaf: &str) -> Result<String, String> {
    let outcome =
        advisor::leaf_outcome(knowledge, leaf).ok_or_else(|| format!("no leaf `{leaf}`"))?;
    generate::generate(PlanInput {
        knowledge,
        outcome: &outcome,
        facts: None,
        overrides: &[],
        today: knowledge.review_date(),
    })
    .map(|(_, artifacts)| artifacts.dockerfile)
    .map_err(|e| e.to_string())
}

/// The example for a leaf: its Dockerfile with the steps located.
pub fn example_of(knowledge: &Knowledge, leaf: &str) -> Result<Example, String> {
    dockerfile_of(knowledge, leaf).map(|text| Example::new(leaf, &text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_step_in_a_hand_written_dockerfile() {
        let text = "FROM golang:1 AS build\nRUN apk add --no-cache git\n# USER 10001 in a comment\n\
                    FROM scratch\nCOPY --from=build /app /app\nUSER 10001:10001\n\
                    ENTRYPOINT [\"/sbin/tini\", \"--\", \"/app\"]\n";
        let ex = Example::new("x", text);
        let lines = |step| -> Vec<usize> {
            ex.marks
                .iter()
                .filter(|(_, s)| *s == step)
                .map(|(l, _)| *l)
                .collect()
        };
        assert_eq!(lines(Step::MultiStage), [0, 3, 4]);
        assert_eq!(lines(Step::CacheCleanup), [1]);
        assert_eq!(lines(Step::NumericUser), [5]);
        assert_eq!(lines(Step::ExecForm), [6]);
        assert_eq!(lines(Step::Tini), [6]);
    }

    #[test]
    fn root_named_users_and_shell_form_do_not_count() {
        let ex = Example::new("x", "FROM debian\nUSER app\nUSER 0\nENTRYPOINT /app\n");
        assert_eq!(ex.steps_shown(), 0, "{:?}", ex.marks);
    }

    #[test]
    fn excerpts_keep_marked_lines_and_mark_gaps() {
        let ex = Example::new("x", "FROM a AS b\nRUN x\nRUN y\nRUN z\nFROM c\n");
        let excerpt = ex.excerpt(Step::MultiStage, 0);
        assert_eq!(excerpt.len(), 3);
        assert_eq!(excerpt[1], Excerpt::Gap);
        assert!(matches!(
            excerpt[2],
            Excerpt::Line {
                number: 5,
                marked: true,
                ..
            }
        ));
    }
}
