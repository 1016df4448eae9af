"""Personal identity codes and credentials are refused with file, line and field; ordinary
numbers, dates and words pass; a reviewed false positive is allowed by an entry of its own."""

from __future__ import annotations

import fnmatch
import re
import subprocess

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from tiekartta import cli
from tiekartta.model import ContentError, load_roadmap, sensitive
from tiekartta.model.reviewed_change import BaseError, check_change
from tiekartta.model.sensitive import ALLOWLIST_FILE, SOURCE_LOGIN, credential_digest, find_in_text, scan_lines
from tiekartta.model.textfold import folded_by_character, unmarked_by_character, folded, unmarked

SEEDS = REPO.parent / "shared" / "seeds"

_CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(birth: str, sign: str, individual: str) -> str:
    """A henkilötunnus with a correct control character (computed here, independently)."""
    return f"{birth}{sign}{individual}{_CONTROL[int(birth + individual) % 31]}"


def wrong_control(code: str) -> str:
    return code[:-1] + ("A" if code[-1] != "A" else "B")


GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8"
GITHUB_FINE_GRAINED = "github_pat_" + "11AAQWERTY" * 2 + "zz" + "_" + "Xy7" * 19 + "Q0"
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPL" + "Q"
SLACK_TOKEN = "xoxb-" + "1234567890" + "12-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

# Made-up credentials only: the sources' own login is never written in the repository.
USERNAME = "testi.kayttaja"
PASSWORD = "Appelsiini7"

