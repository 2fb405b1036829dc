# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Who writes which part of an Incident Report (plan 4 §四): each duty its own level.

- level 0, the report itself (child, type, timeline, reporter): the reporters (village
  child director, school mentor), the township and the police liaison;
- level 1, the description: the reporters and the township;
- level 2, the township's assessment and the services arranged (§四2): the township only;
- level 3, the intervention (§四3: village committee, police and departments admonish
  and stop): the village child director, the township and the police liaison.

Checked through Frappe's own save (desk and REST share it) as each role.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_to_date, now_datetime

from left_behind_care.testing import LBCTestCase, make_area, make_child, make_user

ROLES = {
	"Village Child Director": "lbc-levels-vcd@example.com",
	"School Mentor": "lbc-levels-mentor@example.com",
	"Township Officer": "lbc-levels-township@example.com",
	"Police Liaison": "lbc-levels-police@example.com",
	"County Officer": "lbc-levels-county@example.com",
}
# level -> (a field of it, roles that may write it)
LEVELS = {
	1: ("description", {"Village Child Director", "School Mentor", "Township Officer"}),
	2: ("safety_assessment", {"Township Officer"}),
	3: ("intervention_notes", {"Village Child Director", "Township Officer", "Police Liaison"}),
}


class TestIncidentFieldLevels(LBCTestCase):
	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		county = make_area("层级区", "County/District")
		township = make_area("层级镇", "Township/Street", county)
		self.village = make_area("层级村", "Village/Community", township)
		for role, email in ROLES.items():
			area = {"Township Officer": township, "County Officer": county}.get(role, self.village)
			make_user(email, [role], [] if role == "School Mentor" else [area])
		child = make_child(self.village, child_name="层级儿童")
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": child.name,
				"mentor": ROLES["School Mentor"],
				"mentor_type": "Mentor Teacher",
				"from_date": "2026-01-01",
			}
		).insert(ignore_permissions=True)
		self.incident = frappe.get_doc(
			{
				"doctype": "Incident Report",
				"child": child.name,
				"incident_type": "Suspected Domestic Violence",
				"found_on": add_to_date(now_datetime(), hours=-1),
				"description": "原始经过",
			}
		).insert(ignore_permissions=True)

	def write_as(self, role: str, fieldname: str, value: str) -> str | None:
		"""Save ``fieldname`` = value as the role's user; returns the stored value."""
		frappe.set_user(ROLES[role])
		try:
			doc = frappe.get_doc("Incident Report", self.incident.name)
			doc.set(fieldname, value)
			try:
				doc.save()
			except (frappe.PermissionError, frappe.ValidationError):  # no write, or not in this state
				frappe.clear_last_message()
		finally:
			frappe.set_user("Administrator")
		return frappe.db.get_value("Incident Report", self.incident.name, fieldname)

	def test_each_duty_is_written_only_by_its_roles(self):
		for level, (fieldname, writers) in LEVELS.items():
			for role in ROLES:
				before = frappe.db.get_value("Incident Report", self.incident.name, fieldname)
				value = f"{role}写第{level}级"
				stored = self.write_as(role, fieldname, value)
				if role in writers:
					self.assertEqual(stored, value, f"{role} should write level {level} ({fieldname})")
				else:
					self.assertEqual(stored, before, f"{role} must not write level {level} ({fieldname})")

	def test_the_reporter_reads_but_cannot_write_the_assessment(self):
		frappe.db.set_value("Incident Report", self.incident.name, "safety_assessment", "乡镇评估")
		frappe.set_user(ROLES["Village Child Director"])
		try:
			doc = frappe.get_doc("Incident Report", self.incident.name)
			self.assertIn(2, doc.meta.get_permlevel_access("read"))
			self.assertNotIn(2, doc.meta.get_permlevel_access("write"))
			doc.apply_fieldlevel_read_permissions()
			self.assertEqual(doc.safety_assessment, "乡镇评估")
		finally:
			frappe.set_user("Administrator")
