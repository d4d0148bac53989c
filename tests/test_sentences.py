from antlens import schemas
from antlens.sentences import sentence_columns, sentence_frame, sentence_table, split_sentences
from tests.conftest import REPO

TYPES = schemas.load(REPO / "schemas").polars_types("sentences")


def test_offsets_slice_the_text_exactly(repo):
    for path in sorted((repo / "data/raw/articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows = sentence_table(sentence_frame(sentence_columns("s", text), TYPES), TYPES)
        assert rows.height, path
        for row in rows.iter_rows(named=True):
            assert text[row["char_start"] : row["char_end"]] == row["text"]
            assert row["text"] == row["text"].strip()
        assert rows["char_start"].is_sorted()
        assert rows["sentence_id"].is_unique().all()


def test_lines_stand_alone_and_sentences_split_inside_a_line():
    text = "Title\n\n0\n43\nIt rose. In 1992, he left! Why? “Yes.” Then\n01\n"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Title",
        "0",
        "43",
        "It rose.",
        "In 1992, he left!",
        "Why?",
        "“Yes.”",
        "Then",
        "01",
    ]


def test_abbreviations_do_not_end_a_sentence():
    text = "Shares rose on Nov. 3 to No. 1 in the U.S. Market watchers agreed."
    assert [text[s:e] for s, e in split_sentences(text)] == [text]


def test_a_source_without_sentences_gives_an_empty_table_with_every_column():
    table = sentence_table(sentence_frame({}, TYPES), TYPES)
    assert table.height == 0
    assert table.columns == ["sentence_id", "source_id", "index", "char_start", "char_end", "text"]
