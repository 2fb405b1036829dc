"""Who may see which child: one criterion for lists and for single documents.

An administrator scopes an officer with a User Permission on an Administrative Area
at any tier (a village, a township, a county, a city); the officer then sees exactly
that subtree for every LBC DocType, and nothing beside it. A School Mentor sees the
children paired with them by an active Mentor Assignment (and their records).

The same :class:`Scope` feeds ``permission_query_conditions`` (list, report view,
get_count, Link search, reports) and ``has_permission`` (form, REST get, print), so
the two can never disagree. Records whose area is empty are visible only to
unrestricted users (Frappe's own User Permission filter would let them through
unless "strict user permissions" is on).

Unrestricted: Administrator, System Manager, and a Left Behind Care Manager who has
no area User Permission. Any other LBC role without an area User Permission sees
nothing: an officer must be scoped before they see a child.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe

from left_behind_care.compat import NO_OBJECTION
from left_behind_care.constants import (
	APP_MODULE,
	AREA_DOCTYPE,
	LBC_ROLES,
	MANAGER_ROLE,
	MENTOR_ROLE,
	POLICE_ROLE,
)
from left_behind_care.scoping import child_tables, scoped_doctypes

# DocTypes scoped through their own area field / through the child they belong to,
# derived from the DocType JSON (left_behind_care/scoping.py).
SCOPED = scoped_doctypes()
AREA_FIELD = {doctype: spec["area"] for doctype, spec in SCOPED.items() if spec["area"]}
CHILD_FIELD = {doctype: spec["child"] for doctype, spec in SCOPED.items() if spec["child"]}
CHILD_TABLES = child_tables()
# Campaigns set for a whole area (a township's holiday safety screening) are read by
# the officers of every area below it, who carry out their part of it.
VISIBLE_FROM_BELOW = frozenset({"Holiday Safety Screening"})
READ_PTYPES = frozenset({"read", "print", "report", "export", "email", "share", "select", None})


@dataclass
class Scope:
	"""What a user may reach of one DocType.

	user: the User id.
	doctype: the DocType the scope was read for: a User Permission limited to other
	    DocTypes (``applicable_for``) gives nothing here, as in Frappe.
	unrestricted: sees everything.
	area_ranges: (lft, rgt) of each Administrative Area whose whole subtree the user's
	    User Permissions give; a record is in scope when its area lies inside one.
	area_points: (lft, rgt) of each area given without its subtree (a User Permission
	    with "Hide Descendants"): only records of that very area are in scope.
	mentor: the user id when the user reaches children through Mentor Assignments.
	"""

	user: str
	doctype: str | None = None
	unrestricted: bool = False
	area_ranges: list[tuple[int, int]] = field(default_factory=list)
	area_points: list[tuple[int, int]] = field(default_factory=list)
	mentor: str | None = None

	@property
	def empty(self) -> bool:
		return not self.unrestricted and not self.has_areas and not self.mentor

	@property
	def has_areas(self) -> bool:
		"""Whether the user's User Permissions give any area for this DocType."""
		return bool(self.area_ranges or self.area_points)

	@property
	def roots(self) -> list[tuple[int, int]]:
		"""(lft, rgt) of every area given (subtrees and single areas alike)."""
		return [*self.area_ranges, *self.area_points]

	def for_doctype(self, doctype: str | None) -> Scope:
		"""The same user's scope for another DocType (itself when it is the same)."""
		if not doctype or doctype == self.doctype or self.unrestricted:
			return self
		return get_scope(self.user, doctype)

	def covers(self, lft: int, rgt: int) -> bool:
		"""Whether the area with these nested-set bounds lies in the scope."""
		return any(lft >= low and rgt <= high for low, high in self.area_ranges) or any(
			lft == low for low, _high in self.area_points
		)

	def overlaps(self, lft: int, rgt: int) -> bool:
		"""Whether any part of the subtree with these bounds lies in the scope."""
		return any(lft <= high and rgt >= low for low, high in self.area_ranges) or any(
			lft <= low <= rgt for low, _high in self.area_points
		)

	def reaches_into(self, lft: int, rgt: int) -> bool:
		"""Whether some area of the scope lies inside the subtree with these bounds."""
		return any(low >= lft and high <= rgt for low, high in self.roots)

	def area_condition(self, column: str) -> str | None:
		"""SQL condition: ``column`` (an area name) lies in the scope."""
		if not self.has_areas:
			return None
		ranges = [
			f"(scope_area.lft >= {int(lft)} and scope_area.rgt <= {int(rgt)})"
			for lft, rgt in self.area_ranges
		]
		ranges += [f"scope_area.lft = {int(lft)}" for lft, _rgt in self.area_points]
		return (
			f"{column} in (select scope_area.name from `tabAdministrative Area` scope_area"
			f" where {' or '.join(ranges)})"
		)

	def ancestor_condition(self, column: str) -> str | None:
		"""SQL condition: ``column`` (an area name) contains one of the scoped areas."""
		if not self.has_areas:
			return None
		ranges = " or ".join(
			f"(scope_up.lft <= {int(lft)} and scope_up.rgt >= {int(rgt)})" for lft, rgt in self.roots
		)
		return f"{column} in (select scope_up.name from `tabAdministrative Area` scope_up where {ranges})"

	def contains_scope(self, area: str | None) -> bool:
		"""Whether an area lies above (or at) one of the scoped areas."""
		if not area or not self.has_areas:
			return False
		bounds = frappe.db.get_value(AREA_DOCTYPE, area, ["lft", "rgt"])
		return bool(bounds) and self.reaches_into(*bounds)

	def mentor_condition(self, column: str) -> str | None:
		"""SQL condition: ``column`` (a Child name) is paired with the mentor."""
		if not self.mentor:
			return None
		return (
			f"{column} in (select scope_pair.child from `tabMentor Assignment` scope_pair"
			f" where scope_pair.mentor = {frappe.db.escape(self.mentor)} and scope_pair.is_active = 1)"
		)

	def sql(self, doctype: str, table_alias: str | None = None) -> str:
		"""The WHERE condition for a scoped DocType ("" when unrestricted, "1=0" when empty).

		Args:
		    doctype: one of the scoped DocTypes; the condition uses the user's scope for
		        that DocType (their User Permissions applicable to it).
		    table_alias: the alias or quoted table name used in the query; defaults
		        to ```tab<doctype>```.
		"""
		if self.unrestricted:
			return ""
		if doctype != self.doctype:
			return self.for_doctype(doctype).sql(doctype, table_alias)
		table = table_alias or f"`tab{doctype}`"
		parts = []
		area_field = AREA_FIELD.get(doctype)
		if area_field and (cond := self.area_condition(f"{table}.`{area_field}`")):
			parts.append(cond)
		if (
			area_field
			and doctype in VISIBLE_FROM_BELOW
			and (cond := self.ancestor_condition(f"{table}.`{area_field}`"))
		):
			parts.append(cond)
		child_field = CHILD_FIELD.get(doctype)
		if child_field and (cond := self.mentor_condition(f"{table}.`{child_field}`")):
			parts.append(cond)
		if area_field and not child_field:
			# a record not yet placed in an area (e.g. an import before its area is
			# detected) is its creator's alone
			parts.append(
				f"(ifnull({table}.`{area_field}`, '') = '' and {table}.`owner` = {frappe.db.escape(self.user)})"
			)
		if not parts:
			return "1=0"
		return "(" + " or ".join(parts) + ")"

	def allows_area(self, area: str | None) -> bool:
		"""Whether an Administrative Area (by name) lies in the scope."""
		if self.unrestricted:
			return True
		if not area or not self.has_areas:
			return False
		bounds = frappe.db.get_value(AREA_DOCTYPE, area, ["lft", "rgt"])
		return bool(bounds) and self.covers(*bounds)

	def allows_child(self, child: str | None) -> bool:
		"""Whether a Child (by name) lies in the scope, by its stored village or a pairing."""
		if self.unrestricted:
			return True
		if not child:
			return False
		if self.mentor and frappe.db.exists(
			"Mentor Assignment", {"child": child, "mentor": self.mentor, "is_active": 1}
		):
			return True
		return self.allows_area(frappe.db.get_value("Child", child, "village"))


