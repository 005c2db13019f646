"""The document model every stage reads: one per article, built once from the engine's tables."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from analysis.core.document import Document, Mention, Sentence, Token, build_documents, names_only
from tests.helpers import article_id, documents


def test_each_article_is_one_document_with_its_sentences_tokens_and_mentions(tables):
    docs = documents(tables)
    assert sorted(docs) == sorted(tables["articles"]["article_id"])
    doc = docs[article_id(tables, "001")]
    first = doc.sentences[0]
    assert first.text.startswith("Казахстан стал первой страной, присоединившейся к Авраамовым соглашениям")
    assert [(m.text, m.entity_id) for m in first.mentions[:2]] == [
        ("Казахстан", "loc:kazakhstan"),
        ("Авраамовым соглашениям", "misc:avraamovy-soglasheniya"),
    ]
    # every token and mention points into the article's raw text, inside its sentence
    for sentence in doc.sentences:
        assert doc.raw_text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert sentence.start <= token.start < token.end <= sentence.end
            assert doc.raw_text[token.start : token.end] == token.text
        for mention in sentence.mentions:
            assert doc.raw_text[mention.start : mention.end] == mention.text


def test_tokens_know_their_mention_case_and_matching_key(tables):
    first = documents(tables)[article_id(tables, "001")].sentences[0]
    words = {token.text: (token, index) for index, token in enumerate(first.tokens)}
    kazakhstan, at = words["Казахстан"]
    assert (kazakhstan.case, kazakhstan.pos) == ("Nom", "PROPN")
    assert first.mentions[first.token_mentions[at]].entity_id == "loc:kazakhstan"
    became, at = words["стал"]
    assert became.key == "стать" and first.token_mentions[at] is None


def test_prose_leaves_out_boilerplate_lines(tables):
    docs = documents(tables)
    boilerplate = tables["sentences"][tables["sentences"]["boilerplate"] != ""]
    assert len(boilerplate)  # the seeds have photo credits, headings and a widget line
    for row in boilerplate.itertuples(index=False):
        prose_ids = {s.sentence_id for s in docs[row.article_id].prose}
        assert row.sentence_id not in prose_ids
        assert row.sentence_id in {s.sentence_id for s in docs[row.article_id].sentences}


def _row_by_row(tables: dict[str, pd.DataFrame]) -> dict[str, Document]:
    """The documents made the plain way, one table row at a time, each frame sorted by pandas: what
    ``build_documents`` makes from numpy columns, factorised strings and named tuples."""

    def grouped(frame: pd.DataFrame, within: str, make) -> dict[tuple[str, int], tuple]:
        found: dict[tuple[str, int], list] = {}
        for row in frame.sort_values(["article_id", "sentence_id", within], kind="stable").itertuples():
            found.setdefault((row.article_id, int(row.sentence_id)), []).append(make(row))
        return {key: tuple(rows) for key, rows in found.items()}

    tokens = grouped(
        tables["tokens"],
        "token_id",
        lambda r: Token(
            int(r.token_id), int(r.start), int(r.end), r.text, str(r.lemma), r.pos, r.feats or ""
        ),
    )
    mentions = grouped(
        names_only(tables["mentions"]),
        "start",
        lambda r: Mention(int(r.start), int(r.end), r.text, r.type, r.entity_id, r.normal),
    )
    sentences: dict[str, list[Sentence]] = {}
    for r in tables["sentences"].sort_values(["article_id", "sentence_id"], kind="stable").itertuples():
        key = (r.article_id, int(r.sentence_id))
        sentences.setdefault(r.article_id, []).append(
            Sentence(
                r.article_id,
                key[1],
                int(r.paragraph_id),
                int(r.start),
                int(r.end),
                r.text,
                r.boilerplate,
                tokens.get(key, ()),
                mentions.get(key, ()),
            )  # fmt: skip
        )
    return {
        r.article_id: Document(
            r.article_id, r.raw_text, r.published, r.language, tuple(sentences.get(r.article_id, ()))
        )
        for r in tables["articles"].itertuples()
    }


@pytest.mark.parametrize("corpus", ["seeds", "ryanair"])
def test_documents_equal_the_row_by_row_construction_in_any_row_order(corpus, tables, real_corpus):
    tables = tables if corpus == "seeds" else real_corpus(corpus).tables
    expected = {article: repr(document) for article, document in _row_by_row(tables).items()}
    built = build_documents(tables["articles"], tables["sentences"], tables["tokens"], tables["mentions"])
    # repr names every value with its type: Python ints and strings, named tuples, tuples of them
    assert {article: repr(document) for article, document in built.items()} == expected
    assert sum(len(s.tokens) for d in built.values() for s in d.sentences) == len(tables["tokens"])
    # the engine's tables come in order; shuffled rows take the sort, and make the same documents
    shuffled = {
        name: tables[name].sample(frac=1.0, random_state=7).reset_index(drop=True)
        for name in ("sentences", "tokens", "mentions")
    }
    again = build_documents(
        tables["articles"], shuffled["sentences"], shuffled["tokens"], shuffled["mentions"]
    )
    assert {article: repr(document) for article, document in again.items()} == expected
    # one string object per distinct word, as interning made them
    words = [t.lemma for d in built.values() for s in d.sentences for t in s.tokens]
    assert len({id(word) for word in words}) == len(set(words)) and all(sys.intern(w) is w for w in words)
