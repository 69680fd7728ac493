"""Operations: personal-data masking, deflection analytics, the durable tracker store."""


class TrackerStoreUnavailable(BaseException):
    """The tracker store could not be read or written within its retry budget.

    A ``BaseException`` on purpose: Rasa's ``FailSafeTrackerStore`` and processor catch ``Exception`` and
    would otherwise answer the turn from an empty tracker or keep it in memory only; this ends the turn
    instead, and the channels reply with the busy text (``bot.channels.UNAVAILABLE_TEXT``).
    """
