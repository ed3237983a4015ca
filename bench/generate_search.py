#!/usr/bin/env python3
"""Writes the bulk request bodies bench/search.sh posts to POST /v1/bulk.

    bench/generate_search.py OUT_DIR [--items N] [--batch N] [--seed N] [--term T] [--jobs N]

OUT_DIR gets batch-00000.json, batch-00001.json, ... ({"items": [...]}, --batch records
each, the last one shorter when --items is not a multiple) and, last, manifest.json: what
the service must answer (inserted, duplicates, rejections by field, per batch and in all),
how many stored items fall in each month, and how many stored titles hold --term and each
of the rare words, by month, so that any month-aligned search has an exact expected total.

The records, like web content from many sources:
  * titles of 3 to 8 words, mostly Portuguese, French or English (one language per title,
    a word of another in 30 % of them), words drawn with Zipf-like weights from lists with
    accents (ç, ã, é, ô, œ, ...); sentence case, Title Case, lower or UPPER case, now and
    then doubled spaces, a tab, a no-break space or spaces around the title;
  * 0.72 % of the titles hold one of 24 rare, accented proper nouns (Conceição,
    Besançon, Kraków, ...), each in about 0.03 % of the titles, written capitalized,
    upper-case, lower-case or without its accents: the selective search terms. No other
    word of the lists holds a rare word's folded form, and a word never spans a space, so
    a title's folded form holds a rare word's exactly when the title has that word;
  * http and https news URLs (a few with an upper-case scheme or protocol-relative),
    unique per record: the path ends in a token that is a bijection of the record number;
  * dates uniform over the 50 years 1975-01-01 to 2024-12-31 (UTC), in the formats the
    service reads: ISO with seconds (plain, Z, an offset, or a space for the T), the hour
    alone (2014-03-08T15), the date alone, March 30 1985, Mar 30, 1985, 06 Oct 1980 and
    6 October 1980;
  * 1 % bad records, one fault each: title null or blank, a file: or ftp: URI, a date
    without year (May 23) or one that does not exist (30 Feb 2001);
  * 0.3 % repeat an earlier record of the same request and 0.2 % a record of a request
    at least 8 before (so it is stored by the time it comes back with up to 8 senders),
    each written differently but the same item once normalized: spaces, the scheme's
    case, another format of the same instant (possibly in another offset);
  * 3 % carry a field the service ignores ("lang").

Every record is derived from --seed and its batch number alone (the anchors that later
batches repeat from their own seed), so batches are generated in parallel (--jobs) and
the output is the same byte for byte on every run. Only the standard library.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
import unicodedata
from datetime import date, timedelta
from multiprocessing import Pool

FORMAT_VERSION = 1

# --- Words ---------------------------------------------------------------------------------

PT = """
ação café coração notícia governo eleição saúde educação economia mercado política cidade
país história música futebol seleção campeonato jogo vitória derrota crise inflação juros
banco empresa trabalho emprego salário reforma lei justiça tribunal polícia segurança
violência chuva sol verão inverno praia floresta amazônia rio mar ilha montanha estrada ponte
avião trem ônibus carro energia petróleo gás água luz família criança jovem mulher homem idoso
escola universidade professor aluno ciência pesquisa vacina hospital médico doença pandemia
vírus tecnologia internet celular aplicativo dados inteligência artificial robô cultura cinema
filme livro autor poesia teatro festa carnaval samba igreja fé turismo viagem hotel
restaurante comida receita pão queijo vinho cerveja exportação importação agricultura soja
milho gado fazenda terra clima aquecimento ambiente lixo reciclagem orçamento imposto dívida
previdência aposentadoria ministro presidente deputado senador prefeito governador congresso
votação campanha partido oposição debate entrevista opinião análise relatório balanço lucro
prejuízo bolsa dólar câmbio nova novo grande pequeno maior melhor pior primeiro último
brasileiro português europeu mundial nacional regional público privado social digital verde
rápido lento forte fraco alto baixo rico pobre antigo moderno hoje amanhã ontem semana mês
década século manhã tarde noite após contra sobre entre durante sem para também já até
coleção exposição memória herança feira lançamento estreia conquista polêmica investigação
operação prisão suspeito vítima testemunha acordo negociação greve sindicato indústria fábrica
"""

FR = """
été hiver printemps automne économie élection gouvernement président ministre député sénat
assemblée réforme retraite grève syndicat travail emploi chômage salaire entreprise marché
bourse euro banque crédit dette impôt budget santé hôpital médecin maladie vaccin épidémie
école université étudiant professeur recherche science énergie nucléaire électricité pétrole
climat réchauffement environnement forêt rivière mer plage montagne île ville village campagne
région département quartier rue route autoroute gare train avion voiture vélo transport
sécurité police justice procès crime enquête victime témoin guerre paix armée défense
frontière immigration société famille enfant jeunesse femme homme âge génération culture
cinéma film théâtre musique chanson concert festival livre roman auteur poésie peinture musée
patrimoine histoire mémoire fête cuisine recette pain fromage vin bière chef goût saveur
sport équipe match victoire défaite championnat coupe joueur entraîneur stade numérique
réseau données intelligence artificielle téléphone logiciel innovation nouveau nouvelle grand
petit premier dernier français européen mondial national privé vert rapide lent fort faible
haut bas riche pauvre ancien moderne demain hier semaine mois année siècle matin soir nuit
après avant pendant sans avec pour chez déjà très plus moins cœur œuvre sœur garçon leçon
façade reçu naïf maïs noël hôtel forêts côte château bâtiment crêpe pâtisserie événement
première étoile mystère réalité vérité liberté égalité fraternité santé sûreté
"""

EN = """
news report government election president minister parliament reform pension strike union
work job salary company market stock dollar bank credit debt tax budget health hospital
doctor disease vaccine pandemic school university student teacher research science energy
nuclear power oil climate warming environment forest river sea beach mountain island city
village country region street road highway station train plane car bicycle transport security
police justice court trial crime investigation victim witness war peace army defense border
immigration society family child youth woman man age generation culture cinema movie theater
music song concert festival book novel author poetry painting museum exhibition heritage
history memory party kitchen recipe bread cheese wine beer restaurant chef taste flavor sport
football team match victory defeat championship cup player coach stadium digital internet
network data intelligence artificial phone software innovation startup new old big small
first last british european global national public private social green fast slow strong
weak high low rich poor ancient modern today tomorrow yesterday week month year century
morning evening night after before against during without with for about under over best
worst breaking live update analysis opinion review interview guide how why what when where
who naïve résumé fiancé déjà piñata jalapeño café entrée protégé soirée
"""

# Each in about 0.03 % of the titles: the selective terms. Single words (a term never spans
# a space), accented, none of their folded forms inside any other word of the lists.
RARE = """
Conceição Guimarães Assunção Besançon Périgueux Gonçalves Brontë Kraków Zürich Málaga Córdoba
Bogotá Curaçao Valparaíso Reykjavík Düsseldorf Çanakkale Ushuaïa Žilina Thiès Cuiabá Maceió
Florianópolis Angoulême
"""

RARE_TITLE_SHARE = 0.0072  # of the titles hold one rare word: 24 words, 0.03 % each
FOREIGN_SHARE = 0.30       # of the titles get one word of another language
LENGTHS = (3, 4, 5, 6, 7, 8)
LENGTH_WEIGHTS = (12, 18, 20, 20, 16, 14)
LANGUAGES = ("pt", "fr", "en")
LANGUAGE_WEIGHTS = (35, 35, 30)

BAD_SHARE = 0.01           # bad records, one fault each
DUP_SAME_SHARE = 0.003     # repeats of an earlier record of the same request
DUP_EARLIER_SHARE = 0.002  # repeats of an anchor of a request at least DUP_DISTANCE before
DUP_DISTANCE = 8
ANCHOR_EVERY = 100         # records 0, 100, 200, ... of a batch are anchors: always new, valid
EXTRA_FIELD_SHARE = 0.03

FIRST_DAY = date(1975, 1, 1)
LAST_DAY = date(2024, 12, 31)  # 50 years
MARGIN = 2                     # days around the window, for local times in an offset

MONTHS = ("January February March April May June July August September October November "
          "December").split()

DOMAINS = {
    "pt": ("g1.globo.com", "www.publico.pt", "www1.folha.uol.com.br", "www.estadao.com.br",
           "observador.pt", "www.rtp.pt", "expresso.pt", "www.cnnbrasil.com.br"),
    "fr": ("www.lemonde.fr", "www.lefigaro.fr", "www.liberation.fr", "www.francetvinfo.fr",
           "www.lapresse.ca", "www.rts.ch", "www.ouest-france.fr", "www.lesoir.be"),
    "en": ("www.bbc.co.uk", "www.theguardian.com", "www.nytimes.com", "www.reuters.com",
           "apnews.com", "www.cbc.ca", "www.irishtimes.com", "www.abc.net.au"),
}
SECTIONS = {
    "pt": ("politica", "economia", "mundo", "cultura", "desporto", "esportes", "ciencia", "sociedade"),
    "fr": ("politique", "economie", "international", "culture", "sport", "sciences", "societe", "planete"),
    "en": ("politics", "business", "world", "culture", "sport", "science", "society", "technology"),
}
SUFFIXES = (".html", ".html", ".html", "", "/", ".htm", "?utm_source=rss&utm_medium=feed", ".html#comments")

# Date formats: name, weight, precision of the instant it can carry.
FORMATS = (
    ("iso", 25, "s"),      # 2014-03-08T15:30:12
    ("iso_z", 10, "s"),    # 2014-03-08T15:30:12Z
    ("offset", 10, "s"),   # 2014-03-08T17:30:12+02:00 (UTC 15:30:12)
    ("space", 5, "s"),     # 2014-03-08 15:30:12
    ("hour", 10, "h"),     # 2014-03-08T15
    ("day", 15, "d"),      # 2014-03-08
    ("long", 8, "d"),      # March 8 2014
    ("comma", 4, "d"),     # Mar 8, 2014
    ("dmy", 9, "d"),       # 08 Mar 2014
    ("dmy_long", 4, "d"),  # 8 March 2014
)
FORMATS_OF = {  # the formats an instant of each precision can be written in
    "s": ("iso", "iso_z", "offset", "space"),
    "h": ("hour", "iso", "iso_z", "offset", "space"),
    "d": ("day", "long", "comma", "dmy", "dmy_long", "iso", "iso_z"),
}
OFFSETS = (60, 120, -180, 330, -300, 540, -60, 0, 600, -420)  # minutes east of UTC

BAD_KINDS = ("title_null", "title_blank", "uri_file", "uri_ftp", "date_no_year", "date_impossible")
BAD_FIELD = {"title_null": "title", "title_blank": "title", "uri_file": "uri", "uri_ftp": "uri",
             "date_no_year": "date", "date_impossible": "date"}


def fold(text):
    """As the service folds titles (dev.keel.search.Folding): NFKD, marks removed, lower-cased."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.category(c).startswith("M")).lower()


