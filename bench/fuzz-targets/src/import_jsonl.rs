//! `accord import` of any file: it either refuses with a reason, writing nothing, or imports
//! whole cases that read back, event by event, exactly as the file gave them.

use accord_core::chain;
use accord_server::Cases;
use std::sync::OnceLock;

fn cases() -> &'static Cases {
    static CASES: OnceLock<(Cases, tempfile::TempDir)> = OnceLock::new();
    &CASES
        .get_or_init(|| {
            let (store, dir) = crate::scratch_store();
            (Cases::new(store), dir)
        })
        .0
}

pub fn import_jsonl(data: &[u8]) {
    let cases = cases();
    let before = cases.store().case_ids().expect("cases listed").len();
    let Ok(imported) = cases.import(data) else {
        assert_eq!(
            cases.store().case_ids().expect("cases listed").len(),
            before,
            "a refused import wrote a case"
        );
        return;
    };
    let lines: Vec<_> = std::str::from_utf8(data)
        .expect("an imported file is text")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| chain::parse_export_line(l).expect("an imported line parses"))
        .collect();
    for case in imported {
        let stored = cases
            .store()
            .events(case.case)
            .expect("an imported case is stored");
        let given: Vec<_> = lines
            .iter()
            .filter(|e| e.case_id == case.case.to_string())
            .cloned()
            .collect();
        assert_eq!(stored, given, "case {} reads back as imported", case.case);
        chain::verify_chain(&stored).expect("an imported chain verifies");
        let mut out = Vec::new();
        cases
            .export(case.case, &mut out)
            .expect("an imported case exports");
        let exported: Vec<_> = std::str::from_utf8(&out)
            .unwrap()
            .lines()
            .map(|l| chain::parse_export_line(l).unwrap())
            .collect();
        assert_eq!(exported, given, "case {} exports as imported", case.case);
    }
}
