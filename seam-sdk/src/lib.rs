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
//! let account = seam
//!     .connected_accounts()
//!     .update(
//!         ConnectedAccountsUpdateRequest::new("6e1cad57-b244-40ca-b4f3-30a46c8000d4")
//!             .automatically_manage_new_devices(true)
//!             .custom_metadata([("internal_account_id", "user-1")]),
//!     )
//!     .await?;
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
//!     Err(e) => eprintln!("{e} (request id {:?})", e.request_id()),
//! }
//! # }
//! ```
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
//! Retries follow the rule documented in [`retry`]. Webhooks are verified
//! with [`webhooks::Webhook`].

#![warn(missing_docs)]

mod action_attempts;
mod auth;
mod client;
#[doc(hidden)]
pub mod codec;
mod error;
mod pagination;
pub mod retry;
pub mod runtime;
pub mod webhooks;

#[cfg(feature = "blocking")]
pub mod blocking;

#[allow(missing_docs)]
#[rustfmt::skip] // prettyplease formats it; `cargo xtask codegen --check` guards it.
mod generated;

pub use generated::{resources, types};

pub use action_attempts::{ActionAttemptCall, WaitOptions};
pub use client::{Seam, SeamBuilder, DEFAULT_ENDPOINT, DEFAULT_TIMEOUT};
pub use error::{
    ActionAttemptError, ActionAttemptTimeout, ApiError, DecodeError, Error, InvalidInputError,
    Result, TimeoutError, TransportError,
};
pub use pagination::{Page, PaginatedCall, Pagination};
pub use retry::RetryPolicy;
pub use runtime::Call;

/// The repository README's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
