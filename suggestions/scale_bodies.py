"""The body tree of ``manage.py seed_scale --bodies`` (DOMAIN.md §11): a city of 1 + N districts and
counties + M townships and streets, and the weights that spread rows across it.

The tree is small (hundreds of rows), so it is built through the same helpers and services as the
demo city (``congress.demo``, ``congress.services.body_create``: the body path is set there); only the
millions of rows that follow are bulk SQL (``suggestions.scale``). Every lookup is by a natural key,
so a second run adds nothing, and the tree of a given size is the same every time.

Realistic proportions (DOMAIN.md §10–§11: a district's station network logs ~10,000 issues a year,
the city committee far fewer of its own): most items are handled at district and township level,
most deputies are district and township deputies, most stations are run by the lower bodies."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from congress import demo, roles
from congress.bodies import root_body
from congress.models import Area, Body, HandlingUnit, Term, UnitOfficer

# Names of the districts and counties added beyond the demo's six (a fictional city).
EXTRA_DISTRICTS = ["榆中县", "皋兰县", "永登县", "新区", "北山区", "南山区"]

# Shares of the root, all districts together and all lower bodies together.
ITEM_SHARES = (0.12, 0.38, 0.50)
DEPUTY_SHARES = (0.08, 0.42, 0.50)
STATION_SHARES = (0.05, 0.35, 0.60)
SLOTS = 3000
# One item in this many was received by another body and transferred (down from the parent to a
# lower body; up from a lower body, or from a district to the city).
TRANSFER_EVERY = 37

TERM_DATES = (datetime.date(2021, 12, 20), datetime.date(2026, 12, 19))


@dataclass
class Weighted:
    """Parallel arrays of ``SLOTS`` entries: row ``g`` takes entry ``1 + mod(g * 7919, n)``."""

    body: list[int] = field(default_factory=list)
    area: list[int] = field(default_factory=list)
    other: list[int] = field(default_factory=list)  # transfer source (items) or term (deputies)
    level: list[str] = field(default_factory=list)

    def add(self, times: int, *, body: int, area: int, other: int = 0, level: str = "") -> None:
        for _ in range(max(1, times)):
            self.body.append(body)
            self.area.append(area)
            self.other.append(other)
            self.level.append(level)

    @property
    def n(self) -> int:
        return len(self.body)


@dataclass
class Tree:
    root: Body
    districts: list[Body]
    lower: list[Body]
    terms: dict[int, int]  # body id → id of its current term (bodies with a congress)
    items: Weighted
    deputies: Weighted
    stations: Weighted


def _area(*, code: str, name: str, level: int, parent: Area) -> Area:
    area, _ = Area.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})
    return area


def _district_areas(count: int) -> list[Area]:
    city = Area.objects.get(code="6201")
    areas = list(Area.objects.districts().order_by("code"))[:count]
    for index in range(len(areas) + 1, count + 1):
        extra = index - len(demo.DISTRICTS) - 1
        name = EXTRA_DISTRICTS[extra] if 0 <= extra < len(EXTRA_DISTRICTS) else f"示范第{index}区"
        areas.append(_area(code=f"6201{index:02d}", name=name, level=Area.Level.DISTRICT, parent=city))
    return areas


def _lower_areas(districts: list[Area], count: int) -> list[tuple[Area, str]]:
    """``count`` street/township areas spread round-robin over the districts: the demo's own streets
    first, then new ones (odd: a street, even: a township). Returns (area, body kind)."""
    chosen: list[tuple[Area, str]] = []
    per: dict[int, list[Area]] = {
        d.pk: list(Area.objects.filter(parent=d, level=Area.Level.STREET).order_by("code")) for d in districts
    }
    made: dict[int, int] = {d.pk: len(per[d.pk]) for d in districts}
    index = 0
    while len(chosen) < count:
        district = districts[index % len(districts)]
        round_ = index // len(districts)
        if round_ < len(per[district.pk]):
            area = per[district.pk][round_]
        else:
            made[district.pk] += 1
            k = made[district.pk]
            suffix = "镇" if k % 2 == 0 else "街道"
            area = _area(
                code=f"{district.code}{k:03d}",
                name=f"{district.name}第{k}{suffix}",
                level=Area.Level.STREET,
                parent=district,
            )
        kind = Body.Kind.TOWNSHIP if area.name.endswith(("镇", "乡")) else Body.Kind.STREET
        chosen.append((area, kind))
        index += 1
    return chosen


def _term(body: Body, level: str, number: int) -> Term:
    if body.area is None:
        raise RuntimeError(f"{body} has no area")
    term, _ = Term.objects.get_or_create(
        level=level,
        area=body.area,
        number=number,
        defaults={
            "name": f"{body.area.name}第{'十九' if number == 19 else '二十'}届人民代表大会",
            "body": body,
            "starts_on": TERM_DATES[0],
            "ends_on": TERM_DATES[1],
            "is_current": True,
        },
    )
    return term


def _unit(body: Body, name: str, short: str, kind: str) -> None:
    HandlingUnit.objects.get_or_create(
        name=name,
        defaults={
            "short_name": short,
            "kind": kind,
            "body": body,
            "area": body.area,
            "contact_name": f"{short}办公室",
        },
    )


def _login_prefix(area: Area, index: int) -> str:
    return demo.DISTRICT_LOGINS.get(area.name, f"d{index:02d}")


def build(districts: int, lower: int, *, say: Callable[[str], None] = print) -> Tree:
    """The tree of 1 + ``districts`` + ``lower`` bodies (kept if there already), each district with
    its own term, units, a staff login, a leader and an officer of its first unit, each township with
    its own term, each lower body with its own office; and the weights that spread the rows over it."""
    if districts < 1 or lower < 0:
        raise ValueError("at least one district, and no negative count of lower bodies")
    demo.load(stdout=io.StringIO())  # the demo's own bodies and logins first (idempotent)
    root = root_body()
    district_bodies: list[Body] = []
    for index, area in enumerate(_district_areas(districts), start=1):
        body = demo._body(name=f"{area.name}人大常委会", kind=Body.Kind.COUNTY, parent=root, area=area)
        district_bodies.append(body)
        prefix = _login_prefix(area, index)
        demo._body_staff(body, f"{prefix}staff", f"{area.name}人大常委会干部", roles.COMMITTEE_STAFF)
        demo._body_staff(body, f"{prefix}leader", f"{area.name}人大常委会副主任", roles.COMMITTEE_LEADER)
        for suffix, short in demo.DISTRICT_UNITS:
            _unit(body, f"{area.name}{suffix}", f"{area.name[:-1]}{short}", "department")
        # An officer of the district's first department: its inbox beside the city unit's (bench).
        officer = demo.demo_user(f"{prefix}unit", first_name=f"{area.name}经办人", role=roles.UNIT_OFFICER)
        first_unit = HandlingUnit.objects.get(name=f"{area.name}{demo.DISTRICT_UNITS[0][0]}")
        UnitOfficer.objects.get_or_create(user=officer, defaults={"unit": first_unit})
    by_area = {b.area_id: b for b in district_bodies}
    lower_bodies: list[Body] = []
    for area, kind in _lower_areas([b.area for b in district_bodies if b.area is not None], lower):
        parent = by_area[area.parent_id]
        existing = Body.objects.filter(area=area, parent=parent).first()
        if existing is None:
            ending = "人大主席团" if kind == Body.Kind.TOWNSHIP else "人大工委"
            name = f"{area.name}{ending}"
            if Body.objects.filter(name=name).exists():
                name = f"{parent.area.name if parent.area else ''}{name}"
            existing = demo._body(name=name, kind=kind, parent=parent, area=area)
        lower_bodies.append(existing)
        township = existing.kind == Body.Kind.TOWNSHIP
        office, short = ("人民政府", "政府") if township else ("办事处", "办")
        _unit(existing, f"{area.name}{office}", f"{area.name}{short}", "district")
    terms: dict[int, int] = {}
    city_term = Term.objects.filter(level=Term.Level.MUNICIPAL, is_current=True).order_by("pk").first()
    if city_term is not None:
        terms[root.pk] = city_term.pk
    for body in district_bodies:
        terms[body.pk] = _term(body, Term.Level.COUNTY, 19).pk
    for body in lower_bodies:
        if body.has_congress:
            terms[body.pk] = _term(body, Term.Level.TOWNSHIP, 20).pk
    tree = Tree(
        root=root,
        districts=district_bodies,
        lower=lower_bodies,
        terms=terms,
        items=_item_weights(root, district_bodies, lower_bodies),
        deputies=_deputy_weights(root, district_bodies, lower_bodies, terms),
        stations=_station_weights(root, district_bodies, lower_bodies),
    )
    say(f"  bodies: 1 + {len(district_bodies)} + {len(lower_bodies)}, {len(terms)} current terms")
    return tree


def _each(share: float, count: int) -> int:
    return max(1, round(share * SLOTS / max(1, count)))


def _area_of(body: Body, fallback: int) -> int:
    return body.area_id or fallback


def _item_weights(root: Body, districts: list[Body], lower: list[Body]) -> Weighted:
    """Items of the city itself spread over the districts' areas; an item of a district or a lower
    body lies in that body's area. ``other`` is the body that received a transferred item: the parent
    for the lower bodies' items (passed down), the first lower body for a district's (passed up), a
    district for the city's (passed up)."""
    weights = Weighted()
    first_child = {b.parent_id: b.pk for b in reversed(lower)}
    root_share, district_share, lower_share = ITEM_SHARES
    per_root = round(root_share * SLOTS)
    for i in range(per_root):
        district = districts[i % len(districts)]
        weights.add(1, body=root.pk, area=_area_of(district, 0), other=district.pk)
    for district in districts:
        weights.add(
            _each(district_share, len(districts)),
            body=district.pk,
            area=_area_of(district, 0),
            other=first_child.get(district.pk, root.pk),
        )
    for body in lower:
        parent = body.parent_id or root.pk
        weights.add(_each(lower_share, len(lower)), body=body.pk, area=_area_of(body, 0), other=parent)
    return weights


