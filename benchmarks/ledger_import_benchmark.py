"""Benchmark, run on demand (not a test): one ledger through the LBC ledger importer and
through Frappe's own Data Import, side by side in one run, with the ratio.

The same generated ledger (default 10,000 invented children, Faker zh_CN) is
1. imported by Frappe's Data Import (``Insert New Records`` into Child), from the same
   records laid out as Data Import's own template (Data Import cannot read the ledger
   layout: title row, office/date row, Chinese headers), then deleted again;
2. imported by the LBC Ledger Import from the ledger itself.
Both commit after every row, as each does in production. The ledger importer also
writes a Guardian and a Mentor Assignment per row, which Data Import cannot.

With ``--memory`` each importer also runs in fresh processes on 2,000 and on the full
number of rows, and the peak resident memory (VmHWM) of each run is printed.

Run it on a throw-away site (it creates 云溪市（虚构）→ 基准区（虚构）→ 基准镇 → 基准村 and
removes what it imported unless ``--keep``):

    cd frappe-bench/sites
    ../env/bin/python ../apps/left_behind_care/benchmarks/ledger_import_benchmark.py \\
        --site bench.localhost --rows 10000 [--memory]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time

CITY, DISTRICT, TOWNSHIP, VILLAGE = "云溪市（虚构）", "基准区（虚构）", "基准镇", "基准村"
CHILD_FIELDS = [
	"child_name",
	"gender",
	"birth_date",
	"ethnicity",
	"village",
	"id_number",
	"school",
	"grade",
	"guardian_name",
	"guardian_relationship",
	"low_income_family",
	"health_status",
	"address",
]
PARENT_FIELDS = ["relation", "parent_name", "status", "destination", "away_since"]


def connect(site: str):
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	return frappe


def ensure_village(frappe) -> str:
	from left_behind_care.demo import ensure_area

	city, _ = ensure_area(CITY, "City", None)
	district, _ = ensure_area(DISTRICT, "County/District", city)
	township, _ = ensure_area(TOWNSHIP, "Township/Street", district)
	village, _ = ensure_area(VILLAGE, "Village/Community", township)
	frappe.db.commit()
	return village


def make_ledger(rows: int, seed: int) -> bytes:
	"""A ledger of ``rows`` invented children in the sample layout (the demo's generator)."""
	import datetime

	from left_behind_care.demo import PersonFactory, generated_ledger

	return generated_ledger(PersonFactory(seed), TOWNSHIP, VILLAGE, rows, datetime.date(2026, 9, 30))


def data_import_file(ledger: bytes, village: str) -> bytes:
	"""The ledger's records as an .xlsx in Data Import's template (its own header labels)."""
	from frappe.core.doctype.data_import.exporter import Exporter
	from openpyxl import Workbook

	from left_behind_care.ledger import normalize, reader

	header = Exporter("Child", export_fields={"Child": CHILD_FIELDS, "parents": PARENT_FIELDS}).csv_array[0]
	workbook = Workbook(write_only=True)
	sheet = workbook.create_sheet("Child")
	sheet.append(header)
	source = reader.open_workbook(io.BytesIO(ledger))
	for summary in reader.summarize(source):
		for raw in reader.iter_rows(source[summary.name], summary.layout):
			record = normalize.normalize_row(raw)
			child = [
				record.child_name,
				record.gender,
				record.birth_date,
				record.ethnicity,
				village,
				record.id_number,
				record.school,
				record.grade,
				record.guardian_name,
				record.guardian_relationship.value if record.guardian_relationship else None,
				int(bool(record.low_income)),
				"Disabled" if record.disabled else "Healthy",
				record.address,
			]
			parents = [
				[relation, p.name, p.status or "Unknown", p.destination, p.away_since]
				for relation, p in (("Father", record.father), ("Mother", record.mother))
			]
			sheet.append(child + parents[0])
			sheet.append([None] * len(child) + parents[1])
	buffer = io.BytesIO()
	workbook.save(buffer)
	return buffer.getvalue()


def attach(frappe, doctype: str, name: str, content: bytes, file_name: str, field: str) -> str:
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"attached_to_field": field,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value(doctype, name, field, file_doc.file_url)
	frappe.db.commit()
	return file_doc.file_url


def run_data_import(frappe, content: bytes) -> tuple[float, int]:
	from frappe.core.doctype.data_import.importer import Importer

	doc = frappe.get_doc(
		{"doctype": "Data Import", "reference_doctype": "Child", "import_type": "Insert New Records"}
	).insert(ignore_permissions=True)
	attach(frappe, "Data Import", doc.name, content, "benchmark-data-import.xlsx", "import_file")
	doc.reload()
	start = time.perf_counter()
	Importer("Child", data_import=doc).import_data()
	elapsed = time.perf_counter() - start
	frappe.db.commit()
	logs = frappe.get_all("Data Import Log", filters={"data_import": doc.name, "success": 1}, pluck="name")
	return elapsed, len(logs)


def run_ledger_import(frappe, content: bytes) -> tuple[float, dict]:
	from left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import import run_import

	# as the desk does it: the file is uploaded first, then the import saved with its URL
	# (Frappe attaches it; an Attach field may name only a file its user may read)
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": "benchmark-ledger.xlsx", "content": content, "is_private": 1}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc({"doctype": "LBC Ledger Import", "import_file": file_doc.file_url}).insert(
		ignore_permissions=True
	)
	frappe.db.commit()
	start = time.perf_counter()
	result = run_import(doc.name, commit=True, publish=False)
	return time.perf_counter() - start, result


