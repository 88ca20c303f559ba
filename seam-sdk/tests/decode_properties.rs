//! Decoding property tests: every component schema of `spec/openapi.json` is a model in
//! `seam_sdk::types`, and each must decode what the spec allows and survive what Seam adds to
//! its API all the time (new fields, new enum values, new union variants).
//!
//! Instances are built from the spec at test time (nothing here names a field of a model): a
//! walk of the schema, driven by a seeded xorshift PRNG, gives objects with their properties
//! (optional ones now and then left out), arrays of 0–2 items, each `oneOf` variant in turn
//! across cases, enum values, plausible strings for ids, dates, URLs and emails, and `null` now
//! and then where the spec says `nullable`. Each model gets at least [`MIN_CASES`] cases; a
//! model that is itself a union (events, action attempts) gets each of its variants built with
//! each variant of the largest union inside it, twice over (`DECODE_PROPERTIES_VERBOSE=1` lists
//! the `oneOf` variants no case built).
//!
//! Then, into a copy of each instance, the tests inject:
//! - unknown fields, at random object levels (their values any JSON);
//! - unknown values, at random string-enum positions (and unions of string enums);
//! - unknown variants, at random tagged-union positions: a whole new object whose tag
//!   properties (the discriminator, or the single-valued string enum properties that tell the
//!   variants apart, e.g. `error_code`, `event_type`, `action_type` + `status`) hold values the
//!   spec does not list.
//!
//! The checks, one test each, so a report says which rule broke:
//! - [`spec_instances_round_trip`]: each instance decodes into its model, and re-serializes to
//!   JSON equal to the input, modulo a `null` dropped for an optional field, a default (`null`,
//!   `[]`, `{}`) added for a field the input left out, and `1` versus `1.0`;
//! - [`injected_unknowns_survive_a_round_trip`]: each mutated instance decodes, and its
//!   re-serialized JSON holds every injected enum value and every injected union object,
//!   exactly, at the same JSON path, and is otherwise equal to the input as above; injected
//!   unknown *fields* may vanish: generated structs ignore unknown fields (the documented rule);
//! - [`known_values_decode_to_known_variants`]: in an instance the spec allows, no value lands in
//!   a fallback variant (`Unknown(…)`) of an enum or union: a value the spec lists must decode
//!   as what the spec says it is, or code matching on it never sees it;
//! - [`every_component_schema_has_a_model`]: the table below covers every component schema.
//!
//! A failure names the check, the model, the case and its seed, the JSON path, the schema
//! pointer, and the JSON in and out at that path; the whole instance is written under
//! `target/tmp/decode_properties/`. To rerun one case:
//! `DECODE_PROPERTIES_MODEL=event DECODE_PROPERTIES_CASE=17 cargo test -p seam-sdk --test
//! decode_properties -- --nocapture`. `DECODE_PROPERTIES_CASES=n` changes the number of cases,
//! `DECODE_PROPERTIES_SEED=n` explores other instances.
//!
//! Models whose types exist only with the `undocumented` feature are tested when it is on
//! (`cargo test -p seam-sdk --all-features --test decode_properties`); the default features
//! test the others. Never work around a failure here: it is the generator's (or the spec's).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{Debug, Write as _};
use std::path::PathBuf;
use std::sync::OnceLock;

use seam_sdk::types;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Cases per model, at least.
const MIN_CASES: usize = 64;
/// Percent chance that a nullable value is `null`.
const NULL_PERCENT: u64 = 20;
/// Percent chance that an optional property is left out.
const OMIT_PERCENT: u64 = 10;
/// Percent chance, per site, of an injection.
const UNION_PERCENT: u64 = 30;
const ENUM_PERCENT: u64 = 30;
const FIELD_PERCENT: u64 = 25;
/// The first failures of one kind shown in full; the rest are counted.
const SHOWN_EXAMPLES: usize = 1;

// ---------------------------------------------------------------------------------------------
// The models: every component schema, by its key in the spec.

macro_rules! models {
    (
        documented: { $($key:literal => $ty:ident,)* }
        undocumented: { $($ukey:literal => $uty:ident,)* }
    ) => {
        /// Component schemas whose models exist only with the `undocumented` feature.
        const UNDOCUMENTED_ONLY: &[&str] = &[$($ukey),*];

        /// The models this build has. (Some are deprecated: they are still decoded.)
        #[allow(deprecated)]
        fn models() -> Vec<Model> {
            #[allow(unused_mut)]
            let mut models = vec![$(Model::of::<types::$ty>($key)),*];
            #[cfg(feature = "undocumented")]
            models.extend([$(Model::of::<types::$uty>($ukey)),*]);
            models
        }
    };
}

models! {
    documented: {
        "access_code" => AccessCode,
        "access_grant" => AccessGrant,
        "access_method" => AccessMethod,
        "acs_access_group" => AcsAccessGroup,
        "acs_credential" => AcsCredential,
        "acs_encoder" => AcsEncoder,
        "acs_entrance" => AcsEntrance,
        "acs_system" => AcsSystem,
        "acs_user" => AcsUser,
        "action_attempt" => ActionAttempt,
        "client_session" => ClientSession,
        "connect_webview" => ConnectWebview,
        "connected_account" => ConnectedAccount,
        "customer_portal" => CustomerPortal,
        "device" => Device,
        "device_provider" => DeviceProvider,
        "event" => Event,
        "instant_key" => InstantKey,
        "noise_threshold" => NoiseThreshold,
        "pagination" => Pagination,
        "phone" => Phone,
        "space" => Space,
        "staff_member" => StaffMember,
        "thermostat_daily_program" => ThermostatDailyProgram,
        "thermostat_schedule" => ThermostatSchedule,
        "unmanaged_access_code" => UnmanagedAccessCode,
        "unmanaged_access_grant" => UnmanagedAccessGrant,
        "unmanaged_access_method" => UnmanagedAccessMethod,
        "unmanaged_device" => UnmanagedDevice,
        "unmanaged_user_identity" => UnmanagedUserIdentity,
        "user_identity" => UserIdentity,
        "webhook" => Webhook,
        "workspace" => Workspace,
    }
    undocumented: {
        "acs_credential_pool" => AcsCredentialPool,
        "acs_credential_provisioning_automation" => AcsCredentialProvisioningAutomation,
        "batch" => Batch,
        "bridge_client_session" => BridgeClientSession,
        "bridge_connected_systems" => BridgeConnectedSystems,
        "customer" => Customer,
        "customization_profile" => CustomizationProfile,
        "enrollment_automation" => EnrollmentAutomation,
        "magic_link" => MagicLink,
        "phone_registration" => PhoneRegistration,
        "phone_session" => PhoneSession,
        "unmanaged_acs_access_group" => UnmanagedAcsAccessGroup,
        "unmanaged_acs_credential" => UnmanagedAcsCredential,
        "unmanaged_acs_user" => UnmanagedAcsUser,
    }
}

