//! Spec descriptions made safe for rustdoc.
//!
//! Seam's descriptions are markdown written for a website: indented lines (which rustdoc would
//! run as doc tests), fences without a language, bracketed words that rustdoc takes for
//! intra-doc links, and bare URLs. This turns them into paragraphs rustdoc renders as meant.

use crate::ir::Docs;

/// Splits `text` into cleaned markdown paragraphs; empty text gives none.
pub fn paragraphs(text: Option<&str>) -> Docs {
    let Some(text) = text else { return Vec::new() };
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(language) = line.strip_prefix("```") {
            if !in_fence && language.is_empty() {
                current.push("```text".to_owned());
            } else if !in_fence {
                // Keep the language, but never let rustdoc compile spec examples.
                current.push(format!("```{language},ignore"));
            } else {
                current.push("```".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            current.push(raw.to_owned());
            continue;
        }
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
            continue;
        }
        current.push(clean_line(line));
    }
    if in_fence {
        current.push("```".to_owned());
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Escapes `[word]` that is not a markdown link, and wraps bare URLs in `<…>`.
fn clean_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        if c == '[' {
            if let Some(close) = chars[i..].iter().position(|&d| d == ']').map(|p| p + i) {
                let next = chars.get(close + 1).copied();
                if next != Some('(') && next != Some('[') && next != Some(':') {
                    out.push_str("\\[");
                    out.extend(&chars[i + 1..close]);
                    out.push_str("\\]");
                    i = close + 1;
                    continue;
                }
            }
        }
        let at_word_start = i == 0 || chars[i - 1].is_whitespace();
        if at_word_start && starts_with_url(&chars[i..]) {
            let end = chars[i..]
                .iter()
                .position(|d| d.is_whitespace())
                .map_or(chars.len(), |p| p + i);
            let mut url_end = end;
            while url_end > i
                && matches!(chars[url_end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?')
            {
                url_end -= 1;
            }
            out.push('<');
            out.extend(&chars[i..url_end]);
            out.push('>');
            out.extend(&chars[url_end..end]);
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn starts_with_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("http://") || head.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paragraphs_and_trims_indentation() {
        let docs = paragraphs(Some(
            "\n  High-level device capabilities.\n    Indented.\n\nSecond.",
        ));
        assert_eq!(
            docs,
            ["High-level device capabilities.\nIndented.", "Second."]
        );
        assert!(paragraphs(None).is_empty());
        assert!(paragraphs(Some("  \n ")).is_empty());
    }

    #[test]
    fn fences_never_compile() {
        let docs = paragraphs(Some("Example:\n```\nlet x = 1;\n```\n```json\n{}\n```"));
        assert_eq!(
            docs,
            ["Example:\n```text\nlet x = 1;\n```\n```json,ignore\n{}\n```"]
        );
    }

    #[test]
    fn escapes_brackets_and_wraps_urls() {
        assert_eq!(
            clean_line("See [docs](https://x.y)."),
            "See [docs](https://x.y)."
        );
        assert_eq!(
            clean_line("the [provider] segment"),
            "the \\[provider\\] segment"
        );
        assert_eq!(
            clean_line("visit https://docs.seam.co/x."),
            "visit <https://docs.seam.co/x>."
        );
        assert_eq!(clean_line("code `[a]` stays"), "code `[a]` stays");
    }
}

/// A sentence saying where a type the spec does not describe is used, from the JSON pointer of
/// its place: "An item of `requested_access_methods` in the request of `POST
/// /access_grants/create`." Never the pointer itself.
pub fn place_sentence(pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (whole, rest) = match segments.as_slice() {
        [components, schemas, name, rest @ ..]
            if components == "components" && schemas == "schemas" =>
        {
            (format!("the `{name}` schema"), rest)
        }
        [paths, path, method, rest @ ..] if paths == "paths" => {
            let route = format!("`{} {path}`", method.to_uppercase());
            let (part, rest) = match rest.first().map(String::as_str) {
                Some("responses") => ("the response of", rest.get(2..).unwrap_or_default()),
                _ => ("the request of", rest.get(1..).unwrap_or_default()),
            };
            (format!("{part} {route}"), rest)
        }
        _ => return "A type of the Seam API.".to_owned(),
    };
    // The innermost named step describes the value; the outer ones say where it sits.
    let mut steps: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let next = rest.get(i + 1).cloned().unwrap_or_default();
        match rest[i].as_str() {
            "properties" if !next.is_empty() => {
                steps.push(format!("the `{next}` field"));
                i += 1;
            }
            "items" => steps.push("an item".to_owned()),
            "additionalProperties" => steps.push("a value".to_owned()),
            "oneOf" | "anyOf" => {
                steps.push("one of the forms".to_owned());
                i += 1;
            }
            // Not places a reader sees: `allOf` parts, the media type, the schema itself.
            "allOf" | "content" => i += 1,
            "schema" => {}
            // Fields of a merged `allOf` sit right under the object.
            field => steps.push(format!("the `{field}` field")),
        }
        i += 1;
    }
    let mut sentence = String::new();
    for (n, step) in steps.iter().rev().enumerate() {
        let word = if n == 0 {
            capitalized(step)
        } else {
            step.clone()
        };
        sentence.push_str(&word);
        sentence.push_str(" of ");
    }
    if sentence.is_empty() {
        format!("Used as {whole}.")
    } else {
        format!("{sentence}{whole}.")
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod place_tests {
    use super::place_sentence;

    #[test]
    fn places_read_as_sentences() {
        assert_eq!(
            place_sentence("#/paths/~1access_grants~1create/post/requestBody/content/application~1json/schema/properties/requested_access_methods/items"),
            "An item of the `requested_access_methods` field of the request of `POST /access_grants/create`."
        );
        assert_eq!(
            place_sentence(
                "#/components/schemas/device/properties/properties/properties/august_metadata"
            ),
            "The `august_metadata` field of the `properties` field of the `device` schema."
        );
        assert_eq!(
            place_sentence(
                "#/paths/~1devices~1list/post/responses/200/content/application~1json/schema"
            ),
            "Used as the response of `POST /devices/list`."
        );
        assert_eq!(
            place_sentence("#/components/schemas/event/oneOf/3/properties/error_code"),
            "The `error_code` field of one of the forms of the `event` schema."
        );
        assert_eq!(
            place_sentence("#/paths/~1access_grants~1create/post/requestBody/content/application~1json/schema/location"),
            "The `location` field of the request of `POST /access_grants/create`."
        );
        assert_eq!(
            place_sentence("#/paths/~1access_grants~1get/post/requestBody/content/application~1json/schema/oneOf/1"),
            "One of the forms of the request of `POST /access_grants/get`."
        );
        assert_eq!(place_sentence("#"), "A type of the Seam API.");
    }
}
