"""Change records combine without losing what either side named."""

from mgreader.core.session.changes import NOTHING, Changes, Done


def test_records_combine_by_kind():
    a = Changes(bookmarks=frozenset({"b1"}), highlights=frozenset({"art"}))
    b = Changes(notes=frozenset({"n1"}), bookmarks=frozenset({"b2"}), library=True)
    both = a | b
    assert both.bookmarks == {"b1", "b2"}
    assert both.notes == {"n1"}
    assert both.highlights == {"art"}
    assert both.library is True
    assert both.everything is False


def test_an_empty_record_is_false_and_names_no_records():
    assert not NOTHING
    assert not NOTHING.touches_records()
    assert Changes(progress=frozenset({"x"}))
    assert not Changes(progress=frozenset({"x"})).touches_records()
    assert Changes(everything=True).touches_records()


def test_done_carries_value_and_changes():
    done = Done("id1", Changes(notes=frozenset({"id1"})))
    assert done.value == "id1"
    assert done.changes.notes == {"id1"}
