"""Every organisation resolves to a record: a council in mySociety's register (by any of its names) or a body in
organisations.yaml; anything else stops `check` at its file and line."""
from __future__ import annotations

import shutil

import pytest

from bot.cli import main
from bot.errors import KnowledgeError
from bot.knowledge.authorities import COLUMNS, read_additions, read_register, split_names, with_areas_corrected
from bot.knowledge.loader import load_knowledge
from bot.knowledge.organisations import read_organisations
from bot.knowledge.routes import follow_up_routes
from bot.knowledge.schema import Council
from bot.knowledge.yamlfile import YamlFile, parse_yaml

from ..conftest import KNOWLEDGE, ROOT
from .helpers import case_file, copy_knowledge
from .test_loader import line_of, replace_in

REFUSE = "forest-heath-st-edmundsbury-refuse-routing"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(KNOWLEDGE)


def test_every_live_organisation_resolves_to_exactly_one_record(kb):
    for case in kb.cases:
        assert [r.name for r in case.resolved] == list(case.organisations), case.id
        assert all((r.council is None) != (r.body is None) for r in case.resolved), case.id


@pytest.mark.parametrize("name, code", [
    ("North Somerset  Council", "NSM"),       # the register's official name, two spaces and all
    ("north somerset council", "NSM"),        # an alternative name, any case
    ("  NORTH   Somerset ", "NSM"),           # the short name, any spacing
    ("Armagh City, Banbridge and Craigavon", "ABC"),  # a name with a comma stays whole
    ("Westminster City Council", "WSM"),      # our own addition (additions.yaml)
    ("City of Westminster", "WSM"),
])
def test_any_name_of_a_council_resolves_to_its_code(kb, name, code):
    assert kb.registry.resolve(name).council.code == code


def test_bodies_resolve_by_name_or_short_name_with_their_kind(kb):
    assert kb.registry.resolve("cosla").body.name == "Convention of Scottish Local Authorities"
    assert kb.registry.resolve("Gwent Police").body.kind == "police"
    assert kb.registry.resolve("Greater London Authority").council.code == "GLA"


def test_abolished_councils_know_the_councils_in_their_place_now(kb):
    def now(name):
        return [c.official_name for c in kb.registry.resolve(name).successors]

    assert now("Forest Heath District Council") == ["West Suffolk Council"]
    assert now("Taunton Deane Borough Council") == ["Somerset Council"]  # via Somerset West and Taunton
    assert now("Cumbria County Council") == ["Cumberland Council", "Westmorland and Furness Council"]
    assert now("Sedgefield Borough Council") == ["Durham County Council"]
    assert now("West Suffolk Council") == []


def test_nation_region_type_and_population_are_known_for_every_council_case(kb):
    council_cases = [case for case in kb.cases if kb.council_facts(case)]
    assert len(council_cases) >= 60
    for case in council_cases:
        for facts in kb.council_facts(case):
            assert facts.nation and facts.region and facts.type_name and facts.population, (case.id, facts)
    [forest_heath, _] = kb.council_facts(kb.case(REFUSE))
    assert (forest_heath.region, forest_heath.population_of) == ("East of England", ("WSK",))
    [newcastle] = kb.council_facts(kb.case("newcastle-waste-bot"))
    assert (newcastle.nation, newcastle.type_name, newcastle.population_of) == ("England", "Metropolitan district", ("NET",))


def test_an_unknown_organisation_fails_check_at_its_line(tmp_path, capsys):
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, REFUSE)
    replace_in(path, "St Edmundsbury Borough Council]", "St Edmondsbury Borough Council]")
    assert main(["check", str(directory)]) == 1
    error = capsys.readouterr().err
    assert f"case-studies/{REFUSE}.yaml:{line_of(path, 'organisations:')}: organisation 'St Edmondsbury" in error


