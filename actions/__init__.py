"""Rasa custom actions: thin adapters from the tracker to the dialogue planner (bot/dialogue/)."""

from bot.passages import PassageIndex

# rasa_sdk imports this package when the action server starts: build the passage index then, in the
# background, so that the first question needing a passage does not wait for it (about a second)
PassageIndex.preload()
