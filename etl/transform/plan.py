"""Decisions that need every source at once, made over drafts' heads: what each draft is, ids, which files
complete which episode, duplicate ids.

What a draft is comes from its source's kind (`EpisodeDraft.kind`), or the source's `role:` in etl.yaml:
- an episode source gives episodes;
- a chapters file completes the episode named by its `target:`, else the one with its `sNNeMM` numbers
  (same show); one that matches none is a warning;
- a transcript file does the same for the transcript, and when it names no episode that way it is an
  episode of its own (with `role: transcript` it must name one).
The plan sees only heads (drafts without transcripts), so it stays small at any scale; the make step then
completes each episode (`etl.transform.complete`) with what was decided for it here, loading a transcript file's
drafts by reference, so a transcript never passes through the main process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.config import Config, ShowConfig, SourceConfig
from etl.errors import Diagnostic, SourceError
from etl.model import ShowRef, Source
from etl.model.draft import ChapterDraft
from etl.transform.complete import Assignment, Reference, prepare
from etl.transform.enrich import Enrichment, Matcher, fill_show, offer, unmatched
from etl.transform.heads import Planned, SourceDrafts
from etl.transform.ids import derive_id, number_repeats


@dataclass
class Plan:
    """Per source (in the order given), what to make of each of its episode drafts."""

    assignments: list[list[Assignment]]
    shows: dict[str, ShowConfig] = field(default_factory=dict)  # etl.yaml's, filled from feeds' channels
    failed: set[int] = field(default_factory=set)  # sources (by position) that failed the plan
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)  # one a draft: 20,000 of them at 20,000 sources
class _Draft:
    """A draft with where it came from, and (once it is an episode) the id it would get."""

    draft: Planned  # a Head, or a whole draft (chapters files, `enrich` feeds' items)
    show: ShowRef
    source: int
    index: int
    options: SourceConfig | None
    handle: str
    episode_id: str = ""

    @property
    def target(self) -> str | None:
        return self.options.target if self.options else None

    @property
    def forced(self) -> bool:
        return bool(self.options and self.options.role)


@dataclass
class _Merge:
    """What other sources complete one episode."""

    chapters: list[ChapterDraft] | None = None
    transcript: Reference | None = None
    audio: Reference | None = None
    merged: list[Source] = field(default_factory=list)
    enrich: Enrichment | None = None


def plan(sources: list[SourceDrafts], config: Config) -> Plan:
    """Global decisions over every source's heads. The heads are the plan's to change: it prepares episode heads
    in place and adds its warnings to sidecars' notes."""
    show_notes: list[Diagnostic] = []
    result = Plan(assignments=[[] for _ in sources], shows=_shows(sources, config, show_notes))
    by_kind: dict[str, list[_Draft]] = {"episode": [], "transcript": [], "chapters": [], "enrich": [], "audio": []}
    shows: dict[str, ShowRef] = {}  # one per show, shared by its drafts (never changed after this)
    for n, source in enumerate(sources):
        show_config = result.shows[_show_id(source, config)]
        if show_config.id not in shows:
            shows[show_config.id] = ShowRef(id=show_config.id, title=show_config.name)
        show = shows[show_config.id]
        role = source.options.role if source.options else None
        for i, draft in enumerate(source.drafts):
            found = _Draft(draft, show, n, i, source.options, source.handle)
            by_kind["enrich" if source.options and source.options.enrich else role or draft.kind].append(found)
    episodes = _episodes(by_kind["episode"], sources, result)
    number_repeats(episodes)
    sources_index = _Index(episodes)  # episode sources: what a transcript file may complete
    merges: dict[int, _Merge] = {}
    alone: set[int] = set()
    for transcript in sorted(by_kind["transcript"], key=lambda d: d.draft.path):
        target = sources_index.find(transcript)
        if target is not None:
            _merge(merges, target, transcript, "transcript")
        elif transcript.forced:
            transcript.draft.warn(_unmatched(transcript, "transcript"))
        else:  # a transcript that completes no episode is one: its notes are reported when it is made
            episodes += _episodes([transcript], sources, result)
            alone.add(id(transcript.draft))
    every_index = _Index(episodes)  # a chapters or audio file may complete an episode a transcript file gave too
    for chapters in sorted(by_kind["chapters"], key=lambda d: d.draft.path):
        target = every_index.find(chapters)
        if target is None:
            chapters.draft.warn(_unmatched(chapters, "chapters"))
        else:
            _merge(merges, target, chapters, "chapters")
    for audio in sorted(by_kind["audio"], key=lambda d: d.draft.path):
        target = every_index.find(audio)
        if target is not None:
            _merge(merges, target, audio, "audio")
        elif audio.forced:
            audio.draft.warn(_unmatched(audio, "audio"))
        else:  # an audio file that completes no episode is one, from its tags
            episodes += _episodes([audio], sources, result)
            alone.add(id(audio.draft))
    lost = _enrich(by_kind["enrich"], episodes, merges, result)  # items that fill no episode are episodes
    alone |= {id(item.draft) for item in lost}
    episodes += _episodes(lost, sources, result)
    _assign(episodes, merges, result)
    for sidecar in [*by_kind["chapters"], *by_kind["transcript"], *by_kind["enrich"], *by_kind["audio"]]:
        if id(sidecar.draft) not in alone:  # an episode of its own says its notes once, when it is made
            result.warnings.extend(sidecar.draft.diagnostics())
    result.warnings += show_notes
    result.warnings += _left_out(sources, config)
    return result


