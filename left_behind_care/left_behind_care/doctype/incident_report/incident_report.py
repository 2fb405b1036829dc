# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Incident report; for the situations of plan 4 §四1, a mandatory report (强制报告)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime, time_diff_in_hours

from left_behind_care import rules
from left_behind_care.care import get_care_settings
from left_behind_care.care_setup import state_editors
from left_behind_care.utils import LeftBehindCareValidationError, set_area_from_child

# Plan 4 §四1: schools, village committees and their staff report these to the police at once.
MANDATORY_TYPES = frozenset(
	{
		"Living Alone Without Guardianship",
		"Missing",
		"Guardian Without Capacity",
		"Guardian Not Performing",
		"Suspected Domestic Violence",
		"Suspected Accidental Injury",
		"Suspected Unlawful Harm",
	}
)


class IncidentTimelineError(LeftBehindCareValidationError):
	"""The incident's times are out of order or in the future."""


class MandatoryReportOverdueError(LeftBehindCareValidationError):
	"""A mandatory report past its deadline without the time it reached the police."""


class IncidentStateError(LeftBehindCareValidationError):
	"""An edit by a role the workflow does not allow to edit the report in its state."""


class IncidentWorkflowError(LeftBehindCareValidationError):
	"""A workflow step without what it needs (assessment, services, requested information)."""


class IncidentReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.incident_service.incident_service import (
			IncidentService,
		)

		assessed_by: DF.Data | None
		assessed_on: DF.Date | None
		child: DF.Link
		child_name: DF.Data | None
		description: DF.Text | None
		found_on: DF.Datetime
		guardian_warned_on: DF.Date | None
		guardianship_assessment: DF.SmallText | None
		home_visit: DF.Link | None
		incident_type: DF.Literal[
			"",
			"Living Alone Without Guardianship",
			"Missing",
			"Guardian Without Capacity",
			"Guardian Not Performing",
			"Suspected Domestic Violence",
			"Suspected Accidental Injury",
			"Suspected Unlawful Harm",
			"Dropout",
			"Accidental Injury",
			"Other",
		]
		information_requested: DF.SmallText | None
		intervention_notes: DF.SmallText | None
		is_mandatory: DF.Check
		mental_health_assessment: DF.SmallText | None
		naming_series: DF.Literal["LBC-IR-.YYYY.-.#####"]
		occurred_on: DF.Datetime | None
		overdue_notified_on: DF.Datetime | None
		physical_health_assessment: DF.SmallText | None
		police_report_delay_hours: DF.Float
		police_report_due_on: DF.Datetime | None
		police_report_overdue: DF.Check
		police_received_by: DF.Link | None
		police_received_on: DF.Datetime | None
		police_station: DF.Data | None
		reported_to_police_on: DF.Datetime | None
		reporter: DF.Link | None
		reporter_name: DF.Data | None
		reporter_unit: DF.Data | None
		safety_assessment: DF.SmallText | None
		services: DF.Table[IncidentService]
		status: DF.Literal["Reported", "Under Assessment", "In Service", "Returned", "Closed"]
		village: DF.Link | None
	# end: auto-generated types

	def validate(self):
		set_area_from_child(self)
		self.validate_state_edit()
		self.set_mandatory()
		self.validate_timeline()
		self.set_police_report_delay()
		self.set_police_clock()
		self.validate_police_report_time()
		self.set_reporter()
		self.validate_services()
		self.validate_transition_requirements()

	def on_update(self):
		self.link_home_visit()

	def set_mandatory(self):
		self.is_mandatory = int(self.incident_type in MANDATORY_TYPES)

	def validate_timeline(self):
		"""Occurred ≤ found ≤ reported to police, none in the future."""
		limit = add_to_date(now_datetime(), hours=1)
		for fieldname in ("occurred_on", "found_on", "reported_to_police_on"):
			value = self.get(fieldname)
			if value and get_datetime(value) > limit:
				frappe.throw(
					_("{0} {1} is in the future.").format(
						_(self.meta.get_label(fieldname)), frappe.bold(value)
					),
					exc=IncidentTimelineError,
				)
		if (
			self.occurred_on
			and self.found_on
			and get_datetime(self.occurred_on) > get_datetime(self.found_on)
		):
			frappe.throw(_("The incident cannot be found before it occurred."), exc=IncidentTimelineError)
		if (
			self.reported_to_police_on
			and self.found_on
			and get_datetime(self.reported_to_police_on) < get_datetime(self.found_on)
		):
			frappe.throw(
				_("The report to the police cannot be earlier than the time the incident was found."),
				exc=IncidentTimelineError,
			)

	def set_police_report_delay(self):
		"""Hours from finding the incident to reporting it to the police."""
		if self.reported_to_police_on and self.found_on:
			self.police_report_delay_hours = round(
				time_diff_in_hours(self.reported_to_police_on, self.found_on), 1
			)
		else:
			self.police_report_delay_hours = None

	def set_reporter(self):
		if not self.reporter:
			self.reporter = frappe.session.user

	# ------------------------------------------------------------------ workflow and clock

	def validate_state_edit(self):
		"""The workflow's "only allow edit for" roles, enforced on the server as well.

		A report saved without changing its state may be edited only by a role the
		Incident Report workflow allows to edit it in that state (Frappe checks the
		transitions themselves).
		"""
		before = self.get_doc_before_save()
		if not before or before.status != self.status or self.flags.ignore_permissions:
			return
		if frappe.session.user == "Administrator":
			return
		editors = set(state_editors(before.status))
		if editors and not editors & set(frappe.get_roles()):
			frappe.throw(
				_("An incident report in state {0} can only be edited by {1}.").format(
					frappe.bold(_(before.status)), ", ".join(_(role) for role in sorted(editors))
				),
				exc=IncidentStateError,
			)

	def set_police_clock(self):
		"""Due time and overdue flag of a mandatory report (plan 4 §四1: at once)."""
		if not self.is_mandatory or not self.found_on:
			self.police_report_due_on = None
			self.police_report_overdue = 0
			return
		hours = get_care_settings().police_report_deadline_hours
		found_on = get_datetime(self.found_on)
		reported = get_datetime(self.reported_to_police_on) if self.reported_to_police_on else None
		self.police_report_due_on = rules.police_report_due(found_on, hours)
		overdue = rules.police_report_overdue(found_on, reported, now_datetime(), hours)
		self.police_report_overdue = int(overdue)

	def validate_police_report_time(self):
		"""Once its deadline has passed, a mandatory report must say when the police got it."""
		if not self.is_mandatory or self.reported_to_police_on or not self.police_report_due_on:
			return
		if now_datetime() > get_datetime(self.police_report_due_on):
			frappe.throw(
				_(
					"{0} is a mandatory report: it had to reach the police by {1}. Report it to the police now and record the time."
				).format(frappe.bold(_(self.incident_type)), frappe.bold(self.police_report_due_on)),
				exc=MandatoryReportOverdueError,
				title=_("Mandatory report overdue"),
			)

	@frappe.whitelist()
	def record_police_receipt(self) -> dict:
		"""已接报: the police liaison records that the police received this mandatory report
		(plan 4 §四1), with who and when; a report not yet marked as reported to the police
		is reported at that moment.

		Returns:
		    {"police_received_on": datetime, "police_received_by": user}.

		Raises:
		    frappe.PermissionError for a user who is not a Police Liaison (or a Left Behind
		    Care Manager) or may not write this report; IncidentWorkflowError for a report
		    that is not mandatory or whose receipt is already recorded.
		"""
		from left_behind_care.permissions import MANAGER_ROLE, POLICE_ROLE

		if not set(frappe.get_roles()) & {POLICE_ROLE, MANAGER_ROLE, "System Manager"}:
			frappe.throw(
				_("Only a Police Liaison records that the police received a report."), frappe.PermissionError
			)
		self.check_permission("write")
		if not self.is_mandatory:
			frappe.throw(
				_("{0} is not a mandatory report.").format(frappe.bold(self.name)), exc=IncidentWorkflowError
			)
		if self.police_received_on:
			frappe.throw(
				_("The police received {0} on {1}, recorded by {2}.").format(
					frappe.bold(self.name), self.police_received_on, self.police_received_by
				),
				exc=IncidentWorkflowError,
			)
		now = now_datetime()
		self.police_received_on = now
		self.police_received_by = frappe.session.user
		if not self.reported_to_police_on:
			self.reported_to_police_on = now
		self.flags.ignore_permissions = True  # the fields are read-only in the form; checked above
		self.save()
		return {"police_received_on": self.police_received_on, "police_received_by": self.police_received_by}

	def validate_services(self):
		for row in self.services:
			if row.from_date and row.to_date and getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(
					_("Service row {0}: To is before From.").format(row.idx), exc=IncidentWorkflowError
				)
			if row.status == "Completed" and not row.outcome:
				frappe.throw(
					_("Service row {0}: record the outcome of the completed {1}.").format(
						row.idx, _(row.service_type)
					),
					exc=IncidentWorkflowError,
				)

	def validate_transition_requirements(self):
		"""What each workflow step needs (plan 4 §四2): the assessment before services, the
		services before In Service, every service finished before closing, and the
		information asked for when a report is returned."""
		before = self.get_doc_before_save()
		if not before or before.status == self.status:
			return
		if self.status == "Returned" and not self.information_requested:
			frappe.throw(
				_("Say what information is needed before returning the report."), exc=IncidentWorkflowError
			)
		if self.status == "In Service":
			if not self.assessed_on:
				frappe.throw(_("Record the assessment before arranging services."), exc=IncidentWorkflowError)
			if not self.services:
				frappe.throw(_("Add the services arranged for the child."), exc=IncidentWorkflowError)
		if self.status == "Closed":
			open_services = [row.idx for row in self.services if row.status in ("Planned", "In Progress")]
			if open_services:
				frappe.throw(
					_("Services in rows {0} are still open: complete or decline them before closing.").format(
						", ".join(str(idx) for idx in open_services)
					),
					exc=IncidentWorkflowError,
				)
			if before.status == "Under Assessment" and not self.assessed_on:
				frappe.throw(_("Record the assessment before closing."), exc=IncidentWorkflowError)

	def link_home_visit(self):
		"""The visit that found the situation points back to this report."""
		if not self.home_visit:
			return
		if frappe.db.get_value("Home Visit", self.home_visit, "incident_report") != self.name:
			frappe.db.set_value(
				"Home Visit", self.home_visit, "incident_report", self.name, update_modified=False
			)