DEFAULT_SCOPE_DOCTYPE = "Child"


def get_scope(user: str | None = None, doctype: str | None = None) -> Scope:
	"""The scope of a user for one DocType, cached for the request.

	The areas are those Frappe itself gives the user for that DocType: its
	``get_user_permissions`` (every User Permission on an Administrative Area, with its
	descendants unless "Hide Descendants" is set) filtered as Frappe filters them for a
	DocType (``filter_allowed_docs_for_doctype``: "Apply To All DocTypes", or
	``applicable_for`` naming it). The app is stricter than Frappe in one way only: a
	restricted role whose permissions give no area for a DocType sees none of it
	(Frappe would show everything), and is told so on its workspace.

	Args:
	    user: a User id; defaults to the session user.
	    doctype: the DocType whose records are reached; defaults to "Child" (the
	        register itself: reports and cards of children).

	Returns:
	    Scope.
	"""
	user = user or frappe.session.user
	doctype = doctype or DEFAULT_SCOPE_DOCTYPE
	if frappe.flags.lbc_scope_cache is None:
		frappe.flags.lbc_scope_cache = {}
	cache = frappe.flags.lbc_scope_cache
	key = (user, doctype)
	if key not in cache:
		cache[key] = _build_scope(user, doctype)
	return cache[key]


