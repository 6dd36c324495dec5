#!/usr/bin/env python3
"""Self-test of the XGewerbeordnung test gateway Tests/Peers/xgewo_gateway.py.

    .venv/bin/python Tests/Peers/xgewo_gateway_test.py

Starts the peer as a subprocess (port 0, a temporary store, --schemata schemas/xgewo) and talks
HTTP to it with urllib/http.client only: golden messages accepted, duplicates, every rejection
code it produces, the control modes, a kill -9 restart on the same store, folder mode, the inbound
inbox, and that loading a schema never touches the network. Prints one line per check and closes
with "xgewo_gateway_test: N passed, M failed"; exit 0 only if nothing failed.
"""
import glob
import hashlib
import http.client
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

sys.dont_write_bytecode = True  # the in-process import of the peer leaves no __pycache__ in Tests/Peers
HIER = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HIER))
PEER = os.path.join(HIER, "xgewo_gateway.py")
SCHEMATA = os.path.join(REPO, "schemas", "xgewo")
GOLDEN = sorted(glob.glob(os.path.join(REPO, "Tests", "GewerbeXGewOTests", "Golden", "*", "*.xml")))
TOKEN = "geheim-123"
NS_UUID = uuid.UUID("6f1c1a52-8a53-4a53-9d3e-2f0e7c4b9a10")

bestanden = 0
fehlgeschlagen = 0


def check(bedingung, text, info=None):
    global bestanden, fehlgeschlagen
    if bedingung:
        bestanden += 1
        print("ok   %s" % text)
    else:
        fehlgeschlagen += 1
        print("FAIL %s%s" % (text, "  -- %s" % (info,) if info is not None else ""))
    sys.stdout.flush()
    return bedingung


class Peer:
    def __init__(self, speicher, ordner=None, token=TOKEN, schemata=SCHEMATA):
        self.stderr = open(os.path.join(os.path.dirname(speicher), "peer-%d.log" % time.time_ns()), "wb")
        cmd = [sys.executable, PEER, "--port", "0", "--speicher", speicher, "--schemata", schemata]
        if token:
            cmd += ["--token", token]
        if ordner:
            cmd += ["--ordner", ordner]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr)
        bereit, _, _ = select.select([self.proc.stdout], [], [], 10)
        zeile = self.proc.stdout.readline().decode() if bereit else ""
        m = re.fullmatch(r"LISTENING (\d+)\n", zeile)
        if not m:
            self.proc.kill()
            raise RuntimeError("peer did not print LISTENING: %r" % zeile)
        self.port = int(m.group(1))
        self.basis = "http://127.0.0.1:%d" % self.port

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(5)
        self.stderr.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        rest = self.proc.stdout.read()
        self.stderr.close()
        return rest


