//! Ids and answer keys every front end can carry: a key must survive `-a KEY=CHOICE` (split at the
//! first `=`, trimmed), and ids of one kind must stay apart as diagram nodes.

use crate::id_map::IdMap;

use toml::Spanned;

use crate::TREE_FILE;
use crate::diagnostics::{Problem, Problems, Rule};
use crate::raw::tree::TreeFile;
use crate::tree::diagram_name;

pub fn check(file: &TreeFile, src: &str, problems: &mut Problems) {
    let mut err = |rule, span, msg: String| {
        problems.push(Problem::error(rule, TREE_FILE, msg).at(src, span));
    };
    for q in &file.questions {
        let key = q.key();
        let problem = if key.contains('=') {
            Some("contains `=`, so `-a KEY=CHOICE` would split it")
        } else if key.trim() != key || key.is_empty() {
            Some("starts or ends with a space, which `-a KEY=CHOICE` would drop")
        } else {
            None
        };
        if let Some(why) = problem {
            err(
                Rule::AnswerKey,
                q.key_span(),
                format!(
                    "question `{}`: answer key `{key}` {why}; use letters, digits, `_` or `-`",
                    q.id()
                ),
            );
        }
    }
    let questions: Vec<&Spanned<String>> = file.questions.iter().map(|q| &q.id).collect();
    let leaves: Vec<&Spanned<String>> = file.leaves.iter().map(|l| &l.id).collect();
    for (kind, ids) in [("question", questions), ("leaf", leaves)] {
        let mut seen: IdMap<String, &str> = IdMap::default();
        for id in ids {
            let name = diagram_name(id.get_ref());
            match seen.get(&name) {
                // The same id twice is reported as a duplicate elsewhere.
                Some(first) if *first != id.get_ref() => err(
                    Rule::DuplicateId,
                    id.span(),
                    format!(
                        "{kind} ids `{first}` and `{}` are one node (`{name}`) in Mermaid diagrams; rename one",
                        id.get_ref()
                    ),
                ),
                Some(_) => {}
                None => {
                    seen.insert(name, id.get_ref());
                }
            }
        }
    }
}
