#!/usr/bin/env python3
"""A stand-in for `patchbay allocate`, `capacity` and `drain`, to test the harness itself
(selftest.py), never Patchbay.

    fake_patchbay.py allocate --inventory INV --requests REQ --output PLAN
    fake_patchbay.py capacity --inventory INV --format json
    fake_patchbay.py drain --inventory INV --device D [--device D2] --output MOVES

CROSSCHECK_FAKE picks what kind of allocator it pretends to be:
  optimal  plans from CP-SAT's optimum, with truthful codes: the harness must pass it;
  greedy   first fit in batch order, group by group, and claims `optimal: true`: valid plans that
           are often suboptimal, which the harness must report;
  cheat    the optimal plan plus one more request on a port it may not take (occupied, already
           given, on the wrong device, or of the wrong type), or when all are placed one port
           given twice: the plan checker must catch it.
The capacity report and the drain plan are planning.py's (right), except in these modes, each
wrong in one way where the instance allows it (elsewhere the answer stays right):
  cap-singles    one headroom `singles` one too many;
  cap-pairs      one headroom `pairs` one off;
  cap-n1         an access point's N+1 shortfall (and its worst device's) one too many;
  cap-tie        on a tie for the worst device, the last one named instead of the first;
  drain-twice    a move onto a port another connection holds after the moves;
  drain-partner  a move onto the device of the connection's redundant partner;
  drain-type     a move onto a free port that does not accept the connection's type;
  drain-fewer    one connection that could move, stranded instead (summary to match);
  drain-code     a stranded connection's code untrue (no_free_port for one that could move,
                 capacity_contention for one that could not);
  drain-changes  one move too many: a connection of no drained device moved for nothing.
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


def capacity_report(site, mode, thresholds=(0.8, 2)):
    """planning.py's figures in `patchbay capacity --format json`'s shape (docs/CAPACITY.md)."""
    import planning
    import planning_check
    model = planning.capacity(site)
    hot_u, hot_p = thresholds

    def counts(t):
        return {"total": t[0], "held": t[1], "free": t[2],
                "utilization": round(t[1] / t[0], 4) if t[0] else 0}

    def types(m):
        return [{"portType": t, "total": a, "held": b, "free": c} for t, (a, b, c) in m.items()]

    aps, tally, changes, shortfall, ports = [], {}, 0, 0, [0, 0, 0]
    wrong = {"cap-singles": True, "cap-pairs": True, "cap-n1": True, "cap-tie": True}
    for ap in site.ap_order:
        want = model[ap]
        declared = site.inv.access_points[ap].get("status") or "recommended"
        suggested = planning_check.suggested_status(declared, want, hot_u, hot_p)
        tally[suggested] = tally.get(suggested, 0) + 1
        changes += suggested != declared
        headroom = [{"portType": t, "singles": s, "pairs": p}
                    for t, (s, p) in want["headroom"].items()]
        worst, short = want["nPlusOne"]
        devices = [dict(counts((d["total"], d["held"], d["free"])), id=d["id"],
                        liveConnections=d["liveConnections"],
                        nPlusOneShortfall=d["nPlusOneShortfall"], portTypes=types(d["portTypes"]))
                   for d in want["devices"]]
        if mode == "cap-singles" and wrong[mode] and headroom:
            headroom[0]["singles"] += 1
            wrong[mode] = False
        if mode == "cap-pairs" and wrong[mode] and headroom:
            h = headroom[-1]
            h["pairs"] += -1 if h["pairs"] > 0 else 1
            wrong[mode] = False
        if mode == "cap-n1" and wrong[mode] and worst is not None:
            short += 1
            next(d for d in devices if d["id"] == worst)["nPlusOneShortfall"] += 1
            wrong[mode] = False
        if mode == "cap-tie" and wrong[mode] and worst is not None:
            tied = [d["id"] for d in devices if d["nPlusOneShortfall"] == short]
            if len(tied) > 1:
                worst = tied[-1]
                wrong[mode] = False
        shortfall += short
        for i in range(3):
            ports[i] += want["ports"][i]
        aps.append({"id": ap, "region": site.inv.access_points[ap]["region"],
                    "declaredStatus": declared, "suggestedStatus": suggested,
                    "ports": counts(want["ports"]), "portTypes": types(want["portTypes"]),
                    "devices": devices, "headroom": headroom,
                    "nPlusOne": {"worstDevice": worst, "shortfall": short}})
    summary = {"accessPoints": len(aps), "full": tally.get("full", 0), "hot": tally.get("hot", 0),
               "recommended": tally.get("recommended", 0), "disabled": tally.get("disabled", 0),
               "statusChanges": changes, "nPlusOneShortfall": shortfall, "ports": counts(ports)}
    return {"accessPoints": aps, "summary": summary,
            "thresholds": {"hotUtilization": hot_u, "hotPairs": hot_p}}


def drain_plan(site, drained, mode):
    """planning.py's optimal drain plan in patchbay drain's shape, spoilt as `mode` says."""
    import planning
    import planning_check
    opt = planning.drain(site, drained)
    plan = planning_check.plan_json(opt)
    moves = plan["moves"]
    where = {cid: (c["device"], c["port"]) for cid, c in site.live.items()}
    for m in moves:
        where[m["connection"]] = (m["to"]["device"], m["to"]["port"])
    held_after = set(where.values())
    aps = {site.device_ap[d] for d in drained}
    free_after = [(d, p) for ap in site.ap_order if ap in aps for d, p, _ in site.ap_ports(ap)
                  if (d, p) not in held_after and d not in drained]

    def redirect(pick):
        for m in moves:
            c = site.live[m["connection"]]
            for key in pick(m, c):
                m["to"] = {"device": key[0], "port": key[1]}
                return True
        return False

    if mode == "drain-twice":
        redirect(lambda m, c: [k for k, cid in ((v, x) for x, v in where.items())
                               if cid != m["connection"] and site.device_ap.get(k[0]) ==
                               c["accessPoint"] and k[0] not in drained and
                               c["portType"] in site.ports[k]])
    elif mode == "drain-partner":
        redirect(lambda m, c: [k for k in free_after if c["portType"] in site.ports[k] and
                               any(where[o][0] == k[0] for o in site.partners[m["connection"]])])
    elif mode == "drain-type":
        redirect(lambda m, c: [k for k in free_after if c["portType"] not in site.ports[k]
                               and site.device_ap[k[0]] == c["accessPoint"]])
    elif mode == "drain-fewer":
        for m in moves:
            if site.live[m["connection"]]["device"] in drained:
                moves.remove(m)
                plan["stranded"].append({"connection": m["connection"],
                                         "code": "capacity_contention", "message": "fake"})
                plan["summary"]["moved"] -= 1
                plan["summary"]["stranded"] += 1
                plan["summary"]["portChanges"] -= 1
                break
    elif mode == "drain-code" and plan["stranded"]:
        s = plan["stranded"][0]
        s["code"] = "no_free_port" if s["code"] == "capacity_contention" else "capacity_contention"
    elif mode == "drain-changes":
        moving = {m["connection"] for m in moves}
        for cid, c in site.live.items():
            if c["accessPoint"] not in aps or c["device"] in drained or cid in moving:
                continue
            spots = [k for k in free_after if c["portType"] in site.ports[k] and
                     site.device_ap[k[0]] == c["accessPoint"] and
                     all(where[o][0] != k[0] for o in site.partners[cid])]
            if spots:
                moves.append({"connection": cid, "from": {"device": c["device"], "port": c["port"]},
                              "to": {"device": spots[0][0], "port": spots[0][1]}})
                plan["summary"]["portChanges"] += 1
                break
    return plan


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("--help", "-h"):
        # CROSSCHECK_FAKE_COMMANDS: the subcommands it claims (a binary from before drain).
        commands = os.environ.get("CROSSCHECK_FAKE_COMMANDS", "allocate capacity drain").split()
        print("USAGE: fake_patchbay.py <subcommand>\n\nSUBCOMMANDS:")
        for c in commands:
            print(f"  {c:<9} (a stand-in)")
        return 0
    mode = os.environ.get("CROSSCHECK_FAKE", "optimal")
    if len(sys.argv) > 1 and sys.argv[1] in ("capacity", "drain"):
        import planning
        parser = argparse.ArgumentParser()
        parser.add_argument("command")
        parser.add_argument("--inventory", required=True)
        parser.add_argument("--format")
        parser.add_argument("--device", action="append", default=[])
        parser.add_argument("--output")
        parser.add_argument("--hot-utilization", type=float, default=0.8)
        parser.add_argument("--hot-pairs", type=int, default=2)
        args = parser.parse_args()
        site = planning.Site(contract.load_json(args.inventory))
        if args.command == "capacity":
            thresholds = (args.hot_utilization, args.hot_pairs)
            print(json.dumps(capacity_report(site, mode, thresholds), indent=1))
        else:
            with open(args.output, "w", encoding="utf-8") as f:
                json.dump(drain_plan(site, args.device, mode), f, indent=1)
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["allocate"])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
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
