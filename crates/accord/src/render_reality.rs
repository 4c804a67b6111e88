//! Reality-testing in `accord case show`: the worksheets, overlap checks and proposals the
//! viewer may see — a figure or an answer only in the view of the party that gave it.

use accord_core::case::state::Case;
use accord_core::ids::ParticipantId;
use accord_server::reference::short;
use std::fmt::Write;

fn name(case: &Case, id: ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| short(&id), |p| p.name.to_string())
}

pub fn reality(case: &Case, out: &mut String) {
    if case.worksheets.is_empty() && case.overlap_checks.is_empty() && case.proposals.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nReality-testing");
    for w in &case.worksheets {
        let _ = writeln!(
            out,
            "  {}'s alternatives (visible to {})",
            name(case, w.party),
            crate::render::audience(case, &w.audience)
        );
        for a in &w.worksheet.alternatives {
            let mut parts = Vec::new();
            if let Some(s) = &a.spend {
                parts.push(format!("spend {} ({})", s.answer, s.sureness));
            }
            if let Some(m) = &a.months_to_decision {
                parts.push(format!("{} months ({})", m.answer, m.sureness));
            }
            if let Some(d) = &a.who_decides {
                parts.push(format!("decides: {} ({})", d.answer, d.sureness));
            }
            let _ = writeln!(out, "    {}: {}", a.kind, parts.join(" · "));
            for (when, answer) in [
                ("next week", &a.next_week),
                ("in 3 months", &a.in_three_months),
            ] {
                if let Some(t) = answer {
                    let _ = writeln!(out, "      {when}: {} ({})", t.answer, t.sureness);
                }
            }
        }
    }
    for c in &case.overlap_checks {
        let results: Vec<_> = c
            .results
            .iter()
            .map(|r| match (&r.overlap, &r.midpoint) {
                (true, Some(m)) => format!("round {}: overlap, proposed {m}", r.round),
                (true, None) => format!("round {}: overlap", r.round),
                (false, _) => format!("round {}: no overlap", r.round),
            })
            .collect();
        let _ = writeln!(
            out,
            "  overlap check {}: {} receiving, {} paying, {}, {} rounds{}",
            c.number,
            name(case, c.receiving),
            name(case, c.paying),
            c.currency.as_str(),
            c.rounds,
            if c.ended() { ", ended" } else { "" }
        );
        if !results.is_empty() {
            let _ = writeln!(out, "    {}", results.join("; "));
        }
        for f in &c.my_figures {
            let _ = writeln!(
                out,
                "    your figure, round {}: {} (yours alone)",
                f.round, f.figure
            );
        }
    }
    for p in &case.proposals {
        let result = match &p.result {
            None => format!("awaiting answers by {}", p.answer_by),
            Some(r) if r.accepted_by_all => "accepted by all".into(),
            Some(_) => "not accepted by all".into(),
        };
        let _ = writeln!(out, "  mediator's proposal {}: {result}", p.number);
        for t in &p.terms {
            let issue = case
                .issue(t.issue)
                .map_or_else(|| short(&t.issue), |i| i.title.to_string());
            let _ = writeln!(out, "    {issue}: {}", t.terms);
        }
        for a in &p.my_answers {
            let answer = if a.accept { "accepted" } else { "rejected" };
            let _ = writeln!(out, "    your answer: {answer} (yours alone)");
        }
    }
}
