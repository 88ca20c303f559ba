//! The generator's one error type: what went wrong, in which file, at which JSON path.

use std::fmt;

/// An error naming the file and the JSON path (a JSON Pointer, `#/paths/~1a~1b/post`) of the fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec file, as given to the generator.
    pub file: String,
    /// Where in the document the fault is, as a JSON Pointer fragment (`#/components/schemas/x`).
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: at {}: {}", self.file, self.pointer, self.message)
    }
}

impl std::error::Error for Error {}

/// A fault found while lowering, before the file name is known to attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Where in the document the fault is, as a JSON Pointer fragment.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Fault {
    pub(crate) fn new(pointer: &Pointer, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }

    /// The error this fault makes in `file`.
    pub fn in_file(self, file: &str) -> Error {
        Error {
            file: file.to_owned(),
            pointer: self.pointer,
            message: self.message,
        }
    }
}

/// A JSON Pointer being built while walking the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(Vec<String>);

impl Pointer {
    /// Parses `#/a/b~1c` into its segments.
    #[cfg(test)]
    pub fn parse(fragment: &str) -> Option<Self> {
        let rest = fragment.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Self::default());
        }
        let rest = rest.strip_prefix('/')?;
        Some(Self(
            rest.split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect(),
        ))
    }

    /// This pointer with `segment` appended.
    /// The pointer one level up (the root stays the root).
    pub fn parent(&self) -> Self {
        let mut v = self.0.clone();
        v.pop();
        Self(v)
    }

    pub fn join(&self, segment: impl ToString) -> Self {
        let mut v = self.0.clone();
        v.push(segment.to_string());
        Self(v)
    }

    #[cfg(test)]
    pub fn segments(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for s in &self.0 {
            write!(f, "/{}", s.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let p = Pointer::default()
            .join("paths")
            .join("/connected_accounts/update")
            .join("post");
        assert_eq!(p.to_string(), "#/paths/~1connected_accounts~1update/post");
        assert_eq!(Pointer::parse(&p.to_string()), Some(p));
        assert_eq!(Pointer::parse("#/a~0b").unwrap().segments(), ["a~b"]);
        assert_eq!(Pointer::parse("other.json#/x"), None);
    }
}
