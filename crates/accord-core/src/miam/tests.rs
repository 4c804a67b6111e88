//! The PD3A grounds as a table: every category and ground, complete and incomplete claims,
//! the conditions each carries, and the grounds removed in 2024 refused.

use super::check::{Claim, ClaimError, GroundClaim, MediatorContacted, check};
use super::grounds::{CATEGORIES, Need, REMOVED, ground};
use jiff::civil::{Date, date};

const APPLIED: Date = date(2026, 12, 7);

fn claim_of(g: GroundClaim) -> Claim {
    Claim {
        grounds: vec![g],
        application_on: Some(APPLIED),
    }
}

fn contacted(n: usize) -> Vec<MediatorContacted> {
    (0..n)
        .map(|i| MediatorContacted {
            name: format!("Mediator {i}"),
            contact: format!("{i} High Street, Leeds; 0113 496 000{i}"),
            contacted_on: Some(date(2026, 11, 20)),
        })
        .collect()
}

/// Everything any ground can need, given.
fn everything(key: &str) -> GroundClaim {
    GroundClaim {
        ground: key.into(),
        evidence_attached: true,
        unable_to_attend_online: true,
        explanation: Some("No computer or smartphone at home, and no private room".into()),
        mediators_within_15_miles: Some(7),
        mediators_contacted: contacted(5),
        attended_on: Some(date(2026, 10, 1)),
        provider_confirmation: true,
        mediator_certificate: true,
        mediator_details: None,
    }
}

#[test]
fn the_table_holds_every_category_of_pd3a_with_its_grounds_and_rules() {
    let counts: Vec<(&str, usize)> = CATEGORIES
        .iter()
        .map(|c| (c.key, c.grounds.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("domestic-abuse", 22),
            ("child-protection", 2),
            ("urgency", 7),
            ("previous-attendance", 2),
            ("other", 6)
        ]
    );
    let mut keys = std::collections::HashSet::new();
    for c in CATEGORIES {
        for g in c.grounds {
            assert!(g.key.starts_with(&format!("{}/", c.key)), "{}", g.key);
            assert!(keys.insert(g.key), "{} twice", g.key);
            assert!(g.rule.starts_with("FPR r.3.8(1)("), "{}: {}", g.key, g.rule);
            assert!(g.text.ends_with('.') || g.text.ends_with(')'), "{}", g.key);
        }
    }
    // Every domestic-abuse ground asks for a copy of its evidence, under PD3A para 20.
    for g in CATEGORIES[0].grounds {
        assert!(matches!(g.needs, [Need::EvidenceCopy { .. }]), "{}", g.key);
        assert!(g.rule.ends_with("PD3A para 20"));
    }
    // No removed ground is in the table.
    for r in REMOVED {
        assert!(ground(r.key).is_none(), "{}", r.key);
    }
}

#[test]
fn every_ground_is_complete_with_everything_and_names_each_need_without_it() {
    for g in CATEGORIES.iter().flat_map(|c| c.grounds) {
        let full = check(&claim_of(everything(g.key))).unwrap();
        assert!(full.complete, "{}: {:?}", g.key, full.grounds[0].missing);
        assert_eq!(full.status, "claimed");

        let bare = check(&claim_of(GroundClaim {
            ground: g.key.into(),
            ..GroundClaim::default()
        }))
        .unwrap();
        let missing = &bare.grounds[0].missing;
        // One missing item per need; not knowing how many mediators are near is one more.
        let expected = g.needs.len()
            + g.needs
                .iter()
                .filter(|n| matches!(n, Need::MediatorsContacted { .. }))
                .count();
        assert_eq!(missing.len(), expected, "{}: {missing:?}", g.key);
        assert_eq!(bare.complete, g.needs.is_empty(), "{}", g.key);
        assert!(missing.iter().all(|m| m.rule == g.rule));
    }
}

#[test]
fn a_domestic_abuse_claim_without_its_evidence_says_so() {
    let a = check(&claim_of(GroundClaim {
        ground: "domestic-abuse/dapn".into(),
        ..GroundClaim::default()
    }))
    .unwrap();
    assert!(!a.complete);
    assert_eq!(
        a.grounds[0].missing[0].what,
        "a copy of this evidence of domestic abuse, filed with the application (PD3A para 20)"
    );
    assert_eq!(a.grounds[0].rule, "FPR r.3.8(1)(a); PD3A para 20");
}

