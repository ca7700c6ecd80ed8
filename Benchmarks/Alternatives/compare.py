#!/usr/bin/env python3
"""Patchbay against the alternatives, on the same generated instances, in one run.

    compare.py [--preset tight] [--presets small,tight,tight:requests=500] [--seed 1]
               [--cpsat-time-limit S] [--glpsol-time-limit S] [--out DIR] ...

For each preset: `patchbay generate` writes the instance; then each method plans it, timed by
the wall clock, and every plan goes through `patchbay verify` and CrossCheck's Python plan
checker:

- patchbay             `patchbay allocate` (greedy, then GLPK on the aggregated model)
- first-fit (Swift)    `patchbay-first-fit` (Benchmarks/.build/release/), when it is built
- first-fit (Python)   firstfit.py: batch order, first device with a free port, no look-ahead
- glpsol, whole        the plain per-request model (lpplain.py), CPLEX LP, GLPK's glpsol
- glpsol, per subproblem  the same, one model per access point (or access points a group joins)
- CP-SAT, whole        Tests/CrossCheck/cpsat.py's per-request model, the batch as one model
- CP-SAT, per subproblem  the same, one model per subproblem

Prints a table per preset and writes DIR/results.json and DIR/results.md. Exit status 0; 1 when
a verified plan places more than Patchbay at a priority (lexicographically), when an exact method
proves a different optimum than Patchbay places, when a plan fails verification, or when the
Python restatement of validation disagrees with `patchbay validate`; 2 when it cannot run.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "CrossCheck"))
import bootstrap  # noqa: E402

bootstrap.ensure_ortools()

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import common  # noqa: E402
import contract  # noqa: E402
import cpsat  # noqa: E402
import crosscheck  # noqa: E402
import firstfit  # noqa: E402
import lpplain  # noqa: E402

METHODS = ["patchbay", "first-fit-swift", "first-fit-python", "glpsol-whole", "glpsol-sub",
           "cpsat-whole", "cpsat-sub"]
LABELS = {
    "patchbay": "Patchbay",
    "first-fit-swift": "first-fit (Swift)",
    "first-fit-python": "first-fit (Python)",
    "glpsol-whole": "glpsol, whole per-request model",
    "cpsat-whole": "CP-SAT, whole per-request model",
    "cpsat-sub": "CP-SAT, per-request model per subproblem",
    "glpsol-sub": "glpsol, per-request model per subproblem",
}
EXACT = {"glpsol-whole", "cpsat-whole", "cpsat-sub", "glpsol-sub"}


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return proc, time.perf_counter() - start


# ---- setup ---------------------------------------------------------------------------------------

def ensure_glpsol(path):
    """The glpsol binary, installed with apt-get when missing and run as root; None if not."""
    found = shutil.which(path)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("compare: glpsol is missing; apt-get install -y glpk-utils")
        if subprocess.call(["apt-get", "install", "-y", "-q", "glpk-utils"],
                           stdout=sys.stderr) != 0:
            subprocess.call(["apt-get", "update", "-q"], stdout=sys.stderr)
            subprocess.call(["apt-get", "install", "-y", "-q", "glpk-utils"], stdout=sys.stderr)
        found = shutil.which(path)
        if found:
            return found
    say(f"compare: {lpplain.INSTALL_HINT}; the glpsol rows are skipped")
    return None


def parse_preset(spec, global_knobs):
    """`tight:requests=500:access-points=4` -> ("tight", ["--requests", "500", ...], label)."""
    name, *knobs = spec.split(":")
    args = list(global_knobs)
    for k in knobs:
        key, _, value = k.partition("=")
        if not value:
            raise SystemExit(f"compare: knob {k!r} of preset {spec!r} is not KEY=VALUE")
        args += [f"--{key}", value]
    return name, args


def generate(patchbay, name, knobs, seed, outdir):
    label = name + "".join(f"-{knobs[i][2:]}={knobs[i + 1]}" for i in range(0, len(knobs), 2))
    d = os.path.join(outdir, f"{label}-seed{seed}")
    os.makedirs(d, exist_ok=True)
    proc, secs = run([patchbay, "generate", "--preset", name, "--seed", str(seed),
                      "--output", d, *knobs])
    if proc.returncode != 0:
        raise SystemExit(f"compare: patchbay generate failed ({proc.returncode}): {proc.stderr}")
    return label, d


# ---- checking a plan -----------------------------------------------------------------------------

def check(patchbay, inv, req, plan_path, problem, own):
    """(valid?, messages): `patchbay verify` and CrossCheck's Python checker."""
    msgs = []
    proc, _ = run([patchbay, "verify", "--inventory", inv, "--requests", req, "--plan", plan_path])
    if proc.returncode != 0:
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        msgs.append(f"patchbay verify exit {proc.returncode}: " + " | ".join(lines[:5])
                    + (f" (+{len(lines) - 5} more)" if len(lines) > 5 else ""))
    with open(plan_path) as f:
        try:
            plan = json.load(f)
        except ValueError as e:
            return False, msgs + [f"plan is not JSON: {e}"]
    # The unplaced codes and counts of Patchbay's plan are checked too; the alternatives'
    # codes are made true by common.unplaced_code.
    violations = crosscheck.check_plan(problem, plan, check_reasons=True)
    if violations:
        msgs.append("Python checker: " + " | ".join(violations[:5])
                    + (f" (+{len(violations) - 5} more)" if len(violations) > 5 else ""))
    return not msgs, msgs


