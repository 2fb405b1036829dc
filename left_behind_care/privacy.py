"""Privacy of the children's files (plan 4 §四5).

- Sensitive fields (identity numbers, phones, addresses, incident descriptions,
  assessments and services) are at permission level 1: only the roles that need them
  read them. Frappe then leaves them out of forms, lists, report views, REST reads,
  prints and report-view exports for everyone else.
- Identity numbers, phones and addresses have a masked copy at level 0
  (``id_number_masked``: ``5203**********123X``), kept up to date on every save, so
  other users see the masked value in forms, lists, reports, exports and prints.
- Three Frappe paths do not apply level-1 permissions to everything and are wrapped
  here (``override_whitelisted_methods`` in hooks.py): the form's Version timeline
  (``getdoc`` / ``get_docinfo`` send old and new values of every changed field), and
  the Data Import and Data Export downloads (which read child tables without
  permission checks).
- Sharing outside the system requires the guardian's consent, recorded on the Child
  (``consent_*`` fields; below 14 only a guardian or parent may consent): an export that
  contains identity numbers, phones or addresses the user may read is refused unless
  every child in it has a valid consent (:func:`can_export_identifiable`).

Script reports that select sensitive columns themselves call :func:`mask_rows`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from left_behind_care import rules

# doctype → {sensitive field: (masked copy, mask function)}
MASKED_FIELDS: dict[str, dict[str, tuple[str, Callable[[str | None], str]]]] = {
	"Child": {
		"id_number": ("id_number_masked", rules.mask_id_number),
		"address": ("address_masked", rules.mask_address),
	},
	"Guardian": {
		"id_number": ("id_number_masked", rules.mask_id_number),
		"phone": ("phone_masked", rules.mask_phone),
		"address": ("address_masked", rules.mask_address),
	},
	"Child Parent": {"phone": ("phone_masked", rules.mask_phone)},
}
# DocTypes whose rows identify children when exported, and how to find those children
EXPORT_CHILD_FIELD = {"Child": "name", "Guardian": None}
# DocTypes whose Version timeline is filtered by field level
PROTECTED_DOCTYPES = ("Child", "Guardian", "Incident Report")


class ConsentRequiredError(frappe.ValidationError):
	"""Identifiable information was to leave the system without the guardian's consent."""


class ConsentError(frappe.ValidationError):
	"""A consent record is incomplete or impossible (e.g. given by a child under 14)."""


# ------------------------------------------------------------------------------ masking


def set_masked_fields(doc) -> None:
	"""Refresh the masked copies of a document's sensitive fields (and of its child rows).

	Called from the controllers' ``validate`` (Child, Guardian).
	"""
	for fieldname, (target, mask) in MASKED_FIELDS.get(doc.doctype, {}).items():
		doc.set(target, mask(doc.get(fieldname)) or None)
	for table in doc.meta.get_table_fields():
		masked = MASKED_FIELDS.get(table.options)
		if not masked:
			continue
		for row in doc.get(table.fieldname) or []:
			for fieldname, (target, mask) in masked.items():
				row.set(target, mask(row.get(fieldname)) or None)


def readable_levels(doctype: str, user: str | None = None, parenttype: str | None = None) -> set[int]:
	"""The permission levels a user may read on a DocType (0 always included).

	A child table uses its parent's permissions: pass ``parenttype``.
	"""
	meta = frappe.get_meta(parenttype or doctype)
	return {0, *meta.get_permlevel_access("read", user=user)}


def unreadable_fields(doctype: str, user: str | None = None, parenttype: str | None = None) -> set[str]:
	"""Fieldnames of ``doctype`` above the permission levels the user may read."""
	levels = readable_levels(doctype, user, parenttype)
	return {df.fieldname for df in frappe.get_meta(doctype).fields if (df.permlevel or 0) not in levels}


def mask_rows(doctype: str, rows: list, user: str | None = None, parenttype: str | None = None) -> list:
	"""Mask, in place, the sensitive values a user may not read in report rows.

	For a script report that selects sensitive columns itself (Frappe's report view
	already leaves them out). Identity numbers, phones and addresses become their
	masked form; any other level-1 value becomes None.

	Args:
	    doctype: the DocType the columns belong to (e.g. "Child", "Child Parent").
	    rows: list of dicts keyed by fieldname.
	    user: the reader; the session user by default.
	    parenttype: the parent DocType when ``doctype`` is a child table.

	Returns:
	    the same list.
	"""
	hidden = unreadable_fields(doctype, user, parenttype)
	if not hidden:
		return rows
	masks = MASKED_FIELDS.get(doctype, {})
	for row in rows:
		for fieldname in hidden & set(row):
			row[fieldname] = masks[fieldname][1](row[fieldname]) if fieldname in masks else None
	return rows


# ------------------------------------------------------------------------------ consent


