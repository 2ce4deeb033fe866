"""Meaning-bearing units of Chinese text, and the weights that compare two texts by them.

An opinion is cut into *units*: the words a segmenter (jieba, with the domain dictionary
``domain_words.txt`` beside this file, so that 路灯, 井盖 or 加装电梯 stay whole) finds, and the
character pairs (bigrams) of every run of Chinese characters, so a paraphrase that the segmenter cuts
differently still shares its pairs. Pairs around a function character (的, 了, 请 …) carry no meaning
and are dropped. Units are weighted TF-IDF style: ``(1 + ln tf) × idf`` with
``idf = ln((N + 1) / (df + 1)) + 1``, so a unit in every other opinion (小区, 问题) weighs little and a
rare one (化粪池) a lot. Two texts are compared by the cosine of their weighted units.

Pure functions, no database: the index lives in ``suggestions.models.SuggestionTerms`` and the
document frequencies in ``TermFrequency`` (see ``services/textindex.py`` and ``duplicates.py``).
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jieba

DICTIONARY = Path(__file__).with_name("domain_words.txt")

# Raise when the units change (dictionary, stop lists, rules): ``manage.py text_index`` re-indexes
# every row whose version is older.
VERSION = 1

# A unit is stored in a varchar of this length; longer words are cut (they are rare and still match).
MAX_UNIT = 24

# Function characters: a pair that holds one is noise (坏了 → 了请 → 请维 …).
FUNCTION_CHARS = frozenset("的了是在我你他她它们请吗呢吧啊和与及或也都就还很又被把给对为着过这那之其该此有")
# Words that appear in almost every opinion whatever it is about; IDF would learn this too, but a
# small body has too few items for IDF to be reliable.
_STOP_WORDS = """
问题 情况 反映 希望 建议 要求 请求 恳请 尽快 解决 处理 相关 有关 部门 领导 政府
我们 你们 他们 大家 这个 那个 这里 那里 现在 目前 已经 一直 非常 特别 严重 影响
居民 群众 市民 百姓 谢谢 感谢 一下 没有 什么 怎么 为什么 可以 能否 是否 不能 存在
导致 出现 进行 工作 方面 多次 长期 时间 今年 去年
小区 社区 门口 大门口 附近 周边 旁边 家里 我家 楼下 这边 那边 好几 几天 好几天
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# The wording of forms and ledgers ("关于…的问题", "群众反映的具体情况已登记，请有关部门核实处理"): fine for
# finding similar items (their weight is low where every item has them), but a hotspot named 关于、
# 具体情况 says nothing. A name leaves out any unit that lies inside one of these phrases.
_LABEL_STOP_PHRASES = """
关于 的问题 的建议 的意见 群众反映 反映情况 情况反映 具体情况 已登记 已受理 核实处理 请有关部门
有关部门 来电反映 来信反映 网上反映 市民反映 居民反映 诉求 投诉 咨询 求助 内容 如下 以下 详见
"""
LABEL_STOP_PHRASES = tuple(_LABEL_STOP_PHRASES.split())


def label_worthy(unit: str) -> bool:
    """Whether a unit may name a hotspot: not a stop word, not part of a form's wording, not half of
    a negated phrase (不到, 务不 of 服务不到位)."""
    if unit in STOP_WORDS or any(unit in phrase for phrase in LABEL_STOP_PHRASES):
        return False
    return not (len(unit) == 2 and "不" in unit)


def label_words(units: list[str]) -> list[str]:
    """The units that name a hotspot, less any that lies inside a longer one chosen (老年食堂, not
    also 老年 and 食堂), in their order."""
    return [unit for unit in units if not any(unit != other and unit in other for other in units)]


CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
LATIN_WORD = re.compile(r"[a-z][a-z0-9]+|[0-9]+[a-z][a-z0-9]*")

# Count of a segmented word, of a word of the domain dictionary, against 1 for a character pair.
WORD = 2
DOMAIN_WORD = 3

_lock = threading.Lock()
_domain: frozenset[str] | None = None


def _domain_words() -> frozenset[str]:
    global _domain
    if _domain is None:
        lines = DICTIONARY.read_text(encoding="utf-8").splitlines()
        _domain = frozenset(line.split()[0] for line in lines if line.strip())
    return _domain


