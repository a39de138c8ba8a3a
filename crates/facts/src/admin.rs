//! Vietnam's provinces (63 before, 34 after the 1 July 2025 merger) and districts.
//!
//! Shipped as small TSV files derived from underthesea's address mapping (Apache-2.0, see
//! `data/NOTICE`), embedded with `include_str!` so nothing is read or downloaded at run time.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::folded::fold_str;

const PROVINCES_TSV: &str = include_str!("../data/provinces.tsv");
const DISTRICTS_TSV: &str = include_str!("../data/districts.tsv");

/// A province as it was before 1 July 2025, with the province it belongs to since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// Full name ("Tỉnh Lạng Sơn", "Thành phố Hải Phòng").
    pub full_name: &'static str,
    /// Short name ("Lạng Sơn").
    pub name: &'static str,
    /// Short name of the province after the 2025 merger ("Hải Phòng" for Hải Dương).
    pub name_new: &'static str,
    /// A centrally-run city ("Thành phố ...") rather than a "Tỉnh".
    pub is_city: bool,
}

/// A district-level unit before 1 July 2025 (huyện, quận, thị xã, thành phố thuộc tỉnh).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    /// Short name of its province.
    pub province: &'static str,
    /// Full name ("Thành phố Lạng Sơn", "Huyện Cao Lộc").
    pub full_name: &'static str,
    /// Level word, folded ("huyen", "quan", "thi xa", "thanh pho").
    pub level: &'static str,
}

struct Tables {
    provinces: Vec<Province>,
    /// Folded short name or alias → index in `provinces`.
    by_name: HashMap<String, usize>,
    /// Written names of each province (short name, then aliases), for the diacritics check.
    spellings: Vec<Vec<&'static str>>,
    districts: Vec<District>,
    /// Folded bare district name ("lang son", "cao loc") → indices in `districts`.
    districts_by_name: HashMap<String, Vec<usize>>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(load);

/// Names met in running text and typed by users that the table does not use: (as written,
/// short name in the table). "Thừa Thiên Huế" became the city of Huế in 2025; the table only
/// keeps the new name, so the old one is an alias.
const ALIASES: &[(&str, &str)] = &[
    ("TP.HCM", "Hồ Chí Minh"),
    ("TP HCM", "Hồ Chí Minh"),
    ("TPHCM", "Hồ Chí Minh"),
    ("HCM", "Hồ Chí Minh"),
    ("Sài Gòn", "Hồ Chí Minh"),
    ("Thừa Thiên - Huế", "Huế"),
    ("Thừa Thiên Huế", "Huế"),
    ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    // Spellings of the Central Highlands' names that news use as often as the table's.
    ("Đăk Lăk", "Đắk Lắk"),
    ("Đắc Lắc", "Đắk Lắk"),
    ("Đắk Lăk", "Đắk Lắk"),
    ("Đăk Nông", "Đắk Nông"),
    ("Đắc Nông", "Đắk Nông"),
];

const LEVELS: [(&str, &str); 4] = [
    ("Huyện ", "huyen"),
    ("Quận ", "quan"),
    ("Thị xã ", "thi xa"),
    ("Thành phố ", "thanh pho"),
];

fn load() -> Tables {
    let mut provinces = Vec::new();
    let mut by_name = HashMap::new();
    for line in PROVINCES_TSV.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(full), Some(short), Some(new)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        by_name.insert(fold_str(short), provinces.len());
        provinces.push(Province {
            full_name: full,
            name: short,
            name_new: new,
            is_city: full.starts_with("Thành phố"),
        });
    }
    // Spellings met in running text that the table does not use.
    let mut spellings: Vec<Vec<&'static str>> = provinces.iter().map(|p| vec![p.name]).collect();
    for &(alias, short) in ALIASES {
        if let Some(&i) = by_name.get(&fold_str(short)) {
            by_name.insert(fold_str(alias), i);
            spellings[i].push(alias);
        }
    }
    let mut districts = Vec::new();
    let mut districts_by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for line in DISTRICTS_TSV.lines().filter(|l| !l.starts_with('#')) {
        let Some((province, full)) = line.split_once('\t') else {
            continue;
        };
        let Some((prefix, level)) = LEVELS.iter().find(|(p, _)| full.starts_with(p)) else {
            continue;
        };
        districts_by_name
            .entry(fold_str(&full[prefix.len()..]))
            .or_default()
            .push(districts.len());
        districts.push(District {
            province,
            full_name: full,
            level,
        });
    }
    Tables {
        provinces,
        by_name,
        spellings,
        districts,
        districts_by_name,
    }
}