def clear_scope_cache(doc=None, method=None) -> None:
	"""Forget the cached scopes (after User Permissions or pairings change; also a doc_events
	hook, hence the unused arguments)."""
	frappe.flags.lbc_scope_cache = None


def is_unrestricted(user: str | None = None) -> bool:
	"""Whether the user sees every area (Administrator, System Manager, a Left Behind
	Care Manager with no area User Permission at all)."""
	return get_scope(user).unrestricted


def is_restricted_officer(user: str | None = None) -> bool:
	"""Whether the user holds one of the app's roles and does not see every area."""
	user = user or frappe.session.user
	if user in ("Administrator", "Guest") or not set(frappe.get_roles(user)) & set(LBC_ROLES):
		return False
	return not is_unrestricted(user)


def allowed_area_names(user: str, doctype: str) -> list[str]:
	"""The Administrative Areas Frappe gives ``user`` for ``doctype``, as Frappe reads them.

	Returns:
	    list of area names (descendants included unless "Hide Descendants"), possibly empty.
	"""
	from frappe.permissions import filter_allowed_docs_for_doctype, get_user_permissions

	entries = get_user_permissions(user).get(AREA_DOCTYPE) or []
	return filter_allowed_docs_for_doctype(entries, doctype, with_default_doc=False)


