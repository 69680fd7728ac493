"""Answers from the FAQ and the directory, and the replies that are no topic's: a policy question,
phone numbers, a person, the fallback, out of scope, what the assistant can do."""

from __future__ import annotations

from bot.answers.base import CAPABILITIES, EXAMPLES, AnswererBase
from bot.answers.render import office_notes, render_offices
from bot.answers.reply import Reply
from bot.answers.turn import Turn


class DirectoryAnswers(AnswererBase):
    """FAQ, directory and conversation replies."""

    def policy_faq(self, turn: Turn) -> Reply:
        hit = self._faq_hit(turn)
        if hit is not None:
            return hit
        hotline = self._hotline_text(turn.region)
        return Reply(
            f"抱歉，这个问题我的资料里没有找到依据，不能随意答复。建议咨询{hotline}。\n{EXAMPLES}",
            handoff=self.directory.hotline(self._region_id(turn.region)).id,
            topic="faq:none",
        )

    def phone(self, turn: Turn) -> Reply:
        region = self._region_id(turn.region)
        office_id = turn.value("office")
        if office_id and office_id in self.store.kb.offices:
            office = self.store.office(office_id)
            offices = self.directory.route(office.region, None, None)
            offices = [office] + [o for o in offices if o.id != office.id]
            return self._offices_reply(turn, offices, office.region)
        named = [o for o in self.directory.find(turn.text, region) if o.kind == "hotline"]
        if region is not None and named and all(o.region == "national" for o in named):
            # 12333能打通吗 … 我在长春: the national line named in a city with its own hotline — the city's
            # line first (长春 9612333), the one named after it
            own = self.directory.hotline(region)
            if own not in named:
                named = [own, *named]
        topics = self.directory.topics_in(turn.text)
        topic = topics[0] if topics else None
        if region is None and not named:
            national = self.directory.route(None, None, topic) if topic else []
            if national and national[0].region == "national" and national[0].id != "hotline_12333":
                return self._offices_reply(turn, national, None)
            if turn.value("city"):  # a city the data does not cover
                hotline = self.store.office("hotline_12333")
                text = (
                    f"暂未收录{turn.value('city')}的经办机构电话。可拨打"
                    f"{self.directory.listing(hotline).text}咨询当地社保。"
                )
                text = "\n".join([text, *office_notes(self.directory, [hotline], turn.text, None)])
                return Reply(text, handoff="hotline_12333", topic="ask_phone")
            return self._ask(
                "ask_phone",
                turn,
                "city",
                "请问您在哪个城市？我查一下对应的经办机构电话。",
                [
                    (r.short_name, r.id)
                    for r in self.store.kb.regions.values()
                    if any(o.region == r.id for o in self.store.offices())
                ]
                + [("其他城市", "national")],
            )
        offices = named or self.directory.route(region, None, topic)
        return self._offices_reply(turn, offices, region)

    def _offices_reply(self, turn: Turn, offices: list, region: str | None) -> Reply:
        """The numbers, their sources, and what the documents do not state about them."""
        lines = [render_offices(self.directory, offices)]
        lines += office_notes(self.directory, offices, turn.text, region)
        return Reply("\n".join(lines), handoff=offices[0].id, topic="ask_phone")

    def human(self, turn: Turn) -> Reply:
        region = self._region_id(turn.region)
        hotline = self.directory.listing(self.directory.hotline(region))
        text = f"我是社保小助手（智能客服），不是人工坐席。需要人工服务请拨打{hotline.text}。"
        if region is None:
            changchun = self.directory.listing(self.store.office("cc_hotline"))
            text += f"\n长春的朋友也可拨打{changchun.text}。"
        text += "\n您也可以继续问我，我会尽力给出带文件依据的答复。"
        return Reply(text, handoff=hotline.office.id, topic="ask_human")

    def fallback(self, turn: Turn, empty: bool = False) -> Reply:
        hotline = self._hotline_text(turn.region)
        if empty:
            text = f"您好像还没有输入问题。{EXAMPLES}"
        else:
            text = f"抱歉，我没有理解您的问题。{EXAMPLES}\n如需人工服务，请拨打{hotline}。"
        return Reply(
            text,
            handoff=None if empty else self.directory.hotline(self._region_id(turn.region)).id,
            topic="fallback",
        )

    def out_of_scope(self, turn: Turn) -> Reply:
        hotline = self._hotline_text(turn.region)
        text = (
            "抱歉，这个问题超出了我的服务范围，我只能回答社会保险相关的问题，"
            "例如缴费基数、缴费金额、失业金、稳岗返还、减免缓缴和经办机构电话。"
            f"\n社保问题也可以咨询{hotline}。"
        )
        return Reply(text, topic="out_of_scope")

    def capabilities(self) -> Reply:
        return Reply(f"{CAPABILITIES}\n{EXAMPLES}", topic="capabilities")