/// Every province before the merger.
pub fn provinces() -> &'static [Province] {
    &TABLES.provinces
}

/// The province of a folded short name or alias ("lang son", "hai duong", "tp.hcm").
pub fn province_by_folded(name: &str) -> Option<&'static Province> {
    let t = &*TABLES;
    t.by_name.get(name).map(|&i| &t.provinces[i])
}

/// Whether `written` (a span of text that folds to a name of `province`) carries that name's
/// diacritics: "Huệ" and "Huê" fold like "Huế" but are not it. Tone marks may sit on either
/// vowel ("Hoà"/"Hòa"), so both sides are compared after `tracuu_text::normalize`, which puts
/// them in one place; case and spacing do not matter.
pub fn written_as(province: &Province, written: &str) -> bool {
    let t = &*TABLES;
    let Some(i) = t.provinces.iter().position(|p| std::ptr::eq(p, province)) else {
        return false;
    };
    let key = |s: &str| {
        tracuu_text::normalize(s)
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let written = key(written);
    t.spellings[i].iter().any(|s| key(s) == written)
}

/// The province of a name as written ("Hải Dương" → Hải Dương, merged into Hải Phòng).
pub fn province(name: &str) -> Option<&'static Province> {
    province_by_folded(&fold_str(name.trim()))
}

/// Districts with this folded bare name ("cao loc"), optionally of one level ("huyen").
pub fn districts_by_folded(name: &str, level: Option<&str>) -> Vec<&'static District> {
    let t = &*TABLES;
    t.districts_by_name
        .get(name)
        .map(|ids| {
            ids.iter()
                .map(|&i| &t.districts[i])
                .filter(|d| level.is_none_or(|l| d.level == l))
                .collect()
        })
        .unwrap_or_default()
}

/// The 34 provinces after 1 July 2025, in table order.
pub fn provinces_new() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in provinces() {
        if !out.contains(&p.name_new) {
            out.push(p.name_new);
        }
    }
    out
}

/// All old provinces merged into a new one ("Hải Phòng" → Hải Phòng, Hải Dương): lets a search
/// by a new province find documents that name an old one.
pub fn old_provinces_of(new_name: &str) -> Vec<&'static str> {
    let folded = fold_str(new_name.trim());
    provinces()
        .iter()
        .filter(|p| fold_str(p.name_new) == folded)
        .map(|p| p.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_hold_63_old_and_34_new_provinces() {
        assert_eq!(provinces().len(), 63);
        assert_eq!(provinces_new().len(), 34);
    }

    #[test]
    fn merger_mapping() {
        assert_eq!(province("Lạng Sơn").unwrap().name_new, "Lạng Sơn");
        assert_eq!(province("Hải Dương").unwrap().name_new, "Hải Phòng");
        assert_eq!(province("hai phong").unwrap().name_new, "Hải Phòng");
        let mut olds = old_provinces_of("Hải Phòng");
        olds.sort();
        assert_eq!(olds, vec!["Hải Dương", "Hải Phòng"]);
        assert!(province("Atlantis").is_none());
    }

    #[test]
    fn districts_resolve_to_their_province() {
        let d = districts_by_folded("lang son", Some("thanh pho"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].province, "Lạng Sơn");
    }
}
