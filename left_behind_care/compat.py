"""What differs between the Frappe versions the app runs on (v15 and v16), in one place.

Code elsewhere in the app asks this module instead of testing ``frappe.__version__``
itself, so that supporting another version means reading and changing one file.
"""

from __future__ import annotations

import frappe


def frappe_major() -> int:
	"""The running Frappe's major version (15, 16, …).

	Returns:
	    int: the first number of ``frappe.__version__`` (``16`` for ``16.0.0-dev``).
	"""
	try:
		return int(str(frappe.__version__).split(".", 1)[0])
	except ValueError:  # a development checkout with an unusual version string
		return 16


FRAPPE_MAJOR = frappe_major()

#: What a ``has_permission`` hook answers when it has nothing against the document.
#:
#: Frappe v15 (``frappe.permissions.has_controller_permissions``) stops at the first hook
#: that answers anything but ``None``: ``None`` is "no objection, ask the next hook", and
#: ``True`` would silence the hooks of the apps installed before this one (ERPNext's File
#: hook, say). Frappe v16 asks every hook and refuses on any falsy answer, ``None``
#: included, so there "no objection" must be ``True``. Either way a hook can only refuse
#: what the role permissions grant, never grant more.
NO_OBJECTION: bool | None = True if FRAPPE_MAJOR >= 16 else None


def count_with_permissions(doctype: str, filters=None, user: str | None = None) -> int:
	"""The number of ``doctype`` records matching ``filters`` that ``user`` may read.

	Counted as Frappe's own list view counts (``frappe.desk.reportview.get_count``): the
	query ``frappe.get_list`` would run (role permissions, User Permissions, the
	``permission_query_conditions`` hooks), wrapped in ``count(*)``. Written so because
	v15's ``get_list`` accepts SQL text in ``fields`` (``count(name) as total``) while
	v16's query builder refuses it; both return their query with ``run=0``.

	Args:
	    doctype: the DocType to count.
	    filters: Frappe filters (dict, list of lists), as ``frappe.get_list`` takes them.
	    user: whose permissions apply; the session user by default.

	Returns:
	    int: the count (0 when nothing matches).

	Raises:
	    frappe.PermissionError when the user may not read ``doctype`` at all.
	"""
	query = frappe.get_list(
		doctype,
		filters=filters,
		fields=["name"],
		distinct=True,
		order_by=None,
		limit_page_length=0,
		user=user,
		run=0,
	)
	return frappe.db.sql(f"select count(*) from ({query}) as lbc_counted")[0][0]
