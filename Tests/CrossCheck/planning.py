#!/usr/bin/env python3
"""Capacity figures and drain optima of PLANNING.md, restated in Python and solved by OR-Tools
CP-SAT, independently of Patchbay's Swift code (and of the closed forms the docs give).

    planning.py --inventory INV [--drain DEVICE ...] [--time-limit T]

Read from the contract (PLANNING.md) and docs/CAPACITY.md only:

- A port is **held** when a connection names it and its status is not `Rejected`, `Canceled`,
  `AllocationFailed` or `Terminated` (FORMATS.md's occupied port); every such connection is
  **live**. Every other port is **free**.
- Two live connections at one access point are **partners** when one names the other
  (`redundantConnection`, either direction).
- **Headroom** of a port type at an access point: `singles` is the number of free ports
  accepting the type (a request takes one port, a port serves once: nothing to optimise);
  `pairs` is a CP-SAT maximum: integer z[d,e] = pairs with one port on device d and the other on
  device e (d < e); the pairs using d at most its free ports accepting the type. The ports of
  one device that accept the type are interchangeable, so this is the assignment of pairs to
  ports up to renaming (selftest.py checks it against a model with one variable per pair of
  ports on small cases).
- **N+1** of a device D: CP-SAT maximum of the live connections on D assigned to free ports of
  the other devices of its access point, each to a port accepting its port type, not on the
  device of a partner of it, each port once (ports of one device with the same accepted types
  are pooled: interchangeable for every connection). Shortfall = live on D minus that maximum.
  The access point's worst device: the largest shortfall, the first in inventory order on a tie;
  none (shortfall 0) without a device or a live connection.
- **Drain** of devices DS: at each access point that holds one of them, every live connection of
  the access point ends on one port of a device not in DS that accepts its type, held or free
  (its own, or another: a port change), except that one on DS may get none (stranded, it stays
  where it is); every port at most once; partners on different devices (two that the inventory
  already has on one device may both stay there, docs/DRAIN.md). Ports of one device with
  the same accepted types are pooled (a connection stays, or takes some port of a pool that is
  not its own; see _drain_ap). First the most moved (every priority is 0 in an inventory
  file), then, with that fixed, the fewest port changes (connections whose port is not their own
  at the end).
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
        "planning.py needs OR-Tools: python3 -m pip install -r Tests/CrossCheck/requirements.txt\n"
        "(or run Tests/CrossCheck/crosscheck.py, which installs it into .build/crosscheck-venv)\n")
    raise


class Site:
    """An inventory as PLANNING.md sees it: ports, live connections, partners, per access point."""

    def __init__(self, doc):
        self.doc = doc
        self.inv = contract.Inventory(doc)
        self.ap_order = [a["id"] for a in doc["accessPoints"]]
        self.ap_devices = {ap: [] for ap in self.ap_order}
        self.device_ap = {}
        for d in doc["devices"]:
            self.ap_devices[d["accessPoint"]].append(d["id"])
            self.device_ap[d["id"]] = d["accessPoint"]
        # (device, port) -> accepted types, per device in file order.
        self.ports = self.inv.ports
        self.device_ports = self.inv.device_ports
        self.live = {}    # connection id -> connection, holding a port
        self.holder = {}  # (device, port) -> connection id
        for c in doc.get("connections") or []:
            if c.get("device") and c.get("port") and c["status"] not in contract.DEAD_STATUSES:
                self.live[c["id"]] = c
                self.holder[(c["device"], c["port"])] = c["id"]
        self.live_on = {d: [] for d in self.device_ap}
        for cid, c in self.live.items():
            self.live_on[c["device"]].append(cid)
        self.partners = {cid: set() for cid in self.live}
        for cid, c in self.live.items():
            named = c.get("redundantConnection")
            if named in self.live and named != cid and \
                    self.live[named]["accessPoint"] == c["accessPoint"]:
                self.partners[cid].add(named)
                self.partners[named].add(cid)

    def free(self, key):
        return key not in self.holder

    def ap_ports(self, ap):
        """[(device, port, accepted types)] of the access point, in file order."""
        return [(d, p, self.ports[(d, p)]) for d in self.ap_devices[ap]
                for p in self.device_ports[d]]

    def ap_live(self, ap):
        return [cid for d in self.ap_devices[ap] for cid in self.live_on[d]]

    def same_device_pairs(self, ap):
        """Partners both on one device at the access point (an inventory breaking guarantee 2)."""
        out = []
        for cid in self.ap_live(ap):
            for other in self.partners[cid]:
                if cid < other and self.live[cid]["device"] == self.live[other]["device"]:
                    out.append((cid, other))
        return out


def new_solver(time_limit):
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.linearization_level = 2
    return solver


class NotProven(Exception):
    """CP-SAT did not prove the optimum within the time limit."""


def solve(model, solver, what):
    status = solver.Solve(model)
    if status != cp_model.OPTIMAL:
        raise NotProven(f"{what}: CP-SAT {solver.StatusName(status)}")
    return round(solver.ObjectiveValue())


# ---- capacity -----------------------------------------------------------------------------------

def max_pairs(free_per_device, time_limit=10.0):
    """Most pairs of ports on two different devices, given each device's free ports (CP-SAT)."""
    counts = [n for n in free_per_device if n > 0]
    if len(counts) < 2:
        return 0
    model = cp_model.CpModel()
    z = {}
    for i in range(len(counts)):
        for j in range(i + 1, len(counts)):
            z[(i, j)] = model.NewIntVar(0, min(counts[i], counts[j]), f"z[{i},{j}]")
    for i, n in enumerate(counts):
        model.Add(sum(v for (a, b), v in z.items() if i in (a, b)) <= n)
    model.Maximize(sum(z.values()))
    return solve(model, new_solver(time_limit), "pairs")