_tokenizer: Any = None


def _segmenter() -> Any:
    """One jieba tokenizer per process, loaded on first use (about half a second; jieba keeps the
    prefix dictionary cached in the temporary directory for later processes)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.load_userdict(str(DICTIONARY))
                _tokenizer = tokenizer
    return _tokenizer


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _segments(run: str) -> list[str]:
    return list(_segmenter().lcut(run, HMM=True))


def words(text: str) -> list[str]:
    """The words of the Chinese runs of a text (two characters or more, not a stop word), in order."""
    return [
        word[:MAX_UNIT]
        for run in CJK_RUN.findall(normalise(text))
        for word in _segments(run)
        if len(word) >= 2 and word not in STOP_WORDS
    ]


def _pairs(run: str, segments: list[str]) -> list[str]:
    """The character pairs of a run, less those made of function characters or stop words, and
    less those that straddle two words of two characters or more (小区|门口 → 区门 says nothing);
    a pair beside a single character stays, for that is where segmenters disagree (路/灯不亮)."""
    long_end: set[int] = set()  # positions where a word of 2+ characters ends
    long_start: set[int] = set()  # positions where a word of 2+ characters starts
    position = 0
    for segment in segments:
        if len(segment) >= 2:
            long_start.add(position)
            long_end.add(position + len(segment))
        position += len(segment)
    found = []
    for index, (a, b) in enumerate(itertools.pairwise(run)):
        if a in FUNCTION_CHARS or b in FUNCTION_CHARS or a + b in STOP_WORDS:
            continue
        if index + 1 in long_end and index + 1 in long_start:
            continue
        found.append(a + b)
    return found


def units(text: str) -> Counter[str]:
    """The units of a text with their weighted counts: each segmented word counts ``WORD`` times
    (``DOMAIN_WORD`` when the domain dictionary names it: 路灯, 井盖 say what the matter is), each
    character pair and Latin word once. A pair is a fallback for a paraphrase the segmenter cut
    otherwise; a word is what the text is about."""
    text = normalise(text)
    counted: Counter[str] = Counter()
    domain = _domain_words()
    for run in CJK_RUN.findall(text):
        segments = _segments(run)
        for word in segments:
            if len(word) >= 2 and word not in STOP_WORDS:
                counted[word[:MAX_UNIT]] += DOMAIN_WORD if word in domain else WORD
        counted.update(_pairs(run, segments))
    counted.update(LATIN_WORD.findall(text))
    return counted


def idf(document_frequency: int, documents: int) -> float:
    return math.log((documents + 1) / (document_frequency + 1)) + 1.0


def weights(counts: Mapping[str, int], frequencies: Mapping[str, int], documents: int) -> dict[str, float]:
    """TF-IDF weights of a text's units; a unit never seen before gets the highest IDF."""
    return {
        unit: (1.0 + math.log(count)) * idf(frequencies.get(unit, 0), documents)
        for unit, count in counts.items()
    }


def norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


def highlight_spans(text: str, shared: Iterable[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_shared) runs: every character covered by a shared unit is marked,
    so pairs that follow each other (路灯 + 灯不 + 不亮) read as one marked phrase (路灯不亮)."""
    if not text:
        return []
    marked = [False] * len(text)
    folded = normalise(text)
    if len(folded) != len(text):  # NFKC changed the length (rare ligatures): match the raw text
        folded = text.lower()
    for unit in shared:
        if not unit:
            continue
        start = folded.find(unit)
        while start != -1:
            for index in range(start, start + len(unit)):
                marked[index] = True
            start = folded.find(unit, start + 1)
    pieces: list[tuple[str, bool]] = []
    begin = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or marked[index] != marked[begin]:
            pieces.append((text[begin:index], marked[begin]))
            begin = index
    return pieces


def shared_phrases(text: str, shared: Iterable[str]) -> list[str]:
    """The marked phrases of ``highlight_spans``, each once, in the order they appear."""
    seen: dict[str, None] = {}
    for piece, is_shared in highlight_spans(text, shared):
        if is_shared and len(piece) >= 2:
            seen.setdefault(piece, None)
    return list(seen)
