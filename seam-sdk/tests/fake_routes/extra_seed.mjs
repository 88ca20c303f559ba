// Preloaded into the fake Seam server by `tests/fake_routes.rs` (through `NODE_OPTIONS=--import`).
//
// The fake's `--seed` has no ACS entrance, no ACS access group and no Seam Bridge, and no public
// route of the fake creates one (`POST /_fake/database` replaces the whole store, methods
// included, and breaks the server). So this wraps `Fake.prototype.seed` to add them after the
// standard seed, with the fake's own database methods, so they look exactly as the fake's own
// code would make them. Everything added here is listed in `fake_routes.rs`.
import { Fake } from "../../../fake-server/node_modules/@seamapi/fake-seam-connect/dist/index.js";

const seed = Fake.prototype.seed;

Fake.prototype.seed = async function seedWithExtras() {
  const result = await seed.call(this);
  const db = this.database;

  // In "My Workspace", on the seeded Visionline system: `acs_entrance1`, `acs_access_group1`.
  db.addAcsEntrance({
    acs_system_id: result.visionline_acs_system_1,
    display_name: "Lobby",
    visionline_metadata: { door_name: "Lobby", door_category: "common" },
  });
  db.addAcsAccessGroup({
    acs_system_id: result.visionline_acs_system_1,
    workspace_id: result.seed_workspace_1,
    name: "Staff",
    external_type: "salto_access_group",
  });

  // A bridge client session `bcs2` like the seeded `bcs1`, but with a token shaped like an API
  // key (`seam_bcs2_token`), which the SDK can send. In "Empty Workspace" (so the first
  // workspace's seed stays as documented in `support`): a Seam Bridge paired with `bcs2`, a
  // connected account behind it and an ACS system on that account, which
  // `bridge_connected_systems/list` joins.
  db.addBridgeClientSession({
    bridge_client_session_id: "bcs2",
    bridge_client_session_token: "seam_bcs2_token",
    pairing_code: "654321",
    pairing_code_expires_at: new Date().toISOString(),
    tailscale_hostname: "bcs2_tailscale_host",
    tailscale_auth_key: null,
    bridge_client_name: "bridge_2",
    bridge_client_time_zone: "Europe/Paris",
    bridge_client_machine_identifier_key: "bcs2_machine",
  });
  const bridge = db.addBridge({
    workspace_id: result.seed_workspace_2,
    bridge_client_session_id: "bcs2",
  });
  db.addConnectedAccount({
    provider: "salto_space",
    workspace_id: result.seed_workspace_2,
    connected_account_id: "bridge_connected_account_id",
    user_identifier: { email: "bridge@example.com" },
    bridge_id: bridge.bridge_id,
  });
  db.addAcsSystem({
    acs_system_id: "bridge_acs_system_1",
    external_type: "salto_space_system",
    name: "Bridged Salto Space",
    workspace_id: result.seed_workspace_2,
    connected_account_id: "bridge_connected_account_id",
  });

  return result;
};
