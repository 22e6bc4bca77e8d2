//! `decision_tree.toml` → [`Tree`]: ids unique, every `next`/`leaf` resolved, the graph reachable and
//! acyclic, answer keys unambiguous, parameter defaults valid. Every check is linear in the size of the
//! tree and iterative, so a large or adversarial tree neither hangs nor overflows the stack.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use crate::TREE_FILE;
use crate::diagnostics::{Problem, Problems, Rule};
use crate::params::{self, ParamKey};
use crate::raw::tree::{ChoiceEntry, QuestionEntry, TreeFile};
use crate::tree::{AnswerKey, Choice, LeafIdx, Question, QuestionIdx, Target};

/// The tree's questions resolved, and what the leaves still need (their images and templates).
pub struct ResolvedQuestions {
    pub start: QuestionIdx,
    pub questions: Vec<Question>,
    pub remaining: Vec<u32>,
    pub keys: Vec<AnswerKey>,
    pub params: BTreeMap<String, BTreeMap<ParamKey, String>>,
}

struct Check<'a> {
    src: &'a str,
    problems: &'a mut Problems,
}

impl Check<'_> {
    fn err(&mut self, rule: Rule, span: Range<usize>, msg: String) {
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
    let remaining = graph(file, &resolved, start, &mut check)?;
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
) -> HashMap<&'a str, u32> {
    let mut index = HashMap::new();
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
    questions: &HashMap<&str, u32>,
    leaves: &HashMap<&str, u32>,
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
        id: q.id().to_owned(),
        key: q.key().to_owned(),
        prompt: q.prompt.clone(),
        help: q.help.clone(),
        default,
        choices: choices?,
    })
}

fn choice(
    q: &QuestionEntry,
    c: &ChoiceEntry,
    questions: &HashMap<&str, u32>,
    leaves: &HashMap<&str, u32>,
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
        id: cid.clone(),
        label: c.label.clone(),
        because: c.because.clone(),
        target: target?,
    })
}

/// One key, one set of choices: a scripted answer must mean the same on every node that asks it.
fn answer_keys(questions: &[QuestionEntry], check: &mut Check<'_>) -> Vec<AnswerKey> {
    let mut keys: Vec<AnswerKey> = Vec::new();
    let mut first: HashMap<&str, &QuestionEntry> = HashMap::new();
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
            name: q.key().to_owned(),
            choices: q.choice_ids().into_iter().map(str::to_owned).collect(),
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

/// Reachability, cycles and "a key at most once per path", in one pass over the graph; returns the
/// longest number of questions still to come from each question.
fn graph(
    file: &TreeFile,
    questions: &[Question],
    start: QuestionIdx,
    check: &mut Check<'_>,
) -> Option<Vec<u32>> {
    let n = questions.len();
    let order = match depth_first(questions, start) {
        Ok(order) => order,
        Err((from, to)) => {
            let ring = cycle_path(questions, from, to);
            let span = next_span(file, from, to);
            check.err(
                Rule::Cycle,
                span,
                format!("the tree has a cycle: {}", ring.join(" → ")),
            );
            return None;
        }
    };
    let mut reached = vec![false; n];
    let mut leaves_reached = vec![false; file.leaves.len()];
    for &q in &order {
        reached[q] = true;
        for c in &questions[q].choices {
            if let Target::Leaf(l) = c.target {
                leaves_reached[l.0 as usize] = true;
            }
        }
    }
    for (q, entry) in file.questions.iter().enumerate() {
        if !reached[q] {
            check.err(
                Rule::Unreachable,
                entry.id.span(),
                format!(
                    "question `{}` is not reachable from start `{}`",
                    entry.id(),
                    file.start.get_ref()
                ),
            );
        }
    }
    for (l, entry) in file.leaves.iter().enumerate() {
        if !leaves_reached[l] {
            check.err(
                Rule::Unreachable,
                entry.id.span(),
                format!(
                    "leaf `{}` is not reachable: no choice leads to it",
                    entry.id.get_ref()
                ),
            );
        }
    }
    keys_once_per_path(file, questions, &order, check);
    Some(longest_paths(questions, &order))
}

/// For each question, the most questions any path from it asks (itself included), filled children
/// first; questions no path reaches get 1.
fn longest_paths(questions: &[Question], order: &[usize]) -> Vec<u32> {
    let mut remaining = vec![1u32; questions.len()];
    for &q in order.iter().rev() {
        let below = questions[q]
            .choices
            .iter()
            .filter_map(|c| match c.target {
                Target::Question(next) => Some(remaining[next.0 as usize]),
                Target::Leaf(_) => None,
            })
            .max()
            .unwrap_or(0);
        remaining[q] = below.saturating_add(1);
    }
    remaining
}

/// Questions reachable from `start` in topological order (parents first), or the edge that closes a
/// cycle. Iterative depth-first search, linear in questions and choices.
fn depth_first(questions: &[Question], start: QuestionIdx) -> Result<Vec<usize>, (usize, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; questions.len()];
    let mut post = Vec::with_capacity(questions.len());
    let mut stack: Vec<(usize, usize)> = vec![(start.0 as usize, 0)];
    mark[start.0 as usize] = Mark::Open;
    while let Some((q, i)) = stack.pop() {
        let Some(choice) = questions[q].choices.get(i) else {
            mark[q] = Mark::Done;
            post.push(q);
            continue;
        };
        stack.push((q, i + 1));
        if let Target::Question(next) = choice.target {
            let next = next.0 as usize;
            match mark[next] {
                Mark::New => {
                    mark[next] = Mark::Open;
                    stack.push((next, 0));
                }
                Mark::Open => return Err((q, next)),
                Mark::Done => {}
            }
        }
    }
    post.reverse();
    Ok(post)
}