def clear_village(frappe, village: str) -> None:
	"""Delete what the runs imported into the benchmark village (children and their records)."""
	children = frappe.get_all("Child", filters={"village": village}, pluck="name")
	for start in range(0, len(children), 1000):
		batch = children[start : start + 1000]
		frappe.db.delete("Child Parent", {"parenttype": "Child", "parent": ["in", batch]})
		frappe.db.delete("Child Status Log", {"child": ["in", batch]})
		frappe.db.delete("Version", {"ref_doctype": "Child", "docname": ["in", batch]})
		frappe.db.delete("Mentor Assignment", {"child": ["in", batch]})
		frappe.db.delete("Child", {"name": ["in", batch]})
	frappe.db.delete("Guardian", {"village": village})
	frappe.db.commit()


def peak_rss_kib() -> int:
	with open("/proc/self/status") as status:
		for line in status:
			if line.startswith("VmHWM:"):
				return int(line.split()[1])
	return 0


def one_run(site: str, importer: str, rows: int, seed: int) -> None:
	"""Child process of ``--memory``: one import, then print its peak RSS as JSON."""
	frappe = connect(site)
	village = ensure_village(frappe)
	clear_village(frappe, village)
	ledger = make_ledger(rows, seed)
	content = data_import_file(ledger, village) if importer == "data-import" else ledger
	del ledger
	before = peak_rss_kib()
	if importer == "data-import":
		elapsed, done = run_data_import(frappe, content)
	else:
		elapsed, result = run_ledger_import(frappe, content)
		done = result["Created"]
	print(
		json.dumps(
			{
				"importer": importer,
				"rows": rows,
				"seconds": elapsed,
				"done": done,
				"rss_before_kib": before,
				"peak_rss_kib": peak_rss_kib(),
			}
		)
	)
	clear_village(frappe, village)
	frappe.destroy()


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--rows", type=int, default=10000)
	parser.add_argument("--seed", type=int, default=7)
	parser.add_argument(
		"--memory", action="store_true", help="also measure peak memory at 2,000 and --rows rows"
	)
	parser.add_argument("--keep", action="store_true", help="keep the children the ledger importer created")
	parser.add_argument("--one-run", choices=("ledger", "data-import"), help=argparse.SUPPRESS)
	args = parser.parse_args()
	if args.one_run:
		one_run(args.site, args.one_run, args.rows, args.seed)
		return

	frappe = connect(args.site)
	village = ensure_village(frappe)
	clear_village(frappe, village)
	ledger = make_ledger(args.rows, args.seed)
	template = data_import_file(ledger, village)
	print(f"Ledger: {args.rows} invented children in {VILLAGE} ({len(ledger) // 1024} KiB .xlsx)")

	data_seconds, data_done = run_data_import(frappe, template)
	print(
		f"Frappe Data Import : {data_done} rows in {data_seconds:8.1f} s ({data_done / data_seconds:6.1f} rows/s)"
	)
	clear_village(frappe, village)

	ledger_seconds, result = run_ledger_import(frappe, ledger)
	done = result["Created"]
	print(
		f"LBC Ledger Import  : {done} rows in {ledger_seconds:8.1f} s ({done / ledger_seconds:6.1f} rows/s); {result}"
	)
	print(
		f"Ratio (ledger import time / Data Import time): {ledger_seconds / data_seconds:.2f} "
		f"(per row: {ledger_seconds / max(done, 1) * 1000:.1f} ms vs {data_seconds / max(data_done, 1) * 1000:.1f} ms; "
		"the ledger import also writes a Guardian and a Mentor Assignment per row)"
	)
	if not args.keep:
		clear_village(frappe, village)
	frappe.destroy()

	if args.memory:
		print("Peak resident memory (VmHWM) of one import in a fresh process:")
		for importer in ("ledger", "data-import"):
			for rows in sorted({2000, args.rows}):
				output = (
					subprocess.run(
						[
							sys.executable,
							os.path.abspath(__file__),
							"--site",
							args.site,
							"--rows",
							str(rows),
							"--seed",
							str(args.seed),
							"--one-run",
							importer,
						],
						check=True,
						capture_output=True,
						text=True,
					)
					.stdout.strip()
					.splitlines()[-1]
				)
				run = json.loads(output)
				grown = (run["peak_rss_kib"] - run["rss_before_kib"]) / 1024
				print(
					f"  {importer:11} {rows:6} rows: peak {run['peak_rss_kib'] / 1024:7.1f} MiB "
					f"(+{grown:6.1f} MiB during the import), {run['seconds']:.1f} s"
				)


if __name__ == "__main__":
	main()
