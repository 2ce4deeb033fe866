"""Generated Chinese opinions with the category and lead unit a clerk would choose, for the demo's
history and for tests of the routing model. Each topic is written many ways (places, objects,
problems, closing sentences), and a share of items go to a second plausible unit, as in real
dispatch, so the model has something to get wrong."""

from __future__ import annotations

import random
from dataclasses import dataclass

# category code → (lead unit, other plausible unit, objects, problems)
TOPICS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "urban": (
        "示范市城市管理局",
        "示范市住房和城乡建设局",
        ["路灯", "井盖", "人行道地砖", "垃圾桶", "绿化带", "公厕", "流动摊点"],
        ["坏了一直没人修", "丢失了很危险", "破损严重", "满了没人清运", "占道经营", "脏乱差"],
    ),
    "housing": (
        "示范市住房和城乡建设局",
        "示范市城市管理局",
        ["老旧小区", "电梯", "物业", "外墙", "楼顶防水", "小区供暖"],
        ["改造迟迟不开工", "经常故障困人", "服务不到位乱收费", "瓷砖脱落", "漏水严重", "温度不达标"],
    ),
    "transport": (
        "示范市交通运输局",
        "示范市公安局",
        ["公交线路", "公交站台", "红绿灯", "学校门口道路", "停车位", "出租车"],
        ["调整后很不方便", "没有遮阳棚", "配时太短", "上下学拥堵", "严重不足", "拒载绕路"],
    ),
    "environment": (
        "示范市生态环境局",
        "示范市水务局",
        ["餐馆油烟", "河道", "工地", "化工厂", "空调外机", "垃圾焚烧点"],
        ["直排扰民", "漂满垃圾发臭", "夜间施工噪音大", "排放异味", "噪声扰民", "冒黑烟"],
    ),
    "education": (
        "示范市教育局",
        "示范市财政局",
        ["小学学位", "幼儿园", "课后服务", "校车", "学校食堂", "教师"],
        ["紧张孩子上不了学", "收费太高", "时间安排不合理", "超载不安全", "饭菜质量差", "有偿补课"],
    ),
    "health": (
        "示范市卫生健康委员会",
        "示范市医疗保障局",
        ["社区医院", "挂号", "家庭医生", "急救车", "医院停车", "疫苗接种"],
        ["药品不全", "一号难求", "签约后不上门", "来得太慢", "排队太长", "预约不上"],
    ),
    "elderly": (
        "示范市民政局",
        "示范市卫生健康委员会",
        ["老年食堂", "养老院", "居家养老", "高龄补贴", "老年活动中心", "适老化改造"],
        ["太少吃饭难", "床位紧张收费高", "服务上门不及时", "迟迟没有发放", "活动太少", "申请没人管"],
    ),
}


@dataclass(frozen=True)
class Sample:
    title: str
    text: str
    category: str
    unit: str


PLACES = [
    "幸福小区",
    "东岗西路",
    "民主路",
    "滨河公园附近",
    "实验小学",
    "和平新村",
    "雁滩路",
    "南关十字",
    "铁路新村",
]
CLOSINGS = [
    "希望有关部门尽快处理。",
    "已经反映多次没有结果。",
    "请给个答复。",
    "影响很多居民的生活。",
    "老人孩子很不方便。",
    "恳请人大代表帮忙督促。",
    "",
]


def samples(n: int, *, seed: int = 0, second_unit_share: float = 0.12) -> list[Sample]:
    """``n`` opinions spread over the topics, with labels; ``second_unit_share`` of them go to the
    topic's second unit (as staff sometimes choose)."""
    # Generated sample texts for the evaluation, not a secret.
    rng = random.Random(seed)  # noqa: S311
    codes = sorted(TOPICS)
    found = []
    for index in range(n):
        code = codes[index % len(codes)]
        lead, other, objects, problems = TOPICS[code]
        thing, problem = rng.choice(objects), rng.choice(problems)
        place = rng.choice(PLACES)
        text = f"{place}的{thing}{problem}，{rng.choice(CLOSINGS)}"
        if rng.random() < 0.3:
            text = f"我是{place}的居民，{thing}{problem}好长时间了。{rng.choice(CLOSINGS)}"
        found.append(
            Sample(
                title=f"{thing}{problem}"[:20],
                text=text,
                category=code,
                unit=other if rng.random() < second_unit_share else lead,
            )
        )
    return found
