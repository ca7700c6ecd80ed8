#!/usr/bin/env python3
"""How `patchbay allocate` scales: wall time and peak memory from `small` to `huge`.

usage: scripts/scale.py [--patchbay PATH] [--presets small,medium,large,huge] [--seed N]
                        [--runs N] [--huge-runs N] [--work DIR] [--svg docs/scale.svg]
                        [--table FILE]

For each preset it writes the synthetic data centre (`patchbay generate --preset P --seed N`,
kept in DIR/P and reused when it is there already), then runs the release `patchbay allocate`
on it RUNS times (HUGE-RUNS times for huge) under `/usr/bin/time`, and keeps the fastest wall
time (the machine is shared: the minimum is the run least disturbed by others) and the highest
peak resident memory. It prints a Markdown table (also written to FILE with --table) and draws
both against the number of requests, log-log, in an SVG (no plotting library needed).

Every run must exit 0 and say that every access point is proven optimal; the plans of one
preset must be the same bytes from run to run.
"""
import argparse
import hashlib
import math
import os
import re
import subprocess
import sys

GOALS = {  # DESIGN.md's performance goals (issue 13): requests -> (seconds, bytes or None)
    100_000: (0.6, None),
    1_000_000: (8.0, 2 * 1024**3),
}


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr}")
    return result


def generate(patchbay, preset, seed, folder):
    inventory = os.path.join(folder, "inventory.json")
    requests = os.path.join(folder, "requests.json")
    marker = os.path.join(folder, "generated-by")
    wanted = f"{preset} {seed}\n"
    if not (os.path.exists(marker) and open(marker).read() == wanted):
        os.makedirs(folder, exist_ok=True)
        run([patchbay, "generate", "--preset", preset, "--seed", str(seed), "--output", folder])
        with open(marker, "w") as handle:
            handle.write(wanted)
    return inventory, requests


def measure(patchbay, inventory, requests, plan, runs):
    """The fastest wall time, highest peak RSS (bytes) and the summary line of the runs."""
    walls, peaks, digests, summary = [], [], set(), ""
    for _ in range(runs):
        result = run(["/usr/bin/time", "-f", "scale: %e %M", patchbay, "allocate",
                      "--inventory", inventory, "--requests", requests, "--output", plan])
        lines = result.stderr.splitlines()
        wall, peak = next(l for l in lines if l.startswith("scale: ")).split()[1:]
        summary = next(l for l in lines if l.startswith("patchbay allocate:"))
        if "every access point proven optimal" not in summary:
            sys.exit(f"not every access point proven optimal: {summary}")
        walls.append(float(wall))
        peaks.append(int(peak) * 1024)
        with open(plan, "rb") as handle:
            digests.add(hashlib.sha256(handle.read()).hexdigest())
    if len(digests) != 1:
        sys.exit(f"{plan}: the plan differs from run to run")
    return min(walls), max(peaks), summary, walls


def counts(summary):
    """Requests of the batch and requests placed, from the summary line."""
    requests = int(re.search(r"allocate: (\d+) requests", summary).group(1))
    placed = int(re.search(r"(\d+) placed", summary).group(1))
    return requests, placed


