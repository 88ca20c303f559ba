//! Unlocks a door and waits until the lock confirms it.
//!
//! ```sh
//! SEAM_API_KEY=seam_… cargo run -p seam-sdk --example unlock_door -- <device_id>
//! ```
//!
//! Without a device id, it unlocks the first device of the workspace that can be unlocked
//! remotely. `SEAM_ENDPOINT` points it at another server than Seam's (a fake, in tests).

use std::time::Duration;

use futures_util::StreamExt;
use seam_sdk::types::{
    ActionAttempt, DevicesGetRequest, DevicesListRequest, LocksUnlockDoorRequest,
};
use seam_sdk::{Error, Seam, WaitOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seam = Seam::from_env()?; // SEAM_API_KEY, and SEAM_ENDPOINT if set
    let device_id = match std::env::args().nth(1) {
        Some(device_id) => device_id,
        None => first_unlockable(&seam)
            .await?
            .ok_or("no device of this workspace can be unlocked remotely")?,
    };
    let (attempt, locked) = unlock(&seam, &device_id).await?;
    println!(
        "{}: {} ({}); the lock now reports locked = {locked:?}",
        device_id,
        attempt.action_type().unwrap_or("?"),
        attempt.status().unwrap_or("?"),
    );
    Ok(())
}

/// Unlocks `device_id`, waits (up to 30 s) for the action attempt to succeed, then reads the
/// device back: returns the finished attempt and what the lock now reports.
///
/// A lock that refuses ends in `Error::ActionAttemptFailed` (with the attempt's error), one that
/// takes longer than 30 s in `Error::ActionAttemptTimedOut`.
pub async fn unlock(seam: &Seam, device_id: &str) -> Result<(ActionAttempt, Option<bool>), Error> {
    let attempt = seam
        .locks()
        .unlock_door(LocksUnlockDoorRequest::new(device_id))
        .wait_options(WaitOptions::default().timeout(Duration::from_secs(30)))
        .await?;
    let device = seam
        .devices()
        .get(DevicesGetRequest::new().device_id(device_id))
        .await?;
    Ok((attempt, device.properties.locked))
}

/// The first device that says it can be unlocked remotely.
pub async fn first_unlockable(seam: &Seam) -> Result<Option<String>, Error> {
    let mut devices = std::pin::pin!(seam.devices().list(DevicesListRequest::new()).stream());
    while let Some(device) = devices.next().await {
        let device = device?;
        if device.can_remotely_unlock == Some(true) {
            return Ok(Some(device.device_id));
        }
    }
    Ok(None)
}
