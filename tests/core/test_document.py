"""The document model every stage reads: one per article, built once from the engine's tables."""

from __future__ import annotations

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
