# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Every benchmark script runs as shipped, on a tiny size, against this site.

The timings they print are not checked (speed is never a test here); what is checked is
that each script runs to its end and prints its ratio line, so that a benchmark cannot
rot unnoticed as the code under it changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import frappe

from left_behind_care.testing import LBCTestCase

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
TINY = {
	"ledger_import_benchmark.py": ["--rows", "5"],
	"bench_reports.py": [
		"--children",
		"40",
		"--villages",
		"4",
		"--townships",
		"2",
		"--counties",
		"1",
		"--repeat",
		"1",
		"--rebuild",
	],
}


class TestBenchmarks(LBCTestCase):
	def run_script(self, script: str, *args: str) -> subprocess.CompletedProcess:
		frappe.db.commit()  # the script connects on its own
		env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
		return subprocess.run(
			[sys.executable, str(BENCHMARKS / script), "--site", frappe.local.site, *args],
			cwd=frappe.local.sites_path,
			env=env,
			capture_output=True,
			text=True,
			timeout=600,
		)

	def test_every_benchmark_is_covered(self):
		self.assertEqual(sorted(p.name for p in BENCHMARKS.glob("*.py")), sorted(TINY))

	def test_each_benchmark_runs_as_shipped(self):
		for script, args in TINY.items():
			with self.subTest(script=script):
				result = self.run_script(script, *args)
				self.assertEqual(
					result.returncode, 0, f"{script}:\n{result.stdout[-1500:]}\n{result.stderr[-3000:]}"
				)
				self.assertIn("atio", result.stdout, f"{script} printed no ratio:\n{result.stdout[-1500:]}")
		self.run_script("bench_reports.py", "--drop")
