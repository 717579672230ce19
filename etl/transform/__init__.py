"""The transform: reader drafts in, validated episodes out. The only place that merges, normalises and validates.

- `plan`: decisions that need every source at once, over drafts' heads (ids, which file completes which
  episode, duplicate ids); `heads` is what the plan keeps of a draft;
- `complete`: one draft and what the plan decided for it, to one validated `Episode`;
- `people` (and `roles`, the Podcasting 2.0 taxonomy): who is credited and who speaks;
- `enrich`: a feed's items filling what other sources' episodes lack (moving in);
- `paragraphs`: a transcript file's timed cues grouped into paragraphs once the chapters are known.
"""
