#!/usr/bin/env python3
"""Writes a large, mostly valid batch of requests against fixtures/datacenter/inventory.json,
for measuring how fast Patchbay reads and validates (BENCHMARKS.md).

usage: scripts/big-batch.py COUNT OUTPUT.json|OUTPUT.csv [--seed N]

About 95% of the requests are valid: each has its own account (so the pending limit stays out of
the way), 40% are in redundant pairs, and the rest carry a realistic share of mistakes.
"""
import csv
import json
import random
import sys

COLUMNS = ["id", "account", "region", "accessPoint", "lineOperator", "portSpec", "portType",
           "redundantConnection", "priority"]
SPEC = {"100Base-T": "1G", "1000Base-T": "1G", "1000Base-LX": "1G", "10GBase-T": "10G",
        "10GBase-LR": "10G", "40GBase-LR": "40G", "100GBase-LR": "100G"}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count, output = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    with open("fixtures/datacenter/inventory.json") as handle:
        inventory = json.load(handle)
    points = [p for p in inventory["accessPoints"] if p["status"] in ("recommended", "hot")]
    requests = []
    for index in range(count):
        point = rng.choice(points)
        types = [t for t in point["portTypes"] if SPEC[t] in ("1G", "10G")] or point["portTypes"]
        port_type = rng.choice(types)
        request = {"id": f"req-{index:07d}", "account": f"{100000 + index}",
                   "region": point["region"], "accessPoint": point["id"],
                   "lineOperator": rng.choice(point["lineOperators"]),
                   "portSpec": SPEC[port_type], "portType": port_type,
                   "redundantConnection": None, "priority": rng.randrange(3)}
        if index % 5 in (1, 3) and requests:  # 40% in pairs: each odd one names the one before
            previous = requests[-1]
            for key in ("region", "accessPoint", "lineOperator", "portSpec", "portType"):
                request[key] = previous[key]
            request["redundantConnection"] = previous["id"]
        elif rng.random() < 0.05:
            request["portType"] = rng.choice(["25GBase-SR", "155M CPOS", "10GBase-ER"])
        requests.append(request)
    if output.endswith(".csv"):
        with open(output, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for request in requests:
                writer.writerow(["" if request[c] is None else request[c] for c in COLUMNS])
    else:
        with open(output, "w") as handle:
            handle.write('{"requests": [\n')
            handle.write(",\n".join(json.dumps(r) for r in requests))
            handle.write("\n]}\n")


if __name__ == "__main__":
    main()