def test_a_name_two_councils_share_is_refused_not_guessed(tmp_path):
    directory = copy_knowledge(tmp_path)
    replace_in(case_file(directory, REFUSE), "Forest Heath District Council,", "Somerset,")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    [problem] = caught.value.problems
    assert "could be Somerset Council (SMT) or Somerset County Council (SOM)" in problem.message


def test_each_organisation_that_resolves_to_nothing_or_to_several_is_reported_on_its_own_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, REFUSE)
    replace_in(path, "organisations: [Forest Heath District Council, St Edmundsbury Borough Council]\n",
               "organisations:\n  - Forest Heath District Council\n  - Somerset\n  - St Edmondsbury Borough Council\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    assert [str(p) for p in caught.value.problems] == [
        f"case-studies/{REFUSE}.yaml:{line_of(path, '- Somerset')}: organisation 'Somerset' could be Somerset Council (SMT)"
        " or Somerset County Council (SOM): use the official name",
        f"case-studies/{REFUSE}.yaml:{line_of(path, '- St Edmondsbury')}: organisation 'St Edmondsbury Borough Council' "
        "is neither a council in authorities/ (by any of its names) nor a body in organisations.yaml"]


def test_register_mistakes_are_reported_with_their_file(tmp_path):
    directory = copy_knowledge(tmp_path)
    replace_in(directory / "authorities" / "additions.yaml", "code: WSM", "code: XXX")
    with (directory / "organisations.yaml").open("a") as file:
        file.write("- name: Leeds City Council\n  kind: other\n- name: Nobody\n  kind: club\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    shown = [str(p) for p in caught.value.problems]
    assert any(s.startswith("authorities/additions.yaml:") and "XXX, which is not in the register" in s for s in shown)
    assert any("'Leeds City Council' is a council in the register" in s for s in shown)
    assert any(s.startswith("organisations.yaml:") and "kind 'club'" in s for s in shown)


def test_each_way_the_register_can_make_a_name_mean_two_things_is_reported_exactly(tmp_path, capsys):
    directory = copy_knowledge(tmp_path)
    csv = directory / "authorities" / "uk-local-authorities.csv"
    with csv.open("a") as file:
        file.write("ZZA,Zed Council,Zed,,,,2001-01-01,ZZB,England,,District,,\n"
                   "ZZA,Zed Town Council,Zed Town,,,,,,England,,District,,\n")
    additions = directory / "authorities" / "additions.yaml"
    replace_in(additions, "code: WSM", "code: XXX")
    with (directory / "organisations.yaml").open("a") as file:
        file.write("- name: leeds  city council\n  kind: other\n")

    assert main(["check", str(directory)]) == 1

    shown = [line for line in capsys.readouterr().err.splitlines() if line.startswith(("authorities/", "organisations"))]
    assert shown == [
        "authorities/uk-local-authorities.csv: council code ZZA is used twice",
        f"authorities/additions.yaml:{line_of(additions, 'code: XXX')}: 'Westminster City Council' names council code XXX,"
        " which is not in the register",
        "authorities/uk-local-authorities.csv: ZZA is replaced by ZZB, which is not in the register",
        "organisations.yaml: 'leeds city council' is a council in the register, not a body"]


@pytest.mark.parametrize("removed, unresolved", [("authorities", "Wigan Council"), ("organisations.yaml", "Gwent Police")])
def test_a_base_with_half_a_register_still_checks_every_organisation(tmp_path, removed, unresolved):
    """Only a base with neither the councils nor the bodies (a synthetic one) leaves its organisations unchecked."""
    directory = copy_knowledge(tmp_path)
    gone = directory / removed
    shutil.rmtree(gone) if gone.is_dir() else gone.unlink()
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    assert any(p.message.startswith(f"organisation {unresolved!r} is neither") for p in caught.value.problems)


def test_a_bad_register_row_and_broken_organisations_yaml_are_named_at_their_lines(tmp_path):
    directory = copy_knowledge(tmp_path)
    csv = directory / "authorities" / "uk-local-authorities.csv"
    with csv.open("a") as file:
        file.write("ZZA,Zed Council,Zed,,,,,,Atlantis,,District,,\n")
    rows = len(csv.read_text().splitlines())
    organisations = directory / "organisations.yaml"
    organisations.write_text(organisations.read_text() + "- name: [unclosed\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    register = [p for p in caught.value.problems if not p.file.startswith("case-studies/")]
    # PyYAML finds the unclosed list where the file ends: the line after the last
    assert [(p.file, p.line) for p in register] == [
        ("authorities/uk-local-authorities.csv", rows), ("organisations.yaml", len(organisations.read_text().splitlines()) + 1)]
    assert register[0].message == "unknown nation 'Atlantis'" and register[1].message.startswith("invalid YAML")


@pytest.mark.parametrize("text, expected", [
    ("name: Gwent Police\nkind: police\n",
     "organisations.yaml:1: the file must be a non-empty list of organisations"
     " {name, kind, url?, nation?, alt-names?, members?}"),
    ("- name: Gwent Police\n  kind: police\n- name: Puddleby Trust\n  kind: charity\n  website: https://x.example\n"
     "  phone: '01234'\n",
     "organisations.yaml:3: unknown field(s): phone, website (known: alt-names, kind, members, name, nation, url)"),
    ("- name: Gwent Police\n  kind: police\n- kind: charity\n- name: Puddleby Trust\n  nation: Atlantis\n  kind: club\n"
     "- name: Puddleby Fire\n  kind: fire\n  url: not a url\n  alt-names: Puddleby FRS\n- kind: police\n  name: gwent police\n",
     "organisations.yaml:3: [1].name must be non-empty text\n"
     "organisations.yaml:6: kind 'club' must be one of nhs, police, fire, government, audit, partnership, charity, company,"
     " national-body, other\n"
     "organisations.yaml:5: nation 'Atlantis' must be one of England, Scotland, Wales, Northern Ireland\n"
     "organisations.yaml:9: [3].url is not a valid http(s) URL: 'not a url'\n"
     "organisations.yaml:10: [3].alt-names must be a list\n"
     "organisations.yaml:12: organisation 'gwent police' is listed twice"),
    ("- name: Gwent Police\n  kind: police\n  members: [London borough]\n- name: Puddleby Partnership\n"
     "  kind: partnership\n  members:\n    - London borough\n    - Parish council\n- name: Wessex Partnership\n"
     "  kind: partnership\n  members: London borough\n",
     "organisations.yaml:3: only a partnership has members\n"
     "organisations.yaml:8: members: 'Parish council' is no type of council in the register\n"
     "organisations.yaml:11: [2].members must be a list"),
])
def test_organisations_yaml_of_the_wrong_shape_is_explained_to_the_curator(text, expected):
    """The curator is told what the file should hold, which fields of an entry are not read (a misspelt `url`
    would otherwise be silently ignored) and what is wrong with each entry, at its own line."""
    problems: list = []
    file = parse_yaml(text, "organisations.yaml")
    assert isinstance(file, YamlFile)
    read_organisations(file, problems, frozenset({"London borough", "County"}))
    assert "\n".join(str(p) for p in problems) == expected


def test_a_register_table_missing_columns_names_them_and_reads_no_council():
    """A table from an older or newer mySociety release: the curator is told which columns to bring back."""
    problems: list = []
    text = "local-authority-code,official-name,nation\nWGN,Wigan Metropolitan Borough Council,England\n"
    assert read_register(text, "authorities/uk-local-authorities.csv", problems) == ()
    assert [str(p) for p in problems] == [
        "authorities/uk-local-authorities.csv:1: missing column(s): nice-name, alt-names, gss-code, start-date,"
        " end-date, replaced-by, region, local-authority-type-name, gov-uk-slug, pop-2020, county-la, combined-authority"]


def test_a_register_row_with_a_population_that_is_no_number_is_named_at_its_line():
    problems: list = []
    header = ",".join(COLUMNS)
    row = "WGN,Wigan Metropolitan Borough Council,Wigan,,,,,,England,North West,Metropolitan district,wigan,about 330k"
    assert read_register(f"{header}\n{row}\n", "authorities/uk-local-authorities.csv", problems) == ()
    assert [str(p) for p in problems] == ["authorities/uk-local-authorities.csv:2: pop-2020 'about 330k' is not a number"]


REGISTER = "authorities/uk-local-authorities.csv"


def test_every_column_of_a_register_row_is_read_into_its_council():
    """What filters, answers and successors rest on: each column lands in its own field, blanks as none."""
    rows = ['WGN,Wigan Metropolitan Borough Council,Wigan,"Wigan Council, Wigan MBC",E08000010,1974-04-01,,,England,'
            'North West,Metropolitan district,wigan,330712',
            'XYZ,Old Borough Council,Old,,,1974-04-01,2009-03-31,"WGN, ABC",England,,Non-metropolitan district,,']
    problems: list = []
    councils = read_register("\n".join([",".join(COLUMNS), *rows, ""]), REGISTER, problems)
    assert problems == []
    assert councils == (
        Council(code="WGN", official_name="Wigan Metropolitan Borough Council", nice_name="Wigan", nation="England",
                region="North West", type_name="Metropolitan district", alt_names=("Wigan Council", "Wigan MBC"),
                gss_code="E08000010", start_date="1974-04-01", end_date=None, replaced_by=(), gov_uk_slug="wigan",
                population=330712),
        Council(code="XYZ", official_name="Old Borough Council", nice_name="Old", nation="England", region=None,
                type_name="Non-metropolitan district", start_date="1974-04-01", end_date="2009-03-31",
                replaced_by=("WGN", "ABC")),
    )


AREAS = ['KEN,Kent County Council,Kent,,,,,,England,South East,County,kent,1,,',
         'MAI,Maidstone Borough Council,Maidstone,,,,,,England,South East,Non-metropolitan district,maidstone,1,KEN,',
         'SCR,South Yorkshire Mayoral Combined Authority,South Yorkshire Mayoral Combined Authority,,,,,,England,'
         'Yorkshire and The Humber,Combined authority,,,,',
         'EMCA,East Midlands Combined County Authority,East Midlands CCA,,,,,,England,East Midlands,Combined authority,,,,',
         'BNS,Barnsley Metropolitan Borough Council,Barnsley,,,,,,England,Yorkshire and The Humber,'
         'Metropolitan district,barnsley,1,,SCR',
         'DER,Derby City Council,Derby,,,,,,England,East Midlands,Unitary authority,derby,1,,EMCA']


def test_a_council_lies_within_its_county_and_combined_authority_by_their_names_without_their_kind():
    """"a council in Kent" is asked of Maidstone too, and "South Yorkshire" of Barnsley: the areas are named
    as people name them, not "South Yorkshire Mayoral Combined Authority" or "East Midlands CCA"."""
    problems: list = []
    councils = read_register("\n".join([",".join(COLUMNS), *AREAS, ""]), REGISTER, problems)
    assert problems == []
    assert {c.code: c.within for c in councils} == {"KEN": (), "MAI": ("Kent",), "SCR": (), "EMCA": (),
                                                     "BNS": ("South Yorkshire",), "DER": ("East Midlands",)}


def test_an_area_code_of_no_council_is_named_at_its_line():
    problems: list = []
    row = 'MAI,Maidstone Borough Council,Maidstone,,,,,,England,South East,Non-metropolitan district,,,KNT,'
    councils = read_register("\n".join([",".join(COLUMNS), row, ""]), REGISTER, problems)
    assert [str(p) for p in problems] == [f"{REGISTER}:2: 'KNT' names no council of the register"]
    assert [c.within for c in councils] == [()]


def test_our_additions_correct_the_areas_the_register_gives_a_council():
    """The register names Surrey as a Suffolk district's county; additions.yaml says where it lies instead,
    and a correction naming no council, or no area, is named at its line."""
    councils = read_register("\n".join([",".join(COLUMNS), *AREAS, ""]), REGISTER, [])
    fixed = parse_yaml("areas:\n  - code: MAI\n    within: [SCR]\n    why: a test\n", "authorities/additions.yaml")
    assert isinstance(fixed, YamlFile)
    problems: list = []
    assert {c.code: c.within for c in with_areas_corrected(councils, fixed, problems)}["MAI"] == ("South Yorkshire",)
    assert problems == []
    wrong = parse_yaml("areas:\n  - code: XXX\n    within: [KEN]\n    why: a test\n  - code: MAI\n"
                       "    within: [NOPE]\n    why: a test\n", "authorities/additions.yaml")
    assert isinstance(wrong, YamlFile)
    with_areas_corrected(councils, wrong, problems)
    assert [str(p) for p in problems] == ["authorities/additions.yaml:2: 'XXX' names no council of the register",
                                          "authorities/additions.yaml:6: 'NOPE' names no council of the register"]


@pytest.mark.parametrize("row, message", [
    (",Nameless Council,Nameless,,,,,,England,,District,,", "each council needs a code, an official name and a nice name"),
    ("wgn,Lower Council,Lower,,,,,,England,,District,,", "each council needs a code, an official name and a nice name"),
    ("ABC,,Blank,,,,,,England,,District,,", "each council needs a code, an official name and a nice name"),
    ("ABD,Blank Council, ,,,,,,England,,District,,", "each council needs a code, an official name and a nice name"),
    ("ABE,Dated Council,Dated,,,1974/04/01,,,England,,District,,", "dates must be YYYY-MM-DD"),
], ids=["no-code", "lower-case-code", "no-official-name", "blank-nice-name", "slashed-date"])
def test_a_register_row_missing_what_identifies_it_is_named_at_its_line_and_the_rest_still_read(row, message):
    problems: list = []
    good = "WGN,Wigan Metropolitan Borough Council,Wigan,,,,,,England,North West,Metropolitan district,wigan,330712"
    councils = read_register("\n".join([",".join(COLUMNS), row, good, ""]), REGISTER, problems)
    assert [str(p) for p in problems] == [f"{REGISTER}:2: {message}"]
    assert [c.code for c in councils] == ["WGN"]


ADDED = ("councils:\n  - code: PB-PUDDLEBY\n    official-name: Puddleby Borough Council\n    nice-name: Puddleby\n"
         "    type: Non-metropolitan district\n    nation: England\n")


def test_every_field_of_an_added_council_is_read_into_its_council():
    text = (ADDED + "    region: South West\n    alt-names: [Puddleby BC]\n    start-date: \"1974-04-01\"\n"
            "    end-date: \"2009-03-31\"\n    replaced-by: [WGN]\n    why: a test\n")
    problems: list = []
    file = parse_yaml(text, "authorities/additions.yaml")
    assert isinstance(file, YamlFile)
    councils, _names = read_additions(file, problems)
    assert problems == []
    assert councils == (Council(
        code="PB-PUDDLEBY", official_name="Puddleby Borough Council", nice_name="Puddleby", nation="England",
        region="South West", type_name="Non-metropolitan district", alt_names=("Puddleby BC",),
        start_date="1974-04-01", end_date="2009-03-31", replaced_by=("WGN",)),)


@pytest.mark.parametrize("text, expected", [
    ("names:\n  - why: short form\n    name: Wigan MBC\n  - why: typo\n    code: WGN\ncouncils: {not: a list}\n",
     "authorities/additions.yaml:2: names[0].code must be non-empty text\n"
     "authorities/additions.yaml:4: names[1].name must be non-empty text\n"
     "authorities/additions.yaml:6: councils must be a non-empty list of council records"),
    ("councils:\n  - code: PB-PUDDLEBY\n    official-name: Puddleby Borough Council\n    nice-name: Puddleby\n"
     "    type: Non-metropolitan district\n    nation: Atlantis\n",
     "authorities/additions.yaml:6: nation must be one of England, Scotland, Wales, Northern Ireland\n"
     "authorities/additions.yaml:2: councils[0].why must be non-empty text"),
    ("councils:\n  - code: PB-PUDDLEBY\n    nice-name: Puddleby\n    nation: England\n    why: a test\n",
     "authorities/additions.yaml:2: councils[0].official-name must be non-empty text\n"
     "authorities/additions.yaml:2: councils[0].type must be non-empty text"),
    ("names:\n  - name: Wigan MBC\n    code: WGN\n", "authorities/additions.yaml:2: names[0].why must be non-empty text"),
    (ADDED + "    region: [South West]\n    alt-names: Puddleby BC\n    replaced-by: WGN\n    start-date: 1 April 1974\n"
     "    end-date: 2009\n    why: a test\n",
     "authorities/additions.yaml:9: councils[0].replaced-by must be a list\n"
     "authorities/additions.yaml:7: councils[0].region must be non-empty text\n"
     "authorities/additions.yaml:8: councils[0].alt-names must be a list\n"
     'authorities/additions.yaml:10: councils[0].start-date must be a quoted date "YYYY", "YYYY-MM" or "YYYY-MM-DD"\n'
     'authorities/additions.yaml:11: councils[0].end-date must be a quoted date "YYYY", "YYYY-MM" or "YYYY-MM-DD"'),
])
def test_additions_yaml_mistakes_are_named_word_for_word_at_their_lines(text, expected):
    """Our own additions to the register are curated by hand: each missing or wrong field is named where it is."""
    problems: list = []
    file = parse_yaml(text, "authorities/additions.yaml")
    assert isinstance(file, YamlFile)
    read_additions(file, problems)
    assert "\n".join(str(p) for p in problems) == expected


PUDDLEBY = ("councils:\n  - code: PB-PUDDLEBY\n    official-name: Puddleby Borough Council\n    nice-name: Puddleby\n"
            "    type: Non-metropolitan district\n    nation: England\n    start-date: \"1974-04-01\"\n    why: a test\n")


@pytest.mark.parametrize("ended, end_date", [("", None), ('    end-date: "2009-03-31"\n', "2009-03-31")])
def test_an_added_council_keeps_its_dates_and_needs_no_end_date(ended, end_date):
    """A former council the register lacks is added with the dates a curator knows: when it began, and
    when it ended if it has (a council still serving has no end date, which is no mistake)."""
    problems: list = []
    file = parse_yaml(PUDDLEBY + ended, "authorities/additions.yaml")
    assert isinstance(file, YamlFile)
    councils, _names = read_additions(file, problems)
    assert problems == []
    assert [(c.code, c.start_date, c.end_date) for c in councils] == [("PB-PUDDLEBY", "1974-04-01", end_date)]


def test_a_name_holding_a_comma_is_taken_whole_the_longest_first():
    """Some councils' names hold a comma ("Armagh City, Banbridge and Craigavon"); when one such name is part
    of another (at its start or its end), the longer is taken out first, or the rest of it would be read as a
    name of its own."""
    whole = "Armagh City, Banbridge and Craigavon Borough Council"
    for part in ("Armagh City, Banbridge and Craigavon", "City, Banbridge and Craigavon Borough Council"):
        assert split_names(f"{whole}, ABC", (part, whole)) == (whole, "ABC")
        assert split_names(f"ABC, {part}", (part, whole)) == (part, "ABC")


def test_a_misspelling_the_register_records_as_a_name_is_no_name():
    """mySociety's table lists misspellings met in data ("glasgow city coucil"): left out, since every word of
    a name is one the bot knows and would no longer correct. A plural, another word or a short form stays."""
    whole = ("Glasgow City Council", "Glasgow City")
    names = split_names("glasgow city coucil,city of glasgow,glasgow cuty,the glasgows,GCC,glasgow council", whole)
    assert names == ("city of glasgow", "the glasgows", "GCC", "glasgow council")


def test_the_register_s_misspellings_are_corrected_in_questions(snapshot):
    """The slips the register records ("coucil", "ayshire", "dunbaronshire") are no words the bot knows: in a
    question they are corrected like any other slip."""
    for slip, word in (("coucil", "council"), ("ayshire", "ayrshire"), ("dunbaronshire", "dunbartonshire"),
                       ("cuty", "city")):
        assert (snapshot.index.correct(slip) or ("",))[0] == word, slip


def test_a_changed_register_revalidates_unchanged_case_files_on_reload(tmp_path):
    directory = copy_knowledge(tmp_path)
    first = load_knowledge(directory)
    replace_in(directory / "organisations.yaml", "- name: Gwent Police\n", "- name: Gwent Constabulary\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory, first)
    assert any("'Gwent Police'" in str(p) for p in caught.value.problems)


def test_a_reload_keeps_the_register_until_its_files_change(tmp_path):
    directory = copy_knowledge(tmp_path)
    first = load_knowledge(directory)
    again = load_knowledge(directory, first)
    assert again.registry is first.registry and again.version == first.version
    csv = directory / "authorities" / "uk-local-authorities.csv"
    replace_in(csv, "\nWGN,Wigan Metropolitan Borough Council,Wigan,", "\nWGN,Wigan Metropolitan Borough Council,Wigan Borough,")
    edited = load_knowledge(directory, again)
    assert edited.registry.council("WGN").nice_name == "Wigan Borough"
    assert first.registry.council("WGN").nice_name == "Wigan" and edited.version != first.version
    assert [(c.id, c.resolved) for c in edited.cases] == [(c.id, c.resolved) for c in load_knowledge(directory).cases]


def test_follow_up_route_is_the_case_s_own_else_the_council_page_else_none(kb, tmp_path):
    directory = copy_knowledge(tmp_path)
    with case_file(directory, "wigan-in-cab-waste").open("a") as file:
        file.write("follow_up: {name: Wigan waste team, url: 'https://www.wigan.gov.uk/bins'}\n")
    [own] = follow_up_routes(load_knowledge(directory).case("wigan-in-cab-waste"))
    assert (own.name, own.url) == ("Wigan waste team", "https://www.wigan.gov.uk/bins")
    [durham] = follow_up_routes(kb.case("sedgefield-refuse-information-crm"))  # abolished: its successor's page
    assert durham.url == "https://www.gov.uk/find-local-council/county-durham"
    [wigan] = follow_up_routes(kb.case("wigan-in-cab-waste"))
    assert wigan.url == "https://www.gov.uk/find-local-council/wigan"
    # West Suffolk has no GOV.UK slug in the register, so none is made up.
    assert follow_up_routes(kb.case(REFUSE)) == ()


def test_the_register_is_the_project_s_own_copy_with_mysociety_s_attribution():
    source = (KNOWLEDGE / "authorities" / "SOURCE.md").read_text()
    for required in ("mySociety", "https://mysociety.org", "UK Local Authorities (past and current)",
                     "mysociety/uk_local_authority_names_and_codes", "CC BY 4.0",
                     "https://creativecommons.org/licenses/by/4.0/", "Changes made"):
        assert required in source
    header = (KNOWLEDGE / "authorities" / "uk-local-authorities.csv").read_text().splitlines()[0]
    assert header.startswith("local-authority-code,official-name,nice-name,alt-names,gss-code")
    code = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    assert "shared/data" not in code and "uk_local_authorities_current" not in code
