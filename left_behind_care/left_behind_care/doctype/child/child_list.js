// Typing pinyin or initials (zhangsan, zs) in the name filter finds the child as well as
// the characters (张三) do: a Latin search on child_name becomes an OR over the name and the
// server-set child_name_pinyin / child_name_initials, for the rows and for the count.
const lbc_pinyin_search = (filters) => {
	const index = (filters || []).findIndex(
		(f) => f[1] === "child_name" && f[2] === "like" && /^%?[a-z0-9 ]+%?$/i.test(f[3] || "")
	);
	if (index === -1) return null;
	const value = filters[index][3];
	const keys = "%" + value.replace(/[%\s]/g, "").toLowerCase() + "%";
	return {
		filters: filters.filter((f, i) => i !== index),
		or_filters: [
			["Child", "child_name", "like", value],
			["Child", "child_name_pinyin", "like", keys],
			["Child", "child_name_initials", "like", keys],
		],
	};
};

frappe.listview_settings["Child"] = {
	add_fields: ["is_left_behind", "guardianship_category", "risk_level", "status"],
	onload(listview) {
		const get_args = listview.get_args.bind(listview);
		listview.get_args = () => {
			const args = get_args();
			return Object.assign(args, lbc_pinyin_search(args.filters) || {});
		};
		const get_count_str = listview.get_count_str.bind(listview);
		listview.get_count_str = () => {
			const search = lbc_pinyin_search(listview.get_filters_for_args());
			if (!search) return get_count_str();
			return frappe
				.xcall("frappe.desk.reportview.get_count", { doctype: "Child", ...search })
				.then((count) => {
					listview.total_count = count;
					return __("{0} of {1}", [
						format_number(listview.data.length, null, 0),
						format_number(count, null, 0),
					]);
				});
		};
	},
	get_indicator(doc) {
		if (doc.status !== "Active") return [__(doc.status), "gray", "status,=," + doc.status];
		if (doc.is_left_behind) {
			const color = ["一级", "二级"].includes(doc.risk_level) ? "red" : "orange";
			return [__("Left Behind") + (doc.guardianship_category ? " · " + __(doc.guardianship_category) : ""), color, "is_left_behind,=,1"];
		}
		return [__("Not Left Behind"), "green", "is_left_behind,=,0"];
	},
};