def deaccent(text):
    """Accents removed, case kept: how the rare words are sometimes typed."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.category(c).startswith("M"))


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("œ", "oe")).strip("-")


def entry(word):
    """(lower, Capitalized, UPPER, folded, slug) of a word."""
    return (word.lower(), word[0].upper() + word[1:].lower(), word.upper(), fold(word), slug(word))


# --- Tables shared by the workers (built at import, the same in every process) -------------

WORDS = {lang: [entry(w) for w in text.split()] for lang, text in (("pt", PT), ("fr", FR), ("en", EN))}
# Zipf-like: rank r weighs 1 / (r + 3) ^ 0.8.
CUM = {}
for _lang, _words in WORDS.items():
    _total, _cum = 0.0, []
    for _rank in range(len(_words)):
        _total += 1 / (_rank + 3) ** 0.8
        _cum.append(_total)
    CUM[_lang] = _cum
RARE_WORDS = RARE.split()
# The forms a rare word is written in: capitalized most often.
RARE_FORMS = [(w, w, w, w.upper(), w.lower(), deaccent(w)) for w in RARE_WORDS]
RARE_ENTRIES = [entry(w) for w in RARE_WORDS]
RARE_FOLDED = [fold(w) for w in RARE_WORDS]

DAYS = []  # (iso "YYYY-MM-DD", month index from FIRST_DAY's month, "March 8 2014", "Mar 8, 2014", "08 Mar 2014", "8 March 2014", "YYYY/MM/DD")
_first = FIRST_DAY - timedelta(days=MARGIN)
for _n in range((LAST_DAY - FIRST_DAY).days + 1 + 2 * MARGIN):
    _d = _first + timedelta(days=_n)
    _m = MONTHS[_d.month - 1]
    DAYS.append((
        _d.isoformat(),
        (_d.year - FIRST_DAY.year) * 12 + _d.month - 1,
        f"{_m} {_d.day} {_d.year}",
        f"{_m[:3]} {_d.day}, {_d.year}",
        f"{_d.day:02d} {_m[:3]} {_d.year}",
        f"{_d.day} {_m} {_d.year}",
        f"{_d.year}/{_d.month:02d}/{_d.day:02d}",
    ))
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1
N_MONTHS = (LAST_DAY.year - FIRST_DAY.year) * 12 + LAST_DAY.month
TIMES = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
FORMAT_NAMES = [f[0] for f in FORMATS]
# Weighted draws as a look-up in 100 slots (the weights of each add up to 100).
FORMAT_TABLE = [f[0] for f in FORMATS for _ in range(f[1])]
LANGUAGE_TABLE = [lang for lang, w in zip(LANGUAGES, LANGUAGE_WEIGHTS) for _ in range(w)]
LENGTH_TABLE = [n for n, w in zip(LENGTHS, LENGTH_WEIGHTS) for _ in range(w)]
assert len(FORMAT_TABLE) == len(LANGUAGE_TABLE) == len(LENGTH_TABLE) == 100
PRECISION = {f[0]: f[2] for f in FORMATS}
TOKEN_BASE = 36 ** 8
TOKEN_MULTIPLIER = 2654435761  # coprime with 36^8: record number -> token is a bijection
DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def check_words():
    """No word of the lists holds a rare word's folded form but that word itself."""
    folded = [e[3] for lang in WORDS.values() for e in lang] + RARE_FOLDED
    for r in RARE_FOLDED:
        assert len(r) >= 3, r
        holders = [w for w in folded if r in w]
        assert holders == [r], f"the rare word '{r}' is inside {holders}"


