"""The dialogue layer: what to do with one user turn, decided in pure Python (no Rasa import).

``planner.Planner`` takes the turn (``bot.answers.turn.Turn``) and the typed conversation state
(``state.ConversationState``) and returns a ``plan.Plan``; the Rasa actions in ``actions/`` only read the
tracker into those types, call the planner and apply the plan as events. ``registry`` is the one list of
intents, from which the answer handlers, the follow-up and digression sets and the rules come.
"""
