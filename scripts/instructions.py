#!/usr/bin/env python3
"""The instruction-count gate: the key paths' instruction counts against a committed baseline.

usage: scripts/instructions.py [--update] [--baseline FILE] [--threshold PERCENT]
                               [--workloads NAME,...] [--jobs N] [--patchbay PATH] [--probe PATH]

Runs each workload once under `valgrind --tool=callgrind` on fixed inputs (`patchbay generate
--seed 1`, written to a temporary folder each run) and compares the instructions executed with
Benchmarks/instructions-baseline.json. Instruction counts do not depend on what else the machine
is doing, so one run is enough and a small threshold is safe (BENCHMARKS.md, "The
instruction-count gate (issue 13)").

- A workload more than PERCENT (default 5) above its baseline fails the check (exit 1).
- One more than PERCENT below it passes, and is reported so that the baseline gets re-taken and
  the gain locked in.
- A baseline taken with another valgrind, machine architecture or Swift compiler is not
  compared at all (exit 2): the difference would mean nothing. Re-take it on this machine.

--update runs the workloads and rewrites the baseline file (only the workloads named with
--workloads, when given); commit it, saying in the message why the counts changed.

The binaries are the release builds of `make release` (the Swift runtime linked statically:
valgrind 3.19 cannot run the dynamically linked ones); their debug information is stripped into
a temporary copy first, as valgrind cannot read the toolchain's DWARF 5.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BASELINE = os.path.join(ROOT, "Benchmarks", "instructions-baseline.json")
UPDATE_COMMAND = "make instructions-baseline"
SEED = 1
PLACES = 1000
# The probe's measured function (Sources/PatchbayProbe/main.swift): callgrind counts it and what
# it calls only.
PLACE_SYMBOL = "*PatchbayProbe*placeEach*"


class GateError(Exception):
    """A problem that stops the check before anything is compared (exit 2)."""


# ---- the workloads -------------------------------------------------------------------------------

class Workload:
    """One measured command: `argv(paths)` is what runs under callgrind, `per` how many units
    (requests or places) it handles, to report the count per unit."""

    def __init__(self, name, description, unit, argv, per, toggle=None, check=None):
        self.name, self.description, self.unit = name, description, unit
        self.argv, self.per, self.toggle, self.check = argv, per, toggle, check


def proven_optimal(stderr):
    summary = next((l for l in stderr.splitlines() if l.startswith("patchbay allocate:")), "")
    if "every access point proven optimal" not in summary:
        return f"not every access point proven optimal: {summary or stderr.strip()}"
    return None


def allocate(preset):
    # No time limit that matters (a day): under valgrind the exact search is 50 times slower,
    # and a search cut short by the clock would make the count depend on the machine's load.
    return lambda paths: [
        paths["patchbay"], "allocate", "--inventory", paths[preset]["inventory"],
        "--requests", paths[preset]["requests"], "--threads", "1", "--time-limit", "86400",
        "--output", os.path.join(paths["work"], f"plan-{preset}.json")]


WORKLOADS = [
    Workload("validate-medium", "patchbay validate, medium (decode and validate)", "request",
             lambda paths: [paths["patchbay"], "validate",
                            "--inventory", paths["medium"]["inventory"],
                            "--requests", paths["medium"]["requests"]],
             per=lambda paths: paths["medium"]["requests_count"]),
    Workload("allocate-medium", "patchbay allocate --threads 1, medium", "request",
             allocate("medium"), per=lambda paths: paths["medium"]["requests_count"],
             check=proven_optimal),
    Workload("allocate-tight", "patchbay allocate --threads 1, tight", "request",
             allocate("tight"), per=lambda paths: paths["tight"]["requests_count"],
             check=proven_optimal),
    Workload("place-medium", f"LiveInventory.place, {PLACES} single requests on medium", "place",
             lambda paths: [paths["probe"], "place", "--places", str(PLACES)],
             per=lambda paths: PLACES, toggle=PLACE_SYMBOL),
]


# ---- the comparison (tested by scripts/test_instructions.py) -------------------------------------

def environment_mismatches(baseline, environment):
    """Per workload of the baseline, what of valgrind, architecture and compiler differs from
    `environment`: a list of sentences, empty when the counts can be compared."""
    problems = []
    for name, entry in sorted(baseline.get("workloads", {}).items()):
        for key, label in (("valgrind", "valgrind"), ("architecture", "architecture"),
                           ("swift", "Swift compiler")):
            if entry.get(key) != environment[key]:
                problems.append(f"{name}: the baseline was taken with {label} "
                                f"{entry.get(key)!r}, this machine has {environment[key]!r}")
    return problems


def compare(baseline, measured, threshold):
    """Rows of (workload, baseline count or None, count now, change in percent or None,
    verdict), verdict one of "ok", "slower", "faster", "new"; in the order of `measured`."""
    rows = []
    for name, now in measured.items():
        entry = baseline.get("workloads", {}).get(name)
        if entry is None:
            rows.append((name, None, now, None, "new"))
            continue
        before = entry["count"]
        change = (now - before) / before * 100
        verdict = "slower" if change > threshold else "faster" if change < -threshold else "ok"
        rows.append((name, before, now, change, verdict))
    return rows


def shown_path(path):
    """The path relative to the current folder when it is inside it, else as it is."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def verdict_lines(rows, threshold, baseline_path):
    """What to tell the user about the rows, and whether the check fails."""
    lines, failed = [], False
    shown = shown_path(baseline_path)
    for name, before, now, change, verdict in rows:
        if verdict == "slower":
            failed = True
            lines.append(f"FAIL: {name} runs {change:.1f}% more instructions than its baseline "
                         f"({before:,} -> {now:,}; the threshold is {threshold:g}%).")
        elif verdict == "faster":
            lines.append(f"note: {name} runs {-change:.1f}% fewer instructions than its baseline "
                         f"({before:,} -> {now:,}): re-take the baseline ({UPDATE_COMMAND}) and "
                         "commit it, so that the gain is kept.")
        elif verdict == "new":
            failed = True
            lines.append(f"FAIL: {name} has no baseline in {shown}; take one with "
                         f"{UPDATE_COMMAND} and commit it.")
    if failed and any(r[4] == "slower" for r in rows):
        lines.append(f"If the change is intended, re-take the baseline with {UPDATE_COMMAND} "
                     f"and commit {shown} with the reason in the commit message.")
    return lines, failed


