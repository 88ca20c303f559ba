//! Mounts each fixture's generated tree (written by `codegen/tests/snapshots.rs`) beside a
//! stand-in for the SDK's root, so the snapshots compile against the real runtime.
//!
//! Generated code reaches the runtime only through `crate::Seam`, `crate::runtime`,
//! `crate::codec`, `crate::Timestamp` and `crate::File`; this file provides those names and
//! nothing else.

use std::ops::Deref;

use seam_sdk::runtime::{
    ActionAttemptCall, Call, Client, FilePart, PaginatedCall, Route, Validate,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The client the fixtures' resource handles borrow: the real one, under this crate's root.
#[derive(Clone, Debug)]
pub struct Seam(pub seam_sdk::Seam);

impl Deref for Seam {
    type Target = seam_sdk::Seam;

    fn deref(&self) -> &seam_sdk::Seam {
        &self.0
    }
}

/// `Client` for a newtype over the real client, by delegation.
macro_rules! delegating_client {
    ($client:ty) => {
        impl Client for $client {
            type Call<'a, T: DeserializeOwned + Send + 'static> = Call<'a, T>;
            type Paginated<'a, T: DeserializeOwned + Send + 'static> = PaginatedCall<'a, T>;
            type ActionAttempt<'a, T: DeserializeOwned + Send + 'static> = ActionAttemptCall<'a, T>;

            fn call<'a, T: DeserializeOwned + Send + 'static>(
                &'a self,
                route: &'static Route,
                request: &(impl Serialize + Validate),
            ) -> Call<'a, T> {
                self.0.call(route, request)
            }

            fn call_with_files<'a, T: DeserializeOwned + Send + 'static>(
                &'a self,
                route: &'static Route,
                request: &(impl Serialize + Validate),
                files: Vec<FilePart>,
            ) -> Call<'a, T> {
                self.0.call_with_files(route, request, files)
            }

            fn call_paginated<'a, T: DeserializeOwned + Send + 'static>(
                &'a self,
                route: &'static Route,
                request: &(impl Serialize + Validate),
            ) -> PaginatedCall<'a, T> {
                self.0.call_paginated(route, request)
            }

            fn call_action_attempt<'a, T: DeserializeOwned + Send + 'static>(
                &'a self,
                route: &'static Route,
                request: &(impl Serialize + Validate),
            ) -> ActionAttemptCall<'a, T> {
                self.0.call_action_attempt(route, request)
            }
        }
    };
}

delegating_client!(Seam);

#[doc(hidden)]
pub mod runtime {
    pub use seam_sdk::runtime::*;
}

#[doc(hidden)]
pub mod codec {
    pub use seam_sdk::codec::*;
}

pub use seam_sdk::{File, Timestamp};

#[rustfmt::skip]
#[path = "circular_request_bodies_3_0/mod.rs"]
pub mod circular_request_bodies_3_0;

#[rustfmt::skip]
#[path = "file_uploads_3_0/mod.rs"]
pub mod file_uploads_3_0;

#[rustfmt::skip]
#[path = "petstore_3_0/mod.rs"]
pub mod petstore_3_0;

#[rustfmt::skip]
#[path = "petstore_3_1/mod.rs"]
pub mod petstore_3_1;

#[rustfmt::skip]
#[path = "pets/mod.rs"]
pub mod pets;

#[rustfmt::skip]
#[path = "store/mod.rs"]
pub mod store;

#[rustfmt::skip]
#[path = "train_travel_3_1/mod.rs"]
pub mod train_travel_3_1;

#[rustfmt::skip]
#[path = "petstore_expanded_3_0/mod.rs"]
pub mod petstore_expanded_3_0;

#[rustfmt::skip]
#[path = "star_trek_3_0/mod.rs"]
pub mod star_trek_3_0;

#[rustfmt::skip]
#[path = "uspto_3_0/mod.rs"]
pub mod uspto_3_0;

#[rustfmt::skip]
#[path = "widgets/mod.rs"]
pub mod widgets;

pets::resources::resource_accessors!(Seam; crate::pets::resources);
widgets::resources::resource_accessors!(Seam; crate::widgets::resources);
store::resources::resource_accessors!(Seam; crate::store::resources);
train_travel_3_1::resources::resource_accessors!(Seam; crate::train_travel_3_1::resources);
petstore_expanded_3_0::resources::resource_accessors!(Petstore; crate::petstore_expanded_3_0::resources);
star_trek_3_0::resources::resource_accessors!(StarTrek; crate::star_trek_3_0::resources);
uspto_3_0::resources::resource_accessors!(Seam; crate::uspto_3_0::resources);
circular_request_bodies_3_0::resources::resource_accessors!(Circular; crate::circular_request_bodies_3_0::resources);
file_uploads_3_0::resources::resource_accessors!(Seam; crate::file_uploads_3_0::resources);
petstore_3_0::resources::resource_accessors!(Petstore30; crate::petstore_3_0::resources);
petstore_3_1::resources::resource_accessors!(Petstore31; crate::petstore_3_1::resources);

/// A client of its own, over the real one, for a fixture whose accessors would clash with
/// another's on [`Seam`].
macro_rules! fixture_client {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name(pub Seam);

        delegating_client!($name);
    };
}

fixture_client!(
    /// For the Petstore document, whose `pets()` the pets fixture also has.
    Petstore
);
fixture_client!(
    /// For stapi.co's Star Trek API, whose resources (`location()`, `title()`…) are many.
    StarTrek
);
fixture_client!(
    /// For Swagger's Petstore (OpenAPI 3.0), whose `store()` the store fixture also has.
    Petstore30
);
fixture_client!(
    /// For the Petstore as OpenAPI 3.1.
    Petstore31
);
fixture_client!(
    /// For the document of types that hold themselves, whose operations are all at the root.
    Circular
);
