"""Overrides of the desk form loader (``frappe.desk.form.load``): the Version timeline of
the app's protected DocTypes loses the values of fields above the user's permission
level (plan 4 §四5; see :data:`left_behind_care.overrides.FRAPPE_CHANGES`)."""

from __future__ import annotations

from left_behind_care.overrides import hand_over, whitelist_as
from left_behind_care.privacy import filter_versions

GETDOC = "frappe.desk.form.load.getdoc"
GET_DOCINFO = "frappe.desk.form.load.get_docinfo"


@whitelist_as(GETDOC)
def getdoc(doctype, name, **kwargs):
	"""Frappe's ``getdoc`` (its own permission check, its own signature: v15 takes
	``doctype, name, user``, v16 ``doctype, name``), then the timeline pruned by
	:func:`left_behind_care.privacy.filter_versions` for the app's protected DocTypes.

	Returns:
	    What Frappe's ``getdoc`` returns (it answers through ``frappe.response``).
	"""
	result = hand_over(GETDOC, doctype=doctype, name=name, **kwargs)
	filter_versions(doctype)
	return result


@whitelist_as(GET_DOCINFO)
def get_docinfo(doc=None, doctype=None, name=None, **kwargs):
	"""Frappe's ``get_docinfo``, then the timeline pruned as in :func:`getdoc`."""
	result = hand_over(GET_DOCINFO, doc=doc, doctype=doctype, name=name, **kwargs)
	filter_versions(doctype or getattr(doc, "doctype", None))
	return result
