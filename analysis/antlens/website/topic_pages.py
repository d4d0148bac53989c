"""Every topic of the vocabulary in one place: `reports/topics.qmd`, a section per topic.

A topic added to `schemas/vocabularies.yaml` gets its section on the next render with no code:
its claims in a table, a chart per unit grouping them by metric and period across sources, the
facts they state (with any published figure that states the same), and the published figures
their curators set beside them. The prose counts come from the tables.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from antlens import charts
from antlens.charts.marks import split_ids
from antlens.charts.wording import counted, number, period_text
from antlens.website import figures
from antlens.website.markup import (
    Block,
    Markdown,
    claim_link,
    html_table,
    html_text,
    link,
    markdown_text,
)
from antlens.website.tables import evidence, table, titles, vocabulary
from antlens.website.urls import safe_url

# Topics that also have a page of their own, beside their section here.
THEME_PAGES = {
    "income_mix": "income-mix.html",
    "population_coverage": "population-coverage.html",
    "licence_breadth": "licence-breadth.html",
    "timeline": "timeline.html",
}


def topic_title(topic: str, root: Path | None = None) -> str:
    """A topic's title, as `topic_titles` in schemas/vocabularies.yaml gives it; a topic it
    does not name is titled from its name ("credit_scoring" → "Credit scoring")."""
    return titles(root).get(topic) or topic.replace("_", " ").capitalize()


def topic_anchor(topic: str) -> str:
    """The id of a topic's section on the topics page."""
    return "topic-" + topic.replace("_", "-")


def topics_summary(page: str = "") -> Markdown:
    """One line per topic: how many claims and sources, linked to its section on `page` (the
    topics page's file name from another page; "" on the topics page itself)."""
    claims = table("claims")
    lines = []
    for topic in vocabulary("topics"):
        of_topic = claims.filter(pl.col("topic") == topic)
        title = markdown_text(topic_title(topic))
        lines.append(f"- [{title}]({page}#{topic_anchor(topic)}): {_counts(of_topic)}.")
    return Markdown("\n".join(lines))


def _counts(claims: pl.DataFrame) -> str:
    if claims.is_empty():
        return "no claims yet"
    with_figure = claims.filter(pl.col("value_base").is_not_null()).height
    sources = counted(claims["source_id"].n_unique(), "source")
    return f"{counted(claims.height, 'claim')} from {sources}, {number(with_figure)} with a figure"


def topic_sections() -> None:
    """Display a section for every topic in the vocabulary, in the vocabulary's order."""
    from IPython.display import display

    for topic, description in vocabulary("topics").items():
        for part in topic_section(topic, description):
            if isinstance(part, charts.Figure):
                figures.show(part)
            else:
                display(part)


def topic_section(topic: str, description: str) -> list:
    """A topic's heading, prose, charts, claims table, facts and comparisons, in order."""
    claims = table("claims").filter(pl.col("topic") == topic).sort("source_id", "char_start")
    parts: list = [
        Markdown(f"## {markdown_text(topic_title(topic))} {{#{topic_anchor(topic)}}}"),
        Markdown(_prose(topic, description, claims)),
    ]
    if claims.is_empty():
        return parts
    found = evidence()
    what = f"Claims of the topic {topic}."
    parts += charts.claim_values(claims, found, name=topic_anchor(topic), what=what)
    parts.append(claims_table(claims))
    facts = facts_of(claims["claim_id"].to_list())
    if facts.height:
        parts.append(Markdown(f"### What the sources state: {markdown_text(topic_title(topic))}"))
        parts.append(facts_table(facts))
    compared = charts.comparisons(topic, table("comparisons"), found)
    if compared:
        parts.append(Markdown("### Beside published figures"))
        parts += compared
    return parts


def _prose(topic: str, description: str, claims: pl.DataFrame) -> str:
    text = markdown_text(description)
    if claims.is_empty():
        text += " No claim of the articles has this topic yet."
    else:
        text += f" The articles make {_counts(claims)}."
    if topic in THEME_PAGES:
        text += f" Its own page: [{markdown_text(topic_title(topic))}]({THEME_PAGES[topic]})."
    return text


def claims_table(claims: pl.DataFrame) -> Block:
    """A topic's claims: entity, metric, value with its qualifier, period, source and words."""
    words = evidence().words
    rows = [
        [
            html_text(c["entity"]),
            html_text(c["metric"]),
            f'<span class="numeric">{html_text(_value(c, words))}</span>',
            html_text(period_text(c["period"])),
            html_text(c["source_id"]),
            f"“{claim_link(c)}”",
        ]
        for c in claims.iter_rows(named=True)
    ]
    columns = ["Who or what", "Metric", "Value", "Period", "Source", "Words"]
    return Block(html_table(columns, rows, css_class="topic-claims"))


def _value(claim: dict, words) -> str:
    if claim["value_base"] is None:
        return "no figure"
    return words.qualified(claim) + (" (interpreted)" if claim["flag"] else "")


def facts_of(claim_ids: list[str]) -> pl.DataFrame:
    """The facts any of these claims states."""
    wanted = set(claim_ids)
    facts = table("facts")
    keep = [bool(wanted & set(split_ids(ids))) for ids in facts["claim_ids"].to_list()]
    return facts.filter(pl.Series(keep, dtype=pl.Boolean))


def facts_table(facts: pl.DataFrame) -> Block:
    """Facts as a table: what, when, the value or range, agreement and every statement."""
    found = evidence()
    rows = []
    for fact in facts.iter_rows(named=True):
        value = found.words.quantity(fact["value_min"], fact["unit"])
        if fact["value_max"] != fact["value_min"]:
            value += " to " + found.words.quantity(fact["value_max"], fact["unit"])
        stated = [f"“{claim_link(found.claim(i))}”" for i in split_ids(fact["claim_ids"])]
        for observation_id in split_ids(fact["observation_ids"]):
            seen = found.observation(observation_id)
            where = html_text(f"{seen['source_title']} — {seen['source_publisher']}")
            url = safe_url(seen["url"])
            if url:
                where = link(url, where, external=True)
            stated.append(where)
        rows.append(
            [
                html_text(fact["entity"]),
                html_text(fact["metric"]),
                html_text(period_text(fact["period"])),
                f'<span class="numeric">{html_text(value)}</span>',
                html_text(fact["agreement"].replace("_", " ")),
                "<br>".join(stated),
            ]
        )
    columns = ["Who or what", "Metric", "Period", "Value", "Agreement", "Stated by"]
    return Block(html_table(columns, rows, css_class="facts"))
