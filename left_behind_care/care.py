"""Visit duties on the site: due dates, compliance, reminders and escalation.

The arithmetic is in :mod:`left_behind_care.rules` (``duty_status``,
``compliance_over_range``, ``escalation_for``); this module reads the Visit Duty
records, the pairings (Mentor Assignment) and the visit log (Home Visit) with a few
set-based queries per batch of children, and writes the results back:

- on the Child: ``next_visit_due``, ``visit_overdue_days``, ``has_active_mentor``,
  ``no_mentor_since``, ``visit_escalation`` / ``visit_escalated_on``;
- on the Mentor Assignment (the mentor's list): ``next_due_date``, ``overdue_days``;
- ToDos (Frappe's assignments) for the mentors whose contacts fall due, Notification
  Logs for the village child directors and the township when contacts are overdue by
  the configured margins, and for the village child directors when a child is left
  without an active mentor.

Who owes a duty (Visit Duty ``responsible``):
- Mentor: each active pairing of a matching mentor type; only the mentor's own
  contacts count (any contact when the pairing names no user account);
- School: owed for the child, anyone's contacts count; the child's mentors are
  reminded (the school acts through its mentor teachers), plan 3 §二(三)3;
- Village: owed for the child, anyone's contacts count; the village child directors
  are reminded.

Sources: plan 1 §三6 ("三个二"), plan 3 §二(三)3, plan 5 §四3; escalation per issue 5.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.query_builder import Case, Order
from frappe.utils import get_datetime, getdate, now_datetime, nowdate
from pypika import analytics as an

from left_behind_care import rules
from left_behind_care.care_setup import CARE_SETTINGS_DEFAULTS
from left_behind_care.constants import SETTINGS_DOCTYPE
from left_behind_care.i18n import language_of

SETTINGS = SETTINGS_DOCTYPE
BATCH = 1000
PEER = "Peer Study Buddy"
DIRECTOR = "Village Child Director"
TOWNSHIP = "Township Officer"
COUNTY = "County Officer"
RISK_FIELDS = {
	"一级": "applies_to_level_1",
	"二级": "applies_to_level_2",
	"三级": "applies_to_level_3",
	"四级": "applies_to_level_4",
	"正常": "applies_to_normal",
}
ESCALATION_RANK = {"": 0, "Village": 1, "Township": 2}
# Child fields that rise only with a notification (escalation, the mentor gap)
ALERT_FIELDS = ("visit_escalation", "visit_escalated_on", "no_mentor_since")


# ------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class CareSettings:
	"""The care settings (Left Behind Care Settings), defaults filled in.

	max_children_per_mentor: 0 = no limit. duty_reminder_days: days ahead a mentor is
	reminded. escalate_*_after_days: days overdue. police_report_deadline_hours: hours.
	"""

	max_children_per_mentor: int
	duty_reminder_days: int
	escalate_to_village_after_days: int
	escalate_to_township_after_days: int
	police_report_deadline_hours: float


def get_care_settings() -> CareSettings:
	"""Read the care settings; a value never saved takes its default (care_setup)."""
	values = frappe.db.get_singles_dict(SETTINGS)

	def value(key, cast):
		raw = values.get(key)
		return cast(CARE_SETTINGS_DEFAULTS[key] if raw in (None, "") else raw)

	return CareSettings(
		max_children_per_mentor=value("max_children_per_mentor", int),
		duty_reminder_days=value("duty_reminder_days", int),
		escalate_to_village_after_days=value("escalate_to_village_after_days", int),
		escalate_to_township_after_days=value("escalate_to_township_after_days", int),
		police_report_deadline_hours=value("police_report_deadline_hours", float),
	)


# ------------------------------------------------------------------------------ duties


@dataclass(frozen=True)
class DutyRecord:
	"""An enabled Visit Duty: its name, who owes it, and the framework-free rule."""

	name: str
	responsible: str
	mentor_type: str | None
	rule: rules.Duty

	def owed_by_pairing(self, mentor_type: str | None) -> bool:
		"""Whether a pairing of ``mentor_type`` owes this duty (peer buddies only when named)."""
		if self.responsible != "Mentor":
			return False
		if self.mentor_type:
			return self.mentor_type == mentor_type
		return mentor_type != PEER


def get_duties(names: Iterable[str] | None = None) -> list[DutyRecord]:
	"""The enabled Visit Duties (two queries).

	Args:
	    names: restrict to these Visit Duty names (enabled or not); None: every enabled one.

	Returns:
	    list of DutyRecord, by name.
	"""
	duty = frappe.qb.DocType("Visit Duty")
	query = frappe.qb.from_(duty).select(
		duty.name,
		duty.responsible,
		duty.mentor_type,
		duty.times,
		duty.period,
		*[duty[f] for f in RISK_FIELDS.values()],
	)
	if names is None:
		query = query.where(duty.enabled == 1)
	else:
		names = list(names)
		if not names:
			return []
		query = query.where(duty.name.isin(names))
	rows = query.orderby(duty.name).run(as_dict=True)
	if not rows:
		return []
	activity = frappe.qb.DocType("Visit Duty Activity")
	activities = defaultdict(set)
	for row in (
		frappe.qb.from_(activity)
		.select(activity.parent, activity.visit_type)
		.where(activity.parenttype == "Visit Duty")
		.where(activity.parent.isin([r.name for r in rows]))
		.run(as_dict=True)
	):
		activities[row.parent].add(row.visit_type)
	result = []
	for row in rows:
		levels = frozenset(level for level, fieldname in RISK_FIELDS.items() if row[fieldname])
		result.append(
			DutyRecord(
				name=row.name,
				responsible=row.responsible,
				mentor_type=row.mentor_type or None,
				rule=rules.Duty(
					row.name,
					frozenset(activities[row.name]),
					int(row.times),
					rules.DutyPeriod(row.period),
					frozenset() if len(levels) == len(RISK_FIELDS) else levels,
				),
			)
		)
	return result


# ------------------------------------------------------------------------------ loading


@dataclass(frozen=True)
class Pairing:
	"""A Mentor Assignment as the duty code needs it."""

	name: str
	child: str
	mentor: str | None
	mentor_name: str | None
	mentor_type: str
	from_date: datetime.date
	to_date: datetime.date | None
	is_active: bool


def _children(names: list[str]) -> list[frappe._dict]:
	child = frappe.qb.DocType("Child")
	return (
		frappe.qb.from_(child)
		.select(
			child.name,
			child.child_name,
			child.village,
			child.risk_level,
			child.creation,
			child.status,
			child.status_date,
			child.is_left_behind,
			child.next_visit_due,
			child.visit_overdue_days,
			child.has_active_mentor,
			child.no_mentor_since,
			child.visit_escalation,
			child.visit_escalated_on,
		)
		.where(child.name.isin(names))
		.orderby(child.name)
		.run(as_dict=True)
	)


def _pairings(children: list[str], start=None, end=None, active_only=True) -> dict[str, list[Pairing]]:
	"""Pairings of the children: the active ones, or those overlapping [start, end]."""
	pair = frappe.qb.DocType("Mentor Assignment")
	query = (
		frappe.qb.from_(pair)
		.select(
			pair.name,
			pair.child,
			pair.mentor,
			pair.mentor_name,
			pair.mentor_type,
			pair.from_date,
			pair.to_date,
			pair.is_active,
			pair.modified,
		)
		.where(pair.child.isin(children))
	)
	if active_only:
		query = query.where(pair.is_active == 1)
	else:
		query = query.where(pair.from_date <= end).where(pair.to_date.isnull() | (pair.to_date >= start))
	result = defaultdict(list)
	for row in query.orderby(pair.name).run(as_dict=True):
		to_date = getdate(row.to_date) if row.to_date else None
		if not row.is_active and not to_date:
			to_date = getdate(row.modified)  # ended by hand without an end date
		result[row.child].append(
			Pairing(
				row.name,
				row.child,
				row.mentor or None,
				row.mentor_name,
				row.mentor_type,
				getdate(row.from_date),
				to_date,
				bool(row.is_active),
			)
		)
	return result


def _horizon(period: rules.DutyPeriod, on: datetime.date) -> datetime.date:
	"""First day of the period two periods before the one containing ``on``."""
	bounds = rules.period_bounds(period, on)
	for _i in range(2):
		bounds = rules.previous_period(period, bounds)
	return bounds[0]


def _latest_contacts(children: list[str], duties: list[DutyRecord], on: datetime.date):
	"""The latest contacts of each child by each visitor, per duty period (one query per period).

	For a period, keeps per (child, visitor, contact type) the latest ``max(times)``
	contacts since :func:`_horizon`: enough for :func:`rules.duty_status` of every duty
	of that period, for one mentor's contacts and for everyone's.

	Returns:
	    (contacts, horizons): contacts[period][child] = [(date, visit_type, visitor)];
	    horizons[period] = the first day looked at.
	"""
	by_period = defaultdict(list)
	for duty in duties:
		by_period[duty.rule.period].append(duty)
	visit = frappe.qb.DocType("Home Visit")
	end = datetime.datetime.combine(on, datetime.time.max)
	contacts, horizons = {}, {}
	for period, period_duties in by_period.items():
		horizon = _horizon(period, on)
		horizons[period] = horizon
		types = sorted({t for d in period_duties for t in d.rule.activities})
		keep = max(d.rule.times for d in period_duties)
		contacts[period] = defaultdict(list)
		if not types:
			continue
		row_number = (
			an.RowNumber()
			.over(visit.child, visit.visitor, visit.visit_type)
			.orderby(visit.visit_datetime, order=Order.desc)
		)
		ranked = (
			frappe.qb.from_(visit)
			.select(visit.child, visit.visitor, visit.visit_type, visit.visit_datetime, row_number.as_("rn"))
			.where(visit.child.isin(children))
			.where(visit.visit_type.isin(types))
			.where(visit.visit_datetime >= horizon)
			.where(visit.visit_datetime <= end)
		)
		query = (
			frappe.qb.from_(ranked)
			.select(ranked.child, ranked.visitor, ranked.visit_type, ranked.visit_datetime)
			.where(ranked.rn <= keep)
		)
		for child, visitor, visit_type, when in query.run():
			contacts[period][child].append((get_datetime(when).date(), visit_type, visitor))
	return contacts, horizons


def _visits_in_range(children: list[str], types: set[str], start: datetime.date, end: datetime.date):
	"""Every contact of the children of the given types in [start, end]: child → [(date, type, visitor)]."""
	result = defaultdict(list)
	if not types:
		return result
	visit = frappe.qb.DocType("Home Visit")
	query = (
		frappe.qb.from_(visit)
		.select(visit.child, visit.visit_type, visit.visitor, visit.visit_datetime)
		.where(visit.child.isin(children))
		.where(visit.visit_type.isin(sorted(types)))
		.where(visit.visit_datetime >= start)
		.where(visit.visit_datetime <= datetime.datetime.combine(end, datetime.time.max))
	)
	for child, visit_type, visitor, when in query.run():
		result[child].append((get_datetime(when).date(), visit_type, visitor))
	return result


def _pairs(contacts, mentor: str | None = None):
	"""(date, type) pairs of a contact list, those of one visitor when ``mentor`` is given."""
	return [(day, visit_type) for day, visit_type, visitor in contacts if mentor is None or visitor == mentor]


# ------------------------------------------------------------------------------ evaluation


@dataclass
class Obligation:
	"""A duty owed for a child, by a pairing (Mentor duties) or for the child (School, Village)."""

	child: str
	duty: DutyRecord
	pairing: Pairing | None
	status: rules.DutyStatus


@dataclass
class ChildCare:
	"""Where one child stands on a day: every obligation, and the child's summary."""

	row: frappe._dict
	needs_mentor: bool
	pairings: list[Pairing] = field(default_factory=list)
	obligations: list[Obligation] = field(default_factory=list)

	@property
	def has_active_mentor(self) -> bool:
		return any(p.mentor_type != PEER for p in self.pairings)

	@property
	def next_due(self) -> datetime.date | None:
		return min((o.status.next_due for o in self.obligations), default=None)

	@property
	def overdue_days(self) -> int:
		return max((o.status.overdue_days for o in self.obligations), default=0)

	def for_pairing(self, pairing: Pairing) -> list[Obligation]:
		"""What a mentor is reminded of: the pairing's own duties and the school's duties."""
		return [
			o
			for o in self.obligations
			if (o.pairing is not None and o.pairing.name == pairing.name)
			or (o.pairing is None and o.duty.responsible == "School")
		]


