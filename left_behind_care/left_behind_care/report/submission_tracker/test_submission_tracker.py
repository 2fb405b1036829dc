# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import getdate, nowdate

from left_behind_care import rules
from left_behind_care.left_behind_care.report.report_test_utils import (
	COUNTY_USER,
	TOWNSHIP_USER,
	VILLAGE_USER,
	area_of,
	make_report_world,
	make_tier_users,
	review_ledger,
	run_as,
	submit_ledger,
)
from left_behind_care.left_behind_care.report.submission_tracker.submission_tracker import execute
from left_behind_care.testing import LBCTestCase, make_child


class TestSubmissionTracker(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.year, self.quarter = rules.previous_quarter(getdate(nowdate()))
		_start, self.end = rules.quarter_bounds(self.year, self.quarter)
		make_child("甲一村", child_name="上报儿童")

	def rows(self, area_name, user="Administrator"):
		filters = {"area": area_of(area_name), "year": self.year, "quarter": self.quarter}
		return {row["area"]: row for row in run_as(user, execute, filters)[1]}

	def test_late_and_missing_show_to_the_tier_above(self):
		submitted = submit_ledger("甲一村", VILLAGE_USER, self.year, self.quarter)
		rows = self.rows("甲镇", TOWNSHIP_USER)
		self.assertEqual(list(rows), [area_of("甲镇"), area_of("甲一村"), area_of("甲二村")])
		village_due = rules.submission_due_date(self.end, 7)
		late = getdate(nowdate()) > village_due
		self.assertEqual(rows[area_of("甲一村")]["status_code"], "Submitted")
		self.assertEqual(rows[area_of("甲一村")]["submission"], submitted.name)
		self.assertEqual(rows[area_of("甲一村")]["days_late"], submitted.days_late)
		self.assertEqual(rows[area_of("甲一村")]["overdue"], int(late))
		self.assertEqual(rows[area_of("甲二村")]["status_code"], "Missing")
		self.assertEqual(getdate(rows[area_of("甲二村")]["due_date"]), village_due)
		self.assertEqual(rows[area_of("甲二村")]["overdue"], int(late))
		self.assertEqual(rows[area_of("甲镇")]["status_code"], "Missing")
		self.assertEqual(getdate(rows[area_of("甲镇")]["due_date"]), rules.submission_due_date(self.end, 14))

	def test_review_states(self):
		doc = submit_ledger("甲一村", VILLAGE_USER, self.year, self.quarter)
		review_ledger(doc.name, TOWNSHIP_USER, accept=False, note="补充监护人信息")
		self.assertEqual(self.rows("甲镇")[area_of("甲一村")]["status_code"], "Returned")
		chart = run_as(
			"Administrator", execute, {"area": area_of("甲镇"), "year": self.year, "quarter": self.quarter}
		)[3]
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), 3)

	def test_restricted_users_see_only_their_subtree(self):
		self.assertEqual(list(self.rows("报表区", TOWNSHIP_USER)), [area_of("甲镇")])
		self.assertEqual(
			list(self.rows("报表区", COUNTY_USER)), [area_of("报表区"), area_of("甲镇"), area_of("乙镇")]
		)
		# a village director sees their village's row, not the township's own submission
		self.assertEqual(list(self.rows("甲镇", VILLAGE_USER)), [area_of("甲一村")])
		self.assertEqual(list(self.rows("甲一村", VILLAGE_USER)), [area_of("甲一村")])
		# the township's own submission is above the director: no row for it
		self.assertEqual(list(self.rows("报表区", VILLAGE_USER)), [])

	def test_a_missing_ledger_reads_as_not_submitted_in_chinese(self):
		""" "Missing" here is a ledger never submitted (未上报), not a missing child (走失)."""
		lang, frappe.local.lang = frappe.local.lang, "zh"
		try:
			row = self.rows("甲镇", TOWNSHIP_USER)[area_of("甲二村")]
			self.assertEqual((row["status_code"], row["status"]), ("Missing", "未上报"))
			self.assertEqual(frappe._("Missing"), "走失")  # the incident type keeps its meaning
		finally:
			frappe.local.lang = lang
