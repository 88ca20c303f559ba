//! Every route of the spec that the fake Seam server implements, called through the generated
//! SDK with valid input; each typed response is checked for what the call should have done
//! (ids, counts, the fields that were set), not only that it decoded.
//!
//! # Routes
//!
//! The fake (`@seamapi/fake-seam-connect`, pinned in `fake-server/package.json`) implements 104
//! routes: `grep -o '"src/pages/api/[^"]*"'` over its `dist/` lists them. 77 of them are paths
//! of `spec/openapi.json`; the other 27 are `/health`, `/health/get_health`,
//! `/connect_webviews/view`, 17 `/internal/…` and 7 `/_fake/…` helpers, not part of the API.
//!
//! Each of the 77, with the test that calls it. "covered" means: called with valid input, the
//! response decoded into the generated type, and the result checked. The ones marked *(fake
//! deviates)* are called too, but the fake's answer breaks the spec, so they can never decode
//! as the spec says; the test pins what the fake does instead, and they are not counted as
//! covered.
//!
//! | route | test | status |
//! | --- | --- | --- |
//! | `/access_codes/create` | `access_codes` | covered |
//! | `/access_codes/create_multiple` | `access_codes` | covered |
//! | `/access_codes/delete` | `access_codes` | covered |
//! | `/access_codes/generate_code` | `access_codes` | covered; the fake's `generated_code` is only `{device_id, code}` (the spec says a whole `access_code`): the rest decodes as zero values |
//! | `/access_codes/get` | `access_codes` | covered |
//! | `/access_codes/list` | `access_codes` | covered |
//! | `/access_codes/pull_backup_access_code` | `access_codes` | *(fake deviates)*: answers `{backup_access_code}` only; the spec requires `access_code` (the response key) beside it |
//! | `/access_codes/simulate/create_unmanaged_access_code` | `access_codes` | covered |
//! | `/access_codes/unmanaged/list` | `access_codes` | covered |
//! | `/access_codes/unmanaged/update` | `access_codes` | covered |
//! | `/access_codes/update` | `access_codes` | covered |
//! | `/acs/entrances/get` | `acs` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/entrances/grant_access` | `acs` | covered |
//! | `/acs/entrances/list` | `acs` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/systems/get` | `seeded_reads` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/systems/list` | `seeded_reads` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/users/add_to_access_group` | `acs` | covered |
//! | `/acs/users/create` | `acs` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/users/delete` | `acs` | covered |
//! | `/acs/users/get` | `acs` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/users/list` | `acs` | covered; fields the fake leaves out decode as zero values |
//! | `/acs/users/remove_from_access_group` | `acs` | covered |
//! | `/acs/users/suspend` | `acs` | covered |
//! | `/acs/users/unsuspend` | `acs` | covered |
//! | `/acs/users/update` | `acs` | covered |
//! | `/action_attempts/get` | `locks_and_thermostats` | covered |
//! | `/action_attempts/list` | `locks_and_thermostats` | covered |
//! | `/client_sessions/create` | `client_sessions_and_connect_webviews` | covered |
//! | `/client_sessions/get` | `client_sessions_and_connect_webviews` | covered |
//! | `/client_sessions/get_or_create` | `client_sessions_and_connect_webviews` | covered |
//! | `/connect_webviews/create` | `client_sessions_and_connect_webviews` | covered |
//! | `/connect_webviews/get` | `client_sessions_and_connect_webviews` | covered |
//! | `/connect_webviews/list` | `client_sessions_and_connect_webviews` | covered |
//! | `/connected_accounts/delete` | `connected_accounts` | covered |
//! | `/connected_accounts/get` | `connected_accounts` | covered |
//! | `/connected_accounts/list` | `connected_accounts` | covered |
//! | `/connected_accounts/update` | `connected_accounts` | covered |
//! | `/devices/delete` | `devices` | covered (`x-undocumented`: only with `--features undocumented`) |
//! | `/devices/get` | `devices` | covered; a thermostat's `device_type` decodes as `DeviceType::EcobeeThermostat` |
//! | `/devices/list` | `devices` | covered |
//! | `/devices/list_device_providers` | `seeded_reads` | covered |
//! | `/devices/unmanaged/get` | `devices` | covered |
//! | `/devices/unmanaged/list` | `devices` | covered |
//! | `/devices/unmanaged/update` | `devices` | covered |
//! | `/devices/update` | `devices` | covered |
//! | `/events/get` | `seeded_reads` | covered |
//! | `/events/list` | `seeded_reads` | covered |
//! | `/locks/get` | `locks_and_thermostats` | covered |
//! | `/locks/list` | `locks_and_thermostats` | covered |
//! | `/locks/lock_door` | `locks_and_thermostats` | covered |
//! | `/locks/unlock_door` | `locks_and_thermostats` | covered |
//! | `/noise_sensors/noise_thresholds/create` | `noise_thresholds` | covered |
//! | `/noise_sensors/noise_thresholds/delete` | `noise_thresholds` | covered |
//! | `/noise_sensors/noise_thresholds/get` | `noise_thresholds` | covered |
//! | `/noise_sensors/noise_thresholds/list` | `noise_thresholds` | covered |
//! | `/noise_sensors/noise_thresholds/update` | `noise_thresholds` | covered |
//! | `/seam/bridge/v1/bridge_client_sessions/create` | `seam_bridge` | covered (`x-undocumented`) |
//! | `/seam/bridge/v1/bridge_client_sessions/get` | `seam_bridge` | covered (`x-undocumented`) |
//! | `/seam/bridge/v1/bridge_client_sessions/regenerate_pairing_code` | `seam_bridge` | covered (`x-undocumented`) |
//! | `/seam/bridge/v1/bridge_client_sessions/report_status` | `seam_bridge` | covered (`x-undocumented`) |
//! | `/seam/bridge/v1/bridge_connected_systems/list` | `seam_bridge` | covered (`x-undocumented`) |
//! | `/thermostats/cool` | `locks_and_thermostats` | covered |
//! | `/thermostats/heat` | `locks_and_thermostats` | covered |
//! | `/thermostats/heat_cool` | `locks_and_thermostats` | covered |
//! | `/thermostats/list` | `locks_and_thermostats` | *(fake deviates)*: answers `{thermostats}` only; the spec requires `devices` (the response key) beside it |
//! | `/thermostats/off` | `locks_and_thermostats` | covered |
//! | `/thermostats/set_fan_mode` | `locks_and_thermostats` | covered |
//! | `/user_identities/add_acs_user` | `acs` | *(fake deviates)*: a stub, always `500 Not implemented!` (plain text) |
//! | `/user_identities/create` | `acs` | *(fake deviates)*: a stub, always `500 Not implemented!` (plain text) |
//! | `/webhooks/create` | `webhooks` | covered |
//! | `/webhooks/delete` | `webhooks` | covered |
//! | `/webhooks/get` | `webhooks` | covered |
//! | `/webhooks/list` | `webhooks` | covered |
//! | `/workspaces/create` | `workspaces` | covered |
//! | `/workspaces/get` | `seeded_reads` | covered |
//! | `/workspaces/list` | `seeded_reads` | covered |
//! | `/workspaces/reset_sandbox` | `workspaces` | covered |
//!
//! So 73 of the 77 are covered (6 of them `x-undocumented`, compiled only with
//! `--features undocumented` or `--all-features`); the other 4 deviate from the spec in ways
//! no client can decode (a missing response key, a plain-text 500), and the test checks that
//! they still do. Where the fake leaves out fields the spec requires, they decode as zero
//! values (the SDK's documented rule). Each test collects its failing routes and reports them
//! all at its end, with the decode error's JSON path and the JSON the fake sent there.
//!
//! # What else the fake does differently
//!
//! - Its thermostat actions report `action_type` `SET_COOL`, `SET_HEAT`, `SET_HEAT_COOL` and
//!   `SET_THERMOSTAT_OFF`, which the spec does not know (it says `SET_HVAC_MODE`): they decode
//!   into `ActionAttempt::Unknown`, which keeps the JSON, as designed for tags from the future.
//! - Action routes answer `pending` but have already stored `success`, so the SDK's wait ends
//!   at its first poll (the client here polls every 20 ms rather than 0.5 s).
//! - `access_codes/list` with a `device_id` returns the codes of every device.
//! - `workspaces/reset_sandbox` removes the workspace itself and its API keys, so the attempt
//!   can only be taken as first sent (`pending`); the next call with the key is `401`.
//! - `client_sessions/get_or_create` reads only the `seam-publishable-key` header (no token),
//!   which the SDK sends only inside `Seam::from_publishable_key`; the test gives it with the
//!   HTTP client's default headers instead.
//! - `seam/bridge/…` routes take the bridge client session token as `Authorization: Bearer`.
//!   The SDK has no credential kind for it; a session created with the name `seam_bridge` gets
//!   the token `seam_bridge_token`, which passes as an API key.
//! - Its `--seed` has no ACS entrance, ACS access group or Seam Bridge, and no route adds one,
//!   so `fake_routes/extra_seed.mjs` is preloaded (through `NODE_OPTIONS`) to add, with the
//!   fake's own database methods: entrance `acs_entrance1` and access group `acs_access_group1`
//!   on the seeded Visionline system; a bridge client session `bcs2` whose token
//!   (`seam_bcs2_token`) the SDK can send; and in the *second* workspace a bridge `bid1` paired
//!   with `bcs2`, with connected account `bridge_connected_account_id` and ACS system
//!   `bridge_acs_system_1` behind it.