def plan_counts(problem, plan_path):
    with open(plan_path) as f:
        plan = json.load(f)
    placed = [a["request"] for a in plan.get("assignments", [])
              if a.get("request") in problem.by_id and a["request"] not in problem.rejected]
    return plan, common.placed_per_level(problem, placed)


# ---- the methods ---------------------------------------------------------------------------------

def method_patchbay(ctx):
    plan_path = os.path.join(ctx["dir"], "plan-patchbay.json")
    times = []
    for _ in range(ctx["args"].repeat):
        proc, secs = run([ctx["patchbay"], "allocate", "--inventory", ctx["inv"], "--requests",
                          ctx["req"], "--output", plan_path])
        if proc.returncode != 0:
            raise SystemExit(f"compare: patchbay allocate failed ({proc.returncode}): "
                             f"{proc.stderr[-2000:]}")
        times.append(secs)
    plan, levels = plan_counts(ctx["problem"], plan_path)
    aps = plan.get("accessPoints", [])
    not_proven = [e["id"] for e in aps if not e.get("optimal")]
    methods = {}
    for e in aps:
        methods[e.get("method")] = methods.get(e.get("method"), 0) + 1
    summary_line = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else ""
    return {
        "levels": levels, "plan": plan_path, "wall": statistics.median(times), "walls": times,
        "optimal": not not_proven,
        "proven": {lvl: not not_proven for lvl in levels},
        "proof": (f"yes (all {len(aps)} access points)" if not not_proven else
                  f"no ({len(not_proven)} of {len(aps)} access points not proven)"),
        "detail": {"methods": methods, "not_proven": not_proven, "stderr": summary_line},
    }


def method_first_fit_swift(ctx):
    binary = ctx["args"].first_fit
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        return {"skipped": f"not built: no executable at {binary} (the Python first-fit below "
                           f"is the fallback)"}
    plan_path = os.path.join(ctx["dir"], "plan-first-fit-swift.json")
    times = []
    for _ in range(ctx["args"].repeat):
        proc, secs = run([binary, "--inventory", ctx["inv"], "--requests", ctx["req"],
                          "--output", plan_path])
        if proc.returncode != 0:
            return {"skipped": f"{binary} failed with exit {proc.returncode}: "
                               f"{proc.stderr.strip()[-500:]}", "crashed": True}
        times.append(secs)
    _, levels = plan_counts(ctx["problem"], plan_path)
    return {"levels": levels, "plan": plan_path, "wall": statistics.median(times),
            "walls": times, "optimal": None, "proven": {}, "heuristic": True}