def validate_consent(doc) -> None:
	"""Check the consent fields of a Child (plan 4 §四5; 个人信息保护法 §31).

	Raises:
	    ConsentError when consent is recorded without who gave it or its date, with a
	    future date, or as given by a child under 14.
	"""
	if not doc.consent_given:
		return
	giver = rules.ConsentGiver(doc.consent_given_by) if doc.consent_given_by else None
	try:
		rules.check_consent(
			getdate(doc.birth_date),
			giver,
			getdate(doc.consent_date) if doc.consent_date else None,
			getdate(nowdate()),
		)
	except rules.RuleError as error:
		frappe.throw(_(error.template).format(*error.params), exc=ConsentError, title=_("Consent"))


def _children_of(child_or_filters) -> list[str]:
	from frappe.model.document import Document

	if isinstance(child_or_filters, Document):
		return [child_or_filters.name]
	if isinstance(child_or_filters, str):
		return [child_or_filters]
	if isinstance(child_or_filters, list | tuple | set) and all(isinstance(c, str) for c in child_or_filters):
		return list(child_or_filters)
	return frappe.get_list("Child", filters=child_or_filters, pluck="name", limit_page_length=0)


def children_lacking_consent(child_or_filters) -> list[str]:
	"""The children whose identifiable information may not leave the system.

	Args:
	    child_or_filters: a Child name, a Child document, a list of Child names, or
	        Child filters (dict or list, applied with the user's permissions).

	Returns:
	    list of Child names without a valid consent (complete, not from a child under
	    14, with the signed form attached), sorted.
	"""
	names = _children_of(child_or_filters)
	if not names:
		return []
	child = frappe.qb.DocType("Child")
	rows = (
		frappe.qb.from_(child)
		.select(
			child.name,
			child.birth_date,
			child.consent_given,
			child.consent_given_by,
			child.consent_date,
			child.consent_attachment,
		)
		.where(child.name.isin(names))
		.run(as_dict=True)
	)
	today = getdate(nowdate())
	allowed = {
		row.name
		for row in rows
		if row.consent_given
		and rules.may_share_identifiable(
			getdate(row.birth_date),
			rules.ConsentGiver(row.consent_given_by) if row.consent_given_by else None,
			getdate(row.consent_date) if row.consent_date else None,
			bool(row.consent_attachment),
			today,
		)
	}
	return sorted(set(names) - allowed)


def can_export_identifiable(child_or_filters) -> bool:
	"""Whether every child given may be exported with identity numbers, phones and addresses.

	For the ledger exporter and any other path that sends identifiable rows outside the
	system (plan 4 §四5: not without the guardian's consent).

	Args:
	    child_or_filters: as :func:`children_lacking_consent`.

	Returns:
	    bool; True for an empty selection.
	"""
	return not children_lacking_consent(child_or_filters)


def check_identifiable_export(doctype: str, children) -> None:
	"""Refuse an identifiable export when some child lacks consent.

	Raises:
	    ConsentRequiredError naming how many children lack consent (and the first few).
	"""
	lacking = children_lacking_consent(children)
	if not lacking:
		return
	shown = ", ".join(lacking[:5]) + (" …" if len(lacking) > 5 else "")
	frappe.throw(
		_(
			"{0} children in this export of {1} have no recorded guardian consent ({2}). Leave out identity numbers, phones and addresses, or record the consent on each child first."
		).format(frappe.bold(len(lacking)), _(doctype), shown),
		exc=ConsentRequiredError,
		title=_("Guardian consent required"),
	)


def identifiable_in(
	doctype: str, fieldnames_by_doctype: dict[str, set[str]], user: str | None = None
) -> bool:
	"""Whether the requested fields include a sensitive field the user may read."""
	for dt, fieldnames in fieldnames_by_doctype.items():
		sensitive = set(MASKED_FIELDS.get(dt, {}))
		parenttype = doctype if dt != doctype else None
		if sensitive & fieldnames - unreadable_fields(dt, user, parenttype):
			return True
	return False


def export_children(doctype: str, filters, names: list[str] | None = None) -> list[str]:
	"""The children an export of ``doctype`` with ``filters`` contains (user's permissions)."""
	filters = filters or {}
	if doctype == "Child":
		if names:
			return list(names)
		return frappe.get_list("Child", filters=filters, pluck="name", limit_page_length=0)
	guardians = names or frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0)
	if not guardians:
		return []
	return frappe.get_all("Child", filters={"guardian": ("in", guardians)}, pluck="name")


# ------------------------------------------------------------------ the form's timeline


