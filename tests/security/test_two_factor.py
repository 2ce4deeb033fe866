"""Two-factor login for committee staff (django-otp TOTP), and an admin a setting can move."""

from __future__ import annotations

import base64
import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress.twofactor import secret_in_blocks


@pytest.fixture
def require_2fa(settings):
    settings.STAFF_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


def test_staff_with_a_password_only_are_sent_to_the_two_factor_page(client, staff, require_2fa):
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor"))


def test_first_login_sets_up_an_authenticator_and_opens_the_admin(client, staff, require_2fa):
    client.force_login(staff)
    page = client.get(reverse("two-factor"), {"next": reverse("admin:index")})
    assert page.status_code == 200 and page.context["enrolling"] and page.context["qr_svg"]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(reverse("two-factor"), {"token": _code(device), "next": reverse("admin:index")})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_enrolment_shows_the_secret_as_text_in_blocks_of_four(client, staff, require_2fa):
    client.force_login(staff)
    page = client.get(reverse("two-factor"))
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = page.context["secret"]
    assert shown.replace(" ", "") == secret
    assert all(len(block) == 4 for block in shown.split(" ")[:-1]) and len(shown.split(" ")[-1]) <= 4
    html = page.content.decode()
    assert shown in html and "设置密钥" in html


def test_the_secret_is_not_shown_once_the_device_is_confirmed(client, staff, require_2fa):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    assert client.get(reverse("two-factor")).context["secret"] == ""


def test_secret_blocks_are_four_characters() -> None:
    assert secret_in_blocks(b"\x00" * 10) == "AAAA AAAA AAAA AAAA"
    assert secret_in_blocks(b"\xff" * 5) == "7777 7777"


def test_a_wrong_code_keeps_the_admin_closed(client, staff, require_2fa):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    response = client.post(reverse("two-factor"), {"token": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_confirmed_device_is_not_shown_again(client, staff, require_2fa):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    page = client.get(reverse("two-factor"))
    assert not page.context["enrolling"] and not page.context["qr_svg"]


def test_the_two_factor_page_is_for_staff_only(client, deputy_user):
    client.force_login(deputy_user)
    assert client.get(reverse("two-factor")).status_code == 404


def test_an_open_redirect_through_next_is_refused(client, staff, require_2fa):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    response = client.post(reverse("two-factor"), {"token": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_without_the_setting_staff_log_in_with_a_password(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_url_is_a_setting(db):
    import congress.urls

    try:
        with override_settings(ADMIN_URL="backoffice-7f3a/"):
            importlib.reload(congress.urls)
            clear_url_caches()
            assert reverse("admin:index") == "/backoffice-7f3a/"
    finally:
        importlib.reload(congress.urls)
        clear_url_caches()
    assert reverse("admin:index") == "/admin/"
