"""Categories and rejection reasons per body (docs/bodies.md, "What belongs to a body"): the shared
ones plus a body's own; a body uses the shared ones, its own and its ancestors' own, never a
sibling's or a lower body's — through every form, the APIs, triage and the admin — and only the root
body's staff keep the shared ones. Each test tries to break one of these."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from congress.audit import audit_events_for
from congress.errors import DomainError
from congress.models import Category
from congress.selectors import categories_for_body, category_usable_by
from congress.services import category_save
from suggestions import services
from suggestions.models import RejectionReason, Status, Suggestion
from suggestions.selectors import rejection_reasons_for_body
from tests.admin_forms import post_back
from tests.factories.deputies import StationFactory

from .conftest import Network, item_in

pytestmark = pytest.mark.django_db

NOT_THIS_BODYS_CATEGORY = "该分类不属于本机构使用的分类，请从列表中选择。"
NOT_THIS_BODYS_REASON = "该理由不属于本机构使用的理由，请从列表中选择。"
KEYS = ("root", "district", "sibling", "street", "township")


@pytest.fixture
def own(network: Network) -> dict[str, Any]:
    """A shared category and reason, and one of each for every body of the network."""
    shared_category = Category.objects.get(code="urban")
    shared_reason = RejectionReason.objects.create(title="共享理由", text="不属于人大受理范围。")
    found: dict[str, Any] = {"category:shared": shared_category, "reason:shared": shared_reason}
    for key in KEYS:
        body = getattr(network, key)
        found[f"category:{key}"] = category_save(
            category=None,
            values={"name": f"{key}自有类别", "code": f"own-{key}", "body": body, "parent": shared_category},
            actor=network.staff[key],
        )
        found[f"reason:{key}"] = services.rejection_reason_save(
            reason=None,
            values={"title": f"{key}自有理由", "text": f"{key}：不予受理。", "body": body},
            actor=network.staff[key],
        )
    return found


def _names(queryset: Any) -> set[str]:
    return {str(row) for row in queryset}


def _keys(rows: Any, own: dict[str, Any], kind: str) -> set[str]:
    by_pk = {row.pk: name.split(":")[1] for name, row in own.items() if name.startswith(kind)}
    return {by_pk[row.pk] for row in rows if row.pk in by_pk}


# -- which ones a body uses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("township", {"shared", "root", "district", "township"}),
        ("street", {"shared", "root", "district", "street"}),
        ("district", {"shared", "root", "district"}),
        ("sibling", {"shared", "root", "sibling"}),
        ("root", {"shared", "root"}),
    ],
)
def test_a_body_uses_the_shared_its_own_and_its_ancestors_never_a_siblings_or_a_lower_bodys(
    network, own, key, expected
):
    body = getattr(network, key)
    for lookup in (body, body.pk):  # by the body's path, and by its id in the same query
        assert _keys(categories_for_body(lookup), own, "category") == expected
        assert _keys(rejection_reasons_for_body(lookup), own, "reason") == expected
    for name, row in own.items():
        if name.startswith("category:"):
            assert category_usable_by(row, body) == (name.split(":")[1] in expected), name
            assert category_usable_by(row, body.pk) == (name.split(":")[1] in expected), name


def test_a_page_that_deals_with_no_body_offers_the_shared_ones_only(network, own):
    assert _keys(categories_for_body(None), own, "category") == {"shared"}
    assert _keys(rejection_reasons_for_body(None), own, "reason") == {"shared"}


def test_an_inactive_own_category_is_no_longer_offered(network, own):
    category_save(
        category=own["category:district"], values={"is_active": False}, actor=network.staff["district"]
    )
    assert own["category:district"] not in categories_for_body(network.street)


# -- uniqueness per body -----------------------------------------------------------------------------


def test_a_reason_title_is_unique_per_body_not_across_the_portal(network, own):
    # The sibling may use the district's title for its own reason …
    services.rejection_reason_save(
        reason=None,
        values={"title": "district自有理由", "text": "乙区的同名理由。", "body": network.sibling},
        actor=network.staff["sibling"],
    )
    # … but the district not twice, and the shared ones not twice either.
    with pytest.raises(DomainError):
        services.rejection_reason_save(
            reason=None,
            values={"title": "district自有理由", "text": "重复。", "body": network.district},
            actor=network.staff["district"],
        )
    with pytest.raises(DomainError):
        services.rejection_reason_save(
            reason=None, values={"title": "共享理由", "text": "重复。"}, actor=network.staff["root"]
        )
    assert RejectionReason.objects.filter(title="district自有理由").count() == 2
    assert RejectionReason.objects.filter(title="共享理由").count() == 1


def test_a_category_name_is_once_under_a_parent_among_what_a_body_uses(network, own):
    parent = own["category:shared"]
    # The sibling's own name is free for the district (it never sees the sibling's) …
    category_save(
        category=None,
        values={
            "name": "sibling自有类别",
            "code": "district-copy",
            "body": network.district,
            "parent": parent,
        },
        actor=network.staff["district"],
    )
    # … the street may not add a name its district already uses under the same parent.
    with pytest.raises(DomainError) as refused:
        category_save(
            category=None,
            values={
                "name": "district自有类别",
                "code": "street-copy",
                "body": network.street,
                "parent": parent,
            },
            actor=network.staff["street"],
        )
    assert refused.value.field == "name"
    assert not Category.objects.filter(code="street-copy").exists()


def test_a_body_cannot_hang_its_category_under_a_siblings(network, own):
    with pytest.raises(DomainError) as refused:
        category_save(
            category=None,
            values={
                "name": "挂错",
                "code": "wrong-parent",
                "body": network.district,
                "parent": own["category:sibling"],
            },
            actor=network.staff["district"],
        )
    assert refused.value.field == "parent"


# -- who keeps them ------------------------------------------------------------------------------------


def test_only_the_root_keeps_the_shared_ones_and_a_body_its_own(network, own):
    shared = own["category:shared"]
    for key in ("district", "street"):
        with pytest.raises(DomainError):
            category_save(category=shared, values={"name": "改名"}, actor=network.staff[key])
        with pytest.raises(DomainError):
            category_save(
                category=None, values={"name": "新共享", "code": f"new-{key}"}, actor=network.staff[key]
            )
        with pytest.raises(DomainError):
            services.rejection_reason_save(
                reason=own["reason:shared"], values={"text": "改写"}, actor=network.staff[key]
            )
    # The district reads its street's own but does not write it; nor the sibling's.
    for key in ("street", "sibling"):
        with pytest.raises(DomainError):
            category_save(
                category=own[f"category:{key}"], values={"name": "改名"}, actor=network.staff["district"]
            )
        with pytest.raises(DomainError):
            category_save(
                category=None,
                values={"name": "替别人加", "code": f"for-{key}", "body": getattr(network, key)},
                actor=network.staff["district"],
            )
    # A category stays its body's: moving it to another body is refused.
    with pytest.raises(DomainError):
        category_save(
            category=own["category:district"], values={"body": network.root}, actor=network.staff["root"]
        )
    saved = category_save(category=shared, values={"name": "城市建设与管理"}, actor=network.staff["root"])
    assert saved.name == "城市建设与管理"
    assert audit_events_for(saved).filter(action="update").exists()
    assert Category.objects.get(pk=own["category:street"].pk).name == "street自有类别"
    assert RejectionReason.objects.get(pk=own["reason:shared"].pk).text == "不属于人大受理范围。"


# -- triage and rejection ----------------------------------------------------------------------------


def _case(item: Suggestion) -> str:
    return reverse("admin:suggestions_suggestion_case", args=[item.pk])


def test_a_siblings_reason_posted_to_reject_is_a_form_error_and_nothing_changes(client, network, own):
    item = item_in(network, "district")
    client.force_login(network.staff["district"])
    for wrong in (own["reason:sibling"], own["reason:street"]):
        response = client.post(_case(item), {"action": "reject", "template": wrong.pk})
        assert response.status_code == 200
        assert NOT_THIS_BODYS_REASON in response.content.decode()
        assert Suggestion.objects.get(pk=item.pk).status == Status.SUBMITTED
    page = client.get(_case(item)).content.decode()
    assert "district自有理由" in page and "root自有理由" in page and "共享理由" in page
    assert "sibling自有理由" not in page and "street自有理由" not in page


def test_a_street_rejects_with_its_districts_reason(client, network, own):
    item = item_in(network, "street")
    client.force_login(network.staff["street"])
    response = client.post(_case(item), {"action": "reject", "template": own["reason:district"].pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.REJECTED
    assert item.rejection_reason == "district：不予受理。"


def test_triage_refuses_a_siblings_or_a_lower_bodys_category(client, network, own):
    item = item_in(network, "district")
    client.force_login(network.staff["district"])
    for wrong in (own["category:sibling"], own["category:street"], "x' or 1=1", ""):
        value = wrong.pk if isinstance(wrong, Category) else wrong
        response = client.post(_case(item), {"action": "categorise", "category": value}, follow=True)
        assert response.status_code == 200
        assert Suggestion.objects.get(pk=item.pk).category_id is None
    # The service refuses it too, whatever the interface.
    with pytest.raises(DomainError) as refused:
        services.suggestion_categorise(
            suggestion=item, category=own["category:sibling"], actor=network.staff["district"]
        )
    assert refused.value.field == "category"
    services.suggestion_categorise(
        suggestion=item, category=own["category:root"], actor=network.staff["district"]
    )
    assert Suggestion.objects.get(pk=item.pk).category_id == own["category:root"].pk


def test_intake_refuses_a_category_the_receiving_body_does_not_use(network, own):
    with pytest.raises(DomainError) as refused:
        item_in(network, "district", category=own["category:sibling"])
    assert refused.value.field == "category"
    item = item_in(network, "township", category=own["category:district"])
    assert item.category_id == own["category:district"].pk


def test_an_item_transferred_up_leaves_its_districts_own_category_for_the_nearest_one_the_city_uses(
    network, own
):
    item = item_in(network, "district", category=own["category:district"])
    services.suggestion_transfer(
        suggestion=item, to_body=network.root, reason="超出本区职权", actor=network.staff["district"]
    )
    moved = Suggestion.objects.get(pk=item.pk)
    # The district's own category hangs under the shared 城乡建设: the city gets that one.
    assert moved.category_id == own["category:shared"].pk
    assert moved.category is not None and category_usable_by(moved.category, network.root)
    event = audit_events_for(moved).filter(action="transfer").get()
    assert event.data["category_from"] == own["category:district"].pk
    assert event.data["category_to"] == own["category:shared"].pk


def test_an_item_transferred_down_keeps_a_category_the_lower_body_uses(network, own):
    item = item_in(network, "district", category=own["category:district"])
    services.suggestion_transfer(
        suggestion=item, to_body=network.street, reason="属街道职责", actor=network.staff["district"]
    )
    assert Suggestion.objects.get(pk=item.pk).category_id == own["category:district"].pk
    assert "category_from" not in audit_events_for(item).filter(action="transfer").get().data


def test_a_top_level_own_category_is_cleared_going_up_for_the_city_to_choose(network, own):
    top = category_save(
        category=None,
        values={"name": "街道自有顶级", "code": "own-street-top", "body": network.street, "parent": None},
        actor=network.staff["street"],
    )
    item = item_in(network, "street", category=top)
    services.suggestion_transfer(
        suggestion=item, to_body=network.district, reason="街道无法解决", actor=network.staff["street"]
    )
    assert Suggestion.objects.get(pk=item.pk).category_id is None


# -- the public form and the APIs ---------------------------------------------------------------------


def test_the_public_form_of_a_districts_station_offers_the_districts_categories(client, network, own):
    station = StationFactory(body=network.street, area=network.areas["street"])
    page = client.get(reverse("submit"), {"station": station.slug}).content.decode()
    shared = own["category:shared"].name
    assert "district自有类别" in page and "street自有类别" in page and shared in page
    assert "sibling自有类别" not in page and "township自有类别" not in page
    # The open form deals with no body yet: the shared ones only.
    page = client.get(reverse("submit")).content.decode()
    assert shared in page and "自有类别" not in page


def test_the_public_form_refuses_a_siblings_category_posted_by_id(client, network, own):
    station = StationFactory(body=network.district, area=network.areas["district"])
    before = Suggestion.objects.count()
    response = client.post(
        f"{reverse('submit')}?station={station.slug}",
        {
            "station": station.slug,
            "category": own["category:sibling"].pk,
            "title": "路灯不亮",
            "text": "东岗西路的路灯坏了两个星期。",
            "area": network.areas["district"].pk,
            "submitter_mobile": "13912345678",
            "consent_privacy": "on",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
    )
    assert response.status_code == 200
    assert NOT_THIS_BODYS_CATEGORY in response.content.decode()
    assert Suggestion.objects.count() == before


def test_the_public_category_list_follows_the_body_a_citizen_deals_with(network, own):
    reader = APIClient()
    url = "/api/v1/public/categories/"
    station = StationFactory(body=network.street, area=network.areas["street"])

    def listed(**params: Any) -> set[str]:
        response = reader.get(url, params)
        assert response.status_code == 200
        rows = response.json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        return {row["name"] for row in rows}

    assert {"district自有类别", "root自有类别", own["category:shared"].name} <= listed(
        body=network.district.pk
    )
    assert "sibling自有类别" not in listed(body=network.district.pk)
    assert "street自有类别" not in listed(body=network.district.pk)
    assert {"district自有类别", "street自有类别"} <= listed(station=station.slug)
    assert not {n for n in listed() if "自有" in n}
    assert not {n for n in listed(body=999999) if "自有" in n}
    assert not {n for n in listed(station="nosuchstation") if "自有" in n}


def test_the_submission_api_refuses_a_siblings_category(network, own):
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="微信小程序", kind="wechat", rate="1000/m")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    station = StationFactory(body=network.district, area=network.areas["district"])
    payload = {
        "category": own["category:sibling"].pk,
        "title": "小区积水",
        "text": "雨后小区门口积水严重，老人出行困难。",
        "area": network.areas["district"].pk,
        "submitter_mobile": "13800138000",
        "consent_privacy": True,
        "station": station.slug,
    }
    before = Suggestion.objects.count()
    response = api.post("/api/v1/public/suggestions/", payload, format="json")
    assert response.status_code == 400
    assert Suggestion.objects.count() == before
    payload["category"] = own["category:district"].pk
    assert api.post("/api/v1/public/suggestions/", payload, format="json").status_code == 201


# -- the admin -----------------------------------------------------------------------------------------


def _change(row: Any) -> str:
    return reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])


def test_the_admin_finds_no_siblings_category_or_reason(client, network, own):
    client.force_login(network.staff["district"])
    for kind in ("category", "reason"):
        sibling = own[f"{kind}:sibling"]
        assert client.get(_change(sibling)).status_code == 404
        assert client.post(_change(sibling), {"name": "改名", "title": "改名"}).status_code == 404
        changelist = reverse(f"admin:{sibling._meta.app_label}_{sibling._meta.model_name}_changelist")
        page = client.get(changelist).content.decode()
        assert "sibling自有" not in page
        assert "district自有" in page and "street自有" in page and "root自有" in page
    assert Category.objects.get(pk=own["category:sibling"].pk).name == "sibling自有类别"


def test_the_admin_shows_shared_and_lower_ones_read_only_to_a_district(client, network, own):
    client.force_login(network.staff["district"])
    for row in (own["category:shared"], own["category:root"], own["category:street"], own["reason:shared"]):
        assert client.get(_change(row)).status_code == 200
        assert client.post(_change(row), {"name": "改名", "title": "改名"}).status_code == 403
    assert Category.objects.get(pk=own["category:shared"].pk).name == own["category:shared"].name


def test_a_district_adds_its_own_category_in_the_admin_and_never_a_shared_one(client, network, own):
    client.force_login(network.staff["district"])
    add = reverse("admin:congress_category_add")
    base = {
        "name": "老旧小区改造",
        "code": "jq-old-estates",
        "parent": own["category:shared"].pk,
        "sort_order": 0,
    }
    # Left empty (shared), or a sibling's body: a form error, nothing saved.
    for body in ("", network.sibling.pk, network.root.pk):
        response = client.post(add, {**base, "body": body, "is_active": "on"})
        assert response.status_code == 200, body
        assert not Category.objects.filter(code="jq-old-estates").exists()
    response = client.post(add, {**base, "body": network.district.pk, "is_active": "on"})
    assert response.status_code == 302
    made = Category.objects.get(code="jq-old-estates")
    assert made.body_id == network.district.pk
    assert audit_events_for(made).filter(action="create").exists()
    # Its street uses it; its sibling never sees it.
    assert made in categories_for_body(network.street)
    assert made not in categories_for_body(network.sibling)


def test_the_root_adds_a_shared_reason_in_the_admin(client, network, own):
    client.force_login(network.staff["root"])
    add = reverse("admin:suggestions_rejectionreason_add")
    response = client.post(
        add, {"title": "重复反映", "text": "已有相同事项正在办理。", "body": "", "is_active": "on"}
    )
    assert response.status_code == 302
    made = RejectionReason.objects.get(title="重复反映")
    assert made.body_id is None
    assert made in rejection_reasons_for_body(network.sibling)
    # The same title again among the shared ones is a form error, not a 500.
    response = client.post(add, {"title": "重复反映", "text": "又一条。", "body": "", "is_active": "on"})
    assert response.status_code == 200
    assert RejectionReason.objects.filter(title="重复反映").count() == 1


def test_a_districts_change_of_its_own_reason_keeps_its_body(client, network, own):
    client.force_login(network.staff["district"])
    row = own["reason:district"]
    response = post_back(client, _change(row), {"text": "改写后的理由。", "body": network.sibling.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.text == "改写后的理由。" and row.body_id == network.district.pk
