//! Money in a debrief: an integer of minor units with an ISO 4217 currency, each currency
//! with its own minor unit (yen none, pounds two, Kuwaiti dinars three), never a float.
//! Stored as `{"minor_units": …, "currency": "GBP"}`; events recorded before codes were checked
//! still load (any three letters), and `Money::check` refuses them in anything new.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A currency code: three capital letters; `Currency::parse` admits only ISO 4217 currencies.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "GBP"))]
pub struct Currency([u8; 3]);

impl Currency {
    /// An ISO 4217 currency with a minor unit, e.g. "GBP", "usd", "JPY"; `field` names the input.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        let code = Self::letters(raw).ok_or_else(|| unknown(field, raw))?;
        code.check(field)?;
        Ok(code)
    }

    /// Three letters, as every recorded event holds.
    fn letters(raw: &str) -> Option<Self> {
        let upper = raw.trim().to_ascii_uppercase();
        match upper.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => {
                Some(Self([*a, *b, *c]))
            }
            _ => None,
        }
    }

    /// The ISO 4217 currency, if this is one that has a minor unit (not gold, not "XXX").
    pub fn iso(&self) -> Option<iso_currency::Currency> {
        iso_currency::Currency::from_code(self.as_str()).filter(|c| c.exponent().is_some())
    }

    /// Refuses a code that is not an ISO 4217 currency.
    pub fn check(&self, field: &'static str) -> Result<(), DomainError> {
        match self.iso() {
            Some(_) => Ok(()),
            None => Err(unknown(field, self.as_str())),
        }
    }

    /// Digits after the decimal point: the currency's own minor unit; two for a code recorded
    /// before codes were checked.
    pub fn minor_digits(&self) -> u32 {
        self.iso().and_then(|c| c.exponent()).map_or(2, u32::from)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII letters")
    }
}

fn unknown(field: &'static str, raw: &str) -> DomainError {
    DomainError::InvalidField {
        field,
        reason: format!("{raw:?} is not an ISO 4217 currency code such as GBP, EUR, USD or JPY"),
    }
}

impl TryFrom<String> for Currency {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::letters(&s).ok_or_else(|| unknown("currency", &s))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.as_str().to_owned()
    }
}

/// An amount of money in the currency's minor units (pence, cents; whole yen); never a float.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

impl Money {
    /// Parses an offer as a person types it: "12,500.50 GBP", "GBP 12500", "12500 JPY",
    /// "1.234 KWD". Refuses negative amounts, unknown currencies and more decimals than the
    /// currency has.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let invalid = |reason: String| DomainError::InvalidField {
            field: "amount",
            reason,
        };
        let like = || invalid(format!("{raw:?} is not an amount like \"12500.00 GBP\""));
        let parts: Vec<&str> = raw.split_whitespace().collect();
        let (number, code) = match parts.as_slice() {
            [n, c] if c.chars().all(|x| x.is_ascii_alphabetic()) => (*n, *c),
            [c, n] if c.chars().all(|x| x.is_ascii_alphabetic()) => (*n, *c),
            _ => return Err(like()),
        };
        let currency = Currency::parse("currency", code)?;
        if number.starts_with('-') {
            return Err(invalid(format!("an offer cannot be negative ({raw:?})")));
        }
        let number = number.replace(',', "");
        let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(like());
        }
        let digits = currency.minor_digits();
        if fraction.len() > digits as usize {
            return Err(invalid(match digits {
                0 => format!(
                    "{} has no minor unit: give a whole number, e.g. \"12500 {}\"",
                    currency.as_str(),
                    currency.as_str()
                ),
                n => format!(
                    "{} has {n} decimal places at most ({raw:?})",
                    currency.as_str()
                ),
            }));
        }
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if !all_digits(whole) || !all_digits(fraction) {
            return Err(like());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| like())?
        };
        let fraction: i64 = format!("{fraction:0<width$}", width = digits as usize)
            .parse()
            .unwrap_or(0);
        let minor_units = whole
            .checked_mul(10_i64.pow(digits))
            .and_then(|w| w.checked_add(fraction))
            .ok_or_else(like)?;
        Ok(Self {
            minor_units,
            currency,
        })
    }

    /// The rules for money entering a case as an offer: a known currency, not negative.
    pub fn check_offer(
        &self,
        amount_field: &'static str,
        currency_field: &'static str,
    ) -> Result<(), DomainError> {
        self.currency.check(currency_field)?;
        if self.minor_units < 0 {
            return Err(DomainError::InvalidField {
                field: amount_field,
                reason: format!("an offer cannot be negative ({self})"),
            });
        }
        Ok(())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor_units < 0 { "-" } else { "" };
        let abs = self.minor_units.unsigned_abs();
        let digits = self.currency.minor_digits();
        let unit = 10_u64.pow(digits);
        let code = self.currency.as_str();
        match digits {
            0 => write!(f, "{sign}{} {code}", group(abs)),
            d => write!(
                f,
                "{sign}{}.{:0d$} {code}",
                group(abs / unit),
                abs % unit,
                d = d as usize
            ),
        }
    }
}

