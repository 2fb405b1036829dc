# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The demo's people and records: mentors who are desk users, their contacts, incidents.

(``build_demo`` as a whole commits an invented city; it is run by ``bench lbc-demo`` and
tried on a scratch site, not in this suite.)
"""

from __future__ import annotations

from unittest.mock import patch

import frappe
from frappe.utils import get_datetime, getdate, nowdate

from left_behind_care import demo
from left_behind_care.testing import LBCTestCase, make_child


class TestDemo(LBCTestCase):
	def setUp(self):
		super().setUp()
		self.children = [make_child(village="东一村", child_name=f"演示{i}").name for i in range(2)]
		for child in self.children:
			frappe.get_doc(
				{
					"doctype": "Mentor Assignment",
					"child": child,
					"mentor_type": "Mentor Teacher",
					"mentor_name": "吕兰英老师",  # 吕 reads lü: pinyin with more than one reading
					"mentor_phone": "13900001234",
					"from_date": "2026-01-01",
				}
			).insert(ignore_permissions=True)

	def test_mentors_become_users_and_log_the_contacts_in_chinese(self):
		factory = demo.PersonFactory(7)
		today = getdate(nowdate())
		with patch.object(frappe.db, "commit"):
			mentors = demo.make_mentor_users(self.children, factory)
			visits = demo.make_visits(self.children, factory, 3, today)
			incidents = demo.make_incidents(self.children, factory, 1.0, today)
		# one teacher, one desk user, on both pairings, in Chinese, as a School Mentor
		self.assertEqual(len(set(mentors.values())), 1)
		user = next(iter(mentors.values()))
		self.assertEqual(frappe.db.get_value("User", user, "language"), "zh")
		self.assertIn("School Mentor", frappe.get_roles(user))
		self.assertEqual(demo.make_mentor_users(self.children, factory), mentors)  # idempotent
		rows = frappe.get_all(
			"Home Visit",
			filters={"child": ["in", self.children]},
			fields=["visitor", "visit_datetime", "findings_study", "visit_type"],
		)
		self.assertEqual(len(rows), visits)
		self.assertEqual(visits, 6)
		for row in rows:
			self.assertEqual(row.visitor, user)  # the contacts count for the mentor's duties
			self.assertLessEqual((get_datetime(today) - get_datetime(row.visit_datetime)).days, 28)
			self.assertIn(row.findings_study, demo.FINDINGS["findings_study"])
		reports = frappe.get_all(
			"Incident Report",
			filters={"child": ["in", self.children]},
			fields=["incident_type", "description"],
		)
		self.assertEqual(len(reports), incidents)
		for report in reports:
			self.assertEqual(report.description, demo.INCIDENT_DESCRIPTIONS[report.incident_type])

	def test_a_ledger_goes_in_as_the_desk_attaches_it(self):
		"""demo.import_ledger uploads the file, saves the import with its URL and runs it."""
		from left_behind_care.left_behind_care.doctype.lbc_ledger_import.test_lbc_ledger_import import (
			build_workbook,
			ledger_row,
			make_ledger_areas,
		)

		areas = make_ledger_areas()
		with patch.object(frappe.db, "commit"):
			name, result = demo.import_ledger(
				build_workbook([ledger_row(child_name="演示台账")]), "demo-test.xlsx", area=areas["青山村"]
			)
		self.assertEqual((result["status"], result["Created"]), ("Success", 1), result)
		self.assertEqual(
			frappe.db.get_value(
				"File", {"attached_to_doctype": "LBC Ledger Import", "attached_to_name": name}, "file_name"
			),
			"demo-test.xlsx",
		)
