# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""A village child director's day in a real browser, in Chinese.

Debian's chromium, driven by Playwright (never ``playwright install``: the system
browser is used), headless, against a test site served by ``bench serve``. As a
Village Child Director whose language is ``zh`` and who is scoped to one village, it

1. logs in,
2. opens the village workspace,
3. registers a child and sees the server's determination and grading,
4. finds the child in the list by pinyin initials,
5. logs a home visit,
6. opens a mandatory report and prints it on the official form,
7. exports the village ledger (.xlsx, the official layout),
8. opens the daily forms and the workspace on a 390-pixel-wide phone screen,
9. and plants script payloads (``<img onerror>``, ``<svg onload>``, ``<script>``,
   ``javascript:`` links, ``{{7*7}}``) in every free-text field it may write, through
   the REST API and through a ledger import, then opens every list, form, report,
   print format, import log, ToDo and workspace where they show: none may run,

taking a screenshot at each step and asserting the Chinese on screen. Results go to a
JUnit XML file; screenshots to a git-ignored folder.

Usage (``bin/lbc-test`` runs it when a bench and chromium are present)::

    python walkthrough.py --sites <bench>/sites --site <test site> \\
        --bench-python <bench>/env/bin/python --out test-results

``--url`` runs it against a server already serving the site (setup still runs through
the bench). Exit status 0 only when every step passed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import traceback
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]
USER = "lbc-walkthrough@example.com"
PASSWORD = "Lbc-walkthrough-2026"
CHILD_NAME = "王小丫"  # invented; the initials wxy find her
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
TIMEOUT = 30_000
# where a login lands: /app on Frappe v15, /desk (the apps' grid) or /app on v16
DESK_URL = re.compile(r".*/(app|desk)(/.*)?([?#].*)?$")


def desk_url(path: str) -> re.Pattern:
	"""A desk route as either Frappe writes it: ``/app/<path>…`` (v15) or ``/desk/<path>…``."""
	return re.compile(r".*/(app|desk)/" + re.escape(path) + r".*")


class StepFailed(AssertionError):
	"""What the screen showed was not what the step expects."""


@dataclass
class Step:
	"""One step of the walkthrough and its outcome."""

	name: str
	status: str = "passed"  # passed | failed | skipped
	message: str = ""
	detail: str = ""
	seconds: float = 0.0
	screenshots: list[str] = field(default_factory=list)


