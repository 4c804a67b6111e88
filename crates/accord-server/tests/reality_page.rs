//! The reality-testing page through the real router, as each person uses it: a party thinks
//! an alternative through (private until shared); the mediator opens an overlap check, each
//! party enters a figure that no other page ever shows, not even the mediator's, and a bad
//! figure comes back with a message that does not repeat it; a proposal one party rejects
//! reads "Not accepted by all" on every page, each party seeing only its own answer; a risk
//! tree is worked out against a typed offer, and a bad tree or offer comes back with the problem.

mod common;

use accord_core::case::Command;
use accord_core::ids::IssueId;
use axum::http::{Method, StatusCode};
use common::{World, hidden, page, text};

struct Browser<'a> {
    w: &'a World,
    cookie: String,
}

impl Browser<'_> {
    fn path(&self) -> String {
        format!("/cases/{}/reality", self.w.case)
    }

    async fn html(&self) -> String {
        let p = page(
            self.w,
            Method::GET,
            &self.path(),
            Some(&self.cookie),
            &[],
            &[],
        )
        .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.html);
        p.html
    }

    /// Sends a form of the page (its CSRF token and version) to `action` under the page.
    async fn send(&self, action: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let html = self.html().await;
        let (csrf, version) = (hidden(&html, "csrf"), hidden(&html, "version"));
        let mut form = vec![("csrf", csrf.as_str()), ("version", version.as_str())];
        form.extend_from_slice(fields);
        let path = format!("{}{action}", self.path());
        let origin = [("origin", "http://127.0.0.1:8080")];
        let p = page(
            self.w,
            Method::POST,
            &path,
            Some(&self.cookie),
            &form,
            &origin,
        )
        .await;
        (p.status, p.html)
    }

    async fn ok(&self, action: &str, fields: &[(&str, &str)]) {
        let (status, html) = self.send(action, fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{action}: {html}");
    }
}

#[tokio::test]
async fn reality_testing_on_the_page_keeps_each_figure_and_answer_with_its_party() {
    let w = World::new();
    let holidays = IssueId::new_v7();
    w.mediate(Command::AddIssue {
        issue: holidays,
        title: text("Holidays"),
        description: None,
    });
    let amira = Browser {
        cookie: w.join(w.party_a, "amira@example.org").await,
        w: &w,
    };
    let ben = Browser {
        cookie: w.join(w.party_b, "ben@example.org").await,
        w: &w,
    };
    let maya = Browser {
        cookie: w.sign_in("maya@h.example").await,
        w: &w,
    };

    // Amira's worksheet: hers and the mediator's.
    amira
        .ok(
            "/worksheet",
            &[
                ("alt-kind", "litigation"),
                ("alt-next_week", "WS-CANARY: a letter before action"),
                ("alt-next_week-sureness", "sure"),
                ("alt-spend", "18,000 GBP"),
                ("alt-spend-sureness", "unsure"),
            ],
        )
        .await;
    assert!(amira.html().await.contains("WS-CANARY"));
    assert!(maya.html().await.contains("WS-CANARY"));
    assert!(!ben.html().await.contains("WS-CANARY"));
    let (status, html) = amira
        .send(
            "/worksheet",
            &[
                ("alt-kind", "arbitration"),
                ("alt-months_to_decision", "soon"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Enter a whole number of months"), "{html}");

    // The risk tree, weighed against a typed offer: the figures come back to Amira alone.
    let (status, html) = amira
        .send(
            "/risk",
            &[
                ("risk-example", "wage-claim"),
                ("risk-offer", "15,000 USD"),
                ("risk-discount", "5"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for expected in [
        "Chance that going on beats it",
        "<svg",
        "<desc",
        "15,000.00 USD",
    ] {
        assert!(html.contains(expected), "{expected:?}");
    }
    let (status, html) = amira
        .send("/risk", &[("risk-tree", "{\"currency\": \"USD\"")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("The tree is not in the format"), "{html}");
    let (status, html) = amira
        .send(
            "/risk",
            &[("risk-example", "wage-claim"), ("risk-offer", "15,000 GBP")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("The offer is in GBP but the tree is in USD"),
        "{html}"
    );

    // The overlap check: Amira would take no less than 87,501; Ben pay no more than 40,250.
    maya.ok(
        "/overlap",
        &[
            ("overlap-receiving", &w.party_a.to_string()),
            ("overlap-paying", &w.party_b.to_string()),
            ("overlap-currency", "GBP"),
            ("overlap-rounds", "2"),
        ],
    )
    .await;
    assert!(
        amira.html().await.contains("the least you would accept"),
        "Amira is asked for her figure"
    );
    let (status, html) = amira
        .send("/overlap/1/figure", &[("overlap-figure", "87x501")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Enter an amount in GBP"), "{html}");
    assert!(
        !html.contains("87x501"),
        "the refusal repeats nothing typed"
    );
    amira
        .ok("/overlap/1/figure", &[("overlap-figure", "87,501")])
        .await;
    assert!(amira.html().await.contains("Round 1: 87,501.00 GBP"));
    assert!(ben.html().await.contains("the most you would pay"));
    ben.ok("/overlap/1/figure", &[("overlap-figure", "40250")])
        .await;
    for (who, theirs) in [(&amira, "40,250"), (&ben, "87,501")] {
        let html = who.html().await;
        assert!(html.contains("Round 1: no overlap"), "{html}");
        assert!(!html.contains(theirs));
    }
    let mediators = maya.html().await;
    assert!(mediators.contains("Round 1: no overlap"));
    for figure in ["87,501", "87501", "40,250", "40250"] {
        assert!(
            !mediators.contains(figure),
            "the mediator's page holds {figure}"
        );
    }

    // The mediator's proposal: Amira accepts, Ben rejects.
    let terms = format!("proposal-terms-{holidays}");
    maya.ok(
        "/proposals",
        &[
            (
                terms.as_str(),
                "Christmas Eve with Amira, Boxing Day with Ben",
            ),
            ("proposal-answer_by", "2027-01-20"),
        ],
    )
    .await;
    amira
        .ok("/proposals/1/answer", &[("proposal-accept", "true")])
        .await;
    ben.ok("/proposals/1/answer", &[("proposal-accept", "false")])
        .await;
    for (who, own) in [
        (&amira, Some("You accepted")),
        (&ben, Some("You rejected")),
        (&maya, None),
    ] {
        let html = who.html().await;
        assert!(html.contains("Not accepted by all"), "{html}");
        for answer in ["You accepted", "You rejected"] {
            assert_eq!(html.contains(answer), own == Some(answer), "{answer}");
        }
    }
}
