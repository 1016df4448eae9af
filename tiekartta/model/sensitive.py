"""Refuses personal data and credentials in what is published.

Every string value of every content file is checked, and so are its comments and its name; the
site's build checks the text of every published page, data file and feed with find_in_text. Found:

* a Finnish personal identity code (henkilötunnus), checksum-validated by python-stdnum so that
  ordinary numbers and dates pass, with any separator or none: `131052-308T`, `131052 308T`,
  `131052308T`, and the century signs of 2023 (Y X W V U, B C D E F); also with spaces
  (`131052 - 308 T`, `13 10 52-308T`) and with O or I written for a digit (`131O52-308T`);
* a credential written with its value, in Finnish or English (`Salasana: …`, `salasana on …`,
  `Kirjautumistiedot: tunnus / salasana`, `käyttäjä: …, sala: …`, `user/pass: …`, also as the
  end of a joined name: `wifi-salasana: …`, `ADMIN_PASSWORD=…`), and the token and key formats
  known to detect-secrets, with a few it does not know yet (Google's, OpenAI's and Anthropic's
  keys, npm and Hugging Face tokens, webhook and shared access signature addresses);
* an e-mail address, also obfuscated (`nimi(at)kunta.fi`, `nimi at kunta.fi`, `nimi -at- kunta.fi`,
  `nimi [at] kunta [dot] fi`, `nimi@kunta .fi`), or a phone number (python-phonenumbers decides what
  is one), also written with dots (`040.123.4567`, `(09) 310.1234`) but not a date, a time, a
  Y-tunnus, an ISBN or an ISSN, and a home address: a street address with a flat
  (`Rantakatu 5 B 12`, `Koivutie 3 as. 4`, `Kotikatu 5 A as. 12`, `Kotikatu 5 asunto 12`).
  Private persons' contact details are not published; an organisation's official address or number is allowed
  only by a reviewed entry (below);
* the test login printed on the sources' SOSBOX slide, which the check recognises without holding
  it: it keeps keyed hashes of its normalised parts (KNOWN_CREDENTIALS) and compares every word.

Text is read as it is published (tiekartta.model.textfold): after NFKC, with invisible characters
removed and look-alike letters folded, and once more without Markdown and inline HTML markup, so
`131052-*308*T`, a soft hyphen inside a number or a Cyrillic letter in "salasana" hide nothing.
A finding is reported as the text was written. Each finding names file, line and field.

Some sixty regexes look for these. So that they need not each run over every text, an RE2
prefilter (tiekartta.model.prefilter) first tells in one linear pass which of them could match at
all; only those run, and the findings are exactly those of running them all. A file whose texts,
joined, give no candidate, no phone number candidate and none of the login's words is done after
that one pass.

A reviewed false positive is marked in roadmap/tarkistetut-poikkeukset.yaml: one entry per
finding with the file, the field, the exact text and the reason (tiekartta.model.reviewed says
who may add one and when).
"""

from __future__ import annotations

import bisect
import hmac
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from bisect import bisect_right
from functools import cache, lru_cache
from pathlib import Path
from typing import Callable

import phonenumbers
from detect_secrets.filters.heuristic import is_templated_secret
from detect_secrets.plugins import (
    artifactory,
    aws,
    azure_storage_key,
    basic_auth,
    cloudant,
    discord,
    github_token,
    gitlab_token,
    ibm_cloud_iam,
    ibm_cos_hmac,
    jwt,
    mailchimp,
    npm,
    openai,
    private_key,
    pypi_token,
    sendgrid,
    slack,
    softlayer,
    square_oauth,
    stripe,
    telegram_token,
    twilio,
)
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.keyword import DENYLIST as ENGLISH_SECRET_KEYWORDS
from stdnum import isbn, issn
from stdnum.fi import hetu, ytunnus

from .prefilter import Prefilter
from .problems import Problem, format_field
from .reviewed import ALLOWLIST_FILE, read_reviewed
from .textfold import View, folded, plain, unmarked
from .yaml_source import SourceFile

__all__ = ["ALLOWLIST_FILE", "find_in_text", "scan_source", "scan_lines", "check_sources"]


