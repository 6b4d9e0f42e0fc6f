"""Every badge, chip and banner colour pair the UI defines meets WCAG 2.1 AA: text at
least 4.5:1 against its own background (the closed badge, the deadline and flag badges,
banners, the overdue rows). Pairs are found in the modules, so a new palette is checked
without being listed here; the known palettes are named so finding none cannot pass."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import ui
from ui import flag_badges, tasks_view
from ui.wizard import notices, referrals_panel, stage_list, style, tasks_panel

AA_TEXT = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
Pair = tuple[str, str]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1: the sRGB channels linearised, weighted 0.2126 / 0.7152 / 0.0722."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _is_pair(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, str) and HEX.match(v) for v in value))


def palette_pairs() -> dict[str, Pair]:
    """(background, text) pairs defined at module level anywhere in ui/: tuples of two
    colours, and dicts of them ("module.NAME[key]" -> pair). Names a module imports
    are left to the module that defines them."""
    found: dict[str, Pair] = {}
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        source = inspect.getsource(module)
        for name, value in vars(module).items():
            if not name.isupper() or not re.search(rf"^{name}\b[^=\n]*=", source, re.M):
                continue
            if _is_pair(value):
                found[f"{info.name}.{name}"] = value
            elif isinstance(value, dict) and value and all(_is_pair(v)
                                                           for v in value.values()):
                for key, pair in value.items():
                    found[f"{info.name}.{name}[{getattr(key, 'value', key)}]"] = pair
    return found


PAIRS = palette_pairs()


def test_the_ratio_is_computed_as_wcag_says() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just passes


def test_every_known_palette_is_found() -> None:
    names = {key.split("[")[0] for key in PAIRS}
    assert {"ui.flag_badges.STATE_COLOURS", "ui.flag_badges.FLAG_COLOURS",
            "ui.flag_badges.OTHER_FLAG_COLOURS", "ui.wizard.style.DEADLINE_COLOURS",
            "ui.wizard.style.FLAG_COLOURS", "ui.wizard.notices.BANNER_KINDS",
            "ui.wizard.notices.RISK_COLOURS"} <= names
    assert PAIRS["ui.wizard.style.FLAG_COLOURS[closed]"] == style.FLAG_COLOURS["closed"]
    assert PAIRS["ui.wizard.notices.BANNER_KINDS[closed]"] == notices.BANNER_KINDS["closed"]
    assert len(flag_badges.FLAG_COLOURS) == 5 and len(style.DEADLINE_COLOURS) == 6


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_badge_text_meets_aa_on_its_background(name: str) -> None:
    background, text = PAIRS[name]
    ratio = contrast_ratio(background, text)
    assert ratio >= AA_TEXT, f"{name}: {text} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize(("name", "pair"), [
    ("referrals_panel.OVERDUE", (referrals_panel.OVERDUE_BACKGROUND.name(),
                                 referrals_panel.OVERDUE_TEXT.name())),
    ("tasks_view.OVERDUE", (tasks_view.OVERDUE_BACKGROUND.name(),
                            tasks_view.OVERDUE_TEXT.name())),
    *((f"stage_list.{state}", ("#ffffff", colour))
      for state, colour in stage_list.STATE_TEXT_COLOURS.items()),
    ("tasks_panel.DONE_TEXT", ("#ffffff", tasks_panel.DONE_TEXT.name())),
    ("style.HELP_COLOUR", ("#efefef", style.HELP_COLOUR)),  # on the window's grey
])
def test_other_coloured_text_meets_aa(name: str, pair: Pair) -> None:
    ratio = contrast_ratio(*pair)
    assert ratio >= AA_TEXT, f"{name}: {pair[1]} on {pair[0]} is {ratio:.2f}:1"
