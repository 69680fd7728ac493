"""The official account's custom menu (自定义菜单), from ``data/wechat/menu.yml``. No Rasa, no network.

One file says both what the menu shows and what each ``CLICK`` key does: :meth:`Menu.action_for` gives the
text sent to the assistant for a key (the ``question`` as if the user had typed it, or the payload that
starts the ``questionnaire``), :meth:`Menu.api_json` the body of WeChat's ``/cgi-bin/menu/create``
(``scripts/wechat_menu.py`` prints it). The limits WeChat sets on menus are checked when the file is loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.channels.wechat_kf import DataFileError, _load
from bot.paths import REPO_ROOT
from bot.questionnaires.definitions import QUESTIONNAIRES

MENU_FILE = REPO_ROOT / "data" / "wechat" / "menu.yml"
MAX_BUTTONS, MAX_SUB_BUTTONS = 3, 5
MAX_NAME_BYTES, MAX_SUB_NAME_BYTES, MAX_KEY_BYTES, MAX_URL_BYTES = 16, 60, 128, 1024


@dataclass(frozen=True)
class MenuButton:
    name: str
    type: str  # click / view / (none: a group of sub-buttons)
    key: str = ""
    url: str = ""
    question: str = ""
    questionnaire: str = ""
    sub_buttons: tuple[MenuButton, ...] = ()

    def to_api(self) -> dict[str, Any]:
        if self.sub_buttons:
            return {"name": self.name, "sub_button": [b.to_api() for b in self.sub_buttons]}
        if self.type == "view":
            return {"type": "view", "name": self.name, "url": self.url}
        return {"type": "click", "name": self.name, "key": self.key}

    @property
    def payload(self) -> str:
        """What a click sends to the assistant."""
        if self.questionnaire:
            return f'/start_questionnaire{{"questionnaire":"{self.questionnaire}"}}'
        return self.question


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _button(path: Path, where: str, raw: Any, sub: bool) -> MenuButton:
    if not isinstance(raw, dict):
        raise DataFileError(f"{path}: {where} must be a mapping")
    name = str(raw.get("name") or "").strip()
    if not name or _size(name) > (MAX_SUB_NAME_BYTES if sub else MAX_NAME_BYTES):
        raise DataFileError(
            f"{path}: {where}.name must be 1 to {MAX_SUB_NAME_BYTES if sub else MAX_NAME_BYTES} bytes"
        )
    subs = raw.get("sub_buttons")
    if subs is not None:
        if sub:
            raise DataFileError(f"{path}: {where}: a sub-button cannot have sub-buttons")
        if not isinstance(subs, list) or not 1 <= len(subs) <= MAX_SUB_BUTTONS:
            raise DataFileError(f"{path}: {where}.sub_buttons must list 1 to {MAX_SUB_BUTTONS} buttons")
        children = tuple(_button(path, f"{where}.sub_buttons[{i}]", s, True) for i, s in enumerate(subs))
        return MenuButton(name, "", sub_buttons=children)
    kind = str(raw.get("type") or "").strip()
    if kind == "view":
        url = str(raw.get("url") or "").strip()
        if not url.startswith(("https://", "http://")) or _size(url) > MAX_URL_BYTES:
            raise DataFileError(
                f"{path}: {where}.url must be an http(s) URL of at most {MAX_URL_BYTES} bytes"
            )
        return MenuButton(name, "view", url=url)
    if kind != "click":
        raise DataFileError(f"{path}: {where}.type must be click or view (or give sub_buttons)")
    key = str(raw.get("key") or "").strip()
    if not key or _size(key) > MAX_KEY_BYTES:
        raise DataFileError(f"{path}: {where}.key must be 1 to {MAX_KEY_BYTES} bytes")
    question = str(raw.get("question") or "").strip()
    questionnaire = str(raw.get("questionnaire") or "").strip()
    if bool(question) == bool(questionnaire):
        raise DataFileError(f"{path}: {where} needs either a question or a questionnaire")
    if questionnaire and questionnaire not in QUESTIONNAIRES:
        raise DataFileError(
            f"{path}: {where}.questionnaire {questionnaire!r} is not one of {', '.join(QUESTIONNAIRES)}"
        )
    return MenuButton(name, "click", key=key, question=question, questionnaire=questionnaire)


@dataclass(frozen=True)
class Menu:
    buttons: tuple[MenuButton, ...]

    @classmethod
    def load(cls, path: Path = MENU_FILE) -> Menu:
        data = _load(path)
        raw = data.get("buttons")
        if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_BUTTONS:
            raise DataFileError(f"{path}: buttons must list 1 to {MAX_BUTTONS} buttons")
        menu = cls(tuple(_button(path, f"buttons[{i}]", b, False) for i, b in enumerate(raw)))
        keys = [b.key for b in menu.clicks()]
        duplicate = next((k for k in keys if keys.count(k) > 1), None)
        if duplicate:
            raise DataFileError(f"{path}: the key {duplicate!r} is used twice")
        return menu

    def clicks(self) -> list[MenuButton]:
        flat = [s for b in self.buttons for s in (b.sub_buttons or (b,))]
        return [b for b in flat if b.type == "click"]

    def action_for(self, key: str) -> MenuButton | None:
        """The click button of ``key``, or None for a key the menu does not have (an old menu, a typo)."""
        return next((b for b in self.clicks() if b.key == key.strip()), None)

    def api_json(self) -> str:
        """The body of ``POST /cgi-bin/menu/create`` (UTF-8, not \\u-escaped: WeChat shows escapes as is)."""
        return json.dumps({"button": [b.to_api() for b in self.buttons]}, ensure_ascii=False, indent=2)
