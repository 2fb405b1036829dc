"""Translations: every string the app shows, extracted with Frappe's gettext machinery,
and the Chinese catalog (``locale/main.pot``, ``locale/zh.po``).

English is the code's language and Chinese the product's. Frappe v15.4x (and v16) read
gettext catalogs: ``locale/<lang>.po`` is compiled to ``sites/assets/locale/<lang>/
LC_MESSAGES/left_behind_care.mo`` by ``bench build`` or ``bench compile-po-to-mo`` and
then translates ``_()`` on the server and ``__()`` in the desk.

Extraction is Frappe's own (``frappe.gettext.translate.generate_pot``: babel's
``extract_from_dir`` with Frappe's extractors for DocType, Workspace, Report, Python,
JavaScript and HTML files). Frappe leaves out some of what this app shows, so the
app adds its own extractors in ``babel_extractors.csv`` (read by Frappe, tried before its
defaults):

- print formats (the Jinja ``.html`` is Frappe's; the JSON names the format),
- number cards, dashboard charts, notifications and the columns and filters of
  JSON-defined reports,
- the module name (``modules.txt``) and workflows or custom fields in ``fixtures/``,
- the values of the ``str`` enums in ``rules.py``, which the controllers translate as
  ``_(member.value)`` (a determination reason, a parent's situation),
- ``hooks.py`` without importing it by its bench path (Frappe's navbar extractor fails
  for an app installed through a symlink, as ``bench get-app`` of a local path does).

Records made in code rather than shipped as files (the Incident Report workflow's
states and actions) are read from the site by :func:`site_messages`.

To refresh the catalogs after strings change::

    bench --site <site> execute left_behind_care.i18n.update_catalogs
    # translate the new empty msgstr entries in left_behind_care/locale/zh.po, then
    bench --site <site> execute left_behind_care.i18n.compile_catalog

``left_behind_care/tests/test_translations.py`` fails on any string without a zh
translation.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import frappe

APP = "left_behind_care"
LOCALE = "zh"
MODULE = "Left Behind Care"

# A babel extractor yields (lineno, funcname, message, comments).
Extracted = Iterator[tuple[int | None, str, str, list[str]]]

_PLACEHOLDER = re.compile(r"\{\d*\}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_translatable(message: str | None) -> bool:
	"""Whether a string needs translating.

	A string with a Latin letter does, unless Frappe's own test
	(``frappe.gettext.extractors.utils.is_translatable``) rules it out (icons, sizes,
	``eval:``). So does a format of placeholders and Western punctuation such as
	``{0}: {1}`` (Chinese writes ``{0}：{1}``). Chinese option values such as 一类 or 正常
	are already in the product's language."""
	from frappe.gettext.extractors.utils import is_translatable as frappe_is_translatable

	rest = _PLACEHOLDER.sub("", message or "").strip()
	if not rest:
		return False
	if re.search("[A-Za-z]", rest):
		return frappe_is_translatable(message)
	return not _CJK.search(rest)


def _json(fileobj) -> dict:
	data = json.load(fileobj)
	return data if isinstance(data, dict) else {}


def _messages(items, comment: str) -> Extracted:
	for item in items:
		if is_translatable(item):
			yield None, "_", item, [comment]


# ----------------------------------------------------------------------------- extractors