def method_first_fit_python(ctx):
    problem = ctx["problem"]
    times = []
    for _ in range(ctx["args"].repeat):
        res = firstfit.first_fit(problem)
        times.append(res["seconds"])
    assignment = res["assignment"]
    levels = common.placed_per_level(problem, assignment)
    everything = len(assignment) == len(problem.valid)
    optimal_by_ap = {}
    for rid in problem.valid:
        ap = problem.by_id[rid]["accessPoint"]
        optimal_by_ap[ap] = optimal_by_ap.get(ap, True) and rid in assignment
    plan = common.write_plan(problem, assignment, "greedy", optimal_by_ap, "first-fit (Python)")
    plan_path = os.path.join(ctx["dir"], "plan-first-fit-python.json")
    with open(plan_path, "w") as f:
        json.dump(plan, f, indent=1)
    return {"levels": levels, "plan": plan_path, "wall": statistics.median(times),
            "walls": times, "optimal": True if everything else None, "proven": {},
            "heuristic": True}


def _exact_row(ctx, key, levels, proven, assignment, wall, notes, detail, optimal_by_ap):
    problem = ctx["problem"]
    plan = common.write_plan(problem, assignment, "ilp", optimal_by_ap, LABELS[key])
    plan_path = os.path.join(ctx["dir"], f"plan-{key}.json")
    with open(plan_path, "w") as f:
        json.dump(plan, f, indent=1)
    return {"levels": levels, "plan": plan_path, "wall": wall, "walls": [wall],
            "optimal": all(proven.get(lvl, False) for lvl in problem.levels()),
            "proven": proven, "notes": notes, "detail": detail}


def _too_big(ctx, binaries):
    limit = ctx["args"].max_binaries
    if binaries > limit:
        return {"skipped": f"not attempted: the plain model has {binaries:,} binaries "
                           f"(> --max-binaries {limit:,})", "binaries": binaries}
    return None


def _too_big_part(ctx, parts):
    sizes = [sum(len(ctx["eligible"][r]) + 1 for r in rids) for _, rids in parts]
    limit = ctx["args"].max_binaries
    if max(sizes, default=0) > limit:
        return {"skipped": f"not attempted: the largest subproblem's plain model has "
                           f"{max(sizes):,} binaries (> --max-binaries {limit:,}); "
                           f"{sum(sizes):,} in all", "binaries": sum(sizes)}
    return None


def method_glpsol(ctx, key):
    if not ctx["glpsol"]:
        return {"skipped": lpplain.INSTALL_HINT}
    problem, args = ctx["problem"], ctx["args"]
    if key == "glpsol-whole":
        parts = [(sorted({problem.by_id[r]["accessPoint"] for r in problem.valid}),
                  problem.valid)]
        skip = _too_big(ctx, ctx["binaries"])
    else:
        parts = problem.subproblems()
        skip = _too_big_part(ctx, parts)
    if skip:
        return skip
    workdir = os.path.join(ctx["dir"], key)
    os.makedirs(workdir, exist_ok=True)
    levels, proven, assignment, notes, part_detail = {}, {}, {}, [], []
    wall = 0.0
    optimal_by_ap = {}
    limits = part_limits(ctx, parts, args.glpsol_time_limit, key == "glpsol-whole")
    for n, ((aps, rids), limit) in enumerate(zip(parts, limits)):
        say(f"  {LABELS[key]}: part {n + 1}/{len(parts)} ({len(rids)} requests, "
            f"{limit:.0f} s per level)")
        res = lpplain.solve(problem, rids, ctx["eligible"], limit, workdir,
                            f"part{n}", glpsol=ctx["glpsol"], options=args.glpsol_options)
        wall += res["seconds"]
        for lvl, v in res["levels"].items():
            levels[lvl] = levels.get(lvl, 0) + v
            proven[lvl] = proven.get(lvl, True) and res["proven"][lvl]
        assignment.update(res["assignment"])
        notes += [f"{part_name(aps, key == 'glpsol-whole')}: {x}" for x in res["notes"]]
        ok = all(res["proven"].values())
        if not ok:
            first = [lvl for lvl in sorted(res["proven"], reverse=True) if not res["proven"][lvl]]
            notes.append(f"{part_name(aps, key == 'glpsol-whole')}: not proven at "
                         + ", ".join(f"p{lvl}" for lvl in first)
                         + f" (time limit {max(1, round(limit))} s per level)")
        for ap in aps:
            optimal_by_ap[ap] = ok
        part_detail.append({"accessPoints": aps, "requests": len(rids),
                            "time_limit_per_level": max(1, round(limit)),
                            "binaries": res["binaries"], "rows": res["rows"],
                            "levels": {str(k): v for k, v in res["levels"].items()},
                            "proven": {str(k): v for k, v in res["proven"].items()},
                            "write_seconds": round(res["write_seconds"], 3),
                            "glpsol_seconds": round(res["glpsol_seconds"], 3),
                            "log": res["log"]})
    for lvl in problem.levels():
        levels.setdefault(lvl, 0)
        proven.setdefault(lvl, True)
    detail = {"options": args.glpsol_options, "parts": part_detail}
    return _exact_row(ctx, key, levels, proven, assignment, wall, notes, detail, optimal_by_ap)


