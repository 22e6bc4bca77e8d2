//! `decision_tree.toml` → [`Tree`]: ids unique, every `next`/`leaf` resolved, the graph reachable and
//! acyclic, answer keys unambiguous, parameter defaults valid. Every check is linear in the size of the
//! tree and iterative, so a large or adversarial tree neither hangs nor overflows the stack.

use std::collections::{BTreeMap, BTreeSet};

use crate::id_map::IdMap;
use std::ops::Range;

use crate::TREE_FILE;
use crate::diagnostics::{Problem, Problems, Rule};
use crate::params::{self, ParamKey};
use crate::raw::tree::{ChoiceEntry, QuestionEntry, TreeFile};
use crate::text::Text;
use crate::tree::{AnswerKey, Choice, LeafIdx, Question, QuestionIdx, Target};

/// The tree's questions resolved, and what the leaves still need (their images and templates).
pub struct ResolvedQuestions {
    pub start: QuestionIdx,
    pub questions: Vec<Question>,
    pub remaining: Vec<u32>,
    pub keys: Vec<AnswerKey>,
    pub params: BTreeMap<String, BTreeMap<ParamKey, String>>,
}

pub(super) struct Check<'a> {
    pub src: &'a str,
    pub problems: &'a mut Problems,
}

impl Check<'_> {
    pub fn err(&mut self, rule: Rule, span: Range<usize>, msg: String) {
        self.problems
            .push(Problem::error(rule, TREE_FILE, msg).at(self.src, span));
    }
}

/// Resolves the questions; `None` when a reference or the graph is broken (the problems say why).
pub fn resolve(file: &TreeFile, src: &str, problems: &mut Problems) -> Option<ResolvedQuestions> {
    let errors_before = problems.errors().count();
    let mut check = Check { src, problems };
    let questions = index_of(
        file.questions.iter().map(|q| (q.id(), q.id.span())),
        "question",
        &mut check,
    );
    let leaves = index_of(
        file.leaves
            .iter()
            .map(|l| (l.id.get_ref().as_str(), l.id.span())),
        "leaf",
        &mut check,
    );
    let start = questions.get(file.start.get_ref().as_str()).copied();
    if start.is_none() {
        check.err(
            Rule::UnknownReference,
            file.start.span(),
            format!(
                "start names `{}`, which is not a question id",
                file.start.get_ref()
            ),
        );
    }
    let mut resolved = Vec::with_capacity(file.questions.len());
    for q in &file.questions {
        resolved.push(question(q, &questions, &leaves, &mut check));
    }
    let resolved: Option<Vec<Question>> = resolved.into_iter().collect();
    let keys = answer_keys(&file.questions, &mut check);
    let params = param_defaults(file, &mut check);
    let (Some(start), Some(resolved)) = (start, resolved) else {
        return None;
    };
    let start = QuestionIdx(start);
    let remaining = super::graph::check(file, &resolved, start, &mut check)?;
    (problems.errors().count() == errors_before).then_some(ResolvedQuestions {
        start,
        questions: resolved,
        remaining,
        keys,
        params,
    })
}

/// Maps ids to positions, reporting duplicates (the first one counts).
fn index_of<'a>(
    ids: impl Iterator<Item = (&'a str, Range<usize>)>,
    what: &str,
    check: &mut Check<'_>,
) -> IdMap<&'a str, u32> {
    let mut index = IdMap::default();
    for (i, (id, span)) in ids.enumerate() {
        if index.contains_key(id) {
            check.err(
                Rule::DuplicateId,
                span,
                format!("{what} id `{id}` is used twice; ids must be unique"),
            );
        } else if let Ok(i) = u32::try_from(i) {
            index.insert(id, i);
        }
    }
    index
}

fn question(
    q: &QuestionEntry,
    questions: &IdMap<&str, u32>,
    leaves: &IdMap<&str, u32>,
    check: &mut Check<'_>,
) -> Option<Question> {
    if q.choices.is_empty() {
        check.err(
            Rule::NoChoices,
            q.id.span(),
            format!(
                "question `{}` has no choices; add [[question.choice]] entries",
                q.id()
            ),
        );
    }
    let mut seen = BTreeSet::new();
    for c in &q.choices {
        if !seen.insert(c.id.get_ref().as_str()) {
            check.err(
                Rule::DuplicateId,
                c.id.span(),
                format!(
                    "question `{}` offers choice `{}` twice",
                    q.id(),
                    c.id.get_ref()
                ),
            );
        }
    }
    let default = q.default.as_ref().and_then(|d| {
        let found = q.choices.iter().position(|c| c.id.get_ref() == d.get_ref());
        if found.is_none() {
            check.err(
                Rule::UnknownReference,
                d.span(),
                format!(
                    "question `{}`: default `{d}` is not one of its choices ({})",
                    q.id(),
                    q.choice_ids().join(", ")
                ),
            );
        }
        found
    });
    let choices: Vec<Option<Choice>> = q
        .choices
        .iter()
        .map(|c| choice(q, c, questions, leaves, check))
        .collect();
    let choices: Option<Vec<Choice>> = choices.into_iter().collect();
    Some(Question {
        id: q.id().to_owned().into(),
        key: q.key().to_owned().into(),
        prompt: q.prompt.clone().into(),
        help: q.help.clone().into(),
        default,
        choices: choices?,
    })
}