def _registered_on(row) -> datetime.date:
	return getdate(row.creation)


def evaluate(
	children: list[str], on: datetime.date, duties: list[DutyRecord] | None = None
) -> list[ChildCare]:
	"""Every duty's status for a batch of children on a day (a handful of queries in all).

	Only active left-behind children owe duties (status Active, is_left_behind); the
	others come back with no obligations and ``needs_mentor`` False.

	Args:
	    children: Child names (a batch; up to a few thousand).
	    on: the evaluation day.
	    duties: the enabled duties (read when None).

	Returns:
	    list of ChildCare, by child name.
	"""
	if not children:
		return []
	duties = get_duties() if duties is None else duties
	rows = _children(children)
	active = [r.name for r in rows if r.status == "Active" and r.is_left_behind]
	pairings = _pairings([r.name for r in rows])
	contacts, horizons = _latest_contacts(active, duties, on) if active and duties else ({}, {})
	result = []
	for row in rows:
		care = ChildCare(row, needs_mentor=row.status == "Active" and bool(row.is_left_behind))
		care.pairings = pairings.get(row.name, [])
		result.append(care)
		if not care.needs_mentor:
			continue
		for duty in duties:
			if not rules.duty_applies(duty.rule, row.risk_level):
				continue
			period = duty.rule.period
			child_contacts = contacts.get(period, {}).get(row.name, [])
			horizon = horizons[period]
			if duty.responsible == "Mentor":
				for pairing in care.pairings:
					if not duty.owed_by_pairing(pairing.mentor_type):
						continue
					status = rules.duty_status(
						duty.rule, _pairs(child_contacts, pairing.mentor), on, max(pairing.from_date, horizon)
					)
					care.obligations.append(Obligation(row.name, duty, pairing, status))
			else:
				status = rules.duty_status(
					duty.rule, _pairs(child_contacts), on, max(_registered_on(row), horizon)
				)
				care.obligations.append(Obligation(row.name, duty, None, status))
	return result


