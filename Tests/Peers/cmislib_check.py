#!/usr/bin/env python3
"""Independent client check of the CMIS 1.1 browser-binding test server.

Uses Apache Chemistry cmislib 0.7.0 (cmislib.browser.binding.BrowserBinding) as the CMIS client.
Run by GewerbeEAkteTests/CMISTestServerTests; usable by hand:

    .venv/bin/python Tests/Peers/cmislib_check.py http://127.0.0.1:<port>/browser [user] [password]

Prints one JSON object with what it did and exits 0; any deviation raises (exit code != 0).
"""
import io
import json
import sys

from cmislib import CmisClient
from cmislib.browser.binding import BrowserBinding
from cmislib.exceptions import ObjectNotFoundException, UpdateConflictException

url = sys.argv[1]
user = sys.argv[2] if len(sys.argv) > 2 else None
password = sys.argv[3] if len(sys.argv) > 3 else None
report = {}

client = CmisClient(url, user, password, binding=BrowserBinding())

# Repository info and capabilities.
repo = client.getDefaultRepository()
info = repo.getRepositoryInfo()
assert info["cmisVersionSupported"] == "1.1", info
report["repositoryId"] = repo.getRepositoryId()
report["repositoryName"] = repo.getRepositoryName()
caps = repo.getCapabilities()
assert caps["Query"] in ("metadataonly", "bothcombined", "bothseparate"), caps
report["capabilityQuery"] = caps["Query"]

# Type system: the secondary type and its properties.
base_types = [t.getTypeId() for t in repo.getTypeDefinitions()]
assert "cmis:document" in base_types and "cmis:folder" in base_types, base_types
secondary = repo.getTypeDefinition("gewerbe:metadaten")
secondary_props = sorted(secondary.getProperties().keys())
assert "gewerbe:sha256" in secondary_props, secondary_props
report["secondaryProperties"] = secondary_props

# Create a folder below the root.
root = repo.getRootFolder()
folder = root.createFolder("cmislib-Prüfung")
assert folder.getName() == "cmislib-Prüfung"
report["folderId"] = str(folder.getObjectId())

# The same name again must be rejected (409 -> UpdateConflictException in cmislib).
try:
    root.createFolder("cmislib-Prüfung")
    raise AssertionError("duplicate folder name accepted")
except UpdateConflictException:
    report["duplicateRejected"] = True

# Create a document with content and secondary-type metadata.
content = "Empfangsbescheinigung für Müller – § 15 GewO\n".encode("utf-8")
props = {
    "cmis:secondaryObjectTypeIds": ["gewerbe:metadaten"],
    "gewerbe:aktenzeichen": "06636001-2026-000001",
    "gewerbe:ags": "06636001",
}
doc = folder.createDocument(
    "Bescheinigung.txt", props, contentFile=io.BytesIO(content), contentType="text/plain")
report["documentId"] = str(doc.getObjectId())

# Read it back by path: properties and content.
again = repo.getObjectByPath("/cmislib-Prüfung/Bescheinigung.txt")
assert str(again.getObjectId()) == str(doc.getObjectId())
properties = again.getProperties()
assert properties["cmis:contentStreamLength"] == len(content), properties
assert properties["gewerbe:aktenzeichen"] == "06636001-2026-000001", properties
assert properties["cmis:secondaryObjectTypeIds"] == ["gewerbe:metadaten"], properties
read_back = again.getContentStream().read()
assert read_back == content, read_back
report["contentLength"] = len(read_back)

# Children of the folder.
children = [child.getName() for child in folder.getChildren()]
assert children == ["Bescheinigung.txt"], children

# Update properties.
again.updateProperties({"cmis:description": "geprüft"})
assert repo.getObject(doc.getObjectId()).getProperties()["cmis:description"] == "geprüft"

# Queries: by name on cmis:document, and on the secondary type.
results = repo.query("SELECT * FROM cmis:document WHERE cmis:name = 'Bescheinigung.txt'")
ids = [str(r.getObjectId()) for r in results]
assert ids == [str(doc.getObjectId())], ids
results = repo.query(
    "SELECT cmis:objectId, gewerbe:aktenzeichen FROM gewerbe:metadaten "
    "WHERE gewerbe:aktenzeichen = '06636001-2026-000001'")
assert len(results) == 1, len(results)
report["queryHits"] = len(ids) + len(results)
folders = repo.query(
    "SELECT * FROM cmis:folder WHERE IN_FOLDER('%s')" % root.getObjectId())
assert "cmislib-Prüfung" in [f.getName() for f in folders]

# A missing path is objectNotFound (404).
try:
    repo.getObjectByPath("/gibt-es-nicht")
    raise AssertionError("missing object found")
except ObjectNotFoundException:
    report["notFound"] = True

print(json.dumps(report, ensure_ascii=False))