// The fake implements deprecated routes and fields too; they are called on purpose.
#![allow(deprecated)]

mod support;

use std::fmt::Write as _;
use std::sync::Once;
use std::time::Duration;

use seam_sdk::types::*;
use seam_sdk::{Error, RetryPolicy, Seam, WaitOptions};
use serde_json::Value;
use support::{seed, FakeSeam};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Starts a seeded fake with the extra seed of `fake_routes/extra_seed.mjs`.
fn start_fake() -> FakeSeam {
    static EXTRA_SEED: Once = Once::new();
    // Every test calls this before anything else, so no other thread reads the environment
    // while it is written.
    EXTRA_SEED.call_once(|| {
        let preload = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fake_routes/extra_seed.mjs"
        );
        let mut options = std::env::var("NODE_OPTIONS").unwrap_or_default();
        if !options.is_empty() {
            options.push(' ');
        }
        options.push_str(&format!("--import=\"{preload}\""));
        std::env::set_var("NODE_OPTIONS", options);
    });
    FakeSeam::start()
}

/// A client of the seeded workspace, polling action attempts every 20 ms, never retrying (a
/// retry would only hide what the fake answered).
fn client(fake: &FakeSeam) -> Seam {
    builder(fake)
        .api_key(seed::API_KEY)
        .build()
        .expect("client")
}

fn builder(fake: &FakeSeam) -> seam_sdk::SeamBuilder {
    Seam::builder()
        .endpoint(fake.endpoint())
        .retry_policy(RetryPolicy::none())
        .action_attempt_wait_options(
            WaitOptions::default()
                .poll_interval(Duration::from_millis(20))
                .timeout(Duration::from_secs(5)),
        )
}

/// The routes that failed in one test, reported together when it ends, so that one failing
/// route does not hide the next.
#[derive(Default)]
#[must_use = "call `finish` to report the failures"]
struct Failures(Vec<String>);

impl Failures {
    /// The value of a call that should succeed; otherwise records why and returns `None`.
    fn ok<T>(&mut self, route: &str, result: seam_sdk::Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(describe(route, &error));
                None
            }
        }
    }

    /// Records a failure that is not an SDK error.
    fn fail(&mut self, route: &str, message: impl std::fmt::Display) {
        self.0.push(format!("{route}: {message}"));
    }

    /// Panics with every recorded failure.
    fn finish(self) {
        if !self.0.is_empty() {
            panic!(
                "{} route call(s) failed:\n\n{}",
                self.0.len(),
                self.0.join("\n\n")
            );
        }
    }
}

/// One failure, for a reader who fixes the generator: for a decode error, the JSON path and
/// the JSON the fake sent at that path (for a missing field, the object that lacks it).
fn describe(route: &str, error: &Error) -> String {
    let mut out = format!("{route}: {error}");
    if let Error::Decode(decode) = error {
        let excerpt = json_at(&decode.body, &decode.path);
        let _ = write!(out, "\n    JSON at `{}`: {excerpt}", decode.path);
    }
    out
}

/// The JSON at a `serde_path_to_error` path (`devices[0].properties`) of `body`, shortened.
fn json_at(body: &str, path: &str) -> String {
    const MAX: usize = 1500;
    let Ok(mut value) = serde_json::from_str::<Value>(body) else {
        return format!("(not JSON) {}", body.chars().take(MAX).collect::<String>());
    };
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (key, indices) = match segment.find('[') {
            Some(i) => segment.split_at(i),
            None => (segment, ""),
        };
        if !key.is_empty() && key != "?" {
            value = value.get(key).cloned().unwrap_or(Value::Null);
        }
        for index in indices
            .split(['[', ']'])
            .filter_map(|i| i.parse::<usize>().ok())
        {
            value = value.get(index).cloned().unwrap_or(Value::Null);
        }
    }
    let text = value.to_string();
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text
    }
}

/// Checks an action attempt's tag and status.
fn check_attempt(
    failures: &mut Failures,
    route: &str,
    attempt: &ActionAttempt,
    action_type: &str,
    status: &str,
) {
    // A tag the spec knows must not land in the fallback for unknown tags.
    if attempt.action_type() != Some(action_type)
        || attempt.status() != Some(status)
        || matches!(attempt, ActionAttempt::Unknown(_))
    {
        failures.fail(
            route,
            format!(
                "expected a {action_type} attempt with status {status}, got {:?} {:?}: {attempt:?}",
                attempt.action_type(),
                attempt.status()
            ),
        );
    }
}

/// The `action_attempt_id` of any attempt, known variant or not.
fn attempt_id(attempt: &ActionAttempt) -> String {
    let value = serde_json::to_value(attempt).expect("an action attempt serializes");
    value["action_attempt_id"]
        .as_str()
        .expect("an action attempt has an id")
        .to_owned()
}

/// Whether `result` is the error a deviating route gives: a decode error whose message names
/// `needle` (or, for a stub, an API error with status 500).
fn deviates<T: std::fmt::Debug>(result: &seam_sdk::Result<T>, needle: &str) -> bool {
    match result {
        Err(Error::Decode(decode)) => decode.to_string().contains(needle),
        Err(error @ Error::Api(_)) => error.status() == Some(500) && needle == "500",
        _ => false,
    }
}

