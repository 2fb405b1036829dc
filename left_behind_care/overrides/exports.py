"""Overrides of Frappe's export endpoints, for the app's DocTypes and reports only: field
levels applied to child tables, the guardian's consent before identifiable rows leave
(plan 4 §四5), and no cell that opens as a formula. Exports of anything else go to
Frappe's function unchanged (see :data:`left_behind_care.overrides.FRAPPE_CHANGES`)."""

from __future__ import annotations

import json
import re

import frappe
from frappe import _

from left_behind_care.overrides import hand_over, whitelist_as
from left_behind_care.permissions import app_doctypes, app_reports
from left_behind_care.privacy import (
	EXPORT_CHILD_FIELD,
	check_identifiable_export,
	export_children,
	formula_safe_response,
	identifiable_in,
	unreadable_fields,
)

REPORTVIEW_EXPORT = "frappe.desk.reportview.export_query"
DOWNLOAD_TEMPLATE = "frappe.core.doctype.data_import.data_import.download_template"
EXPORT_DATA = "frappe.core.doctype.data_export.exporter.export_data"
QUERY_REPORT_EXPORT = "frappe.desk.query_report.export_query"

_COLUMN = re.compile(r"`tab([^`]+)`\.`([^`]+)`")


def is_app_doctype(doctype) -> bool:
	"""Whether ``doctype`` (any client-sent value) names one of the app's DocTypes."""
	return isinstance(doctype, str) and doctype in app_doctypes()


@whitelist_as(REPORTVIEW_EXPORT)
def export_query(*args, **kwargs):
	"""Report view export (``frappe.desk.reportview.export_query``). For the app's Child
	and Guardian lists it is refused when it would carry identifiable values of children
	without consent (Frappe already leaves out the level-1 columns a user may not read);
	the app's exports are written formula-safe.

	Raises:
	    frappe.PermissionError without export permission; ConsentRequiredError.
	"""
	doctype = frappe.form_dict.get("doctype")
	if not is_app_doctype(doctype):
		return hand_over(REPORTVIEW_EXPORT, *args, **kwargs)
	frappe.permissions.can_export(doctype, raise_exception=True)
	from frappe.desk import reportview

	form = reportview.get_form_params()
	if doctype in EXPORT_CHILD_FIELD:
		requested: dict[str, set[str]] = {}
		for field in form.fields or []:
			match = _COLUMN.search(field)
			dt, fieldname = (match.group(1), match.group(2)) if match else (doctype, field.strip("`"))
			requested.setdefault(dt, set()).add(fieldname)
		if identifiable_in(doctype, requested):
			selected = form.get("selected_items")
			names = json.loads(selected) if selected else None
			check_identifiable_export(doctype, export_children(doctype, form.filters, names))
	result = hand_over(REPORTVIEW_EXPORT, *args, **kwargs)
	formula_safe_response()
	return result


@whitelist_as(DOWNLOAD_TEMPLATE)
def download_template(
	doctype, export_fields=None, export_records=None, export_filters=None, file_type="CSV", **kwargs
):
	"""Data Import's export (``…data_import.download_template``): for the app's DocTypes
	the level-1 fields the user may not read are removed (Frappe reads child tables
	without that check, e.g. an Incident Report's services), and identifiable exports of
	children and guardians are limited to children with consent.

	Raises:
	    frappe.PermissionError without read permission on ``doctype``; ConsentRequiredError.
	"""
	arguments = dict(
		doctype=doctype,
		export_fields=export_fields,
		export_records=export_records,
		export_filters=export_filters,
		file_type=file_type,
		**kwargs,
	)
	if not is_app_doctype(doctype):
		return hand_over(DOWNLOAD_TEMPLATE, **arguments)
	frappe.has_permission(doctype, "read", throw=True)
	export_fields = frappe.parse_json(export_fields) or {}
	meta = frappe.get_meta(doctype)
	requested = {}
	for key, fieldnames in list(export_fields.items()):
		dt = doctype if key == doctype else (meta.get_field(key).options if meta.get_field(key) else None)
		if not dt:
			continue
		hidden = unreadable_fields(dt, parenttype=doctype if dt != doctype else None)
		export_fields[key] = [f for f in fieldnames if f not in hidden]
		requested[dt] = set(export_fields[key])
	if (
		doctype in EXPORT_CHILD_FIELD
		and export_records != "blank_template"
		and identifiable_in(doctype, requested)
	):
		check_identifiable_export(doctype, export_children(doctype, frappe.parse_json(export_filters)))
	arguments["export_fields"] = json.dumps(export_fields)
	result = hand_over(DOWNLOAD_TEMPLATE, **arguments)
	formula_safe_response()
	return result


