//! Block-level cleaning shared by plain text and HTML: which blocks are the article, which are
//! portal debris, which are photo captions, and where the title, dateline and by-line are.
//!
//! Portals copy-pasted to text (the seeds) and the main-content blocks of an HTML page carry the
//! same debris: skip links, menus, "Các tin cũ hơn", footers with addresses and phones, stray
//! "," lines, bare image numbers with their captions under them, a site banner above the title.
//! The rules below are line rules, each with a short machine reason recorded in `dropped`, so a
//! user of `tracuu extract` can see why a line is gone.

use std::sync::LazyLock;

use regex::Regex;

use crate::dates::{self, FoundDate};
use crate::document::{DateSource, Dropped};

/// Where a block comes from, when the page structure says more than its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockHint {
    #[default]
    None,
    /// `<figcaption>`, an element with a caption class, the cell under an image.
    Caption,
}

/// One block of text: a line of a plain-text page, or a paragraph-level element of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    /// Blank lines before this block (plain text); 1 for HTML blocks.
    pub gap_before: usize,
    pub hint: BlockHint,
}

impl Block {
    pub fn new(text: impl Into<String>, gap_before: usize) -> Self {
        Block {
            text: text.into(),
            gap_before,
            hint: BlockHint::None,
        }
    }
}

/// What cleaning found.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// The title line found in the header zone, if any.
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    pub dropped: Vec<Dropped>,
    pub author: Option<String>,
    pub published: Option<(FoundDate, DateSource)>,
    /// A portal named in the text ("(Haiphong.gov.vn) - ...").
    pub site: Option<String>,
    pub warnings: Vec<String>,
}

/// Skip links and accessibility jumps.
const SKIP_LINKS: &[&str] = &[
    "nhảy đến nội dung",
    "bỏ qua nội dung",
    "chuyển đến nội dung chính",
    "skip to main content",
    "skip to content",
    "skip navigation",
];

/// Whole-line menu entries and portal links.
const NAVIGATION: &[&str] = &[
    "các tin cũ hơn",
    "các tin mới hơn",
    "các tin khác",
    "tin khác",
    "tin liên quan",
    "bài viết liên quan",
    "tin cùng chuyên mục",
    "xem thêm",
    "about",
    "sơ đồ cổng - rss",
    "sơ đồ cổng",
    "sơ đồ trang",
    "sơ đồ site",
    "rss",
    "liên hệ",
    "trang chủ",
    "đầu trang",
    "về đầu trang",
    "lên đầu trang",
    "quay lại",
    "trở về",
    "in bài viết",
    "in trang",
    "bản in",
    "gửi email",
    "gửi bài viết",
    "chia sẻ",
    "bình luận",
    "tiện ích",
    "đăng nhập",
    "tìm kiếm",
    "english",
    "tiếng việt",
];

/// Menu entries after which the rest of the page is the portal's footer.
const FOOTER_OPENERS: &[&str] = &[
    "các tin cũ hơn",
    "các tin mới hơn",
    "các tin khác",
    "tin khác",
    "tin liên quan",
    "bài viết liên quan",
    "tin cùng chuyên mục",
];

/// Labels of the portal's legal/contact footer ("Địa chỉ: ...").
const CONTACT_LABELS: &[&str] = &[
    "cơ quan quản lý",
    "cơ quan chủ quản",
    "cơ quan thường trực",
    "trưởng ban biên tập",
    "phó trưởng ban biên tập",
    "chịu trách nhiệm",
    "chịu trách nhiệm chính",
    "địa chỉ",
    "điện thoại",
    "đt",
    "fax",
    "email",
    "e-mail",
    "hotline",
    "giấy phép",
    "bản quyền",
    "copyright",
    "ghi rõ nguồn",
    "website",
];

/// Openers of site banners (slogans above the title of provincial portals).
const BANNER_OPENERS: &[&str] = &[
    "quyết tâm thực hiện thắng lợi",
    "nhiệt liệt chào mừng",
    "chào mừng",
    "đảng cộng sản việt nam quang vinh",
    "toàn đảng, toàn dân",
    "thi đua",
];

