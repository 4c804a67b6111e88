//! The confidential overlap check ("double-blind bidding", DOMAIN.md §6): when the numbers never
//! seem to meet, each side privately enters the figure it would accept (the receiving party) or
//! pay (the paying party). Each figure is an event whose audience is its party alone — not the
//! other party, not the mediator. When both figures of a round are in, Accord records one joint
//! fact: whether they overlap, and, if both parties agreed to it beforehand, the midpoint as a
//! proposed figure. The mediator sets how many rounds there are (default 3), so that nobody can
//! walk the other side's number down by probing; a further round is refused.
//!
//! Nothing here ever names a figure in an error: the only person who typed it is the one who
//! gets the answer, and errors travel further (logs, support) than views do.

use super::event::{Event, NewEvent};
use super::money::{Currency, Money};
use super::state::Case;
use crate::error::DomainError;
use crate::ids::ParticipantId;
use jiff::Timestamp;
use serde::Serialize;

/// Rounds when the mediator does not say.
pub const DEFAULT_ROUNDS: u8 = 3;
/// More rounds than this is a search for the other side's number, not a check.
pub const MAX_ROUNDS: u8 = 5;
/// Overlap checks in one case.
pub const MAX_CHECKS: usize = 20;

/// One overlap check, as a viewer sees it: the joint facts (who is on which side, the rounds,
/// each round's result) and, only in a party's own view, the figures that party entered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverlapCheck {
    /// 1 for the case's first check, 2 for the next, …
    pub number: u32,
    /// The party that would receive money: its figure is the least it would accept.
    pub receiving: ParticipantId,
    /// The party that would pay: its figure is the most it would pay.
    pub paying: ParticipantId,
    pub currency: Currency,
    pub rounds: u8,
    /// The parties who agreed that, on an overlap, the midpoint is proposed.
    pub midpoint_agreed_by: Vec<ParticipantId>,
    /// One result a round, in order; the check ends at an overlap or after its last round.
    pub results: Vec<RoundResult>,
    /// The figures this viewer entered (only a party's own fold holds any).
    pub my_figures: Vec<EnteredFigure>,
    pub opened_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundResult {
    pub round: u8,
    pub overlap: bool,
    /// Halfway between the two figures, when they overlap and both parties agreed to it.
    pub midpoint: Option<Money>,
    pub at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnteredFigure {
    pub round: u8,
    pub party: ParticipantId,
    pub figure: Money,
    pub at: Timestamp,
}

impl OverlapCheck {
    /// Whether the check is over: the ranges met, or every round was used.
    pub fn ended(&self) -> bool {
        self.results.last().is_some_and(|r| r.overlap) || self.results.len() >= self.rounds.into()
    }

    /// The round figures go into now, unless the check ended.
    pub fn current_round(&self) -> Option<u8> {
        (!self.ended()).then(|| self.results.len() as u8 + 1)
    }

    /// Whether `party` is one of the two sides.
    pub fn is_side(&self, party: ParticipantId) -> bool {
        party == self.receiving || party == self.paying
    }
}

/// The rule for opening a check.
pub fn open(
    case: &Case,
    receiving: ParticipantId,
    paying: ParticipantId,
    currency: Currency,
    rounds: u8,
) -> Result<NewEvent, DomainError> {
    super::decide::require_party(case, receiving)?;
    super::decide::require_party(case, paying)?;
    if receiving == paying {
        return Err(DomainError::InvalidField {
            field: "paying",
            reason: "the receiving and the paying party must be two different parties".into(),
        });
    }
    currency.check("currency")?;
    if !(1..=MAX_ROUNDS).contains(&rounds) {
        return Err(DomainError::InvalidField {
            field: "rounds",
            reason: format!("{rounds} is not from 1 to {MAX_ROUNDS}"),
        });
    }
    if case.overlap_checks.len() >= MAX_CHECKS {
        return Err(DomainError::LimitReached {
            what: "overlap checks",
            max: MAX_CHECKS,
        });
    }
    if case.overlap_checks.iter().any(|c| !c.ended()) {
        return Err(DomainError::OverlapCheckRunning);
    }
    Ok(NewEvent::joint(Event::OverlapCheckOpened {
        number: case.overlap_checks.len() as u32 + 1,
        receiving,
        paying,
        currency,
        rounds,
    }))
}

fn running(case: &Case, number: u32) -> Result<&OverlapCheck, DomainError> {
    let check = case
        .overlap_check(number)
        .ok_or(DomainError::UnknownOverlapCheck(number))?;
    if check.ended() {
        return Err(DomainError::OverlapCheckEnded);
    }
    Ok(check)
}

/// A party agrees that an overlap is answered with the midpoint (joint: agreeing is no secret).
pub fn agree_to_midpoint(
    case: &Case,
    number: u32,
    party: ParticipantId,
) -> Result<NewEvent, DomainError> {
    let check = running(case, number)?;
    if !check.is_side(party) {
        return Err(DomainError::NotInOverlapCheck);
    }
    if check.midpoint_agreed_by.contains(&party) {
        return Err(DomainError::MidpointAlreadyAgreed);
    }
    Ok(NewEvent::joint(Event::OverlapMidpointAgreed {
        number,
        party,
    }))
}

/// A party's figure for the current round: an event for that party alone, and, when it is the
/// second figure of the round, the round's joint result.
pub fn enter_figure(
    case: &Case,
    number: u32,
    party: ParticipantId,
    figure: Money,
) -> Result<Vec<NewEvent>, DomainError> {
    let check = running(case, number)?;
    if !check.is_side(party) {
        return Err(DomainError::NotInOverlapCheck);
    }
    if figure.currency != check.currency {
        return Err(DomainError::InvalidField {
            field: "figure.currency",
            reason: format!("this check is in {}", check.currency.as_str()),
        });
    }
    if figure.minor_units < 0 {
        return Err(DomainError::InvalidField {
            field: "figure",
            reason: "a figure cannot be negative".into(),
        });
    }
    let round = check.current_round().expect("a running check has a round");
    // The full fold holds both parties' figures; only `decide` reads them.
    let in_round = |p: ParticipantId| {
        check
            .my_figures
            .iter()
            .find(|f| f.round == round && f.party == p)
    };
    if in_round(party).is_some() {
        return Err(DomainError::FigureAlreadyEntered(round));
    }
    let other = if party == check.receiving {
        check.paying
    } else {
        check.receiving
    };
    let mut events = vec![NewEvent::party_alone(
        party,
        Event::OverlapFigureEntered {
            number,
            round,
            party,
            figure,
        },
    )];
    if let Some(theirs) = in_round(other) {
        let (accept, pay) = if party == check.receiving {
            (figure, theirs.figure)
        } else {
            (theirs.figure, figure)
        };
        let overlap = pay.minor_units >= accept.minor_units;
        let both_agreed = [check.receiving, check.paying]
            .iter()
            .all(|p| check.midpoint_agreed_by.contains(p));
        let midpoint = (overlap && both_agreed).then(|| Money {
            // Rounded down to the minor unit: never more than the payer offered.
            minor_units: accept.minor_units + (pay.minor_units - accept.minor_units) / 2,
            currency: check.currency,
        });
        events.push(NewEvent::joint(Event::OverlapRoundEnded {
            number,
            round,
            overlap,
            midpoint,
        }));
    }
    Ok(events)
}

/// Folds the check's events into the state.
pub fn evolve(case: &mut Case, event: &Event, at: Timestamp) {
    match event {
        Event::OverlapCheckOpened {
            number,
            receiving,
            paying,
            currency,
            rounds,
        } => case.overlap_checks.push(OverlapCheck {
            number: *number,
            receiving: *receiving,
            paying: *paying,
            currency: *currency,
            rounds: *rounds,
            midpoint_agreed_by: Vec::new(),
            results: Vec::new(),
            my_figures: Vec::new(),
            opened_at: at,
        }),
        Event::OverlapMidpointAgreed { number, party } => {
            if let Some(c) = case.overlap_check_mut(*number) {
                c.midpoint_agreed_by.push(*party);
            }
        }
        Event::OverlapFigureEntered {
            number,
            round,
            party,
            figure,
        } => {
            if let Some(c) = case.overlap_check_mut(*number) {
                c.my_figures.push(EnteredFigure {
                    round: *round,
                    party: *party,
                    figure: *figure,
                    at,
                });
            }
        }
        Event::OverlapRoundEnded {
            number,
            round,
            overlap,
            midpoint,
        } => {
            if let Some(c) = case.overlap_check_mut(*number) {
                c.results.push(RoundResult {
                    round: *round,
                    overlap: *overlap,
                    midpoint: *midpoint,
                    at,
                });
            }
        }
        _ => {}
    }
}
