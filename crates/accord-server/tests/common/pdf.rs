//! A PDF as its reader sees it: its text (`pdftotext`) and its pages as PNG (`pdftoppm`),
//! both from Debian's poppler-utils, which the test command installs. The pages are kept
//! under `target/tmp/pdf/` so that a failing document can be looked at.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

fn written(pdf: &[u8]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&dir).expect("the artefacts folder");
    let file = dir.join(format!(
        "{}-{}.pdf",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, pdf).expect("the PDF written");
    file
}

/// The PDF's text, its lines' spacing squeezed to single spaces.
pub fn text(pdf: &[u8]) -> String {
    assert!(
        pdf.starts_with(b"%PDF-"),
        "not a PDF: {:?}",
        String::from_utf8_lossy(&pdf[..pdf.len().min(200)])
    );
    let file = written(pdf);
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian poppler-utils; `cargo xtask test` installs it)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        file.display()
    );
    let _ = std::fs::remove_file(&file);
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders every page to `target/tmp/pdf/{name}-N.png` and returns how many pages there are.
pub fn keep_pages(pdf: &[u8], name: &str) -> usize {
    let file = written(pdf);
    let prefix = file.with_file_name(name);
    let status = Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(&file)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (Debian poppler-utils)");
    assert!(status.success(), "pdftoppm failed on {}", file.display());
    let _ = std::fs::remove_file(&file);
    let dir = prefix.parent().expect("a folder");
    std::fs::read_dir(dir)
        .expect("the artefacts folder")
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&format!("{name}-")) && n.ends_with(".png")
        })
        .count()
}
