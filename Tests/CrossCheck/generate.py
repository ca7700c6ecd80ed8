#!/usr/bin/env python3
"""Random SMALL allocation instances that stress what makes allocation hard.

    generate.py --seed S --output DIR     writes DIR/inventory.json and DIR/requests.json
    generate.py --seed S --output DIR --capacity   a larger inventory for capacity and drain

Deterministic per seed (Python's random.Random, no hash-order dependence). The files follow
docs/FORMATS.md. Every instance has `policy.maxPendingPerAccount: null` and every ordinary
account on the 40G/100G whitelist, so the pending limit never interferes; a few requests (about
1 in 25) are made invalid on purpose, one rule each, to exercise validation and the group cascade.

What an instance contains: 1-3 regions, 1-3 access points each (now and then one `full` or
`disabled`), 2-3 devices per access point with few ports, in single-type and multi-type cages;
existing connections in every status (live ones hold their ports; dead ones, sometimes on the
same port as a live one, do not); a batch sized around the free capacity (often above it) of
singletons, pairs (possibly of different port types), chains, stars, mutual pairs, pairs across
two access points of a region, and requests naming existing connections; priorities 0..2.
"""

import argparse
import json
import os
import random

PORT_TYPES = [
    "100Base-T", "1000Base-T", "1000Base-LX", "10GBase-T", "10GBase-LR", "40GBase-LR",
    "100GBase-LR",
]
SPEC_OF = {
    "100Base-T": "1G", "1000Base-T": "1G", "1000Base-LX": "1G", "10GBase-T": "10G",
    "10GBase-LR": "10G", "40GBase-LR": "40G", "100GBase-LR": "100G",
}
LINE_OPERATORS = ["CT", "CU", "CM", "CO", "Equinix", "Other"]
# Cages as real line cards have them: multi-type ones next to single-type ones.
CAGES = [
    ["10GBase-LR", "1000Base-LX"],
    ["10GBase-LR", "1000Base-LX"],
    ["10GBase-LR"],
    ["1000Base-LX"],
    ["1000Base-T", "100Base-T"],
    ["10GBase-T", "1000Base-T"],
    ["1000Base-T"],
    ["100GBase-LR", "40GBase-LR"],
    ["40GBase-LR"],
    ["100GBase-LR"],
]
LIVE = ["Enabled", "Enabled", "Enabled", "Allocated", "Confirmed"]
# Statuses that still hold a port but cannot back up a new connection.
LIVE_NOT_READY = ["Terminating", "Allocating", "Initial", "Approved"]
DEAD = ["Terminated", "Terminated", "Canceled", "Rejected", "AllocationFailed", "Allocation Failed"]
ACCOUNTS = [str(1001 + i) for i in range(12)]
NOT_WHITELISTED = "9001"

REGION_NAMES = ["cn-hangzhou", "cn-qingdao", "cn-beijing"]


