//! Whether the Dockerfile on show is pinned by digest. Pure state: the pane asks for a pin of a given
//! text (an `Effect` the event loop hands to a worker thread), and the result comes back through
//! [`Pinning::done`]. A result for a text that is no longer on show is dropped, so a slow registry
//! can never pin a file the user has since changed.

/// What pinning the Dockerfile found or is doing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PinState {
    /// Not pinned: the toggle is off.
    #[default]
    Off,
    /// The registries are being asked for the digests of `source`'s images.
    Running { source: String },
    /// `text` is `source` with every image pinned.
    Pinned {
        source: String,
        text: String,
        images: usize,
    },
    /// The last try failed; the file stays unpinned and the toggle off.
    Failed { reason: String },
}

/// The pin toggle and what became of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pinning {
    /// The user asked for a pinned file.
    wanted: bool,
    state: PinState,
}

impl Pinning {
    pub fn state(&self) -> &PinState {
        &self.state
    }

    pub fn is_wanted(&self) -> bool {
        self.wanted
    }

    /// Turns pinning on or off. Off drops any pin and any failure; on asks for a pin at the next
    /// [`Pinning::request`].
    pub fn toggle(&mut self) {
        self.wanted = !self.wanted;
        self.state = PinState::Off;
    }

    /// The text to pin, when pinning is wanted and `current` (the unpinned Dockerfile on show) is
    /// neither pinned nor being pinned yet; marks it as being pinned.
    pub fn request(&mut self, current: Option<&str>) -> Option<String> {
        let current = current.filter(|_| self.wanted)?;
        let known = match &self.state {
            PinState::Running { source } | PinState::Pinned { source, .. } => source == current,
            PinState::Off | PinState::Failed { .. } => false,
        };
        if known {
            return None;
        }
        self.state = PinState::Running {
            source: current.to_owned(),
        };
        Some(current.to_owned())
    }

    /// Takes the result of pinning `source`: the pinned text and the number of images pinned, or why
    /// not. Returns whether it applied (it does not when the file on show changed meanwhile, or the
    /// toggle was turned off).
    pub fn done(&mut self, source: &str, result: Result<(String, usize), String>) -> bool {
        let running = matches!(&self.state, PinState::Running { source: s } if s == source);
        if !running || !self.wanted {
            return false;
        }
        self.state = match result {
            Ok((text, images)) => PinState::Pinned {
                source: source.to_owned(),
                text,
                images,
            },
            Err(reason) => {
                self.wanted = false;
                PinState::Failed { reason }
            }
        };
        true
    }

    /// The pinned text of `current`, when it is pinned.
    pub fn pinned<'a>(&'a self, current: &str) -> Option<&'a str> {
        match &self.state {
            PinState::Pinned { source, text, .. } if source == current => Some(text),
            _ => None,
        }
    }

    /// Whether the registries are being asked right now.
    pub fn is_running(&self) -> bool {
        matches!(self.state, PinState::Running { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_asked_once_per_text_and_a_stale_answer_is_dropped() {
        let mut p = Pinning::default();
        assert_eq!(p.request(Some("FROM a")), None, "not wanted yet");
        p.toggle();
        assert_eq!(p.request(Some("FROM a")), Some("FROM a".to_owned()));
        assert_eq!(p.request(Some("FROM a")), None, "already running");
        // The file changed while the registry was asked.
        assert_eq!(p.request(Some("FROM b")), Some("FROM b".to_owned()));
        assert!(!p.done("FROM a", Ok(("FROM a@sha256:1".to_owned(), 1))));
        assert!(p.done("FROM b", Ok(("FROM b@sha256:2".to_owned(), 1))));
        assert_eq!(p.pinned("FROM b"), Some("FROM b@sha256:2"));
        assert_eq!(p.pinned("FROM a"), None);
    }

    #[test]
    fn a_failure_turns_the_toggle_off_and_keeps_the_reason() {
        let mut p = Pinning::default();
        p.toggle();
        let source = p.request(Some("FROM a")).unwrap();
        assert!(p.done(&source, Err("offline".to_owned())));
        assert!(!p.is_wanted());
        assert_eq!(
            p.state(),
            &PinState::Failed {
                reason: "offline".to_owned()
            }
        );
        assert_eq!(p.request(Some("FROM a")), None, "no retry until asked");
        p.toggle();
        assert_eq!(p.state(), &PinState::Off);
        assert!(p.request(Some("FROM a")).is_some());
    }

    #[test]
    fn turning_it_off_drops_a_late_answer() {
        let mut p = Pinning::default();
        p.toggle();
        let source = p.request(Some("FROM a")).unwrap();
        p.toggle();
        assert!(!p.done(&source, Ok(("FROM a@sha256:1".to_owned(), 1))));
        assert_eq!(p.pinned("FROM a"), None);
    }
}
