//! The seeds mutations start from: the test fixtures, the regression corpus, and the vendored
//! spec plus the older specs, which are too large to run whole and are sliced per input.

use std::fs;
use std::path::Path;

use serde_json::{Map, Value};

use crate::rng::Rng;

/// A seed file as text, and as a tree when it parses as JSON or YAML.
pub struct Seed {
    pub file: String,
    pub text: String,
    pub tree: Option<Value>,
}

/// Everything mutations start from.
pub struct Corpus {
    /// Small whole files: fixtures and regression inputs.
    pub small: Vec<Seed>,
    /// Large specs, only ever used through [`Corpus::slice`].
    pub large: Vec<(String, Value)>,
}

/// Where the small seeds live, below the codegen crate.
const SMALL_SEEDS: [&str; 2] = ["tests/fixtures", "tests/fuzz_regressions"];

impl Corpus {
    /// Copies the small seed files (fixtures and the regression corpus) into `to`, so a run's
    /// workers, restarted at any time, all read the same seeds even if the corpus is edited
    /// meanwhile: the supervisor rebuilds crashing inputs from the seeds it read.
    pub fn snapshot(codegen_dir: &Path, to: &Path) -> Result<(), String> {
        match fs::remove_dir_all(to) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(format!("cannot clear {}: {e}", to.display()))
            }
            _ => {}
        }
        fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
        for dir in SMALL_SEEDS {
            for path in files_in(&codegen_dir.join(dir))? {
                let copy = to.join(file_name(&path));
                fs::copy(&path, &copy)
                    .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
            }
        }
        Ok(())
    }

    /// Loads the small seeds from `small_seeds` (by default, the folders they live in) and the
    /// large specs of the repository around `codegen_dir`.
    pub fn load(codegen_dir: &Path, small_seeds: Option<&Path>) -> Result<Self, String> {
        let dirs = match small_seeds {
            Some(dir) => vec![dir.to_path_buf()],
            None => SMALL_SEEDS.iter().map(|d| codegen_dir.join(d)).collect(),
        };
        let mut small = Vec::new();
        for dir in dirs {
            for path in files_in(&dir)? {
                let text = read(&path)?;
                let file = file_name(&path);
                let tree = parse(&file, &text);
                small.push(Seed { file, text, tree });
            }
        }
        let mut large_files = vec![codegen_dir.join("../spec/openapi.json")];
        large_files.extend(files_in(&codegen_dir.join("tests/specs"))?);
        let mut large = Vec::new();
        for path in large_files {
            let text = read(&path)?;
            let tree = serde_json::from_str(&text)
                .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
            large.push((file_name(&path), tree));
        }
        if small.iter().all(|s| s.tree.is_none()) || large.is_empty() {
            return Err("no seed specs found".into());
        }
        Ok(Self { small, large })
    }

    /// A subtree to graft into an input, borrowed: a small seed, or one path or component
    /// schema of a large spec.
    pub fn donor(&self, rng: &mut Rng) -> &Value {
        let trees: Vec<&Value> = self.small.iter().filter_map(|s| s.tree.as_ref()).collect();
        if rng.one_in(3) {
            let tree: &&Value = rng.pick(&trees);
            return tree;
        }
        let (_, spec) = rng.pick(&self.large);
        let section = if rng.one_in(2) {
            spec.get("paths")
        } else {
            spec.pointer("/components/schemas")
        };
        match section.and_then(Value::as_object) {
            Some(map) if !map.is_empty() => {
                let values: Vec<&Value> = map.values().collect();
                let value: &&Value = rng.pick(&values);
                value
            }
            _ => spec,
        }
    }

    /// A seed tree: a small seed, or a slice of a large spec.
    pub fn tree(&self, rng: &mut Rng) -> Value {
        let trees: Vec<&Value> = self.small.iter().filter_map(|s| s.tree.as_ref()).collect();
        if rng.one_in(4) {
            (*rng.pick(&trees)).clone()
        } else {
            let (_, spec) = rng.pick(&self.large);
            slice(spec, rng)
        }
    }
}

/// A few paths of `spec`, with the components they reach (now and then all of them).
/// Descriptions are often cut short: they make inputs larger, not more interesting, most of the time.
pub fn slice(spec: &Value, rng: &mut Rng) -> Value {
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "tags"] {
        if let Some(v) = spec.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    let empty = Map::new();
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let keys: Vec<&String> = paths.keys().collect();
    let mut chosen = Map::new();
    if !keys.is_empty() {
        for _ in 0..rng.small_count(6) {
            let key = *rng.pick(&keys);
            chosen.insert(key.clone(), paths[key.as_str()].clone());
        }
    }
    let mut components = spec
        .get("components")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    if !rng.one_in(30) {
        let reached = reached_schemas(&chosen, &components);
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            schemas.retain(|name, _| reached.contains(name));
        }
    }
    out.insert("paths".to_owned(), Value::Object(chosen));
    out.insert("components".to_owned(), components);
    let mut tree = Value::Object(out);
    if !rng.one_in(3) {
        strip_descriptions(&mut tree);
    }
    tree
}

/// The component schemas that `paths` reach through `$ref`s, directly or not.
fn reached_schemas(paths: &Map<String, Value>, components: &Value) -> Vec<String> {
    let schemas = components.get("schemas").and_then(Value::as_object);
    let mut reached: Vec<String> = Vec::new();
    let mut todo: Vec<String> = Vec::new();
    for v in paths.values() {
        refs_in(v, &mut todo);
    }
    while let Some(name) = todo.pop() {
        if reached.contains(&name) {
            continue;
        }
        if let Some(schema) = schemas.and_then(|s| s.get(&name)) {
            refs_in(schema, &mut todo);
        }
        reached.push(name);
    }
    reached
}

fn refs_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(name) = r.strip_prefix("#/components/schemas/") {
                            out.push(name.to_owned());
                        }
                    }
                    _ => refs_in(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

/// Cuts every description to a few words (responses must keep one).
fn strip_descriptions(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = d.chars().take(24).collect();
            }
            map.values_mut().for_each(strip_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

/// Parses `text` as the generator would choose to: YAML for `.yaml`/`.yml`, JSON otherwise.
pub fn parse(file: &str, text: &str) -> Option<Value> {
    if file.ends_with(".yaml") || file.ends_with(".yml") {
        serde_yaml::from_str(text).ok()
    } else {
        serde_json::from_str(text)
            .ok()
            .or_else(|| serde_yaml::from_str(text).ok())
    }
}

/// The files of `dir`, sorted; none if it does not exist.
pub fn files_in(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
