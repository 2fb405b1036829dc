frappe.treeview_settings["Administrative Area"] = {
	breadcrumb: "Left Behind Care",
	title: __("Administrative Area"),
	get_tree_root: false,
	root_label: __("All Administrative Areas"),
	get_tree_nodes: "left_behind_care.left_behind_care.doctype.administrative_area.administrative_area.get_area_children",
	filters: [],
	fields: [
		{ fieldtype: "Data", fieldname: "area_name", label: __("Area Name"), reqd: true },
		{
			fieldtype: "Select",
			fieldname: "tier",
			label: __("Tier"),
			options: ["City", "County/District", "Township/Street", "Village/Community"],
			reqd: true,
		},
		{ fieldtype: "Data", fieldname: "area_code", label: __("Area Code") },
		{
			fieldtype: "Check",
			fieldname: "is_group",
			label: __("Is Group"),
			default: 1,
		},
	],
	ignore_fields: ["parent_administrative_area"],
	onload: function (treeview) {
		treeview.make_tree();
	},
};
