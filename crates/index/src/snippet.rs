//! Highlighted fragments of the original text.
//!
//! Written here rather than with tantivy's `SnippetGenerator` because a match may be exact or
//! folded-only (the user typed "moi truong", the text says "môi trường"), and because a phrase
//! should be marked as one run: we re-tokenise the stored text with the analyzer (which gives
//! byte offsets into the original), mark tokens whose exact or folded form the query holds,
//! pick the window with the most distinct matched terms, and merge adjacent marks.

/// The query's keys, looked up for every token of a fragment: hashed with foldhash, not std's
/// SipHash (which was a twentieth of a short query's search; these keys come from the query,
/// so a hash flooding attack would only slow down its own request).
pub type KeySet<T = String> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// What the query matches, as the analyzers produce it.
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    pub exact: KeySet,
    pub folded: KeySet,
    /// Folded neighbouring syllables of the query ("bao cao"): a chunk holding them is where
    /// the query's words stand together, not only somewhere in the same paragraphs.
    pub pairs: Vec<String>,
    /// Folded keys the query holds only inside an abbreviation's expansion ("va" of "TN&MT" =
    /// "tài nguyên và môi trường"): such a key marks a word only beside another such word
    /// (the expansion spelled out), not every "và" of the text.
    pub weak: KeySet,
    /// Folded keys of the syllables the user typed with diacritics ("tham", "dinh" of "thẩm
    /// định"): in a passage written with diacritics, a folded-only match of one of them ("tham"
    /// of "tham gia", "cao" of "người cao tuổi" for "báo cáo") is another word, not the
    /// query's. Only a passage written without any ("tham dinh") gets them marked folded. A
    /// syllable typed without diacritics ("dinh" of "thẩm dinh") keeps its folded matches.
    pub strict: KeySet,
    /// Document numbers of the query, as index keys (`crate::numbers`): a number the text
    /// cites in any spelling of the same key ("98-NQ/TU" for "NQ 98") is marked whole.
    pub numbers: Vec<String>,
    /// What a long text's chunks are searched for, made once per query (on its first hit),
    /// not once per hit.
    pub(crate) chunk_keys: std::sync::OnceLock<Vec<ChunkKey>>,
}

/// A distinct folded key a long text's chunks are searched for.
#[derive(Debug, Clone)]
pub(crate) struct ChunkKey {
    folded: String,
    /// For a word typed with diacritics (see [`Highlighter::strict`]): its exact forms, in
    /// lower case and capitalised. In a chunk written with diacritics only these count, as
    /// only these are marked; a chunk holding the folded key alone ("mua" for "mùa") would
    /// show a passage without a mark.
    written: Vec<String>,
}

impl ChunkKey {
    fn all(h: &Highlighter) -> Vec<ChunkKey> {
        let exact: Vec<(String, &String)> =
            h.exact.iter().map(|e| (tracuu_text::fold(e), e)).collect();
        let folded: KeySet = h
            .folded
            .iter()
            .chain(exact.iter().map(|(f, _)| f))
            .filter(|k| !k.is_empty())
            .cloned()
            .collect();
        // A number's digits find the chunk citing it ("1414" of "1414|UBND").
        let numbers = h
            .numbers
            .iter()
            .filter_map(|key| key.split('|').next())
            .map(|digits| ChunkKey {
                folded: digits.to_string(),
                written: Vec::new(),
            });
        folded
            .into_iter()
            .map(|k| {
                let mut written = Vec::new();
                if h.strict.contains(&k) {
                    for (_, e) in exact.iter().filter(|(f, _)| *f == k) {
                        // Both tone placements: the analyzer made "hoà" and "hòa" one key, but
                        // the chunk is searched as written.
                        let other = tracuu_text::other_tone_placement(e);
                        for form in std::iter::once(e.as_str()).chain(other.as_deref()) {
                            let mut chars = form.chars();
                            if let Some(c) = chars.next() {
                                written.push(c.to_uppercase().chain(chars).collect());
                            }
                            written.push(form.to_string());
                        }
                    }
                }
                ChunkKey { folded: k, written }
            })
            .chain(numbers)
            .collect()
    }

