"""The public intake and tracking pages: CAPTCHA, honeypot, rate limits, photos, QR codes, the code and
PIN shown once, and tracking with one message for a wrong code or PIN."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stations.services import qr_code_issue, qr_code_revoke
from suggestions.models import Suggestion, SuggestionPhoto


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (36.0, 3.0, 0.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def form_data(category, street):
    return {
        "category": category.pk,
        "title": "路灯损坏",
        "text": "东岗西路与天水路交叉口的路灯坏了两个星期。",
        "area": street.pk,
        "address": "东岗西路1号附近",
        "submitter_name": "王小明",
        "name_hidden": "on",
        "submitter_mobile": "13912345678",
        "consent_privacy": "on",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        "website": "",
    }


def test_submit_gives_code_and_pin_once(client, form_data):
    response = client.post(reverse("submit"), form_data)
    assert response.status_code == 302 and response["Location"] == reverse("submit-done")
    item = Suggestion.objects.get()
    done = client.get(reverse("submit-done"))
    assert item.code in done.content.decode()
    assert "查询密码" in done.content.decode()
    assert client.get(reverse("submit-done")).status_code == 302  # shown only once


def test_validation_error_keeps_what_was_typed_in_chinese(client, form_data):
    form_data["submitter_mobile"] = "1234"
    response = client.post(reverse("submit"), form_data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入11位手机号码" in page
    assert "东岗西路与天水路交叉口的路灯坏了两个星期" in page and 'value="王小明"' in page
    assert not Suggestion.objects.exists()


def test_missing_consent_is_a_clear_error(client, form_data):
    del form_data["consent_privacy"]
    response = client.post(reverse("submit"), form_data)
    assert "请阅读并同意隐私告知" in response.content.decode()


def test_wrong_captcha_is_refused(client, form_data):
    form_data["captcha_1"] = "WRONG"
    response = client.post(reverse("submit"), form_data)
    assert response.status_code == 200 and not Suggestion.objects.exists()


def test_honeypot_filled_by_a_bot_is_refused(client, form_data):
    form_data["website"] = "http://spam.example"
    response = client.post(reverse("submit"), form_data)
    assert response.status_code == 200 and not Suggestion.objects.exists()


def test_photo_is_reencoded_and_loses_its_exif(client, form_data):
    form_data["photos"] = [SimpleUploadedFile("street.jpg", jpeg_with_gps(), content_type="image/jpeg")]
    assert client.post(reverse("submit"), form_data).status_code == 302
    photo = SuggestionPhoto.objects.get()
    with photo.image.open("rb") as handle:
        image = Image.open(handle)
        assert image.format == "JPEG"
        assert not image.getexif()


def test_a_non_image_named_jpg_is_refused(client, form_data):
    form_data["photos"] = [
        SimpleUploadedFile("virus.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")
    ]
    response = client.post(reverse("submit"), form_data)
    assert "不是可识别的图片" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client, form_data, settings):
    settings.SUGGESTIONS_MAX_PHOTO_BYTES = 1000
    form_data["photos"] = [
        SimpleUploadedFile("big.jpg", jpeg_with_gps((400, 400)), content_type="image/jpeg")
    ]
    response = client.post(reverse("submit"), form_data)
    assert "超过" in response.content.decode() and not Suggestion.objects.exists()


def test_more_than_five_photos_are_refused(client, form_data):
    form_data["photos"] = [
        SimpleUploadedFile(f"p{i}.jpg", jpeg_with_gps(), content_type="image/jpeg") for i in range(6)
    ]
    response = client.post(reverse("submit"), form_data)
    assert "最多上传5张照片" in response.content.decode()


def test_accepted_photos_survive_a_failed_submission(client, form_data):
    form_data["photos"] = [SimpleUploadedFile("street.jpg", jpeg_with_gps(), content_type="image/jpeg")]
    form_data["submitter_mobile"] = "1"
    response = client.post(reverse("submit"), form_data)
    token = response.context["form"].data["photo_token"]
    assert token
    form_data.update(submitter_mobile="13912345678", photo_token=token, photos=[])
    assert client.post(reverse("submit"), form_data).status_code == 302
    assert SuggestionPhoto.objects.count() == 1


def test_submissions_are_rate_limited_per_ip(client, form_data, settings):
    settings.SUGGESTIONS_SUBMIT_RATE_IP = "2/h"
    for n in range(2):
        form_data["submitter_mobile"] = f"1391234567{n}"
        assert client.post(reverse("submit"), form_data).status_code == 302
    form_data["submitter_mobile"] = "13912345679"
    response = client.post(reverse("submit"), form_data)
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Suggestion.objects.count() == 2


def test_submissions_are_rate_limited_per_mobile_number(client, form_data, settings):
    settings.SUGGESTIONS_SUBMIT_RATE_MOBILE = "1/d"
    assert client.post(reverse("submit"), form_data).status_code == 302
    response = client.post(reverse("submit"), form_data, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429 and "该手机号码今日提交次数过多" in response.content.decode()


def test_deputy_qr_code_chooses_the_deputy(client, form_data, deputy):
    code = qr_code_issue(deputy=deputy)
    page = client.get(reverse("submit"), {"qr": code.token}).content.decode()
    assert deputy.name in page
    form_data["qr"] = code.token
    client.post(reverse("submit"), form_data)
    item = Suggestion.objects.get()
    assert item.deputy == deputy and item.channel == "qr"


def test_revoked_qr_code_shows_a_message_and_the_plain_form(client, deputy):
    code = qr_code_revoke(code=qr_code_issue(deputy=deputy), reason="test")
    page = client.get(reverse("submit"), {"qr": code.token}, follow=True).content.decode()
    assert "此二维码已失效" in page and deputy.name not in page


def test_station_link_chooses_the_station(client, form_data, station):
    page = client.get(reverse("submit"), {"station": station.slug}).content.decode()
    assert station.name in page
    form_data["station"] = station.slug
    client.post(reverse("submit"), form_data)
    assert Suggestion.objects.get().station == station


# ... and one for the lead unit's reply due date (with its 暂定 flag).
TRACK_PAGE_QUERIES = 8


def _track(client, code, pin, **extra):
    return client.post(reverse("track"), {"code": code, "pin": pin}, **extra)


def test_tracking_with_code_and_pin_shows_the_timeline(client, submit):
    result = submit()
    response = _track(client, result.suggestion.code.lower(), result.pin)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已收到您反映的事项" in page and result.suggestion.title in page


def test_wrong_code_and_wrong_pin_give_the_same_message(client, submit):
    result = submit()
    wrong_pin = _track(client, result.suggestion.code, "000000").content.decode()
    wrong_code = _track(client, "ZZZZZZZZ", result.pin).content.decode()
    assert "查询码或查询密码不正确" in wrong_pin and "查询码或查询密码不正确" in wrong_code


def test_tracking_guesses_are_rate_limited(client, submit, settings):
    settings.SUGGESTIONS_TRACK_RATE_IP = "3/h"
    result = submit()
    for _ in range(3):
        _track(client, result.suggestion.code, "000000")
    response = _track(client, result.suggestion.code, result.pin)
    assert response.status_code == 429 and "尝试次数过多" in response.content.decode()


def test_case_page_needs_the_pin_first(client, submit):
    item = submit().suggestion
    response = client.get(reverse("track-case", args=[item.code]))
    assert response.status_code == 302 and reverse("track") in response["Location"]


def test_submitter_sees_the_reply_and_rates_unsatisfied_which_reopens(client, make):
    item = make("replied")
    session = client.session
    session["suggestions_tracked"] = [item.code]
    session.save()
    page = client.get(reverse("track-case", args=[item.code])).content.decode()
    assert "经现场核查" in page and "评价办理结果" in page
    response = client.post(
        reverse("track-case", args=[item.code]), {"value": "unsatisfied", "comment": "没修好"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "reopened"
    page = client.get(reverse("track-case", args=[item.code])).content.decode()
    assert "重新办理" in page


def test_merged_item_shows_the_main_case(client, make):
    item = make("merged")
    session = client.session
    session["suggestions_tracked"] = [item.code]
    session.save()
    page = client.get(reverse("track-case", args=[item.code])).content.decode()
    assert item.merged_into.code in page


def test_tracking_page_query_count_does_not_grow_with_history(
    client, make, officer, django_assert_num_queries
):
    from suggestions import services

    closed = make("closed")
    longer = make("follow_up_due")
    services.suggestion_follow_up(suggestion=longer, actor=officer, text="维修已全部完成，路灯恢复正常照明。")
    session = client.session
    session["suggestions_tracked"] = [closed.code, longer.code]
    session.save()
    client.get(reverse("track-case", args=[closed.code]))
    with django_assert_num_queries(TRACK_PAGE_QUERIES):
        assert client.get(reverse("track-case", args=[closed.code])).status_code == 200
    with django_assert_num_queries(TRACK_PAGE_QUERIES + 1):  # + the "rated yet?" check: it can be rated
        assert client.get(reverse("track-case", args=[longer.code])).status_code == 200


def test_published_cases_hide_personal_data(client, make, staff):
    from suggestions import services

    item = make("closed")
    services.suggestion_publish(
        suggestion=item, public_title="路灯损坏已修复", public_text="某路口路灯损坏。", actor=staff
    )
    listing = client.get(reverse("case-list"), {"q": "路灯"}).content.decode()
    assert "路灯损坏已修复" in listing
    detail = client.get(reverse("case-detail", args=[item.code])).content.decode()
    assert "王小明" not in detail and "13912345678" not in detail
    assert client.get(reverse("case-detail", args=[make("closed").code])).status_code == 404


def test_photos_are_served_only_to_those_who_may_see_the_item(client, form_data, officer):
    form_data["photos"] = [SimpleUploadedFile("street.jpg", jpeg_with_gps(), content_type="image/jpeg")]
    client.post(reverse("submit"), form_data)
    photo = SuggestionPhoto.objects.get()
    url = reverse("suggestion-photo", args=[photo.pk])
    assert client.get(url).status_code == 404
    session = client.session
    session["suggestions_tracked"] = [photo.suggestion.code]
    session.save()
    assert client.get(url)["Content-Type"] == "image/jpeg"
    client.force_login(officer)
    session = client.session
    session["suggestions_tracked"] = []
    session.save()
    assert client.get(url).status_code == 404


def test_opinion_form_errors_speak_plainly(client, form_data):
    bad = form_data | {
        "title": "",
        "text": "灯坏",
        "area": "999999",
        "submitter_mobile": "1391234567",
        "submitter_email": "wang@",
        "captcha_1": "WRONG",
    }
    page = client.post(reverse("submit"), bad).content.decode()
    assert "请给您的意见写一个简短的标题。" in page
    assert "内容太短了：请至少写5个字，您写了2个字。" in page
    assert "请从列表中选择一项。" in page
    assert "请输入11位手机号码。" in page
    assert "请输入形如 name@example.com 的电子邮箱，或者不填。" in page
    assert "图片验证码不正确，请按新图片重新输入。" in page and "认证码" not in page
    assert "字符" not in page and not Suggestion.objects.exists()


@pytest.mark.django_db  # the page's heading names the root body, read from the database
def test_tracking_form_errors_speak_plainly(client):
    page = client.post(reverse("track"), {"code": "", "pin": ""}).content.decode()
    assert "请输入短信中的查询码。" in page and "请输入短信中的查询密码。" in page
    page = client.post(reverse("track"), {"code": "A" * 21, "pin": "1"}).content.decode()
    assert "内容太长了：最多20个字，您输入了21个字。" in page
