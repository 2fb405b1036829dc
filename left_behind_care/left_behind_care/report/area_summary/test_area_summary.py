# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import datetime

import frappe
from frappe.utils import getdate, nowdate

from left_behind_care import care, rules
from left_behind_care.left_behind_care.report.area_summary.area_summary import (
	count_keys,
	cross_sums,
	execute,
)
from left_behind_care.left_behind_care.report.report_test_utils import (
	area_of,
	make_population,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.reporting import ON_REGISTER
from left_behind_care.testing import LBCTestCase


class TestAreaSummary(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.children = make_population()
		self.start, self.end = rules.quarter_bounds(*rules.quarter_of(getdate(nowdate())))
		self.filters = {"from_date": self.start, "to_date": self.end}

	def summary(self, area_name, user="Administrator"):
		columns, data, _message, chart = run_as(user, execute, {"area": area_of(area_name), **self.filters})
		return columns, data[:-1], data[-1], chart

	def assert_cross_sums(self, row):
		for group, keys in cross_sums().items():
			self.assertEqual(
				sum(row[key] for key in keys), row["left_behind"], f"{group} does not add up in {row['area']}"
			)
		self.assertLessEqual(row["left_behind"], row["children"])
		self.assertLessEqual(row["overdue"], row["left_behind"])

	def test_every_cross_sum_holds(self):
		for area_name in ("报表市", "报表区", "甲镇", "乙镇", "甲一村"):
			_columns, rows, total, _chart = self.summary(area_name)
			self.assertTrue(rows)
			for row in [*rows, total]:
				self.assert_cross_sums(row)
			for key in count_keys():
				self.assertEqual(total[key], sum(row[key] for row in rows), f"total of {key} in {area_name}")

	def test_total_row_sums_counts_only(self):
		columns, rows, total, _chart = self.summary("报表区")
		self.assertEqual(total["is_total_row"], 1)
		self.assertEqual(total["area"], frappe._("Total"))
		expected = round(100.0 * total["with_mentor"] / total["left_behind"], 1)
		self.assertEqual(total["mentor_coverage"], expected)
		# a percentage is recomputed, never added up
		self.assertNotEqual(total["mentor_coverage"], sum(row["mentor_coverage"] for row in rows))
		count_columns = {c["fieldname"] for c in columns if c["fieldtype"] == "Int"}
		self.assertEqual(count_columns, set(count_keys()))

	def test_rows_are_the_next_tier_down(self):
		self.assertEqual([r["area"] for r in self.summary("报表市")[1]], [area_of("报表区")])
		self.assertEqual([r["area"] for r in self.summary("报表区")[1]], [area_of("甲镇"), area_of("乙镇")])
		self.assertEqual([r["area"] for r in self.summary("甲镇")[1]], [area_of("甲一村"), area_of("甲二村")])
		self.assertEqual([r["area"] for r in self.summary("甲一村")[1]], [area_of("甲一村")])

	def test_tiers_agree(self):
		"""The county's township rows equal each township's own total; the city's equals the county's."""
		_c, county_rows, county_total, _chart = self.summary("报表区")
		for row in county_rows:
			township_total = self.summary(
				frappe.db.get_value("Administrative Area", row["area"], "area_name")
			)[2]
			for key in count_keys():
				self.assertEqual(row[key], township_total[key], key)
		city_total = self.summary("报表市")[2]
		for key in count_keys():
			self.assertEqual(city_total[key], county_total[key], key)

	def test_totals_match_the_records(self):
		"""Counted independently of the report's query, from the records themselves."""
		_c, _rows, total, chart = self.summary("报表区")
		villages = [area_of(v) for v in ("甲一村", "甲二村", "乙一村", "乙二村")]
		children = frappe.get_all(
			"Child",
			filters={"village": ("in", villages), "status": ("in", list(ON_REGISTER))},
			fields=[
				"name",
				"is_left_behind",
				"status",
				"risk_level",
				"gender",
			],
		)
		left_behind = [c for c in children if c.is_left_behind]
		self.assertEqual(total["children"], len(children))
		self.assertEqual(total["left_behind"], len(left_behind))
		self.assertEqual(total["female"], sum(1 for c in left_behind if c.gender == "Female"))
		self.assertEqual(total["level_2"], sum(1 for c in left_behind if c.risk_level == "二级"))
		# overdue: a Visit Duty overdue today, as Visit Compliance computes it from the log
		today = getdate(nowdate())
		active = [c.name for c in left_behind if c.status == "Active"]
		quarter_start = rules.quarter_bounds(*rules.quarter_of(today))[0]
		overdue = {
			row["child"]
			for row in care.compliance_for_children(active, quarter_start, today)
			if row["overdue_days"]
		}
		self.assertEqual(total["overdue"], len(overdue))
		self.assertGreater(total["overdue"], 0)
		visits = frappe.get_all(
			"Home Visit",
			filters={
				"village": ("in", villages),
				"visit_datetime": (
					"between",
					[
						datetime.datetime.combine(self.start, datetime.time.min),
						datetime.datetime.combine(self.end, datetime.time.max),
					],
				),
			},
			pluck="name",
		)
		self.assertEqual(total["visits"], len(visits))
		open_incidents = frappe.get_all(
			"Incident Report", filters={"village": ("in", villages), "status": ("!=", "Closed")}, pluck="name"
		)
		self.assertEqual(total["open_incidents"], len(open_incidents))
		paired = set(
			frappe.get_all(
				"Mentor Assignment",
				filters={"is_active": 1, "mentor_type": ("!=", "Peer Study Buddy")},
				pluck="child",
			)
		)
		self.assertEqual(total["with_mentor"], sum(1 for c in left_behind if c.name in paired))
		self.assertEqual(chart["data"]["labels"], ["一级", "二级", "三级", "四级", "正常"])
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), total["left_behind"])

	def test_age_bands_follow_the_age_limit(self):
		columns = self.summary("报表区")[0]
		self.assertIn("age_14_17", [c["fieldname"] for c in columns])
		# the national definition's age limit (国发〔2016〕13号: under 16)
		frappe.db.set_single_value("Left Behind Care Settings", "age_limit", 16)
		columns, rows, total, _chart = self.summary("报表区")
		self.assertIn("age_14_15", [c["fieldname"] for c in columns])
		for row in [*rows, total]:
			self.assertEqual(sum(row[key] for key in cross_sums()["age"]), row["left_behind"])

	def test_restricted_users_see_only_their_subtree(self):
		admin = {r["area"]: r for r in self.summary("甲镇")[1]}
		# the village director: their village's row only, with the same numbers
		_c, rows, total, _chart = self.summary("甲一村", self.users["village"])
		self.assertEqual([r["area"] for r in rows], [area_of("甲一村")])
		for key in count_keys():
			self.assertEqual(rows[0][key], admin[area_of("甲一村")][key], key)
		# asking for the township shows the director only their own village
		_c, rows, total, _chart = self.summary("甲镇", self.users["village"])
		self.assertEqual([r["area"] for r in rows], [area_of("甲一村")])
		# the township officer sees both villages, nothing of 乙镇
		_c, rows, total, _chart = self.summary("报表区", self.users["township"])
		self.assertEqual([r["area"] for r in rows], [area_of("甲镇")])
		township_total = self.summary("甲镇")[2]
		for key in count_keys():
			self.assertEqual(total[key], township_total[key], key)
		# the county officer sees the whole county, the same as an unrestricted user
		county_total = self.summary("报表区", self.users["county"])[2]
		admin_total = self.summary("报表区")[2]
		for key in count_keys():
			self.assertEqual(county_total[key], admin_total[key], key)

	def test_rows_with_an_empty_area_count_for_nobody(self):
		orphan = frappe.db.get_value("Child", {"child_name": "无村儿童"}, ["name", "village"], as_dict=True)
		self.assertIsNone(orphan.village)
		self.assertTrue(frappe.db.exists("Home Visit", {"child": orphan.name, "village": ("is", "not set")}))
		self.assertTrue(
			frappe.db.exists("Incident Report", {"child": orphan.name, "village": ("is", "not set")})
		)
		cases = (
			(self.users["village"], "甲一村", ("甲一村",)),
			(self.users["township"], "甲镇", ("甲一村", "甲二村")),
			(self.users["county"], "报表区", ("甲一村", "甲二村", "乙一村", "乙二村")),
		)
		for user, area_name, villages in cases:
			_c, _rows, total, _chart = self.summary(area_name, user)
			areas = [area_of(v) for v in villages]
			on_register = {"village": ("in", areas), "status": ("in", list(ON_REGISTER))}
			self.assertEqual(total["children"], frappe.db.count("Child", on_register), user)
			open_incidents = {"village": ("in", areas), "status": ("!=", "Closed")}
			self.assertEqual(
				total["open_incidents"], frappe.db.count("Incident Report", open_incidents), user
			)
			in_period = {
				"village": ("in", areas),
				"visit_datetime": (">=", datetime.datetime.combine(self.start, datetime.time.min)),
			}
			self.assertEqual(total["visits"], frappe.db.count("Home Visit", in_period), user)

	def test_a_user_without_the_report_role_is_refused(self):
		from frappe.desk.query_report import run

		frappe.set_user(self.users["mentor"])
		try:
			with self.assertRaises(frappe.PermissionError):
				run("Area Summary", filters={"area": area_of("甲镇")})
		finally:
			frappe.set_user("Administrator")