    /// Whether the chunk holds this key: `folded` is its folded text, `original` its text
    /// as written.
    fn in_chunk(&self, folded: &str, original: &str, accented: &mut Option<bool>) -> bool {
        if !self.written.is_empty() {
            let accented = *accented.get_or_insert_with(|| is_accented(original));
            if accented {
                return self.written.iter().any(|w| original.contains(w.as_str()));
            }
        }
        folded.contains(self.folded.as_str())
    }
}

thread_local! {
    /// The buffer [`Highlighter::matches`] folds tokens into.
    static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// The exact analyzer and its tokens, reused for every passage highlighted on a thread.
    static EXACT_TOKENS: std::cell::RefCell<Option<tracuu_text::TokenBuffer>> =
        std::cell::RefCell::new(tracuu_text::TokenBuffer::new(tracuu_text::names::EXACT));
}

/// A matched token of the analysed text.
struct Mark {
    from: usize,
    to: usize,
    key: String,
    /// Matched only through a [`Highlighter::weak`] key.
    weak: bool,
    /// An abbreviation matched through its expansion: a weak neighbour may stand beside it.
    expansion: bool,
}

/// Length of a fragment in characters (roughly).
const FRAGMENT_CHARS: usize = 240;

/// Texts longer than two chunks are searched for their best chunk before analysis: analysing
/// whole news bodies for ten hits was about half of a full search in the speed bench, and a
/// chunk a little larger than the fragment is enough.
const CHUNK_BYTES: usize = 512;
/// Chunks overlap so that a passage across a chunk border is whole in one of them.
const CHUNK_OVERLAP: usize = 256;

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// HTML-escapes a text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

impl Highlighter {
    /// Folded keys the text also holds in an exact form of the query: for those, a folded-only
    /// token ("mọi" for a query restored to "môi") is not marked.
    fn exact_keys(&self, tokens: &[tracuu_text::Token]) -> KeySet {
        tokens
            .iter()
            .filter(|t| self.exact.contains(&t.text))
            .map(|t| tracuu_text::fold(&t.text))
            .collect()
    }

    /// Whether `token` is to be marked. `accented`: the passage is written with diacritics
    /// (see [`Self::strict`]).
    fn matches(&self, token: &str, exact_keys: &KeySet, accented: bool) -> bool {
        if self.exact.contains(token) {
            return true;
        }
        // Every token of the passage is folded: into one buffer, not a String each.
        FOLDED.with_borrow_mut(|key| {
            key.clear();
            tracuu_text::fold_into(token, key);
            self.folded.contains(key.as_str())
                && !exact_keys.contains(key.as_str())
                && !(accented && self.strict.contains(key.as_str()))
        })
    }

    /// The tokens to mark, one per span of the text.
    ///
    /// A span the analyzer expanded (the abbreviation "KH&ĐT" also yields "kế hoạch và đầu
    /// tư" at the same bytes) is marked when its own form matches or two neighbouring
    /// syllables of its expansion do ("đầu tư"): a shared "và", or "bộ" and "và" apart, do not
    /// make "BKH&ĐT" a match of "Bộ TN&MT". A token matched only through a weak key is kept
    /// only beside another such token or such an expansion.
    fn marks(&self, text: &str, tokens: &[tracuu_text::Token]) -> Vec<Mark> {
        let exact_keys = self.exact_keys(tokens);
        let accented = is_accented(text);
        let mut marks: Vec<Mark> = Vec::new();
        for (span, expanded) in spans(tokens) {
            let matched: Vec<&tracuu_text::Token> = span
                .iter()
                .filter(|t| self.matches(&t.text, &exact_keys, accented))
                .collect();
            let Some(first) = matched.first() else {
                continue;
            };
            let (from, to) = (first.from, first.to);
            if !expanded {
                let key = tracuu_text::fold(&first.text);
                let weak = !self.weak.is_empty()
                    && matched
                        .iter()
                        .all(|t| self.weak.contains(&tracuu_text::fold(&t.text)));
                let expansion = false;
                marks.push(Mark {
                    from,
                    to,
                    key,
                    weak,
                    expansion,
                });
                continue;
            }
            let literal = literal_form(text.get(from..to).unwrap_or(""));
            let own = matched
                .iter()
                .any(|t| tracuu_text::fold(&t.text) == literal);
            let neighbours = matched
                .windows(2)
                .any(|w| w[0].position + 1 == w[1].position);
            if own || neighbours {
                let (weak, expansion) = (false, !own);
                marks.push(Mark {
                    from,
                    to,
                    key: literal,
                    weak,
                    expansion,
                });
            }
        }
        let beside = |a: &Mark, b: &Mark| b.from >= a.to && is_joint(text.get(a.to..b.from));
        let pairs = |a: &Mark, b: &Mark| (a.weak || a.expansion) && (b.weak || b.expansion);
        let keep: Vec<bool> = (0..marks.len())
            .map(|i| {
                let m = &marks[i];
                !m.weak
                    || (i > 0 && pairs(&marks[i - 1], m) && beside(&marks[i - 1], m))
                    || marks
                        .get(i + 1)
                        .is_some_and(|next| pairs(m, next) && beside(m, next))
            })
            .collect();
        marks
            .into_iter()
            .zip(keep)
            .filter_map(|(m, k)| k.then_some(m))
            .collect()
    }

