"""Helpers for the framework-free ledger tests (not a test module): sample paths, workbook builders."""

from __future__ import annotations

import datetime
import io
import json
import random
from pathlib import Path

from stdnum.cn import ric

from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
from left_behind_care.ledger.writer import LedgerWriter

SAMPLES = (
	Path(__file__).resolve().parent.parent
	/ "left_behind_care/left_behind_care/doctype/lbc_ledger_import/test_data"
)
SAMPLE_NAMES = ("ledger_qingshan_clean", "ledger_shiqiao_messy")
TITLE = "红桥区双龙社区服务中心青山村农村留守儿童信息台账"


def sample_path(name: str) -> Path:
	return SAMPLES / f"{name}.xlsx"


def expected(name: str) -> dict[int, dict]:
	"""The expected outcome of each data row of a sample, by row number."""
	return {
		row["row"]: row for row in json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
	}


def id_number(birth: datetime.date, seq: int, region: str = "520302") -> str:
	"""A valid invented identity number (odd ``seq`` → male)."""
	body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
	return body + ric.calc_check_digit(body + "0")


def ledger_rows(count: int, seed: int = 1) -> list[dict]:
	"""``count`` invented, valid ledger rows (column key → value) in 青山村."""
	rnd = random.Random(seed)
	rows = []
	for i in range(count):
		birth = datetime.date(2010, 1, 1) + datetime.timedelta(days=rnd.randrange(5000))
		number = id_number(birth, i)
		rows.append(
			{
				"seq": i + 1,
				"township": "双龙社区服务中心",
				"village": "青山村",
				"child_name": f"儿童{i}",
				"gender": "男" if int(number[16]) % 2 else "女",
				"ethnicity": "汉族",
				"id_number": number,
				"birth_date": birth,
				"school": "红山小学",
				"grade": "三年级",
				"father_name": f"父{i}",
				"father_place": "广东省东莞市",
				"father_since": datetime.date(2020, 1, 1),
				"mother_name": f"母{i}",
				"mother_place": "在家",
				"guardian_name": f"监{i}",
				"guardian_relationship": "祖母",
				"guardian_phone": f"138{i:08d}",
				"low_income": "否",
				"disabled": "否",
				"mentor_name": f"师{i % 50}老师",
				"mentor_phone": f"139{i:08d}",
			}
		)
	return rows


def build_ledger(
	rows: list[dict], keys=EXPORT_KEYS, sheets: dict[str, list[dict]] | None = None, target=None
):
	"""An .xlsx ledger in the sample layout; returns a BytesIO (or writes to ``target``).

	Args:
	    rows: rows for a sheet named 台账 (ignored when ``sheets`` is given).
	    keys: the columns, in order.
	    sheets: sheet name → rows, for several sheets.
	    target: a path to write to instead of returning bytes.
	"""
	writer = LedgerWriter()
	text_columns = {index for index, key in enumerate(keys) if BY_KEY[key].text}
	for name, sheet_rows in (sheets or {"台账": rows}).items():
		sheet = writer.add_sheet(
			name,
			TITLE,
			"填报单位：青山村村民委员会",
			"填报日期：2026年9月30日",
			[BY_KEY[key].label for key in keys],
			text_columns=text_columns,
		)
		for row in sheet_rows:
			sheet.append([row.get(key) for key in keys])
	if target is not None:
		writer.save(target)
		return target
	return io.BytesIO(writer.to_bytes())
