//! The tree as a graph: reachability, cycles and "a key at most once per path", each linear in the
//! number of questions and choices and iterative, so neither a large nor an adversarial tree hangs or
//! overflows the stack.

use crate::id_map::IdMap;
use std::ops::Range;

use super::tree::Check;
use crate::diagnostics::Rule;
use crate::raw::tree::TreeFile;
use crate::tree::{Question, QuestionIdx, Target};

/// Reachability, cycles and "a key at most once per path", in one pass over the graph; returns the
/// longest number of questions still to come from each question.
pub(super) fn check(
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
    path.iter().map(|&q| questions[q].id.to_string()).collect()
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
    let mut key_ids: IdMap<&str, usize> = IdMap::default();
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
