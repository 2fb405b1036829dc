# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Dropout (辍学): registration, persuasion to return to school (劝返复学), and the written
report to the county education bureau when persuasion fails (plan 4 §三3)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from left_behind_care.utils import LeftBehindCareValidationError, set_area_from_child

RETURNED = "Returned to School"


class DropoutCaseError(LeftBehindCareValidationError):
	"""A dropout case whose dates, attempts or failure report are inconsistent."""


class DropoutCase(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.dropout_persuasion_attempt.dropout_persuasion_attempt import (
			DropoutPersuasionAttempt,
		)

		attempts: DF.Table[DropoutPersuasionAttempt]
		bureau_report_attachment: DF.Attach | None
		bureau_report_date: DF.Date | None
		bureau_report_reference: DF.Data | None
		child: DF.Link
		child_name: DF.Data | None
		dropped_out_on: DF.Date
		grade: DF.Data | None
		naming_series: DF.Literal["LBC-DO-.YYYY.-.#####"]
		persuasion_failed: DF.Check
		persuasion_failed_on: DF.Date | None
		reason: DF.SmallText | None
		registered_by: DF.Link | None
		registered_on: DF.Date
		returned_on: DF.Date | None
		school: DF.Data | None
		status: DF.Literal[
			"Registered",
			"Persuading",
			"Returned to School",
			"Persuasion Failed",
			"Reported to Education Bureau",
		]
		township_report_date: DF.Date | None
		village: DF.Link | None

	# end: auto-generated types
	def validate(self):
		set_area_from_child(self)
		self.set_registered_by()
		self.validate_dates()
		self.validate_attempts()
		self.validate_failure()
		self.set_returned_on()
		self.set_status()

	def on_update(self):
		self.update_child_schooling()

	def set_registered_by(self):
		if not self.registered_by:
			self.registered_by = frappe.session.user

	def validate_dates(self):
		today = getdate(nowdate())
		for fieldname in (
			"dropped_out_on",
			"registered_on",
			"persuasion_failed_on",
			"bureau_report_date",
			"township_report_date",
		):
			value = self.get(fieldname)
			if value and getdate(value) > today:
				frappe.throw(
					_("{0} {1} is in the future.").format(
						_(self.meta.get_label(fieldname)), frappe.bold(value)
					),
					exc=DropoutCaseError,
				)
		if (
			self.registered_on
			and self.dropped_out_on
			and getdate(self.registered_on) < getdate(self.dropped_out_on)
		):
			frappe.throw(_("A dropout is registered after the child dropped out."), exc=DropoutCaseError)

	def validate_attempts(self):
		"""Attempts are dated between the dropout and today; nothing comes after a return."""
		returned = None
		for row in sorted(self.attempts, key=lambda r: (getdate(r.attempt_date), r.idx)):
			if getdate(row.attempt_date) < getdate(self.dropped_out_on):
				frappe.throw(
					_("Attempt {0}: {1} is before the child dropped out.").format(
						row.idx, frappe.bold(row.attempt_date)
					),
					exc=DropoutCaseError,
				)
			if getdate(row.attempt_date) > getdate(nowdate()):
				frappe.throw(
					_("Attempt {0}: {1} is in the future.").format(row.idx, frappe.bold(row.attempt_date)),
					exc=DropoutCaseError,
				)
			if returned:
				frappe.throw(
					_("Attempt {0} comes after the child returned to school (attempt {1}).").format(
						row.idx, returned.idx
					),
					exc=DropoutCaseError,
				)
			if row.outcome == RETURNED:
				returned = row

	def validate_failure(self):
		"""Persuasion fails only after attempts; a child who returned did not fail."""
		if not self.persuasion_failed:
			return
		if not self.attempts:
			frappe.throw(
				_(
					"Record the attempts to persuade the child to return before declaring that persuasion failed."
				),
				exc=DropoutCaseError,
			)
		if any(row.outcome == RETURNED for row in self.attempts):
			frappe.throw(_("The child returned to school: persuasion did not fail."), exc=DropoutCaseError)
		last = max(getdate(row.attempt_date) for row in self.attempts)
		if self.persuasion_failed_on and getdate(self.persuasion_failed_on) < last:
			frappe.throw(
				_("Persuasion cannot have failed on {0}, before the last attempt on {1}.").format(
					frappe.bold(self.persuasion_failed_on), frappe.bold(last)
				),
				exc=DropoutCaseError,
			)
		if self.bureau_report_date and not self.bureau_report_attachment:
			frappe.throw(
				_("Attach the written report sent to the county education bureau."), exc=DropoutCaseError
			)

	def set_returned_on(self):
		returned = [getdate(row.attempt_date) for row in self.attempts if row.outcome == RETURNED]
		self.returned_on = min(returned) if returned else None

	def set_status(self):
		"""Registered → Persuading → Returned to School, or Persuasion Failed → Reported."""
		if self.returned_on:
			self.status = RETURNED
		elif self.persuasion_failed:
			self.status = "Reported to Education Bureau" if self.bureau_report_date else "Persuasion Failed"
		elif self.attempts:
			self.status = "Persuading"
		else:
			self.status = "Registered"

	def update_child_schooling(self):
		"""The child's schooling status follows the case: Dropped Out until the return."""
		schooling = "In School" if self.status == RETURNED else "Dropped Out"
		current = frappe.db.get_value("Child", self.child, "schooling_status")
		if current == schooling:
			return
		if schooling == "In School" and frappe.db.exists(
			"Dropout Case", {"child": self.child, "name": ("!=", self.name), "status": ("!=", RETURNED)}
		):
			return
		child = frappe.get_doc("Child", self.child)
		child.schooling_status = schooling
		child.flags.ignore_permissions = True
		child.save()
