from mgreader.core.render.sentences import sentences


def test_sentences_split_at_stops_and_line_breaks():
    text = 'Magnesium is a mineral. Is it "essential"? Yes!\nKey points\n\n  - 350 mg a day.'
    assert [text[a:b] for a, b in sentences(text)] == [
        "Magnesium is a mineral.", 'Is it "essential"?', "Yes!", "Key points", "- 350 mg a day.",
    ]  # fmt: skip


def test_no_words_no_sentences():
    assert sentences("  \n ... \n") == []
    assert sentences("") == []


def test_decimal_points_do_not_end_a_sentence():
    text = "Take 1.5 tablets. Then rest."
    assert [text[a:b] for a, b in sentences(text)] == ["Take 1.5 tablets.", "Then rest."]


def test_a_title_or_a_list_number_does_not_end_a_sentence():
    text = "Ask Dr. K about it. 1. Rest first. Then e.g. a walk."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Ask Dr. K about it.", "1. Rest first.", "Then e.g. a walk.",
    ]  # fmt: skip
