"""Records the care workflows need, created idempotently.

Called from :func:`left_behind_care.install.after_install` (new sites) and from the patch
``v0_1.set_up_care_workflows`` (sites installed before), never from ``after_migrate``:
each record is created only when it is missing, so an administrator's edits and
deletions stand (a fixture would undo them on every migrate).

- Visit Duty defaults from plan 1 §三6 ("三个二"), plan 3 §二(三)3 and plan 5 §四3;
- the Incident Report workflow (plan 4 §四1-2): Reported → Under Assessment → In
  Service → Closed, and Returned for more information; Frappe v15 does not export a
  Workflow with the app, so it is created here with its states and actions;
- the care settings' defaults (mentor cap, reminders, escalation, police deadline).
"""

from __future__ import annotations

import frappe

MANAGER = "Left Behind Care Manager"
DIRECTOR = "Village Child Director"
MENTOR = "School Mentor"
TOWNSHIP = "Township Officer"
COUNTY = "County Officer"
POLICE = "Police Liaison"

CHILD_CONTACT = ("Talk at School", "Phone Call", "Home Visit")
PARENT_CONTACT = ("Phone Call with Parents", "Video Call with Parents", "Letter")

# (duty_name, source, owed by, times, period, contact types)
DEFAULT_DUTIES = (
	(
		"三个二: contact the child",
		"Plan 1 §三6 (三个二): every week twice",
		"Mentor",
		2,
		"Week",
		CHILD_CONTACT,
	),
	(
		"三个二: help with homework",
		"Plan 1 §三6 (三个二): every week twice",
		"Mentor",
		2,
		"Week",
		("Homework Help",),
	),
	(
		"三个二: contact the parents",
		"Plan 1 §三6 (三个二): every month twice",
		"Mentor",
		2,
		"Month",
		PARENT_CONTACT,
	),
	(
		"三个二: contact the subject teachers",
		"Plan 1 §三6 (三个二): every month twice",
		"Mentor",
		2,
		"Month",
		("Contact with Subject Teacher",),
	),
	(
		"三个二: contact the custodian",
		"Plan 1 §三6 (三个二): every month twice",
		"Mentor",
		2,
		"Month",
		("Contact with Custodian",),
	),
	(
		"三个二: home visits",
		"Plan 1 §三6 (三个二): every two months twice",
		"Mentor",
		2,
		"Two Months",
		("Home Visit",),
	),
	("Plan 3: home visit every two weeks", "Plan 3 §二(三)3", "School", 1, "Two Weeks", ("Home Visit",)),
	(
		"Plan 3: guardians' meeting every month",
		"Plan 3 §二(三)3",
		"School",
		1,
		"Month",
		("Guardians' Meeting",),
	),
	("Plan 5: one visit per term", "Plan 5 §四3", "Mentor", 1, "Term", ("Home Visit",)),
	("Plan 5: one help per term", "Plan 5 §四3", "Mentor", 1, "Term", ("Homework Help",)),
	("Plan 5: one information check per term", "Plan 5 §四3", "Mentor", 1, "Term", ("Information Check",)),
)

CARE_SETTINGS_DEFAULTS = {
	"max_children_per_mentor": 2,
	"duty_reminder_days": 2,
	"police_report_deadline_hours": 24,
	"escalate_to_village_after_days": 3,
	"escalate_to_township_after_days": 7,
	"max_ledger_rows": 20000,
}

