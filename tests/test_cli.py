"""The `etl` command as users and CI jobs run it: JSON on stdout, `PATH:LINE: error:` on stderr, exit codes."""

import json
import subprocess
import sys

from conftest import FIXTURES, ROOT, seed

from etl.cli import main


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=cwd, capture_output=True, text=True)


def test_extract_prints_one_json_array_in_source_order(capsys):
    files = sorted(str(p) for p in (FIXTURES / "datatalks").glob("*.md"))
    assert main(["extract", *reversed(files)]) == 0
    episodes = json.loads(capsys.readouterr().out)
    assert [e["episode"] for e in episodes] == [2, 1]


def test_extract_seed_004(capsys):
    assert main(["extract", str(seed("004"))]) == 0
    (episode,) = json.loads(capsys.readouterr().out)
    assert (episode["title"], episode["season"], episode["episode"], len(episode["chapters"])) == (
        "MLOps Architect",
        10,
        3,
        17,
    )


def test_bad_source_is_one_line_with_path_and_line_and_others_still_extract(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\nseason: [1\nepisode: 2\n---\n", encoding="utf-8")
    good = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    assert main(["extract", str(bad), str(good)]) == 1
    out = capsys.readouterr()
    assert len(json.loads(out.out)) == 1
    (line,) = [x for x in out.err.splitlines() if ": error: " in x]
    assert line.startswith(f"{bad}:4: error: invalid YAML")


def test_unknown_format_and_missing_file_are_errors_not_tracebacks(tmp_path):
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes\nwith nothing podcast-like\n", encoding="utf-8")
    proc = run("extract", str(unknown), str(tmp_path / "missing.md"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{unknown}: error: unrecognised source format" in proc.stderr
    assert f"{tmp_path / 'missing.md'}: error: " in proc.stderr


def test_usage_and_config_errors_exit_2(tmp_path):
    assert run("build", "--bogus").returncode == 2
    config = tmp_path / "etl.yaml"
    config.write_text("shows:\n  - id: Not A Slug\n    title: x\n", encoding="utf-8")
    proc = run("build", "--config", str(config), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{config}:2: error: shows.0.id")
    proc = run("build", cwd=tmp_path)  # no sources, no etl.yaml
    assert proc.returncode == 2 and "etl.yaml" in proc.stderr


def test_build_exit_1_when_a_source_fails_and_the_rest_are_written(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\nseason: one\nepisode: 2\n---\n", encoding="utf-8")
    good = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    out = tmp_path / "out"
    proc = run("build", str(good), str(bad), "--out", str(out))
    assert proc.returncode == 1
    assert f"{bad}:3: error: `season` must be a whole number" in proc.stderr
    # a file named on the command line still gets its etl.yaml entry (show datatalks)
    assert (out / "episodes" / "datatalks-s01e01.json").is_file()


def test_schema_command_prints_the_committed_schema():
    proc = run("schema")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == json.loads((ROOT / "schemas" / "episode.schema.json").read_text())


def test_a_bug_of_ours_costs_one_source_not_the_build(tmp_path, monkeypatch, capsys):
    from etl.load import chapters

    def broken(episode):
        if episode.id.endswith("s01e01"):
            raise ZeroDivisionError("division by zero")
        return real(episode)

    real = chapters.document
    monkeypatch.setattr(chapters, "document", broken)  # a writer with a bug, reached inside the make stage
    monkeypatch.chdir(tmp_path)  # no etl.yaml: the default show
    first = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    second = FIXTURES / "datatalks" / "s01e02-data-contracts.md"
    out = tmp_path / "out"
    assert main(["build", str(first), str(second), "--out", str(out), "--jobs", "1"]) == 70
    err = capsys.readouterr().err
    assert f"{first}: internal error: ZeroDivisionError: division by zero (please report this)" in err.splitlines()
    assert "Traceback" not in err
    assert (out / "episodes" / "podcast-s01e02.json").is_file()  # everything else is published
    assert not (out / "episodes" / "podcast-s01e01.json").exists()
    assert main(["build", str(first), str(second), "--out", str(out), "--jobs", "1", "-v"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last):" in err and 'raise ZeroDivisionError("division by zero")' in err


def test_a_readers_bug_costs_its_source_and_the_last_good_episodes_stay(tmp_path, monkeypatch, capsys):
    from etl.extract import datatalks

    monkeypatch.chdir(tmp_path)
    first = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    second = FIXTURES / "datatalks" / "s01e02-data-contracts.md"
    out = tmp_path / "out"
    assert main(["build", str(first), str(second), "--out", str(out), "--jobs", "1", "-q"]) == 0
    real = datatalks.extract
    monkeypatch.setattr(  # an IndexError inside the reader, for one of the two pages
        datatalks, "extract", lambda text, path, options: [][1] if path == str(first) else real(text, path, options)
    )
    monkeypatch.setattr("etl.pipeline.cache.tool_version", lambda: "0.1.0+changed")  # a new reader: read again
    assert main(["build", str(first), str(second), "--out", str(out), "--jobs", "1"]) == 70
    err = capsys.readouterr().err
    assert f"{first}: internal error: IndexError: list index out of range (please report this)" in err.splitlines()
    assert "warning: kept the last good version of episode 'podcast-s01e01'" in err
    assert (out / "episodes" / "podcast-s01e01.json").is_file() and (out / "episodes" / "podcast-s01e02.json").is_file()


def test_a_bug_outside_any_one_source_stops_the_run_in_one_line(tmp_path, monkeypatch, capsys):
    from etl.load import index

    def broken(*args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(index, "write", broken)  # the collections: no one source to blame
    episode = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    assert main(["build", str(episode), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 70
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["etl: internal error: ZeroDivisionError: division by zero (please report this)"]


def test_format_on_the_command_line_skips_detection(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no etl.yaml here: the default show
    source = tmp_path / "agenda.txt"
    source.write_text("0:00 Intro\n12:30 Tools\n31:02 Q&A\n", encoding="utf-8")  # minutes apart: a chapter list
    assert main(["extract", str(source)]) == 0
    assert json.loads(capsys.readouterr().out) == []  # a sidecar with no episode to join
    assert main(["extract", str(source), "--format", "captions", "-v"]) == 0
    out = capsys.readouterr()
    (episode,) = json.loads(out.out)
    assert [(t["start"], t["text"]) for t in episode["turns"]] == [(0, "Intro"), (750, "Tools"), (1862, "Q&A")]
    assert f"{source}: detect: captions: forced" in out.err
    out_dir = tmp_path / "out"
    assert main(["build", str(source), "--format", "captions", "--out", str(out_dir)]) == 0
    assert (out_dir / "episodes" / "podcast-agenda.json").is_file()


def test_an_unknown_format_is_a_usage_error(tmp_path):
    assert run("build", "x.txt", "--format", "caption", cwd=tmp_path).returncode == 2
    config = tmp_path / "etl.yaml"
    config.write_text("sources:\n  - path: x.txt\n    format: caption\n", encoding="utf-8")
    proc = run("build", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("etl.yaml:3: error: sources.0.format: unknown format 'caption' (known: ")