@whitelist_as(EXPORT_DATA)
def export_data(
	doctype=None, parent_doctype=None, select_columns=None, with_data=False, filters=None, **kwargs
):
	"""Data Export (``…data_export.exporter.export_data``): for the app's DocTypes the
	level-1 fields the user may not read are removed from every table (Frappe reads child
	tables without that check), and identifiable exports of children and guardians are
	limited to children with consent.

	Raises:
	    frappe.PermissionError without export permission; ConsentRequiredError.
	"""
	arguments = dict(
		doctype=doctype,
		parent_doctype=parent_doctype,
		select_columns=select_columns,
		with_data=with_data,
		filters=filters,
		**kwargs,
	)
	if not is_app_doctype(doctype):
		return hand_over(EXPORT_DATA, **arguments)
	frappe.permissions.can_export(parent_doctype or doctype, raise_exception=True)
	meta = frappe.get_meta(doctype)
	doctypes = [doctype] + [df.options for df in meta.get_table_fields()]
	columns = frappe.parse_json(select_columns) if select_columns else None
	selected = {}
	for dt in doctypes:
		parenttype = doctype if dt != doctype else None
		hidden = unreadable_fields(dt, parenttype=parenttype)
		wanted = columns.get(dt, []) if columns else ["name", *frappe.get_meta(dt).get_valid_columns()]
		selected[dt] = [f for f in wanted if f not in hidden]
	if (
		doctype in EXPORT_CHILD_FIELD
		and frappe.utils.cint(with_data)
		and identifiable_in(doctype, {dt: set(f) for dt, f in selected.items()})
	):
		check_identifiable_export(doctype, export_children(doctype, frappe.parse_json(filters)))
	arguments["select_columns"] = json.dumps(selected)
	result = hand_over(EXPORT_DATA, **arguments)
	formula_safe_response()
	return result


@whitelist_as(QUERY_REPORT_EXPORT)
def query_report_export_query(*args, **kwargs):
	"""Script Report export (``frappe.desk.query_report.export_query``): the app's reports
	are written formula-safe, with the consent masking of exports switched on. Other
	reports: Frappe's export, unchanged.

	Raises:
	    frappe.DoesNotExistError without an existing ``report_name`` (Frappe's own export
	    fails with an AttributeError); frappe.ValidationError for a malformed export
	    request of an app report (Frappe's fails with a TypeError or KeyError); Frappe's
	    own permission errors.
	"""
	report = frappe.local.form_dict.get("report_name")
	if not isinstance(report, str) or not frappe.db.exists("Report", report):
		# Frappe's export fails with an AttributeError (a server error) here
		frappe.throw(
			_("No report named {0}.").format(frappe.utils.escape_html(str(report))), frappe.DoesNotExistError
		)
	if report not in app_reports():
		return hand_over(QUERY_REPORT_EXPORT, *args, **kwargs)
	exporting, frappe.flags.lbc_exporting = frappe.flags.lbc_exporting, True  # consent masking
	try:
		result = hand_over(QUERY_REPORT_EXPORT, *args, **kwargs)
	except (TypeError, KeyError, IndexError, ValueError) as error:
		if isinstance(error, frappe.ValidationError):
			raise
		# Frappe's export fails on a malformed request (no visible_idx, broken JSON …)
		frappe.throw(_("The export request is incomplete or malformed; export again from the report."))
	finally:
		frappe.flags.lbc_exporting = exporting
	formula_safe_response()
	return result