REFUSED = [
    ("hetu-1900s", f"Asiakkaan tunnus oli {hetu('131052', '-', '308')}."),
    ("hetu-2000s", hetu("010105", "A", "123")),
    ("hetu-new-century-sign-1900s", hetu("150590", "Y", "217")),
    *((f"hetu-century-sign-{sign}", hetu("150590", sign, "217")) for sign in "XWVU"),
    ("hetu-new-century-sign-2000s", hetu("240312", "E", "456")),
    *((f"hetu-century-sign-{sign}", hetu("240312", sign, "456")) for sign in "BCDF"),
    ("hetu-1800s", hetu("311299", "+", "002")),
    ("hetu-lower-case", hetu("131052", "a", "308").lower()),
    ("hetu-en-dash-from-a-word-processor", hetu("131052", "-", "308").replace("-", "\u2013")),
    ("hetu-temporary-number", hetu("131052", "-", "912")),
    ("hetu-space", hetu("131052", " ", "308")),
    ("hetu-no-separator", hetu("131052", "", "308")),
    ("hetu-dot", hetu("131052", ".", "308")),
    ("hetu-spaced-dash", hetu("131052", " - ", "308")),
    ("hetu-split-by-emphasis", "131052-*308*" + hetu("131052", "-", "308")[-1]),
    ("hetu-split-by-strong", "**131052**-308" + hetu("131052", "-", "308")[-1]),
    ("hetu-split-by-html", "131052-<b>308</b>" + hetu("131052", "-", "308")[-1]),
    ("hetu-soft-hyphen-entity", hetu("131052", "-", "308").replace("308", "30&shy;8")),
    ("hetu-soft-hyphen", hetu("131052", "-", "308").replace("308", "30\u00ad8")),
    ("hetu-zero-width-space", hetu("131052", "-", "308").replace("52", "5\u200b2")),
    ("hetu-zero-width-joiner", hetu("131052", "-", "308").replace("52", "5\u200d2")),
    ("hetu-word-joiner", hetu("131052", "-", "308").replace("52", "5\u20602")),
    ("hetu-fullwidth", hetu("131052", "-", "308").translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})),
    ("hetu-arabic-indic-digits", hetu("131052", "-", "308").translate({ord(d): chr(0x0660 + int(d)) for d in "0123456789"})),
    ("hetu-fullwidth-letter", hetu("131052", "-", "308")[:-1] + chr(0xFF21 + ord(hetu("131052", "-", "308")[-1]) - ord("A"))),
    ("hetu-markdown-escape", hetu("131052", "-", "308").replace("-", "\\-")),
    ("salasana-colon", f"Salasana: {PASSWORD}"),
    ("salasana-strong-keyword", f"**Salasana**: {PASSWORD}"),
    ("salasana-strong-value", "Salasana: **kissa**"),
    ("salasana-on", "Salasana on kevät2004!"),
    ("salasana-on-quoted", 'Salasana on "kissa"'),
    ("salasana-on-emphasised", "salasana on **kissa**"),
    ("salasana-cyrillic-letters", f"\u0405\u0430l\u0430s\u0430n\u0430: {PASSWORD}"),
    ("salasana-soft-hyphens", f"Sala\u00adsana: {PASSWORD}"),
    ("kayttajatunnus-colon", f"Käyttäjätunnus: {USERNAME}"),
    ("login-line", f"Kirjaudu: käyttäjätunnus {USERNAME}, salasana {PASSWORD}"),
    ("kirjautumistiedot-pair", f"Kirjautumistiedot: {USERNAME} / {PASSWORD}"),
    ("kirjautumistiedot-words", "Kirjautumistiedot: tunnus / salasana"),
    ("kayttaja-sala", f"käyttäjä: {USERNAME}, sala: {PASSWORD}"),
    ("user-pass", f"user/pass: {USERNAME}/{PASSWORD}"),
    ("tunnus-salasana-slash", f"tunnus/salasana {USERNAME} / {PASSWORD}"),
    ("tunnus-with-username", f"Extranetin tunnus {USERNAME}"),
    ("pin-code", "PIN-koodi 4321"),
    ("password-equals", "password = 'hunter2x'"),
    ("username-colon", "username: admin"),
    ("credentials-colon", "Credentials: admin / hunter2x"),
    ("api-key-colon", "API key: 9f8e7d6c5b4a"),
    ("api-avain", "API-avain: xyz98765"),
    ("token-colon", "token: abcdef123456"),
    ("github-token", f"Avain {GITHUB_TOKEN}"),
    ("github-fine-grained-token", GITHUB_FINE_GRAINED),
    ("aws-access-key", AWS_KEY),
    ("private-key-block", "-----BEGIN RSA PRIVATE KEY-----"),
    ("openssh-private-key-block", "-----BEGIN OPENSSH PRIVATE KEY-----"),
    ("slack-token", SLACK_TOKEN),
    ("credentials-in-url", "https://testi:Appelsiini7@www.esimerkki.fi/extranet"),
    ("json-web-token", JWT),
    ("email", "Yhteyshenkilö: matti.meikalainen@esimerkki.fi"),
    ("email-at-in-brackets", "matti.meikalainen(at)esimerkki.fi"),
    ("email-at-in-square-brackets", "matti.meikalainen [at] esimerkki.fi"),
    ("email-fullwidth-at", "matti\uff20esimerkki.fi"),
    # A OneDrive's address holds its owner's address: matti.meikalainen@esimerkki.fi.
    ("email-in-a-onedrive-link", "https://esimerkki-my.sharepoint.com/:w:/g/personal/matti_meikalainen_esimerkki_fi/EabcDEF?e=AbC"),
    ("email-in-a-onedrive-address", "https://esimerkki-my.sharepoint.com/personal/matti_meikalainen_esimerkki_fi/Documents/x.docx"),
    # A browser reads the ideographic full stop (and its halfwidth form) as a dot in an address.
    ("email-ideographic-full-stop", "matti.meikalainen@esimerkki\u3002fi"),
    ("email-halfwidth-ideographic-full-stop", "matti.meikalainen@esimerkki\uff61fi"),
    ("phone-mobile", "puh. 040 123 4567"),
    ("phone-international", "+358 40 123 4567"),
    ("phone-landline", "p. (013) 123 4567"),
    ("phone-no-spaces", "soita 0401234567"),
    ("phone-slash", "puh. 040/123 4567"),
    ("phone-international-dots", "+358.40.123.4567"),
    ("email-a-in-brackets", "matti(a)gmail.com"),
    ("home-address-staircase", "kotiosoite Rantakatu 5 B 12, 80100 Joensuu"),
    ("home-address-flat", "asuu osoitteessa Koivutie 3 as. 4"),
    ("hetu-combining-mark-inside", "hetu 1\u033231052-308T"),
    # Keycap digits (a digit, the emoji variation selector, U+20E3) and circled ones (U+20DD) show
    # their digits: enclosing marks are read as the digit alone.
    ("hetu-keycap-digits", "hetu " + "".join(c + "\ufe0f\u20e3" if c.isdigit() else c for c in "131052-308T")),
    ("phone-enclosed-digits", "puh. " + "".join(c + "\u20dd" if c.isdigit() else c for c in "040 123 4567")),
    # Circled digits that NFKC keeps as they are (dingbats): their digit value is read.
    ("hetu-dingbat-digits", "hetu " + "131052-308T".translate(str.maketrans("123456789", "➊➋➌➍➎➏➐➑➒")).replace("0", "⓿")),
    ("phone-dingbat-digits", "puh. " + "040 123 4567".translate(str.maketrans("0123456789", "⓿❶❷❸❹❺❻❼❽❾"))),
    ("hetu-blank-braille-separator", "131052\u2800308T"),
    ("hetu-line-separator", "131052\u2028308T"),
    ("phone-mobile-dots", "puh. 040.123.4567"),
    ("phone-landline-dots", "p. 09.310.1234"),
    ("phone-area-code-in-brackets-dots", "puh. (09) 310.1234"),
    ("phone-area-code-dot-rest-whole", "puh. 050.1234567"),
    ("phone-long-area-code-dots", "puh. 013.123.4567"),
    ("phone-dots-after-a-y-tunnus", "Y-tunnus 0201256-6, puh. 040.123.4567"),
    ("phone-after-a-y-tunnus", "Y-tunnus 0201256-6 (09) 310 1234"),
    ("email-spelt-at", "etunimi.sukunimi at kunta.fi"),
    ("email-spelt-at-in-a-sentence", "Lisätietoja: etunimi.sukunimi at kunta.fi."),
    ("email-at-in-brackets-no-dots-in-name", "nimi(at)kunta.fi"),
    ("email-at-and-dot-in-square-brackets", "nimi [at] kunta [dot] fi"),
    ("email-at-and-dot-in-brackets", "nimi (at) kunta (dot) fi"),
    ("email-at-and-dot-spelt", "nimi at kunta dot fi"),
    ("email-at-and-dot-upper-case", "nimi AT kunta DOT com"),
    ("email-a-umlaut", "nimi ät kunta.fi"),
    ("email-piste", "nimi at kunta piste fi"),
    ("email-sign-and-spelt-dot", "nimi@kunta [dot] fi"),
    ("email-spelt-dot-and-a-dot", "nimi [at] kunta [dot] hel.fi"),
    ("email-at-between-spaces", "matti.meikalainen @ gmail.com"),
    ("email-space-after-a-dot", "matti.meikalainen@gmail. com"),
    ("phone-dots-after-a-colon", "puh:040.123.4567"),
    ("phone-after-a-colon-and-space", "puh: 040 123 4567"),
    ("phone-dots-after-a-time", "klo 12:00 puh. 040.123.4567"),
    ("phone-right-after-an-abbreviation", "p.040 123 4567"),
    ("phone-slash-right-after-an-abbreviation", "Puh.040/1234567"),
    ("home-address-staircase-and-as", "Kotikatu 5 A as. 12"),
    ("home-address-staircase-comma-as", "Kotikatu 5 A, as. 12"),
    ("home-address-asunto", "Kotikatu 5 asunto 12"),
    ("home-address-huoneisto", "Kotikatu 5 huoneisto 12"),
    ("home-address-house-number-range", "Rantakatu 5-7 B 12"),
    ("home-address-house-number-range-en-dash", "Rantakatu 5\u20137 B 12"),
    ("home-address-staircase-l", "Rantakatu 5 L 12"),
    ("home-address-staircase-z", "Rantakatu 5 Z 12"),
    ("home-address-comma-as", "Kotikatu 5, as. 12"),
    ("home-address-staircase-asunto", "Kotikatu 5 A asunto 12"),
    ("home-address-capitals", "RANTAKATU 9 C 33"),
    ("home-address-capitals-as", "KOIVUTIE 3 AS. 4"),
    ("home-address-swedish-capitals", "STORGATAN 4 B 7"),
    ("hetu-spaces-around-sign-and-control", f"Asiakas 131052 - 308 {hetu('131052', '-', '308')[-1]} soitti."),
    ("hetu-space-before-control", f"131052-308 {hetu('131052', '-', '308')[-1]}"),
    ("hetu-space-before-control-no-sign", f"131052308 {hetu('131052', '-', '308')[-1]}"),
    ("hetu-spaces-in-date", f"13 10 52-308{hetu('131052', '-', '308')[-1]}"),
    ("hetu-spaces-everywhere", f"13 10 52 - 308 {hetu('131052', '-', '308')[-1]}"),
    ("hetu-capital-o-for-zero", f"131O52-308{hetu('131052', '-', '308')[-1]}"),
    ("hetu-capital-i-for-one", f"I3I052-308{hetu('131052', '-', '308')[-1]}"),
    ("hetu-small-l-for-one-small-o-for-zero", f"l3l052-3o8{hetu('131052', '-', '308')[-1]}"),
    ("hetu-letters-in-the-individual-number", hetu("101052", "A", "110").replace("A110", "A1lO")),
    ("email-hyphened-at", "x -at- gmail.com"),
    ("email-hyphened-at-and-dot", "nimi -at- kunta -dot- fi"),
    ("email-space-before-the-dot", "x@gmail .com"),
    ("email-space-before-the-dot-spelt-at", "nimi [at] kunta .fi"),
    # A credential's name joined to another word with a hyphen or an underscore.
    ("password-hyphen-compound", "Vierasverkko: wifi-salasana: Appelsiini7"),
    ("password-underscore-compound", "wlan_salasana = Appelsiini7"),
    ("password-environment-variable", "ADMIN_PASSWORD=Appelsiini7"),
    ("client-secret", "client_secret: Ab3dEf6hIj9kLm2n"),
    ("access-token-in-an-address", "https://esimerkki.fi/api?access_token=Ab3dEf6hIj9kLm2nOp5q"),
    ("token-environment-variable", "GITHUB_TOKEN=Ab3dEf6hIj9kLm2nOp"),
    # Token formats detect-secrets 1.5 does not know.
    ("google-api-key", "https://maps.googleapis.com/maps/api/js?key=AIzaSyBx7Kq2ZpLmN4vR8tYwE1uJ6hG3fD9sA0c"),
    ("openai-project-key", "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z" * 2),
    ("anthropic-key", "sk-ant-api03-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z" * 2),
    ("npm-token", "npm_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3d"),
    ("hugging-face-token", "hf_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb"),
    ("discord-webhook", "https://discord.com/api/webhooks/1234567890123456789/Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"),
    ("teams-webhook", "https://tiimi.webhook.office.com/webhookb2/a@b/IncomingWebhook/0123456789abcdef0123456789abcdef/1"),
    ("azure-shared-access-signature",
     "https://tili.blob.core.windows.net/c/raportti.pdf?sv=2022-11-02&sp=r&sig=Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z%3D"),
]