def _deputy_weights(root: Body, districts: list[Body], lower: list[Body], terms: dict[int, int]) -> Weighted:
    """``other`` is the term, ``level`` the deputy's level (a township deputy of a township term)."""
    weights = Weighted()
    root_share, district_share, lower_share = DEPUTY_SHARES
    with_congress = [b for b in lower if b.pk in terms]
    if root.pk in terms:
        area = root.area_id or _area_of(districts[0], 0)
        term = terms[root.pk]
        weights.add(round(root_share * SLOTS), body=root.pk, area=area, other=term, level="municipal")
    for body in districts:
        weights.add(
            _each(district_share, len(districts)),
            body=body.pk,
            area=_area_of(body, 0),
            other=terms[body.pk],
            level="county",
        )
    for body in with_congress:
        weights.add(
            _each(lower_share, len(with_congress)),
            body=body.pk,
            area=_area_of(body, 0),
            other=terms[body.pk],
            level="township",
        )
    return weights


def _station_weights(root: Body, districts: list[Body], lower: list[Body]) -> Weighted:
    weights = Weighted()
    root_share, district_share, lower_share = STATION_SHARES
    for i in range(round(root_share * SLOTS)):
        weights.add(1, body=root.pk, area=_area_of(districts[i % len(districts)], 0))
    for body in districts:
        weights.add(_each(district_share, len(districts)), body=body.pk, area=_area_of(body, 0))
    for body in lower:
        weights.add(_each(lower_share, len(lower)), body=body.pk, area=_area_of(body, 0))
    return weights
