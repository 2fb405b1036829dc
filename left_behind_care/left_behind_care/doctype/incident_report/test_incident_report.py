# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_to_date, now_datetime

from left_behind_care.left_behind_care.doctype.incident_report.incident_report import IncidentTimelineError
from left_behind_care.testing import LBCTestCase, make_child


def report(child, **kwargs):
	return frappe.get_doc({"doctype": "Incident Report", "child": child, **kwargs}).insert(
		ignore_permissions=True
	)


class TestIncidentReport(LBCTestCase):
	def test_mandatory_types_and_police_delay(self):
		child = make_child()
		found = add_to_date(now_datetime(), hours=-30)
		doc = report(
			child.name,
			incident_type="Living Alone Without Guardianship",
			found_on=found,
			reported_to_police_on=add_to_date(found, hours=5),
		)
		self.assertEqual(doc.is_mandatory, 1)
		self.assertEqual(doc.police_report_delay_hours, 5.0)
		other = report(child.name, incident_type="Other", found_on=found)
		self.assertEqual(other.is_mandatory, 0)
		self.assertEqual(other.village, child.village)

	def test_timeline_order(self):
		child = make_child()
		found = add_to_date(now_datetime(), hours=-3)
		with self.assertRaises(IncidentTimelineError):
			report(
				child.name, incident_type="Missing", found_on=found, occurred_on=add_to_date(found, hours=1)
			)
		with self.assertRaises(IncidentTimelineError):
			report(
				child.name,
				incident_type="Missing",
				found_on=found,
				reported_to_police_on=add_to_date(found, hours=-1),
			)
		with self.assertRaises(IncidentTimelineError):
			report(child.name, incident_type="Missing", found_on=add_to_date(now_datetime(), days=2))
