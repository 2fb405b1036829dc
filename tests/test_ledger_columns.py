"""Framework-free tests of left_behind_care.ledger.columns: header aliases and header-row detection."""

import pytest

from left_behind_care.ledger import columns as C


@pytest.mark.parametrize(
	"header, key",
	[
		("身份证号", "id_number"),
		("身份证号码", "id_number"),
		("公民身份号码", "id_number"),
		("居民身份证号码", "id_number"),
		("乡镇(街道)", "township"),
		("乡镇（街道）", "township"),
		(" 村（社区） ", "village"),
		("儿童姓名\n", "child_name"),
		("*儿童姓名", "child_name"),
		("监护人联系电话", "guardian_phone"),
		("帮扶责任人", "mentor_name"),
		("错误原因", "import_error"),
		("父亲务工地点", "father_place"),
	],
)
def test_aliases(header, key):
	assert C.match_header(header) == key


def test_unknown_header_is_none():
	assert C.match_header("身高") is None
	assert C.match_header(None) is None


def test_every_alias_names_one_column():
	seen = {}
	for column in (*C.COLUMNS, C.ERROR_COLUMN):
		for alias in (column.label, *column.aliases):
			normalized = C.normalize_header(alias)
			assert seen.setdefault(normalized, column.key) == column.key, alias


def test_finds_header_below_title_and_office_rows():
	rows = [
		("某某村农村留守儿童信息台账", None, None),
		("填报单位：某某村", None, "填报日期：2026年9月30日"),
		("序号", "儿童姓名", "身份证号码", "爱好"),
		(1, "张三", "520302201501034818", "画画"),
	]
	match = C.find_header(rows)
	assert match.row_offset == 2
	assert match.columns == {0: "seq", 1: "child_name", 2: "id_number"}
	assert match.ignored == ["爱好"]
	assert match.missing == []


def test_no_header_without_required_columns():
	rows = [("序号", "儿童姓名", "性别"), (1, "张三", "男")]
	assert C.find_header(rows) is None


def test_two_row_header_with_merged_group():
	rows = [
		("序号", "儿童姓名", "身份证号", "父亲", None, None, "监护人", None),
		(None, None, None, "姓名", "务工地点", "外出时间", "姓名", "联系电话"),
	]
	match = C.find_header(rows)
	assert match.row_offset == 1
	assert match.columns == {
		0: "seq",
		1: "child_name",
		2: "id_number",
		3: "father_name",
		4: "father_place",
		5: "father_since",
		6: "guardian_name",
		7: "guardian_phone",
	}


def test_export_keys_are_the_sample_columns_plus_address():
	labels = [C.BY_KEY[key].label for key in C.EXPORT_KEYS]
	assert labels[:3] == ["序号", "乡镇(街道)", "村(社区)"]
	assert labels[-2:] == ["家庭住址", "备注"]
	assert len(labels) == 25
