# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, add_months, getdate, nowdate

from left_behind_care.left_behind_care.doctype.child.child import ParentRowError
from left_behind_care.tasks import reevaluate_children
from left_behind_care.testing import (
	LBCTestCase,
	away,
	make_child,
	make_guardian,
	make_id_number,
	parent_rows,
)
from left_behind_care.utils import IdentityNumberError, LeftBehindCareValidationError

AWAY = "Away for Work (Out of Province)"
HOME = "At Home"


class TestChild(LBCTestCase):
	def test_server_grades_a_child_entered_by_hand(self):
		grandma = make_guardian(guardian_name="王奶奶")
		child = make_child(guardian=grandma.name, guardian_relationship="Paternal Grandmother")
		self.assertEqual(child.is_left_behind, 1)
		self.assertEqual(child.guardianship_category, "三类")
		self.assertEqual(child.status, "Active")
		self.assertEqual(child.risk_level, "正常")
		self.assertEqual(getdate(child.determined_on), getdate(nowdate()))

	def test_category_by_guardian_relationship(self):
		cases = {
			"Uncle": "二类",
			"Adult Sibling": "二类",
			"Neighbour": "一类",
			"Maternal Grandfather": "三类",
		}
		for relationship, category in cases.items():
			guardian = make_guardian(guardian_name=f"监护人{relationship}")
			child = make_child(guardian=guardian.name, guardian_relationship=relationship)
			self.assertEqual(child.guardianship_category, category, relationship)
		no_guardian = make_child()
		self.assertEqual(no_guardian.guardianship_category, "一类")

	def test_not_left_behind_has_no_category(self):
		child = make_child(left_behind=False)
		self.assertEqual(child.is_left_behind, 0)
		self.assertFalse(child.guardianship_category)
		self.assertEqual(child.status, "Active")

	def test_identity_number_fills_birth_date_and_gender(self):
		number = make_id_number(getdate("2016-06-30"), "Female")
		spaced = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
		child = frappe.get_doc(
			{
				"doctype": "Child",
				"child_name": "唐勇明",
				"village": frappe.db.get_value("Administrative Area", {"area_name": "东一村"}),
				"id_number": spaced,
				"parents": parent_rows(AWAY, AWAY),
			}
		).insert(ignore_permissions=True)
		self.assertEqual(child.id_number, number.upper())
		self.assertEqual(getdate(child.birth_date), getdate("2016-06-30"))
		self.assertEqual(child.gender, "Female")

	def test_identity_number_errors(self):
		good = make_id_number(getdate("2014-05-01"), "Male")
		bad_checksum = good[:17] + ("0" if good[17] != "0" else "1")
		with self.assertRaises(IdentityNumberError):
			make_child(id_number=bad_checksum)
		with self.assertRaises(IdentityNumberError):
			make_child(id_number=good, birth_date="2014-05-02")
		with self.assertRaises(IdentityNumberError):
			make_child(id_number=good, birth_date="2014-05-01", gender="Female")
		make_child(id_number=good, birth_date="2014-05-01")
		with self.assertRaises(frappe.DuplicateEntryError):
			make_child(id_number=good, birth_date="2014-05-01")

	def test_client_cannot_write_computed_fields(self):
		child = make_child(left_behind=False)
		child.is_left_behind = 1
		child.guardianship_category = "一类"
		child.risk_level = "一级"
		child.guardian_assessment = "差"
		child.last_visit_date = "2020-01-01"
		child.save(ignore_permissions=True)
		child.reload()
		self.assertEqual(child.is_left_behind, 0)
		self.assertFalse(child.guardianship_category)
		self.assertEqual(child.risk_level, "正常")
		self.assertFalse(child.guardian_assessment)
		self.assertFalse(child.last_visit_date)

	def test_parent_back_home_ends_left_behind_with_history(self):
		child = make_child()
		self.assertEqual(child.is_left_behind, 1)
		child.parents[1].status = HOME
		child.save(ignore_permissions=True)
		self.assertEqual(child.is_left_behind, 0)
		self.assertEqual(child.status, "No Longer Left Behind")
		self.assertTrue(child.status_reason)
		events = frappe.get_all(
			"Child Status Log", filters={"child": child.name}, pluck="event", order_by="creation asc"
		)
		self.assertEqual(events, ["Registered", "No Longer Left Behind", "Status Changed"])

	def test_exactly_three_months_away(self):
		# mid-month: at a month's end "three months" clamps (31 August + 3 months = 30 November)
		with self.freeze_time("2026-06-15 10:00:00"):
			three = add_months(nowdate(), -3)
			child = make_child(
				parents=[
					{"relation": "Father", "status": AWAY, "away_since": three},
					{"relation": "Mother", "status": AWAY, "away_since": three},
				]
			)
			self.assertEqual(child.is_left_behind, 1)
			short = add_days(three, 1)
			child2 = make_child(
				parents=[
					{"relation": "Father", "status": AWAY, "away_since": short},
					{"relation": "Mother", "status": AWAY, "away_since": three},
				]
			)
			self.assertEqual(child2.is_left_behind, 0)

	def test_child_ageing_out_on_the_18th_birthday_by_the_daily_job(self):
		birthday = add_months(nowdate(), -12 * 18)
		child = make_child(birth_date=add_days(birthday, 1))
		self.assertEqual(child.is_left_behind, 1)
		reevaluate_children(on=add_days(nowdate(), 1), commit=False)
		child.reload()
		self.assertEqual(child.status, "Aged Out")
		self.assertEqual(child.is_left_behind, 0)
		self.assertTrue(frappe.db.exists("Child Status Log", {"child": child.name, "new_status": "Aged Out"}))

	def test_national_definition_from_settings(self):
		settings = frappe.get_single("Left Behind Care Settings")
		settings.determination_rule = "National (国发〔2016〕13号, under 16)"
		settings.save()
		self.assertEqual(settings.age_limit, 16)
		incapable = make_child(parents=parent_rows(AWAY, "Without Guardianship Capacity", months=1))
		self.assertEqual(incapable.is_left_behind, 1)
		fifteen_and_a_half = make_child(birth_date=add_months(nowdate(), -12 * 16 - 1))
		self.assertEqual(fifteen_and_a_half.is_left_behind, 0)
		self.assertEqual(fifteen_and_a_half.status, "Aged Out")

	def test_two_fathers_refused(self):
		with self.assertRaises(ParentRowError):
			make_child(
				parents=[
					{"relation": "Father", "status": AWAY, "away_since": away()},
					{"relation": "Father", "status": AWAY, "away_since": away()},
				]
			)

	def test_parent_phone_normalised_and_checked(self):
		rows = parent_rows(AWAY, AWAY)
		rows[0]["phone"] = "138-5203 8502"
		child = make_child(parents=rows)
		self.assertEqual(child.parents[0].phone, "13852038502")
		rows[0]["phone"] = "12345"
		with self.assertRaises(ParentRowError):
			make_child(parents=rows)

	def test_child_must_live_in_a_village(self):
		with self.assertRaises(LeftBehindCareValidationError):
			make_child(village="东乡镇")

	def test_guardian_needs_relationship(self):
		guardian = make_guardian()
		with self.assertRaises(LeftBehindCareValidationError):
			make_child(guardian=guardian.name)

	def test_future_birth_date_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_child(birth_date=add_days(nowdate(), 3), id_number=None)

	def test_moving_village_moves_linked_records(self):
		child = make_child()
		visit = frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": child.name,
				"visit_type": "Home Visit",
				"visit_datetime": frappe.utils.now(),
			}
		).insert(ignore_permissions=True)
		self.assertEqual(visit.village, child.village)
		child.village = frappe.db.get_value("Administrative Area", {"area_name": "西一村"})
		child.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Home Visit", visit.name, "village"), child.village)

	def test_rest_api_cannot_write_computed_fields(self):
		from frappe.client import save

		child = make_child(left_behind=False)
		data = child.as_dict()
		data.update({"is_left_behind": 1, "guardianship_category": "一类", "risk_level": "一级"})
		saved = save(data)
		self.assertEqual(saved["is_left_behind"], 0)
		self.assertFalse(saved["guardianship_category"])
		self.assertEqual(saved["risk_level"], "正常")


class TestReadIdentityNumber(LBCTestCase):
	def test_the_form_is_told_gender_and_birth_date_or_why_not(self):
		from left_behind_care.left_behind_care.doctype.child.child import read_identity_number

		number = make_id_number(getdate("2016-05-12"), "Female")
		self.assertEqual(
			read_identity_number(number.lower().replace("x", "x")),
			{"id_number": number, "gender": "Female", "birth_date": "2016-05-12"},
		)
		self.assertIn("error", read_identity_number(number[:-1] + ("0" if number[-1] != "0" else "1")))
