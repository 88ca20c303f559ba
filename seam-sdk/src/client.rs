//! The [`Seam`] client and its [`SeamBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::auth::{check_token, sensitive, Auth, Secret, TokenKind};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::runtime::action_attempts::{self, Wait, WaitOptions};
use crate::runtime::{
    ActionAttemptCall, Call, Client, FilePart, HttpMethod, PaginatedCall, PreparedRequest, Request,
    ResponseShape, Route, Transport, Validate,
};

/// The API's address unless configured otherwise.
pub const DEFAULT_ENDPOINT: &str = "https://connect.getseam.com";

/// Per-attempt timeout unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A client of the Seam API.
///
/// Cheap to clone (it is an `Arc` inside), and safe to share between tasks.
/// Reach the endpoints through the resource handles, e.g.
/// `seam.connected_accounts().update(…)`.
///
/// Its `Debug` output names the kind of credentials, never their value.
#[derive(Clone)]
pub struct Seam {
    inner: Arc<Shared>,
}

/// What every clone of a client shares.
struct Shared {
    /// Sends every request (endpoint, headers, timeouts, retries).
    transport: Transport,
    /// Whether action attempts are waited for, unless a call says otherwise.
    wait: Wait,
    /// What kind of credentials, for `Debug`.
    auth_kind: &'static str,
    /// Whether the credentials are a client session token, which
    /// [`Seam::update_client_session_token`] may replace.
    client_session: bool,
    /// Whether requests are checked against the spec's limits before they are sent.
    validate_requests: bool,
}

impl fmt::Debug for Seam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Seam")
            .field("auth", &format_args!("{} ***", i.auth_kind))
            .field("transport", &i.transport)
            .field("wait", &i.wait)
            .finish()
    }
}

// `seam.connected_accounts()`, `seam.acs()`…: the generated resource tree.
crate::resources::resource_accessors!(Seam; crate::resources);

