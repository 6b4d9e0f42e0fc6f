"""Text handling for printed documents: escaping, fonts per script, right-to-left."""

from __future__ import annotations

from app.documents.fonts import CJK, SANS, clean, para, runs
from app.documents.shaping import shape_arabic, visual_order


def test_para_escapes_markup_and_keeps_line_breaks() -> None:
    assert para("<b>x</b> & y\nz") == "&lt;b&gt;x&lt;/b&gt; &amp; y<br/>z"


def test_control_characters_and_lone_surrogates_are_dropped() -> None:
    assert clean("a\x00b\x1bc\ud800d\te\r\nf") == "abcd    e\nf"


def test_cjk_runs_use_the_fallback_font() -> None:
    assert runs("Wang 王秀英 Σοφία") == [(SANS, "Wang "), (CJK, "王秀英"), (SANS, " Σοφία")]


def test_hebrew_run_is_put_in_visual_order_numbers_kept() -> None:
    assert visual_order("Name: שרה כהן 12") == "Name: ןהכ הרש 12"
    assert visual_order("דירה 12 ב") == "ב 12 הריד"
    assert visual_order("plain Latin (text)") == "plain Latin (text)"


def test_arabic_letters_take_joined_forms() -> None:
    shaped = shape_arabic("محمد", lambda code: True)
    assert shaped == "\ufee3\ufea4\ufee4\ufeaa"  # initial, medial, medial, final
    assert shape_arabic("لا", lambda code: True) == "\ufefb"  # lam-alef ligature
    assert shape_arabic("محمد", lambda code: False) == "محمد"  # font lacks the forms
