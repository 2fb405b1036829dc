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
				return frappe.get_doc(
					{
						"doctype": "Child",
						"child_name": name,
						"village": village,
						"id_number": number,
						"parents": parent_rows("Away for Work (Out of Province)", "Away for Work (In Province)"),
					}
				).insert(ignore_permissions=True).name

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
