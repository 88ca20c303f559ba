//! A typed Rust client for the [Seam API](https://docs.seam.co): smart locks,
//! access control systems, thermostats and noise sensors.
//!
//! The endpoint methods and types are generated from Seam's OpenAPI spec
//! (in [`resources`] and [`types`]); everything they share (HTTP,
//! credentials, retries, errors, pagination, action attempts, webhooks) is
//! written once in this crate's hand-written core.
//!
//! # A first call
//!
//! ```no_run
//! use seam_sdk::{types::ConnectedAccountsUpdateRequest, Seam};
//!
//! # async fn run() -> seam_sdk::Result<()> {
//! let seam = Seam::from_env()?; // SEAM_API_KEY, SEAM_ENDPOINT
//! let updated = seam
//!     .connected_accounts()
//!     .update(
//!         ConnectedAccountsUpdateRequest::new("6e1cad57-b244-40ca-b4f3-30a46c8000d4")
//!             .automatically_manage_new_devices(true)
//!             .custom_metadata([("internal_account_id", "user-1")]),
//!     )
//!     .await?;
//! // Seam documents this call as answering `{"ok": true}` alone: the account comes back when
//! // the server sends it, and `None` (the update applied all the same) when it does not.
//! match updated {
//!     Some(account) => println!("{} updated", account.display_name),
//!     None => println!("updated"),
//! }
//! # Ok(()) }
//! ```
//!
//! Lists can be read page by page or as a stream, and device actions wait
//! for their action attempt:
//!
//! ```no_run
//! # async fn run(seam: seam_sdk::Seam) -> seam_sdk::Result<()> {
//! use futures_util::StreamExt;
//! use seam_sdk::types::{DevicesListRequest, LocksUnlockDoorRequest};
//!
//! let mut devices = std::pin::pin!(seam.devices().list(DevicesListRequest::new()).stream());
//! while let Some(device) = devices.next().await {
//!     println!("{}", device?.device_id);
//! }
//! let attempt = seam
//!     .locks()
//!     .unlock_door(LocksUnlockDoorRequest::new("device-id"))
//!     .await?; // waits until the attempt succeeds, or fails with an error
//! # Ok(()) }
//! ```
//!
//! # Credentials
//!
//! ```no_run
//! # async fn run() -> seam_sdk::Result<()> {
//! use seam_sdk::Seam;
//!
//! let seam = Seam::new("seam_test_key")?; // an API key
//! let seam = Seam::from_env()?; // SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN + SEAM_WORKSPACE_ID
//! let seam = Seam::from_client_session_token("seam_cst_…")?;
//! let seam = Seam::from_publishable_key("seam_pk_…", "user-42").await?;
//! let seam = Seam::from_personal_access_token("seam_at_…", "workspace-id")?;
//! let seam = Seam::from_console_session_token("eyJ…", "workspace-id")?;
//! let seam = Seam::from_personal_access_token_without_workspace("seam_at_…")?;
//! # Ok(()) }
//! ```
//!
//! A token given to the wrong constructor is refused before anything is sent,
//! by its prefix, with an error naming the right constructor. Credentials
//! never appear in `Debug` or `Display` output or in errors. See
//! [`SeamBuilder`] for the endpoint, timeouts, retries and HTTP client.
//!
//! # Errors
//!
//! Every call returns [`Result<T, Error>`](Error):
//!
//! ```no_run
//! # fn f(result: seam_sdk::Result<()>) {
//! use seam_sdk::Error;
//!
//! match result {
//!     Ok(()) => {}
//!     Err(Error::Api(e)) if e.error_type.as_deref() == Some("connected_account_not_found") => {}
//!     Err(Error::InvalidInput(e)) => eprintln!("{:?}", e.field_errors("custom_metadata")),
//!     Err(Error::Unauthorized(_)) => eprintln!("check the API key"),
//!     Err(e) if e.is_accepted() => eprintln!("applied, but the answer did not decode: {e}"),
//!     Err(e) => eprintln!("{e} (request id {:?})", e.request_id()),
//! }
//! # }
//! ```
//!
//! A success stays a success: when the server answers 2xx but the body is not
//! what the route returns, the error is [`Error::Decode`], whose message says
//! the request was accepted (route, status, request id) and must not be
//! assumed to have failed. It is never retried, on any route, and it keeps
//! the start of the body ([`DecodeError::body_json`] reads it as JSON). The
//! call does not hand back a guess in place of the typed value: what the SDK
//! cannot type is kept for you to read, never passed off as the value.
//!
//! # What a call returns
//!
//! The value Seam's envelope names (`{"ok": true, "connected_account": {…}}`
//! returns the `ConnectedAccount`), or `()` when it names none. Where the spec
//! says `x-response-key: null` (the operation returns nothing the caller may
//! count on) yet its schema names a value, the method returns an `Option`:
//! `Some` when the server sends the value, `None` when it answers
//! `{"ok": true}` alone, which is a success. So does a key the spec leaves
//! optional. An action attempt such a route may return is waited on only when
//! one came back. `connected_accounts().update`, `access_codes().update` and
//! `acs().credentials().assign` are among these; `generated/api.txt` lists every
//! method's return type.
//!
//! # Per-call options, lists and action attempts
//!
//! Each method returns a call that is sent when awaited; options set on it
//! apply to that call only: `.timeout(d)`, `.deadline(d)`,
//! `.retry_policy(p)`. List endpoints return a [`PaginatedCall`] (await it
//! for the first page, or use `.first_page()` / `.stream()`); endpoints that
//! act on a device return an [`ActionAttemptCall`] that waits for the
//! attempt to finish unless told `.wait(false)`.
//!
//! Retries follow the rule documented in [`retry`].
//!
//! # Blocking client
//!
//! With the `blocking` feature, [`blocking::Seam`] has the same method tree;
//! methods return results, and list endpoints return an iterator over every
//! item that fetches pages as it goes:
//!
//! ```no_run
//! # #[cfg(feature = "blocking")]
//! # fn run() -> seam_sdk::Result<()> {
//! use seam_sdk::types::{ConnectedAccountsGetRequest, DevicesListRequest};
//!
//! let seam = seam_sdk::blocking::Seam::from_env()?;
//! let account = seam
//!     .connected_accounts()
//!     .get(ConnectedAccountsGetRequest::connected_account_id("ca-1"))?;
//! for device in seam.devices().list(DevicesListRequest::new().limit(100)) {
//!     println!("{}", device?.device_id);
//! }
//! # Ok(()) }
//! ```
//!
//! # Webhooks
//!
//! Seam signs webhooks the Svix way; [`webhooks::Webhook`] checks the
//! signature (in constant time) and the timestamp, then decodes the event:
//!
//! ```no_run
//! # #[cfg(feature = "events")]
//! # fn handle(body: &[u8], headers: &std::collections::HashMap<String, String>) -> seam_sdk::Result<()> {
//! use seam_sdk::types::Event;
//!
//! let webhook = seam_sdk::webhooks::Webhook::new("whsec_…")?;
//! match webhook.verify_event(body, headers)? {
//!     Event::LockUnlocked(unlocked) => println!("{:?}", unlocked.device_id),
//!     other => println!("{:?}", other.event_type()),
//! }
//! # Ok(()) }
//! ```
//!
//! # Types that survive a changing API
//!
//! Seam adds enum values, union variants and fields all the time; code built
//! against this version keeps working when it does. The generator applies
//! these rules to every type:
//!
//! - **String enums** decode a value they do not know into their `Unknown`
//!   variant, which keeps the string and serializes it back unchanged.
//! - **Unions keyed by a tag** (`error_code`, `event_type`, `action_type` and
//!   `status`…) decode an unknown tag into `Unknown`, which keeps the raw
//!   JSON object; accessor methods (`.error_code()`) read the tag of any
//!   variant. Unions without a tag are tried variant by variant.
//! - **Unknown fields** are ignored.
//! - **Required fields a server leaves out, or sends as `null`,** decode as
//!   the type's empty value where it has one: lists and maps empty, nullable
//!   fields `None`, enums `Unknown("")`, objects whose fields are all
//!   optional with every field `None`. Other required fields (strings,
//!   numbers, booleans, most objects) must be present.
//! - **IDs are strings**, whatever their `format` in the spec: servers, fakes
//!   and older accounts use other shapes than UUIDs.
//! - **Requests keep "absent" and "null" apart:** a field left unset is not
//!   sent; `clear_<field>()` sends `null` where the spec allows it.
//! - Models and requests are `#[non_exhaustive]`: new fields are not a
//!   breaking change. Build requests with `new(required…)` and the setters.
//! - **Names stay.** A type that stands for the same place of the API in the
//!   next spec (the same route's result, the same field, the same tagged
//!   variant) keeps its name, and a method its name on its route. A name that
//!   cannot stay (Seam moved a schema into a named component) remains a
//!   `#[deprecated]` type alias of the type that took its place for at least
//!   one minor release: constructors, fields, variants and patterns written
//!   against it still compile.
//!
//! # Cargo features
//!
//! Each top-level resource is a feature (`connected_accounts`, `devices`,
//! `acs`…), all on by default; with `default-features = false` and only the
//! ones you use, the crate compiles a fraction of the API. `undocumented`
//! adds the endpoints Seam does not document; `blocking` adds
//! [`blocking::Seam`]; `test-util` adds `test_util`, which runs Seam's fake
//! server for your own tests.
//!
//! TLS: rustls with the webpki (Mozilla) root certificates is always
//! compiled in, so any selection of features reaches
//! `https://connect.getseam.com`. The TLS features add to it, and any
//! combination builds:
//!
//! | feature | effect |
//! | --- | --- |
//! | `rustls-tls` | rustls with the webpki roots: the default, named explicitly |
//! | `rustls-tls-native-roots` | rustls also trusts the operating system's certificate store (a company proxy's CA) |
//! | `native-tls` | sends with the platform's TLS (OpenSSL on Linux, whose headers the build needs; SChannel; Security.framework) instead of rustls |
//!
//! They set `reqwest`'s features; a client given to
//! [`SeamBuilder::http_client`] is used as it was built (say with
//! `reqwest::ClientBuilder::use_rustls_tls`).
//!
//! Date-times: `jiff`, `chrono` and `time` add conversions between
//! [`Timestamp`] (every date-time field, kept as the string the server sent)
//! and each crate's type.
//!
//! # Logging
//!
//! The SDK reports to [`tracing`](https://docs.rs/tracing), at debug level,
//! under targets that start with `seam_sdk` (a filter of `seam_sdk=debug`
//! shows them all): each request to the API is a `seam_request`
//! span with the `route` (`POST /devices/list`), the `attempt` it ended on
//! (1 for the first), the HTTP `status`, the `request_id` (the
//! `seam-request-id` header Seam support asks for), `elapsed_ms` and, when it
//! failed, the `error`. Each retry is a debug event inside that span, and
//! each poll of an action attempt a debug event between its requests
//! (`action_attempt_id`, `status`, `poll`, `waited_ms`). No credential is
//! ever recorded.

