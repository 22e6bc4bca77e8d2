//! Validates the built-in data (`data/`) with the same loader `--data DIR` uses, checks the catalog's
//! support dates against the lifecycle table as `check-data` does for a data directory, and embeds
//! the data resolved, in the knowledge crate's compact binary form (the encoded parts, and the string
//! table their texts point into): a binary starts with its data ready, with nothing to parse or
//! check. Invalid data fails the build with the located problems `check-data` would print. Each
//! leaf's Dockerfile and `.dockerignore` are rendered here too, for every plan `dockerfile LEAF` can
//! make from this data (see `basepick_core::generate::ahead`), and embedded with it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use basepick_knowledge::Knowledge;

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed=data");
    pack_relocations();
    let knowledge = match Knowledge::load_dir(Path::new("data")) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("the built-in data in data/ is invalid:\n{e}");
            return ExitCode::FAILURE;
        }
    };
    // Problems in learn.toml never stop a team's data from loading; the built-in course has none.
    // (A part loaded from files is always at hand; to_bytes below reports it otherwise.)
    if let Ok(learn) = knowledge.learn.get()
        && !learn.problems.0.is_empty()
    {
        eprintln!("the built-in data in data/ is invalid:\n{}", learn.problems);
        return ExitCode::FAILURE;
    }
    // The catalog's support dates are checked against the lifecycle table here too, as of the
    // catalog's review date: the built-in data cannot change after the build, so `check-data`
    // need not repeat it.
    let disagreements = match knowledge.lifecycles.get() {
        Ok(lifecycles) => {
            basepick_knowledge::support::catalog_check(&knowledge.catalog, lifecycles)
        }
        Err(e) => {
            eprintln!("cannot read back the built-in lifecycle table: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !disagreements.0.is_empty() {
        eprintln!("the built-in catalog disagrees with its lifecycle table:\n{disagreements}");
        return ExitCode::FAILURE;
    }
    // Each leaf's Dockerfile and .dockerignore, rendered for every plan `dockerfile LEAF` can make
    // from the built-in data, so a run that makes one of them renders nothing.
    let rendered = match basepick_core::generate::ahead::render_ahead(&knowledge) {
        Ok(rendered) => rendered,
        Err(e) => {
            eprintln!("the built-in data does not render:\n{e}");
            return ExitCode::FAILURE;
        }
    };
    let knowledge = Knowledge {
        templates: knowledge.templates.with_rendered(rendered),
        ..knowledge
    };
    let (bytes, strings) = match knowledge.to_bytes() {
        Ok(encoded) => encoded,
        Err(e) => {
            eprintln!("cannot encode the built-in data: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set; run the build through cargo");
        return ExitCode::FAILURE;
    };
    let out_dir = PathBuf::from(out_dir);
    for (name, contents) in [
        ("knowledge.bin", bytes.as_slice()),
        ("knowledge.strings", strings.as_bytes()),
    ] {
        let path = out_dir.join(name);
        if let Err(e) = std::fs::write(&path, contents) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Links the program with its relative relocations packed (`-z pack-relative-relocs`, DT_RELR): the
/// table the static binary walks at every start shrinks from 189 KB to 3 KB (every command about 2 %
/// faster). Only for a static glibc build for this machine with glibc 2.36 or later, whose start-up
/// code applies packed relocations; an older one would run the program without them. A linker too
/// old to know the option ignores it with a warning. `getconf` names the system's glibc; a build
/// that links another one (a sysroot of its own) sets BASEPICK_UNPACKED_RELOCATIONS to keep them
/// unpacked.
fn pack_relocations() {
    println!("cargo:rerun-if-env-changed=BASEPICK_UNPACKED_RELOCATIONS");
    if std::env::var_os("BASEPICK_UNPACKED_RELOCATIONS").is_some() {
        return;
    }
    let var = |name| std::env::var(name).unwrap_or_default();
    let static_glibc = var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("CARGO_CFG_TARGET_FEATURE")
            .split(',')
            .any(|f| f == "crt-static");
    if !static_glibc || var("TARGET") != var("HOST") {
        return;
    }
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return;
    };
    // "glibc 2.36"
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.trim().strip_prefix("glibc ").and_then(|v| {
        let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
        Some((parts.next()??, parts.next()??))
    });
    if version.is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