def part_name(aps, whole):
    if whole:
        return "whole batch"
    return aps[0] + (f" (+{len(aps) - 1} joined by groups)" if len(aps) > 1 else "")


def part_limits(ctx, parts, total, whole):
    """Seconds per level for each part: the whole model's budget `total` for one part; for
    subproblems --sub-time-limit each, or by default `total` split over them in proportion to
    their plain-model binaries (at least 1 s), so that both get the same budget per level."""
    if whole:
        return [total]
    if ctx["args"].sub_time_limit is not None:
        return [ctx["args"].sub_time_limit] * len(parts)
    sizes = [sum(len(ctx["eligible"][r]) + 1 for r in rids) for _, rids in parts]
    return [max(1.0, total * n / max(1, sum(sizes))) for n in sizes]


def method_cpsat(ctx, key):
    problem, args = ctx["problem"], ctx["args"]
    whole = key == "cpsat-whole"
    if whole:
        parts = [(sorted({problem.by_id[r]["accessPoint"] for r in problem.valid}),
                  problem.valid)]
        skip = _too_big(ctx, ctx["binaries"])
    else:
        parts = problem.subproblems()
        skip = _too_big_part(ctx, parts)
    if skip:
        return skip
    limits = part_limits(ctx, parts, args.cpsat_time_limit, whole)
    levels, proven, assignment, notes, part_detail = {}, {}, {}, [], []
    wall = 0.0
    optimal_by_ap = {}
    for n, ((aps, rids), limit) in enumerate(zip(parts, limits)):
        say(f"  {LABELS[key]}: part {n + 1}/{len(parts)} ({len(rids)} requests, "
            f"{limit:.0f} s per level)")
        start = time.perf_counter()
        res = cpsat.solve_requests(problem, rids, limit, workers=args.cpsat_workers,
                                   keep_going=True)
        secs = time.perf_counter() - start
        wall += secs
        for lvl, v in res["levels"].items():
            levels[lvl] = levels.get(lvl, 0) + v
            proven[lvl] = proven.get(lvl, True) and res["proven"][lvl]
        assignment.update(res["assignment"])
        ok = all(res["proven"].values())
        for ap in aps:
            optimal_by_ap[ap] = ok
        if not ok:
            first = [lvl for lvl in sorted(res["proven"], reverse=True) if not res["proven"][lvl]]
            note = (f"{part_name(aps, whole)}: not proven at "
                    + ", ".join(f"p{lvl}" for lvl in first)
                    + f" (time limit {limit:.0f} s per level)")
            if "stopped" in res:
                note += (f"; no solution at all at p{res['stopped']}, the search stopped there "
                         f"(the levels below count what the last solution places)")
            notes.append(note)
        part_detail.append({"accessPoints": aps if len(aps) < 5 else f"{len(aps)} access points",
                            "requests": len(rids), "binaries": res.get("variables"),
                            "time_limit_per_level": round(limit, 2),
                            "levels": {str(k): v for k, v in res["levels"].items()},
                            "proven": {str(k): v for k, v in res["proven"].items()},
                            "level_seconds": {str(k): round(v, 2)
                                              for k, v in res["level_seconds"].items()},
                            "stopped_at": res.get("stopped"),
                            "seconds": round(secs, 3)})
    for lvl in problem.levels():
        levels.setdefault(lvl, 0)
        proven.setdefault(lvl, True)
    detail = {"workers": args.cpsat_workers, "linearization_level": 2, "parts": part_detail}
    return _exact_row(ctx, key, levels, proven, assignment, wall, notes, detail, optimal_by_ap)


