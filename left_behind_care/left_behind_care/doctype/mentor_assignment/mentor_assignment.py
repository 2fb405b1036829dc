# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Pairing (结对帮扶) of a child with a helper: mentor teacher, proxy parent, …"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from left_behind_care import rules
from left_behind_care.care import get_care_settings, refresh_child
from left_behind_care.permissions import clear_scope_cache
from left_behind_care.utils import LeftBehindCareValidationError, set_area_from_child, throw_rule_error


class MentorAssignmentError(LeftBehindCareValidationError):
	"""A pairing with inconsistent dates or no mentor."""


class MentorCapacityError(LeftBehindCareValidationError):
	"""A mentor would have more children than Left Behind Care Settings allow."""


class MentorAssignment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.study_help_plan_stage.study_help_plan_stage import (
			StudyHelpPlanStage,
		)

		child: DF.Link
		child_name: DF.Data | None
		from_date: DF.Date
		is_active: DF.Check
		mentor: DF.Link | None
		mentor_name: DF.Data | None
		mentor_phone: DF.Data | None
		mentor_type: DF.Literal[
			"Mentor Teacher",
			"Proxy Parent",
			"Caring Mother",
			"Cadre",
			"Party Member",
			"Volunteer",
			"Peer Study Buddy",
		]
		naming_series: DF.Literal["LBC-MA-.YYYY.-.#####"]
		next_due_date: DF.Date | None
		overdue_days: DF.Int
		study_plan: DF.Table[StudyHelpPlanStage]
		to_date: DF.Date | None
		village: DF.Link | None
	# end: auto-generated types

	def validate(self):
		set_area_from_child(self)
		self.validate_mentor()
		self.validate_dates()
		self.validate_plan()
		self.set_active()
		self.validate_capacity()

	def on_update(self):
		clear_scope_cache()
		refresh_child(self.child)
		before = self.get_doc_before_save()
		if before and before.child != self.child:
			refresh_child(before.child)

	def on_trash(self):
		clear_scope_cache()

	def after_delete(self):
		refresh_child(self.child)

	def validate_mentor(self):
		if self.mentor and not self.mentor_name:
			self.mentor_name = frappe.db.get_value("User", self.mentor, "full_name")
		if not self.mentor and not self.mentor_name:
			frappe.throw(
				_("Choose the mentor's user account or enter the mentor's name."), exc=MentorAssignmentError
			)
		if self.mentor_phone:
			try:
				self.mentor_phone = rules.normalize_phone(self.mentor_phone)
			except rules.RuleError as error:
				throw_rule_error(error, MentorAssignmentError)

	def validate_dates(self):
		if self.to_date and getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(
				_("To Date {0} is before From Date {1}.").format(
					frappe.bold(self.to_date), frappe.bold(self.from_date)
				),
				exc=MentorAssignmentError,
			)

	def validate_plan(self):
		for row in self.study_plan:
			if row.from_date and row.to_date and getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(
					_("Study-help plan row {0}: To is before From.").format(row.idx),
					exc=MentorAssignmentError,
				)

	def set_active(self):
		"""A pairing whose end date has passed is no longer active."""
		if self.to_date and getdate(self.to_date) < getdate(nowdate()):
			self.is_active = 0

	def validate_capacity(self):
		"""At most ``max_children_per_mentor`` children per mentor (plan 1: a teacher is proxy
		parent to two), counted over the mentor's other active pairings."""
		if not self.mentor or not self.is_active:
			return
		cap = get_care_settings().max_children_per_mentor
		if not cap:
			return
		pair = frappe.qb.DocType("Mentor Assignment")
		others = (
			frappe.qb.from_(pair)
			.select(pair.child)
			.distinct()
			.where(pair.mentor == self.mentor)
			.where(pair.is_active == 1)
			.where(pair.name != (self.name or ""))
			.where(pair.child != self.child)
			.run(pluck=True)
		)
		try:
			rules.check_mentor_capacity(self.mentor_name or self.mentor, len(others), cap)
		except rules.RuleError as error:
			throw_rule_error(error, MentorCapacityError)


def on_doctype_update():
	"""Index for the tier reports' test "has an active mentor", made per child (Area Summary,
	Mentor Coverage, Village Ledger)."""
	frappe.db.add_index("Mentor Assignment", ["child", "is_active"])
