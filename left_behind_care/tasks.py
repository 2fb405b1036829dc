"""Scheduled sweeps (hooks.scheduler_events)."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate

from left_behind_care import rules
from left_behind_care.utils import get_determination_rule, to_date

BATCH = 500


def reevaluate_children(on=None, commit: bool = True) -> int:
	"""Re-evaluate every child's determination and status on a date (daily job).

	A child who reaches the age limit becomes "Aged Out"; a child whose parents'
	recorded situation no longer meets the definition stops being left behind;
	each change is saved through the ORM, so its history and reason are kept
	(Child Status Log, Version). Children whose result is unchanged are not saved,
	so the sweep reads every child once and writes only the changes.

	Args:
	    on: evaluation date (date or "YYYY-MM-DD"); today by default.
	    commit: commit after each batch (the scheduled job); tests pass False.

	Returns:
	    int: the number of children whose record changed.
	"""
	on = getdate(on or nowdate())
	rule = get_determination_rule()
	changed = 0
	last = ""
	while True:
		children = frappe.get_all(
			"Child",
			filters={"status": ("!=", "Moved Away"), "name": (">", last)},
			fields=["name", "birth_date", "is_left_behind", "status"],
			order_by="name asc",
			limit=BATCH,
		)
		if not children:
			break
		last = children[-1].name
		parents = frappe.get_all(
			"Child Parent",
			filters={"parenttype": "Child", "parent": ("in", [c.name for c in children])},
			fields=["parent", "relation", "status", "away_since"],
		)
		by_child: dict[str, dict] = {}
		for row in parents:
			by_child.setdefault(row.parent, {})[row.relation] = rules.ParentSituation(
				rules.ParentStatus(row.status), to_date(row.away_since)
			)
		for child in children:
			situations = [
				by_child.get(child.name, {}).get(rel, rules.ParentSituation(rules.ParentStatus.UNKNOWN))
				for rel in ("Father", "Mother")
			]
			result = rules.determine_left_behind(getdate(child.birth_date), situations, on, rule)
			aged_out = result.reason == rules.NotLeftBehindReason.AGED_OUT
			if bool(child.is_left_behind) == result.left_behind and (child.status == "Aged Out") == aged_out:
				continue
			doc = frappe.get_doc("Child", child.name)
			doc.flags.evaluation_date = on
			doc.flags.ignore_permissions = True
			doc.save()
			changed += 1
		if commit:
			frappe.db.commit()
	return changed


def run_visit_duties(on=None) -> dict:
	"""Daily visit-duty sweep: due dates, mentors' ToDos, escalation, the mentor gap.

	See :func:`left_behind_care.care.run_visit_duties` (bounded: a fixed number of
	queries per batch of 1,000 children).

	Returns:
	    dict of counts.
	"""
	from left_behind_care import care

	return care.run_visit_duties(on)


def escalate_overdue_incident_reports(now=None) -> int:
	"""Hourly: mandatory reports not passed to the police in time are flagged and their
	village, township and county officers notified (plan 4 §四1).

	See :func:`left_behind_care.care.escalate_overdue_incident_reports`.

	Returns:
	    int: reports escalated now.
	"""
	from left_behind_care import care

	return care.escalate_overdue_incident_reports(now)
