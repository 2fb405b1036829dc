"""Framework-free tests of left_behind_care.ledger.normalize: what officers type, and the rejections."""

import datetime

import pytest

from left_behind_care import rules
from left_behind_care.ledger import normalize as N
from left_behind_care.ledger.reader import RawRow

D = datetime.date
VALID = "520302201501034818"  # male, born 2015-01-03


def raw(**values):
	base = {"child_name": "董丽", "id_number": VALID}
	base.update(values)
	return RawRow(sheet="台账", sheet_row=4, ledger_row=1, values=base, cells=tuple(base.values()))


def kinds(error):
	return [problem.kind for problem in error.problems]


def test_spaces_and_lower_case_x_in_identity_number():
	assert N.normalize_row(raw(id_number="520302 20150103 4818")).id_number == VALID
	record = N.normalize_row(raw(id_number="52030220191227340x"))
	assert record.id_number == "52030220191227340X"


def test_gender_and_birth_date_follow_the_identity_number_when_blank():
	record = N.normalize_row(raw(gender=None, birth_date=None))
	assert record.gender == "Male"
	assert record.birth_date == D(2015, 1, 3)


@pytest.mark.parametrize(
	"value",
	[datetime.datetime(2015, 1, 3), "2015.1.3", "2015/01/03", "2015年1月3日", 20150103, "20150103"],
)
def test_birth_date_forms(value):
	assert N.normalize_row(raw(birth_date=value)).birth_date == D(2015, 1, 3)


@pytest.mark.parametrize("value", ["181 3844 4216", "181-3844-4216", 18138444216, 18138444216.0])
def test_phone_forms(value):
	assert (
		N.normalize_row(
			raw(guardian_phone=value, guardian_name="董怡曦", guardian_relationship="婶婶")
		).guardian_phone
		== "18138444216"
	)


def test_phone_of_a_segment_the_metadata_does_not_know_is_kept():
	assert rules.normalize_phone("154 6600 4195") == "15466004195"
	with pytest.raises(rules.RuleError):
		rules.normalize_phone("1546600419")


def test_parent_at_home_and_away_in_and_out_of_province():
	record = N.normalize_row(
		raw(
			father_name="董艳佳",
			father_place="贵州省贵阳市",
			father_since="2020.7.1",
			mother_name="唐家",
			mother_place="在家",
			mother_since="2020.7.1",
		)
	)
	assert record.father.status == rules.ParentStatus.AWAY_IN_PROVINCE.value
	assert record.father.destination == "贵州省贵阳市"
	assert record.father.away_since == D(2020, 7, 1)
	assert record.mother.status == rules.ParentStatus.AT_HOME.value
	assert record.mother.away_since is None
	out = N.normalize_row(raw(father_place="广东省东莞市", father_since=202007))
	assert out.father.status == rules.ParentStatus.AWAY_OUT_OF_PROVINCE.value
	assert out.father.away_since == D(2020, 7, 1)


@pytest.mark.parametrize(
	"place, status",
	[
		("已故", "Deceased"),
		("服刑", "Without Guardianship Capacity"),
		("不详", "Unknown"),
		("省内务工", "Away for Work (In Province)"),
	],
)
def test_parent_status_words(place, status):
	assert N.normalize_row(raw(father_place=place)).father.status == status


def test_parent_not_mentioned_is_not_given():
	record = N.normalize_row(raw())
	assert not record.father.given
	assert record.father.status is None


@pytest.mark.parametrize(
	"word, relationship",
	[
		("祖父", rules.Relationship.PATERNAL_GRANDFATHER),
		("外祖母", rules.Relationship.MATERNAL_GRANDMOTHER),
		("叔叔", rules.Relationship.UNCLE),
		("婶婶", rules.Relationship.AUNT),
		("姐姐", rules.Relationship.SIBLING),
		("邻居", rules.Relationship.NEIGHBOUR),
		("村委会指定监护人", rules.Relationship.DESIGNATED),
		("无", rules.Relationship.NONE),
		("母亲", rules.Relationship.MOTHER),
	],
)
def test_relationship_words(word, relationship):
	assert N.normalize_row(raw(guardian_relationship=word)).guardian_relationship == relationship


def test_blank_relationship_is_not_given():
	assert N.normalize_row(raw()).guardian_relationship is None


