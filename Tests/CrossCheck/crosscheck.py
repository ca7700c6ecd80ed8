#!/usr/bin/env python3
"""Cross-check `patchbay allocate`, `capacity` and `drain` against independent CP-SAT optima on
random data centres.

    crosscheck.py N [--seed S] [--large K] [--skip allocate|capacity|drain] [--patchbay PATH]
                  [--keep DIR] [--cpsat-only] [--time-limit T]

For each of N instances (seeds S, S+1, ...): generate.py writes an inventory and a batch;
`patchbay allocate` plans it; an independent Python checker checks the plan against FORMATS.md's
guarantees 1-3 and the one-list rule; CP-SAT (cpsat.py) finds the lexicographic optimum per
priority level, and the plan must place exactly as many requests at every level.

--cpsat-only (for before `allocate` exists): generator + CP-SAT + the Python validation compared
with `patchbay validate --format json` (same rejected requests, same codes); CP-SAT's own answer
is checked with the plan checker too.

Capacity and drain (README.md "Capacity and drain"): on each small instance's inventory and on K
larger data centres (generate.generate_capacity, default K = N/2), `patchbay capacity --format
json` must give planning.py's figures and `patchbay drain` of one or two devices a feasible plan
that moves CP-SAT's maximum with CP-SAT's minimum of port changes (planning_check.py).

The last line is `N passed, M failed`; the exit status is 1 when any instance failed, 2 when the
harness could not run (no OR-Tools and no way to install it, no patchbay binary, or a binary
without a command that is not skipped).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import bootstrap  # noqa: E402

bootstrap.ensure_ortools()

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import random  # noqa: E402

import contract  # noqa: E402
import cpsat  # noqa: E402
import generate  # noqa: E402
import planning  # noqa: E402
import planning_check  # noqa: E402


# ---- the plan checker ---------------------------------------------------------------------------

def check_plan(problem, plan, check_reasons=True):
    """Violations of FORMATS.md by `plan` (guarantees 1-3, the one-list rule, rejections, the
    truth of unplaced codes, summary counts). Returns a list of sentences; empty when fine."""
    v = []
    inv = problem.inv
    where = {}
    for section in ("assignments", "rejected", "unplaced"):
        entries = plan.get(section)
        if not isinstance(entries, list):
            v.append(f"plan has no list `{section}`")
            continue
        for e in entries:
            rid = e.get("request") if isinstance(e, dict) else None
            if rid not in problem.by_id:
                v.append(f"{section}: unknown request {rid!r}")
            elif rid in where:
                v.append(f"{rid} is in both {where[rid]} and {section}")
            else:
                where[rid] = section
    for r in problem.requests:
        if r["id"] not in where:
            v.append(f"{r['id']} is in none of assignments, rejected, unplaced")

    # Rejections: the same requests, with the same codes, as FORMATS.md's table gives.
    plan_codes = {e.get("request"): e.get("code") for e in plan.get("rejected") or []
                  if isinstance(e, dict)}
    for rid, code in problem.rejected.items():
        if where.get(rid) not in (None, "rejected"):
            v.append(f"{rid} must be rejected ({code}) but is in {where[rid]}")
        elif rid in plan_codes and plan_codes[rid] != code:
            v.append(f"{rid} rejected as {plan_codes[rid]}, FORMATS.md gives {code}")
    for rid in plan_codes:
        if rid in problem.by_id and rid not in problem.rejected:
            v.append(f"{rid} is valid but rejected as {plan_codes[rid]}")

    # Guarantee 1: a free port of a device at the request's access point, accepting its type,
    # no port twice.
    device_of = {}
    used = {}
    for a in plan.get("assignments") or []:
        if not isinstance(a, dict):
            continue
        rid = a.get("request")
        if rid not in problem.by_id or rid in problem.rejected:
            continue
        req = problem.by_id[rid]
        dev, port = a.get("device"), a.get("port")
        if a.get("accessPoint") != req["accessPoint"]:
            v.append(f"{rid}: accessPoint {a.get('accessPoint')} is not the request's "
                     f"{req['accessPoint']}")
        if a.get("portType") != req["portType"]:
            v.append(f"{rid}: portType {a.get('portType')} is not the request's {req['portType']}")
        if dev not in inv.devices:
            v.append(f"{rid}: unknown device {dev!r}")
        elif inv.devices[dev]["accessPoint"] != req["accessPoint"]:
            v.append(f"{rid}: device {dev} is at {inv.devices[dev]['accessPoint']}, "
                     f"not at {req['accessPoint']}")
        key = (dev, port)
        if dev in inv.devices and key not in inv.ports:
            v.append(f"{rid}: device {dev} has no port {port!r}")
        elif key in inv.ports:
            if key in inv.occupied:
                v.append(f"{rid}: port {dev} {port} is held by a live connection")
            if req["portType"] not in inv.ports[key]:
                v.append(f"{rid}: port {dev} {port} accepts {sorted(inv.ports[key])}, "
                         f"not {req['portType']}")
        if key in used:
            v.append(f"port {dev} {port} given twice: {used[key]} and {rid}")
        used[key] = rid
        device_of[rid] = dev
        # Fields the plan may echo (not in FORMATS.md's example): when present, they must agree.
        if "account" in a and a["account"] != req["account"]:
            v.append(f"{rid}: account {a['account']} is not the request's {req['account']}")
        if "priority" in a and a["priority"] != contract.request_priority(req):
            v.append(f"{rid}: priority {a['priority']} is not the request's "
                     f"{contract.request_priority(req)}")
        if "redundantConnection" in a and a["redundantConnection"] != req.get("redundantConnection"):
            v.append(f"{rid}: redundantConnection {a['redundantConnection']!r} is not the "
                     f"request's {req.get('redundantConnection')!r}")

    # Guarantee 2: redundancy at one access point means different devices.
    for rid, dev in device_of.items():
        if problem.forbidden_device.get(rid) == dev:
            v.append(f"{rid} is on {dev}, the device of its redundant connection "
                     f"{problem.by_id[rid]['redundantConnection']}")
    for a, b in problem.diverse_pairs:
        if a in device_of and b in device_of and device_of[a] == device_of[b]:
            v.append(f"{a} and {b} are redundant at one access point but both on {device_of[a]}")

    # Guarantee 3: groups all or nothing.
    for g in problem.groups:
        placed = [m for m in g if m in device_of]
        if placed and len(placed) != len(g):
            v.append(f"group {g} is placed only in part: {placed}")

    if check_reasons:
        for u in plan.get("unplaced") or []:
            if not isinstance(u, dict):
                continue
            rid, code = u.get("request"), u.get("code")
            if rid not in problem.by_id or rid in problem.rejected:
                continue
            req = problem.by_id[rid]
            accepting = [p for p in problem.free_ports(req["accessPoint"]) if req["portType"] in p[2]]
            eligible = problem.eligible_ports(rid)
            if code not in contract.UNPLACED_CODES:
                v.append(f"{rid}: unplaced with unknown code {code!r}")
            elif code == "no_free_port" and accepting:
                v.append(f"{rid}: no_free_port, but {len(accepting)} free port(s) at "
                         f"{req['accessPoint']} accept {req['portType']}")
            elif code == "no_diverse_device" and eligible:
                v.append(f"{rid}: no_diverse_device, but {len(eligible)} free port(s) accepting "
                         f"{req['portType']} are on allowed devices")
            elif code in ("partner_unplaced", "capacity_contention") and not eligible:
                v.append(f"{rid}: {code}, but no free port it may take exists before the batch "
                         f"(no_free_port or no_diverse_device)")

        # Per access point and summary counts.
        per_ap = {}
        for rid, dev in device_of.items():
            ap = problem.by_id[rid]["accessPoint"]
            per_ap[ap] = per_ap.get(ap, 0) + 1
        entries = {e.get("id"): e for e in plan.get("accessPoints") or [] if isinstance(e, dict)}
        for ap, n in per_ap.items():
            if ap not in entries:
                v.append(f"accessPoints has no entry for {ap}, where {n} request(s) are placed")
        for ap, e in entries.items():
            if e.get("placed") != per_ap.get(ap, 0):
                v.append(f"accessPoints[{ap}].placed is {e.get('placed')}, the assignments "
                         f"place {per_ap.get(ap, 0)} there")
            if not isinstance(e.get("optimal"), bool):
                v.append(f"accessPoints[{ap}].optimal is not a boolean")
        s = plan.get("summary") or {}
        want = {"requests": len(problem.requests), "placed": len(plan.get("assignments") or []),
                "rejected": len(plan.get("rejected") or []),
                "unplaced": len(plan.get("unplaced") or [])}
        for k, n in want.items():
            if s.get(k) != n:
                v.append(f"summary.{k} is {s.get(k)}, the plan's lists give {n}")
        if s.get("optimal") is True and any(e.get("optimal") is not True for e in entries.values()):
            v.append("summary.optimal is true, but some access point is not proven optimal")
    return v


def placed_per_level(problem, request_ids):
    out = {lvl: 0 for lvl in problem.levels()}
    for rid in request_ids:
        if rid in problem.by_id and rid not in problem.rejected:
            lvl = problem.priority(rid)
            out[lvl] = out.get(lvl, 0) + 1
    return out


def vector(levels_dict, levels):
    return tuple(levels_dict.get(lvl, 0) for lvl in levels)


def fmt_levels(d):
    return ", ".join(f"p{lvl}={d[lvl]}" for lvl in sorted(d, reverse=True)) or "(none)"


# ---- running patchbay ---------------------------------------------------------------------------

def ensure_patchbay(path, explicit):
    if os.path.exists(path):
        return path
    if explicit:
        bootstrap.fail(f"no patchbay binary at {path}")
    # The flags of `make release` (the Swift runtime linked statically), so the builds agree.
    print("crosscheck: building patchbay (swift build -c release --static-swift-stdlib "
          "--product patchbay)", file=sys.stderr)
    rc = subprocess.call(["swift", "build", "-c", "release", "--static-swift-stdlib",
                          "--product", "patchbay"], cwd=ROOT, stdout=sys.stderr)
    if rc != 0 or not os.path.exists(path):
        bootstrap.fail(f"the build failed (exit {rc}); build patchbay by hand")
    return path


def has_command(binary, name):
    """Whether `binary --help` lists the subcommand (a line indented two spaces that starts with
    its name; wrapped descriptions are indented further)."""
    out, _ = run([binary, "--help"])
    return any(line.startswith("  ") and not line.startswith("   ") and
               line.split()[:1] == [name] for line in out.stdout.splitlines())


def has_allocate(binary):
    return has_command(binary, "allocate")


def run(cmd):
    if cmd[0].endswith(".py"):  # a stand-in written in Python (selftest.py): same interpreter
        cmd = [sys.executable] + cmd
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc, time.perf_counter() - start


# ---- one instance -------------------------------------------------------------------------------

def check_instance(seed, args, workdir, stats):
    """Returns (failures, details) for one seed; updates stats."""
    d = os.path.join(workdir, f"seed-{seed}")
    meta = generate.write_instance(seed, d)
    inv_path, req_path = os.path.join(d, "inventory.json"), os.path.join(d, "requests.json")
    for k, n in meta["units"].items():
        stats["units"][k] = stats["units"].get(k, 0) + n
    failures = []
    inv = contract.Inventory(contract.load_json(inv_path))
    problem = contract.Problem(inv, contract.load_json(req_path)["requests"])
    for code in problem.rejected.values():
        stats["codes"][code] = stats["codes"].get(code, 0) + 1
    stats["requests"] += len(problem.requests)
    stats["valid"] += len(problem.valid)

    opt = cpsat.optimum(problem, args.time_limit, args.whole)
    stats["cpsat_seconds"] += opt["seconds"]
    if opt["seconds"] > stats["cpsat_max"][0]:
        stats["cpsat_max"] = (opt["seconds"], seed)
    stats["placed_opt"] += opt["placed"]
    if opt["placed"] < len(problem.valid):
        stats["scarce"] += 1
    if not opt["optimal"]:
        stats["unproven"].append(seed)
    levels = problem.levels()

    # CP-SAT's own answer must pass the plan checker: the model and the checker agree.
    witness = {"assignments": [
        {"request": r, "accessPoint": problem.by_id[r]["accessPoint"], "device": dv, "port": p,
         "portType": problem.by_id[r]["portType"]} for r, (dv, p) in opt["assignment"].items()],
        "rejected": [{"request": r, "code": c} for r, c in problem.rejected.items()],
        "unplaced": [{"request": r} for r in problem.valid if r not in opt["assignment"]]}
    for problem_text in check_plan(problem, witness, check_reasons=False):
        failures.append(f"harness: CP-SAT's own assignment fails the plan checker: {problem_text}")
    if vector(placed_per_level(problem, opt["assignment"]), levels) != vector(opt["levels"], levels):
        failures.append("harness: CP-SAT's assignment does not place what its objective says")

    outputs = {"cpsat.json": opt}
    if args.cpsat_only:
        proc, secs = run([args.patchbay, "validate", "--inventory", inv_path, "--requests",
                          req_path, "--format", "json"])
        stats["patchbay_seconds"] += secs
        if proc.returncode != 0:
            failures.append(f"patchbay validate exited {proc.returncode}: {proc.stderr.strip()[:500]}")
        else:
            outputs["validate.json"] = proc.stdout
            report = json.loads(proc.stdout)
            theirs = {e["request"]: e["code"] for e in report.get("rejected", [])}
            for rid in sorted(set(theirs) | set(problem.rejected)):
                mine, their = problem.rejected.get(rid), theirs.get(rid)
                if mine != their:
                    failures.append(f"validation: {rid}: patchbay says {their or 'valid'}, "
                                    f"FORMATS.md (contract.py) says {mine or 'valid'}")
            if report.get("summary", {}).get("valid") != len(problem.valid):
                failures.append(f"validation: summary.valid is {report.get('summary', {}).get('valid')}, "
                                f"contract.py finds {len(problem.valid)}")
    else:
        plan_path = os.path.join(d, "plan.json")
        proc, secs = run([args.patchbay, "allocate", "--inventory", inv_path, "--requests",
                          req_path, "--output", plan_path])
        stats["patchbay_seconds"] += secs
        if secs > stats["patchbay_max"][0]:
            stats["patchbay_max"] = (secs, seed)
        if proc.returncode != 0 or not os.path.exists(plan_path):
            failures.append(f"patchbay allocate exited {proc.returncode}: {proc.stderr.strip()[:500]}")
        else:
            try:
                with open(plan_path, encoding="utf-8") as f:
                    plan = json.load(f)
            except ValueError as e:
                plan = None
                failures.append(f"plan: plan.json is not JSON: {e}")
            if not isinstance(plan, dict):
                if plan is not None:
                    failures.append("plan: plan.json is not a JSON object")
                return failures, outputs, inv_path, req_path
            violations = check_plan(problem, plan)
            failures += [f"plan: {x}" for x in violations]
            placed = [a.get("request") for a in plan.get("assignments") or [] if isinstance(a, dict)]
            mine = placed_per_level(problem, placed)
            ap_entries = {e.get("id"): e for e in plan.get("accessPoints") or [] if isinstance(e, dict)}
            if any(e.get("optimal") is not True for e in ap_entries.values()):
                stats["plan_unproven"].append(seed)
            pv, ov = vector(mine, levels), vector(opt["levels"], levels)
            if pv != ov:
                if pv < ov:
                    kind = "suboptimal" if opt["optimal"] else "suboptimal (CP-SAT found better, unproven)"
                else:
                    kind = ("places MORE than the CP-SAT optimum: an invalid plan, or a bug in "
                            "cpsat.py/contract.py" if opt["optimal"] else
                            "places more than CP-SAT's unproven best (not a mismatch)")
                if pv < ov or opt["optimal"] or violations:
                    failures.append(f"optimum: {kind}: plan {fmt_levels(mine)}; CP-SAT "
                                    f"{fmt_levels(opt['levels'])}")
                    # Which subproblems differ, and what the plan claims about them.
                    placed_set = set(placed)
                    for part in opt["parts"]:
                        got = placed_per_level(problem, [r for r in placed_set if r in
                                                         {x for ap in part["accessPoints"] for x in
                                                          problem.valid if problem.by_id[x]["accessPoint"] == ap}])
                        plevels = sorted(part["levels"], reverse=True)
                        if vector(got, plevels) != vector(part["levels"], plevels):
                            claims = ", ".join(
                                f"{ap}: method={ap_entries.get(ap, {}).get('method')}, "
                                f"optimal={ap_entries.get(ap, {}).get('optimal')}"
                                for ap in part["accessPoints"])
                            failures.append(f"  differs at {claims}; plan "
                                            f"{fmt_levels({k: got.get(k, 0) for k in plevels})}, "
                                            f"CP-SAT {fmt_levels(part['levels'])}")
    return failures, outputs, inv_path, req_path


# ---- capacity and drain (PLANNING.md) -----------------------------------------------------------

def pick_drain(site, rng):
    """The devices one drain empties: mostly one device holding live connections, sometimes two
    of one access point (all of its devices, when it has two) or one at each of two access points,
    now and then an idle one. None when no access point has a device."""
    aps = [ap for ap in site.ap_order if site.ap_devices[ap]]
    if not aps:
        return None
    r = rng.random()
    if r < 0.1 and len(aps) >= 2:
        a, b = rng.sample(aps, 2)
        return [rng.choice(site.ap_devices[a]), rng.choice(site.ap_devices[b])]
    if r < 0.3:
        ap = rng.choice(aps)
        if len(site.ap_devices[ap]) >= 2:
            return rng.sample(site.ap_devices[ap], 2)
    busy = [d for ap in aps for d in site.ap_devices[ap] if site.live_on[d]]
    if busy and rng.random() < 0.9:
        return [rng.choice(busy)]
    return [rng.choice([d for ap in aps for d in site.ap_devices[ap]])]


def check_planning(kind, seed, inv_path, args, stats):
    """`patchbay capacity` and `patchbay drain` on one inventory against planning.py's CP-SAT
    figures. Returns (failures, commands run)."""
    failures, commands = [], []
    d = os.path.dirname(inv_path)
    site = planning.Site(contract.load_json(inv_path))
    if "capacity" not in args.skip:
        cmd = [args.patchbay, "capacity", "--inventory", inv_path, "--format", "json"]
        thresholds = None
        if kind == "large":  # the status rules under other thresholds than the defaults
            rng = random.Random(f"thresholds-{seed}")
            thresholds = (rng.choice([0.5, 0.75, 0.8, 0.9, 1]), rng.choice([0, 1, 2, 3, 10]))
            cmd += ["--hot-utilization", str(thresholds[0]), "--hot-pairs", str(thresholds[1])]
        commands.append(cmd)
        proc, secs = run(cmd)
        stats["capacity_seconds"] += secs
        report = None
        if proc.returncode != 0:
            failures.append(f"capacity: patchbay capacity exited {proc.returncode}: "
                            f"{proc.stderr.strip()[:500]}")
        else:
            with open(os.path.join(d, "capacity.json"), "w", encoding="utf-8") as f:
                f.write(proc.stdout)
            try:
                report = json.loads(proc.stdout)
            except ValueError as e:
                failures.append(f"capacity: the output is not JSON: {e}")
        if report is not None:
            t0 = time.perf_counter()
            try:
                model = planning.capacity(site, args.time_limit)
            except planning.NotProven as e:
                stats["planning_unproven"].append(f"{kind} {seed}: {e}")
                model = None
            stats["capacity_cpsat"] += time.perf_counter() - t0
            if model is not None:
                failures += [f"capacity: {x}" for x in
                             planning_check.check_capacity(site, report, model, thresholds)]
                stats["capacity_reports"] += 1
                stats["capacity_aps"] += len(model)
                stats["capacity_devices"] += sum(len(e["devices"]) for e in model.values())
                stats["capacity_types"] += sum(len(e["headroom"]) for e in model.values())
                stats["capacity_shortfall"] += sum(e["nPlusOne"][1] for e in model.values())
    if "drain" not in args.skip:
        devices = pick_drain(site, random.Random(f"drain-{kind}-{seed}"))
        if devices is None:
            stats["drain_skipped"] += 1
            return failures, commands
        out_path = os.path.join(d, "drain.json")
        t0 = time.perf_counter()
        try:
            opt = planning.drain(site, devices, args.time_limit)
        except planning.NotProven as e:
            stats["planning_unproven"].append(f"{kind} {seed}: {e}")
            return failures, commands
        stats["drain_cpsat"] += time.perf_counter() - t0
        if opt["seconds"] > stats["drain_cpsat_max"][0]:
            stats["drain_cpsat_max"] = (opt["seconds"], f"{kind} {seed}")
        v, o = planning_check.check_drain(site, devices, planning_check.plan_json(opt), opt,
                                          args.time_limit)
        failures += [f"harness: CP-SAT's own drain plan fails the checker: {x}" for x in v + o]
        cmd = [args.patchbay, "drain", "--inventory", inv_path]
        for dev in devices:
            cmd += ["--device", dev]
        cmd += ["--output", out_path]
        commands.append(cmd)
        proc, secs = run(cmd)
        stats["drain_seconds"] += secs
        if proc.returncode != 0 or not os.path.exists(out_path):
            failures.append(f"drain: patchbay drain exited {proc.returncode}: "
                            f"{proc.stderr.strip()[:500]}")
            return failures, commands
        try:
            with open(out_path, encoding="utf-8") as f:
                out = json.load(f)
        except ValueError as e:
            failures.append(f"drain: the output is not JSON: {e}")
            return failures, commands
        v, o = planning_check.check_drain(site, devices, out, opt, args.time_limit)
        failures += [f"drain: {x}" for x in v] + [f"drain optimum: {x}" for x in o]
        stats["drains"] += 1
        stats["drain_unclaimed"] += out.get("optimal") is False
        stats["drain_devices"] += len(devices)
        stats["drain_to_move"] += opt["toMove"]
        stats["drain_moved"] += opt["moved"]
        stats["drain_room"] += opt["portChanges"] > opt["moved"]
        stats["drain_stranding"] += opt["moved"] < opt["toMove"]
    return failures, commands


def keep_instance(keep, name, src, failures, outputs, commands):
    target = os.path.join(keep, name)
    os.makedirs(target, exist_ok=True)
    for f in ("inventory.json", "requests.json", "plan.json", "capacity.json", "drain.json"):
        if os.path.exists(os.path.join(src, f)):
            shutil.copy(os.path.join(src, f), os.path.join(target, f))
    if outputs and "validate.json" in outputs:
        with open(os.path.join(target, "validate.json"), "w") as f:
            f.write(outputs["validate.json"])
    if outputs and "cpsat.json" in outputs:
        opt = outputs["cpsat.json"]
        with open(os.path.join(target, "cpsat.json"), "w") as f:
            json.dump({"levels": {str(k): v for k, v in opt["levels"].items()},
                       "proven": {str(k): v for k, v in opt["proven"].items()},
                       "assignment": {r: {"device": dv, "port": p}
                                      for r, (dv, p) in sorted(opt["assignment"].items())},
                       "rejected": opt["rejected"]}, f, indent=1, sort_keys=True)
    with open(os.path.join(target, "report.txt"), "w") as f:
        f.write(f"{name}\n" + "\n".join(failures) + "\n\ncommands (with the kept files):\n")
        for cmd in commands:
            f.write(" ".join(os.path.basename(x) if x.startswith(src) else x for x in cmd) + "\n")
    return target


def main():
    parser = argparse.ArgumentParser(
        description="Cross-check patchbay allocate, capacity and drain against CP-SAT on random "
        "data centres.")
    parser.add_argument("n", type=int, help="number of small instances (allocate; capacity and "
                        "drain on their inventories too)")
    parser.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--large", type=int, help="number of larger data centres for capacity "
                        "and drain (default n/2), seeds S, S+1, ...")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["allocate", "capacity", "drain"],
                        help="leave out one command's check (repeatable)")
    parser.add_argument("--patchbay", help="the patchbay binary (default .build/release/patchbay, "
                        "built when missing)")
    parser.add_argument("--keep", help="directory to keep failing instances in")
    parser.add_argument("--cpsat-only", action="store_true",
                        help="no allocate: CP-SAT, and validation against `patchbay validate`")
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="CP-SAT time limit per priority level and subproblem, s (default 60)")
    parser.add_argument("--whole", action="store_true",
                        help="CP-SAT: one model per batch, not one per subproblem")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per instance")
    args = parser.parse_args()
    if args.large is None:
        args.large = args.n // 2
    planning_on = "capacity" not in args.skip or "drain" not in args.skip

    explicit = args.patchbay is not None
    args.patchbay = os.path.abspath(args.patchbay or os.path.join(ROOT, ".build", "release", "patchbay"))
    ensure_patchbay(args.patchbay, explicit)
    if not args.cpsat_only and "allocate" not in args.skip and not has_allocate(args.patchbay):
        print(f"crosscheck: {args.patchbay} has no `allocate` command yet; run with --cpsat-only "
              "to check the generator, CP-SAT and validation", file=sys.stderr)
        sys.exit(2)
    for command in ("capacity", "drain"):
        if command not in args.skip and not has_command(args.patchbay, command):
            print(f"crosscheck: {args.patchbay} has no `{command}` command; run with --skip "
                  f"{command} to check the rest", file=sys.stderr)
            sys.exit(2)

    stats = {"units": {}, "codes": {}, "requests": 0, "valid": 0, "placed_opt": 0, "scarce": 0,
             "unproven": [], "plan_unproven": [], "cpsat_seconds": 0.0, "cpsat_max": (0.0, None),
             "patchbay_seconds": 0.0, "patchbay_max": (0.0, None),
             "planning_unproven": [], "capacity_seconds": 0.0, "capacity_cpsat": 0.0,
             "capacity_reports": 0, "capacity_aps": 0, "capacity_devices": 0,
             "capacity_types": 0, "capacity_shortfall": 0, "drain_seconds": 0.0,
             "drain_cpsat": 0.0, "drain_cpsat_max": (0.0, None), "drains": 0,
             "drain_devices": 0, "drain_to_move": 0, "drain_moved": 0, "drain_room": 0,
             "drain_stranding": 0, "drain_skipped": 0, "drain_unclaimed": 0,
             "large_ports": 0}
    passed = failed = 0
    failed_names = []
    start = time.perf_counter()
    instances = [("small", args.seed + i) for i in range(args.n)]
    if planning_on:
        instances += [("large", args.seed + i) for i in range(args.large)]
    with tempfile.TemporaryDirectory(prefix="crosscheck-") as workdir:
        for kind, seed in instances:
            name = f"seed-{seed}" if kind == "small" else f"large-seed-{seed}"
            d = os.path.join(workdir, name)
            failures, outputs, commands = [], None, []
            try:
                if kind == "small":
                    if "allocate" in args.skip:
                        generate.write_instance(seed, d)
                    else:
                        failures, outputs, _, _ = check_instance(seed, args, workdir, stats)
                else:
                    meta = generate.write_capacity_instance(seed, d)
                    stats["large_ports"] += meta["ports"]
                if planning_on:
                    more, commands = check_planning(kind, seed, os.path.join(d, "inventory.json"),
                                                    args, stats)
                    failures += more
            except contract.NotModelled as e:
                failures = failures + [f"harness: instance uses a rule not modelled: {e}"]
            except Exception as e:  # a crash on one instance is reported, the run goes on
                import traceback
                failures = failures + [f"harness: {type(e).__name__}: {e}",
                                       *traceback.format_exc().rstrip().splitlines()[-6:]]
            label = f"seed {seed}" if kind == "small" else f"large seed {seed}"
            if failures:
                failed += 1
                failed_names.append(label)
                print(f"FAIL {label}:")
                for x in failures[:30]:
                    print(f"  {x}")
                if len(failures) > 30:
                    print(f"  ... and {len(failures) - 30} more")
                if kind == "large":
                    print(f"  instance: generate.py --seed {seed} --capacity --output DIR")
                for cmd in commands:
                    print("  ran: " + " ".join(cmd))
                if args.keep and os.path.isdir(d):
                    kept = keep_instance(args.keep, name, d, failures, outputs, commands)
                    print(f"  kept in {kept}")
            else:
                passed += 1
                if args.verbose:
                    print(f"ok   {label}")
            sys.stdout.flush()

    modes = [m for m in ("allocate", "capacity", "drain") if m not in args.skip]
    if args.cpsat_only and "allocate" in modes:
        modes[0] = "cpsat-only (patchbay validate)"
    print(f"\ncrosscheck: {args.n} small instances (seeds {args.seed}..{args.seed + args.n - 1})"
          + (f" and {args.large} larger data centres" if planning_on else "")
          + f", checks: {', '.join(modes)}; patchbay {os.path.relpath(args.patchbay, os.getcwd())}")
    if "allocate" not in args.skip:
        print(f"  requests {stats['requests']}: {stats['valid']} valid, "
              f"{stats['requests'] - stats['valid']} rejected; optimum places "
              f"{stats['placed_opt']}; "
              f"{stats['scarce']} instances cannot place every valid request")
        print("  shapes: " + ", ".join(f"{k} {n}" for k, n in sorted(stats["units"].items())))
        codes = [f"{k} {stats['codes'][k]}" for k in contract.REJECTION_CODES
                 if k in stats["codes"]]
        print("  rejection codes: " + (", ".join(codes) or "none"))
        un = stats["unproven"]
        print(f"  CP-SAT: {args.n - len(un)} proven optimal, {len(un)} not proven"
              + (f" (seeds {', '.join(map(str, un[:20]))})" if un else "")
              + f"; total {stats['cpsat_seconds']:.2f} s, max {stats['cpsat_max'][0]:.3f} s"
              + (f" (seed {stats['cpsat_max'][1]})" if stats["cpsat_max"][1] is not None else ""))
        what = "validate" if args.cpsat_only else "allocate"
        line = f"  patchbay {what}: total {stats['patchbay_seconds']:.2f} s"
        if not args.cpsat_only:
            line += (f", max {stats['patchbay_max'][0]:.3f} s; plans with an access point not "
                     f"proven optimal: {len(stats['plan_unproven'])}")
        print(line)
    if planning_on:
        print(f"  larger data centres: {stats['large_ports']} ports")
    if "capacity" not in args.skip:
        print(f"  capacity checks: {stats['capacity_reports']} reports, "
              f"{stats['capacity_aps']} access points, {stats['capacity_devices']} devices "
              f"(N+1), {stats['capacity_types']} headroom types; N+1 shortfall "
              f"{stats['capacity_shortfall']} in all; CP-SAT {stats['capacity_cpsat']:.2f} s, "
              f"patchbay {stats['capacity_seconds']:.2f} s")
    if "drain" not in args.skip:
        print(f"  drain checks: {stats['drains']} plans of {stats['drain_devices']} devices, "
              f"{stats['drain_to_move']} connections to move, optimum moves "
              f"{stats['drain_moved']}; {stats['drain_stranding']} plans strand some, "
              f"{stats['drain_room']} need moves of other connections; "
              f"{stats['drain_skipped']} inventories without a drain to check; "
              f"{stats['drain_unclaimed']} plans say optimal: false; CP-SAT "
              f"{stats['drain_cpsat']:.2f} s (max {stats['drain_cpsat_max'][0]:.3f} s, "
              f"{stats['drain_cpsat_max'][1]}), patchbay {stats['drain_seconds']:.2f} s")
    if planning_on:
        pu = stats["planning_unproven"]
        print(f"  capacity/drain CP-SAT models not proven optimal: {len(pu)}"
              + (f" ({'; '.join(pu[:5])})" if pu else ""))
    print(f"  wall time {time.perf_counter() - start:.1f} s")
    if failed_names:
        print(f"  failed: {', '.join(failed_names[:50])}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