def anfrage(peer, methode, pfad, body=None, kopf=None, timeout=10):
    req = urllib.request.Request(peer.basis + pfad, data=body, method=methode, headers=kopf or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def js(daten):
    try:
        return json.loads(daten.decode("utf-8"))
    except Exception:
        return {"_roh": daten[:200]}


def kopfdaten(xml):
    """Headers from the message's own nachrichtenkopf (regex on the text, independent of the peer)."""
    t = xml.decode("utf-8")
    wurzel = re.search(r"<(?:\w+:)?([\w.]+)\s[^>]*\bversion=\"([^\"]+)\"", t)
    uid = re.search(r"<(?:\w+:)?nachrichtenUUID>([^<]+)<", t).group(1)
    leser = re.search(r"<(?:\w+:)?leser>\s*<(?:\w+:)?praefix>([^<]+)<[^>]+>\s*<(?:\w+:)?kennung>([^<]+)<", t)
    return {"Content-Type": "application/xml", "X-Nachricht-UUID": uid,
            "X-Leser": "%s:%s" % (leser.group(1), leser.group(2)), "X-Nachrichtentyp": wurzel.group(1),
            "X-XGewO-Version": wurzel.group(2), "Authorization": "Bearer " + TOKEN}


def mit_uuid(xml, neu):
    alt = re.search(rb"<(?:\w+:)?nachrichtenUUID>([^<]+)<", xml).group(1)
    return xml.replace(alt, neu.encode(), 1)


def senden(peer, xml, kopf_von=None, **ueberschreiben):
    """POST /v1/nachrichten with the headers of the message's own nachrichtenkopf (or of kopf_von)."""
    kopf = kopfdaten(kopf_von if kopf_von is not None else xml)
    for k, v in ueberschreiben.items():
        name = {"uuid": "X-Nachricht-UUID", "leser": "X-Leser", "typ": "X-Nachrichtentyp",
                "version": "X-XGewO-Version", "auth": "Authorization", "ct": "Content-Type"}[k]
        if v is None:
            kopf.pop(name, None)
        else:
            kopf[name] = v
    status, h, daten = anfrage(peer, "POST", "/v1/nachrichten", xml, kopf)
    return status, h, daten


def roh_senden(peer, methode, pfad, kopfzeilen, body=b""):
    """http.client for what urllib cannot do (no Content-Length, chunked, lying sizes)."""
    c = http.client.HTTPConnection("127.0.0.1", peer.port, timeout=10)
    c.putrequest(methode, pfad, skip_accept_encoding=True)
    for k, v in kopfzeilen:
        c.putheader(k, v)
    c.endheaders()
    if body:
        c.send(body)
    r = c.getresponse()
    ergebnis = r.status, r.read()
    c.close()
    return ergebnis


def steuern(peer, **modus):
    status, _, daten = anfrage(peer, "POST", "/steuerung", json.dumps(modus).encode(),
                               {"Content-Type": "application/json"})
    return status, js(daten)


def postfach(peer):
    return js(anfrage(peer, "GET", "/v1/postfach")[2])


def lade_modul():
    spec = importlib.util.spec_from_file_location("xgewo_gateway", PEER)
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def test_schema_ohne_netz(tmp):
    """An XSD importing over http (and one importing a file outside the bundle) is refused at load
    time, and no connection is ever made."""
    gw = lade_modul()
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    port = srv.getsockname()[1]
    treffer = []

    def annehmen():
        ende = time.time() + 2
        while time.time() < ende:
            try:
                c, _ = srv.accept()
                treffer.append(1)
                c.close()
            except socket.timeout:
                pass
    t = threading.Thread(target=annehmen, daemon=True)
    t.start()
    bundle = os.path.join(tmp, "bundle-netz")
    os.makedirs(os.path.join(bundle, "x"))
    with open(os.path.join(bundle, "verzeichnis.csv"), "w") as f:
        f.write("version,nachrichtentyp,schema,namensraum,status\n9.9,*,x/a.xsd,urn:a,test\n")
    with open(os.path.join(bundle, "x", "a.xsd"), "w") as f:
        f.write('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">'
                '<xs:import namespace="urn:b" schemaLocation="http://127.0.0.1:%d/b.xsd"/>'
                '<xs:element name="x" type="xs:string"/></xs:schema>' % port)
    try:
        gw.Schemaverzeichnis(bundle)
        abgelehnt = False
    except gw.SchemaFehler as e:
        abgelehnt = "127.0.0.1:%d" % port in str(e)
    with open(os.path.join(bundle, "x", "a.xsd"), "w") as f:
        f.write('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">'
                '<xs:import namespace="urn:b" schemaLocation="../../aussen.xsd"/>'
                '<xs:element name="x" type="xs:string"/></xs:schema>')
    with open(os.path.join(tmp, "aussen.xsd"), "w") as f:
        f.write('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b"/>')
    try:
        gw.Schemaverzeichnis(bundle)
        aussen = False
    except gw.SchemaFehler as e:
        aussen = "aussen.xsd" in str(e)
    t.join()
    srv.close()
    check(abgelehnt and not treffer, "schema load: an http import is refused and never fetched (0 connections)",
          (abgelehnt, treffer))
    check(aussen, "schema load: an import outside the bundle is refused")
    v = gw.Schemaverzeichnis(SCHEMATA)
    check(v.versionen == ["1.6-vorlaeufig"] and v.schema_fuer("1.6-vorlaeufig", "hwk.gewerbemeldung.0210")
          and v.schema_fuer("1.5", "hwk.gewerbemeldung.0210") is None,
          "schemas/xgewo loads in-process; '*' row serves every type of 1.6-vorlaeufig")
    check(len(gw.RUECKWEISUNGSGRUENDE) == 20, "20 codes of rueckweisungsgruende_1 embedded")
    # A peer refusing a bad bundle exits 2 before LISTENING.
    p = subprocess.run([sys.executable, PEER, "--port", "0", "--speicher", os.path.join(tmp, "s-x"),
                        "--schemata", bundle], capture_output=True, timeout=20)
    check(p.returncode == 2 and p.stdout == b"", "peer with an unusable schema bundle exits 2, prints nothing on stdout",
          (p.returncode, p.stdout))


def main():
    start = time.time()
    check(len(GOLDEN) > 0, "%d golden files found" % len(GOLDEN))
    tmp = tempfile.mkdtemp(prefix="xgewo-gw-test-")
    speicher = os.path.join(tmp, "speicher")
    ordner = os.path.join(tmp, "ordner")
    peer = None
    try:
        test_schema_ohne_netz(tmp)
        peer = Peer(speicher)
        check(anfrage(peer, "GET", "/health")[::2] == (200, b"ok"), "GET /health -> 200 ok")

        # --- every golden accepted (UUIDs made unique: the scenarios reuse the same fixed ones) ---
        gesendet = {}
        alle_201 = True
        for pfad in GOLDEN:
            with open(pfad, "rb") as f:
                xml = f.read()
            neu = str(uuid.uuid5(NS_UUID, os.path.relpath(pfad, REPO)))
            xml = mit_uuid(xml, neu)
            status, _, daten = senden(peer, xml)
            antwort = js(daten)
            if status != 201 or antwort.get("status") != "angenommen" or antwort.get("nachrichtUUID") != neu:
                alle_201 = False
                print("     %s -> %s %s" % (os.path.relpath(pfad, REPO), status, antwort))
            gesendet[neu] = (xml, antwort.get("eingang"), kopfdaten(xml))
        check(alle_201, "all %d golden files accepted (201 angenommen), headers from their own nachrichtenkopf"
              % len(GOLDEN))
        pf = postfach(peer)
        check(pf["angenommen"] == len(GOLDEN) and pf["doppelt"] == 0 and len(pf["nachrichten"]) == len(GOLDEN)
              and all(n["zustellungen"] == 1 for n in pf["nachrichten"]),
              "postfach lists %d messages, 1 delivery each" % len(GOLDEN))
        reihenfolge = [(n["eingang"], n["uuid"]) for n in pf["nachrichten"]]
        check(reihenfolge == sorted(reihenfolge), "postfach sorted by eingang, uuid")
        u0, (xml0, eingang0, kopf0) = next(iter(gesendet.items()))
        e0 = next(n for n in pf["nachrichten"] if n["uuid"] == u0)
        check(e0["sha256"] == hashlib.sha256(xml0).hexdigest() and e0["leser"] == kopf0["X-Leser"]
              and e0["nachrichtentyp"] == kopf0["X-Nachrichtentyp"], "postfach entry: leser, type, sha256 of the body")
        praefix, kennung = kopf0["X-Leser"].split(":")
        status, h, daten = anfrage(peer, "GET", "/v1/postfach/%s/%s/%s" % (praefix, kennung, u0))
        check(status == 200 and daten == xml0 and h.get("Content-Type") == "application/xml",
              "GET /v1/postfach/<praefix>/<kennung>/<uuid> returns the stored bytes")
        check(anfrage(peer, "GET", "/v1/postfach/%s/%s/%s" % (praefix, kennung, uuid.uuid4()))[0] == 404,
              "unknown stored message -> 404")
        pfad0 = os.path.join(speicher, praefix, kennung, u0 + ".xml")
        check(os.path.isfile(pfad0), "stored as <speicher>/<praefix>/<kennung>/<uuid>.xml")

        # --- duplicate / S100 ---
        status, _, daten = senden(peer, xml0)
        a = js(daten)
        check(status == 200 and a.get("status") == "doppelt" and a.get("eingang") == eingang0,
              "same message again -> 200 doppelt with the first eingang", (status, a))
        anders = xml0.replace(b"2026-12-01T09:00:00Z", b"2026-12-01T09:00:01Z", 1)
        if anders == xml0:
            anders = xml0.replace(b"</xga:nachrichtenkopf>", b"</xga:nachrichtenkopf><!-- x -->", 1)
        status, _, daten = senden(peer, anders)
        a = js(daten)
        check(status == 422 and a.get("grund") == "S100" and a.get("text", "").startswith("Nicht spezifikationskonform: Rückweisung"),
              "same UUID, other bytes -> 422 S100 with the official text", (status, a))

        # --- concurrent deliveries of one new message: exactly one 201 ---
        parallel = mit_uuid(xml0, str(uuid.uuid4()))
        ergebnisse = []
        faeden = [threading.Thread(target=lambda: ergebnisse.append(senden(peer, parallel)[0])) for _ in range(8)]
        for t in faeden:
            t.start()
        for t in faeden:
            t.join()
        check(sorted(ergebnisse) == [200] * 7 + [201], "8 concurrent POSTs of one message -> one 201, seven 200 doppelt",
              ergebnisse)

        # --- rejections ---
        basis_pfad = next(p for p in GOLDEN if p.endswith("friseur-handwerkskarte/hwk.gewerbemeldung.0210.xml"))
        with open(basis_pfad, "rb") as f:
            basis = f.read()

        def frisch(xml=basis):
            return mit_uuid(xml, str(uuid.uuid4()))

        vorher = postfach(peer)
        x = frisch().replace(b"</xga:nachrichtenkopf>", b"</xga:nachrichtenkopf>\n  <xga:unbekannt>x</xga:unbekannt>", 1)
        status, _, daten = senden(peer, x)
        a = js(daten)
        check(status == 422 and a.get("grund") == "X001" and a.get("details")
              and all(re.match(r"Zeile \d+: ", d) for d in a["details"]) and "unbekannt" in " ".join(a["details"]),
              "unknown element inserted -> 422 X001, details = lxml error log with line numbers", (status, a))
        print("     details: %s" % a.get("details"))

        lol = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
               + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                          for i in range(1, 10))
               + b']>\n<xga:hwk.gewerbemeldung.0210 xmlns:xga="urn:de:gewerbe-fachverfahren:xgewo-vorlaeufig:xga:1.6" '
                 b'version="1.6-vorlaeufig">&lol9;</xga:hwk.gewerbemeldung.0210>')
        kopf = dict(kopfdaten(basis), **{"X-Nachricht-UUID": str(uuid.uuid4())})
        t0 = time.time()
        status, _, daten = anfrage(peer, "POST", "/v1/nachrichten", lol, kopf)
        dauer = time.time() - t0
        a = js(daten)
        check(status == 422 and a.get("grund") == "X000" and dauer < 2,
              "billion laughs (DOCTYPE + entities) -> 422 X000 in %.3f s" % dauer, (status, a))

        lauscher = socket.socket()
        lauscher.bind(("127.0.0.1", 0))
        lauscher.listen(1)
        lauscher.settimeout(0.3)
        extern = (b'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://127.0.0.1:%d/x.dtd">\n'
                  % lauscher.getsockname()[1]) + basis.split(b"?>", 1)[1]
        status, _, daten = anfrage(peer, "POST", "/v1/nachrichten", extern, kopf)
        try:
            lauscher.accept()
            verbunden = True
        except socket.timeout:
            verbunden = False
        lauscher.close()
        check(status == 422 and js(daten).get("grund") == "X000" and not verbunden,
              "external DTD -> 422 X000, the DTD URL is never contacted")

        status, _, daten = anfrage(peer, "POST", "/v1/nachrichten", frisch()[:-40], kopf)
        check(status == 422 and js(daten).get("grund") == "X000" and js(daten).get("details"),
              "truncated XML -> 422 X000 with the parser message", js(daten))
        check(anfrage(peer, "POST", "/v1/nachrichten", b"<a>&xxe;</a>", kopf)[0] == 422,
              "undeclared entity reference -> 422")

        x = frisch()
        latin = x.decode("utf-8").encode("latin-1")
        check(b"Wei\xdf" in latin, "(fixture has a non-ASCII character)")
        status, _, daten = senden(peer, latin, kopf_von=x)
        check(status == 422 and js(daten).get("grund") == "S001", "Latin-1 bytes -> 422 S001", js(daten))
        utf16 = x.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        status, _, daten = senden(peer, utf16, kopf_von=x)
        check(status == 422 and js(daten).get("grund") == "S001", "UTF-16 -> 422 S001", js(daten))

        x = frisch()
        status, _, daten = senden(peer, x, leser="hwk:99999")
        a = js(daten)
        check(status == 422 and a.get("grund") == "T080" and "Irrläufer" in a.get("text", ""),
              "X-Leser differs from nachrichtenkopf/leser -> 422 T080 (Irrläufer)", a)
        status, _, daten = senden(peer, x, version="1.5")
        check(status == 422 and js(daten).get("grund") == "V000", "unknown X-XGewO-Version -> 422 V000", js(daten))
        status, _, daten = senden(peer, x.replace(b'version="1.6-vorlaeufig"', b'version="1.5"', 1),
                                  version="1.6-vorlaeufig")
        check(status == 422 and js(daten).get("grund") == "V000", "root @version != header -> 422 V000", js(daten))
        status, _, daten = senden(peer, x, typ="ihk.gewerbemeldung.0200")
        check(status == 422 and js(daten).get("grund") == "S999", "X-Nachrichtentyp != root element -> 422 S999", js(daten))
        status, _, daten = senden(peer, x, uuid=str(uuid.uuid4()))
        check(status == 422 and js(daten).get("grund") == "S999", "X-Nachricht-UUID != nachrichtenUUID -> 422 S999", js(daten))
        nachher = postfach(peer)
        check(nachher["angenommen"] == vorher["angenommen"] and nachher["abgewiesen"] == vorher["abgewiesen"] + 12,
              "nothing stored by the rejections, 12 counted as abgewiesen", (vorher["abgewiesen"], nachher["abgewiesen"]))

        # --- HTTP-level errors ---
        status, _, daten = senden(peer, x, auth=None)
        check(status == 401 and js(daten) == {"status": "nicht_berechtigt"}, "no token -> 401 nicht_berechtigt")
        status, _, _ = senden(peer, x, auth="Bearer falsch")
        check(status == 401, "wrong token -> 401")
        status, _, daten = senden(peer, x, leser=None)
        check(status == 400 and js(daten).get("status") == "fehlerhaft", "missing X-Leser -> 400 fehlerhaft")
        status, _, daten = senden(peer, x, uuid="keine-uuid")
        check(status == 400, "malformed X-Nachricht-UUID -> 400")
        status, _, _ = senden(peer, x, leser="../etc:passwd")
        check(status == 400, "path-like X-Leser -> 400")
        status, _, _ = senden(peer, x, ct="text/plain")
        check(status == 400, "Content-Type other than application/xml -> 400")
        status, _ = roh_senden(peer, "POST", "/v1/nachrichten", [("Transfer-Encoding", "chunked")], b"0\r\n\r\n")
        check(status == 411, "chunked body without Content-Length -> 411")
        status, _ = roh_senden(peer, "POST", "/v1/nachrichten", [("Content-Length", str(10 * 1024 * 1024 + 1))])
        check(status == 413, "Content-Length over 10 MiB -> 413")
        status, _, daten = anfrage(peer, "GET", "/gibt/es/nicht")
        check(status == 404 and js(daten).get("status") == "nicht_gefunden", "unknown path -> 404 JSON")
        status, _, daten = anfrage(peer, "POST", "/steuerung", b"{kaputt", {"Content-Type": "application/json"})
        check(status == 400, "bad JSON to /steuerung -> 400")
        check(steuern(peer, modus="gibtsnicht")[0] == 400, "unknown modus -> 400")
        check(anfrage(peer, "GET", "/health")[0] == 200, "peer still healthy after bad input")

        # --- control modes ---
        stand = postfach(peer)["angenommen"]
        status, z = steuern(peer, modus="fehler")
        check(status == 200 and z["modus"] == "fehler", "POST /steuerung modus=fehler -> 200 with the mode")
        status, h, daten = senden(peer, frisch())
        check(status == 500 and h.get("Content-Type", "").startswith("text/plain"), "modus fehler -> 500 text")
        status, h, _ = senden(peer, frisch())
        check(status == 500 and postfach(peer)["angenommen"] == stand, "modus fehler stays (no anzahl), nothing stored")
        steuern(peer, modus="nicht_verfuegbar")
        status, h, _ = senden(peer, frisch())
        check(status == 503 and h.get("Retry-After") == "1", "modus nicht_verfuegbar -> 503, Retry-After: 1")
        steuern(peer, modus="abweisen", anzahl=1)
        x = frisch()
        status, _, daten = senden(peer, x)
        a = js(daten)
        check(status == 422 and a.get("grund") == "S020" and a.get("text") == "Nicht spezifikationskonform: Fehlerhafte Einzelfälle",
              "modus abweisen (anzahl 1) -> 422 S020", a)
        status, _, _ = senden(peer, x)
        check(status == 201 and js(anfrage(peer, "GET", "/steuerung")[2])["modus"] == "normal",
              "after anzahl=1 back to normal: the same message -> 201")
        steuern(peer, abweisen_leser="hwk:00043", grund="T070")
        status, _, daten = senden(peer, frisch())
        andere = next(p for p in GOLDEN if "/ihk." in p)
        with open(andere, "rb") as f:
            status2, _, _ = senden(peer, frisch(f.read()))
        check(status == 422 and js(daten).get("grund") == "T070" and status2 == 201,
              "abweisen_leser hwk:00043 rejects only that address (T070), ihk accepted")
        steuern(peer, modus="langsam", verzoegerung_ms=400, anzahl=1)
        t0 = time.time()
        status, _, _ = senden(peer, frisch())
        dauer = time.time() - t0
        t0 = time.time()
        status2, _, _ = senden(peer, frisch())
        dauer2 = time.time() - t0
        check(status == 201 and dauer >= 0.4 and status2 == 201 and dauer2 < 0.4,
              "modus langsam 400 ms -> 201 after %.2f s, then normal (%.3f s)" % (dauer, dauer2))
        check(steuern(peer, modus="normal")[1]["modus"] == "normal", "back to modus normal")

        # --- inbound inbox ---
        ein = frisch()
        ek = kopfdaten(ein)
        ek.pop("Authorization")
        status, _, daten = anfrage(peer, "POST", "/v1/eingang", ein, ek)
        check(status == 201 and js(daten).get("status") == "eingestellt", "POST /v1/eingang -> 201 eingestellt")
        check(anfrage(peer, "GET", "/v1/abholen")[0] == 401, "GET /v1/abholen without token -> 401")
        auth = {"Authorization": "Bearer " + TOKEN}
        liste = js(anfrage(peer, "GET", "/v1/abholen", None, auth)[2])["nachrichten"]
        check([e["uuid"] for e in liste] == [ek["X-Nachricht-UUID"]] and liste[0]["leser"] == ek["X-Leser"]
              and liste[0]["nachrichtentyp"] == ek["X-Nachrichtentyp"], "GET /v1/abholen lists it with its headers")
        status, h, daten = anfrage(peer, "GET", "/v1/abholen/" + ek["X-Nachricht-UUID"], None, auth)
        check(status == 200 and daten == ein and h.get("X-Leser") == ek["X-Leser"], "GET /v1/abholen/<uuid> -> the XML")
        status, _, _ = anfrage(peer, "DELETE", "/v1/abholen/" + ek["X-Nachricht-UUID"], None, auth)
        check(status == 200 and js(anfrage(peer, "GET", "/v1/abholen", None, auth)[2])["nachrichten"] == []
              and anfrage(peer, "DELETE", "/v1/abholen/" + ek["X-Nachricht-UUID"], None, auth)[0] == 404,
              "DELETE /v1/abholen/<uuid> acknowledges; a second DELETE -> 404")

        # --- restart after kill -9 ---
        pf_vorher = postfach(peer)
        peer.kill9()
        halb = os.path.join(speicher, praefix, kennung, str(uuid.uuid4()) + ".xml.tmp")
        with open(halb, "wb") as f:
            f.write(xml0[:100])  # what a kill -9 in the middle of a write leaves
        with open(os.path.join(speicher, "zustellungen.jsonl"), "ab") as f:
            f.write(b'{"art": "doppelt", "uuid": "' + u0.encode())  # a journal line cut by the kill
        peer = Peer(speicher, ordner=ordner)
        pf_nachher = postfach(peer)
        check(pf_nachher == pf_vorher, "kill -9 + restart on the same store: postfach unchanged (%d angenommen, "
              "%d doppelt, %d abgewiesen)" % (pf_vorher["angenommen"], pf_vorher["doppelt"], pf_vorher["abgewiesen"]),
              (pf_vorher["angenommen"], pf_nachher["angenommen"], pf_vorher["doppelt"], pf_nachher["doppelt"]))
        check(not os.path.exists(halb), "a half-written *.tmp is not counted and removed at start")
        status, _, daten = senden(peer, xml0)
        a = js(daten)
        e0n = next(n for n in postfach(peer)["nachrichten"] if n["uuid"] == u0)
        check(status == 200 and a.get("status") == "doppelt" and a.get("eingang") == eingang0 and e0n["zustellungen"] == 3,
              "after the restart a re-post is doppelt (3rd delivery, first eingang kept)", (status, a, e0n))

        # --- folder mode ---
        fx = frisch()
        fu = kopfdaten(fx)["X-Nachricht-UUID"]
        zdir = os.path.join(ordner, "hwk", "00043")
        os.makedirs(zdir, exist_ok=True)
        tmpname = os.path.join(zdir, "x.xml.tmp")
        with open(tmpname, "wb") as f:
            f.write(fx[: len(fx) // 2])
        time.sleep(0.35)
        check(os.path.exists(tmpname) and all(n["uuid"] != fu for n in postfach(peer)["nachrichten"]),
              "folder: a *.tmp file is left alone")
        with open(tmpname, "wb") as f:
            f.write(fx)
        os.rename(tmpname, os.path.join(zdir, fu + ".xml"))
        gefunden = None
        ende = time.time() + 5
        while time.time() < ende and gefunden is None:
            gefunden = next((n for n in postfach(peer)["nachrichten"] if n["uuid"] == fu), None)
            time.sleep(0.05)
        check(gefunden is not None and gefunden["leser"] == "hwk:00043"
              and gefunden["sha256"] == hashlib.sha256(fx).hexdigest(), "folder: x.xml.tmp renamed to <uuid>.xml -> in the postfach")
        time.sleep(0.1)
        check(not os.path.exists(os.path.join(zdir, fu + ".xml")), "folder: the picked-up file is removed")
        bu = str(uuid.uuid4())
        bad = mit_uuid(basis, bu).replace(b"</xga:nachrichtenkopf>", b"</xga:nachrichtenkopf><xga:falsch/>", 1)
        with open(os.path.join(zdir, bu + ".xml.tmp"), "wb") as f:
            f.write(bad)
        os.rename(os.path.join(zdir, bu + ".xml.tmp"), os.path.join(zdir, bu + ".xml"))
        ziel = os.path.join(ordner, "_abgewiesen", bu + ".json")
        ende = time.time() + 5
        while time.time() < ende and not os.path.exists(os.path.join(ordner, "_abgewiesen", bu + ".xml")):
            time.sleep(0.05)
        try:
            with open(ziel, encoding="utf-8") as f:
                abw = json.load(f)
        except (OSError, ValueError):
            abw = {}
        check(abw.get("grund") == "X001" and abw.get("status") == "abgewiesen"
              and not os.path.exists(os.path.join(zdir, bu + ".xml")),
              "folder: an invalid file -> _abgewiesen/<uuid>.xml + <uuid>.json (X001)", abw)
        wu = str(uuid.uuid4())
        irr = mit_uuid(basis, wu)
        os.makedirs(os.path.join(ordner, "ihk", "00001"), exist_ok=True)
        with open(os.path.join(ordner, "ihk", "00001", wu + ".xml"), "wb") as f:
            f.write(irr)
        ende = time.time() + 5
        while time.time() < ende and not os.path.exists(os.path.join(ordner, "_abgewiesen", wu + ".json")):
            time.sleep(0.05)
        time.sleep(0.05)
        try:
            with open(os.path.join(ordner, "_abgewiesen", wu + ".json"), encoding="utf-8") as f:
                abw = json.load(f)
        except (OSError, ValueError):
            abw = {}
        check(abw.get("grund") == "T080", "folder: a file under the wrong leser folder -> T080", abw)

        rest = peer.stop()
        check(rest == b"", "nothing on stdout after the LISTENING line", rest[:200])
        peer = None
    except Exception:
        import traceback
        traceback.print_exc()
        check(False, "self-test aborted by an exception")
    finally:
        if peer is not None:
            peer.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    dauer = time.time() - start
    check(dauer < 20, "whole self-test in %.1f s" % dauer)
    print("xgewo_gateway_test: %d passed, %d failed" % (bestanden, fehlgeschlagen))
    return 0 if fehlgeschlagen == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
