"""Boilerplate removal: comment forms, share and subscribe blocks; article text untouched."""
from __future__ import annotations

from pathlib import Path

from ceasefire.clean import clean_document

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "seeds"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def seed(stem: str) -> str:
    path = SEEDS / f"{stem}.txt"
    if not path.exists():  # the repo ships copies of the seed articles
        path = EXAMPLES / f"{stem}.txt"
    return path.read_text(encoding="utf-8")


PARAGRAPH = ("Russia and Ukraine on Thursday failed to find a breakthrough on a ceasefire and other "
             "humanitarian issues at the first high-level talks between the two sides since the invasion.")


def article(paragraphs: int = 3) -> str:
    return "\n\n".join(f"{PARAGRAPH} ({n})" for n in range(1, paragraphs + 1))


def test_second_seed_ends_at_the_last_sentence() -> None:
    raw = seed("001_2657d7bd166fc1ab")
    cleaned = clean_document(raw)
    assert cleaned.text.endswith("he hoped for a permanent ceasefire.")
    assert "Leave a Reply" not in cleaned.text and "Akismet" not in cleaned.text
    assert cleaned.rules == ["comment-form"]
    assert cleaned.removed[0].startswith("Leave a Reply") and cleaned.removed[0].rstrip().endswith("is processed.")
    # Nothing else changes: the cleaned text is a prefix of the original.
    assert raw.startswith(cleaned.text)


def test_first_seed_is_unchanged() -> None:
    raw = seed("000_1c9a86e49f4f39f5")
    cleaned = clean_document(raw)
    assert cleaned.text == raw.strip()
    assert cleaned.removed == []


def test_share_like_related_tail_is_cut() -> None:
    text = article(4) + ("\n\nShare this:\n\nClick to share on Twitter (Opens in new window)\n\n"
                         "Click to share on Facebook (Opens in new window)\n\nLike this:\n\nLike Loading...\n\n"
                         "Related\n\nAnother story headline\n")
    cleaned = clean_document(text)
    assert cleaned.text == article(4)
    assert cleaned.rules == ["share-block"]


def test_subscribe_and_cookie_lines_are_dropped_mid_article() -> None:
    paragraphs = article(4).split("\n\n")
    text = "\n\n".join([paragraphs[0], "Subscribe to our newsletter", paragraphs[1],
                        "We use cookies to improve your experience. By using this site, you agree.",
                        paragraphs[2], "ADVERTISEMENT", paragraphs[3]])
    cleaned = clean_document(text)
    assert cleaned.text == article(4)  # paragraph breaks stay single blank lines
    assert cleaned.rules == ["subscribe-prompt", "cookie-notice", "advert"]


def test_share_buttons_at_the_top_are_dropped_not_cut() -> None:
    text = "Share this:\nTwitter\nFacebook\nWhatsApp\n\n" + article(3)
    cleaned = clean_document(text)
    assert cleaned.text == article(3)


def test_leave_a_reply_mid_sentence_is_article_text() -> None:
    body = article(6).split("\n\n")
    body.insert(2, "Officials said they would leave a reply to the proposal until after the talks, and "
                   "Share this: was the title of a campaign poster.")
    text = "\n\n".join(body)
    cleaned = clean_document(text)
    assert cleaned.text == text
    assert cleaned.removed == []


def test_non_whole_line_marker_in_first_half_of_a_long_article_does_not_cut() -> None:
    body = article(20).split("\n\n")
    body.insert(3, "Related")
    text = "\n\n".join(body)
    assert len(text) > 2000
    cleaned = clean_document(text)
    assert "(20)" in cleaned.text  # no tail cut at the mid-page "Related" box
    body2 = article(20).split("\n\n")
    body2.insert(3, "Leave a Reply")  # a comment form heading cuts wherever it stands
    assert clean_document("\n\n".join(body2)).text.endswith("(3)")


def test_marker_too_close_to_the_start_never_cuts_everything() -> None:
    text = "Leave a Reply\n\n" + article(2)
    assert clean_document(text).text.endswith("(2)")


def test_trailing_whitespace_and_crlf_are_tidied() -> None:
    text = "  \r\nFirst line.   \r\n\r\nSecond paragraph.\t\r\n\r\n\r\n"
    assert clean_document(text).text == "First line.\n\nSecond paragraph."