class _GitHubFineGrainedTokenDetector(RegexBasedDetector):
    """Fine-grained GitHub tokens, which detect-secrets 1.5 does not know yet."""

    secret_type = "GitHub Token"
    denylist = [re.compile(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}")]


class _GoogleApiKeyDetector(RegexBasedDetector):
    secret_type = "Google API Key"
    denylist = [re.compile(r"AIza[0-9A-Za-z_-]{35}")]


class _AiApiKeyDetector(RegexBasedDetector):
    """OpenAI's project and service keys and Anthropic's keys (detect-secrets 1.5 knows OpenAI's old form)."""

    secret_type = "AI API Key"
    denylist = [re.compile(r"sk-(?:proj|svcacct|admin|ant-api\d\d|ant-admin\d\d)-[A-Za-z0-9_-]{20,}")]


class _PackageTokenDetector(RegexBasedDetector):
    """npm's and Hugging Face's access tokens (detect-secrets 1.5 finds npm's only in .npmrc)."""

    secret_type = "Access Token"
    denylist = [re.compile(r"npm_[A-Za-z0-9]{36}"), re.compile(r"hf_[A-Za-z0-9]{34}")]


class _SecretAddressDetector(RegexBasedDetector):
    """Addresses that are themselves the key: Discord's and Teams' webhooks, which anyone holding
    them can post through, and the signature of an Azure shared access (SAS) address."""

    secret_type = "Secret URL"
    denylist = [
        re.compile(r"discord(?:app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{20,}"),
        re.compile(r"webhook\.office\.com/webhookb2/\S+/IncomingWebhook/[0-9a-f]{32}"),
        re.compile(r"[?&]sig=[A-Za-z0-9%+/=]{20,}"),
    ]


# The token and key formats of detect-secrets (its regex detectors). Left out: the entropy
# detectors, which flag ordinary Finnish words, and public IP addresses, which are no secret.
_TOKEN_DETECTORS: tuple[RegexBasedDetector, ...] = (
    artifactory.ArtifactoryDetector(),
    aws.AWSKeyDetector(),
    azure_storage_key.AzureStorageKeyDetector(),
    basic_auth.BasicAuthDetector(),
    cloudant.CloudantDetector(),
    discord.DiscordBotTokenDetector(),
    github_token.GitHubTokenDetector(),
    _GitHubFineGrainedTokenDetector(),
    _GoogleApiKeyDetector(),
    _AiApiKeyDetector(),
    _PackageTokenDetector(),
    _SecretAddressDetector(),
    gitlab_token.GitLabTokenDetector(),
    ibm_cloud_iam.IbmCloudIamDetector(),
    ibm_cos_hmac.IbmCosHmacDetector(),
    jwt.JwtTokenDetector(),
    mailchimp.MailchimpDetector(),
    npm.NpmDetector(),
    openai.OpenAIDetector(),
    private_key.PrivateKeyDetector(),
    pypi_token.PypiTokenDetector(),
    sendgrid.SendGridDetector(),
    slack.SlackDetector(),
    softlayer.SoftlayerDetector(),
    square_oauth.SquareOAuthDetector(),
    stripe.StripeDetector(),
    telegram_token.TelegramBotTokenDetector(),
    twilio.TwilioKeyDetector(),
)

# Keywords that announce a credential. detect-secrets knows the English ones but not Finnish,
# and outside source code it only looks at quoted values, so the keyword part is matched here.
# Word stems take Finnish endings (salasanan, tunnukset).
_CREDENTIAL_KEYWORDS = (
    r"salasan\w*",
    r"käyttäjä(?:tunnu|nim)\w*",
    r"kirjautumis(?:tunnu|nim)\w*",
    r"tunnuslu\w*",
    r"pin[- ]?koodi\w*",
    r"pääsykoodi\w*",
    r"api[- ]?avai\w*",
    r"user[ _-]?name\w*",
    r"log[ _-]?in",
    r"token\w*",
    r"api[ _-]key\w*",
    r"access[ _-]?key\w*",
    *(rf"{keyword}\w*" for keyword in ENGLISH_SECRET_KEYWORDS),
)
# Words for login details as a whole: also a label before prose ("**Tunnistetiedot**: sivustolle
# ei tule …"), so only a value that looks like a credential counts, or a pair: `… : x / y`.
_BUNDLE_KEYWORDS = (r"kirjautumistie\w*", r"tunnistetie\w*", r"credentials?", r"login[ _-]details")
# Short words that announce a credential only when a value follows a colon or "=": `sala: x`.
_ASSIGNED_ONLY_KEYWORDS = (r"sala", r"pass", r"pw")
# "tunnus" is a username but also an emblem or a slogan: it counts only before a value that
# looks like a credential.
_AMBIGUOUS_KEYWORDS = (r"tunnu(?:s|ks)\w*",)
# A user and a password named with short words: `käyttäjä: x, sala: y`, `user/pass: x / y`.
_USER_WORDS = r"käyttäjä(?:tunnus|nimi)?|user(?:[ _-]?name)?|tunnus|login|kirjautuja"
_PASSWORD_WORDS = r"(?:salasana|sala|pass(?:word|wd)?|pw|pwd)(?!\w)"

_QUOTES = "\"'“”‘’«»`"
_VALUE = rf"(?P<quote>[{_QUOTES}]|\*{{1,2}}|_{{1,2}})?(?P<value>[^\s{_QUOTES},;*]{{2,}})"
_VALUE2 = rf"[{_QUOTES}*_]{{0,2}}(?P<value2>[^\s{_QUOTES},;*]{{2,}})"
_KEYWORD = r"(?<![\w-])(?P<keyword>{})"
# `salasana: x` or `password = x`: the value is a credential whatever it looks like. Also as the
# last part of a name joined with a hyphen or an underscore (`wifi-salasana: x`, `ADMIN_PASSWORD=x`,
# `client_secret: x`, `access_token=x`), but not inside a word (`blogin: x` is no login).
_ASSIGNED = re.compile(
    r"(?<![^\W_])(?P<keyword>{})".format("|".join(_CREDENTIAL_KEYWORDS + _ASSIGNED_ONLY_KEYWORDS))
    + r"\s*[:=]\s*" + _VALUE,
    re.IGNORECASE,
)
# `salasana on x1x`, `tunnus koe.nimi`: only a value that looks like one counts.
_STATED = r"(?:\s*[:=]|\s+(?:on|oli|ovat|olivat|is|was|are|were))?\s+" + _VALUE
_STATED_CREDENTIAL = re.compile(
    _KEYWORD.format("|".join(_CREDENTIAL_KEYWORDS + _BUNDLE_KEYWORDS)) + _STATED, re.IGNORECASE
)
_LOGIN_PAIR = re.compile(
    _KEYWORD.format("|".join(_BUNDLE_KEYWORDS)) + rf"\s*[:=]\s*{_VALUE}\s*/\s*{_VALUE2}", re.IGNORECASE
)
_STATED_AMBIGUOUS = re.compile(_KEYWORD.format("|".join(_AMBIGUOUS_KEYWORDS)) + _STATED, re.IGNORECASE)
_USER_AND_PASSWORD = re.compile(
    rf"(?<![\w-])(?P<keyword>{_USER_WORDS})\s*[:=]\s*{_VALUE}[\s,;/]+(?:{_PASSWORD_WORDS})\s*[:=]\s*{_VALUE2}",
    re.IGNORECASE,
)
_USER_SLASH_PASSWORD = re.compile(
    rf"(?<![\w-])(?P<keyword>{_USER_WORDS})\s*/\s*(?:{_PASSWORD_WORDS})\s*[:=]?\s*{_VALUE}(?:\s*/\s*{_VALUE2})?",
    re.IGNORECASE,
)
# A digit, or a dot, @ or the like inside a word ("koe.nimi"). Not a hyphen: Finnish compounds
# such as "Pohjois-Karjala" are full of them.
_CREDENTIAL_LIKE = re.compile(r"\d|\w[._@#$%&!?*+/\\]\w")
# After an ambiguous word a number alone ("tunnus 2003–2005") is no credential: letters and
# digits mixed, or a dot or the like inside a word.
_CREDENTIAL_LIKE_STRICT = re.compile(r"(?=.*\d)(?=.*[^\W\d_])|\w[._@#$%&!?*+/\\]\w")

# Candidates for a henkilötunnus: six digits (the date, in pairs also with spaces or dots between
# them: 13 10 52, 13.10.52), a century sign (the old + - A and the signs added in 2023, a hyphen
# or a plus also between spaces) or a space, a dot, a slash or nothing, three digits, and the control character,
# also after a space. A digit may be written as a letter that looks like one (O or o for 0, I or l
# for 1: 131O52-308T); _valid_hetu reads them as digits. Dashes are hyphens in the folded text.
_HETU_DIGIT = r"[0-9OoIl]"
_HETU_CANDIDATE = re.compile(
    rf"(?<![0-9A-Za-z])(?P<birth>{_HETU_DIGIT}{{2}}(?: ?{_HETU_DIGIT}{{2}} ?|\.{_HETU_DIGIT}{{2}}\.){_HETU_DIGIT}{{2}})"
    r"(?P<sign>[ ]?[-+][ ]?|[A-FU-Ya-fu-y]|[ ./:,]{0,2})"
    rf"(?P<individual>{_HETU_DIGIT}{{3}})(?P<gap>[ ]?)(?P<control>[0-9A-Ya-y])(?![0-9A-Za-z])"
)
# An e-mail address, also written with (at) or [at] as Finnish public sites do.
# (Open repetitions: RE2 unrolls counted ones, and the prefilter's automaton would grow with them.)
_EMAIL = re.compile(
    r"(?<![\w.%+-])[^\W_][\w.%+-]*(?:@|\s?[(\[{](?:at|ät|a)[)\]}]\s?)"
    r"(?:[^\W_][\w-]*\.)+[^\W\d_][^\W\d_]+(?![\w-])",
    re.IGNORECASE,
)
# An e-mail address spelt out in words: "at" or "ät" between spaces, bare or between hyphens
# (nimi at kunta.fi, nimi -at- kunta.fi), or the domain's dots as "dot" or "piste", bare, between
# hyphens or in brackets (nimi [at] kunta [dot] fi), or a dot with a space beside it (nimi@kunta .fi,
# nimi@kunta. fi), or an @ between spaces (nimi @ kunta.fi). An @ with a space before it has one
# after it too: "meitä @thl .fi" is a handle. "at" is also an
# English word, so the right side must be a domain with a known top-level domain and nothing after
# it: not a web address (www., a path) and not "more at thl.fi" or the like.
_WORD_AT = r"\s+(?:at|ät|-(?:at|ät)-)\s+"
_SPELT_AT = rf"(?:{_WORD_AT}|\s*[(\[{{<]\s*(?:at|ät|a)\s*[)\]}}>]\s*|@\s*|\s+@\s+)"
_SPELT_DOT = r"(?:\s*[(\[{<]\s*(?:dot|piste)\s*[)\]}>]\s*|\s+(?:dot|piste|-(?:dot|piste)-)\s+|\s*\.\s*)"
_MAIL_TLDS = r"(?:fi|ax|se|no|dk|is|ee|eu|de|uk|com|org|net|info|edu|gov|int|io)"
_NOT_A_MAILBOX = (
    r"more|available|online|found|published|posted|hosted|located|held|here|there|us|me|them|it|this|that|"
    r"look|looking|see|read|visit|is|are|was|were|be|been|and|or|the|a|an|of|to|in|on|from"
)
_EMAIL_SPELT_OUT = re.compile(
    rf"(?<![\w.%+-])(?!(?:{_NOT_A_MAILBOX})\s)[^\W_][\w.%+-]*"
    rf"(?:{_SPELT_AT}(?!www\s*\.)(?:[^\W_][\w-]*(?:\.|{_SPELT_DOT}))*[^\W_][\w-]*{_SPELT_DOT}(?:[^\W_][\w-]*\.)*"
    rf"|(?:{_WORD_AT}|\s+@\s+)(?!www\s*\.)(?:[^\W_][\w-]*\.)+)"
    rf"{_MAIL_TLDS}(?![\w-]|\.[^\W_]|\s*/)",
    re.IGNORECASE,
)
# The address of a OneDrive (a person's own SharePoint site) holds its owner's e-mail address with
# "_" for "@" and the dots: tenant-my.sharepoint.com/personal/matti_meikalainen_kunta_fi/…, also in
# the links it shares (/:w:/g/personal/…).
_ONEDRIVE_MAILBOX = re.compile(
    r"-my\.sharepoint\.com/(?:[^\s/?#]+/)*personal/[^\W_][\w.-]*_[\w.-]*[^\W_]_[^\W\d_]+",
    re.IGNORECASE,
)
# Something that may be a phone number, for python-phonenumbers to decide: a number with the
# country code (+358, 00358) or the leading zero of a Finnish one, written with spaces, hyphens or
# brackets or slashes (040/123 4567), or with dots: with the country code (+358.40.123.4567) or
# the leading zero and dots alone (040.123.4567, 09.310.1234, (09) 310.1234). Dates and times are
# written with dots too: a number with dots and no country code is taken only whole, and only
# when it is no date (_DOTTED_PHONE).
# The regex starts with a set of characters, which Python's engine scans for quickly; where the
# number may start and end is checked after (_phone_candidates). Right after that first character
# the regex itself also refuses a start inside a word or a number (_NOT_BEFORE_PHONE) and a bracket
# without a zero (_PHONE_START), each in constant time: otherwise each such start in a long run
# ("x000…") would be matched to the run's end before being refused, once for every start.
_GOOD_START = r"(?<![\w+].)(?<!\d[.,].)"
_PHONE_CANDIDATE = re.compile(
    rf"[+(0]{_GOOD_START}(?:(?<=[+0])|(?=0))(?:(?:\d*\) ?)?\d+(?:\.\d+)+|[\d ()/-]{{5,}}\d)"
    rf"|\+{_GOOD_START}\d[\d.]{{6,}}\d"
)
# A number with dots and no country code that may be a phone number: the leading zero and the
# area code, in brackets or not, and then a group of at least three digits, so that no date
# (05.12.2024, 05.12.24), time (09.00), section (02.03.04) or version (01.02.003) is one.
_DOTTED_PHONE = re.compile(r"(?:\(0\d{1,3}\) ?|0\d{1,3}\.)\d{3,}(?:\.\d+)*")
# A street address with a staircase and flat or a flat number: where a person lives (an office's
# address has none; "3 A 4. krs" is its floor). Finnish and Swedish street names end in a word
# for a street, in lower case or, in a name written in capitals, in upper case (RANTAKATU 9 C 33).
# The house number may be a range (5-7); the flat follows a staircase letter (5 B 12; any capital,
# but in lower case only a to k: "Hämeentie 3 x 4" is no flat) or a word for a flat, after a
# staircase or a comma or not (3 as. 4, 5 A as. 12, 5 A, as. 12, 5, as. 12, 5 asunto 12,
# 5 huoneisto 12).
_STREET_WORDS = (
    "katu", "tie", "kuja", "polku", "väylä", "raitti", "kaari", "rinne", "ranta", "tori", "aukio", "mäki",
    "penger", "bulevardi", "vägen", "gatan", "gränd", "stigen",
)
_FLAT_WORDS = ("as.", "as", "asunto", "huoneisto")
_FLOOR_WORDS = ("krs", "kerros")


def _either_case(words: Iterable[str]) -> str:
    return "|".join(re.escape(form) for word in words for form in (word, word.upper()))


_HOME_ADDRESS = re.compile(
    rf"(?<![\w-])[A-ZÅÄÖ][\wåäö-]*?(?:{_either_case(_STREET_WORDS)})\s+\d{{1,4}}(?:\s?-\s?\d{{1,4}})?\s?"
    rf"(?:[A-Za-k]\s?\d{{1,3}}|(?:[A-Za-k],?\s+|,\s*)?(?:{_either_case(_FLAT_WORDS)})\s?\d{{1,3}})"
    rf"(?!\w)(?!\.?\s*(?:{_either_case(_FLOOR_WORDS)}))"
)
_PHONE_START = re.compile(r"\+|00|\(?0")
_TIME_BEFORE = re.compile(r"[0-9]:$")
# Not inside a word or a number: a dot or a comma only after a digit (1.040, 2,05), since an
# abbreviation may stand right before the number ("p.040 123 4567", "puh.040 …").
_NOT_BEFORE_PHONE = re.compile(r"[\w+]|(?<=\d)[.,]")
_NOT_AFTER_PHONE = re.compile(r"[\w.,]\d")
_BEFORE_LAST_PART = re.compile(r"(.*\d)[ ()/-]+\d+")
_TOKEN_REGEXES = tuple(
    (f"tunnistetieto ({detector.secret_type})", regex) for detector in _TOKEN_DETECTORS for regex in detector.denylist
)
_PHRASES = (_USER_AND_PASSWORD, _USER_SLASH_PASSWORD, _LOGIN_PAIR, _ASSIGNED, _STATED_CREDENTIAL, _STATED_AMBIGUOUS)
# The regexes that the prefilter (tiekartta.model.prefilter) names by index. Not among them: the
# phone number candidate, which Python finds faster alone (its lookarounds, which RE2 has not,
# are what keeps years and dates out).
REGEXES = (_HETU_CANDIDATE, *_PHRASES, _EMAIL, _EMAIL_SPELT_OUT, _ONEDRIVE_MAILBOX, _HOME_ADDRESS,
           *(regex for _, regex in _TOKEN_REGEXES))
# What is looked for also in the view without markup: the tokens' own formats need their marks.
_UNMARKED_REGEXES = frozenset((_HETU_CANDIDATE, *_PHRASES, _EMAIL, _EMAIL_SPELT_OUT, _HOME_ADDRESS, _PHONE_CANDIDATE))
_COMMENT = re.compile(r"(?:^|\s)#(.*)$")
# From the first "#" of a line to the line's end: holds whatever _COMMENT finds on that line, also
# when str.splitlines() splits the line further.
_COMMENT_SPANS = re.compile(r"#[^\n]*")
_HETU = "henkilötunnus"
_CREDENTIAL = "tunnistetieto (salasana, käyttäjätunnus tai avain arvoineen)"
_EMAIL_ADDRESS = "sähköpostiosoite"
EMAIL_ADDRESS = _EMAIL_ADDRESS  # the kind of an e-mail address found, for the publishing gate
_PHONE_NUMBER = "puhelinnumero"
_HOME = "kotiosoite"
SOURCE_LOGIN = "lähteen SOSBOX-dian testitunnus"
CONTACT_KINDS = frozenset((_EMAIL_ADDRESS, _PHONE_NUMBER, _HOME))


# --- The sources' test login, recognised by keyed hashes ------------------------------------------

# Not a secret: the key only makes the stored digests this project's own, so that the login
# appears nowhere in the repository in plain text, not even as a plain hash to look up.
CREDENTIAL_KEY = b"sosiaalityon-tiekartta/lahteen-tunnistetiedot/1"
_WORD = re.compile(r"[^\W\d_]+")


def credential_digest(word: str) -> str:
    """The keyed hash (HMAC-SHA256) of a word's letters, folded and in lower case."""
    letters = "".join(_WORD.findall(plain(word).casefold()))
    return hmac.digest(CREDENTIAL_KEY, letters.encode("utf-8"), "sha256").hex()


@dataclass(frozen=True)
class KnownCredential:
    """A credential from the sources: the digests of its words in order, and of them joined."""

    what: str
    parts: tuple[str, ...]
    whole: str
    anywhere: bool  # False: only as the value of a credential ("Salasana: …"), as the word is also a name


KNOWN_CREDENTIALS: tuple[KnownCredential, ...] = (
    KnownCredential(  # the username on the SOSBOX slide
        "käyttäjätunnus",
        ("2f6a7bb0c967f3230d5a7f1775f21603861aeb57c71602205f10bdb3a1daa7be",
         "a1a3aab3bb3409d07c4e3f0fbbc6640a406302caca872628083bca5c17989a7a"),
        "0ca4f5880a3054588360cc63ea5b6032c1dde8a9e42f8b672a1da63d90bfff8d",
        anywhere=True,
    ),
    KnownCredential(  # the password on the SOSBOX slide: also the extranet's name, so only as a value
        "salasana",
        ("829ad3c5b16cefa03bfe34c24f16fb8580875babd99831d39a41d9af01ae543d",),
        "829ad3c5b16cefa03bfe34c24f16fb8580875babd99831d39a41d9af01ae543d",
        anywhere=False,
    ),
)
# Digest of every word seen so far: the same words recur in every file.
_DIGESTS: dict[str, str] = {}
# Pieces of text between spaces (as written) already looked at, and those of them that hold a
# known credential's word.
_SEEN: set[str] = set()
_KNOWN_PIECES: set[str] = set()


def _digest_of(word: str) -> str:
    digest = _DIGESTS.get(word)
    if digest is None:
        digest = _DIGESTS[word] = credential_digest(word)
    return digest


def _known_value(value: str) -> bool:
    """A credential's value that is the sources' login (or it with digits or marks added)."""
    digest = credential_digest(value)
    return any(digest == known.whole for known in KNOWN_CREDENTIALS)


def _known_anywhere(text: str) -> list[tuple[int, int]]:
    """Spans of text holding a login from the sources wherever it stands (its words in order,
    with up to three other characters between them, or joined)."""
    known = [c for c in KNOWN_CREDENTIALS if c.anywhere]
    digests = {c.whole for c in known} | {part for c in known for part in c.parts}
    pieces = set(text.split())
    for piece in pieces - _SEEN:  # set operations in C: nearly every piece has been seen before
        _SEEN.add(piece)
        if any(_digest_of(word.casefold()) in digests for word in _WORD.findall(piece)):
            _KNOWN_PIECES.add(piece)
    if pieces.isdisjoint(_KNOWN_PIECES):
        return []
    matches = list(_WORD.finditer(text))
    spans = []
    for index, match in enumerate(matches):
        digest = _digest_of(match.group().casefold())
        for credential in known:
            if digest == credential.whole:
                spans.append(match.span())
            elif digest == credential.parts[0] and len(credential.parts) > 1:
                following = matches[index: index + len(credential.parts)]
                if (
                    len(following) == len(credential.parts)
                    and all(_digest_of(m.group().casefold()) == part for m, part in zip(following, credential.parts))
                    and all(0 < b.start() - a.end() <= 3 for a, b in zip(following, following[1:]))
                ):
                    spans.append((match.start(), following[-1].end()))
    return spans


# --- Finding ---------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of text that must not be published."""

    file: str
    line: int
    field: str  # "" when the text is not in a value: a comment or the file name
    text: str  # exactly as found: what an allowlist entry names
    what: str  # Finnish, e.g. "henkilötunnus"


@cache
def guard_prefilter() -> Prefilter:
    """Built on first use (some 50 ms): one RE2 pass tells which of REGEXES can match a text."""
    return Prefilter(REGEXES)


def find_in_text(text: str, *, prefiltered: bool = True) -> list[tuple[str, str]]:
    """(found text, Finnish description) for everything in text that must not be published.

    The found text is as it stands in text (markup, invisible characters and all). prefiltered:
    run only the regexes the RE2 prefilter says can match (the same findings, faster); False runs
    every regex of REGEXES."""
    if not prefiltered:
        return _find(text, lambda view: range(len(REGEXES)))
    return _find(text, lambda view: guard_prefilter().candidates(view))


def _find(text: str, candidates_of: Callable[[str], Collection[int]]) -> list[tuple[str, str]]:
    found: list[tuple[int, int, str]] = []
    views: list[tuple[View, Iterable[re.Pattern]]] = []
    view = folded(text)
    views.append((view, _run(view.text, candidates_of(view.text))))
    bare = unmarked(text, view)
    if bare is not None and bare.text != view.text:
        views.append((bare, _run(bare.text, candidates_of(bare.text)) & _UNMARKED_REGEXES))
    for view, run in views:
        found += [(*view.span(start, end), SOURCE_LOGIN) for start, end in _known_anywhere(view.text)]
        found += [(*view.span(start, end), what) for start, end, what in _matches(view.text, run)]
    # Where findings overlap, one is reported: the sources' login, a henkilötunnus, a credential,
    # contact details, in this order, and the longest first among equals (a credential in a web
    # address is no e-mail address).
    # The spans taken are kept in order, apart from each other: so their ends are in order too, and
    # a span overlaps one of them exactly when it overlaps the last that starts before it ends.
    # (Compared with every span taken, a text of many findings, "salasana: " a hundred thousand
    # times, would take hours.)
    spans: list[tuple[int, int, str]] = []
    starts: list[int] = []
    rank = {SOURCE_LOGIN: 0, _HETU: 1, _EMAIL_ADDRESS: 3, _PHONE_NUMBER: 3, _HOME: 3}
    for start, end, what in sorted(found, key=lambda f: (rank.get(f[2], 2), f[0] - f[1], f[0], f[2])):
        before = bisect.bisect_left(starts, end)
        if start < end and not (before and spans[before - 1][1] > start):
            starts.insert(before, start)
            spans.insert(before, (start, end, what))
    return [(text[start:end], what) for start, end, what in spans]


def _run(text: str, candidates: Collection[int]) -> set[re.Pattern]:
    run = {REGEXES[index] for index in candidates}
    if next(_phone_candidates(text), None):
        run.add(_PHONE_CANDIDATE)
    return run


def _matches(text: str, run: Collection[re.Pattern]) -> list[tuple[int, int, str]]:
    """(start, end, description) of every finding in one view of a text."""
    found: list[tuple[int, int, str]] = []
    if _HETU_CANDIDATE in run:
        for match in _HETU_CANDIDATE.finditer(text):
            if _valid_hetu(match):
                found.append((*match.span(), _HETU))
    for regex in _PHRASES:
        if regex in run:
            for match in regex.finditer(text):
                what = _credential(text, match, regex)
                if what:
                    found.append((*match.span(), what))
    for what, regex in _TOKEN_REGEXES:
        if regex in run:
            found.extend((*match.span(), what) for match in regex.finditer(text))
    for regex in (_EMAIL, _EMAIL_SPELT_OUT, _ONEDRIVE_MAILBOX):
        if regex in run:
            found.extend((*match.span(), _EMAIL_ADDRESS) for match in regex.finditer(text))
    if _HOME_ADDRESS in run:
        found.extend((*match.span(), _HOME) for match in _HOME_ADDRESS.finditer(text))
    if _PHONE_CANDIDATE in run:
        found.extend((start, end, _PHONE_NUMBER) for start, end in _phone_numbers(text))
    return found


# Letters read as the digits they look like in a henkilötunnus, and the spaces of its date left out.
_HETU_LETTER_DIGITS = str.maketrans("OoIl", "0011", " .")
_ASCII_DIGIT = re.compile(r"[0-9]")
# A code written with spaces inside it is not one when it is part of a longer run of numbers
# between spaces (a table row, a number in groups).
_NUMBER_BEFORE = re.compile(r"[0-9][ ]$")
_NUMBER_AFTER = re.compile(r"[ ][0-9]")


def _valid_hetu(match: re.Match) -> bool:
    sign = match.group("sign").strip()
    birth, individual = match.group("birth"), match.group("individual")
    if not (_ASCII_DIGIT.search(birth) and _ASCII_DIGIT.search(individual)):
        return False  # letters alone are words, not a code
    if " " in birth or match.group("gap"):
        text = match.string
        if _NUMBER_BEFORE.search(text, max(match.start() - 2, 0), match.start()) or _NUMBER_AFTER.match(text, match.end()):
            return False
    birth, individual = birth.translate(_HETU_LETTER_DIGITS), individual.translate(_HETU_LETTER_DIGITS)
    control = match.group("control").upper()
    # Without a century sign any century will do: the control character does not depend on it.
    for century in (sign.upper(),) if sign and sign not in "./:," else ("-", "A", "+"):
        if hetu.is_valid(f"{birth}{century}{individual}{control}", allow_temporary=True):
            return True
    return False


def _credential(text: str, match: re.Match, regex: re.Pattern) -> str:
    """The description of a credential phrase, or "" when the value is no credential."""
    values = [match.group("value")] + ([match.group("value2")] if "value2" in regex.groupindex and match.group("value2") else [])
    if any(_known_value(value) for value in values):
        return SOURCE_LOGIN
    if _placeholder(text, match) or not any(char.isalnum() for char in match.group("value")):
        return ""  # `salasana: <oma salasana>`, `salasana: …`: an example, not a credential
    if regex is _STATED_CREDENTIAL or regex is _STATED_AMBIGUOUS:
        looks_like = _CREDENTIAL_LIKE if regex is _STATED_CREDENTIAL else _CREDENTIAL_LIKE_STRICT
        quoted = bool(match.group("quote"))  # `salasana on "kissa"`, `salasana on **kissa**`
        if not (quoted and regex is _STATED_CREDENTIAL) and not looks_like.search(match.group("value").rstrip(".!?:")):
            return ""
    return _CREDENTIAL


_PHONE_PART = re.compile(r"[ ./-]+")
# A number written with a slash: an area code (0 and one to three digits), the slash, and at least
# five digits of the number itself, not beginning with a year (05/2004–12/2005).
_AREA_CODE_SLASH = re.compile(r"\(?0\d{1,3}\)?\s?/\s?(?!(?:19|20)\d\d(?!\d))\d(?:[ -]?\d){4,}")


def _phone_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of the phone numbers in text (Finnish ones also without the country code), as
    python-phonenumbers validates them. A candidate may run on into a year or another number
    ("040 123 4567 2003"): the longest valid number from each of its parts is taken. A number
    with dots and no country code counts only whole; no part of a Y-tunnus, an ISBN or an ISSN
    is a phone number."""
    spans = []
    identifiers = _identifiers(text)

    def phone(start: int, end: int) -> bool:
        # Not a Y-tunnus, an ISBN or an ISSN, nor any part of one.
        if any(start < code_end and code_start < end for code_start, code_end in identifiers):
            return False
        return _valid_phone(text[start:end])

    for offset, number in _phone_candidates(text):
        if "." in number and number[0] != "+":
            # After a digit and a colon the number is the seconds of a time and their fraction
            # (18:08:09.123456), not a phone number.
            if _TIME_BEFORE.search(text, max(offset - 2, 0), offset):
                continue
            if _DOTTED_PHONE.fullmatch(number) and phone(offset, offset + len(number)):
                spans.append((offset, offset + len(number)))
            continue
        starts = [0] + [m.end() for m in _PHONE_PART.finditer(number)]
        ends = [m.start() for m in _PHONE_PART.finditer(number)] + [len(number)]
        # Digits before each position: from a start, only the ends within _MAX_PHONE_DIGITS digits
        # are tried (a longer run is no number), so a long run of numbers takes linear time.
        digits = [0]
        for character in number:
            digits.append(digits[-1] + character.isdecimal())
        end_digits = [digits[end] for end in ends]
        position = 0
        for start in starts:
            if start < position or number[start] not in "+0(":
                continue
            last = bisect_right(end_digits, digits[start] + _MAX_PHONE_DIGITS)
            first = bisect_right(ends, start)
            end = next((ends[i] for i in range(last - 1, first - 1, -1) if phone(offset + start, offset + ends[i])), None)
            if end is not None:
                spans.append((offset + start, offset + end))
                position = end
    return spans


# Identifiers written like a phone number that python-phonenumbers may take for one: a Y-tunnus
# (0201256-6), an ISBN-10 (0-306-40615-2) and, after its name, an ISSN (ISSN 0355-5194). Each
# counts only with a valid check digit.
_IDENTIFIER = re.compile(
    r"(?<![\w-])(?:(?P<ytunnus>\d{7}-\d)|(?P<isbn>\d{1,5}-\d{1,7}-\d{1,7}-[\dX])"
    r"|ISSN(?:-L)?:? ?(?P<issn>\d{4}-\d{3}[\dX]))(?![\w-])",
    re.IGNORECASE,
)
_IDENTIFIER_VALID = {"ytunnus": ytunnus.is_valid, "isbn": isbn.is_valid, "issn": issn.is_valid}


def _identifiers(text: str) -> list[tuple[int, int]]:
    """Spans of the Y-tunnus, ISBN and ISSN codes in text."""
    spans = []
    for match in _IDENTIFIER.finditer(text):
        kind = match.lastgroup
        if kind and _IDENTIFIER_VALID[kind](match.group(kind)):
            spans.append(match.span(kind))
    return spans


def _phone_candidates(text: str):
    """(offset, text) of each run of digits, spaces, hyphens, brackets (or dots) that starts as a
    phone number does (+, 00, 0 or "(0", not inside a word or a number) and is not followed by a
    dot and more digits (a date); a run whose last part is followed so ends before that part."""
    position = 0
    while True:
        match = _PHONE_CANDIDATE.search(text, position)
        if match is None:
            return
        start = match.start()
        if (start and _NOT_BEFORE_PHONE.match(text, start - 1)) or not _PHONE_START.match(text, start):
            position = start + 1
            continue
        end, number = match.end(), match.group()
        if _NOT_AFTER_PHONE.match(text, end):
            # Its last part runs on into a date or a decimal number ("040 555 1234 1.1.2020"): the
            # number, if any, is what comes before that part.
            before = _BEFORE_LAST_PART.fullmatch(number)
            if before is None or not _PHONE_CANDIDATE.fullmatch(before.group(1)):
                position = start + 1
                continue
            number = before.group(1)
            end = start + len(number)
        yield start, number
        position = end


# The most digits a phone number has as python-phonenumbers reads it: 17 of the number itself, a
# country code of three and the international prefix 00. A longer run is never a valid number.
_MAX_PHONE_DIGITS = 22


@lru_cache(maxsize=4096)  # a run that repeats itself ("0 0 0 …") is parsed once per distinct part
def _valid_phone(text: str) -> bool:
    if "/" in text and not _AREA_CODE_SLASH.fullmatch(text):
        return False  # a month and a year (05/2004), a diary number (0401/123/2004), not a phone number
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "FI"))
    except phonenumbers.NumberParseException:
        return False


_MAX_PLACEHOLDER = 200  # an example's length, `<oma salasana>`, at most


def _placeholder(text: str, match: re.Match) -> bool:
    """`salasana: <oma salasana>` or `{salasana}`: an example, not a credential. Looked for near
    the value only: a copy of the rest of the text for each of many credentials (a page of
    "salasana: {x") would take hours."""
    start = match.start("value")
    closing = {"<": ">", "{": "}", "$": "}"}.get(text[start:start + 1])
    end = text.find(closing, start, start + _MAX_PLACEHOLDER) if closing else -1
    return end >= 0 and is_templated_secret(text[start:end + 1])


def scan_source(source: SourceFile) -> list[Finding]:
    """Findings in one parsed file: every string value with its field, then every raw line."""
    stem = Path(source.path).stem
    # One pass over the whole file first: a regex that could match in one of its texts could match
    # in them joined, and so could a login from the sources, so when nothing could, there is no
    # finding in the file. Nearly every file stops here. Every comment below lies within one of
    # the _COMMENT_SPANS.
    texts = [stem, *(value for _, value in _strings(source.data, ())), *_COMMENT_SPANS.findall(source.text)]
    if not _may_find("\n".join(texts)):
        return []
    lines = source.text.splitlines()
    findings: dict[tuple[int, str], Finding] = {}

    def line_of(fragment: str, start: int) -> int:
        # A value may span lines (block scalars): the line where the fragment itself stands.
        for number in range(max(start, 1), len(lines) + 1):
            if fragment in lines[number - 1]:
                return number
        return start

    for path, value in _strings(source.data, ()):
        start = source.line_of(path)
        for text, what in find_in_text(value):
            line = line_of(text, start)
            findings.setdefault((line, text), Finding(source.path, line, format_field(path), text, what))
    # Comments are no value but are published in the repository; a line is reported once.
    reported = {line for line, _ in findings}
    for number, raw in enumerate(lines, start=1):
        comment = _COMMENT.search(raw)
        if number in reported or comment is None:
            continue
        for text, what in find_in_text(comment.group(1)):
            findings.setdefault((number, text), Finding(source.path, number, "", text, what))
    for text, what in find_in_text(stem):
        findings.setdefault((1, text), Finding(source.path, 1, "", text, what + " tiedoston nimessä"))
    return sorted(findings.values())


def _may_find(text: str) -> bool:
    """False only when find_in_text finds nothing in text nor in any part of it."""
    view = folded(text)
    views = [view.text]
    bare = unmarked(text, view)
    if bare is not None:
        views.append(bare.text)
    return any(
        guard_prefilter().candidates(view) or next(_phone_candidates(view), None) or _known_anywhere(view) for view in views
    )


def scan_lines(file: str, text: str) -> list[Finding]:
    """Findings in a text file (a hand-written page, say), each with its line, no field."""
    if not _may_find(text):
        return []
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        findings += [Finding(file, number, "", found, what) for found, what in find_in_text(line)]
    return findings


def _strings(data, path: tuple):
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


# --- Checking the content ---------------------------------------------------------------------------


def check_sources(sources: list[SourceFile], content_dir: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """Problems for every finding in sources that no reviewed entry allows (one run, all files)."""
    reviewed, problems = read_reviewed(content_dir, shown)
    for source in sources:
        for finding in scan_source(source):
            if reviewed.entry_for(finding.file, finding.field, finding.text) is None:
                problems.append(finding_problem(finding, reviewed.shown))
    return problems


def finding_problem(finding: Finding, allowlist_shown: str) -> Problem:
    """The problem an editor reads for a finding: where, what (only its start), what to do."""
    # The message goes to build logs: it shows only the start of what was found, enough to spot
    # it on the line.
    hint = finding.text[: min(len(finding.text) // 2, 12)]
    field = f"kenttä: {finding.field}, " if finding.field else ""
    if finding.what in CONTACT_KINDS:
        rule = (
            "Yksityishenkilöiden sähköpostiosoitteita, puhelinnumeroita ja kotiosoitteita ei julkaista: poista se. "
            "Jos se on organisaation virallinen yhteystieto, ylläpitäjä voi sallia sen lisäämällä "
            f"tiedoston {allowlist_shown} listaan poikkeukset kohdan omana muutoksenaan"
        )
    else:
        rule = (
            "Julkiselle sivustolle ei saa tulla henkilötunnuksia eikä salasanoja, käyttäjätunnuksia "
            "tai avaimia: poista se. Jos teksti on tarkistettu eikä se ole henkilö- tai tunnistetieto, "
            f"ylläpitäjä voi sallia sen lisäämällä tiedoston {allowlist_shown} listaan poikkeukset kohdan "
            "omana muutoksenaan"
        )
    return Problem(
        finding.file,
        finding.line,
        finding.field,
        "sensitive",
        f"Rivillä on {finding.what} (alkaa '{hint}…'). {rule} "
        f"({{tiedosto: {finding.file}, {field}teksti: \"(löydetty teksti sellaisenaan)\", "
        "peruste: \"(miksi teksti saa näkyä)\"}), ennen kuin teksti lisätään.",
        "personal data or credential",
    )