/// 1234567 → "1,234,567".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_parsed_into_minor_units_and_shown_grouped() {
        let m = Money::parse("12,500.5 gbp").unwrap();
        assert_eq!(m.minor_units, 1_250_050);
        assert_eq!(m.to_string(), "12,500.50 GBP");
        assert_eq!(
            Money::parse("USD 90000").unwrap().to_string(),
            "90,000.00 USD"
        );
        assert!(Money::parse("12.345 GBP").is_err());
        assert!(Money::parse("twelve GBP").is_err());
        assert!(Money::parse("100 POUNDS").is_err());
    }

    #[test]
    fn each_currency_has_its_own_minor_unit() {
        let yen = Money::parse("12500 JPY").unwrap();
        assert_eq!(yen.minor_units, 12_500);
        assert_eq!(yen.to_string(), "12,500 JPY");
        let err = Money::parse("12.5 JPY").unwrap_err();
        assert_eq!(err.field(), Some("amount"));
        assert!(err.to_string().contains("JPY has no minor unit"), "{err}");

        let dinar = Money::parse("1.234 KWD").unwrap();
        assert_eq!(dinar.minor_units, 1_234);
        assert_eq!(dinar.to_string(), "1.234 KWD");
        assert_eq!(Money::parse("2 KWD").unwrap().to_string(), "2.000 KWD");
        assert!(Money::parse("1.2345 KWD").is_err());

        assert_eq!(Money::parse("7.5 GBP").unwrap().to_string(), "7.50 GBP");
    }

    #[test]
    fn made_up_currency_codes_are_refused_naming_the_field() {
        for code in ["XYZ", "ABC", "XXX", "XAU"] {
            let err = Money::parse(&format!("100 {code}")).unwrap_err();
            assert_eq!(err.field(), Some("currency"), "{code}");
            assert!(err.to_string().contains("ISO 4217"), "{err}");
        }
    }

    #[test]
    fn a_negative_offer_is_refused_and_says_why() {
        let err = Money::parse("-500 GBP").unwrap_err();
        assert_eq!(err.field(), Some("amount"));
        assert!(err.to_string().contains("cannot be negative"), "{err}");
        let stored = Money {
            minor_units: -500,
            currency: Currency::parse("currency", "GBP").unwrap(),
        };
        let err = stored
            .check_offer("best_offer.amount", "best_offer.amount.currency")
            .unwrap_err();
        assert_eq!(err.field(), Some("best_offer.amount"));
    }

    #[test]
    fn money_keeps_its_stored_shape_and_old_codes_still_load() {
        let json = r#"{"minor_units":1250050,"currency":"GBP"}"#;
        let m: Money = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), json);
        // Recorded before codes were checked: it loads and shows with two decimals, but is
        // refused as a new offer.
        let old: Money = serde_json::from_str(r#"{"minor_units":100,"currency":"XYZ"}"#).unwrap();
        assert_eq!(old.to_string(), "1.00 XYZ");
        let err = old.check_offer("best_offer.amount", "best_offer.amount.currency");
        assert_eq!(err.unwrap_err().field(), Some("best_offer.amount.currency"));
    }
}
