"""ERPNext's own screens and files, used by an ordinary ERPNext user, beside the app.

Organisations that run ERPNext add the app to their site: nothing of ERPNext may change.
Each test does what an accounts and sales clerk does every day (open a form in the desk,
attach and list files, read a prepared report, make and submit a Sales Invoice) as a user
with ERPNext's roles only, and compares what comes back with what Frappe's own code, with
none of the app's hooks and overrides, gives the same user.

Not named ``test_*``: it needs a site with ERPNext, which ``run-tests --app`` on a plain
site does not have. ``bin/lbc-test`` runs it on its ERPNext site of every bench that has
ERPNext; by hand::

    bench --site SITE run-tests --app left_behind_care --module left_behind_care.tests.erpnext_coexistence
"""

from __future__ import annotations

import contextlib
from unittest.mock import patch

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care.overrides import FRAPPE_CHANGES, frappe_handler
from left_behind_care.testing import BaseTestCase
from left_behind_care.utils import insert_desk_user

CLERK = "lbc-erpnext-clerk@example.com"
OTHER_CLERK = "lbc-erpnext-clerk2@example.com"
CLERK_ROLES = ("Accounts User", "Sales User", "Purchase User", "Stock User")


@contextlib.contextmanager
def without_the_app():
	"""Frappe as it would run if the app were not installed: none of its hooks (the
	``has_permission`` / ``permission_query_conditions`` / ``doc_events`` … entries of
	``left_behind_care``) and none of its endpoint overrides."""
	original = frappe.get_hooks

	def get_hooks(hook=None, default=None, app_name=None):
		hooks = original(hook, default, app_name)
		return _drop_app(hooks)

	with patch("frappe.get_hooks", get_hooks), patch("frappe.permissions.frappe.get_hooks", get_hooks):
		frappe.flags.lbc_scope_cache = None
		try:
			yield
		finally:
			frappe.flags.lbc_scope_cache = None


def _drop_app(value):
	if isinstance(value, str):
		return None if value.startswith("left_behind_care.") else value
	if isinstance(value, list):
		return [item for item in (_drop_app(v) for v in value) if item is not None]
	if isinstance(value, dict):
		kept = {key: _drop_app(v) for key, v in value.items()}
		return frappe._dict({key: v for key, v in kept.items() if v not in (None, [], {})})
	return value


def call_endpoint(path: str, method: str = "POST", **form):
	"""Call a whitelisted method as the desk does (``frappe.handler.execute_cmd``: the
	installed apps' overrides apply, the HTTP method is checked), in a request of the
	session user, with a fresh ``frappe.response``."""
	from frappe import handler
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	previous = getattr(frappe.local, "request", None)
	frappe.local.request = Request(EnvironBuilder(method=method, path=f"/api/method/{path}").get_environ())
	frappe.local.form_dict = frappe._dict(form)
	frappe.local.response = frappe._dict(docs=[])
	try:
		result = handler.execute_cmd(path)
	finally:
		if previous is None:
			del frappe.local.request
		else:
			frappe.local.request = previous
	return result, frappe.local.response