/// Why a value did not decode: where (a JSON pointer into the input) and what serde said.
#[derive(Debug)]
struct DecodeError {
    at: String,
    message: String,
}

/// `serde_json::from_value::<T>` then `serde_json::to_value`.
type Decode = fn(Value) -> Result<Value, DecodeError>;
/// `serde_json::from_value::<T>` then `{:?}`.
type Describe = fn(Value) -> Result<String, DecodeError>;

struct Model {
    key: &'static str,
    decode: Decode,
    describe: Describe,
}

impl Model {
    fn of<T: DeserializeOwned + Serialize + Debug>(key: &'static str) -> Model {
        Model {
            key,
            decode: round_trip::<T>,
            describe: describe::<T>,
        }
    }
}

fn from_json<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut at = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    let _ = write!(at, "/{index}");
                }
                serde_path_to_error::Segment::Map { key } => {
                    at.push('/');
                    at.push_str(&escape(key));
                }
                _ => {}
            }
        }
        DecodeError {
            at,
            message: e.inner().to_string(),
        }
    })
}

fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, DecodeError> {
    let typed: T = from_json(value)?;
    serde_json::to_value(&typed).map_err(|e| DecodeError {
        at: String::new(),
        message: format!("re-serializing failed: {e}"),
    })
}

fn describe<T: DeserializeOwned + Debug>(value: Value) -> Result<String, DecodeError> {
    from_json::<T>(value).map(|typed| format!("{typed:?}"))
}

// ---------------------------------------------------------------------------------------------
// A tiny deterministic PRNG (xorshift64*), seeded per model and case.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(splitmix(seed) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn seed_of(model: &str, case: usize) -> u64 {
    // FNV-1a of the model's key, then the case and the optional base seed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in model.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    let base = env_number("DECODE_PROPERTIES_SEED").unwrap_or(0) as u64;
    splitmix(h ^ splitmix(case as u64) ^ base.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn env_number(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {value:?}")),
    )
}

// ---------------------------------------------------------------------------------------------
// The spec.

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.json");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
    })
}

fn components() -> &'static Map<String, Value> {
    spec()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .expect("the spec has #/components/schemas")
}

/// Follows `$ref`s (to component schemas: the only kind this spec uses) to a schema and its
/// JSON pointer.
fn resolve<'s>(mut schema: &'s Value, pointer: &str) -> (&'s Value, String) {
    let mut pointer = pointer.to_owned();
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let key = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{pointer}: unsupported $ref {reference:?}"));
        schema = components()
            .get(key)
            .unwrap_or_else(|| panic!("{pointer}: dangling $ref {reference:?}"));
        pointer = reference.to_owned();
    }
    (schema, pointer)
}