def filter_versions(doctype: str | None, user: str | None = None) -> None:
	"""Remove, from the Version entries in ``frappe.response.docinfo``, the values of the
	fields (of the document and of its child tables) the user may not read."""
	docinfo = frappe.response.get("docinfo")
	if doctype not in PROTECTED_DOCTYPES or not docinfo or not docinfo.get("versions"):
		return
	hidden = {doctype: unreadable_fields(doctype, user)}
	tables = {}
	for table in frappe.get_meta(doctype).get_table_fields():
		tables[table.fieldname] = unreadable_fields(table.options, user, parenttype=doctype)
	if not hidden[doctype] and not any(tables.values()):
		return
	for version in docinfo["versions"]:
		data = json.loads(version.get("data") or "{}")
		data["changed"] = [c for c in data.get("changed", []) if c[0] not in hidden[doctype]]
		for key in ("added", "removed"):
			rows = []
			for table_field, row in data.get(key, []):
				if table_field in hidden[doctype]:
					continue
				rows.append(
					[table_field, {k: v for k, v in row.items() if k not in tables.get(table_field, ())}]
				)
			data[key] = rows
		changed_rows = []
		for table_field, idx, row_name, changes in data.get("row_changed", []):
			if table_field in hidden[doctype]:
				continue
			kept = [c for c in changes if c[0] not in tables.get(table_field, ())]
			if kept:
				changed_rows.append([table_field, idx, row_name, kept])
		data["row_changed"] = changed_rows
		version["data"] = frappe.as_json(data, indent=None, separators=(",", ":"))


# ------------------------------------------------------------------ formula-safe exports
#
# Frappe v15 writes a text cell that starts with "=" as a formula in its .xlsx exports
# (openpyxl) and leaves CSV cells as typed: an address or a note "=HYPERLINK(…)" typed
# in a form (or imported) would run in the spreadsheet of whoever opens the export. The
# app's exports are rewritten: formula cells become text cells in .xlsx; CSV cells that
# start a formula get a leading apostrophe (plain numbers such as -5 or +86… stay).

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def formula_like(text) -> bool:
	"""Whether a cell's text would start a formula in a spreadsheet (a plain number would not)."""
	return isinstance(text, str) and text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def formula_safe_csv(text: str, delimiter: str = ",", quoting: int | None = None) -> str:
	"""CSV text with every formula-like cell prefixed by an apostrophe (OWASP's advice).

	Args:
	    text: the CSV as Frappe wrote it.
	    delimiter: the delimiter it was written with (the export's ``csv_delimiter``).
	    quoting: the ``csv`` quoting it was written with (``csv_quoting``); minimal if None.

	Raises:
	    frappe.ValidationError when the text cannot be read back as CSV: the export is
	    refused rather than sent unsafe.
	"""
	import csv
	import io

	bom = "\ufeff" if text.startswith("\ufeff") else ""
	try:
		rows = list(csv.reader(io.StringIO(text[len(bom) :], newline=""), delimiter=delimiter))
	except csv.Error:
		frappe.throw(_("The CSV export could not be made safe to open; export as Excel instead."))
	out = io.StringIO(newline="")
	writer = csv.writer(
		out,
		delimiter=delimiter,
		quoting=csv.QUOTE_MINIMAL if quoting is None else quoting,
		lineterminator="\r\n",
	)
	for row in rows:
		writer.writerow(["'" + cell if formula_like(cell) else cell for cell in row])
	return bom + out.getvalue()


def _csv_params() -> tuple[str, int | None]:
	"""The delimiter and quoting an export request asked Frappe for (its defaults otherwise)."""
	form = frappe.local.form_dict or {}
	delimiter = (form.get("csv_delimiter") or ",")[:1] or ","
	try:
		quoting = int(form["csv_quoting"]) if form.get("csv_quoting") not in (None, "") else None
	except (TypeError, ValueError):
		quoting = None
	return delimiter, quoting


def formula_safe_xlsx(content: bytes) -> bytes:
	"""An .xlsx workbook with every formula cell written back as the text it holds."""
	import io

	from openpyxl import load_workbook

	workbook = load_workbook(io.BytesIO(content))
	changed = False
	for sheet in workbook.worksheets:
		for row in sheet.iter_rows():
			for cell in row:
				if cell.data_type == "f":
					cell.data_type = "s"
					changed = True
	if not changed:
		return content
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def formula_safe_response() -> None:
	"""Rewrite the export in ``frappe.response`` (CSV text, or an .xlsx/.csv file) so that
	no cell starts a formula when the file is opened (an export that cannot be made safe
	is refused, and its unsafe content removed from the response)."""
	response = frappe.response
	try:
		_formula_safe_response(response)
	except Exception:
		for key in ("filecontent", "result", "filename"):
			response.pop(key, None)
		response["type"] = "json"
		raise


def _formula_safe_response(response) -> None:
	delimiter, quoting = _csv_params()
	if response.get("type") == "csv" and isinstance(response.get("result"), str):
		response["result"] = formula_safe_csv(response["result"])  # Data Export: always commas
		return
	content = response.get("filecontent")
	if response.get("type") not in ("binary", "download") or not content:
		return
	name = (response.get("filename") or "").lower()
	if name.endswith(".xlsx"):
		response["filecontent"] = formula_safe_xlsx(content)
	elif name.endswith(".csv"):
		text = content.decode("utf-8") if isinstance(content, bytes) else content
		response["filecontent"] = formula_safe_csv(text, delimiter, quoting).encode("utf-8")