def token(number):
    n = number * TOKEN_MULTIPLIER % TOKEN_BASE
    out = []
    for _ in range(8):
        n, d = divmod(n, 36)
        out.append(DIGITS36[d])
    return "".join(out)


def date_text(rng, t, fmt):
    """The instant t (seconds since FIRST_DAY, UTC) written in format fmt."""
    day, sec = divmod(t, 86400)
    d = DAYS[day + MARGIN]
    if fmt == "iso":
        return d[0] + "T" + TIMES[sec]
    if fmt == "iso_z":
        return d[0] + "T" + TIMES[sec] + "Z"
    if fmt == "space":
        return d[0] + " " + TIMES[sec]
    if fmt == "hour":
        return d[0] + "T" + TIMES[sec][:2]
    if fmt == "day":
        return d[0]
    if fmt == "long":
        return d[2]
    if fmt == "comma":
        return d[3]
    if fmt == "dmy":
        return d[4]
    if fmt == "dmy_long":
        return d[5]
    # offset: the local time east of UTC, and the offset
    minutes = OFFSETS[int(rng.random() * len(OFFSETS))]
    lday, lsec = divmod(t + minutes * 60, 86400)
    sign = "+" if minutes >= 0 else "-"
    return f"{DAYS[lday + MARGIN][0]}T{TIMES[lsec]}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


