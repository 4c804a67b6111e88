//! `accord backup FILE` and `accord restore FILE`: the commands around the backup service,
//! printing what was copied and what the manifest holds.

use accord_server::backup::{self, Manifest};
use accord_store::DatabaseUrl;
use anyhow::Result;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

fn summary(manifest: &Manifest) -> serde_json::Value {
    json!({"cases": manifest.cases, "events": manifest.events, "heads": manifest.heads.cases.len()})
}

pub fn backup(source: &DatabaseUrl, file: &Path, as_json: bool) -> Result<ExitCode> {
    let manifest = backup::backup(source, file)?;
    let manifest_file = backup::manifest_path(file);
    if as_json {
        let mut out = summary(&manifest);
        out["backup"] = json!(file);
        out["manifest"] = json!(manifest_file);
        println!("{out}");
    } else {
        println!(
            "Backed up {} cases ({} events) from {source} to {}; manifest in {}.",
            manifest.cases,
            manifest.events,
            file.display(),
            manifest_file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(file: &Path, target: &DatabaseUrl, as_json: bool) -> Result<ExitCode> {
    let manifest = backup::restore(file, target)?;
    if as_json {
        let mut out = summary(&manifest);
        out["database"] = json!(target.to_string());
        out["verified"] = json!(true);
        println!("{out}");
    } else {
        println!(
            "Restored {} cases ({} events) into {target}: every chain verifies and every case \
             ends at the head its manifest names.",
            manifest.cases, manifest.events
        );
    }
    Ok(ExitCode::SUCCESS)
}
