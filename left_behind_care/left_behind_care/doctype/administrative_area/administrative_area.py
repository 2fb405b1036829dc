# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from left_behind_care.constants import TIERS, VILLAGE

VILLAGE_TIER = VILLAGE


class AreaTierError(frappe.ValidationError):
	"""An area's tier does not fit under its parent."""


class DuplicateAreaError(frappe.ValidationError):
	"""Two areas of the same name under one parent."""


class AdministrativeArea(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		area_code: DF.Data | None
		area_name: DF.Data
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_administrative_area: DF.Link | None
		rgt: DF.Int
		tier: DF.Literal["City", "County/District", "Township/Street", "Village/Community"]
	# end: auto-generated types

	nsm_parent_field = "parent_administrative_area"

	def autoname(self):
		"""The area name; where another area already has it, the parent's name is added."""
		self.area_name = (self.area_name or "").strip()
		name = self.area_name
		if frappe.db.exists("Administrative Area", name) and self.parent_administrative_area:
			parent_title = frappe.db.get_value(
				"Administrative Area", self.parent_administrative_area, "area_name"
			)
			name = f"{self.area_name} ({parent_title})"
		self.name = name

	def validate(self):
		self.validate_tier()
		self.validate_unique_within_parent()
		self.validate_area_code()
		self.set_is_group()

	def validate_tier(self):
		"""A child area's tier must be below its parent's (plan 3: city > county > township > village)."""
		if not self.parent_administrative_area:
			return
		parent_tier = frappe.db.get_value("Administrative Area", self.parent_administrative_area, "tier")
		if parent_tier and TIERS.index(self.tier) <= TIERS.index(parent_tier):
			frappe.throw(
				_("A {0} cannot be placed under the {1} {2}: choose a parent of a higher tier.").format(
					_(self.tier), _(parent_tier), frappe.bold(self.parent_administrative_area)
				),
				exc=AreaTierError,
			)

	def validate_unique_within_parent(self):
		filters = {
			"area_name": self.area_name,
			"parent_administrative_area": self.parent_administrative_area or ("is", "not set"),
			"name": ("!=", self.name or ""),
		}
		if frappe.db.exists("Administrative Area", filters):
			frappe.throw(
				_("An area named {0} already exists under {1}.").format(
					frappe.bold(self.area_name), frappe.bold(self.parent_administrative_area or _("the root"))
				),
				exc=DuplicateAreaError,
			)

	def validate_area_code(self):
		if not self.area_code:
			return
		self.area_code = self.area_code.strip()
		if not self.area_code.isdigit() or not 6 <= len(self.area_code) <= 12:
			frappe.throw(
				_("Area code {0} must be 6 to 12 digits (the official statistical division code).").format(
					frappe.bold(self.area_code)
				)
			)

	def set_is_group(self):
		if self.tier == VILLAGE_TIER:
			self.is_group = 0

	def on_update(self):
		super().on_update()
		self.validate_one_root()

	def validate_one_root(self):
		# several roots are allowed (a county office may run without its city); nothing to do.
		return

	def on_trash(self):
		if frappe.db.exists("Child", {"village": self.name}):
			frappe.throw(
				_("Area {0} still has children registered in it: move them first.").format(
					frappe.bold(self.name)
				),
				exc=frappe.LinkExistsError,
			)
		super().on_trash(allow_root_deletion=True)


def get_children(doctype, parent=None, is_root=False, **filters):
	"""Tree view: the areas directly under ``parent`` (permission-aware)."""
	if parent in (None, "", doctype, _("All Administrative Areas"), "All Administrative Areas"):
		parent = ""
	return frappe.get_list(
		doctype,
		fields=["name as value", "area_name as title", "is_group as expandable", "tier"],
		filters={"parent_administrative_area": parent},
		order_by="area_name",
	)


@frappe.whitelist()
def get_area_children(doctype: str, parent: str | None = None, **kwargs):
	"""Whitelisted tree loader for the Administrative Area tree view.

	Args:
	    doctype: "Administrative Area".
	    parent: the area whose children to list ("" for the roots).

	Returns:
	    list of dicts with value, title, expandable, tier.
	"""
	if doctype != "Administrative Area":
		frappe.throw(_("Only Administrative Areas can be listed here."))
	frappe.has_permission("Administrative Area", "read", throw=True)
	return get_children(doctype, parent)