PASSES = [
    ("hetu-wrong-control-character", wrong_control(hetu("131052", "-", "308"))),
    ("hetu-no-separator-wrong-control", wrong_control(hetu("131052", "", "308"))),
    ("hetu-shape-impossible-date", "311352-308T"),
    ("hetu-individual-number-000", hetu("131052", "-", "000")),
    ("hetu-inside-a-longer-number", "9" + hetu("131052", "", "308") + "9"),
    ("date-finnish", "Seminaari 18.11.2019 klo 12.00–15.30"),
    ("date-iso", "2019-11-18"),
    ("year-range", "Hanke 2003–2005 (3 vuotta)"),
    ("period", "1.10.2003–30.9.2005"),
    ("business-id", "Y-tunnus: 0123456-7"),
    ("isbn", "ISBN 978-951-1-12345-6"),
    ("address", "www.pohjois-karjala.fi/extranet"),
    ("web-address-with-at-path", "https://esimerkki.fi/@tiekartta"),
    ("emblem-called-tunnus", "Tunnus: Yhdessä eteenpäin"),
    ("tunnus-before-a-year", "Hankkeen tunnus 2003–2005"),
    ("about-passwords", "Salasanat vaihdetaan kerran vuodessa."),
    ("about-a-password", "Salasana on vaihdettava kolmen kuukauden välein."),
    ("about-logging-in", "Extranet vaati kirjautumisen; tämä sivusto on kaikille avoin."),
    ("about-login-details", "Lähteen SOSBOX-dian kirjautumistiedot eivät ole sisältöä, eikä niitä julkaista."),
    ("about-usernames", "Käyttäjätunnukset jaettiin kunnille."),
    ("about-users", "Käyttäjä: kunnan sosiaalityöntekijä"),
    ("placeholder-value", "salasana: <oma salasanasi>"),
    ("ellipsis-value", "salasana: …"),
    ("twelve-digit-number", "Diaarinumero 123456-1234"),
    ("sosbox-name", "P-K:n sosiaalityön extranet – SOSBOX"),
    ("emphasis-in-prose", "**Omatyöntekijäisyys** ja *ennaltaehkäisy* 2020–2021"),
    ("markdown-list-numbers", "1. Vaihe 2. Vaihe 3. Vaihe"),
    ("month-and-year", "Hanke 05/2004–12/2005"),
    ("office-street-address", "Kauppakatu 1, 80100 Joensuu"),
    ("decomposed-finnish-letters", "Ka\u0308ytta\u0308ja\u0308t: kunnan sosiaalityo\u0308ntekija\u0308t"),
    ("date-with-dots", "Päätös 1.12.2024"),
    ("date-end-of-year", "31.12.2005"),
    ("date-leading-zeros", "Kokous 05.12.2024 ja 09.03.2005"),
    ("date-two-digit-year", "pvm 05.12.24"),
    ("date-range-with-dots", "01.10.2003–30.09.2005"),
    ("decimal-number", "Kerroin 0.75 ja 12.5 %"),
    ("section-number", "Luku 3.2.1"),
    ("section-number-leading-zeros", "Kohta 02.03.04.05"),
    ("version-number", "Versio 1.2.3 ja 01.02.003"),
    ("money-with-dots", "Budjetti 1.234.567 euroa"),
    ("times-with-dots", "klo 10.00–13.30 ja 09.00–16.00, tauko 08.30"),
    ("y-tunnus-leading-zero", "Y-tunnus 0201256-6"),
    ("y-tunnus-without-its-name", "Kunta (0109862-8)"),
    ("issn", "ISSN 0355-5194"),
    ("issn-colon", "ISSN: 0356-5467"),
    ("issn-l", "ISSN-L 0355-5194"),
    ("isbn-10-leading-zero", "ISBN 0-306-40615-2"),
    ("isbn-13", "ISBN 978-951-0-12345-6"),
    ("english-at", "Look at the site, at least once"),
    ("english-at-large", "kunta at large"),
    ("english-more-at-a-site", "Read more at thl.fi"),
    ("english-at-a-web-address", "Statistics at www.thl.fi"),
    ("english-at-a-path", "See it at thl.fi/tilastot"),
    ("at-and-no-known-tld", "meet at kunta.fin or at kunta.fi.example"),
    ("dot-without-a-domain", "polka dot fi, info at the kunta dot of things"),
    ("atom-timestamp-microseconds", "<updated>2026-12-07T18:08:09.123456+00:00</updated>"),
    ("timestamp-microseconds-space", "2026-12-07 09:09:09.310123"),
    ("time-microseconds", "18:08:09.123456"),
    ("time-fraction-utc", "T10:00:00.5Z"),
    ("time-milliseconds", "12:30:05.250"),
    ("time-seconds-with-a-leading-zero", "klo 10:04:05.0401234"),
    ("office-floor", "Kauppakatu 3 A 4. krs"),
    ("office-floor-capitals", "KAUPPAKATU 3 A 4. KRS"),
    ("office-floor-word", "Kauppakatu 3 B 2 kerros"),
    ("office-floor-after-range", "Kauppakatu 3-5 A 4. krs"),
    ("street-number-range-alone", "Rantakatu 5-7, 80100 Joensuu"),
    ("street-in-capitals-without-a-flat", "KAUPPAKATU 1, 80100 JOENSUU"),
    ("street-and-a-month-and-year", "Koivutie 3 05/2004"),
    ("street-and-years", "Kauppakatu 1 2003-2005"),
    ("street-word-in-lower-case", "tie 5 B 12 ja katu 3 as. 4"),
    ("diary-number", "Dnro 0401/123/2004"),
    ("hetu-shape-letters-only", "IOIOIO-IOIX lOlOlO-lOl0 Ollila"),
    ("hetu-shape-in-a-run-of-numbers",
     "Rivi 4 13 10 52 308 " + hetu("131052", "", "308")[-1] + " 7"),
    ("hetu-spaced-wrong-control", wrong_control(hetu("131052", " - ", "308")).replace("308", "308 ")),
    ("hyphened-at-in-prose", "klo 12 -at- 13, kaikki -at- merkit"),
    ("hyphened-at-without-a-known-tld", "x -at- kunta.fin"),
    ("space-before-a-dot-without-an-at", "Lue lisää: thl .fi ja kela .fi"),
    ("space-before-a-dot-in-a-web-address", "Statistics at www .thl.fi"),
    ("handle-before-a-spaced-dot", "Seuraa meitä @thl .fi"),
    ("street-and-dimensions", "Hämeentie 3 x 4 m, Mannerheimintie 5 s 12"),
    ("decimal-with-a-leading-zero", "versio 1.0401234567, osuus 3,0401234567"),
    # A credential's name inside a word is no credential's name.
    ("login-inside-a-word", "Lue blogin: uusin kirjoitus. Blogin: https://www.esimerkki.fi/blogi"),
    ("pass-inside-a-word", "Kompass: kirja, Vasala: puheenjohtaja"),
    ("ambiguous-name-in-a-compound", "Hanke-tunnus: HK2003"),
]