# ------------------------------------------------------------------------------ writing


def _bulk_update(doctype: str, values: dict[str, dict]) -> None:
	"""Write computed fields on many records: one UPDATE … CASE per 500 records.

	``modified`` is left alone: these are computed values, not a user's edit (a form
	left open can still be saved).
	"""
	if not values:
		return
	table = frappe.qb.DocType(doctype)
	names = list(values)
	fields = sorted({f for v in values.values() for f in v})
	for start in range(0, len(names), 500):
		chunk = names[start : start + 500]
		query = frappe.qb.update(table)
		for fieldname in fields:
			case = Case()
			for name in chunk:
				case = case.when(table.name == name, values[name].get(fieldname))
			query = query.set(table[fieldname], case)
		query.where(table.name.isin(chunk)).run()


def _child_values(care: ChildCare, on: datetime.date, settings: CareSettings, raise_alerts: bool) -> dict:
	"""The child's computed fields. Escalation and the mentor gap only rise (and get
	their date) with ``raise_alerts`` (the daily job, which notifies); otherwise they may
	only fall."""
	row = care.row
	level = rules.escalation_for(
		care.overdue_days, settings.escalate_to_village_after_days, settings.escalate_to_township_after_days
	).value
	previous = row.visit_escalation or ""
	escalated_on = getdate(row.visit_escalated_on) if row.visit_escalated_on else None
	if ESCALATION_RANK[level] > ESCALATION_RANK[previous]:
		if raise_alerts:
			escalated_on = on
		else:
			level = previous
	if not level:
		escalated_on = None
	gap = care.needs_mentor and not care.has_active_mentor
	since = getdate(row.no_mentor_since) if row.no_mentor_since else None
	if gap and not since and raise_alerts:
		since = on
	return {
		"next_visit_due": care.next_due,
		"visit_overdue_days": care.overdue_days,
		"has_active_mentor": int(care.has_active_mentor),
		"no_mentor_since": since if gap else None,
		"visit_escalation": level,
		"visit_escalated_on": escalated_on,
	}


def _changed(row, values: dict) -> bool:
	def norm(value):
		if isinstance(value, datetime.datetime):
			return value.date()
		if value in (None, ""):
			return None
		return value

	for key, value in values.items():
		current = row.get(key)
		if key in ("next_visit_due", "no_mentor_since", "visit_escalated_on") and current:
			current = getdate(current)
		if key in ("visit_overdue_days", "has_active_mentor"):
			current = int(current or 0)
		if norm(current) != norm(value):
			return True
	return False


def _pairing_values(care: ChildCare) -> dict[str, dict]:
	result = {}
	for pairing in care.pairings:
		owed = care.for_pairing(pairing)
		result[pairing.name] = {
			"next_due_date": min((o.status.next_due for o in owed), default=None),
			"overdue_days": max((o.status.overdue_days for o in owed), default=0),
		}
	return result


def write_care(
	cares: list[ChildCare], on: datetime.date, settings: CareSettings, raise_alerts: bool = True
) -> list[tuple[ChildCare, dict]]:
	"""Store each child's and each pairing's computed fields (only what changed).

	Args:
	    cares: evaluated children.
	    on: the day.
	    settings: care settings.
	    raise_alerts: let escalation and the mentor gap rise (the daily job, which then
	        notifies); False after a single change (they may only fall).

	Returns:
	    list of (ChildCare, new child values) for the children that changed.
	"""
	child_updates, changed = {}, []
	pairing_updates = {}
	for care in cares:
		values = _child_values(care, on, settings, raise_alerts)
		if _changed(care.row, values):
			child_updates[care.row.name] = values
			changed.append((care, values))
		pairing_updates.update(_pairing_values(care))
	_bulk_update("Child", child_updates)
	if pairing_updates:
		pair = frappe.qb.DocType("Mentor Assignment")
		stored = {
			row.name: row
			for row in frappe.qb.from_(pair)
			.select(pair.name, pair.next_due_date, pair.overdue_days)
			.where(pair.name.isin(list(pairing_updates)))
			.run(as_dict=True)
		}
		_bulk_update(
			"Mentor Assignment",
			{
				name: values
				for name, values in pairing_updates.items()
				if name in stored
				and (
					(getdate(stored[name].next_due_date) if stored[name].next_due_date else None)
					!= values["next_due_date"]
					or int(stored[name].overdue_days or 0) != values["overdue_days"]
				)
			},
		)
	return changed


