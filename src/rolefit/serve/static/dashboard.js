// The dashboard refreshes its figures every few seconds by fetching the server-rendered
// fragment (escaped by the server's templates), and applies the "hide names" switch at once.
// No inline script: the Content-Security-Policy allows only files from this server.
"use strict";
(function () {
  const live = document.getElementById("live");
  const announce = document.getElementById("announce");
  const hide = document.getElementById("hide-names");
  const apply = document.getElementById("names-apply");
  if (!live || !hide) return;
  if (apply) apply.hidden = true;
  const seconds = Math.max(1, Number(live.dataset.refresh) || 3);
  let lastCount = null;

  function countIn(container) {
    const marker = container.querySelector("[data-count]");
    return marker ? marker.dataset.count : null;
  }

  // The words come from the server, in the room's language: this file holds none.
  function announcementIn(container) {
    const marker = container.querySelector("[data-announce]");
    return marker ? marker.dataset.announce : "";
  }

  async function refresh() {
    const names = hide.checked ? "hidden" : "shown";
    try {
      const response = await fetch("/dashboard/live?names=" + names, {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) return;
      const html = await response.text();
      const next = document.createElement("div");
      next.innerHTML = html;
      live.replaceChildren(...next.childNodes);
      const count = countIn(live);
      if (lastCount !== null && count !== lastCount && announce) {
        announce.textContent = announcementIn(live);
      }
      lastCount = count;
    } catch (error) {
      // The server is restarting or the network dropped: try again at the next tick.
    }
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
