"""Generate data/places/china_regions.tsv: every province-level and prefecture-level division of China.

Source: the ``china_location`` dictionary bundled with **jionlp 1.5.31** (PyPI, Apache-2.0; pinned in
requirements.lock). Why jionlp and not cpca: jionlp is maintained (1.5.31 is from 2026, cpca 0.5.5 from
2021), its dictionary gives each division a curated short name that avoids clashes (吉林市 stays 吉林市
so that 吉林 means the province, 海南藏族自治州 is 海南州, 阿里地区 keeps 地区), and it needs no pandas.
The script reads the zip file inside the installed package (found through the package metadata, without
importing jionlp); the assistant never imports jionlp, it reads the generated file only.

Rows (tab-separated, sorted by adcode): adcode, full name, short names (comma-separated), level, province.
Levels: ``province`` (省, 自治区), ``municipality`` (北京, 天津, 上海, 重庆), ``sar`` (香港, 澳门),
``prefecture`` (地级市, 自治州, 地区, 盟) and ``county`` (county-level cities and counties that a province
administers directly, such as 仙桃, 济源, 石河子, 五指山: they have their own social-insurance offices).
Taiwan's directly administered counties are left out: their short names repeat (新竹县/新竹市) and the
source misspells one (苗粟), and the assistant has nothing to say about them beyond the province.
Short names: jionlp's alias(es), plus ``<short>州`` for an autonomous prefecture (延边州, 恩施州), which
is how people write them.

Usage: python scripts/build_places.py [--check]   (--check: exit 1 if the file is out of date).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import os
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "places" / "china_regions.tsv"
PACKAGE = "jionlp"
DICTIONARY = "jionlp/dictionary/china_location.zip"
COLUMNS = ("adcode", "name", "short_names", "level", "province")
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
SARS = {"香港特别行政区", "澳门特别行政区"}
DIRECT_PLACEHOLDER = "省直辖行政区划"  # jionlp's parent of the county-level units a province runs directly
LEFT_OUT_DIRECT = {"台湾省"}


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    short_names: tuple[str, ...]
    level: str
    province: str

    def row(self) -> str:
        return "\t".join((self.adcode, self.name, ",".join(self.short_names), self.level, self.province))


def source() -> tuple[str, list[str]]:
    """The package version and the lines of its location dictionary."""
    distribution = importlib.metadata.distribution(PACKAGE)
    archive = Path(str(distribution.locate_file(DICTIONARY)))
    with zipfile.ZipFile(archive) as bundle:
        (member,) = [n for n in bundle.namelist() if n.endswith(".txt")]
        text = io.TextIOWrapper(bundle.open(member), encoding="utf-8").read()
    return distribution.version, text.splitlines()


def short_names(name: str, aliases: str) -> tuple[str, ...]:
    names = [a for a in aliases.split("/") if a and a != name]
    if name.endswith("自治州") and names and not any(a.endswith("州") for a in names):
        names.append(names[0] + "州")
    return tuple(dict.fromkeys(names))


def province_level(name: str) -> str:
    return "municipality" if name in MUNICIPALITIES else "sar" if name in SARS else "province"


def divisions(lines: list[str]) -> list[Division]:
    """Province-level, prefecture-level and province-run county-level rows of the indented dictionary.

    Indentation gives the level: none for a province, one tab for a prefecture, two for a county (deeper
    lines are towns and villages). Each named line reads ``name<TAB>adcode<TAB>alias[/alias]``.
    """
    found: dict[str, Division] = {}
    province = parent = ""
    for line in lines:
        line = line.rstrip("\r\n")
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth > 2 or len(fields) != 3:
            continue
        name, adcode, aliases = fields
        if depth == 0:
            province = name
            found[adcode] = Division(adcode, name, short_names(name, aliases), province_level(name), name)
        elif depth == 1:
            parent = name
            if name != DIRECT_PLACEHOLDER and adcode not in found:  # 北京市 repeats its province's adcode
                found[adcode] = Division(adcode, name, short_names(name, aliases), "prefecture", province)
        elif parent == DIRECT_PLACEHOLDER and province not in LEFT_OUT_DIRECT:
            found[adcode] = Division(adcode, name, short_names(name, aliases), "county", province)
    return sorted(found.values(), key=lambda d: d.adcode)


def render(version: str, rows: list[Division]) -> str:
    names = Counter(n for d in rows for n in {d.name, *d.short_names})
    clashes = sorted(n for n, count in names.items() if count > 1)
    if clashes:
        raise SystemExit(f"names shared by two divisions in {PACKAGE} {version}: {clashes}")
    header = [
        f"# generated by scripts/build_places.py from {PACKAGE} {version}, do not edit",
        "\t".join(COLUMNS),
    ]
    return "\n".join(header + [d.row() for d in rows]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args()
    version, lines = source()
    text = render(version, divisions(lines))
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
    if args.check:
        if current != text:
            print(f"out of date: {os.path.relpath(OUTPUT, ROOT)} (run python scripts/build_places.py)")
            return 1
        return 0
    if current != text:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {os.path.relpath(OUTPUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
