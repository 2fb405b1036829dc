"""``after_request``: the app's downloads keep their Chinese file names (see
:data:`left_behind_care.overrides.FRAPPE_CHANGES`)."""

from __future__ import annotations

import frappe


def fix_download_filename(response=None, request=None) -> None:
	"""``after_request`` hook: a download of the app's with a Chinese file name carries it
	as RFC 6266 says (``filename*=UTF-8''…``, with an ASCII ``filename`` beside it).

	Frappe v15 (``frappe.utils.response``) turns the name's UTF-8 bytes into Latin-1
	characters before setting ``Content-Disposition``, so browsers and download tools
	that do not guess saved 青山村台账.xlsx as ``éå±±æ\x9d\x91…``. Only responses to
	requests about the app's DocTypes and reports are rewritten.
	"""
	from urllib.parse import quote

	from werkzeug.http import parse_options_header

	from left_behind_care.request_guard import app_targets, request_targets

	header = response.headers.get("Content-Disposition") if response is not None else None
	if not header or "filename*=" in header:
		return
	if header.lstrip().lower().startswith("filename"):
		header = "attachment; " + header  # Frappe's binary downloads send no disposition type
	disposition, options = parse_options_header(header)
	filename = options.get("filename")
	if not filename or filename.isascii():
		return
	try:
		original = filename.encode("latin-1").decode("utf-8")
	except (UnicodeEncodeError, UnicodeDecodeError):
		original = filename  # not Frappe's mangling: the name as given
	if not _is_app_request(request, app_targets, request_targets):
		return
	stem, dot, ext = original.rpartition(".")
	fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in (stem or original))
	fallback = (fallback.strip("_") or "download") + (dot + ext if stem and ext.isascii() else "")
	response.headers["Content-Disposition"] = (
		f"{disposition or 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{quote(original, safe='')}"
	)


def _is_app_request(request, app_targets, request_targets) -> bool:
	"""Whether the request (its path and arguments) is about the app."""
	path = getattr(request, "path", "") or ""
	if "left_behind_care." in path or "left_behind_care." in (frappe.form_dict.get("cmd") or ""):
		return True
	return bool(request_targets(frappe.form_dict or {}, path) & app_targets())
