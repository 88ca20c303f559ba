//! Receives Seam's webhooks with axum: checks each delivery's signature and timestamp, decodes
//! the event, and for an unlocked lock asks the API which door it was.
//!
//! ```sh
//! SEAM_WEBHOOK_SECRET=whsec_… SEAM_API_KEY=seam_… \
//!     cargo run -p seam-sdk --example webhook_receiver
//! ```
//!
//! It listens on `127.0.0.1:3000` (`PORT` changes the port) for `POST /webhooks`; expose that
//! URL to Seam (with a tunnel, in development) and register it with
//! `seam.webhooks().create(…)`, which gives the secret. `SEAM_ENDPOINT` points the API calls at
//! another server than Seam's (a fake, in tests).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use seam_sdk::types::{DevicesGetRequest, Event};
use seam_sdk::webhooks::Webhook;
use seam_sdk::Seam;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("SEAM_WEBHOOK_SECRET")
        .map_err(|_| "set SEAM_WEBHOOK_SECRET to the webhook's secret (whsec_…)")?;
    let seam = Seam::from_env()?; // SEAM_API_KEY, and SEAM_ENDPOINT if set
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 3000,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    eprintln!("listening on http://{}/webhooks", listener.local_addr()?);
    axum::serve(listener, app(seam, Webhook::new(&secret)?)).await?;
    Ok(())
}

/// What every request handler shares.
#[derive(Clone)]
struct Receiver {
    seam: Seam,
    webhook: Arc<Webhook>,
}

/// The webhook endpoint, `POST /webhooks`: `200` with a line about the event for a delivery it
/// accepted (after handling it), `400` for one not signed with `webhook`'s secret, or too old
/// (a replay).
pub fn app(seam: Seam, webhook: Webhook) -> Router {
    let receiver = Receiver {
        seam,
        webhook: Arc::new(webhook),
    };
    Router::new()
        .route("/webhooks", post(receive))
        .with_state(receiver)
}

async fn receive(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: Bytes, // verified as received: re-serialized JSON would not match the signature
) -> (StatusCode, String) {
    let event = match receiver.webhook.verify_event(&body, &headers) {
        Ok(event) => event,
        Err(error) => {
            eprintln!("refused a delivery: {error}");
            return (StatusCode::BAD_REQUEST, error.to_string());
        }
    };
    // Seam retries a delivery that is not answered 2xx within 15 s: anything slow belongs in a
    // queue or a spawned task. One API call is fine.
    let message = describe(&receiver.seam, &event).await;
    println!("{message}");
    (StatusCode::OK, message)
}

/// One line about `event`, naming the door for `lock.unlocked`.
pub async fn describe(seam: &Seam, event: &Event) -> String {
    match event {
        Event::LockUnlocked(unlocked) => {
            let Some(device_id) = &unlocked.device_id else {
                return "a lock was unlocked".to_string();
            };
            match seam
                .devices()
                .get(DevicesGetRequest::new().device_id(device_id))
                .await
            {
                Ok(device) => format!("{} was unlocked", device.display_name),
                Err(error) => format!("{device_id} was unlocked ({error})"),
            }
        }
        // Seam adds event types: an unknown one arrives as `Event::Unknown`, still with its type.
        other => format!("received {}", other.event_type().unwrap_or("an event")),
    }
}