@pytest.mark.parametrize(
	"values, kind, column",
	[
		({"id_number": 5.203022023031976e17}, "id_as_number", "id_number"),
		({"id_number": "520302201106238862"}, "bad_checksum", "id_number"),
		({"id_number": None}, "missing_id", "id_number"),
		({"child_name": "  "}, "missing_name", "child_name"),
		({"child_name": "<img src=x onerror=alert(1)>"}, "bad_name", "child_name"),
		({"child_name": "<script>alert(1)</script>"}, "bad_name", "child_name"),
		({"gender": "女"}, "gender_mismatch", "gender"),
		({"gender": "未知"}, "bad_gender", "gender"),
		({"birth_date": "2015.1.4"}, "birth_date_mismatch", "birth_date"),
		({"birth_date": "2015.13.4"}, "bad_date", "birth_date"),
		({"father_since": "去年"}, "bad_date", "father_since"),
		({"guardian_relationship": "干爹"}, "bad_relationship", "guardian_relationship"),
		({"guardian_phone": "12345"}, "bad_phone", "guardian_phone"),
		({"low_income": "也许"}, "bad_yes_no", "low_income"),
	],
)
def test_rejections_name_kind_and_column(values, kind, column):
	with pytest.raises(N.RowError) as error:
		N.normalize_row(raw(**values))
	assert error.value.kind == kind
	assert error.value.column == column


def test_every_problem_of_a_row_is_listed_identity_first():
	with pytest.raises(N.RowError) as error:
		N.normalize_row(raw(child_name=None, id_number="520302201106238862", guardian_phone="12345"))
	assert kinds(error.value) == ["bad_checksum", "missing_name", "bad_phone"]


def test_age_on_the_ledger_date():
	record = N.normalize_row(raw(id_number="520302200709306320", child_name="叶雨琪"))
	with pytest.raises(N.RowError) as error:
		N.check_age(record, D(2026, 9, 30), 18)
	assert error.value.kind == "over_age"
	N.check_age(record, D(2025, 9, 29), 18)
	with pytest.raises(N.RowError) as error:
		N.check_age(record, D(2024, 1, 1), 16)
	assert error.value.kind == "over_age"
	with pytest.raises(N.RowError) as error:
		N.check_age(N.normalize_row(raw()), D(2014, 1, 1), 18)
	assert error.value.kind == "born_after_ledger_date"


def test_yes_no_and_names():
	record = N.normalize_row(
		raw(low_income="是", disabled="否", child_name=" 董 丽 ", mentor_name="黄曦老师")
	)
	assert (record.low_income, record.disabled) == (True, False)
	assert record.child_name == "董丽"
	assert record.mentor_name == "黄曦老师"


def test_export_words_read_back_to_the_same_values():
	for relationship in rules.Relationship:
		for gender in ("Male", "Female", None):
			word = N.relationship_word(relationship.value, gender)
			assert rules.relationship_from_word(word) == relationship
	for status in rules.ParentStatus:
		place = N.place_for_export(status.value, None)
		assert N.parent_status_from_place(place, None, "贵州")[0] == status.value
	assert N.place_for_export("Away for Work (Out of Province)", "广东省东莞市") == "广东省东莞市"


@pytest.mark.parametrize("column", ["birth_date", "father_since", "guardian_phone", "id_number", "notes"])
@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_cell_holding_infinity_is_refused_with_its_column(column, value):
	"""<v>1e999</v> reads as infinity: the row is refused naming the column, never a crash."""
	with pytest.raises(N.RowError) as refused:
		N.normalize_row(raw(**{column: value}))
	assert ("bad_number", column) in [(problem.kind, problem.column) for problem in refused.value.problems]


def test_masked_numbers_from_an_export_are_refused_saying_they_are_masked():
	with pytest.raises(N.RowError) as refused:
		N.normalize_row(raw(id_number="5203**********4818", guardian_phone="138****1398"))
	found = {(problem.kind, problem.column) for problem in refused.value.problems}
	assert ("masked_id", "id_number") in found
	assert ("masked_phone", "guardian_phone") in found
	assert N.is_masked("0851-****2345")
	assert not N.is_masked("13812345678") and not N.is_masked("电话不详")