/// A value's JSON, as a string (for enums and unions without `as_str`).
fn json_str(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value).expect("serializes") {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|item| id(item).to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Reads of the seed that change nothing: ACS systems, device providers, events, workspaces.
#[tokio::test]
async fn seeded_reads() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    if let Some(systems) = f.ok(
        "/acs/systems/list",
        seam.acs()
            .systems()
            .list(
                AcsSystemsListRequest::new().connected_account_id(seed::JOHN_CONNECTED_ACCOUNT_ID),
            )
            .await,
    ) {
        assert_eq!(
            ids(&systems, |s| &s.acs_system_id),
            [seed::VISIONLINE_ACS_SYSTEM_ID]
        );
    }
    if let Some(system) = f.ok(
        "/acs/systems/get",
        seam.acs()
            .systems()
            .get(AcsSystemsGetRequest::new(seed::VISIONLINE_ACS_SYSTEM_ID))
            .await,
    ) {
        assert_eq!(system.acs_system_id, seed::VISIONLINE_ACS_SYSTEM_ID);
        assert_eq!(system.name, "Fake Visionline System");
        assert_eq!(system.workspace_id, seed::WORKSPACE_ID);
        assert_eq!(system.connected_account_id, seed::JOHN_CONNECTED_ACCOUNT_ID);
    }

    if let Some(providers) = f.ok(
        "/devices/list_device_providers",
        seam.devices()
            .list_device_providers(DevicesListDeviceProvidersRequest::new())
            .await,
    ) {
        let names: Vec<&str> = providers
            .iter()
            .map(|p| p.device_provider_name.as_str())
            .collect();
        assert_eq!(names, ["august", "yale", "lockly"]);
        assert_eq!(providers[0].display_name, "August");
    }
    if let Some(stable) = f.ok(
        "/devices/list_device_providers",
        seam.devices()
            .list_device_providers(
                DevicesListDeviceProvidersRequest::new().provider_category("stable"),
            )
            .await,
    ) {
        assert_eq!(stable.len(), 1, "{stable:?}");
        assert_eq!(stable[0].device_provider_name.as_str(), "august");
        assert!(stable[0]
            .provider_categories
            .iter()
            .any(|c| c.as_str() == "stable"));
    }

    if let Some(events) = f.ok(
        "/events/list",
        seam.events()
            .list(EventsListRequest::new().since("2000-01-01T00:00:00.000Z"))
            .await,
    ) {
        // The seed has one event: `device.connected` of the first August lock.
        assert_eq!(events.len(), 1, "{events:?}");
        assert!(
            matches!(events[0], Event::DeviceConnected(_)),
            "{:?}",
            events[0]
        );
        let event = serde_json::to_value(&events[0]).expect("serializes");
        assert_eq!(event["device_id"], seed::AUGUST_DEVICE_1);
        let event_id = event["event_id"].as_str().expect("event id").to_owned();
        if let Some(got) = f.ok(
            "/events/get",
            seam.events()
                .get(EventsGetRequest::new().event_id(&event_id))
                .await,
        ) {
            assert_eq!(got.as_ref(), Some(&events[0]));
        }
    }

    if let Some(workspace) = f.ok("/workspaces/get", seam.workspaces().get().await) {
        assert_eq!(workspace.workspace_id, seed::WORKSPACE_ID);
        assert_eq!(workspace.name, "My Workspace");
        assert!(workspace.is_sandbox);
        assert_eq!(
            workspace.publishable_key.as_deref(),
            Some(seed::PUBLISHABLE_KEY)
        );
    }
    if let Some(workspaces) = f.ok("/workspaces/list", seam.workspaces().list().await) {
        assert_eq!(ids(&workspaces, |w| &w.workspace_id), [seed::WORKSPACE_ID]);
    }
    f.finish();
}

/// `connected_accounts`: get (both forms), list, update, delete.
#[tokio::test]
async fn connected_accounts() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    if let Some(accounts) = f.ok(
        "/connected_accounts/list",
        seam.connected_accounts()
            .list(ConnectedAccountsListRequest::new())
            .await,
    ) {
        assert_eq!(
            ids(&accounts, |a| &a.connected_account_id),
            [
                seed::JOHN_CONNECTED_ACCOUNT_ID,
                seed::JANE_CONNECTED_ACCOUNT_ID,
                seed::JOHN_ASSA_CS_CONNECTED_ACCOUNT_ID
            ]
        );
    }
    if let Some(page) = f.ok(
        "/connected_accounts/list",
        seam.connected_accounts()
            .list(ConnectedAccountsListRequest::new().limit(2))
            .first_page()
            .await,
    ) {
        assert_eq!(page.items().len(), 2);
        assert!(page.has_next_page());
        if let Some(Some(next)) = f.ok("/connected_accounts/list", page.next_page().await) {
            assert_eq!(
                ids(next.items(), |a| &a.connected_account_id),
                [seed::JOHN_ASSA_CS_CONNECTED_ACCOUNT_ID]
            );
        }
    }

    if let Some(account) = f.ok(
        "/connected_accounts/get",
        seam.connected_accounts()
            .get(ConnectedAccountsGetRequest::email("jane@example.com"))
            .await,
    ) {
        assert_eq!(
            account.connected_account_id,
            seed::JANE_CONNECTED_ACCOUNT_ID
        );
    }

    if let Some(updated) = f.ok(
        "/connected_accounts/update",
        seam.connected_accounts()
            .update(
                ConnectedAccountsUpdateRequest::new(seed::JANE_CONNECTED_ACCOUNT_ID)
                    .automatically_manage_new_devices(false)
                    .custom_metadata([("tier", CustomMetadataValue::from("gold"))]),
            )
            .await
            // `x-response-key: null`: the spec promises nothing back; the fake sends it.
            .map(|value| value.expect("the fake returns the updated account")),
    ) {
        assert_eq!(
            updated.connected_account_id,
            seed::JANE_CONNECTED_ACCOUNT_ID
        );
        assert!(!updated.automatically_manage_new_devices);
        assert_eq!(
            serde_json::to_value(&updated.custom_metadata).expect("serializes"),
            serde_json::json!({"tier": "gold"})
        );
    }
    if let Some(account) = f.ok(
        "/connected_accounts/get",
        seam.connected_accounts()
            .get(ConnectedAccountsGetRequest::connected_account_id(
                seed::JANE_CONNECTED_ACCOUNT_ID,
            ))
            .await,
    ) {
        assert!(!account.automatically_manage_new_devices);
    }

    if f.ok(
        "/connected_accounts/delete",
        seam.connected_accounts()
            .delete(ConnectedAccountsDeleteRequest::new(
                seed::JANE_CONNECTED_ACCOUNT_ID,
            ))
            .await,
    )
    .is_some()
    {
        let accounts = seam
            .connected_accounts()
            .list(ConnectedAccountsListRequest::new())
            .await
            .expect("list after delete");
        assert!(!accounts
            .iter()
            .any(|a| a.connected_account_id == seed::JANE_CONNECTED_ACCOUNT_ID));
        let err = seam
            .connected_accounts()
            .get(ConnectedAccountsGetRequest::connected_account_id(
                seed::JANE_CONNECTED_ACCOUNT_ID,
            ))
            .await
            .expect_err("deleted");
        assert_eq!(err.error_type(), Some("connected_account_not_found"));
    }
    f.finish();
}