    /// The best fragment of `text` with matches in `<mark>…</mark>`, HTML-escaped; the start of
    /// the text when nothing matches.
    ///
    /// A long text (a legal document runs to hundreds of KB) is not analysed whole for one
    /// fragment of 240 characters: the chunk holding the most distinct query keys, found on the
    /// folded text by substring search (much cheaper than the analyzer), is analysed alone.
    pub fn fragment(&self, text: &str) -> String {
        if text.len() <= 2 * CHUNK_BYTES {
            return self.fragment_of(text);
        }
        let (start, end) = self.best_chunk(text);
        let mut out = String::new();
        let inner = self.fragment_of(&text[start..end]);
        if start > 0 && !inner.starts_with('…') {
            out.push('…');
        }
        out.push_str(&inner);
        if end < text.len() && !out.ends_with('…') {
            out.push('…');
        }
        out
    }

    /// The byte range of the chunk of a long text with the most distinct query keys.
    fn best_chunk(&self, text: &str) -> (usize, usize) {
        let keys = self.chunk_keys.get_or_init(|| ChunkKey::all(self));
        // The text in pieces of CHUNK_OVERLAP bytes, each folded once and only when a chunk
        // reaches it (a chunk is three pieces, the next chunk starts two pieces on): folding
        // the chunks themselves folded every overlap twice. A chunk scores its distinct keys
        // and query pairs; one holding them all ends the search (no later chunk can score
        // more), so most texts are not folded to the end.
        let (step, span) = (
            CHUNK_BYTES / CHUNK_OVERLAP,
            (CHUNK_BYTES + CHUNK_OVERLAP) / CHUNK_OVERLAP,
        );
        let mut bounds = vec![0usize];
        let mut folded_at = vec![0usize];
        let mut folded = String::new();
        let mut best = (
            0usize,
            (0usize, ceil_boundary(text, CHUNK_BYTES + CHUNK_OVERLAP)),
        );
        let mut first = 0;
        while !keys.is_empty() && bounds[first] < text.len() {
            while bounds.len() <= first + span {
                let from = bounds[bounds.len() - 1];
                if from >= text.len() {
                    break;
                }
                let to = ceil_boundary(text, from + CHUNK_OVERLAP);
                tracuu_text::fold_into(&text[from..to], &mut folded);
                bounds.push(to);
                folded_at.push(folded.len());
            }
            let last = (first + span).min(bounds.len() - 1);
            let chunk = &folded[folded_at[first]..folded_at[last]];
            let original = &text[bounds[first]..bounds[last]];
            let mut accented = None;
            let mut found = keys
                .iter()
                .filter(|k| k.in_chunk(chunk, original, &mut accented))
                .count();
            // Pairs are looked for only where they could make this chunk the best.
            if found + self.pairs.len() > best.0 {
                found += self
                    .pairs
                    .iter()
                    .filter(|p| chunk.contains(p.as_str()))
                    .count();
            }
            if found > best.0 {
                best = (found, (bounds[first], bounds[last]));
                if found == keys.len() + self.pairs.len() {
                    break;
                }
            }
            if first + step >= bounds.len() {
                break;
            }
            first += step;
        }
        let (start, end) = best.1;
        // Whole words at both ends.
        let start = if start == 0 {
            0
        } else {
            text[start..end]
                .find(char::is_whitespace)
                .map(|i| start + i + 1)
                .unwrap_or(start)
        };
        let end = if end >= text.len() {
            text.len()
        } else {
            text[start..end]
                .rfind(char::is_whitespace)
                .map(|i| start + i)
                .unwrap_or(end)
        };
        (start, end.max(start))
    }

