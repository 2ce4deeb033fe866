"""Demo data of the ballot cycle (idempotent): one cycle in each phase, so every page and admin
step can be tried.

City congress (示范市第十七届, the level of the demo deputies):
  2025 closed — selection with a tie at the last seat resolved by a run-off, paper double entry,
       progress, an inspection, the evaluation with rectification requests; results published;
  2026 implementation — June reports, the unfinished 2025 project carried over;
  2027 ballot — the selection ballot is OPEN (electronic): most deputies have voted, the demo
       logins ``deputy`` … ``deputy6`` have not, so they can vote at /dashboard/ballots/.
District congress (区县第十九届): 2026 evaluation (evaluation ballot set up), 2027 collection
  (the public call at /projects/propose/ is open until 2026-12-31), 2028 being prepared.
Township congress (乡镇第二十届): 2026 candidate list awaiting approval, 2027 screening.

Each cycle is built once, through the services, inside one transaction; historic proposals are
written directly because the services only accept citizens' proposals while a window is open."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from congress import roles
from congress.demo import demo_user
from congress.models import HandlingUnit, Term
from deputies.models import Deputy

from . import services
from .models import Ballot, Candidate, Cycle, Milestone, Project, Proposal

HOUSING = "示范市住房和城乡建设局"

# (title, content, target, unit, budget in 10,000 yuan, lead unit)
PROJECTS: list[tuple[str, str, int, str, int, str]] = [
    ("老旧小区改造", "改造老旧小区的供排水、供暖、道路和绿化，加装电梯。", 60, "个小区", 42000, HOUSING),
    ("社区老年食堂", "新建社区老年食堂，为60岁以上老人提供助餐服务。", 40, "个", 2400, "示范市民政局"),
    ("学前教育扩容", "新建、改扩建公办幼儿园，增加学位。", 12, "所", 18000, "示范市教育局"),
    ("城市公厕提升", "新建和改造城市公共厕所，配置第三卫生间。", 120, "座", 3600, "示范市城市管理局"),
    ("背街小巷整治", "整治背街小巷路面、照明和管线。", 80, "条", 9600, HOUSING),
    ("农村饮水安全", "巩固提升农村供水工程，改造老旧管网。", 150, "公里", 7800, "示范市水务局"),
    ("公交线网优化", "新开和优化公交线路，更新新能源公交车。", 20, "条", 6200, "示范市公共交通集团"),
    ("全民健身设施", "建设社区健身路径、口袋公园和多功能运动场。", 100, "处", 3000, "示范市体育局"),
    ("社区卫生服务", "标准化建设社区卫生服务站，配置家庭医生。", 30, "个", 4500, "示范市卫生健康委员会"),
    ("停车难治理", "新增公共停车泊位，建设智慧停车平台。", 8000, "个", 12000, HOUSING),
    ("菜市场升级", "改造提升农贸市场，规范经营秩序。", 15, "个", 2800, "示范市商务局"),
    ("困境儿童关爱", "建设儿童之家，开展困境儿童关爱服务。", 50, "个", 900, "示范市民政局"),
    ("城市照明补盲", "为无路灯路段安装节能路灯。", 3000, "盏", 1500, HOUSING),
]


DEMO_VOTERS = ("deputy", "deputy2", "deputy3", "deputy4", "deputy5", "deputy6")


def load(*, stdout: TextIO) -> None:
    term = Term.objects.filter(level="municipal", is_current=True).first()
    if term is None:
        stdout.write("votes: no municipal term, skipped\n")
        return
    _demo_deputy_accounts()
    rng = random.Random(20261123)
    _finished_cycle(term, 2025, rng, stdout)
    _implementing_cycle(term, 2026, rng, stdout)
    _open_ballot_cycle(term, 2027, rng, stdout)
    # The generic county and township terms held by the city committee; 城关区's own congress runs
    # its own cycle below.
    county = Term.objects.filter(level="county", is_current=True, body__parent__isnull=True).first()
    township = Term.objects.filter(level="township", is_current=True, body__parent__isnull=True).first()
    if county is not None:
        _evaluation_cycle(county, 2026, rng, stdout)
        _collecting_cycle(county, 2027, stdout)
        _draft_cycle(county, 2028, stdout)
    if township is not None:
        _candidates_cycle(township, 2026, rng, stdout)
        _screening_cycle(township, 2027, rng, stdout)
    district = Term.objects.filter(level="county", is_current=True, body__name="城关区人大常委会").first()
    if district is not None:
        _district_cycle(district, 2026, rng, stdout)


def _demo_deputy_accounts() -> None:
    """Five more deputy logins (deputy2 … deputy6) so a ballot can be tried with several voters."""
    free = list(Deputy.objects.active().municipal().filter(user__isnull=True).order_by("slug")[:5])
    for n in range(2, 7):
        account = demo_user(f"deputy{n}", first_name="", role=roles.DEPUTY)
        if Deputy.objects.filter(user=account).exists() or not free:
            continue
        deputy = free.pop(0)
        Deputy.objects.filter(pk=deputy.pk, user__isnull=True).update(user=account)
        if not account.first_name:
            account.first_name = deputy.name
            account.save(update_fields=["first_name"])


def _clerks() -> tuple[Any, Any]:
    return (
        demo_user("clerk1", first_name="计票员甲", role=roles.COMMITTEE_STAFF, is_staff=True),
        demo_user("clerk2", first_name="计票员乙", role=roles.COMMITTEE_STAFF, is_staff=True),
    )


LEVEL_PLACE = {"municipal": "示范市", "county": "示范区", "township": "示范镇"}


def _title(term: Term, year: int) -> str:
    return f"{year}年度{LEVEL_PLACE.get(term.level, '示范市')}民生实事项目"


def _new_cycle(term: Term, year: int) -> Cycle:
    return services.cycle_create(
        year=year,
        term=term,
        title=_title(term, year),
        seats=10,
        collection_opens_on=datetime.date(year - 1, 9, 1),
        collection_closes_on=datetime.date(year - 1, 10, 31),
        ballot_on=datetime.date(year, 1, 12),
    )


def _to_ballot_phase(cycle: Cycle, rng: random.Random) -> list[Candidate]:
    candidates = _to_candidates_phase(cycle, rng)
    services.cycle_record_approval(cycle=cycle, body="chairpersons", on=datetime.date(cycle.year - 1, 11, 20))
    services.cycle_record_approval(cycle=cycle, body="committee", on=datetime.date(cycle.year - 1, 11, 25))
    services.cycle_transition(cycle=cycle, to="ballot")
    return candidates


def _to_candidates_phase(cycle: Cycle, rng: random.Random) -> list[Candidate]:
    proposals = _to_screening_phase(cycle, rng, decide=True)
    units = {u.name: u for u in HandlingUnit.objects.filter(name__in={p[5] for p in PROJECTS} | {HOUSING})}
    services.cycle_transition(cycle=cycle, to="candidates")
    candidates = []
    for number, ((title, content, qty, unit_label, budget, unit), proposal) in enumerate(
        zip(PROJECTS, proposals, strict=True), start=1
    ):
        candidate = Candidate.objects.create(
            cycle=cycle,
            number=number,
            title=title,
            content=content,
            target_quantity=Decimal(qty),
            target_unit=unit_label,
            budget=Decimal(budget),
            funding_source="市级财政和上级补助资金",
            duration_months=12,
            responsible_leader="分管副市长",
            lead_unit=units[unit],
            deadline=datetime.date(cycle.year, 12, 20),
        )
        if unit != HOUSING:
            candidate.co_units.add(units[HOUSING])
        candidate.proposals.add(proposal)
        candidates.append(candidate)
    return candidates


def _to_screening_phase(cycle: Cycle, rng: random.Random, *, decide: bool) -> list[Proposal]:
    """Collect the proposals and move to screening; with ``decide`` every proposal is scored,
    assessed and decided (one screened out, one merged), otherwise a few wait for a decision."""
    services.cycle_transition(cycle=cycle, to="collection")
    units = {u.name: u for u in HandlingUnit.objects.filter(name__in={p[5] for p in PROJECTS} | {HOUSING})}
    proposals = []
    for title, content, *_rest in PROJECTS:
        proposals.append(
            Proposal.objects.create(
                cycle=cycle,
                source=Proposal.Source.CITIZEN,
                title=f"建议实施{title}",
                description=content,
                proposer_name="王" + "明华建军秀英"[rng.randrange(6)],
                proposer_phone=f"139{rng.randint(10000000, 99999999)}",
                consent=True,
            )
        )
    extra = Proposal.objects.create(
        cycle=cycle,
        source=Proposal.Source.CITIZEN,
        title="在小区门口修建私人车库",
        description="希望政府出资在我家小区门口修建车库。",
        proposer_name="李四",
        proposer_phone="13900001234",
        consent=True,
    )
    duplicate = Proposal.objects.create(
        cycle=cycle,
        source=Proposal.Source.CITIZEN,
        title="老旧小区加装电梯",
        description="老旧小区没有电梯，老人上下楼困难。",
        proposer_name="赵六",
        consent=True,
    )
    services.cycle_transition(cycle=cycle, to="screening")
    for index, (proposal, (_t, _c, _q, _u, budget, unit)) in enumerate(zip(proposals, PROJECTS, strict=True)):
        if not decide and index >= 8:
            continue  # still waiting for the department's assessment and a decision
        services.proposal_score(
            proposal=proposal,
            urgency=rng.randint(3, 5),
            readiness=rng.randint(3, 5),
            reach=rng.randint(3, 5),
            impact=rng.randint(3, 5),
        )
        services.proposal_assess(
            proposal=proposal,
            unit=units[unit],
            feasible=True,
            opinion="具备实施条件，资金可以保障。",
            estimated_budget=Decimal(budget),
            assessed_on=datetime.date(cycle.year - 1, 11, 10),
        )
        services.proposal_transition(proposal=proposal, to="screened_in")
    services.proposal_transition(
        proposal=extra, to="screened_out", reason="属于个人诉求，不符合民生实事项目“普惠性”的要求。"
    )
    services.proposal_transition(
        proposal=duplicate, to="merged", into=proposals[0], reason="与“老旧小区改造”内容相同，合并办理。"
    )
    return proposals


def _run_selection(cycle: Cycle, candidates: list[Candidate], rng: random.Random, *, tie: bool) -> Ballot:
    """30 deputies vote electronically, the rest present vote on paper (double-entered by two clerks).
    With ``tie``, candidates 10 and 11 end level at the last seat."""
    voters = list(Deputy.objects.active().filter(term=cycle.term).order_by("slug"))
    electronic, paper = voters[:30], voters[30:-5]
    ballot = services.ballot_create(
        cycle=cycle,
        candidates=candidates,
        held_on=cycle.ballot_on or datetime.date(cycle.year, 1, 12),
        mode=Ballot.Mode.BOTH,
    )
    services.ballot_transition(ballot=ballot, to="open")
    ids = [c.pk for c in candidates]
    e_votes = dict.fromkeys(ids, 0)
    for i, deputy in enumerate(electronic):
        chosen = [*ids[:9], ids[10] if tie and i % 2 == 0 else ids[9]]
        services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(chosen, "for"))
        for cid in chosen:
            e_votes[cid] += 1
    services.attendance_record_paper(ballot=ballot, deputies=paper)
    services.ballot_transition(ballot=ballot, to="closed")
    valid = len(paper) - 2
    shares = [0.9, 0.88, 0.86, 0.85, 0.84, 0.83, 0.82, 0.8, 0.78]
    paper_votes = {cid: int(valid * s) for cid, s in zip(ids[:9], shares, strict=True)}
    if tie:
        paper_votes[ids[9]] = int(valid * 0.6)
        paper_votes[ids[10]] = paper_votes[ids[9]] + e_votes[ids[9]] - e_votes[ids[10]]
    else:
        paper_votes[ids[9]], paper_votes[ids[10]] = int(valid * 0.62), int(valid * 0.4)
    paper_votes[ids[11]], paper_votes[ids[12]] = int(valid * 0.3), int(valid * 0.25)
    lines = {cid: {"votes": v} for cid, v in paper_votes.items()}
    clerk1, clerk2 = _clerks()
    services.paper_tally_save(
        ballot=ballot, clerk=clerk1, cast=len(paper), valid=valid, invalid=2, lines=lines
    )
    typo = dict(lines) | {ids[3]: {"votes": paper_votes[ids[3]] - 10}}
    services.paper_tally_save(
        ballot=ballot, clerk=clerk2, cast=len(paper), valid=valid, invalid=2, lines=typo
    )
    services.paper_tally_save(
        ballot=ballot,
        clerk=clerk2,
        cast=len(paper),
        valid=valid,
        invalid=2,
        lines=lines,
        reason="复核原始选票，更正录入错误",
    )
    services.ballot_transition(ballot=ballot, to="counted")
    ballot = services.ballot_transition(ballot=ballot, to="published")
    if ballot.has_tie:
        runoff = services.ballot_runoff_create(
            ballot=ballot, held_on=ballot.held_on, mode=Ballot.Mode.ELECTRONIC
        )
        services.ballot_transition(ballot=runoff, to="open")
        tied = list(runoff.entries.values_list("candidate_id", flat=True))
        for i, deputy in enumerate(voters[:-5]):
            services.vote_cast(ballot=runoff, deputy=deputy, marks={tied[0] if i % 5 else tied[1]: "for"})
        for status in ("closed", "counted", "published"):
            services.ballot_transition(ballot=runoff, to=status)
    return ballot


def _report(
    project: Project, officer: Any, *, percent: int, on: datetime.date, milestone: Milestone | None, text: str
) -> None:
    actual = (project.target_quantity * Decimal(percent) / 100).quantize(Decimal("1"))
    if percent == 100 and project.candidate.number % 3 == 0:
        actual = (project.target_quantity * Decimal("1.08")).quantize(
            Decimal("1")
        )  # over-fulfilled (002:1231)
    services.project_progress_report(
        project=project,
        author=officer,
        reported_on=on,
        progress_percent=percent,
        actual_quantity=actual,
        spent=(project.budget * Decimal(min(percent, 97)) / 100).quantize(Decimal("0.01")),
        text=text,
        milestone=milestone,
    )


def _finished_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    officer = demo_user("unit", first_name="住建局经办人", role=roles.UNIT_OFFICER)
    with transaction.atomic():
        cycle = _new_cycle(term, year)
        candidates = _to_ballot_phase(cycle, rng)
        _run_selection(cycle, candidates, rng, tie=True)
        services.cycle_transition(cycle=cycle, to="implementation")
        for project in cycle.projects.select_related("candidate"):
            june, december = list(project.milestones.order_by("due_on"))
            _report(
                project,
                officer,
                percent=55,
                on=datetime.date(year, 6, 28),
                milestone=june,
                text="项目按计划推进，已完成过半。",
            )
            final = 85 if project.candidate.number == 5 else 100
            _report(
                project,
                officer,
                percent=final,
                on=datetime.date(year, 12, 18),
                milestone=december,
                text="年度任务完成，已组织验收。" if final == 100 else "受征地影响，部分路段延期至明年。",
            )
        deputies = list(Deputy.objects.active().filter(term=term).order_by("slug"))
        first = cycle.projects.order_by("candidate__number").first()
        if first is not None:
            services.inspection_record(
                project=first,
                visited_on=datetime.date(year, 9, 16),
                deputies=deputies[:6],
                findings="改造质量较好，群众满意；建议加快加装电梯进度。",
            )
        services.cycle_transition(cycle=cycle, to="evaluation")
        projects = list(cycle.projects.select_related("candidate").order_by("candidate__number"))
        evaluation = services.ballot_create(
            cycle=cycle,
            candidates=[p.candidate for p in projects],
            held_on=datetime.date(year, 12, 26),
            kind=Ballot.Kind.EVALUATION,
            mode=Ballot.Mode.ELECTRONIC,
        )
        services.ballot_transition(ballot=evaluation, to="open")
        low = projects[-1].candidate_id  # one project the deputies are not happy with
        for deputy in deputies[:-8]:
            marks = {}
            for p in projects:
                roll = rng.random()
                if p.candidate_id == low:
                    marks[p.candidate_id] = (
                        "satisfied" if roll < 0.35 else "basically" if roll < 0.7 else "unsatisfied"
                    )
                else:
                    marks[p.candidate_id] = (
                        "satisfied" if roll < 0.9 else "basically" if roll < 0.98 else "unsatisfied"
                    )
            services.vote_cast(ballot=evaluation, deputy=deputy, marks=marks)
        for status in ("closed", "counted", "published"):
            services.ballot_transition(ballot=evaluation, to=status)
        services.cycle_transition(cycle=cycle, to="closed")
        for r in cycle.projects.filter(rectifications__isnull=False).distinct():
            rect = r.rectifications.first()
            if rect and r.lead_unit.name == HOUSING:
                services.rectification_respond(
                    rectification=rect,
                    response="已制定整改方案，延期路段将于次年6月底前完工。",
                    actor=officer,
                )
    stdout.write(f"votes: {cycle.title} finished, {cycle.projects.count()} projects evaluated\n")


def _implementing_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    officer = demo_user("unit", first_name="住建局经办人", role=roles.UNIT_OFFICER)
    with transaction.atomic():
        cycle = _new_cycle(term, year)
        candidates = _to_ballot_phase(cycle, rng)
        _run_selection(cycle, candidates, rng, tie=False)
        services.cycle_transition(cycle=cycle, to="implementation")
        for project in cycle.projects.select_related("candidate"):
            june = project.milestones.order_by("due_on").first()
            percent = 40 + rng.randint(0, 50)
            _report(
                project,
                officer,
                percent=percent,
                on=datetime.date(year, 6, 29),
                milestone=june,
                text="上半年进展情况：已完成招标并开工建设。",
            )
        previous = Project.objects.filter(
            cycle__term=term, cycle__year=year - 1, status=Project.Status.IN_PROGRESS
        )
        for old in previous:
            services.project_carry_over(project=old, to_cycle=cycle, note="未完成部分结转下一年度")
    stdout.write(f"votes: {cycle.title} in implementation\n")


def _collecting_cycle(term: Term, year: int, stdout: TextIO) -> None:
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    with transaction.atomic():
        cycle = services.cycle_create(
            year=year,
            term=term,
            title=_title(term, year),
            seats=10,
            collection_opens_on=datetime.date(year - 1, 11, 1),
            collection_closes_on=datetime.date(year - 1, 12, 31),
            ballot_on=datetime.date(year, 1, 12),
        )
        services.cycle_transition(cycle=cycle, to="collection")
    stdout.write(f"votes: {cycle.title} collecting proposals until {cycle.collection_closes_on}\n")


def _open_ballot_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    """The selection ballot in progress at the session: electronic, open, most deputies have voted
    (so the quorum is reached and staff can close, count and publish it), the demo logins have not."""
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    with transaction.atomic():
        cycle = _new_cycle(term, year)
        candidates = _to_ballot_phase(cycle, rng)
        ballot = services.ballot_create(
            cycle=cycle,
            candidates=candidates,
            held_on=timezone.localdate(),
            mode=Ballot.Mode.ELECTRONIC,
        )
        ballot = services.ballot_transition(ballot=ballot, to="open")
        voters = list(
            services.entitled_deputies(cycle)
            .exclude(user__username__in=DEMO_VOTERS)
            .order_by("slug")[: (ballot.quorum_needed or 0) + 20]
        )
        ids = [c.pk for c in candidates]
        for deputy in voters:
            # Each deputy marks ten of the thirteen: the first seven for most, then a spread.
            chosen = ids[:7] + rng.sample(ids[7:], 3)
            services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(chosen, "for"))
    stdout.write(
        f"votes: {ballot.title} open, {len(voters)} of {ballot.entitled_count} entitled deputies "
        f"have voted; {', '.join(DEMO_VOTERS)} can vote at /dashboard/ballots/{ballot.slug}/\n"
    )


def _evaluation_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    """A district cycle whose projects are done: in the evaluation phase, the evaluation set up."""
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    officer = demo_user("unit", first_name="住建局经办人", role=roles.UNIT_OFFICER)
    with transaction.atomic():
        cycle = _new_cycle(term, year)
        candidates = _to_ballot_phase(cycle, rng)
        _run_selection(cycle, candidates, rng, tie=False)
        services.cycle_transition(cycle=cycle, to="implementation")
        for project in cycle.projects.select_related("candidate"):
            june, december = list(project.milestones.order_by("due_on"))
            _report(
                project,
                officer,
                percent=60,
                on=datetime.date(year, 6, 27),
                milestone=june,
                text="按计划推进。",
            )
            _report(
                project,
                officer,
                percent=100,
                on=datetime.date(year, 11, 28),
                milestone=december,
                text="已完工验收。",
            )
        services.cycle_transition(cycle=cycle, to="evaluation")
        services.ballot_create(
            cycle=cycle,
            candidates=[p.candidate for p in cycle.projects.select_related("candidate")],
            held_on=datetime.date(year, 12, 26),
            kind=Ballot.Kind.EVALUATION,
            mode=Ballot.Mode.PAPER,
        )
    stdout.write(f"votes: {cycle.title} in evaluation (evaluation ballot being prepared)\n")


def _draft_cycle(term: Term, year: int, stdout: TextIO) -> None:
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    cycle = services.cycle_create(year=year, term=term, title=_title(term, year), seats=8)
    stdout.write(f"votes: {cycle.title} being prepared (no dates yet)\n")


def _candidates_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    with transaction.atomic():
        cycle = _new_cycle(term, year)
        _to_candidates_phase(cycle, rng)
    stdout.write(f"votes: {cycle.title} candidate list awaiting approval\n")


def _screening_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    with transaction.atomic():
        cycle = _new_cycle(term, year)
        _to_screening_phase(cycle, rng, decide=False)
    stdout.write(f"votes: {cycle.title} screening proposals\n")


# 城关区's own projects (a district congress runs its own cycle, 000:89): (title, content, target,
# unit, budget in 10,000 yuan, lead unit).
DISTRICT_PROJECTS: list[tuple[str, str, int, str, int, str]] = [
    ("背街小巷硬化亮化", "硬化、亮化辖区背街小巷，补齐路灯。", 35, "条", 1800, "城关区城市管理局"),
    ("老旧楼院加装电梯", "为符合条件的老旧楼院加装电梯。", 20, "部", 1200, "城关区住房和城乡建设局"),
    (
        "社区嵌入式养老服务站",
        "在社区建设嵌入式养老服务站，提供日间照料。",
        6,
        "个",
        900,
        "城关区住房和城乡建设局",
    ),
    ("口袋公园建设", "利用边角空地建设口袋公园。", 8, "个", 640, "城关区城市管理局"),
    ("农贸市场提升改造", "改造农贸市场的排水、通风和摊位。", 3, "个", 750, "城关区城市管理局"),
]
DISTRICT_SEATS = 4  # 5 candidates for 4 seats: the margin of one quarter (001)


def _district_cycle(term: Term, year: int, rng: random.Random, stdout: TextIO) -> None:
    """城关区人大常委会's cycle: its deputies chose 4 of 5 district projects by electronic ballot; the
    result is published and the projects are under way. Once only."""
    if Cycle.objects.filter(term=term, year=year).exists():
        return
    units = {u.name: u for u in HandlingUnit.objects.filter(name__in={p[5] for p in DISTRICT_PROJECTS})}
    if len(units) < 2:
        return
    with transaction.atomic():
        cycle = services.cycle_create(
            year=year,
            term=term,
            title=f"{year}年度城关区民生实事项目",
            seats=DISTRICT_SEATS,
            collection_opens_on=datetime.date(year - 1, 9, 1),
            collection_closes_on=datetime.date(year - 1, 10, 31),
            ballot_on=datetime.date(year, 1, 8),
        )
        services.cycle_transition(cycle=cycle, to="collection")
        proposals = [
            Proposal.objects.create(
                cycle=cycle,
                source=Proposal.Source.CITIZEN,
                title=f"建议实施{title}",
                description=content,
                proposer_name="张" + "明华建军秀英"[rng.randrange(6)],
                consent=True,
            )
            for title, content, *_rest in DISTRICT_PROJECTS
        ]
        services.cycle_transition(cycle=cycle, to="screening")
        for proposal, (_t, _c, _q, _u, budget, unit) in zip(proposals, DISTRICT_PROJECTS, strict=True):
            services.proposal_score(proposal=proposal, urgency=4, readiness=4, reach=4, impact=4)
            services.proposal_assess(
                proposal=proposal,
                unit=units[unit],
                feasible=True,
                opinion="具备实施条件，区级财政可以保障。",
                estimated_budget=Decimal(budget),
                assessed_on=datetime.date(year - 1, 11, 10),
            )
            services.proposal_transition(proposal=proposal, to="screened_in")
        services.cycle_transition(cycle=cycle, to="candidates")
        candidates = []
        for number, ((title, content, qty, label, budget, unit), proposal) in enumerate(
            zip(DISTRICT_PROJECTS, proposals, strict=True), start=1
        ):
            candidate = Candidate.objects.create(
                cycle=cycle,
                number=number,
                title=title,
                content=content,
                target_quantity=Decimal(qty),
                target_unit=label,
                budget=Decimal(budget),
                funding_source="区级财政资金",
                duration_months=12,
                responsible_leader="分管副区长",
                lead_unit=units[unit],
                deadline=datetime.date(year, 12, 20),
            )
            candidate.proposals.add(proposal)
            candidates.append(candidate)
        services.cycle_record_approval(cycle=cycle, body="chairpersons", on=datetime.date(year - 1, 11, 20))
        services.cycle_record_approval(cycle=cycle, body="committee", on=datetime.date(year - 1, 11, 25))
        services.cycle_transition(cycle=cycle, to="ballot")
        ballot = services.ballot_create(
            cycle=cycle,
            candidates=candidates,
            held_on=cycle.ballot_on or datetime.date(year, 1, 8),
            mode=Ballot.Mode.ELECTRONIC,
        )
        services.ballot_transition(ballot=ballot, to="open")
        voters = list(Deputy.objects.active().filter(term=term).order_by("slug"))
        ids = [c.pk for c in candidates]
        for i, deputy in enumerate(voters[: max(len(voters) - 6, 0)]):
            # Four marks each; the last candidate is left out by most.
            left_out = ids[4] if i % 5 else ids[i % 4]
            chosen = [cid for cid in ids if cid != left_out]
            services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(chosen, "for"))
        for status in ("closed", "counted", "published"):
            ballot = services.ballot_transition(ballot=ballot, to=status)
        services.cycle_transition(cycle=cycle, to="implementation")
    stdout.write(f"votes: {cycle.title}, {cycle.projects.count()} projects elected by 城关区's deputies\n")
