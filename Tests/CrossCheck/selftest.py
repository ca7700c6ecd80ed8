#!/usr/bin/env python3
"""Tests of the cross-check itself: the plan checker catches each kind of broken plan, the Python
validation follows FORMATS.md on hand-made cases, CP-SAT finds known optima, and the harness
passes an optimal stand-in allocator and fails a greedy and a cheating one (fake_patchbay.py).
For capacity and drain: planning.py's CP-SAT models give hand-worked answers and agree with
plainer models (one variable per port, brute force) on small cases; the checkers catch every
wrong answer of fake_patchbay.py's spoilt modes; the harness passes a right stand-in, fails
wrong ones, and cannot run (exit 2) without a `drain` command.

    python3 Tests/CrossCheck/selftest.py
"""

import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bootstrap  # noqa: E402

bootstrap.ensure_ortools()

import itertools  # noqa: E402
import random  # noqa: E402

from ortools.sat.python import cp_model  # noqa: E402

import contract  # noqa: E402
import cpsat  # noqa: E402
import crosscheck  # noqa: E402
import fake_patchbay  # noqa: E402
import generate  # noqa: E402
import planning  # noqa: E402
import planning_check  # noqa: E402

AP = "ap-x-a"


def inventory(connections=(), devices=None, extra_ap=False):
    """One region, access point AP with devices d1, d2 (two 10G/1G ports and one 40G each)."""
    devices = devices or [
        {"id": "d1", "accessPoint": AP, "ports": [
            {"names": "1/1/1-2", "portTypes": ["10GBase-LR", "1000Base-LX"]},
            {"name": "1/2/1", "portTypes": ["40GBase-LR"]}]},
        {"id": "d2", "accessPoint": AP, "ports": [
            {"names": "1/1/1-2", "portTypes": ["10GBase-LR", "1000Base-LX"]},
            {"name": "1/2/1", "portTypes": ["40GBase-LR"]}]},
    ]
    aps = [{"id": AP, "region": "x", "status": "recommended", "lineOperators": ["CT", "CU"],
            "portTypes": ["1000Base-LX", "10GBase-LR", "40GBase-LR"]}]
    regions = [{"id": "x"}]
    if extra_ap:
        regions.append({"id": "y"})
        aps.append({"id": "ap-y-a", "region": "y", "lineOperators": ["CT"],
                    "portTypes": ["10GBase-LR"]})
        devices = devices + [{"id": "e1", "accessPoint": "ap-y-a", "ports": [
            {"name": "1/1/1", "portTypes": ["10GBase-LR"]}]}]
    return contract.Inventory({
        "regions": regions, "accessPoints": aps, "devices": devices,
        "connections": list(connections), "highSpeedWhitelist": ["1"],
        "policy": {"maxPendingPerAccount": None}})


def req(rid, port_type="10GBase-LR", partner=None, priority=0, **kw):
    r = {"id": rid, "account": "1", "region": "x", "accessPoint": AP, "lineOperator": "CT",
         "portSpec": contract.SPEC_OF.get(port_type, "10G"), "portType": port_type,
         "priority": priority}
    if partner:
        r["redundantConnection"] = partner
    r.update(kw)
    return r


def conn(cid, device, port, status="Enabled", port_type="10GBase-LR", ap=AP):
    return {"id": cid, "account": "1", "accessPoint": ap, "device": device, "port": port,
            "portType": port_type, "status": status}


def plan(problem, placements, unplaced_code="capacity_contention"):
    """A plan placing `placements` {request: (device, port)}, everything else unplaced/rejected."""
    assignments = [{"request": r, "accessPoint": problem.by_id[r]["accessPoint"], "device": d,
                    "port": p, "portType": problem.by_id[r]["portType"]}
                   for r, (d, p) in placements.items()]
    aps = {}
    for r in problem.requests:
        e = aps.setdefault(r["accessPoint"], {"id": r["accessPoint"], "requests": 0, "placed": 0,
                                              "method": "test", "optimal": True})
        e["requests"] += 1
        e["placed"] += r["id"] in placements
    unplaced = [{"request": r, "code": unplaced_code} for r in problem.valid if r not in placements]
    rejected = [{"request": r, "code": c} for r, c in problem.rejected.items()]
    return {"assignments": assignments, "rejected": rejected, "unplaced": unplaced,
            "accessPoints": list(aps.values()),
            "summary": {"requests": len(problem.requests), "placed": len(assignments),
                        "rejected": len(rejected), "unplaced": len(unplaced), "optimal": True}}


