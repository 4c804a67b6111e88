//! The restore drill: `accord backup` taken while other processes keep writing is one
//! consistent snapshot; `accord restore` puts it into a fresh database, where every chain
//! verifies and the counts and heads match the manifest. A backup never overwrites a file, a
//! restore never writes into a database that exists, and a backup that was altered, or whose
//! manifest was, is refused by name.

mod common;
use common::workspace::Workspace;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn path(w: &Workspace, name: &str) -> String {
    w.dir.path().join(name).to_str().unwrap().to_owned()
}

/// Keeps writing to the workspace's database from other processes until told to stop.
fn write_load(
    w: &Arc<Workspace>,
    stop: &Arc<AtomicBool>,
    written: &Arc<AtomicUsize>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..2)
        .map(|n| {
            let (w, stop, written) = (w.clone(), stop.clone(), written.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let args: Vec<String> = if n == 0 {
                        vec![
                            "issue".into(),
                            "add".into(),
                            "Okafor".into(),
                            "--title".into(),
                            format!("Load issue {i}"),
                        ]
                    } else {
                        vec![
                            "case".into(),
                            "open".into(),
                            "--title".into(),
                            format!("Load case {i}"),
                            "--type".into(),
                            "workplace".into(),
                            "--jurisdiction".into(),
                            "england-wales".into(),
                        ]
                    };
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let out = w.run(&args);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    written.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
        })
        .collect()
}

#[test]
fn a_backup_taken_under_write_load_restores_and_verifies() {
    let w = Arc::new(Workspace::with_demo());
    let before = w.event_count();
    let (stop, written) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let writers = write_load(&w, &stop, &written);
    while written.load(Ordering::Relaxed) < 6 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let backup = path(&w, "backup.db");
    let made = w.json(&["backup", &backup]);
    // Writing goes on after the snapshot.
    let at_backup = written.load(Ordering::Relaxed);
    while written.load(Ordering::Relaxed) < at_backup + 6 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().for_each(|t| t.join().unwrap());
    let after = w.event_count();

    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{backup}.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["format"], "accord-backup-v1");
    let events = manifest["events"].as_i64().unwrap();
    assert!(
        before < events && events < after,
        "taken mid-load: {before} < {events} < {after}"
    );
    assert_eq!(made["events"], manifest["events"]);
    let cases = manifest["cases"].as_u64().unwrap();
    assert_eq!(
        manifest["heads"]["cases"].as_object().unwrap().len() as u64,
        cases
    );

    // Restore into a fresh database: it verifies, and holds what the manifest says.
    let restored = path(&w, "restored.db");
    let target = format!("sqlite:{restored}");
    let out = w.json(&["--database", &target, "restore", &backup]);
    assert_eq!(
        (out["cases"].as_u64(), out["events"].as_i64()),
        (Some(cases), Some(events))
    );
    let verify = w.ok(&["--database", &target, "verify"]);
    assert!(
        verify.contains(&format!(
            "Checked {cases} cases, {events} events. Every chain verifies."
        )),
        "{verify}"
    );
    let anchored = w.ok(&[
        "--database",
        &target,
        "verify",
        "--against",
        &format!("{backup}.manifest.json"),
    ]);
    assert!(
        anchored.contains("still holds its anchored head"),
        "the manifest is an anchor file: {anchored}"
    );
    let listed = w.json(&["--database", &target, "case", "list"]);
    assert_eq!(listed.as_array().unwrap().len() as u64, cases);

    // Neither command overwrites anything.
    let err = w.fails(&["backup", &backup]);
    assert!(
        err.contains("exists already; name a new file for the backup"),
        "{err}"
    );
    let err = w.fails(&["--database", &target, "restore", &backup]);
    assert!(
        err.contains("exists already: restore only into a new, empty database"),
        "{err}"
    );
}

#[test]
fn an_altered_backup_or_manifest_is_refused() {
    let w = Workspace::with_demo();
    let backup = path(&w, "backup.db");
    w.ok(&["backup", &backup]);
    let manifest_file = format!("{backup}.manifest.json");
    let manifest = std::fs::read_to_string(&manifest_file).unwrap();

    // A manifest that claims more than the backup holds.
    let mut claims: Value = serde_json::from_str(&manifest).unwrap();
    claims["events"] = (claims["events"].as_i64().unwrap() + 1).into();
    std::fs::write(&manifest_file, claims.to_string()).unwrap();
    let target = format!("sqlite:{}", path(&w, "one.db"));
    let err = w.fails(&["--database", &target, "restore", &backup]);
    assert!(
        err.contains("the restored database does not match its manifest"),
        "{err}"
    );
    assert!(err.contains("the manifest says"), "{err}");
    std::fs::write(&manifest_file, &manifest).unwrap();

    // A backup with its last event of one case removed: the chains verify, the heads do not.
    let okafor = w.case_id("Okafor");
    let conn = rusqlite::Connection::open(&backup).unwrap();
    conn.execute(
        "DELETE FROM events WHERE case_id = ?1 AND seq = (SELECT max(seq) FROM events WHERE case_id = ?1)",
        [&okafor],
    )
    .unwrap();
    drop(conn);
    let target = format!("sqlite:{}", path(&w, "two.db"));
    let err = w.fails(&["--database", &target, "restore", &backup]);
    assert!(
        err.contains(&format!(
            "case {okafor} does not end at the head the manifest names"
        )),
        "{err}"
    );

    // No manifest at all.
    std::fs::remove_file(&manifest_file).unwrap();
    let target = format!("sqlite:{}", path(&w, "three.db"));
    let err = w.fails(&["--database", &target, "restore", &backup]);
    assert!(err.contains("cannot read the backup's manifest"), "{err}");
}

#[test]
fn postgres_is_pointed_at_pg_dump() {
    let w = Workspace::new();
    let err = w.fails(&[
        "--database",
        "postgres://postgres@127.0.0.1:5432/postgres",
        "backup",
        &path(&w, "b.db"),
    ]);
    assert!(
        err.contains("for PostgreSQL use pg_dump and pg_restore"),
        "{err}"
    );
}
