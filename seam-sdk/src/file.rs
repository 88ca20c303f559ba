//! [`File`]: bytes to upload, with the file name and content type a server may ask for.

use std::fmt;
use std::path::Path;

use bytes::Bytes;

/// Bytes to upload: a part of a `multipart/form-data` body, or a whole raw body
/// (`application/octet-stream`, `image/png`…), as the route's spec says.
///
/// The file name and content type travel with a multipart part (`Content-Disposition:
/// form-data; name="file"; filename="photo.png"`, `Content-Type: image/png`); for a raw body
/// the content type, when set, replaces the one the spec names. Cloning is cheap: the bytes are
/// shared.
///
/// ```
/// use seam_sdk::File;
///
/// let logo = File::new(b"\x89PNG...".to_vec())
///     .file_name("logo.png")
///     .content_type("image/png");
/// assert_eq!(logo.len(), 7);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// The file's bytes, without a name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Reads the file at `path`; its file name is the path's last component.
    pub fn read(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = File::new(std::fs::read(path)?);
        Ok(match path.file_name() {
            Some(name) => file.file_name(name.to_string_lossy()),
            None => file,
        })
    }

    /// The file name sent with a multipart part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The content type sent with the file (`image/png`), over the one the spec names.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name, if one was given.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one was given.
    pub fn mime(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> Self {
        File::new(bytes)
    }
}

impl From<&'static [u8]> for File {
    fn from(bytes: &'static [u8]) -> Self {
        File::new(bytes)
    }
}

impl From<String> for File {
    fn from(text: String) -> Self {
        File::new(text)
    }
}

impl From<&'static str> for File {
    fn from(text: &'static str) -> Self {
        File::new(text)
    }
}

/// A file read from bytes: what a route that answers with a download (`ResponseShape::Bytes`)
/// returns. Serde formats that write bytes (not JSON) may carry one too.
impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BytesVisitor;

        impl serde::de::Visitor<'_> for BytesVisitor {
            type Value = File;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }

            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<File, E> {
                Ok(File::new(Bytes::copy_from_slice(v)))
            }

            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<File, E> {
                Ok(File::new(v))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<File, E> {
                Ok(File::new(Bytes::copy_from_slice(v.as_bytes())))
            }
        }

        deserializer.deserialize_bytes(BytesVisitor)
    }
}

/// The name, content type and length; never the bytes.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_length_not_the_bytes() {
        let f = File::new(b"secret bytes".to_vec()).file_name("a.txt");
        let text = format!("{f:?}");
        assert!(text.contains("len: 12") && text.contains("a.txt"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn read_takes_the_file_name_from_the_path() {
        let dir = std::env::temp_dir().join(format!("seam-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let path = dir.join("photo.png");
        std::fs::write(&path, b"png").expect("written");
        let f = File::read(&path).expect("read");
        assert_eq!(f.name(), Some("photo.png"));
        assert_eq!(f.bytes().as_ref(), b"png");
        assert_eq!(f.mime(), None);
        std::fs::remove_dir_all(&dir).ok();
    }
}
