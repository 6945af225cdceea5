"""Actors across articles: one canonical actor however each article names it."""
from __future__ import annotations


from ceasefire.records import Actor
from ceasefire.resolve import actors_xdoc as ax


def person(name: str, **kw) -> Actor:
    return Actor(id="a1", name=name, kind="person", **kw)


def cand(i: int, name: str, country: str | None = None, titles=None) -> ax.Candidate:
    return ax.Candidate(i, f"person:{name.lower()}", name, "person", country, None, titles or [])


def test_name_tokens_drop_honorifics():
    assert ax.name_tokens("Gen. Abdel-Fattah Burhan") == ["abdel", "fattah", "burhan"]
    assert ax.name_tokens("Prince Faisal bin Farhan") == ["faisal", "bin", "farhan"]
    assert ax.surname("Brig. Gen. Nabil Abdallah") == "abdallah"


def test_transliterations_initials_and_bare_surnames_are_one_person():
    stored = [cand(1, "Sergei Lavrov", "RU")]
    for name in ("Sergey Lavrov", "S. Lavrov", "Lavrov", "Minister Sergei Lavrov"):
        assert ax.match_person(person(name, country="RU"), stored) is stored[0], name


def test_different_first_names_or_countries_are_different_people():
    stored = [cand(1, "Omar Sadiq", "SD")]
    assert ax.match_person(person("Ali Sadiq"), stored) is None
    assert ax.match_person(person("Omar Sadiq", country="EG"), stored) is None


def test_a_bare_surname_shared_by_two_people_stays_unresolved():
    stored = [cand(1, "Omar Sadiq"), cand(2, "Ahmed Sadiq")]
    assert ax.match_person(person("Sadiq"), stored) is None
    assert ax.match_person(person("Omar Ahmed Sadiq"), stored) is stored[0]


def test_a_role_finds_the_holder_of_the_title_at_the_date():
    lavrov = cand(1, "Sergei Lavrov", "RU", [{"title": "Foreign Minister", "first": "2022-03-01", "last": "2022-04-07"}])
    peskov = cand(2, "Dmitry Peskov", "RU", [{"title": "Kremlin spokesman", "first": "2022-03-01", "last": "2022-04-07"}])
    role = person("Russia's top diplomat", country="RU")
    assert ax.is_role_only(role)
    assert ax.match_role(role, [peskov, lavrov], "2022-04-10") is lavrov
    assert ax.match_role(role, [peskov, lavrov], "2025-01-01") is None  # long after he was last seen in office
    assert not ax.is_role_only(person("Sergei Lavrov", country="RU"))


def test_titles_are_tracked_over_time():
    titles = ax.merge_titles([], ["Foreign Minister"], "2022-03-10")
    titles = ax.merge_titles(titles, ["foreign minister", "Host"], "2022-04-07")
    assert titles == [{"title": "Foreign Minister", "first": "2022-03-10", "last": "2022-04-07", "articles": 2},
                      {"title": "Host", "first": "2022-04-07", "last": "2022-04-07", "articles": 1}]


def test_store_links_name_variants_to_one_canonical_actor(store, make, ingest):
    texts = [
        ("Envoy Omar Ahmed Sadiq met the mediators. Mohammed Hamdan Dagalo agreed.", "2023-05-06",
         [{"name": "Omar Ahmed Sadiq", "kind": "person", "country": "SD", "titles": ["Envoy"]},
          {"name": "Mohammed Hamdan Dagalo", "kind": "person", "country": "SD"}]),
        ("The army's envoy, Omar Sadiq, said no. Hemedti spoke.", "2023-05-12",
         [{"name": "Omar Sadiq", "kind": "person", "country": "SD", "titles": ["army's envoy"]},
          {"name": "Mohamed Hamdan Dagalo", "kind": "person", "country": "SD", "kb_id": "per.hemedti",
           "mention": "Hemedti"}]),
        ("Sadiq walked out. The United Nations (UN) said so.", "2023-05-31",
         [{"name": "Sadiq", "kind": "person", "mention": "Sadiq"},
          {"name": "UN", "kind": "organization", "mention": "UN"}]),
        ("The United Nations warned of famine.", "2023-06-01",
         [{"name": "United Nations", "kind": "organization", "aliases": ["UN"]}]),
    ]
    for text, published, actors in texts:
        ingest(store, make(text, published, actors=actors))
    with store.engine.connect() as raw:
        rows = raw.exec_driver_sql("SELECT name, articles, titles FROM canonical_actors ORDER BY id").all()
    names = [r[0] for r in rows]
    assert names.count("Omar Ahmed Sadiq") == 1 and "Omar Sadiq" not in names and "Sadiq" not in names
    sadiq = next(r for r in rows if r[0] == "Omar Ahmed Sadiq")
    assert sadiq[1] == 3 and "army's envoy" in sadiq[2]
    # An unknown spelling first, the knowledge-base entry later: one actor, under the entry's name.
    assert "Mohammed Hamdan Dagalo" not in names and names.count("Mohamed Hamdan Dagalo") == 1
    # "UN" first and "United Nations" (alias UN) later are one organisation.
    assert sum(n in ("UN", "United Nations") for n in names) == 1