@pytest.mark.parametrize("text", [t for _, t in REFUSED], ids=[i for i, _ in REFUSED])
def test_personal_data_and_credentials_are_found(text):
    assert find_in_text(text)


@pytest.mark.parametrize("text", [t for _, t in PASSES], ids=[i for i, _ in PASSES])
def test_ordinary_text_passes(text):
    assert find_in_text(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Y-tunnus 0201256-6, puh. 040.123.4567", [("040.123.4567", "puhelinnumero")]),
        ("Y-tunnus 0201256-6 (09) 310 1234", [("(09) 310 1234", "puhelinnumero")]),
        ("ISSN 0355-5194, p. (09) 310.1234", [("(09) 310.1234", "puhelinnumero")]),
        ("Kokous 05.12.2024, puh. 09.310.1234.", [("09.310.1234", "puhelinnumero")]),
        ("Lisätietoja: etunimi.sukunimi at kunta.fi.", [("etunimi.sukunimi at kunta.fi", "sähköpostiosoite")]),
        ("Read more at thl.fi or ask nimi [at] kunta [dot] fi", [("nimi [at] kunta [dot] fi", "sähköpostiosoite")]),
        ("Päivitetty 2026-12-07T18:08:09.123456+00:00, puh:040.123.4567", [("040.123.4567", "puhelinnumero")]),
        ("klo 12:30:05.250, puh: 040 123 4567", [("040 123 4567", "puhelinnumero")]),
        # A number followed by a date: the date's first part is no part of the number.
        ("Matti Virtanen puh 040 123 4567 1.1.2020", [("040 123 4567", "puhelinnumero")]),
        ("(puh. 040 123 4567) 12.3.2024: kokous", [("040 123 4567", "puhelinnumero")]),
        ("+358 40 123 4567 12.3.2024", [("+358 40 123 4567", "puhelinnumero")]),
        ("(09) 310 1234 5,5 %", [("(09) 310 1234", "puhelinnumero")]),
        ("asuu Kotikatu 5 A, as. 12, 80100 Joensuu", [("Kotikatu 5 A, as. 12", "kotiosoite")]),
        ("Rantakatu 5-7 B 12 ja Kauppakatu 3 A 4. krs", [("Rantakatu 5-7 B 12", "kotiosoite")]),
        ("RANTAKATU 9 C 33, 80100 JOENSUU", [("RANTAKATU 9 C 33", "kotiosoite")]),
        ("Yhteys x -at- gmail.com.", [("x -at- gmail.com", "sähköpostiosoite")]),
        ("Yhteys x@gmail .com tai thl .fi", [("x@gmail .com", "sähköpostiosoite")]),
    ],
)
def test_contact_details_are_found_exactly_beside_lookalikes(text, expected):
    """A phone number beside a Y-tunnus, an ISSN or a date, an address beside prose with "at":
    the contact detail is found, whole, and nothing else."""
    assert find_in_text(text) == expected