def svg(rows, path):
    """Two log-log panels: wall time and peak memory against requests, with the goals."""
    width, height, margin = 860, 360, 70
    panel = (width - 3 * margin) // 2
    xs = [row["requests"] for row in rows]
    low_x, high_x = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>']

    def draw(left, title, unit, values, goals, colour, label, goal_label):
        top, bottom = 40, height - 50
        finite = [v for v in values + [g for _, g in goals] if v > 0]
        # Half a decade of room either way, so no point sits on the frame.
        low_y = math.floor(math.log10(min(finite) / 3))
        high_y = math.ceil(math.log10(max(finite) * 3))

        def x(value):
            return left + (math.log10(value) - low_x) / (high_x - low_x) * panel

        def y(value):
            return bottom - (math.log10(value) - low_y) / (high_y - low_y) * (bottom - top)

        parts.append(f'<text x="{left + panel / 2}" y="22" text-anchor="middle" '
                     f'font-size="14">{title}</text>')
        parts.append(f'<rect x="{left}" y="{top}" width="{panel}" height="{bottom - top}" '
                     'fill="none" stroke="#444"/>')
        for exponent in range(low_x, high_x + 1):
            gx = x(10**exponent)
            parts.append(f'<line x1="{gx}" y1="{top}" x2="{gx}" y2="{bottom}" stroke="#ddd"/>')
            parts.append(f'<text x="{gx}" y="{bottom + 16}" text-anchor="middle">'
                         f'10<tspan dy="-5" font-size="9">{exponent}</tspan></text>')
        for exponent in range(low_y, high_y + 1):
            gy = y(10**exponent)
            tick = f"{10**exponent:g}"
            parts.append(f'<line x1="{left}" y1="{gy}" x2="{left + panel}" y2="{gy}" '
                         'stroke="#ddd"/>')
            parts.append(f'<text x="{left - 6}" y="{gy + 4}" text-anchor="end">{tick}</text>')
        parts.append(f'<text x="{left + panel / 2}" y="{height - 12}" text-anchor="middle">'
                     'requests in the batch</text>')
        parts.append(f'<text x="{left - 52}" y="{(top + bottom) / 2}" text-anchor="middle" '
                     f'transform="rotate(-90 {left - 52} {(top + bottom) / 2})">{unit}</text>')
        points = " ".join(f"{x(r):.1f},{y(v):.1f}" for r, v in zip(xs, values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     'stroke-width="2"/>')
        for r, v in zip(xs, values):
            # Labels right of the point, or left of it near the panel's right edge.
            near_edge = x(r) > left + 0.8 * panel
            anchor, dx = ("end", -8) if near_edge else ("start", 8)
            parts.append(f'<circle cx="{x(r):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}"/>')
            parts.append(f'<text x="{x(r) + dx:.1f}" y="{y(v) + 14:.1f}" '
                         f'text-anchor="{anchor}">{label(v)}</text>')
        for requests, goal in goals:
            gx, gy = x(requests), y(goal)
            # Above the goal line, or below it where the measured point's label would be.
            label_y = gy - 5
            point_labels = [y(v) + 14 for r, v in zip(xs, values) if r == requests]
            if any(abs(point - label_y) < 14 for point in point_labels):
                # Below the line, and clear of the point's label when that is below it too.
                label_y = max([gy + 16] + [point + 15 for point in point_labels])
            parts.append(f'<line x1="{gx - 12:.1f}" y1="{gy:.1f}" x2="{gx + 12:.1f}" '
                         f'y2="{gy:.1f}" stroke="#c00" stroke-width="2"/>')
            parts.append(f'<text x="{gx - 14:.1f}" y="{label_y:.1f}" text-anchor="end" '
                         f'fill="#c00">goal {goal_label(goal)}</text>')

    seconds = [row["wall"] for row in rows]
    mebibytes = [row["peak"] / 1024**2 for row in rows]
    draw(margin, "patchbay allocate: wall time (fastest run)", "seconds", seconds,
         [(r, g[0]) for r, g in GOALS.items() if min(xs) <= r <= max(xs)], "#1f5fa8",
         lambda v: f"{v:.2f} s", lambda v: f"{v:g} s")
    draw(2 * margin + panel, "peak resident memory", "MiB", mebibytes,
         [(r, g[1] / 1024**2) for r, g in GOALS.items()
          if g[1] is not None and min(xs) <= r <= max(xs)], "#2a8a3a",
         lambda v: f"{v / 1024:.2f} GiB" if v >= 1024 else f"{v:.0f} MiB",
         lambda v: f"{v / 1024:g} GiB")
    parts.append("</svg>")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as handle:
        handle.write("\n".join(parts) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patchbay", default=".build/release/patchbay")
    parser.add_argument("--presets", default="small,medium,large,huge")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--huge-runs", type=int, default=2)
    parser.add_argument("--work", default="/tmp/patchbay-scale")
    parser.add_argument("--svg", default="docs/scale.svg")
    parser.add_argument("--table")
    options = parser.parse_args()

    rows = []
    for preset in options.presets.split(","):
        folder = os.path.join(options.work, preset)
        inventory, requests = generate(options.patchbay, preset, options.seed, folder)
        runs = options.huge_runs if preset == "huge" else options.runs
        wall, peak, summary, walls = measure(
            options.patchbay, inventory, requests, os.path.join(folder, "plan.json"), runs)
        request_count, placed = counts(summary)
        ports = int(re.search(r'"ports":\s*(\d+)', run(
            [options.patchbay, "validate", "--inventory", inventory, "--format", "json"]
        ).stdout).group(1))
        rows.append({"preset": preset, "requests": request_count, "ports": ports,
                     "placed": placed, "wall": wall, "peak": peak, "runs": len(walls),
                     "inventory": os.path.getsize(inventory)})
        print(f"{preset}: {wall:.2f} s (runs {', '.join(f'{w:.2f}' for w in walls)}), "
              f"{peak / 1024**2:.0f} MiB", file=sys.stderr)

    table = ["| preset | ports | requests | placed | inventory file | wall (fastest) | runs "
             "| peak resident |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        table.append(f"| {row['preset']} | {row['ports']:,} | {row['requests']:,} | "
                     f"{row['placed']:,} | {row['inventory'] / 1e6:.1f} MB | "
                     f"{row['wall']:.2f} s | {row['runs']} | {row['peak'] / 1024**2:,.0f} MiB |")
    text = "\n".join(table) + "\n"
    print(text, end="")
    if options.table:
        with open(options.table, "w") as handle:
            handle.write(text)
    svg(rows, options.svg)


if __name__ == "__main__":
    main()