/// `devices` and `devices/unmanaged`: get, list, update (rename; to unmanaged and back), delete.
#[tokio::test]
async fn devices() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    if let Some(device) = f.ok(
        "/devices/get",
        seam.devices()
            .get(DevicesGetRequest::new().device_id(seed::AUGUST_DEVICE_1))
            .await,
    ) {
        assert_eq!(device.device_id, seed::AUGUST_DEVICE_1);
        assert_eq!(json_str(&device.device_type), "august_lock");
        assert_eq!(device.connected_account_id, seed::JOHN_CONNECTED_ACCOUNT_ID);
        assert_eq!(device.properties.name, "Fake August Lock 1");
        assert_eq!(device.properties.locked, Some(true));
        assert!(device.is_managed);
    }
    // `device_type` is a union of six open string enums (locks, keys, noise sensors,
    // thermostats, phones, cameras): each value must land in its own group's variant.
    if let Some(thermostat) = f.ok(
        "/devices/get",
        seam.devices()
            .get(DevicesGetRequest::new().device_id(seed::ECOBEE_DEVICE_1))
            .await,
    ) {
        assert_eq!(json_str(&thermostat.device_type), "ecobee_thermostat");
        if !matches!(
            thermostat.device_type,
            seam_sdk::types::DeviceType::EcobeeThermostat
        ) {
            f.fail(
                "/devices/get",
                format!(
                    "`device_type` \"ecobee_thermostat\" decoded as {:?}, not as the thermostat \
                     variant `DeviceType::EcobeeThermostat`",
                    thermostat.device_type
                ),
            );
        }
    }
    if let Some(devices) = f.ok(
        "/devices/list",
        seam.devices()
            .list(DevicesListRequest::new().connected_account_id(seed::JOHN_CONNECTED_ACCOUNT_ID))
            .await,
    ) {
        let mut got = ids(&devices, |d| &d.device_id);
        got.sort();
        assert_eq!(
            got,
            [
                seed::AUGUST_DEVICE_1,
                seed::AUGUST_DEVICE_2,
                seed::ECOBEE_DEVICE_1,
                seed::MINUT_DEVICE_1
            ]
        );
    }
    if let Some(devices) = f.ok(
        "/devices/list",
        seam.devices()
            .list(DevicesListRequest::new().device_types([DeviceType::SchlageLock]))
            .await,
    ) {
        assert_eq!(ids(&devices, |d| &d.device_id), [seed::SCHLAGE_DEVICE_1]);
    }

    // Rename.
    if f.ok(
        "/devices/update",
        seam.devices()
            .update(DevicesUpdateRequest::new(seed::AUGUST_DEVICE_2).name("Garage"))
            .await,
    )
    .is_some()
    {
        let device = seam
            .devices()
            .get(DevicesGetRequest::new().device_id(seed::AUGUST_DEVICE_2))
            .await
            .expect("get after rename");
        assert_eq!(device.properties.name, "Garage");
    }

    // Managed → unmanaged → managed.
    if f.ok(
        "/devices/update",
        seam.devices()
            .update(DevicesUpdateRequest::new(seed::SCHLAGE_DEVICE_1).is_managed(false))
            .await,
    )
    .is_some()
    {
        if let Some(device) = f.ok(
            "/devices/unmanaged/get",
            seam.devices()
                .unmanaged()
                .get(DevicesUnmanagedGetRequest::new().device_id(seed::SCHLAGE_DEVICE_1))
                .await,
        ) {
            assert_eq!(device.device_id, seed::SCHLAGE_DEVICE_1);
            assert!(!device.is_managed);
            assert_eq!(device.connected_account_id, seed::JANE_CONNECTED_ACCOUNT_ID);
        }
        if let Some(devices) = f.ok(
            "/devices/unmanaged/list",
            seam.devices()
                .unmanaged()
                .list(DevicesUnmanagedListRequest::new())
                .await,
        ) {
            assert_eq!(ids(&devices, |d| &d.device_id), [seed::SCHLAGE_DEVICE_1]);
        }
        if f.ok(
            "/devices/unmanaged/update",
            seam.devices()
                .unmanaged()
                .update(DevicesUnmanagedUpdateRequest::new(seed::SCHLAGE_DEVICE_1).is_managed(true))
                .await,
        )
        .is_some()
        {
            let device = seam
                .devices()
                .get(DevicesGetRequest::new().device_id(seed::SCHLAGE_DEVICE_1))
                .await
                .expect("managed again");
            assert!(device.is_managed);
            let unmanaged = seam
                .devices()
                .unmanaged()
                .list(DevicesUnmanagedListRequest::new())
                .await
                .expect("unmanaged list");
            assert!(unmanaged.is_empty(), "{unmanaged:?}");
        }
    }

    #[cfg(feature = "undocumented")]
    #[allow(deprecated)] // `/devices/delete` is deprecated in the spec.
    if f.ok(
        "/devices/delete",
        seam.devices()
            .delete(DevicesDeleteRequest::new(seed::AUGUST_DEVICE_2))
            .await,
    )
    .is_some()
    {
        let err = seam
            .devices()
            .get(DevicesGetRequest::new().device_id(seed::AUGUST_DEVICE_2))
            .await
            .expect_err("deleted");
        assert_eq!(err.error_type(), Some("device_not_found"));
    }
    f.finish();
}

/// `access_codes` and `access_codes/unmanaged`, `access_codes/simulate`.
#[tokio::test]
async fn access_codes() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();
    let codes = seam.access_codes();

    let ongoing = f.ok(
        "/access_codes/create",
        codes
            .create(
                AccessCodesCreateRequest::new(seed::AUGUST_DEVICE_1)
                    .name("Guest")
                    .code("1234"),
            )
            .await,
    );
    if let Some(code) = &ongoing {
        assert_eq!(code.device_id, seed::AUGUST_DEVICE_1);
        assert_eq!(code.name.as_deref(), Some("Guest"));
        assert_eq!(code.code.as_deref(), Some("1234"));
        assert_eq!(code.r#type.as_str(), "ongoing");
        assert_eq!(code.workspace_id, seed::WORKSPACE_ID);
    }
    let time_bound = f.ok(
        "/access_codes/create",
        codes
            .create(
                AccessCodesCreateRequest::new(seed::AUGUST_DEVICE_1)
                    .name("Weekend")
                    .code("5678")
                    .starts_at("2030-01-05T10:00:00.000Z")
                    .ends_at("2030-01-07T10:00:00.000Z")
                    .use_backup_access_code_pool(true),
            )
            .await,
    );
    if let Some(code) = &time_bound {
        assert_eq!(code.r#type.as_str(), "time_bound");
        assert_eq!(code.starts_at.as_deref(), Some("2030-01-05T10:00:00.000Z"));
        assert_eq!(code.ends_at.as_deref(), Some("2030-01-07T10:00:00.000Z"));
    }
    if let Some(created) = f.ok(
        "/access_codes/create_multiple",
        codes
            .create_multiple(
                AccessCodesCreateMultipleRequest::new([
                    seed::AUGUST_DEVICE_1,
                    seed::AUGUST_DEVICE_2,
                ])
                .name("Cleaner")
                .code("4321"),
            )
            .await,
    ) {
        assert_eq!(
            ids(&created, |c| &c.device_id),
            [seed::AUGUST_DEVICE_1, seed::AUGUST_DEVICE_2]
        );
        assert!(created
            .iter()
            .all(|c| c.code.as_deref() == Some("4321") && c.name.as_deref() == Some("Cleaner")));
    }

    if let Some(code) = &ongoing {
        let id = &code.access_code_id;
        if let Some(got) = f.ok(
            "/access_codes/get",
            codes
                .get(AccessCodesGetRequest::new().access_code_id(id))
                .await,
        ) {
            assert_eq!(&got.access_code_id, id);
            assert_eq!(got.code.as_deref(), Some("1234"));
        }
        if let Some(got) = f.ok(
            "/access_codes/get",
            codes
                .get(
                    AccessCodesGetRequest::new()
                        .device_id(seed::AUGUST_DEVICE_1)
                        .code("1234"),
                )
                .await,
        ) {
            assert_eq!(&got.access_code_id, id);
        }
        if let Some(listed) = f.ok(
            "/access_codes/list",
            codes
                .list(AccessCodesListRequest::new().device_id(seed::AUGUST_DEVICE_1))
                .await,
        ) {
            let listed = ids(&listed, |c| &c.access_code_id);
            assert!(listed.contains(id), "{listed:?}");
            if let Some(time_bound) = &time_bound {
                assert!(listed.contains(&time_bound.access_code_id), "{listed:?}");
            }
            // 2 + 2 from create_multiple; the backup code of the time-bound one is not listed.
            assert_eq!(listed.len(), 4, "{listed:?}");
        }

        if let Some(attempt) = f.ok(
            "/access_codes/update",
            codes
                .update(
                    AccessCodesUpdateRequest::new(id)
                        .name("Guest (renamed)")
                        .code("2468"),
                )
                .await
                // `x-response-key: null`: the spec promises nothing back; the fake sends it.
                .map(|value| value.expect("the fake returns the attempt")),
        ) {
            check_attempt(
                &mut f,
                "/access_codes/update",
                &attempt,
                "UPDATE_ACCESS_CODE",
                "success",
            );
            let got = codes
                .get(AccessCodesGetRequest::new().access_code_id(id))
                .await
                .expect("get after update");
            assert_eq!(got.name.as_deref(), Some("Guest (renamed)"));
            assert_eq!(got.code.as_deref(), Some("2468"));
        }
    }

    // The fake's `generated_code` is `{device_id, code}`, where the spec says a whole access
    // code: the fields it leaves out decode as zero values (the SDK's documented rule).
    if let Some(generated) = f.ok(
        "/access_codes/generate_code",
        codes
            .generate_code(AccessCodesGenerateCodeRequest::new(seed::AUGUST_DEVICE_1))
            .await,
    ) {
        assert_eq!(generated.device_id, seed::AUGUST_DEVICE_1);
        assert!(generated
            .code
            .as_deref()
            .is_some_and(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_digit())));
        assert_eq!(
            generated.access_code_id, "",
            "left out by the fake: a zero value"
        );
    }
    // Deviates: the spec's response key `access_code` is missing.
    if let Some(code) = &time_bound {
        let backup = codes
            .pull_backup_access_code(AccessCodesPullBackupAccessCodeRequest::new(
                &code.access_code_id,
            ))
            .await;
        if !deviates(&backup, "missing field `access_code`") {
            f.fail(
                "/access_codes/pull_backup_access_code",
                format!("no longer deviates from the spec as documented; cover it: {backup:?}"),
            );
        }
    }

    if let Some(unmanaged) = f.ok(
        "/access_codes/simulate/create_unmanaged_access_code",
        codes
            .simulate()
            .create_unmanaged_access_code(AccessCodesSimulateCreateUnmanagedAccessCodeRequest::new(
                "9876",
                seed::AUGUST_DEVICE_2,
                "Old tenant",
            ))
            .await,
    ) {
        assert!(!unmanaged.is_managed);
        assert_eq!(unmanaged.code.as_deref(), Some("9876"));
        assert_eq!(unmanaged.name.as_deref(), Some("Old tenant"));
        if let Some(listed) = f.ok(
            "/access_codes/unmanaged/list",
            codes
                .unmanaged()
                .list(AccessCodesUnmanagedListRequest::new(seed::AUGUST_DEVICE_2))
                .await,
        ) {
            assert_eq!(
                ids(&listed, |c| &c.access_code_id),
                [unmanaged.access_code_id.as_str()]
            );
        }
        if f.ok(
            "/access_codes/unmanaged/update",
            codes
                .unmanaged()
                .update(AccessCodesUnmanagedUpdateRequest::new(
                    &unmanaged.access_code_id,
                    true,
                ))
                .await,
        )
        .is_some()
        {
            let got = codes
                .get(AccessCodesGetRequest::new().access_code_id(&unmanaged.access_code_id))
                .await
                .expect("managed now");
            assert!(got.is_managed);
        }
    }

    if let Some(code) = &ongoing {
        if let Some(attempt) = f.ok(
            "/access_codes/delete",
            codes
                .delete(AccessCodesDeleteRequest::new(&code.access_code_id))
                .await
                // `x-response-key: null`: the spec promises nothing back; the fake sends it.
                .map(|value| value.expect("the fake returns the attempt")),
        ) {
            check_attempt(
                &mut f,
                "/access_codes/delete",
                &attempt,
                "DELETE_ACCESS_CODE",
                "success",
            );
            let err = codes
                .get(AccessCodesGetRequest::new().access_code_id(&code.access_code_id))
                .await
                .expect_err("deleted");
            assert_eq!(err.status(), Some(404), "{err}");
        }
    }
    f.finish();
}

