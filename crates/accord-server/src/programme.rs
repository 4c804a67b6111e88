//! Programme figures for coordinators and admins (DOMAIN.md §11: success is more than a
//! signature): per dispute type and per mediator, cases by status and latest outcome, how far
//! issues narrowed, terms by state, and next moves chosen with an owner and a date. Summed in
//! SQL from the `case_figures` read model (joint facts only, no names of parties, no text).

use crate::accounts::{AccountRole, User};
use crate::error::{AppError, Result};
use crate::workbench::Workbench;
use accord_store::FiguresGroup;
use serde::Serialize;
use std::collections::BTreeMap;

/// The programme's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Programme {
    /// Every case.
    pub all: Figures,
    /// Each dispute type with at least one case.
    pub by_dispute_type: Vec<DisputeTypeFigures>,
    /// Each mediator of at least one case; a case with two mediators counts for both.
    pub by_mediator: Vec<MediatorFigures>,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DisputeTypeFigures {
    pub dispute_type: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MediatorFigures {
    /// The mediator's account id.
    pub mediator: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Counts over a set of cases.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub cases: u64,
    /// "open" and each closure status.
    pub by_status: BTreeMap<String, u64>,
    /// Each latest outcome, "none" for cases with no outcome yet.
    pub by_latest_outcome: BTreeMap<String, u64>,
    pub issues: u64,
    /// Summed over the cases: the most issues each had open at once, and open now.
    pub open_issues_at_peak: u64,
    pub open_issues_now: u64,
    /// `open_issues_at_peak - open_issues_now`: issues no longer open.
    pub issues_narrowed: u64,
    pub terms_by_state: TermsByState,
    /// Cases whose next move is chosen, with an owner and a date, and not yet done.
    pub next_moves_with_owner_and_date: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TermsByState {
    #[serde(rename = "final")]
    pub agreed_final: u64,
    pub subject_to_paperwork: u64,
    pub temporary: u64,
    pub pilot: u64,
}

impl Figures {
    fn add(&mut self, g: &FiguresGroup) {
        let [cases, issues, peak, now, fin, paper, temp, pilot, next] = g.sums;
        self.cases += cases;
        *self.by_status.entry(g.state.clone()).or_default() += cases;
        let outcome = g.latest_outcome.clone().unwrap_or_else(|| "none".into());
        *self.by_latest_outcome.entry(outcome).or_default() += cases;
        self.issues += issues;
        self.open_issues_at_peak += peak;
        self.open_issues_now += now;
        self.issues_narrowed = self.open_issues_at_peak - self.open_issues_now;
        self.terms_by_state.agreed_final += fin;
        self.terms_by_state.subject_to_paperwork += paper;
        self.terms_by_state.temporary += temp;
        self.terms_by_state.pilot += pilot;
        self.next_moves_with_owner_and_date += next;
    }
}

fn grouped(groups: &[FiguresGroup]) -> BTreeMap<String, Figures> {
    let mut out: BTreeMap<String, Figures> = BTreeMap::new();
    for g in groups {
        out.entry(g.key.clone()).or_default().add(g);
    }
    out
}

impl Workbench {
    /// The programme's figures: coordinators and admins only.
    pub fn programme(&self, user: &User) -> Result<Programme> {
        if !matches!(user.role, AccountRole::Coordinator | AccountRole::Admin) {
            return Err(AppError::Forbidden(
                "programme figures are for coordinators and admins".into(),
            ));
        }
        let store = self.cases.store();
        let by_type = store.figures_by_dispute_type()?;
        let mut all = Figures::default();
        for g in &by_type {
            all.add(g);
        }
        let by_dispute_type = grouped(&by_type)
            .into_iter()
            .map(|(dispute_type, figures)| DisputeTypeFigures {
                dispute_type,
                figures,
            })
            .collect();
        let mut by_mediator = Vec::new();
        for (mediator, figures) in grouped(&store.figures_by_mediator()?) {
            let name = self
                .accounts
                .by_id(&mediator)?
                .map_or_else(String::new, |u| u.name);
            by_mediator.push(MediatorFigures {
                mediator,
                name,
                figures,
            });
        }
        Ok(Programme {
            all,
            by_dispute_type,
            by_mediator,
        })
    }
}
