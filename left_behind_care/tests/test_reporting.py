# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The shared reporting helpers: tier grouping, masking, and the official .xlsx layout."""

import datetime
import io
import json

import frappe
from openpyxl import load_workbook

from left_behind_care import reporting
from left_behind_care.left_behind_care.report.report_test_utils import (
	COUNTY_USER,
	MENTOR_USER,
	TOWNSHIP_USER,
	VILLAGE_USER,
	area_of,
	as_user,
	make_population,
	make_report_world,
	make_tier_users,
)
from left_behind_care.permissions import get_scope
from left_behind_care.testing import LBCTestCase, make_user

REPORTS = (
	"Village Ledger",
	"Area Summary",
	"Quarterly Changes",
	"Visit Compliance",
	"Mentor Coverage",
	"Incident Register",
	"Submission Tracker",
)
POLICE_USER = "lbc-rep-police@example.com"


class TestReporting(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		make_tier_users()
		make_user(POLICE_USER, ["Police Liaison"], ["报表区"])
		frappe.db.commit()

	def test_workbook_layout(self):
		columns = [
			{"fieldname": "area", "label": "Area", "fieldtype": "Link"},
			{"fieldname": "male", "label": "Male", "fieldtype": "Int", "group": "Gender"},
			{"fieldname": "female", "label": "Female", "fieldtype": "Int", "group": "Gender"},
			{
				"fieldname": "id_number",
				"label": "Identity Number",
				"fieldtype": "Data",
				"export_label": "身份证号码",
			},
			{"fieldname": "born", "label": "Born", "fieldtype": "Date"},
			{
				"fieldname": "poor",
				"label": "Low Income",
				"fieldtype": "Check",
				"export_map": {1: "是", 0: "否"},
			},
		]
		rows = [
			{
				"area": '=HYPERLINK("x")',
				"male": 3,
				"female": 4,
				"id_number": "520302201206086850",
				"born": "2012-06-08",
				"poor": 1,
			},
			{"area": "Total", "male": 3, "female": 4, "poor": 0, "is_total_row": 1},
		]
		content = reporting.build_workbook("标题", "甲镇", datetime.date(2026, 9, 30), columns, rows)
		sheet = load_workbook(io.BytesIO(content)).active
		self.assertEqual(sheet["A1"].value, "标题")
		self.assertIn("A1:F1", [str(r) for r in sheet.merged_cells.ranges])
		self.assertIn("甲镇", sheet["A2"].value)
		self.assertIn("2026年9月30日", sheet.cell(row=2, column=3).value)
		# two header rows: the group merged over its columns, the others merged down
		self.assertEqual(
			(sheet["B3"].value, sheet["B4"].value, sheet["C4"].value), ("Gender", "Male", "Female")
		)
		self.assertIn("B3:C3", [str(r) for r in sheet.merged_cells.ranges])
		self.assertIn("A3:A4", [str(r) for r in sheet.merged_cells.ranges])
		self.assertEqual(sheet["D3"].value, "身份证号码")
		# a formula-like value stays text; identity numbers are text; numbers are numbers
		self.assertEqual((sheet["A5"].value, sheet["A5"].data_type), ('=HYPERLINK("x")', "s"))
		self.assertEqual(
			(sheet["D5"].value, sheet["D5"].data_type, sheet["D5"].number_format),
			("520302201206086850", "s", "@"),
		)
		self.assertEqual((sheet["B5"].value, sheet["B5"].data_type), (3, "n"))
		self.assertEqual(sheet["E5"].value, datetime.datetime(2012, 6, 8))
		self.assertEqual((sheet["F5"].value, sheet["F6"].value), ("是", "否"))
		self.assertTrue(sheet["B6"].font.b)

	def test_one_mask_everywhere(self):
		"""The reports mask as the printed forms do (rules.mask_*): one function each."""
		from left_behind_care import rules
		from left_behind_care.left_behind_care.report.village_ledger import village_ledger

		self.assertFalse(hasattr(reporting, "mask_id_number") or hasattr(reporting, "mask_phone"))
		self.assertIs(village_ledger.mask_id_number, rules.mask_id_number)
		self.assertIs(village_ledger.mask_phone, rules.mask_phone)
		self.assertEqual(rules.mask_id_number("520302201206086850"), "5203**********6850")
		self.assertEqual(rules.mask_phone("13847881398"), "138****1398")

	def test_grouping_rows_are_the_next_tier_down(self):
		county = reporting.get_area(area_of("报表区"))
		grouping = reporting.AreaGrouping(county, get_scope("Administrator"))
		self.assertEqual([a.name for a in grouping.rows], [area_of("甲镇"), area_of("乙镇")])
		village = reporting.get_area(area_of("乙二村"))
		self.assertEqual(grouping.row_of(village.lft).name, area_of("乙镇"))
		self.assertIsNone(grouping.row_of(reporting.get_area(area_of("报表市")).lft))
		as_user(TOWNSHIP_USER)
		try:
			scoped = reporting.AreaGrouping(county, get_scope())
		finally:
			as_user("Administrator")
		self.assertEqual([a.name for a in scoped.rows], [area_of("甲镇")])
		with self.assertRaises(reporting.AreaNotFoundError):
			reporting.get_area("没有这个地方")

	def test_default_area_is_the_users_own(self):
		for user, area_name in ((VILLAGE_USER, "甲一村"), (TOWNSHIP_USER, "甲镇"), (COUNTY_USER, "报表区")):
			as_user(user)
			try:
				self.assertEqual(reporting.get_default_area(), area_of(area_name))
			finally:
				as_user("Administrator")
		as_user(MENTOR_USER)
		try:
			self.assertIsNone(reporting.default_area())
		finally:
			as_user("Administrator")

	def test_every_report_exports_the_rows_on_screen(self):
		make_population(seed=3, per_village=3)
		as_user(COUNTY_USER)
		try:
			for report in REPORTS:
				filters = {
					"area": area_of("报表区"),
					"from_date": frappe.utils.add_days(frappe.utils.nowdate(), -30),
					"to_date": frappe.utils.nowdate(),
					"show": "All",
				}
				screen = reporting.report_module(report).execute(frappe._dict(filters))[1]
				content, _title = reporting.render_report(report, filters)
				sheet = load_workbook(io.BytesIO(content)).active
				grouped = any(r.min_row == 3 and r.max_row == 4 for r in sheet.merged_cells.ranges)
				written = list(sheet.iter_rows(min_row=5 if grouped else 4, values_only=True))
				self.assertEqual(len(written), len(screen), report)
				self.assertTrue(screen, report)
		finally:
			as_user("Administrator")

	def test_the_desk_shows_every_row_the_report_makes_for_each_tier(self):
		"""Frappe's query_report.run drops a row when a Link column names a record outside
		the user's User Permissions (e.g. the township a village reports to): every row the
		report computes for an officer must reach their screen, at every tier."""
		from frappe.desk.query_report import run

		make_population(seed=5, per_village=2)
		year, quarter = reporting.rules.previous_quarter(frappe.utils.getdate(frappe.utils.nowdate()))
		for user, area in ((VILLAGE_USER, "甲一村"), (TOWNSHIP_USER, "甲镇"), (COUNTY_USER, "报表区")):
			as_user(user)
			try:
				for report in REPORTS:
					filters = {
						"area": area_of(area),
						"from_date": frappe.utils.add_days(frappe.utils.nowdate(), -120),
						"to_date": frappe.utils.nowdate(),
						"show": "All",
						"year": year,
						"quarter": quarter,
					}
					computed = reporting.report_module(report).execute(frappe._dict(filters))[1]
					shown = run(report, filters=dict(filters), ignore_prepared_report=True)["result"]
					shown = [
						row for row in shown if not (isinstance(row, list) and row and row[0] == "Total")
					]
					with self.subTest(user=user, report=report):
						self.assertTrue(computed, "the report computed nothing: the check would prove little")
						self.assertEqual(len(shown), len(computed))
			finally:
				as_user("Administrator")

	def test_export_endpoint_checks_access(self):
		as_user(TOWNSHIP_USER)
		try:
			reporting.export_report("Area Summary", json.dumps({"area": area_of("甲镇")}))
			self.assertEqual(frappe.response["type"], "binary")
			self.assertTrue(frappe.response["filename"].endswith(".xlsx"))
			sheet = load_workbook(io.BytesIO(frappe.response["filecontent"])).active
			self.assertIn("甲镇", sheet["A1"].value)
		finally:
			as_user("Administrator")
			frappe.response.pop("filecontent", None)
		# the mentor's roles do not include the report; the police may view incidents but not export them
		for user, report in ((MENTOR_USER, "Area Summary"), (POLICE_USER, "Incident Register")):
			as_user(user)
			try:
				with self.assertRaises(frappe.PermissionError, msg=user):
					reporting.export_report(report, json.dumps({"area": area_of("报表区")}))
			finally:
				as_user("Administrator")
		with self.assertRaises(reporting.ReportExportError):
			reporting.render_report("Permitted Documents For User", {})


class TestDefaultAreaOfAManager(LBCTestCase):
	def test_an_unscoped_manager_starts_on_a_tree_that_holds_children(self):
		"""With several trees on the site (the test worlds, a demo city), an unrestricted
		user's reports and workspace charts open on the first that holds a child, not on
		nothing."""
		from left_behind_care.testing import make_area, make_child

		make_child("东一村", child_name="默认区儿童")  # the test world's tree holds a child
		empty_root = make_area("空白市", "City")
		roots = frappe.get_all(
			"Administrative Area", filters={"parent_administrative_area": ("is", "not set")}, pluck="name"
		)
		self.assertGreater(len(roots), 1)
		chosen = reporting.default_area("Administrator")
		self.assertIn(chosen, roots)
		self.assertNotEqual(chosen, empty_root)
		bounds = frappe.db.get_value("Administrative Area", chosen, ["lft", "rgt"])
		villages = frappe.get_all(
			"Administrative Area", filters={"lft": [">=", bounds[0]], "rgt": ["<=", bounds[1]]}, pluck="name"
		)
		self.assertTrue(frappe.db.exists("Child", {"village": ["in", villages]}))
