# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Holiday safety screening (plan 4 §四4): every child of an area, five risks, completion
per village."""

import frappe

from left_behind_care.left_behind_care.doctype.holiday_safety_screening.holiday_safety_screening import (
	SafetyScreeningError,
	create_checks,
)
from left_behind_care.left_behind_care.doctype.safety_screening_check.safety_screening_check import (
	SafetyScreeningCheckError,
)
from left_behind_care.testing import LBCTestCase, make_child, make_user

TOWNSHIP = "lbc-care-hss-township@example.com"  # 东乡镇
DIRECTOR = "lbc-care-hss-director@example.com"  # 东一村
OTHER_DIRECTOR = "lbc-care-hss-director-w@example.com"  # 西一村


def area(name):
	return frappe.db.get_value("Administrative Area", {"area_name": name}, "name")


class TestHolidaySafetyScreening(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(TOWNSHIP, ["Township Officer"], ["东乡镇"])
		make_user(DIRECTOR, ["Village Child Director"], ["东一村"])
		make_user(OTHER_DIRECTOR, ["Village Child Director"], ["西一村"])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		# only this test's children in the township
		frappe.db.set_value(
			"Child", {"village": ("in", [area("东一村"), area("东二村")])}, "status", "Moved Away"
		)
		self.east1 = [make_child(village="东一村", child_name=f"东一{i}").name for i in range(3)]
		self.east2 = [make_child(village="东二村", child_name="东二0").name]
		self.west = make_child(village="西一村", child_name="西一0").name
		self.gone = make_child(village="东一村", child_name="已迁出")
		frappe.db.set_value("Child", self.gone.name, "status", "Moved Away")

	def campaign(self, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Holiday Safety Screening",
				"title": "2027年寒假安全排查",
				"holiday": "Winter Holiday",
				"administrative_area": area("东乡镇"),
				"starts_on": "2027-01-04",
				"due_by": "2027-01-15",
				**kwargs,
			}
		).insert()

	def check(self, campaign, child):
		return frappe.get_doc("Safety Screening Check", f"{campaign}-{child}")

	def test_every_active_child_of_the_area_is_listed_once(self):
		frappe.set_user(TOWNSHIP)
		frappe.flags.lbc_scope_cache = None
		campaign = self.campaign()
		self.assertEqual(create_checks(campaign.name), 4)
		listed = set(
			frappe.get_all("Safety Screening Check", filters={"campaign": campaign.name}, pluck="child")
		)
		self.assertEqual(listed, {*self.east1, *self.east2})
		# listing again adds nobody
		self.assertEqual(create_checks(campaign.name), 0)
		campaign.reload()
		self.assertEqual(
			(campaign.total_children, campaign.checked_children, campaign.status), (4, 0, "In Progress")
		)

	def test_completion_per_village(self):
		frappe.set_user(TOWNSHIP)
		frappe.flags.lbc_scope_cache = None
		campaign = self.campaign()
		create_checks(campaign.name)
		frappe.set_user(DIRECTOR)
		frappe.flags.lbc_scope_cache = None
		first = self.check(campaign.name, self.east1[0])
		first.update(
			{
				"drowning": "Risk Found",
				"traffic": "No Risk",
				"falls": "No Risk",
				"burns": "No Risk",
				"poisoning": "No Risk",
				"actions_taken": "门前水塘加装护栏",
			}
		)
		first.save()
		self.assertEqual((first.status, first.risk_found, first.checked_by), ("Checked", 1, DIRECTOR))
		second = self.check(campaign.name, self.east1[1])
		second.update({"drowning": "No Risk", "traffic": "No Risk"})
		second.save()
		self.assertEqual(second.status, "Pending")
		campaign.reload()
		progress = {
			row.village: (row.children, row.checked, row.risks_found, row.completion_percent)
			for row in campaign.villages
		}
		self.assertEqual(progress, {area("东一村"): (3, 1, 1, 33.3), area("东二村"): (1, 0, 0, 0.0)})
		self.assertEqual(
			(campaign.checked_children, campaign.risks_found, campaign.completion_percent), (1, 1, 25.0)
		)
		# the other village's director cannot reach these checks
		frappe.set_user(OTHER_DIRECTOR)
		frappe.flags.lbc_scope_cache = None
		self.assertEqual(frappe.get_list("Safety Screening Check", filters={"campaign": campaign.name}), [])
		with self.assertRaises(frappe.PermissionError):
			create_checks(campaign.name)

	def test_refusals(self):
		with self.assertRaises(SafetyScreeningError):
			self.campaign(due_by="2027-01-01")
		campaign = self.campaign()
		with self.assertRaises(SafetyScreeningCheckError):
			frappe.get_doc(
				{"doctype": "Safety Screening Check", "campaign": campaign.name, "child": self.west}
			).insert()
		frappe.set_user(DIRECTOR)
		frappe.flags.lbc_scope_cache = None
		with self.assertRaises(frappe.PermissionError):
			create_checks(campaign.name)
