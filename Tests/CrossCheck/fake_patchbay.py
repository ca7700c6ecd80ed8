#!/usr/bin/env python3
"""A stand-in for `patchbay allocate`, to test the harness itself (selftest.py), never Patchbay.

    fake_patchbay.py allocate --inventory INV --requests REQ --output PLAN

CROSSCHECK_FAKE picks what kind of allocator it pretends to be:
  optimal  plans from CP-SAT's optimum, with truthful codes: the harness must pass it;
  greedy   first fit in batch order, group by group, and claims `optimal: true`: valid plans that
           are often suboptimal, which the harness must report;
  cheat    the optimal plan plus one more request on a port it may not take (occupied, already
           given, on the wrong device, or of the wrong type), or when all are placed one port
           given twice: the plan checker must catch it.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import contract  # noqa: E402


def greedy(problem):
    used, device_of = set(), {}
    for group in problem.groups:
        trial = {}
        ok = True
        for rid in group:
            choice = None
            for d, p in problem.eligible_ports(rid):
                if (d, p) in used or (d, p) in trial.values():
                    continue
                if any({rid, other} == {a, b} and trial[other][0] == d
                       for a, b in problem.diverse_pairs for other in trial if other in (a, b)):
                    continue
                choice = (d, p)
                break
            if choice is None:
                ok = False
                break
            trial[rid] = choice
        if ok:
            used |= set(trial.values())
            device_of.update(trial)
    return device_of


def cheat(problem, assignment):
    """Places one more valid request on the first port of its access point, whatever the rules;
    when every valid request is placed, gives the port of one assignment to another too."""
    inv = problem.inv
    for rid in problem.valid:
        if rid in assignment:
            continue
        ap = problem.by_id[rid]["accessPoint"]
        ports = [key for key in inv.ports if inv.devices[key[0]]["accessPoint"] == ap]
        if ports:
            assignment[rid] = ports[0]
            return
    placed = sorted(assignment)
    if len(placed) >= 2:
        assignment[placed[1]] = assignment[placed[0]]


def unplaced_code(problem, rid):
    req = problem.by_id[rid]
    if not problem.eligible_ports(rid):
        accepting = [p for p in problem.free_ports(req["accessPoint"]) if req["portType"] in p[2]]
        return "no_diverse_device" if accepting else "no_free_port"
    group = problem.groups[problem.group_of[rid]]
    if any(not problem.eligible_ports(m) for m in group):
        return "partner_unplaced"
    return "capacity_contention"


def plan_for(problem, assignment, method, optimal):
    assignments, rejected, unplaced = [], [], []
    for r in problem.requests:
        rid = r["id"]
        if rid in problem.rejected:
            rejected.append({"request": rid, "code": problem.rejected[rid], "message": "fake"})
        elif rid in assignment:
            d, p = assignment[rid]
            assignments.append({"request": rid, "accessPoint": r["accessPoint"], "device": d,
                                "port": p, "portType": r["portType"], "account": r["account"],
                                "redundantConnection": r.get("redundantConnection"),
                                "priority": contract.request_priority(r)})
        else:
            unplaced.append({"request": rid, "code": unplaced_code(problem, rid), "message": "fake"})
    aps = {}
    for r in problem.requests:
        if r["accessPoint"] in problem.inv.access_points:
            e = aps.setdefault(r["accessPoint"], {"id": r["accessPoint"], "requests": 0, "placed": 0,
                                                  "method": method, "optimal": optimal})
            e["requests"] += 1
            e["placed"] += r["id"] in assignment
    return {"assignments": assignments, "rejected": rejected, "unplaced": unplaced,
            "accessPoints": [aps[k] for k in sorted(aps)],
            "summary": {"requests": len(problem.requests), "placed": len(assignments),
                        "rejected": len(rejected), "unplaced": len(unplaced), "optimal": optimal}}


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("--help", "-h"):
        print("USAGE: fake_patchbay.py <subcommand>\n\nSUBCOMMANDS:\n  allocate  (a stand-in)")
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["allocate"])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    mode = os.environ.get("CROSSCHECK_FAKE", "optimal")
    inv = contract.Inventory(contract.load_json(args.inventory))
    problem = contract.Problem(inv, contract.load_json(args.requests)["requests"])
    if mode == "greedy":
        plan = plan_for(problem, greedy(problem), "greedy", True)
    else:
        import cpsat
        opt = cpsat.optimum(problem, 60)
        assignment = dict(opt["assignment"])
        if mode == "cheat":
            cheat(problem, assignment)
        plan = plan_for(problem, assignment, "ilp", opt["optimal"])
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(plan, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