# ------------------------------------------------------------------------------ reminders


def _describe(obligations: list[Obligation]) -> str:
	lines = []
	for o in sorted(obligations, key=lambda o: o.status.next_due):
		if o.status.overdue:
			# no day count: the text changes only when the duty does, not every day
			line = _("{0}: contact {1} of {2} was due on {3} and is overdue").format(
				_(o.duty.name), o.status.contact_number, o.duty.rule.times, o.status.next_due
			)
		else:
			line = _("{0}: contact {1} of {2} due by {3}").format(
				_(o.duty.name), o.status.contact_number, o.duty.rule.times, o.status.next_due
			)
		lines.append(line)
	return "\n".join(lines)


def _open_todos(reference_type: str, names: list[str]) -> dict[tuple[str, str], frappe._dict]:
	"""Open ToDos on the given records: {(reference_name, allocated_to): row}."""
	if not names:
		return {}
	todo = frappe.qb.DocType("ToDo")
	rows = (
		frappe.qb.from_(todo)
		.select(
			todo.name, todo.allocated_to, todo.reference_name, todo.date, todo.description, todo.assigned_by
		)
		.where(todo.reference_type == reference_type)
		.where(todo.reference_name.isin(names))
		.where(todo.status == "Open")
		.run(as_dict=True)
	)
	return {(row.reference_name, row.allocated_to): row for row in rows}


def _refresh_assign(reference_type: str, names: Iterable[str]) -> None:
	"""Set ``_assign`` (the assignees shown on the records) from their open ToDos, as
	Frappe's ToDo.update_in_reference does one record at a time: one read, one update."""
	names = sorted(set(names))
	if not names:
		return
	todo = frappe.qb.DocType("ToDo")
	assigned = defaultdict(list)
	for reference_name, user in (
		frappe.qb.from_(todo)
		.select(todo.reference_name, todo.allocated_to)
		.where(todo.reference_type == reference_type)
		.where(todo.reference_name.isin(names))
		.where(todo.status.notin(["Cancelled", "Closed"]))
		.where(todo.allocated_to.isnotnull())
		.orderby(todo.creation, order=Order.desc)
		.run()
	):
		if user not in assigned[reference_name]:
			assigned[reference_name].append(user)
	_bulk_update(
		reference_type,
		{name: {"_assign": json.dumps(assigned[name]) if assigned[name] else ""} for name in names},
	)


def _create_todos(reference_type: str, rows: list[dict]) -> None:
	"""Open Frappe ToDos in bulk (one INSERT per 10,000) and show them on their records.

	Each row: allocated_to, reference_name, description, date, priority. The ToDos are
	assigned by Administrator (the scheduler), which is how the job finds its own.
	"""
	if not rows:
		return
	stamp = frappe.utils.now()
	frappe.db.bulk_insert(
		"ToDo",
		fields=[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
			"status",
			"priority",
			"date",
			"allocated_to",
			"description",
			"reference_type",
			"reference_name",
			"assigned_by",
			"assigned_by_full_name",
		],
		values=[
			(
				frappe.generate_hash(length=10),
				stamp,
				stamp,
				"Administrator",
				"Administrator",
				0,
				"Open",
				row["priority"],
				row["date"],
				row["allocated_to"],
				row["description"],
				reference_type,
				row["reference_name"],
				"Administrator",
				"Administrator",
			)
			for row in rows
		],
	)
	_refresh_assign(reference_type, [row["reference_name"] for row in rows])


def _close_todos(reference_type: str, todos: list[frappe._dict]) -> None:
	"""Close the job's ToDos whose contacts are no longer due (one update) and refresh
	the records' assignees."""
	if not todos:
		return
	todo = frappe.qb.DocType("ToDo")
	frappe.qb.update(todo).set(todo.status, "Closed").set(todo.modified, frappe.utils.now()).where(
		todo.name.isin([t.name for t in todos])
	).run()
	_refresh_assign(reference_type, [t.reference_name for t in todos])