@dataclass
class Walk:
	"""What the steps share: the page, the URLs and what earlier steps made."""

	base_url: str
	shots: Path
	out: Path
	page: object = None
	context: object = None
	village: str = ""
	child: str = ""
	incident: str = ""
	steps: list[Step] = field(default_factory=list)
	current: Step | None = None
	counter: int = 0
	args: argparse.Namespace | None = None
	dialogs: list[str] = field(default_factory=list)

	def shot(self, label: str, full_page: bool = False) -> None:
		"""Screenshot ``NN-label.png`` into the screenshots folder."""
		self.counter += 1
		path = self.shots / f"{self.counter:02d}-{label}.png"
		# "saved" toasts would cover the form
		self.page.evaluate(
			"() => document.querySelectorAll('#alert-container .desk-alert').forEach((e) => e.remove())"
		)
		self.page.screenshot(path=str(path), full_page=full_page)
		if self.current:
			self.current.screenshots.append(str(path))

	def goto(self, path: str) -> None:
		self.page.goto(self.base_url + path, wait_until="domcontentloaded")
		self.settle()

	def settle(self, ms: int = 600) -> None:
		"""Wait for the desk to finish its requests (the desk has no "idle" signal)."""
		self.page.wait_for_load_state("networkidle", timeout=TIMEOUT)
		self.page.wait_for_timeout(ms)

	def see(self, *texts: str, within: str = "body") -> None:
		"""Each text is visible on screen (inside ``within``)."""
		for text in texts:
			# the desk keeps earlier pages in the DOM, hidden: only what is visible counts
			locator = self.page.locator(within).get_by_text(text, exact=False).filter(visible=True).first
			try:
				locator.wait_for(state="visible", timeout=TIMEOUT // 3)
			except Exception:
				raise StepFailed(f"{text!r} is not on screen ({self.page.url})") from None

	def control(self, fieldname: str, parent: str = ".form-layout"):
		"""The visible form control of a field."""
		return (
			self.page.locator(f'{parent} .frappe-control[data-fieldname="{fieldname}"]')
			.filter(visible=True)
			.first
		)

	def value(self, fieldname: str) -> str:
		"""What a field shows on the form: an input's or text area's value, a select's
		chosen option as labelled (translated), or a read-only field's text."""
		return (
			self.control(fieldname)
			.evaluate(
				"""(c) => {
				const select = c.querySelector("select");
				if (select && select.selectedIndex >= 0) return select.options[select.selectedIndex].text;
				const input = c.querySelector("input:not([type=checkbox]), textarea");
				if (input && input.offsetParent !== null) return input.value;
				return c.innerText;
			}"""
			)
			.strip()
		)

	def shows(self, **expected: str) -> None:
		"""Each field shows (contains) the text given for it."""
		for fieldname, text in expected.items():
			shown = self.value(fieldname)
			if text not in shown:
				raise StepFailed(f"field {fieldname} shows {shown!r}, expected {text!r} ({self.page.url})")

	def user_date(self, date: datetime.date) -> str:
		"""A date as the desk expects it typed (the system date format)."""
		return self.page.evaluate("(d) => frappe.datetime.obj_to_user(d)", date.isoformat())

	def save(self) -> None:
		self.page.keyboard.press("Control+s")
		self.page.wait_for_function(
			"() => window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()", timeout=TIMEOUT
		)
		self.settle()

	def create_from_child(self, label: str) -> None:
		"""On the registered child's form, 新建 (Create) → ``label``, as an officer does."""
		self.goto(f"/app/child/{self.child}")
		self.page.locator(".inner-group-button button").filter(has_text="新建").filter(
			visible=True
		).first.click()
		self.page.locator(".dropdown-menu.show .dropdown-item").filter(has_text=label).first.click()

	def no_sideways_scroll(self) -> None:
		width = self.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
		if width[0] > width[1] + 1:
			raise StepFailed(f"the page is {width[0]} px wide on a {width[1]} px screen ({self.page.url})")


# ----------------------------------------------------------------------------- steps


def step_login(w: Walk) -> None:
	w.goto("/login")
	w.see("登录")
	w.page.fill("#login_email", USER)
	w.page.fill("#login_password", PASSWORD)
	w.shot("login")
	w.page.click(".btn-login")
	w.page.wait_for_url(DESK_URL, timeout=TIMEOUT)
	w.settle()
	lang = w.page.evaluate("() => frappe.boot.lang")
	if lang != "zh":
		raise StepFailed(f"the desk opened in {lang!r}, not zh")


def step_village_workspace(w: Walk) -> None:
	w.goto("/app/village-office")
	if "village-office" not in w.page.url or not w.page.locator(".codex-editor").count():
		raise StepFailed("the Village Office workspace did not open")
	w.see("村（居）工作台", "留守儿童", "一级、二级儿童", "家访逾期", "未办结的强制报告")
	w.see("日常工作", "儿童", "登记家访", "强制报告", "村级台账", within=".layout-main-section")
	w.shot("village-workspace", full_page=True)


def step_register_child(w: Walk) -> None:
	w.goto("/app/child/new")
	w.see("新建 儿童", "儿童姓名", "居民身份证号码", "认定与分类分级（系统自动计算）", "父母", "委托监护人")
	w.control("child_name").locator("input").fill(CHILD_NAME)
	w.village = w.control("village").locator("input").input_value()
	if not w.village:
		raise StepFailed("the village is not filled from the officer's User Permission")
	w.control("id_number").locator("input").fill(invented_id_number(datetime.date.today().year - 9, "Female"))
	away = w.user_date(datetime.date.today() - datetime.timedelta(days=400))
	for idx, (relation, name, place) in enumerate(
		(("Father", "王建国", "广东省东莞市"), ("Mother", "李秀兰", "浙江省义乌市")), start=1
	):
		w.control("parents").locator(".grid-add-row").click()
		row = w.page.locator(f'.frappe-control[data-fieldname="parents"] .grid-row[data-idx="{idx}"]')
		row.locator(".btn-open-row").click()
		# the open row's form (v16 also keeps the row's own editable cells in .grid-row-open)
		form = ".grid-row-open .form-in-grid"
		w.page.locator(f'{form} select[data-fieldname="relation"]').select_option(relation)
		w.page.locator(f'{form} input[data-fieldname="parent_name"]').fill(name)
		w.page.locator(f'{form} select[data-fieldname="status"]').select_option(
			"Away for Work (Out of Province)"
		)
		w.page.locator(f'{form} input[data-fieldname="destination"]').fill(place)
		w.page.locator(f'{form} input[data-fieldname="away_since"]').fill(away)
		w.page.locator(".grid-row-open .grid-collapse-row").first.click()
		w.page.locator(".grid-row-open").wait_for(state="detached", timeout=TIMEOUT // 3)
	w.shot("child-form-filled", full_page=True)
	w.save()
	w.child = w.page.evaluate("() => cur_frm.doc.name")
	# the server decided: left behind (both parents away > 3 months), no guardian → 一类
	w.see("留守儿童 · 一类", within=".page-head")
	w.shows(
		gender="女",
		guardianship_category="一类",
		risk_level="正常",
		determination_reason="符合留守儿童认定条件",
	)
	w.see("监护类别", "风险等级", "认定依据")
	w.page.locator('.frappe-control[data-fieldname="guardianship_category"]').scroll_into_view_if_needed()
	w.shot("child-saved-graded")


def step_pinyin_search(w: Walk) -> None:
	w.goto("/app/child")
	search = w.page.locator('.standard-filter-section [data-fieldname="child_name"] input')
	search.fill("wxy")
	w.page.wait_for_timeout(1200)
	w.settle()
	w.see(CHILD_NAME, within=".result")
	w.shot("child-list-pinyin-wxy")


def step_home_visit(w: Walk) -> None:
	w.create_from_child("家访")
	w.page.wait_for_url(desk_url("home-visit/new"), timeout=TIMEOUT)
	w.settle()
	w.see(
		"新建 家访",
		"家访形式",
		"学习情况",
		"生活情况",
		"心理状况",
		"安全与健康",
		"发现的问题",
		"帮扶措施及跟进",
	)
	if w.page.evaluate("() => cur_frm.doc.child") != w.child:
		raise StepFailed("the visit is not linked to the child it was created from")
	w.page.locator('.form-layout select[data-fieldname="visit_type"]').select_option("Home Visit")
	w.page.evaluate("() => cur_frm.set_value('visit_datetime', frappe.datetime.now_datetime())")
	w.control("findings_study").locator("textarea").fill("三年级，语文较好，数学偏弱，作业基本能按时完成。")
	w.control("findings_daily_life").locator("textarea").fill("与祖母同住，饮食起居正常。")
	w.control("follow_up_actions").locator("textarea").fill("每周两次辅导数学作业；下周与父母视频通话。")
	w.save()
	w.see(CHILD_NAME, within=".page-head")
	w.shows(
		child_name=CHILD_NAME, visit_type="家访", findings_study="三年级，语文较好", visitor_name="李红梅"
	)
	w.shot("home-visit-saved", full_page=True)


def step_mandatory_report(w: Walk) -> None:
	w.create_from_child("强制报告")
	w.page.wait_for_url(desk_url("incident-report/new"), timeout=TIMEOUT)
	w.settle()
	w.see("新建 强制报告", "报告事项类型", "发生时间", "发现时间", "报警时间", "接报派出所")
	w.page.locator('.form-layout select[data-fieldname="incident_type"]').select_option(
		"Living Alone Without Guardianship"
	)
	w.page.evaluate(
		"""() => {
			const now = frappe.datetime.now_datetime();
			cur_frm.set_value('occurred_on', frappe.datetime.add_days(now, -1));
			cur_frm.set_value('found_on', now);
		}"""
	)
	w.control("police_station").locator("input").fill("东乡派出所")
	w.shot("mandatory-report-filled", full_page=True)
	w.save()
	w.incident = w.page.evaluate("() => cur_frm.doc.name")
	# the server decides that living alone without guardianship is a mandatory report
	if not w.page.evaluate("() => cur_frm.doc.is_mandatory"):
		raise StepFailed("the server did not mark the report as a mandatory report")
	w.see("已报告", within=".page-head")
	w.see("属于强制报告情形")
	w.shows(incident_type="独自居住、无人监护", police_station="东乡派出所", reporter_name="李红梅")
	w.shot("mandatory-report-saved")
	# the official form: the print button opens it (the DocType's default print format)
	w.page.locator('.page-head button:has(use[href="#icon-printer"])').filter(visible=True).first.click()
	w.page.wait_for_url(desk_url("print/"), timeout=TIMEOUT)
	frame = w.page.frame_locator("iframe.print-format-container")
	try:
		frame.get_by_text("强制报告登记表").first.wait_for(state="visible", timeout=TIMEOUT)
	except Exception:
		raise StepFailed("the print preview does not show the 强制报告登记表 form") from None
	for text in (
		"一、儿童基本情况",
		"二、发现情况",
		CHILD_NAME,
		"东乡派出所",
		"报告人签字",
		"未成年人保护法",
	):
		if not frame.get_by_text(text).count():
			raise StepFailed(f"{text!r} is not on the printed form")
	w.page.wait_for_timeout(800)
	w.shot("mandatory-report-print", full_page=True)


def step_export_ledger(w: Walk) -> None:
	w.goto("/app/query-report/Village Ledger")
	w.page.locator(".dt-scrollable").first.wait_for(state="visible", timeout=TIMEOUT)
	w.settle(1500)
	w.see("村级台账", "儿童姓名", "父亲务工地", "类别", "风险等级")
	w.see(CHILD_NAME, within=".dt-scrollable")
	w.shot("village-ledger")
	with w.page.expect_download(timeout=TIMEOUT) as download_info:
		w.page.get_by_role("button", name="按官方格式导出（.xlsx）").click()
	download = download_info.value
	target = w.out / "village-ledger.xlsx"
	download.save_as(str(target))
	cells = read_xlsx_text(target)
	for text in (CHILD_NAME, "儿童姓名", "身份证号码", "广东省东莞市"):
		if text not in cells:
			raise StepFailed(f"{text!r} is not in the exported ledger {download.suggested_filename}")


def step_phone_size(w: Walk) -> None:
	w.page.set_viewport_size(PHONE)
	pages = (
		("phone-workspace", "/app/village-office", ("村（居）工作台", "留守儿童")),
		("phone-child", f"/app/child/{w.child}", (CHILD_NAME, "儿童姓名", "监护类别")),
		("phone-home-visit", "/app/home-visit/new", ("家访形式", "学习情况")),
		("phone-incident-report", f"/app/incident-report/{w.incident}", ("报告事项类型", "发现时间")),
	)
	try:
		for label, path, texts in pages:
			w.goto(path)
			w.see(*texts)
			w.no_sideways_scroll()
			w.shot(label)
	finally:
		w.page.set_viewport_size(DESK)


# Script payloads (setup_site.PAYLOADS): each pushes its number onto ``top.__x`` if it runs.
INIT_SCRIPT = "window.__x = [];"
TEXT_FIELDS = {
	"Child": (
		"child_name",
		"ethnicity",
		"status_reason",
		"address",
		"school",
		"grade",
		"health_notes",
		"notes",
	),
	"Guardian": ("guardian_name", "address", "capacity_notes", "agreement_signed_with"),
	"Home Visit": (
		"findings_study",
		"findings_daily_life",
		"findings_psychology",
		"findings_safety_health",
		"problems_found",
		"follow_up_actions",
	),
	"Incident Report": (
		"police_station",
		"reporter_unit",
		"description",
		"information_requested",
		"intervention_notes",
	),
	"Dropout Case": ("school", "grade", "reason", "bureau_report_reference"),
	"Risk Assessment": ("notes",),
	"Mentor Assignment": ("mentor_name",),
}


def payload(n: int) -> str:
	"""Mirror of setup_site.payload (the walkthrough runs outside the bench env)."""
	vectors = (
		"<img src=x onerror=top.__x.push({n})>",
		'"><svg onload=top.__x.push({n})>',
		"<script>top.__x.push({n})</script>",
		"<a href=javascript:top.__x.push({n})>链接</a>",
	)
	return vectors[n % len(vectors)].format(n=n) + " ssti:{{7*7}}"


def api(w: Walk, method: str, path: str, data: dict | None = None) -> tuple[int, dict]:
	"""A REST call with the officer's session (as the desk makes it)."""
	token = w.page.evaluate("() => frappe.csrf_token")
	response = w.page.request.fetch(
		w.base_url + path,
		method=method,
		headers={"X-Frappe-CSRF-Token": token, "Accept": "application/json"},
		data=json.dumps(data) if data is not None else None,
	)
	try:
		body = response.json()
	except Exception:
		body = {}
	return response.status, body


def plant(w: Walk, doctype: str, base: dict, numbers: list[int]) -> str | None:
	"""Insert a record through /api/resource, then write a payload into each free-text
	field one PUT at a time (a field the server refuses keeps its value). Returns its name."""
	status, body = api(w, "POST", f"/api/resource/{doctype}", base)
	if status != 200:
		raise StepFailed(f"the officer could not insert a {doctype}: {status} {str(body)[:300]}")
	name = body["data"]["name"]
	for fieldname in TEXT_FIELDS[doctype]:
		n = 100 + len(numbers)
		status, _body = api(w, "PUT", f"/api/resource/{doctype}/{name}", {fieldname: payload(n)})
		if status == 200:
			numbers.append(n)
	return name


def on_dialog(w: Walk, dialog) -> None:
	"""Leave a page whose form is unsaved (the desk asks before unload); any other dialog
	(alert, confirm, prompt) is recorded, as a payload would open one, and dismissed."""
	if dialog.type == "beforeunload":
		dialog.accept()
		return
	w.dialogs.append(f"{dialog.type}: {dialog.message}")
	dialog.dismiss()


def ran(w: Walk) -> list:
	"""Payload numbers that ran on the page (any frame), and dialogs opened."""
	found = []
	for frame in w.page.frames:
		try:
			found += frame.evaluate("() => (window.__x || []).slice()")
		except Exception:
			pass
	return sorted(set(found))


def step_payloads_never_run(w: Walk) -> None:
	import urllib.parse

	numbers: list[int] = []
	today = datetime.date.today().isoformat()
	child = plant(
		w,
		"Child",
		{
			"child_name": "符号测试",
			"village": w.village,
			"gender": "Female",
			"id_number": invented_id_number(datetime.date.today().year - 8, "Female"),
			"parents": [
				{
					"relation": "Father",
					"parent_name": payload(90),
					"status": "Away for Work (Out of Province)",
					"destination": payload(91),
					"away_since": "2024-01-01",
				},
				{
					"relation": "Mother",
					"parent_name": "符号母亲",
					"status": "Away for Work (Out of Province)",
					"destination": payload(92),
					"away_since": "2024-01-01",
				},
			],
		},
		numbers,
	)
	numbers += [90, 91, 92]
	records = {"Child": child}
	records["Guardian"] = plant(w, "Guardian", {"guardian_name": "符号监护人", "village": w.village}, numbers)
	for doctype, base in (
		("Home Visit", {"child": child, "visit_type": "Home Visit", "visit_datetime": f"{today} 09:00:00"}),
		(
			"Incident Report",
			{
				"child": child,
				"incident_type": "Living Alone Without Guardianship",
				"found_on": f"{today} 09:00:00",
			},
		),
		("Dropout Case", {"child": child, "dropped_out_on": today, "registered_on": today}),
		("Risk Assessment", {"child": child, "assessment_date": today}),
		(
			"Mentor Assignment",
			{"child": child, "mentor_type": "Mentor Teacher", "from_date": today, "mentor_name": "符号老师"},
		),
	):
		records[doctype] = plant(w, doctype, base, numbers)
	ledger = json.loads(
		bench(
			w.args,
			"execute",
			"left_behind_care.tests.browser.setup_site.plant_ledger",
			"--kwargs",
			json.dumps({"user": USER}),
		)
		.strip()
		.splitlines()[-1]
	)
	numbers += ledger["numbers"]
	if len(numbers) < 25:
		raise StepFailed(f"only {len(numbers)} payloads were planted: the check would prove little")

	_status, reports = api(
		w,
		"GET",
		"/api/resource/Report?"
		+ urllib.parse.urlencode(
			{
				"filters": json.dumps(
					[["module", "=", "Left Behind Care"], ["report_type", "=", "Script Report"]]
				),
				"limit_page_length": 0,
			}
		),
	)
	_status, formats = api(
		w,
		"GET",
		"/api/resource/Print Format?"
		+ urllib.parse.urlencode(
			{
				"filters": json.dumps([["module", "=", "Left Behind Care"]]),
				"fields": json.dumps(["name", "doc_type"]),
				"limit_page_length": 0,
			}
		),
	)
	pages = []
	for doctype, name in records.items():
		slug = doctype.lower().replace(" ", "-")
		pages += [f"/app/{slug}", f"/app/{slug}/view/report", f"/app/{slug}/{name}"]
	# (the import log is shown on the import's form: its own DocType is read-only, with
	# no list or form in the desk)
	pages += [f"/app/lbc-ledger-import/{ledger['import_name']}", "/app/todo", "/app/village-office"]
	pages += [f"/app/query-report/{urllib.parse.quote(r['name'])}" for r in reports.get("data", [])]
	for print_format in formats.get("data", []):
		name = records.get(print_format["doc_type"])
		if name:
			pages.append(
				"/printview?"
				+ urllib.parse.urlencode(
					{
						"doctype": print_format["doc_type"],
						"name": name,
						"format": print_format["name"],
						"trigger_print": 0,
					}
				)
			)
	if not reports.get("data") or not formats.get("data"):
		raise StepFailed("the app's Script Reports or Print Formats could not be listed")

	shown = {  # screenshots of where the payloads show as text
		f"/app/child/{child}": "child",
		f"/app/lbc-ledger-import/{ledger['import_name']}": "ledger-import",
	}
	failures = []
	for path in pages:
		w.dialogs.clear()
		w.goto(path)
		if "/query-report/" in path:
			w.page.wait_for_timeout(1500)
		if path.startswith("/app/lbc-ledger-import/"):
			w.see("台账符号测试")  # the log shows the imported row
		if path.startswith("/app/child/") and not path.endswith("report"):
			w.see("符号测试")
		text = w.page.evaluate("() => document.body.innerText")
		if path in shown:
			w.shot("payloads-" + shown[path], full_page=True)
		fired = ran(w)
		if fired or w.dialogs or "ssti:49" in text:
			failures.append(
				f"{path}: payloads {fired} ran, dialogs {w.dialogs}, ssti:49 shown {'ssti:49' in text}"
			)
			w.shot("PAYLOAD-" + path.strip("/").replace("/", "-")[:60])
	if failures:
		raise StepFailed(f"{len(failures)} of {len(pages)} pages ran a payload: " + " | ".join(failures))
	print(f"[walkthrough] {len(numbers)} payloads planted, {len(pages)} pages opened, none ran", flush=True)


DEMO_PASSWORD = "Lbc-demo-walk-2026"
# what each demo role's landing workspace shows (Chinese), by role
DEMO_HOME = {
	"Village Child Director": "村（居）工作台",
	"Township Officer": "乡镇（街道）工作台",
	"County Officer": "县（区）工作台",
	"City Officer": "市级工作台",
	"Police Liaison": "公安联络工作台",
	"School Mentor": "帮扶教师工作台",
}


def step_demo_logins(w: Walk) -> None:
	"""Every login ``bench lbc-demo`` prints, at 1280 and 390 px: the desk opens in Chinese
	on the role's own workspace, with figures, and no page scrolls sideways on a phone."""
	prepared = json.loads(
		bench(
			w.args,
			"execute",
			"left_behind_care.tests.browser.setup_site.prepare_demo",
			"--kwargs",
			json.dumps({"password": DEMO_PASSWORD}),
		)
		.strip()
		.splitlines()[-1]
	)
	problems = []
	for user, role, _area in prepared["logins"]:
		for size, viewport in (("desk", DESK), ("phone", PHONE)):
			context = w.context.browser.new_context(
				locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport
			)
			context.set_default_timeout(TIMEOUT)
			page, w.page = w.page, context.new_page()
			try:
				w.goto("/login")
				w.page.fill("#login_email", user)
				w.page.fill("#login_password", DEMO_PASSWORD)
				w.page.click(".btn-login")
				w.page.wait_for_url(DESK_URL, timeout=TIMEOUT)
				w.settle(1500)
				# the workspace's charts run their reports: the shot waits until they are drawn
				w.page.wait_for_function(
					"""() => [...document.querySelectorAll('.widget.dashboard-widget-box')]
						.filter((chart) => chart.offsetParent)
						.every((chart) => chart.querySelector('svg'))""",
					timeout=TIMEOUT,
				)
				w.page.wait_for_timeout(1200)  # the bars grow in
				label = role.split()[0].lower()
				if w.page.evaluate("() => frappe.boot.lang") != "zh":
					problems.append(f"{user}: the desk is not in Chinese")
				if re.search(r"/(app|desk)/user", w.page.url):
					problems.append(f"{user} lands on the Users page")
				home = DEMO_HOME.get(role)
				if home:
					try:
						w.see(home)
					except StepFailed as error:
						problems.append(f"{user} ({size}): {error}")
				broken = w.page.evaluate(
					"() => [...document.images].filter((i) => i.complete && i.naturalWidth === 0 && i.offsetParent).map((i) => i.src)"
				)
				if broken:
					problems.append(f"{user} ({size}): broken images {broken[:2]}")
				logo = w.page.evaluate(
					"() => { const i = document.querySelector('img.app-logo'); return i && i.offsetParent ? i.width : null }"
				)
				if logo == 0:
					problems.append(f"{user} ({size}): the app's logo is drawn 0 px wide")
				if size == "phone":
					try:
						w.no_sideways_scroll()
					except StepFailed as error:
						problems.append(f"{user}: {error}")
				w.shot(f"demo-{label}-{size}", full_page=size == "desk")
			finally:
				w.page = page
				context.close()
	if problems:
		raise StepFailed(f"{len(problems)} problems: " + " | ".join(problems[:8]))
	print(f"[walkthrough] {len(prepared['logins'])} demo logins opened at 1280 and 390 px", flush=True)


STEPS = [
	("login", step_login, ()),
	("village workspace", step_village_workspace, ("login",)),
	("register a child and see the grading", step_register_child, ("login",)),
	("find the child by pinyin", step_pinyin_search, ("register a child and see the grading",)),
	("log a home visit", step_home_visit, ("register a child and see the grading",)),
	(
		"open a mandatory report and print it",
		step_mandatory_report,
		("register a child and see the grading",),
	),
	("export the village ledger", step_export_ledger, ("register a child and see the grading",)),
	("phone-sized forms (390 px)", step_phone_size, ("open a mandatory report and print it",)),
	("script payloads never run", step_payloads_never_run, ("register a child and see the grading",)),
	("every demo login, desk and phone", step_demo_logins, ()),
]


# ----------------------------------------------------------------------------- helpers


def invented_id_number(year: int, gender: str) -> str:
	"""A valid, invented 18-digit resident identity number (region 520302, Zunyi)."""
	from stdnum.cn import ric

	birth = datetime.date(year, random.randint(1, 12), random.randint(1, 28))
	sequence = random.randrange(0, 500) * 2 + (1 if gender == "Male" else 0)
	body = f"520302{birth:%Y%m%d}{sequence:03d}"
	return body + ric.calc_check_digit(body + "0")


def read_xlsx_text(path: Path) -> str:
	"""Every cell of a workbook as one string."""
	from openpyxl import load_workbook

	workbook = load_workbook(path, read_only=True)
	return "\n".join(
		str(cell)
		for sheet in workbook.worksheets
		for row in sheet.iter_rows(values_only=True)
		for cell in row
		if cell
	)


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


def bench(args: argparse.Namespace, *command: str, **popen) -> subprocess.Popen | str:
	"""Run a bench command for the site (``frappe.utils.bench_helper``, as ``bench`` does)."""
	argv = [args.bench_python, "-m", "frappe.utils.bench_helper", "frappe", "--site", args.site, *command]
	if popen:
		return subprocess.Popen(argv, cwd=args.sites, **popen)
	done = subprocess.run(argv, cwd=args.sites, capture_output=True, text=True)
	if done.returncode:
		raise RuntimeError(
			f"bench {' '.join(command[:2])} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
		)
	return done.stdout


def wait_for_server(url: str, seconds: int = 90) -> None:
	deadline = time.time() + seconds
	while time.time() < deadline:
		try:
			with urllib.request.urlopen(url + "/api/method/ping", timeout=5) as response:
				if response.status == 200:
					return
		except OSError:
			time.sleep(1)
	raise RuntimeError(f"the site did not answer at {url} within {seconds} s")


def wanted_steps(only: list[str] | None) -> list:
	"""The steps to run: all, or those named in ``only`` and the steps they need."""
	if not only:
		return STEPS
	by_name = {name: needs for name, _function, needs in STEPS}
	unknown = [name for name in only if name not in by_name]
	if unknown:
		raise SystemExit(f"no such step: {', '.join(unknown)}; steps: {', '.join(by_name)}")
	keep, todo = set(), list(only)
	while todo:
		name = todo.pop()
		if name not in keep:
			keep.add(name)
			todo += by_name[name]
	return [step for step in STEPS if step[0] in keep]


def run_steps(w: Walk, chromium: str, only: list[str] | None = None) -> None:
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
		w.context = browser.new_context(
			locale="zh-CN", timezone_id="Asia/Shanghai", viewport=DESK, accept_downloads=True
		)
		w.context.set_default_timeout(TIMEOUT)
		w.context.add_init_script(INIT_SCRIPT)
		w.page = w.context.new_page()
		w.page.on("dialog", lambda dialog: on_dialog(w, dialog))
		passed = set()
		for name, function, needs in wanted_steps(only):
			step = Step(name)
			w.steps.append(step)
			missing = [need for need in needs if need not in passed]
			if missing:
				step.status, step.message = "skipped", f"needs: {', '.join(missing)}"
				print(f"[walkthrough] SKIP {name} ({step.message})", flush=True)
				continue
			w.current = step
			start = time.time()
			try:
				function(w)
				passed.add(name)
			except Exception as error:
				step.status = "failed"
				step.message = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
				step.detail = traceback.format_exc()
				try:
					w.shot("FAILED-" + name.split()[0])
				except Exception:
					pass
			step.seconds = time.time() - start
			print(
				f"[walkthrough] {step.status.upper()} {name} ({step.seconds:.1f} s) {step.message}",
				flush=True,
			)
		browser.close()


def write_junit(steps: list[Step], path: Path) -> None:
	suite = ET.Element(
		"testsuite",
		name="browser-walkthrough",
		tests=str(len(steps)),
		failures=str(sum(s.status == "failed" for s in steps)),
		errors="0",
		skipped=str(sum(s.status == "skipped" for s in steps)),
		time=f"{sum(s.seconds for s in steps):.2f}",
	)
	for step in steps:
		case = ET.SubElement(
			suite,
			"testcase",
			classname="left_behind_care.browser.walkthrough",
			name=step.name,
			time=f"{step.seconds:.2f}",
		)
		if step.status == "failed":
			ET.SubElement(case, "failure", message=step.message).text = step.detail
		elif step.status == "skipped":
			ET.SubElement(case, "skipped", message=step.message)
		if step.screenshots:
			ET.SubElement(case, "system-out").text = "\n".join(step.screenshots)
	path.parent.mkdir(parents=True, exist_ok=True)
	ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def main(argv: list[str] | None = None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--sites", required=True, help="the bench's sites folder")
	parser.add_argument("--site", required=True, help="a test site (allow_tests) on that bench")
	parser.add_argument("--bench-python", required=True, help="the bench env's python")
	parser.add_argument("--chromium", default="/usr/bin/chromium")
	parser.add_argument("--url", help="a server already serving the site (default: start bench serve)")
	parser.add_argument("--out", default="test-results", help="results folder (git-ignored)")
	parser.add_argument("--only", action="append", help="run this step (and the steps it needs); repeatable")
	args = parser.parse_args(argv)

	out = Path(args.out).resolve()
	shots = out / "screenshots"
	shots.mkdir(parents=True, exist_ok=True)
	for old in shots.glob("*.png"):
		old.unlink()

	try:
		prepared = json.loads(
			bench(
				args,
				"execute",
				"left_behind_care.tests.browser.setup_site.prepare",
				"--kwargs",
				json.dumps({"user": USER, "password": PASSWORD}),
			)
			.strip()
			.splitlines()[-1]
		)
	except Exception as error:
		print(f"[walkthrough] FAILED to set up the site: {error}", flush=True)
		write_junit(
			[Step("set up the site", "failed", str(error).splitlines()[0], str(error))], out / "browser.xml"
		)
		return 1
	print(f"[walkthrough] officer {prepared['user']} of {' '.join(prepared['village_path'])}", flush=True)

	server = None
	url = args.url
	if not url:
		port = free_port()
		url = f"http://127.0.0.1:{port}"
		log = open(out / "browser-server.log", "w")
		server = bench(
			args,
			"serve",
			"--port",
			str(port),
			"--noreload",
			stdout=log,
			stderr=subprocess.STDOUT,
			start_new_session=True,
			env={**os.environ, "CI": "1"},
		)
	walk = Walk(base_url=url, shots=shots, out=out, args=args)
	try:
		wait_for_server(url)
		run_steps(walk, args.chromium, args.only)
	except Exception as error:
		walk.steps.append(
			Step("start", status="failed", message=str(error)[:300], detail=traceback.format_exc())
		)
		print(f"[walkthrough] FAILED to run: {error}", flush=True)
	finally:
		if server:
			server.terminate()
			try:
				server.wait(timeout=20)
			except subprocess.TimeoutExpired:
				server.kill()
	write_junit(walk.steps, out / "browser.xml")
	failed = [s for s in walk.steps if s.status == "failed"]
	print(
		f"[walkthrough] {sum(s.status == 'passed' for s in walk.steps)} passed, {len(failed)} failed, "
		f"{sum(s.status == 'skipped' for s in walk.steps)} skipped; screenshots in {shots}",
		flush=True,
	)
	return 1 if failed or not walk.steps else 0


if __name__ == "__main__":
	sys.exit(main())
