# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime

from left_behind_care.left_behind_care.doctype.home_visit.home_visit import HomeVisitDateError
from left_behind_care.testing import LBCTestCase, make_child


def visit(child, when, visit_type="Home Visit"):
	return frappe.get_doc(
		{"doctype": "Home Visit", "child": child, "visit_type": visit_type, "visit_datetime": when}
	).insert(ignore_permissions=True)


class TestHomeVisit(LBCTestCase):
	def test_last_visit_date_without_touching_the_child(self):
		child = make_child()
		officer_copy = frappe.get_doc("Child", child.name)
		modified = child.modified
		older = visit(child.name, add_to_date(now_datetime(), days=-10))
		newer = visit(child.name, add_to_date(now_datetime(), days=-2))
		self.assertEqual(
			getdate(frappe.db.get_value("Child", child.name, "last_visit_date")),
			getdate(newer.visit_datetime),
		)
		self.assertEqual(
			get_datetime(frappe.db.get_value("Child", child.name, "modified")), get_datetime(modified)
		)
		officer_copy.notes = "家访后补充"
		officer_copy.save(ignore_permissions=True)  # the open form still saves
		# ... without putting back the last visit date it was opened with
		self.assertEqual(
			getdate(frappe.db.get_value("Child", child.name, "last_visit_date")),
			getdate(newer.visit_datetime),
		)
		self.assertEqual(frappe.db.get_value("Child", child.name, "notes"), "家访后补充")
		newer.delete(ignore_permissions=True)
		self.assertEqual(
			getdate(frappe.db.get_value("Child", child.name, "last_visit_date")),
			getdate(older.visit_datetime),
		)

	def test_village_comes_from_the_child_not_the_client(self):
		child = make_child(village="东二村")
		doc = frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": child.name,
				"village": frappe.db.get_value("Administrative Area", {"area_name": "西一村"}),
				"visit_type": "Phone Call",
				"visit_datetime": now_datetime(),
			}
		).insert(ignore_permissions=True)
		self.assertEqual(doc.village, child.village)
		self.assertEqual(doc.visitor, "Administrator")

	def test_future_visit_refused(self):
		child = make_child()
		with self.assertRaises(HomeVisitDateError):
			visit(child.name, add_days(now_datetime(), 2))