SPAN = N_DAYS * 86400


class Item:
    """A new record as written, and what the service stores of it."""

    __slots__ = ("title", "url", "t", "precision", "fmt", "date", "lang", "rare", "folded", "https")


def new_item(rng, number):
    """A new valid record, number being its place among all records (for the URL token)."""
    item = Item()
    r = rng.random
    lang = LANGUAGE_TABLE[int(r() * 100)]
    n = LENGTH_TABLE[int(r() * 100)]
    words = rng.choices(WORDS[lang], cum_weights=CUM[lang], k=n)
    if r() < FOREIGN_SHARE:
        other = LANGUAGES[(LANGUAGES.index(lang) + 1 + (r() < 0.5)) % 3]
        words[int(r() * n)] = rng.choices(WORDS[other], cum_weights=CUM[other])[0]
    rare = -1
    forms = None
    if r() < RARE_TITLE_SHARE:
        rare = int(r() * len(RARE_WORDS))
        at = int(r() * n)
        words[at] = RARE_ENTRIES[rare]
        forms = (at, RARE_FORMS[rare][int(r() * 6)])
    style = r()
    if style < 0.60:    # sentence case
        parts = [words[0][1]] + [w[0] for w in words[1:]]
    elif style < 0.85:  # Title Case
        parts = [w[1] for w in words]
    elif style < 0.95:
        parts = [w[0] for w in words]
    else:
        parts = [w[2] for w in words]
    if forms is not None:
        parts[forms[0]] = forms[1]
    title = " ".join(parts)
    if r() < 0.03:  # noise that collapses away
        noise = r()
        if noise < 0.4:
            title = title.replace(" ", "  ", 1)
        elif noise < 0.6:
            title = title.replace(" ", "\t", 1)
        elif noise < 0.8:
            title = title.replace(" ", "\u00a0", 1)
        else:
            title = " " + title + " "
    item.title = title
    item.folded = " ".join(w[3] for w in words)
    item.rare = rare
    item.lang = lang
    # The instant, at the precision its format carries.
    fmt = FORMAT_TABLE[int(r() * 100)]
    t = int(r() * SPAN)
    precision = PRECISION[fmt]
    if precision == "h":
        t -= t % 3600
    elif precision == "d":
        t -= t % 86400
    item.t = t
    item.precision = precision
    item.fmt = fmt
    item.date = date_text(rng, t, fmt)
    https = r() < 0.8
    scheme = "https://" if https else "http://"
    if r() < 0.01:
        scheme = scheme.upper() if r() < 0.5 else ("//" if https else "Http://")
    item.https = https
    item.url = (scheme + DOMAINS[lang][int(r() * 8)] + "/" + SECTIONS[lang][int(r() * 8)] + "/"
                + DAYS[t // 86400 + MARGIN][6] + "/" + "-".join(w[4] for w in words[:5]) + "-" + token(number)
                + SUFFIXES[int(r() * len(SUFFIXES))])
    return item


def anchor(seed, batch, index, batch_size):
    """The anchor record at index of batch: a new record from a seed of its own."""
    rng = random.Random(f"{seed}:{batch}:{index}")
    return new_item(rng, batch * batch_size + index)


def repeat(rng, item):
    """The same item as it might come again: other spaces, scheme case, date format."""
    title = item.title
    choice = rng.random()
    if choice < 0.3:
        title = title.replace(" ", "  ", 1)
    elif choice < 0.45:
        title = "  " + title + "\t"
    url = item.url
    choice = rng.random()
    if choice < 0.2:
        scheme, rest = url.split("//", 1)
        if scheme:  # not protocol-relative already
            url = scheme.upper() + "//" + rest
    elif choice < 0.3 and item.https and url.lower().startswith("https:"):
        url = url[6:]  # protocol-relative: the service reads it as https
    elif choice < 0.4:
        url = " " + url + " "
    formats = FORMATS_OF[item.precision]
    return {"title": title, "uri": url, "date": date_text(rng, item.t, formats[rng.randrange(len(formats))])}


def bad_record(rng, item):
    kind = BAD_KINDS[rng.randrange(len(BAD_KINDS))]
    record = {"title": item.title, "uri": item.url, "date": item.date}
    if kind == "title_null":
        record["title"] = None
    elif kind == "title_blank":
        record["title"] = " \t "
    elif kind == "uri_file":
        record["uri"] = "file:///home/user/Downloads/" + item.url.rsplit("/", 1)[-1]
    elif kind == "uri_ftp":
        record["uri"] = "ftp://ftp." + item.url.split("//", 1)[1]
    elif kind == "date_no_year":
        record["date"] = MONTHS[rng.randrange(12)] + " " + str(rng.randrange(1, 29))
    else:
        record["date"] = f"{rng.randrange(30, 32)} Feb {rng.randrange(1975, 2025)}"
    return kind, record


def generate_batch(args):
    """Writes batch number b; returns what the service should make of it."""
    out_dir, b, size, batch_size, seed, term = args
    rng = random.Random(f"{seed}:{b}")
    records = []
    fresh = []  # new items of this batch, for repeats within it
    months = [0] * N_MONTHS
    term_months = [0] * N_MONTHS
    rare_months = {}
    formats = {}
    langs = {"pt": 0, "fr": 0, "en": 0}
    bad = {k: 0 for k in BAD_KINDS}
    dup_same = dup_earlier = inserted = 0
    term_literal = 0
    r = rng.random
    base = b * batch_size
    for i in range(size):
        if i % ANCHOR_EVERY == 0:
            item = anchor(seed, b, i, batch_size)
        else:
            x = r()
            if x < BAD_SHARE:
                kind, record = bad_record(rng, new_item(rng, base + i))
                bad[kind] += 1
                records.append(record)
                continue
            x -= BAD_SHARE
            if x < DUP_SAME_SHARE and fresh:
                records.append(repeat(rng, fresh[rng.randrange(len(fresh))]))
                dup_same += 1
                continue
            x -= DUP_SAME_SHARE
            if x < DUP_EARLIER_SHARE and b >= DUP_DISTANCE:
                earlier = rng.randrange(b - DUP_DISTANCE + 1)
                index = rng.randrange(batch_size // ANCHOR_EVERY) * ANCHOR_EVERY
                records.append(repeat(rng, anchor(seed, earlier, index, batch_size)))
                dup_earlier += 1
                continue
            item = new_item(rng, base + i)
        inserted += 1
        fresh.append(item)
        month = DAYS[item.t // 86400 + MARGIN][1]
        months[month] += 1
        langs[item.lang] += 1
        formats[item.fmt] = formats.get(item.fmt, 0) + 1
        if term in item.folded:
            term_literal += 1
            term_months[month] += 1
        if item.rare >= 0:
            rare_months.setdefault(item.rare, [0] * N_MONTHS)[month] += 1
        record = {"title": item.title, "uri": item.url, "date": item.date}
        if r() < EXTRA_FIELD_SHARE:
            record["lang"] = item.lang
        records.append(record)
    path = os.path.join(out_dir, f"batch-{b:05d}.json")
    data = json.dumps({"items": records}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)
    return {
        "batch": b, "records": size, "inserted": inserted, "dup_same": dup_same, "dup_earlier": dup_earlier,
        "bad": bad, "months": months, "term": term_literal, "term_months": term_months,
        "rare_months": rare_months, "langs": langs, "formats": formats, "bytes": len(data),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--items", type=int, default=10_000_000, help="records in all (default 10,000,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="records per request body (default 10,000)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--term", default="Conceição", help="search term whose matches are counted (default Conceição)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per CPU)")
    args = parser.parse_args()
    if args.items < 1 or args.batch < ANCHOR_EVERY or args.batch % ANCHOR_EVERY:
        sys.exit(f"--items must be positive, --batch a multiple of {ANCHOR_EVERY}")
    term = fold(re.sub(r"\s+", " ", args.term).strip())
    if len(term) < 3:
        sys.exit("--term must fold to at least 3 characters (the trigram index needs 3)")
    check_words()
    os.makedirs(args.out_dir, exist_ok=True)
    manifest_path = os.path.join(args.out_dir, "manifest.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)  # incomplete until written again, last
    batches = (args.items + args.batch - 1) // args.batch
    work = [(args.out_dir, b, min(args.batch, args.items - b * args.batch), args.batch, args.seed, term)
            for b in range(batches)]
    started = time.time()
    totals = {"records": 0, "inserted": 0, "dup_same": 0, "dup_earlier": 0, "bytes": 0, "term": 0}
    bad = {k: 0 for k in BAD_KINDS}
    langs = {"pt": 0, "fr": 0, "en": 0}
    formats = {}
    months = [0] * N_MONTHS
    term_months = [0] * N_MONTHS
    rare_months = {}
    per_batch = []
    with Pool(max(1, args.jobs)) as pool:
        for n, result in enumerate(pool.imap(generate_batch, work, chunksize=1)):
            for key in totals:
                totals[key] += result[key]
            for key, value in result["bad"].items():
                bad[key] += value
            for key, value in result["langs"].items():
                langs[key] += value
            for key, value in result["formats"].items():
                formats[key] = formats.get(key, 0) + value
            for i, value in enumerate(result["months"]):
                months[i] += value
            for i, value in enumerate(result["term_months"]):
                term_months[i] += value
            for rare, counts in result["rare_months"].items():
                acc = rare_months.setdefault(rare, [0] * N_MONTHS)
                for i, value in enumerate(counts):
                    acc[i] += value
            rejected = sum(result["bad"].values())
            per_batch.append([result["inserted"], result["dup_same"] + result["dup_earlier"], rejected])
            if (n + 1) % 100 == 0 or n + 1 == batches:
                done = totals["records"]
                rate = done / max(time.time() - started, 1e-9)
                print(f"generate_search: {done:,} of {args.items:,} records, {rate:,.0f}/s", file=sys.stderr)
    seconds = time.time() - started

    def by_month(counts):
        out = {}
        for i, value in enumerate(counts):
            if value:
                out[f"{FIRST_DAY.year + i // 12:04d}-{i % 12 + 1:02d}"] = value
        return out

    rare = {}
    for i, word in enumerate(RARE_WORDS):
        counts = rare_months.get(i, [0] * N_MONTHS)
        rare[RARE_FOLDED[i]] = {"word": word, "count": sum(counts), "months": by_month(counts)}
    if term in rare and rare[term]["count"] != totals["term"]:
        sys.exit(f"internal error: '{term}' counted {totals['term']} times literally, {rare[term]['count']} as a rare word")
    rejected_by_field = {"title": 0, "uri": 0, "date": 0}
    for kind, value in bad.items():
        rejected_by_field[BAD_FIELD[kind]] += value
    with open(os.path.abspath(__file__), "rb") as f:
        checksum = hashlib.md5(f.read()).hexdigest()
    manifest = {
        "generator": "bench/generate_search.py",
        "generator_md5": checksum,
        "format_version": FORMAT_VERSION,
        "items": args.items,
        "batch_size": args.batch,
        "batches": batches,
        "seed": args.seed,
        "window": [FIRST_DAY.isoformat(), LAST_DAY.isoformat()],
        "expected": {
            "records": totals["records"],
            "inserted": totals["inserted"],
            "duplicates": totals["dup_same"] + totals["dup_earlier"],
            "duplicates_in_request": totals["dup_same"],
            "duplicates_of_earlier": totals["dup_earlier"],
            "rejected": sum(bad.values()),
            "rejected_by_field": rejected_by_field,
            "rejected_by_kind": bad,
        },
        "languages": langs,
        "date_formats": {name: formats.get(name, 0) for name in FORMAT_NAMES},
        "term": {"text": args.term, "folded": term, "count": totals["term"], "months": by_month(term_months)},
        "rare_words": rare,
        "months": by_month(months),
        "per_batch": per_batch,
        "bytes": totals["bytes"],
        "seconds": round(seconds, 1),
        "jobs": args.jobs,
    }
    with open(manifest_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False)
    os.replace(manifest_path + ".tmp", manifest_path)
    print(f"generate_search: {totals['records']:,} records in {batches:,} files ({totals['bytes'] / 1e6:,.0f} MB) in "
          f"{seconds:.1f} s: {totals['inserted']:,} new, {totals['dup_same'] + totals['dup_earlier']:,} repeated, "
          f"{sum(bad.values()):,} bad; '{args.term}' in {totals['term']:,} titles", file=sys.stderr)


if __name__ == "__main__":
    main()
