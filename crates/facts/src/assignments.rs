//! Who owns which task: directive sentences and the agencies they bind.
//!
//! Three shapes cover Vietnamese directive prose:
//! 1. an assigner and a verb of assigning before the assignees: "UBND tỉnh Lạng Sơn yêu cầu
//!    Sở TN&MT tăng cường ...", "giao các Sở: Công Thương, ...";
//! 2. agencies as the subject of a task verb: "Công an tỉnh chủ trì, phối hợp ...";
//! 3. a subjectless sentence opening with a task verb, whose subject carries over from the
//!    previous assignment: "Chủ trì, phối hợp với ..." after a Sở's paragraph.

use std::sync::LazyLock;

use regex::Regex;

use crate::folded::Folded;
use crate::{Agency, AgencyMention, Assignment, Role, Span};

/// Verbs that open a task. "đã", "đang", "sẽ" before them make a report, not a directive, and
/// are simply not in the list.
const TASK_VERBS: &str = "chu tri|phoi hop|chiu trach nhiem|co trach nhiem|tang cuong|day manh|chu trong|nang cao|thuc hien|trien khai|quan tam|to chuc|huong dan|kiem tra|theo doi|tham muu|xay dung|ra soat|bao dam|dam bao|khan truong|tiep tuc|thuong xuyen|kip thoi|xu ly|giam sat|quan ly|bo tri|uu tien|phat huy|tap trung|nghien cuu|de xuat|cap nhat|tong hop|lam tot|doi moi|chu dong|can|phai|tich cuc|ghi nhan|tiep thu|du bao|hoan thien|phoi, ket hop|kien quyet";

struct Patterns {
    intro: Regex,
    task_start: Regex,
    assign_verb: Regex,
    list_gap: Regex,
    after_verb_gap: Regex,
    sentence_end: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("valid assignment regex");
    Patterns {
        intro: re(
            r"^(?:[-+*•] ?|\d{1,2}[.)] ?|[a-z]\) ?)?(?:(?:theo do|ben canh do|dong thoi|ngoai ra|mat khac|cu the|rieng|trong thoi gian toi|thoi gian toi) ?,? ?)?",
        ),
        task_start: re(&format!(
            r"^(?:khi [^,]{{1,200}}, ?)?(?P<v>{TASK_VERBS})(?-u:\b)"
        )),
        assign_verb: re(
            r"(?-u:\b)(?:cung )?(?:yeu cau|giao cho|giao|de nghi|phan cong|chi dao)(?-u:\b)",
        ),
        list_gap: re(r"^ ?(?:,|;|va|, va) ?$"),
        after_verb_gap: re(r"^ ?(?:cho )?(?:cac (?:so|bo) ?:? ?)?$"),
        sentence_end: re(r"[.!?…]+(?:/\.)?(?: |\n|$)|\n|;\s*\n"),
    }
});

fn role_of(verb: &str) -> Role {
    if verb.starts_with("chu tri") {
        Role::Leads
    } else if verb.starts_with("phoi hop") {
        Role::Cooperates
    } else if verb.starts_with("chiu trach nhiem") || verb.starts_with("co trach nhiem") {
        Role::AnswersFor
    } else {
        Role::Assigned
    }
}

/// The frame a subjectless sentence inherits.
struct Subject {
    agencies: Vec<Agency>,
    assigner: Option<Agency>,
}

