from frappe import _


def get_data():
	return {
		"fieldname": "guardian",
		"transactions": [{"label": _("Children in Care"), "items": ["Child"]}],
	}
