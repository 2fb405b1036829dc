"""Which of the app's DocTypes are scoped by area, and through which field.

Read once from the DocType JSON files (no frappe import, so ``hooks.py`` can use it):
every non-table, non-single DocType of the app with a Link to "Administrative Area"
(preferring the fields ``village``, ``area``, ``administrative_area``) or a Link to
"Child" (field ``child``) is scoped. A DocType added later is scoped without anyone
having to remember to list it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from left_behind_care.constants import AREA_DOCTYPE

DOCTYPE_DIR = Path(__file__).parent / "left_behind_care" / "doctype"
AREA_FIELD_PREFERENCE = ("village", "area", "administrative_area")


@lru_cache(maxsize=1)
def scoped_doctypes() -> dict[str, dict[str, str | None]]:
	"""The scoped DocTypes.

	Returns:
	    {doctype: {"area": area fieldname or None, "child": child fieldname or None}};
	    for "Child" itself, child is "name".
	"""
	out: dict[str, dict[str, str | None]] = {}
	for path in sorted(DOCTYPE_DIR.glob("*/*.json")):
		if path.stem != path.parent.name:
			continue
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") != "DocType" or meta.get("istable") or meta.get("issingle"):
			continue
		if meta["name"] == AREA_DOCTYPE:
			continue
		links = {
			field["fieldname"]: field.get("options")
			for field in meta.get("fields", [])
			if field.get("fieldtype") == "Link"
		}
		area = next((f for f in AREA_FIELD_PREFERENCE if links.get(f) == AREA_DOCTYPE), None)
		child = "name" if meta["name"] == "Child" else ("child" if links.get("child") == "Child" else None)
		if area or child:
			out[meta["name"]] = {"area": area, "child": child}
	return out


@lru_cache(maxsize=1)
def child_tables() -> dict[str, tuple[str, ...]]:
	"""The child-table DocTypes of scoped DocTypes.

	Returns:
	    {child table DocType: (scoped parent DocTypes that hold it, …)}.
	"""
	scoped = scoped_doctypes()
	out: dict[str, list[str]] = {}
	for path in sorted(DOCTYPE_DIR.glob("*/*.json")):
		if path.stem != path.parent.name:
			continue
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("name") not in scoped:
			continue
		for field in meta.get("fields", []):
			if field.get("fieldtype") in ("Table", "Table MultiSelect") and field.get("options"):
				out.setdefault(field["options"], [])
				if meta["name"] not in out[field["options"]]:
					out[field["options"]].append(meta["name"])
	return {table: tuple(parents) for table, parents in out.items()}
