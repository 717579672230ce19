"""Apple Podcasts' categories and their subcategories, as Apple lists them for `itunes:category` (the 2019
list, which Spotify and most directories follow): https://podcasters.apple.com/support/1691-apple-podcasts-categories
"""

from __future__ import annotations

import difflib

APPLE: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature",
        "Physics", "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running",
        "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip


def unknown(main: str, sub: str | None) -> str | None:
    """What is wrong with `main` (and `sub`) as an Apple category, with the nearest name Apple lists; None when
    Apple lists it. Apple's names are compared exactly: `technology` is not `Technology` to it."""
    if main not in APPLE:
        return f"category {main!r} is not one Apple lists{_nearest(main, list(APPLE))}"
    if sub is not None and sub not in APPLE[main]:
        subs = APPLE[main]
        listed = f"{_nearest(sub, list(subs))}" if subs else f"; {main!r} has no subcategories"
        return f"{main!r} has no subcategory {sub!r}{listed}"
    return None


def _nearest(name: str, names: list[str]) -> str:
    folded = {n.lower(): n for n in names}
    found = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.6)
    return f": did you mean {folded[found[0]]!r}?" if found else ""
