"""Personal data masked the one way (congress/privacy.py), in fields and inside free text."""

from __future__ import annotations

import pytest

from congress.privacy import mask_contact, mask_email, mask_id_number, mask_name, mask_phone, mask_text


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13912345678", "139****5678"),
        ("0931-8123456", "093****3456"),
        ("123456", "****"),
        ("1", "****"),
        ("", ""),
    ],
)
def test_a_phone_shows_its_ends_and_never_the_length_of_a_short_one(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"), [("张三", "张*"), ("欧阳娜娜", "欧***"), (" 李 ", "李*"), ("", "")]
)
def test_a_name_keeps_its_first_character(value, masked):
    assert mask_name(value) == masked


def test_email_and_contact():
    assert mask_email("zhang@example.cn") == "z***@example.cn"
    assert mask_email("nonsense") == "****" and mask_email("") == ""
    assert mask_contact("zhang@example.cn") == "z***@example.cn"
    assert mask_contact("13912345678") == "139****5678"


def test_an_id_number_hides_the_birth_date():
    assert mask_id_number("110101199003071234") == "110***********1234"
    assert mask_id_number("11010119900307123X") == "110***********123X"
    assert mask_id_number("1234") == "****"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "我的电话是13912345678，身份证号码110101199003071234",
            "我的电话是139****5678，身份证号码110***********1234",
        ),
        ("联系电话：139 1234 5678", "联系电话：139****5678"),
        ("联系电话：139-1234-5678。", "联系电话：139****5678。"),
        ("电话+86 13912345678", "电话139****5678"),
        ("身份证 110101 19900307 123X 已复印", "身份证 110***********123X 已复印"),
        ("座机0931-8123456，或（0931）8123456", "座机0931-****3456，或0931-****3456"),
        ("办公室 010-12345678", "办公室 010-****5678"),
        ("请回电13912345678谢谢", "请回电139****5678谢谢"),
    ],
)
def test_numbers_in_an_opinion_are_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2026年12月7日下午，2026-12-07 15:30",
        "维修费用共计12345.50元，预算3000000元",
        "住在3号楼502室，东岗西路1号附近",
        "已拨打12345热线，也打过110和12315",
        "订单号202612071530123456789",  # longer than any of ours: not a phone or an ID
        "车牌甘A12345，邮编730000",
        "",
    ],
)
def test_dates_amounts_house_and_hotline_numbers_are_not_masked(text):
    assert mask_text(text) == text
