# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""A quarter's ledger, reported up one tier (按季度上报; plan 3 §二(一), plan 4 §三2).

A village submits its ledger and summary to its township, which reviews it and
returns it for correction or accepts it; a township submits its consolidated summary
(its villages' accepted submissions) to the county, and the county to the city.

Submitting freezes the numbers: the summary (and, for a village, the ledger rows) are
copied into the document, so later edits to children change nothing here; who
submitted and when are recorded, and lateness is measured against the tier's
deadline in Left Behind Care Settings. A returned submission is cancelled and can
be amended and submitted again.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now_datetime, nowdate

from left_behind_care import rules
from left_behind_care.permissions import get_scope
from left_behind_care.reporting import (
	CITY,
	REVIEWER_ROLE,
	SUBMITTER_ROLE,
	VILLAGE,
	areas_in_scope,
	child_areas,
	deadline_days,
	get_area,
	manager_or,
)

DOCTYPE = "Ledger Submission"
# The headline numbers kept as fields and in the Areas table (the snapshot keeps all).
HEADLINE = {
	"children": "children",
	"left_behind": "left_behind",
	"category_1": "category_1",
	"level_1": "level_1",
	"level_2": "level_2",
	"without_mentor": "without_mentor",
	"overdue_visits": "overdue",
	"open_incidents": "open_incidents",
	"visits_in_period": "visits",
}


class LedgerSubmissionError(frappe.ValidationError):
	"""A submission that does not fit its area, quarter or tier."""


class DuplicateSubmissionError(LedgerSubmissionError):
	"""The area already has a live submission for the quarter."""


class SubmissionIncompleteError(LedgerSubmissionError):
	"""A consolidated submission whose areas below have not all been accepted."""


class SubmissionReviewError(frappe.PermissionError):
	"""Someone other than the tier above tried to review a submission, or submit one."""


class LedgerSubmission(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.ledger_submission_area.ledger_submission_area import (
			LedgerSubmissionArea,
		)

		amended_from: DF.Link | None
		area: DF.Link
		area_name: DF.Data | None
		areas: DF.Table[LedgerSubmissionArea]
		category_1: DF.Int
		children: DF.Int
		days_late: DF.Int
		due_date: DF.Date | None
		ledger_snapshot: DF.JSON | None
		left_behind: DF.Int
		level_1: DF.Int
		level_2: DF.Int
		naming_series: DF.Literal["LBC-LS-.YYYY.-.#####"]
		open_incidents: DF.Int
		overdue_visits: DF.Int
		parent_area: DF.Link | None
		period_end: DF.Date | None
		period_start: DF.Date | None
		quarter: DF.Literal["1", "2", "3", "4"]
		remarks: DF.SmallText | None
		review_note: DF.SmallText | None
		reviewed_by: DF.Link | None
		reviewed_on: DF.Datetime | None
		snapshot: DF.JSON | None
		status: DF.Literal["Draft", "Submitted", "Returned", "Accepted", "Cancelled"]
		submitted_by: DF.Link | None
		submitted_on: DF.Datetime | None
		tier: DF.Literal["City", "County/District", "Township/Street", "Village/Community"]
		title: DF.Data | None
		visits_in_period: DF.Int
		without_mentor: DF.Int
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.set_area_details()
		self.set_period()
		self.validate_unique()
		self.set_title()
		self.status = "Draft"

	def before_submit(self):
		self.check_submitter()
		self.validate_quarter_ended()
		self.freeze_snapshot()
		self.set_submission_details()

	def on_cancel(self):
		self.db_set("status", "Returned" if self.flags.returned else "Cancelled")

	# ------------------------------------------------------------------ checks

	def set_area_details(self):
		"""Tier and the area reported to come from the area; a city reports to nobody."""
		area = get_area(self.area)
		if area.tier == CITY or not area.parent:
			frappe.throw(
				_("{0} is at the top of the tree: it receives submissions and submits none.").format(
					frappe.bold(area.area_name)
				),
				exc=LedgerSubmissionError,
			)
		self.area_name = area.area_name
		self.tier = area.tier
		self.parent_area = area.parent

	def set_period(self):
		"""The quarter's first and last day, and the tier's deadline (plan 3 §二(一))."""
		try:
			start, end = rules.quarter_bounds(cint(self.year), cint(self.quarter))
		except rules.RuleError as error:
			frappe.throw(_(error.template).format(*error.params), exc=LedgerSubmissionError)
		self.period_start = start
		self.period_end = end
		self.due_date = rules.submission_due_date(end, deadline_days(self.tier))

	def validate_unique(self):
		"""One live submission per area and quarter (a returned one can be amended)."""
		existing = frappe.db.get_value(
			DOCTYPE,
			{
				"area": self.area,
				"year": self.year,
				"quarter": self.quarter,
				"docstatus": ("<", 2),
				"name": ("!=", self.name or ""),
			},
			"name",
		)
		if existing:
			frappe.throw(
				_("{0} already has a submission for {1} Q{2}: {3}.").format(
					frappe.bold(self.area_name), self.year, self.quarter, frappe.bold(existing)
				),
				exc=DuplicateSubmissionError,
			)

	def set_title(self):
		"""Area, year and quarter, e.g. 青山村 2026 Q3."""
		self.title = _("{0} {1} Q{2}").format(self.area_name, self.year, self.quarter)

	def check_submitter(self):
		"""The area's own tier submits (plan 3 §二(一)): a village child director for a
		village, a township officer for a township, a county officer for a county."""
		user = frappe.session.user
		roles = set(frappe.get_roles(user))
		role = SUBMITTER_ROLE[self.tier]
		if user != "Administrator" and not manager_or(roles, role):
			frappe.throw(
				_("Only a {0} submits the ledger of a {1}.").format(_(role), _(self.tier)),
				exc=SubmissionReviewError,
			)
		if not get_scope(user, "Ledger Submission").allows_area(self.area):
			frappe.throw(
				_("{0} is outside the areas you work for.").format(frappe.bold(self.area_name)),
				exc=SubmissionReviewError,
			)

	def validate_quarter_ended(self):
		"""A quarter is reported once it has ended."""
		if getdate(nowdate()) < getdate(self.period_end):
			frappe.throw(
				_("{0} Q{1} ends on {2}: submit its ledger after the quarter has ended.").format(
					self.year, self.quarter, frappe.bold(self.period_end)
				),
				exc=LedgerSubmissionError,
			)

	# ------------------------------------------------------------------ the snapshot

	def freeze_snapshot(self):
		"""Copy the numbers into the document, so later edits change nothing here.

		A village: its summary row computed now, and its ledger rows. Higher tiers:
		each area directly below must have an accepted submission for the quarter;
		the rows are those submissions' frozen totals, and the total is their sum.

		Raises:
		    SubmissionIncompleteError naming the areas below without an accepted submission.
		"""
		if self.tier == VILLAGE:
			rows, total, keys, ledger = self.village_snapshot()
		else:
			rows, total, keys = self.consolidated_snapshot()
			ledger = None
		self.snapshot = json.dumps(
			{"keys": keys, "rows": rows, "total": total, "made_on": str(now_datetime())},
			ensure_ascii=False,
			default=str,
		)
		self.ledger_snapshot = (
			json.dumps(ledger, ensure_ascii=False, default=str) if ledger is not None else None
		)
		for field, key in HEADLINE.items():
			self.set(field, cint(total.get(key)))
		self.set("areas", [])
		for row in rows:
			self.append(
				"areas",
				{
					"area": row["area"],
					"submission": row.get("submission"),
					"submission_status": row.get("submission_status"),
					"submitted_on": row.get("submitted_on"),
					**{field: cint(row.get(key)) for field, key in HEADLINE.items()},
				},
			)

	def village_snapshot(self):
		"""(summary rows, total, keys, ledger) of a village, computed now."""
		from left_behind_care.left_behind_care.report.area_summary.area_summary import get_summary
		from left_behind_care.left_behind_care.report.village_ledger.village_ledger import (
			get_columns,
			get_data,
		)

		area = get_area(self.area)
		summary = get_summary(area, getdate(self.period_start), getdate(self.period_end))
		ledger_rows = get_data(area, frappe._dict(status="Active", left_behind="Yes"), mask=False)
		ledger = {"columns": get_columns(), "rows": ledger_rows}
		return summary["rows"], _plain_total(summary["total"], summary["keys"]), summary["keys"], ledger

	def consolidated_snapshot(self):
		"""(rows, total, keys) from the accepted submissions of the areas directly below."""
		below = child_areas(get_area(self.area))
		states = submission_states([a.name for a in below], cint(self.year), cint(self.quarter))
		missing = [a.area_name for a in below if states[a.name]["status"] != "Accepted"]
		if missing:
			frappe.throw(
				_(
					"Every area below must have an accepted submission for {0} Q{1} first; not yet: {2}."
				).format(self.year, self.quarter, ", ".join(frappe.bold(m) for m in missing)),
				exc=SubmissionIncompleteError,
			)
		keys: list[str] = []
		rows = []
		for area in below:
			state = states[area.name]
			frozen = json.loads(frappe.db.get_value(DOCTYPE, state["submission"], "snapshot") or "{}")
			for key in frozen.get("keys", []):
				if key not in keys:
					keys.append(key)
			rows.append(
				{
					"area": area.name,
					"submission": state["submission"],
					"submission_status": state["status"],
					"submitted_on": state["submitted_on"],
					**frozen.get("total", {}),
				}
			)
		total = {key: sum(cint(row.get(key)) for row in rows) for key in keys}
		return rows, total, keys

	def set_submission_details(self):
		"""Who submitted, when, and how many days after the deadline."""
		self.submitted_by = frappe.session.user
		self.submitted_on = now_datetime()
		self.days_late = rules.days_late(getdate(self.due_date), getdate(self.submitted_on))
		self.status = "Submitted"

	# ------------------------------------------------------------------ review

	def check_reviewer(self):
		"""The tier above reviews: a township officer a village's submission, a county
		officer a township's, a city officer a county's; within their own area.

		Raises:
		    SubmissionReviewError otherwise.
		"""
		user = frappe.session.user
		roles = set(frappe.get_roles(user))
		role = REVIEWER_ROLE[self.tier]
		if user != "Administrator" and not manager_or(roles, role):
			frappe.throw(
				_("Only a {0} reviews the submission of a {1}.").format(_(role), _(self.tier)),
				exc=SubmissionReviewError,
			)
		if not get_scope(user, "Ledger Submission").allows_area(self.parent_area):
			frappe.throw(
				_("{0} reports to {1}, which is outside the areas you work for.").format(
					frappe.bold(self.area_name), frappe.bold(self.parent_area)
				),
				exc=SubmissionReviewError,
			)
		if self.docstatus != 1 or self.status != "Submitted":
			frappe.throw(
				_("{0} is {1}: only a submitted ledger awaiting review can be reviewed.").format(
					frappe.bold(self.name), _(self.status)
				),
				exc=LedgerSubmissionError,
			)

	@frappe.whitelist()
	def accept(self, note: str | None = None):
		"""Accept the submission (the tier above). Records who and when.

		Raises:
		    SubmissionReviewError when the user is not the reviewer.
		"""
		self.check_reviewer()
		self.record_review("Accepted", note)

	@frappe.whitelist()
	def return_for_correction(self, note: str):
		"""Return the submission to the area for correction; it is cancelled, and the
		area amends and submits it again.

		Raises:
		    SubmissionReviewError when the user is not the reviewer;
		    frappe.MandatoryError without a note.
		"""
		self.check_reviewer()
		if not (note or "").strip():
			frappe.throw(_("Say what must be corrected."), exc=frappe.MandatoryError)
		self.record_review("Returned", note)
		self.flags.returned = True
		self.flags.ignore_permissions = True
		self.cancel()

	def record_review(self, status: str, note: str | None):
		"""Record the review on the submitted document, and as a comment on it."""
		self.db_set(
			{
				"status": status,
				"reviewed_by": frappe.session.user,
				"reviewed_on": now_datetime(),
				"review_note": (note or "").strip() or None,
			}
		)
		self.add_comment("Comment", _("{0}: {1}").format(_(status), note) if note else _(status))


def _plain_total(total: dict, keys: list[str]) -> dict:
	return {key: cint(total.get(key)) for key in keys}


def submission_states(areas: list[str], year: int, quarter: int) -> dict[str, dict]:
	"""Where each area's submission for a quarter stands.

	Args:
	    areas: Administrative Area names.
	    year, quarter: the quarter.

	Returns:
	    {area: dict(status, submission, submitted_on, submitted_by, days_late,
	    reviewed_by, reviewed_on)}, over the submissions the user may see; status
	    is "Missing" without any submission, else
	    the live submission's (Draft, Submitted, Accepted), else "Returned" when the
	    last one was returned and not yet amended.
	"""
	states = {
		area: {
			"status": "Missing",
			"submission": None,
			"submitted_on": None,
			"submitted_by": None,
			"days_late": None,
			"reviewed_by": None,
			"reviewed_on": None,
		}
		for area in areas
	}
	if not areas:
		return states
	rows = frappe.get_list(
		DOCTYPE,
		filters={"area": ("in", areas), "year": year, "quarter": str(quarter)},
		fields=[
			"name",
			"area",
			"docstatus",
			"status",
			"submitted_on",
			"submitted_by",
			"days_late",
			"reviewed_by",
			"reviewed_on",
			"modified",
		],
		order_by="modified asc",
	)
	by_area: dict[str, list] = {}
	for row in rows:
		by_area.setdefault(row.area, []).append(row)
	for area, area_rows in by_area.items():
		live = [row for row in area_rows if row.docstatus < 2]
		chosen = live[-1] if live else area_rows[-1]
		if chosen.docstatus < 2:
			status = chosen.status
		else:
			status = "Returned" if chosen.status == "Returned" else "Missing"
		states[area].update(
			{
				"status": status,
				"submission": chosen.name,
				"submitted_on": chosen.submitted_on,
				"submitted_by": chosen.submitted_by,
				"days_late": chosen.days_late,
				"reviewed_by": chosen.reviewed_by,
				"reviewed_on": chosen.reviewed_on,
			}
		)
	return states


@frappe.whitelist()
def download_ledger(name: str) -> None:
	"""Download a village submission's frozen ledger as .xlsx in the official layout.

	Raises:
	    frappe.PermissionError without read access to the submission or to identity
	    numbers (permission level 1).
	"""
	from frappe.desk.utils import provide_binary_file

	from left_behind_care.reporting import build_workbook

	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("read")
	if 1 not in doc.meta.get_permlevel_access("read") and frappe.session.user != "Administrator":
		raise frappe.PermissionError(_("You may not see the identity numbers in this ledger."))
	if not doc.ledger_snapshot:
		frappe.throw(_("{0} has no frozen ledger (only villages submit one).").format(frappe.bold(name)))
	ledger = json.loads(doc.ledger_snapshot)
	title = _("{0} Left-behind Children Ledger ({1} Q{2})").format(doc.area_name, doc.year, doc.quarter)
	content = build_workbook(
		title, doc.area_name, getdate(doc.submitted_on), ledger["columns"], ledger["rows"]
	)
	provide_binary_file(title, "xlsx", content)


@frappe.whitelist()
def submissions_due_card(filters: str | None = None) -> dict:
	"""Number card: the areas in the user's scope whose ledger for the last quarter
	has not been submitted (missing, draft or returned; plan 3 §二(一), plan 4 §三2).

	Returns:
	    dict(value: int, fieldtype "Int", route to the Submission Tracker).
	"""
	frappe.has_permission("Ledger Submission", "read", throw=True)
	year, quarter = rules.previous_quarter(getdate(nowdate()))
	areas = [area.name for area in areas_in_scope()]
	states = submission_states(areas, year, quarter)
	value = sum(1 for state in states.values() if state["status"] not in ("Submitted", "Accepted"))
	return {
		"value": value,
		"fieldtype": "Int",
		"route": ["query-report", "Submission Tracker"],
		"route_options": {"year": year, "quarter": str(quarter)},
	}