impl Seam {
    /// A client authenticated with an API key (`seam_…`).
    ///
    /// The endpoint comes from `SEAM_ENDPOINT` when set. A token of another
    /// kind is refused, naming the constructor to use.
    pub fn new(api_key: impl Into<String>) -> Result<Seam> {
        Seam::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: `SEAM_API_KEY`, or
    /// `SEAM_PERSONAL_ACCESS_TOKEN` with `SEAM_WORKSPACE_ID` (setting both
    /// kinds is an error); the endpoint from `SEAM_ENDPOINT` (or its
    /// deprecated alias `SEAM_API_URL`, which Seam's other SDKs still read;
    /// `SEAM_ENDPOINT` wins when both are set).
    pub fn from_env() -> Result<Seam> {
        Seam::builder().build()
    }

    /// A builder for every option: credentials, endpoint, timeouts, retries,
    /// HTTP client, action-attempt waiting.
    pub fn builder() -> SeamBuilder {
        SeamBuilder::default()
    }

    /// A client authenticated with a client session token (`seam_cst…`).
    pub fn from_client_session_token(token: impl Into<String>) -> Result<Seam> {
        Seam::builder().client_session_token(token).build()
    }

    /// A client for a user of your app, from your publishable key
    /// (`seam_pk…`) and your identifier for the user: obtains a client
    /// session through `/client_sessions/get_or_create`, then behaves as
    /// [`from_client_session_token`](Self::from_client_session_token).
    pub async fn from_publishable_key(
        publishable_key: impl Into<String>,
        user_identifier_key: impl Into<String>,
    ) -> Result<Seam> {
        Seam::builder()
            .build_with_publishable_key(publishable_key, user_identifier_key)
            .await
    }

    /// A client authenticated with a personal access token (`seam_at…`),
    /// acting in one workspace.
    pub fn from_personal_access_token(
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Result<Seam> {
        Seam::builder()
            .personal_access_token(token, workspace_id)
            .build()
    }

    /// A client authenticated with a console session token (a JWT, `ey…`),
    /// acting in one workspace.
    pub fn from_console_session_token(
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Result<Seam> {
        Seam::builder()
            .console_session_token(token, workspace_id)
            .build()
    }

    /// A client with a personal access token and no workspace, for the
    /// routes that need none (`/workspaces/create`, `/workspaces/list`).
    pub fn from_personal_access_token_without_workspace(token: impl Into<String>) -> Result<Seam> {
        Seam::builder()
            .personal_access_token_without_workspace(token)
            .build()
    }

    /// A client with a console session token and no workspace, for the
    /// routes that need none (`/workspaces/create`, `/workspaces/list`).
    pub fn from_console_session_token_without_workspace(token: impl Into<String>) -> Result<Seam> {
        Seam::builder()
            .console_session_token_without_workspace(token)
            .build()
    }

    /// The API address requests go to.
    pub fn endpoint(&self) -> &str {
        self.inner.transport.endpoint()
    }

    /// Replaces the client session token of a client built from one (or
    /// from a publishable key), say after the old one expired; like
    /// `updateClientSessionToken` of Seam's JavaScript SDK.
    ///
    /// Every clone of this client shares the token: each request that
    /// starts afterwards, from any clone or task, sends the new one (a
    /// request already on the wire finishes with the old). A token that is
    /// not a client session token (`seam_cst…`), or a client built with
    /// other credentials, is refused and nothing changes.
    pub fn update_client_session_token(&self, token: impl Into<String>) -> Result<()> {
        if !self.inner.client_session {
            return Err(Error::invalid_argument(format!(
                "update_client_session_token needs a client built from a client session token \
                 or a publishable key; this one uses a {}",
                self.inner.auth_kind
            )));
        }
        let auth = Auth::ClientSessionToken(Secret::new(token));
        auth.check()?;
        self.inner.transport.set_credentials(auth.headers()?);
        Ok(())
    }

    /// Waits for an action attempt started earlier (say with `.wait(false)`)
    /// to finish, as the action's own call would have: polls
    /// `/action_attempts/get` with the client's wait options (or the
    /// defaults if the client does not wait). `T` is normally
    /// `seam_sdk::types::ActionAttempt`.
    pub fn wait_for_action_attempt<T>(&self, action_attempt_id: &str) -> ActionAttemptCall<'_, T> {
        action_attempts::wait_for(
            &self.inner.transport,
            action_attempt_id,
            self.inner.wait.options(),
        )
    }

    /// Prepares a request to `route`; it is sent when the returned [`Call`]
    /// is awaited. The request is serialized now, and a serialization error
    /// is reported by the await.
    #[doc(hidden)]
    pub fn call<'a, T>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> Call<'a, T> {
        Call::new(self.request(route, request, Vec::new()))
    }

    /// Like [`call`](Self::call), for a request that also sends files (a multipart or raw
    /// body): the generated method takes them out of the request.
    #[doc(hidden)]
    pub fn call_with_files<'a, T>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
        files: Vec<FilePart>,
    ) -> Call<'a, T> {
        Call::new(self.request(route, request, files))
    }

    /// Like [`call`](Self::call), for routes whose response is paginated:
    /// `route.response` must be `ResponseShape::Key` naming the list.
    #[doc(hidden)]
    pub fn call_paginated<'a, T>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> PaginatedCall<'a, T> {
        PaginatedCall::new(self.request(route, request, Vec::new()))
    }

    /// Like [`call`](Self::call), for routes that return an action attempt:
    /// waits for it to finish unless told otherwise.
    #[doc(hidden)]
    pub fn call_action_attempt<'a, T>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> ActionAttemptCall<'a, T> {
        ActionAttemptCall::new(self.request(route, request, Vec::new()), self.inner.wait)
    }

    /// The request to send: serialized now, and checked against the spec's limits unless
    /// the client (or, later, the call) turns that off.
    fn request(
        &self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
        files: Vec<FilePart>,
    ) -> Request<'_> {
        let violations = if self.inner.validate_requests {
            request.violations()
        } else {
            Vec::new()
        };
        Request::new(
            &self.inner.transport,
            route,
            PreparedRequest::with_files(route, request, files),
        )
        .with_violations(violations)
    }
}

