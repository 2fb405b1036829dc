"""What the official printed forms show: values formatted for paper, sensitive ones masked.

The four standard print formats of the module (一人一档登记表, 委托监护责任书, 家访记录表,
强制报告登记表) call these functions from Jinja; ``hooks.jinja`` registers them. A
value on a field above permlevel 0 (identity numbers, phones, addresses, health notes,
incident details) is printed as stored only for a user whose roles may read that
permlevel of the DocType; anyone else gets it masked with the rules of
:mod:`left_behind_care.rules` (plan 4 §四5), or, for free text, a "restricted" note.
Frappe's print view itself does no such check, so the forms must.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html, flt, formatdate, get_datetime, getdate, nowdate

from left_behind_care import rules
from left_behind_care.constants import AREA_DOCTYPE

# How a field the user may not read is printed instead, by fieldname.
MASKS = {
	"id_number": rules.mask_id_number,
	"phone": rules.mask_phone,
	"mentor_phone": rules.mask_phone,
	"address": rules.mask_address,
}


def lbc_can_read(doc, fieldname: str) -> bool:
	"""Whether the session user may read a field of a document (or of a child-table row).

	Args:
	    doc: a Document or a child-table row (its parent DocType's permissions apply).
	    fieldname: a field of ``doc``'s DocType.

	Returns:
	    bool: True for permlevel-0 fields and for Administrator.
	"""
	df = doc.meta.get_field(fieldname)
	if not df or not df.permlevel or frappe.session.user == "Administrator":
		return True
	return doc.has_permlevel_access_to(fieldname, df=df, permission_type="read")


def lbc_value(doc, fieldname: str, empty: str = "") -> str:
	"""A field's value as the paper form shows it, HTML-escaped.

	Select options and Check values are translated, dates read ``2015-03-05``, date-times
	``2015-03-05 14:30``, an Administrative Area shows its name, a User their full name.
	A field the user may not read (see :func:`lbc_can_read`) is masked: identity
	numbers ``5203**********123X``, phones ``138****5678``, addresses down to the
	township; other restricted text reads "(restricted)".

	Args:
	    doc: a Document or child-table row.
	    fieldname: the field to print.
	    empty: what to print for an empty value.

	Returns:
	    str, safe to insert into HTML.
	"""
	df = doc.meta.get_field(fieldname)
	value = doc.get(fieldname)
	if df is None:
		return escape_html(str(value)) if value not in (None, "") else empty
	if not lbc_can_read(doc, fieldname):
		if value in (None, ""):
			return empty
		mask = MASKS.get(fieldname)
		return escape_html(mask(str(value))) if mask else escape_html(_("(restricted)"))
	if df.fieldtype == "Check":
		return escape_html(_("Yes") if cint(value) else _("No"))
	if value in (None, ""):
		return empty
	if df.fieldtype == "Select":
		return escape_html(_(value))
	if df.fieldtype == "Date":
		return lbc_date(value)
	if df.fieldtype == "Datetime":
		return lbc_datetime(value)
	if df.fieldtype == "Float":
		return escape_html(f"{flt(value):g}")
	if df.fieldtype == "Link" and df.options == AREA_DOCTYPE:
		return escape_html(frappe.get_cached_value(AREA_DOCTYPE, value, "area_name") or value)
	if df.fieldtype == "Link" and df.options == "User":
		return escape_html(frappe.utils.get_fullname(value))
	return escape_html(str(value))


def lbc_date(value) -> str:
	"""``2015-03-05`` (GB/T 7408) for a date or date-time; "" for empty."""
	if not value:
		return ""
	return formatdate(getdate(value), "yyyy-MM-dd")


def lbc_today() -> str:
	"""Today as ``2015-03-05``."""
	return lbc_date(nowdate())


def lbc_datetime(value) -> str:
	"""``2015-03-05 14:30`` for a date-time; "" for empty."""
	if not value:
		return ""
	return get_datetime(value).strftime("%Y-%m-%d %H:%M")


def lbc_age(birth_date, on=None) -> str:
	"""The age in whole years on ``on`` (default today), as text; "" without a birth date."""
	if not birth_date:
		return ""
	on = getdate(on or nowdate())
	return str(rules.age_on(getdate(birth_date), on))


def lbc_area_path(area: str | None) -> str:
	"""An Administrative Area with the areas above it, city first: ``测试市 测试区 东乡镇 东一村``.

	Args:
	    area: an Administrative Area name.

	Returns:
	    str, HTML-escaped; "" for empty.
	"""
	names = []
	seen = set()
	while area and area not in seen:
		seen.add(area)
		row = frappe.get_cached_value(
			AREA_DOCTYPE, area, ["area_name", "parent_administrative_area"], as_dict=True
		)
		if not row:
			break
		names.append(row.area_name or area)
		area = row.parent_administrative_area
	return escape_html(" ".join(reversed(names)))


def lbc_get(doctype: str, name: str | None):
	"""A linked document the form prints from (a Home Visit's child, a child's guardian),
	or None when it is empty, missing or the user may not read it.

	Args:
	    doctype: the DocType.
	    name: the document name.

	Returns:
	    Document or None.
	"""
	if not name or not frappe.db.exists(doctype, name):
		return None
	doc = frappe.get_doc(doctype, name)
	return doc if doc.has_permission("read") else None


def lbc_children_of_guardian(guardian: str) -> list:
	"""The children a guardian looks after that the user may see (the guardianship
	agreement lists them).

	Args:
	    guardian: a Guardian name.

	Returns:
	    list of Child documents, by name.
	"""
	names = frappe.get_list("Child", filters={"guardian": guardian}, pluck="name", order_by="name asc")
	return [frappe.get_doc("Child", name) for name in names]


def lbc_active_mentors(child: str) -> list:
	"""The active pairings (结对帮扶) of a child that the user may see.

	Args:
	    child: a Child name.

	Returns:
	    list of Mentor Assignment documents, oldest first.
	"""
	names = frappe.get_list(
		"Mentor Assignment",
		filters={"child": child, "is_active": 1},
		pluck="name",
		order_by="from_date asc",
	)
	return [frappe.get_doc("Mentor Assignment", name) for name in names]
