#!/usr/bin/env python3
"""XGewerbeordnung-Test-Gateway: an offline stand-in for a Land's XTA2-style gateway.

The real gateway does OSCI transport and the DVDV lookup; the Fachverfahren only hands its
messages to it. This peer runs on loopback, checks every message with its OWN XML Schema check
(lxml, independent of the product's libxml2 binding), files accepted messages per recipient
(leser) address, acknowledges them, or rejects them with a code of the official code list
rueckweisungsgruende_1. It can be told to be slow, failing, unavailable or rejecting.
Standard library + lxml only. Used by the Swift transport tests as a subprocess.

Command line
------------
    xgewo_gateway.py --port N --speicher DIR --schemata DIR [--token T] [--ordner DIR] [--host H]

  --port N        TCP port, 0 = pick a free one.
  --speicher DIR  the store (created if missing); survives restarts of the peer.
  --schemata DIR  the schema bundle with verzeichnis.csv (e.g. schemas/xgewo).
  --token T       if given, the product-facing endpoints (POST /v1/nachrichten, /v1/abholen...)
                  require "Authorization: Bearer T" (else 401 {"status":"nicht_berechtigt"}).
  --ordner DIR    folder mode in addition to HTTP (see below).
  --host H        listen address, default 127.0.0.1.

When the socket listens the peer prints exactly one line "LISTENING <port>" to stdout and
never writes to stdout again; one short log line per request goes to stderr.
SIGTERM/SIGINT stop it cleanly; a kill -9 never leaves a half-written message counted as stored.

Schema bundle
-------------
verzeichnis.csv: "version,nachrichtentyp,schema,namensraum,status"; nachrichtentyp "*" = every
type, a concrete row wins over "*". Every XSD is loaded once at start with a hardened parser
(no entities, no DTD, no network); imports may only resolve to files inside the bundle,
a missing or refused import makes the start fail (exit 2).

HTTP protocol (all JSON bodies UTF-8; request bodies need Content-Length (411), at most 10 MiB (413))
-------------
POST /v1/nachrichten            one outbound message (product -> gateway)
    Headers: Content-Type: application/xml, X-Nachricht-UUID: <uuid>,
             X-Leser: <praefix>:<kennung>, X-Nachrichtentyp: <e.g. hwk.gewerbemeldung.0210>,
             X-XGewO-Version: <e.g. 1.6-vorlaeufig>, [Authorization: Bearer <token>]
    401 {"status":"nicht_berechtigt"}                 token wrong/missing
    400 {"status":"fehlerhaft","text":...}            a header missing or malformed
    422 {"status":"abgewiesen","grund":<code>,"text":<official text>,"details":[...],
         "nachrichtUUID":...}                         nothing stored; checks in this order:
        S001  body not UTF-8 (or an XML declaration naming another encoding)
        X000  not well-formed, or any DOCTYPE/DTD/entity declaration (refused outright)
        V000  X-XGewO-Version not in verzeichnis.csv, root @version != header, or no schema
              for (version, type)
        X001  not valid against the XSD; details = lxml error log "Zeile N: message"
        S999  root local name != X-Nachrichtentyp, nachrichtenkopf/nachrichtentyp differs,
              or nachrichtenkopf/nachrichtenUUID != X-Nachricht-UUID
        T080  nachrichtenkopf/leser/praefix:kennung != X-Leser (Irrlaeufer)
        S100  the UUID is already stored with different bytes
      (header elements are found by local name, so an official namespace works as well)
    200 {"status":"doppelt","nachrichtUUID":...,"eingang":<first arrival>}  same UUID, same bytes
    201 {"status":"angenommen","nachrichtUUID":...,"eingang":<ISO 8601 UTC>}
GET  /v1/postfach[?leser=p:k]    {"nachrichten":[{"leser","uuid","nachrichtentyp","sha256",
                                 "zustellungen","eingang"}...],"angenommen":n,"doppelt":n,
                                 "abgewiesen":n}, sorted by eingang, then uuid
GET  /v1/postfach/<praefix>/<kennung>/<uuid>   the stored XML (404 if absent)
POST /v1/eingang                 inject an inbound message (test -> gateway), same headers, no
                                 checks: 201 {"status":"eingestellt",...}; same UUID + same bytes
                                 200 "doppelt", other bytes 409
GET  /v1/abholen                 {"nachrichten":[{"uuid","leser","nachrichtentyp","version",
                                 "sha256","eingang"}...]} (product fetches its inbox)
GET  /v1/abholen/<uuid>          the XML, with the X-* headers it was injected with
DELETE /v1/abholen/<uuid>        acknowledge (removes it): 200 {"status":"quittiert"}, 404
POST /steuerung                  {"modus":"normal"|"langsam"|"fehler"|"nicht_verfuegbar"|"abweisen",
                                 "verzoegerung_ms":0,"grund":"S020","anzahl":null,
                                 "abweisen_leser":"p:k"|null} replaces the whole mode:
                                 langsam = sleep verzoegerung_ms, then answer normally;
                                 fehler = 500 (text), nicht_verfuegbar = 503 + Retry-After: 1,
                                 abweisen = 422 with grund (default S020), nothing stored;
                                 abweisen_leser = reject only messages for that address (implies
                                 abweisen); anzahl = only the next N affected POST /v1/nachrichten,
                                 then normal. Answers 200 with the mode. Not persisted.
                                 Applies to POST /v1/nachrichten only (not to folder mode).
GET  /steuerung                  the current mode
GET  /health                     200 "ok"
anything else                    404 JSON (405 for a known path with another method)
/v1/postfach, /v1/eingang, /steuerung and /health are the tests' side and need no token.

Folder mode (--ordner DIR)
--------------------------
A thread polls DIR every 100 ms for complete files DIR/<praefix>/<kennung>/<uuid>.xml
(dotfiles and *.tmp are ignored: the product writes under a temporary name and renames).
Each file is checked as above, leser and UUID taken from its path, type and version from the
document; it is stored (or counted as a duplicate) exactly as over HTTP and then removed.
A rejected file is moved to DIR/_abgewiesen/<uuid>.xml with <uuid>.json = the rejection JSON.

Store layout (--speicher DIR)
-----------------------------
DIR/<praefix>/<kennung>/<uuid>.xml   accepted messages, written atomically (tmp, fsync, rename,
                                     fsync of the directory); stale *.tmp are removed at start
DIR/zustellungen.jsonl               one line per accepted delivery (first and duplicates)
DIR/abweisungen.jsonl                one line per 422 rejection
DIR/_eingang/<uuid>.xml + .json      the inbound inbox
The index is rebuilt from these at start, so counts survive a restart.
"""
import argparse
import csv
import datetime
import hashlib
import hmac
import http.server
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

