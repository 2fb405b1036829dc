# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Incident report; for the situations of plan 4 §四1, a mandatory report (强制报告)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, get_datetime, now_datetime, time_diff_in_hours

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


class IncidentReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		child: DF.Link
		child_name: DF.Data | None
		description: DF.Text | None
		found_on: DF.Datetime
		incident_type: DF.Literal["Living Alone Without Guardianship", "Missing", "Guardian Without Capacity", "Guardian Not Performing", "Suspected Domestic Violence", "Suspected Accidental Injury", "Suspected Unlawful Harm", "Dropout", "Accidental Injury", "Other"]
		is_mandatory: DF.Check
		naming_series: DF.Literal["LBC-IR-.YYYY.-.#####"]
		occurred_on: DF.Datetime | None
		police_report_delay_hours: DF.Float
		police_station: DF.Data | None
		reported_to_police_on: DF.Datetime | None
		reporter: DF.Link | None
		reporter_name: DF.Data | None
		reporter_unit: DF.Data | None
		status: DF.Literal["Reported", "Under Assessment", "In Service", "Returned", "Closed"]
		village: DF.Link | None
	# end: auto-generated types

	def validate(self):
		set_area_from_child(self)
		self.set_mandatory()
		self.validate_timeline()
		self.set_police_report_delay()
		self.set_reporter()

	def set_mandatory(self):
		self.is_mandatory = int(self.incident_type in MANDATORY_TYPES)

	def validate_timeline(self):
		"""Occurred ≤ found ≤ reported to police, none in the future."""
		limit = add_to_date(now_datetime(), hours=1)
		for fieldname in ("occurred_on", "found_on", "reported_to_police_on"):
			value = self.get(fieldname)
			if value and get_datetime(value) > limit:
				frappe.throw(
					_("{0} {1} is in the future.").format(_(self.meta.get_label(fieldname)), frappe.bold(value)),
					exc=IncidentTimelineError,
				)
		if self.occurred_on and self.found_on and get_datetime(self.occurred_on) > get_datetime(self.found_on):
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
			self.police_report_delay_hours = round(time_diff_in_hours(self.reported_to_police_on, self.found_on), 1)
		else:
			self.police_report_delay_hours = None

	def set_reporter(self):
		if not self.reporter:
			self.reporter = frappe.session.user
