"""The NumPy peer of Accord's risk-tree simulation (accord_core::analysis): the same tree walk
and the same award distributions, vectorised, printing its figures and timing as JSON.

Each run walks all paths at once: at a chance node one uniform per path there picks the
branch (cumulative probabilities, divided by their sum as Accord does); at an end state the
award is drawn for all the paths that reached it. Timed: the simulation and its figures
(mean, percentiles, the offer comparison, the histogram), not the imports or reading the tree.

    python risk_tree.py --tree examples/risk-trees/personal-injury.json --paths 1000000 \
        --runs 5 --seed 1 --offer 6000000 --rate 0.05
"""

import argparse
import json
import math
import time

import numpy as np

Z_90 = 1.2815515655446004
BINS = 40
TAIL = 0.01


def draw_award(rng, award, n):
    (kind, v), = award.items()
    if kind == "fixed":
        return np.full(n, float(v))
    if kind in ("triangular", "pert"):
        low, likely, high = float(v["low"]), float(v["likely"]), float(v["high"])
        if low == high:
            return np.full(n, low)
        if kind == "triangular":
            return rng.triangular(low, likely, high, n)
        a = 1.0 + 4.0 * (likely - low) / (high - low)
        b = 1.0 + 4.0 * (high - likely) / (high - low)
        return low + (high - low) * rng.beta(a, b, n)
    mu = math.log(v["median"])
    sigma = (math.log(v["p90"]) - mu) / Z_90
    return rng.lognormal(mu, sigma, n)


def walk(rng, node, paths, net, months):
    """Sends the paths (an index array) through `node`, adding costs, months and awards."""
    if "award" in node:
        net[paths] += draw_award(rng, node["award"], paths.size)
        return
    branches = node["branches"]
    probabilities = np.array([b["probability"] for b in branches], dtype=float)
    cumulative = np.cumsum(probabilities / probabilities.sum())
    u = rng.random(paths.size)
    which = np.searchsorted(cumulative, u, side="right")
    # A draw past the last cumulative probability (rounding) takes the last possible branch.
    last = max(i for i, p in enumerate(probabilities) if p > 0)
    which[which >= len(branches)] = last
    for i, b in enumerate(branches):
        taken = paths[which == i]
        if taken.size == 0:
            continue
        net[taken] -= float(b["cost"])
        months[taken] += float(b["months"])
        walk(rng, b["next"], taken, net, months)


def simulate(tree, paths, seed, offer, rate):
    rng = np.random.default_rng(seed)
    net = np.zeros(paths)
    months = np.zeros(paths)
    walk(rng, tree["root"], np.arange(paths), net, months)
    discounted = net * np.exp(-months * math.log1p(rate) / 12.0)
    q = np.percentile(net, [100 * TAIL, 10, 50, 90, 100 * (1 - TAIL)])
    m = np.percentile(months, [10, 50, 90])
    low, high = math.floor(q[0]), math.ceil(q[4])
    if offer is not None:
        low, high = min(low, offer), max(high, offer)
    high = max(high, low + 1)
    counts, _ = np.histogram(np.clip(net, low, high), bins=BINS, range=(low, high))
    figures = {
        "mean_net": float(net.mean()),
        "standard_error": float(net.std(ddof=1) / math.sqrt(paths)),
        "p10": float(q[1]),
        "p50": float(q[2]),
        "p90": float(q[3]),
        "mean_months": float(months.mean()),
        "months": {"p10": float(m[0]), "p50": float(m[1]), "p90": float(m[2])},
        "mean_discounted_net": float(discounted.mean()),
        "histogram": {"low": low, "high": high, "counts": counts.tolist()},
    }
    if offer is not None:
        figures["probability_going_on_beats_offer"] = float((discounted > offer).mean())
        figures["share_of_outcomes_below_offer"] = float((net < offer).mean())
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", required=True)
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--offer", type=int, default=None)
    parser.add_argument("--rate", type=float, default=0.0)
    args = parser.parse_args()
    with open(args.tree, encoding="utf-8") as f:
        tree = json.load(f)
    # One untimed run first, as on Accord's side.
    simulate(tree, min(args.paths, 10_000), args.seed, args.offer, args.rate)
    times = []
    figures = None
    for run in range(args.runs):
        start = time.perf_counter()
        figures = simulate(tree, args.paths, args.seed + run, args.offer, args.rate)
        times.append(time.perf_counter() - start)
    figures["seconds"] = times
    figures["best_seconds"] = min(times)
    figures["numpy"] = np.__version__
    figures["paths"] = args.paths
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
