# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Each tier's workspace, its number cards and charts, as the tier's own users see them."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items
from frappe.desk.doctype.number_card.number_card import get_result

from left_behind_care import reporting
from left_behind_care.left_behind_care.doctype.ledger_submission.ledger_submission import submissions_due_card
from left_behind_care.left_behind_care.report.report_test_utils import (
	CITY_USER,
	COUNTY_USER,
	TOWNSHIP_USER,
	VILLAGE_USER,
	area_of,
	as_user,
	make_population,
	make_report_world,
	make_tier_users,
	submit_ledger,
)
from left_behind_care.testing import LBCTestCase

WORKSPACES = {
	VILLAGE_USER: "Village Office",
	TOWNSHIP_USER: "Township Office",
	COUNTY_USER: "County Office",
	CITY_USER: "City Office",
}
SUBTREE = {
	VILLAGE_USER: ("甲一村",),
	TOWNSHIP_USER: ("甲一村", "甲二村"),
	COUNTY_USER: ("甲一村", "甲二村", "乙一村", "乙二村"),
}


class TestWorkspaces(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		make_tier_users()
		frappe.db.commit()

	def tearDown(self):
		frappe.cache.delete_key("bootinfo")
		super().tearDown()

	def test_each_tier_sees_its_workspace_without_workspace_manager(self):
		for user, workspace in WORKSPACES.items():
			roles = set(frappe.get_roles(user))
			self.assertFalse(roles & {"System Manager", "Workspace Manager"}, user)
			as_user(user)
			try:
				pages = {page["name"] for page in get_workspace_sidebar_items()["pages"]}
				self.assertIn(workspace, pages, user)
				self.assertFalse(pages & (set(WORKSPACES.values()) - {workspace}), user)
				page = get_desktop_page(json.dumps({"name": workspace, "title": workspace, "public": 1}))
			finally:
				as_user("Administrator")
			cards = {card.label: card for card in page["cards"]["items"]}
			reports = {link.link_to for link in cards["Reports"].links}
			self.assertIn("Area Summary", reports, user)
			self.assertEqual(
				{c.number_card_name for c in page["number_cards"]["items"]},
				{
					"Left-behind Children",
					"Level 1 and 2 Children",
					"Overdue Visits",
					"Open Mandatory Reports",
					"Submissions Due",
				},
			)
			self.assertTrue(page["shortcuts"]["items"], user)

	def test_workspace_files_are_public_and_role_bound(self):
		for workspace in WORKSPACES.values():
			doc = frappe.get_doc("Workspace", workspace)
			self.assertEqual((doc.public, doc.module), (1, "Left Behind Care"))
			self.assertTrue({row.role for row in doc.roles})

	def test_number_cards_count_only_what_the_user_may_see(self):
		children = make_population(seed=5, per_village=4)
		self.assertTrue(children)
		# [doctype, field, operator, value]: v16's filter parser refuses the desk's older
		# five-element rows (…, hidden), v15 reads both
		for card_name in frappe.get_all("Number Card", filters={"module": "Left Behind Care"}, pluck="name"):
			for row in json.loads(frappe.db.get_value("Number Card", card_name, "filters_json") or "[]"):
				self.assertEqual(len(row), 4, card_name)
		for name in ("Left-behind Children", "Level 1 and 2 Children", "Open Mandatory Reports"):
			card = frappe.get_doc("Number Card", name)
			filters = json.loads(card.filters_json)
			for user, villages in SUBTREE.items():
				as_user(user)
				try:
					self.assertTrue(frappe.has_permission("Number Card", doc=card), user)
					counted = get_result(card.as_dict(), card.filters_json)
				finally:
					as_user("Administrator")
				conditions = {row[1]: (row[2], row[3]) for row in filters}
				conditions["village"] = ("in", [area_of(v) for v in villages])
				self.assertEqual(counted, frappe.db.count(card.document_type, conditions), (name, user))
		for user, villages in SUBTREE.items():
			as_user(user)
			try:
				overdue = reporting.overdue_visits_card()["value"]
				rows = reporting.report_module("Visit Compliance").execute(frappe._dict(only_overdue=1))[1]
			finally:
				as_user("Administrator")
			self.assertEqual(overdue, len({row["child"] for row in rows}), user)
			self.assertEqual(
				{frappe.db.get_value("Child", r["child"], "village") for r in rows}
				- {area_of(v) for v in villages},
				set(),
			)

	def test_submissions_due_card(self):
		from left_behind_care import rules

		year, quarter = rules.previous_quarter(frappe.utils.getdate())
		as_user(VILLAGE_USER)
		try:
			self.assertEqual(submissions_due_card()["value"], 1)
		finally:
			as_user("Administrator")
		submit_ledger("甲一村", VILLAGE_USER, year, quarter)
		for user, expected in ((VILLAGE_USER, 0), (TOWNSHIP_USER, 2), (COUNTY_USER, 6)):
			as_user(user)
			try:
				self.assertEqual(submissions_due_card()["value"], expected, user)
			finally:
				as_user("Administrator")

	def test_report_charts_run_for_each_tier(self):
		from frappe.desk.query_report import run

		make_population(seed=9, per_village=2)
		for chart_name in ("Left-behind Children by Risk Level", "Left-behind Changes by Quarter"):
			chart = frappe.get_doc("Dashboard Chart", chart_name)
			self.assertEqual((chart.chart_type, chart.use_report_chart), ("Report", 1))
			for user in SUBTREE:
				as_user(user)
				try:
					self.assertTrue(frappe.has_permission("Dashboard Chart", doc=chart), user)
					result = run(chart.report_name, filters=json.loads(chart.filters_json or "{}"))
				finally:
					as_user("Administrator")
				self.assertTrue(result["chart"], (chart_name, user))