def max_rehomed(site, failed, time_limit=10.0):
    """Most live connections of device `failed` re-homed on free ports of the other devices of its
    access point (type accepted, not on a partner's device, a port once): CP-SAT."""
    conns = site.live_on[failed]
    if not conns:
        return 0
    ap = site.device_ap[failed]
    pools = {}  # (device, accepted types) -> free ports
    for d, p, types in site.ap_ports(ap):
        if d != failed and site.free((d, p)):
            key = (d, frozenset(types))
            pools[key] = pools.get(key, 0) + 1
    model = cp_model.CpModel()
    by_pool = {}
    terms = []
    for cid in conns:
        c = site.live[cid]
        forbidden = {site.live[o]["device"] for o in site.partners[cid]}
        mine = []
        for (d, types), n in pools.items():
            if c["portType"] in types and d not in forbidden:
                v = model.NewBoolVar(f"x[{cid},{d},{sorted(types)}]")
                mine.append(v)
                by_pool.setdefault((d, types), []).append(v)
        if mine:
            model.Add(sum(mine) <= 1)
            terms += mine
    for key, vs in by_pool.items():
        model.Add(sum(vs) <= pools[key])
    if not terms:
        return 0
    model.Maximize(sum(terms))
    return solve(model, new_solver(time_limit), f"N+1 of {failed}")


