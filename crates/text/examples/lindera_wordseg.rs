//! Word-segmentation F1 and throughput of lindera (a MeCab-style Viterbi segmenter) over a
//! dictionary built at run time from Viet74K, beside the crate's longest-match `vi_compound`
//! segmenter, on the VLSP 2013 test set, in the same run.
//!
//! Lindera segments a character lattice and Vietnamese words contain spaces ("môi trường"), so
//! both the dictionary surfaces and the input join syllables with '_' ("môi_trường"). A token
//! boundary that touches a '_' is a word boundary; a boundary inside a syllable (a dictionary
//! word matched mid-syllable) is ignored, so predictions are always whole syllables.
//!
//! Viet74K has no costs or parts of speech, so the dictionary is invented in the simplest honest
//! way: every word costs the same (`WORD_COST`), a syllable not in the lexicon costs more
//! (`UNKNOWN_COST`), the joiner is free and the 1x1 connection matrix is zero. Viterbi then
//! picks the segmentation with the fewest tokens (a maximal-matching segmenter), where
//! `vi_compound` is greedy forward longest match.
//!
//! Nothing downloads: the `lindera` feature enables no `embed-*` dictionary.
//!
//! Run: `cargo run --release -p tracuu-text --features lindera --example lindera_wordseg`

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lindera::dictionary::{load_fs_dictionary, DictionaryBuilder, Lattice, Metadata};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tracuu_text::compound::Lexicon;

/// The syllable joiner inside dictionary surfaces and segmenter input.
const JOINER: char = '_';
/// Cost of any Viet74K word: equal costs make Viterbi minimise the number of tokens.
const WORD_COST: i32 = 1000;
/// Cost of a syllable (a run of non-joiner characters) not in the lexicon.
const UNKNOWN_COST: i32 = 3000;

/// Categories: DEFAULT (letters, digits, punctuation) grouped into one unknown token per run,
/// always offered as an unknown word; JOINER ('_') its own one-character category.
const CHAR_DEF: &str = "\
DEFAULT 1 1 0
JOINER 1 0 1
0x005F JOINER
";

/// Default 13-field schema: surface, left id, right id, cost, then 9 detail fields.
fn unk_def() -> String {
    format!("DEFAULT,0,0,{UNKNOWN_COST},*,*,*,*,*,*,*,*,*\nJOINER,0,0,0,*,*,*,*,*,*,*,*,*\n")
}

const MATRIX_DEF: &str = "1 1\n0 0 0\n";

#[path = "support/score.rs"]
mod score;
use score::Score;

/// Prints a score with the segmenter's throughput.
fn print_score(score: &Score, name: &str, bytes: usize, seconds: f64) {
    println!(
        "{}  {:7.2} MB/s",
        score.line(name),
        bytes as f64 / 1e6 / seconds
    );
}

/// Writes the Viet74K lexicon and the minimal definition files into `source`, builds the
/// lindera dictionary into `compiled`, and returns the number of CSV rows written.
fn build_dictionary(source: &Path, compiled: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let raw =
        fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/Viet74K.txt"))?;
    let mut surfaces = HashSet::new();
    for line in raw.lines() {
        // Same normalisation and syllable split as `Lexicon::from_lines`.
        let entry = tracuu_text::normalize(line).to_lowercase();
        let syllables: Vec<&str> = entry
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|s| !s.is_empty())
            .collect();
        let surface = syllables.join(&JOINER.to_string());
        // A comma or quote would break the CSV row; Viet74K has none, but do not trust it.
        if !surface.is_empty() && !surface.contains([',', '"']) {
            surfaces.insert(surface);
        }
    }
    let mut csv = String::new();
    for surface in &surfaces {
        csv.push_str(&format!("{surface},0,0,{WORD_COST},*,*,*,*,*,*,*,*,*\n"));
    }
    fs::create_dir_all(source)?;
    fs::create_dir_all(compiled)?;
    fs::write(source.join("viet74k.csv"), csv)?;
    fs::write(source.join("char.def"), CHAR_DEF)?;
    fs::write(source.join("unk.def"), unk_def())?;
    fs::write(source.join("matrix.def"), MATRIX_DEF)?;
    DictionaryBuilder::new(Metadata::default()).build_dictionary(source, compiled)?;
    Ok(surfaces.len())
}

