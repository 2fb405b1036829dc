# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""A contact with a child: home visit, call, talk at school, letter (走访 / 家访)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Max
from frappe.utils import add_to_date, get_datetime, now_datetime

from left_behind_care.utils import LeftBehindCareValidationError, set_area_from_child


class HomeVisitDateError(LeftBehindCareValidationError):
	"""A visit dated in the future."""


class HomeVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		child: DF.Link
		child_name: DF.Data | None
		findings_daily_life: DF.SmallText | None
		findings_psychology: DF.SmallText | None
		findings_safety_health: DF.SmallText | None
		findings_study: DF.SmallText | None
		follow_up_actions: DF.SmallText | None
		naming_series: DF.Literal["LBC-HV-.YYYY.-.#####"]
		problems_found: DF.SmallText | None
		village: DF.Link | None
		visit_datetime: DF.Datetime
		visit_type: DF.Literal["Home Visit", "Phone Call", "Video Call with Parents", "Talk at School", "Homework Help", "Letter", "Guardians' Meeting", "Contact with Subject Teacher", "Contact with Custodian", "Information Check"]
		visitor: DF.Link | None
		visitor_name: DF.Data | None
	# end: auto-generated types

	def validate(self):
		set_area_from_child(self)
		self.validate_visit_datetime()
		self.set_visitor()

	def on_update(self):
		update_last_visit_date(self.child)
		before = self.get_doc_before_save()
		if before and before.child != self.child:
			update_last_visit_date(before.child)

	def on_trash(self):
		update_last_visit_date(self.child, exclude=self.name)

	def validate_visit_datetime(self):
		if get_datetime(self.visit_datetime) > add_to_date(now_datetime(), hours=1):
			frappe.throw(
				_("The visit on {0} is in the future: record a visit after it has taken place.").format(
					frappe.bold(self.visit_datetime)
				),
				exc=HomeVisitDateError,
			)

	def set_visitor(self):
		if not self.visitor:
			self.visitor = frappe.session.user


def update_last_visit_date(child: str, exclude: str | None = None) -> None:
	"""Set the child's last-visit date from the visit log without re-saving the Child.

	The Child's ``modified`` is untouched, so an officer who has the child's form open
	can still save it (no timestamp-mismatch error).

	Args:
	    child: Child name.
	    exclude: a Home Visit being deleted.
	"""
	if not child:
		return
	visit = frappe.qb.DocType("Home Visit")
	query = frappe.qb.from_(visit).select(Max(visit.visit_datetime)).where(visit.child == child)
	if exclude:
		query = query.where(visit.name != exclude)
	last = query.run()[0][0]
	frappe.db.set_value(
		"Child", child, "last_visit_date", get_datetime(last).date() if last else None, update_modified=False
	)


def on_doctype_update():
	"""Index for the tier reports: visits are counted per village over a period (Area Summary,
	plan 3 §二(三)3), a range scan per village on this index."""
	frappe.db.add_index("Home Visit", ["village", "visit_datetime"])
