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

use std::future::IntoFuture;
use std::sync::Arc;

use crate::error::{Error, Result};

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

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::invalid_argument(format!("could not start a tokio runtime: {e}")))
}
