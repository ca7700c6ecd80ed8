"""Checks `patchbay capacity --format json` and `patchbay drain` output against planning.py's
restatement of PLANNING.md and docs/CAPACITY.md. Each check returns a list of sentences, empty
when the output agrees; nothing here reads Patchbay's Swift code."""

import planning

# docs/CAPACITY.md: --hot-utilization 0.8, --hot-pairs 2.
DEFAULT_THRESHOLDS = (0.8, 2)


def _close(a, b):
    return isinstance(a, (int, float)) and not isinstance(a, bool) and abs(a - b) <= 0.00005 + 1e-9


def _util(held, total):
    return held / total if total else 0.0


def _counts(v, where, got, want, utilization=False):
    """total/held/free (and utilization) of `got` against `want` = (total, held, free)."""
    if not isinstance(got, dict):
        v.append(f"{where}: missing")
        return
    for k, n in zip(("total", "held", "free"), want):
        if got.get(k) != n:
            v.append(f"{where}.{k} is {got.get(k)}, the inventory gives {n}")
    if utilization and not _close(got.get("utilization"), _util(want[1], want[0])):
        v.append(f"{where}.utilization is {got.get('utilization')}, held/total is "
                 f"{want[1]}/{want[0]}")


def _type_counts(v, where, got, want):
    got_map = {}
    for e in got if isinstance(got, list) else []:
        if isinstance(e, dict):
            got_map[e.get("portType")] = e
    if set(got_map) != set(want):
        v.append(f"{where}: types {sorted(map(str, got_map))}, the cages accept {sorted(want)}")
    for t, counts in want.items():
        if t in got_map:
            _counts(v, f"{where}[{t}]", got_map[t], counts)


def suggested_status(declared, want, hot_u, hot_p):
    """docs/CAPACITY.md's rules, in their order, on one access point's figures of the model."""
    total, held = want["ports"][0], want["ports"][1]
    if declared == "disabled":
        return "disabled"
    if total == 0 or all(s == 0 for s, _ in want["headroom"].values()):
        return "full"
    if _util(held, total) >= hot_u or any(p < hot_p for _, p in want["headroom"].values()):
        return "hot"
    return "recommended"