def remind(
	cares: list[ChildCare],
	on: datetime.date,
	settings: CareSettings,
	create: bool = True,
	new_for: dict[str, int] | None = None,
) -> dict:
	"""Keep the mentors' ToDos in step with the duties (set-based: a few queries per batch).

	A pairing whose duties fall due (overdue, or due within ``duty_reminder_days``)
	gets one open ToDo for its mentor (reference: the Mentor Assignment; due date: the
	earliest due contact; description: each due contact, with its due date); the
	ToDo's date and text follow the duties; when nothing falls due any more, the ToDos
	the job opened (assigned by Administrator) are closed. Village duties go to the
	village child directors as ToDos on the Child. The users given new ToDos are counted
	in ``new_for``; :func:`notify_new_todos` then sends each one Notification Log for the
	whole run, not one per ToDo.

	Args:
	    cares: evaluated children.
	    on: the day.
	    settings: care settings.
	    create: False to only update and close (after a single visit is logged).
	    new_for: {user: new ToDos} to add to (the run's tally).

	Returns:
	    dict(created=int, updated=int, closed=int).
	"""
	counts = {"created": 0, "updated": 0, "closed": 0}
	updates = {}
	new_for = {} if new_for is None else new_for
	plans = []  # (reference_type, {(reference_name, user): (due obligations, child label)})
	pairing_plan = {}
	for care in cares:
		for pairing in care.pairings:
			if pairing.mentor:
				due = [
					o
					for o in care.for_pairing(pairing)
					if o.status.falls_due(on, settings.duty_reminder_days)
				]
				pairing_plan[(pairing.name, pairing.mentor)] = (due, care.row.child_name or care.row.name)
	plans.append(("Mentor Assignment", pairing_plan))
	village_cares = {
		care.row.name: care
		for care in cares
		if any(o.duty.responsible == "Village" for o in care.obligations)
	}
	child_plan = {}
	if village_cares:
		directors = area_officers({care.row.village for care in village_cares.values()}, [DIRECTOR])
		for child, care in village_cares.items():
			due = [
				o
				for o in care.obligations
				if o.duty.responsible == "Village" and o.status.falls_due(on, settings.duty_reminder_days)
			]
			for user in directors.get(care.row.village, ()):
				child_plan[(child, user)] = (due, care.row.child_name or child)
	# children no longer owing village duties still have their old ToDos closed
	stale_children = [care.row.name for care in cares if care.row.name not in village_cares]
	for key, todo in _open_todos("Child", stale_children).items():
		if todo.assigned_by == "Administrator":
			child_plan.setdefault(key, ([], key[0]))
	plans.append(("Child", child_plan))

	for reference_type, plan in plans:
		existing = _open_todos(reference_type, sorted({name for name, _user in plan}))
		to_create, to_close = [], []
		for (reference_name, user), (due, label) in plan.items():
			todo = existing.get((reference_name, user))
			if not due:
				if todo and todo.assigned_by == "Administrator":
					to_close.append(todo)
				continue
			date = min(o.status.next_due for o in due)
			with language_of(user):  # in the language of the user who reads it
				description = _("Contacts due for {0}:").format(label) + "\n" + _describe(due)
			if todo:
				if getdate(todo.date) != date or (todo.description or "") != description:
					updates[todo.name] = {"date": date, "description": description}
			elif create:
				priority = "High" if any(o.status.overdue for o in due) else "Medium"
				to_create.append(
					{
						"allocated_to": user,
						"reference_name": reference_name,
						"description": description,
						"date": date,
						"priority": priority,
					}
				)
				new_for[user] = new_for.get(user, 0) + 1
		_create_todos(reference_type, to_create)
		_close_todos(reference_type, to_close)
		counts["created"] += len(to_create)
		counts["closed"] += len(to_close)
	_bulk_update("ToDo", updates)
	counts["updated"] = len(updates)
	return counts


def notify_new_todos(new_for: dict[str, int]) -> int:
	"""One Notification Log per user for the ToDos a run opened for them.

	Args:
	    new_for: {user: number of new ToDos}.

	Returns:
	    int: users notified.
	"""
	notified = 0
	for user, count in sorted(new_for.items()):
		notified += notify(
			[user],
			lambda count=count: _("{0} new contacts are due for the children you look after").format(count),
			document_type="ToDo",
			link=f"/app/todo?allocated_to={user}&status=Open",
			kind="Assignment",
		)
	return notified


# ------------------------------------------------------------------------------ notifications


def area_officers(
	villages: Iterable[str], roles: Iterable[str], doctype: str = "Child"
) -> dict[str, set[str]]:
	"""Enabled users holding one of ``roles`` whose User Permissions give each village for
	``doctype`` (as Frappe reads them: "Apply To All DocTypes" or ``applicable_for``,
	descendants unless "Hide Descendants"; see permissions.get_scope).

	An officer scoped to 东乡镇 covers 东一村 and 东二村; one scoped to 测试区 covers
	all four villages. Two queries, whatever the number of villages, and one scope read
	per candidate officer.

	Args:
	    villages: Administrative Area names.
	    roles: role names.
	    doctype: the DocType the officer is told about (the notification's record).

	Returns:
	    {village: {user, …}} (every village given is a key).
	"""
	from left_behind_care.permissions import get_scope

	villages = {v for v in villages if v}
	result = {village: set() for village in villages}
	if not villages:
		return result
	area = frappe.qb.DocType("Administrative Area")
	bounds = {
		row.name: (row.lft, row.rgt)
		for row in frappe.qb.from_(area)
		.select(area.name, area.lft, area.rgt)
		.where(area.name.isin(list(villages)))
		.run(as_dict=True)
	}
	permission = frappe.qb.DocType("User Permission")
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	root = frappe.qb.DocType("Administrative Area").as_("root")
	# candidates: an area permission whose subtree holds one of the villages
	rows = (
		frappe.qb.from_(permission)
		.join(has_role)
		.on((has_role.parent == permission.user) & (has_role.parenttype == "User"))
		.join(user)
		.on(user.name == permission.user)
		.join(root)
		.on(root.name == permission.for_value)
		.select(permission.user, root.lft, root.rgt)
		.distinct()
		.where(permission.allow == "Administrative Area")
		.where(has_role.role.isin(list(roles)))
		.where(user.enabled == 1)
		.run(as_dict=True)
	)
	for village, (lft, rgt) in bounds.items():
		for candidate in {row.user for row in rows if row.lft <= lft and row.rgt >= rgt}:
			if get_scope(candidate, doctype).covers(lft, rgt):
				result[village].add(candidate)
	return result


def notify(
	users: Iterable[str],
	subject: str | Callable[[], str],
	*,
	document_type: str,
	document_name: str | None = None,
	link: str | None = None,
	email_content: str | Callable[[], str] | None = None,
	kind: str = "Alert",
) -> int:
	"""Create Frappe Notification Logs (bell, and e-mail per the user's notification settings).

	Args:
	    users: User ids.
	    subject: the subject, or a function that translates it: it is then called once
	        per language, in the language of the users who read it (the scheduler's own
	        language is the site config's, English unless set).
	    document_type, document_name: the record it is about (the bell opens it).
	    link: a desk route instead of one record, e.g. a filtered list.
	    email_content: HTML body of the e-mail, or a function that translates it.
	    kind: Notification Log type ("Alert", "Assignment").

	Returns:
	    int: the number of users notified.
	"""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.translate import get_user_lang

	users = sorted(set(users))
	if not users:
		return 0
	by_language = defaultdict(list)
	for user in users:
		by_language[get_user_lang(user)].append(user)
	for readers in by_language.values():
		with language_of(readers[0]):
			make_notification_logs(
				frappe._dict(
					subject=subject() if callable(subject) else subject,
					type=kind,
					document_type=document_type,
					document_name=document_name,
					link=link,
					email_content=email_content() if callable(email_content) else email_content,
					from_user="Administrator",
				),
				readers,
			)
	return len(users)


