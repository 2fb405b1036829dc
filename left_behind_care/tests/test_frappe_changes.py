"""What the app changes in Frappe's behaviour is listed, and nothing else changes.

``left_behind_care.overrides.FRAPPE_CHANGES`` is the one list of everything the app
does to Frappe's own DocTypes, endpoints and requests. These tests fail when
``hooks.py`` touches something of Frappe's that the list does not name (or the list
names what is no longer done), and check on the running Frappe version (v15 or v16)
that the overrides hand what is not the app's business to Frappe unchanged.
"""

from __future__ import annotations

import frappe

from left_behind_care import compat
from left_behind_care.overrides import FRAPPE_CHANGES, frappe_handler, hand_over
from left_behind_care.permissions import app_doctypes
from left_behind_care.testing import LBCTestCase, make_user

APP = "left_behind_care"
# hooks whose every entry changes Frappe's behaviour beyond the app's own records
GLOBAL_HOOKS = ("auth_hooks", "after_request", "before_request", "before_job", "extend_bootinfo")
# hooks keyed by DocType: an entry for a DocType that is not the app's is a change
DOCTYPE_HOOKS = ("has_permission", "permission_query_conditions", "doc_events")


def registered_changes() -> set[tuple[str, str, str]]:
	"""(hook, target, handler) of every entry of the app's hooks that reaches beyond the
	app's own DocTypes."""
	hooks = frappe.get_hooks(app_name=APP)
	ours = app_doctypes()
	found = set()
	for path, handlers in hooks.get("override_whitelisted_methods", {}).items():
		for handler in handlers:
			found.add(("override_whitelisted_methods", path, handler))
	for doctype, handlers in hooks.get("override_doctype_class", {}).items():
		for handler in handlers:
			found.add(("override_doctype_class", doctype, handler))
	for hook in DOCTYPE_HOOKS:
		for doctype, value in hooks.get(hook, {}).items():
			if doctype in ours:
				continue
			if hook == "doc_events":
				for handlers in value.values():
					for handler in handlers if isinstance(handlers, list) else [handlers]:
						found.add((hook, doctype, handler))
			else:
				for handler in value:
					found.add((hook, doctype, handler))
	for hook in GLOBAL_HOOKS:
		for handler in hooks.get(hook, []):
			found.add((hook, "", handler))
	return found


def listed_changes() -> set[tuple[str, str, str]]:
	return {
		(change.hook, "" if change.hook in GLOBAL_HOOKS else change.target, change.handler)
		for change in FRAPPE_CHANGES
	}


class TestFrappeChanges(LBCTestCase):
	def test_every_change_to_frappe_is_listed_with_its_reason(self):
		registered = registered_changes()
		listed = listed_changes()
		# User Permission's doc_events: the validation is listed; the default area and the
		# scope cache ride on the same entry
		user_permission = {c for c in registered if c[:2] == ("doc_events", "User Permission")}
		self.assertIn(
			("doc_events", "User Permission", "left_behind_care.permissions.validate_user_permission"),
			user_permission,
		)
		unlisted = registered - listed - user_permission
		self.assertFalse(unlisted, f"hooks.py changes Frappe here without a FRAPPE_CHANGES entry: {unlisted}")
		stale = listed - registered
		self.assertFalse(stale, f"FRAPPE_CHANGES names changes hooks.py no longer makes: {stale}")
		for change in FRAPPE_CHANGES:
			self.assertTrue(change.reason and len(change.reason) > 40, change)
			frappe.get_attr(change.handler)  # each handler exists

	def test_overrides_answer_the_requests_frappe_answers(self):
		for change in FRAPPE_CHANGES:
			if change.hook != "override_whitelisted_methods":
				continue
			ours = frappe.get_attr(change.handler)
			theirs = frappe_handler(change.target)
			self.assertIn(ours, frappe.whitelisted, change.handler)
			self.assertEqual(
				frappe.allowed_http_methods_for_whitelisted_func.get(ours),
				frappe.allowed_http_methods_for_whitelisted_func.get(theirs),
				change.target,
			)
			self.assertEqual(ours in frappe.guest_methods, theirs in frappe.guest_methods, change.target)

	def test_frappe_handler_is_frappes_own_function_of_this_version(self):
		from frappe.desk.form import load

		self.assertIs(frappe_handler("frappe.desk.form.load.getdoc"), load.getdoc)
		# v15's getdoc takes a user, v16's does not: the client's argument is passed or
		# dropped as Frappe itself would
		todo = frappe.get_doc({"doctype": "ToDo", "description": "a note"}).insert()
		frappe.local.response = frappe._dict(docs=[])
		hand_over("frappe.desk.form.load.getdoc", doctype="ToDo", name=todo.name, user="Guest")
		self.assertEqual(frappe.local.response.docs[0].name, todo.name)

	def test_no_objection_is_what_this_frappe_reads_as_no_objection(self):
		self.assertEqual(compat.NO_OBJECTION, True if compat.FRAPPE_MAJOR >= 16 else None)
		user = make_user("lbc-changes-plain@example.com", roles=[])
		frappe.set_user(user)
		note = frappe.get_doc(
			{"doctype": "File", "file_name": "note.txt", "content": b"note", "is_private": 1}
		).insert()
		# the app's File hook has nothing against the owner's own upload: readable
		self.assertTrue(frappe.has_permission("File", "read", doc=note))
		self.assertEqual(frappe.get_list("File", filters={"name": note.name}, pluck="name"), [note.name])

	def test_count_with_permissions_counts_as_frappes_list(self):
		frappe.get_doc({"doctype": "ToDo", "description": "count me"}).insert()
		frappe.get_doc({"doctype": "ToDo", "description": "count me too"}).insert()
		filters = {"description": ["like", "count me%"]}
		self.assertEqual(compat.count_with_permissions("ToDo", filters), 2)
		self.assertEqual(compat.count_with_permissions("ToDo", [["ToDo", "description", "=", "count me"]]), 1)
		self.assertEqual(compat.count_with_permissions("ToDo", {"description": "nothing"}), 0)