@pytest.mark.parametrize(
    "written",
    ["131052 - 308 {}", "131052-308 {}", "13 10 52-308{}", "131O52-308{}", "I3I052-308{}", "13 1O 52 - 3O8 {}",
     "13.10.52-308{}"],
)
def test_a_henkilotunnus_written_loosely_is_found_whole(written):
    text = written.format(hetu("131052", "-", "308")[-1])
    assert find_in_text(f"Asiakas {text}, soitti.") == [(text, "henkilötunnus")]
    assert find_in_text(wrong_control(text)) == []


def test_the_real_content_has_no_findings(roadmap):
    """The real content loads (the roadmap fixture) and none of its text is a finding."""
    assert roadmap.sources


# --- Through the loader: file, line and field, all in one run --------------------------------------

OUTPUT = "tuotokset/sosbox-extranet.yaml"
CODE = hetu("131052", "-", "308")


def _problems(content) -> list[tuple[str, int, str, str]]:
    with pytest.raises(ContentError) as error:
        load_roadmap(content, content.parent)
    return [(p.file, p.line, p.field, p.kind) for p in error.value.problems]


def _append(content, file: str, text: str) -> int:
    """Append lines to a content file; returns the line number of the first one."""
    path = content / file
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def test_a_code_in_a_block_of_text_is_reported_on_its_own_line(content_copy):
    line = _append(content_copy, OUTPUT, f"kuvaus: |\n  Ensimmäinen rivi.\n  Asiakas {CODE} soitti.\n")
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line + 2, "kuvaus", "sensitive")]


def test_a_credential_in_a_list_item_names_the_item(content_copy):
    path = content_copy / OUTPUT
    text = path.read_text(encoding="utf-8")
    text += ("  - teema: ilmiokeskustelu\n"
             f'    perustelu: "Toimituksen arvion mukaan näin. Salasana: {PASSWORD}."\n')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if PASSWORD in row)
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "teemayhteydet[2].perustelu", "sensitive")]


def test_a_code_hidden_in_escapes_is_found_in_the_value(content_copy):
    escaped = CODE.replace("-", "\\x2D")
    line = _append(content_copy, OUTPUT, f'kuvaus: "Tunnus {escaped}"\n')
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "kuvaus", "sensitive")]


def test_a_code_in_a_comment_is_reported_without_a_field(content_copy):
    line = _append(content_copy, OUTPUT, f"# muistiinpano: {CODE}\n")
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "", "sensitive")]


def test_a_code_as_a_file_name_is_reported(content_copy):
    name = CODE.lower()
    (content_copy / OUTPUT).rename(content_copy / "tuotokset" / f"{name}.yaml")
    assert (f"roadmap/tuotokset/{name}.yaml", 1, "", "sensitive") in _problems(content_copy)


def test_every_problem_comes_in_one_run(content_copy):
    first = _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    second = _append(content_copy, "karkiteemat/ennaltaehkaisy.yaml", "kuvaus: \"salasana: kevät2004\"\n")
    (content_copy / "karkiteemat" / "omatyontekijaisyys.yaml").write_text("nimi: [\n", encoding="utf-8")
    problems = _problems(content_copy)
    assert (f"roadmap/{OUTPUT}", first, "kuvaus", "sensitive") in problems
    assert ("roadmap/karkiteemat/ennaltaehkaisy.yaml", second, "kuvaus", "sensitive") in problems
    assert any(p[0] == "roadmap/karkiteemat/omatyontekijaisyys.yaml" and p[3] == "syntax" for p in problems)


def test_the_message_shows_only_the_start_of_the_finding_and_how_to_mark_it(content_copy):
    _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    message = error.value.problems[0].message
    assert CODE not in message and CODE[:5] in message
    assert "henkilötunnus" in message and f"roadmap/{ALLOWLIST_FILE}" in message


# --- Reviewed false positives ------------------------------------------------------------------------


def _allow(content, entries: str) -> None:
    (content / ALLOWLIST_FILE).write_text("poikkeukset:\n" + entries, encoding="utf-8")


def test_a_reviewed_entry_allows_its_finding(content_copy):
    _append(content_copy, OUTPUT, f"kuvaus: Esimerkkitunnus {CODE} koulutusmateriaalista\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    kenttä: kuvaus\n    teksti: \"{CODE}\"\n"
                         "    peruste: Keksitty esimerkki koulutusmateriaalista, ei kenenkään tunnus.\n")
    assert load_roadmap(content_copy, content_copy.parent).sources


def test_an_entry_without_a_field_allows_a_comment(content_copy):
    _append(content_copy, OUTPUT, f"# esimerkki: {CODE}\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    teksti: \"{CODE}\"\n"
                         "    peruste: Keksitty esimerkki kommentissa.\n")
    assert load_roadmap(content_copy, content_copy.parent).sources


def test_an_entry_for_another_field_does_not_allow_it(content_copy):
    line = _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    kenttä: lisätiedot\n    teksti: \"{CODE}\"\n"
                         "    peruste: Väärä kenttä.\n")
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "kuvaus", "sensitive")]


def test_an_entry_waiting_for_its_text_is_no_problem(content_copy):
    """An entry is added in a change of its own before the text it allows (tiekartta.model.reviewed):
    until then it allows nothing, and the content is still fine."""
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    teksti: \"{CODE}\"\n    peruste: Tulossa.\n")
    assert load_roadmap(content_copy, content_copy.parent).sources


def test_an_entry_needs_a_reason(content_copy):
    _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    teksti: \"{CODE}\"\n")
    problems = _problems(content_copy)
    assert (f"roadmap/{ALLOWLIST_FILE}", 2, "poikkeukset[1].peruste", "missing") in problems


def test_a_broken_allowlist_is_reported_like_any_file(content_copy):
    _allow(content_copy, "  - tiedosto: x\n    teksti: y\n    peruste: z\n    hyväksyjä: minä\n")
    assert (f"roadmap/{ALLOWLIST_FILE}", 5, "poikkeukset[1].hyväksyjä", "unknown-field") in _problems(content_copy)