/// Word lengths (in syllables) of one sentence segmented by lindera. `syllables` are the
/// sentence's syllables; `joined` is them joined by `JOINER`.
fn lindera_segment(
    segmenter: &Segmenter,
    lattice: &mut Lattice,
    syllables: &[&str],
    joined: &str,
) -> Result<Vec<usize>, Box<dyn std::error::Error>> {
    let tokens = segmenter.segment_with_lattice(Cow::Borrowed(joined), lattice)?;
    let cuts: HashSet<usize> = tokens
        .iter()
        .flat_map(|t| [t.byte_start, t.byte_end])
        .collect();
    // The joiner after syllable i sits at byte `at`; it is a word boundary when a token
    // boundary touches it on either side.
    let mut lengths = Vec::new();
    let mut current = 0;
    let mut at = 0;
    for (i, syllable) in syllables.iter().enumerate() {
        current += 1;
        at += syllable.len();
        let last = i + 1 == syllables.len();
        if last || cuts.contains(&at) || cuts.contains(&(at + JOINER.len_utf8())) {
            lengths.push(current);
            current = 0;
        }
        at += JOINER.len_utf8();
    }
    Ok(lengths)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/wordseg/vlsp2013_pos_test_gold_ws_underscore.txt");
    let Ok(text) = fs::read_to_string(&path) else {
        println!("SKIPPED: {} not found", path.display());
        return Ok(());
    };
    println!("gold: {}", path.display());

    let work = std::env::temp_dir().join(format!("tracuu-lindera-{}", std::process::id()));
    let started = Instant::now();
    let rows = build_dictionary(&work.join("source"), &work.join("compiled"))?;
    let dictionary = load_fs_dictionary(&work.join("compiled"))?;
    let segmenter = Segmenter::new(Mode::Normal, dictionary, None);
    println!(
        "lindera dictionary: {rows} Viet74K rows, built and loaded in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let lexicon = Lexicon::viet74k();

    // Sentences prepared once so both segmenters are timed on segmentation alone.
    struct Sentence {
        gold: Vec<usize>,
        syllables: Vec<String>,
        joined: String,
    }
    let sentences: Vec<Sentence> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let normal = tracuu_text::normalize(line).to_lowercase();
            let words: Vec<&str> = normal.split_whitespace().collect();
            let gold = words.iter().map(|w| w.split(JOINER).count()).collect();
            let syllables: Vec<String> = words
                .iter()
                .flat_map(|w| w.split(JOINER))
                .map(str::to_string)
                .collect();
            let joined = syllables.join(&JOINER.to_string());
            Sentence {
                gold,
                syllables,
                joined,
            }
        })
        .collect();
    let bytes: usize = sentences.iter().map(|s| s.joined.len()).sum();
    println!(
        "{} sentences, {:.2} MB of syllables",
        sentences.len(),
        bytes as f64 / 1e6
    );

    let mut longest = Score::default();
    let started = Instant::now();
    for s in &sentences {
        let syllables: Vec<&str> = s.syllables.iter().map(String::as_str).collect();
        longest.add(&s.gold, &lexicon.segment(&syllables));
    }
    let longest_seconds = started.elapsed().as_secs_f64();

    let mut viterbi = Score::default();
    let mut lattice = Lattice::default();
    let started = Instant::now();
    for s in &sentences {
        let syllables: Vec<&str> = s.syllables.iter().map(String::as_str).collect();
        let predicted = lindera_segment(&segmenter, &mut lattice, &syllables, &s.joined)?;
        viterbi.add(&s.gold, &predicted);
    }
    let lindera_seconds = started.elapsed().as_secs_f64();

    print_score(
        &longest,
        "longest match over Viet74K",
        bytes,
        longest_seconds,
    );
    print_score(
        &viterbi,
        "lindera Viterbi over Viet74K",
        bytes,
        lindera_seconds,
    );
    println!(
        "lindera throughput / longest match: {:.2}",
        longest_seconds / lindera_seconds
    );
    fs::remove_dir_all(&work)?;
    Ok(())
}
