"""社保小助手 core: policy knowledge base, calculator, directory, text handling, channels, ops.

Everything in this package is plain Python and testable without Rasa running; the Rasa-specific
adapters live in ``actions/`` (custom actions) and in the ``*rasa*`` modules that import Rasa lazily.
"""
