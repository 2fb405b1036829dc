# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care.care_setup import ensure_default_duties
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

WEEK_RANGE = {"from_date": "2026-10-05", "to_date": "2026-10-11"}
WEEK = [
	("2026-10-05 16:00:00", "Talk at School"),
	("2026-10-06 17:00:00", "Homework Help"),
	("2026-10-07 20:00:00", "Video Call with Parents"),
	("2026-10-08 17:00:00", "Homework Help"),
	("2026-10-10 10:00:00", "Home Visit"),
]


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
		ensure_default_duties()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.a1 = make_child("甲一村", child_name="甲一甲").name
		self.a2 = make_child("甲二村", child_name="甲二乙", risk_level="二级").name
		self.b1 = make_child("乙一村", child_name="乙一丙").name
		self.b2 = make_child("乙二村", child_name="乙二丁").name
		self.unpaired = make_child("乙二村", child_name="乙二戊").name
		self.ended = make_child("甲一村", child_name="结对已结束").name
		# the constructed week (5-11 October 2026): the mentor made the a1 child's "三个二"
		# contacts; 李老师 (no account) never contacted a2 since 28 September
		pair(self.a1, MENTOR_USER, from_date="2026-10-05")
		for when, visit_type in WEEK:
			frappe.get_doc(
				{
					"doctype": "Home Visit",
					"child": self.a1,
					"visit_type": visit_type,
					"visit_datetime": when,
					"visitor": MENTOR_USER,
				}
			).insert(ignore_permissions=True)
		pair(self.b1, MENTOR_USER, mentor_type="Proxy Parent")
		pair(self.a2, mentor_name="李老师", from_date="2026-09-28")
		pair(self.b2, mentor_name="王阿姨", mentor_type="Caring Mother")
		pair(
			self.ended,
			mentor_name="赵老师",
			from_date=add_days(nowdate(), -90),
			to_date=add_days(nowdate(), -1),
		)
		frappe.db.set_value("Child", self.a2, "risk_level", "二级")

	def load(self, user="Administrator", area_name="报表区", **filters):
		rows = run_as(user, execute, {"area": area_of(area_name), **filters})[1]
		return {row["mentor_name"]: row for row in rows}

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
		# the cap (Left Behind Care Settings, 2 by default) binds mentors with an account
		self.assertEqual((mine["cap"], mine["over_cap"]), (2, 0))
		self.assertEqual((load["李老师"]["cap"], load["李老师"]["over_cap"]), (None, 0))
		frappe.db.set_single_value("Left Behind Care Settings", "max_children_per_mentor", 1)
		self.assertEqual((self.load()[mentor_name]["cap"], self.load()[mentor_name]["over_cap"]), (1, 1))

	def test_compliance_of_the_constructed_week(self):
		load = self.load(**WEEK_RANGE)
		mentor_name = frappe.db.get_value("User", MENTOR_USER, "full_name")
		figures = {
			name: (row["done"], row["required"], row["rate"], row["overdue"]) for name, row in load.items()
		}
		self.assertEqual(
			figures,
			{
				# two contacts and two homework helps of two each; b1 paired today owes nothing yet
				mentor_name: (4, 4, 100.0, 0),
				# the week's four contacts missed; overdue since Thursday 1 October
				"李老师": (0, 4, 0.0, 1),
				# paired today: no period has ended
				"王阿姨": (0, 0, None, 0),
			},
		)
		# October: a1's weeks ending 11, 18, 25 and its month (parents, teachers, custodian)
		october = self.load(from_date="2026-10-01", to_date="2026-10-31")
		self.assertEqual(
			(october[mentor_name]["done"], october[mentor_name]["required"], october[mentor_name]["rate"]),
			(5, 18, 27.8),
		)
		self.assertEqual((october["李老师"]["done"], october["李老师"]["required"]), (0, 24))

	def test_children_without_an_active_mentor(self):
		self.assertEqual(self.without(), {self.unpaired, self.ended})
		# a peer study buddy is no mentor (issue 5)
		pair(self.unpaired, mentor_name="同学", mentor_type="Peer Study Buddy")
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