#[test]
fn previous_attendance_counts_the_four_months_back_from_the_application_day() {
    let on = |d: Date| {
        let mut g = everything("previous-attendance/within-4-months");
        g.attended_on = Some(d);
        check(&claim_of(g)).unwrap()
    };
    // 2026-12-07 less four months is 2026-08-07: that day counts, the day before does not.
    assert!(on(date(2026, 8, 7)).complete);
    let late = on(date(2026, 8, 6));
    assert_eq!(
        late.grounds[0].missing[0].what,
        "an attendance in the 4 months before the application: 2026-08-06 is before 2026-08-07"
    );
    assert!(!on(date(2026, 12, 8)).complete, "after the application");
    let mut undated = everything("previous-attendance/within-4-months");
    undated.attended_on = None;
    assert!(!check(&claim_of(undated)).unwrap().complete);
    // The end of a month: four months before 30 June is 28 February (not 2 March).
    let mut g = everything("previous-attendance/within-4-months");
    g.attended_on = Some(date(2027, 2, 28));
    let claim = Claim {
        grounds: vec![g],
        application_on: Some(date(2027, 6, 30)),
    };
    assert!(check(&claim).unwrap().complete);
}

#[test]
fn mediators_contacted_are_five_or_every_one_within_fifteen_miles_each_in_full() {
    let with = |nearby: u32, n: usize| {
        let mut g = everything("other/no-appointment-within-15-business-days");
        g.mediators_within_15_miles = Some(nearby);
        g.mediators_contacted = contacted(n);
        check(&claim_of(g)).unwrap()
    };
    assert!(with(7, 5).complete);
    assert!(with(3, 3).complete, "all three there are");
    let of_three = with(3, 1);
    assert!(of_three.grounds[0].missing[0].what.starts_with(
        "2 more authorised family mediators with an office within 15 miles contacted: 3 are needed"
    ));
    let short = with(7, 3);
    assert!(short.grounds[0].missing[0].what.starts_with(
        "2 more authorised family mediators with an office within 15 miles contacted: 5 are needed"
    ));
    // A contact without its date does not count.
    let mut g = everything("other/disability");
    g.mediators_contacted[4].contacted_on = None;
    let a = check(&claim_of(g)).unwrap();
    assert!(
        a.grounds[0].missing[0]
            .what
            .starts_with("1 more authorised family mediator with")
    );
    // Unable to attend online is a condition of its own.
    let mut g = everything("other/no-mediator-within-15-miles");
    g.unable_to_attend_online = false;
    let a = check(&claim_of(g)).unwrap();
    assert_eq!(
        a.grounds[0].missing[0].what,
        "a statement that the applicant is not able to attend a MIAM online or by video-link"
    );
}

#[test]
fn the_grounds_removed_in_2024_unknown_ones_and_repeats_are_refused() {
    for r in REMOVED {
        let refused = check(&claim_of(GroundClaim {
            ground: r.key.into(),
            ..GroundClaim::default()
        }))
        .unwrap_err();
        assert_eq!(
            refused,
            ClaimError::Removed {
                key: r.key.into(),
                why: r.why
            }
        );
        assert!(refused.to_string().contains("2024"), "{refused}");
    }
    let unknown = check(&claim_of(GroundClaim {
        ground: "other/bored".into(),
        ..GroundClaim::default()
    }));
    assert_eq!(unknown, Err(ClaimError::Unknown("other/bored".into())));
    assert_eq!(check(&Claim::default()), Err(ClaimError::NoGround));
    let twice = Claim {
        grounds: vec![
            everything("urgency/harm-to-child"),
            everything("urgency/harm-to-child"),
        ],
        application_on: None,
    };
    assert_eq!(
        check(&twice),
        Err(ClaimError::Twice("urgency/harm-to-child".into()))
    );
}

#[test]
fn a_claim_is_complete_only_when_every_ground_it_names_is() {
    let claim = Claim {
        grounds: vec![
            everything("urgency/risk-to-life"),
            GroundClaim {
                ground: "domestic-abuse/idva".into(),
                ..GroundClaim::default()
            },
        ],
        application_on: Some(APPLIED),
    };
    let a = check(&claim).unwrap();
    assert!(!a.complete);
    assert_eq!(
        a.grounds.iter().map(|g| g.complete).collect::<Vec<_>>(),
        [true, false]
    );
}
