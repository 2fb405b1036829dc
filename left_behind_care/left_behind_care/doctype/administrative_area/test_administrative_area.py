# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe

from left_behind_care.left_behind_care.doctype.administrative_area.administrative_area import (
	AreaTierError,
	DuplicateAreaError,
)
from left_behind_care.testing import LBCTestCase, make_area, make_child


class TestAdministrativeArea(LBCTestCase):
	def test_tree_bounds_nest(self):
		county = frappe.get_doc("Administrative Area", {"area_name": "测试区"})
		village = frappe.get_doc("Administrative Area", {"area_name": "西二村"})
		self.assertTrue(county.lft < village.lft and village.rgt < county.rgt)
		self.assertEqual(village.is_group, 0)

	def test_tier_must_be_below_parent(self):
		township = frappe.db.get_value("Administrative Area", {"area_name": "东乡镇"})
		with self.assertRaises(AreaTierError):
			make_area("错层区", "County/District", township)

	def test_same_name_twice_under_one_parent_refused(self):
		township = frappe.db.get_value("Administrative Area", {"area_name": "东乡镇"})
		with self.assertRaises(DuplicateAreaError):
			frappe.get_doc(
				{
					"doctype": "Administrative Area",
					"area_name": "东一村",
					"tier": "Village/Community",
					"parent_administrative_area": township,
				}
			).insert()

	def test_same_village_name_in_another_township_gets_a_distinct_name(self):
		west = frappe.db.get_value("Administrative Area", {"area_name": "西乡镇"})
		doc = frappe.get_doc(
			{
				"doctype": "Administrative Area",
				"area_name": "东一村",
				"tier": "Village/Community",
				"parent_administrative_area": west,
			}
		).insert()
		self.assertEqual(doc.name, "东一村 (西乡镇)")
		self.assertEqual(doc.area_name, "东一村")

	def test_area_code_must_be_digits(self):
		west = frappe.db.get_value("Administrative Area", {"area_name": "西乡镇"})
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "Administrative Area",
					"area_name": "代码村",
					"tier": "Village/Community",
					"parent_administrative_area": west,
					"area_code": "52AB",
				}
			).insert()

	def test_area_with_children_cannot_be_deleted(self):
		child = make_child(village="西二村")
		with self.assertRaises(frappe.LinkExistsError):
			frappe.delete_doc("Administrative Area", child.village)