def _left_out(sources: list[SourceDrafts], config: Config) -> list[Diagnostic]:
    """One warning per source entry (not one per page) for the relative URLs its pages gave and no `site_url`
    resolved: what was left out, and the setting that brings it back."""
    found: dict[int | str, list[tuple[str, str]]] = {}  # entry (or a file named on the command line) -> URLs
    for source in sources:
        for draft in source.drafts:
            key = source.option_index if source.option_index is not None else draft.path
            found.setdefault(key, []).extend((draft.path, url) for url in draft.relative)
    warnings = []
    for key, urls in found.items():
        if not urls:
            continue
        pages = len({path for path, _ in urls})
        example = urls[0][1]
        said = f"{len(urls)} relative URL{'s' * (len(urls) > 1)} in {pages} file{'s' * (pages > 1)} left out"
        if isinstance(key, int):
            entry = config.sources[key]
            fix = "set its `site_url` to the site they come from"
            message = f"sources[{key}] ({entry.path}): {said} (e.g. {example!r}): {fix}"
            warnings.append(Diagnostic(message, str(config.path) if config.path else None))
        else:
            message = (
                f"{said} (e.g. {example!r}): list this file in etl.yaml with a `site_url`, the site they come from"
            )
            warnings.append(Diagnostic(message, key))
    return warnings


_NO_GUID = (
    "the feed has neither a podcast:guid nor a self link (atom:link rel=self): the new feed's podcast:guid would "
    "come from its new URL, and podcast indexes would see a new show. Keep the old identity: set `guid:` under "
    "show {show!r} (the old feed's, if you know it), or `old_feed_url:` (the URL the old feed was served at) to "
    "derive it from"
)


def _show_id(source: SourceDrafts, config: Config) -> str:
    return config.show(source.options.show if source.options else None).id


def _shows(sources: list[SourceDrafts], config: Config, notes: list[Diagnostic]) -> dict[str, ShowConfig]:
    """Each show's settings: etl.yaml's, with what the first feed of the show says in its channel where etl.yaml
    says nothing (notes under -v)."""
    shows = {show.id: show for show in config.shows}
    shows.setdefault(config.show(None).id, config.show(None))
    filled: set[str] = set()
    for source in sources:
        show_id = _show_id(source, config)
        channel = next((d.channel for d in source.drafts if d.channel is not None), None)
        if channel is None or show_id in filled:
            continue
        filled.add(show_id)
        listed = any(show.id == show_id for show in config.shows)
        shows[show_id], taken = fill_show(config.show(show_id), channel, listed)
        notes += [Diagnostic(message, source.drafts[0].path, None, "note") for message in taken]
        if channel.feed and channel.guid is None and shows[show_id].guid is None and not shows[show_id].old_feed_url:
            notes.append(Diagnostic(_NO_GUID.format(show=show_id), source.drafts[0].path, source.drafts[0].line))
    for show_id, show in shows.items():
        if show.title is None:
            shows[show_id] = show.model_copy(update={"title": show.id})
            where = str(config.path) if config.path else None
            message = f"show {show.id!r} has no title in etl.yaml, and no feed of it gives one: titled {show.id!r}"
            notes.append(Diagnostic(message, where))
    return shows


def _enrich(items: list[_Draft], episodes: list[_Draft], merges: dict[int, _Merge], result: Plan) -> list[_Draft]:
    """Each item of an `enrich: true` feed fills the episode it matches. Those that match none are returned to
    be episodes of their own (moving in must not drop an episode subscribers have), with one warning counting
    them (each a note under -v)."""
    matcher = Matcher()
    by_id = {}
    for item in episodes:
        matcher.add(item.show.id, item.draft, item.episode_id)
        by_id.setdefault(item.episode_id, item)
    lost: dict[str, list[_Draft]] = {}
    for item in sorted(items, key=lambda d: (d.draft.path, d.index)):
        found = matcher.find(item.show.id, item.draft, item.options.match if item.options else None)
        merge = merges.setdefault(id(by_id[found].draft), _Merge()) if found else None
        if merge is None or merge.enrich is not None:
            lost.setdefault(item.draft.path, []).append(item)
            continue
        merge.enrich = offer(item.draft)
        merge.merged.append(item.draft.provenance())
    for path, alone in lost.items():
        result.warnings += unmatched([item.draft for item in alone], path)
    return [item for alone in lost.values() for item in alone]


