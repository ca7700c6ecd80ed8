#!/usr/bin/env python3
"""The optimum of an allocation batch, found by OR-Tools CP-SAT, independently of Patchbay.

    cpsat.py --inventory INV --requests REQ [--time-limit SECONDS] [--whole] [--json]

The plain per-request model of docs/FORMATS.md's guarantees 1-4 (first sentence of 4):

- x[r,p] in {0,1} for each valid request r and each free port p at r's access point that accepts
  r's port type and is not on the device of the existing connection r names (when that
  connection is at r's access point);
- each port at most once; each request at most once (placed[r] = sum_p x[r,p]);
- a request is placed iff every request of its redundancy group is (groups: connected components
  of the batch's redundantConnection links, either direction);
- for r naming a request s of the batch at the same access point: for every device d,
  sum_{p on d} x[r,p] + sum_{p on d} x[s,p] <= 1;
- objective: lexicographic by priority, highest first, solved level by level: maximize the
  number placed at the level, then fix it as a lower bound and go to the next level.

Rejected requests (contract.py restates FORMATS.md's validation) are never placed. The batch is
split into independent subproblems (one access point, or the access points that groups join), as
DESIGN.md says is exact; --whole solves the whole batch as one model instead.
"""

import argparse
import json
import sys
import time

import contract

try:
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - crosscheck.py installs it; say how when run alone
    sys.stderr.write(
        "cpsat.py needs OR-Tools: python3 -m pip install -r Tests/CrossCheck/requirements.txt\n"
        "(or run Tests/CrossCheck/crosscheck.py, which installs it into .build/crosscheck-venv)\n")
    raise


def solve_requests(problem, request_ids, time_limit, workers=1, keep_going=False):
    """Solve the model over `request_ids` (a union of whole groups).

    Returns {"levels": {priority: placed}, "proven": {priority: bool}, "assignment":
    {request: (device, port)}, "seconds": float, "variables": int, "level_seconds":
    {priority: float}}.

    A level where CP-SAT finds no solution within the time limit raises RuntimeError, unless
    `keep_going` (Benchmarks/Alternatives, on models too large to solve): then the search stops
    there, the previous level's solution is the answer, the levels it did not reach count what
    that solution places and are not proven, and "stopped" names the level.
    """
    start = time.perf_counter()
    model = cp_model.CpModel()
    x = {}  # (r, device, port) -> var
    by_port = {}
    by_req_dev = {}
    placed = {}
    for r in request_ids:
        terms = []
        for d, p in problem.eligible_ports(r):
            v = model.NewBoolVar(f"x[{r},{d},{p}]")
            x[(r, d, p)] = v
            by_port.setdefault((d, p), []).append(v)
            by_req_dev.setdefault((r, d), []).append(v)
            terms.append(v)
        y = model.NewBoolVar(f"placed[{r}]")
        model.Add(sum(terms) == y) if terms else model.Add(y == 0)
        placed[r] = y
    for vs in by_port.values():
        if len(vs) > 1:
            model.AddAtMostOne(vs)
    ids = set(request_ids)
    for g in problem.groups:
        members = [m for m in g if m in ids]
        if not members:
            continue
        assert len(members) == len(g), "a subproblem must hold whole groups"
        for m in members[1:]:
            model.Add(placed[m] == placed[members[0]])
    for a, b in problem.diverse_pairs:
        if a not in ids:
            continue
        devices = {d for (r, d) in by_req_dev if r in (a, b)}
        for d in devices:
            vs = by_req_dev.get((a, d), []) + by_req_dev.get((b, d), [])
            if len(vs) > 1:
                model.Add(sum(vs) <= 1)

    levels = sorted({problem.priority(r) for r in request_ids}, reverse=True)
    result = {"levels": {}, "proven": {}, "assignment": {}, "variables": len(x),
              "level_seconds": {}}
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = time_limit
    # Measured on 1,800 generated instances: one worker at linearization level 2 proves every
    # level of every one, in at most 0.22 s an instance. CP-SAT's default (level 1), alone or in the 2-worker portfolio,
    # left some 28-request instances unproven after 60 s: its LP missed the port at-most-one
    # constraints, so it could not even see the capacity bound.
    solver.parameters.linearization_level = 2
    hint = None
    for level in levels:
        at_level = [placed[r] for r in request_ids if problem.priority(r) == level]
        model.ClearObjective()
        model.Maximize(sum(at_level))
        if hint is not None:
            model.ClearHints()
            for v, val in hint:
                model.AddHint(v, val)
        level_start = time.perf_counter()
        status = solver.Solve(model)
        result["level_seconds"][level] = time.perf_counter() - level_start
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if keep_going:
                result["stopped"] = level
                break
            raise RuntimeError(f"CP-SAT returned {solver.StatusName(status)} at level {level}")
        value = round(solver.ObjectiveValue())
        result["levels"][level] = value
        result["proven"][level] = status == cp_model.OPTIMAL
        model.Add(sum(at_level) >= value)
        hint = [(v, solver.Value(v)) for v in x.values()] + [(v, solver.Value(v)) for v in placed.values()]
    # The last solution found meets every bound set so far (it is the hint of the next level).
    values = {v.Index(): val for v, val in hint or []}
    for (r, d, p), v in x.items():
        if values.get(v.Index()):
            result["assignment"][r] = (d, p)
    for level in levels:
        if level not in result["levels"]:
            result["levels"][level] = sum(1 for r in request_ids if problem.priority(r) == level
                                          and values.get(placed[r].Index()))
            result["proven"][level] = False
    result["seconds"] = time.perf_counter() - start
    return result