/// Discourse connectives that open a paragraph but make a poor title ("Theo đó, ...").
const CONNECTIVES: &[&str] = &[
    "theo đó",
    "bên cạnh đó",
    "ngoài ra",
    "đồng thời",
    "cụ thể",
    "trong đó",
    "mặt khác",
];

/// Portal named at the start of a lead: "(Haiphong.gov.vn) - ".
static SITE_IN_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:vn|com|net|org))\)")
        .expect("valid regex")
});

/// A block that is only a place name under the portal's name ("Thành phố Hải Phòng").
static PLACE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:thành phố|tỉnh|thị xã|huyện|quận|ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+\p{Lu}[\p{L} ]*$")
        .expect("valid regex")
});

/// A list item: "- ", "+ ", "• ", "a) ", "1. ".
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-+•*–]\s|\(?[a-zđ0-9]{1,2}[).]\s)").expect("valid regex"));

/// A block that starts with the tail of a broken number and goes on in lowercase.
static NUMBER_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,4} \p{Ll}").expect("valid regex"));

/// Collapses whitespace (NBSP included) and trims.
pub fn tidy(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn lower(text: &str) -> String {
    text.to_lowercase()
}

/// Whether the block ends a sentence (so it reads as body text, not a caption or heading).
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', ' ']);
    t.ends_with(['.', '!', '?', '…', ';', ':'])
}

fn only_punctuation(text: &str) -> bool {
    text.chars()
        .all(|c| !c.is_alphanumeric() || c.is_whitespace())
}

fn image_number(text: &str) -> bool {
    text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit())
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Reads as a body paragraph: a full sentence of some length, or simply long.
fn paragraph_like(text: &str) -> bool {
    let chars = text.chars().count();
    (ends_sentence(text) && chars >= 60) || chars >= 220
}

fn contact_line(low: &str) -> bool {
    if low.starts_with('©') {
        return true;
    }
    CONTACT_LABELS.iter().any(|label| {
        low.strip_prefix(label).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with(':') || rest.starts_with('(') || rest.is_empty()
        })
    })
}

/// The portal's own name ("Cổng thông tin điện tử thành phố Hải Phòng"), in a header or footer.
fn portal_name(text: &str, low: &str) -> bool {
    (low.starts_with("cổng thông tin") || low.starts_with("trang thông tin điện tử"))
        && text.chars().count() <= 100
        && !ends_sentence(text)
}

fn caption_opener(text: &str, low: &str) -> bool {
    let short = text.chars().count() <= 250;
    short
        && (low.starts_with("ảnh ")
            || low.starts_with("ảnh:")
            || low.starts_with("(ảnh")
            || low.starts_with("ảnh minh họa")
            || low.starts_with("ảnh minh hoạ")
            || low.starts_with("nguồn ảnh")
            || low.ends_with("(ảnh minh họa)")
            || low.ends_with("(ảnh minh hoạ)")
            || (low.contains("ảnh:") && !ends_sentence(text)))
}

/// A closing by-line: a person's name (2 to 5 capitalised words), optionally followed by a
/// comma and their unit ("Hà Hằng, Ban Dân vận Thành uỷ Lạng Sơn").
pub fn byline(text: &str) -> Option<String> {
    let text = text.trim();
    if text.chars().count() > 90 || ends_sentence(text) || LIST_ITEM.is_match(text) {
        return None;
    }
    let stripped = [
        "Tin, ảnh:",
        "Tin và ảnh:",
        "Bài, ảnh:",
        "Bài và ảnh:",
        "Tin:",
        "Bài:",
        "Theo",
    ]
    .iter()
    .find_map(|p| text.strip_prefix(p))
    .unwrap_or(text)
    .trim();
    let name = stripped.split(',').next().unwrap_or("").trim();
    let name = name.split(" - ").next().unwrap_or("").trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return None;
    }
    let capitalised = words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && w.chars().skip(1).all(char::is_lowercase)
    });
    capitalised.then(|| stripped.to_string())
}