# Official code list rueckweisungsgruende_1, embedded verbatim (key -> name) from
# shared/data/xgewo/xgewo-codelists/rueckweisungsgruende_1.xml (genericode),
# CanonicalVersionUri urn:xoev-de:xgewerbeordnung:codeliste:rueckweisungsgruende_1.
RUECKWEISUNGSGRUENDE = {
    "S001": "Nicht spezifikationskonform: Die Nachricht ist nicht UTF-8 codiert.",
    "S010": "Nicht spezifikationskonform: Ungültige Codeliste.",
    "S011": "Nicht spezifikationskonform: Ungültiger Code in einer Codeliste.",
    "S020": "Nicht spezifikationskonform: Fehlerhafte Einzelfälle",
    "S100": "Nicht spezifikationskonform: Rückweisung aufgrund erneuter Lieferung eines bereits erfolgreich verarbeiteten Datensatzes",
    "S999": "Nicht spezifikationskonform aus anderen Gründen.",
    "T000": "Das Zertifikat des Absenders ist abgelaufen.",
    "T001": "Das Zertifikat des Absenders ist widerrufen.",
    "T002": "Das Zertifikat des Absenders ist nicht gültig.",
    "T003": "Das Zertifikat des Absenders fehlt.",
    "T010": "Die Signatur der Inhaltsdaten fehlt oder hat nicht das geforderte Signaturniveau.",
    "T011": "Die Signatur der Inhaltsdaten ist nicht gültig (Integrität verletzt).",
    "T020": "Die Inhaltsdaten können von dem Empfänger nicht dechiffriert werden.",
    "T070": "Der Absender ist zur Inanspruchnahme dieses Dienstes nicht berechtigt.",
    "T080": "Die Nachricht ist dem falschen Empfänger / Leser zugestellt worden, d. h. im Nachrichtenkopf ist eine abweichende Empfängerbehörde eingetragen (Irrläufer).",
    "T099": "Sonstiger Verstoß gegen Anforderungen des OSCI-Transport-Profils",
    "V000": "Nicht spezifikationskonform: Die Nachricht kann in der Version, die in der Nachricht angegeben wird, vom Empfänger nicht bearbeitet werden (Der Dienst ist in dieser Version nicht oder nicht mehr bereit).",
    "X000": "Die Nachricht ist kein wohlgeformtes XML-Dokument.",
    "X001": "Die Nachricht ist nicht valide zu dem Schema der in der Nachricht angegebenen Version",
    "X002": "Die Nachricht ist nicht valide zu den Schematron-Regeln, die für diese Nachricht gelten. Schematron-Fehlercode(s) werden als Unter-Codes mitgeteilt.",
}