class TestBesideERPNext(BaseTestCase):
	"""An ordinary ERPNext user's day, with and without the app."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if "erpnext" not in frappe.get_installed_apps():
			raise RuntimeError("erpnext_coexistence needs a site with ERPNext installed")
		frappe.set_user("Administrator")
		cls.company = _company()
		for user in (CLERK, OTHER_CLERK):
			if not frappe.db.exists("User", user):
				insert_desk_user(user, first_name="ERPNext clerk", roles=list(CLERK_ROLES))
		cls.customer = _customer()
		cls.item = _item()
		frappe.db.commit()

	def setUp(self):
		frappe.set_user(CLERK)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	# ------------------------------------------------------------------ the desk form

	def test_sales_invoice_form_opens_as_without_the_app(self):
		invoice = self.make_invoice()
		_result, response = call_endpoint(
			"frappe.desk.form.load.getdoc", doctype="Sales Invoice", name=invoice.name
		)
		self.assertEqual(response.docs[0].name, invoice.name)
		with without_the_app():
			_result, plain = call_endpoint(
				"frappe.desk.form.load.getdoc", doctype="Sales Invoice", name=invoice.name
			)
		self.assertEqual(_comparable(response.docs), _comparable(plain.docs))
		self.assertEqual(sorted(response.get("docinfo", {})), sorted(plain.get("docinfo", {})))
		_result, docinfo = call_endpoint(
			"frappe.desk.form.load.get_docinfo", doctype="Sales Invoice", name=invoice.name
		)
		self.assertEqual(docinfo.docinfo.name if "name" in docinfo.docinfo else invoice.name, invoice.name)

	def test_forms_of_erpnext_masters_open(self):
		for doctype, name in (("Customer", self.customer), ("Item", self.item), ("Company", self.company)):
			_result, response = call_endpoint("frappe.desk.form.load.getdoc", doctype=doctype, name=name)
			self.assertEqual(response.docs[0].name, name, doctype)

	def test_another_clerks_form_is_refused_as_without_the_app(self):
		frappe.set_user("Administrator")
		note = frappe.get_doc(
			{"doctype": "ToDo", "description": "clerk 2's note", "allocated_to": OTHER_CLERK}
		)
		note.insert()
		frappe.set_user(CLERK)
		outcomes = []
		for context in (contextlib.nullcontext(), without_the_app()):
			with context:
				try:
					call_endpoint("frappe.desk.form.load.getdoc", doctype="ToDo", name=note.name)
					outcomes.append("opened")
				except frappe.PermissionError:
					outcomes.append("refused")
				frappe.clear_messages()
		self.assertEqual(outcomes[0], outcomes[1])

	# ------------------------------------------------------------------ files

	def test_attach_a_file_to_a_sales_invoice_and_read_list_count_it(self):
		invoice = self.make_invoice()
		attached = attach("回单.txt", b"delivery receipt", invoice)
		self.assertTrue(frappe.has_permission("File", "read", doc=attached))
		self.assertEqual(attached.get_content(), b"delivery receipt")
		listed = frappe.get_list("File", filters={"attached_to_name": invoice.name}, pluck="name")
		self.assertEqual(listed, [attached.name])
		counted, _response = call_endpoint(
			"frappe.client.get_count", doctype="File", filters={"attached_to_name": invoice.name}
		)
		everything, _response = call_endpoint("frappe.client.get_count", doctype="File")
		with without_the_app():
			self.assertTrue(frappe.has_permission("File", "read", doc=attached))
			self.assertEqual(
				frappe.get_list("File", filters={"attached_to_name": invoice.name}, pluck="name"), listed
			)
			plain, _response = call_endpoint(
				"frappe.client.get_count", doctype="File", filters={"attached_to_name": invoice.name}
			)
			plain_everything, _response = call_endpoint("frappe.client.get_count", doctype="File")
		self.assertEqual(counted, plain)
		self.assertEqual(counted, 1)
		self.assertEqual(everything, plain_everything)

	def test_file_permissions_answer_as_without_the_app(self):
		invoice = self.make_invoice()
		mine = attach("mine.txt", b"mine", invoice)
		frappe.set_user("Administrator")
		private = frappe.get_doc(
			{"doctype": "File", "file_name": "admin-only.txt", "content": b"admin", "is_private": 1}
		).insert()
		frappe.set_user(CLERK)
		for ptype in ("read", "write", "delete", "share"):
			for doc in (mine, private):
				with_app = frappe.has_permission("File", ptype, doc=doc)
				with without_the_app():
					plain = frappe.has_permission("File", ptype, doc=doc)
				self.assertEqual(bool(with_app), bool(plain), (ptype, doc.file_name))

	def test_attach_fields_of_erpnext_records_are_frappes_business(self):
		"""A Customer's image naming another user's private file: whatever Frappe does
		with it, it does the same beside the app (the app checks only its own files)."""
		frappe.set_user("Administrator")
		private = frappe.get_doc(
			{"doctype": "File", "file_name": "admin-logo.png", "content": b"\x89PNG admin", "is_private": 1}
		).insert()
		frappe.db.commit()
		frappe.set_user(CLERK)

		def save(name):
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": name,
					"customer_type": "Company",
					"image": private.file_url,
				}
			)
			return outcome(lambda: bool(customer.insert().name))

		with_app = save("图片客户甲")
		with without_the_app():
			plain = save("图片客户乙")
		try:
			self.assertEqual(with_app, plain)
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
			frappe.delete_doc("File", private.name, force=True)
			frappe.db.commit()

	# ------------------------------------------------------------------ prepared reports

	def test_prepared_report_of_erpnext_reads_as_without_the_app(self):
		from frappe.core.doctype.prepared_report.prepared_report import generate_report

		self.make_invoice(submit=True)
		filters = {
			"company": self.company,
			"report_date": nowdate(),
			"ageing_based_on": "Due Date",
			"range": "30, 60, 90, 120",
		}
		prepared = frappe.get_doc(
			{
				"doctype": "Prepared Report",
				"report_name": "Accounts Receivable",
				"filters": frappe.as_json(filters),
			}
		)
		# as Frappe's own make_prepared_report / background_enqueue_run insert it; the job
		# that would run in a worker runs here
		with patch("frappe.core.doctype.prepared_report.prepared_report.enqueue"):
			prepared.insert(ignore_permissions=True)
		generate_report(prepared.name)
		prepared.reload()
		self.assertEqual(prepared.status, "Completed", prepared.get("error_message"))

		def answers():
			return {
				"data": outcome(lambda: frappe.get_doc("Prepared Report", prepared.name).get_prepared_data()),
				"may_read": frappe.has_permission("Prepared Report", "read", doc=prepared.name),
				"listed": outcome(lambda: frappe.get_list("Prepared Report", pluck="name")),
				"counted": outcome(
					lambda: call_endpoint("frappe.client.get_count", doctype="Prepared Report")[0]
				),
			}

		with_app = answers()
		with without_the_app():
			plain = answers()
		self.assertEqual(with_app, plain)
		self.assertIsInstance(with_app["data"], bytes)  # its owner reads the result
		# the desk opens the result through query_report.run, naming the prepared report
		run_filters = frappe.as_json({**filters, "prepared_report_name": prepared.name})
		shown, _response = call_endpoint(
			"frappe.desk.query_report.run", report_name="Accounts Receivable", filters=run_filters
		)
		with without_the_app():
			plain_shown, _response = call_endpoint(
				"frappe.desk.query_report.run", report_name="Accounts Receivable", filters=run_filters
			)
		self.assertEqual(frappe.as_json(shown.get("result")), frappe.as_json(plain_shown.get("result")))
		self.assertTrue(shown.get("result"))

	# ------------------------------------------------------------------ the daily work

	def test_create_and_submit_a_sales_invoice(self):
		invoice = self.make_invoice(submit=True)
		self.assertEqual(invoice.docstatus, 1)
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount"), 100)
		listed = frappe.get_list("Sales Invoice", filters={"customer": self.customer}, pluck="name")
		self.assertIn(invoice.name, listed)
		count, _response = call_endpoint(
			"frappe.client.get_count", doctype="Sales Invoice", filters={"customer": self.customer}
		)
		with without_the_app():
			plain, _response = call_endpoint(
				"frappe.client.get_count", doctype="Sales Invoice", filters={"customer": self.customer}
			)
		self.assertEqual(count, plain)

	def test_link_title_and_validation_of_erpnext_records(self):
		for path, form in (
			("frappe.desk.search.get_link_title", {"doctype": "Customer", "docname": self.customer}),
			("frappe.client.validate_link", {"doctype": "Customer", "docname": self.customer}),
			("frappe.desk.search.search_link", {"doctype": "Customer", "txt": self.customer[:4]}),
		):
			result, response = call_endpoint(path, **form)
			with without_the_app():
				plain, plain_response = call_endpoint(path, **form)
			self.assertEqual(result, plain, path)
			self.assertEqual(response.get("results"), plain_response.get("results"), path)

	def test_every_override_hands_erpnext_to_frappe(self):
		"""Each endpoint the app overrides resolves, for ERPNext's records, to Frappe's own
		function of this Frappe version (another app's, where one overrides it first)."""
		for change in FRAPPE_CHANGES:
			if change.hook != "override_whitelisted_methods":
				continue
			handler = frappe_handler(change.target)
			self.assertFalse(handler.__module__.startswith("left_behind_care"), change.target)
			self.assertEqual(frappe.get_attr(change.target), handler, change.target)

	# ------------------------------------------------------------------ helpers

	def make_invoice(self, submit: bool = False):
		invoice = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"company": self.company,
				"customer": self.customer,
				"posting_date": nowdate(),
				"due_date": add_days(nowdate(), 30),
				"items": [{"item_code": self.item, "qty": 1, "rate": 100}],
			}
		)
		invoice.insert()
		if submit:
			invoice.submit()
		return invoice