/// Sentences of a folded text as folded byte ranges.
fn sentences(folded: &Folded) -> Vec<(usize, usize)> {
    let text = folded.text.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    for m in PATTERNS.sentence_end.find_iter(text) {
        // "129.878,01" has no space after the dot, so it never ends a sentence.
        let end = m.end();
        if end > start {
            out.push((start, end));
        }
        start = end;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Every assignment of a text, given its agency mentions (in order).
pub fn find_assignments(
    original: &str,
    folded: &Folded,
    agencies: &[AgencyMention],
) -> Vec<Assignment> {
    let p = &*PATTERNS;
    let text = folded.text.as_str();
    // Agency mentions in folded offsets.
    let mentions: Vec<(usize, usize, &AgencyMention)> = agencies
        .iter()
        .map(|a| {
            (
                folded.to_folded(a.span.start),
                folded.to_folded(a.span.end),
                a,
            )
        })
        .collect();
    let mut out = Vec::new();
    let mut current: Option<Subject> = None;
    let mut first_mention = 0;
    for (s_start, s_end) in sentences(folded) {
        while first_mention < mentions.len() && mentions[first_mention].1 <= s_start {
            first_mention += 1;
        }
        let inside: Vec<(usize, usize, &AgencyMention)> = mentions[first_mention..]
            .iter()
            .take_while(|m| m.0 < s_end)
            .copied()
            .collect();
        let sentence = &text[s_start..s_end];
        let lead = sentence.len() - sentence.trim_start().len();
        let intro = p.intro.find(&sentence[lead..]).map_or(0, |m| m.end());
        let body_start = s_start + lead + intro;
        let span = Span {
            start: folded.to_original(s_start + lead),
            end: folded.to_original(s_end),
        };
        let task_of = |from: usize| {
            let s = folded.to_original(from);
            original[s..span.end]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':'))
                .to_string()
        };

        // 1. Assigner + verb + assignees.
        if let Some(found) = assigned_by(text, p, body_start, s_end, &inside) {
            let (assigner, assignees, task_from) = found;
            let verb = p
                .task_start
                .captures(text[task_from..s_end].trim_start())
                .and_then(|c| c.name("v").map(|v| v.as_str().to_string()))
                .unwrap_or_default();
            out.push(Assignment {
                agencies: assignees.clone(),
                role: role_of(&verb),
                task: task_of(task_from),
                assigner: assigner.clone(),
                span,
            });
            current = Some(Subject {
                agencies: assignees,
                assigner,
            });
            continue;
        }
        // 2. Agencies as subject at the sentence start.
        if let Some((subject, after)) = subject_at(text, p, body_start, &inside) {
            let rest = &text[after..s_end];
            let rest_trim = rest.trim_start();
            if let Some(c) = p.task_start.captures(rest_trim) {
                let verb = c.name("v").map_or("", |v| v.as_str());
                out.push(Assignment {
                    agencies: subject.clone(),
                    role: role_of(verb),
                    task: task_of(after),
                    assigner: None,
                    span,
                });
                current = Some(Subject {
                    agencies: subject,
                    assigner: None,
                });
                continue;
            }
            current = None;
            continue;
        }
        // 3. Subject carried over.
        if let Some(subject) = &current {
            if let Some(c) = p.task_start.captures(&text[body_start..s_end]) {
                let verb = c.name("v").map_or("", |v| v.as_str());
                out.push(Assignment {
                    agencies: subject.agencies.clone(),
                    role: role_of(verb),
                    task: task_of(body_start),
                    assigner: subject.assigner.clone(),
                    span,
                });
                continue;
            }
        }
        current = None;
    }
    out
}

/// "X yêu cầu Y, Z <task>": (assigner, assignees, folded start of the task).
fn assigned_by(
    text: &str,
    p: &Patterns,
    start: usize,
    end: usize,
    inside: &[(usize, usize, &AgencyMention)],
) -> Option<(Option<Agency>, Vec<Agency>, usize)> {
    for v in p.assign_verb.find_iter(&text[start..end]) {
        let (vs, ve) = (start + v.start(), start + v.end());
        // A verb inside a name ("Ban Tuyên giáo", "Bộ Giao thông") is no verb. Mentions are
        // sorted and disjoint: binary searches keep long sentences linear.
        let first = inside.partition_point(|m| m.0 < ve);
        if first > 0 && inside[first - 1].1 >= ve && inside[first - 1].0 <= vs {
            continue;
        }
        if first >= inside.len() {
            continue;
        }
        if !p.after_verb_gap.is_match(&text[ve..inside[first].0]) {
            continue;
        }
        let (assignees, last) = agency_list(text, p, &inside[first..]);
        let assigner = inside[..inside.partition_point(|m| m.1 <= vs)]
            .last()
            .map(|m| m.2.agency.clone());
        return Some((assigner, assignees, last));
    }
    None
}

/// Agencies opening the sentence ("Các sở, ban, ngành, UBND các huyện, thành phố ..."):
/// the agencies and the folded offset after them.
fn subject_at(
    text: &str,
    p: &Patterns,
    start: usize,
    inside: &[(usize, usize, &AgencyMention)],
) -> Option<(Vec<Agency>, usize)> {
    let first = inside.partition_point(|m| m.0 < start);
    if inside.get(first)?.0 != start {
        return None;
    }
    Some(agency_list(text, p, &inside[first..]))
}

/// The agencies listed from `mentions[0]` on, joined by commas or "và": the distinct agencies
/// and the folded offset after the last. `mentions` must not be empty.
fn agency_list(
    text: &str,
    p: &Patterns,
    mentions: &[(usize, usize, &AgencyMention)],
) -> (Vec<Agency>, usize) {
    let mut agencies = vec![mentions[0].2.agency.clone()];
    let mut last = mentions[0].1;
    for m in &mentions[1..] {
        if !p.list_gap.is_match(&text[last..m.0]) {
            break;
        }
        if !agencies.contains(&m.2.agency) {
            agencies.push(m.2.agency.clone());
        }
        last = m.1;
    }
    (agencies, last)
}
