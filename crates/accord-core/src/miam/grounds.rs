//! The MIAM exemptions an applicant may claim (FPR r.3.8(1) and Practice Direction 3A as
//! amended from 29 April 2024 by SI 2023/1324), as data: each category with its rule, each
//! ground with its rule and what a claim of it needs. The texts follow HMCTS's own lists
//! (hmcts/prl-cos-api, `enums/miampolicyupgrade`, at ef0ed908, identical to the fixed lists
//! of hmcts/prl-ccd-definitions), which transcribe PD3A. The letters of r.3.8(1) for the
//! "other" grounds follow the rule's lettering that the SI's amendments refer to.
//!
//! Left out on purpose: bankruptcy (r.3.8(1)(h), PD3A para 21, financial remedy only), whose
//! 2024 form could not be confirmed (HMCTS's Form A service no longer offers it), and the
//! mediator's own exemptions (r.3.8(2)).

use serde::Serialize;

/// What a claim of a ground must bring for it to be complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Need {
    /// A copy of the evidence, filed with the application.
    EvidenceCopy { what: &'static str },
    /// The applicant cannot attend a MIAM online or by video-link, and says why.
    UnableToAttendOnline,
    /// An explanation for the court, in the application.
    Explanation { what: &'static str },
    /// Authorised family mediators with an office within 15 miles contacted: `at_least` of
    /// them, or all if there are fewer; each one's name, address and telephone or e-mail,
    /// and the date of contact, given to the court.
    MediatorsContacted { at_least: u8 },
    /// Attended within `months` before the application is made.
    AttendedWithin { months: u8 },
    /// Written confirmation of that attendance, signed by the mediator or provider.
    ProviderConfirmation,
    /// The MIAM certificate signed by the mediator, or the MIAM's date and the provider's
    /// name and contact details.
    CertificateOrDetails,
}

/// One ground of exemption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Ground {
    /// `category/ground`, as a claim names it.
    pub key: &'static str,
    pub text: &'static str,
    pub rule: &'static str,
    pub needs: &'static [Need],
}

/// A category of grounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    pub key: &'static str,
    pub title: &'static str,
    pub rule: &'static str,
    pub grounds: &'static [Ground],
}

/// A ground of the 2014 rules that no longer exists: a claim of it is refused with why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub key: &'static str,
    pub text: &'static str,
    pub why: &'static str,
}

const EVIDENCE: &[Need] = &[Need::EvidenceCopy {
    what: "a copy of this evidence of domestic abuse, filed with the application (PD3A para 20)",
}];
const DA: &str = "FPR r.3.8(1)(a); PD3A para 20";

macro_rules! da {
    ($key:literal, $text:literal) => {
        Ground {
            key: concat!("domestic-abuse/", $key),
            text: $text,
            rule: DA,
            needs: EVIDENCE,
        }
    };
}

const MEDIATORS_BUSY_OR_UNEQUIPPED: &[Need] = &[
    Need::UnableToAttendOnline,
    Need::Explanation {
        what: "why the applicant cannot attend a MIAM online or by video-link",
    },
    Need::MediatorsContacted { at_least: 5 },
];

