//! Guard against pathologically deep tag nesting.
//!
//! html5ever checks "has an element in scope" by scanning the stack of open elements, so a page
//! of 100,000 nested `<div>`s costs O(n²) (about 90 s measured) before any of our code runs. No
//! real page nests more than a few hundred levels, so tags beyond [`MAX_DEPTH`] are removed
//! before parsing (their text is kept) and the document carries a warning.

/// Deepest nesting kept.
pub const MAX_DEPTH: usize = 1_000;

/// Elements that have no end tag, or whose end tag is usually implied (they would inflate the
/// count on sloppy but ordinary pages).
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "dd", "dt", "!doctype",
];

/// One tag found by the scanner: byte range, name (lowercase), whether it closes.
struct Tag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    self_closing: bool,
}

/// A light tag scanner: enough to count nesting, not a parser. Comments are skipped whole.
fn tags(html: &str) -> impl Iterator<Item = Tag> + '_ {
    let bytes = html.as_bytes();
    let mut at = 0usize;
    std::iter::from_fn(move || loop {
        let open = at + memchr(b'<', &bytes[at..])?;
        if bytes[open..].starts_with(b"<!--") {
            at = html[open..]
                .find("-->")
                .map_or(bytes.len(), |e| open + e + 3);
            continue;
        }
        let close = open + memchr(b'>', &bytes[open..])?;
        at = close + 1;
        let inner = &html[open + 1..close];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        return Some(Tag {
            start: open,
            end: close + 1,
            name,
            closing,
            self_closing: inner.ends_with('/'),
        });
    })
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|b| *b == needle)
}

/// The deepest nesting of counted elements.
pub fn max_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    for tag in tags(html) {
        if NOT_COUNTED.contains(&tag.name.as_str()) || tag.self_closing {
            continue;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Removes the tags nested deeper than `limit`, keeping all text. `None` when nothing is that deep.
pub fn flatten_beyond(html: &str, limit: usize) -> Option<String> {
    if max_depth(html) <= limit {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut copied = 0usize;
    for tag in tags(html) {
        let counted = !(NOT_COUNTED.contains(&tag.name.as_str()) || tag.self_closing);
        let keep = if !counted {
            depth <= limit
        } else if tag.closing {
            let keep = depth <= limit;
            depth = depth.saturating_sub(1);
            keep
        } else {
            depth += 1;
            depth <= limit
        };
        if !keep {
            out.push_str(&html[copied..tag.start]);
            // A space keeps words of adjacent removed blocks apart.
            out.push(' ');
            copied = tag.end;
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_and_flattening() {
        assert_eq!(
            max_depth("<html><body><div><p>a<p>b</div></body></html>"),
            3
        );
        assert_eq!(max_depth("<!-- <div><div> --><br/><img src=x>"), 0);
        let deep = format!("{}x{}", "<div>".repeat(50), "</div>".repeat(50));
        let flat = flatten_beyond(&deep, 10).unwrap();
        assert_eq!(max_depth(&flat), 10);
        assert!(flat.contains('x'));
        assert!(flatten_beyond("<div>y</div>", 10).is_none());
    }
}