class PlanCheckerTests(unittest.TestCase):
    def violations(self, problem, placements, **kw):
        return crosscheck.check_plan(problem, plan(problem, placements, **kw))

    def test_a_good_plan_passes(self):
        p = contract.Problem(inventory(), [req("a"), req("b", partner="a")])
        self.assertEqual(self.violations(p, {"a": ("d1", "1/1/1"), "b": ("d2", "1/1/1")}), [])

    def test_occupied_port(self):
        p = contract.Problem(inventory([conn("pc-1", "d1", "1/1/1")]), [req("a")])
        v = self.violations(p, {"a": ("d1", "1/1/1")})
        self.assertTrue(any("held by a live connection" in x for x in v), v)

    def test_dead_connection_frees_its_port(self):
        for status in ("Terminated", "Canceled", "Rejected", "AllocationFailed"):
            p = contract.Problem(inventory([conn("pc-1", "d1", "1/1/1", status=status)]), [req("a")])
            self.assertEqual(self.violations(p, {"a": ("d1", "1/1/1")}), [], status)

    def test_port_given_twice(self):
        p = contract.Problem(inventory(), [req("a"), req("b")])
        v = self.violations(p, {"a": ("d1", "1/1/1"), "b": ("d1", "1/1/1")})
        self.assertTrue(any("given twice" in x for x in v), v)

    def test_wrong_type(self):
        p = contract.Problem(inventory(), [req("a", "40GBase-LR")])
        v = self.violations(p, {"a": ("d1", "1/1/1")})
        self.assertTrue(any("not 40GBase-LR" in x for x in v), v)

    def test_no_such_port_or_device(self):
        p = contract.Problem(inventory(), [req("a"), req("b")])
        v = self.violations(p, {"a": ("d1", "9/9/9"), "b": ("d9", "1/1/1")})
        self.assertTrue(any("has no port" in x for x in v), v)
        self.assertTrue(any("unknown device" in x for x in v), v)

    def test_device_at_another_access_point(self):
        p = contract.Problem(inventory(extra_ap=True), [req("a")])
        v = self.violations(p, {"a": ("e1", "1/1/1")})
        self.assertTrue(any("is at ap-y-a" in x for x in v), v)

    def test_redundant_pair_on_one_device(self):
        p = contract.Problem(inventory(), [req("a"), req("b", partner="a")])
        v = self.violations(p, {"a": ("d1", "1/1/1"), "b": ("d1", "1/1/2")})
        self.assertTrue(any("both on d1" in x for x in v), v)

    def test_chain_allows_a_equal_c(self):
        p = contract.Problem(inventory(), [req("a", partner="b"), req("b", partner="c"), req("c")])
        ok = {"a": ("d1", "1/1/1"), "b": ("d2", "1/1/1"), "c": ("d1", "1/1/2")}
        self.assertEqual(self.violations(p, ok), [])

    def test_on_the_device_of_the_existing_partner(self):
        p = contract.Problem(inventory([conn("pc-1", "d1", "1/1/1")]), [req("a", partner="pc-1")])
        v = self.violations(p, {"a": ("d1", "1/1/2")})
        self.assertTrue(any("device of its redundant connection" in x for x in v), v)
        self.assertEqual(self.violations(p, {"a": ("d2", "1/1/2")}), [])

    def test_group_in_part(self):
        p = contract.Problem(inventory(), [req("a"), req("b", partner="a")])
        v = self.violations(p, {"a": ("d1", "1/1/1")})
        self.assertTrue(any("placed only in part" in x for x in v), v)

    def test_rejected_request_placed_and_missing_request(self):
        p = contract.Problem(inventory(), [req("a", lineOperator="CM"), req("b")])
        broken = plan(p, {})
        broken["unplaced"] = []  # b is nowhere
        broken["assignments"] = [{"request": "a", "accessPoint": AP, "device": "d1",
                                  "port": "1/1/1", "portType": "10GBase-LR"}]
        broken["rejected"] = []
        v = crosscheck.check_plan(p, broken)
        self.assertTrue(any("must be rejected (line_operator_not_served)" in x for x in v), v)
        self.assertTrue(any("b is in none of" in x for x in v), v)

    def test_untrue_unplaced_codes(self):
        p = contract.Problem(inventory(), [req("a")])
        v = self.violations(p, {}, unplaced_code="no_free_port")
        self.assertTrue(any("no_free_port, but" in x for x in v), v)
        full = inventory([conn("pc-1", "d1", "1/1/1"), conn("pc-2", "d1", "1/1/2"),
                          conn("pc-3", "d2", "1/1/1"), conn("pc-4", "d2", "1/1/2")])
        p = contract.Problem(full, [req("a")])
        v = self.violations(p, {}, unplaced_code="capacity_contention")
        self.assertTrue(any("capacity_contention, but no free port" in x for x in v), v)
        self.assertEqual(self.violations(p, {}, unplaced_code="no_free_port"), [])


