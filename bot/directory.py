"""Phone directory: find offices by what users type and route (city, district, topic) to the best office.

Only numbers printed in the source documents are ever returned; the city hotline (or the national 12333)
is the fallback when nothing more specific matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb.model import Office
from bot.kb.store import PolicyStore


@dataclass(frozen=True, slots=True)
class Listing:
    office: Office
    city_name: str
    number: str  # full number with area code where the document prints a local number
    label: str  # e.g. 长春市社会保险事业管理局朝阳分局

    @property
    def text(self) -> str:
        """'label：number', or the label alone when it already ends with the number (…咨询电话12333)."""
        return self.label if self.label.endswith(self.number) else f"{self.label}：{self.number}"


class Directory:
    def __init__(self, store: PolicyStore):
        self.store = store
        self._aliases: list[tuple[str, Office]] = sorted(
            (
                (alias, office)
                for office in store.offices()
                for alias in {office.name, office.full_name, *office.aliases}
                if alias
            ),
            key=lambda pair: -len(pair[0]),
        )

    def listing(self, office: Office) -> Listing:
        region = self.store.region(office.region)
        number = office.phone
        if "-" not in number and len(number) == 8 and region.area_code:
            number = f"{region.area_code}-{number}"
        return Listing(office, region.name, number, office.full_name or office.name)

    def find(self, text: str, region: str | None = None) -> list[Office]:
        """Offices named in ``text`` (names and aliases, longest match first), optionally in one region."""
        found: list[Office] = []
        for alias, office in self._aliases:
            if (
                alias in text
                and office not in found
                and (region is None or office.region in (region, "national"))
            ):
                found.append(office)
        return found

    def inferred_in(self, text: str, offices: list[Office]) -> list[tuple[str, Office]]:
        """The inferred aliases of ``offices`` that ``text`` uses (高新区 → 新区分局), the longest one each.

        The documents never use these names; a reply that found an office by one of them says so."""
        found: list[tuple[str, Office]] = []
        for office in offices:
            for alias in sorted(office.inferred, key=len, reverse=True):
                if alias in text and not any(alias in longer for longer, _ in found):
                    found.append((alias, office))
                    break
        return found

    def topics_in(self, text: str) -> list[str]:
        """Topics whose words appear in ``text``, the longest matching word first."""
        hits = [
            (max(len(w) for w in topic.words if w in text), topic.id)
            for topic in self.store.kb.topics.values()
            if any(w in text for w in topic.words)
        ]
        return [topic for _, topic in sorted(hits, key=lambda hit: -hit[0])]

    def hotline(self, region: str | None) -> Office:
        """The region's own hotline, else its parents', else the national 12333."""
        for level in self.store.region_chain(region) if region else ():
            for office in self.store.offices():
                if office.region == level.id and office.kind == "hotline" and "general" in office.topics:
                    return office
        return self.store.office("hotline_12333")

    def route(
        self, region: str | None = None, district: str | None = None, topic: str | None = None
    ) -> list[Office]:
        """Best offices for a city, district and topic; the hotline always comes last as the fallback.

        A district names its branch. A topic names the departments serving it in the city; where only the
        district branches serve it (registration, contributions) and no district is given, the hotline is
        the answer rather than a list of every branch. National hotlines serve topics no city office does.
        """
        candidates: list[Office] = []
        if district:
            candidates += [
                o for o in self.find(district, region) if o.kind != "hotline" and o.region == region
            ]
        if topic and not candidates:
            local = [
                o
                for o in self.store.offices()
                if o.region == region and topic in o.topics and o.kind != "hotline"
            ]
            if all(o.kind == "branch" for o in local) and len(local) > 2:
                # every district branch serves it: the district decides, the hotline answers meanwhile
                local = []
            candidates += local
            if not local:
                candidates += [
                    o
                    for o in self.store.offices()
                    if topic in o.topics
                    and o.kind == "hotline"
                    and o.region in {r.id for r in self.store.region_chain(region or "national")}
                    and "general" not in o.topics
                ]
        hotline = self.hotline(region)
        if hotline not in candidates:
            candidates.append(hotline)
        return candidates
