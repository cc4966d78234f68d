from mgreader.core.session.history import History, Place


def test_back_and_forward_keep_positions():
    history = History()
    history.visit(Place("a"))
    history.update_position(120)
    history.visit(Place("b"))
    assert history.back() == Place("a", 120)
    assert history.can_go_forward()
    assert history.forward() == Place("b")
    assert history.forward() is None


def test_visiting_after_going_back_drops_the_forward_places():
    history = History()
    for name in "abc":
        history.visit(Place(name))
    history.back()
    history.back()
    history.visit(Place("d"))
    assert not history.can_go_forward()
    assert history.back() == Place("a")


def test_revisiting_the_same_article_is_one_entry():
    history = History()
    history.visit(Place("a"))
    history.visit(Place("a"))
    assert not history.can_go_back()