/// A title made from the first sentence of the body, for pages without a title line.
pub fn derive_title(first: &str) -> String {
    let mut text = first.trim();
    let low = lower(text);
    for c in CONNECTIVES {
        if low.starts_with(c) {
            if let Some(rest) = text.get(c.len()..) {
                text = rest.trim_start_matches([',', ' ', ':']);
            }
            break;
        }
    }
    // First sentence.
    let sentence = text
        .char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?' | ';')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text, |(i, _)| &text[..i]);
    const MAX: usize = 100;
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.trim_end_matches([',', ';', ':']).to_string();
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => out,
    }
}

/// Re-joins text a copy-paste broke mid-number ("6 tháng đầu năm 202" / "3 đã thực hiện") or
/// mid-sentence (a block that starts in lowercase after one that does not end a sentence).
fn rejoin(blocks: Vec<Block>, warnings: &mut Vec<String>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(prev) = out.last_mut() {
            let prev_ends_digit = prev.text.ends_with(|c: char| c.is_ascii_digit());
            let starts_digit = block.text.starts_with(|c: char| c.is_ascii_digit());
            // "3 đã thực hiện": the rest of a number, then running text in lowercase. Not "1. Quy
            // định" (a numbered clause) nor a date line after a date.
            let broken_number = prev_ends_digit
                && starts_digit
                && NUMBER_TAIL.is_match(&block.text)
                && !LIST_ITEM.is_match(&block.text)
                && !image_number(&block.text)
                && !image_number(&prev.text)
                && prev.text.chars().count() > 40
                && block.text.chars().count() > 20;
            let starts_lower = block.text.starts_with(|c: char| c.is_lowercase());
            let broken_sentence = starts_lower
                && !LIST_ITEM.is_match(&block.text)
                && !ends_sentence(&prev.text)
                && prev.text.chars().count() > 80
                && prev.hint == BlockHint::None
                && block.hint == BlockHint::None;
            if broken_number || broken_sentence {
                let tail: String = prev
                    .text
                    .chars()
                    .rev()
                    .take(12)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let head: String = block.text.chars().take(12).collect();
                warnings.push(format!("rejoined broken text: \"…{tail}\" + \"{head}…\""));
                if broken_sentence {
                    prev.text.push(' ');
                }
                prev.text.push_str(&block.text);
                continue;
            }
        }
        out.push(block);
    }
    out
}

/// Verdict on one block before the title/by-line pass.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Keep,
    Caption,
    Drop(&'static str),
}

