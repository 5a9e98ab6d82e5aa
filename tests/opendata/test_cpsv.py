"""The CPSV-AP JSON-LD of a published handbook, checked against the published CPSV-AP 3.2.0 files kept in the repo
(opendata/vocab: the JSON-LD context and the SHACL shapes of the release), never fetched from the network.

- every key the document uses is a term of that context, or a compact IRI over the few prefixes it declares;
- read as RDF (rdflib, the context taken from the file), every property is one the CPSV-AP context defines and
  every class one of its classes;
- the graph conforms to the release's SHACL shapes (pyshacl);
- and it says what the live version says: authority, documents, fees in THB or percent, channels, the processing
  time as an ISO 8601 duration, laws, service areas."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from django.urls import reverse
from pyshacl import validate
from rdflib.namespace import RDF

from handbooks.models import Fee
from opendata import cpsv
from tests.approvals.helpers import make_handbook

pytestmark = pytest.mark.django_db

VOCAB = Path(cpsv.__file__).resolve().parent / "vocab"
CONTEXT = json.loads((VOCAB / "cpsv-ap.jsonld").read_text(encoding="utf-8"))["@context"]
CV = rdflib.Namespace("http://data.europa.eu/m8g/")
CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


def _iri(definition) -> str:
    return definition if isinstance(definition, str) else definition["@id"]


CLASSES = {_iri(d) for term, d in CONTEXT.items() if "." not in term}
PROPERTIES = {_iri(d) for term, d in CONTEXT.items() if "." in term}


@pytest.fixture
def service(client, author, approver):
    handbook = make_handbook(author, rows=2)
    Fee.objects.create(
        handbook=handbook,
        position=5,
        description="ร้อยละของมูลค่า",
        amount=Decimal("1.50"),
        unit="percent",
        is_range=True,
        note="ร้อยละ 0.5 ถึง 1.5",
    )
    handbook.submit(author)
    handbook.approve(approver)
    handbook.refresh_from_db()
    response = client.get(reverse("api:handbook_cpsv", args=[handbook.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    return handbook, json.loads(response.content)


def _keys(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "@context":
                found.add(key)
                _keys(value, found)
    elif isinstance(node, list):
        for item in node:
            _keys(item, found)
    return found


def _types(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        kind = node.get("@type")
        if isinstance(kind, str) and not kind.startswith("xsd:"):
            found.add(kind)
        elif isinstance(kind, list):
            found.update(kind)
        for key, value in node.items():
            if key != "@context":
                _types(value, found)
    elif isinstance(node, list):
        for item in node:
            _types(item, found)
    return found


def graph_of(document: dict) -> rdflib.Graph:
    """The document as RDF, its context's URL replaced by the context file kept in the repo (no network)."""
    assert document["@context"][0] == cpsv.CONTEXT_URL
    local = {**document, "@context": [CONTEXT, document["@context"][1]]}
    return rdflib.Graph().parse(data=json.dumps(local), format="json-ld")


def test_every_term_is_defined_by_the_cpsv_ap_context(service):
    _handbook, document = service
    prefixes = document["@context"][1]
    assert set(prefixes) <= {"cpsv", "cv", "dct", "foaf", "skos", "xsd"}
    for key in _keys(document, set()):
        if key.startswith("@"):
            assert key in {"@id", "@type", "@value", "@language"}, key
        elif ":" in key:
            assert key.split(":", 1)[0] in prefixes, key
        else:
            assert key in CONTEXT, key
    # The class names are the context's own terms.
    assert _types(document, set()) <= set(CONTEXT), _types(document, set()) - set(CONTEXT)


def test_read_as_rdf_every_property_and_class_is_cpsv_ap(service):
    _handbook, document = service
    graph = graph_of(document)
    assert len(graph) > 60
    predicates = {str(p) for p in graph.predicates()} - {str(RDF.type)}
    assert predicates <= PROPERTIES, predicates - PROPERTIES
    classes = {str(o) for o in graph.objects(None, RDF.type)}
    assert classes <= CLASSES, classes - CLASSES


def test_the_graph_conforms_to_the_cpsv_ap_shacl_shapes(service):
    _handbook, document = service
    shapes = rdflib.Graph().parse(VOCAB / "cpsv-ap-SHACL.ttl", format="turtle")
    conforms, _graph, report = validate(graph_of(document), shacl_graph=shapes, inference="none")
    assert conforms, report


