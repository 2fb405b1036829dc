# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Two officers at once: never a silent overwrite, never two files for one child."""

from __future__ import annotations

import threading

import frappe
from frappe.utils import getdate

from left_behind_care.testing import LBCTestCase, make_child, make_id_number, parent_rows


def run_in_threads(functions):
	"""Run each function in its own thread with its own site connection, all released together.

	Returns:
	    list of (result, exception) in the order given; each thread commits on success.
	"""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(len(functions))
	outcomes = [None] * len(functions)

	def worker(index, fn):
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			barrier.wait(timeout=30)
			result = fn()
			frappe.db.commit()
			outcomes[index] = (result, None)
		except Exception as exc:
			frappe.db.rollback()
			outcomes[index] = (None, exc)
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(functions)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	return outcomes


class TestConcurrency(LBCTestCase):
	def test_second_save_of_a_stale_child_is_refused(self):
		child = make_child()
		first = frappe.get_doc("Child", child.name)
		second = frappe.get_doc("Child", child.name)
		first.school = "红山小学"
		first.save(ignore_permissions=True)
		second.school = "双龙镇中学"
		with self.assertRaises(frappe.TimestampMismatchError):
			second.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Child", child.name, "school"), "红山小学")

	def test_same_identity_number_entered_twice_at_once_gives_one_child(self):
		village = frappe.db.get_value("Administrative Area", {"area_name": "东二村"})
		number = make_id_number(getdate("2013-04-05"), "Male")

		def register(name):
			def fn():
				return (
					frappe.get_doc(
						{
							"doctype": "Child",
							"child_name": name,
							"village": village,
							"id_number": number,
							"parents": parent_rows(
								"Away for Work (Out of Province)", "Away for Work (In Province)"
							),
						}
					)
					.insert(ignore_permissions=True)
					.name
				)

			return fn

		frappe.db.commit()
		try:
			outcomes = run_in_threads([register("并发甲"), register("并发乙")])
			winners = [r for r, e in outcomes if e is None]
			losers = [e for r, e in outcomes if e is not None]
			self.assertEqual(len(winners), 1, outcomes)
			self.assertEqual(len(losers), 1, outcomes)
			self.assertIsInstance(losers[0], frappe.ValidationError)
			self.assertIn(number, str(losers[0]) + frappe.as_json(frappe.local.message_log))
			self.assertEqual(frappe.db.count("Child", {"id_number": number}), 1)
		finally:
			for name in frappe.get_all("Child", filters={"id_number": number}, pluck="name"):
				frappe.db.delete("Child Status Log", {"child": name})
				frappe.delete_doc("Child", name, ignore_permissions=True)
			frappe.db.commit()

	def test_same_identity_number_from_a_form_and_an_import_at_once_gives_one_child(self):
		"""An officer registers a child in the form while a ledger with the same identity
		number is imported: one child; the import either created it or updated the one the
		form made, and a refused form gets a message naming the number."""
		from left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import import run_import
		from left_behind_care.left_behind_care.doctype.lbc_ledger_import.test_lbc_ledger_import import (
			build_workbook,
			cleanup_committed,
			ledger_row,
			make_import,
			make_ledger_areas,
		)

		areas = make_ledger_areas()
		number = make_id_number(getdate("2014-06-07"), "Female")
		ledger = make_import(
			build_workbook(
				[
					ledger_row(
						child_name="并发台账",
						id_number=number,
						gender="Female",
						birth_date=getdate("2014-06-07"),
					)
				]
			),
			"concurrent-form.xlsx",
			area=areas["青山村"],
		).name
		frappe.db.commit()

		def form():
			return (
				frappe.get_doc(
					{
						"doctype": "Child",
						"child_name": "并发表单",
						"village": areas["青山村"],
						"id_number": number,
						"parents": parent_rows(
							"Away for Work (Out of Province)", "Away for Work (In Province)"
						),
					}
				)
				.insert(ignore_permissions=True)
				.name
			)

		try:
			for _round in range(3):  # the race goes either way; each round must hold
				outcomes = run_in_threads([form, lambda: run_import(ledger, commit=True, publish=False)])
				(_form_name, form_error), (result, import_error) = outcomes
				self.assertIsNone(import_error, import_error)
				self.assertEqual(frappe.db.count("Child", {"id_number": number}), 1, outcomes)
				if form_error is not None:
					self.assertIsInstance(form_error, frappe.ValidationError)
					self.assertIn(number, str(form_error) + frappe.as_json(frappe.local.message_log))
				else:
					self.assertEqual(result["Error"], 0, result)
				log = frappe.get_all(
					"LBC Ledger Import Log", filters={"ledger_import": ledger}, fields=["outcome", "message"]
				)
				self.assertEqual(len(log), 1)
				self.assertIn(log[0].outcome, ("Created", "Updated", "Unchanged"), log)
				cleanup_children(number)
		finally:
			cleanup_committed([number], [ledger])


def cleanup_children(number: str) -> None:
	"""Delete the children (and what hangs on them) with an identity number, committed."""
	frappe.db.rollback()
	for child in frappe.get_all("Child", filters={"id_number": number}, fields=["name", "guardian"]):
		for doctype in ("Child Status Log", "Mentor Assignment", "Home Visit"):
			frappe.db.delete(doctype, {"child": child.name})
		frappe.delete_doc("Child", child.name, ignore_permissions=True, force=True)
		if child.guardian and not frappe.db.exists("Child", {"guardian": child.guardian}):
			frappe.delete_doc("Guardian", child.guardian, ignore_permissions=True, force=True)
	frappe.db.commit()
