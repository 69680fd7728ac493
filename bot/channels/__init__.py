"""Input channels: REST, WeChat official account and mini-program, web chat page, health checks."""

# Said when Rasa fails or produces no message for a turn (an action server down, a timeout): every user
# message gets an answer and a way to reach a person. 12333 is the national hotline of the directory.
UNAVAILABLE_TEXT = "抱歉，系统暂时繁忙，请稍后再试；紧急问题请拨打12333。"