impl Client for Seam {
    type Call<'a, T: DeserializeOwned + Send + 'static> = Call<'a, T>;
    type Paginated<'a, T: DeserializeOwned + Send + 'static> = PaginatedCall<'a, T>;
    type ActionAttempt<'a, T: DeserializeOwned + Send + 'static> = ActionAttemptCall<'a, T>;

    fn call<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> Call<'a, T> {
        Seam::call(self, route, request)
    }

    fn call_with_files<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
        files: Vec<FilePart>,
    ) -> Call<'a, T> {
        Seam::call_with_files(self, route, request, files)
    }

    fn call_paginated<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> PaginatedCall<'a, T> {
        Seam::call_paginated(self, route, request)
    }

    fn call_action_attempt<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> ActionAttemptCall<'a, T> {
        Seam::call_action_attempt(self, route, request)
    }
}

/// Configures a [`Seam`] client. Options set here win over the environment.
///
/// ```no_run
/// # fn main() -> seam_sdk::Result<()> {
/// use std::time::Duration;
/// use seam_sdk::{RetryPolicy, Seam};
///
/// let seam = Seam::builder()
///     .api_key("seam_test_key")
///     .endpoint("http://127.0.0.1:8080")
///     .timeout(Duration::from_secs(10))
///     .deadline(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().max_retries(4))
///     .wait_for_action_attempts(false)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct SeamBuilder {
    auth: Option<Auth>,
    endpoint: Option<String>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
    wait: Option<Wait>,
    validate_requests: Option<bool>,
}

