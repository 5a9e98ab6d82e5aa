"""A published handbook as a CPSV-AP 3.2.0 PublicService in JSON-LD (the EU's Core Public Service Vocabulary).

Built from the API's handbook document (`opendata.documents`), so it says what the live version says:

    PublicService            the procedure (section 1) as the handbook's agency serves it
      dct:identifier/title/description   id, name (1) and reference name (10), the criteria (12)
      cv:hasCompetentAuthority          the handbook's agency (PublicOrganisation, also org:Organization)
      cpsv:hasInput                      the documents (15), each an Evidence
      cv:hasCost                         the fees (16): cv:hasValue in THB (cv:currency THB), or a percentage
      cv:hasChannel                      the service channels (11), opening hours as a TemporalEntity
      cv:contactPoint                    the complaint channels (17)
      cv:processingTime                  the total time (13) as an ISO 8601 duration
      cv:hasLegalResource                the laws (5), each an eli:LegalResource
      dct:spatial                        the service areas (7)
      cv:isClassifiedBy, dct:language    the category (4), Thai

The context is the published CPSV-AP context (its URL first, kept in opendata/vocab/cpsv-ap.jsonld for the
tests, never fetched at run time) for the class names, plus the namespace prefixes its own examples use for the
properties. tests/opendata/test_cpsv.py checks every term against that file and the graph against the SHACL
shapes of the same release (opendata/vocab/cpsv-ap-SHACL.ttl).
"""

from __future__ import annotations

CONTEXT_URL = "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"
PREFIXES = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CONTEXT = [CONTEXT_URL, PREFIXES]

# EU authority tables (Publications Office): the Thai language, the baht, Thailand.
THAI = "http://publications.europa.eu/resource/authority/language/THA"
BAHT = "http://publications.europa.eu/resource/authority/currency/THB"
THAILAND = "http://publications.europa.eu/resource/authority/country/THA"


def th(text: str) -> dict:
    return {"@value": text, "@language": "th"}


def concept(label: str, iri: str | None = None) -> dict:
    node = {"@type": "Concept", "skos:prefLabel": th(label)}
    if iri:
        node["@id"] = iri
    return node


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _organisation(agency: dict) -> dict:
    return {
        "@id": agency["url"],
        "@type": ["PublicOrganization", "Organization"],
        "dct:identifier": agency["code"] or str(agency["id"]),
        "skos:prefLabel": th(agency["name"]),
        "dct:spatial": {"@id": THAILAND, "@type": "Location"},
    }


def _evidence(iri: str, row: dict) -> dict:
    counts = f"ฉบับจริง {row['originals']} {row['unit_display']} สำเนา {row['copies']} {row['unit_display']}".strip()
    node = {
        "@id": iri,
        "@type": "Evidence",
        "dct:identifier": iri.rsplit("#", 1)[-1],
        "dct:title": th(row["name"]),
        "dct:description": th(
            _lines(row["group_display"], counts, row["issued_by"] and f"ออกโดย {row['issued_by']}", row["note"])
        ),
    }
    return node


def _cost(iri: str, row: dict, authority: dict | None) -> dict:
    node = {"@id": iri, "@type": "Cost", "dct:identifier": iri.rsplit("#", 1)[-1]}
    if row["amount"] is not None:
        node["cv:hasValue"] = {"@value": row["amount"], "@type": "xsd:double"}
    percent = row["unit"] == "percent"
    if not percent:
        node["cv:currency"] = {"@id": BAHT, "@type": "Concept"}
    amount = f"{'ร้อยละ ' if percent else ''}{row['amount'] or ''}{'' if percent else ' บาท'}".strip()
    node["dct:description"] = th(
        _lines(row["description"], f"{'อัตราสูงสุด ' if row['is_range'] else ''}{amount}", row["note"])
    )
    if authority is not None:
        node["cv:isDefinedBy"] = {"@id": authority["@id"]}
    return node


def _channel(iri: str, row: dict, authority: dict | None) -> dict:
    node = {
        "@id": iri,
        "@type": "Channel",
        "dct:identifier": iri.rsplit("#", 1)[-1],
        "dct:type": concept(row["kind_display"]),
        "dct:description": th(
            _lines(row["place"], row["address"], row["phone"] and f"โทรศัพท์ {row['phone']}", row["website"], row["note"])
        ),
    }
    if row["hours_text"]:
        node["cv:openingHours"] = {"@type": "TemporalEntity", "dct:description": th(row["hours_text"])}
    if authority is not None:
        node["cv:ownedBy"] = {"@id": authority["@id"]}
    return node


def _contact_point(iri: str, row: dict) -> dict:
    node = {"@id": iri, "@type": "ContactPoint", "dct:description": th(_lines(row["channel"], row["note"]))}
    if row["website"]:
        node["cv:contactPage"] = {"@id": row["website"], "@type": "Document"}
    return node


def _law(law: dict) -> dict | None:
    if not law["api_url"]:
        return None
    node = {"@id": law["api_url"], "@type": "LegalResource", "dct:title": th(law["title"])}
    if law["url"]:
        node["foaf:page"] = {"@id": law["url"], "@type": "Document"}
    return node


def public_service(document: dict) -> dict:
    """The CPSV-AP JSON-LD of a handbook document (`opendata.documents.handbook_document`)."""
    here = document["cpsv_url"]
    procedure = document["procedure"]
    agency = document["agency"] or procedure["agency"]
    authority = _organisation(agency) if agency else None
    service: dict = {
        "@context": CONTEXT,
        "@id": f"{here}#service",
        "@type": "PublicService",
        "dct:identifier": str(document["id"]),
        "dct:title": [th(procedure["name"])]
        + ([th(document["reference_name"])] if document["reference_name"] != procedure["name"] else []),
        "dct:description": th(document["criteria"] or document["reference_name"] or procedure["name"]),
        "dct:language": {"@id": THAI, "@type": "LinguisticSystem"},
        "cv:hasCompetentAuthority": [authority] if authority else [],
    }
    if procedure["category_display"]:
        service["cv:isClassifiedBy"] = concept(procedure["category_display"])
    if document["total_time"]["iso8601"]:
        service["cv:processingTime"] = {"@value": document["total_time"]["iso8601"], "@type": "xsd:duration"}
    service["cpsv:hasInput"] = [
        _evidence(f"{here}#document-{i + 1}", row) for i, row in enumerate(document["documents"])
    ]
    service["cv:hasCost"] = [_cost(f"{here}#fee-{i + 1}", row, authority) for i, row in enumerate(document["fees"])]
    service["cv:hasChannel"] = [
        _channel(f"{here}#channel-{i + 1}", row, authority) for i, row in enumerate(document["channels"])
    ]
    service["cv:contactPoint"] = [
        _contact_point(f"{here}#complaint-{i + 1}", row) for i, row in enumerate(document["complaints"])
    ]
    service["cv:hasLegalResource"] = [node for node in (_law(law) for law in procedure["laws"]) if node]
    service["dct:spatial"] = [{"@type": "Location", "skos:prefLabel": th(area["name"])} for area in procedure["areas"]]
    return service
