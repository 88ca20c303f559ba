//! `cargo xtask spec update <source>`: replaces `spec/openapi.json`.
//!
//! `<source>` is a local `.json`/`.yaml`/`.yml` file, an `http(s)` URL (fetched with `curl`), or a
//! version of the npm package `@seamapi/types` (`1.977.0`, `latest`…). Every source ends up
//! written the way the committed spec was first made: Node's `JSON.stringify(spec, null, 2)`
//! plus a newline, so refreshing from the same version gives the same bytes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::codegen_command::{replace_block, SPEC};
use crate::ensure::{ensure_file_contents, with_path, Ensured};
use crate::scratch::Scratch;
use crate::{display_path, process, DynError};

const NPM_PACKAGE: &str = "@seamapi/types";
/// The module whose default export is the Connect API's OpenAPI document.
const NPM_SPEC_MODULE: &str = "lib/seam/connect/openapi.js";
const README: &str = "spec/README.md";
const SOURCE_BEGIN: &str = "<!-- BEGIN SPEC SOURCE (written by `cargo xtask spec update`) -->";
const SOURCE_END: &str = "<!-- END SPEC SOURCE -->";

/// Prints `JSON.stringify(<default export of argv[1]>, null, 2)` + newline into `argv[2]`.
const NODE_EXPORT_TO_JSON: &str = "\
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const [from, to] = process.argv.slice(1);
const spec = (await import(pathToFileURL(from))).default;
fs.writeFileSync(to, JSON.stringify(spec, null, 2) + '\\n');
";

/// Rewrites the JSON in `argv[1]` into `argv[2]` as `JSON.stringify(…, null, 2)` + newline.
const NODE_REFORMAT_JSON: &str = "\
import fs from 'node:fs';
const [from, to] = process.argv.slice(1);
fs.writeFileSync(to, JSON.stringify(JSON.parse(fs.readFileSync(from, 'utf8')), null, 2) + '\\n');
";

/// Where the spec came from, as `spec/README.md` records it.
enum Source {
    File(PathBuf),
    Url(String),
    NpmVersion(String),
}

pub(crate) fn update(root: &Path, source: &str) -> Result<(), DynError> {
    let source = classify(source)?;
    let scratch = Scratch::new("spec")?;
    let formatted = scratch.path().join("openapi.json");

    let origin = match &source {
        Source::File(path) => {
            reformat_file(path, &formatted, &scratch)?;
            format!("the file `{}`", file_name(path))
        }
        Source::Url(url) => {
            let downloaded = scratch.path().join(url_file_name(url));
            process::run(
                Command::new("curl")
                    .args(["-fsSL", "--output"])
                    .arg(&downloaded)
                    .arg(url),
            )?;
            reformat_file(&downloaded, &formatted, &scratch)?;
            format!("<{url}>")
        }
        Source::NpmVersion(version) => {
            let resolved = from_npm(version, &formatted, &scratch)?;
            format!(
                "the default export of `{NPM_SPEC_MODULE}` in the npm package `{NPM_PACKAGE}` {resolved}"
            )
        }
    };

    let text = fs::read_to_string(&formatted).map_err(|e| with_path(e, "reading", &formatted))?;
    let counts = Counts::of(&text)?;

    let spec = root.join(SPEC);
    let outcome = ensure_file_contents(&spec, &text, false)?;
    let readme = root.join(README);
    let readme_text = fs::read_to_string(&readme).map_err(|e| with_path(e, "reading", &readme))?;
    let source_block = format!(
        "- Source: {origin}.\n- Contents: OpenAPI {}, {} paths, {} component schemas.\n",
        counts.version, counts.paths, counts.schemas
    );
    let readme_text = replace_block(&readme_text, SOURCE_BEGIN, SOURCE_END, &source_block)
        .map_err(|message| format!("{README}: {message}"))?;
    ensure_file_contents(&readme, &readme_text, false)?;

    let what = if outcome == Ensured::Unchanged {
        "unchanged"
    } else {
        "updated"
    };
    println!(
        "{} {what}: {origin}; {} paths, {} component schemas",
        display_path(root, &spec),
        counts.paths,
        counts.schemas
    );
    crate::semver::print_spec_report(root, &spec);
    if outcome != Ensured::Unchanged {
        println!("next: run `cargo xtask codegen`, review the diff, and commit");
    }
    Ok(())
}

