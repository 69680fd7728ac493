"""Print the JSON body for WeChat's custom-menu API from data/wechat/menu.yml (the file the channel reads).

    python scripts/wechat_menu.py [--file data/wechat/menu.yml] > menu.json
    curl -X POST "https://api.weixin.qq.com/cgi-bin/menu/create?access_token=ACCESS_TOKEN" \\
         -H 'Content-Type: application/json; charset=utf-8' --data-binary @menu.json

The same file maps each CLICK key to the question or questionnaire it starts, so the menu WeChat shows and
what the assistant does with a click cannot drift apart. Exit code 2 on a missing or invalid file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.channels.wechat_kf import DataFileError
from bot.channels.wechat_menu import MENU_FILE, Menu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=MENU_FILE, help="the menu file (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        menu = Menu.load(args.file)
    except DataFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(menu.api_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
