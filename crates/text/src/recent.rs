//! The exact analyses of the last texts analysed on this thread.
//!
//! Why: an index writes the same title and body into several fields (exact, folded, the
//! index's exact bigrams), and tantivy runs each field's analyzer on its own copy of the text,
//! one field after another on the same indexing thread. Without this, every body is scanned,
//! normalised and re-cased three times. With it, the exact analysis runs once: a later exact
//! request for the same text copies the tokens, and a folded one folds each token's text, which
//! gives exactly the tokens of a folded run (property-tested in `tests/properties.rs`).
//!
//! Entries are matched on the whole text, so a hit can never return another text's tokens;
//! texts above [`MAX_TEXT_BYTES`] are not kept, so a thread holds at most a few megabytes.

use std::cell::RefCell;

use crate::analysis::{Analysis, RawToken};
use crate::chars::push_folded;

/// Texts at most this long are remembered.
const MAX_TEXT_BYTES: usize = 1 << 20;
/// How many texts are remembered per thread: a document's title and body.
const SLOTS: usize = 2;

#[derive(Default)]
struct Entry {
    text: String,
    tokens: Vec<RawToken>,
    arena: String,
}

#[derive(Default)]
struct Recent {
    entries: [Entry; SLOTS],
    /// The slot the next remembered text replaces.
    next: usize,
}

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

fn find(recent: &Recent, text: &str) -> Option<usize> {
    recent
        .entries
        .iter()
        .position(|e| e.text.len() == text.len() && !e.tokens.is_empty() && e.text == text)
}

/// Remembers the exact analysis of `text` held in `analysis`.
pub(crate) fn remember(text: &str, analysis: &Analysis) {
    if text.len() > MAX_TEXT_BYTES || analysis.tokens.is_empty() {
        return;
    }
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        if find(&r, text).is_some() {
            return;
        }
        let slot = r.next;
        r.next = (slot + 1) % SLOTS;
        let e = &mut r.entries[slot];
        e.text.clear();
        e.text.push_str(text);
        e.tokens.clear();
        e.tokens.extend_from_slice(&analysis.tokens);
        e.arena.clear();
        e.arena.push_str(&analysis.arena);
    });
}

/// Runs `fill` on the remembered exact analysis of `text`; false when there is none.
fn with_entry(text: &str, fill: impl FnOnce(&Entry)) -> bool {
    RECENT.with(|r| {
        let r = r.borrow();
        match find(&r, text) {
            Some(i) => {
                fill(&r.entries[i]);
                true
            }
            None => false,
        }
    })
}

/// Fills `analysis` with the remembered exact analysis of `text`; false when there is none.
pub(crate) fn exact(text: &str, analysis: &mut Analysis) -> bool {
    with_entry(text, |e| {
        analysis.tokens.clear();
        analysis.tokens.extend_from_slice(&e.tokens);
        analysis.arena.clear();
        analysis.arena.push_str(&e.arena);
    })
}

/// Fills `analysis` with the folded analysis of `text`, derived from its remembered exact one;
/// false when there is none.
pub(crate) fn folded(text: &str, analysis: &mut Analysis) -> bool {
    with_entry(text, |e| {
        analysis.tokens.clear();
        analysis.arena.clear();
        for t in &e.tokens {
            let start = analysis.arena.len();
            for c in e.arena[t.text.0..t.text.1].chars() {
                push_folded(c, &mut analysis.arena);
            }
            analysis.tokens.push(RawToken {
                text: (start, analysis.arena.len()),
                ..*t
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Mode;

    #[test]
    fn a_remembered_text_is_found_and_another_is_not() {
        let text =
            "Sở TN&MT thẩm định báo cáo đánh giá tác động môi trường (ĐTM), Thành uỷ Lạng Sơn";
        let mut analysis = Analysis::default();
        analysis.run(text, Mode::Exact);
        remember(text, &analysis);

        let mut again = Analysis::default();
        assert!(exact(text, &mut again));
        assert_eq!(again.tokens.len(), analysis.tokens.len());
        assert_eq!(again.arena, analysis.arena);

        let mut derived = Analysis::default();
        assert!(folded(text, &mut derived));
        let mut fresh = Analysis::default();
        fresh.run(text, Mode::Folded);
        let texts = |a: &Analysis| -> Vec<String> {
            a.tokens.iter().map(|t| a.text(t).to_string()).collect()
        };
        assert_eq!(texts(&derived), texts(&fresh));
        assert!(texts(&derived).contains(&"dinh".to_string()));

        assert!(!exact("Sở TN&MT thẩm định", &mut again));
        assert!(!folded("", &mut again));
    }

    #[test]
    fn huge_texts_are_not_kept() {
        let text = "môi trường ".repeat(MAX_TEXT_BYTES / 10);
        let mut analysis = Analysis::default();
        analysis.run(&text, Mode::Exact);
        remember(&text, &analysis);
        assert!(!exact(&text, &mut Analysis::default()));
    }
}
