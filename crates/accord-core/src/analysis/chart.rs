//! The analysis as a picture and in words: an SVG histogram of net outcomes with the offer
//! marked, its `<title>` and `<desc>`, and the one- or two-sentence text alternative. Plain
//! string building; every piece of text from the tree is escaped.

use super::Analysis;
use crate::case::money::Currency;
use std::fmt::Write;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 400.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 48.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 64.0;
const X_TICKS: usize = 5;

/// An SVG histogram of the simulated net outcomes (award − own costs), the offer as a labelled
/// vertical line, money on the axis in the currency's whole units.
pub fn chart_svg(analysis: &Analysis) -> String {
    let sim = &analysis.simulated;
    let h = &sim.histogram;
    let currency = analysis.currency;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let (low, high) = (h.low as f64, h.high as f64);
    let x_of = |v: f64| LEFT + (v - low) / (high - low) * plot_w;
    let total: u64 = h.counts.iter().sum::<u64>().max(1);
    let tallest = h.counts.iter().copied().max().unwrap_or(0).max(1) as f64 / total as f64;
    let y_top = (tallest * 100.0).ceil().max(1.0);
    let y_of = |share: f64| TOP + plot_h - share * 100.0 / y_top * plot_h;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="risk-title risk-desc" font-family="sans-serif" font-size="12">"#
    );
    let _ = write!(
        svg,
        r#"<title id="risk-title">{}</title><desc id="risk-desc">{}</desc>"#,
        escape(&format!("Simulated net outcomes: {}", analysis.name)),
        escape(&text_alternative(analysis)),
    );
    let _ = write!(
        svg,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let bin_w = plot_w / h.counts.len() as f64;
    for (i, &count) in h.counts.iter().enumerate() {
        let share = count as f64 / total as f64;
        let y = y_of(share);
        let _ = write!(
            svg,
            r##"<rect class="bin" x="{:.2}" y="{y:.2}" width="{:.2}" height="{:.2}" fill="#4a6fa5"/>"##,
            LEFT + i as f64 * bin_w,
            (bin_w - 1.0).max(0.5),
            TOP + plot_h - y,
        );
    }
    // Axes.
    let base = TOP + plot_h;
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{base}" x2="{}" y2="{base}" stroke="#333"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#333"/>"##,
        LEFT + plot_w
    );
    for i in 0..X_TICKS {
        let v = low + (high - low) * i as f64 / (X_TICKS - 1) as f64;
        let x = x_of(v);
        // The last tick is the top of the span, its bar holding everything above.
        let (anchor, plus) = match i + 1 == X_TICKS {
            true => ("end", "+"),
            false => ("middle", ""),
        };
        let _ = write!(
            svg,
            r##"<line x1="{x:.2}" y1="{base}" x2="{x:.2}" y2="{:.2}" stroke="#333"/><text x="{x:.2}" y="{:.2}" text-anchor="{anchor}">{}{plus}</text>"##,
            base + 5.0,
            base + 18.0,
            escape(&whole_units(v, currency)),
        );
    }
    for i in 0..=4 {
        let pct = y_top * i as f64 / 4.0;
        let y = y_of(pct / 100.0);
        let _ = write!(
            svg,
            r##"<text x="{:.2}" y="{:.2}" text-anchor="end">{pct:.1} %</text>"##,
            LEFT - 6.0,
            y + 4.0
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{:.2}" y="{:.2}" text-anchor="middle">{}</text>"#,
        LEFT + plot_w / 2.0,
        HEIGHT - 16.0,
        escape(&format!(
            "Net outcome: award less own costs ({})",
            currency.as_str()
        )),
    );
    let _ = write!(
        svg,
        r#"<text x="14" y="{:.2}" text-anchor="middle" transform="rotate(-90 14 {:.2})">Share of simulated paths</text>"#,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
    );
    if let Some(offer) = &sim.offer {
        let x = x_of(offer.offer as f64);
        let anchor = if x > LEFT + plot_w * 0.7 {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        let _ = write!(
            svg,
            r##"<line class="offer" x1="{x:.2}" y1="{:.2}" x2="{x:.2}" y2="{base}" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 3"/><text class="offer-label" x="{:.2}" y="{:.2}" text-anchor="{anchor}" fill="#c0392b">{}</text>"##,
            TOP - 8.0,
            x + dx,
            TOP + 4.0,
            escape(&format!(
                "Offer {}",
                whole_units(offer.offer as f64, currency)
            )),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One or two sentences saying what the chart shows: the range, the percentiles, and where
/// the offer sits.
pub fn text_alternative(analysis: &Analysis) -> String {
    let sim = &analysis.simulated;
    let c = analysis.currency;
    let m = |v: i64| whole_units(v as f64, c);
    let mut text = format!(
        "Over {} simulated paths, the net outcome (award less own costs) of {} runs mostly from \
         about {} to {} (the chart's span; the few larger outcomes are counted in its last \
         bar); P10 {}, median {}, P90 {}, mean {}.",
        group(sim.paths),
        analysis.name,
        m(sim.histogram.low),
        m(sim.histogram.high),
        m(sim.net.p10),
        m(sim.net.p50),
        m(sim.net.p90),
        m(sim.mean_net),
    );
    if let Some(offer) = &sim.offer {
        let _ = write!(
            text,
            " The offer of {} sits at the {} percentile of outcomes; going on beats it in \
             {:.0} % of paths once each is discounted at {} a year.",
            m(offer.offer),
            ordinal((offer.share_of_outcomes_below_offer * 100.0).round() as u64),
            offer.probability_going_on_beats_offer * 100.0,
            percent(sim.discount_rate),
        );
    }
    text
}

/// 1 → "1st", 22 → "22nd", 63 → "63rd", 11 → "11th".
fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn percent(rate: f64) -> String {
    let p = format!("{:.2}", rate * 100.0);
    format!("{} %", p.trim_end_matches('0').trim_end_matches('.'))
}

/// An amount in minor units shown in whole units of its currency: "-12,500 USD".
fn whole_units(minor: f64, currency: Currency) -> String {
    let unit = 10f64.powi(currency.minor_digits() as i32);
    let whole = (minor / unit).round() as i64;
    let sign = if whole < 0 { "-" } else { "" };
    format!(
        "{sign}{} {}",
        group(whole.unsigned_abs()),
        currency.as_str()
    )
}

/// 1234567 → "1,234,567".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Text for SVG content or attributes.
fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles_are_said_as_ordinals() {
        let said: Vec<_> = [1, 2, 3, 11, 12, 13, 21, 22, 63, 100]
            .into_iter()
            .map(super::ordinal)
            .collect();
        assert_eq!(
            said,
            [
                "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "63rd", "100th"
            ]
        );
    }
}