def test_an_official_address_is_allowed_by_its_entry(content_copy):
    line = _append(content_copy, OUTPUT, "kuvaus: Palaute osoitteeseen kirjaamo@esimerkki.fi\n")
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "kuvaus", "sensitive")]
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    kenttä: kuvaus\n    teksti: kirjaamo@esimerkki.fi\n"
                         "    peruste: Organisaation virallinen kirjaamon osoite.\n")
    assert load_roadmap(content_copy, content_copy.parent).sources


def test_a_contact_finding_says_how_an_official_address_is_allowed(content_copy):
    _append(content_copy, OUTPUT, "kuvaus: Soita 040 123 4567\n")
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    message = error.value.problems[0].message
    assert "puhelinnumero" in message and "Yksityishenkilöiden" in message and "omana muutoksenaan" in message


# --- Control and text-direction characters in parsed values ---------------------------------------

CONTROL_ESCAPES = [
    ("bidi-override", "\\u202e", "U+202E"),
    ("bidi-isolate", "\\u2066", "U+2066"),
    ("left-to-right-mark", "\\u200e", "U+200E"),
    ("nul", "\\0", "U+0000"),
    ("bell", "\\a", "U+0007"),
    ("escape", "\\e", "U+001B"),
    ("carriage-return", "\\r", "U+000D"),
    ("record-separator", "\\x1e", "U+001E"),
    ("c1-control", "\\x85", "U+0085"),
    ("delete", "\\x7f", "U+007F"),
]


@pytest.mark.parametrize("escape,code", [(e, c) for _, e, c in CONTROL_ESCAPES], ids=[i for i, _, _ in CONTROL_ESCAPES])
def test_a_control_character_written_as_an_escape_is_refused_with_its_field(content_copy, escape, code):
    line = _append(content_copy, OUTPUT, f'kuvaus: "Teksti{escape}jatkuu"\n')
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    problem = next(p for p in error.value.problems if p.kind == "control-character")
    assert (problem.file, problem.line, problem.field) == (f"roadmap/{OUTPUT}", line, "kuvaus")
    assert code in problem.message and "poista" in problem.message


def test_a_control_character_in_a_list_item_names_the_item(content_copy):
    path = content_copy / OUTPUT
    text = path.read_text(encoding="utf-8")
    text += ("  - teema: ilmiokeskustelu\n"
             '    perustelu: "Toimituksen arvion mukaan\\u202enäin."\n')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "\\u202e" in row)
    problems = _problems(content_copy)
    assert (f"roadmap/{OUTPUT}", line, "teemayhteydet[2].perustelu", "control-character") in problems


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_the_editor_does_not_show_is_refused_at_its_line(content_copy, character):
    """YAML reads NEL and the Unicode line and paragraph separators as line breaks; an editor shows
    none, so the line named is the one the editor shows (counted by line feeds)."""
    line = _append(content_copy, OUTPUT, f"kuvaus: Teksti{character}jatkuu\n")
    problems = _problems(content_copy)
    assert (f"roadmap/{OUTPUT}", line, "", "control-character") in problems


def test_tab_and_line_breaks_in_values_are_fine(content_copy):
    _append(content_copy, OUTPUT, 'kuvaus: "Sarkain\\tja\\nrivinvaihto"\n')
    assert load_roadmap(content_copy, content_copy.parent).sources


# --- Properties: every way of writing a henkilötunnus is found, a wrong one never ------------------

_SEPARATORS = ["-", "+", "A", "B", "C", "D", "E", "F", "U", "V", "W", "X", "Y", " ", "", ".", "\u2013", "\u2212"]
_INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@st.composite
def henkilotunnus(draw):
    day = draw(st.integers(1, 28))
    month = draw(st.integers(1, 12))
    year = draw(st.integers(0, 99))
    individual = draw(st.integers(2, 899))
    return f"{day:02d}{month:02d}{year:02d}", f"{individual:03d}"


@settings(deadline=None, max_examples=300)
@given(henkilotunnus(), st.sampled_from(_SEPARATORS), st.lists(st.tuples(st.integers(1, 10), st.sampled_from(_INVISIBLE)), max_size=3),
       st.sampled_from(["{}", "Asiakas {} soitti.", "*{}*", "**{}**", "({})", "«{}»"]))
def test_a_valid_code_is_found_however_it_is_written(code, separator, invisible, frame):
    birth, individual = code
    text = hetu(birth, separator, individual)
    for position, char in sorted(invisible, reverse=True):
        text = text[:position] + char + text[position:]
    written = frame.format(text)
    assert any(what == "henkilötunnus" and text in found or found in written for found, what in find_in_text(written))


@settings(deadline=None, max_examples=300)
@given(henkilotunnus(), st.sampled_from(_SEPARATORS))
def test_a_code_with_a_wrong_control_character_is_not_a_henkilotunnus(code, separator):
    birth, individual = code
    text = wrong_control(hetu(birth, separator, individual))
    assert all(what != "henkilötunnus" for _, what in find_in_text(text))


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.characters(categories=["L", "Zs"], include_characters="äöåÄÖÅ.,;:!?-–"), max_size=80))
def test_finnish_prose_without_numbers_has_no_finding(text):
    """Words, spaces and punctuation alone are never a finding: a credential needs its keyword."""
    found = find_in_text(text)
    assert all("tunnistetieto" in what or what == SOURCE_LOGIN for _, what in found)


# --- The sources' test login ------------------------------------------------------------------------


def _made_up_login(monkeypatch) -> None:
    """The check's stored digests replaced by those of a made-up login (USERNAME, PASSWORD)."""
    words = lambda value: re.findall(r"[^\W\d_]+", value)  # noqa: E731
    monkeypatch.setattr(sensitive, "KNOWN_CREDENTIALS", (
        sensitive.KnownCredential("käyttäjätunnus", tuple(map(credential_digest, words(USERNAME))),
                                  credential_digest(USERNAME), anywhere=True),
        sensitive.KnownCredential("salasana", (credential_digest(PASSWORD),), credential_digest(PASSWORD), anywhere=False),
    ))
    monkeypatch.setattr(sensitive, "_DIGESTS", {})
    monkeypatch.setattr(sensitive, "_SEEN", set())
    monkeypatch.setattr(sensitive, "_KNOWN_PIECES", set())


