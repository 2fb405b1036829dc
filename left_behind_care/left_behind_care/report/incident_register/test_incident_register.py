# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime

from left_behind_care import rules
from left_behind_care.left_behind_care.report.incident_register.incident_register import execute
from left_behind_care.left_behind_care.report.report_test_utils import (
	area_of,
	blank_area,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.testing import LBCTestCase, make_child


def incident(child, incident_type, found_hours_ago, reported_after_hours=None):
	found_on = add_to_date(now_datetime(), hours=-found_hours_ago)
	doc = frappe.get_doc(
		{"doctype": "Incident Report", "child": child, "incident_type": incident_type, "found_on": found_on}
	)
	if reported_after_hours is not None:
		doc.reported_to_police_on = add_to_date(found_on, hours=reported_after_hours)
	return doc.insert().name


class TestIncidentRegister(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.child_a = make_child("甲一村", child_name="甲一事件")
		self.child_b = make_child("乙一村", child_name="乙一事件")
		self.late = incident(self.child_a.name, "Missing", 72, reported_after_hours=30)
		self.on_time = incident(self.child_a.name, "Suspected Domestic Violence", 10, reported_after_hours=2)
		self.dropout = incident(self.child_b.name, "Dropout", 200)
		# not yet reported, found 2 hours ago; then the clock runs on past the deadline
		self.waiting = incident(self.child_b.name, "Suspected Unlawful Harm", 2)
		frappe.db.set_value(
			"Incident Report", self.waiting, "found_on", add_to_date(now_datetime(), hours=-30)
		)
		frappe.db.set_value("Incident Report", self.dropout, "status", "Closed")

	def rows(self, user="Administrator", area_name="报表区", **filters):
		return {r["incident"]: r for r in run_as(user, execute, {"area": area_of(area_name), **filters})[1]}

	def test_police_clock_and_ages(self):
		rows = self.rows()
		self.assertEqual(set(rows), {self.late, self.on_time, self.dropout, self.waiting})
		self.assertEqual(rows[self.late]["police_report_delay_hours"], 30.0)
		self.assertEqual(rows[self.late]["police_overdue"], 1)
		self.assertEqual(rows[self.on_time]["police_report_delay_hours"], 2.0)
		self.assertEqual(rows[self.on_time]["police_overdue"], 0)
		self.assertIsNone(rows[self.waiting]["police_report_delay_hours"])
		self.assertEqual(rows[self.waiting]["police_overdue"], 1)
		self.assertEqual(rows[self.dropout]["police_overdue"], 0)
		self.assertEqual(rows[self.dropout]["is_mandatory"], 0)
		self.assertIsNone(rows[self.dropout]["days_open"])
		self.assertEqual(rows[self.late]["days_open"], 3)
		found = get_datetime(rows[self.late]["found_on"]).date()
		self.assertEqual(rows[self.late]["child_age"], rules.age_on(getdate(self.child_a.birth_date), found))

	def test_filters(self):
		self.assertEqual(set(self.rows(mandatory_only=1)), {self.late, self.on_time, self.waiting})
		self.assertEqual(set(self.rows(open_only=1)), {self.late, self.on_time, self.waiting})
		self.assertEqual(set(self.rows(incident_type="Missing")), {self.late})
		self.assertEqual(set(self.rows(status="Closed")), {self.dropout})
		since = getdate(add_to_date(now_datetime(), hours=-48))
		self.assertNotIn(self.late, self.rows(from_date=since))
		self.assertNotIn(self.dropout, self.rows(from_date=since))

	def test_chart_by_type_and_status(self):
		_columns, data, _message, chart = run_as("Administrator", execute, {"area": area_of("报表区")})
		self.assertEqual(len(chart["data"]["labels"]), 4)
		self.assertEqual(sum(sum(d["values"]) for d in chart["data"]["datasets"]), len(data))

	def test_restricted_users_see_only_their_subtree(self):
		orphan = incident(self.child_a.name, "Missing", 1)
		blank_area("Incident Report", orphan)
		cases = (
			(self.users["village"], {self.late, self.on_time}),
			(self.users["township"], {self.late, self.on_time}),
			(self.users["other_township"], {self.dropout, self.waiting}),
			(self.users["county"], {self.late, self.on_time, self.dropout, self.waiting}),
		)
		for user, expected in cases:
			self.assertEqual(set(self.rows(user)), expected, user)
