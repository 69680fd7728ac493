"""SQLAlchemy tables of the policy store (SQLAlchemy 1.4 with the 2.0-style API)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 has no type information: to mypy the declarative base is Any
Base: Any = declarative_base()


class MetaRow(Base):
    __tablename__ = "kb_meta"
    name = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class DocumentRow(Base):
    __tablename__ = "kb_documents"
    id = Column(String(64), primary_key=True)
    number = Column(String(128), nullable=False)
    title = Column(Text, nullable=False)
    issuer = Column(Text, nullable=False)
    issued = Column(Date)
    date_note = Column(Text, nullable=False, default="")
    period_quote = Column(Text, nullable=False, default="")
    region = Column(String(32), nullable=False)
    seed_file = Column(String(128), nullable=False)


class RegionRow(Base):
    __tablename__ = "kb_regions"
    id = Column(String(32), primary_key=True)
    name = Column(String(64), nullable=False)
    short_name = Column(String(64), nullable=False)
    level = Column(String(16), nullable=False)
    parent = Column(String(32))
    aliases = Column(JSON, nullable=False)
    area_code = Column(String(8), nullable=False, default="")


class ParameterRow(Base):
    __tablename__ = "kb_parameters"
    key = Column(String(128), primary_key=True)
    description = Column(Text, nullable=False)
    unit = Column(String(32), nullable=False)


class ParameterValueRow(Base):
    __tablename__ = "kb_parameter_values"
    id = Column(Integer, primary_key=True, autoincrement=True)
    key = Column(String(128), ForeignKey("kb_parameters.key"), nullable=False, index=True)
    region = Column(String(32), ForeignKey("kb_regions.id"), nullable=False)
    effective_from = Column(Date)  # NULL: the start is not stated
    effective_to = Column(Date)
    start = Column(String(16), nullable=False, default="date")
    end = Column(String(16), nullable=False, default="date")
    standard_year = Column(Integer)
    standard_quote = Column(Text, nullable=False, default="")
    period_quote = Column(Text, nullable=False, default="")
    period_document = Column(String(64), nullable=False, default="")
    value = Column(JSON, nullable=False)
    document = Column(String(64), ForeignKey("kb_documents.id"), nullable=False)
    section = Column(Text, nullable=False)
    quote = Column(Text, nullable=False)
    quote_value = Column(Text, nullable=False, default="")
    note = Column(Text, nullable=False, default="")


class FaqRow(Base):
    __tablename__ = "kb_faq"
    id = Column(String(64), primary_key=True)
    title = Column(Text, nullable=False)
    region = Column(String(32), ForeignKey("kb_regions.id"), nullable=False)
    answer = Column(Text, nullable=False)
    keywords = Column(JSON, nullable=False)
    questions = Column(JSON, nullable=False)
    offices = Column(JSON, nullable=False)
    effective_from = Column(Date)
    effective_to = Column(Date)
    document = Column(String(64), ForeignKey("kb_documents.id"), nullable=False)
    section = Column(Text, nullable=False)
    quote = Column(Text, nullable=False)


class TopicRow(Base):
    __tablename__ = "kb_topics"
    id = Column(String(64), primary_key=True)
    label = Column(Text, nullable=False)
    words = Column(JSON, nullable=False)


class OfficeRow(Base):
    __tablename__ = "kb_offices"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    full_name = Column(Text, nullable=False, default="")
    region = Column(String(32), ForeignKey("kb_regions.id"), nullable=False)
    district = Column(Text, nullable=False, default="")
    phone = Column(String(32), nullable=False)
    kind = Column(String(16), nullable=False)
    aliases = Column(JSON, nullable=False)
    topics = Column(JSON, nullable=False)
    places = Column(JSON, nullable=False)
    note = Column(Text, nullable=False, default="")
    inferred = Column(JSON, nullable=False)
    inference = Column(Text, nullable=False, default="")
    document = Column(String(64), ForeignKey("kb_documents.id"), nullable=False)
    section = Column(Text, nullable=False)
    quote = Column(Text, nullable=False)
