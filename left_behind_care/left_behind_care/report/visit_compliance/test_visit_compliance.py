# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import datetime

import frappe
from frappe.utils import add_to_date, getdate, now_datetime, nowdate

from left_behind_care.left_behind_care.report.area_summary.area_summary import execute as area_summary
from left_behind_care.left_behind_care.report.report_test_utils import (
	MENTOR_USER,
	area_of,
	blank_area,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.left_behind_care.report.visit_compliance.visit_compliance import execute
from left_behind_care.testing import LBCTestCase, make_child

DAY = datetime.timedelta(days=1)


def visit(child, days_ago):
	frappe.get_doc(
		{
			"doctype": "Home Visit",
			"child": child,
			"visit_type": "Home Visit",
			"visit_datetime": add_to_date(now_datetime(), days=-days_ago),
		}
	).insert()


def registered_days_ago(child, days):
	frappe.db.set_value(
		"Child", child, "creation", add_to_date(now_datetime(), days=-days), update_modified=False
	)


class TestVisitCompliance(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.today = getdate(nowdate())
		self.late = make_child("甲一村", child_name="二十天未访").name
		visit(self.late, 20)
		self.recent = make_child("甲一村", child_name="三天前访").name
		visit(self.recent, 3)
		self.never_new = make_child("甲二村", child_name="新登记未访").name
		self.never_old = make_child("乙一村", child_name="登记一月未访").name
		registered_days_ago(self.never_old, 30)
		self.not_left_behind = make_child("乙二村", child_name="非留守", left_behind=False).name
		registered_days_ago(self.not_left_behind, 60)
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": self.late,
				"mentor": MENTOR_USER,
				"mentor_type": "Mentor Teacher",
			}
		).insert()

	def rows(self, user="Administrator", area_name="报表区", **filters):
		return run_as(user, execute, {"area": area_of(area_name) if area_name else None, **filters})[1]

	def test_overdue_under_the_visit_rule(self):
		rows = {r["child"]: r for r in self.rows()}
		self.assertEqual(set(rows), {self.late, self.never_old})
		late = rows[self.late]
		self.assertEqual(late["days_overdue"], 6)
		self.assertEqual(getdate(late["due_date"]), self.today - 6 * DAY)
		self.assertEqual(getdate(late["last_visit_date"]), self.today - 20 * DAY)
		self.assertIn("14", late["duty"])
		self.assertEqual(late["mentors"], frappe.db.get_value("User", MENTOR_USER, "full_name"))
		self.assertEqual(rows[self.never_old]["days_overdue"], 16)
		self.assertIsNone(rows[self.never_old]["last_visit_date"])

	def test_show_all_gives_due_dates(self):
		rows = {r["child"]: r for r in self.rows(show="All")}
		self.assertEqual(set(rows), {self.late, self.recent, self.never_new, self.never_old})
		self.assertEqual(rows[self.recent]["days_overdue"], 0)
		self.assertEqual(getdate(rows[self.recent]["due_date"]), self.today + 11 * DAY)
		self.assertEqual(getdate(rows[self.never_new]["due_date"]), self.today + 14 * DAY)

	def test_interval_comes_from_the_settings(self):
		frappe.db.set_single_value("Left Behind Care Settings", "visit_interval_days", 25)
		rows = {r["child"]: r for r in self.rows()}
		self.assertEqual(set(rows), {self.never_old})
		self.assertEqual(rows[self.never_old]["days_overdue"], 5)

	def test_agrees_with_the_area_summary(self):
		summary = run_as("Administrator", area_summary, {"area": area_of("报表区")})[1][-1]
		self.assertEqual(summary["overdue"], len(self.rows()))

	def test_mentor_filter_and_a_mentor_sees_their_children(self):
		self.assertEqual([r["child"] for r in self.rows(mentor=MENTOR_USER)], [self.late])
		self.assertEqual([r["child"] for r in self.rows(self.users["mentor"], area_name=None)], [self.late])

	def test_restricted_users_see_only_their_subtree(self):
		orphan = make_child("甲一村", child_name="无村未访").name
		registered_days_ago(orphan, 40)
		blank_area("Child", orphan)
		cases = (
			(self.users["village"], {self.late}),
			(self.users["township"], {self.late}),
			(self.users["other_township"], {self.never_old}),
			(self.users["county"], {self.late, self.never_old}),
		)
		for user, expected in cases:
			self.assertEqual({r["child"] for r in self.rows(user)}, expected, user)
			self.assertNotIn(orphan, {r["child"] for r in self.rows(user, show="All")}, user)