/// Cleans a page's blocks. `known_title` is the title the page structure gave (HTML `<h1>`,
/// `og:title`); without it the title is taken from the header zone above the first paragraph.
pub fn clean_blocks(blocks: Vec<Block>, known_title: Option<&str>) -> Cleaned {
    let mut out = Cleaned::default();
    let blocks: Vec<Block> = blocks
        .into_iter()
        .map(|b| Block {
            text: tidy(&b.text),
            ..b
        })
        .filter(|b| !b.text.is_empty())
        .collect();
    let blocks = rejoin(blocks, &mut out.warnings);

    // The usual gap before a body paragraph: captions sit further apart than that.
    let mut gaps: Vec<usize> = blocks
        .iter()
        .skip(1)
        .filter(|b| paragraph_like(&b.text))
        .map(|b| b.gap_before)
        .collect();
    gaps.sort_unstable();
    let typical_gap = gaps.get(gaps.len() / 2).copied().unwrap_or(0);

    let mut verdicts: Vec<Verdict> = Vec::with_capacity(blocks.len());
    let mut content_started = false;
    let mut footer_started = false;
    let mut caption_next = false;
    for (i, block) in blocks.iter().enumerate() {
        let text = block.text.as_str();
        let low = lower(text);
        let gap_after = blocks.get(i + 1).map_or(usize::MAX, |b| b.gap_before);
        let after_image = std::mem::take(&mut caption_next);
        let verdict = if SKIP_LINKS.contains(&low.as_str()) {
            Verdict::Drop("skip_link")
        } else if only_punctuation(text) {
            Verdict::Drop("punctuation")
        } else if image_number(text) {
            caption_next = true;
            Verdict::Drop("image_number")
        } else if dates::is_dateline(text) && !paragraph_like(text) {
            if out.published.is_none() {
                if let Some(found) = dates::parse_dateline(text) {
                    out.published = Some((found, DateSource::Dateline));
                }
            }
            Verdict::Drop("dateline")
        } else if NAVIGATION.contains(&low.as_str()) {
            if content_started && FOOTER_OPENERS.contains(&low.as_str()) {
                footer_started = true;
            }
            Verdict::Drop("navigation")
        } else if contact_line(&low) {
            if content_started {
                footer_started = true;
            }
            Verdict::Drop("contact")
        } else if portal_name(text, &low)
            || (!content_started
                && PLACE_NAME.is_match(text)
                && word_count(text) <= 5
                && verdicts.last() == Some(&Verdict::Drop("portal_header")))
        {
            Verdict::Drop("portal_header")
        } else if footer_started {
            Verdict::Drop("footer")
        } else if block.hint == BlockHint::Caption
            || (after_image && !ends_sentence(text) && text.chars().count() <= 300)
            || caption_opener(text, &low)
            || (content_started
                && typical_gap < usize::MAX
                && block.gap_before > typical_gap
                && gap_after > typical_gap
                && gap_after != usize::MAX
                && !ends_sentence(text)
                && !LIST_ITEM.is_match(text)
                && byline(text).is_none()
                && text.chars().count() <= 250)
        {
            // A caption right after image numbers may itself be followed by more numbers.
            Verdict::Caption
        } else {
            if paragraph_like(text) {
                content_started = true;
            }
            Verdict::Keep
        };
        verdicts.push(verdict);
    }

    // Header zone: kept blocks before the first paragraph-like one.
    let first_paragraph = blocks
        .iter()
        .zip(&verdicts)
        .position(|(b, v)| *v == Verdict::Keep && paragraph_like(&b.text));
    // Without any paragraph, a known title still removes its own copies from the whole page.
    let header_end = first_paragraph.unwrap_or(if known_title.is_some() {
        blocks.len()
    } else {
        0
    });
    let header: Vec<usize> = (0..header_end)
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    let folded_known = known_title.map(tracuu_text::fold);
    match known_title {
        Some(_) => {
            for &i in &header {
                let text = &blocks[i].text;
                let low = lower(text);
                let folded = tracuu_text::fold(text);
                // Equal to the title, or a piece of it (a heading split by <br>).
                let part_of_title = folded_known.as_deref().is_some_and(|t| {
                    t == folded || (folded.chars().count() >= 4 && t.contains(&folded))
                });
                if part_of_title {
                    verdicts[i] = Verdict::Drop("title");
                } else if BANNER_OPENERS.iter().any(|b| low.starts_with(b)) {
                    verdicts[i] = Verdict::Drop("banner");
                }
            }
        }
        None => {
            if let Some((&last, before)) = header.split_last() {
                out.title = Some(blocks[last].text.clone());
                verdicts[last] = Verdict::Drop("title");
                for &i in before {
                    verdicts[i] = Verdict::Drop("banner");
                }
            }
        }
    }

    // Closing by-line: the last kept block, when it reads as a name.
    if let Some(last) = verdicts.iter().rposition(|v| *v == Verdict::Keep) {
        if Some(last) != first_paragraph || first_paragraph.is_none() {
            if let Some(author) = byline(&blocks[last].text) {
                out.author = Some(author);
                verdicts[last] = Verdict::Drop("byline");
            }
        }
    }

    for (block, verdict) in blocks.into_iter().zip(verdicts) {
        match verdict {
            Verdict::Keep => out.paragraphs.push(block.text),
            Verdict::Caption => out.captions.push(block.text),
            Verdict::Drop(reason) => {
                if reason == "title" {
                    // The title is metadata, not debris: not listed as dropped.
                    continue;
                }
                out.dropped.push(Dropped {
                    text: block.text,
                    reason: reason.to_string(),
                });
            }
        }
    }

    if let Some(first) = out.paragraphs.first() {
        if let Some(caps) = SITE_IN_LEAD.captures(first) {
            out.site = Some(caps[1].to_lowercase());
        }
    }
    if out.published.is_none() {
        let today = chrono::Local::now().date_naive();
        if let Some(date) = dates::stated_date(&out.paragraphs, today) {
            out.published = Some((FoundDate { date, time: None }, DateSource::BodyText));
        }
    }
    out
}