def generate(seed):
    rng = random.Random(seed)
    inv = {"regions": [], "accessPoints": [], "devices": [], "connections": [],
           "highSpeedWhitelist": list(ACCOUNTS), "policy": {"maxPendingPerAccount": None}}
    meta = {"seed": seed, "units": {}, "mutations": {}}

    # ---- inventory -------------------------------------------------------------------------
    aps = []  # dicts with generator-side facts
    for ri in range(rng.randint(1, 3)):
        region = REGION_NAMES[ri]
        inv["regions"].append({"id": region, "name": f"Region {ri + 1}"})
        n_aps = rng.randint(1, 3)
        for ai in range(n_aps):
            ap_id = f"ap-{region}-{chr(ord('a') + ai)}"
            status = "recommended" if rng.random() < 0.6 else "hot"
            if n_aps > 1 and rng.random() < 0.12:
                status = rng.choice(["full", "disabled"])
            operators = sorted(rng.sample(LINE_OPERATORS, rng.randint(2, 6)),
                               key=LINE_OPERATORS.index)
            n_cage_kinds = rng.randint(1, 4)
            cages = [rng.choice(CAGES) for _ in range(n_cage_kinds)]
            offered = {t for c in cages for t in c}
            if rng.random() < 0.3:  # a type offered but on no port: no_free_port
                offered.add(rng.choice(PORT_TYPES))
            ap = {"id": ap_id, "region": region, "status": status, "operators": operators,
                  "offered": [t for t in PORT_TYPES if t in offered], "devices": [],
                  "ports": []}
            aps.append(ap)
            inv["accessPoints"].append({
                "id": ap_id, "region": region, "name": f"AP {region} {ai + 1}",
                "status": status, "lineOperators": operators, "portTypes": ap["offered"]})
            for di in range(rng.randint(2, 3)):
                dev_id = f"{ap_id[3:]}-asw-{di + 1:02d}"
                ap["devices"].append(dev_id)
                entries = []
                # Each device gets some of the access point's cages, in slots 1/1, 1/2, ...
                slots = rng.sample(cages, k=min(len(cages), rng.randint(1, 3)))
                for si, cage in enumerate(slots):
                    n = rng.choice([1, 1, 2, 2, 3, 4])
                    first = rng.choice([1, 1, 1, 5])
                    if n == 1 and rng.random() < 0.5:
                        entries.append({"name": f"1/{si + 1}/{first}", "portTypes": cage})
                    else:
                        entries.append({"names": f"1/{si + 1}/{first}-{first + n - 1}",
                                        "portTypes": cage})
                    for k in range(first, first + n):
                        ap["ports"].append((dev_id, f"1/{si + 1}/{k}", cage))
                inv["devices"].append({"id": dev_id, "accessPoint": ap_id, "ports": entries})

    # Existing connections: live ones on distinct ports, dead ones anywhere (and without a port).
    conn_n = 0

    def new_conn(ap, status, port=None, port_type=None):
        nonlocal conn_n
        conn_n += 1
        c = {"id": f"pc-{conn_n:04d}", "account": rng.choice(ACCOUNTS), "accessPoint": ap["id"]}
        if port is not None:
            c.update(device=port[0], port=port[1], portType=port_type)
        else:
            c.update(portType=port_type or rng.choice(ap["offered"]))
            if rng.random() < 0.5:
                c.update(device=None, port=None)
        c.update(status=status, redundantConnection=None)
        inv["connections"].append(c)
        return c

    for ap in aps:
        ap["live"] = []
        ap["not_ready"] = []
        ports = list(ap["ports"])
        rng.shuffle(ports)
        n_live = int(len(ports) * rng.uniform(0.0, 0.55))
        for port in ports[:n_live]:
            if rng.random() < 0.8:
                c = new_conn(ap, rng.choice(LIVE), port, rng.choice(port[2]))
                ap["live"].append(c)
            else:
                c = new_conn(ap, rng.choice(LIVE_NOT_READY), port, rng.choice(port[2]))
                ap["not_ready"].append(c)
        for _ in range(rng.randint(0, 3)):
            port = rng.choice(ap["ports"])
            status = rng.choice(DEAD)
            if rng.random() < 0.6:
                ap["not_ready"].append(new_conn(ap, status, port, rng.choice(port[2])))
            else:
                ap["not_ready"].append(new_conn(ap, status))
        if rng.random() < 0.2:  # Initial or Approved with no port yet
            ap["not_ready"].append(new_conn(ap, rng.choice(["Initial", "Approved"])))
        # Now and then an existing pair (inventory connections naming each other).
        if len(ap["live"]) >= 2 and rng.random() < 0.3:
            ap["live"][1]["redundantConnection"] = ap["live"][0]["id"]
        occupied = {(c["device"], c["port"]) for c in ap["live"]} | {
            (c.get("device"), c.get("port")) for c in ap["not_ready"]
            if c["status"] not in ("Terminated", "Canceled", "Rejected", "AllocationFailed",
                                   "Allocation Failed")}
        ap["free"] = [p for p in ap["ports"] if (p[0], p[1]) not in occupied]

    # ---- requests --------------------------------------------------------------------------
    by_region = {}
    for ap in aps:
        by_region.setdefault(ap["region"], []).append(ap)
    reqs = []  # request dicts, ids assigned at the end; "redundantConnection" may hold a dict

    def pick_type(ap):
        # Demand follows supply (free ports accepting the type), with a floor, so that types
        # offered on no free port are asked for too (no_free_port).
        weights = [0.3 + sum(1 for p in ap["free"] if t in p[2]) for t in ap["offered"]]
        return rng.choices(ap["offered"], weights=weights)[0]

    def new_req(ap, port_type=None, priority=None):
        t = port_type or pick_type(ap)
        r = {"account": rng.choice(ACCOUNTS), "region": ap["region"], "accessPoint": ap["id"],
             "lineOperator": rng.choice(ap["operators"]), "portSpec": SPEC_OF[t], "portType": t}
        r["priority"] = rng.randint(0, 2) if priority is None else priority
        reqs.append(r)
        return r

    def partner_type(ap, t):
        return t if rng.random() < 0.6 else pick_type(ap)

    def partner_priority(p):
        return p if rng.random() < 0.5 else rng.randint(0, 2)

    def count(kind):
        meta["units"][kind] = meta["units"].get(kind, 0) + 1

    # How much demand against free capacity: some batches fit, most do not quite, some far from.
    pressure = rng.choice([(0.3, 0.8), (0.8, 1.2), (0.8, 1.2), (1.2, 1.8)])
    meta["pressure"] = pressure
    for region, region_aps in by_region.items():
        for ap in region_aps:
            if ap["status"] in ("full", "disabled"):
                budget = rng.randint(0, 2)
            else:
                budget = max(1, round(len(ap["free"]) * rng.uniform(*pressure)))
            others = [a for a in region_aps if a is not ap and a["status"] not in ("full", "disabled")]
            while budget > 0:
                kinds = ["single", "pair", "chain", "star", "mutual", "existing"]
                weights = [30, 20, 8, 4, 2, 12]
                if others:
                    kinds += ["cross_pair", "cross_chain", "existing_other_ap"]
                    weights += [10, 4, 4]
                kind = rng.choices(kinds, weights=weights)[0]
                if kind in ("existing",) and not ap["live"]:
                    kind = "single"
                other = rng.choice(others) if others else None
                if kind == "existing_other_ap" and not other["live"]:
                    kind = "cross_pair"
                count(kind)
                if kind == "single":
                    new_req(ap)
                    budget -= 1
                elif kind == "pair":
                    a = new_req(ap)
                    b = new_req(ap, partner_type(ap, a["portType"]), partner_priority(a["priority"]))
                    b["redundantConnection"] = a
                    budget -= 2
                elif kind == "chain":  # A names B, B names C: A != B, B != C, A = C allowed
                    c = new_req(ap)
                    b = new_req(ap, partner_type(ap, c["portType"]), partner_priority(c["priority"]))
                    a = new_req(ap, partner_type(ap, b["portType"]), partner_priority(b["priority"]))
                    b["redundantConnection"] = c
                    a["redundantConnection"] = b
                    budget -= 3
                elif kind == "star":  # A and B both name C
                    c = new_req(ap)
                    for _ in range(2):
                        x = new_req(ap, partner_type(ap, c["portType"]), partner_priority(c["priority"]))
                        x["redundantConnection"] = c
                    budget -= 3
                elif kind == "mutual":  # A names B and B names A
                    a = new_req(ap)
                    b = new_req(ap, partner_type(ap, a["portType"]), partner_priority(a["priority"]))
                    a["redundantConnection"] = b
                    b["redundantConnection"] = a
                    budget -= 2
                elif kind == "existing":  # names a live, ready connection at this access point
                    r = new_req(ap)
                    r["redundantConnection"] = rng.choice(ap["live"])["id"]
                    budget -= 1
                elif kind == "existing_other_ap":
                    r = new_req(ap)
                    r["redundantConnection"] = rng.choice(other["live"])["id"]
                    budget -= 1
                elif kind == "cross_pair":  # all or nothing across two access points
                    a = new_req(ap)
                    b = new_req(other, pick_type(other), partner_priority(a["priority"]))
                    b["redundantConnection"] = a
                    budget -= 1
                elif kind == "cross_chain":  # A(here) names B(here), B names C(other AP)
                    c = new_req(other, pick_type(other))
                    b = new_req(ap, priority=partner_priority(c["priority"]))
                    a = new_req(ap, partner_type(ap, b["portType"]), partner_priority(b["priority"]))
                    b["redundantConnection"] = c
                    a["redundantConnection"] = b
                    budget -= 2

    # ---- a few invalid requests, one broken rule each ----------------------------------------
    all_conns_by_region = {}
    for ap in aps:
        all_conns_by_region.setdefault(ap["region"], []).extend(ap["live"] + ap["not_ready"])
    for r in reqs:
        if rng.random() >= 1 / 25:
            continue
        ap = next(a for a in aps if a["id"] == r["accessPoint"])
        other_regions = [x for x in by_region if x != r["region"]]
        options = ["unknown_region", "unknown_access_point", "unknown_line_operator",
                   "unknown_port_type", "unknown_port_spec", "port_spec_mismatch",
                   "whitelist_required", "unknown_redundant_connection", "redundant_connection_self"]
        if other_regions:
            options += ["access_point_region_mismatch", "redundant_connection_region_mismatch"]
        if len(ap["operators"]) < len(LINE_OPERATORS):
            options.append("line_operator_not_served")
        if len(ap["offered"]) < len(PORT_TYPES):
            options.append("port_type_not_offered")
        if any(c["status"] not in ("Allocated", "Confirmed", "Enabled")
               for c in all_conns_by_region[r["region"]]):
            options.append("redundant_connection_not_ready")
        m = rng.choice(options)
        meta["mutations"][m] = meta["mutations"].get(m, 0) + 1
        if m == "unknown_region":
            r["region"] = "cn-nowhere"
        elif m == "unknown_access_point":
            r["accessPoint"] = r["accessPoint"] + "-x"
        elif m == "access_point_region_mismatch":
            r["region"] = rng.choice(other_regions)
        elif m == "unknown_line_operator":
            r["lineOperator"] = "China Telecom"
        elif m == "line_operator_not_served":
            r["lineOperator"] = rng.choice([o for o in LINE_OPERATORS if o not in ap["operators"]])
        elif m == "unknown_port_type":
            r["portType"] = r["portType"].lower()
        elif m == "unknown_port_spec":
            r["portSpec"] = "25G"
        elif m == "port_spec_mismatch":
            r["portSpec"] = rng.choice([s for s in ("1G", "10G", "40G", "100G") if s != r["portSpec"]])
        elif m == "port_type_not_offered":
            t = rng.choice([t for t in PORT_TYPES if t not in ap["offered"]])
            r["portType"], r["portSpec"] = t, SPEC_OF[t]
        elif m == "whitelist_required":
            r["account"] = NOT_WHITELISTED
            fast = [t for t in ap["offered"] if SPEC_OF[t] in ("40G", "100G")]
            if fast:
                r["portType"] = rng.choice(fast)
                r["portSpec"] = SPEC_OF[r["portType"]]
            # else: a valid request of a non-whitelisted account at 1G/10G
        elif m == "unknown_redundant_connection":
            r["redundantConnection"] = "pc-9999"
        elif m == "redundant_connection_self":
            r["redundantConnection"] = r
        elif m == "redundant_connection_region_mismatch":
            other_region = rng.choice(other_regions)
            candidates = all_conns_by_region.get(other_region, []) + [
                x for x in reqs if x["region"] == other_region]
            if candidates:
                r["redundantConnection"] = rng.choice(candidates)
        elif m == "redundant_connection_not_ready":
            r["redundantConnection"] = rng.choice([
                c for c in all_conns_by_region[r["region"]]
                if c["status"] not in ("Allocated", "Confirmed", "Enabled")])

    # ---- batch order, ids, priorities written or not ------------------------------------------
    rng.shuffle(reqs)
    for i, r in enumerate(reqs):
        r["id"] = f"req-{i + 1:03d}"
    out = []
    for r in reqs:
        o = {"id": r["id"]}
        for k in ("account", "region", "accessPoint", "lineOperator", "portSpec", "portType"):
            o[k] = r[k]
        partner = r.get("redundantConnection")
        if partner is not None:
            o["redundantConnection"] = partner["id"] if isinstance(partner, dict) else partner
        elif rng.random() < 0.2:
            o["redundantConnection"] = None
        if r["priority"] != 0 or rng.random() < 0.5:
            o["priority"] = r["priority"]
        out.append(o)
    return inv, {"requests": out}, meta



