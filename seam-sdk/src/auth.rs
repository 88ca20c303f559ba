//! Credentials: which kinds Seam accepts, how each is checked before any
//! request, and the headers each sends.
//!
//! | constructor | token prefix | headers |
//! | --- | --- | --- |
//! | [`Seam::new`](crate::Seam::new) (API key) | `seam_…` | `Authorization: Bearer` |
//! | [`Seam::from_client_session_token`](crate::Seam::from_client_session_token) | `seam_cst…` | `Authorization: Bearer`, `client-session-token` |
//! | [`Seam::from_publishable_key`](crate::Seam::from_publishable_key) | `seam_pk…` | `seam-publishable-key` (to obtain a client session token, then as above) |
//! | [`Seam::from_personal_access_token`](crate::Seam::from_personal_access_token) | `seam_at…` | `Authorization: Bearer`, `seam-workspace` |
//! | [`Seam::from_console_session_token`](crate::Seam::from_console_session_token) | `ey…` (a JWT) | `Authorization: Bearer`, `seam-workspace` |
//! | [`Seam::from_personal_access_token_without_workspace`](crate::Seam::from_personal_access_token_without_workspace), [`…console_session_token_without_workspace`](crate::Seam::from_console_session_token_without_workspace) | as above | `Authorization: Bearer` |

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use crate::error::{Error, Result};

/// A secret string (API key, token, webhook secret). Its `Debug` and
/// `Display` print `***`, so it cannot leak through logs or errors.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is put on the wire.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The credentials a client sends with every request.
#[derive(Clone, Debug)]
pub(crate) enum Auth {
    ApiKey(Secret),
    ClientSessionToken(Secret),
    PersonalAccessToken {
        token: Secret,
        workspace_id: Option<String>,
    },
    ConsoleSessionToken {
        token: Secret,
        workspace_id: Option<String>,
    },
}

/// What a token looks like, judged by its prefix as Seam's SDKs do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    ApiKey,
    ClientSessionToken,
    PublishableKey,
    PersonalAccessToken,
    ConsoleSessionToken,
    Unknown,
}

impl TokenKind {
    pub(crate) fn of(token: &str) -> Self {
        if token.starts_with("seam_cst") {
            TokenKind::ClientSessionToken
        } else if token.starts_with("seam_pk") {
            TokenKind::PublishableKey
        } else if token.starts_with("seam_at") {
            TokenKind::PersonalAccessToken
        } else if token.starts_with("ey") {
            TokenKind::ConsoleSessionToken
        } else if token.starts_with("seam_") {
            TokenKind::ApiKey
        } else {
            TokenKind::Unknown
        }
    }

    fn description(self) -> &'static str {
        match self {
            TokenKind::ApiKey => "an API key (`seam_…`)",
            TokenKind::ClientSessionToken => "a client session token (`seam_cst…`)",
            TokenKind::PublishableKey => "a publishable key (`seam_pk…`)",
            TokenKind::PersonalAccessToken => "a personal access token (`seam_at…`)",
            TokenKind::ConsoleSessionToken => "a console session token (a JWT, `ey…`)",
            TokenKind::Unknown => "an unknown kind of token",
        }
    }

    fn constructor(self) -> &'static str {
        match self {
            TokenKind::ApiKey => "Seam::new (or SeamBuilder::api_key)",
            TokenKind::ClientSessionToken => {
                "Seam::from_client_session_token (or SeamBuilder::client_session_token)"
            }
            TokenKind::PublishableKey => "Seam::from_publishable_key",
            TokenKind::PersonalAccessToken => {
                "Seam::from_personal_access_token (or SeamBuilder::personal_access_token)"
            }
            TokenKind::ConsoleSessionToken => {
                "Seam::from_console_session_token (or SeamBuilder::console_session_token)"
            }
            TokenKind::Unknown => "",
        }
    }
}

/// Refuses `token` unless it looks like `expected`; the error names the
/// constructor that fits what it looks like, and never contains the token.
pub(crate) fn check_token(expected: TokenKind, what: &str, token: &str) -> Result<()> {
    let actual = TokenKind::of(token);
    if actual == expected {
        return Ok(());
    }
    let message = match actual {
        TokenKind::Unknown => format!(
            "the {what} has an unknown format: expected {}",
            expected.description()
        ),
        _ => format!(
            "the {what} looks like {}: use {} instead",
            actual.description(),
            actual.constructor()
        ),
    };
    Err(Error::InvalidArgument(message))
}

