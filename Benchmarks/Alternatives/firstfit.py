"""A plain first-fit greedy, the allocator people write by hand ("first-fit (Python)").

In batch order; a redundancy group is taken when its first member comes up, its members in
batch order. Each request goes on the first device of its access point (inventory order) that
has a free port accepting its port type and that the redundancy rule allows (not the device of
the existing connection it names at the same access point, not the device of an already placed
batch partner it is linked with at the same access point), on that device's first such port
(file order). No look-ahead, no priorities, no sorting. A group is all or nothing: when a member
finds no port, the members placed so far are taken back and the whole group stays unplaced.
"""

import time

from common import eligible_index


def first_fit(problem):
    """Returns {"assignment": {request: (device, port)}, "seconds": float}."""
    start = time.perf_counter()
    eligible = eligible_index(problem)  # per request: allowed ports in inventory order
    partners = {}
    for a, b in problem.diverse_pairs:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    taken = set()
    placed = {}
    # Lists of allowed ports are shared between requests of one kind; skip the taken prefix.
    first_free = {}

    def spot(rid, trial):
        avoid = set()
        for s in partners.get(rid, ()):
            got = trial.get(s) or placed.get(s)
            if got:
                avoid.add(got[0])
        ports = eligible[rid]
        key = id(ports)
        i = first_free.get(key, 0)
        while i < len(ports) and ports[i] in taken:
            i += 1
        first_free[key] = i
        for j in range(i, len(ports)):
            dp = ports[j]
            if dp not in taken and dp[0] not in avoid:
                return dp
        return None

    done = set()
    for rid in problem.valid:
        g = problem.group_of[rid]
        if g in done:
            continue
        done.add(g)
        trial = {}
        for m in problem.groups[g]:
            dp = spot(m, trial)
            if dp is None:
                for back in trial.values():  # roll back: all or nothing
                    taken.discard(back)
                first_free.clear()
                trial = None
                break
            trial[m] = dp
            taken.add(dp)
        if trial:
            placed.update(trial)
    return {"assignment": placed, "seconds": time.perf_counter() - start}
