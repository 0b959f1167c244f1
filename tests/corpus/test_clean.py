"""Tests for fsf.clean: each rule on invented lines, the pipeline on invented and real articles."""

from __future__ import annotations

import pytest

from fsf.corpus import clean
from fsf.corpus.clean import clean_article, normalize_chars, split_lines
from fsf.config import SEEDS_DIR

# --------------------------------------------------------------------------
# Characters and lines
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text_in, text_out", [
    ("\u201cQuoted\u201d", '"Quoted"'),
    ("don\u2019t \u2018x\u2019", "don't 'x'"),
    ("2014\u20132023 \u2014 then", "2014-2023 - then"),
    ("Mr\u00a0Mansour\u202fand\u2009co", "Mr Mansour and co"),
    ("tab\there", "tab here"),
    ("caf\u00e9 Or\u2026", "caf\u00e9 Or\u2026"),  # accents and ellipsis are left alone
    ("plain ASCII stays", "plain ASCII stays"),
])
def test_normalize_chars(text_in, text_out):
    assert normalize_chars(text_in) == text_out
    assert len(normalize_chars(text_in)) == len(text_in)


@pytest.mark.parametrize("text", [
    "a\nb\n", "a\r\nb\r\n", "a\rb", "no newline at end", "\n\n\n", "x\n\n\ny", "mixed\r\nends\nhere\r",
])
def test_split_lines_rebuilds_text_exactly(text):
    assert "".join(line + eol for line, eol in split_lines(text)) == text


def test_split_lines_keeps_terminators_apart():
    assert split_lines("a\r\nb") == [("a", "\r\n"), ("b", "")]


# --------------------------------------------------------------------------
# Line rules, each on invented lines it must and must not match
# --------------------------------------------------------------------------

RULE_CASES = {
    clean.is_web_chrome: (
        ["Advertisement", "ADVERTISEMENT", "Share", "Share this article", "Skip to content",
         "Skip to footer", "Logo Wide", "Site logo", "More in Middle East", "Helpful keywords",
         "Tags:", "Listen to this article", "4 min read", "Follow us on Twitter", "Print"],
        ["Share prices fell in Damascus.", "The advertisement was removed by police.",
         "He said he would print the posters himself.", "More fighters arrived in the spring."],
    ),
    clean.is_related_marker: (
        ["Read more", "Related", "Related articles", "Also read:", "Recommended", "Further reading",
         "You may also like", "Read next"],
        ["Read more about it in our report.", "Related groups joined the fight."],
    ),
    clean.is_copyright: (
        ["(c)2015 Example Bureau", "\u00a9 2021 News Group", "Copyright 2019 Example Ltd.",
         "All rights reserved."],
        ["The copyright of the film is disputed.", "He cited (c) clause of the law."],
    ),
    clean.is_distribution: (
        ["Distributed by Example Content Agency, LLC.", "Syndicated by Example Features.",
         "Supplied by Example Wire"],
        ["Food was distributed by volunteers to hundreds of displaced families in camps near the "
         "border town during the long winter months."],
    ),
    clean.is_promotion: (
        ["Visit the Example Bureau at www.example.com", "Sign up for our newsletter",
         "Get access to the real stories first with the digital edition", "https://example.com/story",
         "Subscribe now"],
        ['"Subscribe to jihad," the recruiter wrote in the newsletter they shared.',
         "Visitors came from www-era forums, he said, in a long account of how recruitment "
         "worked online in those years and who ran it."],
    ),
    clean.is_translation_note: (
        ["Powered by automated translation", "Translated from Arabic by the desk.",
         "This article was translated and edited by Example Observer. It has not verified the content.",
         "Machine-translated text"],
        ['"We translated the letters from Russian," he said.', "The translation of the Quran was new."],
    ),
    clean.is_author_note: (
        ["(Doe is a McClatchy special correspondent.)", "(Jane Roe is a freelance journalist based in Beirut)",
         "Additional reporting by John Roe", "Editing by Jane Doe"],
        ["Doe is a special correspondent for the paper.", "(The group denied the report.)"],
    ),
    clean.is_byline: (
        ["By Jane Doe", "By Jane Doe and John Roe", "by Example Staff"],
        ["By the end of January, hundreds had left.", "By Monday"],
    ),
    clean.is_caption: (
        ["Fighters near the border. Photo: Example Agency", "Photograph by Jane Doe",
         "A wanted poster is seen in Idlib, Syria.", "Smoke rises over Raqqa (AFP)",
         "Members of the group are pictured in 2015.", "Displaced families. Getty Images"],
        ["The group is seen as a threat by its neighbours.",
         '"The posters are seen everywhere," he said.', "Photos of the fighters circulated online."],
    ),
}


