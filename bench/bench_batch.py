"""Batch proposals: 2,000 open requests x 500 peer experts with capacities 1-5.

Each request is eligible for 50-150 peer experts. Prints seconds to the optimal
assignment (scipy linear_sum_assignment on a dense request x capacity-copy
matrix), the greedy baseline's time, both totals and the gain.
Run: python -m bench.bench_batch
"""

from __future__ import annotations

import random
import statistics
import time

from peermatch.matching import greedy_assignment, optimal_assignment
from peermatch.matching.batch import Assignment, RequestScores

N_REQUESTS = 2_000
N_PEERS = 500
RUNS = 3


def build(rnd: random.Random) -> tuple[list[RequestScores], dict[int, int]]:
    peers = list(range(1, N_PEERS + 1))
    capacities = {p: rnd.randint(1, 5) for p in peers}
    # Some peer experts fit many youths (popular domains): skew eligibility a little.
    popularity = [1.0 + 2.0 * rnd.random() ** 3 for _ in peers]
    requests: list[RequestScores] = []
    for request_id in range(1, N_REQUESTS + 1):
        eligible = set(rnd.choices(peers, weights=popularity, k=rnd.randint(50, 150)))
        requests.append((request_id, {p: round(rnd.uniform(0.2, 1.0), 4) for p in eligible}))
    return requests, capacities


def main() -> None:
    requests, capacities = build(random.Random(20261123))
    edges = sum(len(s) for _, s in requests)
    print(
        f"batch: {N_REQUESTS} requests x {N_PEERS} peer experts, "
        f"{sum(capacities.values())} capacity units, {edges} eligible pairs"
    )
    optimal_times: list[float] = []
    greedy_times: list[float] = []
    optimal = greedy = Assignment()
    for _ in range(RUNS):
        started = time.perf_counter()
        optimal = optimal_assignment(requests, capacities)
        optimal_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        greedy = greedy_assignment(requests, capacities)
        greedy_times.append(time.perf_counter() - started)
    print(
        "- optimal (dense linear_sum_assignment, capacity copies): "
        f"median {statistics.median(optimal_times):.2f} s, "
        f"assigned {len(optimal.pairs)}, total {optimal.total:.2f}"
    )
    print(
        f"- greedy: median {statistics.median(greedy_times):.2f} s, "
        f"assigned {len(greedy.pairs)}, total {greedy.total:.2f}"
    )
    gain = optimal.total - greedy.total
    print(f"- gain of optimal over greedy: {gain:.2f} ({100 * gain / greedy.total:.2f} %)")
    started = time.perf_counter()
    coverage = optimal_assignment(requests, capacities, objective="coverage")
    print(
        f"- coverage-first objective: {time.perf_counter() - started:.2f} s, "
        f"assigned {len(coverage.pairs)}, total {coverage.total:.2f}"
    )


if __name__ == "__main__":
    main()
