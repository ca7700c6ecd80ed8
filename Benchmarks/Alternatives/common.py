"""What the alternatives share: paths, the CrossCheck helpers, plans written from an assignment,
counts per priority and the lexicographic order.

The rules of the problem come from Tests/CrossCheck/contract.py (a Python restatement of
docs/FORMATS.md, independent of Patchbay's Swift code); this module only imports it.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CROSSCHECK = os.path.join(ROOT, "Tests", "CrossCheck")
if CROSSCHECK not in sys.path:
    sys.path.insert(0, CROSSCHECK)

import contract  # noqa: E402


def placed_per_level(problem, request_ids):
    """{priority: number placed} over every priority of the valid requests (0 when none)."""
    out = {lvl: 0 for lvl in problem.levels()}
    for rid in request_ids:
        lvl = problem.priority(rid)
        out[lvl] = out.get(lvl, 0) + 1
    return out


def vector(levels_dict, levels):
    """The counts in `levels` order (highest priority first), for lexicographic comparison."""
    return tuple(levels_dict.get(lvl, 0) for lvl in levels)


def first_difference(a, b, levels):
    """The highest priority at which the counts differ, and both counts; None when equal."""
    for lvl in levels:
        if a.get(lvl, 0) != b.get(lvl, 0):
            return lvl, a.get(lvl, 0), b.get(lvl, 0)
    return None


def fmt_levels(d, levels):
    return "/".join(str(d.get(lvl, 0)) for lvl in levels)


def unplaced_code(problem, rid):
    """A true FORMATS.md unplaced code for a valid request an alternative did not place."""
    r = problem.by_id[rid]
    if not any(r["portType"] in types for _, _, types in problem.free_ports(r["accessPoint"])):
        return "no_free_port"
    if not problem.eligible_ports(rid):
        return "no_diverse_device"
    if any(not problem.eligible_ports(m) for m in problem.groups[problem.group_of[rid]]):
        return "partner_unplaced"
    return "capacity_contention"


def write_plan(problem, assignment, method, optimal_by_ap, note):
    """A FORMATS.md plan (dict) placing `assignment` {request: (device, port)}.

    Rejected requests carry contract.py's codes (compare.py checks first that they are the codes
    `patchbay validate` gives). A valid request not placed is unplaced with a code that is true
    of it (unplaced_code); the alternatives do not explain themselves further. `method` must be one that
    Patchbay's plan decoder knows (`greedy` or `ilp`); `optimal_by_ap` {access point: bool} is
    what the method proved.
    """
    by_id = problem.by_id
    assignments = []
    for rid in problem.valid:  # batch order
        if rid in assignment:
            d, p = assignment[rid]
            r = by_id[rid]
            assignments.append({
                "request": rid, "accessPoint": r["accessPoint"], "device": d, "port": p,
                "portType": r["portType"], "account": r["account"],
                "redundantConnection": r.get("redundantConnection"),
                "priority": problem.priority(rid)})
    rejected = [{"request": r["id"], "code": problem.rejected[r["id"]],
                 "message": f"rejected by validation ({problem.rejected[r['id']]})"}
                for r in problem.requests if r["id"] in problem.rejected]
    unplaced = [{"request": rid, "code": unplaced_code(problem, rid),
                 "message": f"not placed by {note}"}
                for rid in problem.valid if rid not in assignment]
    aps = {}
    for rid in problem.valid:
        ap = by_id[rid]["accessPoint"]
        e = aps.setdefault(ap, {"id": ap, "requests": 0, "placed": 0, "method": method,
                                "optimal": bool(optimal_by_ap.get(ap, False))})
        e["requests"] += 1
        e["placed"] += rid in assignment
    entries = [aps[ap] for ap in sorted(aps)]
    return {
        "assignments": assignments, "rejected": rejected, "unplaced": unplaced,
        "accessPoints": entries,
        "summary": {"requests": len(problem.requests), "placed": len(assignments),
                    "rejected": len(rejected), "unplaced": len(unplaced),
                    "optimal": all(e["optimal"] for e in entries)},
    }


def eligible_index(problem):
    """Per valid request, its eligible ports [(device, port)] (contract.Problem.eligible_ports),
    computed once per (access point, port type, forbidden device) and shared."""
    cache = {}
    out = {}
    for rid in problem.valid:
        r = problem.by_id[rid]
        key = (r["accessPoint"], r["portType"], problem.forbidden_device.get(rid))
        if key not in cache:
            cache[key] = problem.eligible_ports(rid)
        out[rid] = cache[key]
    return out


def model_size(problem, eligible=None):
    """Binaries x[r,p] of the plain per-request model (one per request and allowed port)."""
    eligible = eligible or eligible_index(problem)
    return sum(len(v) for v in eligible.values())