@pytest.mark.parametrize("rule, line, expected", [
    (rule, line, expected)
    for rule, (yes, no) in RULE_CASES.items()
    for expected, lines in ((True, yes), (False, no))
    for line in lines
], ids=lambda v: v.__name__ if callable(v) else None)
def test_line_rule(rule, line, expected):
    assert rule(line) is expected


def test_every_line_rule_is_tested_and_documented():
    tested = {rule.__name__ for rule in RULE_CASES}
    for rule in clean.LINE_RULES:
        assert rule.matches.__name__ in tested
        assert rule.matches.__doc__ and "Examples" in rule.matches.__doc__


@pytest.mark.parametrize("line, expected", [
    ("Julani Tightens Grip on Idleb Economy: Network of Five People", True),
    ("White Helmets Vow to Keep Saving Lives", True),
    ("Rebels make thousands smuggling fighters across Syria", False),  # sentence case
    ("What Happens Next?", False),  # closing stop
    ("Syria", False),  # too short
])
def test_looks_like_headline(line, expected):
    assert clean.looks_like_headline(line) is expected


@pytest.mark.parametrize("paragraph, dateline", [
    ("BEIRUT \u2014 Fighting resumed on Monday.", "BEIRUT"),
    ("BEIRUT (Reuters) - Fighting resumed.", "BEIRUT"),
    ("ON THE TURKEY\u2013SYRIA BORDER \u2014 For months he worked.", "ON THE TURKEY\u2013SYRIA BORDER"),
    ("SANLIURFA, Turkey A group of rebels met.", "SANLIURFA, Turkey"),
    ("HTS has adopted a new approach.", None),
    ("MI6, the CIA and France's DGSE met.", None),
    ("A group of civilians - activists - met.", None),
    ("US - and European - officials met.", None),
])
def test_find_dateline(paragraph, dateline):
    assert clean.find_dateline(paragraph) == dateline


# --------------------------------------------------------------------------
# The pipeline on an invented article that exercises every context rule
# --------------------------------------------------------------------------

INVENTED = "\n".join([
    "Advertisement",                                                   # 1 chrome
    "",                                                                # 2
    "Fighters Leave the Front",                                        # 3 title
    "Share",                                                           # 4 chrome
    "Example Wire Service",                                            # 5 source line
    "",                                                                # 6
    "A short summary of what happened to the foreign fighters",       # 7 standfirst
    "Fighters Leave the Front",                                        # 8 repeated headline
    "",                                                                # 9
    "DAMASCUS \u2014 Dozens of foreign fighters left the town on Monday, residents said.",  # 10 body
    "",                                                                # 11
    "Read more",                                                       # 12 related header
    "Another story about something else",                              # 13 related link
    "Exclusive: A Second Unrelated Story",                             # 14 related link
    "",                                                                # 15
    "The fighters crossed the border at night, according to two witnesses.",  # 16 body
    "",                                                                # 17
    "Ten Things You Should Know About The Border",                     # 18 inline headline
    "",                                                                # 19
    "The fighters crossed the border at night, according to two witnesses.",  # 20 duplicate
    "",                                                                # 21
    "\u201cWe will not come back,\u201d one of them said.",            # 22 body
    "(c)2020 Example Wire Service",                                    # 23 copyright
    "",
])


@pytest.fixture(scope="module")
def invented():
    return clean_article(INVENTED)


def test_invented_article_removed_lines(invented):
    assert [(r.line_no, r.rule) for r in invented.removed] == [
        (1, "web_chrome"), (4, "web_chrome"), (5, "source_line"), (8, "repeated_headline"),
        (12, "related_marker"), (13, "related_link"), (14, "related_link"), (18, "inline_headline"),
        (20, "duplicate"), (23, "copyright"),
    ]
    reasons = {r.line_no: r.reason for r in invented.removed}
    assert reasons[8] == "repeated headline (same as line 3)"
    assert reasons[20] == "exact duplicate of line 16"


