from __future__ import annotations

import pytest

from studyapp.scheduling.rating import RATING_SCALE, Rating


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, "1", " 5 ", Rating.FOUR])
def test_a_whole_number_from_1_to_5_is_a_rating(value: object) -> None:
    rating = Rating.of(value)
    assert isinstance(rating, Rating)
    assert int(rating) == int(str(value).strip())


@pytest.mark.parametrize("value", [0, 6, -1, True, False, 3.0, "3.0", "٣", "", "five", None, "1e0"])
def test_anything_else_is_refused_with_what_a_rating_is(value: object) -> None:
    with pytest.raises(ValueError, match=r"a rating is a whole number from 1 \(Not at all\) to 5"):
        Rating.of(value)


def test_the_scale_has_words_only_at_its_ends() -> None:
    assert [rating.label for rating in Rating] == ["Not at all", "", "", "", "Perfectly"]
    assert RATING_SCALE == "1 Not at all · 2 · 3 · 4 · 5 Perfectly"
    assert Rating.THREE == 3
    assert Rating.of("3") + 1 == 4
