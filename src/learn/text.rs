//! The course's own words: each lesson's title and the order of its slides. Tables, Dockerfiles and the
//! tree are not written here: the slides name them, and `course` fills them in from the data.

use super::example::Step;
use crate::knowledge::{Family, Topic};

/// A slide as written: a heading and what it shows.
#[derive(Debug, Clone, Copy)]
pub struct Script {
    pub heading: &'static str,
    pub shows: Shows,
}

/// What a slide shows besides its heading.
#[derive(Debug, Clone, Copy)]
pub enum Shows {
    /// One idea, in a few sentences.
    Text(&'static str),
    /// The lesson's images side by side.
    Images,
    /// The profiles of these families, aspect by aspect.
    Families(&'static [Family]),
    /// Known problems of a family, with cause and fix.
    Tips(Family),
    /// A hardening step, explained, and the lines of the example Dockerfile that carry it out.
    Step(Step, &'static str),
    /// The first question of the tree and where each answer leads.
    Tree,
}

use Shows::{Families, Images, Step as S, Text, Tips, Tree};

/// The built-in title of a lesson.
pub fn title(topic: Topic) -> &'static str {
    match topic {
        Topic::WhyBase => "Why the base image matters",
        Topic::Comparison => "Comparing base images",
        Topic::Distroless => "What distroless means",
        Topic::Families => "Alpine, slim or distroless",
        Topic::MultiStage => "Multi-stage builds",
        Topic::Hardening => "Hardening the image",
        Topic::DecisionTree => "How basepick decides",
    }
}

const fn slide(heading: &'static str, shows: Shows) -> Script {
    Script { heading, shows }
}

/// The slides of a lesson, in order.
pub fn slides(topic: Topic) -> &'static [Script] {
    match topic {
        Topic::WhyBase => WHY,
        Topic::Comparison => COMPARISON,
        Topic::Distroless => DISTROLESS,
        Topic::Families => FAMILIES,
        Topic::MultiStage => MULTI_STAGE,
        Topic::Hardening => HARDENING,
        Topic::DecisionTree => TREE,
    }
}

const WHY: &[Script] = &[
    slide(
        "Everything in FROM ships",
        Text(
            "The image named in FROM is copied, whole, underneath your application. Every package \
             in it goes to production, whether the app ever calls it or not.",
        ),
    ),
    slide(
        "Every package is exposure",
        Text(
            "Each package is one more thing that needs security updates and one more tool for \
             whoever breaks in. Scanners count the base image's packages as your findings.",
        ),
    ),
    slide("The same app on three bases", Images),
    slide(
        "One line, a large effect",
        Text(
            "A smaller base can remove hundreds of packages in a single edit, before any other \
             hardening starts. That is why the choice deserves a deliberate decision.",
        ),
    ),
];

const COMPARISON: &[Script] = &[
    slide(
        "What to compare",
        Text(
            "How much a pull transfers, how many OS packages come along, how many known \
             vulnerabilities such an image typically has, whether there is a shell, and which C \
             library and package manager it brings.",
        ),
    ),
    slide("The catalog, side by side", Images),
    slide(
        "Read the figures honestly",
        Text(
            "A plain figure was measured. ≈ marks an estimate, and * a vulnerability range that is \
             typical for such an image rather than a scanner's count. Trust a difference only \
             between measured figures.",
        ),
    ),
];

const DISTROLESS: &[Script] = &[
    slide(
        "Only what the app needs",
        Text(
            "A distroless image holds the runtime, the libraries it links against, CA certificates \
             and time-zone data. There is no shell, no package manager and no utilities.",
        ),
    ),
    slide(
        "Why that is safer",
        Text(
            "If the app is compromised, there is no shell to open, no package manager to fetch \
             tools with and little else to abuse. Fewer packages also leave fewer findings to patch.",
        ),
    ),
    slide(
        "The price: debugging",
        Text(
            "Nobody can exec into a shell. Use the image's debug tag for a while or attach an \
             ephemeral debug container, and start the app in exec form: there is no /bin/sh.",
        ),
    ),
    slide(
        "Slim and distroless",
        Families(&[Family::Slim, Family::Distroless]),
    ),
];

const FAMILIES: &[Script] = &[
    slide(
        "Three ways to stay small",
        Text(
            "Alpine is small thanks to musl and BusyBox. Slim is a trimmed Debian or Ubuntu on \
             glibc. Distroless drops the shell and the package manager altogether.",
        ),
    ),
    slide(
        "Aspect by aspect",
        Families(&[Family::Alpine, Family::Slim, Family::Distroless]),
    ),
    slide(
        "When not to use Alpine",
        Text(
            "When dependencies ship native code built for glibc: Python wheels such as numpy, \
             pandas or cryptography, prebuilt Node addons. On musl they compile from source, \
             slowly, and sometimes fail or behave differently.",
        ),
    ),
    slide("Known Alpine problems", Tips(Family::Alpine)),
];

const MULTI_STAGE: &[Script] = &[
    slide(
        "Build here, run there",
        Text(
            "A multi-stage Dockerfile has more than one FROM. The early stages hold compilers, \
             headers and caches; the last one starts from a small base and copies in only the result.",
        ),
    ),
    slide(
        "Why it matters",
        Text(
            "Build tools help an intruder and do nothing for the running app. Left behind in a stage \
             that never ships, they make the final image smaller and leave less to exploit.",
        ),
    ),
    slide(
        "In a real Dockerfile",
        S(
            Step::MultiStage,
            "Each FROM starts a stage; COPY --from takes only the built result into the last one.",
        ),
    ),
];

const HARDENING: &[Script] = &[
    slide(
        "Five habits",
        Text(
            "basepick's Dockerfiles harden the image in five ways: a multi-stage build, a numeric \
             non-root user, tini as process 1, an exec-form entry point, and caches removed in the \
             step that made them.",
        ),
    ),
    slide(
        "1. Multi-stage build",
        S(
            Step::MultiStage,
            "Compilers stay in the build stage; the final FROM starts clean.",
        ),
    ),
    slide(
        "2. A numeric, non-root user",
        S(
            Step::NumericUser,
            "The app runs as a numeric UID other than 0. A number needs no user database to check, \
             so platforms that require non-root can verify it.",
        ),
    ),
    slide(
        "3. tini as process 1",
        S(
            Step::Tini,
            "tini forwards signals such as SIGTERM and reaps exited children, so the container \
             stops cleanly. A base without a package manager gets a static tini copied from the \
             build stage; a program that handles SIGTERM itself, such as the JVM, may run as \
             process 1 alone.",
        ),
    ),
    slide(
        "4. Exec-form entry point",
        S(
            Step::ExecForm,
            "The JSON-array form starts the program without a shell: signals reach it directly, and \
             images without /bin/sh can run it.",
        ),
    ),
    slide(
        "5. Caches removed where they are made",
        S(
            Step::CacheCleanup,
            "Package indexes and download caches go in the same RUN step that created them, so \
             they never land in a layer.",
        ),
    ),
];

const TREE: &[Script] = &[
    slide(
        "Questions, not opinions",
        Text(
            "The tree asks what the app runs on, whether it needs libc or C extensions, whether a \
             shell is needed at run time and how far hardening should go. Every leaf names one \
             image and its alternatives.",
        ),
    ),
    slide("Where the first answer leads", Tree),
    slide(
        "Your own tree",
        Text(
            "The tree, the catalog and this course are data. Point basepick at a team's own \
             directory with --data and the course teaches that team's images.",
        ),
    ),
];