fn classify(source: &str) -> Result<Source, DynError> {
    let path = Path::new(source);
    if path.is_file() {
        return Ok(Source::File(path.to_path_buf()));
    }
    if source.starts_with("https://") || source.starts_with("http://") {
        return Ok(Source::Url(source.to_string()));
    }
    let looks_like_version = source == "latest"
        || (source.starts_with(|c: char| c.is_ascii_digit())
            && source
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c)));
    if looks_like_version {
        return Ok(Source::NpmVersion(source.to_string()));
    }
    Err(format!(
        "`{source}` is not a file, an http(s) URL, or a version of {NPM_PACKAGE} (like 1.977.0 or latest)"
    )
    .into())
}

/// Packs `@seamapi/types@version` into the scratch folder, unpacks it, and has Node write the
/// spec module's default export. Returns the version actually packed.
fn from_npm(version: &str, to: &Path, scratch: &Scratch) -> Result<String, DynError> {
    let dir = scratch.path();
    process::run(
        Command::new("npm")
            .args([
                "pack",
                "--quiet",
                &format!("{NPM_PACKAGE}@{version}"),
                "--pack-destination",
            ])
            .arg(dir)
            .current_dir(dir),
    )?;
    let tarball = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "tgz"))
        .ok_or("`npm pack` wrote no .tgz file")?;
    process::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(dir),
    )?;

    let package = dir.join("package");
    let manifest = package.join("package.json");
    let manifest = fs::read_to_string(&manifest).map_err(|e| with_path(e, "reading", &manifest))?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest)?;
    let resolved = manifest["version"].as_str().unwrap_or(version).to_string();

    export_npm_spec(&package, to).map_err(|e| format!("{NPM_PACKAGE}@{resolved}: {e}"))?;
    Ok(resolved)
}

/// Writes the spec of an unpacked or installed `@seamapi/types` package (the folder holding its
/// `package.json`) to `to`, formatted like `spec/openapi.json`: the default export of its spec
/// module, through Node.
pub(crate) fn export_npm_spec(package: &Path, to: &Path) -> Result<(), DynError> {
    let module = package.join(NPM_SPEC_MODULE);
    if !module.is_file() {
        return Err(format!("{} has no `{NPM_SPEC_MODULE}`", package.display()).into());
    }
    node_script(NODE_EXPORT_TO_JSON, &module, to)
}

/// Writes the spec in `from` (JSON or YAML) to `to` as Node's two-space `JSON.stringify`.
fn reformat_file(from: &Path, to: &Path, scratch: &Scratch) -> Result<(), DynError> {
    let text = fs::read_to_string(from).map_err(|e| with_path(e, "reading", from))?;
    let is_yaml = from
        .extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
        || !text.trim_start().starts_with('{');
    let json_file = if is_yaml {
        // serde_yaml keeps the mapping order, so the JSON follows the YAML's order.
        let value: serde_yaml::Value = serde_yaml::from_str(&text)
            .map_err(|e| format!("{}: not valid YAML: {e}", from.display()))?;
        let converted = scratch.path().join("converted.json");
        let json = serde_json::to_string(&value)
            .map_err(|e| format!("{}: cannot be written as JSON: {e}", from.display()))?;
        fs::write(&converted, json).map_err(|e| with_path(e, "writing", &converted))?;
        converted
    } else {
        from.to_path_buf()
    };
    node_script(NODE_REFORMAT_JSON, &json_file, to)
}

fn node_script(script: &str, from: &Path, to: &Path) -> Result<(), DynError> {
    process::run(
        Command::new("node")
            .args(["--input-type=module", "-e", script])
            .arg(from)
            .arg(to),
    )
}