impl SeamBuilder {
    /// Authenticates with an API key (`seam_…`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.auth = Some(Auth::ApiKey(Secret::new(key)));
        self
    }

    /// Authenticates with a client session token (`seam_cst…`).
    pub fn client_session_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::ClientSessionToken(Secret::new(token)));
        self
    }

    /// Authenticates with a personal access token (`seam_at…`) in a workspace.
    pub fn personal_access_token(
        mut self,
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Self {
        self.auth = Some(Auth::PersonalAccessToken {
            token: Secret::new(token),
            workspace_id: Some(workspace_id.into()),
        });
        self
    }

    /// Authenticates with a console session token (`ey…`) in a workspace.
    pub fn console_session_token(
        mut self,
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Self {
        self.auth = Some(Auth::ConsoleSessionToken {
            token: Secret::new(token),
            workspace_id: Some(workspace_id.into()),
        });
        self
    }

    /// Authenticates with a personal access token and no workspace.
    pub fn personal_access_token_without_workspace(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::PersonalAccessToken {
            token: Secret::new(token),
            workspace_id: None,
        });
        self
    }

    /// Authenticates with a console session token and no workspace.
    pub fn console_session_token_without_workspace(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::ConsoleSessionToken {
            token: Secret::new(token),
            workspace_id: None,
        });
        self
    }

    /// The API address (default `SEAM_ENDPOINT`, else the deprecated
    /// `SEAM_API_URL`, else `https://connect.getseam.com`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Time limit of one attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time limit of a whole call, across attempts and backoff (default none).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How failed attempts are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The `reqwest::Client` to send with (default: a new one). The SDK's
    /// timeouts and headers apply on top of its settings.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Whether calls that start an action attempt wait for it to finish
    /// (default `true`); each call can override this.
    pub fn wait_for_action_attempts(mut self, wait: bool) -> Self {
        self.wait = Some(if wait {
            Wait::Poll(WaitOptions::default())
        } else {
            Wait::Return
        });
        self
    }

    /// Whether each request is checked against the limits the spec states (lengths, ranges,
    /// patterns, list sizes, and Seam's documented custom-metadata limits) before it is sent
    /// (default `true`): a request that breaks any is refused with
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming each field and rule,
    /// and never sent. Each call can turn it off with `.validate(false)`.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = Some(validate);
        self
    }

    /// Waits for action attempts with these options (timeout, poll interval).
    pub fn action_attempt_wait_options(mut self, options: WaitOptions) -> Self {
        self.wait = Some(Wait::Poll(options));
        self
    }

    /// Builds the client, taking what was not set from the environment.
    pub fn build(self) -> Result<Seam> {
        self.build_with_env(&|name| std::env::var(name).ok())
    }

    /// Builds a client for a user of your app from a publishable key: sends
    /// `POST /client_sessions/get_or_create` with `user_identifier_key`, then
    /// uses the returned client session token. Credentials set on the builder
    /// are replaced.
    pub async fn build_with_publishable_key(
        mut self,
        publishable_key: impl Into<String>,
        user_identifier_key: impl Into<String>,
    ) -> Result<Seam> {
        let publishable_key = Secret::new(publishable_key);
        check_token(
            TokenKind::PublishableKey,
            "publishable key",
            publishable_key.expose(),
        )?;
        let user_identifier_key = user_identifier_key.into();
        if user_identifier_key.trim().is_empty() {
            return Err(Error::invalid_argument("the user identifier key is empty"));
        }
        let env = |name: &str| std::env::var(name).ok();
        let mut credentials = HeaderMap::new();
        credentials.insert(
            HeaderName::from_static("seam-publishable-key"),
            sensitive(publishable_key.expose())?,
        );
        let bootstrap = self.finish(&env, credentials, "publishable key", false)?;

        #[derive(serde::Serialize)]
        struct GetOrCreate<'a> {
            user_identifier_key: &'a str,
        }
        impl Validate for GetOrCreate<'_> {}
        #[derive(Deserialize)]
        struct ClientSession {
            token: String,
        }
        const GET_OR_CREATE: Route = Route {
            method: HttpMethod::Post,
            path: "/client_sessions/get_or_create",
            path_params: &[],
            query_params: &[],
            response: ResponseShape::Key("client_session"),
            // Getting or creating the same session twice gives the same one.
            idempotent: true,
            body: crate::runtime::BodyEncoding::Json,
        };
        let session: ClientSession = bootstrap
            .call(
                &GET_OR_CREATE,
                &GetOrCreate {
                    user_identifier_key: &user_identifier_key,
                },
            )
            .await?;
        self.auth = Some(Auth::ClientSessionToken(Secret::new(session.token)));
        // Reuse the connection pool of the bootstrap client.
        self.http = Some(bootstrap.inner.transport.http().clone());
        self.build_with_env(&env)
    }

    /// [`build`](Self::build) with the environment read through `env`.
    pub(crate) fn build_with_env(self, env: &dyn Fn(&str) -> Option<String>) -> Result<Seam> {
        let auth = match &self.auth {
            Some(auth) => {
                auth.check()?;
                auth.clone()
            }
            None => auth_from_env(env)?,
        };
        let client_session = matches!(auth, Auth::ClientSessionToken(_));
        self.finish(env, auth.headers()?, auth.kind(), client_session)
    }

    /// Builds a client that sends `credentials` with every request.
    fn finish(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
        credentials: HeaderMap,
        auth_kind: &'static str,
        client_session: bool,
    ) -> Result<Seam> {
        let endpoint = match &self.endpoint {
            Some(e) => e.clone(),
            None => endpoint_from_env(env),
        };
        let endpoint = check_endpoint(&endpoint)?;
        let http = match &self.http {
            Some(c) => c.clone(),
            None => reqwest::Client::builder().build().map_err(|source| {
                Error::Transport(Box::new(crate::error::TransportError {
                    route: "building the HTTP client".into(),
                    source,
                }))
            })?,
        };
        let transport = Transport::new(
            http,
            endpoint,
            credentials,
            self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            self.deadline,
            self.retry.clone().unwrap_or_default(),
        );
        Ok(Seam {
            inner: Arc::new(Shared {
                transport,
                wait: self.wait.unwrap_or_default(),
                auth_kind,
                client_session,
                validate_requests: self.validate_requests.unwrap_or(true),
            }),
        })
    }
}

