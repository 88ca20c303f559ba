//! A blocking client, for programs without an async runtime (feature
//! `blocking`).
//!
//! [`Seam`] owns a current-thread tokio runtime and drives the async client
//! on it. Do not use it from inside an async runtime: blocking there panics.
//!
//! ```no_run
//! # fn main() -> seam_sdk::Result<()> {
//! let seam = seam_sdk::blocking::Seam::new("seam_test_key")?;
//! // Any async call can be run to completion:
//! // let account = seam.block_on(seam.as_async().connected_accounts().get(…))?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::IntoFuture;
use std::pin::Pin;
use std::sync::Arc;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::runtime::{Client, Route};

/// A blocking Seam client: the async [`crate::Seam`] plus a runtime of its
/// own. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Seam {
    client: crate::Seam,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Seam {
    /// Wraps an async client built with [`crate::SeamBuilder`].
    pub fn from_async(client: crate::Seam) -> Result<Seam> {
        Ok(Seam {
            client,
            runtime: Arc::new(runtime()?),
        })
    }

    /// See [`crate::Seam::new`].
    pub fn new(api_key: impl Into<String>) -> Result<Seam> {
        Seam::from_async(crate::Seam::new(api_key)?)
    }

    /// See [`crate::Seam::from_env`].
    pub fn from_env() -> Result<Seam> {
        Seam::from_async(crate::Seam::from_env()?)
    }

    /// See [`crate::Seam::from_client_session_token`].
    pub fn from_client_session_token(token: impl Into<String>) -> Result<Seam> {
        Seam::from_async(crate::Seam::from_client_session_token(token)?)
    }

    /// See [`crate::Seam::from_publishable_key`]; blocks while the client
    /// session is obtained.
    pub fn from_publishable_key(
        publishable_key: impl Into<String>,
        user_identifier_key: impl Into<String>,
    ) -> Result<Seam> {
        let runtime = runtime()?;
        let client = runtime.block_on(crate::Seam::from_publishable_key(
            publishable_key,
            user_identifier_key,
        ))?;
        Ok(Seam {
            client,
            runtime: Arc::new(runtime),
        })
    }

    /// See [`crate::Seam::from_personal_access_token`].
    pub fn from_personal_access_token(
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Result<Seam> {
        Seam::from_async(crate::Seam::from_personal_access_token(
            token,
            workspace_id,
        )?)
    }

    /// See [`crate::Seam::from_console_session_token`].
    pub fn from_console_session_token(
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Result<Seam> {
        Seam::from_async(crate::Seam::from_console_session_token(
            token,
            workspace_id,
        )?)
    }

    /// See [`crate::Seam::from_personal_access_token_without_workspace`].
    pub fn from_personal_access_token_without_workspace(token: impl Into<String>) -> Result<Seam> {
        Seam::from_async(crate::Seam::from_personal_access_token_without_workspace(
            token,
        )?)
    }

    /// See [`crate::Seam::from_console_session_token_without_workspace`].
    pub fn from_console_session_token_without_workspace(token: impl Into<String>) -> Result<Seam> {
        Seam::from_async(crate::Seam::from_console_session_token_without_workspace(
            token,
        )?)
    }

    /// See [`crate::Seam::update_client_session_token`]: every clone of this
    /// client, and of the async client inside, sends the new token from the
    /// next request on.
    pub fn update_client_session_token(&self, token: impl Into<String>) -> Result<()> {
        self.client.update_client_session_token(token)
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Seam {
        &self.client
    }

    /// Runs an async call (or any future) to completion on this client's
    /// runtime. Generated blocking methods are one-liners into this.
    pub fn block_on<F: IntoFuture>(&self, call: F) -> F::Output {
        self.runtime.block_on(call.into_future())
    }
}

/// The same method tree as the async client: `seam.connected_accounts().update(…)` returns the
/// result; action attempts are waited for as the client is configured; paginated routes return
/// [`Pages`], an iterator over every item.
impl Client for Seam {
    type Call<'a, T: DeserializeOwned + Send + 'static> = Result<T>;
    type Paginated<'a, T: DeserializeOwned + Send + 'static> = Pages<'a, T>;
    type ActionAttempt<'a, T: DeserializeOwned + Send + 'static> = Result<T>;

    fn call<T: DeserializeOwned + Send + 'static>(
        &self,
        route: &'static Route,
        request: &(impl Serialize + crate::runtime::Validate),
    ) -> Result<T> {
        self.block_on(self.client.call::<T>(route, request))
    }

    fn call_with_files<T: DeserializeOwned + Send + 'static>(
        &self,
        route: &'static Route,
        request: &(impl Serialize + crate::runtime::Validate),
        files: Vec<crate::runtime::FilePart>,
    ) -> Result<T> {
        self.block_on(self.client.call_with_files::<T>(route, request, files))
    }

    fn call_paginated<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + crate::runtime::Validate),
    ) -> Pages<'a, T> {
        Pages {
            runtime: &self.runtime,
            items: Box::pin(self.client.call_paginated::<T>(route, request).stream()),
        }
    }

    fn call_action_attempt<T: DeserializeOwned + Send + 'static>(
        &self,
        route: &'static Route,
        request: &(impl Serialize + crate::runtime::Validate),
    ) -> Result<T> {
        self.block_on(self.client.call_action_attempt::<T>(route, request))
    }
}

/// Every item of a paginated listing, in order: pages are fetched as the iterator is read, one
/// page in memory at a time. It ends after the last page, after an error (its last item), or
/// when the server repeats a cursor.
pub struct Pages<'a, T> {
    runtime: &'a tokio::runtime::Runtime,
    items: Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>,
}

impl<T> Iterator for Pages<'_, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let items = &mut self.items;
        self.runtime
            .block_on(std::future::poll_fn(|cx| items.as_mut().poll_next(cx)))
    }
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

crate::resources::resource_accessors!(Seam; crate::resources);

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::invalid_argument(format!("could not start a tokio runtime: {e}")))
}