class ValidationTests(unittest.TestCase):
    def codes(self, inv, requests):
        return contract.validate(inv, requests)

    def test_table_order_and_cascade(self):
        inv = inventory([conn("pc-1", "d1", "1/1/1", status="Terminating")])
        got = self.codes(inv, [
            req("a", partner="pc-1"),             # not ready (Terminating holds a port)
            req("b", partner="a"),                # cascade
            req("c", partner="c"),                # self
            req("d", partner="zz"),               # unknown
            req("e", portSpec="1G"),              # spec mismatch
            req("f", "100GBase-LR"),              # not offered
            req("g", "40GBase-LR", account="2"),  # whitelist
            req("h", region="y"),                 # unknown region
        ])
        self.assertEqual(got, {"a": "redundant_connection_not_ready",
                               "b": "redundant_partner_rejected", "c": "redundant_connection_self",
                               "d": "unknown_redundant_connection", "e": "port_spec_mismatch",
                               "f": "port_type_not_offered", "g": "whitelist_required",
                               "h": "unknown_region"})

    def test_sdh_interface_comes_before_unknown_port_type(self):
        inv = inventory()
        got = self.codes(inv, [
            req("a", "155M CPOS", portSpec="155M"),  # SDH: unsupported_interface
            req("b", "25GBase-SR"),                  # not SDH: unknown_port_type
            req("c", "10GBase-LR", portSpec="V.35"),  # an SDH spec
            req("d", "155M CPOS", lineOperator="XX"),  # an earlier check wins
        ])
        self.assertEqual(got, {"a": "unsupported_interface", "b": "unknown_port_type",
                               "c": "unsupported_interface", "d": "unknown_line_operator"})

    def test_link_across_regions_still_joins_the_group(self):
        inv = inventory(extra_ap=True)
        other = req("b", region="y", accessPoint="ap-y-a")
        got = self.codes(inv, [req("a", partner="b"), other, req("c", partner="b")])
        self.assertEqual(got, {"a": "redundant_connection_region_mismatch",
                               "b": "redundant_partner_rejected",
                               "c": "redundant_connection_region_mismatch"})


class CPSATTests(unittest.TestCase):
    def test_pair_and_priorities(self):
        # 4 ports of 10G/1G on two devices; a pair (p1), two singletons at p2, one at p0.
        p = contract.Problem(inventory(), [req("a", priority=1), req("b", partner="a", priority=1),
                                           req("c", priority=2), req("d", priority=2),
                                           req("e", priority=0)])
        res = cpsat.optimum(p)
        self.assertEqual(res["levels"], {2: 2, 1: 2, 0: 0})
        self.assertTrue(res["optimal"])

    def test_keep_going_without_a_solution(self):
        # With no time at all CP-SAT finds nothing: by default an error, with keep_going an
        # answer that places nothing and proves nothing.
        p = contract.Problem(inventory(), [req("a", priority=1), req("b", priority=0)])
        with self.assertRaises(RuntimeError):
            cpsat.solve_requests(p, p.valid, 0.0)
        res = cpsat.solve_requests(p, p.valid, 0.0, keep_going=True)
        self.assertEqual((res["levels"], res["proven"], res["assignment"], res["stopped"]),
                         ({1: 0, 0: 0}, {1: False, 0: False}, {}, 1))

    def test_pair_needs_two_devices(self):
        # Only d1 has free 10G ports: a pair cannot be placed, a singleton can.
        inv = inventory([conn("pc-1", "d2", "1/1/1"), conn("pc-2", "d2", "1/1/2")])
        p = contract.Problem(inv, [req("a", priority=2), req("b", partner="a", priority=2),
                                   req("c", priority=0)])
        self.assertEqual(cpsat.optimum(p)["levels"], {2: 0, 0: 1})

    def test_a_lower_priority_group_gives_way(self):
        # One 40G port per device; a 40G pair at p1 against one 40G singleton at p2.
        p = contract.Problem(inventory(), [req("a", "40GBase-LR", priority=1),
                                           req("b", "40GBase-LR", partner="a", priority=1),
                                           req("c", "40GBase-LR", priority=2)])
        self.assertEqual(cpsat.optimum(p)["levels"], {2: 1, 1: 0})


class GeneratorTests(unittest.TestCase):
    def test_deterministic_per_seed(self):
        for seed in (1, 2, 77):
            self.assertEqual(generate.generate(seed), generate.generate(seed))

    def test_subproblems_lose_nothing(self):
        # Solving the access points (joined by groups) apart gives the whole batch's optimum.
        for seed in range(1, 31):
            inv_doc, reqs, _ = generate.generate(seed)
            p = contract.Problem(contract.Inventory(inv_doc), reqs["requests"])
            self.assertEqual(cpsat.optimum(p)["levels"], cpsat.optimum(p, whole=True)["levels"],
                             f"seed {seed}")