LOGIN_WRITTEN = [
    ("as-is", "Tunnus oli testi.kayttaja."),
    ("upper-case", "TESTI.KAYTTAJA"),
    ("joined", "testikayttaja"),
    ("space", "kirjaudu testi kayttaja"),
    ("underscore", "testi_kayttaja"),
    ("emphasis", "**testi.kayttaja**"),
    ("cyrillic-e", "t\u0435sti.kayttaja"),
    ("fullwidth", "ｔｅｓｔｉ．ｋａｙｔｔａｊａ"),
    ("soft-hyphen", "tes\u00adti.kay\u00adttaja"),
    ("password-after-keyword", "Salasana: appelsiini"),
    ("password-stated", "salasana on Appelsiini"),
    ("password-with-digits", "Salasana on Appelsiini2005"),
    ("password-strong", "Salasana: **Appelsiini**"),
]


@pytest.mark.parametrize("text", [t for _, t in LOGIN_WRITTEN], ids=[i for i, _ in LOGIN_WRITTEN])
def test_the_sources_login_is_recognised_by_its_digests(monkeypatch, text):
    _made_up_login(monkeypatch)
    assert [what for _, what in find_in_text(text)] == [SOURCE_LOGIN]


@pytest.mark.parametrize("text", ["Appelsiini on hedelmä.", "testi ja kayttaja", "kayttaja testi", "testi. Kayttajat"])
def test_the_password_alone_or_the_words_apart_are_no_login(monkeypatch, text):
    """The password is also an ordinary word (the slide's is the extranet's name): only as a value."""
    _made_up_login(monkeypatch)
    assert all(what != SOURCE_LOGIN for _, what in find_in_text(text))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")
def test_the_login_on_the_sources_slide_is_recognised():
    slide = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    lines = [line for line in slide.splitlines() if find_in_text(line)]
    found = [what for line in lines for _, what in find_in_text(line)]
    assert found.count(SOURCE_LOGIN) == 2, lines  # the username and the password lines