def table(rows, units):
    """The Markdown table of the rows; `units` maps a workload to (unit, count of units)."""
    out = ["| workload | baseline | now | change | now per unit |", "|---|---:|---:|---:|---:|"]
    for name, before, now, change, verdict in rows:
        unit, per = units[name]
        shown_change = "no baseline" if change is None else f"{change:+.2f}%"
        if verdict in ("slower", "faster"):
            shown_change += f" ({verdict})"
        out.append(f"| {name} | {'-' if before is None else f'{before:,}'} | {now:,} | "
                   f"{shown_change} | {now / per:,.0f} per {unit} |")
    return "\n".join(out)


def updated_baseline(baseline, measured, units, environment, date, commit):
    """The baseline with the measured workloads' entries replaced."""
    result = {"about": baseline.get("about", ABOUT), "workloads": dict(baseline.get("workloads",
                                                                                   {}))}
    for name, count in measured.items():
        unit, per = units[name]
        result["workloads"][name] = {
            "count": count, "unit": unit, "units": per, "per_unit": round(count / per),
            "date": date, "commit": commit, **environment}
    result["workloads"] = dict(sorted(result["workloads"].items()))
    return result


ABOUT = ("Instructions executed (callgrind) by each workload of scripts/instructions.py; "
         "`make instructions` fails when one is more than 5% above its count here. Re-take with "
         "`make instructions-baseline` and commit this file with the reason in the message.")


# ---- running -------------------------------------------------------------------------------------

