#!/usr/bin/env python3
"""Writes a large synthetic data centre and batch for measuring `patchbay allocate`
(BENCHMARKS.md), until `patchbay generate` (issue 4) replaces it.

usage: scripts/synthetic-large.py OUTPUT_DIR [--seed N]

100 access points in 10 regions, 2 devices each with 30 SFP+ cages of 48 ports (10GBase-LR or
1000Base-LX) and 60 QSFP28 ports (100GBase-LR or 40GBase-LR): 300,000 ports, about half of the
SFP+ ports held by Enabled connections. 100,000 requests, 40% of them in redundant pairs,
priorities 0 to 2, types weighted towards 10G.
"""
import json
import os
import random
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    regions = [{"id": f"r{i}"} for i in range(10)]
    points, devices, connections = [], [], []
    sfp, qsfp = ["10GBase-LR", "1000Base-LX"], ["100GBase-LR", "40GBase-LR"]
    for a in range(100):
        point = f"ap-r{a % 10}-s{a}-A"
        points.append({"id": point, "region": f"r{a % 10}", "status": "recommended",
                       "lineOperators": ["CT", "CU", "CM"],
                       "portTypes": ["1000Base-LX", "10GBase-LR", "40GBase-LR", "100GBase-LR"]})
        for d in range(2):
            device = f"{point}-asw-{d}"
            ports = [{"names": f"{slot}/1/1-48", "portTypes": sfp} for slot in range(1, 31)]
            ports.append({"names": "31/1/1-60", "portTypes": qsfp})
            devices.append({"id": device, "accessPoint": point, "ports": ports})
            for slot in range(1, 31):
                for port in range(1, 49):
                    if rng.random() < 0.5:
                        connections.append({
                            "id": f"pc-{len(connections)}", "account": "1",
                            "accessPoint": point, "device": device, "port": f"{slot}/1/{port}",
                            "portType": "10GBase-LR", "status": "Enabled"})
    with open(os.path.join(out, "inventory.json"), "w") as handle:
        json.dump({"regions": regions, "accessPoints": points, "devices": devices,
                   "connections": connections, "highSpeedWhitelist": ["1"],
                   "policy": {"maxPendingPerAccount": None}}, handle)
    spec = {"10GBase-LR": "10G", "1000Base-LX": "1G", "100GBase-LR": "100G"}
    requests, index = [], 0
    while len(requests) < 100000:
        point = points[rng.randrange(100)]
        kind = rng.choice(["10GBase-LR", "10GBase-LR", "1000Base-LX", "100GBase-LR"])
        base = {"account": "1", "region": point["region"], "accessPoint": point["id"],
                "lineOperator": "CT", "portSpec": spec[kind], "portType": kind,
                "priority": rng.randrange(3)}
        if rng.random() < 0.2:
            requests.append(dict(base, id=f"q{index}"))
            requests.append(dict(base, id=f"q{index + 1}", redundantConnection=f"q{index}"))
            index += 2
        else:
            requests.append(dict(base, id=f"q{index}"))
            index += 1
    with open(os.path.join(out, "requests.json"), "w") as handle:
        json.dump({"requests": requests}, handle)


if __name__ == "__main__":
    main()