WORKFLOW = "Incident Report"
# state → Workflow State style
STATES = {
	"Reported": "Warning",
	"Under Assessment": "Primary",
	"Returned": "Danger",
	"In Service": "Info",
	"Closed": "Success",
}
# state → roles that may edit a report in it (also enforced on the server by the controller)
STATE_EDITORS = {
	"Reported": (DIRECTOR, MENTOR, TOWNSHIP, POLICE, MANAGER),
	"Under Assessment": (TOWNSHIP, POLICE, MANAGER),
	"Returned": (DIRECTOR, MENTOR, MANAGER),
	"In Service": (TOWNSHIP, DIRECTOR, MANAGER),
	"Closed": (MANAGER,),
}
# (state, action, next state, roles): plan 4 §四2 — the township (街道办事处) convenes the
# assessment and arranges the services; the reporter (village, school) answers a return.
TRANSITIONS = (
	("Reported", "Start Assessment", "Under Assessment", (TOWNSHIP, MANAGER)),
	("Under Assessment", "Return for Information", "Returned", (TOWNSHIP, MANAGER)),
	("Returned", "Resubmit", "Reported", (DIRECTOR, MENTOR, MANAGER)),
	("Under Assessment", "Arrange Services", "In Service", (TOWNSHIP, MANAGER)),
	("Under Assessment", "Close", "Closed", (TOWNSHIP, MANAGER)),
	("In Service", "Close", "Closed", (TOWNSHIP, COUNTY, MANAGER)),
)


def setup_care() -> None:
	"""Create whatever of the care setup is missing (idempotent)."""
	ensure_care_settings()
	ensure_default_duties()
	ensure_incident_workflow()


def ensure_care_settings() -> None:
	"""Write each care setting's default where the site has no value for it yet.

	A value an administrator saved, 0 included, is never overwritten.
	"""
	singles = frappe.qb.DocType("Singles")
	present = set(
		frappe.qb.from_(singles)
		.select(singles.field)
		.where(singles.doctype == "Left Behind Care Settings")
		.run(pluck=True)
	)
	for fieldname, value in CARE_SETTINGS_DEFAULTS.items():
		if fieldname not in present:
			frappe.db.set_single_value("Left Behind Care Settings", fieldname, value)


def ensure_default_duties() -> list[str]:
	"""Insert the plans' default Visit Duties that do not exist yet.

	Returns:
	    list of the duty names inserted.
	"""
	inserted = []
	for name, source, responsible, times, period, activities in DEFAULT_DUTIES:
		if frappe.db.exists("Visit Duty", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Visit Duty",
				"duty_name": name,
				"enabled": 1,
				"source": source,
				"responsible": responsible,
				"times": times,
				"period": period,
				"activities": [{"visit_type": visit_type} for visit_type in activities],
			}
		).insert(ignore_permissions=True)
		inserted.append(name)
	return inserted


def ensure_incident_workflow() -> bool:
	"""Create the Incident Report workflow, with its states and actions, unless one exists.

	Returns:
	    True when it was created now.
	"""
	for state, style in STATES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in dict.fromkeys(t[1] for t in TRANSITIONS):
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", {"document_type": "Incident Report"}):
		return False
	states = [
		{"state": state, "doc_status": "0", "allow_edit": role}
		for state, roles in STATE_EDITORS.items()
		for role in roles
	]
	transitions = [
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": role,
			"allow_self_approval": 1,
		}
		for state, action, next_state, roles in TRANSITIONS
		for role in roles
	]
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": WORKFLOW,
			"document_type": "Incident Report",
			"workflow_state_field": "status",
			"is_active": 1,
			"override_status": 0,
			"send_email_alert": 0,
			"states": states,
			"transitions": transitions,
		}
	).insert(ignore_permissions=True)
	return True


def state_editors(state: str) -> tuple[str, ...]:
	"""Roles that may edit an Incident Report in ``state``, read from the site's workflow
	(so an administrator's changes apply), falling back to the shipped ones.

	Returns:
	    tuple of role names; () for an unknown state.
	"""
	from frappe.model.workflow import get_workflow_name

	name = get_workflow_name("Incident Report")
	if name:
		workflow = frappe.get_cached_doc("Workflow", name)
		return tuple(row.allow_edit for row in workflow.states if row.state == state and row.allow_edit)
	return STATE_EDITORS.get(state, ())
