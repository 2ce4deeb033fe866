"""Two-factor login for committee staff (django-otp, TOTP).

After the password, a staff member enters the 6-digit code of their authenticator app. The first time
(no confirmed device yet) the page shows a QR code to scan and confirms the device with a first code.
Wrong codes are throttled by django-otp's own back-off (``OTP_TOTP_THROTTLE_FACTOR``).

Who needs the second factor: every account that is staff or holds the committee staff or leader
role. Until the session has passed it, ``congress.middleware.SecondFactorMiddleware`` sends such an
account from every page to this one (and answers the API with a 403), the admin included."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

# Roles whose pages hold the personal data of everyone and whose accounts change cases.
SECOND_FACTOR_ROLES = (roles.COMMITTEE_STAFF, roles.COMMITTEE_LEADER)


def needs_second_factor(user: Any) -> bool:
    """Staff accounts and the committee staff and leader roles log in with a TOTP code as well."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_needs_second_factor", None)
    if cached is None:
        cached = user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()
        user._needs_second_factor = cached
    return bool(cached)


def is_verified(user: Any) -> bool:
    """Whether this session passed a TOTP code. django-otp's middleware gives the request's user an
    ``is_verified()``; a user who has just logged in with a password (``request.user`` replaced by
    ``auth.login``) has none yet, and is not verified."""
    check = getattr(user, "is_verified", None)
    return bool(callable(check) and check())


def second_factor_missing(request: HttpRequest) -> bool:
    """An account that needs a TOTP code whose session has passed only the password."""
    if not settings.STAFF_REQUIRE_2FA:
        return False
    user = getattr(request, "user", None)
    return user is not None and needs_second_factor(user) and not is_verified(user)


def two_factor_redirect(request: HttpRequest, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('two-factor')}?{urlencode({'next': next_url})}")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not needs_second_factor(user):
        raise Http404
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("The code is not right, or it has expired. Try the current code."))
    qr_svg = segno.make(device.config_url).svg_data_uri(scale=4) if enrolling else ""
    context = {
        "form": form,
        "enrolling": enrolling,
        "qr_svg": qr_svg,
        # The same key as text, for desktop apps and staff without a camera; shown only while
        # enrolling, like the QR code.
        "secret": secret_in_blocks(device.bin_key) if enrolling else "",
        "next": _next(request),
    }
    return render(request, "registration/two_factor.html", context)


def secret_in_blocks(key: bytes) -> str:
    """The device key in base32 (what authenticator apps accept when typed), in blocks of four
    characters so it can be read out and typed without losing one's place."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[start : start + 4] for start in range(0, len(text), 4))
