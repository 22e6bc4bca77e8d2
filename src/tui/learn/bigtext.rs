//! Large letters for headings in `--present`: a 3×5 pixel font drawn with half blocks, so each letter
//! takes 3 columns (plus one between letters) and 3 rows.

/// Columns one letter takes, the gap included.
pub const ADVANCE: usize = 4;
/// Rows one line of large letters takes.
pub const ROWS: usize = 3;

/// The 3×5 glyph of a character, one byte per pixel row (bit 2 is the left column); `None` for
/// characters the font lacks.
fn glyph(c: char) -> Option<[u8; 5]> {
    Some(match c.to_ascii_uppercase() {
        'A' => [0b010, 0b101, 0b111, 0b101, 0b101],
        'B' => [0b110, 0b101, 0b110, 0b101, 0b110],
        'C' => [0b011, 0b100, 0b100, 0b100, 0b011],
        'D' => [0b110, 0b101, 0b101, 0b101, 0b110],
        'E' => [0b111, 0b100, 0b110, 0b100, 0b111],
        'F' => [0b111, 0b100, 0b110, 0b100, 0b100],
        'G' => [0b011, 0b100, 0b101, 0b101, 0b011],
        'H' => [0b101, 0b101, 0b111, 0b101, 0b101],
        'I' => [0b111, 0b010, 0b010, 0b010, 0b111],
        'J' => [0b001, 0b001, 0b001, 0b101, 0b010],
        'K' => [0b101, 0b101, 0b110, 0b101, 0b101],
        'L' => [0b100, 0b100, 0b100, 0b100, 0b111],
        'M' => [0b101, 0b111, 0b111, 0b101, 0b101],
        'N' => [0b110, 0b101, 0b101, 0b101, 0b101],
        'O' => [0b010, 0b101, 0b101, 0b101, 0b010],
        'P' => [0b110, 0b101, 0b110, 0b100, 0b100],
        'Q' => [0b010, 0b101, 0b101, 0b110, 0b011],
        'R' => [0b110, 0b101, 0b110, 0b101, 0b101],
        'S' => [0b011, 0b100, 0b010, 0b001, 0b110],
        'T' => [0b111, 0b010, 0b010, 0b010, 0b010],
        'U' => [0b101, 0b101, 0b101, 0b101, 0b111],
        'V' => [0b101, 0b101, 0b101, 0b101, 0b010],
        'W' => [0b101, 0b101, 0b101, 0b111, 0b101],
        'X' => [0b101, 0b101, 0b010, 0b101, 0b101],
        'Y' => [0b101, 0b101, 0b010, 0b010, 0b010],
        'Z' => [0b111, 0b001, 0b010, 0b100, 0b111],
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b110, 0b001, 0b010, 0b100, 0b111],
        '3' => [0b110, 0b001, 0b010, 0b001, 0b110],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b110, 0b001, 0b110],
        '6' => [0b011, 0b100, 0b110, 0b101, 0b010],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b010, 0b101, 0b010, 0b101, 0b010],
        '9' => [0b010, 0b101, 0b011, 0b001, 0b110],
        ' ' => [0; 5],
        '.' => [0, 0, 0, 0, 0b010],
        ',' => [0, 0, 0, 0b010, 0b100],
        ':' => [0, 0b010, 0, 0b010, 0],
        '-' => [0, 0, 0b111, 0, 0],
        '?' => [0b110, 0b001, 0b010, 0, 0b010],
        '!' => [0b010, 0b010, 0b010, 0, 0b010],
        '\'' => [0b010, 0b010, 0, 0, 0],
        '/' => [0b001, 0b001, 0b010, 0b100, 0b100],
        '(' => [0b001, 0b010, 0b010, 0b010, 0b001],
        ')' => [0b100, 0b010, 0b010, 0b010, 0b100],
        '+' => [0, 0b010, 0b111, 0b010, 0],
        '&' => [0b010, 0b101, 0b010, 0b101, 0b011],
        _ => return None,
    })
}

/// Whether every character of `text` has a large glyph.
pub fn can_draw(text: &str) -> bool {
    text.chars().all(|c| glyph(c).is_some())
}

/// The words of `text` broken into lines of at most `chars` letters.
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// One line of text as [`ROWS`] rows of half blocks.
pub fn render_line(text: &str) -> [String; ROWS] {
    let mut rows: [String; ROWS] = Default::default();
    for c in text.chars() {
        let g = glyph(c).unwrap_or([0b111; 5]);
        for (r, row) in rows.iter_mut().enumerate() {
            let top = g[2 * r];
            let bottom = g.get(2 * r + 1).copied().unwrap_or(0);
            for bit in [0b100, 0b010, 0b001] {
                row.push(match (top & bit != 0, bottom & bit != 0) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            row.push(' ');
        }
    }
    for row in &mut rows {
        row.truncate(row.trim_end().len());
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_three_rows_of_half_blocks() {
        let rows = render_line("HI");
        assert_eq!(rows[0], "█ █ ▀█▀");
        assert_eq!(rows[1], "█▀█  █");
        assert_eq!(rows[2], "▀ ▀ ▀▀▀");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("one idea per screen", 8),
            ["one idea", "per", "screen"]
        );
        assert!(can_draw("Multi-stage builds"));
        assert!(!can_draw("≈ 5"));
    }
}