def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def valgrind_version():
    """valgrind's version; on CI (CI=true) installed from Debian when missing."""
    if shutil.which("valgrind") is None:
        if os.environ.get("CI") == "true":
            print("instructions: valgrind is missing; installing it (apt-get install valgrind)",
                  file=sys.stderr)
            sudo = [] if os.geteuid() == 0 else ["sudo"]
            environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            for step in (["apt-get", "update", "-qq"],
                         ["apt-get", "install", "-y", "-qq", "valgrind"]):
                result = run(sudo + step, env=environment)
                if result.returncode != 0:
                    raise GateError(f"{' '.join(sudo + step)} failed (exit {result.returncode}):"
                                    f"\n{result.stderr.strip()}")
        if shutil.which("valgrind") is None:
            raise GateError("valgrind is not installed. The instruction-count gate runs the "
                            "workloads under callgrind; install it with `sudo apt-get install "
                            "valgrind` (Debian, Ubuntu) and run make instructions again.")
    return run(["valgrind", "--version"]).stdout.strip()


def swift_version():
    result = run(["swift", "--version"])
    line = (result.stdout + result.stderr).strip().splitlines()
    if result.returncode != 0 or not line:
        raise GateError("`swift --version` failed: the Swift toolchain must be on PATH "
                        "(export PATH=/opt/swift/usr/bin:$PATH)")
    return line[0].strip()


def git_commit():
    head = run(["git", "rev-parse", "HEAD"], cwd=ROOT)
    if head.returncode != 0:
        return "unknown"
    # Only what is built into the binaries counts: an edited README does not change a count.
    dirty = run(["git", "status", "--porcelain", "--", "Sources", "Package.swift",
                 "Package.resolved"], cwd=ROOT).stdout
    return head.stdout.strip() + (" (with uncommitted changes to the code)" if dirty.strip()
                                  else "")


def stripped_copy(binary, folder):
    if not os.path.exists(binary):
        raise GateError(f"no binary at {binary}: build it first with make release "
                        "(swift build -c release --static-swift-stdlib)")
    if shutil.which("objcopy") is None:
        raise GateError("objcopy (binutils) is missing: install it with `sudo apt-get install "
                        "binutils`")
    copy = os.path.join(folder, os.path.basename(binary))
    result = run(["objcopy", "--strip-debug", binary, copy])
    if result.returncode != 0:
        raise GateError(f"objcopy --strip-debug {binary} failed:\n{result.stderr.strip()}")
    return copy


def generate(patchbay, preset, folder):
    """The preset's inventory and requests (seed 1) in folder/preset, and how many requests."""
    output = os.path.join(folder, preset)
    result = run([patchbay, "generate", "--preset", preset, "--seed", str(SEED),
                  "--output", output])
    found = re.search(r"(\d+) requests in", result.stderr)
    if result.returncode != 0 or not found:
        raise GateError(f"patchbay generate --preset {preset} failed (exit "
                        f"{result.returncode}):\n{result.stderr.strip()}")
    return {"inventory": os.path.join(output, "inventory.json"),
            "requests": os.path.join(output, "requests.json"),
            "requests_count": int(found.group(1))}


def measure(workload, paths):
    """The instructions callgrind collected for one workload; raises GateError if it failed."""
    out_file = os.path.join(paths["work"], f"callgrind.{workload.name}.out")
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"]
    if workload.toggle:
        argv.append(f"--toggle-collect={workload.toggle}")
    command = workload.argv(paths)
    # Swift seeds its hashing per process unless told not to: the same dictionary would then
    # probe differently from run to run, and so would the count.
    environment = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    result = run(argv + command, env=environment, cwd=paths["work"])
    if result.returncode != 0:
        raise GateError(f"{workload.name}: `{' '.join(command)}` under callgrind exited "
                        f"{result.returncode}:\n{result.stderr.strip()[-2000:]}")
    problem = workload.check(result.stderr) if workload.check else None
    if problem:
        raise GateError(f"{workload.name}: {problem}")
    with open(out_file) as handle:
        totals = re.search(r"^(?:totals|summary): (\d+)", handle.read(), re.MULTILINE)
    if not totals or int(totals.group(1)) == 0:
        raise GateError(f"{workload.name}: callgrind collected no instructions"
                        + (f" (is {workload.toggle} still the measured function's symbol? "
                           "see Sources/PatchbayProbe)" if workload.toggle else ""))
    return int(totals.group(1))


