//! Sets custom metadata on a connected account (a user's account with a device provider), the
//! usual place for your own ids, so that webhooks and lists can be matched to your users.
//!
//! ```sh
//! SEAM_API_KEY=seam_… cargo run -p seam-sdk --example update_connected_account -- \
//!     <connected_account_id> internal_account_id=user-1 vip=true
//! ```
//!
//! Values `true` and `false` are sent as booleans, others as strings. `SEAM_ENDPOINT` points it
//! at another server than Seam's (a fake, in tests).

use seam_sdk::types::{
    ConnectedAccount, ConnectedAccountsGetRequest, ConnectedAccountsUpdateRequest,
    CustomMetadataValue,
};
use seam_sdk::{Error, Seam};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let account_id = args
        .next()
        .ok_or("usage: update_connected_account <connected_account_id> [key=value…]")?;
    let pairs = args
        .map(|arg| match arg.split_once('=') {
            Some((key, value)) => Ok((key.to_string(), value.to_string())),
            None => Err(format!("expected key=value, not {arg:?}")),
        })
        .collect::<Result<Vec<_>, _>>()?;

    let seam = Seam::from_env()?; // SEAM_API_KEY, and SEAM_ENDPOINT if set
    let account = set_metadata(&seam, &account_id, &pairs).await?;
    println!(
        "{} ({})",
        account.display_name, account.connected_account_id
    );
    for (key, value) in &account.custom_metadata {
        println!("  {key} = {value:?}");
    }
    Ok(())
}

/// Adds `pairs` to the custom metadata of the connected account `account_id` and returns the
/// updated account: as the server sent it back, or read again when the server answered only
/// `{"ok": true}` (as Seam documents it may). The SDK checks the metadata against Seam's limits (at most 50 keys of at
/// most 40 characters, string values of at most 500) before sending: a request that breaks
/// them comes back as `Error::InvalidArgument` naming each key, and is never sent.
pub async fn set_metadata(
    seam: &Seam,
    account_id: &str,
    pairs: &[(String, String)],
) -> Result<ConnectedAccount, Error> {
    let metadata = pairs.iter().map(|(key, value)| {
        let value = match value.as_str() {
            "true" => CustomMetadataValue::from(true),
            "false" => CustomMetadataValue::from(false),
            text => CustomMetadataValue::from(text),
        };
        (key.clone(), value)
    });
    let updated = seam
        .connected_accounts()
        .update(ConnectedAccountsUpdateRequest::new(account_id).custom_metadata(metadata))
        .await?;
    match updated {
        Some(account) => Ok(account),
        None => {
            seam.connected_accounts()
                .get(ConnectedAccountsGetRequest::connected_account_id(
                    account_id,
                ))
                .await
        }
    }
}