def optimum(problem, time_limit=60.0, whole=False):
    """The lexicographic optimum of a batch: per priority level, with proof flags and per-part detail."""
    start = time.perf_counter()
    parts = []
    if whole:
        subproblems = [(sorted({problem.by_id[r]["accessPoint"] for r in problem.valid}), problem.valid)]
    else:
        subproblems = problem.subproblems()
    levels, proven, assignment = {}, {}, {}
    for aps, rids in subproblems:
        res = solve_requests(problem, rids, time_limit)
        for lvl, v in res["levels"].items():
            levels[lvl] = levels.get(lvl, 0) + v
            proven[lvl] = proven.get(lvl, True) and res["proven"][lvl]
        assignment.update(res["assignment"])
        parts.append({"accessPoints": aps, "requests": len(rids), "levels": res["levels"],
                      "proven": res["proven"], "variables": res["variables"],
                      "seconds": res["seconds"]})
    return {"levels": levels, "proven": proven, "optimal": all(proven.values()),
            "placed": sum(levels.values()), "valid": len(problem.valid),
            "rejected": dict(problem.rejected), "assignment": assignment, "parts": parts,
            "seconds": time.perf_counter() - start}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="CP-SAT time limit per priority level and subproblem (s)")
    parser.add_argument("--whole", action="store_true", help="one model for the whole batch")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    inv = contract.Inventory(contract.load_json(args.inventory))
    requests = contract.load_json(args.requests)["requests"]
    problem = contract.Problem(inv, requests)
    res = optimum(problem, args.time_limit, args.whole)
    if args.json:
        out = dict(res)
        out["levels"] = {str(k): v for k, v in res["levels"].items()}
        out["proven"] = {str(k): v for k, v in res["proven"].items()}
        out["assignment"] = {r: {"device": d, "port": p} for r, (d, p) in sorted(res["assignment"].items())}
        for part in out["parts"]:
            part["levels"] = {str(k): v for k, v in part["levels"].items()}
            part["proven"] = {str(k): v for k, v in part["proven"].items()}
        print(json.dumps(out, indent=1, sort_keys=True))
    else:
        print(f"{len(requests)} requests: {res['valid']} valid, {len(res['rejected'])} rejected; "
              f"optimum places {res['placed']} ({'proven' if res['optimal'] else 'NOT proven'}) "
              f"in {res['seconds']:.3f} s")
        for lvl in sorted(res["levels"], reverse=True):
            print(f"  priority {lvl}: {res['levels'][lvl]} placed"
                  f"{'' if res['proven'][lvl] else ' (not proven optimal)'}")


if __name__ == "__main__":
    main()