def test_no_tracked_file_holds_a_credential_from_the_sources():
    """By the same keyed check: the tests, the guard's patterns and the docs hold only made-up ones."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    checked = 0
    for name in filter(None, names.decode("utf-8").split("\0")):
        path = REPO / name
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        checked += 1
        found = [(number, what) for number, line in enumerate(text.splitlines(), start=1)
                 for _, what in find_in_text(line) if what == SOURCE_LOGIN]
        assert not found, f"{name}: {found}"
    assert checked > 100


def test_no_credential_from_the_sources_in_the_real_content(roadmap):
    for source in roadmap.sources:
        text = (REPO / source).read_text(encoding="utf-8")
        assert all(what != SOURCE_LOGIN for _, what in find_in_text(text)), source


# --- Hand-written pages -------------------------------------------------------------------------------


def test_lines_of_a_page_are_reported_with_their_numbers():
    page = "# Otsikko\n\nTavallista tekstiä.\n\nYhteyshenkilö: matti.meikalainen@esimerkki.fi\n"
    assert [(f.line, f.what) for f in scan_lines("docs/x.md", page)] == [(5, "sähköpostiosoite")]


# --- A reviewed exception never arrives with the text it allows (tiekartta.model.reviewed_change) ---

ADDRESS = "kirjaamo@esimerkki.fi"
ENTRY = (f"  - tiedosto: roadmap/{OUTPUT}\n    kenttä: kuvaus\n    teksti: {ADDRESS}\n"
         "    peruste: Organisaation virallinen kirjaamon osoite.\n")


def _git(root, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Testi", "-c", "user.email=testi@invalid", *args], cwd=root,
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def content_repo(content_copy):
    """A git repository holding the content copy, its first commit on branch "perusta"."""
    root = content_copy.parent
    _git(root, "init", "-q", "-b", "perusta")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Sisältö")
    return root


def _commit(root, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _change_problems(root) -> list[tuple[str, str]]:
    return [(p.field, p.kind) for p in check_change(root, "perusta")]


def test_an_exception_and_its_text_in_one_change_are_refused(content_repo):
    content = content_repo / "roadmap"
    _git(content_repo, "switch", "-q", "-c", "muutos")
    _append(content, OUTPUT, f"kuvaus: Palaute {ADDRESS}\n")
    _allow(content, ENTRY)
    _commit(content_repo, "Osoite ja sen poikkeus")
    assert load_roadmap(content, content_repo).sources  # the content alone is fine ...
    assert _change_problems(content_repo) == [("poikkeukset[1]", "exception-with-its-text")]  # ... the change is not


def test_an_exception_first_and_its_text_after_are_accepted(content_repo):
    content = content_repo / "roadmap"
    _allow(content, ENTRY)
    _git(content_repo, "switch", "-q", "-c", "poikkeus")
    assert _change_problems(content_repo) == []  # the exception alone, reviewed in a change of its own
    _commit(content_repo, "Poikkeus")
    _git(content_repo, "switch", "-q", "perusta")
    _git(content_repo, "merge", "-q", "poikkeus")
    _git(content_repo, "switch", "-q", "-c", "teksti")
    _append(content, OUTPUT, f"kuvaus: Palaute {ADDRESS}\n")
    assert _change_problems(content_repo) == []
    assert load_roadmap(content, content_repo).sources


def test_an_exception_for_text_already_there_is_accepted(content_repo, monkeypatch):
    """The guard learned something new and flags old text: its exception comes in one change."""
    content = content_repo / "roadmap"
    _append(content, OUTPUT, f"kuvaus: Palaute {ADDRESS}\n")
    _commit(content_repo, "Teksti ennen kuin tarkistus tunsi osoitteet")
    _allow(content, ENTRY)
    assert _change_problems(content_repo) == []


def test_removing_the_text_but_not_its_exception_is_reported(content_repo):
    content = content_repo / "roadmap"
    before = (content / OUTPUT).read_text(encoding="utf-8")
    _append(content, OUTPUT, f"kuvaus: Palaute {ADDRESS}\n")
    _allow(content, ENTRY)
    _commit(content_repo, "Osoite ja poikkeus")
    (content / OUTPUT).write_text(before, encoding="utf-8")
    assert _change_problems(content_repo) == [("poikkeukset[1]", "stale-exception")]


def test_an_unknown_base_is_a_clear_error(content_repo):
    with pytest.raises(BaseError, match="ei löydy"):
        check_change(content_repo, "--output=/tmp/x")


def test_the_command_reads_the_base_from_the_environment(content_repo, monkeypatch, capsys):
    content = content_repo / "roadmap"
    _git(content_repo, "switch", "-q", "-c", "muutos")
    _append(content, OUTPUT, f"kuvaus: Palaute {ADDRESS}\n")
    _allow(content, ENTRY)
    monkeypatch.chdir(content_repo)
    monkeypatch.setenv("PERUSTA", "perusta")
    assert cli.main(["poikkeukset"]) == 1
    assert "samassa muutoksessa" in capsys.readouterr().err
    monkeypatch.delenv("PERUSTA")
    assert cli.main(["poikkeukset"]) == 2


def _code_owners(path: str) -> list[str]:
    """Who owns a path by .github/CODEOWNERS (the last matching line decides; the patterns used
    there: *, /folder/, /file and /folder/*.md)."""
    owners: list[str] = []
    for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *who = line.split()
        if pattern == "*" or (pattern.endswith("/") and path.startswith(pattern)) or path == pattern or (
                "*" in pattern and fnmatch.fnmatch(path, pattern) and path.count("/") == pattern.count("/")):
            owners = who
    return owners


@pytest.mark.parametrize("path", [f"/roadmap/{ALLOWLIST_FILE}", "/.github/workflows/julkaisu.yml", "/.github/CODEOWNERS",
                                  "/tiekartta/model/sensitive.py", "/hooks/tiekartta_site.py", "/macros.py",
                                  "/overrides/main.html", "/docs/assets/haku.js", "/docs/assets/tiekartta.css",
                                  "/mkdocs.yml", "/constraints.txt", "/Makefile", "/docs/opas/uusi.js",
                                  # docs/opas/tarkistukset.md: pictures and the developers' pages need a maintainer too
                                  "/docs/kuva.png", "/docs/opas/kuva.png", "/docs/kehittajille/julkaisu.md"])
def test_codeowners_guard_the_exceptions_and_everything_that_runs(path):
    assert _code_owners(path)


@pytest.mark.parametrize("path", ["/roadmap/tuotokset/kuntouttava-sosiaalityo.yaml", "/roadmap/aineistot/perhetyo/malli.pdf",
                                  "/docs/tietoa.md", "/docs/opas/index.md"])
def test_the_content_and_the_handwritten_pages_need_no_maintainer(path):
    assert _code_owners(path) == []


def test_pull_requests_check_the_exceptions_against_their_base():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "tarkistus.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    step = next(step for step in steps if step.get("run") == "make check-poikkeukset")
    assert step["env"]["PERUSTA"] == "${{ github.event.pull_request.base.sha }}"  # through the environment


# --- The folded views (tiekartta.model.textfold) ------------------------------------------------------

_TRICKY_CHARS = "aäöå*_`~\\&<>;#x0123456789 -–\u00ad\u200b\u200d\u2060\ufeff\u0308\u0301\uff11\uff21\u0430\u0405\u0660\u00a0"


@settings(deadline=None, max_examples=400)
@given(st.text(alphabet=st.one_of(st.sampled_from(_TRICKY_CHARS), st.characters()), max_size=40)
       | st.lists(st.sampled_from(["&shy;", "&#45;", "<b>", "</b>", "**", "&amp;", "<span class=x>", *_TRICKY_CHARS]),
                  max_size=15).map("".join))
def test_the_fast_view_is_the_slow_view(text):
    """Each view's text is made in C; the way back to the written text, character by character, gives
    the same text, so a finding is reported exactly as written."""
    view = folded(text)
    slow, starts, ends = folded_by_character(text)
    assert slow == view.text
    assert all(0 <= start < end <= len(text) for start, end in zip(starts, ends))
    bare = unmarked(text, view)
    if bare is not None:
        assert unmarked_by_character(view.text)[0] == bare.text


def test_the_published_output_may_use_the_texts_the_entries_allow(content_copy):
    from tiekartta.model.reviewed import read_reviewed

    _allow(content_copy, ENTRY)
    reviewed, problems = read_reviewed(content_copy, lambda path: path.name)
    assert not problems and reviewed.allowed_texts() == {ADDRESS}


def test_a_label_for_login_details_before_prose_is_no_credential():
    assert find_in_text("**Henkilö- ja tunnistetiedot**: sivustolle ei tule henkilötunnuksia.") == []
    assert find_in_text("Kirjautumistiedot: kysy ylläpidolta.") == []


def test_a_long_run_of_numbers_is_checked_in_linear_time(monkeypatch):
    """A run of digits and spaces ("0 0 0 …") is no phone number; each start of it is tried only
    with the ends a phone number can reach (at most 22 digits), not with every end of the run."""
    import phonenumbers

    calls = []
    parse = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda *args, **kwargs: calls.append(args) or parse(*args, **kwargs))
    for text in ("0 " * 300, " ".join(str(digit % 7) for digit in range(600))):
        calls.clear()
        assert find_in_text(text) == []
        assert len(calls) <= 25 * text.count("0"), len(calls)


@pytest.mark.parametrize("text", ["salasana: " * 20000, "salasana: {x " * 25000 + "}"])
def test_a_text_of_many_findings_is_checked_in_linear_time(text):
    """Each finding was compared with every finding kept before it, and each credential's value
    copied the rest of the text to look for the end of an example ("{…}"): a page of such lines,
    a few megabytes, would have kept the build busy for hours."""
    import time

    started = time.perf_counter()
    assert len(find_in_text(text)) >= 10000
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("text", ["x" + "0" * 1500, "(" * 20000, "a0" + "(" * 20000, "a+" + "0" * 1500])
def test_a_run_that_is_no_phone_number_is_passed_over_in_linear_time(text):
    """A start of a phone number inside a word or a number, or a bracket without a zero, is refused
    by the candidate regex itself: before, each such start of a long run was matched to the run's
    end first (x000…: some ten seconds for 1000 characters, growing with the cube)."""
    import time

    started = time.perf_counter()
    assert find_in_text(text) == []
    assert time.perf_counter() - started < 5