def _digest(children: list[tuple[frappe._dict, dict]]) -> str:
	lines = []
	for row, values in sorted(children, key=lambda c: -c[1]["visit_overdue_days"])[:50]:
		lines.append(
			_("{0} ({1}): {2} days overdue").format(row.child_name, row.village, values["visit_overdue_days"])
		)
	if len(children) > 50:
		lines.append(_("… and {0} more").format(len(children) - 50))
	return "<br>".join(frappe.utils.escape_html(line) for line in lines)


def pending_alerts(
	cares: list[ChildCare], on: datetime.date, settings: CareSettings
) -> list[tuple[frappe._dict, dict]]:
	"""Children whose escalation rises or whose mentor gap opens on ``on``, as (child as
	stored, new alert values). The daily job keeps them across batches and stores them
	only with their notifications (:func:`escalate`), so that each officer gets one digest
	and a run that stops half-way notifies them again the next day.
	"""
	result = []
	for care in cares:
		values = _child_values(care, on, settings, raise_alerts=True)
		row = care.row
		raised = ESCALATION_RANK[values["visit_escalation"]] > ESCALATION_RANK[row.visit_escalation or ""]
		gap = values["no_mentor_since"] and not row.no_mentor_since
		if raised or gap:
			result.append(
				(
					frappe._dict(
						name=row.name,
						child_name=row.child_name,
						village=row.village,
						visit_escalation=row.visit_escalation,
						no_mentor_since=row.no_mentor_since,
					),
					{key: values[key] for key in ALERT_FIELDS + ("visit_overdue_days",)},
				)
			)
	return result


def escalate(changed: list[tuple[frappe._dict, dict]]) -> dict:
	"""Notify the village child directors, then the township, of children newly escalated,
	and the village child directors of children newly left without an active mentor.

	One Notification Log per recipient and kind for the whole run (a digest), never one
	per child; the raised escalation and the gap's date are stored with it.

	Args:
	    changed: (child as stored before the run, new alert values), see :func:`pending_alerts`.

	Returns:
	    dict(village=int, township=int, mentor_gap=int): users notified.
	"""
	to_village, to_township, gaps = [], [], []
	for row, values in changed:
		before = ESCALATION_RANK[row.visit_escalation or ""]
		after = ESCALATION_RANK[values["visit_escalation"]]
		if after > before:
			if before < 1:
				to_village.append((row, values))
			if after >= 2:
				to_township.append((row, values))
		if values["no_mentor_since"] and not row.no_mentor_since:
			gaps.append((row, values))
	counts = {"village": 0, "township": 0, "mentor_gap": 0}
	villages = {row.village for row, _v in to_village + to_township + gaps}
	directors = area_officers(villages, [DIRECTOR]) if to_village or gaps else {}
	township = area_officers(villages, [TOWNSHIP]) if to_township else {}

	def send(items, officers, subject, link, key):
		by_user = defaultdict(list)
		for row, values in items:
			for user in officers.get(row.village, ()):
				by_user[user].append((row, values))
		for user, user_items in sorted(by_user.items()):
			single = user_items[0][0].name if len(user_items) == 1 else None
			counts[key] += notify(
				[user],
				lambda user_items=user_items: subject(len(user_items)),
				document_type="Child",
				document_name=single,
				link=None if single else link,
				email_content=lambda user_items=user_items: _digest(user_items),
			)

	send(
		to_village,
		directors,
		lambda count: _("{0} children's visits are overdue: escalated to the village child director").format(
			count
		),
		"/app/child?visit_escalation=Village",
		"village",
	)
	send(
		to_township,
		township,
		lambda count: _("{0} children's visits are long overdue: escalated to the township").format(count),
		"/app/child?visit_escalation=Township",
		"township",
	)
	send(
		gaps,
		directors,
		lambda count: _("{0} left-behind children have no active mentor (结对帮扶)").format(count),
		"/app/child?status=Active&is_left_behind=1&has_active_mentor=0",
		"mentor_gap",
	)
	_bulk_update("Child", {row.name: {key: values[key] for key in ALERT_FIELDS} for row, values in changed})
	return counts


# ------------------------------------------------------------------------------ jobs


def _active_child_batches(batch: int = BATCH):
	"""Names of children to evaluate, in batches (keyset pagination, one query per batch):
	active left-behind children, and any child still carrying visit fields to clear."""
	child = frappe.qb.DocType("Child")
	last = ""
	while True:
		names = (
			frappe.qb.from_(child)
			.select(child.name)
			.where(child.name > last)
			.where(
				((child.status == "Active") & (child.is_left_behind == 1))
				| child.next_visit_due.isnotnull()
				| (child.visit_escalation != "")
				| child.no_mentor_since.isnotnull()
				| (child.has_active_mentor == 1)
			)
			.orderby(child.name)
			.limit(batch)
			.run(pluck=True)
		)
		if not names:
			return
		yield names
		last = names[-1]


def run_visit_duties(on=None, commit: bool = True, batch: int = BATCH) -> dict:
	"""The daily visit-duty sweep (scheduler ``daily_long``).

	For every active left-behind child, in batches of ``batch`` children with a fixed
	number of queries per batch (children, pairings, one windowed query per duty period,
	the batch's open ToDos, the updates), so the time grows linearly with the number of
	children and 100,000 children take a hundred batches: next due dates and overdue
	days on the Child and the Mentor Assignment, ToDos for the mentors, escalation to
	the village child director and then the township, the mentor gap.

	Args:
	    on: the day (date or "YYYY-MM-DD"); today by default.
	    commit: commit after each batch (the scheduled job); tests pass False.
	    batch: children per batch.

	Returns:
	    dict(children=int, changed=int, todos_created=int, todos_updated=int,
	    todos_closed=int, notified_village=int, notified_township=int,
	    notified_mentor_gap=int, notified_todos=int).
	"""
	on = getdate(on or nowdate())
	settings = get_care_settings()
	duties = get_duties()
	summary = defaultdict(int)
	new_todos: dict[str, int] = {}
	alerts = []
	for names in _active_child_batches(batch):
		cares = evaluate(names, on, duties)
		changed = write_care(cares, on, settings, raise_alerts=False)
		todos = remind(cares, on, settings, new_for=new_todos)
		alerts.extend(pending_alerts(cares, on, settings))
		summary["children"] += len(names)
		summary["changed"] += len(changed)
		for key, value in todos.items():
			summary[f"todos_{key}"] += value
		if commit:
			frappe.db.commit()
	for key, value in escalate(alerts).items():
		summary[f"notified_{key}"] += value
	summary["notified_todos"] = notify_new_todos(new_todos)
	if commit:
		frappe.db.commit()
	for key in ("todos_created", "todos_updated", "todos_closed", "notified_village", "notified_township"):
		summary.setdefault(key, 0)
	summary.setdefault("notified_mentor_gap", 0)
	return dict(summary)


