# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""No new record starts with a value nobody chose.

Frappe gives a Select field without a default its first option, on the desk and in
``insert()`` alike: a new Incident Report was a mandatory report of "Living Alone
Without Guardianship", a new parent row was "At Home" (which decides whether the child
is left behind), a January screening was for the winter holiday and a December ledger
submission for the first quarter. These fields start empty and must be chosen (the
submission's quarter is filled by the form with the last quarter that has ended).
"""

from __future__ import annotations

import frappe

from left_behind_care.testing import LBCTestCase

MUST_BE_CHOSEN = {
	"Incident Report": "incident_type",
	"Child Parent": "status",
	"Holiday Safety Screening": "holiday",
	"Dropout Persuasion Attempt": "outcome",
	"Incident Service": "service_type",
	"Ledger Submission": "quarter",
}


class TestNothingUnchosen(LBCTestCase):
	def test_new_records_start_empty_where_a_choice_is_owed(self):
		for doctype, fieldname in MUST_BE_CHOSEN.items():
			with self.subTest(doctype=doctype):
				self.assertFalse(frappe.new_doc(doctype).get(fieldname), f"{doctype}.{fieldname}")
				self.assertTrue(frappe.get_meta(doctype).get_field(fieldname).reqd)

	def test_an_incident_report_without_a_type_is_refused(self):
		from left_behind_care.testing import make_child

		child = make_child("东一村", child_name="类型儿童").name
		with self.assertRaises(frappe.MandatoryError):
			frappe.get_doc(
				{"doctype": "Incident Report", "child": child, "found_on": frappe.utils.now_datetime()}
			).insert(ignore_permissions=True)