/// The values of a string enum schema, duplicates dropped.
fn string_enum(schema: &Value) -> Option<Vec<&str>> {
    if schema.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    let mut values: Vec<&str> = Vec::new();
    for v in schema.get("enum")?.as_array()? {
        let v = v.as_str()?;
        if !values.contains(&v) {
            values.push(v);
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The single-valued string enum properties of an object schema.
fn constants(schema: &Value) -> BTreeMap<&str, &str> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    properties
        .iter()
        .filter_map(|(name, p)| match string_enum(p)?.as_slice() {
            [only] => Some((name.as_str(), *only)),
            _ => None,
        })
        .collect()
}

/// How a tagged union tells its variants apart.
#[derive(Clone, Debug)]
struct Tags {
    /// The tag properties.
    tags: Vec<String>,
    /// The properties a new variant overwrites: the tags, and for a union without a
    /// discriminator every single-valued property all variants share (any of them could be
    /// what the generator keys on).
    overwrite: Vec<String>,
    /// The tag values of the known variants.
    known: Vec<Vec<String>>,
}

/// The tags of a `oneOf`, by the documented rule: the discriminator's property, or, without one,
/// a single-valued string enum property every variant has and whose values differ, or a pair.
fn union_tags(schema: &Value, pointer: &str) -> Option<Tags> {
    let variants: Vec<&Value> = schema
        .get("oneOf")?
        .as_array()?
        .iter()
        .enumerate()
        .map(|(i, v)| resolve(v, &format!("{pointer}/oneOf/{i}")).0)
        .collect();
    let constants: Vec<BTreeMap<&str, &str>> = variants.iter().map(|v| constants(v)).collect();
    let common: Vec<&str> = constants[0]
        .keys()
        .copied()
        .filter(|k| constants.iter().all(|c| c.contains_key(k)))
        .collect();
    let known_of = |tags: &[&str]| -> Vec<Vec<String>> {
        constants
            .iter()
            .map(|c| {
                tags.iter()
                    .map(|t| c.get(t).copied().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect()
    };
    let distinct = |tags: &[&str]| {
        let known = known_of(tags);
        known.iter().collect::<BTreeSet<_>>().len() == known.len()
    };
    if let Some(name) = schema
        .pointer("/discriminator/propertyName")
        .and_then(Value::as_str)
    {
        return Some(Tags {
            tags: vec![name.to_owned()],
            overwrite: vec![name.to_owned()],
            known: known_of(&[name]),
        });
    }
    if variants.len() < 2 {
        return None;
    }
    let tags: Vec<&str> = if let Some(single) = common.iter().copied().find(|p| distinct(&[*p])) {
        vec![single]
    } else {
        let mut pair = None;
        'pairs: for (i, a) in common.iter().enumerate() {
            for b in &common[i + 1..] {
                if distinct(&[*a, *b]) {
                    pair = Some(vec![*a, *b]);
                    break 'pairs;
                }
            }
        }
        pair?
    };
    Some(Tags {
        known: known_of(&tags),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        overwrite: common.iter().map(|t| (*t).to_owned()).collect(),
    })
}

/// The number of cases of a model: [`MIN_CASES`], or, for a union model (events, action
/// attempts), enough for each variant to be built with each variant of the largest union it
/// holds, twice.
fn case_count(key: &str) -> usize {
    if let Some(n) = env_number("DECODE_PROPERTIES_CASES") {
        return n;
    }
    let pointer = format!("#/components/schemas/{key}");
    let schema = &components()[key];
    let Some(variants) = schema.get("oneOf").and_then(Value::as_array) else {
        return MIN_CASES;
    };
    let nested = variants
        .iter()
        .enumerate()
        .map(|(i, v)| largest_union(v, &format!("{pointer}/oneOf/{i}"), 0))
        .max()
        .unwrap_or(0);
    MIN_CASES.max(variants.len() * nested.max(1) * 2)
}

/// The most variants of any `oneOf` in a schema.
fn largest_union(schema: &Value, pointer: &str, depth: usize) -> usize {
    assert!(depth < 64, "{pointer}: schema too deep (a $ref cycle?)");
    let (schema, pointer) = resolve(schema, pointer);
    let mut largest = 0;
    let mut visit = |child: &Value, at: String| {
        largest = largest.max(largest_union(child, &at, depth + 1));
    };
    for key in ["oneOf", "allOf"] {
        for (i, part) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            visit(part, format!("{pointer}/{key}/{i}"));
        }
    }
    for (name, p) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        visit(p, format!("{pointer}/properties/{}", escape(name)));
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = schema.get(key).filter(|c| c.is_object()) {
            visit(child, format!("{pointer}/{key}"));
        }
    }
    let own = schema
        .get("oneOf")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    largest.max(own)
}

// ---------------------------------------------------------------------------------------------
// Instances built from the spec.

/// A place in an instance where something unknown can be injected.
#[derive(Clone, Debug)]
enum Site {
    /// A string enum (or a union of string enums).
    Enum,
    /// A tagged union.
    Union(Tags),
    /// An object with declared properties (a struct).
    Object,
}

/// An instance and what the tests need to know about it.
#[derive(Default)]
struct Built {
    value: Value,
    /// Injection sites: (JSON pointer, schema pointer, kind), parents before children.
    sites: Vec<(String, String, Site)>,
    /// JSON pointers of optional properties (whose `null` may be dropped).
    optional: BTreeSet<String>,
    /// JSON pointer → schema pointer, for every value.
    schema_at: HashMap<String, String>,
    /// The `oneOf`s with more than one variant met: (schema pointer, variant built, variants).
    unions: Vec<(String, usize, usize)>,
}

impl Built {
    /// The schema pointer of the value at `path`, or of its nearest parent the walk recorded.
    fn schema_of(&self, path: &str) -> String {
        let mut p = path;
        loop {
            if let Some(s) = self.schema_at.get(p) {
                return if p == path {
                    s.clone()
                } else {
                    format!("{s} (parent at {p:?})")
                };
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return "?".to_owned(),
            }
        }
    }
}

struct Generator {
    rng: Rng,
    case: usize,
    /// Where the unions inside the model start turning: the case, or for a union model its
    /// variant plus how many times its variants went by before this case.
    turn: usize,
    /// How often each `oneOf` (by schema pointer) was met in this instance: variants are taken
    /// in turn, so across cases every variant is built.
    met: HashMap<String, usize>,
    built: Built,
    depth: usize,
    counter: usize,
}

fn build(model: &str, case: usize, seed: u64) -> Built {
    let variants = components()[model]
        .get("oneOf")
        .and_then(Value::as_array)
        .map_or(1, Vec::len);
    let mut g = Generator {
        rng: Rng::new(seed),
        case,
        turn: if variants > 1 {
            case % variants + case / variants
        } else {
            case
        },
        met: HashMap::new(),
        built: Built::default(),
        depth: 0,
        counter: 0,
    };
    let pointer = format!("#/components/schemas/{model}");
    let value = g.value(&components()[model], &pointer, "", false);
    g.built.value = value;
    g.built
}

impl Generator {
    fn value(&mut self, schema: &'static Value, pointer: &str, path: &str, is_tag: bool) -> Value {
        self.depth += 1;
        assert!(
            self.depth < 64,
            "{pointer}: schema too deep (a $ref cycle?)"
        );
        let (schema, pointer) = resolve(schema, pointer);
        self.built
            .schema_at
            .insert(path.to_owned(), pointer.clone());
        let value = if schema.get("nullable") == Some(&Value::Bool(true))
            && self.rng.percent(NULL_PERCENT)
        {
            Value::Null
        } else if schema.get("oneOf").is_some() {
            self.one_of(schema, &pointer, path)
        } else if schema.get("allOf").is_some() || schema.get("properties").is_some() {
            self.object(schema, &pointer, path, &[])
        } else {
            match schema.get("type").and_then(Value::as_str) {
                Some("string") => self.string(schema, &pointer, path, is_tag),
                Some("boolean") => match schema.get("enum").and_then(Value::as_array) {
                    Some(values) if !values.is_empty() => self.rng.pick(values).clone(),
                    _ => Value::Bool(self.rng.percent(50)),
                },
                Some("integer") => Value::from(self.integer(schema)),
                Some("number") => Value::from(self.integer(schema) as f64 + 0.5),
                Some("array") => {
                    // 0, 1 or 2 items; mostly some, so the unions in them are built.
                    let n = [0, 1, 1, 2, 2, 2][self.rng.below(6)];
                    match schema.get("items") {
                        Some(items) => (0..n)
                            .map(|i| {
                                self.value(
                                    items,
                                    &format!("{pointer}/items"),
                                    &format!("{path}/{i}"),
                                    false,
                                )
                            })
                            .collect(),
                        None => (0..n).map(|_| self.free(2)).collect(),
                    }
                }
                Some("object") => match schema.get("additionalProperties") {
                    Some(values) if values.as_object().is_some_and(|o| !o.is_empty()) => {
                        let n = self.rng.below(3);
                        let mut map = Map::new();
                        for _ in 0..n {
                            let key = self.word("key");
                            let v = self.value(
                                values,
                                &format!("{pointer}/additionalProperties"),
                                &format!("{path}/{}", escape(&key)),
                                false,
                            );
                            map.insert(key, v);
                        }
                        Value::Object(map)
                    }
                    _ => self.free_object(2),
                },
                _ => self.free(2),
            }
        };
        self.depth -= 1;
        value
    }

    fn one_of(&mut self, schema: &'static Value, pointer: &str, path: &str) -> Value {
        let variants = schema["oneOf"].as_array().expect("oneOf is an array");
        assert!(!variants.is_empty(), "{pointer}: oneOf without variants");
        if variants.len() == 1 {
            return self.value(&variants[0], &format!("{pointer}/oneOf/0"), path, false);
        }
        let index = self.variant(pointer, path, variants.len());
        let variant_pointer = format!("{pointer}/oneOf/{index}");
        let all_enums = variants
            .iter()
            .enumerate()
            .all(|(i, v)| string_enum(resolve(v, &format!("{pointer}/oneOf/{i}")).0).is_some());
        if all_enums {
            let (variant, _) = resolve(&variants[index], &variant_pointer);
            let values = string_enum(variant).expect("checked above");
            self.built
                .sites
                .push((path.to_owned(), pointer.to_owned(), Site::Enum));
            return Value::from(*self.rng.pick(&values));
        }
        match union_tags(schema, pointer) {
            Some(tags) => {
                let (variant, variant_pointer) = resolve(&variants[index], &variant_pointer);
                let tag_names = tags.tags.clone();
                self.built
                    .sites
                    .push((path.to_owned(), pointer.to_owned(), Site::Union(tags)));
                if variant.get("allOf").is_some() || variant.get("properties").is_some() {
                    self.object(variant, &variant_pointer, path, &tag_names)
                } else {
                    self.value(variant, &variant_pointer, path, false)
                }
            }
            None => self.value(&variants[index], &variant_pointer, path, false),
        }
    }

    /// Which variant of the `oneOf` at `pointer` to build: in turn across cases (and across the
    /// places of one instance). The model's own variants go one per case; a union inside one of
    /// them turns once each time they all went by, so it is not stuck on one variant.
    fn variant(&mut self, pointer: &str, path: &str, n: usize) -> usize {
        let index = if path.is_empty() {
            self.case % n
        } else {
            let met = self.met.entry(pointer.to_owned()).or_default();
            *met += 1;
            (self.turn + *met - 1) % n
        };
        self.built.unions.push((pointer.to_owned(), index, n));
        index
    }

    /// An object with declared properties (`allOf` parts merged, the first declaration of a
    /// property kept, as the generator merges them).
    fn object(
        &mut self,
        schema: &'static Value,
        pointer: &str,
        path: &str,
        tags: &[String],
    ) -> Value {
        let mut properties: Vec<(&'static str, &'static Value, String)> = Vec::new();
        let mut required = BTreeSet::new();
        self.collect(schema, pointer, &mut properties, &mut required);
        self.built
            .sites
            .push((path.to_owned(), pointer.to_owned(), Site::Object));
        properties.sort_by_key(|(name, _, _)| *name);
        let mut map = Map::new();
        for (name, property, property_pointer) in properties {
            let child = format!("{path}/{}", escape(name));
            if !required.contains(&name) {
                if self.rng.percent(OMIT_PERCENT) {
                    continue;
                }
                self.built.optional.insert(child.clone());
            }
            let is_tag = tags.iter().any(|t| t == name);
            let v = self.value(property, &property_pointer, &child, is_tag);
            map.insert(name.to_owned(), v);
        }
        Value::Object(map)
    }

    fn collect(
        &mut self,
        schema: &'static Value,
        pointer: &str,
        properties: &mut Vec<(&'static str, &'static Value, String)>,
        required: &mut BTreeSet<&'static str>,
    ) {
        let (schema, pointer) = resolve(schema, pointer);
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, p) in props {
                if !properties.iter().any(|(n, _, _)| *n == name.as_str()) {
                    properties.push((
                        name.as_str(),
                        p,
                        format!("{pointer}/properties/{}", escape(name)),
                    ));
                }
            }
        }
        if let Some(names) = schema.get("required").and_then(Value::as_array) {
            required.extend(names.iter().filter_map(Value::as_str));
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                self.collect(part, &format!("{pointer}/allOf/{i}"), properties, required);
            }
        }
        // A `oneOf` inside an `allOf`: one variant's properties make a valid instance.
        if schema.get("properties").is_none() {
            if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
                let index = self.variant(&pointer, "-", variants.len());
                self.collect(
                    &variants[index],
                    &format!("{pointer}/oneOf/{index}"),
                    properties,
                    required,
                );
            }
        }
    }

    fn string(&mut self, schema: &Value, pointer: &str, path: &str, is_tag: bool) -> Value {
        if let Some(values) = string_enum(schema) {
            if !is_tag {
                self.built
                    .sites
                    .push((path.to_owned(), pointer.to_owned(), Site::Enum));
            }
            return Value::from(*self.rng.pick(&values));
        }
        let n = self.rng.next_u64();
        let mut s = match schema.get("format").and_then(Value::as_str) {
            Some("uuid") => format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                n >> 32,
                (n >> 16) & 0xffff,
                n & 0xfff,
                (n >> 20) & 0xfff,
                splitmix(n) & 0xffff_ffff_ffff
            ),
            Some("date-time") => format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
                20 + n % 10,
                1 + (n >> 4) % 12,
                1 + (n >> 8) % 28,
                (n >> 16) % 24,
                (n >> 24) % 60,
                (n >> 32) % 60
            ),
            Some("uri") => format!("https://example.com/{}", self.word("path")),
            Some("email") => format!("{}@example.com", self.word("user")),
            _ => match schema.get("pattern").and_then(Value::as_str) {
                Some(p) if p.contains("2[0-3]") => {
                    format!("{:02}:{:02}:00", (n >> 8) % 24, (n >> 16) % 60)
                }
                Some(p) if p.starts_with("^\\d") => format!("{}", n % 1_000_000),
                _ => self.word("text"),
            },
        };
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        while s.len() < min {
            s.push('x');
        }
        Value::from(s)
    }

    fn integer(&mut self, schema: &Value) -> i64 {
        let min = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0) as i64;
        let max = schema
            .get("maximum")
            .and_then(Value::as_f64)
            .map_or(min + 1000, |m| m as i64);
        min + (self.rng.next_u64() % (max - min).max(1) as u64) as i64
    }

    /// A fresh, readable string: `prefix_17`.
    fn word(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_{}", self.counter)
    }

    /// Any JSON value (for free-form schemas and unknown fields).
    fn free(&mut self, depth: usize) -> Value {
        match self.rng.below(if depth == 0 { 5 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.percent(50)),
            2 => Value::from(self.rng.below(1000)),
            3 => Value::from(self.rng.below(1000) as f64 / 4.0 + 0.25),
            4 => Value::from(self.word("any")),
            5 => (0..self.rng.below(3))
                .map(|_| self.free(depth - 1))
                .collect(),
            _ => self.free_object(depth - 1),
        }
    }

    fn free_object(&mut self, depth: usize) -> Value {
        let n = self.rng.below(3);
        let mut map = Map::new();
        for _ in 0..n {
            let key = self.word("key");
            map.insert(key, self.free(depth));
        }
        Value::Object(map)
    }
}