/// `SEAM_ENDPOINT`, else `SEAM_API_URL` (deprecated; Seam's other SDKs read
/// it too, and warn), else the default.
fn endpoint_from_env(env: &dyn Fn(&str) -> Option<String>) -> String {
    let endpoint = non_empty(env("SEAM_ENDPOINT"));
    let api_url = non_empty(env("SEAM_API_URL"));
    if api_url.is_some() {
        tracing::warn!(
            "SEAM_API_URL is deprecated: set SEAM_ENDPOINT instead{}",
            if endpoint.is_some() {
                " (both are set: using SEAM_ENDPOINT)"
            } else {
                ""
            }
        );
    }
    endpoint
        .or(api_url)
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned())
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

/// Reads credentials from `SEAM_API_KEY` or `SEAM_PERSONAL_ACCESS_TOKEN` +
/// `SEAM_WORKSPACE_ID`.
fn auth_from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Auth> {
    let api_key = non_empty(env("SEAM_API_KEY"));
    let pat = non_empty(env("SEAM_PERSONAL_ACCESS_TOKEN"));
    match (api_key, pat) {
        (Some(_), Some(_)) => Err(Error::invalid_argument(
            "both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN are set: set only one, or pass credentials explicitly",
        )),
        (Some(key), None) => Auth::api_key(key),
        (None, Some(token)) => {
            let workspace_id = non_empty(env("SEAM_WORKSPACE_ID")).ok_or_else(|| {
                Error::invalid_argument(
                    "SEAM_PERSONAL_ACCESS_TOKEN is set without SEAM_WORKSPACE_ID: set it, or use Seam::from_personal_access_token_without_workspace",
                )
            })?;
            Auth::personal_access_token(token, Some(workspace_id))
        }
        (None, None) => Err(Error::invalid_argument(
            "no credentials: pass an API key (Seam::new) or set SEAM_API_KEY (or SEAM_PERSONAL_ACCESS_TOKEN with SEAM_WORKSPACE_ID)",
        )),
    }
}