class HarnessTests(unittest.TestCase):
    def run_harness(self, mode, n=8, options=("--skip", "capacity", "--skip", "drain"), env=None):
        env = dict(os.environ, CROSSCHECK_FAKE=mode, **(env or {}))
        proc = subprocess.run(
            [sys.executable, os.path.join(HERE, "crosscheck.py"), str(n), "--seed", "500",
             "--patchbay", os.path.join(HERE, "fake_patchbay.py"), *options],
            capture_output=True, text=True, env=env)
        return proc.returncode, proc.stdout + proc.stderr

    def test_an_optimal_allocator_passes(self):
        rc, out = self.run_harness("optimal")
        self.assertEqual(rc, 0, out)
        self.assertTrue(out.rstrip().endswith("8 passed, 0 failed"), out)

    def test_a_greedy_allocator_is_caught(self):
        rc, out = self.run_harness("greedy")
        self.assertEqual(rc, 1, out)
        self.assertIn("optimum: suboptimal", out)
        self.assertNotIn("plan:", out)  # its plans are valid, only not optimal

    def test_a_cheating_allocator_is_caught(self):
        rc, out = self.run_harness("cheat")
        self.assertEqual(rc, 1, out)
        self.assertIn("plan: ", out)
        self.assertTrue(out.rstrip().endswith("0 passed, 8 failed"), out)


    # Capacity and drain: a stand-in answering planning.py's figures passes; one spoilt in one way
    # fails with exit 1; a binary without `drain` cannot be checked (exit 2).
    PLANNING = ("--large", "1", "--skip", "allocate")

    def test_right_capacity_and_drain_pass(self):
        rc, out = self.run_harness("optimal", n=1, options=self.PLANNING)
        self.assertEqual(rc, 0, out)
        self.assertIn("2 passed, 0 failed", out)

    def test_a_wrong_pairs_figure_is_caught(self):
        rc, out = self.run_harness("cap-pairs", n=1, options=self.PLANNING + ("--skip", "drain"))
        self.assertEqual(rc, 1, out)
        self.assertIn("CP-SAT maximum", out)
        self.assertIn("0 passed, 2 failed", out)

    def test_a_drain_moving_fewer_is_caught(self):
        rc, out = self.run_harness("drain-fewer", n=1,
                                   options=self.PLANNING + ("--skip", "capacity"))
        self.assertEqual(rc, 1, out)
        self.assertIn("0 passed, 2 failed", out)
        self.assertIn("drain optimum: moves", out)
        self.assertNotIn("  drain: ", out)  # a feasible plan, only not optimal

    def test_an_infeasible_drain_is_caught(self):
        rc, out = self.run_harness("drain-twice", n=1,
                                   options=self.PLANNING + ("--skip", "capacity"))
        self.assertEqual(rc, 1, out)
        self.assertIn("0 passed, 2 failed", out)
        self.assertIn("connections after the moves", out)

    def test_no_drain_command_cannot_run(self):
        rc, out = self.run_harness("optimal", n=1, options=self.PLANNING,
                                   env={"CROSSCHECK_FAKE_COMMANDS": "allocate capacity"})
        self.assertEqual(rc, 2, out)
        self.assertIn("no `drain` command; run with --skip drain", out)


# ---- capacity and drain (planning.py, planning_check.py) -----------------------------------------

def site(devices, connections=(), offered=("1000Base-LX", "10GBase-LR", "40GBase-LR")):
    """One access point AP; `devices` {id: [(port names entry, [types])]}."""
    devs = []
    for dev, entries in devices.items():
        ports = [{"names" if "-" in name else "name": name, "portTypes": types}
                 for name, types in entries]
        devs.append({"id": dev, "accessPoint": AP, "ports": ports})
    return planning.Site({
        "regions": [{"id": "x"}],
        "accessPoints": [{"id": AP, "region": "x", "status": "recommended",
                          "lineOperators": ["CT"], "portTypes": list(offered)}],
        "devices": devs, "connections": list(connections), "highSpeedWhitelist": [],
        "policy": {"maxPendingPerAccount": None}})


TEN, ONE, BOTH = ["10GBase-LR"], ["1000Base-LX"], ["10GBase-LR", "1000Base-LX"]


