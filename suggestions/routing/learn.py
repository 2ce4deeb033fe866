"""Learning a body's own routing (智能分办): text → category, text → lead unit.

A character n-gram TF-IDF (one to three characters: Chinese needs no segmenter for this, and a
misspelt or unusual word still shares its characters) feeding a linear support-vector classifier
whose scores are calibrated into probabilities (Platt scaling fitted on internal folds; one
classifier is kept, so predicting costs one linear model), read as
confidence. A multinomial logistic regression was as accurate on the generated history and ten
times slower to train on this machine. Phone and ID numbers are masked before anything is
learnt (``congress.privacy.mask_text``): a number is never a feature, never stored in the model.

Pure: no database. ``evaluate`` gives the figures ``manage.py routing_evaluate`` prints and the
threshold above which automatic dispatch keeps at least the target precision.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from congress.privacy import mask_text

# Automatic dispatch must be right at least this often among the items it would handle (issue 24).
TARGET_PRECISION = 0.95
# Below this many items a threshold is noise: no automatic dispatch.
MIN_AUTO_SUPPORT = 20
# A label needs this many items to be learnt (and calibrated over internal folds).
MIN_PER_LABEL = 3


def prepare(text: str) -> str:
    return mask_text(text or "").strip()


def pipeline(labels: Sequence[str]) -> Pipeline:
    """The untrained pipeline; calibration folds fit the rarest label of ``labels``."""
    rarest = min(Counter(labels).values())
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1, max_features=300_000
                ),
            ),
            ("clf", CalibratedClassifierCV(LinearSVC(C=0.5), cv=max(2, min(3, rarest)), ensemble=False)),
        ]
    )


def train(texts: Sequence[str], labels: Sequence[str]) -> Pipeline:
    """A fitted pipeline on the masked texts. Needs at least two labels."""
    model = pipeline(labels)
    model.fit([prepare(t) for t in texts], list(labels))
    return model


def top(model: Any, text: str, *, k: int = 3, exclude: Sequence[str] = ()) -> list[tuple[str, float]]:
    """The ``k`` likeliest labels with their probabilities; ``exclude`` (units that returned the item
    as misrouted) are left out and the rest renormalised."""
    probabilities = model.predict_proba([prepare(text)])[0]
    classes = [str(c) for c in model.classes_]
    pairs = [
        (label, float(p)) for label, p in zip(classes, probabilities, strict=True) if label not in exclude
    ]
    total = sum(p for _label, p in pairs) or 1.0
    pairs.sort(key=lambda pair: -pair[1])
    return [(label, p / total) for label, p in pairs[:k]]


def auto_threshold(confidences: Sequence[float], correct: Sequence[bool]) -> tuple[float | None, float]:
    """The lowest confidence above which the top suggestion was right at least ``TARGET_PRECISION``
    of the time (over at least ``MIN_AUTO_SUPPORT`` items), and the share of items at or above it.
    None when no threshold reaches the precision."""
    order = np.argsort(-np.asarray(confidences, dtype=float), kind="stable")
    best: tuple[float | None, float] = (None, 0.0)
    hits = 0
    for rank, index in enumerate(order, start=1):
        hits += bool(correct[index])
        if rank >= MIN_AUTO_SUPPORT and hits / rank >= TARGET_PRECISION:
            best = (float(confidences[index]), rank / len(order))
    return best


@dataclass(frozen=True)
class Evaluation:
    items: int
    labels: int
    folds: int
    accuracy: float
    macro_f1: float
    top3: float
    train_seconds: float  # mean per fold
    predict_ms: float  # per item, one at a time as at triage
    threshold: float | None
    auto_share: float
    auto_precision: float

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def evaluate(texts: Sequence[str], labels: Sequence[str], *, folds: int = 5, seed: int = 0) -> Evaluation:
    """Stratified k-fold cross-validation: every item is predicted by a model that never saw it.
    Labels with fewer than ``MIN_PER_LABEL`` items are left out (as in training)."""
    counted = Counter(str(label) for label in labels)
    kept = [
        (prepare(t), str(label))
        for t, label in zip(texts, labels, strict=True)
        if counted[str(label)] >= MIN_PER_LABEL
    ]
    texts = [t for t, _label in kept]
    y = np.asarray([label for _t, label in kept])
    smallest = min(Counter(y).values())
    folds = max(2, min(folds, smallest))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    predicted = np.empty(len(y), dtype=object)
    confidence = np.zeros(len(y))
    in_top3 = np.zeros(len(y), dtype=bool)
    train_times: list[float] = []
    single: list[float] = []
    text_array = np.asarray(texts, dtype=object)
    for train_index, test_index in splitter.split(text_array, y):
        model = pipeline(list(y[train_index]))
        started = time.perf_counter()
        model.fit(list(text_array[train_index]), y[train_index])
        train_times.append(time.perf_counter() - started)
        probabilities = model.predict_proba(list(text_array[test_index]))
        classes = np.asarray(model.classes_)
        ranked = np.argsort(-probabilities, axis=1)
        predicted[test_index] = classes[ranked[:, 0]]
        confidence[test_index] = probabilities[np.arange(len(test_index)), ranked[:, 0]]
        in_top3[test_index] = [y[i] in classes[ranked[row, :3]] for row, i in enumerate(test_index)]
        for i in test_index[:50]:
            started = time.perf_counter()
            model.predict_proba([text_array[i]])
            single.append(time.perf_counter() - started)
    correct = predicted == y
    threshold, share = auto_threshold(list(confidence), list(correct))
    above = confidence >= threshold if threshold is not None else np.zeros(len(y), dtype=bool)
    return Evaluation(
        items=len(y),
        labels=len(set(y)),
        folds=folds,
        accuracy=float(accuracy_score(y, predicted.astype(str))),
        macro_f1=float(f1_score(y, predicted.astype(str), average="macro")),
        top3=float(in_top3.mean()),
        train_seconds=float(np.mean(train_times)),
        predict_ms=float(np.median(single) * 1000),
        threshold=threshold,
        auto_share=share,
        auto_precision=float(correct[above].mean()) if above.any() else 0.0,
    )
