#!/usr/bin/env python3
"""Tests of the instruction-count gate's comparison (scripts/instructions.py), without valgrind:
python3 scripts/test_instructions.py (a second; .ci/run runs it)."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import instructions  # noqa: E402

ENVIRONMENT = {"valgrind": "valgrind-3.19.0", "architecture": "x86_64",
               "swift": "Swift version 6.3.1 (swift-6.3.1-RELEASE)"}


def baseline(**counts):
    return {"workloads": {name: {"count": count, **ENVIRONMENT} for name, count in counts.items()}}


class CompareTests(unittest.TestCase):
    def verdict(self, before, now, threshold=5.0):
        rows = instructions.compare(baseline(w=before), {"w": now}, threshold)
        lines, failed = instructions.verdict_lines(rows, threshold, "baseline.json")
        return rows[0][4], failed, lines

    def test_the_threshold_decides(self):
        # (baseline, now, verdict, fails)
        cases = [
            (1000, 1000, "ok", False),
            (1000, 1050, "ok", False),          # exactly 5% more: still within
            (1000, 1051, "slower", True),
            (1000, 1111, "slower", True),       # a baseline 10% low: the self-test's case
            (1000, 950, "ok", False),           # exactly 5% fewer: within
            (1000, 949, "faster", False),       # a gain passes, and is reported
            (1000, 1, "faster", False),
        ]
        for before, now, verdict, fails in cases:
            with self.subTest(before=before, now=now):
                got, failed, _ = self.verdict(before, now)
                self.assertEqual((got, failed), (verdict, fails))

    def test_the_threshold_is_an_option(self):
        self.assertEqual(self.verdict(1000, 1030, threshold=2)[:2], ("slower", True))
        self.assertEqual(self.verdict(1000, 1030, threshold=5)[:2], ("ok", False))

    def test_a_regression_names_the_workload_the_percent_and_the_update(self):
        rows = instructions.compare(baseline(a=1000, b=2000), {"a": 1000, "b": 2300}, 5)
        lines, failed = instructions.verdict_lines(rows, 5, "baseline.json")
        self.assertTrue(failed)
        text = "\n".join(lines)
        self.assertIn("FAIL: b runs 15.0% more instructions", text)
        self.assertNotIn("FAIL: a", text)
        self.assertIn(instructions.UPDATE_COMMAND, text)
        self.assertIn("reason in the commit message", text)

    def test_a_gain_is_reported_and_passes(self):
        _, failed, lines = self.verdict(1000, 800)
        self.assertFalse(failed)
        self.assertEqual(len(lines), 1)
        self.assertIn("20.0% fewer", lines[0])
        self.assertIn(instructions.UPDATE_COMMAND, lines[0])

    def test_a_workload_without_baseline_fails(self):
        rows = instructions.compare(baseline(a=1000), {"a": 1000, "new": 5}, 5)
        self.assertEqual([r[4] for r in rows], ["ok", "new"])
        lines, failed = instructions.verdict_lines(rows, 5, "baseline.json")
        self.assertTrue(failed)
        self.assertIn("new has no baseline", lines[0])

    def test_the_table_shows_baseline_now_change_and_the_unit(self):
        rows = instructions.compare(baseline(w=1000), {"w": 1200}, 5)
        text = instructions.table(rows, {"w": ("request", 10)})
        self.assertIn("| w | 1,000 | 1,200 | +20.00% (slower) | 120 per request |", text)


class EnvironmentTests(unittest.TestCase):
    def test_the_same_environment_compares(self):
        self.assertEqual(instructions.environment_mismatches(baseline(a=1), ENVIRONMENT), [])

    def test_another_valgrind_architecture_or_compiler_is_refused(self):
        for key in ("valgrind", "architecture", "swift"):
            with self.subTest(key=key):
                other = dict(ENVIRONMENT, **{key: "something else"})
                problems = instructions.environment_mismatches(baseline(a=1), other)
                self.assertEqual(len(problems), 1)
                self.assertIn("something else", problems[0])
                self.assertTrue(problems[0].startswith("a: "))


class UpdateTests(unittest.TestCase):
    def test_update_replaces_only_what_was_measured(self):
        old = baseline(a=1000, b=2000)
        new = instructions.updated_baseline(old, {"b": 3000}, {"b": ("place", 1000)},
                                            ENVIRONMENT, "2026-11-29T00:00:00Z", "abc")
        self.assertEqual(new["workloads"]["a"], old["workloads"]["a"])
        self.assertEqual(new["workloads"]["b"]["count"], 3000)
        self.assertEqual(new["workloads"]["b"]["per_unit"], 3)
        self.assertEqual(new["workloads"]["b"]["commit"], "abc")
        self.assertEqual(new["workloads"]["b"]["valgrind"], "valgrind-3.19.0")

    def test_a_malformed_baseline_is_refused(self):
        for content in ('{"workloads": {"a": {"count": "12"}}}', "not json", '{"x": 1}'):
            with self.subTest(content=content), tempfile.NamedTemporaryFile(
                    "w", suffix=".json", delete=False) as handle:
                handle.write(content)
            try:
                with self.assertRaises(instructions.GateError):
                    instructions.load_baseline(handle.name)
            finally:
                os.unlink(handle.name)
        self.assertIsNone(instructions.load_baseline("/nonexistent/baseline.json"))


if __name__ == "__main__":
    unittest.main()