def check_capacity(site, report, model, thresholds=None):
    """Violations of the capacity report `report` (parsed JSON) against `model`
    (planning.capacity(site)), for the thresholds (hot utilization, hot pairs) the command was
    given (None: the defaults). The figures are exact maxima, so any difference is a failure."""
    v = []
    aps = report.get("accessPoints") if isinstance(report, dict) else None
    if not isinstance(aps, list):
        return ["the report has no list `accessPoints`"]
    ids = [a.get("id") if isinstance(a, dict) else None for a in aps]
    if ids != site.ap_order:
        v.append(f"accessPoints are {ids}, the inventory's in order are {site.ap_order}")
    given = report.get("thresholds") if isinstance(report.get("thresholds"), dict) else {}
    hot_u, hot_p = thresholds or DEFAULT_THRESHOLDS
    if (given.get("hotUtilization"), given.get("hotPairs")) != (hot_u, hot_p):
        v.append(f"thresholds are {given!r}, the command was given hotUtilization {hot_u}, "
                 f"hotPairs {hot_p}")
    tally = {"full": 0, "hot": 0, "recommended": 0, "disabled": 0}
    changes = shortfall_sum = 0
    port_sum = [0, 0]
    for a in aps:
        if not isinstance(a, dict) or a.get("id") not in model:
            continue
        ap = a["id"]
        want = model[ap]
        w = f"{ap}"
        _counts(v, f"{w} ports", a.get("ports"), want["ports"], utilization=True)
        port_sum[0] += want["ports"][0]
        port_sum[1] += want["ports"][1]
        _type_counts(v, f"{w} portTypes", a.get("portTypes"), want["portTypes"])
        devs = a.get("devices") if isinstance(a.get("devices"), list) else []
        dev_ids = [d.get("id") if isinstance(d, dict) else None for d in devs]
        want_ids = [d["id"] for d in want["devices"]]
        if dev_ids != want_ids:
            v.append(f"{w} devices are {dev_ids}, the inventory's in order are {want_ids}")
        got_dev = {d.get("id"): d for d in devs if isinstance(d, dict)}
        for wd in want["devices"]:
            gd = got_dev.get(wd["id"])
            if gd is None:
                continue
            dw = f"{w} device {wd['id']}"
            _counts(v, dw, gd, (wd["total"], wd["held"], wd["free"]), utilization=True)
            _type_counts(v, f"{dw} portTypes", gd.get("portTypes"), wd["portTypes"])
            if gd.get("liveConnections") != wd["liveConnections"]:
                v.append(f"{dw}.liveConnections is {gd.get('liveConnections')}, the inventory "
                         f"has {wd['liveConnections']}")
            if gd.get("nPlusOneShortfall") != wd["nPlusOneShortfall"]:
                v.append(f"{dw}.nPlusOneShortfall is {gd.get('nPlusOneShortfall')}, CP-SAT "
                         f"re-homes {wd['liveConnections'] - wd['nPlusOneShortfall']} of its "
                         f"{wd['liveConnections']}: shortfall {wd['nPlusOneShortfall']}")
        head = {}
        for e in a.get("headroom") if isinstance(a.get("headroom"), list) else []:
            if isinstance(e, dict):
                head[e.get("portType")] = e
        if set(head) != set(want["headroom"]):
            v.append(f"{w} headroom lists {sorted(map(str, head))}, the access point offers "
                     f"{sorted(want['headroom'])}")
        for t, (singles, pairs) in want["headroom"].items():
            e = head.get(t)
            if e is None:
                continue
            if e.get("singles") != singles:
                v.append(f"{w} headroom {t}: singles {e.get('singles')}, free ports accepting "
                         f"it: {singles}")
            if e.get("pairs") != pairs:
                v.append(f"{w} headroom {t}: pairs {e.get('pairs')}, CP-SAT maximum {pairs}")
        n1 = a.get("nPlusOne") if isinstance(a.get("nPlusOne"), dict) else {}
        worst, short = want["nPlusOne"]
        if (n1.get("worstDevice"), n1.get("shortfall")) != (worst, short):
            v.append(f"{w} nPlusOne is {n1.get('worstDevice')} with shortfall "
                     f"{n1.get('shortfall')}; CP-SAT: the largest shortfall is {short}, first "
                     f"reached (inventory order) by {worst}")
        shortfall_sum += short
        declared = site.inv.access_points[ap].get("status") or "recommended"
        if a.get("declaredStatus") != declared:
            v.append(f"{w} declaredStatus is {a.get('declaredStatus')}, the inventory says "
                     f"{declared}")
        total, held = want["ports"][0], want["ports"][1]
        suggested = suggested_status(declared, want, hot_u, hot_p)
        if a.get("suggestedStatus") != suggested:
            v.append(f"{w} suggestedStatus is {a.get('suggestedStatus')}, docs/CAPACITY.md's "
                     f"rules give {suggested} (utilization {held}/{total}, headroom "
                     f"{want['headroom']})")
        tally[suggested] = tally.get(suggested, 0) + 1
        changes += suggested != declared
    s = report.get("summary") if isinstance(report.get("summary"), dict) else {}
    want_summary = dict(tally, accessPoints=len(site.ap_order), statusChanges=changes,
                        nPlusOneShortfall=shortfall_sum)
    for k, n in want_summary.items():
        if s.get(k) != n:
            v.append(f"summary.{k} is {s.get(k)}, the access points give {n}")
    _counts(v, "summary.ports", s.get("ports"),
            (port_sum[0], port_sum[1], port_sum[0] - port_sum[1]), utilization=True)
    return v


STRANDED_CODES = ["no_other_device", "no_free_port", "no_diverse_device", "capacity_contention"]