fn check_workspace_id(workspace_id: &str) -> Result<()> {
    if workspace_id.trim().is_empty() {
        return Err(Error::invalid_argument("the workspace id is empty"));
    }
    Ok(())
}

impl Auth {
    pub(crate) fn api_key(key: String) -> Result<Self> {
        let auth = Auth::ApiKey(Secret::new(key));
        auth.check()?;
        Ok(auth)
    }

    #[cfg(test)]
    pub(crate) fn client_session_token(token: String) -> Result<Self> {
        let auth = Auth::ClientSessionToken(Secret::new(token));
        auth.check()?;
        Ok(auth)
    }

    pub(crate) fn personal_access_token(
        token: String,
        workspace_id: Option<String>,
    ) -> Result<Self> {
        let auth = Auth::PersonalAccessToken {
            token: Secret::new(token),
            workspace_id,
        };
        auth.check()?;
        Ok(auth)
    }

    #[cfg(test)]
    pub(crate) fn console_session_token(
        token: String,
        workspace_id: Option<String>,
    ) -> Result<Self> {
        let auth = Auth::ConsoleSessionToken {
            token: Secret::new(token),
            workspace_id,
        };
        auth.check()?;
        Ok(auth)
    }

    /// Refuses a token that does not look like this mode's, before any
    /// request is sent.
    pub(crate) fn check(&self) -> Result<()> {
        let (expected, what, token, workspace_id) = match self {
            Auth::ApiKey(t) => (TokenKind::ApiKey, "API key", t, None),
            Auth::ClientSessionToken(t) => (
                TokenKind::ClientSessionToken,
                "client session token",
                t,
                None,
            ),
            Auth::PersonalAccessToken {
                token,
                workspace_id,
            } => (
                TokenKind::PersonalAccessToken,
                "personal access token",
                token,
                workspace_id.as_deref(),
            ),
            Auth::ConsoleSessionToken {
                token,
                workspace_id,
            } => (
                TokenKind::ConsoleSessionToken,
                "console session token",
                token,
                workspace_id.as_deref(),
            ),
        };
        check_token(expected, what, token.expose())?;
        if let Some(ws) = workspace_id {
            check_workspace_id(ws)?;
        }
        Ok(())
    }

    /// The headers that carry these credentials, marked sensitive so that
    /// `http`'s own `Debug` hides them too.
    pub(crate) fn headers(&self) -> Result<HeaderMap> {
        let mut headers = HeaderMap::new();
        let (token, extra, workspace) = match self {
            Auth::ApiKey(t) => (t, None, None),
            Auth::ClientSessionToken(t) => (t, Some("client-session-token"), None),
            Auth::PersonalAccessToken {
                token,
                workspace_id,
            }
            | Auth::ConsoleSessionToken {
                token,
                workspace_id,
            } => (token, None, workspace_id.as_deref()),
        };
        headers.insert(
            AUTHORIZATION,
            sensitive(&format!("Bearer {}", token.expose()))?,
        );
        if let Some(name) = extra {
            headers.insert(HeaderName::from_static(name), sensitive(token.expose())?);
        }
        if let Some(ws) = workspace {
            let value = HeaderValue::from_str(ws).map_err(|_| {
                Error::invalid_argument("the workspace id is not a valid header value")
            })?;
            headers.insert(HeaderName::from_static("seam-workspace"), value);
        }
        Ok(headers)
    }

    /// A short description for `Debug` output, without the secret.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Auth::ApiKey(_) => "api key",
            Auth::ClientSessionToken(_) => "client session token",
            Auth::PersonalAccessToken {
                workspace_id: Some(_),
                ..
            } => "personal access token",
            Auth::PersonalAccessToken { .. } => "personal access token (no workspace)",
            Auth::ConsoleSessionToken {
                workspace_id: Some(_),
                ..
            } => "console session token",
            Auth::ConsoleSessionToken { .. } => "console session token (no workspace)",
        }
    }
}

