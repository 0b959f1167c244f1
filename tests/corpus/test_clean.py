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
         "Tags:", "Listen to this article", "4 min read", "Follow us on Twitter", "Print", "Locations",
         "Most popular", "Accessibility links", "Breaking News", "You are here:   Home", "Home > World > Middle East"],
        ["Share prices fell in Damascus.", "The advertisement was removed by police.",
         "He said he would print the posters himself.", "More fighters arrived in the spring."],
    ),
    clean.is_related_marker: (
        ["Read more", "Related", "Related articles", "Also read:", "Recommended", "Further reading",
         "You may also like", "Read next", "Watch Now: Related Video", "More videos"],
        ["Read more about it in our report.", "Related groups joined the fight."],
    ),
    clean.is_copyright: (
        ["(c)2015 Example Bureau", "\u00a9 2021 News Group", "Copyright 2019 Example Ltd.",
         "All rights reserved."],
        ["The copyright of the film is disputed.", "He cited (c) clause of the law."],
    ),
    clean.is_distribution: (
        ["Distributed by Example Content Agency, LLC.", "Syndicated by Example Features.",
         "Supplied by Example Wire", "This is unedited, unformatted feed from the Example Trust wire.",
         "This article first appeared in Example Insider:", "This story was originally published by Example News."],
        ["Food was distributed by volunteers to hundreds of displaced families in camps near the "
         "border town during the long winter months.",
         "This article of the law was first applied in 2015 to returning fighters, the judge said in court."],
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
        ["By Jane Doe", "By Jane Doe and John Roe", "by Example Staff", "By Jane Doe,  Example Staff",
         "Posted by Jane Doe", "Hussam al-Haddad | Jane Roe | John Doe", "By", "and",
         "By Jane Doe, John Roe and Ana Poe", "Example Radio, example.com.au ,"],
        ["By the end of January, hundreds had left.", "By Monday", "and then they left.",
         "Jane Doe and John Roe met in Urfa.", "By the way, he said, we left.",
         "The video was posted on example.com in 2015."],
    ),
    clean.is_caption: (
        ["Fighters near the border. Photo: Example Agency", "Photograph by Jane Doe",
         "A wanted poster is seen in Idlib, Syria.", "Smoke rises over Raqqa (AFP)",
         "Members of the group are pictured in 2015.", "Displaced families. Getty Images",
         "A checkpoint on the road to the border.   (AP Photo/Jane Doe)",
         "A convoy leaves the town at dawn (Stock image)",
         "A fighter of an example brigade in the hills (Example Tactical)",
         "In this photo released by an example ministry, two men shake hands.(Jane Doe/Example Ministry via AP)",
         "FILE - Men queue at a border crossing in 2016.", "Pictured: the crossing point",
         "Fighters at the border crossingGETTY", "Smoke over the town REUTERS",
         "Town square Example Country AP / Press Association Images",
         "A market in the old city. Photograph: Example Wire/Jane Doe",
         "Fighters at the camp gate. Source: Example Agency", "no image", "No image availableExample Times",
         "Men at the gate on May 2, 2019. Example Group in Syria/example.net"],
        ["The group is seen as a threat by its neighbours.",
         '"The posters are seen everywhere," he said.', "Photos of the fighters circulated online.",
         "He joined the Syrian Democratic Forces (SDF).",
         "They were held by the Kurdish-led forces (according to two officials).",
         "In this town, the photo shop was the only place that sold passports.",
         "US gives nod to plan for fighters, Reuters"],
    ),
    clean.is_widget: (
        ["8", "20", "-", "* * *", "X", "|", "A A A", "A- A+", "TT", "Text size", "Facebook Twitter WhatsApp Email",
         "20 Shares", "Share 3 Comments", "1.2K", "XY XY", "\u2611#VoteExample", "#Syria #Idlib @example"],
        ["20 fighters left the town.", "Share prices fell.", "X marks the spot, he said.", "Go.",
         "Twitter users shared the video widely."],
    ),
    clean.is_player: (
        ["Watch: Fighters cross the border at night", "Video: Militants parade in the town", "Listen",
         "Play video", "Now playing", "0:00 / 2:15", "Duration 3:05", "In pictures: life in the camps",
         "Live now", "Start time", "Listen live on", "Listen to Example Radio"],
        ["Watch the border, he told them.", 'Video: "We will go home," he says',
         "Videos of the executions spread fear among the recruits.", "They listen to the radio every night."],
    ),
    clean.is_timestamp: (
        ["Thursday, April 27, 2017", "Posted Apr 27, 2017 4:32 AM CDT", "Updated: 12 March 2019 14:05 GMT",
         "Published 3 hours ago", "Thursday, 14 September 2017 22:43", "2022-03-13", "17 Wednesday Jan 2018",
         "Release Date - May 29, 2025", "Last updated on 4 May 2021 at 09:12",
         "Example Agency, May 21, 2015 Adjust font size:", "Mon, 1 Apr 2019, 4:55pm", "Jane DoeApril 4, 2025, 6:00 AM"],
        ["In March 2019 they left the camp.", "Last year", "On Thursday the border was closed.",
         "May God protect them, she said.", "Published reports say 300 have left."],
    ),
    clean.is_age_notice: (
        ["This article is more than 5 years old", "This article is more than two years old",
         "This story was published 3 years ago", "This is an archived article and the information may be outdated.",
         "From the archives", "This is a developing story\u2026", "This story has been updated."],
        ["The war is more than 12 years old.", '"This story is old," he said.',
         "The article was published in a local newspaper five years ago, he said."],
    ),
    clean.is_continue_marker: (
        ["Continue reading", "Continue reading the main story", "Story continues below", "(Article continues below)",
         "Read the full story here", "Read more here.", "You can read the rest of the story here.",
         "Read the full story and more in Example News.",
         "Click here to read more", "Advertisement - scroll to continue"],
        ["Read more about how they escaped in our report.", "Continue reading the letters, he told them.",
         "The story continues below the surface, he said."],
    ),
    clean.is_app_prompt: (
        ["Tap to install our app.", "Install the Example News app", "2. Tap to Add to Home Screen.",
         "1. Tap in your navigation bar.", "Download our app on the App Store and Google Play",
         "Open in app"],
        ["Recruits were told to download an encrypted messaging app.",
         '"Install the app," the recruiter told him.', "The app was used by smugglers to arrange crossings."],
    ),
    clean.is_appeal: (
        ["We need your help now", "Support from readers like you keeps Example News open.",
         "If you value our reporting, please contribute what you can.",
         "Become a member today and support independent journalism - your donation matters."],
        ["The group raised money through donations from supporters abroad.",
         '"You can contribute by leaving," he told the fighters.',
         "Advertising revenue from the videos funded the recruiters, the report said."],
    ),
    clean.is_site_prompt: (
        ["You must be logged in to react.", "Click any reaction to login.", "Be the first to comment",
         "You have permission to edit this article.", "Join the conversation", "Comments are closed.",
         "View 3 comments", "Please let us know if you're having issues with commenting.",
         "Example News moderates all comments submitted on our site."],
        ["He logged in to the forum every night to post comments.", '"Be the first," he said.',
         "The first to leave were the Europeans, an official said.", "Fighters commented on the video in Arabic."],
    ),
    clean.is_embed: (
        ["Almost all fighters fled the camp. pic.twitter.com/abc123", "- Jane Doe (@janedoe) May 3, 2019",
         "See https://twitter.com/example/status/12345"],
        ["He posted the video on Twitter (@example) in 2019, officials said.", "- and then they left, he said."],
    ),
    clean.is_link_list: (
        ["Rebels Take Town  \u2022 Markets Open Higher  \u2022 Storm Hits Coast",
         "World | Politics | Sport | Culture", "Home \u00b7 News \u00b7 Middle East"],
        ["Fighters left | some stayed.", "He said the word - jihad - twice.",
         "The list read: Raqqa, Idlib, Aleppo and Deir ez-Zor."],
    ),
    clean.is_markup: (
        ['<iframe src="https://example.com/embed/1" width="560"></iframe>', "window.dataLayer = window.dataLayer || [];",
         '{"@context": "https://schema.org", "@type": "NewsArticle"}', "</div>", "<!-- ad slot -->",
         "googletag.cmd.push(function() { googletag.display('ad-1'); });", "var x = 1;",
         "@media (max-width: 600px) { .ad { display: none; } }", "{{featured_button_text}}"],
        ["The function of the border guards changed in 2016; they now shoot.",
         "If (as officials say) the fighters return, they will be tried.", "Var is a town near the border.",
         '"<b>" tags appeared in the leaked files, the researcher said.'],
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


PROSE = [  # invented lines of narration and reported speech: no line rule may remove any of them
    "Dozens of foreign fighters left the town on Monday, residents said.",
    '"We are leaving because there is nothing left for us here," said Jane Doe, a former fighter from Example Country.',
    "He told researchers at an example institute that he had been promised a salary and a house.",
    "By the time the border closed, hundreds had crossed into Turkey.",
    "The video, posted on Telegram in March 2019, shows fighters burning their passports.",
    '"Share what you have," the commander told them, according to a recording seen by the newspaper.',
    "Some of the men were photographed at the crossing by border guards.",
    "Three hours ago, a spokesman said, the last convoy left.",
    "Officials in Example Country say 120 citizens have returned home since 2014.",
    "The group's app, which recruits were told to install, was banned in 2016.",
    '"I saw cruelty," he said. "I could not stay."',
    "More than 1,200 Europeans who joined the group have returned home, an Example count shows.",
    "A A fighter's wife, who asked not to be named, said she wanted to go home.",
    "Watch towers line the border wall, and guards shoot at anyone who approaches.",
    "Continued fighting in the north has made it harder to leave, she said.",
]


@pytest.mark.parametrize("line", PROSE)
def test_no_line_rule_removes_prose(line):
    assert [rule.name for rule in clean.LINE_RULES if rule.matches(normalize_chars(line))] == []


def _removed(text):
    return [(r.line_no, r.rule) for r in clean_article(text).removed]


@pytest.mark.parametrize("text, removed", [
    # a site or section name above the headline
    ("world news\n\nFighters Leave the Border Town in Large Numbers\n\nThe fighters left on Monday, officials said.\n",
     [(1, "section_name")]),
    # a short title followed by a wrapped paragraph is not a section name
    ("Title Here\n\nfirst half of a wrapped\nparagraph that continues.\n\nMore text follows here.\n", []),
    # an app-install box: the prompt and every short line with it
    ("Headline of the Story Here\n\nThe fighters left on Monday, officials said.\n\nGet the news faster.\n"
     "Tap to install our app.\nin two easy steps:\n", [(5, "promo_block"), (6, "app_prompt"), (7, "promo_block")]),
    # a picture label with a glued credit, then its caption
    ("Headline of the Story Here\n\nThe fighters left on Monday, officials said.\n\nMen at the borderGETTY\n\n"
     "Fighters have been leaving the group as it falls\n\nMore of them left on Tuesday, the officials said.\n",
     [(5, "caption"), (7, "caption_text")]),
    # a pull quote that repeats a body sentence
    ("Headline of the Story Here\n\nA standfirst about the fighters\n\n"
     '"We will not go back to that life," one of them said, before he crossed the border at night.\n\n'
     '"We will not go back to that life"\n\nThe border was closed the next day.\n', [(7, "pull_quote")]),
    # a standfirst that repeats a body quote stays (the codebook codes it as a quote)
    ('Headline of the Story Here\n\n"We will not go back to that life."\n\n'
     '"We will not go back to that life," one of them said, before he crossed the border at night.\n', []),
    # the lines after a lone dash separator at the end are related links, up to a sentence
    ("Headline of the Story Here\n\nThe fighters left on Monday, officials said.\n-\nAnother Story About Something\n"
     "A second link without a stop\n", [(4, "widget"), (5, "related_link"), (6, "related_link")]),
    # an image text shown twice: both copies go (the headline shown twice stays once)
    ("Headline of the Story Here\n\nMen stand in lines holding guns.\nMen stand in lines holding guns.\n"
     "The fighters left on Monday, officials said.\n", [(3, "doubled_line"), (4, "duplicate")]),
    ("Headline of the Story Here\n\nHeadline of the Story Here\n\nThe fighters left on Monday, officials said.\n",
     [(3, "repeated_headline")]),
    # a byline broken over lines
    ("Headline of the Story Here\nBy\nJane Doe\nand\nJohn Roe\nThe fighters left on Monday, officials said.\n",
     [(2, "byline"), (3, "source_line"), (4, "byline"), (5, "source_line")]),
])
def test_context_rules(text, removed):
    assert _removed(text) == removed


@pytest.mark.parametrize("text, paragraphs", [
    # one paragraph per line, without blank lines: long lines are paragraphs of their own
    ("Headline Without A Stop\nA standfirst without a stop either\n" + "A long first paragraph of the body " * 5 + "ends.\n"
     '"A quote that follows on the next line," she said.\n', 4),
    # lines that each end a sentence are paragraphs too
    ("Headline\n\nThe first short line.\nThe second short line.\nThe third one.\n", 4),
    # hard-wrapped text stays one paragraph
    ("Headline\n\nfirst half of a wrapped\nparagraph that continues.\n", 2),
])
def test_paragraphs_of_unwrapped_lines(text, paragraphs):
    art = clean_article(text)
    assert len(art.paragraphs) == paragraphs
    assert art.rebuild() == text


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
    assert len(table) == len(clean.LINE_RULES) + len(clean._CONTEXT_RULES)
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


def test_cleaning_agreement_on_the_seeds_is_perfect():
    import pandas as pd

    codes = pd.DataFrame([(doc, line) for doc, rows in EXPECTED_REMOVED.items() for line, _ in rows],
                         columns=["doc_id", "line_no"])
    articles = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEED_FILES}
    table = clean.cleaning_agreement(articles, codes).set_index("doc_id")
    assert table.loc["all", ["furniture", "removed", "tp", "fp", "fn"]].tolist() == [27, 27, 27, 0, 0]
    assert table.loc["all", "precision"] == table.loc["all", "recall"] == 1.0
    assert clean.cleaning_agreement(articles, codes, errors=True).empty


def test_cleaning_agreement_lists_both_errors():
    import pandas as pd

    codes = pd.DataFrame({"doc_id": ["x", "x"], "line_no": [3, 5], "kind": ["widget", "caption"]})
    raw = "Headline of the Story Here\n\nThe fighters left, he said.\n\nA caption without any credit at all\n"
    errors = clean.cleaning_agreement({"x": raw}, codes, errors=True)
    assert errors[["line_no", "error"]].values.tolist() == [[3, "furniture kept"], [5, "furniture kept"]]
    scores = clean.cleaning_agreement({"x": raw}, codes).set_index("doc_id").loc["x"]
    assert scores["recall"] == 0.0 and pd.isna(scores["precision"])
