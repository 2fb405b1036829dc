"""Fill the pinyin and initials search keys of children registered before they existed."""

import frappe

from left_behind_care.pinyin import name_search_keys


def execute():
	"""Set ``child_name_pinyin`` / ``child_name_initials`` where empty (idempotent).

	Written straight to the table, without ``modified`` changing: the keys derive from
	the name alone and are no edit of the record.
	"""
	child = frappe.qb.DocType("Child")
	rows = (
		frappe.qb.from_(child)
		.select(child.name, child.child_name)
		.where(child.child_name_pinyin.isnull() | (child.child_name_pinyin == ""))
		.run(as_dict=True)
	)
	for row in rows:
		full, initials = name_search_keys(row.child_name)
		if full or initials:
			frappe.qb.update(child).set(child.child_name_pinyin, full).set(
				child.child_name_initials, initials
			).where(child.name == row.name).run()