def load_baseline(path):
    try:
        with open(path) as handle:
            baseline = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise GateError(f"{path}: not a baseline file ({error}); re-take it with "
                        f"{UPDATE_COMMAND}")
    if not isinstance(baseline.get("workloads"), dict) or not all(
            isinstance(e, dict) and isinstance(e.get("count"), int) and e["count"] > 0
            for e in baseline["workloads"].values()):
        raise GateError(f"{path}: every workload needs a positive whole \"count\"; re-take the "
                        f"baseline with {UPDATE_COMMAND}")
    return baseline


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="rewrite the baseline with this run's counts")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE,
                        help="the baseline file (default Benchmarks/instructions-baseline.json)")
    parser.add_argument("--threshold", type=float, default=5.0,
                        help="percent above the baseline that fails (default 5)")
    parser.add_argument("--workloads", help="comma-separated workloads to run (default all: "
                        + ", ".join(w.name for w in WORKLOADS) + ")")
    parser.add_argument("--jobs", type=int, default=2,
                        help="workloads run at once (default 2; the counts do not change)")
    parser.add_argument("--patchbay", default=os.path.join(ROOT, ".build/release/patchbay"))
    parser.add_argument("--probe", default=os.path.join(ROOT, ".build/release/patchbay-probe"))
    options = parser.parse_args(argv)
    if not 0 < options.threshold < 100:
        parser.error("--threshold must be more than 0 and less than 100")
    if options.jobs < 1:
        parser.error("--jobs must be at least 1")
    workloads = WORKLOADS
    if options.workloads:
        names = options.workloads.split(",")
        unknown = [n for n in names if n not in {w.name for w in WORKLOADS}]
        if unknown:
            parser.error(f"unknown workload {', '.join(unknown)}; the workloads are "
                         + ", ".join(w.name for w in WORKLOADS))
        workloads = [w for w in WORKLOADS if w.name in names]

    try:
        environment = {"valgrind": valgrind_version(), "architecture": platform.machine(),
                       "swift": swift_version()}
        baseline = load_baseline(options.baseline)
        if baseline is None and not options.update:
            raise GateError(f"no baseline at {options.baseline}: take one with "
                            f"{UPDATE_COMMAND} and commit it")
        if baseline and not options.update:
            wanted = {"workloads": {k: v for k, v in baseline["workloads"].items()
                                    if k in {w.name for w in workloads}}}
            mismatches = environment_mismatches(wanted, environment)
            if mismatches:
                raise GateError(
                    "the baseline cannot be compared with this machine's counts (they would "
                    "differ for reasons that are not the code's):\n  " + "\n  ".join(mismatches)
                    + f"\nRe-take it here with {UPDATE_COMMAND} (on the code the baseline was "
                    "taken on, to keep the gate meaningful) and commit it, saying why.")

        with tempfile.TemporaryDirectory(prefix="patchbay-instructions-") as work:
            paths = {"work": work, "patchbay": stripped_copy(options.patchbay, work)}
            if any(w.toggle for w in workloads):
                paths["probe"] = stripped_copy(options.probe, work)
            for preset in ("medium", "tight"):
                paths[preset] = generate(paths["patchbay"], preset, work)
            print(f"instructions: {len(workloads)} workloads under callgrind "
                  f"({environment['valgrind']}), {options.jobs} at a time", file=sys.stderr)
            with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
                futures = {w.name: pool.submit(measure, w, paths) for w in workloads}
                measured = {name: future.result() for name, future in futures.items()}
            units = {w.name: (w.unit, w.per(paths)) for w in workloads}
    except GateError as error:
        print(f"instructions: {error}", file=sys.stderr)
        return 2

    if options.update:
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        new = updated_baseline(baseline or {}, measured, units, environment, date, git_commit())
        with open(options.baseline, "w") as handle:
            json.dump(new, handle, indent=2)
            handle.write("\n")
        rows = compare(baseline or {}, measured, options.threshold)
        print(table(rows, units))
        print(f"instructions: wrote {shown_path(options.baseline)}; commit it with the "
              "reason for the new counts in the message.", file=sys.stderr)
        return 0

    rows = compare(baseline, measured, options.threshold)
    print(table(rows, units))
    lines, failed = verdict_lines(rows, options.threshold, options.baseline)
    for line in lines:
        print(line, file=sys.stderr)
    if not failed:
        print(f"instructions: every workload within {options.threshold:g}% of its baseline or "
              "below it", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
