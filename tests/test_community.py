from conftest import FIXTURES, seed
from helpers import run, run_with_fixture_config


def test_fixture_golden(data_regression):
    result = run_with_fixture_config(FIXTURES / "community" / "lakehouse-session.txt")
    assert not result.errors
    (episode,) = result.episodes
    data_regression.check(episode.model_dump(mode="json"))


def test_seed_003():
    (episode,) = run(seed("003")).episodes
    assert episode.title == "Culture and Architecture in MLOps"
    assert episode.episode == 29
    assert len(episode.chapters) == 23
    titles = {c.start: c.title for c in episode.chapters}
    assert titles[37 * 60 + 43] == "Annotation" and titles[39 * 60 + 37] == '"Patterntastic"'
    guest = next(p for p in episode.people if p.role == "guest")
    assert guest.name == "Jet Basrawi"
    assert [link.url for link in guest.links] == ["https://www.linkedin.com/in/jet-basrawi-4b9ab43/"]
    assert {p.name for p in episode.people if p.role == "host"} == {"Demetrios", "David", "Vishnu"}
    assert "Jet started his career" in episode.summary and "Insight into the role of culture" in episode.summary


def test_seed_003_show_note_labels_run_to_the_next_url():
    (episode,) = run(seed("003")).episodes
    labels = {link.url: link.title for link in episode.links}
    assert labels["https://youtu.be/J36xHc05z-M"] == "Manoj"
    assert labels["https://www.youtube.com/watch?v=vH7UFZZdja8&t=5s"] == "Lak design patterns"
    assert labels["https://continuousdelivery.com/implementing/culture/"] == "westrum culture"
    assert labels["https://go.mlops.community/slack"] == "Join our slack community"


def test_hour_stamps_and_several_stamps_per_line():
    (episode,) = run(FIXTURES / "community" / "lakehouse-session.txt").episodes
    assert [(c.start, c.title) for c in episode.chapters] == [
        (0, "Introduction to Priya Raman"),
        (130, "What a lakehouse is"),
        (225, '"Tables, not files"'),
        (750, "Partitioning mistakes"),
        (3725, "Wrap-up"),
    ]
