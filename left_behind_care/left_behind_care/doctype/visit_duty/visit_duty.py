# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""A visit duty (帮扶职责): who must make which contacts with a child, how often."""

import frappe
from frappe import _
from frappe.model.document import Document

from left_behind_care.utils import LeftBehindCareValidationError, validate_selects_first

RISK_FIELDS = (
	"applies_to_level_1",
	"applies_to_level_2",
	"applies_to_level_3",
	"applies_to_level_4",
	"applies_to_normal",
)


class VisitDutyError(LeftBehindCareValidationError):
	"""A visit duty that can never be met or counts nothing."""


class VisitDuty(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.visit_duty_activity.visit_duty_activity import (
			VisitDutyActivity,
		)

		activities: DF.Table[VisitDutyActivity]
		applies_to_level_1: DF.Check
		applies_to_level_2: DF.Check
		applies_to_level_3: DF.Check
		applies_to_level_4: DF.Check
		applies_to_normal: DF.Check
		description: DF.SmallText | None
		duty_name: DF.Data
		enabled: DF.Check
		mentor_type: DF.Literal[
			"",
			"Mentor Teacher",
			"Proxy Parent",
			"Caring Mother",
			"Cadre",
			"Party Member",
			"Volunteer",
			"Peer Study Buddy",
		]
		period: DF.Literal["Week", "Two Weeks", "Month", "Two Months", "Term"]
		responsible: DF.Literal["Mentor", "School", "Village"]
		source: DF.Data | None
		times: DF.Int

	# end: auto-generated types
	def validate(self):
		validate_selects_first(self)
		self.validate_times()
		self.validate_activities()
		self.set_mentor_type()
		self.validate_risk_levels()

	def validate_times(self):
		if not 1 <= (self.times or 0) <= 31:
			frappe.throw(
				_("A duty asks for 1 to 31 contacts per period, not {0}.").format(frappe.bold(self.times)),
				exc=VisitDutyError,
			)

	def validate_activities(self):
		"""At least one contact type, each a Home Visit type, none twice."""
		if not self.activities:
			frappe.throw(_("Choose the contact types that count for this duty."), exc=VisitDutyError)
		allowed = (frappe.get_meta("Home Visit").get_field("visit_type").options or "").split("\n")
		seen = set()
		for row in self.activities:
			if row.visit_type not in allowed:
				frappe.throw(
					_("Row {0}: {1} is not a contact type of Home Visit.").format(
						row.idx, frappe.bold(row.visit_type)
					),
					exc=VisitDutyError,
				)
			if row.visit_type in seen:
				frappe.throw(
					_("Row {0}: {1} is listed twice.").format(row.idx, frappe.bold(_(row.visit_type))),
					exc=VisitDutyError,
				)
			seen.add(row.visit_type)

	def set_mentor_type(self):
		if self.responsible != "Mentor":
			self.mentor_type = None

	def validate_risk_levels(self):
		if not any(self.get(fieldname) for fieldname in RISK_FIELDS):
			frappe.throw(_("Tick at least one risk level the duty applies to."), exc=VisitDutyError)
