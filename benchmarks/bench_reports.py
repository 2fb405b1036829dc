"""Benchmark of the tier reports against hand-written SQL (run on demand, not a test).

    cd frappe-bench/sites
    ../env/bin/python ../apps/left_behind_care/benchmarks/bench_reports.py --site bench.localhost
    ../env/bin/python ../apps/left_behind_care/benchmarks/bench_reports.py --site bench.localhost --children 10000

On generated data (by default the issue's size: 100,000 children, 400,000 visits,
5,000 incidents over 1 city / 5 counties / 60 townships / 1,200 villages; smaller with
``--children``, the rest scaled to it) it times, on the same database:

- the Area Summary for the city and for one county, as ``execute()`` returns it,
  against one hand-written GROUP BY statement giving the same numbers (the numbers
  are compared first); goal ≤ 1.5×;
- the Village Ledger of one village for a village officer scoped by User Permission,
  against the same report unrestricted (Administrator); goal ≤ 2×;

and prints the absolute times (best of ``--repeat`` runs, after a warm-up) and the
ratios. The data lives under its own invented city 基准市 (names say so) and is
generated once with bulk inserts; later runs reuse it (``--rebuild`` makes it anew,
``--drop`` removes it). It writes a lot: use a site of its own, never a production
site. The script refuses a site without ``allow_tests`` (the flag of a site meant
for tests).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time

CITY = "基准市"
PREFIX = "BM"
OFFICER = "bench-village-officer@example.invalid"


def parse_args(argv=None):
	"""The command line (see the module docstring)."""
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True, help="the site to run on (its own, with allow_tests)")
	parser.add_argument(
		"--sites-path", default=".", help="the bench's sites folder (default: current folder)"
	)
	parser.add_argument("--children", type=int, default=100_000)
	parser.add_argument("--visits-per-child", type=float, default=4.0)
	parser.add_argument("--incidents-per-1000", type=float, default=50.0)
	parser.add_argument("--counties", type=int, default=5)
	parser.add_argument("--townships", type=int, default=60, help="townships in all")
	parser.add_argument("--villages", type=int, default=1200, help="villages in all")
	parser.add_argument("--repeat", type=int, default=5)
	parser.add_argument("--seed", type=int, default=2026)
	parser.add_argument("--rebuild", action="store_true", help="drop and generate the data again")
	parser.add_argument("--drop", action="store_true", help="remove the generated data and stop")
	return parser.parse_args(argv)


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


def build_tree(counties: int, townships: int, villages: int) -> list[dict]:
	"""The invented area tree with nested-set bounds, as rows for bulk insert."""
	nodes = []
	counter = [0]

	def visit(name, area_name, tier, parent, children):
		counter[0] += 1
		node = {"name": name, "area_name": area_name, "tier": tier, "parent": parent, "lft": counter[0]}
		nodes.append(node)
		for child in children():
			visit(*child)
		counter[0] += 1
		node["rgt"] = counter[0]

	per_county = [townships // counties + (1 if i < townships % counties else 0) for i in range(counties)]
	per_township = [villages // townships + (1 if i < villages % townships else 0) for i in range(townships)]

	def city_children():
		township_index = 0
		for c in range(counties):
			county = f"{CITY}第{c + 1}县（基准）"

			def county_children(c=c, county=county, start=township_index):
				for t in range(per_county[c]):
					index = start + t
					township = f"{county}第{t + 1}镇"

					def township_children(index=index, township=township):
						for v in range(per_township[index]):
							yield (
								f"{township}第{v + 1}村",
								f"第{v + 1}村",
								"Village/Community",
								township,
								lambda: [],
							)

					yield (township, f"第{t + 1}镇", "Township/Street", county, township_children)

			township_index += per_county[c]
			yield (county, f"第{c + 1}县（基准）", "County/District", CITY, county_children)

	visit(CITY, CITY, "City", None, city_children)
	return nodes


def drop_data(frappe):
	"""Remove everything this script generated (by its name prefix and area tree)."""
	area = frappe.db.get_value("Administrative Area", CITY, ["lft", "rgt"], as_dict=True)
	for doctype in ("Home Visit", "Incident Report", "Mentor Assignment", "Child Status Log"):
		frappe.db.sql(f"delete from `tab{doctype}` where name like %s", f"{PREFIX}-%")  # nosemgrep
	frappe.db.sql("delete from `tabChild Parent` where parent like %s", f"{PREFIX}-%")
	frappe.db.sql("delete from `tabChild` where name like %s", f"{PREFIX}-%")
	if area:
		frappe.db.sql(
			"delete from `tabAdministrative Area` where lft >= %s and rgt <= %s", (area.lft, area.rgt)
		)
		# close the gap the tree leaves, so the nested set stays consistent
		width = area.rgt - area.lft + 1
		frappe.db.sql("update `tabAdministrative Area` set lft = lft - %s where lft > %s", (width, area.rgt))
		frappe.db.sql("update `tabAdministrative Area` set rgt = rgt - %s where rgt > %s", (width, area.rgt))
	frappe.db.delete("User Permission", {"user": OFFICER})
	frappe.db.commit()


def generate(frappe, args) -> None:
	"""Bulk-insert the benchmark data (areas, children, parents, pairings, visits, incidents)."""
	rng = random.Random(args.seed)
	now = datetime.datetime.now().replace(microsecond=0)
	today = now.date()
	offset = frappe.db.sql("select max(rgt) from `tabAdministrative Area`")[0][0] or 0
	tree = build_tree(args.counties, args.townships, args.villages)
	base = {
		"owner": "Administrator",
		"modified_by": "Administrator",
		"creation": now,
		"modified": now,
		"docstatus": 0,
	}
	frappe.db.bulk_insert(
		"Administrative Area",
		["name", "area_name", "tier", "parent_administrative_area", "is_group", "lft", "rgt", *base],
		[
			(
				n["name"],
				n["area_name"],
				n["tier"],
				n["parent"],
				int(n["tier"] != "Village/Community"),
				n["lft"] + offset,
				n["rgt"] + offset,
				*base.values(),
			)
			for n in tree
		],
	)
	villages = [n["name"] for n in tree if n["tier"] == "Village/Community"]
	levels = ["正常"] * 12 + ["四级", "四级", "三级", "二级", "一级"]
	assessments = {
		"正常": ["较好", "一般", ""],
		"四级": ["一般", "差"],
		"三级": ["一般", "差"],
		"二级": ["差"],
		"一级": ["差"],
	}
	relationships = (
		[("Paternal Grandmother", "三类")] * 5
		+ [("Uncle", "二类")] * 2
		+ [("Neighbour", "一类"), (None, "一类")]
	)
	child_fields = [
		"name",
		"naming_series",
		"child_name",
		"gender",
		"birth_date",
		"village",
		"status",
		"is_left_behind",
		"guardianship_category",
		"guardian_relationship",
		"risk_level",
		"guardian_assessment",
		"schooling_status",
		"last_visit_date",
		"next_visit_due",
		"id_number",
		"ethnicity",
		*base,
	]
	parent_fields = [
		"name",
		"parent",
		"parenttype",
		"parentfield",
		"idx",
		"relation",
		"status",
		"destination",
		"away_since",
		*base,
	]
	pairing_fields = [
		"name",
		"child",
		"village",
		"mentor_name",
		"mentor_type",
		"from_date",
		"is_active",
		*base,
	]
	visit_fields = ["name", "child", "child_name", "village", "visit_type", "visit_datetime", *base]
	incident_fields = [
		"name",
		"child",
		"child_name",
		"village",
		"incident_type",
		"is_mandatory",
		"status",
		"found_on",
		*base,
	]
	children, parents, pairings, visits, incidents = [], [], [], [], []
	visit_count = incident_count = 0
	total_visits = int(args.children * args.visits_per_child)
	total_incidents = int(args.children * args.incidents_per_1000 / 1000)

	def flush(force=False):
		for doctype, fields, rows in (
			("Child", child_fields, children),
			("Child Parent", parent_fields, parents),
			("Mentor Assignment", pairing_fields, pairings),
			("Home Visit", visit_fields, visits),
			("Incident Report", incident_fields, incidents),
		):
			if rows and (force or len(rows) >= 5000):
				frappe.db.bulk_insert(doctype, fields, rows)
				rows.clear()
		frappe.db.commit()

	for i in range(args.children):
		name = f"{PREFIX}-CH-{i:07d}"
		village = villages[i % len(villages)]
		left_behind = rng.random() < 0.8
		status = "Active" if left_behind or rng.random() < 0.7 else "No Longer Left Behind"
		if rng.random() < 0.02:
			status = "Moved Away"
		level = rng.choice(levels)
		relationship, category = rng.choice(relationships)
		birth = today - datetime.timedelta(days=rng.randint(100, 17 * 365 + 300))
		last_visit = today - datetime.timedelta(days=rng.randint(0, 40)) if rng.random() < 0.9 else None
		# as the daily duty job leaves it: the earliest next contact due, some already past
		next_due = today + datetime.timedelta(days=rng.randint(-20, 14)) if left_behind else None
		children.append(
			(
				name,
				"LBC-CH-.#####",
				f"基准儿童{i}",
				rng.choice(["Male", "Female"]),
				birth,
				village,
				status,
				int(left_behind),
				category if left_behind else None,
				relationship,
				level,
				rng.choice(assessments[level]) or None,
				rng.choice(["In School"] * 8 + ["Dropped Out", "Not Yet in School"]),
				last_visit,
				next_due,
				f"BM{i:016d}",
				"汉族",
				*base.values(),
			)
		)
		away = today - datetime.timedelta(days=400)
		parents.append(
			(
				f"{name}-F",
				name,
				"Child",
				"parents",
				1,
				"Father",
				"Away for Work (Out of Province)",
				"广东省东莞市",
				away,
				*base.values(),
			)
		)
		parents.append(
			(
				f"{name}-M",
				name,
				"Child",
				"parents",
				2,
				"Mother",
				"Away for Work (In Province)" if left_behind else "At Home",
				None,
				away if left_behind else None,
				*base.values(),
			)
		)
		if rng.random() < 0.6:
			pairings.append(
				(
					f"{PREFIX}-MA-{i:07d}",
					name,
					village,
					f"基准导师{i // 2}",
					"Mentor Teacher",
					today - datetime.timedelta(days=200),
					1,
					*base.values(),
				)
			)
		want_visits = total_visits * (i + 1) // args.children - visit_count
		for _v in range(want_visits):
			when = now - datetime.timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
			visits.append(
				(
					f"{PREFIX}-HV-{visit_count:08d}",
					name,
					f"基准儿童{i}",
					village,
					"Home Visit",
					when,
					*base.values(),
				)
			)
			visit_count += 1
		want_incidents = total_incidents * (i + 1) // args.children - incident_count
		for _n in range(want_incidents):
			kind = rng.choice(["Missing", "Dropout", "Suspected Domestic Violence", "Other"])
			incidents.append(
				(
					f"{PREFIX}-IR-{incident_count:07d}",
					name,
					f"基准儿童{i}",
					village,
					kind,
					int(kind not in ("Dropout", "Other")),
					rng.choice(["Reported", "In Service", "Closed", "Closed"]),
					now - datetime.timedelta(days=rng.randint(0, 300)),
					*base.values(),
				)
			)
			incident_count += 1
		if len(visits) >= 20000:
			flush(force=True)
			print(f"  … {i + 1:,} children", file=sys.stderr)
	flush(force=True)


def ensure_officer(frappe, village: str) -> str:
	"""A Village Child Director scoped to one benchmark village by User Permission."""
	if not frappe.db.exists("User", OFFICER):
		from left_behind_care.utils import insert_desk_user

		insert_desk_user(OFFICER, "Bench Officer")
	user = frappe.get_doc("User", OFFICER)
	user.set("roles", [])
	user.add_roles("Village Child Director")
	frappe.db.delete("User Permission", {"user": OFFICER})
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": OFFICER,
			"allow": "Administrative Area",
			"for_value": village,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	frappe.clear_cache(user=OFFICER)
	return OFFICER


# --------------------------------------------------------------------------------------
# The hand-written SQL (one GROUP BY statement with the summary's numbers)
# --------------------------------------------------------------------------------------


def hand_written_summary(frappe, area: str, from_date, to_date, today, age_limit: int):
	"""The Area Summary's numbers for ``area`` in one hand-written statement.

	Written as one would by hand for this tree's fixed depth: a village's row area is
	its township (a county's rows) or its township's county (the city's rows), reached
	by equality joins on the parent link.
	"""
	from dateutil.relativedelta import relativedelta

	tier = frappe.db.get_value("Administrative Area", area, "tier")
	if tier == "County/District":
		bucket = "join `tabAdministrative Area` bucket on bucket.name = v.parent_administrative_area"
	else:
		bucket = (
			"join `tabAdministrative Area` t on t.name = v.parent_administrative_area "
			"join `tabAdministrative Area` bucket on bucket.name = t.parent_administrative_area"
		)

	cut = {age: today - relativedelta(years=age) for age in (6, 14)}
	lb = "c.is_left_behind = 1"
	sql = f"""
	select b.name as area, ch.*, coalesce(vi.visits, 0) as visits, coalesce(inc.open_incidents, 0) as open_incidents
	from `tabAdministrative Area` b
	left join (
		select bucket.name as bucket_name,
			count(*) as children,
			sum({lb}) as left_behind,
			sum({lb} and c.gender = 'Male') as male,
			sum({lb} and c.gender = 'Female') as female,
			sum({lb} and (c.gender is null or c.gender not in ('Male', 'Female'))) as gender_unknown,
			sum({lb} and c.birth_date > %(cut6)s) as age_0_5,
			sum({lb} and c.birth_date <= %(cut6)s and c.birth_date > %(cut14)s) as age_6_13,
			sum({lb} and c.birth_date <= %(cut14)s) as age_14,
			sum({lb} and c.guardianship_category = '一类') as category_1,
			sum({lb} and c.guardianship_category = '二类') as category_2,
			sum({lb} and c.guardianship_category = '三类') as category_3,
			sum({lb} and c.risk_level = '一级') as level_1,
			sum({lb} and c.risk_level = '二级') as level_2,
			sum({lb} and c.risk_level = '三级') as level_3,
			sum({lb} and c.risk_level = '四级') as level_4,
			sum({lb} and (c.risk_level is null or c.risk_level not in ('一级', '二级', '三级', '四级'))) as level_normal,
			sum({lb} and c.guardian_assessment = '较好') as assessment_good,
			sum({lb} and c.guardian_assessment = '一般') as assessment_fair,
			sum({lb} and c.guardian_assessment = '差') as assessment_poor,
			sum({lb} and (c.guardian_assessment is null or c.guardian_assessment not in ('较好', '一般', '差'))) as assessment_none,
			sum({lb} and (c.schooling_status is null or c.schooling_status not in ('Dropped Out', 'Not Yet in School'))) as in_school,
			sum({lb} and c.schooling_status = 'Dropped Out') as dropped_out,
			sum({lb} and c.schooling_status = 'Not Yet in School') as not_in_school,
			sum({lb} and exists (select 1 from `tabMentor Assignment` m where m.child = c.name and m.is_active = 1 and m.mentor_type != 'Peer Study Buddy')) as with_mentor,
			sum({lb} and not exists (select 1 from `tabMentor Assignment` m where m.child = c.name and m.is_active = 1 and m.mentor_type != 'Peer Study Buddy')) as without_mentor,
			sum({lb} and c.status = 'Active' and c.next_visit_due < %(today)s) as overdue
		from `tabChild` c
		join `tabAdministrative Area` v on v.name = c.village
		{bucket}
		where c.status in ('Active', 'No Longer Left Behind') and bucket.parent_administrative_area = %(area)s
		group by bucket.name
	) ch on ch.bucket_name = b.name
	left join (
		select bucket.name as bucket_name, count(*) as visits
		from `tabHome Visit` hv
		join `tabAdministrative Area` v on v.name = hv.village
		{bucket}
		where hv.visit_datetime >= %(from_dt)s and hv.visit_datetime < %(to_dt)s
			and bucket.parent_administrative_area = %(area)s
		group by bucket.name
	) vi on vi.bucket_name = b.name
	left join (
		select bucket.name as bucket_name, count(*) as open_incidents
		from `tabIncident Report` ir
		join `tabAdministrative Area` v on v.name = ir.village
		{bucket}
		where ir.status != 'Closed' and bucket.parent_administrative_area = %(area)s
		group by bucket.name
	) inc on inc.bucket_name = b.name
	where b.parent_administrative_area = %(area)s
	order by b.lft
	"""
	rows = frappe.db.sql(
		sql,
		{
			"area": area,
			"cut6": cut[6],
			"cut14": cut[14],
			"today": today,
			"from_dt": datetime.datetime.combine(from_date, datetime.time.min),
			"to_dt": datetime.datetime.combine(to_date + datetime.timedelta(days=1), datetime.time.min),
		},
		as_dict=True,
	)
	last_band = f"age_14_{age_limit - 1}"
	for row in rows:
		row[last_band] = row.pop("age_14")
		row.pop("bucket_name", None)
	return rows


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


def best_of(fn, repeat: int) -> tuple[float, object, float]:
	"""(best wall time in seconds, last result, median time) over ``repeat`` runs after a warm-up."""
	result = fn()
	times = []
	for _i in range(repeat):
		start = time.perf_counter()
		result = fn()
		times.append(time.perf_counter() - start)
	return min(times), result, statistics.median(times)


def compare(report_rows, sql_rows, keys) -> list[str]:
	"""The differences between the report's rows and the SQL's, per area and key ([] when equal)."""
	by_area = {row["area"]: row for row in sql_rows}
	problems = []
	for row in report_rows:
		other = by_area.get(row["area"], {})
		for key in keys:
			if int(row[key] or 0) != int(other.get(key) or 0):
				problems.append(f"{row['area']} {key}: report {row[key]} ≠ SQL {other.get(key)}")
	return problems


def main(argv=None):
	"""Connect to the site, make sure of the data and the indexes, run the timings."""
	args = parse_args(argv)
	os.chdir(args.sites_path)
	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		if not frappe.conf.allow_tests:
			sys.exit(f"{args.site} does not have allow_tests set: run the benchmark on a site of its own.")
		if args.drop or args.rebuild:
			drop_data(frappe)
			if args.drop:
				print("benchmark data removed")
				return
		have = frappe.db.count("Child", {"name": ("like", f"{PREFIX}-%")})
		if have != args.children:
			if have:
				drop_data(frappe)
			print(
				f"generating {args.children:,} children, {int(args.children * args.visits_per_child):,} visits, "
				f"{int(args.children * args.incidents_per_1000 / 1000):,} incidents over 1 city / {args.counties} "
				f"counties / {args.townships} townships / {args.villages} villages …",
				file=sys.stderr,
			)
			start = time.perf_counter()
			generate(frappe, args)
			print(f"generated in {time.perf_counter() - start:.0f} s", file=sys.stderr)
		# the indexes the app adds when its DocTypes are synced (on_doctype_update), made sure of
		# here too: a site created before they were added has them only after a migrate
		for module in ("home_visit.home_visit", "mentor_assignment.mentor_assignment"):
			frappe.get_attr(f"left_behind_care.left_behind_care.doctype.{module}.on_doctype_update")()
		frappe.db.commit()
		frappe.db.sql(
			"analyze table `tabChild`, `tabHome Visit`, `tabIncident Report`, `tabMentor Assignment`, `tabAdministrative Area`, `tabChild Parent`"
		)
		run_benchmarks(frappe, args)
	finally:
		frappe.destroy()


def run_benchmarks(frappe, args):
	"""Time the reports against their baselines and print the times and ratios."""
	from frappe.utils import getdate, nowdate

	from left_behind_care import reporting, rules
	from left_behind_care.left_behind_care.report.area_summary import area_summary
	from left_behind_care.left_behind_care.report.village_ledger import village_ledger

	today = getdate(nowdate())
	from_date, to_date = rules.quarter_bounds(*rules.quarter_of(today))
	limit = reporting.age_limit()
	county = frappe.get_all(
		"Administrative Area",
		filters={"parent_administrative_area": CITY},
		pluck="name",
		order_by="lft asc",
		limit=1,
	)[0]
	village = frappe.get_all(
		"Administrative Area",
		filters={
			"tier": "Village/Community",
			"lft": (">", frappe.db.get_value("Administrative Area", county, "lft")),
		},
		pluck="name",
		order_by="lft asc",
		limit=1,
	)[0]
	counts = {
		"children": frappe.db.count("Child", {"name": ("like", f"{PREFIX}-%")}),
		"visits": frappe.db.count("Home Visit", {"name": ("like", f"{PREFIX}-%")}),
		"incidents": frappe.db.count("Incident Report", {"name": ("like", f"{PREFIX}-%")}),
		"areas": frappe.db.count("Administrative Area", {"name": ("like", f"{CITY}%")}),
	}
	print(
		f"data: {counts['children']:,} children, {counts['visits']:,} visits, {counts['incidents']:,} incidents, "
		f"{counts['areas']:,} areas; best of {args.repeat} runs after a warm-up\n"
	)
	frappe.set_user("Administrator")
	results = []
	for label, area in (("city", CITY), (f"county ({county})", county)):
		filters = frappe._dict(area=area, from_date=from_date, to_date=to_date)
		report_time, report_result, report_median = best_of(
			lambda f=filters: area_summary.execute(f), args.repeat
		)
		sql_time, sql_rows, sql_median = best_of(
			lambda a=area: hand_written_summary(frappe, a, from_date, to_date, today, limit),
			args.repeat,
		)
		rows = report_result[1][:-1]
		problems = compare(rows, sql_rows, area_summary.count_keys())
		if problems:
			print("  NUMBERS DIFFER:\n  " + "\n  ".join(problems[:20]))
		ratio = report_time / sql_time
		results.append((f"Area Summary, {label}", report_time, sql_time, ratio, 1.5, not problems))
		print(
			f"Area Summary for the {label}: {len(rows)} rows, same numbers: {'yes' if not problems else 'NO'}\n"
			f"  report execute(): {report_time * 1000:8.1f} ms (median {report_median * 1000:.1f})\n"
			f"  hand-written SQL: {sql_time * 1000:8.1f} ms (median {sql_median * 1000:.1f})\n"
			f"  ratio {ratio:.2f}× (goal ≤ 1.5×)\n"
		)
	officer = ensure_officer(frappe, village)
	filters = frappe._dict(area=village)

	def ledger():
		# the scope is built anew each time, as in each request
		frappe.flags.lbc_scope_cache = None
		return village_ledger.execute(filters)

	frappe.set_user(officer)
	try:
		scoped_time, scoped_result, scoped_median = best_of(ledger, args.repeat)
	finally:
		frappe.set_user("Administrator")
	open_time, open_result, open_median = best_of(ledger, args.repeat)
	same = [r["child"] for r in scoped_result[1]] == [r["child"] for r in open_result[1]]
	ratio = scoped_time / open_time
	results.append(("Village Ledger, village officer", scoped_time, open_time, ratio, 2.0, same))
	print(
		f"Village Ledger for {village}: {len(scoped_result[1])} children, same rows: {'yes' if same else 'NO'}\n"
		f"  village officer (User Permission): {scoped_time * 1000:8.1f} ms (median {scoped_median * 1000:.1f})\n"
		f"  unrestricted (same query):         {open_time * 1000:8.1f} ms (median {open_median * 1000:.1f})\n"
		f"  ratio {ratio:.2f}× (goal ≤ 2×)\n"
	)
	print("summary")
	for name, measured, baseline, ratio, goal, same in results:
		verdict = "ok" if ratio <= goal and same else "MISSED"
		print(
			f"  {name:34s} {measured * 1000:8.1f} ms vs {baseline * 1000:8.1f} ms  {ratio:5.2f}× (≤ {goal}×) {verdict}"
		)


if __name__ == "__main__":
	main()
