//! One person's data taken out of one event (GDPR Art. 17). What the person wrote, or what
//! was recorded as theirs (their debriefs, positions, preparation, worksheets, diagnoses),
//! reads "[erased]" in full; their name reads "[erased]" wherever it stands as a name, and
//! their name as whole words ("Dana Whitfield", "Dana") in what anyone else wrote. Everything
//! that is not text — ids, states, dates, figures — stays, so the case still folds into the
//! same shape and every joint fact still counts.

use super::alternatives::Worksheet;
use super::debrief::{Author, Debrief};
use super::event::{Actor, Event};
use super::prep::Prep;
use crate::ids::ParticipantId;
use crate::text::Text;

/// What an erased field reads.
pub const ERASED: &str = "[erased]";

/// The person being erased, as one case knows them.
#[derive(Clone, Debug)]
pub struct Subject {
    pub participant: ParticipantId,
    /// The name the case knows them by.
    pub name: String,
    /// How their own writes are recorded: as the participant, or through their account.
    pub actors: Vec<Actor>,
}

impl Subject {
    /// The words their name is found by in others' text: the full name and each of its
    /// words of three letters or more (an initial erases nothing). Erring towards erasing:
    /// "Brown" goes from "a brown envelope" too.
    fn needles(&self) -> Vec<Vec<char>> {
        let full = self.name.trim();
        let mut needles = vec![full.chars().collect::<Vec<char>>()];
        for word in full.split_whitespace().filter(|w| *w != full) {
            needles.push(word.chars().collect());
        }
        needles.retain(|n| n.len() >= 3);
        needles
    }
}

/// `text` (a reminder's subject or body, written from the case) with the subject's name
/// erased as whole words, or `None` where it holds none.
pub fn scrub_name(text: &str, subject: &Subject) -> Option<String> {
    let mut out = text.to_owned();
    scrub(&mut out, &subject.needles());
    (out != text).then_some(out)
}

/// The event with the subject's data erased, or `None` where it holds none.
pub fn redact(event: &Event, actor: &Actor, subject: &Subject) -> Option<Event> {
    let mut out = event.clone();
    let needles = subject.needles();
    match &mut out {
        Event::ParticipantAdded {
            participant, name, ..
        } if *participant == subject.participant => erase(name.as_mut_string()),
        Event::AccessChanged {
            access: super::access::AccessKind::Participant { participant },
            name,
            ..
        } if *participant == subject.participant => erase(name.as_mut_string()),
        _ => {}
    }
    each_name(&mut out, &mut |name| {
        if name.trim().to_lowercase() == subject.name.trim().to_lowercase() {
            erase(name)
        }
    });
    if owned_by(event, actor, subject) {
        each_prose(&mut out, &mut erase);
    } else {
        each_prose(&mut out, &mut |text| scrub(text, &needles));
    }
    (out != *event).then_some(out)
}

fn erase(text: &mut String) {
    ERASED.clone_into(text);
}

/// Whether the event is about the subject as a person: their joining the case, their
/// access, what they wrote or entered, and what was recorded as theirs. What a person's
/// export (GDPR Art. 15 and 20) gives them as their own.
pub fn is_theirs(event: &Event, actor: &Actor, subject: &Subject) -> bool {
    let me = subject.participant;
    owned_by(event, actor, subject)
        || subject.actors.contains(actor)
        || match event {
            Event::ParticipantAdded { participant, .. }
            | Event::SessionRated { participant, .. } => *participant == me,
            Event::AccessChanged {
                access: super::access::AccessKind::Participant { participant },
                ..
            } => *participant == me,
            Event::OverlapFigureEntered { party, .. } | Event::ProposalAnswered { party, .. } => {
                *party == me
            }
            _ => false,
        }
}