pub const CATEGORIES: &[Category] = &[
    Category {
        key: "domestic-abuse",
        title: "Domestic abuse",
        rule: DA,
        grounds: &[
            da!(
                "arrest",
                "Evidence that a prospective party has been arrested for a relevant domestic abuse offence."
            ),
            da!(
                "caution",
                "Evidence of a relevant police caution for a domestic abuse offence."
            ),
            da!(
                "criminal-proceedings",
                "Evidence of relevant criminal proceedings for a domestic abuse offence which have not concluded."
            ),
            da!(
                "conviction",
                "Evidence of a relevant conviction for a domestic abuse offence."
            ),
            da!(
                "bind-over",
                "A court order binding a prospective party over in connection with a domestic abuse offence."
            ),
            da!(
                "dvpn",
                "A domestic violence protection notice issued under section 24 of the Crime and Security Act 2010 against a prospective party."
            ),
            da!(
                "dapn",
                "A domestic abuse protection notice given under section 22 of the Domestic Abuse Act 2021 against a prospective party."
            ),
            da!("protective-injunction", "A relevant protective injunction."),
            da!(
                "undertaking",
                "An undertaking given in England and Wales under section 46 or 63E of the Family Law Act 1996 (or given in Scotland or Northern Ireland in place of a protective injunction) by a prospective party, provided that a cross-undertaking relating to domestic violence or domestic abuse was not given by another prospective party."
            ),
            da!(
                "finding-of-fact",
                "A copy of a finding of fact, made in proceedings in the United Kingdom, that there has been domestic abuse by a prospective party."
            ),
            da!(
                "expert-report",
                "An expert report produced as evidence in proceedings in the United Kingdom for the benefit of a court or tribunal confirming that a person with whom a prospective party is or was personally connected, was assessed as being, or at risk of being, a victim of domestic abuse by that prospective party."
            ),
            da!(
                "health-professional",
                "A letter or report from an appropriate health professional confirming that (i) that professional, or another appropriate health professional, has examined a prospective party in person, by telephone or by video conferencing; and (ii) in the reasonable professional judgment of the author or the examining appropriate health professional, that prospective party has, or has had, injuries or a condition consistent with being a victim of domestic abuse."
            ),
            da!(
                "health-referral",
                "A letter or report from the appropriate health professional who made the referral, an appropriate health professional who has access to the prospective party's medical records, or the person to whom the referral was made, confirming that there was a referral by an appropriate health professional of a prospective party to a person who provides specialist support or assistance for victims of, or those at risk of, domestic abuse."
            ),
            da!(
                "marac",
                "A letter from any person who is a member of a multi-agency risk assessment conference (or other suitable local safeguarding forum) confirming that a prospective party, or a person with whom that prospective party is personally connected, is or has been at risk of harm from domestic abuse by another prospective party."
            ),
            da!(
                "idva",
                "A letter from an independent domestic violence advisor (IDVA) confirming that they are providing or have provided support to a prospective party."
            ),
            da!(
                "isva",
                "A letter from an independent sexual violence advisor (ISVA) confirming that they are providing or have provided support to a prospective party relating to sexual violence by another prospective party."
            ),
            da!(
                "housing-officer",
                "A letter from an officer employed by a local authority or housing association (or their equivalent in Scotland or Northern Ireland) for the purpose of supporting tenants, with a statement of their professional judgment that a person with whom a prospective party is or has been personally connected is, or is at risk of being, a victim of domestic abuse by that prospective party, the specific matters relied upon, and the support they provided."
            ),
            da!(
                "support-organisation",
                "A letter from an organisation providing domestic abuse support services, situated in the United Kingdom and operating for an uninterrupted period of six months or more, which provided a prospective party with support as a victim, or a person at risk, of domestic abuse, with its professional judgment, the specific matters relied upon, the support provided and why it was needed."
            ),
            da!(
                "refuge-refused",
                "A letter or report from an organisation providing domestic abuse support services in the United Kingdom confirming that a person with whom a prospective party is or was personally connected was refused admission to a refuge, the date of the refusal, and that they sought admission because of allegations of domestic abuse by that prospective party."
            ),
            da!(
                "public-authority",
                "A letter from a public authority confirming that a person with whom a prospective party is or was personally connected, was assessed as being, or at risk of being, a victim of domestic abuse by that prospective party (or a copy of that assessment)."
            ),
            da!(
                "home-office-leave",
                "A letter from the Secretary of State for the Home Department confirming that a prospective party has been granted leave to remain in the United Kingdom as a victim of domestic abuse."
            ),
            da!(
                "financial-abuse",
                "Evidence which demonstrates that a prospective party has been, or is at risk of being, the victim of domestic abuse by another prospective party in the form of abuse which relates to financial matters."
            ),
        ],
    },
    Category {
        key: "child-protection",
        title: "Child protection concerns",
        rule: "FPR r.3.8(1)(b)",
        grounds: &[
            Ground {
                key: "child-protection/section-47-enquiries",
                text: "A child who would be the subject of the application, or another child of the family living with that child, is currently the subject of enquiries by a local authority under section 47 of the Children Act 1989.",
                rule: "FPR r.3.8(1)(b)(ii)(aa)",
                needs: &[],
            },
            Ground {
                key: "child-protection/child-protection-plan",
                text: "A child who would be the subject of the application, or another child of the family living with that child, is currently the subject of a child protection plan put in place by a local authority.",
                rule: "FPR r.3.8(1)(b)(ii)(ab)",
                needs: &[],
            },
        ],
    },
    Category {
        key: "urgency",
        title: "Urgency",
        rule: "FPR r.3.8(1)(c)",
        grounds: &[
            Ground {
                key: "urgency/risk-to-life",
                text: "There is risk to the life, liberty or physical safety of the prospective applicant or his or her family or his or her home.",
                rule: "FPR r.3.8(1)(c)(i)",
                needs: &[],
            },
            Ground {
                key: "urgency/harm-to-child",
                text: "Any delay caused by attending a MIAM would cause a risk of harm to a child.",
                rule: "FPR r.3.8(1)(c)(ii)(aa)",
                needs: &[],
            },
            Ground {
                key: "urgency/unlawful-removal",
                text: "Any delay caused by attending a MIAM would cause a risk of unlawful removal of a child from the United Kingdom, or a risk of unlawful retention of a child who is currently outside England and Wales.",
                rule: "FPR r.3.8(1)(c)(ii)(ab)",
                needs: &[],
            },
            Ground {
                key: "urgency/miscarriage-of-justice",
                text: "Any delay caused by attending a MIAM would cause a significant risk of a miscarriage of justice.",
                rule: "FPR r.3.8(1)(c)(ii)(ac)",
                needs: &[],
            },
            Ground {
                key: "urgency/financial-hardship",
                text: "Any delay caused by attending a MIAM would cause significant financial hardship to the prospective applicant.",
                rule: "FPR r.3.8(1)(c)(ii)(ad), as amended by SI 2023/1324 r.11(c)",
                needs: &[],
            },
            Ground {
                key: "urgency/irretrievable-problems",
                text: "Any delay caused by attending a MIAM would cause irretrievable problems in dealing with the dispute (including the irretrievable loss of significant evidence).",
                rule: "FPR r.3.8(1)(c)(ii)(ae)",
                needs: &[],
            },
            Ground {
                key: "urgency/proceedings-in-another-state",
                text: "There is a significant risk that in the period necessary to schedule and attend a MIAM, proceedings relating to the dispute will be brought in another state in which a valid claim to jurisdiction may exist, such that a court in that other state would be seised of the dispute before a court in England and Wales.",
                rule: "FPR r.3.8(1)(c)(iii)",
                needs: &[],
            },
        ],
    },
    Category {
        key: "previous-attendance",
        title: "Previous attendance of a MIAM or non-court dispute resolution",
        rule: "FPR r.3.8(1)(d) and (f); PD3A para 21A",
        grounds: &[
            Ground {
                key: "previous-attendance/within-4-months",
                text: "In the 4 months prior to making the application, the person attended a MIAM or a non-court dispute resolution process relating to the same or substantially the same dispute, and there is evidence of that attendance in the form of written confirmation from the dispute resolution provider.",
                rule: "FPR r.3.8(1)(d), as amended by SI 2023/1324 r.11(e); PD3A para 21A",
                needs: &[
                    Need::AttendedWithin { months: 4 },
                    Need::ProviderConfirmation,
                ],
            },
            Ground {
                key: "previous-attendance/existing-proceedings",
                text: "The application would be made in existing proceedings which are continuing and the prospective applicant attended a MIAM before initiating those proceedings.",
                rule: "FPR r.3.8(1)(f)",
                needs: &[Need::CertificateOrDetails],
            },
        ],
    },
    Category {
        key: "other",
        title: "Other grounds",
        rule: "FPR r.3.8(1)(j)–(p)",
        grounds: &[
            Ground {
                key: "other/without-notice",
                text: "The application would be made without notice (paragraph 5.1 of Practice Direction 18A sets out the circumstances in which applications may be made without notice).",
                rule: "FPR r.3.8(1)(j)",
                needs: &[],
            },
            Ground {
                key: "other/child-party",
                text: "A child is one of the prospective parties.",
                rule: "FPR r.3.8(1)(n)",
                needs: &[],
            },
            Ground {
                key: "other/no-appointment-within-15-business-days",
                text: "The prospective applicant is not able to attend a MIAM online or by video-link, and has contacted as many authorised family mediators as have an office within 15 miles of his or her home (or 5 of them if there are 5 or more), and all of them have stated that they are not available to conduct a MIAM within 15 business days of the date of contact.",
                rule: "FPR r.3.8(1)(o), as amended by SI 2023/1324",
                needs: MEDIATORS_BUSY_OR_UNEQUIPPED,
            },
            Ground {
                key: "other/disability",
                text: "The prospective applicant is not able to attend a MIAM online or by video-link, is subject to a disability or other inability that would prevent attendance in person at a MIAM unless appropriate facilities can be offered by an authorised mediator, and has contacted as many authorised family mediators as have an office within 15 miles of his or her home (or 5 of them if there are 5 or more), and all have stated that they are unable to provide such facilities.",
                rule: "FPR r.3.8(1)(k), as amended by SI 2023/1324 r.11(g)",
                needs: MEDIATORS_BUSY_OR_UNEQUIPPED,
            },
            Ground {
                key: "other/no-mediator-within-15-miles",
                text: "The prospective applicant is not able to attend a MIAM online or by video-link, and there is no authorised family mediator with an office within 15 miles of the prospective applicant's home.",
                rule: "FPR r.3.8(1)(p), as amended by SI 2023/1324",
                needs: &[
                    Need::UnableToAttendOnline,
                    Need::Explanation {
                        what: "why the applicant cannot attend a MIAM online or by video-link",
                    },
                ],
            },
            Ground {
                key: "other/detained-or-no-contact",
                text: "The prospective applicant cannot attend a MIAM because he or she is in prison or another institution in which he or she is required to be detained and facilities cannot be made available to attend online or by video-link; or is subject to conditions of bail that prevent contact with the other person; or is subject to a licence with a prohibited contact requirement in relation to the other person.",
                rule: "FPR r.3.8(1)(l), as amended by SI 2023/1324 r.11(h)",
                needs: &[],
            },
        ],
    },
];

