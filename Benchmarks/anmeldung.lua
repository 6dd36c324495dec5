-- wrk script: POST /v1/anzeigen with a distinct, valid Gewerbeanmeldung per request, spread over the
-- eleven municipalities of config/kommunen.csv. Token and date come from the environment.
local token = os.getenv("GEWERBE_TOKEN")
local heute = os.getenv("BENCH_HEUTE")
local kommunen = { "06636001", "06636002", "06636005", "06636007", "06636009", "06636010", "06636011",
                   "06636012", "06636014", "06636015", "06636016" }
local zaehler = 0
local thread_id = 0

setup = function(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

init = function(args)
  math.randomseed(os.time() + (thread_id or 0))
end

request = function()
  zaehler = zaehler + 1
  local n = (thread_id or 0) * 100000000 + zaehler
  local ags = kommunen[(n % #kommunen) + 1]
  local body = string.format([[{"meldeart":"anmeldung","formularversion":"2025","gemeindeschluessel":"%s",
"eingangsdatum":"%s","eingangskanal":"online","inhaber":{"rechtsform":"180"},
"geschaeftsbezeichnung":"Schneiderei Nr. %d","personen":[{"funktion":"inhaber","familienname":"Lastmann%d",
"vornamen":"Jürgen","geschlecht":"m","geburtsdatum":"1984-03-17","geburtsort":"Eschwege","geburtsland":"Deutschland",
"staatsangehoerigkeiten":["000"],"wohnanschrift":{"strasse":"Niederstadt","hausnummer":"%d","plz":"36205","ort":"Sontra"},
"kontakt":{"telefon":"05653 12345","email":"last@example.org"}}],"beteiligungOeffentlicheHand":"nein",
"betriebsstaette":{"anschrift":{"strasse":"Marktplatz","hausnummer":"%d","plz":"36205","ort":"Sontra"}},
"taetigkeiten":[{"beschreibung":"Änderungsschneiderei und Reparatur von Bekleidung","schwerpunkt":true,
"wz":{"klassifikation":"WZ2008","code":"95.29.0"}}],"nebenerwerb":false,"beginn":"%s","betriebsart":{"sonstiges":true},
"beschaeftigte":{"keine":true},"niederlassungsart":"hauptniederlassung","grundAnmeldung":"neugruendung"}]],
    ags, heute, n, n, n, n, heute)
  return wrk.format("POST", "/v1/anzeigen", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json"
  }, body)
end

local fehler = 0
response = function(status, headers, body)
  if status ~= 201 then
    fehler = fehler + 1
    if fehler <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. string.sub(body, 1, 300) .. "\n") end
  end
end