/// A header value holding a secret.
pub(crate) fn sensitive(value: &str) -> Result<HeaderValue> {
    let mut v = HeaderValue::from_str(value)
        // Say which rule broke, not what the value was.
        .map_err(|_| {
            Error::invalid_argument("the token contains characters not allowed in an HTTP header")
        })?;
    v.set_sensitive(true);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_classified() {
        assert_eq!(
            TokenKind::of("seam_cst1_abc"),
            TokenKind::ClientSessionToken
        );
        assert_eq!(TokenKind::of("seam_pk1_abc"), TokenKind::PublishableKey);
        assert_eq!(
            TokenKind::of("seam_at1_abc"),
            TokenKind::PersonalAccessToken
        );
        assert_eq!(TokenKind::of("eyJhbGciOi"), TokenKind::ConsoleSessionToken);
        assert_eq!(TokenKind::of("seam_apikey1_abc"), TokenKind::ApiKey);
        assert_eq!(TokenKind::of("sk_live_abc"), TokenKind::Unknown);
    }

    #[test]
    fn wrong_constructor_names_the_right_one() {
        let cases = [
            ("seam_cst1_secretvalue", "Seam::from_client_session_token"),
            ("seam_pk1_secretvalue", "Seam::from_publishable_key"),
            ("seam_at1_secretvalue", "Seam::from_personal_access_token"),
            ("eysecretvalue", "Seam::from_console_session_token"),
        ];
        for (token, constructor) in cases {
            let err = Auth::api_key(token.into()).unwrap_err();
            let text = err.to_string();
            assert!(text.contains(constructor), "{token}: {text}");
            assert!(!text.contains("secretvalue"), "token leaked: {text}");
            assert!(!format!("{err:?}").contains("secretvalue"));
        }
        let err = Auth::client_session_token("seam_apikey_secretvalue".into()).unwrap_err();
        assert!(err.to_string().contains("Seam::new"), "{err}");
        let err = Auth::personal_access_token("seam_cst_x".into(), Some("ws".into())).unwrap_err();
        assert!(
            err.to_string().contains("from_client_session_token"),
            "{err}"
        );
        let err = Auth::console_session_token("seam_at_x".into(), None).unwrap_err();
        assert!(
            err.to_string().contains("from_personal_access_token"),
            "{err}"
        );
        let err = Auth::api_key("hunter2".into()).unwrap_err();
        assert!(err.to_string().contains("unknown format"), "{err}");
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn right_constructor_accepts() {
        assert!(Auth::api_key("seam_test_key".into()).is_ok());
        assert!(Auth::client_session_token("seam_cst_x".into()).is_ok());
        assert!(Auth::personal_access_token("seam_at_x".into(), Some("ws".into())).is_ok());
        assert!(Auth::console_session_token("eyJx".into(), None).is_ok());
        assert!(Auth::personal_access_token("seam_at_x".into(), Some(" ".into())).is_err());
    }

    #[test]
    fn headers_per_mode() {
        let h = Auth::api_key("seam_k".into()).unwrap().headers().unwrap();
        assert_eq!(h[AUTHORIZATION], "Bearer seam_k");
        assert_eq!(h.len(), 1);

        let h = Auth::client_session_token("seam_cst_t".into())
            .unwrap()
            .headers()
            .unwrap();
        assert_eq!(h[AUTHORIZATION], "Bearer seam_cst_t");
        assert_eq!(h["client-session-token"], "seam_cst_t");

        let h = Auth::personal_access_token("seam_at_t".into(), Some("ws1".into()))
            .unwrap()
            .headers()
            .unwrap();
        assert_eq!(h[AUTHORIZATION], "Bearer seam_at_t");
        assert_eq!(h["seam-workspace"], "ws1");

        let h = Auth::console_session_token("eyJt".into(), None)
            .unwrap()
            .headers()
            .unwrap();
        assert_eq!(h[AUTHORIZATION], "Bearer eyJt");
        assert!(h.get("seam-workspace").is_none());
        assert!(h[AUTHORIZATION].is_sensitive());
        assert!(!format!("{h:?}").contains("eyJt"));
    }

    #[test]
    fn secrets_are_redacted() {
        let s = Secret::new("seam_supersecret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        let auth = Auth::api_key("seam_supersecret".into()).unwrap();
        assert!(!format!("{auth:?}").contains("supersecret"));
    }
}
