//! The user's query syntax, parsed into clauses before any analysis.
//!
//! Syntax: words are all required; `"…"` is a phrase; `-word` or `-"…"` excludes; `OR` between
//! two items makes either one enough. A document number ("98-NQ/TU", "1414/UBND", or a code next
//! to a bare number, "NQ 98") becomes a [`Clause::Number`]. Written by hand rather than with
//! tantivy's `QueryParser` so that no input can reach a grammar we do not control: every
//! mistake becomes a [`QueryError`] with a Vietnamese explanation.

use crate::numbers;

/// One positive or negative item of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A word, analysed into one or more syllables.
    Word(String),
    /// A quoted phrase: its syllables adjacent and in order.
    Phrase(String),
    /// A document number: the written form and its search key.
    Number { written: String, key: String },
}

/// A parsed query: every group is required, the clauses of one group are alternatives (`OR`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub groups: Vec<Vec<Clause>>,
    pub excluded: Vec<Clause>,
    /// Whether the user used any operator (quotes, `-`, `OR`): such a query is never relaxed
    /// into ranking mode.
    pub has_operators: bool,
}

/// Why a query could not be parsed (Vietnamese, shown to the user).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Or,
    Positive(Clause),
    Negative(Clause),
}

fn clause_of_word(word: &str) -> Clause {
    if numbers::looks_like_number(word) || numbers::looks_like_typed_number(word) {
        if let Some(key) = numbers::query_key(word) {
            return Clause::Number {
                written: word.to_string(),
                key,
            };
        }
    }
    Clause::Word(word.to_string())
}

fn lex(query: &str) -> Result<Vec<Item>, QueryError> {
    let mut items = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negative = c == '-';
        if negative {
            chars.next();
            // A dash standing alone ("Hà Nội - Lạng Sơn", common in news titles) is punctuation,
            // not an exclusion of nothing.
            if chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) {
                continue;
            }
        }
        let clause = if chars.peek().map(|&(_, c)| c) == Some('"') {
            let (open, _) = chars.next().unwrap_or((start, '"'));
            let mut end = None;
            for (i, c) in chars.by_ref() {
                if c == '"' {
                    end = Some(i);
                    break;
                }
            }
            // An unclosed quote (news titles hold odd numbers of them) runs to the end.
            let end = end.unwrap_or(query.len());
            let phrase = query[open + 1..end].trim();
            if phrase.is_empty() {
                continue;
            }
            Clause::Phrase(phrase.to_string())
        } else {
            let word_start = chars.peek().map(|&(i, _)| i).unwrap_or(query.len());
            let mut word_end = query.len();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    word_end = i;
                    break;
                }
                chars.next();
            }
            let word = &query[word_start..word_end];
            if !negative && word == "OR" {
                items.push(Item::Or);
                continue;
            }
            clause_of_word(word)
        };
        items.push(if negative {
            Item::Negative(clause)
        } else {
            Item::Positive(clause)
        });
    }
    Ok(items)
}

/// Joins a type or issuer code typed next to a bare number ("NQ 98", "98 NQ") into one
/// [`Clause::Number`].
fn join_code_and_number(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        if let (Some(Item::Positive(Clause::Word(prev))), Item::Positive(Clause::Word(word))) =
            (out.last(), &item)
        {
            let pair = if numbers::looks_like_code(prev) && word.chars().all(|c| c.is_ascii_digit())
            {
                Some(format!("{word}-{prev}"))
            } else if numbers::looks_like_code(word) && prev.chars().all(|c| c.is_ascii_digit()) {
                Some(format!("{prev}-{word}"))
            } else {
                None
            };
            if let Some(key) = pair.as_deref().and_then(numbers::query_key) {
                let written = format!("{prev} {word}");
                out.pop();
                out.push(Item::Positive(Clause::Number { written, key }));
                continue;
            }
        }
        out.push(item);
    }
    out
}

/// Parses a query string.
pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let items = join_code_and_number(lex(query)?);
    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Or => {
                let after_positive = matches!(items.get(i + 1), Some(Item::Positive(_)));
                if parsed.groups.is_empty() || pending_or || !after_positive {
                    return Err(QueryError(
                        "\"OR\" phải nằm giữa hai từ hoặc cụm từ, ví dụ: rác OR chất thải".into(),
                    ));
                }
                if !matches!(items.get(i.wrapping_sub(1)), Some(Item::Positive(_))) {
                    return Err(QueryError(
                        "\"OR\" phải nằm giữa hai từ hoặc cụm từ, ví dụ: rác OR chất thải".into(),
                    ));
                }
                pending_or = true;
                parsed.has_operators = true;
            }
            Item::Positive(clause) => {
                if matches!(clause, Clause::Phrase(_)) {
                    parsed.has_operators = true;
                }
                match parsed.groups.last_mut() {
                    Some(group) if pending_or => group.push(clause.clone()),
                    _ => parsed.groups.push(vec![clause.clone()]),
                }
                pending_or = false;
            }
            Item::Negative(clause) => {
                parsed.excluded.push(clause.clone());
                parsed.has_operators = true;
            }
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Clause {
        Clause::Word(s.into())
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let q = parse("an ninh \"môi trường\" -khoáng rác OR \"chất thải\"").unwrap();
        assert_eq!(
            q.groups,
            vec![
                vec![w("an")],
                vec![w("ninh")],
                vec![Clause::Phrase("môi trường".into())],
                vec![w("rác"), Clause::Phrase("chất thải".into())],
            ]
        );
        assert_eq!(q.excluded, vec![w("khoáng")]);
        assert!(q.has_operators);
        assert!(!parse("an ninh môi trường").unwrap().has_operators);
    }

    #[test]
    fn document_numbers_in_any_spelling() {
        let q = parse("98-NQ/TU").unwrap();
        assert!(matches!(&q.groups[0][0], Clause::Number { key, .. } if key == "98|NQ|TU"));
        let q = parse("NQ 98").unwrap();
        assert_eq!(q.groups.len(), 1);
        assert!(matches!(&q.groups[0][0], Clause::Number { key, .. } if key == "98|NQ"));
        let q = parse("công văn 1414/UBND").unwrap();
        assert!(matches!(&q.groups[2][0], Clause::Number { key, .. } if key == "1414|UBND"));
    }

    #[test]
    fn mistakes_are_explained_not_panics() {
        for bad in ["OR OR", "OR rác", "rác OR", "a OR OR b"] {
            let err = parse(bad).unwrap_err();
            assert!(!err.0.is_empty(), "{bad}");
        }
        assert_eq!(parse("").unwrap(), ParsedQuery::default());
        assert_eq!(parse("\"\"").unwrap().groups.len(), 0);
        // A hyphen inside a word is not an exclusion.
        assert_eq!(parse("kinh-tế").unwrap().groups, vec![vec![w("kinh-tế")]]);
    }

    #[test]
    fn lenient_with_unclosed_quotes_and_lone_dashes() {
        let q = parse("an ninh \"môi trường").unwrap();
        assert_eq!(
            q.groups,
            vec![
                vec![w("an")],
                vec![w("ninh")],
                vec![Clause::Phrase("môi trường".into())]
            ]
        );
        let q = parse("Hà Nội - Lạng Sơn").unwrap();
        assert_eq!(q.groups.len(), 4);
        assert!(q.excluded.is_empty());
        assert_eq!(parse("-").unwrap(), ParsedQuery::default());
        assert_eq!(parse("\"").unwrap().groups.len(), 0);
    }
}