/// Whether the event is the subject's own: written by them, or recorded as theirs.
fn owned_by(event: &Event, actor: &Actor, subject: &Subject) -> bool {
    let me = subject.participant;
    let mine = |author: &Author| *author == Author::Party { party: me };
    match event {
        Event::NoteAdded { .. } => subject.actors.contains(actor),
        Event::DebriefCaptured { author, .. } | Event::StallDiagnosed { author, .. } => {
            mine(author)
        }
        Event::DebriefItemShared { party, .. }
        | Event::PositionRecorded { party, .. }
        | Event::NextSessionPrepared { party, .. }
        | Event::AlternativesRecorded { party, .. }
        | Event::AlternativesShared { party, .. }
        | Event::ScreeningRecorded { party, .. }
        | Event::SafeContactGiven { party, .. }
        | Event::MiamAttended { party, .. }
        | Event::InvitationAnswered {
            participant: party, ..
        }
        | Event::InvitationAnswerExplained {
            participant: party, ..
        } => *party == me,
        _ => false,
    }
}

/// Replaces each whole-word, case-insensitive occurrence of a needle with the marker.
fn scrub(text: &mut String, needles: &[Vec<char>]) {
    for needle in needles {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        let mut changed = false;
        while i < chars.len() {
            if matches_at(&chars, i, needle) {
                out.push_str(ERASED);
                i += needle.len();
                changed = true;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        if changed {
            *text = out;
        }
    }
}

fn matches_at(hay: &[char], at: usize, needle: &[char]) -> bool {
    let end = at + needle.len();
    let word = |c: char| c.is_alphanumeric();
    end <= hay.len()
        && hay[at..end]
            .iter()
            .zip(needle)
            .all(|(h, n)| h.to_lowercase().eq(n.to_lowercase()))
        && (at == 0 || !word(hay[at - 1]))
        && (end == hay.len() || !word(hay[end]))
}

/// Every field that holds a person's name as a name.
fn each_name(event: &mut Event, f: &mut dyn FnMut(&mut String)) {
    match event {
        Event::AccessChanged { name, by_name, .. } => {
            f(name.as_mut_string());
            f(by_name.as_mut_string());
        }
        Event::MemorandumIssued { memorandum, .. } => memorandum.parties.iter_mut().for_each(f),
        _ => {}
    }
}

/// Every free-text field of an event, names apart.
fn each_prose(event: &mut Event, f: &mut dyn FnMut(&mut String)) {
    let mut text = |t: &mut Text| f(t.as_mut_string());
    match event {
        Event::CaseOpened { title, .. } => text(title),
        Event::IssueAdded {
            title, description, ..
        } => {
            text(title);
            description.iter_mut().for_each(text);
        }
        Event::IssueStateChanged { reason, .. }
        | Event::SessionCancelled { reason, .. }
        | Event::OutcomeRecorded {
            summary: reason, ..
        }
        | Event::CaseClosed {
            summary: reason, ..
        }
        | Event::NextStepChosen { note: reason, .. }
        | Event::NextStepCompleted { note: reason } => reason.iter_mut().for_each(text),
        Event::NoteAdded { text: t, .. } => text(t),
        Event::DebriefCaptured { debrief, .. } => debrief_texts(debrief, &mut text),
        Event::DebriefItemShared { text: t, .. } => f(t),
        Event::PositionRecorded {
            position,
            interests,
            ..
        } => {
            text(position);
            interests.iter_mut().for_each(text);
        }
        Event::OptionTried { option, result, .. } => {
            text(option);
            result.iter_mut().for_each(text);
        }
        Event::TermReopened { reason, .. }
        | Event::DeadlineMoved { reason, .. }
        | Event::DeadlineCancelled { reason, .. }
        | Event::LegalHoldPlaced { reason }
        | Event::LegalHoldLifted { reason } => text(reason),
        Event::MemorandumIssued { memorandum, .. } => {
            f(&mut memorandum.case_title);
            for term in memorandum
                .agreed_final
                .iter_mut()
                .chain(&mut memorandum.conditional)
                .chain(&mut memorandum.open)
                .chain(&mut memorandum.withdrawn_or_referred)
            {
                f(&mut term.issue);
                term.detail.iter_mut().for_each(&mut *f);
            }
            for review in &mut memorandum.review_dates {
                f(&mut review.issue);
                f(&mut review.what);
            }
        }
        Event::StallDiagnosed { findings, .. } => {
            findings.iter_mut().for_each(|x| text(&mut x.evidence))
        }
        Event::NextSessionPrepared { prep, .. } => prep_texts(prep, &mut text),
        Event::DeadlineSet { label, .. } => text(label),
        Event::AlternativesRecorded { worksheet, .. }
        | Event::AlternativesShared { worksheet, .. } => worksheet_texts(worksheet, &mut text),
        Event::ProposalMade { terms, .. } => terms.iter_mut().for_each(|t| text(&mut t.terms)),
        Event::PayloadsRedacted { basis, .. } => text(basis),
        Event::ScreeningRecorded { screening, .. } => {
            for answer in screening.answers.each_mut() {
                answer.detail.iter_mut().for_each(&mut text);
            }
            screening.reason.iter_mut().for_each(text);
        }
        Event::AdaptationsOverridden { reason, .. }
        | Event::PauseReasonRecorded { reason, .. }
        | Event::MiamReasonRecorded { reason, .. } => text(reason),
        Event::MiamAttended { attendance, .. } => attendance.reason.iter_mut().for_each(text),
        Event::InvitationAnswered { text: t, .. } => t.iter_mut().for_each(text),
        Event::InvitationAnswerExplained { text: t, .. } => text(t),
        Event::SafeContactGiven { contact, .. } => {
            contact.detail.iter_mut().for_each(&mut text);
            contact.times.iter_mut().for_each(text);
        }
        Event::ParticipantAdded { .. }
        | Event::SessionScheduled { .. }
        | Event::SessionHeld { .. }
        | Event::MemorandumConfirmed { .. }
        | Event::DeadlineMet { .. }
        | Event::DeadlineMissed { .. }
        | Event::SessionRated { .. }
        | Event::OverlapCheckOpened { .. }
        | Event::OverlapMidpointAgreed { .. }
        | Event::OverlapFigureEntered { .. }
        | Event::OverlapRoundEnded { .. }
        | Event::ProposalAnswered { .. }
        | Event::ProposalDecided { .. }
        | Event::MiamConfirmationIssued { .. }
        | Event::MediationInvited { .. }
        | Event::InvitationLapsed { .. }
        | Event::CasePaused {}
        | Event::CaseResumed {}
        | Event::AccessChanged { .. } => {}
    }
}

fn debrief_texts(d: &mut Debrief, text: &mut dyn FnMut(&mut Text)) {
    if let Some(offer) = &mut d.best_offer {
        offer.terms.iter_mut().for_each(&mut *text);
    }
    d.hidden_issues
        .iter_mut()
        .for_each(|h| h.note.iter_mut().for_each(&mut *text));
    for list in [
        &mut d.dealbreakers,
        &mut d.missing_information,
        &mut d.flexibility_signals,
    ] {
        list.iter_mut().for_each(&mut *text);
    }
}

fn prep_texts(p: &mut Prep, text: &mut dyn FnMut(&mut Text)) {
    for list in [
        &mut p.goals,
        &mut p.documents,
        &mut p.options,
        &mut p.ground_rules,
        &mut p.who_else,
    ] {
        list.iter_mut().for_each(&mut *text);
    }
    p.question.iter_mut().for_each(&mut *text);
    p.trial_period.iter_mut().for_each(&mut *text);
}

fn worksheet_texts(w: &mut Worksheet, text: &mut dyn FnMut(&mut Text)) {
    for a in &mut w.alternatives {
        for answer in [&mut a.next_week, &mut a.in_three_months, &mut a.who_decides]
            .into_iter()
            .flatten()
        {
            text(&mut answer.answer);
        }
    }
}
