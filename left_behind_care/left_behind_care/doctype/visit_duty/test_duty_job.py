# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The daily visit-duty job: due dates on the child and the mentor's list, ToDos, escalation
to the village child director and then the township, the mentor gap, bounded queries."""

import datetime
from unittest.mock import patch

import frappe

from left_behind_care import care
from left_behind_care.care_setup import DEFAULT_DUTIES, ensure_default_duties
from left_behind_care.left_behind_care.doctype.visit_duty.test_visit_duty import MENTOR, make_week
from left_behind_care.tasks import reevaluate_children
from left_behind_care.testing import LBCTestCase, make_child, make_user

D = datetime.date
DIRECTOR_EAST = "lbc-care-director-e1@example.com"
DIRECTOR_WEST = "lbc-care-director-w1@example.com"
TOWNSHIP_EAST = "lbc-care-township-east@example.com"
TOWNSHIP_WEST = "lbc-care-township-west@example.com"


def notifications(user, subject_like):
	return frappe.get_all(
		"Notification Log", filters={"for_user": user, "subject": ("like", f"%{subject_like}%")}, pluck="name"
	)


def mentor_todos(pairing, status="Open"):
	return frappe.get_all(
		"ToDo",
		filters={
			"reference_type": "Mentor Assignment",
			"reference_name": pairing,
			"allocated_to": MENTOR,
			"status": status,
		},
		fields=["name", "date", "description", "priority"],
	)


class TestDutyJob(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MENTOR, ["School Mentor"])
		make_user(DIRECTOR_EAST, ["Village Child Director"], ["东一村"])
		make_user(DIRECTOR_WEST, ["Village Child Director"], ["西一村"])
		make_user(TOWNSHIP_EAST, ["Township Officer"], ["东乡镇"])
		make_user(TOWNSHIP_WEST, ["Township Officer"], ["西乡镇"])
		ensure_default_duties()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		# only the shipped defaults, whatever else a developer's site holds
		defaults = [name for name, *_rest in DEFAULT_DUTIES]
		frappe.db.set_value("Visit Duty", {"name": ("not in", defaults)}, "enabled", 0)
		frappe.db.set_value("Visit Duty", {"name": ("in", defaults)}, "enabled", 1)

	def run_job(self, on):
		return care.run_visit_duties(on=on, commit=False)

	def test_due_dates_on_the_child_and_the_mentors_list(self):
		child, pairing = make_week(self)
		self.run_job("2026-11-08")
		values = frappe.db.get_value(
			"Child",
			child.name,
			["next_visit_due", "visit_overdue_days", "has_active_mentor", "visit_escalation"],
			as_dict=True,
		)
		self.assertEqual(
			(
				values.next_visit_due,
				values.visit_overdue_days,
				values.has_active_mentor,
				values.visit_escalation or "",
			),
			(D(2026, 11, 12), 0, 1, ""),
		)
		self.assertEqual(
			frappe.db.get_value("Mentor Assignment", pairing.name, ["next_due_date", "overdue_days"]),
			(D(2026, 11, 12), 0),
		)
		# 12 November is more than the 2 reminder days away: no ToDo yet
		self.assertEqual(mentor_todos(pairing.name), [])

	def test_todo_when_contacts_fall_due_and_its_update_and_closing(self):
		child, pairing = make_week(self)
		self.run_job("2026-11-10")
		todos = mentor_todos(pairing.name)
		self.assertEqual(len(todos), 1)
		self.assertEqual(todos[0].date, D(2026, 11, 12))
		self.assertIn("三个二: contact the child", todos[0].description)
		self.assertIn("三个二: help with homework", todos[0].description)
		self.assertNotIn("三个二: home visits", todos[0].description)
		self.assertIn(MENTOR, frappe.db.get_value("Mentor Assignment", pairing.name, "_assign"))
		# one notification for the mentor, however many ToDos the run opened
		self.assertEqual(len(notifications(MENTOR, "new contacts are due")), 1)
		# the next day's run keeps the one ToDo and does not notify again
		self.run_job("2026-11-11")
		self.assertEqual(len(mentor_todos(pairing.name)), 1)
		self.assertEqual(len(notifications(MENTOR, "new contacts are due")), 1)
		# the mentor makes both weekly contacts twice: nothing falls due, the ToDo is closed
		with self.freeze_time("2026-11-12 19:00:00"):
			for when, visit_type in (
				("2026-11-10 16:00:00", "Talk at School"),
				("2026-11-11 16:00:00", "Phone Call"),
				("2026-11-10 17:00:00", "Homework Help"),
				("2026-11-12 17:00:00", "Homework Help"),
			):
				frappe.get_doc(
					{
						"doctype": "Home Visit",
						"child": child.name,
						"visit_type": visit_type,
						"visit_datetime": when,
						"visitor": MENTOR,
					}
				).insert(ignore_permissions=True)
			self.assertEqual(mentor_todos(pairing.name), [])
			self.assertEqual(len(mentor_todos(pairing.name, "Closed")), 1)
			self.assertFalse(frappe.db.get_value("Mentor Assignment", pairing.name, "_assign"))
			# the visit itself moved the child's next due date on (subject teachers by the 15th)
			self.assertEqual(frappe.db.get_value("Child", child.name, "next_visit_due"), D(2026, 11, 15))

	def test_todos_and_notifications_are_in_each_readers_language(self):
		"""The scheduler translates in the site config's language; each text the job writes
		is in its reader's: the mentor reads Chinese, the village child director English."""
		frappe.db.set_value("User", MENTOR, "language", "zh")
		frappe.db.set_value("User", DIRECTOR_EAST, "language", "en")
		frappe.clear_cache()
		_child, pairing = make_week(self)
		frappe.local.lang = "en"  # as the scheduler runs
		self.run_job("2026-11-16")
		self.assertEqual(frappe.local.lang, "en")  # restored after each reader
		(todo,) = mentor_todos(pairing.name)
		self.assertIn("应完成的联系", todo.description)
		self.assertIn("三个二：联系儿童", todo.description)  # the default duty, translated
		self.assertNotIn("contact the child", todo.description)
		self.assertEqual(len(notifications(MENTOR, "项新的联系到期")), 1)
		self.assertEqual(notifications(MENTOR, "new contacts are due"), [])
		self.assertEqual(len(notifications(DIRECTOR_EAST, "escalated to the village child director")), 1)
		# a reader's language set later: the next run rewrites the open ToDo in it
		frappe.db.set_value("User", MENTOR, "language", "en")
		frappe.clear_cache()
		self.run_job("2026-11-17")
		(todo,) = mentor_todos(pairing.name)
		self.assertIn("三个二: contact the child", todo.description)

	def test_overdue_contacts_escalate_to_the_village_then_the_township(self):
		child, _pairing = make_week(self)
		west, _west_pairing = make_week(self, village="西一村", mentor=None)
		# Monday 16 Nov: Thursday's contact is 4 days overdue (village margin 3 days)
		self.run_job("2026-11-16")
		self.assertEqual(
			frappe.db.get_value("Child", child.name, ["visit_overdue_days", "visit_escalation"]),
			(4, "Village"),
		)
		self.assertEqual(frappe.db.get_value("Child", child.name, "visit_escalated_on"), D(2026, 11, 16))
		self.assertEqual(len(notifications(DIRECTOR_EAST, "escalated to the village child director")), 1)
		self.assertEqual(notifications(TOWNSHIP_EAST, "escalated to the township"), [])
		self.assertEqual(notifications(DIRECTOR_WEST, "escalated to the village child director"), [])
		# the next day: no second notification for the same escalation
		self.run_job("2026-11-17")
		self.assertEqual(len(notifications(DIRECTOR_EAST, "escalated to the village child director")), 1)
		# Friday 20 Nov: 8 days overdue (township margin 7 days)
		self.run_job("2026-11-20")
		self.assertEqual(
			frappe.db.get_value("Child", child.name, ["visit_overdue_days", "visit_escalation"]),
			(8, "Township"),
		)
		self.assertEqual(len(notifications(TOWNSHIP_EAST, "escalated to the township")), 1)
		self.assertEqual(notifications(TOWNSHIP_WEST, "escalated to the township"), [])
		self.assertIn(
			child.name, frappe.get_all("Child", filters={"visit_escalation": "Township"}, pluck="name")
		)
		self.assertNotEqual(frappe.db.get_value("Child", west.name, "visit_escalation"), "Township")

	def test_escalation_margins_come_from_the_settings(self):
		child, _pairing = make_week(self)
		frappe.db.set_single_value("Left Behind Care Settings", "escalate_to_village_after_days", 5)
		frappe.db.set_single_value("Left Behind Care Settings", "escalate_to_township_after_days", 0)
		self.run_job("2026-11-16")  # 4 days overdue
		self.assertEqual(frappe.db.get_value("Child", child.name, "visit_escalation") or "", "")
		self.run_job("2026-11-30")  # 18 days overdue, township escalation switched off
		self.assertEqual(frappe.db.get_value("Child", child.name, "visit_escalation"), "Village")

	def test_a_child_without_an_active_mentor_shows_and_is_reported(self):
		alone = make_child(village="东一村", child_name="无结对")
		self.run_job("2026-11-16")
		values = frappe.db.get_value(
			"Child", alone.name, ["has_active_mentor", "no_mentor_since"], as_dict=True
		)
		self.assertEqual((values.has_active_mentor, values.no_mentor_since), (0, D(2026, 11, 16)))
		self.assertIn(alone.name, care.children_without_mentor())
		self.assertEqual(len(notifications(DIRECTOR_EAST, "have no active mentor")), 1)
		self.assertEqual(notifications(DIRECTOR_WEST, "have no active mentor"), [])
		# reported once, not every day
		self.run_job("2026-11-17")
		self.assertEqual(len(notifications(DIRECTOR_EAST, "have no active mentor")), 1)
		# a pairing closes the gap at once
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": alone.name,
				"mentor_name": "爱心妈妈",
				"mentor_type": "Caring Mother",
				"from_date": "2026-11-16",
			}
		).insert(ignore_permissions=True)
		values = frappe.db.get_value(
			"Child", alone.name, ["has_active_mentor", "no_mentor_since"], as_dict=True
		)
		self.assertEqual((values.has_active_mentor, values.no_mentor_since), (1, None))
		# a peer study buddy is no mentor
		buddy = make_child(village="东一村", child_name="小帮手")
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": buddy.name,
				"mentor_name": "同学",
				"mentor_type": "Peer Study Buddy",
				"from_date": "2026-11-16",
			}
		).insert(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Child", buddy.name, "has_active_mentor"), 0)

	def test_a_child_who_ages_out_leaves_the_duties(self):
		child, pairing = make_week(self)
		self.run_job("2026-11-10")
		self.assertEqual(len(mentor_todos(pairing.name)), 1)
		# the daily determination job: the child reached the age limit
		frappe.db.set_value("Child", child.name, "birth_date", "2008-11-01", update_modified=False)
		frappe.db.set_value("Child", child.name, "id_number", None, update_modified=False)
		reevaluate_children(commit=False)
		self.assertEqual(frappe.db.get_value("Child", child.name, "status"), "Aged Out")
		log = frappe.get_all(
			"Child Status Log",
			filters={"child": child.name, "event": "Status Changed", "new_status": "Aged Out"},
			fields=["old_status", "reason"],
		)
		self.assertEqual([(row.old_status, bool(row.reason)) for row in log], [("Active", True)])
		self.run_job("2026-11-11")
		values = frappe.db.get_value(
			"Child", child.name, ["next_visit_due", "visit_overdue_days", "no_mentor_since"]
		)
		self.assertEqual(values, (None, 0, None))
		self.assertEqual(mentor_todos(pairing.name), [])
		self.assertEqual(frappe.db.get_value("Mentor Assignment", pairing.name, "next_due_date"), None)

	def test_a_parent_back_home_ends_the_duties(self):
		child, pairing = make_week(self)
		doc = frappe.get_doc("Child", child.name)
		doc.parents[1].status = "At Home"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.status, "No Longer Left Behind")
		self.run_job("2026-11-16")
		self.assertEqual(
			frappe.db.get_value("Child", child.name, ["next_visit_due", "visit_escalation"]), (None, "")
		)
		self.assertEqual(frappe.db.get_value("Mentor Assignment", pairing.name, "next_due_date"), None)

	def test_queries_do_not_grow_with_the_number_of_children(self):
		duties = care.get_duties([name for name, *_rest in DEFAULT_DUTIES])
		settings = care.get_care_settings()
		few = [make_week(self)[0].name for _i in range(2)]
		many = few + [make_child(child_name=f"批量{i}").name for i in range(10)]
		on = D(2026, 11, 16)

		def count_queries(function, *args):
			calls = []
			original = frappe.db.sql

			def counting(*a, **kw):
				calls.append(a[0])
				return original(*a, **kw)

			with patch.object(frappe.db, "sql", side_effect=counting):
				result = function(*args)
			return len(calls), result

		count_queries(care.evaluate, few, on, duties)  # warm the caches (meta)
		reads_few, _cares = count_queries(care.evaluate, few, on, duties)
		reads_many, cares = count_queries(care.evaluate, many, on, duties)
		# children, pairings, and one windowed query per duty period (5 periods in the defaults)
		self.assertEqual((reads_few, reads_many), (7, 7))
		writes, changed = count_queries(care.write_care, cares, on, settings)
		self.assertEqual(len(changed), 12)
		# one UPDATE … CASE for the children, one read and one UPDATE for the pairings
		self.assertEqual(writes, 3)
