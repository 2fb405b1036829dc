# Copyright (c) 2026, left_behind_care developers and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestAdministrativeArea(FrappeTestCase):
	pass
