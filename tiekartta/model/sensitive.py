"""Refuses personal data and credentials in the content before anything is published.

Every string value of every content file is checked, and so are its comments and its name: a
Finnish personal identity code (henkilötunnus, checksum-validated by python-stdnum, so ordinary
numbers and dates pass), a password, username or other credential written with its value, and
token and key formats known to detect-secrets. Each finding names file, line and field.

Some fifty regexes look for these. So that they need not each run over every text, an RE2 prefilter
(tiekartta.model.prefilter) first tells in one linear pass which of them could match at all; only
those run, and the findings are exactly those of running them all.

A reviewed false positive is marked in roadmap/tarkistetut-poikkeukset.yaml: one entry per
finding with the file, the field, the exact text and the reason. The file goes through the same
pull-request review as the content, and an entry that no longer matches anything is reported so
that the list does not silently grow stale.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

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
from pydantic import Field, ValidationError
from stdnum.fi import hetu

from .entities import Line, Record
from .messages import problems_from_validation
from .prefilter import Prefilter
from .problems import Problem, format_field
from .yaml_source import SourceFile, read_source

ALLOWLIST_FILE = "tarkistetut-poikkeukset.yaml"


class _GitHubFineGrainedTokenDetector(RegexBasedDetector):
    """Fine-grained GitHub tokens, which detect-secrets 1.5 does not know yet."""

    secret_type = "GitHub Token"
    denylist = [re.compile(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}")]


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
# "tunnus" is a username but also an emblem or a slogan: it counts only before a value that
# looks like a credential.
_AMBIGUOUS_KEYWORDS = (r"tunnu(?:s|ks)\w*",)

_QUOTES = "\"'“”‘’«»`"
_VALUE = rf"[{_QUOTES}]?(?P<value>[^\s{_QUOTES},;]{{2,}})"
_KEYWORD = r"(?<![\w-])(?P<keyword>{})"
# `salasana: x` or `password = x`: the value is a credential whatever it looks like.
_ASSIGNED = re.compile(
    _KEYWORD.format("|".join(_CREDENTIAL_KEYWORDS)) + r"\s*[:=]\s*" + _VALUE, re.IGNORECASE
)
# `salasana on sosbox2005`, `tunnus koe.sostyo`: only a value that looks like one counts.
_STATED = r"(?:\s*[:=]|\s+(?:on|oli|ovat|olivat|is|was|are|were))?\s+" + _VALUE
_STATED_CREDENTIAL = re.compile(_KEYWORD.format("|".join(_CREDENTIAL_KEYWORDS)) + _STATED, re.IGNORECASE)
_STATED_AMBIGUOUS = re.compile(_KEYWORD.format("|".join(_AMBIGUOUS_KEYWORDS)) + _STATED, re.IGNORECASE)
# A digit, or a dot, @ or the like inside a word ("koe.sostyo"). Not a hyphen: Finnish compounds
# such as "Pohjois-Karjala" are full of them.
_CREDENTIAL_LIKE = re.compile(r"\d|\w[._@#$%&!?*+/\\]\w")
# After an ambiguous word a number alone ("tunnus 2003–2005") is no credential: letters and
# digits mixed, or a dot or the like inside a word.
_CREDENTIAL_LIKE_STRICT = re.compile(r"(?=.*\d)(?=.*[^\W\d_])|\w[._@#$%&!?*+/\\]\w")

# Candidates for a henkilötunnus: six digits, a century sign (the old + - A and the signs added
# in 2023), three digits and a control character. Dashes pasted from word processors count too.
_HETU_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})([-+ABCDEFUVWXYabcdefuvwxy‐‑‒–—−])(\d{3}[0-9A-Za-z])(?![0-9A-Za-z])"
)
_TOKEN_REGEXES = tuple(
    (f"tunnistetieto ({detector.secret_type})", regex) for detector in _TOKEN_DETECTORS for regex in detector.denylist
)
# Every regex that find_in_text runs. The prefilter (tiekartta.model.prefilter) names them by index.
_REGEXES = (_HETU_CANDIDATE, _ASSIGNED, _STATED_CREDENTIAL, _STATED_AMBIGUOUS, *(regex for _, regex in _TOKEN_REGEXES))
_COMMENT = re.compile(r"(?:^|\s)#(.*)$")
# From the first "#" of a line to the line's end: holds whatever _COMMENT finds on that line, also
# when str.splitlines() splits the line further.
_COMMENT_SPANS = re.compile(r"#[^\n]*")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})
_HETU = "henkilötunnus"
_CREDENTIAL = "tunnistetieto (salasana, käyttäjätunnus tai avain arvoineen)"


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of text that must not be published."""

    file: str
    line: int
    field: str  # "" when the text is not in a value: a comment or the file name
    text: str  # exactly as found: what an allowlist entry names
    what: str  # Finnish, e.g. "henkilötunnus"


@cache
def _prefilter() -> Prefilter:
    """Built on first use (some 50 ms): one RE2 pass tells which of _REGEXES can match a text."""
    return Prefilter(_REGEXES)


def find_in_text(text: str) -> list[tuple[str, str]]:
    """(found text, Finnish description) for everything in text that must not be published."""
    return _find_in_text(text, _prefilter().candidates(text))