/// Accepts an `http(s)` URL and drops its trailing `/`.
fn check_endpoint(endpoint: &str) -> Result<String> {
    let url = reqwest::Url::parse(endpoint).map_err(|e| {
        Error::invalid_argument(format!("the endpoint `{endpoint}` is not a URL: {e}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return Err(Error::invalid_argument(format!(
            "the endpoint `{endpoint}` must be an http(s) URL without a query"
        )));
    }
    Ok(endpoint.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::AUTHORIZATION;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn env_api_key_and_endpoint() {
        let seam = Seam::builder()
            .build_with_env(&env(&[
                ("SEAM_API_KEY", "seam_envkey"),
                ("SEAM_ENDPOINT", "http://127.0.0.1:9/"),
            ]))
            .unwrap();
        assert_eq!(seam.endpoint(), "http://127.0.0.1:9");
        assert_eq!(
            seam.inner.transport.headers()[AUTHORIZATION],
            "Bearer seam_envkey"
        );
    }

    #[test]
    fn seam_api_url_is_a_deprecated_alias_of_seam_endpoint() {
        let alias = Seam::builder()
            .api_key("seam_k")
            .build_with_env(&env(&[("SEAM_API_URL", "http://127.0.0.1:7")]))
            .unwrap();
        assert_eq!(alias.endpoint(), "http://127.0.0.1:7");
        let both = Seam::builder()
            .api_key("seam_k")
            .build_with_env(&env(&[
                ("SEAM_API_URL", "http://127.0.0.1:7"),
                ("SEAM_ENDPOINT", "http://127.0.0.1:8"),
            ]))
            .unwrap();
        assert_eq!(both.endpoint(), "http://127.0.0.1:8");
        let explicit = Seam::builder()
            .api_key("seam_k")
            .endpoint("http://127.0.0.1:9")
            .build_with_env(&env(&[("SEAM_API_URL", "http://127.0.0.1:7")]))
            .unwrap();
        assert_eq!(explicit.endpoint(), "http://127.0.0.1:9");
    }

    #[test]
    fn default_endpoint_and_options() {
        let seam = Seam::builder()
            .api_key("seam_k")
            .build_with_env(&env(&[]))
            .unwrap();
        assert_eq!(seam.endpoint(), DEFAULT_ENDPOINT);
        assert_eq!(seam.inner.transport.timeout(), DEFAULT_TIMEOUT);
        assert_eq!(seam.inner.transport.retry(), &RetryPolicy::default());
        assert_eq!(seam.inner.wait, Wait::Poll(WaitOptions::default()));
    }

    #[test]
    fn env_pat_needs_workspace() {
        let seam = Seam::builder()
            .build_with_env(&env(&[
                ("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at_x"),
                ("SEAM_WORKSPACE_ID", "ws_1"),
            ]))
            .unwrap();
        assert_eq!(seam.inner.transport.headers()["seam-workspace"], "ws_1");
        let err = Seam::builder()
            .build_with_env(&env(&[("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at_x")]))
            .unwrap_err();
        assert!(err.to_string().contains("SEAM_WORKSPACE_ID"), "{err}");
    }

    #[test]
    fn env_with_both_kinds_is_an_error() {
        let err = Seam::builder()
            .build_with_env(&env(&[
                ("SEAM_API_KEY", "seam_k"),
                ("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at_x"),
            ]))
            .unwrap_err();
        assert!(err.to_string().contains("both"), "{err}");
        let err = Seam::builder().build_with_env(&env(&[])).unwrap_err();
        assert!(err.to_string().contains("no credentials"), "{err}");
    }

    #[test]
    fn explicit_options_beat_the_environment() {
        let seam = Seam::builder()
            .api_key("seam_explicit")
            .endpoint("http://localhost:1")
            .build_with_env(&env(&[
                ("SEAM_API_KEY", "seam_env"),
                ("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at_x"),
                ("SEAM_ENDPOINT", "http://127.0.0.1:9"),
            ]))
            .unwrap();
        assert_eq!(seam.endpoint(), "http://localhost:1");
        assert_eq!(
            seam.inner.transport.headers()[AUTHORIZATION],
            "Bearer seam_explicit"
        );
    }

    #[test]
    fn env_token_of_the_wrong_kind_is_refused() {
        let err = Seam::builder()
            .build_with_env(&env(&[("SEAM_API_KEY", "seam_cst_secret")]))
            .unwrap_err();
        assert!(
            err.to_string().contains("from_client_session_token"),
            "{err}"
        );
    }

    #[test]
    fn bad_endpoints_are_refused() {
        for bad in ["not a url", "ftp://x", "http://x/?q=1"] {
            let err = Seam::builder()
                .api_key("seam_k")
                .endpoint(bad)
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{bad}: {err:?}");
        }
    }

    #[test]
    fn debug_hides_credentials() {
        let builder = Seam::builder().api_key("seam_supersecret");
        assert!(!format!("{builder:?}").contains("supersecret"));
        let seam = builder.build_with_env(&env(&[])).unwrap();
        let debug = format!("{seam:?}");
        assert!(!debug.contains("supersecret"), "{debug}");
        assert!(debug.contains("api key ***"), "{debug}");
        let seam = Seam::builder()
            .client_session_token("seam_cst_supersecret")
            .build_with_env(&env(&[]))
            .unwrap();
        assert!(!format!("{seam:?}").contains("supersecret"));
    }

    #[test]
    fn wait_options() {
        let seam = Seam::builder()
            .api_key("seam_k")
            .wait_for_action_attempts(false)
            .build_with_env(&env(&[]))
            .unwrap();
        assert_eq!(seam.inner.wait, Wait::Return);
        let opts = WaitOptions::default().timeout(Duration::from_secs(1));
        let seam = Seam::builder()
            .api_key("seam_k")
            .action_attempt_wait_options(opts)
            .build_with_env(&env(&[]))
            .unwrap();
        assert_eq!(seam.inner.wait, Wait::Poll(opts));
    }
}
