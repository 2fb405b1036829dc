from left_behind_care.scoping import child_tables as _child_tables
from left_behind_care.scoping import scoped_doctypes as _scoped_doctypes

app_name = "left_behind_care"
app_title = "Left Behind Care"
app_publisher = "left_behind_care developers"
app_description = "Care and protection of rural left-behind children (留守儿童关爱保护)"
app_email = "dev@left-behind-care.invalid"
app_license = "mit"
app_logo_url = "/assets/left_behind_care/images/logo.svg"

# "org/repo" form (as frappe/hrms writes "frappe/erpnext"): resolved without asking GitHub,
# so install-app also works on a machine without internet access.
required_apps = ["frappe/frappe"]

# The app's tile on Frappe's apps screen (/apps on v15, /desk on v16), for its users: it
# opens their own workspace (page lbc-home). A user whose Default App is this one lands
# there on login.
add_to_apps_screen = [
	{
		"name": app_name,
		"logo": app_logo_url,
		"title": "Left Behind Care",
		"route": "/app/lbc-home",
		"has_permission": "left_behind_care.boot.may_open_app",
	}
]

export_python_type_annotations = True

# Installation
# ------------
before_install = "left_behind_care.install.before_install"
after_install = "left_behind_care.install.after_install"
after_migrate = [
	"left_behind_care.install.after_migrate",
	# a pulled translation shows without `bench build` (compiles locale/zh.po when newer)
	"left_behind_care.i18n.ensure_compiled",
]

# No fixtures: Frappe re-imports fixtures with force on every migrate, which would undo an
# administrator's edits; roles are created where missing by install.ensure_roles.

treeviews = ["Administrative Area"]

# The official printed forms (print_format/) format and mask values with these.
jinja = {
	"methods": [
		"left_behind_care.printing.lbc_value",
		"left_behind_care.printing.lbc_can_read",
		"left_behind_care.printing.lbc_date",
		"left_behind_care.printing.lbc_datetime",
		"left_behind_care.printing.lbc_today",
		"left_behind_care.printing.lbc_age",
		"left_behind_care.printing.lbc_area_path",
		"left_behind_care.printing.lbc_get",
		"left_behind_care.printing.lbc_children_of_guardian",
		"left_behind_care.printing.lbc_active_mentors",
	],
}

# Row-level access: one criterion for list queries and single documents
# (left_behind_care/permissions.py).
_SCOPED = list(_scoped_doctypes())  # every DocType of the app with an area or a child link
permission_query_conditions = {
	doctype: "left_behind_care.permissions.get_permission_query_conditions" for doctype in _SCOPED
}
has_permission = {doctype: "left_behind_care.permissions.has_permission" for doctype in _SCOPED}
# their child tables (Child Parent, …), listed directly, keep to the parents in scope
permission_query_conditions.update(
	{table: "left_behind_care.permissions.get_child_table_query_conditions" for table in _child_tables()}
)
doc_events = {
	doctype: {
		"validate": [
			"left_behind_care.permissions.check_amended_from",
			# a Link may name only a scoped record the user may read
			"left_behind_care.permissions.check_links_in_scope",
		]
	}
	for doctype in _SCOPED
}
# A prepared report's result holds its owner's scope: the app's are read by their owner
# only (Frappe v15 lets anyone who may open the report read anyone's).
permission_query_conditions["Prepared Report"] = (
	"left_behind_care.permissions.prepared_report_query_conditions"
)
has_permission["Prepared Report"] = "left_behind_care.permissions.prepared_report_has_permission"
# An officer of one area has it as default (new forms start with it).
doc_events["User Permission"] = {
	"before_insert": "left_behind_care.permissions.default_first_area",
	# shapes the app cannot honour are refused when saved
	"validate": "left_behind_care.permissions.validate_user_permission",
	"on_change": "left_behind_care.permissions.clear_scope_cache",
	"on_trash": "left_behind_care.permissions.clear_scope_cache",
}
# An officer whose User Permissions give no area is told so on the desk.
extend_bootinfo = "left_behind_care.boot.extend_bootinfo"
app_include_css = ["/assets/left_behind_care/css/lbc.css"]
app_include_js = [
	"/assets/left_behind_care/js/scope_notice.js",
	"/assets/left_behind_care/js/form_messages.js",
	"/assets/left_behind_care/js/report_export.js",
]
# Client-sent arguments that switch permissions off or name another reader are dropped
# for the app's DocTypes and reports, once per request (left_behind_care/request_guard.py).
auth_hooks = ["left_behind_care.request_guard.guard_request"]
# Downloads of the app's with Chinese file names carry filename*=UTF-8'' (RFC 6266).
after_request = ["left_behind_care.overrides.response.fix_download_filename"]
# A File pointing at another's file gives nothing (Frappe would serve the file to its owner).
has_permission["File"] = "left_behind_care.permissions.file_has_permission"
# ... and an Attach field of the app's records names only a file its user may read.
doc_events["*"] = {"validate": "left_behind_care.permissions.check_attach_fields"}
# Files attached to the app's records are listed to their uploader (and unrestricted users) only.
permission_query_conditions["File"] = "left_behind_care.permissions.file_query_conditions"
override_doctype_class = {
	"Prepared Report": "left_behind_care.overrides.prepared_report.ScopedPreparedReport"
}

