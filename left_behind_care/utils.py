"""Frappe-side helpers shared by the controllers: settings, rule errors, dates."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import getdate

from left_behind_care import rules
from left_behind_care.constants import APP_NAME, LBC_ROLES

SETTINGS = "Left Behind Care Settings"


class LeftBehindCareValidationError(frappe.ValidationError):
	"""A domain rule refused a value (see :mod:`left_behind_care.rules`)."""


class IdentityNumberError(LeftBehindCareValidationError):
	"""An identity number is malformed, has a wrong checksum or contradicts the record."""


class GradingError(LeftBehindCareValidationError):
	"""A grading value contradicts the rules of plan 3 §二(二)."""


def get_determination_rule() -> rules.DeterminationRule:
	"""The active left-behind definition from Left Behind Care Settings.

	Returns:
	    rules.DeterminationRule (plan 3 defaults where the settings are empty).
	"""
	values = frappe.db.get_singles_dict(SETTINGS)
	age_limit = int(values.get("age_limit") or 0) or rules.PLAN3_RULE.age_limit
	months = values.get("min_months_away")
	months = rules.PLAN3_RULE.min_months_away if months in (None, "") else int(months)
	return rules.DeterminationRule(
		age_limit=age_limit,
		min_months_away=months,
		one_away_other_incapable=bool(int(values.get("one_away_other_incapable") or 0)),
	)


def rule_message(error: rules.RuleError) -> str:
	"""The translated message of a rule error.

	Args:
	    error: a RuleError raised by :mod:`left_behind_care.rules`.

	Returns:
	    str in the user's language.
	"""
	return _(error.template).format(*error.params)


def throw_rule_error(error: rules.RuleError, exc=LeftBehindCareValidationError, prefix: str | None = None):
	"""Raise a rule error as a translated ``frappe.throw``.

	Args:
	    error: the RuleError.
	    exc: the exception class to raise.
	    prefix: an already translated context such as "Parents row 2".

	Raises:
	    exc, always.
	"""
	message = rule_message(error)
	if prefix:
		message = _("{0}: {1}").format(prefix, message)
	frappe.throw(message, exc=exc)


def apply_identity_number(doc, overwrite_birth_date: bool = False) -> rules.IdentityInfo | None:
	"""Normalise ``doc.id_number`` and fill or check ``birth_date`` and ``gender`` from it.

	Args:
	    doc: a document with ``id_number``, ``birth_date`` and ``gender`` fields.
	    overwrite_birth_date: always take the birth date from the number (a read-only field).

	Returns:
	    rules.IdentityInfo, or None when no number is recorded.

	Raises:
	    IdentityNumberError: a malformed number, a wrong check character, or a birth date or
	    gender that contradicts the number (GB 11643-1999, checked with ``stdnum.cn.ric``).
	"""
	if not doc.id_number:
		doc.id_number = None
		return None
	try:
		info = rules.parse_id_number(doc.id_number)
		doc.id_number = info.number
		if overwrite_birth_date or not doc.birth_date:
			doc.birth_date = info.birth_date
		if not doc.gender:
			doc.gender = info.gender
		rules.check_identity_agrees(info, to_date(doc.birth_date), doc.gender)
	except rules.RuleError as error:
		throw_rule_error(error, IdentityNumberError)
	return info


def to_date(value) -> datetime.date | None:
	"""A Frappe date/datetime value as datetime.date, None for empty."""
	if not value:
		return None
	return getdate(value)


def set_area_from_child(doc) -> None:
	"""Set ``doc.village`` from the linked child's stored village (never trust the client)."""
	if doc.get("child"):
		doc.village = frappe.db.get_value("Child", doc.child, "village")


def validate_selects_first(doc) -> None:
	"""Check the Select fields of a document and its child rows before the controller
	reads them as rules' enums.

	Frappe checks Select values after ``validate``; a controller that turns a value into
	an enum in ``validate`` would otherwise fail with a ValueError (HTTP 500) on a value
	sent through REST. This gives Frappe's own message instead.

	Raises:
	    frappe.ValidationError naming the field and the allowed values.
	"""
	for row in [doc, *doc.get_all_children()]:
		row._validate_selects()


def insert_desk_user(
	email: str,
	first_name: str,
	last_name: str | None = None,
	roles: list[str] | tuple[str, ...] = (),
	language: str | None = None,
	time_zone: str | None = None,
) -> str:
	"""Insert a desk user as the desk makes one: enabled, a System User, with Frappe's
	defaults (search bar, notifications, print menu), no welcome mail. Unlike an insert
	under ``frappe.flags.in_import`` (which skips the defaults and leaves the user
	disabled), the user can log in at once.

	Frappe refuses more than ``throttle_user_limit`` (60) new users an hour; the demo, the
	benchmarks and the test suite make more, so the limit is lifted for this insert only.

	Args:
	    email: the user id (must not exist yet).
	    first_name, last_name: the name shown in the desk.
	    roles: role names.
	    language: the desk language (e.g. "zh"); the site's when None.
	    time_zone: the user's time zone; Frappe's default when None.

	Returns:
	    the user id.
	"""
	conf = frappe.local.conf
	limit = conf.get("throttle_user_limit")
	conf["throttle_user_limit"] = 1_000_000
	try:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name or None,
				"language": language,
				"time_zone": time_zone,
				"user_type": "System User",
				"send_welcome_email": 0,
				"roles": [{"role": role} for role in roles],
				# the app's users land on their own workspace (hooks.add_to_apps_screen)
				"default_app": APP_NAME if set(roles) & set(LBC_ROLES) else None,
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	finally:
		if limit is None:
			conf.pop("throttle_user_limit", None)
		else:
			conf["throttle_user_limit"] = limit
	return email
