"""Two-factor login for committee staff (django-otp, TOTP).

After the password, a staff member enters the 6-digit code of their authenticator app. The first time
(no confirmed device yet) the page shows a QR code to scan and confirms the device with a first code.
Wrong codes are throttled by django-otp's own back-off (``OTP_TOTP_THROTTLE_FACTOR``)."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


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
    if not user.is_staff:
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
    return render(
        request,
        "registration/two_factor.html",
        {"form": form, "enrolling": enrolling, "qr_svg": qr_svg, "next": _next(request)},
    )
