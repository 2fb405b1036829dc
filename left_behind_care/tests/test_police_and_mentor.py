# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The police liaison's and the school mentor's own workspaces, and 已接报 (plan 4 §四1).

- A Police Liaison records that the police received a mandatory report of their area
  ("Received by Police": who and when); nobody else, and no report of another area.
- Police Office and Mentor Desk open for their roles, and their number cards count only
  what the user may see.
"""

from __future__ import annotations

import json

import frappe
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import add_to_date, now_datetime, nowdate

from left_behind_care.left_behind_care.doctype.incident_report.incident_report import IncidentWorkflowError
from left_behind_care.testing import LBCTestCase, make_area, make_child, make_user

POLICE = "lbc-police-desk@example.com"
DIRECTOR = "lbc-police-desk-vcd@example.com"
MENTOR = "lbc-mentor-desk@example.com"
OTHER_MENTOR = "lbc-mentor-desk-other@example.com"


class TestPoliceAndMentorDesks(LBCTestCase):
	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		county = make_area("接报区", "County/District")
		township = make_area("接报镇", "Township/Street", county)
		other_township = make_area("邻接报镇", "Township/Street", county)
		self.village = make_area("接报村", "Village/Community", township)
		self.other_village = make_area("邻接报村", "Village/Community", other_township)
		make_user(POLICE, ["Police Liaison"], [township])
		make_user(DIRECTOR, ["Village Child Director"], [self.village])
		make_user(MENTOR, ["School Mentor"])
		make_user(OTHER_MENTOR, ["School Mentor"])
		self.child = make_child(self.village, child_name="接报儿童").name
		self.other_child = make_child(self.other_village, child_name="邻接报儿童").name
		self.report = self.mandatory_report(self.child)
		self.other_report = self.mandatory_report(self.other_child)

	def mandatory_report(self, child: str) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "Incident Report",
					"child": child,
					"incident_type": "Living Alone Without Guardianship",
					"found_on": add_to_date(now_datetime(), hours=-2),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def receive(self, user: str, name: str):
		frappe.set_user(user)
		try:
			return frappe.get_doc("Incident Report", name).record_police_receipt()
		finally:
			frappe.set_user("Administrator")

	def awaiting(self, user: str) -> int:
		card = frappe.get_doc("Number Card", "Awaiting Police Receipt")
		frappe.set_user(user)
		try:
			return get_result(card.as_dict(), card.filters_json)
		finally:
			frappe.set_user("Administrator")

	def test_the_police_record_receipt_of_their_areas_reports_only(self):
		self.assertEqual(self.awaiting(POLICE), 1)  # their township's report, not the other
		with self.assertRaises(frappe.PermissionError):
			self.receive(DIRECTOR, self.report)  # not the police
		with self.assertRaises(frappe.PermissionError):
			self.receive(POLICE, self.other_report)  # another township's
		result = self.receive(POLICE, self.report)
		stored = frappe.db.get_value(
			"Incident Report",
			self.report,
			["police_received_by", "police_received_on", "reported_to_police_on"],
			as_dict=True,
		)
		self.assertEqual(stored.police_received_by, POLICE)
		self.assertEqual(str(stored.police_received_on), str(result["police_received_on"]))
		self.assertTrue(stored.reported_to_police_on)  # it reached the police then at the latest
		self.assertEqual(self.awaiting(POLICE), 0)
		with self.assertRaises(IncidentWorkflowError):
			self.receive(POLICE, self.report)  # recorded once
		self.assertIsNone(frappe.db.get_value("Incident Report", self.other_report, "police_received_on"))

	def test_police_office_and_mentor_desk_open_for_their_roles(self):
		for user, workspace, cards in (
			(POLICE, "Police Office", {"Awaiting Police Receipt", "Open Mandatory Reports"}),
			(MENTOR, "Mentor Desk", {"Left-behind Children", "Contacts Due This Week", "Overdue Visits"}),
		):
			frappe.set_user(user)
			try:
				pages = {page["name"] for page in get_workspace_sidebar_items()["pages"]}
				self.assertIn(workspace, pages, user)
				page = get_desktop_page(json.dumps({"name": workspace, "title": workspace, "public": 1}))
			finally:
				frappe.set_user("Administrator")
			self.assertEqual({c.number_card_name for c in page["number_cards"]["items"]}, cards)
			self.assertTrue(page["shortcuts"]["items"])

	def test_a_mentor_counts_their_own_contacts_due(self):
		for mentor, child in ((MENTOR, self.child), (OTHER_MENTOR, self.other_child)):
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": mentor,
					"reference_type": "Child",
					"reference_name": child,
					"date": nowdate(),
					"description": "本周家访",
				}
			).insert(ignore_permissions=True)
		card = frappe.get_doc("Number Card", "Contacts Due This Week")
		frappe.set_user(MENTOR)
		try:
			counted = get_result(card.as_dict(), card.filters_json)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(counted, 1)

	def test_the_apps_sidebars_and_tile_speak_the_users_language(self):
		"""v16's Workspace Sidebars draw their stored (English) labels: the app's own are
		translated at boot, others' left alone; the apps-screen tile is for the app's users
		only, and the app's users land on it."""
		from left_behind_care.boot import extend_bootinfo, may_open_app

		frappe.db.set_value("User", DIRECTOR, "language", "zh")
		frappe.set_user(DIRECTOR)
		frappe.local.lang = "zh"
		try:
			bootinfo = frappe._dict(
				workspace_sidebar_item={
					"village office": {"label": "Village Office", "items": [{"label": "Children"}]},
					"accounting": {"label": "Accounting", "items": [{"label": "Children"}]},
				}
			)
			extend_bootinfo(bootinfo)
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
		self.assertEqual(bootinfo.workspace_sidebar_item["village office"]["items"][0]["label"], "儿童")
		self.assertEqual(bootinfo.workspace_sidebar_item["accounting"]["items"][0]["label"], "Children")
		self.assertTrue(may_open_app(DIRECTOR))
		clerk = make_user("lbc-desk-clerk@example.com", roles=["Website Manager"])
		self.assertFalse(may_open_app(clerk))
		self.assertEqual(frappe.db.get_value("User", DIRECTOR, "default_app"), "left_behind_care")
		self.assertFalse(frappe.db.get_value("User", clerk, "default_app"))
		from frappe.apps import get_default_path

		frappe.set_user(DIRECTOR)
		try:
			self.assertEqual(get_default_path(), "/app/lbc-home")
		finally:
			frappe.set_user("Administrator")

	def test_breadcrumbs_lead_back_to_the_users_own_workspace(self):
		"""Frappe's breadcrumb takes the module's first workspace: the boot puts the user's first."""
		from left_behind_care.boot import extend_bootinfo

		everyone = [
			"Village Office",
			"Township Office",
			"County Office",
			"City Office",
			"Mentor Desk",
			"Police Office",
		]
		for user, first in ((POLICE, "Police Office"), (MENTOR, "Mentor Desk"), (DIRECTOR, "Village Office")):
			frappe.set_user(user)
			try:
				bootinfo = frappe._dict(module_wise_workspaces={"Left Behind Care": list(everyone)})
				extend_bootinfo(bootinfo)
			finally:
				frappe.set_user("Administrator")
			order = bootinfo.module_wise_workspaces["Left Behind Care"]
			self.assertEqual(order[0], first, user)
			self.assertEqual(sorted(order), sorted(everyone))