/// What a person checks after an update.
struct Counts {
    version: String,
    paths: usize,
    schemas: usize,
}

impl Counts {
    fn of(text: &str) -> Result<Counts, DynError> {
        let spec: serde_json::Value = serde_json::from_str(text)?;
        let version = spec["openapi"]
            .as_str()
            .ok_or("the new spec has no `openapi` version field: is it an OpenAPI document?")?
            .to_string();
        let paths = spec["paths"]
            .as_object()
            .ok_or("the new spec has no `paths` object")?
            .len();
        let schemas = spec["components"]["schemas"]
            .as_object()
            .map_or(0, |s| s.len());
        Ok(Counts {
            version,
            paths,
            schemas,
        })
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A local name for a downloaded spec that keeps its extension (so YAML is recognised).
fn url_file_name(url: &str) -> String {
    let last = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .rsplit('/')
        .next()
        .unwrap_or("");
    match last.rsplit_once('.') {
        Some((_, ext)) if ["json", "yaml", "yml"].contains(&ext) => format!("downloaded.{ext}"),
        _ => "downloaded".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_versions_urls_and_refuses_the_rest() {
        assert!(matches!(classify("1.977.0").unwrap(), Source::NpmVersion(v) if v == "1.977.0"));
        assert!(matches!(classify("latest").unwrap(), Source::NpmVersion(_)));
        assert!(matches!(
            classify("2.0.0-beta.1").unwrap(),
            Source::NpmVersion(_)
        ));
        assert!(matches!(
            classify("https://example.test/openapi.yaml").unwrap(),
            Source::Url(_)
        ));
        assert!(classify("no-such-file.json").is_err());
        assert!(classify("1.0; rm -rf /").is_err());
    }

    #[test]
    fn downloaded_files_keep_a_spec_extension() {
        assert_eq!(
            url_file_name("https://h.test/a/openapi.yaml?x=1"),
            "downloaded.yaml"
        );
        assert_eq!(url_file_name("https://h.test/spec.json"), "downloaded.json");
        assert_eq!(url_file_name("https://h.test/spec"), "downloaded");
    }

    /// Needs `node` on PATH, like the rest of the test suite.
    #[test]
    fn updates_from_a_yaml_file_keeping_its_order() {
        let dir = crate::test_dir::TestDir::new("spec-yaml");
        dir.write(
            README,
            &format!("# Spec\n{SOURCE_BEGIN}\n- old\n{SOURCE_END}\nmore\n"),
        );
        dir.write(SPEC, "{}\n");
        let yaml = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\n\
                    paths:\n  /z: {}\n  /a:\n    post:\n      responses:\n        200: {description: ok}\n";
        dir.write("new.yaml", yaml);

        update(dir.path(), dir.path().join("new.yaml").to_str().unwrap()).unwrap();

        let expected = r#"{
  "openapi": "3.0.0",
  "info": {
    "title": "T",
    "version": "1"
  },
  "paths": {
    "/z": {},
    "/a": {
      "post": {
        "responses": {
          "200": {
            "description": "ok"
          }
        }
      }
    }
  }
}
"#;
        assert_eq!(dir.read(SPEC), expected);
        assert_eq!(
            dir.read(README),
            format!(
                "# Spec\n{SOURCE_BEGIN}\n- Source: the file `new.yaml`.\n\
                 - Contents: OpenAPI 3.0.0, 2 paths, 0 component schemas.\n{SOURCE_END}\nmore\n"
            )
        );
    }

    #[test]
    fn counts_paths_and_schemas() {
        let counts = Counts::of(
            r#"{"openapi":"3.0.0","paths":{"/a":{},"/b":{}},"components":{"schemas":{"x":{}}}}"#,
        )
        .unwrap();
        assert_eq!(
            (counts.version.as_str(), counts.paths, counts.schemas),
            ("3.0.0", 2, 1)
        );
        assert!(Counts::of(r#"{"swagger":"2.0"}"#).is_err());
    }
}