    fn fragment_of(&self, text: &str) -> String {
        EXACT_TOKENS.with_borrow_mut(|buffer| match buffer {
            Some(buffer) => self.fragment_of_tokens(text, buffer.run(text)),
            None => self.fragment_of_tokens(text, &[]),
        })
    }

    fn fragment_of_tokens(&self, text: &str, tokens: &[tracuu_text::Token]) -> String {
        // Matched spans (byte ranges), merged when only spaces or hyphens separate them.
        let mut runs: Vec<(usize, usize, String)> = Vec::new(); // from, to, folded key
        let mut marks = self.marks(text, tokens);
        marks.extend(self.number_marks(text));
        marks.sort_by_key(|m| (m.from, std::cmp::Reverse(m.to)));
        for mark in marks {
            if let Some(run) = runs.last_mut() {
                if mark.from < run.1 {
                    // Overlapping tokens (a whole and its parts): one run.
                    run.1 = run.1.max(mark.to);
                    continue;
                }
                if is_joint(text.get(run.1..mark.from)) {
                    run.1 = mark.to;
                    run.2.push(' ');
                    run.2.push_str(&mark.key);
                    continue;
                }
            }
            runs.push((mark.from, mark.to, mark.key));
        }
        let (start, end) = self.window(text, &runs);
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let mut cursor = start;
        for (from, to, _) in runs.iter().filter(|r| r.0 >= start && r.1 <= end) {
            if *from < cursor || !text.is_char_boundary(*from) || !text.is_char_boundary(*to) {
                continue;
            }
            escape_into(&mut out, &text[cursor..*from]);
            out.push_str("<mark>");
            escape_into(&mut out, &text[*from..*to]);
            out.push_str("</mark>");
            cursor = *to;
        }
        escape_into(&mut out, &text[cursor..end]);
        if end < text.len() {
            out.push('…');
        }
        out
    }

    /// The numbers of the text citing one of the query's (see [`Self::numbers`]), whole.
    fn number_marks(&self, text: &str) -> Vec<Mark> {
        if self.numbers.is_empty() {
            return Vec::new();
        }
        crate::numbers::scan(text)
            .into_iter()
            .filter_map(|word| {
                let keys = crate::numbers::index_keys(word);
                let key = self.numbers.iter().find(|k| keys.contains(k))?;
                // `scan` returns slices of `text`: their offset is where they start.
                let from = word.as_ptr() as usize - text.as_ptr() as usize;
                Some(Mark {
                    from,
                    to: from + word.len(),
                    key: key.clone(),
                    weak: false,
                    expansion: false,
                })
            })
            .collect()
    }

    /// The byte window to show: the one starting a little before the run that begins the
    /// densest stretch of distinct matches.
    fn window(&self, text: &str, runs: &[(usize, usize, String)]) -> (usize, usize) {
        // Bytes: Vietnamese letters take about two.
        let span = FRAGMENT_CHARS * 2;
        // The window shows a little text before its first run: only the runs it shows count.
        let lead = 60;
        let mut best = (0usize, 0usize); // (score, first run)
        for i in 0..runs.len() {
            let mut keys: Vec<&str> = runs[i..]
                .iter()
                .take_while(|r| r.1 <= runs[i].0 + span - lead)
                .map(|r| r.2.as_str())
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let score = window_score(&keys);
            if score > best.0 {
                best = (score, i);
            }
        }
        let anchor = runs.get(best.1).map(|r| r.0).unwrap_or(0);
        let mut start = floor_boundary(text, anchor.saturating_sub(lead));
        if start > 0 {
            // Start at a word boundary.
            if let Some(space) = text[start..anchor].find(char::is_whitespace) {
                start += space + 1;
            }
        }
        let mut end = ceil_boundary(text, start + span);
        if end < text.len() {
            if let Some(space) = text[start..end].rfind(char::is_whitespace) {
                if space > 0 {
                    end = start + space;
                }
            }
        }
        (start, end.max(start))
    }
}

