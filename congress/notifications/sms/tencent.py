"""Tencent Cloud SMS (短信 SendSms / PullSmsSendStatus, API version 2021-01-11) through Tencent's
maintained SDK (``tencentcloud-sdk-python-sms``).

Mainland SMS providers only send approved templates under an approved signature: the kind of each
notification is looked up in ``SMS_TEMPLATES`` (see ``congress.notifications.sms.template_for``) and
the signature is ``SMS_SIGN_NAME``. Credentials and the application: ``TENCENT_SMS_SECRET_ID``,
``TENCENT_SMS_SECRET_KEY``, ``TENCENT_SMS_APP_ID`` (SmsSdkAppId), ``TENCENT_SMS_REGION``
(ap-guangzhou by default), ``TENCENT_SMS_ENDPOINT`` (the API host; ``http://127.0.0.1:<port>`` only in
tests), ``TENCENT_SMS_TIMEOUT`` (seconds).

Delivery reports are pulled (``PullSmsSendStatus``, to be enabled on the account); each serial number
is reported once.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from ..backends import DeliveryError, DeliveryUncertain
from . import Receipt, mainland_e164, template_for

# Per-number codes after which sending again cannot succeed (the rest, e.g. LimitExceeded.*, retry).
PERMANENT_PREFIXES = (
    "InvalidParameter",
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.PhoneNumberParseFail",
    "UnauthorizedOperation",
    "AuthFailure",
    "UnsupportedOperation",
)


def _client() -> sms_client.SmsClient:
    endpoint = settings.TENCENT_SMS_ENDPOINT
    parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
    http_profile = HttpProfile(
        protocol=parts.scheme,
        endpoint=parts.netloc,
        reqTimeout=int(settings.TENCENT_SMS_TIMEOUT),
    )
    cred = credential.Credential(settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY)
    return sms_client.SmsClient(cred, settings.TENCENT_SMS_REGION, ClientProfile(httpProfile=http_profile))


def _classify(exc: TencentCloudSDKException) -> DeliveryError:
    """A refusal by the API means nothing was sent; a network error after the request may have left
    does not."""
    code = str(exc.get_code() or "")
    message = f"Tencent Cloud SMS {code}: {exc.get_message()}"
    if code == "ClientNetworkError":
        cause: Any = exc.__context__
        text = str(exc.get_message())
        not_sent = "NewConnectionError" in text or "ConnectTimeout" in text or "Connection refused" in text
        if cause is not None:
            not_sent = not_sent or type(cause).__name__ == "ConnectTimeout"
        return DeliveryError(message) if not_sent else DeliveryUncertain(message)
    if code.startswith("InternalError"):
        return DeliveryUncertain(message)
    return DeliveryError(message, permanent=code.startswith(PERMANENT_PREFIXES))


class TencentSmsBackend:
    templated = True

    def send(self, *, to: str, body: str, kind: str = "", params: dict[str, str] | None = None) -> str:
        template_id, values = template_for(kind, params or {})
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [mainland_e164(to)]
        request.SmsSdkAppId = settings.TENCENT_SMS_APP_ID
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = template_id
        request.TemplateParamSet = values
        try:
            response = _client().SendSms(request)
        except TencentCloudSDKException as exc:
            raise _classify(exc) from exc
        statuses = response.SendStatusSet or []
        if not statuses:
            raise DeliveryUncertain("Tencent Cloud SMS answered without a status for the number")
        status = statuses[0]
        if status.Code != "Ok":
            raise DeliveryError(
                f"Tencent Cloud SMS {status.Code}: {status.Message}",
                permanent=str(status.Code).startswith(PERMANENT_PREFIXES),
            )
        return str(status.SerialNo)

    def receipts(self, *, wait: float | None = None) -> list[Receipt]:
        request = models.PullSmsSendStatusRequest()
        request.Limit = 100
        request.SmsSdkAppId = settings.TENCENT_SMS_APP_ID
        try:
            response = _client().PullSmsSendStatus(request)
        except TencentCloudSDKException as exc:
            raise DeliveryError(f"Tencent Cloud SMS {exc.get_code()}: {exc.get_message()}") from exc
        found = []
        for status in response.PullSmsSendStatusSet or []:
            at = None
            if status.UserReceiveTime:
                at = datetime.datetime.fromtimestamp(int(status.UserReceiveTime), tz=datetime.UTC)
            found.append(
                Receipt(
                    message_id=str(status.SerialNo),
                    delivered=status.ReportStatus == "SUCCESS",
                    code=str(status.Description or status.ReportStatus)[:40],
                    at=at,
                )
            )
        return found
