#!/usr/bin/env python3
"""Tests of the alternatives themselves (about 10 s):

- the Python first-fit takes the first allowed device, keeps partners apart and rolls a group
  back whole;
- glpsol on the plain LP model finds the same lexicographic optimum as CP-SAT (cpsat.py) on
  random small instances of Tests/CrossCheck/generate.py, and its plans pass the plan checker;
- a plan written from an assignment passes CrossCheck's plan checker, unplaced codes included;
- the judge flags a better plan than Patchbay's and a proven optimum that contradicts it.

    python3 Benchmarks/Alternatives/selftest.py
"""

import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "CrossCheck"))
import bootstrap  # noqa: E402

bootstrap.ensure_ortools()

import common  # noqa: E402
import compare  # noqa: E402
import contract  # noqa: E402
import cpsat  # noqa: E402
import crosscheck  # noqa: E402
import firstfit  # noqa: E402
import generate  # noqa: E402
import lpplain  # noqa: E402

AP = "ap-x-a"


def problem(requests, ports_per_device=(2, 2), connections=()):
    devices = [{"id": f"d{i + 1}", "accessPoint": AP,
                "ports": [{"names": f"1/1/1-{n}", "portTypes": ["10GBase-LR"]}]}
               for i, n in enumerate(ports_per_device)]
    inv = contract.Inventory({
        "regions": [{"id": "x"}],
        "accessPoints": [{"id": AP, "region": "x", "lineOperators": ["CT"],
                          "portTypes": ["10GBase-LR"]}],
        "devices": devices, "connections": list(connections), "highSpeedWhitelist": [],
        "policy": {"maxPendingPerAccount": None}})
    return contract.Problem(inv, requests)


def req(rid, partner=None, priority=0):
    r = {"id": rid, "account": "1", "region": "x", "accessPoint": AP, "lineOperator": "CT",
         "portSpec": "10G", "portType": "10GBase-LR", "priority": priority}
    if partner:
        r["redundantConnection"] = partner
    return r


class FirstFitTests(unittest.TestCase):
    def test_first_device_first_port_partners_apart(self):
        p = problem([req("a"), req("b", partner="a"), req("c")])
        got = firstfit.first_fit(p)["assignment"]
        self.assertEqual(got, {"a": ("d1", "1/1/1"), "b": ("d2", "1/1/1"),
                               "c": ("d1", "1/1/2")})

    def test_existing_partner_device_is_avoided(self):
        conn = {"id": "pc-1", "account": "1", "accessPoint": AP, "device": "d1", "port": "1/1/1",
                "portType": "10GBase-LR", "status": "Enabled"}
        p = problem([req("a", partner="pc-1")], connections=[conn])
        self.assertEqual(firstfit.first_fit(p)["assignment"], {"a": ("d2", "1/1/1")})

    def test_group_rolled_back_whole(self):
        # d1 has 2 ports, d2 one: a takes d1, b d2; the pair c-d finds d2 full for its second
        # member, gives back c's port, and e (later in the batch) gets it.
        p = problem([req("a"), req("b"), req("c"), req("d", partner="c"), req("e")],
                    ports_per_device=(2, 1))
        got = firstfit.first_fit(p)["assignment"]
        self.assertEqual(got, {"a": ("d1", "1/1/1"), "b": ("d1", "1/1/2"),
                               "e": ("d2", "1/1/1")})
        plan = common.write_plan(p, got, "greedy", {}, "test")
        self.assertEqual(crosscheck.check_plan(p, plan), [])
        codes = {u["request"]: u["code"] for u in plan["unplaced"]}
        self.assertEqual(codes, {"c": "capacity_contention", "d": "capacity_contention"})


class ExactTests(unittest.TestCase):
    def test_glpsol_agrees_with_cpsat(self):
        if not shutil.which("glpsol"):
            self.skipTest(lpplain.INSTALL_HINT)
        tmp = tempfile.mkdtemp()
        try:
            for seed in range(1, 26):
                d = os.path.join(tmp, f"s{seed}")
                generate.write_instance(seed, d)
                p = contract.Problem(
                    contract.Inventory(contract.load_json(os.path.join(d, "inventory.json"))),
                    contract.load_json(os.path.join(d, "requests.json"))["requests"])
                eligible = common.eligible_index(p)
                g = lpplain.solve(p, p.valid, eligible, 20, tmp, f"s{seed}")
                c = cpsat.optimum(p, 20)
                self.assertTrue(all(g["proven"].values()), seed)
                self.assertEqual(g["levels"], c["levels"], seed)
                self.assertEqual(common.placed_per_level(p, g["assignment"]), g["levels"])
                plan = common.write_plan(p, g["assignment"], "ilp", {}, "glpsol")
                self.assertEqual(crosscheck.check_plan(p, plan), [], seed)
        finally:
            shutil.rmtree(tmp)


class JudgeTests(unittest.TestCase):
    def row(self, levels, proven=None, valid=True):
        return {"levels": levels, "wall": 1.0, "valid": valid, "optimal": True,
                "proven": proven or {}}

    def test_same_counts_no_flag(self):
        rows = {"patchbay": self.row({2: 5, 0: 3}),
                "cpsat-whole": self.row({2: 5, 0: 3}, {2: True, 0: True})}
        self.assertEqual(compare.judge(rows, [2, 0]), [])
        self.assertEqual(rows["cpsat-whole"]["versus"], "same as Patchbay")

    def test_a_better_verified_plan_is_flagged(self):
        rows = {"patchbay": self.row({2: 5, 0: 3}),
                "first-fit-python": self.row({2: 6, 0: 0})}
        flags = compare.judge(rows, [2, 0])
        self.assertEqual(len(flags), 1)
        self.assertIn("MISMATCH", flags[0])

    def test_a_better_invalid_plan_is_not_credited(self):
        rows = {"patchbay": self.row({2: 5, 0: 3}),
                "first-fit-python": self.row({2: 6, 0: 0}, valid=False)}
        self.assertEqual(compare.judge(rows, [2, 0]), [])

    def test_a_proven_lower_optimum_contradicts_patchbay(self):
        rows = {"patchbay": self.row({2: 5, 0: 3}),
                "glpsol-whole": self.row({2: 5, 0: 2}, {2: True, 0: True})}
        flags = compare.judge(rows, [2, 0])
        self.assertEqual(len(flags), 1)
        self.assertIn("proves at most 2", flags[0])

    def test_unproven_levels_are_not_judged(self):
        rows = {"patchbay": self.row({2: 5, 0: 3}),
                "cpsat-whole": self.row({2: 4, 0: 3}, {2: False, 0: True})}
        self.assertEqual(compare.judge(rows, [2, 0]), [])
        self.assertEqual(rows["cpsat-whole"]["versus"], "fewer at p2 (-1)")


if __name__ == "__main__":
    unittest.main()