def refresh_child(child: str, on=None) -> ChildCare | None:
	"""Recompute one child's visit fields and its mentors' ToDos after a visit or a pairing
	changed (no new ToDos and no notifications: the daily job sends those).

	Args:
	    child: Child name.
	    on: the day; today by default.

	During a bulk import (``frappe.flags.in_import``, as Frappe's Data Import sets it) it
	does nothing: the daily job brings the imported children up to date.

	Returns:
	    the ChildCare, or None when the child does not exist or during an import.
	"""
	if not child or frappe.flags.in_import:
		return None
	on = getdate(on or nowdate())
	settings = get_care_settings()
	cares = evaluate([child], on)
	if not cares:
		return None
	write_care(cares, on, settings, raise_alerts=False)
	remind(cares, on, settings, create=False)
	return cares[0]


@frappe.whitelist()
def get_child_duties(child: str) -> list[dict]:
	"""Each duty owed for a child today, for the Child form.

	Args:
	    child: Child name.

	Returns:
	    list of dict(duty, responsible, period, times, mentor_assignment, mentor_name,
	    next_due (date), contact_number, overdue_days), by next_due.

	Raises:
	    frappe.PermissionError when the user may not read the child.
	"""
	frappe.has_permission("Child", "read", doc=child, throw=True)
	cares = evaluate([child], getdate(nowdate()))
	if not cares:
		return []
	return [
		{
			"duty": o.duty.name,
			"responsible": o.duty.responsible,
			"period": o.duty.rule.period.value,
			"times": o.duty.rule.times,
			"mentor_assignment": o.pairing.name if o.pairing else None,
			"mentor_name": o.pairing.mentor_name if o.pairing else None,
			"next_due": o.status.next_due,
			"contact_number": o.status.contact_number,
			"overdue_days": o.status.overdue_days,
		}
		for o in sorted(cares[0].obligations, key=lambda o: o.status.next_due)
	]


# ------------------------------------------------------------------------------ compliance


def compliance_for_children(
	children: list[str], period_start, period_end, on=None, duties: list[str] | None = None
) -> list[dict]:
	"""Compliance with the visit duties for any period, per child, duty and pairing.

	This is the function the Visit Compliance report reads. It does not check
	permissions: pass the children the user may see (``frappe.get_list("Child", …)``).

	A duty period counts when its last day lies in [period_start, period_end] and the
	duty applied to it (:func:`rules.compliance_over_range`): a pairing from its
	from_date (first half of a period) to its to_date, a school or village duty from
	the child's registration until the child stops being left behind. Contacts are
	those of the Home Visit log; for Mentor duties only the mentor's own.

	Args:
	    children: Child names.
	    period_start, period_end: dates (or "YYYY-MM-DD"), both inclusive.
	    on: the day for ``next_due`` / ``overdue_days``; min(period_end, today) by default.
	    duties: Visit Duty names to report (enabled or not); None: every enabled duty.

	Returns:
	    list of dict, one per (child, duty, pairing) that had a period due, ordered by
	    child, duty, pairing:
	        child, child_name, village, risk_level: the child (current risk level);
	        duty, responsible ("Mentor"/"School"/"Village"), period ("Week"…), times;
	        mentor_assignment, mentor (User or None), mentor_name, mentor_type: the
	            pairing, None for School and Village duties;
	        periods_due, periods_met, required, done, credited: ints (credited = done
	            capped at ``times`` per period);
	        rate: credited / required, float 0…1 rounded to 4 places;
	        next_due (date), overdue_days (int): the duty's status on ``on`` (None/0 when
	            the pairing or the child's left-behind status had ended by then).

	Raises:
	    rules.RuleError(kind="bad_range") when period_end is before period_start.
	"""
	start, end = getdate(period_start), getdate(period_end)
	if end < start:
		raise rules.RuleError(
			"bad_range",
			rules._("The period ends on {0}, before it starts on {1}."),
			end.isoformat(),
			start.isoformat(),
		)
	on = getdate(on) if on else min(end, getdate(nowdate()))
	duty_records = get_duties(duties)
	if not duty_records or not children:
		return []
	types = {t for d in duty_records for t in d.rule.activities}
	earliest = min(rules.period_bounds(d.rule.period, start)[0] for d in duty_records)
	earliest = min(earliest, *(_horizon(d.rule.period, on) for d in duty_records))
	rows = []
	names = list(dict.fromkeys(children))
	for offset in range(0, len(names), BATCH):
		batch = names[offset : offset + BATCH]
		pairings = _pairings(batch, start, end, active_only=False)
		visits = _visits_in_range(batch, types, earliest, max(end, on))
		for child in _children(batch):
			child_from = _registered_on(child)
			ended = child.status != "Active" and child.status_date
			child_to = getdate(child.status_date) if ended else None
			owes_child_duties = bool(child.is_left_behind or ended)
			contacts = visits.get(child.name, [])
			for duty in duty_records:
				if not rules.duty_applies(duty.rule, child.risk_level):
					continue
				if duty.responsible == "Mentor":
					for pairing in pairings.get(child.name, []):
						if duty.owed_by_pairing(pairing.mentor_type):
							rows.append(
								_compliance_row(
									child,
									duty,
									pairing,
									_pairs(contacts, pairing.mentor),
									start,
									end,
									on,
									pairing.from_date,
									pairing.to_date,
								)
							)
				elif owes_child_duties:
					rows.append(
						_compliance_row(
							child, duty, None, _pairs(contacts), start, end, on, child_from, child_to
						)
					)
	return [row for row in rows if row["periods_due"]]