def pairs_by_ports(free_per_device):
    """Most pairs by the plain model: a 0-1 variable per two ports on different devices."""
    ports = [(d, i) for d, n in enumerate(free_per_device) for i in range(n)]
    model = cp_model.CpModel()
    x = {}
    for a, b in itertools.combinations(ports, 2):
        if a[0] != b[0]:
            x[(a, b)] = model.NewBoolVar("")
    for p in ports:
        vs = [v for k, v in x.items() if p in k]
        if vs:
            model.AddAtMostOne(vs)
    model.Maximize(sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.Solve(model) == cp_model.OPTIMAL
    return round(solver.ObjectiveValue())


def rehomed_by_brute_force(s, failed):
    """Most live connections of `failed` re-homed, trying every assignment (small cases)."""
    conns = s.live_on[failed]
    ap = s.device_ap[failed]
    free = [(d, p, t) for d, p, t in s.ap_ports(ap) if d != failed and s.free((d, p))]
    options = []
    for cid in conns:
        c = s.live[cid]
        banned = {s.live[o]["device"] for o in s.partners[cid]}
        options.append([i for i, (d, p, t) in enumerate(free) if c["portType"] in t
                        and d not in banned] + [None])
    best = 0
    for choice in itertools.product(*options):
        used = [i for i in choice if i is not None]
        if len(used) == len(set(used)):
            best = max(best, len(used))
    return best


class PlanningModelTests(unittest.TestCase):
    def test_pairs_hand_worked(self):
        for free, want in [([], 0), ([5], 0), ([3, 3], 3), ([10, 1, 1], 2), ([2, 2, 2], 3),
                           ([4, 3, 1], 4), ([0, 7], 0), ([9, 9, 0, 1], 9)]:
            self.assertEqual(planning.max_pairs(free), want, free)

    def test_pairs_agree_with_one_variable_per_port_pair(self):
        rng = random.Random(7)
        for _ in range(40):
            free = [rng.randint(0, 5) for _ in range(rng.randint(1, 4))]
            self.assertEqual(planning.max_pairs(free), pairs_by_ports(free), free)

    def test_n_plus_one_hand_worked(self):
        # d1 fails with a, b, c (10G); a's partner is on d2. Free: one 10G/1G port on d2, one
        # 10G and one 1G-only port on d3. a may only take d3's 10G port: 2 re-homed, shortfall 1.
        s = site({"d1": [("1/1/1-3", TEN)], "d2": [("1/1/1-2", BOTH)],
                  "d3": [("1/1/1", TEN), ("1/2/1", ONE)]},
                 [conn("a", "d1", "1/1/1"), conn("b", "d1", "1/1/2"), conn("c", "d1", "1/1/3"),
                  dict(conn("p", "d2", "1/1/1"), redundantConnection="a")])
        self.assertEqual(planning.max_rehomed(s, "d1"), 2)
        model = planning.capacity(s)[AP]
        self.assertEqual([d["nPlusOneShortfall"] for d in model["devices"]], [1, 0, 0])
        self.assertEqual(model["nPlusOne"], ("d1", 1))
        self.assertEqual(model["headroom"], {"1000Base-LX": (2, 1), "10GBase-LR": (2, 1),
                                             "40GBase-LR": (0, 0)})

    def test_n_plus_one_agrees_with_brute_force(self):
        checked = 0
        for seed in range(1, 121):
            s = planning.Site(generate.generate(seed)[0])
            for dev in s.device_ap:
                free = [k for k in s.ports if s.free(k) and k[0] != dev]
                if len(s.live_on[dev]) > 5 or len(free) > 9:
                    continue
                self.assertEqual(planning.max_rehomed(s, dev), rehomed_by_brute_force(s, dev),
                                 f"seed {seed} device {dev}")
                checked += 1
        self.assertGreater(checked, 60)

    def test_drain_makes_room(self):
        # a (10G) leaves d1; d2's only 10G-capable port holds b (1G), which can go to d2's free
        # 1G-only port: 1 moved, 2 port changes.
        s = site({"d1": [("1/1/1", TEN)], "d2": [("1/1/1", BOTH), ("1/2/1", ONE)]},
                 [conn("a", "d1", "1/1/1"), conn("b", "d2", "1/1/1", port_type="1000Base-LX")])
        res = planning.drain(s, ["d1"])
        self.assertEqual((res["toMove"], res["moved"], res["portChanges"]), (1, 1, 2))
        self.assertEqual(planning_check.check_drain(s, ["d1"], planning_check.plan_json(res),
                                                    res), ([], []))

    def test_drain_keeps_partners_apart(self):
        inv = {"d1": [("1/1/1", TEN)], "d2": [("1/1/1-2", TEN)]}
        pair = [conn("a", "d1", "1/1/1"), dict(conn("p", "d2", "1/1/1"), redundantConnection="a")]
        res = planning.drain(site(inv, pair), ["d1"])
        self.assertEqual((res["moved"], res["stranded"]), (0, ["a"]))
        inv["d3"] = [("1/1/1", TEN)]
        res = planning.drain(site(inv, pair), ["d1"])
        self.assertEqual((res["moved"], res["portChanges"]), (1, 1))
        self.assertEqual(res["moves"], [("a", ("d1", "1/1/1"), ("d3", "1/1/1"))])

    def test_drain_pools_agree_with_one_variable_per_port(self):
        checked = 0
        for seed in range(1, 40):
            for s in (planning.Site(generate.generate(seed)[0]),):
                devices = crosscheck.pick_drain(s, random.Random(seed))
                if devices is None:
                    continue
                res = planning.drain(s, devices)
                self.assertEqual((res["moved"], res["portChanges"]),
                                 planning.drain_by_ports(s, devices), f"seed {seed} {devices}")
                checked += 1
        for seed in (2, 6):  # larger ones, where moves to make room occur
            s = planning.Site(generate.generate_capacity(seed)[0])
            devices = crosscheck.pick_drain(s, random.Random(seed))
            res = planning.drain(s, devices)
            self.assertEqual((res["moved"], res["portChanges"]),
                             planning.drain_by_ports(s, devices), f"large seed {seed} {devices}")
        self.assertGreater(checked, 30)


class DrainCheckerTests(unittest.TestCase):
    """Hand-made drain plans: d1 is drained; a and b on it; p on d2 is a's partner."""

    def setUp(self):
        self.site = site({"d1": [("1/1/1-2", TEN)], "d2": [("1/1/1-2", BOTH)],
                          "d3": [("1/1/1-2", BOTH), ("1/2/1", ONE)]},
                         [conn("a", "d1", "1/1/1"), conn("b", "d1", "1/1/2"),
                          dict(conn("p", "d2", "1/1/1"), redundantConnection="a")])
        self.opt = planning.drain(self.site, ["d1"])

    def plan(self, moves, stranded=()):
        return {"moves": [{"connection": c, "from": {"device": f[0], "port": f[1]},
                           "to": {"device": t[0], "port": t[1]}} for c, f, t in moves],
                "stranded": [{"connection": c, "code": "capacity_contention", "message": "m"}
                             for c in stranded],
                "summary": {"toMove": 2, "moved": sum(1 for m in moves if m[0] in "ab"),
                            "stranded": len(stranded), "portChanges": len(moves)}}

    def check(self, plan):
        return planning_check.check_drain(self.site, ["d1"], plan, self.opt)

    def test_an_optimal_plan_passes(self):
        self.assertEqual(self.opt["moved"], 2)
        ok = self.plan([("a", ("d1", "1/1/1"), ("d3", "1/1/1")),
                        ("b", ("d1", "1/1/2"), ("d2", "1/1/2"))])
        self.assertEqual(self.check(ok), ([], []))

    def test_infeasible_plans(self):
        cases = [
            ([("a", ("d1", "1/1/1"), ("d3", "1/1/1")), ("b", ("d1", "1/1/2"), ("d3", "1/1/1"))],
             "is held by 2 connections"),
            ([("a", ("d1", "1/1/1"), ("d2", "1/1/2")), ("b", ("d1", "1/1/2"), ("d3", "1/1/1"))],
             "both on d2"),
            ([("a", ("d1", "1/1/1"), ("d3", "1/2/1")), ("b", ("d1", "1/1/2"), ("d3", "1/1/1"))],
             "not its 10GBase-LR"),
            ([("a", ("d1", "1/1/2"), ("d3", "1/1/2")), ("b", ("d1", "1/1/2"), ("d3", "1/1/1"))],
             "but it is on d1 1/1/1"),
            ([("a", ("d1", "1/1/1"), ("d1", "1/1/2")), ("b", ("d1", "1/1/2"), ("d3", "1/1/1"))],
             "a drained device"),
            ([("a", ("d1", "1/1/1"), ("d3", "9/9/9")), ("b", ("d1", "1/1/2"), ("d3", "1/1/1"))],
             "no such port"),
            ([("a", ("d1", "1/1/1"), ("d3", "1/1/2"))], "b is on drained device d1 and neither"),
            ([("a", ("d1", "1/1/1"), ("d3", "1/1/1")), ("a", ("d1", "1/1/1"), ("d3", "1/1/2"))],
             "moved twice"),
        ]
        for moves, expected in cases:
            v, _ = self.check(self.plan(moves))
            self.assertTrue(any(expected in x for x in v), (expected, v))

    def test_lists_summary_and_codes(self):
        plan = self.plan([("a", ("d1", "1/1/1"), ("d3", "1/1/1"))], stranded=["b"])
        plan["summary"]["portChanges"] = 2
        plan["stranded"][0]["message"] = " "
        v, o = self.check(plan)
        self.assertTrue(any("summary.portChanges is 2, the lists give 1" in x for x in v), v)
        self.assertTrue(any("(b): no message" in x for x in v), v)
        self.assertTrue(any("fewer than CP-SAT's maximum 2" in x for x in o), o)

    def test_more_port_changes_than_needed(self):
        plan = self.plan([("a", ("d1", "1/1/1"), ("d3", "1/1/1")),
                          ("b", ("d1", "1/1/2"), ("d3", "1/1/2")),
                          ("p", ("d2", "1/1/1"), ("d2", "1/1/2"))])
        self.assertEqual(self.check(plan), ([], ["3 port changes for 2 moved: more than CP-SAT's "
                                                 "minimum 2"]))
        plan["optimal"] = True  # a false proof is named as such
        self.assertEqual(self.check(plan)[1], ["3 port changes for 2 moved: more than CP-SAT's "
                                               "minimum 2 (the plan claims optimal: true)"])


class StrandedCodeTests(unittest.TestCase):
    """docs/DRAIN.md's codes: each one only where it is true."""

    def codes(self, s, drained, stranded):
        return planning_check.check_stranded_codes(
            s, set(drained), [{"connection": c, "code": k, "message": "m"} for c, k in stranded])

    def test_each_code_where_it_is_true_and_not_elsewhere(self):
        # d1 drained: a (10G) and b (1G); d2 has one free 10G port and p, a's partner; d3 only 1G
        # ports, all held. a: its only free port is on its partner's device, and moving p frees
        # nothing for it: no_diverse_device. b: no free 1G port, none can be freed: no_free_port.
        s = site({"d1": [("1/1/1", TEN), ("1/2/1", ONE)], "d2": [("1/1/1-2", TEN)],
                  "d3": [("1/1/1", ONE)]},
                 [conn("a", "d1", "1/1/1"), conn("b", "d1", "1/2/1", port_type="1000Base-LX"),
                  dict(conn("p", "d2", "1/1/1"), redundantConnection="a"),
                  conn("q", "d3", "1/1/1", port_type="1000Base-LX")])
        self.assertEqual(planning.drain(s, ["d1"])["codes"],
                         {"a": "no_diverse_device", "b": "no_free_port"})
        self.assertEqual(self.codes(s, ["d1"], [("a", "no_diverse_device"),
                                                ("b", "no_free_port")]), [])
        v = self.codes(s, ["d1"], [("a", "no_free_port"), ("b", "capacity_contention"),
                                   ("a", "no_other_device"), ("b", "no_diverse_device"),
                                   ("b", "full")])
        self.assertTrue(any("(a): no_free_port, but 1 free port(s)" in x for x in v), v)
        self.assertTrue(any("(b): capacity_contention, but no plan can move it" in x for x in v), v)
        self.assertTrue(any("no_other_device, but the access point has 2" in x for x in v), v)
        self.assertTrue(any("(b): no_diverse_device, but it has no redundant partner" in x
                            for x in v), v)
        self.assertTrue(any("full: not a code of docs/DRAIN.md" in x for x in v), v)
        # Everything drained: no_other_device, and only that.
        v = self.codes(s, ["d1", "d2", "d3"], [("a", "no_other_device"), ("b", "no_free_port")])
        self.assertEqual(len(v), 1)
        self.assertIn("the access point has no other device", v[0])

    def test_can_move_per_access_point(self):
        # The same type drained at two access points: room at one, none at the other.
        inv = {"regions": [{"id": "x"}], "connections": [], "highSpeedWhitelist": [],
               "accessPoints": [{"id": a, "region": "x", "lineOperators": ["CT"],
                                 "portTypes": TEN} for a in ("ap1", "ap2")],
               "devices": [{"id": d, "accessPoint": a, "ports": [{"name": "1/1/1",
                                                                  "portTypes": TEN}]}
                           for d, a in (("a1", "ap1"), ("a2", "ap1"), ("b1", "ap2"),
                                        ("b2", "ap2"))]}
        inv["connections"] = [dict(conn("x", "a1", "1/1/1"), accessPoint="ap1"),
                              dict(conn("y", "b1", "1/1/1"), accessPoint="ap2"),
                              dict(conn("z", "b2", "1/1/1"), accessPoint="ap2")]
        s = planning.Site(inv)
        self.assertEqual([planning.can_move(s, ["a1", "b1"], c) for c in ("x", "y")],
                         [True, False])
        self.assertEqual(planning.drain(s, ["a1", "b1"])["codes"], {"y": "no_free_port"})

    def test_contention_is_a_plan_that_could_move_it(self):
        # Two 10G connections leave d1 for the one free 10G port on d2: one moves, the other
        # could have: capacity_contention; no_free_port would be untrue (a free port accepts it).
        s = site({"d1": [("1/1/1-2", TEN)], "d2": [("1/1/1", TEN)]},
                 [conn("a", "d1", "1/1/1"), conn("b", "d1", "1/1/2")])
        res = planning.drain(s, ["d1"])
        self.assertEqual((res["moved"], list(res["codes"].values())), (1, ["capacity_contention"]))
        v = self.codes(s, ["d1"], [(res["stranded"][0], "no_free_port")])
        self.assertTrue(any("but 1 free port(s)" in x for x in v), v)

    def test_partners_already_on_one_device_may_both_stay(self):
        # a and b are partners on d2 (guarantee 2 already broken); draining d1 moves c onto
        # d2 without moving them; neither may be moved onto the other's device.
        s = site({"d1": [("1/1/1", TEN)], "d2": [("1/1/1-3", TEN)], "d3": [("1/1/1", TEN)]},
                 [conn("c", "d1", "1/1/1"), conn("a", "d2", "1/1/1"),
                  dict(conn("b", "d2", "1/1/2"), redundantConnection="a")])
        res = planning.drain(s, ["d1"])
        self.assertEqual((res["moved"], res["portChanges"]), (1, 1))
        self.assertEqual((res["moved"], res["portChanges"]), planning.drain_by_ports(s, ["d1"]))
        plan = planning_check.plan_json(res)
        plan["moves"].append({"connection": "b", "from": {"device": "d2", "port": "1/1/2"},
                              "to": {"device": "d2", "port": "1/1/3"}})
        plan["summary"]["portChanges"] += 1
        v, _ = planning_check.check_drain(s, ["d1"], plan, res)
        self.assertTrue(any("b and its redundant partner a are both on d2" in x for x in v), v)


class SpoiltStandInTests(unittest.TestCase):
    """Every answer fake_patchbay.py spoils is caught by the checkers, and each spoilt mode
    spoils some instance (so that the harness tests above test what they say)."""

    def test_capacity_modes(self):
        expected = {"cap-singles": "singles", "cap-pairs": "CP-SAT maximum",
                    "cap-n1": "shortfall", "cap-tie": "first reached (inventory order)"}
        sites = [planning.Site(generate.generate_capacity(seed)[0]) for seed in range(1, 7)]
        for s in sites:
            model = planning.capacity(s)
            self.assertEqual(planning_check.check_capacity(
                s, fake_patchbay.capacity_report(s, "optimal"), model), [])
        for mode, text in expected.items():
            spoilt = 0
            for s in sites:
                model = planning.capacity(s)
                report = fake_patchbay.capacity_report(s, mode)
                if report == fake_patchbay.capacity_report(s, "optimal"):
                    continue
                spoilt += 1
                v = planning_check.check_capacity(s, report, model)
                self.assertTrue(any(text in x for x in v), (mode, v))
            self.assertGreater(spoilt, 0, mode)

    def test_drain_modes(self):
        expected = {"drain-twice": ("held by 2 connections", None),
                    "drain-partner": ("its redundant partner", None),
                    "drain-type": ("which accepts", None),
                    "drain-fewer": (None, "fewer than CP-SAT's maximum"),
                    "drain-code": ("stranded[0] (", None),
                    "drain-changes": (None, "more than CP-SAT's minimum")}
        cases = []
        for seed in range(1, 13):
            s = planning.Site(generate.generate_capacity(seed)[0])
            devices = crosscheck.pick_drain(s, random.Random(seed))
            if devices:
                cases.append((s, devices, planning.drain(s, devices)))
        for mode, (infeasible, suboptimal) in expected.items():
            spoilt = 0
            for s, devices, opt in cases:
                right = fake_patchbay.drain_plan(s, devices, "optimal")
                self.assertEqual(planning_check.check_drain(s, devices, right, opt), ([], []))
                plan = fake_patchbay.drain_plan(s, devices, mode)
                if plan == right:
                    continue
                spoilt += 1
                v, o = planning_check.check_drain(s, devices, plan, opt)
                if infeasible:
                    self.assertTrue(any(infeasible in x for x in v), (mode, v))
                else:
                    self.assertEqual(v, [], mode)
                    self.assertTrue(any(suboptimal in x for x in o), (mode, o))
            self.assertGreater(spoilt, 0, mode)


class CapacityGeneratorTests(unittest.TestCase):
    def test_sizes_and_pairs(self):
        sized = aps = 0
        for seed in range(1, 41):
            inv, _ = generate.generate_capacity(seed)
            self.assertEqual(inv, generate.generate_capacity(seed)[0])
            s = planning.Site(inv)
            for ap in s.ap_order:
                aps += 1
                self.assertTrue(0 <= len(s.ap_devices[ap]) <= 8)
                self.assertLessEqual(len(s.ap_ports(ap)), 210)
                sized += 3 <= len(s.ap_devices[ap]) and 20 <= len(s.ap_ports(ap))
                self.assertEqual(s.same_device_pairs(ap), [])
        self.assertGreater(sized, aps * 0.8)  # mostly 3-8 devices and 20-200 ports


if __name__ == "__main__":
    unittest.main(verbosity=1)