/// The folded keys `query` holds only inside an abbreviation's expansion (see
/// [`Highlighter::weak`]): "tai", "nguyen", "va", "moi", "truong" of "Sở TN&MT", but none of
/// "tài nguyên và môi trường" typed out.
pub fn expansion_only_keys(query: &str) -> KeySet {
    let tokens = tracuu_text::analyze(tracuu_text::names::FOLDED, query).unwrap_or_default();
    let (mut strong, mut expansion) = (KeySet::default(), KeySet::default());
    for (span, expanded) in spans(&tokens) {
        let literal = literal_form(query.get(span[0].from..span[0].to).unwrap_or(""));
        for t in span {
            if expanded && t.text != literal {
                expansion.insert(t.text.clone());
            } else {
                strong.insert(t.text.clone());
            }
        }
    }
    expansion.retain(|k| !strong.contains(k));
    expansion
}

/// The folded keys of the query words typed with diacritics (see [`Highlighter::strict`]).
pub fn strict_keys<'a>(words: impl IntoIterator<Item = &'a str>) -> KeySet {
    let mut keys = KeySet::default();
    for word in words {
        if crate::search::has_diacritics(word) {
            let tokens = tracuu_text::analyze(tracuu_text::names::FOLDED, word);
            keys.extend(tokens.unwrap_or_default().into_iter().map(|t| t.text));
        }
    }
    keys
}