def capacity(site, time_limit=10.0):
    """The figures of `patchbay capacity --format json` this restatement can derive, per access
    point id: ports, devices, portTypes, headroom, nPlusOne (and each device's shortfall)."""
    out = {}
    for ap in site.ap_order:
        ap_doc = site.inv.access_points[ap]
        entry = {"devices": [], "portTypes": {}, "headroom": {}}
        tot = held = 0
        type_counts = {}  # type -> [total, held]
        free_by_type_dev = {}  # type -> {device: free accepting}
        for d in site.ap_devices[ap]:
            dt = dh = 0
            dtypes = {}
            for p in site.device_ports[d]:
                key = (d, p)
                h = 0 if site.free(key) else 1
                dt += 1
                dh += h
                for t in site.ports[key]:
                    x = dtypes.setdefault(t, [0, 0])
                    x[0] += 1
                    x[1] += h
                    if not h:
                        free_by_type_dev.setdefault(t, {}).setdefault(d, 0)
                        free_by_type_dev[t][d] += 1
            for t, (a, b) in dtypes.items():
                x = type_counts.setdefault(t, [0, 0])
                x[0] += a
                x[1] += b
            tot += dt
            held += dh
            entry["devices"].append({
                "id": d, "total": dt, "held": dh, "free": dt - dh,
                "liveConnections": len(site.live_on[d]),
                "portTypes": {t: (a, b, a - b) for t, (a, b) in dtypes.items()}})
        entry["ports"] = (tot, held, tot - held)
        entry["portTypes"] = {t: (a, b, a - b) for t, (a, b) in type_counts.items()}
        for t in ap_doc["portTypes"]:
            per_dev = free_by_type_dev.get(t, {})
            entry["headroom"][t] = (sum(per_dev.values()),
                                    max_pairs(list(per_dev.values()), time_limit))
        worst, worst_short = None, 0
        any_live = False
        for dev in entry["devices"]:
            short = dev["liveConnections"] - max_rehomed(site, dev["id"], time_limit)
            dev["nPlusOneShortfall"] = short
            any_live = any_live or dev["liveConnections"] > 0
            if worst is None or short > worst_short:
                worst, worst_short = dev["id"], short
        if not any_live:
            worst, worst_short = None, 0
        entry["nPlusOne"] = (worst, worst_short)
        out[ap] = entry
    return out


# ---- drain --------------------------------------------------------------------------------------

def drain(site, drained, time_limit=30.0):
    """The drain optimum at every access point holding a device of `drained`.

    Returns {"moved": n, "portChanges": n, "toMove": n, "moves": [(conn, (d, p), (d2, p2))],
    "stranded": [conn], "codes": {conn: code}, "seconds": s, "variables": n}: the most live
    connections of the drained devices moved, then the fewest port changes, and one plan reaching
    both, with a true code for each stranded connection."""
    start = time.perf_counter()
    drained = set(drained)
    aps = [ap for ap in site.ap_order if any(d in drained for d in site.ap_devices[ap])]
    res = {"moved": 0, "portChanges": 0, "toMove": 0, "moves": [], "stranded": [],
           "variables": 0}
    for ap in aps:
        part = _drain_ap(site, ap, drained, time_limit)
        for k in ("moved", "portChanges", "toMove", "variables"):
            res[k] += part[k]
        res["moves"] += part["moves"]
        res["stranded"] += part["stranded"]
    res["codes"] = {cid: stranded_code(site, drained, cid) for cid in res["stranded"]}
    res["seconds"] = time.perf_counter() - start
    return res


def _pair_apart(model, site, ap, on_dev, stay):
    """Partners on different devices: for each pair and device, at most one of the two there;
    two partners the inventory already has on one device may both stay there (docs/DRAIN.md), but
    neither may come onto the other's device."""
    seen = set()
    for cid in site.ap_live(ap):
        for other in site.partners[cid]:
            key = frozenset((cid, other))
            if key in seen:
                continue
            seen.add(key)
            shared = site.live[cid]["device"]
            for d in site.ap_devices[ap]:
                vs = on_dev.get((cid, d), []) + on_dev.get((other, d), [])
                if len(vs) <= 1:
                    continue
                if d == shared == site.live[other]["device"] and cid in stay and other in stay:
                    both = model.NewBoolVar(f"both_stay[{cid},{other}]")
                    model.AddImplication(both, stay[cid])
                    model.AddImplication(both, stay[other])
                    model.Add(sum(vs) <= 1 + both)
                else:
                    model.Add(sum(vs) <= 1)