/// `locks`, `thermostats` and `action_attempts`.
#[tokio::test]
async fn locks_and_thermostats() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    if let Some(lock) = f.ok(
        "/locks/get",
        #[allow(deprecated)] // `/locks/get` is deprecated in the spec.
        seam.locks()
            .get(LocksGetRequest::new().device_id(seed::SCHLAGE_DEVICE_1))
            .await,
    ) {
        assert_eq!(lock.device_id, seed::SCHLAGE_DEVICE_1);
        assert_eq!(json_str(&lock.device_type), "schlage_lock");
    }
    if let Some(locks) = f.ok(
        "/locks/list",
        seam.locks().list(LocksListRequest::new()).await,
    ) {
        let mut got = ids(&locks, |d| &d.device_id);
        got.sort();
        assert_eq!(
            got,
            [
                seed::AUGUST_DEVICE_1,
                seed::AUGUST_DEVICE_2,
                seed::SCHLAGE_DEVICE_1
            ]
        );
    }

    let mut attempt_ids = Vec::new();
    if let Some(attempt) = f.ok(
        "/locks/unlock_door",
        seam.locks()
            .unlock_door(LocksUnlockDoorRequest::new(seed::AUGUST_DEVICE_1))
            .await,
    ) {
        check_attempt(
            &mut f,
            "/locks/unlock_door",
            &attempt,
            "UNLOCK_DOOR",
            "success",
        );
        attempt_ids.push(attempt_id(&attempt));
        let device = seam
            .devices()
            .get(DevicesGetRequest::new().device_id(seed::AUGUST_DEVICE_1))
            .await
            .expect("get after unlock");
        assert_eq!(device.properties.locked, Some(false));
    }
    // Without waiting: the attempt as first sent, then read back.
    if let Some(attempt) = f.ok(
        "/locks/lock_door",
        seam.locks()
            .lock_door(LocksLockDoorRequest::new(seed::AUGUST_DEVICE_1))
            .wait(false)
            .await,
    ) {
        check_attempt(&mut f, "/locks/lock_door", &attempt, "LOCK_DOOR", "pending");
        let id = attempt_id(&attempt);
        if let Some(done) = f.ok(
            "/action_attempts/get",
            seam.action_attempts()
                .get(ActionAttemptsGetRequest::new(&id))
                .await,
        ) {
            check_attempt(
                &mut f,
                "/action_attempts/get",
                &done,
                "LOCK_DOOR",
                "success",
            );
            assert_eq!(attempt_id(&done), id);
        }
        attempt_ids.push(id);
    }
    if let Some(attempts) = f.ok(
        "/action_attempts/list",
        seam.action_attempts()
            .list(ActionAttemptsListRequest::new().action_attempt_ids(attempt_ids.clone()))
            .await,
    ) {
        assert_eq!(ids_of_attempts(&attempts), attempt_ids);
    }

    // Thermostats. The fake's action types are not the spec's (see the top of the file), so
    // only the status is checked here, and the device's state after each action.
    let thermostats = seam.thermostats();
    let device = || async {
        seam.devices()
            .get(DevicesGetRequest::new().device_id(seed::ECOBEE_DEVICE_1))
            .await
            .expect("thermostat")
    };
    // The fake's action type is unknown to the spec: the attempt must land, whole, in the
    // fallback variant, with its tag and status readable.
    let succeeded =
        |f: &mut Failures, route: &str, attempt: Option<ActionAttempt>, tag: &str| match attempt {
            Some(a @ ActionAttempt::Unknown(_))
                if a.action_type() == Some(tag) && a.status() == Some("success") =>
            {
                true
            }
            Some(a) => {
                f.fail(route, format!("expected a successful {tag} attempt: {a:?}"));
                false
            }
            None => false,
        };
    let attempt = f.ok(
        "/thermostats/heat",
        thermostats
            .heat(
                ThermostatsHeatRequest::new(seed::ECOBEE_DEVICE_1).heating_set_point_celsius(19.5),
            )
            .await,
    );
    if succeeded(&mut f, "/thermostats/heat", attempt, "SET_HEAT") {
        let setting = device()
            .await
            .properties
            .current_climate_setting
            .expect("setting");
        assert_eq!(
            setting
                .hvac_mode_setting
                .map(|m| m.as_str().to_owned())
                .as_deref(),
            Some("heat")
        );
        assert_eq!(setting.heating_set_point_celsius, Some(19.5));
    }
    let attempt = f.ok(
        "/thermostats/cool",
        thermostats
            .cool(
                ThermostatsCoolRequest::new(seed::ECOBEE_DEVICE_1).cooling_set_point_celsius(22.0),
            )
            .await,
    );
    if succeeded(&mut f, "/thermostats/cool", attempt, "SET_COOL") {
        let setting = device()
            .await
            .properties
            .current_climate_setting
            .expect("setting");
        assert_eq!(
            setting
                .hvac_mode_setting
                .map(|m| m.as_str().to_owned())
                .as_deref(),
            Some("cool")
        );
        assert_eq!(setting.cooling_set_point_celsius, Some(22.0));
    }
    let attempt = f.ok(
        "/thermostats/heat_cool",
        thermostats
            .heat_cool(
                ThermostatsHeatCoolRequest::new(seed::ECOBEE_DEVICE_1)
                    .heating_set_point_celsius(18.0)
                    .cooling_set_point_celsius(25.0),
            )
            .await,
    );
    if succeeded(&mut f, "/thermostats/heat_cool", attempt, "SET_HEAT_COOL") {
        let setting = device()
            .await
            .properties
            .current_climate_setting
            .expect("setting");
        assert_eq!(
            setting
                .hvac_mode_setting
                .map(|m| m.as_str().to_owned())
                .as_deref(),
            Some("heat_cool")
        );
        assert_eq!(setting.heating_set_point_celsius, Some(18.0));
        assert_eq!(setting.cooling_set_point_celsius, Some(25.0));
    }
    let attempt = f.ok(
        "/thermostats/set_fan_mode",
        thermostats
            .set_fan_mode(
                ThermostatsSetFanModeRequest::new(seed::ECOBEE_DEVICE_1).fan_mode_setting("on"),
            )
            .await,
    );
    if let Some(attempt) = &attempt {
        check_attempt(
            &mut f,
            "/thermostats/set_fan_mode",
            attempt,
            "SET_FAN_MODE",
            "success",
        );
        let properties = device().await.properties;
        assert_eq!(
            properties
                .fan_mode_setting
                .map(|m| m.as_str().to_owned())
                .as_deref(),
            Some("on")
        );
    }
    let attempt = f.ok(
        "/thermostats/off",
        thermostats
            .off(ThermostatsOffRequest::new(seed::ECOBEE_DEVICE_1))
            .await,
    );
    if succeeded(&mut f, "/thermostats/off", attempt, "SET_THERMOSTAT_OFF") {
        let setting = device()
            .await
            .properties
            .current_climate_setting
            .expect("setting");
        assert_eq!(
            setting
                .hvac_mode_setting
                .map(|m| m.as_str().to_owned())
                .as_deref(),
            Some("off")
        );
    }
    // Deviates: the spec's response key `devices` is missing (the fake sends `thermostats`).
    let listed = thermostats.list(ThermostatsListRequest::new()).await;
    if !deviates(&listed, "missing field `devices`") {
        f.fail(
            "/thermostats/list",
            format!("no longer deviates from the spec as documented; cover it: {listed:?}"),
        );
    }
    f.finish();
}