// ---------------------------------------------------------------------------------------------
// Injections.

#[derive(Debug)]
enum Injected {
    /// An unknown property `name` added to the object at `path`.
    Field { path: String, name: String },
    /// An unknown string put at a string-enum position.
    Enum { path: String, value: Value },
    /// A new variant object put at a tagged-union position.
    Union { path: String, value: Value },
}

/// A copy of the instance with unknowns injected, and what was injected.
fn inject(built: &Built, g: &mut Generator) -> (Value, Vec<Injected>) {
    let mut value = built.value.clone();
    let mut injected = Vec::new();
    let mut replaced: Vec<String> = Vec::new();
    let under = |path: &str, replaced: &[String]| {
        replaced
            .iter()
            .any(|r| path == r || path.starts_with(&format!("{r}/")))
    };
    for force in [false, true] {
        for (path, _, site) in &built.sites {
            if under(path, &replaced) {
                continue;
            }
            if force && !injected.is_empty() {
                break;
            }
            let current = value.pointer(path).cloned().unwrap_or(Value::Null);
            match site {
                Site::Union(tags) if force || g.rng.percent(UNION_PERCENT) => {
                    let new = new_variant(tags, &current, g);
                    *value.pointer_mut(path).expect("the site exists") = new.clone();
                    replaced.push(path.clone());
                    injected.push(Injected::Union {
                        path: path.clone(),
                        value: new,
                    });
                }
                Site::Enum if current.is_string() && (force || g.rng.percent(ENUM_PERCENT)) => {
                    let new = Value::from(g.word("new_enum_value"));
                    *value.pointer_mut(path).expect("the site exists") = new.clone();
                    injected.push(Injected::Enum {
                        path: path.clone(),
                        value: new,
                    });
                }
                Site::Object if force || g.rng.percent(FIELD_PERCENT) => {
                    let Some(Value::Object(object)) = value.pointer_mut(path) else {
                        continue;
                    };
                    for _ in 0..1 + g.rng.below(2) {
                        let name = g.word("zz_new_field");
                        object.insert(name.clone(), g.free(2));
                        injected.push(Injected::Field {
                            path: path.clone(),
                            name,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    (value, injected)
}

/// A variant the spec does not know: a known variant's object (or an empty one) with unknown
/// tag values, and maybe fields of its own.
fn new_variant(tags: &Tags, current: &Value, g: &mut Generator) -> Value {
    let mut object = match current {
        Value::Object(map) if g.rng.percent(70) => map.clone(),
        _ => Map::new(),
    };
    if tags.tags.len() > 1 && g.rng.percent(50) {
        // A new combination: the first tag a known value, the others new.
        let known = g.rng.pick(&tags.known).clone();
        object.insert(tags.tags[0].clone(), Value::from(known[0].clone()));
        for t in &tags.tags[1..] {
            object.insert(t.clone(), Value::from(g.word(&format!("new_{t}"))));
        }
    } else {
        for t in &tags.overwrite {
            object.insert(t.clone(), Value::from(g.word(&format!("new_{t}"))));
        }
    }
    for _ in 0..g.rng.below(3) {
        let name = g.word("new_variant_field");
        object.insert(name, g.free(2));
    }
    Value::Object(object)
}

// ---------------------------------------------------------------------------------------------
// Comparing JSON in and out.

#[derive(Debug)]
struct Mismatch {
    path: String,
    what: &'static str,
}

/// Differences between `expected` and `actual`, modulo a `null` dropped for an optional field,
/// a default (`null`, `[]`, `{}`) for a field the input left out, and number representation.
fn compare(
    expected: &Value,
    actual: &Value,
    path: &str,
    optional: &BTreeSet<String>,
    out: &mut Vec<Mismatch>,
) {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            if a.as_f64() != b.as_f64() {
                out.push(Mismatch {
                    path: path.to_owned(),
                    what: "a different number",
                });
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                let child = format!("{path}/{}", escape(key));
                match b.get(key) {
                    Some(bv) => compare(av, bv, &child, optional, out),
                    None if av.is_null() && optional.contains(&child) => {}
                    None => out.push(Mismatch {
                        path: child,
                        what: "missing from the output",
                    }),
                }
            }
            for (key, bv) in b {
                let is_default = match bv {
                    Value::Null => true,
                    Value::Array(items) => items.is_empty(),
                    Value::Object(map) => map.is_empty(),
                    _ => false,
                };
                if !a.contains_key(key) && !is_default {
                    out.push(Mismatch {
                        path: format!("{path}/{}", escape(key)),
                        what: "not in the input",
                    });
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                compare(av, bv, &format!("{path}/{i}"), optional, out);
            }
        }
        (Value::Array(_), Value::Array(_)) => out.push(Mismatch {
            path: path.to_owned(),
            what: "a list of another length",
        }),
        (a, b) if a == b => {}
        _ => out.push(Mismatch {
            path: path.to_owned(),
            what: "a different value",
        }),
    }
}

/// A JSON pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------------
// Running cases and reporting failures.

struct Failure {
    check: &'static str,
    model: &'static str,
    case: usize,
    seed: u64,
    path: String,
    schema: String,
    /// What went wrong (failures with the same message and path are one kind).
    message: String,
    /// About this failure only.
    detail: String,
    input: Value,
    output: Option<Value>,
}

impl Failure {
    /// What failures of one kind share: the model, the message and the path without indices
    /// or map keys the generator invented.
    fn group(&self) -> (String, String, String) {
        let path: Vec<String> = self
            .path
            .split('/')
            .map(|s| {
                if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
                    "*".to_owned()
                } else if s.starts_with("key_") || s.starts_with("zz_new_field_") {
                    "<key>".to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect();
        let message: String = self
            .message
            .split(|c: char| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .join("#");
        (self.model.to_owned(), path.join("/"), message)
    }
}

/// One generated case, ready for a check.
struct Case<'m> {
    model: &'m Model,
    index: usize,
    seed: u64,
    built: Built,
    generator: Generator,
}

impl Case<'_> {
    fn failure(
        &self,
        check: &'static str,
        path: &str,
        message: impl Into<String>,
        input: &Value,
        output: Option<&Value>,
    ) -> Failure {
        Failure {
            check,
            model: self.model.key,
            case: self.index,
            seed: self.seed,
            path: path.to_owned(),
            schema: self.built.schema_of(path),
            message: message.into(),
            detail: String::new(),
            input: input.clone(),
            output: output.cloned(),
        }
    }
}

/// What a check found over every case of every model.
struct Outcome {
    check: &'static str,
    failures: Vec<Failure>,
    models: usize,
    cases: usize,
    started: std::time::Instant,
}

impl Outcome {
    /// Prints a summary (with `extra` facts about the run); panics with a report on failure.
    fn finish(self, extra: &str) {
        println!(
            "{}: {} models, {} cases{extra}; {} failures ({:.1?})",
            self.check,
            self.models,
            self.cases,
            self.failures.len(),
            self.started.elapsed()
        );
        if !self.failures.is_empty() {
            panic!(
                "{}",
                report(self.check, &self.failures, self.models, self.cases)
            );
        }
    }
}

/// Runs `check` on every case of every model (or the one `DECODE_PROPERTIES_MODEL` names, and
/// the case `DECODE_PROPERTIES_CASE` names).
fn run(check: &'static str, mut f: impl FnMut(&mut Case) -> Vec<Failure>) -> Outcome {
    let only_model = std::env::var("DECODE_PROPERTIES_MODEL").ok();
    let only_case = env_number("DECODE_PROPERTIES_CASE");
    let mut outcome = Outcome {
        check,
        failures: Vec::new(),
        models: 0,
        cases: 0,
        started: std::time::Instant::now(),
    };
    for model in models() {
        if only_model.as_deref().is_some_and(|m| m != model.key) {
            continue;
        }
        outcome.models += 1;
        for index in 0..case_count(model.key) {
            if only_case.is_some_and(|c| c != index) {
                continue;
            }
            let seed = seed_of(model.key, index);
            let built = build(model.key, index, seed);
            // Injections draw from their own stream, and name things apart from the instance.
            let generator = Generator {
                rng: Rng::new(seed ^ 0x5EED),
                case: index,
                turn: index,
                met: HashMap::new(),
                built: Built::default(),
                depth: 0,
                counter: 1_000_000,
            };
            let mut case = Case {
                model: &model,
                index,
                seed,
                built,
                generator,
            };
            outcome.cases += 1;
            outcome.failures.extend(f(&mut case));
        }
    }
    assert!(outcome.models > 0, "no model named {only_model:?}");
    outcome
}

fn report(check: &str, failures: &[Failure], models: usize, cases: usize) -> String {
    let mut groups: BTreeMap<(String, String, String), Vec<&Failure>> = BTreeMap::new();
    for f in failures {
        groups.entry(f.group()).or_default().push(f);
    }
    let failed_cases: BTreeSet<(&str, usize)> =
        failures.iter().map(|f| (f.model, f.case)).collect();
    let mut out = format!(
        "{check}: {} failures in {} of {cases} cases ({models} models), {} kinds:\n",
        failures.len(),
        failed_cases.len(),
        groups.len()
    );
    for ((model, path, _), fs) in &groups {
        let cases: BTreeSet<usize> = fs.iter().map(|f| f.case).collect();
        let _ = writeln!(
            out,
            "\n== {model} at {path:?}: {} ({} failures in {} cases)",
            fs[0].message,
            fs.len(),
            cases.len()
        );
        for f in fs.iter().take(SHOWN_EXAMPLES) {
            let _ = writeln!(
                out,
                "   model {:?}, case {}, seed {:#018x}\n   JSON path {:?}\n   schema {}",
                f.model, f.case, f.seed, f.path, f.schema
            );
            if !f.detail.is_empty() {
                let _ = writeln!(out, "   {}", f.detail);
            }
            let at = |v: &Value| v.pointer(&f.path).map_or("(absent)".to_owned(), short);
            let _ = writeln!(out, "   input at path:  {}", at(&f.input));
            if let Some(output) = &f.output {
                let _ = writeln!(out, "   output at path: {}", at(output));
            }
            if let Some(file) = save(f) {
                let _ = writeln!(out, "   whole case: {}", file.display());
            }
            let _ = writeln!(
                out,
                "   rerun: DECODE_PROPERTIES_MODEL={} DECODE_PROPERTIES_CASE={} cargo test -p seam-sdk --all-features --test decode_properties {check}",
                f.model, f.case
            );
        }
    }
    out
}

/// Writes a failing case to `target/tmp/decode_properties/`.
fn save(f: &Failure) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("decode_properties");
    std::fs::create_dir_all(&dir).ok()?;
    let file = dir.join(format!("{}-{}-case{}.json", f.check, f.model, f.case));
    let body = serde_json::json!({
        "check": f.check,
        "model": f.model,
        "case": f.case,
        "seed": format!("{:#018x}", f.seed),
        "path": f.path,
        "schema": f.schema,
        "message": f.message,
        "detail": f.detail,
        "input": f.input,
        "output": f.output,
    });
    std::fs::write(&file, serde_json::to_string_pretty(&body).ok()?).ok()?;
    Some(file)
}

/// Compact JSON, cut to a readable length.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() <= 600 {
        s
    } else {
        let mut end = 600;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes)", &s[..end], s.len())
    }
}

/// Decodes `input`, or says why not.
fn decode_or_fail(case: &Case, check: &'static str, input: &Value) -> Result<Value, Box<Failure>> {
    (case.model.decode)(input.clone()).map_err(|e| {
        Box::new(case.failure(
            check,
            &e.at,
            format!("does not decode: {}", e.message),
            input,
            None,
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// The checks.

#[test]
fn every_component_schema_has_a_model() {
    let spec_keys: BTreeSet<&str> = components().keys().map(String::as_str).collect();
    let table: BTreeSet<&str> = models().iter().map(|m| m.key).collect();
    let expected: BTreeSet<&str> = if cfg!(feature = "undocumented") {
        spec_keys.clone()
    } else {
        spec_keys
            .iter()
            .copied()
            .filter(|k| !UNDOCUMENTED_ONLY.contains(k))
            .collect()
    };
    let missing: Vec<_> = expected.difference(&table).collect();
    let extra: Vec<_> = table.difference(&spec_keys).collect();
    let stale: Vec<_> = UNDOCUMENTED_ONLY
        .iter()
        .filter(|k| !spec_keys.contains(*k))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && stale.is_empty(),
        "component schemas without a model in the table: {missing:?}; models not in the spec: \
         {extra:?} {stale:?}"
    );
    if !cfg!(feature = "undocumented") {
        println!(
            "without the `undocumented` feature, {} models are not tested: {UNDOCUMENTED_ONLY:?}",
            UNDOCUMENTED_ONLY.len()
        );
    }
}

#[test]
fn spec_instances_round_trip() {
    const CHECK: &str = "spec_instances_round_trip";
    // Which `oneOf` variants the cases built: (schema pointer → built, of how many).
    let mut variants: BTreeMap<String, (BTreeSet<usize>, usize)> = BTreeMap::new();
    let outcome = run(CHECK, |case| {
        for (pointer, index, n) in &case.built.unions {
            let entry = variants
                .entry(pointer.clone())
                .or_insert((BTreeSet::new(), *n));
            entry.0.insert(*index);
        }
        let input = &case.built.value;
        let output = match decode_or_fail(case, CHECK, input) {
            Ok(output) => output,
            Err(failure) => return vec![*failure],
        };
        let mut mismatches = Vec::new();
        compare(input, &output, "", &case.built.optional, &mut mismatches);
        mismatches
            .into_iter()
            .map(|m| {
                case.failure(
                    CHECK,
                    &m.path,
                    format!("re-serialized JSON differs: {}", m.what),
                    input,
                    Some(&output),
                )
            })
            .collect()
    });
    if std::env::var_os("DECODE_PROPERTIES_VERBOSE").is_some() {
        for (pointer, (seen, n)) in &variants {
            let missed: Vec<usize> = (0..*n).filter(|i| !seen.contains(i)).collect();
            if !missed.is_empty() {
                println!("not built: {pointer}/oneOf/{missed:?}");
            }
        }
    }
    let built: usize = variants.values().map(|(seen, _)| seen.len()).sum();
    let all: usize = variants.values().map(|(_, n)| n).sum();
    outcome.finish(&format!(
        ", {built} of the {all} variants of the {} `oneOf`s reached",
        variants.len()
    ));
}

#[test]
fn injected_unknowns_survive_a_round_trip() {
    const CHECK: &str = "injected_unknowns_survive_a_round_trip";
    let mut totals = [0usize; 3];
    let outcome = run(CHECK, |case| {
        let (input, injected) = inject(&case.built, &mut case.generator);
        for i in &injected {
            totals[match i {
                Injected::Field { .. } => 0,
                Injected::Enum { .. } => 1,
                Injected::Union { .. } => 2,
            }] += 1;
        }
        let mut output = match decode_or_fail(case, CHECK, &input) {
            Ok(output) => output,
            Err(mut failure) => {
                failure.detail = format!("injected: {}", summary(&injected));
                return vec![*failure];
            }
        };
        let mut failures = Vec::new();
        // Unknown fields may vanish; if they are kept, they must be kept as sent.
        let mut expected = input.clone();
        for i in &injected {
            if let Injected::Field { path, name } = i {
                let sent = expected
                    .pointer_mut(path)
                    .and_then(Value::as_object_mut)
                    .and_then(|o| o.remove(name));
                let kept = output
                    .pointer_mut(path)
                    .and_then(Value::as_object_mut)
                    .and_then(|o| o.remove(name));
                if kept.is_some() && kept != sent {
                    failures.push(case.failure(
                        CHECK,
                        &format!("{path}/{}", escape(name)),
                        "an unknown field was kept, but changed",
                        &input,
                        Some(&output),
                    ));
                }
            }
        }
        for i in &injected {
            let (path, value, what) = match i {
                Injected::Enum { path, value } => (path, value, "an unknown enum value"),
                Injected::Union { path, value } => (path, value, "an unknown union variant"),
                Injected::Field { .. } => continue,
            };
            if output.pointer(path) != Some(value) {
                failures.push(case.failure(
                    CHECK,
                    path,
                    format!("{what} was not kept as sent"),
                    &input,
                    Some(&output),
                ));
            }
        }
        let mut mismatches = Vec::new();
        compare(
            &expected,
            &output,
            "",
            &case.built.optional,
            &mut mismatches,
        );
        for m in mismatches {
            // Already reported above, more precisely.
            if failures.iter().any(|f| m.path.starts_with(&f.path)) {
                continue;
            }
            failures.push(case.failure(
                CHECK,
                &m.path,
                format!("re-serialized JSON differs: {}", m.what),
                &input,
                Some(&output),
            ));
        }
        for f in &mut failures {
            f.detail = format!("injected: {}", summary(&injected));
        }
        failures
    });
    outcome.finish(&format!(
        ", {} unknown fields, {} unknown enum values, {} unknown union variants injected",
        totals[0], totals[1], totals[2]
    ));
}

fn summary(injected: &[Injected]) -> String {
    let count = |f: fn(&Injected) -> bool| injected.iter().filter(|i| f(i)).count();
    format!(
        "{} fields, {} enum values, {} union variants",
        count(|i| matches!(i, Injected::Field { .. })),
        count(|i| matches!(i, Injected::Enum { .. })),
        count(|i| matches!(i, Injected::Union { .. })),
    )
}

#[test]
fn known_values_decode_to_known_variants() {
    const CHECK: &str = "known_values_decode_to_known_variants";
    let outcome = run(CHECK, |case| {
        let input = &case.built.value;
        let debug = match (case.model.describe)(input.clone()) {
            Ok(debug) => debug,
            Err(e) => {
                return vec![case.failure(
                    CHECK,
                    &e.at,
                    format!("does not decode: {}", e.message),
                    input,
                    None,
                )]
            }
        };
        fallbacks(&debug)
            .into_iter()
            .map(|(snippet, inner)| {
                // Where in the input the value is: the string enum positions holding it first.
                let mut paths = Vec::new();
                if let Some(s) = inner {
                    find_strings(input, &s, "", &mut paths);
                }
                let is_enum = |p: &String| {
                    case.built
                        .sites
                        .iter()
                        .any(|(at, _, site)| at == p && matches!(site, Site::Enum))
                };
                paths.sort_by_key(|p| !is_enum(p));
                let path = paths.first().cloned().unwrap_or_default();
                let mut failure = case.failure(
                    CHECK,
                    &path,
                    "a value the spec lists decodes into a fallback variant",
                    input,
                    None,
                );
                failure.detail = format!("decoded as `{snippet}`");
                if paths.len() > 1 {
                    let _ = write!(failure.detail, " (the value is also at {:?})", &paths[1..]);
                }
                failure
            })
            .collect()
    });
    outcome.finish("");
}

/// The `Unknown(…)` (or `Unknown2(…)`…) fallbacks in a `{:?}` rendering, each with the string
/// it holds when it holds one.
fn fallbacks(debug: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    let mut rest = debug;
    while let Some(i) = rest.find("Unknown") {
        let is_word_start = i == 0 || !rest.as_bytes()[i - 1].is_ascii_alphanumeric();
        let after = rest[i + "Unknown".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        if is_word_start && after.starts_with('(') {
            let inner = after[1..]
                .strip_prefix('"')
                .and_then(|s| s.find('"').map(|end| s[..end].to_owned()));
            // Up to the matching parenthesis, or 200 bytes.
            let tail = &rest[i..];
            let mut depth = 0;
            let mut cut = tail.len();
            for (j, c) in tail.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 1 => {
                        cut = j + 1;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            let mut cut = cut.min(200);
            while !tail.is_char_boundary(cut) {
                cut -= 1;
            }
            found.push((tail[..cut].to_owned(), inner));
        }
        rest = &rest[i + "Unknown".len()..];
    }
    found
}

fn find_strings(value: &Value, needle: &str, path: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s == needle => out.push(path.to_owned()),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_strings(v, needle, &format!("{path}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                find_strings(v, needle, &format!("{path}/{}", escape(k)), out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The harness itself.

#[test]
fn the_harness_builds_what_the_spec_says() {
    // Same model and case, same instance.
    let a = build("event", 3, seed_of("event", 3)).value;
    let b = build("event", 3, seed_of("event", 3)).value;
    assert_eq!(a, b);
    // Every variant of a union model, one per case, tagged as the spec tags it.
    let variants = components()["event"]["oneOf"].as_array().unwrap();
    for (i, variant) in variants.iter().enumerate() {
        let built = build("event", i, seed_of("event", i));
        let expected = &variant["properties"]["event_type"]["enum"][0];
        assert_eq!(&built.value["event_type"], expected, "case {i}");
        assert!(matches!(built.sites[0], (ref p, _, Site::Union(_)) if p.is_empty()));
    }
    // Action attempts are tagged by the pair the spec gives each variant.
    let tags = union_tags(
        &components()["action_attempt"],
        "#/components/schemas/action_attempt",
    )
    .expect("action attempts are tagged");
    assert_eq!(tags.tags, ["action_type", "status"]);
    // The comparison forgives a dropped optional null, a default and a float's `.0`, only.
    let optional: BTreeSet<String> = ["/a".to_owned()].into();
    let mut m = Vec::new();
    compare(
        &serde_json::json!({"a": null, "n": 1, "l": [1]}),
        &serde_json::json!({"n": 1.0, "l": [1], "d": []}),
        "",
        &optional,
        &mut m,
    );
    assert!(m.is_empty(), "{m:?}");
    compare(
        &serde_json::json!({"b": null, "l": [1, 2], "s": "x"}),
        &serde_json::json!({"l": [1], "s": "y", "e": 0}),
        "",
        &optional,
        &mut m,
    );
    let paths: Vec<_> = m.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["/b", "/l", "/s", "/e"]);
    assert_eq!(
        fallbacks(r#"X { a: Unknown("minut_sensor"), b: Unknown, c: Unknown2(Object {}) }"#),
        [
            (
                "Unknown(\"minut_sensor\")".to_owned(),
                Some("minut_sensor".to_owned())
            ),
            ("Unknown2(Object {})".to_owned(), None),
        ]
    );
}