def check_stranded_codes(site, drained, stranded, time_limit=10.0, after=None):
    """Untrue stranded codes (docs/DRAIN.md's table), as sentences. Free ports are counted before
    the drain. `no_other_device` exactly when the access point has no device besides the drained
    ones; `no_free_port` only when no free port of the other devices accepts the type and no plan
    at all moves the connection; `no_diverse_device` only for a connection with a partner there
    whose free accepting ports (if any) are all on its partners' devices, before or after the
    moves (`after`: connection -> device); `capacity_contention` only when some plan moves it
    (CP-SAT: planning.can_move, once per type and partners)."""
    v = []
    for i, s in enumerate(stranded):
        cid = s.get("connection") if isinstance(s, dict) else None
        if cid not in site.live:
            continue
        c = site.live[cid]
        code, w = s.get("code"), f"stranded[{i}] ({cid}): {s.get('code')}"
        ap = c["accessPoint"]
        others = [d for d in site.ap_devices[ap] if d not in drained]
        free = [(d, p) for d, p, t in site.ap_ports(ap)
                if d in others and site.free((d, p)) and c["portType"] in t]
        partner_devices = {site.live[o]["device"] for o in site.partners[cid]}
        partner_devices |= {(after or {}).get(o) for o in site.partners[cid]}
        if code not in STRANDED_CODES:
            v.append(f"{w}: not a code of docs/DRAIN.md ({', '.join(STRANDED_CODES)})")
            continue
        if (code == "no_other_device") != (not others):
            v.append(f"{w}, but the access point has {len(others)} device(s) besides the drained "
                     "ones" if others else f"{w}: the access point has no other device, which is "
                     "no_other_device")
            continue
        if code == "no_diverse_device":
            if not site.partners[cid]:
                v.append(f"{w}, but it has no redundant partner at {ap}")
            elif any(d not in partner_devices for d, _ in free):
                d, p = next(k for k in free if k[0] not in partner_devices)
                v.append(f"{w}, but port {d} {p} is free, accepts {c['portType']} and holds no "
                         "partner of it")
        if code in ("no_free_port", "capacity_contention"):
            if code == "no_free_port" and free:
                v.append(f"{w}, but {len(free)} free port(s) of the other devices accept "
                         f"{c['portType']} (first {free[0][0]} {free[0][1]})")
                continue
            movable = planning.can_move(site, drained, cid, time_limit)
            if code == "no_free_port" and movable:
                v.append(f"{w}, but a plan exists that moves it (CP-SAT)")
            if code == "capacity_contention" and not movable:
                v.append(f"{w}, but no plan can move it (CP-SAT): another code")
    return v