RUNNERS = {
    "patchbay": method_patchbay,
    "first-fit-swift": method_first_fit_swift,
    "first-fit-python": method_first_fit_python,
    "glpsol-whole": lambda ctx: method_glpsol(ctx, "glpsol-whole"),
    "glpsol-sub": lambda ctx: method_glpsol(ctx, "glpsol-sub"),
    "cpsat-whole": lambda ctx: method_cpsat(ctx, "cpsat-whole"),
    "cpsat-sub": lambda ctx: method_cpsat(ctx, "cpsat-sub"),
}


def judge(rows, levels):
    """Compares every row with Patchbay's (sets total, ratio, versus); returns the flags.

    A verified plan that places more than Patchbay at the first priority where they differ is
    a MISMATCH (a witness that Patchbay is not optimal there); so is an exact method that
    proves, level by level from the highest, a different optimum than Patchbay places.
    """
    flags = []
    base = rows.get("patchbay")
    for key, r in rows.items():
        if "skipped" in r:
            continue
        r["total"] = sum(r["levels"].values())
        if base is None or "skipped" in base:
            continue
        r["ratio"] = r["wall"] / base["wall"] if base["wall"] > 0 else None
        diff = common.first_difference(r["levels"], base["levels"], levels)
        if diff is None:
            r["versus"] = "same as Patchbay"
        else:
            lvl, mine, pb = diff
            r["versus"] = f"{'more' if mine > pb else 'fewer'} at p{lvl} ({mine - pb:+d})"
        if key == "patchbay":
            continue
        if diff and diff[1] > diff[2] and r["valid"]:
            flags.append(f"MISMATCH: {LABELS[key]} places more than Patchbay at priority "
                         f"{diff[0]} ({diff[1]} > {diff[2]}) in a verified plan"
                         + (" although Patchbay claims every access point optimal"
                            if base["optimal"] else ""))
        if key in EXACT:
            # Compare where the exact method proved each level (higher levels proven first).
            for lvl in levels:
                if not r["proven"].get(lvl):
                    break
                if r["levels"][lvl] != base["levels"][lvl]:
                    if r["levels"][lvl] < base["levels"][lvl]:
                        flags.append(
                            f"MISMATCH: {LABELS[key]} proves at most {r['levels'][lvl]} at "
                            f"priority {lvl}, and Patchbay places {base['levels'][lvl]}: a wrong "
                            f"model here or an invalid plan there")
                    break
    return flags


# ---- one preset ----------------------------------------------------------------------------------

def proof_text(row, levels):
    if "proof" in row:
        return row["proof"]
    if row.get("heuristic"):
        return "yes (placed every valid request)" if row.get("optimal") else "no (heuristic)"
    proven = row["proven"]
    if all(proven.get(lvl, False) for lvl in levels):
        return "yes"
    done = [f"p{lvl}" for lvl in levels if proven.get(lvl)]
    first = next(lvl for lvl in levels if not proven.get(lvl))
    return (f"no: time limit at p{first}" + (f" ({', '.join(done)} proven)" if done else ""))


