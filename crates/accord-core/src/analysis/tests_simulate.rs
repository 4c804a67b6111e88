//! The simulation: its mean converges to the exact fold, the same seed gives the same answer
//! on 1, 2 and 4 threads, different seeds differ, progress is reported, paths are limited.

use super::tests::{trial_only, two_phases};
use super::*;
use std::sync::Mutex;

fn personal_injury() -> Tree {
    let text = include_str!("../../../../examples/risk-trees/personal-injury.json");
    serde_json::from_str(text).unwrap()
}

fn options(paths: u64, seed: u64) -> Options {
    Options {
        paths,
        seed,
        offer: Some(6_000_000),
        discount_rate: 0.05,
    }
}

#[test]
fn a_million_paths_converge_to_the_exact_fold() {
    for t in [personal_injury(), two_phases()] {
        let a = analyse(&t, &options(1_000_000, 11), &no_progress).unwrap();
        let exact = fold::expected_net(&t);
        let sim = &a.simulated;
        let diff = (sim.mean_net as f64 - exact).abs();
        assert!(diff <= 0.005 * exact.abs(), "{} vs {exact}", sim.mean_net);
        assert!(
            diff <= 3.0 * sim.standard_error + 1.0,
            "{diff} vs se {}",
            sim.standard_error
        );
        assert!((sim.mean_months - a.exact.expected_months).abs() < 0.02 * a.exact.expected_months);
    }
}

#[test]
fn percentiles_and_the_offer_come_out_of_a_known_tree() {
    // Two fixed outcomes: net 9,000 (p 0.6) or −1,000 (p 0.4). P10 is −1,000, P50 and P90
    // 9,000; an offer of 5,000 is beaten exactly when the case is won (no discounting), and
    // 40 % of outcomes lie below it.
    let o = Options {
        paths: 100_000,
        seed: 5,
        offer: Some(5_000),
        discount_rate: 0.0,
    };
    let sim = analyse(&trial_only(), &o, &no_progress).unwrap().simulated;
    assert_eq!(
        (sim.net.p10, sim.net.p50, sim.net.p90),
        (-1_000, 9_000, 9_000)
    );
    let offer = sim.offer.unwrap();
    assert!((offer.probability_going_on_beats_offer - 0.6).abs() < 0.01);
    assert!((offer.share_of_outcomes_below_offer - 0.4).abs() < 0.01);
    assert_eq!(sim.months.p50, 6.0);
    assert_eq!(sim.mean_discounted_net, sim.mean_net);
    assert_eq!(sim.histogram.counts.iter().sum::<u64>(), 100_000);
    // Discounting at 10 % a year over 6 months: 9,000 / 1.1^0.5 = 8,581.1; −1,000 / 1.1^0.5
    // = −953.5; the mean moves towards 0.
    let d = Options {
        discount_rate: 0.1,
        ..o
    };
    let sim = analyse(&trial_only(), &d, &no_progress).unwrap().simulated;
    let expected = sim.mean_net as f64 / 1.1f64.sqrt();
    assert!((sim.mean_discounted_net as f64 - expected).abs() < 1.0);
}

#[test]
fn the_same_seed_gives_the_same_figures_on_any_number_of_threads() {
    let t = personal_injury();
    let o = options(300_000, 42);
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| analyse(&t, &o, &no_progress).unwrap())
    };
    let one = on(1);
    assert_eq!(on(2), one);
    assert_eq!(on(4), one);
    let samples = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| simulate(&t, &o, &no_progress).unwrap().net)
    };
    assert!(samples(1) == samples(3), "every path the same, bit for bit");
}

#[test]
fn different_seeds_give_different_paths() {
    let t = personal_injury();
    let a = analyse(&t, &options(50_000, 1), &no_progress).unwrap();
    let b = analyse(&t, &options(50_000, 2), &no_progress).unwrap();
    assert_ne!(a.simulated.mean_net, b.simulated.mean_net);
    assert_ne!(a.simulated.histogram, b.simulated.histogram);
    assert_eq!(a.exact, b.exact);
}

#[test]
fn progress_is_reported_per_chunk_up_to_the_total() {
    let paths = 3 * CHUNK_PATHS as u64 + 100;
    let seen = Mutex::new(Vec::new());
    let report = |done: u64, total: u64| seen.lock().unwrap().push((done, total));
    analyse(&two_phases(), &options(paths, 1), &report).unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(seen.iter().all(|&(_, total)| total == paths));
    assert_eq!(seen.last().unwrap().0, paths);
}

#[test]
fn quantiles_interpolate_as_numpy_does() {
    // numpy.percentile([1, 2, 3, 4], [10, 50, 90]) = [1.3, 2.5, 3.7]
    let mut v = vec![4.0, 1.0, 3.0, 2.0];
    let q = quantiles(&mut v, &[0.1, 0.5, 0.9]);
    for (got, want) in q.iter().zip([1.3, 2.5, 3.7]) {
        assert!((got - want).abs() < 1e-12, "{q:?}");
    }
    let mut one = vec![7.0];
    assert_eq!(quantiles(&mut one, &[0.0, 0.5, 1.0]), [7.0, 7.0, 7.0]);
}