fn choice(
    q: &QuestionEntry,
    c: &ChoiceEntry,
    questions: &IdMap<&str, u32>,
    leaves: &IdMap<&str, u32>,
    check: &mut Check<'_>,
) -> Option<Choice> {
    let (cid, qid) = (c.id.get_ref(), q.id());
    let target = match (&c.next, &c.leaf) {
        (Some(next), None) => match questions.get(next.get_ref().as_str()) {
            Some(i) => Some(Target::Question(QuestionIdx(*i))),
            None => {
                check.err(
                    Rule::UnknownReference,
                    next.span(),
                    format!(
                        "choice `{cid}` of question `{qid}`: next `{next}` is not a question id"
                    ),
                );
                None
            }
        },
        (None, Some(leaf)) => match leaves.get(leaf.get_ref().as_str()) {
            Some(i) => Some(Target::Leaf(LeafIdx(*i))),
            None => {
                check.err(
                    Rule::UnknownReference,
                    leaf.span(),
                    format!("choice `{cid}` of question `{qid}`: leaf `{leaf}` is not a leaf id"),
                );
                None
            }
        },
        _ => {
            check.err(
                Rule::ChoiceTarget,
                c.id.span(),
                format!(
                    "choice `{cid}` of question `{qid}` must have exactly one of `next` (a question) or `leaf`"
                ),
            );
            None
        }
    };
    Some(Choice {
        id: cid.clone().into(),
        label: c.label.clone().into(),
        because: c.because.clone().map(Text::from),
        target: target?,
    })
}

/// One key, one set of choices: a scripted answer must mean the same on every node that asks it.
fn answer_keys(questions: &[QuestionEntry], check: &mut Check<'_>) -> Vec<AnswerKey> {
    let mut keys: Vec<AnswerKey> = Vec::new();
    let mut first: IdMap<&str, &QuestionEntry> = IdMap::default();
    for q in questions {
        if let Some(earlier) = first.get(q.key()) {
            let a: BTreeSet<&str> = earlier.choice_ids().into_iter().collect();
            let b: BTreeSet<&str> = q.choice_ids().into_iter().collect();
            if a != b {
                check.err(
                    Rule::AnswerKey,
                    q.key_span(),
                    format!(
                        "question `{}` asks `{}` with choices ({}), but question `{}` asks it with ({}); one key, one set of choices",
                        q.id(),
                        q.key(),
                        q.choice_ids().join(", "),
                        earlier.id(),
                        earlier.choice_ids().join(", ")
                    ),
                );
            }
            continue;
        }
        first.insert(q.key(), q);
        keys.push(AnswerKey {
            name: q.key().to_owned().into(),
            choices: q.choice_ids().into_iter().map(Text::from).collect(),
        });
    }
    keys
}

fn param_defaults(
    file: &TreeFile,
    check: &mut Check<'_>,
) -> BTreeMap<String, BTreeMap<ParamKey, String>> {
    let mut out = BTreeMap::new();
    for (runtime, values) in &file.params {
        let mut table = BTreeMap::new();
        for (key, value) in values {
            let problem = match ParamKey::parse(key) {
                None => Some(format!(
                    "params.{runtime}: unknown parameter `{key}`; valid: {}",
                    ParamKey::ALL.map(ParamKey::as_str).join(", ")
                )),
                Some(k) => match params::validate(k, value) {
                    Ok(()) => {
                        table.insert(k, value.clone());
                        None
                    }
                    Err(e) => Some(format!("params.{runtime}: {e}")),
                },
            };
            if let Some(msg) = problem {
                let header = format!("[params.{runtime}]");
                let span = check
                    .src
                    .find(&header)
                    .map_or(0..0, |i| i..i + header.len());
                check.err(Rule::BadParam, span, msg);
            }
        }
        out.insert(runtime.clone(), table);
    }
    out
}
