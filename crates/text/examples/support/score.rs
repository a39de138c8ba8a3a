//! Word-segmentation scoring shared by the `wordseg_f1` and `lindera_wordseg` examples, so both
//! segmenters are measured by exactly the same rule.

use std::collections::HashSet;

/// Precision, recall and F1 of predicted word spans against gold spans.
#[derive(Default)]
pub struct Score {
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    /// Adds one sentence: word lengths in syllables, gold and predicted.
    pub fn add(&mut self, gold: &[usize], predicted: &[usize]) {
        let spans = |lens: &[usize]| -> HashSet<(usize, usize)> {
            let mut at = 0;
            lens.iter()
                .map(|&n| {
                    at += n;
                    (at - n, at)
                })
                .collect()
        };
        let g = spans(gold);
        let p = spans(predicted);
        self.correct += g.intersection(&p).count();
        self.predicted += p.len();
        self.gold += g.len();
    }

    /// "name  P …  R …  F1 …" in percent.
    pub fn line(&self, name: &str) -> String {
        let p = self.correct as f64 / self.predicted as f64;
        let r = self.correct as f64 / self.gold as f64;
        let f1 = 2.0 * p * r / (p + r);
        format!(
            "{name:<34} P {:6.2}  R {:6.2}  F1 {:6.2}",
            100.0 * p,
            100.0 * r,
            100.0 * f1
        )
    }
}
