#!/usr/bin/env python3
"""Filing benchmark helper (called by Benchmarks/filing.sh).

  submit URL TOKEN N      submit N distinct Anmeldungen (8 threads), print the seconds taken
  baseline DAVURL N       the same number of WebDAV uploads straight to the server (MKCOL Akte,
                          MKCOL Vorgang, PUT PDF-sized and JSON-sized files): the peer's own rate
"""
import concurrent.futures, datetime, json, os, sys, time, urllib.request

KOMMUNEN = ["06636001", "06636002", "06636005", "06636007", "06636009", "06636010", "06636011", "06636012",
            "06636014", "06636015", "06636016"]

def anmeldung(n):
    heute = datetime.date.today().isoformat()
    with open("docs/examples/anmeldung-einzelunternehmen.json", encoding="utf-8") as f:
        a = json.load(f)
    a["gemeindeschluessel"] = KOMMUNEN[n % len(KOMMUNEN)]
    a["eingangsdatum"] = heute
    a["datumUnterschrift"] = heute
    a["beginn"] = heute
    a["geschaeftsbezeichnung"] = f"Schneiderei Nr. {n}"
    a["personen"][0]["familienname"] = f"Ablagemann{n}"
    a["betriebsstaette"]["anschrift"]["hausnummer"] = str(n)
    return json.dumps(a).encode()

def post(url, token, body):
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status == 201, r.status

def submit(url, token, n):
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: post(url + "/v1/anzeigen", token, anmeldung(i)), range(n)))
    print(f"{time.time() - start:.2f}")

def dav(method, url, body=None):
    req = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        if method == "MKCOL" and e.code == 405:
            return 405
        raise

def baseline(davurl, n):
    pdf = os.urandom(6000)
    js = os.urandom(2500)
    start = time.time()
    def ein(i):
        akte = f"{davurl}/baseline/{i % 97}"
        vorgang = f"{akte}/{i}"
        dav("MKCOL", f"{davurl}/baseline") if i == 0 else None
        dav("MKCOL", akte)
        dav("MKCOL", vorgang)
        dav("PUT", f"{vorgang}/anzeige.pdf", pdf)
        dav("PUT", f"{vorgang}/anzeige.json", js)
    dav("MKCOL", f"{davurl}/baseline")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(ein, range(n)))
    print(f"{time.time() - start:.2f}")

if __name__ == "__main__":
    if sys.argv[1] == "submit":
        submit(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        baseline(sys.argv[2], int(sys.argv[3]))
