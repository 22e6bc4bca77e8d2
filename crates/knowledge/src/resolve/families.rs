//! `families.toml`: one profile per family, tip ids unique.

use std::collections::HashSet;

use crate::FAMILIES_FILE;
use crate::diagnostics::{Problem, Problems, Rule};
use crate::families::Families;

pub fn check(families: &Families, problems: &mut Problems) {
    let mut seen = HashSet::new();
    for p in &families.profiles {
        if !seen.insert(p.family) {
            problems.push(Problem::error(
                Rule::DuplicateId,
                FAMILIES_FILE,
                format!("family `{}` is described twice", p.family),
            ));
        }
    }
    let mut tips = HashSet::new();
    for t in &families.tips {
        if !tips.insert(t.id.as_str()) {
            problems.push(Problem::error(
                Rule::DuplicateId,
                FAMILIES_FILE,
                format!("tip id `{}` is used twice", t.id),
            ));
        }
    }
}
