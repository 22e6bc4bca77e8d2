//! Which stages of a Dockerfile feed its final image: the final stage and the stages it builds on,
//! and every stage they copy files from (`COPY --from`, `ADD --from`, `RUN --mount=…,from=…`), and so
//! on. A stage nothing reaches (tests, development targets) does not ship anything.

use std::collections::HashMap;

use super::dockerfile::{Parsed, Stage};
use super::lexer::Instruction;

/// Stage names (lower-cased, as builds compare them) to their index.
pub struct StageNames(HashMap<String, usize>);

impl StageNames {
    pub fn new(stages: &[Stage]) -> Self {
        let mut names = HashMap::new();
        for stage in stages {
            if let Some(name) = &stage.name {
                // A later stage of the same name does not hide the first, as in a build.
                names
                    .entry(name.to_ascii_lowercase())
                    .or_insert(stage.index);
            }
        }
        StageNames(names)
    }
}

/// The stage an instruction takes files from, when it names one of `stages` (by name or number);
/// `COPY --from=nginx:1.27` names an image, not a stage, and gives nothing.
pub fn source_stage(ins: &Instruction, stages: &[Stage], names: &StageNames) -> Option<usize> {
    let source = match ins.keyword.as_str() {
        "COPY" | "ADD" => ins
            .args
            .split_whitespace()
            .take_while(|w| w.starts_with("--"))
            .find_map(|w| w.strip_prefix("--from="))?,
        "RUN" => ins
            .args
            .split_whitespace()
            .take_while(|w| w.starts_with("--"))
            .filter_map(|w| w.strip_prefix("--mount="))
            .flat_map(|m| m.split(','))
            .find_map(|kv| kv.strip_prefix("from="))?,
        _ => return None,
    };
    match source.parse::<usize>() {
        Ok(index) => (index < stages.len()).then_some(index),
        Err(_) => names.0.get(&source.to_ascii_lowercase()).copied(),
    }
}

/// For each stage, whether it feeds the final image. Each stage is visited once.
pub fn feeding(parsed: &Parsed, final_stage: usize) -> Vec<bool> {
    let stages = &parsed.stages;
    let names = StageNames::new(stages);
    let mut feeds = vec![false; stages.len()];
    let mut todo = vec![final_stage];
    while let Some(start) = todo.pop() {
        for stage in super::chain(stages, start) {
            if feeds.get(stage.index).copied().unwrap_or(true) {
                break;
            }
            feeds[stage.index] = true;
            let body = parsed
                .bodies
                .get(stage.index)
                .map_or(&[][..], Vec::as_slice);
            todo.extend(
                body.iter()
                    .filter_map(|ins| source_stage(ins, stages, &names)),
            );
        }
    }
    feeds
}
