"""The columns of a village ledger (台账) and the Chinese headers officers give them.

Ledgers are read by header, never by position: each column has a canonical header
(the one the export writes, taken from the sample ledgers in shared/samples) and the
aliases seen in the ledgers offices keep (身份证号 / 身份证号码 / 公民身份号码 …).
Headers are compared after NFKC normalisation (full-width brackets become ASCII) with
all whitespace, line breaks and required-field asterisks removed.

A header may also span two rows (a merged group cell 父亲 over 姓名 / 务工地点 /
外出时间); :func:`find_header` joins the group with the sub-header in that case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
	"""One ledger column.

	key: stable code used by the importer and the exporter.
	label: the canonical Chinese header (written by the export).
	aliases: other headers meaning the same column (normalised with :func:`normalize_header`).
	text: written as a text cell (identity numbers, phones) so Excel never rounds it.
	sensitive: masked in exports for users without permission level 1 on Child.
	content: whether a value here makes the row a data row (序号 and the area columns alone do not).
	"""

	key: str
	label: str
	aliases: tuple[str, ...] = ()
	text: bool = False
	sensitive: bool = False
	content: bool = True


def _parent_columns(prefix: str, key: str) -> tuple[Column, ...]:
	return (
		Column(f"{key}_name", f"{prefix}姓名", (f"{prefix}名字",)),
		Column(
			f"{key}_place",
			f"{prefix}务工地",
			(
				f"{prefix}务工地点",
				f"{prefix}务工地址",
				f"{prefix}外出务工地",
				f"{prefix}外出务工地点",
				f"{prefix}外出地点",
				f"{prefix}工作地点",
				f"{prefix}去向",
				f"{prefix}现状",
			),
		),
		Column(
			f"{key}_since",
			f"{prefix}外出时间",
			(f"{prefix}外出务工时间", f"{prefix}外出日期", f"{prefix}离家时间"),
		),
	)


COLUMNS: tuple[Column, ...] = (
	Column("seq", "序号", ("编号", "序"), content=False),
	Column(
		"township",
		"乡镇(街道)",
		(
			"乡镇街道",
			"乡镇",
			"街道",
			"乡(镇)",
			"镇(乡)",
			"乡镇/街道",
			"所属乡镇",
			"所在乡镇",
			"所在乡镇(街道)",
			"乡镇(街道)名称",
			"乡镇(街道、社区服务中心)",
		),
		content=False,
	),
	Column(
		"village",
		"村(社区)",
		(
			"村社区",
			"村",
			"社区",
			"村(居)",
			"村居",
			"村(居)委会",
			"村/社区",
			"所属村",
			"所在村",
			"所在村(社区)",
			"村(社区)名称",
		),
		content=False,
	),
	Column("child_name", "儿童姓名", ("姓名", "留守儿童姓名", "学生姓名", "儿童名字")),
	Column("gender", "性别", ("儿童性别",)),
	Column("ethnicity", "民族"),
	Column(
		"id_number",
		"身份证号码",
		(
			"身份证号",
			"公民身份号码",
			"居民身份证号码",
			"公民身份证号码",
			"身份证",
			"儿童身份证号",
			"儿童身份证号码",
			"身份证号码(18位)",
		),
		text=True,
		sensitive=True,
	),
	Column("birth_date", "出生日期", ("出生年月", "出生年月日", "生日")),
	Column("school", "就读学校", ("学校", "所在学校", "就读学校名称")),
	Column("grade", "年级", ("就读年级", "年级班级", "班级")),
	*_parent_columns("父亲", "father"),
	*_parent_columns("母亲", "mother"),
	Column("guardian_name", "监护人姓名", ("委托监护人姓名", "监护人", "委托监护人")),
	Column(
		"guardian_relationship",
		"与儿童关系",
		("监护人与儿童关系", "与留守儿童关系", "与儿童的关系", "关系", "委托监护人与儿童关系", "与本人关系"),
	),
	Column(
		"guardian_phone",
		"监护人联系电话",
		("监护人电话", "监护人联系方式", "委托监护人联系电话", "联系电话", "监护人手机"),
		text=True,
		sensitive=True,
	),
	Column("low_income", "是否低保", ("低保", "是否低保户", "低保户", "是否享受低保")),
	Column("disabled", "是否残疾", ("残疾", "是否残疾儿童", "残疾儿童")),
	Column(
		"mentor_name",
		"帮扶责任人",
		("帮扶人", "结对帮扶人", "帮扶人姓名", "帮扶责任人姓名", "结对帮扶责任人", "帮扶教师"),
	),
	Column(
		"mentor_phone",
		"帮扶人联系电话",
		("帮扶人电话", "帮扶责任人联系电话", "帮扶责任人电话", "帮扶人联系方式"),
		text=True,
		sensitive=True,
	),
	Column("address", "家庭住址", ("住址", "家庭地址", "现住址", "家庭详细住址"), sensitive=True),
	Column("notes", "备注", ("说明",)),
)

BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}

# The column the errored-rows file appends; recognised (and ignored) on re-import.
ERROR_COLUMN = Column("import_error", "错误原因", ("导入错误", "错误信息", "导入结果"), content=False)

# Every key a header may name: the ledger's columns and the errored-rows file's reason column.
KNOWN: dict[str, Column] = {**BY_KEY, ERROR_COLUMN.key: ERROR_COLUMN}

REQUIRED_KEYS: tuple[str, ...] = ("child_name", "id_number")

# The columns of the sample ledgers, in their order, plus the address (written before 备注).
EXPORT_KEYS: tuple[str, ...] = (
	"seq",
	"township",
	"village",
	"child_name",
	"gender",
	"ethnicity",
	"id_number",
	"birth_date",
	"school",
	"grade",
	"father_name",
	"father_place",
	"father_since",
	"mother_name",
	"mother_place",
	"mother_since",
	"guardian_name",
	"guardian_relationship",
	"guardian_phone",
	"low_income",
	"disabled",
	"mentor_name",
	"mentor_phone",
	"address",
	"notes",
)

_STRIP = re.compile(r"[\s*＊※]+")
_GROUP_SUFFIX = re.compile(r"(情况|信息|基本情况)$")


def normalize_header(text) -> str:
	"""A header cell as compared: NFKC, no whitespace or asterisks.

	Args:
	    text: the cell value (any type; None gives "").

	Returns:
	    str, e.g. ``"乡镇（街道）\\n*"`` → ``"乡镇(街道)"``.
	"""
	if text is None:
		return ""
	return _STRIP.sub("", unicodedata.normalize("NFKC", str(text)))


_ALIASES: dict[str, str] = {}
for _column in (*COLUMNS, ERROR_COLUMN):
	for _alias in (_column.label, *_column.aliases):
		_ALIASES[normalize_header(_alias)] = _column.key


def match_header(text) -> str | None:
	"""The column key a header cell names, or None when it is not a known header.

	Args:
	    text: the header cell value.

	Returns:
	    a key of :data:`BY_KEY` (or ``"import_error"``), or None.
	"""
	return _ALIASES.get(normalize_header(text))


@dataclass
class HeaderMatch:
	"""Where the header is and what each column holds.

	row_offset: 0-based index, among the rows scanned, of the (last) header row.
	columns: 0-based column index → column key (first occurrence of each key wins).
	labels: column key → the header text as written in the file (for messages).
	ignored: header texts that name no known column, in column order.
	missing: required keys (:data:`REQUIRED_KEYS`) that no column gives.
	"""

	row_offset: int
	columns: dict[int, str]
	labels: dict[str, str]
	ignored: list[str]
	missing: list[str]


def _match_cells(cells) -> HeaderMatch:
	columns: dict[int, str] = {}
	labels: dict[str, str] = {}
	ignored: list[str] = []
	for index, cell in enumerate(cells):
		text = normalize_header(cell)
		if not text:
			continue
		key = match_header(text)
		if key is None:
			ignored.append(str(cell).strip())
			continue
		if key in labels:
			ignored.append(str(cell).strip())
			continue
		columns[index] = key
		labels[key] = re.sub(r"\s+", "", str(cell))
	missing = [key for key in REQUIRED_KEYS if key not in labels]
	return HeaderMatch(0, columns, labels, ignored, missing)


def _joined(group_row, sub_row) -> list[str]:
	"""Two header rows joined: merged group labels carried right, then group + sub-header."""
	joined = []
	group = ""
	width = max(len(group_row), len(sub_row))
	for index in range(width):
		top = normalize_header(group_row[index] if index < len(group_row) else None)
		sub = normalize_header(sub_row[index] if index < len(sub_row) else None)
		if top:
			group = _GROUP_SUFFIX.sub("", top)
		if sub and group and match_header(group + sub):
			joined.append(group + sub)
		elif sub:
			joined.append(sub)
		else:
			joined.append(top)
	return joined


def find_header(rows, scan: int = 20) -> HeaderMatch | None:
	"""Find the header row among the first rows of a sheet.

	A row is the header when it names the required columns (儿童姓名 and 身份证号码 by
	any alias); among candidates the one naming most columns wins. When no single
	row qualifies, two consecutive rows are tried as a group row over a sub-header row.

	Args:
	    rows: the sheet's first rows, each a sequence of cell values (values only).
	    scan: how many rows to look at.

	Returns:
	    HeaderMatch (``row_offset`` is the last header row), or None when no row names
	    both required columns.
	"""
	rows = [tuple(row) for row in rows[:scan]]
	best: HeaderMatch | None = None
	for offset, cells in enumerate(rows):
		match = _match_cells(cells)
		match.row_offset = offset
		if match.missing:
			continue
		if best is None or len(match.columns) > len(best.columns):
			best = match
	for offset in range(1, len(rows)):
		match = _match_cells(_joined(rows[offset - 1], rows[offset]))
		match.row_offset = offset
		if match.missing:
			continue
		if best is None or len(match.columns) > len(best.columns):
			best = match
	return best