def _compact(names: list[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
	"""Split a set of areas into whole subtrees and single areas (nested-set bounds).

	An area whose every descendant is in the set stands for its whole subtree (one
	range); an area given without its descendants is a single point. The result
	describes exactly the same set of areas.
	"""
	import bisect

	if not names:
		return [], []
	rows = frappe.get_all(AREA_DOCTYPE, filters={"name": ["in", list(set(names))]}, fields=["lft", "rgt"])
	bounds = sorted((int(r.lft), int(r.rgt)) for r in rows if r.lft and r.rgt)
	lefts = [lft for lft, _rgt in bounds]
	ranges, points = [], []
	covered_to = -1
	for lft, rgt in bounds:
		if lft < covered_to:  # inside a subtree already taken whole
			continue
		inside = bisect.bisect_right(lefts, rgt) - bisect.bisect_left(lefts, lft)
		if inside == (rgt - lft + 1) // 2:  # every node of the subtree is in the set
			ranges.append((lft, rgt))
			covered_to = rgt
		else:
			points.append((lft, rgt))
	return ranges, points


def _build_scope(user: str, doctype: str) -> Scope:
	if user == "Administrator":
		return Scope(user, doctype, unrestricted=True)
	roles = set(frappe.get_roles(user))
	if "System Manager" in roles:
		return Scope(user, doctype, unrestricted=True)
	from frappe.permissions import get_user_permissions

	if MANAGER_ROLE in roles and not get_user_permissions(user).get(AREA_DOCTYPE):
		return Scope(user, doctype, unrestricted=True)
	ranges, points = _compact(allowed_area_names(user, doctype))
	mentor = user if MENTOR_ROLE in roles else None
	return Scope(user, doctype, area_ranges=ranges, area_points=points, mentor=mentor)


def get_permission_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` hook for every scoped DocType.

	Args:
	    user: the user the list is built for.
	    doctype: the DocType being listed (passed by Frappe).

	Returns:
	    A SQL condition string ("" for unrestricted users).
	"""
	if not doctype:
		return ""
	return get_scope(user, doctype).sql(doctype)


def has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	"""``has_permission`` hook: the same criterion for one document.

	Both the values being saved and the record as it is stored must lie in the user's
	scope, so nobody can pull another area's record into their own by writing a new
	village or child to it. For records that belong to a child, the child's stored
	village decides (never a village typed by the client). A record with neither a
	child nor an area yet is its creator's alone.

	Returns:
	    False to deny; ``compat.NO_OBJECTION`` to leave the decision to the role
	    permissions (None on v15, True on v16).
	"""
	scope = get_scope(user, doc.doctype)
	if scope.unrestricted:
		return NO_OBJECTION
	if (
		doc.doctype in VISIBLE_FROM_BELOW
		and ptype in READ_PTYPES
		and scope.contains_scope(doc.get(AREA_FIELD[doc.doctype]))
	):
		return NO_OBJECTION
	if not _in_scope(scope, doc.doctype, doc, new=doc.is_new()):
		return False
	if not doc.is_new() and doc.get("name"):
		fields = [f for f in (AREA_FIELD.get(doc.doctype), CHILD_FIELD.get(doc.doctype)) if f and f != "name"]
		stored = frappe.db.get_value(doc.doctype, doc.name, ["name", "owner", *fields], as_dict=True)
		if stored and not _in_scope(scope, doc.doctype, stored, new=False):
			return False
	return NO_OBJECTION


def _in_scope(scope: Scope, doctype: str, values, new: bool) -> bool:
	"""Whether a record with these values (a document or a stored row) is in scope."""
	area_field = AREA_FIELD.get(doctype)
	child_field = CHILD_FIELD.get(doctype)
	if doctype == "Child":
		if not new and scope.mentor and scope.allows_child(values.get("name")):
			return True
		return scope.allows_area(values.get("village"))
	if child_field and values.get(child_field):
		return scope.allows_child(values.get(child_field))
	if area_field and values.get(area_field):
		return scope.allows_area(values.get(area_field))
	return new or values.get("owner") == scope.user


def get_child_table_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` for the child tables of scoped DocTypes.

	Frappe lists a child table (``frappe.client.get_list(doctype="Child Parent",
	parent="Child")``) after checking only that the user may read the parent DocType,
	without the parent's row-level scope: every child's parents would come back. Rows
	are limited to parents in the user's scope.

	Returns:
	    A SQL condition ("" for unrestricted users).
	"""
	scope = get_scope(user)
	if scope.unrestricted or not doctype:
		return ""
	parts = []
	for parent in CHILD_TABLES.get(doctype, ()):
		condition = scope.sql(parent, "scope_parent")
		parts.append(
			f"(`tab{doctype}`.`parenttype` = {frappe.db.escape(parent)} and `tab{doctype}`.`parent` in "
			f"(select scope_parent.name from `tab{parent}` scope_parent where {condition}))"
		)
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def check_amended_from(doc, method=None) -> None:
	"""An amendment may only be made of a record the user may amend (doc_events validate).

	Without it, anyone allowed to create the DocType could name another area's
	cancelled record as ``amended_from`` and take its amendment over.

	Raises:
	    frappe.PermissionError.
	"""
	if not doc.get("amended_from") or not doc.is_new():
		return
	original = frappe.get_doc(doc.doctype, doc.amended_from)
	if not frappe.has_permission(doc.doctype, "amend", doc=original):
		frappe.throw(
			frappe._("You may not amend {0} {1}.").format(
				frappe._(doc.doctype), frappe.bold(doc.amended_from)
			),
			frappe.PermissionError,
		)


# ------------------------------------------------------------------ prepared reports
#
# An administrator may switch a slow report to a prepared report. Frappe v15 then keeps
# each result, computed with its owner's scope, and lets anyone who may open the report
# read any of them: ``query_report.run`` loads the one named by the filters'
# ``prepared_report_name`` or the one of the ``user`` the caller names, without a
# permission check, and the Prepared Report permission only asks whether the reader
# may open the report. For the app's reports a result is for its owner only (and for
# unrestricted users): a village officer must not read the county officer's result.


def app_reports() -> frozenset[str]:
	"""The app's reports and the Custom Reports made from them, cached for the request."""
	if frappe.flags.lbc_app_reports is None:
		reports = set(frappe.get_all("Report", filters={"module": APP_MODULE}, pluck="name"))
		if reports:
			reports |= set(
				frappe.get_all(
					"Report",
					filters={"report_type": "Custom Report", "reference_report": ("in", list(reports))},
					pluck="name",
				)
			)
		frappe.flags.lbc_app_reports = frozenset(reports)
	return frappe.flags.lbc_app_reports


def may_read_prepared_report(doc, user: str | None = None) -> bool:
	"""Whether ``user`` may read a Prepared Report's result.

	Args:
	    doc: the Prepared Report (needs ``report_name`` and ``owner``).
	    user: a User id; defaults to the session user.

	Returns:
	    True for a report outside the app, for the result's owner and for unrestricted
	    users (Administrator, System Manager, an unscoped Left Behind Care Manager).
	"""
	user = user or frappe.session.user
	if doc.report_name not in app_reports() or user == doc.owner:
		return True
	return get_scope(user).unrestricted


def prepared_report_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""``has_permission`` hook of Prepared Report: another user's result of an app report
	is refused (download, attachment, form). ``compat.NO_OBJECTION`` defers to Frappe's own check."""
	return NO_OBJECTION if may_read_prepared_report(doc, user) else False


def prepared_report_query_conditions(user: str | None = None) -> str:
	"""``permission_query_conditions`` of Prepared Report: restricted users list only their
	own results of the app's reports."""
	user = user or frappe.session.user
	if get_scope(user).unrestricted or not app_reports():
		return ""
	reports = ", ".join(frappe.db.escape(name) for name in sorted(app_reports()))
	return f"(`tabPrepared Report`.report_name not in ({reports}) or `tabPrepared Report`.owner = {frappe.db.escape(user)})"


def app_doctypes() -> frozenset[str]:
	"""The app's DocTypes, cached for the request."""
	if frappe.flags.lbc_app_doctypes is None:
		frappe.flags.lbc_app_doctypes = frozenset(
			frappe.get_all("DocType", filters={"module": APP_MODULE}, pluck="name")
		)
	return frappe.flags.lbc_app_doctypes


def file_query_conditions(user: str | None = None) -> str:
	"""``permission_query_conditions`` of File: restricted users list only their own files
	among those attached to the app's records (ledgers, consent forms).

	Frappe v15 lists every file attached to a DocType the user may read at all, so any
	officer could list every area's ledger uploads and consent forms by name and URL
	(reading one still needs permission on the record it is attached to). Attachments
	still show on the forms the user may open.
	"""
	user = user or frappe.session.user
	if get_scope(user).unrestricted or not app_doctypes():
		return ""
	doctypes = ", ".join(frappe.db.escape(name) for name in sorted(app_doctypes()))
	return (
		f"(ifnull(`tabFile`.attached_to_doctype, '') not in ({doctypes})"
		f" or `tabFile`.owner = {frappe.db.escape(user)})"
	)


def default_first_area(doc, method=None) -> None:
	"""``before_insert`` of User Permission: an officer scoped to one Administrative Area has
	it as their default (Is Default), so that new forms (a Child's village, the ledger
	export's area) start with it. When a second area is added the officer covers several,
	and the default that came with the first is cleared: forms start empty and the area is
	chosen (or, for a ledger, detected from the file). An administrator may set one again.
	"""
	if doc.allow != AREA_DOCTYPE:
		return
	existing = frappe.get_all(
		"User Permission", filters={"user": doc.user, "allow": AREA_DOCTYPE}, fields=["name", "is_default"]
	)
	if not existing:
		doc.is_default = 1
	elif len(existing) == 1 and existing[0].is_default and not doc.is_default:
		frappe.db.set_value("User Permission", existing[0].name, "is_default", 0)


def can_read_file_url(url: str, user: str | None = None, attached_to: tuple[str, str] | None = None) -> bool:
	"""Whether ``user`` may read the file at ``url``: one of its File records is readable
	(Frappe serves a private file when one is), or is attached to ``attached_to``
	(doctype, name), the record being saved.

	Returns:
	    False also when no File record has that URL.
	"""
	files = frappe.get_all(
		"File", filters={"file_url": url}, fields=["name", "attached_to_doctype", "attached_to_name"]
	)
	if attached_to and any((f.attached_to_doctype, f.attached_to_name) == attached_to for f in files):
		return True
	return any(frappe.has_permission("File", "read", doc=f.name, user=user) for f in files)


def file_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""``has_permission`` hook of File: a private File record that merely points at a file
	someone else put on the site earlier gives its owner nothing they could not read.

	Frappe v15 lets any user (role All) create a File with another file's ``file_url`` and
	then serves that private file to them, since one of its File records is theirs:
	another area's ledger, with its identity numbers, was one request away. A File whose
	owner is the user is readable only if the user may read one of the earlier File records
	of the same file (a byte-identical upload from another area is refused the same way).

	Returns:
	    False for such a record; ``compat.NO_OBJECTION`` (Frappe decides) otherwise.
	"""
	user = user or frappe.session.user
	if user == "Administrator":
		return NO_OBJECTION
	if ptype == "create" and doc.is_new():
		# checked before Frappe reads the named file from disk: a new File with no content
		# of its own may name only a private file the user may already read (Frappe's
		# download check asks the File's own rule, where the owner always may)
		url = doc.file_url or ""
		if doc.get("content") or not url.startswith("/private/files/"):
			return NO_OBJECTION
		if frappe.db.exists("File", {"file_url": url}) and not can_read_file_url(url, user):
			return False
		return NO_OBJECTION
	if ptype not in READ_PTYPES or not doc.is_private or doc.owner != user:
		return NO_OBJECTION
	earlier = frappe.get_all(
		"File",
		filters={"file_url": doc.file_url, "name": ["!=", doc.name], "creation": ["<", doc.creation]},
		fields=["name", "owner"],
	)
	others = [row.name for row in earlier if row.owner != user]
	if not others:
		return NO_OBJECTION
	return (
		NO_OBJECTION
		if any(frappe.has_permission("File", "read", doc=name, user=user) for name in others)
		else False
	)


def is_app_file(url: str) -> bool:
	"""Whether a file belongs to the app: one of its File records is attached to an app
	record, or is an upload not yet attached by a user who holds one of the app's roles
	(a ledger chosen but not yet imported).

	Args:
	    url: a ``file_url``.
	"""
	files = frappe.get_all("File", filters={"file_url": url}, fields=["attached_to_doctype", "owner"])
	if any(f.attached_to_doctype in app_doctypes() for f in files):
		return True
	owners = {f.owner for f in files if not f.attached_to_doctype}
	return any(set(frappe.get_roles(owner)) & set(LBC_ROLES) for owner in owners)


def check_attach_fields(doc, method=None) -> None:
	"""``validate`` of every document (hook ``*``): an Attach field may name only a private
	file its user may read. Frappe attaches the named file to the record on save
	(re-attaching another user's unattached upload, or copying an attached one as a File
	the user owns), which would make it readable through this record: a user's own
	picture (User.user_image) set to another area's ledger URL handed the ledger over.
	Uploads are the user's own and always pass. On other apps' records (ERPNext's) only
	the app's own files (:func:`is_app_file`) are checked; the rest is Frappe's business.

	Raises:
	    frappe.PermissionError naming the field.
	"""
	if frappe.session.user == "Administrator" or doc.doctype == "File":
		return
	own_doctype = doc.doctype in app_doctypes()
	for df in doc.meta.get("fields", {"fieldtype": ["in", ["Attach", "Attach Image"]]}):
		url = doc.get(df.fieldname) or ""
		if not url.startswith("/private/files/") or not (doc.is_new() or doc.has_value_changed(df.fieldname)):
			continue
		if not frappe.db.exists("File", {"file_url": url}):
			continue
		# on other apps' records, only the app's files are the app's business
		if not own_doctype and not is_app_file(url):
			continue
		if not can_read_file_url(url, attached_to=(doc.doctype, doc.name)):
			frappe.throw(
				frappe._("{0}: you may not use the file {1}; attach it from your own computer.").format(
					frappe._(df.label), frappe.utils.escape_html(url.rsplit("/", 1)[-1])
				),
				frappe.PermissionError,
			)


# ------------------------------------------------------------------ User Permission shapes


def validate_user_permission(doc, method=None) -> None:
	"""``validate`` of User Permission: refuse the shapes the app cannot honour.

	The app scopes every record by Administrative Area (plus a mentor's pairings). A User
	Permission on one of the app's other DocTypes (a Child, a Guardian, an Incident Report
	…) would be applied by Frappe's list queries but not by the app's reports, cards and
	exports, so the officer would see different things on different pages. It is refused,
	with what to do instead. Permissions on Administrative Area are honoured in every
	shape (all DocTypes or one, with or without descendants, default or not).

	Raises:
	    frappe.ValidationError naming the DocType.
	"""
	if doc.allow == AREA_DOCTYPE or (doc.allow not in SCOPED and doc.allow not in CHILD_TABLES):
		return
	frappe.throw(
		frappe._(
			"A User Permission on {0} is not used by Left Behind Care: officers are scoped by Administrative Area. Give {1} a User Permission on the Administrative Area they work for, or pair a mentor with the child by a Mentor Assignment."
		).format(frappe.bold(frappe._(doc.allow)), frappe.bold(doc.user)),
		title=frappe._("Unsupported User Permission"),
	)


def scope_notice(user: str | None = None) -> dict | None:
	"""What a restricted user cannot see because no User Permission gives them an area.

	For the workspace banner (``extend_bootinfo``): an officer whose permissions give no
	area for the DocTypes their roles may read sees nothing of them, and is told so
	instead of finding an empty desk.

	Returns:
	    None when nothing is hidden; else ``{"message": translated text, "doctypes":
	    [translated DocType labels]}``.
	"""
	user = user or frappe.session.user
	if not is_restricted_officer(user) or not set(frappe.get_roles(user)) & (set(LBC_ROLES) - {MENTOR_ROLE}):
		return None  # a School Mentor works through pairings, with no area of their own
	hidden = []
	for doctype in SCOPED:
		if not frappe.db.table_exists(doctype) or not frappe.has_permission(doctype, "read", user=user):
			continue
		scope = get_scope(user, doctype)
		if not scope.has_areas and not (scope.mentor and CHILD_FIELD.get(doctype)):
			hidden.append(frappe._(doctype))
	if not hidden:
		return None
	return {
		"doctypes": hidden,
		"message": frappe._(
			"Your account has no area for: {0}. You see none of these records until an administrator gives you a User Permission on the Administrative Area you work for (applying to all document types, or to each of these)."
		).format("、".join(hidden)),
	}


def check_links_in_scope(doc, method=None) -> None:
	"""``validate`` of the scoped DocTypes: a Link to another scoped record (a guardian, a
	child, a home visit, an incident report …) may name only one the user may read.

	Frappe checks only that a linked record exists, then fetches its values into the form
	(``fetch_from``) and into the app's reports: a village officer who set their child's
	guardian to another village's guardian read that guardian's name at once, and the
	phone through the Village Ledger. Only new or changed values are checked, so an old
	link (a child who moved) does not block other edits; saves by the system
	(``ignore_permissions``) and by Administrator are not checked.

	Raises:
	    frappe.PermissionError naming the field and the record.
	"""
	user = frappe.session.user
	if user == "Administrator" or doc.flags.ignore_permissions or get_scope(user, doc.doctype).unrestricted:
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	rows = [(doc, before)]
	for table in doc.meta.get_table_fields():
		old_rows = {row.name: row for row in (before.get(table.fieldname) if before else None) or []}
		rows += [(row, old_rows.get(row.name)) for row in doc.get(table.fieldname) or []]
	for row, old in rows:
		for df in row.meta.get_link_fields():
			value = row.get(df.fieldname)
			if df.options not in SCOPED or not value or (old is not None and old.get(df.fieldname) == value):
				continue
			if not frappe.db.exists(df.options, value):
				continue  # Frappe's own link validation reports it
			if not frappe.has_permission(df.options, "read", doc=value, user=user):
				frappe.throw(
					frappe._("{0}: you may not link {1} {2}, which is outside your area.").format(
						frappe._(df.label), frappe._(df.options), frappe.bold(value)
					),
					frappe.PermissionError,
				)
