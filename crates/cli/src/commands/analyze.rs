//! `tracuu analyze [--json] TEXT`: the tokens of every analyzer for a text, like
//! Elasticsearch's `_analyze`, so a user can see why a query does or does not match.

use std::collections::BTreeMap;

/// Flags of `tracuu analyze`.
#[derive(clap::Args)]
pub struct Args {
    /// Print one JSON object keyed by analyzer name, each an array of
    /// {"text", "position", "from", "to"}.
    #[arg(long)]
    json: bool,
    /// The text to analyse.
    text: String,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    print!("{}", render(&args.text, args.json)?);
    Ok(())
}

/// The output of the command for `text`.
fn render(text: &str, json: bool) -> anyhow::Result<String> {
    let streams: Vec<(&str, Vec<tracuu_text::Token>)> = tracuu_text::analyzer_names()
        .iter()
        .map(|name| (*name, tracuu_text::analyze(name, text).unwrap_or_default()))
        .collect();
    if json {
        let object: BTreeMap<&str, &Vec<tracuu_text::Token>> = streams
            .iter()
            .map(|(name, tokens)| (*name, tokens))
            .collect();
        return Ok(format!("{}\n", serde_json::to_string(&object)?));
    }
    let mut out = format!("normalized: {}\n", tracuu_text::normalize(text));
    for (name, tokens) in streams {
        out.push_str(&format!("{name}:\n"));
        for t in tokens {
            let original = text.get(t.from..t.to).unwrap_or("");
            out.push_str(&format!(
                "  {:>3} {:>5}..{:<5} {:<24} {original}\n",
                t.position, t.from, t.to, t.text
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_analyzer_with_token_fields() {
        let out = render("Sở TN&MT", true).unwrap();
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        for name in tracuu_text::analyzer_names() {
            assert!(value[*name].is_array(), "{name} missing in {out}");
        }
        let first = &value["vi"][0];
        assert_eq!(first["text"], "sở");
        assert_eq!(
            (first["position"].as_u64(), first["from"].as_u64()),
            (Some(0), Some(0))
        );
        assert_eq!(first["to"].as_u64(), Some("Sở".len() as u64));
        assert!(value["vi"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["text"] == "tnmt"));
    }

    #[test]
    fn text_output_shows_the_original_span() {
        let out = render("Thành uỷ", false).unwrap();
        assert!(out.contains("normalized: Thành ủy"));
        assert!(out.contains("uỷ"), "{out}");
    }
}
