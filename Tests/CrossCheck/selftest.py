#!/usr/bin/env python3
"""Tests of the cross-check itself: the plan checker catches each kind of broken plan, the Python
validation follows FORMATS.md on hand-made cases, CP-SAT finds known optima, and the harness
passes an optimal stand-in allocator and fails a greedy and a cheating one (fake_patchbay.py).

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

import contract  # noqa: E402
import cpsat  # noqa: E402
import crosscheck  # noqa: E402
import generate  # noqa: E402

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
    def run_harness(self, mode, n=8):
        env = dict(os.environ, CROSSCHECK_FAKE=mode)
        proc = subprocess.run(
            [sys.executable, os.path.join(HERE, "crosscheck.py"), str(n), "--seed", "500",
             "--patchbay", os.path.join(HERE, "fake_patchbay.py")],
            capture_output=True, text=True, env=env)
        return proc.returncode, proc.stdout

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


if __name__ == "__main__":
    unittest.main(verbosity=1)