#![warn(missing_docs)]
// On docs.rs (built with `--cfg docsrs`), every feature-gated item says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod client;
#[doc(hidden)]
pub mod codec;
mod error;
mod file;
pub mod retry;
pub mod runtime;
mod timestamp;
pub mod webhooks;

#[cfg(feature = "blocking")]
pub mod blocking;

#[cfg(feature = "test-util")]
pub mod test_util;

#[allow(missing_docs)]
#[rustfmt::skip] // prettyplease formats it; `cargo xtask codegen --check` guards it.
mod generated;

pub use generated::{resources, types};

pub use client::{Seam, SeamBuilder, DEFAULT_ENDPOINT, DEFAULT_TIMEOUT};
pub use error::{
    ActionAttemptError, ActionAttemptTimeout, ActionAttemptUnknownStatus, ApiError, DecodeError,
    Error, InvalidInputError, PaginationError, PaginationProblem, Result, TimeoutError,
    TransportError,
};
pub use file::File;
pub use retry::RetryPolicy;
pub use runtime::action_attempts::{ActionAttemptCall, WaitOptions};
pub use runtime::pagination::{Page, PaginatedCall, Pagination};
pub use runtime::Call;
pub use timestamp::{Timestamp, TimestampParseError};

/// The crate README's examples, compiled as doc tests. (The repository README's examples are
/// copies of these: `tests/readme.rs` checks it, since the package holds only this README.)
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