def generate_capacity(seed):
    """A LARGER data centre for the capacity and drain checks: an inventory only, no batch.

    1-2 regions with 1-3 access points each; 3-8 devices per access point (now and then 0-2, and
    now and then a device without ports),
    20-200 ports per access point spread unevenly over its devices (some much larger than the
    others, so that the pair count is capped by one device), in single-type and multi-type cages;
    sometimes a type a cage accepts is not offered, or a type is offered on no port. Live
    connections fill each device to its own utilization (some devices nearly or completely full),
    mostly ready (`Enabled`, `Allocated`, `Confirmed`), some `Terminating`, `Allocating`,
    `Initial` or `Approved` on a port; dead ones on held and free ports and on none. Redundant
    pairs, mostly of ready connections, always on two different devices: A names B, mutual pairs,
    stars (two connections name one), and now and then a partner at another access point.
    A third of the access points have on every device a multi-type cage [A, B] beside an [A]
    and a [B] cage, the multi-type and [A] ports held first, mostly by B connections: a drain of
    an A connection there must first move a B one to a free [B] port to make room.
    Deterministic per seed, and independent of generate(seed).
    """
    rng = random.Random(f"capacity-{seed}")
    inv = {"regions": [], "accessPoints": [], "devices": [], "connections": [],
           "highSpeedWhitelist": list(ACCOUNTS), "policy": {"maxPendingPerAccount": None}}
    meta = {"seed": seed, "accessPoints": 0, "devices": 0, "ports": 0, "live": 0, "pairs": 0}
    conn_n = 0

    def new_conn(ap_id, status, device=None, port=None, port_type=None):
        nonlocal conn_n
        conn_n += 1
        c = {"id": f"pc-{conn_n:05d}", "account": rng.choice(ACCOUNTS), "accessPoint": ap_id,
             "device": device, "port": port, "portType": port_type, "status": status,
             "redundantConnection": None}
        inv["connections"].append(c)
        return c

    ready_by_ap, not_ready_by_ap = {}, {}
    for ri in range(rng.randint(1, 2)):
        region = REGION_NAMES[ri]
        inv["regions"].append({"id": region, "name": f"Region {ri + 1}"})
        n_aps = rng.randint(1, 3)
        for ai in range(n_aps):
            ap_id = f"ap-{region}-{chr(ord('a') + ai)}"
            status = "recommended" if rng.random() < 0.6 else "hot"
            if rng.random() < 0.1:
                status = rng.choice(["full", "disabled"])
            cages = [rng.choice(CAGES) for _ in range(rng.randint(1, 4))]
            in_cages = [t for t in PORT_TYPES if any(t in c for c in cages)]
            offered = set(in_cages)
            if len(offered) > 1 and rng.random() < 0.2:  # a cage type the AP does not offer
                offered.discard(rng.choice(sorted(offered)))
            if rng.random() < 0.2:  # a type offered on no port
                offered.add(rng.choice(PORT_TYPES))
            offered = [t for t in PORT_TYPES if t in offered]
            inv["accessPoints"].append({
                "id": ap_id, "region": region, "name": f"AP {region} {ai + 1}", "status": status,
                "lineOperators": sorted(rng.sample(LINE_OPERATORS, 2), key=LINE_OPERATORS.index),
                "portTypes": offered})
            meta["accessPoints"] += 1
            n_dev = rng.randint(3, 8) if rng.random() < 0.9 else rng.randint(0, 2)
            total = rng.randint(20, 200)
            weights = [rng.choice([0.2, 1, 1, 1, 3]) * rng.uniform(0.5, 1.5) for _ in range(n_dev)]
            sizes = [max(1, round(total * w / sum(weights))) for w in weights]
            base = rng.choice([(0.0, 0.3), (0.3, 0.7), (0.6, 0.95), (0.85, 1.0)])
            # Now and then the multi-type ports are held first, by their cage's second type: a
            # drain then has to move such a connection to a single-type port to make room.
            multis = [c for c in cages if len(c) > 1]
            squat = bool(multis) and rng.random() < 0.35
            trio = []
            if squat:  # every device: a multi-type cage and a single-type cage of each of its types
                m = rng.choice(multis)
                trio = [m, [m[0]], [m[-1]]]
            squatters = {m[-1]} if squat else set()
            ready, not_ready = [], []
            for di, size in enumerate(sizes):
                if rng.random() < 0.04:  # a device with no port yet
                    size = 0
                dev_id = f"{ap_id[3:]}-asw-{di + 1:02d}"
                meta["devices"] += 1
                n_slots = min(size, 3 if squat else rng.randint(1, 3))
                cuts = sorted(rng.sample(range(1, size), n_slots - 1)) if n_slots > 1 else []
                bounds = [0] + cuts + [size]
                entries, ports = [], []
                slot_cages = rng.sample(trio, 3) if squat else None
                for si in range(n_slots):
                    cage = slot_cages[si] if squat else rng.choice(cages)
                    n = bounds[si + 1] - bounds[si]
                    first = rng.choice([1, 1, 5])
                    if n == 1:
                        entries.append({"name": f"1/{si + 1}/{first}", "portTypes": cage})
                    else:
                        entries.append({"names": f"1/{si + 1}/{first}-{first + n - 1}",
                                        "portTypes": cage})
                    ports += [(f"1/{si + 1}/{k}", cage) for k in range(first, first + n)]
                inv["devices"].append({"id": dev_id, "accessPoint": ap_id, "ports": entries})
                meta["ports"] += len(ports)
                util = rng.uniform(*base)
                if rng.random() < 0.15:
                    util = rng.choice([0.0, 1.0, rng.uniform(0.9, 1.0)])
                n_held = round(len(ports) * util)
                if squat:  # multi-type ports first, then single-type ones of the other types
                    multi = [p for p in ports if len(p[1]) > 1]
                    rest = [p for p in ports if len(p[1]) == 1 and p[1][0] not in squatters]
                    last = [p for p in ports if len(p[1]) == 1 and p[1][0] in squatters]
                    for x in (multi, rest, last):
                        rng.shuffle(x)
                    if rng.random() < 0.7:  # every port the other types accept held
                        n_held = len(multi) + len(rest) + rng.randint(0, len(last))
                    held = (multi + rest + last)[:n_held]
                else:
                    held = rng.sample(ports, n_held)
                for name, cage in held:
                    t = cage[-1] if squat and rng.random() < 0.85 else rng.choice(cage)
                    if rng.random() < 0.85:
                        ready.append(new_conn(ap_id, rng.choice(LIVE), dev_id, name, t))
                    else:
                        not_ready.append(new_conn(ap_id, rng.choice(LIVE_NOT_READY), dev_id, name,
                                                  t))
                    meta["live"] += 1
                for _ in range(rng.randint(0, 2) if ports else 0):  # dead ones, on any port
                    name, cage = rng.choice(ports)
                    new_conn(ap_id, rng.choice(DEAD), dev_id, name, rng.choice(cage))
            for _ in range(rng.randint(0, 2)):  # dead or not yet placed, on no port
                new_conn(ap_id, rng.choice(DEAD + ["Initial", "Approved"]),
                         port_type=rng.choice(offered))
            ready_by_ap[ap_id] = ready
            not_ready_by_ap[ap_id] = not_ready

    # Redundant pairs, each on two different devices: among ready connections, and now and then
    # with a live one that is not ready (a Terminating connection that was one half of a pair).
    for ap_id, ready in ready_by_ap.items():
        if len({c["device"] for c in ready}) < 2:
            continue
        unpaired = list(ready) + [c for c in not_ready_by_ap[ap_id] if rng.random() < 0.3]
        rng.shuffle(unpaired)
        for _ in range(int(len(ready) * rng.uniform(0.0, 0.35))):
            if len(unpaired) < 2:
                break
            a = unpaired.pop()
            others = [c for c in unpaired if c["device"] != a["device"]]
            if not others:
                break
            b = rng.choice(others)
            unpaired.remove(b)
            b["redundantConnection"] = a["id"]
            if rng.random() < 0.2:
                a["redundantConnection"] = b["id"]  # a mutual pair
            meta["pairs"] += 1
            if rng.random() < 0.1:  # a star: a third connection names a too
                thirds = [c for c in unpaired if c["device"] not in (a["device"], b["device"])]
                if thirds:
                    c = rng.choice(thirds)
                    unpaired.remove(c)
                    c["redundantConnection"] = a["id"]
                    meta["pairs"] += 1
        if len(ready_by_ap) > 1 and unpaired and rng.random() < 0.3:  # a partner elsewhere
            other = rng.choice([x for x in ready_by_ap if x != ap_id])
            if ready_by_ap[other]:
                unpaired[0]["redundantConnection"] = rng.choice(ready_by_ap[other])["id"]
    return inv, meta

def write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def write_requests(path, doc):
    """One request a line, as the fixtures have them."""
    lines = [json.dumps(r) for r in doc["requests"]]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('{\n  "requests": [\n    ' + ",\n    ".join(lines) + "\n  ]\n}\n")
    os.replace(tmp, path)


def write_instance(seed, directory):
    inv, reqs, meta = generate(seed)
    os.makedirs(directory, exist_ok=True)
    write_json(os.path.join(directory, "inventory.json"), inv)
    write_requests(os.path.join(directory, "requests.json"), reqs)
    return meta


def write_capacity_instance(seed, directory):
    inv, meta = generate_capacity(seed)
    os.makedirs(directory, exist_ok=True)
    write_json(os.path.join(directory, "inventory.json"), inv)
    return meta


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--output", required=True, help="directory for inventory.json and requests.json")
    parser.add_argument("--capacity", action="store_true",
                        help="a larger data centre for the capacity and drain checks: "
                        "DIR/inventory.json only")
    args = parser.parse_args()
    if args.capacity:
        meta = write_capacity_instance(args.seed, args.output)
    else:
        meta = write_instance(args.seed, args.output)
    print(json.dumps(meta, sort_keys=True))


if __name__ == "__main__":
    main()