/// The ids along the cycle closed by the edge `from → to`: a path from `to` back to `from`, found by a
/// breadth-first search (so it is short), then `to` again.
fn cycle_path(questions: &[Question], from: usize, to: usize) -> Vec<String> {
    let mut parent: Vec<Option<usize>> = vec![None; questions.len()];
    let mut queue = std::collections::VecDeque::from([to]);
    let mut seen = vec![false; questions.len()];
    seen[to] = true;
    while let Some(q) = queue.pop_front() {
        if q == from {
            break;
        }
        for c in &questions[q].choices {
            if let Target::Question(next) = c.target {
                let next = next.0 as usize;
                if !seen[next] {
                    seen[next] = true;
                    parent[next] = Some(q);
                    queue.push_back(next);
                }
            }
        }
    }
    let mut path = vec![from];
    let mut at = from;
    while at != to {
        match parent[at] {
            Some(p) => {
                path.push(p);
                at = p;
            }
            None => break,
        }
    }
    path.reverse();
    path.push(to);
    path.iter().map(|&q| questions[q].id.clone()).collect()
}

fn next_span(file: &TreeFile, from: usize, to: usize) -> Range<usize> {
    let target = &file.questions[to].id;
    file.questions[from]
        .choices
        .iter()
        .filter_map(|c| c.next.as_ref())
        .find(|n| n.get_ref() == target.get_ref())
        .map_or(0..0, toml::Spanned::span)
}

/// A key asked twice on one path would make a scripted answer ambiguous. Each question carries the set
/// of keys asked on any path above it (a bitset over the distinct keys), filled in topological order.
fn keys_once_per_path(
    file: &TreeFile,
    questions: &[Question],
    order: &[usize],
    check: &mut Check<'_>,
) {
    let mut key_ids: HashMap<&str, usize> = HashMap::new();
    for q in questions {
        let next = key_ids.len();
        key_ids.entry(q.key.as_str()).or_insert(next);
    }
    let words = key_ids.len().div_ceil(64);
    let mut above: Vec<Vec<u64>> = vec![vec![0; words]; questions.len()];
    for &q in order {
        let key = key_ids[questions[q].key.as_str()];
        let (word, bit) = (key / 64, 1u64 << (key % 64));
        if above[q][word] & bit != 0 {
            check.err(
                Rule::AnswerKey,
                file.questions[q].key_span(),
                format!(
                    "question `{}` asks `{}`, which this path already asked; a key may appear once per path",
                    questions[q].id, questions[q].key
                ),
            );
        }
        let mut below = above[q].clone();
        below[word] |= bit;
        for c in &questions[q].choices {
            if let Target::Question(next) = c.target {
                for (dst, src) in above[next.0 as usize].iter_mut().zip(&below) {
                    *dst |= src;
                }
            }
        }
    }
}
