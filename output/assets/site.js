// etl's episode page: `#t=SECONDS` links seek the player, the current turn and chapter follow playback.
// Everything here is an improvement on plain links; without it the page reads in full.
(() => {
  "use strict";
  const audio = document.querySelector("audio[data-player]");
  if (!audio) return;
  const turns = Array.from(document.querySelectorAll(".turn[data-start]"));
  const chapters = Array.from(document.querySelectorAll(".chapters li[data-start]"));
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const startOf = (element) => Number(element.dataset.start);

  const timeIn = (hash) => {
    const found = /^#t=(\d+(?:\.\d+)?)$/.exec(hash);
    return found ? Number(found[1]) : null;
  };

  const seek = (seconds, play) => {
    audio.currentTime = seconds;
    if (play) audio.play().catch(() => {}); // a refused autoplay leaves the player where the reader put it
  };

  // The last element whose start is at or before `seconds` (both lists are in time order).
  const at = (list, seconds) => {
    let low = 0;
    let high = list.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (startOf(list[middle]) <= seconds) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  };

  const inView = (element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  };

  let currentTurn = -1;
  let currentChapter = -1;
  let following = true; // the reader keeps the current turn in view until they scroll elsewhere

  // Before the audio has loaded (preload="none"), currentTime may still read 0 after a seek: callers that
  // know the time pass it.
  const follow = (seconds = audio.currentTime) => {
    const chapter = at(chapters, seconds);
    if (chapter !== currentChapter) {
      if (currentChapter >= 0) chapters[currentChapter].removeAttribute("aria-current");
      if (chapter >= 0) chapters[chapter].setAttribute("aria-current", "true");
      currentChapter = chapter;
    }
    const turn = at(turns, seconds);
    if (turn === currentTurn) return;
    const before = currentTurn >= 0 ? turns[currentTurn] : null;
    if (before) {
      following = inView(before);
      before.classList.remove("current");
    }
    currentTurn = turn;
    if (turn < 0) return;
    turns[turn].classList.add("current");
    if (following && !audio.paused) {
      turns[turn].scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
    }
  };

  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#t="]');
    const seconds = link && timeIn(link.getAttribute("href"));
    if (seconds === null || seconds === undefined) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    following = true;
    seek(seconds, true);
  });

  window.addEventListener("hashchange", () => {
    const seconds = timeIn(location.hash);
    if (seconds === null) return;
    seek(seconds, false);
    follow(seconds); // before the audio loads, no `seeked` event comes to mark the chapter
  });

  audio.addEventListener("timeupdate", () => follow());
  audio.addEventListener("seeked", () => follow());

  // Opened at a moment (a shared link, a search result): the player is ready there and the turn said then
  // is in view, as an anchor would put it.
  const opened = timeIn(location.hash);
  if (opened !== null) {
    seek(opened, false);
    follow(opened);
    if (currentTurn >= 0) turns[currentTurn].scrollIntoView({ block: "start", behavior: "instant" });
  }
})();
