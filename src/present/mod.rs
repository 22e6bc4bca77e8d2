//! Wording shared by the CLI's text output and the TUI: how sizes, support, image cards and the
//! differences between images are put into words. One place, so both front ends say the same thing.

use crate::advisor::{Change, Deltas};
use crate::knowledge::{Date, Image, Libc, Shell};

#[cfg(test)]
mod tests;

/// Text from an input file made safe for a terminal: control characters (escape sequences, carriage
/// returns, bells, tabs) are shown as `\u{1b}` and the like instead of acting on the screen.
pub fn escape(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A size in MB the way people read it: `0`, `2.1`, `43`, `1.1 GB`.
pub fn format_size(mb: f64) -> String {
    if mb >= 1000.0 {
        format!("{:.1} GB", mb / 1000.0)
    } else if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// When support ends, for cards: the date, or that none is published.
pub fn support_end(image: &Image) -> String {
    image
        .supported_until
        .map_or_else(|| "not published".to_owned(), |d| d.to_string())
}

/// The status column of listings: when support ends, or that it has ended and what replaces the image.
pub fn status(image: &Image, successor: Option<&Image>, day: Date) -> String {
    match (image.supported_until, image.supported_on(day)) {
        (None, _) => "—".to_owned(),
        (Some(end), true) => format!("until {end}"),
        (Some(end), false) => match successor {
            Some(s) => format!("UNSUPPORTED since {end} → {}", s.id),
            None => format!("UNSUPPORTED since {end}"),
        },
    }
}

/// The figures of an image as label/value pairs, in the order cards show them.
pub fn card(image: &Image) -> Vec<(&'static str, String)> {
    vec![
        ("Image", image.reference.to_string()),
        ("Size", format_size(image.size_mb)),
        ("Packages", format!("~{}", image.packages)),
        ("Vulnerabilities", format!("{} typical", image.vulns)),
        ("Shell", image.shell.to_string()),
        ("libc", image.libc.to_string()),
        ("Package manager", image.package_manager.to_string()),
        (
            "Default user",
            format!("{} (uid {})", image.user, image.uid),
        ),
        ("Support ends", support_end(image)),
    ]
}

/// Short phrases such as "+80 MB", "~20 more CVEs", "adds a shell", "musl libc".
pub fn describe(deltas: &Deltas) -> Vec<String> {
    let mut out = Vec::new();
    if deltas.size_mb.abs() >= 0.5 {
        out.push(format!("{} MB", signed(deltas.size_mb)));
    } else {
        out.push("same size".to_owned());
    }
    let packages = deltas.packages;
    if packages != 0 {
        out.push(format!(
            "{} {} packages",
            packages.unsigned_abs(),
            if packages > 0 { "more" } else { "fewer" }
        ));
    }
    let vulns = deltas.vulns.round();
    if vulns != 0.0 {
        out.push(format!(
            "~{} {} CVEs",
            vulns.abs(),
            if vulns > 0.0 { "more" } else { "fewer" }
        ));
    }
    if let Some(Change { from, to }) = deltas.shell {
        out.push(match (from, to) {
            (Shell::None, to) => format!("adds a shell ({to})"),
            (_, Shell::None) => "no shell".to_owned(),
            (_, to) => format!("{to} instead of {from}"),
        });
    }
    if let Some(Change { to, .. }) = deltas.libc {
        out.push(match to {
            Libc::None => "no libc".to_owned(),
            other => format!("{other} libc"),
        });
    }
    if deltas.unsupported {
        out.push("out of support".to_owned());
    }
    out
}

/// `+80`, `−80` (a real minus sign reads better in a table), `+0.5`.
pub fn signed(x: f64) -> String {
    let magnitude = if x.fract().abs() < 0.05 {
        format!("{:.0}", x.abs())
    } else {
        format!("{:.1}", x.abs())
    };
    format!("{}{magnitude}", if x < 0.0 { "−" } else { "+" })
}