MAX_BODY = 10 * 1024 * 1024
MAX_DETAILS = 100
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# praefix, kennung, nachrichtentyp, version: safe as path components (no "..", no "/", no leading "_").
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*?\bencoding\s*=\s*([\"'])([^\"']*)\1")
DOCTYPE_RE = re.compile(rb"<!\s*DOCTYPE|<!\s*ENTITY", re.IGNORECASE)
MODI = ("normal", "langsam", "fehler", "nicht_verfuegbar", "abweisen")


def jetzt_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def log(text):
    sys.stderr.write("xgewo_gateway: %s\n" % text)
    sys.stderr.flush()


def sicherer_parser():
    """A fresh hardened parser (lxml parsers must not be shared between threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, attribute_defaults=False)


def lokal(tag):
    return etree.QName(tag).localname if isinstance(tag, str) else None


def kind(element, name):
    if element is None:
        return None
    for c in element:
        if lokal(c.tag) == name:
            return c
    return None


def text_von(element):
    return (element.text or "").strip() if element is not None else None


def leser_zerlegen(wert):
    """'praefix:kennung' -> (praefix, kennung) or None."""
    if not wert or wert.count(":") != 1:
        return None
    p, k = wert.split(":")
    if not NAME_RE.match(p) or not NAME_RE.match(k):
        return None
    return p, k


def fsync_dir(pfad):
    try:
        fd = os.open(pfad, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomar_schreiben(pfad, daten):
    """Write tmp, fsync, rename, fsync the directory (and its parents up to two levels)."""
    verzeichnis = os.path.dirname(pfad)
    neu = not os.path.isdir(verzeichnis)
    os.makedirs(verzeichnis, exist_ok=True)
    tmp = pfad + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        geschrieben = 0
        while geschrieben < len(daten):
            geschrieben += os.write(fd, daten[geschrieben:])
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, pfad)
    fsync_dir(verzeichnis)
    if neu:
        fsync_dir(os.path.dirname(verzeichnis))
        fsync_dir(os.path.dirname(os.path.dirname(verzeichnis)))


class Abweisung(Exception):
    def __init__(self, grund, details=()):
        super().__init__(grund)
        self.grund = grund
        self.details = [str(d) for d in details][:MAX_DETAILS]

    def als_json(self, nachricht_uuid=None):
        antwort = {"status": "abgewiesen", "grund": self.grund, "text": RUECKWEISUNGSGRUENDE[self.grund],
                   "details": self.details}
        if nachricht_uuid:
            antwort["nachrichtUUID"] = nachricht_uuid
        return antwort


class SchemaFehler(Exception):
    pass


class _BundleResolver(etree.Resolver):
    """Lets schema imports resolve only to local files inside the bundle; records everything else."""

    def __init__(self, wurzel):
        super().__init__()
        self.wurzel = wurzel
        self.abgelehnt = []

    def resolve(self, url, pubid, context):
        pfad = url
        if url.startswith("file:"):
            pfad = unquote(urlsplit(url).path)
        elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
            self.abgelehnt.append(url)
            return self.resolve_string("", context)
        echt = os.path.realpath(pfad)
        if echt != self.wurzel and not echt.startswith(self.wurzel + os.sep):
            self.abgelehnt.append(url)
            return self.resolve_string("", context)
        return None  # the default loader reads the local file


class Schemaverzeichnis:
    def __init__(self, wurzel):
        self.wurzel = os.path.realpath(wurzel)
        self.zeilen = {}  # (version, nachrichtentyp) -> absolute schema path
        self.schemata = {}  # absolute schema path -> etree.XMLSchema
        self.sperren = {}  # absolute schema path -> Lock (validation serialised per schema)
        datei = os.path.join(self.wurzel, "verzeichnis.csv")
        try:
            with open(datei, encoding="utf-8", newline="") as f:
                zeilen = [z for z in csv.reader(f) if z and not z[0].startswith("#")]
        except OSError as e:
            raise SchemaFehler("%s: %s" % (datei, e))
        if not zeilen or [s.strip() for s in zeilen[0][:3]] != ["version", "nachrichtentyp", "schema"]:
            raise SchemaFehler("%s: header 'version,nachrichtentyp,schema,...' expected" % datei)
        for z in zeilen[1:]:
            if len(z) < 3:
                raise SchemaFehler("%s: short row %r" % (datei, z))
            version, typ, schema = (s.strip() for s in z[:3])
            pfad = os.path.realpath(os.path.join(self.wurzel, schema))
            if not pfad.startswith(self.wurzel + os.sep):
                raise SchemaFehler("%s: schema outside the bundle: %s" % (datei, schema))
            self.zeilen[(version, typ)] = pfad
            if pfad not in self.schemata:
                self.schemata[pfad] = lade_schema(pfad, self.wurzel)
                self.sperren[pfad] = threading.Lock()
        if not self.zeilen:
            raise SchemaFehler("%s: no rows" % datei)
        self.versionen = sorted({v for v, _ in self.zeilen})

    def schema_fuer(self, version, typ):
        pfad = self.zeilen.get((version, typ)) or self.zeilen.get((version, "*"))
        return pfad

    def validiere(self, pfad, dokument):
        schema = self.schemata[pfad]
        with self.sperren[pfad]:
            if schema.validate(dokument):
                return None
            return ["Zeile %d: %s" % (e.line, e.message) for e in schema.error_log] or ["nicht valide"]


def lade_schema(pfad, wurzel):
    """Loads one XSD with the hardened parser; imports only from inside the bundle, never the network."""
    parser = sicherer_parser()
    resolver = _BundleResolver(os.path.realpath(wurzel))
    parser.resolvers.add(resolver)
    try:
        dokument = etree.parse(pfad, parser)
        schema = etree.XMLSchema(dokument)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, OSError) as e:
        raise SchemaFehler("%s: %s%s" % (pfad, e, "; refused: %s" % resolver.abgelehnt if resolver.abgelehnt else ""))
    if resolver.abgelehnt:
        raise SchemaFehler("%s: refused to load %s" % (pfad, ", ".join(resolver.abgelehnt)))
    fehlend = [str(e) for e in schema.error_log
               if e.domain_name == "IO" or e.type_name.startswith("SCHEMAP_WARN_UNLOCATED")]
    if fehlend:
        raise SchemaFehler("%s: %s" % (pfad, "; ".join(fehlend)))
    return schema


def pruefe(verzeichnis, body, nachricht_uuid, leser, typ, version):
    """Runs checks 1-5. typ/version None = take them from the document (folder mode).
    Returns the message type; raises Abweisung."""
    # 1. UTF-8
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Abweisung("S001", ["Byte %d: %s" % (e.start, e.reason)])
    m = XML_DECL_RE.match(text.lstrip("\ufeff"))
    if m and m.group(2).strip().upper() != "UTF-8":
        raise Abweisung("S001", ["XML-Deklaration nennt encoding=%r" % m.group(2)])
    # 2. well-formed, no DOCTYPE / DTD / entity declarations
    if DOCTYPE_RE.search(body):
        raise Abweisung("X000", ["DOCTYPE, DTD und Entity-Deklarationen sind nicht zugelassen"])
    parser = sicherer_parser()
    try:
        wurzel = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as e:
        details = ["Zeile %d: %s" % (f.line, f.message) for f in parser.error_log] or ["Zeile %s: %s" % (e.lineno, e.msg)]
        raise Abweisung("X000", details)
    except ValueError as e:  # e.g. unsupported input
        raise Abweisung("X000", [str(e)])
    dokument = wurzel.getroottree()
    info = dokument.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise Abweisung("X000", ["DOCTYPE, DTD und Entity-Deklarationen sind nicht zugelassen"])
    if any(isinstance(e, etree._Entity) for e in wurzel.iter()):
        raise Abweisung("X000", ["Entity-Referenzen sind nicht zugelassen"])
    wurzelname = lokal(wurzel.tag)
    if typ is None:
        typ = wurzelname or ""
    # 3. version
    dok_version = wurzel.get("version")
    if version is None:
        version = dok_version or ""
    if version not in verzeichnis.versionen:
        raise Abweisung("V000", ["Version %r nicht im Verzeichnis (bereit: %s)" % (version, ", ".join(verzeichnis.versionen))])
    if dok_version != version:
        raise Abweisung("V000", ["version-Attribut der Wurzel %r weicht von der angegebenen Version %r ab" % (dok_version, version)])
    schema = verzeichnis.schema_fuer(version, typ)
    if schema is None:
        raise Abweisung("V000", ["kein Schema fuer Nachrichtentyp %r in Version %r" % (typ, version)])
    # 4. XSD
    fehler = verzeichnis.validiere(schema, dokument)
    if fehler is not None:
        raise Abweisung("X001", fehler)
    # 5. header against the message header
    if wurzelname != typ:
        raise Abweisung("S999", ["Wurzelelement %r, angegebener Nachrichtentyp %r" % (wurzelname, typ)])
    kopf = kind(wurzel, "nachrichtenkopf")
    if kopf is None:
        raise Abweisung("S999", ["kein nachrichtenkopf"])
    kopf_uuid = text_von(kind(kopf, "nachrichtenUUID"))
    if (kopf_uuid or "").lower() != nachricht_uuid.lower():
        raise Abweisung("S999", ["nachrichtenUUID %r, angegebene UUID %r" % (kopf_uuid, nachricht_uuid)])
    kopf_typ = text_von(kind(kopf, "nachrichtentyp"))
    if kopf_typ is not None and kopf_typ != typ:
        raise Abweisung("S999", ["nachrichtenkopf/nachrichtentyp %r, angegebener Nachrichtentyp %r" % (kopf_typ, typ)])
    kopf_leser = kind(kopf, "leser")
    kl = "%s:%s" % (text_von(kind(kopf_leser, "praefix")), text_von(kind(kopf_leser, "kennung")))
    if kl != leser:
        raise Abweisung("T080", ["Nachrichtenkopf nennt Leser %s, zugestellt an %s" % (kl, leser)])
    return typ


class Speicher:
    """Store of accepted messages + delivery journal + inbound inbox; all under one lock."""

    def __init__(self, wurzel):
        self.wurzel = os.path.abspath(wurzel)
        os.makedirs(self.wurzel, exist_ok=True)
        self.eingang_dir = os.path.join(self.wurzel, "_eingang")
        os.makedirs(self.eingang_dir, exist_ok=True)
        self.lock = threading.RLock()
        self.nachrichten = {}  # uuid (lower case) -> entry
        self.abgewiesen = 0
        self._wiederherstellen()
        self.journal = self._oeffne_journal("zustellungen.jsonl")
        self.abweisungen = self._oeffne_journal("abweisungen.jsonl")

    # --- start-up -----------------------------------------------------------------------
    def _wiederherstellen(self):
        for praefix in sorted(os.listdir(self.wurzel)):
            pdir = os.path.join(self.wurzel, praefix)
            if not NAME_RE.match(praefix) or not os.path.isdir(pdir):
                continue
            for kennung in sorted(os.listdir(pdir)):
                kdir = os.path.join(pdir, kennung)
                if not NAME_RE.match(kennung) or not os.path.isdir(kdir):
                    continue
                for name in sorted(os.listdir(kdir)):
                    pfad = os.path.join(kdir, name)
                    if name.endswith(".tmp"):
                        log("removing stale %s" % pfad)
                        try:
                            os.remove(pfad)
                        except OSError:
                            pass
                        continue
                    if not name.endswith(".xml") or not UUID_RE.match(name[:-4]):
                        continue
                    with open(pfad, "rb") as f:
                        daten = f.read()
                    u = name[:-4].lower()
                    self.nachrichten[u] = {
                        "leser": "%s:%s" % (praefix, kennung), "uuid": u, "nachrichtentyp": None,
                        "sha256": hashlib.sha256(daten).hexdigest(), "zustellungen": 0,
                        "eingang": datetime.datetime.fromtimestamp(os.path.getmtime(pfad), datetime.timezone.utc)
                        .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                        "_pfad": pfad, "_erste": None,
                    }
        for zeile in self._zeilen("zustellungen.jsonl"):
            e = self.nachrichten.get(str(zeile.get("uuid", "")).lower())
            if e is None or zeile.get("sha256") != e["sha256"]:
                continue
            e["zustellungen"] += 1
            if e["_erste"] is None:
                e["_erste"] = zeile
                e["eingang"] = zeile.get("eingang") or e["eingang"]
                e["nachrichtentyp"] = zeile.get("nachrichtentyp")
        self.abgewiesen = sum(1 for _ in self._zeilen("abweisungen.jsonl"))
        for e in self.nachrichten.values():
            e["zustellungen"] = max(1, e["zustellungen"])
            if not e["nachrichtentyp"]:
                try:
                    e["nachrichtentyp"] = lokal(etree.parse(e["_pfad"], sicherer_parser()).getroot().tag)
                except Exception:
                    e["nachrichtentyp"] = "unbekannt"
        log("store %s: %d messages, %d rejections" % (self.wurzel, len(self.nachrichten), self.abgewiesen))

    def _zeilen(self, name):
        pfad = os.path.join(self.wurzel, name)
        if not os.path.exists(pfad):
            return
        with open(pfad, "rb") as f:
            for roh in f:
                try:
                    zeile = json.loads(roh.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    continue  # a line cut by a kill -9
                if isinstance(zeile, dict):
                    yield zeile

    def _oeffne_journal(self, name):
        pfad = os.path.join(self.wurzel, name)
        f = open(pfad, "ab")
        if f.tell() > 0:
            with open(pfad, "rb") as r:
                r.seek(-1, os.SEEK_END)
                if r.read(1) != b"\n":
                    f.write(b"\n")
                    f.flush()
        return f

    def _anhaengen(self, f, zeile):
        f.write(json.dumps(zeile, ensure_ascii=False).encode("utf-8") + b"\n")
        f.flush()
        os.fsync(f.fileno())

    # --- outbound -----------------------------------------------------------------------
    def annehmen(self, nachricht_uuid, leser, typ, body, quelle):
        """-> ("angenommen"|"doppelt"|"konflikt", entry)"""
        sha = hashlib.sha256(body).hexdigest()
        u = nachricht_uuid.lower()
        with self.lock:
            e = self.nachrichten.get(u)
            if e is not None:
                if e["sha256"] != sha:
                    return "konflikt", e
                e["zustellungen"] += 1
                self._anhaengen(self.journal, {"art": "doppelt", "uuid": u, "leser": e["leser"], "sha256": sha,
                                               "nachrichtentyp": e["nachrichtentyp"], "zeit": jetzt_iso(),
                                               "quelle": quelle})
                return "doppelt", e
            praefix, kennung = leser.split(":")
            pfad = os.path.join(self.wurzel, praefix, kennung, u + ".xml")
            atomar_schreiben(pfad, body)
            eingang = jetzt_iso()
            e = {"leser": leser, "uuid": u, "nachrichtentyp": typ, "sha256": sha, "zustellungen": 1,
                 "eingang": eingang, "_pfad": pfad, "_erste": None}
            self.nachrichten[u] = e
            self._anhaengen(self.journal, {"art": "angenommen", "uuid": u, "leser": leser, "sha256": sha,
                                           "nachrichtentyp": typ, "eingang": eingang, "zeit": eingang,
                                           "quelle": quelle})
            return "angenommen", e

    def abweisung_merken(self, nachricht_uuid, leser, grund, quelle):
        with self.lock:
            self.abgewiesen += 1
            self._anhaengen(self.abweisungen, {"uuid": nachricht_uuid, "leser": leser, "grund": grund,
                                               "zeit": jetzt_iso(), "quelle": quelle})

    def postfach(self, leser=None):
        with self.lock:
            liste = [{k: v for k, v in e.items() if not k.startswith("_")} for e in self.nachrichten.values()
                     if leser is None or e["leser"] == leser]
            doppelt = sum(e["zustellungen"] - 1 for e in self.nachrichten.values())
            angenommen = len(self.nachrichten)
            abgewiesen = self.abgewiesen
        liste.sort(key=lambda e: (e["eingang"], e["uuid"]))
        return {"nachrichten": liste, "angenommen": angenommen, "doppelt": doppelt, "abgewiesen": abgewiesen}

    def nachricht_lesen(self, praefix, kennung, nachricht_uuid):
        with self.lock:
            e = self.nachrichten.get(nachricht_uuid.lower())
            if e is None or e["leser"] != "%s:%s" % (praefix, kennung):
                return None
            pfad = e["_pfad"]
        with open(pfad, "rb") as f:
            return f.read()

    # --- inbound inbox ------------------------------------------------------------------
    def einstellen(self, kopf, body):
        """-> "eingestellt" | "doppelt" | "konflikt" """
        u = kopf["uuid"].lower()
        sha = hashlib.sha256(body).hexdigest()
        xml = os.path.join(self.eingang_dir, u + ".xml")
        meta = os.path.join(self.eingang_dir, u + ".json")
        with self.lock:
            if os.path.exists(xml):
                with open(xml, "rb") as f:
                    return ("doppelt" if hashlib.sha256(f.read()).hexdigest() == sha else "konflikt"), None
            eintrag = dict(kopf, uuid=u, sha256=sha, eingang=jetzt_iso())
            atomar_schreiben(meta, json.dumps(eintrag, ensure_ascii=False).encode("utf-8"))
            atomar_schreiben(xml, body)
            return "eingestellt", eintrag

    def _eingang_meta(self, u):
        try:
            with open(os.path.join(self.eingang_dir, u + ".json"), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {"uuid": u}

    def abholliste(self):
        with self.lock:
            liste = [self._eingang_meta(n[:-4]) for n in os.listdir(self.eingang_dir)
                     if n.endswith(".xml") and UUID_RE.match(n[:-4])]
        liste.sort(key=lambda e: (e.get("eingang", ""), e.get("uuid", "")))
        return liste

    def abholen(self, nachricht_uuid):
        u = nachricht_uuid.lower()
        with self.lock:
            try:
                with open(os.path.join(self.eingang_dir, u + ".xml"), "rb") as f:
                    return f.read(), self._eingang_meta(u)
            except FileNotFoundError:
                return None, None

    def quittieren(self, nachricht_uuid):
        u = nachricht_uuid.lower()
        with self.lock:
            try:
                os.remove(os.path.join(self.eingang_dir, u + ".xml"))
            except FileNotFoundError:
                return False
            try:
                os.remove(os.path.join(self.eingang_dir, u + ".json"))
            except FileNotFoundError:
                pass
            fsync_dir(self.eingang_dir)
            return True


class Steuerung:
    def __init__(self):
        self.lock = threading.Lock()
        self._setzen_intern({})

    def _setzen_intern(self, d):
        self.modus = d.get("modus", "normal")
        self.verzoegerung_ms = d.get("verzoegerung_ms", 0)
        self.grund = d.get("grund", "S020")
        self.anzahl = d.get("anzahl")
        self.abweisen_leser = d.get("abweisen_leser")

    def setzen(self, d):
        if not isinstance(d, dict):
            raise ValueError("JSON-Objekt erwartet")
        unbekannt = set(d) - {"modus", "verzoegerung_ms", "grund", "anzahl", "abweisen_leser"}
        if unbekannt:
            raise ValueError("unbekannte Felder: %s" % ", ".join(sorted(unbekannt)))
        neu = {k: v for k, v in d.items() if v is not None}
        if "abweisen_leser" in neu:
            if not isinstance(neu["abweisen_leser"], str) or leser_zerlegen(neu["abweisen_leser"]) is None:
                raise ValueError("abweisen_leser muss 'praefix:kennung' sein")
            neu.setdefault("modus", "abweisen")
            if neu["modus"] != "abweisen":
                raise ValueError("abweisen_leser nur mit modus abweisen")
        if neu.get("modus", "normal") not in MODI:
            raise ValueError("modus muss einer von %s sein" % ", ".join(MODI))
        v = neu.get("verzoegerung_ms", 0)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 600000:
            raise ValueError("verzoegerung_ms muss eine ganze Zahl 0..600000 sein")
        if neu.get("grund", "S020") not in RUECKWEISUNGSGRUENDE:
            raise ValueError("grund muss ein Code aus rueckweisungsgruende_1 sein")
        a = neu.get("anzahl")
        if a is not None and (isinstance(a, bool) or not isinstance(a, int) or a < 1):
            raise ValueError("anzahl muss eine ganze Zahl >= 1 oder null sein")
        with self.lock:
            self._setzen_intern(neu)
        return self.zustand()

    def zustand(self):
        with self.lock:
            return {"modus": self.modus, "verzoegerung_ms": self.verzoegerung_ms, "grund": self.grund,
                    "anzahl": self.anzahl, "abweisen_leser": self.abweisen_leser}

    def nimm(self, phase, leser=None):
        """phase "vorher" (before auth: langsam/fehler/nicht_verfuegbar) or "abweisen" (after the
        headers). Returns the applicable mode dict or None, counting down anzahl."""
        with self.lock:
            if self.modus == "normal":
                return None
            if phase == "vorher" and self.modus == "abweisen":
                return None
            if phase == "abweisen" and self.modus != "abweisen":
                return None
            if self.abweisen_leser is not None and leser != self.abweisen_leser:
                return None
            wirkung = {"modus": self.modus, "verzoegerung_ms": self.verzoegerung_ms, "grund": self.grund}
            if self.anzahl is not None:
                self.anzahl -= 1
                if self.anzahl <= 0:
                    self._setzen_intern({})
            return wirkung


class HttpFehler(Exception):
    def __init__(self, status, antwort, schliessen=False):
        super().__init__(status)
        self.status = status
        self.antwort = antwort
        self.schliessen = schliessen


class Gateway:
    def __init__(self, verzeichnis, speicher, token):
        self.verzeichnis = verzeichnis
        self.speicher = speicher
        self.token = token
        self.steuerung = Steuerung()

    def verarbeite(self, body, nachricht_uuid, leser, typ, version, quelle):
        """Checks and stores. -> (status, json)"""
        try:
            typ = pruefe(self.verzeichnis, body, nachricht_uuid, leser, typ, version)
            art, e = self.speicher.annehmen(nachricht_uuid, leser, typ, body, quelle)
            if art == "konflikt":
                raise Abweisung("S100", ["UUID %s ist bereits mit anderem Inhalt (sha256 %s) angenommen worden am %s"
                                         % (nachricht_uuid, e["sha256"], e["eingang"])])
        except Abweisung as a:
            self.speicher.abweisung_merken(nachricht_uuid, leser, a.grund, quelle)
            return 422, a.als_json(nachricht_uuid)
        if art == "doppelt":
            return 200, {"status": "doppelt", "nachrichtUUID": nachricht_uuid, "eingang": e["eingang"]}
        return 201, {"status": "angenommen", "nachrichtUUID": nachricht_uuid, "eingang": e["eingang"]}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "xgewo-gateway-peer/1"

    def version_string(self):
        return self.server_version

    @property
    def gw(self):
        return self.server.gateway

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def log_request(self, code="-", size="-"):
        code = getattr(code, "value", code)
        log("%s %s %s" % (self.command, self.path, code))

    def handle_expect_100(self):
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            n = 0
        if n > MAX_BODY:
            self.close_connection = True
            self._json(413, {"status": "zu_gross", "text": "hoechstens %d Bytes" % MAX_BODY})
            return False
        return super().handle_expect_100()

    # --- responses ----------------------------------------------------------------------
    def _senden(self, status, daten, content_type, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(daten)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(daten)

    def _json(self, status, objekt, extra=None):
        self._senden(status, json.dumps(objekt, ensure_ascii=False).encode("utf-8"),
                     "application/json; charset=utf-8", extra)

    # --- request ------------------------------------------------------------------------
    def _body(self):
        if self.headers.get("Transfer-Encoding"):
            raise HttpFehler(411, {"status": "fehlerhaft", "text": "Content-Length erforderlich (kein chunked)"}, True)
        cl = self.headers.get("Content-Length")
        if cl is None:
            raise HttpFehler(411, {"status": "fehlerhaft", "text": "Content-Length erforderlich"}, True)
        try:
            n = int(cl)
            if n < 0:
                raise ValueError
        except ValueError:
            raise HttpFehler(400, {"status": "fehlerhaft", "text": "Content-Length ungueltig"}, True)
        if n > MAX_BODY:
            raise HttpFehler(413, {"status": "zu_gross", "text": "hoechstens %d Bytes" % MAX_BODY}, True)
        daten = self.rfile.read(n)
        if len(daten) != n:
            raise HttpFehler(400, {"status": "fehlerhaft", "text": "Body kuerzer als Content-Length"}, True)
        return daten

    def _verwerfen(self):
        """Reads and drops a body of a GET/DELETE so keep-alive stays in sync."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            n = -1
        if 0 < n <= MAX_BODY:
            self.rfile.read(n)
        elif n != 0:
            self.close_connection = True

    def _berechtigt(self):
        if self.gw.token is None:
            return
        wert = self.headers.get("Authorization", "")
        erwartet = "Bearer " + self.gw.token
        if not hmac.compare_digest(wert.encode("utf-8", "replace"), erwartet.encode("utf-8")):
            raise HttpFehler(401, {"status": "nicht_berechtigt"})

    def _kopfdaten(self):
        fehlend = [h for h in ("Content-Type", "X-Nachricht-UUID", "X-Leser", "X-Nachrichtentyp", "X-XGewO-Version")
                   if not self.headers.get(h)]
        if fehlend:
            raise HttpFehler(400, {"status": "fehlerhaft", "text": "Header fehlt: %s" % ", ".join(fehlend)})
        ct = self.headers["Content-Type"].split(";")
        if ct[0].strip().lower() != "application/xml":
            raise HttpFehler(400, {"status": "fehlerhaft", "text": "Content-Type muss application/xml sein"})
        for p in ct[1:]:
            k, _, v = p.partition("=")
            if k.strip().lower() == "charset" and v.strip().strip('"').lower() not in ("utf-8", "utf8"):
                raise HttpFehler(400, {"status": "fehlerhaft", "text": "charset muss utf-8 sein"})
        u = self.headers["X-Nachricht-UUID"].strip()
        if not UUID_RE.match(u):
            raise HttpFehler(400, {"status": "fehlerhaft", "text": "X-Nachricht-UUID ist keine UUID"})
        leser = self.headers["X-Leser"].strip()
        if leser_zerlegen(leser) is None:
            raise HttpFehler(400, {"status": "fehlerhaft", "text": "X-Leser muss 'praefix:kennung' sein"})
        typ = self.headers["X-Nachrichtentyp"].strip()
        version = self.headers["X-XGewO-Version"].strip()
        for name, wert in (("X-Nachrichtentyp", typ), ("X-XGewO-Version", version)):
            if not NAME_RE.match(wert):
                raise HttpFehler(400, {"status": "fehlerhaft", "text": "%s ungueltig" % name})
        return {"uuid": u, "leser": leser, "nachrichtentyp": typ, "version": version}

    def _dispatch(self):
        try:
            teile = urlsplit(self.path)
            self._pfad = [unquote(t) for t in teile.path.split("/") if t]
            self._query = parse_qs(teile.query)
            if self.command != "POST":
                self._verwerfen()
            self._route()
        except HttpFehler as f:
            if f.schliessen:
                self.close_connection = True
            self._sicher_json(f.status, f.antwort)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            self._sicher_json(500, {"status": "fehler", "text": "%s: %s" % (type(e).__name__, e)})

    def _sicher_json(self, status, objekt):
        try:
            self._json(status, objekt)
        except OSError:
            self.close_connection = True

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = _dispatch

    def _methode(self, *erlaubt):
        if self.command not in erlaubt:
            raise HttpFehler(405, {"status": "methode_nicht_erlaubt", "text": "erlaubt: %s" % ", ".join(erlaubt)})

    def _route(self):
        p = self._pfad
        if p == ["health"]:
            self._methode("GET", "HEAD")
            return self._senden(200, b"ok", "text/plain; charset=utf-8")
        if p == ["steuerung"]:
            self._methode("GET", "POST")
            if self.command == "GET":
                return self._json(200, self.gw.steuerung.zustand())
            daten = self._body()
            try:
                return self._json(200, self.gw.steuerung.setzen(json.loads(daten.decode("utf-8"))))
            except (ValueError, UnicodeDecodeError) as e:
                raise HttpFehler(400, {"status": "fehlerhaft", "text": str(e)})
        if p[:1] == ["v1"]:
            if p == ["v1", "nachrichten"]:
                self._methode("POST")
                return self._nachricht()
            if p == ["v1", "postfach"]:
                self._methode("GET")
                leser = self._query.get("leser", [None])[0]
                return self._json(200, self.gw.speicher.postfach(leser))
            if len(p) == 5 and p[1] == "postfach":
                self._methode("GET")
                if not (NAME_RE.match(p[2]) and NAME_RE.match(p[3]) and UUID_RE.match(p[4])):
                    raise HttpFehler(404, {"status": "nicht_gefunden"})
                daten = self.gw.speicher.nachricht_lesen(p[2], p[3], p[4])
                if daten is None:
                    raise HttpFehler(404, {"status": "nicht_gefunden"})
                return self._senden(200, daten, "application/xml")
            if p == ["v1", "eingang"]:
                self._methode("POST")
                return self._eingang()
            if p == ["v1", "abholen"]:
                self._methode("GET")
                self._berechtigt()
                return self._json(200, {"nachrichten": self.gw.speicher.abholliste()})
            if len(p) == 3 and p[1] == "abholen":
                self._methode("GET", "DELETE")
                self._berechtigt()
                if not UUID_RE.match(p[2]):
                    raise HttpFehler(404, {"status": "nicht_gefunden"})
                if self.command == "DELETE":
                    if not self.gw.speicher.quittieren(p[2]):
                        raise HttpFehler(404, {"status": "nicht_gefunden"})
                    return self._json(200, {"status": "quittiert", "nachrichtUUID": p[2]})
                daten, meta = self.gw.speicher.abholen(p[2])
                if daten is None:
                    raise HttpFehler(404, {"status": "nicht_gefunden"})
                kopf = {"X-Nachricht-UUID": meta.get("uuid", p[2])}
                for h, k in (("X-Leser", "leser"), ("X-Nachrichtentyp", "nachrichtentyp"), ("X-XGewO-Version", "version")):
                    if meta.get(k):
                        kopf[h] = meta[k]
                return self._senden(200, daten, "application/xml", kopf)
        raise HttpFehler(404, {"status": "nicht_gefunden", "text": "unbekannter Pfad %s" % self.path})

    def _nachricht(self):
        body = self._body()
        wirkung = self.gw.steuerung.nimm("vorher")
        if wirkung is not None:
            if wirkung["modus"] == "fehler":
                return self._senden(500, "Interner Fehler (simuliert durch /steuerung)\n".encode("utf-8"),
                                    "text/plain; charset=utf-8")
            if wirkung["modus"] == "nicht_verfuegbar":
                return self._json(503, {"status": "nicht_verfuegbar"}, {"Retry-After": "1"})
            if wirkung["modus"] == "langsam":
                time.sleep(wirkung["verzoegerung_ms"] / 1000.0)
        self._berechtigt()
        kopf = self._kopfdaten()
        wirkung = self.gw.steuerung.nimm("abweisen", kopf["leser"])
        if wirkung is not None:
            a = Abweisung(wirkung["grund"], ["simulierte Abweisung (Steuerung)"])
            self.gw.speicher.abweisung_merken(kopf["uuid"], kopf["leser"], a.grund, "steuerung")
            return self._json(422, a.als_json(kopf["uuid"]))
        status, antwort = self.gw.verarbeite(body, kopf["uuid"], kopf["leser"], kopf["nachrichtentyp"],
                                             kopf["version"], "http")
        return self._json(status, antwort)

    def _eingang(self):
        body = self._body()
        kopf = self._kopfdaten()
        art, eintrag = self.gw.speicher.einstellen(kopf, body)
        if art == "konflikt":
            raise HttpFehler(409, {"status": "konflikt", "text": "UUID mit anderem Inhalt vorhanden"})
        status = 201 if art == "eingestellt" else 200
        return self._json(status, {"status": art, "nachrichtUUID": kopf["uuid"]})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Ordnerwaechter(threading.Thread):
    def __init__(self, ordner, gateway):
        super().__init__(name="ordner", daemon=True)
        self.ordner = os.path.abspath(ordner)
        self.abgewiesen_dir = os.path.join(self.ordner, "_abgewiesen")
        self.gw = gateway
        self.halt = threading.Event()
        os.makedirs(self.abgewiesen_dir, exist_ok=True)

    def run(self):
        while not self.halt.is_set():
            try:
                self.einmal()
            except Exception:
                traceback.print_exc(file=sys.stderr)
            self.halt.wait(0.1)

    @staticmethod
    def _eintraege(pfad):
        try:
            return sorted(n for n in os.listdir(pfad) if not n.startswith(".") and not n.startswith("_"))
        except OSError:
            return []

    def einmal(self):
        for praefix in self._eintraege(self.ordner):
            pdir = os.path.join(self.ordner, praefix)
            if not os.path.isdir(pdir):
                continue
            for kennung in self._eintraege(pdir):
                kdir = os.path.join(pdir, kennung)
                if not os.path.isdir(kdir):
                    continue
                for name in self._eintraege(kdir):
                    pfad = os.path.join(kdir, name)
                    if name.endswith(".tmp") or not name.endswith(".xml") or not os.path.isfile(pfad):
                        continue
                    self.datei(praefix, kennung, name, pfad)

    def datei(self, praefix, kennung, name, pfad):
        nachricht_uuid = name[:-4]
        leser = "%s:%s" % (praefix, kennung)
        try:
            if os.path.getsize(pfad) > MAX_BODY:
                raise Abweisung("S999", ["Datei groesser als %d Bytes" % MAX_BODY])
            if not (NAME_RE.match(praefix) and NAME_RE.match(kennung)):
                raise Abweisung("S999", ["Ordnername ist keine Leser-Adresse praefix/kennung"])
            if not UUID_RE.match(nachricht_uuid):
                raise Abweisung("S999", ["Dateiname ist keine UUID"])
            with open(pfad, "rb") as f:
                body = f.read()
        except Abweisung as a:
            self.gw.speicher.abweisung_merken(nachricht_uuid, leser, a.grund, "ordner")
            return self.abweisen(pfad, name, a.als_json(nachricht_uuid))
        except FileNotFoundError:
            return
        status, antwort = self.gw.verarbeite(body, nachricht_uuid, leser, None, None, "ordner")
        log("ordner %s/%s/%s %d %s" % (praefix, kennung, name, status, antwort.get("grund", antwort["status"])))
        if status == 422:
            return self.abweisen(pfad, name, antwort)
        os.remove(pfad)

    def abweisen(self, pfad, name, antwort):
        stamm = name[:-4] if name.endswith(".xml") else name
        ziel = os.path.join(self.abgewiesen_dir, stamm + ".xml")
        atomar_schreiben(os.path.join(self.abgewiesen_dir, stamm + ".json"),
                         json.dumps(antwort, ensure_ascii=False, indent=1).encode("utf-8"))
        os.replace(pfad, ziel)
        fsync_dir(self.abgewiesen_dir)
        fsync_dir(os.path.dirname(pfad))


def main(argv=None):
    ap = argparse.ArgumentParser(description="XGewerbeordnung test gateway (offline XTA2 stand-in)")
    ap.add_argument("--port", type=int, required=True, help="0 = pick a free port")
    ap.add_argument("--speicher", required=True, help="store directory")
    ap.add_argument("--schemata", required=True, help="schema bundle with verzeichnis.csv")
    ap.add_argument("--token", default=None, help="require Authorization: Bearer TOKEN")
    ap.add_argument("--ordner", default=None, help="folder mode: poll this directory")
    ap.add_argument("--host", default="127.0.0.1")
    args = ap.parse_args(argv)

    try:
        verzeichnis = Schemaverzeichnis(args.schemata)
    except SchemaFehler as e:
        log("schema bundle unusable: %s" % e)
        return 2
    speicher = Speicher(args.speicher)
    gateway = Gateway(verzeichnis, speicher, args.token)

    if ":" in args.host:
        Server.address_family = socket.AF_INET6
    server = Server((args.host, args.port), Handler)
    server.gateway = gateway
    waechter = None
    if args.ordner:
        waechter = Ordnerwaechter(args.ordner, gateway)
        waechter.start()

    def stoppen(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stoppen)
    signal.signal(signal.SIGINT, stoppen)

    port = server.server_address[1]
    sys.stdout.write("LISTENING %d\n" % port)
    sys.stdout.flush()
    sys.stdout = sys.stderr  # nothing may reach stdout after the LISTENING line
    log("listening on %s:%d, schemas %s (versions %s)%s" % (
        args.host, port, verzeichnis.wurzel, ", ".join(verzeichnis.versionen),
        ", folder %s" % os.path.abspath(args.ordner) if args.ordner else ""))
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        if waechter is not None:
            waechter.halt.set()
        server.server_close()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
