# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""A contact with a child: home visit, call, talk at school, letter (走访 / 家访)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Max
from frappe.utils import add_to_date, get_datetime, now_datetime

from left_behind_care.care import refresh_child
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
		incident_report: DF.Link | None
		mandatory_situation: DF.Literal[
			"",
			"Living Alone Without Guardianship",
			"Missing",
			"Guardian Without Capacity",
			"Guardian Not Performing",
			"Suspected Domestic Violence",
			"Suspected Accidental Injury",
			"Suspected Unlawful Harm",
		]
		naming_series: DF.Literal["LBC-HV-.YYYY.-.#####"]
		problems_found: DF.SmallText | None
		village: DF.Link | None
		visit_datetime: DF.Datetime
		visit_type: DF.Literal[
			"Home Visit",
			"Phone Call",
			"Video Call with Parents",
			"Phone Call with Parents",
			"Talk at School",
			"Homework Help",
			"Letter",
			"Guardians' Meeting",
			"Contact with Subject Teacher",
			"Contact with Custodian",
			"Information Check",
		]
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
			refresh_child(before.child)
		refresh_child(self.child)
		self.suggest_incident_report()

	def after_delete(self):
		refresh_child(self.child)

	def suggest_incident_report(self):
		"""A mandatory situation must be reported to the police at once (plan 4 §四1)."""
		if self.mandatory_situation and not self.incident_report:
			frappe.msgprint(
				_(
					"This visit found a situation that must be reported to the police at once ({0}). Open an Incident Report from this visit."
				).format(frappe.bold(_(self.mandatory_situation))),
				title=_("Mandatory report"),
				indicator="red",
			)

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


@frappe.whitelist()
def make_incident_report(source_name: str, target_doc=None):
	"""A new Incident Report prefilled from a Home Visit that found a mandatory situation.

	Plan 4 §四1: a school or village worker who finds one of the mandatory situations
	reports it to the police at once; the report carries the child, the situation, the
	time it was found (the visit) and what the visit found.

	Args:
	    source_name: Home Visit name.
	    target_doc: the form's unsaved target (Frappe's mapper).

	Returns:
	    the unsaved Incident Report (opened by ``frappe.model.open_mapped_doc``).

	Raises:
	    frappe.PermissionError without read on the visit or create on Incident Report.
	"""
	frappe.has_permission("Home Visit", "read", doc=source_name, throw=True)
	frappe.has_permission("Incident Report", "create", throw=True)
	from frappe.model.mapper import get_mapped_doc

	def set_missing(source, target):
		target.incident_type = source.mandatory_situation or target.incident_type
		target.found_on = source.visit_datetime
		target.reporter = frappe.session.user
		findings = [source.problems_found, source.findings_safety_health]
		target.description = "\n".join(text for text in findings if text) or None

	return get_mapped_doc(
		"Home Visit",
		source_name,
		{
			"Home Visit": {
				"doctype": "Incident Report",
				"field_map": {"name": "home_visit", "child": "child"},
				"field_no_map": ["status", "naming_series"],
			}
		},
		target_doc,
		set_missing,
	)


def on_doctype_update():
	"""Index for the tier reports: visits are counted per village over a period (Area Summary,
	plan 3 §二(三)3), a range scan per village on this index."""
	frappe.db.add_index("Home Visit", ["village", "visit_datetime"])