def _find_in_text(text: str, candidates: Collection[int] | None = None) -> list[tuple[str, str]]:
    """find_in_text, running only the regexes whose index is in candidates (None: all of them).

    The regexes left out must be ones that find no match in text: the prefilter's candidates.
    """
    spans: list[tuple[int, int, str, str]] = []
    run = set(_REGEXES) if candidates is None else {_REGEXES[index] for index in candidates}

    def add(match: re.Match, what: str) -> None:
        start, end = match.span()
        if not any(start < other_end and other_start < end for other_start, other_end, _, _ in spans):
            spans.append((start, end, match.group(0), what))

    if _HETU_CANDIDATE in run:
        for match in _HETU_CANDIDATE.finditer(text):
            candidate = (match.group(1) + match.group(2) + match.group(3)).translate(_DASHES)
            if hetu.is_valid(candidate, allow_temporary=True):
                add(match, _HETU)
    if _ASSIGNED in run:
        for match in _ASSIGNED.finditer(text):
            if not _placeholder(text, match):
                add(match, _CREDENTIAL)
    for regex, looks_like in ((_STATED_CREDENTIAL, _CREDENTIAL_LIKE), (_STATED_AMBIGUOUS, _CREDENTIAL_LIKE_STRICT)):
        if regex in run:
            for match in regex.finditer(text):
                if looks_like.search(match.group("value").rstrip(".!?:")) and not _placeholder(text, match):
                    add(match, _CREDENTIAL)
    for what, regex in _TOKEN_REGEXES:
        if regex in run:
            for match in regex.finditer(text):
                add(match, what)
    return [(found, what) for _, _, found, what in sorted(spans)]


def _placeholder(text: str, match: re.Match) -> bool:
    """`salasana: <oma salasana>` or `{salasana}`: an example, not a credential."""
    rest = text[match.start("value"):]
    closing = {"<": ">", "{": "}", "$": "}"}.get(rest[:1])
    return bool(closing) and is_templated_secret(rest[: rest.find(closing) + 1] if closing in rest else rest)


def scan_source(source: SourceFile) -> list[Finding]:
    """Findings in one parsed file: every string value with its field, then every raw line."""
    stem = Path(source.path).stem
    # One prefilter pass over the whole file first: a regex that could match in one of its texts
    # could match in them joined, so when none could, there is no finding in the file. Nearly every
    # file stops here. Every comment below lies within one of the _COMMENT_SPANS.
    texts = [stem, *(value for _, value in _strings(source.data, ())), *_COMMENT_SPANS.findall(source.text)]
    if not _prefilter().candidates("\n".join(texts)):
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


def _strings(data, path: tuple):
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


# --- Reviewed false positives -------------------------------------------------------------------


class ReviewedFinding(Record):
    file: str = Field(alias="tiedosto", min_length=1, description="Tiedosto, esim. 'roadmap/tuotokset/x.yaml'.")
    field: str | None = Field(
        default=None, alias="kenttä",
        description="Kenttä virheilmoituksen mukaan, esim. 'kuvaus'. Jätä pois, jos löydös ei ole kentässä (kommentti).",
    )
    text: str = Field(alias="teksti", min_length=1, description="Löydetty teksti täsmälleen virheilmoituksen mukaan.")
    reason: Line = Field(alias="peruste", description="Miksi teksti ei ole henkilötieto tai tunnistetieto.")


class ReviewedFindings(Record):
    """roadmap/tarkistetut-poikkeukset.yaml: findings checked by a person and allowed."""

    entries: tuple[ReviewedFinding, ...] = Field(alias="poikkeukset", description="Tarkistetut poikkeukset.")


def check_sources(sources: list[SourceFile], content_dir: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """Problems for every finding in sources that no reviewed entry allows (one run, all files)."""
    allowlist_path = content_dir / ALLOWLIST_FILE
    entries: list[tuple[ReviewedFinding, int]] = []
    problems: list[Problem] = []
    allowlist_shown = shown(allowlist_path)
    if allowlist_path.is_file() and not allowlist_path.is_symlink():
        source, read_problems = read_source(allowlist_path, allowlist_shown)
        problems += read_problems
        if source is not None and not read_problems:
            try:
                reviewed = ReviewedFindings.model_validate(source.data)
            except ValidationError as error:
                problems += problems_from_validation(error, source, ReviewedFindings)
            else:
                entries = [(entry, source.line_of(("poikkeukset", i))) for i, entry in enumerate(reviewed.entries)]
    used: set[int] = set()
    for source in sources:
        for finding in scan_source(source):
            match = next(
                (
                    i for i, (entry, _) in enumerate(entries)
                    if entry.file == finding.file and entry.text == finding.text
                    and (entry.field is None or entry.field == finding.field)
                ),
                None,
            )
            if match is not None:
                used.add(match)
                continue
            problems.append(_finding_problem(finding, allowlist_shown))
    for i, (entry, line) in enumerate(entries):
        if i not in used:
            problems.append(
                Problem(
                    allowlist_shown, line, f"poikkeukset[{i + 1}]", "stale-exception",
                    f"Poikkeus ei enää vastaa mitään löydöstä (tiedosto {entry.file}, teksti '{entry.text}'). "
                    "Poista se listasta.",
                    "reviewed finding no longer found",
                )
            )
    return problems


def _finding_problem(finding: Finding, allowlist_shown: str) -> Problem:
    # The message goes to build logs: it shows only the start of what was found, enough to spot
    # it on the line.
    hint = finding.text[: min(len(finding.text) // 2, 12)]
    field = f"kenttä: {finding.field}, " if finding.field else ""
    return Problem(
        finding.file,
        finding.line,
        finding.field,
        "sensitive",
        f"Rivillä on {finding.what} (alkaa '{hint}…'). Julkiselle sivustolle ei saa tulla "
        "henkilötunnuksia eikä salasanoja, käyttäjätunnuksia tai avaimia: poista se. Jos teksti on "
        f"tarkistettu eikä se ole henkilö- tai tunnistetieto, lisää tiedoston {allowlist_shown} "
        f"listaan poikkeukset kohta {{tiedosto: {finding.file}, {field}teksti: \"(löydetty teksti "
        "sellaisenaan)\", peruste: \"(miksi teksti saa näkyä)\"}.",
        "personal identity code or credential",
    )
