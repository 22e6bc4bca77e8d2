//! Renders every leaf the way `basepick dockerfile LEAF` would (no project, no `--set`), under the
//! same fuel and output limits, so `check-data` finds a template that loops, grows without end or
//! fails on a value at render time — located in the template — before anyone asks for that leaf.

use std::collections::BTreeSet;

use super::run::{self, Extra, RunConfig};
use super::{PlanInput, plan};
use super::{RenderError, environment, render_one};
use crate::advisor::{Outcome, paths_to_leaves};
use crate::knowledge::{
    Date, Knowledge, Problem, Problems, Rule, TEMPLATES_DIR, TREE_FILE, Templates,
};

/// Every leaf's Dockerfile and `.dockerignore`, and the run files when the data has their templates,
/// rendered with one template environment. A template that failed once is not rendered again for
/// the next leaf (a looping template would otherwise cost its whole fuel once per leaf).
pub fn rehearse(knowledge: &Knowledge, today: Date) -> Problems {
    let mut problems = Problems::default();
    let env = match environment(&knowledge.templates) {
        Ok(env) => env,
        Err(e) => {
            problems.push(render_problem(knowledge, None, &e));
            return problems;
        }
    };
    let mut failed = BTreeSet::new();
    let trails = paths_to_leaves(&knowledge.tree);
    for (leaf, trail) in knowledge.tree.leaves.iter().zip(trails) {
        let outcome = Outcome::new(knowledge, leaf, trail.unwrap_or_default(), Vec::new());
        let plan = match plan(PlanInput {
            knowledge,
            outcome: &outcome,
            facts: None,
            overrides: &[],
            today,
        }) {
            Ok(plan) => plan,
            Err(e) => {
                problems.push(Problem::error(
                    Rule::RenderFailed,
                    TREE_FILE,
                    format!("leaf `{}` cannot be planned: {e}", leaf.id),
                ));
                continue;
            }
        };
        let mut attempt = |name: String, render: &dyn Fn(&str) -> Result<String, RenderError>| {
            if failed.contains(&name) {
                return None;
            }
            match render(&name) {
                Ok(text) => Some(text),
                Err(e) => {
                    problems.push(render_problem(knowledge, Some(&leaf.id), &e));
                    failed.insert(name);
                    None
                }
            }
        };
        let dockerfile = attempt(Templates::dockerfile_name(&leaf.template), &|name| {
            render_one(&env, name, &plan)
        });
        attempt(
            knowledge.templates.dockerignore_name(&leaf.runtime),
            &|name| render_one(&env, name, &plan),
        );
        // The run files follow from the plan and its Dockerfile; a data set may have none.
        let Some(dockerfile) = dockerfile else {
            continue;
        };
        let config = RunConfig::new(&plan, &dockerfile);
        for extra in Extra::ALL {
            if knowledge.templates.get(extra.template()).is_some() {
                attempt(extra.template().to_owned(), &|_| {
                    run::render_in(&env, &config, extra)
                });
            }
        }
    }
    problems
}

/// A render failure as a problem located in the template where rendering stopped.
fn render_problem(knowledge: &Knowledge, leaf: Option<&str>, e: &RenderError) -> Problem {
    let (name, line, what) = match e {
        RenderError::Template { name, line, detail } => (name, *line, detail.clone()),
        RenderError::TooLarge { name } => (name, None, e.to_string()),
    };
    let message = match leaf {
        Some(leaf) => format!("rendering leaf `{leaf}` stops: {what}"),
        None => format!("rendering stops: {what}"),
    };
    let problem = Problem::error(
        Rule::RenderFailed,
        format!("{TEMPLATES_DIR}/{name}"),
        message,
    );
    let source = knowledge.templates.get(name);
    match (source, line) {
        (Some(src), Some(line)) => {
            let start: usize = src
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let end = src[start..].find('\n').map_or(src.len(), |i| start + i);
            problem.at(src, start..end)
        }
        _ => problem,
    }
}