def extract_hooks(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for ``hooks.py``: the app title and standard navbar / help item
	labels, read from the source (never imported by its path)."""
	tree = ast.parse(fileobj.read().decode("utf-8"))
	for node in tree.body:
		if not isinstance(node, ast.Assign) or len(node.targets) != 1:
			continue
		target = getattr(node.targets[0], "id", None)
		try:
			value = ast.literal_eval(node.value)
		except ValueError:
			continue
		if target == "app_title":
			yield from _messages([value], "Title of the app")
		elif target in ("standard_navbar_items", "standard_help_items"):
			yield from _messages([item.get("item_label") for item in value], "Label of a navbar item")


def extract_print_format(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for a Print Format JSON: its name and any inline Jinja ``_()``
	(the ``.html`` beside it goes through Frappe's HTML extractor)."""
	data = _json(fileobj)
	if data.get("doctype") != "Print Format":
		return
	yield from _messages([data.get("name")], "Name of a Print Format")
	yield from _from_template(data.get("html"))


def extract_number_card(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for a Number Card JSON: its label."""
	data = _json(fileobj)
	if data.get("doctype") == "Number Card":
		yield from _messages([data.get("label")], "Label of a Number Card")


def extract_dashboard_chart(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for a Dashboard Chart JSON: its name."""
	data = _json(fileobj)
	if data.get("doctype") == "Dashboard Chart":
		yield from _messages([data.get("chart_name")], "Name of a Dashboard Chart")


def extract_report(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for a Report JSON: its name and the labels of the columns and
	filters defined in the JSON (a script report's are in its .py / .js)."""
	data = _json(fileobj)
	if data.get("doctype") != "Report":
		return
	yield from _messages([data.get("report_name")], "Name of a report")
	yield from _messages([c.get("label") for c in data.get("columns") or []], "Column of a report")
	yield from _messages([f.get("label") for f in data.get("filters") or []], "Filter of a report")


def extract_fixtures(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for ``fixtures/*.json`` (lists of records): the states and actions
	of Workflows, Workflow State and Workflow Action Master names, Custom Field labels."""
	records = json.load(fileobj)
	for record in records if isinstance(records, list) else [records]:
		yield from _record_messages(record)


def _record_messages(record: dict) -> Extracted:
	doctype = record.get("doctype")
	if doctype == "Workflow":
		yield from _messages([s.get("state") for s in record.get("states") or []], "Workflow state")
		yield from _messages([t.get("action") for t in record.get("transitions") or []], "Workflow action")
	elif doctype == "Workflow State":
		yield from _messages([record.get("workflow_state_name")], "Workflow state")
	elif doctype == "Workflow Action Master":
		yield from _messages([record.get("workflow_action_name")], "Workflow action")
	elif doctype == "Custom Field":
		yield from _messages([record.get("label"), record.get("description")], "Custom field")


def extract_notification(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for a Notification JSON: ``_()`` in its subject and message."""
	data = _json(fileobj)
	if data.get("doctype") == "Notification":
		yield from _from_template(data.get("subject"))
		yield from _from_template(data.get("message"))


def extract_modules(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for ``modules.txt``: the module names (the desk shows them)."""
	lines = fileobj.read().decode("utf-8").splitlines()
	yield from _messages([line.strip() for line in lines], "Name of a module")


def extract_python_with_enums(fileobj, keywords, comment_tags, options) -> Extracted:
	"""Babel extractor for a rules module: Frappe's Python extraction of ``_()``, plus the
	values of its ``str`` enums, which the controllers show translated as
	``_(member.value)``."""
	from frappe.gettext.extractors.python import extract as frappe_extract

	source = fileobj.read()
	fileobj.seek(0)
	yield from frappe_extract(fileobj, keywords, comment_tags, options)
	for node in ast.walk(ast.parse(source.decode("utf-8"))):
		if not isinstance(node, ast.ClassDef):
			continue
		bases = {getattr(base, "id", getattr(base, "attr", None)) for base in node.bases}
		if not {"str", "Enum"} <= bases:
			continue
		for item in node.body:
			if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
				if isinstance(item.value.value, str) and is_translatable(item.value.value):
					yield item.lineno, "_", item.value.value, [f"Value of {node.name}"]


def _from_template(text: str | None) -> Extracted:
	"""``_()`` calls in a Jinja string, found as Frappe's HTML extractor finds them."""
	if not text:
		return
	from frappe.gettext.extractors.utils import extract_messages_from_code

	for lineno, message, context in extract_messages_from_code(text):
		if context:
			yield lineno, "pgettext", (context, message), []
		else:
			yield lineno, "_", message, []


# ----------------------------------------------------------------------------- catalogs


def extract_messages(app: str = APP, comments: dict | None = None) -> dict[tuple[str, str | None], list[str]]:
	"""Every translatable string in the app's files, as ``bench generate-pot-file`` finds them.

	Runs Frappe's ``generate_pot`` loop (the app's ``babel_extractors.csv`` first, then
	Frappe's defaults; the keywords of ``_``, ``__`` and ``_lt``) without writing a file,
	skipping hidden, ``_``-prefixed and git-ignored folders as Frappe does.

	Args:
	    app: the app name.
	    comments: when given, filled with {(msgid, context): [extractor comment, ...]}
	        (what the string is: "Label of a Data field in DocType 'Child'").

	Returns:
	    {(msgid, context or None): ["path:line", ...]}.
	"""
	from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
	from frappe.gettext.translate import get_method_map

	app_path = frappe.get_pymodule_path(app, "..")
	is_ignored = _gitignore_filter(app)

	def directory_filter(dirpath) -> bool:
		name = os.path.basename(dirpath)
		return not (name.startswith((".", "_")) or is_ignored(str(dirpath)))

	keywords = DEFAULT_KEYWORDS.copy()
	keywords["_lt"] = None
	method_map = get_method_map(app) + get_method_map("frappe")
	messages: dict[tuple[str, str | None], list[str]] = {}
	for filename, lineno, message, notes, context in extract_from_dir(
		app_path, method_map, directory_filter=directory_filter, keywords=keywords
	):
		if not message or not is_translatable(message):
			continue
		messages.setdefault((message, context), []).append(f"{filename}:{lineno or 0}")
		if comments is not None:
			known = comments.setdefault((message, context), [])
			known.extend(note for note in notes if note not in known)
	return messages


def _gitignore_filter(app: str):
	"""Frappe's git-ignore test for the app's folders; a fixed list when git is unusable."""
	try:
		from frappe.gettext.translate import get_is_gitignored_function_for_app

		return get_is_gitignored_function_for_app(app)
	except Exception:
		ignored = {"node_modules", "test-results", "build", "dist", "sites"}
		return lambda path: os.path.basename(path.rstrip("/")) in ignored


def site_messages(app: str = APP, comments: dict | None = None) -> dict[tuple[str, str | None], list[str]]:
	"""Strings the site shows from records the app makes in code rather than ships as
	files: the states and actions of workflows on the app's DocTypes, and the names and
	sources of the default Visit Duties.

	Args:
	    app: the app name.
	    comments: as for :func:`extract_messages`.

	Returns:
	    {(msgid, None): ["workflow/<name>"]}.
	"""
	doctypes = frappe.get_all("DocType", filters={"module": ["in", _modules(app)]}, pluck="name")
	messages: dict[tuple[str, str | None], list[str]] = {}
	for workflow in frappe.get_all("Workflow", filters={"document_type": ["in", doctypes]}, pluck="name"):
		doc = frappe.get_doc("Workflow", workflow)
		texts = [(row.state, "State") for row in doc.states] + [
			(row.action, "Action") for row in doc.transitions
		]
		for text, kind in texts:
			if not is_translatable(text):
				continue
			messages.setdefault((text, None), []).append(f"workflow/{workflow.replace(' ', '_')}")
			if comments is not None:
				note = f"{kind} of the {workflow} workflow (made in code, read from the site)"
				known = comments.setdefault((text, None), [])
				if note not in known:
					known.append(note)
	from left_behind_care.care_setup import DEFAULT_DUTIES

	# the default Visit Duties are records (Visit Duty is a translated DocType: its names
	# show translated in links, ToDos and the child's duty table)
	for name, source, *_rest in DEFAULT_DUTIES:
		for text in (name, source):
			messages.setdefault((text, None), []).append("left_behind_care/care_setup.py")
			if comments is not None:
				note = "A default Visit Duty (care_setup.DEFAULT_DUTIES)"
				known = comments.setdefault((text, None), [])
				if note not in known:
					known.append(note)
	return messages


def _modules(app: str) -> list[str]:
	return frappe.get_module_list(app) or [MODULE]


def all_messages(app: str = APP, comments: dict | None = None) -> dict[tuple[str, str | None], list[str]]:
	""":func:`extract_messages` and :func:`site_messages` together."""
	messages = extract_messages(app, comments)
	for key, locations in site_messages(app, comments).items():
		messages.setdefault(key, []).extend(locations)
	return messages


def po_path(app: str = APP, locale: str = LOCALE) -> Path:
	"""``<app>/locale/<locale>.po``."""
	from frappe.gettext.translate import get_po_path

	return get_po_path(app, locale)


def read_catalog(app: str = APP, locale: str = LOCALE):
	"""The app's babel Catalog for a locale (the pot for ``locale=None``)."""
	from frappe.gettext.translate import get_catalog

	return get_catalog(app, locale)


def untranslated(
	messages: dict[tuple[str, str | None], list[str]], app: str = APP, locale: str = LOCALE
) -> list[tuple[str, str | None]]:
	"""The messages without a translation in the app's ``<locale>.po``.

	A message with a context is translated by an entry with that context or, as Frappe
	falls back at run time, by one without.

	Args:
	    messages: {(msgid, context): locations}, as :func:`all_messages` returns.

	Returns:
	    sorted list of (msgid, context) without a non-empty msgstr.
	"""
	catalog = read_catalog(app, locale)
	missing = []
	for msgid, context in messages:
		entry = catalog.get(msgid, context) or (catalog.get(msgid) if context else None)
		if entry is None or not entry.string or entry.fuzzy:
			missing.append((msgid, context))
	return sorted(missing, key=lambda key: (key[0], key[1] or ""))


def placeholder_mismatches(app: str = APP, locale: str = LOCALE) -> list[str]:
	"""msgids whose translation does not use the same set of ``{0}``-style placeholders
	(``.format`` would then fail or drop a value; repeating one is fine)."""
	catalog = read_catalog(app, locale)
	return sorted(
		message.id
		for message in catalog
		if message.id
		and message.string
		and set(_PLACEHOLDER.findall(message.id)) != set(_PLACEHOLDER.findall(message.string))
	)


def update_catalogs(app: str = APP, locale: str = LOCALE) -> dict:
	"""Rewrite ``main.pot`` from :func:`all_messages` and bring ``<locale>.po`` in line:
	new strings are added untranslated, strings no longer used are dropped, existing
	translations are kept.

	Args:
	    app: the app name.
	    locale: the locale of the po file.

	Returns:
	    dict(messages=int, translated=int, missing=[msgid, ...]).
	"""
	from frappe.gettext.translate import new_catalog, write_catalog

	comments: dict = {}
	messages = all_messages(app, comments)
	pot = new_catalog(app)
	for (msgid, context), locations in sorted(
		messages.items(), key=lambda item: (item[0][0], item[0][1] or "")
	):
		pot.add(
			msgid,
			locations=[_location(loc) for loc in locations],
			auto_comments=comments.get((msgid, context), []),
			context=context,
		)
	write_catalog(app, pot)

	po = read_catalog(app, locale)
	po.locale = locale
	po.update(pot, no_fuzzy_matching=True)
	write_catalog(app, po, locale)
	missing = untranslated(messages, app, locale)
	return {"messages": len(messages), "translated": len(messages) - len(missing), "missing": missing}


def _location(location: str) -> tuple[str, int | None]:
	path, _sep, line = location.rpartition(":")
	if not path or not line.isdigit():
		return location, None
	return path, int(line) or None


def compile_catalog(app: str = APP, locale: str = LOCALE) -> str:
	"""Compile ``<locale>.po`` to the ``.mo`` Frappe reads and drop cached translations.

	Returns:
	    the path of the ``.mo`` file.
	"""
	from frappe.gettext.translate import write_binary
	from frappe.translate import clear_cache

	mo_path = write_binary(app, read_catalog(app, locale), locale)
	clear_cache()
	return str(mo_path)


def ensure_compiled(app: str = APP, locale: str = LOCALE) -> None:
	"""Compile the catalog when its ``.mo`` is missing or older than the ``.po``
	(``after_migrate``: a pulled translation shows without ``bench build``)."""
	from frappe.gettext.translate import get_mo_path

	po, mo = po_path(app, locale), get_mo_path(app, locale)
	if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
		compile_catalog(app, locale)


def has_chinese(text: str | None) -> bool:
	"""Whether a string contains a Han character."""
	return bool(text and _CJK.search(text))


@contextmanager
def language_of(user: str | None) -> Iterator[str]:
	"""Translate ``_()`` in ``user``'s language inside the block, then restore the previous one.

	Background jobs and the scheduler translate in the site config's ``lang`` (English
	unless set), not in the language of the officer who reads the text. Frappe's own
	Data Import and Event reminders set the user's language the same way
	(``frappe.translate.get_user_lang``: User.language, else the site's default).

	Args:
	    user: a User id; None keeps the current language.

	Yields:
	    the language code in force inside the block (e.g. "zh").
	"""
	from frappe.translate import get_user_lang

	previous = getattr(frappe.local, "lang", None)
	if user:
		frappe.local.lang = get_user_lang(user)
	try:
		yield frappe.local.lang
	finally:
		frappe.local.lang = previous
