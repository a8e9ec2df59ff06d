// The dashboard refreshes its figures every few seconds by fetching the server-rendered
// fragment (escaped by the server's templates), and applies the "hide names" switch at once.
// A refresh keeps what the reader is doing (the table's sideways scroll, the focus), and the
// page says so when the figures stop updating (a new admin token, the server gone).
// No inline script: the Content-Security-Policy allows only files from this server.
"use strict";
(function () {
  const live = document.getElementById("live");
  const announce = document.getElementById("announce");
  const stale = document.getElementById("connection");
  const hide = document.getElementById("hide-names");
  const apply = document.getElementById("names-apply");
  if (!live || !hide) return;
  if (apply) apply.hidden = true;
  const seconds = Math.max(1, Number(live.dataset.refresh) || 3);
  // A failed refresh or two is a blip (a restart, the Wi-Fi); more and the page says so.
  const FAILURES_SAID = 2;
  let lastCount = null;
  let lastHtml = null;
  let failures = 0;

  function countIn(container) {
    const marker = container.querySelector("[data-count]");
    return marker ? marker.dataset.count : null;
  }

  // The words come from the server, in the room's language: this file holds none.
  function announcementIn(container) {
    const marker = container.querySelector("[data-announce]");
    return marker ? marker.dataset.announce : "";
  }

  function say(words) {
    if (!stale) return;
    stale.querySelector("p").textContent = words || "";
    stale.hidden = !words;
  }

  function failed() {
    failures += 1;
    if (failures >= FAILURES_SAID && stale) say(stale.dataset.lost);
  }

  // Put the new figures in place, keeping each table's sideways scroll and the focus.
  function show(html) {
    const scrolled = Array.from(live.querySelectorAll(".table-scroll"), (box) => box.scrollLeft);
    const active = document.activeElement;
    const focused = active && live.contains(active) ? active.id : "";
    const next = document.createElement("div");
    next.innerHTML = html;
    live.replaceChildren(...next.childNodes);
    live.querySelectorAll(".table-scroll").forEach((box, index) => {
      if (index < scrolled.length) box.scrollLeft = scrolled[index];
    });
    const again = focused ? document.getElementById(focused) : null;
    if (again) again.focus({ preventScroll: true });
  }

  async function refresh() {
    const names = hide.checked ? "hidden" : "shown";
    let html;
    try {
      const response = await fetch("/dashboard/live?names=" + names, {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.status === 401) {
        if (stale) say(stale.dataset.denied); // only the printed address lets them back in
        return;
      }
      if (!response.ok) {
        failed();
        return;
      }
      html = await response.text();
    } catch (error) {
      failed(); // the server is restarting or the network dropped: try again at the next tick
      return;
    }
    failures = 0;
    say("");
    if (html === lastHtml) return; // nothing new: leave the page as the reader has it
    lastHtml = html;
    show(html);
    const count = countIn(live);
    if (lastCount !== null && count !== lastCount && announce) {
      announce.textContent = announcementIn(live);
    }
    lastCount = count;
  }

  hide.addEventListener("change", function () {
    const url = new URL(window.location.href);
    if (hide.checked) url.searchParams.set("names", "hidden");
    else url.searchParams.delete("names");
    window.history.replaceState(null, "", url);
    refresh();
  });
  lastCount = countIn(live);
  window.setInterval(refresh, seconds * 1000);
})();
