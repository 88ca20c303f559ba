//! Inputs: arbitrary bytes, byte-level edits of seed files, YAML-only constructs, and (mostly)
//! structure-aware edits of seed trees ([`crate::mutate`]) that keep enough of an OpenAPI
//! document intact to get past loading.

use serde_json::Value;

use crate::corpus::Corpus;
use crate::mutate::mutate;
use crate::rng::Rng;

/// One input: the text, and the file name the generator is told (which picks JSON or YAML).
pub struct Input {
    pub file: String,
    pub text: String,
}

/// Input `index` of the run with `seed`: always the same for the same corpus.
pub fn input_for(corpus: &Corpus, seed: u64, index: u64) -> Input {
    let rng = &mut Rng::for_input(seed, index);
    match rng.below(100) {
        0..=2 => random_bytes(rng),
        3..=11 => byte_edits(corpus, rng),
        12..=15 => yaml_tricks(corpus, rng),
        _ => {
            let mut tree = corpus.tree(rng);
            for _ in 0..rng.small_count(8) {
                mutate(&mut tree, corpus, rng);
            }
            serialize(&tree, rng)
        }
    }
}

fn random_bytes(rng: &mut Rng) -> Input {
    let len = rng.below(300);
    let bytes: Vec<u8> = (0..len)
        .map(|_| match rng.below(3) {
            0 => rng.next() as u8,
            1 => *rng.pick(b"{}[]:,\"'-\n #&*!|>0aZ\\"),
            _ => rng.below(95) as u8 + 32,
        })
        .collect();
    Input {
        file: {
            let yaml = rng.one_in(2);
            pick_file_name(rng, yaml)
        },
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Byte-level edits of a seed's text (or of a freshly serialized tree).
fn byte_edits(corpus: &Corpus, rng: &mut Rng) -> Input {
    let mut input = if rng.one_in(2) {
        let seed = rng.pick(&corpus.small);
        Input {
            file: seed.file.clone(),
            text: seed.text.clone(),
        }
    } else {
        serialize(&corpus.tree(rng), rng)
    };
    let mut bytes = input.text.into_bytes();
    for _ in 0..rng.small_count(6) {
        let len = bytes.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 if len > 0 => bytes[at.min(len - 1)] = rng.next() as u8,
            1 => {
                let end = (at + rng.below(64) + 1).min(len);
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(256) + 1).min(len);
                let chunk = bytes[at..end].to_vec();
                let to = rng.below(len + 1);
                bytes.splice(to..to, chunk);
            }
            3 => bytes.truncate(at),
            4 => {
                let token = rng.pick(&[
                    "{", "}", "[", "]", ",", ":", "\"", "null", "\"$ref\"", "- ", "\n", "&a ",
                    "*a", "!!str ", "\u{feff}", "é", "🦀", "\\u0000", "1e999", "-0",
                ]);
                bytes.splice(at..at, token.bytes());
            }
            _ => {
                let other = &rng.pick(&corpus.small).text;
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                bytes.splice(at..at, other.as_bytes()[from..end].iter().copied());
            }
        }
    }
    input.text = String::from_utf8_lossy(&bytes).into_owned();
    input
}

/// YAML-only constructs: anchors and aliases (including an alias bomb), merge keys, tags,
/// non-string keys, several documents.
fn yaml_tricks(corpus: &Corpus, rng: &mut Rng) -> Input {
    let tree = corpus.tree(rng);
    let base = serde_yaml::to_string(&tree).unwrap_or_default();
    let head = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n";
    let text = match rng.below(7) {
        0 => {
            let mut s = String::from(head);
            s.push_str("x-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..rng.below(12) + 2 {
                let prev = i - 1;
                s.push_str(&format!(
                    "  a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
                ));
            }
            s.push_str("paths: {}\n");
            s
        }
        1 => format!(
            "{head}components:\n  schemas:\n    base: &base {{type: object, properties: {{a: {{type: string}}}}}}\n    \
             derived: {{<<: *base, required: [a]}}\n    again: *base\npaths:\n  /a/b:\n    post:\n      \
             responses: {{'200': {{description: ok, content: {{application/json: {{schema: \
             {{$ref: '#/components/schemas/derived'}}}}}}}}}}\n"
        ),
        2 => base.replacen("openapi:", "openapi: !!str", 1),
        3 => format!("{base}---\n{base}"),
        4 => base.replacen("paths:", "? [a, b]\n: c\n1: 2\nnull: x\ntrue: y\npaths:", 1),
        5 => base.replacen("type: object", "type: !custom object", 1),
        _ => base.replacen("paths:", "paths: &p\n  x-self: *p\n", 1),
    };
    Input {
        file: if rng.one_in(4) { "spec" } else { "spec.yaml" }.to_owned(),
        text,
    }
}

fn serialize(tree: &Value, rng: &mut Rng) -> Input {
    match rng.below(10) {
        0 => Input {
            file: pick_file_name(rng, true),
            text: serde_yaml::to_string(tree).unwrap_or_default(),
        },
        1 => Input {
            file: pick_file_name(rng, false),
            text: serde_json::to_string_pretty(tree).unwrap_or_default(),
        },
        _ => Input {
            file: "spec.json".to_owned(),
            text: serde_json::to_string(tree).unwrap_or_default(),
        },
    }
}

fn pick_file_name(rng: &mut Rng, yaml: bool) -> String {
    match (rng.below(4), yaml) {
        (0, _) => "spec",
        (1, _) => "SPEC.JSON",
        (_, true) => "spec.yml",
        (_, false) => "spec.json",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The supervisor rebuilds the input behind a crash from its seed and index alone.
    #[test]
    fn the_same_seed_and_index_make_the_same_input() {
        let corpus = Corpus::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
        for index in 0..20 {
            let (a, b) = (input_for(&corpus, 9, index), input_for(&corpus, 9, index));
            assert_eq!((a.file, a.text), (b.file, b.text), "input {index}");
        }
    }
}
