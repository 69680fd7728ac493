"""Evaluation of the assistant's replies: the reply-quality case format (``reply_cases``) and the grading
of one played case (``reply_grading``). Pure Python; the runner that plays the cases against the trained
assistant is ``scripts/evaluate_replies.py``."""