def attach(file_name: str, content: bytes, doc):
	"""The session user uploads a private file attached to ``doc``."""
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": content,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"is_private": 1,
		}
	).insert()


def outcome(fn):
	"""What ``fn()`` gives, or ``"refused"`` when it raises frappe.PermissionError."""
	try:
		return fn()
	except frappe.PermissionError:
		frappe.clear_messages()
		return "refused"


def _comparable(docs) -> list:
	"""Documents as plain dicts, without values that differ between two loads."""
	rows = []
	for doc in docs or []:
		row = dict(doc.as_dict() if hasattr(doc, "as_dict") else doc)
		for key in ("__onload", "__last_sync_on"):
			row.pop(key, None)
		rows.append(frappe.as_json(row, indent=None))
	return rows


def _company() -> str:
	company = frappe.db.get_single_value("Global Defaults", "default_company") or frappe.db.get_value(
		"Company", {}, "name"
	)
	if not company:
		raise RuntimeError("the ERPNext site has no company: its setup wizard was not completed")
	return company


def _customer() -> str:
	name = frappe.db.get_value("Customer", {"customer_name": "共享测试客户"})
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": "共享测试客户",
				"customer_type": "Company",
				"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
				"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			}
		)
		.insert()
		.name
	)


def _item() -> str:
	if frappe.db.exists("Item", "LBC-COEXIST-SERVICE"):
		return "LBC-COEXIST-SERVICE"
	return (
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": "LBC-COEXIST-SERVICE",
				"item_name": "Consulting",
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		)
		.insert()
		.name
	)
