//! How well an assignment's task text answers a "Ai phụ trách?" query.
//!
//! The task texts of one directive are short clauses ("quản lý chất thải, kiểm soát ô nhiễm
//! môi trường") that BM25 over whole documents cannot tell apart: they share the document's
//! statistics. A task is scored on its own words, as the search ranks documents:
//! - a syllable typed with diacritics matches only its exact form ("thải" is not "thái" of
//!   "sinh thái"); one typed without them matches any form ("thai");
//! - neighbouring query syllables standing together in the task ("chất thải") count again, so
//!   a task holding the query's words together beats one holding them scattered ("nâng cao
//!   chất lượng … thu hút … sinh thái").

use tracuu_text::names::{EXACT, FOLDED};

/// Weight of a pair of neighbouring query syllables found together, against one syllable.
const PAIR_WEIGHT: f32 = 2.0;

/// One syllable of the query, as typed.
#[derive(Debug, Clone)]
struct QuerySyllable {
    exact: String,
    folded: String,
    /// Typed with diacritics: only its exact form matches.
    strict: bool,
}

/// The words of a query, ready to score task texts.
#[derive(Debug, Clone)]
pub struct TaskMatcher {
    syllables: Vec<QuerySyllable>,
}

/// The syllables of a text by position: its exact and folded forms (the first token of each
/// position; an abbreviation's expansion shares its bytes but not its positions).
fn syllables(text: &str) -> Vec<(String, String)> {
    let first_by_position = |name: &str| {
        let mut tokens = tracuu_text::analyze(name, text).unwrap_or_default();
        tokens.dedup_by_key(|t| t.position);
        tokens
    };
    let (exact, folded) = (first_by_position(EXACT), first_by_position(FOLDED));
    // Both analyzers give the same positions; paired by position all the same.
    exact
        .into_iter()
        .filter_map(|e| {
            let f = folded.iter().find(|f| f.position == e.position)?;
            Some((e.text, f.text.clone()))
        })
        .collect()
}

impl TaskMatcher {
    /// `None` for a query without a word to match.
    pub fn new(query: &str) -> Option<TaskMatcher> {
        let syllables: Vec<QuerySyllable> = syllables(query)
            .into_iter()
            .map(|(exact, folded)| QuerySyllable {
                strict: exact != folded,
                exact,
                folded,
            })
            .collect();
        (!syllables.is_empty()).then_some(TaskMatcher { syllables })
    }

    /// The task's score in 0..=1: the query's syllables it holds, and its pairs of neighbouring
    /// query syllables held together, each pair weighing [`PAIR_WEIGHT`] syllables.
    pub fn score(&self, task: &str) -> f32 {
        let words = syllables(task);
        let is = |s: &QuerySyllable, (exact, folded): &(String, String)| {
            if s.strict {
                *exact == s.exact
            } else {
                *folded == s.folded
            }
        };
        let holds = |s: &QuerySyllable| words.iter().any(|w| is(s, w));
        let matched = self.syllables.iter().filter(|s| holds(s)).count();
        let pairs = self
            .syllables
            .windows(2)
            .filter(|q| {
                words
                    .windows(2)
                    .any(|w| is(&q[0], &w[0]) && is(&q[1], &w[1]))
            })
            .count();
        let n = self.syllables.len() as f32;
        (matched as f32 + PAIR_WEIGHT * pairs as f32) / (n + PAIR_WEIGHT * (n - 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two task texts of the Lạng Sơn seed (corpus/seeds/000): the second is the one about
    /// waste; the first only shares scattered syllables with the query.
    const INVESTMENT: &str = "nâng cao chất lượng công tác thẩm định các dự án đầu tư, thu hút \
        đầu tư theo hướng không đánh đổi môi trường để phát triển kinh tế, không thu hút đầu tư \
        bằng mọi giá để bảo đảm an ninh môi trường (bảo đảm sự an toàn của con người, bảo đảm sự \
        ổn định về chính trị, an toàn xã hội, bảo đảm sự phát triển kinh tế - xã hội trước đe dọa \
        của môi trường sinh thái)";
    const WASTE: &str = "tăng cường quản lý về khai thác tài nguyên khoáng sản, tài nguyên \
        nước, bảo vệ môi trường, đa dạng sinh học; quản lý chất thải, kiểm soát ô nhiễm môi \
        trường";

    #[test]
    fn words_together_beat_scattered_folded_matches() {
        let m = TaskMatcher::new("thu gom chất thải sinh hoạt").unwrap();
        assert!(
            m.score(WASTE) > m.score(INVESTMENT),
            "waste {} investment {}",
            m.score(WASTE),
            m.score(INVESTMENT)
        );
    }

    #[test]
    fn a_query_without_diacritics_matches_any_form() {
        let typed = TaskMatcher::new("quản lý chất thải").unwrap();
        let bare = TaskMatcher::new("quan ly chat thai").unwrap();
        assert_eq!(typed.score(WASTE), 1.0);
        assert_eq!(bare.score(WASTE), 1.0);
        // "thái" of "sinh thái" is not the "thải" the user typed.
        let strict = TaskMatcher::new("thải").unwrap();
        assert_eq!(strict.score("môi trường sinh thái"), 0.0);
        assert_eq!(TaskMatcher::new("thai").unwrap().score("sinh thái"), 1.0);
    }

    #[test]
    fn no_word_no_matcher() {
        assert!(TaskMatcher::new(" , ").is_none());
    }
}