# Everything the app changes in Frappe's behaviour, and why: left_behind_care/overrides/__init__.py.
# Frappe methods that ignore permissions, overridden for the app's DocTypes only:
# frappe.client.get_count counts with frappe.db.count ...
override_whitelisted_methods = {
	"frappe.client.get_count": "left_behind_care.overrides.client.get_count",
	# ... and frappe.desk.search.get_link_title shows any document's title to anyone.
	"frappe.desk.search.get_link_title": "left_behind_care.overrides.client.get_link_title",
	# ... and frappe.client.validate_link tells whether any record exists.
	"frappe.client.validate_link": "left_behind_care.overrides.client.validate_link",
	# Privacy (plan 4 §四5, left_behind_care/privacy.py): the form's Version timeline shows
	# changed values of fields above the user's permission level ...
	"frappe.desk.form.load.getdoc": "left_behind_care.overrides.form.getdoc",
	"frappe.desk.form.load.get_docinfo": "left_behind_care.overrides.form.get_docinfo",
	# ... Data Import / Data Export read child tables without field-level checks, and no
	# export of identifiable rows may leave without the guardian's consent.
	"frappe.core.doctype.data_import.data_import.download_template": "left_behind_care.overrides.exports.download_template",
	"frappe.core.doctype.data_export.exporter.export_data": "left_behind_care.overrides.exports.export_data",
	"frappe.desk.reportview.export_query": "left_behind_care.overrides.exports.export_query",
	# ... and Frappe writes text starting with "=" as a formula in .xlsx (and CSV) exports.
	"frappe.desk.query_report.export_query": "left_behind_care.overrides.exports.query_report_export_query",
}

# Scheduled sweeps
# ----------------
scheduler_events = {
	"hourly": [
		"left_behind_care.tasks.escalate_overdue_incident_reports",
	],
	"daily_long": [
		"left_behind_care.tasks.reevaluate_children",
		"left_behind_care.tasks.run_visit_duties",
	],
}

# Testing
# -------
before_tests = "left_behind_care.install.before_tests"

# Ledger import and export (台账): an import and its per-row log are visible to the user
# who started it and to the officers of the ledger's area.
_LEDGER_PERMISSIONS = "left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import"
for _doctype in ("LBC Ledger Import", "LBC Ledger Import Log"):
	permission_query_conditions[_doctype] = f"{_LEDGER_PERMISSIONS}.get_permission_query_conditions"
	has_permission[_doctype] = f"{_LEDGER_PERMISSIONS}.has_permission"

# "Export Ledger" and "Import Ledger" on the Administrative Area form.
doctype_js = {
	"Administrative Area": "left_behind_care/doctype/lbc_ledger_import/administrative_area_ledger.js"
}

# Frappe v15 before frappe/frappe#32192 leaves the field after a removed one unchecked when
# frappe.get_list applies field-level read permissions (a privacy leak, plan 4 §四5): the
# backport is applied in every process that serves requests or runs jobs (idempotent).
before_request = ["left_behind_care.overrides.db_query.backport_fieldlevel_read_fix"]
before_job = ["left_behind_care.overrides.db_query.backport_fieldlevel_read_fix"]