fn ids_of_attempts(attempts: &[ActionAttempt]) -> Vec<String> {
    attempts.iter().map(attempt_id).collect()
}

/// `noise_sensors/noise_thresholds`: list, get, create, update, delete.
#[tokio::test]
async fn noise_thresholds() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();
    let thresholds = seam.noise_sensors().noise_thresholds();

    if let Some(listed) = f.ok(
        "/noise_sensors/noise_thresholds/list",
        thresholds
            .list(NoiseSensorsNoiseThresholdsListRequest::new(
                seed::MINUT_DEVICE_1,
            ))
            .await,
    ) {
        assert_eq!(listed.len(), 1, "{listed:?}");
        let seeded = &listed[0];
        assert_eq!(seeded.noise_threshold_decibels, 60.0);
        assert_eq!(seeded.name, "builtin_normal_hours");
        if let Some(got) = f.ok(
            "/noise_sensors/noise_thresholds/get",
            thresholds
                .get(NoiseSensorsNoiseThresholdsGetRequest::new(
                    &seeded.noise_threshold_id,
                ))
                .await,
        ) {
            assert_eq!(&got, seeded);
        }
    }

    let created = f.ok(
        "/noise_sensors/noise_thresholds/create",
        thresholds
            .create(
                NoiseSensorsNoiseThresholdsCreateRequest::new(
                    seed::MINUT_DEVICE_1,
                    "07:00:00[America/Los_Angeles]",
                    "22:00:00[America/Los_Angeles]",
                )
                .name("Quiet hours")
                .noise_threshold_decibels(50.0),
            )
            .await,
    );
    let Some(created) = created else {
        return f.finish();
    };
    assert_eq!(created.device_id, seed::MINUT_DEVICE_1);
    assert_eq!(created.name, "Quiet hours");
    assert_eq!(created.noise_threshold_decibels, 50.0);
    assert_eq!(created.starts_daily_at, "22:00:00[America/Los_Angeles]");
    assert_eq!(created.ends_daily_at, "07:00:00[America/Los_Angeles]");
    let id = created.noise_threshold_id.clone();

    if let Some(attempt) = f.ok(
        "/noise_sensors/noise_thresholds/update",
        thresholds
            .update(
                NoiseSensorsNoiseThresholdsUpdateRequest::new(seed::MINUT_DEVICE_1, &id)
                    .noise_threshold_decibels(55.0),
            )
            .await
            // `x-response-key: null`: the spec promises nothing back; the fake sends it.
            .map(|value| value.expect("the fake returns the attempt")),
    ) {
        check_attempt(
            &mut f,
            "/noise_sensors/noise_thresholds/update",
            &attempt,
            "UPDATE_NOISE_THRESHOLD",
            "success",
        );
        let got = thresholds
            .get(NoiseSensorsNoiseThresholdsGetRequest::new(&id))
            .await
            .expect("get after update");
        assert_eq!(got.noise_threshold_decibels, 55.0);
        assert_eq!(got.name, "Quiet hours");
    }
    if let Some(attempt) = f.ok(
        "/noise_sensors/noise_thresholds/delete",
        thresholds
            .delete(NoiseSensorsNoiseThresholdsDeleteRequest::new(
                seed::MINUT_DEVICE_1,
                &id,
            ))
            .await
            // `x-response-key: null`: the spec promises nothing back; the fake sends it.
            .map(|value| value.expect("the fake returns the attempt")),
    ) {
        check_attempt(
            &mut f,
            "/noise_sensors/noise_thresholds/delete",
            &attempt,
            "DELETE_NOISE_THRESHOLD",
            "success",
        );
        let listed = thresholds
            .list(NoiseSensorsNoiseThresholdsListRequest::new(
                seed::MINUT_DEVICE_1,
            ))
            .await
            .expect("list after delete");
        assert!(
            !listed.iter().any(|t| t.noise_threshold_id == id),
            "{listed:?}"
        );
    }
    f.finish();
}

