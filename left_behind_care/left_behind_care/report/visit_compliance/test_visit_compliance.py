# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Visit Compliance on a constructed week (5-11 October 2026) under the shipped Visit Duty
defaults (plan 1 "三个二", plan 3, plan 5): exact figures, filters, scope, export, and the
same overdue children as the Area Summary and the number card."""

import datetime
import io

import frappe
from openpyxl import load_workbook

from left_behind_care import care, reporting
from left_behind_care.care_setup import ensure_default_duties
from left_behind_care.left_behind_care.report.area_summary.area_summary import execute as area_summary
from left_behind_care.left_behind_care.report.report_test_utils import (
	MENTOR_USER,
	area_of,
	as_user,
	blank_area,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.left_behind_care.report.visit_compliance.visit_compliance import execute
from left_behind_care.testing import LBCTestCase, make_child

D = datetime.date
CONTACT = "三个二: contact the child"
HOMEWORK = "三个二: help with homework"
WEEK_RANGE = {"from_date": "2026-10-05", "to_date": "2026-10-11"}

# What the mentor logged in the week of Monday 5 October (plan 1 "三个二" contacts).
WEEK = [
	("2026-10-05 16:00:00", "Talk at School"),
	("2026-10-06 17:00:00", "Homework Help"),
	("2026-10-07 20:00:00", "Video Call with Parents"),
	("2026-10-08 17:00:00", "Homework Help"),
	("2026-10-10 10:00:00", "Home Visit"),
]
REGISTERED = "2026-09-28 09:00:00"  # a Monday


def registered(child, when):
	frappe.db.set_value("Child", child, "creation", when, update_modified=False)


def pair(child, from_date, mentor=None, mentor_name=None):
	return frappe.get_doc(
		{
			"doctype": "Mentor Assignment",
			"child": child,
			"mentor": mentor,
			"mentor_name": mentor_name,
			"mentor_type": "Mentor Teacher",
			"from_date": from_date,
		}
	).insert(ignore_permissions=True)


def log(child, when, visit_type, visitor):
	frappe.get_doc(
		{
			"doctype": "Home Visit",
			"child": child,
			"visit_type": visit_type,
			"visit_datetime": when,
			"visitor": visitor,
		}
	).insert(ignore_permissions=True)


class TestVisitCompliance(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		ensure_default_duties()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		# 甲一村: registered Monday 28 September, paired with the mentor from Monday 5 October,
		# who made every contact of that week and none after
		self.kept = make_child("甲一村", child_name="按时帮扶").name
		registered(self.kept, REGISTERED)
		pair(self.kept, "2026-10-05", mentor=MENTOR_USER)
		for when, visit_type in WEEK:
			log(self.kept, when, visit_type, MENTOR_USER)
		# 乙一村: paired with a teacher without an account from 28 September, never contacted
		self.missed = make_child("乙一村", child_name="无人联系").name
		registered(self.missed, REGISTERED)
		pair(self.missed, "2026-09-28", mentor_name="李老师")
		# not left behind: owes no duty
		self.not_left_behind = make_child("甲二村", child_name="非留守", left_behind=False).name
		registered(self.not_left_behind, REGISTERED)

	def rows(self, user="Administrator", area_name="报表区", **filters):
		area = area_of(area_name) if area_name else None
		return run_as(user, execute, {"area": area, **filters})[1]

	def figures(self, rows):
		return [
			(r["child"], r["duty"], r["done"], r["required"], r["rate"], r["next_due"], r["overdue_days"])
			for r in rows
		]

	def test_the_constructed_week(self):
		rows = self.rows(**WEEK_RANGE)
		# only the weekly duties have a period ending in 5-11 October; statuses on Sunday 11th
		self.assertEqual(
			self.figures(rows),
			[
				# the first contact of the week of 28 September was due on Thursday 1 October
				(self.missed, CONTACT, 0, 2, 0.0, D(2026, 10, 1), 10),
				(self.missed, HOMEWORK, 0, 2, 0.0, D(2026, 10, 1), 10),
				# both contacts made: the next is the first of the next week, due Thursday 15th
				(self.kept, CONTACT, 2, 2, 100.0, D(2026, 10, 15), 0),
				(self.kept, HOMEWORK, 2, 2, 100.0, D(2026, 10, 15), 0),
			],
		)
		self.assertEqual(rows[0]["mentor_name"], "李老师")
		self.assertEqual(rows[0]["village"], area_of("乙一村"))
		self.assertEqual(rows[0]["responsible"], frappe._("Mentor"))
		self.assertEqual(rows[2]["mentor_name"], frappe.db.get_value("User", MENTOR_USER, "full_name"))
		chart = run_as("Administrator", execute, {"area": area_of("报表区"), **WEEK_RANGE})[3]
		self.assertEqual(chart["data"]["datasets"][0]["values"], [0, 1, 0, 0])

	def test_october(self):
		rows = self.rows(from_date="2026-10-01", to_date="2026-10-31")
		kept = {r["duty"]: (r["required"], r["done"], r["rate"]) for r in rows if r["child"] == self.kept}
		self.assertEqual(
			kept,
			{
				# paired on 5 October: the weeks ending 11, 18 and 25 October; only the first
				# had contacts (the week ending 1 November is not in October)
				CONTACT: (6, 2, 33.3),
				HOMEWORK: (6, 2, 33.3),
				"三个二: contact the parents": (2, 1, 50.0),
				"三个二: contact the subject teachers": (2, 0, 0.0),
				"三个二: contact the custodian": (2, 0, 0.0),
				# registered 28 September, in the second half of the fortnight 21 September -
				# 4 October: the school owes the fortnight 5-18 October (the home visit of 10th)
				"Plan 3: home visit every two weeks": (1, 1, 100.0),
				"Plan 3: guardians' meeting every month": (1, 0, 0.0),
				# paired 5 October, past the first half of September-October: not yet owed
			},
		)
		missed = {r["duty"]: (r["required"], r["done"]) for r in rows if r["child"] == self.missed}
		self.assertEqual(
			missed,
			{
				# paired 28 September: the weeks ending 4, 11, 18 and 25 October
				CONTACT: (8, 0),
				HOMEWORK: (8, 0),
				"三个二: contact the parents": (2, 0),
				"三个二: contact the subject teachers": (2, 0),
				"三个二: contact the custodian": (2, 0),
				# paired in the first half of September-October: owed
				"三个二: home visits": (2, 0),
				"Plan 3: home visit every two weeks": (1, 0),
				"Plan 3: guardians' meeting every month": (1, 0),
			},
		)

	def test_filters(self):
		overdue = self.rows(only_overdue=1, **WEEK_RANGE)
		self.assertEqual(
			[(r["child"], r["duty"]) for r in overdue], [(self.missed, CONTACT), (self.missed, HOMEWORK)]
		)
		homework = self.rows(duty=HOMEWORK, **WEEK_RANGE)
		self.assertEqual(
			[(r["child"], r["duty"]) for r in homework], [(self.missed, HOMEWORK), (self.kept, HOMEWORK)]
		)
		mine = self.rows(mentor=MENTOR_USER, **WEEK_RANGE)
		self.assertEqual(
			[(r["child"], r["duty"]) for r in mine], [(self.kept, CONTACT), (self.kept, HOMEWORK)]
		)
		# the area is a subtree: 甲镇 holds 甲一村
		self.assertEqual({r["child"] for r in self.rows(area_name="甲镇", **WEEK_RANGE)}, {self.kept})
		with self.assertRaises(frappe.ValidationError):
			self.rows(from_date="2026-11-08", to_date="2026-11-02")

	def test_a_mentor_sees_the_children_paired_with_them(self):
		rows = self.rows(self.users["mentor"], area_name=None, **WEEK_RANGE)
		self.assertEqual(
			[(r["child"], r["duty"]) for r in rows], [(self.kept, CONTACT), (self.kept, HOMEWORK)]
		)

	def test_restricted_users_see_only_their_subtree(self):
		orphan = make_child("甲一村", child_name="无村未访").name
		registered(orphan, REGISTERED)
		pair(orphan, "2026-09-28", mentor_name="无村老师")
		blank_area("Child", orphan)
		# it has overdue duties: only the scope keeps it out
		orphan_rows = care.compliance_for_children([orphan], "2026-10-05", "2026-10-11")
		self.assertEqual([r["overdue_days"] for r in orphan_rows], [10, 10])
		cases = (
			(self.users["village"], {self.kept}),
			(self.users["township"], {self.kept}),
			(self.users["other_township"], {self.missed}),
			(self.users["county"], {self.kept, self.missed}),
		)
		for user, expected in cases:
			self.assertEqual({r["child"] for r in self.rows(user, **WEEK_RANGE)}, expected, user)

	def test_overdue_is_the_same_in_the_summary_and_the_number_card(self):
		"""As of today (the default range ends today): the kept child's mentor stopped after the
		first week, and the other child was never contacted; the child not left behind owes
		nothing."""
		rows = self.rows(only_overdue=1)
		overdue = {r["child"] for r in rows}
		self.assertEqual(overdue, {self.kept, self.missed})
		kept = {r["duty"]: r["overdue_days"] for r in rows if r["child"] == self.kept}
		# contact the child: the next contact was due Thursday 15 October
		self.assertEqual(kept[CONTACT], (frappe.utils.getdate() - D(2026, 10, 15)).days)
		summary = run_as("Administrator", area_summary, {"area": area_of("报表区")})[1][-1]
		self.assertEqual(summary["overdue"], len(overdue))
		for user, expected in ((self.users["county"], 2), (self.users["township"], 1)):
			as_user(user)
			try:
				card = reporting.overdue_visits_card()["value"]
			finally:
				as_user("Administrator")
			self.assertEqual(card, expected, user)
			self.assertEqual(len({r["child"] for r in self.rows(user, only_overdue=1)}), expected, user)

	def test_export_has_the_rows_on_screen(self):
		filters = {"area": area_of("报表区"), **WEEK_RANGE}
		rows = run_as("Administrator", execute, filters)[1]
		content, title = reporting.render_report("Visit Compliance", filters)
		self.assertIn("2026-10-05", title)
		sheet = load_workbook(io.BytesIO(content)).active
		data = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
		self.assertEqual(len(data), len(rows))
		self.assertEqual(data[0][:2], (self.missed, "无人联系"))
		# done, required, compliance %, next due, days overdue
		self.assertEqual(data[0][7:], (0, 2, 0, datetime.datetime(2026, 10, 1), 10))
