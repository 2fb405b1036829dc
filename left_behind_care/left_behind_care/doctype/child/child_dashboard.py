from frappe import _


def get_data():
	return {
		"fieldname": "child",
		"transactions": [
			{"label": _("Care"), "items": ["Mentor Assignment", "Home Visit"]},
			{"label": _("Protection"), "items": ["Risk Assessment", "Incident Report"]},
			{"label": _("History"), "items": ["Child Status Log"]},
		],
	}
