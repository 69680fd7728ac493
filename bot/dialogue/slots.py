"""Names of the slots the dialogue layer reads and writes (domain.yml declares them): defined once."""

CITY = "city"  # a region id (changchun) or the name of a place the data does not cover
ENTERPRISE_TYPE = "enterprise_type"  # sme / large / social_org / individual_business_unit / institution
PENDING = "pending"  # the question waiting for a missing value (state.PendingQuestion)
LAST_ANSWER = "last_answer"  # what the last reply answered, for follow-ups (state.LastAnswer)
ANSWER_TOPIC = "answer_topic"  # what the last reply answered (analytics, evaluation)
HANDOFF = "handoff"  # office id when the last reply routed the user to a phone line
START_FORM = "start_form"  # set by an answer: the rules start this form next (None: the answer was enough)
FORM = "q_form"  # the questionnaire in progress, or the last one
INVALID = "q_invalid"  # {slot: number of invalid answers}
PREFILL = "q_prefill"  # what the first message answered: kept when the user starts over
REQUESTED_SLOT = "requested_slot"
ANSWERED = "answered"  # the last answer that can be rated (state.Answered)
FEEDBACK = "feedback"  # {rating, intent, aspect, document}: set once with each rating (analytics)
FAILURES = "failures"  # consecutive fallbacks and 没帮助 ratings (state.Failures)
HANDED_TO_AGENT = "handed_to_agent"  # True once a WeChat live-agent transfer was made
