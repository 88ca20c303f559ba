//! The files of a request, which travel beside its serialized fields: taken from the request
//! by the generated method ([`FileField::push_parts`]), then sent as the parts of a
//! `multipart/form-data` body (built anew for each attempt with reqwest's own encoder) or as a
//! whole raw body.

use crate::File;

/// A file of a request, under the name of its field.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq)]
pub struct FilePart {
    pub(crate) name: &'static str,
    pub(crate) file: File,
    /// The content type the spec gives the part, when the file does not set its own.
    pub(crate) content_type: &'static str,
}

/// A request field that holds files: one, a list, or either of them optional.
#[doc(hidden)]
pub trait FileField {
    /// Adds the field's files, under `name`, to `out`.
    fn push_parts(&self, name: &'static str, content_type: &'static str, out: &mut Vec<FilePart>);
}

impl FileField for File {
    fn push_parts(&self, name: &'static str, content_type: &'static str, out: &mut Vec<FilePart>) {
        out.push(FilePart {
            name,
            file: self.clone(),
            content_type,
        });
    }
}

impl<T: FileField> FileField for Option<T> {
    fn push_parts(&self, name: &'static str, content_type: &'static str, out: &mut Vec<FilePart>) {
        if let Some(value) = self {
            value.push_parts(name, content_type, out);
        }
    }
}

impl<T: FileField> FileField for Vec<T> {
    fn push_parts(&self, name: &'static str, content_type: &'static str, out: &mut Vec<FilePart>) {
        for item in self {
            item.push_parts(name, content_type, out);
        }
    }
}

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// A field's text: a string as it is, a number or boolean as JSON writes it, an object as
    /// JSON (with the content type `application/json`).
    Text {
        name: String,
        text: String,
        content_type: Option<&'static str>,
    },
    File(FilePart),
}

impl FilePart {
    /// The content type to send: the file's own, else the spec's.
    pub(crate) fn content_type(&self) -> &str {
        self.file.mime().unwrap_or(self.content_type)
    }
}

/// The parts as reqwest's multipart form (a new one for each attempt: a form is sent once).
/// Each part has a known length, so the body does too (no chunked encoding).
pub(crate) fn form(parts: &[Part]) -> reqwest::Result<reqwest::multipart::Form> {
    use reqwest::multipart::{Form, Part as FormPart};
    let mut form = Form::new();
    for part in parts {
        form = match part {
            Part::Text {
                name,
                text,
                content_type,
            } => {
                let mut p = FormPart::text(text.clone());
                if let Some(content_type) = content_type {
                    p = p.mime_str(content_type)?;
                }
                form.part(name.clone(), p)
            }
            Part::File(f) => {
                let bytes = f.file.bytes().clone();
                let length = bytes.len() as u64;
                let mut p = FormPart::stream_with_length(reqwest::Body::from(bytes), length)
                    .mime_str(f.content_type())?;
                if let Some(file_name) = f.file.name() {
                    p = p.file_name(file_name.to_owned());
                }
                form.part(f.name, p)
            }
        };
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_files_give_one_part_per_file() {
        let mut out = Vec::new();
        let one = File::new(b"a".to_vec());
        let none: Option<File> = None;
        let list = Some(vec![File::new(b"b".to_vec()), File::new(b"c".to_vec())]);
        one.push_parts("one", "application/octet-stream", &mut out);
        none.push_parts("none", "application/octet-stream", &mut out);
        list.push_parts("list", "image/png", &mut out);
        let names: Vec<_> = out.iter().map(|p| p.name).collect();
        assert_eq!(names, ["one", "list", "list"]);
        assert_eq!(out[1].content_type(), "image/png");
    }

    #[test]
    fn a_file_s_own_content_type_wins() {
        let part = FilePart {
            name: "f",
            file: File::new(b"x".to_vec()).content_type("text/plain"),
            content_type: "application/octet-stream",
        };
        assert_eq!(part.content_type(), "text/plain");
    }

    #[test]
    fn a_bad_content_type_is_an_error_not_a_panic() {
        let part = Part::File(FilePart {
            name: "f",
            file: File::new(b"x".to_vec()).content_type("not a type"),
            content_type: "application/octet-stream",
        });
        assert!(form(&[part]).is_err());
    }
}