/// `acs/users`, `acs/entrances` and the `user_identities` stubs.
#[tokio::test]
async fn acs() {
    const ENTRANCE: &str = "acs_entrance1";
    const ACCESS_GROUP: &str = "acs_access_group1";
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();
    let users = seam.acs().users();
    let entrances = seam.acs().entrances();

    if let Some(listed) = f.ok(
        "/acs/entrances/list",
        entrances
            .list(AcsEntrancesListRequest::new().acs_system_id(seed::VISIONLINE_ACS_SYSTEM_ID))
            .await,
    ) {
        assert_eq!(ids(&listed, |e| &e.acs_entrance_id), [ENTRANCE]);
    }
    if let Some(entrance) = f.ok(
        "/acs/entrances/get",
        entrances.get(AcsEntrancesGetRequest::new(ENTRANCE)).await,
    ) {
        assert_eq!(entrance.acs_entrance_id, ENTRANCE);
        assert_eq!(entrance.display_name, "Lobby");
        assert_eq!(entrance.acs_system_id, seed::VISIONLINE_ACS_SYSTEM_ID);
    }

    let created = f.ok(
        "/acs/users/create",
        users
            .create(
                AcsUsersCreateRequest::new(seed::VISIONLINE_ACS_SYSTEM_ID, "Jane Doe")
                    .email_address("jane.doe@example.com")
                    .phone_number("+15555550100")
                    .user_identity_id(seed::USER_IDENTITY_ID),
            )
            .await,
    );
    if let Some(user) = &created {
        assert_eq!(user.acs_system_id, seed::VISIONLINE_ACS_SYSTEM_ID);
        assert_eq!(user.full_name.as_deref(), Some("Jane Doe"));
        assert_eq!(user.email_address.as_deref(), Some("jane.doe@example.com"));
        assert_eq!(user.phone_number.as_deref(), Some("+15555550100"));
        assert_eq!(
            user.user_identity_id.as_deref(),
            Some(seed::USER_IDENTITY_ID)
        );
        assert_eq!(user.workspace_id, seed::WORKSPACE_ID);
    }
    // If the answer of `create` does not decode, the user was still created, with the fake's
    // first id: carry on with it so the routes below are still exercised.
    let user_id = match &created {
        Some(user) => user.acs_user_id.clone(),
        None => "acs_user1".to_owned(),
    };

    if let Some(got) = f.ok(
        "/acs/users/get",
        users
            .get(AcsUsersGetRequest::new().acs_user_id(&user_id))
            .await,
    ) {
        assert_eq!(got.acs_user_id, user_id);
        assert_eq!(got.display_name, "Jane Doe");
        assert_eq!(got.is_suspended, Some(false));
    }
    if let Some(listed) = f.ok(
        "/acs/users/list",
        users
            .list(AcsUsersListRequest::new().acs_system_id(seed::VISIONLINE_ACS_SYSTEM_ID))
            .await,
    ) {
        assert_eq!(ids(&listed, |u| &u.acs_user_id), [user_id.as_str()]);
    }

    if f.ok(
        "/acs/users/update",
        users
            .update(
                AcsUsersUpdateRequest::new()
                    .acs_user_id(&user_id)
                    .full_name("Jane Q. Doe"),
            )
            .await,
    )
    .is_some()
    {
        if let Ok(got) = users
            .get(AcsUsersGetRequest::new().acs_user_id(&user_id))
            .await
        {
            assert_eq!(got.full_name.as_deref(), Some("Jane Q. Doe"));
        }
    }

    if f.ok(
        "/acs/users/suspend",
        users
            .suspend(AcsUsersSuspendRequest::new().acs_user_id(&user_id))
            .await,
    )
    .is_some()
    {
        if let Ok(got) = users
            .get(AcsUsersGetRequest::new().acs_user_id(&user_id))
            .await
        {
            assert_eq!(got.is_suspended, Some(true));
        }
    }
    if f.ok(
        "/acs/users/unsuspend",
        users
            .unsuspend(AcsUsersUnsuspendRequest::new().acs_user_id(&user_id))
            .await,
    )
    .is_some()
    {
        if let Ok(got) = users
            .get(AcsUsersGetRequest::new().acs_user_id(&user_id))
            .await
        {
            assert_eq!(got.is_suspended, Some(false));
        }
    }

    // These three answer `{}`: `()` in the SDK. An unknown id is a 404, so success means the
    // fake found both the user and the group or entrance.
    f.ok(
        "/acs/users/add_to_access_group",
        users
            .add_to_access_group(AcsUsersAddToAccessGroupRequest::new(ACCESS_GROUP, &user_id))
            .await,
    );
    f.ok(
        "/acs/users/remove_from_access_group",
        users
            .remove_from_access_group(
                AcsUsersRemoveFromAccessGroupRequest::new(ACCESS_GROUP).acs_user_id(&user_id),
            )
            .await,
    );
    f.ok(
        "/acs/entrances/grant_access",
        entrances
            .grant_access(AcsEntrancesGrantAccessRequest::new(ENTRANCE).acs_user_id(&user_id))
            .await,
    );
    let err = users
        .add_to_access_group(AcsUsersAddToAccessGroupRequest::new(
            "no_such_group",
            &user_id,
        ))
        .await
        .expect_err("unknown group");
    assert_eq!(
        err.error_type(),
        Some("acs_access_group_not_found"),
        "{err}"
    );

    // Stubs: both always answer `500 Not implemented!`.
    let added = seam
        .user_identities()
        .add_acs_user(
            UserIdentitiesAddAcsUserRequest::new("1b1e0b4e-6f3c-4e0e-9d6a-3c2a1f0e9b7d")
                .user_identity_id("8d3f5a2c-1e4b-4c6d-9f7a-2b5e8c1d4a6f"),
        )
        .await;
    if !deviates(&added, "500") {
        f.fail(
            "/user_identities/add_acs_user",
            format!("no longer a stub; cover it: {added:?}"),
        );
    }
    let identity = seam
        .user_identities()
        .create(
            UserIdentitiesCreateRequest::new()
                .user_identity_key("jane_doe")
                .email_address("jane.doe@example.com")
                .full_name("Jane Doe"),
        )
        .await;
    if !deviates(&identity, "500") {
        f.fail(
            "/user_identities/create",
            format!("no longer a stub; cover it: {identity:?}"),
        );
    }

    if f.ok(
        "/acs/users/delete",
        users
            .delete(AcsUsersDeleteRequest::new().acs_user_id(&user_id))
            .await,
    )
    .is_some()
    {
        let err = users
            .get(AcsUsersGetRequest::new().acs_user_id(&user_id))
            .await
            .expect_err("deleted");
        assert_eq!(err.error_type(), Some("acs_user_not_found"), "{err}");
    }
    f.finish();
}

/// `client_sessions` (with an API key and with a publishable key) and `connect_webviews`.
#[tokio::test]
async fn client_sessions_and_connect_webviews() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    if let Some(session) = f.ok(
        "/client_sessions/get",
        seam.client_sessions()
            .get(ClientSessionsGetRequest::new().user_identifier_key(seed::USER_IDENTIFIER_KEY))
            .await,
    ) {
        assert_eq!(session.token, seed::CLIENT_SESSION_TOKEN);
        assert_eq!(
            session.connected_account_ids,
            [seed::JOHN_CONNECTED_ACCOUNT_ID]
        );
        // John's account holds the two August locks, the thermostat and the noise sensor.
        assert_eq!(session.device_count, 4.0);
    }

    if let Some(session) = f.ok(
        "/client_sessions/create",
        seam.client_sessions()
            .create(
                ClientSessionsCreateRequest::new()
                    .user_identifier_key("user-7")
                    .connected_account_ids([seed::JANE_CONNECTED_ACCOUNT_ID]),
            )
            .await,
    ) {
        assert_eq!(session.user_identifier_key.as_deref(), Some("user-7"));
        assert_eq!(
            session.connected_account_ids,
            [seed::JANE_CONNECTED_ACCOUNT_ID]
        );
        assert_eq!(session.device_count, 1.0);
        assert_eq!(session.workspace_id, seed::WORKSPACE_ID);
        if let Some(got) = f.ok(
            "/client_sessions/get",
            seam.client_sessions()
                .get(ClientSessionsGetRequest::new().client_session_id(&session.client_session_id))
                .await,
        ) {
            assert_eq!(got.token, session.token);
        }
    }

    // `get_or_create` is for a publishable key, sent in a header the SDK adds only inside
    // `Seam::from_publishable_key`; here the HTTP client adds it to every request.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "seam-publishable-key",
        reqwest::header::HeaderValue::from_static(seed::PUBLISHABLE_KEY),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("HTTP client");
    let publishable = builder(&fake)
        .api_key(seed::API_KEY)
        .http_client(http)
        .build()
        .expect("client");
    if let Some(session) = f.ok(
        "/client_sessions/get_or_create",
        publishable
            .client_sessions()
            .get_or_create(ClientSessionsGetOrCreateRequest::new().user_identifier_key("user-42"))
            .await,
    ) {
        assert_eq!(session.user_identifier_key.as_deref(), Some("user-42"));
        assert!(session.connected_account_ids.is_empty());
        // The same key again: the same session.
        if let Some(again) = f.ok(
            "/client_sessions/get_or_create",
            publishable
                .client_sessions()
                .get_or_create(
                    ClientSessionsGetOrCreateRequest::new().user_identifier_key("user-42"),
                )
                .await,
        ) {
            assert_eq!(again.client_session_id, session.client_session_id);
        }
    }

    let created = f.ok(
        "/connect_webviews/create",
        seam.connect_webviews()
            .create(
                ConnectWebviewsCreateRequest::new()
                    .accepted_providers(["august", "schlage"])
                    .custom_redirect_url("https://example.com/done")
                    .device_selection_mode("single"),
            )
            .await,
    );
    if let Some(webview) = &created {
        assert_eq!(webview.accepted_providers, ["august", "schlage"]);
        assert_eq!(
            webview.custom_redirect_url.as_deref(),
            Some("https://example.com/done")
        );
        assert_eq!(webview.device_selection_mode.as_str(), "single");
        assert_eq!(webview.status.as_str(), "pending");
        assert!(
            webview.url.contains(&webview.connect_webview_id),
            "{}",
            webview.url
        );
        if let Some(got) = f.ok(
            "/connect_webviews/get",
            seam.connect_webviews()
                .get(ConnectWebviewsGetRequest::new(&webview.connect_webview_id))
                .await,
        ) {
            assert_eq!(&got, webview);
        }
    }
    if let Some(listed) = f.ok(
        "/connect_webviews/list",
        seam.connect_webviews()
            .list(ConnectWebviewsListRequest::new())
            .await,
    ) {
        // The seeded one (authorized, John's account) and the new one.
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert_eq!(listed[0].status.as_str(), "authorized");
        assert_eq!(
            listed[0].connected_account_id.as_deref(),
            Some(seed::JOHN_CONNECTED_ACCOUNT_ID)
        );
        if let Some(webview) = &created {
            assert_eq!(listed[1].connect_webview_id, webview.connect_webview_id);
        }
    }
    f.finish();
}