/// Splits plain text into blocks: one per non-blank line, with the count of blank lines before.
pub fn plain_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut gap = 0usize;
    for line in text.lines() {
        let tidy_line = tidy(line);
        if tidy_line.is_empty() {
            gap += 1;
        } else {
            blocks.push(Block::new(tidy_line, gap));
            gap = 0;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        assert_eq!(byline("Bích Diệp").as_deref(), Some("Bích Diệp"));
        assert_eq!(
            byline("Hà Hằng, Ban Dân vận Thành uỷ Lạng Sơn").as_deref(),
            Some("Hà Hằng, Ban Dân vận Thành uỷ Lạng Sơn")
        );
        assert_eq!(
            byline("Tin, ảnh: Hoàng Tùng").as_deref(),
            Some("Hoàng Tùng")
        );
        assert_eq!(byline("Các tin cũ hơn"), None);
        assert_eq!(byline("Sở Tài nguyên và Môi trường"), None);
        assert_eq!(byline("Nguyễn Văn A."), None);
    }

    #[test]
    fn derived_title_drops_connective_and_truncates() {
        let t = derive_title("Theo đó, UBND tỉnh Lạng Sơn yêu cầu Sở TN&MT tăng cường công tác quản lý về khai thác tài nguyên khoáng sản, tài nguyên nước, bảo vệ môi trường, đa dạng sinh học. Thường xuyên giám sát.");
        assert!(t.starts_with("UBND tỉnh Lạng Sơn yêu cầu Sở TN&MT"), "{t}");
        assert!(t.ends_with('…'));
        assert!(t.chars().count() <= 101);
        assert_eq!(derive_title("ngắn gọn. Hai."), "Ngắn gọn");
    }

    #[test]
    fn broken_number_is_rejoined() {
        let blocks = plain_blocks("Tiêu đề bài\n\nCông tác thu gom đã được triển khai thực hiện nghiêm túc, từ năm 2020 đến hết 6 tháng đầu năm 202\n\n3 đã thực hiện thanh toán khối lượng thu gom rác thải.\n");
        let c = clean_blocks(blocks, None);
        assert_eq!(c.paragraphs.len(), 1, "{:?}", c.paragraphs);
        assert!(c.paragraphs[0].contains("6 tháng đầu năm 2023 đã thực hiện"));
        assert!(c.warnings.iter().any(|w| w.contains("rejoined")));
    }

    #[test]
    fn numbered_clauses_after_a_date_are_not_joined() {
        let text = "Tiêu đề\n\nBộ trưởng ban hành Thông tư quy định chuyển tiếp đối với hồ sơ môi trường.\n\nThông tư này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2021\n\n1. Quy định chuyển tiếp đối với các hồ sơ đã nộp trước ngày Thông tư có hiệu lực.\n";
        let c = clean_blocks(plain_blocks(text), None);
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
        assert!(c.paragraphs[2].starts_with("1. Quy định"));
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn list_items_and_quoted_slogans_are_kept() {
        let text = "Tiêu đề\n\nUBND tỉnh giao nhiệm vụ cho các cơ quan sau đây thực hiện ngay trong năm nay:\n\n- Sở Tài nguyên và Môi trường\n\n- Sở Công Thương\n\n“Vì một Lạng Sơn xanh”\n\nCác cơ quan báo cáo kết quả trước ngày 15/12/2023 để tổng hợp.\n";
        let c = clean_blocks(plain_blocks(text), None);
        assert_eq!(c.title.as_deref(), Some("Tiêu đề"));
        assert!(c
            .paragraphs
            .iter()
            .any(|p| p == "- Sở Tài nguyên và Môi trường"));
        assert!(c.paragraphs.iter().any(|p| p == "- Sở Công Thương"));
        assert!(c.paragraphs.iter().any(|p| p == "“Vì một Lạng Sơn xanh”"));
        assert!(c.captions.is_empty(), "{:?}", c.captions);
    }
}
