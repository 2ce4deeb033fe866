"""The Chinese fonts every document is set in, and the check that they are installed.

Without a CJK font WeasyPrint and matplotlib silently print empty boxes (豆腐块) for every Chinese
character, so every render checks first and fails with a message that says what to install.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

# 宋体-style serif for the body text, 黑体-style sans for headings (GB/T 9704 uses 仿宋/黑体/小标宋;
# the Noto CJK families are the free fonts closest to them). Debian package: fonts-noto-cjk.
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


class CjkFontMissing(RuntimeError):
    """No Chinese font is installed: a document would print boxes instead of characters."""


def required_families() -> tuple[str, ...]:
    return tuple(getattr(settings, "REPORTS_CJK_FONTS", (SERIF, SANS)))


def _installed_families(*, rebuild: bool = False) -> set[str]:
    import matplotlib
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if rebuild:
        # A fresh scan of the system's font folders, and the cache written again from it.
        manager = font_manager.FontManager()
        font_manager.json_dump(
            manager,
            Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json",
        )
        font_manager.fontManager = manager
    return {entry.name for entry in manager.ttflist}


@cache
def _check(families: tuple[str, ...]) -> None:
    missing = [name for name in families if name not in _installed_families()]
    if missing:
        # The font cache may predate the fonts' installation: look again before giving up.
        installed = _installed_families(rebuild=True)
        missing = [name for name in families if name not in installed]
    if missing:
        raise CjkFontMissing(
            "未找到中文字体：" + "、".join(missing) + "。文档无法排版（汉字会显示为方框）。"
            "请安装 Debian 软件包 fonts-noto-cjk（python3 scripts/dev.py run/test 会自动安装）后重试。"
            " No CJK font found (" + ", ".join(missing) + "): install the Debian package fonts-noto-cjk."
        )


def require_cjk_fonts() -> None:
    """Raise ``CjkFontMissing`` unless the serif and sans CJK families are installed."""
    _check(required_families())


def reset_font_check() -> None:
    _check.cache_clear()