def test_invented_article_sections(invented):
    assert invented.title == "Fighters Leave the Front"
    assert invented.standfirst == "A short summary of what happened to the foreign fighters"
    assert invented.dateline == "DAMASCUS"
    assert invented.body == [
        "DAMASCUS - Dozens of foreign fighters left the town on Monday, residents said.",
        "The fighters crossed the border at night, according to two witnesses.",
        "\"We will not come back,\" one of them said.",
    ]
    assert invented.bylines == ("Example Wire Service",)


def test_invented_article_rebuilds(invented):
    assert invented.rebuild() == INVENTED
    statuses = [r.status for r in invented.lines]
    assert len(statuses) == INVENTED.count("\n") + (not INVENTED.endswith("\n"))


def test_paragraph_text_keeps_raw_offsets(invented):
    for para in invented.paragraphs:
        assert len(para.text) == len(para.raw)
        assert normalize_chars(para.raw) == para.text


def test_consecutive_lines_form_one_paragraph():
    art = clean_article("Title Here\n\nfirst half of a wrapped\nparagraph that continues.\n\nSecond paragraph of the body follows here.\n")
    assert [p.text for p in art.paragraphs] == [
        "Title Here", "first half of a wrapped paragraph that continues.",
        "Second paragraph of the body follows here."]
    assert (art.paragraphs[1].line_start, art.paragraphs[1].line_end) == (3, 4)


def test_no_standfirst_when_the_second_paragraph_opens_with_a_dateline():
    art = clean_article("Headline\n\nBEIRUT \u2014 The body starts here.\n\nMore body.\n")
    assert art.standfirst == ""
    assert art.dateline == "BEIRUT"


def test_single_paragraph_article_has_title_only():
    art = clean_article("Only a headline")
    assert art.title == "Only a headline" and art.body == [] and art.standfirst == ""


def test_article_of_boilerplate_only_has_no_title():
    art = clean_article("Advertisement\nShare\n")
    assert art.title == "" and art.paragraphs == () and len(art.removed) == 2


def test_crlf_and_lf_clean_the_same():
    lf = clean_article(INVENTED)
    crlf = clean_article(INVENTED.replace("\n", "\r\n"))
    assert crlf.rebuild() == INVENTED.replace("\n", "\r\n")
    assert [p.text for p in crlf.paragraphs] == [p.text for p in lf.paragraphs]
    assert [(r.line_no, r.reason) for r in crlf.removed] == [(r.line_no, r.reason) for r in lf.removed]


def test_rules_table_lists_every_rule():
    table = clean.rules_table()
    assert len(table) == len(clean.LINE_RULES) + 5
    assert table["matches"].str.len().min() > 20


# --------------------------------------------------------------------------
# The five seeds: the audit is complete and matches a reading by hand
# --------------------------------------------------------------------------

SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))

# Read off the raw files by hand (cat -A), line numbers 1-based.
EXPECTED_REMOVED = {
    "000": [(5, "caption"), (6, "translation_note"), (27, "related_marker"), (29, "related_link"),
            (31, "related_link"), (33, "related_link")],
    "001": [(1, "web_chrome"), (6, "repeated_headline"), (10, "inline_headline"),
            (21, "translation_note"), (23, "web_chrome")],
    "002": [(47, "web_chrome")],
    "003": [(1, "web_chrome"), (5, "web_chrome"), (6, "source_line"), (14, "web_chrome"),
            (28, "web_chrome"), (42, "web_chrome"), (50, "author_note"), (52, "copyright"),
            (54, "promotion"), (56, "distribution"), (58, "web_chrome")],
    "004": [(5, "caption"), (6, "caption"), (46, "web_chrome"), (48, "promotion")],
}


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_rebuilds_byte_for_byte(path):
    raw = path.read_bytes()
    art = clean_article(raw.decode("utf-8"))
    assert art.rebuild().encode("utf-8") == raw


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_removes_exactly_the_boilerplate(path):
    art = clean_article(path.read_text(encoding="utf-8"))
    assert [(r.line_no, r.rule) for r in art.removed] == EXPECTED_REMOVED[path.name[:3]]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_every_nonblank_line_is_kept_or_explained(path):
    art = clean_article(path.read_text(encoding="utf-8"))
    for rec in art.lines:
        assert (rec.status == "blank") == (not rec.raw.strip())
        if rec.status == "removed":
            assert rec.reason and rec.rule
        if rec.status == "kept":
            assert rec.section in {"title", "standfirst", "body"} and rec.paragraph_idx >= 0
