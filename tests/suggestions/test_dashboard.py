"""The deputy's pages: items addressed to them, their suggestions, take up, file, rate."""

from __future__ import annotations

from django.urls import reverse

from suggestions import services
from suggestions.models import Suggestion
from tests.factories.deputies import DeputyFactory


def test_list_shows_addressed_items_and_own_suggestions(client, make, deputy, deputy_user):
    addressed = make("submitted", deputy=deputy)
    own = services.deputy_suggestion_file(
        deputy=deputy, title="关于养老服务的建议", text="建议增设养老服务中心。"
    )
    client.force_login(deputy_user)
    page = client.get(reverse("opinion-list")).content.decode()
    assert addressed.code in page and own.code not in page
    page = client.get(reverse("opinion-list"), {"tab": "own"}).content.decode()
    assert own.code in page


def test_deputy_files_a_suggestion_with_cosigners(client, deputy_user, category):
    cosigner = DeputyFactory(level="municipal")
    client.force_login(deputy_user)
    response = client.post(
        reverse("opinion-new"),
        {
            "title": "关于学校周边交通的建议",
            "text": "建议在学校周边设置护学岗。",
            "category": category.pk,
            "cosigners": [cosigner.pk],
        },
    )
    assert response.status_code == 302
    item = Suggestion.objects.get(kind="deputy_suggestion")
    assert item.lead_deputy == deputy_user.deputy and list(item.cosigners.all()) == [cosigner]


def test_deputy_takes_up_an_addressed_item(client, make, deputy, deputy_user):
    item = make("submitted", deputy=deputy)
    client.force_login(deputy_user)
    response = client.post(
        reverse("opinion-detail", args=[item.code]),
        {"action": "take_up", "title": "关于路灯维修的建议", "text": "建议全面排查路灯。"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "merged" and item.merged_into.kind == "deputy_suggestion"


def test_deputy_rates_the_reply_to_their_suggestion(client, deputy, deputy_user, staff, unit, officer):
    item = services.deputy_suggestion_file(deputy=deputy, title="建议", text="关于老旧小区加装电梯的建议。")
    (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    services.assignment_sign_for(assignment=lead, actor=officer)
    services.suggestion_reply(assignment=lead, actor=officer, outcome="A", text="已制定加装电梯补贴办法。")
    client.force_login(deputy_user)
    url = reverse("opinion-detail", args=[item.code])
    assert "测评答复" in client.get(url).content.decode()
    client.post(url, {"action": "rate", "value": "basically"})
    item.refresh_from_db()
    assert item.status == "rated"
    assert "测评答复" not in client.get(url).content.decode()


def test_a_cosigner_typed_but_not_chosen_is_refused_not_dropped(client, deputy_user, category):
    chosen = DeputyFactory.create(level="municipal")
    DeputyFactory.create(name="王建国", level="municipal")
    client.force_login(deputy_user)
    response = client.post(
        reverse("opinion-new"),
        {
            "title": "关于学校周边交通的建议",
            "text": "建议在学校周边设置护学岗。",
            "category": category.pk,
            "cosigners": [chosen.pk],
            "cosigners_typed": "王建国",
        },
    )
    assert response.status_code == 200
    assert "“王建国”未从列表中选定：请在搜索结果中点选该代表，或清空输入框。" in response.content.decode()
    assert 'data-typed="王建国"' in response.content.decode()  # the picker shows it again
    assert not Suggestion.objects.filter(kind="deputy_suggestion").exists()


def test_an_empty_picker_box_files_with_the_chosen_cosigners(client, deputy_user, category):
    chosen = DeputyFactory.create(level="municipal")
    client.force_login(deputy_user)
    response = client.post(
        reverse("opinion-new"),
        {
            "title": "关于学校周边交通的建议",
            "text": "建议在学校周边设置护学岗。",
            "category": category.pk,
            "cosigners": [chosen.pk],
            "cosigners_typed": "  ",
        },
    )
    assert response.status_code == 302
    assert list(Suggestion.objects.get(kind="deputy_suggestion").cosigners.all()) == [chosen]


def test_taking_up_refuses_a_cosigner_typed_but_not_chosen(client, make, deputy, deputy_user):
    item = make("submitted", deputy=deputy)
    client.force_login(deputy_user)
    response = client.post(
        reverse("opinion-detail", args=[item.code]),
        {
            "action": "take_up",
            "title": "关于路灯维修的建议",
            "text": "建议全面排查路灯。",
            "cosigners_typed": "赵",
        },
    )
    assert response.status_code == 200 and "“赵”未从列表中选定" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "submitted"