/// Whether a passage is written with diacritics: it holds a non-ASCII letter.
fn is_accented(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

/// The tokens of a text grouped by the bytes they stand for, each group with whether the
/// analyzer expanded it (an abbreviation and its expansion's syllables at several positions
/// over the same bytes).
fn spans(tokens: &[tracuu_text::Token]) -> impl Iterator<Item = (&[tracuu_text::Token], bool)> {
    tokens
        .chunk_by(|a, b| (a.from, a.to) == (b.from, b.to))
        .map(|span| (span, span.iter().any(|t| t.position != span[0].position)))
}

/// Whether the text between two marks joins them into one run: only spaces or hyphens.
fn is_joint(gap: Option<&str>) -> bool {
    gap.is_some_and(|g| g.len() <= 3 && g.chars().all(|c| c == ' ' || c == '-'))
}

/// The folded letters and digits of an abbreviation as written ("KH&ĐT" → "khdt"): the key of
/// the abbreviation itself among its expansion.
fn literal_form(written: &str) -> String {
    let letters: String = written.chars().filter(|c| c.is_alphanumeric()).collect();
    tracuu_text::fold(&letters)
}

/// How well a stretch of text answers the query, from the distinct keys of its marked runs
/// ("tham dinh bao cao", "dinh"): the distinct query syllables it shows, plus one for every
/// syllable that stands next to another in a run. A passage holding the query's words
/// together ("thẩm định báo cáo") beats one holding them apart ("thẩm định các dự án … quy
/// định").
fn window_score(keys: &[&str]) -> usize {
    let mut syllables: Vec<&str> = keys.iter().flat_map(|k| k.split(' ')).collect();
    let adjacent: usize = keys
        .iter()
        .map(|k| k.split(' ').count().saturating_sub(1))
        .sum();
    syllables.sort_unstable();
    syllables.dedup();
    syllables.len() + adjacent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(exact: &[&str], folded: &[&str]) -> Highlighter {
        Highlighter {
            exact: exact.iter().map(|s| s.to_string()).collect(),
            folded: folded.iter().map(|s| s.to_string()).collect(),
            pairs: folded.windows(2).map(|w| w.join(" ")).collect(),
            ..Highlighter::default()
        }
    }

    /// The highlighter of a query as the planner builds it (without diacritic restoration).
    fn of_query(query: &str) -> Highlighter {
        let keys = |name| {
            tracuu_text::analyze(name, query)
                .unwrap()
                .into_iter()
                .map(|t| t.text)
                .collect::<KeySet>()
        };
        Highlighter {
            exact: keys(tracuu_text::names::EXACT),
            folded: keys(tracuu_text::names::FOLDED),
            weak: expansion_only_keys(query),
            strict: strict_keys(query.split_whitespace()),
            ..Highlighter::default()
        }
    }

    #[test]
    fn an_abbreviation_marks_its_own_expansion_not_a_shared_function_word() {
        let h = of_query("Sở TN&MT");
        assert_eq!(
            h.weak
                .iter()
                .map(String::as_str)
                .collect::<std::collections::BTreeSet<_>>(),
            ["moi", "nguyen", "tai", "truong", "va"].into()
        );
        let text = "Phối hợp với Sở KH&ĐT và Sở TN&MT, Sở Tài nguyên và Môi trường.";
        assert_eq!(
            h.fragment(text),
            "Phối hợp với <mark>Sở</mark> KH&amp;ĐT và <mark>Sở TN&amp;MT</mark>, \
             <mark>Sở Tài nguyên và Môi trường</mark>."
        );
        // Words of the expansion together are marked; one alone is not.
        assert_eq!(
            h.fragment("Khai thác tài nguyên nước và cát."),
            "Khai thác <mark>tài nguyên</mark> nước và cát."
        );
        // Syllables of an expansion apart ("bộ" … "và"), or one repeated ("nông" … "nông"),
        // do not mark an abbreviation.
        let text = "BKH&ĐT, Sở NN&PTNT.";
        let plain = text.replace('&', "&amp;");
        assert_eq!(of_query("Bộ Tài chính và Bộ Công an").fragment(text), plain);
        assert_eq!(of_query("giá nông sản").fragment(text), plain);
        // Two syllables of an expansion do mark the abbreviation; so does its own form.
        let text = "Sở KH&ĐT chủ trì.";
        assert_eq!(
            of_query("đầu tư").fragment(text),
            "Sở <mark>KH&amp;ĐT</mark> chủ trì."
        );
        assert_eq!(
            of_query("KH&ĐT").fragment(text),
            "Sở <mark>KH&amp;ĐT</mark> chủ trì."
        );
        assert_eq!(of_query("và").fragment(text), text.replace('&', "&amp;"));
        // The expansion typed out is no weaker than any other words.
        assert!(of_query("tài nguyên và môi trường").weak.is_empty());
    }

    #[test]
    fn a_query_with_diacritics_marks_folded_matches_only_in_text_without_them() {
        let h = of_query("thẩm định báo cáo");
        assert_eq!(
            h.fragment("Người cao tuổi tham gia thẩm định báo cáo."),
            "Người cao tuổi tham gia <mark>thẩm định báo cáo</mark>."
        );
        assert_eq!(
            h.fragment("Nguoi cao tuoi tham gia tham dinh bao cao."),
            "Nguoi <mark>cao</mark> tuoi <mark>tham</mark> gia <mark>tham dinh bao cao</mark>."
        );
        // Typed without diacritics, folded matches are marked as before, also beside words
        // typed with them.
        assert_eq!(
            of_query("tham dinh").fragment("Công tác thẩm định."),
            "Công tác <mark>thẩm định</mark>."
        );
        assert_eq!(
            of_query("thẩm dinh").fragment("Công tác thẩm định."),
            "Công tác <mark>thẩm định</mark>."
        );
    }

    /// A long text's chunk is chosen by what will be marked: for a word typed with
    /// diacritics, its written forms, not its folded form ("mua" is another word than "mùa").
    #[test]
    fn a_long_text_shows_the_chunk_with_the_word_as_typed() {
        let h = of_query("mùa");
        let text = format!(
            "{}{}Vào mùa mưa, các tỉnh chủ động phòng chống thiên tai.{}",
            "Người dân mua bán hàng hóa ở chợ. ".repeat(30),
            "Nội dung khác. ".repeat(60),
            " Phần cuối.".repeat(60)
        );
        assert!(text.len() > 4 * CHUNK_BYTES);
        let got = h.fragment(&text);
        assert!(got.contains("<mark>mùa</mark> mưa"), "{got}");
        // Capitalised at the start of a sentence, and typed without diacritics (every folded
        // match counts).
        let got = h.fragment(&text.replace("Vào mùa", "Mùa"));
        assert!(got.contains("<mark>Mùa</mark> mưa"), "{got}");
        let got = of_query("mua").fragment(&text);
        assert!(got.contains("<mark>mua</mark> bán"), "{got}");
        // Written with the other tone placement than the query's ("hoà" for "hòa").
        let text = format!(
            "{}{}Các dân tộc chung sống hoà thuận.{}",
            "Người dân bán hoa ở chợ. ".repeat(40),
            "Nội dung khác. ".repeat(60),
            " Phần cuối.".repeat(60)
        );
        let got = of_query("hòa").fragment(&text);
        assert!(got.contains("<mark>hoà</mark> thuận"), "{got}");
    }

    #[test]
    fn folded_match_marks_the_original_as_one_run() {
        let h = hl(&[], &["moi", "truong"]);
        let got = h.fragment("Bảo vệ môi trường <xanh> & sạch");
        assert_eq!(
            got,
            "Bảo vệ <mark>môi trường</mark> &lt;xanh&gt; &amp; sạch"
        );
    }

    #[test]
    fn folded_only_tokens_are_not_marked_when_the_exact_reading_is_there() {
        let h = hl(&["môi", "trường"], &["moi", "truong"]);
        let got = h.fragment("Mọi người bảo vệ môi trường");
        assert_eq!(got, "Mọi người bảo vệ <mark>môi trường</mark>");
        let got = h.fragment("Mọi người");
        assert_eq!(got, "<mark>Mọi</mark> người");
    }

    #[test]
    fn window_moves_to_the_matches() {
        let text = format!(
            "{} an ninh môi trường ở Lạng Sơn.",
            "lời mở đầu ".repeat(100)
        );
        let h = hl(&["an", "ninh"], &["an", "ninh"]);
        let got = h.fragment(&text);
        assert!(got.starts_with('…'), "{got}");
        assert!(got.contains("<mark>an ninh</mark>"), "{got}");
    }

    /// The query's words together beat the same words apart: in the window shown (a short
    /// text) and in the chunk chosen (a long one, whose first chunk holds every key apart).
    #[test]
    fn the_passage_with_the_words_together_is_shown() {
        let h = hl(
            &["thẩm", "định", "báo", "cáo"],
            &["tham", "dinh", "bao", "cao"],
        );
        let apart = "Theo quy định, xem xét thẩm định các dự án đầu tư theo quy định. ";
        let together = "Thực hiện tốt công tác thẩm định báo cáo đánh giá tác động môi trường.";
        let short = format!("{apart}{}{together}", "Nội dung khác. ".repeat(30));
        assert!(short.len() <= 2 * CHUNK_BYTES);
        let got = h.fragment(&short);
        assert!(got.contains("<mark>thẩm định báo cáo</mark>"), "{got}");
        let scattered = "Bảo vệ môi trường, nâng cao nhận thức, tham gia theo quy định. ";
        let long = format!(
            "{}{}{together}{}",
            scattered.repeat(20),
            "Nội dung khác. ".repeat(100),
            " Phần cuối.".repeat(100)
        );
        let got = h.fragment(&long);
        assert!(got.contains("<mark>thẩm định báo cáo</mark>"), "{got}");
    }

    #[test]
    fn long_texts_show_the_chunk_with_the_matches() {
        let text = format!(
            "{} Bảo vệ an ninh môi trường ở Lạng Sơn. {}",
            "lời mở đầu của văn bản ".repeat(2000),
            "phần cuối ".repeat(2000)
        );
        assert!(text.len() > 4 * CHUNK_BYTES);
        let h = hl(
            &["an", "ninh", "môi", "trường"],
            &["an", "ninh", "moi", "truong"],
        );
        let got = h.fragment(&text);
        assert!(got.starts_with('…') && got.ends_with('…'), "{got}");
        assert!(got.contains("<mark>an ninh môi trường</mark>"), "{got}");
        assert!(got.chars().count() < 600, "{got}");
        // Nothing matching: the start of the text.
        let got = hl(&["xyz"], &["xyz"]).fragment(&text);
        assert!(got.starts_with("lời mở đầu"), "{got}");
        // A match in the last bytes (a chunk shorter than the others).
        let ending = format!("{text} Kết thúc.");
        let got = hl(&["kết", "thúc"], &["ket", "thuc"]).fragment(&ending);
        assert!(got.contains("<mark>Kết thúc</mark>"), "{got}");
    }

    #[test]
    fn no_match_gives_the_start() {
        let h = hl(&["xyz"], &["xyz"]);
        assert_eq!(h.fragment("Ngắn gọn."), "Ngắn gọn.");
        assert_eq!(h.fragment(""), "");
    }
}