def _episodes(found: list[_Draft], sources: list[SourceDrafts], result: Plan) -> list[_Draft]:
    """Episode drafts, prepared and with the ids they would get. A head is prepared in place: the plan owns the
    heads it is given (a copy of each was ~2 KB an episode, 40 MB at 20,000 sources), and `prepare` is
    idempotent, so completing the whole draft later gives the same values."""
    out = []
    for item in found:
        episodes = [d for d in sources[item.source].drafts if d.kind == "episode"] or [item.draft]
        forced = item.options.override.id if item.options else None
        if forced and len(episodes) > 1:
            if item.source not in result.failed:
                result.errors.append(
                    SourceError("`override.id` given for a source with several episodes", item.draft.path)
                )
                result.failed.add(item.source)
            continue
        draft = item.draft
        prepare(draft, item.options, sources[item.source].option_index, result.shows[item.show.id].timezone)
        shared = sum(1 for d in episodes if d.key == draft.key) > 1  # an archive's posts share its file name
        episode_id = forced or derive_id(item.show.id, draft, shared)
        out.append(_Draft(draft, item.show, item.source, item.index, item.options, item.handle, episode_id))
    return out


class _Index:
    """Episodes by id and by show, season and episode (the first of each wins, as the first owner of an id does)."""

    def __init__(self, episodes: list[_Draft]) -> None:
        self.by_id: dict[str, _Draft] = {}
        self.by_number: dict[tuple[str, int | None, int], _Draft] = {}
        for item in episodes:
            self.by_id.setdefault(item.episode_id, item)
            if item.draft.episode is not None:
                self.by_number.setdefault((item.show.id, item.draft.season, item.draft.episode), item)

    def find(self, sidecar: _Draft) -> _Draft | None:
        """The episode a chapters or transcript file completes: the one its `target` names, else the one with its
        show, season and episode."""
        if sidecar.target:
            return self.by_id.get(sidecar.target)
        draft = sidecar.draft
        if draft.episode is None:
            return None
        return self.by_number.get((sidecar.show.id, draft.season, draft.episode))


def _merge(merges: dict[int, _Merge], target: _Draft, sidecar: _Draft, kind: str) -> None:
    merge = merges.setdefault(id(target.draft), _Merge())
    if getattr(merge, kind) is not None:
        sidecar.draft.warn(f"episode {target.episode_id!r} already has a {kind} file; this one replaces it")
    if kind == "chapters":
        merge.chapters = list(sidecar.draft.chapters)
    else:  # a transcript's or an audio file's whole draft is loaded by whoever makes the episode
        setattr(merge, kind, Reference(sidecar.handle, sidecar.index))
    merge.merged.append(sidecar.draft.provenance())


def _assign(episodes: list[_Draft], merges: dict[int, _Merge], result: Plan) -> None:
    """Each episode's assignment; an id that two sources claim fails the second, naming the first."""
    owners: dict[str, str] = {}
    for item in episodes:
        draft, episode_id = item.draft, item.episode_id
        if owners.get(episode_id, draft.path) != draft.path:
            message = f"episode id {episode_id!r} is also produced by {owners[episode_id]}"
            result.errors.append(SourceError(message, draft.path, draft.line))
            result.failed.add(item.source)
            continue
        owners[episode_id] = draft.path
        merge = merges.get(id(draft), _Merge())
        timezone = result.shows[item.show.id].timezone
        assignment = Assignment(
            item.index,
            episode_id,
            item.show,
            merge.chapters,
            merge.transcript,
            merge.merged,
            merge.enrich,
            timezone,
            merge.audio,
        )
        result.assignments[item.source].append(assignment)


def _unmatched(sidecar: _Draft, kind: str) -> str:
    what = {"chapters": "chapter list", "audio": "audio file"}.get(kind, "transcript")
    draft = sidecar.draft
    if sidecar.target:
        return f"{what} names episode {sidecar.target!r} in etl.yaml, which no source gives"
    if draft.episode is None:
        return f"{what} names no episode: name the file sNNeMM-... or set `target` in etl.yaml"
    wanted = f"s{draft.season:02d}e{draft.episode:02d}" if draft.season is not None else f"e{draft.episode:02d}"
    return f"{what} matches no episode ({sidecar.show.id} {wanted}); set `target` in etl.yaml"