def compare_preset(spec, args, ctx0):
    name, knobs = parse_preset(spec, args.knobs)
    label, d = generate(ctx0["patchbay"], name, knobs, args.seed, args.out)
    inv, req = os.path.join(d, "inventory.json"), os.path.join(d, "requests.json")
    say(f"compare: {label} seed {args.seed}: {d}")
    t0 = time.perf_counter()
    problem = contract.Problem(contract.Inventory(contract.load_json(inv)),
                               contract.load_json(req)["requests"])
    eligible = common.eligible_index(problem)
    load_seconds = time.perf_counter() - t0
    binaries = common.model_size(problem, eligible) + len(problem.valid)
    levels = problem.levels()
    flags = []

    # Validation: the alternatives use contract.py's valid requests; Patchbay its own.
    proc, _ = run([ctx0["patchbay"], "validate", "--inventory", inv, "--requests", req,
                   "--format", "json"])
    theirs = {e["request"]: e["code"] for e in json.loads(proc.stdout)["rejected"]}
    if theirs != problem.rejected:
        diff = sorted(set(theirs.items()) ^ set(problem.rejected.items()))[:5]
        flags.append(f"VALIDATION DISAGREES: patchbay validate and contract.py reject different "
                     f"requests or codes (first: {diff}); the counts below are not comparable")

    free = sum(len(problem.free_ports(ap)) for ap in problem.inv.access_points)
    instance = {
        "preset": name, "knobs": knobs, "label": label, "seed": args.seed, "dir": d,
        "requests": len(problem.requests), "valid": len(problem.valid),
        "rejected": len(problem.rejected), "groups": sum(len(g) > 1 for g in problem.groups),
        "access_points": len(problem.inv.access_points), "free_ports": free,
        "subproblems": len(problem.subproblems()), "levels": levels,
        "valid_per_level": common.placed_per_level(problem, problem.valid),
        "plain_model_binaries": binaries, "python_load_seconds": round(load_seconds, 3),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    ctx = dict(ctx0, args=args, dir=d, inv=inv, req=req, problem=problem, eligible=eligible,
               binaries=binaries)
    rows = {}
    for key in args.methods:
        say(f"  {LABELS[key]} ...")
        rows[key] = RUNNERS[key](ctx)
        r = rows[key]
        if "skipped" in r:
            say(f"  {LABELS[key]}: {r['skipped']}")
            if r.get("crashed"):
                flags.append(f"CRASH: {LABELS[key]}: {r['skipped']}")
            continue
        r["valid"], r["check"] = check(ctx["patchbay"], inv, req, r["plan"], problem,
                                       key == "patchbay")
        if not r["valid"]:
            flags.append(f"INVALID PLAN from {LABELS[key]}: " + "; ".join(r["check"]))
        say(f"  {LABELS[key]}: {common.fmt_levels(r['levels'], levels)} placed, "
            f"{r['wall']:.3f} s, {proof_text(r, levels)}"
            + ("" if r["valid"] else ", INVALID PLAN"))

    flags += judge(rows, levels)
    instance["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return {"instance": instance, "rows": rows, "flags": flags}


# ---- output --------------------------------------------------------------------------------------

def table(result, methods):
    inst = result["instance"]
    levels = inst["levels"]
    head = ["method", "placed " + "/".join(f"p{lvl}" for lvl in levels), "total",
            "proven optimal?", "wall (s)", "x Patchbay", "vs Patchbay", "plan"]
    lines = []
    for key in methods:
        r = result["rows"].get(key)
        if r is None:
            continue
        if "skipped" in r:
            short = r["skipped"].split(":")[0]
            lines.append([LABELS[key], "-", "-", short, "-", "-", "-", "-"])
            continue
        ratio = r.get("ratio")
        lines.append([
            LABELS[key], common.fmt_levels(r["levels"], levels), str(r["total"]),
            proof_text(r, levels), f"{r['wall']:.3f}" if r["wall"] < 10 else f"{r['wall']:.1f}",
            "-" if key == "patchbay" or ratio is None else
            (f"{ratio:.2f}" if ratio < 10 else f"{ratio:,.0f}"),
            r.get("versus", "-") if key != "patchbay" else "-",
            "verified" if r["valid"] else "INVALID"])
    return head, lines


def describe(inst):
    per = "/".join(str(inst["valid_per_level"][lvl]) for lvl in inst["levels"])
    knobs = " ".join(inst["knobs"])
    return (f"{inst['label']}, seed {inst['seed']} (patchbay generate --preset {inst['preset']} "
            f"--seed {inst['seed']}{' ' + knobs if knobs else ''}): {inst['requests']} requests, "
            f"{inst['valid']} valid ({per} at "
            f"{'/'.join('p' + str(lvl) for lvl in inst['levels'])}), {inst['groups']} groups; "
            f"{inst['access_points']} access points, {inst['free_ports']} free ports, "
            f"{inst['subproblems']} subproblems; plain per-request model: "
            f"{inst['plain_model_binaries']:,} binaries")


def render_text(head, lines):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    out = ["  ".join(str(x).ljust(w) for x, w in zip(head, widths))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(str(x).ljust(w) for x, w in zip(line, widths)) for line in lines]
    return "\n".join(out)


def render_markdown(head, lines):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(x) for x in line) + " |" for line in lines]
    return "\n".join(out)