def _drain_model(site, ap, drained):
    """The pooled drain model of one access point (see _drain_ap), without an objective."""
    model = cp_model.CpModel()
    pools = {}  # (device, accepted types) -> [ports], non-drained devices only
    for d, p, types in site.ap_ports(ap):
        if d not in drained:
            pools.setdefault((d, frozenset(types)), []).append(p)
    conns = site.ap_live(ap)
    y = {}  # (conn, pool) -> var: the connection takes a port of the pool that is not its own
    stay = {}  # conn -> var: keeps its own port (only for connections not on a drained device)
    placed = {}
    load = {key: [] for key in pools}
    on_dev = {}  # (conn, device) -> vars putting the connection on the device
    for cid in conns:
        c = site.live[cid]
        mine = []
        for key in pools:
            if c["portType"] in key[1]:
                v = model.NewBoolVar(f"y[{cid},{key[0]},{sorted(key[1])}]")
                y[(cid, key)] = v
                mine.append(v)
                load[key].append(v)
                on_dev.setdefault((cid, key[0]), []).append(v)
        if c["device"] in drained:
            v = model.NewBoolVar(f"moved[{cid}]")
            model.Add(sum(mine) == v) if mine else model.Add(v == 0)
            placed[cid] = v
        else:
            s = model.NewBoolVar(f"stay[{cid}]")
            stay[cid] = s
            model.AddExactlyOne(mine + [s])
            load[(c["device"], frozenset(site.ports[(c["device"], c["port"])]))].append(s)
            on_dev.setdefault((cid, c["device"]), []).append(s)
    for key, vs in load.items():
        if len(vs) > len(pools[key]):
            model.Add(sum(vs) <= len(pools[key]))
    _pair_apart(model, site, ap, on_dev, stay)
    return model, pools, conns, y, stay, placed


def can_move(site, drained, cid, time_limit=10.0):
    """Whether some plan (any, optimal or not) moves connection `cid` off its drained device.
    Connections of one access point and type with the same partners are alike here: one answer
    per such class and set of drained devices (cached on the site)."""
    drained = frozenset(drained)
    c = site.live[cid]
    key = (drained, c["accessPoint"], c["portType"], frozenset(site.partners[cid]))
    cache = site.__dict__.setdefault("_movable", {})
    if key not in cache:
        model, _, _, _, _, placed = _drain_model(site, c["accessPoint"], drained)
        model.Add(placed[cid] == 1)
        solver = new_solver(time_limit)
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
            raise NotProven(f"can {cid} move: CP-SAT {solver.StatusName(status)}")
        cache[key] = status != cp_model.INFEASIBLE
    return cache[key]


def stranded_code(site, drained, cid):
    """The code docs/DRAIN.md gives a connection no plan moves, or capacity_contention when some
    plan would (for planning.py's own plans: the harness's self-check and the stand-in)."""
    c = site.live[cid]
    others = [d for d in site.ap_devices[c["accessPoint"]] if d not in drained]
    if not others:
        return "no_other_device"
    if can_move(site, drained, cid):
        return "capacity_contention"
    free = [d for d, p, t in site.ap_ports(c["accessPoint"])
            if d in others and site.free((d, p)) and c["portType"] in t]
    return "no_diverse_device" if free else "no_free_port"


def _drain_ap(site, ap, drained, time_limit):
    """The drain optimum at one access point. Ports of one device with the same accepted types
    form a pool: interchangeable for every connection, except that a connection keeping its own
    port is no port change. So a connection either stays (not on a drained device), or goes to a
    pool; a pool takes at most its ports, counting the connections staying in it. Every plan of
    ports maps to such an assignment with the same moved count and port changes, and every such
    assignment fills pools port by port into a plan with no more port changes: the optima agree."""
    model, pools, conns, y, stay, placed = _drain_model(site, ap, drained)
    solver = new_solver(time_limit)
    moved = 0
    if placed:
        model.Maximize(sum(placed.values()))
        moved = solve(model, solver, f"drain at {ap}: most moved")
        model.Add(sum(placed.values()) >= moved)
        for v in list(y.values()) + list(stay.values()) + list(placed.values()):
            model.AddHint(v, solver.Value(v))
    model.Minimize(sum(placed.values()) + len(stay) - sum(stay.values()))
    changes = solve(model, solver, f"drain at {ap}: fewest port changes")
    # One plan: stayers keep their ports, movers fill the rest of each pool in port order.
    taken = {(site.live[c]["device"], site.live[c]["port"]) for c, s in stay.items()
             if solver.Value(s)}
    left = {key: [p for p in ports if (key[0], p) not in taken] for key, ports in pools.items()}
    moves, stranded = [], []
    for cid in conns:
        c = site.live[cid]
        home = (c["device"], c["port"])
        if cid in stay and solver.Value(stay[cid]):
            continue
        key = next((k for (k0, k), v in y.items() if k0 == cid and solver.Value(v)), None)
        if key is None:
            stranded.append(cid)
        else:
            moves.append((cid, home, (key[0], left[key].pop(0))))
    return {"moved": moved, "portChanges": changes, "toMove": len(placed), "moves": moves,
            "stranded": stranded, "variables": len(y) + len(stay)}