def check_drain(site, drained, out, opt, time_limit=10.0):
    """Violations of the drain plan `out` (parsed JSON) for devices `drained`: its feasibility
    (moves applied to the inventory keep every guarantee), its lists, summary and stranded codes,
    and its optimum against `opt` (planning.drain). Returns (violations, optimum sentences)."""
    v, o = [], []
    drained_order = list(drained)
    drained = set(drained)
    moves = out.get("moves") if isinstance(out, dict) else None
    stranded = out.get("stranded") if isinstance(out, dict) else None
    if not isinstance(moves, list) or not isinstance(stranded, list):
        return ["the drain output has no lists `moves` and `stranded`"], o
    aps = {site.device_ap[d] for d in drained if d in site.device_ap}
    to_move = [c for d in sorted(drained) for c in site.live_on.get(d, [])]
    where = {cid: (c["device"], c["port"]) for cid, c in site.live.items()}
    moved_ids = []
    for i, m in enumerate(moves):
        w = f"moves[{i}]"
        if not isinstance(m, dict):
            v.append(f"{w} is not an object")
            continue
        cid = m.get("connection")
        frm = m.get("from") if isinstance(m.get("from"), dict) else {}
        to = m.get("to") if isinstance(m.get("to"), dict) else {}
        if cid not in site.live:
            v.append(f"{w}: {cid!r} is not a live connection of the inventory")
            continue
        c = site.live[cid]
        w = f"{w} ({cid})"
        if cid in moved_ids:
            v.append(f"{w}: the connection is moved twice")
            continue
        moved_ids.append(cid)
        if (frm.get("device"), frm.get("port")) != (c["device"], c["port"]):
            v.append(f"{w}: from {frm.get('device')} {frm.get('port')}, but it is on "
                     f"{c['device']} {c['port']}")
        if c["accessPoint"] not in aps:
            v.append(f"{w}: at {c['accessPoint']}, which holds no drained device")
        key = (to.get("device"), to.get("port"))
        if key not in site.ports:
            v.append(f"{w}: to {key[0]} {key[1]}, no such port")
            continue
        if site.device_ap[key[0]] != c["accessPoint"]:
            v.append(f"{w}: to {key[0]}, at {site.device_ap[key[0]]}, not at its access point "
                     f"{c['accessPoint']}")
        if key[0] in drained:
            v.append(f"{w}: to {key[0]}, a drained device")
        if c["portType"] not in site.ports[key]:
            v.append(f"{w}: to {key[0]} {key[1]}, which accepts {sorted(site.ports[key])}, "
                     f"not its {c['portType']}")
        if key == (c["device"], c["port"]):
            v.append(f"{w}: to the port it is on (no move)")
        where[cid] = key
    # The state after the moves: no port twice, partners apart, drained devices emptied.
    holders = {}
    for cid, key in where.items():
        holders.setdefault(key, []).append(cid)
    for key, cids in holders.items():
        if len(cids) > 1 and any(c in moved_ids for c in cids):
            v.append(f"port {key[0]} {key[1]} is held by {len(cids)} connections after the "
                     f"moves: {', '.join(sorted(cids))}")
    for cid in moved_ids:
        for other in site.partners[cid]:
            if where[cid][0] == where[other][0] and (other not in moved_ids or cid < other):
                v.append(f"{cid} and its redundant partner {other} are both on {where[cid][0]} "
                         "after the moves")
    stranded_ids = []
    for i, s in enumerate(stranded):
        cid = s.get("connection") if isinstance(s, dict) else None
        if cid not in to_move:
            v.append(f"stranded[{i}]: {cid!r} is not a live connection of a drained device")
        elif cid in moved_ids:
            v.append(f"stranded[{i}]: {cid} is moved too")
        elif cid in stranded_ids:
            v.append(f"stranded[{i}]: {cid} is listed twice")
        if isinstance(s, dict):
            for k in ("code", "message"):
                if not isinstance(s.get(k), str) or not s.get(k).strip():
                    v.append(f"stranded[{i}] ({cid}): no {k}")
        stranded_ids.append(cid)
    for cid in to_move:
        if cid not in moved_ids and cid not in stranded_ids:
            v.append(f"{cid} is on drained device {site.live[cid]['device']} and neither moved "
                     "nor stranded")
    v += check_stranded_codes(site, drained, stranded, time_limit,
                              {cid: key[0] for cid, key in where.items()})
    if "devices" in out and out["devices"] != list(dict.fromkeys(drained_order)):
        v.append(f"devices is {out['devices']!r}, the command named {drained_order}")
    moved_n = sum(1 for c in moved_ids if c in to_move)
    s = out.get("summary") if isinstance(out.get("summary"), dict) else {}
    for k, n in (("toMove", len(to_move)), ("moved", moved_n), ("stranded", len(stranded)),
                 ("portChanges", len(moves))):
        if s.get(k) != n:
            v.append(f"summary.{k} is {s.get(k)}, the lists give {n}")
    # Patchbay's plan may say whether it is proven optimal (not in PLANNING.md's shape): a claim
    # on a plan that is not is a false proof, worth saying.
    claim = " (the plan claims optimal: true)" if out.get("optimal") is True else ""
    if moved_n != opt["moved"]:
        kind = "fewer" if moved_n < opt["moved"] else "MORE (an infeasible plan, or a model bug)"
        o.append(f"moves {moved_n} of {len(to_move)}: {kind} than CP-SAT's maximum "
                 f"{opt['moved']}{claim}")
    elif len(moves) != opt["portChanges"]:
        kind = "more" if len(moves) > opt["portChanges"] else \
            "FEWER (an infeasible plan, or a model bug)"
        o.append(f"{len(moves)} port changes for {moved_n} moved: {kind} than CP-SAT's "
                 f"minimum {opt['portChanges']}{claim}")
    return v, o


def plan_json(opt):
    """planning.drain's plan in patchbay drain's JSON shape (for the harness's self-check and
    the stand-in of selftest.py)."""
    return {"moves": [{"connection": c, "from": {"device": a[0], "port": a[1]},
                       "to": {"device": b[0], "port": b[1]}} for c, a, b in opt["moves"]],
            "stranded": [{"connection": c, "code": code, "message": "as planning.py sees it"}
                         for c, code in opt.get("codes", {}).items()],
            "summary": {"toMove": opt["toMove"], "moved": opt["moved"],
                        "stranded": len(opt["stranded"]), "portChanges": opt["portChanges"]}}


__all__ = ["check_capacity", "check_drain", "plan_json", "planning"]
