//! A front-end build in a stage of its own: on the application's own Node.js image for a Node.js
//! application, else on the newest supported Node.js slim image of the catalog.

use super::app::{check_safe, check_script_word};
use super::{AssetsPlan, PlanError};
use crate::advisor::Outcome;
use crate::generate::facts::{AssetBuild, ProjectFacts};
use crate::generate::stage::StagePlan;
use crate::knowledge::version::version_key;
use crate::knowledge::{Date, Family, Knowledge};

pub(super) fn plan(
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    facts: Option<&ProjectFacts>,
    today: Date,
) -> Result<Option<AssetsPlan>, PlanError> {
    let Some(found) = facts.and_then(|f| f.assets.as_ref()) else {
        return Ok(None);
    };
    let AssetBuild {
        manager,
        command,
        output,
    } = found.value.clone();
    for word in &command {
        check_script_word(word, &found.evidence)?;
    }
    if let Some(out) = &output {
        check_safe("asset output directory", out, &found.evidence, true)?;
    }
    let node = if outcome.leaf.runtime == "node" {
        outcome.builder.or(Some(outcome.image))
    } else {
        knowledge
            .catalog
            .images
            .iter()
            .filter(|i| {
                i.runtimes.iter().any(|r| r == "node")
                    && i.family == Family::Slim
                    && i.supported_on(today)
            })
            .max_by_key(|i| version_key(i.runtime_version.as_deref().unwrap_or("0")))
    };
    let Some(node) = node else {
        return Ok(None);
    };
    Ok(Some(AssetsPlan {
        manager,
        command,
        output,
        image: StagePlan::new(node, None, None)?,
    }))
}
