//! Word-segmentation F1 of the `vi_compound` longest-match segmenter on the VLSP 2013 test set
//! (gold words with syllables joined by '_'), beside the all-single-syllables baseline.
//!
//! Run: `cargo run --release -p tracuu-text --example wordseg_f1`

use std::path::PathBuf;

use tracuu_text::compound::Lexicon;

#[path = "support/score.rs"]
mod score;
use score::Score;

fn main() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/wordseg/vlsp2013_pos_test_gold_ws_underscore.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: {} not found", path.display());
        return;
    };
    println!("gold: {}", path.display());
    let started = std::time::Instant::now();
    let lexicon = Lexicon::viet74k();
    println!(
        "lexicon: Viet74K, {} multi-syllable entries, built in {:.0} ms",
        lexicon.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let (mut longest, mut single) = (Score::default(), Score::default());
    let mut sentences = 0;
    let started = std::time::Instant::now();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        sentences += 1;
        let normal = tracuu_text::normalize(line).to_lowercase();
        let words: Vec<&str> = normal.split_whitespace().collect();
        let gold: Vec<usize> = words.iter().map(|w| w.split('_').count()).collect();
        let syllables: Vec<&str> = words.iter().flat_map(|w| w.split('_')).collect();
        longest.add(&gold, &lexicon.segment(&syllables));
        single.add(&gold, &vec![1; syllables.len()]);
    }
    println!(
        "{sentences} sentences, {} gold words, segmented in {:.0} ms",
        longest.gold,
        started.elapsed().as_secs_f64() * 1000.0
    );
    println!("{}", single.line("every syllable a word (baseline)"));
    println!("{}", longest.line("longest match over Viet74K"));
}