def drain_by_ports(site, drained, time_limit=30.0):
    """The drain optimum (moved, port changes) by the plain model, one 0-1 variable per
    (connection, port): slower than drain(); selftest.py checks that the two agree."""
    drained = set(drained)
    moved_total = changes_total = 0
    for ap in site.ap_order:
        if not any(d in drained for d in site.ap_devices[ap]):
            continue
        model = cp_model.CpModel()
        ports = [(d, p, types) for d, p, types in site.ap_ports(ap) if d not in drained]
        conns = site.ap_live(ap)
        by_port, on_dev, placed, stays, stay_of = {}, {}, [], [], {}
        for cid in conns:
            c = site.live[cid]
            mine = []
            for d, p, types in ports:
                if c["portType"] in types:
                    v = model.NewBoolVar(f"x[{cid},{d},{p}]")
                    mine.append(v)
                    by_port.setdefault((d, p), []).append(v)
                    on_dev.setdefault((cid, d), []).append(v)
                    if (d, p) == (c["device"], c["port"]):
                        stays.append(v)
                        stay_of[cid] = v
            if c["device"] in drained:
                v = model.NewBoolVar(f"moved[{cid}]")
                model.Add(sum(mine) == v) if mine else model.Add(v == 0)
                placed.append(v)
            else:
                model.AddExactlyOne(mine)
        for vs in by_port.values():
            model.AddAtMostOne(vs)
        _pair_apart(model, site, ap, on_dev, stay_of)
        solver = new_solver(time_limit)
        moved = 0
        if placed:
            model.Maximize(sum(placed))
            moved = solve(model, solver, f"drain at {ap}")
            model.Add(sum(placed) >= moved)
        model.Minimize(sum(placed) + (len(conns) - len(placed)) - sum(stays))
        moved_total += moved
        changes_total += solve(model, solver, f"drain at {ap}")
    return moved_total, changes_total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--drain", action="append", metavar="DEVICE", default=[],
                        help="the drain optimum of these devices instead of the capacity figures")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    site = Site(contract.load_json(args.inventory))
    if args.drain:
        res = drain(site, args.drain, args.time_limit)
        print(json.dumps({
            "moves": [{"connection": c, "from": {"device": a[0], "port": a[1]},
                       "to": {"device": b[0], "port": b[1]}} for c, a, b in res["moves"]],
            "stranded": res["stranded"],
            "summary": {k: res[k] for k in ("toMove", "moved", "portChanges")},
            "seconds": round(res["seconds"], 3)}, indent=1))
    else:
        res = capacity(site, args.time_limit)
        for ap, e in res.items():
            print(f"{ap}: ports {e['ports']}, N+1 {e['nPlusOne']}")
            for t, (s, p) in e["headroom"].items():
                print(f"  {t}: {s} singles, {p} pairs")
            for dev in e["devices"]:
                print(f"  {dev['id']}: total {dev['total']}, held {dev['held']}, "
                      f"N+1 shortfall {dev['nPlusOneShortfall']}")


if __name__ == "__main__":
    main()
