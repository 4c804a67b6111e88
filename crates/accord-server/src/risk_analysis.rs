//! The litigation risk tree as a service (DOMAIN.md §6): one place the API, the pages and the
//! CLI call to analyse a tree — validated, folded exactly, simulated, charted — and to find
//! the offer to weigh it against: typed in, or the best offer on the table in the party's own
//! latest debrief, read from the reader's fold. Nothing is stored: a party's tree, its
//! figures and its chart go back to the party who sent them and nowhere else.

use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::AppError;
use crate::workbench::Workbench;
use accord_core::analysis::{self, Analysis, Options, Progress, Tree};
use accord_core::case::debrief::latest_offer;
use accord_core::case::money::Money;
use accord_core::ids::{CaseId, ParticipantId};
use serde::Serialize;

/// Paths one request over the network may ask for: a million take well under a second here;
/// the CLI, on the caller's own machine, may go to `analysis::MAX_PATHS`.
pub const API_MAX_PATHS: u64 = 1_000_000;

/// Refuses more paths than a request over the network may ask for.
pub fn network_limits(options: &Options) -> Result<(), AppError> {
    if options.paths > API_MAX_PATHS {
        return Err(AppError::Invalid {
            field: "paths",
            message: format!(
                "at most {API_MAX_PATHS} paths in one request (the CLI, `accord analyse tree`, \
                 runs up to {} on your own machine)",
                analysis::MAX_PATHS
            ),
        });
    }
    Ok(())
}

/// Where the offer weighed against came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OfferSource {
    /// Given with the request.
    Typed,
    /// The best offer on the table in the party's latest debrief.
    Debrief,
}

/// The chart of net outcomes, the offer marked, and the same in words.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Chart {
    pub svg: String,
    pub text: String,
}

/// An analysed tree.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RiskAnswer {
    pub analysis: Analysis,
    /// `None` when there was no offer to weigh against.
    pub offer_from: Option<OfferSource>,
    pub chart: Chart,
}

/// Analyses `tree`: every problem of the tree and the options at once, naming node and field.
pub fn analyse(
    tree: &Tree,
    options: &Options,
    offer_from: Option<OfferSource>,
    progress: Progress<'_>,
) -> Result<RiskAnswer, AppError> {
    let analysis = analysis::analyse(tree, options, progress).map_err(|e| AppError::Invalid {
        field: "tree",
        message: e.to_string(),
    })?;
    let chart = Chart {
        svg: analysis::chart_svg(&analysis),
        text: analysis::text_alternative(&analysis),
    };
    Ok(RiskAnswer {
        analysis,
        offer_from: options.offer.and(offer_from),
        chart,
    })
}

/// The offer in the tree's currency, from money typed in (its currency must be the tree's).
pub fn typed_offer(tree: &Tree, offer: &Money) -> Result<i64, AppError> {
    if offer.currency != tree.currency {
        return Err(AppError::Invalid {
            field: "offer",
            message: format!(
                "the offer is in {} but the tree is in {}",
                offer.currency.as_str(),
                tree.currency.as_str()
            ),
        });
    }
    Ok(offer.minor_units)
}

/// The best offer on the table in `party`'s latest debrief, if it names one in money.
pub fn debrief_offer(
    case: &accord_core::case::state::Case,
    party: ParticipantId,
    tree: &Tree,
) -> Result<Option<i64>, AppError> {
    latest_offer(case, party)
        .map(|m| typed_offer(tree, &m))
        .transpose()
        .map_err(|_| AppError::Invalid {
            field: "offer",
            message: format!(
                "the best offer in your latest debrief is not in {}; give the offer in the \
                 tree's currency",
                tree.currency.as_str()
            ),
        })
}

impl Workbench {
    /// Analyses `tree` for a person in `case`: a party (or someone acting for it) weighs it
    /// against `offer`, or else against the best offer in its own latest debrief; a mediator
    /// gives the offer. Coordinators see no case content, so they analyse nothing here.
    pub fn analyse_for_case(
        &self,
        user: &User,
        case: CaseId,
        tree: &Tree,
        mut options: Options,
        offer: Option<Money>,
    ) -> Result<RiskAnswer, AppError> {
        network_limits(&options)?;
        let (access, fold) = self.viewed(user, case)?;
        let party = match access {
            CaseAccess::Metadata => {
                return Err(AppError::Forbidden(
                    "coordinators and admins see case metadata only".into(),
                ));
            }
            CaseAccess::Mediator => None,
            CaseAccess::Participant(p) => Some(fold.case.party_of(p)),
        };
        let source = match (offer, party) {
            (Some(offer), _) => {
                options.offer = Some(typed_offer(tree, &offer)?);
                Some(OfferSource::Typed)
            }
            (None, Some(party)) => {
                options.offer = debrief_offer(&fold.case, party, tree)?;
                Some(OfferSource::Debrief)
            }
            (None, None) => None,
        };
        analyse(tree, &options, source, &analysis::no_progress)
    }
}