def _compliance_row(child, duty, pairing, visits, start, end, on, active_from, active_to) -> dict:
	result = rules.compliance_over_range(duty.rule, visits, start, end, active_from, active_to)
	live = active_to is None or active_to >= on
	status = rules.duty_status(duty.rule, visits, on, active_from) if live and active_from <= on else None
	return {
		"child": child.name,
		"child_name": child.child_name,
		"village": child.village,
		"risk_level": child.risk_level,
		"duty": duty.name,
		"responsible": duty.responsible,
		"period": duty.rule.period.value,
		"times": duty.rule.times,
		"mentor_assignment": pairing.name if pairing else None,
		"mentor": pairing.mentor if pairing else None,
		"mentor_name": pairing.mentor_name if pairing else None,
		"mentor_type": pairing.mentor_type if pairing else None,
		"periods_due": result.periods_due,
		"periods_met": result.periods_met,
		"required": result.required,
		"done": result.done,
		"credited": result.credited,
		"rate": result.rate,
		"next_due": status.next_due if status else None,
		"overdue_days": status.overdue_days if status else 0,
	}


def summarize_compliance(rows: list[dict], keys: Iterable[str] = ("mentor",)) -> list[dict]:
	"""Add up compliance rows by some of their keys (per mentor, per child, per village…).

	Args:
	    rows: rows of :func:`compliance_for_children`.
	    keys: the row keys to group by, e.g. ("mentor", "mentor_name") or ("village",).

	Returns:
	    list of dict: the keys, plus children (distinct count), periods_due, periods_met,
	    required, done, credited, rate (credited / required, 4 places, None when 0).
	"""
	keys = tuple(keys)
	groups: dict[tuple, dict] = {}
	children: dict[tuple, set] = defaultdict(set)
	for row in rows:
		key = tuple(row.get(k) for k in keys)
		group = groups.setdefault(
			key,
			{
				**dict(zip(keys, key, strict=True)),
				"periods_due": 0,
				"periods_met": 0,
				"required": 0,
				"done": 0,
				"credited": 0,
			},
		)
		for field_name in ("periods_due", "periods_met", "required", "done", "credited"):
			group[field_name] += row[field_name]
		children[key].add(row["child"])
	result = []
	for key, group in groups.items():
		group["children"] = len(children[key])
		group["rate"] = round(group["credited"] / group["required"], 4) if group["required"] else None
		result.append(group)
	return sorted(result, key=lambda g: tuple("" if v is None else str(v) for v in (g[k] for k in keys)))


def compliance_for_mentor(mentor: str, period_start, period_end, on=None) -> list[dict]:
	"""Compliance rows of one mentor's pairings (Mentor duties) over a period.

	Args:
	    mentor: User id of the mentor.
	    period_start, period_end: the period, both inclusive.
	    on: as in :func:`compliance_for_children`.

	Returns:
	    rows as :func:`compliance_for_children`, only those of this mentor.
	"""
	start, end = getdate(period_start), getdate(period_end)
	pair = frappe.qb.DocType("Mentor Assignment")
	children = (
		frappe.qb.from_(pair)
		.select(pair.child)
		.distinct()
		.where(pair.mentor == mentor)
		.where(pair.from_date <= end)
		.where(pair.to_date.isnull() | (pair.to_date >= start))
		.run(pluck=True)
	)
	return [row for row in compliance_for_children(children, start, end, on) if row["mentor"] == mentor]


def children_without_mentor(area: str | None = None) -> list[str]:
	"""Active left-behind children with no active mentor (peer buddies do not count), as
	the daily job last found them, within the user's permissions.

	Args:
	    area: an Administrative Area to restrict to (its subtree); None: everywhere visible.

	Returns:
	    list of Child names.
	"""
	filters = {"status": "Active", "is_left_behind": 1, "has_active_mentor": 0}
	if area:
		lft, rgt = frappe.db.get_value("Administrative Area", area, ["lft", "rgt"])
		villages = frappe.get_all(
			"Administrative Area", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"
		)
		filters["village"] = ("in", villages)
	return frappe.get_list("Child", filters=filters, pluck="name", limit_page_length=0)


# ------------------------------------------------------------------------------ mandatory reports


def escalate_overdue_incident_reports(now=None, commit: bool = True) -> int:
	"""Flag and escalate mandatory reports not passed to the police in time (scheduler ``hourly``).

	Plan 4 §四1: the situations of MANDATORY_TYPES are reported to the police at once;
	a report still without ``reported_to_police_on`` ``police_report_deadline_hours``
	after ``found_on`` (24 h by default) is marked ``police_report_overdue`` and its
	village child directors, township officers and county officers (by area User
	Permission) get a Notification Log, once per report.

	Args:
	    now: the moment (datetime or string); now by default.
	    commit: commit at the end (the scheduled job).

	Returns:
	    int: the number of reports escalated now.
	"""
	now = get_datetime(now) if now else now_datetime()
	hours = get_care_settings().police_report_deadline_hours
	report = frappe.qb.DocType("Incident Report")
	rows = (
		frappe.qb.from_(report)
		.select(report.name, report.child_name, report.incident_type, report.village, report.found_on)
		.where(report.is_mandatory == 1)
		.where(report.reported_to_police_on.isnull())
		.where(report.overdue_notified_on.isnull())
		.where(report.found_on < now - datetime.timedelta(hours=hours))
		.run(as_dict=True)
	)
	if not rows:
		return 0
	officers = area_officers({row.village for row in rows}, [DIRECTOR, TOWNSHIP, COUNTY], "Incident Report")
	for row in rows:
		notify(
			officers.get(row.village, ()),
			lambda row=row: _(
				"Mandatory report {0} ({1}, {2}) has not reached the police {3} hours after it was found"
			).format(row.name, row.child_name, _(row.incident_type), round(hours, 1)),
			document_type="Incident Report",
			document_name=row.name,
		)
	frappe.qb.update(report).set(report.police_report_overdue, 1).set(report.overdue_notified_on, now).where(
		report.name.isin([row.name for row in rows])
	).run()
	if commit:
		frappe.db.commit()
	return len(rows)