/// The grounds of 2014 that were removed or narrowed on 29 April 2024.
pub const REMOVED: &[Removed] = &[
    Removed {
        key: "previous-attendance/ncdr-ongoing",
        text: "At the time of making the application, the person is participating in another form of non-court dispute resolution relating to the same or substantially the same dispute.",
        why: "removed from FPR r.3.8(1)(d) on 29 April 2024 (SI 2023/1324 r.11(e)); attendance in the 4 months before, with the provider's written confirmation, is the ground now",
    },
    Removed {
        key: "previous-attendance/previous-exemption",
        text: "In the 4 months prior to making the application, the person filed a relevant family application confirming that a MIAM exemption applied.",
        why: "removed (FPR r.3.8(1)(e) omitted by SI 2023/1324 r.11(f)) from 29 April 2024",
    },
    Removed {
        key: "previous-attendance/exemption-in-existing-proceedings",
        text: "The application would be made in existing proceedings which are continuing and a MIAM exemption applied to the application for those proceedings.",
        why: "removed (FPR r.3.8(1)(g) omitted by SI 2023/1324 r.11(f)) from 29 April 2024; only a MIAM attended before those proceedings counts now",
    },
    Removed {
        key: "other/no-contact-details",
        text: "The prospective applicant does not have sufficient contact details for any of the prospective respondents to enable a family mediator to contact them.",
        why: "removed (FPR r.3.8(1)(i) omitted by SI 2023/1324 r.11(f)) from 29 April 2024",
    },
    Removed {
        key: "other/not-habitually-resident",
        text: "The prospective applicant or all of the prospective respondents are not habitually resident in England and Wales.",
        why: "no longer a ground from 29 April 2024 (SI 2023/1324 r.11 modifies or removes the 'other' grounds; HMCTS's services no longer offer it)",
    },
    Removed {
        key: "urgency/unreasonable-hardship",
        text: "Any delay caused by attending a MIAM would cause unreasonable hardship to the prospective applicant.",
        why: "replaced on 29 April 2024 by significant financial hardship (SI 2023/1324 r.11(c)): claim urgency/financial-hardship",
    },
    Removed {
        key: "other/respondent-disability",
        text: "All of the prospective respondents are subject to a disability or other inability that would prevent attendance at a MIAM.",
        why: "from 29 April 2024 only the applicant's disability counts (SI 2023/1324 r.11(g)): claim other/disability",
    },
    Removed {
        key: "other/respondent-detained",
        text: "All of the prospective respondents are in prison or subject to bail or licence conditions.",
        why: "from 29 April 2024 only the applicant's detention counts (SI 2023/1324 r.11(h)): claim other/detained-or-no-contact",
    },
];

/// The ground a claim names, if there is one.
pub fn ground(key: &str) -> Option<&'static Ground> {
    CATEGORIES
        .iter()
        .flat_map(|c| c.grounds)
        .find(|g| g.key == key)
}

/// The removed ground a claim names, if it names one.
pub fn removed(key: &str) -> Option<&'static Removed> {
    REMOVED.iter().find(|r| r.key == key)
}
