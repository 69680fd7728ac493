"""Cited passages of the seed documents: when no calculator or FAQ article answers a question, the
assistant quotes the passage that does (BM25 over jieba words, see docs/passage-retrieval.md).

    index = PassageIndex.load()
    hit = index.best("长春失业了超过60天还能领失业金吗", region="changchun")
    if hit:
        reply = render_passage(hit)
"""

from bot.passages.config import PassageConfigError
from bot.passages.corpus import Passage, Section
from bot.passages.index import PassageHit, PassageIndex
from bot.passages.render import render_passage

__all__ = ["Passage", "PassageConfigError", "PassageHit", "PassageIndex", "Section", "render_passage"]
