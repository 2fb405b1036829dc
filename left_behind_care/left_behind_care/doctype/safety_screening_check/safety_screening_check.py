# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""One child's holiday safety check in a screening campaign (plan 4 §四4)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from left_behind_care.left_behind_care.doctype.holiday_safety_screening.holiday_safety_screening import (
	refresh_progress,
)
from left_behind_care.utils import LeftBehindCareValidationError, set_area_from_child

RISKS = ("drowning", "traffic", "falls", "burns", "poisoning")


class SafetyScreeningCheckError(LeftBehindCareValidationError):
	"""A check outside its campaign's area or dated in the future."""


class SafetyScreeningCheck(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		actions_taken: DF.SmallText | None
		burns: DF.Literal["", "No Risk", "Risk Found"]
		campaign: DF.Link
		checked_by: DF.Link | None
		checked_on: DF.Date | None
		child: DF.Link
		child_name: DF.Data | None
		drowning: DF.Literal["", "No Risk", "Risk Found"]
		falls: DF.Literal["", "No Risk", "Risk Found"]
		guardian_reminded: DF.Check
		poisoning: DF.Literal["", "No Risk", "Risk Found"]
		risk_found: DF.Check
		status: DF.Literal["Pending", "Checked"]
		traffic: DF.Literal["", "No Risk", "Risk Found"]
		village: DF.Link | None

	# end: auto-generated types
	def validate(self):
		set_area_from_child(self)
		self.validate_area()
		self.set_result()

	def on_update(self):
		refresh_progress(self.campaign)

	def after_delete(self):
		refresh_progress(self.campaign)

	def validate_area(self):
		"""The child's village lies in the campaign's area."""
		area = frappe.db.get_value("Holiday Safety Screening", self.campaign, "administrative_area")
		bounds = frappe.db.get_value("Administrative Area", area, ["lft", "rgt"])
		village = frappe.db.get_value("Administrative Area", self.village, ["lft", "rgt"])
		if not bounds or not village or not (bounds[0] <= village[0] and village[1] <= bounds[1]):
			frappe.throw(
				_("{0} lives in {1}, outside the area {2} of this screening.").format(
					frappe.bold(self.child_name or self.child), self.village, frappe.bold(area)
				),
				exc=SafetyScreeningCheckError,
			)

	def set_result(self):
		"""Checked once all five risks are assessed; risk found when any is."""
		values = [self.get(fieldname) for fieldname in RISKS]
		self.risk_found = int("Risk Found" in values)
		if all(values):
			self.status = "Checked"
			self.checked_on = self.checked_on or nowdate()
			self.checked_by = self.checked_by or frappe.session.user
		else:
			self.status = "Pending"
			self.checked_on = None
			self.checked_by = None
		if self.checked_on and getdate(self.checked_on) > getdate(nowdate()):
			frappe.throw(
				_("Checked on {0} is in the future.").format(frappe.bold(self.checked_on)),
				exc=SafetyScreeningCheckError,
			)
