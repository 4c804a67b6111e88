//! The browser tests (`web-tests/`): the real `accord` binary driven by Debian's chromium
//! through npm `playwright-core`, with axe-core, under Node's own test runner.

use crate::step;
use anyhow::{Context, Result};
use std::path::Path;
use std::process::Command;

/// Installs what the browser tests need (`xtask/ensure-browser.sh`: chromium at
/// /usr/bin/chromium, Node.js and npm if missing, then `npm ci` in web-tests/), then runs
/// `node --test` there against `accord`.
pub fn browser_tests(root: &Path, accord: &Path) -> Result<()> {
    step(
        "chromium, Node.js and web-tests' npm packages (npm ci)",
        Command::new("bash").arg(root.join("xtask/ensure-browser.sh")),
    )?;
    let accord = accord
        .canonicalize()
        .with_context(|| format!("{} is not built", accord.display()))?;
    step(
        "browser tests (node --test web-tests/)",
        Command::new("node")
            .args(["--test", "--test-reporter=spec"])
            .current_dir(root.join("web-tests"))
            .env("ACCORD_BIN", accord),
    )
}