def test_the_shapes_have_teeth(service):
    """A PublicService without its competent authority, or a cost with two values, does not conform."""
    _handbook, document = service
    shapes = rdflib.Graph().parse(VOCAB / "cpsv-ap-SHACL.ttl", format="turtle")
    two_values = [{"@value": "1", "@type": "xsd:double"}, {"@value": "2", "@type": "xsd:double"}]
    broken = {
        **document,
        "cv:hasCompetentAuthority": [],
        "cv:hasCost": [{**document["cv:hasCost"][0], "cv:hasValue": two_values}],
    }
    conforms, _graph, report = validate(graph_of(broken), shacl_graph=shapes, inference="none")
    assert not conforms
    assert "hasCompetentAuthority" in report and "hasValue" in report


def test_it_says_what_the_live_version_says(service):
    handbook, document = service
    snap = handbook.live_version.snapshot
    graph = graph_of(document)
    here = rdflib.URIRef(f"http://testserver/api/v1/handbooks/{handbook.pk}/cpsv/#service")
    assert (here, RDF.type, CPSV.PublicService) in graph
    titles = {str(t) for t in graph.objects(here, DCT.title)}
    assert snap["procedure"]["name"] in titles and snap["handbook"]["reference_name"] in titles
    assert str(graph.value(here, DCT.description)) == snap["handbook"]["criteria"]
    authority = graph.value(here, CV.hasCompetentAuthority)
    assert str(authority) == f"http://testserver/api/v1/agencies/{handbook.agency_id}/"
    assert str(graph.value(authority, SKOS.prefLabel)) == "กรมพัฒนาธุรกิจการค้า"
    assert str(graph.value(authority, DCT.identifier)) == "14004000"
    # processing time: section 13's total as an ISO 8601 duration
    time = graph.value(here, CV.processingTime)
    assert str(time) == "PT30M" and str(time.datatype) == "http://www.w3.org/2001/XMLSchema#duration"
    # documents → Evidence
    evidence = sorted(str(graph.value(e, DCT.title)) for e in graph.objects(here, CPSV.hasInput))
    assert evidence == sorted(d["name"] for d in snap["documents"])
    # fees → Cost: THB as a currency, a percentage without one
    costs = {str(graph.value(c, DCT.identifier)): c for c in graph.objects(here, CV.hasCost)}
    assert len(costs) == 3
    baht = [c for c in costs.values() if graph.value(c, CV.currency) is not None]
    assert len(baht) == 2
    assert {str(graph.value(c, CV.currency)) for c in baht} == {cpsv.BAHT}
    assert {float(graph.value(c, CV.hasValue)) for c in baht} == {5.0}
    (percent,) = [c for c in costs.values() if graph.value(c, CV.currency) is None]
    assert float(graph.value(percent, CV.hasValue)) == 1.5
    assert "ร้อยละ 1.50" in str(graph.value(percent, DCT.description))
    # channels with their opening hours
    channels = list(graph.objects(here, CV.hasChannel))
    assert len(channels) == 2
    hours = {str(graph.value(graph.value(c, CV.openingHours), DCT.description)) for c in channels}
    assert hours == {snap["channels"][0]["hours_text"]}
    # laws → LegalResource, service areas → Location
    laws = {str(graph.value(law, DCT.title)) for law in graph.objects(here, CV.hasLegalResource)}
    assert laws == {law["title"] for law in snap["procedure"]["laws"]}
    areas = {str(graph.value(a, SKOS.prefLabel)) for a in graph.objects(here, DCT.spatial)}
    assert areas == {"ส่วนกลาง"}
    assert str(graph.value(here, DCT.language)) == cpsv.THAI


def test_the_vocab_folder_says_where_its_files_come_from():
    readme = (VOCAB / "README.md").read_text(encoding="utf-8")
    assert "SEMICeu/CPSV-AP" in readme and "3.2.0" in readme and "CC-BY 4.0" in readme
    assert CONTEXT["PublicService"] == "http://purl.org/vocab/cpsv#PublicService"


def test_the_document_is_json_ld_or_json_as_the_client_asks(client, author, approver):
    from tests.approvals.helpers import published

    handbook = published(author, approver)
    url = reverse("api:handbook_cpsv", args=[handbook.pk])
    assert client.get(url)["Content-Type"] == "application/ld+json"
    as_json = client.get(url, HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"] == "application/json" and "Accept" in as_json["Vary"]
    assert client.get(url, HTTP_ACCEPT="application/ld+json")["Content-Type"] == "application/ld+json"
    assert json.loads(as_json.content)["@type"] == "PublicService"
