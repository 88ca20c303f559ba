//! Lists every device of the workspace, streaming them page by page.
//!
//! ```sh
//! SEAM_API_KEY=seam_… cargo run -p seam-sdk --example list_devices
//! ```
//!
//! `SEAM_ENDPOINT` points it at another server than Seam's (a fake, in tests).

use std::io::Write;

use futures_util::StreamExt;
use seam_sdk::types::DevicesListRequest;
use seam_sdk::Seam;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seam = Seam::from_env()?; // SEAM_API_KEY, and SEAM_ENDPOINT if set
    let count = print_devices(&seam, &mut std::io::stdout().lock()).await?;
    eprintln!("{count} devices");
    Ok(())
}

/// Writes one line per device (id, type, name, online) to `out`, and returns how many there
/// were. Pages of 100 are fetched as the stream reaches them: only one is in memory at a time.
pub async fn print_devices(
    seam: &Seam,
    out: &mut impl Write,
) -> Result<usize, Box<dyn std::error::Error>> {
    let mut devices = std::pin::pin!(seam
        .devices()
        .list(DevicesListRequest::new().limit(100))
        .stream());
    let mut count = 0;
    while let Some(device) = devices.next().await {
        let device = device?;
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            device.device_id,
            device.device_type.as_str(),
            device.display_name,
            if device.properties.online {
                "online"
            } else {
                "offline"
            },
        )?;
        count += 1;
    }
    Ok(count)
}
