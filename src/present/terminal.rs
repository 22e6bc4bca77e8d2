//! Text on its way to a terminal: every control character but the line break is shown, not obeyed.

use std::io::{self, Write};

use super::escape;

/// Escapes each line of `text`, keeping its line breaks.
pub fn escape_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(body) => format!("{}\n", escape(body)),
            None => escape(l),
        })
        .collect()
}

/// A writer that escapes control characters in all that passes through it, keeping line breaks:
/// put in front of a report's output, it covers every file name and data string the report quotes.
/// Whole lines are passed on as they end; `flush` passes on the rest (a prompt, a last line).
#[derive(Debug)]
pub struct Escaping<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    pub fn new(inner: W) -> Self {
        Escaping {
            inner,
            line: Vec::new(),
        }
    }

    fn pass_on(&mut self, newline: bool) -> io::Result<()> {
        if plain(&self.line) {
            if newline {
                self.line.push(b'\n');
            }
            self.inner.write_all(&self.line)?;
        } else {
            let mut text = escape(&String::from_utf8_lossy(&self.line));
            if newline {
                text.push('\n');
            }
            self.inner.write_all(text.as_bytes())?;
        }
        self.line.clear();
        Ok(())
    }
}

/// Whether a line holds no control character and passes on as it is. A byte scan finds the C0
/// controls and DEL; C1 controls (U+0080 to U+009F) all start with the byte 0xC2, so a line with that
/// byte, or one that is not UTF-8, takes the careful way.
fn plain(line: &[u8]) -> bool {
    !line.iter().any(|&b| b < 0x20 || b == 0x7f || b == 0xc2) && std::str::from_utf8(line).is_ok()
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            // A whole plain line goes straight on, without a copy into the line buffer.
            if self.line.is_empty() && plain(&rest[..end]) {
                self.inner.write_all(&rest[..=end])?;
            } else {
                self.line.extend_from_slice(&rest[..end]);
                self.pass_on(true)?;
            }
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.pass_on(false)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_breaks_and_lose_their_control_characters() {
        assert_eq!(escape_lines("a\u{1b}[2J\nb\r\n"), "a\\u{1b}[2J\nb\\u{d}\n");
        let mut out = Escaping::new(Vec::new());
        // Written in pieces that split a line and a character.
        let text = "é\u{1b}]0;x\u{7}\nok ± ─\n\u{9b}31mlast";
        let bytes = text.as_bytes();
        out.write_all(&bytes[..1]).unwrap();
        out.write_all(&bytes[1..9]).unwrap();
        out.write_all(&bytes[9..]).unwrap();
        out.flush().unwrap();
        let shown = String::from_utf8(out.inner).unwrap();
        assert_eq!(shown, "é\\u{1b}]0;x\\u{7}\nok ± ─\n\\u{9b}31mlast");
        // Bytes that are not UTF-8 are shown as replacement characters, as before.
        let mut out = Escaping::new(Vec::new());
        out.write_all(b"a\xff\x1b\n").unwrap();
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "a\u{fffd}\\u{1b}\n");
        // Whole lines in one write: plain ones pass straight on, the others are escaped.
        let mut out = Escaping::new(Vec::new());
        out.write_all(b"one\ntw\x1bo\nthr\xffee\nfour\n").unwrap();
        assert_eq!(
            String::from_utf8(out.inner).unwrap(),
            "one\ntw\\u{1b}o\nthr\u{fffd}ee\nfour\n"
        );
    }
}
