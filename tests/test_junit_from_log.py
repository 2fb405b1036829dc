"""bin/junit-from-frappe-log: Frappe v16's run-tests output as a JUnit report."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "junit-from-frappe-log"

LOG = """Starting test run with parameters: site=x.localhost, app=left_behind_care
Running 5 integration tests for left_behind_care

left_behind_care.tests.test_demo.TestDemo
   \x1b[32m ✔ \x1b[0m test_one \x1b[31m (2.1s)\x1b[0m
    ✔  test_two
       ▸  a deprecation warning
left_behind_care.tests.test_rules.TestRules
    ✖  test_three
    ✔  test_four

======================================================================
 FAIL  test_three (left_behind_care.tests.test_rules.TestRules.test_three)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "x.py", line 1, in test_three
AssertionError: 1 != 2

======================================================================
 ERROR  setUpClass (left_behind_care.tests.test_home.TestHome)
----------------------------------------------------------------------
Traceback (most recent call last):
frappe.exceptions.ValidationError: Throttled

----------------------------------------------------------------------
Ran 5 tests in 12.5s

FAILED (failures=1, errors=1, skipped=1)
"""


def load():
	loader = importlib.machinery.SourceFileLoader("junit_from_frappe_log", str(SCRIPT))
	spec = importlib.util.spec_from_loader(loader.name, loader)
	module = importlib.util.module_from_spec(spec)
	loader.exec_module(module)
	return module


def test_counts_follow_the_runners_totals(tmp_path):
	module = load()
	log = tmp_path / "frappe-tests.log"
	log.write_text(LOG, "utf-8")
	out = tmp_path / "frappe.xml"
	assert module.main([str(log), str(out)]) == 0
	suite = ET.parse(out).getroot().find("testsuite")
	# five ran, and the class whose set-up failed is one error more
	assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == (
		"6",
		"1",
		"1",
		"1",
	)
	failed = [case for case in suite.iter("testcase") if case.find("failure") is not None]
	assert [case.get("name") for case in failed] == ["test_three"]
	assert "AssertionError: 1 != 2" in failed[0].find("failure").text
	errored = [case for case in suite.iter("testcase") if case.find("error") is not None]
	assert [case.get("name") for case in errored] == ["setUpClass"]


def test_a_log_without_a_run_writes_nothing(tmp_path):
	module = load()
	log = tmp_path / "empty.log"
	log.write_text("Traceback: the site could not be reached\n", "utf-8")
	assert module.main([str(log), str(tmp_path / "x.xml")]) == 1
	assert not (tmp_path / "x.xml").exists()
