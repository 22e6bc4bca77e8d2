//! The floor `scripts/bench` measures basepick against: a process that starts, writes about 900 bytes
//! to standard output and exits, as a short CLI answer does.

use std::io::Write;

fn main() {
    let line = [b'.'; 89];
    let mut out = std::io::stdout().lock();
    for _ in 0..10 {
        // The reader going away is no error for a floor.
        let _ = out.write_all(&line).and_then(|()| out.write_all(b"\n"));
    }
}
