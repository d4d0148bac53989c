from antlens.sentences import sentence_rows, split_sentences


def test_offsets_slice_the_text_exactly(repo):
    for path in sorted((repo / "data/raw/articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows = sentence_rows("s", text)
        assert rows, path
        for row in rows:
            assert text[row["char_start"] : row["char_end"]] == row["text"]
            assert row["text"] == row["text"].strip()
        starts = [r["char_start"] for r in rows]
        assert starts == sorted(starts)


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
