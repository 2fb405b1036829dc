# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care.left_behind_care.report.mentor_coverage.mentor_coverage import LOAD, WITHOUT, execute
from left_behind_care.left_behind_care.report.report_test_utils import (
	MENTOR_USER,
	area_of,
	blank_area,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.testing import LBCTestCase, make_child


def pair(child, mentor=None, mentor_name=None, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Mentor Assignment",
			"child": child,
			"mentor": mentor,
			"mentor_name": mentor_name,
			"mentor_type": kwargs.pop("mentor_type", "Mentor Teacher"),
			**kwargs,
		}
	).insert()


class TestMentorCoverage(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.a1 = make_child("甲一村", child_name="甲一甲").name
		self.a2 = make_child("甲二村", child_name="甲二乙", risk_level="二级").name
		self.b1 = make_child("乙一村", child_name="乙一丙").name
		self.b2 = make_child("乙二村", child_name="乙二丁").name
		self.unpaired = make_child("乙二村", child_name="乙二戊").name
		self.ended = make_child("甲一村", child_name="结对已结束").name
		pair(self.a1, MENTOR_USER)
		pair(self.b1, MENTOR_USER, mentor_type="Proxy Parent")
		pair(self.a2, mentor_name="李老师")
		pair(self.b2, mentor_name="王阿姨", mentor_type="Caring Mother")
		pair(
			self.ended,
			mentor_name="赵老师",
			from_date=add_days(nowdate(), -90),
			to_date=add_days(nowdate(), -1),
		)
		frappe.db.set_value("Child", self.a2, "risk_level", "二级")

	def load(self, user="Administrator", area_name="报表区"):
		return {row["mentor_name"]: row for row in run_as(user, execute, {"area": area_of(area_name)})[1]}

	def without(self, user="Administrator", area_name="报表区"):
		rows = run_as(user, execute, {"area": area_of(area_name), "view": WITHOUT})[1]
		return {row["child"] for row in rows}

	def test_mentor_load(self):
		load = self.load()
		mentor_name = frappe.db.get_value("User", MENTOR_USER, "full_name")
		self.assertEqual(set(load), {mentor_name, "李老师", "王阿姨"})
		mine = load[mentor_name]
		self.assertEqual(mine["mentor"], MENTOR_USER)
		self.assertEqual((mine["children"], mine["villages"], mine["left_behind"]), (2, 2, 2))
		self.assertEqual(
			set(mine["mentor_type"].split("、")), {frappe._("Mentor Teacher"), frappe._("Proxy Parent")}
		)
		self.assertEqual(load["李老师"]["level_1_2"], 1)
		self.assertEqual(load["李老师"]["overdue"], 0)

	def test_children_without_an_active_mentor(self):
		self.assertEqual(self.without(), {self.unpaired, self.ended})
		_columns, data, _message, chart = run_as(
			"Administrator", execute, {"area": area_of("报表区"), "view": WITHOUT}
		)
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), len(data))

	def test_load_chart(self):
		_columns, data, _message, chart = run_as(
			"Administrator", execute, {"area": area_of("报表区"), "view": LOAD}
		)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [2, 1, 0, 0])
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), len(data))

	def test_restricted_users_see_only_their_subtree(self):
		mentor_name = frappe.db.get_value("User", MENTOR_USER, "full_name")
		township = self.load(self.users["township"])
		self.assertEqual(set(township), {mentor_name, "李老师"})
		self.assertEqual(township[mentor_name]["children"], 1)
		self.assertEqual(set(self.load(self.users["village"])), {mentor_name})
		self.assertEqual(set(self.load(self.users["county"])), {mentor_name, "李老师", "王阿姨"})
		self.assertEqual(self.without(self.users["township"]), {self.ended})
		self.assertEqual(self.without(self.users["other_township"]), {self.unpaired})

	def test_pairings_with_an_empty_area_are_seen_by_nobody_scoped(self):
		orphan = make_child("甲一村", child_name="无村结对").name
		pairing = pair(orphan, mentor_name="无村老师")
		blank_area("Mentor Assignment", pairing.name)
		blank_area("Child", orphan)
		for user in (self.users["village"], self.users["township"], self.users["county"]):
			self.assertNotIn("无村老师", self.load(user), user)
			self.assertNotIn(orphan, self.without(user), user)
