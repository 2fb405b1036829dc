# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Mandatory reporting (plan 4 §四): the Incident Report workflow and who may move it, the
police clock and its escalation, services, the Home Visit that opens a report, views."""

import json

import frappe
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError, apply_workflow
from frappe.utils import add_to_date, get_datetime, now_datetime

from left_behind_care import care
from left_behind_care.care_setup import ensure_incident_workflow
from left_behind_care.left_behind_care.doctype.home_visit.home_visit import make_incident_report
from left_behind_care.left_behind_care.doctype.incident_report.incident_report import (
	IncidentStateError,
	IncidentWorkflowError,
	MandatoryReportOverdueError,
)
from left_behind_care.overrides import exports
from left_behind_care.testing import LBCTestCase, make_child, make_user

REPORTER = "lbc-care-ir-director@example.com"  # village child director of 东一村
MENTOR = "lbc-care-ir-mentor@example.com"
TOWNSHIP = "lbc-care-ir-township@example.com"  # 东乡镇
COUNTY = "lbc-care-ir-county@example.com"  # 测试区
CITY = "lbc-care-ir-city@example.com"  # 测试市
POLICE = "lbc-care-ir-police@example.com"  # 东乡镇
OTHER_DIRECTOR = "lbc-care-ir-director-west@example.com"  # 西一村
OTHER_TOWNSHIP = "lbc-care-ir-township-west@example.com"  # 西乡镇


def new_report(child, **kwargs):
	data = {
		"doctype": "Incident Report",
		"child": child,
		"incident_type": "Suspected Domestic Violence",
		"found_on": add_to_date(now_datetime(), hours=-2),
		"description": "邻居听到打骂声",
		**kwargs,
	}
	return frappe.get_doc(data).insert()


class TestIncidentWorkflow(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_incident_workflow()
		make_user(REPORTER, ["Village Child Director"], ["东一村"])
		make_user(MENTOR, ["School Mentor"], ["东一村"])
		make_user(TOWNSHIP, ["Township Officer"], ["东乡镇"])
		make_user(COUNTY, ["County Officer"], ["测试区"])
		make_user(CITY, ["City Officer"], ["测试市"])
		make_user(POLICE, ["Police Liaison"], ["东乡镇"])
		make_user(OTHER_DIRECTOR, ["Village Child Director"], ["西一村"])
		make_user(OTHER_TOWNSHIP, ["Township Officer"], ["西乡镇"])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.child = make_child(village="东一村", child_name="王测试")

	def as_user(self, user):
		frappe.set_user(user)
		frappe.flags.lbc_scope_cache = None

	def reload(self, doc):
		return frappe.get_doc("Incident Report", doc.name)

	def test_the_workflow_is_set_up_once(self):
		self.assertFalse(ensure_incident_workflow())
		workflow = frappe.get_doc("Workflow", {"document_type": "Incident Report"})
		self.assertEqual(workflow.workflow_state_field, "status")
		self.assertEqual(
			{(t.state, t.action, t.next_state) for t in workflow.transitions},
			{
				("Reported", "Start Assessment", "Under Assessment"),
				("Under Assessment", "Return for Information", "Returned"),
				("Returned", "Resubmit", "Reported"),
				("Under Assessment", "Arrange Services", "In Service"),
				("Under Assessment", "Close", "Closed"),
				("In Service", "Close", "Closed"),
			},
		)

	def test_the_full_path_by_the_right_roles(self):
		self.as_user(REPORTER)
		report = new_report(self.child.name)
		self.assertEqual(report.status, "Reported")
		self.as_user(TOWNSHIP)
		report = apply_workflow(self.reload(report), "Start Assessment")
		self.assertEqual(report.status, "Under Assessment")
		doc = self.reload(report)
		doc.information_requested = "监护人姓名和联系方式"
		doc.save()
		report = apply_workflow(self.reload(report), "Return for Information")
		self.assertEqual(report.status, "Returned")
		self.as_user(REPORTER)
		report = apply_workflow(self.reload(report), "Resubmit")
		self.assertEqual(report.status, "Reported")
		self.as_user(TOWNSHIP)
		report = apply_workflow(self.reload(report), "Start Assessment")
		doc = self.reload(report)
		doc.update(
			{
				"assessed_on": frappe.utils.nowdate(),
				"assessed_by": "东乡镇社会事务办、派出所",
				"safety_assessment": "暂时安全",
				"guardianship_assessment": "祖母监护不力",
			}
		)
		doc.append("services", {"service_type": "Guardianship Guidance", "provider": "东乡镇社会事务办"})
		doc.append(
			"services",
			{"service_type": "Social Assistance: Temporary Assistance (临时救助)", "provider": "民政所"},
		)
		doc.save()
		report = apply_workflow(self.reload(report), "Arrange Services")
		self.assertEqual(report.status, "In Service")
		# closing needs every service finished, with the outcome of the completed ones
		with self.assertRaises(IncidentWorkflowError):
			apply_workflow(self.reload(report), "Close")
		doc = self.reload(report)
		doc.services[0].status = "Completed"
		with self.assertRaises(IncidentWorkflowError):
			doc.save()
		doc = self.reload(report)
		doc.services[0].status = "Completed"
		doc.services[0].outcome = "监护人已接受指导"
		doc.services[1].status = "Declined"
		doc.save()
		self.as_user(COUNTY)
		report = apply_workflow(self.reload(report), "Close")
		self.assertEqual(report.status, "Closed")
		comments = frappe.get_all(
			"Comment", filters={"reference_name": report.name, "comment_type": "Workflow"}, pluck="content"
		)
		self.assertIn("Closed", comments)

	def test_wrong_roles_are_refused(self):
		self.as_user(REPORTER)
		report = new_report(self.child.name)
		# the reporter cannot start the assessment, neither by action nor by setting the state
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(self.reload(report), "Start Assessment")
		doc = self.reload(report)
		doc.status = "Under Assessment"
		with self.assertRaises(WorkflowPermissionError):
			doc.save()
		for user in (MENTOR, COUNTY, POLICE):
			self.as_user(user)
			with self.assertRaises(WorkflowTransitionError):
				apply_workflow(self.reload(report), "Start Assessment")
		# a report cannot be created straight into a later state
		self.as_user(TOWNSHIP)
		with self.assertRaises(WorkflowPermissionError):
			new_report(self.child.name, status="Closed")
		report = apply_workflow(self.reload(report), "Start Assessment")
		# services need the assessment first
		with self.assertRaises(IncidentWorkflowError):
			apply_workflow(self.reload(report), "Arrange Services")
		# returning needs the information asked for
		with self.assertRaises(IncidentWorkflowError):
			apply_workflow(self.reload(report), "Return for Information")
		# only the reporter's side answers a return; the county closes only from In Service
		self.as_user(COUNTY)
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(self.reload(report), "Close")

	def test_editing_follows_the_state(self):
		self.as_user(REPORTER)
		report = new_report(self.child.name, incident_type="Missing")
		# the police liaison records when the police got the report
		self.as_user(POLICE)
		doc = self.reload(report)
		doc.reported_to_police_on = now_datetime()
		doc.police_station = "东乡派出所"
		doc.save()
		self.as_user(TOWNSHIP)
		apply_workflow(self.reload(report), "Start Assessment")
		# the reporter may no longer edit it under assessment
		self.as_user(MENTOR)
		doc = self.reload(report)
		doc.reporter_unit = "东乡中心小学"
		with self.assertRaises(IncidentStateError):
			doc.save()

	def test_mandatory_report_needs_the_police_time_once_past_the_deadline(self):
		self.as_user(REPORTER)
		found = add_to_date(now_datetime(), hours=-30)
		with self.assertRaises(MandatoryReportOverdueError):
			new_report(self.child.name, found_on=found)
		# not mandatory: no clock
		other = new_report(self.child.name, incident_type="Other", found_on=found)
		self.assertFalse(other.police_report_due_on)
		# reported, but late: saved and shown overdue
		late = new_report(self.child.name, found_on=found, reported_to_police_on=add_to_date(found, hours=26))
		self.assertEqual(late.police_report_overdue, 1)
		self.assertEqual(get_datetime(late.police_report_due_on), get_datetime(add_to_date(found, hours=24)))
		# within the deadline: saved without the police time, not overdue yet
		fresh = new_report(self.child.name, found_on=add_to_date(now_datetime(), hours=-3))
		self.assertEqual(fresh.police_report_overdue, 0)
		# the deadline is configurable
		frappe.db.set_single_value("Left Behind Care Settings", "police_report_deadline_hours", 48)
		relaxed = new_report(self.child.name, found_on=found)
		self.assertEqual(relaxed.police_report_overdue, 0)

	def test_an_unreported_mandatory_report_escalates_to_its_area(self):
		# reports other tests left committed on the site (the demo's open ones) count as
		# escalated already, inside this test's transaction (rolled back after it)
		frappe.db.sql(
			"update `tabIncident Report` set overdue_notified_on = now() where overdue_notified_on is null"
		)
		self.as_user(REPORTER)
		report = new_report(self.child.name, found_on=add_to_date(now_datetime(), hours=-3))
		frappe.set_user("Administrator")
		self.assertEqual(care.escalate_overdue_incident_reports(commit=False), 0)
		# 25 hours after it was found it has still not reached the police
		later = add_to_date(report.found_on, hours=25)
		self.assertEqual(care.escalate_overdue_incident_reports(now=later, commit=False), 1)
		self.assertEqual(frappe.db.get_value("Incident Report", report.name, "police_report_overdue"), 1)
		notified = set(
			frappe.get_all(
				"Notification Log",
				filters={"document_type": "Incident Report", "document_name": report.name},
				pluck="for_user",
			)
		)
		self.assertTrue({REPORTER, TOWNSHIP, COUNTY} <= notified)
		self.assertFalse({OTHER_DIRECTOR, OTHER_TOWNSHIP, CITY, MENTOR} & notified)
		# once per report
		self.assertEqual(
			care.escalate_overdue_incident_reports(now=add_to_date(later, hours=5), commit=False), 0
		)
		self.assertIn(
			report.name, frappe.get_all("Incident Report", filters={"police_report_overdue": 1}, pluck="name")
		)

	def test_a_home_visit_with_a_mandatory_situation_opens_the_report_prefilled(self):
		self.as_user(REPORTER)
		visit = frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": self.child.name,
				"visit_type": "Home Visit",
				"visit_datetime": add_to_date(now_datetime(), hours=-1),
				"problems_found": "孩子独自在家三天",
				"mandatory_situation": "Living Alone Without Guardianship",
			}
		).insert()
		draft = make_incident_report(visit.name)
		self.assertEqual(
			(draft.child, draft.incident_type, draft.home_visit, draft.reporter),
			(self.child.name, "Living Alone Without Guardianship", visit.name, REPORTER),
		)
		self.assertEqual(get_datetime(draft.found_on), get_datetime(visit.visit_datetime))
		self.assertEqual(draft.description, "孩子独自在家三天")
		draft.reported_to_police_on = now_datetime()
		draft.insert()
		self.assertEqual(draft.is_mandatory, 1)
		self.assertEqual(frappe.db.get_value("Home Visit", visit.name, "incident_report"), draft.name)
		# an officer of another area cannot open a report from this visit
		self.as_user(OTHER_DIRECTOR)
		with self.assertRaises(frappe.PermissionError):
			make_incident_report(visit.name)

	def test_views_and_changes_are_logged(self):
		self.as_user(REPORTER)
		report = new_report(self.child.name)
		self.assertTrue(frappe.get_meta("Incident Report").track_views)
		self.as_user(TOWNSHIP)
		from frappe.desk.form.load import getdoc

		getdoc("Incident Report", report.name)
		self.assertTrue(
			frappe.db.exists(
				"View Log",
				{
					"reference_doctype": "Incident Report",
					"reference_name": report.name,
					"viewed_by": TOWNSHIP,
				},
			)
		)
		self.as_user(REPORTER)
		doc = self.reload(report)
		doc.description = "补充: 父母均在外务工"
		doc.save(ignore_version=False)  # tests skip Versions unless asked
		self.assertTrue(
			frappe.db.exists("Version", {"ref_doctype": "Incident Report", "docname": report.name})
		)

	def test_services_and_assessment_are_hidden_from_the_city(self):
		self.as_user(REPORTER)
		report = new_report(self.child.name)
		frappe.set_user("Administrator")
		doc = self.reload(report)
		doc.append(
			"services", {"service_type": "Legal Aid", "provider": "测试区法律援助中心", "outcome": "已受理"}
		)
		doc.safety_assessment = "暂时安全"
		doc.save()
		self.as_user(CITY)
		# Data Export reads child tables without field-level checks; the wrapper removes them
		frappe.local.response = frappe._dict(docs=[])
		exports.export_data(
			doctype="Incident Report", all_doctypes=1, with_data=1, filters=json.dumps({"name": report.name})
		)
		exported = frappe.response["result"]
		self.assertIn(report.name, exported)
		for secret in ("测试区法律援助中心", "已受理", "暂时安全", "邻居听到打骂声"):
			self.assertNotIn(secret, exported)
		doc = self.reload(report)
		self.assertTrue(doc.has_permission("read"))
		doc.apply_fieldlevel_read_permissions()
		self.assertIsNone(doc.get("description"))
		self.assertIsNone(doc.get("safety_assessment"))
		self.assertEqual(doc.get("services") or [], [])
		rows = frappe.get_list(
			"Incident Report",
			filters={"name": report.name},
			fields=["name", "description", "safety_assessment"],
		)
		self.assertEqual(list(rows[0].keys()), ["name"])