def jsonable(result):
    out = json.loads(json.dumps(result, default=str))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", default="tight", help="one preset (default tight)")
    p.add_argument("--presets", help="comma-separated presets, each NAME[:knob=value...], e.g. "
                                     "small,tight,tight:requests=500 (overrides --preset)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--requests", type=int, help="--requests for every preset (patchbay generate)")
    p.add_argument("--cpsat-time-limit", type=float, default=120.0,
                   help="CP-SAT on the whole model: seconds per priority level (default 120)")
    p.add_argument("--sub-time-limit", type=float,
                   help="per-subproblem solvers: seconds per level and subproblem (default: the "
                        "whole model's limit split over the subproblems by model size)")
    p.add_argument("--cpsat-workers", type=int, default=1,
                   help="CP-SAT workers (default 1, cpsat.py's setting)")
    p.add_argument("--glpsol-time-limit", type=float,
                   help="glpsol --tmlim per priority level (default: --cpsat-time-limit)")
    p.add_argument("--glpsol-options", default="",
                   help="more glpsol options, e.g. '--cuts' (default: none, glpsol's defaults)")
    p.add_argument("--max-binaries", type=int, default=3_000_000,
                   help="skip the whole-model solvers when the plain model is larger")
    p.add_argument("--methods", default=",".join(METHODS),
                   help=f"comma-separated, from {','.join(METHODS)}")
    p.add_argument("--repeat", type=int, default=3,
                   help="runs of Patchbay and the first-fits; the median counts (default 3)")
    p.add_argument("--patchbay", default=os.path.join(ROOT, ".build", "release", "patchbay"))
    p.add_argument("--first-fit", default=os.path.join(ROOT, "Benchmarks", ".build", "release",
                                                       "patchbay-first-fit"))
    p.add_argument("--glpsol", default="glpsol")
    p.add_argument("--out", default=os.path.join(ROOT, "out", "alternatives"))
    args = p.parse_args()
    args.glpsol_time_limit = args.glpsol_time_limit or args.cpsat_time_limit
    args.glpsol_options = args.glpsol_options.split()
    args.methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    for m in args.methods:
        if m not in METHODS:
            p.error(f"unknown method {m!r}; choose from {', '.join(METHODS)}")
    if "patchbay" not in args.methods:
        args.methods.insert(0, "patchbay")
    args.knobs = ["--requests", str(args.requests)] if args.requests else []
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    presets = args.presets.split(",") if args.presets else [args.preset]

    patchbay = crosscheck.ensure_patchbay(args.patchbay, args.patchbay != p.get_default("patchbay"))
    glpsol = None
    if any(m.startswith("glpsol") for m in args.methods):
        glpsol = ensure_glpsol(args.glpsol)
    ctx0 = {"patchbay": patchbay, "glpsol": glpsol}

    results, md, all_flags = [], [], []
    for spec in presets:
        result = compare_preset(spec, args, ctx0)
        results.append(result)
        head, lines = table(result, args.methods)
        print()
        print(describe(result["instance"]))
        print(render_text(head, lines))
        notes = [f"{LABELS[k]}: {n}" for k, r in result["rows"].items()
                 for n in ([r["skipped"]] if "skipped" in r else []) + r.get("notes", [])]
        for n in notes:
            print(f"  note: {n}")
        for f in result["flags"]:
            print(f"  !!! {f}")
        all_flags += result["flags"]
        md.append(f"### {result['instance']['label']}, seed {args.seed}\n\n"
                  f"{describe(result['instance'])}.\n\n{render_markdown(head, lines)}\n"
                  + "".join(f"\n- {n}" for n in notes)
                  + "".join(f"\n- **{f}**" for f in result["flags"]) + "\n")
    settings = {"seed": args.seed, "cpsat_time_limit_per_level": args.cpsat_time_limit,
                "sub_time_limit_per_level": args.sub_time_limit or "split",
                "cpsat_workers": args.cpsat_workers,
                "glpsol_time_limit_per_level": args.glpsol_time_limit,
                "glpsol_options": args.glpsol_options, "repeat": args.repeat,
                "command": " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(jsonable({"settings": settings, "results": results, "flags": all_flags}), f,
                  indent=1, sort_keys=True)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(f"`python3 {settings['command']}`\n\n" + "\n".join(md))
    print(f"\nwritten: {os.path.join(args.out, 'results.json')}, "
          f"{os.path.join(args.out, 'results.md')}")
    if all_flags:
        print(f"\n!!! {len(all_flags)} problem(s); see the lines marked !!! above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
