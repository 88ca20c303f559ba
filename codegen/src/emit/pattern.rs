//! A string that matches a regular expression, for sample values. Covers the common subset of
//! patterns in API specs: literals, escapes (`\d`, `\w`, `\s`, escaped punctuation), `.`,
//! classes (`[a-z_]`), groups with alternatives (the first is taken), anchors and the
//! quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`. Anything else (negated classes,
//! look-arounds, back-references) gives `None`, and the caller falls back to a plain value.

/// A string matching `pattern` whose length is within `min..=max`, if one is found by
/// repeating open-ended quantifiers a growing number of times.
pub fn sample(pattern: &str, min: usize, max: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser {
        chars: &chars,
        at: 0,
    };
    let node = parser.alternatives()?;
    if parser.at != chars.len() {
        return None;
    }
    (1..=64).find_map(|repeat| {
        let mut out = String::new();
        node.write(repeat, &mut out);
        let len = out.chars().count();
        (min..=max).contains(&len).then_some(out)
    })
}

enum Node {
    /// A fixed character.
    Char(char),
    /// A sequence of nodes.
    Seq(Vec<Node>),
    /// `node{min,max}`; `max` is `None` when open-ended.
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
}

impl Node {
    fn write(&self, repeat: usize, out: &mut String) {
        match self {
            Node::Char(c) => out.push(*c),
            Node::Seq(nodes) => nodes.iter().for_each(|n| n.write(repeat, out)),
            Node::Repeat { node, min, max } => {
                let times = match max {
                    Some(max) => (*min).max(repeat.min(*max)),
                    None => (*min).max(repeat),
                };
                // An optional part (`?`) is left out unless a length needs it.
                let times = if *max == Some(1) && *min == 0 && repeat == 1 {
                    0
                } else {
                    times
                };
                (0..times).for_each(|_| node.write(repeat, out));
            }
        }
    }
}

struct Parser<'p> {
    chars: &'p [char],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// `a|b|c`: the first alternative is the sample; the others are parsed and dropped.
    fn alternatives(&mut self) -> Option<Node> {
        let first = self.sequence()?;
        while self.peek() == Some('|') {
            self.at += 1;
            self.sequence()?;
        }
        Some(first)
    }

    fn sequence(&mut self) -> Option<Node> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.at += 1;
            let atom = match c {
                '^' | '$' => continue,
                '(' => {
                    if self.peek() == Some('?') {
                        // Only the non-capturing group `(?:…)`; look-arounds are out.
                        self.at += 1;
                        if self.next()? != ':' {
                            return None;
                        }
                    }
                    let inner = self.alternatives()?;
                    if self.next()? != ')' {
                        return None;
                    }
                    inner
                }
                '[' => self.class()?,
                '\\' => Node::Char(escape(self.next()?)?),
                '.' => Node::Char('a'),
                '*' | '+' | '?' | '{' | ')' => return None,
                c => Node::Char(c),
            };
            nodes.push(self.quantified(atom)?);
        }
        Some(Node::Seq(nodes))
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.at += 1;
                let mut text = String::new();
                loop {
                    match self.next()? {
                        '}' => break,
                        c => text.push(c),
                    }
                }
                let (low, high) = match text.split_once(',') {
                    None => {
                        let n = text.trim().parse().ok()?;
                        (n, Some(n))
                    }
                    Some((low, "")) => (low.trim().parse().ok()?, None),
                    Some((low, high)) => {
                        (low.trim().parse().ok()?, Some(high.trim().parse().ok()?))
                    }
                };
                return Some(Node::Repeat {
                    node: Box::new(atom),
                    min: low,
                    max: high,
                });
            }
            _ => return Some(atom),
        };
        self.at += 1;
        // A lazy quantifier matches the same strings.
        if self.peek() == Some('?') {
            self.at += 1;
        }
        Some(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// `[…]`: its first member.
    fn class(&mut self) -> Option<Node> {
        if self.peek() == Some('^') {
            return None;
        }
        let mut first = None;
        loop {
            let c = self.next()?;
            if c == ']' && first.is_some() {
                break;
            }
            let member = if c == '\\' { escape(self.next()?)? } else { c };
            first.get_or_insert(member);
        }
        first.map(Node::Char)
    }
}

/// The character an escape stands for, or one it matches.
fn escape(c: char) -> Option<char> {
    match c {
        'd' => Some('0'),
        'w' => Some('a'),
        's' => Some(' '),
        'n' => Some('\n'),
        't' => Some('\t'),
        c if c.is_ascii_alphanumeric() => None,
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn samples_match_the_patterns_of_seams_spec() {
        assert_eq!(sample(r"^\d+$", 0, usize::MAX).as_deref(), Some("0"));
        assert_eq!(sample(r"^\d+$", 4, 9).as_deref(), Some("0000"));
        assert_eq!(sample(r"^[a-zA-Z_]\w*$", 0, 10).as_deref(), Some("aa"));
        assert_eq!(
            sample(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", 0, 100).as_deref(),
            Some("00:00")
        );
        assert_eq!(
            sample(r"^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$", 0, 100).as_deref(),
            Some("00:00:00")
        );
        assert_eq!(sample(r"^a{2,3}-b{2}$", 0, 100).as_deref(), Some("aa-bb"));
    }

    #[test]
    fn unsupported_syntax_gives_none() {
        assert_eq!(sample(r"[^a]", 0, 10), None);
        assert_eq!(sample(r"(?=a)a", 0, 10), None);
        assert_eq!(sample(r"(a", 0, 10), None);
        assert_eq!(sample(r"\p{L}", 0, 10), None);
        // No length fits.
        assert_eq!(sample(r"^a$", 2, 3), None);
    }
}