/// `webhooks`: create, get, list, delete.
#[tokio::test]
async fn webhooks() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    let created = f.ok(
        "/webhooks/create",
        seam.webhooks()
            .create(
                WebhooksCreateRequest::new("https://example.com/seam-events")
                    .event_types(["device.connected", "lock.unlocked"]),
            )
            .await,
    );
    let Some(created) = created else {
        return f.finish();
    };
    assert_eq!(created.url, "https://example.com/seam-events");
    assert_eq!(
        created.event_types.as_deref(),
        Some(&["device.connected".to_owned(), "lock.unlocked".to_owned()][..])
    );
    assert!(created.secret.as_deref().is_some_and(|s| !s.is_empty()));

    if let Some(got) = f.ok(
        "/webhooks/get",
        seam.webhooks()
            .get(WebhooksGetRequest::new(&created.webhook_id))
            .await,
    ) {
        assert_eq!(got.webhook_id, created.webhook_id);
        assert_eq!(got.url, created.url);
    }
    if let Some(listed) = f.ok("/webhooks/list", seam.webhooks().list().await) {
        assert_eq!(
            ids(&listed, |w| &w.webhook_id),
            [created.webhook_id.as_str()]
        );
    }
    if f.ok(
        "/webhooks/delete",
        seam.webhooks()
            .delete(WebhooksDeleteRequest::new(&created.webhook_id))
            .await,
    )
    .is_some()
    {
        let listed = seam.webhooks().list().await.expect("list after delete");
        assert!(listed.is_empty(), "{listed:?}");
    }
    f.finish();
}

/// `workspaces/create` (with a personal access token) and `workspaces/reset_sandbox`.
#[tokio::test]
async fn workspaces() {
    let fake = start_fake();
    let seam = client(&fake);
    let mut f = Failures::default();

    let pat = builder(&fake)
        .personal_access_token_without_workspace(seed::PERSONAL_ACCESS_TOKEN)
        .build()
        .expect("client");
    if let Some(workspace) = f.ok(
        "/workspaces/create",
        pat.workspaces()
            .create(
                WorkspacesCreateRequest::new("Acme Rentals")
                    .connect_partner_name("Acme")
                    .is_sandbox(true),
            )
            .await,
    ) {
        assert_eq!(workspace.name, "Acme Rentals");
        assert_eq!(workspace.connect_partner_name.as_deref(), Some("Acme"));
        assert!(workspace.is_sandbox);
        assert_ne!(workspace.workspace_id, seed::WORKSPACE_ID);
    }

    // The fake's reset removes everything of the workspace, its API keys and the workspace
    // itself included, so the SDK cannot poll the attempt afterwards: take it as first sent.
    if let Some(attempt) = f.ok(
        "/workspaces/reset_sandbox",
        seam.workspaces().reset_sandbox().wait(false).await,
    ) {
        check_attempt(
            &mut f,
            "/workspaces/reset_sandbox",
            &attempt,
            "RESET_SANDBOX_WORKSPACE",
            "pending",
        );
        let err = seam
            .devices()
            .list(DevicesListRequest::new())
            .await
            .expect_err("the key went with the reset");
        assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    }
    f.finish();
}

/// `seam/bridge/v1/…`, undocumented: a bridge client session's own routes.
#[cfg(feature = "undocumented")]
#[tokio::test]
async fn seam_bridge() {
    let fake = start_fake();
    let mut f = Failures::default();

    // `create` needs no credentials (it is for a certified client); any client will do.
    let seam = client(&fake);
    let created = f.ok(
        "/seam/bridge/v1/bridge_client_sessions/create",
        seam.seam()
            .bridge()
            .v1()
            .bridge_client_sessions()
            .create(SeamBridgeV1BridgeClientSessionsCreateRequest::new(
                "machine-7",
                "seam_bridge",
                "Europe/Paris",
            ))
            .await,
    );
    if let Some(session) = &created {
        assert_eq!(session.bridge_client_name, "seam_bridge");
        assert_eq!(session.bridge_client_time_zone, "Europe/Paris");
        assert_eq!(session.bridge_client_machine_identifier_key, "machine-7");
        assert_eq!(session.bridge_client_session_token, "seam_bridge_token");
        assert_eq!(session.pairing_code.len(), 6, "{}", session.pairing_code);
    }

    // The new session's token looks like an API key, so the SDK can send it.
    let bridge = builder(&fake)
        .api_key("seam_bridge_token")
        .build()
        .expect("client");
    let sessions = bridge.seam().bridge().v1().bridge_client_sessions();
    if let Some(got) = f.ok(
        "/seam/bridge/v1/bridge_client_sessions/get",
        sessions.get().await,
    ) {
        if let Some(created) = &created {
            assert_eq!(
                got.bridge_client_session_id,
                created.bridge_client_session_id
            );
        }
    }
    if let Some(regenerated) = f.ok(
        "/seam/bridge/v1/bridge_client_sessions/regenerate_pairing_code",
        sessions.regenerate_pairing_code().await,
    ) {
        assert_eq!(regenerated.pairing_code.len(), 6);
        let got = sessions.get().await.expect("get after regenerate");
        assert_eq!(got.pairing_code, regenerated.pairing_code);
    }
    f.ok(
        "/seam/bridge/v1/bridge_client_sessions/report_status",
        sessions
            .report_status(SeamBridgeV1BridgeClientSessionsReportStatusRequest::new(
                Some(true),
                Some("100.64.0.7".to_owned()),
            ))
            .await,
    );
    // The new session has no bridge: an empty list.
    if let Some(systems) = f.ok(
        "/seam/bridge/v1/bridge_connected_systems/list",
        bridge
            .seam()
            .bridge()
            .v1()
            .bridge_connected_systems()
            .list()
            .await,
    ) {
        assert!(systems.is_empty(), "{systems:?}");
    }

    // The extra seed's session `bcs2` has a bridge, with one ACS system behind it.
    let paired = builder(&fake)
        .api_key("seam_bcs2_token")
        .build()
        .expect("client");
    if let Some(got) = f.ok(
        "/seam/bridge/v1/bridge_client_sessions/get",
        paired
            .seam()
            .bridge()
            .v1()
            .bridge_client_sessions()
            .get()
            .await,
    ) {
        assert_eq!(got.bridge_client_session_id, "bcs2");
        assert_eq!(got.pairing_code, "654321");
        assert_eq!(got.bridge_client_name, "bridge_2");
    }
    if let Some(systems) = f.ok(
        "/seam/bridge/v1/bridge_connected_systems/list",
        paired
            .seam()
            .bridge()
            .v1()
            .bridge_connected_systems()
            .list()
            .await,
    ) {
        assert_eq!(systems.len(), 1, "{systems:?}");
        let system = &systems[0];
        assert_eq!(system.bridge_id, "bid1");
        assert_eq!(system.acs_system_id, "bridge_acs_system_1");
        assert_eq!(system.acs_system_display_name, "Bridged Salto Space");
        assert_eq!(system.connected_account_id, "bridge_connected_account_id");
        assert_eq!(system.workspace_id, seed::EMPTY_WORKSPACE_ID);
        assert_eq!(system.workspace_display_name, "Empty Workspace");
    }
    f.finish();
}
